package redact_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/redact/redacttest"
	"github.com/casework/casework/pkg/report"
)

// outputs renders a redacted case along every export path, in every format and language.
func outputs(t *testing.T, name string, res *redact.Result, asOf dates.Date) map[string]string {
	t.Helper()
	out := map[string]string{}
	r := report.Renderer{}
	c := res.Case
	for _, lang := range report.Languages {
		if res.Coded {
			cv := redact.Coded(res, "C-1", asOf, 0.3)
			data := struct {
				Profile string
				redact.CodedCase
			}{name, cv}
			md, err := r.Render("coded-case.md.tmpl", lang, data)
			if err != nil {
				t.Fatal(err)
			}
			out["coded md "+lang] = string(md)
			html, err := report.HTML(md, "", lang)
			if err != nil {
				t.Fatal(err)
			}
			out["coded html "+lang] = string(html)
			j, _ := json.Marshal(data)
			out["coded json"] = string(j)
		} else {
			view := report.ViewCase(c, "Agency", dates.Date{})
			view.Clinical = report.ViewClinical(c, asOf, nil, 0.3)
			view.Contacts = report.ViewContacts(c, asOf, 48, 0, nil)
			view.Profile = name
			for i := range view.People {
				if a, ok := res.Ages[view.People[i].ID]; ok {
					view.People[i].Age = redact.AgeGroup(a)
				}
			}
			md, err := r.Render("case-summary.md.tmpl", lang, view)
			if err != nil {
				t.Fatal(err)
			}
			out["show md "+lang] = string(md)
			html, err := report.HTML(md, "", lang)
			if err != nil {
				t.Fatal(err)
			}
			out["show html "+lang] = string(html)
			j, _ := json.Marshal(view)
			out["show json"] = string(j)
			y, err := casefile.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			out["show yaml"] = string(y)
			for _, rv := range c.Reviews {
				md, err := r.Render("case-review.md.tmpl", lang, report.ViewCaseReview(c, rv.V, "Agency"))
				if err != nil {
					t.Fatal(err)
				}
				out["case review md "+lang] = string(md)
			}
			if cl, ok := report.ViewClosing(c, "Agency", nil, 0.3, nil); ok {
				md, err := r.Render("closing-summary.md.tmpl", lang, cl)
				if err != nil {
					t.Fatal(err)
				}
				out["closing md "+lang] = string(md)
			}
		}
	}
	// The caseload review, of the case as it stood before its closure.
	open := *c
	open.Closures = nil
	rv := caseload.CaseloadReview([]*casefile.Case{&open}, dates.MustParse("2026-11-05"), casefile.DefaultConfig(), caseload.ReviewOptions{})
	if res.Coded {
		rv = redact.CodedReview(rv, redact.CaseCodes([]string{c.ID}))
	}
	if len(rv.Findings) == 0 {
		t.Fatalf("the caseload review of the canary case finds nothing: the test would prove nothing")
	}
	for _, lang := range report.Languages {
		md, err := r.Render("caseload-review.md.tmpl", lang, struct {
			Agency string
			caseload.Review
		}{"Agency", rv})
		if err != nil {
			t.Fatal(err)
		}
		out["caseload review md "+lang] = string(md)
	}
	j, _ := json.Marshal(rv)
	out["caseload review json"] = string(j)
	return out
}

func scope(profile string) redact.Scope {
	s := redact.Scope{AsOf: dates.MustParse("2026-11-23")}
	switch profile {
	case "court":
		s.From, s.To = dates.MustParse("2026-10-05"), dates.MustParse("2026-10-31")
		s.Include = []string{"intake", "assessments", "notes", "plan", "reviews", "safety_plans", "closures"}
	case "referral":
		s.Consent, s.Recipient = "2026-10-08-cn001", "housing-office"
	}
	return s
}

// TestNoCanaryInAnyExport renders the canary case under every built-in profile (and one of an
// agency's own) along every export path, in every format and language, and finds none of the
// canaries the profile removes; the internal profile shows every one of them, and each redacted
// output still holds what it should.
func TestNoCanaryInAnyExport(t *testing.T) {
	cfg := casefile.Config{Redaction: map[string]casefile.RedactionProfile{
		"training": {Names: "code", ThirdParties: "code", BirthDate: "year", Address: "remove", ContactDetails: "remove",
			IdentityNumbers: "remove", FreeText: "drop", Scope: "all"},
	}}
	asOf := dates.MustParse("2026-11-23")
	names := cfg.ProfileNames()
	if len(names) != 6 {
		t.Fatalf("profiles %v: want the five built-in ones and training", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p, ok := cfg.Profile(name)
			if !ok {
				t.Fatalf("profile %s unknown", name)
			}
			c := redacttest.Case()
			res, err := redact.Apply(c, p, scope(name))
			if err != nil {
				t.Fatal(err)
			}
			outs := outputs(t, name, res, asOf)
			if name == casefile.Internal {
				all := strings.Join(mapValues(outs), "\n")
				for _, cn := range redacttest.Canaries() {
					if !strings.Contains(all, cn) && !strings.Contains(strings.ToLower(all), strings.ToLower(cn)) {
						t.Errorf("internal export shows no %q: the canary is not planted where an export would show it", cn)
					}
				}
				return
			}
			for what, text := range outs {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s: empty output", what)
				}
				low := strings.ToLower(text)
				for _, cn := range redacttest.Canaries() {
					if contains(redacttest.Allowed[name], cn) {
						continue
					}
					if strings.Contains(low, strings.ToLower(cn)) {
						t.Errorf("%s under profile %s shows the canary %q", what, name, cn)
					}
				}
			}
			// Not vacuous: what the profile keeps is there.
			switch {
			case res.Coded:
				for _, want := range []string{"C-1", "phq9", "2026"} {
					if !strings.Contains(outs["coded md en"], want) {
						t.Errorf("coded export lost %q:\n%s", want, outs["coded md en"])
					}
				}
			case p.FreeText == "drop":
				if strings.Contains(outs["show md en"], redacttest.KeepText) {
					t.Errorf("profile %s drops free text, and the export holds some", name)
				}
			default:
				if !strings.Contains(outs["show md en"], redacttest.KeepText) {
					t.Errorf("profile %s lost the clinical text:\n%s", name, outs["show md en"])
				}
			}
			if name == "court" {
				md := outs["show md en"]
				if !strings.Contains(md, redacttest.ClientName) {
					t.Errorf("court export does not name the person it is about")
				}
				if strings.Contains(md, "2026-10-22") || strings.Contains(md, "2026-10-21 ") == false {
					t.Errorf("court export: the working note (supervision) must be left out and the contact note of 2026-10-21 kept:\n%s", md)
				}
				if y := outs["show yaml"]; strings.Contains(y, "2026-10-09-rf001") || strings.Contains(y, "goals_achieved") {
					t.Errorf("court export holds a referral (not named by the order) or the closure (after its dates):\n%s", y)
				}
			}
			if name == "supervision" && !strings.Contains(outs["show md en"], "Z. Q.") {
				t.Errorf("supervision: the client is not shown by initials:\n%s", outs["show md en"])
			}
		})
	}
}

// TestReferralScopeNeedsAnActiveConsentForTheRecipient: the referral profile exports nothing
// without a consent in force that names the recipient.
func TestReferralScopeNeedsAnActiveConsentForTheRecipient(t *testing.T) {
	p, _ := casefile.Config{}.Profile("referral")
	c := redacttest.Case()
	for _, s := range []redact.Scope{
		{AsOf: dates.MustParse("2026-11-23")},
		{AsOf: dates.MustParse("2026-11-23"), Consent: "2026-10-08-cn001", Recipient: "someone-else"},
		{AsOf: dates.MustParse("2027-05-01"), Consent: "2026-10-08-cn001", Recipient: "housing-office"},
	} {
		if _, err := redact.Apply(c, p, s); err == nil {
			t.Errorf("Apply(%+v) exported under the referral profile", s)
		}
	}
	res, err := redact.Apply(c, p, scope("referral"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Case.Notes) != 0 || res.Case.Plan == nil || len(res.Case.Assessments[0].V.Domains) != 1 {
		t.Errorf("referral scope: notes %d, plan %v, domains %v: want no notes, the plan, the housing domain alone",
			len(res.Case.Notes), res.Case.Plan != nil, res.Case.Assessments[0].V.Domains)
	}
}

// TestApplyLeavesTheCaseUntouched: redaction works on a copy.
func TestApplyLeavesTheCaseUntouched(t *testing.T) {
	c := redacttest.Case()
	before, _ := casefile.Marshal(c)
	p, _ := casefile.Config{}.Profile("supervision")
	if _, err := redact.Apply(c, p, scope("supervision")); err != nil {
		t.Fatal(err)
	}
	after, _ := casefile.Marshal(c)
	if string(before) != string(after) {
		t.Errorf("Apply changed the case it was given")
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func BenchmarkApplySupervision(b *testing.B) {
	c := redacttest.Case()
	p, _ := casefile.Config{}.Profile("supervision")
	s := scope("supervision")
	for b.Loop() {
		if _, err := redact.Apply(c, p, s); err != nil {
			b.Fatal(err)
		}
	}
}
