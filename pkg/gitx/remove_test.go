package gitx

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommitRemoving: a purge is one commit that adds a record and removes a whole case folder,
// leaving the other cases, the index and the work tree's other changes as they were.
func TestCommitRemoving(t *testing.T) {
	if !Available() {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.org")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q")
	write("cases/a/people.yaml", "a")
	write("cases/a/notes/n.yaml", "n")
	write("cases/b/people.yaml", "b")
	write("other.txt", "x")
	git("add", ".")
	git("commit", "-q", "-m", "start")

	if err := os.RemoveAll(filepath.Join(dir, "cases", "a")); err != nil {
		t.Fatal(err)
	}
	write("purged/a.yaml", "record")
	write("other.txt", "changed by hand, not committed")
	id, err := CommitRemoving(dir, []string{"purged/a.yaml"}, []string{"cases/a"}, Identity{Name: "A", Email: "a@example.org"}, "purge a\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := git("ls-tree", "-r", "--name-only", id); got != "cases/b/people.yaml\nother.txt\npurged/a.yaml" {
		t.Errorf("tree after the purge:\n%s", got)
	}
	if got := git("status", "--porcelain"); got != "M other.txt" {
		t.Errorf("git status after the purge: %q, want only the hand change", got)
	}
	// Removing the last case removes the cases folder from the tree: git keeps no empty folder.
	if err := os.RemoveAll(filepath.Join(dir, "cases", "b")); err != nil {
		t.Fatal(err)
	}
	id, err = CommitRemoving(dir, nil, []string{"cases/b"}, Identity{Name: "A", Email: "a@example.org"}, "purge b\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := git("ls-tree", "--name-only", id); got != "other.txt\npurged" {
		t.Errorf("root tree after the last purge:\n%s", got)
	}
}
