package review

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// CaseReviewFlags are what a case review records.
type CaseReviewFlags struct {
	Type         string
	Date         string
	Participants []string
	Findings     []string
	Goals        []string // G-1=STATUS[:LEVEL]
	RiskChanges  []string // DOMAIN=FROM:TO
	Decisions    []string
	PlanChanges  string
	NextReview   string
}

var caseReviewFlags = []string{"type", "date", "participant", "finding", "goal", "risk-change", "decision", "plan-changes", "next-review"}

func (c *CaseReviewFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&c.Type, "type", "", "with CASE: plan_review, supervision, risk_review or case_conference")
	fl.StringVar(&c.Date, "date", "today", "with CASE: the review's date")
	fl.StringArrayVar(&c.Participants, "participant", nil, "with CASE: who took part (a worker id, a registry P- id or a role; repeat)")
	fl.StringArrayVar(&c.Findings, "finding", nil, "with CASE: what the review found (repeat)")
	fl.StringArrayVar(&c.Goals, "goal", nil, "with CASE: a goal's status and GAS level, as `G-1=STATUS[:LEVEL]` (repeat)")
	fl.StringArrayVar(&c.RiskChanges, "risk-change", nil, "with CASE: a risk level changed, as `DOMAIN=FROM:TO` (repeat)")
	fl.StringArrayVar(&c.Decisions, "decision", nil, "with CASE: a decision taken (repeat)")
	fl.StringVar(&c.PlanChanges, "plan-changes", "", "with CASE: how the plan changes")
	fl.StringVar(&c.NextReview, "next-review", "", "with CASE: the date of the next review")
	_ = cmd.RegisterFlagCompletionFunc("type", cmdutil.CompleteCodes(casefile.Enums["review_type"]))
}

func (c *CaseReviewFlags) changed(fs *pflag.FlagSet) bool {
	for _, n := range caseReviewFlags {
		if fs.Changed(n) {
			return true
		}
	}
	return false
}

// parseGoal reads G-1=STATUS[:LEVEL].
func parseGoal(s string) (casefile.GoalReview, error) {
	id, rest, ok := strings.Cut(s, "=")
	if !ok || id == "" || rest == "" {
		return casefile.GoalReview{}, cmdutil.UsageErrorf("--goal %q: write G-1=STATUS or G-1=STATUS:LEVEL (LEVEL from -2 to 2)", s)
	}
	status, level, hasLevel := strings.Cut(rest, ":")
	g := casefile.GoalReview{Goal: strings.ToUpper(strings.TrimSpace(id)), Status: strings.TrimSpace(status)}
	if err := cmdutil.CheckCode("goal", "goal_status", g.Status); err != nil {
		return g, err
	}
	if hasLevel {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(level), "+"))
		if err != nil || n < -2 || n > 2 {
			return g, cmdutil.UsageErrorf("--goal %q: the GAS level is a whole number from -2 to 2", s)
		}
		g.Level = &n
	}
	return g, nil
}

// parseRiskChange reads DOMAIN=FROM:TO.
func parseRiskChange(s string) (casefile.RiskChange, error) {
	d, rest, ok := strings.Cut(s, "=")
	from, to, ok2 := strings.Cut(rest, ":")
	if !ok || !ok2 {
		return casefile.RiskChange{}, cmdutil.UsageErrorf("--risk-change %q: write DOMAIN=FROM:TO, e.g. domestic_violence=high:moderate", s)
	}
	rc := casefile.RiskChange{Domain: d, From: casefile.NormaliseRisk(from), To: casefile.NormaliseRisk(to)}
	for flag, v := range map[string][2]string{"risk-change domain": {"risk_domain", rc.Domain}, "risk-change from": {"risk_level", rc.From}, "risk-change to": {"risk_level", rc.To}} {
		if err := cmdutil.CheckCode(flag, v[0], v[1]); err != nil {
			return rc, err
		}
	}
	return rc, nil
}

func runCase(o *Options) error {
	f := o.F
	cr := o.CR
	if cr.Type == "" {
		return cmdutil.UsageErrorf("a case review needs --type: %s", strings.Join(casefile.Enums["review_type"], ", "))
	}
	if err := cmdutil.CheckCode("type", "review_type", cr.Type); err != nil {
		return err
	}
	on, err := f.ParseDate("date", cr.Date)
	if err != nil {
		return err
	}
	var next dates.Date
	if cr.NextReview != "" {
		if next, err = f.ParseDate("next-review", cr.NextReview); err != nil {
			return err
		}
	}
	rv := &casefile.CaseReview{SchemaVersion: casefile.SchemaVersion, Date: on, Type: cr.Type, Participants: cr.Participants,
		Findings: cr.Findings, Decisions: cr.Decisions, PlanChanges: strings.TrimSpace(cr.PlanChanges), NextReview: next}
	for _, g := range cr.Goals {
		gr, err := parseGoal(g)
		if err != nil {
			return err
		}
		rv.GoalProgress = append(rv.GoalProgress, gr)
	}
	for _, s := range cr.RiskChanges {
		rc, err := parseRiskChange(s)
		if err != nil {
			return err
		}
		rv.RiskChanges = append(rv.RiskChanges, rc)
	}
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	x, err := f.PrepareExport(&o.Export, rules.Config.Language)
	if err != nil {
		return err
	}
	if !x.Internal() && x.Profile.Dates == "year" {
		return cmdutil.UsageErrorf("profile %s keeps coded data only, and a case review report is words: casework show CASE --profile %s", x.Name, x.Name)
	}
	if !x.Internal() && x.Profile.Scope == "consent" {
		return cmdutil.UsageErrorf("profile %s shares what a consent's categories cover, and a case review covers them all: nothing was recorded", x.Name)
	}
	w, err := f.OpenCase(o.Case, "review")
	if err != nil {
		return err
	}
	defer w.Release()
	c := w.Case
	if err := w.RequireOpen("a case review"); err != nil {
		return err
	}
	// GAS: the levels found at this review, weighted as the plan says, frozen with rho and n.
	var levels []int
	var weights []float64
	for _, g := range rv.GoalProgress {
		goal := plan.FindGoal(c.Plan, g.Goal)
		if goal == nil {
			return cmdutil.UsageErrorf("--goal %s: the case's plan has no such goal (casework plan %s)", g.Goal, c.ID)
		}
		if g.Level != nil {
			if goal.GAS == nil || !plan.HasFullScale(goal) {
				return cmdutil.UsageErrorf("--goal %s: a GAS level needs the goal's five levels written first (casework plan goal set)", g.Goal)
			}
			levels = append(levels, *g.Level)
			weights = append(weights, goal.GAS.Weight)
		}
	}
	rho := w.Rules.Config.GAS.Rho
	if len(levels) > 0 {
		t, err := plan.TScore(levels, weights, rho)
		if err != nil {
			return err
		}
		rv.GAS = &casefile.GASSummary{TScore: float64(int(t*100+0.5)) / 100, Rho: rho, NGoals: len(levels)}
	}
	rv.Entry = w.Entry()
	path, err := f.WriteEntry(w.Repo, c, "reviews", casefile.KindCaseReview, repo.NewID(on), rv)
	if err != nil {
		return err
	}
	summary := cr.Type
	if rv.GAS != nil {
		summary += fmt.Sprintf(", T %.1f", rv.GAS.TScore)
	}
	f.Commit(w.Repo, cmdutil.Change{Action: "review", CaseID: c.ID, Summary: summary, Paths: []string{path}})
	fmt.Fprintf(f.IO.ErrOut, "Recorded %s of case %s: %s\n", cr.Type, c.ID, path)
	id := strings.TrimSuffix(filepath.Base(path), ".yaml")
	var res *redact.Result
	if !x.Internal() {
		// The report of the review just recorded, redacted: the case as it now stands.
		c.Reviews = append(c.Reviews, casefile.Item[casefile.CaseReview]{ID: id, Path: path, V: rv})
		if res, err = f.Redact(w.Repo, x, c); err != nil {
			return err
		}
		rv = nil
		for _, it := range res.Case.Reviews {
			if it.ID == id {
				rv = it.V
			}
		}
		if rv == nil {
			return fmt.Errorf("the review is outside what profile %s exports (--since, --until, --include): the review is recorded, its report was not exported", x.Name)
		}
		c = res.Case
	}
	view := report.ViewCaseReview(c, rv, w.Rules.Config.Agency.Name)
	out, err := report.Renderer{Dir: filepath.Join(w.Repo.Root, "templates")}.Render("case-review.md.tmpl", w.Rules.Config.Language, view)
	if err != nil {
		return err
	}
	if o.Format == "html" {
		if out, err = report.HTML(out, "", w.Rules.Config.Language); err != nil {
			return err
		}
	}
	if res != nil {
		w.Release() // the disclosure log takes the lock itself
		format := o.Format
		if format == "" {
			format = "md"
		}
		if _, err := f.LogDisclosure(w.Repo, x, w.Case, "case_review", format, casefile.Disclosure{Entries: []string{id}}); err != nil {
			return err
		}
	}
	_, err = f.IO.Out.Write(out)
	return err
}
