package redact

import (
	"sort"
	"strconv"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
)

// CodedCase is a case as a profile that reduces dates to the year shows it: codes, scores,
// statuses, years and the region, and nothing else (the Safe Harbor method, domain-reference
// §10.5). Its code is a number given within the export, never the case id (a record number).
// JSON field names only grow.
type CodedCase struct {
	Code          string          `json:"code"`
	Kind          string          `json:"case_kind"`
	Status        string          `json:"status"`
	Episode       int             `json:"episode"`
	YearOpened    int             `json:"year_opened"`
	YearClosed    int             `json:"year_closed,omitempty"`
	ClosureReason string          `json:"closure_reason,omitempty"`
	Region        string          `json:"region,omitempty"`
	Source        string          `json:"referral_source"`
	Engagement    string          `json:"engagement"`
	Priority      string          `json:"priority"`
	Risk          string          `json:"risk"`
	People        []CodedPerson   `json:"people"`
	Domains       []CodedDomain   `json:"domains,omitempty"`
	Risks         []CodedRisk     `json:"risks,omitempty"`
	Scores        []CodedScore    `json:"scores,omitempty"`
	Goals         []CodedGoal     `json:"goals,omitempty"`
	TScore        *float64        `json:"gas_t_score,omitempty"`
	GoalsScored   int             `json:"gas_goals_scored,omitempty"`
	Contacts      []CodedCount    `json:"contacts,omitempty"`
	Referrals     []CodedReferral `json:"referrals,omitempty"`
}

// CodedPerson is a person of the case by role, with an age group (over 89: "90+").
type CodedPerson struct {
	Role string `json:"role"`
	Age  string `json:"age,omitempty"`
}

// CodedDomain is a life domain's latest 1–5 rating.
type CodedDomain struct {
	Domain string `json:"domain"`
	Rating int    `json:"rating"`
	Year   int    `json:"year"`
}

// CodedRisk is a risk domain's latest level.
type CodedRisk struct {
	Domain string `json:"domain"`
	Level  string `json:"level"`
	Year   int    `json:"year"`
}

// CodedScore is a questionnaire total and band.
type CodedScore struct {
	Instrument string `json:"instrument"`
	Year       int    `json:"year"`
	Total      int    `json:"total"`
	Band       string `json:"band"`
}

// CodedGoal is a goal's domain, status and GAS levels.
type CodedGoal struct {
	Domain   string `json:"domain,omitempty"`
	Status   string `json:"status"`
	Baseline *int   `json:"baseline_level,omitempty"`
	Level    *int   `json:"latest_level,omitempty"`
}

// CodedCount is a number of contacts by mode.
type CodedCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// CodedReferral is a referral's service and status.
type CodedReferral struct {
	Year   int    `json:"year"`
	Status string `json:"status"`
}

// Coded builds the coded view of a redacted case; code names it in the export.
func Coded(res *Result, code string, asOf dates.Date, rho float64) CodedCase {
	c := res.Case
	st := caseload.Derive(c, asOf)
	v := CodedCase{Code: code, Kind: st.Kind, Status: st.Status, Episode: st.Episode, YearOpened: st.OpenedOn.Year(),
		Source: c.Intake.Source, Engagement: c.Intake.Engagement, Priority: st.Priority, Risk: st.Risk}
	if res.Profile.Address == "area" {
		v.Region = st.Area
	}
	if st.Status == caseload.Closed && st.Closure != nil {
		v.YearClosed, v.ClosureReason = st.ClosedOn.Year(), st.Closure.V.Reason
	}
	rs := roles(c)
	for _, p := range c.People.People {
		cp := CodedPerson{Role: rs[p.ID]}
		if a, ok := res.Ages[p.ID]; ok {
			cp.Age = AgeGroup(a)
		} else if y, ok := res.Years[p.ID]; ok && !asOf.IsZero() {
			cp.Age = AgeGroup(asOf.Year() - y)
		}
		v.People = append(v.People, cp)
	}
	latest := map[string]CodedDomain{}
	for _, a := range c.Assessments {
		if !asOf.IsZero() && a.V.Date.After(asOf) {
			continue
		}
		for d, r := range a.V.Domains {
			if r.Rating > 0 {
				latest[d] = CodedDomain{Domain: d, Rating: r.Rating, Year: a.V.Date.Year()}
			}
		}
		for _, in := range a.V.Instruments {
			v.Scores = append(v.Scores, CodedScore{Instrument: in.Instrument, Year: a.V.Date.Year(), Total: in.Total, Band: in.Band})
		}
	}
	for _, d := range casefile.Enums["assessment_domain"] {
		if x, ok := latest[d]; ok {
			v.Domains = append(v.Domains, x)
		}
	}
	risks := caseload.LatestRisks(c, asOf)
	for _, d := range casefile.Enums["risk_domain"] {
		if r, ok := risks[d]; ok {
			v.Risks = append(v.Risks, CodedRisk{Domain: d, Level: r.Level, Year: r.On.Year()})
		}
	}
	if p := c.Plan; p != nil {
		for i := range p.Goals {
			g := &p.Goals[i]
			cg := CodedGoal{Domain: g.Domain, Status: g.Status}
			if g.GAS != nil {
				cg.Baseline = g.GAS.Baseline
				if s, ok := plan.LatestScore(g, asOf); ok {
					l := s.Level
					cg.Level = &l
				}
			}
			v.Goals = append(v.Goals, cg)
		}
		if t, n, ok := plan.Attainment(p, asOf, rho); ok {
			v.TScore, v.GoalsScored = &t, n
		}
	}
	modes := map[string]int{}
	for _, n := range c.Notes {
		if n.V.Contact.Outcome == "completed" && n.V.Contact.Mode != "" {
			modes[n.V.Contact.Mode]++
		}
	}
	for _, m := range casefile.Enums["contact_mode"] {
		if modes[m] > 0 {
			v.Contacts = append(v.Contacts, CodedCount{Code: m, Count: modes[m]})
		}
	}
	for _, r := range caseload.Referrals(c, asOf) {
		v.Referrals = append(v.Referrals, CodedReferral{Year: r.Referral.V.Date.Year(), Status: r.Status})
	}
	return v
}

// AgeGroup writes an age, ages over 89 grouped as Safe Harbor asks.
func AgeGroup(a int) string {
	if a > 89 {
		return "90+"
	}
	if a < 0 {
		return ""
	}
	return strconv.Itoa(a)
}

// CaseCodes numbers cases for an export (C-1, C-2...) in the order of their ids, so the code of a
// case says nothing about it.
func CaseCodes(ids []string) map[string]string {
	sorted := append([]string(nil), ids...)
	sort.Strings(sorted)
	out := map[string]string{}
	for i, id := range sorted {
		out[id] = "C-" + strconv.Itoa(i+1)
	}
	return out
}

// CodedReview is a caseload review with each case named by its code in codes and the findings'
// details (in English, and as key and arguments) and subjects, which carry dates and entry
// ids, left out: what a profile that reduces dates to the year may show of the weekly review.
func CodedReview(rv caseload.Review, codes map[string]string) caseload.Review {
	out := rv
	out.Findings = make([]caseload.Finding, len(rv.Findings))
	for i, fd := range rv.Findings {
		fd.CaseID, fd.Subject, fd.Detail, fd.Key, fd.Args = codes[fd.CaseID], "", "", "", nil
		out.Findings[i] = fd
	}
	return out
}
