package caseload

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// The evaluation period of these tests, both days included.
var (
	ocFrom = dates.MustParse("2026-01-01")
	ocTo   = dates.MustParse("2026-06-30")
)

func ocDate(s string) dates.Date { return dates.MustParse(s) }

func ocNoon(d dates.Date) time.Time { return d.Time(time.UTC).Add(12 * time.Hour) }

// ocCase builds a case for the outcome tests, one entry at a time.
type ocCase struct{ *casefile.Case }

// ocIntake is an individual case received on a date, accepted the same day for w.ada.
func ocIntake(id, received string) *ocCase {
	on := ocDate(received)
	return &ocCase{&casefile.Case{
		ID:     id,
		Dir:    "cases/" + id,
		People: &casefile.People{SchemaVersion: 1, People: []casefile.Person{{ID: "P-1", Name: "Awa Diallo"}}},
		Intake: &casefile.Intake{
			SchemaVersion: 1,
			Entry:         casefile.Entry{RecordedAt: ocNoon(on), RecordedBy: "intake.officer"},
			Kind:          "individual", ReceivedOn: on, Client: "P-1", Source: "self", Engagement: "voluntary",
			Request: "Rent arrears", Priority: "routine", ImmediateRisk: "low", Area: "north",
			Decision: casefile.Decision{Decision: "accept", DecidedOn: on, Worker: "w.ada"},
		},
	}}
}

func (c *ocCase) kind(k string) *ocCase { c.Intake.Kind = k; return c }

func (c *ocCase) worker(w string) *ocCase { c.Intake.Decision.Worker = w; return c }

func (c *ocCase) closeOn(on, reason string) *ocCase {
	d := ocDate(on)
	id := fmt.Sprintf("%s-c%02d", on, len(c.Closures)+1)
	c.Closures = append(c.Closures, casefile.Item[casefile.Closure]{ID: id, Path: c.Dir + "/closures/" + id + ".yaml",
		V: &casefile.Closure{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: ocNoon(d), RecordedBy: "w.ada"},
			ClosedOn: d, Reason: reason, Summary: "Done"}})
	return c
}

func (c *ocCase) reopenOn(on, worker string) *ocCase {
	d := ocDate(on)
	id := fmt.Sprintf("%s-r%02d", on, len(c.Reopenings)+1)
	c.Reopenings = append(c.Reopenings, casefile.Item[casefile.Reopening]{ID: id, Path: c.Dir + "/reopenings/" + id + ".yaml",
		V: &casefile.Reopening{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: ocNoon(d).Add(time.Hour), RecordedBy: "w.ada"},
			ReopenedOn: d, Reason: "New notice", Closure: c.Closures[len(c.Closures)-1].ID, Worker: worker}})
	return c
}

// ocGoal is a goal with a status and, when weight > 0, a GAS scale scored on the given dates
// ("2026-03-01:1" is level +1 on that date).
func ocGoal(id, status string, weight float64, scores ...string) casefile.Goal {
	g := casefile.Goal{ID: id, Statement: "Goal " + id, Status: status}
	if weight > 0 {
		g.GAS = &casefile.GAS{Weight: weight, Levels: map[string]string{"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"}}
		for _, s := range scores {
			on, lvl, _ := strings.Cut(s, ":")
			var n int
			fmt.Sscan(lvl, &n)
			g.GAS.Scores = append(g.GAS.Scores, casefile.GASScore{On: ocDate(on), Level: n})
		}
	}
	return g
}

func (c *ocCase) plan(created string, goals ...casefile.Goal) *ocCase {
	c.Plan = &casefile.Plan{SchemaVersion: 1, Revision: 1, UpdatedAt: ocNoon(ocDate(created)), UpdatedBy: "w.ada",
		CreatedOn: ocDate(created), Goals: goals}
	return c
}

// assess adds an assessment on a date with questionnaire totals ("gad7=12").
func (c *ocCase) assess(on string, totals ...string) *ocCase {
	d := ocDate(on)
	a := &casefile.Assessment{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: ocNoon(d), RecordedBy: "w.ada"}, Date: d, Type: "reassessment"}
	for _, t := range totals {
		id, v, _ := strings.Cut(t, "=")
		var n int
		fmt.Sscan(v, &n)
		a.Instruments = append(a.Instruments, casefile.InstrumentResult{Instrument: id, Total: n})
	}
	id := fmt.Sprintf("%s-a%02d", on, len(c.Assessments)+1)
	c.Assessments = append(c.Assessments, casefile.Item[casefile.Assessment]{ID: id, Path: c.Dir + "/assessments/" + id + ".yaml", V: a})
	return c
}

// refer adds a referral made on a date; each update is "DATE:STATUS" or "DATE:loop".
func (c *ocCase) refer(id, on string, updates ...string) *ocCase {
	d := ocDate(on)
	c.Referrals = append(c.Referrals, casefile.Item[casefile.Referral]{ID: id, Path: c.Dir + "/referrals/" + id + ".yaml",
		V: &casefile.Referral{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: ocNoon(d), RecordedBy: "w.ada"},
			Date: d, To: casefile.ReferralTo{Name: "Food bank"}, Reason: "Food", Urgency: "routine", Status: "sent"}})
	for i, u := range updates {
		on, what, _ := strings.Cut(u, ":")
		ud := ocDate(on)
		x := &casefile.ReferralUpdate{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: ocNoon(ud).Add(time.Duration(i) * time.Minute), RecordedBy: "w.ada"},
			Referral: id, Date: ud}
		if what == "loop" {
			x.LoopClosed = true
		} else {
			x.Status = what
		}
		uid := fmt.Sprintf("%s-%s-u%02d", on, id, i+1)
		c.ReferralUpdates = append(c.ReferralUpdates, casefile.Item[casefile.ReferralUpdate]{ID: uid, Path: c.Dir + "/referral-updates/" + uid + ".yaml", V: x})
	}
	return c
}

// note adds a note of a kind, mode and outcome at noon on a date.
func (c *ocCase) note(on, kind, mode, outcome string, minutes int, amends string) *ocCase {
	d := ocDate(on)
	id := fmt.Sprintf("%s-n%02d", on, len(c.Notes)+1)
	n := &casefile.Note{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: ocNoon(d), RecordedBy: "w.ada"},
		Kind: kind, Format: "narrative", Sections: map[string]string{"text": "…"},
		Contact: casefile.NoteContact{At: ocNoon(d), Minutes: minutes, Mode: mode, Outcome: outcome}, Amends: amends}
	c.Notes = append(c.Notes, casefile.Item[casefile.Note]{ID: id, Path: c.Dir + "/notes/" + id + ".yaml", V: n})
	return c
}

func ocCases(cs ...*ocCase) []*casefile.Case {
	out := make([]*casefile.Case, len(cs))
	for i, c := range cs {
		out[i] = c.Case
	}
	return out
}

func ocRun(o OutcomeOptions, cs ...*ocCase) OutcomesReport {
	return Outcomes(ocCases(cs...), ocFrom, ocTo, casefile.DefaultConfig(), o)
}

func ocNear(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

func TestOutcomesOpenedClosedBoundariesInclusive(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("before", "2025-12-31"),                                             // not opened in the period
		ocIntake("first-day", "2026-01-01").closeOn("2026-01-01", "opened_in_error"), // opened and closed on the first day
		ocIntake("last-day", "2026-06-30"),
		ocIntake("after", "2026-07-01"),
		ocIntake("old", "2025-10-01").closeOn("2025-12-31", "lost_contact"),     // closed the day before
		ocIntake("late", "2026-02-01").closeOn("2026-06-30", "goals_achieved"),  // closed on the last day
		ocIntake("later", "2026-03-01").closeOn("2026-07-01", "goals_achieved"), // closed the day after
	)
	if got.Opened != 4 {
		t.Errorf("opened = %d, want 4 (first-day, last-day, late, later)", got.Opened)
	}
	if got.Closed != 2 {
		t.Errorf("closed = %d, want 2 (first-day, late)", got.Closed)
	}
	want := []OutcomeCount{{"goals_achieved", 1}, {"opened_in_error", 1}}
	if !reflect.DeepEqual(got.Reasons, want) {
		t.Errorf("reasons = %v, want %v", got.Reasons, want)
	}
	if len(got.ClosedCases) != 2 || got.ClosedCases[0].Case != "first-day" || got.ClosedCases[1].Case != "late" {
		t.Errorf("closed cases = %+v, want first-day then late", got.ClosedCases)
	}
}

func TestOutcomesReasonsByCountThenCode(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-05").closeOn("2026-02-01", "mutual_agreement"),
		ocIntake("b", "2026-01-05").closeOn("2026-02-01", "lost_contact"),
		ocIntake("c", "2026-01-05").closeOn("2026-02-01", "goals_achieved"),
		ocIntake("d", "2026-01-05").closeOn("2026-02-01", "lost_contact"),
		ocIntake("e", "2026-01-05").closeOn("2026-02-01", "client_ended_service"),
	)
	want := []OutcomeCount{{"lost_contact", 2}, {"client_ended_service", 1}, {"goals_achieved", 1}, {"mutual_agreement", 1}}
	if !reflect.DeepEqual(got.Reasons, want) {
		t.Errorf("reasons = %v, want %v", got.Reasons, want)
	}
}

func TestOutcomesGoalsOfClosedCases(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-05").plan("2026-01-20",
			ocGoal("G1", "achieved", 0), ocGoal("G2", "partially_achieved", 0), ocGoal("G3", "active", 0)).
			closeOn("2026-04-01", "goals_achieved"),
		ocIntake("b", "2026-01-05").plan("2026-01-20",
			ocGoal("G1", "achieved", 0), ocGoal("G2", "not_achieved", 0), ocGoal("G3", "discontinued", 0),
			ocGoal("G4", "replaced", 0), ocGoal("G5", "proposed", 0)).
			closeOn("2026-05-01", "mutual_agreement"),
		// Still open: its goals are not outcomes yet.
		ocIntake("open", "2026-01-05").plan("2026-01-20", ocGoal("G1", "achieved", 0)),
		// Closed before the period.
		ocIntake("old", "2025-06-05").plan("2025-07-01", ocGoal("G1", "achieved", 0)).closeOn("2025-12-01", "goals_achieved"),
		// A plan made after the closure belongs to a later episode.
		ocIntake("later", "2026-01-05").closeOn("2026-02-01", "no_longer_needed").reopenOn("2026-03-01", "").
			plan("2026-03-05", ocGoal("G1", "achieved", 0)),
	)
	want := GoalOutcomes{Cases: 2, Total: 8, ByStatus: []OutcomeCount{
		{"achieved", 2}, {"partially_achieved", 1}, {"not_achieved", 1}, {"discontinued", 1}, {"other", 3}}}
	if !reflect.DeepEqual(got.Goals, want) {
		t.Errorf("goals = %+v, want %+v", got.Goals, want)
	}
}

func TestOutcomesGASMeanOfClosedCases(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		// Example A of domain-reference §4.3: w = (3, 2, 1), x = (+1, 0, −2) → 52.2033; the score
		// after the closure and the unscored goal do not count.
		ocIntake("a", "2026-01-05").plan("2026-01-20",
			ocGoal("G1", "achieved", 3, "2026-02-01:-1", "2026-03-01:1", "2026-05-01:2"),
			ocGoal("G2", "partially_achieved", 2, "2026-03-01:0"),
			ocGoal("G3", "not_achieved", 1, "2026-03-01:-2"),
			ocGoal("G4", "active", 1),
			ocGoal("G5", "active", 0)).
			closeOn("2026-04-01", "goals_achieved"),
		// One goal at +1: T = 60.
		ocIntake("b", "2026-01-05").plan("2026-01-20", ocGoal("G1", "achieved", 2, "2026-03-01:1")).
			closeOn("2026-04-10", "goals_achieved"),
		// Closed with no goal scored: no T-score, not in the mean.
		ocIntake("c", "2026-01-05").plan("2026-01-20", ocGoal("G1", "achieved", 2, "2026-05-01:2")).
			closeOn("2026-04-10", "goals_achieved"),
		// Open: not in the mean.
		ocIntake("d", "2026-01-05").plan("2026-01-20", ocGoal("G1", "achieved", 2, "2026-03-01:-2")),
	)
	g := got.GAS
	if g.Cases != 2 || g.Goals != 4 || g.Rho != 0.3 {
		t.Errorf("gas = %+v, want 2 cases, 4 goals, rho 0.3", g)
	}
	if want := (52.2033 + 60) / 2; !ocNear(g.MeanT, want) {
		t.Errorf("mean T = %.4f, want %.4f", g.MeanT, want)
	}
	byCase := map[string]ClosedCase{}
	for _, c := range got.ClosedCases {
		byCase[c.Case] = c
	}
	if c := byCase["a"]; c.TScore == nil || !ocNear(*c.TScore, 52.2033) || c.GASGoals != 3 || c.Goals != 5 {
		t.Errorf("case a = %+v, want T 52.2033 over 3 of 5 goals", c)
	}
	if c := byCase["c"]; c.TScore != nil || c.GASGoals != 0 {
		t.Errorf("case c = %+v, want no T-score", c)
	}
}

func TestOutcomesInstrumentsNeedTwoScoresInThePeriod(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-05").assess("2026-01-10", "gad7=10", "phq9=20").assess("2026-03-10", "gad7=4"),
		ocIntake("b", "2026-01-05").assess("2026-01-01", "gad7=12").assess("2026-03-01", "gad7=9").assess("2026-06-30", "gad7=6"),
		// One score only.
		ocIntake("c", "2026-01-05").assess("2026-02-01", "gad7=21"),
		// Two scores, one outside the period.
		ocIntake("d", "2025-11-05").assess("2025-12-31", "gad7=20").assess("2026-02-01", "gad7=2").
			assess("2026-07-01", "phq9=1"),
	)
	want := []InstrumentOutcome{{Instrument: "gad7", N: 2, MeanFirst: 11, MeanLast: 5, MeanChange: -6}}
	if !reflect.DeepEqual(got.Instruments, want) {
		t.Errorf("instruments = %+v, want %+v", got.Instruments, want)
	}
}

func TestOutcomesInstrumentsSortedByID(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-05").assess("2026-01-10", "phq9=20", "gad7=10").assess("2026-03-10", "phq9=10", "gad7=7"),
		ocIntake("b", "2026-01-05").assess("2026-01-10", "phq9=15").assess("2026-03-10", "phq9=12"),
	)
	want := []InstrumentOutcome{
		{Instrument: "gad7", N: 1, MeanFirst: 10, MeanLast: 7, MeanChange: -3},
		{Instrument: "phq9", N: 2, MeanFirst: 17.5, MeanLast: 11, MeanChange: -6.5},
	}
	if !reflect.DeepEqual(got.Instruments, want) {
		t.Errorf("instruments = %+v, want %+v", got.Instruments, want)
	}
}

func TestOutcomesReferralRatesExcludeOpenReferrals(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-05").
			refer("R1", "2026-01-10", "2026-01-20:accepted", "2026-02-01:in_progress", "2026-03-01:completed", "2026-03-02:loop").
			refer("R2", "2026-01-11", "2026-01-20:accepted", "2026-02-01:in_progress", "2026-03-01:completed").
			refer("R3", "2026-01-12", "2026-01-20:accepted", "2026-03-01:not_completed", "2026-03-05:loop").
			refer("R4", "2026-01-13", "2026-01-20:declined").
			refer("R5", "2026-01-14").                                // still sent: open
			refer("R6", "2026-01-15", "2026-01-20:accepted").         // open
			refer("R7", "2026-01-16", "2026-01-20:cancelled").        // cancelled
			refer("R8", "2026-01-17", "2026-01-18:entered_in_error"). // not a referral
			refer("R9", "2025-12-31", "2026-01-20:declined").         // made before the period
			refer("R10", "2026-06-30", "2026-07-01:declined"),        // made on the last day, declined after it: open
	)
	r := got.Referrals
	want := ReferralOutcomes{Made: 8, Completed: 2, NotCompleted: 1, Declined: 1, Cancelled: 1, Open: 3, Finished: 4, LoopClosed: 2,
		CompletionRate: 0.5, LoopClosureRate: 0.5}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("referrals = %+v, want %+v", r, want)
	}
	if r.CompletionPercent() != 50 || r.LoopClosurePercent() != 50 {
		t.Errorf("percentages = %v, %v, want 50, 50", r.CompletionPercent(), r.LoopClosurePercent())
	}
}

func TestOutcomesContactsByMode(t *testing.T) {
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-05").
			note("2026-01-01", "contact", "office", "completed", 60, "").
			note("2026-01-10", "contact", "home_visit", "completed", 45, "").
			note("2026-01-11", "contact", "home_visit", "completed", 30, "").
			note("2026-01-11", "contact", "home_visit", "completed", 30, "2026-01-11-n03"). // a correction
			note("2026-01-12", "crisis", "phone", "completed", 20, "").
			note("2026-01-13", "collateral", "", "completed", 10, "").
			note("2026-01-14", "supervision", "office", "completed", 60, ""). // not a contact
			note("2026-01-15", "contact", "home_visit", "attempted_no_answer", 0, "").
			note("2026-01-16", "contact", "office", "client_did_not_attend", 0, "").
			note("2026-01-17", "contact", "office", "cancelled_by_client", 0, "").
			note("2026-06-30", "contact", "phone", "completed", 15, "").
			note("2026-07-01", "contact", "phone", "completed", 15, ""), // after the period
	)
	// In the period: office, home_visit ×2, phone (crisis), other (collateral with no mode) and
	// phone on the last day.
	want := ContactOutcomes{Completed: 6, Minutes: 180, FailedAttempts: 2, ByMode: []OutcomeCount{
		{"home_visit", 2}, {"phone", 2}, {"office", 1}, {"other", 1}}}
	if !reflect.DeepEqual(got.Contacts, want) {
		t.Errorf("contacts = %+v, want %+v", got.Contacts, want)
	}
}

func TestOutcomesMedianDays(t *testing.T) {
	// Odd n: days to plan 5, 10, 30 → 10.
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-01").plan("2026-01-06"),
		ocIntake("b", "2026-01-01").plan("2026-01-31"),
		ocIntake("c", "2026-01-01").plan("2026-01-11"),
		ocIntake("d", "2025-12-01").plan("2025-12-31"), // plan made before the period
	)
	if want := (MedianDays{N: 3, Median: 10}); got.IntakeToPlan != want {
		t.Errorf("odd: intake to plan = %+v, want %+v", got.IntakeToPlan, want)
	}
	// Even n: days to closure 10, 20, 31, 100 → 25.5.
	got = ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-01").closeOn("2026-01-11", "goals_achieved"),
		ocIntake("b", "2026-01-01").closeOn("2026-01-21", "goals_achieved"),
		ocIntake("c", "2026-01-01").closeOn("2026-02-01", "goals_achieved"),
		ocIntake("d", "2025-12-01").closeOn("2026-03-11", "goals_achieved"),
	)
	if want := (MedianDays{N: 4, Median: 25.5}); got.IntakeToClosure != want {
		t.Errorf("even: intake to closure = %+v, want %+v", got.IntakeToClosure, want)
	}
	for _, tc := range []struct {
		xs   []int
		want MedianDays
	}{
		{nil, MedianDays{}},
		{[]int{7}, MedianDays{1, 7}},
		{[]int{9, 1}, MedianDays{2, 5}},
		{[]int{3, 1, 2}, MedianDays{3, 2}},
		{[]int{4, 1, 3, 2}, MedianDays{4, 2.5}},
	} {
		if got := outcomeMedian(tc.xs); got != tc.want {
			t.Errorf("outcomeMedian(%v) = %+v, want %+v", tc.xs, got, tc.want)
		}
	}
}

func TestOutcomesEpisodesOfAReopenedCase(t *testing.T) {
	// Closed, reopened for another worker, closed again: two closures, each measured from the
	// start of its own episode.
	got := ocRun(OutcomeOptions{},
		ocIntake("a", "2026-01-01").closeOn("2026-01-31", "goals_achieved").reopenOn("2026-03-01", "w.bea").
			closeOn("2026-03-11", "mutual_agreement"),
	)
	if got.Opened != 1 || got.Reopened != 1 || got.Closed != 2 {
		t.Errorf("opened %d, reopened %d, closed %d; want 1, 1, 2", got.Opened, got.Reopened, got.Closed)
	}
	want := []ClosedCase{
		{Case: "a", Worker: "w.ada", Kind: "individual", Episode: 1, OpenedOn: ocDate("2026-01-01"), ClosedOn: ocDate("2026-01-31"), Reason: "goals_achieved", Days: 30},
		{Case: "a", Worker: "w.bea", Kind: "individual", Episode: 2, OpenedOn: ocDate("2026-03-01"), ClosedOn: ocDate("2026-03-11"), Reason: "mutual_agreement", Days: 10},
	}
	if !reflect.DeepEqual(got.ClosedCases, want) {
		t.Errorf("closed cases = %+v, want %+v", got.ClosedCases, want)
	}
	if want := (MedianDays{N: 2, Median: 20}); got.IntakeToClosure != want {
		t.Errorf("intake to closure = %+v, want %+v", got.IntakeToClosure, want)
	}
}

func TestOutcomesWorkerAndKind(t *testing.T) {
	cs := []*ocCase{
		ocIntake("ada", "2026-01-05").closeOn("2026-02-01", "goals_achieved"),
		ocIntake("bea", "2026-01-05").worker("w.bea").closeOn("2026-02-01", "lost_contact"),
		ocIntake("fam", "2026-01-05").worker("w.bea").kind("family"),
		// Handed over to w.bea when reopened after the period: counts for w.bea.
		ocIntake("moved", "2026-01-05").closeOn("2026-02-01", "no_longer_needed").reopenOn("2026-03-01", "w.bea"),
	}
	got := ocRun(OutcomeOptions{Worker: "w.bea"}, cs...)
	if got.Opened != 3 || got.Closed != 2 || got.Worker != "w.bea" {
		t.Errorf("w.bea: opened %d, closed %d (%q); want 3, 2", got.Opened, got.Closed, got.Worker)
	}
	got = ocRun(OutcomeOptions{Kind: "family"}, cs...)
	if got.Opened != 1 || got.Closed != 0 || got.Kind != "family" {
		t.Errorf("family: opened %d, closed %d; want 1, 0", got.Opened, got.Closed)
	}
	got = ocRun(OutcomeOptions{Worker: "w.ada", Kind: "individual"}, cs...)
	if got.Opened != 1 || got.Closed != 1 || got.Reasons[0].Code != "goals_achieved" {
		t.Errorf("w.ada individual: %+v", got)
	}
}

func TestOutcomesEmptyGivesZeroNotNaN(t *testing.T) {
	got := Outcomes(nil, ocFrom, ocTo, casefile.DefaultConfig(), OutcomeOptions{})
	if got.GAS.Cases != 0 || got.GAS.MeanT != 0 || got.IntakeToPlan.N != 0 || got.IntakeToClosure.Median != 0 ||
		got.Referrals.CompletionRate != 0 || got.Referrals.LoopClosureRate != 0 || len(got.Instruments) != 0 {
		t.Errorf("empty evaluation = %+v", got)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	for _, s := range []string{`"closure_reasons":[]`, `"closed_cases":[]`, `"instruments":[]`, `"by_mode":[]`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("json lacks %s: %s", s, b)
		}
	}
}

func TestOutcomesDeterministic(t *testing.T) {
	build := func() []*ocCase {
		return []*ocCase{
			ocIntake("a", "2026-01-05").plan("2026-01-20", ocGoal("G1", "achieved", 1, "2026-02-01:1")).
				closeOn("2026-03-01", "goals_achieved").assess("2026-01-06", "gad7=9").assess("2026-02-06", "gad7=3").
				note("2026-01-10", "contact", "phone", "completed", 10, "").refer("R1", "2026-01-07", "2026-01-09:declined"),
			ocIntake("b", "2026-02-05").closeOn("2026-03-01", "lost_contact").assess("2026-02-06", "phq9=9", "gad7=1").
				assess("2026-02-16", "phq9=3", "gad7=2").note("2026-02-10", "contact", "office", "completed", 10, ""),
			ocIntake("c", "2026-03-05").closeOn("2026-03-20", "lost_contact").plan("2026-03-06"),
		}
	}
	cs := build()
	a, _ := json.Marshal(ocRun(OutcomeOptions{}, cs...))
	rev := build()
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	b, _ := json.Marshal(ocRun(OutcomeOptions{}, rev...))
	if string(a) != string(b) {
		t.Errorf("the order of the cases changed the result:\n%s\n%s", a, b)
	}
}
