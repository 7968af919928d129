// Package outcomes is `casework outcomes`: the practice evaluation of a period.
package outcomes

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/cobra"
)

// Options are the inputs of outcomes.
type Options struct {
	F      *cmdutil.Factory
	From   string
	To     string
	Worker string
	Kind   string
	Format string
	Out    string
	Lang   string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "outcomes",
		Short: "Practice evaluation of a period: closures, goals, GAS, measures, referrals, contacts",
		Long: `Evaluate the team's practice over a period (--from, --to, both days included; by default the
twelve months ending today), for every case or for one worker's (--worker: the cases assigned
to them at the end of the period) or one kind of case (--kind).

The figures, each with the number of cases, goals or entries behind it:
  opened, reopened     intakes received, reopenings dated in the period
  closed               closures dated in the period, by reason (most frequent first), and the
                       list of the cases closed
  goal outcomes        the goals of the plans of the cases closed in the period, by status:
                       achieved, partially_achieved, not_achieved, discontinued, other
  GAS                  for each case closed in the period, the Kiresuk-Sherman T-score of its
                       plan as of the closing date over its scored goals (rho from gas.rho);
                       their mean, with the number of cases and of goals scored
  instruments          for each questionnaire, over the cases scored at least twice in the
                       period: mean first total, mean last total, mean change (last - first)
  referrals            those made in the period, by their status at its end: completed,
                       not_completed, declined, cancelled, still open (draft to in_progress;
                       entered_in_error left out); completion rate =
                       completed / (completed + not_completed + declined); loop-closure rate =
                       loops closed / those same finished referrals (open ones never count)
  contacts             completed contact, crisis and collateral notes by mode, and failed
                       attempts (no answer, did not attend); corrections are not counted twice
  days to plan         median days from the intake to the plan, over the plans made in the period
  days to closure      median days from the start of the episode (the intake, or the reopening)
                       to the closure, over the closures of the period

Empty sets show n = 0 and no value. The result is a pure function of the files and the dates:
the same repository and period give the same report, byte for byte.

-o html (or --out FILE.html) gives the Markdown report as one self-contained page to open in
a browser and print: it loads nothing from anywhere.`,
		Example: `  casework outcomes
  casework outcomes --from 2026-01-01 --to 2026-06-30 -o md --out outcomes-h1.md
  casework outcomes --worker a.martin --kind family -o json
  casework outcomes --from 2026-01-01 -o csv --out outcomes.csv
  casework outcomes --from 2026-01-01 --to 2026-12-31 --out outcomes-2026.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.BindFlag("language", cmd.Flags().Lookup("lang"))
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "html", "json", "csv")
	fl := cmd.Flags()
	fl.StringVar(&o.From, "from", "", "first `DATE` of the period (default: twelve months before --to)")
	fl.StringVar(&o.To, "to", "", "last `DATE` of the period (default today)")
	fl.StringVar(&o.Worker, "worker", "", "only the cases assigned to this worker at the end of the period")
	fl.StringVar(&o.Kind, "kind", "", "only this kind of case: "+strings.Join(casefile.Enums["case_kind"], ", "))
	fl.StringVar(&o.Out, "out", "", "write the report to `FILE` (its extension chooses the format: .md, .html, .json, .csv)")
	fl.StringVar(&o.Lang, "lang", "", "report language: en, fr or es (default: the repository's)")
	_ = cmd.RegisterFlagCompletionFunc("kind", cmdutil.CompleteCodes(casefile.Enums["case_kind"]))
	return cmd
}

func run(o *Options) error {
	f := o.F
	if err := cmdutil.CheckCode("lang", "language", o.Lang); err != nil {
		return err
	}
	if err := cmdutil.CheckCode("kind", "case_kind", o.Kind); err != nil {
		return err
	}
	format, err := cmdutil.ReportFormat(f.IO, o.Format, o.Out)
	if err != nil {
		return err
	}
	to, err := f.Today()
	if err != nil {
		return err
	}
	if o.To != "" {
		if to, err = f.ParseDate("to", o.To); err != nil {
			return err
		}
	}
	from := to.AddMonths(-12).AddDays(1)
	if o.From != "" {
		if from, err = f.ParseDate("from", o.From); err != nil {
			return err
		}
	}
	if from.After(to) {
		return cmdutil.UsageErrorf("--from %s is after --to %s", from, to)
	}
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	cases, ps, err := r.LoadAll(repo.LoadOptions{Rules: rules, Keys: f.Keys()})
	if err != nil {
		return err
	}
	if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %d problems in the repository's files; the figures may miss what they hold (run casework check)\n", len(errs))
	}
	rep := caseload.Outcomes(cases, from, to, rules.Config, caseload.OutcomeOptions{Worker: o.Worker, Kind: o.Kind})

	var buf bytes.Buffer
	if err := render(&buf, rep, format, r, rules.Config); err != nil {
		return err
	}
	if o.Out != "" {
		if err := safeio.WriteFile(o.Out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "Wrote the outcomes of %s to %s to %s (%d cases closed)\n", from, to, o.Out, rep.Closed)
		return nil
	}
	_, err = f.IO.Out.Write(buf.Bytes())
	return err
}

// View is what the Markdown template receives: the report, the agency, the questionnaires'
// names and the T-scores as plain numbers.
type View struct {
	Agency string
	caseload.OutcomesReport
	ClosedCases []ClosedCaseView
	Instruments []InstrumentView
}

// ClosedCaseView is a closed case with its T-score as a number (T; TScore nil when none).
type ClosedCaseView struct {
	caseload.ClosedCase
	T float64
}

// InstrumentView is an instrument's change with its names by language.
type InstrumentView struct {
	caseload.InstrumentOutcome
	Name map[string]string
}

func newView(rep caseload.OutcomesReport, agency string, defs map[string]*instrument.Definition) View {
	v := View{Agency: agency, OutcomesReport: rep, ClosedCases: []ClosedCaseView{}, Instruments: []InstrumentView{}}
	for _, c := range rep.ClosedCases {
		cv := ClosedCaseView{ClosedCase: c}
		if c.TScore != nil {
			cv.T = *c.TScore
		}
		v.ClosedCases = append(v.ClosedCases, cv)
	}
	for _, i := range rep.Instruments {
		iv := InstrumentView{InstrumentOutcome: i, Name: map[string]string{"en": i.Instrument}}
		if d, ok := defs[i.Instrument]; ok && len(d.Name) > 0 {
			iv.Name = d.Name
		}
		v.Instruments = append(v.Instruments, iv)
	}
	return v
}

func render(w io.Writer, rep caseload.OutcomesReport, format string, r *repo.Repo, cfg casefile.Config) error {
	switch format {
	case "json":
		return cmdutil.WriteJSON(w, rep)
	case "md", "html":
		defs, _ := instrument.All(r.Abs("instruments"), "instruments")
		out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("outcomes.md.tmpl", cfg.Language, newView(rep, cfg.Agency.Name, defs))
		if err != nil {
			return err
		}
		if format == "html" {
			if out, err = report.HTML(out, "", cfg.Language); err != nil {
				return err
			}
		}
		_, err = w.Write(out)
		return err
	case "csv":
		return csvTable(rep).Render(w, "csv")
	}
	return sections(w, rep, format)
}

// one decimal; - when there is nothing behind the figure.
func dec(x float64, n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// signed is a change with its sign.
func signed(x float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%+.1f", x)
}

// days is a median number of days, as short as it is exact (9, 25.5).
func days(m caseload.MedianDays) string {
	if m.N == 0 {
		return "-"
	}
	return strconv.FormatFloat(m.Median, 'f', -1, 64)
}

func percent(rate float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*rate)
}

func itoa(n int) string { return strconv.Itoa(n) }

// sections prints the report for a person (table) or a script (tsv): one table per section,
// each under its title.
func sections(w io.Writer, rep caseload.OutcomesReport, format string) error {
	scope := ""
	if rep.Worker != "" {
		scope += ", worker " + rep.Worker
	}
	if rep.Kind != "" {
		scope += ", " + rep.Kind + " cases"
	}
	if _, err := fmt.Fprintf(w, "Outcomes from %s to %s%s\n", rep.From, rep.To, scope); err != nil {
		return err
	}
	section := func(title string, t cmdutil.Table, after string) error {
		if _, err := fmt.Fprintf(w, "\n%s\n", title); err != nil {
			return err
		}
		if format == "table" && len(t.Rows) == 0 {
			if _, err := fmt.Fprintln(w, "none"); err != nil {
				return err
			}
		} else if err := t.Render(w, format); err != nil {
			return err
		}
		if after != "" {
			_, err := fmt.Fprintln(w, after)
			return err
		}
		return nil
	}

	cases := cmdutil.Table{Header: []string{"CASES", "COUNT"}, Rows: [][]string{
		{"opened", itoa(rep.Opened)}, {"reopened", itoa(rep.Reopened)}, {"closed", itoa(rep.Closed)}}}
	if err := section("CASES OPENED AND CLOSED", cases, ""); err != nil {
		return err
	}
	reasons := cmdutil.Table{Header: []string{"REASON", "COUNT"}}
	for _, c := range rep.Reasons {
		reasons.Rows = append(reasons.Rows, []string{c.Code, itoa(c.Count)})
	}
	if err := section("CLOSURE REASONS", reasons, ""); err != nil {
		return err
	}
	closed := cmdutil.Table{Header: []string{"CASE", "WORKER", "KIND", "EPISODE", "OPENED", "CLOSED", "DAYS", "REASON", "GOALS", "T-SCORE", "SCORED"}}
	for _, c := range rep.ClosedCases {
		t := "-"
		if c.TScore != nil {
			t = strconv.FormatFloat(*c.TScore, 'f', 1, 64)
		}
		closed.Rows = append(closed.Rows, []string{c.Case, c.Worker, c.Kind, itoa(c.Episode), c.OpenedOn.String(), c.ClosedOn.String(),
			itoa(c.Days), c.Reason, itoa(c.Goals), t, itoa(c.GASGoals)})
	}
	if err := section("CASES CLOSED", closed, ""); err != nil {
		return err
	}
	goals := cmdutil.Table{Header: []string{"GOAL STATUS", "GOALS"}}
	for _, c := range rep.Goals.ByStatus {
		goals.Rows = append(goals.Rows, []string{c.Code, itoa(c.Count)})
	}
	goals.Rows = append(goals.Rows, []string{"total", itoa(rep.Goals.Total)})
	if err := section(fmt.Sprintf("GOAL OUTCOMES (plans of %d cases closed in the period)", rep.Goals.Cases), goals, ""); err != nil {
		return err
	}
	g := rep.GAS
	gas := cmdutil.Table{Header: []string{"MEAN T-SCORE", "CASES", "GOALS SCORED", "RHO"}, Rows: [][]string{
		{dec(g.MeanT, g.Cases), itoa(g.Cases), itoa(g.Goals), strconv.FormatFloat(g.Rho, 'f', -1, 64)}}}
	if err := section("GOAL ATTAINMENT SCALING (cases closed in the period)", gas, ""); err != nil {
		return err
	}
	inst := cmdutil.Table{Header: []string{"INSTRUMENT", "CASES", "MEAN FIRST", "MEAN LAST", "MEAN CHANGE"}}
	for _, i := range rep.Instruments {
		inst.Rows = append(inst.Rows, []string{i.Instrument, itoa(i.N), dec(i.MeanFirst, i.N), dec(i.MeanLast, i.N), signed(i.MeanChange, i.N)})
	}
	if err := section("INSTRUMENTS (cases scored at least twice in the period)", inst, ""); err != nil {
		return err
	}
	rf := rep.Referrals
	refs := cmdutil.Table{Header: []string{"MADE", "COMPLETED", "NOT COMPLETED", "DECLINED", "CANCELLED", "STILL OPEN", "COMPLETION RATE", "LOOP-CLOSURE RATE"},
		Rows: [][]string{{itoa(rf.Made), itoa(rf.Completed), itoa(rf.NotCompleted), itoa(rf.Declined), itoa(rf.Cancelled), itoa(rf.Open),
			percent(rf.CompletionRate, rf.Finished), percent(rf.LoopClosureRate, rf.Finished)}}}
	if err := section("REFERRALS MADE IN THE PERIOD", refs, ""); err != nil {
		return err
	}
	ct := rep.Contacts
	contacts := cmdutil.Table{Header: []string{"MODE", "CONTACTS"}}
	for _, c := range ct.ByMode {
		contacts.Rows = append(contacts.Rows, []string{c.Code, itoa(c.Count)})
	}
	after := fmt.Sprintf("%d completed contacts (%d minutes); %d failed attempts", ct.Completed, ct.Minutes, ct.FailedAttempts)
	if err := section("CONTACTS", contacts, after); err != nil {
		return err
	}
	timing := cmdutil.Table{Header: []string{"DAYS", "N", "MEDIAN"}, Rows: [][]string{
		{"intake to plan", itoa(rep.IntakeToPlan.N), days(rep.IntakeToPlan)},
		{"intake to closure", itoa(rep.IntakeToClosure.N), days(rep.IntakeToClosure)}}}
	return section("TIME TO PLAN AND TO CLOSURE", timing, "")
}

// csvTable is the whole report as one long table, a figure a line, for spreadsheets: the
// section, the item (a code), the number of cases, goals or entries, and the value measured
// (a mean, a median, a rate), empty for plain counts and when there is nothing behind it.
func csvTable(rep caseload.OutcomesReport) cmdutil.Table {
	t := cmdutil.Table{Header: []string{"section", "item", "n", "value"}}
	add := func(section, item string, n int, value string) {
		t.Rows = append(t.Rows, []string{section, item, itoa(n), value})
	}
	val := func(s string) string {
		if s == "-" {
			return ""
		}
		return strings.TrimSuffix(s, "%")
	}
	t.Rows = append(t.Rows, []string{"period", "from", "", rep.From.String()}, []string{"period", "to", "", rep.To.String()})
	if rep.Worker != "" {
		t.Rows = append(t.Rows, []string{"scope", "worker", "", rep.Worker})
	}
	if rep.Kind != "" {
		t.Rows = append(t.Rows, []string{"scope", "kind", "", rep.Kind})
	}
	add("cases", "opened", rep.Opened, "")
	add("cases", "reopened", rep.Reopened, "")
	add("cases", "closed", rep.Closed, "")
	for _, c := range rep.Reasons {
		add("closure_reasons", c.Code, c.Count, "")
	}
	for _, c := range rep.Goals.ByStatus {
		add("goal_outcomes", c.Code, c.Count, "")
	}
	add("goal_outcomes", "total", rep.Goals.Total, "")
	g := rep.GAS
	add("gas", "mean_t_score", g.Cases, val(dec(g.MeanT, g.Cases)))
	add("gas", "goals_scored", g.Goals, "")
	for _, i := range rep.Instruments {
		add("instruments", i.Instrument+" mean_first", i.N, val(dec(i.MeanFirst, i.N)))
		add("instruments", i.Instrument+" mean_last", i.N, val(dec(i.MeanLast, i.N)))
		add("instruments", i.Instrument+" mean_change", i.N, val(signed(i.MeanChange, i.N)))
	}
	rf := rep.Referrals
	add("referrals", "made", rf.Made, "")
	add("referrals", "completed", rf.Completed, "")
	add("referrals", "not_completed", rf.NotCompleted, "")
	add("referrals", "declined", rf.Declined, "")
	add("referrals", "cancelled", rf.Cancelled, "")
	add("referrals", "still_open", rf.Open, "")
	add("referrals", "completion_rate_percent", rf.Finished, val(percent(rf.CompletionRate, rf.Finished)))
	add("referrals", "loop_closure_rate_percent", rf.Finished, val(percent(rf.LoopClosureRate, rf.Finished)))
	ct := rep.Contacts
	add("contacts", "completed", ct.Completed, "")
	for _, c := range ct.ByMode {
		add("contacts", "mode "+c.Code, c.Count, "")
	}
	add("contacts", "minutes", ct.Minutes, "")
	add("contacts", "failed_attempts", ct.FailedAttempts, "")
	add("days", "intake_to_plan_median", rep.IntakeToPlan.N, val(days(rep.IntakeToPlan)))
	add("days", "intake_to_closure_median", rep.IntakeToClosure.N, val(days(rep.IntakeToClosure)))
	return t
}
