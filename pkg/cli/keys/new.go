package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/safeio"
	"github.com/casework/casework/pkg/seal"
	"github.com/spf13/cobra"
)

// NewOptions are the inputs of keys new.
type NewOptions struct {
	F    *cmdutil.Factory
	File string
}

// NewNewCmd builds `casework keys new`.
func NewNewCmd(f *cmdutil.Factory, runF func(*NewOptions) error) *cobra.Command {
	o := &NewOptions{F: f}
	return &cobra.Command{
		Use:   "new FILE",
		Short: "Make your age identity file and print its public key",
		Long: `Make a new age identity (a secret key) in FILE, readable by you alone (0600), and print its
public key on stdout. Give the public key to whoever keeps casework.yaml, who lists it under
encryption.recipients (or: casework keys enable --recipient YOU=KEY) and runs casework keys
rotate so the key ring opens for you. Keep FILE out of every repository and backed up where
only you can read it: whoever holds it can read the cases sealed to it. Tell casework where it
is with --identity FILE, CASEWORK_IDENTITY, or identity: in your own config file.

The file is age's own format: age -d -i FILE reads what casework seals.`,
		Example: `  casework keys new ~/.config/casework/identity.txt
  export CASEWORK_IDENTITY=~/.config/casework/identity.txt`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.UsageErrorf("keys new needs the FILE to write your identity to; got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			if runF != nil {
				return runF(o)
			}
			return runNew(o)
		},
	}
}

func runNew(o *NewOptions) error {
	id, err := seal.NewIdentity()
	if err != nil {
		return err
	}
	if err := safeio.MkdirAll(filepath.Dir(o.File)); err != nil {
		return err
	}
	if err := safeio.WriteNew(o.File, seal.IdentityFile(id, "casework practitioner identity: keep it secret, never commit it")); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return cmdutil.WithHint(fmt.Errorf("%s already exists; nothing was written", o.File),
				"an identity is never overwritten (the cases sealed to it would be lost): choose another FILE")
		}
		return err
	}
	fmt.Fprintln(o.F.IO.Out, id.Recipient().String())
	fmt.Fprintf(o.F.IO.ErrOut, "Wrote your identity to %s (0600). Add the public key above to encryption.recipients, then use --identity %s or CASEWORK_IDENTITY.\n", o.File, o.File)
	return nil
}
