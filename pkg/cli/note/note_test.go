package note

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
)

func TestParseSectionFlags(t *testing.T) {
	got, err := parseSectionFlags("dap", []string{
		"data=Called about the form",
		" Assessment = Understands what is missing ",
		"plan=rent = 900 a month",
		"data=Second paragraph",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"data":       "Called about the form\n\nSecond paragraph",
		"assessment": "Understands what is missing",
		"plan":       "rent = 900 a month",
	}
	if !maps.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	// Headings and aliases name sections too.
	got, err = parseSectionFlags("interview", []string{"Overall evaluation=Steady", "suggestions=Ask about school", "next-suggestions=More"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got["overall_evaluation"] != "Steady" || got["next_suggestions"] != "Ask about school\n\nMore" {
		t.Errorf("interview sections: %q", got)
	}
	got, err = parseSectionFlags("birp", []string{"behavior=Calm"}, nil)
	if err != nil || got["behaviour"] != "Calm" {
		t.Errorf("behavior alias: %q, %v", got, err)
	}

	// -m is the narrative's text, paragraphs when repeated.
	got, err = parseSectionFlags("narrative", nil, []string{"First.", "  Second.  "})
	if err != nil || got["text"] != "First.\n\nSecond." {
		t.Errorf("narrative: %q, %v", got, err)
	}

	for _, tc := range []struct {
		format string
		in     string
		msg    string
	}{
		{"dap", "assesment=x", `a dap note has no section "assesment" (did you mean "assessment"?); its sections are data, assessment or plan`},
		{"soap", "data=x", `a soap note has no section "data"; its sections are`},
		{"dap", "data", `--section "data": write NAME=TEXT, e.g. --section data="..."`},
		{"dap", "=x", `write NAME=TEXT`},
		{"dap", "plan=   ", `--section plan has no text`},
	} {
		_, err := parseSectionFlags(tc.format, []string{tc.in}, nil)
		var fe *cmdutil.FlagError
		if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s --section %q: err = %v, want a usage error containing %q", tc.format, tc.in, err, tc.msg)
		}
	}
	if _, err := parseSectionFlags("narrative", nil, []string{"  "}); err == nil {
		t.Error("an empty -m was accepted")
	}
}

func TestParseProgress(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want casefile.GoalProgress
	}{
		{"G-1=improved", casefile.GoalProgress{Goal: "G-1", Progress: "improved"}},
		{"g-2=Achieved:Paid: all of it", casefile.GoalProgress{Goal: "G-2", Progress: "achieved", Note: "Paid: all of it"}},
		{" G-3 = no_change : waiting ", casefile.GoalProgress{Goal: "G-3", Progress: "no_change", Note: "waiting"}},
	} {
		got, err := parseProgress(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseProgress(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for in, msg := range map[string]string{
		"G-1":             "write GOAL=PROGRESS[:NOTE]",
		"=improved":       "write GOAL=PROGRESS[:NOTE]",
		"G-1=":            "write GOAL=PROGRESS[:NOTE]",
		"G-1=improve":     `"improve" is not a known progress code (did you mean "improved"?)`,
		"G-1=better:note": `"better" is not a known progress code; use improved, no_change, worsened or achieved`,
	} {
		_, err := parseProgress(in)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("parseProgress(%q): err = %v, want %q", in, err, msg)
		}
	}
}

func TestParseBody(t *testing.T) {
	doc := "# drafted on the train\n" +
		"## Subjective\n" +
		"She says the evenings are hard.\n" +
		"\n" +
		"## OBJECTIVE:\n" +
		"Tidy flat.\n" +
		"### Seen\n" +
		"Two bills.   \n" +
		"# a comment inside\n" +
		"\n" +
		"## plan\n" +
		"\n"
	got, ps := parseBody("stdin", "soap", doc)
	if len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	want := map[string]string{"subjective": "She says the evenings are hard.", "objective": "Tidy flat.\n### Seen\nTwo bills."}
	if !maps.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	// Errors name the line of the document.
	_, ps = parseBody("stdin", "dap", "stray text\n## Data\nx\n## Assesment\ny\n## data\nz\n")
	wantPs := []string{
		"stdin:1:1: text before the first heading: put it under one of the dap note's headings (## Data, ## Assessment, ## Plan)",
		`stdin:4:4: a dap note has no section "Assesment" (did you mean "assessment"?); its sections are data, assessment or plan`,
		"stdin:6:4: section data is given twice (first at line 2): write it once",
	}
	if len(ps) != len(wantPs) {
		t.Fatalf("problems %v, want %d", ps, len(wantPs))
	}
	for i, p := range ps {
		if p.String() != wantPs[i] {
			t.Errorf("problem %d = %q, want %q", i, p.String(), wantPs[i])
		}
	}

	// A narrative is its text: headed paragraphs stay; a first "## Text" heading goes.
	got, ps = parseBody("stdin", "narrative", "## Text\nCalled the school.\n## Outcome\nAll fine.\n# comment\n")
	if len(ps) > 0 || got["text"] != "Called the school.\n## Outcome\nAll fine." {
		t.Errorf("narrative: %q, %v", got, ps)
	}

	// Headings alone are no text.
	got, ps = parseBody("stdin", "dap", "## Data\n\n## Plan\n# hint\n")
	if len(ps) > 0 || hasText(got) {
		t.Errorf("headings only: %q, %v", got, ps)
	}
}

func TestRenderBodyReadsBack(t *testing.T) {
	for format, secs := range casefile.NoteSections {
		in := map[string]string{}
		for i, s := range secs {
			if i%2 == 0 {
				in[s] = "Text of " + s + "\nsecond line"
			}
		}
		got, ps := parseBody("editor", format, renderBody(format, in, true))
		if len(ps) > 0 || !maps.Equal(got, in) {
			t.Errorf("%s: rendered and read back %q (%v), want %q", format, got, ps, in)
		}
	}
}

func TestParseAt(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 17, 42, 0, time.UTC) // a Monday
	for in, want := range map[string]string{
		"":                          "2026-11-23T09:17:00Z",
		"now":                       "2026-11-23T09:17:00Z",
		"today":                     "2026-11-23T09:17:00Z",
		"yesterday":                 "2026-11-22T09:00:00Z",
		"-3d":                       "2026-11-20T09:00:00Z",
		"2026-11-20":                "2026-11-20T09:00:00Z",
		"2026-11-20 14:30":          "2026-11-20T14:30:00Z",
		"2026-11-20T14:30":          "2026-11-20T14:30:00Z",
		"yesterday 7:05":            "2026-11-22T07:05:00Z",
		"yesterday at 16:45":        "2026-11-22T16:45:00Z",
		"last friday 14h30":         "2026-11-20T14:30:00Z",
		"08:00":                     "2026-11-23T08:00:00Z",
		"2 days ago 10:00:30":       "2026-11-21T10:00:30Z",
		"2026-11-20T14:30:00+01:00": "2026-11-20T13:30:00Z",
	} {
		got, _, err := parseAt(in, now)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("parseAt(%q) = %s, %v; want %s", in, got.Format(time.RFC3339), err, want)
		}
	}
	if _, given, _ := parseAt("yesterday", now); given {
		t.Error("a past date alone reports its time as given")
	}
	for _, in := range []string{"someday", "2026-11-20 25:00", "yesterday 14:", "2026-13-01"} {
		if _, _, err := parseAt(in, now); err == nil {
			t.Errorf("parseAt(%q) accepted", in)
		}
	}
}

func TestFlagsThroughCommand(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"k7f3m", "--mode", "home_visit", "--participant", "client,P-ab12", "--goal", "G-1", "--goal", "g-2",
		"--progress", "G-1=improved:Paid", "--section", "goal=Rent", "-m", "x", "--at", "yesterday 14:30"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Case != "k7f3m" || got.Mode != "home_visit" || len(got.Participants) != 2 || len(got.Goals) != 2 ||
		got.Progress[0] != "G-1=improved:Paid" || got.At != "yesterday 14:30" || !got.Changed("mode") || got.Changed("kind") {
		t.Errorf("options: %+v", got)
	}

	// -m alone makes a narrative note; with another format it is refused.
	spec, err := parseFlags(&Options{Messages: []string{"Called"}, Changed: func(string) bool { return false }})
	if err != nil || spec.format != "narrative" || spec.sections["text"] != "Called" {
		t.Errorf("-m alone: %+v, %v", spec, err)
	}
	spec, err = parseFlags(&Options{Sections: []string{"goal=Rent"}, Goals: []string{"g-1"}, Changed: func(string) bool { return false }})
	if err != nil || spec.format != DefaultFormat || spec.goals[0] != "G-1" {
		t.Errorf("default format: %+v, %v", spec, err)
	}
	changedFormat := func(n string) bool { return n == "format" }
	if _, err := parseFlags(&Options{Format: "soap", Messages: []string{"x"}, Changed: changedFormat}); err == nil ||
		!strings.Contains(err.Error(), "-m writes the text of a narrative note") {
		t.Errorf("-m with soap: %v", err)
	}
	if spec, err := parseFlags(&Options{Format: "interview_record", Changed: changedFormat}); err != nil || spec.format != "interview" {
		t.Errorf("interview_record: %+v, %v", spec, err)
	}
	if _, err := parseFlags(&Options{Amend: "2026-11-20-abcde", Changed: func(string) bool { return false }}); err == nil ||
		!strings.Contains(err.Error(), "--amend needs --reason") {
		t.Errorf("--amend without --reason: %v", err)
	}
	if _, err := parseFlags(&Options{Reason: "x", Changed: func(n string) bool { return n == "reason" }}); err == nil {
		t.Error("--reason without --amend accepted")
	}
	if _, err := parseFlags(&Options{Progress: []string{"G-1=improved", "g-1=worsened"}, Changed: func(string) bool { return false }}); err == nil ||
		!strings.Contains(err.Error(), "given twice") {
		t.Errorf("progress twice: %v", err)
	}
	if _, err := parseFlags(&Options{Minutes: -5, Changed: func(string) bool { return false }}); err == nil {
		t.Error("negative minutes accepted")
	}
}

func TestModes(t *testing.T) {
	e := cmdtest.New(t, "")
	for _, args := range [][]string{
		{"k7f3m", "--list", "--show", "x"},
		{"k7f3m", "--list", "--kind", "crisis"},
		{"k7f3m", "--show", "x", "-m", "y"},
		{"k7f3m", "-o", "json", "-m", "y"},
	} {
		cmd := NewCmd(e.F, nil)
		cmd.SetArgs(args)
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		err := cmd.Execute()
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

// TestRunFromStdin writes a note whose text comes from stdin, through the run function.
func TestRunFromStdin(t *testing.T) {
	e := cmdtest.New(t, "## Data\nCalled about the form.\n## Plan\nReceipts on Friday.\n")
	id := openCase(t, e)
	cmd := NewCmd(e.F, nil)
	cmd.SetArgs([]string{id, "--format", "dap", "--mode", "phone", "--at", "10:00"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	noteID := strings.TrimSpace(e.Out.String())
	_, c, err := e.F.LoadCase(id)
	if err != nil {
		t.Fatal(err)
	}
	n := findNote(c, noteID)
	if n == nil {
		t.Fatalf("note %q not found; stderr: %s", noteID, e.ErrOut)
	}
	if n.V.Format != "dap" || n.V.Sections["data"] != "Called about the form." || n.V.Sections["plan"] != "Receipts on Friday." ||
		n.V.Contact.Mode != "phone" || n.V.Contact.At.Hour() != 10 || n.V.RecordedBy != "w.test" {
		t.Errorf("note: %+v", n.V)
	}
	if !strings.Contains(e.ErrOut.String(), "the dap note has nothing under assessment") {
		t.Errorf("stderr: %s", e.ErrOut)
	}
}

// openCase records an accepted case through the repository, as open would.
func openCase(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	id := "2026-11-16-abcde"
	people := "schema_version: 1\npeople:\n  - id: P-aaaa\n    name: Test Client\n"
	intake := "schema_version: 1\nrecorded_at: 2026-11-16T09:00:00Z\nrecorded_by: w.test\ncase_kind: individual\n" +
		"received_on: 2026-11-16\nclient: P-aaaa\nreferral_source: self\nengagement: voluntary\nrequest: Help\n" +
		"priority: routine\nimmediate_risk: none\narea: north\ndecision: accept\n"
	if err := e.Repo.CreateCase(id, map[string][]byte{"people.yaml": []byte(people), "intake.yaml": []byte(intake)}); err != nil {
		t.Fatal(err)
	}
	if _, c, err := e.F.LoadCase(id); err != nil || c.Intake == nil {
		t.Fatalf("loading the test case: %v", err)
	}
	return id
}
