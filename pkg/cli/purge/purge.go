// Package purge is `casework purge`: erase a closed case whose retention date has passed, or
// whose erasure was granted, leaving a record with no identifying data in its place.
package purge

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/retention"
	"github.com/spf13/cobra"
)

// Shredder destroys a case's encryption key, so that every copy of its files, git history
// included, can no longer be read (crypto-shredding). Encryption at rest sets Crypto; while it is
// nil (or the repository is not encrypted) a purge deletes the files and says plainly that git
// history still holds them.
type Shredder interface {
	// Encrypted reports whether the case's files are encrypted with a key of its own.
	Encrypted(r *repo.Repo, caseID string) bool
	// Ready says whether that key can be destroyed here, so that a purge which could not destroy
	// it is refused before anything changes.
	Ready(r *repo.Repo, caseID string) error
	// Shred destroys that key.
	Shred(r *repo.Repo, caseID string) error
}

// Crypto replaces the repository's key ring as the shredder, for tests; nil uses the key ring.
var Crypto Shredder

// Options are the inputs of purge.
type Options struct {
	F       *cmdutil.Factory
	Case    string
	Confirm string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "purge CASE [--confirm CASE-ID]",
		Short: "Erase a case past its retention date (a dry run unless confirmed)",
		Long: `Erase a case whose time is up: every file of its folder, people registry included.

purge refuses an open case, a case on legal hold (casework hold), and a case still within its
retention date (casework retention says when it is due), unless a granted erasure request
covers the whole case (casework erasure).

Without --confirm it is a dry run: it lists exactly the files that would be erased and the
record that would be written, and changes nothing. With --confirm and the case's full id typed
again, it writes the record purged/CASE-ID.yaml (ids, codes, dates and counts: nothing that
identifies anyone), takes the case folder away in one step, deletes it, and commits. An
interruption leaves the case whole, or the record and at most a hidden leftover folder that
casework check points at; running the same purge again finishes it.

git history: in a repository that is not encrypted, earlier commits still hold every erased
file, and anyone with a clone can read them. purge says so each time. To erase them from
history too, rewrite it on every clone (for example git filter-repo --invert-paths --path
cases/CASE-ID, then force-push, and every colleague clones afresh), and erase backups; or
keep the repository encrypted, so that a purge destroys the case's key (crypto-shredding)
and the copies in history can no longer be read.

After a purge, show CASE-ID prints the record; list --status purged lists purged cases.`,
		Example: `  casework purge 2015-03-02-k7f3m                       # dry run: what would be erased
  casework purge 2015-03-02-k7f3m --confirm 2015-03-02-k7f3m`,
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
	cmd.Flags().StringVar(&o.Confirm, "confirm", "", "carry out the purge: the case's full `ID`, typed again")
	return cmd
}

// Plan is what a purge would do.
type Plan struct {
	Files  []string // slash paths from the root
	Record *casefile.PurgeRecord
	Info   retention.Info
}

func run(o *Options) error {
	f := o.F
	r, c, err := f.LoadCase(o.Case)
	var pe *repo.PurgedError
	if errors.As(err, &pe) {
		return fmt.Errorf("case %s was already purged: casework show %s shows the purge record", pe.ID, pe.ID)
	}
	if err != nil {
		return err
	}
	if o.Confirm == "" {
		return dryRun(f, r, c)
	}
	if o.Confirm != c.ID {
		return cmdutil.UsageErrorf("--confirm %q is not this case's id: type the full id, %s, to erase it; nothing was changed", o.Confirm, c.ID)
	}
	w, err := f.OpenCase(c.ID, "purge")
	if err != nil {
		return err
	}
	defer w.Release()
	p, err := plan(f, w.Repo, w.Case, w.Entry())
	if err != nil {
		return err
	}
	rec := p.Record
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	recPath := repo.PurgedPath(c.ID)
	data, ps, err := casefile.Encode(recPath, casefile.KindPurgeRecord, rec, rules)
	if err != nil {
		return err
	}
	if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
		return &cmdutil.ProblemsError{What: "the purge record would not be valid; nothing was changed:", Problems: errs}
	}
	// The record first: from here on, either the case is whole or the record says it was purged.
	if _, err := r.ReadFile(recPath); errors.Is(err, fs.ErrNotExist) {
		if _, err := r.WritePurgeRecord(c.ID, data); err != nil {
			return err
		}
	} else if err != nil {
		return err
	} else {
		fmt.Fprintf(f.IO.ErrOut, "casework: note: %s is already written (an interrupted purge): finishing it\n", recPath)
	}
	if rec.Method == "crypto_shred" {
		if err := shredder(r, rules.Config).Shred(r, c.ID); err != nil {
			return fmt.Errorf("the record is written but the case's key could not be destroyed: %w; run the same purge again", err)
		}
	}
	if err := r.RemoveCase(c.ID); err != nil {
		return fmt.Errorf("the record is written but the case's files could not be removed: %w; run the same purge again", err)
	}
	f.Commit(r, cmdutil.Change{Action: "purge", CaseID: c.ID, Summary: rec.Reason, Paths: []string{recPath}, Removed: []string{c.Dir}})
	fmt.Fprintf(f.IO.ErrOut, "Purged case %s: %d files erased (%s); the record is %s\n", c.ID, rec.Files, rec.Method, recPath)
	historyWarning(f, rec, c.ID)
	return nil
}

func dryRun(f *cmdutil.Factory, r *repo.Repo, c *casefile.Case) error {
	w, err := f.Worker()
	if err != nil {
		return err
	}
	clock, err := f.Clock()
	if err != nil {
		return err
	}
	p, err := plan(f, r, c, casefile.Entry{RecordedAt: clock.Now().Truncate(1e9), RecordedBy: w.ID})
	if err != nil {
		return err
	}
	rec, in := p.Record, p.Info
	out := f.IO.Out
	fmt.Fprintf(out, "Dry run: nothing was changed.\n\n")
	fmt.Fprintf(out, "Case %s: %s on %s, kept until %s (policy %s", c.ID, in.Status, in.EndedOn, in.RetainUntil, in.Policy)
	if in.Derived {
		fmt.Fprint(out, ", derived from the current policy: the closure did not record one")
	}
	fmt.Fprintln(out, "); no legal hold in force.")
	if rec.Reason == "erasure_granted" {
		fmt.Fprintf(out, "Erasure request %s (received %s) was granted on %s.\n", rec.ErasureRequest, rec.ErasureReceived, rec.ErasureDecided)
	}
	fmt.Fprintf(out, "\nWould erase %d files:\n", len(p.Files))
	for _, x := range p.Files {
		fmt.Fprintf(out, "  %s\n", x)
	}
	data, err := casefile.Marshal(rec)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nWould write %s:\n", repo.PurgedPath(c.ID))
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		fmt.Fprintf(out, "  %s\n", line)
	}
	fmt.Fprintf(out, "\nTo purge: casework purge %s --confirm %s\n", c.ID, c.ID)
	historyWarning(f, rec, c.ID)
	return nil
}

// plan checks that the case may be purged and lists what would go.
func plan(f *cmdutil.Factory, r *repo.Repo, c *casefile.Case, entry casefile.Entry) (*Plan, error) {
	rules, err := f.ReadRules()
	if err != nil {
		return nil, err
	}
	today, err := f.Today()
	if err != nil {
		return nil, err
	}
	in := retention.Of(c, rules.Config.Retention, today)
	if err := in.Purgeable(); err != nil {
		return nil, err
	}
	files, counts, err := caseFiles(r, c)
	if err != nil {
		return nil, err
	}
	rec := &casefile.PurgeRecord{
		SchemaVersion: casefile.SchemaVersion, Entry: entry, CaseID: c.ID, PurgedOn: today,
		Reason: "retention_expired", Status: in.Status, EndedOn: in.EndedOn,
		Policy: in.Policy, RetainUntil: in.RetainUntil, RetentionDerived: in.Derived,
		Erased: counts, Files: len(files), Method: "delete", GitHistory: "no_git",
	}
	if c.Intake != nil {
		rec.CaseKind = c.Intake.Kind
	}
	if in.State == retention.ErasureGranted {
		e := in.Granted
		rec.Reason, rec.ErasureRequest = "erasure_granted", e.ID
		rec.ErasureReceived, rec.ErasureDecided = e.Request.ReceivedOn, e.Decision.DecidedOn
	}
	if gitx.Available() && gitx.IsRepo(r.Root) {
		rec.GitHistory = "plaintext_in_history"
	}
	if crypto := shredder(r, rules.Config); crypto.Encrypted(r, c.ID) {
		if err := crypto.Ready(r, c.ID); err != nil {
			return nil, err
		}
		rec.Method, rec.GitHistory = "crypto_shred", "keys_destroyed"
	}
	return &Plan{Files: files, Record: rec, Info: in}, nil
}

// caseFiles lists every file of the case folder, and counts them by kind: the entry folder's
// name, or the fixed file's name without .yaml.
func caseFiles(r *repo.Repo, c *casefile.Case) ([]string, map[string]int, error) {
	var files []string
	counts := map[string]int{}
	root := r.Abs(c.Dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		files = append(files, c.Dir+"/"+rel)
		kind, _, nested := strings.Cut(rel, "/")
		if !nested {
			kind = strings.TrimSuffix(kind, ".yaml")
		}
		if strings.HasPrefix(kind, ".") {
			kind = "leftovers"
		}
		counts[kind]++
		return nil
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	sort.Strings(files)
	return files, counts, nil
}

func historyWarning(f *cmdutil.Factory, rec *casefile.PurgeRecord, id string) {
	if rec.GitHistory != "plaintext_in_history" {
		return
	}
	fmt.Fprintf(f.IO.ErrOut, "casework: warning: this repository is not encrypted: git history still holds every erased file of case %s, and anyone with a clone can read them (git log --all -- cases/%s)\n", id, id)
	fmt.Fprintf(f.IO.ErrOut, "casework: hint: to erase them from history too, rewrite it on every clone (git filter-repo --invert-paths --path cases/%s, force-push, colleagues clone afresh) and erase backups; or keep case repositories encrypted so that a purge destroys the case's key\n", id)
}
