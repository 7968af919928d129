package gitx

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// cLocale runs git with its own messages in English, so that a failure can be recognised and
// explained in plain language.
var cLocale = []string{"LC_ALL=C", "LANGUAGE=C"}

// CurrentBranch is the branch HEAD is on, "" when HEAD is detached.
func CurrentBranch(dir string) string {
	out, err := Run(dir, "symbolic-ref", "-q", "--short", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// Remotes lists the repository's remotes, sorted.
func Remotes(dir string) ([]string, error) {
	out, err := Run(dir, "remote")
	if err != nil {
		return nil, err
	}
	names := strings.Fields(out)
	slices.Sort(names)
	return names, nil
}

// RemoteURL is the address of a remote, "" when unknown.
func RemoteURL(dir, remote string) string {
	out, err := Run(dir, "remote", "get-url", remote)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// Upstream is the remote and the branch there that a local branch follows (git's
// branch.NAME.remote and branch.NAME.merge); both are "" when none is set.
func Upstream(dir, branch string) (remote, merge string) {
	get := func(key string) string {
		out, err := Run(dir, "config", "--get", key)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(out)
	}
	remote = get("branch." + branch + ".remote")
	merge = strings.TrimPrefix(get("branch."+branch+".merge"), "refs/heads/")
	if remote == "" || merge == "" {
		return "", ""
	}
	return remote, merge
}

// RefExists reports whether a full ref name (refs/remotes/origin/main) exists.
func RefExists(dir, ref string) bool {
	_, err := Run(dir, "rev-parse", "-q", "--verify", ref+"^{commit}")
	return err == nil
}

// Count is the number of commits in a revision range (A..B).
func Count(dir, rangeSpec string) (int, error) {
	out, err := Run(dir, "rev-list", "--count", rangeSpec)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(out))
}

// AheadBehind counts the commits of local not in upstream (ahead) and of upstream not in
// local (behind).
func AheadBehind(dir, local, upstream string) (ahead, behind int, err error) {
	out, err := Run(dir, "rev-list", "--left-right", "--count", local+"..."+upstream)
	if err != nil {
		return 0, 0, err
	}
	f := strings.Fields(out)
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("git rev-list --left-right --count: unexpected output %q", out)
	}
	if ahead, err = strconv.Atoi(f[0]); err == nil {
		behind, err = strconv.Atoi(f[1])
	}
	return ahead, behind, err
}

// RemoteProblem is why a conversation with a remote failed.
type RemoteProblem int

// The problems RemoteError tells apart.
const (
	RemoteFailed      RemoteProblem = iota // anything else: git's message says what
	RemoteUnreachable                      // offline, a wrong address, the server down
	RemoteAuth                             // the server refused who we are
	RemoteStale                            // push refused: the remote has commits we do not
	RemoteRefused                          // push refused by the server (a protected branch, a hook)
)

// RemoteError is a failed fetch or push, with git's own message.
type RemoteError struct {
	Problem RemoteProblem
	Remote  string
	Msg     string
}

func (e *RemoteError) Error() string { return e.Msg }

// ClassifyRemote reads git's (English) message of a failed fetch or push.
func ClassifyRemote(msg string) RemoteProblem {
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(msg, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("Authentication failed", "Permission denied", "could not read Username",
		"could not read Password", "terminal prompts disabled", "The requested URL returned error: 401",
		"The requested URL returned error: 403", "Host key verification failed"):
		return RemoteAuth
	case has("[rejected]", "non-fast-forward", "fetch first", "stale info"):
		return RemoteStale
	case has("[remote rejected]", "hook declined", "protected branch"):
		return RemoteRefused
	case has("does not appear to be a git repository", "Could not read from remote repository",
		"unable to access", "Could not resolve host", "Could not resolve hostname", "Connection refused",
		"Connection timed out", "Operation timed out", "Network is unreachable", "No route to host",
		"unable to connect", "the remote end hung up", "early EOF", "not found"):
		return RemoteUnreachable
	}
	return RemoteFailed
}

func remoteErr(remote string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	return &RemoteError{Problem: ClassifyRemote(msg), Remote: remote, Msg: msg}
}

// Fetch fetches a remote's branches.
func Fetch(dir, remote string) error {
	_, err := RunInput(dir, "", cLocale, "fetch", "--quiet", remote)
	return remoteErr(remote, err)
}

// Push sends the local branch to the remote's branch; setUpstream makes the local branch
// follow it.
func Push(dir, remote, branch, remoteBranch string, setUpstream bool) error {
	args := []string{"push", "--quiet", "--porcelain"}
	if setUpstream {
		args = append(args, "--set-upstream")
	}
	args = append(args, remote, "refs/heads/"+branch+":refs/heads/"+remoteBranch)
	out, err := RunInput(dir, "", cLocale, args...)
	if err != nil {
		// --porcelain puts the refused refs on standard output.
		return remoteErr(remote, fmt.Errorf("%w\n%s", err, strings.TrimSpace(out)))
	}
	return nil
}

// SetUpstream makes branch follow remote's remoteBranch.
func SetUpstream(dir, branch, remote, remoteBranch string) error {
	_, err := Run(dir, "branch", "--set-upstream-to="+remote+"/"+remoteBranch, branch)
	return err
}

// ErrRebaseStopped says a rebase stopped on a conflict and waits for it to be resolved.
var ErrRebaseStopped = errors.New("the rebase stopped on a conflict")

// Rebase replays the local commits on top of upstream. When it stops on a conflict, it
// returns ErrRebaseStopped and leaves the rebase for the practitioner to finish or abort.
func Rebase(dir, upstream string) error {
	top, err := Top(dir)
	if err != nil {
		return err
	}
	_, err = RunInput(top, "", cLocale, "rebase", "--quiet", upstream)
	if err == nil {
		return nil
	}
	if op, _ := InProgress(top); op == OpRebase {
		return fmt.Errorf("%w: %v", ErrRebaseStopped, err)
	}
	return err
}
