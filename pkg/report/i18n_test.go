package report

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/templates"
	"go.yaml.in/yaml/v3"
)

// catalogs loads every language of Languages, failing the test if one does not load.
func catalogs(t *testing.T) map[string]*Catalog {
	t.Helper()
	out := map[string]*Catalog{}
	for _, lang := range Languages {
		c, err := Renderer{}.Catalog(lang)
		if err != nil {
			t.Fatalf("Catalog(%q): %v", lang, err)
		}
		if c == nil || len(c.Labels) == 0 || len(c.Codes) == 0 || len(c.Details) == 0 {
			t.Fatalf("Catalog(%q): no labels, codes or details", lang)
		}
		out[lang] = c
	}
	return out
}

func TestCatalogsLoad(t *testing.T) {
	if !slices.Contains(Languages, "en") {
		t.Fatalf("Languages %v lacks en, the reference catalog", Languages)
	}
	catalogs(t)
}

// keyDiff returns the keys of want missing from got and the keys of got absent from want, sorted.
func keyDiff(want, got map[string]string) (missing, extra []string) {
	for k := range want {
		if _, ok := got[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

func TestCatalogsHaveSameKeys(t *testing.T) {
	cats := catalogs(t)
	en := cats["en"]
	for _, lang := range Languages {
		if lang == "en" {
			continue
		}
		c := cats[lang]
		for _, sec := range []struct {
			name      string
			want, got map[string]string
		}{{"labels", en.Labels, c.Labels}, {"codes", en.Codes, c.Codes}, {"details", en.Details, c.Details}} {
			missing, extra := keyDiff(sec.want, sec.got)
			if len(missing) > 0 {
				t.Errorf("i18n/%s.yaml %s: missing keys present in en.yaml: %s", lang, sec.name, strings.Join(missing, ", "))
			}
			if len(extra) > 0 {
				t.Errorf("i18n/%s.yaml %s: extra keys absent from en.yaml: %s", lang, sec.name, strings.Join(extra, ", "))
			}
		}
	}
}

// sectionKeys returns, in file order, the keys of each top-level mapping of an embedded catalog.
func sectionKeys(t *testing.T, lang string) map[string][]string {
	t.Helper()
	data, err := fs.ReadFile(templates.FS, "i18n/"+lang+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("i18n/%s.yaml: %v", lang, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("i18n/%s.yaml: not a mapping", lang)
	}
	out := map[string][]string{}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		name, body := top[i].Value, top[i+1]
		if body.Kind != yaml.MappingNode {
			t.Errorf("i18n/%s.yaml: %s is not a mapping", lang, name)
			continue
		}
		var keys []string
		for j := 0; j+1 < len(body.Content); j += 2 {
			if body.Content[j+1].Kind != yaml.ScalarNode {
				t.Errorf("i18n/%s.yaml: %s.%s is not a plain value", lang, name, body.Content[j].Value)
			}
			keys = append(keys, body.Content[j].Value)
		}
		if _, dup := out[name]; dup {
			t.Errorf("i18n/%s.yaml: section %s appears twice", lang, name)
		}
		out[name] = keys
	}
	return out
}

func TestCatalogsKeepEnglishOrder(t *testing.T) {
	en := sectionKeys(t, "en")
	for _, sec := range []string{"labels", "codes", "details"} {
		seen := map[string]bool{}
		for _, k := range en[sec] {
			if seen[k] {
				t.Errorf("i18n/en.yaml %s: key %s appears twice", sec, k)
			}
			seen[k] = true
		}
	}
	for _, lang := range Languages {
		if lang == "en" {
			continue
		}
		got := sectionKeys(t, lang)
		for _, sec := range []string{"labels", "codes", "details"} {
			if !slices.Equal(got[sec], en[sec]) {
				t.Errorf("i18n/%s.yaml %s: keys are not those of en.yaml in the same order (or a key is repeated)", lang, sec)
			}
		}
	}
}

// usedCodes is every code a report may pass to the code function, with where it comes from.
func usedCodes() map[string]string {
	out := map[string]string{}
	for enum, codes := range casefile.Enums {
		for _, c := range codes {
			out[c] = "casefile.Enums[" + enum + "]"
		}
	}
	for _, s := range caseload.Statuses {
		out[s] = "caseload.Statuses"
	}
	for _, c := range caseload.Checks {
		out[c] = "caseload.Checks" // the check column of the caseload review
	}
	for _, k := range []caseload.EventKind{caseload.EvIntake, caseload.EvDecision, caseload.EvClosure, caseload.EvReopen} {
		out[string(k)] = "caseload event kind"
	}
	for _, r := range []string{"client", "requester", "partner_organisation", "other"} {
		out[r] = "report.ViewCase role"
	}
	return out
}

func TestEveryCodeHasALabel(t *testing.T) {
	cats := catalogs(t)
	codes := usedCodes()
	keys := make([]string, 0, len(codes))
	for c := range codes {
		keys = append(keys, c)
	}
	sort.Strings(keys)
	for _, lang := range Languages {
		var missing []string
		for _, c := range keys {
			if strings.TrimSpace(cats[lang].Codes[c]) == "" {
				missing = append(missing, c+" ("+codes[c]+")")
			}
		}
		if len(missing) > 0 {
			t.Errorf("i18n/%s.yaml codes: no label for %s", lang, strings.Join(missing, ", "))
		}
	}
}

func TestLabelsAreTranslated(t *testing.T) {
	cats := catalogs(t)
	for _, lang := range Languages {
		c := cats[lang]
		for _, sec := range []struct {
			name string
			m    map[string]string
		}{{"labels", c.Labels}, {"codes", c.Codes}, {"details", c.Details}} {
			for k, v := range sec.m {
				if strings.TrimSpace(v) == "" {
					t.Errorf("i18n/%s.yaml %s.%s is empty", lang, sec.name, k)
				}
			}
		}
	}
	en := cats["en"]
	for _, lang := range Languages {
		if lang == "en" {
			continue
		}
		c := cats[lang]
		for _, sec := range []struct {
			name      string
			en, other map[string]string
		}{{"labels", en.Labels, c.Labels}, {"codes", en.Codes, c.Codes}, {"details", en.Details, c.Details}} {
			total, differ := 0, 0
			for k, v := range sec.en {
				w, ok := sec.other[k]
				if !ok {
					continue // reported by TestCatalogsHaveSameKeys
				}
				total++
				if !strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(w)) {
					differ++
				}
			}
			if total == 0 || differ*100 < total*80 {
				t.Errorf("i18n/%s.yaml %s: only %d of %d values differ from English (want at least 80%%): untranslated copy?", lang, sec.name, differ, total)
			}
		}
	}
}

func testCase() *casefile.Case {
	return &casefile.Case{
		ID:  "2026-11-02-k7m2q",
		Dir: "cases/2026-11-02-k7m2q",
		People: &casefile.People{SchemaVersion: 1, People: []casefile.Person{
			{ID: "P-ab12", Kind: "person", Name: "Nadia Fictive"},
		}},
		Intake: &casefile.Intake{
			SchemaVersion: 1,
			Entry:         casefile.Entry{RecordedAt: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), RecordedBy: "w.test"},
			Kind:          "individual",
			ReceivedOn:    dates.MustParse("2026-11-02"),
			Client:        "P-ab12",
			Source:        "self",
			Engagement:    "voluntary",
			Request:       "Test request",
			Priority:      "urgent",
			ImmediateRisk: "moderate",
			Area:          "furong",
			Decision:      casefile.Decision{Decision: "accept", Worker: "w.test"},
		},
	}
}

func TestRenderCaseSummaryInEveryLanguage(t *testing.T) {
	cats := catalogs(t)
	c := testCase()
	view := ViewCase(c, "Test agency", dates.Date{})
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			out, err := Renderer{}.Render("case-summary.md.tmpl", lang, view)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			text := string(out)
			cat := cats[lang]
			for _, want := range []struct{ what, s string }{
				{"case id", c.ID},
				{"client name", "Nadia Fictive"},
				{"agency", "Test agency"},
				{"request", "Test request"},
				{"label of code urgent", cat.Codes["urgent"]},
				{"label of code " + view.Status, cat.Codes[view.Status]},
				{"status heading", cat.Labels["status"]},
				{"case summary heading", cat.Labels["case_summary"]},
			} {
				if want.s == "" || !strings.Contains(text, want.s) {
					t.Errorf("%s output lacks the %s %q:\n%s", lang, want.what, want.s, text)
				}
			}
			for _, residue := range []string{"<no value>", "{{", "}}", "%!"} {
				if strings.Contains(text, residue) {
					t.Errorf("%s output holds template residue %q:\n%s", lang, residue, text)
				}
			}
		})
	}
}

// A repository's templates/<lang>/NAME wins over templates/NAME for that language only.
func TestLanguageTemplateOverride(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "fr"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fr", "probe.md.tmpl"), []byte("bonjour {{t \"status\"}}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "probe.md.tmpl"), []byte("hello {{t \"status\"}}"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := Renderer{Dir: dir}
	for lang, want := range map[string]string{"fr": "bonjour Statut", "en": "hello Status", "es": "hello Estado"} {
		out, err := r.Render("probe.md.tmpl", lang, nil)
		if err != nil || string(out) != want {
			t.Errorf("%s: %q, %v; want %q", lang, out, err, want)
		}
	}
}

// Free text in a table cell cannot break the table: | is escaped and line breaks are joined.
func TestTableCellsAreEscaped(t *testing.T) {
	out, err := Renderer{}.RenderText("probe", "| a | {{cell .}} |", "en", "left | right\nnext line")
	if err != nil {
		t.Fatal(err)
	}
	if want := `| a | left \| right next line |`; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
