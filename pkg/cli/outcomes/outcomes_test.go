package outcomes

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/report"
	"github.com/spf13/cobra"
)

func do(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	e.Out.Reset()
	e.ErrOut.Reset()
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func isUsage(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}

func TestFlagsReachOptions(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *Options
	cmd := NewCmd(e.F, func(o *Options) error { got = o; return nil })
	if err := do(e, cmd, "--from", "2026-01-01", "--to", "2026-06-30", "--worker", "a.martin", "--kind", "family",
		"-o", "md", "--out", "x.md", "--lang", "fr"); err != nil {
		t.Fatal(err)
	}
	if got.From != "2026-01-01" || got.To != "2026-06-30" || got.Worker != "a.martin" || got.Kind != "family" ||
		got.Format != "md" || got.Out != "x.md" || got.Lang != "fr" {
		t.Errorf("options = %+v", got)
	}
	if err := do(e, NewCmd(e.F, func(*Options) error { return nil }), "extra"); err == nil {
		t.Error("an argument was accepted")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--kind", "famly"},
		{"--from", "2026-07-01", "--to", "2026-06-30"},
		{"--from", "2026-13-01"},
		{"--out", "outcomes.txt"},
		{"-o", "yaml"},
		{"--lang", "de"},
	} {
		e := cmdtest.New(t, "")
		err := do(e, NewCmd(e.F, nil), args...)
		if err == nil || !isUsage(err) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

func TestDefaultPeriodAndEmptyRepository(t *testing.T) {
	e := cmdtest.New(t, "")
	if err := do(e, NewCmd(e.F, nil), "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	var got map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, e.Out)
	}
	if got["from"] != "2025-11-24" || got["to"] != "2026-11-23" {
		t.Errorf("period = %v … %v, want the twelve months ending 2026-11-23", got["from"], got["to"])
	}
	if strings.Contains(e.Out.String(), "NaN") {
		t.Errorf("NaN in %s", e.Out)
	}
	// --to alone: the twelve months ending then.
	if err := do(e, NewCmd(e.F, nil), "--to", "2026-02-28", "-o", "csv"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Out.String(), "section,item,n,value\nperiod,from,,2025-03-01\nperiod,to,,2026-02-28\n") {
		t.Errorf("csv = %s", e.Out)
	}
	// Every format renders an empty repository.
	for _, f := range []string{"table", "tsv", "md", "csv"} {
		if err := do(e, NewCmd(e.F, nil), "--from", "2026-01-01", "-o", f); err != nil {
			t.Errorf("-o %s: %v", f, err)
		}
	}
}

func TestOutWritesTheFile(t *testing.T) {
	e := cmdtest.New(t, "")
	out := filepath.Join(t.TempDir(), "outcomes.md")
	if err := do(e, NewCmd(e.F, nil), "--from", "2026-01-01", "--out", out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "# Practice outcomes — 2026-01-01 → 2026-11-23\n") || e.Out.Len() != 0 {
		t.Errorf("file = %s\nstdout = %s", b, e.Out)
	}
	if !strings.Contains(e.ErrOut.String(), "Wrote the outcomes") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
}

// sample is a report with a figure in every section.
func sample() caseload.OutcomesReport {
	t := 52.2033
	return caseload.OutcomesReport{
		From: dates.MustParse("2026-01-01"), To: dates.MustParse("2026-06-30"), Worker: "w.ada", Kind: "family",
		Opened: 5, Reopened: 1, Closed: 2,
		Reasons: []caseload.OutcomeCount{{Code: "goals_achieved", Count: 1}, {Code: "lost_contact", Count: 1}},
		ClosedCases: []caseload.ClosedCase{
			{Case: "2026-01-05-aaaaa", Worker: "w.ada", Kind: "family", Episode: 1, OpenedOn: dates.MustParse("2026-01-05"),
				ClosedOn: dates.MustParse("2026-04-01"), Reason: "goals_achieved", Days: 86, Goals: 3, TScore: &t, GASGoals: 3},
			{Case: "2026-01-06-bbbbb", Worker: "w.ada", Kind: "family", Episode: 1, OpenedOn: dates.MustParse("2026-01-06"),
				ClosedOn: dates.MustParse("2026-05-01"), Reason: "lost_contact", Days: 115},
		},
		Goals: caseload.GoalOutcomes{Cases: 1, Total: 3, ByStatus: []caseload.OutcomeCount{{Code: "achieved", Count: 1},
			{Code: "partially_achieved", Count: 1}, {Code: "not_achieved", Count: 1}, {Code: "discontinued"}, {Code: "other"}}},
		GAS:         caseload.GASOutcome{Rho: 0.3, Cases: 1, Goals: 3, MeanT: t},
		Instruments: []caseload.InstrumentOutcome{{Instrument: "phq9", N: 2, MeanFirst: 17.5, MeanLast: 11, MeanChange: -6.5}},
		Referrals: caseload.ReferralOutcomes{Made: 6, Completed: 2, NotCompleted: 1, Declined: 1, Open: 2, Finished: 4, LoopClosed: 3,
			CompletionRate: 0.5, LoopClosureRate: 0.75},
		Contacts:        caseload.ContactOutcomes{Completed: 3, Minutes: 90, FailedAttempts: 1, ByMode: []caseload.OutcomeCount{{Code: "home_visit", Count: 2}, {Code: "phone", Count: 1}}},
		IntakeToPlan:    caseload.MedianDays{N: 4, Median: 25.5},
		IntakeToClosure: caseload.MedianDays{N: 2, Median: 100.5},
	}
}

func TestRenderTableTSVAndCSV(t *testing.T) {
	e := cmdtest.New(t, "")
	cfg := casefile.DefaultConfig()
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"tsv", []string{"Outcomes from 2026-01-01 to 2026-06-30, worker w.ada, family cases\n", "\nCLOSURE REASONS\nREASON\tCOUNT\ngoals_achieved\t1\nlost_contact\t1\n",
			"2026-01-05-aaaaa\tw.ada\tfamily\t1\t2026-01-05\t2026-04-01\t86\tgoals_achieved\t3\t52.2\t3\n",
			"2026-01-06-bbbbb\tw.ada\tfamily\t1\t2026-01-06\t2026-05-01\t115\tlost_contact\t0\t-\t0\n",
			"52.2\t1\t3\t0.3\n", "phq9\t2\t17.5\t11.0\t-6.5\n", "6\t2\t1\t1\t0\t2\t50%\t75%\n",
			"3 completed contacts (90 minutes); 1 failed attempts\n", "intake to plan\t4\t25.5\n", "intake to closure\t2\t100.5\n"}},
		{"table", []string{"CASES OPENED AND CLOSED", "│ 52.2 ", "│ 50%"}},
		{"csv", []string{"section,item,n,value\n", "scope,worker,,w.ada\n", "closure_reasons,lost_contact,1,\n", "gas,mean_t_score,1,52.2\n",
			"instruments,phq9 mean_change,2,-6.5\n", "referrals,completion_rate_percent,4,50\n", "referrals,loop_closure_rate_percent,4,75\n",
			"contacts,mode home_visit,2,\n", "days,intake_to_plan_median,4,25.5\n"}},
	} {
		var buf bytes.Buffer
		if err := render(&buf, sample(), tc.format, e.Repo, cfg); err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s lacks %q:\n%s", tc.format, w, buf.String())
			}
		}
	}
}

func TestRenderMarkdownInEveryLanguage(t *testing.T) {
	e := cmdtest.New(t, "")
	for _, lang := range report.Languages {
		t.Run(lang, func(t *testing.T) {
			cat, err := report.Renderer{}.Catalog(lang)
			if err != nil {
				t.Fatal(err)
			}
			cfg := casefile.DefaultConfig()
			cfg.Language = lang
			cfg.Agency.Name = "Test agency"
			var buf bytes.Buffer
			if err := render(&buf, sample(), "md", e.Repo, cfg); err != nil {
				t.Fatal(err)
			}
			text := buf.String()
			for _, key := range []string{"outcomes", "outcomes_cases", "outcomes_closed_cases", "goal_outcomes", "instruments", "referrals",
				"outcomes_contacts", "outcomes_timeliness", "outcomes_completion_rate", "outcomes_loop_closure_rate", "outcomes_intake_to_plan",
				"outcomes_total", "outcomes_mean_t"} {
				if !strings.Contains(text, cat.Labels[key]) {
					t.Errorf("lacks the label %s (%q)", key, cat.Labels[key])
				}
			}
			for _, code := range []string{"goals_achieved", "lost_contact", "partially_achieved", "home_visit", "family"} {
				if !strings.Contains(text, cat.Codes[code]) {
					t.Errorf("lacks the code %s (%q)", code, cat.Codes[code])
				}
			}
			// Numbers in the language's notation: a decimal comma and a spaced % in fr and es.
			num := func(s string) string {
				if lang == "en" {
					return s
				}
				return strings.ReplaceAll(strings.ReplaceAll(s, ".", ","), "%", "\u00a0%")
			}
			for _, want := range []string{"Test agency", num("52.2"), "PHQ-9", num("| -6.5 |"), num("50% (2/4)"), num("75% (3/4)"), num("| 25.5 |"), num("| 100.5 |")} {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q", want)
				}
			}
			for _, residue := range []string{"<no value>", "{{", "}}", "%!", "\n\n\n", "0xc"} {
				if strings.Contains(text, residue) {
					t.Errorf("holds %q", residue)
				}
			}
			if t.Failed() {
				t.Log(text)
			}
		})
	}
}
