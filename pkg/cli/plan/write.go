package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// session is one writing command at work on a case's plan, under the repository lock.
type session struct {
	f      *cmdutil.Factory
	r      *repo.Repo
	c      *casefile.Case
	p      *casefile.Plan
	worker casefile.Worker
	now    time.Time
	today  dates.Date
}

// change is the shape of every command that writes the plan: it loads the case under the
// lock, refuses a case that is not open, hands the plan to apply (a new one when create is set
// and the case has none), then records the change in the plan's history, writes plan.yaml and
// makes one commit. apply returns what changed, in codes and ids only: it becomes the plan's
// history line and the commit subject.
func change(f *cmdutil.Factory, typed string, create bool, apply func(s *session) (string, error)) (*session, error) {
	worker, err := f.Worker()
	if err != nil {
		return nil, err
	}
	clock, err := f.Clock()
	if err != nil {
		return nil, err
	}
	r, c, err := f.LoadCase(typed)
	if err != nil {
		return nil, err
	}
	lock, err := f.Lock(r, "plan "+c.ID)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	// Reload under the lock: another writer may have changed the plan meanwhile.
	if r, c, err = f.LoadCase(c.ID); err != nil {
		return nil, err
	}
	if err := cmdutil.RequireKey(c); err != nil {
		return nil, err
	}
	if err := writable(c); err != nil {
		return nil, err
	}
	s := &session{f: f, r: r, c: c, p: c.Plan, worker: worker, now: clock.Now(), today: dates.Today(clock)}
	if s.p == nil {
		if !create {
			return nil, noPlan(c)
		}
		s.p = plan.New(s.today)
	}
	what, err := apply(s)
	if err != nil {
		return nil, err
	}
	if err := s.write(what); err != nil {
		return nil, err
	}
	return s, nil
}

// write records the change and writes the plan; one commit of plan.yaml.
func (s *session) write(what string) error {
	plan.Touch(s.p, s.now, s.worker.ID, what)
	path, err := s.f.WritePlan(s.r, s.c, s.p)
	if err != nil {
		return err
	}
	s.f.Commit(s.r, cmdutil.Change{Action: "plan", CaseID: s.c.ID, Summary: what, Paths: []string{path}})
	fmt.Fprintf(s.f.IO.ErrOut, "Plan of case %s, revision %d: %s\n", s.c.ID, s.p.Revision, what)
	return nil
}

// warn prints the SMART warnings about one item (and what it holds) on stderr. The validator
// already warned of an objective due after its goal when the plan was written.
func (s *session) warn(id string) {
	for _, w := range plan.WarningsFor(s.p, id, plan.SMARTWarnings(s.p)) {
		if strings.Contains(w.Msg, "after its goal") {
			continue
		}
		fmt.Fprintf(s.f.IO.ErrOut, "casework: warning: %s\n", w)
	}
}

// writable refuses to change the plan of a case that is not open.
func writable(c *casefile.Case) error {
	st := caseload.Derive(c, dates.Date{})
	switch {
	case st.Status == caseload.Closed:
		return cmdutil.WithHint(fmt.Errorf("case %s is closed; reopen it first to change its plan; nothing was written", c.ID),
			"casework reopen %s --reason TEXT starts a new episode", c.ID)
	case !caseload.IsOpen(st.Status):
		return fmt.Errorf("case %s is %s; a plan is made for an open case; nothing was written", c.ID, st.Status)
	}
	return nil
}

func noPlan(c *casefile.Case) error {
	return cmdutil.WithHint(fmt.Errorf("case %s has no plan yet", c.ID),
		"start it with its first goal: casework plan goal add %s --statement TEXT", c.ID)
}

var typedID = regexp.MustCompile(`^([GgOoTt])-?([0-9]+)$`)

// normID reads an id as typed ("g2", "G-2") for a kind, refusing an id of another kind.
func normID(typed, prefix, what string) (string, error) {
	m := typedID.FindStringSubmatch(strings.TrimSpace(typed))
	if m == nil {
		return "", cmdutil.UsageErrorf("%q is not a %s id: write %s-1, %s-2 …", typed, what, prefix, prefix)
	}
	n, _ := strconv.Atoi(m[2])
	id := strings.ToUpper(m[1]) + "-" + strconv.Itoa(n)
	if k := strings.ToUpper(m[1]); k != prefix {
		kinds := map[string]string{"G": "a goal", "O": "an objective", "T": "a task"}
		return "", cmdutil.UsageErrorf("%s is %s id; this command takes %s id (%s-n)", id, kinds[k], kinds[prefix], prefix)
	}
	return id, nil
}

// notFound says an id is not in the plan and lists the ids that are.
func notFound(s *session, id, prefix, what string) error {
	ids := plan.IDs(s.p, prefix)
	known := "it has none yet"
	if len(ids) > 0 {
		known = "it has " + strings.Join(ids, ", ")
	}
	return cmdutil.WithHint(cmdutil.UsageErrorf("%s %s is not in the plan of case %s (%s); nothing was written", what, id, s.c.ID, known),
		"casework plan %s shows the plan with its ids", s.c.ID)
}

func (s *session) goal(id string) (*casefile.Goal, error) {
	if g := plan.FindGoal(s.p, id); g != nil {
		return g, nil
	}
	return nil, notFound(s, id, plan.GoalPrefix, "goal")
}

func (s *session) objective(id string) (*casefile.Objective, *casefile.Goal, error) {
	if o, g := plan.FindObjective(s.p, id); o != nil {
		return o, g, nil
	}
	return nil, nil, notFound(s, id, plan.ObjectivePrefix, "objective")
}

func (s *session) task(id string) (*casefile.Task, error) {
	if t, _, _ := plan.FindTask(s.p, id); t != nil {
		return t, nil
	}
	return nil, notFound(s, id, plan.TaskPrefix, "task")
}

// responsible checks who is responsible: client, worker, a registry id (which must exist in the
// case's people registry) or any other words (a partner agency).
func (s *session) responsible(who string) (string, error) {
	who = strings.TrimSpace(who)
	if strings.HasPrefix(who, "P-") {
		if _, ok := s.c.Person(who); !ok {
			return "", cmdutil.WithHint(cmdutil.UsageErrorf("--responsible %s: no one has that id in the people registry of case %s; nothing was written", who, s.c.ID),
				"use client, worker, an agency's name, or the id of someone in %s", s.c.PeoplePath())
		}
	}
	return who, nil
}

// responsibleProblems is the same check over a whole plan, as problems placed on the lines of
// its YAML tree when there is one (for plan edit).
func responsibleProblems(c *casefile.Case, p *casefile.Plan, doc *yaml.Node) []casefile.Problem {
	var out []casefile.Problem
	check := func(who string, keys ...string) {
		if !strings.HasPrefix(who, "P-") {
			return
		}
		if _, ok := c.Person(who); ok {
			return
		}
		pr := casefile.Problem{Path: c.PlanPath(), Msg: fmt.Sprintf("responsible %q is not in the people registry (%s)", who, c.PeoplePath())}
		if n := schema.Lookup(doc, keys...); n != nil {
			pr.Line, pr.Col = n.Line, n.Column
		}
		out = append(out, pr)
	}
	for gi, g := range p.Goals {
		gk := []string{"goals", strconv.Itoa(gi)}
		check(g.Responsible, append(gk, "responsible")...)
		for oi, o := range g.Objectives {
			ok := append(append([]string{}, gk...), "objectives", strconv.Itoa(oi))
			check(o.Responsible, append(ok, "responsible")...)
			for ti, t := range o.Tasks {
				check(t.Responsible, append(append([]string{}, ok...), "tasks", strconv.Itoa(ti), "responsible")...)
			}
		}
	}
	return out
}

// parseLevels reads --level LEVEL=TEXT flags: LEVEL is -2, -1, 0, 1 or 2 (+1 and +2 too).
func parseLevels(specs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, spec := range specs {
		k, text, ok := strings.Cut(spec, "=")
		k = strings.TrimPrefix(strings.TrimSpace(k), "+")
		if !ok || !slices.Contains(casefile.GASLevels, k) {
			return nil, cmdutil.UsageErrorf(`--level %q: write LEVEL=TEXT with LEVEL one of -2, -1, 0, 1, 2, e.g. --level 0="Two applications submitted"`, spec)
		}
		if strings.TrimSpace(text) == "" {
			return nil, cmdutil.UsageErrorf("--level %s: describe the outcome at that level", k)
		}
		if _, dup := out[k]; dup {
			return nil, cmdutil.UsageErrorf("--level %s is given twice", k)
		}
		out[k] = strings.TrimSpace(text)
	}
	return out, nil
}

// parseLevel reads one GAS level: -2 … 2, with +1 and +2 accepted.
func parseLevel(flag, v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < -2 || n > 2 {
		return 0, cmdutil.UsageErrorf("--%s %q: a GAS level is -2, -1, 0, 1 or 2", flag, v)
	}
	return n, nil
}

// signed writes a level as the scale says it: +1, 0, -2.
func signed(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// date reads a date flag when it was given.
func date(f *cmdutil.Factory, flag, v string) (dates.Date, error) {
	if v == "" {
		return dates.Date{}, nil
	}
	return f.ParseDate(flag, v)
}

// changedFlags remembers which flags were given, for the set commands.
func changedFlags(cmd *cobra.Command) func(string) bool {
	return func(name string) bool { return cmd.Flags().Changed(name) }
}

// runOrStub runs the real function, or the test's stub.
func runOrStub[T any](o T, runF func(T) error, run func(T) error) error {
	if runF != nil {
		return runF(o)
	}
	return run(o)
}

// caseAndID reads "CASE ID" arguments.
func caseAndID(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 2 {
			return cmdutil.UsageErrorf("%s needs CASE and %s; got %d arguments", cmd.CommandPath(), what, len(args))
		}
		return nil
	}
}

// completeIDs completes CASE, then the ids of one kind in that case's plan.
func completeIDs(f *cmdutil.Factory, prefix string) cobra.CompletionFunc {
	cases := cmdutil.CompleteCaseIDs(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return cases(cmd, args, toComplete)
		}
		if len(args) > 1 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		_, c, err := f.LoadCase(args[0])
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return plan.IDs(c.Plan, prefix), cobra.ShellCompDirectiveNoFileComp
	}
}

// errNothing is the usage error of a set command given nothing to change.
func errNothing(cmd string) error {
	return cmdutil.UsageErrorf("nothing to change: give at least one flag (casework plan %s --help lists them); nothing was written", cmd)
}
