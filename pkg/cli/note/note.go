// Package note is `casework note`: document a contact or an event in one of the progress-note
// formats (girp by default, tied to the plan's goals), list a case's notes, show one, and
// correct a note with a new one that points at it, never touching the original.
package note

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// DefaultFormat is the format of a note when none is given: GIRP joins the note to the plan's
// goals (domain-reference §2).
const DefaultFormat = "girp"

// maxBody bounds what is read from stdin: a note, not a file dump.
const maxBody = 1 << 20

// Options are the inputs of note.
type Options struct {
	F             *cmdutil.Factory
	Case          string
	Format        string
	Kind          string
	Mode          string
	Outcome       string
	At            string
	Minutes       int
	Participants  []string
	Interventions []string
	Goals         []string
	Progress      []string // GOAL=CODE[:NOTE]
	Next          string
	Sections      []string // NAME=TEXT
	Messages      []string
	Edit          bool
	Amend         string
	Reason        string
	List          bool
	Show          string
	Output        string
	// Changed reports whether a flag was given on the command line.
	Changed func(string) bool
}

func (o *Options) changed(name string) bool { return o.Changed != nil && o.Changed(name) }

// writeFlags are the flags that describe a note being written.
var writeFlags = []string{"format", "kind", "mode", "outcome", "at", "minutes", "participant", "intervention", "goal",
	"progress", "next", "section", "message", "edit", "amend", "reason"}

// NewCmd builds the command; runF replaces the run function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "note CASE",
		Short: "Document a contact or an event in a progress note",
		Long: `Document a contact or an event, one file per note (cases/<id>/notes/<date>-<random>.yaml).

` + wrap("Formats (--format) and their sections: "+formatList()+". The default, girp, ties the note to the plan's goals: name them with --goal G-1 (they must exist in the plan: casework plan goal add) and say how each moved with --progress G-1=CODE[:NOTE] (CODE: "+strings.Join(casefile.Enums["progress"], ", ")+").") + `

` + wrap("Kinds (--kind, default contact): "+strings.Join(casefile.Enums["note_kind"], ", ")+". Contact modes (--mode): "+
			strings.Join(casefile.Enums["contact_mode"], ", ")+". Outcomes (--outcome, default completed): "+strings.Join(casefile.Enums["contact_outcome"], ", ")+
			". Interventions used (--intervention, repeat): "+strings.Join(casefile.Enums["intervention"], ", ")+".") + `

--at is when the contact happened: a date, or a date and a time ("yesterday 14:30",
"2026-11-20 09:15", "-3d 16:00", "14:30" for today); default now. A past date alone is taken
as 09:00. The note also records when it was written (recorded_at): more than
review.late_documentation_hours (default 48) after the contact, it is flagged as late
documentation, at once and by casework check. Participants (--participant, repeat) are
registry ids (P-…) of the case, or "client".

The text comes from --section NAME=TEXT (repeat) or -m TEXT (a narrative note: -m alone
implies --format narrative); else from stdin when it is not a terminal; else from $EDITOR
(also with --edit), on a skeleton with the format's "## Heading" lines. Stdin uses the same
shape: "## Heading" lines named like the sections (their name or heading, in any case), each
followed by its text; lines starting with a single "#" are left out. An empty text writes
nothing.

Notes are never changed. --amend NOTE --reason TEXT writes a correction: a new note that
starts from NOTE (flags, stdin or the editor change what is corrected) and points at it with
amends and amend_reason; the original file stays as it was. A correction of a correction
points at the note it corrects.

A closed case takes no new notes except --kind administrative (a closing letter, a file
transfer); corrections (--amend) are accepted, since the record must stay correctable.

A crisis note with no risk record of the same day is flagged at once: assess the risk
(casework assess CASE --risk DOMAIN=LEVEL).

--list prints the case's notes in date order, with what corrects what; --show NOTE prints one
note as Markdown.`,
		Example: `  casework note k7f3m --mode home_visit --minutes 45 --participant client --goal G-1 \
      --progress G-1=improved:"Paid the November rent" --intervention budgeting \
      --section goal="Rent paid in full each month" --section intervention="Went through the budget" \
      --section response="Engaged, brought her bank statements" --section plan="Fund application next week" \
      --next +1w
  casework note k7f3m --kind collateral --mode phone -m "The school nurse confirms Leo attended all week"
  casework note k7f3m --format soap --at "yesterday 14:30" < visit.md
  casework note k7f3m --format dap --edit
  casework note k7f3m --amend 2026-11-20-x4k2p --reason "Wrong date of the hearing" --section plan="Hearing on 3 December"
  casework note k7f3m --list`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			o.Changed = cmd.Flags().Changed
			if runF != nil {
				return runF(o)
			}
			return run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Format, "format", "", "note format: "+strings.Join(casefile.Enums["note_format"], ", ")+" (default "+DefaultFormat+"; narrative with -m)")
	fl.StringVar(&o.Kind, "kind", "", "kind of note: "+strings.Join(casefile.Enums["note_kind"], ", ")+" (default contact)")
	fl.StringVar(&o.Mode, "mode", "", "contact mode: "+strings.Join(casefile.Enums["contact_mode"], ", "))
	fl.StringVar(&o.Outcome, "outcome", "", "how the contact went: "+strings.Join(casefile.Enums["contact_outcome"], ", ")+" (default completed)")
	fl.StringVar(&o.At, "at", "", "when the contact happened, a `DATE [TIME]` (default now)")
	fl.IntVar(&o.Minutes, "minutes", 0, "how long the contact lasted, in minutes")
	fl.StringSliceVar(&o.Participants, "participant", nil, "who took part: a registry `ID` (P-…) or client (repeat)")
	fl.StringSliceVar(&o.Interventions, "intervention", nil, "an intervention used, a `CODE` (repeat)")
	fl.StringSliceVar(&o.Goals, "goal", nil, "a plan `GOAL` the contact worked on, e.g. G-1 (repeat)")
	fl.StringArrayVar(&o.Progress, "progress", nil, "how a goal moved, as `GOAL=CODE[:NOTE]` (repeat)")
	fl.StringVar(&o.Next, "next", "", "the next contact planned, a `DATE`")
	fl.StringArrayVar(&o.Sections, "section", nil, "a section's text, as `NAME=TEXT` (repeat)")
	fl.StringArrayVarP(&o.Messages, "message", "m", nil, "the `TEXT` of a narrative note (repeat for paragraphs)")
	fl.BoolVarP(&o.Edit, "edit", "e", false, "write the text in $EDITOR (after what flags gave)")
	fl.StringVar(&o.Amend, "amend", "", "correct a `NOTE` with a new note pointing at it (needs --reason)")
	fl.StringVar(&o.Reason, "reason", "", "why the note is corrected (with --amend)")
	fl.BoolVar(&o.List, "list", false, "list the case's notes in date order")
	fl.StringVar(&o.Show, "show", "", "print one `NOTE` as Markdown")
	cmdutil.AddFormatFlag(cmd, &o.Output, "table", "tsv", "md", "csv", "json", "id")
	_ = cmd.RegisterFlagCompletionFunc("format", cmdutil.CompleteCodes(casefile.Enums["note_format"]))
	_ = cmd.RegisterFlagCompletionFunc("kind", cmdutil.CompleteCodes(casefile.Enums["note_kind"]))
	_ = cmd.RegisterFlagCompletionFunc("mode", cmdutil.CompleteCodes(casefile.Enums["contact_mode"]))
	_ = cmd.RegisterFlagCompletionFunc("outcome", cmdutil.CompleteCodes(casefile.Enums["contact_outcome"]))
	_ = cmd.RegisterFlagCompletionFunc("intervention", cmdutil.CompleteCodes(casefile.Enums["intervention"]))
	_ = cmd.RegisterFlagCompletionFunc("amend", completeNoteIDs(f))
	_ = cmd.RegisterFlagCompletionFunc("show", completeNoteIDs(f))
	return cmd
}

// formatList is "narrative (text), soap (subjective, objective, assessment, plan), …".
func formatList() string {
	var parts []string
	for _, fm := range casefile.Enums["note_format"] {
		parts = append(parts, fm+" ("+strings.Join(casefile.NoteSections[fm], ", ")+")")
	}
	return strings.Join(parts, ", ")
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

// completeNoteIDs completes --amend and --show with the note ids of the case named first.
func completeNoteIDs(f *cmdutil.Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		_, c, err := f.LoadCase(args[0])
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, n := range c.Notes {
			if strings.HasPrefix(n.ID, toComplete) {
				out = append(out, n.ID)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func run(o *Options) error {
	if err := checkModes(o); err != nil {
		return err
	}
	switch {
	case o.List:
		return runList(o)
	case o.Show != "":
		return runShow(o)
	}
	return runWrite(o)
}

// checkModes refuses flags that do not go together: --list and --show read, the rest write.
func checkModes(o *Options) error {
	var given []string
	for _, name := range writeFlags {
		if o.changed(name) {
			given = append(given, "--"+name)
		}
	}
	switch {
	case o.List && o.changed("show"):
		return cmdutil.UsageErrorf("--list and --show do not go together: list the notes, or show one")
	case o.List && len(given) > 0:
		return cmdutil.UsageErrorf("--list only lists the notes; drop %s", strings.Join(given, ", "))
	case o.changed("show") && len(given) > 0:
		return cmdutil.UsageErrorf("--show only prints a note; drop %s", strings.Join(given, ", "))
	case o.changed("show") && strings.TrimSpace(o.Show) == "":
		return cmdutil.UsageErrorf("--show needs a NOTE id (casework note CASE --list shows them)")
	case !o.List && o.changed("output"):
		return cmdutil.UsageErrorf("-o/--output goes with --list")
	}
	return nil
}

// flagSpec is what the command line says about the note, checked before the case is read.
type flagSpec struct {
	format   string // "" for a correction keeping the original's format
	sections map[string]string
	progress []casefile.GoalProgress
	goals    []string
	// participants as typed, "client" resolved later.
	participants []string
}

// parseFlags checks everything the command line can be checked for without the case.
func parseFlags(o *Options) (flagSpec, error) {
	var s flagSpec
	if o.Amend == "" && o.changed("reason") {
		return s, cmdutil.UsageErrorf("--reason goes with --amend NOTE (the note corrected)")
	}
	if o.Amend != "" && strings.TrimSpace(o.Reason) == "" {
		return s, cmdutil.UsageErrorf("--amend needs --reason TEXT: say why the note is corrected; nothing was written")
	}
	if o.changed("format") {
		s.format = strings.ToLower(strings.TrimSpace(o.Format))
		if s.format == "interview_record" {
			s.format = "interview"
		}
		if err := cmdutil.CheckCode("format", "note_format", s.format); err != nil {
			return s, err
		}
		if s.format == "" {
			return s, cmdutil.UsageErrorf("--format needs a format: %s", schema.OneOf(casefile.Enums["note_format"]))
		}
	}
	if len(o.Messages) > 0 && s.format == "" && o.Amend == "" {
		s.format = "narrative"
	}
	if o.Amend == "" && s.format == "" {
		s.format = DefaultFormat
	}
	for flag, enum := range map[string]string{"kind": "note_kind", "mode": "contact_mode", "outcome": "contact_outcome"} {
		if err := cmdutil.CheckCode(flag, enum, map[string]string{"kind": o.Kind, "mode": o.Mode, "outcome": o.Outcome}[flag]); err != nil {
			return s, err
		}
	}
	if err := checkCodes("intervention", "intervention", o.Interventions); err != nil {
		return s, err
	}
	if o.Minutes < 0 {
		return s, cmdutil.UsageErrorf("--minutes cannot be negative")
	}
	for _, p := range o.Progress {
		gp, err := parseProgress(p)
		if err != nil {
			return s, err
		}
		for _, prev := range s.progress {
			if prev.Goal == gp.Goal {
				return s, cmdutil.UsageErrorf("--progress %s is given twice: one progress per goal", gp.Goal)
			}
		}
		s.progress = append(s.progress, gp)
	}
	for _, g := range o.Goals {
		if g = normaliseGoal(g); g != "" {
			s.goals = addUnique(s.goals, g)
		}
	}
	for _, p := range o.Participants {
		if p = strings.TrimSpace(p); p != "" {
			s.participants = addUnique(s.participants, p)
		}
	}
	if s.format != "" {
		if err := checkMessages(s.format, o.Messages); err != nil {
			return s, err
		}
		var err error
		if s.sections, err = parseSectionFlags(s.format, o.Sections, o.Messages); err != nil {
			return s, err
		}
	}
	return s, nil
}

// checkMessages: -m is the text of a narrative note.
func checkMessages(format string, messages []string) error {
	if len(messages) > 0 && format != "narrative" {
		return cmdutil.UsageErrorf("-m writes the text of a narrative note; a %s note takes --section NAME=TEXT (%s)",
			format, strings.Join(casefile.NoteSections[format], ", "))
	}
	return nil
}

func runWrite(o *Options) error {
	f := o.F
	spec, err := parseFlags(o)
	if err != nil {
		return err
	}
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	worker, err := f.Worker()
	if err != nil {
		return err
	}
	clock, err := f.Clock()
	if err != nil {
		return err
	}
	now := clock.Now()
	var at time.Time
	atGiven := o.Amend == "" || o.changed("at")
	timeGiven := true
	if atGiven {
		if at, timeGiven, err = parseAt(o.At, now); err != nil {
			return cmdutil.UsageErrorf("--at: %v", err)
		}
		if at.After(now) {
			return cmdutil.UsageErrorf("--at %s is later than now (%s): a note documents a contact that has taken place; nothing was written",
				at.Format("2006-01-02 15:04"), now.Format("2006-01-02 15:04"))
		}
	}
	var next dates.Date
	if o.Next != "" {
		if next, err = f.ParseDate("next", o.Next); err != nil {
			return err
		}
	}
	r, c, err := f.LoadCase(o.Case)
	if err != nil {
		return err
	}

	// The note as the flags make it: fresh, or the corrected note changed by the flags.
	n, orig, err := build(o, spec, c, at, next)
	if err != nil {
		return err
	}
	if err := checkCase(o, c, n, orig); err != nil {
		return err
	}

	// The text: flags, stdin, or the editor.
	bodyFlags := len(o.Sections) > 0 || len(o.Messages) > 0
	switch {
	case o.Edit || (!bodyFlags && f.IO.InTTY):
		if n.Sections, err = editBody(o, r, c, n, orig); err != nil {
			return err
		}
	case !bodyFlags:
		data, err := io.ReadAll(io.LimitReader(f.IO.In, maxBody+1))
		if err != nil {
			return fmt.Errorf("reading the note from stdin: %w; nothing was written", err)
		}
		if len(data) > maxBody {
			return cmdutil.UsageErrorf("stdin holds more than %d bytes: a note, not a file; nothing was written", maxBody)
		}
		secs, ps := parseBody("stdin", n.Format, string(data))
		if len(ps) > 0 {
			return &cmdutil.ProblemsError{What: fmt.Sprintf("stdin is not the text of a %s note; nothing was written:", n.Format), Problems: ps}
		}
		switch {
		case hasText(secs):
			n.Sections = secs
		case orig == nil:
			return noText(n.Format)
		}
	}
	if !hasText(n.Sections) {
		return noText(n.Format)
	}
	if orig != nil && sameNote(n, orig.V) {
		return cmdutil.UsageErrorf("the correction changes nothing in note %s: give what is corrected (--section, -m, --at, … or --edit); nothing was written", orig.ID)
	}

	lock, err := f.Lock(r, "note "+c.ID)
	if err != nil {
		return err
	}
	defer lock.Release()
	// Reload under the lock: the case may have been closed, or the plan changed, meanwhile.
	if r, c, err = f.LoadCase(c.ID); err != nil {
		return err
	}
	if err := cmdutil.RequireKey(c); err != nil {
		return err
	}
	if orig != nil {
		if orig = findNote(c, orig.ID); orig == nil {
			return fmt.Errorf("note %s is no longer in case %s; nothing was written", o.Amend, c.ID)
		}
	}
	if err := checkCase(o, c, n, orig); err != nil {
		return err
	}
	n.SchemaVersion = casefile.SchemaVersion
	n.Entry = casefile.Entry{RecordedAt: caseload.NextRecordedAt(c, now), RecordedBy: worker.ID}
	day := dates.FromTime(n.Contact.At)
	id := repo.NewID(day)
	for findNote(c, id) != nil {
		id = repo.NewID(day)
	}
	doc, err := entryNode(n)
	if err != nil {
		return err
	}
	path, err := f.WriteEntry(r, c, "notes", casefile.KindNote, id, doc)
	if err != nil {
		return err
	}
	f.Commit(r, cmdutil.Change{Action: "note", CaseID: c.ID, Summary: commitSummary(n), Paths: []string{path}})
	c.Notes = append(c.Notes, casefile.Item[casefile.Note]{ID: id, Path: path, V: n})
	fmt.Fprintln(f.IO.Out, id)
	report(o, c, n, id, path, rules, timeGiven)
	return nil
}

// noText is the error of a note with nothing written in it.
func noText(format string) error {
	how := fmt.Sprintf("--section NAME=TEXT (a %s note has %s)", format, strings.Join(casefile.NoteSections[format], ", "))
	if format == "narrative" {
		how = "-m TEXT"
	}
	return cmdutil.WithHint(cmdutil.UsageErrorf("the note has no text; nothing was written"),
		"write it with %s, on stdin, or in the editor (--edit)", how)
}

// build makes the note from the flags: a fresh one, or a copy of the note corrected with the
// flags given applied over it.
func build(o *Options, spec flagSpec, c *casefile.Case, at time.Time, next dates.Date) (*casefile.Note, *casefile.Item[casefile.Note], error) {
	n := &casefile.Note{Kind: "contact", Format: spec.format, Contact: casefile.NoteContact{Outcome: "completed"}}
	var orig *casefile.Item[casefile.Note]
	if o.Amend != "" {
		var err error
		if orig, err = resolveNote(c, o.Amend, "amend"); err != nil {
			return nil, nil, err
		}
		cp := *orig.V
		n = &cp
		n.Contact.Participants = slices.Clone(n.Contact.Participants)
		n.Interventions = slices.Clone(n.Interventions)
		n.Goals = slices.Clone(n.Goals)
		n.GoalProgress = slices.Clone(n.GoalProgress)
		n.Sections = map[string]string{}
		if spec.format == "" || spec.format == orig.V.Format {
			for k, v := range orig.V.Sections {
				n.Sections[k] = v
			}
			n.Format = orig.V.Format
		} else {
			n.Format = spec.format // a new format starts its sections afresh
		}
		n.Amends, n.AmendReason = orig.ID, strings.TrimSpace(o.Reason)
		if spec.format == "" {
			if err := checkMessages(n.Format, o.Messages); err != nil {
				return nil, nil, err
			}
			secs, err := parseSectionFlags(n.Format, o.Sections, o.Messages)
			if err != nil {
				return nil, nil, err
			}
			spec.sections = secs
		}
	}
	if n.Sections == nil {
		n.Sections = map[string]string{}
	}
	for k, v := range spec.sections {
		n.Sections[k] = v
	}
	if o.changed("kind") {
		n.Kind = o.Kind
	}
	if o.changed("mode") {
		n.Contact.Mode = o.Mode
	}
	if o.changed("outcome") {
		n.Contact.Outcome = o.Outcome
	}
	if !at.IsZero() {
		n.Contact.At = at
	}
	if o.changed("minutes") {
		n.Contact.Minutes = o.Minutes
	}
	if o.changed("participant") {
		n.Contact.Participants = nil
		for _, p := range spec.participants {
			if strings.EqualFold(p, "client") {
				if c.Intake == nil {
					return nil, nil, cmdutil.UsageErrorf("--participant client: case %s has no intake naming its client", c.ID)
				}
				p = c.Intake.Client
			}
			n.Contact.Participants = addUnique(n.Contact.Participants, p)
		}
	}
	if o.changed("intervention") {
		n.Interventions = nil
		for _, i := range o.Interventions {
			n.Interventions = addUnique(n.Interventions, strings.TrimSpace(i))
		}
	}
	if o.changed("goal") {
		n.Goals = spec.goals
	}
	if o.changed("progress") {
		n.GoalProgress = spec.progress
	}
	for _, gp := range n.GoalProgress {
		n.Goals = addUnique(n.Goals, gp.Goal) // a goal that moved was worked on
	}
	if o.changed("next") {
		n.NextContact = next
	}
	return n, orig, nil
}

// checkCase checks the note against the case: its status, the people registry, the plan and
// the dates. It runs before the text is asked for, and again under the lock.
func checkCase(o *Options, c *casefile.Case, n *casefile.Note, orig *casefile.Item[casefile.Note]) error {
	st := caseload.Derive(c, dates.Date{})
	if !caseload.IsOpen(st.Status) && n.Kind != "administrative" && orig == nil {
		err := cmdutil.UsageErrorf("case %s is %s: a %s note goes on an open case; after closure only administrative notes "+
			"(--kind administrative: a closing letter, a file transfer) are recorded; nothing was written", c.ID, st.Status, n.Kind)
		if st.Status == caseload.Closed {
			return cmdutil.WithHint(err, "if the person is back, reopen the case first: casework reopen %s --reason TEXT", c.ID)
		}
		return err
	}
	for _, p := range n.Contact.Participants {
		if _, ok := c.Person(p); !ok {
			return cmdutil.WithHint(cmdutil.UsageErrorf("--participant %s is not in the people registry of case %s (%s); nothing was written", p, c.ID, c.PeoplePath()),
				"participants are the case's registry ids (%s), or client", strings.Join(registryIDs(c), ", "))
		}
	}
	for _, g := range n.Goals {
		if plan.FindGoal(c.Plan, g) == nil {
			return goalError(c, g)
		}
	}
	if c.Intake != nil && dates.FromTime(n.Contact.At).Before(c.Intake.ReceivedOn) {
		return cmdutil.UsageErrorf("--at %s is before the case's request was received (%s); nothing was written",
			n.Contact.At.Format("2006-01-02 15:04"), c.Intake.ReceivedOn)
	}
	if !n.NextContact.IsZero() && n.NextContact.Before(dates.FromTime(n.Contact.At)) {
		return cmdutil.UsageErrorf("--next %s is before the contact (%s): it is the next contact planned", n.NextContact, dates.FromTime(n.Contact.At))
	}
	return nil
}

func goalError(c *casefile.Case, g string) error {
	if c.Plan == nil || len(c.Plan.Goals) == 0 {
		return cmdutil.WithHint(cmdutil.UsageErrorf("goal %s: case %s has no plan goals yet; nothing was written", g, c.ID),
			"add the goal to the plan first: casework plan goal add %s --statement TEXT", c.ID)
	}
	var ids []string
	for _, x := range c.Plan.Goals {
		ids = append(ids, x.ID)
	}
	// No "did you mean": G-2 for G-1 is another goal, not a typo.
	return cmdutil.WithHint(cmdutil.UsageErrorf("goal %s is not in the plan of case %s (its goals: %s); nothing was written", g, c.ID, strings.Join(ids, ", ")),
		"casework plan %s shows the plan", c.ID)
}

// registryIDs lists the case's registry ids, the client marked.
func registryIDs(c *casefile.Case) []string {
	var ids []string
	if c.People == nil {
		return nil
	}
	for _, p := range c.People.People {
		id := p.ID
		if c.Intake != nil && p.ID == c.Intake.Client {
			id += " the client"
		}
		ids = append(ids, id)
	}
	return ids
}

// resolveNote finds the note a typed id (or a unique start of it, or of its random part) names.
func resolveNote(c *casefile.Case, typed, flag string) (*casefile.Item[casefile.Note], error) {
	var ids []string
	for _, n := range c.Notes {
		ids = append(ids, n.ID)
	}
	id, err := repo.Match(ids, typed)
	if err != nil {
		var amb *repo.AmbiguousError
		if errors.As(err, &amb) {
			return nil, cmdutil.UsageErrorf("--%s %q matches %d notes: %s; type more of the id", flag, typed, len(amb.Candidates), strings.Join(amb.Candidates, ", "))
		}
		return nil, cmdutil.WithHint(cmdutil.UsageErrorf("--%s %q: case %s has no such note", flag, typed, c.ID),
			"casework note %s --list shows its notes", c.ID)
	}
	return findNote(c, id), nil
}

func findNote(c *casefile.Case, id string) *casefile.Item[casefile.Note] {
	for i := range c.Notes {
		if c.Notes[i].ID == id {
			return &c.Notes[i]
		}
	}
	return nil
}

// sameNote reports whether a correction says exactly what the note it corrects says.
func sameNote(n, orig *casefile.Note) bool {
	a, b := *n, *orig
	if !a.Contact.At.Equal(b.Contact.At) {
		return false
	}
	a.Entry, b.Entry = casefile.Entry{}, casefile.Entry{}
	a.Amends, a.AmendReason, b.Amends, b.AmendReason = "", "", "", ""
	a.Contact.At, b.Contact.At = time.Time{}, time.Time{}
	norm := func(x *casefile.Note) {
		if len(x.Contact.Participants) == 0 {
			x.Contact.Participants = nil
		}
		if len(x.Interventions) == 0 {
			x.Interventions = nil
		}
		if len(x.Goals) == 0 {
			x.Goals = nil
		}
		if len(x.GoalProgress) == 0 {
			x.GoalProgress = nil
		}
	}
	norm(&a)
	norm(&b)
	return reflect.DeepEqual(a, b)
}

// entryNode is the note as written: its sections in the format's order, not alphabetical.
func entryNode(n *casefile.Note) (*yaml.Node, error) {
	var doc yaml.Node
	if err := doc.Encode(n); err != nil {
		return nil, err
	}
	secs := schema.Lookup(&doc, "sections")
	if secs == nil || secs.Kind != yaml.MappingNode {
		return &doc, nil
	}
	order := casefile.NoteSections[n.Format]
	type pair struct{ k, v *yaml.Node }
	var pairs []pair
	for i := 0; i+1 < len(secs.Content); i += 2 {
		pairs = append(pairs, pair{secs.Content[i], secs.Content[i+1]})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		return slices.Index(order, a.k.Value) - slices.Index(order, b.k.Value)
	})
	secs.Content = secs.Content[:0]
	for _, p := range pairs {
		secs.Content = append(secs.Content, p.k, p.v)
	}
	return &doc, nil
}

// commitSummary is the commit subject's summary: codes only, never a name or free text.
func commitSummary(n *casefile.Note) string {
	if n.Amends != "" {
		return fmt.Sprintf("corrects %s (%s)", n.Amends, n.Format)
	}
	var parts []string
	if n.Kind != "contact" {
		parts = append(parts, n.Kind)
	}
	if n.Contact.Mode != "" {
		parts = append(parts, n.Contact.Mode)
	}
	if n.Contact.Outcome != "completed" {
		parts = append(parts, n.Contact.Outcome)
	}
	if len(parts) == 0 {
		parts = append(parts, n.Kind)
	}
	return fmt.Sprintf("%s (%s)", strings.Join(parts, ", "), n.Format)
}

// describe is "contact, home_visit, 2026-11-23 09:00, completed".
func describe(n *casefile.Note) string {
	parts := []string{n.Kind}
	if n.Contact.Mode != "" {
		parts = append(parts, n.Contact.Mode)
	}
	parts = append(parts, n.Contact.At.Format("2006-01-02 15:04"), n.Contact.Outcome)
	return strings.Join(parts, ", ")
}

// report says what was recorded, then what the records now say is missing: late
// documentation, a crisis with no risk record, a girp note tied to no goal, empty sections.
func report(o *Options, c *casefile.Case, n *casefile.Note, id, path string, rules casefile.Rules, timeGiven bool) {
	w := o.F.IO.ErrOut
	if n.Amends != "" {
		fmt.Fprintf(w, "Recorded correction %s of note %s in case %s (%s): %s\n", id, n.Amends, c.ID, n.Format, path)
	} else {
		fmt.Fprintf(w, "Recorded %s note %s of case %s (%s): %s\n", n.Format, id, c.ID, describe(n), path)
	}
	if !timeGiven {
		fmt.Fprintf(w, "casework: the time of the contact was not given: %s taken (add it: --at \"%s 14:30\")\n",
			n.Contact.At.Format("15:04"), n.Contact.At.Format("2006-01-02"))
	}
	crisis := false
	for _, p := range caseload.Practice(c, rules) {
		if p.Path != path {
			continue
		}
		fmt.Fprintf(w, "casework: warning: %s\n", p.Msg)
		if strings.Contains(p.Msg, "crisis note") {
			crisis = true
		}
	}
	if crisis {
		fmt.Fprintf(w, "casework: hint: casework assess %s --risk DOMAIN=LEVEL (%s)\n", c.ID, strings.Join(casefile.Enums["risk_domain"], ", "))
	}
	if n.Amends != "" {
		return
	}
	if n.Format == "girp" && len(n.Goals) == 0 {
		if c.Plan != nil && len(c.Plan.Goals) > 0 {
			var ids []string
			for _, g := range c.Plan.Goals {
				ids = append(ids, g.ID)
			}
			fmt.Fprintf(w, "casework: warning: this girp note names no plan goal: add --goal (the plan's goals: %s)\n", strings.Join(ids, ", "))
		} else {
			fmt.Fprintf(w, "casework: warning: this girp note names no plan goal, and case %s has no plan goals yet (casework plan goal add)\n", c.ID)
		}
	}
	if n.Contact.Outcome == "completed" && n.Format != "narrative" {
		if miss := missingSections(n.Format, n.Sections); len(miss) > 0 {
			fmt.Fprintf(w, "casework: warning: the %s note has nothing under %s\n", n.Format, strings.Join(miss, ", "))
		}
	}
}
