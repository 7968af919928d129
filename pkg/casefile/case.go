package casefile

import (
	"time"

	"go.yaml.in/yaml/v3"
)

// Item is one loaded entry file: its id (the file name without .yaml), its path from the
// repository root, and its content.
type Item[T any] struct {
	ID   string
	Path string
	V    *T
}

// Case is everything recorded in one case folder, as read from disk. It holds facts only; the
// caseload package derives status, episode and risk from them.
type Case struct {
	ID         string
	Dir        string // slash-separated, from the repository root
	People     *People
	Intake     *Intake
	Decisions  []Item[DecisionEntry]
	Closures   []Item[Closure]
	Reopenings []Item[Reopening]
	// Assessments and SafetyPlans are in file-name order (which is date order).
	Assessments        []Item[Assessment]
	SafetyPlans        []Item[SafetyPlan]
	Notes              []Item[Note]
	Consents           []Item[Consent]
	ConsentRevocations []Item[ConsentRevocation]
	Referrals          []Item[Referral]
	ReferralUpdates    []Item[ReferralUpdate]
	Reviews            []Item[CaseReview]
	Holds              []Item[Hold]
	ErasureRequests    []Item[ErasureRequest]
	ErasureDecisions   []Item[ErasureDecision]
	// Disclosures is the case's disclosure log: one entry per export under a profile.
	Disclosures []Item[Disclosure]
	// Plan is the current intervention plan, nil until one is made.
	Plan *Plan
	// Nodes keeps each file's YAML tree by path when the loader was asked to, so that checks
	// across files can point at a line.
	Nodes map[string]*yaml.Node

	// PeopleLocked says the registry is sealed (people.yaml.age) and no key at hand opens it:
	// People is nil and people are shown by their ids.
	PeopleLocked bool
}

// PeoplePath and IntakePath are the fixed files of a case folder.
func (c *Case) PeoplePath() string { return c.Dir + "/people.yaml" }

// PlanPath is the path of the plan file.
func (c *Case) PlanPath() string { return c.Dir + "/plan.yaml" }

// IntakePath is the path of the intake file.
func (c *Case) IntakePath() string { return c.Dir + "/intake.yaml" }

// SealedPeoplePath is the path of the sealed registry, when the repository encrypts it.
func (c *Case) SealedPeoplePath() string { return c.Dir + "/people.yaml.age" }

// Person looks up a registry entry. In a locked registry every id is taken as known and named
// by itself, so views show ids where names would be.
func (c *Case) Person(id string) (Person, bool) {
	if c.People == nil && c.PeopleLocked && id != "" {
		return Person{ID: id, Name: id}, true
	}
	return c.People.Person(id)
}

// Client is the case's main person.
func (c *Case) Client() Person {
	if c.Intake == nil {
		return Person{}
	}
	p, _ := c.Person(c.Intake.Client)
	return p
}

// RecordedTimes lists when every entry of the case was written.
func (c *Case) RecordedTimes() []time.Time {
	var ts []time.Time
	if c.Intake != nil {
		ts = append(ts, c.Intake.RecordedAt)
	}
	add := func(e Entry) { ts = append(ts, e.RecordedAt) }
	for _, x := range c.Decisions {
		add(x.V.Entry)
	}
	for _, x := range c.Closures {
		add(x.V.Entry)
	}
	for _, x := range c.Reopenings {
		add(x.V.Entry)
	}
	for _, x := range c.Assessments {
		add(x.V.Entry)
	}
	for _, x := range c.SafetyPlans {
		add(x.V.Entry)
	}
	for _, x := range c.Notes {
		add(x.V.Entry)
	}
	for _, x := range c.Consents {
		add(x.V.Entry)
	}
	for _, x := range c.ConsentRevocations {
		add(x.V.Entry)
	}
	for _, x := range c.Referrals {
		add(x.V.Entry)
	}
	for _, x := range c.ReferralUpdates {
		add(x.V.Entry)
	}
	for _, x := range c.Reviews {
		add(x.V.Entry)
	}
	for _, x := range c.Holds {
		add(x.V.Entry)
	}
	for _, x := range c.ErasureRequests {
		add(x.V.Entry)
	}
	for _, x := range c.ErasureDecisions {
		add(x.V.Entry)
	}
	if c.Plan != nil {
		ts = append(ts, c.Plan.UpdatedAt)
	}
	return ts
}
