package gitx

import (
	"fmt"
	"strings"
)

// LogCommit is one commit as `git log` reports it, with its trailers and the files it touched
// under the paths asked for.
type LogCommit struct {
	Hash        string
	Parents     []string
	AuthorDate  string // strict ISO 8601, in the author's own offset (%aI)
	AuthorName  string
	AuthorEmail string
	Subject     string
	Trailers    []Trailer // in the order of the message
	Files       []string  // slash paths relative to the folder git log ran in (--relative)
}

// Trailer is one "Key: value" line of a commit message's trailer block.
type Trailer struct{ Key, Value string }

// Values returns the values of the trailers named key (compared without case), in order.
func (c LogCommit) Values(key string) []string {
	var out []string
	for _, t := range c.Trailers {
		if strings.EqualFold(t.Key, key) {
			out = append(out, t.Value)
		}
	}
	return out
}

// Value returns the first value of the trailer named key, or "".
func (c LogCommit) Value(key string) string {
	if v := c.Values(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// IsMerge reports whether the commit has more than one parent.
func (c LogCommit) IsMerge() bool { return len(c.Parents) > 1 }

// The separators of LogFormat: a record separator before each commit, a unit separator after
// each field, a group separator between trailers. None can appear in a path, a name or a
// subject that casework writes, and git never emits them itself; words are never split on
// spaces.
const (
	recordSep  = "\x1e"
	fieldSep   = "\x1f"
	trailerSep = "\x1d"
	logFields  = 7
)

// LogFormat is the --format of Log: hash, parents, author date, name, email, subject, trailers.
// With -z --name-only, git follows each commit's fields with a NUL, a newline and the names of
// the files it touched, each ended by a NUL.
const LogFormat = "%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s%x1f%(trailers:only,unfold,separator=%x1d)%x1f"

// ParseLog reads the output of `git log -z --name-only --format=LogFormat`.
func ParseLog(out string) ([]LogCommit, error) {
	var commits []LogCommit
	recs := strings.Split(out, recordSep)
	if strings.TrimLeft(recs[0], "\x00\n") != "" {
		return nil, fmt.Errorf("git log: unexpected output before the first commit: %.40q", recs[0])
	}
	for _, rec := range recs[1:] {
		fields := strings.SplitN(rec, fieldSep, logFields+1)
		if len(fields) != logFields+1 {
			return nil, fmt.Errorf("git log: a commit record has %d fields, want %d: %.60q", len(fields)-1, logFields, rec)
		}
		c := LogCommit{
			Hash:        fields[0],
			AuthorDate:  fields[2],
			AuthorName:  fields[3],
			AuthorEmail: fields[4],
			Subject:     fields[5],
			Trailers:    parseTrailers(fields[6]),
		}
		if parents := strings.Fields(fields[1]); len(parents) > 0 {
			c.Parents = parents
		}
		if len(c.Hash) < 40 || strings.Trim(c.Hash, "0123456789abcdef") != "" {
			return nil, fmt.Errorf("git log: %.60q is not a commit id", c.Hash)
		}
		for _, name := range strings.Split(fields[7], "\x00") {
			// The first name follows the newline git puts after the format.
			if name = strings.TrimPrefix(name, "\n"); name != "" {
				c.Files = append(c.Files, name)
			}
		}
		commits = append(commits, c)
	}
	return commits, nil
}

func parseTrailers(s string) []Trailer {
	var out []Trailer
	for _, line := range strings.Split(s, trailerSep) {
		line = strings.TrimSpace(line)
		key, value, ok := strings.Cut(line, ":")
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			continue
		}
		out = append(out, Trailer{Key: key, Value: strings.TrimSpace(value)})
	}
	return out
}

// Log returns the history of paths (relative to dir; none means dir itself), newest first,
// with the files each commit touched there, relative to dir. A repository without commits
// has no history: Log returns nothing, without error.
func Log(dir string, paths ...string) ([]LogCommit, error) {
	if !HasCommits(dir) {
		return nil, nil
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	args := append([]string{"log", "-z", "--name-only", "--relative", "--no-color", "--no-renames",
		"--format=" + LogFormat, "HEAD", "--"}, paths...)
	out, err := Run(dir, args...)
	if err != nil {
		return nil, err
	}
	return ParseLog(out)
}

// HasCommits reports whether the git repository dir is in has a commit on HEAD.
func HasCommits(dir string) bool {
	_, err := Run(dir, "rev-parse", "-q", "--verify", "HEAD^{commit}")
	return err == nil
}
