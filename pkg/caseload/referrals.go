package caseload

import (
	"sort"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// Transitions are the referral statuses each status may move to (domain-reference §7.1).
var Transitions = map[string][]string{
	"draft":            {"sent", "cancelled", "entered_in_error"},
	"sent":             {"received", "accepted", "declined", "waitlisted", "cancelled", "entered_in_error"},
	"received":         {"accepted", "declined", "waitlisted", "cancelled", "entered_in_error"},
	"accepted":         {"in_progress", "waitlisted", "not_completed", "cancelled", "entered_in_error"},
	"waitlisted":       {"accepted", "in_progress", "declined", "cancelled", "entered_in_error"},
	"in_progress":      {"completed", "not_completed", "cancelled", "entered_in_error"},
	"completed":        nil,
	"not_completed":    nil,
	"declined":         nil,
	"cancelled":        nil,
	"entered_in_error": nil,
}

// LoopStatuses are the outcomes whose loop the referrer closes once the news has come back.
var LoopStatuses = []string{"completed", "not_completed", "declined"}

// CanMove reports whether a referral may go from one status to another.
func CanMove(from, to string) bool {
	for _, s := range Transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ReferralState is what a referral's updates say as of a date.
type ReferralState struct {
	Referral   *casefile.Item[casefile.Referral]
	Status     string
	Since      dates.Date // the date of the latest status
	LoopClosed bool
	LoopOn     dates.Date
	Updates    []casefile.Item[casefile.ReferralUpdate]
	// What the disclosure relies on: the referral's own consent or legal basis, or the one
	// recorded when a draft was sent.
	Consent, LegalBasis, Justification string
}

// Referrals derives the state of every referral of a case as of asOf (zero: all), in the order
// they were made.
func Referrals(c *casefile.Case, asOf dates.Date) []ReferralState {
	ups := append([]casefile.Item[casefile.ReferralUpdate](nil), c.ReferralUpdates...)
	sort.SliceStable(ups, func(i, j int) bool {
		a, b := ups[i].V, ups[j].V
		if cmp := a.Date.Compare(b.Date); cmp != 0 {
			return cmp < 0
		}
		return a.RecordedAt.Before(b.RecordedAt)
	})
	var out []ReferralState
	for i := range c.Referrals {
		r := &c.Referrals[i]
		if !asOf.IsZero() && r.V.Date.After(asOf) {
			continue
		}
		st := ReferralState{Referral: r, Status: r.V.Status, Since: r.V.Date,
			Consent: r.V.Consent, LegalBasis: r.V.LegalBasis, Justification: r.V.Justification}
		for _, u := range ups {
			if u.V.Referral != r.ID || (!asOf.IsZero() && u.V.Date.After(asOf)) {
				continue
			}
			st.Updates = append(st.Updates, u)
			if u.V.Status != "" {
				st.Status, st.Since = u.V.Status, u.V.Date
			}
			if u.V.Consent != "" || u.V.LegalBasis != "" {
				st.Consent, st.LegalBasis, st.Justification = u.V.Consent, u.V.LegalBasis, u.V.Justification
			}
			if u.V.LoopClosed {
				st.LoopClosed, st.LoopOn = true, u.V.Date
			}
		}
		out = append(out, st)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Referral.V.Date.Before(out[j].Referral.V.Date) })
	return out
}

// ConsentState is a consent as of a date: active, expired or revoked, derived from its dates.
type ConsentState struct {
	Consent   *casefile.Item[casefile.Consent]
	Status    string
	RevokedOn dates.Date
}

// Consents derives the status of every consent of a case as of asOf.
func Consents(c *casefile.Case, asOf dates.Date) []ConsentState {
	var out []ConsentState
	for i := range c.Consents {
		k := &c.Consents[i]
		if !asOf.IsZero() && k.V.SignedOn.After(asOf) {
			continue
		}
		st := ConsentState{Consent: k, Status: "active"}
		for _, rv := range c.ConsentRevocations {
			if rv.V.Consent == k.ID && (asOf.IsZero() || !rv.V.RevokedOn.After(asOf)) {
				st.Status, st.RevokedOn = "revoked", rv.V.RevokedOn
			}
		}
		if st.Status == "active" && !k.V.ExpiresOn.IsZero() && !asOf.IsZero() && !asOf.Before(k.V.ExpiresOn) {
			st.Status = "expired"
		}
		out = append(out, st)
	}
	return out
}

// ConsentCovers reports whether an active consent of the case, as of asOf, covers a recipient
// and every category shared (none of them excluded). It returns that consent.
func ConsentCovers(c *casefile.Case, asOf dates.Date, consentID, recipient string, categories []string) (*ConsentState, string) {
	for _, st := range Consents(c, asOf) {
		if st.Consent.ID != consentID {
			continue
		}
		if st.Status != "active" {
			return &st, "consent " + consentID + " is " + st.Status
		}
		k := st.Consent.V
		if !contains(k.Recipients, recipient) {
			return &st, "consent " + consentID + " does not name " + recipient + " among its recipients"
		}
		for _, cat := range categories {
			if contains(k.Excluded, cat) {
				return &st, "consent " + consentID + " excludes " + cat
			}
			if !contains(k.Categories, cat) {
				return &st, "consent " + consentID + " does not cover " + cat
			}
		}
		return &st, ""
	}
	return nil, "no consent " + consentID + " in this case"
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
