// Package cli is casework's command tree: the root command, its help topics, and the mapping of
// errors to exit codes. Each command lives in its own package under pkg/cli.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/casework/casework/pkg/cli/agencies"
	"github.com/casework/casework/pkg/cli/assess"
	"github.com/casework/casework/pkg/cli/check"
	"github.com/casework/casework/pkg/cli/closecmd"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/cli/configcmd"
	"github.com/casework/casework/pkg/cli/consent"
	"github.com/casework/casework/pkg/cli/decide"
	"github.com/casework/casework/pkg/cli/disclosures"
	"github.com/casework/casework/pkg/cli/erasure"
	"github.com/casework/casework/pkg/cli/gen"
	"github.com/casework/casework/pkg/cli/hold"
	"github.com/casework/casework/pkg/cli/initcmd"
	"github.com/casework/casework/pkg/cli/keys"
	"github.com/casework/casework/pkg/cli/list"
	"github.com/casework/casework/pkg/cli/logcmd"
	"github.com/casework/casework/pkg/cli/note"
	"github.com/casework/casework/pkg/cli/open"
	"github.com/casework/casework/pkg/cli/outcomes"
	plancmd "github.com/casework/casework/pkg/cli/plan"
	"github.com/casework/casework/pkg/cli/purge"
	"github.com/casework/casework/pkg/cli/refer"
	"github.com/casework/casework/pkg/cli/reopen"
	"github.com/casework/casework/pkg/cli/reportcmd"
	"github.com/casework/casework/pkg/cli/retentioncmd"
	"github.com/casework/casework/pkg/cli/review"
	"github.com/casework/casework/pkg/cli/safetyplan"
	"github.com/casework/casework/pkg/cli/show"
	synccmd "github.com/casework/casework/pkg/cli/sync"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X github.com/casework/casework/pkg/cli.Version=...".
var Version = "dev"

const exitCodesHelp = `casework exits with:

  0    success; for check and review: nothing to report
  1    the command failed, or check/review found problems
  2    usage error: an unknown command or flag, a bad or missing value
  3    no case repository was found (see --repo and CASEWORK_REPO)
  4    the repository is locked: another casework command is writing to it;
       wait for it to finish (CASEWORK_LOCK_TIMEOUT sets how long to wait, default 5s)
  130  interrupted (Ctrl-C)

Errors are printed on stderr as "casework: error: ...", often followed by
"casework: hint: ..." saying what to do next. A command that fails writes nothing.`

// NewRootCmd builds the whole command tree over a factory.
func NewRootCmd(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "casework",
		Short: "Case records for social workers, in plain files and git",
		Long: `casework keeps a social-work caseload in plain YAML files, one folder per case and one
file per entry, in a git repository: git history is the audit trail and a git remote is how a
team shares its caseload.

It follows the practice cycle: a help request is recorded and screened (open, decide), the case
is followed (show, list), closed with a summary (close) and sometimes reopened (reopen); check
validates every file. Records are confidential: files are written 0600, folders 0700, and every
identifying detail lives in one people registry per case.

The repository is found by walking up from the current folder (like git), or named with
--repo or CASEWORK_REPO. Dates on the command line accept YYYY-MM-DD, today, yesterday, +3d,
-2w, next monday; --today (or CASEWORK_TODAY) pins the date for reproducible runs.`,
		Version:       Version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.PersistentFlags().StringVar(&f.RepoFlag, "repo", "", "the case repository `DIR` (default: found from the current folder; env CASEWORK_REPO)")
	root.PersistentFlags().StringVar(&f.IdentityFlag, "identity", "", "your age identity `FILE`, which opens the key ring of an encrypted repository (env CASEWORK_IDENTITY)")
	root.PersistentFlags().StringVar(&f.TodayFlag, "today", "", "pin today's `DATE` for reproducible output (env CASEWORK_TODAY)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetIn(f.IO.In)

	root.AddGroup(&cobra.Group{ID: "cycle", Title: "The practice cycle:"}, &cobra.Group{ID: "repo", Title: "The repository:"})
	for _, c := range []*cobra.Command{
		open.NewCmd(f, nil), decide.NewCmd(f, nil), show.NewCmd(f, nil), list.NewCmd(f, nil),
		closecmd.NewCmd(f, nil), reopen.NewCmd(f, nil), review.NewCmd(f, nil),
		assess.NewCmd(f, nil), safetyplan.NewCmd(f, nil),
		plancmd.NewCmd(f, nil),
		note.NewCmd(f, nil),
		consent.NewCmd(f, nil),
		refer.NewCmd(f, nil),
		outcomes.NewCmd(f, nil),
		reportcmd.NewCmd(f, nil),
	} {
		c.GroupID = "cycle"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{agencies.NewCmd(f, nil), initcmd.NewCmd(f, nil), check.NewCmd(f, nil), configcmd.NewCmd(f, nil), gen.NewCmd(f, root),
		logcmd.NewCmd(f, nil), synccmd.NewCmd(f, nil), keys.NewCmd(f, nil), disclosures.NewCmd(f, nil),
		hold.NewCmd(f, nil), erasure.NewCmd(f, nil), retentioncmd.NewCmd(f, nil), purge.NewCmd(f, nil)} {
		c.GroupID = "repo"
		root.AddCommand(c)
	}
	root.AddCommand(&cobra.Command{
		Use:   "exit-codes",
		Short: "What casework's exit codes mean",
		Long:  exitCodesHelp,
	})
	return root
}

// Main runs casework with the process's arguments and returns the exit code.
func Main() int {
	return Run(cmdutil.New(), os.Args[1:])
}

// Run runs one command line over a factory and maps its error to an exit code.
func Run(f *cmdutil.Factory, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	if ctx.Err() != nil {
		fmt.Fprintln(f.IO.ErrOut, "casework: interrupted; nothing half-written was left")
		return cmdutil.ExitCanceled
	}
	return report(f.IO, err)
}

func report(io *cmdutil.IOStreams, err error) int {
	if errors.Is(err, cmdutil.ErrSilent) {
		return cmdutil.ExitFailure
	}
	fmt.Fprintf(io.ErrOut, "casework: error: %v\n", err)
	var hint *cmdutil.HintError
	if errors.As(err, &hint) {
		fmt.Fprintf(io.ErrOut, "casework: hint: %s\n", hint.Hint)
	} else if errors.Is(err, syscall.ENOSPC) {
		fmt.Fprintln(io.ErrOut, "casework: hint: the disk is full: free some space, then run the command again")
	}
	var flagErr *cmdutil.FlagError
	switch {
	case errors.As(err, &flagErr), strings.HasPrefix(err.Error(), "unknown command"),
		strings.HasPrefix(err.Error(), "accepts "), strings.Contains(err.Error(), "arg(s), received"):
		if hint == nil {
			fmt.Fprintln(io.ErrOut, "casework: hint: see casework help, or add --help to the command")
		}
		return cmdutil.ExitUsage
	case errors.Is(err, safeio.ErrLocked):
		return cmdutil.ExitLocked
	case errors.Is(err, repo.ErrNoRepo):
		return cmdutil.ExitNoRepo
	}
	return cmdutil.ExitFailure
}
