package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/redact/redacttest"
	"github.com/casework/casework/pkg/repo"
)

// writeCase writes a case's files as the repository holds them.
func writeCase(t *testing.T, r *repo.Repo, c *casefile.Case) {
	t.Helper()
	put := func(rel string, v any) {
		data, err := casefile.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := r.Abs(c.Dir + "/" + rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	put("people.yaml", c.People)
	put("intake.yaml", c.Intake)
	put("plan.yaml", c.Plan)
	for _, x := range c.Decisions {
		put("decisions/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.Assessments {
		put("assessments/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.SafetyPlans {
		put("safety-plans/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.Notes {
		put("notes/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.Consents {
		put("consents/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.Referrals {
		put("referrals/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.ReferralUpdates {
		put("referral-updates/"+x.ID+".yaml", x.V)
	}
	for _, x := range c.Reviews {
		put("reviews/"+x.ID+".yaml", x.V)
	}
}

// profileArgs are what each profile's export needs on the command line.
var profileArgs = map[string][]string{
	"supervision": nil,
	"court": {"--to", "Family court", "--purpose", "Order to produce", "--order", "RG 26/1", "--since", "2026-10-05",
		"--include", "intake,assessments,notes,plan,reviews,safety_plans,closures"},
	"referral":     {"--to", "housing-office", "--purpose", "Rehousing", "--consent", "2026-10-08-cn001"},
	"deidentified": {"--to", "City funder"},
	"training":     nil,
}

const trainingProfile = `
redaction:
  training:
    names: code
    third_parties: role
    birth_date: year
    address: remove
    contact_details: remove
    identity_numbers: remove
    free_text: drop
    recipient: trainees
    purpose: teaching
    basis: care_provision
    justification: no identifying detail
`

// TestNoCanaryInAnyCommandOutput runs every export command under every profile, in every format
// and language, on a repository holding the canary case, and finds none of the canaries the
// profile removes in what it prints (stdout, stderr, the --out file). Under the internal
// profile the same commands show them, and every profile's summary is there and not empty.
func TestNoCanaryInAnyCommandOutput(t *testing.T) {
	e := cmdtest.New(t, "")
	c := redacttest.Case()
	c.Closures = nil // open, so the caseload review covers it; closed below by close itself
	writeCase(t, e.Repo, c)
	cfg, err := os.OpenFile(e.Repo.Abs(repo.ConfigFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.WriteString(trainingProfile); err != nil {
		t.Fatal(err)
	}
	cfg.Close()
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "all.md.tmpl")
	if err := os.WriteFile(tmpl, []byte(`{{template "case-summary.md.tmpl" .}}
{{range .People}}{{.ID}} {{.Name}} {{.Relation}} {{.BirthDate}} {{.Organisation}} {{.Age}}
{{end}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(lang string, args ...string) (out, errOut string, err error) {
		e.Out.Reset()
		e.ErrOut.Reset()
		e.Vars["CASEWORK_LANGUAGE"] = lang
		e.F = cmdtestFactory(e)
		root := cli.NewRootCmd(e.F)
		root.SetArgs(args)
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		err = root.Execute()
		return e.Out.String(), e.ErrOut.String(), err
	}
	if _, errOut, err := run("en", "agencies", "add", "housing-office", "--name", "Housing Office"); err != nil {
		t.Fatalf("agencies add: %v\n%s", err, errOut)
	}
	if _, errOut, err := run("en", "check"); err != nil {
		out, _, _ := run("en", "check", "-o", "json")
		t.Fatalf("the canary repository does not check clean: %v\n%s%s", err, errOut, out)
	}
	type export struct {
		what string
		args []string
	}
	// Formats with words to translate run in every language; the others (json, yaml, tsv, csv)
	// are the same in all, and run once.
	words := func(f string) bool { return f == "md" || f == "html" }
	exports := func(lang string) []export {
		var xs []export
		for _, f := range []string{"md", "html", "json", "yaml"} {
			if lang != "en" && !words(f) {
				continue
			}
			xs = append(xs, export{"show -o " + f, []string{"show", c.ID, "-o", f}})
		}
		for _, f := range []string{"md", "html", "json", "yaml"} {
			if lang != "en" && !words(f) {
				continue
			}
			xs = append(xs, export{"plan -o " + f, []string{"plan", c.ID, "-o", f}})
		}
		xs = append(xs, export{"plan --history", []string{"plan", c.ID, "--history"}})
		for _, f := range []string{"md", "html"} {
			xs = append(xs, export{"report -o " + f, []string{"report", "--template", tmpl, c.ID, "-o", f}})
		}
		for _, f := range []string{"tsv", "md", "html", "json", "csv"} {
			if lang != "en" && !words(f) {
				continue
			}
			xs = append(xs, export{"review -o " + f, []string{"review", "-o", f}})
		}
		for _, f := range []string{"tsv", "md", "json", "csv"} {
			if lang == "en" {
				xs = append(xs, export{"list -o " + f, []string{"list", "--status", "all", "-o", f}})
			}
		}
		out := filepath.Join(dir, "review-"+lang+".html")
		xs = append(xs, export{"review --out", []string{"review", "--out", out}})
		for _, f := range []string{"md", "html"} {
			if lang != "en" && f == "html" {
				continue // each case review is recorded: html once is enough to prove the page
			}
			xs = append(xs, export{"review CASE -o " + f, []string{"review", c.ID, "--type", "supervision", "--participant", "P-m1",
				"--finding", redacttest.TextWithNames("cli finding"), "-o", f}})
		}
		return xs
	}
	internalSeen := ""
	for _, x := range exports("en") {
		out, _, err := run("en", x.args...)
		if err != nil {
			t.Fatalf("internal %s: %v", x.what, err)
		}
		internalSeen += out
	}
	for _, cn := range redacttest.Canaries() {
		if !strings.Contains(strings.ToLower(internalSeen), strings.ToLower(cn)) {
			t.Errorf("no internal export shows %q: the canary proves nothing", cn)
		}
	}
	for _, profile := range []string{"supervision", "court", "referral", "deidentified", "training"} {
		forbidden := func(s string) []string {
			var found []string
			low := strings.ToLower(s)
			for _, cn := range redacttest.Canaries() {
				ok := false
				for _, a := range redacttest.Allowed[profile] {
					ok = ok || a == cn
				}
				if !ok && strings.Contains(low, strings.ToLower(cn)) {
					found = append(found, cn)
				}
			}
			return found
		}
		for _, lang := range []string{"en", "fr", "es"} {
			shown := 0
			for _, x := range exports(lang) {
				args := append(append(append([]string{}, x.args...), "--profile", profile), profileArgs[profile]...)
				out, errOut, err := run(lang, args...)
				if f := forbidden(out + errOut); len(f) > 0 {
					t.Errorf("%s under %s (%s) shows %q", x.what, profile, lang, f)
				}
				if x.what == "review --out" && err == nil {
					data, rerr := os.ReadFile(filepath.Join(dir, "review-"+lang+".html"))
					if rerr != nil {
						t.Fatal(rerr)
					}
					if f := forbidden(string(data)); len(f) > 0 {
						t.Errorf("review --out under %s (%s) wrote %q", profile, lang, f)
					}
				}
				if err != nil {
					t.Logf("%s under %s (%s) refused: %v", x.what, profile, lang, err)
					if out != "" {
						t.Errorf("%s under %s failed (%v) and printed:\n%s", x.what, profile, err, out)
					}
					continue
				}
				if strings.TrimSpace(out) == "" && x.what != "review --out" {
					t.Errorf("%s under %s (%s): empty output", x.what, profile, lang)
				}
				shown++
			}
			if shown < 3 {
				t.Errorf("profile %s (%s): only %d exports succeeded", profile, lang, shown)
			}
		}
		// The closing summary, then the case reopened for the next profile.
		if profile != "deidentified" {
			out, errOut, err := run("fr", append([]string{"close", c.ID, "--reason", "goals_achieved", "--summary",
				redacttest.TextWithNames("cli closure"), "--informed", "2026-11-23:closing_interview", "--profile", profile}, profileArgs[profile]...)...)
			if err != nil && !strings.Contains(err.Error(), "the case is closed") {
				t.Fatalf("close under %s: %v\n%s", profile, err, errOut)
			}
			if f := forbidden(out + errOut); len(f) > 0 {
				t.Errorf("close under %s shows %q", profile, f)
			}
			if _, errOut, err := run("en", "reopen", c.ID, "--reason", "Back again"); err != nil {
				t.Fatalf("reopen: %v\n%s", err, errOut)
			}
		}
	}
	out, _, err := run("en", "disclosures", c.ID, "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"supervision", "court", "referral", "deidentified", "training"} {
		if !strings.Contains(out, fmt.Sprintf("%q: %q", "profile", p)) {
			t.Errorf("the disclosure log has no export under %s", p)
		}
	}
}

// cmdtestFactory is a fresh factory over the same environment: settings are read once per
// factory, as once per run of casework.
func cmdtestFactory(e *cmdtest.Env) *cmdutil.Factory {
	return &cmdutil.Factory{IO: e.F.IO, Getenv: e.F.Getenv, Getwd: e.F.Getwd, GitConfig: e.F.GitConfig}
}
