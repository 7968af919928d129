package redact_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/report"
)

// The canaries: a unique value in every identifying field of the registry. Free text all over
// the case repeats the names, aliases, an e-mail address and phone numbers.
const (
	clientName    = "Zorvath Qellindra"
	clientAlias   = "Zozo Kestrelwick"
	clientBorn    = "1961-04-02"
	clientBornFr  = "02/04/1961"
	clientAddress = "77 Corvinmarsh Lane, Ulmbridge Heath"
	clientPhone   = "+33 6 12 34 56 78"
	clientEmail   = "zorvath.q@canarymail.example"
	clientNIR     = "2610499123456"
	motherName    = "Brunhild Oakenvask"
	motherRel     = "Tantequill half-sister"
	motherBorn    = "1931-07-09"
	motherPhone   = "0187 654 3210"
	employerName  = "Vantablack Widgetworks"
	employerOrg   = "Grindlewood Holdings"
	employerMail  = "hr@vantawidget.example"
	neighbourName = "Ignatius Plumtreeve"
	neighbourOrg  = "Fennimore Tenants Union"
	mandateRef    = "RG-CANARY-4711"
	// keepText is clinical content no profile that keeps free text may lose.
	keepText = "KEEPCLINICAL"
)

// textWithNames is free text naming everyone, as practitioners write it.
func textWithNames(what string) string {
	return fmt.Sprintf("%s %s: %s (called %s) met ZORVATH and qellindra; Brunhild rang from %s, mail %s; "+
		"Ignatius of %s and %s of %s; write to %s or %s; born %s, NIR %s, lives at %s; mother on %s",
		keepText, what, clientName, clientAlias, clientPhone, clientEmail, neighbourOrg, employerName, employerOrg,
		employerMail, "zozo", clientBorn, clientNIR, clientAddress, motherPhone)
}

func canaryCase() *casefile.Case {
	at := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	entry := casefile.Entry{RecordedAt: at, RecordedBy: "w.test"}
	d := dates.MustParse
	lvl := func(i int) *int { return &i }
	c := &casefile.Case{ID: "2026-10-01-cnry01", Dir: "cases/2026-10-01-cnry01"}
	c.People = &casefile.People{SchemaVersion: 1, People: []casefile.Person{
		{ID: "P-c1", Name: clientName, Aliases: []string{clientAlias}, BirthDate: d(clientBorn), Address: clientAddress,
			Phone: clientPhone, Email: clientEmail, IdentityNumbers: map[string]string{"nir": clientNIR}, Languages: []string{"fr"}},
		{ID: "P-m1", Name: motherName, Relation: motherRel, BirthDate: d(motherBorn), Phone: motherPhone},
		{ID: "P-e1", Kind: "organisation", Name: employerName, Organisation: employerOrg, Email: employerMail},
		{ID: "P-n1", Name: neighbourName, Organisation: neighbourOrg},
	}}
	c.Intake = &casefile.Intake{SchemaVersion: 1, Entry: entry, Kind: "family", ReceivedOn: d("2026-10-01"), Client: "P-c1",
		Members:   []casefile.Member{{Person: "P-m1", Role: "parent"}},
		Requester: &casefile.Requester{Person: "P-n1", Relation: "neighbour"},
		Source:    "family_or_friend", Engagement: "mandated", Priority: "urgent", ImmediateRisk: "high", Area: "north",
		Mandate:   &casefile.Mandate{Authority: textWithNames("mandate"), Reference: mandateRef, EndsOn: d("2027-10-01")},
		Emergency: &casefile.Emergency{Done: true, On: d("2026-10-01"), Description: textWithNames("emergency")},
		Request:   textWithNames("request"),
		Decision:  casefile.Decision{Decision: "accept", DecidedOn: d("2026-10-01"), Worker: "w.test"},
	}
	c.Decisions = []casefile.Item[casefile.DecisionEntry]{{ID: "2026-10-02-dec001", V: &casefile.DecisionEntry{SchemaVersion: 1, Entry: entry,
		Decision: casefile.Decision{Decision: "accept", DecidedOn: d("2026-10-02")}, Note: textWithNames("decision")}}}
	c.Assessments = []casefile.Item[casefile.Assessment]{{ID: "2026-10-05-ass001", V: &casefile.Assessment{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-05"), Type: "initial", Methods: []string{"interview"}, Summary: textWithNames("summary"),
		Domains: map[string]casefile.DomainRating{"housing": {Rating: 2, Summary: textWithNames("housing")},
			"mental_health": {Rating: 3, Summary: textWithNames("mental")}},
		Strengths: []string{textWithNames("strength")}, Resources: []string{textWithNames("resource")},
		Risks: []casefile.Risk{{Domain: "domestic_violence", Level: "high", RiskFactors: []string{textWithNames("factor")},
			ProtectiveFactors: []string{textWithNames("protective")}, Rationale: textWithNames("rationale"), NextReview: d("2026-10-20")},
			{Domain: "housing_loss", Level: "moderate", Rationale: textWithNames("housing risk")}},
		Instruments: []casefile.InstrumentResult{{Instrument: "phq9", Items: []int{1, 1, 1, 1, 1, 1, 1, 1, 0}, Total: 8, Band: "mild"}},
		Ecomap: &casefile.Ecomap{Systems: []casefile.EcoSystem{{ID: "s1", Label: textWithNames("system"), Person: "P-m1", Type: "family"},
			{ID: "s2", Label: employerName, Type: "work"}},
			Ties: []casefile.Tie{{System: "s1", Strength: "strong", Note: textWithNames("tie")}, {System: "s2", Strength: "tenuous"}}},
	}}}
	c.SafetyPlans = []casefile.Item[casefile.SafetyPlan]{{ID: "2026-10-06-sp0001", V: &casefile.SafetyPlan{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-06"), WarningSigns: []string{textWithNames("warning")}, CopingStrategies: []string{textWithNames("coping")},
		Distractions: &casefile.Distractions{People: []string{motherName}, Places: []string{textWithNames("place")}},
		HelpPeople:   []casefile.Contact{{Person: "P-m1", Phone: motherPhone}, {Name: neighbourName, Phone: clientPhone}},
		MeansSafety:  []string{textWithNames("means")}, WhereKept: textWithNames("kept"), ClientAgreed: true}}}
	c.Plan = &casefile.Plan{SchemaVersion: 1, Revision: 2, UpdatedAt: at, UpdatedBy: "w.test", CreatedOn: d("2026-10-06"),
		Agreement:          &casefile.Agreement{On: d("2026-10-06"), How: "signed", CoBuilt: true, Note: textWithNames("agreement")},
		CulturalLinguistic: textWithNames("cultural"), Resources: []string{textWithNames("plan resource")},
		Goals: []casefile.Goal{{ID: "G-1", Statement: textWithNames("goal"), ClientWords: textWithNames("words"), Domain: "housing",
			Indicator: textWithNames("indicator"), Target: textWithNames("target"), Responsible: "P-m1", Status: "active",
			GAS: &casefile.GAS{Weight: 1, Baseline: lvl(-1), Levels: map[string]string{"-2": textWithNames("l-2"), "-1": "x", "0": "y", "1": "z", "2": "w"},
				Scores: []casefile.GASScore{{On: d("2026-10-20"), Level: 1}}},
			Objectives: []casefile.Objective{{ID: "O-1", Statement: textWithNames("objective"), Responsible: "client", Status: "active",
				Tasks: []casefile.Task{{ID: "T-1", Action: textWithNames("task"), Responsible: "worker", Status: "not_started", Due: d("2026-10-25")}}}}}},
		Changes: []casefile.Change{{Revision: 1, At: at, By: "w.test", What: textWithNames("change")}},
	}
	note := func(id, kind, at string) casefile.Item[casefile.Note] {
		t, _ := time.Parse(time.RFC3339, at)
		return casefile.Item[casefile.Note]{ID: id, V: &casefile.Note{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: t, RecordedBy: "w.test"},
			Kind: kind, Format: "girp", Contact: casefile.NoteContact{At: t, Minutes: 30, Mode: "home_visit", Outcome: "completed",
				Participants: []string{"P-c1", "P-m1"}},
			Sections: map[string]string{"goal": textWithNames("goal section"), "intervention": textWithNames("intervention"),
				"response": textWithNames("response"), "plan": textWithNames("plan section")}}}
	}
	c.Notes = []casefile.Item[casefile.Note]{note("2026-10-07-note01", "contact", "2026-10-07T10:00:00Z"),
		note("2026-10-21-note02", "contact", "2026-10-21T10:00:00Z"), note("2026-10-22-note03", "supervision", "2026-10-22T10:00:00Z")}
	c.Consents = []casefile.Item[casefile.Consent]{{ID: "2026-10-08-cons01", V: &casefile.Consent{SchemaVersion: 1, Entry: entry,
		Categories: []string{"housing", "risk_flags", "plan"}, Excluded: []string{"mental_health"}, Description: textWithNames("consent"),
		Recipients: []string{"housing-office"}, Purpose: textWithNames("purpose"), LegalBasis: "consent", Method: "written",
		SignedBy: "P-c1", SignedOn: d("2026-10-08"), ExpiresOn: d("2027-04-08")}}}
	c.Referrals = []casefile.Item[casefile.Referral]{{ID: "2026-10-09-ref001", V: &casefile.Referral{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-09"), To: casefile.ReferralTo{Agency: "housing-office"}, Reason: textWithNames("referral"), Urgency: "urgent",
		Categories: []string{"housing"}, Consent: "2026-10-08-cons01", Status: "sent"}}}
	c.ReferralUpdates = []casefile.Item[casefile.ReferralUpdate]{{ID: "2026-10-15-upd001", V: &casefile.ReferralUpdate{SchemaVersion: 1,
		Entry: entry, Referral: "2026-10-09-ref001", Date: d("2026-10-15"), Status: "completed", LoopClosed: true,
		Outcome: textWithNames("outcome"), Note: textWithNames("update")}}}
	c.Reviews = []casefile.Item[casefile.CaseReview]{{ID: "2026-10-20-rev001", V: &casefile.CaseReview{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-20"), Type: "supervision", Participants: []string{"P-c1", "w.test", neighbourName},
		Findings: []string{textWithNames("finding")}, Decisions: []string{textWithNames("decided")},
		GoalProgress: []casefile.GoalReview{{Goal: "G-1", Status: "active", Level: lvl(1)}},
		PlanChanges:  textWithNames("plan changes")}}}
	c.Closures = []casefile.Item[casefile.Closure]{{ID: "2026-11-10-clo001", V: &casefile.Closure{SchemaVersion: 1, Entry: entry,
		ClosedOn: d("2026-11-10"), Reason: "goals_achieved", Summary: textWithNames("closure"),
		ClientInformed: &casefile.ClientInformed{On: d("2026-11-10"), How: "closing_interview", Feedback: textWithNames("feedback")},
		Handover:       textWithNames("handover") + " née le " + clientBornFr, Aftercare: textWithNames("aftercare"), OthersInformed: []string{"P-m1", motherName}}}}
	return c
}

// canaries are the values of every identifying field, and the names' parts free text uses.
func canaries() []string {
	return []string{clientName, "Zorvath", "Qellindra", clientAlias, "Zozo", "Kestrelwick", clientBorn, clientBornFr,
		clientAddress, "Corvinmarsh", clientPhone, clientEmail, clientNIR, motherName, "Brunhild", "Oakenvask", motherRel,
		"Tantequill", motherBorn, motherPhone, employerName, "Vantablack", employerOrg, "Grindlewood", employerMail, neighbourName,
		"Ignatius", "Plumtreeve", neighbourOrg, "Fennimore", mandateRef}
}

// allowed are the canaries a profile keeps by design: a court export names the person it is
// about, with the birth date, as the order does.
var allowed = map[string][]string{
	"court": {clientName, "Zorvath", "Qellindra", clientAlias, "Zozo", "Kestrelwick", clientBorn, clientBornFr},
}

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
		s.Consent, s.Recipient = "2026-10-08-cons01", "housing-office"
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
	for _, name := range append(cfg.ProfileNames(), "training") {
		if name == "training" {
			continue // listed once by ProfileNames already
		}
		t.Run(name, func(t *testing.T) {
			p, ok := cfg.Profile(name)
			if !ok {
				t.Fatalf("profile %s unknown", name)
			}
			c := canaryCase()
			res, err := redact.Apply(c, p, scope(name))
			if err != nil {
				t.Fatal(err)
			}
			outs := outputs(t, name, res, asOf)
			if name == casefile.Internal {
				all := strings.Join(mapValues(outs), "\n")
				for _, cn := range canaries() {
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
				for _, cn := range canaries() {
					if contains(allowed[name], cn) {
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
				if strings.Contains(outs["show md en"], keepText) {
					t.Errorf("profile %s drops free text, and the export holds some", name)
				}
			default:
				if !strings.Contains(outs["show md en"], keepText) {
					t.Errorf("profile %s lost the clinical text:\n%s", name, outs["show md en"])
				}
			}
			if name == "court" {
				md := outs["show md en"]
				if !strings.Contains(md, clientName) {
					t.Errorf("court export does not name the person it is about")
				}
				if strings.Contains(md, "2026-10-22") || strings.Contains(md, "2026-10-21 ") == false {
					t.Errorf("court export: the working note (supervision) must be left out and the contact note of 2026-10-21 kept:\n%s", md)
				}
				if y := outs["show yaml"]; strings.Contains(y, "2026-10-09-ref001") || strings.Contains(y, "goals_achieved") {
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
	c := canaryCase()
	for _, s := range []redact.Scope{
		{AsOf: dates.MustParse("2026-11-23")},
		{AsOf: dates.MustParse("2026-11-23"), Consent: "2026-10-08-cons01", Recipient: "someone-else"},
		{AsOf: dates.MustParse("2027-05-01"), Consent: "2026-10-08-cons01", Recipient: "housing-office"},
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
	c := canaryCase()
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
