package caseload

import (
	"sort"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
)

// OutcomeOptions narrows the practice evaluation.
type OutcomeOptions struct {
	// Worker keeps only the cases assigned to this worker at the end of the period.
	Worker string
	// Kind keeps only the cases of this kind (individual, family, group, community).
	Kind string
}

// OutcomesReport is the practice evaluation of a period (domain-reference §4, §8): what came in, what
// was closed and why, how far the goals were reached, how the measures changed, how referrals
// ended, how the person was met and how long things took. Every figure comes with the number of
// cases, goals or entries behind it; an empty set gives n = 0 and a zero mean, never NaN.
type OutcomesReport struct {
	From   dates.Date `json:"from"`
	To     dates.Date `json:"to"`
	Worker string     `json:"worker,omitempty"`
	Kind   string     `json:"kind,omitempty"`

	// Opened counts the intakes received in the period; Reopened the reopenings dated in it.
	Opened   int `json:"opened"`
	Reopened int `json:"reopened"`
	// Closed counts the closures dated in the period, Reasons breaks them down by reason (most
	// frequent first, then by code).
	Closed      int            `json:"closed"`
	Reasons     []OutcomeCount `json:"closure_reasons"`
	ClosedCases []ClosedCase   `json:"closed_cases"`

	Goals       GoalOutcomes        `json:"goal_outcomes"`
	GAS         GASOutcome          `json:"gas"`
	Instruments []InstrumentOutcome `json:"instruments"`
	Referrals   ReferralOutcomes    `json:"referrals"`
	Contacts    ContactOutcomes     `json:"contacts"`

	IntakeToPlan    MedianDays `json:"days_intake_to_plan"`
	IntakeToClosure MedianDays `json:"days_intake_to_closure"`
}

// OutcomeCount is a count under a code.
type OutcomeCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// ClosedCase is one closure of the period.
type ClosedCase struct {
	Case     string     `json:"case"`
	Worker   string     `json:"worker"`
	Kind     string     `json:"kind"`
	Episode  int        `json:"episode"`
	OpenedOn dates.Date `json:"opened_on"` // the intake, or the reopening of a later episode
	ClosedOn dates.Date `json:"closed_on"`
	Reason   string     `json:"reason"`
	Days     int        `json:"days_open"`
	// Goals is the number of goals of the case's plan; TScore its GAS T-score at the closing
	// date over GASGoals scored goals (nil when none was scored).
	Goals    int      `json:"goals"`
	TScore   *float64 `json:"t_score,omitempty"`
	GASGoals int      `json:"gas_goals_scored"`
}

// GoalStatuses are the goal outcomes the evaluation counts, in the order reports show them;
// every other status (proposed, active, replaced) counts as "other".
var GoalStatuses = []string{"achieved", "partially_achieved", "not_achieved", "discontinued", "other"}

// GoalOutcomes are the goals of the plans of the cases closed in the period, by status.
type GoalOutcomes struct {
	Cases    int            `json:"cases"`
	Total    int            `json:"total"`
	ByStatus []OutcomeCount `json:"by_status"`
}

// GASOutcome is the mean Kiresuk–Sherman T-score of the cases closed in the period.
type GASOutcome struct {
	Rho   float64 `json:"rho"`
	Cases int     `json:"cases"`
	Goals int     `json:"goals"`
	MeanT float64 `json:"mean_t_score"`
}

// InstrumentOutcome is the change of one questionnaire's total over the cases scored at least
// twice in the period.
type InstrumentOutcome struct {
	Instrument string  `json:"instrument"`
	N          int     `json:"cases"`
	MeanFirst  float64 `json:"mean_first"`
	MeanLast   float64 `json:"mean_last"`
	MeanChange float64 `json:"mean_change"`
}

// ReferralOutcomes are the referrals made in the period, by their status at its end.
type ReferralOutcomes struct {
	Made         int `json:"made"`
	Completed    int `json:"completed"`
	NotCompleted int `json:"not_completed"`
	Declined     int `json:"declined"`
	Cancelled    int `json:"cancelled"`
	Open         int `json:"still_open"`
	// Finished is completed + not_completed + declined: the referrals whose outcome is known.
	Finished   int `json:"finished"`
	LoopClosed int `json:"loop_closed"`
	// CompletionRate is Completed / Finished, LoopClosureRate LoopClosed / Finished (0 when
	// nothing finished).
	CompletionRate  float64 `json:"completion_rate"`
	LoopClosureRate float64 `json:"loop_closure_rate"`
}

// CompletionPercent is the completion rate in percent, for reports.
func (r ReferralOutcomes) CompletionPercent() float64 { return 100 * r.CompletionRate }

// LoopClosurePercent is the loop-closure rate in percent, for reports.
func (r ReferralOutcomes) LoopClosurePercent() float64 { return 100 * r.LoopClosureRate }

// ContactOutcomes are the contacts of the period.
type ContactOutcomes struct {
	Completed      int            `json:"completed"`
	Minutes        int            `json:"minutes"`
	ByMode         []OutcomeCount `json:"by_mode"`
	FailedAttempts int            `json:"failed_attempts"`
}

// MedianDays is a median number of days over N cases.
type MedianDays struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
}

// Outcomes computes the practice evaluation of the period from to to, both days included. It
// is a pure function of the cases, the dates and the rules: the same files give the same
// figures, in the same order, whenever it is run.
//
// A case counts when it has an intake, is of the kind asked for (if any), and is assigned to
// the worker asked for (if any) at the end of the period. Then:
//
//   - opened: the intakes received in the period; reopened: the reopenings dated in it;
//   - closed: the closures dated in the period, by reason (most frequent first, then by code);
//   - goal outcomes: the goals of the plans of the cases closed in the period (a plan made
//     after the case's last closure of the period does not count), by status: achieved,
//     partially_achieved, not_achieved, discontinued, and other (proposed, active, replaced);
//   - GAS: for each case closed in the period, the Kiresuk–Sherman T-score of its plan as of
//     its closing date over its scored goals (plan.Attainment, rho from gas.rho); their mean,
//     with the number of cases and of goals behind it;
//   - instruments: for each questionnaire, over the cases scored at least twice in the period,
//     the mean first total, mean last total and mean change (last − first), with n;
//   - referrals: those made (dated) in the period, by their status at its end: completed,
//     not_completed, declined, cancelled, or still open (draft, sent, received, accepted,
//     waitlisted, in_progress); entered in error left out. Completion rate = completed / (completed + not_completed + declined),
//     loop-closure rate = loops closed / those same finished referrals;
//   - contacts: the completed contact, crisis and collateral notes of the period by mode (no
//     mode: other), and the failed attempts (no answer, did not attend); corrections do not
//     count twice;
//   - days from intake to plan: median over the plans made in the period (plan created_on
//     minus the intake's received_on);
//   - days from intake to closure: median over the closures of the period, from the start of
//     the episode each one ends (the intake, or the reopening of a later episode).
func Outcomes(cases []*casefile.Case, from, to dates.Date, cfg casefile.Config, o OutcomeOptions) OutcomesReport {
	out := OutcomesReport{From: from, To: to, Worker: o.Worker, Kind: o.Kind,
		Reasons: []OutcomeCount{}, ClosedCases: []ClosedCase{}, Instruments: []InstrumentOutcome{}}
	out.GAS.Rho = cfg.GAS.Rho
	in := func(d dates.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }

	reasons := map[string]int{}
	goals := map[string]int{}
	modes := map[string]int{}
	type change struct{ first, last []int }
	instruments := map[string]*change{}
	var sumT float64
	var toPlan, toClose []int

	for _, c := range cases {
		if c.Intake == nil || (o.Kind != "" && c.Intake.Kind != o.Kind) {
			continue
		}
		if o.Worker != "" && Derive(c, to).Worker != o.Worker {
			continue
		}
		if in(c.Intake.ReceivedOn) {
			out.Opened++
		}
		for _, x := range c.Reopenings {
			if in(x.V.ReopenedOn) {
				out.Reopened++
			}
		}

		// Closures, and the cases they close.
		var lastClose dates.Date
		for _, x := range c.Closures {
			on := x.V.ClosedOn
			if !in(on) {
				continue
			}
			st := Derive(c, on)
			out.Closed++
			reasons[x.V.Reason]++
			cc := ClosedCase{Case: c.ID, Worker: st.Worker, Kind: c.Intake.Kind, Episode: st.Episode,
				OpenedOn: st.EpisodeStart, ClosedOn: on, Reason: x.V.Reason, Days: on.DaysSince(st.EpisodeStart)}
			toClose = append(toClose, cc.Days)
			if p := c.Plan; p != nil && !p.CreatedOn.After(on) {
				cc.Goals = len(p.Goals)
				if t, n, ok := plan.Attainment(p, on, cfg.GAS.Rho); ok {
					cc.TScore, cc.GASGoals = &t, n
				}
			}
			out.ClosedCases = append(out.ClosedCases, cc)
			if on.After(lastClose) {
				lastClose = on
			}
		}
		if !lastClose.IsZero() {
			if p := c.Plan; p != nil && !p.CreatedOn.After(lastClose) {
				out.Goals.Cases++
				for _, g := range p.Goals {
					out.Goals.Total++
					status := g.Status
					switch status {
					case "achieved", "partially_achieved", "not_achieved", "discontinued":
					default:
						status = "other"
					}
					goals[status]++
				}
				if t, n, ok := plan.Attainment(p, lastClose, cfg.GAS.Rho); ok {
					out.GAS.Cases++
					out.GAS.Goals += n
					sumT += t
				}
			}
		}

		// The plan made in the period.
		if p := c.Plan; p != nil && in(p.CreatedOn) {
			toPlan = append(toPlan, p.CreatedOn.DaysSince(c.Intake.ReceivedOn))
		}

		// Questionnaires scored at least twice in the period.
		for id, ch := range outcomeScores(c, in) {
			if len(ch) < 2 {
				continue
			}
			x := instruments[id]
			if x == nil {
				x = &change{}
				instruments[id] = x
			}
			x.first = append(x.first, ch[0])
			x.last = append(x.last, ch[len(ch)-1])
		}

		// Referrals made in the period, as they stand at its end.
		for _, r := range Referrals(c, to) {
			if !in(r.Referral.V.Date) || r.Status == "entered_in_error" {
				continue
			}
			ro := &out.Referrals
			ro.Made++
			finished := true
			switch r.Status {
			case "completed":
				ro.Completed++
			case "not_completed":
				ro.NotCompleted++
			case "declined":
				ro.Declined++
			case "cancelled":
				ro.Cancelled++
				finished = false
			default:
				ro.Open++
				finished = false
			}
			if finished {
				ro.Finished++
				if r.LoopClosed {
					ro.LoopClosed++
				}
			}
		}

		// Contacts of the period.
		for _, n := range c.Notes {
			x := n.V
			if !in(dates.FromTime(x.Contact.At)) || x.Amends != "" {
				continue
			}
			if x.Kind != "contact" && x.Kind != "crisis" && x.Kind != "collateral" {
				continue
			}
			switch x.Contact.Outcome {
			case "completed":
				out.Contacts.Completed++
				out.Contacts.Minutes += x.Contact.Minutes
				mode := x.Contact.Mode
				if mode == "" {
					mode = "other"
				}
				modes[mode]++
			case "attempted_no_answer", "client_did_not_attend":
				out.Contacts.FailedAttempts++
			}
		}
	}

	out.Reasons = outcomeCounts(reasons)
	out.Contacts.ByMode = outcomeCounts(modes)
	for _, s := range GoalStatuses {
		out.Goals.ByStatus = append(out.Goals.ByStatus, OutcomeCount{Code: s, Count: goals[s]})
	}
	sort.Slice(out.ClosedCases, func(i, j int) bool {
		a, b := out.ClosedCases[i], out.ClosedCases[j]
		if cmp := a.ClosedOn.Compare(b.ClosedOn); cmp != 0 {
			return cmp < 0
		}
		if a.Case != b.Case {
			return a.Case < b.Case
		}
		return a.Episode < b.Episode
	})
	if out.GAS.Cases > 0 {
		out.GAS.MeanT = sumT / float64(out.GAS.Cases)
	}
	ids := make([]string, 0, len(instruments))
	for id := range instruments {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		x := instruments[id]
		row := InstrumentOutcome{Instrument: id, N: len(x.first), MeanFirst: outcomeMean(x.first), MeanLast: outcomeMean(x.last)}
		row.MeanChange = row.MeanLast - row.MeanFirst
		out.Instruments = append(out.Instruments, row)
	}
	if r := &out.Referrals; r.Finished > 0 {
		r.CompletionRate = float64(r.Completed) / float64(r.Finished)
		r.LoopClosureRate = float64(r.LoopClosed) / float64(r.Finished)
	}
	out.IntakeToPlan = outcomeMedian(toPlan)
	out.IntakeToClosure = outcomeMedian(toClose)
	return out
}

// outcomeScores lists, for each questionnaire of a case, its totals in the period in date order
// (then in the order they were written).
func outcomeScores(c *casefile.Case, in func(dates.Date) bool) map[string][]int {
	as := append([]casefile.Item[casefile.Assessment](nil), c.Assessments...)
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i].V, as[j].V
		if cmp := a.Date.Compare(b.Date); cmp != 0 {
			return cmp < 0
		}
		return a.RecordedAt.Before(b.RecordedAt)
	})
	out := map[string][]int{}
	for _, a := range as {
		if !in(a.V.Date) {
			continue
		}
		for _, r := range a.V.Instruments {
			out[r.Instrument] = append(out[r.Instrument], r.Total)
		}
	}
	return out
}

// outcomeCounts sorts counts by count (most first), then by code.
func outcomeCounts(m map[string]int) []OutcomeCount {
	out := make([]OutcomeCount, 0, len(m))
	for code, n := range m {
		out = append(out, OutcomeCount{Code: code, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Code < out[j].Code
	})
	return out
}

func outcomeMean(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return float64(sum) / float64(len(xs))
}

// outcomeMedian is the median of xs (the mean of the two middle values when n is even).
func outcomeMedian(xs []int) MedianDays {
	if len(xs) == 0 {
		return MedianDays{}
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return MedianDays{N: n, Median: float64(s[n/2])}
	}
	return MedianDays{N: n, Median: float64(s[n/2-1]+s[n/2]) / 2}
}
