package repo

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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

// Fingerprint walks a case folder. only chooses, by name, the files and entry folders of the
// case folder whose files count (nil: all); the names of the case folder's entries always count.
func (r *Repo) Fingerprint(id string, only func(name string) bool) (Fingerprint, error) {
	part, _, err := r.walk(id, only, nil, false)
	return part, err
}

// FingerprintVisit is Fingerprint that also hands visit the slash path, from the case folder, of
// every file of an entry folder it looks at (such as "referrals/2026-11-22-k7f3m.yaml").
func (r *Repo) FingerprintVisit(id string, only func(name string) bool, visit func(rel string)) (Fingerprint, error) {
	part, _, err := r.walk(id, only, visit, false)
	return part, err
}

// Fingerprints takes, in one walk, the fingerprint of the parts only chooses and that of every
// file of the case folder.
func (r *Repo) Fingerprints(id string, only func(name string) bool) (part, all Fingerprint, err error) {
	return r.walk(id, only, nil, true)
}

func (r *Repo) walk(id string, only func(name string) bool, visit func(rel string), wantAll bool) (part, all Fingerprint, err error) {
	dir := r.Abs(CaseDir(id))
	fi, err := os.Lstat(dir)
	if err != nil {
		return part, all, err
	}
	buf := make([]byte, 0, 128)
	buf = append(buf[:0], "."...)
	buf = append(buf, 0)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(fi.Mode()))
	part.add(buf)
	all.add(buf)
	if !fi.IsDir() {
		return part, all, nil
	}
	top, err := openDir(dir)
	if err != nil {
		return part, all, err
	}
	defer top.close()
	for _, e := range top.ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		in := only == nil || only(name)
		if !in {
			// Outside the parts: only its name and kind count in part.
			buf = append(buf[:0], name...)
			buf = append(buf, 0, byte(e.Type()>>24))
			part.add(buf)
			if !wantAll {
				continue
			}
		}
		buf = append(append(buf[:0], name...), 0)
		buf, isDir, err := top.stat(buf, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // gone since the listing: the next walk sees it
		}
		if err != nil {
			return part, all, err
		}
		if in {
			part.add(buf)
		}
		all.add(buf)
		if !isDir {
			continue
		}
		sub, err := openDir(dir + string(os.PathSeparator) + name)
		if err != nil {
			return part, all, err
		}
		for _, f := range sub.ents {
			fn := f.Name()
			if strings.HasPrefix(fn, ".") {
				continue
			}
			rel := name + "/" + fn
			buf = append(append(buf[:0], rel...), 0)
			buf, _, err = sub.stat(buf, fn)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				sub.close()
				return part, all, err
			}
			if in {
				part.add(buf)
				if visit != nil {
					visit(rel)
				}
			}
			all.add(buf)
		}
		sub.close()
	}
	return part, all, nil
}

// Stamps sums, for each file named (slash paths from the root), what a stat sees of it (as
// Fingerprint does: size, times, inode), or 0 when it is missing or unreadable: a cheap way to
// tell whether a file changed since a value was derived from it.
func (r *Repo) Stamps(rels []string) ([]uint64, error) {
	d, err := openDir(r.Root)
	if err != nil {
		return nil, err
	}
	defer d.close()
	out := make([]uint64, len(rels))
	buf := make([]byte, 0, 128)
	for i, rel := range rels {
		buf = append(append(buf[:0], rel...), 0)
		rec, _, err := d.stat(buf, filepath.FromSlash(rel))
		if err == nil {
			out[i] = mix(rec)
		}
	}
	return out, nil
}
