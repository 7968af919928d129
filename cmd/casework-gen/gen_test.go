package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/check"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
)

var testToday = dates.MustParse("2026-11-23")

func gen(t *testing.T, dir string, n int, openOnly bool) stats {
	t.Helper()
	st, err := generate(options{N: n, Seed: 7, Out: dir, Today: testToday, OpenFraction: 0.2, OpenOnly: openOnly, Jobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// The generated repository passes casework check with no error.
func TestGeneratedRepositoryPassesCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	st := gen(t, dir, 60, false)
	if st.Cases != 60 || st.Open != 12 || st.Written != 60 {
		t.Fatalf("cases %d, open %d, written %d: want 60, 12, 60", st.Cases, st.Open, st.Written)
	}
	if per := float64(st.Files) / 60; per < 30 || per > 50 {
		t.Errorf("%.1f files per case, want about 40", per)
	}
	r, err := repo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rules := casefile.Rules{Today: testToday, Config: casefile.DefaultConfig()}
	ps, err := check.Problems(r, rules)
	if err != nil {
		t.Fatal(err)
	}
	warnings := 0
	for _, p := range ps {
		if p.Warning {
			warnings++
			continue
		}
		t.Errorf("check: %s", p)
	}
	t.Logf("%d files, %d bytes, %d warnings", st.Files, st.Bytes, warnings)
	// Every case folder has the layout casework reads, and the closed ones a closure.
	cases, _, err := r.LoadAll(repo.LoadOptions{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	closed := 0
	for _, c := range cases {
		if len(c.Closures) > 0 {
			closed++
		}
		if c.Plan == nil || len(c.Assessments) != 2 || len(c.Referrals) != 2 || len(c.Consents) != 1 || len(c.Reviews) != 1 || len(c.Notes) < 20 {
			t.Errorf("case %s: plan %v, %d assessments, %d referrals, %d consents, %d reviews, %d notes", c.ID,
				c.Plan != nil, len(c.Assessments), len(c.Referrals), len(c.Consents), len(c.Reviews), len(c.Notes))
		}
	}
	if closed != 48 {
		t.Errorf("%d closed cases, want 48", closed)
	}
}

// The same seed gives the same tree, byte for byte; -open-only writes the same open cases.
func TestDeterministic(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	b := filepath.Join(t.TempDir(), "b")
	o := filepath.Join(t.TempDir(), "o")
	gen(t, a, 60, false)
	gen(t, b, 60, false)
	st := gen(t, o, 60, true)
	ta, tb, to := tree(t, a), tree(t, b), tree(t, o)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for p, data := range ta {
		if !bytes.Equal(data, tb[p]) {
			t.Errorf("%s differs between two runs with the same seed", p)
		}
	}
	open := map[string]bool{}
	for _, id := range st.OpenIDs {
		open[id] = true
	}
	n := 0
	for p, data := range ta {
		parts := strings.Split(p, "/")
		if parts[0] != repo.CasesDir || len(parts) < 3 || !open[parts[1]] {
			continue
		}
		n++
		if !bytes.Equal(data, to[p]) {
			t.Errorf("%s: -open-only wrote a different file", p)
		}
	}
	if n == 0 || st.Written != 12 {
		t.Errorf("-open-only: %d open-case files compared, %d cases written", n, st.Written)
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
