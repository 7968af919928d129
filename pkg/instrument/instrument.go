// Package instrument holds standardised questionnaires: the built-in free ones (PHQ-9, GAD-7)
// and the definition files an agency drops into its repository for the ones it holds a licence
// for. Items go in; total, band and flags come out, computed here and never typed by hand.
//
// A definition is one YAML file, <repo>/instruments/<id>.yaml, in the format of
// domain-reference §5.5 with its fields at the top level (see Definition). The built-in PHQ-9
// and GAD-7 carry the official English item wording only; an agency adds the official French or
// Spanish wording with a phq9.yaml or gad7.yaml of its own that scores exactly like the built-in.
package instrument

import (
	"embed"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/casework/casework/pkg/casefile"
)

// Definition is one questionnaire: its answers, items, scoring and severity bands.
type Definition struct {
	ID               string            `yaml:"id" cw:"required"`
	Name             map[string]string `yaml:"name" cw:"required,enum=language"` // by language: en, fr, es
	Version          string            `yaml:"version,omitempty"`
	Licence          Licence           `yaml:"licence" cw:"required"`
	RecallPeriodDays int               `yaml:"recall_period_days,omitempty"`
	ResponseOptions  []Option          `yaml:"response_options" cw:"required"`
	Items            []Item            `yaml:"items" cw:"required"`
	Scoring          Scoring           `yaml:"scoring" cw:"required"`
	Bands            []Band            `yaml:"bands" cw:"required"` // ordered by max; the last max is scoring.max
	ScreeningNote    map[string]string `yaml:"screening_note,omitempty" cw:"enum=language"`
}

// Licence says on what terms the agency holds the instrument.
type Licence struct {
	Status string `yaml:"status" cw:"required,enum=licence_status"`
	Note   string `yaml:"note,omitempty"`
	URL    string `yaml:"url,omitempty"`
}

// Option is one answer an item may take.
type Option struct {
	Value int               `yaml:"value" cw:"required"`
	Code  string            `yaml:"code" cw:"required"`
	Label map[string]string `yaml:"label,omitempty" cw:"enum=language"`
}

// Item is one question. Its text may be left out (a licensed wording the agency keeps on paper).
// When FlagIfGt is set, an answer above it raises Flag whatever the total.
type Item struct {
	ID       string            `yaml:"id" cw:"required"`
	Text     map[string]string `yaml:"text,omitempty" cw:"enum=language"`
	FlagIfGt *int              `yaml:"flag_if_gt,omitempty"`
	Flag     string            `yaml:"flag,omitempty"`
}

// Scoring says how items make a total: only "sum" for now.
type Scoring struct {
	Method string `yaml:"method" cw:"required,enum=scoring_method"`
	Min    int    `yaml:"min" cw:"required"`
	Max    int    `yaml:"max" cw:"required"`
}

// Band is a severity range: every total above the previous band's max, up to Max.
type Band struct {
	Max   int               `yaml:"max" cw:"required"`
	Code  string            `yaml:"code" cw:"required"`
	Label map[string]string `yaml:"label,omitempty" cw:"enum=language"`
}

// Result is what a set of answers scores.
type Result struct {
	Total int
	Band  string
	Flags []string
}

// Enums are the code lists a definition file may use.
var Enums = map[string][]string{
	"licence_status": {"free", "licensed", "agency_owned"},
	"scoring_method": {"sum"},
	"language":       casefile.Enums["language"],
}

//go:embed builtin/*.yaml
var builtinFS embed.FS

var builtins = sync.OnceValue(func() map[string]*Definition {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		panic("instrument: " + err.Error())
	}
	out := map[string]*Definition{}
	for _, e := range entries {
		data, err := builtinFS.ReadFile("builtin/" + e.Name())
		if err != nil {
			panic("instrument: " + err.Error())
		}
		d, _, ps := parse("builtin/"+e.Name(), e.Name(), data)
		if d == nil {
			panic(fmt.Sprintf("instrument: the built-in %s is invalid: %v", e.Name(), ps))
		}
		out[d.ID] = d
	}
	return out
})

// Builtin returns the instruments shipped with casework ("phq9", "gad7"), each a fresh copy the
// caller may change.
func Builtin() map[string]*Definition {
	out := map[string]*Definition{}
	for id, d := range builtins() {
		out[id] = d.clone()
	}
	return out
}

func (d *Definition) clone() *Definition {
	c := *d
	c.Name = maps.Clone(d.Name)
	c.ScreeningNote = maps.Clone(d.ScreeningNote)
	c.ResponseOptions = slices.Clone(d.ResponseOptions)
	for i := range c.ResponseOptions {
		c.ResponseOptions[i].Label = maps.Clone(c.ResponseOptions[i].Label)
	}
	c.Items = slices.Clone(d.Items)
	for i := range c.Items {
		c.Items[i].Text = maps.Clone(c.Items[i].Text)
		if p := c.Items[i].FlagIfGt; p != nil {
			v := *p
			c.Items[i].FlagIfGt = &v
		}
	}
	c.Bands = slices.Clone(d.Bands)
	for i := range c.Bands {
		c.Bands[i].Label = maps.Clone(c.Bands[i].Label)
	}
	return &c
}

// DisplayName is the instrument's English name, else any name it has, else its id.
func (d *Definition) DisplayName() string {
	if n := d.Name["en"]; n != "" {
		return n
	}
	for _, lang := range slices.Sorted(maps.Keys(d.Name)) {
		if n := d.Name[lang]; n != "" {
			return n
		}
	}
	return d.ID
}

func (d *Definition) option(v int) (Option, bool) {
	for _, o := range d.ResponseOptions {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// answers describes the possible answers: "0 not at all … 3 nearly every day" for a run of
// whole numbers, else every answer.
func (d *Definition) answers() string {
	opts := slices.Clone(d.ResponseOptions)
	sort.SliceStable(opts, func(i, j int) bool { return opts[i].Value < opts[j].Value })
	if len(opts) == 0 {
		return "this instrument defines no answers"
	}
	run := len(opts) > 2
	for i := 1; i < len(opts) && run; i++ {
		run = opts[i].Value == opts[i-1].Value+1
	}
	if run {
		return describe(opts[0]) + " … " + describe(opts[len(opts)-1])
	}
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = describe(o)
	}
	return strings.Join(parts, ", ")
}

func describe(o Option) string {
	label := o.Label["en"]
	if label == "" {
		for _, lang := range slices.Sorted(maps.Keys(o.Label)) {
			if label = o.Label[lang]; label != "" {
				break
			}
		}
	}
	if label == "" {
		label = strings.ReplaceAll(o.Code, "_", " ")
	}
	if r, size := utf8.DecodeRuneInString(label); r != utf8.RuneError {
		label = string(unicode.ToLower(r)) + label[size:]
	}
	if label == "" {
		return strconv.Itoa(o.Value)
	}
	return strconv.Itoa(o.Value) + " " + label
}

// Score computes the total, band and flags of one set of answers, given in item order.
func (d *Definition) Score(items []int) (Result, error) {
	name := d.DisplayName()
	if len(d.Items) == 0 {
		return Result{}, fmt.Errorf("%s defines no items", name)
	}
	if len(items) != len(d.Items) {
		return Result{}, fmt.Errorf("%s has %s, got %d", name, plural(len(d.Items), "item"), len(items))
	}
	var r Result
	for i, a := range items {
		if _, ok := d.option(a); !ok {
			return Result{}, fmt.Errorf("item %d: %d is not an answer (%s)", i+1, a, d.answers())
		}
		r.Total += a
		it := d.Items[i]
		if it.FlagIfGt != nil && a > *it.FlagIfGt && it.Flag != "" && !slices.Contains(r.Flags, it.Flag) {
			r.Flags = append(r.Flags, it.Flag)
		}
	}
	for _, b := range d.Bands {
		if r.Total <= b.Max {
			r.Band = b.Code
			break
		}
	}
	if r.Band == "" {
		return Result{}, fmt.Errorf("%s: a total of %d is above every band", name, r.Total)
	}
	return r, nil
}

// Record scores the answers and returns them as they are stored in an assessment, with the
// definition's version and the language the questionnaire was given in.
func (d *Definition) Record(items []int, language string) (casefile.InstrumentResult, error) {
	r, err := d.Score(items)
	if err != nil {
		return casefile.InstrumentResult{}, err
	}
	return casefile.InstrumentResult{
		Instrument: d.ID,
		Version:    d.Version,
		Language:   language,
		Items:      slices.Clone(items),
		Total:      r.Total,
		Band:       r.Band,
		Flags:      r.Flags,
	}, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// ParseAnswers reads answers typed as "1,2,0,3", "1 2 0 3" or "1, 2, 0, 3".
func ParseAnswers(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no answers given: type them in item order, e.g. 1,2,0,3 or \"1 2 0 3\"")
	}
	var out []int
	pieces := strings.Split(s, ",")
	for i, piece := range pieces {
		fields := strings.Fields(piece)
		if len(fields) == 0 {
			if i == len(pieces)-1 {
				return nil, fmt.Errorf("answer %d is missing after the last comma", len(out)+1)
			}
			return nil, fmt.Errorf("answer %d is missing (two commas with nothing between them)", len(out)+1)
		}
		for _, f := range fields {
			n, err := strconv.Atoi(f)
			if err != nil {
				return nil, fmt.Errorf("answer %d: %q is not a whole number", len(out)+1, f)
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// Recompute checks a stored result against its definition: its total, band and flags must be
// what Score gives for its items. It returns one message per mismatch, none when all agree.
func Recompute(defs map[string]*Definition, r casefile.InstrumentResult) []string {
	d, ok := defs[r.Instrument]
	if !ok || d == nil {
		return []string{fmt.Sprintf("instrument %q is not defined (known: %s); a licensed instrument needs instruments/%s.yaml",
			r.Instrument, strings.Join(slices.Sorted(maps.Keys(defs)), ", "), r.Instrument)}
	}
	want, err := d.Score(r.Items)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	if r.Total != want.Total {
		out = append(out, fmt.Sprintf("total is %d but the items add up to %d: the total is computed from the items, never typed",
			r.Total, want.Total))
	}
	if r.Band != want.Band {
		out = append(out, fmt.Sprintf("band is %q but a total of %d is %q", r.Band, want.Total, want.Band))
	}
	got, exp := slices.Sorted(slices.Values(r.Flags)), slices.Sorted(slices.Values(want.Flags))
	if !slices.Equal(got, exp) {
		out = append(out, fmt.Sprintf("flags are %s but the items raise %s", flagList(r.Flags), flagList(want.Flags)))
	}
	return out
}

func flagList(fs []string) string {
	if len(fs) == 0 {
		return "none"
	}
	return "[" + strings.Join(fs, ", ") + "]"
}
