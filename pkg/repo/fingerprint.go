package repo

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Fingerprint sums what a stat walk sees of a case folder: the names of what it holds, and for
// each file read (those Only allows, and every file of the entry folders it allows) its name,
// size, modification time in nanoseconds, inode and change time. Any change to one of those
// files — an edit by hand, even of the same size within the same second, a git pull or
// checkout, a file added, renamed or deleted — changes the fingerprint; reading no file's
// content, it costs a few system calls per file.
type Fingerprint struct {
	Sum, Xor uint64
	Files    int
}

// mix is FNV-1a over a record, then a final avalanche, so that summing records is sound.
func mix(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb93e185ec53
	h ^= h >> 33
	return h
}

func (f *Fingerprint) add(rec []byte) {
	h := mix(rec)
	f.Sum += h
	f.Xor ^= h
	f.Files++
}

// record is one entry's line in the fingerprint.
func record(buf []byte, rel string, fi fs.FileInfo) []byte {
	buf = append(buf[:0], rel...)
	buf = append(buf, 0)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(fi.Mode()))
	if fi.Mode().IsRegular() {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(fi.Size()))
		buf = binary.LittleEndian.AppendUint64(buf, uint64(fi.ModTime().UnixNano()))
	}
	return appendSys(buf, fi)
}

// Fingerprint walks a case folder. only chooses, by name, the files and entry folders of the
// case folder whose files count (nil: all); the names of the case folder's entries always count.
func (r *Repo) Fingerprint(id string, only func(name string) bool) (Fingerprint, error) {
	return r.FingerprintVisit(id, only, nil)
}

// FingerprintVisit is Fingerprint that also hands visit the slash path, from the case folder, of
// every file of an entry folder it looks at (such as "referrals/2026-11-22-k7f3m.yaml").
func (r *Repo) FingerprintVisit(id string, only func(name string) bool, visit func(rel string)) (Fingerprint, error) {
	var fp Fingerprint
	dir := r.Abs(CaseDir(id))
	fi, err := os.Lstat(dir)
	if err != nil {
		return fp, err
	}
	buf := make([]byte, 0, 128)
	buf = append(buf[:0], "."...)
	buf = append(buf, 0)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(fi.Mode()))
	fp.add(appendSys(buf, fi))
	if !fi.IsDir() {
		return fp, nil
	}
	ents, err := readNames(dir)
	if err != nil {
		return fp, err
	}
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if only != nil && !only(name) {
			buf = append(buf[:0], name...)
			buf = append(buf, 0, byte(e.Type()>>24))
			fp.add(buf)
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // gone since the listing: the next walk sees it
		}
		if err != nil {
			return fp, err
		}
		fp.add(record(buf, name, fi))
		if !fi.IsDir() {
			continue
		}
		files, err := readNames(dir + string(os.PathSeparator) + name)
		if err != nil {
			return fp, err
		}
		for _, f := range files {
			fn := f.Name()
			if strings.HasPrefix(fn, ".") {
				continue
			}
			fi, err := f.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fp, err
			}
			rel := name + "/" + fn
			fp.add(record(buf, rel, fi))
			if visit != nil {
				visit(rel)
			}
		}
	}
	return fp, nil
}

// readNames lists a folder without sorting it: the fingerprint does not depend on order.
func readNames(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}
