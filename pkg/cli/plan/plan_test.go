package plan

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/closecmd"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/cli/open"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// do runs one command line on a fresh command, with emptied streams.
func do(t *testing.T, e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	t.Helper()
	e.Out.Reset()
	e.ErrOut.Reset()
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// must runs a command line that should succeed and returns its stdout.
func must(t *testing.T, e *cmdtest.Env, cmd *cobra.Command, args ...string) string {
	t.Helper()
	if err := do(t, e, cmd, args...); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, e.ErrOut)
	}
	return e.Out.String()
}

func newCase(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	id := strings.TrimSpace(must(t, e, open.NewCmd(e.F, nil), "--client", "Awa Diallo", "--source", "self", "--engagement", "voluntary",
		"--request", "Rent arrears", "--priority", "urgent", "--area", "north", "--decision", "accept"))
	if !repo.IsID(id) {
		t.Fatalf("open printed %q", id)
	}
	return id
}

func loadPlan(t *testing.T, e *cmdtest.Env, id string) (*casefile.Case, *casefile.Plan) {
	t.Helper()
	c, ps, err := e.Repo.LoadCase(id, repo.LoadOptions{Rules: casefile.Rules{Config: casefile.DefaultConfig()}})
	if err != nil || len(cmdutil.OnlyErrors(ps)) > 0 {
		t.Fatalf("load: %v %v", err, ps)
	}
	if c.Plan == nil {
		t.Fatal("no plan written")
	}
	return c, c.Plan
}

var levelArgs = []string{"--level", "-2=much less", "--level", "-1=less", "--level=0=expected", "--level", "+1=more", "--level", "2=much more"}

func TestGoalAddFlagsReachOptions(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *GoalAddOptions
	cmd := NewGoalAddCmd(e.F, func(o *GoalAddOptions) error { got = o; return nil })
	args := append([]string{"k7f3m", "--statement", "Rent paid", "--weight", "3", "--baseline", "-1", "--term", "long"}, levelArgs...)
	must(t, e, cmd, args...)
	if got.Case != "k7f3m" || got.Fields.Statement != "Rent paid" || got.Fields.Weight != 3 || got.Fields.Baseline != "-1" || got.Fields.Status != "active" {
		t.Errorf("options = %+v", got)
	}
	levels, err := parseLevels(got.Fields.Levels)
	if err != nil || len(levels) != 5 || levels["-2"] != "much less" || levels["1"] != "more" || levels["0"] != "expected" {
		t.Errorf("levels = %v, %v", levels, err)
	}
	if !got.Changed("weight") || got.Changed("domain") {
		t.Error("Changed does not follow the flags given")
	}
}

func TestNormID(t *testing.T) {
	for typed, want := range map[string]string{"G-2": "G-2", "g2": "G-2", "g-02": "G-2", " G-10 ": "G-10"} {
		if got, err := normID(typed, "G", "goal"); err != nil || got != want {
			t.Errorf("normID(%q) = %q, %v; want %q", typed, got, err, want)
		}
	}
	for _, typed := range []string{"O-1", "goal", "G-", ""} {
		if _, err := normID(typed, "G", "goal"); err == nil {
			t.Errorf("normID(%q) accepted", typed)
		}
	}
}

func TestBuildScoreAndShow(t *testing.T) {
	e := cmdtest.New(t, "")
	id := newCase(t, e)
	for i, w := range []string{"3", "2", "1"} {
		args := append([]string{id, "--statement", "Goal number " + w, "--target-date", "2027-06-30", "--responsible", "client", "--weight", w}, levelArgs...)
		if out := must(t, e, NewGoalAddCmd(e.F, nil), args...); out != "G-"+string(rune('1'+i))+"\n" {
			t.Fatalf("goal add printed %q", out)
		}
	}
	if out := must(t, e, NewObjectiveAddCmd(e.F, nil), id, "g1", "--statement", "Two applications", "--target-date", "2027-01-31"); out != "O-1\n" {
		t.Fatalf("objective add printed %q", out)
	}
	for _, w := range []string{"measurable: no indicator", "assignable: no one is responsible"} {
		if !strings.Contains(e.ErrOut.String(), "O-1: "+w) {
			t.Errorf("objective add did not warn %q:\n%s", w, e.ErrOut)
		}
	}
	if out := must(t, e, NewTaskAddCmd(e.F, nil), id, "O-1", "--action", "Book an interpreter", "--due", "+2d", "--responsible", "worker"); out != "T-1\n" {
		t.Fatalf("task add printed %q", out)
	}
	must(t, e, NewTaskDoneCmd(e.F, nil), id, "T-1")
	for goal, level := range map[string]string{"G-1": "1", "G-2": "0", "G-3": "-2"} {
		must(t, e, NewGoalScoreCmd(e.F, nil), id, goal, "--level", level)
	}
	if !strings.HasPrefix(e.Out.String(), "T-score 52.2 ") || !strings.Contains(e.Out.String(), "goals scored: 3 of the 3") {
		t.Errorf("after the third score: %q", e.Out)
	}

	_, p := loadPlan(t, e, id)
	if p.Revision != 9 || len(p.Changes) != 9 || p.UpdatedBy != "w.test" || p.CreatedOn.String() != "2026-11-23" {
		t.Errorf("plan: revision %d, %d changes, by %s, created %s", p.Revision, len(p.Changes), p.UpdatedBy, p.CreatedOn)
	}
	if tk := p.Goals[0].Objectives[0].Tasks[0]; tk.Status != "done" || tk.DoneOn.String() != "2026-11-23" || tk.Due.String() != "2026-11-25" {
		t.Errorf("task = %+v", tk)
	}
	if s := p.Goals[2].GAS.Scores; len(s) != 1 || s[0].Level != -2 || s[0].By != "w.test" {
		t.Errorf("G-3 scores = %+v", s)
	}

	must(t, e, NewCmd(e.F, nil), id, "-o", "json")
	var v struct {
		Case       string
		Plan       map[string]any
		Attainment *Attainment
		Warnings   []map[string]string
	}
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
		t.Fatalf("json: %v\n%s", err, e.Out)
	}
	if v.Case != id || v.Attainment == nil || v.Attainment.TScore != 52.2 || v.Attainment.Rho != 0.3 || v.Attainment.NGoals != 3 {
		t.Errorf("json view = %+v", v)
	}
	if v.Plan["revision"] != float64(9) || v.Plan["created_on"] != "2026-11-23" {
		t.Errorf("json plan = %v", v.Plan)
	}
	must(t, e, NewCmd(e.F, nil), id, "--history")
	lines := strings.Split(strings.TrimSpace(e.Out.String()), "\n")
	if len(lines) != 9 || !regexp.MustCompile(`^r1  2026-11-23 [0-9]{2}:[0-9]{2}  w\.test  goal G-1 added$`).MatchString(lines[0]) {
		t.Errorf("history = %q", e.Out)
	}
}

func TestSetCommandsChangeOnlyWhatIsGiven(t *testing.T) {
	e := cmdtest.New(t, "")
	id := newCase(t, e)
	must(t, e, NewGoalAddCmd(e.F, nil), id, "--statement", "Rent paid each month", "--client-words", "Plus de dettes", "--target-date", "2027-06-30")
	must(t, e, NewGoalSetCmd(e.F, nil), id, "G-1", "--status", "achieved")
	if !strings.Contains(e.ErrOut.String(), "revision 2: goal G-1 changed: status achieved") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	_, p := loadPlan(t, e, id)
	if g := p.Goals[0]; g.Status != "achieved" || g.ClientWords != "Plus de dettes" || g.TargetDate.String() != "2027-06-30" {
		t.Errorf("goal = %+v", g)
	}
	if err := do(t, e, NewGoalSetCmd(e.F, nil), id, "G-1"); err == nil || !strings.Contains(err.Error(), "nothing to change") {
		t.Errorf("set with no flag: %v", err)
	}
	must(t, e, NewSetCmd(e.F, nil), id, "--resource", "FSL", "--resource", "CAF", "--intervention", "advocacy")
	must(t, e, NewSetCmd(e.F, nil), id, "--remove-resource", "FSL", "--intervention", "budgeting", "--remove-intervention", "advocacy")
	if !strings.Contains(e.ErrOut.String(), "interventions +budgeting -advocacy") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	_, p = loadPlan(t, e, id)
	if strings.Join(p.Resources, ",") != "CAF" || strings.Join(p.Interventions, ",") != "budgeting" {
		t.Errorf("resources %v, interventions %v", p.Resources, p.Interventions)
	}
}

func TestRefusals(t *testing.T) {
	e := cmdtest.New(t, "")
	id := newCase(t, e)
	if err := do(t, e, NewObjectiveAddCmd(e.F, nil), id, "G-1", "--statement", "x"); err == nil || !strings.Contains(err.Error(), "has no plan yet") {
		t.Errorf("objective on no plan: %v", err)
	}
	must(t, e, NewGoalAddCmd(e.F, nil), id, "--statement", "Rent paid each month")
	for _, c := range []struct {
		cmd  *cobra.Command
		args []string
		want string
	}{
		{NewGoalAddCmd(e.F, nil), []string{id, "--statement", "x", "--responsible", "P-zzzz"}, "no one has that id in the people registry"},
		{NewGoalAddCmd(e.F, nil), []string{id, "--statement", "x", "--status", "achieved"}, "a new goal is proposed or active"},
		{NewGoalAddCmd(e.F, nil), []string{id, "--statement", "x", "--weight", "2", "--level", "0=expected"}, "missing --level -2=TEXT, --level -1=TEXT, --level 1=TEXT, --level 2=TEXT"},
		{NewGoalAddCmd(e.F, nil), []string{id, "--statement", "x", "--weight", "-1"}, "above 0"},
		{NewGoalSetCmd(e.F, nil), []string{id, "G-9", "--status", "active"}, "goal G-9 is not in the plan"},
		{NewGoalSetCmd(e.F, nil), []string{id, "G-1", "--status", "acheived"}, `did you mean "achieved"`},
		{NewGoalScoreCmd(e.F, nil), []string{id, "G-1", "--level", "1"}, "has no Goal Attainment Scale"},
		{NewGoalScoreCmd(e.F, nil), []string{id, "G-1"}, "missing --level"},
		{NewTaskSetCmd(e.F, nil), []string{id, "T-1", "--status", "done"}, "marked done with its date"},
		{NewAgreeCmd(e.F, nil), []string{id, "--how", "nodded"}, "not a known code"},
		{NewAgreeCmd(e.F, nil), []string{id, "--how", "signed", "--date", "tomorrow"}, "in the future"},
	} {
		err := do(t, e, c.cmd, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.args, err, c.want)
		}
	}
	if _, p := loadPlan(t, e, id); p.Revision != 1 || len(p.Goals) != 1 {
		t.Errorf("a refused command wrote: revision %d", p.Revision)
	}

	// A closed case.
	must(t, e, closecmd.NewCmd(e.F, nil), id, "--reason", "goals_achieved", "--summary", "Done")
	err := do(t, e, NewGoalAddCmd(e.F, nil), id, "--statement", "Another")
	var hint *cmdutil.HintError
	if err == nil || !strings.Contains(err.Error(), "is closed; reopen it first") || !errors.As(err, &hint) || !strings.Contains(hint.Hint, "casework reopen") {
		t.Errorf("closed case: %v", err)
	}
}

func TestEditWithAnEditor(t *testing.T) {
	e := cmdtest.New(t, "")
	id := newCase(t, e)
	must(t, e, NewGoalAddCmd(e.F, nil), id, "--statement", "Rent paid each month", "--target-date", "2027-06-30")
	c, p := loadPlan(t, e, id)
	// The "editor" saves a copy of the plan with a new objective and a changed history.
	data, err := os.ReadFile(e.Repo.Abs(c.PlanPath()))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "    status: active\n", `    status: active
    objectives:
      - id: O-1
        statement: Two housing applications
        status: active
`, 1)
	edited = strings.Replace(edited, "what: goal G-1 added", "what: rewritten", 1)
	saved := filepath.Join(t.TempDir(), "saved.yaml")
	if err := os.WriteFile(saved, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	e.Vars["EDITOR"] = "cp " + saved
	must(t, e, NewEditCmd(e.F, nil), id)
	_, after := loadPlan(t, e, id)
	if after.Revision != p.Revision+1 || len(after.Goals[0].Objectives) != 1 {
		t.Errorf("after edit: revision %d, goal %+v", after.Revision, after.Goals[0])
	}
	if n := len(after.Changes); n != 2 || after.Changes[0].What != "goal G-1 added" || after.Changes[1].What != "edited by hand" {
		t.Errorf("history after edit = %+v", after.Changes)
	}
	// Saved unchanged: nothing written, no error.
	e.Vars["EDITOR"] = "true"
	must(t, e, NewEditCmd(e.F, nil), id)
	if !strings.Contains(e.ErrOut.String(), "was not changed") {
		t.Errorf("unchanged edit: %s", e.ErrOut)
	}
}
