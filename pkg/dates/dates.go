// Package dates provides calendar dates, the injectable clock, and the words
// accepted for dates on the command line.
package dates

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Date is a calendar date with no time of day or zone. The zero Date means
// "not set"; arithmetic on it is meaningless.
type Date struct {
	y int
	m time.Month
	d int
}

// New returns the date y-m-d without checking it; use Parse for input.
func New(y int, m time.Month, d int) Date { return Date{y, m, d} }

// Parse accepts only strict ISO 8601 YYYY-MM-DD, so stored files stay
// unambiguous.
func Parse(s string) (Date, error) {
	y, m, d, ok := splitISO(s)
	if !ok {
		return Date{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("invalid date %q: month must be 01 to 12", s)
	}
	if n := daysIn(y, time.Month(m)); d < 1 || d > n {
		return Date{}, fmt.Errorf("invalid date %q: %s %d has %d days", s, time.Month(m), y, n)
	}
	return Date{y, time.Month(m), d}, nil
}

// MustParse is Parse for constants in code and tests; it panics on error.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// splitISO reports whether s has the shape DDDD-DD-DD and returns its numbers.
func splitISO(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(t string) int {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				ok = false
				return 0
			}
			n = n*10 + int(t[i]-'0')
		}
		return n
	}
	ok = true
	y, m, d = num(s[:4]), num(s[5:7]), num(s[8:])
	return y, m, d, ok
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// FromTime returns the date of t in t's own location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func (d Date) IsZero() bool          { return d == Date{} }
func (d Date) Year() int             { return d.y }
func (d Date) Month() time.Month     { return d.m }
func (d Date) Day() int              { return d.d }
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

// Time returns midnight of d in loc (time.Local if nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, loc)
}

// utc is used for arithmetic because UTC has no DST gaps.
func (d Date) utc() time.Time { return d.Time(time.UTC) }

// AddDays returns d moved by n calendar days.
func (d Date) AddDays(n int) Date { return FromTime(d.utc().AddDate(0, 0, n)) }

// AddMonths clamps to the end of the month (01-31 + 1 month = 02-28),
// which is what people mean by "a month later", unlike time.AddDate.
func (d Date) AddMonths(n int) Date {
	t := time.Date(d.y, d.m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	y, m := t.Year(), t.Month()
	return Date{y, m, min(d.d, daysIn(y, m))}
}

// DaysSince returns d - other in calendar days. It uses Unix seconds rather
// than time.Duration, which overflows after about 292 years.
func (d Date) DaysSince(other Date) int {
	return int((d.utc().Unix() - other.utc().Unix()) / 86400)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.y, o.y), cmp.Compare(d.m, o.m), cmp.Compare(d.d, o.d))
}
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }
func (d Date) After(o Date) bool  { return d.Compare(o) > 0 }

// MarshalYAML emits a plain scalar: a string would be quoted because
// YAML resolves 2026-11-22 as a timestamp.
func (d Date) MarshalYAML() (any, error) {
	if d.IsZero() {
		return nil, nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}, nil
}

func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a date must be a single value like 2026-11-22", n.Line)
	}
	if n.ShortTag() == "!!null" {
		*d = Date{}
		return nil
	}
	return d.UnmarshalText([]byte(n.Value))
}

// MarshalJSON emits "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("invalid date %s: use a string like \"2026-11-22\"", b)
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalText emits "YYYY-MM-DD", or nothing for the zero Date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts "" as the zero Date, mirroring MarshalText.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
