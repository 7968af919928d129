package caseload

import (
	"sort"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// RiskRecord is a risk record with the assessment it came from.
type RiskRecord struct {
	casefile.Risk
	On   dates.Date
	Path string
}

// sortedAssessments orders assessments by date, then by when they were written.
func sortedAssessments(c *casefile.Case) []casefile.Item[casefile.Assessment] {
	as := append([]casefile.Item[casefile.Assessment](nil), c.Assessments...)
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i].V, as[j].V
		if cmp := a.Date.Compare(b.Date); cmp != 0 {
			return cmp < 0
		}
		return a.RecordedAt.Before(b.RecordedAt)
	})
	return as
}

// LatestRisks returns the latest risk record of each domain as of asOf (zero: all).
func LatestRisks(c *casefile.Case, asOf dates.Date) map[string]RiskRecord {
	out := map[string]RiskRecord{}
	for _, a := range sortedAssessments(c) {
		if !asOf.IsZero() && a.V.Date.After(asOf) {
			break
		}
		for _, r := range a.V.Risks {
			out[r.Domain] = RiskRecord{Risk: r, On: a.V.Date, Path: a.Path}
		}
	}
	return out
}

// CurrentRisk is the highest level among the latest record of each risk domain; before any
// risk record, it is the immediate risk noted at intake.
func CurrentRisk(c *casefile.Case, asOf dates.Date) string {
	latest := LatestRisks(c, asOf)
	if len(latest) == 0 {
		if c.Intake == nil {
			return ""
		}
		return c.Intake.ImmediateRisk
	}
	level := "none"
	for _, r := range latest {
		if casefile.RiskRank(r.Level) > casefile.RiskRank(level) {
			level = r.Level
		}
	}
	return level
}

// SafetyPlanDomains are the risk domains where a high or critical level requires a safety plan.
var SafetyPlanDomains = []string{"suicide_self_harm", "domestic_violence"}

// CurrentSafetyPlan is the latest safety plan of the current episode as of asOf, or nil.
func CurrentSafetyPlan(c *casefile.Case, asOf dates.Date) *casefile.Item[casefile.SafetyPlan] {
	st := Derive(c, asOf)
	var cur *casefile.Item[casefile.SafetyPlan]
	for i := range c.SafetyPlans {
		sp := &c.SafetyPlans[i]
		if sp.V.Date.Before(st.EpisodeStart) || (!asOf.IsZero() && sp.V.Date.After(asOf)) {
			continue
		}
		if cur == nil || sp.V.Date.After(cur.V.Date) || (sp.V.Date == cur.V.Date && !sp.V.RecordedAt.Before(cur.V.RecordedAt)) {
			cur = sp
		}
	}
	return cur
}

// MissingSafetyPlan lists the latest risk records (high or critical, in a safety-plan domain)
// of a case that has no safety plan in its current episode.
func MissingSafetyPlan(c *casefile.Case, asOf dates.Date) []RiskRecord {
	var out []RiskRecord
	sp := CurrentSafetyPlan(c, asOf)
	latest := LatestRisks(c, asOf)
	for _, d := range SafetyPlanDomains {
		r, ok := latest[d]
		if !ok || casefile.RiskRank(r.Level) < casefile.RiskRank("high") {
			continue
		}
		if sp == nil {
			out = append(out, r)
		}
	}
	return out
}
