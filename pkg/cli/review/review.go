// Package review is `casework review`: the weekly caseload review.
package review

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/redact"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Options are the inputs of review.
type Options struct {
	F      *cmdutil.Factory
	AsOf   string
	Worker string
	Cases  []string
	Format string
	Out    string
	FailOn []string
	Lang   string
	At     string // a commit, tag, branch or date: review the repository as it stood then
	// Case review: CASE given, with what the review found.
	Case string
	CR   CaseReviewFlags
	// Export is the redaction profile of the printed report, and its disclosure log entry.
	Export cmdutil.ExportFlags

	langFlag *pflag.Flag
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "review [CASE]",
		Short: "The weekly caseload review, or record a case review with CASE",
		Long: `Review every open case (or one worker's, or some cases) as of today or --as-of DATE, and
list what needs attention, sorted by risk and then by days overdue, with one line per worker
and the week's figures.

The checks, with their thresholds in casework.yaml (casework config review):
  contact_overdue       no completed contact within the frequency for the current risk
                        (contact_frequency_days: critical 1, high 7, moderate 14, low 30, none 90)
  risk_review_due       a risk's review date passed, or a high risk not reassessed in risk_review_days
  safety_plan_missing   a high or critical suicide or domestic-violence risk and no safety plan
  plan_missing          accepted more than plan_missing_days ago and no plan
  plan_not_agreed       a plan the client has not agreed to
  plan_review_due       the plan's review date passed (or plan_review_days since it was made)
  task_overdue, objective_overdue
  referral_no_news      sent or received more than referral_no_news_days ago, no news since
  referral_not_started  accepted more than referral_not_started_days ago, not started
  referral_loop_open    completed, not completed or declined, and the outcome not recorded
  consent_expiring      a consent a live referral relies on expires within
                        consent_expiry_warning_days (or has expired)
  intake_pending        waiting for a screening decision more than intake_decision_days
  open_long             open longer than long_open_days (180, 365)
  lost_contact          lost_contact_attempts failed attempts within lost_contact_window_days
  late_documentation    a note of the week written late_documentation_hours after the contact
  erasure_overdue       an erasure request unanswered a month after it came (GDPR Art. 12(3))

The result is a pure function of the files and the date: the same repository and --as-of
give the same report, byte for byte. For scripts, --fail-on CHECK[,CHECK] (or "any") exits 1
when any of those checks found something.

Whether a case is open is read from its intake, decisions, closures and reopenings; a closed
case's other files are not read. What the review derives from each case (dates, codes and
counts, never a name) is kept in .casework/cache/review and used again only when a look at
the files shows none of them changed (size, times, inode): a second review reads only what
changed. Deleting .casework/ is always safe. The warning about broken files counts the files
the review read; casework check reads them all.

--at REV re-runs a past review exactly as the repository stood at REV in its git history: a
commit, a tag or a branch, or a date (YYYY-MM-DD, or relative: -1w, last monday), meaning the
last commit made on or before the end of that day. The files of that commit (its
casework.yaml and templates included) are copied into a private folder under .casework/,
reviewed and removed; the working files, the index and the branch are not touched. As of
defaults to the date of that commit (its author date); --as-of changes it. The report names
the commit it reflects: at the top of -o md and -o html, on stderr otherwise. The same REV and --as-of
give the same report, byte for byte.

With CASE, record a review of that case instead (a new entry in cases/ID/reviews/):
--type plan_review, supervision, risk_review or case_conference; --participant (repeat),
--finding (repeat), --goal G-1=STATUS[:LEVEL] for each goal reviewed (its status and GAS
level: the Kiresuk–Sherman T-score of the levels given is computed and frozen in the entry,
with the rho used and the number of goals scored), --risk-change DOMAIN=FROM:TO, --decision
(repeat), --plan-changes TEXT, --next-review DATE (for a plan review, the date the next plan
review is due), --date. The case review report is printed (Markdown; -o html for a page).

-o html (or --out FILE.html) gives the Markdown report as one self-contained page to open in
a browser and print: it loads nothing from anywhere.

-o md and -o html word each finding's detail in the report's language (--lang, or the
repository's); the table, tsv, csv and json give it in English (json also as detail_key and
detail_args: ids, dates, codes and numbers, for a script to word it).

` + cmdutil.ExportHelp + ` The caseload review under a profile is logged in the
repository's disclosures/ folder with the cases it covers; under deidentified each case is
a code (C-1, C-2...) and the findings lose their details. A case review's printed report
follows the profile too (the entry itself is recorded as written).`,
		Example: `  casework review
  casework review 2026-11-22-k7f3m --type plan_review --participant a.martin --participant c.dupont \
      --finding "Rent paid on time since October" --goal G-1=active:0 --goal G-2=achieved:1 \
      --decision "Extend O-1 to January" --next-review +3m
  casework review --worker a.martin -o md --out review.md
  casework review --out review.html   # a page to print for the team meeting
  casework review --as-of 2026-11-23 -o json
  casework review --at review-2026-11-16 -o md   # the review as it was, from a tag
  casework review --fail-on safety_plan_missing,contact_overdue   # in cron or CI
  casework review --profile deidentified --to "Funder" --purpose "Quarterly report" -o csv`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.BindFlag("language", cmd.Flags().Lookup("lang"))
			if len(args) == 1 {
				o.Case = args[0]
				for _, name := range []string{"as-of", "worker", "case", "fail-on", "at", "out"} {
					if cmd.Flags().Changed(name) {
						return cmdutil.UsageErrorf("--%s is an option of the caseload review, not of a case review (review CASE)", name)
					}
				}
				if o.Format != "" && o.Format != "md" && o.Format != "html" {
					return cmdutil.UsageErrorf("-o %s: a case review prints its report as md or html", o.Format)
				}
			} else if o.CR.changed(cmd.Flags()) {
				return cmdutil.UsageErrorf("--type, --goal, --finding and the other case-review options need the CASE reviewed: casework review CASE ...")
			}
			if runF != nil {
				return runF(o)
			}
			if o.Case != "" {
				return runCase(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "html", "json", "csv")
	fl := cmd.Flags()
	fl.StringVar(&o.AsOf, "as-of", "", "review as of this `DATE` (default today)")
	fl.StringVar(&o.Worker, "worker", "", "only this worker's cases")
	fl.StringArrayVar(&o.Cases, "case", nil, "only this case (repeat)")
	fl.StringVar(&o.Out, "out", "", "write the report to `FILE` (its extension chooses the format: .md, .html, .json, .csv)")
	fl.StringSliceVar(&o.FailOn, "fail-on", nil, "exit 1 when these checks find something (comma-separated, or any)")
	fl.StringVar(&o.Lang, "lang", "", "report language: en, fr or es (default: the repository's)")
	fl.StringVar(&o.At, "at", "", "review the repository as it stood at `REV`: a commit, tag, branch or date (in git history)")
	o.langFlag = fl.Lookup("lang")
	o.CR.add(cmd)
	cmdutil.AddExportFlags(cmd, &o.Export)
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cmdutil.CompleteCodes(append([]string{"any"}, caseload.Checks...)))
	return cmd
}

func run(o *Options) error {
	f := o.F
	for _, c := range o.FailOn {
		if c != "any" && !slices.Contains(caseload.Checks, c) {
			return cmdutil.UsageErrorf("--fail-on %q is not a check; use any or %s", c, strings.Join(caseload.Checks, ", "))
		}
	}
	if err := cmdutil.CheckCode("lang", "language", o.Lang); err != nil {
		return err
	}
	format, err := cmdutil.ReportFormat(f.IO, o.Format, o.Out)
	if err != nil {
		return err
	}
	r, err := f.Repo()
	if err != nil {
		return err
	}
	live, liveF := r, f
	var at *snapshot
	if o.At != "" {
		if at, err = openAt(o, r); err != nil {
			return err
		}
		defer at.remove()
		f, r = at.f, at.r
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	asOf, err := f.Today()
	if err != nil {
		return err
	}
	if at != nil {
		asOf = dates.FromTime(at.rev.AuthorDate)
	}
	if o.AsOf != "" {
		if asOf, err = f.ParseDate("as-of", o.AsOf); err != nil {
			return err
		}
	}
	var ids []string
	for _, c := range o.Cases {
		id, err := r.Resolve(c)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	rv, covered, nerr, err := scan(r, rules, asOf, caseload.ReviewOptions{Worker: o.Worker, Cases: ids}, at == nil)
	if err != nil {
		return err
	}
	if nerr > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %d problems in the repository's files; the review may miss what they hold (run casework check)\n", nerr)
	}
	x, err := liveF.PrepareExport(&o.Export, rules.Config.Language)
	if err != nil {
		return err
	}
	if !x.Internal() {
		if x.Profile.Scope != "all" {
			return cmdutil.UsageErrorf("profile %s exports one case (what %s names): casework show CASE --profile %s", x.Name, scopeOf[x.Profile.Scope], x.Name)
		}
		if x.Profile.Dates == "year" {
			rv = redact.CodedReview(rv, redact.CaseCodes(covered))
		}
	} else {
		covered = nil
	}

	var buf bytes.Buffer
	if at != nil {
		if format == "md" || format == "html" {
			fmt.Fprintf(&buf, "*%s*\n\n", at.line(rules.Config.Language))
		} else {
			fmt.Fprintf(f.IO.ErrOut, "casework: %s\n", at.line("en"))
		}
	}
	if err := render(&buf, rv, format, r, rules.Config); err != nil {
		return err
	}
	if format == "html" {
		page, err := report.HTML(buf.Bytes(), "", rules.Config.Language)
		if err != nil {
			return err
		}
		buf.Reset()
		buf.Write(page)
	}
	if !x.Internal() {
		if len(covered) == 0 {
			return fmt.Errorf("the review covers no open case: nothing was exported")
		}
		if _, err := liveF.LogDisclosure(live, x, nil, "caseload_review", format, casefile.Disclosure{Cases: covered}); err != nil {
			return err
		}
	}
	if o.Out != "" {
		if err := safeio.WriteFile(o.Out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "Wrote the caseload review to %s (%d findings)\n", o.Out, len(rv.Findings))
	} else if _, err := f.IO.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	if failing := failed(rv, o.FailOn); len(failing) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: review found %s\n", strings.Join(failing, ", "))
		return cmdutil.ErrSilent
	}
	return nil
}

var scopeOf = map[string]string{"order": "a court order", "consent": "a consent"}

// failed names the --fail-on checks that found something, with their counts.
func failed(rv caseload.Review, failOn []string) []string {
	counts := map[string]int{}
	for _, fd := range rv.Findings {
		counts[fd.Check]++
	}
	var out []string
	for _, c := range caseload.Checks {
		if counts[c] > 0 && (slices.Contains(failOn, c) || slices.Contains(failOn, "any")) {
			out = append(out, fmt.Sprintf("%d %s", counts[c], c))
		}
	}
	return out
}

func render(w io.Writer, rv caseload.Review, format string, r *repo.Repo, cfg casefile.Config) error {
	switch format {
	case "json":
		return cmdutil.WriteJSON(w, rv)
	case "md", "html": // html: the Markdown, made a page by the caller
		data := struct {
			Agency string
			caseload.Review
		}{cfg.Agency.Name, rv}
		out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("caseload-review.md.tmpl", cfg.Language, data)
		if err != nil {
			return err
		}
		_, err = w.Write(out)
		return err
	}
	t := cmdutil.Table{Header: []string{"RISK", "DAYS", "CASE", "WORKER", "CHECK", "DETAIL"}}
	for _, fd := range rv.Findings {
		t.Rows = append(t.Rows, []string{fd.Risk, strconv.Itoa(fd.Days), fd.CaseID, fd.Worker, fd.Check, fd.Detail})
	}
	if err := t.Render(w, format); err != nil {
		return err
	}
	if format == "csv" {
		return nil
	}
	fmt.Fprintln(w)
	wt := cmdutil.Table{Header: []string{"WORKER", "OPEN", "HIGH RISK", "FINDINGS", "BY CHECK"}}
	for _, wl := range rv.Workers {
		var parts []string
		for _, c := range caseload.Checks {
			if n := wl.ByCheck[c]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", c, n))
			}
		}
		wt.Rows = append(wt.Rows, []string{wl.Worker, strconv.Itoa(wl.Open), strconv.Itoa(wl.HighRisk), strconv.Itoa(wl.Findings), strings.Join(parts, ", ")})
	}
	if err := wt.Render(w, format); err != nil {
		return err
	}
	in := rv.Indicators
	cases := "open cases"
	if in.OpenCases == 1 {
		cases = "open case"
	}
	_, err := fmt.Fprintf(w, "\nAs of %s: %d %s; new this week %d (last week %d); closed this week %d (last week %d); referrals completed %d, declined %d in the last 14 days.\n",
		rv.AsOf, in.OpenCases, cases, in.NewThisWeek, in.NewLastWeek, in.ClosedThisWeek, in.ClosedLastWeek, in.ReferralsCompleted14, in.ReferralsDeclined14)
	return err
}

// snapshot is the repository as it stood at a commit, copied into a private folder.
type snapshot struct {
	rev    gitx.Rev
	f      *cmdutil.Factory // a factory over the copy
	r      *repo.Repo
	remove func()
}

// atLines say which commit a past review reflects.
var atLines = map[string]string{
	"en": "As the repository stood at commit %s (%s).",
	"fr": "Selon l'état du dépôt au commit %s (%s).",
	"es": "Según el estado del repositorio en el commit %s (%s).",
}

func (s *snapshot) line(lang string) string {
	format, ok := atLines[lang]
	if !ok {
		format = atLines["en"]
	}
	return fmt.Sprintf(format, s.rev.Short(), s.rev.AuthorDate.Format("2006-01-02"))
}

// openAt copies the repository folder as it stood at o.At into a private folder (0700) under
// the repository's .casework/ folder, read from git's objects alone, so that the working
// files, the index and HEAD stay as they are; the copy is opened with its own configuration.
func openAt(o *Options, live *repo.Repo) (*snapshot, error) {
	f := o.F
	if !gitx.Available() || !gitx.IsRepo(live.Root) {
		return nil, cmdutil.WithHint(fmt.Errorf("--at reads the repository's git history, and %s is not in a git repository", live.Root),
			"a repository created with casework init keeps its history in git")
	}
	today, err := f.Today()
	if err != nil {
		return nil, err
	}
	rev, err := gitx.ResolveAt(live.Root, o.At, func(s string) (dates.Date, error) {
		return dates.ParseRelative(s, today)
	}, time.Local)
	if err != nil {
		if errors.Is(err, gitx.ErrNoSuchRev) {
			return nil, cmdutil.WithHint(&cmdutil.FlagError{Err: fmt.Errorf("--at: %w", err)},
				"give a commit, a tag (git tag lists them), a branch or a date; casework log shows the history")
		}
		return nil, err
	}
	prefix, err := gitx.Prefix(live.Root)
	if err != nil {
		return nil, err
	}
	state := live.Abs(repo.StateDir)
	if err := os.MkdirAll(state, 0o700); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(state, "at-")
	if err != nil {
		return nil, err
	}
	remove := func() { os.RemoveAll(dir) }
	if _, err := gitx.Extract(live.Root, rev.Commit, prefix, dir); err != nil {
		remove()
		if errors.Is(err, gitx.ErrNotInCommit) {
			return nil, fmt.Errorf("--at %s: the case repository did not exist yet at commit %s", o.At, rev.Short())
		}
		return nil, fmt.Errorf("--at %s: copying the repository as it stood at commit %s: %w", o.At, rev.Short(), err)
	}
	r, err := repo.Open(dir)
	if err != nil {
		remove()
		return nil, fmt.Errorf("--at %s: the case repository did not exist yet at commit %s (no %s)", o.At, rev.Short(), repo.ConfigFile)
	}
	g := &cmdutil.Factory{IO: f.IO, RepoFlag: dir, TodayFlag: f.TodayFlag, Getenv: f.Getenv, Getwd: f.Getwd, GitConfig: f.GitConfig}
	if o.langFlag != nil {
		g.BindFlag("language", o.langFlag)
	}
	return &snapshot{rev: rev, f: g, r: r, remove: remove}, nil
}
