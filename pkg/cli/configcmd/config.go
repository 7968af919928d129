// Package configcmd is `casework config`: the effective configuration and where it came from.
package configcmd

import (
	"fmt"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
)

// Options are the inputs of config.
type Options struct {
	F      *cmdutil.Factory
	Format string
	Key    string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "config [KEY]",
		Short: "Show the effective configuration and where each value comes from",
		Long: `Show every setting's effective value and its source. Precedence, highest first:
command-line flags, CASEWORK_* environment variables (the key in upper case with _ for
dots: CASEWORK_WORKER_ID, CASEWORK_REVIEW_PLAN_REVIEW_DAYS), the repository's casework.yaml,
the user's config file ($CASEWORK_CONFIG, else $XDG_CONFIG_HOME/casework/config.yaml, else
~/.config/casework/config.yaml), and the built-in defaults.

The practitioner's identity (worker.id, worker.name) usually sits in the user's config file;
without it, casework uses git's user.email (its part before @) and user.name.

With KEY, print that value alone.`,
		Example: `  casework config
  casework config worker.id
  CASEWORK_LANGUAGE=es casework config language`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Key = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "json")
	return cmd
}

func show(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		return strings.Join(parts, ",")
	case []string:
		return strings.Join(x, ",")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func run(o *Options) error {
	f := o.F
	s, err := f.Settings()
	if err != nil {
		return err
	}
	w, werr := f.Worker()
	if werr == nil {
		if s.Sources["worker.id"] == "default" {
			s.Values["worker.id"], s.Sources["worker.id"] = w.ID, "git user.email"
		}
		if s.Sources["worker.name"] == "default" && w.Name != "" {
			s.Values["worker.name"], s.Sources["worker.name"] = w.Name, "git user.name"
		}
	}
	if o.Key != "" {
		v, ok := s.Values[o.Key]
		if !ok {
			keys := append([]string(nil), s.Keys...)
			sort.Strings(keys)
			return cmdutil.UsageErrorf("unknown setting %q; settings are: %s", o.Key, strings.Join(keys, ", "))
		}
		fmt.Fprintln(f.IO.Out, show(v))
		return nil
	}
	if o.Format == "json" {
		type item struct {
			Key    string `json:"key"`
			Value  any    `json:"value"`
			Source string `json:"source"`
		}
		var items []item
		for _, k := range s.Keys {
			items = append(items, item{k, s.Values[k], s.Sources[k]})
		}
		return cmdutil.WriteJSON(f.IO.Out, map[string]any{"files": s.Files, "settings": items})
	}
	t := cmdutil.Table{Header: []string{"KEY", "VALUE", "SOURCE"}}
	for _, k := range s.Keys {
		t.Rows = append(t.Rows, []string{k, show(s.Values[k]), s.Sources[k]})
	}
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	if err := t.Render(f.IO.Out, format); err != nil {
		return err
	}
	if werr != nil {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %v\n", werr)
	}
	return nil
}
