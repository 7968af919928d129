// Package gitx runs the git binary for the case repository: git is the audit trail and the way a
// team shares a caseload.
package gitx

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// Available reports whether a git binary can be run.
func Available() bool {
	_, err := exec.LookPath("git")
	return err == nil
}

// Run runs git in dir and returns its standard output; the error carries git's own message.
func Run(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out.String(), nil
}

// IsRepo reports whether dir is inside a git work tree.
func IsRepo(dir string) bool {
	out, err := Run(dir, "rev-parse", "--is-inside-work-tree")
	return err == nil && strings.TrimSpace(out) == "true"
}

// InitCommit makes dir a git repository and commits files as its first commit. author is
// "Name <email>" or empty for git's own identity.
func InitCommit(dir string, files []string, author, message string) error {
	if _, err := Run(dir, "init", "--quiet"); err != nil {
		return err
	}
	if _, err := Run(dir, append([]string{"add", "--"}, files...)...); err != nil {
		return err
	}
	args := []string{"commit", "--quiet", "-m", message}
	if author != "" {
		args = append(args, "--author", author)
	}
	_, err := Run(dir, append(args, "--")...)
	return err
}
