// Package check is `casework check`: validate every file of the repository.
package check

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"github.com/spf13/cobra"
)

// Options are the inputs of check.
type Options struct {
	F      *cmdutil.Factory
	Format string
	Strict bool
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Validate every file of the repository",
		Long: `Validate every file of the case repository: unknown fields, wrong types, unknown codes,
impossible dates (2026-02-30), missing required fields, references to people or entries that
do not exist, a case history that does not hold together (closing a closed case), leftovers
of interrupted writes, and git conflict markers.

Every problem is printed as path:line:col: message, with the line under it, all of them in
one run: one broken file never hides the others. check is silent and exits 0 when all is
well; it exits 1 when it finds an error (or, with --strict, a warning).`,
		Example: `  casework check
  casework check --strict -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "text", "json")
	cmd.Flags().BoolVar(&o.Strict, "strict", false, "fail on warnings too")
	return cmd
}

// Problems checks the whole repository. It is what `check` prints, for tests and other commands.
// Sealed registries stay locked; ProblemsWith opens them with keys.
func Problems(r *repo.Repo, rules casefile.Rules) ([]casefile.Problem, error) {
	ps, _, err := ProblemsWith(r, rules, nil)
	return ps, err
}

// ProblemsWith is Problems with the keys that open sealed registries and notes; it also returns
// how many cases' registries stayed locked, so that the caller can say names were hidden.
func ProblemsWith(r *repo.Repo, rules casefile.Rules, keys repo.Unsealer) ([]casefile.Problem, int, error) {
	var ps []casefile.Problem
	data, err := r.ReadConfig()
	if err != nil {
		return nil, 0, err
	}
	if _, _, cps := casefile.Decode(repo.ConfigFile, casefile.KindConfig, data, rules); len(cps) > 0 {
		ps = append(ps, cps...)
	}
	stray, err := r.StrayEntries()
	if err != nil {
		return nil, 0, err
	}
	ps = append(ps, stray...)
	defs, dps := instrument.All(r.Abs("instruments"), "instruments")
	partners, pps, err := r.Partners(rules)
	if err != nil {
		return nil, 0, err
	}
	caseIDs, err := r.CaseIDs()
	if err != nil {
		return nil, 0, err
	}
	ids := make(map[string]bool, len(caseIDs))
	for _, id := range caseIDs {
		ids[id] = true
	}
	pps2, err := purgeProblems(r, rules, ids)
	if err != nil {
		return nil, 0, err
	}
	ps = append(ps, pps2...)
	if err := addPurged(r, ids); err != nil { // a purged case stays a valid previous_case
		return nil, 0, err
	}
	locked := 0
	// One case at a time, several at once: a case's YAML trees (kept for line numbers) are
	// dropped once its problems are found.
	defer cmdutil.ScanGC()()
	err = repo.Stream(len(caseIDs), func(i int) checked {
		c, cps, err := r.LoadCase(caseIDs[i], repo.LoadOptions{Rules: rules, KeepNodes: true, Keys: keys})
		if err != nil {
			return checked{err: err}
		}
		cps = append(cps, repo.UnsealNotes(c, keys)...)
		if rules.Config.Encryption.Enabled && c.People != nil && !c.PeopleLocked {
			if _, err := os.Lstat(r.Abs(c.PeoplePath())); err == nil {
				cps = append(cps, casefile.Problem{Path: c.PeoplePath(), Warning: true,
					Msg: "encryption is on, and this registry is not encrypted: casework keys enable seals it"})
			}
		}
		return checked{ps: append(cps, caseProblems(c, rules, defs, partners, ids)...), locked: c.PeopleLocked}
	}, func(c checked) error {
		ps = append(ps, c.ps...)
		if c.locked {
			locked++
		}
		return c.err
	})
	if err != nil {
		return nil, 0, err
	}
	ps = append(ps, dps...)
	ps = append(ps, pps...)
	if _, dps, err := r.Disclosures(rules); err == nil { // the repository-level disclosure log
		ps = append(ps, dps...)
	}
	leftovers, err := leftovers(r)
	if err != nil {
		return nil, 0, err
	}
	ps = append(ps, leftovers...)
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Path != ps[j].Path {
			return ps[i].Path < ps[j].Path
		}
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
	return ps, locked, nil
}

// checked is one case's problems.
type checked struct {
	ps     []casefile.Problem
	locked bool // its registry is sealed and no key opened it
	err    error
}

// caseProblems checks one case beyond its files one by one: its history, its practice, its
// questionnaires, and its references to partners and to other cases.
func caseProblems(c *casefile.Case, rules casefile.Rules, defs map[string]*instrument.Definition, partners map[string]*casefile.Partner, ids map[string]bool) []casefile.Problem {
	var ps []casefile.Problem
	ps = append(ps, caseload.Check(c)...)
	ps = append(ps, caseload.Practice(c, rules)...)
	ps = append(ps, instrumentProblems(c, defs)...)
	for _, ref := range c.Referrals {
		if a := ref.V.To.Agency; a != "" && partners[a] == nil {
			p := casefile.Problem{Path: ref.Path, Msg: fmt.Sprintf("agency %q is not in the partner directory (%s/%s.yaml)", a, repo.PartnersDir, a)}
			if n := schema.Lookup(c.Nodes[ref.Path], "to", "agency"); n != nil {
				p.Line, p.Col = n.Line, n.Column
			}
			ps = append(ps, p)
		}
	}
	if in := c.Intake; in != nil && in.PreviousCase != "" && !ids[in.PreviousCase] {
		p := casefile.Problem{Path: c.IntakePath(), Msg: fmt.Sprintf("previous_case %q is not a case of this repository", in.PreviousCase)}
		if n := schema.Lookup(c.Nodes[c.IntakePath()], "previous_case"); n != nil {
			p.Line, p.Col = n.Line, n.Column
		}
		ps = append(ps, p)
	}
	return ps
}

// leftovers finds the temporary files and folders an interrupted write leaves behind.
func leftovers(r *repo.Repo) ([]casefile.Problem, error) {
	var ps []casefile.Problem
	root := r.Abs(repo.CasesDir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".new-") || strings.Contains(name, ".tmp-") {
			rel, _ := filepath.Rel(r.Root, p)
			ps = append(ps, casefile.Problem{Path: filepath.ToSlash(rel), Warning: true,
				Msg: "left by an interrupted write; nothing reads it, and it is safe to delete"})
			if d.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
	return ps, err
}

func run(o *Options) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	rules := casefile.Rules{Today: today, Config: casefile.DefaultConfig()}
	if s, err := f.Settings(); err == nil {
		rules.Config = s.Config
	} // a broken config is reported below, with its lines, like any file
	ps, locked, err := ProblemsWith(r, rules, o.F.Keys())
	if err != nil {
		return err
	}
	f.SayNamesHiddenCount(locked)
	// The practitioner's own config file is checked too: every command reads it.
	if p := cmdutil.UserConfigPath(f.Getenv); p != "" {
		if data, err := os.ReadFile(p); err == nil {
			_, _, ups := casefile.Decode(p, casefile.KindConfig, data, rules)
			ps = append(ups, ps...)
		}
	}
	nerr := len(cmdutil.OnlyErrors(ps))
	if o.Format == "json" {
		type item struct {
			Path    string `json:"path"`
			Line    int    `json:"line"`
			Col     int    `json:"col"`
			Level   string `json:"level"`
			Message string `json:"message"`
		}
		items := []item{}
		for _, p := range ps {
			lvl := "error"
			if p.Warning {
				lvl = "warning"
			}
			items = append(items, item{p.Path, p.Line, p.Col, lvl, p.Msg})
		}
		if err := cmdutil.WriteJSON(f.IO.Out, items); err != nil {
			return err
		}
	} else {
		lines := sourceLines(r)
		for _, p := range ps {
			fmt.Fprintln(f.IO.Out, p.String())
			if src := lines(p.Path, p.Line); src != "" {
				fmt.Fprintf(f.IO.Out, "    %s\n    %s^\n", src, strings.Repeat(" ", max(p.Col-1, 0)))
			}
		}
	}
	if nerr > 0 || (o.Strict && len(ps) > 0) {
		fmt.Fprintf(f.IO.ErrOut, "casework: %s, %s\n", plural(nerr, "error"), plural(len(ps)-nerr, "warning"))
		return cmdutil.ErrSilent
	}
	if len(ps) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: %s\n", plural(len(ps), "warning"))
	}
	return nil
}

// sourceLines returns a lookup of a file's line, reading each file once.
func sourceLines(r *repo.Repo) func(path string, line int) string {
	cache := map[string][]string{}
	return func(path string, line int) string {
		if line < 1 {
			return ""
		}
		ls, ok := cache[path]
		if !ok {
			file := path
			if !filepath.IsAbs(file) {
				file = r.Abs(path)
			}
			data, err := os.ReadFile(file)
			if err == nil {
				sc := bufio.NewScanner(bytes.NewReader(data))
				sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
				for sc.Scan() {
					ls = append(ls, strings.ReplaceAll(sc.Text(), "\t", " "))
				}
			}
			cache[path] = ls
		}
		if line > len(ls) {
			return ""
		}
		return ls[line-1]
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// instrumentProblems recomputes every questionnaire of a case from its items: a total, band or
// flag that does not follow from the answers was changed by hand.
func instrumentProblems(c *casefile.Case, defs map[string]*instrument.Definition) []casefile.Problem {
	var ps []casefile.Problem
	for _, a := range c.Assessments {
		for i, res := range a.V.Instruments {
			p := casefile.Problem{Path: a.Path}
			if n := schema.Lookup(c.Nodes[a.Path], "instruments", strconv.Itoa(i)); n != nil {
				p.Line, p.Col = n.Line, n.Column
			}
			if _, ok := defs[res.Instrument]; !ok {
				p.Msg = fmt.Sprintf("instrument %q has no definition (built in: phq9, gad7; others go in instruments/%s.yaml)", res.Instrument, res.Instrument)
				ps = append(ps, p)
				continue
			}
			for _, msg := range instrument.Recompute(defs, res) {
				q := p
				q.Msg = msg
				ps = append(ps, q)
			}
		}
	}
	return ps
}
