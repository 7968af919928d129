package main

// Crash, concurrency and full-disk tests of the promise that nothing a practitioner writes is
// ever lost or half-written. They run the real casework binary as separate processes: killed
// with SIGKILL at random moments, racing for the repository lock, writing on a full disk.

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
)

// entryIDPattern is the shape of the id casework prints for a new note.
var entryIDPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-[0-9a-hjkmnp-tv-z]{5,6}$`)

// crashSeed makes the kills reproducible: CASEWORK_CRASH_SEED=N replays another sequence.
func crashSeed(t *testing.T) uint64 {
	if v := os.Getenv("CASEWORK_CRASH_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("CASEWORK_CRASH_SEED=%q: %v", v, err)
		}
		return n
	}
	return 20261123
}

// newTestRepo creates a case repository in root/repo with cases open cases and returns its
// folder, the environment to run casework in, and the case ids.
func newTestRepo(t *testing.T, bin, root string, git bool, cases int) (string, map[string]string, []string) {
	t.Helper()
	home := filepath.Join(root, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[init]\n\tdefaultBranch = main\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := cwEnv(home)
	args := []string{"init", "repo", "--agency", "Service social Furong", "--area", "furong"}
	if !git {
		args = append(args, "--no-git")
	}
	mustCasework(t, bin, root, env, args...)
	dir := filepath.Join(root, "repo")
	ids := make([]string, cases)
	for i := range ids {
		ids[i] = mustCasework(t, bin, dir, env, "open", "--client", fmt.Sprintf("Client %d", i+1), "--source", "self",
			"--engagement", "voluntary", "--request", "Aide aux démarches", "--priority", "routine", "--area", "furong",
			"--decision", "accept")
	}
	return dir, env, ids
}

// crashAttempt is one casework note run of the crash test.
type crashAttempt struct {
	caseID, text string
	res          cwResult
}

// TestCrashKilledWriters kills casework writers with SIGKILL at random moments, across more than
// 1,000 notes (and a smaller run with git commits on): no partial or corrupt file is ever
// visible, check stays clean, and every note whose writer reported success is there, whole.
func TestCrashKilledWriters(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	bin := caseworkBinary(t)
	attempts, gitAttempts := 1000, 100
	if testing.Short() {
		attempts, gitAttempts = 200, 40
	}
	t.Run("NoGit", func(t *testing.T) { crashRun(t, bin, false, attempts, 10) })
	t.Run("Git", func(t *testing.T) {
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("git is not installed")
		}
		crashRun(t, bin, true, gitAttempts, 4)
	})
}

func crashRun(t *testing.T, bin string, git bool, attempts, ncases int) {
	root := t.TempDir()
	dir, env, cases := newTestRepo(t, bin, root, git, ncases)
	env["CASEWORK_LOCK_TIMEOUT"] = "60s"
	env["GOGC"] = "off" // short-lived processes: no collector, faster
	env["GOMAXPROCS"] = "1"
	if git {
		env["CASEWORK_GIT_COMMIT"] = "true"
	}
	seed := crashSeed(t)
	t.Logf("seed %d (CASEWORK_CRASH_SEED replays another)", seed)

	// A reader watches the notes folders all along: a note file that is visible at all must be
	// whole and valid (notes are written once and never changed, so each is read once).
	stop := make(chan struct{})
	var readerWG sync.WaitGroup
	var readerErrs []string
	seen := 0
	readerWG.Add(1)
	go func() {
		defer readerWG.Done()
		checked := map[string]bool{}
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, id := range cases {
				rel := repo.CaseDir(id) + "/notes"
				ents, _ := os.ReadDir(filepath.Join(dir, filepath.FromSlash(rel)))
				for _, e := range ents {
					name := e.Name()
					if strings.HasPrefix(name, ".") || checked[rel+"/"+name] {
						continue
					}
					checked[rel+"/"+name] = true
					seen++
					_, errs, err := decodeNote(filepath.Join(dir, filepath.FromSlash(rel), name), rel+"/"+name)
					if err != nil || len(errs) > 0 {
						readerErrs = append(readerErrs, fmt.Sprintf("%s/%s seen while being written: %v %v", rel, name, err, errs))
					}
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()

	// Unkilled warm-up runs measure how long a note takes, so that the kills fall anywhere from
	// the start of the process to its exit.
	var (
		mu      sync.Mutex
		results = make([]crashAttempt, attempts)
		pgids   []int
	)
	run := func(i int, kill bool, delay time.Duration) {
		a := crashAttempt{caseID: cases[i%len(cases)], text: fmt.Sprintf("Crash-test note number %d, written whole or not at all.", i)}
		cmd, stdout, stderr := newCasework(bin, dir, env, "", "note", a.caseID, "-m", a.text)
		// Its own process group: a git it started and that outlived it is waited for at the end.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Errorf("starting casework: %v", err)
			return
		}
		mu.Lock()
		pgids = append(pgids, cmd.Process.Pid)
		mu.Unlock()
		var timer *time.Timer
		if kill {
			timer = time.AfterFunc(delay, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
		}
		watchdog := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
		a.res = waitCasework(t, cmd, stdout, stderr, start)
		watchdog.Stop()
		if timer != nil {
			timer.Stop()
		}
		if a.res.dur >= 2*time.Minute {
			t.Errorf("attempt %d hung: killed after %v", i, a.res.dur)
		}
		results[i] = a
	}
	const warmup = 11
	var durs []time.Duration
	for i := 0; i < warmup && i < attempts; i++ {
		run(i, false, 0)
		durs = append(durs, results[i].res.dur)
	}
	slices.Sort(durs)
	typical := durs[len(durs)/2]
	maxDelay := max(typical*2, 5*time.Millisecond) // writers at once take longer than one alone
	t.Logf("a note takes about %v; kills fall within %v of the start", typical.Round(time.Millisecond), maxDelay.Round(time.Millisecond))

	// Four writers at a time, so that kills also hit a process waiting for the lock, or holding
	// it while others wait.
	const writers = 4
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for i := warmup + w; i < attempts; i += writers {
				kill := rng.IntN(3) != 0 // two in three runs get a kill
				delay := time.Duration(rng.Int64N(int64(maxDelay)))
				run(i, kill, delay)
			}
		}()
	}
	wg.Wait()
	waitProcessGroups(t, pgids)
	close(stop)
	readerWG.Wait()
	for _, e := range readerErrs {
		t.Error(e)
	}

	// Every note reported written is there, whole, with its text.
	succeeded, killed := 0, 0
	for i, a := range results {
		switch a.res.code {
		case 0:
			succeeded++
			id := strings.TrimSpace(a.res.stdout)
			if !entryIDPattern.MatchString(id) {
				t.Errorf("attempt %d exited 0 without printing a note id:\n%v", i, a.res)
				continue
			}
			rel := repo.CaseDir(a.caseID) + "/notes/" + id + ".yaml"
			n, errs, err := decodeNote(filepath.Join(dir, filepath.FromSlash(rel)), rel)
			switch {
			case err != nil:
				t.Errorf("attempt %d reported note %s written, but: %v", i, id, err)
			case len(errs) > 0:
				t.Errorf("attempt %d: note %s does not decode: %v", i, rel, errs)
			case n.Sections["text"] != a.text:
				t.Errorf("attempt %d: note %s holds %q, want %q", i, rel, n.Sections["text"], a.text)
			}
		case -1:
			killed++
		default:
			t.Errorf("attempt %d failed without being killed:\n%v", i, a.res)
		}
	}

	// Nothing in the cases is broken: visible files decode, and what is hidden is only the
	// temporary file of a write that was killed.
	files, leftovers := 0, 0
	err := filepath.WalkDir(filepath.Join(dir, repo.CasesDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		switch {
		case d.IsDir():
			if strings.HasPrefix(name, ".") {
				t.Errorf("unexpected hidden folder %s", rel)
				return filepath.SkipDir
			}
		case strings.HasPrefix(name, "."):
			if !strings.Contains(name, ".tmp-") && name != ".gitkeep" {
				t.Errorf("unexpected hidden file %s", rel)
			}
			if strings.Contains(name, ".tmp-") {
				leftovers++
			}
		case filepath.Base(filepath.Dir(p)) == "notes":
			files++
			if _, errs, err := decodeNote(p, rel); err != nil || len(errs) > 0 {
				t.Errorf("%s is broken: %v %v", rel, err, errs)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < succeeded || files > attempts {
		t.Errorf("%d note files for %d notes reported written out of %d attempts", files, succeeded, attempts)
	}
	if killed == 0 || succeeded == 0 {
		t.Errorf("%d killed, %d succeeded: the test did not exercise both", killed, succeeded)
	}
	errs, warnings := checkErrors(t, bin, dir, env)
	for _, e := range errs {
		t.Errorf("check: %s:%d: %s", e.Path, e.Line, e.Message)
	}
	for _, w := range warnings {
		if !strings.Contains(w.Message, "interrupted write") {
			t.Errorf("check: unexpected warning %s:%d: %s", w.Path, w.Line, w.Message)
		}
	}
	// No lock outlives its killed holder: a writer that will not wait gets in at once.
	env["CASEWORK_LOCK_TIMEOUT"] = "0"
	mustCasework(t, bin, dir, env, "note", cases[0], "-m", "After the crashes")
	if git {
		if out, err := exec.Command("git", "-C", dir, "fsck", "--no-progress").CombinedOutput(); err != nil {
			t.Errorf("git fsck: %v\n%s", err, out)
		}
	}
	t.Logf("%d attempts: %d killed, %d succeeded; %d note files (%d written by a killed writer), %d temporary files left (check warns); the reader saw %d notes appear",
		attempts, killed, succeeded, files, files-succeeded, leftovers, seen)
}

// waitProcessGroups waits until the process groups (of killed casework processes: a git they
// started may outlive them) are gone, so the test's folder can be removed; past a deadline they
// are killed.
func waitProcessGroups(t *testing.T, pgids []int) {
	deadline := time.Now().Add(15 * time.Second)
	for _, pg := range pgids {
		for syscall.Kill(-pg, 0) == nil {
			if time.Now().After(deadline) {
				t.Logf("process group %d still running: killed", pg)
				_ = syscall.Kill(-pg, syscall.SIGKILL)
				time.Sleep(10 * time.Millisecond)
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// TestConcurrentNotes: 8 processes each add 100 notes to the same case at once. The lock makes
// them take turns; 800 notes are written, none lost, each with its own id and its own text.
func TestConcurrentNotes(t *testing.T) {
	bin := caseworkBinary(t)
	procs, each := 8, 100
	if testing.Short() {
		each = 10
	}
	root := t.TempDir()
	dir, env, cases := newTestRepo(t, bin, root, false, 1)
	id := cases[0]
	env["CASEWORK_LOCK_TIMEOUT"] = "2m"
	env["GOGC"] = "off"
	env["GOMAXPROCS"] = "1" // eight writers on two cores: less time spinning
	var wg sync.WaitGroup
	results := make([][]cwResult, procs)
	start := time.Now()
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r := runCasework(t, bin, dir, env, "", "note", id, "-m", fmt.Sprintf("Writer %d, note %d.", p, i))
				results[p] = append(results[p], r)
				if r.code != 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d notes by %d concurrent writers in %v", procs*each, procs, time.Since(start).Round(time.Millisecond))
	ids := map[string]string{}
	for p, rs := range results {
		for i, r := range rs {
			if r.code != 0 {
				t.Fatalf("writer %d, note %d:\n%v", p, i, r)
			}
			nid := strings.TrimSpace(r.stdout)
			if !entryIDPattern.MatchString(nid) {
				t.Fatalf("writer %d, note %d printed no id:\n%v", p, i, r)
			}
			if prev, dup := ids[nid]; dup {
				t.Errorf("id %s given twice: %s and writer %d note %d", nid, prev, p, i)
			}
			ids[nid] = fmt.Sprintf("Writer %d, note %d.", p, i)
		}
	}
	notesDir := filepath.Join(dir, repo.CasesDir, id, "notes")
	ents, err := os.ReadDir(notesDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != procs*each || len(ids) != procs*each {
		t.Errorf("%d files and %d ids for %d notes written", len(ents), len(ids), procs*each)
	}
	for nid, text := range ids {
		rel := repo.CaseDir(id) + "/notes/" + nid + ".yaml"
		n, errs, err := decodeNote(filepath.Join(dir, filepath.FromSlash(rel)), rel)
		if err != nil || len(errs) > 0 {
			t.Errorf("%s: %v %v", rel, err, errs)
			continue
		}
		if n.Sections["text"] != text {
			t.Errorf("%s holds %q, want %q", rel, n.Sections["text"], text)
		}
	}
	errs, _ := checkErrors(t, bin, dir, env)
	for _, e := range errs {
		t.Errorf("check: %s:%d: %s", e.Path, e.Line, e.Message)
	}
}

// TestConcurrentPlanGoals: the plan is the one file rewritten in place. 8 processes each add 5
// goals at once: the lock serialises the read-modify-write, so no update is lost: 40 goals with
// 40 distinct ids, revision 40, one change each.
func TestConcurrentPlanGoals(t *testing.T) {
	bin := caseworkBinary(t)
	const procs, each = 8, 5
	root := t.TempDir()
	dir, env, cases := newTestRepo(t, bin, root, false, 1)
	id := cases[0]
	env["CASEWORK_LOCK_TIMEOUT"] = "1m"
	var wg sync.WaitGroup
	var mu sync.Mutex
	printed := map[string]string{}
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				stmt := fmt.Sprintf("Writer %d, goal %d: the rent is paid on time each month", p, i)
				r := runCasework(t, bin, dir, env, "", "plan", "goal", "add", id, "--statement", stmt, "--target-date", "2027-06-30")
				if r.code != 0 {
					t.Errorf("writer %d, goal %d:\n%v", p, i, r)
					return
				}
				mu.Lock()
				g := strings.TrimSpace(r.stdout)
				if prev, dup := printed[g]; dup {
					t.Errorf("goal id %s printed twice: for %q and %q", g, prev, stmt)
				}
				printed[g] = stmt
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rel := repo.CaseDir(id) + "/plan.yaml"
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	v, _, ps := casefile.Decode(rel, casefile.KindPlan, data, casefile.Rules{Config: casefile.DefaultConfig()})
	plan, ok := v.(*casefile.Plan)
	if !ok {
		t.Fatalf("plan.yaml does not decode: %v", ps)
	}
	if plan.Revision != procs*each || len(plan.Changes) != procs*each {
		t.Errorf("revision %d with %d changes, want %d", plan.Revision, len(plan.Changes), procs*each)
	}
	var got, want []string
	for _, g := range plan.Goals {
		got = append(got, g.ID)
		if printed[g.ID] != g.Statement {
			t.Errorf("goal %s is %q; casework printed that id for %q", g.ID, g.Statement, printed[g.ID])
		}
	}
	for i := 1; i <= procs*each; i++ {
		want = append(want, fmt.Sprintf("G-%d", i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("goals %v, want %v (one per goal added, none lost)", got, want)
	}
}

// TestConcurrentLockHeld: while another process holds the lock, a writer that does not wait
// (CASEWORK_LOCK_TIMEOUT=0) is refused at once with exit code 4 and a hint, one that waits gives
// up after its timeout, never hangs; nothing is written. Once the lock is released, it succeeds.
func TestConcurrentLockHeld(t *testing.T) {
	bin := caseworkBinary(t)
	root := t.TempDir()
	dir, env, cases := newTestRepo(t, bin, root, false, 1)
	id := cases[0]
	before := treeSnapshot(t, dir, repo.StateDir)
	l, err := safeio.Acquire(filepath.Join(dir, filepath.FromSlash(repo.LockFile)), "casework note (a colleague)", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	for _, tc := range []struct {
		timeout  string
		min, max time.Duration
		args     []string
	}{
		{"0", 0, 5 * time.Second, []string{"note", id, "-m", "Refused"}},
		{"0", 0, 5 * time.Second, []string{"plan", "goal", "add", id, "--statement", "Refused"}},
		{"1s", time.Second, 10 * time.Second, []string{"note", id, "-m", "Refused after a second"}},
	} {
		env["CASEWORK_LOCK_TIMEOUT"] = tc.timeout
		r := runCasework(t, bin, dir, env, "", tc.args...)
		if r.code != 4 {
			t.Errorf("exit %d, want 4:\n%v", r.code, r)
		}
		if !regexp.MustCompile(`(?m)^casework: error: repository is locked by pid \d+ on .*: casework note \(a colleague\) since `).MatchString(r.stderr) ||
			!strings.Contains(r.stderr, "casework: hint: wait for the other casework command to finish, then run this one again") {
			t.Errorf("no holder or no hint:\n%v", r)
		}
		if r.dur < tc.min || r.dur > tc.max {
			t.Errorf("CASEWORK_LOCK_TIMEOUT=%s: refused after %v, want between %v and %v", tc.timeout, r.dur, tc.min, tc.max)
		}
	}
	if d := diffSnapshots(before, treeSnapshot(t, dir, repo.StateDir)); len(d) > 0 {
		t.Errorf("a refused writer changed the repository:\n%s", strings.Join(d, "\n"))
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	env["CASEWORK_LOCK_TIMEOUT"] = "0"
	mustCasework(t, bin, dir, env, "note", id, "-m", "Accepted once the lock is free")
}

// TestFullDisk: on a full file system (a 512 KiB tmpfs), a write fails with a clear error and
// leaves the repository exactly as it was, with no temporary file behind; once space is freed
// the same command succeeds.
func TestFullDisk(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the full-disk test mounts a Linux tmpfs")
	}
	bin := caseworkBinary(t)
	root := t.TempDir()
	disk := filepath.Join(root, "disk")
	if err := os.Mkdir(disk, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=512k,mode=0700"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(disk, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", disk, err)
		}
	})
	dir, env, cases := newTestRepo(t, bin, disk, false, 1)
	id := cases[0]
	mustCasework(t, bin, dir, env, "note", id, "-m", "Written while there was room")
	mustCasework(t, bin, dir, env, "plan", "goal", "add", id, "--statement", "Awa pays her rent each month", "--target-date", "2027-06-30")

	filler := filepath.Join(disk, "filler")
	fill := func() {
		f, err := os.OpenFile(filler, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, size := range []int{64 << 10, 4 << 10, 1} {
			buf := make([]byte, size)
			for {
				if _, err := f.Write(buf); err != nil {
					if !errors.Is(err, syscall.ENOSPC) {
						t.Fatal(err)
					}
					break
				}
			}
		}
	}
	long := strings.Repeat("A long note that will not fit on the disk. ", 500)
	for _, step := range []struct {
		name string
		free int64 // bytes freed after filling the disk: 0, or room for the lock's holder line only
	}{{"full", 0}, {"one page free", 4096}} {
		fill()
		if step.free > 0 {
			fi, err := os.Stat(filler)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(filler, fi.Size()-step.free); err != nil {
				t.Fatal(err)
			}
		}
		before := treeSnapshot(t, dir)
		for _, args := range [][]string{
			{"note", id, "-m", long},
			{"plan", "goal", "add", id, "--statement", long, "--target-date", "2027-06-30"},
			{"open", "--client", "Rosa Ortega", "--source", "self", "--engagement", "voluntary", "--request", long,
				"--priority", "routine", "--area", "furong"},
		} {
			r := runCasework(t, bin, dir, env, "", args...)
			if r.code != 1 {
				t.Errorf("%s: exit %d on a full disk, want 1:\n%v", step.name, r.code, r)
			}
			if !strings.Contains(r.stderr, "casework: error: ") || !strings.Contains(r.stderr, "no space left on device") ||
				!strings.Contains(r.stderr, "casework: hint: the disk is full: free some space, then run the command again") {
				t.Errorf("%s: the error does not say the disk is full, or gives no hint:\n%v", step.name, r)
			}
			if strings.Contains(r.stderr, "wait for the other casework command") {
				t.Errorf("%s: a full disk is not a lock held by another command:\n%v", step.name, r)
			}
			t.Logf("%s: casework %s: %s", step.name, args[0], strings.TrimSpace(r.stderr))
			if strings.Contains(r.stdout+r.stderr, "panic:") {
				t.Errorf("%s: panic:\n%v", step.name, r)
			}
			if d := diffSnapshots(before, treeSnapshot(t, dir)); len(d) > 0 {
				t.Errorf("%s: casework %s changed the repository on a full disk:\n%s", step.name, args[0], strings.Join(d, "\n"))
			}
		}
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
	}
	// Room again: the same writes succeed and the repository checks clean.
	mustCasework(t, bin, dir, env, "note", id, "-m", long)
	mustCasework(t, bin, dir, env, "plan", "goal", "add", id, "--statement", "Awa keeps her flat", "--target-date", "2027-06-30")
	errs, _ := checkErrors(t, bin, dir, env)
	for _, e := range errs {
		t.Errorf("check: %s:%d: %s", e.Path, e.Line, e.Message)
	}
}
