// Package assess is `casework assess`: record an assessment of the person's situation, with
// domain ratings, strengths, risk records and standardised questionnaires whose scores are
// computed, never typed.
package assess

import (
	"fmt"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/assess/form"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// Options are the inputs of assess.
type Options struct {
	F           *cmdutil.Factory
	Case        string
	Type        string
	Date        string
	Methods     []string
	Summary     string
	Domains     []string // NAME=RATING
	DomainNotes []string // NAME=TEXT
	Strengths   []string
	Resources   []string
	Risks       []string // DOMAIN=LEVEL
	RiskFactors []string // DOMAIN=TEXT
	Protective  []string // DOMAIN=TEXT
	Rationale   []string // DOMAIN=TEXT
	RiskReviews []string // DOMAIN=DATE
	PHQ9        string
	GAD7        string
	Instruments []string // ID=ANSWERS
	Language    string
	From        string
	Edit        bool
	dateSet     bool
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "assess CASE",
		Short: "Record an assessment: domains, strengths, risks, questionnaires",
		Long: `Record an assessment of the person's situation. Each assessment is a new entry
(cases/<id>/assessments/<date>-<random>.yaml); the case's current risk is derived from the
latest risk record of each risk domain.

--type is initial, reassessment or closing; by default initial when the case has no
assessment in its current episode, else reassessment.
` + wrap("Methods (--method, repeat): "+strings.Join(casefile.Enums["assessment_method"], ", ")+".") + `

` + wrap("Domains (--domain NAME=RATING, --domain-note NAME=TEXT, repeat): "+strings.Join(casefile.Enums["assessment_domain"], ", ")+
			". A rating goes from 1 (in crisis) to 5 (thriving).") + `

` + wrap("Risks (--risk DOMAIN=LEVEL, repeat): "+strings.Join(casefile.Enums["risk_domain"], ", ")+".") + `
Levels: none, low, moderate, high, critical (medium is understood as moderate, severe and
imminent as critical). Add to a risk record with --risk-factor,
--protective (repeat), --rationale and --risk-review DOMAIN=DATE. A high or critical
suicide/self-harm or domestic-violence risk needs a safety plan (casework safety-plan).

Questionnaires: --phq9 and --gad7 take the answers in item order (0 not at all … 3 nearly
every day), --instrument ID=ANSWERS an instrument defined in the repository's instruments/
folder. Total, band and flags are computed from the answers and can never be typed; a
screening result is not a diagnosis. When PHQ-9 item 9 (thoughts of being better off dead
or of self-harm) is above 0, casework says so at once and records the assessment only with
a suicide_self_harm risk assessed in it.

--from FILE.yaml reads an assessment in the entry's own shape (the fields of an assessment
file without schema_version and recorded_*); flags add to it, and instrument totals in it
are recomputed. --edit opens $EDITOR on the assessment so far and saves it only when it is
valid. The ecomap (the person's systems and ties) is written only through --from or --edit.`,
		Example: `  casework assess 2026-11-22-k7f3m --method interview --method home_visit \
      --domain socio_economic=2 --domain-note socio_economic="Rent arrears, eviction notice" \
      --strength "Close to her sister" --risk domestic_violence=high \
      --risk-factor domestic_violence="Threats since the separation" --risk-review domestic_violence=+1w \
      --phq9 1,2,1,2,1,1,0,1,0 --gad7 2,2,1,1,0,1,1
  casework assess k7f3m --type reassessment --risk domestic_violence=moderate --rationale domestic_violence="Moved to her sister's"
  casework assess k7f3m --from assessment.yaml
  casework assess k7f3m --edit`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			o.dateSet = cmd.Flags().Changed("date")
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Type, "type", "", "initial, reassessment or closing (default: initial when the episode has no assessment yet)")
	fl.StringVar(&o.Date, "date", "today", "the date of the assessment")
	fl.StringArrayVar(&o.Methods, "method", nil, "how the information was gathered, a method `CODE` (repeat)")
	fl.StringVar(&o.Summary, "summary", "", "the assessment's summary")
	fl.StringArrayVar(&o.Domains, "domain", nil, "a domain's rating from 1 (in crisis) to 5 (thriving), as `NAME=RATING` (repeat)")
	fl.StringArrayVar(&o.DomainNotes, "domain-note", nil, "what was found in a domain, as `NAME=TEXT` (repeat)")
	fl.StringArrayVar(&o.Strengths, "strength", nil, "a strength of the person or family (repeat)")
	fl.StringArrayVar(&o.Resources, "resource", nil, "a resource they can count on (repeat)")
	fl.StringArrayVar(&o.Risks, "risk", nil, "a risk record, as `DOMAIN=LEVEL` (repeat)")
	fl.StringArrayVar(&o.RiskFactors, "risk-factor", nil, "a risk factor, as `DOMAIN=TEXT` (repeat)")
	fl.StringArrayVar(&o.Protective, "protective", nil, "a protective factor, as `DOMAIN=TEXT` (repeat)")
	fl.StringArrayVar(&o.Rationale, "rationale", nil, "why this level, as `DOMAIN=TEXT`")
	fl.StringArrayVar(&o.RiskReviews, "risk-review", nil, "when to review the risk, as `DOMAIN=DATE`")
	fl.StringVar(&o.PHQ9, "phq9", "", "PHQ-9 `ANSWERS` in item order, e.g. 1,2,0,1,1,0,0,1,0")
	fl.StringVar(&o.GAD7, "gad7", "", "GAD-7 `ANSWERS` in item order, e.g. 1,1,0,2,0,1,0")
	fl.StringArrayVar(&o.Instruments, "instrument", nil, "answers to an instrument of instruments/, as `ID=ANSWERS` (repeat)")
	fl.StringVar(&o.Language, "instrument-language", "", "the language the questionnaires were given in (en, fr, es)")
	fl.StringVar(&o.From, "from", "", "read the assessment from a YAML `FILE` (flags add to it)")
	fl.BoolVarP(&o.Edit, "edit", "e", false, "write or finish the assessment in $EDITOR")
	_ = cmd.RegisterFlagCompletionFunc("type", cmdutil.CompleteCodes(casefile.Enums["assessment_type"]))
	_ = cmd.RegisterFlagCompletionFunc("method", cmdutil.CompleteCodes(casefile.Enums["assessment_method"]))
	_ = cmd.RegisterFlagCompletionFunc("instrument-language", cmdutil.CompleteCodes(casefile.Enums["language"]))
	return cmd
}

// wrap breaks a paragraph into lines of at most 92 characters, for help text.
func wrap(text string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		if n > 0 && n+1+len(w) > 92 {
			b.WriteString("\n")
			n = 0
		} else if n > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// skipSafetyFlag drops the entry reader's check of stored flags: flags are recomputed from the
// items, and the suicide-risk rule is checked on the recomputed ones.
func skipSafetyFlag(p casefile.Problem) bool {
	return strings.Contains(p.Msg, "raised a safety flag ("+casefile.FlagSuicideScreen)
}

func run(o *Options) error {
	f := o.F
	givenInstr, err := parseInstruments(o)
	if err != nil {
		return err
	}
	// Questionnaires are scored first, so that a safety flag is said before anything else.
	defs, defProblems := instrument.Builtin(), []casefile.Problem(nil)
	if r, err := f.Repo(); err == nil {
		defs, defProblems = instrument.All(r.Abs("instruments"), "instruments")
	}
	var results []casefile.InstrumentResult
	var flagHits []hit
	for _, g := range givenInstr {
		d, ok := defs[g.id]
		if !ok {
			err := cmdutil.UsageErrorf("--%s: %s", g.flag, unknownInstrument(g.id, defs))
			if errs := cmdutil.OnlyErrors(defProblems); len(errs) > 0 {
				return &cmdutil.ProblemsError{What: err.Error() + "\nthe instrument definitions have problems:", Problems: errs}
			}
			return err
		}
		res, err := d.Record(g.answers, o.Language)
		if err != nil {
			return cmdutil.UsageErrorf("--%s: %v", g.flag, err)
		}
		results = append(results, res)
		flagHits = append(flagHits, hits(d, g.answers)...)
	}
	sf := &safety{w: f.IO.ErrOut, seen: map[string]bool{}}
	p, perr := parseFlags(o)
	if o.From == "" || perr != nil {
		early := &casefile.Assessment{}
		if perr == nil {
			_ = p.apply(o, early)
		}
		sf.say(early, flagHits, o.Edit)
	}
	if perr != nil {
		return perr
	}
	var fromData []byte
	if o.From != "" {
		if fromData, err = cmdutil.ReadInputFile(o.From); err != nil {
			return cmdutil.UsageErrorf("--from: %v", err)
		}
	}
	w, err := f.OpenCase(o.Case, "assess")
	if err != nil {
		return err
	}
	defer w.Release()
	r, c, st, rules := w.Repo, w.Case, w.State, w.Rules
	if err := w.RequireOpen("an assessment"); err != nil {
		return err
	}
	typ := p.typ
	if typ == "" {
		typ = defaultType(c, st)
	}
	entry := w.Entry()
	a := &casefile.Assessment{}
	var fromHits []hit
	if fromData != nil {
		fill := []form.Fill{{Key: "schema_version", Value: casefile.SchemaVersion}, {Key: "recorded_at", Value: entry.RecordedAt},
			{Key: "recorded_by", Value: entry.RecordedBy}, {Key: "date", Value: p.date}, {Key: "type", Value: typ}}
		doc, ps := form.Decode(o.From, casefile.KindAssessment, fromData, rules, fill, a, skipSafetyFlag)
		if len(cmdutil.OnlyErrors(ps)) == 0 {
			fromHits = rescore(a, defs, placer(o.From, doc, &ps))
			ps = append(ps, peopleProblems(o.From, c, a, doc)...)
		}
		if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
			return &cmdutil.ProblemsError{What: "--from " + o.From + " is not a valid assessment; nothing was written:", Problems: errs}
		}
		for _, w := range ps {
			fmt.Fprintf(f.IO.ErrOut, "casework: %s\n", w.String())
		}
	} else {
		a.Date, a.Type = p.date, typ
	}
	if err := p.apply(o, a); err != nil {
		return err
	}
	for _, res := range results {
		for _, in := range a.Instruments {
			if in.Instrument == res.Instrument {
				return cmdutil.UsageErrorf("%s is both in %s and on the command line; one result per questionnaire in an assessment", res.Instrument, o.From)
			}
		}
		a.Instruments = append(a.Instruments, res)
	}
	sf.say(a, append(fromHits, flagHits...), o.Edit)
	a.SchemaVersion, a.Entry = casefile.SchemaVersion, entry
	if o.Edit {
		if a, err = edit(o, r, c, st, a, defs, rules, sf); err != nil {
			return err
		}
	}
	if err := refuseWithoutSuicideRisk(a, defs); err != nil {
		return err
	}
	if a.Date.Before(st.EpisodeStart) {
		return cmdutil.UsageErrorf("the assessment's date %s is before this episode began (%s); nothing was written", a.Date, st.EpisodeStart)
	}
	if a.Date.After(rules.Today) {
		return cmdutil.UsageErrorf("the assessment's date %s is in the future; an assessment is recorded once made; nothing was written", a.Date)
	}
	if a.Type == "initial" {
		if prev := episodeAssessments(c, st); len(prev) > 0 {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: this episode already has an assessment (%s); recorded as initial all the same\n", prev[len(prev)-1].ID)
		}
	}
	id := repo.NewID(a.Date)
	doc, err := entryNode(a)
	if err != nil {
		return err
	}
	path, err := f.WriteEntry(r, c, "assessments", casefile.KindAssessment, id, doc)
	if err != nil {
		return err
	}
	c.Assessments = append(c.Assessments, casefile.Item[casefile.Assessment]{ID: id, Path: path, V: a})
	today, err := f.Today()
	if err != nil {
		return err
	}
	risk := caseload.CurrentRisk(c, today)
	summary := a.Type
	if risk != "" {
		summary += ", risk " + risk
	}
	f.Commit(r, cmdutil.Change{Action: "assess", CaseID: c.ID, Summary: summary, Paths: []string{path}})
	report(o, c, a, path, defs, today)
	return nil
}

// report says what was recorded and what the case's risk is now.
func report(o *Options, c *casefile.Case, a *casefile.Assessment, path string, defs map[string]*instrument.Definition, today dates.Date) {
	w := o.F.IO.ErrOut
	what := a.Type + " assessment"
	if a.Type == "reassessment" {
		what = a.Type
	}
	fmt.Fprintf(w, "Recorded %s of case %s: %s\n", what, c.ID, path)
	for _, in := range a.Instruments {
		name := displayName(defs, in.Instrument)
		fmt.Fprintf(w, "%s: total %d, %s (a screening result, not a diagnosis)\n", name, in.Total, strings.ReplaceAll(in.Band, "_", " "))
	}
	latest := caseload.LatestRisks(c, today)
	var recs []caseload.RiskRecord
	for _, r := range latest {
		recs = append(recs, r)
	}
	sort.Slice(recs, func(i, j int) bool {
		if ri, rj := casefile.RiskRank(recs[i].Level), casefile.RiskRank(recs[j].Level); ri != rj {
			return ri > rj
		}
		return recs[i].Domain < recs[j].Domain
	})
	var parts []casefile.Risk
	for _, r := range recs {
		parts = append(parts, r.Risk)
	}
	risk := caseload.CurrentRisk(c, today)
	switch {
	case len(parts) > 0:
		fmt.Fprintf(w, "Current risk of case %s: %s (%s)\n", c.ID, risk, describeRisks(parts))
	case risk != "":
		fmt.Fprintf(w, "Current risk of case %s: %s (immediate risk noted at intake)\n", c.ID, risk)
	}
	missing := caseload.MissingSafetyPlan(c, today)
	for _, m := range missing {
		fmt.Fprintf(w, "casework: warning: the %s risk is %s and the case has no safety plan in this episode\n", m.Domain, m.Level)
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "casework: hint: build one with the person now: casework safety-plan %s --warning-sign TEXT ... (or --edit)\n", c.ID)
	}
}

// refuseWithoutSuicideRisk refuses an assessment whose questionnaire screened positive for
// suicide risk when no suicide_self_harm risk is recorded with it.
func refuseWithoutSuicideRisk(a *casefile.Assessment, defs map[string]*instrument.Definition) error {
	idx := needsSuicideRisk(a)
	if len(idx) == 0 {
		return nil
	}
	var names []string
	for _, i := range idx {
		names = append(names, displayName(defs, a.Instruments[i].Instrument))
	}
	return cmdutil.WithHint(
		cmdutil.UsageErrorf("%s screened positive for suicide risk and this assessment records no suicide_self_harm risk; nothing was written",
			strings.Join(names, " and ")),
		"assess the suicide risk with the person now, then run the command again adding --risk suicide_self_harm=LEVEL (%s), "+
			"with --risk-factor, --protective and --rationale suicide_self_harm=TEXT", strings.Join(casefile.RiskLevels, ", "))
}

// entryNode is the assessment as written: in its fixed field order, with each questionnaire's
// answers on one line ("items: [1, 2, 0, …]"), as they are read.
func entryNode(a *casefile.Assessment) (*yaml.Node, error) {
	var n yaml.Node
	if err := n.Encode(a); err != nil {
		return nil, err
	}
	if in := schema.Lookup(&n, "instruments"); in != nil {
		for _, r := range in.Content {
			if items := schema.Lookup(r, "items"); items != nil {
				items.Style = yaml.FlowStyle
			}
		}
	}
	return &n, nil
}

// placer returns an at function that adds problems placed on doc's lines.
func placer(path string, doc *yaml.Node, ps *[]casefile.Problem) func(msg string, warn bool, keys ...string) {
	return func(msg string, warn bool, keys ...string) {
		p := casefile.Problem{Path: path, Msg: msg, Warning: warn, Line: 1, Col: 1}
		if n := schema.Lookup(doc, keys...); n != nil {
			p.Line, p.Col = n.Line, n.Column
		}
		*ps = append(*ps, p)
	}
}

// defaultType is initial when the current episode has no assessment yet, else reassessment.
func defaultType(c *casefile.Case, st caseload.State) string {
	if len(episodeAssessments(c, st)) > 0 {
		return "reassessment"
	}
	return "initial"
}

func episodeAssessments(c *casefile.Case, st caseload.State) []casefile.Item[casefile.Assessment] {
	var out []casefile.Item[casefile.Assessment]
	for _, a := range c.Assessments {
		if !a.V.Date.Before(st.EpisodeStart) {
			out = append(out, a)
		}
	}
	return out
}
