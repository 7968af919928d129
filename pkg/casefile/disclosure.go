package casefile

import (
	"sort"
	"strings"

	"github.com/casework/casework/pkg/dates"
)

// RedactionProfile says what an export keeps of a case (domain-reference §10.5). Every field is
// a code, so an agency tunes a profile in casework.yaml and check points at a mistyped one. An
// empty field takes the built-in profile's value (or keep, for a profile of the agency's own).
type RedactionProfile struct {
	Description string `yaml:"description,omitempty" mapstructure:"description"`
	// Names is what the client's name becomes: keep, initials, code (the registry id), role.
	Names string `yaml:"names,omitempty" mapstructure:"names" cw:"enum=redact_person"`
	// ThirdParties is the same for everyone else of the registry (family, neighbours,
	// professionals): role replaces them by the part they play in the case.
	ThirdParties string `yaml:"third_parties,omitempty" mapstructure:"third_parties" cw:"enum=redact_person"`
	// BirthDate: keep, age (in years at the export), year, remove.
	BirthDate string `yaml:"birth_date,omitempty" mapstructure:"birth_date" cw:"enum=redact_birth_date"`
	// Address: keep, area (the case's service area code), remove.
	Address string `yaml:"address,omitempty" mapstructure:"address" cw:"enum=redact_address"`
	// ContactDetails (phones, e-mails, also in free text) and IdentityNumbers (and a mandate's
	// reference): keep or remove.
	ContactDetails  string `yaml:"contact_details,omitempty" mapstructure:"contact_details" cw:"enum=redact_detail"`
	IdentityNumbers string `yaml:"identity_numbers,omitempty" mapstructure:"identity_numbers" cw:"enum=redact_detail"`
	// FreeText: keep, scrub (every registry name, alias, contact detail and number replaced as
	// above), drop (left out).
	FreeText string `yaml:"free_text,omitempty" mapstructure:"free_text" cw:"enum=redact_text"`
	// Dates: keep, or year — the export is then the coded data alone (scores, GAS, statuses,
	// years, region), since a record cannot be shown with its dates cut to the year.
	Dates string `yaml:"dates,omitempty" mapstructure:"dates" cw:"enum=redact_dates"`
	// Scope: all entries; order (only the dates and entry types a court order names: --from,
	// --to, --include); consent (only the categories a consent covers: --consent).
	Scope string `yaml:"scope,omitempty" mapstructure:"scope" cw:"enum=redact_scope"`
	// WorkingNotes are the note kinds left out unless --working-notes is given.
	WorkingNotes []string `yaml:"working_notes,omitempty" mapstructure:"working_notes" cw:"enum=note_kind"`
	// Purpose, Basis and Justification are the disclosure log's defaults for this profile;
	// without them, --purpose and --basis are required.
	Purpose       string `yaml:"purpose,omitempty" mapstructure:"purpose"`
	Basis         string `yaml:"basis,omitempty" mapstructure:"basis" cw:"enum=legal_basis"`
	Justification string `yaml:"justification,omitempty" mapstructure:"justification"`
	// Recipient is the default recipient (supervision: the supervisor).
	Recipient string `yaml:"recipient,omitempty" mapstructure:"recipient"`
}

// Internal is the profile of the practitioner's own use: nothing redacted, nothing logged.
const Internal = "internal"

// BuiltinProfiles are the profiles every repository has (domain-reference §10.5).
func BuiltinProfiles() map[string]RedactionProfile {
	return map[string]RedactionProfile{
		Internal: {Description: "the record as written, for the practitioner; not logged",
			Names: "keep", ThirdParties: "keep", BirthDate: "keep", Address: "keep", ContactDetails: "keep",
			IdentityNumbers: "keep", FreeText: "keep", Dates: "keep", Scope: "all"},
		"supervision": {Description: "supervision, case consultation, training",
			Names: "initials", ThirdParties: "role", BirthDate: "age", Address: "area", ContactDetails: "remove",
			IdentityNumbers: "remove", FreeText: "scrub", Dates: "keep", Scope: "all",
			Recipient: "supervision", Purpose: "case supervision", Basis: "care_provision",
			Justification: "internal supervision of the practitioner's work, with the case de-identified"},
		"court": {Description: "a court order: only the dates and entry types it names",
			Names: "keep", ThirdParties: "role", BirthDate: "keep", Address: "remove", ContactDetails: "remove",
			IdentityNumbers: "remove", FreeText: "scrub", Dates: "keep", Scope: "order",
			WorkingNotes: []string{"supervision", "administrative"}, Basis: "court_order"},
		"referral": {Description: "another agency: only what the consent covers",
			Names: "initials", ThirdParties: "role", BirthDate: "remove", Address: "remove", ContactDetails: "remove",
			IdentityNumbers: "remove", FreeText: "scrub", Dates: "keep", Scope: "consent", Basis: "consent"},
		"deidentified": {Description: "statistics, research, funders: coded data only (Safe Harbor)",
			Names: "code", ThirdParties: "code", BirthDate: "age", Address: "area", ContactDetails: "remove",
			IdentityNumbers: "remove", FreeText: "drop", Dates: "year", Scope: "all",
			Purpose: "statistics", Basis: "care_provision",
			Justification: "de-identified data (the Safe Harbor identifiers removed), for statistics"},
	}
}

// Profile returns the effective profile name: the built-in one overridden field by field by the
// repository's, or the repository's own. ok is false for a name neither knows.
func (c Config) Profile(name string) (RedactionProfile, bool) {
	b, builtin := BuiltinProfiles()[name]
	o, own := c.Redaction[name]
	if !builtin && !own {
		return RedactionProfile{}, false
	}
	if !builtin {
		b = BuiltinProfiles()[Internal]
		b.Description = ""
	}
	if !own || name == Internal {
		return b, true // internal is the record itself: it cannot be tuned
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&b.Description, o.Description)
	set(&b.Names, o.Names)
	set(&b.ThirdParties, o.ThirdParties)
	set(&b.BirthDate, o.BirthDate)
	set(&b.Address, o.Address)
	set(&b.ContactDetails, o.ContactDetails)
	set(&b.IdentityNumbers, o.IdentityNumbers)
	set(&b.FreeText, o.FreeText)
	set(&b.Dates, o.Dates)
	set(&b.Scope, o.Scope)
	set(&b.Purpose, o.Purpose)
	set(&b.Basis, o.Basis)
	set(&b.Justification, o.Justification)
	set(&b.Recipient, o.Recipient)
	if o.WorkingNotes != nil {
		b.WorkingNotes = o.WorkingNotes
	}
	return b, true
}

// ProfileNames lists the profiles a repository has, built-in first, then its own, sorted.
func (c Config) ProfileNames() []string {
	names := []string{Internal, "supervision", "court", "referral", "deidentified"}
	var own []string
	for n := range c.Redaction {
		if _, ok := BuiltinProfiles()[n]; !ok {
			own = append(own, n)
		}
	}
	sort.Strings(own)
	return append(names, own...)
}

// Disclosure is one line of the accounting of disclosures (domain-reference §10.5): an export
// under a profile other than internal. A case's are in cases/ID/disclosures/; an export of the
// caseload (the weekly review) is in the repository's disclosures/ folder and names the cases.
// RecordedAt and RecordedBy say when and by whom.
type Disclosure struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Profile       string `yaml:"profile" cw:"required"`
	Command       string `yaml:"command" cw:"required,enum=export_command"`
	Format        string `yaml:"format" cw:"required"`
	Language      string `yaml:"language,omitempty" cw:"enum=language"`
	Recipient     string `yaml:"recipient" cw:"required"`
	Purpose       string `yaml:"purpose" cw:"required"`
	// LegalBasis is consent (with Consent, the consent entry) or another basis with its
	// Justification.
	LegalBasis    string `yaml:"legal_basis" cw:"required,enum=legal_basis"`
	Consent       string `yaml:"consent,omitempty"`
	Justification string `yaml:"justification,omitempty"`
	// The scope a court order names.
	Order        string     `yaml:"order,omitempty"`
	From         dates.Date `yaml:"from,omitempty"`
	To           dates.Date `yaml:"to,omitempty"`
	Include      []string   `yaml:"include,omitempty"`
	WorkingNotes bool       `yaml:"working_notes,omitempty"`
	// Cases are the cases a caseload export covers; Entries the entries a case export holds.
	Cases   []string `yaml:"cases,omitempty"`
	Entries []string `yaml:"entries,omitempty"`
}

// DisclosureBasisProblem says what is missing from a disclosure's basis, or "".
func DisclosureBasisProblem(legalBasis, consent, justification string) string {
	switch {
	case legalBasis == "consent" || legalBasis == "explicit_consent":
		if consent == "" {
			return "a disclosure on consent names the consent entry"
		}
	case strings.TrimSpace(justification) == "":
		return "a disclosure on legal basis " + legalBasis + " needs a justification"
	}
	return ""
}

func checkDisclosure(x *Disclosure, at atFunc) {
	if msg := DisclosureBasisProblem(x.LegalBasis, x.Consent, x.Justification); msg != "" {
		at(msg, false, "legal_basis")
	}
	if !x.From.IsZero() && !x.To.IsZero() && x.To.Before(x.From) {
		at("to comes before from", false, "to")
	}
	if len(x.Cases) == 0 && len(x.Entries) == 0 {
		at("a disclosure names what it exported: entries, or cases for a caseload export", false, "entries")
	}
}
