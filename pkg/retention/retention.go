// Package retention derives how long a case is kept and whether it may be purged: the policy
// fixed at closure (or derived from the current one for older closures), legal holds, and
// erasure requests with their decisions (domain-reference §10.4). It is pure: entries, the
// configuration and a date in, facts out.
package retention

import (
	"fmt"
	"slices"
	"sort"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
)

// MajorityAge is the age a child of the case reaches before a "majority" policy starts counting.
const MajorityAge = 18

// ErasureAnswerDays is the time GDPR gives to answer an erasure request (Art. 12(3): one month).
const ErasureAnswerDays = 30

// States of a case with respect to retention.
const (
	Open           = "open"            // the agency still works the case: nothing to decide
	Kept           = "kept"            // ended, kept until its date
	Due            = "due"             // past its date, no hold: purge it
	OnHold         = "on_hold"         // a legal hold stops any purge
	ErasureGranted = "erasure_granted" // a granted erasure of the whole case: purge it now
)

// Policy chooses the policy for a case: the one named, else the one whose case_kinds hold the
// case's kind, else the default.
func Policy(rc casefile.RetentionConfig, kind, named string) (string, casefile.RetentionPolicy, error) {
	if named != "" {
		p, ok := rc.Policies[named]
		if !ok {
			return "", p, fmt.Errorf("no retention policy %q: use one of %v (retention.policies in casework.yaml)", named, rc.PolicyNames())
		}
		return named, p, nil
	}
	for _, name := range rc.PolicyNames() {
		if slices.Contains(rc.Policies[name].CaseKinds, kind) {
			return name, rc.Policies[name], nil
		}
	}
	p, ok := rc.Policies[rc.DefaultPolicy]
	if !ok {
		return "", p, fmt.Errorf("retention.default_policy %q is not one of retention.policies %v: fix casework.yaml", rc.DefaultPolicy, rc.PolicyNames())
	}
	return rc.DefaultPolicy, p, nil
}

// RetainUntil is the last day a case ended on endedOn is kept under p.
func RetainUntil(p casefile.RetentionPolicy, c *casefile.Case, endedOn dates.Date) dates.Date {
	from := endedOn
	if p.From == "majority" {
		if m := latestMajority(c); m.After(from) {
			from = m
		}
	}
	return from.AddMonths(12 * p.Years)
}

// latestMajority is the 18th birthday of the youngest child of the case: members with the role
// child, and the client when born less than 18 years before the request.
func latestMajority(c *casefile.Case) dates.Date {
	var last dates.Date
	consider := func(id string) {
		if p, ok := c.Person(id); ok && !p.BirthDate.IsZero() {
			if m := p.BirthDate.AddMonths(12 * MajorityAge); m.After(last) {
				last = m
			}
		}
	}
	if in := c.Intake; in != nil {
		for _, m := range in.Members {
			if m.Role == "child" {
				consider(m.Person)
			}
		}
		if p, ok := c.Person(in.Client); ok && !p.BirthDate.IsZero() && p.BirthDate.AddMonths(12*MajorityAge).After(in.ReceivedOn) {
			consider(in.Client)
		}
	}
	return last
}

// ActiveHold is a hold in force.
type ActiveHold struct {
	ID   string
	Hold *casefile.Hold
}

// Holds lists the holds in force on a case as of a date (zero: no limit), oldest first.
func Holds(c *casefile.Case, asOf dates.Date) []ActiveHold {
	released := map[string]bool{}
	for _, h := range c.Holds {
		if h.V.Action == "released" && (asOf.IsZero() || !h.V.Date.After(asOf)) {
			released[h.V.Releases] = true
		}
	}
	var out []ActiveHold
	for _, h := range c.Holds {
		if h.V.Action == "placed" && !released[h.ID] && (asOf.IsZero() || !h.V.Date.After(asOf)) {
			out = append(out, ActiveHold{ID: h.ID, Hold: h.V})
		}
	}
	return out
}

// Erasure is a request and its decision, if any.
type Erasure struct {
	ID         string                    `json:"id"`
	Request    *casefile.ErasureRequest  `json:"request"`
	DecisionID string                    `json:"decision_id,omitempty"`
	Decision   *casefile.ErasureDecision `json:"decision,omitempty"`
	// AnswerBy is when the answer is due (one month after the request).
	AnswerBy dates.Date `json:"answer_by"`
}

// Pending reports whether the request still waits for a decision.
func (e Erasure) Pending() bool { return e.Decision == nil }

// Erasures lists a case's erasure requests with their decisions, oldest first.
func Erasures(c *casefile.Case) []Erasure {
	dec := map[string]casefile.Item[casefile.ErasureDecision]{}
	for _, d := range c.ErasureDecisions {
		dec[d.V.Request] = d
	}
	var out []Erasure
	for _, r := range c.ErasureRequests {
		e := Erasure{ID: r.ID, Request: r.V, AnswerBy: r.V.ReceivedOn.AddMonths(1)}
		if d, ok := dec[r.ID]; ok {
			e.DecisionID, e.Decision = d.ID, d.V
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Request.ReceivedOn.Before(out[j].Request.ReceivedOn) })
	return out
}

// Info is a case's retention as of a date.
type Info struct {
	CaseID      string     `json:"case_id"`
	Status      string     `json:"status"` // the case's derived status
	State       string     `json:"state"`  // open, kept, due, on_hold, erasure_granted
	EndedOn     dates.Date `json:"ended_on,omitzero"`
	Policy      string     `json:"policy,omitempty"`
	RetainUntil dates.Date `json:"retain_until,omitzero"`
	// Derived is true when the retention was not fixed at closure (a closure written before
	// retention was recorded, or a case never accepted) and comes from the current policy.
	Derived bool `json:"derived"`
	// PolicyError says why no policy could be applied.
	PolicyError string       `json:"policy_error,omitempty"`
	Holds       []ActiveHold `json:"-"`
	HoldIDs     []string     `json:"holds"`
	Erasures    []Erasure    `json:"erasure_requests"`
	// Granted is a granted erasure of the whole case, which makes it due at once.
	Granted *Erasure `json:"-"`
}

// Of computes a case's retention as of a date.
func Of(c *casefile.Case, rc casefile.RetentionConfig, asOf dates.Date) Info {
	st := caseload.Derive(c, asOf)
	in := Info{CaseID: c.ID, Status: st.Status, Holds: Holds(c, asOf), Erasures: Erasures(c), HoldIDs: []string{}}
	for _, h := range in.Holds {
		in.HoldIDs = append(in.HoldIDs, h.ID)
	}
	if in.Erasures == nil {
		in.Erasures = []Erasure{}
	}
	for i, e := range in.Erasures {
		if e.Decision != nil && e.Decision.Decision == "granted" && e.Request.Scope == "whole_case" {
			in.Granted = &in.Erasures[i]
		}
	}
	switch {
	case st.Status == "" || caseload.IsOpen(st.Status):
		in.State = Open
		return in
	case st.Status == caseload.Closed && st.Closure != nil && st.Closure.V.Retention != nil:
		in.EndedOn = st.ClosedOn
		in.Policy, in.RetainUntil = st.Closure.V.Retention.Policy, st.Closure.V.Retention.RetainUntil
	default:
		// Closed before retention was recorded, or redirected or not accepted: ended on the
		// latest status entry, kept under the current policy.
		in.EndedOn, in.Derived = st.ClosedOn, true
		if in.EndedOn.IsZero() {
			in.EndedOn = endedOn(c, asOf)
		}
		name, p, err := Policy(rc, st.Kind, "")
		if err != nil {
			in.PolicyError = err.Error()
		} else {
			in.Policy, in.RetainUntil = name, RetainUntil(p, c, in.EndedOn)
		}
	}
	switch {
	case len(in.Holds) > 0:
		in.State = OnHold
	case in.Granted != nil:
		in.State = ErasureGranted
	case !in.RetainUntil.IsZero() && asOf.After(in.RetainUntil):
		in.State = Due
	default:
		in.State = Kept
	}
	return in
}

func endedOn(c *casefile.Case, asOf dates.Date) dates.Date {
	var last dates.Date
	for _, ev := range caseload.Timeline(c) {
		if (asOf.IsZero() || !ev.On.After(asOf)) && ev.On.After(last) {
			last = ev.On
		}
	}
	return last
}

// Purgeable says whether the case may be purged now, and if not, why, in words a practitioner
// can act on.
func (in Info) Purgeable() error {
	switch in.State {
	case Due, ErasureGranted:
		return nil
	case Open:
		return fmt.Errorf("case %s is %s: an open case is never purged; close it first (casework close)", in.CaseID, in.Status)
	case OnHold:
		return fmt.Errorf("case %s is on legal hold (%s: %s): nothing is purged while a hold is in force; release it when the matter is over (casework hold %s --release --reason TEXT)",
			in.CaseID, in.Holds[0].ID, in.Holds[0].Hold.Reason, in.CaseID)
	}
	if in.PolicyError != "" {
		return fmt.Errorf("case %s: %s", in.CaseID, in.PolicyError)
	}
	return fmt.Errorf("case %s is kept until %s (policy %s): it may be purged after that date, or once an erasure of the whole case is granted (casework erasure)",
		in.CaseID, in.RetainUntil, in.Policy)
}
