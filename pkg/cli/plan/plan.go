// Package plan is `casework plan`: the case's intervention plan — goals in the client's words,
// measurable objectives, tasks with who does what by when, the client's agreement, Goal
// Attainment Scaling — shown, built and changed one step at a time.
//
// The plan is one file, cases/<id>/plan.yaml, changed in place: every command raises its
// revision, adds a line to its history and makes one commit. What is overdue, the T-score and
// the SMART warnings are worked out when the plan is shown (package pkg/plan), never stored.
package plan

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
	"github.com/casework/casework/pkg/report"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// Options are the inputs of plan (showing it).
type Options struct {
	F       *cmdutil.Factory
	Case    string
	Format  string
	History bool
	Lang    string
	Export  cmdutil.ExportFlags
}

// NewCmd builds `casework plan` and its subcommands; runF replaces the show function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "plan CASE",
		Short: "Show and build the case's intervention plan",
		Long: `The intervention plan is built with the client: goals (long-term outcomes, in their own
words where possible), objectives (short-term, measurable steps) and tasks (who does what, by
when), the client's agreement, and a review date. A goal may carry a Goal Attainment Scale:
five outcome levels written in advance, scored later into a Kiresuk–Sherman T-score.

casework plan CASE shows the plan as of today (or --today): each goal with its scale and
scores, its objectives and tasks, which of them are overdue, the agreement, the T-score when
goals are scored, then the SMART warnings (vague statements, missing indicators, targets,
dates, responsible parties, agreement). -o html is the same report as one self-contained
page to open in a browser and print; -o json gives the same for programs; -o yaml is
plan.yaml as recorded; --history lists its revisions.

The subcommands change the plan, one revision and one commit each. A closed case's plan is
not changed: reopen the case first. Exit codes: 0 ok, 1 failed, 2 usage error.

` + cmdutil.ExportHelp + ` (Showing the plan only; deidentified is refused: casework
show CASE --profile deidentified has the goals' statuses and GAS levels.)`,
		Example: `  casework plan k7f3m
  casework plan goal add k7f3m --statement "Awa lives in housing she can afford" --target-date 2027-06-30
  casework plan objective add k7f3m G-1 --statement "Submit 2 social-housing applications" \
      --indicator "applications submitted" --target 2 --target-date 2027-01-31 --responsible client
  casework plan task add k7f3m O-1 --action "Book an interpreter" --responsible worker --due +1w
  casework plan agree k7f3m --how signed
  casework plan k7f3m --history
  casework plan k7f3m -o json | jq .attainment
  casework plan k7f3m --profile supervision -o html > plan.html`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			return runOrStub(o, runF, runShow)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "md", "html", "json", "yaml")
	cmd.Flags().BoolVar(&o.History, "history", false, "list the plan's revisions, one line each")
	cmd.Flags().StringVar(&o.Lang, "lang", "", "report language: en, fr or es (default: the repository's)")
	_ = cmd.RegisterFlagCompletionFunc("lang", cmdutil.CompleteCodes(report.Languages))
	cmdutil.AddExportFlags(cmd, &o.Export)
	cmd.AddCommand(newGoalCmd(f), newObjectiveCmd(f), newTaskCmd(f),
		NewAgreeCmd(f, nil), NewSetCmd(f, nil), NewEditCmd(f, nil))
	return cmd
}

// View is the plan as -o json gives it: the file's fields under "plan", and what is derived
// from it as of a date. It only grows.
type View struct {
	Case       string             `json:"case"`
	AsOf       dates.Date         `json:"as_of"`
	Plan       any                `json:"plan"`
	Overdue    []plan.OverdueItem `json:"overdue"`
	Attainment *Attainment        `json:"attainment"`
	Warnings   []plan.Warning     `json:"warnings"`
}

// Attainment is the plan's T-score, with the rho it used and the number of goals scored.
type Attainment struct {
	TScore float64 `json:"t_score"`
	Rho    float64 `json:"rho"`
	NGoals int     `json:"n_goals"`
}

func runShow(o *Options) (err error) {
	f := o.F
	if err := cmdutil.CheckCode("lang", "language", o.Lang); err != nil {
		return err
	}
	r, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	if c.Plan == nil {
		return noPlan(c)
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	x, err := f.PrepareExport(&o.Export, s.Config.Language)
	if err != nil {
		return err
	}
	orig := c
	var entries []string
	if !x.Internal() {
		if o.History {
			return cmdutil.UsageErrorf("--history is the plan's own record of who changed what, for internal use: export the plan without it")
		}
		if x.Profile.Dates == "year" {
			return cmdutil.UsageErrorf("profile %s keeps coded data only: casework show %s --profile %s", x.Name, c.ID, x.Name)
		}
		res, err := f.Redact(r, x, c)
		if err != nil {
			return err
		}
		if c, entries = res.Case, []string{"people", "plan"}; c.Plan == nil {
			return fmt.Errorf("profile %s does not export the plan (--include, or what the consent covers): nothing was exported", x.Name)
		}
	}
	w := &bytes.Buffer{}
	defer func() {
		if err != nil || w.Len() == 0 {
			return
		}
		if !x.Internal() {
			format := o.Format
			if format == "" {
				format = "md"
			}
			if _, err = f.LogDisclosure(r, x, orig, "plan", format, casefile.Disclosure{Entries: entries}); err != nil {
				return
			}
		}
		_, err = f.IO.Out.Write(w.Bytes())
	}()
	p := c.Plan
	today, err := f.Today()
	if err != nil {
		return err
	}
	rho := s.Config.GAS.Rho
	if o.History {
		return history(w, p, o.Format)
	}
	switch o.Format {
	case "yaml":
		data, err := casefile.Marshal(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	case "json":
		v := View{Case: c.ID, AsOf: today, Overdue: plan.Overdue(p, today), Warnings: plan.SMARTWarnings(p)}
		if v.Plan, err = asJSON(p); err != nil {
			return err
		}
		if t, n, ok := plan.Attainment(p, today, rho); ok {
			v.Attainment = &Attainment{TScore: float64(int64(t*100+0.5)) / 100, Rho: rho, NGoals: n}
		}
		if v.Overdue == nil {
			v.Overdue = []plan.OverdueItem{}
		}
		if v.Warnings == nil {
			v.Warnings = []plan.Warning{}
		}
		return cmdutil.WriteJSON(w, v)
	}
	who := func(id string) string {
		if person, ok := c.Person(id); ok {
			return id + " (" + person.Name + ")"
		}
		return id
	}
	data := struct {
		ID     string
		Agency string
		Plan   *report.PlanView
	}{c.ID, s.Config.Agency.Name, report.ViewPlan(p, today, rho, who)}
	lang := o.Lang
	if lang == "" {
		lang = s.Config.Language
	}
	out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("plan.md.tmpl", lang, data)
	if err != nil {
		return err
	}
	if o.Format == "html" {
		if out, err = report.HTML(out, "", lang); err != nil {
			return err
		}
	}
	_, err = w.Write(out)
	return err
}

// history prints the plan's revisions, one line each.
func history(w io.Writer, p *casefile.Plan, format string) error {
	if format == "json" {
		v, err := asJSON(struct {
			Changes []casefile.Change `yaml:"changes"`
		}{p.Changes})
		if err != nil {
			return err
		}
		changes := v.(map[string]any)["changes"]
		if changes == nil {
			changes = []any{}
		}
		return cmdutil.WriteJSON(w, changes)
	}
	for _, ch := range p.Changes {
		fmt.Fprintf(w, "r%d  %s  %s  %s\n", ch.Revision, ch.At.Format("2006-01-02 15:04"), ch.By, ch.What)
	}
	return nil
}

// asJSON gives a value the shape it has in its YAML file (the same keys, dates as strings),
// for JSON output.
func asJSON(v any) (any, error) {
	data, err := casefile.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return nodeValue(&doc), nil
}

func nodeValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return nodeValue(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = nodeValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			s = append(s, nodeValue(c))
		}
		return s
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	}
	switch n.ShortTag() {
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return i
		}
	case "!!float":
		if x, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return x
		}
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}
