package casefile

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/dates"
)

// validIntake is a complete intake; tests change one line of it. The line numbers matter:
//
//	1 schema_version      6 client            11 immediate_risk   16 worker
//	2 recorded_at         7 referral_source   12 area
//	3 recorded_by         8 engagement        13 decision
//	4 case_kind           9 request           14 decided_on
//	5 received_on        10 priority          15 decided_by
const validIntake = `schema_version: 1
recorded_at: 2026-11-22T10:15:00+01:00
recorded_by: a.martin
case_kind: individual
received_on: 2026-11-22
client: P-4k9x
referral_source: self
engagement: voluntary
request: Rent arrears for three months, eviction notice received
priority: urgent
immediate_risk: moderate
area: furong
decision: accept
decided_on: 2026-11-22
decided_by: a.martin
worker: a.martin
`

const validClosure = `schema_version: 1
recorded_at: 2026-11-22T16:00:00Z
recorded_by: a.martin
closed_on: 2026-11-22
reason: lost_contact
summary: No answer since October.
contact_attempts:
  - date: 2026-11-10
    channel: phone
  - date: 2026-11-17
    channel: letter
  - date: 2026-11-21
    channel: home_visit
`

const validPeople = `schema_version: 1
people:
  - id: P-4k9x
    name: Awa Diallo
    birth_date: 1961-04-02
  - id: P-7m2q
    kind: organisation
    name: Mission locale
`

const validDecision = `schema_version: 1
recorded_at: 2026-11-21T09:00:00Z
recorded_by: b.chen
decision: redirect
decision_reason: out_of_area
redirected_to: CCAS Nord
decided_on: 2026-11-21
`

const validReopening = `schema_version: 1
recorded_at: 2026-12-10T09:00:00Z
recorded_by: a.martin
reopened_on: 2026-12-10
reason: New eviction notice
closure: 2026-12-01-k7f3m
`

func testRules() Rules {
	return Rules{Today: dates.MustParse("2026-11-23"), Config: DefaultConfig()}
}

// edit replaces the first occurrence of old in src, failing the test if it is not there.
func edit(t testing.TB, src, old, new string) string {
	t.Helper()
	if !strings.Contains(src, old) {
		t.Fatalf("fixture does not contain %q", old)
	}
	return strings.Replace(src, old, new, 1)
}

func errorsOnly(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

func TestDecodeValid(t *testing.T) {
	rules := testRules()
	rules.Today = dates.MustParse("2026-12-31")
	tests := []struct {
		kind Kind
		src  string
	}{
		{KindIntake, validIntake},
		{KindClosure, validClosure},
		{KindPeople, validPeople},
		{KindDecision, validDecision},
		{KindReopening, validReopening},
	}
	for _, tt := range tests {
		v, doc, ps := Decode("f.yaml", tt.kind, []byte(tt.src), rules)
		if len(ps) != 0 || v == nil || doc == nil {
			t.Errorf("kind %d: v=%v problems=%v", tt.kind, v, ps)
		}
	}

	v, _, _ := Decode("cases/x/intake.yaml", KindIntake, []byte(validIntake), rules)
	in := v.(*Intake)
	want := &Intake{
		SchemaVersion: 1,
		Entry:         Entry{RecordedAt: time.Date(2026, 11, 22, 9, 15, 0, 0, time.UTC), RecordedBy: "a.martin"},
		Kind:          "individual",
		ReceivedOn:    dates.MustParse("2026-11-22"),
		Client:        "P-4k9x",
		Source:        "self",
		Engagement:    "voluntary",
		Request:       "Rent arrears for three months, eviction notice received",
		Priority:      "urgent",
		ImmediateRisk: "moderate",
		Area:          "furong",
		Decision:      Decision{Decision: "accept", DecidedOn: dates.MustParse("2026-11-22"), DecidedBy: "a.martin", Worker: "a.martin"},
	}
	if !in.RecordedAt.Equal(want.RecordedAt) {
		t.Errorf("recorded_at = %v, want %v", in.RecordedAt, want.RecordedAt)
	}
	got := *in
	got.RecordedAt = want.RecordedAt // compared above as an instant
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("decoded intake\n got %+v\nwant %+v", got, *want)
	}

	v, _, _ = Decode("p.yaml", KindPeople, []byte(validPeople), rules)
	people := v.(*People)
	if p, ok := people.Person("P-7m2q"); !ok || p.Kind != "organisation" || p.Name != "Mission locale" {
		t.Errorf("Person(P-7m2q) = %+v, %v", p, ok)
	}
	if p, ok := people.Person("P-4k9x"); !ok || p.BirthDate != dates.MustParse("1961-04-02") {
		t.Errorf("Person(P-4k9x) = %+v, %v", p, ok)
	}
	if _, ok := people.Person("P-none"); ok {
		t.Error("Person(P-none) found")
	}
}

func TestDecodeProblems(t *testing.T) {
	rules := testRules()
	tests := []struct {
		name string
		kind Kind
		src  string
		want []Problem // errors and warnings, in order
	}{
		{
			name: "impossible date",
			kind: KindIntake,
			src:  edit(t, validIntake, "received_on: 2026-11-22", "received_on: 2026-02-30"),
			want: []Problem{{Line: 5, Col: 14, Msg: `received_on: invalid date "2026-02-30": February 2026 has 28 days`}},
		},
		{
			name: "unknown field",
			kind: KindIntake,
			src:  edit(t, validIntake, "request:", "requst:"),
			want: []Problem{
				{Line: 1, Col: 1, Msg: `missing required field "request"`},
				{Line: 9, Col: 1, Msg: `unknown field "requst" (did you mean "request"?)`},
			},
		},
		{
			name: "bad enum",
			kind: KindIntake,
			src:  edit(t, validIntake, "priority: urgent", "priority: urgentt"),
			want: []Problem{{Line: 10, Col: 11, Msg: `priority: "urgentt" is not a known code (did you mean "urgent"?); use emergency, urgent or routine`}},
		},
		{
			name: "missing required field",
			kind: KindIntake,
			src:  edit(t, validIntake, "area: furong\n", ""),
			want: []Problem{{Line: 1, Col: 1, Msg: `missing required field "area"`}},
		},
		{
			name: "bad timestamp",
			kind: KindIntake,
			src:  edit(t, validIntake, "recorded_at: 2026-11-22T10:15:00+01:00", "recorded_at: 2026-11-22 10:15"),
			want: []Problem{{Line: 2, Col: 14, Msg: `recorded_at: invalid time "2026-11-22 10:15": use 2006-01-02T15:04:05+01:00`}},
		},
		{
			name: "mandated engagement without mandate",
			kind: KindIntake,
			src:  edit(t, validIntake, "engagement: voluntary", "engagement: mandated"),
			want: []Problem{{Line: 8, Col: 13, Msg: "a mandated engagement needs its mandate: authority and ends_on"}},
		},
		{
			name: "mandate without mandated engagement",
			kind: KindIntake,
			src:  edit(t, validIntake, "request:", "mandate:\n  authority: Juge des enfants\n  ends_on: 2027-06-30\nrequest:"),
			want: []Problem{{Line: 10, Col: 3, Msg: "a mandate is recorded but engagement is not mandated"}},
		},
		{
			name: "mandate missing its end",
			kind: KindIntake,
			src: edit(t, edit(t, validIntake, "engagement: voluntary", "engagement: mandated"),
				"request:", "mandate:\n  authority: Juge des enfants\nrequest:"),
			want: []Problem{{Line: 10, Col: 3, Msg: `missing required field "ends_on" in mandate`}},
		},
		{
			name: "redirect without decision_reason",
			kind: KindIntake,
			src:  edit(t, validIntake, "decision: accept", "decision: redirect"),
			want: []Problem{{Line: 13, Col: 11, Msg: "decision redirect needs a decision_reason (out_of_scope, out_of_area, better_fit_elsewhere, waitlist_elsewhere, no_further_action, client_declined or ineligible)"}},
		},
		{
			name: "decision_reason with accept",
			kind: KindIntake,
			src:  edit(t, validIntake, "decided_on:", "decision_reason: out_of_area\ndecided_on:"),
			want: []Problem{{Line: 14, Col: 18, Msg: `decision_reason "out_of_area" only goes with redirect or not_accept`}},
		},
		{
			name: "not_accept without reason in a decision entry",
			kind: KindDecision,
			src:  edit(t, edit(t, validDecision, "decision: redirect", "decision: not_accept"), "decision_reason: out_of_area\n", ""),
			want: []Problem{{Line: 4, Col: 11, Msg: "decision not_accept needs a decision_reason (out_of_scope, out_of_area, better_fit_elsewhere, waitlist_elsewhere, no_further_action, client_declined or ineligible)"}},
		},
		{
			name: "schema_version too new",
			kind: KindIntake,
			src:  edit(t, validIntake, "schema_version: 1", "schema_version: 2"),
			want: []Problem{{Line: 1, Col: 17, Msg: "schema_version 2 is not one this casework reads (1 to 1): upgrade casework"}},
		},
		{
			name: "schema_version zero",
			kind: KindClosure,
			src:  edit(t, validClosure, "schema_version: 1", "schema_version: 0"),
			want: []Problem{{Line: 1, Col: 17, Msg: "schema_version 0 is not one this casework reads (1 to 1): upgrade casework"}},
		},
		{
			name: "git conflict markers",
			kind: KindIntake,
			src: edit(t, validIntake, "priority: urgent\n",
				"<<<<<<< HEAD\npriority: urgent\n||||||| base\npriority: routine\n=======\npriority: emergency\n>>>>>>> other\n"),
			want: []Problem{
				{Line: 10, Col: 1, Msg: conflictMsg},
				{Line: 12, Col: 1, Msg: conflictMsg},
				{Line: 14, Col: 1, Msg: conflictMsg},
				{Line: 16, Col: 1, Msg: conflictMsg},
			},
		},
		{
			name: "git conflict markers with CRLF line ends",
			kind: KindIntake,
			src: strings.ReplaceAll(edit(t, validIntake, "priority: urgent\n",
				"<<<<<<< HEAD\npriority: urgent\n=======\npriority: emergency\n>>>>>>>\n"), "\n", "\r\n"),
			want: []Problem{
				{Line: 10, Col: 1, Msg: conflictMsg},
				{Line: 12, Col: 1, Msg: conflictMsg},
				{Line: 14, Col: 1, Msg: conflictMsg},
			},
		},
		{
			name: "invalid YAML syntax",
			kind: KindIntake,
			src:  edit(t, validIntake, "priority: urgent", "priority: urgent: now"),
			want: []Problem{{Line: 10, Col: 1, Msg: "not valid YAML: mapping values are not allowed in this context"}},
		},
		{
			name: "empty file",
			kind: KindIntake,
			src:  "",
			want: []Problem{{Line: 1, Col: 1, Msg: "the file is empty"}},
		},
		{
			name: "document marker only",
			kind: KindIntake,
			src:  "---\n",
			want: []Problem{{Line: 1, Col: 1, Msg: "the file is empty"}},
		},
		{
			name: "future received_on",
			kind: KindIntake,
			src:  edit(t, edit(t, validIntake, "received_on: 2026-11-22", "received_on: 2026-11-24"), "decided_on: 2026-11-22", "decided_on: 2026-11-24"),
			want: []Problem{{Line: 5, Col: 14, Msg: "received_on is in the future"}},
		},
		{
			name: "lost_contact with too few attempts",
			kind: KindClosure,
			src:  edit(t, validClosure, "  - date: 2026-11-21\n    channel: home_visit\n", ""),
			want: []Problem{{Line: 5, Col: 9, Msg: "closing for lost_contact needs at least 3 documented contact attempts (found 2)"}},
		},
		{
			name: "agency_ended_service without approval",
			kind: KindClosure,
			src:  edit(t, validClosure, "reason: lost_contact", "reason: agency_ended_service"),
			want: []Problem{{Line: 5, Col: 9, Msg: "agency_ended_service needs management review: record approved_by"}},
		},
		{
			name: "contact attempt with a bad channel",
			kind: KindClosure,
			src:  edit(t, validClosure, "channel: letter", "channel: email"),
			want: []Problem{{Line: 11, Col: 14, Msg: `contact_attempts[1].channel: "email" is not a known code; use office, home_visit, community, phone, video, message, letter or group`}},
		},
		{
			name: "duplicate person id",
			kind: KindPeople,
			src:  edit(t, validPeople, "id: P-7m2q", "id: P-4k9x"),
			want: []Problem{{Line: 6, Col: 9, Msg: `person id "P-4k9x" is used twice`}},
		},
		{
			name: "bad person id shape",
			kind: KindPeople,
			src:  edit(t, validPeople, "id: P-7m2q", "id: p-7M2Q"),
			want: []Problem{{Line: 6, Col: 9, Msg: `person id "p-7M2Q": use P- followed by 2 to 8 lower-case letters or digits`}},
		},
		{
			name: "person id too long",
			kind: KindPeople,
			src:  edit(t, validPeople, "id: P-4k9x", "id: P-123456789"),
			want: []Problem{{Line: 3, Col: 9, Msg: `person id "P-123456789": use P- followed by 2 to 8 lower-case letters or digits`}},
		},
		{
			name: "future birth date",
			kind: KindPeople,
			src:  edit(t, validPeople, "birth_date: 1961-04-02", "birth_date: 2027-01-01"),
			want: []Problem{{Line: 5, Col: 17, Msg: "birth_date is in the future"}},
		},
		{
			name: "future reopening",
			kind: KindReopening,
			src:  validReopening, // 2026-12-10, after testRules().Today
			want: []Problem{{Line: 4, Col: 14, Msg: "reopened_on is in the future"}},
		},
		{
			name: "alias",
			kind: KindIntake,
			src:  edit(t, edit(t, validIntake, "recorded_by: a.martin", "recorded_by: &w a.martin"), "decided_by: a.martin", "decided_by: *w"),
			want: []Problem{{Line: 15, Col: 13, Msg: "decided_by: aliases (*name) are not allowed in case files; write the value out"}},
		},
		{
			name: "same field twice",
			kind: KindIntake,
			src:  edit(t, validIntake, "area: furong", "area: furong\narea: nord"),
			want: []Problem{{Line: 13, Col: 1, Msg: `field "area" is given twice`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _, ps := Decode("cases/x/f.yaml", tt.kind, []byte(tt.src), rules)
			var got []Problem
			for _, p := range ps {
				if p.Path != "cases/x/f.yaml" {
					t.Errorf("problem %v has path %q", p, p.Path)
				}
				p.Path = ""
				got = append(got, p)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems of\n%s\n got %v\nwant %v", tt.src, got, tt.want)
			}
			if len(errorsOnly(tt.want)) > 0 && v != nil {
				t.Errorf("Decode returned a value despite errors: %+v", v)
			}
		})
	}
}

const conflictMsg = "git conflict marker: resolve the conflict (keep the right lines, delete the markers), then run casework check"

func TestDecodeConflictMarkersSkipParse(t *testing.T) {
	// The text between the markers is not valid YAML either; only the markers are reported, so
	// the practitioner is not sent after a syntax error that resolving the conflict removes.
	src := "schema_version: 1\n<<<<<<< HEAD\nrequest: [oops\n=======\nrequest: ok\n>>>>>>> theirs\n"
	v, doc, ps := Decode("f.yaml", KindIntake, []byte(src), testRules())
	if v != nil || doc != nil {
		t.Errorf("conflicted file was parsed: v=%v doc=%v", v, doc)
	}
	var lines []int
	for _, p := range ps {
		if p.Msg != conflictMsg {
			t.Errorf("unexpected problem %v", p)
		}
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 4, 6}) {
		t.Errorf("conflict lines = %v, want [2 4 6]", lines)
	}
	// Seven '=' inside a value are not a marker.
	if _, _, ps := Decode("f.yaml", KindIntake, []byte(edit(t, validIntake, "request: Rent", "request: ======= Rent")), testRules()); len(ps) != 0 {
		t.Errorf("value with ======= reported: %v", ps)
	}
}

func TestDecodeWarningsDoNotStop(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Problem
	}{
		{
			name: "emergency priority without intervention",
			src:  edit(t, validIntake, "priority: urgent", "priority: emergency"),
			want: Problem{Line: 11, Col: 17, Warning: true, Msg: "life or safety may be at stake (priority emergency, immediate risk moderate) and no emergency intervention is recorded"},
		},
		{
			name: "high risk without intervention",
			src:  edit(t, validIntake, "immediate_risk: moderate", "immediate_risk: critical"),
			want: Problem{Line: 11, Col: 17, Warning: true, Msg: "life or safety may be at stake (priority urgent, immediate risk critical) and no emergency intervention is recorded"},
		},
		{
			name: "family without members",
			src:  edit(t, validIntake, "case_kind: individual", "case_kind: family"),
			want: Problem{Line: 4, Col: 12, Warning: true, Msg: "a family case lists its household in members"},
		},
		{
			name: "community without partners",
			src:  edit(t, validIntake, "case_kind: individual", "case_kind: community"),
			want: Problem{Line: 4, Col: 12, Warning: true, Msg: "a community case names its partner organisations in partners"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _, ps := Decode("f.yaml", KindIntake, []byte(tt.src), testRules())
			tt.want.Path = "f.yaml"
			if !reflect.DeepEqual(ps, []Problem{tt.want}) {
				t.Errorf("problems = %v, want %v", ps, tt.want)
			}
			if v == nil {
				t.Error("a warning stopped decoding")
			}
		})
	}
	// With the intervention recorded, the warning goes away.
	src := edit(t, validIntake, "priority: urgent", "priority: emergency\nemergency_intervention:\n  done: true\n  date: 2026-11-22\n  description: Night shelter found")
	if _, _, ps := Decode("f.yaml", KindIntake, []byte(src), testRules()); len(ps) != 0 {
		t.Errorf("problems with an intervention recorded: %v", ps)
	}
}

func TestDecodeUnknownKind(t *testing.T) {
	v, _, ps := Decode("cases/x/notes.txt", KindUnknown, []byte("hello"), testRules())
	if v != nil || len(ps) != 1 || ps[0].Line != 0 || ps[0].Path != "cases/x/notes.txt" {
		t.Errorf("Decode(KindUnknown) = %v, %v", v, ps)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "a.yaml", Line: 3, Col: 7, Msg: "bad"}, "a.yaml:3:7: bad"},
		{Problem{Path: "a.yaml", Line: 3, Col: 7, Msg: "odd", Warning: true}, "a.yaml:3:7: warning: odd"},
		{Problem{Path: "cases/x", Msg: "missing"}, "cases/x: missing"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func sampleIntake() *Intake {
	return &Intake{
		SchemaVersion: SchemaVersion,
		Entry:         Entry{RecordedAt: time.Date(2026, 11, 22, 10, 15, 0, 0, time.FixedZone("", 3600)), RecordedBy: "a.martin"},
		Kind:          "family",
		ReceivedOn:    dates.MustParse("2026-11-22"),
		Client:        "P-4k9x",
		Members:       []Member{{Person: "P-4k9x", Role: "parent"}, {Person: "P-2b7c", Role: "child"}},
		Requester:     &Requester{Person: "P-9zz1", Relation: "neighbour"},
		Source:        "family_or_friend",
		Engagement:    "voluntary",
		Request:       "Eviction notice: hearing on 3 December.\nNeeds: housing, budget",
		Priority:      "urgent",
		ImmediateRisk: "moderate",
		Area:          "furong",
		Decision:      Decision{Decision: "accept", DecidedOn: dates.MustParse("2026-11-22"), DecidedBy: "a.martin", Worker: "b.chen"},
	}
}

func TestMarshalShape(t *testing.T) {
	data, err := Marshal(sampleIntake())
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	lines := strings.Split(text, "\n")
	wantStart := []string{
		"schema_version: 1",
		"recorded_at: 2026-11-22T10:15:00+01:00",
		"recorded_by: a.martin",
		"case_kind: family",
		"received_on: 2026-11-22",
		"client: P-4k9x",
		"members:",
		"  - person: P-4k9x",
		"    role: parent",
	}
	if len(lines) < len(wantStart) || !reflect.DeepEqual(lines[:len(wantStart)], wantStart) {
		t.Errorf("Marshal starts with\n%s\nwant\n%s", strings.Join(lines[:min(len(lines), len(wantStart))], "\n"), strings.Join(wantStart, "\n"))
	}
	// Fields come in declaration order.
	order := []string{"schema_version:", "recorded_at:", "recorded_by:", "case_kind:", "received_on:", "client:", "members:",
		"requester:", "referral_source:", "engagement:", "request:", "priority:", "immediate_risk:", "area:",
		"decision:", "decided_on:", "decided_by:", "worker:"}
	last := -1
	for _, key := range order {
		i := strings.Index(text, "\n"+key)
		if key == "schema_version:" && strings.HasPrefix(text, key) {
			i = 0
		}
		if i < 0 {
			t.Errorf("%s missing from\n%s", key, text)
			continue
		}
		if i < last {
			t.Errorf("%s out of order in\n%s", key, text)
		}
		last = i
	}
	// Empty optional fields are left out.
	for _, key := range []string{"partners:", "mandate:", "emergency_intervention:", "decision_reason:", "redirected_to:", "supervisor:", "previous_case:"} {
		if strings.Contains(text, key) {
			t.Errorf("empty optional %s written:\n%s", key, text)
		}
	}
	// Dates are plain, not quoted strings.
	for _, want := range []string{"\nreceived_on: 2026-11-22\n", "\ndecided_on: 2026-11-22\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, `"2026`) || strings.Contains(text, `'2026`) {
		t.Errorf("quoted date in\n%s", text)
	}
	// Two-space indent.
	if !strings.Contains(text, "\nrequester:\n  person: P-9zz1\n  relation: neighbour\n") {
		t.Errorf("requester not indented by two spaces:\n%s", text)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	rules := testRules()
	closedOn := dates.MustParse("2026-11-20")
	tests := []struct {
		name string
		kind Kind
		v    any
	}{
		{"intake", KindIntake, sampleIntake()},
		{"mandated intake", KindIntake, func() *Intake {
			in := sampleIntake()
			in.Kind, in.Members = "community", nil
			in.Partners = []string{"P-7m2q", "P-8n3r"}
			in.Engagement = "mandated"
			in.Mandate = &Mandate{Authority: "Juge des enfants", Reference: "RG 26/0042", EndsOn: dates.MustParse("2027-06-30")}
			in.Priority, in.ImmediateRisk = "emergency", "high"
			in.Emergency = &Emergency{Done: true, On: in.ReceivedOn, Description: "Shelter: #12, \"Les Lilas\""}
			in.Decision = Decision{Decision: "not_accept", Reason: "ineligible", DecidedOn: in.ReceivedOn, DecidedBy: "a.martin"}
			in.PreviousCase = "2025-03-02-k7f3m"
			return in
		}()},
		{"people", KindPeople, &People{SchemaVersion: 1, People: []Person{
			{ID: "P-4k9x", Name: "Élodie Martin", BirthDate: dates.MustParse("1990-05-01"), Aliases: []string{"Lodie"},
				Phone: "+33 6 12 34 56 78", Email: "e.martin@example.org", Address: "12 rue des Lilas: bât. B",
				IdentityNumbers: map[string]string{"nir": "2900575056048"}, Languages: []string{"fr", "en"}, Interpreter: true},
			{ID: "P-7m2q", Kind: "organisation", Name: "yes", Organisation: "null"},
		}}},
		{"closure", KindClosure, &Closure{
			SchemaVersion: 1,
			Entry:         Entry{RecordedAt: time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC), RecordedBy: "a.martin"},
			ClosedOn:      closedOn, Reason: "lost_contact", Summary: "No answer since October.",
			ContactAttempts: []ContactAttempt{{On: closedOn.AddDays(-20), Channel: "phone"}, {On: closedOn.AddDays(-10), Channel: "letter"}, {On: closedOn.AddDays(-1), Channel: "home_visit"}},
			ClientInformed:  &ClientInformed{On: closedOn, How: "letter"},
			OthersInformed:  []string{"P-7m2q"},
		}},
		{"decision", KindDecision, &DecisionEntry{SchemaVersion: 1,
			Entry:    Entry{RecordedAt: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), RecordedBy: "b.chen"},
			Decision: Decision{Decision: "redirect", Reason: "out_of_area", RedirectedTo: "CCAS Nord"}, Note: "Lives in Nord since October"}},
		{"reopening", KindReopening, &Reopening{SchemaVersion: 1,
			Entry:      Entry{RecordedAt: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), RecordedBy: "a.martin"},
			ReopenedOn: dates.MustParse("2026-11-21"), Reason: "New notice", Closure: "2026-11-20-k7f3m", Worker: "b.chen"}},
		{"config", KindConfig, func() *Config {
			c := DefaultConfig()
			c.Agency = Agency{Name: "Service social", Areas: []string{"furong"}}
			return &c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, ps, err := Encode("f.yaml", tt.kind, tt.v, rules)
			if err != nil {
				t.Fatal(err)
			}
			if errs := errorsOnly(ps); len(errs) > 0 {
				t.Fatalf("Encode problems %v in\n%s", errs, data)
			}
			back, _, ps := Decode("f.yaml", tt.kind, data, rules)
			if back == nil {
				t.Fatalf("Decode of Encode output failed: %v\n%s", ps, data)
			}
			if !reflect.DeepEqual(back, tt.v) {
				t.Errorf("round trip changed the value\n got %+v\nwant %+v\n%s", back, tt.v, data)
			}
			again, err := Marshal(back)
			if err != nil || !bytes.Equal(again, data) {
				t.Errorf("Marshal is not stable:\n%s\n---\n%s", data, again)
			}
		})
	}
}

func TestEncodeRefusesInvalid(t *testing.T) {
	in := sampleIntake()
	in.Priority = "soon"
	_, ps, err := Encode("f.yaml", KindIntake, in, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if len(errorsOnly(ps)) != 1 || !strings.Contains(ps[0].Msg, `"soon" is not a known code`) {
		t.Errorf("Encode of an invalid intake: %v", ps)
	}
}

func TestEnums(t *testing.T) {
	if RiskRank("none") != 0 || RiskRank("critical") != 4 || RiskRank("high") <= RiskRank("moderate") || RiskRank("severe") != -1 {
		t.Error("RiskRank does not order the levels")
	}
	for alias, want := range map[string]string{"medium": "moderate", "severe": "critical", "imminent": "critical", "low": "low", "bogus": "bogus"} {
		if got := NormaliseRisk(alias); got != want {
			t.Errorf("NormaliseRisk(%q) = %q, want %q", alias, got, want)
		}
	}
	if !IsCode("priority", "urgent") || IsCode("priority", "urgentt") || IsCode("nosuch", "urgent") {
		t.Error("IsCode wrong")
	}
	// Every enum named in a struct tag exists (a typo there would reject every file).
	for _, k := range []Kind{KindConfig, KindPeople, KindIntake, KindDecision, KindClosure, KindReopening} {
		var walk func(reflect.Type)
		seen := map[reflect.Type]bool{}
		walk = func(typ reflect.Type) {
			for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
				typ = typ.Elem()
			}
			if typ.Kind() != reflect.Struct || seen[typ] {
				return
			}
			seen[typ] = true
			for i := 0; i < typ.NumField(); i++ {
				f := typ.Field(i)
				for _, part := range strings.Split(f.Tag.Get("cw"), ",") {
					if name, ok := strings.CutPrefix(part, "enum="); ok && len(Enums[name]) == 0 {
						t.Errorf("%s.%s refers to unknown enum %q", typ.Name(), f.Name, name)
					}
				}
				walk(f.Type)
			}
		}
		walk(kindTypes[k])
	}
}

func TestCase(t *testing.T) {
	c := &Case{ID: "2026-11-22-k7f3m", Dir: "cases/2026-11-22-k7f3m"}
	if c.PeoplePath() != "cases/2026-11-22-k7f3m/people.yaml" || c.IntakePath() != "cases/2026-11-22-k7f3m/intake.yaml" {
		t.Errorf("paths %q %q", c.PeoplePath(), c.IntakePath())
	}
	if p := c.Client(); p.ID != "" || p.Name != "" {
		t.Errorf("Client of a case without intake = %+v, want empty", p)
	}
	c.Intake = &Intake{Client: "P-4k9x"}
	if p := c.Client(); p.ID != "" {
		t.Errorf("Client without registry = %+v", p)
	}
	c.People = &People{People: []Person{{ID: "P-1a", Name: "X"}, {ID: "P-4k9x", Name: "Awa"}}}
	if p := c.Client(); p.Name != "Awa" {
		t.Errorf("Client = %+v", p)
	}
}

var fuzzKinds = []Kind{KindIntake, KindClosure, KindPeople, KindDecision, KindReopening, KindConfig}

// FuzzDecode checks that no input makes Decode panic, and that whatever entry Decode accepts,
// Marshal writes back in a form Decode accepts again (what casework reads, it can rewrite).
func FuzzDecode(f *testing.F) {
	seeds := []struct {
		kind Kind
		src  string
	}{
		{KindIntake, validIntake},
		{KindClosure, validClosure},
		{KindPeople, validPeople},
		{KindDecision, validDecision},
		{KindReopening, edit(f, validReopening, "2026-12-10", "2026-11-22")},
		{KindConfig, "schema_version: 1\nagency:\n  name: \"Service social\"\n  areas: [furong]\nlanguage: fr\ncontact_frequency_days:\n  high: 7\n"},
		{KindIntake, strings.Replace(validIntake, "priority: urgent\n", "<<<<<<< HEAD\npriority: urgent\n=======\npriority: routine\n>>>>>>> x\n", 1)},
		{KindIntake, strings.Replace(validIntake, "received_on: 2026-11-22", "received_on: 2026-02-30", 1)},
		{KindIntake, strings.Replace(validIntake, "priority: urgent", "priority: urgent: now", 1)},
		{KindIntake, strings.Replace(validIntake, "recorded_by: a.martin", "recorded_by: &a a.martin\nx: *a", 1)},
		{KindIntake, strings.Replace(validIntake, "engagement: voluntary", "engagement: mandated\nmandate: {authority: court, ends_on: 2027-01-01}", 1)},
		{KindIntake, strings.Replace(validIntake, "request: Rent", "request: |\n  multi\n  line\nx: Rent", 1)},
		{KindPeople, "schema_version: 1\npeople:\n  - id: P-aa\n    name: A\n    identity_numbers: {nir: '1', '~': ~}\n  - ~\n"},
		{KindClosure, "schema_version: 1\nrecorded_at: \"2026-11-22T16:00:00Z\"\nrecorded_by: x\nclosed_on: 2026-11-22\nreason: goals_achieved\nsummary: done\nclient_informed: {date: 2026-11-22, how: letter}\n"},
		{KindIntake, "---\n"},
		{KindIntake, ""},
		{KindIntake, "[1, 2]"},
		{KindDecision, "schema_version: \"1\"\n"},
	}
	for _, s := range seeds {
		f.Add([]byte(s.src), uint8(s.kind))
	}
	rules := testRules()
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		kind := fuzzKinds[int(k)%len(fuzzKinds)]
		v, _, ps := Decode("f.yaml", kind, data, rules)
		if v == nil {
			if len(errorsOnly(ps)) == 0 {
				t.Fatalf("Decode returned no value and no error: %v", ps)
			}
			return
		}
		if errs := errorsOnly(ps); len(errs) > 0 {
			t.Fatalf("Decode returned a value with errors %v", errs)
		}
		if kind == KindConfig {
			// A config file is a partial layer over the defaults; casework never writes one
			// back with Marshal (init renders repo.ConfigText), so only the absence of panics
			// is checked.
			return
		}
		out, err := Marshal(v)
		if err != nil {
			t.Fatalf("Marshal of a decoded value: %v", err)
		}
		v2, _, ps2 := Decode("f.yaml", kind, out, rules)
		if errs := errorsOnly(ps2); len(errs) > 0 || v2 == nil {
			t.Fatalf("round trip broke the file: %v\ninput:\n%q\nwritten:\n%s", errs, data, out)
		}
		again, err := Marshal(v2)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("Marshal(Decode(Marshal(v))) differs:\n%s\n---\n%s", out, again)
		}
	})
}
