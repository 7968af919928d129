// Package disclosures is `casework disclosures`: the accounting of disclosures, that is every
// export made under a redaction profile other than internal.
package disclosures

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/cli/refer"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
)

// Options are the inputs of disclosures.
type Options struct {
	F      *cmdutil.Factory
	Case   string
	Format string
}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "disclosures [CASE]",
		Short: "The disclosure log: who exported what, when, for whom, why and on which basis",
		Long: `List the disclosure log: every export made under a redaction profile other than internal
(show, report, review, close with --profile), oldest first, with when it was made and by whom,
the profile, what was exported (the command and format), the recipient, the purpose, and the
basis (a consent id, or a legal basis code with its justification). Referrals sent are listed
too (profile referral, export "letter referral"): a referral's entry records its recipient,
reason, date, author and basis, and its letter holds only what that basis allows.

With CASE, the case's own entries (cases/ID/disclosures/) and the caseload exports that
covered it (disclosures/ at the root of the repository, which name the cases they cover).
Without, every entry of the repository.

Formats: a table on a terminal, tab-separated text when piped (-o tsv), -o json (every field,
with the entries or cases exported) and -o csv. Exit codes: 0, 1 when the log cannot be read,
2 for a usage error, 3 outside a case repository.`,
		Example: `  casework disclosures 2026-11-22-k7f3m
  casework disclosures -o csv > disclosures.csv
  casework disclosures k7f3m -o json | jq '.[].recipient'`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Case = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "json", "csv")
	return cmd
}

// Row is one disclosure as listed; JSON names only grow.
type Row struct {
	ID            string    `json:"id"`
	At            time.Time `json:"at"`
	By            string    `json:"exported_by"`
	Case          string    `json:"case,omitempty"`
	Cases         []string  `json:"cases,omitempty"`
	Profile       string    `json:"profile"`
	Command       string    `json:"command"`
	Format        string    `json:"format"`
	Recipient     string    `json:"recipient"`
	Purpose       string    `json:"purpose"`
	LegalBasis    string    `json:"legal_basis"`
	Consent       string    `json:"consent,omitempty"`
	Justification string    `json:"justification,omitempty"`
	Order         string    `json:"order,omitempty"`
	Entries       []string  `json:"entries,omitempty"`
	Path          string    `json:"path"`
}

func row(caseID string, d casefile.Item[casefile.Disclosure]) Row {
	x := d.V
	return Row{ID: d.ID, At: x.RecordedAt, By: x.RecordedBy, Case: caseID, Cases: x.Cases, Profile: x.Profile, Command: x.Command,
		Format: x.Format, Recipient: x.Recipient, Purpose: x.Purpose, LegalBasis: x.LegalBasis, Consent: x.Consent,
		Justification: x.Justification, Order: x.Order, Entries: x.Entries, Path: d.Path}
}

// referralRows are the referrals sent: each is a disclosure under the referral profile (the
// referral letter holds only what its consent or legal basis allows), and its entry already
// records to whom, why, when, by whom and on which basis.
func referralRows(c *casefile.Case) []Row {
	var out []Row
	for _, st := range caseload.Referrals(c, dates.Date{}) {
		ref := st.Referral
		at, by := ref.V.RecordedAt, ref.V.RecordedBy
		if ref.V.Status != "sent" {
			sent := false
			for _, u := range st.Updates {
				if u.V.Status == "sent" {
					at, by, sent = u.V.RecordedAt, u.V.RecordedBy, true
					break
				}
			}
			if !sent {
				continue // a draft discloses nothing yet
			}
		}
		b := refer.BasisOf(st)
		basis := b.LegalBasis
		if b.Consent != "" {
			basis = "consent"
		}
		to := ref.V.To.Agency
		if to == "" {
			to = ref.V.To.Name
		}
		out = append(out, Row{ID: ref.ID, At: at, By: by, Case: c.ID, Profile: "referral", Command: "letter", Format: "referral",
			Recipient: to, Purpose: ref.V.Reason, LegalBasis: basis, Consent: b.Consent, Justification: b.Justification,
			Entries: []string{ref.ID}, Path: ref.Path})
	}
	return out
}

func run(o *Options) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	var rows []Row
	var ps []casefile.Problem
	var caseIDs []string
	if o.Case != "" {
		// A broken file elsewhere in the case never hides its disclosure log.
		id, err := r.Resolve(o.Case)
		var amb *repo.AmbiguousError
		if errors.As(err, &amb) {
			return &cmdutil.FlagError{Err: err}
		}
		if err != nil {
			return err
		}
		caseIDs = []string{id}
	} else if caseIDs, err = r.CaseIDs(); err != nil {
		return err
	}
	for _, id := range caseIDs {
		c, cps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules})
		if err != nil {
			return err
		}
		ps = append(ps, cps...)
		for _, d := range c.Disclosures {
			rows = append(rows, row(c.ID, d))
		}
		rows = append(rows, referralRows(c)...)
	}
	repoLevel, rps, err := r.Disclosures(rules)
	if err != nil {
		return err
	}
	ps = append(ps, rps...)
	for _, d := range repoLevel {
		if o.Case == "" || slices.Contains(d.V.Cases, caseIDs[0]) {
			rows = append(rows, row("", d))
		}
	}
	for _, p := range cmdutil.OnlyErrors(ps) {
		if strings.Contains(p.Path, "/"+repo.DisclosuresDir+"/") || strings.HasPrefix(p.Path, repo.DisclosuresDir+"/") {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: %s (this entry of the log is not listed; run casework check)\n", p)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].At.Equal(rows[j].At) {
			return rows[i].At.Before(rows[j].At)
		}
		return rows[i].ID < rows[j].ID
	})
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	if format == "json" {
		if rows == nil {
			rows = []Row{}
		}
		return cmdutil.WriteJSON(f.IO.Out, rows)
	}
	if len(rows) == 0 {
		what := "the repository"
		if o.Case != "" {
			what = "case " + caseIDs[0]
		}
		fmt.Fprintf(f.IO.ErrOut, "Nothing from %s was exported under a redaction profile.\n", what)
		return nil
	}
	t := cmdutil.Table{Header: []string{"DATE", "BY", "CASE", "PROFILE", "EXPORT", "TO", "PURPOSE", "BASIS", "CONTENT"}}
	for _, x := range rows {
		target, content := x.Case, count(len(x.Entries), "entry", "entries")
		if target == "" {
			target, content = "caseload", count(len(x.Cases), "case", "cases")
		}
		basis := x.LegalBasis
		if x.Consent != "" {
			basis += " " + x.Consent
		} else if x.Order != "" {
			basis += " " + x.Order
		}
		t.Rows = append(t.Rows, []string{x.At.UTC().Format("2006-01-02 15:04"), x.By, target, x.Profile, x.Command + " " + x.Format,
			cmdutil.Printable(x.Recipient), cmdutil.Printable(x.Purpose), cmdutil.Printable(basis), content})
	}
	return t.Render(f.IO.Out, format)
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
