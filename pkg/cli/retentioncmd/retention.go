// Package retentioncmd is `casework retention`: the cases whose retention date has passed and
// that no legal hold keeps, ready to purge; with flags, those on hold and those coming due.
package retentioncmd

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/retention"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/cobra"
)

// Options are the inputs of retention.
type Options struct {
	F         *cmdutil.Factory
	AsOf      string
	OnHold    bool
	Within    string
	All       bool
	FailOnDue bool
	Format    string
	Out       string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "retention",
		Short: "List closed cases past their retention date, ready to purge",
		Long: `List the cases the agency may now erase: closed (or redirected, or not accepted) cases whose
retention date has passed, or whose erasure was granted, and that no legal hold keeps.
Sorted by retention date, oldest first.

Each closure records the retention policy and the date the case is kept until (casework
close). Closures recorded before that, and cases never accepted, get them from the current
policy in casework.yaml (retention.policies): the DERIVED column says so.

States: due (past its date), erasure_granted (a granted erasure of the whole case), on_hold
(a legal hold is in force: never purged), kept (not yet due).
--on-hold adds cases on hold; --within 3m adds those coming due in the next three months;
--all lists every ended case. Pending erasure requests are shown beside each case, with
"overdue" when the one-month answer time has passed.

For cron: the listing is empty and the exit code 0 when nothing is due; with --fail-on-due
the command exits 1 when a case is due, so a scheduler can alert. It changes nothing: erase
a case with casework purge CASE (a dry run first).`,
		Example: `  casework retention
  casework retention --on-hold --within 6m
  casework retention --all -o csv --out retention.csv
  casework retention --fail-on-due -o tsv     # from cron: exit 1 when a case is due`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.AsOf, "as-of", "today", "the date to judge retention on")
	fl.BoolVar(&o.OnHold, "on-hold", false, "also list cases kept by a legal hold")
	fl.StringVar(&o.Within, "within", "", "also list cases coming due within this `PERIOD` (30d, 3m, 1y)")
	fl.BoolVar(&o.All, "all", false, "list every ended case, whatever its state")
	fl.BoolVar(&o.FailOnDue, "fail-on-due", false, "exit 1 when a case is due for purge")
	fl.StringVar(&o.Out, "out", "", "write to `FILE` (its extension chooses the format: .md, .json, .csv)")
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "json", "csv")
	return cmd
}

// Row is one case in the listing; JSON names only grow.
type Row struct {
	ID          string   `json:"case_id"`
	State       string   `json:"state"`
	Status      string   `json:"status"`
	EndedOn     string   `json:"ended_on"`
	Policy      string   `json:"policy"`
	RetainUntil string   `json:"retain_until"`
	Derived     bool     `json:"derived"`
	Holds       []string `json:"holds"`
	Erasure     string   `json:"erasure,omitempty"`
	Problem     string   `json:"problem,omitempty"`
}

func run(o *Options) error {
	f := o.F
	format, err := cmdutil.ReportFormat(f.IO, o.Format, o.Out)
	if err != nil {
		return err
	}
	if format == "html" {
		return cmdutil.UsageErrorf("--out: retention writes .md, .json or .csv")
	}
	asOf, err := f.ParseDate("as-of", o.AsOf)
	if err != nil {
		return err
	}
	var horizon dates.Date
	if o.Within != "" {
		if horizon, err = dates.ParseRelative("+"+strings.TrimPrefix(o.Within, "+"), asOf); err != nil {
			return cmdutil.UsageErrorf("--within %q: a period such as 30d, 6w, 3m or 1y", o.Within)
		}
	}
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	cases, ps, err := r.LoadAll(repo.LoadOptions{Rules: rules})
	if err != nil {
		return err
	}
	if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %d problems in the repository's files; cases with broken files may be missing (run casework check)\n", len(errs))
	}
	var infos []retention.Info
	due := 0
	for _, c := range cases {
		if c.Intake == nil {
			continue
		}
		in := retention.Of(c, rules.Config.Retention, asOf)
		if in.State == retention.Due || in.State == retention.ErasureGranted {
			due++
		}
		if keep(o, in, horizon) {
			infos = append(infos, in)
		}
	}
	sort.SliceStable(infos, func(i, j int) bool {
		a, b := infos[i], infos[j]
		if c := a.RetainUntil.Compare(b.RetainUntil); c != 0 {
			return c < 0
		}
		return a.CaseID < b.CaseID
	})
	rows := make([]Row, 0, len(infos))
	for _, in := range infos {
		row := Row{ID: in.CaseID, State: in.State, Status: in.Status, EndedOn: in.EndedOn.String(), Policy: in.Policy,
			RetainUntil: in.RetainUntil.String(), Derived: in.Derived, Holds: in.HoldIDs, Problem: in.PolicyError}
		for _, e := range in.Erasures {
			switch {
			case e.Pending() && asOf.After(e.AnswerBy):
				row.Erasure = fmt.Sprintf("request %s pending, answer overdue since %s", e.ID, e.AnswerBy)
			case e.Pending():
				row.Erasure = fmt.Sprintf("request %s pending, answer by %s", e.ID, e.AnswerBy)
			case row.Erasure == "":
				row.Erasure = fmt.Sprintf("request %s %s", e.ID, e.Decision.Decision)
			}
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	w := io.Writer(f.IO.Out)
	if o.Out != "" {
		w = &buf
	}
	if format == "json" {
		if err := cmdutil.WriteJSON(w, rows); err != nil {
			return err
		}
	} else if len(rows) > 0 || format != "table" {
		t := cmdutil.Table{Header: []string{"CASE", "STATE", "STATUS", "ENDED", "POLICY", "KEEP UNTIL", "DERIVED", "HOLD", "ERASURE"}}
		for _, r := range rows {
			derived := ""
			if r.Derived {
				derived = "derived"
			}
			keepUntil := r.RetainUntil
			if r.Problem != "" {
				keepUntil = r.Problem
			}
			t.Rows = append(t.Rows, []string{r.ID, r.State, r.Status, r.EndedOn, r.Policy, keepUntil, derived, strings.Join(r.Holds, " "), r.Erasure})
		}
		if err := t.Render(w, format); err != nil {
			return err
		}
	}
	if o.Out != "" {
		if err := safeio.WriteFile(o.Out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "Wrote the retention listing to %s (%d cases)\n", o.Out, len(rows))
	}
	if format == "table" && len(rows) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "No case is due for purge as of %s.\n", asOf)
	}
	if o.FailOnDue && due > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: %d case(s) due for purge as of %s\n", due, asOf)
		return cmdutil.ErrSilent
	}
	return nil
}

func keep(o *Options, in retention.Info, horizon dates.Date) bool {
	switch in.State {
	case retention.Open:
		return false
	case retention.Due, retention.ErasureGranted:
		return true
	case retention.OnHold:
		return o.OnHold || o.All
	}
	if o.All || in.PolicyError != "" {
		return true
	}
	return !horizon.IsZero() && !in.RetainUntil.IsZero() && in.RetainUntil.Before(horizon)
}
