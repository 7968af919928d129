package sync

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/gitx"
)

func TestGitSaid(t *testing.T) {
	for in, want := range map[string]string{
		"git fetch: fatal: '/x' does not appear to be a git repository\nfatal: Could not read from remote repository.": "fatal: '/x' does not appear to be a git repository",
		"git push: error: failed to push some refs\nhint: Updates were rejected":                                       "error: failed to push some refs",
		"\n\nhint: only a hint\nfatal: the real one":                                                                   "fatal: the real one",
		"plain message": "plain message",
	} {
		if got := gitSaid(in); got != want {
			t.Errorf("gitSaid(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileList(t *testing.T) {
	if got := fileList([]string{"cases/a/plan.yaml"}, "FILE"); got != "cases/a/plan.yaml" {
		t.Errorf("one file: %q", got)
	}
	if got := fileList([]string{"cases/a/plan.yaml", "odd name's.yaml"}, "FILE"); got != `cases/a/plan.yaml 'odd name'\''s.yaml'` {
		t.Errorf("quoted: %q", got)
	}
	if got := fileList([]string{"a", "b", "c", "d"}, "FILE"); got != "FILE" {
		t.Errorf("many files: %q", got)
	}
	if got := fileList(nil, "each file"); got != "each file" {
		t.Errorf("none: %q", got)
	}
}

func TestDescribeStatus(t *testing.T) {
	for code, want := range map[string]string{"??": "new:", " M": "changed:", "M ": "changed:", " D": "deleted:", "A ": "added:", "UU": "in conflict:", "AA": "in conflict:", "R ": "renamed:"} {
		if got := describeStatus(code); got != want {
			t.Errorf("describeStatus(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestRemoteFailure(t *testing.T) {
	for _, c := range []struct {
		problem   gitx.RemoteProblem
		err, hint string
	}{
		{gitx.RemoteUnreachable, "could not reach the remote origin (/x); your work is safe here", "run casework sync again when online"},
		{gitx.RemoteAuth, "did not accept who you are", "check your access"},
		{gitx.RemoteStale, "a colleague sent changes to origin (/x) while you were syncing", "run casework sync again"},
		{gitx.RemoteRefused, "refused your commits", "ask whoever manages"},
		{gitx.RemoteFailed, "git could not sync with origin (/x)", "git said: fatal: oops"},
	} {
		err := remoteFailure(&gitx.RemoteError{Problem: c.problem, Remote: "origin", Msg: "git fetch: fatal: oops"}, "origin", "/x", "your work is safe here")
		var h *cmdutil.HintError
		if !errors.As(err, &h) || !strings.Contains(err.Error(), c.err) || !strings.Contains(h.Hint, c.hint) {
			t.Errorf("problem %d: %v (hint %v); want %q / %q", c.problem, err, h, c.err, c.hint)
		}
	}
	plain := errors.New("not a remote error")
	if err := remoteFailure(plain, "origin", "", "x"); err != plain {
		t.Errorf("another error is returned as is, got %v", err)
	}
}

func TestExplainConflict(t *testing.T) {
	var b bytes.Buffer
	explainConflict(&b, "origin", []string{"cases/2026-11-22-k7f3m/plan.yaml"})
	out := b.String()
	for _, want := range []string{
		"casework: error: the sync stopped: a change that came in from origin and one of yours touch the same lines of:\n  cases/2026-11-22-k7f3m/plan.yaml\n",
		"usually a case's plan.yaml",
		"casework check shows each\nmarker with its file and line",
		"  2. git add cases/2026-11-22-k7f3m/plan.yaml\n",
		"  3. git rebase --continue",
		"  4. casework sync\n",
		"git rebase --abort\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explanation lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	explainUnfinished(&b, gitx.OpMerge, nil)
	if !strings.Contains(b.String(), "git merge --continue, then casework sync") || !strings.Contains(b.String(), "git merge --abort") {
		t.Errorf("unfinished merge, resolved:\n%s", b.String())
	}
}

// gitEnv isolates git from the machine's configuration and fixes the identity.
func gitEnv(t *testing.T) {
	t.Helper()
	if !gitx.Available() {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_AUTHOR_NAME", "A. Martin")
	t.Setenv("GIT_AUTHOR_EMAIL", "a.martin@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "A. Martin")
	t.Setenv("GIT_COMMITTER_EMAIL", "a.martin@example.org")
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestChooseRemote(t *testing.T) {
	gitEnv(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	if _, _, _, err := chooseRemote(dir, "main", ""); err == nil || !strings.Contains(err.Error(), "no remote to sync with") {
		t.Errorf("no remote: %v", err)
	}
	git(t, dir, "remote", "add", "team", "/somewhere")
	if _, _, _, err := chooseRemote(dir, "main", ""); err == nil || !strings.Contains(err.Error(), "no remote named origin") {
		t.Errorf("no origin: %v", err)
	}
	var fe *cmdutil.FlagError
	if _, _, _, err := chooseRemote(dir, "main", "nope"); !errors.As(err, &fe) {
		t.Errorf("--remote nope: %v; want a usage error", err)
	}
	if r, b, tracked, err := chooseRemote(dir, "main", "team"); err != nil || r != "team" || b != "main" || tracked {
		t.Errorf("--remote team = %s %s %v %v", r, b, tracked, err)
	}
	git(t, dir, "remote", "add", "origin", "/elsewhere")
	if r, b, tracked, err := chooseRemote(dir, "main", ""); err != nil || r != "origin" || b != "main" || tracked {
		t.Errorf("default = %s %s %v %v; want origin main, not tracked", r, b, tracked, err)
	}
	git(t, dir, "config", "branch.main.remote", "team")
	git(t, dir, "config", "branch.main.merge", "refs/heads/trunk")
	if r, b, tracked, err := chooseRemote(dir, "main", ""); err != nil || r != "team" || b != "trunk" || !tracked {
		t.Errorf("upstream = %s %s %v %v; want team trunk, tracked", r, b, tracked, err)
	}
	if r, b, tracked, err := chooseRemote(dir, "main", "origin"); err != nil || r != "origin" || b != "main" || tracked {
		t.Errorf("--remote origin over the upstream = %s %s %v %v", r, b, tracked, err)
	}
}

// TestRun syncs a case repository in a subfolder of its clone: sharing, nothing to do,
// changes refused, a lock held.
func TestRun(t *testing.T) {
	gitEnv(t)
	e := cmdtest.New(t, "")
	work := t.TempDir()
	git(t, work, "init", "-q", "--bare", "-b", "main", "remote.git")
	git(t, work, "clone", "-q", "remote.git", "clone")
	clone := filepath.Join(work, "clone")
	// The case repository made by cmdtest moves into a subfolder of the clone.
	dir := filepath.Join(clone, "team", "caseload")
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(e.Repo.Root, dir); err != nil {
		t.Fatal(err)
	}
	e.F.Getwd = func() (string, error) { return dir, nil }
	git(t, clone, "add", "-A")
	git(t, clone, "commit", "-q", "-m", "init")

	if err := run(&Options{F: e.F}); err != nil {
		t.Fatalf("first sync: %v\n%s", err, e.ErrOut)
	}
	if !strings.Contains(e.ErrOut.String(), "Shared the repository with origin for the first time: 1 commit went out (branch main).") {
		t.Errorf("first sync said: %s", e.ErrOut)
	}
	e.ErrOut.Reset()
	if err := run(&Options{F: e.F}); err != nil || e.ErrOut.String() != "Already up to date.\n" {
		t.Errorf("second sync: %v, %q", err, e.ErrOut)
	}

	// A hand-changed file under cases/ is refused, named from the repository folder.
	if err := os.MkdirAll(filepath.Join(dir, "cases", "2026-11-22-k7f3m"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cases", "2026-11-22-k7f3m", "people.yaml"), []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A change outside cases/ is none of sync's business when nothing comes in.
	if err := os.WriteFile(filepath.Join(clone, "notes.txt"), []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.ErrOut.Reset()
	if err := run(&Options{F: e.F}); !errors.Is(err, cmdutil.ErrSilent) {
		t.Errorf("sync with a change under cases/: %v", err)
	}
	if !strings.Contains(e.ErrOut.String(), "  new:         cases/2026-11-22-k7f3m/people.yaml\n") || strings.Contains(e.ErrOut.String(), "notes.txt") {
		t.Errorf("refusal: %s", e.ErrOut)
	}
	if err := os.RemoveAll(filepath.Join(dir, "cases", "2026-11-22-k7f3m")); err != nil {
		t.Fatal(err)
	}

	// While another casework command writes, sync waits for it (here: not at all).
	r, err := e.F.Repo()
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.Lock("casework note", 0)
	if err != nil {
		t.Fatal(err)
	}
	err = run(&Options{F: e.F})
	l.Release()
	if err == nil || !strings.Contains(err.Error(), "lock") {
		t.Errorf("sync under another's lock: %v", err)
	}
	e.ErrOut.Reset()
	if err := run(&Options{F: e.F}); err != nil || e.ErrOut.String() != "Already up to date.\n" {
		t.Errorf("sync after: %v, %q", err, e.ErrOut)
	}
}
