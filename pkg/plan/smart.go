package plan

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
)

// Warning is one SMART heuristic the plan does not meet (domain-reference §3.1). It is advice to
// the practitioner, never an error: a plan that warns is still written.
type Warning struct {
	ID  string `json:"id"` // G-1, O-2, T-3, or "plan" for the plan as a whole
	Msg string `json:"msg"`
}

func (w Warning) String() string { return w.ID + ": " + w.Msg }

// VaguePhrases are the verbs that, leading a statement on their own, say nothing anyone could
// observe (the S of SMART). The list is small on purpose, in English, French and Spanish; a
// statement is vague when it starts with one (after an optional subject and "will", "va",
// "va a" …) and holds no number. "Help Leo attend school 4 days a week" is not vague.
var VaguePhrases = []string{
	// English
	"improve", "improves", "improving", "work on", "works on", "working on", "better", "get better",
	"be better", "do better", "feel better", "help", "helps", "helping",
	// French
	"améliorer", "améliore", "travailler sur", "travailler à", "aider", "aller mieux",
	// Spanish
	"mejorar", "mejore", "trabajar en", "trabajar sobre", "ayudar", "estar mejor",
}

// modals end the subject of a statement: "Awa will improve …", "Awa va améliorer …".
// A leading "to" is skipped too ("to improve …"), but not a later one: "submit two
// applications to improve …" leads with a concrete verb.
var modals = []string{"will", "shall", "wants to", "needs to", "va", "vont", "doit", "veut", "va a", "van a", "debe", "quiere"}

// VagueVerb returns the vague phrase a statement leads with, or "" when it has none or carries
// a number (a count, a frequency, a date make it measurable).
func VagueVerb(statement string) string {
	s := strings.ToLower(strings.TrimSpace(statement))
	if s == "" || strings.ContainsFunc(s, unicode.IsDigit) {
		return ""
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '-'
	})
	if len(words) > 0 && words[0] == "to" {
		words = words[1:]
	}
	if v := leadingPhrase(words); v != "" {
		return v
	}
	// Skip a short subject up to its modal: "the client will improve …".
	for i := 0; i < len(words) && i < 5; i++ {
		for _, m := range modals {
			mw := strings.Fields(m)
			if i+len(mw) <= len(words) && strings.Join(words[i:i+len(mw)], " ") == m {
				if v := leadingPhrase(words[i+len(mw):]); v != "" {
					return v
				}
			}
		}
	}
	return ""
}

func leadingPhrase(words []string) string {
	for _, p := range VaguePhrases {
		pw := strings.Fields(p)
		if len(pw) <= len(words) && strings.Join(words[:len(pw)], " ") == p {
			return p
		}
	}
	return ""
}

// Open statuses: a goal or objective still being worked, a task still to do. Warnings and
// overdue items concern only these; an achieved goal needs no advice.
var (
	openGoal = map[string]bool{"proposed": true, "active": true}
	doneTask = map[string]bool{"done": true, "cancelled": true}
)

// SMARTWarnings applies the heuristics of domain-reference §3.1 to the open parts of a plan
// (goals and objectives proposed or active, tasks not done or cancelled):
//
//   - S: a goal or objective statement that leads with a vague verb alone (VagueVerb);
//   - M: an objective with no indicator, or no target;
//   - A: an objective or a task with no responsible party;
//   - T: a goal or objective with no target date, a task with no due date, an objective due
//     after its goal;
//   - R: a plan with goals that was not agreed with the client, or not built with them.
func SMARTWarnings(p *casefile.Plan) []Warning {
	if p == nil {
		return nil
	}
	var ws []Warning
	add := func(id, format string, args ...any) {
		ws = append(ws, Warning{ID: id, Msg: fmt.Sprintf(format, args...)})
	}
	vague := func(id, statement string) {
		if v := VagueVerb(statement); v != "" {
			add(id, "specific: %q alone is vague; say what will be seen when it is reached (who does what, how much, how often)", v)
		}
	}
	open := 0
	for gi := range p.Goals {
		g := &p.Goals[gi]
		if !openGoal[g.Status] {
			continue
		}
		open++
		vague(g.ID, g.Statement)
		if g.TargetDate.IsZero() {
			add(g.ID, "time-limited: no target date")
		}
		for oi := range g.Objectives {
			o := &g.Objectives[oi]
			if !openGoal[o.Status] {
				continue
			}
			vague(o.ID, o.Statement)
			if o.Indicator == "" {
				add(o.ID, "measurable: no indicator (what will be counted or seen)")
			}
			if o.Target == "" {
				add(o.ID, "measurable: no target (the number, frequency or evidence that means done)")
			}
			if strings.TrimSpace(o.Responsible) == "" {
				add(o.ID, "assignable: no one is responsible")
			}
			switch {
			case o.TargetDate.IsZero():
				add(o.ID, "time-limited: no target date")
			case !g.TargetDate.IsZero() && o.TargetDate.After(g.TargetDate):
				add(o.ID, "time-limited: due %s, after its goal %s (%s)", o.TargetDate, g.ID, g.TargetDate)
			}
			for ti := range o.Tasks {
				t := &o.Tasks[ti]
				if doneTask[t.Status] {
					continue
				}
				if strings.TrimSpace(t.Responsible) == "" {
					add(t.ID, "assignable: no one is responsible")
				}
				if t.Due.IsZero() {
					add(t.ID, "time-limited: no due date")
				}
			}
		}
	}
	if open > 0 {
		switch a := p.Agreement; {
		case a == nil:
			add("plan", "realistic: not agreed with the client yet (casework plan agree)")
		case !a.CoBuilt:
			add("plan", "realistic: agreed, but not built with the client (co_built_with_client is false)")
		}
	}
	return ws
}

// WarningsFor keeps the warnings about one item and what it holds: a goal's own, its
// objectives' and their tasks'.
func WarningsFor(p *casefile.Plan, id string, ws []Warning) []Warning {
	ids := map[string]bool{id: true}
	if g := FindGoal(p, id); g != nil {
		for _, o := range g.Objectives {
			ids[o.ID] = true
			for _, t := range o.Tasks {
				ids[t.ID] = true
			}
		}
	} else if o, _ := FindObjective(p, id); o != nil {
		for _, t := range o.Tasks {
			ids[t.ID] = true
		}
	}
	var out []Warning
	for _, w := range ws {
		if ids[w.ID] {
			out = append(out, w)
		}
	}
	return out
}
