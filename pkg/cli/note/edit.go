package note

import (
	"errors"
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
)

// editBody lets the practitioner write the note's text in the editor, on a skeleton with the
// format's headings and what the flags (or the corrected note) gave, like git commit: the
// "# casework:" lines on top explain, an empty text gives up. A skeleton that already held text
// (from flags or the corrected note) may be saved as it is.
func editBody(o *Options, r *repo.Repo, c *casefile.Case, n *casefile.Note, orig *casefile.Item[casefile.Note]) (map[string]string, error) {
	var lines []string
	if orig != nil {
		lines = append(lines,
			fmt.Sprintf("correction of note %s of case %s (%s note, %s).", orig.ID, c.ID, n.Format, describe(n)),
			"Reason: "+oneLine(n.AmendReason)+". The original stays as it was; this note points at it.")
	} else {
		lines = append(lines, fmt.Sprintf("%s note of case %s (%s).", n.Format, c.ID, describe(n)))
	}
	if n.Format == "narrative" {
		lines = append(lines, "Write the text below; lines starting with a single # are left out.")
	} else {
		lines = append(lines, "Write under each ## heading; lines starting with a single # are left out; a heading left empty is left out.")
	}
	lines = append(lines, "Save and close to record it; save an empty file (or no text at all) to give up.")
	if n.Format == "girp" && c.Plan != nil && len(c.Plan.Goals) > 0 {
		var gs []string
		for _, g := range c.Plan.Goals {
			gs = append(gs, g.ID+" "+oneLine(g.Statement))
		}
		lines = append(lines, "Plan goals: "+strings.Join(gs, "; ")+".")
	}
	if len(n.Goals) > 0 {
		lines = append(lines, "Goals worked on (--goal): "+strings.Join(n.Goals, ", ")+".")
	}
	initial := header(lines...) + renderBody(n.Format, n.Sections, true)
	validate := func(b []byte) []casefile.Problem {
		_, ps := parseBody("note", n.Format, string(b))
		return ps
	}
	saved, err := o.F.EditLoop(r.Root, "note-"+c.ID+".md", []byte(initial), validate)
	if errors.Is(err, cmdutil.ErrEditUnchanged) && hasText(n.Sections) {
		return n.Sections, nil
	}
	if err != nil {
		return nil, err
	}
	secs, ps := parseBody("note", n.Format, string(saved))
	if len(ps) > 0 {
		return nil, &cmdutil.ProblemsError{What: "the note is not valid; nothing was written:", Problems: ps}
	}
	if !hasText(secs) {
		return nil, cmdutil.ErrEditAborted
	}
	return secs, nil
}

// header turns lines into the "# casework:" block the editor shows and strips.
func header(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("# casework: " + l + "\n")
	}
	return b.String()
}

// oneLine keeps a header line on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
