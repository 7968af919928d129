package safetyplan

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
)

// show prints the case's current safety plan.
func show(o *Options) error {
	f := o.F
	_, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	cur := current(c, today)
	if cur == nil {
		return cmdutil.WithHint(errors.New("case "+c.ID+" has no safety plan in its current episode"),
			"record one with the person: casework safety-plan %s --warning-sign TEXT ... (or --edit)", c.ID)
	}
	if o.Format == "yaml" {
		data, err := casefile.Marshal(cur.V)
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(data)
		return err
	}
	return render(f.IO.Out, c, cur)
}

// current is the case's current safety plan; of two made on the same day, the one written last
// (caseload.CurrentSafetyPlan alone would take the later file name, which is random).
func current(c *casefile.Case, today dates.Date) *casefile.Item[casefile.SafetyPlan] {
	cur := caseload.CurrentSafetyPlan(c, today)
	if cur == nil {
		return nil
	}
	for i := range c.SafetyPlans {
		sp := &c.SafetyPlans[i]
		if sp.V.Date == cur.V.Date && sp.V.RecordedAt.After(cur.V.RecordedAt) {
			cur = sp
		}
	}
	return cur
}

// render writes the plan as Markdown, the six parts in the order the person uses them.
func render(w io.Writer, c *casefile.Case, it *casefile.Item[casefile.SafetyPlan]) error {
	sp := it.V
	var b strings.Builder
	fmt.Fprintf(&b, "# Safety plan — case %s\n\n", c.ID)
	agreed := "the person has not agreed to it yet"
	if sp.ClientAgreed {
		agreed = "agreed with the person"
	}
	fmt.Fprintf(&b, "Made on %s by %s, %s.", sp.Date, sp.RecordedBy, agreed)
	if !sp.ReviewOn.IsZero() {
		fmt.Fprintf(&b, " Review on %s.", sp.ReviewOn)
	}
	if sp.WhereKept != "" {
		fmt.Fprintf(&b, " Kept: %s.", strings.TrimSuffix(sp.WhereKept, "."))
	}
	fmt.Fprintf(&b, "\n(%s)\n", it.Path)
	list := func(title string, items []string) {
		fmt.Fprintf(&b, "\n## %s\n\n", title)
		if len(items) == 0 {
			b.WriteString("(none written)\n")
			return
		}
		for _, s := range items {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	contacts := func(cs []casefile.Contact) []string {
		var out []string
		for _, ct := range cs {
			who, phone := ct.Name, ct.Phone
			if ct.Person != "" {
				p, _ := c.Person(ct.Person)
				who = ct.Person
				if p.Name != "" {
					who = p.Name + " (" + ct.Person + ")"
				}
				if phone == "" {
					phone = p.Phone
				}
			}
			if phone != "" {
				who += " — " + phone
			}
			if ct.Hours != "" {
				who += " (" + ct.Hours + ")"
			}
			out = append(out, who)
		}
		return out
	}
	list("1. Warning signs", sp.WarningSigns)
	list("2. What I can do on my own", sp.CopingStrategies)
	var people, places []string
	if d := sp.Distractions; d != nil {
		people, places = d.People, d.Places
	}
	var distract []string
	for _, p := range people {
		distract = append(distract, "Person: "+p)
	}
	for _, p := range places {
		distract = append(distract, "Place: "+p)
	}
	list("3. People and places that take my mind off it", distract)
	list("4. People I can ask for help", contacts(sp.HelpPeople))
	list("5. Professionals and services I can call", contacts(sp.Professionals))
	list("6. Making my surroundings safer", sp.MeansSafety)
	_, err := io.WriteString(w, b.String())
	return err
}
