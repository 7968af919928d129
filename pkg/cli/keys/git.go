package keys

import (
	"fmt"
	"os"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
)

// commit records exactly paths (written or deleted, slash paths from the root) in one commit,
// authored by the practitioner, when the repository is in git and git.commit is on. paths may
// be empty: the commit then only records what was done (a shred touches no tracked file).
func commit(f *cmdutil.Factory, r *repo.Repo, paths []string, message string) {
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
	env := []string{"GIT_AUTHOR_NAME=" + w.Name, "GIT_AUTHOR_EMAIL=" + email}
	if err := commitPaths(r.Root, paths, env, message); err != nil {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: the change is made but was not committed: %v\n", err)
		fmt.Fprintln(f.IO.ErrOut, "casework: hint: commit it yourself: git add -A cases casework.yaml .gitignore && git commit")
	}
}

func commitPaths(root string, paths []string, env []string, message string) error {
	if len(paths) == 0 {
		// An audit commit: HEAD's tree again, so nothing staged by the user is swept in.
		head, err := gitx.Run(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")
		if err != nil {
			return err
		}
		head = strings.TrimSpace(head)
		c, err := gitx.RunInput(root, message, env, "commit-tree", head+"^{tree}", "-p", head, "-F", "-")
		if err != nil {
			return err
		}
		_, err = gitx.Run(root, "update-ref", "-m", "casework: keys", "HEAD", strings.TrimSpace(c), head)
		return err
	}
	var present []string
	for _, p := range paths {
		if _, err := os.Lstat(r(root, p)); err == nil {
			present = append(present, p)
		}
	}
	if len(present) > 0 {
		if _, err := gitx.Run(root, append([]string{"add", "--"}, present...)...); err != nil {
			return err
		}
	}
	// --only (the default with paths): exactly these paths, deletions included, nothing else
	// the user has staged.
	_, err := gitx.RunInput(root, message, env, append([]string{"commit", "--quiet", "--only", "-F", "-", "--"}, paths...)...)
	return err
}

func r(root, p string) string {
	return root + string(os.PathSeparator) + strings.ReplaceAll(p, "/", string(os.PathSeparator))
}

// trackedUnder lists the files git tracks under a path of the repository.
func trackedUnder(root, rel string) []string {
	if !gitx.Available() || !gitx.IsRepo(root) {
		return nil
	}
	out, err := gitx.Run(root, "ls-files", "--", rel)
	if err != nil {
		return nil
	}
	return strings.Fields(out)
}
