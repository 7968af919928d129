package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
)

// Change is what one mutating command did, for its commit.
type Change struct {
	Action  string   // open, decide, close, reopen...
	CaseID  string   // the case it touched
	Agency  string   // or the partner-directory agency it touched
	Summary string   // the subject after "ACTION CASE: "; codes only, never a name
	Paths   []string // the files written, slash paths from the repository root
	Removed []string // files or folders removed (a purge), slash paths from the root
}

// Message renders the commit message: a readable subject and trailers a program can read.
func (c Change) Message() string {
	var b strings.Builder
	target, key := c.CaseID, "Case-Id"
	if c.Agency != "" {
		target, key = c.Agency, "Agency-Id"
	}
	fmt.Fprintf(&b, "%s %s", c.Action, target)
	if c.Summary != "" {
		fmt.Fprintf(&b, ": %s", c.Summary)
	}
	fmt.Fprintf(&b, "\n\n%s: %s\nAction: %s\n", key, target, c.Action)
	for _, p := range c.Paths {
		fmt.Fprintf(&b, "Entry: %s\n", p)
	}
	for _, p := range c.Removed {
		fmt.Fprintf(&b, "Removed: %s\n", p)
	}
	return b.String()
}

// Commit makes one commit of exactly the files a command wrote, authored by the practitioner,
// when the repository is in git and git.commit is on. A failed commit is reported, never fatal:
// the files are written and stay so.
func (f *Factory) Commit(r *repo.Repo, c Change) {
	s, err := f.Settings()
	if err != nil || !s.Config.Git.Commit || !gitx.Available() || !gitx.IsRepo(r.Root) {
		return
	}
	w, err := f.Worker()
	if err != nil {
		return
	}
	email := w.Email
	if email == "" {
		email = w.ID + "@casework.invalid"
	}
	if _, err := gitx.CommitRemoving(r.Root, c.Paths, c.Removed, gitx.Identity{Name: w.Name, Email: email}, c.Message()); err != nil {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: the entry is written but was not committed: %v\n", err)
		if errors.Is(err, gitx.ErrMidMerge) {
			fmt.Fprintf(f.IO.ErrOut, "casework: hint: finish the rebase first (casework sync says how), then: git add %s && git commit\n", strings.Join(c.Paths, " "))
			return
		}
		fmt.Fprintf(f.IO.ErrOut, "casework: hint: commit it yourself: git add %s && git commit\n", strings.Join(c.Paths, " "))
	}
}
