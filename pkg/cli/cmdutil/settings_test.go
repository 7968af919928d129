package cmdutil

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/pflag"
)

// testFactory returns a factory over a fresh repository, with env as the whole environment.
func testFactory(t *testing.T, env map[string]string) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	if _, err := repo.Init(dir, repo.InitOptions{Agency: "Test agency", Areas: []string{"north"}, Language: "fr"}); err != nil {
		t.Fatal(err)
	}
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = t.TempDir()
	}
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:        &IOStreams{In: &bytes.Buffer{}, Out: &out, ErrOut: &errOut},
		Getenv:    func(k string) string { return env[k] },
		Getwd:     func() (string, error) { return dir, nil },
		GitConfig: func(string, string) string { return "" },
	}
	return f, &out, &errOut
}

func TestSettingsPrecedence(t *testing.T) {
	home := t.TempDir()
	userCfg := filepath.Join(home, ".config", "casework", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(userCfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(userCfg, []byte("worker:\n  id: u.user\n  name: User Name\nlanguage: es\nreview:\n  plan_review_days: 60\n  intake_decision_days: 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, _, _ := testFactory(t, map[string]string{
		"HOME":                                 home,
		"CASEWORK_REVIEW_PLAN_MISSING_DAYS":    "21",
		"CASEWORK_REVIEW_INTAKE_DECISION_DAYS": "2",
	})
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("lang", "", "")
	if err := fs.Parse([]string{"--lang", "en"}); err != nil {
		t.Fatal(err)
	}
	f.BindFlag("language", fs.Lookup("lang"))
	s, err := f.Settings()
	if err != nil {
		t.Fatal(err)
	}
	r, _ := f.Repo()
	repoCfg := r.Abs(repo.ConfigFile)
	cases := []struct {
		key, source string
		got, want   any
	}{
		{"worker.id", userCfg, s.Config.Worker.ID, "u.user"},                     // user file only
		{"language", "flag --lang", s.Config.Language, "en"},                     // flag beats env, repo (fr) and user (es)
		{"review.plan_review_days", repoCfg, s.Config.Review.PlanReviewDays, 90}, // repo file beats user file
		{"review.plan_missing_days", "env CASEWORK_REVIEW_PLAN_MISSING_DAYS", s.Config.Review.PlanMissingDays, 21},
		{"review.intake_decision_days", "env CASEWORK_REVIEW_INTAKE_DECISION_DAYS", s.Config.Review.IntakeDecisionDays, 2},
		{"agency.name", repoCfg, s.Config.Agency.Name, "Test agency"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.key, c.got, c.want)
		}
		if s.Sources[c.key] != c.source {
			t.Errorf("source of %s = %q, want %q", c.key, s.Sources[c.key], c.source)
		}
	}
	if got := s.Config.ContactFrequency["high"]; got != 7 {
		t.Errorf("contact_frequency_days.high = %d, want the default 7", got)
	}
}

func TestSettingsDefaultsWithoutFiles(t *testing.T) {
	f := &Factory{
		IO:     &IOStreams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}},
		Getenv: func(k string) string { return map[string]string{"HOME": t.TempDir()}[k] },
		Getwd:  func() (string, error) { return t.TempDir(), nil },
	}
	s, err := f.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if s.Config.Review.ReopenWindowDays != 90 || s.Sources["review.reopen_window_days"] != "default" {
		t.Errorf("reopen window = %d from %q, want default 90", s.Config.Review.ReopenWindowDays, s.Sources["review.reopen_window_days"])
	}
	if len(s.Files) != 0 {
		t.Errorf("files read = %v, want none", s.Files)
	}
}

func TestSettingsRejectsBrokenConfigWithLine(t *testing.T) {
	f, _, _ := testFactory(t, nil)
	r, _ := f.Repo()
	if err := os.WriteFile(r.Abs(repo.ConfigFile), []byte("schema_version: 1\nagency:\n  name: X\nreveiw:\n  plan_review_days: 10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := f.Settings()
	pe, ok := err.(*ProblemsError)
	if !ok {
		t.Fatalf("err = %v, want *ProblemsError", err)
	}
	if len(pe.Problems) != 1 || pe.Problems[0].Line != 4 || pe.Problems[0].Col != 1 {
		t.Fatalf("problems = %v, want one at 4:1", pe.Problems)
	}
	if want := `unknown field "reveiw" (did you mean "review"?)`; pe.Problems[0].Msg != want {
		t.Errorf("message = %q, want %q", pe.Problems[0].Msg, want)
	}
}

func TestWorkerNeedsAnIdentity(t *testing.T) {
	f, _, _ := testFactory(t, map[string]string{"CASEWORK_WORKER_ID": "w.one"})
	w, err := f.Worker()
	if err != nil || w.ID != "w.one" || w.Name != "w.one" {
		t.Fatalf("Worker() = %+v, %v; want w.one named after its id", w, err)
	}
}

func TestWorkerFallsBackToGit(t *testing.T) {
	f, _, _ := testFactory(t, nil)
	f.GitConfig = func(_, key string) string {
		return map[string]string{"user.email": "Marie.Curie@example.org", "user.name": "Marie Curie"}[key]
	}
	w, err := f.Worker()
	if err != nil || w.ID != "marie.curie" || w.Name != "Marie Curie" {
		t.Fatalf("Worker() = %+v, %v; want marie.curie / Marie Curie from git", w, err)
	}
	f2, _, _ := testFactory(t, nil)
	if _, err := f2.Worker(); err == nil {
		t.Fatal("Worker() with no identity anywhere should fail")
	} else if h, ok := err.(*HintError); !ok || h.Hint == "" {
		t.Errorf("the error should say how to set an identity, got %v", err)
	}
}

func TestClockFromEnvAndFlag(t *testing.T) {
	f, _, _ := testFactory(t, map[string]string{"CASEWORK_TODAY": "2026-11-23"})
	d, err := f.Today()
	if err != nil || d.String() != "2026-11-23" {
		t.Fatalf("Today() = %v, %v", d, err)
	}
	f.TodayFlag = "2026-01-05"
	if d, _ := f.Today(); d.String() != "2026-01-05" {
		t.Errorf("--today should win over CASEWORK_TODAY, got %v", d)
	}
	f.TodayFlag = "2026-02-30"
	if _, err := f.Today(); err == nil {
		t.Error("an impossible --today date was accepted")
	} else if _, ok := err.(*FlagError); !ok {
		t.Errorf("bad --today should be a usage error, got %T", err)
	}
	d2, err := f.ParseDate("date", "+1w")
	if err == nil {
		t.Errorf("ParseDate after a bad clock = %v, want the clock's error", d2)
	}
}
