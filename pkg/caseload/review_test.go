package caseload

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// The review is computed as of rvAsOf unless a test says otherwise; ago(n) is n days before it.
var rvAsOf = dates.MustParse("2026-06-15")

func ago(n int) dates.Date { return rvAsOf.AddDays(-n) }

// noon is midday UTC of a date: the time contacts happen at in these tests.
func noon(d dates.Date) time.Time { return d.Time(time.UTC).Add(12 * time.Hour) }

// rcase builds a case for the review tests, one entry at a time.
type rcase struct{ *casefile.Case }

// intakeCase is a request received on a date, with the immediate risk noted at intake and the
// screening decision taken the same day (accept, pending, redirect, not_accept).
func intakeCase(id string, on dates.Date, risk, decision string) *rcase {
	in := &casefile.Intake{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: noon(on), RecordedBy: "intake.officer"},
		Kind:          "individual",
		ReceivedOn:    on,
		Client:        "P-1",
		Source:        "self",
		Engagement:    "voluntary",
		Request:       "Rent arrears",
		Priority:      "routine",
		ImmediateRisk: risk,
		Area:          "north",
		Decision:      casefile.Decision{Decision: decision, Worker: "w.ada"},
	}
	if decision != "pending" {
		in.DecidedOn, in.DecidedBy = on, "intake.officer"
	}
	return &rcase{&casefile.Case{
		ID:     id,
		Dir:    "cases/" + id,
		People: &casefile.People{SchemaVersion: 1, People: []casefile.Person{{ID: "P-1", Name: "Awa Diallo"}}},
		Intake: in,
	}}
}

// accepted is a case accepted at intake on a date, worked by w.ada.
func accepted(id string, on dates.Date, risk string) *rcase {
	return intakeCase(id, on, risk, "accept")
}

// pending is a case still in screening since a date.
func pending(id string, on dates.Date, risk string) *rcase {
	return intakeCase(id, on, risk, "pending")
}

func (r *rcase) by(worker string) *rcase {
	r.Intake.Decision.Worker = worker
	return r
}

func (r *rcase) decide(on dates.Date, decision string) *rcase {
	id := fmt.Sprintf("%s-d%02d", on, len(r.Decisions)+1)
	d := &casefile.DecisionEntry{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.sup"},
		Decision:      casefile.Decision{Decision: decision, DecidedOn: on},
	}
	r.Decisions = append(r.Decisions, casefile.Item[casefile.DecisionEntry]{ID: id, Path: r.Dir + "/decisions/" + id + ".yaml", V: d})
	return r
}

func (r *rcase) close(on dates.Date) *rcase {
	id := fmt.Sprintf("%s-c%02d", on, len(r.Closures)+1)
	x := &casefile.Closure{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.ada"},
		ClosedOn: on, Reason: "goals_achieved", Summary: "Done"}
	r.Closures = append(r.Closures, casefile.Item[casefile.Closure]{ID: id, Path: r.Dir + "/closures/" + id + ".yaml", V: x})
	return r
}

func (r *rcase) reopen(on dates.Date) *rcase {
	id := fmt.Sprintf("%s-r%02d", on, len(r.Reopenings)+1)
	closure := ""
	if n := len(r.Closures); n > 0 {
		closure = r.Closures[n-1].ID
	}
	x := &casefile.Reopening{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(on).Add(time.Hour), RecordedBy: "w.ada"},
		ReopenedOn: on, Reason: "New notice", Closure: closure}
	r.Reopenings = append(r.Reopenings, casefile.Item[casefile.Reopening]{ID: id, Path: r.Dir + "/reopenings/" + id + ".yaml", V: x})
	return r
}

// noteAt adds a note of a kind and outcome, its contact at one time and written at another.
func (r *rcase) noteAt(id, kind, outcome string, contact, written time.Time, amends string) *rcase {
	n := &casefile.Note{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: written, RecordedBy: "w.ada"},
		Kind:          kind,
		Format:        "narrative",
		Contact:       casefile.NoteContact{At: contact, Mode: "office", Outcome: outcome},
		Sections:      map[string]string{"text": "…"},
		Amends:        amends,
	}
	if amends != "" {
		n.AmendReason = "correction"
	}
	r.Notes = append(r.Notes, casefile.Item[casefile.Note]{ID: id, Path: r.Dir + "/notes/" + id + ".yaml", V: n})
	return r
}

// note adds a note of a contact at noon n days before rvAsOf, written an hour later.
func (r *rcase) note(id, kind, outcome string, daysAgo int) *rcase {
	c := noon(ago(daysAgo))
	return r.noteAt(id, kind, outcome, c, c.Add(time.Hour), "")
}

func rk(domain, level string, next dates.Date) casefile.Risk {
	return casefile.Risk{Domain: domain, Level: level, NextReview: next}
}

func (r *rcase) assess(on dates.Date, risks ...casefile.Risk) *rcase {
	id := fmt.Sprintf("%s-a%02d", on, len(r.Assessments)+1)
	a := &casefile.Assessment{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.ada"},
		Date: on, Type: "reassessment", Risks: risks}
	r.Assessments = append(r.Assessments, casefile.Item[casefile.Assessment]{ID: id, Path: r.Dir + "/assessments/" + id + ".yaml", V: a})
	return r
}

func (r *rcase) safety(on dates.Date) *rcase {
	id := fmt.Sprintf("%s-s%02d", on, len(r.SafetyPlans)+1)
	sp := &casefile.SafetyPlan{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.ada"},
		Date: on, WarningSigns: []string{"not sleeping"}, ClientAgreed: true}
	r.SafetyPlans = append(r.SafetyPlans, casefile.Item[casefile.SafetyPlan]{ID: id, Path: r.Dir + "/safety-plans/" + id + ".yaml", V: sp})
	return r
}

// withPlan sets the plan: created on a date, agreed on another (zero: not agreed), with a review
// date (zero: none) and goals.
func (r *rcase) withPlan(created, agreed, reviewOn dates.Date, goals ...casefile.Goal) *rcase {
	p := &casefile.Plan{SchemaVersion: 1, Revision: 1, UpdatedAt: noon(created), UpdatedBy: "w.ada",
		CreatedOn: created, ReviewOn: reviewOn, Goals: goals}
	if !agreed.IsZero() {
		p.Agreement = &casefile.Agreement{On: agreed, How: "verbal", CoBuilt: true}
	}
	r.Plan = p
	return r
}

func goal(id, status string, objs ...casefile.Objective) casefile.Goal {
	return casefile.Goal{ID: id, Statement: "Keep the flat", Status: status, Objectives: objs}
}

func objective(id, status string, target dates.Date, tasks ...casefile.Task) casefile.Objective {
	return casefile.Objective{ID: id, Statement: "Arrears plan", Status: status, TargetDate: target, Tasks: tasks}
}

func task(id, status string, due dates.Date) casefile.Task {
	return casefile.Task{ID: id, Action: "Call the landlord", Status: status, Due: due}
}

// agreedPlan is a plan made and agreed on a date, reviewed far in the future, with one goal.
func (r *rcase) agreedPlan(on dates.Date) *rcase {
	return r.withPlan(on, on, rvAsOf.AddDays(365), goal("G-1", "active"))
}

func (r *rcase) referral(id string, on dates.Date, status, consent string) *rcase {
	x := &casefile.Referral{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.ada"},
		Date: on, To: casefile.ReferralTo{Name: "Food bank"}, Reason: "Food", Urgency: "routine", Consent: consent, Status: status}
	r.Referrals = append(r.Referrals, casefile.Item[casefile.Referral]{ID: id, Path: r.Dir + "/referrals/" + id + ".yaml", V: x})
	return r
}

// update moves a referral to a status ("" for none) on a date, closing its loop or not.
func (r *rcase) update(ref string, on dates.Date, status string, loop bool) *rcase {
	n := len(r.ReferralUpdates) + 1
	id := fmt.Sprintf("%s-u%02d", on, n)
	x := &casefile.ReferralUpdate{SchemaVersion: 1,
		Entry:    casefile.Entry{RecordedAt: noon(on).Add(time.Duration(n) * time.Minute), RecordedBy: "w.ada"},
		Referral: ref, Date: on, Status: status, LoopClosed: loop}
	r.ReferralUpdates = append(r.ReferralUpdates, casefile.Item[casefile.ReferralUpdate]{ID: id, Path: r.Dir + "/referral-updates/" + id + ".yaml", V: x})
	return r
}

func (r *rcase) consent(id string, signed, expires dates.Date) *rcase {
	x := &casefile.Consent{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(signed), RecordedBy: "w.ada"},
		Categories: []string{"housing"}, Recipients: []string{"food-bank"}, Purpose: "Referral", LegalBasis: "consent",
		Method: "written", SignedBy: "P-1", SignedOn: signed, ExpiresOn: expires}
	r.Consents = append(r.Consents, casefile.Item[casefile.Consent]{ID: id, Path: r.Dir + "/consents/" + id + ".yaml", V: x})
	return r
}

func (r *rcase) revoke(consentID string, on dates.Date) *rcase {
	id := fmt.Sprintf("%s-k%02d", on, len(r.ConsentRevocations)+1)
	x := &casefile.ConsentRevocation{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: noon(on), RecordedBy: "w.ada"},
		Consent: consentID, RevokedOn: on}
	r.ConsentRevocations = append(r.ConsentRevocations, casefile.Item[casefile.ConsentRevocation]{ID: id, Path: r.Dir + "/consent-revocations/" + id + ".yaml", V: x})
	return r
}

func caseList(rs ...*rcase) []*casefile.Case {
	out := make([]*casefile.Case, len(rs))
	for i, r := range rs {
		out[i] = r.Case
	}
	return out
}

// reviewOf runs the review with the default rules and no filter.
func reviewOf(asOf dates.Date, rs ...*rcase) Review {
	return CaseloadReview(caseList(rs...), asOf, casefile.DefaultConfig(), ReviewOptions{})
}

// only keeps the findings of one check (and one subject, unless "").
func only(fs []Finding, check, subject string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Check == check && (subject == "" || f.Subject == subject) {
			out = append(out, f)
		}
	}
	return out
}

// got is a short form of a finding for comparisons: check case subject days.
func got(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		s := f.Check + " " + f.CaseID
		if f.Subject != "" {
			s += " " + f.Subject
		}
		out = append(out, fmt.Sprintf("%s %d", s, f.Days))
	}
	return out
}

// wantOne asserts exactly one finding of a check (and subject) with those days, and returns it.
func wantOne(t *testing.T, rv Review, check, subject string, days int) Finding {
	t.Helper()
	fs := only(rv.Findings, check, subject)
	if len(fs) != 1 {
		t.Fatalf("%s %s: %d findings %v, want one (all findings: %v)", check, subject, len(fs), got(fs), got(rv.Findings))
	}
	if fs[0].Days != days {
		t.Errorf("%s %s: Days = %d, want %d (%s)", check, subject, fs[0].Days, days, fs[0].Detail)
	}
	return fs[0]
}

func wantNone(t *testing.T, rv Review, check, subject string) {
	t.Helper()
	if fs := only(rv.Findings, check, subject); len(fs) != 0 {
		t.Errorf("%s %s: want no finding, got %v", check, subject, got(fs))
	}
}

// TestReviewThresholds proves for every check with a threshold that it stays silent on the
// threshold day itself and fires one day past it (k is the number of days past the threshold).
func TestReviewThresholds(t *testing.T) {
	cfg := casefile.DefaultConfig()
	type row struct {
		name    string
		check   string
		subject string
		build   func(k int) *rcase
		days    func(k int) int // nil: k
	}
	var rows []row
	for _, lvl := range casefile.RiskLevels {
		f := cfg.ContactFrequency[lvl]
		rows = append(rows,
			row{name: lvl + " risk, days since the last completed contact", check: CheckContactOverdue,
				build: func(k int) *rcase {
					return accepted("case-a", ago(400), lvl).agreedPlan(ago(300)).note("n-1", "contact", "completed", f+k)
				}},
			row{name: lvl + " risk, no contact: days since acceptance", check: CheckContactOverdue,
				build: func(k int) *rcase { return accepted("case-a", ago(f+k), lvl) }},
		)
	}
	rows = append(rows, []row{
		{name: "contact clock from a later acceptance decision", check: CheckContactOverdue,
			build: func(k int) *rcase { return pending("case-a", ago(60), "moderate").decide(ago(14+k), "accept") }},
		{name: "crisis note resets the clock", check: CheckContactOverdue,
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "high").note("n-1", "crisis", "completed", 7+k)
			}},
		{name: "high risk from an assessment sets a weekly frequency", check: CheckContactOverdue,
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").assess(ago(9), rk("harm_to_others", "high", ago(-60))).note("n-1", "contact", "completed", 7+k)
			}},
		{name: "risk review: next_review passed", check: CheckRiskReviewDue, subject: "housing_loss",
			build: func(k int) *rcase {
				return accepted("case-a", ago(300), "low").assess(ago(200), rk("housing_loss", "low", ago(k)))
			}},
		{name: "risk review: high risk not reassessed", check: CheckRiskReviewDue, subject: "harm_to_others",
			build: func(k int) *rcase {
				return accepted("case-a", ago(300), "low").assess(ago(30+k), rk("harm_to_others", "high", dates.Date{}))
			}},
		{name: "risk review: critical risk not reassessed", check: CheckRiskReviewDue, subject: "child_protection",
			build: func(k int) *rcase {
				return accepted("case-a", ago(300), "low").assess(ago(30+k), rk("child_protection", "critical", dates.Date{}))
			}},
		{name: "plan missing since acceptance at intake", check: CheckPlanMissing,
			build: func(k int) *rcase { return accepted("case-a", ago(30+k), "low") }},
		{name: "plan missing since a later decide accept, not the intake", check: CheckPlanMissing,
			build: func(k int) *rcase { return pending("case-a", ago(90), "low").decide(ago(30+k), "accept") }},
		{name: "plan review by review_on", check: CheckPlanReviewDue,
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").withPlan(ago(80), ago(80), ago(k), goal("G-1", "active"))
			}},
		{name: "plan review 90 days after creation", check: CheckPlanReviewDue,
			build: func(k int) *rcase {
				return accepted("case-a", ago(200), "low").withPlan(ago(90+k), ago(90+k), dates.Date{}, goal("G-1", "active"))
			}},
		{name: "plan review 90 days after a later agreement", check: CheckPlanReviewDue,
			build: func(k int) *rcase {
				return accepted("case-a", ago(200), "low").withPlan(ago(150), ago(90+k), dates.Date{}, goal("G-1", "active"))
			}},
		{name: "task overdue", check: CheckTaskOverdue, subject: "T-1",
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").withPlan(ago(60), ago(60), ago(-200),
					goal("G-1", "active", objective("O-1", "active", ago(-100), task("T-1", "not_started", ago(k)))))
			}},
		{name: "objective overdue", check: CheckObjectiveOverdue, subject: "O-1",
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").withPlan(ago(60), ago(60), ago(-200),
					goal("G-1", "active", objective("O-1", "active", ago(k))))
			}},
		{name: "referral sent, no news", check: CheckReferralNoNews, subject: "R-1",
			build: func(k int) *rcase { return accepted("case-a", ago(100), "low").referral("R-1", ago(14+k), "sent", "") }},
		{name: "referral received, no news since", check: CheckReferralNoNews, subject: "R-1",
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").referral("R-1", ago(60), "sent", "").update("R-1", ago(14+k), "received", false)
			}},
		{name: "referral accepted, not started", check: CheckReferralNotStarted, subject: "R-1",
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").referral("R-1", ago(60), "sent", "").update("R-1", ago(30+k), "accepted", false)
			}},
		{name: "referral waitlisted, not started", check: CheckReferralNotStarted, subject: "R-1",
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").referral("R-1", ago(60), "sent", "").update("R-1", ago(30+k), "waitlisted", false)
			}},
		{name: "consent expiring within 30 days while a referral relies on it", check: CheckConsentExpiring, subject: "K-1",
			build: func(k int) *rcase {
				return accepted("case-a", ago(100), "low").consent("K-1", ago(90), rvAsOf.AddDays(31-k)).referral("R-1", ago(1), "sent", "K-1")
			},
			days: func(int) int { return 0 }},
		{name: "intake pending in screening", check: CheckIntakePending,
			build: func(k int) *rcase { return pending("case-a", ago(5+k), "low") }},
		{name: "open long, first threshold", check: CheckOpenLong,
			build: func(k int) *rcase { return accepted("case-a", ago(180+k), "low").agreedPlan(ago(150)) }},
		{name: "open long measured from the reopening", check: CheckOpenLong,
			build: func(k int) *rcase {
				return accepted("case-a", ago(900), "low").close(ago(800)).reopen(ago(180 + k)).agreedPlan(ago(150))
			}},
	}...)
	for _, tt := range rows {
		t.Run(tt.check+"/"+tt.name, func(t *testing.T) {
			want := tt.days
			if want == nil {
				want = func(k int) int { return k }
			}
			if rv := reviewOf(rvAsOf, tt.build(0)); len(only(rv.Findings, tt.check, tt.subject)) != 0 {
				t.Errorf("on the threshold day: %v, want no %s", got(rv.Findings), tt.check)
			}
			for _, k := range []int{1, 9} {
				rv := reviewOf(rvAsOf, tt.build(k))
				f := wantOne(t, rv, tt.check, tt.subject, want(k))
				if f.CaseID != "case-a" || f.Worker != "w.ada" || f.Detail == "" {
					t.Errorf("finding %+v: want case-a, w.ada and a detail", f)
				}
			}
		})
	}
}

// TestContactClock: only completed contact or crisis notes of the episode, dated on or before
// asOf and not amendments, reset the contact clock.
func TestContactClock(t *testing.T) {
	// Moderate risk, last completed contact 20 days ago: 6 days overdue; then one more note
	// 3 days ago.
	base := func() *rcase {
		return accepted("case-a", ago(100), "moderate").agreedPlan(ago(90)).note("n-1", "contact", "completed", 20)
	}
	tests := []struct {
		name string
		add  func(r *rcase) *rcase
		days int // 0: no finding
	}{
		{"nothing more", func(r *rcase) *rcase { return r }, 6},
		{"completed contact", func(r *rcase) *rcase { return r.note("n-2", "contact", "completed", 3) }, 0},
		{"completed crisis contact", func(r *rcase) *rcase { return r.note("n-2", "crisis", "completed", 3) }, 0},
		{"attempted_no_answer", func(r *rcase) *rcase { return r.note("n-2", "contact", "attempted_no_answer", 3) }, 6},
		{"client_did_not_attend", func(r *rcase) *rcase { return r.note("n-2", "contact", "client_did_not_attend", 3) }, 6},
		{"cancelled_by_client", func(r *rcase) *rcase { return r.note("n-2", "contact", "cancelled_by_client", 3) }, 6},
		{"rescheduled", func(r *rcase) *rcase { return r.note("n-2", "contact", "rescheduled", 3) }, 6},
		{"completed collateral", func(r *rcase) *rcase { return r.note("n-2", "collateral", "completed", 3) }, 6},
		{"completed supervision", func(r *rcase) *rcase { return r.note("n-2", "supervision", "completed", 3) }, 6},
		{"completed administrative", func(r *rcase) *rcase { return r.note("n-2", "administrative", "completed", 3) }, 6},
		{"amendment of the old contact, dated recently", func(r *rcase) *rcase {
			c := noon(ago(3))
			return r.noteAt("n-2", "contact", "completed", c, c.Add(time.Hour), "n-1")
		}, 6},
		{"completed contact dated after asOf", func(r *rcase) *rcase { return r.note("n-2", "contact", "completed", -2) }, 6},
		{"completed contact today", func(r *rcase) *rcase { return r.note("n-2", "contact", "completed", 0) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.add(base()))
			if tt.days == 0 {
				wantNone(t, rv, CheckContactOverdue, "")
				return
			}
			f := wantOne(t, rv, CheckContactOverdue, "", tt.days)
			if !strings.Contains(f.Detail, "since "+ago(20).String()) || !strings.Contains(f.Detail, "every 14 days") {
				t.Errorf("detail %q", f.Detail)
			}
		})
	}

	t.Run("no contact yet: from acceptance, and said so", func(t *testing.T) {
		f := wantOne(t, reviewOf(rvAsOf, accepted("case-a", ago(20), "moderate")), CheckContactOverdue, "", 6)
		if !strings.Contains(f.Detail, "no completed contact yet this episode (since "+ago(20).String()+")") {
			t.Errorf("detail %q", f.Detail)
		}
	})
	t.Run("a contact of the previous episode does not count", func(t *testing.T) {
		r := accepted("case-a", ago(300), "moderate").note("n-1", "contact", "completed", 25).close(ago(22)).reopen(ago(20))
		wantOne(t, reviewOf(rvAsOf, r), CheckContactOverdue, "", 6)
	})
	t.Run("screening cases have no contact clock", func(t *testing.T) {
		wantNone(t, reviewOf(rvAsOf, pending("case-a", ago(100), "critical")), CheckContactOverdue, "")
	})
	t.Run("a zero frequency turns the check off", func(t *testing.T) {
		cfg := casefile.DefaultConfig()
		cfg.ContactFrequency = map[string]int{"moderate": 0}
		rv := CaseloadReview(caseList(accepted("case-a", ago(100), "moderate")), rvAsOf, cfg, ReviewOptions{})
		wantNone(t, rv, CheckContactOverdue, "")
	})
	t.Run("finding carries the current risk", func(t *testing.T) {
		r := accepted("case-a", ago(100), "low").assess(ago(20), rk("domestic_violence", "critical", ago(-5))).note("n-1", "contact", "completed", 3)
		f := wantOne(t, reviewOf(rvAsOf, r), CheckContactOverdue, "", 2)
		if f.Risk != "critical" {
			t.Errorf("Risk = %q, want critical", f.Risk)
		}
	})
}

func TestRiskReviewDue(t *testing.T) {
	t.Run("only the latest record of a domain counts", func(t *testing.T) {
		r := accepted("case-a", ago(300), "low").
			assess(ago(100), rk("harm_to_others", "high", ago(50))).
			assess(ago(10), rk("harm_to_others", "high", dates.Date{}))
		wantNone(t, reviewOf(rvAsOf, r), CheckRiskReviewDue, "")
	})
	t.Run("moderate risk without next_review is never due", func(t *testing.T) {
		r := accepted("case-a", ago(300), "low").assess(ago(200), rk("housing_loss", "moderate", dates.Date{}))
		wantNone(t, reviewOf(rvAsOf, r), CheckRiskReviewDue, "")
	})
	t.Run("next_review passed on a high risk counts from next_review", func(t *testing.T) {
		r := accepted("case-a", ago(300), "low").assess(ago(200), rk("harm_to_others", "high", ago(4)))
		f := wantOne(t, reviewOf(rvAsOf, r), CheckRiskReviewDue, "harm_to_others", 4)
		if !strings.Contains(f.Detail, ago(4).String()) {
			t.Errorf("detail %q", f.Detail)
		}
	})
	t.Run("each domain is its own finding", func(t *testing.T) {
		r := accepted("case-a", ago(300), "low").assess(ago(40),
			rk("harm_to_others", "high", dates.Date{}), rk("housing_loss", "low", ago(2)), rk("medical", "low", ago(-2)))
		rv := reviewOf(rvAsOf, r)
		wantOne(t, rv, CheckRiskReviewDue, "harm_to_others", 10)
		wantOne(t, rv, CheckRiskReviewDue, "housing_loss", 2)
		wantNone(t, rv, CheckRiskReviewDue, "medical")
	})
	t.Run("an assessment dated after asOf is not seen", func(t *testing.T) {
		r := accepted("case-a", ago(300), "low").assess(ago(40), rk("harm_to_others", "high", dates.Date{})).
			assess(ago(-1), rk("harm_to_others", "high", dates.Date{}))
		wantOne(t, reviewOf(rvAsOf, r), CheckRiskReviewDue, "harm_to_others", 10)
	})
}

// §9.3: "next_review_due passed, OR risk ≥ high and last assessment > 30 days". A next_review
// set far ahead should not silence the 30-day rule for a high risk.
func TestRiskReviewHighRiskWithDistantNextReview(t *testing.T) {
	r := accepted("case-a", ago(300), "low").assess(ago(40), rk("harm_to_others", "high", ago(-30)))
	wantOne(t, reviewOf(rvAsOf, r), CheckRiskReviewDue, "harm_to_others", 10)
}

func TestSafetyPlanMissing(t *testing.T) {
	tests := []struct {
		name    string
		r       *rcase
		subject string
		days    int // -1: no finding
	}{
		{"high suicide risk, no safety plan", accepted("case-a", ago(100), "low").assess(ago(3), rk("suicide_self_harm", "high", ago(-7))), "suicide_self_harm", 3},
		{"critical domestic violence, assessed today", accepted("case-a", ago(100), "low").assess(ago(0), rk("domestic_violence", "critical", ago(-1))), "domestic_violence", 0},
		{"moderate suicide risk", accepted("case-a", ago(100), "low").assess(ago(3), rk("suicide_self_harm", "moderate", ago(-7))), "", -1},
		{"high risk of a domain without safety plans", accepted("case-a", ago(100), "low").assess(ago(3), rk("harm_to_others", "high", ago(-7))), "", -1},
		{"safety plan in the episode", accepted("case-a", ago(100), "low").assess(ago(3), rk("suicide_self_harm", "high", ago(-7))).safety(ago(2)), "", -1},
		{"safety plan written before the risk rose, same episode", accepted("case-a", ago(100), "low").safety(ago(50)).assess(ago(3), rk("suicide_self_harm", "high", ago(-7))), "", -1},
		{"safety plan dated after asOf", accepted("case-a", ago(100), "low").assess(ago(3), rk("suicide_self_harm", "high", ago(-7))).safety(ago(-1)), "suicide_self_harm", 3},
		{"safety plan of the previous episode", accepted("case-a", ago(300), "low").safety(ago(250)).close(ago(200)).reopen(ago(20)).
			assess(ago(3), rk("suicide_self_harm", "high", ago(-7))), "suicide_self_harm", 3},
		{"risk stepped down since", accepted("case-a", ago(100), "low").assess(ago(30), rk("suicide_self_harm", "high", ago(-7))).
			assess(ago(2), rk("suicide_self_harm", "low", ago(-60))), "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.r)
			if tt.days < 0 {
				wantNone(t, rv, CheckSafetyPlanMissing, "")
				return
			}
			wantOne(t, rv, CheckSafetyPlanMissing, tt.subject, tt.days)
		})
	}
}

func TestPlanChecks(t *testing.T) {
	g := goal("G-1", "active")
	tests := []struct {
		name  string
		r     *rcase
		check string
		days  int // -1: no finding
	}{
		{"plan without goals is missing", accepted("case-a", ago(40), "low").withPlan(ago(35), ago(35), ago(-50)), CheckPlanMissing, 10},
		{"plan dated after asOf is missing", accepted("case-a", ago(40), "low").withPlan(ago(-1), ago(-1), ago(-50), g), CheckPlanMissing, 10},
		{"plan with a goal is there", accepted("case-a", ago(40), "low").withPlan(ago(35), ago(35), ago(-50), g), CheckPlanMissing, -1},
		{"later acceptance: not counted from the intake", pending("case-a", ago(40), "low").decide(ago(20), "accept"), CheckPlanMissing, -1},
		{"screening case needs no plan", pending("case-a", ago(90), "low"), CheckPlanMissing, -1},
		{"no plan yet after a reopening: from the reopening", accepted("case-a", ago(300), "low").close(ago(100)).reopen(ago(35)), CheckPlanMissing, 5},
		{"plan not agreed", accepted("case-a", ago(40), "low").withPlan(ago(12), dates.Date{}, ago(-50), g), CheckPlanNotAgreed, 12},
		{"plan made today, not agreed", accepted("case-a", ago(40), "low").withPlan(ago(0), dates.Date{}, ago(-50), g), CheckPlanNotAgreed, 0},
		{"plan agreed after asOf", accepted("case-a", ago(40), "low").withPlan(ago(12), ago(-3), ago(-50), g), CheckPlanNotAgreed, 12},
		{"plan agreed", accepted("case-a", ago(40), "low").withPlan(ago(12), ago(10), ago(-50), g), CheckPlanNotAgreed, -1},
		{"plan without goals is not reported as not agreed", accepted("case-a", ago(20), "low").withPlan(ago(12), dates.Date{}, ago(-50)), CheckPlanNotAgreed, -1},
		{"review_on overrides the 90-day default", accepted("case-a", ago(200), "low").withPlan(ago(150), ago(150), ago(-10), g), CheckPlanReviewDue, -1},
		{"no review_on: 90 days after the agreement", accepted("case-a", ago(200), "low").withPlan(ago(150), ago(150), dates.Date{}, g), CheckPlanReviewDue, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.r)
			if tt.days < 0 {
				wantNone(t, rv, tt.check, "")
				return
			}
			wantOne(t, rv, tt.check, "", tt.days)
		})
	}
	t.Run("plan_review_days 0 turns the default off", func(t *testing.T) {
		cfg := casefile.DefaultConfig()
		cfg.Review.PlanReviewDays = 0
		r := accepted("case-a", ago(200), "low").withPlan(ago(150), ago(150), dates.Date{}, g)
		rv := CaseloadReview(caseList(r), rvAsOf, cfg, ReviewOptions{})
		wantNone(t, rv, CheckPlanReviewDue, "")
	})
	t.Run("screening case: no plan checks", func(t *testing.T) {
		r := pending("case-a", ago(200), "low").withPlan(ago(150), dates.Date{}, ago(30), goal("G-1", "active",
			objective("O-1", "active", ago(3), task("T-1", "not_started", ago(3)))))
		rv := reviewOf(rvAsOf, r)
		for _, c := range []string{CheckPlanMissing, CheckPlanNotAgreed, CheckPlanReviewDue, CheckTaskOverdue, CheckObjectiveOverdue} {
			wantNone(t, rv, c, "")
		}
	})
}

// As of a past date, an agreement dated after it does not exist yet, so the 90-day default
// should run from the plan's creation.
func TestPlanReviewAsOfBeforeTheAgreement(t *testing.T) {
	r := accepted("case-a", ago(200), "low").withPlan(ago(95), ago(-10), dates.Date{}, goal("G-1", "active"))
	rv := reviewOf(rvAsOf, r)
	wantOne(t, rv, CheckPlanNotAgreed, "", 95)
	wantOne(t, rv, CheckPlanReviewDue, "", 5)
}

func TestTasksAndObjectives(t *testing.T) {
	p := func(objs ...casefile.Objective) *rcase {
		return accepted("case-a", ago(100), "low").withPlan(ago(60), ago(60), ago(-200), goal("G-1", "active", objs...))
	}
	far := ago(-100)
	tests := []struct {
		name  string
		r     *rcase
		check string
		want  []string
	}{
		{"task statuses", p(objective("O-1", "active", far,
			task("T-1", "not_started", ago(2)), task("T-2", "in_progress", ago(2)), task("T-3", "blocked", ago(2)),
			task("T-4", "done", ago(2)), task("T-5", "cancelled", ago(2)), task("T-6", "not_started", ago(0)),
			task("T-7", "not_started", dates.Date{}), task("T-8", "not_started", ago(-1)))),
			CheckTaskOverdue, []string{"task_overdue case-a T-1 2", "task_overdue case-a T-2 2", "task_overdue case-a T-3 2"}},
		{"objective statuses", p(
			objective("O-1", "proposed", ago(4)), objective("O-2", "active", ago(4)), objective("O-3", "achieved", ago(4)),
			objective("O-4", "partially_achieved", ago(4)), objective("O-5", "not_achieved", ago(4)), objective("O-6", "discontinued", ago(4)),
			objective("O-7", "replaced", ago(4)), objective("O-8", "active", ago(0)), objective("O-9", "active", dates.Date{})),
			CheckObjectiveOverdue, []string{"objective_overdue case-a O-1 4", "objective_overdue case-a O-2 4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := only(reviewOf(rvAsOf, tt.r).Findings, tt.check, "")
			sort.Slice(fs, func(i, j int) bool { return fs[i].Subject < fs[j].Subject })
			if g := got(fs); !reflect.DeepEqual(g, tt.want) {
				t.Errorf("got %v, want %v", g, tt.want)
			}
		})
	}
	t.Run("detail names the goal and the due date", func(t *testing.T) {
		f := wantOne(t, reviewOf(rvAsOf, p(objective("O-1", "active", far, task("T-1", "not_started", ago(2))))), CheckTaskOverdue, "T-1", 2)
		if !strings.Contains(f.Detail, "G-1") || !strings.Contains(f.Detail, ago(2).String()) {
			t.Errorf("detail %q", f.Detail)
		}
	})
}

func TestReferralChecks(t *testing.T) {
	c := func() *rcase { return accepted("case-a", ago(200), "low").agreedPlan(ago(150)) }
	tests := []struct {
		name  string
		r     *rcase
		check string // "": no referral finding at all
		days  int
	}{
		{"draft is never reported", c().referral("R-1", ago(100), "draft", ""), "", 0},
		{"sent 14 days ago", c().referral("R-1", ago(14), "sent", ""), "", 0},
		{"sent 15 days ago", c().referral("R-1", ago(15), "sent", ""), CheckReferralNoNews, 1},
		{"sent long ago, received 14 days ago", c().referral("R-1", ago(100), "sent", "").update("R-1", ago(14), "received", false), "", 0},
		{"an update without status does not reset the clock", c().referral("R-1", ago(20), "sent", "").update("R-1", ago(2), "", false), CheckReferralNoNews, 6},
		{"an update after asOf is not seen", c().referral("R-1", ago(20), "sent", "").update("R-1", ago(-1), "accepted", false), CheckReferralNoNews, 6},
		{"accepted 30 days ago", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(30), "accepted", false), "", 0},
		{"accepted 31 days ago", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(31), "accepted", false), CheckReferralNotStarted, 1},
		{"in progress for ever", c().referral("R-1", ago(190), "sent", "").update("R-1", ago(180), "in_progress", false), "", 0},
		{"completed today, loop open", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(0), "completed", false), CheckReferralLoopOpen, 0},
		{"completed 5 days ago, loop open", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "completed", false), CheckReferralLoopOpen, 5},
		{"not completed, loop open", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "not_completed", false), CheckReferralLoopOpen, 5},
		{"declined, loop open", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "declined", false), CheckReferralLoopOpen, 5},
		{"completed, loop closed later", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "completed", false).
			update("R-1", ago(1), "", true), "", 0},
		{"completed with the loop closed at once", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "completed", true), "", 0},
		{"declined, loop closed", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "declined", false).
			update("R-1", ago(4), "", true), "", 0},
		{"loop closed after asOf", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "completed", false).
			update("R-1", ago(-1), "", true), CheckReferralLoopOpen, 5},
		{"cancelled", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(50), "cancelled", false), "", 0},
		{"entered in error", c().referral("R-1", ago(60), "sent", "").update("R-1", ago(50), "entered_in_error", false), "", 0},
		{"referral dated after asOf", c().referral("R-1", ago(-1), "sent", ""), "", 0},
	}
	referralChecks := []string{CheckReferralNoNews, CheckReferralNotStarted, CheckReferralLoopOpen}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.r)
			for _, ch := range referralChecks {
				if ch == tt.check {
					f := wantOne(t, rv, ch, "R-1", tt.days)
					if !strings.Contains(f.Detail, "R-1") {
						t.Errorf("detail %q", f.Detail)
					}
					continue
				}
				wantNone(t, rv, ch, "")
			}
		})
	}
	t.Run("several referrals, each its own finding", func(t *testing.T) {
		r := c().referral("R-1", ago(20), "sent", "").referral("R-2", ago(40), "sent", "").update("R-2", ago(35), "accepted", false)
		rv := reviewOf(rvAsOf, r)
		wantOne(t, rv, CheckReferralNoNews, "R-1", 6)
		wantOne(t, rv, CheckReferralNotStarted, "R-2", 5)
	})
}

func TestConsentExpiring(t *testing.T) {
	c := func() *rcase { return accepted("case-a", ago(200), "low").agreedPlan(ago(150)) }
	in := func(n int) dates.Date { return rvAsOf.AddDays(n) }
	tests := []struct {
		name string
		r    *rcase
		days int // -1: no finding
	}{
		{"expires in 30 days, referral sent", c().consent("K-1", ago(300), in(30)).referral("R-1", ago(1), "sent", "K-1"), 0},
		{"expires in 31 days", c().consent("K-1", ago(300), in(31)).referral("R-1", ago(1), "sent", "K-1"), -1},
		{"expires in 30 days, no referral", c().consent("K-1", ago(300), in(30)), -1},
		{"expires in 30 days, referral relies on another consent", c().consent("K-1", ago(300), in(30)).consent("K-2", ago(300), in(300)).
			referral("R-1", ago(1), "sent", "K-2"), -1},
		{"expires in 30 days, referral draft", c().consent("K-1", ago(300), in(30)).referral("R-1", ago(1), "draft", "K-1"), 0},
		{"expires in 30 days, referral in progress", c().consent("K-1", ago(300), in(30)).referral("R-1", ago(20), "sent", "K-1").
			update("R-1", ago(10), "in_progress", false), 0},
		{"expires in 30 days, referral completed", c().consent("K-1", ago(300), in(30)).referral("R-1", ago(20), "sent", "K-1").
			update("R-1", ago(10), "completed", true), -1},
		{"expires in 30 days, referral cancelled", c().consent("K-1", ago(300), in(30)).referral("R-1", ago(20), "sent", "K-1").
			update("R-1", ago(10), "cancelled", false), -1},
		{"expires today", c().consent("K-1", ago(300), in(0)).referral("R-1", ago(1), "sent", "K-1"), 0},
		{"expired 5 days ago, referral accepted", c().consent("K-1", ago(300), ago(5)).referral("R-1", ago(20), "sent", "K-1").
			update("R-1", ago(10), "accepted", false), 5},
		{"no expiry date", c().consent("K-1", ago(300), dates.Date{}).referral("R-1", ago(1), "sent", "K-1"), -1},
		// A consent revoked while a live referral relies on it is reported, days since revocation.
		{"revoked", c().consent("K-1", ago(300), in(10)).revoke("K-1", ago(2)).referral("R-1", ago(5), "sent", "K-1"), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.r)
			if tt.days < 0 {
				wantNone(t, rv, CheckConsentExpiring, "")
				return
			}
			f := wantOne(t, rv, CheckConsentExpiring, "K-1", tt.days)
			if !strings.Contains(f.Detail, "K-1") {
				t.Errorf("detail %q", f.Detail)
			}
		})
	}
}

func TestIntakePending(t *testing.T) {
	wantOne(t, reviewOf(rvAsOf, pending("case-a", ago(12), "low")), CheckIntakePending, "", 7)
	wantNone(t, reviewOf(rvAsOf, pending("case-a", ago(12), "low").decide(ago(1), "accept")), CheckIntakePending, "")
	wantNone(t, reviewOf(rvAsOf, pending("case-a", ago(12), "low").decide(ago(1), "redirect")), CheckIntakePending, "")
	// A decision dated after asOf is not seen.
	wantOne(t, reviewOf(rvAsOf, pending("case-a", ago(12), "low").decide(ago(-1), "accept")), CheckIntakePending, "", 7)
	wantNone(t, reviewOf(rvAsOf, accepted("case-a", ago(12), "low")), CheckIntakePending, "")
}

func TestOpenLong(t *testing.T) {
	tests := []struct {
		open  int
		days  int // -1: no finding
		limit int
	}{
		{180, -1, 0}, {181, 1, 180}, {365, 185, 180}, {366, 1, 365}, {400, 35, 365},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.open), func(t *testing.T) {
			rv := reviewOf(rvAsOf, accepted("case-a", ago(tt.open), "low").agreedPlan(ago(tt.open-1)))
			if tt.days < 0 {
				wantNone(t, rv, CheckOpenLong, "")
				return
			}
			f := wantOne(t, rv, CheckOpenLong, "", tt.days)
			if want := fmt.Sprintf("open for %d days (over %d)", tt.open, tt.limit); !strings.Contains(f.Detail, want) {
				t.Errorf("detail %q, want %q", f.Detail, want)
			}
		})
	}
	t.Run("a screening case open long is reported too", func(t *testing.T) {
		wantOne(t, reviewOf(rvAsOf, pending("case-a", ago(181), "low")), CheckOpenLong, "", 1)
	})
	t.Run("thresholds in any order", func(t *testing.T) {
		cfg := casefile.DefaultConfig()
		cfg.Review.LongOpenDays = []int{365, 180}
		rv := CaseloadReview(caseList(accepted("case-a", ago(366), "low").agreedPlan(ago(300))), rvAsOf, cfg, ReviewOptions{})
		wantOne(t, rv, CheckOpenLong, "", 1)
	})
}

func TestLostContact(t *testing.T) {
	c := func() *rcase { return accepted("case-a", ago(200), "low").agreedPlan(ago(150)) }
	tests := []struct {
		name string
		r    *rcase
		days int // -1: no finding
	}{
		{"three failed attempts within 30 days", c().note("n-1", "contact", "attempted_no_answer", 30).
			note("n-2", "contact", "attempted_no_answer", 10).note("n-3", "contact", "client_did_not_attend", 1), 30},
		{"two failed attempts", c().note("n-1", "contact", "attempted_no_answer", 10).note("n-2", "contact", "attempted_no_answer", 1), -1},
		{"one of the three 31 days ago", c().note("n-1", "contact", "attempted_no_answer", 31).
			note("n-2", "contact", "attempted_no_answer", 10).note("n-3", "contact", "attempted_no_answer", 1), -1},
		{"a completed contact after them", c().note("n-1", "contact", "attempted_no_answer", 20).
			note("n-2", "contact", "attempted_no_answer", 10).note("n-3", "contact", "attempted_no_answer", 5).note("n-4", "contact", "completed", 2), -1},
		{"a completed contact before them", c().note("n-0", "contact", "completed", 25).note("n-1", "contact", "attempted_no_answer", 20).
			note("n-2", "contact", "attempted_no_answer", 10).note("n-3", "contact", "attempted_no_answer", 5), 20},
		{"a completed crisis contact after them", c().note("n-1", "contact", "attempted_no_answer", 20).
			note("n-2", "contact", "attempted_no_answer", 10).note("n-3", "contact", "attempted_no_answer", 5).note("n-4", "crisis", "completed", 2), -1},
		{"a completed collateral contact after them does not count", c().note("n-1", "contact", "attempted_no_answer", 20).
			note("n-2", "contact", "attempted_no_answer", 10).note("n-3", "contact", "attempted_no_answer", 5).note("n-4", "collateral", "completed", 2), 20},
		{"cancellations are not failed attempts", c().note("n-1", "contact", "cancelled_by_client", 20).
			note("n-2", "contact", "cancelled_by_worker", 10).note("n-3", "contact", "rescheduled", 5), -1},
		{"an amendment is not an attempt", c().note("n-1", "contact", "attempted_no_answer", 20).note("n-2", "contact", "attempted_no_answer", 10).
			noteAt("n-3", "contact", "attempted_no_answer", noon(ago(10)), noon(ago(9)), "n-2"), -1},
		{"an attempt after asOf is not seen", c().note("n-1", "contact", "attempted_no_answer", 20).note("n-2", "contact", "attempted_no_answer", 10).
			note("n-3", "contact", "attempted_no_answer", -1), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.r)
			if tt.days < 0 {
				wantNone(t, rv, CheckLostContact, "")
				return
			}
			wantOne(t, rv, CheckLostContact, "", tt.days)
		})
	}
}

// Failed calls to a landlord or another professional (collateral notes) are not attempts to
// reach the client, as the contact clock itself says (directKinds).
func TestLostContactIgnoresCollateralAttempts(t *testing.T) {
	r := accepted("case-a", ago(200), "low").agreedPlan(ago(150)).note("n-0", "contact", "completed", 5).
		note("n-1", "collateral", "attempted_no_answer", 4).note("n-2", "collateral", "attempted_no_answer", 3).
		note("n-3", "collateral", "attempted_no_answer", 2)
	wantNone(t, reviewOf(rvAsOf, r), CheckLostContact, "")
}

func TestLateDocumentation(t *testing.T) {
	c := func() *rcase { return accepted("case-a", ago(200), "low").agreedPlan(ago(150)) }
	contact := noon(ago(4))
	tests := []struct {
		name string
		r    *rcase
		late bool
	}{
		{"written 48 hours after", c().noteAt("n-1", "contact", "completed", contact, contact.Add(48*time.Hour), ""), false},
		{"written 48 hours and a minute after", c().noteAt("n-1", "contact", "completed", contact, contact.Add(48*time.Hour+time.Minute), ""), true},
		{"written 49 hours after", c().noteAt("n-1", "contact", "completed", contact, contact.Add(49*time.Hour), ""), true},
		{"late collateral note", c().noteAt("n-1", "collateral", "completed", contact, contact.Add(72*time.Hour), ""), true},
		{"late attempt note", c().noteAt("n-1", "contact", "attempted_no_answer", contact, contact.Add(72*time.Hour), ""), true},
		{"late amendment", c().noteAt("n-1", "contact", "completed", contact, contact.Add(72*time.Hour), "n-0"), false},
		{"written 6 days before asOf", c().noteAt("n-1", "contact", "completed", noon(ago(10)), noon(ago(6)), ""), true},
		{"written 7 days before asOf: last week's", c().noteAt("n-1", "contact", "completed", noon(ago(11)), noon(ago(7)), ""), false},
		{"written after asOf", c().noteAt("n-1", "contact", "completed", noon(ago(2)), noon(ago(-1)), ""), false},
		{"written today", c().noteAt("n-1", "contact", "completed", noon(ago(3)), noon(ago(0)), ""), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := reviewOf(rvAsOf, tt.r)
			fs := only(rv.Findings, CheckLateDocumentation, "")
			if !tt.late {
				if len(fs) != 0 {
					t.Errorf("want none, got %v", got(fs))
				}
				return
			}
			if len(fs) != 1 || fs[0].Subject != "n-1" || fs[0].Days < 0 {
				t.Fatalf("want one finding about n-1, got %v", got(fs))
			}
			if !strings.Contains(fs[0].Detail, "note n-1 written") {
				t.Errorf("detail %q", fs[0].Detail)
			}
		})
	}
	t.Run("late_documentation_hours 0 turns the check off", func(t *testing.T) {
		cfg := casefile.DefaultConfig()
		cfg.Review.LateDocumentationHours = 0
		r := c().noteAt("n-1", "contact", "completed", contact, contact.Add(90*time.Hour), "")
		wantNone(t, CaseloadReview(caseList(r), rvAsOf, cfg, ReviewOptions{}), CheckLateDocumentation, "")
	})
}

// Every other threshold check reports days past its threshold (one day past → 1); a note
// written 72 h after the contact is one day past the 48 h limit.
func TestLateDocumentationDaysPastThreshold(t *testing.T) {
	contact := noon(ago(4))
	r := accepted("case-a", ago(200), "low").agreedPlan(ago(150)).noteAt("n-1", "contact", "completed", contact, contact.Add(72*time.Hour), "")
	wantOne(t, reviewOf(rvAsOf, r), CheckLateDocumentation, "n-1", 1)
}

// richCaseload raises every one of the 16 checks, across two workers, plus cases that are not
// open.
func richCaseload() []*rcase {
	return []*rcase{
		// w.ada, high risk: contact, risk review, safety plan, referrals, consent, lost contact,
		// late documentation, open long.
		accepted("case-a", ago(200), "moderate").
			assess(ago(40), rk("suicide_self_harm", "high", dates.Date{})).
			note("n-1", "contact", "completed", 40).
			note("n-2", "contact", "attempted_no_answer", 12).note("n-3", "contact", "attempted_no_answer", 8).
			noteAt("n-4", "contact", "attempted_no_answer", noon(ago(5)), noon(ago(1)), "").
			consent("K-1", ago(100), rvAsOf.AddDays(10)).
			referral("R-1", ago(20), "sent", "K-1").
			referral("R-2", ago(80), "sent", "").update("R-2", ago(40), "accepted", false).
			referral("R-3", ago(60), "sent", "").update("R-3", ago(9), "completed", false).
			withPlan(ago(150), ago(150), dates.Date{}, goal("G-1", "active",
				objective("O-1", "active", ago(3), task("T-1", "in_progress", ago(6)), task("T-2", "done", ago(6))))),
		// w.ada, moderate: plan not agreed.
		accepted("case-b", ago(50), "moderate").note("n-1", "contact", "completed", 2).
			withPlan(ago(10), dates.Date{}, ago(-60), goal("G-1", "active")).erasure("E-1", 40, -1),
		// w.bo: no plan, and a screening case pending.
		accepted("case-c", ago(45), "low").by("w.bo").note("n-1", "contact", "completed", 1),
		pending("case-d", ago(9), "critical").by("w.bo"),
		// not open: closed (with plenty that would be findings), redirected.
		accepted("case-e", ago(400), "high").by("w.bo").note("n-1", "contact", "attempted_no_answer", 3).
			referral("R-1", ago(100), "sent", "").close(ago(2)),
		intakeCase("case-f", ago(3), "low", "redirect"),
		// received after asOf: not there yet.
		accepted("case-g", ago(-2), "critical"),
		// no intake: skipped.
		{&casefile.Case{ID: "case-h", Dir: "cases/case-h"}},
	}
}

func TestReviewCoversEveryCheck(t *testing.T) {
	rv := reviewOf(rvAsOf, richCaseload()...)
	seen := map[string]bool{}
	for _, f := range rv.Findings {
		seen[f.Check] = true
		if checkOrder(f.Check) == len(Checks) {
			t.Errorf("finding of an unknown check %q", f.Check)
		}
		switch f.CaseID {
		case "case-e", "case-f", "case-g", "case-h":
			t.Errorf("finding on a case that is not open (or not there): %+v", f)
		}
	}
	for _, c := range Checks {
		if !seen[c] {
			t.Errorf("no %s finding in the rich caseload: %v", c, got(rv.Findings))
		}
	}
	if len(Checks) != 17 {
		t.Errorf("Checks = %d codes, want 17", len(Checks))
	}
	assertSorted(t, rv.Findings)
	if rv.AsOf != rvAsOf {
		t.Errorf("AsOf = %v", rv.AsOf)
	}
}

func TestClosedCasesGiveNoFindings(t *testing.T) {
	closed := accepted("case-a", ago(400), "critical").assess(ago(100), rk("suicide_self_harm", "critical", ago(50))).
		note("n-1", "contact", "attempted_no_answer", 5).note("n-2", "contact", "attempted_no_answer", 4).
		noteAt("n-3", "contact", "attempted_no_answer", noon(ago(5)), noon(ago(1)), "").
		referral("R-1", ago(100), "sent", "").withPlan(ago(300), dates.Date{}, ago(100), goal("G-1", "active",
		objective("O-1", "active", ago(50), task("T-1", "not_started", ago(50))))).
		close(ago(3))
	rv := reviewOf(rvAsOf, closed)
	if len(rv.Findings) != 0 {
		t.Errorf("closed case findings: %v", got(rv.Findings))
	}
	if rv.Indicators.ClosedThisWeek != 1 || rv.Indicators.OpenCases != 0 {
		t.Errorf("indicators %+v: want the closure counted, no open case", rv.Indicators)
	}
	if len(rv.Workers) != 0 {
		t.Errorf("workers %+v: a closed case is nobody's caseload", rv.Workers)
	}
	// As of the day before the closure, the same case is open and full of findings.
	if rv := reviewOf(ago(4), closed); len(rv.Findings) == 0 || rv.Indicators.OpenCases != 1 {
		t.Errorf("as of before the closure: %v %+v", got(rv.Findings), rv.Indicators)
	}
}

func TestReviewFilters(t *testing.T) {
	cases := caseList(richCaseload()...)
	cfg := casefile.DefaultConfig()
	tests := []struct {
		name    string
		o       ReviewOptions
		cases   []string // the cases findings may come from (and must, all of them)
		workers []string
		open    int
	}{
		{"no filter", ReviewOptions{}, []string{"case-a", "case-b", "case-c", "case-d"}, []string{"w.ada", "w.bo"}, 4},
		{"worker", ReviewOptions{Worker: "w.bo"}, []string{"case-c", "case-d"}, []string{"w.bo"}, 2},
		{"cases", ReviewOptions{Cases: []string{"case-b", "case-d"}}, []string{"case-b", "case-d"}, []string{"w.ada", "w.bo"}, 2},
		{"worker and cases", ReviewOptions{Worker: "w.ada", Cases: []string{"case-b", "case-d"}}, []string{"case-b"}, []string{"w.ada"}, 1},
		{"unknown worker", ReviewOptions{Worker: "w.nobody"}, []string{}, []string{}, 0},
		{"unknown case", ReviewOptions{Cases: []string{"case-z"}}, []string{}, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := CaseloadReview(cases, rvAsOf, cfg, tt.o)
			if rv.Findings == nil || rv.Workers == nil {
				t.Fatalf("nil lists: %+v", rv)
			}
			seen := map[string]bool{}
			for _, f := range rv.Findings {
				seen[f.CaseID] = true
				if tt.o.Worker != "" && f.Worker != tt.o.Worker {
					t.Errorf("finding of %s in a review of %s", f.Worker, tt.o.Worker)
				}
			}
			gotCases := []string{}
			for id := range seen {
				gotCases = append(gotCases, id)
			}
			sort.Strings(gotCases)
			if !reflect.DeepEqual(gotCases, tt.cases) {
				t.Errorf("findings from %v, want %v", gotCases, tt.cases)
			}
			gotWorkers := []string{}
			for _, w := range rv.Workers {
				gotWorkers = append(gotWorkers, w.Worker)
			}
			if !reflect.DeepEqual(gotWorkers, tt.workers) {
				t.Errorf("workers %v, want %v", gotWorkers, tt.workers)
			}
			if rv.Indicators.OpenCases != tt.open {
				t.Errorf("open cases %d, want %d", rv.Indicators.OpenCases, tt.open)
			}
		})
	}
}

func TestWorkerLines(t *testing.T) {
	rv := reviewOf(rvAsOf, richCaseload()...)
	byWorker := map[string]WorkerLine{}
	for _, w := range rv.Workers {
		byWorker[w.Worker] = w
	}
	count := func(worker string) (int, map[string]int) {
		n, by := 0, map[string]int{}
		for _, f := range rv.Findings {
			if f.Worker == worker {
				n++
				by[f.Check]++
			}
		}
		return n, by
	}
	for _, tt := range []struct {
		worker         string
		open, highRisk int
	}{{"w.ada", 2, 1}, {"w.bo", 2, 1}} {
		w, ok := byWorker[tt.worker]
		if !ok {
			t.Fatalf("no line for %s: %+v", tt.worker, rv.Workers)
		}
		n, by := count(tt.worker)
		if w.Open != tt.open || w.HighRisk != tt.highRisk || w.Findings != n || !reflect.DeepEqual(w.ByCheck, by) {
			t.Errorf("%s line %+v; want open %d, high %d, findings %d %v", tt.worker, w, tt.open, tt.highRisk, n, by)
		}
	}
}

// assertSorted checks the report order: risk (highest first), days overdue (most first), case
// id, then the order of Checks, then the subject.
func assertSorted(t *testing.T, fs []Finding) {
	t.Helper()
	key := func(f Finding) string {
		return fmt.Sprintf("%d|%09d|%s|%02d|%s", 9-casefile.RiskRank(f.Risk), 999999999-f.Days, f.CaseID, checkOrder(f.Check), f.Subject)
	}
	for i := 1; i < len(fs); i++ {
		if key(fs[i-1]) > key(fs[i]) {
			t.Errorf("findings out of order at %d: %+v before %+v", i, fs[i-1], fs[i])
		}
	}
}

func TestReviewSorting(t *testing.T) {
	rv := reviewOf(rvAsOf,
		accepted("case-e", ago(80), "low"),     // contact 50 and plan missing 50
		accepted("case-b", ago(10), "high"),    // contact 3
		accepted("case-c", ago(17), "high"),    // contact 10
		accepted("case-a", ago(10), "high"),    // contact 3
		accepted("case-d", ago(2), "critical"), // contact 1
		accepted("case-f", ago(100), "moderate").agreedPlan(ago(90)).note("n-1", "contact", "completed", 1).
			withPlan(ago(90), ago(90), ago(-100), goal("G-1", "active", objective("O-1", "active", ago(-50),
				task("T-2", "not_started", ago(4)), task("T-10", "not_started", ago(4)), task("T-1", "not_started", ago(4))))),
	)
	want := []string{
		"contact_overdue case-d 1",
		"contact_overdue case-c 10",
		"contact_overdue case-a 3",
		"contact_overdue case-b 3",
		"task_overdue case-f T-1 4",
		"task_overdue case-f T-10 4",
		"task_overdue case-f T-2 4",
		"contact_overdue case-e 50",
		"plan_missing case-e 50",
	}
	if g := got(rv.Findings); !reflect.DeepEqual(g, want) {
		t.Errorf("order:\n%v\nwant\n%v", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
	assertSorted(t, rv.Findings)
}

func TestIndicators(t *testing.T) {
	cases := []*rcase{
		pending("new-0", ago(0), "low"),
		accepted("new-6", ago(6), "low"),
		accepted("new-7", ago(7), "low"),
		accepted("new-13", ago(13), "low"),
		accepted("new-14", ago(14), "low"),
		intakeCase("redirected-3", ago(3), "low", "redirect"),
		accepted("future", ago(-1), "low").close(ago(-1)),
		accepted("closed-0", ago(100), "low").close(ago(0)),
		accepted("closed-6", ago(100), "low").close(ago(6)),
		accepted("closed-7", ago(100), "low").close(ago(7)),
		accepted("closed-13", ago(100), "low").close(ago(13)),
		accepted("closed-14", ago(100), "low").close(ago(14)),
		accepted("closed-later", ago(100), "low").close(ago(-1)),
		accepted("reopened", ago(100), "low").close(ago(50)).reopen(ago(2)),
		accepted("referrals", ago(100), "low").
			referral("R-1", ago(60), "sent", "").update("R-1", ago(13), "completed", false).
			referral("R-2", ago(60), "sent", "").update("R-2", ago(14), "completed", false).
			referral("R-3", ago(60), "sent", "").update("R-3", ago(0), "declined", false).
			referral("R-4", ago(60), "sent", "").update("R-4", ago(20), "declined", false).
			referral("R-5", ago(60), "sent", "").update("R-5", ago(1), "not_completed", false).
			referral("R-6", ago(60), "sent", "").update("R-6", ago(-1), "completed", false),
		accepted("closed-referrals", ago(100), "low").
			referral("R-1", ago(60), "sent", "").update("R-1", ago(5), "completed", true).close(ago(30)),
	}
	rv := reviewOf(rvAsOf, cases...)
	want := Indicators{
		OpenCases:            8, // new-0, new-6, new-7, new-13, new-14, closed-later, reopened, referrals
		NewThisWeek:          3, // new-0, new-6, redirected-3
		NewLastWeek:          2, // new-7, new-13
		ClosedThisWeek:       2, // closed-0, closed-6
		ClosedLastWeek:       2, // closed-7, closed-13
		ReferralsCompleted14: 2, // R-1 and the closed case's
		ReferralsDeclined14:  1,
	}
	if rv.Indicators != want {
		t.Errorf("indicators\n%+v\nwant\n%+v", rv.Indicators, want)
	}
	// The worker filter narrows the indicators too.
	cases[1].by("w.bo")
	rv = CaseloadReview(caseList(cases...), rvAsOf, casefile.DefaultConfig(), ReviewOptions{Worker: "w.bo"})
	if want := (Indicators{OpenCases: 1, NewThisWeek: 1}); rv.Indicators != want {
		t.Errorf("w.bo indicators %+v, want %+v", rv.Indicators, want)
	}
}

func TestReviewIsDeterministic(t *testing.T) {
	cases := caseList(richCaseload()...)
	cfg := casefile.DefaultConfig()
	a := CaseloadReview(cases, rvAsOf, cfg, ReviewOptions{})
	b := CaseloadReview(cases, rvAsOf, cfg, ReviewOptions{})
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two runs differ:\n%+v\n%+v", a, b)
	}
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("JSON differs:\n%s\n%s", ja, jb)
	}
	// Fresh copies of the same files, given in another order, make the same review.
	rev := caseList(richCaseload()...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	jc, _ := json.Marshal(CaseloadReview(rev, rvAsOf, cfg, ReviewOptions{}))
	if string(ja) != string(jc) {
		t.Errorf("JSON depends on the order of the cases:\n%s\n%s", ja, jc)
	}
	// The review does not change its input.
	again, _ := json.Marshal(CaseloadReview(cases, rvAsOf, cfg, ReviewOptions{}))
	if string(again) != string(ja) {
		t.Errorf("a third run differs")
	}
}

func TestEmptyReview(t *testing.T) {
	rv := CaseloadReview(nil, rvAsOf, casefile.DefaultConfig(), ReviewOptions{})
	j, err := json.Marshal(rv)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"as_of":"2026-06-15","findings":[],"workers":[],"indicators":{"open_cases":0,"new_this_week":0,"new_last_week":0,` +
		`"closed_this_week":0,"closed_last_week":0,"referrals_completed_14_days":0,"referrals_declined_14_days":0}}`
	if string(j) != want {
		t.Errorf("empty review JSON\n%s\nwant\n%s", j, want)
	}
}

// TestReviewAsOfInThePast: a review as of a past date sees the cases as they stood then.
// Building the same cases with and without the entries dated after that date must give the
// same review, and the findings it had then.
func TestReviewAsOfInThePast(t *testing.T) {
	p := ago(60)
	d := func(n int) dates.Date { return p.AddDays(n) } // n days after p (negative: before)
	build := func(later bool) []*rcase {
		x := accepted("case-x", d(-200), "moderate").
			note("n-1", "contact", "completed", 60+20). // p-20
			assess(d(-40), rk("suicide_self_harm", "high", dates.Date{})).
			consent("K-1", d(-100), d(10)).
			referral("R-1", d(-20), "sent", "K-1").
			referral("R-2", d(-50), "sent", "").update("R-2", d(-10), "completed", false).
			note("n-2", "contact", "attempted_no_answer", 60+9).note("n-3", "contact", "attempted_no_answer", 60+8).
			note("n-4", "contact", "attempted_no_answer", 60+7).
			noteAt("n-5", "collateral", "completed", noon(d(-4)), noon(d(-1)), ""). // late, and no contact
			withPlan(d(-10), dates.Date{}, dates.Date{}, goal("G-1", "active", objective("O-1", "active", d(30), task("T-1", "not_started", d(-3)))))
		z := pending("case-z", d(-10), "low")
		if later {
			x.note("n-6", "contact", "completed", 60-5) // p+5
			x.noteAt("n-7", "contact", "completed", noon(d(1)), noon(d(4)), "")
			x.assess(d(2), rk("suicide_self_harm", "low", dates.Date{})).safety(d(1))
			x.update("R-1", d(3), "accepted", false).revoke("K-1", d(4))
			x.update("R-2", d(1), "", true)
			x.close(d(20))
			x.Plan.Agreement = &casefile.Agreement{On: d(2), How: "verbal"}
			z.decide(d(1), "accept")
			return []*rcase{x, z, accepted("case-y", d(1), "critical")}
		}
		return []*rcase{x, z}
	}
	full, trimmed := reviewOf(p, build(true)...), reviewOf(p, build(false)...)
	if !reflect.DeepEqual(full, trimmed) {
		t.Errorf("entries dated after asOf change the review:\n%v\n%+v\nwant\n%v\n%+v", got(full.Findings), full.Indicators, got(trimmed.Findings), trimmed.Indicators)
	}
	want := []string{
		"safety_plan_missing case-x suicide_self_harm 40",
		"contact_overdue case-x 13",
		"risk_review_due case-x suicide_self_harm 10",
		"plan_not_agreed case-x 10",
		"referral_loop_open case-x R-2 10",
		"lost_contact case-x 9",
		"referral_no_news case-x R-1 6",
		"task_overdue case-x T-1 3",
		"consent_expiring case-x K-1 0",
		"open_long case-x 20",
		"intake_pending case-z 5",
	}
	// late_documentation is there too; its days are left out (see TestLateDocumentationDaysPastThreshold).
	if len(only(full.Findings, CheckLateDocumentation, "n-5")) != 1 {
		t.Errorf("no late_documentation for n-5 as of %s: %v", p, got(full.Findings))
	}
	var rest []Finding
	for _, f := range full.Findings {
		if f.Check != CheckLateDocumentation {
			rest = append(rest, f)
		}
	}
	g := got(rest)
	sort.Strings(g)
	sort.Strings(want)
	if !reflect.DeepEqual(g, want) {
		t.Errorf("findings as of %s:\n%v\nwant\n%v", p, strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
	// And as of today, the later entries settle most of it.
	now := reviewOf(rvAsOf, build(true)...)
	for _, f := range now.Findings {
		if f.CaseID == "case-x" {
			t.Errorf("case-x is closed today, yet %+v", f)
		}
	}
}
