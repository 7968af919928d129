package refer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
)

// Gate decides whether a referral may be sent as of a date (domain-reference §7.2): under a
// consent of the case that is active, names one of the recipients and covers every category
// shared; or under another legal basis with a justification. It returns what is missing when
// it may not be sent and, when it is sent without consent, the warning to print.
func Gate(c *casefile.Case, asOf dates.Date, recipients, categories []string, b report.ReferralBasis) (missing, warning string) {
	switch {
	case b.Consent != "":
		var reasons []string
		for _, rc := range recipients {
			if rc == "" {
				continue
			}
			_, why := caseload.ConsentCovers(c, asOf, b.Consent, rc, categories)
			if why == "" {
				return "", ""
			}
			reasons = append(reasons, why)
		}
		if len(reasons) == 0 {
			return "the referral names no recipient", ""
		}
		// A reason about the scope says more than "does not name" the recipient's other name.
		for _, why := range reasons {
			if !strings.Contains(why, "does not name") {
				return why, ""
			}
		}
		return reasons[0], ""
	case b.LegalBasis != "" && b.LegalBasis != "consent":
		if strings.TrimSpace(b.Justification) == "" {
			return "legal basis " + b.LegalBasis + " needs a justification (--justification TEXT)", ""
		}
		return "", "sent without the client's consent, under legal basis " + b.LegalBasis +
			": the justification is kept with the referral and this disclosure will be reported"
	}
	return "no consent is recorded for this referral", ""
}

// BasisOf is what a referral relies on to disclose: its own consent or legal basis, else the
// one named by the update that sent it (a draft sent later).
func BasisOf(st caseload.ReferralState) report.ReferralBasis {
	return report.ReferralBasis{Consent: st.Consent, LegalBasis: st.LegalBasis, Justification: st.Justification}
}

// Recipients are the names a consent may give the receiving service: the agency id and its
// directory name, or the name given ad hoc.
func Recipients(to casefile.ReferralTo, p *casefile.Partner) []string {
	var out []string
	for _, s := range []string{to.Agency, to.Name} {
		if s != "" {
			out = append(out, s)
		}
	}
	if p != nil && p.Name != "" && p.Name != to.Name {
		out = append(out, p.Name)
	}
	return out
}

// resolveRef finds the referral of a case that what was typed names.
func resolveRef(c *casefile.Case, typed string) (caseload.ReferralState, error) {
	states := caseload.Referrals(c, dates.Date{})
	ids := make([]string, len(states))
	for i, st := range states {
		ids[i] = st.Referral.ID
	}
	id, err := repo.Match(ids, typed)
	if err != nil {
		var amb *repo.AmbiguousError
		if errors.As(err, &amb) {
			return caseload.ReferralState{}, cmdutil.UsageErrorf("%q matches %d referrals of case %s: %s; type more of the id", typed, len(amb.Candidates), c.ID, strings.Join(amb.Candidates, ", "))
		}
		return caseload.ReferralState{}, cmdutil.WithHint(fmt.Errorf("no referral of case %s matches %q", c.ID, typed), "casework refer %s lists the case's referrals", c.ID)
	}
	for _, st := range states {
		if st.Referral.ID == id {
			return st, nil
		}
	}
	return caseload.ReferralState{}, fmt.Errorf("referral %s vanished", id)
}

// resolveConsent finds the consent of a case that what was typed names.
func resolveConsent(c *casefile.Case, typed string) (string, error) {
	ids := make([]string, len(c.Consents))
	for i, k := range c.Consents {
		ids[i] = k.ID
	}
	id, err := repo.Match(ids, typed)
	if err != nil {
		var amb *repo.AmbiguousError
		if errors.As(err, &amb) {
			return "", cmdutil.UsageErrorf("--consent %q matches %d consents of case %s: %s; type more of the id", typed, len(amb.Candidates), c.ID, strings.Join(amb.Candidates, ", "))
		}
		return "", cmdutil.WithHint(fmt.Errorf("--consent %q: no consent of case %s has that id; nothing was written", typed, c.ID),
			"casework consent %s lists the case's consents; record one with casework consent %s --category ... --recipient ... --purpose ... --method ...", c.ID, c.ID)
	}
	return id, nil
}

// coveringConsents are the consents of a case that would let a referral through the gate.
func coveringConsents(c *casefile.Case, asOf dates.Date, recipients, categories []string) []string {
	var out []string
	for _, k := range c.Consents {
		if m, _ := Gate(c, asOf, recipients, categories, report.ReferralBasis{Consent: k.ID}); m == "" {
			out = append(out, k.ID)
		}
	}
	return out
}

// refused is the error of a referral the gate stops.
func refused(c *casefile.Case, what, missing string, recipients, categories []string, asOf dates.Date, draftHint string) error {
	err := fmt.Errorf("%s: %s; nothing was written", what, missing)
	if ks := coveringConsents(c, asOf, recipients, categories); len(ks) > 0 {
		return cmdutil.WithHint(err, "consent %s covers it: add --consent %s", strings.Join(ks, ", "), ks[0])
	}
	to := "RECIPIENT"
	if len(recipients) > 0 {
		to = recipients[0]
	}
	cats := "CATEGORY"
	if len(categories) > 0 {
		cats = strings.Join(categories, " --category ")
	}
	return cmdutil.WithHint(err, "record the client's consent (casework consent %s --category %s --recipient %q --purpose ... --method ...) and give it with --consent ID; %s",
		c.ID, cats, to, draftHint)
}
