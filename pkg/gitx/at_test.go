package gitx

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/dates"
)

func TestBeforeArg(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data")
	}
	for _, c := range []struct {
		d    string
		loc  *time.Location
		want string
	}{
		{"2026-11-20", time.UTC, "2026-11-20 23:59:59 +0000"},
		{"2026-11-20", paris, "2026-11-20 23:59:59 +0100"},
		{"2026-07-01", paris, "2026-07-01 23:59:59 +0200"},
		{"2026-12-31", time.UTC, "2026-12-31 23:59:59 +0000"},
	} {
		if got := BeforeArg(dates.MustParse(c.d), c.loc); got != c.want {
			t.Errorf("BeforeArg(%s, %s) = %q, want %q", c.d, c.loc, got, c.want)
		}
	}
}

func TestResolveAt(t *testing.T) {
	dir := gitRepo(t)
	commit := func(date, msg string) string {
		write(t, dir, "casework.yaml", msg+"\n")
		git(t, dir, "", "add", "-A")
		git(t, dir, date, "commit", "-q", "-m", msg)
		return strings.TrimSpace(git(t, dir, "", "rev-parse", "HEAD"))
	}
	c1 := commit("2026-11-16T09:00:00+00:00", "first")
	git(t, dir, "", "tag", "review-2026-11-16")
	c2 := commit("2026-11-20T23:59:59+00:00", "last second of the 20th")
	c3 := commit("2026-11-21T00:00:00+00:00", "midnight of the 21st")
	c4 := commit("2026-11-23T08:00:00+02:00", "the 23rd, two hours ahead")

	today := dates.MustParse("2026-11-23")
	parse := func(s string) (dates.Date, error) { return dates.ParseRelative(s, today) }
	for _, c := range []struct {
		spec   string
		want   string
		byDate bool
	}{
		{"review-2026-11-16", c1, false},
		{c2[:10], c2, false},
		{"HEAD~1", c3, false},
		{"HEAD", c4, false},
		{"2026-11-16", c1, true},
		{"2026-11-19", c1, true},
		{"2026-11-20", c2, true}, // a commit at 23:59:59 is on that day
		{"2026-11-21", c3, true},
		{"2026-11-22", c3, true}, // 08:00+02:00 on the 23rd is 06:00 UTC on the 23rd
		{"today", c4, true},
		{"-1w", c1, true},
		{"last friday", c2, true},
	} {
		rev, err := ResolveAt(dir, c.spec, parse, time.UTC)
		if err != nil {
			t.Errorf("ResolveAt(%q): %v", c.spec, err)
			continue
		}
		if rev.Commit != c.want || rev.ByDate != c.byDate {
			t.Errorf("ResolveAt(%q) = %s (by date %v), want %s (by date %v)", c.spec, rev.Short(), rev.ByDate, c.want[:12], c.byDate)
		}
	}
	rev, err := ResolveAt(dir, "HEAD", parse, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got := rev.AuthorDate.Format(time.RFC3339); got != "2026-11-23T08:00:00+02:00" {
		t.Errorf("author date = %s; want it in the author's own offset", got)
	}
	if rev.Subject != "the 23rd, two hours ahead" {
		t.Errorf("subject = %q", rev.Subject)
	}
	for _, bad := range []string{"2026-11-15", "no-such-tag", "--all", ""} {
		if _, err := ResolveAt(dir, bad, parse, time.UTC); !errors.Is(err, ErrNoSuchRev) {
			t.Errorf("ResolveAt(%q) = %v; want ErrNoSuchRev", bad, err)
		}
	}
}

func TestExtract(t *testing.T) {
	top := gitRepo(t)
	dir := filepath.Join(top, "caseload")
	write(t, dir, "casework.yaml", "agency: then\n")
	write(t, dir, "cases/2026-11-02-aaaaa/intake.yaml", "intake then\n")
	write(t, dir, "templates/x.md.tmpl", "template then\n")
	write(t, top, "outside.txt", "not the case repository\n")
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "cases", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, ".gitattributes", "*.yaml filter=nonexistent export-ignore\n")
	git(t, top, "", "add", "-A")
	git(t, top, "2026-11-16T09:00:00+00:00", "commit", "-q", "-m", "then")
	then := strings.TrimSpace(git(t, top, "", "rev-parse", "HEAD"))
	write(t, dir, "casework.yaml", "agency: now\n")
	write(t, dir, "cases/2026-11-23-bbbbb/intake.yaml", "intake now\n")
	git(t, top, "", "add", "-A")
	git(t, top, "2026-11-23T09:00:00+00:00", "commit", "-q", "-m", "now")
	write(t, dir, "cases/2026-11-02-aaaaa/intake.yaml", "a change not committed\n")
	before := git(t, top, "", "status", "--porcelain")

	prefix, err := Prefix(dir)
	if err != nil || prefix != "caseload" {
		t.Fatalf("Prefix = %q, %v; want caseload", prefix, err)
	}
	dest := t.TempDir()
	n, err := Extract(dir, then, prefix, dest)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("Extract wrote %d files, want 4 (casework.yaml, intake.yaml, the template, .gitattributes)", n)
	}
	for rel, want := range map[string]string{
		"casework.yaml":                      "agency: then\n",
		"cases/2026-11-02-aaaaa/intake.yaml": "intake then\n",
		"templates/x.md.tmpl":                "template then\n",
	} {
		p := filepath.Join(dest, filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil || string(data) != want {
			t.Errorf("%s = %q, %v; want %q", rel, data, err, want)
			continue
		}
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", rel, fi.Mode().Perm())
		}
	}
	for _, rel := range []string{"cases/2026-11-23-bbbbb", "cases/link.yaml", "outside.txt", "caseload"} {
		if _, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel))); err == nil {
			t.Errorf("%s was extracted; it must not be", rel)
		}
	}
	if fi, _ := os.Stat(filepath.Join(dest, "cases")); fi == nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cases/ folder mode: want 0700")
	}
	if after := git(t, top, "", "status", "--porcelain"); after != before {
		t.Errorf("git status changed:\n%s\nwas\n%s", after, before)
	}

	// The whole work tree, from its top.
	all := t.TempDir()
	if _, err := Extract(top, then, "", all); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(all, "outside.txt")); err != nil {
		t.Errorf("Extract of the top: %v", err)
	}

	// A folder that did not exist then.
	if _, err := Extract(top, then, "later", t.TempDir()); !errors.Is(err, ErrNotInCommit) {
		t.Errorf("Extract of a missing folder = %v; want ErrNotInCommit", err)
	}
}

func TestWriteBlobsRejectsShortData(t *testing.T) {
	id := strings.Repeat("a", 40)
	dest := t.TempDir()
	r := strings.NewReader(id + " blob 10\nshort\n")
	_, err := writeBlobs(bufio.NewReader(r), 1, func(int) string { return id }, func(int) string { return filepath.Join(dest, "f") })
	if err == nil {
		t.Error("writeBlobs accepted an object shorter than its size")
	}
}
