package safetyplan

import (
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdtest"
)

func TestParseContact(t *testing.T) {
	for _, tc := range []struct{ in, text, phone string }{
		{"My sister:06 12 34 56 78", "My sister", "06 12 34 56 78"},
		{"My sister", "My sister", ""},
		{"Dr Roy: GP:01 23 45 67 89", "Dr Roy: GP", "01 23 45 67 89"},
		{"Dr Roy: GP", "Dr Roy: GP", ""},
		{"Crisis line:+34 024", "Crisis line", "+34 024"},
		{"Night line: 24/7", "Night line: 24/7", ""},
		{"P-4k2m:0612345678", "P-4k2m", "0612345678"},
		{"Helpline:(01) 23-45.67", "Helpline", "(01) 23-45.67"},
	} {
		c, err := parseContact("help-person", tc.in)
		if err != nil || c.text != tc.text || c.phone != tc.phone {
			t.Errorf("parseContact(%q) = %+v, %v; want %q %q", tc.in, c, err, tc.text, tc.phone)
		}
	}
	for _, in := range []string{"", ":06 12 34 56 78", "  "} {
		if _, err := parseContact("help-person", in); err == nil {
			t.Errorf("parseContact(%q) accepted", in)
		}
	}
}

func TestResolveRegistryIDs(t *testing.T) {
	c := &casefile.Case{ID: "2026-11-02-abcde", Dir: "cases/2026-11-02-abcde",
		People: &casefile.People{People: []casefile.Person{{ID: "P-4k2m", Name: "Rosa Ortega"}}}}
	got, err := contact{"P-4k2m", "06"}.resolve(c, "--help-person")
	if err != nil || got.Person != "P-4k2m" || got.Name != "" || got.Phone != "06" {
		t.Errorf("registry id: %+v, %v", got, err)
	}
	got, err = contact{"my sister", ""}.resolve(c, "--help-person")
	if err != nil || got.Person != "" || got.Name != "my sister" {
		t.Errorf("words: %+v, %v", got, err)
	}
	_, err = contact{"P-4k2n", ""}.resolve(c, "--help-person")
	if err == nil || !strings.Contains(err.Error(), "did you mean P-4k2m?") {
		t.Errorf("unknown id: %v", err)
	}
}

func TestFlagsReachTheOptions(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"k7f3m", "--warning-sign", "Can't sleep", "--warning-sign", "Stop answering the phone",
		"--coping", "Walk the dog", "--distraction-person", "Neighbour", "--distraction-place", "Library",
		"--help-person", "My sister:06 12", "--professional", "GP:01 23", "--means-safety", "Pills kept by my sister",
		"--where-kept", "Phone notes", "--agreed", "--review-on", "+2w"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if len(got.WarningSigns) != 2 || got.Coping[0] != "Walk the dog" || got.HelpPeople[0] != "My sister:06 12" ||
		!got.Agreed || got.ReviewOn != "+2w" || got.WhereKept != "Phone notes" || !got.writeSet || got.Show {
		t.Errorf("options = %+v", got)
	}
}

func TestShowGoesAlone(t *testing.T) {
	e := cmdtest.New(t, "")
	cmd := NewCmd(e.F, nil)
	cmd.SilenceUsage = true
	cmd.SetArgs([]string{"k7f3m", "--show", "--agreed"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "--show prints the current plan") {
		t.Errorf("err = %v", err)
	}
}

func TestMissingWarningSignWritesNothing(t *testing.T) {
	e := cmdtest.New(t, "")
	cmd := NewCmd(e.F, nil)
	cmd.SilenceUsage = true
	cmd.SetArgs([]string{"k7f3m", "--coping", "Walk"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "missing --warning-sign; nothing was written") {
		t.Errorf("err = %v", err)
	}
}
