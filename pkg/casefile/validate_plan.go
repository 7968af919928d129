package casefile

import (
	"fmt"
	"regexp"
	"strconv"
)

// FlagSuicideScreen is the flag an instrument raises when a screening item about thoughts of
// death or self-harm is answered above zero (PHQ-9 item 9).
const FlagSuicideScreen = "suicide_risk_screen_positive"

func checkAssessment(x *Assessment, r Rules, at atFunc) {
	if !r.Today.IsZero() && x.Date.After(r.Today) {
		at("date is in the future", false, "date")
	}
	for name, d := range x.Domains {
		if d.Rating != 0 && (d.Rating < 1 || d.Rating > 5) {
			at(fmt.Sprintf("domain %s: rating %d is outside 1 (in crisis) to 5 (thriving)", name, d.Rating), false, "domains", name, "rating")
		}
	}
	seen := map[string]bool{}
	for i, rk := range x.Risks {
		if seen[rk.Domain] {
			at(fmt.Sprintf("risk domain %s is recorded twice in one assessment", rk.Domain), false, "risks", strconv.Itoa(i), "domain")
		}
		seen[rk.Domain] = true
		if !rk.NextReview.IsZero() && rk.NextReview.Before(x.Date) {
			at("next_review is before the assessment date", false, "risks", strconv.Itoa(i), "next_review")
		}
	}
	for i, in := range x.Instruments {
		for _, fl := range in.Flags {
			if fl == FlagSuicideScreen && !seen["suicide_self_harm"] {
				at(fmt.Sprintf("%s raised a safety flag (%s): record a suicide_self_harm risk in this assessment", in.Instrument, fl),
					false, "instruments", strconv.Itoa(i), "flags")
			}
		}
	}
	if e := x.Ecomap; e != nil {
		ids := map[string]bool{}
		for i, s := range e.Systems {
			if ids[s.ID] {
				at(fmt.Sprintf("ecomap system id %q is used twice", s.ID), false, "ecomap", "systems", strconv.Itoa(i), "id")
			}
			ids[s.ID] = true
			if s.Label == "" && s.Person == "" {
				at("an ecomap system needs a label or a person", false, "ecomap", "systems", strconv.Itoa(i))
			}
		}
		for i, t := range e.Ties {
			if !ids[t.System] {
				at(fmt.Sprintf("tie to %q: no ecomap system has that id", t.System), false, "ecomap", "ties", strconv.Itoa(i), "system")
			}
		}
	}
}

var (
	goalID      = regexp.MustCompile(`^G-[0-9]+$`)
	objectiveID = regexp.MustCompile(`^O-[0-9]+$`)
	taskID      = regexp.MustCompile(`^T-[0-9]+$`)
)

// GASLevels are the five levels of a Goal Attainment Scale, as written in files.
var GASLevels = []string{"-2", "-1", "0", "1", "2"}

func checkPlan(p *Plan, at atFunc) {
	ids := map[string]bool{}
	id := func(v string, re *regexp.Regexp, what string, keys ...string) {
		if !re.MatchString(v) {
			at(fmt.Sprintf("%s id %q: use %s followed by a number", what, v, re.String()[1:3]), false, keys...)
		}
		if ids[v] {
			at(fmt.Sprintf("%s id %q is used twice in the plan", what, v), false, keys...)
		}
		ids[v] = true
	}
	for gi, g := range p.Goals {
		gk := []string{"goals", strconv.Itoa(gi)}
		id(g.ID, goalID, "goal", append(gk, "id")...)
		if gas := g.GAS; gas != nil {
			if gas.Weight <= 0 {
				at("gas.weight must be above 0", false, append(gk, "gas", "weight")...)
			}
			for _, l := range GASLevels {
				if gas.Levels[l] == "" {
					at(fmt.Sprintf("gas.levels: level %s is not described; write all five levels -2 … +2 before scoring", l), false, append(gk, "gas", "levels")...)
				}
			}
			for k := range gas.Levels {
				if !isGASLevel(k) {
					at(fmt.Sprintf("gas.levels: %q is not a level (-2, -1, 0, 1, 2)", k), false, append(gk, "gas", "levels", k)...)
				}
			}
			if gas.Baseline != nil && (*gas.Baseline < -2 || *gas.Baseline > 2) {
				at("gas.baseline_level must be between -2 and 2", false, append(gk, "gas", "baseline_level")...)
			}
			for si, s := range gas.Scores {
				if s.Level < -2 || s.Level > 2 {
					at("a GAS score is a level between -2 and 2", false, append(gk, "gas", "scores", strconv.Itoa(si), "level")...)
				}
			}
		}
		for oi, o := range g.Objectives {
			ok := append(append([]string{}, gk...), "objectives", strconv.Itoa(oi))
			id(o.ID, objectiveID, "objective", append(ok, "id")...)
			if !o.TargetDate.IsZero() && !g.TargetDate.IsZero() && o.TargetDate.After(g.TargetDate) {
				at(fmt.Sprintf("objective %s is due after its goal %s (%s)", o.ID, g.ID, g.TargetDate), true, append(ok, "target_date")...)
			}
			for ti, t := range o.Tasks {
				tk := append(append([]string{}, ok...), "tasks", strconv.Itoa(ti))
				id(t.ID, taskID, "task", append(tk, "id")...)
				if t.Status == "done" && t.DoneOn.IsZero() {
					at(fmt.Sprintf("task %s is done: record done_on", t.ID), false, append(tk, "status")...)
				}
				if t.Status != "done" && !t.DoneOn.IsZero() {
					at(fmt.Sprintf("task %s has done_on but its status is %s", t.ID, t.Status), false, append(tk, "done_on")...)
				}
			}
		}
	}
	last := 0
	for i, ch := range p.Changes {
		if ch.Revision <= last {
			at("changes must be in increasing revision order", false, "changes", strconv.Itoa(i), "revision")
		}
		last = ch.Revision
	}
	if last > p.Revision {
		at(fmt.Sprintf("revision %d is older than the last change (%d)", p.Revision, last), false, "revision")
	}
}

func isGASLevel(s string) bool {
	for _, l := range GASLevels {
		if s == l {
			return true
		}
	}
	return false
}
