package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/safeio"
)

// DisclosuresDir holds the disclosure log of exports that cover the caseload (the weekly review
// under a profile); a case's own exports are logged in its folder (cases/ID/disclosures/).
const DisclosuresDir = "disclosures"

// AddDisclosure writes one new entry of the repository-level disclosure log, refusing to
// replace one. It returns the entry's path from the root.
func (r *Repo) AddDisclosure(entryID string, data []byte) (string, error) {
	if !IsID(entryID) {
		return "", fmt.Errorf("invalid entry id %q", entryID)
	}
	rel := DisclosuresDir + "/" + entryID + ".yaml"
	if err := r.NoLinks(rel); err != nil {
		return "", fmt.Errorf("nothing was written: %w", err)
	}
	if err := safeio.MkdirAll(filepath.Dir(r.Abs(rel))); err != nil {
		return "", err
	}
	if err := safeio.WriteNew(r.Abs(rel), data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("entry %s already exists; nothing was written: %w", rel, err)
		}
		return "", err
	}
	return rel, nil
}

// Disclosures reads the repository-level disclosure log. A broken file is reported as a
// problem and left out.
func (r *Repo) Disclosures(rules casefile.Rules) ([]casefile.Item[casefile.Disclosure], []casefile.Problem, error) {
	if err := r.NoLinks(DisclosuresDir); err != nil {
		return nil, []casefile.Problem{{Path: DisclosuresDir, Msg: err.Error()}}, nil
	}
	ents, err := os.ReadDir(r.Abs(DisclosuresDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var out []casefile.Item[casefile.Disclosure]
	var ps []casefile.Problem
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		rel := DisclosuresDir + "/" + name
		id := strings.TrimSuffix(name, ".yaml")
		if e.IsDir() || path.Ext(name) != ".yaml" || !IsID(id) {
			ps = append(ps, casefile.Problem{Path: rel, Msg: "unexpected file name: entries are named like 2026-11-22-k7f3m.yaml", Warning: true})
			continue
		}
		data, err := r.readPlain(rel)
		if err != nil {
			ps = append(ps, casefile.Problem{Path: rel, Msg: err.Error()})
			continue
		}
		v, _, fps := casefile.Decode(rel, casefile.KindDisclosure, data, rules)
		ps = append(ps, fps...)
		if d, ok := v.(*casefile.Disclosure); ok {
			out = append(out, casefile.Item[casefile.Disclosure]{ID: id, Path: rel, V: d})
		}
	}
	return out, ps, nil
}
