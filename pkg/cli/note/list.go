package note

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/plan"
)

// Row is one note as --list prints it; its JSON shape only grows.
type Row struct {
	ID          string   `json:"id"`
	At          string   `json:"at"`
	Kind        string   `json:"kind"`
	Format      string   `json:"format"`
	Mode        string   `json:"mode,omitempty"`
	Outcome     string   `json:"outcome"`
	Minutes     int      `json:"minutes,omitempty"`
	By          string   `json:"recorded_by"`
	RecordedAt  string   `json:"recorded_at"`
	Late        bool     `json:"late"`
	LateHours   int      `json:"late_hours,omitempty"`
	Amends      string   `json:"amends,omitempty"`
	CorrectedBy []string `json:"corrected_by,omitempty"`
}

// sortedNotes is the case's notes in date order: when the contact happened, then when written.
func sortedNotes(c *casefile.Case) []casefile.Item[casefile.Note] {
	notes := append([]casefile.Item[casefile.Note](nil), c.Notes...)
	sort.SliceStable(notes, func(i, j int) bool {
		a, b := notes[i].V, notes[j].V
		if !a.Contact.At.Equal(b.Contact.At) {
			return a.Contact.At.Before(b.Contact.At)
		}
		if !a.RecordedAt.Equal(b.RecordedAt) {
			return a.RecordedAt.Before(b.RecordedAt)
		}
		return notes[i].ID < notes[j].ID
	})
	return notes
}

// correctedBy maps each note to the notes that correct it.
func correctedBy(c *casefile.Case) map[string][]string {
	out := map[string][]string{}
	for _, n := range sortedNotes(c) {
		if n.V.Amends != "" {
			out[n.V.Amends] = append(out[n.V.Amends], n.ID)
		}
	}
	return out
}

// lateHours is how many hours after the contact a note was written, when that is more than the
// configured limit (0 otherwise). A correction is never late: it is written after the fact.
func lateHours(n *casefile.Note, limit int) int {
	if n.Amends != "" || limit <= 0 {
		return 0
	}
	if gap := n.RecordedAt.Sub(n.Contact.At).Hours(); gap > float64(limit) {
		return int(gap + 0.5)
	}
	return 0
}

// rows builds the --list rows.
func rows(c *casefile.Case, limit int) []Row {
	fixes := correctedBy(c)
	out := []Row{}
	for _, n := range sortedNotes(c) {
		x := n.V
		late := lateHours(x, limit)
		out = append(out, Row{ID: n.ID, At: x.Contact.At.Format("2006-01-02 15:04"), Kind: x.Kind, Format: x.Format,
			Mode: x.Contact.Mode, Outcome: x.Contact.Outcome, Minutes: x.Contact.Minutes, By: x.RecordedBy,
			RecordedAt: x.RecordedAt.Format(time.RFC3339), Late: late > 0, LateHours: late, Amends: x.Amends,
			CorrectedBy: fixes[n.ID]})
	}
	return out
}

func runList(o *Options) error {
	f := o.F
	s, err := f.Settings()
	if err != nil {
		return err
	}
	_, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	rs := rows(c, s.Config.Review.LateDocumentationHours)
	format := o.Output
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	switch format {
	case "json":
		return cmdutil.WriteJSON(f.IO.Out, rs)
	case "id":
		for _, r := range rs {
			fmt.Fprintln(f.IO.Out, r.ID)
		}
		return nil
	}
	if len(rs) == 0 && format == "table" {
		fmt.Fprintf(f.IO.ErrOut, "Case %s has no notes yet (casework note %s to write one).\n", c.ID, c.ID)
		return nil
	}
	t := cmdutil.Table{Header: []string{"ID", "DATE", "KIND", "FORMAT", "MODE", "OUTCOME", "BY", "LATE", "CORRECTIONS"}}
	for _, r := range rs {
		late := ""
		if r.Late {
			late = fmt.Sprintf("late (%dh)", r.LateHours)
		}
		var fix []string
		if r.Amends != "" {
			fix = append(fix, "corrects "+r.Amends)
		}
		if len(r.CorrectedBy) > 0 {
			fix = append(fix, "corrected by "+strings.Join(r.CorrectedBy, ", "))
		}
		t.Rows = append(t.Rows, []string{r.ID, r.At, r.Kind, r.Format, r.Mode, r.Outcome, r.By, late, strings.Join(fix, "; ")})
	}
	return t.Render(f.IO.Out, format)
}

// runShow prints one note as Markdown, its sections under their headings.
func runShow(o *Options) error {
	f := o.F
	s, err := f.Settings()
	if err != nil {
		return err
	}
	_, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	item, err := resolveNote(c, o.Show, "show")
	if err != nil {
		return err
	}
	fmt.Fprint(f.IO.Out, markdown(c, item, correctedBy(c)[item.ID], s.Config.Review.LateDocumentationHours))
	return nil
}

// markdown renders a note: a title, its facts as a list, then each section under its heading.
func markdown(c *casefile.Case, item *casefile.Item[casefile.Note], fixes []string, limit int) string {
	n := item.V
	var b strings.Builder
	title := "Note"
	if n.Amends != "" {
		title = "Correction"
	}
	fmt.Fprintf(&b, "# %s %s\n\n", title, item.ID)
	fact := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "- **%s:** %s\n", name, value)
		}
	}
	fact("Date", n.Contact.At.Format("2006-01-02 15:04"))
	fact("Kind", n.Kind)
	fact("Format", n.Format)
	fact("Mode", n.Contact.Mode)
	fact("Outcome", n.Contact.Outcome)
	if n.Contact.Minutes > 0 {
		fact("Duration", fmt.Sprintf("%d minutes", n.Contact.Minutes))
	}
	var who []string
	for _, p := range n.Contact.Participants {
		who = append(who, personLabel(c, p))
	}
	fact("Participants", strings.Join(who, ", "))
	fact("Interventions", strings.Join(n.Interventions, ", "))
	var goals []string
	for _, g := range n.Goals {
		label := g
		if x := plan.FindGoal(c.Plan, g); x != nil {
			label += " " + x.Statement
		}
		for _, gp := range n.GoalProgress {
			if gp.Goal == g {
				label += " (" + gp.Progress
				if gp.Note != "" {
					label += ": " + gp.Note
				}
				label += ")"
			}
		}
		goals = append(goals, label)
	}
	fact("Goals", strings.Join(goals, "; "))
	fact("Next contact", n.NextContact.String())
	recorded := n.RecordedAt.Format("2006-01-02 15:04") + " by " + n.RecordedBy
	if h := lateHours(n, limit); h > 0 {
		recorded += fmt.Sprintf(" (late documentation: %d hours after the contact)", h)
	}
	fact("Recorded", recorded)
	if n.Amends != "" {
		fact("Corrects", n.Amends+": "+n.AmendReason)
	}
	fact("Corrected by", strings.Join(fixes, ", "))
	for _, sec := range casefile.NoteSections[n.Format] {
		if t := n.Sections[sec]; t != "" {
			fmt.Fprintf(&b, "\n## %s\n\n%s\n", label(sec), t)
		}
	}
	return b.String()
}

// personLabel is "Name (P-…)" for a registry id.
func personLabel(c *casefile.Case, id string) string {
	if p, ok := c.Person(id); ok && p.Name != "" {
		return p.Name + " (" + id + ")"
	}
	return id
}
