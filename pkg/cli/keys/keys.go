// Package keys is `casework keys`: encryption at rest. It makes practitioners' identities, turns
// encryption on for a repository, reports on the key ring, re-wraps or renews the case keys when
// the team changes, and crypto-shreds a case.
package keys

import (
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
)

// Options are the inputs shared by the keys subcommands.
type Options struct {
	F *cmdutil.Factory
}

const model = `With encryption on, each case's people registry is stored as cases/ID/people.yaml.age,
sealed with age to the case's own data key; with encryption.notes, each note's text (its
sections) is sealed too, while its date, kind, participants' ids and outcome stay readable. The
case keys live in the key ring (encryption.keyring, default keyring/ in the repository, which
git ignores), one file per case, each sealed to every practitioner listed under
encryption.recipients. Your identity file (--identity FILE, CASEWORK_IDENTITY, or identity: in
your own config file) opens the key ring. git only ever holds ciphertext for sealed files.

Without a key, list, review, check and show still work: names are replaced by ids, and sealed
note texts are left out. Deleting a case's key file (keys shred) makes its registry and sealed
notes unreadable everywhere, in every past commit and every clone, without rewriting history.`

// NewCmd builds `casework keys` and its subcommands.
func NewCmd(f *cmdutil.Factory, _ func(*Options) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Encryption at rest: identities, the key ring, rotation, crypto-shredding",
		Long: `Encryption at rest, opt-in per repository.

` + model + `

  keys new FILE     make your identity file and print its public key
  keys enable       turn encryption on and seal the existing registries
  keys status       recipients, key ring, and which cases have keys
  keys rotate       after someone joins or leaves: re-wrap (or --rekey) every case key
  keys shred CASE   crypto-shred one case`,
		Example: `  key=$(casework keys new ~/.config/casework/identity.txt)
  export CASEWORK_IDENTITY=~/.config/casework/identity.txt
  casework keys enable --recipient a.martin=$key
  casework keys status
  casework keys rotate --rekey
  casework keys shred 2026-11-22-k7f3mq --confirm 2026-11-22-k7f3mq --reason erasure_request`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewNewCmd(f, nil), NewStatusCmd(f, nil), NewEnableCmd(f, nil), NewRotateCmd(f, nil), NewShredCmd(f, nil))
	return cmd
}
