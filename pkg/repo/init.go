package repo

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/safeio"
)

// InitOptions are what `casework init` asks for.
type InitOptions struct {
	Agency   string
	Areas    []string
	Language string
}

// configTemplate is casework.yaml as init writes it: every setting with its default and a line
// saying what it does, so a coordinator can tune it without reading the manual.
var configTemplate = template.Must(template.New("config").Funcs(template.FuncMap{"q": quote}).Parse(`# casework repository configuration. Every setting below shows its default.
# Precedence: command-line flags > CASEWORK_* environment > this file > the user's
# ~/.config/casework/config.yaml > built-in defaults. See: casework config
schema_version: {{.Config.SchemaVersion}}

agency:
  name: {{q .Config.Agency.Name}}
  # Service areas: a client living elsewhere is flagged at intake for redirection.
  areas:{{range .Config.Agency.Areas}}
    - {{q .}}{{else}} []{{end}}

# Language of reports and letters: en, fr or es.
language: {{.Config.Language}}

# Maximum days between completed contacts, by the case's current risk level.
contact_frequency_days:
  critical: {{index .Config.ContactFrequency "critical"}}
  high: {{index .Config.ContactFrequency "high"}}
  moderate: {{index .Config.ContactFrequency "moderate"}}
  low: {{index .Config.ContactFrequency "low"}}
  none: {{index .Config.ContactFrequency "none"}}

# Thresholds of the caseload review checks.
review:
  intake_decision_days: {{.Config.Review.IntakeDecisionDays}}          # intake waiting for a decision
  plan_missing_days: {{.Config.Review.PlanMissingDays}}            # accepted without a plan
  plan_review_days: {{.Config.Review.PlanReviewDays}}             # plan review interval
  risk_review_days: {{.Config.Review.RiskReviewDays}}             # high risk not reassessed
  referral_no_news_days: {{.Config.Review.ReferralNoNewsDays}}        # referral sent or received, no news
  referral_not_started_days: {{.Config.Review.ReferralNotStartedDays}}    # referral accepted, service not started
  consent_expiry_warning_days: {{.Config.Review.ConsentExpiryWarningDays}}  # consent about to expire
  long_open_days: [{{range $i, $d := .Config.Review.LongOpenDays}}{{if $i}}, {{end}}{{$d}}{{end}}]       # open longer than these: consider closure
  lost_contact_attempts: {{.Config.Review.LostContactAttempts}}         # failed attempts that mean lost contact
  lost_contact_window_days: {{.Config.Review.LostContactWindowDays}}     # ... within this many days
  late_documentation_hours: {{.Config.Review.LateDocumentationHours}}     # note written this long after the contact
  reopen_window_days: {{.Config.Review.ReopenWindowDays}}           # reopen within this; later, open a new case

git:
  # Commit every change casework makes (when the repository is a git repository).
  commit: {{.Config.Git.Commit}}

gas:
  # Goal Attainment Scaling: assumed correlation between goal scores in the T-score.
  rho: {{.Config.GAS.Rho}}

closure:
  # Every closure needs a supervisor's sign-off (casework close --approved-by).
  require_approval: {{.Config.Closure.RequireApproval}}

retention:
  # How long a case is kept once it ends. casework close records the policy and the date the
  # case is kept until; casework retention lists cases past it; casework purge erases them.
  # A policy counts its years from the closure, or (from: majority) from the 18th birthday of
  # the youngest child of the case when that is later; case_kinds makes it the policy for
  # those kinds of case. Agree the periods with your data protection officer.
  default_policy: {{q .Config.Retention.DefaultPolicy}}
  policies:
{{- range $name, $p := .Config.Retention.Policies}}
    {{$name}}:
      years: {{$p.Years}}
      from: {{$p.From}}
{{- if $p.CaseKinds}}
      case_kinds: [{{range $i, $k := $p.CaseKinds}}{{if $i}}, {{end}}{{$k}}{{end}}]
{{- end}}
{{- end}}

# Encryption at rest (casework keys --help): each case's registry is sealed to the case's own
# key; the case keys are kept in the key ring (never committed), sealed to the recipients.
encryption:
  # Seal each case's people registry (casework keys enable turns it on).
  enabled: {{.Config.Encryption.Enabled}}
  # Also seal the text of notes (their dates, kinds and outcomes stay readable).
  notes: {{.Config.Encryption.Notes}}
  # The key ring: a git-ignored folder of the repository, or a folder outside it.
  keyring: {{q .Config.Encryption.Keyring}}
  # Who can open the key ring: each practitioner's public key (casework keys new prints it).
  recipients: []

# Redaction profiles for exports (casework show/report/review/close --profile NAME).
# Built in: internal (the record as written, not logged: the default), supervision, court,
# referral, deidentified. Uncomment to tune a built-in one field by field, or add your own
# under another name. Every export under a profile other than internal is logged
# (casework disclosures). Codes: names and third_parties: keep, initials, code, role;
# birth_date: keep, age, year, remove; address: keep, area, remove; contact_details and
# identity_numbers: keep, remove; free_text: keep, scrub, drop; dates: keep, year;
# scope: all, order (--since/--until/--include), consent (--consent).
# redaction:
#   supervision:
#     names: initials
#     third_parties: role
#     birth_date: age
#     address: area
#     contact_details: remove
#     identity_numbers: remove
#     free_text: scrub
#     dates: keep
#     scope: all
#     recipient: supervision
#     purpose: case supervision
#     basis: care_provision
#     justification: internal supervision of the practitioner's work, with the case de-identified
#   court:
#     names: keep
#     third_parties: role
#     birth_date: keep
#     address: remove
#     contact_details: remove
#     identity_numbers: remove
#     free_text: scrub
#     scope: order
#     working_notes: [supervision, administrative]
#     basis: court_order
#   referral:
#     names: initials
#     third_parties: role
#     birth_date: remove
#     address: remove
#     contact_details: remove
#     identity_numbers: remove
#     free_text: scrub
#     scope: consent
#     basis: consent
#   deidentified:
#     names: code
#     third_parties: code
#     birth_date: age
#     address: area
#     contact_details: remove
#     identity_numbers: remove
#     free_text: drop
#     dates: year
#     scope: all
#     purpose: statistics
#     basis: care_provision
#     justification: de-identified data (the Safe Harbor identifiers removed), for statistics
`))

func quote(s string) string {
	if s == "" {
		return `""`
	}
	return fmt.Sprintf("%q", s)
}

const gitignore = `# Derived files: lock, caches. Deleting them loses nothing.
/.casework/
# Temporary files of a write in progress or interrupted.
.*.tmp-*
/cases/.new-*
/cases/.tmp-purge-*
# The key ring of encryption at rest (casework keys): never commit it.
/keyring/
`

// ConfigText renders a commented casework.yaml for cfg.
func ConfigText(cfg casefile.Config) ([]byte, error) {
	var buf bytes.Buffer
	if err := configTemplate.Execute(&buf, struct{ Config casefile.Config }{cfg}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Init creates a case repository in dir. It refuses to touch an existing one.
func Init(dir string, o InitOptions) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, ConfigFile)); err == nil {
		return nil, fmt.Errorf("%s is already a case repository (it has %s); nothing was changed", abs, ConfigFile)
	}
	if _, err := os.Stat(filepath.Join(abs, CasesDir)); err == nil {
		return nil, fmt.Errorf("%s already has a %s folder; init a new, empty folder instead", abs, CasesDir)
	}
	cfg := casefile.DefaultConfig()
	cfg.Agency.Name = o.Agency
	cfg.Agency.Areas = o.Areas
	if o.Language != "" {
		cfg.Language = o.Language
	}
	text, err := ConfigText(cfg)
	if err != nil {
		return nil, err
	}
	if _, _, ps := casefile.Decode(ConfigFile, casefile.KindConfig, text, casefile.Rules{Config: cfg}); len(ps) > 0 {
		msgs := make([]string, len(ps))
		for i, p := range ps {
			msgs[i] = p.String()
		}
		return nil, errors.New("the configuration would not be valid: " + strings.Join(msgs, "; "))
	}
	if err := safeio.MkdirAll(filepath.Join(abs, CasesDir)); err != nil {
		return nil, err
	}
	r := &Repo{Root: abs}
	if err := safeio.WriteFile(filepath.Join(abs, CasesDir, ".gitkeep"), nil); err != nil {
		return nil, err
	}
	if err := writeIfMissing(filepath.Join(abs, ".gitignore"), []byte(gitignore)); err != nil {
		return nil, err
	}
	// The config goes last: until it exists, the folder is not a repository and init can be rerun.
	if err := safeio.WriteNew(filepath.Join(abs, ConfigFile), text); err != nil {
		return nil, err
	}
	return r, nil
}

func writeIfMissing(p string, data []byte) error {
	err := safeio.WriteNew(p, data)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	return err
}
