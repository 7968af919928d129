package dates

import (
	"fmt"
	"time"
)

// Clock gives the current time; commands take one so tests and reports are
// reproducible.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// System returns the real clock.
func System() Clock { return systemClock{} }

// Fixed returns a clock stopped at t.
func Fixed(t time.Time) Clock { return fixedClock{t} }

// ClockFromSpec parses the value of CASEWORK_TODAY or the --today flag:
// "" is the system clock, "2026-11-23" is 09:00 in loc on that day (mid-morning,
// so nearby DST changes cannot move it to another date), and an RFC 3339
// timestamp is that instant seen in loc. A nil loc means time.Local.
func ClockFromSpec(spec string, loc *time.Location) (Clock, error) {
	if loc == nil {
		loc = time.Local
	}
	if spec == "" {
		return System(), nil
	}
	if t, err := time.Parse(time.RFC3339, spec); err == nil {
		return Fixed(t.In(loc)), nil
	}
	if _, _, _, ok := splitISO(spec); ok {
		d, err := Parse(spec)
		if err != nil {
			return nil, err
		}
		return Fixed(time.Date(d.y, d.m, d.d, 9, 0, 0, 0, loc)), nil
	}
	return nil, fmt.Errorf("invalid today %q: use YYYY-MM-DD or an RFC 3339 timestamp like 2026-11-23T09:00:00+01:00", spec)
}

// Today returns the current date of c, in the location of c.Now().
func Today(c Clock) Date { return FromTime(c.Now()) }
