package refer

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/pkg/schema"
)

// checkNew checks the flags of a new referral, before anything is read.
func (o *Options) checkNew() error {
	var missing []string
	if o.To == "" && o.ToName == "" {
		missing = append(missing, "--to AGENCY (or --to-name NAME)")
	}
	if strings.TrimSpace(o.Reason) == "" {
		missing = append(missing, "--reason TEXT")
	}
	if len(missing) > 0 {
		return cmdutil.UsageErrorf("missing %s; nothing was written", strings.Join(missing, ", "))
	}
	if o.To != "" && o.ToName != "" {
		return cmdutil.UsageErrorf("--to names an agency of the directory, --to-name a service not in it: give one")
	}
	if err := cmdutil.CheckCode("urgency", "priority", o.Urgency); err != nil {
		return err
	}
	for _, s := range o.Share {
		if err := cmdutil.CheckCode("share", "info_category", s); err != nil {
			return err
		}
	}
	return o.checkBasis()
}

// checkBasis checks --consent, --legal-basis and --justification together.
func (o *Options) checkBasis() error {
	if err := cmdutil.CheckCode("legal-basis", "legal_basis", o.LegalBasis); err != nil {
		return err
	}
	switch {
	case o.LegalBasis == "consent":
		return cmdutil.UsageErrorf("--legal-basis consent: name the consent itself with --consent CONSENT")
	case o.Consent != "" && o.LegalBasis != "":
		return cmdutil.UsageErrorf("--consent and --legal-basis: a referral relies on a consent or on another legal basis, not both")
	case o.Justification != "" && o.LegalBasis == "":
		return cmdutil.UsageErrorf("--justification goes with --legal-basis CODE (%s)", strings.Join(casefile.Enums["legal_basis"][1:], ", "))
	}
	return nil
}

// share is --share without repeats, in the order of the codes.
func (o *Options) share() []string {
	var out []string
	for _, code := range casefile.Enums["info_category"] {
		if slices.Contains(o.Share, code) {
			out = append(out, code)
		}
	}
	return out
}

// partner looks the --to agency up in the directory.
func partner(f *cmdutil.Factory, r *repo.Repo, id string) (*casefile.Partner, error) {
	return LookupAgency(f, r, "to", id)
}

// LookupAgency looks an agency up in the partner directory for a flag, suggesting the likely
// id for a typo and listing the directory's ids.
func LookupAgency(f *cmdutil.Factory, r *repo.Repo, flag, id string) (*casefile.Partner, error) {
	rules, err := f.ReadRules()
	if err != nil {
		return nil, err
	}
	partners, _, err := r.Partners(rules)
	if err != nil {
		return nil, err
	}
	if p := partners[id]; p != nil {
		return p, nil
	}
	ids := make([]string, 0, len(partners))
	for k := range partners {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	msg := fmt.Sprintf("--%s %q is not an agency of the partner directory", flag, id)
	if s := schema.Suggest(id, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	if len(ids) == 0 {
		msg += "; the directory is empty"
	} else {
		msg += "; its agencies are " + schema.OneOf(ids)
	}
	return nil, cmdutil.WithHint(cmdutil.UsageErrorf("%s; nothing was written", msg),
		"casework agencies lists the directory; add a new one with casework agencies add %s --name NAME ...", id)
}

func runCreate(o *Options) error {
	f := o.F
	if err := o.checkNew(); err != nil {
		return err
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	var respondBy dates.Date
	if o.RespondBy != "" {
		if respondBy, err = f.ParseDate("respond-by", o.RespondBy); err != nil {
			return err
		}
		if respondBy.Before(on) {
			return cmdutil.UsageErrorf("--respond-by %s is before the referral's date (%s)", respondBy, on)
		}
	}
	worker, err := f.Worker()
	if err != nil {
		return err
	}
	clock, err := f.Clock()
	if err != nil {
		return err
	}
	r, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	var p *casefile.Partner
	if o.To != "" {
		if p, err = partner(f, r, o.To); err != nil {
			return err
		}
	}
	lock, err := f.Lock(r, "refer "+c.ID)
	if err != nil {
		return err
	}
	defer lock.Release()
	// Reload under the lock: a colleague may have revoked the consent meanwhile.
	if r, c, err = f.LoadCase(c.ID); err != nil {
		return err
	}
	if err := cmdutil.RequireKey(c); err != nil {
		return err
	}
	if st := caseload.Derive(c, dates.Date{}); st.Status == caseload.Closed {
		return cmdutil.WithHint(fmt.Errorf("case %s is closed; a new referral belongs to an open case", c.ID), "reopen it first: casework reopen %s --reason TEXT", c.ID)
	}
	if on.Before(c.Intake.ReceivedOn) {
		return cmdutil.UsageErrorf("--date %s is before the request was received (%s)", on, c.Intake.ReceivedOn)
	}
	basis := report.ReferralBasis{LegalBasis: o.LegalBasis, Justification: strings.TrimSpace(o.Justification)}
	if o.Consent != "" {
		if basis.Consent, err = resolveConsent(c, o.Consent); err != nil {
			return err
		}
	}
	ref := &casefile.Referral{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         casefile.Entry{RecordedAt: caseload.NextRecordedAt(c, clock.Now()), RecordedBy: worker.ID},
		Date:          on,
		To:            casefile.ReferralTo{Agency: o.To, Name: strings.TrimSpace(o.ToName), Service: o.Service, Contact: o.Contact},
		Reason:        strings.TrimSpace(o.Reason),
		Services:      o.Services,
		Urgency:       o.Urgency,
		RespondBy:     respondBy,
		Language:      o.Language,
		Interpreter:   o.Interpreter,
		Categories:    o.share(),
		Consent:       basis.Consent,
		LegalBasis:    basis.LegalBasis,
		Justification: basis.Justification,
		Status:        "sent",
	}
	client := c.Client()
	if !o.Given("language") && len(client.Languages) > 0 {
		ref.Language = client.Languages[0]
	}
	if !o.Given("interpreter") {
		ref.Interpreter = client.Interpreter
	}
	recipients := Recipients(ref.To, p)
	missing, warning := Gate(c, on, recipients, ref.Categories, basis)
	if o.Draft {
		ref.Status, warning = "draft", ""
	} else if missing != "" {
		return refused(c, "the referral cannot be sent", missing, recipients, ref.Categories, on,
			"or save it with --draft and send it once consent is recorded")
	}
	id := repo.NewID(on)
	path, err := f.WriteEntry(r, c, "referrals", casefile.KindReferral, id, ref)
	if err != nil {
		return err
	}
	subject := id + " " + ref.Status + ", " + ref.Urgency
	if ref.To.Agency != "" {
		subject = id + " to " + ref.To.Agency + " " + ref.Status + ", " + ref.Urgency
	}
	f.Commit(r, cmdutil.Change{Action: "refer", CaseID: c.ID, Summary: subject, Paths: []string{path}})
	fmt.Fprintln(f.IO.Out, id)
	if warning != "" {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: referral %s is %s\n", id, warning)
	}
	to := ref.To.Agency
	if to == "" {
		to = ref.To.Name
	}
	if ref.Status == "draft" {
		fmt.Fprintf(f.IO.ErrOut, "Saved draft referral %s to %s (%s): %s\n", id, to, ref.Urgency, path)
		switch {
		case missing != "" && basis == (report.ReferralBasis{}):
			fmt.Fprintf(f.IO.ErrOut, "casework: hint: send it once the client has consented: casework refer %s %s --status sent --consent CONSENT\n", c.ID, id)
		case missing != "":
			fmt.Fprintf(f.IO.ErrOut, "casework: hint: it cannot be sent yet (%s); once it can: casework refer %s %s --status sent\n", missing, c.ID, id)
		}
		return nil
	}
	fmt.Fprintf(f.IO.ErrOut, "Sent referral %s to %s (%s): %s\n", id, to, ref.Urgency, path)
	return nil
}
