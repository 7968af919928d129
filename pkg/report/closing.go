package report

import (
	"sort"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/plan"
)

// ClosingView is the closing summary of an episode (domain-reference §8.2), built from the
// case's entries: nothing in it is typed twice.
type ClosingView struct {
	Agency       string            `json:"-"`
	ID           string            `json:"id"`
	Worker       string            `json:"worker"`
	Supervisor   string            `json:"supervisor,omitempty"`
	Episode      int               `json:"episode"`
	OpenedOn     string            `json:"opened_on"`
	ClosedOn     string            `json:"closed_on"`
	Reason       string            `json:"reason"`
	Summary      string            `json:"summary"`
	Request      string            `json:"request"`
	Contacts     int               `json:"contacts_completed"`
	Attempts     int               `json:"contact_attempts_failed"`
	ByMode       []CountView       `json:"contacts_by_mode,omitempty"`
	Minutes      int               `json:"minutes"`
	Goals        []GoalOutcomeView `json:"goal_outcomes,omitempty"`
	TScore       *TScoreView       `json:"gas,omitempty"`
	Instruments  []ChangeInScore   `json:"instrument_change,omitempty"`
	RiskAtClose  string            `json:"risk_at_closure"`
	SafetyPlan   bool              `json:"safety_plan_in_place"`
	Referrals    []ReferralView    `json:"referrals,omitempty"`
	Closure      *ClosureView      `json:"closure"`
	OpenRefCount int               `json:"referrals_open"`
}

// CountView is a count under a code.
type CountView struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// GoalOutcomeView is a goal's status and last GAS level at closure.
type GoalOutcomeView struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
	Status    string `json:"status"`
	Level     *int   `json:"gas_level,omitempty"`
}

// ChangeInScore is the first and last score of a questionnaire in the episode.
type ChangeInScore struct {
	ID        string            `json:"instrument"`
	Name      map[string]string `json:"-"`
	First     int               `json:"first"`
	FirstOn   string            `json:"first_on"`
	FirstBand string            `json:"first_band"`
	Last      int               `json:"last"`
	LastOn    string            `json:"last_on"`
	LastBand  string            `json:"last_band"`
}

// ViewClosing builds the closing summary of a case's latest closure.
func ViewClosing(c *casefile.Case, agency string, defs map[string]*instrument.Definition, rho float64, partners map[string]*casefile.Partner) (*ClosingView, bool) {
	st := caseload.Derive(c, dates.Date{})
	if st.Status != caseload.Closed || st.Closure == nil {
		return nil, false
	}
	x := st.Closure.V
	from, to := st.EpisodeStart, st.ClosedOn
	in := func(d dates.Date) bool { return !d.Before(from) && !d.After(to) }
	v := &ClosingView{Agency: agency, ID: c.ID, Worker: st.Worker, Supervisor: c.Intake.Supervisor, Episode: st.Episode,
		OpenedOn: ds(from), ClosedOn: ds(to), Reason: x.Reason, Summary: x.Summary, Request: c.Intake.Request,
		Closure: viewClosure(x), RiskAtClose: caseload.CurrentRisk(c, to),
		SafetyPlan: caseload.CurrentSafetyPlan(c, to) != nil}
	modes := map[string]int{}
	for _, n := range c.Notes {
		d := dates.FromTime(n.V.Contact.At)
		if !in(d) || n.V.Amends != "" {
			continue
		}
		switch n.V.Contact.Outcome {
		case "completed":
			if n.V.Kind == "contact" || n.V.Kind == "crisis" || n.V.Kind == "collateral" {
				v.Contacts++
				v.Minutes += n.V.Contact.Minutes
				mode := n.V.Contact.Mode
				if mode == "" {
					mode = "other"
				}
				modes[mode]++
			}
		case "attempted_no_answer", "client_did_not_attend":
			v.Attempts++
		}
	}
	for _, m := range casefile.Enums["contact_mode"] {
		if modes[m] > 0 {
			v.ByMode = append(v.ByMode, CountView{Code: m, Count: modes[m]})
		}
	}
	if modes["other"] > 0 {
		v.ByMode = append(v.ByMode, CountView{Code: "other", Count: modes["other"]})
	}
	if p := c.Plan; p != nil {
		for gi := range p.Goals {
			g := &p.Goals[gi]
			gv := GoalOutcomeView{ID: g.ID, Statement: g.Statement, Status: g.Status}
			if s, ok := plan.LatestScore(g, to); ok {
				lvl := s.Level
				gv.Level = &lvl
			}
			v.Goals = append(v.Goals, gv)
		}
		if t, n, ok := plan.Attainment(p, to, rho); ok {
			v.TScore = &TScoreView{T: t, Rho: rho, N: n}
		}
	}
	type score struct {
		on    dates.Date
		total int
		band  string
	}
	first, last := map[string]score{}, map[string]score{}
	var order []string
	for _, a := range c.Assessments {
		if !in(a.V.Date) {
			continue
		}
		for _, r := range a.V.Instruments {
			s := score{a.V.Date, r.Total, r.Band}
			if f, ok := first[r.Instrument]; !ok || s.on.Before(f.on) {
				if !ok {
					order = append(order, r.Instrument)
				}
				first[r.Instrument] = s
			}
			if l, ok := last[r.Instrument]; !ok || !s.on.Before(l.on) {
				last[r.Instrument] = s
			}
		}
	}
	sort.Strings(order)
	for _, id := range order {
		f, l := first[id], last[id]
		ch := ChangeInScore{ID: id, Name: map[string]string{"en": id}, First: f.total, FirstOn: ds(f.on), FirstBand: f.band,
			Last: l.total, LastOn: ds(l.on), LastBand: l.band}
		if d, ok := defs[id]; ok {
			ch.Name = d.Name
		}
		v.Instruments = append(v.Instruments, ch)
	}
	for _, r := range ViewContacts(c, to, 0, 0, partners).Referrals {
		if r.Date < ds(from) {
			continue
		}
		v.Referrals = append(v.Referrals, r)
		switch r.Status {
		case "completed", "not_completed", "declined", "cancelled", "entered_in_error":
		default:
			v.OpenRefCount++
		}
	}
	return v, true
}
