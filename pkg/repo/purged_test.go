package repo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestPurgedCases(t *testing.T) {
	r := newRepo(t)
	id := "2015-01-05-k7f3mq"
	if err := r.CreateCase(id, map[string][]byte{"people.yaml": []byte("x"), "notes/2015-02-01-aaaaaa.yaml": []byte("y")}); err != nil {
		t.Fatal(err)
	}
	if got, err := r.Resolve("k7f3"); err != nil || got != id {
		t.Fatalf("Resolve before the purge: %q, %v", got, err)
	}
	if _, err := r.WritePurgeRecord(id, []byte("record\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.WritePurgeRecord(id, []byte("again\n")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("a second record replaced the first: %v", err)
	}
	if err := r.RemoveCase(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(r.Abs(CaseDir(id))); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the case folder is still there: %v", err)
	}
	ents, _ := os.ReadDir(r.Abs(CasesDir))
	for _, e := range ents {
		if e.Name() != ".gitkeep" {
			t.Errorf("left in cases/: %s", e.Name())
		}
	}
	for _, typed := range []string{"k7f3", id, "2015-01"} {
		var pe *PurgedError
		if _, err := r.Resolve(typed); !errors.As(err, &pe) || pe.ID != id {
			t.Errorf("Resolve(%q) after the purge: %v, want a PurgedError", typed, err)
		}
	}
	var nf *NotFoundError
	if _, err := r.Resolve("2099"); !errors.As(err, &nf) {
		t.Errorf("Resolve of nothing: %v, want NotFoundError", err)
	}
	if ids, err := r.PurgedIDs(); err != nil || len(ids) != 1 || ids[0] != id {
		t.Errorf("PurgedIDs = %v, %v", ids, err)
	}
	for p, want := range map[string]fs.FileMode{PurgedDir: 0o700, filepath.ToSlash(PurgedPath(id)): 0o600} {
		fi, err := os.Stat(r.Abs(p))
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", p, fi.Mode().Perm(), err, want)
		}
	}
	// A leftover of an interrupted removal does not stop the next one.
	if err := r.CreateCase(id, map[string][]byte{"people.yaml": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(r.Abs(CasesDir), ".tmp-purge-"+id, "notes"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := r.RemoveCase(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(r.Abs(CasesDir), ".tmp-purge-"+id)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the leftover is still there: %v", err)
	}
}
