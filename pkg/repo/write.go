package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/casework/casework/pkg/safeio"
)

// CreateCase writes a new case folder whole or not at all: its files go into a hidden folder
// beside the others, which is renamed into place last. A crash leaves at most a hidden folder
// that no command reads (check names it). It refuses to replace an existing case.
func (r *Repo) CreateCase(id string, files map[string][]byte) error {
	if !IsID(id) {
		return fmt.Errorf("invalid case id %q", id)
	}
	final := r.Abs(CaseDir(id))
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("case %s already exists: %w", id, fs.ErrExist)
	}
	if err := r.NoLinks(CaseDir(id)); err != nil {
		return fmt.Errorf("nothing was written: %w", err)
	}
	if err := safeio.MkdirAll(r.Abs(CasesDir)); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(r.Abs(CasesDir), ".new-"+id+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // no-op once renamed
	if err := os.Chmod(tmp, safeio.DirPerm); err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := safeio.MkdirAll(filepath.Dir(p)); err != nil {
			return err
		}
		if err := safeio.WriteFile(p, data); err != nil {
			return err
		}
	}
	// rename(2) would replace an empty folder of the same name; the Lstat above and the lock
	// held by every writer rule that out.
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	return syncDir(r.Abs(CasesDir))
}

// AddEntry writes one new entry file in a case, refusing to replace one that exists. It returns
// the entry's path from the root.
func (r *Repo) AddEntry(caseID, folder, entryID string, data []byte) (string, error) {
	if !IsID(entryID) {
		return "", fmt.Errorf("invalid entry id %q", entryID)
	}
	rel := CaseDir(caseID) + "/" + folder + "/" + entryID + ".yaml"
	if err := r.NoLinks(rel); err != nil {
		return "", fmt.Errorf("nothing was written: %w", err)
	}
	if err := safeio.MkdirAll(filepath.Dir(r.Abs(rel))); err != nil {
		return "", err
	}
	if err := safeio.WriteNew(r.Abs(rel), data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("entry %s already exists; nothing was written: %w", rel, err)
		}
		return "", err
	}
	return rel, nil
}

// ReplaceFile atomically rewrites a file of the repository (the people registry, the config).
func (r *Repo) ReplaceFile(rel string, data []byte) error {
	if err := r.NoLinks(path.Dir(rel)); err != nil {
		return fmt.Errorf("nothing was written: %w", err)
	}
	if err := safeio.MkdirAll(filepath.Dir(r.Abs(rel))); err != nil {
		return err
	}
	return safeio.WriteFile(r.Abs(rel), data)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}
