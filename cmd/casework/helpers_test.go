package main

// Helpers of the crash, concurrency, full-disk and hostile-input tests: they run the real
// casework binary as separate processes (to kill them, to make them race for the lock), each
// with an environment of its own.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// caseworkBinary returns a casework binary built without the race detector: the crash and
// concurrency tests run it some 2,000 times, and a race-enabled binary is five times slower.
// It goes into the folder testscript.Main puts on $PATH, removed when the tests end. Should the
// build fail (no go command), the test binary itself, which runs as casework under that name,
// is used instead.
func caseworkBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		self, err := exec.LookPath("casework")
		if err != nil {
			binErr = fmt.Errorf("casework is not on $PATH (testscript.Main puts it there): %v", err)
			return
		}
		binPath = self
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		out := filepath.Join(filepath.Dir(self), "casework-built")
		cmd := exec.Command(goCmd, "build", "-o", out, "github.com/casework/casework/cmd/casework")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "casework tests: go build failed (%v: %s); running the race-enabled test binary instead\n", err, stderr.String())
			return
		}
		binPath = out
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// cwEnv is the environment of a casework process: nothing of the machine's own but PATH.
func cwEnv(home string) map[string]string {
	env := map[string]string{
		"HOME":                  home,
		"XDG_CONFIG_HOME":       filepath.Join(home, ".config"),
		"PATH":                  os.Getenv("PATH"),
		"CASEWORK_TODAY":        "2026-11-23",
		"CASEWORK_WORKER_ID":    "a.martin",
		"CASEWORK_WORKER_NAME":  "A. Martin",
		"CASEWORK_LOCK_TIMEOUT": "0",
		"CASEWORK_GIT_COMMIT":   "false",
		"TZ":                    "UTC",
		"NO_COLOR":              "1",
		"GORACE":                "atexit_sleep_ms=0",
		"GIT_CONFIG_NOSYSTEM":   "1",
		"GIT_CONFIG_GLOBAL":     filepath.Join(home, ".gitconfig"),
		"GIT_AUTHOR_NAME":       "A. Martin",
		"GIT_AUTHOR_EMAIL":      "a.martin@example.org",
		"GIT_COMMITTER_NAME":    "A. Martin",
		"GIT_COMMITTER_EMAIL":   "a.martin@example.org",
	}
	if v := os.Getenv("TMPDIR"); v != "" {
		env["TMPDIR"] = v
	}
	return env
}

func envList(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// cwResult is how one casework process ended.
type cwResult struct {
	args           []string
	stdout, stderr string
	code           int // -1 when killed by a signal
	dur            time.Duration
}

func (r cwResult) String() string {
	args := strings.Join(r.args, " ")
	if len(args) > 300 {
		args = args[:300] + "…"
	}
	return fmt.Sprintf("casework %s\nexit %d after %v\n--- stdout\n%s--- stderr\n%s", args, r.code, r.dur.Round(time.Millisecond),
		clipOutput(r.stdout), clipOutput(r.stderr))
}

func clipOutput(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…(clipped)\n"
	}
	return s
}

// newCasework prepares a casework process; start it, or run it with runCasework.
func newCasework(bin, dir string, env map[string]string, stdin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = envList(env)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 10 * time.Second
	return cmd, &stdout, &stderr
}

// waitCasework waits for a started process and tells how it ended.
func waitCasework(t testing.TB, cmd *exec.Cmd, stdout, stderr *bytes.Buffer, start time.Time) cwResult {
	err := cmd.Wait()
	r := cwResult{args: cmd.Args[1:], stdout: stdout.String(), stderr: stderr.String(), dur: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode() // -1 when a signal ended it
	default:
		t.Errorf("casework %s: %v", strings.Join(cmd.Args[1:], " "), err)
		r.code = -2
	}
	return r
}

// runCasework runs casework to its end in dir; one that hangs is killed after 3 minutes.
func runCasework(t testing.TB, bin, dir string, env map[string]string, stdin string, args ...string) cwResult {
	t.Helper()
	return runCaseworkWithin(t, 3*time.Minute, bin, dir, env, stdin, args...)
}

// runCaseworkWithin runs casework, killing it if it runs longer than limit: a test of "never
// hangs" fails rather than hangs.
func runCaseworkWithin(t testing.TB, limit time.Duration, bin, dir string, env map[string]string, stdin string, args ...string) cwResult {
	t.Helper()
	cmd, stdout, stderr := newCasework(bin, dir, env, stdin, args...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting casework: %v", err)
	}
	watchdog := time.AfterFunc(limit, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()
	r := waitCasework(t, cmd, stdout, stderr, start)
	if r.dur >= limit {
		t.Errorf("casework %s was still running after %v: killed", strings.Join(args, " "), limit)
	}
	return r
}

// mustCasework runs casework and fails the test unless it exits 0; it returns stdout, trimmed.
func mustCasework(t testing.TB, bin, dir string, env map[string]string, args ...string) string {
	t.Helper()
	r := runCasework(t, bin, dir, env, "", args...)
	if r.code != 0 {
		t.Fatalf("%v", r)
	}
	return strings.TrimSpace(r.stdout)
}

// snapshot describes every file, folder and link under dir: its type and mode, and its
// content's hash or its link target. Two snapshots are equal when nothing under dir changed.
func treeSnapshot(t testing.TB, dir string, skip ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, s := range skip {
			if rel == s {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "link " + target
		case d.IsDir():
			out[rel] = fmt.Sprintf("dir %v", info.Mode())
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			out[rel] = fmt.Sprintf("file %v %d %s", info.Mode(), len(data), hex.EncodeToString(sum[:8]))
		default:
			out[rel] = fmt.Sprintf("special %v", info.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot of %s: %v", dir, err)
	}
	return out
}

// diffSnapshots lists what differs between two snapshots, one line each.
func diffSnapshots(before, after map[string]string) []string {
	var out []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			out = append(out, "removed: "+k)
		} else if w != v {
			out = append(out, fmt.Sprintf("changed: %s (%s -> %s)", k, v, w))
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			out = append(out, "added: "+k+" ("+after[k]+")")
		}
	}
	sort.Strings(out)
	return out
}

// decodeNote reads a note file as casework would and returns its errors, if any.
func decodeNote(path, rel string) (*casefile.Note, []casefile.Problem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	v, _, ps := casefile.Decode(rel, casefile.KindNote, data, casefile.Rules{Config: casefile.DefaultConfig()})
	n, _ := v.(*casefile.Note)
	var errs []casefile.Problem
	for _, p := range ps {
		if !p.Warning {
			errs = append(errs, p)
		}
	}
	return n, errs, nil
}

// checkItem is one problem of casework check -o json.
type checkItem struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

// checkErrors runs casework check -o json in dir and returns the errors it lists, and the
// warnings apart.
func checkErrors(t testing.TB, bin, dir string, env map[string]string) (errs, warnings []checkItem) {
	t.Helper()
	r := runCasework(t, bin, dir, env, "", "check", "-o", "json")
	if r.code != 0 && r.code != 1 {
		t.Fatalf("check: %v", r)
	}
	var items []checkItem
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("check -o json: %v\n%v", err, r)
	}
	for _, it := range items {
		if it.Level == "error" {
			errs = append(errs, it)
		} else {
			warnings = append(warnings, it)
		}
	}
	if (len(errs) > 0) != (r.code == 1) {
		t.Errorf("check exited %d with %d errors", r.code, len(errs))
	}
	return errs, warnings
}
