package refer

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/pkg/safeio"
)

func runLetter(o *Options) error {
	f := o.F
	if err := cmdutil.CheckCode("lang", "language", o.Lang); err != nil {
		return err
	}
	today, err := f.Today()
	if err != nil {
		return err
	}
	r, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}
	// A letter with ids where the consent covers names would mislead its reader.
	if err := cmdutil.RequireKey(c); err != nil {
		return err
	}
	st, err := resolveRef(c, o.Ref)
	if err != nil {
		return err
	}
	if st.Status == "cancelled" || st.Status == "entered_in_error" {
		return fmt.Errorf("referral %s is %s: no letter is written for it", st.Referral.ID, st.Status)
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	worker, err := f.Worker()
	if err != nil {
		return err
	}
	p, err := partnerOf(f, st.Referral.V.To)
	if err != nil {
		return err
	}
	// A sent referral's letter is the one that went out: dated, signed and filled as of the
	// sending; a draft's is prepared today by whoever prints it.
	date, by := sentBy(st)
	sender := worker.Name
	if date.IsZero() {
		date = today
	} else if by != worker.ID {
		sender = by
	}
	view := report.ViewReferralLetter(report.ReferralLetterInput{
		Case: c, Referral: st.Referral, Partner: p, Agency: s.Config.Agency.Name, Worker: sender,
		Date: date, Basis: BasisOf(st),
	})
	lang := o.Lang
	if lang == "" {
		lang = s.Config.Language
	}
	out, err := report.Renderer{Dir: filepath.Join(r.Root, "templates")}.Render("referral-letter.md.tmpl", lang, view)
	if err != nil {
		return err
	}
	if o.Format == "html" || (o.Format == "" && isHTML(o.Out)) {
		if out, err = report.HTML(out, "", lang); err != nil {
			return err
		}
	}
	if len(view.Withheld) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: left out of the letter: %s (%s)\n", strings.Join(view.Withheld, ", "), view.WithheldWhy)
	}
	if st.Status == "draft" {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: referral %s is a draft: send it (casework refer %s %s --status sent) before sending the letter\n", st.Referral.ID, c.ID, st.Referral.ID)
	}
	if o.Out == "" {
		_, err = f.IO.Out.Write(out)
		return err
	}
	path := o.Out
	if !filepath.IsAbs(path) {
		wd, err := f.Getwd()
		if err != nil {
			return err
		}
		path = filepath.Join(wd, path)
	}
	// 0600, written whole or not at all: the letter holds personal information.
	if err := safeio.WriteFile(path, out); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote the referral letter of %s to %s\n", st.Referral.ID, o.Out)
	return nil
}

// isHTML reports whether an --out file is a web page (.html, .htm).
func isHTML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".html" || ext == ".htm"
}

// sentBy is when a referral was sent and by whom: at its making, or by the update that sent
// the draft. A zero date means it has not been sent.
func sentBy(st caseload.ReferralState) (dates.Date, string) {
	ref := st.Referral.V
	if ref.Status == "sent" {
		return ref.Date, ref.RecordedBy
	}
	for _, u := range st.Updates {
		if u.V.Status == "sent" {
			return u.V.Date, u.V.RecordedBy
		}
	}
	return dates.Date{}, ""
}
