// Package cache keeps derived facts about cases under the repository's git-ignored .casework/
// folder, so that a command run again reads only what changed. A cache is never the source of
// truth: each entry is tied to the fingerprint of the files it was derived from (repo.Fingerprint:
// names, sizes, modification and change times, inodes), checked against a stat walk before it is
// used, and the whole file to a key (the casework build, the configuration, the date asked for);
// anything that does not match, and any file that cannot be read as a cache of this kind, is
// ignored and rebuilt.
//
// A cache holds no identifying data: no names, addresses, phone numbers or note texts, only what
// the caller stores, which must be dates, codes, statuses, counts and ids.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
)

// Dir is the cache folder, under the repository's state folder.
const Dir = repo.StateDir + "/cache"

// version changes whenever the file layout changes.
const version = 1

// MaxSize bounds what is read of a cache file; a bigger one is ignored.
const MaxSize = 256 << 20

// Entry is what is known of one case: the fingerprint of the files its value was derived from.
// Light is the fingerprint of the files read first; Full, when set, of every file of the case.
type Entry[V any] struct {
	Light repo.Fingerprint  `json:"l"`
	Full  *repo.Fingerprint `json:"f,omitempty"`
	V     V                 `json:"v"`
}

// Store is one cache file, in memory; safe for use by several goroutines.
type Store[V any] struct {
	r       *repo.Repo
	rel     string
	path    string
	header  string
	mu      sync.Mutex
	entries map[string]Entry[V]
	dirty   bool
}

// Key sums the parts a cache's entries depend on besides the files: the casework build, the
// configuration, the options of the command.
func Key(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		b, err := json.Marshal(p)
		if err != nil {
			b = []byte(fmt.Sprint(p))
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Build identifies the running casework: its executable's path, size and modification time, so
// that a new build never trusts what an older one derived.
func Build() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return exe
	}
	return fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
}

// Open reads the cache file name of the repository if it exists and was written for key; in any
// other case (missing, unreadable, corrupt, of another version or key, a link) the store starts
// empty and Save replaces the file.
func Open[V any](r *repo.Repo, name, key string) *Store[V] {
	s := &Store[V]{
		r:       r,
		rel:     Dir + "/" + name,
		path:    r.Abs(Dir + "/" + name),
		header:  fmt.Sprintf("casework cache %d %s %s\n", version, name, key),
		entries: map[string]Entry[V]{},
	}
	data, err := s.read(r, name)
	if err != nil {
		return s
	}
	rest, ok := bytes.CutPrefix(data, []byte(s.header))
	if !ok {
		return s
	}
	var entries map[string]Entry[V]
	if err := json.Unmarshal(rest, &entries); err != nil || entries == nil {
		return s
	}
	s.entries = entries
	return s
}

func (s *Store[V]) read(r *repo.Repo, name string) ([]byte, error) {
	if err := r.NoLinks(Dir + "/" + name); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(s.path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > MaxSize {
		return nil, errors.New("not a cache file")
	}
	return os.ReadFile(s.path)
}

// Get returns the entry of a case. A nil store is an empty cache that keeps nothing.
func (s *Store[V]) Get(id string) (Entry[V], bool) {
	if s == nil {
		return Entry[V]{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	return e, ok
}

// Put records the entry of a case.
func (s *Store[V]) Put(id string, e Entry[V]) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries[id] = e
	s.dirty = true
}

// Keep forgets the cases not named (deleted or renamed folders).
func (s *Store[V]) Keep(ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := make(map[string]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	for id := range s.entries {
		if !keep[id] {
			delete(s.entries, id)
			s.dirty = true
		}
	}
}

// Len is the number of entries.
func (s *Store[V]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// Save writes the cache file when something changed: atomically, 0600 in a 0700 folder. A cache
// that cannot be written is no failure of the command: the next run rebuilds it.
func (s *Store[V]) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dirty {
		return nil
	}
	body, err := json.Marshal(s.entries)
	if err != nil {
		return err
	}
	if err := s.r.NoLinks(s.rel); err != nil {
		return err
	}
	if err := safeio.MkdirAll(filepath.Dir(s.path)); err != nil {
		return err
	}
	data := make([]byte, 0, len(s.header)+len(body))
	data = append(append(data, s.header...), body...)
	if err := writeAtomic(s.path, data); err != nil && !errors.Is(err, fs.ErrPermission) {
		return err
	}
	s.dirty = false
	return nil
}

// writeAtomic replaces path with data through a temporary file (0600) renamed over it, so that
// readers see the old cache or the new one. Unlike the records' writes it does not wait for the
// disk (no fsync): after a crash the file may be empty or cut short, which Open ignores, and the
// next run rebuilds it.
func writeAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Chmod(safeio.FilePerm)
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
