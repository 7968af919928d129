// Package open is `casework open`: record a help request (intake) and open a case.
package open

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/cli/refer"
	"github.com/casework/casework/pkg/intake"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Options are the inputs of open: the form, filled from --from and then from flags.
type Options struct {
	F       *cmdutil.Factory
	From    string
	Form    intake.Form
	Flags   *pflag.FlagSet
	Members []string
	Dates   map[string]string // date flags as typed, resolved at run time
	// RedirectTo is the directory agency a redirected request is referred to (a draft referral).
	RedirectTo string
}

// flagOf names the flag that gives each form field, for error messages.
var flagOf = map[string]string{
	"client": "client", "referral_source": "source", "engagement": "engagement",
	"mandate.authority": "mandate-authority", "mandate.ends_on": "mandate-ends",
	"request": "request", "priority": "priority", "area": "area", "decision_reason": "decision-reason",
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f, Dates: map[string]string{}}
	var mandate intake.MandateRaw
	var requester intake.Requester
	var emergency string
	cmd := &cobra.Command{
		Use:   "open",
		Short: "Record a help request and open a case",
		Long: `Record a help request (intake) and open a case. The new case id alone is printed on
stdout, so a script can capture it; messages go to stderr.

The intake records who the client is (in the case's people registry, the one file that
holds identifying details), who asked for help when someone else did, the referral source,
the engagement (voluntary, non_voluntary, or mandated with the mandate's authority and end
date), the presenting request, priority, immediate risk, any emergency intervention done,
the client's area, and the screening decision: accept, redirect or not_accept (the last two
need a reason), or pending when the decision is still to be taken (casework decide).

Fields come from flags, from --from FILE.yaml (the same names as in intake.yaml, with people
written out), or, when stdin is a terminal and something required is missing, from prompts.
With no terminal, a missing field is an error that names every missing flag.

casework warns, and never merges, when another case has a client with the same name (ignoring
case and accents) and birth date, and when the area is outside the agency's service areas.

Case kinds: individual (default); family (a household: --member for each other person, the
client being the main contact); group; community (a collective project: --partner for each
partner organisation, --request for the collective need).

Dates accept YYYY-MM-DD, today, yesterday, +3d, -2w, next monday.`,
		Example: `  casework open --client "Awa Diallo" --birth-date 1961-04-02 --source self \
      --engagement voluntary --request "Loyer impayé depuis 3 mois" --priority urgent \
      --area furong --decision accept
  id=$(casework open --from intake.yaml)
  casework open --kind family --client "Rosa Ortega" --member "name=Leo Ortega,role=child,birth_date=2019-05-04" ...`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Flags = cmd.Flags()
			if cmd.Flags().Changed("requester") {
				o.Form.Requester = &requester
			}
			if cmd.Flags().Changed("mandate-authority") || cmd.Flags().Changed("mandate-reference") || cmd.Flags().Changed("mandate-ends") {
				o.Form.Mandate = &mandate
			}
			if cmd.Flags().Changed("emergency") {
				o.Form.Emergency = emergency
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.From, "from", "", "read the intake from a YAML form `FILE` (flags override it)")
	fl.StringVar(&o.Form.Kind, "kind", "", "case kind: individual, family, group or community (default individual)")
	fl.StringVar(&o.Form.Client.Name, "client", "", "the client's full name (the main contact for a family, group or community case)")
	fl.StringVar(&o.Form.Client.Phone, "phone", "", "the client's phone number")
	fl.StringVar(&o.Form.Client.Address, "address", "", "the client's address")
	fl.StringVar(&o.Form.Client.Email, "email", "", "the client's e-mail address")
	fl.StringArrayVar(&o.Members, "member", nil, "a household or group member: \"name=...,role=child,birth_date=YYYY-MM-DD\" (repeat)")
	fl.StringArrayVar(&o.Form.Partners, "partner", nil, "a partner organisation of a community case (repeat)")
	fl.StringVar(&requester.Name, "requester", "", "who asked for help, when not the client")
	fl.StringVar(&requester.Relation, "requester-relation", "", "the requester's relation to the client: "+strings.Join(casefile.Enums["request_relation"], ", "))
	fl.StringVar(&requester.Organisation, "requester-org", "", "the requester's organisation")
	fl.StringVar(&o.Form.Source, "source", "", "referral source: "+strings.Join(casefile.Enums["referral_source"], ", "))
	fl.StringVar(&o.Form.Engagement, "engagement", "", "engagement: voluntary, non_voluntary or mandated")
	fl.StringVar(&mandate.Authority, "mandate-authority", "", "for a mandated engagement: the court or authority that ordered it")
	fl.StringVar(&mandate.Reference, "mandate-reference", "", "the order's reference")
	fl.StringVar(&o.Form.Request, "request", "", "the presenting request, in a sentence")
	fl.StringVar(&o.Form.Priority, "priority", "", "priority: emergency, urgent or routine")
	fl.StringVar(&o.Form.ImmediateRisk, "risk", "", "immediate risk: none, low, moderate, high or critical (default none)")
	fl.StringVar(&emergency, "emergency", "", "the emergency intervention done, when life or safety was at stake")
	fl.StringVar(&o.Form.Area, "area", "", "the client's area (compared with the agency's service areas)")
	fl.StringVar(&o.Form.Language, "language", "", "the client's preferred language")
	fl.BoolVar(&o.Form.Interpreter, "interpreter", false, "an interpreter is needed")
	fl.StringVar(&o.Form.Decision, "decision", "", "screening decision: accept, redirect, not_accept or pending (default pending)")
	fl.StringVar(&o.Form.Reason, "decision-reason", "", "why redirect or not_accept: "+strings.Join(casefile.Enums["decision_reason"], ", "))
	fl.StringVar(&o.Form.RedirectedTo, "redirected-to", "", "the service the person was redirected to")
	fl.StringVar(&o.RedirectTo, "redirect-to", "", "with --decision redirect: the `AGENCY` id of the partner directory; a draft referral to it is made, sent once the client consents")
	fl.StringVar(&o.Form.Worker, "worker", "", "the assigned worker's id (default: you, when accepted)")
	fl.StringVar(&o.Form.Supervisor, "supervisor", "", "the supervisor's id")
	fl.StringVar(&o.Form.PreviousCase, "previous-case", "", "an earlier case of the same person (a new intake after the reopening window)")
	for _, d := range []struct{ name, usage string }{
		{"birth-date", "the client's birth date"},
		{"received", "when the request was received (default today)"},
		{"mandate-ends", "when the mandate ends"},
	} {
		name := d.name
		fl.Func(name, d.usage, func(s string) error { o.Dates[name] = s; return nil })
	}
	for flag, enum := range map[string]string{"kind": "case_kind", "source": "referral_source", "engagement": "engagement",
		"priority": "priority", "risk": "risk_level", "decision": "decision", "decision-reason": "decision_reason",
		"requester-relation": "request_relation"} {
		_ = cmd.RegisterFlagCompletionFunc(flag, cmdutil.CompleteCodes(casefile.Enums[enum]))
	}
	return cmd
}

func run(o *Options) error {
	f := o.F
	io := f.IO
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	worker, err := f.Worker()
	if err != nil {
		return err
	}
	clock, err := f.Clock()
	if err != nil {
		return err
	}
	form, err := o.merged()
	if err != nil {
		return err
	}
	if missing := intake.Missing(form); len(missing) > 0 {
		if !io.InTTY {
			return cmdutil.UsageErrorf("missing %s; nothing was written", intake.Describe(missing, flagOf))
		}
		if err := prompt(f, &form, missing); err != nil {
			return err
		}
	}
	for field, enum := range map[string]string{"source": "referral_source", "engagement": "engagement", "priority": "priority"} {
		val := map[string]string{"source": form.Source, "engagement": form.Engagement, "priority": form.Priority}[field]
		if err := cmdutil.CheckCode(field, enum, val); err != nil {
			return err
		}
	}
	if form.PreviousCase != "" {
		prev, err := r.Resolve(form.PreviousCase)
		var purged *repo.PurgedError
		if errors.As(err, &purged) { // the earlier case was erased; its id is still a link
			prev, err = purged.ID, nil
		}
		if err != nil {
			return cmdutil.UsageErrorf("--previous-case: %v", err)
		}
		form.PreviousCase = prev
	}
	form.ImmediateRisk = casefile.NormaliseRisk(form.ImmediateRisk)
	if err := cmdutil.CheckCode("risk", "risk_level", form.ImmediateRisk); err != nil {
		return err
	}
	var redirect *casefile.Partner
	if o.RedirectTo != "" {
		if form.Decision != "redirect" {
			return cmdutil.UsageErrorf("--redirect-to goes with --decision redirect; nothing was written")
		}
		if redirect, err = refer.LookupAgency(f, r, "redirect-to", o.RedirectTo); err != nil {
			return err
		}
		if form.RedirectedTo == "" {
			form.RedirectedTo = redirect.Name
		}
	}

	lock, err := f.Lock(r, "open")
	if err != nil {
		return err
	}
	defer lock.Release()

	people, in := intake.Build(form, intake.Meta{Worker: worker.ID, Now: clock.Now(), NewID: repo.NewPersonID})
	ids, err := r.CaseIDs()
	if err != nil {
		return err
	}
	id := repo.NewID(in.ReceivedOn)
	for slices.Contains(ids, id) {
		id = repo.NewID(in.ReceivedOn)
	}
	dir := repo.CaseDir(id)
	files := map[string][]byte{}
	var problems []casefile.Problem
	type entry struct {
		name string
		kind casefile.Kind
		v    any
	}
	entries := []entry{{"people.yaml", casefile.KindPeople, people}, {"intake.yaml", casefile.KindIntake, in}}
	paths := []string{dir + "/intake.yaml", dir + "/people.yaml"}
	refID := ""
	if redirect != nil {
		draft := refer.RedirectDraft(in, people, redirect.ID)
		refID = repo.NewID(draft.Date)
		entries = append(entries, entry{"referrals/" + refID + ".yaml", casefile.KindReferral, draft})
		paths = append(paths, dir+"/referrals/"+refID+".yaml")
	}
	for _, x := range entries {
		data, ps, err := casefile.Encode(dir+"/"+x.name, x.kind, x.v, rules)
		if err != nil {
			return err
		}
		problems = append(problems, ps...)
		files[x.name] = data
	}
	if errs := cmdutil.OnlyErrors(problems); len(errs) > 0 {
		return &cmdutil.ProblemsError{What: "the intake is not valid; nothing was written:", Problems: errs}
	}

	dups, unchecked, err := duplicates(r, rules, f.Keys(), form.Client.Name, form.Client.BirthDate)
	if err != nil {
		return err
	}
	undo, err := sealRegistry(f, id, files, paths)
	if err != nil {
		return err
	}
	if err := r.CreateCase(id, files); err != nil {
		undo()
		return err
	}
	if unchecked > 0 {
		what, them := fmt.Sprintf("%d sealed registries", unchecked), "them"
		if unchecked == 1 {
			what, them = "1 sealed registry", "it"
		}
		fmt.Fprintf(io.ErrOut, "casework: warning: %s could not be searched for a duplicate client (no key here opens %s)\n", what, them)
	}

	f.Commit(r, cmdutil.Change{Action: "open", CaseID: id,
		Summary: fmt.Sprintf("%s %s, %s, %s", in.Priority, in.Kind, in.Source, in.Decision.Decision),
		Paths:   paths})
	fmt.Fprintln(io.Out, id)
	if refID != "" {
		fmt.Fprintf(io.ErrOut, "Draft referral %s to %s; send it once the client consents: casework refer %s %s --status sent --consent CONSENT\n", refID, redirect.ID, id, refID)
	}
	for _, p := range problems {
		fmt.Fprintf(io.ErrOut, "casework: warning: %s\n", p.Msg)
	}
	sort.Slice(dups, func(i, j int) bool { return dups[i].CaseID < dups[j].CaseID })
	for _, d := range dups {
		fmt.Fprintf(io.ErrOut, "casework: warning: possible duplicate: case %s has a client %q with the same birth date; the cases were not merged\n", d.CaseID, d.Name)
	}
	if areas := rules.Config.Agency.Areas; len(areas) > 0 && !slices.Contains(areas, in.Area) && in.Decision.Decision != "redirect" {
		fmt.Fprintf(io.ErrOut, "casework: warning: area %q is outside the agency's service areas (%s)\n", in.Area, strings.Join(areas, ", "))
		fmt.Fprintf(io.ErrOut, "casework: hint: redirect it: casework decide %s --decision redirect --decision-reason out_of_area --redirected-to \"SERVICE\"\n", id)
	}
	fmt.Fprintf(io.ErrOut, "Opened case %s (%s, decision %s)\n", id, in.Kind, in.Decision.Decision)
	return nil
}

// merged starts from the --from file and lays the flags that were given over it.
func (o *Options) merged() (intake.Form, error) {
	form := intake.Form{}
	if o.From != "" {
		data, err := cmdutil.ReadInputFile(o.From)
		if err != nil {
			return form, err
		}
		var ps []casefile.Problem
		if form, ps = intake.ReadForm(o.From, data); len(ps) > 0 {
			return form, &cmdutil.ProblemsError{What: "the form has problems; nothing was written:", Problems: ps}
		}
	}
	changed := func(name string) bool { return o.Flags != nil && o.Flags.Changed(name) }
	set := func(name string, dst *string, v string) {
		if changed(name) {
			*dst = v
		}
	}
	fl := o.Form
	set("kind", &form.Kind, fl.Kind)
	set("client", &form.Client.Name, fl.Client.Name)
	set("phone", &form.Client.Phone, fl.Client.Phone)
	set("address", &form.Client.Address, fl.Client.Address)
	set("email", &form.Client.Email, fl.Client.Email)
	set("source", &form.Source, fl.Source)
	set("engagement", &form.Engagement, fl.Engagement)
	set("request", &form.Request, fl.Request)
	set("priority", &form.Priority, fl.Priority)
	set("risk", &form.ImmediateRisk, fl.ImmediateRisk)
	set("emergency", &form.Emergency, fl.Emergency)
	set("area", &form.Area, fl.Area)
	set("language", &form.Language, fl.Language)
	set("decision", &form.Decision, fl.Decision)
	set("decision-reason", &form.Reason, fl.Reason)
	set("redirected-to", &form.RedirectedTo, fl.RedirectedTo)
	set("worker", &form.Worker, fl.Worker)
	set("supervisor", &form.Supervisor, fl.Supervisor)
	set("previous-case", &form.PreviousCase, fl.PreviousCase)
	if changed("interpreter") {
		form.Interpreter = fl.Interpreter
	}
	if changed("partner") {
		form.Partners = fl.Partners
	}
	if fl.Requester != nil {
		form.Requester = fl.Requester
	}
	if fl.Mandate != nil {
		if form.Mandate == nil {
			form.Mandate = &intake.MandateRaw{}
		}
		set("mandate-authority", &form.Mandate.Authority, fl.Mandate.Authority)
		set("mandate-reference", &form.Mandate.Reference, fl.Mandate.Reference)
	}
	for name, typed := range o.Dates {
		d, err := o.F.ParseDate(name, typed)
		if err != nil {
			return form, err
		}
		switch name {
		case "birth-date":
			form.Client.BirthDate = d
		case "received":
			form.ReceivedOn = d
		case "mandate-ends":
			if form.Mandate == nil {
				form.Mandate = &intake.MandateRaw{}
			}
			form.Mandate.EndsOn = d
		}
	}
	for _, m := range o.Members {
		mem, err := parseMember(m, o.F)
		if err != nil {
			return form, err
		}
		form.Members = append(form.Members, mem)
	}
	for flag, code := range map[string]string{"kind": form.Kind, "decision": form.Decision, "decision-reason": form.Reason} {
		enum := map[string]string{"kind": "case_kind", "decision": "decision", "decision-reason": "decision_reason"}[flag]
		if err := cmdutil.CheckCode(flag, enum, code); err != nil {
			return form, err
		}
	}
	if form.Requester == nil && (changed("requester-relation") || changed("requester-org")) {
		return form, cmdutil.UsageErrorf("--requester-relation and --requester-org describe --requester NAME: give the requester's name too")
	}
	if form.Requester != nil {
		if form.Requester.Relation == "" {
			return form, cmdutil.UsageErrorf("--requester needs --requester-relation: %s", strings.Join(casefile.Enums["request_relation"], ", "))
		}
		if err := cmdutil.CheckCode("requester-relation", "request_relation", form.Requester.Relation); err != nil {
			return form, err
		}
	}
	return form, nil
}

// parseMember reads "name=Leo Ortega,role=child,birth_date=2019-05-04".
func parseMember(s string, f *cmdutil.Factory) (intake.Member, error) {
	var m intake.Member
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return m, cmdutil.UsageErrorf("--member %q: write name=...,role=...[,birth_date=YYYY-MM-DD]", s)
		}
		switch k {
		case "name":
			m.Name = v
		case "role":
			m.Role = v
		case "birth_date":
			d, err := f.ParseDate("member birth_date", v)
			if err != nil {
				return m, err
			}
			m.BirthDate = d
		case "relation":
			m.Relation = v
		default:
			return m, cmdutil.UsageErrorf("--member %q: unknown key %q; use name, role, birth_date, relation", s, k)
		}
	}
	if m.Name == "" || m.Role == "" {
		return m, cmdutil.UsageErrorf("--member %q needs name= and role= (%s)", s, strings.Join(casefile.Enums["member_role"], ", "))
	}
	if err := cmdutil.CheckCode("member role", "member_role", m.Role); err != nil {
		return m, err
	}
	return m, nil
}

var promptLabels = map[string]struct {
	label string
	enum  string
}{
	"client":            {"Client's full name", ""},
	"referral_source":   {"Referral source", "referral_source"},
	"engagement":        {"Engagement", "engagement"},
	"mandate.authority": {"Mandate authority (court or service that ordered it)", ""},
	"mandate.ends_on":   {"Mandate end date (YYYY-MM-DD, +6m...)", ""},
	"request":           {"Presenting request", ""},
	"priority":          {"Priority", "priority"},
	"area":              {"Client's area", ""},
	"decision_reason":   {"Decision reason", "decision_reason"},
}

// prompt asks for each missing field, and for those a first answer makes necessary (a mandate
// when the engagement turns out to be mandated).
func prompt(f *cmdutil.Factory, form *intake.Form, missing []string) error {
	p := cmdutil.NewPrompter(f.IO)
	for len(missing) > 0 {
		field := missing[0]
		l := promptLabels[field]
		answer, err := p.Ask(l.label, casefile.Enums[l.enum])
		if err != nil {
			return err
		}
		if err := setField(f, form, field, answer); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "  %v\n", err)
			continue
		}
		missing = intake.Missing(*form)
	}
	return nil
}

func setField(f *cmdutil.Factory, form *intake.Form, field, v string) error {
	switch field {
	case "client":
		form.Client.Name = v
	case "referral_source":
		form.Source = v
	case "engagement":
		form.Engagement = v
	case "mandate.authority", "mandate.ends_on":
		if form.Mandate == nil {
			form.Mandate = &intake.MandateRaw{}
		}
		if field == "mandate.authority" {
			form.Mandate.Authority = v
			break
		}
		d, err := f.ParseDate("mandate-ends", v)
		if err != nil {
			return err
		}
		form.Mandate.EndsOn = d
	case "request":
		form.Request = v
	case "priority":
		form.Priority = v
	case "area":
		form.Area = v
	case "decision_reason":
		form.Reason = v
	default:
		return errors.New("unknown field " + field)
	}
	return nil
}
