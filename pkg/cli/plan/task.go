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

// TaskFields are the flags that describe a task, for task add and task set.
type TaskFields struct {
	Action      string
	Responsible string
	Due         string
	Frequency   string
	Status      string
}

func (x *TaskFields) bind(fl *pflag.FlagSet, adding bool) {
	fl.StringVar(&x.Action, "action", "", "who does what, in a few words"+map[bool]string{true: " (required)"}[adding])
	fl.StringVar(&x.Responsible, "responsible", "", "client, worker, a registry id (P-…) or a partner agency")
	fl.StringVar(&x.Due, "due", "", "when it is due (YYYY-MM-DD, +2w, next monday …)")
	fl.StringVar(&x.Frequency, "frequency", "", "how often, for a repeated task (weekly, each month …)")
	if !adding {
		fl.StringVar(&x.Status, "status", "", "status: not_started, in_progress, blocked or cancelled (casework plan task done for done)")
	}
}

func (x *TaskFields) apply(s *session, t *casefile.Task, changed func(string) bool) ([]string, error) {
	var what []string
	if changed("action") {
		t.Action = strings.TrimSpace(x.Action)
		what = append(what, "action")
	}
	if changed("frequency") {
		t.Frequency = strings.TrimSpace(x.Frequency)
		what = append(what, "frequency")
	}
	if changed("due") {
		d, err := date(s.f, "due", x.Due)
		if err != nil {
			return nil, err
		}
		t.Due = d
		what = append(what, "due "+d.String())
	}
	if changed("responsible") {
		who, err := s.responsible(x.Responsible)
		if err != nil {
			return nil, err
		}
		t.Responsible = who
		what = append(what, "responsible")
	}
	if changed("status") && x.Status != t.Status {
		t.Status = x.Status
		t.DoneOn = dates.Date{} // no longer done
		what = append(what, "status "+x.Status)
	}
	return what, nil
}

func newTaskCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "task",
		Short: "Add tasks to objectives, mark them done, change them",
		Long: `A task says who does what by when, and how often. A task due before today and neither
done nor cancelled shows as overdue: that is worked out when the plan is shown, never stored.`,
	}
	cmd.AddCommand(NewTaskAddCmd(f, nil), NewTaskDoneCmd(f, nil), NewTaskSetCmd(f, nil))
	return cmd
}

// TaskOptions are the inputs of plan task add, done and set: the objective (add) or the task
// (done, set) is ID.
type TaskOptions struct {
	F       *cmdutil.Factory
	Case    string
	ID      string
	Fields  TaskFields
	Date    string
	Changed func(string) bool
}

// NewTaskAddCmd builds plan task add; runF replaces the run function in tests.
func NewTaskAddCmd(f *cmdutil.Factory, runF func(*TaskOptions) error) *cobra.Command {
	o := &TaskOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add CASE OBJECTIVE --action TEXT",
		Short: "Add a task to an objective",
		Long: `Add a task to an objective of the plan; it starts not_started. Its id (T-1, T-2 …) is
printed on stdout. casework warns on stderr when no one is responsible or it has no due date.

--responsible is client, worker, the id of someone in the case's people registry (P-…), or
the name of a partner agency.`,
		Example: `  casework plan task add k7f3m O-1 --action "Book an interpreter for the housing office" \
      --responsible worker --due +1w
  casework plan task add k7f3m O-2 --action "Bring the rent receipts" --responsible client --frequency monthly --due 2026-12-05`,
		Args:              caseAndID("OBJECTIVE (O-1, O-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.ObjectivePrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID, o.Changed = args[0], args[1], changedFlags(cmd)
			return runOrStub(o, runF, runTaskAdd)
		},
	}
	o.Fields.bind(cmd.Flags(), true)
	return cmd
}

func runTaskAdd(o *TaskOptions) error {
	objID, err := normID(o.ID, plan.ObjectivePrefix, "objective")
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.Fields.Action) == "" {
		return cmdutil.UsageErrorf("missing --action: who does what; nothing was written")
	}
	var id string
	s, err := change(o.F, o.Case, false, func(s *session) (string, error) {
		obj, _, err := s.objective(objID)
		if err != nil {
			return "", err
		}
		id = plan.NextID(s.p, plan.TaskPrefix)
		t := casefile.Task{ID: id, Status: "not_started"}
		if _, err := o.Fields.apply(s, &t, func(name string) bool { return name != "status" }); err != nil {
			return "", err
		}
		obj.Tasks = append(obj.Tasks, t)
		return fmt.Sprintf("task %s added to %s", id, objID), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(o.F.IO.Out, id)
	s.warn(id)
	return nil
}

// NewTaskDoneCmd builds plan task done; runF replaces the run function in tests.
func NewTaskDoneCmd(f *cmdutil.Factory, runF func(*TaskOptions) error) *cobra.Command {
	o := &TaskOptions{F: f}
	cmd := &cobra.Command{
		Use:   "done CASE TASK",
		Short: "Mark a task done",
		Long:  `Mark a task done, on a date (today unless --date says otherwise).`,
		Example: `  casework plan task done k7f3m T-1
  casework plan task done k7f3m T-3 --date yesterday`,
		Args:              caseAndID("TASK (T-1, T-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.TaskPrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID = args[0], args[1]
			return runOrStub(o, runF, runTaskDone)
		},
	}
	cmd.Flags().StringVar(&o.Date, "date", "today", "when it was done")
	return cmd
}

func runTaskDone(o *TaskOptions) error {
	f := o.F
	id, err := normID(o.ID, plan.TaskPrefix, "task")
	if err != nil {
		return err
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	if today, _ := f.Today(); on.After(today) {
		return cmdutil.UsageErrorf("--date %s is in the future; mark a task done once it is", on)
	}
	_, err = change(f, o.Case, false, func(s *session) (string, error) {
		t, err := s.task(id)
		if err != nil {
			return "", err
		}
		if t.Status == "done" {
			return "", fmt.Errorf("task %s is already done (on %s); nothing was written", id, t.DoneOn)
		}
		t.Status, t.DoneOn = "done", on
		return fmt.Sprintf("task %s done on %s", id, on), nil
	})
	return err
}

// taskSetStatuses are the statuses task set gives; done has its own command.
var taskSetStatuses = []string{"not_started", "in_progress", "blocked", "cancelled"}

// NewTaskSetCmd builds plan task set; runF replaces the run function in tests.
func NewTaskSetCmd(f *cmdutil.Factory, runF func(*TaskOptions) error) *cobra.Command {
	o := &TaskOptions{F: f}
	cmd := &cobra.Command{
		Use:   "set CASE TASK [flags]",
		Short: "Change a task: its status, due date, action or who does it",
		Long: `Change what the flags name on one task; the rest stays as it is. --status is
not_started, in_progress, blocked or cancelled; a task is marked done with casework plan
task done. Setting another status on a done task reopens it.`,
		Example: `  casework plan task set k7f3m T-2 --status blocked
  casework plan task set k7f3m T-2 --due +2w --responsible "Mission locale"`,
		Args:              caseAndID("TASK (T-1, T-2 …)"),
		ValidArgsFunction: completeIDs(f, plan.TaskPrefix),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.ID, o.Changed = args[0], args[1], changedFlags(cmd)
			return runOrStub(o, runF, runTaskSet)
		},
	}
	o.Fields.bind(cmd.Flags(), false)
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.CompleteCodes(taskSetStatuses))
	return cmd
}

func runTaskSet(o *TaskOptions) error {
	id, err := normID(o.ID, plan.TaskPrefix, "task")
	if err != nil {
		return err
	}
	if err := cmdutil.CheckCode("status", "task_status", o.Fields.Status); err != nil {
		return err
	}
	if o.Fields.Status == "done" {
		return cmdutil.WithHint(cmdutil.UsageErrorf("--status done: a task is marked done with its date"),
			"casework plan task done CASE %s [--date DATE]", id)
	}
	if o.Changed("action") && strings.TrimSpace(o.Fields.Action) == "" {
		return cmdutil.UsageErrorf("--action is empty; say who does what")
	}
	_, err = change(o.F, o.Case, false, func(s *session) (string, error) {
		t, err := s.task(id)
		if err != nil {
			return "", err
		}
		what, err := o.Fields.apply(s, t, o.Changed)
		if err != nil {
			return "", err
		}
		if len(what) == 0 {
			return "", errNothing("task set")
		}
		return "task " + id + " changed: " + strings.Join(what, ", "), nil
	})
	return err
}
