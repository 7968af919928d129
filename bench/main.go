// Command bench is casework's benchmark driver (`make bench`, or `go run ./bench`): it builds
// casework once, generates synthetic repositories of 100, 1,000 and 10,000 cases (50,000 with
// BENCH_LARGE=1) with cmd/casework-gen, and measures, each several times in a child process
// taking the median, the wall time and peak memory (the child's maximum resident set size) of
// casework's review, list, check, show, note and open, each beside its floor measured in the
// same run on the same files: for review, list, check and show the decode-only baseline of
// bench/floor; for note and open the naive `git add FILE && git commit` of files of the same
// size in the same repository. It prints one Markdown table, then the generation times and
// the machine. See bench/README.md.
//
// Environment: BENCH_LARGE=1 adds 50,000 cases; BENCH_REPS (default 5) sets the runs per
// measurement (3 for anything slower than 5 s); BENCH_DIR is where the temporary repositories
// go (default the system's temporary folder); BENCH_PROFILE=1 also profiles review on the
// largest repository (CPU and allocations) and prints the top functions.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// today pins the clock of every command (CASEWORK_TODAY) and the generator's -today.
const today = "2026-11-23"

type bench struct {
	root    string // the module
	tmp     string
	bin     string
	env     []string
	reps    int
	out     io.Writer // progress
	rows    []row
	gens    []genRow
	profile bool
	big     int    // the largest N, profiled
	built   string // the commit casework was built from
	load    string // the machine's load averages
}

// sample is one run of a child process (or of two, for the naive git baseline).
type sample struct {
	wall time.Duration
	rss  int64         // KB
	cpu  time.Duration // user + system, of the process and the children it waited for
}

// stat is the median of several runs.
type stat struct {
	wall time.Duration
	mb   float64
	runs int
	fail string // why the measurement failed, if it did: the table says so and goes on
}

func (s stat) ok() bool { return s.fail == "" }

type row struct {
	cmd, n      string
	m           stat
	floor       *stat
	target, met string
	perCase     bool // a cost per closed case: no memory figure
	floorName   string
}

type genRow struct {
	n, open, files   int
	bytes            int64
	write, git, wall time.Duration
}

func main() {
	var (
		out     = flag.String("o", "", "also write the results, in Markdown, to `FILE`")
		sizes   = flag.String("sizes", "", "comma-separated case counts (default 100,1000,10000; BENCH_LARGE=1 adds 50000)")
		keep    = flag.Bool("keep", false, "keep the temporary repositories")
		sample  = flag.Bool("sample", true, "also measure the bundled sample repository")
		profile = flag.Bool("profile", os.Getenv("BENCH_PROFILE") == "1", "profile review on the largest repository")
	)
	flag.Parse()
	ns := []int{100, 1000, 10000}
	if os.Getenv("BENCH_LARGE") == "1" {
		ns = append(ns, 50000)
	}
	if *sizes != "" {
		ns = nil
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 {
				fatal(fmt.Errorf("-sizes: %q is not a case count", s))
			}
			ns = append(ns, n)
		}
	}
	reps := 5
	if v := os.Getenv("BENCH_REPS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fatal(fmt.Errorf("BENCH_REPS=%q: give a number of runs", v))
		}
		reps = n
	}
	root, err := moduleRoot()
	if err != nil {
		fatal(err)
	}
	tmp, err := os.MkdirTemp(os.Getenv("BENCH_DIR"), "casework-bench-")
	if err != nil {
		fatal(err)
	}
	b := &bench{root: root, tmp: tmp, bin: filepath.Join(tmp, "bin"), reps: reps, out: os.Stderr, profile: *profile}
	if !*keep {
		defer func() {
			fmt.Fprintf(b.out, "removing %s\n", tmp)
			os.RemoveAll(tmp)
		}()
	} else {
		defer fmt.Fprintf(b.out, "kept %s\n", tmp)
	}
	started := time.Now()
	b.load = loadavg()
	if err := b.setup(); err != nil {
		fatal(err)
	}
	if *sample {
		if err := b.sampleRepo(); err != nil {
			fatal(err)
		}
	}
	small := 0.0 // note on the smallest repository of 100 cases, for the note target
	for _, n := range ns {
		b.big = max(b.big, n)
		if err := b.generated(n, &small); err != nil {
			fatal(err)
		}
	}
	if b.profile {
		if err := b.profileReview(); err != nil {
			fmt.Fprintf(b.out, "profile: %v\n", err)
		}
	}
	b.load += " at the start, " + loadavg() + " at the end"
	report := b.report(time.Since(started))
	fmt.Print(report)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
			fatal(err)
		}
		fmt.Fprintf(b.out, "wrote %s\n", *out)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(data, []byte("module github.com/casework/casework")) {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("run from inside the casework module")
		}
		dir = filepath.Dir(dir)
	}
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.out, "[bench] "+format+"\n", args...)
}

// setup builds the binaries and the environment every child runs in: the clock pinned, the
// practitioner's identity given, no user configuration, no global or system git configuration.
func (b *bench) setup() error {
	builds := [][2]string{{"casework", "./cmd/casework"}, {"casework-gen", "./cmd/casework-gen"}, {"floor", "./bench/floor"}}
	if b.profile {
		builds = append(builds, [2]string{"casework-prof", "./bench/prof"})
	}
	for _, x := range builds {
		b.logf("go build -o %s %s", filepath.Join(b.bin, x[0]), x[1])
		cmd := exec.Command("go", "build", "-o", filepath.Join(b.bin, x[0]), x[1])
		cmd.Dir = b.root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", x[1], err, out)
		}
	}
	if out, err := exec.Command("git", "-C", b.root, "log", "-1", "--format=%h (%cd)", "--date=format:%Y-%m-%d %H:%M").Output(); err == nil {
		b.built = strings.TrimSpace(string(out))
		if out, err := exec.Command("git", "-C", b.root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
			b.built += " with uncommitted changes"
		}
	}
	gitconfig := filepath.Join(b.tmp, "gitconfig")
	if err := os.WriteFile(gitconfig, nil, 0o600); err != nil {
		return err
	}
	keep := []string{"PATH", "HOME", "TMPDIR", "LANG"}
	for _, k := range keep {
		if v, ok := os.LookupEnv(k); ok {
			b.env = append(b.env, k+"="+v)
		}
	}
	b.env = append(b.env,
		"TZ=UTC",
		"CASEWORK_TODAY="+today,
		"CASEWORK_CONFIG="+filepath.Join(b.tmp, "no-user-config.yaml"),
		"CASEWORK_WORKER_ID=bench", "CASEWORK_WORKER_NAME=Bench Worker", "CASEWORK_WORKER_EMAIL=bench@example.invalid",
		"GIT_CONFIG_GLOBAL="+gitconfig, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Bench Worker", "GIT_AUTHOR_EMAIL=bench@example.invalid",
		"GIT_COMMITTER_NAME=Bench Worker", "GIT_COMMITTER_EMAIL=bench@example.invalid",
	)
	return nil
}

// run starts one child in dir and waits for it; stdout goes to w (nil: /dev/null).
func (b *bench) run(dir string, w io.Writer, argv ...string) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = b.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if w != nil {
		cmd.Stdout = w
	} else {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return sample{}, err
		}
		defer null.Close()
		cmd.Stdout = null
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	s := sample{wall: wall}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.rss = ru.Maxrss // KB on Linux
			s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	if err != nil {
		return s, fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, lastLines(stderr.String(), 8))
	}
	if strings.Contains(stderr.String(), "was not committed") {
		return s, fmt.Errorf("%s: the entry was not committed:\n%s", strings.Join(argv, " "), stderr.String())
	}
	return s, nil
}

func lastLines(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// job is one thing to measure: a name for the log, and one run of it.
type job struct {
	what string
	once func(i int) (sample, error)
}

// measure runs the jobs in turn (a, b, a, b, …: a command and its floor then see the same load
// on the machine), each up to reps times (3 when a first run takes more than 5 s), and returns
// for each the medians of wall time and peak memory. A failed run ends that job's measurement:
// the failure is logged and kept in its stat, and the benchmark goes on.
func (b *bench) measure(jobs ...job) []stat {
	runs := make([][]sample, len(jobs))
	out := make([]stat, len(jobs))
	reps := b.reps
	for i := 0; i < reps; i++ {
		for k, j := range jobs {
			if !out[k].ok() {
				continue
			}
			s, err := j.once(i)
			if err != nil {
				b.logf("%-40s FAILED: %v", j.what, err)
				reason := strings.SplitN(err.Error(), "\n", 2)[0]
				if n := strings.LastIndex(reason, ": "); n >= 0 {
					reason = reason[n+2:]
				}
				out[k] = stat{fail: reason, runs: i}
				continue
			}
			runs[k] = append(runs[k], s)
			if i == 0 && s.wall > 5*time.Second {
				reps = min(reps, 3)
			}
		}
	}
	for k, j := range jobs {
		if !out[k].ok() {
			continue
		}
		out[k] = median(runs[k])
		walls := make([]time.Duration, len(runs[k]))
		var cpu time.Duration
		for n, s := range runs[k] {
			walls[n] = s.wall
			cpu += s.cpu
		}
		slices.Sort(walls)
		b.logf("%-40s %s  %.0f MB  cpu %s  (%d runs: %s)", j.what, fmtDur(out[k].wall), out[k].mb,
			fmtDur(cpu/time.Duration(len(runs[k]))), out[k].runs, fmtRuns(walls))
	}
	return out
}

func median(runs []sample) stat {
	walls := make([]time.Duration, len(runs))
	rss := make([]int64, len(runs))
	for i, s := range runs {
		walls[i], rss[i] = s.wall, s.rss
	}
	slices.Sort(walls)
	slices.Sort(rss)
	st := stat{wall: walls[len(walls)/2], mb: float64(rss[len(rss)/2]) / 1024, runs: len(runs)}
	if len(walls)%2 == 0 {
		st.wall = (walls[len(walls)/2-1] + walls[len(walls)/2]) / 2
	}
	return st
}

func fmtRuns(ws []time.Duration) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmtDur(w)
	}
	return strings.Join(parts, " ")
}

// cmd is a casework command, run in dir after before (if any).
func (b *bench) cmd(what, dir string, before func() error, args ...string) job {
	argv := append([]string{filepath.Join(b.bin, "casework")}, args...)
	return job{what, func(int) (sample, error) {
		if before != nil {
			if err := before(); err != nil {
				return sample{}, err
			}
		}
		return b.run(dir, nil, argv...)
	}}
}

// floor is the decode-only baseline.
func (b *bench) floor(what, dir string, args ...string) job {
	argv := append([]string{filepath.Join(b.bin, "floor"), "-repo", dir}, args...)
	return job{what, func(int) (sample, error) { return b.run(dir, nil, argv...) }}
}

// repo is one repository under measurement.
type repo struct {
	label    string // "sample", "1,000", …
	dir      string
	openCase string
	area     string
	n        int
	closed   []string
}

type targetFunc func(cmd string, m stat, floor *stat) (string, string)

func (b *bench) add(r repo, targets targetFunc, cmd string, m stat, floor *stat, floorName string) {
	t, met := "—", ""
	if targets != nil {
		t, met = targets(cmd, m, floor)
	}
	b.rows = append(b.rows, row{cmd: cmd, n: r.label, m: m, floor: floor, target: t, met: met, floorName: floorName})
}

// reads measures the commands that only read, each with its floor; it returns review's cold
// measurement.
func (b *bench) reads(r repo, targets targetFunc) stat {
	pair := func(cmd string, a, f job) stat {
		st := b.measure(a, f)
		b.add(r, targets, cmd, st[0], &st[1], "decode")
		return st[0]
	}
	rmCache := func() error { return os.RemoveAll(filepath.Join(r.dir, ".casework")) }
	review := []string{"review", "--as-of", today, "-o", "json"}
	cold := pair("review (no cache)", b.cmd(r.label+": review (no cache)", r.dir, rmCache, review...), b.floor(r.label+": floor review", r.dir, "review"))
	pair("review (second run)", b.cmd(r.label+": review (second run)", r.dir, nil, review...), b.floor(r.label+": floor review", r.dir, "review"))
	pair("list --status all", b.cmd(r.label+": list", r.dir, nil, "list", "--status", "all", "-o", "tsv"), b.floor(r.label+": floor list", r.dir, "list"))
	pair("check", b.cmd(r.label+": check", r.dir, nil, "check"), b.floor(r.label+": floor check", r.dir, "check"))
	pair("show CASE -o json", b.cmd(r.label+": show", r.dir, nil, "show", r.openCase, "-o", "json"), b.floor(r.label+": floor show", r.dir, "case", r.openCase))
	return cold
}

// writes measures note and open, each beside the naive git commit of the same files. They add
// notes, cases and commits to the repository: they come after everything else.
func (b *bench) writes(r repo, targets targetFunc) {
	note, naiveNote := b.note(r)
	b.add(r, targets, "note (with commit)", note, &naiveNote, "git")
	open, naiveOpen := b.open(r)
	b.add(r, targets, "open (with commit)", open, &naiveOpen, "git")
}

// note measures `casework note`, in turn with the naive git add && git commit of a new note of
// the same size in the same folder: a copy of the note casework wrote, with another one-letter
// text, so that it is a valid note (the next casework note reads it) and a new blob for git.
func (b *bench) note(r repo) (stat, stat) {
	notes := filepath.Join(r.dir, "cases", r.openCase, "notes")
	seen := map[string]bool{}
	if ents, err := os.ReadDir(notes); err == nil {
		for _, e := range ents {
			seen[e.Name()] = true
		}
	}
	commits0 := b.commits(r.dir)
	note := b.cmd(r.label+": note", r.dir, nil, "note", r.openCase, "--format", "narrative", "-m", "x")
	var template []byte
	written := job{note.what, func(i int) (sample, error) {
		s, err := note.once(i)
		if err == nil && template == nil {
			ents, _ := os.ReadDir(notes)
			for _, e := range ents {
				if !seen[e.Name()] {
					template, _ = os.ReadFile(filepath.Join(notes, e.Name()))
				}
			}
			if template == nil {
				err = errors.New("could not find the note written")
			}
		}
		return s, err
	}}
	naive := b.naive(r.label+": naive git (note)", r.dir, func(i int) []fileSpec {
		return []fileSpec{{filepath.Join("cases", r.openCase, "notes", fmt.Sprintf("%s-zz%04d.yaml", today, i)),
			variant(template, "text: x\n", fmt.Sprintf("text: %c\n", 'a'+i%23))}}
	})
	st := b.measure(written, naive)
	if c := b.commits(r.dir); st[0].ok() && st[1].ok() && c-commits0 != 2*st[0].runs {
		st[0].fail = fmt.Sprintf("%d commits made for %d notes and %d naive commits", c-commits0, st[0].runs, st[1].runs)
	}
	return st[0], st[1]
}

// open measures `casework open`, in turn with the naive git add && git commit of a new case
// folder holding copies of the new case's intake.yaml and people.yaml, each with a letter
// changed (a new blob of the same size, still a valid case).
func (b *bench) open(r repo) (stat, stat) {
	commits0 := b.commits(r.dir)
	var intake, people []byte
	var client string
	open := job{r.label + ": open", func(i int) (sample, error) {
		var out bytes.Buffer
		name := fmt.Sprintf("Bench Client %c%c", 'A'+i%26, 'a'+i/26%26)
		s, err := b.run(r.dir, &out, filepath.Join(b.bin, "casework"), "open", "--client", name,
			"--birth-date", "1980-01-01", "--source", "self", "--engagement", "voluntary", "--request", "Benchmark request",
			"--priority", "routine", "--area", r.area, "--decision", "accept")
		if err == nil && intake == nil {
			dir := filepath.Join(r.dir, "cases", strings.TrimSpace(out.String()))
			var ierr, perr error
			intake, ierr = os.ReadFile(filepath.Join(dir, "intake.yaml"))
			people, perr = os.ReadFile(filepath.Join(dir, "people.yaml"))
			if err = errors.Join(ierr, perr); err != nil {
				intake = nil
			}
			client = name
		}
		return s, err
	}}
	naive := b.naive(r.label+": naive git (open)", r.dir, func(i int) []fileSpec {
		dir := filepath.Join("cases", fmt.Sprintf("%s-zz%04d", today, i))
		return []fileSpec{
			{filepath.Join(dir, "intake.yaml"), variant(intake, "Benchmark request", fmt.Sprintf("Benchmark reques%c", 'a'+i%19))},
			{filepath.Join(dir, "people.yaml"), variant(people, client, fmt.Sprintf("Bench Client q%c", 'a'+i%26))},
		}
	})
	st := b.measure(open, naive)
	if c := b.commits(r.dir); st[0].ok() && st[1].ok() && c-commits0 != 2*st[0].runs {
		st[0].fail = fmt.Sprintf("%d commits made for %d cases opened and %d naive commits", c-commits0, st[0].runs, st[1].runs)
	}
	return st[0], st[1]
}

// variant is template with the last old replaced by repl (of the same length); when old is not
// there, YAML comment lines of the template's size.
func variant(template []byte, old, repl string) []byte {
	if k := bytes.LastIndex(template, []byte(old)); k >= 0 && len(old) == len(repl) {
		out := slices.Clone(template)
		copy(out[k:], repl)
		return out
	}
	return filler(rand.New(rand.NewPCG(uint64(len(template)), uint64(len(repl)))), len(template))
}

type fileSpec struct {
	path string
	data []byte
}

// naive writes new files and measures `git add FILES && git commit -q -m x -- FILES`: two
// processes, their times added up and the larger of their peaks taken.
func (b *bench) naive(what, dir string, files func(i int) []fileSpec) job {
	return job{what, func(i int) (sample, error) {
		var paths []string
		for _, f := range files(i) {
			p := filepath.Join(dir, f.path)
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				return sample{}, err
			}
			if err := os.WriteFile(p, f.data, 0o600); err != nil {
				return sample{}, err
			}
			paths = append(paths, filepath.ToSlash(f.path))
		}
		add, err := b.run(dir, nil, append([]string{"git", "add"}, paths...)...)
		if err != nil {
			return sample{}, err
		}
		commit, err := b.run(dir, nil, append([]string{"git", "commit", "-q", "-m", "x", "--"}, paths...)...)
		if err != nil {
			return sample{}, err
		}
		return sample{wall: add.wall + commit.wall, rss: max(add.rss, commit.rss), cpu: add.cpu + commit.cpu}, nil
	}}
}

// filler is n bytes of YAML comment lines of random letters.
func filler(r *rand.Rand, n int) []byte {
	out := make([]byte, 0, n)
	for len(out) < n {
		line := min(60, n-len(out))
		if line < 3 {
			for len(out) < n {
				out = append(out, '\n')
			}
			break
		}
		out = append(out, '#', ' ')
		for range line - 3 {
			out = append(out, byte('a'+r.IntN(26)))
		}
		out = append(out, '\n')
	}
	return out
}

func (b *bench) commits(dir string) int {
	cmd := exec.Command("git", "rev-list", "--count", "HEAD")
	cmd.Dir = dir
	cmd.Env = b.env
	out, err := cmd.Output()
	if err != nil {
		return -1
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

// sampleRepo measures every command on the bundled sample repository, against the 50 ms target.
func (b *bench) sampleRepo() error {
	dir := filepath.Join(b.tmp, "sample")
	for _, x := range []string{"casework.yaml", "cases", "agencies", "instruments"} {
		if err := copyTree(filepath.Join(b.root, x), filepath.Join(dir, x)); err != nil {
			return err
		}
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "sample repository"}} {
		if _, err := b.run(dir, nil, append([]string{"git"}, args...)...); err != nil {
			return err
		}
	}
	var out bytes.Buffer
	if _, err := b.run(dir, &out, filepath.Join(b.bin, "casework"), "list", "-o", "id"); err != nil {
		return err
	}
	ids := strings.Fields(out.String())
	if len(ids) == 0 {
		return errors.New("the sample repository has no open case")
	}
	b.logf("sample repository: %s", dir)
	r := repo{label: "sample", dir: dir, openCase: ids[0], area: "furong"}
	targets := func(cmd string, m stat, floor *stat) (string, string) {
		return "≤ 50 ms", yesNo(m.ok() && m.wall <= 50*time.Millisecond)
	}
	b.reads(r, targets)
	b.writes(r, targets)
	return nil
}

func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		t := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(t, 0o700)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(t), 0o700); err != nil {
			return err
		}
		return os.WriteFile(t, data, 0o600)
	})
}

type manifest struct {
	Cases  int      `json:"cases"`
	Open   []string `json:"open"`
	Closed []string `json:"closed"`
	Files  int      `json:"files"`
	Bytes  int64    `json:"bytes"`
}

// gen runs the generator and reads its summary line.
func (b *bench) gen(n int, dir string, extra ...string) (genRow, manifest, error) {
	mf := dir + ".manifest.json"
	argv := append([]string{filepath.Join(b.bin, "casework-gen"), "-n", strconv.Itoa(n), "-seed", "1", "-today", today,
		"-out", dir, "-manifest", mf}, extra...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = b.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return genRow{}, manifest{}, fmt.Errorf("casework-gen: %v\n%s", err, stderr.String())
	}
	g := genRow{n: n, wall: time.Since(start)}
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		for _, f := range strings.Fields(sc.Text()) {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				continue
			}
			switch k {
			case "open":
				g.open, _ = strconv.Atoi(v)
			case "files":
				g.files, _ = strconv.Atoi(v)
			case "bytes":
				g.bytes, _ = strconv.ParseInt(v, 10, 64)
			case "write", "git":
				d, _ := time.ParseDuration(v)
				if k == "write" {
					g.write = d
				} else {
					g.git = d
				}
			}
		}
	}
	var m manifest
	data, err := os.ReadFile(mf)
	if err != nil {
		return g, m, err
	}
	return g, m, json.Unmarshal(data, &m)
}

// generated measures the repository of n cases.
func (b *bench) generated(n int, small *float64) error {
	label := fmtCount(n)
	dir := filepath.Join(b.tmp, fmt.Sprintf("repo-%d", n))
	b.logf("generating %s cases with git into %s", label, dir)
	g, m, err := b.gen(n, dir, "-git")
	if err != nil {
		return err
	}
	b.gens = append(b.gens, g)
	b.logf("%s cases: %d files, %.0f MB: written in %s, committed in %s", label, g.files, float64(g.bytes)/1e6, fmtDur(g.write), fmtDur(g.git))
	if len(m.Open) == 0 {
		return fmt.Errorf("%s cases: no open case", label)
	}
	r := repo{label: label, dir: dir, openCase: m.Open[len(m.Open)/2], area: "north", n: n, closed: m.Closed}
	var noteSmall float64
	targets := func(cmd string, st stat, floor *stat) (string, string) {
		ratio := math.Inf(1)
		if st.ok() && floor.ok() {
			ratio = float64(st.wall) / float64(floor.wall)
		}
		switch {
		case n == 10000 && cmd == "review (no cache)":
			return "≤ 1.2× floor; ≤ 200 MB", both(ratio <= 1.2, st.ok() && st.mb <= 200)
		case n == 10000 && cmd == "review (second run)":
			return "≤ 0.25× floor", yesNo(ratio <= 0.25)
		case n == 10000 && cmd == "note (with commit)":
			if *small == 0 || !st.ok() {
				return "≤ 0.25× naive git; ≤ 1.5× note at 100", yesNo(false)
			}
			rs := float64(st.wall) / *small
			return fmt.Sprintf("≤ 0.25× naive git; ≤ 1.5× note at 100 (%.2f×)", rs), both(ratio <= 0.25, rs <= 1.5)
		case n == 100 && cmd == "note (with commit)" && st.ok():
			noteSmall = float64(st.wall)
			return "reference for the note at 10,000", ""
		}
		return "—", ""
	}
	cold := b.reads(r, targets)
	if n >= 1000 {
		if err := b.closedCost(r, n, cold); err != nil {
			return err
		}
	}
	b.writes(r, targets)
	if noteSmall > 0 {
		*small = noteSmall
	}
	return nil
}

// closedCost measures what a closed case adds to review: review on a repository holding only the
// open cases of the same seed (the same files, byte for byte), against one directory listing
// per closed case; both per closed case, both net of the process start.
func (b *bench) closedCost(r repo, n int, full stat) error {
	dir := filepath.Join(b.tmp, fmt.Sprintf("repo-%d-open-only", n))
	b.logf("generating the open cases of %s alone into %s", r.label, dir)
	if _, _, err := b.gen(n, dir, "-open-only"); err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	rmCache := func() error { return os.RemoveAll(filepath.Join(dir, ".casework")) }
	openOnly := b.measure(b.cmd(r.label+": review, open cases only", dir, rmCache, "review", "--as-of", today, "-o", "json"))[0]
	ids := filepath.Join(b.tmp, fmt.Sprintf("closed-%d.txt", n))
	if err := os.WriteFile(ids, []byte(strings.Join(r.closed, "\n")+"\n"), 0o600); err != nil {
		return err
	}
	st := b.measure(b.floor(r.label+": ls each closed case", r.dir, "-ids", ids, "ls"), b.floor(r.label+": floor start", r.dir, "none"))
	ls, none := st[0], st[1]
	k := time.Duration(len(r.closed))
	per := stat{wall: (full.wall - openOnly.wall) / k, runs: min(full.runs, openOnly.runs)}
	if !full.ok() || !openOnly.ok() {
		per.fail = "review failed"
	}
	floor := stat{wall: max(time.Nanosecond, (ls.wall-none.wall)/k), runs: min(ls.runs, none.runs), fail: ls.fail}
	t, met := "—", ""
	if n == 10000 {
		t, met = "≤ 1 directory listing", yesNo(per.ok() && floor.ok() && per.wall <= floor.wall)
	}
	b.rows = append(b.rows, row{cmd: "review: each closed case", n: r.label, m: per, floor: &floor, target: t, met: met, perCase: true, floorName: "ls"})
	return nil
}

// profileReview profiles review (no cache) on the largest repository.
func (b *bench) profileReview() error {
	dir := filepath.Join(b.tmp, fmt.Sprintf("repo-%d", b.big))
	cpu := filepath.Join(b.tmp, "review.cpu.pprof")
	mem := filepath.Join(b.tmp, "review.allocs.pprof")
	os.RemoveAll(filepath.Join(dir, ".casework"))
	prof := filepath.Join(b.bin, "casework-prof")
	env := b.env
	b.env = append(slices.Clone(env), "CASEWORK_CPUPROFILE="+cpu, "CASEWORK_MEMPROFILE="+mem)
	_, err := b.run(dir, nil, prof, "review", "--as-of", today, "-o", "json")
	b.env = env
	if err != nil {
		return err
	}
	for _, p := range [][]string{{"-top", "-nodecount=30", prof, cpu}, {"-top", "-cum", "-nodecount=40", prof, cpu}, {"-top", "-sample_index=alloc_space", "-nodecount=20", prof, mem}} {
		cmd := exec.Command("go", append([]string{"tool", "pprof"}, p...)...)
		cmd.Dir = b.root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("go tool pprof: %v\n%s", err, out)
		}
		fmt.Fprintf(b.out, "\n$ go tool pprof %s\n%s", strings.Join(p[:len(p)-2], " "), out)
	}
	return nil
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func both(a, b bool) string {
	if a && b {
		return "yes"
	}
	if !a && !b {
		return "**no** (both)"
	}
	if !a {
		return "**no** (first)"
	}
	return "**no** (second)"
}

func fmtCount(n int) string {
	s := strconv.Itoa(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	case d < 100*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	case d < 100*time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f s", d.Seconds())
}

func (b *bench) report(total time.Duration) string {
	var w strings.Builder
	fmt.Fprintf(&w, "# casework benchmarks\n\n")
	if b.built != "" {
		fmt.Fprintf(&w, "casework built from commit %s. ", b.built)
	}
	fmt.Fprintf(&w, "Run on %s, as of %s (CASEWORK_TODAY), in %s. Median of %d runs (3 when a command or its floor takes over 5 s), a command and its floor run in turn; peak MB is the child's maximum resident set size. ",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), today, fmtDur(total), b.reps)
	fmt.Fprintf(&w, "Floors: *decode* = bench/floor reading and YAML-decoding exactly the files the command needs, in one goroutine; *git* = `git add FILES && git commit -m x -- FILES` of new files of the same sizes in the same repository; *ls* = one directory listing per closed case. Ratio = time / floor time.\n\n")
	fmt.Fprintf(&w, "| command | N | time | peak MB | floor time | floor MB | ratio | target | met? |\n")
	fmt.Fprintf(&w, "|---|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, r := range b.rows {
		t, mb := fmtDur(r.m.wall), fmt.Sprintf("%.0f", r.m.mb)
		if !r.m.ok() {
			t, mb = "failed: "+r.m.fail, ""
		}
		ratio, ft, fmb := "", "", ""
		if r.floor != nil {
			ft, fmb = fmtDur(r.floor.wall)+" ("+r.floorName+")", fmt.Sprintf("%.0f", r.floor.mb)
			if !r.floor.ok() {
				ft, fmb = "failed: "+r.floor.fail, ""
			}
			if r.m.ok() && r.floor.ok() {
				ratio = fmt.Sprintf("%.2f×", float64(r.m.wall)/float64(r.floor.wall))
			}
		}
		if r.perCase {
			mb, fmb = "—", "—"
		}
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.cmd, r.n, t, mb, ft, fmb, ratio, r.target, r.met)
	}
	fmt.Fprintf(&w, "\nGeneration (cmd/casework-gen, seed 1; git: one commit of everything through git fast-import, then the index refreshed):\n\n")
	fmt.Fprintf(&w, "| N | open | files | MB | write | git | total |\n|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, g := range b.gens {
		fmt.Fprintf(&w, "| %s | %s | %s | %.0f | %s | %s | %s |\n", fmtCount(g.n), fmtCount(g.open), fmtCount(g.files), float64(g.bytes)/1e6, fmtDur(g.write), fmtDur(g.git), fmtDur(g.wall))
	}
	fmt.Fprintf(&w, "\nMachine: %s. Load average (1, 5, 15 min) %s: other processes on the machine slow wall times down; a command and its floor run in turn, so their ratio suffers less.\n", machine(), b.load)
	return w.String()
}

func machine() string {
	out, _ := exec.Command("uname", "-srm").Output()
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "MemTotal:") {
				f := strings.Fields(line)
				if len(f) >= 2 {
					kb, _ := strconv.ParseFloat(f[1], 64)
					mem = fmt.Sprintf(", %.0f GB RAM", kb/1024/1024)
				}
			}
		}
	}
	gitv, _ := exec.Command("git", "--version").Output()
	return fmt.Sprintf("`%s`, %s, %d cores%s, %s, %s", strings.TrimSpace(string(out)), cpu, runtime.NumCPU(), mem, runtime.Version(), strings.TrimSpace(string(gitv)))
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
