package repo

import (
	"encoding/binary"
	"golang.org/x/sys/unix"
	"io/fs"
	"os"
)

// dirStat is an open folder: its entries (unsorted: the fingerprint does not depend on order)
// and a stat of each by name relative to the folder, which spares the kernel the walk of the
// whole path for every file.
type dirStat struct {
	f    *os.File
	fd   int
	ents []fs.DirEntry
}

func openDir(dir string) (*dirStat, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	ents, err := f.ReadDir(-1)
	if err != nil {
		f.Close()
		return nil, err
	}
	// The descriptor through SyscallConn, not Fd, which would switch it to blocking mode.
	d := &dirStat{f: f, ents: ents}
	rc, err := f.SyscallConn()
	if err == nil {
		err = rc.Control(func(fd uintptr) { d.fd = int(fd) })
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return d, nil
}

func (d *dirStat) close() { d.f.Close() }

// stat appends to buf what the fingerprint keeps of a file: type and permissions, size,
// modification time in nanoseconds, inode, device and change time. A file replaced by another, or
// changed and given back its old size and modification time, still changes its record.
func (d *dirStat) stat(buf []byte, name string) ([]byte, bool, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err == unix.ENOENT {
			return buf, false, fs.ErrNotExist
		}
		if err != nil {
			return buf, false, &fs.PathError{Op: "fstatat", Path: name, Err: err}
		}
		break
	}
	le := binary.LittleEndian
	buf = le.AppendUint32(buf, uint32(st.Mode))
	isDir := st.Mode&unix.S_IFMT == unix.S_IFDIR
	if isDir {
		// A folder's times change with what it holds, which the walk sees by itself; a
		// leftover temporary file must not make everything look changed.
		buf = le.AppendUint64(buf, uint64(st.Ino))
		return le.AppendUint64(buf, uint64(st.Dev)), true, nil
	}
	buf = le.AppendUint64(buf, uint64(st.Size))
	buf = le.AppendUint64(buf, uint64(st.Mtim.Sec))
	buf = le.AppendUint64(buf, uint64(st.Mtim.Nsec))
	buf = le.AppendUint64(buf, uint64(st.Ino))
	buf = le.AppendUint64(buf, uint64(st.Dev))
	buf = le.AppendUint64(buf, uint64(st.Ctim.Sec))
	buf = le.AppendUint64(buf, uint64(st.Ctim.Nsec))
	return buf, false, nil
}
