package caseload

import (
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// erasure adds an erasure request received daysAgo, answered answeredAgo days ago (-1: not yet).
func (r *rcase) erasure(id string, daysAgo, answeredAgo int) *rcase {
	r.ErasureRequests = append(r.ErasureRequests, casefile.Item[casefile.ErasureRequest]{ID: id,
		V: &casefile.ErasureRequest{ReceivedOn: ago(daysAgo), RequestedBy: "P-1", Scope: "whole_case"}})
	if answeredAgo >= 0 {
		r.ErasureDecisions = append(r.ErasureDecisions, casefile.Item[casefile.ErasureDecision]{ID: id + "-d",
			V: &casefile.ErasureDecision{Request: id, DecidedOn: ago(answeredAgo), Decision: "refused", LegalReason: "legal_obligation"}})
	}
	return r
}

func TestErasureOverdue(t *testing.T) {
	c := accepted("case-a", ago(90), "low").note("n-1", "contact", "completed", 1).
		erasure("E-1", 40, -1). // unanswered for 40 days: overdue since the month ran out
		erasure("E-2", 40, 1).  // answered: nothing to say
		erasure("E-3", 20, -1). // still within the month
		erasure("E-4", 45, 5)   // answered late, but answered
	var got []Finding
	for _, f := range reviewOf(rvAsOf, c).Findings {
		if f.Check == CheckErasureOverdue {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Subject != "E-1" || got[0].Days != rvAsOf.DaysSince(ago(40).AddMonths(1)) {
		t.Fatalf("erasure_overdue findings: %+v", got)
	}
	// As of the day the answer was due, it is not overdue yet; the next day it is.
	due := ago(40).AddMonths(1)
	for _, tc := range []struct {
		asOf dates.Date
		want int
	}{{due, 0}, {due.AddDays(1), 1}} {
		n := 0
		for _, f := range erasureFindings(c.Case, tc.asOf) {
			if f.Subject == "E-1" {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("as of %s: %d findings on E-1, want %d", tc.asOf, n, tc.want)
		}
	}
}
