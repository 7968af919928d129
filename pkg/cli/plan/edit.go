package plan

import (
	"errors"
	"fmt"
	"os"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
)

// EditOptions are the inputs of plan edit.
type EditOptions struct {
	F    *cmdutil.Factory
	Case string
}

// NewEditCmd builds plan edit; runF replaces the run function in tests.
func NewEditCmd(f *cmdutil.Factory, runF func(*EditOptions) error) *cobra.Command {
	o := &EditOptions{F: f}
	cmd := &cobra.Command{
		Use:   "edit CASE",
		Short: "Edit the whole plan in your editor",
		Long: `Open the case's plan.yaml in your editor ($VISUAL, else $EDITOR, else vi) to change several
things at once, or what no flag reaches. When you save and close, the plan is checked as
casework check would: if it has errors they are listed at the top of the file and the editor
opens again; save an empty file to give up. A valid plan is written as a new revision and
committed.

Keep the ids (G-1, O-1, T-1): other records refer to them. The revision and the history
under changes: are casework's; what you change there is put back.`,
		Example: `  casework plan edit k7f3m
  EDITOR=nano casework plan edit 2026-11-22-k7f3m`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			return runOrStub(o, runF, runEdit)
		},
	}
	return cmd
}

func runEdit(o *EditOptions) error {
	f := o.F
	r, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	if err := writable(c); err != nil {
		return err
	}
	if c.Plan == nil {
		return noPlan(c)
	}
	before := c.Plan
	current, err := os.ReadFile(r.Abs(c.PlanPath()))
	if err != nil {
		return err
	}
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	header := fmt.Sprintf("# casework: the plan of case %s, revision %d. Change it, then save and close to write it.\n"+
		"# casework: keep the ids; revision and changes are kept by casework. Save an empty file to give up.\n", c.ID, before.Revision)
	validate := func(data []byte) []casefile.Problem {
		v, doc, ps := casefile.Decode(c.PlanPath(), casefile.KindPlan, data, rules)
		if p, ok := v.(*casefile.Plan); ok {
			ps = append(ps, responsibleProblems(c, p, doc)...)
		}
		return ps
	}
	saved, err := f.EditLoop(r.Root, "plan-"+c.ID+".yaml", append([]byte(header), current...), validate)
	switch {
	case errors.Is(err, cmdutil.ErrEditUnchanged):
		fmt.Fprintf(f.IO.ErrOut, "The plan of case %s was not changed; nothing written.\n", c.ID)
		return nil
	case err != nil:
		return err
	}
	v, _, _ := casefile.Decode(c.PlanPath(), casefile.KindPlan, saved, rules)
	edited, ok := v.(*casefile.Plan)
	if !ok {
		return fmt.Errorf("the plan as saved cannot be read; nothing written")
	}
	_, err = change(f, c.ID, false, func(s *session) (string, error) {
		if s.p.Revision != before.Revision {
			return "", cmdutil.WithHint(fmt.Errorf("the plan of case %s changed while you were editing it (revision %d, now %d); nothing written",
				c.ID, before.Revision, s.p.Revision), "run casework plan edit %s again", c.ID)
		}
		// The history is casework's: it stays as it was, whatever the editor did to it.
		edited.Revision, edited.Changes = s.p.Revision, s.p.Changes
		s.p = edited
		return "edited by hand", nil
	})
	return err
}
