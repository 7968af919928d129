// Package safetyplan is `casework safety-plan`: record a safety plan built with the person, in
// their own words, and show the current one.
package safetyplan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/assess/form"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"github.com/spf13/cobra"
)

// Options are the inputs of safety-plan.
type Options struct {
	F                 *cmdutil.Factory
	Case              string
	Date              string
	WarningSigns      []string
	Coping            []string
	DistractPeople    []string
	DistractPlaces    []string
	HelpPeople        []string // TEXT[:PHONE]
	Professionals     []string // NAME[:PHONE]
	MeansSafety       []string
	WhereKept         string
	Agreed            bool
	ReviewOn          string
	From              string
	Edit              bool
	Show              bool
	Format            string
	dateSet, writeSet bool
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "safety-plan CASE --warning-sign TEXT...",
		Short: "Record a safety plan built with the person, or show the current one",
		Long: `Record a safety plan: a short, prioritised list written with the person, in their own
words, to use in order when a crisis starts, from what they can do alone to professional help.
Each plan is a new entry; the latest one of the current episode is the case's safety plan.
A high or critical suicide/self-harm or domestic-violence risk requires one (casework check).

The six parts, in the order the person uses them:
  1. --warning-sign        thoughts, moods, situations that tell a crisis is starting (required)
  2. --coping              what they can do on their own to get through it
  3. --distraction-person  people who take their mind off it (without being told of the crisis)
     --distraction-place   places that do the same
  4. --help-person         people they can tell they are in crisis, as TEXT[:PHONE]
  5. --professional        professionals and services, as NAME[:PHONE]
  6. --means-safety        what makes their surroundings safer (reducing access to means)
Every flag but --where-kept, --agreed, --review-on and --date may be repeated, in order of
priority.

--help-person is written as the person says it ("my sister", "Dani from the club"). The names
of identifiable people belong in the case's people registry (people.yaml), and the registry
id may be given instead: --help-person P-4k2m:06 12 34 56 78 stores a reference to the
registry, so the name stays in one place.

casework holds no crisis numbers: write the local ones as --professional entries
('Crisis line:NUMBER'), as the service's own practice sets them.

--from FILE.yaml reads a plan in the entry's own shape (the fields of
cases/<id>/safety-plans/*.yaml without schema_version and recorded_*); flags add to it.
--edit opens $EDITOR on the plan so far and saves it only when it is valid.
--show prints the case's current safety plan.`,
		Example: `  casework safety-plan 2026-11-22-k7f3m --warning-sign "Can't sleep, go over the debts all night" \
      --warning-sign "Stop answering the phone" --coping "Walk the dog along the canal" \
      --distraction-place "The library" --help-person "My sister:06 12 34 56 78" \
      --professional "Dr Roy, GP:01 23 45 67 89" --professional "Crisis line:NUMBER" \
      --means-safety "Medication kept by my sister" --where-kept "Phone notes and on the fridge" \
      --agreed --review-on +2w
  casework safety-plan k7f3m --edit
  casework safety-plan k7f3m --show`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			o.dateSet = cmd.Flags().Changed("date")
			for _, name := range []string{"date", "warning-sign", "coping", "distraction-person", "distraction-place",
				"help-person", "professional", "means-safety", "where-kept", "agreed", "review-on", "from", "edit"} {
				o.writeSet = o.writeSet || cmd.Flags().Changed(name)
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.WarningSigns, "warning-sign", nil, "a warning sign that a crisis is starting, in the person's words (repeat; required)")
	fl.StringArrayVar(&o.Coping, "coping", nil, "something the person can do alone to cope (repeat)")
	fl.StringArrayVar(&o.DistractPeople, "distraction-person", nil, "someone who helps take their mind off it (repeat)")
	fl.StringArrayVar(&o.DistractPlaces, "distraction-place", nil, "a place that helps take their mind off it (repeat)")
	fl.StringArrayVar(&o.HelpPeople, "help-person", nil, "someone to ask for help, as `TEXT[:PHONE]`; TEXT may be a registry id P-… (repeat)")
	fl.StringArrayVar(&o.Professionals, "professional", nil, "a professional or service to call, as `NAME[:PHONE]`; NAME may be a registry id P-… (repeat)")
	fl.StringArrayVar(&o.MeansSafety, "means-safety", nil, "a step that makes the surroundings safer (repeat)")
	fl.StringVar(&o.WhereKept, "where-kept", "", "where the person keeps the plan")
	fl.BoolVar(&o.Agreed, "agreed", false, "the person agreed to the plan")
	fl.StringVar(&o.ReviewOn, "review-on", "", "when to review the plan (`DATE`)")
	fl.StringVar(&o.Date, "date", "today", "the date the plan was made")
	fl.StringVar(&o.From, "from", "", "read the plan from a YAML `FILE` (flags add to it)")
	fl.BoolVarP(&o.Edit, "edit", "e", false, "write or finish the plan in $EDITOR")
	fl.BoolVar(&o.Show, "show", false, "print the case's current safety plan instead of recording one")
	cmdutil.AddFormatFlag(cmd, &o.Format, "md", "yaml")
	return cmd
}

func run(o *Options) error {
	if o.Show {
		if o.writeSet {
			return cmdutil.UsageErrorf("--show prints the current plan; it goes with no other flag but -o")
		}
		return show(o)
	}
	f := o.F
	if !o.Edit && o.From == "" && len(o.WarningSigns) == 0 {
		return cmdutil.WithHint(cmdutil.UsageErrorf("missing --warning-sign; nothing was written"),
			"a safety plan starts with the signs that a crisis is starting, in the person's words: --warning-sign TEXT (repeat), or --edit")
	}
	for _, list := range [][]string{o.WarningSigns, o.Coping, o.DistractPeople, o.DistractPlaces, o.MeansSafety} {
		for _, s := range list {
			if strings.TrimSpace(s) == "" {
				return cmdutil.UsageErrorf("an empty value was given; write each item in the person's words")
			}
		}
	}
	helpers := make([]contact, 0, len(o.HelpPeople))
	for _, s := range o.HelpPeople {
		c, err := parseContact("help-person", s)
		if err != nil {
			return err
		}
		helpers = append(helpers, c)
	}
	pros := make([]contact, 0, len(o.Professionals))
	for _, s := range o.Professionals {
		c, err := parseContact("professional", s)
		if err != nil {
			return err
		}
		pros = append(pros, c)
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	var review dates.Date
	if o.ReviewOn != "" {
		if review, err = f.ParseDate("review-on", o.ReviewOn); err != nil {
			return err
		}
	}
	var fromData []byte
	if o.From != "" {
		if fromData, err = cmdutil.ReadInputFile(o.From); err != nil {
			return cmdutil.UsageErrorf("--from: %v", err)
		}
	}
	w, err := f.OpenCase(o.Case, "safety-plan")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c, st, rules := w.Repo, w.Case, w.State, w.Rules
	if err := w.RequireOpen("a safety plan"); err != nil {
		return err
	}
	entry := w.Entry()
	sp := &casefile.SafetyPlan{}
	if fromData != nil {
		fill := []form.Fill{{Key: "schema_version", Value: casefile.SchemaVersion}, {Key: "recorded_at", Value: entry.RecordedAt},
			{Key: "recorded_by", Value: entry.RecordedBy}, {Key: "date", Value: on}}
		if len(o.WarningSigns) > 0 {
			fill = append(fill, form.Fill{Key: "warning_signs", Value: o.WarningSigns})
		}
		doc, ps := form.Decode(o.From, casefile.KindSafetyPlan, fromData, rules, fill, sp, nil)
		if len(cmdutil.OnlyErrors(ps)) == 0 {
			ps = append(ps, planProblems(o.From, c, st, sp, doc)...)
		}
		if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
			return &cmdutil.ProblemsError{What: "--from " + o.From + " is not a valid safety plan; nothing was written:", Problems: errs}
		}
		given := form.Keys(fromData)
		if given["warning_signs"] {
			sp.WarningSigns = append(sp.WarningSigns, o.WarningSigns...)
		}
		if o.dateSet || !given["date"] {
			sp.Date = on
		}
	} else {
		sp.Date = on
		sp.WarningSigns = o.WarningSigns
	}
	sp.SchemaVersion, sp.Entry = casefile.SchemaVersion, entry
	sp.CopingStrategies = append(sp.CopingStrategies, o.Coping...)
	if len(o.DistractPeople)+len(o.DistractPlaces) > 0 {
		if sp.Distractions == nil {
			sp.Distractions = &casefile.Distractions{}
		}
		sp.Distractions.People = append(sp.Distractions.People, o.DistractPeople...)
		sp.Distractions.Places = append(sp.Distractions.Places, o.DistractPlaces...)
	}
	for _, h := range helpers {
		ct, err := h.resolve(c, "--help-person")
		if err != nil {
			return err
		}
		sp.HelpPeople = append(sp.HelpPeople, ct)
	}
	for _, h := range pros {
		ct, err := h.resolve(c, "--professional")
		if err != nil {
			return err
		}
		sp.Professionals = append(sp.Professionals, ct)
	}
	sp.MeansSafety = append(sp.MeansSafety, o.MeansSafety...)
	if o.WhereKept != "" {
		sp.WhereKept = o.WhereKept
	}
	if o.Agreed {
		sp.ClientAgreed = true
	}
	if !review.IsZero() {
		sp.ReviewOn = review
	}
	if o.Edit {
		if sp, err = edit(o, r, c, sp, rules); err != nil {
			return err
		}
	}
	if len(sp.WarningSigns) == 0 {
		return cmdutil.UsageErrorf("missing --warning-sign: a safety plan starts with the warning signs, in the person's words; nothing was written")
	}
	if sp.Date.Before(st.EpisodeStart) {
		return cmdutil.UsageErrorf("the plan's date %s is before this episode began (%s); nothing was written", sp.Date, st.EpisodeStart)
	}
	if sp.Date.After(rules.Today) {
		return cmdutil.UsageErrorf("the plan's date %s is in the future; a plan is recorded once made; nothing was written", sp.Date)
	}
	if !sp.ReviewOn.IsZero() && sp.ReviewOn.Before(sp.Date) {
		return cmdutil.UsageErrorf("the review date %s is before the plan's date %s; nothing was written", sp.ReviewOn, sp.Date)
	}
	if err := checkPeople(c, sp); err != nil {
		return err
	}
	id := repo.NewID(sp.Date)
	path, err := f.WriteEntry(r, c, "safety-plans", casefile.KindSafetyPlan, id, sp)
	if err != nil {
		return err
	}
	summary := "not agreed"
	if sp.ClientAgreed {
		summary = "agreed"
	}
	if !sp.ReviewOn.IsZero() {
		summary += ", review " + sp.ReviewOn.String()
	}
	f.Commit(r, cmdutil.Change{Action: "safety-plan", CaseID: c.ID, Summary: summary, Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Recorded safety plan %s of case %s: %s\n", id, c.ID, path)
	if !sp.ClientAgreed {
		fmt.Fprintf(f.IO.ErrOut, "casework: hint: the plan does not say the person agreed to it; go through it together and record it again with --agreed\n")
	}
	if sp.WhereKept == "" {
		fmt.Fprintf(f.IO.ErrOut, "casework: hint: agree with the person where they keep the plan (--where-kept)\n")
	}
	return nil
}

// contact is a TEXT[:PHONE] flag value.
type contact struct{ text, phone string }

var (
	phoneLike = regexp.MustCompile(`^\+?[0-9(][0-9 ().\-]*[0-9]$`)
	personID  = regexp.MustCompile(`^P-[0-9a-z]{2,8}$`)
)

// parseContact reads TEXT[:PHONE]. The phone is what follows the last colon when it looks like
// a number, so the text may hold colons of its own ("Dr Roy: GP").
func parseContact(flag, s string) (contact, error) {
	s = strings.TrimSpace(s)
	c := contact{text: s}
	if i := strings.LastIndex(s, ":"); i >= 0 {
		if p := strings.TrimSpace(s[i+1:]); phoneLike.MatchString(p) {
			c = contact{text: strings.TrimSpace(s[:i]), phone: p}
		}
	}
	if c.text == "" {
		return c, cmdutil.UsageErrorf("--%s %q: write who it is, then optionally :PHONE, e.g. \"My sister:06 12 34 56 78\"", flag, s)
	}
	return c, nil
}

// resolve stores a registry id as a reference and anything else as the person's own words.
func (h contact) resolve(c *casefile.Case, flag string) (casefile.Contact, error) {
	if !personID.MatchString(h.text) {
		return casefile.Contact{Name: h.text, Phone: h.phone}, nil
	}
	if _, ok := c.Person(h.text); ok {
		return casefile.Contact{Person: h.text, Phone: h.phone}, nil
	}
	return casefile.Contact{}, unknownPerson(c, flag, h.text)
}

func unknownPerson(c *casefile.Case, where, id string) error {
	var ids []string
	if c.People != nil {
		for _, p := range c.People.People {
			ids = append(ids, p.ID)
		}
	}
	msg := fmt.Sprintf("%s %s: no one in the case's people registry has that id", where, id)
	if s := schema.Suggest(id, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return cmdutil.WithHint(cmdutil.UsageErrorf("%s; nothing was written", msg),
		"the registry is %s; write the person as the client says it, or add them to the registry first", c.PeoplePath())
}

// checkPeople checks the registry references a --from file or the editor brought in.
func checkPeople(c *casefile.Case, sp *casefile.SafetyPlan) error {
	for _, h := range append(append([]casefile.Contact(nil), sp.HelpPeople...), sp.Professionals...) {
		if h.Person != "" {
			if _, ok := c.Person(h.Person); !ok {
				return unknownPerson(c, "person", h.Person)
			}
		}
		if h.Person == "" && strings.TrimSpace(h.Name) == "" {
			return cmdutil.UsageErrorf("each person to call needs a name or a registry person id; nothing was written")
		}
	}
	return nil
}
