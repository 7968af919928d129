package cmdutil

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/spf13/cobra"
)

// ExportFlags are the flags every export path shares: the redaction profile and what the
// disclosure log records about the export.
type ExportFlags struct {
	Profile       string
	To            string
	Purpose       string
	Basis         string
	Consent       string
	Justification string
	Order         string
	Since, Until  string
	Include       []string
	WorkingNotes  bool
}

// ExportHelp is the paragraph each export command adds to its help.
const ExportHelp = `--profile NAME exports under a redaction profile of casework.yaml (redaction:):
internal (the default: the record as written, not logged), supervision (names as initials,
third parties by role, age for birth date, service area for address, no contact details or
identity numbers, free text scrubbed of every name and alias of the registry), court (only what
--order names: --since/--until dates and --include entry kinds; working notes only with
--working-notes), referral (only what --consent covers, for its recipient), deidentified
(coded data only: scores, GAS, statuses, years, region). Any other profile than internal
records who exported what, when, for whom (--to), why (--purpose) and on which basis (--basis
CODE with --justification, or --consent ID) in the disclosure log (casework disclosures); a
profile may supply the purpose and basis.`

// AddExportFlags adds the export flags to cmd.
func AddExportFlags(cmd *cobra.Command, e *ExportFlags) {
	fl := cmd.Flags()
	fl.StringVar(&e.Profile, "profile", "", "export under this redaction `PROFILE`: internal (default), supervision, court, referral, deidentified, or the agency's own")
	fl.StringVar(&e.To, "to", "", "who receives the export (`RECIPIENT`), for the disclosure log")
	fl.StringVar(&e.Purpose, "purpose", "", "why the export is made, for the disclosure log")
	fl.StringVar(&e.Basis, "basis", "", "the legal basis `CODE` of the disclosure: consent, explicit_consent, legal_obligation, care_provision, vital_interest, court_order")
	fl.StringVar(&e.Consent, "consent", "", "the consent `ID` the disclosure relies on (checked to exist and be active)")
	fl.StringVar(&e.Justification, "justification", "", "why a basis other than consent applies")
	fl.StringVar(&e.Order, "order", "", "the court order's `REF` (profile court)")
	fl.StringVar(&e.Since, "since", "", "court: only entries dated on or after `DATE`")
	fl.StringVar(&e.Until, "until", "", "court: only entries dated on or before `DATE`")
	fl.StringSliceVar(&e.Include, "include", nil, "court: only these entry `KINDS` ("+strings.Join(redact.EntryKinds, ", ")+")")
	fl.BoolVar(&e.WorkingNotes, "working-notes", false, "court: include the working notes (supervision and administrative notes), which are left out otherwise")
	_ = cmd.RegisterFlagCompletionFunc("basis", CompleteCodes(casefile.Enums["legal_basis"]))
	_ = cmd.RegisterFlagCompletionFunc("include", CompleteCodes(redact.EntryKinds))
	_ = cmd.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"internal", "supervision", "court", "referral", "deidentified"}, cobra.ShellCompDirectiveNoFileComp
	})
}

// Export is an export prepared under a profile: what to redact and what to log.
type Export struct {
	Name    string
	Profile casefile.RedactionProfile
	Lang    string
	Scope   redact.Scope
	// Record is the disclosure log's entry, filled in but for the command, format and content.
	Record casefile.Disclosure
}

// Internal reports whether the export is the record as written, with nothing logged.
func (e *Export) Internal() bool { return e.Name == casefile.Internal }

// PrepareExport checks the export flags against the profile. lang is the report's language.
func (f *Factory) PrepareExport(e *ExportFlags, lang string) (*Export, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	name := e.Profile
	if name == "" {
		name = casefile.Internal
	}
	p, ok := s.Config.Profile(name)
	if !ok {
		return nil, UsageErrorf("--profile %q is not a profile of this repository: use %s", name, strings.Join(s.Config.ProfileNames(), ", "))
	}
	today, err := f.Today()
	if err != nil {
		return nil, err
	}
	x := &Export{Name: name, Profile: p, Lang: lang}
	x.Scope.AsOf = today
	if name == casefile.Internal {
		for flag, set := range map[string]bool{"to": e.To != "", "purpose": e.Purpose != "", "basis": e.Basis != "", "consent": e.Consent != "",
			"justification": e.Justification != "", "order": e.Order != "", "since": e.Since != "", "until": e.Until != "",
			"include": len(e.Include) > 0, "working-notes": e.WorkingNotes} {
			if set {
				return nil, WithHint(UsageErrorf("--%s describes an export under a redaction profile, and this one is internal (the record as written)", flag),
					"add --profile supervision, court, referral, deidentified or one of the agency's")
			}
		}
		return x, nil
	}
	if p.Scope != "order" {
		for flag, set := range map[string]bool{"order": e.Order != "", "since": e.Since != "", "until": e.Until != "",
			"include": len(e.Include) > 0, "working-notes": e.WorkingNotes} {
			if set {
				return nil, UsageErrorf("--%s narrows an export to what a court order names; profile %s exports %s", flag, name, scopeWords[p.Scope])
			}
		}
	}
	d := &x.Record
	d.Profile, d.Language = name, lang
	d.Recipient = firstNonEmpty(e.To, p.Recipient)
	if strings.TrimSpace(d.Recipient) == "" {
		return nil, WithHint(UsageErrorf("an export under profile %s names who receives it: --to RECIPIENT", name),
			"the disclosure log records who received what, when, why and on which basis")
	}
	d.Purpose = firstNonEmpty(e.Purpose, p.Purpose)
	if strings.TrimSpace(d.Purpose) == "" {
		return nil, UsageErrorf("an export under profile %s says why it is made: --purpose TEXT", name)
	}
	if p.Scope == "order" {
		d.Order = e.Order
		if strings.TrimSpace(d.Order) == "" {
			return nil, UsageErrorf("an export under profile %s names the order it answers: --order REF (and what it names: --since, --until, --include)", name)
		}
		if e.Since != "" {
			if d.From, err = f.ParseDate("since", e.Since); err != nil {
				return nil, err
			}
		}
		if e.Until != "" {
			if d.To, err = f.ParseDate("until", e.Until); err != nil {
				return nil, err
			}
		}
		if !d.From.IsZero() && !d.To.IsZero() && d.To.Before(d.From) {
			return nil, UsageErrorf("--until %s comes before --since %s", d.To, d.From)
		}
		for _, k := range e.Include {
			if !slices.Contains(redact.EntryKinds, k) {
				return nil, UsageErrorf("--include %q is not a kind of entry: use %s", k, strings.Join(redact.EntryKinds, ", "))
			}
		}
		d.Include, d.WorkingNotes = e.Include, e.WorkingNotes
		x.Scope.From, x.Scope.To, x.Scope.Include, x.Scope.WorkingNotes = d.From, d.To, d.Include, d.WorkingNotes
	}
	d.LegalBasis = e.Basis
	if d.LegalBasis == "" && e.Consent != "" {
		d.LegalBasis = "consent"
	}
	if d.LegalBasis == "" {
		d.LegalBasis = p.Basis
	}
	if d.LegalBasis == "" {
		return nil, UsageErrorf("an export under profile %s names its legal basis: --consent ID, or --basis CODE --justification TEXT", name)
	}
	if err := CheckCode("basis", "legal_basis", d.LegalBasis); err != nil {
		return nil, err
	}
	d.Consent = e.Consent
	d.Justification = strings.TrimSpace(e.Justification)
	if d.Justification == "" && d.LegalBasis == p.Basis {
		d.Justification = p.Justification // the profile's justification goes with its basis only
	}
	if (d.LegalBasis == "consent" || d.LegalBasis == "explicit_consent") && d.Consent == "" {
		return nil, UsageErrorf("--basis %s: name the consent the export relies on with --consent ID (casework consent CASE --list)", d.LegalBasis)
	}
	if d.Justification == "" && d.LegalBasis == "court_order" && strings.TrimSpace(e.Order) != "" {
		d.Justification = "court order " + strings.TrimSpace(e.Order)
	}
	if d.LegalBasis != "consent" && d.LegalBasis != "explicit_consent" {
		if d.Consent != "" {
			return nil, UsageErrorf("--consent goes with --basis consent (or explicit_consent), not %s", d.LegalBasis)
		}
		if strings.TrimSpace(d.Justification) == "" {
			return nil, UsageErrorf("--basis %s: say why it applies with --justification TEXT", d.LegalBasis)
		}
	}
	if p.Scope == "consent" && d.Consent == "" {
		return nil, UsageErrorf("profile %s shares only what a consent covers: --consent ID", name)
	}
	x.Scope.Consent, x.Scope.Recipient = d.Consent, d.Recipient
	return x, nil
}

var scopeWords = map[string]string{"all": "every entry", "consent": "what a consent covers", "order": "what an order names"}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// Redact applies the export's profile to a case, after checking the consent it relies on.
func (f *Factory) Redact(r *repo.Repo, x *Export, c *casefile.Case) (*redact.Result, error) {
	if id := x.Record.Consent; id != "" {
		found := false
		for _, k := range caseload.Consents(c, x.Scope.AsOf) {
			if k.Consent.ID == id {
				found = true
				if k.Status != "active" {
					return nil, fmt.Errorf("consent %s of case %s is %s: nothing was exported", id, c.ID, k.Status)
				}
			}
		}
		if !found {
			return nil, WithHint(fmt.Errorf("case %s has no consent %q in force: nothing was exported", c.ID, id), "casework consent %s --list shows its consents", c.ID)
		}
	}
	if x.Scope.RoleLabel == nil {
		x.Scope.RoleLabel = f.roleLabels(r, x.Lang)
	}
	res, err := redact.Apply(c, x.Profile, x.Scope)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w; nothing was exported", x.Name, err)
	}
	return res, nil
}

// roleLabels words role codes in the export's language.
func (f *Factory) roleLabels(r *repo.Repo, lang string) func(string) string {
	cat, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Catalog(lang)
	return func(code string) string {
		if err == nil {
			if l, ok := cat.Codes[code]; ok {
				return l
			}
		}
		return strings.ReplaceAll(code, "_", " ")
	}
}

// LogDisclosure writes the disclosure log's entry of an export, under the repository lock, and
// commits it: in the case's disclosures/ when c is given, else in the repository's
// disclosures/ (an export of the caseload, naming the cases in d.Cases). Call it before
// printing the export, so nothing leaves without its entry.
func (f *Factory) LogDisclosure(r *repo.Repo, x *Export, c *casefile.Case, command, format string, d casefile.Disclosure) (string, error) {
	worker, err := f.Worker()
	if err != nil {
		return "", err
	}
	clock, err := f.Clock()
	if err != nil {
		return "", err
	}
	entry := x.Record
	entry.SchemaVersion = casefile.SchemaVersion
	entry.Command, entry.Format = command, format
	entry.Cases, entry.Entries = d.Cases, d.Entries
	entry.Entry = casefile.Entry{RecordedAt: clock.Now().Truncate(1e9), RecordedBy: worker.ID}
	target := "caseload"
	if c != nil {
		target = c.ID
	}
	lock, err := f.Lock(r, "disclose "+target)
	if err != nil {
		return "", err
	}
	defer lock.Release()
	id := repo.NewID(dates.FromTime(clock.Now()))
	var path string
	if c != nil {
		if path, err = f.WriteEntry(r, c, "disclosures", casefile.KindDisclosure, id, &entry); err != nil {
			return "", err
		}
	} else {
		rules, err := f.Rules()
		if err != nil {
			return "", err
		}
		rel := repo.DisclosuresDir + "/" + id + ".yaml"
		data, ps, err := casefile.Encode(rel, casefile.KindDisclosure, &entry, rules)
		if err != nil {
			return "", err
		}
		if errs := OnlyErrors(ps); len(errs) > 0 {
			return "", &ProblemsError{What: "the disclosure log's entry is not valid; nothing was exported:", Problems: errs}
		}
		if path, err = r.AddDisclosure(id, data); err != nil {
			return "", err
		}
	}
	f.Commit(r, Change{Action: "disclose", CaseID: target, Summary: x.Name + " " + command, Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Logged the disclosure (profile %s, to the recipient given) in %s\n", x.Name, path)
	return path, nil
}
