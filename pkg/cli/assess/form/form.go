// Package form reads an entry as a practitioner writes it, in a --from file or in the editor:
// the entry's own YAML shape without schema_version and recorded_*, which casework fills in.
// Every problem names the line and column of what the practitioner wrote. It serves assess and
// safety-plan.
package form

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"go.yaml.in/yaml/v3"
)

// Fill is a field casework supplies when the document leaves it out.
type Fill struct {
	Key   string
	Value any
}

// Decode checks data, a document in the shape of kind's entries, exactly as a later read of the
// entry would, and decodes it into target (a pointer to the entry type). Fields of fill that the
// document lacks are added after its last line, so line numbers stay the document's own;
// problems caused by the added lines are dropped, since what they stand for is checked where it
// comes from (a flag, a default). skip drops further problems the caller checks itself (nil
// keeps all). The document tree is returned for positions.
func Decode(path string, kind casefile.Kind, data []byte, rules casefile.Rules, fill []Fill,
	target any, skip func(casefile.Problem) bool) (*yaml.Node, []casefile.Problem) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		// Let the entry reader word the syntax error with its position.
		_, _, ps := casefile.Decode(path, kind, data, rules)
		if len(ps) == 0 {
			ps = []casefile.Problem{{Path: path, Line: 1, Col: 1, Msg: "not valid YAML"}}
		}
		return nil, ps
	}
	if n.Kind == 0 || len(n.Content) == 0 || n.Content[0].Tag == "!!null" {
		return nil, []casefile.Problem{{Path: path, Line: 1, Col: 1, Msg: "the file is empty"}}
	}
	root := n.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []casefile.Problem{{Path: path, Line: root.Line, Col: root.Column,
			Msg: "write the entry as key: value lines (a mapping), not a list or a single value"}}
	}
	if root.Style&yaml.FlowStyle != 0 {
		return nil, []casefile.Problem{{Path: path, Line: root.Line, Col: root.Column,
			Msg: "write the entry's fields one per line (key: value), not inside { }"}}
	}
	have := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		have[root.Content[i].Value] = true
	}
	lines := bytes.Count(data, []byte("\n"))
	full := append([]byte(nil), data...)
	if len(full) > 0 && full[len(full)-1] != '\n' {
		full = append(full, '\n')
		lines++
	}
	for _, f := range fill {
		if have[f.Key] {
			continue
		}
		b, err := casefile.Marshal(map[string]any{f.Key: f.Value})
		if err != nil {
			return nil, []casefile.Problem{{Path: path, Msg: err.Error()}}
		}
		full = append(full, b...)
	}
	v, doc, ps := casefile.Decode(path, kind, full, rules)
	kept := ps[:0:0]
	for _, p := range ps {
		if p.Line > lines || (skip != nil && skip(p)) {
			continue
		}
		kept = append(kept, p)
	}
	if hasErrors(kept) {
		return doc, kept
	}
	if v != nil {
		reflect.ValueOf(target).Elem().Set(reflect.ValueOf(v).Elem())
		return doc, kept
	}
	if doc == nil {
		return nil, append(kept, casefile.Problem{Path: path, Line: 1, Col: 1, Msg: "the document cannot be read"})
	}
	if err := doc.Decode(target); err != nil {
		return doc, append(kept, casefile.Problem{Path: path, Line: 1, Col: 1, Msg: strings.TrimPrefix(err.Error(), "yaml: ")})
	}
	return doc, kept
}

func hasErrors(ps []casefile.Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// Skeleton renders an entry as the document a practitioner edits: its YAML without
// schema_version, recorded_at and recorded_by.
func Skeleton(v any) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	if n.Kind == yaml.MappingNode {
		var kept []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch n.Content[i].Value {
			case "schema_version", "recorded_at", "recorded_by":
				continue
			}
			kept = append(kept, n.Content[i], n.Content[i+1])
		}
		n.Content = kept
	}
	return casefile.Marshal(&n)
}

// Header turns lines of instructions into the "# casework:" comment block the editor shows
// above the document and strips before reading it.
func Header(lines ...string) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		fmt.Fprintf(&b, "# casework: %s\n", l)
	}
	return b.Bytes()
}

// Keys lists the top-level keys a document gives (none when it cannot be read).
func Keys(data []byte) map[string]bool {
	var n yaml.Node
	out := map[string]bool{}
	if yaml.Unmarshal(data, &n) != nil || len(n.Content) == 0 {
		return out
	}
	root := n.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		out[root.Content[i].Value] = true
	}
	return out
}

// Has reports whether the document's top-level mapping has key.
func Has(doc *yaml.Node, key string) bool {
	if doc == nil {
		return false
	}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return true
		}
	}
	return false
}
