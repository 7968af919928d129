package repo

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// rewrite changes a file in place (the same inode) to data of the same size and gives it back
// its modification time, as a careless tool or a clock gone back might: only the change time
// (and the content) tell.
func rewrite(t *testing.T, path, data string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) != fi.Size() {
		t.Fatalf("rewrite %s: %d bytes for a file of %d", path, len(data), fi.Size())
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

func TestFingerprintSeesEveryChange(t *testing.T) {
	root := t.TempDir()
	r := &Repo{Root: root}
	id := "2026-11-22-k7f3m"
	dir := filepath.Join(root, "cases", id)
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("intake.yaml", "received_on: 2026-11-22\n")
	write("people.yaml", "people: []\n")
	write("notes/2026-11-22-aaaaa.yaml", "text: one\n")
	write("closures/2026-11-30-bbbbb.yaml", "closed_on: 2026-11-30\n")
	// The ctime of a file changed within the same clock tick as its creation could be equal on
	// coarse clocks: wait a little so that every change below shows in it.
	time.Sleep(20 * time.Millisecond)

	type fps struct{ full, light Fingerprint }
	take := func() fps {
		t.Helper()
		full, err := r.Fingerprint(id, nil)
		if err != nil {
			t.Fatal(err)
		}
		light, err := r.Fingerprint(id, StatusParts)
		if err != nil {
			t.Fatal(err)
		}
		if l2, f2, err := r.Fingerprints(id, StatusParts); err != nil || l2 != light || f2 != full {
			t.Fatalf("one walk for both fingerprints gives %v %v, two walks %v %v (%v)", l2, f2, light, full, err)
		}
		return fps{full, light}
	}
	prev := take()
	if again := take(); again != prev {
		t.Fatal("two walks of unchanged files differ")
	}
	steps := []struct {
		what        string
		do          func()
		full, light bool // which fingerprints must change
	}{
		{"a note edited in place, same size and time", func() {
			rewrite(t, filepath.Join(dir, "notes", "2026-11-22-aaaaa.yaml"), "text: two\n")
		}, true, false},
		{"the intake edited in place, same size and time", func() {
			rewrite(t, filepath.Join(dir, "intake.yaml"), "received_on: 2026-11-21\n")
		}, true, true},
		{"a closure replaced by another file (a checkout)", func() {
			p := filepath.Join(dir, "closures", "2026-11-30-bbbbb.yaml")
			fi, _ := os.Stat(p)
			write("closures/.new", "closed_on: 2026-11-29\n")
			if err := os.Rename(filepath.Join(dir, "closures", ".new"), p); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		}, true, true},
		{"a note added", func() { write("notes/2026-11-23-ccccc.yaml", "text: three\n") }, true, false},
		{"a note renamed", func() {
			if err := os.Rename(filepath.Join(dir, "notes", "2026-11-23-ccccc.yaml"), filepath.Join(dir, "notes", "2026-11-23-ddddd.yaml")); err != nil {
				t.Fatal(err)
			}
		}, true, false},
		{"a note deleted", func() { os.Remove(filepath.Join(dir, "notes", "2026-11-23-ddddd.yaml")) }, true, false},
		{"a reopening folder made", func() { write("reopenings/2026-12-01-eeeee.yaml", "reopened_on: 2026-12-01\n") }, true, true},
		{"the closure deleted", func() { os.Remove(filepath.Join(dir, "closures", "2026-11-30-bbbbb.yaml")) }, true, true},
		{"a plan added", func() { write("plan.yaml", "goals: []\n") }, true, true}, // a new name in the case folder
		{"a temporary file of an interrupted write", func() { write("notes/.2026-11-24-fffff.yaml.tmp-1", "x") }, false, false},
	}
	for _, s := range steps {
		s.do()
		now := take()
		if (now.full != prev.full) != s.full {
			t.Errorf("%s: full fingerprint changed = %v, want %v", s.what, now.full != prev.full, s.full)
		}
		if (now.light != prev.light) != s.light {
			t.Errorf("%s: status fingerprint changed = %v, want %v", s.what, now.light != prev.light, s.light)
		}
		prev = now
	}

	stamps, err := r.Stamps([]string{CaseDir(id) + "/people.yaml", CaseDir(id) + "/people.yaml.age"})
	if err != nil {
		t.Fatal(err)
	}
	if stamps[0] == 0 || stamps[1] != 0 {
		t.Fatalf("stamps = %v, want one for people.yaml and 0 for the missing file", stamps)
	}
	rewrite(t, filepath.Join(dir, "people.yaml"), "people: {}\n")
	again, _ := r.Stamps([]string{CaseDir(id) + "/people.yaml"})
	if again[0] == stamps[0] {
		t.Error("a registry edited in place, same size and time, kept its stamp")
	}
}

func TestMergeAddsEveryPart(t *testing.T) {
	root := t.TempDir()
	r := &Repo{Root: root}
	id := "2026-11-22-k7f3m"
	dir := filepath.Join(root, "cases", id)
	for rel, data := range map[string]string{
		"intake.yaml": "", "people.yaml": "", "notes/x.yaml": "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, []byte(data), 0o600)
	}
	a, _, err := r.LoadCase(id, LoadOptions{Only: StatusParts})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := r.LoadCase(id, LoadOptions{Only: Not(StatusParts), KeepNodes: true})
	if err != nil {
		t.Fatal(err)
	}
	b.Nodes["x"] = nil
	Merge(a, b)
	if _, ok := a.Nodes["x"]; !ok {
		t.Error("Merge left out the YAML trees")
	}
}

// TestIsIDMatchesPattern holds the hand-written IsID to the pattern it replaces.
func TestIsIDMatchesPattern(t *testing.T) {
	cases := []string{"", "2026-11-22-k7f3m", "2026-11-22-k7f3mq", "2026-11-22-k7f3mqq", "2026-11-22-k7f3", "2026-11-22-K7F3M",
		"2026-11-22-k7f3i", "2026-11-22-k7f3l", "2026-11-22-k7f3o", "2026-11-22-k7f3u", "2026-11-22_k7f3m", "2026-1a-22-k7f3m",
		"２026-11-22-k7f3m", "2026-11-22-k7f3m\n", "x2026-11-22-k7f3", "2026-11-22--7f3m", "0000-00-00-00000", "9999-99-99-zzzzzz"}
	for c := 0; c < 256; c++ {
		cases = append(cases, "2026-11-22-k7f3"+string(rune(c)), "2026-11-2"+string(rune(c))+"-k7f3m")
	}
	for _, s := range cases {
		if got, want := IsID(s), idPattern.MatchString(s); got != want {
			t.Errorf("IsID(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

// TestStreamOrderAndStop: results come in order whatever the workers' pace, and an error of
// emit stops the stream without a hang.
func TestStreamOrderAndStop(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 100, 1001} {
		var got []int
		err := Stream(n, func(i int) int {
			if i%7 == 0 {
				time.Sleep(time.Millisecond)
			}
			return i * i
		}, func(v int) error {
			got = append(got, v)
			return nil
		})
		if err != nil || len(got) != n {
			t.Fatalf("n=%d: %d results, %v", n, len(got), err)
		}
		for i, v := range got {
			if v != i*i {
				t.Fatalf("n=%d: result %d is %d", n, i, v)
			}
		}
	}
	stop := os.ErrClosed
	seen := 0
	err := Stream(1000, func(i int) int { return i }, func(v int) error {
		seen++
		if v == 50 {
			return stop
		}
		return nil
	})
	if err != stop || seen != 51 {
		t.Fatalf("stopped after %d results with %v", seen, err)
	}
}
