package cmdutil

import (
	"errors"
	"fmt"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/repo"
)

// LoadCase resolves what was typed to one case and loads it. A case with errors in its files
// is refused, naming them: nothing is derived or written from a record that cannot be read whole.
func (f *Factory) LoadCase(typed string) (*repo.Repo, *casefile.Case, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, nil, err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return nil, nil, err
	}
	id, err := r.Resolve(typed)
	if err != nil {
		var amb *repo.AmbiguousError
		if errors.As(err, &amb) {
			return nil, nil, &FlagError{Err: err}
		}
		return nil, nil, err
	}
	keys := f.Keys()
	c, ps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, KeepNodes: true, Keys: keys})
	if err != nil {
		return nil, nil, err
	}
	ps = append(ps, repo.UnsealNotes(c, keys)...)
	f.SayLocked(c)
	ps = append(ps, caseload.Check(c)...)
	if errs := OnlyErrors(ps); len(errs) > 0 {
		return nil, nil, WithHint(&ProblemsError{What: fmt.Sprintf("case %s has problems in its files:", id), Problems: errs},
			"fix the files named above (casework check lists every problem), then run the command again")
	}
	return r, c, nil
}

// WriteEntry validates an entry exactly as a later read will, then writes it as a new file of
// the case. Invalid data is never written. It returns the entry's path.
func (f *Factory) WriteEntry(r *repo.Repo, c *casefile.Case, folder string, kind casefile.Kind, entryID string, v any) (string, error) {
	rules, err := f.Rules()
	if err != nil {
		return "", err
	}
	rel := c.Dir + "/" + folder + "/" + entryID + ".yaml"
	data, ps, err := casefile.Encode(rel, kind, v, rules)
	if err != nil {
		return "", err
	}
	if errs := OnlyErrors(ps); len(errs) > 0 {
		return "", &ProblemsError{What: "the entry is not valid; nothing was written:", Problems: errs}
	}
	for _, p := range ps {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %s\n", p.Msg)
	}
	if kind == casefile.KindNote {
		if data, err = f.sealEntry(r, c, rel, kind, v, rules); err != nil {
			return "", err
		}
	}
	return r.AddEntry(c.ID, folder, entryID, data)
}

// WritePlan validates a plan exactly as a later read will, then replaces the case's plan.yaml
// atomically. It returns the plan's path.
func (f *Factory) WritePlan(r *repo.Repo, c *casefile.Case, p *casefile.Plan) (string, error) {
	rules, err := f.Rules()
	if err != nil {
		return "", err
	}
	rel := c.PlanPath()
	data, ps, err := casefile.Encode(rel, casefile.KindPlan, p, rules)
	if err != nil {
		return "", err
	}
	if errs := OnlyErrors(ps); len(errs) > 0 {
		return "", &ProblemsError{What: "the plan would not be valid; nothing was written:", Problems: errs}
	}
	for _, p := range ps {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %s\n", p.Msg)
	}
	return rel, r.ReplaceFile(rel, data)
}
