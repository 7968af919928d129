//go:build linux || darwin || freebsd || netbsd || openbsd

package repo

import (
	"encoding/binary"
	"io/fs"
	"syscall"
)

// appendSys adds the inode, device and change time: a file replaced by another, or changed
// and given back its old modification time, is still seen.
func appendSys(buf []byte, fi fs.FileInfo) []byte {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return buf
	}
	sec, nsec := ctime(st)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(st.Ino))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(st.Dev))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(sec))
	return binary.LittleEndian.AppendUint64(buf, uint64(nsec))
}
