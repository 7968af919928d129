package assess

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/assess/form"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/repo"
	"go.yaml.in/yaml/v3"
)

// examples are commented-out fields offered for what the assessment does not have yet.
var examples = []struct{ key, text string }{
	{"methods", "# methods: [interview, home_visit]\n"},
	{"summary", "# summary: |\n#   \n"},
	{"domains", "# domains:\n#   socio_economic:\n#     rating: 2\n#     summary: \"\"\n"},
	{"strengths", "# strengths:\n#   - \"\"\n"},
	{"resources", "# resources:\n#   - \"\"\n"},
	{"risks", "# risks:\n#   - domain: suicide_self_harm\n#     level: \"\"          # none, low, moderate, high, critical\n#     risk_factors:\n#       - \"\"\n#     protective_factors:\n#       - \"\"\n#     rationale: \"\"\n#     next_review: YYYY-MM-DD\n"},
	{"instruments", "# instruments:\n#   - instrument: phq9\n#     items: [0, 0, 0, 0, 0, 0, 0, 0, 0]\n"},
	{"ecomap", "# ecomap:\n#   centre: \"\"          # a registry id, or empty for the client or household\n#   systems:\n#     - id: s1\n#       label: \"\"\n#       type: family\n#   ties:\n#     - system: s1\n#       strength: strong\n#       quality: supportive\n#       direction: reciprocal\n"},
}

// edit lets the practitioner write the assessment in the editor, starting from what the flags
// and --from gave, and returns it once valid.
func edit(o *Options, r *repo.Repo, c *casefile.Case, st caseload.State, a *casefile.Assessment,
	defs map[string]*instrument.Definition, rules casefile.Rules, sf *safety) (*casefile.Assessment, error) {
	n, err := entryNode(a)
	if err != nil {
		return nil, err
	}
	doc, err := form.Skeleton(n)
	if err != nil {
		return nil, err
	}
	have := form.Keys(doc)
	for _, e := range examples {
		if !have[e.key] {
			doc = append(doc, e.text...)
		}
	}
	var instr []string
	for _, id := range slices.Sorted(maps.Keys(defs)) {
		instr = append(instr, fmt.Sprintf("%s (%d items)", id, len(defs[id].Items)))
	}
	lines := []string{
		fmt.Sprintf("assessment of case %s. Save and close to record it; save an empty file to give up.", c.ID),
		"type: " + strings.Join(casefile.Enums["assessment_type"], ", ") + ". methods: " + strings.Join(casefile.Enums["assessment_method"], ", ") + ".",
		"domains (NAME: {rating: 1 in crisis … 5 thriving, summary}): " + strings.Join(casefile.Enums["assessment_domain"], ", ") + ".",
		"risks: domain: " + strings.Join(casefile.Enums["risk_domain"], ", ") + ".",
		"  level: " + strings.Join(casefile.RiskLevels, ", ") + "; risk_factors, protective_factors, rationale, next_review.",
		"instruments: the answers as items, in order; total, band and flags are computed from them. Known: " + strings.Join(instr, ", ") + ".",
		"ecomap: systems (id, label or person, type: " + strings.Join(casefile.Enums["system_type"], ", ") + "),",
		"  ties (system, strength: " + strings.Join(casefile.Enums["tie_strength"], ", ") + "; quality: " + strings.Join(casefile.Enums["tie_quality"], ", ") +
			"; direction: " + strings.Join(casefile.Enums["tie_direction"], ", ") + ").",
		"people are written by registry id (" + c.PeoplePath() + "), never by name.",
	}
	for _, i := range needsSuicideRisk(a) {
		lines = append([]string{fmt.Sprintf("SAFETY: %s screened positive for suicide risk: assess it with the person now and record it under risks (domain: suicide_self_harm).",
			displayName(defs, a.Instruments[i].Instrument))}, lines...)
	}
	initial := append(form.Header(lines...), doc...)
	fill := []form.Fill{{Key: "schema_version", Value: casefile.SchemaVersion}, {Key: "recorded_at", Value: a.RecordedAt},
		{Key: "recorded_by", Value: a.RecordedBy}}
	var got *casefile.Assessment
	validate := func(b []byte) []casefile.Problem {
		got = nil
		v := &casefile.Assessment{}
		node, ps := form.Decode("assessment", casefile.KindAssessment, b, rules, fill, v, skipSafetyFlag)
		if len(cmdutil.OnlyErrors(ps)) > 0 {
			return ps
		}
		var found []casefile.Problem
		hs := rescore(v, defs, placer("assessment", node, &found))
		for _, p := range found {
			if !p.Warning { // a stale total in the editor is simply replaced
				ps = append(ps, p)
			}
		}
		sf.say(v, hs, true)
		at := placer("assessment", node, &ps)
		for _, i := range needsSuicideRisk(v) {
			at(fmt.Sprintf("SAFETY: %s screened positive for suicide risk: assess it now and record it under risks: - domain: suicide_self_harm, level: %s",
				displayName(defs, v.Instruments[i].Instrument), strings.Join(casefile.RiskLevels, "|")), false, "instruments", strconv.Itoa(i), "items")
		}
		if v.Date.Before(st.EpisodeStart) {
			at(fmt.Sprintf("date %s is before this episode began (%s)", v.Date, st.EpisodeStart), false, "date")
		}
		ids := map[string]bool{}
		for i, in := range v.Instruments {
			if ids[in.Instrument] {
				at(fmt.Sprintf("%s is given twice; one result per questionnaire in an assessment", in.Instrument), false, "instruments", strconv.Itoa(i), "instrument")
			}
			ids[in.Instrument] = true
		}
		ps = append(ps, peopleProblems("assessment", c, v, node)...)
		if len(cmdutil.OnlyErrors(ps)) == 0 {
			got = v
		}
		return ps
	}
	saved, err := o.F.EditLoop(r.Root, "assessment-"+c.ID+".yaml", initial, validate)
	if err != nil {
		return nil, err
	}
	if ps := cmdutil.OnlyErrors(validate(saved)); len(ps) > 0 || got == nil {
		return nil, &cmdutil.ProblemsError{What: "the assessment is not valid; nothing was written:", Problems: ps}
	}
	got.SchemaVersion, got.Entry = casefile.SchemaVersion, a.Entry
	return got, nil
}

// peopleProblems finds registry ids of the ecomap that the case does not know.
func peopleProblems(path string, c *casefile.Case, a *casefile.Assessment, doc *yaml.Node) []casefile.Problem {
	var ps []casefile.Problem
	e := a.Ecomap
	if e == nil {
		return nil
	}
	at := placer(path, doc, &ps)
	if e.Centre != "" {
		if _, ok := c.Person(e.Centre); !ok {
			at(fmt.Sprintf("%q is not in the people registry (%s)", e.Centre, c.PeoplePath()), false, "ecomap", "centre")
		}
	}
	for i, s := range e.Systems {
		if s.Person != "" {
			if _, ok := c.Person(s.Person); !ok {
				at(fmt.Sprintf("%q is not in the people registry (%s)", s.Person, c.PeoplePath()), false, "ecomap", "systems", strconv.Itoa(i), "person")
			}
		}
	}
	return ps
}
