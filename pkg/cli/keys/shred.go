package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/seal"
	"github.com/spf13/cobra"
)

// ShredReasons are why a case may be crypto-shredded; the reason goes into the audit commit.
var ShredReasons = []string{"erasure_request", "retention_expired", "recorded_in_error"}

// ShredOptions are the inputs of keys shred.
type ShredOptions struct {
	F       *cmdutil.Factory
	Case    string
	Confirm string
	Reason  string
}

// NewShredCmd builds `casework keys shred`.
func NewShredCmd(f *cmdutil.Factory, runF func(*ShredOptions) error) *cobra.Command {
	o := &ShredOptions{F: f}
	cmd := &cobra.Command{
		Use:   "shred CASE",
		Short: "Crypto-shred a case: delete its key, so its sealed data can never be read again",
		Long: `Crypto-shred one case: delete its key from the key ring. Its people registry and sealed notes
then cannot be read by anyone, in the work tree, in every past commit and in every clone,
without rewriting git history. What was never sealed stays as it is: the intake, assessments,
plan and other entries (which name people by id only), and the notes if encryption.notes was
off. This cannot be undone.

Without --confirm, keys shred only says what it would do. To shred, repeat the case's full id
with --confirm and say why with --reason (` + strings.Join(ShredReasons, ", ") + `): the
reason is recorded in a commit of its own (Action: keys shred), which casework log shows.

The key ring is not in git: every copy of it (a shared folder, a colleague's laptop, backups)
holds the case's key file too. Delete <keyring>/CASE.age from each of them, or the case can
still be opened with that copy.`,
		Example: `  casework keys shred 2026-11-22-k7f3mq
  casework keys shred 2026-11-22-k7f3mq --confirm 2026-11-22-k7f3mq --reason erasure_request`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.UsageErrorf("keys shred needs one CASE; got %d arguments", len(args))
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			if runF != nil {
				return runF(o)
			}
			return runShred(o)
		},
	}
	cmd.Flags().StringVar(&o.Confirm, "confirm", "", "the case's full `ID`, repeated: shred for real")
	cmd.Flags().StringVar(&o.Reason, "reason", "", "why: "+strings.Join(ShredReasons, ", "))
	return cmd
}

func runShred(o *ShredOptions) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	id, err := r.Resolve(o.Case)
	if err != nil {
		return err
	}
	if o.Reason != "" && !slices.Contains(ShredReasons, o.Reason) {
		return cmdutil.UsageErrorf("--reason %q: use %s", o.Reason, strings.Join(ShredReasons, ", "))
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	dir := cmdutil.KeyringDir(r, s.Config)
	k := &seal.Keyring{Dir: dir}
	sealedRel := repo.CaseDir(id) + "/" + repo.SealedPeopleFile
	if _, err := os.Lstat(r.Abs(sealedRel)); err != nil {
		return cmdutil.WithHint(fmt.Errorf("the registry of case %s is not sealed: shredding a key would erase nothing; nothing was changed", id),
			"encrypt the repository first (casework keys enable), or erase the case's files")
	}
	if !k.Has(id) {
		return cmdutil.WithHint(fmt.Errorf("the key ring %s holds no key for case %s (shredded already, or kept elsewhere); nothing was changed", dir, id),
			"shred it where the team's key ring is, and in every copy of it")
	}
	notes := sealedNoteCount(r, id)
	if o.Confirm == "" {
		out := f.IO.Out
		fmt.Fprintf(out, "keys shred %s would delete %s.\n", id, k.Path(id))
		fmt.Fprintf(out, "From then on nobody can read, in any commit or clone: %s", sealedRel)
		if notes > 0 {
			fmt.Fprintf(out, " and the text of %d sealed notes", notes)
		}
		fmt.Fprintln(out, ".")
		fmt.Fprintln(out, "The case's other entries stay as they are (they name people by id only). This cannot be undone.")
		fmt.Fprintf(out, "To shred: casework keys shred %s --confirm %s --reason %s\n", id, id, strings.Join(ShredReasons, "|"))
		return nil
	}
	if o.Confirm != id {
		return cmdutil.UsageErrorf("--confirm %q is not the case's id: repeat it whole (%s); nothing was changed", o.Confirm, id)
	}
	if o.Reason == "" {
		return cmdutil.UsageErrorf("--reason is needed to shred: %s; nothing was changed", strings.Join(ShredReasons, ", "))
	}
	lock, err := f.Lock(r, "keys shred "+id)
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := seal.Shred(dir, id); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("the key of case %s is gone already; nothing was changed", id)
		}
		return err
	}
	commit(f, r, nil, fmt.Sprintf("keys shred %s: %s\n\nCase-Id: %s\nAction: keys shred\nReason: %s\n", id, o.Reason, id, o.Reason))
	fmt.Fprintf(f.IO.ErrOut, "Shredded case %s (%s): its key is deleted; its registry and sealed notes can no longer be read, in any commit or clone.\n", id, o.Reason)
	fmt.Fprintf(f.IO.ErrOut, "casework: hint: delete %s.age from every copy of the key ring too (shared folder, backups, colleagues' machines)\n", id)
	return nil
}

func sealedNoteCount(r *repo.Repo, id string) int {
	dir := repo.CaseDir(id) + "/notes"
	ents, err := os.ReadDir(r.Abs(dir))
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range ents {
		if data, err := r.ReadFile(dir + "/" + e.Name()); err == nil && strings.Contains(string(data), "\n"+"sealed: ") {
			n++
		}
	}
	return n
}
