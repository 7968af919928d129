package consent

import (
	"encoding/json"
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
	"github.com/casework/casework/pkg/cli/open"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

func do(t *testing.T, e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	t.Helper()
	e.Out.Reset()
	e.ErrOut.Reset()
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func must(t *testing.T, e *cmdtest.Env, cmd *cobra.Command, args ...string) string {
	t.Helper()
	if err := do(t, e, cmd, args...); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, e.ErrOut)
	}
	return e.Out.String()
}

func isUsage(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}

// parse runs the command line through a stub and returns the options it reached.
func parse(t *testing.T, args ...string) (*Options, error) {
	t.Helper()
	e := cmdtest.New(t, "")
	var got *Options
	err := do(t, e, NewCmd(e.F, func(o *Options) error { got = o; return nil }), args...)
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
		{[]string{"k7f3m", "--category", "housing"}, ModeRecord},
		{[]string{"k7f3m", "--expires", "+6m"}, ModeRecord},
		{[]string{"k7f3m", "--revoke", "ab3cd"}, ModeRevoke},
		{[]string{"k7f3m", "--revoke", "ab3cd", "--date", "yesterday", "--reason", "by phone"}, ModeRevoke},
	} {
		o, err := parse(t, tc.args...)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if o.Mode != tc.mode || o.Case != "k7f3m" {
			t.Errorf("%v: mode %q case %q, want %q", tc.args, o.Mode, o.Case, tc.mode)
		}
	}
}

func TestFlagsReachOptions(t *testing.T) {
	o, err := parse(t, "k7f3m", "--category", "housing", "--category", "plan", "--exclude", "mental_health",
		"--recipient", "ccas-furong", "--recipient", "Furong Habitat", "--purpose", "Rehousing", "--method", "written",
		"--signed-by", "P-ab12", "--authority", "guardian", "--signed-on", "2026-11-20", "--expires", "+6m",
		"--notice", "right_to_revoke", "--description", "housing file only", "--legal-basis", "explicit_consent")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Categories, []string{"housing", "plan"}) || !slices.Equal(o.Excluded, []string{"mental_health"}) ||
		!slices.Equal(o.Recipients, []string{"ccas-furong", "Furong Habitat"}) || o.Purpose != "Rehousing" || o.Method != "written" ||
		o.SignedBy != "P-ab12" || o.Authority != "guardian" || o.SignedOn != "2026-11-20" || o.Expires != "+6m" ||
		!slices.Equal(o.Notices, []string{"right_to_revoke"}) || o.Description != "housing file only" || o.LegalBasis != "explicit_consent" {
		t.Errorf("options = %+v", o)
	}
	o, err = parse(t, "k7f3m", "--category", "housing")
	if err != nil {
		t.Fatal(err)
	}
	if o.LegalBasis != "consent" || o.SignedBy != "client" || o.SignedOn != "today" || o.Date != "today" {
		t.Errorf("defaults = %+v", o)
	}
}

func TestFlagsThatDoNotMix(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"k7f3m", "--revoke", "x", "--category", "housing"}, "--revoke records a withdrawal; it does not go with --category"},
		{[]string{"k7f3m", "--list", "--purpose", "x"}, "--list does not go with --purpose"},
		{[]string{"k7f3m", "--list", "--revoke", "x"}, "--list does not go with --revoke"},
		{[]string{"k7f3m", "--date", "today"}, "--date goes with --revoke CONSENT"},
		{[]string{"k7f3m", "--date", "today", "--reason", "x"}, "--date and --reason go with --revoke CONSENT"},
		{[]string{"k7f3m", "--category", "housing", "-o", "json"}, "-o/--output is for listing consents"},
		{[]string{"k7f3m", "-o", "yaml"}, `unknown output format "yaml"`},
		{[]string{}, "needs one CASE"},
		{[]string{"a", "b"}, "needs one CASE"},
	} {
		_, err := parse(t, tc.args...)
		if err == nil || !isUsage(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error with %q", tc.args, err, tc.want)
		}
	}
}

func TestCheckRecordFlags(t *testing.T) {
	ok := Options{Categories: []string{"housing"}, Recipients: []string{"x"}, Purpose: "p", Method: "written", LegalBasis: "consent"}
	if err := checkRecordFlags(&ok); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		change func(o *Options)
		want   string
	}{
		{func(o *Options) { *o = Options{LegalBasis: "consent"} }, "missing --category, --recipient, --purpose, --method; nothing was written"},
		{func(o *Options) { o.Purpose = "  " }, "missing --purpose"},
		{func(o *Options) { o.Categories = []string{"housng"} }, `--category "housng" is not a known code (did you mean "housing"?)`},
		{func(o *Options) { o.Excluded = []string{"mental_helth"} }, `(did you mean "mental_health"?)`},
		{func(o *Options) { o.Excluded = []string{"housing"} }, "housing is both covered (--category) and excluded (--exclude)"},
		{func(o *Options) { o.Notices = []string{"right_to_revok"} }, `did you mean "right_to_revoke"`},
		{func(o *Options) { o.LegalBasis = "" }, "--legal-basis is empty"},
		{func(o *Options) { o.Method = "verbal" }, `--method "verbal" is not a known code`},
	} {
		o := ok
		tc.change(&o)
		err := checkRecordFlags(&o)
		if err == nil || !isUsage(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want a usage error with %q", err, tc.want)
		}
	}
}

func TestIdShaped(t *testing.T) {
	for s, want := range map[string]bool{"ccas-furong": true, "caf": true, "caf_2": true, "CAF": false, "Furong Habitat": false,
		"centre médico": false, "médecins": true} {
		if idShaped(s) != want {
			t.Errorf("idShaped(%q) = %v", s, !want)
		}
	}
}

func TestResolveRecipients(t *testing.T) {
	partners := map[string]*casefile.Partner{
		"ccas-furong": {ID: "ccas-furong", Name: "CCAS de Furong"},
		"caf":         {ID: "caf", Name: "Caisse d'allocations familiales"},
	}
	got, notes, err := resolveRecipients([]string{"ccas-furong", " Furong  Habitat ", "ccas de furong", "caf", "Furong Habitat"}, partners)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"ccas-furong", "Furong Habitat", "caf"}) {
		t.Errorf("recipients = %q", got)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "is agency ccas-furong of the directory") {
		t.Errorf("notes = %q", notes)
	}
	_, _, err = resolveRecipients([]string{"ccas-furon"}, partners)
	if err == nil || !isUsage(err) || !strings.Contains(err.Error(), `--recipient "ccas-furon" is not an agency of the partner directory (did you mean "ccas-furong"?)`) {
		t.Errorf("err = %v", err)
	}
	var hint *cmdutil.HintError
	if !errors.As(err, &hint) || !strings.Contains(hint.Hint, "casework agencies add ccas-furon") {
		t.Errorf("hint = %v", hint)
	}
	if _, _, err := resolveRecipients([]string{"  "}, partners); err == nil || !isUsage(err) {
		t.Errorf("an empty recipient: err = %v", err)
	}
}

func TestSignedBy(t *testing.T) {
	c := &casefile.Case{ID: "2026-11-02-abcde", Intake: &casefile.Intake{Client: "P-aaaa"},
		People: &casefile.People{People: []casefile.Person{{ID: "P-aaaa"}, {ID: "P-bbbb"}}}}
	for _, tc := range []struct {
		who, authority, want, err string
	}{
		{"client", "", "P-aaaa", ""},
		{"P-aaaa", "", "P-aaaa", ""},
		{"P-bbbb", "legal guardian", "P-bbbb", ""},
		{"p-BBBB", "legal guardian", "P-bbbb", ""},
		{"P-bbbb", "", "", "P-bbbb signed for the client: say on what authority"},
		{"client", "guardian", "", "--authority is for a representative"},
		{"P-bbbc", "guardian", "", "--signed-by P-bbbc is not in the people registry of case 2026-11-02-abcde (did you mean P-bbbb?)"},
		{"Andrés", "", "", `--signed-by "Andrés": use client, or the P- id`},
	} {
		got, err := signedBy(c, tc.who, tc.authority)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("signedBy(%q) = %q, %v; want %q", tc.who, got, err, tc.want)
		case tc.err != "" && (err == nil || !isUsage(err) || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("signedBy(%q) err = %v; want a usage error with %q", tc.who, err, tc.err)
		}
	}
}

func TestRowsDeriveStatus(t *testing.T) {
	d := dates.MustParse
	c := &casefile.Case{
		Consents: []casefile.Item[casefile.Consent]{
			{ID: "2026-11-01-aaaaa", V: &casefile.Consent{SignedOn: d("2026-11-01"), ExpiresOn: d("2026-12-10"), Categories: []string{"housing"}}},
			{ID: "2026-11-02-bbbbb", V: &casefile.Consent{SignedOn: d("2026-11-02"), ExpiresOn: d("2027-05-01")}},
			{ID: "2026-11-03-ccccc", V: &casefile.Consent{SignedOn: d("2026-11-03")}},
			{ID: "2026-10-01-ddddd", V: &casefile.Consent{SignedOn: d("2026-10-01"), ExpiresOn: d("2026-11-01")}},
			{ID: "2026-11-23-eeeee", V: &casefile.Consent{SignedOn: d("2026-11-22"), ExpiresOn: d("2026-11-24")}},
		},
		ConsentRevocations: []casefile.Item[casefile.ConsentRevocation]{
			{ID: "2026-11-20-fffff", V: &casefile.ConsentRevocation{Consent: "2026-11-03-ccccc", RevokedOn: d("2026-11-20")}},
		},
	}
	today := d("2026-11-23")
	rows := Rows(caseload.Consents(c, today), today, 30)
	var got []string
	for _, r := range rows {
		got = append(got, r.ID+" "+r.StatusText())
	}
	want := []string{
		"2026-10-01-ddddd expired",
		"2026-11-01-aaaaa active, expires in 17 days",
		"2026-11-02-bbbbb active",
		"2026-11-03-ccccc revoked on 2026-11-20",
		"2026-11-23-eeeee active, expires in 1 day",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b, _ := json.Marshal(rows[0])
	for _, key := range []string{`"expires_in_days":null`, `"excluded_categories":[]`, `"revoked_on":null`, `"status":"expired"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("json %s lacks %s", b, key)
		}
	}
}

func newCase(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	id := strings.TrimSpace(must(t, e, open.NewCmd(e.F, nil), "--client", "Awa Diallo", "--source", "self", "--engagement", "voluntary",
		"--request", "Rent arrears", "--priority", "urgent", "--area", "north", "--decision", "accept", "--received", "2026-11-02"))
	if !repo.IsID(id) {
		t.Fatalf("open printed %q", id)
	}
	return id
}

func TestRecordRevokeList(t *testing.T) {
	e := cmdtest.New(t, "")
	id := newCase(t, e)
	dir := filepath.Join(e.Repo.Root, "agencies")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ccas-north.yaml"), []byte("schema_version: 1\nid: ccas-north\nname: CCAS Nord\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := must(t, e, NewCmd(e.F, nil), id, "--category", "housing", "--category", "substance_use", "--exclude", "mental_health",
		"--recipient", "ccas-north", "--recipient", "Furong Habitat", "--purpose", "Rehousing", "--method", "written", "--expires", "+6m")
	kid := strings.TrimSpace(out)
	if !repo.IsID(kid) || !strings.HasPrefix(kid, "2026-11-23-") {
		t.Fatalf("consent printed %q", out)
	}
	if !strings.Contains(e.ErrOut.String(), "substance_use is a special category: explicit, specific consent is recommended") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	c, _, err := e.Repo.LoadCase(id, repo.LoadOptions{Rules: casefile.Rules{Config: casefile.DefaultConfig()}})
	if err != nil || len(c.Consents) != 1 {
		t.Fatalf("load: %v, %d consents", err, len(c.Consents))
	}
	k := c.Consents[0].V
	if k.SignedBy != c.Intake.Client || k.ExpiresOn != dates.MustParse("2027-05-23") || k.LegalBasis != "consent" || k.RecordedBy != "w.test" {
		t.Errorf("consent = %+v", k)
	}
	orig, err := os.ReadFile(e.Repo.Abs(c.Consents[0].Path))
	if err != nil {
		t.Fatal(err)
	}

	must(t, e, NewCmd(e.F, nil), id, "--revoke", kid[11:], "--reason", "by phone")
	if !strings.Contains(e.ErrOut.String(), "Revoked consent "+kid) {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	after, _ := os.ReadFile(e.Repo.Abs(c.Consents[0].Path))
	if string(after) != string(orig) {
		t.Error("revoking changed the consent's file")
	}
	err = do(t, e, NewCmd(e.F, nil), id, "--revoke", kid)
	if err == nil || !strings.Contains(err.Error(), "already revoked on 2026-11-23") {
		t.Errorf("revoking twice: %v", err)
	}
	err = do(t, e, NewCmd(e.F, nil), id, "--revoke", "2026-11-23-zzzzz")
	if err == nil || isUsage(err) || !strings.Contains(err.Error(), `has no consent "2026-11-23-zzzzz"`) {
		t.Errorf("unknown consent: %v", err)
	}

	out = must(t, e, NewCmd(e.F, nil), id, "-o", "json")
	var rows []Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0].Status != "revoked" {
		t.Errorf("list = %s (%v)", out, err)
	}
	out = must(t, e, NewCmd(e.F, nil), id, "--list", "-o", "tsv")
	if !strings.Contains(out, kid+"\trevoked on 2026-11-23\t2026-11-23\t2027-05-23\thousing, substance_use\tmental_health\tccas-north, Furong Habitat\n") {
		t.Errorf("tsv = %q", out)
	}
}

func TestNextRecordedAtFollowsConsents(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := &casefile.Case{Consents: []casefile.Item[casefile.Consent]{{V: &casefile.Consent{Entry: casefile.Entry{RecordedAt: at}}}}}
	if got := caseload.NextRecordedAt(c, at); !got.Equal(at.Add(time.Second)) {
		t.Errorf("nextRecordedAt = %v", got)
	}
}
