// Package list is `casework list`: the caseload as a table.
package list

import (
	"fmt"
	"slices"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of list.
type Options struct {
	F        *cmdutil.Factory
	Format   string
	Status   string
	Worker   string
	Priority string
	Risk     string
	Export   cmdutil.ExportFlags
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List cases: open ones by default",
		Long: `List the repository's cases, oldest first, with their derived status, priority, current risk
and worker.

--status takes open (the default: screening or accepted), all, or one status: ` + strings.Join(caseload.Statuses, ", ") + `.
--status purged lists the cases erased by casework purge, from their records (purged/): all
that remains of them is the id, the kind and the dates.
--risk keeps cases at that level or above (--risk high shows high and critical).
A case whose status is not listed (a closed case, by default) is read no further than its
intake, decisions, closures and reopenings.

On a terminal the default output is a table; piped, it is tab-separated text with a header
line, for scripts. -o id prints one id per line, for xargs.

` + cmdutil.ExportHelp + ` The list under a profile names the client as the profile
shows her (initials, a code); under deidentified each case is a code (C-1...), opened is the
year and -o id is refused. It is logged in the repository's disclosures/ with the cases it
lists.`,
		Example: `  casework list
  casework list --status all -o md
  casework list --worker a.martin --risk high
  casework list --priority urgent -o id | xargs -n1 casework show
  casework list --status all --profile supervision -o md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "json", "csv", "id")
	fl := cmd.Flags()
	fl.StringVar(&o.Status, "status", "open", "open, all, purged, or a status")
	fl.StringVar(&o.Worker, "worker", "", "only this worker's cases")
	fl.StringVar(&o.Priority, "priority", "", "only this priority: emergency, urgent or routine")
	fl.StringVar(&o.Risk, "risk", "", "only cases at this risk level or above")
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.CompleteCodes(append(append([]string{"open", "all"}, caseload.Statuses...), "purged")))
	_ = cmd.RegisterFlagCompletionFunc("priority", cmdutil.CompleteCodes(casefile.Enums["priority"]))
	_ = cmd.RegisterFlagCompletionFunc("risk", cmdutil.CompleteCodes(casefile.RiskLevels))
	cmdutil.AddExportFlags(cmd, &o.Export)
	return cmd
}

// Row is one case in the list; JSON names only grow.
type Row struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Episode  int    `json:"episode"`
	Kind     string `json:"case_kind"`
	Client   string `json:"client"`
	Priority string `json:"priority"`
	Risk     string `json:"risk"`
	Worker   string `json:"worker"`
	OpenedOn string `json:"opened_on"`
	Area     string `json:"area"`
	PurgedOn string `json:"purged_on,omitempty"`
}

func run(o *Options) error {
	f := o.F
	if o.Status != "open" && o.Status != "all" && o.Status != "purged" && !slices.Contains(caseload.Statuses, o.Status) {
		return cmdutil.UsageErrorf("--status %q: use open, all, purged or one of %s", o.Status, strings.Join(caseload.Statuses, ", "))
	}
	if err := cmdutil.CheckCode("priority", "priority", o.Priority); err != nil {
		return err
	}
	o.Risk = casefile.NormaliseRisk(o.Risk)
	if err := cmdutil.CheckCode("risk", "risk_level", o.Risk); err != nil {
		return err
	}
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	x, err := f.PrepareExport(&o.Export, rules.Config.Language)
	if err != nil {
		return err
	}
	coded := !x.Internal() && x.Profile.Dates == "year"
	if !x.Internal() && x.Profile.Scope != "all" {
		return cmdutil.UsageErrorf("profile %s exports one case: casework show CASE --profile %s", x.Name, x.Name)
	}
	if coded && o.Format == "id" {
		return cmdutil.UsageErrorf("-o id prints case ids, and profile %s shows cases as codes", x.Name)
	}
	var rows []Row
	var listedIDs []string
	if o.Status == "purged" {
		if rows, err = purgedRows(r, rules); err != nil {
			return err
		}
	} else {
		ids, err := r.CaseIDs()
		if err != nil {
			return err
		}
		defer cmdutil.ScanGC()()
		keys := f.Keys()
		nerr, locked := 0, 0
		err = repo.Stream(len(ids), func(i int) listed {
			return listCase(o, r, rules, keys, x, today, ids[i])
		}, func(l listed) error {
			if l.err != nil {
				return l.err
			}
			nerr += l.errs
			if l.row != nil {
				rows = append(rows, *l.row)
				listedIDs = append(listedIDs, l.row.ID)
			}
			if l.locked {
				locked++
			}
			return nil
		})
		if err != nil {
			return err
		}
		f.SayNamesHiddenCount(locked)
		if nerr > 0 {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: %d problems in the repository's files; cases with broken files may be missing or incomplete (run casework check)\n", nerr)
		}
	}
	if coded {
		codes := redact.CaseCodes(listedIDs)
		for i := range rows {
			rows[i].ID, rows[i].OpenedOn, rows[i].Client = codes[rows[i].ID], rows[i].OpenedOn[:4], ""
			if x.Profile.Address != "area" {
				rows[i].Area = ""
			}
		}
	}
	if !x.Internal() {
		if len(listedIDs) == 0 {
			return fmt.Errorf("no case matches: nothing was exported")
		}
		format := o.Format
		if format == "" {
			format = "tsv"
			if f.IO.OutTTY {
				format = "table"
			}
		}
		if _, err := f.LogDisclosure(r, x, nil, "list", format, casefile.Disclosure{Cases: listedIDs}); err != nil {
			return err
		}
	}
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	switch format {
	case "json":
		if rows == nil {
			rows = []Row{}
		}
		return cmdutil.WriteJSON(f.IO.Out, rows)
	case "id":
		for _, row := range rows {
			fmt.Fprintln(f.IO.Out, row.ID)
		}
		return nil
	}
	t := cmdutil.Table{Header: []string{"ID", "STATUS", "KIND", "CLIENT", "PRIORITY", "RISK", "WORKER", "OPENED", "AREA"}}
	for _, row := range rows {
		status := row.Status
		if row.Episode > 1 {
			status = fmt.Sprintf("%s (ep. %d)", status, row.Episode)
		}
		if row.PurgedOn != "" {
			status = "purged on " + row.PurgedOn
		}
		t.Rows = append(t.Rows, []string{row.ID, status, row.Kind, row.Client, row.Priority, row.Risk, row.Worker, row.OpenedOn, row.Area})
	}
	if len(rows) == 0 && format == "table" {
		fmt.Fprintf(f.IO.ErrOut, "No cases match (status %s).\n", o.Status)
		return nil
	}
	return t.Render(f.IO.Out, format)
}

// listParts are the parts of a case folder a row needs: the status entries, the assessments
// (for the current risk) and the people registry (for the client's name), plain or encrypted.
var listParts = repo.Either(repo.StatusParts, repo.Parts("assessments", "people.yaml", "people.yaml.age"))

// listed is one case's row, if it has one, and the errors found in the files read for it.
type listed struct {
	row    *Row
	errs   int
	err    error
	locked bool // the registry is sealed and no key opened it
}

// listCase reads what one case's row needs. Unless every case is listed, the status entries come
// first, and a case whose status is not listed (a closed case, by default) is not read further:
// neither its registry nor its assessments.
func listCase(o *Options, r *repo.Repo, rules casefile.Rules, keys repo.Unsealer, x *cmdutil.Export, today dates.Date, id string) listed {
	var l listed
	c, ps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Only: repo.StatusParts})
	if err != nil {
		return listed{err: err}
	}
	l.errs += cmdutil.CountErrors(ps)
	if c.Intake == nil {
		return l
	}
	if st := caseload.Derive(c, today); st.Status == "" || !keepStatus(o, st.Status) {
		return l
	}
	rest, ps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Keys: keys, Only: func(name string) bool { return listParts(name) && !repo.StatusParts(name) }})
	if err != nil {
		return listed{err: err}
	}
	l.errs += cmdutil.CountErrors(ps)
	repo.Merge(c, rest)
	st := caseload.Derive(c, today)
	if !keep(o, st) {
		return l
	}
	client := c.Client().Name
	if !x.Internal() {
		client = redact.Label(c, x.Profile, x.Scope, c.Intake.Client)
	}
	l.row = &Row{ID: c.ID, Status: st.Status, Episode: st.Episode, Kind: st.Kind, Client: client,
		Priority: st.Priority, Risk: st.Risk, Worker: st.Worker, OpenedOn: st.OpenedOn.String(), Area: st.Area}
	l.locked = c.PeopleLocked
	return l
}

// keepStatus is the --status part of keep.
func keepStatus(o *Options, status string) bool {
	switch o.Status {
	case "open":
		return caseload.IsOpen(status)
	case "all":
		return true
	}
	return status == o.Status
}

func keep(o *Options, st caseload.State) bool {
	if !keepStatus(o, st.Status) {
		return false
	}
	if o.Worker != "" && st.Worker != o.Worker {
		return false
	}
	if o.Priority != "" && st.Priority != o.Priority {
		return false
	}
	if o.Risk != "" && casefile.RiskRank(st.Risk) < casefile.RiskRank(o.Risk) {
		return false
	}
	return true
}

// purgedRows lists purged cases from their records; a record with problems is left out (check
// names it).
func purgedRows(r *repo.Repo, rules casefile.Rules) ([]Row, error) {
	ids, err := r.PurgedIDs()
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, id := range ids {
		rec, _, err := r.PurgeRecord(id, rules)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			continue
		}
		rows = append(rows, Row{ID: id, Status: "purged", Kind: rec.CaseKind, OpenedOn: id[:10], PurgedOn: rec.PurgedOn.String()})
	}
	return rows, nil
}
