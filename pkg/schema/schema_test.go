package schema

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// stamp is a custom scalar: a struct in Go, a single value in YAML. Without its entry in
// Validator.Scalars it would be checked as a mapping.
type stamp struct{ s string }

func (s *stamp) UnmarshalText(b []byte) error { s.s = string(b); return nil }

var errStamp = errors.New(`invalid stamp: use S- and digits`)

func checkStamp(s string) error {
	if !strings.HasPrefix(s, "S-") || len(s) < 3 || strings.Trim(s[2:], "0123456789") != "" {
		return errStamp
	}
	return nil
}

type Base struct {
	Version int `yaml:"version" cw:"required"`
}

type inner struct {
	Color string `yaml:"color" cw:"required,enum=color"`
	Note  string `yaml:"note"`
}

type item struct {
	Name  string `yaml:"name" cw:"required"`
	Count int    `yaml:"count"`
}

type doc struct {
	Base    `yaml:",inline"`
	Title   string         `yaml:"title" cw:"required"`
	Owner   string         `yaml:"owner" cw:"required"`
	Size    string         `yaml:"size" cw:"required,enum=size"`
	Inner   inner          `yaml:"inner"`
	Opt     *inner         `yaml:"opt,omitempty"`
	Items   []item         `yaml:"items"`
	Limits  map[string]int `yaml:"limits" cw:"enum=size"`
	Tags    []string       `yaml:"tags" cw:"enum=color"`
	Stamp   stamp          `yaml:"stamp"`
	Active  bool           `yaml:"active"`
	Ratio   float64        `yaml:"ratio"`
	Skipped string         `yaml:"-"`
	Lower   string
	hidden  string // unexported fields are not part of the schema
}

var v = &Validator{
	Enums: map[string][]string{
		"size":  {"small", "medium", "large"},
		"color": {"red", "green", "blue"},
	},
	Scalars: map[reflect.Type]func(string) error{
		reflect.TypeOf(stamp{}): checkStamp,
	},
}

func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("test document is not YAML: %v\n%s", err, src)
	}
	return &n
}

func render(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}

const validDoc = `version: 1
title: Report
owner: ana
size: large
inner:
  color: red
  note: fine
opt:
  color: blue
items:
  - name: a
    count: 3
  - name: b
limits:
  small: 1
  large: 10
tags: [red, blue]
stamp: S-42
active: true
ratio: 0.5
lower: x
`

func TestCheckValid(t *testing.T) {
	ps := v.Check(parse(t, validDoc), reflect.TypeOf(doc{}))
	if len(ps) != 0 {
		t.Fatalf("valid document has problems:\n%s", render(ps))
	}
	// The decoded value is what the schema describes, so the schema and the decoder agree.
	var d doc
	if err := parse(t, validDoc).Decode(&d); err != nil {
		t.Fatal(err)
	}
	if d.Version != 1 || d.Inner.Color != "red" || len(d.Items) != 2 || d.Limits["large"] != 10 || d.Lower != "x" || d.Stamp.s != "S-42" {
		t.Errorf("decoded %+v", d)
	}
}

func TestCheckProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Problem
	}{
		{
			name: "unknown field with suggestion",
			src:  "version: 1\ntitle: T\nownr: ana\nsize: small\n",
			want: []Problem{
				{Line: 1, Col: 1, Msg: `missing required field "owner"`},
				{Line: 3, Col: 1, Msg: `unknown field "ownr" (did you mean "owner"?)`},
			},
		},
		{
			name: "unknown field without a close name",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nzzzzzzzz: 1\n",
			want: []Problem{{Line: 5, Col: 1, Msg: `unknown field "zzzzzzzz"`}},
		},
		{
			name: "unknown nested field names its path",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\ninner:\n  color: red\n  nots: x\n",
			want: []Problem{{Line: 7, Col: 3, Msg: `unknown field "inner.nots" (did you mean "note"?)`}},
		},
		{
			name: "a list where text is expected",
			src:  "version: 1\ntitle: [a, b]\nowner: ana\nsize: small\n",
			want: []Problem{{Line: 2, Col: 8, Msg: `title: expected text, found a list`}},
		},
		{
			name: "a mapping where text is expected in a nested struct",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\ninner:\n  color:\n    x: 1\n",
			want: []Problem{{Line: 7, Col: 5, Msg: `inner.color: expected text, found a mapping (key: value lines)`}},
		},
		{
			name: "text where a mapping is expected",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\ninner: red\n",
			want: []Problem{{Line: 5, Col: 8, Msg: `inner: expected a mapping (key: value lines), found "red"`}},
		},
		{
			name: "text where a list is expected",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nitems: a\n",
			want: []Problem{{Line: 5, Col: 8, Msg: `items: expected a list, found "a"`}},
		},
		{
			name: "bad enum code with suggestion",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: larg\n",
			want: []Problem{{Line: 4, Col: 7, Msg: `size: "larg" is not a known code (did you mean "large"?); use small, medium or large`}},
		},
		{
			name: "bad enum code without suggestion",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: enormous\n",
			want: []Problem{{Line: 4, Col: 7, Msg: `size: "enormous" is not a known code; use small, medium or large`}},
		},
		{
			name: "enum in a nested struct and in a list",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\ninner:\n  color: gren\ntags:\n  - red\n  - blu\n",
			want: []Problem{
				{Line: 6, Col: 10, Msg: `inner.color: "gren" is not a known code (did you mean "green"?); use red, green or blue`},
				{Line: 9, Col: 5, Msg: `tags[1]: "blu" is not a known code (did you mean "blue"?); use red, green or blue`},
			},
		},
		{
			name: "several missing required fields in one problem",
			src:  "version: 1\nactive: true\n",
			want: []Problem{{Line: 1, Col: 1, Msg: `missing required fields "title", "owner", "size"`}},
		},
		{
			name: "required field of an inline embed",
			src:  "title: T\nowner: ana\nsize: small\n",
			want: []Problem{{Line: 1, Col: 1, Msg: `missing required field "version"`}},
		},
		{
			name: "missing required field in a nested struct points at the mapping",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\ninner:\n  note: x\n",
			want: []Problem{{Line: 6, Col: 3, Msg: `missing required field "color" in inner`}},
		},
		{
			name: "missing required field in a list of structs",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nitems:\n  - name: a\n  - count: x\n",
			want: []Problem{
				{Line: 7, Col: 5, Msg: `missing required field "name" in items[1]`},
				{Line: 7, Col: 12, Msg: `items[1].count: expected a whole number, found "x"`},
			},
		},
		{
			name: "required field given as empty string",
			src:  "version: 1\ntitle: \"\"\nowner: ana\nsize: small\n",
			want: []Problem{{Line: 2, Col: 1, Msg: `field "title" needs a value`}},
		},
		{
			name: "required field given as blanks",
			src:  "version: 1\ntitle: '   '\nowner: ana\nsize: small\n",
			want: []Problem{{Line: 2, Col: 1, Msg: `field "title" needs a value`}},
		},
		{
			name: "required field given as nothing",
			src:  "version: 1\ntitle:\nowner: ~\nsize: small\n",
			want: []Problem{
				{Line: 2, Col: 1, Msg: `field "title" needs a value`},
				{Line: 3, Col: 1, Msg: `field "owner" needs a value`},
			},
		},
		{
			name: "same key twice",
			src:  "version: 1\ntitle: T\nowner: ana\ntitle: U\nsize: small\n",
			want: []Problem{{Line: 4, Col: 1, Msg: `field "title" is given twice`}},
		},
		{
			name: "same map key twice",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nlimits:\n  small: 1\n  small: 2\n",
			want: []Problem{{Line: 7, Col: 3, Msg: `limits: "small" is given twice`}},
		},
		{
			name: "map with a bad enum key",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nlimits:\n  smal: 1\n  huge: 2\n  large: many\n",
			want: []Problem{
				{Line: 6, Col: 3, Msg: `limits key: "smal" is not a known code (did you mean "small"?); use small, medium or large`},
				{Line: 7, Col: 3, Msg: `limits key: "huge" is not a known code; use small, medium or large`},
				{Line: 8, Col: 10, Msg: `limits.large: expected a whole number, found "many"`},
			},
		},
		{
			name: "alias",
			src:  "version: 1\ntitle: &t T\nowner: *t\nsize: small\n",
			want: []Problem{{Line: 3, Col: 8, Msg: `owner: aliases (*name) are not allowed in case files; write the value out`}},
		},
		{
			name: "custom scalar",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nstamp: X-1\n",
			want: []Problem{{Line: 5, Col: 8, Msg: `stamp: invalid stamp: use S- and digits`}},
		},
		{
			name: "custom scalar given a mapping",
			src:  "version: 1\ntitle: T\nowner: ana\nsize: small\nstamp:\n  s: S-1\n",
			want: []Problem{{Line: 6, Col: 3, Msg: `stamp: expected a value, found a mapping (key: value lines)`}},
		},
		{
			name: "bool, number and float",
			src:  "version: one\ntitle: T\nowner: ana\nsize: small\nactive: yes\nratio: half\n",
			want: []Problem{
				{Line: 1, Col: 10, Msg: `version: expected a whole number, found "one"`},
				{Line: 5, Col: 9, Msg: `active: expected true or false, found "yes"`},
				{Line: 6, Col: 8, Msg: `ratio: expected a number, found "half"`},
			},
		},
		{
			name: "a document that is not a mapping",
			src:  "- a\n- b\n",
			want: []Problem{{Line: 1, Col: 1, Msg: `the document: expected a mapping (key: value lines), found a list`}},
		},
		{
			name: "problems come sorted by line and column",
			src:  "zz: 1\nversion: 1\ntitle: [x]\nowner: ana\nsize: tiny\n",
			want: []Problem{
				{Line: 1, Col: 1, Msg: `unknown field "zz"`},
				{Line: 3, Col: 8, Msg: `title: expected text, found a list`},
				{Line: 5, Col: 7, Msg: `size: "tiny" is not a known code; use small, medium or large`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := v.Check(parse(t, tt.src), reflect.TypeOf(doc{}))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems of\n%s\ngot:\n%swant:\n%s", tt.src, render(got), render(tt.want))
			}
		})
	}
}

func TestCheckEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n", "~\n", "null\n"} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		got := v.Check(&n, reflect.TypeOf(doc{}))
		want := []Problem{{Line: 1, Col: 1, Msg: "the file is empty"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Check(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestCheckUnknownEnumName(t *testing.T) {
	type bad struct {
		X string `yaml:"x" cw:"enum=nope"`
	}
	got := v.Check(parse(t, "x: a\n"), reflect.TypeOf(bad{}))
	want := []Problem{{Line: 1, Col: 4, Msg: `x: no list of codes named "nope"`}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCheckOptionalNulls(t *testing.T) {
	// Optional values may be left empty: a nil pointer, an empty list, a null enum.
	src := "version: 1\ntitle: T\nowner: ana\nsize: small\nopt: ~\nitems:\ninner:\ntags: [~]\nstamp:\nactive:\n"
	if ps := v.Check(parse(t, src), reflect.TypeOf(doc{})); len(ps) != 0 {
		t.Errorf("unexpected problems:\n%s", render(ps))
	}
}

func TestFields(t *testing.T) {
	var names []string
	for _, f := range Fields(reflect.TypeOf(doc{})) {
		names = append(names, f.Name)
	}
	want := []string{"version", "title", "owner", "size", "inner", "opt", "items", "limits", "tags", "stamp", "active", "ratio", "lower"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Fields = %v, want %v", names, want)
	}
	f := Fields(reflect.TypeOf(doc{}))[0]
	if !reflect.DeepEqual(f.Index, []int{0, 0}) {
		t.Errorf("inline field index = %v, want [0 0]", f.Index)
	}
}

func TestSuggest(t *testing.T) {
	codes := []string{"emergency", "urgent", "routine"}
	tests := []struct {
		in         string
		candidates []string
		want       string
	}{
		{"urgentt", codes, "urgent"},
		{"rutine", codes, "routine"},
		{"URGENT", codes, "urgent"},
		{"emer", codes, "emergency"}, // a prefix of three letters or more
		{"em", codes, ""},            // too short to be a prefix guess
		{"banana", codes, ""},        // nothing close
		{"priorty", []string{"priority", "request"}, "priority"},
		{"requst", []string{"priority", "request"}, "request"},
		{"x", nil, ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q, %v) = %q, want %q", tt.in, tt.candidates, got, tt.want)
		}
	}
}

func TestOneOf(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a or b"},
		{[]string{"a", "b", "c"}, "a, b or c"},
	}
	for _, tt := range tests {
		if got := OneOf(tt.in); got != tt.want {
			t.Errorf("OneOf(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	n := parse(t, validDoc)
	tests := []struct {
		path      []string
		value     string
		line, col int
		found     bool
	}{
		{[]string{"title"}, "Report", 2, 8, true},
		{[]string{"inner", "color"}, "red", 6, 10, true},
		{[]string{"opt", "color"}, "blue", 9, 10, true},
		{[]string{"items", "0", "name"}, "a", 11, 11, true},
		{[]string{"items", "1", "name"}, "b", 13, 11, true},
		{[]string{"items", "0", "count"}, "3", 12, 12, true},
		{[]string{"tags", "1"}, "blue", 17, 13, true},
		{[]string{"limits", "large"}, "10", 16, 10, true},
		{[]string{"items", "2"}, "", 0, 0, false},
		{[]string{"items", "-1"}, "", 0, 0, false},
		{[]string{"items", "first"}, "", 0, 0, false},
		{[]string{"title", "deeper"}, "", 0, 0, false},
		{[]string{"nosuch"}, "", 0, 0, false},
		{[]string{"inner", "nosuch"}, "", 0, 0, false},
	}
	for _, tt := range tests {
		got := Lookup(n, tt.path...)
		if !tt.found {
			if got != nil {
				t.Errorf("Lookup(%v) = %q at %d:%d, want nil", tt.path, got.Value, got.Line, got.Column)
			}
			continue
		}
		if got == nil {
			t.Errorf("Lookup(%v) = nil, want %q", tt.path, tt.value)
			continue
		}
		if got.Value != tt.value || got.Line != tt.line || got.Column != tt.col {
			t.Errorf("Lookup(%v) = %q at %d:%d, want %q at %d:%d", tt.path, got.Value, got.Line, got.Column, tt.value, tt.line, tt.col)
		}
	}
	if root := Lookup(n); root == nil || root.Kind != yaml.MappingNode {
		t.Errorf("Lookup(doc) with no path should return the root mapping, got %v", root)
	}
	if Lookup(nil, "title") != nil {
		t.Error("Lookup(nil) should be nil")
	}
}

func TestProblemString(t *testing.T) {
	if got := (Problem{Line: 3, Col: 7, Msg: "bad"}).String(); got != "3:7: bad" {
		t.Errorf("String() = %q", got)
	}
}

func TestSuggestForgivesSwappedLetters(t *testing.T) {
	for typed, want := range map[string]string{"slef": "self", "hihg": "high", "nmae": "name"} {
		if got := Suggest(typed, []string{"self", "high", "name", "none"}); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", typed, got, want)
		}
	}
}
