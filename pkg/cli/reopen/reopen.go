// Package reopen is `casework reopen`: start a new episode of a closed case.
package reopen

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of reopen.
type Options struct {
	F      *cmdutil.Factory
	Case   string
	Reason string
	Date   string
	Worker string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "reopen CASE --reason TEXT",
		Short: "Reopen a closed case as a new episode",
		Long: `Reopen a closed case: a new entry starts a new episode under the same case id.

Within review.reopen_window_days of the closure (default 90) this is the usual way back;
later, agency practice is to record a new intake linked to this case
(casework open --previous-case CASE), and casework says so. On reopening, screen the risk
again, check that consents are still valid, and revise the plan.`,
		Example:           `  casework reopen 2026-11 --reason "Nouvelle demande: facture d'énergie impayée"`,
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
	cmd.Flags().StringVar(&o.Reason, "reason", "", "why the case is reopened (required)")
	cmd.Flags().StringVar(&o.Date, "date", "today", "reopening date")
	cmd.Flags().StringVar(&o.Worker, "worker", "", "the worker assigned for the new episode (default: unchanged)")
	return cmd
}

func run(o *Options) error {
	f := o.F
	if strings.TrimSpace(o.Reason) == "" {
		return cmdutil.UsageErrorf("missing --reason; nothing was written")
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "reopen")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c, st, rules := w.Repo, w.Case, w.State, w.Rules
	if st.Status != caseload.Closed {
		return fmt.Errorf("case %s is %s, not closed; there is nothing to reopen", c.ID, st.Status)
	}
	if last := caseload.LastEventOn(c); on.Before(last) {
		return cmdutil.UsageErrorf("--date %s is before the case's latest entry, the closure of %s", on, last)
	}
	ro := &casefile.Reopening{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         w.Entry(),
		ReopenedOn:    on,
		Reason:        strings.TrimSpace(o.Reason),
		Closure:       st.Closure.ID,
		Worker:        o.Worker,
	}
	path, err := f.WriteEntry(r, c, "reopenings", casefile.KindReopening, repo.NewID(on), ro)
	if err != nil {
		return err
	}
	f.Commit(r, cmdutil.Change{Action: "reopen", CaseID: c.ID, Summary: fmt.Sprintf("episode %d", st.Episode+1), Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Reopened case %s: episode %d begins (%s)\n", c.ID, st.Episode+1, path)
	if window := rules.Config.Review.ReopenWindowDays; window > 0 && on.DaysSince(st.ClosedOn) > window {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: closed %d days ago, beyond the %d-day reopening window; agency practice is a new intake (casework open --previous-case %s)\n",
			on.DaysSince(st.ClosedOn), window, c.ID)
	}
	fmt.Fprintln(f.IO.ErrOut, "casework: hint: screen the risk again, check that consents are still valid, and revise the plan")
	return nil
}
