package intake

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

func day(s string) dates.Date { return dates.MustParse(s) }

// complete is a form with every field Missing asks for.
func complete() Form {
	return Form{
		Client:     PersonForm{Name: "Awa Diallo"},
		Source:     "self",
		Engagement: "voluntary",
		Request:    "Rent arrears",
		Priority:   "urgent",
		Area:       "furong",
	}
}

func TestMissing(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Form)
		want []string
	}{
		{"empty form", func(f *Form) { *f = Form{} }, []string{"client", "referral_source", "engagement", "request", "priority", "area"}},
		{"complete", func(*Form) {}, nil},
		{"blank texts count as missing", func(f *Form) { f.Client.Name, f.Request, f.Area = "  ", "\t", " " }, []string{"client", "request", "area"}},
		{"mandated without mandate", func(f *Form) { f.Engagement = "mandated" }, []string{"mandate.authority", "mandate.ends_on"}},
		{"mandated without end", func(f *Form) {
			f.Engagement = "mandated"
			f.Mandate = &MandateRaw{Authority: "Juge des enfants"}
		}, []string{"mandate.ends_on"}},
		{"mandated with blank authority", func(f *Form) {
			f.Engagement = "mandated"
			f.Mandate = &MandateRaw{Authority: " ", EndsOn: day("2027-01-01")}
		}, []string{"mandate.authority"}},
		{"mandated and complete", func(f *Form) {
			f.Engagement = "mandated"
			f.Mandate = &MandateRaw{Authority: "Juge des enfants", EndsOn: day("2027-01-01")}
		}, nil},
		{"mandate fields only when mandated", func(f *Form) { f.Engagement = "non_voluntary" }, nil},
		{"mandate fields after engagement", func(f *Form) { f.Engagement, f.Request = "mandated", "" }, []string{"mandate.authority", "mandate.ends_on", "request"}},
		{"redirect without reason", func(f *Form) { f.Decision = "redirect" }, []string{"decision_reason"}},
		{"not_accept without reason", func(f *Form) { f.Decision, f.Priority = "not_accept", "" }, []string{"priority", "decision_reason"}},
		{"redirect with reason", func(f *Form) { f.Decision, f.Reason = "redirect", "out_of_area" }, nil},
		{"accept needs no reason", func(f *Form) { f.Decision = "accept" }, nil},
		{"pending needs no reason", func(f *Form) { f.Decision = "pending" }, nil},
	}
	for _, tt := range tests {
		f := complete()
		tt.edit(&f)
		if got := Missing(f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Missing = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	got := Describe([]string{"client", "referral_source", "mandate.ends_on"}, map[string]string{"client": "client", "referral_source": "source"})
	if got != "--client, --source, mandate.ends_on" {
		t.Errorf("Describe = %q", got)
	}
}

// ids hands out person ids in order, repeating the first one to test that Build never reuses one.
func ids(list ...string) func() string {
	i := 0
	return func() string {
		id := list[i%len(list)]
		i++
		return id
	}
}

var now = time.Date(2026, 11, 23, 14, 5, 9, 123456789, time.UTC)

func familyForm() Form {
	f := complete()
	f.Kind = "family"
	f.ReceivedOn = day("2026-11-21")
	f.Client = PersonForm{Name: "  Awa Diallo ", BirthDate: day("1961-04-02"), Phone: "+33 6 12 34 56 78", Address: "12 rue des Lilas"}
	f.Members = []Member{
		{PersonForm: PersonForm{Name: "Moussa Diallo", BirthDate: day("2012-09-01")}, Role: "child"},
		{PersonForm: PersonForm{Name: "Fatou Diallo"}, Role: "sibling"},
	}
	f.Partners = []string{"Mission locale Furong", "CCAS Nord"}
	f.Requester = &Requester{PersonForm: PersonForm{Name: "Jean Dupont", Phone: "01 23 45 67 89"}, Relation: "neighbour"}
	f.ImmediateRisk = "severe"
	f.Emergency = "  Night shelter found  "
	f.Priority = "emergency"
	f.Decision = "accept"
	f.Language = "fr"
	f.Interpreter = true
	return f
}

func TestBuild(t *testing.T) {
	f := familyForm()
	people, in := Build(f, Meta{Worker: "a.martin", Now: now, NewID: ids("P-aa01", "P-aa01", "P-bb02", "P-cc03", "P-dd04", "P-ee05", "P-ff06")})

	// Every name is in the registry, each under its own id.
	names := map[string]casefile.Person{}
	seen := map[string]bool{}
	for _, p := range people.People {
		if seen[p.ID] {
			t.Errorf("person id %s given twice", p.ID)
		}
		seen[p.ID] = true
		names[p.Name] = p
	}
	wantNames := []string{"Awa Diallo", "Moussa Diallo", "Fatou Diallo", "Mission locale Furong", "CCAS Nord", "Jean Dupont"}
	if len(people.People) != len(wantNames) {
		t.Errorf("registry holds %d people, want %d: %+v", len(people.People), len(wantNames), people.People)
	}
	for _, n := range wantNames {
		if _, ok := names[n]; !ok {
			t.Errorf("%q is not in the registry", n)
		}
	}
	client := names["Awa Diallo"]
	if in.Client != client.ID || client.BirthDate != day("1961-04-02") || client.Phone != "+33 6 12 34 56 78" || client.Kind != "" {
		t.Errorf("client = %q, registry entry %+v", in.Client, client)
	}
	if !reflect.DeepEqual(client.Languages, []string{"fr"}) || !client.Interpreter {
		t.Errorf("client languages %v interpreter %v: the form's language and interpreter need belong to the client", client.Languages, client.Interpreter)
	}
	wantMembers := []casefile.Member{{Person: names["Moussa Diallo"].ID, Role: "child"}, {Person: names["Fatou Diallo"].ID, Role: "sibling"}}
	if !reflect.DeepEqual(in.Members, wantMembers) {
		t.Errorf("members = %+v, want %+v", in.Members, wantMembers)
	}
	if names["Moussa Diallo"].BirthDate != day("2012-09-01") {
		t.Errorf("member birth date lost: %+v", names["Moussa Diallo"])
	}
	wantPartners := []string{names["Mission locale Furong"].ID, names["CCAS Nord"].ID}
	if !reflect.DeepEqual(in.Partners, wantPartners) {
		t.Errorf("partners = %v, want %v", in.Partners, wantPartners)
	}
	for _, org := range []string{"Mission locale Furong", "CCAS Nord"} {
		if names[org].Kind != "organisation" {
			t.Errorf("partner %q has kind %q, want organisation", org, names[org].Kind)
		}
	}
	if in.Requester == nil || in.Requester.Person != names["Jean Dupont"].ID || in.Requester.Relation != "neighbour" {
		t.Errorf("requester = %+v", in.Requester)
	}

	// The intake itself names nobody: only P- ids.
	data, err := casefile.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, secret := range append(wantNames, "Awa", "Diallo", "Dupont", "+33", "Lilas", "1961") {
		if strings.Contains(text, secret) {
			t.Errorf("intake YAML contains %q:\n%s", secret, text)
		}
	}
	for _, id := range append([]string{in.Client, in.Requester.Person}, in.Partners...) {
		if !strings.HasPrefix(id, "P-") {
			t.Errorf("reference %q is not a person id", id)
		}
	}

	// The rest of the intake.
	if in.RecordedBy != "a.martin" || !in.RecordedAt.Equal(now.Truncate(time.Second)) || in.RecordedAt.Nanosecond() != 0 {
		t.Errorf("recorded %v by %q", in.RecordedAt, in.RecordedBy)
	}
	if in.ReceivedOn != day("2026-11-21") || in.Kind != "family" || in.ImmediateRisk != "critical" {
		t.Errorf("received %v kind %q risk %q", in.ReceivedOn, in.Kind, in.ImmediateRisk)
	}
	if in.Emergency == nil || !in.Emergency.Done || in.Emergency.On != day("2026-11-21") || in.Emergency.Description != "Night shelter found" {
		t.Errorf("emergency = %+v", in.Emergency)
	}
	if in.Decision.Decision != "accept" || in.DecidedOn != day("2026-11-23") || in.DecidedBy != "a.martin" || in.Worker != "a.martin" {
		t.Errorf("decision = %+v", in.Decision)
	}

	// What Build makes is valid as it stands: it goes through the same checks as any file.
	rules := casefile.Rules{Today: day("2026-11-23"), Config: casefile.DefaultConfig()}
	for _, x := range []struct {
		kind casefile.Kind
		v    any
	}{{casefile.KindPeople, people}, {casefile.KindIntake, in}} {
		data, ps, err := casefile.Encode("f.yaml", x.kind, x.v, rules)
		if err != nil || len(ps) != 0 {
			t.Errorf("Encode: %v %v\n%s", err, ps, data)
		}
	}
}

func TestBuildDecisions(t *testing.T) {
	tests := []struct {
		name                         string
		decision, reason, formWorker string
		wantDecision                 string
		decided                      bool
		wantWorker                   string
	}{
		{name: "no decision is pending", wantDecision: "pending"},
		{name: "pending", decision: "pending", wantDecision: "pending"},
		{name: "accept defaults the worker to the recorder", decision: "accept", wantDecision: "accept", decided: true, wantWorker: "a.martin"},
		{name: "accept keeps a named worker", decision: "accept", formWorker: "b.chen", wantDecision: "accept", decided: true, wantWorker: "b.chen"},
		{name: "redirect names no worker", decision: "redirect", reason: "out_of_area", wantDecision: "redirect", decided: true},
		{name: "not_accept", decision: "not_accept", reason: "ineligible", wantDecision: "not_accept", decided: true},
	}
	for _, tt := range tests {
		f := complete()
		f.Decision, f.Reason, f.Worker = tt.decision, tt.reason, tt.formWorker
		_, in := Build(f, Meta{Worker: "a.martin", Now: now, NewID: ids("P-aa01")})
		if in.Decision.Decision != tt.wantDecision || in.Worker != tt.wantWorker || in.Reason != tt.reason {
			t.Errorf("%s: decision %+v", tt.name, in.Decision)
		}
		if tt.decided != (in.DecidedOn == day("2026-11-23") && in.DecidedBy == "a.martin") {
			t.Errorf("%s: decided_on %v decided_by %q, decided = %v", tt.name, in.DecidedOn, in.DecidedBy, tt.decided)
		}
		if !tt.decided && (!in.DecidedOn.IsZero() || in.DecidedBy != "") {
			t.Errorf("%s: undecided intake has decided_on %v decided_by %q", tt.name, in.DecidedOn, in.DecidedBy)
		}
	}
}

func TestBuildDefaults(t *testing.T) {
	f := complete()
	f.Kind = ""
	f.Engagement = "mandated"
	f.Mandate = &MandateRaw{Authority: "Juge des enfants", Reference: "RG 26/42", EndsOn: day("2027-06-30")}
	f.Requester = &Requester{PersonForm: PersonForm{Name: " "}, Relation: "neighbour"} // no name: no requester
	f.Members = []Member{{PersonForm: PersonForm{Name: "Ali", Kind: "person"}, Role: "partner"}}
	people, in := Build(f, Meta{Worker: "a.martin", Now: now, NewID: ids("P-aa01", "P-bb02")})
	if in.Kind != "individual" || in.ReceivedOn != day("2026-11-23") || in.ImmediateRisk != "none" || in.Decision.Decision != "pending" {
		t.Errorf("defaults: kind %q received %v risk %q decision %q", in.Kind, in.ReceivedOn, in.ImmediateRisk, in.Decision.Decision)
	}
	if in.Requester != nil || len(people.People) != 2 {
		t.Errorf("a nameless requester was recorded: %+v, %d people", in.Requester, len(people.People))
	}
	if people.People[1].Kind != "" {
		t.Errorf("kind person is the default and is not written: %q", people.People[1].Kind)
	}
	if in.Mandate == nil || *in.Mandate != (casefile.Mandate{Authority: "Juge des enfants", Reference: "RG 26/42", EndsOn: day("2027-06-30")}) {
		t.Errorf("mandate = %+v", in.Mandate)
	}
	if in.Emergency != nil {
		t.Errorf("emergency without description: %+v", in.Emergency)
	}
	for alias, want := range map[string]string{"severe": "critical", "medium": "moderate", "imminent": "critical", "low": "low", "": "none"} {
		f := complete()
		f.ImmediateRisk = alias
		if _, in := Build(f, Meta{Now: now, NewID: ids("P-aa01")}); in.ImmediateRisk != want {
			t.Errorf("risk %q stored as %q, want %q", alias, in.ImmediateRisk, want)
		}
	}
}

func TestNormaliseName(t *testing.T) {
	same := [][2]string{
		{"  Élodie   MARTIN ", "elodie martin"},
		{"Élodie Martin", "ELODIE MARTÍN"},
		{"Zoë\tBrontë", "zoe bronte"},
		{"E\u0301lodie Martin", "élodie martin"}, // decomposed accent
	}
	for _, p := range same {
		if NormaliseName(p[0]) != NormaliseName(p[1]) {
			t.Errorf("NormaliseName(%q) = %q, NormaliseName(%q) = %q: want equal", p[0], NormaliseName(p[0]), p[1], NormaliseName(p[1]))
		}
	}
	if got := NormaliseName("  Élodie   MARTIN "); got != "elodie martin" {
		t.Errorf("NormaliseName = %q, want %q", got, "elodie martin")
	}
	for _, p := range [][2]string{{"Elodie Martin", "Elodie Martine"}, {"Awa Diallo", "Diallo Awa"}, {"Ali", "Alí Ben"}} {
		if NormaliseName(p[0]) == NormaliseName(p[1]) {
			t.Errorf("%q and %q should differ", p[0], p[1])
		}
	}
}

func TestFindDuplicates(t *testing.T) {
	birth := day("1990-05-01")
	regs := map[string]*casefile.People{
		"2026-01-01-aaaaa": {People: []casefile.Person{{ID: "P-01", Name: "Élodie Martin", BirthDate: birth}}},
		"2026-02-01-bbbbb": {People: []casefile.Person{{ID: "P-01", Name: "elodie martin", BirthDate: day("1991-05-01")}}},
		"2026-03-01-ccccc": {People: []casefile.Person{
			{ID: "P-01", Name: "Paul Martin", BirthDate: birth},
			{ID: "P-02", Name: "ELODIE  MARTIN", BirthDate: birth},
			{ID: "P-03", Name: "Elodie Martin", BirthDate: birth}, // one case is listed once
		}},
		"2026-04-01-ddddd": {People: []casefile.Person{{ID: "P-01", Name: "Elodie Martin"}}}, // no birth date
		"2026-05-01-eeeee": nil,
	}
	got := FindDuplicates(regs, "Elodie Martin", birth)
	sort.Slice(got, func(i, j int) bool { return got[i].CaseID < got[j].CaseID })
	want := []Duplicate{{CaseID: "2026-01-01-aaaaa", Name: "Élodie Martin"}, {CaseID: "2026-03-01-ccccc", Name: "ELODIE  MARTIN"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindDuplicates = %+v, want %+v", got, want)
	}
	if got := FindDuplicates(regs, "Elodie Martin", dates.Date{}); got != nil {
		t.Errorf("without a birth date, nothing is a duplicate: %+v", got)
	}
	if got := FindDuplicates(regs, "Someone Else", birth); len(got) != 0 {
		t.Errorf("FindDuplicates(Someone Else) = %+v", got)
	}
}

func TestReadForm(t *testing.T) {
	const form = `case_kind: family
received_on: 2026-11-21
client:
  name: Awa Diallo
  birth_date: 1961-04-02
members:
  - name: Moussa Diallo
    role: child
partners: [Mission locale]
requester:
  name: Jean Dupont
  relation_to_client: neighbour
referral_source: family_or_friend
engagement: mandated
mandate:
  authority: Juge des enfants
  ends_on: 2027-06-30
request: Eviction notice
priority: urgent
immediate_risk: severe
area: furong
language: fr
interpreter_needed: true
decision: accept
`
	f, ps := ReadForm("form.yaml", []byte(form))
	if len(ps) != 0 {
		t.Fatalf("ReadForm problems: %v", ps)
	}
	want := Form{
		Kind: "family", ReceivedOn: day("2026-11-21"),
		Client:        PersonForm{Name: "Awa Diallo", BirthDate: day("1961-04-02")},
		Members:       []Member{{PersonForm: PersonForm{Name: "Moussa Diallo"}, Role: "child"}},
		Partners:      []string{"Mission locale"},
		Requester:     &Requester{PersonForm: PersonForm{Name: "Jean Dupont"}, Relation: "neighbour"},
		Source:        "family_or_friend",
		Engagement:    "mandated",
		Mandate:       &MandateRaw{Authority: "Juge des enfants", EndsOn: day("2027-06-30")},
		Request:       "Eviction notice",
		Priority:      "urgent",
		ImmediateRisk: "severe",
		Area:          "furong",
		Language:      "fr",
		Interpreter:   true,
		Decision:      "accept",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("ReadForm =\n%+v\nwant\n%+v", f, want)
	}
	if m := Missing(f); len(m) != 0 {
		t.Errorf("Missing = %v", m)
	}

	tests := []struct {
		name string
		src  string
		want []casefile.Problem
	}{
		{"unknown field", "client:\n  name: Awa\nreferal_source: self\n",
			[]casefile.Problem{{Path: "form.yaml", Line: 3, Col: 1, Msg: `unknown field "referal_source" (did you mean "referral_source"?)`}}},
		{"unknown nested field", "client:\n  nme: Awa\n",
			[]casefile.Problem{{Path: "form.yaml", Line: 2, Col: 3, Msg: `unknown field "client.nme" (did you mean "name"?)`}}},
		{"bad date and code", "received_on: 2026-02-30\npriority: soon\n", []casefile.Problem{
			{Path: "form.yaml", Line: 1, Col: 14, Msg: `received_on: invalid date "2026-02-30": February 2026 has 28 days`},
			{Path: "form.yaml", Line: 2, Col: 11, Msg: `priority: "soon" is not a known code; use emergency, urgent or routine`},
		}},
		{"member without role", "members:\n  - name: Moussa\n",
			[]casefile.Problem{{Path: "form.yaml", Line: 2, Col: 5, Msg: `missing required field "role" in members[0]`}}},
		{"not YAML", "client: [x\n", nil},
	}
	for _, tt := range tests {
		_, ps := ReadForm("form.yaml", []byte(tt.src))
		if tt.want == nil {
			if len(ps) != 1 || !strings.HasPrefix(ps[0].Msg, "not valid YAML") {
				t.Errorf("%s: problems %v", tt.name, ps)
			}
			continue
		}
		if !reflect.DeepEqual(ps, tt.want) {
			t.Errorf("%s: problems\n%v\nwant\n%v", tt.name, ps, tt.want)
		}
	}
}

func FuzzReadForm(f *testing.F) {
	for _, s := range []string{
		"client:\n  name: Awa Diallo\nreferral_source: self\nengagement: voluntary\nrequest: x\npriority: urgent\narea: a\n",
		"case_kind: family\nmembers:\n  - name: M\n    role: child\npartners: [P]\nrequester: {name: J, relation_to_client: neighbour}\n",
		"engagement: mandated\nmandate: {authority: court, ends_on: 2027-01-01}\ndecision: redirect\n",
		"received_on: 2026-02-30\n",
		"client: &a {name: x}\nrequester: *a\n",
		"members: [~, {}]\n",
		"---\n",
		"",
		"[1, 2]",
		"client: [x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		form, ps := ReadForm("form.yaml", data)
		for _, p := range ps {
			if p.Path != "form.yaml" || p.Msg == "" {
				t.Fatalf("malformed problem %+v", p)
			}
		}
		if len(ps) > 0 {
			return
		}
		// A form that reads cleanly goes through the rest of open without panicking.
		Missing(form)
		n := 0
		people, in := Build(form, Meta{Worker: "w", Now: now, NewID: func() string { n++; return fmt.Sprintf("P-%04d", n) }})
		if in.Client == "" || len(people.People) == 0 || people.People[0].ID != in.Client {
			t.Fatalf("Build made no client: %+v", in)
		}
	})
}
