package caseload

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"go.yaml.in/yaml/v3"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) dates.Date { return dates.MustParse(s) }

const caseID = "2026-01-10-aaaaa"

// newCase is a case received on 2026-01-10 and recorded by a.martin with the given screening
// decision at intake.
func newCase(decision, worker string) *casefile.Case {
	in := &casefile.Intake{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: at("2026-01-10T10:00:00Z"), RecordedBy: "a.martin"},
		Kind:          "individual",
		ReceivedOn:    day("2026-01-10"),
		Client:        "P-4k9x",
		Source:        "self",
		Engagement:    "voluntary",
		Request:       "Rent arrears",
		Priority:      "urgent",
		ImmediateRisk: "moderate",
		Area:          "furong",
		Decision:      casefile.Decision{Decision: decision, Worker: worker},
	}
	switch decision {
	case "redirect", "not_accept":
		in.Reason = "out_of_area"
	}
	if decision != "pending" {
		in.DecidedOn, in.DecidedBy = in.ReceivedOn, "a.martin"
	}
	return &casefile.Case{
		ID:     caseID,
		Dir:    "cases/" + caseID,
		People: &casefile.People{SchemaVersion: 1, People: []casefile.Person{{ID: "P-4k9x", Name: "Awa Diallo"}, {ID: "P-2b7c", Name: "Ali"}}},
		Intake: in,
	}
}

func decide(c *casefile.Case, id, on, recordedAt, decision, worker string) *casefile.Case {
	d := &casefile.DecisionEntry{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: at(recordedAt), RecordedBy: "b.chen"},
		Decision:      casefile.Decision{Decision: decision, Worker: worker},
	}
	if on != "" {
		d.DecidedOn = day(on)
	}
	c.Decisions = append(c.Decisions, casefile.Item[casefile.DecisionEntry]{ID: id, Path: c.Dir + "/decisions/" + id + ".yaml", V: d})
	return c
}

func closeCase(c *casefile.Case, id, on, recordedAt string) *casefile.Case {
	x := &casefile.Closure{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: at(recordedAt), RecordedBy: "a.martin"},
		ClosedOn:      day(on),
		Reason:        "goals_achieved",
		Summary:       "Housed",
	}
	c.Closures = append(c.Closures, casefile.Item[casefile.Closure]{ID: id, Path: c.Dir + "/closures/" + id + ".yaml", V: x})
	return c
}

func reopen(c *casefile.Case, id, on, recordedAt, closure, worker string) *casefile.Case {
	x := &casefile.Reopening{
		SchemaVersion: 1,
		Entry:         casefile.Entry{RecordedAt: at(recordedAt), RecordedBy: "a.martin"},
		ReopenedOn:    day(on),
		Reason:        "New notice",
		Closure:       closure,
		Worker:        worker,
	}
	c.Reopenings = append(c.Reopenings, casefile.Item[casefile.Reopening]{ID: id, Path: c.Dir + "/reopenings/" + id + ".yaml", V: x})
	return c
}

// closedCase is accepted at intake and closed on 2026-03-01.
func closedCase() *casefile.Case {
	return closeCase(newCase("accept", "b.chen"), "2026-03-01-ccccc", "2026-03-01", "2026-03-01T16:00:00Z")
}

// reopenedCase is closedCase reopened on 2026-04-01.
func reopenedCase() *casefile.Case {
	return reopen(closedCase(), "2026-04-01-rrrrr", "2026-04-01", "2026-04-01T09:00:00Z", "2026-03-01-ccccc", "")
}

// twiceReopenedCase goes on: closed on 2026-06-01, reopened on 2026-07-01 by d.lee.
func twiceReopenedCase() *casefile.Case {
	c := closeCase(reopenedCase(), "2026-06-01-ddddd", "2026-06-01", "2026-06-01T16:00:00Z")
	return reopen(c, "2026-07-01-sssss", "2026-07-01", "2026-07-01T09:00:00Z", "2026-06-01-ddddd", "d.lee")
}

func TestDerive(t *testing.T) {
	var zero dates.Date
	tests := []struct {
		name         string
		c            *casefile.Case
		asOf         dates.Date
		status       string
		decision     string
		episode      int
		episodeStart string
		closedOn     string
		closure      string // id of State.Closure
		worker       string
	}{
		{name: "pending", c: newCase("pending", ""), status: Screening, decision: "pending", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "accept", c: newCase("accept", "b.chen"), status: Accepted, decision: "accept", episode: 1, episodeStart: "2026-01-10", worker: "b.chen"},
		{name: "accept without worker falls back to the recorder", c: newCase("accept", ""), status: Accepted, decision: "accept", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "redirect", c: newCase("redirect", ""), status: Redirected, decision: "redirect", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "not_accept", c: newCase("not_accept", ""), status: NotAccepted, decision: "not_accept", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "closed", c: closedCase(), status: Closed, decision: "accept", episode: 1, episodeStart: "2026-01-10", closedOn: "2026-03-01", closure: "2026-03-01-ccccc", worker: "b.chen"},
		{name: "closed then reopened", c: reopenedCase(), status: Accepted, decision: "accept", episode: 2, episodeStart: "2026-04-01", worker: "b.chen"},
		{name: "reopened and closed again", c: closeCase(reopenedCase(), "2026-06-01-ddddd", "2026-06-01", "2026-06-01T16:00:00Z"),
			status: Closed, decision: "accept", episode: 2, episodeStart: "2026-04-01", closedOn: "2026-06-01", closure: "2026-06-01-ddddd", worker: "b.chen"},
		{name: "two reopenings", c: twiceReopenedCase(), status: Accepted, decision: "accept", episode: 3, episodeStart: "2026-07-01", worker: "d.lee"},
		{name: "as of before the closure", c: closedCase(), asOf: day("2026-02-28"), status: Accepted, decision: "accept", episode: 1, episodeStart: "2026-01-10", worker: "b.chen"},
		{name: "as of the closure day", c: closedCase(), asOf: day("2026-03-01"), status: Closed, decision: "accept", episode: 1, episodeStart: "2026-01-10", closedOn: "2026-03-01", closure: "2026-03-01-ccccc", worker: "b.chen"},
		{name: "as of between closure and reopening", c: twiceReopenedCase(), asOf: day("2026-03-15"), status: Closed, decision: "accept", episode: 1, episodeStart: "2026-01-10", closedOn: "2026-03-01", closure: "2026-03-01-ccccc", worker: "b.chen"},
		{name: "as of the second episode", c: twiceReopenedCase(), asOf: day("2026-05-01"), status: Accepted, decision: "accept", episode: 2, episodeStart: "2026-04-01", worker: "b.chen"},
		{name: "decision entry changes the worker",
			c:      decide(newCase("pending", ""), "2026-01-12-ddddd", "2026-01-12", "2026-01-12T11:00:00Z", "accept", "c.dupont"),
			status: Accepted, decision: "accept", episode: 1, episodeStart: "2026-01-10", worker: "c.dupont"},
		{name: "decision entry as of before it was taken",
			c:    decide(newCase("pending", ""), "2026-01-12-ddddd", "2026-01-12", "2026-01-12T11:00:00Z", "accept", "c.dupont"),
			asOf: day("2026-01-11"), status: Screening, decision: "pending", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "decision entry without decided_on counts from recorded_at",
			c:    decide(newCase("pending", ""), "2026-01-12-ddddd", "", "2026-01-20T11:00:00Z", "redirect", ""),
			asOf: day("2026-01-19"), status: Screening, decision: "pending", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "decision entry without decided_on, as of its recording day",
			c:    decide(newCase("pending", ""), "2026-01-12-ddddd", "", "2026-01-20T11:00:00Z", "redirect", ""),
			asOf: day("2026-01-20"), status: Redirected, decision: "redirect", episode: 1, episodeStart: "2026-01-10", worker: "a.martin"},
		{name: "as of before the request", c: closedCase(), asOf: day("2026-01-09"), status: "", episode: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Derive(tt.c, tt.asOf)
			if s.Status != tt.status || s.Decision != tt.decision || s.Episode != tt.episode || s.Worker != tt.worker {
				t.Errorf("status %q decision %q episode %d worker %q; want %q %q %d %q",
					s.Status, s.Decision, s.Episode, s.Worker, tt.status, tt.decision, tt.episode, tt.worker)
			}
			if s.EpisodeStart.String() != tt.episodeStart || s.ClosedOn.String() != tt.closedOn {
				t.Errorf("episode start %v closed on %v; want %q %q", s.EpisodeStart, s.ClosedOn, tt.episodeStart, tt.closedOn)
			}
			switch {
			case tt.closure == "" && s.Closure != nil:
				t.Errorf("Closure = %s, want none", s.Closure.ID)
			case tt.closure != "" && (s.Closure == nil || s.Closure.ID != tt.closure || s.Closure.V.ClosedOn.String() != tt.closedOn):
				t.Errorf("Closure = %+v, want %s", s.Closure, tt.closure)
			}
			if tt.status != "" {
				if s.OpenedOn != day("2026-01-10") || s.Priority != "urgent" || s.Kind != "individual" || s.Area != "furong" || s.Risk != "moderate" {
					t.Errorf("intake facts not carried: %+v", s)
				}
			} else if s.OpenedOn != zero || s.Worker != "" {
				t.Errorf("a case not yet received has state %+v", s)
			}
		})
	}
	if s := Derive(&casefile.Case{ID: caseID}, zero); s.Status != "" || s.Episode != 1 {
		t.Errorf("Derive without intake = %+v", s)
	}
}

func TestIsOpen(t *testing.T) {
	want := map[string]bool{Screening: true, Accepted: true, Redirected: false, NotAccepted: false, Closed: false, "": false}
	for status, open := range want {
		if IsOpen(status) != open {
			t.Errorf("IsOpen(%q) = %v", status, !open)
		}
	}
	if len(Statuses) != 5 {
		t.Errorf("Statuses = %v", Statuses)
	}
}

func timelineIDs(c *casefile.Case) []string {
	var out []string
	for _, ev := range Timeline(c) {
		if ev.Kind == EvIntake {
			out = append(out, "intake")
			continue
		}
		out = append(out, ev.ID)
	}
	return out
}

func TestTimelineOrder(t *testing.T) {
	// Two decisions on the same day, listed in the opposite order of their writing.
	c := newCase("pending", "")
	decide(c, "2026-01-12-zzzzz", "2026-01-12", "2026-01-12T15:00:00Z", "accept", "c.dupont")
	decide(c, "2026-01-12-aaaaa", "2026-01-12", "2026-01-12T09:00:00Z", "redirect", "")
	c.Decisions[1].V.Reason = "out_of_area"
	if got, want := timelineIDs(c), []string{"intake", "2026-01-12-aaaaa", "2026-01-12-zzzzz"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline = %v, want %v", got, want)
	}
	if s := Derive(c, dates.Date{}); s.Status != Accepted || s.Worker != "c.dupont" {
		t.Errorf("the later-written decision should win: %+v", s)
	}
	// Swap the writing times: now the redirect was written last.
	c.Decisions[0].V.RecordedAt, c.Decisions[1].V.RecordedAt = c.Decisions[1].V.RecordedAt, c.Decisions[0].V.RecordedAt
	if got, want := timelineIDs(c), []string{"intake", "2026-01-12-zzzzz", "2026-01-12-aaaaa"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline = %v, want %v", got, want)
	}
	if s := Derive(c, dates.Date{}); s.Status != Redirected {
		t.Errorf("status = %q, want redirected", s.Status)
	}
	// Same day and same second: the id decides, so the order is stable.
	c.Decisions[0].V.RecordedAt = c.Decisions[1].V.RecordedAt
	if got, want := timelineIDs(c), []string{"intake", "2026-01-12-aaaaa", "2026-01-12-zzzzz"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline = %v, want %v", got, want)
	}

	// A closure and a reopening of the same day go by when they were written, whatever their kind.
	c = closeCase(newCase("accept", ""), "2026-03-01-ccccc", "2026-03-01", "2026-03-01T16:00:00Z")
	reopen(c, "2026-03-01-rrrrr", "2026-03-01", "2026-03-01T17:30:00Z", "2026-03-01-ccccc", "")
	if got, want := timelineIDs(c), []string{"intake", "2026-03-01-ccccc", "2026-03-01-rrrrr"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline = %v, want %v", got, want)
	}
	if s := Derive(c, dates.Date{}); s.Status != Accepted || s.Episode != 2 {
		t.Errorf("closed and reopened the same day: %+v", s)
	}
	c.Reopenings[0].V.RecordedAt = at("2026-03-01T08:00:00Z")
	if got, want := timelineIDs(c), []string{"intake", "2026-03-01-rrrrr", "2026-03-01-ccccc"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline = %v, want %v", got, want)
	}

	// The intake comes first even when an entry is dated before it.
	c = decide(newCase("pending", ""), "2026-01-05-eeeee", "2026-01-05", "2026-01-05T09:00:00Z", "accept", "")
	if got := timelineIDs(c); got[0] != "intake" {
		t.Errorf("Timeline = %v, want the intake first", got)
	}
	// Days order events before writing times do.
	c = twiceReopenedCase()
	c.Closures[0].V.RecordedAt = at("2026-08-01T00:00:00Z") // documented late
	if got, want := timelineIDs(c), []string{"intake", "2026-03-01-ccccc", "2026-04-01-rrrrr", "2026-06-01-ddddd", "2026-07-01-sssss"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Timeline = %v, want %v", got, want)
	}
	if ev := Timeline(c)[1]; ev.Kind != EvClosure || ev.Closure == nil || ev.On != day("2026-03-01") || ev.Path != "cases/"+caseID+"/closures/2026-03-01-ccccc.yaml" {
		t.Errorf("closure event = %+v", ev)
	}
	if got := LastEventOn(c); got != day("2026-07-01") {
		t.Errorf("LastEventOn = %v, want 2026-07-01", got)
	}
}

type wantProblem struct {
	path, msg string
	line      int
}

func TestCheck(t *testing.T) {
	dir := "cases/" + caseID
	tests := []struct {
		name string
		c    *casefile.Case
		want []wantProblem
	}{
		{name: "consistent history", c: twiceReopenedCase()},
		{name: "reopening of an open case",
			c:    reopen(newCase("accept", ""), "2026-02-01-rrrrr", "2026-02-01", "2026-02-01T09:00:00Z", "2026-01-20-ccccc", ""),
			want: []wantProblem{{dir + "/reopenings/2026-02-01-rrrrr.yaml", "reopens a case that was not closed on this date", 0}}},
		{name: "second closure of a closed case",
			c:    closeCase(closedCase(), "2026-03-05-eeeee", "2026-03-05", "2026-03-05T09:00:00Z"),
			want: []wantProblem{{dir + "/closures/2026-03-05-eeeee.yaml", "closes a case that was already closed on this date", 0}}},
		{name: "reopening pointing at the wrong closure",
			c: reopen(closeCase(reopenedCase(), "2026-06-01-ddddd", "2026-06-01", "2026-06-01T16:00:00Z"),
				"2026-07-01-sssss", "2026-07-01", "2026-07-01T09:00:00Z", "2026-03-01-ccccc", ""),
			want: []wantProblem{{dir + "/reopenings/2026-07-01-sssss.yaml", `closure "2026-03-01-ccccc" is not the closure this reopening follows ("2026-06-01-ddddd")`, 0}}},
		{name: "client missing from the registry",
			c: func() *casefile.Case {
				c := newCase("accept", "")
				c.Intake.Client = "P-zzzz"
				return c
			}(),
			want: []wantProblem{{dir + "/intake.yaml", `"P-zzzz" is not in the people registry (` + dir + `/people.yaml)`, 0}}},
		{name: "member, partner and requester missing from the registry",
			c: func() *casefile.Case {
				c := newCase("accept", "")
				c.Intake.Members = []casefile.Member{{Person: "P-4k9x", Role: "parent"}, {Person: "P-mmmm", Role: "child"}}
				c.Intake.Partners = []string{"P-2b7c", "P-oooo"}
				c.Intake.Requester = &casefile.Requester{Person: "P-rrrr", Relation: "neighbour"}
				return c
			}(),
			want: []wantProblem{
				{dir + "/intake.yaml", `"P-mmmm" is not in the people registry (` + dir + `/people.yaml)`, 0},
				{dir + "/intake.yaml", `"P-oooo" is not in the people registry (` + dir + `/people.yaml)`, 0},
				{dir + "/intake.yaml", `"P-rrrr" is not in the people registry (` + dir + `/people.yaml)`, 0},
			}},
		{name: "decision on a closed case",
			c:    decide(closedCase(), "2026-03-10-eeeee", "2026-03-10", "2026-03-10T09:00:00Z", "redirect", ""),
			want: []wantProblem{{dir + "/decisions/2026-03-10-eeeee.yaml", "a screening decision on a closed case: reopen it first", 0}}},
		{name: "closure before the request",
			c:    closeCase(newCase("accept", ""), "2026-01-05-eeeee", "2026-01-05", "2026-01-05T09:00:00Z"),
			want: []wantProblem{{dir + "/closures/2026-01-05-eeeee.yaml", "closed before the request was received (2026-01-10)", 0}}},
		{name: "decision before the request",
			c:    decide(newCase("pending", ""), "2026-01-05-eeeee", "2026-01-05", "2026-01-05T09:00:00Z", "accept", ""),
			want: []wantProblem{{dir + "/decisions/2026-01-05-eeeee.yaml", "decided before the request was received (2026-01-10)", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []wantProblem
			for _, p := range Check(tt.c) {
				if p.Warning {
					t.Errorf("%v is a warning, want an error", p)
				}
				got = append(got, wantProblem{p.Path, p.Msg, p.Line})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
	if ps := Check(&casefile.Case{ID: caseID, Dir: dir}); len(ps) != 0 {
		t.Errorf("Check of a case without intake = %v", ps)
	}
}

func TestCheckPointsAtLines(t *testing.T) {
	c := newCase("accept", "")
	c.Intake.Client = "P-zzzz"
	reopen(c, "2026-02-01-rrrrr", "2026-02-01", "2026-02-01T09:00:00Z", "2026-01-20-ccccc", "")
	parse := func(src string) *yaml.Node {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		return &n
	}
	c.Nodes = map[string]*yaml.Node{
		c.IntakePath():       parse("schema_version: 1\nrecorded_at: 2026-01-10T10:00:00Z\nrecorded_by: a.martin\ncase_kind: individual\nreceived_on: 2026-01-10\nclient: P-zzzz\n"),
		c.Reopenings[0].Path: parse("schema_version: 1\nrecorded_at: 2026-02-01T09:00:00Z\nrecorded_by: a.martin\nreopened_on: 2026-02-01\n"),
	}
	ps := Check(c)
	if len(ps) != 2 {
		t.Fatalf("Check = %v", ps)
	}
	if ps[0].Path != c.IntakePath() || ps[0].Line != 6 || ps[0].Col != 9 {
		t.Errorf("client problem at %v, want %s:6:9", ps[0], c.IntakePath())
	}
	if ps[1].Path != c.Reopenings[0].Path || ps[1].Line != 4 || ps[1].Col != 14 || !strings.Contains(ps[1].Msg, "not closed") {
		t.Errorf("reopening problem at %v, want line 4:14", ps[1])
	}
}

func TestNextRecordedAt(t *testing.T) {
	latest := at("2026-04-01T09:00:00Z") // the reopening of reopenedCase
	tests := []struct {
		name string
		c    *casefile.Case
		now  time.Time
		want time.Time
	}{
		{"clock ahead", reopenedCase(), at("2026-04-02T08:30:45Z").Add(700 * time.Millisecond), at("2026-04-02T08:30:45Z")},
		{"clock behind", reopenedCase(), at("2026-03-15T12:00:00Z"), latest.Add(time.Second)},
		{"clock pinned at the latest entry", reopenedCase(), latest, latest.Add(time.Second)},
		{"clock half a second after the latest entry", reopenedCase(), latest.Add(500 * time.Millisecond), latest.Add(time.Second)},
		{"latest entry is not the last event", func() *casefile.Case {
			c := reopenedCase()
			c.Closures[0].V.RecordedAt = at("2026-05-01T10:00:00Z") // closure documented late
			return c
		}(), at("2026-04-20T00:00:00Z"), at("2026-05-01T10:00:01Z")},
		{"intake only", newCase("pending", ""), at("2026-01-10T10:00:00Z"), at("2026-01-10T10:00:01Z")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextRecordedAt(tt.c, tt.now)
			if !got.Equal(tt.want) {
				t.Errorf("NextRecordedAt = %v, want %v", got, tt.want)
			}
			for _, ev := range Timeline(tt.c) {
				if !got.After(ev.RecordedAt) {
					t.Errorf("result %v is not after %s recorded at %v", got, ev.Kind, ev.RecordedAt)
				}
			}
		})
	}
}

func TestNextRecordedAtFollowsEveryEntry(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for name, c := range map[string]*casefile.Case{
		"note":       {Notes: []casefile.Item[casefile.Note]{{V: &casefile.Note{Entry: casefile.Entry{RecordedAt: at}}}}},
		"assessment": {Assessments: []casefile.Item[casefile.Assessment]{{V: &casefile.Assessment{Entry: casefile.Entry{RecordedAt: at}}}}},
		"referral":   {ReferralUpdates: []casefile.Item[casefile.ReferralUpdate]{{V: &casefile.ReferralUpdate{Entry: casefile.Entry{RecordedAt: at.Add(time.Minute)}}}}},
		"plan":       {Plan: &casefile.Plan{UpdatedAt: at}},
	} {
		got := NextRecordedAt(c, at)
		if !got.After(at) {
			t.Errorf("%s: NextRecordedAt = %v, want after the %s written at %v", name, got, name, at)
		}
	}
	if got := NextRecordedAt(&casefile.Case{}, at.Add(500*time.Millisecond)); !got.Equal(at) {
		t.Errorf("empty case: %v, want now truncated to the second", got)
	}
}

func TestNextRecordedAtDoesNotCrossDaysForEntries(t *testing.T) {
	now := time.Date(2026, 10, 14, 16, 0, 0, 0, time.UTC)
	later := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	c := &casefile.Case{Plan: &casefile.Plan{UpdatedAt: later},
		Notes: []casefile.Item[casefile.Note]{{V: &casefile.Note{Entry: casefile.Entry{RecordedAt: now}}}}}
	got := NextRecordedAt(c, now)
	if !got.Equal(now.Add(time.Second)) {
		t.Errorf("NextRecordedAt = %v, want just after the same day's note (%v), not after the plan edit of %v", got, now, later)
	}
}
