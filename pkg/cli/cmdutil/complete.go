package cmdutil

import (
	"strings"

	"github.com/spf13/cobra"
)

// CompleteCaseIDs completes the first argument with the ids of the repository's cases.
func CompleteCaseIDs(f *Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := f.Repo()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ids, err := r.CaseIDs()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, id := range ids {
			if strings.HasPrefix(id, strings.ToLower(toComplete)) {
				out = append(out, id)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteCodes completes a flag with a fixed list of codes.
func CompleteCodes(codes []string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return codes, cobra.ShellCompDirectiveNoFileComp
	}
}

// ExactCase accepts exactly one CASE argument, as a usage error otherwise.
func ExactCase(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return UsageErrorf("%s needs one CASE (an id or any unique part of its start); got %d arguments", cmd.CommandPath(), len(args))
	}
	return nil
}
