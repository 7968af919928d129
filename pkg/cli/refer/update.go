package refer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
)

// checkUpdate checks the flags of an update, before anything is read.
func (o *Options) checkUpdate() error {
	if o.Given("status") {
		if o.Status == "" {
			return cmdutil.UsageErrorf("--status needs a status: %s", strings.Join(casefile.Enums["referral_status"], ", "))
		}
		if err := cmdutil.CheckCode("status", "referral_status", o.Status); err != nil {
			return err
		}
		if o.Status == "draft" {
			return cmdutil.UsageErrorf("--status draft: a referral is made as a draft (casework refer %s --draft ...), it never goes back to one", o.Case)
		}
	}
	if o.Status == "declined" && o.Reason == "" {
		return cmdutil.UsageErrorf("a declined referral says why: --reason CODE (%s); nothing was written", strings.Join(casefile.Enums["decline_reason"], ", "))
	}
	if o.Reason != "" && o.Status != "declined" {
		return cmdutil.UsageErrorf("--reason with a referral REF is the decline reason: it goes with --status declined")
	}
	if err := cmdutil.CheckCode("reason", "decline_reason", o.Reason); err != nil {
		return err
	}
	if o.Given("outcome") && !o.CloseLoop {
		return cmdutil.UsageErrorf("--outcome goes with --close-loop: casework refer %s %s --close-loop --outcome TEXT", o.Case, o.Ref)
	}
	if o.CloseLoop && strings.TrimSpace(o.Outcome) == "" {
		return cmdutil.UsageErrorf("--close-loop needs --outcome TEXT: what came back from the service; nothing was written")
	}
	if (o.Consent != "" || o.LegalBasis != "" || o.Justification != "") && o.Status != "sent" {
		return cmdutil.UsageErrorf("--consent, --legal-basis and --justification go with a new referral, or with --status sent for a draft")
	}
	return o.checkBasis()
}

func runUpdate(o *Options) error {
	f := o.F
	if err := o.checkUpdate(); err != nil {
		return err
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	w, err := f.OpenCase(o.Case, "refer")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c := w.Repo, w.Case
	st, err := resolveRef(c, o.Ref)
	if err != nil {
		return err
	}
	ref := st.Referral
	if on.Before(st.Since) {
		return cmdutil.UsageErrorf("--date %s is before the referral's latest news (%s, %s); an update comes after it", on, st.Since, st.Status)
	}
	if n := len(st.Updates); n > 0 && on.Before(st.Updates[n-1].V.Date) {
		return cmdutil.UsageErrorf("--date %s is before the referral's latest update (%s)", on, st.Updates[n-1].V.Date)
	}
	u := &casefile.ReferralUpdate{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         w.Entry(),
		Referral:      ref.ID,
		Date:          on,
		Note:          strings.TrimSpace(o.Note),
	}
	status, warning := st.Status, ""
	if o.Status != "" {
		if o.Status == st.Status {
			return fmt.Errorf("referral %s is already %s (since %s); nothing was written", ref.ID, st.Status, st.Since)
		}
		if !caseload.CanMove(st.Status, o.Status) {
			return cmdutil.WithHint(fmt.Errorf("referral %s cannot go from %s to %s; nothing was written", ref.ID, st.Status, o.Status),
				"from %s it can go to: %s", st.Status, allowed(st.Status))
		}
		if st.Status == "draft" && o.Status == "sent" {
			var basis report.ReferralBasis
			if warning, basis, err = sendDraft(o, c, st, on); err != nil {
				return err
			}
			u.Consent, u.LegalBasis, u.Justification = basis.Consent, basis.LegalBasis, basis.Justification
		}
		u.Status, u.DeclineReason, status = o.Status, o.Reason, o.Status
	}
	if o.CloseLoop {
		if st.LoopClosed {
			return fmt.Errorf("the loop of referral %s was closed on %s; nothing was written", ref.ID, st.LoopOn)
		}
		if !slices.Contains(caseload.LoopStatuses, status) {
			return cmdutil.WithHint(fmt.Errorf("referral %s is %s: the loop is closed once the outcome is known (completed, not_completed or declined); nothing was written", ref.ID, status),
				"record the outcome's status first, e.g. casework refer %s %s --status completed", c.ID, ref.ID)
		}
		u.LoopClosed, u.Outcome = true, strings.TrimSpace(o.Outcome)
	}
	id := repo.NewID(on)
	path, err := f.WriteEntry(r, c, "referral-updates", casefile.KindReferralUpdate, id, u)
	if err != nil {
		return err
	}
	var what []string
	if u.Status != "" {
		what = append(what, strings.TrimSpace(u.Status+" "+u.DeclineReason))
	}
	if u.LoopClosed {
		what = append(what, "loop closed")
	}
	f.Commit(r, cmdutil.Change{Action: "refer", CaseID: c.ID, Summary: ref.ID + " " + strings.Join(what, ", "), Paths: []string{path}})
	if warning != "" {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: referral %s is %s\n", ref.ID, warning)
	}
	fmt.Fprintf(f.IO.ErrOut, "Recorded referral %s %s: %s\n", ref.ID, strings.Join(what, ", "), path)
	if u.Status != "" && slices.Contains(caseload.LoopStatuses, u.Status) && !u.LoopClosed {
		fmt.Fprintf(f.IO.ErrOut, "casework: hint: once the outcome has come back, close the loop: casework refer %s %s --close-loop --outcome TEXT\n", c.ID, ref.ID)
	}
	return nil
}

// sendDraft puts a draft through the consent gate again, as of the sending date. It relies
// on the draft's own consent or legal basis, or on the one given now (recorded in the update,
// since the draft is never changed). It returns the warning to print and the basis given now.
func sendDraft(o *Options, c *casefile.Case, st caseload.ReferralState, on dates.Date) (string, report.ReferralBasis, error) {
	none := report.ReferralBasis{}
	ref := st.Referral.V
	basis := BasisOf(st)
	given := o.Consent != "" || o.LegalBasis != ""
	if given && (basis.Consent != "" || basis.LegalBasis != "") {
		return "", none, cmdutil.UsageErrorf("referral %s already relies on %s; a referral is never changed: send it as it is, or cancel it and make a new one", st.Referral.ID, describeBasis(basis))
	}
	if given {
		basis = report.ReferralBasis{LegalBasis: o.LegalBasis, Justification: strings.TrimSpace(o.Justification)}
		if o.Consent != "" {
			id, err := resolveConsent(c, o.Consent)
			if err != nil {
				return "", none, err
			}
			basis.Consent = id
		}
	}
	p, err := partnerOf(o.F, ref.To)
	if err != nil {
		return "", none, err
	}
	recipients := Recipients(ref.To, p)
	missing, warning := Gate(c, on, recipients, ref.Categories, basis)
	if missing != "" && !given && basis != (report.ReferralBasis{}) {
		return "", none, cmdutil.WithHint(fmt.Errorf("referral %s cannot be sent: %s; nothing was written", st.Referral.ID, missing),
			"a referral is never changed: cancel it (casework refer %s %s --status cancelled) and make a new one under a consent that covers it", c.ID, st.Referral.ID)
	}
	if missing != "" {
		return "", none, refused(c, "referral "+st.Referral.ID+" cannot be sent", missing, recipients, ref.Categories, on,
			"it stays a draft")
	}
	if !given {
		return warning, none, nil
	}
	return warning, basis, nil
}

// describeBasis names a basis in a message.
func describeBasis(b report.ReferralBasis) string {
	if b.Consent != "" {
		return "consent " + b.Consent
	}
	return "legal basis " + b.LegalBasis
}

// partnerOf is the directory entry of a referral's agency, nil for a service named ad hoc or
// an agency that has left the directory (check reports that).
func partnerOf(f *cmdutil.Factory, to casefile.ReferralTo) (*casefile.Partner, error) {
	if to.Agency == "" {
		return nil, nil
	}
	r, err := f.Repo()
	if err != nil {
		return nil, err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return nil, err
	}
	partners, _, err := r.Partners(rules)
	if err != nil {
		return nil, err
	}
	return partners[to.Agency], nil
}
