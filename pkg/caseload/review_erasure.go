package caseload

import (
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// CheckErasureOverdue is an erasure request left unanswered for more than a month, the time
// GDPR gives to answer it (Art. 12(3)).
const CheckErasureOverdue = "erasure_overdue"

func init() { Checks = append(Checks, CheckErasureOverdue) }

// erasureFindings finds erasure requests received more than a month before asOf with no
// decision by then.
func erasureFindings(c *casefile.Case, asOf dates.Date) []Finding {
	answered := map[string]bool{}
	for _, d := range c.ErasureDecisions {
		if !d.V.DecidedOn.After(asOf) {
			answered[d.V.Request] = true
		}
	}
	var out []Finding
	for _, r := range c.ErasureRequests {
		due := r.V.ReceivedOn.AddMonths(1)
		if answered[r.ID] || r.V.ReceivedOn.After(asOf) || !asOf.After(due) {
			continue
		}
		out = append(out, newFinding(CheckErasureOverdue, asOf.DaysSince(due), r.ID, DetailErasureOverdue,
			"id", r.ID, "received", r.V.ReceivedOn.String(), "due", due.String(), "case", c.ID))
	}
	return out
}
