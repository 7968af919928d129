package plan

import (
	"regexp"
	"strconv"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// Kinds of plan ids, as their prefixes.
const (
	GoalPrefix      = "G"
	ObjectivePrefix = "O"
	TaskPrefix      = "T"
)

// New is an empty plan created on a date, before its first change (Touch makes it revision 1).
func New(createdOn dates.Date) *casefile.Plan {
	return &casefile.Plan{SchemaVersion: casefile.SchemaVersion, CreatedOn: createdOn}
}

// Touch records one change: it raises the revision, says who changed the plan and when, and
// adds a line to the plan's history. what holds codes and ids only ("goal G-2 added").
func Touch(p *casefile.Plan, now time.Time, by, what string) {
	p.Revision++
	if n := len(p.Changes); n > 0 && p.Changes[n-1].Revision >= p.Revision {
		p.Revision = p.Changes[n-1].Revision + 1
	}
	p.UpdatedAt, p.UpdatedBy = now, by
	p.Changes = append(p.Changes, casefile.Change{Revision: p.Revision, At: now, By: by, What: what})
}

var idNumber = regexp.MustCompile(`\b([GOT])-([0-9]+)\b`)

// NextID is the next free id of a kind ("G", "O" or "T"): one more than the highest number
// used anywhere in the plan, among its items and in the ids its history mentions, so that an
// id deleted by hand is never given to something else.
func NextID(p *casefile.Plan, prefix string) string {
	highest := 0
	see := func(s string) {
		for _, m := range idNumber.FindAllStringSubmatch(s, -1) {
			if m[1] != prefix {
				continue
			}
			if n, err := strconv.Atoi(m[2]); err == nil && n > highest {
				highest = n
			}
		}
	}
	if p != nil {
		for _, g := range p.Goals {
			see(g.ID)
			for _, o := range g.Objectives {
				see(o.ID)
				for _, t := range o.Tasks {
					see(t.ID)
				}
			}
		}
		for _, c := range p.Changes {
			see(c.What)
		}
	}
	return prefix + "-" + strconv.Itoa(highest+1)
}

// FindGoal returns the goal with that id, to change in place, or nil.
func FindGoal(p *casefile.Plan, id string) *casefile.Goal {
	if p == nil {
		return nil
	}
	for i := range p.Goals {
		if p.Goals[i].ID == id {
			return &p.Goals[i]
		}
	}
	return nil
}

// FindObjective returns the objective with that id and its goal, or nils.
func FindObjective(p *casefile.Plan, id string) (*casefile.Objective, *casefile.Goal) {
	if p == nil {
		return nil, nil
	}
	for i := range p.Goals {
		g := &p.Goals[i]
		for j := range g.Objectives {
			if g.Objectives[j].ID == id {
				return &g.Objectives[j], g
			}
		}
	}
	return nil, nil
}

// FindTask returns the task with that id, its objective and its goal, or nils.
func FindTask(p *casefile.Plan, id string) (*casefile.Task, *casefile.Objective, *casefile.Goal) {
	if p == nil {
		return nil, nil, nil
	}
	for i := range p.Goals {
		g := &p.Goals[i]
		for j := range g.Objectives {
			o := &g.Objectives[j]
			for k := range o.Tasks {
				if o.Tasks[k].ID == id {
					return &o.Tasks[k], o, g
				}
			}
		}
	}
	return nil, nil, nil
}

// IDs lists every id of one kind in plan order, for messages and completion.
func IDs(p *casefile.Plan, prefix string) []string {
	var out []string
	if p == nil {
		return out
	}
	for _, g := range p.Goals {
		if prefix == GoalPrefix {
			out = append(out, g.ID)
		}
		for _, o := range g.Objectives {
			if prefix == ObjectivePrefix {
				out = append(out, o.ID)
			}
			for _, t := range o.Tasks {
				if prefix == TaskPrefix {
					out = append(out, t.ID)
				}
			}
		}
	}
	return out
}
