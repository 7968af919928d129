// Package schema checks a YAML document against a Go struct type before it is decoded, so that
// every problem (unknown field, wrong type, bad code, impossible date, missing field) is reported
// with its line and column, all of them in one pass.
//
// The struct type is the schema: `yaml` tags name the fields and a `cw` tag adds rules:
//
//	Priority string `yaml:"priority" cw:"required,enum=priority"`
//
// Enumerations and custom scalar types (dates, timestamps) are supplied by the caller, which keeps
// this package free of any domain knowledge.
package schema

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Problem is one finding in a document.
type Problem struct {
	Line, Col int
	Msg       string
	Warning   bool
}

func (p Problem) String() string { return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg) }

// Validator holds what the struct tags refer to.
type Validator struct {
	// Enums maps an enumeration name (the `enum=` of a tag) to its allowed codes.
	Enums map[string][]string
	// Scalars checks the text of scalar types that are not plain Go kinds (dates, times).
	Scalars map[reflect.Type]func(string) error
}

// Check walks n (a document or any node) against t and returns every problem found.
func (v *Validator) Check(n *yaml.Node, t reflect.Type) []Problem {
	var ps []Problem
	// yaml.Unmarshal leaves a zero node for an empty or comment-only file, and a document holding
	// only "---", "~" or "null" has a null root: both would otherwise pass as an empty struct.
	if n.Kind == 0 || n.Kind == yaml.DocumentNode {
		if n.Kind == 0 || len(n.Content) == 0 || isNull(n.Content[0]) {
			return []Problem{{Line: 1, Col: 1, Msg: "the file is empty"}}
		}
		n = n.Content[0]
	}
	v.check(n, t, "", fieldRule{}, &ps)
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
	return ps
}

type fieldRule struct {
	required bool
	enum     string
}

func parseRule(tag string) fieldRule {
	var r fieldRule
	for _, part := range strings.Split(tag, ",") {
		switch {
		case part == "required":
			r.required = true
		case strings.HasPrefix(part, "enum="):
			r.enum = strings.TrimPrefix(part, "enum=")
		}
	}
	return r
}

// Field describes one struct field as the YAML sees it.
type Field struct {
	Name  string
	Index []int
	Type  reflect.Type
	rule  fieldRule
}

// fieldsOf remembers Fields by type: a type's fields never change, and validating a file
// looks them up for every mapping in it.
var fieldsOf sync.Map // reflect.Type → []Field

// Fields lists the YAML fields of a struct type in declaration order, following inline embeds.
// The slice is shared: callers must not change it.
func Fields(t reflect.Type) []Field {
	if v, ok := fieldsOf.Load(t); ok {
		return v.([]Field)
	}
	out := fields(t)
	fieldsOf.Store(t, out)
	return out
}

func fields(t reflect.Type) []Field {
	var out []Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(opts, "inline") {
			for _, f := range Fields(sf.Type) {
				f.Index = append([]int{i}, f.Index...)
				out = append(out, f)
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		out = append(out, Field{Name: name, Index: []int{i}, Type: sf.Type, rule: parseRule(sf.Tag.Get("cw"))})
	}
	return out
}

var nodeType = reflect.TypeOf(yaml.Node{})

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value lines)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func (v *Validator) check(n *yaml.Node, t reflect.Type, name string, rule fieldRule, ps *[]Problem) {
	add := func(format string, args ...any) {
		*ps = append(*ps, Problem{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
	}
	label := name
	if label == "" {
		label = "the document"
	}
	if n.Kind == yaml.AliasNode {
		add("%s: aliases (*name) are not allowed in case files; write the value out", label)
		return
	}
	if t == nodeType {
		return
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if check, ok := v.Scalars[t]; ok {
		if n.Kind != yaml.ScalarNode {
			add("%s: expected a value, found %s", label, kindName(n))
			return
		}
		if isNull(n) {
			return
		}
		if err := check(n.Value); err != nil {
			add("%s: %v", label, err)
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			if isNull(n) {
				return
			}
			add("%s: expected a mapping (key: value lines), found %s", label, kindName(n))
			return
		}
		v.checkStruct(n, t, name, ps)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if isNull(n) {
				return
			}
			add("%s: expected a list, found %s", label, kindName(n))
			return
		}
		for i, item := range n.Content {
			v.check(item, t.Elem(), fmt.Sprintf("%s[%d]", name, i), fieldRule{enum: rule.enum}, ps)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			if isNull(n) {
				return
			}
			add("%s: expected a mapping (key: value lines), found %s", label, kindName(n))
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if seen[k.Value] {
				*ps = append(*ps, Problem{Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("%s: %q is given twice", label, k.Value)})
			}
			seen[k.Value] = true
			if rule.enum != "" {
				v.checkEnum(k, rule.enum, name+" key", ps)
			}
			v.check(val, t.Elem(), name+"."+k.Value, fieldRule{}, ps)
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			add("%s: expected text, found %s", label, kindName(n))
			return
		}
		if rule.enum != "" && !isNull(n) {
			v.checkEnum(n, rule.enum, name, ps)
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || (n.Value != "true" && n.Value != "false" && !isNull(n)) {
			add("%s: expected true or false, found %s", label, kindName(n))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			add("%s: expected a whole number, found %s", label, kindName(n))
			return
		}
		if _, err := strconv.ParseInt(n.Value, 10, 64); err != nil {
			add("%s: expected a whole number, found %q", label, n.Value)
		}
	case reflect.Float32, reflect.Float64:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			add("%s: expected a number, found %s", label, kindName(n))
			return
		}
		if _, err := strconv.ParseFloat(n.Value, 64); err != nil {
			add("%s: expected a number, found %q", label, n.Value)
		}
	case reflect.Interface:
		// anything goes
	default:
		add("%s: cannot check values of Go type %s", label, t)
	}
}

func (v *Validator) checkStruct(n *yaml.Node, t reflect.Type, name string, ps *[]Problem) {
	fields := Fields(t)
	// A struct has a few dozen fields at most: a look along them costs less than building maps
	// for every mapping of every file.
	var seenBuf [64]bool
	seen := seenBuf[:0]
	if len(fields) <= len(seenBuf) {
		seen = seenBuf[:len(fields)]
	} else {
		seen = make([]bool, len(fields))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		path := k.Value
		if name != "" {
			path = name + "." + k.Value
		}
		fi := -1
		for j := len(fields) - 1; j >= 0; j-- { // the last of a name wins, as it did in a map
			if fields[j].Name == k.Value {
				fi = j
				break
			}
		}
		if fi < 0 {
			names := make([]string, 0, len(fields))
			for _, f := range fields {
				names = append(names, f.Name)
			}
			msg := fmt.Sprintf("unknown field %q", path)
			if s := Suggest(k.Value, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			*ps = append(*ps, Problem{Line: k.Line, Col: k.Column, Msg: msg})
			continue
		}
		f := fields[fi]
		if seen[fi] {
			*ps = append(*ps, Problem{Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("field %q is given twice", path)})
			continue
		}
		seen[fi] = true
		if f.rule.required && (isNull(val) || (val.Kind == yaml.ScalarNode && strings.TrimSpace(val.Value) == "")) {
			*ps = append(*ps, Problem{Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("field %q needs a value", path)})
			continue
		}
		v.check(val, f.Type, path, f.rule, ps)
	}
	var missing []string
	for j, f := range fields {
		if f.rule.required && !seen[j] {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		where := "missing required field"
		if len(missing) > 1 {
			where += "s"
		}
		quoted := make([]string, len(missing))
		for i, m := range missing {
			quoted[i] = strconv.Quote(m)
		}
		msg := where + " " + strings.Join(quoted, ", ")
		if name != "" {
			msg += " in " + name
		}
		*ps = append(*ps, Problem{Line: n.Line, Col: n.Column, Msg: msg})
	}
}

func (v *Validator) checkEnum(n *yaml.Node, enum, name string, ps *[]Problem) {
	allowed, ok := v.Enums[enum]
	if !ok {
		*ps = append(*ps, Problem{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("%s: no list of codes named %q", name, enum)})
		return
	}
	for _, a := range allowed {
		if n.Value == a {
			return
		}
	}
	msg := fmt.Sprintf("%s: %q is not a known code; use %s", name, n.Value, OneOf(allowed))
	if s := Suggest(n.Value, allowed); s != "" {
		msg = fmt.Sprintf("%s: %q is not a known code (did you mean %q?); use %s", name, n.Value, s, OneOf(allowed))
	}
	*ps = append(*ps, Problem{Line: n.Line, Col: n.Column, Msg: msg})
}

// OneOf renders codes as "a, b or c".
func OneOf(codes []string) string {
	switch len(codes) {
	case 0:
		return ""
	case 1:
		return codes[0]
	}
	return strings.Join(codes[:len(codes)-1], ", ") + " or " + codes[len(codes)-1]
}

// Suggest returns the candidate closest to s when it is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := levenshtein(strings.ToLower(s), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := len(s) / 3
	if limit < 1 {
		limit = 1
	}
	if bestD <= limit || (best != "" && strings.HasPrefix(best, s) && len(s) >= 3) {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1) // two letters swapped: one slip, not two
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Lookup returns the value node at a dotted path of mapping keys (a document node is entered
// first), or nil. It lets later semantic checks point at the right line.
func Lookup(n *yaml.Node, path ...string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, key := range path {
		if n.Kind == yaml.SequenceNode {
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
			continue
		}
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}
