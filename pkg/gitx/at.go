package gitx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/casework/casework/pkg/dates"
)

// Rev is a commit found from what was typed: its id, author date and subject.
type Rev struct {
	Commit     string
	AuthorDate time.Time // in the author's own offset
	Subject    string
	ByDate     bool // found as the last commit on or before a date
}

// Short is the commit's id shortened to 12 characters.
func (r Rev) Short() string {
	if len(r.Commit) > 12 {
		return r.Commit[:12]
	}
	return r.Commit
}

// ErrNoSuchRev says what was typed names neither a commit nor a date.
var ErrNoSuchRev = errors.New("no such commit")

// ResolveAt finds the commit spec names: a commit, tag or branch (anything git rev-parse
// takes), else a date as parseDate reads it, taken as the last commit of HEAD's history made
// on or before the end of that day in loc (git rev-list -1 --before).
func ResolveAt(dir, spec string, parseDate func(string) (dates.Date, error), loc *time.Location) (Rev, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return Rev{}, fmt.Errorf("%w: an empty revision", ErrNoSuchRev)
	}
	if !strings.HasPrefix(spec, "-") {
		if out, err := Run(dir, "rev-parse", "-q", "--verify", spec+"^{commit}"); err == nil {
			return commitInfo(dir, strings.TrimSpace(out))
		}
	}
	d, derr := parseDate(spec)
	if derr != nil {
		return Rev{}, fmt.Errorf("%w: %q is neither a commit, tag or branch of this repository nor a date (%v)", ErrNoSuchRev, spec, derr)
	}
	rev, err := CommitOnOrBefore(dir, d, loc)
	if err != nil {
		return Rev{}, err
	}
	rev.ByDate = true
	return rev, nil
}

// BeforeArg is the --before value that keeps the commits made on or before the end of day d
// in loc: the last second of the day, with its offset, so that git reads no time zone into it.
func BeforeArg(d dates.Date, loc *time.Location) string {
	end := d.AddDays(1).Time(loc).Add(-time.Second)
	return end.Format("2006-01-02 15:04:05 -0700")
}

// CommitOnOrBefore is the last commit of HEAD's history made (by its commit date) on or
// before the end of day d in loc.
func CommitOnOrBefore(dir string, d dates.Date, loc *time.Location) (Rev, error) {
	if !HasCommits(dir) {
		return Rev{}, fmt.Errorf("%w: the repository has no commits yet", ErrNoSuchRev)
	}
	out, err := Run(dir, "rev-list", "-1", "--before="+BeforeArg(d, loc), "HEAD")
	if err != nil {
		return Rev{}, err
	}
	id := strings.TrimSpace(out)
	if id == "" {
		return Rev{}, fmt.Errorf("%w: no commit on or before %s (the history starts later)", ErrNoSuchRev, d)
	}
	return commitInfo(dir, id)
}

func commitInfo(dir, id string) (Rev, error) {
	out, err := Run(dir, "show", "-s", "--format=%H%x1f%aI%x1f%s", id)
	if err != nil {
		return Rev{}, err
	}
	f := strings.SplitN(strings.TrimRight(out, "\n"), fieldSep, 3)
	if len(f) != 3 {
		return Rev{}, fmt.Errorf("git show %s: unexpected output %.60q", id, out)
	}
	t, err := time.Parse(time.RFC3339, f[1])
	if err != nil {
		return Rev{}, fmt.Errorf("git show %s: author date %q: %w", id, f[1], err)
	}
	return Rev{Commit: f[0], AuthorDate: t, Subject: f[2]}, nil
}

// ErrNotInCommit says the folder asked for did not exist in the commit.
var ErrNotInCommit = errors.New("the folder is not in that commit")

// Extract writes the files of the folder prefix (a slash path from the top of the work tree;
// "" for all of it) as they stood at commit into dest, which must exist. It reads objects
// only (git ls-tree and git cat-file): the work tree, the index and HEAD are not touched, and
// no .gitattributes filter rewrites a byte. Files are written 0600 and folders 0700;
// symbolic links and submodules are left out, and no path may leave dest. It returns the
// number of files written.
func Extract(dir, commit, prefix, dest string) (int, error) {
	treeish := commit + ":" + prefix
	out, err := Run(dir, "ls-tree", "-r", "-z", "--full-tree", treeish)
	if err != nil {
		if _, terr := Run(dir, "rev-parse", "-q", "--verify", treeish+"^{tree}"); terr != nil {
			return 0, fmt.Errorf("%w: %s has no folder %q", ErrNotInCommit, shortID(commit), prefix)
		}
		return 0, err
	}
	type blob struct{ id, path string }
	var blobs []blob
	for _, rec := range splitNUL(out) {
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return 0, fmt.Errorf("git ls-tree: unexpected line %.60q", rec)
		}
		if f[1] != "blob" || f[0] == "120000" {
			continue // submodules and symbolic links: never followed out of the copy
		}
		clean := path.Clean(name)
		if clean != name || path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return 0, fmt.Errorf("git ls-tree: refusing the path %q", name)
		}
		blobs = append(blobs, blob{f[2], clean})
	}
	if len(blobs) == 0 {
		return 0, nil
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	var ids strings.Builder
	for _, b := range blobs {
		ids.WriteString(b.id)
		ids.WriteByte('\n')
	}
	cmd.Stdin = strings.NewReader(ids.String())
	var errOut strings.Builder
	cmd.Stderr = &errOut
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	n, werr := writeBlobs(bufio.NewReader(stdout), len(blobs), func(i int) string { return blobs[i].id },
		func(i int) string { return filepath.Join(dest, filepath.FromSlash(blobs[i].path)) })
	if werr != nil {
		_, _ = io.Copy(io.Discard, stdout)
	}
	if err := cmd.Wait(); err != nil && werr == nil {
		werr = fmt.Errorf("git cat-file: %s", strings.TrimSpace(errOut.String()+" "+err.Error()))
	}
	return n, werr
}

// writeBlobs reads count objects in `git cat-file --batch` form ("<id> blob <size>\n<data>\n")
// and writes each to target(i).
func writeBlobs(r *bufio.Reader, count int, id, target func(int) string) (int, error) {
	for i := 0; i < count; i++ {
		header, err := r.ReadString('\n')
		if err != nil {
			return i, fmt.Errorf("git cat-file: %w", err)
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[0] != id(i) || f[1] != "blob" {
			return i, fmt.Errorf("git cat-file: unexpected header %.60q", header)
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 {
			return i, fmt.Errorf("git cat-file: unexpected header %.60q", header)
		}
		p := target(i)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return i, err
		}
		fh, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return i, err
		}
		_, err = io.CopyN(fh, r, size)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return i, err
		}
		if b, err := r.ReadByte(); err != nil || b != '\n' {
			return i, errors.New("git cat-file: an object does not end where its size says")
		}
	}
	return count, nil
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
