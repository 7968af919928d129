package open

import (
	"os"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
)

func TestFlagsReachTheForm(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--client", "Ana Ruiz", "--source", "school", "--engagement", "mandated",
		"--mandate-authority", "Juzgado de menores", "--mandate-ends", "2027-06-30", "--requester", "M. Sala",
		"--requester-relation", "school", "--member", "name=Leo Ruiz,role=child,birth_date=2015-02-03", "--interpreter"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	form, err := got.merged()
	if err != nil {
		t.Fatal(err)
	}
	if form.Client.Name != "Ana Ruiz" || form.Source != "school" || !form.Interpreter {
		t.Errorf("form = %+v", form)
	}
	if form.Mandate == nil || form.Mandate.Authority != "Juzgado de menores" || form.Mandate.EndsOn.String() != "2027-06-30" {
		t.Errorf("mandate = %+v", form.Mandate)
	}
	if form.Requester == nil || form.Requester.Name != "M. Sala" || form.Requester.Relation != "school" {
		t.Errorf("requester = %+v", form.Requester)
	}
	if len(form.Members) != 1 || form.Members[0].Role != "child" || form.Members[0].BirthDate.String() != "2015-02-03" {
		t.Errorf("members = %+v", form.Members)
	}
}

func TestMissingFieldsWithoutTerminalNameEveryFlag(t *testing.T) {
	e := cmdtest.New(t, "")
	cmd := NewCmd(e.F, nil)
	cmd.SetArgs([]string{"--client", "Ana Ruiz", "--engagement", "mandated"})
	err := cmd.Execute()
	if _, ok := err.(*cmdutil.FlagError); !ok {
		t.Fatalf("err = %v (%T), want a usage error", err, err)
	}
	for _, flag := range []string{"--source", "--mandate-authority", "--mandate-ends", "--request", "--priority", "--area"} {
		if !strings.Contains(err.Error(), flag) {
			t.Errorf("error %q does not name %s", err, flag)
		}
	}
	if ids, _ := e.Repo.CaseIDs(); len(ids) != 0 {
		t.Errorf("a case was written: %v", ids)
	}
}

func TestPromptsOnATerminal(t *testing.T) {
	// Answers: a wrong code first (asked again), then the source, engagement (mandated, which
	// makes the mandate necessary), its authority and end, the request, priority and area.
	e := cmdtest.New(t, "Ana Ruiz\nbogus\nschool\nmandated\nJuzgado de menores\n+6m\nAbsentismo escolar\nurgent\nnorth\n")
	e.F.IO.InTTY = true
	cmd := NewCmd(e.F, nil)
	cmd.SetArgs([]string{})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	id := strings.TrimSpace(e.Out.String())
	if !repo.IsID(id) {
		t.Fatalf("stdout = %q, want the new id alone", e.Out)
	}
	if !strings.Contains(e.ErrOut.String(), `"bogus" is not one of the codes`) {
		t.Errorf("a wrong answer was not refused:\n%s", e.ErrOut)
	}
	c, ps, err := e.Repo.LoadCase(id, repo.LoadOptions{Rules: casefile.Rules{Config: casefile.DefaultConfig()}})
	if err != nil || len(ps) != 0 {
		t.Fatalf("load: %v %v", err, ps)
	}
	in := c.Intake
	if in.Source != "school" || in.Engagement != "mandated" || in.Priority != "urgent" || in.Area != "north" {
		t.Errorf("intake = %+v", in)
	}
	if in.Mandate == nil || in.Mandate.EndsOn.String() != "2027-05-23" {
		t.Errorf("mandate = %+v, want ending 2027-05-23 (+6m from 2026-11-23)", in.Mandate)
	}
	if c.Client().Name != "Ana Ruiz" {
		t.Errorf("client = %+v", c.Client())
	}
}

func TestPromptEndOfInputWritesNothing(t *testing.T) {
	e := cmdtest.New(t, "Ana Ruiz\n")
	e.F.IO.InTTY = true
	cmd := NewCmd(e.F, nil)
	cmd.SetArgs([]string{})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v, want end of input to abort", err)
	}
	if ids, _ := e.Repo.CaseIDs(); len(ids) != 0 {
		t.Errorf("a case was written: %v", ids)
	}
}

func TestFromFileWithFlagsOverriding(t *testing.T) {
	e := cmdtest.New(t, "")
	form := t.TempDir() + "/intake.yaml"
	if err := os.WriteFile(form, []byte(`case_kind: family
client:
  name: Rosa Ortega
  birth_date: 1988-03-12
members:
  - name: Leo Ortega
    role: child
    birth_date: 2019-05-04
referral_source: school
engagement: voluntary
request: Concern raised by the school nurse
priority: routine
immediate_risk: medium
area: north
decision: accept
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := NewCmd(e.F, nil)
	cmd.SetArgs([]string{"--from", form, "--priority", "urgent"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(e.Out.String())
	c, _, err := e.Repo.LoadCase(id, repo.LoadOptions{Rules: casefile.Rules{Config: casefile.DefaultConfig()}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Intake.Priority != "urgent" {
		t.Errorf("priority = %q: the flag should override the file", c.Intake.Priority)
	}
	if c.Intake.ImmediateRisk != "moderate" {
		t.Errorf("risk = %q: medium should be stored as moderate", c.Intake.ImmediateRisk)
	}
	if len(c.Intake.Members) != 1 || len(c.People.People) != 2 {
		t.Errorf("members = %+v, people = %+v", c.Intake.Members, c.People.People)
	}
}

func TestFromFileProblemsNameTheLine(t *testing.T) {
	e := cmdtest.New(t, "")
	form := t.TempDir() + "/intake.yaml"
	if err := os.WriteFile(form, []byte("client:\n  name: X\npriority: urgnet\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := NewCmd(e.F, nil)
	cmd.SetArgs([]string{"--from", form})
	err := cmd.Execute()
	if err == nil || !strings.Contains(err.Error(), form+`:3:11: priority: "urgnet" is not a known code (did you mean "urgent"?)`) {
		t.Fatalf("err = %v", err)
	}
}
