package caseload_test

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/caseload/caseloadtest"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/templates"
	"go.yaml.in/yaml/v3"
)

// catalogDetails reads the details section of each shipped report catalog.
func catalogDetails(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, lang := range []string{"en", "fr", "es"} {
		data, err := fs.ReadFile(templates.FS, "i18n/"+lang+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Details map[string]string `yaml:"details"`
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			t.Fatalf("i18n/%s.yaml: %v", lang, err)
		}
		out[lang] = c.Details
	}
	return out
}

func sortedPlaceholders(s string) []string {
	p := caseload.Placeholders(s)
	slices.Sort(p)
	return p
}

// Every check of the review finds something in the test caseload, in every wording, and each
// finding's detail has a key whose sentence exists in English, French and Spanish with exactly
// the arguments the finding carries; its English Detail is that sentence with the values as
// they are.
func TestEveryFindingHasItsDetailInEveryLanguage(t *testing.T) {
	rv := caseload.CaseloadReview(caseloadtest.Caseload(), caseloadtest.AsOf, casefile.DefaultConfig(), caseload.ReviewOptions{})
	cats := catalogDetails(t)
	checks, keys := map[string]bool{}, map[string]bool{}
	for _, f := range rv.Findings {
		checks[f.Check], keys[f.Key] = true, true
		english, ok := caseload.Details[f.Key]
		if !ok {
			t.Errorf("%s %s: detail key %q is not in caseload.Details", f.Check, f.Subject, f.Key)
			continue
		}
		var names []string
		for name, v := range f.Args {
			names = append(names, name)
			checkArg(t, f, name, v)
		}
		slices.Sort(names)
		if want := sortedPlaceholders(english); !slices.Equal(names, want) {
			t.Errorf("%s: arguments %v, the sentence uses %v", f.Key, names, want)
		}
		if got := caseload.FormatDetail(english, f.Args, func(_, v string) string { return v }); got != f.Detail {
			t.Errorf("%s: Detail %q, the sentence gives %q", f.Key, f.Detail, got)
		}
		for lang, details := range cats {
			s, ok := details[f.Key]
			if !ok {
				t.Errorf("i18n/%s.yaml details: no sentence for %s (check %s)", lang, f.Key, f.Check)
				continue
			}
			if got := sortedPlaceholders(s); !slices.Equal(got, names) {
				t.Errorf("i18n/%s.yaml details.%s uses %v; the finding's arguments are %v", lang, f.Key, got, names)
			}
		}
	}
	for _, c := range caseload.Checks {
		if !checks[c] {
			t.Errorf("the test caseload finds nothing under %s: its wording goes untested", c)
		}
	}
	for k := range caseload.Details {
		if !keys[k] {
			t.Errorf("the test caseload gives no finding worded %s", k)
		}
	}
	// The English catalog says what caseload.Details says, and no catalog has a sentence
	// that no finding uses.
	for lang, details := range cats {
		for k, s := range details {
			if _, ok := caseload.Details[k]; !ok {
				t.Errorf("i18n/%s.yaml details.%s: no finding has that key", lang, k)
			}
			if lang == "en" && s != caseload.Details[k] {
				t.Errorf("i18n/en.yaml details.%s = %q; caseload.Details has %q", k, s, caseload.Details[k])
			}
		}
	}
}

// checkArg: an argument is an id, an ISO date, a whole number or a code of its enumeration,
// as ArgTypes says by its name; never free text (findings are cached; they hold no names).
func checkArg(t *testing.T, f caseload.Finding, name, v string) {
	t.Helper()
	switch typ := caseload.ArgTypes[name]; typ {
	case "":
		t.Errorf("%s.%s: caseload.ArgTypes has no type for %s", f.Key, name, name)
	case caseload.ArgDate:
		if _, err := dates.Parse(v); err != nil {
			t.Errorf("%s.%s: %q is not an ISO date", f.Key, name, v)
		}
	case caseload.ArgNumber:
		if _, err := strconv.Atoi(v); err != nil {
			t.Errorf("%s.%s: %q is not a whole number", f.Key, name, v)
		}
	case caseload.ArgID:
		if v == "" || strings.Contains(v, " ") {
			t.Errorf("%s.%s: %q is not an id", f.Key, name, v)
		}
	default:
		if codes, ok := casefile.Enums[typ]; !ok || !slices.Contains(codes, v) {
			t.Errorf("%s.%s: %q is not a code of %s", f.Key, name, v, typ)
		}
	}
}

// A case's result, findings and their details' arguments included, comes back whole from the
// JSON the review's cache keeps.
func TestCaseResultRoundTripsThroughJSON(t *testing.T) {
	n := 0
	for _, c := range caseloadtest.Caseload() {
		res := caseload.ReviewCase(c, caseloadtest.AsOf, casefile.DefaultConfig())
		data, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		var back caseload.CaseResult
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res, back) {
			t.Errorf("%s: after JSON\n%+v\nwant\n%+v", c.ID, back, res)
		}
		for _, f := range back.Findings {
			n += len(f.Args)
		}
	}
	if n == 0 {
		t.Fatal("no finding had an argument: the test proves nothing")
	}
}

func TestFormatDetail(t *testing.T) {
	args := map[string]string{"id": "E-1", "n": "3"}
	got := caseload.FormatDetail("{id} twice: {id}, {n} and {other}", args, func(_, v string) string { return "<" + v + ">" })
	if want := "<E-1> twice: <E-1>, <3> and {other}"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if p := caseload.Placeholders("{a} {b} {a} {"); !slices.Equal(p, []string{"a", "b"}) {
		t.Errorf("Placeholders: %v", p)
	}
}
