package refer

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
)

// parse runs the command line through a runF stub and returns the options it reached.
func parse(t *testing.T, args ...string) (*Options, error) {
	t.Helper()
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetArgs(args)
	err := cmd.Execute()
	return got, err
}

func TestFlagsChooseTheMode(t *testing.T) {
	for _, tc := range []struct {
		args []string
		mode string
	}{
		{[]string{"k7f3m"}, ModeList},
		{[]string{"k7f3m", "--list"}, ModeList},
		{[]string{"k7f3m", "-o", "json"}, ModeList},
		{[]string{"k7f3m", "--to", "ccas", "--reason", "Housing"}, ModeCreate},
		{[]string{"k7f3m", "--to-name", "Food bank", "--reason", "Food", "--draft"}, ModeCreate},
		{[]string{"k7f3m", "--reason", "Housing"}, ModeCreate}, // refused later: no recipient
		{[]string{"k7f3m", "q4r7t", "--status", "accepted"}, ModeUpdate},
		{[]string{"k7f3m", "q4r7t", "--status", "declined", "--reason", "no_capacity"}, ModeUpdate},
		{[]string{"k7f3m", "q4r7t", "--close-loop", "--outcome", "Housed"}, ModeUpdate},
		{[]string{"k7f3m", "q4r7t", "--status", "sent", "--consent", "ab3cd"}, ModeUpdate},
		{[]string{"k7f3m", "q4r7t", "--letter"}, ModeLetter},
		{[]string{"k7f3m", "q4r7t", "--letter", "--lang", "fr", "--out", "l.md"}, ModeLetter},
		{[]string{"k7f3m", "q4r7t", "--letter", "-o", "html"}, ModeLetter},
		{[]string{"k7f3m", "q4r7t", "--letter", "-o", "md", "--out", "l.txt"}, ModeLetter},
	} {
		o, err := parse(t, tc.args...)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if o.Mode != tc.mode {
			t.Errorf("%v: mode %s, want %s", tc.args, o.Mode, tc.mode)
		}
	}
}

func TestFlagsThatDoNotGoTogether(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "needs a CASE"},
		{[]string{"a", "b", "c"}, "needs a CASE"},
		{[]string{"k7f3m", "--status", "sent"}, "name the referral"},
		{[]string{"k7f3m", "--letter"}, "name the referral"},
		{[]string{"k7f3m", "--lang", "fr"}, "go with --letter"},
		{[]string{"k7f3m", "--to", "x", "--reason", "y", "-o", "json"}, "give one or the other"},
		{[]string{"k7f3m", "--date", "today"}, "--date goes with"},
		{[]string{"k7f3m", "q4r7t"}, "what happened to referral q4r7t"},
		{[]string{"k7f3m", "q4r7t", "--to", "other"}, "a referral is never changed"},
		{[]string{"k7f3m", "q4r7t", "--share", "identity", "--status", "sent"}, "a referral is never changed"},
		{[]string{"k7f3m", "q4r7t", "--letter", "--status", "accepted"}, "one or the other"},
		{[]string{"k7f3m", "q4r7t", "--outcome", "Housed"}, "--outcome goes with --close-loop"},
		{[]string{"k7f3m", "q4r7t", "--list"}, "--list and -o list"},
		{[]string{"k7f3m", "--output", "yaml"}, "unknown output format"},
		{[]string{"k7f3m", "-o", "html"}, "-o html goes with --letter"},
		{[]string{"k7f3m", "q4r7t", "-o", "md"}, "-o md goes with --letter"},
		{[]string{"k7f3m", "q4r7t", "--letter", "-o", "json"}, "--list and -o list"},
	} {
		_, err := parse(t, tc.args...)
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error with %q", tc.args, err, tc.want)
		}
	}
}

func TestRepeatedAndCommaSeparatedShares(t *testing.T) {
	o, err := parse(t, "k7f3m", "--to", "x", "--reason", "y", "--share", "housing,identity", "--share", "housing",
		"--service-requested", "Housing, social", "--service-requested", "Food")
	if err != nil {
		t.Fatal(err)
	}
	if got := o.share(); !slices.Equal(got, []string{"identity", "housing"}) {
		t.Errorf("share() = %v", got)
	}
	if !slices.Equal(o.Services, []string{"Housing, social", "Food"}) {
		t.Errorf("services = %v: a comma inside a service is kept", o.Services)
	}
	if o.Urgency != "routine" || o.Date != "today" || o.Draft {
		t.Errorf("defaults: urgency %q date %q draft %v", o.Urgency, o.Date, o.Draft)
	}
}

func TestCheckNewAndCheckUpdate(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{}, "missing --to AGENCY (or --to-name NAME), --reason TEXT"},
		{Options{To: "a", ToName: "b", Reason: "r", Urgency: "routine"}, "give one"},
		{Options{To: "a", Reason: "r", Urgency: "soon"}, `--urgency "soon" is not a known code`},
		{Options{To: "a", Reason: "r", Urgency: "routine", Share: []string{"housng"}}, `did you mean "housing"`},
		{Options{To: "a", Reason: "r", Urgency: "routine", LegalBasis: "consent"}, "name the consent itself"},
		{Options{To: "a", Reason: "r", Urgency: "routine", LegalBasis: "vital_interest", Consent: "k"}, "not both"},
		{Options{To: "a", Reason: "r", Urgency: "routine", Justification: "j"}, "--justification goes with --legal-basis"},
	} {
		err := tc.o.checkNew()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkNew(%+v) = %v, want %q", tc.o, err, tc.want)
		}
	}
	given := func(names ...string) func(string) bool {
		return func(n string) bool { return slices.Contains(names, n) }
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Status: "declined", given: given("status")}, "a declined referral says why"},
		{Options{Status: "accepted", Reason: "no_capacity", given: given("status", "reason")}, "goes with --status declined"},
		{Options{Status: "declined", Reason: "full", given: given("status", "reason")}, `--reason "full" is not a known code`},
		{Options{Status: "draft", given: given("status")}, "never goes back to one"},
		{Options{Status: "acepted", given: given("status")}, `did you mean "accepted"`},
		{Options{CloseLoop: true, given: given("close-loop")}, "--close-loop needs --outcome"},
		{Options{Status: "accepted", Consent: "k", given: given("status", "consent")}, "--status sent for a draft"},
	} {
		err := tc.o.checkUpdate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkUpdate(%+v) = %v, want %q", tc.o, err, tc.want)
		}
	}
}

// gateCase has one consent: housing and identity for agency-x, mental_health excluded,
// signed 2026-11-10, expiring 2027-05-10, revoked from 2026-12-01.
func gateCase() *casefile.Case {
	return &casefile.Case{ID: "c", Consents: []casefile.Item[casefile.Consent]{{ID: "k1", V: &casefile.Consent{
		Categories: []string{"identity", "housing"}, Excluded: []string{"mental_health"}, Recipients: []string{"agency-x", "Food bank"},
		SignedOn: dates.MustParse("2026-11-10"), ExpiresOn: dates.MustParse("2027-05-10"),
	}}}, ConsentRevocations: []casefile.Item[casefile.ConsentRevocation]{{ID: "r1", V: &casefile.ConsentRevocation{
		Consent: "k1", RevokedOn: dates.MustParse("2026-12-01"),
	}}}}
}

func TestGate(t *testing.T) {
	c := gateCase()
	d := dates.MustParse
	for _, tc := range []struct {
		name       string
		on         string
		recipients []string
		cats       []string
		b          report.ReferralBasis
		missing    string
		warning    string
	}{
		{"covered", "2026-11-20", []string{"agency-x"}, []string{"identity", "housing"}, report.ReferralBasis{Consent: "k1"}, "", ""},
		{"by the directory name", "2026-11-20", []string{"agency-y", "Food bank"}, []string{"identity"}, report.ReferralBasis{Consent: "k1"}, "", ""},
		{"excluded", "2026-11-20", []string{"agency-x"}, []string{"identity", "mental_health"}, report.ReferralBasis{Consent: "k1"}, "excludes mental_health", ""},
		{"not covered", "2026-11-20", []string{"agency-x"}, []string{"plan"}, report.ReferralBasis{Consent: "k1"}, "does not cover plan", ""},
		{"scope before name", "2026-11-20", []string{"Other", "agency-x"}, []string{"plan"}, report.ReferralBasis{Consent: "k1"}, "does not cover plan", ""},
		{"other recipient", "2026-11-20", []string{"agency-z"}, []string{"identity"}, report.ReferralBasis{Consent: "k1"}, "does not name agency-z", ""},
		{"not signed yet", "2026-11-01", []string{"agency-x"}, []string{"identity"}, report.ReferralBasis{Consent: "k1"}, "no consent k1", ""},
		{"revoked", "2026-12-02", []string{"agency-x"}, []string{"identity"}, report.ReferralBasis{Consent: "k1"}, "k1 is revoked", ""},
		{"no basis", "2026-11-20", []string{"agency-x"}, []string{"identity"}, report.ReferralBasis{}, "no consent is recorded", ""},
		{"basis without justification", "2026-11-20", []string{"agency-x"}, []string{"identity"}, report.ReferralBasis{LegalBasis: "vital_interest", Justification: "  "}, "needs a justification", ""},
		{"justified basis", "2026-11-20", []string{"agency-x"}, []string{"mental_health"}, report.ReferralBasis{LegalBasis: "vital_interest", Justification: "Imminent danger"}, "", "under legal basis vital_interest"},
	} {
		missing, warning := Gate(c, d(tc.on), tc.recipients, tc.cats, tc.b)
		if (tc.missing == "") != (missing == "") || !strings.Contains(missing, tc.missing) {
			t.Errorf("%s: missing %q, want %q", tc.name, missing, tc.missing)
		}
		if (tc.warning == "") != (warning == "") || !strings.Contains(warning, tc.warning) {
			t.Errorf("%s: warning %q, want %q", tc.name, warning, tc.warning)
		}
	}
}

func TestBasisOfADraftSentLater(t *testing.T) {
	for _, b := range []report.ReferralBasis{
		{Consent: "2026-11-20-ab3cd"},
		{LegalBasis: "care_provision", Justification: "Hospital discharge: the person cannot sign"},
	} {
		c := &casefile.Case{
			Referrals: []casefile.Item[casefile.Referral]{{ID: "r", V: &casefile.Referral{Status: "draft"}}},
			ReferralUpdates: []casefile.Item[casefile.ReferralUpdate]{
				{ID: "u1", V: &casefile.ReferralUpdate{Referral: "r", Status: "sent", Note: "Phoned them first",
					Consent: b.Consent, LegalBasis: b.LegalBasis, Justification: b.Justification}},
				{ID: "u2", V: &casefile.ReferralUpdate{Referral: "r", Status: "received", Note: "sent under consent forged"}},
			}}
		st := caseload.Referrals(c, dates.Date{})
		if got := BasisOf(st[0]); got != b {
			t.Errorf("BasisOf = %+v, want %+v", got, b)
		}
	}
	ref := &casefile.Item[casefile.Referral]{ID: "r", V: &casefile.Referral{Consent: "k9", Status: "sent"}}
	st := caseload.Referrals(&casefile.Case{Referrals: []casefile.Item[casefile.Referral]{*ref}}, dates.Date{})
	if got := BasisOf(st[0]); got.Consent != "k9" {
		t.Errorf("BasisOf = %+v, want the referral's own consent", got)
	}
}

// env is a repository with one case (client with a phone and a language), a partner agency
// and, when withConsent, a consent for it covering identity and housing.
func env(t *testing.T, withConsent bool) (*cmdtest.Env, string) {
	t.Helper()
	e := cmdtest.New(t, "")
	rules := casefile.Rules{Config: casefile.DefaultConfig()}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	id := "2026-11-02-k7m2q"
	dir := repo.CaseDir(id)
	people := &casefile.People{SchemaVersion: 1, People: []casefile.Person{{ID: "P-ab12", Name: "Nadia Fictive", Phone: "01 99 00 12 34", Languages: []string{"ar"}, Interpreter: true}}}
	in := &casefile.Intake{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: at, RecordedBy: "w.test"}, Kind: "individual",
		ReceivedOn: dates.MustParse("2026-11-02"), Client: "P-ab12", Source: "self", Engagement: "voluntary", Request: "Rent arrears",
		Priority: "urgent", ImmediateRisk: "none", Area: "north", Decision: casefile.Decision{Decision: "accept", DecidedOn: dates.MustParse("2026-11-02"), DecidedBy: "w.test", Worker: "w.test"}}
	files := map[string][]byte{}
	for name, v := range map[string]struct {
		kind casefile.Kind
		v    any
	}{"people.yaml": {casefile.KindPeople, people}, "intake.yaml": {casefile.KindIntake, in}} {
		data, ps, err := casefile.Encode(dir+"/"+name, v.kind, v.v, rules)
		if err != nil || len(cmdutil.OnlyErrors(ps)) > 0 {
			t.Fatalf("%s: %v %v", name, err, ps)
		}
		files[name] = data
	}
	if err := e.Repo.CreateCase(id, files); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(e.Repo.Abs(repo.PartnersDir), 0o700); err != nil {
		t.Fatal(err)
	}
	agency := "schema_version: 1\nid: ccas-north\nname: CCAS North\ncontact: 01 99 00 70 00\n"
	if err := os.WriteFile(filepath.Join(e.Repo.Abs(repo.PartnersDir), "ccas-north.yaml"), []byte(agency), 0o600); err != nil {
		t.Fatal(err)
	}
	if withConsent {
		k := &casefile.Consent{SchemaVersion: 1, Entry: casefile.Entry{RecordedAt: at.Add(24 * time.Hour), RecordedBy: "w.test"},
			Categories: []string{"identity", "housing"}, Excluded: []string{"mental_health"}, Recipients: []string{"ccas-north"},
			Purpose: "Rehousing", LegalBasis: "consent", Method: "written", SignedBy: "P-ab12", SignedOn: dates.MustParse("2026-11-03")}
		data, ps, err := casefile.Encode(dir+"/consents/2026-11-03-kkkkk.yaml", casefile.KindConsent, k, rules)
		if err != nil || len(cmdutil.OnlyErrors(ps)) > 0 {
			t.Fatalf("consent: %v %v", err, ps)
		}
		if _, err := e.Repo.AddEntry(id, "consents", "2026-11-03-kkkkk", data); err != nil {
			t.Fatal(err)
		}
	}
	return e, id
}

func run(t *testing.T, e *cmdtest.Env, args ...string) error {
	t.Helper()
	e.Out.Reset()
	e.ErrOut.Reset()
	cmd := NewCmd(e.F, nil)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetArgs(args)
	return cmd.Execute()
}

func load(t *testing.T, e *cmdtest.Env, id string) *casefile.Case {
	t.Helper()
	c, ps, err := e.Repo.LoadCase(id, repo.LoadOptions{Rules: casefile.Rules{Config: casefile.DefaultConfig()}})
	if err != nil || len(cmdutil.OnlyErrors(ps)) > 0 {
		t.Fatalf("load: %v %v", err, ps)
	}
	if ps := cmdutil.OnlyErrors(caseload.Check(c)); len(ps) > 0 {
		t.Fatalf("check: %v", ps)
	}
	return c
}

func TestRefusedWithoutConsentWritesNothing(t *testing.T) {
	e, id := env(t, false)
	err := run(t, e, id, "--to", "ccas-north", "--reason", "Rehousing", "--share", "identity")
	if err == nil || !strings.Contains(err.Error(), "no consent is recorded") {
		t.Fatalf("err = %v", err)
	}
	var h *cmdutil.HintError
	if !errors.As(err, &h) || !strings.Contains(h.Hint, "casework consent "+id) || !strings.Contains(h.Hint, "--draft") {
		t.Errorf("hint = %+v", h)
	}
	if c := load(t, e, id); len(c.Referrals) != 0 || e.Out.Len() != 0 {
		t.Errorf("written: %d referrals, stdout %q", len(c.Referrals), e.Out)
	}
	// A mistyped agency is refused with the likely one.
	err = run(t, e, id, "--to", "ccas-nort", "--reason", "Rehousing", "--draft")
	if err == nil || !strings.Contains(err.Error(), `did you mean "ccas-north"`) {
		t.Errorf("err = %v", err)
	}
}

func TestSendUpdateAndCloseTheLoop(t *testing.T) {
	e, id := env(t, true)
	if err := run(t, e, id, "--to", "ccas-north", "--reason", "Rehousing", "--share", "identity,housing", "--consent", "kkkkk", "--date", "2026-11-10"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	ref := strings.TrimSpace(e.Out.String())
	if !repo.IsID(ref) {
		t.Fatalf("stdout %q is not the referral id", e.Out)
	}
	c := load(t, e, id)
	r := c.Referrals[0].V
	if r.Status != "sent" || r.Consent != "2026-11-03-kkkkk" || r.Language != "ar" || !r.Interpreter || r.Urgency != "routine" {
		t.Errorf("referral = %+v", r)
	}
	steps := []struct {
		args []string
		want string // in the error; "" for success
	}{
		{[]string{"--status", "completed"}, "cannot go from sent to completed"},
		{[]string{"--close-loop", "--outcome", "x"}, "the loop is closed once the outcome is known"},
		{[]string{"--status", "received", "--date", "2026-11-09"}, "before the referral's latest news"},
		{[]string{"--status", "received", "--date", "2026-11-12"}, ""},
		{[]string{"--status", "received"}, "already received"},
		{[]string{"--status", "accepted"}, ""},
		{[]string{"--status", "in_progress"}, ""},
		{[]string{"--status", "completed", "--close-loop", "--outcome", "Housed in January"}, ""},
		{[]string{"--close-loop", "--outcome", "again"}, "was closed on"},
		{[]string{"--status", "in_progress"}, "cannot go from completed to in_progress"},
	}
	for _, s := range steps {
		err := run(t, e, append([]string{id, ref[11:]}, s.args...)...)
		if s.want == "" && err != nil {
			t.Fatalf("%v: %v", s.args, err)
		}
		if s.want != "" && (err == nil || !strings.Contains(err.Error(), s.want)) {
			t.Fatalf("%v: err = %v, want %q", s.args, err, s.want)
		}
	}
	st := caseload.Referrals(load(t, e, id), dates.Date{})[0]
	if st.Status != "completed" || !st.LoopClosed || len(st.Updates) != 4 {
		t.Errorf("state = %s loop %v, %d updates", st.Status, st.LoopClosed, len(st.Updates))
	}
	rows := Rows(load(t, e, id), dates.MustParse("2026-11-23"), map[string]string{"ccas-north": "CCAS North"})
	if len(rows) != 1 || rows[0].To != "CCAS North" || rows[0].Outcome != "Housed in January" || rows[0].NextAction != "none" || rows[0].DaysWithoutNews != 0 {
		t.Errorf("rows = %+v", rows)
	}
}

func TestDraftSentThroughTheGate(t *testing.T) {
	e, id := env(t, false)
	if err := run(t, e, id, "--to", "ccas-north", "--reason", "Rehousing", "--share", "identity", "--draft"); err != nil {
		t.Fatal(err)
	}
	ref := strings.TrimSpace(e.Out.String())
	if !strings.Contains(e.ErrOut.String(), "--status sent --consent CONSENT") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	if err := run(t, e, id, ref, "--status", "sent"); err == nil || !strings.Contains(err.Error(), "cannot be sent: no consent") {
		t.Fatalf("err = %v", err)
	}
	err := run(t, e, id, ref, "--status", "sent", "--legal-basis", "vital_interest", "--justification", "Imminent danger")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "warning: referral "+ref+" is sent without the client's consent") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	st := caseload.Referrals(load(t, e, id), dates.Date{})[0]
	if st.Status != "sent" || BasisOf(st).LegalBasis != "vital_interest" || BasisOf(st).Justification != "Imminent danger" {
		t.Errorf("state %s, basis %+v", st.Status, BasisOf(st))
	}
}
