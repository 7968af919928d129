package repo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// MaxFileSize bounds what casework reads of one file of the repository. A record is a few
// kilobytes; a file of many megabytes is a document saved in the wrong place, or an attack, and
// is refused rather than read whole.
const MaxFileSize = 10 << 20

// NoLinks refuses a path of the repository (a slash path from the root) when one of its parts
// below the root is a symbolic link: a link may point anywhere, and casework reads and writes
// only inside the repository. Parts that do not exist yet are fine: they will be created as
// real folders.
func (r *Repo) NoLinks(rel string) error {
	cur := r.Root
	for i, part := range strings.Split(rel, "/") {
		if part == "" || part == "." {
			continue
		}
		cur += string(os.PathSeparator) + part
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			p := strings.Join(strings.Split(rel, "/")[:i+1], "/")
			return fmt.Errorf("%s is a symbolic link: casework reads and writes only inside the repository, never through a link; replace the link with the real file or folder", p)
		}
	}
	return nil
}

// ReadFile reads a file of the repository, refusing what is not a plain file inside it: a
// symbolic link (it may point outside the repository), a pipe or a device (reading it could
// block forever or never end), or a file over MaxFileSize. A missing file gives an error
// satisfying errors.Is(err, fs.ErrNotExist).
func (r *Repo) ReadFile(rel string) ([]byte, error) {
	if err := r.NoLinks(path.Dir(rel)); err != nil {
		return nil, err
	}
	return r.readPlain(rel)
}

// readPlain is ReadFile once the folders of rel are known to be no links.
func (r *Repo) readPlain(rel string) ([]byte, error) {
	fi, err := os.Lstat(r.Abs(rel))
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, errors.New("a symbolic link, which casework does not follow (it may point outside the repository): replace the link with the file itself")
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a plain file (%v): casework reads only plain files; move it out of the repository", fi.Mode().Type())
	}
	if fi.Size() > MaxFileSize {
		return nil, tooLarge(fi.Size())
	}
	f, err := os.Open(r.Abs(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read into a buffer of the size Lstat gave (one more byte shows a file that grew).
	data, err := readAll(io.LimitReader(f, MaxFileSize+1), make([]byte, 0, min(fi.Size(), MaxFileSize)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}

func tooLarge(size int64) error {
	return fmt.Errorf("the file is %.1f MB, over the %d MB casework reads: a record is a few kilobytes; move the file out of the repository (keep documents elsewhere)",
		float64(size)/(1<<20), MaxFileSize>>20)
}

// readAll is io.ReadAll into buf, which it grows only if the file is bigger than expected.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
