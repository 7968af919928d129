// Package caseload derives what is true of a case from its entries: status, episode, assigned
// worker, current risk. Everything here is a pure function of the entries and a date; nothing
// derived is ever written back.
package caseload

import (
	"sort"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// Statuses a case can be in (domain-reference §1).
const (
	Screening   = "screening"
	Accepted    = "accepted"
	Redirected  = "redirected"
	NotAccepted = "not_accepted"
	Closed      = "closed"
)

// Statuses lists them in the order of the practice cycle.
var Statuses = []string{Screening, Accepted, Redirected, NotAccepted, Closed}

// IsOpen reports whether a status means the agency is still working the case.
func IsOpen(status string) bool { return status == Screening || status == Accepted }

// EventKind names what an event of the timeline is.
type EventKind string

// The events that change a case's status.
const (
	EvIntake   EventKind = "intake"
	EvDecision EventKind = "decision"
	EvClosure  EventKind = "closure"
	EvReopen   EventKind = "reopening"
)

// Event is one status-changing entry, placed on the case's timeline.
type Event struct {
	Kind       EventKind
	ID         string
	Path       string
	On         dates.Date
	RecordedAt time.Time
	Decision   *casefile.Decision
	Closure    *casefile.Closure
	Reopening  *casefile.Reopening
}

// Timeline orders a case's status events by effective date, then by when they were written.
func Timeline(c *casefile.Case) []Event {
	var evs []Event
	if in := c.Intake; in != nil {
		evs = append(evs, Event{Kind: EvIntake, Path: c.IntakePath(), On: in.ReceivedOn, RecordedAt: in.RecordedAt, Decision: &in.Decision})
	}
	for _, d := range c.Decisions {
		on := d.V.DecidedOn
		if on.IsZero() {
			on = dates.FromTime(d.V.RecordedAt)
		}
		evs = append(evs, Event{Kind: EvDecision, ID: d.ID, Path: d.Path, On: on, RecordedAt: d.V.RecordedAt, Decision: &d.V.Decision})
	}
	for _, x := range c.Closures {
		evs = append(evs, Event{Kind: EvClosure, ID: x.ID, Path: x.Path, On: x.V.ClosedOn, RecordedAt: x.V.RecordedAt, Closure: x.V})
	}
	for _, x := range c.Reopenings {
		evs = append(evs, Event{Kind: EvReopen, ID: x.ID, Path: x.Path, On: x.V.ReopenedOn, RecordedAt: x.V.RecordedAt, Reopening: x.V})
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		if a.Kind == EvIntake || b.Kind == EvIntake {
			return a.Kind == EvIntake && b.Kind != EvIntake
		}
		if c := a.On.Compare(b.On); c != 0 {
			return c < 0
		}
		if !a.RecordedAt.Equal(b.RecordedAt) {
			return a.RecordedAt.Before(b.RecordedAt)
		}
		return a.ID < b.ID
	})
	return evs
}

// State is what the entries say about a case as of a date.
type State struct {
	Status       string
	Episode      int
	OpenedOn     dates.Date // the intake
	EpisodeStart dates.Date // the intake or the latest reopening
	ClosedOn     dates.Date // the latest closure, if closed
	Closure      *casefile.Item[casefile.Closure]
	Decision     string
	Worker       string
	Risk         string
	Priority     string
	Kind         string
	Area         string
}

// Derive computes a case's state from its entries. Entries dated after asOf are ignored, so a
// review as of a past date sees the case as it stood then (a zero asOf means no limit); a case
// whose request came after asOf has no status yet ("").
func Derive(c *casefile.Case, asOf dates.Date) State {
	s := State{Episode: 1}
	in := c.Intake
	if in == nil || (!asOf.IsZero() && in.ReceivedOn.After(asOf)) {
		return s
	}
	s.OpenedOn, s.EpisodeStart = in.ReceivedOn, in.ReceivedOn
	s.Priority, s.Kind, s.Area = in.Priority, in.Kind, in.Area
	s.Risk = CurrentRisk(c, asOf)
	s.Worker = in.Worker
	if s.Worker == "" {
		s.Worker = in.RecordedBy
	}
	closures := map[string]*casefile.Item[casefile.Closure]{}
	for i := range c.Closures {
		closures[c.Closures[i].ID] = &c.Closures[i]
	}
	for _, ev := range Timeline(c) {
		if !asOf.IsZero() && ev.On.After(asOf) && ev.Kind != EvIntake {
			break
		}
		switch ev.Kind {
		case EvIntake, EvDecision:
			s.Decision = ev.Decision.Decision
			s.Status = decisionStatus(ev.Decision.Decision)
			if ev.Decision.Worker != "" {
				s.Worker = ev.Decision.Worker
			}
		case EvClosure:
			s.Status = Closed
			s.ClosedOn = ev.On
			s.Closure = closures[ev.ID]
		case EvReopen:
			s.Status = Accepted
			s.Episode++
			s.EpisodeStart = ev.On
			s.ClosedOn = dates.Date{}
			s.Closure = nil
			if ev.Reopening.Worker != "" {
				s.Worker = ev.Reopening.Worker
			}
		}
	}
	return s
}

func decisionStatus(d string) string {
	switch d {
	case "accept":
		return Accepted
	case "redirect":
		return Redirected
	case "not_accept":
		return NotAccepted
	}
	return Screening
}

// NextRecordedAt is the time to record a new entry at: now, or just after an entry that the
// clock, pinned or gone back, would otherwise put it before. Status entries (intake, decisions,
// closures, reopenings) always follow the latest of them, since their order is the case's
// history; other entries only follow those of the same day, so that a note written now about an
// earlier day is not pushed past later days (its lateness is measured on this time).
func NextRecordedAt(c *casefile.Case, now time.Time) time.Time {
	now = now.Truncate(time.Second)
	for _, ev := range Timeline(c) {
		if !ev.RecordedAt.Before(now) {
			now = ev.RecordedAt.Truncate(time.Second).Add(time.Second)
		}
	}
	day := dates.FromTime(now)
	times := c.RecordedTimes()
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for _, t := range times {
		if !t.Before(now) && dates.FromTime(t.In(now.Location())) == day {
			now = t.Truncate(time.Second).Add(time.Second)
		}
	}
	return now
}

// LastEventOn is the date of the latest status entry: a new one may not be dated before it, or
// the history would no longer read in order.
func LastEventOn(c *casefile.Case) dates.Date {
	var last dates.Date
	for _, ev := range Timeline(c) {
		if ev.On.After(last) {
			last = ev.On
		}
	}
	return last
}
