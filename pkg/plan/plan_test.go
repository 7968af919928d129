package plan

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

func round2(x float64) string { return fmt.Sprintf("%.2f", x) }

func TestTScoreWorkedExamples(t *testing.T) {
	for _, c := range []struct {
		name    string
		levels  []int
		weights []float64
		want    string
	}{
		{"A weighted", []int{1, 0, -2}, []float64{3, 2, 1}, "52.20"},
		{"B unweighted", []int{1, 1, 0}, []float64{1, 1, 1}, "59.13"},
		{"C gasr", []int{-2, 0, -1, 2, 0, 1}, []float64{3, 5, 1, 4, 2, 6}, "55.00"},
		{"three at +2", []int{2, 2, 2}, []float64{1, 1, 1}, "77.39"},
		{"three at -1", []int{-1, -1, -1}, []float64{1, 1, 1}, "36.31"},
		{"three at -2", []int{-2, -2, -2}, []float64{1, 1, 1}, "22.61"},
	} {
		got, err := TScore(c.levels, c.weights, DefaultRho)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if round2(got) != c.want {
			t.Errorf("%s: T = %.4f, want %s", c.name, got, c.want)
		}
	}
}

func TestTScoreSpecialCases(t *testing.T) {
	// One goal: the denominator is w, so T = 50 + 10x whatever the weight.
	for x := -2; x <= 2; x++ {
		for _, w := range []float64{0.5, 1, 4} {
			got, err := TScore([]int{x}, []float64{w}, DefaultRho)
			if err != nil || math.Abs(got-(50+10*float64(x))) > 1e-9 {
				t.Errorf("one goal x=%d w=%v: T = %v, %v", x, w, got, err)
			}
		}
	}
	// All at the expected level: 50 whatever the weights and rho.
	for _, ws := range [][]float64{{1, 1}, {3, 2, 1}, {0.1, 7, 2, 9}} {
		for _, rho := range []float64{0, 0.3, 1} {
			got, err := TScore(make([]int, len(ws)), ws, rho)
			if err != nil || got != 50 {
				t.Errorf("all zero, w=%v rho=%v: T = %v, %v", ws, rho, got, err)
			}
		}
	}
}

func TestTScoreRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		name    string
		levels  []int
		weights []float64
		rho     float64
	}{
		{"empty", nil, nil, 0.3},
		{"mismatched", []int{1, 0}, []float64{1}, 0.3},
		{"level above 2", []int{3}, []float64{1}, 0.3},
		{"level below -2", []int{-3}, []float64{1}, 0.3},
		{"zero weight", []int{1}, []float64{0}, 0.3},
		{"negative weight", []int{1, 1}, []float64{1, -1}, 0.3},
		{"NaN weight", []int{1}, []float64{math.NaN()}, 0.3},
		{"rho above 1", []int{1}, []float64{1}, 1.5},
	} {
		if _, err := TScore(c.levels, c.weights, c.rho); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

var (
	d = dates.MustParse
	// levels are the five descriptions a scale needs.
	levels = map[string]string{"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"}
)

func scored(id string, w float64, scores ...casefile.GASScore) casefile.Goal {
	return casefile.Goal{ID: id, Statement: "s", Status: "active", GAS: &casefile.GAS{Weight: w, Levels: levels, Scores: scores}}
}

func TestAttainmentSkipsUnscoredAndTakesLatestAsOf(t *testing.T) {
	p := &casefile.Plan{Goals: []casefile.Goal{
		scored("G-1", 3, casefile.GASScore{On: d("2026-10-01"), Level: -1}, casefile.GASScore{On: d("2026-11-20"), Level: 1},
			casefile.GASScore{On: d("2027-01-10"), Level: 2}),
		scored("G-2", 2, casefile.GASScore{On: d("2026-11-20"), Level: 0}),
		scored("G-3", 1, casefile.GASScore{On: d("2026-11-21"), Level: -2}),
		scored("G-4", 5), // a scale, never scored: left out, not counted as 0
		{ID: "G-5", Statement: "no scale", Status: "active"},
	}}
	// As of 2026-11-23: G-1 at +1 (the 2027 score is later), G-2 at 0, G-3 at -2: example A.
	got, n, ok := Attainment(p, d("2026-11-23"), DefaultRho)
	if !ok || n != 3 || round2(got) != "52.20" {
		t.Errorf("Attainment = %.4f, n=%d, ok=%v; want 52.20 over 3 goals", got, n, ok)
	}
	// Earlier, only G-1 was scored, at -1: one goal, T = 40.
	got, n, ok = Attainment(p, d("2026-10-15"), DefaultRho)
	if !ok || n != 1 || round2(got) != "40.00" {
		t.Errorf("Attainment 2026-10-15 = %.4f, n=%d, ok=%v; want 40.00 over 1", got, n, ok)
	}
	// Before any score: nothing to say.
	if _, n, ok := Attainment(p, d("2026-09-01"), DefaultRho); ok || n != 0 {
		t.Errorf("no score yet: n=%d ok=%v", n, ok)
	}
	// Two scores on one day: the later written wins.
	g := scored("G-1", 1, casefile.GASScore{On: d("2026-11-20"), Level: 0}, casefile.GASScore{On: d("2026-11-20"), Level: 2})
	if s, _ := LatestScore(&g, d("2026-11-20")); s.Level != 2 {
		t.Errorf("same-day scores: latest = %d, want 2", s.Level)
	}
	if _, _, ok := Attainment(nil, d("2026-11-23"), DefaultRho); ok {
		t.Error("a nil plan has an attainment")
	}
}

// goodPlan is a plan that meets every heuristic.
func goodPlan() *casefile.Plan {
	return &casefile.Plan{
		Agreement: &casefile.Agreement{On: d("2026-11-23"), How: "signed", CoBuilt: true},
		Goals: []casefile.Goal{{
			ID: "G-1", Statement: "Awa lives in stable housing she can afford", Status: "active", TargetDate: d("2027-06-30"),
			Objectives: []casefile.Objective{{
				ID: "O-1", Statement: "Submit 2 social-housing applications", Indicator: "applications submitted",
				Target: "2", TargetDate: d("2027-01-31"), Responsible: "client", Status: "active",
				Tasks: []casefile.Task{{ID: "T-1", Action: "Book an interpreter", Responsible: "worker", Due: d("2026-12-01"), Status: "not_started"}},
			}},
		}},
	}
}

func TestNoWarningForAGoodPlan(t *testing.T) {
	if ws := SMARTWarnings(goodPlan()); len(ws) != 0 {
		t.Errorf("warnings for a good plan: %v", ws)
	}
}

func TestEachSMARTWarning(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(p *casefile.Plan)
		id     string
		want   string
	}{
		{"vague goal", func(p *casefile.Plan) { p.Goals[0].Statement = "Improve housing" }, "G-1", `"improve" alone is vague`},
		{"vague goal after a subject", func(p *casefile.Plan) { p.Goals[0].Statement = "Awa will work on her budget" }, "G-1", `"work on"`},
		{"vague French", func(p *casefile.Plan) { p.Goals[0].Statement = "Améliorer sa situation" }, "G-1", `"améliorer"`},
		{"vague French subject", func(p *casefile.Plan) { p.Goals[0].Statement = "Madame va travailler sur son budget" }, "G-1", `"travailler sur"`},
		{"vague Spanish", func(p *casefile.Plan) { p.Goals[0].Objectives[0].Statement = "Mejorar la convivencia" }, "O-1", `"mejorar"`},
		{"vague Spanish help", func(p *casefile.Plan) { p.Goals[0].Statement = "Ayudar a la familia" }, "G-1", `"ayudar"`},
		{"goal without date", func(p *casefile.Plan) { p.Goals[0].TargetDate = dates.Date{} }, "G-1", "no target date"},
		{"no indicator", func(p *casefile.Plan) { p.Goals[0].Objectives[0].Indicator = "" }, "O-1", "no indicator"},
		{"no target", func(p *casefile.Plan) { p.Goals[0].Objectives[0].Target = "" }, "O-1", "no target ("},
		{"objective without responsible", func(p *casefile.Plan) { p.Goals[0].Objectives[0].Responsible = " " }, "O-1", "no one is responsible"},
		{"objective without date", func(p *casefile.Plan) { p.Goals[0].Objectives[0].TargetDate = dates.Date{} }, "O-1", "no target date"},
		{"objective after goal", func(p *casefile.Plan) { p.Goals[0].Objectives[0].TargetDate = d("2027-07-01") }, "O-1", "after its goal G-1"},
		{"task without responsible", func(p *casefile.Plan) { p.Goals[0].Objectives[0].Tasks[0].Responsible = "" }, "T-1", "no one is responsible"},
		{"task without due", func(p *casefile.Plan) { p.Goals[0].Objectives[0].Tasks[0].Due = dates.Date{} }, "T-1", "no due date"},
		{"not agreed", func(p *casefile.Plan) { p.Agreement = nil }, "plan", "not agreed with the client"},
		{"not co-built", func(p *casefile.Plan) { p.Agreement.CoBuilt = false }, "plan", "not built with the client"},
	} {
		p := goodPlan()
		c.change(p)
		ws := SMARTWarnings(p)
		if len(ws) != 1 || ws[0].ID != c.id || !strings.Contains(ws[0].Msg, c.want) {
			t.Errorf("%s: warnings = %v; want one on %s containing %q", c.name, ws, c.id, c.want)
		}
	}
}

func TestSMARTLeavesClosedPartsAlone(t *testing.T) {
	p := goodPlan()
	p.Goals[0].Objectives[0].Tasks[0] = casefile.Task{ID: "T-1", Action: "x", Status: "done", DoneOn: d("2026-11-01")}
	p.Goals = append(p.Goals, casefile.Goal{ID: "G-2", Statement: "Improve things", Status: "discontinued"})
	if ws := SMARTWarnings(p); len(ws) != 0 {
		t.Errorf("warnings on done/closed items: %v", ws)
	}
}

func TestVagueVerb(t *testing.T) {
	for s, want := range map[string]string{
		"Improve housing":                        "improve",
		"to help the family":                     "help",
		"The client will get better":             "get better",
		"Help Leo attend school 4 days a week":   "", // a number makes it measurable
		"Pay the rent on time each month":        "",
		"Submit housing applications to improve": "", // leads with a concrete verb
		"Aider Madame dans ses démarches":        "aider",
		"Trabajar en el presupuesto":             "trabajar en",
		"La familia va a mejorar":                "mejorar",
		"":                                       "",
	} {
		if got := VagueVerb(s); got != want {
			t.Errorf("VagueVerb(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestOverdueBoundaries(t *testing.T) {
	p := &casefile.Plan{Goals: []casefile.Goal{{ID: "G-1", Statement: "s", Status: "active", Objectives: []casefile.Objective{
		{ID: "O-1", Statement: "past", Status: "active", TargetDate: d("2026-11-22"), Tasks: []casefile.Task{
			{ID: "T-1", Action: "yesterday", Status: "not_started", Due: d("2026-11-22")},
			{ID: "T-2", Action: "today", Status: "in_progress", Due: d("2026-11-23")},
			{ID: "T-3", Action: "done late", Status: "done", Due: d("2026-11-01"), DoneOn: d("2026-11-10")},
			{ID: "T-4", Action: "cancelled", Status: "cancelled", Due: d("2026-11-01")},
			{ID: "T-5", Action: "blocked", Status: "blocked", Due: d("2026-11-01")},
			{ID: "T-6", Action: "no date", Status: "not_started"},
		}},
		{ID: "O-2", Statement: "due today", Status: "proposed", TargetDate: d("2026-11-23")},
		{ID: "O-3", Statement: "achieved", Status: "achieved", TargetDate: d("2026-10-01")},
		{ID: "O-4", Statement: "proposed, past", Status: "proposed", TargetDate: d("2026-10-01")},
	}}}}
	var got []string
	for _, it := range Overdue(p, d("2026-11-23")) {
		got = append(got, fmt.Sprintf("%s %s %d", it.Kind, it.ID, it.Days))
	}
	want := "objective O-1 1|task T-1 1|task T-5 22|objective O-4 53"
	if strings.Join(got, "|") != want {
		t.Errorf("Overdue = %q, want %q", strings.Join(got, "|"), want)
	}
	if len(Overdue(p, d("2026-10-01"))) != 0 {
		t.Errorf("overdue before any date: %v", Overdue(p, d("2026-10-01")))
	}
}

func TestNextIDNeverReuses(t *testing.T) {
	p := New(d("2026-11-23"))
	if got := NextID(p, GoalPrefix); got != "G-1" {
		t.Errorf("first goal = %s", got)
	}
	p.Goals = []casefile.Goal{{ID: "G-1"}, {ID: "G-3", Objectives: []casefile.Objective{{ID: "O-2", Tasks: []casefile.Task{{ID: "T-7"}}}}}}
	// A gap left by a deleted goal is not refilled.
	if got := NextID(p, GoalPrefix); got != "G-4" {
		t.Errorf("after G-1, G-3: %s, want G-4", got)
	}
	if got := NextID(p, ObjectivePrefix); got != "O-3" {
		t.Errorf("objective: %s, want O-3", got)
	}
	if got := NextID(p, TaskPrefix); got != "T-8" {
		t.Errorf("task: %s, want T-8", got)
	}
	// The highest goal deleted by hand: its id stays in the history and is not given again.
	p.Changes = []casefile.Change{{Revision: 1, What: "goal G-5 added"}, {Revision: 2, What: "task T-12 added to O-2"}}
	p.Goals = p.Goals[:1]
	if got := NextID(p, GoalPrefix); got != "G-6" {
		t.Errorf("after G-5 was deleted: %s, want G-6", got)
	}
	if got := NextID(p, TaskPrefix); got != "T-13" {
		t.Errorf("after T-12 was deleted: %s, want T-13", got)
	}
}

func TestFindAndTouch(t *testing.T) {
	p := goodPlan()
	if g := FindGoal(p, "G-1"); g == nil || g != &p.Goals[0] {
		t.Error("FindGoal does not point into the plan")
	}
	if o, g := FindObjective(p, "O-1"); o == nil || g.ID != "G-1" {
		t.Error("FindObjective")
	}
	if tk, o, g := FindTask(p, "T-1"); tk == nil || o.ID != "O-1" || g.ID != "G-1" {
		t.Error("FindTask")
	}
	if FindGoal(p, "G-9") != nil {
		t.Error("found a goal that does not exist")
	}
	if o, _ := FindObjective(p, "G-1"); o != nil {
		t.Error("a goal id found as an objective")
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	Touch(p, now, "a.martin", "goal G-1 added")
	Touch(p, now.Add(time.Minute), "b.lopez", "task T-1 done")
	if p.Revision != 2 || p.UpdatedBy != "b.lopez" || !p.UpdatedAt.Equal(now.Add(time.Minute)) || len(p.Changes) != 2 {
		t.Fatalf("after two touches: %+v", p)
	}
	if c := p.Changes[1]; c.Revision != 2 || c.By != "b.lopez" || c.What != "task T-1 done" {
		t.Errorf("change = %+v", c)
	}
	if ws := WarningsFor(p, "O-1", []Warning{{ID: "T-1"}, {ID: "G-1"}, {ID: "O-1"}}); len(ws) != 2 {
		t.Errorf("WarningsFor O-1 = %v", ws)
	}
}

func TestOverdueSkipsFinishedGoals(t *testing.T) {
	asOf := dates.MustParse("2026-11-23")
	p := &casefile.Plan{Goals: []casefile.Goal{
		{ID: "G-1", Status: "achieved", Objectives: []casefile.Objective{{ID: "O-1", Status: "active", TargetDate: asOf.AddDays(-5),
			Tasks: []casefile.Task{{ID: "T-1", Status: "in_progress", Due: asOf.AddDays(-3)}}}}},
		{ID: "G-2", Status: "active", Objectives: []casefile.Objective{{ID: "O-2", Status: "active",
			Tasks: []casefile.Task{{ID: "T-2", Status: "not_started", Due: asOf.AddDays(-1)}}}}},
	}}
	got := Overdue(p, asOf)
	if len(got) != 1 || got[0].ID != "T-2" {
		t.Fatalf("Overdue = %+v, want only T-2 (G-1 is achieved)", got)
	}
}
