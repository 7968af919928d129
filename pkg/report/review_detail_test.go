package report

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/caseload/caseloadtest"
)

// fixtureReview is the review of a caseload that finds something under every check, in every
// wording of a detail.
func fixtureReview(t *testing.T) caseload.Review {
	t.Helper()
	rv := caseload.CaseloadReview(caseloadtest.Caseload(), caseloadtest.AsOf, casefile.DefaultConfig(), caseload.ReviewOptions{})
	if len(rv.Findings) < len(caseload.Details) {
		t.Fatalf("%d findings for %d wordings: the test caseload lost some", len(rv.Findings), len(caseload.Details))
	}
	return rv
}

func renderReview(t *testing.T, r Renderer, lang string, rv caseload.Review) string {
	t.Helper()
	out, err := r.Render("caseload-review.md.tmpl", lang, struct {
		Agency string
		caseload.Review
	}{"Test agency", rv})
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	return string(out)
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// englishFragments are the words of an English detail sentence between its arguments, those
// long enough to say something ("no news since", "was due on").
func englishFragments(sentence string) []string {
	var out []string
	for _, part := range strings.Split(placeholder.ReplaceAllString(sentence, "\x00"), "\x00") {
		part = strings.Trim(part, " ,;:()")
		if len(part) >= 8 && !strings.HasPrefix(part, "casework ") && !strings.Contains(part, "--") { // not the command an erasure detail gives
			out = append(out, part)
		}
	}
	return out
}

// The caseload review in French or Spanish words every finding's detail in that language: no
// English sentence, no English phrase of one, dates as the language writes them and codes by
// their labels. In English the report shows each Detail as it is, byte for byte.
func TestReviewDetailsInTheReportLanguage(t *testing.T) {
	rv := fixtureReview(t)
	cats := catalogs(t)
	en := renderReview(t, Renderer{}, "en", rv)
	for _, f := range rv.Findings {
		if !strings.Contains(en, "| "+f.Detail+" |") {
			t.Errorf("en: the report lacks the detail %q", f.Detail)
		}
	}
	for _, lang := range []string{"fr", "es"} {
		out := renderReview(t, Renderer{}, lang, rv)
		for _, f := range rv.Findings {
			if strings.Contains(out, f.Detail) {
				t.Errorf("%s: the report shows the English detail %q", lang, f.Detail)
			}
			for _, frag := range englishFragments(caseload.Details[f.Key]) {
				if strings.Contains(strings.ToLower(cats[lang].Details[f.Key]), strings.ToLower(frag)) {
					t.Errorf("%s: details.%s keeps the English words %q", lang, f.Key, frag)
				}
			}
			// The row of this finding: its check's label, then its detail in the language.
			one, err := Renderer{}.RenderText("probe", "{{detail .}}", lang, f)
			if err != nil {
				t.Fatal(err)
			}
			got := string(one)
			if !strings.Contains(out, "| "+cats[lang].Codes[f.Check]+" | "+got+" |") {
				t.Errorf("%s: no row for %s with the detail %q", lang, f.Key, got)
			}
			if strings.ContainsAny(got, "{}") {
				t.Errorf("%s: %s left a placeholder: %q", lang, f.Key, got)
			}
			for name, v := range f.Args {
				want := v
				switch typ := caseload.ArgTypes[name]; typ {
				case caseload.ArgDate:
					want = v[8:10] + "/" + v[5:7] + "/" + v[0:4]
				case caseload.ArgNumber, caseload.ArgID:
				default:
					want = cats[lang].Codes[typ+"."+v]
					if want == "" {
						want = cats[lang].Codes[v]
					}
				}
				if want == "" || !strings.Contains(got, want) {
					t.Errorf("%s: %s: %q lacks %s %s as %q", lang, f.Key, got, name, v, want)
				}
			}
		}
	}
}

// A repository whose own catalog has no details section (written before there was one) still
// gets every detail, in English.
func TestReviewDetailWithoutSentenceFallsBackToEnglish(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "i18n"), 0o700); err != nil {
		t.Fatal(err)
	}
	data, err := Renderer{}.read("i18n/fr.yaml")
	if err != nil {
		t.Fatal(err)
	}
	old, _, _ := strings.Cut(string(data), "\ndetails:")
	if err := os.WriteFile(filepath.Join(dir, "i18n", "fr.yaml"), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	rv := fixtureReview(t)
	out := renderReview(t, Renderer{Dir: dir}, "fr", rv)
	for _, f := range rv.Findings {
		if !strings.Contains(out, "| "+f.Detail+" |") {
			t.Errorf("without sentences: the report lacks the English detail %q", f.Detail)
		}
	}
}
