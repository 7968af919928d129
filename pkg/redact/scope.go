package redact

import (
	"slices"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// scopeOrder keeps only the entry kinds and the dates a court order names. The intake and the
// registry stay, as what the export is about, but the request's words go when the intake is
// outside the order.
func scopeOrder(r *casefile.Case, p casefile.RedactionProfile, s Scope) {
	in := func(kind string) bool { return len(s.Include) == 0 || slices.Contains(s.Include, kind) }
	inRange := func(d dates.Date) bool {
		return (s.From.IsZero() || !d.Before(s.From)) && (s.To.IsZero() || !d.After(s.To))
	}
	day := func(t time.Time) dates.Date { return dates.FromTime(t) }
	if !in("intake") || !inRange(r.Intake.ReceivedOn) {
		r.Intake.Request = ""
		r.Intake.Emergency = nil
	}
	r.Decisions = keep(r.Decisions, func(x *casefile.DecisionEntry) bool {
		d := x.DecidedOn
		if d.IsZero() {
			d = day(x.RecordedAt)
		}
		return in("decisions") && inRange(d)
	})
	r.Assessments = keep(r.Assessments, func(x *casefile.Assessment) bool { return in("assessments") && inRange(x.Date) })
	r.SafetyPlans = keep(r.SafetyPlans, func(x *casefile.SafetyPlan) bool { return in("safety_plans") && inRange(x.Date) })
	r.Notes = keep(r.Notes, func(x *casefile.Note) bool {
		if !s.WorkingNotes && slices.Contains(p.WorkingNotes, x.Kind) {
			return false
		}
		return in("notes") && inRange(day(x.Contact.At))
	})
	r.Consents = keep(r.Consents, func(x *casefile.Consent) bool { return in("consents") && inRange(x.SignedOn) })
	r.ConsentRevocations = keep(r.ConsentRevocations, func(x *casefile.ConsentRevocation) bool {
		return in("consents") && inRange(x.RevokedOn)
	})
	r.Referrals = keep(r.Referrals, func(x *casefile.Referral) bool { return in("referrals") && inRange(x.Date) })
	refs := ids(r.Referrals)
	r.ReferralUpdates = keep(r.ReferralUpdates, func(x *casefile.ReferralUpdate) bool {
		return in("referrals") && inRange(x.Date) && slices.Contains(refs, x.Referral)
	})
	r.Reviews = keep(r.Reviews, func(x *casefile.CaseReview) bool { return in("reviews") && inRange(x.Date) })
	r.Closures = keep(r.Closures, func(x *casefile.Closure) bool { return in("closures") && inRange(x.ClosedOn) })
	r.Reopenings = keep(r.Reopenings, func(x *casefile.Reopening) bool { return in("reopenings") && inRange(x.ReopenedOn) })
	if r.Plan != nil {
		if !in("plan") {
			r.Plan = nil
			return
		}
		r.Plan.Changes = slices.DeleteFunc(r.Plan.Changes, func(ch casefile.Change) bool { return !inRange(day(ch.At)) })
		for i := range r.Plan.Goals {
			if g := r.Plan.Goals[i].GAS; g != nil {
				g.Scores = slices.DeleteFunc(g.Scores, func(sc casefile.GASScore) bool { return !inRange(sc.On) })
			}
		}
	}
}

// CategoryDomain maps the information categories that are life domains of an assessment to
// that domain: what a consent to share the category covers (the referral letter and the
// referral profile both follow it).
var CategoryDomain = map[string]string{
	"housing":           "housing",
	"socio_economic":    "socio_economic",
	"income_employment": "income_employment",
	"physical_health":   "physical_health",
	"mental_health":     "mental_health",
	"legal":             "legal_administrative",
}

// RiskCategory maps risk domains to the information category they disclose: such a risk is
// shown only when that category is shared too, even among the risk flags.
var RiskCategory = map[string]string{
	"suicide_self_harm": "mental_health",
	"substance_use":     "substance_use",
	"domestic_violence": "domestic_violence",
	"child_protection":  "child_protection",
	"housing_loss":      "housing",
	"medical":           "physical_health",
}

// scopeConsent keeps only what the consent's categories cover: the minimum necessary of the
// referral profile. Notes, safety plans, referrals and reviews mix every category in free text,
// so they are never part of it; nor are closures' and decisions' words.
func scopeConsent(r *casefile.Case, consent string, cats []string) {
	has := func(c string) bool { return slices.Contains(cats, c) }
	if !has("assessment_summary") {
		r.Intake.Request = ""
		r.Intake.Emergency = nil
	}
	if !has("risk_flags") {
		r.Intake.ImmediateRisk = "" // the current risk falls back on it: no level leaves
	}
	if !has("legal") {
		r.Intake.Mandate = nil
	}
	r.Notes, r.SafetyPlans, r.Referrals, r.ReferralUpdates, r.Reviews = nil, nil, nil, nil, nil
	r.Consents = slices.DeleteFunc(r.Consents, func(x casefile.Item[casefile.Consent]) bool { return x.ID != consent })
	r.ConsentRevocations = keep(r.ConsentRevocations, func(x *casefile.ConsentRevocation) bool { return x.Consent == consent })
	for _, d := range r.Decisions {
		d.V.Note = ""
	}
	for _, cl := range r.Closures {
		cl.V.Summary, cl.V.Aftercare, cl.V.Handover = "", "", ""
		if cl.V.ClientInformed != nil {
			cl.V.ClientInformed.Feedback = ""
		}
	}
	for _, a := range r.Assessments {
		x := a.V
		if !has("assessment_summary") {
			x.Summary, x.Strengths, x.Resources = "", nil, nil
		}
		x.Ecomap = nil
		for d := range x.Domains {
			allowed := false
			for cat, dom := range CategoryDomain {
				if dom == d && has(cat) {
					allowed = true
				}
			}
			if !allowed {
				delete(x.Domains, d)
			}
		}
		if !has("mental_health") {
			x.Instruments = nil
		}
		// As in the referral letter: a risk of a category shared is shown with its factors; the
		// risk flags add the levels of the risks whose category is shared or that have none.
		x.Risks = slices.DeleteFunc(x.Risks, func(rk casefile.Risk) bool {
			cat, specific := RiskCategory[rk.Domain]
			keep := (specific && has(cat)) || (has("risk_flags") && (!specific || has(cat)))
			return !keep
		})
		for i := range x.Risks {
			if cat, ok := RiskCategory[x.Risks[i].Domain]; !ok || !has(cat) {
				x.Risks[i].RiskFactors, x.Risks[i].ProtectiveFactors, x.Risks[i].Rationale = nil, nil, ""
			}
		}
	}
	if r.Plan != nil {
		if !has("plan") {
			r.Plan = nil
			return
		}
		r.Plan.Goals = slices.DeleteFunc(r.Plan.Goals, func(g casefile.Goal) bool {
			for cat, dom := range CategoryDomain {
				if dom == g.Domain && !has(cat) {
					return true
				}
			}
			return false
		})
		r.Plan.CulturalLinguistic, r.Plan.Changes = "", nil
	}
}
