package gitx

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseLog(t *testing.T) {
	h1, h2, h3 := strings.Repeat("a", 40), strings.Repeat("b", 40), strings.Repeat("c", 40)
	rec := func(hash, parents, date, name, email, subject, trailers string, files ...string) string {
		s := "\x1e" + strings.Join([]string{hash, parents, date, name, email, subject, trailers}, "\x1f") + "\x1f\x00"
		if len(files) > 0 {
			s += "\n" + strings.Join(files, "\x00") + "\x00"
		}
		return s
	}
	out := rec(h1, h2, "2026-11-22T10:00:00+01:00", "A. Martin", "a.martin@example.org", "note 2026-11-22-k7f3m: home_visit (girp)",
		"Case-Id: 2026-11-22-k7f3m\x1dAction: note\x1dEntry: cases/2026-11-22-k7f3m/notes/2026-11-22-x4k2p.yaml",
		"cases/2026-11-22-k7f3m/notes/2026-11-22-x4k2p.yaml") +
		rec(h2, h3+" "+h1, "2026-11-21T09:00:00+00:00", "B. Diallo", "b@example.org", "Merge branch 'x'", "") +
		rec(h3, "", "2026-11-20T08:00:00-05:00", "Name with  two spaces", "c@example.org", "Fix: a typo, by hand",
			"", "cases/2026-11-22-k7f3m/people.yaml", "cases/a file with spaces.yaml", "odd\nname.yaml")

	got, err := ParseLog(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []LogCommit{
		{Hash: h1, Parents: []string{h2}, AuthorDate: "2026-11-22T10:00:00+01:00", AuthorName: "A. Martin",
			AuthorEmail: "a.martin@example.org", Subject: "note 2026-11-22-k7f3m: home_visit (girp)",
			Trailers: []Trailer{{"Case-Id", "2026-11-22-k7f3m"}, {"Action", "note"}, {"Entry", "cases/2026-11-22-k7f3m/notes/2026-11-22-x4k2p.yaml"}},
			Files:    []string{"cases/2026-11-22-k7f3m/notes/2026-11-22-x4k2p.yaml"}},
		{Hash: h2, Parents: []string{h3, h1}, AuthorDate: "2026-11-21T09:00:00+00:00", AuthorName: "B. Diallo",
			AuthorEmail: "b@example.org", Subject: "Merge branch 'x'"},
		{Hash: h3, AuthorDate: "2026-11-20T08:00:00-05:00", AuthorName: "Name with  two spaces", AuthorEmail: "c@example.org",
			Subject: "Fix: a typo, by hand",
			Files:   []string{"cases/2026-11-22-k7f3m/people.yaml", "cases/a file with spaces.yaml", "odd\nname.yaml"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseLog:\n got %#v\nwant %#v", got, want)
	}
	if !got[1].IsMerge() || got[0].IsMerge() {
		t.Error("IsMerge: only the second commit is a merge")
	}
	if v := got[0].Value("case-id"); v != "2026-11-22-k7f3m" {
		t.Errorf("Value(case-id) = %q: trailer keys are compared without case", v)
	}
	if v := got[2].Value("Action"); v != "" {
		t.Errorf("a commit without trailers has no Action, got %q", v)
	}

	if got, err := ParseLog(""); err != nil || len(got) != 0 {
		t.Errorf("ParseLog(\"\") = %v, %v; want nothing", got, err)
	}
	for _, bad := range []string{
		"garbage before" + out,
		"\x1e" + h1 + "\x1fonly two fields",
		"\x1enot-a-hash\x1f\x1f\x1f\x1f\x1f\x1f\x1f",
	} {
		if _, err := ParseLog(bad); err == nil {
			t.Errorf("ParseLog(%.30q) succeeded; want an error", bad)
		}
	}
}

func TestParseTrailers(t *testing.T) {
	got := parseTrailers("Case-Id: X\x1dEntry:  cases/X/a b.yaml \x1dnot a trailer\x1dSigned off by: no\x1d\x1dAction:note")
	want := []Trailer{{"Case-Id", "X"}, {"Entry", "cases/X/a b.yaml"}, {"Action", "note"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseTrailers = %#v, want %#v", got, want)
	}
}

func TestParseStatus(t *testing.T) {
	got := parseStatus(" M cases/a/plan.yaml\x00?? cases/a/notes/n 1.yaml\x00R  cases/a/new.yaml\x00cases/a/old.yaml\x00UU cases/a/x.yaml\x00")
	want := []StatusEntry{{" M", "cases/a/plan.yaml"}, {"??", "cases/a/notes/n 1.yaml"}, {"R ", "cases/a/new.yaml"}, {"UU", "cases/a/x.yaml"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseStatus = %#v, want %#v", got, want)
	}
}

func TestClassifyRemote(t *testing.T) {
	for msg, want := range map[string]RemoteProblem{
		"git fetch: fatal: '/nonexistent' does not appear to be a git repository\nfatal: Could not read from remote repository.": RemoteUnreachable,
		"fatal: unable to access 'https://example.org/x.git/': Could not resolve host: example.org":                              RemoteUnreachable,
		"ssh: connect to host example.org port 22: Connection refused":                                                           RemoteUnreachable,
		"git@example.org: Permission denied (publickey).\nfatal: Could not read from remote repository.":                         RemoteAuth,
		"remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://example.org/x.git/'":                       RemoteAuth,
		"! [rejected]        main -> main (fetch first)\nerror: failed to push some refs":                                        RemoteStale,
		"! [remote rejected] main -> main (pre-receive hook declined)":                                                           RemoteRefused,
		"fatal: something else entirely": RemoteFailed,
	} {
		if got := ClassifyRemote(msg); got != want {
			t.Errorf("ClassifyRemote(%.50q) = %d, want %d", msg, got, want)
		}
	}
}

// gitRepo makes a git repository with a fixed identity in a fresh folder.
func gitRepo(t *testing.T) string {
	t.Helper()
	if !Available() {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(dir, ".gitconfig-none"))
	t.Setenv("GIT_AUTHOR_NAME", "A. Martin")
	t.Setenv("GIT_AUTHOR_EMAIL", "a.martin@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "A. Martin")
	t.Setenv("GIT_COMMITTER_EMAIL", "a.martin@example.org")
	t.Setenv("TZ", "UTC")
	git(t, dir, "", "init", "-q")
	return dir
}

// git runs git in dir; date, when set, is the author and committer date.
func git(t *testing.T, dir, date string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLogReadsTrailersAndHandEdits(t *testing.T) {
	top := gitRepo(t)
	if got, err := Log(top); err != nil || got != nil {
		t.Fatalf("Log of a repository without commits = %v, %v; want nothing", got, err)
	}
	// The case repository is a subfolder of the git work tree.
	dir := filepath.Join(top, "team", "caseload")
	write(t, dir, "casework.yaml", "x\n")
	git(t, top, "2026-11-01T09:00:00+00:00", "add", "-A")
	git(t, top, "2026-11-01T09:00:00+00:00", "commit", "-q", "-m", "init: case repository for X")
	write(t, dir, "cases/2026-11-02-aaaaa/intake.yaml", "x\n")
	git(t, top, "", "add", "-A")
	git(t, top, "2026-11-02T10:00:00+01:00", "commit", "-q", "-m",
		"open 2026-11-02-aaaaa: routine\n\nCase-Id: 2026-11-02-aaaaa\nAction: open\nEntry: cases/2026-11-02-aaaaa/intake.yaml\n")
	write(t, dir, "cases/2026-11-02-aaaaa/intake.yaml", "y\n")
	write(t, top, "elsewhere.txt", "not in the case repository\n")
	git(t, top, "", "add", "-A")
	git(t, top, "2026-11-03T11:00:00+00:00", "commit", "-q", "-m", "Fix a typo by hand")

	got, err := Log(dir, "cases/2026-11-02-aaaaa")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Log of the case: %d commits, want 2: %+v", len(got), got)
	}
	if got[0].Subject != "Fix a typo by hand" || got[0].Value("Action") != "" ||
		!reflect.DeepEqual(got[0].Files, []string{"cases/2026-11-02-aaaaa/intake.yaml"}) {
		t.Errorf("hand edit: %+v; want its subject, no trailers, and only the case's file, relative to the case repository", got[0])
	}
	if got[1].Value("Action") != "open" || got[1].AuthorDate != "2026-11-02T10:00:00+01:00" || got[1].AuthorName != "A. Martin" {
		t.Errorf("casework commit: %+v", got[1])
	}
	all, err := Log(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || !reflect.DeepEqual(all[2].Files, []string{"casework.yaml"}) {
		t.Errorf("Log of the repository folder: %+v; want 3 commits, files relative to it", all)
	}
}
