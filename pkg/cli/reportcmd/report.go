// Package reportcmd is `casework report`: a case rendered with a template of one's own, over
// the same data and with the same functions as the shipped case summary.
package reportcmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/cli/show"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/cobra"
)

// Options are the inputs of report.
type Options struct {
	F        *cmdutil.Factory
	Case     string
	Template string
	Format   string
	Lang     string
	Out      string
	Export   cmdutil.ExportFlags
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "report --template FILE CASE",
		Short: "Render a case with a template of your own",
		Long: `Render one case with a template file of your own (Go text/template, writing Markdown), over
the same data as the case summary of casework show, in the repository's language (or --lang).
-o md (the default) prints the Markdown; -o html (or --out FILE.html) makes it one
self-contained page to open in a browser and print, loading nothing from anywhere. --out
writes the report to a file (0600) instead of stdout.

A mistake in the template is reported with its file name and line (template: FILE:LINE:COL:
...) and exit code 1; nothing is written.

The data (the case as of today; dates are YYYY-MM-DD, empty when there is none; codes stay
codes: {{code .Status}} gives their label):
  .ID .Agency .Status .Episode .Kind .OpenedOn .ClosedOn .Worker .Supervisor .Priority .Risk
  .Area .PreviousCase
  .People        each: .ID .Role .Name .Relation .BirthDate .Organisation
  .Request .ReceivedOn .Source .Engagement .ImmediateRisk .Languages .Interpreter
  .Requester     .Name .Relation (or nil)
  .Mandate       .Authority .Reference .EndsOn (or nil)
  .Emergency     .On .Description (or nil)
  .Decision .DecisionReason .RedirectedTo
  .Events        the history, each: .On .Kind .By .Codes .Text
  .Closure       when closed: .ClosedOn .Reason .Summary .Informed .Attempts .Aftercare
                 .Handover .OthersInformed .ApprovedBy .ApprovedOn
  .Assessment    the latest: .Date .Type .By .Methods .Summary .Strengths .Resources
                 .Domains (.Domain .Rating .Summary) .Instruments (.ID .Name .Total .Band
                 .BandLabel .Flags) .Ecomap (a Mermaid block)
  .Risks         each: .Domain .Level .On .RiskFactors .ProtectiveFactors .Rationale .NextReview
  .SafetyPlan    .Date .WarningSigns .CopingStrategies .HelpPeople .Professionals .MeansSafety
                 .WhereKept .ClientAgreed .ReviewOn (or nil)
  .Plan          .Revision .CreatedOn .ReviewOn .Agreement .Goals (.ID .Statement .ClientWords
                 .Status .TargetDate .Objectives ...) .TScore .Warnings .Overdue (or nil)
  .Notes         newest first, each: .ID .At .Kind .Format .Mode .Outcome .Minutes .By .Late
                 .Sections (.Name .Text) .Amends .CorrectedBy
  .Consents      each: .ID .Status .Categories .Excluded .Recipients .Purpose .SignedBy
                 .SignedOn .ExpiresOn .RevokedOn
  .Referrals     each: .ID .Date .To .Reason .Urgency .Status .Since .LoopClosed .Basis
casework show CASE -o json prints the same view, with every field filled in.

The functions, besides text/template's own (if, range, with, eq, len, index, printf...):
  t KEY          a label in the report's language: {{t "risk"}} (templates/i18n/LANG.yaml)
  code CODE      a code's label in that language: {{code .Priority}}
  tr MAP TEXT    the report language's text of a by-language map, else English, else TEXT:
                 {{tr .Name .ID}} for a questionnaire's name
  lang           the report's language: en, fr or es

The shipped templates are available, and the repository's own versions of them (its
templates/ folder) win as they do for every report: {{template "plan-body" .Plan}} is the
plan as the case summary shows it, and {{template "case-summary.md.tmpl" .}} the whole case
summary. A {{define}} in your file replaces a shipped block of the same name.

` + cmdutil.ExportHelp + ` The template then sees the redacted case (.Profile names
the profile; .People's .Age replaces the birth date where the profile asks). A profile
that keeps coded data only (deidentified) is refused: use casework show --profile.`,
		Example: `  casework report --template visit.md.tmpl k7f3m
  casework report --template visit.md.tmpl k7f3m --lang fr --out visit-k7f3m.html

  # visit.md.tmpl: a one-page visit sheet
  # {{t "case_summary"}} — {{.ID}}

  {{code .Status}} · {{t "worker"}}: {{.Worker}} · {{t "risk"}}: {{code .Risk}}

  {{range .People}}- **{{.Name}}** ({{code .Role}})
  {{end}}
  {{.Request}}
  {{with .Plan}}{{template "plan-body" .}}{{end}}`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			if o.Template == "" {
				return cmdutil.UsageErrorf("report needs the template to render: casework report --template FILE %s", o.Case)
			}
			f.BindFlag("language", cmd.Flags().Lookup("lang"))
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "md", "html")
	fl := cmd.Flags()
	fl.StringVar(&o.Template, "template", "", "the template `FILE` to render (Go text/template, writing Markdown)")
	fl.StringVar(&o.Lang, "lang", "", "report language: en, fr or es (default: the repository's)")
	fl.StringVar(&o.Out, "out", "", "write the report to `FILE` instead of stdout (FILE.html: as a page)")
	_ = cmd.RegisterFlagCompletionFunc("lang", cmdutil.CompleteCodes(report.Languages))
	_ = cmd.MarkFlagFilename("template", "tmpl", "md")
	cmdutil.AddExportFlags(cmd, &o.Export)
	return cmd
}

func run(o *Options) error {
	f := o.F
	if err := cmdutil.CheckCode("lang", "language", o.Lang); err != nil {
		return err
	}
	format := o.Format
	if format == "" {
		format = "md"
		if ext := strings.ToLower(filepath.Ext(o.Out)); ext == ".html" || ext == ".htm" {
			format = "html"
		}
	}
	text, err := os.ReadFile(abs(f, o.Template))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &cmdutil.FlagError{Err: fmt.Errorf("--template %s: no such file", o.Template)}
		}
		return fmt.Errorf("--template: %w", err)
	}
	r, c, err := f.LoadCase(o.Case)
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
	var res *redact.Result
	if !x.Internal() {
		if x.Profile.Dates == "year" {
			return cmdutil.UsageErrorf("profile %s keeps coded data only, which a template of the case cannot show: casework show %s --profile %s", x.Name, c.ID, x.Name)
		}
		if res, err = f.Redact(r, x, c); err != nil {
			return err
		}
	}
	orig := c
	if res != nil {
		c = res.Case
	}
	view, err := show.View(f, r, c)
	if err != nil {
		return err
	}
	if res != nil {
		view.Profile, view.Order = x.Name, x.Record.Order
		for i := range view.People {
			if a, ok := res.Ages[view.People[i].ID]; ok {
				view.People[i].Age = redact.AgeGroup(a)
			}
		}
	}
	lang := s.Config.Language
	out, err := Render(filepath.Join(r.Root, "templates"), o.Template, string(text), lang, view)
	if err != nil {
		return err
	}
	if format == "html" {
		if out, err = report.HTML(out, "", lang); err != nil {
			return err
		}
	}
	if res != nil {
		if _, err := f.LogDisclosure(r, x, orig, "report", format, casefile.Disclosure{Entries: res.Entries}); err != nil {
			return err
		}
	}
	if o.Out == "" {
		_, err = f.IO.Out.Write(out)
		return err
	}
	// 0600, written whole or not at all: the report holds personal information.
	if err := safeio.WriteFile(abs(f, o.Out), out); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote the report of %s to %s\n", c.ID, o.Out)
	return nil
}

// abs makes a path typed on the command line absolute, from the command's folder.
func abs(f *cmdutil.Factory, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if wd, err := f.Getwd(); err == nil {
		return filepath.Join(wd, path)
	}
	return path
}
