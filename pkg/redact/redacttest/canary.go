// Package redacttest builds a case whose every identifying field holds a canary, a unique value
// that no export under a redaction profile may show, for the tests of redaction.
package redacttest

import (
	"fmt"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// The canaries: a unique value in every identifying field of the registry. Free text all over
// the case repeats the names, aliases, an e-mail address and phone numbers.
const (
	ClientName    = "Zorvath Qellindra"
	ClientAlias   = "Zozo Kestrelwick"
	ClientBorn    = "1961-04-02"
	ClientBornFr  = "02/04/1961"
	ClientAddress = "77 Corvinmarsh Lane, Ulmbridge Heath"
	ClientPhone   = "+33 6 12 34 56 78"
	ClientEmail   = "zorvath.q@canarymail.example"
	ClientNIR     = "2610499123456"
	ClientOrg     = "Quillonmere Bakery"
	MotherName    = "Brunhild Oakenvask"
	MotherRel     = "Tantequill half-sister"
	MotherBorn    = "1931-07-09"
	MotherPhone   = "0187 654 3210"
	EmployerName  = "Vantablack Widgetworks"
	EmployerOrg   = "Grindlewood Holdings"
	EmployerMail  = "hr@vantawidget.example"
	NeighbourName = "Ignatius Plumtreeve"
	NeighbourOrg  = "Fennimore Tenants Union"
	MandateRef    = "RG-CANARY-4711"
	// KeepText is clinical content no profile that keeps free text may lose.
	KeepText = "KEEPCLINICAL"
)

// TextWithNames is free text naming everyone, as practitioners write it.
func TextWithNames(what string) string {
	return fmt.Sprintf("%s %s: %s (called %s) met ZORVATH and qellindra; Brunhild rang from %s, mail %s; "+
		"Ignatius of %s and %s of %s; write to %s or %s; born %s (née le %s), NIR %s, lives at %s; mother on %s",
		KeepText, what, ClientName, ClientAlias, ClientPhone, ClientEmail, NeighbourOrg, EmployerName, EmployerOrg,
		EmployerMail, "zozo", ClientBorn, ClientBornFr, ClientNIR, ClientAddress, MotherPhone)
}

func Case() *casefile.Case {
	at := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	entry := casefile.Entry{RecordedAt: at, RecordedBy: "w.test"}
	d := dates.MustParse
	lvl := func(i int) *int { return &i }
	c := &casefile.Case{ID: "2026-10-01-cnry1", Dir: "cases/2026-10-01-cnry1"}
	c.People = &casefile.People{SchemaVersion: 1, People: []casefile.Person{
		{ID: "P-c1", Name: ClientName, Aliases: []string{ClientAlias}, BirthDate: d(ClientBorn), Address: ClientAddress,
			Phone: ClientPhone, Email: ClientEmail, Organisation: ClientOrg, IdentityNumbers: map[string]string{"nir": ClientNIR}, Languages: []string{"fr"}},
		{ID: "P-m1", Name: MotherName, Relation: MotherRel, BirthDate: d(MotherBorn), Phone: MotherPhone},
		{ID: "P-e1", Kind: "organisation", Name: EmployerName, Organisation: EmployerOrg, Email: EmployerMail},
		{ID: "P-n1", Name: NeighbourName, Organisation: NeighbourOrg},
	}}
	c.Intake = &casefile.Intake{SchemaVersion: 1, Entry: entry, Kind: "family", ReceivedOn: d("2026-10-01"), Client: "P-c1",
		Members:   []casefile.Member{{Person: "P-m1", Role: "parent"}},
		Requester: &casefile.Requester{Person: "P-n1", Relation: "neighbour"},
		Source:    "family_or_friend", Engagement: "mandated", Priority: "urgent", ImmediateRisk: "high", Area: "north",
		Mandate:   &casefile.Mandate{Authority: TextWithNames("mandate"), Reference: MandateRef, EndsOn: d("2027-10-01")},
		Emergency: &casefile.Emergency{Done: true, On: d("2026-10-01"), Description: TextWithNames("emergency")},
		Request:   TextWithNames("request"),
		Decision:  casefile.Decision{Decision: "accept", DecidedOn: d("2026-10-01"), Worker: "w.test"},
	}
	c.Decisions = []casefile.Item[casefile.DecisionEntry]{{ID: "2026-10-02-dc001", V: &casefile.DecisionEntry{SchemaVersion: 1, Entry: entry,
		Decision: casefile.Decision{Decision: "accept", DecidedOn: d("2026-10-02")}, Note: TextWithNames("decision")}}}
	c.Assessments = []casefile.Item[casefile.Assessment]{{ID: "2026-10-05-as001", V: &casefile.Assessment{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-05"), Type: "initial", Methods: []string{"interview"}, Summary: TextWithNames("summary"),
		Domains: map[string]casefile.DomainRating{"housing": {Rating: 2, Summary: TextWithNames("housing")},
			"mental_health": {Rating: 3, Summary: TextWithNames("mental")}},
		Strengths: []string{TextWithNames("strength")}, Resources: []string{TextWithNames("resource")},
		Risks: []casefile.Risk{{Domain: "domestic_violence", Level: "high", RiskFactors: []string{TextWithNames("factor")},
			ProtectiveFactors: []string{TextWithNames("protective")}, Rationale: TextWithNames("rationale"), NextReview: d("2026-10-20")},
			{Domain: "housing_loss", Level: "moderate", Rationale: TextWithNames("housing risk")}},
		Instruments: []casefile.InstrumentResult{{Instrument: "phq9", Items: []int{1, 1, 1, 1, 1, 1, 1, 1, 0}, Total: 8, Band: "mild"}},
		Ecomap: &casefile.Ecomap{Systems: []casefile.EcoSystem{{ID: "s1", Label: TextWithNames("system"), Person: "P-m1", Type: "family"},
			{ID: "s2", Label: EmployerName, Type: "work"}},
			Ties: []casefile.Tie{{System: "s1", Strength: "strong", Note: TextWithNames("tie")}, {System: "s2", Strength: "tenuous"}}},
	}}}
	c.SafetyPlans = []casefile.Item[casefile.SafetyPlan]{{ID: "2026-10-06-sp001", V: &casefile.SafetyPlan{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-06"), WarningSigns: []string{TextWithNames("warning")}, CopingStrategies: []string{TextWithNames("coping")},
		Distractions: &casefile.Distractions{People: []string{MotherName}, Places: []string{TextWithNames("place")}},
		HelpPeople:   []casefile.Contact{{Person: "P-m1", Phone: MotherPhone}, {Name: NeighbourName, Phone: ClientPhone}},
		MeansSafety:  []string{TextWithNames("means")}, WhereKept: TextWithNames("kept"), ClientAgreed: true}}}
	c.Plan = &casefile.Plan{SchemaVersion: 1, Revision: 2, UpdatedAt: at, UpdatedBy: "w.test", CreatedOn: d("2026-10-06"),
		Agreement:          &casefile.Agreement{On: d("2026-10-06"), How: "signed", CoBuilt: true, Note: TextWithNames("agreement")},
		CulturalLinguistic: TextWithNames("cultural"), Resources: []string{TextWithNames("plan resource")},
		Goals: []casefile.Goal{{ID: "G-1", Statement: TextWithNames("goal"), ClientWords: TextWithNames("words"), Domain: "housing",
			Indicator: TextWithNames("indicator"), Target: TextWithNames("target"), Responsible: "P-m1", Status: "active",
			GAS: &casefile.GAS{Weight: 1, Baseline: lvl(-1), Levels: map[string]string{"-2": TextWithNames("l-2"), "-1": "x", "0": "y", "1": "z", "2": "w"},
				Scores: []casefile.GASScore{{On: d("2026-10-20"), Level: 1}}},
			Objectives: []casefile.Objective{{ID: "O-1", Statement: TextWithNames("objective"), Responsible: "client", Status: "active",
				Tasks: []casefile.Task{{ID: "T-1", Action: TextWithNames("task"), Responsible: "worker", Status: "not_started", Due: d("2026-10-25")}}}}}},
		Changes: []casefile.Change{{Revision: 1, At: at, By: "w.test", What: TextWithNames("change")}},
	}
	note := func(id, kind, at string) casefile.Item[casefile.Note] {
		t, _ := time.Parse(time.RFC3339, at)
		return casefile.Item[casefile.Note]{ID: id, V: &casefile.Note{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: t, RecordedBy: "w.test"},
			Kind: kind, Format: "girp", Contact: casefile.NoteContact{At: t, Minutes: 30, Mode: "home_visit", Outcome: "completed",
				Participants: []string{"P-c1", "P-m1"}},
			Sections: map[string]string{"goal": TextWithNames("goal section"), "intervention": TextWithNames("intervention"),
				"response": TextWithNames("response"), "plan": TextWithNames("plan section")}}}
	}
	c.Notes = []casefile.Item[casefile.Note]{note("2026-10-07-nt001", "contact", "2026-10-07T10:00:00Z"),
		note("2026-10-21-nt002", "contact", "2026-10-21T10:00:00Z"), note("2026-10-22-nt003", "supervision", "2026-10-22T10:00:00Z")}
	c.Consents = []casefile.Item[casefile.Consent]{{ID: "2026-10-08-cn001", V: &casefile.Consent{SchemaVersion: 1, Entry: entry,
		Categories: []string{"housing", "risk_flags", "plan"}, Excluded: []string{"mental_health"}, Description: TextWithNames("consent"),
		Recipients: []string{"housing-office"}, Purpose: TextWithNames("purpose"), LegalBasis: "consent", Method: "written",
		SignedBy: "P-c1", SignedOn: d("2026-10-08"), ExpiresOn: d("2027-04-08")}}}
	c.Referrals = []casefile.Item[casefile.Referral]{{ID: "2026-10-09-rf001", V: &casefile.Referral{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-09"), To: casefile.ReferralTo{Agency: "housing-office"}, Reason: TextWithNames("referral"), Urgency: "urgent",
		Categories: []string{"housing"}, Consent: "2026-10-08-cn001", Status: "sent"}}}
	upd := func(id, on, status string) casefile.Item[casefile.ReferralUpdate] {
		return casefile.Item[casefile.ReferralUpdate]{ID: id, V: &casefile.ReferralUpdate{SchemaVersion: 1, Entry: entry,
			Referral: "2026-10-09-rf001", Date: d(on), Status: status, Note: TextWithNames("update " + status)}}
	}
	c.ReferralUpdates = []casefile.Item[casefile.ReferralUpdate]{upd("2026-10-12-pd001", "2026-10-12", "accepted"),
		upd("2026-10-13-pd002", "2026-10-13", "in_progress"), upd("2026-10-15-pd003", "2026-10-15", "completed")}
	c.ReferralUpdates[2].V.LoopClosed, c.ReferralUpdates[2].V.Outcome = true, TextWithNames("outcome")
	c.Reviews = []casefile.Item[casefile.CaseReview]{{ID: "2026-10-20-rv001", V: &casefile.CaseReview{SchemaVersion: 1, Entry: entry,
		Date: d("2026-10-20"), Type: "supervision", Participants: []string{"P-c1", "w.test", NeighbourName},
		Findings: []string{TextWithNames("finding")}, Decisions: []string{TextWithNames("decided")},
		GoalProgress: []casefile.GoalReview{{Goal: "G-1", Status: "active", Level: lvl(1)}},
		PlanChanges:  TextWithNames("plan changes")}}}
	c.Closures = []casefile.Item[casefile.Closure]{{ID: "2026-11-10-cz001", V: &casefile.Closure{SchemaVersion: 1, Entry: entry,
		ClosedOn: d("2026-11-10"), Reason: "goals_achieved", Summary: TextWithNames("closure"),
		ClientInformed: &casefile.ClientInformed{On: d("2026-11-10"), How: "closing_interview", Feedback: TextWithNames("feedback")},
		Handover:       TextWithNames("handover") + " née le " + ClientBornFr, Aftercare: TextWithNames("aftercare"), OthersInformed: []string{"P-m1", MotherName}}}}
	return c
}

// Canaries are the values of every identifying field, and the names' parts free text uses.
func Canaries() []string {
	return []string{ClientName, "Zorvath", "Qellindra", ClientAlias, "Zozo", "Kestrelwick", ClientBorn, ClientBornFr,
		ClientAddress, "Corvinmarsh", ClientPhone, ClientEmail, ClientNIR, ClientOrg, "Quillonmere", MotherName, "Brunhild", "Oakenvask", MotherRel,
		"Tantequill", MotherBorn, MotherPhone, EmployerName, "Vantablack", EmployerOrg, "Grindlewood", EmployerMail, NeighbourName,
		"Ignatius", "Plumtreeve", NeighbourOrg, "Fennimore", MandateRef}
}

// Allowed are the canaries a profile keeps by design: a court export names the person it is
// about, with her birth date and employer (her contact details, identity numbers and every
// third party still go).
var Allowed = map[string][]string{
	"court": {ClientName, "Zorvath", "Qellindra", ClientAlias, "Zozo", "Kestrelwick", ClientBorn, ClientBornFr, ClientOrg, "Quillonmere"},
}
