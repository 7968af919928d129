//go:build !linux

package repo

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
)

// dirStat is an open folder: its entries, and a stat of each.
type dirStat struct {
	dir  string
	ents []fs.DirEntry
}

func openDir(dir string) (*dirStat, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	return &dirStat{dir: dir, ents: ents}, nil
}

func (d *dirStat) close() {}

// stat appends to buf what the fingerprint keeps of a file where the system gives no portable
// inode or change time: type and permissions, size and modification time in nanoseconds.
func (d *dirStat) stat(buf []byte, name string) ([]byte, bool, error) {
	fi, err := os.Lstat(filepath.Join(d.dir, name))
	if err != nil {
		return buf, false, err
	}
	le := binary.LittleEndian
	buf = le.AppendUint32(buf, uint32(fi.Mode()))
	if fi.IsDir() {
		return buf, true, nil // what a folder holds, the walk sees by itself
	}
	buf = le.AppendUint64(buf, uint64(fi.Size()))
	buf = le.AppendUint64(buf, uint64(fi.ModTime().UnixNano()))
	return buf, false, nil
}
