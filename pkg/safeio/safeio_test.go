package safeio

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// names lists dir, so tests can check that no temp file is left behind.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func assertOnly(t *testing.T, dir string, want ...string) {
	t.Helper()
	got := names(t, dir)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("folder holds %q, want %q", got, want)
	}
}

func assertContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s = %q, want %q", path, got, want)
	}
}

func TestMkdirAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := MkdirAll(dir); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() || info.Mode().Perm() != DirPerm {
		t.Fatalf("mode %v, want dir %o", info.Mode(), DirPerm)
	}
}

func TestWriteFileCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "case.yaml")

	if err := WriteFile(path, []byte("v1")); err != nil {
		t.Fatal(err)
	}
	assertContent(t, path, "v1")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != FilePerm {
		t.Fatalf("mode %o, want %o", info.Mode().Perm(), FilePerm)
	}

	// A wider existing mode must not survive the replace.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("v2 longer")); err != nil {
		t.Fatal(err)
	}
	assertContent(t, path, "v2 longer")
	info, err = os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != FilePerm {
		t.Fatalf("mode after replace %o, want %o", info.Mode().Perm(), FilePerm)
	}
	assertOnly(t, dir, "case.yaml")
}

func TestWriteFileFailureOnDirectory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "case.yaml")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "inner"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new")); err == nil {
		t.Fatal("WriteFile over a directory succeeded")
	}
	assertContent(t, filepath.Join(path, "inner"), "keep")
	assertOnly(t, dir, "case.yaml")
}

func TestWriteFileFailureOnReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "case.yaml")
	if err := WriteFile(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })

	if err := WriteFile(path, []byte("new")); err == nil {
		t.Fatal("WriteFile into a read-only folder succeeded")
	}
	assertContent(t, path, "old")
	assertOnly(t, dir, "case.yaml")
}

func TestWriteFileMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "case.yaml")
	if err := WriteFile(path, []byte("x")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "case.yaml")

	if err := WriteNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	assertContent(t, path, "first")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != FilePerm {
		t.Fatalf("mode %o, want %o", info.Mode().Perm(), FilePerm)
	}

	err = WriteNew(path, []byte("second"))
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error leaks the temp name: %v", err)
	}
	assertContent(t, path, "first")
	assertOnly(t, dir, "case.yaml")
}

func TestWriteNewConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "case.yaml")

	const n = 20
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		errs    = make([]error, n)
		winners []int
	)
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = WriteNew(path, []byte("writer "+strconv.Itoa(i)))
		})
	}
	close(start)
	wg.Wait()

	for i, err := range errs {
		switch {
		case err == nil:
			winners = append(winners, i)
		case !errors.Is(err, fs.ErrExist):
			t.Errorf("writer %d: %v, want fs.ErrExist", i, err)
		}
	}
	if len(winners) != 1 {
		t.Fatalf("%d writers succeeded, want exactly 1", len(winners))
	}
	assertContent(t, path, "writer "+strconv.Itoa(winners[0]))
	assertOnly(t, dir, "case.yaml")
}

func TestLockExcludesAndReleases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "lock")

	l, err := Acquire(path, "casework add  case-7", 0)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != FilePerm {
		t.Fatalf("lock file mode %o, want %o", info.Mode().Perm(), FilePerm)
	}
	dinfo, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if dinfo.Mode().Perm() != DirPerm {
		t.Fatalf("lock folder mode %o, want %o", dinfo.Mode().Perm(), DirPerm)
	}

	// flock belongs to the open file description, so a second Acquire in
	// the same process opens its own and must be refused.
	const timeout = 100 * time.Millisecond
	begin := time.Now()
	l2, err := Acquire(path, "casework edit", timeout)
	if elapsed := time.Since(begin); elapsed < timeout {
		t.Errorf("gave up after %v, want at least %v", elapsed, timeout)
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Acquire: %v (lock %v), want ErrLocked", err, l2)
	}
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("error %T is not a *LockedError", err)
	}
	if le.Path != path {
		t.Errorf("Path = %q, want %q", le.Path, path)
	}
	wantPid := fmt.Sprintf("pid %d ", os.Getpid())
	for _, want := range []string{"casework add case-7", wantPid} {
		if !strings.Contains(le.Holder, want) {
			t.Errorf("Holder = %q, want it to contain %q", le.Holder, want)
		}
	}
	if want := "repository is locked by " + le.Holder + " (lock file " + path + ")"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}

	// timeout 0 tries once, without waiting.
	begin = time.Now()
	if _, err := Acquire(path, "x", 0); !errors.Is(err, ErrLocked) {
		t.Fatalf("try-once Acquire: %v, want ErrLocked", err)
	}
	if elapsed := time.Since(begin); elapsed > 500*time.Millisecond {
		t.Errorf("try-once Acquire took %v", elapsed)
	}

	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("lock file gone after Release: %v", err)
	}

	l3, err := Acquire(path, "casework edit", 0)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	defer l3.Release()
	if got := readHolder(path); !strings.Contains(got, "casework edit") {
		t.Errorf("holder line %q does not name the new holder", got)
	}
}

func TestLockWaitsForRelease(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	l, err := Acquire(path, "first", 0)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, func() { l.Release() })
	l2, err := Acquire(path, "second", 5*time.Second)
	if err != nil {
		t.Fatalf("Acquire did not get the lock once released: %v", err)
	}
	l2.Release()
}

const holdEnv = "SAFEIO_TEST_HOLD_LOCK"

// TestHelperHoldLock is not a test: it is the child process of
// TestLockAcrossProcesses, holding the lock until killed.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	if _, err := Acquire(path, "child holder", 0); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(1) // never reached when the parent kills us
}

func TestLockAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	line, err := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("child said %q (%v)", line, err)
	}

	_, err = Acquire(path, "parent", 100*time.Millisecond)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Acquire while child holds the lock: %v, want ErrLocked", err)
	}
	wantPid := fmt.Sprintf("pid %d ", cmd.Process.Pid)
	if msg := err.Error(); !strings.Contains(msg, "child holder") || !strings.Contains(msg, wantPid) {
		t.Errorf("error %q does not name the child (%s)", msg, wantPid)
	}

	// SIGKILL gives the child no chance to clean up: the kernel must free it.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	l, err := Acquire(path, "parent", 2*time.Second)
	if err != nil {
		t.Fatalf("Acquire after the child was killed: %v", err)
	}
	l.Release()
}
