package caseload

import (
	"fmt"

	"github.com/casework/casework/pkg/casefile"
)

// checkRetentionRefs checks the references of legal holds and erasure entries: a release names
// a hold placed in the case, a decision a request of the case (answered once), and a request
// the person of the registry who made it.
func checkRetentionRefs(c *casefile.Case, at func(path, msg string, warn bool, keys ...string)) {
	placed := map[string]bool{}
	for _, h := range c.Holds {
		if h.V.Action == "placed" {
			placed[h.ID] = true
		}
	}
	released := map[string]string{}
	for _, h := range c.Holds {
		if h.V.Action != "released" {
			continue
		}
		switch {
		case !placed[h.V.Releases]:
			at(h.Path, fmt.Sprintf("releases %q, which is not a hold placed in this case (holds/)", h.V.Releases), false, "releases")
		case released[h.V.Releases] != "":
			at(h.Path, fmt.Sprintf("hold %q was already released (%s)", h.V.Releases, released[h.V.Releases]), false, "releases")
		default:
			released[h.V.Releases] = h.ID
		}
	}
	requests := map[string]*casefile.ErasureRequest{}
	for _, r := range c.ErasureRequests {
		requests[r.ID] = r.V
		if c.People != nil {
			if _, ok := c.Person(r.V.RequestedBy); !ok {
				at(r.Path, fmt.Sprintf("%q is not in the people registry (%s)", r.V.RequestedBy, c.PeoplePath()), false, "requested_by")
			}
		}
	}
	answered := map[string]string{}
	for _, d := range c.ErasureDecisions {
		r := requests[d.V.Request]
		switch {
		case r == nil:
			at(d.Path, fmt.Sprintf("request %q is not an erasure request of this case (erasure-requests/)", d.V.Request), false, "request")
		case answered[d.V.Request] != "":
			at(d.Path, fmt.Sprintf("request %q was already answered (%s): a request has one decision", d.V.Request, answered[d.V.Request]), false, "request")
		case d.V.DecidedOn.Before(r.ReceivedOn):
			at(d.Path, fmt.Sprintf("decided before the request was received (%s)", r.ReceivedOn), false, "decided_on")
		}
		answered[d.V.Request] = d.ID
	}
}
