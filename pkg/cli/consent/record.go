package consent

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/intake"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
)

// specialCategories need explicit, specific consent (42 CFR Part 2, GDPR Art. 9).
var specialCategories = []string{"mental_health", "substance_use"}

func runRecord(o *Options) error {
	f := o.F
	if err := checkRecordFlags(o); err != nil {
		return err
	}
	signedOn, err := f.ParseDate("signed-on", o.SignedOn)
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	if signedOn.After(today) {
		return cmdutil.UsageErrorf("--signed-on %s is after today (%s): record a consent once it is signed", signedOn, today)
	}
	var expires dates.Date
	if o.Expires != "" {
		if expires, err = f.ParseDate("expires", o.Expires); err != nil {
			return err
		}
		if !expires.After(signedOn) {
			return cmdutil.UsageErrorf("--expires %s is not after --signed-on %s", expires, signedOn)
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
	lock, err := f.Lock(r, "consent "+c.ID)
	if err != nil {
		return err
	}
	defer lock.Release()
	// Reload under the lock: another writer may have changed the registry meanwhile.
	if r, c, err = f.LoadCase(c.ID); err != nil {
		return err
	}
	if err := cmdutil.RequireKey(c); err != nil {
		return err
	}
	signer, err := signedBy(c, o.SignedBy, o.Authority)
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	partners, pps, err := r.Partners(rules)
	if err != nil {
		return err
	}
	recipients, notes, err := resolveRecipients(o.Recipients, partners)
	if err != nil {
		if errs := cmdutil.OnlyErrors(pps); len(errs) > 0 {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: %d file(s) of the partner directory could not be read (casework check names them)\n", len(errs))
		}
		return err
	}
	k := &casefile.Consent{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         casefile.Entry{RecordedAt: caseload.NextRecordedAt(c, clock.Now()), RecordedBy: worker.ID},
		Categories:    dedupe(o.Categories),
		Excluded:      dedupe(o.Excluded),
		Description:   strings.TrimSpace(o.Description),
		Recipients:    recipients,
		Purpose:       strings.TrimSpace(o.Purpose),
		LegalBasis:    o.LegalBasis,
		Method:        o.Method,
		SignedBy:      signer,
		Authority:     strings.TrimSpace(o.Authority),
		SignedOn:      signedOn,
		ExpiresOn:     expires,
		Notices:       dedupe(o.Notices),
	}
	id := repo.NewID(signedOn)
	path, err := f.WriteEntry(r, c, "consents", casefile.KindConsent, id, k)
	if err != nil {
		return err
	}
	summary := id + " covers " + strings.Join(k.Categories, ",")
	if len(k.Excluded) > 0 {
		summary += " excludes " + strings.Join(k.Excluded, ",")
	}
	f.Commit(r, cmdutil.Change{Action: "consent", CaseID: c.ID, Summary: summary, Paths: []string{path}})
	fmt.Fprintln(f.IO.Out, id)
	for _, n := range notes {
		fmt.Fprintln(f.IO.ErrOut, n)
	}
	msg := fmt.Sprintf("Recorded consent %s for case %s: %s", id, c.ID, path)
	if !k.ExpiresOn.IsZero() {
		msg += fmt.Sprintf(" (expires %s)", k.ExpiresOn)
	}
	fmt.Fprintln(f.IO.ErrOut, msg)
	if special := specialWithoutDescription(k); len(special) > 0 {
		what := special[0] + " is a special category"
		if len(special) > 1 {
			what = strings.Join(special, " and ") + " are special categories"
		}
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %s: explicit, specific consent is recommended; describe exactly what may be shared (--description)\n", what)
	}
	if k.ExpiresOn.IsZero() {
		fmt.Fprintln(f.IO.ErrOut, "casework: hint: this consent has no end date; a consent should say until when it holds (--expires)")
	}
	return nil
}

// checkRecordFlags checks what needs no file: required flags, codes, a category both covered and
// excluded.
func checkRecordFlags(o *Options) error {
	var missing []string
	if len(o.Categories) == 0 {
		missing = append(missing, "--category")
	}
	if len(o.Recipients) == 0 {
		missing = append(missing, "--recipient")
	}
	if strings.TrimSpace(o.Purpose) == "" {
		missing = append(missing, "--purpose")
	}
	if o.Method == "" {
		missing = append(missing, "--method")
	}
	if len(missing) > 0 {
		return cmdutil.UsageErrorf("missing %s; nothing was written", strings.Join(missing, ", "))
	}
	for _, c := range o.Categories {
		if err := codeOrMissing("category", "info_category", c); err != nil {
			return err
		}
	}
	for _, c := range o.Excluded {
		if err := codeOrMissing("exclude", "info_category", c); err != nil {
			return err
		}
		if slices.Contains(o.Categories, c) {
			return cmdutil.UsageErrorf("%s is both covered (--category) and excluded (--exclude): a consent cannot do both", c)
		}
	}
	for _, n := range o.Notices {
		if err := codeOrMissing("notice", "consent_notice", n); err != nil {
			return err
		}
	}
	if err := codeOrMissing("legal-basis", "legal_basis", o.LegalBasis); err != nil {
		return err
	}
	return cmdutil.CheckCode("method", "consent_method", o.Method)
}

// codeOrMissing is CheckCode that also refuses an empty value.
func codeOrMissing(flag, enum, v string) error {
	if v == "" {
		return cmdutil.UsageErrorf("--%s is empty; use %s", flag, schema.OneOf(casefile.Enums[enum]))
	}
	return cmdutil.CheckCode(flag, enum, v)
}

// signedBy resolves --signed-by to a registry id: client, or a P- id of the registry. Someone
// other than the client signs on an authority, which is then required.
func signedBy(c *casefile.Case, who, authority string) (string, error) {
	client := ""
	if c.Intake != nil {
		client = c.Intake.Client
	}
	id := who
	switch {
	case who == "client" || who == "":
		id = client
	case strings.HasPrefix(strings.ToUpper(who), "P-"):
		id = "P-" + strings.ToLower(who[2:])
		if _, ok := c.Person(id); !ok {
			var ids []string
			if c.People != nil {
				for _, p := range c.People.People {
					ids = append(ids, p.ID)
				}
			}
			sort.Strings(ids)
			err := fmt.Errorf("--signed-by %s is not in the people registry of case %s", who, c.ID)
			if s := schema.Suggest(id, ids); s != "" {
				err = fmt.Errorf("--signed-by %s is not in the people registry of case %s (did you mean %s?)", who, c.ID, s)
			}
			return "", cmdutil.WithHint(&cmdutil.FlagError{Err: err},
				"the case's people are %s; casework show %s says who they are", strings.Join(ids, ", "), c.ID)
		}
	default:
		return "", cmdutil.UsageErrorf("--signed-by %q: use client, or the P- id of the person in the case's registry who signed", who)
	}
	rep := id != client
	switch {
	case rep && strings.TrimSpace(authority) == "":
		return "", cmdutil.UsageErrorf("%s signed for the client: say on what authority (--authority, e.g. \"legal guardian, court order of 2026-03-02\")", id)
	case !rep && authority != "":
		return "", cmdutil.UsageErrorf("--authority is for a representative signing for the client (--signed-by P-...), not the client")
	}
	return id, nil
}

// resolveRecipients checks each recipient: an agency id of the directory, or a service's name.
// A name that is an agency's name is recorded as its id, so referrals to that agency find the
// consent. It returns the recipients and notes for the practitioner.
func resolveRecipients(given []string, partners map[string]*casefile.Partner) ([]string, []string, error) {
	ids := make([]string, 0, len(partners))
	byName := map[string]string{}
	for id, p := range partners {
		ids = append(ids, id)
		byName[intake.NormaliseName(p.Name)] = id
	}
	sort.Strings(ids)
	var out, notes []string
	for _, g := range given {
		v := strings.Join(strings.Fields(g), " ")
		switch {
		case v == "":
			return nil, nil, cmdutil.UsageErrorf("--recipient is empty: give an agency id of the directory or a service's name")
		case partners[v] != nil:
		case idShaped(v):
			err := fmt.Errorf("--recipient %q is not an agency of the partner directory", v)
			if s := schema.Suggest(v, ids); s != "" {
				err = fmt.Errorf("--recipient %q is not an agency of the partner directory (did you mean %q?)", v, s)
			}
			return nil, nil, cmdutil.WithHint(&cmdutil.FlagError{Err: err},
				"casework agencies lists the directory; add the service with casework agencies add %s --name NAME, or write its name as it is spelled (\"CAF de Furong\")", v)
		default:
			if id, ok := byName[intake.NormaliseName(v)]; ok {
				notes = append(notes, fmt.Sprintf("casework: %q is agency %s of the directory; recorded as %s", v, id, id))
				v = id
			}
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, notes, nil
}

// idShaped tells an agency id (one lowercase word, as the directory's ids are) from a name,
// which has a capital or a space.
func idShaped(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func specialWithoutDescription(k *casefile.Consent) []string {
	if k.Description != "" {
		return nil
	}
	var out []string
	for _, c := range specialCategories {
		if slices.Contains(k.Categories, c) {
			out = append(out, c)
		}
	}
	return out
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
