package gitx

import (
	"os"
	"path/filepath"
	"strings"
)

// Top is the top folder of the work tree dir is in.
func Top(dir string) (string, error) {
	out, err := Run(dir, "rev-parse", "--show-toplevel")
	return strings.TrimSpace(out), err
}

// Prefix is dir's slash path from the top of its work tree, "" at the top, without a
// trailing slash.
func Prefix(dir string) (string, error) {
	out, err := Run(dir, "rev-parse", "--show-prefix")
	return strings.TrimSuffix(strings.TrimSpace(out), "/"), err
}

// GitDir is the absolute path of the repository's .git folder.
func GitDir(dir string) (string, error) {
	out, err := Run(dir, "rev-parse", "--absolute-git-dir")
	return strings.TrimSpace(out), err
}

// Operation is a git operation left unfinished in a repository.
type Operation string

// The operations InProgress recognises.
const (
	OpNone       Operation = ""
	OpRebase     Operation = "rebase"
	OpMerge      Operation = "merge"
	OpCherryPick Operation = "cherry-pick"
	OpRevert     Operation = "revert"
)

// InProgress says which operation, if any, git is in the middle of in the repository dir is in.
func InProgress(dir string) (Operation, error) {
	gitDir, err := GitDir(dir)
	if err != nil {
		return OpNone, err
	}
	for _, s := range []struct {
		name string
		op   Operation
	}{
		{"rebase-merge", OpRebase}, {"rebase-apply", OpRebase}, {"MERGE_HEAD", OpMerge},
		{"CHERRY_PICK_HEAD", OpCherryPick}, {"REVERT_HEAD", OpRevert},
	} {
		if _, err := os.Stat(filepath.Join(gitDir, s.name)); err == nil {
			return s.op, nil
		}
	}
	return OpNone, nil
}

// Conflicted lists the files with unresolved conflicts, relative to dir; only those under
// dir are listed. It reads the index only.
func Conflicted(dir string) ([]string, error) {
	out, err := Run(dir, "diff", "--name-only", "-z", "--diff-filter=U", "--relative")
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

// StatusEntry is one line of `git status --porcelain`: its two-letter code and path.
type StatusEntry struct {
	Code string // e.g. " M", "??", "A "
	Path string // slash path from the top of the work tree
}

// Status runs `git status --porcelain` limited to paths (relative to dir): it never scans the
// whole work tree.
func Status(dir string, paths ...string) ([]StatusEntry, error) {
	args := append([]string{"status", "--porcelain", "-z", "--untracked-files=all", "--"}, paths...)
	out, err := Run(dir, args...)
	if err != nil {
		return nil, err
	}
	return parseStatus(out), nil
}

func parseStatus(out string) []StatusEntry {
	var entries []StatusEntry
	recs := splitNUL(out)
	for i := 0; i < len(recs); i++ {
		rec := recs[i]
		if len(rec) < 4 {
			continue
		}
		e := StatusEntry{Code: rec[:2], Path: rec[3:]}
		if strings.ContainsAny(e.Code, "RC") {
			i++ // a rename or copy is followed by its source path
		}
		entries = append(entries, e)
	}
	return entries
}

func splitNUL(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\x00") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
