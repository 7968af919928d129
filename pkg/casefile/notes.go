package casefile

import (
	"time"

	"github.com/casework/casework/pkg/dates"
)

// NoteSections lists, for each note format, its sections in order (domain-reference §2).
var NoteSections = map[string][]string{
	"narrative": {"text"},
	"soap":      {"subjective", "objective", "assessment", "plan"},
	"dap":       {"data", "assessment", "plan"},
	"birp":      {"behaviour", "intervention", "response", "plan"},
	"girp":      {"goal", "intervention", "response", "plan"},
	"pirp":      {"problem", "intervention", "response", "plan"},
	"pie":       {"problem", "intervention", "evaluation"},
	"interview": {"purpose", "process", "overall_evaluation", "next_suggestions"},
}

// Note documents a contact or an event (domain-reference §2), one file per note. RecordedAt is
// when it was written; Contact.At is when the contact happened: the gap is what late
// documentation is measured on.
type Note struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Kind          string            `yaml:"kind" cw:"required,enum=note_kind"`
	Format        string            `yaml:"format" cw:"required,enum=note_format"`
	Contact       NoteContact       `yaml:"contact" cw:"required"`
	Interventions []string          `yaml:"interventions,omitempty" cw:"enum=intervention"`
	Goals         []string          `yaml:"goals,omitempty"`
	GoalProgress  []GoalProgress    `yaml:"goal_progress,omitempty"`
	Sections      map[string]string `yaml:"sections,omitempty"`
	// Sealed replaces Sections when the repository seals notes (encryption.notes): the sections,
	// as an armored age text to the case's key. The loader opens it when the key is at hand.
	Sealed      string     `yaml:"sealed,omitempty"`
	NextContact dates.Date `yaml:"next_contact,omitempty"`
	// Amends names the note this one corrects; the original is never changed.
	Amends      string `yaml:"amends,omitempty"`
	AmendReason string `yaml:"amend_reason,omitempty"`
}

// NoteContact is when, how and with whom the contact took place, and how it went.
type NoteContact struct {
	At           time.Time `yaml:"at" cw:"required"`
	Minutes      int       `yaml:"minutes,omitempty"`
	Mode         string    `yaml:"mode,omitempty" cw:"enum=contact_mode"`
	Outcome      string    `yaml:"outcome" cw:"required,enum=contact_outcome"`
	Participants []string  `yaml:"participants,omitempty"`
}

// GoalProgress is what a note says about a plan goal.
type GoalProgress struct {
	Goal     string `yaml:"goal" cw:"required"`
	Progress string `yaml:"progress" cw:"required,enum=progress"`
	Note     string `yaml:"note,omitempty"`
}

// Consent is a consent to share information (domain-reference §7.2).
type Consent struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Categories    []string   `yaml:"categories" cw:"required,enum=info_category"`
	Excluded      []string   `yaml:"excluded_categories,omitempty" cw:"enum=info_category"`
	Description   string     `yaml:"description,omitempty"`
	Recipients    []string   `yaml:"recipients" cw:"required"`
	Purpose       string     `yaml:"purpose" cw:"required"`
	LegalBasis    string     `yaml:"legal_basis" cw:"required,enum=legal_basis"`
	Method        string     `yaml:"method" cw:"required,enum=consent_method"`
	SignedBy      string     `yaml:"signed_by" cw:"required"`
	Authority     string     `yaml:"representative_authority,omitempty"`
	SignedOn      dates.Date `yaml:"signed_on" cw:"required"`
	ExpiresOn     dates.Date `yaml:"expires_on,omitempty"`
	Notices       []string   `yaml:"notices_given,omitempty" cw:"enum=consent_notice"`
}

// ConsentRevocation withdraws a consent from a date; the consent itself is never changed.
type ConsentRevocation struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Consent       string     `yaml:"consent" cw:"required"`
	RevokedOn     dates.Date `yaml:"revoked_on" cw:"required"`
	Reason        string     `yaml:"reason,omitempty"`
}

// Referral sends the person to another service (domain-reference §7.1). Its status is derived
// from its updates, each its own file, so two practitioners updating one referral never
// conflict.
type Referral struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Date          dates.Date `yaml:"date" cw:"required"`
	To            ReferralTo `yaml:"to" cw:"required"`
	Reason        string     `yaml:"reason" cw:"required"`
	Services      []string   `yaml:"services,omitempty"`
	Urgency       string     `yaml:"urgency" cw:"required,enum=priority"`
	RespondBy     dates.Date `yaml:"respond_by,omitempty"`
	Language      string     `yaml:"language,omitempty"`
	Interpreter   bool       `yaml:"interpreter_needed,omitempty"`
	// Categories are the kinds of information the referral shares.
	Categories []string `yaml:"categories,omitempty" cw:"enum=info_category"`
	// Consent is the consent entry it relies on; without one, LegalBasis and Justification.
	Consent       string `yaml:"consent,omitempty"`
	LegalBasis    string `yaml:"legal_basis,omitempty" cw:"enum=legal_basis"`
	Justification string `yaml:"justification,omitempty"`
	// Status is the status the referral was created in: draft or sent.
	Status string `yaml:"status" cw:"required,enum=referral_status"`
}

// ReferralTo is the receiving service: an agency of the directory, or one named ad hoc.
type ReferralTo struct {
	Agency  string `yaml:"agency,omitempty"`
	Name    string `yaml:"name,omitempty"`
	Service string `yaml:"service,omitempty"`
	Contact string `yaml:"contact,omitempty"`
}

// ReferralUpdate records a change of a referral's status, or the closing of its loop (the
// outcome came back to the referrer).
type ReferralUpdate struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Referral      string     `yaml:"referral" cw:"required"`
	Date          dates.Date `yaml:"date" cw:"required"`
	Status        string     `yaml:"status,omitempty" cw:"enum=referral_status"`
	DeclineReason string     `yaml:"decline_reason,omitempty" cw:"enum=decline_reason"`
	LoopClosed    bool       `yaml:"loop_closed,omitempty"`
	Outcome       string     `yaml:"outcome,omitempty"`
	Note          string     `yaml:"note,omitempty"`
	// When a draft is sent: what the sending relies on (the referral itself is never changed).
	Consent       string `yaml:"consent,omitempty"`
	LegalBasis    string `yaml:"legal_basis,omitempty" cw:"enum=legal_basis"`
	Justification string `yaml:"justification,omitempty"`
}

// Partner is one agency of the partner directory (agencies/<id>.yaml at the repository root): not case
// data, so it carries no personal details beyond a service's public contact.
type Partner struct {
	SchemaVersion int      `yaml:"schema_version" cw:"required"`
	ID            string   `yaml:"id" cw:"required"`
	Name          string   `yaml:"name" cw:"required"`
	Services      []string `yaml:"services,omitempty"`
	Areas         []string `yaml:"areas,omitempty"`
	Languages     []string `yaml:"languages,omitempty"`
	Contact       string   `yaml:"contact,omitempty"`
	Address       string   `yaml:"address,omitempty"`
	Notes         string   `yaml:"notes,omitempty"`
}
