package gitx

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// ErrMidMerge is returned when git is in the middle of a merge or rebase: a commit now would mix
// casework's files into it.
var ErrMidMerge = errors.New("git is in the middle of a merge or rebase")

// Identity is a commit's author.
type Identity struct{ Name, Email string }

// Commit records exactly files (slash paths relative to dir) in one new commit on HEAD, without
// touching anything else the user has staged or changed: the tree is built from HEAD's with git's
// plumbing (hash-object, ls-tree, mktree, commit-tree), never from the index, and never by
// scanning the work tree, so its cost grows with the depth of the paths, not the size of the
// repository. The index is then updated for those paths alone so that git status stays clean.
// It returns the new commit's id.
func Commit(dir string, files []string, author Identity, message string) (string, error) {
	return CommitRemoving(dir, files, nil, author, message)
}

// CommitRemoving is Commit that also removes paths (files or whole folders, slash paths relative
// to dir) from the tree: a purged case leaves the next commit whole, in one step.
func CommitRemoving(dir string, files, removed []string, author Identity, message string) (string, error) {
	top, err := Run(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	top = strings.TrimSpace(top)
	gitDir, err := Run(top, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return "", err
	}
	gitDir = strings.TrimSpace(gitDir)
	for _, state := range []string{"MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD"} {
		if _, err := os.Stat(filepath.Join(gitDir, state)); err == nil {
			return "", ErrMidMerge
		}
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	prefix, err := filepath.Rel(resolve(top), resolve(absDir))
	if err != nil {
		return "", err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = path.Clean(path.Join(filepath.ToSlash(prefix), f))
	}
	sort.Strings(paths)
	changes := make(map[string]string, len(paths)+len(removed))
	if len(paths) > 0 {
		out, err := RunInput(top, strings.Join(paths, "\n")+"\n", nil, "hash-object", "-w", "--stdin-paths")
		if err != nil {
			return "", err
		}
		blobs := strings.Fields(out)
		if len(blobs) != len(paths) {
			return "", fmt.Errorf("git hash-object returned %d ids for %d files", len(blobs), len(paths))
		}
		for i, p := range paths {
			changes[p] = blobs[i]
		}
	}
	gone := make([]string, len(removed))
	for i, f := range removed {
		gone[i] = path.Clean(path.Join(filepath.ToSlash(prefix), f))
		changes[gone[i]] = "" // removed
	}
	parent := ""
	if out, err := Run(top, "rev-parse", "-q", "--verify", "HEAD^{commit}"); err == nil {
		parent = strings.TrimSpace(out)
	}
	base := ""
	if parent != "" {
		base = parent + "^{tree}"
	}
	tree, err := updateTree(top, base, "", changes)
	if err != nil {
		return "", err
	}
	args := []string{"commit-tree", tree}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	if sign, _ := Run(top, "config", "--bool", "commit.gpgsign"); strings.TrimSpace(sign) == "true" {
		args = append(args, "-S")
	}
	args = append(args, "-F", "-")
	env := []string{}
	if author.Name != "" {
		env = append(env, "GIT_AUTHOR_NAME="+author.Name)
	}
	if author.Email != "" {
		env = append(env, "GIT_AUTHOR_EMAIL="+author.Email)
	}
	commit, err := RunInput(top, message, env, args...)
	if err != nil {
		return "", err
	}
	commit = strings.TrimSpace(commit)
	refArgs := []string{"update-ref", "-m", "casework: " + firstLine(message), "HEAD", commit}
	if parent != "" {
		refArgs = append(refArgs, parent)
	} else {
		refArgs = append(refArgs, strings.Repeat("0", len(commit)))
	}
	if _, err := Run(top, refArgs...); err != nil {
		return "", err
	}
	if len(paths) > 0 {
		if _, err := Run(top, append([]string{"update-index", "--add", "--"}, paths...)...); err != nil {
			return commit, fmt.Errorf("committed %s, but the index was not updated: %w", commit[:12], err)
		}
	}
	if len(gone) > 0 {
		if _, err := Run(top, append([]string{"rm", "-r", "-q", "--cached", "--ignore-unmatch", "--"}, gone...)...); err != nil {
			return commit, fmt.Errorf("committed %s, but the index was not updated: %w", commit[:12], err)
		}
	}
	return commit, nil
}

// updateTree returns the id of the tree at dir ("" for the root) of base with changes applied.
// Only the folders on the changed paths are read and rewritten.
func updateTree(top, base, dir string, changes map[string]string) (string, error) {
	entries := map[string]string{} // name -> "mode type id"
	if base != "" {
		out, err := Run(top, "ls-tree", "-z", base)
		if err != nil {
			return "", err
		}
		for _, rec := range strings.Split(out, "\x00") {
			if rec == "" {
				continue
			}
			meta, name, ok := strings.Cut(rec, "\t")
			if ok {
				entries[name] = meta
			}
		}
	}
	sub := map[string]map[string]string{}
	for p, blob := range changes {
		rel := p
		if dir != "" {
			rel = strings.TrimPrefix(p, dir+"/")
		}
		name, rest, nested := strings.Cut(rel, "/")
		if !nested {
			if blob == "" {
				delete(entries, name) // removed, file or whole folder
				continue
			}
			entries[name] = "100644 blob " + blob
			continue
		}
		if sub[name] == nil {
			sub[name] = map[string]string{}
		}
		sub[name][p] = blob
		_ = rest
	}
	for name, ch := range sub {
		childBase := ""
		if meta, ok := entries[name]; ok {
			f := strings.Fields(meta)
			if len(f) == 3 && f[1] == "tree" {
				childBase = f[2]
			}
		}
		childDir := name
		if dir != "" {
			childDir = dir + "/" + name
		}
		id, err := updateTree(top, childBase, childDir, ch)
		if err != nil {
			return "", err
		}
		if id == emptyTree {
			delete(entries, name) // git keeps no empty folders
			continue
		}
		entries[name] = "040000 tree " + id
	}
	var b strings.Builder
	for name, meta := range entries {
		b.WriteString(meta)
		b.WriteByte('\t')
		b.WriteString(name)
		b.WriteByte(0)
	}
	out, err := RunInput(top, b.String(), nil, "mktree", "-z")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// emptyTree is the id of git's empty tree (SHA-1 repositories).
const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// RunInput runs git with stdin and extra environment.
func RunInput(dir, stdin string, env []string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out.String(), nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
