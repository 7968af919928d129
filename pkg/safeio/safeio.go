// Package safeio provides crash-safe file writes and the repository lock, so
// that no record is ever seen half-written and two casework processes never
// write at once.
package safeio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// FilePerm is the mode of every file written: records are confidential.
const FilePerm = 0o600

// DirPerm is the mode of every folder created.
const DirPerm = 0o700

// MkdirAll creates dir and parents with DirPerm.
func MkdirAll(dir string) error {
	return os.MkdirAll(dir, DirPerm)
}

// WriteFile atomically replaces path with data. The data goes to a temp file
// in the same folder (so the rename cannot cross file systems), which is
// fsynced before the rename and the folder fsynced after, so that after a
// crash path holds either the old or the new content, never a mix. On
// failure the temp file is removed and path is untouched.
func WriteFile(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// WriteNew is WriteFile that refuses to replace an existing file: if path
// exists it returns an error satisfying errors.Is(err, fs.ErrExist) and
// changes nothing.
func WriteNew(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	// link(2) fails with EEXIST if path exists, making the check and the
	// creation one atomic step; a check followed by rename would race.
	err = os.Link(tmp, path)
	if err != nil && (errors.Is(err, errors.ErrUnsupported) || errors.Is(err, fs.ErrPermission)) {
		// Some file systems (FAT, some FUSE) have no hard links.
		err = checkedRename(tmp, path)
	}
	os.Remove(tmp) // path, if created, keeps the data
	if errors.Is(err, fs.ErrExist) {
		return &fs.PathError{Op: "write new", Path: path, Err: fs.ErrExist}
	}
	if err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// checkedRename renames tmp to path unless path exists. It is not atomic, so
// it is only a fallback; the repository lock still keeps casework safe.
func checkedRename(tmp, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fs.ErrExist
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, path)
}

// writeTemp writes data to a synced, FilePerm temp file next to path and
// returns its name; on error nothing is left behind.
func writeTemp(path string, data []byte) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	err = f.Chmod(FilePerm) // explicit, as CreateTemp's 0600 is subject to the umask
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// syncDir makes a rename or link in dir durable.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // folders cannot be opened for fsync there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
