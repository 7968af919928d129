package repo

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

const peopleYAML = `schema_version: 1
people:
  - id: P-4k9x
    name: Awa Diallo
    birth_date: 1961-04-02
`

const intakeYAML = `schema_version: 1
recorded_at: 2026-11-22T10:15:00+01:00
recorded_by: a.martin
case_kind: individual
received_on: 2026-11-22
client: P-4k9x
referral_source: self
engagement: voluntary
request: Rent arrears
priority: urgent
immediate_risk: moderate
area: furong
decision: pending
`

const decisionYAML = `schema_version: 1
recorded_at: 2026-11-22T15:00:00Z
recorded_by: b.chen
decision: accept
decided_on: 2026-11-22
worker: b.chen
`

// brokenDecisionYAML has a bad code on line 4.
const brokenDecisionYAML = `schema_version: 1
recorded_at: 2026-11-22T16:00:00Z
recorded_by: b.chen
decision: acept
`

func rules() casefile.Rules {
	return casefile.Rules{Today: dates.MustParse("2026-11-23"), Config: casefile.DefaultConfig()}
}

func newRepo(t *testing.T) *Repo {
	t.Helper()
	r, err := Init(t.TempDir(), InitOptions{Agency: "Service social", Areas: []string{"furong"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func caseFiles() map[string][]byte {
	return map[string][]byte{"people.yaml": []byte(peopleYAML), "intake.yaml": []byte(intakeYAML)}
}

func mode(t *testing.T, p string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestNewIDShape(t *testing.T) {
	// Crockford base32 in lower case: no i, l, o or u.
	shape := regexp.MustCompile(`^2026-11-22-[0123456789abcdefghjkmnpqrstvwxyz]{6}$`)
	d := dates.MustParse("2026-11-22")
	for i := 0; i < 1000; i++ {
		id := NewID(d)
		if !shape.MatchString(id) || !IsID(id) {
			t.Fatalf("NewID = %q", id)
		}
	}
	person := regexp.MustCompile(`^P-[0123456789abcdefghjkmnpqrstvwxyz]{4}$`)
	for i := 0; i < 1000; i++ {
		if id := NewPersonID(); !person.MatchString(id) {
			t.Fatalf("NewPersonID = %q", id)
		}
	}
	// Five random characters, as earlier versions wrote, are still ids.
	if !IsID("2026-11-22-k7f3m") {
		t.Error("a five-character id written by an earlier version is refused")
	}
	for _, s := range []string{"2026-11-22-K7F3M", "2026-11-22-k7f3", "2026-11-22-k7f3mmm", "2026-11-22-k7fim", "2026-11-22-k7fom", "26-11-22-k7f3m", "2026-11-22_k7f3m", ""} {
		if IsID(s) {
			t.Errorf("IsID(%q) = true", s)
		}
	}
}

// TestNewIDSpread checks that the random part is spread over the whole alphabet. It does not
// demand 10,000 distinct ids: with 32^6 ≈ 1.07 billion suffixes, 10,000 ids of one day hold about
// 0.05 colliding pairs on average (birthday bound), so such a test would still fail now and then.
// Collisions are handled where it matters: open draws again while the id exists, and CreateCase
// refuses an existing folder (TestCreateCaseRefusesExisting).
func TestNewIDSpread(t *testing.T) {
	const n = 10000
	d := dates.MustParse("2026-11-22")
	seen := make(map[string]bool, n)
	dups := 0
	var counts [suffixLen]map[rune]int
	for i := range counts {
		counts[i] = map[rune]int{}
	}
	for i := 0; i < n; i++ {
		id := NewID(d)
		if seen[id] {
			dups++
		}
		seen[id] = true
		for j, c := range id[11:] {
			counts[j][c]++
		}
	}
	// P(more than 10 collisions) is below one in a million for a uniform generator.
	if dups > 10 {
		t.Errorf("%d duplicate ids among %d: the random part is not random enough", dups, n)
	}
	for j, m := range counts {
		if len(m) != len(alphabet) {
			t.Errorf("position %d uses %d of the %d characters", j, len(m), len(alphabet))
		}
		for c, k := range m {
			// Expected n/32 = 312.5 with a standard deviation of about 17.
			if k < 200 || k > 450 {
				t.Errorf("position %d: %q appears %d times out of %d", j, c, k, n)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	ids := []string{"2026-11-22-k7f3m", "2026-11-02-rgyqb", "2026-10-20-nbfjy", "2026-11-16-mn9y9", "2026-06-03-5yvvt", "2026-09-01-k7a00"}
	tests := []struct {
		in        string
		want      string
		ambiguous []string
		notFound  bool
	}{
		{in: "2026-11-16-mn9y9", want: "2026-11-16-mn9y9"},
		{in: "2026-10", want: "2026-10-20-nbfjy"},
		{in: "2026-11-2", want: "2026-11-22-k7f3m"},
		{in: "2026-11", ambiguous: []string{"2026-11-02-rgyqb", "2026-11-16-mn9y9", "2026-11-22-k7f3m"}},
		{in: "k7f3m", want: "2026-11-22-k7f3m"},
		{in: "k7f", want: "2026-11-22-k7f3m"},
		{in: "k7", ambiguous: []string{"2026-09-01-k7a00", "2026-11-22-k7f3m"}},
		{in: "K7F3M", want: "2026-11-22-k7f3m"},
		{in: "2026-11-22-K7F3M", want: "2026-11-22-k7f3m"},
		{in: "  2026-06 ", want: "2026-06-03-5yvvt"},
		{in: "", notFound: true},
		{in: "   ", notFound: true},
		{in: "zzzzz", notFound: true},
		{in: "2025", notFound: true},
		{in: "2026-11-22-k7f3mx", notFound: true},
	}
	for _, tt := range tests {
		got, err := Match(ids, tt.in)
		switch {
		case tt.notFound:
			var nf *NotFoundError
			if !errors.As(err, &nf) || nf.Prefix != tt.in || got != "" {
				t.Errorf("Match(%q) = %q, %v; want *NotFoundError", tt.in, got, err)
			}
		case tt.ambiguous != nil:
			var amb *AmbiguousError
			if !errors.As(err, &amb) || got != "" {
				t.Errorf("Match(%q) = %q, %v; want *AmbiguousError", tt.in, got, err)
				continue
			}
			if !reflect.DeepEqual(amb.Candidates, tt.ambiguous) {
				t.Errorf("Match(%q) candidates = %v, want %v", tt.in, amb.Candidates, tt.ambiguous)
			}
			for _, c := range tt.ambiguous {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("error %q does not name %s", err, c)
				}
			}
		default:
			if err != nil || got != tt.want {
				t.Errorf("Match(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		}
	}
	if _, err := Match(nil, "2026"); err == nil {
		t.Error("Match on no ids succeeded")
	}
}

func TestFind(t *testing.T) {
	r := newRepo(t)
	nested := filepath.Join(r.Root, "cases", "a", "b")
	if err := os.MkdirAll(nested, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{r.Root, nested} {
		got, err := Find(start)
		if err != nil || got.Root != r.Root {
			t.Errorf("Find(%s) = %v, %v; want root %s", start, got, err, r.Root)
		}
	}

	outside := t.TempDir()
	// A folder named casework.yaml is not a configuration.
	if err := os.Mkdir(filepath.Join(outside, ConfigFile), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Find(outside)
	if !errors.Is(err, ErrNoRepo) {
		t.Fatalf("Find outside a repository: %v, want ErrNoRepo", err)
	}
	var nr *NoRepoError
	if !errors.As(err, &nr) || nr.Start != outside || !strings.Contains(err.Error(), outside) {
		t.Errorf("error %v does not say where casework looked", err)
	}

	if got, err := Open(r.Root); err != nil || got.Root != r.Root {
		t.Errorf("Open(root) = %v, %v", got, err)
	}
	if _, err := Open(nested); !errors.Is(err, ErrNoRepo) {
		t.Errorf("Open(subfolder) = %v, want ErrNoRepo", err)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	r, err := Init(dir, InitOptions{Agency: "Service social Furong", Areas: []string{"furong", "nord"}, Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Root != dir {
		t.Errorf("Root = %q, want %q", r.Root, dir)
	}
	if m := mode(t, filepath.Join(dir, ConfigFile)); m != 0o600 {
		t.Errorf("casework.yaml mode %v, want 0600", m)
	}
	if m := mode(t, filepath.Join(dir, CasesDir)); m != 0o700 {
		t.Errorf("cases/ mode %v, want 0700", m)
	}
	ignore, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"/.casework/", ".*.tmp-*", "/cases/.new-*"} {
		if !strings.Contains(string(ignore), "\n"+line+"\n") {
			t.Errorf(".gitignore lacks %q:\n%s", line, ignore)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, CasesDir, ".gitkeep")); err != nil {
		t.Errorf("cases/.gitkeep: %v", err)
	}
	cfgText, err := r.ReadConfig()
	if err != nil {
		t.Fatal(err)
	}
	v, _, ps := casefile.Decode(ConfigFile, casefile.KindConfig, cfgText, rules())
	if len(ps) != 0 {
		t.Fatalf("written config has problems: %v", ps)
	}
	cfg := v.(*casefile.Config)
	if cfg.Agency.Name != "Service social Furong" || !reflect.DeepEqual(cfg.Agency.Areas, []string{"furong", "nord"}) || cfg.Language != "fr" {
		t.Errorf("written config = %+v", cfg.Agency)
	}

	// A second init changes nothing.
	_, err = Init(dir, InitOptions{Agency: "Other", Language: "es"})
	if err == nil || !strings.Contains(err.Error(), "already a case repository") {
		t.Fatalf("second Init: %v", err)
	}
	again, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil || !bytes.Equal(again, cfgText) {
		t.Errorf("second Init changed casework.yaml:\n%s", again)
	}
}

func TestInitRefusals(t *testing.T) {
	// A folder holding cases/ but no casework.yaml is not made a repository over its contents.
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, CasesDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(dir, InitOptions{}); err == nil {
		t.Error("Init over an existing cases/ folder succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, ConfigFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("casework.yaml written despite the refusal: %v", err)
	}

	// An invalid setting is caught before anything is written.
	dir = t.TempDir()
	if _, err := Init(dir, InitOptions{Language: "de"}); err == nil || !strings.Contains(err.Error(), "language") {
		t.Errorf("Init with language de: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a refused Init left %d entries behind", len(ents))
	}

	// An existing .gitignore is kept as it is.
	dir = t.TempDir()
	own := []byte("*.bak\n")
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), own, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(dir, InitOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); !bytes.Equal(got, own) {
		t.Errorf("Init replaced .gitignore with\n%s", got)
	}
}

func TestConfigText(t *testing.T) {
	fr := casefile.DefaultConfig()
	fr.Agency = casefile.Agency{Name: `Service "Sud": accueil #1`, Areas: []string{"Saint-Étienne", "nord: est", "yes"}}
	fr.Language = "fr"
	fr.Review.LongOpenDays = []int{90, 180, 365}
	fr.Review.LostContactAttempts = 2
	fr.ContactFrequency = map[string]int{"critical": 2, "high": 5, "moderate": 10, "low": 20, "none": 60}
	fr.Git.Commit = false
	noName := casefile.DefaultConfig()
	noName.Agency.Areas = []string{}
	for _, cfg := range []casefile.Config{fr, noName} {
		text, err := ConfigText(cfg)
		if err != nil {
			t.Fatal(err)
		}
		v, _, ps := casefile.Decode(ConfigFile, casefile.KindConfig, text, casefile.Rules{Config: cfg})
		if len(ps) != 0 {
			t.Fatalf("ConfigText output has problems %v:\n%s", ps, text)
		}
		// Every setting survives: the comments and layout do not lose or change a value.
		if got := *v.(*casefile.Config); !reflect.DeepEqual(got, cfg) {
			t.Errorf("ConfigText then Decode\n got %+v\nwant %+v\n%s", got, cfg, text)
		}
	}
}

func TestCreateCase(t *testing.T) {
	r := newRepo(t)
	id := "2026-11-22-k7f3m"
	files := caseFiles()
	files["decisions/2026-11-22-ab123.yaml"] = []byte(decisionYAML)
	if err := r.CreateCase(id, files); err != nil {
		t.Fatal(err)
	}
	dir := r.Abs(CaseDir(id))
	for _, d := range []string{dir, filepath.Join(dir, "decisions")} {
		if m := mode(t, d); m != 0o700 {
			t.Errorf("%s mode %v, want 0700", d, m)
		}
	}
	for name, want := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s mode %v, want 0600", name, m)
		}
		if got, _ := os.ReadFile(p); !bytes.Equal(got, want) {
			t.Errorf("%s holds %q", name, got)
		}
	}
	ents, err := os.ReadDir(r.Abs(CasesDir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{".gitkeep", id}) {
		t.Errorf("cases/ holds %v, want only .gitkeep and the case (no hidden temp folder)", names)
	}

	if err := r.CreateCase("2026-11-22-K7F3M", caseFiles()); err == nil {
		t.Error("CreateCase accepted an invalid id")
	}
}

func TestCreateCaseRefusesExisting(t *testing.T) {
	r := newRepo(t)
	id := "2026-11-22-k7f3m"
	if err := r.CreateCase(id, caseFiles()); err != nil {
		t.Fatal(err)
	}
	other := map[string][]byte{"people.yaml": []byte("schema_version: 1\npeople: []\n"), "intake.yaml": []byte("x"), "extra.yaml": []byte("y")}
	err := r.CreateCase(id, other)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("CreateCase over an existing case: %v, want fs.ErrExist", err)
	}
	for name, want := range caseFiles() {
		if got, _ := os.ReadFile(r.Abs(CaseDir(id) + "/" + name)); !bytes.Equal(got, want) {
			t.Errorf("%s changed to %q", name, got)
		}
	}
	if _, err := os.Stat(r.Abs(CaseDir(id) + "/extra.yaml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("extra.yaml written into the existing case: %v", err)
	}
	ents, _ := os.ReadDir(r.Abs(CasesDir))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".new-") {
			t.Errorf("temp folder %s left behind", e.Name())
		}
	}
}

func TestAddEntry(t *testing.T) {
	r := newRepo(t)
	id := "2026-11-22-k7f3m"
	if err := r.CreateCase(id, caseFiles()); err != nil {
		t.Fatal(err)
	}
	rel, err := r.AddEntry(id, "decisions", "2026-11-22-ab123", []byte(decisionYAML))
	if err != nil {
		t.Fatal(err)
	}
	if rel != "cases/2026-11-22-k7f3m/decisions/2026-11-22-ab123.yaml" {
		t.Errorf("AddEntry path = %q", rel)
	}
	if m := mode(t, r.Abs(rel)); m != 0o600 {
		t.Errorf("entry mode %v, want 0600", m)
	}
	if m := mode(t, filepath.Dir(r.Abs(rel))); m != 0o700 {
		t.Errorf("entry folder mode %v, want 0700", m)
	}
	_, err = r.AddEntry(id, "decisions", "2026-11-22-ab123", []byte("replaced"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second AddEntry: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(r.Abs(rel)); string(got) != decisionYAML {
		t.Errorf("entry overwritten with %q", got)
	}
	if _, err := r.AddEntry(id, "decisions", "../../x", []byte("x")); err == nil {
		t.Error("AddEntry accepted an invalid entry id")
	}
	ents, _ := os.ReadDir(filepath.Dir(r.Abs(rel)))
	if len(ents) != 1 {
		t.Errorf("decisions/ holds %d files, want 1 (no temp file left)", len(ents))
	}

	if err := r.ReplaceFile(CaseDir(id)+"/people.yaml", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(r.Abs(CaseDir(id) + "/people.yaml")); string(got) != "new" {
		t.Errorf("ReplaceFile left %q", got)
	}
}

func TestLoadCase(t *testing.T) {
	r := newRepo(t)
	id := "2026-11-22-k7f3m"
	files := caseFiles()
	files["decisions/2026-11-22-ab123.yaml"] = []byte(decisionYAML)
	files["decisions/2026-11-22-cd456.yaml"] = []byte(brokenDecisionYAML)
	files["decisions/.2026-11-22-ef789.yaml.tmp-1234"] = []byte("half written")
	if err := r.CreateCase(id, files); err != nil {
		t.Fatal(err)
	}
	c, ps, err := r.LoadCase(id, LoadOptions{Rules: rules(), KeepNodes: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.People == nil || c.Intake == nil || c.Intake.Client != "P-4k9x" {
		t.Fatalf("people or intake not loaded: %+v", c)
	}
	if len(c.Decisions) != 1 || c.Decisions[0].ID != "2026-11-22-ab123" || c.Decisions[0].V.Worker != "b.chen" ||
		c.Decisions[0].Path != "cases/2026-11-22-k7f3m/decisions/2026-11-22-ab123.yaml" {
		t.Errorf("decisions = %+v", c.Decisions)
	}
	want := []casefile.Problem{{Path: "cases/2026-11-22-k7f3m/decisions/2026-11-22-cd456.yaml", Line: 4, Col: 11,
		Msg: `decision: "acept" is not a known code (did you mean "accept"?); use pending, accept, redirect or not_accept`}}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("problems = %v, want %v", ps, want)
	}
	for _, p := range []string{c.PeoplePath(), c.IntakePath(), "cases/2026-11-22-k7f3m/decisions/2026-11-22-cd456.yaml"} {
		if c.Nodes[p] == nil {
			t.Errorf("no YAML tree kept for %s", p)
		}
	}
	if c.ID != id || c.Dir != "cases/"+id {
		t.Errorf("ID %q Dir %q", c.ID, c.Dir)
	}
}

func TestLoadCaseOddContents(t *testing.T) {
	r := newRepo(t)
	id := "2026-11-22-k7f3m"
	files := map[string][]byte{
		"intake.yaml":                 []byte(intakeYAML),
		"notes.txt":                   []byte("x"),
		"plans/2026-11-22-ab123.yaml": []byte("x"),
		"closures/summary.yaml":       []byte("x"),
	}
	if err := r.CreateCase(id, files); err != nil {
		t.Fatal(err)
	}
	c, ps, err := r.LoadCase(id, LoadOptions{Rules: rules()})
	if err != nil {
		t.Fatal(err)
	}
	if c.Intake == nil || c.People != nil || c.Nodes != nil {
		t.Errorf("case = %+v", c)
	}
	got := map[string]bool{}
	for _, p := range ps {
		got[p.Path+" "+boolWord(p.Warning)] = true
	}
	for _, want := range []string{
		"cases/2026-11-22-k7f3m/people.yaml error",
		"cases/2026-11-22-k7f3m/notes.txt warning",
		"cases/2026-11-22-k7f3m/plans warning",
		"cases/2026-11-22-k7f3m/closures/summary.yaml warning",
	} {
		if !got[want] {
			t.Errorf("no problem %q in %v", want, ps)
		}
	}
	if len(ps) != 4 {
		t.Errorf("%d problems, want 4: %v", len(ps), ps)
	}

	if _, _, err := r.LoadCase("2026-01-01-00000", LoadOptions{}); err == nil {
		t.Error("LoadCase of a missing case succeeded")
	}
}

func boolWord(warning bool) string {
	if warning {
		return "warning"
	}
	return "error"
}

func TestLoadAll(t *testing.T) {
	r := newRepo(t)
	good, bad1, bad2 := "2026-11-20-aaaaa", "2026-11-21-bbbbb", "2026-11-22-ccccc"
	if err := r.CreateCase(good, caseFiles()); err != nil {
		t.Fatal(err)
	}
	f1 := caseFiles()
	f1["intake.yaml"] = []byte(strings.Replace(intakeYAML, "priority: urgent", "priority: soon", 1))
	if err := r.CreateCase(bad1, f1); err != nil {
		t.Fatal(err)
	}
	f2 := caseFiles()
	f2["people.yaml"] = []byte("schema_version: 1\npeople:\n  - id: P-4k9x\n    nam: Awa\n")
	if err := r.CreateCase(bad2, f2); err != nil {
		t.Fatal(err)
	}
	cases, ps, err := r.LoadAll(LoadOptions{Rules: rules()})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cases {
		ids = append(ids, c.ID)
	}
	if !reflect.DeepEqual(ids, []string{good, bad1, bad2}) {
		t.Errorf("loaded %v", ids)
	}
	paths := map[string]int{}
	for _, p := range ps {
		paths[p.Path]++
	}
	if paths[CaseDir(bad1)+"/intake.yaml"] != 1 || paths[CaseDir(bad2)+"/people.yaml"] == 0 || len(paths) != 2 {
		t.Errorf("problems %v: want problems of both broken cases, none of the good one", ps)
	}
	if cases[0].Intake == nil || cases[1].Intake != nil || cases[1].People == nil || cases[2].People != nil {
		t.Error("a broken file was half-read or a good one dropped")
	}
}

func TestCaseIDsAndStrayEntries(t *testing.T) {
	r := newRepo(t)
	for _, id := range []string{"2026-11-22-k7f3m", "2026-06-03-5yvvt"} {
		if err := r.CreateCase(id, caseFiles()); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(r.Abs("cases/notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(r.Abs("cases/old-case"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(r.Abs("cases/.new-2026-11-22-zzzzz-123"), 0o700); err != nil {
		t.Fatal(err)
	}
	ids, err := r.CaseIDs()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []string{"2026-06-03-5yvvt", "2026-11-22-k7f3m"}) {
		t.Errorf("CaseIDs = %v", ids)
	}
	if got, err := r.Resolve("k7f"); err != nil || got != "2026-11-22-k7f3m" {
		t.Errorf("Resolve(k7f) = %q, %v", got, err)
	}
	ps, err := r.StrayEntries()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range ps {
		if !p.Warning {
			t.Errorf("stray entry %v is not a warning", p)
		}
		paths = append(paths, p.Path)
	}
	sort.Strings(paths)
	if !reflect.DeepEqual(paths, []string{"cases/notes.txt", "cases/old-case"}) {
		t.Errorf("StrayEntries = %v", ps)
	}

	if err := os.RemoveAll(r.Abs(CasesDir)); err != nil {
		t.Fatal(err)
	}
	ps, err = r.StrayEntries()
	if err != nil || len(ps) != 1 || ps[0].Path != CasesDir || ps[0].Warning {
		t.Errorf("StrayEntries without cases/ = %v, %v", ps, err)
	}
	if ids, err := r.CaseIDs(); err != nil || len(ids) != 0 {
		t.Errorf("CaseIDs without cases/ = %v, %v", ids, err)
	}
}
