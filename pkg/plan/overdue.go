package plan

import (
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// OverdueItem is a task or an objective past its date and still open, as of a date.
type OverdueItem struct {
	Kind   string     `json:"kind"` // "task" or "objective"
	ID     string     `json:"id"`
	Goal   string     `json:"goal"`
	Due    dates.Date `json:"due"`
	Days   int        `json:"days_overdue"`
	Status string     `json:"status"`
}

// Overdue lists, in plan order, the tasks due before asOf whose status is not done or
// cancelled, and the objectives whose target date is before asOf and that are still proposed or
// active. Due today is not overdue. Overdue is derived, never stored.
func Overdue(p *casefile.Plan, asOf dates.Date) []OverdueItem {
	if p == nil {
		return nil
	}
	var out []OverdueItem
	for gi := range p.Goals {
		g := &p.Goals[gi]
		if !openGoal[g.Status] {
			continue // an achieved or discontinued goal leaves nothing overdue under it
		}
		for oi := range g.Objectives {
			o := &g.Objectives[oi]
			if openGoal[o.Status] && IsOverdue(o.TargetDate, asOf) {
				out = append(out, OverdueItem{Kind: "objective", ID: o.ID, Goal: g.ID, Due: o.TargetDate, Days: asOf.DaysSince(o.TargetDate), Status: o.Status})
			}
			for ti := range o.Tasks {
				t := &o.Tasks[ti]
				if TaskOverdue(t, asOf) {
					out = append(out, OverdueItem{Kind: "task", ID: t.ID, Goal: g.ID, Due: t.Due, Days: asOf.DaysSince(t.Due), Status: t.Status})
				}
			}
		}
	}
	return out
}

// TaskOverdue: due before asOf and neither done nor cancelled.
func TaskOverdue(t *casefile.Task, asOf dates.Date) bool {
	return !doneTask[t.Status] && IsOverdue(t.Due, asOf)
}

// IsOverdue: a set date strictly before asOf.
func IsOverdue(due, asOf dates.Date) bool {
	return !due.IsZero() && !asOf.IsZero() && due.Before(asOf)
}
