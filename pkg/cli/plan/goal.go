package plan

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// GoalFields are the flags that describe a goal, for goal add and goal set.
type GoalFields struct {
	Statement   string
	ClientWords string
	Domain      string
	Term        string
	Indicator   string
	Target      string
	TargetDate  string
	Responsible string
	Status      string
	Weight      float64
	Levels      []string
	Baseline    string
}

func (g *GoalFields) bind(fl *pflag.FlagSet, adding bool) {
	statusHelp := "status: " + strings.Join(casefile.Enums["goal_status"], ", ")
	if adding {
		statusHelp = "status: proposed or active"
	}
	fl.StringVar(&g.Statement, "statement", "", "the outcome to reach, as someone could observe it"+map[bool]string{true: " (required)"}[adding])
	fl.StringVar(&g.ClientWords, "client-words", "", "the goal in the client's own words")
	fl.StringVar(&g.Domain, "domain", "", "the life domain: "+strings.Join(casefile.Enums["assessment_domain"], ", "))
	fl.StringVar(&g.Term, "term", "", "short, medium or long")
	fl.StringVar(&g.Indicator, "indicator", "", "what will be counted or seen")
	fl.StringVar(&g.Target, "target", "", "the number, frequency or evidence that means reached")
	fl.StringVar(&g.TargetDate, "target-date", "", "when it should be reached (YYYY-MM-DD, +6m …)")
	fl.StringVar(&g.Responsible, "responsible", "", "client, worker, a registry id (P-…) or a partner agency")
	fl.StringVar(&g.Status, "status", map[bool]string{true: "active"}[adding], statusHelp)
	fl.Float64Var(&g.Weight, "weight", 0, "GAS: the goal's weight, a number above 0 (default 1 with a scale)")
	fl.StringArrayVar(&g.Levels, "level", nil, "GAS: an outcome level as `LEVEL=TEXT`, LEVEL -2, -1, 0, 1 or 2 (repeat for all five)")
	fl.StringVar(&g.Baseline, "baseline", "", "GAS: the level where the client stands today, -2 … 2")
}

func completions(cmd *cobra.Command, statuses []string) {
	_ = cmd.RegisterFlagCompletionFunc("domain", cmdutil.CompleteCodes(casefile.Enums["assessment_domain"]))
	_ = cmd.RegisterFlagCompletionFunc("term", cmdutil.CompleteCodes(casefile.Enums["goal_term"]))
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.CompleteCodes(statuses))
}

// check validates what can be checked before the case is read.
func (g *GoalFields) check(changed func(string) bool) error {
	if err := cmdutil.CheckCode("domain", "assessment_domain", g.Domain); err != nil {
		return err
	}
	if err := cmdutil.CheckCode("term", "goal_term", g.Term); err != nil {
		return err
	}
	if err := cmdutil.CheckCode("status", "goal_status", g.Status); err != nil {
		return err
	}
	if changed("weight") && !(g.Weight > 0) {
		return cmdutil.UsageErrorf("--weight %v: a goal's weight is a number above 0", g.Weight)
	}
	if _, err := parseLevels(g.Levels); err != nil {
		return err
	}
	if changed("baseline") {
		if _, err := parseLevel("baseline", g.Baseline); err != nil {
			return err
		}
	}
	if changed("statement") && strings.TrimSpace(g.Statement) == "" {
		return cmdutil.UsageErrorf("--statement is empty; say what the goal is")
	}
	return nil
}

// apply writes the given fields on the goal and names what changed (codes and field names only).
func (g *GoalFields) apply(s *session, goal *casefile.Goal, changed func(string) bool) ([]string, error) {
	var what []string
	text := func(flag, field string, dst *string, v string) {
		if changed(flag) {
			*dst = strings.TrimSpace(v)
			what = append(what, field)
		}
	}
	code := func(flag string, dst *string, v string) {
		if changed(flag) {
			*dst = v
			what = append(what, flag+" "+v)
		}
	}
	text("statement", "statement", &goal.Statement, g.Statement)
	text("client-words", "client_words", &goal.ClientWords, g.ClientWords)
	code("domain", &goal.Domain, g.Domain)
	code("term", &goal.Term, g.Term)
	text("indicator", "indicator", &goal.Indicator, g.Indicator)
	text("target", "target", &goal.Target, g.Target)
	code("status", &goal.Status, g.Status)
	if changed("target-date") {
		d, err := date(s.f, "target-date", g.TargetDate)
		if err != nil {
			return nil, err
		}
		goal.TargetDate = d
		what = append(what, "target_date "+d.String())
	}
	if changed("responsible") {
		who, err := s.responsible(g.Responsible)
		if err != nil {
			return nil, err
		}
		goal.Responsible = who
		what = append(what, "responsible")
	}
	if changed("weight") || changed("level") || changed("baseline") {
		if goal.GAS == nil {
			goal.GAS = &casefile.GAS{Weight: 1, Levels: map[string]string{}}
		}
		if goal.GAS.Levels == nil {
			goal.GAS.Levels = map[string]string{}
		}
		if changed("weight") {
			goal.GAS.Weight = g.Weight
			what = append(what, fmt.Sprintf("gas weight %g", g.Weight))
		}
		if changed("level") {
			levels, _ := parseLevels(g.Levels)
			for k, v := range levels {
				goal.GAS.Levels[k] = v
			}
			what = append(what, "gas levels")
		}
		if changed("baseline") {
			n, _ := parseLevel("baseline", g.Baseline)
			goal.GAS.Baseline = &n
			what = append(what, "gas baseline "+signed(n))
		}
		if missing := plan.MissingLevels(goal); len(missing) > 0 {
			flags := make([]string, len(missing))
			for i, l := range missing {
				flags[i] = "--level " + l + "=TEXT"
			}
			return nil, cmdutil.UsageErrorf("a Goal Attainment Scale describes all five levels before it is used; missing %s; nothing was written",
				strings.Join(flags, ", "))
		}
	}
	return what, nil
}

// GoalAddOptions are the inputs of plan goal add.
type GoalAddOptions struct {
	F       *cmdutil.Factory
	Case    string
	Fields  GoalFields
	Changed func(string) bool
}

func newGoalCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "goal",
		Short: "Add, change and score the plan's goals",
		Long: `A goal is a long-term outcome, in the client's words where possible, with the objectives
that lead to it and, optionally, a Goal Attainment Scale: five outcome levels written in
advance (-2 much less than expected … 0 expected … +2 much more than expected) and a weight.`,
	}
	cmd.AddCommand(NewGoalAddCmd(f, nil), NewGoalSetCmd(f, nil), NewGoalScoreCmd(f, nil))
	return cmd
}

// NewGoalAddCmd builds plan goal add; runF replaces the run function in tests.
func NewGoalAddCmd(f *cmdutil.Factory, runF func(*GoalAddOptions) error) *cobra.Command {
	o := &GoalAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add CASE --statement TEXT",
		Short: "Add a goal to the case's plan",
		Long: `Add a goal to the case's plan, creating the plan on its first goal. The new goal's id
(G-1, G-2 …) is printed on stdout; ids are never reused.

Write the outcome to reach as someone could observe it (who does what, how much, by when):
casework warns on stderr when the goal is vague ("improve", "work on", "help" alone), has no
target date, or when the plan is not yet agreed with the client. These are warnings: the goal
is written.

A Goal Attainment Scale is written with the goal: --weight and the five --level
descriptions, and optionally --baseline, the level where the client stands today. Score it
later with casework plan goal score.

--responsible is client, worker, the id of someone in the case's people registry (P-…), or
the name of a partner agency. Exit codes: 0 written, 1 failed, 2 usage error.`,
		Example: `  casework plan goal add k7f3m --statement "Awa lives in housing she can afford" \
      --client-words "Un logement à moi, sans peur de l'huissier" --domain housing --term long \
      --target-date 2027-06-30 --responsible client
  casework plan goal add k7f3m --statement "Rent paid in full each month" --weight 3 \
      --level -2="Eviction order executed" --level -1="Arrears growing" \
      --level 0="Rent paid 3 months in a row" --level 1="Rent paid and arrears halved" \
      --level 2="Rent paid and arrears cleared" --baseline -1 --target-date +6m --responsible client`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.Changed = args[0], changedFlags(cmd)
			return runOrStub(o, runF, runGoalAdd)
		},
	}
	o.Fields.bind(cmd.Flags(), true)
	completions(cmd, []string{"proposed", "active"})
	return cmd
}

func runGoalAdd(o *GoalAddOptions) error {
	f := o.F
	if strings.TrimSpace(o.Fields.Statement) == "" {
		return cmdutil.UsageErrorf("missing --statement: the outcome to reach; nothing was written")
	}
	if err := o.Fields.check(o.Changed); err != nil {
		return err
	}
	if o.Fields.Status != "proposed" && o.Fields.Status != "active" {
		return cmdutil.UsageErrorf("--status %s: a new goal is proposed or active; change it later with casework plan goal set", o.Fields.Status)
	}
	// Every field is set on a new goal, given or not; the status always.
	changed := func(name string) bool {
		switch name {
		case "weight", "level", "baseline":
			return o.Changed(name)
		}
		return true
	}
	var id string
	s, err := change(f, o.Case, true, func(s *session) (string, error) {
		id = plan.NextID(s.p, plan.GoalPrefix)
		g := casefile.Goal{ID: id}
		if _, err := o.Fields.apply(s, &g, changed); err != nil {
			return "", err
		}
		s.p.Goals = append(s.p.Goals, g)
		return "goal " + id + " added", nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IO.Out, id)
	s.warn(id)
	return nil
}

// GoalSetOptions are the inputs of plan goal set.
type GoalSetOptions struct {
	F       *cmdutil.Factory
	Case    string
	ID      string
	Fields  GoalFields
	Changed func(string) bool
}

// NewGoalSetCmd builds plan goal set; runF replaces the run function in tests.
func NewGoalSetCmd(f *cmdutil.Factory, runF func(*GoalSetOptions) error) *cobra.Command {
	o := &GoalSetOptions{F: f}
	cmd := &cobra.Command{
		Use:   "set CASE GOAL [flags]",
		Short: "Change a goal: its status, dates, words or scale",
		Long: `Change what the flags name on one goal of the plan; the rest stays as it is. Statuses:
` + strings.Join(casefile.Enums["goal_status"], ", ") + `.

Prefer a status (achieved, discontinued, replaced) to deleting a goal: the plan keeps its
history. --level replaces the levels it names; a scale first written here needs all five.`,
		Example: `  casework plan goal set k7f3m G-1 --status achieved
  casework plan goal set k7f3m G-2 --target-date 2027-03-31 --statement "Rent paid on time for 6 months"
  casework plan goal set k7f3m G-2 --weight 2 --level 0="Rent paid 3 months in a row"`,
		Args:              caseAndID("GOAL (G-1, G-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.GoalPrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID, o.Changed = args[0], args[1], changedFlags(cmd)
			return runOrStub(o, runF, runGoalSet)
		},
	}
	o.Fields.bind(cmd.Flags(), false)
	completions(cmd, casefile.Enums["goal_status"])
	return cmd
}

func runGoalSet(o *GoalSetOptions) error {
	id, err := normID(o.ID, plan.GoalPrefix, "goal")
	if err != nil {
		return err
	}
	if o.Changed("statement") && strings.TrimSpace(o.Fields.Statement) == "" {
		return cmdutil.UsageErrorf("--statement is empty; say what the goal is")
	}
	if err := o.Fields.check(o.Changed); err != nil {
		return err
	}
	s, err := change(o.F, o.Case, false, func(s *session) (string, error) {
		g, err := s.goal(id)
		if err != nil {
			return "", err
		}
		what, err := o.Fields.apply(s, g, o.Changed)
		if err != nil {
			return "", err
		}
		if len(what) == 0 {
			return "", errNothing("goal set")
		}
		return "goal " + id + " changed: " + strings.Join(what, ", "), nil
	})
	if err != nil {
		return err
	}
	s.warn(id)
	return nil
}

// GoalScoreOptions are the inputs of plan goal score.
type GoalScoreOptions struct {
	F     *cmdutil.Factory
	Case  string
	ID    string
	Level string
	Date  string
}

// NewGoalScoreCmd builds plan goal score; runF replaces the run function in tests.
func NewGoalScoreCmd(f *cmdutil.Factory, runF func(*GoalScoreOptions) error) *cobra.Command {
	o := &GoalScoreOptions{F: f}
	cmd := &cobra.Command{
		Use:   "score CASE GOAL --level N",
		Short: "Record the level a goal has reached on its Goal Attainment Scale",
		Long: `Record the level a goal has reached, on its Goal Attainment Scale: -2 much less than
expected, -1 somewhat less, 0 the expected outcome, +1 somewhat more, +2 much more. The goal
needs its five levels written first (casework plan goal set CASE GOAL --level …).

Scores are kept, each with its date; the latest one counts. After the score, the plan's
Kiresuk–Sherman T-score is printed on stdout: 50 means goals were met as expected on
average, with a standard deviation of 10. Goals not yet scored are left out (and counted),
not taken as 0; rho, the assumed correlation between goals, is gas.rho (default 0.3).`,
		Example: `  casework plan goal score k7f3m G-1 --level 1
  casework plan goal score k7f3m G-2 --level -1 --date 2026-11-20`,
		Args:              caseAndID("GOAL (G-1, G-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.GoalPrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID = args[0], args[1]
			return runOrStub(o, runF, runGoalScore)
		},
	}
	cmd.Flags().StringVar(&o.Level, "level", "", "the level reached: -2, -1, 0, 1 or 2 (required)")
	cmd.Flags().StringVar(&o.Date, "date", "today", "the date of the score")
	_ = cmd.RegisterFlagCompletionFunc("level", cmdutil.CompleteCodes(casefile.GASLevels))
	return cmd
}

func runGoalScore(o *GoalScoreOptions) error {
	f := o.F
	id, err := normID(o.ID, plan.GoalPrefix, "goal")
	if err != nil {
		return err
	}
	if o.Level == "" {
		return cmdutil.UsageErrorf("missing --level: the level reached, -2, -1, 0, 1 or 2; nothing was written")
	}
	level, err := parseLevel("level", o.Level)
	if err != nil {
		return err
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	if today, _ := f.Today(); on.After(today) {
		return cmdutil.UsageErrorf("--date %s is in the future; score what has been reached", on)
	}
	s, err := change(f, o.Case, false, func(s *session) (string, error) {
		g, err := s.goal(id)
		if err != nil {
			return "", err
		}
		if missing := plan.MissingLevels(g); len(missing) > 0 {
			what := "its levels " + strings.Join(missing, ", ") + " are not described"
			if g.GAS == nil {
				what = "it has no Goal Attainment Scale"
			}
			return "", cmdutil.WithHint(fmt.Errorf("goal %s cannot be scored: %s; nothing was written", id, what),
				"write the five levels first: casework plan goal set %s %s --weight 1 --level -2=TEXT --level -1=TEXT --level 0=TEXT --level 1=TEXT --level 2=TEXT", s.c.ID, id)
		}
		g.GAS.Scores = append(g.GAS.Scores, casefile.GASScore{On: on, Level: level, By: s.worker.ID})
		return fmt.Sprintf("goal %s scored %s on %s", id, signed(level), on), nil
	})
	if err != nil {
		return err
	}
	st, err := f.Settings()
	if err != nil {
		return err
	}
	fmt.Fprintln(f.IO.Out, attainmentLine(s.p, s.today, st.Config.GAS.Rho))
	return nil
}

// attainmentLine is the plan's T-score in one line, or what stands in its way.
func attainmentLine(p *casefile.Plan, asOf dates.Date, rho float64) string {
	t, n, ok := plan.Attainment(p, asOf, rho)
	if !ok {
		return "No goal is scored yet: no T-score."
	}
	scales := 0
	for _, g := range p.Goals {
		if g.GAS != nil {
			scales++
		}
	}
	return fmt.Sprintf("T-score %.1f (Kiresuk–Sherman, ρ = %g; goals scored: %d of the %d with a scale, as of %s)", t, rho, n, scales, asOf)
}
