package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/repo"
)

type fact struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

func newRepo(t *testing.T) *repo.Repo {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, repo.ConfigFile), []byte("schema_version: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := repo.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestStoreRoundTrip(t *testing.T) {
	r := newRepo(t)
	s := Open[fact](r, "facts", Key("facts", 1))
	if s.Len() != 0 {
		t.Fatal("a new cache is not empty")
	}
	fp := repo.Fingerprint{Sum: 1, Xor: 2, Files: 3}
	s.Put("2026-11-22-k7f3m", Entry[fact]{Light: fp, V: fact{"closed", 2}})
	s.Put("2026-11-23-abcde", Entry[fact]{Light: fp, Full: &fp, V: fact{"accepted", 1}})
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{Dir: 0o700, Dir + "/facts": 0o600} {
		fi, err := os.Stat(r.Abs(path))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s is %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
	s = Open[fact](r, "facts", Key("facts", 1))
	e, ok := s.Get("2026-11-23-abcde")
	if !ok || e.V != (fact{"accepted", 1}) || e.Full == nil || *e.Full != fp || e.Light != fp {
		t.Fatalf("read back %+v, %v", e, ok)
	}
	s.Keep([]string{"2026-11-23-abcde"})
	if _, ok := s.Get("2026-11-22-k7f3m"); ok || s.Len() != 1 {
		t.Error("Keep kept a case that is gone")
	}
	// Another key (a new build, another configuration or date): nothing is trusted.
	if s := Open[fact](r, "facts", Key("facts", 2)); s.Len() != 0 {
		t.Error("a cache written for another key was used")
	}
}

func TestStoreIgnoresBrokenFiles(t *testing.T) {
	r := newRepo(t)
	key := Key("facts", 1)
	good := Open[fact](r, "facts", key)
	good.Put("2026-11-22-k7f3m", Entry[fact]{V: fact{"closed", 2}})
	if err := good.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(r.Abs(Dir + "/facts"))
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(data), "\n")
	for what, content := range map[string]string{
		"empty":                  "",
		"garbage":                "\x00\xff garbage",
		"cut short":              string(data[:len(data)-5]),
		"foreign JSON":           `{"2026-11-22-k7f3m": {"v": {"status": "closed"}}}`,
		"another version":        strings.Replace(string(data), "casework cache 1 ", "casework cache 99 ", 1),
		"another kind":           strings.Replace(string(data), " facts ", " other ", 1),
		"right header, not JSON": header + "\nnot json",
		"right header, null":     header + "\nnull",
	} {
		if err := os.WriteFile(r.Abs(Dir+"/facts"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		s := Open[fact](r, "facts", key)
		if s.Len() != 0 {
			t.Errorf("%s: a broken cache file was used", what)
		}
		// And it is rebuilt.
		s.Put("2026-11-22-k7f3m", Entry[fact]{V: fact{"closed", 3}})
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
		if e, ok := Open[fact](r, "facts", key).Get("2026-11-22-k7f3m"); !ok || e.V.Count != 3 {
			t.Errorf("%s: the cache was not rebuilt", what)
		}
	}
	// A link in place of the cache file is not followed, nor written through.
	outside := filepath.Join(t.TempDir(), "outside")
	os.WriteFile(outside, data, 0o600)
	os.Remove(r.Abs(Dir + "/facts"))
	if err := os.Symlink(outside, r.Abs(Dir+"/facts")); err != nil {
		t.Skip("no symbolic links here")
	}
	s := Open[fact](r, "facts", key)
	if s.Len() != 0 {
		t.Error("a cache file behind a link was read")
	}
	s.Put("x", Entry[fact]{})
	if err := s.Save(); err == nil {
		t.Error("a cache was written through a link")
	}
	if after, _ := os.ReadFile(outside); string(after) != string(data) {
		t.Error("the file outside the repository changed")
	}
}

func TestNilStore(t *testing.T) {
	var s *Store[fact]
	s.Put("x", Entry[fact]{})
	if _, ok := s.Get("x"); ok {
		t.Error("a nil store kept something")
	}
}
