package consent

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
)

// Row is one consent as listed; JSON names only grow.
type Row struct {
	ID         string     `json:"id"`
	Status     string     `json:"status"`
	SignedOn   dates.Date `json:"signed_on"`
	ExpiresOn  dates.Date `json:"expires_on"`
	RevokedOn  dates.Date `json:"revoked_on"`
	DaysLeft   *int       `json:"expires_in_days"`
	Expiring   bool       `json:"expiring_soon"`
	Categories []string   `json:"categories"`
	Excluded   []string   `json:"excluded_categories"`
	Recipients []string   `json:"recipients"`
	Purpose    string     `json:"purpose"`
	LegalBasis string     `json:"legal_basis"`
	Method     string     `json:"method"`
	SignedBy   string     `json:"signed_by"`
	Path       string     `json:"path"`
}

// Rows derives the consents' rows as of a date; warnDays is review.consent_expiry_warning_days.
func Rows(states []caseload.ConsentState, asOf dates.Date, warnDays int) []Row {
	states = slices.Clone(states)
	sort.SliceStable(states, func(i, j int) bool {
		a, b := states[i].Consent.V, states[j].Consent.V
		if c := a.SignedOn.Compare(b.SignedOn); c != 0 {
			return c < 0
		}
		return a.RecordedAt.Before(b.RecordedAt)
	})
	rows := []Row{}
	for _, st := range states {
		k := st.Consent.V
		row := Row{ID: st.Consent.ID, Status: st.Status, SignedOn: k.SignedOn, ExpiresOn: k.ExpiresOn, RevokedOn: st.RevokedOn,
			Categories: nonNil(k.Categories), Excluded: nonNil(k.Excluded), Recipients: nonNil(k.Recipients),
			Purpose: k.Purpose, LegalBasis: k.LegalBasis, Method: k.Method, SignedBy: k.SignedBy, Path: st.Consent.Path}
		if st.Status == "active" && !k.ExpiresOn.IsZero() {
			n := k.ExpiresOn.DaysSince(asOf)
			row.DaysLeft = &n
			row.Expiring = n <= warnDays
		}
		rows = append(rows, row)
	}
	return rows
}

// StatusText is the status as the table shows it.
func (r Row) StatusText() string {
	switch {
	case r.Status == "revoked":
		return "revoked on " + r.RevokedOn.String()
	case r.Expiring && *r.DaysLeft == 1:
		return "active, expires in 1 day"
	case r.Expiring:
		return fmt.Sprintf("active, expires in %d days", *r.DaysLeft)
	}
	return r.Status
}

func runList(o *Options) error {
	f := o.F
	_, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	rows := Rows(caseload.Consents(c, today), today, s.Config.Review.ConsentExpiryWarningDays)
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	if format == "json" {
		return cmdutil.WriteJSON(f.IO.Out, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "Case %s has no consent to share information as of %s.\n", c.ID, today)
		return nil
	}
	t := cmdutil.Table{Header: []string{"ID", "STATUS", "SIGNED", "EXPIRES", "COVERS", "EXCLUDES", "RECIPIENTS"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.ID, r.StatusText(), r.SignedOn.String(), r.ExpiresOn.String(),
			strings.Join(r.Categories, ", "), strings.Join(r.Excluded, ", "), strings.Join(r.Recipients, ", ")})
	}
	return t.Render(f.IO.Out, format)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
