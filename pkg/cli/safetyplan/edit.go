package safetyplan

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/assess/form"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"go.yaml.in/yaml/v3"
)

// sections are commented examples for the parts the plan does not have yet.
var sections = []struct{ key, example string }{
	{"coping_strategies", "# coping_strategies:\n#   - \"\"\n"},
	{"distractions", "# distractions:\n#   people:\n#     - \"\"\n#   places:\n#     - \"\"\n"},
	{"people_to_ask_for_help", "# people_to_ask_for_help:\n#   - name: \"\"        # in the person's words, or person: P-… from the registry\n#     phone: \"\"\n"},
	{"professionals", "# professionals:\n#   - name: \"\"\n#     phone: \"\"\n#     hours: \"\"\n"},
	{"making_environment_safe", "# making_environment_safe:\n#   - \"\"\n"},
	{"where_kept", "# where_kept: \"\"\n"},
	{"review_on", "# review_on: YYYY-MM-DD\n"},
}

// edit lets the practitioner write the plan in the editor, starting from what the flags and
// --from gave, and returns it once valid.
func edit(o *Options, r *repo.Repo, c *casefile.Case, sp *casefile.SafetyPlan, rules casefile.Rules) (*casefile.SafetyPlan, error) {
	f := o.F
	st := caseload.Derive(c, dates.Date{})
	doc, err := form.Skeleton(sp)
	if err != nil {
		return nil, err
	}
	if len(sp.WarningSigns) == 0 {
		// An empty list renders as "warning_signs: []"; offer an item to fill instead.
		doc = bytes.Replace(doc, []byte("warning_signs: []\n"), []byte("warning_signs:\n  - \"\"\n"), 1)
	}
	have := form.Keys(doc)
	for _, s := range sections {
		if !have[s.key] {
			doc = append(doc, s.example...)
		}
	}
	lines := []string{
		fmt.Sprintf("safety plan of case %s, written with the person, in their own words.", c.ID),
		"Fill the parts in the order the person would use them; save and close to record it, or save an empty file to give up.",
		"warning_signs (required): thoughts, moods, situations that tell a crisis is starting.",
		"coping_strategies: what they can do alone. distractions: people and places that take their mind off it.",
		"people_to_ask_for_help: name (their words) or person (a registry id), phone. professionals: name, phone, hours.",
		"casework holds no crisis numbers: add the local ones under professionals.",
		"making_environment_safe: steps that reduce access to means. where_kept: where the person keeps the plan.",
		"client_agreed: true once the person agrees to it. review_on: YYYY-MM-DD.",
	}
	if c.People != nil && len(c.People.People) > 0 {
		var ids []string
		for _, p := range c.People.People {
			ids = append(ids, p.ID+" "+p.Name)
		}
		lines = append(lines, "registry ids: "+strings.Join(ids, ", "))
	}
	initial := append(form.Header(lines...), doc...)
	fill := []form.Fill{{Key: "schema_version", Value: casefile.SchemaVersion}, {Key: "recorded_at", Value: sp.RecordedAt},
		{Key: "recorded_by", Value: sp.RecordedBy}}
	var got *casefile.SafetyPlan
	validate := func(b []byte) []casefile.Problem {
		v := &casefile.SafetyPlan{}
		node, ps := form.Decode("safety plan", casefile.KindSafetyPlan, b, rules, fill, v, nil)
		if len(cmdutil.OnlyErrors(ps)) > 0 {
			return ps
		}
		ps = append(ps, planProblems("safety plan", c, st, v, node)...)
		got = v
		return ps
	}
	name := "safety-plan-" + c.ID + ".yaml"
	saved, err := f.EditLoop(r.Root, name, initial, validate)
	if err != nil {
		return nil, err
	}
	if ps := cmdutil.OnlyErrors(validate(saved)); len(ps) > 0 || got == nil {
		return nil, &cmdutil.ProblemsError{What: "the safety plan is not valid; nothing was written:", Problems: ps}
	}
	got.SchemaVersion, got.Entry = casefile.SchemaVersion, sp.Entry
	return got, nil
}

// planProblems are the checks of a plan that need the case, placed on the document's lines.
func planProblems(path string, c *casefile.Case, st caseload.State, sp *casefile.SafetyPlan, doc *yaml.Node) []casefile.Problem {
	var ps []casefile.Problem
	at := func(msg string, keys ...string) {
		p := casefile.Problem{Path: path, Msg: msg, Line: 1, Col: 1}
		if n := schema.Lookup(doc, keys...); n != nil {
			p.Line, p.Col = n.Line, n.Column
		}
		ps = append(ps, p)
	}
	if sp.Date.Before(st.EpisodeStart) {
		at(fmt.Sprintf("date %s is before this episode began (%s)", sp.Date, st.EpisodeStart), "date")
	}
	if !sp.ReviewOn.IsZero() && sp.ReviewOn.Before(sp.Date) {
		at("review_on is before the plan's date", "review_on")
	}
	for key, list := range map[string][]casefile.Contact{"people_to_ask_for_help": sp.HelpPeople, "professionals": sp.Professionals} {
		for i, h := range list {
			idx := strconv.Itoa(i)
			if h.Person != "" {
				if _, ok := c.Person(h.Person); !ok {
					at(fmt.Sprintf("%q is not in the people registry (%s)", h.Person, c.PeoplePath()), key, idx, "person")
				}
			}
			if h.Person == "" && strings.TrimSpace(h.Name) == "" {
				at("write who it is: name, or person (a registry id)", key, idx)
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	for i, w := range sp.WarningSigns {
		if strings.TrimSpace(w) == "" {
			at("an empty warning sign: write it in the person's words, or delete the line", "warning_signs", strconv.Itoa(i))
		}
	}
	return ps
}
