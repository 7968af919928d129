package assess

import (
	"errors"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
)

func TestParsePair(t *testing.T) {
	for _, tc := range []struct {
		in, name, value string
		ok              bool
	}{
		{"socio_economic=2", "socio_economic", "2", true},
		{" housing = Eviction notice ", "housing", "Eviction notice", true},
		{"housing=rent = 900 a month", "housing", "rent = 900 a month", true},
		{"housing", "", "", false},
		{"=2", "", "", false},
		{"housing=", "", "", false},
		{"housing=   ", "", "", false},
	} {
		p, err := parsePair("domain", tc.in, "socio_economic=2")
		if (err == nil) != tc.ok {
			t.Errorf("parsePair(%q): err = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			var fe *cmdutil.FlagError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), "NAME=VALUE, e.g. --domain socio_economic=2") {
				t.Errorf("parsePair(%q): err = %v, want a usage error with an example", tc.in, err)
			}
			continue
		}
		if p.name != tc.name || p.value != tc.value {
			t.Errorf("parsePair(%q) = %q, %q; want %q, %q", tc.in, p.name, p.value, tc.name, tc.value)
		}
	}
}

func TestParseLevelAliases(t *testing.T) {
	for in, want := range map[string]string{"medium": "moderate", "severe": "critical", "imminent": "critical", "High": "high", "none": "none"} {
		got, err := parseLevel(pair{"domestic_violence", in})
		if err != nil || got != want {
			t.Errorf("parseLevel(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := parseLevel(pair{"domestic_violence", "hihg"})
	if err == nil || !strings.Contains(err.Error(), `did you mean "high"?`) {
		t.Errorf("parseLevel(hihg) = %v, want a suggestion", err)
	}
}

func TestParseRating(t *testing.T) {
	for _, v := range []string{"0", "6", "two", "2.5"} {
		if _, err := parseRating(pair{"housing", v}); err == nil {
			t.Errorf("rating %q accepted", v)
		}
	}
	if n, err := parseRating(pair{"housing", "5"}); err != nil || n != 5 {
		t.Errorf("rating 5 = %d, %v", n, err)
	}
}

func TestCheckNameSuggests(t *testing.T) {
	err := checkName("risk", "risk_domain", pair{"domestic_violense", "high"})
	if err == nil || !strings.Contains(err.Error(), `did you mean "domestic_violence"?`) {
		t.Errorf("err = %v", err)
	}
	if err := checkName("risk", "risk_domain", pair{"self_neglect", "low"}); err != nil {
		t.Error(err)
	}
}

// flags runs the command line through the flag layer and returns the assessment the flags
// build on an empty one.
func flags(t *testing.T, args ...string) (*casefile.Assessment, error) {
	t.Helper()
	e := cmdtest.New(t, "")
	var o *Options
	cmd := NewCmd(e.F, func(x *Options) error { o = x; return nil })
	cmd.SetArgs(append([]string{"k7f3m"}, args...))
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	p, err := parseFlags(o)
	if err != nil {
		return nil, err
	}
	a := &casefile.Assessment{Date: p.date}
	return a, p.apply(o, a)
}

func TestFlagsBuildTheAssessment(t *testing.T) {
	a, err := flags(t, "--type", "initial", "--date", "-2d", "--method", "interview", "--method", "home_visit", "--method", "interview",
		"--summary", "First visit", "--domain", "socio_economic=2", "--domain-note", "socio_economic=Rent arrears", "--domain-note", "housing=Damp flat",
		"--strength", "Close to her sister", "--resource", "Food bank nearby",
		"--risk", "domestic_violence=severe", "--risk", "suicide_self_harm=medium",
		"--risk-factor", "domestic_violence=Threats since the separation", "--risk-factor", "domestic_violence=Partner has her address",
		"--protective", "domestic_violence=Sister nearby", "--rationale", "domestic_violence=Threats escalated",
		"--risk-review", "domestic_violence=+1w")
	if err != nil {
		t.Fatal(err)
	}
	if a.Type != "initial" || a.Date.String() != "2026-11-21" || strings.Join(a.Methods, ",") != "interview,home_visit" || a.Summary != "First visit" {
		t.Errorf("assessment = %+v", a)
	}
	if d := a.Domains["socio_economic"]; d.Rating != 2 || d.Summary != "Rent arrears" {
		t.Errorf("socio_economic = %+v", d)
	}
	if d := a.Domains["housing"]; d.Rating != 0 || d.Summary != "Damp flat" {
		t.Errorf("housing = %+v", d)
	}
	if len(a.Risks) != 2 {
		t.Fatalf("risks = %+v", a.Risks)
	}
	dv := a.Risks[0]
	if dv.Domain != "domestic_violence" || dv.Level != "critical" || len(dv.RiskFactors) != 2 || dv.ProtectiveFactors[0] != "Sister nearby" ||
		dv.Rationale != "Threats escalated" || dv.NextReview.String() != "2026-11-30" {
		t.Errorf("domestic_violence = %+v", dv)
	}
	if a.Risks[1].Level != "moderate" {
		t.Errorf("medium was stored as %q", a.Risks[1].Level)
	}
}

func TestRiskDetailsNeedTheirRisk(t *testing.T) {
	_, err := flags(t, "--risk", "medical=low", "--risk-factor", "domestic_violence=Threats")
	if err == nil || !strings.Contains(err.Error(), "no domestic_violence risk is recorded in this assessment; give its level too: --risk domestic_violence=LEVEL") {
		t.Errorf("err = %v", err)
	}
}

func TestBadFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--domain", "socio_economics=2"}, `did you mean "socio_economic"?`},
		{[]string{"--domain", "housing=7"}, "a rating is a whole number from 1 (in crisis) to 5 (thriving)"},
		{[]string{"--risk", "domestic_violence"}, "write NAME=VALUE"},
		{[]string{"--risk", "domestic_violence=hihg"}, `did you mean "high"?`},
		{[]string{"--risk", "medical=low", "--risk", "medical=high"}, "--risk medical is given twice"},
		{[]string{"--type", "intial"}, `did you mean "initial"?`},
		{[]string{"--method", "home_vist"}, `did you mean "home_visit"?`},
		{[]string{"--risk", "medical=low", "--risk-review", "medical=someday"}, "--risk-review"},
	} {
		_, err := flags(t, tc.args...)
		var fe *cmdutil.FlagError
		if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestParseInstruments(t *testing.T) {
	e := cmdtest.New(t, "")
	o := &Options{F: e.F, PHQ9: "1,2,0,1,1,0,0,1,0", GAD7: "1 1 0 2 0 1 0", Instruments: []string{"wellbeing=3,4,5"}}
	gs, err := parseInstruments(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 3 || gs[0].id != "phq9" || len(gs[0].answers) != 9 || gs[1].id != "gad7" || len(gs[1].answers) != 7 ||
		gs[2].id != "wellbeing" || gs[2].answers[2] != 5 {
		t.Errorf("given = %+v", gs)
	}
	o = &Options{F: e.F, PHQ9: "1,2,,0"}
	if _, err := parseInstruments(o); err == nil || !strings.HasPrefix(err.Error(), "--phq9: answer 3 is missing") {
		t.Errorf("err = %v", err)
	}
	o = &Options{F: e.F, PHQ9: "0,0,0,0,0,0,0,0,0", Instruments: []string{"phq9=0,0,0,0,0,0,0,0,0"}}
	if _, err := parseInstruments(o); err == nil || !strings.Contains(err.Error(), "phq9 is given twice") {
		t.Errorf("err = %v", err)
	}
}
