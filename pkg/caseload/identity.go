package caseload

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
)

// checkIdentity warns where a field meant to hold a person's registry id holds the name or an
// alias of a person of the registry instead: identifying details live in the registry alone
// (one place for identity), so that redaction, pseudonymisation and erasure touch one file.
func checkIdentity(c *casefile.Case, at func(path, msg string, warn bool, keys ...string)) {
	if c.People == nil {
		return
	}
	names := map[string]string{} // lower-cased name or alias → person id
	for _, p := range c.People.People {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if n = strings.TrimSpace(n); n != "" {
				names[strings.ToLower(n)] = p.ID
			}
		}
	}
	ref := func(path, value string, keys ...string) {
		id, ok := names[strings.ToLower(strings.TrimSpace(value))]
		if !ok || value == id {
			return
		}
		at(path, fmt.Sprintf("%s: a name of the people registry where a person's id belongs; use the person's id %s (names live in %s only)",
			strings.Join(keys, "."), id, c.PeoplePath()), true, keys...)
	}
	idx := func(i int) string { return fmt.Sprint(i) }
	if in := c.Intake; in != nil {
		ref(c.IntakePath(), in.Client, "client")
		for i, m := range in.Members {
			ref(c.IntakePath(), m.Person, "members", idx(i), "person")
		}
		for i, p := range in.Partners {
			ref(c.IntakePath(), p, "partners", idx(i))
		}
		if in.Requester != nil {
			ref(c.IntakePath(), in.Requester.Person, "requester", "person")
		}
	}
	for _, n := range c.Notes {
		for i, p := range n.V.Contact.Participants {
			ref(n.Path, p, "contact", "participants", idx(i))
		}
	}
	for _, x := range c.Closures {
		for i, p := range x.V.OthersInformed {
			ref(x.Path, p, "others_informed", idx(i))
		}
	}
	for _, x := range c.Consents {
		ref(x.Path, x.V.SignedBy, "signed_by")
	}
	for _, x := range c.Reviews {
		for i, p := range x.V.Participants {
			ref(x.Path, p, "participants", idx(i))
		}
	}
	for _, x := range c.SafetyPlans {
		for i, h := range x.V.HelpPeople {
			ref(x.Path, h.Person, "people_to_ask_for_help", idx(i), "person")
			ref(x.Path, h.Name, "people_to_ask_for_help", idx(i), "name")
		}
		for i, h := range x.V.Professionals {
			ref(x.Path, h.Person, "professionals", idx(i), "person")
			ref(x.Path, h.Name, "professionals", idx(i), "name")
		}
	}
	for _, x := range c.Assessments {
		if e := x.V.Ecomap; e != nil {
			ref(x.Path, e.Centre, "ecomap", "centre")
			for i, s := range e.Systems {
				ref(x.Path, s.Person, "ecomap", "systems", idx(i), "person")
				ref(x.Path, s.Label, "ecomap", "systems", idx(i), "label")
			}
		}
	}
	if p := c.Plan; p != nil {
		for gi, g := range p.Goals {
			ref(c.PlanPath(), g.Responsible, "goals", idx(gi), "responsible")
			for oi, o := range g.Objectives {
				ref(c.PlanPath(), o.Responsible, "goals", idx(gi), "objectives", idx(oi), "responsible")
				for ti, t := range o.Tasks {
					ref(c.PlanPath(), t.Responsible, "goals", idx(gi), "objectives", idx(oi), "tasks", idx(ti), "responsible")
				}
			}
		}
	}
}
