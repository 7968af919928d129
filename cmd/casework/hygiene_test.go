package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// hygiene DIR CANARY... checks a case repository's storage hygiene (issue #7, part 6):
//   - every file is 0600 and every folder 0700 (git's own .git folder aside);
//   - no file or folder name, now or anywhere in git history, holds a canary (a name or other
//     identifying word the script put in the records);
//   - no commit message (subject, body or trailer) holds a canary;
//   - no purge record (purged/) holds a canary;
//   - no temporary file is left: nothing hidden but .git, .gitignore and .casework, and no
//     leftover editing session under .casework/edit.
//
// Canaries are compared in lower case.
func cmdHygiene(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: hygiene DIR CANARY...")
	}
	root := ts.MkAbs(args[0])
	var canaries []string
	for _, c := range args[1:] {
		canaries = append(canaries, strings.ToLower(c))
	}
	holds := func(s string) string {
		s = strings.ToLower(s)
		for _, c := range canaries {
			if strings.Contains(s, c) {
				return c
			}
		}
		return ""
	}
	var problems []string
	fail := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	checked := 0
	ts.Check(filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() && name == ".git" {
			return filepath.SkipDir
		}
		if c := holds(rel); c != "" && rel != "." {
			fail("%s: the name holds %q", rel, c)
		}
		if rel != "." && strings.HasPrefix(name, ".") && name != ".gitignore" && name != ".casework" && name != ".gitkeep" {
			fail("%s: a hidden file or folder: a temporary file left behind?", rel)
		}
		if d.IsDir() && rel == ".casework/edit" {
			if ents, _ := os.ReadDir(p); len(ents) > 0 {
				fail("%s: an editing session was left behind (%s)", rel, ents[0].Name())
			}
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if rel != "." && fi.Mode().Perm() != want {
			fail("%s: mode %04o, want %04o", rel, fi.Mode().Perm(), want)
		}
		if !d.IsDir() && strings.HasPrefix(rel, "purged/") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if c := holds(string(data)); c != "" {
				fail("%s: a purge record holds %q", rel, c)
			}
		}
		checked++
		return nil
	}))
	if _, err := os.Stat(filepath.Join(root, ".git")); err == nil {
		for _, q := range [][]string{
			{"log", "--all", "--format=%B"},              // subjects, bodies, trailers
			{"log", "--all", "--format=", "--name-only"}, // every path ever committed
			{"log", "--all", "--format=%an %ae %cn %ce"}, // authors and committers
		} {
			cmd := exec.Command("git", append([]string{"-C", root}, q...)...)
			out, err := cmd.Output()
			ts.Check(err)
			for _, line := range strings.Split(string(out), "\n") {
				if c := holds(line); c != "" {
					fail("git %s: %q holds %q", strings.Join(q, " "), line, c)
				}
			}
		}
	}
	if checked < 2 {
		fail("nothing checked under %s", root)
	}
	if len(problems) > 0 {
		ts.Fatalf("storage hygiene:\n  %s", strings.Join(problems, "\n  "))
	}
	ts.Logf("hygiene: %d files and folders checked", checked)
}
