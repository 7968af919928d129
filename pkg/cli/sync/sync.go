// Package sync is `casework sync`: bring in the team's changes from the git remote and send
// one's own, with plain-language messages for what usually goes wrong.
package sync

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of sync.
type Options struct {
	F      *cmdutil.Factory
	Remote string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Share the caseload: bring in the team's changes and send yours",
		Long: `Bring in what colleagues recorded and sent to the team's git remote, then send what you
recorded, in one step: git fetch, a rebase of your commits on top of theirs (as git pull
--rebase does) and git push. The first sync of a new repository sets where it is shared.

The remote is the one the current branch follows, else "origin"; --remote NAME chooses another.

Every entry is a file of its own, so two people adding notes, assessments or referrals to the
same case never conflict. Two people changing the same file (usually a case's plan.yaml) may:
the sync then stops, names the files, and says how to finish: edit each file (casework check
shows the conflict markers with their file and line), git add FILE, git rebase --continue,
then casework sync; or git rebase --abort to go back to where you were.

sync refuses to start while files under cases/ have changes that are not committed (casework
commands commit what they write; commit anything changed by hand with git), or while git is in
the middle of a rebase or merge. It takes the repository lock, so no casework command writes
while it runs. Offline, nothing is lost: your work is safe in your copy, and the next sync
sends it.

Exit status: 0 when in sync (or already up to date); 1 when the sync failed or stopped on a
conflict.`,
		Example: `  casework sync
  casework sync --remote team`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmd.Flags().StringVar(&o.Remote, "remote", "", "the git remote `NAME` to sync with (default: the branch's upstream, else origin)")
	return cmd
}

func run(o *Options) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	if !gitx.Available() {
		return cmdutil.WithHint(errors.New("sharing the caseload needs git, and git is not installed"), "install git, then run casework sync again")
	}
	if !gitx.IsRepo(r.Root) {
		return cmdutil.WithHint(fmt.Errorf("%s is not in a git repository, so it has no remote to sync with", r.Root),
			"a repository created with casework init is a git repository; to share this one: git init, commit its files, then git remote add origin URL")
	}
	lock, err := f.Lock(r, "sync")
	if err != nil {
		return err
	}
	defer lock.Release()

	prefix, err := gitx.Prefix(r.Root)
	if err != nil {
		return err
	}
	rel := func(p string) string { // a path from the top, shown from the repository folder
		if prefix == "" {
			return p
		}
		if rest, ok := strings.CutPrefix(p, prefix+"/"); ok {
			return rest
		}
		return "/" + p
	}
	errOut := f.IO.ErrOut

	if op, err := gitx.InProgress(r.Root); err != nil {
		return err
	} else if op != gitx.OpNone {
		conflicted, _ := gitx.Conflicted(r.Root)
		explainUnfinished(errOut, op, conflicted)
		return cmdutil.ErrSilent
	}

	status, err := gitx.Status(r.Root, repo.CasesDir)
	if err != nil {
		return err
	}
	if len(status) > 0 {
		fmt.Fprintf(errOut, "casework: error: files under %s/ have changes that are not committed; nothing was synced:\n", repo.CasesDir)
		for _, s := range status {
			fmt.Fprintf(errOut, "  %-12s %s\n", describeStatus(s.Code), rel(s.Path))
		}
		fmt.Fprintln(errOut, "casework: hint: casework commands commit what they write; commit a file changed by hand"+
			" (git add FILE && git commit -m 'why'), or undo the change (git restore FILE), then run casework sync again")
		return cmdutil.ErrSilent
	}

	branch := gitx.CurrentBranch(r.Root)
	if branch == "" {
		return cmdutil.WithHint(errors.New("git is not on a branch (HEAD is detached), so there is nothing to sync"),
			"switch to your branch (git switch main, or the branch you work on), then run casework sync again")
	}
	if !gitx.HasCommits(r.Root) {
		return cmdutil.WithHint(errors.New("nothing is committed yet, so there is nothing to sync"),
			"commit the repository's files (git add -A && git commit -m 'Case repository'), then run casework sync again")
	}
	remote, remoteBranch, tracked, err := chooseRemote(r.Root, branch, o.Remote)
	if err != nil {
		return err
	}
	url := gitx.RemoteURL(r.Root, remote)

	if err := gitx.Fetch(r.Root, remote); err != nil {
		return remoteFailure(err, remote, url, "your work is safe here")
	}
	upstream := "refs/remotes/" + remote + "/" + remoteBranch
	if !gitx.RefExists(r.Root, upstream) {
		// The remote does not have the branch yet: the first sync shares it.
		n, err := gitx.Count(r.Root, "HEAD")
		if err != nil {
			return err
		}
		if err := gitx.Push(r.Root, remote, branch, remoteBranch, true); err != nil {
			return remoteFailure(err, remote, url, "your commits are safe here")
		}
		fmt.Fprintf(errOut, "Shared the repository with %s for the first time: %s went out (branch %s).\n", remote, commits(n), remoteBranch)
		return nil
	}
	ahead, behind, err := gitx.AheadBehind(r.Root, "HEAD", upstream)
	if err != nil {
		return err
	}
	if !tracked {
		_ = gitx.SetUpstream(r.Root, branch, remote, remoteBranch)
	}
	if ahead == 0 && behind == 0 {
		fmt.Fprintln(errOut, "Already up to date.")
		return nil
	}
	if behind > 0 {
		if err := gitx.Rebase(r.Root, upstream); err != nil {
			if errors.Is(err, gitx.ErrRebaseStopped) {
				conflicted, _ := gitx.Conflicted(r.Root)
				explainConflict(errOut, remote, conflicted)
				return cmdutil.ErrSilent
			}
			return rebaseFailure(err)
		}
	}
	out := 0
	if ahead > 0 {
		if out, err = gitx.Count(r.Root, upstream+"..HEAD"); err != nil {
			return err
		}
	}
	if out > 0 {
		if err := gitx.Push(r.Root, remote, branch, remoteBranch, !tracked); err != nil {
			if behind > 0 {
				fmt.Fprintf(errOut, "%s came in from %s.\n", capital(commits(behind)), remote)
			}
			return remoteFailure(err, remote, url, "your commits are safe here")
		}
	}
	fmt.Fprintf(errOut, "Synced with %s: %s came in, %s went out.\n", remote, commits(behind), commits(out))
	return nil
}

// chooseRemote picks the remote and its branch: --remote, else the branch's upstream, else
// origin. tracked says the local branch already follows that branch there.
func chooseRemote(dir, branch, asked string) (remote, remoteBranch string, tracked bool, err error) {
	names, err := gitx.Remotes(dir)
	if err != nil {
		return "", "", false, err
	}
	upRemote, upBranch := gitx.Upstream(dir, branch)
	switch {
	case asked != "":
		remote = asked
	case upRemote != "" && upRemote != ".":
		remote = upRemote
	default:
		remote = "origin"
	}
	if !contains(names, remote) {
		switch {
		case len(names) == 0:
			return "", "", false, cmdutil.WithHint(errors.New("this repository has no remote to sync with"),
				"ask for the address of your team's shared repository, then: git remote add origin ADDRESS; and run casework sync again")
		case asked != "":
			return "", "", false, cmdutil.UsageErrorf("--remote %s: this repository has no such remote; it has %s", asked, strings.Join(names, ", "))
		default:
			return "", "", false, cmdutil.WithHint(fmt.Errorf("this repository has no remote named %s", remote),
				"name the one to use with --remote NAME (it has %s)", strings.Join(names, ", "))
		}
	}
	if upRemote == remote && upBranch != "" {
		return remote, upBranch, true, nil
	}
	return remote, branch, false, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// remoteFailure explains a failed fetch or push in plain words.
func remoteFailure(err error, remote, url, safe string) error {
	var re *gitx.RemoteError
	if !errors.As(err, &re) {
		return err
	}
	where := remote
	if url != "" {
		where = fmt.Sprintf("%s (%s)", remote, url)
	}
	said := gitSaid(re.Msg)
	switch re.Problem {
	case gitx.RemoteUnreachable:
		return cmdutil.WithHint(fmt.Errorf("could not reach the remote %s; %s", where, safe),
			"run casework sync again when online (git said: %s)", said)
	case gitx.RemoteAuth:
		return cmdutil.WithHint(fmt.Errorf("the remote %s refused the connection: it did not accept who you are; %s", where, safe),
			"check your access to the shared repository (your key or password) with whoever manages it (git said: %s)", said)
	case gitx.RemoteStale:
		return cmdutil.WithHint(fmt.Errorf("a colleague sent changes to %s while you were syncing; %s", where, safe),
			"run casework sync again to bring them in and send yours")
	case gitx.RemoteRefused:
		return cmdutil.WithHint(fmt.Errorf("the remote %s refused your commits; %s", where, safe),
			"ask whoever manages the shared repository (git said: %s)", said)
	}
	return cmdutil.WithHint(fmt.Errorf("git could not sync with %s; %s", where, safe), "git said: %s", said)
}

// gitSaid is the first line of git's message that says something, without the name of the
// git command casework ran.
func gitSaid(msg string) string {
	if cmd, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(cmd, "git ") && !strings.Contains(cmd, "\n") {
		msg = rest
	}
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "hint:") || strings.HasPrefix(line, "To ") || line == "Done" {
			continue
		}
		return line
	}
	return strings.TrimSpace(msg)
}

// rebaseFailure explains a rebase git would not start.
func rebaseFailure(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "unstaged changes") || strings.Contains(msg, "uncommitted changes") ||
		strings.Contains(msg, "would be overwritten") {
		return cmdutil.WithHint(errors.New("git will not bring in your colleagues' changes while files outside cases/ have changes that are not committed; nothing was changed"),
			"commit them (git add FILE && git commit) or put them aside (git stash), then run casework sync again (git said: %s)", gitSaid(msg))
	}
	return cmdutil.WithHint(fmt.Errorf("git could not bring in the changes: %w", err), "nothing was sent; run casework sync again once git's problem is fixed")
}

// explainConflict says what happened when the rebase stopped, and how to finish.
func explainConflict(w io.Writer, remote string, conflicted []string) {
	fmt.Fprintf(w, "casework: error: the sync stopped: a change that came in from %s and one of yours touch the same lines", remote)
	if len(conflicted) == 0 {
		fmt.Fprintln(w, " of a file.")
	} else {
		fmt.Fprintln(w, " of:")
		for _, c := range conflicted {
			fmt.Fprintf(w, "  %s\n", c)
		}
	}
	fmt.Fprintf(w, `Two people changed the same file (usually a case's plan.yaml). Nothing is lost: git has put
both versions in the file, between conflict markers: what came in from %s after the line
<<<<<<< HEAD, yours after the line =======, up to the line >>>>>>>. casework check shows each
marker with its file and line.
%s
Or go back to where you were before this sync: git rebase --abort
`, remote, steps(conflicted, "rebase"))
}

// steps are the numbered steps that finish a rebase or merge stopped on conflicts.
func steps(conflicted []string, verb string) string {
	return fmt.Sprintf(`To finish:
  1. edit %s: keep the right lines and delete the markers;
     casework check must show no conflict marker
  2. git add %s
  3. git %s --continue   (git shows the commit message: save and close it)
  4. casework sync`, fileList(conflicted, "each file"), fileList(conflicted, "FILE"), verb)
}

// explainUnfinished refuses to sync in the middle of a rebase or merge, saying how to finish.
func explainUnfinished(w io.Writer, op gitx.Operation, conflicted []string) {
	verb := string(op)
	fmt.Fprintf(w, "casework: error: git is in the middle of a %s", verb)
	if op == gitx.OpRebase {
		fmt.Fprint(w, " (a sync that stopped on a conflict?)")
	}
	fmt.Fprintln(w, "; nothing was synced.")
	if len(conflicted) > 0 {
		fmt.Fprintln(w, "These files still have conflicts:")
		for _, c := range conflicted {
			fmt.Fprintf(w, "  %s\n", c)
		}
		fmt.Fprintln(w, steps(conflicted, verb))
	} else {
		fmt.Fprintf(w, "Every conflict is resolved: run git %s --continue, then casework sync.\n", verb)
	}
	fmt.Fprintf(w, "Or go back to where you were before: git %s --abort\n", verb)
}

// fileList names the conflicted files when there are few, else says what.
func fileList(files []string, otherwise string) string {
	if len(files) == 0 || len(files) > 3 {
		return otherwise
	}
	quoted := make([]string, len(files))
	for i, f := range files {
		quoted[i] = shellQuote(f)
	}
	return strings.Join(quoted, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// describeStatus says in words what a git status code means.
func describeStatus(code string) string {
	switch {
	case code == "??":
		return "new:"
	case strings.Contains(code, "U") || code == "AA" || code == "DD":
		return "in conflict:"
	case strings.Contains(code, "D"):
		return "deleted:"
	case strings.Contains(code, "R"):
		return "renamed:"
	case strings.Contains(code, "A"):
		return "added:"
	}
	return "changed:"
}

func commits(n int) string {
	if n == 1 {
		return "1 commit"
	}
	return fmt.Sprintf("%d commits", n)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
