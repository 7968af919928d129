package assess

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/schema"
)

// pair is a NAME=VALUE flag value.
type pair struct{ name, value string }

// parsePair reads NAME=VALUE: the name is what comes before the first "=", the value (which may
// hold "=" of its own) what follows.
func parsePair(flag, s, example string) (pair, error) {
	name, value, ok := strings.Cut(s, "=")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || name == "" || value == "" {
		return pair{}, cmdutil.UsageErrorf("--%s %q: write NAME=VALUE, e.g. --%s %s", flag, s, flag, example)
	}
	return pair{name, value}, nil
}

// checkName refuses a NAME that is not a code of enum, suggesting the likely one.
func checkName(flag, enum string, p pair) error {
	if casefile.IsCode(enum, p.name) {
		return nil
	}
	codes := casefile.Enums[enum]
	if s := schema.Suggest(p.name, codes); s != "" {
		return cmdutil.UsageErrorf("--%s %s=…: %q is not a known %s (did you mean %q?); use %s",
			flag, p.name, p.name, strings.ReplaceAll(enum, "_", " "), s, schema.OneOf(codes))
	}
	return cmdutil.UsageErrorf("--%s %s=…: %q is not a known %s; use %s", flag, p.name, p.name, strings.ReplaceAll(enum, "_", " "), schema.OneOf(codes))
}

// pairs parses every value of a repeatable NAME=VALUE flag whose names are codes of enum.
func pairs(flag, enum, example string, values []string) ([]pair, error) {
	out := make([]pair, 0, len(values))
	for _, v := range values {
		p, err := parsePair(flag, v, example)
		if err != nil {
			return nil, err
		}
		if err := checkName(flag, enum, p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// parseRating reads a domain rating, a whole number from 1 (in crisis) to 5 (thriving).
func parseRating(p pair) (int, error) {
	n, err := strconv.Atoi(p.value)
	if err != nil || n < 1 || n > 5 {
		return 0, cmdutil.UsageErrorf("--domain %s=%s: a rating is a whole number from 1 (in crisis) to 5 (thriving)", p.name, p.value)
	}
	return n, nil
}

// parseLevel reads a risk level, accepting the words practitioners use (medium, severe,
// imminent) and returning the stored code.
func parseLevel(p pair) (string, error) {
	level := casefile.NormaliseRisk(strings.ToLower(p.value))
	if casefile.IsCode("risk_level", level) {
		return level, nil
	}
	codes := casefile.RiskLevels
	if s := schema.Suggest(level, codes); s != "" {
		return "", cmdutil.UsageErrorf("--risk %s=%s: %q is not a risk level (did you mean %q?); use %s (medium, severe and imminent are understood)",
			p.name, p.value, p.value, s, schema.OneOf(codes))
	}
	return "", cmdutil.UsageErrorf("--risk %s=%s: %q is not a risk level; use %s (medium, severe and imminent are understood)",
		p.name, p.value, p.value, schema.OneOf(codes))
}

// parsed is what the flags say, checked, before the case is read.
type parsed struct {
	typ       string
	date      dates.Date
	methods   []string
	ratings   []pair
	notes     []pair
	risks     []pair // value: the stored level
	factors   []pair
	protect   []pair
	rationale []pair
	reviews   map[string]dates.Date
	reviewOrd []string
}

// parseFlags checks every flag that does not need the case.
func parseFlags(o *Options) (*parsed, error) {
	f := o.F
	p := &parsed{reviews: map[string]dates.Date{}}
	if o.Type != "" {
		if err := cmdutil.CheckCode("type", "assessment_type", o.Type); err != nil {
			return nil, err
		}
		p.typ = o.Type
	}
	for _, m := range o.Methods {
		if err := cmdutil.CheckCode("method", "assessment_method", m); err != nil {
			return nil, err
		}
		if !slices.Contains(p.methods, m) {
			p.methods = append(p.methods, m)
		}
	}
	if strings.TrimSpace(o.Summary) == "" && o.Summary != "" {
		return nil, cmdutil.UsageErrorf("--summary is empty; write the assessment's summary or leave the flag out")
	}
	var err error
	if p.ratings, err = pairs("domain", "assessment_domain", "socio_economic=2", o.Domains); err != nil {
		return nil, err
	}
	for _, r := range p.ratings {
		if _, err := parseRating(r); err != nil {
			return nil, err
		}
	}
	if p.notes, err = pairs("domain-note", "assessment_domain", `housing="Eviction notice for January"`, o.DomainNotes); err != nil {
		return nil, err
	}
	if p.risks, err = pairs("risk", "risk_domain", "domestic_violence=high", o.Risks); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, r := range p.risks {
		if seen[r.name] {
			return nil, cmdutil.UsageErrorf("--risk %s is given twice; one level per risk domain", r.name)
		}
		seen[r.name] = true
		if p.risks[i].value, err = parseLevel(r); err != nil {
			return nil, err
		}
	}
	if p.factors, err = pairs("risk-factor", "risk_domain", `domestic_violence="Partner released from custody"`, o.RiskFactors); err != nil {
		return nil, err
	}
	if p.protect, err = pairs("protective", "risk_domain", `domestic_violence="Sister nearby"`, o.Protective); err != nil {
		return nil, err
	}
	if p.rationale, err = pairs("rationale", "risk_domain", `domestic_violence="Threats escalated this week"`, o.Rationale); err != nil {
		return nil, err
	}
	reviews, err := pairs("risk-review", "risk_domain", "domestic_violence=+1w", o.RiskReviews)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		d, err := f.ParseDate("risk-review", r.value)
		if err != nil {
			return nil, err
		}
		if _, ok := p.reviews[r.name]; !ok {
			p.reviewOrd = append(p.reviewOrd, r.name)
		}
		p.reviews[r.name] = d
	}
	if o.Language != "" {
		if err := cmdutil.CheckCode("instrument-language", "language", o.Language); err != nil {
			return nil, err
		}
	}
	if p.date, err = f.ParseDate("date", o.Date); err != nil {
		return nil, err
	}
	return p, nil
}

// apply lays the flags over a (empty, or read from --from): lists are added to, single values
// replaced, and risk details go to the risk record of their domain.
func (p *parsed) apply(o *Options, a *casefile.Assessment) error {
	if p.typ != "" {
		a.Type = p.typ
	}
	if o.dateSet {
		a.Date = p.date
	}
	for _, m := range p.methods {
		if !slices.Contains(a.Methods, m) {
			a.Methods = append(a.Methods, m)
		}
	}
	if s := strings.TrimSpace(o.Summary); s != "" {
		a.Summary = s
	}
	domain := func(name string) casefile.DomainRating {
		if a.Domains == nil {
			a.Domains = map[string]casefile.DomainRating{}
		}
		return a.Domains[name]
	}
	for _, r := range p.ratings {
		d := domain(r.name)
		d.Rating, _ = parseRating(r)
		a.Domains[r.name] = d
	}
	for _, n := range p.notes {
		d := domain(n.name)
		d.Summary = n.value
		a.Domains[n.name] = d
	}
	a.Strengths = appendText(a.Strengths, o.Strengths)
	a.Resources = appendText(a.Resources, o.Resources)
	for _, r := range p.risks {
		if i := riskIndex(a, r.name); i >= 0 {
			a.Risks[i].Level = r.value
		} else {
			a.Risks = append(a.Risks, casefile.Risk{Domain: r.name, Level: r.value})
		}
	}
	risk := func(flag string, x pair) (*casefile.Risk, error) {
		i := riskIndex(a, x.name)
		if i < 0 {
			return nil, cmdutil.UsageErrorf("--%s %s=…: no %s risk is recorded in this assessment; give its level too: --risk %s=LEVEL (%s)",
				flag, x.name, x.name, x.name, strings.Join(casefile.RiskLevels, ", "))
		}
		return &a.Risks[i], nil
	}
	for _, x := range p.factors {
		rk, err := risk("risk-factor", x)
		if err != nil {
			return err
		}
		rk.RiskFactors = append(rk.RiskFactors, x.value)
	}
	for _, x := range p.protect {
		rk, err := risk("protective", x)
		if err != nil {
			return err
		}
		rk.ProtectiveFactors = append(rk.ProtectiveFactors, x.value)
	}
	for _, x := range p.rationale {
		rk, err := risk("rationale", x)
		if err != nil {
			return err
		}
		rk.Rationale = x.value
	}
	for _, name := range p.reviewOrd {
		rk, err := risk("risk-review", pair{name: name})
		if err != nil {
			return err
		}
		rk.NextReview = p.reviews[name]
	}
	return nil
}

func appendText(list, add []string) []string {
	for _, s := range add {
		if s = strings.TrimSpace(s); s != "" {
			list = append(list, s)
		}
	}
	return list
}

func riskIndex(a *casefile.Assessment, domain string) int {
	for i, r := range a.Risks {
		if r.Domain == domain {
			return i
		}
	}
	return -1
}

// describeRisks is "domestic_violence high, suicide_self_harm low".
func describeRisks(rs []casefile.Risk) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s %s", r.Domain, r.Level)
	}
	return strings.Join(parts, ", ")
}
