package main

// Hostile and broken input: ids and references that climb out of the repository, symbolic
// links, pipes, YAML bombs, huge files, bytes that are not text, impossible dates, template and
// Markdown syntax and terminal escape sequences in names and notes, broken configurations and
// repositories. Each case asserts the exit code, what is said (the file and line where there is
// one), that casework never panics nor hangs, and that nothing outside the repository changed.

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/casework/casework/pkg/repo"
)

// hostileEnv is one case's world: root/repo (a copy of a repository with one case, one note
// and a plan), root/outside (files casework must never touch nor show), root/home.
type hostileEnv struct {
	t                      *testing.T
	bin                    string
	root, repo, out, home  string
	env                    map[string]string
	vars                   map[string]string // $CASE, $NOTE, $ROOT, $OUT, and what setups add
	caseDir, notesDir, cid string
}

// cw runs casework in the repository as part of a setup; it must succeed.
func (h *hostileEnv) cw(args ...string) string {
	h.t.Helper()
	return mustCasework(h.t, h.bin, h.repo, h.env, args...)
}

// write writes a file of the repository (a slash path), making its folder.
func (h *hostileEnv) write(rel string, data string) {
	h.t.Helper()
	p := filepath.Join(h.repo, filepath.FromSlash(h.expand(rel)))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// read reads a file of the repository.
func (h *hostileEnv) read(rel string) string {
	h.t.Helper()
	data, err := os.ReadFile(filepath.Join(h.repo, filepath.FromSlash(h.expand(rel))))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(data)
}

// link makes the repository path rel a symbolic link to target.
func (h *hostileEnv) link(target, rel string) {
	h.t.Helper()
	p := filepath.Join(h.repo, filepath.FromSlash(h.expand(rel)))
	if err := os.RemoveAll(p); err != nil {
		h.t.Fatal(err)
	}
	if err := os.Symlink(h.expand(target), p); err != nil {
		h.t.Fatal(err)
	}
}

// move moves a repository path outside it (to root/outside/name).
func (h *hostileEnv) move(rel, name string) {
	h.t.Helper()
	if err := os.Rename(filepath.Join(h.repo, filepath.FromSlash(h.expand(rel))), filepath.Join(h.out, name)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *hostileEnv) expand(s string) string { return h.replace(s, func(v string) string { return v }) }

// expandPattern expands $VARS in a regular expression, quoting their values.
func (h *hostileEnv) expandPattern(s string) string { return h.replace(s, regexp.QuoteMeta) }

func (h *hostileEnv) replace(s string, quote func(string) string) string {
	names := make([]string, 0, len(h.vars))
	for k := range h.vars {
		names = append(names, k)
	}
	// The longest name first: $CASEDIR is not $CASE followed by DIR.
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, k := range names {
		s = strings.ReplaceAll(s, "$"+k, quote(h.vars[k]))
	}
	return s
}

// noteHeader is a valid note file's start, without its sections.
const noteHeader = `schema_version: 1
recorded_at: 2026-11-23T10:00:00Z
recorded_by: a.martin
kind: contact
format: narrative
contact:
  at: 2026-11-23T09:30:00Z
  outcome: completed
`

type hostileCase struct {
	name  string
	setup func(h *hostileEnv)
	dir   string // where casework runs, from the root: default the repository
	args  []string
	stdin string
	env   map[string]string
	code  int
	// out are regular expressions the output (stdout and stderr) must match; $VARS are expanded.
	out []string
	// not are strings the output must not hold (a secret outside the repository, raw escapes).
	not []string
	// same: the command leaves the repository's records exactly as they were.
	same bool
	// maxDur bounds how long the command may take (default 10s).
	maxDur time.Duration
	// creates is a folder of the root the command may create (outside the repository).
	creates string
	// after checks more, once the command has run.
	after func(h *hostileEnv, r cwResult)
}

const secret = "SECRET-OUTSIDE-THE-REPOSITORY"

// rawControls are bytes that must never reach a terminal raw.
var rawControls = []string{"\x1b", "\u009b", "\x00", "\a"}

func TestHostileInput(t *testing.T) {
	t.Parallel()
	bin := caseworkBinary(t)
	base := t.TempDir()
	baseEnv := cwEnv(filepath.Join(base, "home"))
	mustCasework(t, bin, base, baseEnv, "init", "repo", "--agency", "Service social Furong", "--area", "furong", "--no-git")
	baseRepo := filepath.Join(base, "repo")
	caseID := mustCasework(t, bin, baseRepo, baseEnv, "open", "--client", "Awa Diallo", "--birth-date", "1961-04-02",
		"--source", "self", "--engagement", "voluntary", "--request", "Loyer impayé depuis 3 mois", "--priority", "urgent",
		"--area", "furong", "--decision", "accept", "--received", "2026-11-20")
	noteID := mustCasework(t, bin, baseRepo, baseEnv, "note", caseID, "-m", "First home visit")
	mustCasework(t, bin, baseRepo, baseEnv, "plan", "goal", "add", caseID, "--statement", "Awa pays her rent in full each month",
		"--target-date", "2027-06-30")

	long := strings.Repeat("k7f3m", 20000) // 100,000 characters
	aliasBomb := noteHeader + "sections:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"} {
		aliasBomb += fmt.Sprintf("  %s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = n
	}
	aliasBomb += "  text: *m\n"
	ansiName := "Evil\x1b[31mRED\x1b[0m\x1b]0;pwned\a\u009b2J Name"
	tableName := "Rosa | Ortega\n| --- | --- |\nline two"

	cases := []hostileCase{
		// Case ids and references that leave the repository.
		{name: "case id with ../", args: []string{"note", "../outside", "-m", "x"}, code: 1,
			out: []string{`casework: error: no case matches "\.\./outside"`}, same: true},
		{name: "case id as an absolute path", args: []string{"show", "$OUT/secret.yaml"}, code: 1,
			out: []string{`no case matches ".*secret\.yaml"`}, not: []string{secret}},
		{name: "case id of 100,000 characters", args: []string{"show", long}, code: 1,
			out: []string{`no case matches "(k7f3m)+"`}},
		{name: "empty case id", args: []string{"note", "", "-m", "x"}, code: 1,
			out: []string{`no case matches ""`}, same: true},
		{name: "note reference with ../", args: []string{"note", "$CASE", "--show", "../../../outside/secret"}, code: 2,
			out: []string{`--show "\.\./\.\./\.\./outside/secret": case $CASE has no such note`}, not: []string{secret}},
		{name: "amended note as an absolute path", args: []string{"note", "$CASE", "--amend", "$OUT/secret.yaml", "--reason", "r", "-m", "x"}, code: 2,
			out: []string{`--amend ".*secret\.yaml": case $CASE has no such note`}, not: []string{secret}, same: true},
		{name: "participant with ../", args: []string{"note", "$CASE", "--participant", "../../P-1", "-m", "x"}, code: 2,
			out: []string{`--participant \.\./\.\./P-1 is not in the people registry`}, same: true},
		{name: "agency id with ../", args: []string{"agencies", "add", "../../outside/evil", "--name", "Evil"}, code: 2,
			out: []string{`agency id "\.\./\.\./outside/evil" is not a lowercase slug`}, same: true},
		{name: "--repo outside the repository", args: []string{"--repo", "../outside", "list"}, code: 3,
			out: []string{`outside is not a case repository \(no casework\.yaml\)`, `casework: hint: run casework init DIR`}},
		{name: "--repo of 5,000 characters", args: []string{"--repo", "/tmp/" + strings.Repeat("a", 5000), "list"}, code: 3,
			out: []string{`casework: hint: run casework init DIR`}},
		{name: "no repository", dir: "outside", args: []string{"list"}, code: 3,
			out: []string{`no case repository \(casework\.yaml\) in .*outside or any folder above it`}},
		{name: "--from /dev/zero", args: []string{"open", "--from", "/dev/zero"}, code: 1,
			out: []string{`/dev/zero is larger than 1024 KiB: a form is a few kilobytes; nothing was written`}, same: true},
		{name: "NUL byte in a form", setup: func(h *hostileEnv) {
			if err := os.WriteFile(filepath.Join(h.root, "form.yaml"), []byte("client:\n  name: Awa Diallo\n  phone: \"01 99\x00 00\"\n"), 0o600); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"open", "--from", "../form.yaml"}, code: 1,
			out: []string{`\.\./form\.yaml:3:\d+: control character U\+0000 in the text`}, same: true},
		{name: "NUL byte and escapes in a note's text", args: []string{"note", "$CASE", "--format", "narrative"},
			stdin: "hello\x00world \x1b[31mred\x1b[0m\n", code: 0, out: []string{`(?m)^\d{4}-\d{2}-\d{2}-\w+$`},
			after: func(h *hostileEnv, r cwResult) {
				id := strings.TrimSpace(r.stdout)
				for _, args := range [][]string{{"note", h.vars["CASE"], "--show", id}, {"show", h.vars["CASE"]}} {
					out := h.cw(args...)
					if !strings.Contains(out, "hello^@world ^[[31mred^[[0m") {
						h.t.Errorf("casework %s: the note's text is not shown with its control characters visible:\n%s", args[0], out)
					}
					assertNoRaw(h.t, out)
				}
			}},

		// Symbolic links inside the repository that point outside it.
		{name: "note file linked outside", setup: func(h *hostileEnv) {
			h.link("$OUT/secret.yaml", "$NOTES/2026-11-23-aaaaaa.yaml")
		}, args: []string{"check"}, code: 1,
			out: []string{`(?m)^cases/$CASE/notes/2026-11-23-aaaaaa\.yaml: a symbolic link, which casework does not follow \(it may point outside the repository\): replace the link with the file itself$`},
			not: []string{secret}},
		{name: "note file linked outside, then a note", setup: func(h *hostileEnv) {
			h.link("$OUT/secret.yaml", "$NOTES/2026-11-23-aaaaaa.yaml")
		}, args: []string{"note", "$CASE", "-m", "x"}, code: 1,
			out: []string{`case $CASE has problems in its files`, `symbolic link`}, not: []string{secret}, same: true},
		{name: "notes folder linked outside", setup: func(h *hostileEnv) {
			h.move("$NOTES", "moved-notes")
			h.link("$OUT/notes", "$NOTES")
		}, args: []string{"note", "$CASE", "-m", "Where does this go?"}, code: 1,
			out: []string{`casework: error: nothing was written: cases/$CASE/notes is a symbolic link`}, same: true},
		{name: "case folder linked outside", setup: func(h *hostileEnv) {
			if err := copyTree(filepath.Join(h.repo, filepath.FromSlash(h.vars["CASEDIR"])), filepath.Join(h.out, "case")); err != nil {
				h.t.Fatal(err)
			}
			h.link("$OUT/case", "cases/2026-11-23-zzzzzz")
		}, args: []string{"note", "2026-11-23-zzzzzz", "-m", "x"}, code: 1,
			out: []string{`no case matches "2026-11-23-zzzzzz"`}, same: true},
		{name: "cases folder linked outside", setup: func(h *hostileEnv) {
			h.move("cases", "cases")
			h.link("$OUT/cases", "cases")
		}, args: []string{"open", "--client", "Rosa Ortega", "--source", "self", "--engagement", "voluntary", "--request", "Aide",
			"--priority", "routine", "--area", "furong"}, code: 1,
			out: []string{`nothing was written: cases is a symbolic link`}, same: true},
		{name: "plan linked outside", setup: func(h *hostileEnv) {
			h.move("$CASEDIR/plan.yaml", "plan.yaml")
			h.link("$OUT/plan.yaml", "$CASEDIR/plan.yaml")
		}, args: []string{"plan", "goal", "add", "$CASE", "--statement", "Awa keeps her flat", "--target-date", "2027-06-30"}, code: 1,
			out: []string{`cases/$CASE/plan\.yaml: a symbolic link, which casework does not follow`}, same: true},
		{name: "lock file linked outside", setup: func(h *hostileEnv) {
			if err := os.WriteFile(filepath.Join(h.out, "precious.txt"), []byte("precious\n"), 0o600); err != nil {
				h.t.Fatal(err)
			}
			h.link("$OUT/precious.txt", repo.LockFile)
		}, args: []string{"note", "$CASE", "-m", "x"}, code: 1,
			out: []string{`\.casework/lock is a symbolic link`}, same: true},
		{name: "partner directory linked outside", setup: func(h *hostileEnv) {
			if err := os.Mkdir(filepath.Join(h.out, "agencies"), 0o700); err != nil {
				h.t.Fatal(err)
			}
			h.link("$OUT/agencies", repo.PartnersDir)
		}, args: []string{"agencies", "add", "ccas-furong", "--name", "CCAS de Furong"}, code: 1,
			out: []string{`nothing was written: agencies is a symbolic link`}, same: true},
		{name: "named pipe as a note", setup: func(h *hostileEnv) {
			if runtime.GOOS == "windows" {
				h.t.Skip("no named pipes")
			}
			if err := syscall.Mkfifo(filepath.Join(h.repo, filepath.FromSlash(h.vars["NOTES"]), "2026-11-23-ffffff.yaml"), 0o600); err != nil {
				h.t.Skipf("mkfifo: %v", err)
			}
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/notes/2026-11-23-ffffff\.yaml: not a plain file \(p---------\)`}},

		// Broken and hostile YAML.
		{name: "YAML alias bomb", setup: func(h *hostileEnv) {
			h.write("$NOTES/2026-11-23-bbbbbb.yaml", aliasBomb)
		}, args: []string{"check"}, code: 1,
			maxDur: 5 * time.Second,
			out:    []string{`cases/$CASE/notes/2026-11-23-bbbbbb\.yaml:23:9: sections\.text: aliases \(\*name\) are not allowed in case files; write the value out`}},
		{name: "deeply nested document", setup: func(h *hostileEnv) {
			h.write("$NOTES/2026-11-23-dddddd.yaml", noteHeader+"sections: "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n")
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/notes/2026-11-23-dddddd\.yaml:9:\d+: not valid YAML: exceeded max depth`}},
		{name: "50 MB note file", setup: func(h *hostileEnv) {
			p := filepath.Join(h.repo, filepath.FromSlash(h.vars["NOTES"]), "2026-11-23-hhhhhh.yaml")
			if err := os.WriteFile(p, []byte(noteHeader+"sections:\n  text: |\n    "), 0o600); err != nil {
				h.t.Fatal(err)
			}
			if err := os.Truncate(p, 50<<20); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/notes/2026-11-23-hhhhhh\.yaml: the file is 50\.0 MB, over the 10 MB casework reads`}},
		{name: "50 MB note file, then a note", setup: func(h *hostileEnv) {
			p := filepath.Join(h.repo, filepath.FromSlash(h.vars["NOTES"]), "2026-11-23-hhhhhh.yaml")
			if err := os.WriteFile(p, nil, 0o600); err != nil {
				h.t.Fatal(err)
			}
			if err := os.Truncate(p, 50<<20); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"note", "$CASE", "-m", "x"}, code: 1,
			out: []string{`case $CASE has problems in its files`, `2026-11-23-hhhhhh\.yaml: the file is 50\.0 MB`}, same: true},
		{name: "invalid UTF-8", setup: func(h *hostileEnv) {
			h.write("$NOTES/2026-11-23-cccccc.yaml", noteHeader+"sections:\n  text: Visite \xe0 domicile\n")
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/notes/2026-11-23-cccccc\.yaml:10:16: not UTF-8 text \(byte 0xE0\): save the file as UTF-8`}},
		{name: "NUL byte in a file", setup: func(h *hostileEnv) {
			h.write("$CASEDIR/intake.yaml", strings.Replace(h.read("$CASEDIR/intake.yaml"), "request: ", "request: \x00", 1))
		}, args: []string{"show", "$CASE"}, code: 1,
			out: []string{`cases/$CASE/intake\.yaml:\d+:10: control character U\+0000 in the text`}},
		{name: "duplicate keys", setup: func(h *hostileEnv) {
			h.write("$CASEDIR/intake.yaml", h.read("$CASEDIR/intake.yaml")+"priority: routine\n")
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/intake\.yaml:\d+:1: field "priority" is given twice`}},
		{name: "wrong types", setup: func(h *hostileEnv) {
			h.write("$NOTES/2026-11-23-eeeeee.yaml", noteHeader+"  minutes: lots\nsections: [a, b]\n")
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/notes/2026-11-23-eeeeee\.yaml:9:12: contact\.minutes: expected a whole number, found "lots"`,
				`cases/$CASE/notes/2026-11-23-eeeeee\.yaml:10:11: sections: expected a mapping`}},
		{name: "merge-conflict markers", setup: func(h *hostileEnv) {
			plan := h.read("$CASEDIR/plan.yaml")
			h.write("$CASEDIR/plan.yaml", strings.Replace(plan, "goals:\n", "<<<<<<< HEAD\ngoals:\n=======\ngoals:\n>>>>>>> origin/main\n", 1))
		}, args: []string{"plan", "goal", "add", "$CASE", "--statement", "Awa keeps her flat", "--target-date", "2027-06-30"}, code: 1,
			out: []string{`cases/$CASE/plan\.yaml:\d+:1: git conflict marker: resolve the conflict`}, same: true},
		{name: "impossible date in a file", setup: func(h *hostileEnv) {
			h.write("$CASEDIR/intake.yaml", strings.Replace(h.read("$CASEDIR/intake.yaml"), "received_on: 2026-11-20", "received_on: 2026-02-30", 1))
		}, args: []string{"check"}, code: 1,
			out: []string{`cases/$CASE/intake\.yaml:\d+:\d+: received_on: .*February 2026 has 28 days`}},
		{name: "impossible date on the command line", args: []string{"note", "$CASE", "-m", "x", "--at", "2026-02-30"}, code: 2,
			out: []string{`--at: invalid date "2026-02-30": February 2026 has 28 days`}, same: true},
		{name: "impossible date in the environment", env: map[string]string{"CASEWORK_TODAY": "2026-02-30"}, args: []string{"list"}, code: 2,
			out: []string{`CASEWORK_TODAY: invalid date "2026-02-30": February 2026 has 28 days`}},
		{name: "schema version from the future", setup: func(h *hostileEnv) {
			h.write("$NOTES/2026-11-23-ffffff.yaml", strings.Replace(noteHeader, "schema_version: 1", "schema_version: 99", 1)+"sections:\n  text: x\n")
		}, args: []string{"check"}, code: 1,
			out: []string{`2026-11-23-ffffff\.yaml:1:17: schema_version 99 is not one this casework reads \(1 to \d+\): upgrade casework`}},

		// Template syntax, Markdown table breakers and escape sequences in names and notes.
		{name: "template syntax in names", setup: func(h *hostileEnv) {
			h.vars["NEW"] = h.cw("open", "--client", `{{.People}} {{template "x"}}`, "--source", "self", "--engagement", "voluntary",
				"--request", `{{range .}}{{end}} {{printf "%s" 1}}`, "--priority", "routine", "--area", "furong", "--decision", "accept")
		}, args: []string{"show", "$NEW"}, code: 0,
			out: []string{`\*\*\{\{\.People\}\} \{\{template "x"\}\}\*\*`, `\{\{range \.\}\}\{\{end\}\} \{\{printf "%s" 1\}\}`}},
		{name: "template syntax in names, custom template", setup: func(h *hostileEnv) {
			h.vars["NEW"] = h.cw("open", "--client", `{{.People}}`, "--source", "self", "--engagement", "voluntary",
				"--request", "Aide", "--priority", "routine", "--area", "furong")
			if err := os.WriteFile(filepath.Join(h.root, "t.md.tmpl"), []byte("{{range .People}}[{{.Name}}]{{end}}\n"), 0o600); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"report", "$NEW", "--template", "../t.md.tmpl"}, code: 0,
			out: []string{`(?m)^\[\{\{\.People\}\}\]$`}},
		{name: "Markdown table breakers in a name, list", setup: func(h *hostileEnv) {
			h.cw("open", "--client", tableName, "--source", "self", "--engagement", "voluntary", "--request", "Aide",
				"--priority", "routine", "--area", "furong")
		}, args: []string{"list", "--status", "all", "-o", "md"}, code: 0,
			out: []string{`Rosa \\\| Ortega \\\| --- \\\| --- \\\| line two`},
			after: func(h *hostileEnv, r cwResult) {
				lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
				if len(lines) != 4 {
					h.t.Errorf("%d lines for a header, its rule and 2 cases:\n%s", len(lines), r.stdout)
				}
				assertTables(h.t, r.stdout)
			}},
		{name: "Markdown table breakers in names and notes, show", setup: func(h *hostileEnv) {
			h.vars["NEW"] = h.cw("open", "--client", tableName, "--source", "self", "--engagement", "voluntary",
				"--request", "Aide | loyer\n| --- | --- |", "--priority", "routine", "--area", "furong", "--decision", "accept")
			h.cw("note", h.vars["NEW"], "-m", "Visit | home\n| --- | --- |\nend", "--mode", "home_visit")
			h.cw("plan", "goal", "add", h.vars["NEW"], "--statement", "Rosa | pays\n| --- |", "--target-date", "2027-06-30")
		}, args: []string{"show", "$NEW"}, code: 0,
			after: func(h *hostileEnv, r cwResult) { assertTables(h.t, r.stdout) }},
		{name: "ANSI escapes in a name, list", setup: func(h *hostileEnv) {
			h.cw("open", "--client", ansiName, "--source", "self", "--engagement", "voluntary", "--request", "Aide",
				"--priority", "routine", "--area", "furong")
		}, args: []string{"list", "--status", "all"}, code: 0,
			out: []string{`Evil\^\[\[31mRED\^\[\[0m\^\[\]0;pwned\^G\^\[\[2J Name`}, not: rawControls},
		{name: "ANSI escapes in a name, table and Markdown", setup: func(h *hostileEnv) {
			h.cw("open", "--client", ansiName, "--source", "self", "--engagement", "voluntary", "--request", "Aide",
				"--priority", "routine", "--area", "furong")
		}, args: []string{"list", "--status", "all", "-o", "table"}, code: 0,
			out: []string{`Evil\^\[\[31mRED`}, not: rawControls,
			after: func(h *hostileEnv, r cwResult) {
				for _, f := range []string{"md", "csv", "tsv"} {
					assertNoRaw(h.t, h.cw("list", "--status", "all", "-o", f))
				}
			}},
		{name: "ANSI escapes in a name and a request, show", setup: func(h *hostileEnv) {
			h.vars["NEW"] = h.cw("open", "--client", ansiName, "--source", "self", "--engagement", "voluntary", "--request", "Aide \x1b[2J",
				"--priority", "routine", "--area", "furong", "--decision", "accept")
		}, args: []string{"show", "$NEW"}, code: 0,
			out: []string{`Evil\^\[\[31mRED`, `Aide \^\[\[2J`}, not: rawControls},

		// Broken configurations and repositories.
		{name: "config with an unknown key", setup: func(h *hostileEnv) {
			h.write(repo.ConfigFile, h.read(repo.ConfigFile)+"frobnicate: true\n")
		}, args: []string{"note", "$CASE", "-m", "x"}, code: 1,
			out: []string{`casework: error: the configuration has problems; fix them and run the command again:\n  .*/repo/casework\.yaml:\d+:1: unknown field "frobnicate"`}, same: true},
		{name: "config with an unknown key, check", setup: func(h *hostileEnv) {
			h.write(repo.ConfigFile, h.read(repo.ConfigFile)+"frobnicate: true\n")
		}, args: []string{"check"}, code: 1,
			out: []string{`(?m)^casework\.yaml:\d+:1: unknown field "frobnicate"\n    frobnicate: true\n    \^`}},
		{name: "user config with a misspelt key", setup: func(h *hostileEnv) {
			p := filepath.Join(h.home, ".config", "casework", "config.yaml")
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				h.t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("worker:\n  id: a.martin\n  nmae: A. Martin\n"), 0o600); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"list"}, code: 1,
			out: []string{`home/\.config/casework/config\.yaml:3:3: unknown field "worker\.nmae" \(did you mean "name"\?\)`}},
		{name: "empty config", setup: func(h *hostileEnv) { h.write(repo.ConfigFile, "") },
			args: []string{"check"}, code: 1, out: []string{`(?m)^casework\.yaml:1:1: the file is empty`}},
		{name: "empty repository, list", setup: func(h *hostileEnv) {
			if err := os.RemoveAll(filepath.Join(h.repo, repo.CasesDir)); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"list", "--status", "all"}, code: 0, out: []string{`^ID\tSTATUS\tKIND\tCLIENT\t.*\n$`}},
		{name: "empty repository, check", setup: func(h *hostileEnv) {
			if err := os.RemoveAll(filepath.Join(h.repo, repo.CasesDir)); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"check"}, code: 1, out: []string{`(?m)^cases: missing: a case repository keeps its cases in cases/ \(mkdir cases\)$`}},
		{name: "missing people registry", setup: func(h *hostileEnv) {
			if err := os.Remove(filepath.Join(h.repo, filepath.FromSlash(h.vars["CASEDIR"]), "people.yaml")); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"note", "$CASE", "-m", "x"}, code: 1,
			out: []string{`case $CASE has problems in its files:\n  cases/$CASE/people\.yaml: missing: every case folder holds people\.yaml and intake\.yaml`,
				`casework: hint: fix the files named above`}, same: true},
		{name: "missing people registry, list", setup: func(h *hostileEnv) {
			if err := os.Remove(filepath.Join(h.repo, filepath.FromSlash(h.vars["CASEDIR"]), "people.yaml")); err != nil {
				h.t.Fatal(err)
			}
		}, args: []string{"list"}, code: 0,
			out: []string{`(?m)^$CASE\taccepted\t`, `casework: warning: 1 problems in the repository's files`}},
		{name: "lock timeout that is not a duration", env: map[string]string{"CASEWORK_LOCK_TIMEOUT": "forever"},
			args: []string{"note", "$CASE", "-m", "x"}, code: 2,
			out: []string{`CASEWORK_LOCK_TIMEOUT="forever": use a duration such as 5s or 0`}, same: true},
		{name: "entry file name of 240 characters", setup: func(h *hostileEnv) {
			h.write("$NOTES/"+strings.Repeat("b", 235)+".yaml", "x: 1\n")
		}, args: []string{"check"}, code: 0,
			out: []string{`notes/b{235}\.yaml: warning: unexpected file name`}},
		{name: "client name of 100,000 characters", args: []string{"open", "--client", long, "--source", "self", "--engagement", "voluntary",
			"--request", "Aide", "--priority", "routine", "--area", "furong"}, code: 0,
			after: func(h *hostileEnv, r cwResult) {
				out := h.cw("list", "--status", "all")
				if n := len(strings.Split(out, "\n")); n != 3 || !strings.Contains(out, long) {
					h.t.Errorf("list shows %d lines, want a header and 2 cases, one named in full:\n%.300s", n, out)
				}
			}},
		{name: "quotes and YAML in the agency's name", dir: ".", creates: "other",
			args: []string{"init", "other", "--no-git", "--agency", "Evil\" \\ language: xx {{.}}: [", "--area", "furong"}, code: 0,
			after: func(h *hostileEnv, r cwResult) {
				dir := filepath.Join(h.root, "other")
				if got := mustCasework(h.t, h.bin, dir, h.env, "config", "language"); got != "en" {
					h.t.Errorf("the name changed the configuration: language %q", got)
				}
				if r := runCasework(h.t, h.bin, dir, h.env, "", "check"); r.code != 0 {
					h.t.Errorf("the new repository does not check clean:\n%v", r)
				}
			}},
		{name: "line break in the agency's name", dir: ".",
			args: []string{"init", "other", "--no-git", "--agency", "Evil\nlanguage: xx", "--area", "furong"}, code: 2,
			out: []string{`--agency must be one line of text, without line breaks or control characters`},
			after: func(h *hostileEnv, r cwResult) {
				if _, err := os.Stat(filepath.Join(h.root, "other")); err == nil {
					h.t.Error("a refused init made its folder")
				}
			}},
		{name: "line break in a service area", dir: ".",
			args: []string{"init", "other", "--no-git", "--agency", "Eastside", "--area", "furong\n- kaifu"}, code: 2,
			out: []string{`--area "furong\\n- kaifu" must be one line of text`},
			after: func(h *hostileEnv, r cwResult) {
				if _, err := os.Stat(filepath.Join(h.root, "other")); err == nil {
					h.t.Error("a refused init made its folder")
				}
			}},
		{name: "named pipe as the user config", setup: func(h *hostileEnv) {
			p := filepath.Join(h.home, ".config", "casework", "config.yaml")
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				h.t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				h.t.Skipf("mkfifo: %v", err)
			}
		}, args: []string{"list"}, code: 1, maxDur: 5 * time.Second,
			out: []string{`home/\.config/casework/config\.yaml is not a regular file; a configuration file is plain YAML`}},
	}

	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			h := &hostileEnv{t: t, bin: bin, root: root, repo: filepath.Join(root, "repo"), out: filepath.Join(root, "outside"),
				home: filepath.Join(root, "home")}
			if err := copyTree(baseRepo, h.repo); err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{h.out, filepath.Join(h.out, "notes"), h.home} {
				if err := os.MkdirAll(d, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(h.out, "secret.yaml"), []byte("schema_version: 1\nsecret: "+secret+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			h.env = cwEnv(h.home)
			h.vars = map[string]string{"CASE": caseID, "NOTE": noteID, "ROOT": root, "OUT": h.out,
				"CASEDIR": repo.CaseDir(caseID), "NOTES": repo.CaseDir(caseID) + "/notes"}
			if tc.setup != nil {
				tc.setup(h)
			}
			for k, v := range tc.env {
				h.env[k] = v
			}
			outside := treeSnapshot(t, root, "repo", tc.creates)
			records := treeSnapshot(t, h.repo, repo.StateDir)
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = h.expand(a)
			}
			dir := h.repo
			if tc.dir != "" {
				dir = filepath.Join(root, tc.dir)
			}
			r := runCaseworkWithin(t, 20*time.Second, bin, dir, h.env, tc.stdin, args...)
			output := r.stdout + r.stderr
			if r.code != tc.code {
				t.Errorf("exit %d, want %d:\n%v", r.code, tc.code, r)
			}
			if strings.Contains(output, "panic:") || strings.Contains(output, "goroutine ") {
				t.Errorf("casework panicked:\n%v", r)
			}
			if maxDur := cmp.Or(tc.maxDur, 10*time.Second); r.dur > maxDur {
				t.Errorf("casework took %v, more than %v", r.dur, maxDur)
			}
			for _, pat := range tc.out {
				if !regexp.MustCompile(h.expandPattern(pat)).MatchString(output) {
					t.Errorf("the output does not match %q:\n%v", h.expandPattern(pat), r)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(output, s) {
					t.Errorf("the output holds %q:\n%q", s, clipOutput(output))
				}
			}
			if d := diffSnapshots(outside, treeSnapshot(t, root, "repo", tc.creates)); len(d) > 0 {
				t.Errorf("casework changed files outside the repository:\n%s", strings.Join(d, "\n"))
			}
			if tc.same {
				if d := diffSnapshots(records, treeSnapshot(t, h.repo, repo.StateDir)); len(d) > 0 {
					t.Errorf("a failed command changed the repository:\n%s", strings.Join(d, "\n"))
				}
			}
			if tc.after != nil {
				tc.after(h, r)
			}
		})
	}
}

// assertNoRaw fails when control characters reach the output raw.
func assertNoRaw(t *testing.T, out string) {
	t.Helper()
	for _, c := range rawControls {
		if strings.Contains(out, c) {
			t.Errorf("the output holds the raw control character %q:\n%q", c, clipOutput(out))
		}
	}
}

var (
	tableRule = regexp.MustCompile(`^\|(\s*:?-+:?\s*\|)+$`)
	unescaped = regexp.MustCompile(`(^|[^\\])\|`)
)

// assertTables checks every Markdown table of out: its rows have as many cells as its header, and
// no row is cut in two by a line break.
func assertTables(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	cells := func(l string) int { return len(unescaped.FindAllString(l, -1)) }
	tables := 0
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") || !tableRule.MatchString(lines[i+1]) {
			continue
		}
		tables++
		want := cells(lines[i])
		j := i + 1
		for ; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			if !strings.HasSuffix(lines[j], "|") || cells(lines[j]) != want {
				t.Errorf("table row %d has a broken cell (%d separators, want %d): %q", j+1, cells(lines[j]), want, lines[j])
			}
		}
		if j < len(lines) && lines[j] != "" {
			t.Errorf("line %d continues the table above without being a row: %q", j+1, lines[j])
		}
		i = j
	}
	if tables == 0 {
		t.Errorf("no table in the output:\n%s", out)
	}
}
