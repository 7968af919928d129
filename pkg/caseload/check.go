package caseload

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/dates"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/schema"
)

// Practice finds what the records say is missing in the work itself, as of a date: a high or
// critical suicide or domestic-violence risk with no safety plan, a plan the client has not
// agreed to. check reports these beside file problems; they never stop a command, since the
// command may be the one that puts them right.
func Practice(c *casefile.Case, asOf dates.Date) []casefile.Problem {
	var ps []casefile.Problem
	at := positioner(c, &ps)
	if c.Intake == nil || !IsOpen(Derive(c, asOf).Status) {
		return ps
	}
	for _, r := range MissingSafetyPlan(c, asOf) {
		at(r.Path, fmt.Sprintf("%s risk is %s and the case has no safety plan in this episode: record one (casework safety-plan %s)", r.Domain, r.Level, c.ID), false, "risks", riskIndex(c, r), "level")
	}
	if p := c.Plan; p != nil && p.Agreement == nil && len(p.Goals) > 0 {
		at(c.PlanPath(), "the plan has no client agreement: build it with the client and record it (casework plan agree)", true, "goals")
	}
	return ps
}

func positioner(c *casefile.Case, ps *[]casefile.Problem) func(path, msg string, warn bool, keys ...string) {
	return func(path, msg string, warn bool, keys ...string) {
		p := casefile.Problem{Path: path, Msg: msg, Warning: warn}
		if n := schema.Lookup(c.Nodes[path], keys...); n != nil {
			p.Line, p.Col = n.Line, n.Column
		} else if c.Nodes[path] != nil {
			p.Line, p.Col = 1, 1
		}
		*ps = append(*ps, p)
	}
}

// Check finds what is wrong across the files of one case: references to people or entries that
// do not exist, and a timeline that does not hold together (closing a closed case, reopening an
// open one). Problems point at the line when the case was loaded with its YAML trees.
func Check(c *casefile.Case) []casefile.Problem {
	var ps []casefile.Problem
	at := positioner(c, &ps)
	if in := c.Intake; in != nil && c.People != nil {
		ref := func(id string, keys ...string) {
			if _, ok := c.Person(id); !ok {
				at(c.IntakePath(), fmt.Sprintf("%q is not in the people registry (%s)", id, c.PeoplePath()), false, keys...)
			}
		}
		ref(in.Client, "client")
		for i, m := range in.Members {
			ref(m.Person, "members", fmt.Sprint(i), "person")
		}
		for i, p := range in.Partners {
			ref(p, "partners", fmt.Sprint(i))
		}
		if in.Requester != nil {
			ref(in.Requester.Person, "requester", "person")
		}
	}
	if c.Intake == nil {
		return ps
	}
	checkRefs(c, at)
	status := ""
	lastClosure := ""
	for _, ev := range Timeline(c) {
		switch ev.Kind {
		case EvIntake, EvDecision:
			if ev.Kind == EvDecision && ev.On.Before(c.Intake.ReceivedOn) {
				at(ev.Path, "decided before the request was received ("+c.Intake.ReceivedOn.String()+")", false, "decided_on")
			}
			if ev.Kind == EvDecision && status == Closed {
				at(ev.Path, "a screening decision on a closed case: reopen it first", false, "decision")
			}
			status = decisionStatus(ev.Decision.Decision)
		case EvClosure:
			if status == Closed {
				at(ev.Path, "closes a case that was already closed on this date", false, "closed_on")
			}
			if ev.On.Before(c.Intake.ReceivedOn) {
				at(ev.Path, "closed before the request was received ("+c.Intake.ReceivedOn.String()+")", false, "closed_on")
			}
			status, lastClosure = Closed, ev.ID
		case EvReopen:
			if status != Closed {
				at(ev.Path, "reopens a case that was not closed on this date", false, "reopened_on")
			} else if ev.Reopening.Closure != lastClosure {
				at(ev.Path, fmt.Sprintf("closure %q is not the closure this reopening follows (%q)", ev.Reopening.Closure, lastClosure), false, "closure")
			}
			status = Accepted
		}
	}
	return ps
}

func riskIndex(c *casefile.Case, r RiskRecord) string {
	for _, a := range c.Assessments {
		if a.Path == r.Path {
			for i, x := range a.V.Risks {
				if x.Domain == r.Domain {
					return strconv.Itoa(i)
				}
			}
		}
	}
	return "0"
}

// checkRefs finds references to registry people that do not exist, outside the intake.
func checkRefs(c *casefile.Case, at func(path, msg string, warn bool, keys ...string)) {
	known := func(id string) bool { _, ok := c.Person(id); return ok }
	missing := func(path, id string, keys ...string) {
		at(path, fmt.Sprintf("%q is not in the people registry (%s)", id, c.PeoplePath()), false, keys...)
	}
	for _, a := range c.Assessments {
		if e := a.V.Ecomap; e != nil {
			if e.Centre != "" && !known(e.Centre) {
				missing(a.Path, e.Centre, "ecomap", "centre")
			}
			for i, s := range e.Systems {
				if s.Person != "" && !known(s.Person) {
					missing(a.Path, s.Person, "ecomap", "systems", strconv.Itoa(i), "person")
				}
			}
		}
	}
	for _, sp := range c.SafetyPlans {
		for i, h := range sp.V.HelpPeople {
			if h.Person != "" && !known(h.Person) {
				missing(sp.Path, h.Person, "people_to_ask_for_help", strconv.Itoa(i), "person")
			}
		}
	}
	if p := c.Plan; p != nil {
		resp := func(who string, keys ...string) {
			if strings.HasPrefix(who, "P-") && !known(who) {
				missing(c.PlanPath(), who, keys...)
			}
		}
		for gi, g := range p.Goals {
			resp(g.Responsible, "goals", strconv.Itoa(gi), "responsible")
			for oi, o := range g.Objectives {
				resp(o.Responsible, "goals", strconv.Itoa(gi), "objectives", strconv.Itoa(oi), "responsible")
				for ti, t := range o.Tasks {
					resp(t.Responsible, "goals", strconv.Itoa(gi), "objectives", strconv.Itoa(oi), "tasks", strconv.Itoa(ti), "responsible")
				}
			}
		}
	}
}
