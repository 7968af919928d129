package report

import (
	"sort"
	"strconv"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/plan"
)

// AssessmentView is the latest assessment as reports show it.
type AssessmentView struct {
	Date        string           `json:"date"`
	Type        string           `json:"type"`
	By          string           `json:"recorded_by"`
	Methods     []string         `json:"methods,omitempty"`
	Summary     string           `json:"summary,omitempty"`
	Domains     []DomainView     `json:"domains,omitempty"`
	Strengths   []string         `json:"strengths,omitempty"`
	Resources   []string         `json:"resources,omitempty"`
	Instruments []InstrumentView `json:"instruments,omitempty"`
	Ecomap      *EcomapView      `json:"-"`
}

// DomainView is one life domain of an assessment, in the order of the domain list.
type DomainView struct {
	Domain  string `json:"domain"`
	Rating  int    `json:"rating,omitempty"`
	Summary string `json:"summary,omitempty"`
}

// RiskView is the latest record of one risk domain.
type RiskView struct {
	Domain            string   `json:"domain"`
	Level             string   `json:"level"`
	On                string   `json:"assessed_on"`
	RiskFactors       []string `json:"risk_factors,omitempty"`
	ProtectiveFactors []string `json:"protective_factors,omitempty"`
	Rationale         string   `json:"rationale,omitempty"`
	NextReview        string   `json:"next_review,omitempty"`
}

// InstrumentView is a scored questionnaire; names and band labels are by language.
type InstrumentView struct {
	ID        string            `json:"instrument"`
	Name      map[string]string `json:"-"`
	Total     int               `json:"total"`
	Band      string            `json:"band"`
	BandLabel map[string]string `json:"-"`
	Flags     []string          `json:"flags,omitempty"`
}

// SafetyPlanView is the current safety plan.
type SafetyPlanView struct {
	Date              string   `json:"date"`
	WarningSigns      []string `json:"warning_signs"`
	CopingStrategies  []string `json:"coping_strategies,omitempty"`
	DistractionPeople []string `json:"distraction_people,omitempty"`
	DistractionPlaces []string `json:"distraction_places,omitempty"`
	HelpPeople        []string `json:"people_to_ask_for_help,omitempty"`
	Professionals     []string `json:"professionals,omitempty"`
	MeansSafety       []string `json:"making_environment_safe,omitempty"`
	WhereKept         string   `json:"where_kept,omitempty"`
	ClientAgreed      bool     `json:"client_agreed"`
	ReviewOn          string   `json:"review_on,omitempty"`
}

// PlanView is the current plan with what is derived from it as of a date.
type PlanView struct {
	Revision      int           `json:"revision"`
	CreatedOn     string        `json:"created_on"`
	ReviewOn      string        `json:"review_on,omitempty"`
	Agreement     *AgreeView    `json:"client_agreement,omitempty"`
	Cultural      string        `json:"cultural_linguistic_factors,omitempty"`
	Resources     []string      `json:"resources,omitempty"`
	Interventions []string      `json:"interventions_planned,omitempty"`
	Goals         []GoalView    `json:"goals"`
	TScore        *TScoreView   `json:"gas,omitempty"`
	Warnings      []string      `json:"smart_warnings,omitempty"`
	Changes       []ChangeView  `json:"changes,omitempty"`
	Overdue       []OverdueView `json:"overdue,omitempty"`
}

// AgreeView is how the client agreed to the plan.
type AgreeView struct {
	On      string `json:"date"`
	How     string `json:"how"`
	CoBuilt bool   `json:"co_built_with_client"`
}

// TScoreView is the plan's Kiresuk–Sherman T-score, with what it rests on.
type TScoreView struct {
	T   float64 `json:"t_score"`
	Rho float64 `json:"rho"`
	N   int     `json:"n_goals"`
}

// GoalView is a goal of the plan.
type GoalView struct {
	ID          string          `json:"id"`
	Statement   string          `json:"statement"`
	ClientWords string          `json:"client_words,omitempty"`
	Status      string          `json:"status"`
	TargetDate  string          `json:"target_date,omitempty"`
	Indicator   string          `json:"indicator,omitempty"`
	Target      string          `json:"target,omitempty"`
	Responsible string          `json:"responsible,omitempty"`
	GAS         []GASLevelView  `json:"gas_levels,omitempty"`
	Weight      float64         `json:"gas_weight,omitempty"`
	Level       *int            `json:"gas_level,omitempty"`
	Objectives  []ObjectiveView `json:"objectives,omitempty"`
}

// GASLevelView is one of a goal's five levels, marked where the goal stands.
type GASLevelView struct {
	Level    string `json:"level"`
	Text     string `json:"text"`
	Baseline bool   `json:"baseline,omitempty"`
	Current  bool   `json:"current,omitempty"`
}

// ObjectiveView is an objective with its tasks.
type ObjectiveView struct {
	ID          string     `json:"id"`
	Statement   string     `json:"statement"`
	Indicator   string     `json:"indicator,omitempty"`
	Baseline    string     `json:"baseline,omitempty"`
	Target      string     `json:"target,omitempty"`
	TargetDate  string     `json:"target_date,omitempty"`
	Responsible string     `json:"responsible,omitempty"`
	Status      string     `json:"status"`
	Overdue     bool       `json:"overdue,omitempty"`
	Tasks       []TaskView `json:"tasks,omitempty"`
}

// TaskView is a task; Overdue is derived.
type TaskView struct {
	ID          string `json:"id"`
	Action      string `json:"action"`
	Responsible string `json:"responsible,omitempty"`
	Due         string `json:"due,omitempty"`
	Frequency   string `json:"frequency,omitempty"`
	Status      string `json:"status"`
	DoneOn      string `json:"done_on,omitempty"`
	Overdue     bool   `json:"overdue,omitempty"`
}

// ChangeView is one line of the plan's history.
type ChangeView struct {
	Revision int    `json:"revision"`
	At       string `json:"at"`
	By       string `json:"by"`
	What     string `json:"what"`
}

// OverdueView is an overdue task or objective.
type OverdueView struct {
	ID  string `json:"id"`
	Due string `json:"due"`
}

// Clinical is what a case's assessments, safety plans and plan say, as of a date.
type Clinical struct {
	Assessment *AssessmentView `json:"latest_assessment,omitempty"`
	Risks      []RiskView      `json:"risks,omitempty"`
	SafetyPlan *SafetyPlanView `json:"safety_plan,omitempty"`
	Plan       *PlanView       `json:"plan,omitempty"`
}

// ViewClinical builds the assessment, risk, safety-plan and plan views of a case.
func ViewClinical(c *casefile.Case, asOf dates.Date, defs map[string]*instrument.Definition, rho float64) Clinical {
	var out Clinical
	name := func(id string) string {
		if p, ok := c.Person(id); ok {
			return p.Name
		}
		return id
	}
	var latest *casefile.Item[casefile.Assessment]
	for i := range c.Assessments {
		a := &c.Assessments[i]
		if !asOf.IsZero() && a.V.Date.After(asOf) {
			continue
		}
		if latest == nil || a.V.Date.After(latest.V.Date) || (a.V.Date == latest.V.Date && a.V.RecordedAt.After(latest.V.RecordedAt)) {
			latest = a
		}
	}
	if latest != nil {
		a := latest.V
		av := &AssessmentView{Date: ds(a.Date), Type: a.Type, By: a.RecordedBy, Methods: a.Methods, Summary: a.Summary,
			Strengths: a.Strengths, Resources: a.Resources}
		for _, d := range casefile.Enums["assessment_domain"] {
			if r, ok := a.Domains[d]; ok {
				av.Domains = append(av.Domains, DomainView{Domain: d, Rating: r.Rating, Summary: r.Summary})
			}
		}
		for _, in := range a.Instruments {
			iv := InstrumentView{ID: in.Instrument, Total: in.Total, Band: in.Band, Flags: in.Flags, Name: map[string]string{"en": in.Instrument}}
			if d, ok := defs[in.Instrument]; ok {
				iv.Name = d.Name
				for _, b := range d.Bands {
					if b.Code == in.Band {
						iv.BandLabel = b.Label
					}
				}
			}
			av.Instruments = append(av.Instruments, iv)
		}
		if a.Ecomap != nil {
			centre := c.Client().Name
			if a.Ecomap.Centre != "" {
				centre = name(a.Ecomap.Centre)
			}
			av.Ecomap = &EcomapView{Map: a.Ecomap, Centre: centre, label: name}
		}
		out.Assessment = av
	}
	latestRisks := caseload.LatestRisks(c, asOf)
	for _, d := range casefile.Enums["risk_domain"] {
		if r, ok := latestRisks[d]; ok {
			out.Risks = append(out.Risks, RiskView{Domain: d, Level: r.Level, On: ds(r.On), RiskFactors: r.RiskFactors,
				ProtectiveFactors: r.ProtectiveFactors, Rationale: r.Rationale, NextReview: ds(r.NextReview)})
		}
	}
	sort.SliceStable(out.Risks, func(i, j int) bool {
		return casefile.RiskRank(out.Risks[i].Level) > casefile.RiskRank(out.Risks[j].Level)
	})
	if sp := caseload.CurrentSafetyPlan(c, asOf); sp != nil {
		x := sp.V
		v := &SafetyPlanView{Date: ds(x.Date), WarningSigns: x.WarningSigns, CopingStrategies: x.CopingStrategies,
			MeansSafety: x.MeansSafety, WhereKept: x.WhereKept, ClientAgreed: x.ClientAgreed, ReviewOn: ds(x.ReviewOn)}
		if x.Distractions != nil {
			v.DistractionPeople, v.DistractionPlaces = x.Distractions.People, x.Distractions.Places
		}
		contact := func(ct casefile.Contact) string {
			s := ct.Name
			if ct.Person != "" {
				s = name(ct.Person)
			}
			return joinNonEmpty(" — ", s, ct.Phone, ct.Hours)
		}
		for _, h := range x.HelpPeople {
			v.HelpPeople = append(v.HelpPeople, contact(h))
		}
		for _, h := range x.Professionals {
			v.Professionals = append(v.Professionals, contact(h))
		}
		out.SafetyPlan = v
	}
	if c.Plan != nil {
		out.Plan = ViewPlan(c.Plan, asOf, rho, name)
	}
	return out
}

// ViewPlan builds the view of a plan as of a date; who names a responsible registry person.
func ViewPlan(p *casefile.Plan, asOf dates.Date, rho float64, who func(string) string) *PlanView {
	resp := func(r string) string {
		if len(r) > 2 && r[:2] == "P-" {
			return who(r)
		}
		return r
	}
	v := &PlanView{Revision: p.Revision, CreatedOn: ds(p.CreatedOn), ReviewOn: ds(p.ReviewOn), Cultural: p.CulturalLinguistic,
		Resources: p.Resources, Interventions: p.Interventions}
	if a := p.Agreement; a != nil {
		v.Agreement = &AgreeView{On: ds(a.On), How: a.How, CoBuilt: a.CoBuilt}
	}
	for gi := range p.Goals {
		g := &p.Goals[gi]
		gv := GoalView{ID: g.ID, Statement: g.Statement, ClientWords: g.ClientWords, Status: g.Status, TargetDate: ds(g.TargetDate),
			Indicator: g.Indicator, Target: g.Target, Responsible: resp(g.Responsible)}
		if gas := g.GAS; gas != nil {
			gv.Weight = gas.Weight
			cur, scored := plan.LatestScore(g, asOf)
			if scored {
				lvl := cur.Level
				gv.Level = &lvl
			}
			for _, l := range []string{"2", "1", "0", "-1", "-2"} {
				lv := GASLevelView{Level: l, Text: gas.Levels[l]}
				if gas.Baseline != nil && strconv.Itoa(*gas.Baseline) == l {
					lv.Baseline = true
				}
				if scored && strconv.Itoa(cur.Level) == l {
					lv.Current = true
				}
				gv.GAS = append(gv.GAS, lv)
			}
		}
		for _, o := range g.Objectives {
			ov := ObjectiveView{ID: o.ID, Statement: o.Statement, Indicator: o.Indicator, Baseline: o.Baseline, Target: o.Target,
				TargetDate: ds(o.TargetDate), Responsible: resp(o.Responsible), Status: o.Status,
				Overdue: !asOf.IsZero() && (o.Status == "proposed" || o.Status == "active") && plan.IsOverdue(o.TargetDate, asOf)}
			for ti := range o.Tasks {
				t := &o.Tasks[ti]
				ov.Tasks = append(ov.Tasks, TaskView{ID: t.ID, Action: t.Action, Responsible: resp(t.Responsible), Due: ds(t.Due), Frequency: t.Frequency,
					Status: t.Status, DoneOn: ds(t.DoneOn), Overdue: !asOf.IsZero() && plan.TaskOverdue(t, asOf)})
			}
			gv.Objectives = append(gv.Objectives, ov)
		}
		v.Goals = append(v.Goals, gv)
	}
	if t, n, ok := plan.Attainment(p, asOf, rho); ok {
		v.TScore = &TScoreView{T: t, Rho: rho, N: n}
	}
	for _, w := range plan.SMARTWarnings(p) {
		v.Warnings = append(v.Warnings, w.String())
	}
	for _, ch := range p.Changes {
		v.Changes = append(v.Changes, ChangeView{Revision: ch.Revision, At: ch.At.Format("2006-01-02 15:04"), By: ch.By, What: ch.What})
	}
	if !asOf.IsZero() {
		for _, o := range plan.Overdue(p, asOf) {
			v.Overdue = append(v.Overdue, OverdueView{ID: o.ID, Due: ds(o.Due)})
		}
	}
	return v
}

func joinNonEmpty(sep string, parts ...string) string {
	out := nonEmpty(parts...)
	s := ""
	for i, p := range out {
		if i > 0 {
			s += sep
		}
		s += p
	}
	return s
}
