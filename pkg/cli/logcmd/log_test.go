package logcmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/gitx"
)

const caseID = "2026-11-22-k7f3m"

func commit(hash, subject string, trailers []gitx.Trailer, files ...string) gitx.LogCommit {
	return gitx.LogCommit{Hash: strings.Repeat(hash, 40), Parents: []string{strings.Repeat("f", 40)},
		AuthorDate: "2026-11-22T10:00:00+01:00", AuthorName: "A. Martin", AuthorEmail: "a.martin@example.org",
		Subject: subject, Trailers: trailers, Files: files}
}

func TestRecords(t *testing.T) {
	note := commit("a", "note "+caseID+": home_visit (girp)", []gitx.Trailer{
		{Key: "Case-Id", Value: caseID}, {Key: "Action", Value: "note"},
		{Key: "Entry", Value: "cases/" + caseID + "/notes/2026-11-22-x4k2p.yaml"},
	}, "cases/"+caseID+"/notes/2026-11-22-x4k2p.yaml")
	hand := commit("b", "Fix a typo", nil, "cases/"+caseID+"/people.yaml", "cases/"+caseID+"/intake.yaml")
	handTwo := commit("c", "Tidy two cases", nil, "cases/"+caseID+"/people.yaml", "cases/2026-11-23-abcde/people.yaml", "README.md")
	merge := commit("d", "Merge branch 'main'", nil)
	merge.Parents = append(merge.Parents, strings.Repeat("e", 40))
	agency := commit("e", "agencies add fsl-paris", []gitx.Trailer{{Key: "agency-id", Value: "fsl-paris"}, {Key: "action", Value: "agencies"},
		{Key: "entry", Value: "agencies/fsl-paris.yaml"}})
	initc := commit("1", "init: case repository for Northside", nil, "casework.yaml", ".gitignore")
	initc.Parents = nil
	lateInit := commit("2", "init: case repository for a fake", nil, "casework.yaml")
	actionOnly := commit("3", "Something with an Action trailer", []gitx.Trailer{{Key: "Action", Value: "note"}}, "cases/"+caseID+"/plan.yaml")

	got := Records([]gitx.LogCommit{note, hand, handTwo, merge, agency, initc, lateInit, actionOnly})
	type view struct {
		action, kase, agency string
		cases, entries       []string
		hand, merge          bool
	}
	want := []view{
		{"note", caseID, "", []string{caseID}, []string{"cases/" + caseID + "/notes/2026-11-22-x4k2p.yaml"}, false, false},
		{"edit", caseID, "", []string{caseID}, []string{"cases/" + caseID + "/people.yaml", "cases/" + caseID + "/intake.yaml"}, true, false},
		{"edit", "", "", []string{caseID, "2026-11-23-abcde"}, []string{"cases/" + caseID + "/people.yaml", "cases/2026-11-23-abcde/people.yaml", "README.md"}, true, false},
		{"merge", "", "", []string{}, []string{}, false, true},
		{"agencies", "", "fsl-paris", []string{}, []string{"agencies/fsl-paris.yaml"}, false, false},
		{"init", "", "", []string{}, []string{"casework.yaml", ".gitignore"}, false, false},
		{"edit", "", "", []string{}, []string{"casework.yaml"}, true, false}, // only a root commit is casework init's
		{"edit", caseID, "", []string{caseID}, []string{"cases/" + caseID + "/plan.yaml"}, true, false},
	}
	if len(got) != len(want) {
		t.Fatalf("Records: %d records, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		v := view{g.Action, g.Case, g.Agency, g.Cases, g.Entries, g.HandEdit, g.Merge}
		if !reflect.DeepEqual(v, w) {
			t.Errorf("record %d (%s):\n got %+v\nwant %+v", i, g.Subject, v, w)
		}
		if g.Short != g.Commit[:12] || g.Date != "2026-11-22T10:00:00+01:00" || g.Author != "A. Martin" || g.Email != "a.martin@example.org" {
			t.Errorf("record %d: commit, date or author not carried: %+v", i, g)
		}
	}

	rows := [][]string{Row(got[0]), Row(got[1]), Row(got[2]), Row(got[3]), Row(got[4])}
	wantRows := [][]string{
		{"2026-11-22T10:00:00+01:00", "A. Martin", "note", caseID, "notes/2026-11-22-x4k2p.yaml", "aaaaaaaaaaaa"},
		{"2026-11-22T10:00:00+01:00", "A. Martin", "edit (by hand)", caseID, "people.yaml, intake.yaml", "bbbbbbbbbbbb"},
		{"2026-11-22T10:00:00+01:00", "A. Martin", "edit (by hand)", caseID + " 2026-11-23-abcde",
			"cases/" + caseID + "/people.yaml, cases/2026-11-23-abcde/people.yaml, README.md", "cccccccccccc"},
		{"2026-11-22T10:00:00+01:00", "A. Martin", "merge", "", "", "dddddddddddd"},
		{"2026-11-22T10:00:00+01:00", "A. Martin", "agencies", "agency fsl-paris", "agencies/fsl-paris.yaml", "eeeeeeeeeeee"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("Row:\n got %q\nwant %q", rows, wantRows)
	}
}

func TestFilter(t *testing.T) {
	rec := Record{Date: "2026-11-20T23:30:00-05:00", Author: "Bintou Diallo", Email: "B.Diallo@Example.org", Action: "edit", HandEdit: true}
	for _, c := range []struct {
		f    Filter
		keep bool
	}{
		{Filter{}, true},
		{Filter{Since: dates.MustParse("2026-11-20")}, true}, // the author's own date, not UTC's 21st
		{Filter{Since: dates.MustParse("2026-11-21")}, false},
		{Filter{Author: "diallo"}, true},
		{Filter{Author: " BINTOU "}, true},
		{Filter{Author: "b.diallo@example"}, true},
		{Filter{Author: "martin"}, false},
		{Filter{Action: "edit"}, true},
		{Filter{Action: "EDIT"}, true},
		{Filter{Action: "edit (by hand)"}, true},
		{Filter{Action: "note"}, false},
		{Filter{Action: "edit", Author: "martin"}, false},
	} {
		if got := c.f.Keep(rec); got != c.keep {
			t.Errorf("%+v.Keep = %v, want %v", c.f, got, c.keep)
		}
	}
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"k7f3m", "--since", "-2w", "--author", "martin", "--action", "edit", "-o", "json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Case != "k7f3m" || got.Since != "-2w" || got.Author != "martin" || got.Action != "edit" || got.Format != "json" {
		t.Errorf("options = %+v", got)
	}
	cmd = NewCmd(e.F, func(o *Options) error { return nil })
	cmd.SetArgs([]string{"-o", "yaml"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), `unknown output format "yaml"`) {
		t.Errorf("-o yaml: %v", err)
	}
	cmd = NewCmd(e.F, func(o *Options) error { return nil })
	cmd.SetArgs([]string{"a", "b"})
	if err := cmd.Execute(); err == nil {
		t.Error("two cases were accepted")
	}
}

func TestRunOutsideGit(t *testing.T) {
	if !gitx.Available() {
		t.Skip("git is not installed")
	}
	e := cmdtest.New(t, "")
	if gitx.IsRepo(e.Repo.Root) {
		t.Skip("the temporary folder is inside a git repository")
	}
	err := run(&Options{F: e.F, Format: "tsv"})
	if err == nil || !strings.Contains(err.Error(), "needs git") {
		t.Errorf("run outside git = %v; want an error saying the history needs git", err)
	}
	if e.Out.Len() > 0 {
		t.Errorf("stdout: %q", e.Out)
	}
}

func TestRun(t *testing.T) {
	if !gitx.Available() {
		t.Skip("git is not installed")
	}
	e := cmdtest.New(t, "")
	root := e.Repo.Root
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(root, ".none"))
	t.Setenv("GIT_AUTHOR_NAME", "A. Martin")
	t.Setenv("GIT_AUTHOR_EMAIL", "a.martin@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "A. Martin")
	t.Setenv("GIT_COMMITTER_EMAIL", "a.martin@example.org")
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2026-11-01T09:00:00+00:00", "init", "-q")
	// An empty history is no error.
	if err := run(&Options{F: e.F, Format: "tsv"}); err != nil {
		t.Fatalf("log of a repository without commits: %v", err)
	}
	if e.Out.String() != "DATE\tAUTHOR\tACTION\tCASE\tENTRY\tCOMMIT\n" {
		t.Errorf("log of a repository without commits: %q", e.Out)
	}
	dir := filepath.Join(root, "cases", caseID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "intake.yaml"), []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	git("2026-11-02T09:00:00+00:00", "add", "-A")
	git("2026-11-02T09:00:00+00:00", "commit", "-q", "-m", "open "+caseID+"\n\nCase-Id: "+caseID+"\nAction: open\nEntry: cases/"+caseID+"/intake.yaml\n")

	e.Out.Reset()
	if err := run(&Options{F: e.F, Case: "k7f", Format: "json"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"action": "open"`, `"case": "` + caseID + `"`, `"hand_edit": false`, `"date": "2026-11-02T09:00:00+00:00"`} {
		if !strings.Contains(e.Out.String(), want) {
			t.Errorf("json lacks %s:\n%s", want, e.Out)
		}
	}
	// A case folder that is gone still has its history when named in full.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	e.Out.Reset()
	if err := run(&Options{F: e.F, Case: caseID, Format: "tsv"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "\topen\t"+caseID+"\tintake.yaml\t") {
		t.Errorf("history of a removed case:\n%s", e.Out)
	}
}
