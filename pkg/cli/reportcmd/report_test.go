package reportcmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/report"
)

func view() report.CaseView {
	v := report.CaseView{ID: "2026-11-22-k7f3m", Status: "accepted", Priority: "urgent", Worker: "a.martin",
		People: []report.PersonView{{ID: "P-1", Role: "client", Name: "Awa Diallo"}}}
	v.Plan = &report.PlanView{Revision: 2, CreatedOn: "2026-11-22",
		Goals: []report.GoalView{{ID: "G-1", Statement: "Awa lives in housing she can afford", Status: "active"}}}
	return v
}

func TestRenderHasTheShippedFunctionsAndBlocks(t *testing.T) {
	text := `{{.ID}} {{code .Status}} {{code .Priority}} {{t "worker"}} {{lang}} {{tr .Names "x"}}
{{range .People}}{{.Name}} ({{code .Role}}){{end}}
{{with .Plan}}{{template "plan-body" .}}{{end}}`
	data := struct {
		report.CaseView
		Names map[string]string
	}{view(), map[string]string{"en": "Housing", "fr": "Logement"}}
	out, err := Render("", "visit.md.tmpl", text, "fr", data)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"2026-11-22-k7f3m", "Logement", " fr ", "Awa Diallo", "G-1", "Awa lives in housing she can afford"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "accepted") || strings.Contains(s, "urgent") {
		t.Errorf("codes not translated into French:\n%s", s)
	}
}

func TestRenderErrorsNameTheFileAndLine(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"ok\n{{.Nope}}\n", "template: my/visit.md.tmpl:2:2: executing"},
		{"ok\n\n{{if .ID}}", "template: my/visit.md.tmpl:3: unexpected EOF"},
		{"{{nofunc .ID}}", `template: my/visit.md.tmpl:1: function "nofunc" not defined`},
		{`{{template "no-such-block" .}}`, `template: my/visit.md.tmpl:1:11: executing "my/visit.md.tmpl" at <{{template "no-such-block" .}}>: template "no-such-block" not defined`},
	} {
		_, err := Render("", "my/visit.md.tmpl", tc.text, "en", view())
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.text, err, tc.want)
		}
	}
}

func TestRenderRepositoryOverridesAndOwnDefines(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plan.md.tmpl"), []byte(`{{define "plan-body"}}OUR PLAN r{{.Revision}}{{end}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := Render(dir, "v.tmpl", `{{template "plan-body" .Plan}}`, "en", view())
	if err != nil || string(out) != "OUR PLAN r2" {
		t.Errorf("repository block: %q, %v", out, err)
	}
	out, err = Render(dir, "v.tmpl", `{{define "plan-body"}}MINE{{end}}{{template "plan-body" .Plan}}`, "en", view())
	if err != nil || string(out) != "MINE" {
		t.Errorf("own block: %q, %v", out, err)
	}
	// The whole case summary is there too.
	out, err = Render("", "v.tmpl", `{{template "case-summary.md.tmpl" .}}`, "en", view())
	if err != nil || !strings.HasPrefix(string(out), "# Case summary — 2026-11-22-k7f3m") {
		t.Errorf("case summary: %.80q, %v", out, err)
	}
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"k7f3m"}, "needs the template"},
		{[]string{"--template", "x.tmpl", "k7f3m", "-o", "json"}, "unknown output format"},
		{[]string{"--template", "x.tmpl"}, ""},
	} {
		e := cmdtest.New(t, "")
		ran := false
		cmd := NewCmd(e.F, func(*Options) error { ran = true; return nil })
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		cmd.SetArgs(tc.args)
		err := cmd.Execute()
		if err == nil || ran {
			t.Errorf("%v: ran, want an error", tc.args)
			continue
		}
		var fe *cmdutil.FlagError
		if tc.want != "" && (!errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%v: err = %v, want a usage error with %q", tc.args, err, tc.want)
		}
	}
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--template", "v.md.tmpl", "k7f3m", "-o", "html", "--lang", "es", "--out", "v.html"})
	if err := cmd.Execute(); err != nil || got.Template != "v.md.tmpl" || got.Case != "k7f3m" || got.Format != "html" || got.Lang != "es" || got.Out != "v.html" {
		t.Errorf("parsed %+v, %v", got, err)
	}
}
