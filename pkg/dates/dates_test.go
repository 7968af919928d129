package dates

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string
	}{
		{"2026-11-22", New(2026, time.November, 22), ""},
		{"2028-02-29", New(2028, time.February, 29), ""},
		{"2000-02-29", New(2000, time.February, 29), ""},
		{"2026-12-31", New(2026, time.December, 31), ""},
		{"2027-02-29", Date{}, `invalid date "2027-02-29": February 2027 has 28 days`},
		{"1900-02-29", Date{}, `invalid date "1900-02-29": February 1900 has 28 days`},
		{"2026-02-30", Date{}, `invalid date "2026-02-30": February 2026 has 28 days`},
		{"2026-04-31", Date{}, `invalid date "2026-04-31": April 2026 has 30 days`},
		{"2026-01-00", Date{}, `invalid date "2026-01-00": January 2026 has 31 days`},
		{"2026-13-01", Date{}, `invalid date "2026-13-01": month must be 01 to 12`},
		{"2026-00-10", Date{}, `invalid date "2026-00-10": month must be 01 to 12`},
		{"2026-1-5", Date{}, `invalid date "2026-1-5": use YYYY-MM-DD`},
		{" 2026-11-22", Date{}, `invalid date " 2026-11-22": use YYYY-MM-DD`},
		{"2026-11-22 ", Date{}, `invalid date "2026-11-22 ": use YYYY-MM-DD`},
		{"2026/11/22", Date{}, `invalid date "2026/11/22": use YYYY-MM-DD`},
		{"2026-1a-22", Date{}, `invalid date "2026-1a-22": use YYYY-MM-DD`},
		{"+026-11-22", Date{}, `invalid date "+026-11-22": use YYYY-MM-DD`},
		{"x", Date{}, `invalid date "x": use YYYY-MM-DD`},
		{"", Date{}, `invalid date "": use YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Parse(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("Parse(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestZeroAndAccessors(t *testing.T) {
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Errorf("zero Date: IsZero=%v String=%q", z.IsZero(), z.String())
	}
	d := MustParse("2026-11-23")
	if d.IsZero() || d.Year() != 2026 || d.Month() != time.November || d.Day() != 23 || d.Weekday() != time.Monday {
		t.Errorf("accessors of %v wrong: %d %v %d %v", d, d.Year(), d.Month(), d.Day(), d.Weekday())
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	tm := d.Time(paris)
	if tm.Hour() != 0 || tm.Location() != paris || FromTime(tm) != d {
		t.Errorf("Time(paris) = %v", tm)
	}
	// 23:30 UTC is already the next day in Paris: FromTime uses t's own zone.
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)
	if got := FromTime(late.In(paris)); got != MustParse("2026-11-24") {
		t.Errorf("FromTime in Paris = %v", got)
	}
	if got := FromTime(late); got != d {
		t.Errorf("FromTime in UTC = %v", got)
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParse of an impossible date did not panic")
		}
	}()
	MustParse("2026-02-30")
}

func TestArithmetic(t *testing.T) {
	tests := []struct {
		name string
		got  Date
		want string
	}{
		{"add days across year", MustParse("2026-12-30").AddDays(3), "2027-01-02"},
		{"subtract days", MustParse("2026-03-01").AddDays(-1), "2026-02-28"},
		{"leap day", MustParse("2028-02-28").AddDays(1), "2028-02-29"},
		{"clamp Jan 31 +1m", MustParse("2026-01-31").AddMonths(1), "2026-02-28"},
		{"clamp in leap year", MustParse("2028-01-31").AddMonths(1), "2028-02-29"},
		{"clamp to 30 days", MustParse("2026-03-31").AddMonths(-1), "2026-02-28"},
		{"clamp Aug 31 +1m", MustParse("2026-08-31").AddMonths(1), "2026-09-30"},
		{"months across year", MustParse("2026-11-15").AddMonths(3), "2027-02-15"},
		{"negative months across year", MustParse("2026-01-15").AddMonths(-13), "2024-12-15"},
		{"leap day +12m", MustParse("2028-02-29").AddMonths(12), "2029-02-28"},
	}
	for _, tt := range tests {
		if tt.got.String() != tt.want {
			t.Errorf("%s: got %v, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestDaysSince(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-11-23", "2026-11-23", 0},
		{"2026-11-24", "2026-11-23", 1},
		{"2026-11-23", "2026-11-24", -1},
		{"2026-03-30", "2026-03-28", 2}, // EU spring forward on 29 March
		{"2026-10-26", "2026-10-24", 2}, // EU fall back on 25 October
		{"2026-03-09", "2026-03-07", 2}, // US spring forward on 8 March
		{"2029-01-01", "2028-01-01", 366},
		{"9999-12-31", "0001-01-01", 3652058},
	}
	for _, tt := range tests {
		if got := MustParse(tt.a).DaysSince(MustParse(tt.b)); got != tt.want {
			t.Errorf("%s.DaysSince(%s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}

	// Dates taken from local times either side of a DST change still differ
	// by whole calendar days, although only 23 hours separate the midnights.
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	before := FromTime(time.Date(2026, 3, 29, 23, 59, 0, 0, paris))
	after := FromTime(time.Date(2026, 3, 30, 0, 1, 0, 0, paris))
	if got := after.DaysSince(before); got != 1 {
		t.Errorf("DaysSince across DST = %d, want 1", got)
	}
	if h := after.Time(paris).Sub(before.Time(paris)).Hours(); h != 23 {
		t.Fatalf("test premise: midnights should be 23h apart, got %v", h)
	}
}

func TestCompare(t *testing.T) {
	a, b := MustParse("2026-11-22"), MustParse("2026-11-23")
	c := MustParse("2025-12-31")
	if !a.Before(b) || a.After(b) || !b.After(a) || b.Before(a) {
		t.Error("Before/After wrong for consecutive days")
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare wrong for consecutive days")
	}
	if !c.Before(a) || c.Compare(a) != -1 || MustParse("2026-10-31").Compare(a) != -1 {
		t.Error("Compare must weigh year, then month, then day")
	}
	if a != New(2026, time.November, 22) {
		t.Error("equal dates are not ==")
	}
}

func TestParseRelative(t *testing.T) {
	today := MustParse("2026-11-23") // a Monday
	tests := []struct{ in, want string }{
		{"2026-11-22", "2026-11-22"},
		{" 2026-12-01 ", "2026-12-01"},
		{"today", "2026-11-23"},
		{"Today", "2026-11-23"},
		{"yesterday", "2026-11-22"},
		{"tomorrow", "2026-11-24"},
		{"aujourd'hui", "2026-11-23"},
		{"Aujourd’hui", "2026-11-23"},
		{"hier", "2026-11-22"},
		{"demain", "2026-11-24"},
		{"hoy", "2026-11-23"},
		{"ayer", "2026-11-22"},
		{"mañana", "2026-11-24"},
		{"MAÑANA", "2026-11-24"},
		{"manana", "2026-11-24"},
		{"+3d", "2026-11-26"},
		{"3d", "2026-11-26"},
		{"-2d", "2026-11-21"},
		{"-2w", "2026-11-09"},
		{"+1w", "2026-11-30"},
		{"+1m", "2026-12-23"},
		{"-1m", "2026-10-23"},
		{"+1y", "2027-11-23"},
		{"+0d", "2026-11-23"},
		{"+2 weeks", "2026-12-07"},
		{"3 days", "2026-11-26"},
		{"-1 month", "2026-10-23"},
		{"in 3 days", "2026-11-26"},
		{"in 1 month", "2026-12-23"},
		{"In  2  Weeks", "2026-12-07"},
		{"3 days ago", "2026-11-20"},
		{"2 weeks ago", "2026-11-09"},
		{"1 year ago", "2025-11-23"},
		{"monday", "2026-11-23"},
		{"mon", "2026-11-23"},
		{"tuesday", "2026-11-24"},
		{"friday", "2026-11-27"},
		{"Fri", "2026-11-27"},
		{"sunday", "2026-11-29"},
		{"next monday", "2026-11-30"},
		{"next tue", "2026-11-24"},
		{"last monday", "2026-11-16"},
		{"last sunday", "2026-11-22"},
		{"last tuesday", "2026-11-17"},
	}
	for _, tt := range tests {
		got, err := ParseRelative(tt.in, today)
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseRelative(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}

	// Month offsets clamp like AddMonths.
	if got, _ := ParseRelative("+1m", MustParse("2026-01-31")); got != MustParse("2026-02-28") {
		t.Errorf("+1m from 2026-01-31 = %v, want 2026-02-28", got)
	}
	// Sunday is the end of the week: next monday is tomorrow.
	if got, _ := ParseRelative("next monday", MustParse("2026-11-29")); got != MustParse("2026-11-30") {
		t.Errorf("next monday from Sunday = %v", got)
	}
}

func TestParseRelativeErrors(t *testing.T) {
	today := MustParse("2026-11-23")
	const forms = ": use YYYY-MM-DD, today, yesterday, +3d, -2w, +1m, next monday"
	tests := []struct{ in, want string }{
		{"fooday", `unrecognised date "fooday"` + forms},
		{"", `unrecognised date ""` + forms},
		{"+3x", `unrecognised date "+3x"` + forms},
		{"next", `unrecognised date "next"` + forms},
		{"next tomorrow", `unrecognised date "next tomorrow"` + forms},
		{"this monday", `unrecognised date "this monday"` + forms},
		{"in 3 fortnights", `unrecognised date "in 3 fortnights"` + forms},
		{"++3d", `unrecognised date "++3d"` + forms},
		{"+123456d", `unrecognised date "+123456d"` + forms},
		{"2026-02-30", `invalid date "2026-02-30": February 2026 has 28 days`},
		{"2026-1-5", `unrecognised date "2026-1-5"` + forms},
		{"+99999y", `date "+99999y" is out of range: it falls in year 102025`},
	}
	for _, tt := range tests {
		_, err := ParseRelative(tt.in, today)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseRelative(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

type record struct {
	D     Date  `yaml:"d" json:"d"`
	Opt   Date  `yaml:"opt,omitempty" json:"opt,omitzero"`
	Ptr   *Date `yaml:"ptr,omitempty" json:"ptr,omitempty"`
	Unset Date  `yaml:"unset" json:"unset"`
}

func TestYAML(t *testing.T) {
	in := record{D: MustParse("2026-11-22")}
	out, err := yaml.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "d: 2026-11-22\nunset: null\n"; string(out) != want {
		t.Errorf("yaml.Marshal = %q, want %q", out, want)
	}
	var back record
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back != in {
		t.Errorf("YAML round trip = %+v, want %+v", back, in)
	}

	p := MustParse("2028-02-29")
	in = record{D: MustParse("2026-11-22"), Opt: MustParse("2026-12-01"), Ptr: &p}
	out, _ = yaml.Marshal(in)
	if !strings.Contains(string(out), "ptr: 2028-02-29\n") || !strings.Contains(string(out), "opt: 2026-12-01\n") {
		t.Errorf("yaml.Marshal = %q", out)
	}
	back = record{}
	if err := yaml.Unmarshal(out, &back); err != nil || back.Ptr == nil || *back.Ptr != p || back.Opt != in.Opt {
		t.Errorf("YAML round trip = %+v, %v", back, err)
	}

	// Hand-written files may quote the date or leave it empty.
	back = record{D: MustParse("2000-01-01")}
	if err := yaml.Unmarshal([]byte("d: \"2026-11-22\"\nopt:\n"), &back); err != nil || back.D != MustParse("2026-11-22") || !back.Opt.IsZero() {
		t.Errorf("quoted YAML = %+v, %v", back, err)
	}

	for _, bad := range []struct{ doc, want string }{
		{"d: 2026-02-30\n", `invalid date "2026-02-30": February 2026 has 28 days`},
		{"d: 22/11/2026\n", `invalid date "22/11/2026": use YYYY-MM-DD`},
		{"d: [2026]\n", "a date must be a single value"},
	} {
		err := yaml.Unmarshal([]byte(bad.doc), &back)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("yaml.Unmarshal(%q) error = %v, want %q", bad.doc, err, bad.want)
		}
	}
}

func TestJSON(t *testing.T) {
	in := record{D: MustParse("2026-11-22")}
	out, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"d":"2026-11-22","unset":null}`; string(out) != want {
		t.Errorf("json.Marshal = %s, want %s", out, want)
	}
	back := record{Unset: MustParse("2000-01-01")}
	if err := json.Unmarshal(out, &back); err != nil || back != in {
		t.Errorf("JSON round trip = %+v, %v; want %+v", back, err, in)
	}
	if err := json.Unmarshal([]byte(`{"d":""}`), &back); err != nil || !back.D.IsZero() {
		t.Errorf(`empty string should be the zero Date: %+v, %v`, back, err)
	}
	for _, bad := range []struct{ doc, want string }{
		{`{"d":"2026-13-01"}`, `invalid date "2026-13-01": month must be 01 to 12`},
		{`{"d":20261122}`, `invalid date 20261122: use a string like "2026-11-22"`},
	} {
		err := json.Unmarshal([]byte(bad.doc), &back)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("json.Unmarshal(%s) error = %v, want %q", bad.doc, err, bad.want)
		}
	}
}

func TestText(t *testing.T) {
	b, _ := MustParse("2026-11-22").MarshalText()
	var d Date
	if err := d.UnmarshalText(b); err != nil || d != MustParse("2026-11-22") {
		t.Errorf("text round trip = %v, %v", d, err)
	}
	if b, _ := (Date{}).MarshalText(); len(b) != 0 {
		t.Errorf("zero MarshalText = %q", b)
	}
	if err := d.UnmarshalText([]byte("2027-02-29")); err == nil {
		t.Error("UnmarshalText accepted 2027-02-29")
	}
}

func TestClockFromSpec(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	tests := []struct {
		spec    string
		want    time.Time
		today   string
		wantErr string
	}{
		{spec: "2026-11-23", want: time.Date(2026, 11, 23, 9, 0, 0, 0, paris), today: "2026-11-23"},
		{spec: "2026-03-29", want: time.Date(2026, 3, 29, 9, 0, 0, 0, paris), today: "2026-03-29"},
		{spec: "2026-11-23T14:30:00+01:00", want: time.Date(2026, 11, 23, 14, 30, 0, 0, paris), today: "2026-11-23"},
		// Late evening UTC is already tomorrow in Paris.
		{spec: "2026-11-23T23:30:00Z", want: time.Date(2026, 11, 24, 0, 30, 0, 0, paris), today: "2026-11-24"},
		{spec: "2026-02-30", wantErr: `invalid date "2026-02-30": February 2026 has 28 days`},
		{spec: "tomorrow", wantErr: `invalid today "tomorrow": use YYYY-MM-DD or an RFC 3339 timestamp like 2026-11-23T09:00:00+01:00`},
		{spec: "2026-11-23 09:00", wantErr: `invalid today "2026-11-23 09:00": use YYYY-MM-DD or an RFC 3339 timestamp`},
		{spec: "2026-11-23T09:00:00", wantErr: `invalid today "2026-11-23T09:00:00"`},
	}
	for _, tt := range tests {
		c, err := ClockFromSpec(tt.spec, paris)
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("ClockFromSpec(%q) error = %v, want %q", tt.spec, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ClockFromSpec(%q): %v", tt.spec, err)
			continue
		}
		now := c.Now()
		if !now.Equal(tt.want) || now.Location() != paris {
			t.Errorf("ClockFromSpec(%q).Now() = %v, want %v", tt.spec, now, tt.want)
		}
		if got := Today(c).String(); got != tt.today {
			t.Errorf("Today(ClockFromSpec(%q)) = %s, want %s", tt.spec, got, tt.today)
		}
		if !c.Now().Equal(now) {
			t.Errorf("fixed clock %q moved", tt.spec)
		}
	}

	c, err := ClockFromSpec("", paris)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Errorf(`ClockFromSpec("") is not the system clock: off by %v`, d)
	}
	if _, ok := c.(systemClock); !ok {
		t.Errorf(`ClockFromSpec("") = %T, want the system clock`, c)
	}
}

func TestFixed(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := Fixed(at)
	if !c.Now().Equal(at) || Today(c) != MustParse("2026-11-23") {
		t.Errorf("Fixed clock: Now=%v Today=%v", c.Now(), Today(c))
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-11-22", "2028-02-29", "2027-02-29", "2026-13-01", "2026-1-5", "", "x", "0000-00-00", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if !d.IsZero() {
				t.Errorf("Parse(%q) returned %v with error %v", s, d, err)
			}
			return
		}
		if d.String() != s {
			t.Errorf("Parse(%q).String() = %q", s, d.String())
		}
		if back := FromTime(d.Time(time.UTC)); back != d {
			t.Errorf("Parse(%q) is not a real date: normalises to %v", s, back)
		}
	})
}

func FuzzParseRelative(f *testing.F) {
	for _, s := range []string{"2026-11-22", "today", "mañana", "aujourd'hui", "+3d", "-2w", "+1m", "3d", "in 3 days", "2 weeks ago", "next monday", "last fri", "friday", "fooday", "+99999y", "-99999d"} {
		f.Add(s)
	}
	today := MustParse("2026-11-23")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseRelative(s, today)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseRelative(%q) error spans lines: %q", s, err)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("ParseRelative(%q) = zero Date without error", s)
		}
		back, err := ParseRelative(d.String(), today)
		if err != nil || back != d {
			t.Errorf("ParseRelative(%q) = %v, which does not re-parse: %v, %v", s, d, back, err)
		}
	})
}
