package caseload

import (
	"fmt"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/schema"
)

// Check finds what is wrong across the files of one case: references to people or entries that
// do not exist, and a timeline that does not hold together (closing a closed case, reopening an
// open one). Problems point at the line when the case was loaded with its YAML trees.
func Check(c *casefile.Case) []casefile.Problem {
	var ps []casefile.Problem
	at := func(path, msg string, warn bool, keys ...string) {
		p := casefile.Problem{Path: path, Msg: msg, Warning: warn}
		if n := schema.Lookup(c.Nodes[path], keys...); n != nil {
			p.Line, p.Col = n.Line, n.Column
		} else if c.Nodes[path] != nil {
			p.Line, p.Col = 1, 1
		}
		ps = append(ps, p)
	}
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
