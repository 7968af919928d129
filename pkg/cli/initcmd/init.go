// Package initcmd is `casework init`: create a case repository.
package initcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of init.
type Options struct {
	F        *cmdutil.Factory
	Dir      string
	Agency   string
	Areas    []string
	Language string
	NoGit    bool
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a case repository",
		Long: `Create a case repository in DIR (default: the current folder).

It writes casework.yaml (agency, service areas, report language, contact frequencies and
review rules, each with its default and a comment), an empty cases/ folder and a .gitignore
for derived files, then makes the folder a git repository with a first commit, unless
--no-git is given. It refuses to touch a folder that already holds a case repository.`,
		Example: `  casework init ~/caseload --agency "Service social Furong" --area furong --lang fr
  casework init team-cases --agency "Northside Family Services" --area northside --area riverside`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.UsageErrorf("init takes at most one folder, got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = "."
			if len(args) == 1 {
				o.Dir = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmd.Flags().StringVar(&o.Agency, "agency", "", "the agency's name, printed on reports (required)")
	cmd.Flags().StringArrayVar(&o.Areas, "area", nil, "a service area code; repeat for several")
	cmd.Flags().StringVar(&o.Language, "lang", "en", "report language: en, fr or es")
	cmd.Flags().BoolVar(&o.NoGit, "no-git", false, "do not make the folder a git repository")
	_ = cmd.RegisterFlagCompletionFunc("lang", cmdutil.CompleteCodes(casefile.Enums["language"]))
	return cmd
}

func run(o *Options) error {
	if strings.TrimSpace(o.Agency) == "" {
		return cmdutil.UsageErrorf("--agency is required: the agency's name, as reports should print it")
	}
	if !casefile.IsCode("language", o.Language) {
		return cmdutil.UsageErrorf("--lang %q: use en, fr or es", o.Language)
	}
	if hasControl(o.Agency) {
		return cmdutil.UsageErrorf("--agency must be one line of text, without line breaks or control characters")
	}
	for _, a := range o.Areas {
		if strings.TrimSpace(a) == "" {
			return cmdutil.UsageErrorf("--area must not be empty")
		}
		if hasControl(a) {
			return cmdutil.UsageErrorf("--area %q must be one line of text, without line breaks or control characters", a)
		}
	}
	dir := o.Dir
	if !filepath.IsAbs(dir) {
		wd, err := o.F.Getwd()
		if err != nil {
			return err
		}
		dir = filepath.Join(wd, dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	r, err := repo.Init(dir, repo.InitOptions{Agency: o.Agency, Areas: o.Areas, Language: o.Language})
	if err != nil {
		return err
	}
	io := o.F.IO
	if !o.NoGit {
		if !gitx.Available() {
			return cmdutil.WithHint(errors.New("git is not installed; the repository was created without git"),
				"install git, then run git init there, or use --no-git")
		}
		if gitx.IsRepo(r.Root) {
			fmt.Fprintf(io.ErrOut, "casework: %s is inside a git repository already; its files were not committed\n", r.Root)
		} else {
			files := []string{repo.ConfigFile, ".gitignore", filepath.ToSlash(filepath.Join(repo.CasesDir, ".gitkeep"))}
			if err := gitx.InitCommit(r.Root, files, "", "init: case repository for "+o.Agency); err != nil {
				return cmdutil.WithHint(fmt.Errorf("the repository was created, but git failed: %w", err),
					"set your identity (git config --global user.name/user.email), then commit the files by hand")
			}
		}
	}
	fmt.Fprintf(io.ErrOut, "Created case repository in %s\n", r.Root)
	fmt.Fprintf(io.ErrOut, "Next: cd %s && casework open --help\n", o.Dir)
	return nil
}

// hasControl reports a line break, tab or other control character: agency and area names are
// printed in headings and tables, where one would break the layout.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}
