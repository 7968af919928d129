package report

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// canaries are strings planted in the source of each information category: the letter shows
// `present` when the category is shared and covered, and none of `absent` when it is not.
var canaries = map[string]struct{ present, absent []string }{
	"identity":           {[]string{"Canary Identityname", "1961-04-02"}, []string{"Canary Identityname", "1961-04-02"}},
	"contact_details":    {[]string{"CANARY-PHONE", "CANARY-ADDRESS", "canary-email@example.org"}, []string{"CANARY-PHONE", "CANARY-ADDRESS", "canary-email"}},
	"socio_economic":     {[]string{"CANARY-SOCIO"}, []string{"CANARY-SOCIO"}},
	"housing":            {[]string{"CANARY-HOUSING"}, []string{"CANARY-HOUSING"}},
	"income_employment":  {[]string{"CANARY-INCOME"}, []string{"CANARY-INCOME"}},
	"physical_health":    {[]string{"CANARY-PHYSICAL"}, []string{"CANARY-PHYSICAL"}},
	"mental_health":      {[]string{"CANARY-MENTAL-NOTE", "CANARY-MENTAL-RISK"}, []string{"CANARY-MENTAL"}},
	"substance_use":      {[]string{"CANARY-SUBSTANCE"}, []string{"CANARY-SUBSTANCE"}},
	"domestic_violence":  {[]string{"CANARY-DV"}, []string{"CANARY-DV"}},
	"child_protection":   {[]string{"CANARY-CHILD"}, []string{"CANARY-CHILD"}},
	"legal":              {[]string{"CANARY-LEGAL"}, []string{"CANARY-LEGAL"}},
	"assessment_summary": {[]string{"CANARY-SUMMARY"}, []string{"CANARY-SUMMARY"}},
	"risk_flags":         {nil, nil}, // codes only: checked through the labels of the risk domains
	"plan":               {[]string{"CANARY-PLAN-GOAL"}, []string{"CANARY-PLAN-GOAL", "CANARY-MENTAL-GOAL"}},
}

// canaryCase has content in the source of every information category, and a consent for each
// category that covers all the others and excludes it.
func canaryCase() *casefile.Case {
	at := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	entry := casefile.Entry{RecordedAt: at, RecordedBy: "w.test"}
	c := &casefile.Case{
		ID: "2026-11-02-k7m2q", Dir: "cases/2026-11-02-k7m2q",
		People: &casefile.People{SchemaVersion: 1, People: []casefile.Person{{
			ID: "P-c1", Name: "Canary Identityname", BirthDate: dates.MustParse("1961-04-02"),
			Phone: "CANARY-PHONE-0199", Address: "CANARY-ADDRESS 12 rue des Lilas", Email: "canary-email@example.org",
		}}},
		Intake: &casefile.Intake{SchemaVersion: 1, Entry: entry, Kind: "individual", ReceivedOn: dates.MustParse("2026-11-02"),
			Client: "P-c1", Source: "self", Engagement: "voluntary", Request: "Rent arrears", Priority: "urgent",
			ImmediateRisk: "none", Area: "north", Decision: casefile.Decision{Decision: "accept"}},
		Assessments: []casefile.Item[casefile.Assessment]{{ID: "2026-11-10-aaaaa", V: &casefile.Assessment{
			SchemaVersion: 1, Entry: entry, Date: dates.MustParse("2026-11-10"), Type: "initial",
			Summary: "CANARY-SUMMARY of the situation",
			Domains: map[string]casefile.DomainRating{
				"housing":              {Rating: 2, Summary: "CANARY-HOUSING eviction notice"},
				"socio_economic":       {Summary: "CANARY-SOCIO"},
				"income_employment":    {Summary: "CANARY-INCOME"},
				"physical_health":      {Summary: "CANARY-PHYSICAL"},
				"mental_health":        {Summary: "CANARY-MENTAL-NOTE"},
				"legal_administrative": {Summary: "CANARY-LEGAL"},
				"education":            {Summary: "never shared: no category"},
			},
			Risks: []casefile.Risk{
				{Domain: "substance_use", Level: "high", RiskFactors: []string{"CANARY-SUBSTANCE"}},
				{Domain: "domestic_violence", Level: "moderate", RiskFactors: []string{"CANARY-DV"}},
				{Domain: "child_protection", Level: "low", ProtectiveFactors: []string{"CANARY-CHILD"}},
				{Domain: "suicide_self_harm", Level: "low", Rationale: "CANARY-MENTAL-RISK"},
				{Domain: "housing_loss", Level: "high"},
				{Domain: "medical", Level: "moderate"},
				{Domain: "harm_to_others", Level: "critical"},
			},
		}}},
		Plan: &casefile.Plan{SchemaVersion: 1, Revision: 1, Goals: []casefile.Goal{
			{ID: "G1", Statement: "CANARY-PLAN-GOAL find a home", Domain: "education", Status: "active"},
			{ID: "G2", Statement: "CANARY-MENTAL-GOAL feel better", Domain: "mental_health", Status: "active"},
			{ID: "G3", Statement: "CANARY-DROPPED-GOAL", Status: "discontinued"},
		}},
	}
	all := casefile.Enums["info_category"]
	for _, x := range all {
		var others []string
		for _, cat := range all {
			if cat != x {
				others = append(others, cat)
			}
		}
		c.Consents = append(c.Consents, casefile.Item[casefile.Consent]{ID: "consent-" + x, V: &casefile.Consent{
			SchemaVersion: 1, Entry: entry, Categories: others, Excluded: []string{x}, Recipients: []string{"agency-x"},
			Purpose: "Rehousing", LegalBasis: "consent", Method: "written", SignedBy: "P-c1", SignedOn: dates.MustParse("2026-11-10"),
		}})
	}
	return c
}

func canaryReferral(cats []string) *casefile.Item[casefile.Referral] {
	return &casefile.Item[casefile.Referral]{ID: "2026-11-20-rrrrr", V: &casefile.Referral{
		SchemaVersion: 1, Date: dates.MustParse("2026-11-20"), To: casefile.ReferralTo{Agency: "agency-x"},
		Reason: "Rehousing application", Services: []string{"Social housing"}, Urgency: "urgent",
		RespondBy: dates.MustParse("2026-12-04"), Language: "fr", Interpreter: true, Categories: cats, Status: "sent",
	}}
}

// riskCategories are the risk domains planted and the category each discloses ("" for none).
var riskCategories = map[string]string{"substance_use": "substance_use", "domestic_violence": "domestic_violence",
	"child_protection": "child_protection", "suicide_self_harm": "mental_health", "housing_loss": "housing",
	"medical": "physical_health", "harm_to_others": ""}

func label(cat *Catalog, code string) string {
	if v := cat.Codes[code]; v != "" {
		return v
	}
	return code
}

func renderLetter(t *testing.T, lang string, l ReferralLetter) string {
	t.Helper()
	out, err := Renderer{}.Render("referral-letter.md.tmpl", lang, l)
	if err != nil {
		t.Fatalf("Render(%s): %v", lang, err)
	}
	text := string(out)
	for _, residue := range []string{"<no value>", "{{", "}}", "%!"} {
		if strings.Contains(text, residue) {
			t.Errorf("%s letter holds template residue %q:\n%s", lang, residue, text)
		}
	}
	return text
}

// TestLetterNeverDisclosesAnExcludedCategory shares every category under a consent that
// excludes one, for each category in turn, and reads the letter in every language: nothing of
// the excluded category may appear, and everything of the others must.
func TestLetterNeverDisclosesAnExcludedCategory(t *testing.T) {
	cats := catalogs(t)
	c := canaryCase()
	all := casefile.Enums["info_category"]
	if len(canaries) != len(all) {
		t.Fatalf("canaries cover %d categories, info_category has %d: plant one for the new category", len(canaries), len(all))
	}
	for _, x := range all {
		l := ViewReferralLetter(ReferralLetterInput{Case: c, Referral: canaryReferral(all), Agency: "Test agency",
			Worker: "A. Martin", Date: dates.MustParse("2026-11-23"), Basis: ReferralBasis{Consent: "consent-" + x},
			Partner: &casefile.Partner{ID: "agency-x", Name: "Agency X", Contact: "01 00"}})
		if !slices.Equal(l.Withheld, []string{x}) || !strings.Contains(l.WithheldWhy, "consent-"+x) {
			t.Errorf("excluding %s: withheld %v (%s), want [%s]", x, l.Withheld, l.WithheldWhy, x)
		}
		for _, lang := range Languages {
			text := renderLetter(t, lang, l)
			cat := cats[lang]
			for _, s := range canaries[x].absent {
				if strings.Contains(text, s) {
					t.Errorf("%s letter, %s excluded, discloses %q:\n%s", lang, x, s, text)
				}
			}
			if h := "### " + label(cat, x); strings.Contains(text, h+"\n") {
				t.Errorf("%s letter, %s excluded, has its heading %q", lang, x, h)
			}
			for domain, rc := range riskCategories {
				shown := strings.Contains(text, "**"+label(cat, domain)+"**")
				if want := rc != x && !(rc == "" && x == "risk_flags"); shown != want {
					t.Errorf("%s letter, %s excluded: risk %s shown=%v, want %v:\n%s", lang, x, domain, shown, want, text)
				}
			}
			for y, cv := range canaries {
				if y == x {
					continue
				}
				for _, s := range cv.present {
					if !strings.Contains(text, s) {
						t.Errorf("%s letter, %s excluded, lacks %q of %s:\n%s", lang, x, s, y, text)
					}
				}
			}
			for _, never := range []string{"CANARY-DROPPED-GOAL", "never shared"} {
				if strings.Contains(text, never) {
					t.Errorf("%s letter holds %q", lang, never)
				}
			}
			respondBy := "2026-12-04" // dates as the language writes them
			if lang != "en" {
				respondBy = "04/12/2026"
			}
			for _, want := range []string{"Rehousing application", "Social housing", respondBy, "Agency X", "Test agency",
				"consent-" + x, label(cat, "urgent"), cat.Labels["interpreter"]} {
				if !strings.Contains(text, want) {
					t.Errorf("%s letter lacks the packet's %q", lang, want)
				}
			}
		}
	}
}

// TestLetterSharesOnlyWhatTheReferralShares: a consent covering more than the referral needs
// does not widen it (minimum necessary).
func TestLetterSharesOnlyWhatTheReferralShares(t *testing.T) {
	c := canaryCase()
	l := ViewReferralLetter(ReferralLetterInput{Case: c, Referral: canaryReferral([]string{"identity"}),
		Date: dates.MustParse("2026-11-23"), Basis: ReferralBasis{Consent: "consent-plan"}})
	if len(l.Sections) != 1 || l.Sections[0].Category != "identity" || len(l.Withheld) != 0 {
		t.Fatalf("sections %+v, withheld %v", l.Sections, l.Withheld)
	}
	text := renderLetter(t, "en", l)
	for x, cv := range canaries {
		if x == "identity" {
			continue
		}
		for _, s := range cv.absent {
			if strings.Contains(text, s) {
				t.Errorf("letter sharing identity only discloses %q (%s)", s, x)
			}
		}
	}
}

// TestLetterUnderLegalBasis: without consent, only the categories shared, with the basis and
// the justification printed.
func TestLetterUnderLegalBasis(t *testing.T) {
	cats := catalogs(t)
	c := canaryCase()
	b := ReferralBasis{LegalBasis: "vital_interest", Justification: "Imminent danger, client unreachable"}
	l := ViewReferralLetter(ReferralLetterInput{Case: c, Referral: canaryReferral([]string{"identity", "domestic_violence"}),
		Date: dates.MustParse("2026-11-23"), Basis: b})
	for _, lang := range Languages {
		text := renderLetter(t, lang, l)
		for _, want := range []string{"Canary Identityname", "CANARY-DV", b.Justification, label(cats[lang], "vital_interest"), cats[lang].Labels["letter_legal_basis"]} {
			if !strings.Contains(text, want) {
				t.Errorf("%s letter lacks %q:\n%s", lang, want, text)
			}
		}
		for x, cv := range canaries {
			if x == "identity" || x == "domestic_violence" {
				continue
			}
			for _, s := range cv.absent {
				if strings.Contains(text, s) {
					t.Errorf("%s letter under a legal basis discloses %q (%s, not shared)", lang, s, x)
				}
			}
		}
	}
	// A legal basis with no justification covers nothing.
	l = ViewReferralLetter(ReferralLetterInput{Case: c, Referral: canaryReferral([]string{"identity"}),
		Date: dates.MustParse("2026-11-23"), Basis: ReferralBasis{LegalBasis: "vital_interest"}})
	if len(l.Sections) != 0 || !slices.Equal(l.Withheld, []string{"identity"}) {
		t.Errorf("unjustified basis: sections %+v, withheld %v", l.Sections, l.Withheld)
	}
}

// TestLetterWithoutAValidConsentSharesNothing: revoked, expired, not yet signed, naming
// another recipient, or no basis at all.
func TestLetterWithoutAValidConsentSharesNothing(t *testing.T) {
	cats := catalogs(t)
	all := casefile.Enums["info_category"]
	for _, tc := range []struct {
		name  string
		edit  func(c *casefile.Case)
		basis ReferralBasis
		date  string
	}{
		{"revoked", func(c *casefile.Case) {
			c.ConsentRevocations = append(c.ConsentRevocations, casefile.Item[casefile.ConsentRevocation]{ID: "rv",
				V: &casefile.ConsentRevocation{SchemaVersion: 1, Consent: "consent-plan", RevokedOn: dates.MustParse("2026-11-21")}})
		}, ReferralBasis{Consent: "consent-plan"}, "2026-11-23"},
		{"expired", func(c *casefile.Case) { c.Consents[0].V.ExpiresOn = dates.MustParse("2026-11-22") },
			ReferralBasis{Consent: c0()}, "2026-11-23"},
		{"not yet signed", func(*casefile.Case) {}, ReferralBasis{Consent: "consent-plan"}, "2026-11-01"},
		{"other recipient", func(c *casefile.Case) { c.Consents[0].V.Recipients = []string{"agency-y"} },
			ReferralBasis{Consent: c0()}, "2026-11-23"},
		{"unknown consent", func(*casefile.Case) {}, ReferralBasis{Consent: "nope"}, "2026-11-23"},
		{"no basis", func(*casefile.Case) {}, ReferralBasis{}, "2026-11-23"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := canaryCase()
			tc.edit(c)
			l := ViewReferralLetter(ReferralLetterInput{Case: c, Referral: canaryReferral(all), Date: dates.MustParse(tc.date), Basis: tc.basis})
			if len(l.Sections) != 0 || len(l.Withheld) != len(all) || l.WithheldWhy == "" {
				t.Fatalf("sections %d, withheld %v (%s)", len(l.Sections), l.Withheld, l.WithheldWhy)
			}
			for _, lang := range Languages {
				text := renderLetter(t, lang, l)
				if strings.Contains(strings.ToUpper(text), "CANARY") {
					t.Errorf("%s letter discloses a canary:\n%s", lang, text)
				}
				if !strings.Contains(text, cats[lang].Labels["letter_no_client_information"]) {
					t.Errorf("%s letter does not say nothing is shared:\n%s", lang, text)
				}
			}
		})
	}
}

// c0 is the id of canaryCase's first consent.
func c0() string { return "consent-" + casefile.Enums["info_category"][0] }

func TestLetterSaysWhenACategoryHoldsNothing(t *testing.T) {
	cats := catalogs(t)
	c := canaryCase()
	c.Plan, c.Assessments = nil, nil
	l := ViewReferralLetter(ReferralLetterInput{Case: c, Referral: canaryReferral([]string{"identity", "plan"}),
		Date: dates.MustParse("2026-11-23"), Basis: ReferralBasis{Consent: "consent-housing"}})
	if len(l.Sections) != 2 || !l.Sections[1].Empty || l.Sections[0].Empty {
		t.Fatalf("sections %+v", l.Sections)
	}
	text := renderLetter(t, "fr", l)
	if !strings.Contains(text, cats["fr"].Labels["letter_nothing_recorded"]) {
		t.Errorf("letter does not say the plan holds nothing:\n%s", text)
	}
}
