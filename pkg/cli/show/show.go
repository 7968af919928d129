// Package show is `casework show`: one case, readable.
package show

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/spf13/cobra"
)

// Options are the inputs of show.
type Options struct {
	F      *cmdutil.Factory
	Case   string
	Format string
	Lang   string
	Export cmdutil.ExportFlags
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "show CASE",
		Short: "Show a case: who, what was asked, its status and history",
		Long: `Show one case. CASE is its id or any unique part of its start (2026-11, 2026-11-22-k7)
or its random part alone (k7f3m).

Formats: md (the default, readable as it is in a terminal) is the case summary report in
the repository's language (or --lang); html is the same report as one self-contained page to
open in a browser and print (it loads nothing from anywhere); json is the same view for
programs; yaml is every entry of the case as recorded.

` + cmdutil.ExportHelp + ` Under deidentified, md, html and json show
the coded data alone, and yaml is refused.`,
		Example: `  casework show 2026-11-22-k7f3m
  casework show k7f3m --lang es
  casework show k7f3m -o html > k7f3m.html
  casework show 2026-11 -o json | jq .status
  casework show k7f3m --profile supervision
  casework show k7f3m --profile court --to "Tribunal judiciaire" --purpose "Order to produce the file" \
      --order "RG 26/01234" --since 2026-10-01 --until 2026-11-30 --include notes,assessments -o html > order.html
  casework show k7f3m --profile referral --to housing-office --purpose "Rehousing" --consent 2026-11-20-k2m4q
  casework show k7f3m --profile deidentified --to "City funder" -o json`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			f.BindFlag("language", cmd.Flags().Lookup("lang"))
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "md", "html", "json", "yaml")
	cmd.Flags().StringVar(&o.Lang, "lang", "", "report language: en, fr or es (default: the repository's)")
	_ = cmd.RegisterFlagCompletionFunc("lang", cmdutil.CompleteCodes(report.Languages))
	cmdutil.AddExportFlags(cmd, &o.Export)
	return cmd
}

// Entries is every entry of a case as recorded, for -o yaml.
type Entries struct {
	ID                 string                        `yaml:"id"`
	People             *casefile.People              `yaml:"people"`
	Intake             *casefile.Intake              `yaml:"intake"`
	Decisions          []*casefile.DecisionEntry     `yaml:"decisions,omitempty"`
	Closures           []*casefile.Closure           `yaml:"closures,omitempty"`
	Reopenings         []*casefile.Reopening         `yaml:"reopenings,omitempty"`
	Assessments        []*casefile.Assessment        `yaml:"assessments,omitempty"`
	SafetyPlans        []*casefile.SafetyPlan        `yaml:"safety_plans,omitempty"`
	Plan               *casefile.Plan                `yaml:"plan,omitempty"`
	Notes              []*casefile.Note              `yaml:"notes,omitempty"`
	Consents           []*casefile.Consent           `yaml:"consents,omitempty"`
	ConsentRevocations []*casefile.ConsentRevocation `yaml:"consent_revocations,omitempty"`
	Referrals          []*casefile.Referral          `yaml:"referrals,omitempty"`
	ReferralUpdates    []*casefile.ReferralUpdate    `yaml:"referral_updates,omitempty"`
	Reviews            []*casefile.CaseReview        `yaml:"reviews,omitempty"`
	Holds              []*casefile.Hold              `yaml:"holds,omitempty"`
	ErasureRequests    []*casefile.ErasureRequest    `yaml:"erasure_requests,omitempty"`
	ErasureDecisions   []*casefile.ErasureDecision   `yaml:"erasure_decisions,omitempty"`
	Disclosures        []*casefile.Disclosure        `yaml:"disclosures,omitempty"`
}

// values are the entries of items, in file-name (date) order.
func values[T any](items []casefile.Item[T]) []*T {
	var out []*T
	for _, x := range items {
		out = append(out, x.V)
	}
	return out
}

func run(o *Options) error {
	f := o.F
	if err := cmdutil.CheckCode("lang", "language", o.Lang); err != nil {
		return err
	}
	r, c, err := f.LoadCase(o.Case)
	var purged *repo.PurgedError
	if errors.As(err, &purged) {
		return showPurged(f, purged.ID, o.Format)
	}
	if err != nil {
		return err
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	x, err := f.PrepareExport(&o.Export, s.Config.Language)
	if err != nil {
		return err
	}
	format := o.Format
	if format == "" {
		format = "md"
	}
	if x.Internal() {
		out, err := render(f, r, c, format, s.Config.Language, nil)
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(out)
		return err
	}
	res, err := f.Redact(r, x, c)
	if err != nil {
		return err
	}
	if res.Coded && format == "yaml" {
		return cmdutil.UsageErrorf("-o yaml prints entries as recorded, and profile %s keeps coded data only: use -o md, html or json", x.Name)
	}
	out, err := render(f, r, res.Case, format, s.Config.Language, &exported{name: x.Name, order: x.Record.Order, res: res})
	if err != nil {
		return err
	}
	if _, err := f.LogDisclosure(r, x, c, "show", format, casefile.Disclosure{Entries: res.Entries}); err != nil {
		return err
	}
	_, err = f.IO.Out.Write(out)
	return err
}

// exported is the profile an export is under, and what redaction made of the case.
type exported struct {
	name, order string
	res         *redact.Result
}

// render writes the case in a format; ex is nil for the record as written.
func render(f *cmdutil.Factory, r *repo.Repo, c *casefile.Case, format, lang string, ex *exported) ([]byte, error) {
	var buf bytes.Buffer
	if ex != nil && ex.res.Coded {
		today, err := f.Today()
		if err != nil {
			return nil, err
		}
		s, err := f.Settings()
		if err != nil {
			return nil, err
		}
		coded := struct {
			Profile string `json:"profile"`
			redact.CodedCase
		}{ex.name, redact.Coded(ex.res, "C-1", today, s.Config.GAS.Rho)}
		if format == "json" {
			err := cmdutil.WriteJSON(&buf, coded)
			return buf.Bytes(), err
		}
		out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("coded-case.md.tmpl", lang, coded)
		if err != nil {
			return nil, err
		}
		if format == "html" {
			return report.HTML(out, "", lang)
		}
		return out, nil
	}
	view, err := View(f, r, c)
	if err != nil {
		return nil, err
	}
	if ex != nil {
		view.Profile, view.Order = ex.name, ex.order
		for i := range view.People {
			if a, ok := ex.res.Ages[view.People[i].ID]; ok {
				view.People[i].Age = redact.AgeGroup(a)
			}
		}
	}
	switch format {
	case "json":
		err := cmdutil.WriteJSON(&buf, view)
		return buf.Bytes(), err
	case "yaml":
		e := Entries{ID: c.ID, People: c.People, Intake: c.Intake, Decisions: values(c.Decisions),
			Closures: values(c.Closures), Reopenings: values(c.Reopenings), Assessments: values(c.Assessments),
			SafetyPlans: values(c.SafetyPlans), Plan: c.Plan, Notes: values(c.Notes), Consents: values(c.Consents),
			ConsentRevocations: values(c.ConsentRevocations), Referrals: values(c.Referrals),
			ReferralUpdates: values(c.ReferralUpdates), Reviews: values(c.Reviews), Holds: values(c.Holds),
			ErasureRequests: values(c.ErasureRequests), ErasureDecisions: values(c.ErasureDecisions),
			Disclosures: values(c.Disclosures)}
		return casefile.Marshal(e)
	}
	out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("case-summary.md.tmpl", lang, view)
	if err != nil {
		return nil, err
	}
	if format == "html" {
		return report.HTML(out, "", lang)
	}
	return out, nil
}

// View is the case as the case summary shows it, as of today: the case, its clinical record
// (assessment, risks, safety plan, plan) and its contacts (notes, consents, referrals).
// casework report renders custom templates over the same view.
func View(f *cmdutil.Factory, r *repo.Repo, c *casefile.Case) (report.CaseView, error) {
	s, err := f.Settings()
	if err != nil {
		return report.CaseView{}, err
	}
	today, err := f.Today()
	if err != nil {
		return report.CaseView{}, err
	}
	defs, _ := instrument.All(r.Abs("instruments"), "instruments") // check reports broken definitions
	view := report.ViewCase(c, s.Config.Agency.Name, dates.Date{})
	view.Clinical = report.ViewClinical(c, today, defs, s.Config.GAS.Rho)
	partners, _, err := r.Partners(casefile.Rules{})
	if err != nil {
		return report.CaseView{}, err
	}
	view.Contacts = report.ViewContacts(c, today, s.Config.Review.LateDocumentationHours, 0, partners)
	view.Retention = report.ViewRetention(c, s.Config.Retention, today)
	return view, nil
}

// showPurged prints what stays of a purged case: its record.
func showPurged(f *cmdutil.Factory, id, format string) error {
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	rec, ps, err := r.PurgeRecord(id, rules)
	if err != nil {
		return err
	}
	if rec == nil {
		return &cmdutil.ProblemsError{What: fmt.Sprintf("case %s was purged, and its record has problems:", id), Problems: cmdutil.OnlyErrors(ps)}
	}
	switch format {
	case "json":
		return cmdutil.WriteJSON(f.IO.Out, struct {
			RecordedAt time.Time `json:"recorded_at"`
			RecordedBy string    `json:"recorded_by"`
			*casefile.PurgeRecord
		}{rec.RecordedAt, rec.RecordedBy, rec})
	case "yaml":
		data, err := casefile.Marshal(rec)
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(data)
		return err
	case "html":
		return cmdutil.UsageErrorf("case %s was purged: its record is shown as md, json or yaml", id)
	}
	data, err := casefile.Marshal(rec)
	if err != nil {
		return err
	}
	why := "its retention date had passed"
	if rec.Reason == "erasure_granted" {
		why = fmt.Sprintf("erasure request %s was granted on %s", rec.ErasureRequest, rec.ErasureDecided)
	}
	_, err = fmt.Fprintf(f.IO.Out, "# Case %s — purged\n\nThis case was purged on %s by %s: %s. Its %d files were erased (%s); only this record remains.\n\n```yaml\n%s```\n",
		id, rec.PurgedOn, rec.RecordedBy, why, rec.Files, rec.Method, data)
	return err
}
