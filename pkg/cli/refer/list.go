package refer

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
)

// Row is one referral as listed: its derived status as of today. JSON field names only grow.
type Row struct {
	ID              string   `json:"id"`
	Date            string   `json:"date"`
	Agency          string   `json:"agency,omitempty"`
	To              string   `json:"to"`
	Service         string   `json:"service,omitempty"`
	Urgency         string   `json:"urgency"`
	RespondBy       string   `json:"respond_by,omitempty"`
	Status          string   `json:"status"`
	Since           string   `json:"since"`
	LastNews        string   `json:"last_news"`
	DaysWithoutNews int      `json:"days_without_news"`
	LoopClosed      bool     `json:"loop_closed"`
	LoopClosedOn    string   `json:"loop_closed_on,omitempty"`
	Outcome         string   `json:"outcome,omitempty"`
	NextAction      string   `json:"next_action"`
	Categories      []string `json:"categories"`
	Consent         string   `json:"consent,omitempty"`
	LegalBasis      string   `json:"legal_basis,omitempty"`
}

// Rows derives the rows of a case's referrals as of a date. names gives the directory name of
// an agency id, when known.
func Rows(c *casefile.Case, asOf dates.Date, names map[string]string) []Row {
	rows := []Row{}
	states := caseload.Referrals(c, asOf)
	// Made the same day: in the order they were made, not of their random ids.
	sort.SliceStable(states, func(i, j int) bool {
		a, b := states[i].Referral.V, states[j].Referral.V
		if cmp := a.Date.Compare(b.Date); cmp != 0 {
			return cmp < 0
		}
		return a.RecordedAt.Before(b.RecordedAt)
	})
	for _, st := range states {
		ref := st.Referral.V
		last := ref.Date
		for _, u := range st.Updates {
			if u.V.Date.After(last) {
				last = u.V.Date
			}
		}
		row := Row{ID: st.Referral.ID, Date: ref.Date.String(), Agency: ref.To.Agency, To: ref.To.Name, Service: ref.To.Service,
			Urgency: ref.Urgency, RespondBy: ref.RespondBy.String(), Status: st.Status, Since: st.Since.String(),
			LastNews: last.String(), DaysWithoutNews: asOf.DaysSince(last), LoopClosed: st.LoopClosed,
			LoopClosedOn: st.LoopOn.String(), NextAction: nextAction[st.Status], Categories: ref.Categories}
		if row.To == "" {
			row.To = names[ref.To.Agency]
		}
		if row.To == "" {
			row.To = ref.To.Agency
		}
		if row.Categories == nil {
			row.Categories = []string{}
		}
		b := BasisOf(st)
		row.Consent, row.LegalBasis = b.Consent, b.LegalBasis
		for _, u := range st.Updates {
			if u.V.LoopClosed {
				row.Outcome = u.V.Outcome
			}
		}
		if st.LoopClosed {
			row.NextAction = "none"
		}
		rows = append(rows, row)
	}
	return rows
}

// loopCell says where the loop stands: closed (when), to close, or not yet relevant.
func loopCell(r Row) string {
	switch {
	case r.LoopClosed:
		return "closed " + r.LoopClosedOn
	case slices.Contains(caseload.LoopStatuses, r.Status):
		return "to close"
	}
	return "-"
}

func runList(o *Options) error {
	f := o.F
	today, err := f.Today()
	if err != nil {
		return err
	}
	r, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return err
	}
	partners, _, err := r.Partners(rules)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for id, p := range partners {
		names[id] = p.Name
	}
	rows := Rows(c, today, names)
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	switch format {
	case "json":
		return cmdutil.WriteJSON(f.IO.Out, rows)
	case "id":
		for _, row := range rows {
			fmt.Fprintln(f.IO.Out, row.ID)
		}
		return nil
	}
	if len(rows) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "Case %s has no referrals. Make one: casework refer %s --to AGENCY --reason TEXT ...\n", c.ID, c.ID)
		return nil
	}
	t := cmdutil.Table{Header: []string{"ID", "DATE", "TO", "URGENCY", "STATUS", "SINCE", "NO NEWS (DAYS)", "LOOP", "NEXT"}}
	for _, row := range rows {
		to := row.To
		if row.Agency != "" {
			to = row.Agency
		}
		t.Rows = append(t.Rows, []string{row.ID, row.Date, to, row.Urgency, row.Status, row.Since,
			strconv.Itoa(row.DaysWithoutNews), loopCell(row), row.NextAction})
	}
	return t.Render(f.IO.Out, format)
}
