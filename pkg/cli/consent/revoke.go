package consent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
)

func runRevoke(o *Options) error {
	f := o.F
	if strings.TrimSpace(o.Revoke) == "" {
		return cmdutil.UsageErrorf("--revoke needs the consent's id (casework consent CASE --list shows them)")
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	if on.After(today) {
		return cmdutil.UsageErrorf("--date %s is after today (%s): record a withdrawal once it is made", on, today)
	}
	w, err := f.OpenCase(o.Case, "consent --revoke")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c := w.Repo, w.Case
	k, err := findConsent(c, o.Revoke)
	if err != nil {
		return err
	}
	for _, rv := range c.ConsentRevocations {
		if rv.V.Consent == k.ID {
			return cmdutil.WithHint(fmt.Errorf("consent %s was already revoked on %s; nothing was written", k.ID, rv.V.RevokedOn),
				"casework consent %s --list shows its consents", c.ID)
		}
	}
	if on.Before(k.V.SignedOn) {
		return cmdutil.UsageErrorf("--date %s is before consent %s was signed (%s)", on, k.ID, k.V.SignedOn)
	}
	if e := k.V.ExpiresOn; !e.IsZero() && !on.Before(e) {
		return fmt.Errorf("consent %s had expired on %s, before %s: there is nothing to revoke; nothing was written", k.ID, e, on)
	}
	rv := &casefile.ConsentRevocation{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         w.Entry(),
		Consent:       k.ID,
		RevokedOn:     on,
		Reason:        strings.TrimSpace(o.Reason),
	}
	path, err := f.WriteEntry(r, c, "consent-revocations", casefile.KindConsentRevocation, repo.NewID(on), rv)
	if err != nil {
		return err
	}
	f.Commit(r, cmdutil.Change{Action: "consent-revoke", CaseID: c.ID, Summary: k.ID, Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Revoked consent %s of case %s from %s: %s\n", k.ID, c.ID, on, path)
	for _, ref := range caseload.Referrals(c, today) {
		if ref.Referral.V.Consent == k.ID && !final(ref.Status) {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: referral %s (%s) relies on this consent: share nothing more under it\n", ref.Referral.ID, ref.Status)
		}
	}
	return nil
}

// final reports whether a referral's status ends it.
func final(status string) bool { return len(caseload.Transitions[status]) == 0 }

// findConsent finds the consent typed: its id, or a unique start of it or of its random part.
func findConsent(c *casefile.Case, typed string) (*casefile.Item[casefile.Consent], error) {
	ids := make([]string, len(c.Consents))
	for i, k := range c.Consents {
		ids[i] = k.ID
	}
	id, err := repo.Match(ids, typed)
	var amb *repo.AmbiguousError
	switch {
	case errors.As(err, &amb):
		return nil, cmdutil.UsageErrorf("--revoke %q matches %d consents: %s; type more of the id", typed, len(amb.Candidates), strings.Join(amb.Candidates, ", "))
	case err != nil:
		// No did-you-mean: ids differ by a random part, so a near one is not a likely typo.
		hint := fmt.Sprintf("casework consent %s --list shows its consents", c.ID)
		switch {
		case len(ids) == 0:
			hint = "it has none yet: record one with casework consent " + c.ID + " --category ... --recipient ... --purpose ... --method ..."
		case len(ids) <= 5:
			hint = fmt.Sprintf("its consents are %s; %s", strings.Join(ids, ", "), hint)
		}
		return nil, cmdutil.WithHint(fmt.Errorf("case %s has no consent %q", c.ID, typed), "%s", hint)
	}
	for i := range c.Consents {
		if c.Consents[i].ID == id {
			return &c.Consents[i], nil
		}
	}
	return nil, fmt.Errorf("consent %s not found", id)
}
