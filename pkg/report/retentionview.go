package report

import (
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/retention"
)

// RetentionView is how long the case is kept, the legal holds in force and the erasure
// requests with their answers.
type RetentionView struct {
	State       string        `json:"state"` // open, kept, due, on_hold, erasure_granted
	Policy      string        `json:"policy,omitempty"`
	RetainUntil string        `json:"retain_until,omitempty"`
	Derived     bool          `json:"derived,omitempty"`
	Holds       []HoldView    `json:"holds"`
	Erasures    []ErasureView `json:"erasure_requests"`
}

// HoldView is a legal hold in force.
type HoldView struct {
	ID        string `json:"id"`
	On        string `json:"placed_on"`
	By        string `json:"placed_by"`
	Reason    string `json:"reason"`
	Reference string `json:"reference,omitempty"`
}

// ErasureView is an erasure request and its answer.
type ErasureView struct {
	ID            string `json:"id"`
	ReceivedOn    string `json:"received_on"`
	RequestedBy   string `json:"requested_by"`
	Scope         string `json:"scope"`
	Details       string `json:"details,omitempty"`
	Status        string `json:"status"` // pending, overdue, granted, refused, partial
	AnswerBy      string `json:"answer_by"`
	DecidedOn     string `json:"decided_on,omitempty"`
	LegalReason   string `json:"legal_reason,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// Show reports whether there is anything to show: a retention date, a hold or a request.
func (v *RetentionView) Show() bool {
	return v != nil && (v.RetainUntil != "" || len(v.Holds) > 0 || len(v.Erasures) > 0)
}

// ViewRetention builds the retention view of a case as of a date.
func ViewRetention(c *casefile.Case, rc casefile.RetentionConfig, asOf dates.Date) *RetentionView {
	in := retention.Of(c, rc, asOf)
	v := &RetentionView{State: in.State, Policy: in.Policy, RetainUntil: ds(in.RetainUntil), Derived: in.Derived,
		Holds: []HoldView{}, Erasures: []ErasureView{}}
	for _, h := range in.Holds {
		v.Holds = append(v.Holds, HoldView{ID: h.ID, On: ds(h.Hold.Date), By: h.Hold.RecordedBy, Reason: h.Hold.Reason, Reference: h.Hold.Reference})
	}
	for _, e := range in.Erasures {
		ev := ErasureView{ID: e.ID, ReceivedOn: ds(e.Request.ReceivedOn), RequestedBy: e.Request.RequestedBy, Scope: e.Request.Scope,
			Details: e.Request.Details, Status: "pending", AnswerBy: ds(e.AnswerBy)}
		if d := e.Decision; d != nil {
			ev.Status, ev.DecidedOn, ev.LegalReason, ev.Justification = d.Decision, ds(d.DecidedOn), d.LegalReason, d.Justification
		} else if asOf.After(e.AnswerBy) {
			ev.Status = "overdue"
		}
		v.Erasures = append(v.Erasures, ev)
	}
	return v
}
