// Package gen is `casework gen`: generated documentation.
package gen

import (
	"fmt"
	"os"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// NewCmd builds `gen` with its `man` subcommand over the whole command tree.
func NewCmd(f *cmdutil.Factory, root *cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Generate documentation (manual pages)",
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "man DIR",
		Short:   "Write a manual page for every command into DIR",
		Example: "  casework gen man ./man && man ./man/casework-open.1",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.UsageErrorf("gen man needs one folder")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			root.DisableAutoGenTag = true
			clock, err := f.Clock()
			if err != nil {
				return err
			}
			now := clock.Now()
			hdr := &doc.GenManHeader{Title: "CASEWORK", Section: "1", Source: "casework", Manual: "casework manual", Date: &now}
			if err := doc.GenManTree(root, hdr, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.ErrOrStderr(), "Wrote manual pages to %s\n", args[0])
			return nil
		},
	})
	return cmd
}
