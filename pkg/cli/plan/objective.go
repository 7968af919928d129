package plan

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/plan"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ObjectiveFields are the flags that describe an objective, for objective add and set.
type ObjectiveFields struct {
	Statement   string
	Indicator   string
	Baseline    string
	Target      string
	TargetDate  string
	Responsible string
	Status      string
}

func (x *ObjectiveFields) bind(fl *pflag.FlagSet, adding bool) {
	fl.StringVar(&x.Statement, "statement", "", "the short-term, measurable step"+map[bool]string{true: " (required)"}[adding])
	fl.StringVar(&x.Indicator, "indicator", "", "what will be counted or seen")
	fl.StringVar(&x.Baseline, "baseline", "", "where it stands today")
	fl.StringVar(&x.Target, "target", "", "the number, frequency or evidence that means done")
	fl.StringVar(&x.TargetDate, "target-date", "", "when it should be done (YYYY-MM-DD, +3m …); not after the goal's")
	fl.StringVar(&x.Responsible, "responsible", "", "client, worker, a registry id (P-…) or a partner agency")
	fl.StringVar(&x.Status, "status", map[bool]string{true: "active"}[adding], "status: "+strings.Join(casefile.Enums["goal_status"], ", "))
}

func (x *ObjectiveFields) apply(s *session, o *casefile.Objective, changed func(string) bool) ([]string, error) {
	var what []string
	text := func(flag string, dst *string, v string) {
		if changed(flag) {
			*dst = strings.TrimSpace(v)
			what = append(what, flag)
		}
	}
	text("statement", &o.Statement, x.Statement)
	text("indicator", &o.Indicator, x.Indicator)
	text("baseline", &o.Baseline, x.Baseline)
	text("target", &o.Target, x.Target)
	if changed("status") {
		o.Status = x.Status
		what = append(what, "status "+x.Status)
	}
	if changed("target-date") {
		d, err := date(s.f, "target-date", x.TargetDate)
		if err != nil {
			return nil, err
		}
		o.TargetDate = d
		what = append(what, "target_date "+d.String())
	}
	if changed("responsible") {
		who, err := s.responsible(x.Responsible)
		if err != nil {
			return nil, err
		}
		o.Responsible = who
		what = append(what, "responsible")
	}
	return what, nil
}

func (x *ObjectiveFields) check(changed func(string) bool) error {
	if changed("statement") && strings.TrimSpace(x.Statement) == "" {
		return cmdutil.UsageErrorf("--statement is empty; say what the objective is")
	}
	return cmdutil.CheckCode("status", "goal_status", x.Status)
}

func newObjectiveCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "objective",
		Aliases: []string{"obj"},
		Short:   "Add and change the objectives of a goal",
		Long: `An objective is a short-term, measurable step towards a goal: an indicator, a baseline, a
target, a date, and someone responsible for it.`,
	}
	cmd.AddCommand(NewObjectiveAddCmd(f, nil), NewObjectiveSetCmd(f, nil))
	return cmd
}

// ObjectiveOptions are the inputs of plan objective add and set: the goal (add) or the
// objective (set) is ID.
type ObjectiveOptions struct {
	F       *cmdutil.Factory
	Case    string
	ID      string
	Fields  ObjectiveFields
	Changed func(string) bool
}

// NewObjectiveAddCmd builds plan objective add; runF replaces the run function in tests.
func NewObjectiveAddCmd(f *cmdutil.Factory, runF func(*ObjectiveOptions) error) *cobra.Command {
	o := &ObjectiveOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add CASE GOAL --statement TEXT",
		Short: "Add an objective to a goal",
		Long: `Add an objective to a goal of the plan. The new objective's id (O-1, O-2 …) is printed
on stdout. casework warns on stderr when it has no indicator, target, responsible party or
date, or is due after its goal: warnings, the objective is written.

--responsible is client, worker, the id of someone in the case's people registry (P-…), or
the name of a partner agency.`,
		Example: `  casework plan objective add k7f3m G-1 --statement "Submit 2 social-housing applications" \
      --indicator "applications submitted" --baseline 0 --target 2 --target-date 2027-01-31 --responsible client`,
		Args:              caseAndID("GOAL (G-1, G-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.GoalPrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID, o.Changed = args[0], args[1], changedFlags(cmd)
			return runOrStub(o, runF, runObjectiveAdd)
		},
	}
	o.Fields.bind(cmd.Flags(), true)
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.CompleteCodes(casefile.Enums["goal_status"]))
	return cmd
}

func runObjectiveAdd(o *ObjectiveOptions) error {
	goalID, err := normID(o.ID, plan.GoalPrefix, "goal")
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.Fields.Statement) == "" {
		return cmdutil.UsageErrorf("missing --statement: the measurable step; nothing was written")
	}
	if err := o.Fields.check(o.Changed); err != nil {
		return err
	}
	var id string
	s, err := change(o.F, o.Case, false, func(s *session) (string, error) {
		g, err := s.goal(goalID)
		if err != nil {
			return "", err
		}
		id = plan.NextID(s.p, plan.ObjectivePrefix)
		obj := casefile.Objective{ID: id}
		if _, err := o.Fields.apply(s, &obj, func(string) bool { return true }); err != nil {
			return "", err
		}
		g.Objectives = append(g.Objectives, obj)
		return fmt.Sprintf("objective %s added to %s", id, goalID), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(o.F.IO.Out, id)
	s.warn(id)
	return nil
}

// NewObjectiveSetCmd builds plan objective set; runF replaces the run function in tests.
func NewObjectiveSetCmd(f *cmdutil.Factory, runF func(*ObjectiveOptions) error) *cobra.Command {
	o := &ObjectiveOptions{F: f}
	cmd := &cobra.Command{
		Use:   "set CASE OBJECTIVE [flags]",
		Short: "Change an objective: its status, target, date or who is responsible",
		Long: `Change what the flags name on one objective; the rest stays as it is. Statuses:
` + strings.Join(casefile.Enums["goal_status"], ", ") + `.`,
		Example: `  casework plan objective set k7f3m O-1 --status achieved
  casework plan objective set k7f3m O-2 --target-date +1m --responsible "CAF Haute-Garonne"`,
		Args:              caseAndID("OBJECTIVE (O-1, O-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.ObjectivePrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID, o.Changed = args[0], args[1], changedFlags(cmd)
			return runOrStub(o, runF, runObjectiveSet)
		},
	}
	o.Fields.bind(cmd.Flags(), false)
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.CompleteCodes(casefile.Enums["goal_status"]))
	return cmd
}

func runObjectiveSet(o *ObjectiveOptions) error {
	id, err := normID(o.ID, plan.ObjectivePrefix, "objective")
	if err != nil {
		return err
	}
	if err := o.Fields.check(o.Changed); err != nil {
		return err
	}
	s, err := change(o.F, o.Case, false, func(s *session) (string, error) {
		obj, _, err := s.objective(id)
		if err != nil {
			return "", err
		}
		what, err := o.Fields.apply(s, obj, o.Changed)
		if err != nil {
			return "", err
		}
		if len(what) == 0 {
			return "", errNothing("objective set")
		}
		return "objective " + id + " changed: " + strings.Join(what, ", "), nil
	})
	if err != nil {
		return err
	}
	s.warn(id)
	return nil
}
