package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/cli"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as `casework` inside the scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"casework":    func() { os.Exit(cli.Main()) },
		"fake-editor": fakeEditor,
	})
}

// fakeEditor is an editor a script drives: with EDITOR=fake-editor and FAKE_EDITOR_DIR=DIR,
// each time casework opens a file it counts the opening in DIR/.n, appends the file as it was
// shown to DIR/seen-N, then saves DIR/N over it (or leaves it as it was when DIR/N is missing).
func fakeEditor() {
	fail := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "fake-editor: "+format+"\n", args...)
		os.Exit(1)
	}
	dir := os.Getenv("FAKE_EDITOR_DIR")
	if len(os.Args) != 2 || dir == "" {
		fail("usage: FAKE_EDITOR_DIR=DIR fake-editor FILE")
	}
	file := os.Args[1]
	n := 0
	if b, err := os.ReadFile(filepath.Join(dir, ".n")); err == nil {
		if n, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
			fail("%s/.n: %v", dir, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		fail("%v", err)
	}
	n++
	if err := os.WriteFile(filepath.Join(dir, ".n"), []byte(strconv.Itoa(n)+"\n"), 0o600); err != nil {
		fail("%v", err)
	}
	shown, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	seen, err := os.OpenFile(filepath.Join(dir, "seen-"+strconv.Itoa(n)), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		fail("%v", err)
	}
	_, err = seen.Write(shown)
	if cerr := seen.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fail("%v", err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(n)))
	if errors.Is(err, fs.ErrNotExist) {
		os.Exit(0)
	}
	if err != nil {
		fail("%v", err)
	}
	// Written in place, as an editor saving over the file: its mode stays the one casework gave.
	if err := os.WriteFile(file, saved, 0o600); err != nil {
		fail("%v", err)
	}
	os.Exit(0)
}

// TestScripts runs testdata/script/*.txtar: a practitioner at work in a terminal. Run with
// -update to rewrite the golden outputs after a deliberate change.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("CASEWORK_TODAY", "2026-11-23")
			env.Setenv("CASEWORK_LOCK_TIMEOUT", "0")
			env.Setenv("CASEWORK_WORKER_ID", "a.martin")
			env.Setenv("CASEWORK_WORKER_NAME", "A. Martin")
			env.Setenv("TZ", "UTC")
			env.Setenv("NO_COLOR", "1")
			// A race-enabled casework otherwise sleeps a second at every exit.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			// git never reads the machine's identity or config in a test.
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
			env.Setenv("GIT_AUTHOR_NAME", "A. Martin")
			env.Setenv("GIT_AUTHOR_EMAIL", "a.martin@example.org")
			env.Setenv("GIT_COMMITTER_NAME", "A. Martin")
			env.Setenv("GIT_COMMITTER_EMAIL", "a.martin@example.org")
			env.Setenv("SAMPLE_REPO", root)
			return os.MkdirAll(home, 0o700)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sample":     cmdSample,
			"capture":    cmdCapture,
			"mode":       cmdMode,
			"lockrepo":   cmdLockRepo,
			"unlockrepo": cmdUnlockRepo,
			"exitcode":   cmdExitCode,
			"hygiene":    cmdHygiene,
		},
	})
}

// sample DIR copies the bundled sample repository into DIR, so scripts never touch the original.
func cmdSample(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sample DIR")
	}
	src := ts.Getenv("SAMPLE_REPO")
	dst := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dst, 0o700))
	for _, p := range []string{repo.ConfigFile, repo.CasesDir, "instruments", repo.PartnersDir} {
		if _, err := os.Stat(filepath.Join(src, p)); os.IsNotExist(err) {
			continue
		}
		ts.Check(copyTree(filepath.Join(src, p), filepath.Join(dst, p)))
	}
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o600)
	})
}

// capture NAME sets $NAME to the last command's stdout, trimmed: `exec casework open ...` then
// `capture ID` keeps the new case id.
func cmdCapture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: capture NAME")
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
}

// mode PERM PATH... asserts the permission bits of files, e.g. mode 0600 cases/*/intake.yaml.
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: mode PERM PATH...")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	for _, pattern := range args[1:] {
		matches, err := filepath.Glob(ts.MkAbs(pattern))
		ts.Check(err)
		if len(matches) == 0 {
			ts.Fatalf("mode: nothing matches %s", pattern)
		}
		for _, m := range matches {
			fi, err := os.Stat(m)
			ts.Check(err)
			got := uint64(fi.Mode().Perm())
			if (got == want) == neg {
				ts.Fatalf("mode of %s is %04o, want %s%04o", m, got, map[bool]string{true: "not ", false: ""}[neg], want)
			}
		}
	}
}

var held = map[string]*safeio.Lock{}

// lockrepo DIR holds DIR's repository lock, as another casework process writing would.
func cmdLockRepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: lockrepo DIR")
	}
	l, err := safeio.Acquire(filepath.Join(ts.MkAbs(args[0]), filepath.FromSlash(repo.LockFile)), "casework note (a colleague)", time.Second)
	ts.Check(err)
	held[ts.MkAbs(args[0])] = l
	ts.Defer(func() { l.Release() })
}

// unlockrepo DIR releases it.
func cmdUnlockRepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: unlockrepo DIR")
	}
	if l := held[ts.MkAbs(args[0])]; l != nil {
		ts.Check(l.Release())
		delete(held, ts.MkAbs(args[0]))
	}
}

// exitcode N PROG ARGS... runs a program and asserts its exit code; its output becomes stdout
// and stderr for the checks that follow. Scripts use it for the exit codes of casework help
// exit-codes.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	path, err := exec.LookPath(args[1])
	if p := ts.Getenv("PATH"); err != nil || p != "" {
		for _, dir := range filepath.SplitList(p) {
			if fi, e := os.Stat(filepath.Join(dir, args[1])); e == nil && !fi.IsDir() {
				path = filepath.Join(dir, args[1])
				break
			}
		}
	}
	cmd := exec.Command(path, args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = os.Environ()[:0]
	for _, kv := range []string{"HOME", "XDG_CONFIG_HOME", "CASEWORK_TODAY", "CASEWORK_LOCK_TIMEOUT", "CASEWORK_WORKER_ID",
		"CASEWORK_WORKER_NAME", "CASEWORK_REPO", "TZ", "NO_COLOR", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "PATH",
		"CASEWORK_CONFIG", "CASEWORK_GIT_COMMIT", "CASEWORK_LANGUAGE", "GORACE"} {
		cmd.Env = append(cmd.Env, kv+"="+ts.Getenv(kv))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	got := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	ts.Stdout().Write(stdout.Bytes())
	ts.Stderr().Write(stderr.Bytes())
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}
