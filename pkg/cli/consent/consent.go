// Package consent is `casework consent`: record a client's consent to share information with
// named services, revoke it, and list a case's consents with their status derived from dates
// (domain-reference §7.2, §10).
//
// A consent is written once and never changed: a revocation is an entry of its own, and
// whether a consent is active, expired or revoked is worked out as of a date.
package consent

import (
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
)

// The three things the command does.
const (
	ModeList   = "list"
	ModeRecord = "record"
	ModeRevoke = "revoke"
)

// recordFlags are the flags that record a consent; any of them means ModeRecord.
var recordFlags = []string{"category", "exclude", "description", "recipient", "purpose", "legal-basis",
	"method", "signed-by", "authority", "signed-on", "expires", "notice"}

// revokeFlags go with --revoke only.
var revokeFlags = []string{"date", "reason"}

// Options are the inputs of consent.
type Options struct {
	F    *cmdutil.Factory
	Case string
	// Mode is list, record or revoke, from the flags given.
	Mode string

	// Recording.
	Categories  []string
	Excluded    []string
	Description string
	Recipients  []string
	Purpose     string
	LegalBasis  string
	Method      string
	SignedBy    string
	Authority   string
	SignedOn    string
	Expires     string
	Notices     []string

	// Revoking.
	Revoke string
	Date   string
	Reason string

	// Listing.
	List   bool
	Format string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "consent CASE [--list | --category CODE... --recipient ID|NAME... --purpose TEXT --method M | --revoke CONSENT]",
		Short: "Record, revoke and list consents to share information",
		Long: `A consent to share information says what may be shared (--category, with --exclude for what
may not), with whom (--recipient), why (--purpose), how it was given (--method), who signed
it and when, and until when (--expires). Nothing about the person is shared outside this
scope: share only the minimum the purpose needs.

  casework consent CASE --category ... --recipient ... --purpose ... --method ...
      records a consent and prints its id.
  casework consent CASE --revoke CONSENT [--date DATE] [--reason TEXT]
      records that the person withdrew it; the consent itself is never changed.
  casework consent CASE [--list]
      lists the case's consents with their status as of today: active, expired
      or revoked, worked out from the dates, and "expires in N days" when the end
      is within review.consent_expiry_warning_days.

Categories: ` + strings.Join(casefile.Enums["info_category"], ", ") + `.
mental_health and substance_use are special categories (42 CFR Part 2 for substance-use
treatment records in the US; GDPR Art. 9 in Europe): get explicit, specific consent and
describe exactly what is shared (--description).

A recipient is an agency id of the partner directory (casework agencies), checked against
it, or the name of a service not in the directory, written as its name (with capitals or
spaces). A lowercase word that is not in the directory is refused as a mistyped id.

--signed-by is client (the default) or the P- id of a person of the case's registry who
signed for the client, with --authority saying on what authority (guardian, parent of a
minor, power of attorney). Dates accept YYYY-MM-DD, today, -2d, +6m, next monday; relative
dates count from today. Exit codes: 0 ok, 1 failed, 2 usage error.`,
		Example: `  casework consent k7f3m --category housing --category income_employment --exclude mental_health \
      --recipient ccas-furong --recipient "Furong Habitat" --purpose "Rehousing application" \
      --method written --expires +6m --notice right_to_revoke --notice redisclosure_risk
  casework consent k7f3m --list
  casework consent k7f3m --revoke 2026-11-23-ab3cd --reason "Asked by phone to stop sharing"`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			mode, err := modeOf(cmd)
			if err != nil {
				return err
			}
			o.Mode = mode
			if runF != nil {
				return runF(o)
			}
			switch o.Mode {
			case ModeRecord:
				return runRecord(o)
			case ModeRevoke:
				return runRevoke(o)
			}
			return runList(o)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.Categories, "category", nil, "a category of information that may be shared (repeat; required)")
	fl.StringArrayVar(&o.Excluded, "exclude", nil, "a category that must not be shared (repeat)")
	fl.StringVar(&o.Description, "description", "", "what exactly may be shared, in words (needed for special categories)")
	fl.StringArrayVar(&o.Recipients, "recipient", nil, "who may receive it: an agency `ID` of the directory, or a service's NAME (repeat; required)")
	fl.StringVar(&o.Purpose, "purpose", "", "why the information is shared (required)")
	fl.StringVar(&o.LegalBasis, "legal-basis", "consent", "legal basis: "+strings.Join(casefile.Enums["legal_basis"], ", "))
	fl.StringVar(&o.Method, "method", "", "how consent was given: "+strings.Join(casefile.Enums["consent_method"], ", ")+" (required)")
	fl.StringVar(&o.SignedBy, "signed-by", "client", "who signed: client, or the `P-id` of a representative in the case's registry")
	fl.StringVar(&o.Authority, "authority", "", "the representative's authority to sign for the client")
	fl.StringVar(&o.SignedOn, "signed-on", "today", "the date it was signed")
	fl.StringVar(&o.Expires, "expires", "", "the `DATE` it ends (e.g. 2027-05-31, +6m)")
	fl.StringArrayVar(&o.Notices, "notice", nil, "a statement given to the person: "+strings.Join(casefile.Enums["consent_notice"], ", ")+" (repeat)")
	fl.StringVar(&o.Revoke, "revoke", "", "record the withdrawal of the consent `CONSENT` (its id, or the start of it)")
	fl.StringVar(&o.Date, "date", "today", "with --revoke: the date it was withdrawn")
	fl.StringVar(&o.Reason, "reason", "", "with --revoke: why, or how the person said so")
	fl.BoolVar(&o.List, "list", false, "list the case's consents and their status (the default)")
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "json")
	_ = cmd.RegisterFlagCompletionFunc("category", cmdutil.CompleteCodes(casefile.Enums["info_category"]))
	_ = cmd.RegisterFlagCompletionFunc("exclude", cmdutil.CompleteCodes(casefile.Enums["info_category"]))
	_ = cmd.RegisterFlagCompletionFunc("legal-basis", cmdutil.CompleteCodes(casefile.Enums["legal_basis"]))
	_ = cmd.RegisterFlagCompletionFunc("method", cmdutil.CompleteCodes(casefile.Enums["consent_method"]))
	_ = cmd.RegisterFlagCompletionFunc("notice", cmdutil.CompleteCodes(casefile.Enums["consent_notice"]))
	_ = cmd.RegisterFlagCompletionFunc("recipient", completeAgencies(f))
	return cmd
}

// modeOf tells list, record and revoke apart from the flags given, refusing a mix.
func modeOf(cmd *cobra.Command) (string, error) {
	fl := cmd.Flags()
	changed := func(names []string) []string {
		var out []string
		for _, n := range names {
			if fl.Changed(n) {
				out = append(out, "--"+n)
			}
		}
		return out
	}
	rec, rev := changed(recordFlags), changed(revokeFlags)
	list, revoke, output := fl.Changed("list"), fl.Changed("revoke"), fl.Changed("output")
	switch {
	case revoke && len(rec) > 0:
		return "", cmdutil.UsageErrorf("--revoke records a withdrawal; it does not go with %s", strings.Join(rec, ", "))
	case list && len(rec) > 0:
		return "", cmdutil.UsageErrorf("--list does not go with %s: record a consent, or list them", strings.Join(rec, ", "))
	case list && revoke:
		return "", cmdutil.UsageErrorf("--list does not go with --revoke")
	case !revoke && len(rev) == 1:
		return "", cmdutil.UsageErrorf("%s goes with --revoke CONSENT", rev[0])
	case !revoke && len(rev) > 1:
		return "", cmdutil.UsageErrorf("%s go with --revoke CONSENT", strings.Join(rev, " and "))
	case output && (revoke || len(rec) > 0):
		return "", cmdutil.UsageErrorf("-o/--output is for listing consents (--list)")
	case revoke:
		return ModeRevoke, nil
	case len(rec) > 0:
		return ModeRecord, nil
	}
	return ModeList, nil
}

// completeAgencies completes --recipient with the partner directory's ids.
func completeAgencies(f *cmdutil.Factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		r, err := f.Repo()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		partners, _, err := r.Partners(casefile.Rules{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ids := make([]string, 0, len(partners))
		for id := range partners {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
}
