package agencies

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/schema"
	"github.com/spf13/cobra"
)

// ShowOptions are the inputs of agencies show.
type ShowOptions struct {
	F      *cmdutil.Factory
	ID     string
	Format string
}

// NewShowCmd builds `casework agencies show`; runF replaces the run function in tests.
func NewShowCmd(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	o := &ShowOptions{F: f}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one agency of the partner directory",
		Long: `Show one agency of the partner directory: its name, services, areas, languages, public
contact, address and notes. -o json gives the same for programs.

` + directoryNote,
		Example: `  casework agencies show ccas-furong
  casework agencies show ccas-furong -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.UsageErrorf("agencies show needs one agency ID (casework agencies lists them); got %d arguments", len(args))
			}
			return nil
		},
		ValidArgsFunction: completeIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(o)
			}
			return runShow(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "text", "json")
	return cmd
}

func runShow(o *ShowOptions) error {
	f := o.F
	partners, err := load(f)
	if err != nil {
		return err
	}
	p := partners[o.ID]
	if p == nil {
		ids := make([]string, 0, len(partners))
		for id := range partners {
			ids = append(ids, id)
		}
		msg := fmt.Sprintf("no agency %q in the partner directory", o.ID)
		if s := schema.Suggest(o.ID, ids); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return cmdutil.WithHint(fmt.Errorf("%s", msg), "casework agencies lists the directory; casework agencies add %s --name NAME adds one", Slug(o.ID))
	}
	if o.Format == "json" {
		return cmdutil.WriteJSON(f.IO.Out, rowOf(p))
	}
	return writeText(f.IO.Out, p)
}

func writeText(w io.Writer, p *casefile.Partner) error {
	fmt.Fprintf(w, "%s  %s\n", p.ID, p.Name)
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-10s %s\n", label+":", v)
		}
	}
	line("Services", strings.Join(p.Services, ", "))
	line("Areas", strings.Join(p.Areas, ", "))
	line("Languages", strings.Join(p.Languages, ", "))
	line("Contact", p.Contact)
	line("Address", p.Address)
	line("Notes", strings.Join(strings.Fields(p.Notes), " "))
	return nil
}

// completeIDs completes an agency id from the directory.
func completeIDs(f *cmdutil.Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := f.Repo()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		partners, _, err := r.Partners(casefile.Rules{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for id := range partners {
			if strings.HasPrefix(id, toComplete) {
				out = append(out, id)
			}
		}
		sort.Strings(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
