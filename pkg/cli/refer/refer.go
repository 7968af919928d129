// Package refer is `casework refer`: send a person to another service and follow the referral
// until its outcome comes back (closed-loop referral, domain-reference §7). A referral is sent
// only through the consent gate; its status is derived from updates, each its own file; the
// referral letter discloses only what the consent (or a documented legal basis) covers.
package refer

import (
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/report"
	"github.com/spf13/cobra"
)

// The four things the command does.
const (
	ModeList   = "list"
	ModeCreate = "create"
	ModeUpdate = "update"
	ModeLetter = "letter"
)

// createFlags describe a new referral; any of them without REF means ModeCreate.
var createFlags = []string{"to", "to-name", "service", "contact", "reason", "service-requested", "urgency",
	"respond-by", "language", "interpreter", "share", "consent", "legal-basis", "justification", "draft"}

// newOnlyFlags describe a new referral and nothing else: a referral is never changed.
var newOnlyFlags = []string{"to", "to-name", "service", "contact", "service-requested", "urgency",
	"respond-by", "language", "interpreter", "share", "draft"}

// Options are the inputs of refer.
type Options struct {
	F    *cmdutil.Factory
	Case string
	Ref  string
	Mode string

	// A new referral.
	To            string
	ToName        string
	Service       string
	Contact       string
	Reason        string // the reason (text); with --status declined, the decline reason (code)
	Services      []string
	Urgency       string
	RespondBy     string
	Language      string
	Interpreter   bool
	Share         []string
	Consent       string
	LegalBasis    string
	Justification string
	Draft         bool
	Date          string

	// An update.
	Status    string
	CloseLoop bool
	Outcome   string
	Note      string

	// Reading.
	List   bool
	Letter bool
	Lang   string
	Out    string
	Format string

	// given reports whether a flag was typed (nil: none was).
	given func(string) bool
}

// Given reports whether a flag was typed on the command line.
func (o *Options) Given(name string) bool { return o.given != nil && o.given(name) }

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "refer CASE [REF] [flags]",
		Short: "Refer a person to another service and follow the referral until its outcome is back",
		Long: `Refer the person to another service, follow the referral, and close the loop once its
outcome has come back.

  casework refer CASE --to AGENCY --reason TEXT --share CATEGORY... --consent CONSENT
      makes a referral and prints its id. --to names an agency of the partner directory
      (casework agencies); a service not in it is named with --to-name NAME (and
      --service, --contact).
  casework refer CASE REF --status STATUS [--reason CODE] [--note TEXT] [--date DATE]
      records what happened to it: ` + strings.Join(casefile.Enums["referral_status"][1:], ", ") + `.
      declined needs the reason: ` + strings.Join(casefile.Enums["decline_reason"], ", ") + `.
  casework refer CASE REF --close-loop --outcome TEXT [--date DATE]
      records that the outcome came back to you (after completed, not_completed or declined).
  casework refer CASE REF --letter [--lang fr] [-o md|html] [--out FILE]
      writes the referral letter in Markdown, or with -o html (or --out FILE.html) as one
      self-contained page to open in a browser and print (it loads nothing from anywhere).
  casework refer CASE [--list]
      lists the case's referrals with their status as of today, since when, how many days
      without news, and whether the loop is closed.

The consent gate: a referral is sent only when a consent of the case (casework consent) is
active on its date, names the recipient (the agency id, or the name given with --to-name)
and covers every category it shares (--share, the same codes as consents:
` + strings.Join(casefile.Enums["info_category"], ", ") + `) — or when it
records another legal basis (--legal-basis, not consent) AND a justification, which is
reported. Otherwise it is refused, and nothing is written: record the consent, or save the
referral with --draft and send it later (--status sent goes through the gate again).

The letter holds the referral packet (reason, services, urgency, reply date, language
needs, the consent reference) and, of the person's information, only the categories the
referral shares AND its consent covers: never a category the consent excludes.

REF is a referral id of the case, or any unique part of its start (or of its random part).
Language and interpreter needs default to the client's in the people registry. Dates accept
YYYY-MM-DD, today, -2d, next monday. Exit codes: 0 ok, 1 failed or refused, 2 usage error.`,
		Example: `  casework refer k7f3m --to ccas-furong --reason "Rehousing application" --urgency urgent \
      --service-requested "Social housing application" --share identity --share housing \
      --consent 2026-11-23-ab3cd --respond-by +2w
  casework refer k7f3m --to-name "Food bank Tianxin" --reason "Food aid" --share identity --draft
  casework refer k7f3m 2026-11-23-q4r7t --status accepted
  casework refer k7f3m q4r7t --status declined --reason no_capacity --note "Waiting list closed"
  casework refer k7f3m q4r7t --close-loop --outcome "Housed on 2027-01-10"
  casework refer k7f3m q4r7t --letter --lang fr --out lettre.md
  casework refer k7f3m q4r7t --letter --out letter.html
  casework refer k7f3m -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return cmdutil.UsageErrorf("%s needs a CASE, and a referral REF to update or write a letter for; got %d arguments", cmd.CommandPath(), len(args))
			}
			return nil
		},
		ValidArgsFunction: completeArgs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			if len(args) == 2 {
				o.Ref = args[1]
			}
			o.given = cmd.Flags().Changed
			mode, err := o.mode()
			if err != nil {
				return err
			}
			o.Mode = mode
			if runF != nil {
				return runF(o)
			}
			switch o.Mode {
			case ModeCreate:
				return runCreate(o)
			case ModeUpdate:
				return runUpdate(o)
			case ModeLetter:
				return runLetter(o)
			}
			return runList(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.To, "to", "", "the receiving agency's `ID` in the partner directory")
	fl.StringVar(&o.ToName, "to-name", "", "the receiving service's `NAME`, when it is not in the directory")
	fl.StringVar(&o.Service, "service", "", "the receiving service or team")
	fl.StringVar(&o.Contact, "contact", "", "the receiving service's contact (a person's role, a phone, an address)")
	fl.StringVar(&o.Reason, "reason", "", "the reason for the referral (required); with --status declined, the decline reason code")
	fl.StringArrayVar(&o.Services, "service-requested", nil, "a service requested (repeat)")
	fl.StringVar(&o.Urgency, "urgency", "routine", "emergency, urgent or routine")
	fl.StringVar(&o.RespondBy, "respond-by", "", "the date a reply is wanted by")
	fl.StringVar(&o.Language, "language", "", "the person's language (default: the client's first language in the registry)")
	fl.BoolVar(&o.Interpreter, "interpreter", false, "an interpreter is needed (default: as in the registry)")
	fl.StringSliceVar(&o.Share, "share", nil, "an information `CATEGORY` the referral discloses (repeat, or comma-separated)")
	fl.StringVar(&o.Consent, "consent", "", "the `CONSENT` the referral relies on (its id, or a unique part of it)")
	fl.StringVar(&o.LegalBasis, "legal-basis", "", "without a consent, the legal basis `CODE`: "+strings.Join(casefile.Enums["legal_basis"][1:], ", "))
	fl.StringVar(&o.Justification, "justification", "", "why the referral is sent without consent (with --legal-basis)")
	fl.BoolVar(&o.Draft, "draft", false, "save the referral as a draft instead of sending it")
	fl.StringVar(&o.Date, "date", "today", "the date of the referral, or of the update")
	fl.StringVar(&o.Status, "status", "", "the referral's new `STATUS`")
	fl.BoolVar(&o.CloseLoop, "close-loop", false, "record that the outcome came back (with --outcome)")
	fl.StringVar(&o.Outcome, "outcome", "", "the outcome reported back (with --close-loop)")
	fl.StringVar(&o.Note, "note", "", "a word on the update")
	fl.BoolVar(&o.List, "list", false, "list the case's referrals (the default)")
	fl.BoolVar(&o.Letter, "letter", false, "write the referral letter (Markdown)")
	fl.StringVar(&o.Lang, "lang", "", "the letter's language: en, fr or es (default: the repository's)")
	fl.StringVar(&o.Out, "out", "", "write the letter to `FILE` instead of stdout (FILE.html: as a page)")
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "json", "id", "md", "html")
	_ = cmd.RegisterFlagCompletionFunc("urgency", cmdutil.CompleteCodes(casefile.Enums["priority"]))
	_ = cmd.RegisterFlagCompletionFunc("share", cmdutil.CompleteCodes(casefile.Enums["info_category"]))
	_ = cmd.RegisterFlagCompletionFunc("legal-basis", cmdutil.CompleteCodes(casefile.Enums["legal_basis"][1:]))
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.CompleteCodes(casefile.Enums["referral_status"]))
	_ = cmd.RegisterFlagCompletionFunc("lang", cmdutil.CompleteCodes(report.Languages))
	return cmd
}

// mode works out what the command line asks for, refusing flags that do not go together.
func (o *Options) mode() (string, error) {
	typed := func(names ...string) []string {
		var out []string
		for _, n := range names {
			if o.Given(n) {
				out = append(out, "--"+n)
			}
		}
		return out
	}
	letterOnly := typed("lang", "out")
	update := typed("status", "close-loop", "outcome", "note")
	// -o md and -o html are the letter's formats; the others list the referrals.
	letterFormat := o.Format == "md" || o.Format == "html"
	if letterFormat && !o.Letter {
		return "", cmdutil.UsageErrorf("-o %s goes with --letter: casework refer %s REF --letter -o %s", o.Format, o.Case, o.Format)
	}
	if o.Ref == "" {
		if len(update) > 0 || o.Letter {
			what := append(update, typed("letter")...)
			return "", cmdutil.UsageErrorf("%s: name the referral: casework refer %s REF %s (casework refer %s lists them)", strings.Join(what, ", "), o.Case, what[0], o.Case)
		}
		if len(letterOnly) > 0 {
			return "", cmdutil.UsageErrorf("%s go with --letter", strings.Join(letterOnly, ", "))
		}
		if create := typed(createFlags...); len(create) > 0 {
			if o.List || o.Format != "" {
				return "", cmdutil.UsageErrorf("--list and -o show the referrals; %s make a new one: give one or the other", strings.Join(create, ", "))
			}
			return ModeCreate, nil
		}
		if o.Given("date") {
			return "", cmdutil.UsageErrorf("--date goes with a new referral or an update; the list is as of today (--today DATE for another day)")
		}
		return ModeList, nil
	}
	if bad := typed(newOnlyFlags...); len(bad) > 0 {
		return "", cmdutil.UsageErrorf("%s describe a new referral; a referral is never changed: record what happened with --status, --close-loop or --note", strings.Join(bad, ", "))
	}
	if o.List || (o.Format != "" && !letterFormat) {
		return "", cmdutil.UsageErrorf("--list and -o list the case's referrals: casework refer %s --list", o.Case)
	}
	if o.Letter {
		if other := append(update, typed("reason", "consent", "legal-basis", "justification", "date")...); len(other) > 0 {
			return "", cmdutil.UsageErrorf("--letter writes the letter; %s record an update: one or the other", strings.Join(other, ", "))
		}
		return ModeLetter, nil
	}
	if len(letterOnly) > 0 {
		return "", cmdutil.UsageErrorf("%s go with --letter", strings.Join(letterOnly, ", "))
	}
	if !o.Given("status") && !o.CloseLoop {
		if o.Given("outcome") {
			return "", cmdutil.UsageErrorf("--outcome goes with --close-loop: casework refer %s %s --close-loop --outcome TEXT", o.Case, o.Ref)
		}
		return "", cmdutil.UsageErrorf("what happened to referral %s? give --status STATUS, --close-loop --outcome TEXT, or --letter", o.Ref)
	}
	return ModeUpdate, nil
}

// nextAction says who owns the next step at each status (domain-reference §7.1).
var nextAction = map[string]string{
	"draft": "referrer", "sent": "receiver", "received": "receiver", "accepted": "receiver",
	"declined": "referrer", "waitlisted": "receiver", "in_progress": "receiver",
	"completed": "referrer", "not_completed": "referrer", "cancelled": "none", "entered_in_error": "none",
}

// allowed lists the statuses a referral may move to, for messages.
func allowed(status string) string {
	next := caseload.Transitions[status]
	if len(next) == 0 {
		return "none, " + status + " is final"
	}
	return strings.Join(next, ", ")
}

// completeArgs completes CASE with case ids, then REF with the case's referral ids.
func completeArgs(f *cmdutil.Factory) cobra.CompletionFunc {
	cases := cmdutil.CompleteCaseIDs(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) != 1 {
			return cases(cmd, args, toComplete)
		}
		_, c, err := f.LoadCase(args[0])
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, r := range c.Referrals {
			if strings.HasPrefix(r.ID, toComplete) {
				out = append(out, r.ID)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
