package repo

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
)

// PartnersDir holds the partner directory: one file per agency, so two practitioners adding
// partners never conflict.
const PartnersDir = "agencies"

// Partners reads the partner directory, returning the agencies by id and the problems of any
// file that could not be read whole. A file's id must be its name.
func (r *Repo) Partners(rules casefile.Rules) (map[string]*casefile.Partner, []casefile.Problem, error) {
	out := map[string]*casefile.Partner{}
	ents, err := os.ReadDir(r.Abs(PartnersDir))
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var ps []casefile.Problem
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		rel := PartnersDir + "/" + name
		if path.Ext(name) != ".yaml" {
			ps = append(ps, casefile.Problem{Path: rel, Msg: "the partner directory holds only ID.yaml files", Warning: true})
			continue
		}
		data, err := r.ReadFile(rel)
		if err != nil {
			ps = append(ps, casefile.Problem{Path: rel, Msg: err.Error()})
			continue
		}
		v, node, fps := casefile.Decode(rel, casefile.KindPartner, data, rules)
		ps = append(ps, fps...)
		if v == nil {
			continue
		}
		p := v.(*casefile.Partner)
		if want := strings.TrimSuffix(name, ".yaml"); p.ID != want {
			n := node.Content[0]
			ps = append(ps, casefile.Problem{Path: rel, Line: n.Line, Col: n.Column, Msg: "id " + p.ID + " differs from the file name; name the file " + p.ID + ".yaml"})
			continue
		}
		out[p.ID] = p
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Path < ps[j].Path })
	return out, ps, nil
}
