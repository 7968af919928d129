// Package logcmd is `casework log`: the audit trail of a case or of the repository, read from
// git history, including what was changed by hand outside casework.
package logcmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of log.
type Options struct {
	F      *cmdutil.Factory
	Case   string
	Since  string
	Author string
	Action string
	Format string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "log [CASE]",
		Short: "Show the audit trail of a case or of the repository, from git history",
		Long: `Show who changed what and when, in a case (CASE: its id or any unique part of its start) or in
the whole repository, newest first: the date (the author date, ISO 8601), the author, the
action, the case, the entries written and the commit.

git history is the audit trail. Every casework command that changes a record makes one commit
of exactly the files it wrote, authored by the practitioner, with machine-readable trailers
(Case-Id, Action, Entry); log reads them back. Files can also be changed without casework, in
an editor and committed with git: such commits carry no trailers, and log lists them too, as
"edit (by hand)" with the files they touched, so that nothing done to a record hides from the
trail. Merges of shared work are shown as "merge".

Filters: --since DATE (an ISO date or a relative one: -2w, yesterday, last monday; by the
author date), --author TEXT (part of the author's name or email, in any case), --action CODE
(open, decide, note, plan, close, ...; "edit" for hand edits, "merge" for merges).

On a terminal the default output is a table; piped, it is tab-separated text with a header
line. -o md prints a Markdown table; -o json prints one object per commit with every field,
its entries as a list and hand_edit true for a change made outside casework.

The history needs git: a repository created with casework init is a git repository.`,
		Example: `  casework log k7f3m
  casework log --since -1w --author martin
  casework log --action edit          # what was changed by hand
  casework log k7f3m -o json | jq '.[] | select(.hand_edit)'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Case = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "json")
	fl := cmd.Flags()
	fl.StringVar(&o.Since, "since", "", "only changes made on or after this `DATE`")
	fl.StringVar(&o.Author, "author", "", "only changes by this author (part of the name or email)")
	fl.StringVar(&o.Action, "action", "", "only this action (open, note, plan, ...; edit for hand edits, merge)")
	return cmd
}

// Record is one commit of the audit trail; JSON names only grow.
type Record struct {
	Commit   string   `json:"commit"`
	Short    string   `json:"short"`
	Date     string   `json:"date"`
	Author   string   `json:"author"`
	Email    string   `json:"email"`
	Action   string   `json:"action"`
	Case     string   `json:"case"`   // the one case the commit is about, "" for none or several
	Cases    []string `json:"cases"`  // every case it touched
	Agency   string   `json:"agency"` // the partner agency, for a change to the directory
	Entries  []string `json:"entries"`
	Subject  string   `json:"subject"`
	HandEdit bool     `json:"hand_edit"`
	Merge    bool     `json:"merge"`
}

// The actions log gives to commits without casework trailers.
const (
	ActionEdit  = "edit"
	ActionMerge = "merge"
	ActionInit  = "init"
	handLabel   = "edit (by hand)"
)

// Records turns commits into the audit trail. A commit made by casework is known by its
// trailers (Action, with Case-Id, Agency-Id, or Scope: repository for a change to the whole
// repository such as keys enable); the first commit casework init makes has none
// and is named init; a merge is a merge; anything else is a hand edit, listed with the files
// it touched.
func Records(commits []gitx.LogCommit) []Record {
	out := make([]Record, 0, len(commits))
	for _, c := range commits {
		r := Record{Commit: c.Hash, Short: short(c.Hash), Date: c.AuthorDate, Author: c.AuthorName,
			Email: c.AuthorEmail, Subject: c.Subject, Entries: []string{}, Cases: []string{}}
		action, caseID, agency := c.Value("Action"), c.Value("Case-Id"), c.Value("Agency-Id")
		switch {
		case c.IsMerge():
			r.Action, r.Merge = ActionMerge, true
			r.Entries = append(r.Entries, c.Files...)
		case action != "" && (caseID != "" || agency != "" || c.Value("Scope") == "repository"):
			r.Action, r.Case, r.Agency = action, caseID, agency
			r.Entries = append(r.Entries, c.Values("Entry")...)
			if len(r.Entries) == 0 {
				r.Entries = append(r.Entries, c.Files...)
			}
		case len(c.Parents) == 0 && strings.HasPrefix(c.Subject, "init: case repository"):
			r.Action = ActionInit
			r.Entries = append(r.Entries, c.Files...)
		default:
			r.Action, r.HandEdit = ActionEdit, true
			r.Entries = append(r.Entries, c.Files...)
		}
		r.Cases = casesOf(r.Entries)
		if r.Case == "" && len(r.Cases) == 1 {
			r.Case = r.Cases[0]
		}
		if r.Case != "" && !contains(r.Cases, r.Case) {
			r.Cases = append([]string{r.Case}, r.Cases...)
		}
		out = append(out, r)
	}
	return out
}

// casesOf lists the cases whose folders paths are in, in order of first appearance.
func casesOf(paths []string) []string {
	out := []string{}
	for _, p := range paths {
		rest, ok := strings.CutPrefix(p, repo.CasesDir+"/")
		if !ok {
			continue
		}
		id, _, nested := strings.Cut(rest, "/")
		if nested && repo.IsID(id) && !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// Filter keeps the records a practitioner asked for.
type Filter struct {
	Since  dates.Date // zero: any date
	Author string     // part of the name or email, any case
	Action string     // an action; edit or "edit (by hand)" for hand edits
}

// Keep reports whether rec passes the filter.
func (fl Filter) Keep(rec Record) bool {
	if !fl.Since.IsZero() {
		d, err := dates.Parse(datePart(rec.Date))
		if err != nil || d.Before(fl.Since) {
			return false
		}
	}
	if a := strings.ToLower(strings.TrimSpace(fl.Author)); a != "" &&
		!strings.Contains(strings.ToLower(rec.Author), a) && !strings.Contains(strings.ToLower(rec.Email), a) {
		return false
	}
	if a := strings.TrimSpace(fl.Action); a != "" {
		if strings.EqualFold(a, handLabel) {
			a = ActionEdit
		}
		if !strings.EqualFold(rec.Action, a) {
			return false
		}
	}
	return true
}

// datePart is the date of an ISO 8601 date and time, as the author wrote it.
func datePart(iso string) string {
	if len(iso) >= 10 {
		return iso[:10]
	}
	return iso
}

// Row renders a record for the table: the hand edit named as such, entries shortened to the
// part after the case folder.
func Row(rec Record) []string {
	action := rec.Action
	if rec.HandEdit {
		action = handLabel
	}
	entries := make([]string, len(rec.Entries))
	for i, e := range rec.Entries {
		entries[i] = e
		if rec.Case != "" {
			entries[i] = strings.TrimPrefix(e, repo.CaseDir(rec.Case)+"/")
		}
	}
	who := rec.Case
	if who == "" {
		who = strings.Join(rec.Cases, " ")
	}
	if who == "" && rec.Agency != "" {
		who = "agency " + rec.Agency
	}
	return []string{rec.Date, rec.Author, action, who, strings.Join(entries, ", "), rec.Short}
}

func run(o *Options) error {
	f := o.F
	var filter Filter
	if o.Since != "" {
		d, err := f.ParseDate("since", o.Since)
		if err != nil {
			return err
		}
		filter.Since = d
	}
	filter.Author, filter.Action = o.Author, o.Action
	r, err := f.Repo()
	if err != nil {
		return err
	}
	if !gitx.Available() {
		return cmdutil.WithHint(errors.New("the history of the repository needs git, and git is not installed"),
			"install git; casework keeps its audit trail in git history")
	}
	if !gitx.IsRepo(r.Root) {
		return cmdutil.WithHint(fmt.Errorf("the history of the repository needs git: %s is not in a git repository", r.Root),
			"casework keeps its audit trail in git: run git init there and commit the files (git add -A && git commit -m 'Case repository'), or create repositories with casework init, which does it")
	}
	scope := "."
	if o.Case != "" {
		id, err := resolveCase(r, o.Case)
		if err != nil {
			return err
		}
		scope = repo.CaseDir(id)
	}
	commits, err := gitx.Log(r.Root, scope)
	if err != nil {
		return err
	}
	recs := []Record{}
	for _, rec := range Records(commits) {
		if filter.Keep(rec) {
			recs = append(recs, rec)
		}
	}
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	if format == "json" {
		return cmdutil.WriteJSON(f.IO.Out, recs)
	}
	if len(recs) == 0 && format == "table" {
		fmt.Fprintln(f.IO.ErrOut, "No changes match.")
		return nil
	}
	t := cmdutil.Table{Header: []string{"DATE", "AUTHOR", "ACTION", "CASE", "ENTRY", "COMMIT"}}
	for _, rec := range recs {
		t.Rows = append(t.Rows, Row(rec))
	}
	return t.Render(f.IO.Out, format)
}

// resolveCase resolves what was typed among the cases in the folder; a full id no longer
// there (a case erased, or not yet pulled) still has a history.
func resolveCase(r *repo.Repo, typed string) (string, error) {
	id, err := r.Resolve(typed)
	if err == nil {
		return id, nil
	}
	var amb *repo.AmbiguousError
	if errors.As(err, &amb) {
		return "", &cmdutil.FlagError{Err: err}
	}
	var purged *repo.PurgedError
	if errors.As(err, &purged) { // its files are erased; its history is what remains
		return purged.ID, nil
	}
	var nf *repo.NotFoundError
	if errors.As(err, &nf) && repo.IsID(strings.ToLower(typed)) {
		return strings.ToLower(typed), nil
	}
	return "", err
}
