// Package casefile defines what is written in a case repository: the entry types, their codes and
// the rules they must follow. It is pure: no files, no terminal, no clock.
//
// Every file is one YAML document that starts with schema_version. A case is a folder holding one
// people registry (every identifying detail), one intake, and one file per later entry; the state
// of a case (status, episode, risk) is derived from the entries, never stored.
package casefile

import (
	"time"

	"github.com/casework/casework/pkg/dates"
)

// SchemaVersion is the version this build writes and the highest it reads.
const SchemaVersion = 1

// People is a case's registry: the one file that names people.
type People struct {
	SchemaVersion int      `yaml:"schema_version" cw:"required"`
	People        []Person `yaml:"people" cw:"required"`
}

// Person is anyone or any organisation in the case. Other files refer to it by ID.
type Person struct {
	ID              string            `yaml:"id" cw:"required"`
	Kind            string            `yaml:"kind,omitempty" cw:"enum=person_kind"`
	Name            string            `yaml:"name" cw:"required"`
	Aliases         []string          `yaml:"aliases,omitempty"`
	Relation        string            `yaml:"relation,omitempty"`
	BirthDate       dates.Date        `yaml:"birth_date,omitempty"`
	Organisation    string            `yaml:"organisation,omitempty"`
	Address         string            `yaml:"address,omitempty"`
	Phone           string            `yaml:"phone,omitempty"`
	Email           string            `yaml:"email,omitempty"`
	IdentityNumbers map[string]string `yaml:"identity_numbers,omitempty"`
	Languages       []string          `yaml:"languages,omitempty"`
	Interpreter     bool              `yaml:"interpreter_needed,omitempty"`
}

// Person looks a person up by id.
func (p *People) Person(id string) (Person, bool) {
	if p == nil {
		return Person{}, false
	}
	for _, x := range p.People {
		if x.ID == id {
			return x, true
		}
	}
	return Person{}, false
}

// Entry is what every entry records about its own writing.
type Entry struct {
	RecordedAt time.Time `yaml:"recorded_at" cw:"required"`
	RecordedBy string    `yaml:"recorded_by" cw:"required"`
}

// Intake is the help request and its preliminary assessment (domain-reference §1): the first
// entry of every case.
type Intake struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Kind          string     `yaml:"case_kind" cw:"required,enum=case_kind"`
	ReceivedOn    dates.Date `yaml:"received_on" cw:"required"`
	Client        string     `yaml:"client" cw:"required"`
	Members       []Member   `yaml:"members,omitempty"`
	Partners      []string   `yaml:"partners,omitempty"`
	Requester     *Requester `yaml:"requester,omitempty"`
	Source        string     `yaml:"referral_source" cw:"required,enum=referral_source"`
	Engagement    string     `yaml:"engagement" cw:"required,enum=engagement"`
	Mandate       *Mandate   `yaml:"mandate,omitempty"`
	Request       string     `yaml:"request" cw:"required"`
	Priority      string     `yaml:"priority" cw:"required,enum=priority"`
	ImmediateRisk string     `yaml:"immediate_risk" cw:"required,enum=risk_level"`
	Emergency     *Emergency `yaml:"emergency_intervention,omitempty"`
	Area          string     `yaml:"area" cw:"required"`
	Decision      `yaml:",inline"`
	PreviousCase  string `yaml:"previous_case,omitempty"`
}

// Member is one person of a family, household or group case.
type Member struct {
	Person string `yaml:"person" cw:"required"`
	Role   string `yaml:"role" cw:"required,enum=member_role"`
}

// Requester is who asked for help when it is not the client.
type Requester struct {
	Person   string `yaml:"person" cw:"required"`
	Relation string `yaml:"relation" cw:"required,enum=request_relation"`
}

// Mandate is the legal or administrative order behind a mandated engagement.
type Mandate struct {
	Authority string     `yaml:"authority" cw:"required"`
	Reference string     `yaml:"reference,omitempty"`
	EndsOn    dates.Date `yaml:"ends_on" cw:"required"`
}

// Emergency records the immediate action taken when life or safety was at stake.
type Emergency struct {
	Done        bool       `yaml:"done"`
	On          dates.Date `yaml:"date,omitempty"`
	Description string     `yaml:"description,omitempty"`
}

// Decision is the outcome of screening: at intake, or later in its own entry.
type Decision struct {
	Decision     string     `yaml:"decision" cw:"required,enum=decision"`
	Reason       string     `yaml:"decision_reason,omitempty" cw:"enum=decision_reason"`
	RedirectedTo string     `yaml:"redirected_to,omitempty"`
	DecidedOn    dates.Date `yaml:"decided_on,omitempty"`
	DecidedBy    string     `yaml:"decided_by,omitempty"`
	Worker       string     `yaml:"worker,omitempty"`
	Supervisor   string     `yaml:"supervisor,omitempty"`
}

// DecisionEntry is a screening decision taken after the intake was recorded.
type DecisionEntry struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Decision      `yaml:",inline"`
	Note          string `yaml:"note,omitempty"`
}

// Closure ends an episode (domain-reference §8).
type Closure struct {
	SchemaVersion   int `yaml:"schema_version" cw:"required"`
	Entry           `yaml:",inline"`
	ClosedOn        dates.Date       `yaml:"closed_on" cw:"required"`
	Reason          string           `yaml:"reason" cw:"required,enum=closure_reason"`
	Summary         string           `yaml:"summary" cw:"required"`
	ClientInformed  *ClientInformed  `yaml:"client_informed,omitempty"`
	ContactAttempts []ContactAttempt `yaml:"contact_attempts,omitempty"`
	Handover        string           `yaml:"handover,omitempty"`
	Aftercare       string           `yaml:"aftercare,omitempty"`
	OthersInformed  []string         `yaml:"others_informed,omitempty"`
	ApprovedBy      string           `yaml:"approved_by,omitempty"`
	ApprovedOn      dates.Date       `yaml:"approved_on,omitempty"`
	// Retention is fixed at closure: the policy and the date the case is kept until.
	Retention *ClosureRetention `yaml:"retention,omitempty"`
}

// ClientInformed says how the person learnt that the case was closing.
type ClientInformed struct {
	On       dates.Date `yaml:"date" cw:"required"`
	How      string     `yaml:"how" cw:"required,enum=informed_how"`
	Feedback string     `yaml:"feedback,omitempty"`
}

// ContactAttempt is a try to reach a client who has lost contact.
type ContactAttempt struct {
	On      dates.Date `yaml:"date" cw:"required"`
	Channel string     `yaml:"channel" cw:"required,enum=contact_mode"`
}

// Reopening starts a new episode of a closed case (domain-reference §8.3).
type Reopening struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	ReopenedOn    dates.Date `yaml:"reopened_on" cw:"required"`
	Reason        string     `yaml:"reason" cw:"required"`
	Closure       string     `yaml:"closure" cw:"required"`
	Worker        string     `yaml:"worker,omitempty"`
}

// Config is the repository's casework.yaml, and the user's config file: one shape for both.
type Config struct {
	SchemaVersion    int             `yaml:"schema_version" mapstructure:"schema_version"`
	Agency           Agency          `yaml:"agency" mapstructure:"agency"`
	Language         string          `yaml:"language" mapstructure:"language" cw:"enum=language"`
	Worker           Worker          `yaml:"worker" mapstructure:"worker"`
	ContactFrequency map[string]int  `yaml:"contact_frequency_days" mapstructure:"contact_frequency_days" cw:"enum=risk_level"`
	Review           ReviewRules     `yaml:"review" mapstructure:"review"`
	Git              GitConfig       `yaml:"git" mapstructure:"git"`
	GAS              GASConfig       `yaml:"gas" mapstructure:"gas"`
	Closure          ClosureConfig   `yaml:"closure" mapstructure:"closure"`
	Retention        RetentionConfig `yaml:"retention" mapstructure:"retention"`
	Encryption       Encryption      `yaml:"encryption" mapstructure:"encryption"`
	// Identity is the practitioner's age identity file, which opens the key ring; it belongs in
	// the user's config file (or CASEWORK_IDENTITY, --identity), never in a shared one.
	Identity string `yaml:"identity" mapstructure:"identity"`
	// Redaction tunes the built-in redaction profiles or adds the agency's own (see
	// BuiltinProfiles); a profile named here overrides the built-in one field by field.
	Redaction map[string]RedactionProfile `yaml:"redaction,omitempty" mapstructure:"redaction"`
}

// Encryption is encryption at rest, opt-in per repository: the people registries (and, with
// Notes, the notes' narrative) are sealed with age to a data key per case, kept in the key ring
// sealed to the recipients.
type Encryption struct {
	Enabled bool `yaml:"enabled" mapstructure:"enabled"`
	// Recipients are the practitioners who can open the key ring.
	Recipients []Recipient `yaml:"recipients" mapstructure:"recipients"`
	// Notes also seals each note's sections.
	Notes bool `yaml:"notes" mapstructure:"notes"`
	// Keyring is the folder of the case keys, from the repository root or absolute; it must not
	// be committed.
	Keyring string `yaml:"keyring" mapstructure:"keyring"`
}

// Recipient is a practitioner allowed to open the key ring, with their age public key.
type Recipient struct {
	Worker string `yaml:"worker" mapstructure:"worker" cw:"required"`
	Key    string `yaml:"key" mapstructure:"key" cw:"required"`
}

// DefaultKeyring is where the key ring lives unless encryption.keyring says otherwise: a folder
// of the repository that init and keys enable add to .gitignore.
const DefaultKeyring = "keyring"

// ClosureConfig sets the agency's closure rules.
type ClosureConfig struct {
	// RequireApproval makes every closure need a supervisor's sign-off (close --approved-by).
	RequireApproval bool `yaml:"require_approval" mapstructure:"require_approval"`
}

// GASConfig tunes Goal Attainment Scaling.
type GASConfig struct {
	// Rho is the assumed correlation between goal scores in the Kiresuk–Sherman T-score.
	Rho float64 `yaml:"rho" mapstructure:"rho"`
}

// Agency names the service and the areas it covers.
type Agency struct {
	Name  string   `yaml:"name" mapstructure:"name"`
	Areas []string `yaml:"areas" mapstructure:"areas"`
}

// Worker is the practitioner's identity, written as the author of every entry.
type Worker struct {
	ID    string `yaml:"id" mapstructure:"id"`
	Name  string `yaml:"name" mapstructure:"name"`
	Email string `yaml:"email" mapstructure:"email"`
}

// ReviewRules are the thresholds of the caseload checks (domain-reference §9.3).
type ReviewRules struct {
	IntakeDecisionDays       int   `yaml:"intake_decision_days" mapstructure:"intake_decision_days"`
	PlanMissingDays          int   `yaml:"plan_missing_days" mapstructure:"plan_missing_days"`
	PlanReviewDays           int   `yaml:"plan_review_days" mapstructure:"plan_review_days"`
	RiskReviewDays           int   `yaml:"risk_review_days" mapstructure:"risk_review_days"`
	ReferralNoNewsDays       int   `yaml:"referral_no_news_days" mapstructure:"referral_no_news_days"`
	ReferralNotStartedDays   int   `yaml:"referral_not_started_days" mapstructure:"referral_not_started_days"`
	ConsentExpiryWarningDays int   `yaml:"consent_expiry_warning_days" mapstructure:"consent_expiry_warning_days"`
	LongOpenDays             []int `yaml:"long_open_days" mapstructure:"long_open_days"`
	LostContactAttempts      int   `yaml:"lost_contact_attempts" mapstructure:"lost_contact_attempts"`
	LostContactWindowDays    int   `yaml:"lost_contact_window_days" mapstructure:"lost_contact_window_days"`
	LateDocumentationHours   int   `yaml:"late_documentation_hours" mapstructure:"late_documentation_hours"`
	ReopenWindowDays         int   `yaml:"reopen_window_days" mapstructure:"reopen_window_days"`
}

// GitConfig says how casework uses git.
type GitConfig struct {
	Commit bool `yaml:"commit" mapstructure:"commit"`
}

// DefaultConfig holds the documented defaults (domain-reference §9.2, §9.3, §8.3).
func DefaultConfig() Config {
	return Config{
		SchemaVersion:    SchemaVersion,
		Language:         "en",
		ContactFrequency: map[string]int{"critical": 1, "high": 7, "moderate": 14, "low": 30, "none": 90},
		Review: ReviewRules{
			IntakeDecisionDays:       5,
			PlanMissingDays:          30,
			PlanReviewDays:           90,
			RiskReviewDays:           30,
			ReferralNoNewsDays:       14,
			ReferralNotStartedDays:   30,
			ConsentExpiryWarningDays: 30,
			LongOpenDays:             []int{180, 365},
			LostContactAttempts:      3,
			LostContactWindowDays:    30,
			LateDocumentationHours:   48,
			ReopenWindowDays:         90,
		},
		Git: GitConfig{Commit: true},
		GAS: GASConfig{Rho: 0.3},
		Retention: RetentionConfig{DefaultPolicy: "standard",
			Policies: map[string]RetentionPolicy{"standard": {Years: 10, From: "closure"}}},
		Encryption: Encryption{Recipients: []Recipient{}, Keyring: DefaultKeyring},
	}
}
