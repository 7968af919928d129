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
func Practice(c *casefile.Case, rules casefile.Rules) []casefile.Problem {
	var ps []casefile.Problem
	at := positioner(c, &ps)
	asOf := rules.Today
	for _, n := range c.Notes {
		late := rules.Config.Review.LateDocumentationHours
		if gap := n.V.RecordedAt.Sub(n.V.Contact.At).Hours(); late > 0 && gap > float64(late) && n.V.Amends == "" {
			at(n.Path, fmt.Sprintf("late documentation: written %.0f hours after the contact (more than %d)", gap, late), true, "recorded_at")
		}
		if n.V.Kind == "crisis" && !riskUpdatedOn(c, dates.FromTime(n.V.Contact.At)) {
			at(n.Path, "a crisis note with no risk record updated the same day: assess the risk (casework assess --risk DOMAIN=LEVEL)", true, "kind")
		}
	}
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
	checkIdentity(c, at) // identity.go
	checkNotesAndReferrals(c, at)
	checkRetentionRefs(c, at)
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

func riskUpdatedOn(c *casefile.Case, d dates.Date) bool {
	for _, a := range c.Assessments {
		if a.V.Date == d && len(a.V.Risks) > 0 {
			return true
		}
	}
	return false
}

// checkNotesAndReferrals checks what notes, consents and referrals point at.
func checkNotesAndReferrals(c *casefile.Case, at func(path, msg string, warn bool, keys ...string)) {
	known := func(id string) bool { _, ok := c.Person(id); return ok }
	notes := map[string]bool{}
	for _, n := range c.Notes {
		notes[n.ID] = true
	}
	goals := map[string]bool{}
	if c.Plan != nil {
		for _, g := range c.Plan.Goals {
			goals[g.ID] = true
		}
	}
	for _, n := range c.Notes {
		for i, p := range n.V.Contact.Participants {
			if !known(p) {
				at(n.Path, fmt.Sprintf("participant %q is not in the people registry (%s)", p, c.PeoplePath()), false, "contact", "participants", strconv.Itoa(i))
			}
		}
		for i, g := range n.V.Goals {
			if !goals[g] {
				at(n.Path, fmt.Sprintf("goal %q is not in the case's plan", g), false, "goals", strconv.Itoa(i))
			}
		}
		for i, g := range n.V.GoalProgress {
			if !goals[g.Goal] {
				at(n.Path, fmt.Sprintf("goal %q is not in the case's plan", g.Goal), false, "goal_progress", strconv.Itoa(i), "goal")
			}
		}
		if n.V.Amends != "" && !notes[n.V.Amends] {
			at(n.Path, fmt.Sprintf("amends %q: no note of this case has that id", n.V.Amends), false, "amends")
		}
	}
	for _, rv := range c.Reviews {
		for i, g := range rv.V.GoalProgress {
			if !goals[g.Goal] {
				at(rv.Path, fmt.Sprintf("goal %q is not in the case's plan", g.Goal), false, "goal_progress", strconv.Itoa(i), "goal")
			}
		}
	}
	consents := map[string]bool{}
	for _, k := range c.Consents {
		consents[k.ID] = true
		if !known(k.V.SignedBy) {
			at(k.Path, fmt.Sprintf("signed_by %q is not in the people registry (%s)", k.V.SignedBy, c.PeoplePath()), false, "signed_by")
		}
	}
	for _, rv := range c.ConsentRevocations {
		if !consents[rv.V.Consent] {
			at(rv.Path, fmt.Sprintf("consent %q: no consent of this case has that id", rv.V.Consent), false, "consent")
		}
	}
	refs := map[string]bool{}
	for _, r := range c.Referrals {
		refs[r.ID] = true
		if r.V.Consent != "" && !consents[r.V.Consent] {
			at(r.Path, fmt.Sprintf("consent %q: no consent of this case has that id", r.V.Consent), false, "consent")
		}
	}
	for _, u := range c.ReferralUpdates {
		if !refs[u.V.Referral] {
			at(u.Path, fmt.Sprintf("referral %q: no referral of this case has that id", u.V.Referral), false, "referral")
		}
	}
	for _, st := range Referrals(c, dates.Date{}) {
		status := st.Referral.V.Status
		for _, u := range st.Updates {
			if u.V.Status != "" {
				if !CanMove(status, u.V.Status) {
					at(u.Path, fmt.Sprintf("a referral cannot go from %s to %s (from %s: %s)", status, u.V.Status, status, allowed(status)), false, "status")
				}
				status = u.V.Status
			}
			if u.V.LoopClosed && !contains(LoopStatuses, status) {
				at(u.Path, "the loop is closed once the outcome is known (completed, not_completed or declined), not while "+status, false, "loop_closed")
			}
		}
	}
}

func allowed(status string) string {
	next := Transitions[status]
	if len(next) == 0 {
		return "none, it is final"
	}
	return strings.Join(next, ", ")
}
