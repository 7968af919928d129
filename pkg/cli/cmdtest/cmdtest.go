// Package cmdtest builds factories over a fresh case repository for the tests of commands.
package cmdtest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
)

// Env is a test's whole environment: a repository, streams and variables.
type Env struct {
	F      *cmdutil.Factory
	Repo   *repo.Repo
	In     *strings.Reader
	Out    *bytes.Buffer
	ErrOut *bytes.Buffer
	Vars   map[string]string
}

// New creates a repository (agency "Test agency", area north) and a factory over it, with the
// clock pinned to 2026-11-23 and the practitioner w.test. stdin holds input.
func New(t *testing.T, input string) *Env {
	t.Helper()
	dir := t.TempDir()
	r, err := repo.Init(dir, repo.InitOptions{Agency: "Test agency", Areas: []string{"north"}, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Repo: r, In: strings.NewReader(input), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{},
		Vars: map[string]string{
			"HOME": t.TempDir(), "CASEWORK_TODAY": "2026-11-23T10:00:00Z",
			"CASEWORK_WORKER_ID": "w.test", "CASEWORK_LOCK_TIMEOUT": "0",
		}}
	e.F = &cmdutil.Factory{
		IO:        &cmdutil.IOStreams{In: e.In, Out: e.Out, ErrOut: e.ErrOut},
		Getenv:    func(k string) string { return e.Vars[k] },
		Getwd:     func() (string, error) { return dir, nil },
		GitConfig: func(string, string) string { return "" },
	}
	return e
}
