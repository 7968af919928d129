package report

import (
	"slices"
	"sort"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
)

// NoteView is a note as the case summary lists it: the original, and what corrects it.
type NoteView struct {
	ID          string        `json:"id"`
	At          string        `json:"at"`
	Kind        string        `json:"kind"`
	Format      string        `json:"format"`
	Mode        string        `json:"mode,omitempty"`
	Outcome     string        `json:"outcome"`
	Minutes     int           `json:"minutes,omitempty"`
	By          string        `json:"recorded_by"`
	Late        bool          `json:"late,omitempty"`
	Sections    []SectionView `json:"sections"`
	Amends      string        `json:"amends,omitempty"`
	AmendReason string        `json:"amend_reason,omitempty"`
	CorrectedBy []string      `json:"corrected_by,omitempty"`

	// Sealed says the note's text is sealed and no key at hand opened it.
	Sealed bool `json:"sealed,omitempty"`
	// Participants are who took part, by name (or id, when the registry does not say).
	Participants []string `json:"participants,omitempty"`
	// Progress is what the note says about the plan's goals.
	Progress []ProgressView `json:"goal_progress,omitempty"`
}

// ProgressView is what a note says about one goal.
type ProgressView struct {
	Goal     string `json:"goal"`
	Progress string `json:"progress"`
	Note     string `json:"note,omitempty"`
}

// SectionView is one section of a note, in the format's order.
type SectionView struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// ConsentView is a consent with its derived status.
type ConsentView struct {
	ID         string   `json:"id"`
	Status     string   `json:"status"`
	Categories []string `json:"categories"`
	Excluded   []string `json:"excluded_categories,omitempty"`
	Recipients []string `json:"recipients"`
	Purpose    string   `json:"purpose"`
	LegalBasis string   `json:"legal_basis"`
	SignedBy   string   `json:"signed_by"`
	SignedOn   string   `json:"signed_on"`
	ExpiresOn  string   `json:"expires_on,omitempty"`
	RevokedOn  string   `json:"revoked_on,omitempty"`
}

// ReferralView is a referral with its derived status.
type ReferralView struct {
	ID         string `json:"id"`
	Date       string `json:"date"`
	To         string `json:"to"`
	Reason     string `json:"reason"`
	Urgency    string `json:"urgency"`
	Status     string `json:"status"`
	Since      string `json:"since"`
	LoopClosed bool   `json:"loop_closed"`
	// LoopApplies: the loop is closed on an outcome (completed, not completed, declined) only.
	LoopApplies bool   `json:"-"`
	Basis       string `json:"basis"`
}

// Contacts is the notes, consents and referrals of a case as of a date.
type Contacts struct {
	Notes     []NoteView     `json:"notes,omitempty"`
	Consents  []ConsentView  `json:"consents,omitempty"`
	Referrals []ReferralView `json:"referrals,omitempty"`
}

// ViewContacts builds the notes, consents and referrals views. Notes come newest first, at
// most limit of them (0: all); a correction is listed with the note it corrects.
func ViewContacts(c *casefile.Case, asOf dates.Date, lateHours, limit int, partners map[string]*casefile.Partner) Contacts {
	var out Contacts
	corrected := map[string][]string{}
	for _, n := range c.Notes {
		if n.V.Amends != "" {
			corrected[n.V.Amends] = append(corrected[n.V.Amends], n.ID)
		}
	}
	notes := append([]casefile.Item[casefile.Note](nil), c.Notes...)
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].V.Contact.At.After(notes[j].V.Contact.At) })
	for _, n := range notes {
		x := n.V
		if !asOf.IsZero() && dates.FromTime(x.Contact.At).After(asOf) {
			continue
		}
		nv := NoteView{ID: n.ID, At: x.Contact.At.Format("2006-01-02 15:04"), Kind: x.Kind, Format: x.Format, Mode: x.Contact.Mode,
			Outcome: x.Contact.Outcome, Minutes: x.Contact.Minutes, By: x.RecordedBy, Amends: x.Amends, AmendReason: x.AmendReason,
			CorrectedBy: corrected[n.ID],
			Late:        lateHours > 0 && x.RecordedAt.Sub(x.Contact.At).Hours() > float64(lateHours)}
		nv.Sealed = x.Sealed != ""
		for _, id := range x.Contact.Participants {
			nv.Participants = append(nv.Participants, personName(c, id))
		}
		for _, g := range x.GoalProgress {
			nv.Progress = append(nv.Progress, ProgressView{Goal: g.Goal, Progress: g.Progress, Note: g.Note})
		}
		for _, s := range casefile.NoteSections[x.Format] {
			if t := x.Sections[s]; t != "" {
				nv.Sections = append(nv.Sections, SectionView{Name: s, Text: t})
			}
		}
		out.Notes = append(out.Notes, nv)
		if limit > 0 && len(out.Notes) == limit {
			break
		}
	}
	for _, st := range caseload.Consents(c, asOf) {
		k := st.Consent.V
		var recipients []string
		for _, rc := range k.Recipients {
			if p := partners[rc]; p != nil {
				rc = p.Name // the directory's name, as the referrals table shows it
			}
			recipients = append(recipients, rc)
		}
		out.Consents = append(out.Consents, ConsentView{ID: st.Consent.ID, Status: st.Status, Categories: k.Categories,
			Excluded: k.Excluded, Recipients: recipients, Purpose: k.Purpose, LegalBasis: k.LegalBasis, SignedBy: personName(c, k.SignedBy),
			SignedOn: ds(k.SignedOn), ExpiresOn: ds(k.ExpiresOn), RevokedOn: ds(st.RevokedOn)})
	}
	for _, st := range caseload.Referrals(c, asOf) {
		r := st.Referral.V
		to := r.To.Name
		if p := partners[r.To.Agency]; p != nil {
			to = p.Name
		} else if r.To.Agency != "" {
			to = r.To.Agency
		}
		basis := r.Consent
		if basis == "" {
			basis = r.LegalBasis
		}
		out.Referrals = append(out.Referrals, ReferralView{ID: st.Referral.ID, Date: ds(r.Date), To: to, Reason: r.Reason,
			Urgency: r.Urgency, Status: st.Status, Since: ds(st.Since), LoopClosed: st.LoopClosed, Basis: basis,
			LoopApplies: slices.Contains(caseload.LoopStatuses, st.Status)})
	}
	return out
}

// personName is a registry person's name, or the id when the registry has no such person.
func personName(c *casefile.Case, id string) string {
	if p, ok := c.Person(id); ok {
		return p.Name
	}
	return id
}
