package review

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
)

// copyTree copies a folder of the sample repository.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// edit rewrites one file of a case with a regular expression.
func edit(t *testing.T, path, re, with string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := regexp.MustCompile(re).ReplaceAll(data, []byte(with))
	if string(out) == string(data) {
		t.Fatalf("%s: %s matched nothing", path, re)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// sampleWithHistories is the sample repository and three copies of its closed-then-reopened
// case with other histories: reopened the day it was closed (open), closed again the day it was
// reopened, written in the other order (closed), and never reopened, with referral news after
// the closure (closed, and counting in the week's figures).
func sampleWithHistories(t *testing.T) *repo.Repo {
	t.Helper()
	src, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, p := range []string{repo.ConfigFile, repo.CasesDir, "instruments", repo.PartnersDir} {
		if fi, err := os.Stat(filepath.Join(src, p)); err == nil && !fi.IsDir() {
			data, _ := os.ReadFile(filepath.Join(src, p))
			if err := os.WriteFile(filepath.Join(dir, p), data, 0o600); err != nil {
				t.Fatal(err)
			}
		} else if err == nil {
			copyTree(t, filepath.Join(src, p), filepath.Join(dir, p))
		}
	}
	base := filepath.Join(dir, "cases", "2026-06-22-y884k")
	if _, err := os.Stat(base); err != nil {
		t.Skip("the sample repository changed: no closed-then-reopened case 2026-06-22-y884k")
	}
	variant := func(id string) string {
		d := filepath.Join(dir, "cases", id)
		copyTree(t, base, d)
		return d
	}
	// Reopened the same day it was closed, written after the closure: open.
	d := variant("2026-06-22-aaaa1")
	edit(t, filepath.Join(d, "reopenings", "2026-11-09-jp8f0.yaml"), `(?m)^reopened_on: .*$`, "reopened_on: 2026-09-11")
	edit(t, filepath.Join(d, "reopenings", "2026-11-09-jp8f0.yaml"), `(?m)^recorded_at: .*$`, "recorded_at: 2026-09-11T15:00:00+02:00")
	// Reopened and closed the same day, the reopening written first: closed.
	d = variant("2026-06-22-aaaa2")
	edit(t, filepath.Join(d, "reopenings", "2026-11-09-jp8f0.yaml"), `(?m)^reopened_on: .*$`, "reopened_on: 2026-09-11")
	edit(t, filepath.Join(d, "reopenings", "2026-11-09-jp8f0.yaml"), `(?m)^recorded_at: .*$`, "recorded_at: 2026-09-11T09:00:00+02:00")
	// Never reopened: closed, with referral news after the closure (a referral completed).
	d = variant("2026-06-22-aaaa3")
	if err := os.RemoveAll(filepath.Join(d, "reopenings")); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(d, "referral-updates", "2026-11-18-yhbe3.yaml"), `(?m)^status: in_progress$`, "status: completed")
	r, err := repo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestScanMatchesFullLoad holds the review that reads closed cases by their status entries (and
// their referrals only when named within the fortnight), with and without the cache, to the
// review of every file of every case, on every day of the sample's history and for each kind of
// history: same-day closure and reopening in both orders, a closed case with referral news.
func TestScanMatchesFullLoad(t *testing.T) {
	r := sampleWithHistories(t)
	rules := casefile.Rules{Config: casefile.DefaultConfig()}
	cases, _, err := r.LoadAll(repo.LoadOptions{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]bool{}
	figures := 0 // days the closed copy's referral news counts in the week's figures
	check := func(asOf dates.Date, opts caseload.ReviewOptions) {
		want := asJSON(t, caseload.CaseloadReview(cases, asOf, rules.Config, opts))
		for _, run := range []string{"cold", "warm"} {
			rv, covered, _, err := scan(r, rules, asOf, opts, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := asJSON(t, rv); got != want {
				t.Fatalf("%s review as of %s (%+v) differs from the full load:\n got %s\nwant %s", run, asOf, opts, got, want)
			}
			// The cases a disclosure under a profile names: the open cases the review counts.
			if got, want := strings.Join(covered, " "), strings.Join(reviewed(cases, asOf, opts.Worker, opts.Cases), " "); got != want {
				t.Fatalf("%s review as of %s (%+v) covers %q, want %q", run, asOf, opts, got, want)
			}
		}
	}
	for asOf := dates.MustParse("2026-08-30"); asOf.Before(dates.MustParse("2026-12-20")); asOf = asOf.AddDays(6) {
		check(asOf, caseload.ReviewOptions{})
		for _, c := range cases {
			statuses[c.ID[11:]+" "+caseload.Derive(c, asOf).Status] = true
		}
		in := caseload.CaseloadReview(cases, asOf, rules.Config, caseload.ReviewOptions{Cases: []string{"2026-06-22-aaaa3"}}).Indicators
		if in.ReferralsCompleted14 > 0 {
			figures++
		}
	}
	for _, asOf := range []string{"2026-09-11", "2026-11-23", "2026-12-01"} {
		check(dates.MustParse(asOf), caseload.ReviewOptions{Worker: "a.martin"})
		check(dates.MustParse(asOf), caseload.ReviewOptions{Cases: []string{"2026-06-22-aaaa3", "2026-06-22-aaaa1"}})
	}
	// The histories are what the test means them to be.
	for _, want := range []string{"aaaa1 accepted", "aaaa2 closed", "aaaa3 closed", "y884k closed", "y884k accepted"} {
		if !statuses[want] {
			t.Errorf("no day has %s", want)
		}
	}
	for _, c := range cases {
		st := caseload.Derive(c, dates.MustParse("2026-09-11"))
		if c.ID == "2026-06-22-aaaa2" && st.Status != caseload.Closed {
			t.Errorf("aaaa2 was meant to be closed at the end of 2026-09-11, not %s", st.Status)
		}
		if c.ID == "2026-06-22-aaaa1" && (st.Status != caseload.Accepted || st.Episode != 2) {
			t.Errorf("aaaa1 was meant to be in its second episode at the end of 2026-09-11, not %s (%d)", st.Status, st.Episode)
		}
	}
	if figures == 0 {
		t.Error("the closed copy's completed referral never counted in the week's figures")
	}
}

// TestRecentReferral is the name rule: a referral or update named in the fortnight ending the
// date of the review, or later, is read; one named before is not; a name that is not an id is.
func TestRecentReferral(t *testing.T) {
	from := dates.MustParse("2026-11-23").AddDays(-13).String() // 2026-11-10
	for rel, want := range map[string]bool{
		"referrals/2026-11-10-abcde.yaml":        true,
		"referral-updates/2026-11-09-abcde.yaml": false,
		"referral-updates/2026-12-01-abcde.yaml": true,
		"referral-updates/notes.txt":             true,
		"notes/2026-11-20-abcde.yaml":            false,
		"referrals/2025-01-01-abcdef.yaml":       false,
	} {
		if got := recentReferral(rel, from); got != want {
			t.Errorf("recentReferral(%s) = %v, want %v", rel, got, want)
		}
	}
}

// reviewed lists the cases a caseload review covers: the open ones, of the worker and cases
// asked for.
func reviewed(cases []*casefile.Case, asOf dates.Date, worker string, only []string) []string {
	var out []string
	for _, c := range cases {
		if c.Intake == nil || (len(only) > 0 && !slices.Contains(only, c.ID)) {
			continue
		}
		st := caseload.Derive(c, asOf)
		if !caseload.IsOpen(st.Status) || (worker != "" && st.Worker != worker) {
			continue
		}
		out = append(out, c.ID)
	}
	return out
}
