package redact_test

import (
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/caseload/caseloadtest"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/report"
)

// A coded review keeps no detail of a finding, in English or as the key and arguments a report
// words in its language: they carry dates and entry ids.
func TestCodedReviewDropsEveryDetail(t *testing.T) {
	cases := caseloadtest.Caseload()
	rv := caseload.CaseloadReview(cases, caseloadtest.AsOf, casefile.DefaultConfig(), caseload.ReviewOptions{})
	var ids []string
	for _, c := range cases {
		ids = append(ids, c.ID)
	}
	coded := redact.CodedReview(rv, redact.CaseCodes(ids))
	if len(coded.Findings) == 0 {
		t.Fatal("no findings: the test proves nothing")
	}
	for _, f := range coded.Findings {
		if f.Detail != "" || f.Key != "" || f.Args != nil || f.Subject != "" || !strings.HasPrefix(f.CaseID, "C-") {
			t.Errorf("coded finding keeps %+v", f)
		}
	}
	for _, lang := range report.Languages {
		out, err := report.Renderer{}.Render("caseload-review.md.tmpl", lang, struct {
			Agency string
			caseload.Review
		}{"", coded})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rv.Findings {
			for name, v := range f.Args {
				shown := v
				switch caseload.ArgTypes[name] {
				case caseload.ArgDate:
					if v == caseloadtest.AsOf.String() { // the report's own date, in its title
						continue
					}
					shown = v[8:10] + "/" + v[5:7] + "/" + v[0:4]
				case caseload.ArgID:
				default:
					continue
				}
				if strings.Contains(string(out), v) || strings.Contains(string(out), shown) {
					t.Errorf("%s: the coded review shows %s %s of %s", lang, name, v, f.Key)
				}
			}
		}
	}
}
