// Package closecmd is `casework close`: end an episode with a reason and a summary.
package closecmd

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/pkg/retention"
	"github.com/spf13/cobra"
)

// Options are the inputs of close.
type Options struct {
	F              *cmdutil.Factory
	Case           string
	Reason         string
	Summary        string
	Date           string
	Informed       string // DATE:HOW
	Feedback       string
	Attempts       []string // DATE:CHANNEL
	Handover       string
	Aftercare      string
	OthersInformed []string
	ApprovedBy     string
	Retention      string
	Export         cmdutil.ExportFlags
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "close CASE --reason CODE --summary TEXT",
		Short: "Close a case with a reason and a closing summary",
		Long: `Close the current episode of a case. The closure is a new entry; the case's status is
derived from it, and casework reopen starts a new episode later.

Reasons: ` + strings.Join(casefile.Enums["closure_reason"], ", ") + `.

lost_contact needs the documented attempts to reach the person (--attempt, at least
review.lost_contact_attempts of them, default 3). agency_ended_service needs management
review (--approved-by). Record how the client was told (--informed): a case should not be
closed without the person knowing it is happening and why.

The closure fixes how long the case is kept: the retention policy named with --retention,
else the one retention.policies gives for the case's kind, else retention.default_policy;
the policy and the date the case is kept until are recorded in the closure (casework
retention lists cases past that date). A reopening cancels them; the next closure computes
them again.

The closing summary is printed on stdout. ` + cmdutil.ExportHelp + ` Under a profile
it is the summary that follows it (the closure itself is recorded as written).`,
		Example: `  casework close 2026-11 --reason goals_achieved --summary "Relogée, dette apurée" \
      --informed today:closing_interview --aftercare "Peut revenir vers le service à tout moment"
  casework close k7f3m --reason lost_contact --summary "No answer since October" \
      --attempt 2026-10-02:phone --attempt 2026-10-09:letter --attempt 2026-10-20:home_visit
  casework close k7f3m --reason goals_achieved --summary "Housed" --profile supervision > closing.md`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Reason, "reason", "", "closure reason code (required)")
	fl.StringVar(&o.Summary, "summary", "", "closing summary: services provided, outcome, what remains (required)")
	fl.StringVar(&o.Date, "date", "today", "closing date")
	fl.StringVar(&o.Informed, "informed", "", "how the client was told, as `DATE:HOW` (HOW: "+strings.Join(casefile.Enums["informed_how"], ", ")+")")
	fl.StringVar(&o.Feedback, "feedback", "", "the client's feedback at closure")
	fl.StringArrayVar(&o.Attempts, "attempt", nil, "a contact attempt, as `DATE:CHANNEL` (repeat; needed for lost_contact)")
	fl.StringVar(&o.Handover, "handover", "", "hand-over or transition arrangements")
	fl.StringVar(&o.Aftercare, "aftercare", "", "after-care: how the client can come back, crisis numbers")
	fl.StringArrayVar(&o.OthersInformed, "others-informed", nil, "a service informed of the closure (repeat)")
	fl.StringVar(&o.ApprovedBy, "approved-by", "", "the supervisor who approved the closure")
	fl.StringVar(&o.Retention, "retention", "", "the retention `POLICY` (default: the policy for the case's kind, else retention.default_policy)")
	cmdutil.AddExportFlags(cmd, &o.Export)
	_ = cmd.RegisterFlagCompletionFunc("reason", cmdutil.CompleteCodes(casefile.Enums["closure_reason"]))
	return cmd
}

func run(o *Options) error {
	f := o.F
	if o.Reason == "" || strings.TrimSpace(o.Summary) == "" {
		var missing []string
		if o.Reason == "" {
			missing = append(missing, "--reason")
		}
		if strings.TrimSpace(o.Summary) == "" {
			missing = append(missing, "--summary")
		}
		return cmdutil.UsageErrorf("missing %s; nothing was written", strings.Join(missing, ", "))
	}
	if err := cmdutil.CheckCode("reason", "closure_reason", o.Reason); err != nil {
		return err
	}
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	x, err := f.PrepareExport(&o.Export, rules.Config.Language)
	if err != nil {
		return err
	}
	if !x.Internal() && x.Profile.Dates == "year" {
		return cmdutil.UsageErrorf("profile %s keeps coded data only, and the closing summary is words: casework show CASE --profile %s", x.Name, x.Name)
	}
	if o.Feedback != "" && o.Informed == "" {
		return cmdutil.UsageErrorf("--feedback goes with --informed DATE:HOW (how the client was told)")
	}
	var informed *casefile.ClientInformed
	if o.Informed != "" {
		d, how, err := datePair(f, "informed", o.Informed, "informed_how")
		if err != nil {
			return err
		}
		informed = &casefile.ClientInformed{On: d, How: how, Feedback: o.Feedback}
	}
	var attempts []casefile.ContactAttempt
	for _, a := range o.Attempts {
		d, ch, err := datePair(f, "attempt", a, "contact_mode")
		if err != nil {
			return err
		}
		attempts = append(attempts, casefile.ContactAttempt{On: d, Channel: ch})
	}
	if need := rules.Config.Review.LostContactAttempts; o.Reason == "lost_contact" && len(o.Attempts) < need {
		return cmdutil.UsageErrorf("closing for lost_contact needs the %d attempts to reach the person: --attempt DATE:CHANNEL for each (%d given)", need, len(o.Attempts))
	}
	if o.Reason == "agency_ended_service" && o.ApprovedBy == "" {
		return cmdutil.UsageErrorf("agency_ended_service needs management review: --approved-by SUPERVISOR")
	}
	if rules.Config.Closure.RequireApproval && o.ApprovedBy == "" {
		return cmdutil.UsageErrorf("this repository's closures need a supervisor's sign-off (closure.require_approval): --approved-by SUPERVISOR")
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "close")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c, st := w.Repo, w.Case, w.State
	if !caseload.IsOpen(st.Status) {
		return cmdutil.WithHint(fmt.Errorf("case %s is %s; only an open case can be closed", c.ID, st.Status),
			"casework show %s shows its history", c.ID)
	}
	if last := caseload.LastEventOn(c); on.Before(last) {
		return cmdutil.UsageErrorf("--date %s is before the case's latest entry (%s); a closure comes after it", on, last)
	}
	cl := &casefile.Closure{
		SchemaVersion:  casefile.SchemaVersion,
		Entry:          w.Entry(),
		ClosedOn:       on,
		Reason:         o.Reason,
		Summary:        strings.TrimSpace(o.Summary),
		Handover:       o.Handover,
		Aftercare:      o.Aftercare,
		OthersInformed: o.OthersInformed,
		ApprovedBy:     o.ApprovedBy,
	}
	if o.ApprovedBy != "" {
		cl.ApprovedOn = on
	}
	cl.ClientInformed, cl.ContactAttempts = informed, attempts
	policy, p, err := retention.Policy(rules.Config.Retention, st.Kind, o.Retention)
	if err != nil {
		if o.Retention != "" {
			return &cmdutil.FlagError{Err: fmt.Errorf("--retention: %w; nothing was written", err)}
		}
		return fmt.Errorf("%w; nothing was written", err)
	}
	cl.Retention = &casefile.ClosureRetention{Policy: policy, RetainUntil: retention.RetainUntil(p, c, on)}
	path, err := f.WriteEntry(r, c, "closures", casefile.KindClosure, repo.NewID(on), cl)
	if err != nil {
		return err
	}
	f.Commit(r, cmdutil.Change{Action: "close", CaseID: c.ID, Summary: o.Reason, Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Closed case %s (episode %d, %s): %s\n", c.ID, st.Episode, o.Reason, path)
	fmt.Fprintf(f.IO.ErrOut, "Kept until %s (retention policy %s)\n", cl.Retention.RetainUntil, policy)
	if x.Internal() {
		if err := printSummary(f, r, c.ID, nil); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: the closing summary could not be rendered: %v\n", err)
		}
	} else {
		w.Release() // the disclosure log takes the lock itself
		if err := printSummary(f, r, c.ID, x); err != nil {
			return fmt.Errorf("the case is closed (%s), and its closing summary under profile %s was not exported: %w", path, x.Name, err)
		}
	}
	if cl.ClientInformed == nil {
		fmt.Fprintf(f.IO.ErrOut, "casework: hint: this closure does not say how the client was told (--informed DATE:HOW)\n")
	}
	return nil
}

// datePair reads "DATE:CODE".
func datePair(f *cmdutil.Factory, flag, s, enum string) (dates.Date, string, error) {
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return dates.Date{}, "", cmdutil.UsageErrorf("--%s %q: write DATE:CODE, e.g. today:%s", flag, s, casefile.Enums[enum][0])
	}
	d, err := f.ParseDate(flag, s[:i])
	if err != nil {
		return dates.Date{}, "", err
	}
	code := s[i+1:]
	if err := cmdutil.CheckCode(flag, enum, code); err != nil {
		return dates.Date{}, "", err
	}
	return d, code, nil
}

// printSummary prints the closing summary of the case as it now stands (domain-reference §8.2).
// Under a profile other than internal (x), the summary of the redacted case, logged first.
func printSummary(f *cmdutil.Factory, r *repo.Repo, id string, x *cmdutil.Export) error {
	_, c, err := f.LoadCase(id)
	if err != nil {
		return err
	}
	orig := c
	var entries []string
	if x != nil {
		res, err := f.Redact(r, x, c)
		if err != nil {
			return err
		}
		c, entries = res.Case, res.Entries
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	defs, _ := instrument.All(r.Abs("instruments"), "instruments")
	partners, _, err := r.Partners(casefile.Rules{})
	if err != nil {
		return err
	}
	v, ok := report.ViewClosing(c, s.Config.Agency.Name, defs, s.Config.GAS.Rho, partners)
	if !ok {
		return nil
	}
	out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("closing-summary.md.tmpl", s.Config.Language, v)
	if err != nil {
		return err
	}
	if x != nil {
		if _, err := f.LogDisclosure(r, x, orig, "close", "md", casefile.Disclosure{Entries: entries}); err != nil {
			return err
		}
	}
	_, err = f.IO.Out.Write(out)
	return err
}
