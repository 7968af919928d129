// Package caseloadtest holds a small fictional caseload whose weekly review finds something
// under every check, in every wording of a finding's detail: for the tests of the review and of
// the reports that word its findings in each language.
package caseloadtest

import (
	"fmt"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// AsOf is the date to review the caseload as of.
var AsOf = dates.MustParse("2026-06-15")

func ago(n int) dates.Date { return AsOf.AddDays(-n) }

func noon(d dates.Date) time.Time { return d.Time(time.UTC).Add(12 * time.Hour) }

func entry(on dates.Date) casefile.Entry {
	return casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.ada"}
}

// Caseload is three cases, reviewed with the default rules as of AsOf: one accepted 40 days ago
// and never seen (no contact yet, no plan); one open 400 days with every other kind of
// trouble; one still waiting for a screening decision.
func Caseload() []*casefile.Case {
	return []*casefile.Case{neverSeen(), troubled(), screening()}
}

func intake(id string, on dates.Date, risk, decision string) *casefile.Case {
	in := &casefile.Intake{SchemaVersion: 1, Entry: entry(on), Kind: "individual", ReceivedOn: on, Client: "P-1",
		Source: "self", Engagement: "voluntary", Request: "Rent arrears", Priority: "routine", ImmediateRisk: risk,
		Area: "north", Decision: casefile.Decision{Decision: decision, Worker: "w.ada"}}
	if decision != "pending" {
		in.DecidedOn, in.DecidedBy = on, "w.ada"
	}
	return &casefile.Case{ID: id, Dir: "cases/" + id, Intake: in,
		People: &casefile.People{SchemaVersion: 1, People: []casefile.Person{{ID: "P-1", Name: "Test Person"}}}}
}

func neverSeen() *casefile.Case { return intake("2026-05-06-never", ago(40), "moderate", "accept") }

func screening() *casefile.Case { return intake("2026-06-05-wait1", ago(10), "low", "pending") }

func troubled() *casefile.Case {
	c := intake("2025-05-11-trbld", ago(400), "low", "accept")
	note := func(id, kind, outcome string, contact, written time.Time) {
		c.Notes = append(c.Notes, casefile.Item[casefile.Note]{ID: id, V: &casefile.Note{SchemaVersion: 1,
			Entry: casefile.Entry{RecordedAt: written, RecordedBy: "w.ada"}, Kind: kind, Format: "narrative",
			Contact: casefile.NoteContact{At: contact, Mode: "office", Outcome: outcome}, Sections: map[string]string{"text": "…"}}})
	}
	// Last seen 40 days ago; three calls unanswered since; a note written three days late.
	note("N-seen", "contact", "completed", noon(ago(40)), noon(ago(40)).Add(time.Hour))
	for _, d := range []int{10, 8, 6} {
		note(fmt.Sprintf("N-call%d", d), "contact", "attempted_no_answer", noon(ago(d)), noon(ago(d)).Add(time.Hour))
	}
	note("N-late", "collateral", "completed", noon(ago(4)), noon(ago(1)))
	// Risks: one whose review date passed, one high and not reassessed, one high with no safety plan.
	c.Assessments = []casefile.Item[casefile.Assessment]{{ID: "A-1", V: &casefile.Assessment{SchemaVersion: 1,
		Entry: entry(ago(100)), Date: ago(100), Type: "reassessment", Risks: []casefile.Risk{
			{Domain: "housing_loss", Level: "low", NextReview: ago(10)},
			{Domain: "harm_to_others", Level: "high"},
			{Domain: "suicide_self_harm", Level: "high", NextReview: ago(-60)},
		}}}}
	// A plan not agreed, its review date passed, an objective and a task overdue.
	c.Plan = &casefile.Plan{SchemaVersion: 1, Revision: 1, UpdatedAt: noon(ago(200)), UpdatedBy: "w.ada",
		CreatedOn: ago(200), ReviewOn: ago(5), Goals: []casefile.Goal{{ID: "G-1", Statement: "Keep the flat", Status: "active",
			Objectives: []casefile.Objective{{ID: "O-1", Statement: "Arrears plan", Status: "active", TargetDate: ago(3),
				Tasks: []casefile.Task{{ID: "T-1", Action: "Call the landlord", Status: "not_started", Due: ago(2)}}}}}}}
	// Referrals: no news, accepted and not started, completed with the loop open, and two
	// relying on consents that expire soon or were revoked.
	referral := func(id string, on dates.Date, consent string) {
		c.Referrals = append(c.Referrals, casefile.Item[casefile.Referral]{ID: id, V: &casefile.Referral{SchemaVersion: 1,
			Entry: entry(on), Date: on, To: casefile.ReferralTo{Name: "Food bank"}, Reason: "Food", Urgency: "routine",
			Consent: consent, Status: "sent"}})
	}
	update := func(ref string, on dates.Date, status string) {
		c.ReferralUpdates = append(c.ReferralUpdates, casefile.Item[casefile.ReferralUpdate]{ID: ref + "-u", V: &casefile.ReferralUpdate{
			SchemaVersion: 1, Entry: entry(on), Referral: ref, Date: on, Status: status}})
	}
	consent := func(id string, expires dates.Date) {
		c.Consents = append(c.Consents, casefile.Item[casefile.Consent]{ID: id, V: &casefile.Consent{SchemaVersion: 1,
			Entry: entry(ago(90)), Categories: []string{"housing"}, Recipients: []string{"food-bank"}, Purpose: "Referral",
			LegalBasis: "consent", Method: "written", SignedBy: "P-1", SignedOn: ago(90), ExpiresOn: expires}})
	}
	referral("R-1", ago(20), "")
	referral("R-2", ago(60), "")
	update("R-2", ago(40), "accepted")
	referral("R-3", ago(60), "")
	update("R-3", ago(5), "completed")
	consent("K-1", ago(-10))
	referral("R-4", ago(3), "K-1")
	consent("K-2", ago(-200))
	referral("R-5", ago(3), "K-2")
	c.ConsentRevocations = []casefile.Item[casefile.ConsentRevocation]{{ID: "K-2-r", V: &casefile.ConsentRevocation{
		SchemaVersion: 1, Entry: entry(ago(2)), Consent: "K-2", RevokedOn: ago(2)}}}
	// An erasure request unanswered for 40 days.
	c.ErasureRequests = []casefile.Item[casefile.ErasureRequest]{{ID: "E-1", V: &casefile.ErasureRequest{
		ReceivedOn: ago(40), RequestedBy: "P-1", Scope: "whole_case"}}}
	return c
}
