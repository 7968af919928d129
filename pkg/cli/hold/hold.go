// Package hold is `casework hold`: place a legal hold on a case, release it, or list holds.
// While a hold is in force the case is never purged.
package hold

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/retention"
	"github.com/spf13/cobra"
)

// Options are the inputs of hold.
type Options struct {
	F         *cmdutil.Factory
	Case      string
	Reason    string
	Reference string
	Date      string
	Release   bool
	Hold      string
	Format    string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "hold CASE [--reason TEXT | --release --reason TEXT]",
		Short: "Place or release a legal hold; list a case's holds",
		Long: `A legal hold keeps a case whatever its retention date and whatever an erasure request
says: a court case, a complaint, an inquiry or a claim in which the record is needed (GDPR
Art. 17(3)(e): the establishment, exercise or defence of legal claims). While a hold is in
force, casework purge refuses the case and casework retention lists it as on_hold.

With --reason, a hold is placed (a new entry under holds/, committed). With --release and
--reason, the hold in force is released (--hold ID names it when several are). With neither,
the case's holds are listed. Holds are placed on open and closed cases alike.

The reason is the matter, not the people in it: write "Employment tribunal claim, ref.
2026/114", never a name.`,
		Example: `  casework hold 2026-10 --reason "Appeal against the placement decision" --reference "TA 2026/0457"
  casework hold 2026-10
  casework hold 2026-10 --release --reason "Appeal withdrawn on 2027-02-01"`,
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
	fl.StringVar(&o.Reason, "reason", "", "why the hold is placed, or released")
	fl.StringVar(&o.Reference, "reference", "", "the matter's reference (court, claim, complaint)")
	fl.StringVar(&o.Date, "date", "today", "the date the hold is placed or released")
	fl.BoolVar(&o.Release, "release", false, "release the hold in force")
	fl.StringVar(&o.Hold, "hold", "", "with --release: the `ID` of the hold to release, when several are in force")
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "json")
	return cmd
}

func run(o *Options) error {
	if !o.Release && o.Reason == "" {
		if o.Hold != "" || o.Reference != "" {
			return cmdutil.UsageErrorf("--hold and --reference go with --reason (place) or --release --reason")
		}
		return list(o)
	}
	f := o.F
	if strings.TrimSpace(o.Reason) == "" {
		return cmdutil.UsageErrorf("missing --reason: say why the hold is released; nothing was written")
	}
	if o.Release && o.Reference != "" {
		return cmdutil.UsageErrorf("--reference goes with placing a hold, not releasing one")
	}
	if !o.Release && o.Hold != "" {
		return cmdutil.UsageErrorf("--hold names the hold to release: it goes with --release")
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "hold")
	if err != nil {
		return err
	}
	defer w.Release()
	c := w.Case
	h := &casefile.Hold{SchemaVersion: casefile.SchemaVersion, Entry: w.Entry(), Action: "placed", Date: on,
		Reason: strings.TrimSpace(o.Reason), Reference: strings.TrimSpace(o.Reference)}
	summary := "placed"
	if o.Release {
		active := retention.Holds(c, dates.Date{})
		target, err := pick(c.ID, active, o.Hold)
		if err != nil {
			return err
		}
		if on.Before(target.Hold.Date) {
			return cmdutil.UsageErrorf("--date %s is before the hold was placed (%s)", on, target.Hold.Date)
		}
		h.Action, h.Releases = "released", target.ID
		summary = "released " + target.ID
	}
	path, err := f.WriteEntry(w.Repo, c, casefile.HoldsDir, casefile.KindHold, repo.NewID(on), h)
	if err != nil {
		return err
	}
	f.Commit(w.Repo, cmdutil.Change{Action: "hold", CaseID: c.ID, Summary: summary, Paths: []string{path}})
	if o.Release {
		left := len(retention.Holds(c, dates.Date{})) - 1
		fmt.Fprintf(f.IO.ErrOut, "Released hold %s on case %s: %s\n", h.Releases, c.ID, path)
		if left > 0 {
			fmt.Fprintf(f.IO.ErrOut, "casework: note: %d other hold(s) still in force; the case stays on hold\n", left)
		}
		return nil
	}
	fmt.Fprintf(f.IO.ErrOut, "Placed a legal hold on case %s: %s\nThe case will not be purged until the hold is released.\n", c.ID, path)
	return nil
}

func pick(caseID string, active []retention.ActiveHold, id string) (retention.ActiveHold, error) {
	if len(active) == 0 {
		return retention.ActiveHold{}, fmt.Errorf("case %s has no hold in force; nothing was written", caseID)
	}
	if id == "" {
		if len(active) == 1 {
			return active[0], nil
		}
		ids := make([]string, len(active))
		for i, h := range active {
			ids[i] = h.ID
		}
		return retention.ActiveHold{}, cmdutil.UsageErrorf("case %s has %d holds in force (%s): name the one to release with --hold ID", caseID, len(active), strings.Join(ids, ", "))
	}
	for _, h := range active {
		if h.ID == id {
			return h, nil
		}
	}
	return retention.ActiveHold{}, cmdutil.UsageErrorf("--hold %s is not a hold in force on case %s (casework hold %s lists them)", id, caseID, caseID)
}

// Row is one hold in the listing; JSON names only grow.
type Row struct {
	ID         string `json:"id"`
	Placed     string `json:"placed_on"`
	By         string `json:"placed_by"`
	Reason     string `json:"reason"`
	Reference  string `json:"reference,omitempty"`
	Released   string `json:"released_on,omitempty"`
	ReleasedBy string `json:"released_by,omitempty"`
	Release    string `json:"release_reason,omitempty"`
}

func list(o *Options) error {
	f := o.F
	_, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	rows := []Row{}
	for _, h := range c.Holds {
		if h.V.Action != "placed" {
			continue
		}
		row := Row{ID: h.ID, Placed: h.V.Date.String(), By: h.V.RecordedBy, Reason: h.V.Reason, Reference: h.V.Reference}
		for _, x := range c.Holds {
			if x.V.Action == "released" && x.V.Releases == h.ID {
				row.Released, row.ReleasedBy, row.Release = x.V.Date.String(), x.V.RecordedBy, x.V.Reason
			}
		}
		rows = append(rows, row)
	}
	format, err := cmdutil.ReportFormat(f.IO, o.Format, "")
	if err != nil {
		return err
	}
	if format == "json" {
		return cmdutil.WriteJSON(f.IO.Out, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "Case %s has no legal hold.\n", c.ID)
		return nil
	}
	t := cmdutil.Table{Header: []string{"HOLD", "PLACED", "BY", "REASON", "REFERENCE", "RELEASED"}}
	for _, r := range rows {
		rel := "in force"
		if r.Released != "" {
			rel = r.Released + " by " + r.ReleasedBy + ": " + r.Release
		}
		t.Rows = append(t.Rows, []string{r.ID, r.Placed, r.By, r.Reason, r.Reference, rel})
	}
	return t.Render(f.IO.Out, format)
}
