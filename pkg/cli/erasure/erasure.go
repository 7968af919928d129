// Package erasure is `casework erasure`: record a request to erase personal data (GDPR Art. 17),
// record its decision (granted, refused or partial, with the legal exception behind a refusal),
// and list a case's requests.
package erasure

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/retention"
	"github.com/spf13/cobra"
)

// Options are the inputs of erasure.
type Options struct {
	F       *cmdutil.Factory
	Case    string
	Request string
	// A request.
	Scope       string
	RequestedBy string
	Received    string
	Details     string
	// A decision.
	Decision      string
	LegalReason   string
	Justification string
	Date          string

	Format string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "erasure CASE [REQUEST]",
		Short: "Record an erasure request and its decision; list a case's requests",
		Long: `Record a request to erase personal data (GDPR Art. 17, the "right to be forgotten") and
the agency's answer, so that every request and every refusal is on the record with its
legal reason.

  casework erasure CASE --scope whole_case|part [--requested-by PERSON] [--received DATE]
      records a request (an entry under erasure-requests/) and prints its id. The person who
      asked is a person of the case's registry (default: the client); --details says what a
      partial request covers.
  casework erasure CASE REQUEST --decision granted|refused|partial --justification TEXT
      records the decision. A refusal or a partial erasure names the exception of
      Art. 17(3) it rests on, --legal-reason: ` + strings.Join(casefile.Enums["erasure_exception"], ", ") + `.
  casework erasure CASE
      lists the case's requests: pending ones with the date the answer is due (one month
      after the request, Art. 12(3)), decided ones with their decision.

A granted erasure of the whole case lets casework purge erase a closed case before its
retention date, unless a legal hold is in force. A partial erasure is carried out by hand
(amend or remove what it covers) and recorded here.`,
		Example: `  casework erasure 2026-09 --scope whole_case --received 2026-11-20
  casework erasure 2026-09 2026-11-20 --decision refused --legal-reason legal_obligation \
      --justification "Child-protection records are kept 10 years after the child's majority (statutory)"
  casework erasure 2026-09`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return cmdutil.UsageErrorf("%s needs a CASE, and a REQUEST to record its decision; got %d arguments", cmd.CommandPath(), len(args))
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			if len(args) == 2 {
				o.Request = args[1]
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Scope, "scope", "", "what the request covers: "+strings.Join(casefile.Enums["erasure_scope"], " or "))
	fl.StringVar(&o.RequestedBy, "requested-by", "", "the `PERSON` (registry id) who asked (default: the client)")
	fl.StringVar(&o.Received, "received", "today", "the date the request was received")
	fl.StringVar(&o.Details, "details", "", "what a partial request covers")
	fl.StringVar(&o.Decision, "decision", "", "the decision on REQUEST: "+strings.Join(casefile.Enums["erasure_decision"], ", "))
	fl.StringVar(&o.LegalReason, "legal-reason", "", "the exception a refusal or partial erasure rests on (GDPR Art. 17(3))")
	fl.StringVar(&o.Justification, "justification", "", "why, in a sentence or two (required with --decision)")
	fl.StringVar(&o.Date, "date", "today", "the date of the decision")
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "json")
	_ = cmd.RegisterFlagCompletionFunc("scope", cmdutil.CompleteCodes(casefile.Enums["erasure_scope"]))
	_ = cmd.RegisterFlagCompletionFunc("decision", cmdutil.CompleteCodes(casefile.Enums["erasure_decision"]))
	_ = cmd.RegisterFlagCompletionFunc("legal-reason", cmdutil.CompleteCodes(casefile.Enums["erasure_exception"]))
	return cmd
}

func run(o *Options) error {
	switch {
	case o.Request != "":
		if o.Scope != "" || o.RequestedBy != "" || o.Details != "" {
			return cmdutil.UsageErrorf("--scope, --requested-by and --details describe a new request: give them without REQUEST")
		}
		return decide(o)
	case o.Decision != "" || o.LegalReason != "" || o.Justification != "":
		return cmdutil.UsageErrorf("--decision, --legal-reason and --justification answer a request: name it (casework erasure %s REQUEST)", o.Case)
	case o.Scope != "" || o.RequestedBy != "" || o.Details != "":
		return request(o)
	}
	return list(o)
}

func request(o *Options) error {
	f := o.F
	if o.Scope == "" {
		return cmdutil.UsageErrorf("missing --scope: whole_case or part; nothing was written")
	}
	if err := cmdutil.CheckCode("scope", "erasure_scope", o.Scope); err != nil {
		return err
	}
	if o.Scope == "part" && strings.TrimSpace(o.Details) == "" {
		return cmdutil.UsageErrorf("a partial request says what it covers: --details TEXT; nothing was written")
	}
	on, err := f.ParseDate("received", o.Received)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "erasure")
	if err != nil {
		return err
	}
	defer w.Release()
	c := w.Case
	who := o.RequestedBy
	if who == "" && c.Intake != nil {
		who = c.Intake.Client
	}
	if _, ok := c.Person(who); !ok {
		return cmdutil.WithHint(cmdutil.UsageErrorf("--requested-by %q is not a person of case %s's registry; nothing was written", who, c.ID),
			"casework show %s -o yaml lists the people of the case with their ids", c.ID)
	}
	req := &casefile.ErasureRequest{SchemaVersion: casefile.SchemaVersion, Entry: w.Entry(), ReceivedOn: on,
		RequestedBy: who, Scope: o.Scope, Details: strings.TrimSpace(o.Details)}
	id := repo.NewID(on)
	path, err := f.WriteEntry(w.Repo, c, casefile.ErasureRequestsDir, casefile.KindErasureRequest, id, req)
	if err != nil {
		return err
	}
	f.Commit(w.Repo, cmdutil.Change{Action: "erasure", CaseID: c.ID, Summary: "request " + o.Scope, Paths: []string{path}})
	fmt.Fprintln(f.IO.Out, id)
	fmt.Fprintf(f.IO.ErrOut, "Recorded erasure request %s on case %s (%s): %s\n", id, c.ID, o.Scope, path)
	fmt.Fprintf(f.IO.ErrOut, "The answer is due by %s (one month, GDPR Art. 12(3)): casework erasure %s %s --decision ...\n", on.AddMonths(1), c.ID, id)
	return nil
}

func decide(o *Options) error {
	f := o.F
	if o.Decision == "" || strings.TrimSpace(o.Justification) == "" {
		var missing []string
		if o.Decision == "" {
			missing = append(missing, "--decision")
		}
		if strings.TrimSpace(o.Justification) == "" {
			missing = append(missing, "--justification")
		}
		return cmdutil.UsageErrorf("missing %s; nothing was written", strings.Join(missing, ", "))
	}
	if err := cmdutil.CheckCode("decision", "erasure_decision", o.Decision); err != nil {
		return err
	}
	if err := cmdutil.CheckCode("legal-reason", "erasure_exception", o.LegalReason); err != nil {
		return err
	}
	switch {
	case o.Decision != "granted" && o.LegalReason == "":
		return cmdutil.UsageErrorf("a %s erasure names the exception it rests on (GDPR Art. 17(3)): --legal-reason %s; nothing was written",
			o.Decision, strings.Join(casefile.Enums["erasure_exception"], "|"))
	case o.Decision == "granted" && o.LegalReason != "":
		return cmdutil.UsageErrorf("--legal-reason goes with a refused or partial erasure, not a granted one")
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "erasure")
	if err != nil {
		return err
	}
	defer w.Release()
	c := w.Case
	all := retention.Erasures(c)
	ids := make([]string, len(all))
	for i, e := range all {
		ids[i] = e.ID
	}
	reqID, err := repo.Match(ids, o.Request)
	if err != nil {
		return cmdutil.UsageErrorf("no erasure request %q on case %s (casework erasure %s lists them)", o.Request, c.ID, c.ID)
	}
	var e retention.Erasure
	for _, x := range all {
		if x.ID == reqID {
			e = x
		}
	}
	if !e.Pending() {
		return fmt.Errorf("erasure request %s was already answered on %s (%s); nothing was written", reqID, e.Decision.DecidedOn, e.Decision.Decision)
	}
	if on.Before(e.Request.ReceivedOn) {
		return cmdutil.UsageErrorf("--date %s is before the request was received (%s)", on, e.Request.ReceivedOn)
	}
	d := &casefile.ErasureDecision{SchemaVersion: casefile.SchemaVersion, Entry: w.Entry(), Request: reqID, DecidedOn: on,
		Decision: o.Decision, LegalReason: o.LegalReason, Justification: strings.TrimSpace(o.Justification)}
	path, err := f.WriteEntry(w.Repo, c, casefile.ErasureDecisionsDir, casefile.KindErasureDecision, repo.NewID(on), d)
	if err != nil {
		return err
	}
	summary := "request " + reqID + " " + o.Decision
	if o.LegalReason != "" {
		summary += " (" + o.LegalReason + ")"
	}
	f.Commit(w.Repo, cmdutil.Change{Action: "erasure", CaseID: c.ID, Summary: summary, Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Recorded the decision on erasure request %s (case %s): %s: %s\n", reqID, c.ID, o.Decision, path)
	if late := on.DaysSince(e.AnswerBy); late > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: answered %d days after the one-month deadline (%s)\n", late, e.AnswerBy)
	}
	if o.Decision == "granted" && e.Request.Scope == "whole_case" {
		switch {
		case len(retention.Holds(c, dates.Date{})) > 0:
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: a legal hold is in force on case %s: it will not be purged until the hold is released\n", c.ID)
		case caseload.IsOpen(w.State.Status):
			fmt.Fprintf(f.IO.ErrOut, "casework: hint: close the case, then erase it: casework purge %s (a dry run first)\n", c.ID)
		default:
			fmt.Fprintf(f.IO.ErrOut, "casework: hint: erase the case now: casework purge %s (a dry run first)\n", c.ID)
		}
	}
	return nil
}

// Row is one request in the listing; JSON names only grow.
type Row struct {
	ID            string `json:"id"`
	ReceivedOn    string `json:"received_on"`
	RequestedBy   string `json:"requested_by"`
	Scope         string `json:"scope"`
	Details       string `json:"details,omitempty"`
	Status        string `json:"status"` // pending, overdue, granted, refused, partial
	AnswerBy      string `json:"answer_by"`
	DecidedOn     string `json:"decided_on,omitempty"`
	DecidedBy     string `json:"decided_by,omitempty"`
	LegalReason   string `json:"legal_reason,omitempty"`
	Justification string `json:"justification,omitempty"`
}

func list(o *Options) error {
	f := o.F
	_, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	rows := []Row{}
	for _, e := range retention.Erasures(c) {
		r := Row{ID: e.ID, ReceivedOn: e.Request.ReceivedOn.String(), RequestedBy: e.Request.RequestedBy, Scope: e.Request.Scope,
			Details: e.Request.Details, Status: "pending", AnswerBy: e.AnswerBy.String()}
		if d := e.Decision; d != nil {
			r.Status, r.DecidedOn, r.DecidedBy, r.LegalReason, r.Justification = d.Decision, d.DecidedOn.String(), d.RecordedBy, d.LegalReason, d.Justification
		} else if today.After(e.AnswerBy) {
			r.Status = "overdue"
		}
		rows = append(rows, r)
	}
	format, err := cmdutil.ReportFormat(f.IO, o.Format, "")
	if err != nil {
		return err
	}
	if format == "json" {
		return cmdutil.WriteJSON(f.IO.Out, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "Case %s has no erasure request.\n", c.ID)
		return nil
	}
	t := cmdutil.Table{Header: []string{"REQUEST", "RECEIVED", "BY", "SCOPE", "STATUS", "ANSWER BY", "DECIDED", "LEGAL REASON", "JUSTIFICATION"}}
	for _, r := range rows {
		scope := r.Scope
		if r.Details != "" {
			scope += ": " + r.Details
		}
		t.Rows = append(t.Rows, []string{r.ID, r.ReceivedOn, r.RequestedBy, scope, r.Status, r.AnswerBy, r.DecidedOn, r.LegalReason, r.Justification})
	}
	return t.Render(f.IO.Out, format)
}
