// Package decide is `casework decide`: record the screening decision of a pending intake.
package decide

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of decide.
type Options struct {
	F            *cmdutil.Factory
	Case         string
	Decision     string
	Reason       string
	RedirectedTo string
	Worker       string
	Supervisor   string
	Note         string
	Date         string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "decide CASE --decision accept|redirect|not_accept",
		Short: "Record the screening decision of an intake",
		Long: `Record the outcome of screening (preliminary assessment) for a case opened with a pending
decision: accept it, redirect the person elsewhere (out_of_scope, out_of_area,
better_fit_elsewhere, waitlist_elsewhere), or not accept it (no_further_action,
client_declined, ineligible). Redirect and not_accept need --decision-reason.
A later decision can also revise an earlier one while the case is open.`,
		Example: `  casework decide 2026-11-22-k7f3m --decision accept --worker a.martin
  casework decide k7f3m --decision redirect --decision-reason out_of_area --redirected-to "CCAS Tianxin"`,
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
	fl.StringVar(&o.Decision, "decision", "", "accept, redirect or not_accept (required)")
	fl.StringVar(&o.Reason, "decision-reason", "", "why redirect or not_accept: "+strings.Join(casefile.Enums["decision_reason"], ", "))
	fl.StringVar(&o.RedirectedTo, "redirected-to", "", "the service the person was redirected to")
	fl.StringVar(&o.Worker, "worker", "", "the assigned worker's id (default: you, when accepted)")
	fl.StringVar(&o.Supervisor, "supervisor", "", "the supervisor's id")
	fl.StringVar(&o.Note, "note", "", "a word on the decision")
	fl.StringVar(&o.Date, "date", "today", "the decision date")
	_ = cmd.RegisterFlagCompletionFunc("decision", cmdutil.CompleteCodes([]string{"accept", "redirect", "not_accept"}))
	_ = cmd.RegisterFlagCompletionFunc("decision-reason", cmdutil.CompleteCodes(casefile.Enums["decision_reason"]))
	return cmd
}

func run(o *Options) error {
	f := o.F
	if o.Decision == "" {
		return cmdutil.UsageErrorf("missing --decision (accept, redirect or not_accept); nothing was written")
	}
	if o.Decision == "pending" {
		return cmdutil.UsageErrorf("--decision pending: a decision entry records a decision; use accept, redirect or not_accept")
	}
	for flag, enum := range map[string]string{"decision": "decision", "decision-reason": "decision_reason"} {
		if err := cmdutil.CheckCode(flag, enum, map[string]string{"decision": o.Decision, "decision-reason": o.Reason}[flag]); err != nil {
			return err
		}
	}
	if (o.Decision == "redirect" || o.Decision == "not_accept") && o.Reason == "" {
		return cmdutil.UsageErrorf("--decision %s needs --decision-reason (%s)", o.Decision, strings.Join(casefile.Enums["decision_reason"], ", "))
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "decide")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c, st := w.Repo, w.Case, w.State
	if !caseload.IsOpen(st.Status) {
		return fmt.Errorf("case %s is %s; a screening decision goes on an open case", c.ID, st.Status)
	}
	if last := caseload.LastEventOn(c); on.Before(last) {
		return cmdutil.UsageErrorf("--date %s is before the case's latest entry (%s)", on, last)
	}
	d := &casefile.DecisionEntry{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         w.Entry(),
		Decision: casefile.Decision{Decision: o.Decision, Reason: o.Reason, RedirectedTo: o.RedirectedTo,
			DecidedOn: on, DecidedBy: w.Worker.ID, Worker: o.Worker, Supervisor: o.Supervisor},
		Note: o.Note,
	}
	if d.Decision.Decision == "accept" && d.Worker == "" && c.Intake.Worker == "" {
		d.Worker = w.Worker.ID
	}
	path, err := f.WriteEntry(r, c, "decisions", casefile.KindDecision, repo.NewID(on), d)
	if err != nil {
		return err
	}
	f.Commit(r, cmdutil.Change{Action: "decide", CaseID: c.ID, Summary: strings.TrimSpace(o.Decision + " " + o.Reason), Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Recorded decision %s for case %s (%s)\n", o.Decision, c.ID, path)
	return nil
}
