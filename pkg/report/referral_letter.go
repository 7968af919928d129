package report

import (
	"slices"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/redact"
)

// ReferralLetterInput is what a referral letter is built from. Basis is what the disclosure
// relies on: the referral's own consent or legal basis, or the one a draft was sent under.
type ReferralLetterInput struct {
	Case     *casefile.Case
	Referral *casefile.Item[casefile.Referral]
	// Partner is the recipient's entry in the partner directory; nil for a service named ad hoc.
	Partner *casefile.Partner
	Agency  string     // the sending agency (config agency.name)
	Worker  string     // the practitioner who refers
	Date    dates.Date // the letter's date: the consent is judged as of it
	Basis   ReferralBasis
}

// ReferralBasis is a consent, or another legal basis with its justification.
type ReferralBasis struct {
	Consent       string
	LegalBasis    string
	Justification string
}

// ReferralLetter is the data of templates/referral-letter.md.tmpl. It holds the client's
// information of the categories the referral shares AND its basis allows, and nothing else
// (domain-reference §10.3, §10.5 "referral" profile).
type ReferralLetter struct {
	Agency        string
	Worker        string
	Date          string
	Reference     string // the referral's id: a reference for the reply, not an identifier of the person
	ReferralDate  string
	To            LetterRecipient
	Reason        string
	Services      []string
	Urgency       string
	RespondBy     string
	Language      string
	Interpreter   bool
	Consent       *LetterConsent
	LegalBasis    string // set when shared without consent
	Justification string
	Sections      []LetterSection
	// Withheld are the categories the referral shares that its basis does not cover, with why.
	// They are for the practitioner; the template never prints them (naming a withheld category
	// would itself disclose something).
	Withheld    []string
	WithheldWhy string
}

// LetterRecipient is the receiving service.
type LetterRecipient struct {
	Name    string
	Service string
	Contact string
	Address string
}

// LetterConsent references the consent the disclosure relies on.
type LetterConsent struct {
	ID        string
	SignedOn  string
	ExpiresOn string
	Purpose   string
}

// LetterSection is the content of one information category.
type LetterSection struct {
	Category  string
	Identity  *LetterIdentity
	Contact   *LetterContact
	Summary   string
	SummaryOn string
	Domain    *LetterDomain
	Risks     []LetterRisk
	Goals     []string
	// Empty: the category is shared but the case holds nothing for it yet.
	Empty bool
}

// LetterIdentity is who the person is.
type LetterIdentity struct {
	Name      string
	BirthDate string
}

// LetterContact is how to reach the person.
type LetterContact struct {
	Phone   string
	Address string
	Email   string
}

// LetterDomain is the latest note on a life domain.
type LetterDomain struct {
	Domain  string
	On      string
	Rating  int
	Summary string
}

// LetterRisk is a current risk level; in a category's own section, with its factors.
type LetterRisk struct {
	Domain            string
	Level             string
	On                string
	RiskFactors       []string
	ProtectiveFactors []string
	Rationale         string
}

// categoryDomain and riskCategory say what an information category covers; the referral
// profile of other exports follows the same (pkg/redact).
var (
	categoryDomain = redact.CategoryDomain
	riskCategory   = redact.RiskCategory
)

// domainCategory is categoryDomain reversed: a plan goal of a life domain belongs to that
// domain's category.
var domainCategory = func() map[string]string {
	out := map[string]string{}
	for c, d := range categoryDomain {
		out[d] = c
	}
	return out
}()

// PermittedCategories returns the categories of shared that basis allows disclosing to one of
// recipients as of a date, and why the others are withheld. Under a consent: those the consent
// covers and does not exclude, provided it is active and names the recipient. Under another
// legal basis with a justification: every category shared. Otherwise: none.
func PermittedCategories(c *casefile.Case, asOf dates.Date, recipients, shared []string, b ReferralBasis) (permitted []string, why string) {
	switch {
	case b.Consent != "":
		var reasons []string
		var k *caseload.ConsentState
		for _, rc := range recipients {
			if rc == "" {
				continue
			}
			st, reason := caseload.ConsentCovers(c, asOf, b.Consent, rc, nil)
			if reason == "" {
				k = st
				break
			}
			reasons = append(reasons, reason)
		}
		if k == nil {
			if len(reasons) == 0 {
				return nil, "the referral names no recipient"
			}
			return nil, reasons[0]
		}
		var out []string
		for _, cat := range shared {
			if slices.Contains(k.Consent.V.Categories, cat) && !slices.Contains(k.Consent.V.Excluded, cat) {
				out = append(out, cat)
			}
		}
		if len(out) < len(shared) {
			why = "consent " + b.Consent + " does not cover them"
		}
		return out, why
	case b.LegalBasis != "" && b.LegalBasis != "consent" && strings.TrimSpace(b.Justification) != "":
		return append([]string(nil), shared...), ""
	case b.LegalBasis != "" && b.LegalBasis != "consent":
		return nil, "legal basis " + b.LegalBasis + " has no justification"
	}
	return nil, "no consent or legal basis is recorded for this referral"
}

// ViewReferralLetter builds a referral letter: the referral packet (reason, services, urgency,
// response date, language needs, consent reference) and, for each category shared and
// permitted, the matching content of the case as of the letter's date. It is a pure function.
func ViewReferralLetter(in ReferralLetterInput) ReferralLetter {
	c, ref := in.Case, in.Referral.V
	l := ReferralLetter{
		Agency: in.Agency, Worker: in.Worker, Date: ds(in.Date), Reference: in.Referral.ID,
		ReferralDate: ds(ref.Date), Reason: ref.Reason, Services: ref.Services, Urgency: ref.Urgency,
		RespondBy: ds(ref.RespondBy), Language: ref.Language, Interpreter: ref.Interpreter,
		To: LetterRecipient{Name: ref.To.Name, Service: ref.To.Service, Contact: ref.To.Contact},
	}
	recipients := []string{ref.To.Agency, ref.To.Name}
	if p := in.Partner; p != nil {
		if l.To.Name == "" {
			l.To.Name = p.Name
		}
		if l.To.Contact == "" {
			l.To.Contact = p.Contact
		}
		l.To.Address = p.Address
		recipients = append(recipients, p.Name)
	}
	if l.To.Name == "" {
		l.To.Name = ref.To.Agency
	}
	if b := in.Basis; b.Consent != "" {
		l.Consent = &LetterConsent{ID: b.Consent}
		for _, k := range c.Consents {
			if k.ID == b.Consent {
				l.Consent.SignedOn, l.Consent.ExpiresOn, l.Consent.Purpose = ds(k.V.SignedOn), ds(k.V.ExpiresOn), k.V.Purpose
			}
		}
	} else if b.LegalBasis != "" {
		l.LegalBasis, l.Justification = b.LegalBasis, strings.TrimSpace(b.Justification)
	}
	shared := ordered(ref.Categories)
	permitted, why := PermittedCategories(c, in.Date, recipients, shared, in.Basis)
	for _, cat := range shared {
		if !slices.Contains(permitted, cat) {
			l.Withheld = append(l.Withheld, cat)
		}
	}
	if len(l.Withheld) > 0 {
		l.WithheldWhy = why
	}
	for _, cat := range permitted {
		l.Sections = append(l.Sections, section(c, in.Date, cat, permitted))
	}
	return l
}

// ordered puts categories in the order of their codes, without repeats.
func ordered(cats []string) []string {
	var out []string
	for _, code := range casefile.Enums["info_category"] {
		if slices.Contains(cats, code) {
			out = append(out, code)
		}
	}
	return out
}

// section gathers one category's content. permitted decides which risks and goals may appear.
func section(c *casefile.Case, asOf dates.Date, cat string, permitted []string) LetterSection {
	s := LetterSection{Category: cat}
	as := assessmentsAsOf(c, asOf)
	allowedRisk := func(domain string) bool {
		rc, ok := riskCategory[domain]
		return !ok || slices.Contains(permitted, rc)
	}
	switch cat {
	case "identity":
		if p := c.Client(); p.Name != "" || !p.BirthDate.IsZero() {
			s.Identity = &LetterIdentity{Name: p.Name, BirthDate: ds(p.BirthDate)}
		}
	case "contact_details":
		if p := c.Client(); p.Phone != "" || p.Address != "" || p.Email != "" {
			s.Contact = &LetterContact{Phone: p.Phone, Address: p.Address, Email: p.Email}
		}
	case "assessment_summary":
		for i := len(as) - 1; i >= 0; i-- {
			if sum := strings.TrimSpace(as[i].V.Summary); sum != "" {
				s.Summary, s.SummaryOn = sum, ds(as[i].V.Date)
				break
			}
		}
	case "risk_flags":
		latest := caseload.LatestRisks(c, asOf)
		for _, d := range casefile.Enums["risk_domain"] {
			if r, ok := latest[d]; ok && allowedRisk(d) {
				s.Risks = append(s.Risks, LetterRisk{Domain: d, Level: r.Level, On: ds(r.On)})
			}
		}
	case "plan":
		if p := c.Plan; p != nil {
			for _, g := range p.Goals {
				if g.Status == "discontinued" || g.Status == "replaced" {
					continue
				}
				if dc, ok := domainCategory[g.Domain]; ok && !slices.Contains(permitted, dc) {
					continue
				}
				s.Goals = append(s.Goals, g.Statement)
			}
		}
	}
	if d, ok := categoryDomain[cat]; ok {
		for i := len(as) - 1; i >= 0; i-- {
			if dr, ok := as[i].V.Domains[d]; ok && (strings.TrimSpace(dr.Summary) != "" || dr.Rating > 0) {
				s.Domain = &LetterDomain{Domain: d, On: ds(as[i].V.Date), Rating: dr.Rating, Summary: strings.TrimSpace(dr.Summary)}
				break
			}
		}
	}
	if cat != "risk_flags" {
		latest := caseload.LatestRisks(c, asOf)
		for _, d := range casefile.Enums["risk_domain"] {
			if r, ok := latest[d]; ok && riskCategory[d] == cat {
				s.Risks = append(s.Risks, LetterRisk{Domain: d, Level: r.Level, On: ds(r.On),
					RiskFactors: r.RiskFactors, ProtectiveFactors: r.ProtectiveFactors, Rationale: strings.TrimSpace(r.Rationale)})
			}
		}
	}
	s.Empty = s.Identity == nil && s.Contact == nil && s.Summary == "" && s.Domain == nil && len(s.Risks) == 0 && len(s.Goals) == 0
	return s
}

// assessmentsAsOf are the assessments dated up to asOf (zero: all), oldest first.
func assessmentsAsOf(c *casefile.Case, asOf dates.Date) []casefile.Item[casefile.Assessment] {
	var as []casefile.Item[casefile.Assessment]
	for _, a := range c.Assessments {
		if asOf.IsZero() || !a.V.Date.After(asOf) {
			as = append(as, a)
		}
	}
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i].V, as[j].V
		if cmp := a.Date.Compare(b.Date); cmp != 0 {
			return cmp < 0
		}
		return a.RecordedAt.Before(b.RecordedAt)
	})
	return as
}
