package caseload

import (
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// A plan review resets the plan's review clock: its next_review date is what is due next.
func TestPlanReviewEntryResetsPlanReviewDue(t *testing.T) {
	asOf := dates.MustParse("2026-11-23")
	made := asOf.AddDays(-120)
	c := &casefile.Case{ID: "2026-07-01-aaaaa", Dir: "cases/2026-07-01-aaaaa",
		People: &casefile.People{People: []casefile.Person{{ID: "P-aa01", Name: "A"}}},
		Intake: &casefile.Intake{Entry: casefile.Entry{RecordedAt: made.Time(time.UTC)}, Kind: "individual", ReceivedOn: made,
			Client: "P-aa01", Priority: "routine", ImmediateRisk: "none", Decision: casefile.Decision{Decision: "accept", DecidedOn: made}},
		Plan: &casefile.Plan{CreatedOn: made, Agreement: &casefile.Agreement{On: made, How: "signed"},
			Goals: []casefile.Goal{{ID: "G-1", Statement: "x", Status: "active"}}},
		Notes: []casefile.Item[casefile.Note]{{ID: "n", V: &casefile.Note{Kind: "contact",
			Contact: casefile.NoteContact{At: asOf.AddDays(-1).Time(time.UTC), Outcome: "completed"}}}},
	}
	cfg := casefile.DefaultConfig()
	has := func() (int, bool) {
		for _, f := range CaseloadReview([]*casefile.Case{c}, asOf, cfg, ReviewOptions{}).Findings {
			if f.Check == CheckPlanReviewDue {
				return f.Days, true
			}
		}
		return 0, false
	}
	if d, ok := has(); !ok || d != 30 {
		t.Fatalf("without a review: plan_review_due %v, %d days; want 30 (120 − 90)", ok, d)
	}
	c.Reviews = []casefile.Item[casefile.CaseReview]{{ID: "r", V: &casefile.CaseReview{Type: "plan_review",
		Date: asOf.AddDays(-10), NextReview: asOf.AddDays(20)}}}
	if _, ok := has(); ok {
		t.Fatal("a plan review 10 days ago with its next review in 20 days: nothing is due")
	}
	c.Reviews[0].V.NextReview = asOf.AddDays(-2)
	if d, ok := has(); !ok || d != 2 {
		t.Fatalf("next review passed 2 days ago: got %v, %d", ok, d)
	}
	c.Reviews[0].V.Type = "supervision"
	if d, _ := has(); d != 30 {
		t.Fatalf("a supervision is not a plan review: days = %d, want 30", d)
	}
}

// A consent given when a draft was sent counts for the review as the referral's own would.
func TestConsentOfASentDraftIsWatched(t *testing.T) {
	asOf := dates.MustParse("2026-11-23")
	start := asOf.AddDays(-20)
	c := &casefile.Case{ID: "2026-11-03-aaaaa", Dir: "cases/2026-11-03-aaaaa",
		People: &casefile.People{People: []casefile.Person{{ID: "P-aa01", Name: "A"}}},
		Intake: &casefile.Intake{Kind: "individual", ReceivedOn: start, Client: "P-aa01", Priority: "routine", ImmediateRisk: "none",
			Decision: casefile.Decision{Decision: "accept", DecidedOn: start}},
		Consents:  []casefile.Item[casefile.Consent]{{ID: "k", V: &casefile.Consent{SignedOn: start, ExpiresOn: asOf.AddDays(10)}}},
		Referrals: []casefile.Item[casefile.Referral]{{ID: "r", V: &casefile.Referral{Date: start, Status: "draft"}}},
		ReferralUpdates: []casefile.Item[casefile.ReferralUpdate]{{ID: "u", V: &casefile.ReferralUpdate{Referral: "r",
			Date: asOf.AddDays(-2), Status: "sent", Consent: "k"}}},
	}
	for _, f := range CaseloadReview([]*casefile.Case{c}, asOf, casefile.DefaultConfig(), ReviewOptions{}).Findings {
		if f.Check == CheckConsentExpiring && f.Subject == "k" {
			return
		}
	}
	t.Fatal("consent k expires in 10 days while the referral sent under it is live: no consent_expiring finding")
}
