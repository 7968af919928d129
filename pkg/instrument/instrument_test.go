package instrument

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
)

func builtin(t testing.TB, id string) *Definition {
	t.Helper()
	d := Builtin()[id]
	if d == nil {
		t.Fatalf("no built-in %s", id)
	}
	return d
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestBuiltinContent(t *testing.T) {
	defs := Builtin()
	if got := slices.Sorted(func(yield func(string) bool) {
		for id := range defs {
			if !yield(id) {
				return
			}
		}
	}); !slices.Equal(got, []string{"gad7", "phq9"}) {
		t.Fatalf("built-in ids = %v, want [gad7 phq9]", got)
	}
	for id, want := range map[string]struct {
		name  string
		items int
		max   int
		bands []string
	}{
		"phq9": {"PHQ-9", 9, 27, []string{"minimal:4", "mild:9", "moderate:14", "moderately_severe:19", "severe:27"}},
		"gad7": {"GAD-7", 7, 21, []string{"minimal:4", "mild:9", "moderate:14", "severe:21"}},
	} {
		d := defs[id]
		if d.ID != id || d.DisplayName() != want.name || len(d.Items) != want.items || d.RecallPeriodDays != 14 {
			t.Errorf("%s: id %q name %q items %d recall %d", id, d.ID, d.DisplayName(), len(d.Items), d.RecallPeriodDays)
		}
		if d.Licence.Status != "free" || d.Licence.Note == "" {
			t.Errorf("%s: licence %+v, want free with a note", id, d.Licence)
		}
		if d.Scoring != (Scoring{Method: "sum", Min: 0, Max: want.max}) {
			t.Errorf("%s: scoring %+v", id, d.Scoring)
		}
		var opts []string
		for _, o := range d.ResponseOptions {
			opts = append(opts, fmt.Sprintf("%d:%s:%s", o.Value, o.Code, o.Label["en"]))
		}
		if wantOpts := []string{"0:not_at_all:Not at all", "1:several_days:Several days",
			"2:more_than_half_the_days:More than half the days", "3:nearly_every_day:Nearly every day"}; !slices.Equal(opts, wantOpts) {
			t.Errorf("%s: options %v, want %v", id, opts, wantOpts)
		}
		var bands []string
		for _, b := range d.Bands {
			bands = append(bands, fmt.Sprintf("%s:%d", b.Code, b.Max))
			for _, lang := range []string{"en", "fr", "es"} {
				if b.Label[lang] == "" {
					t.Errorf("%s: band %s has no %s label", id, b.Code, lang)
				}
			}
		}
		if !slices.Equal(bands, want.bands) {
			t.Errorf("%s: bands %v, want %v", id, bands, want.bands)
		}
		for _, lang := range []string{"en", "fr", "es"} {
			if d.ScreeningNote[lang] == "" {
				t.Errorf("%s: no %s screening note", id, lang)
			}
		}
		for i, it := range d.Items {
			// Official wording only: English is shipped, French and Spanish come from the agency.
			if it.Text["en"] == "" || len(it.Text) != 1 {
				t.Errorf("%s item %d: texts %v, want English only", id, i+1, it.Text)
			}
			hasFlag := id == "phq9" && i == 8
			if (it.FlagIfGt != nil) != hasFlag {
				t.Errorf("%s item %d: flag_if_gt %v", id, i+1, it.FlagIfGt)
			}
		}
	}
	q9 := defs["phq9"].Items[8]
	if q9.FlagIfGt == nil || *q9.FlagIfGt != 0 || q9.Flag != casefile.FlagSuicideScreen {
		t.Errorf("PHQ-9 item 9: flag_if_gt %v flag %q, want 0 and %s", q9.FlagIfGt, q9.Flag, casefile.FlagSuicideScreen)
	}
	if got := defs["phq9"].Items[0].Text["en"]; got != "Little interest or pleasure in doing things" {
		t.Errorf("PHQ-9 item 1 = %q", got)
	}

	// Builtin hands out copies: a caller's change never reaches the next caller.
	defs["phq9"].Items[8].Flag = "changed"
	*defs["phq9"].Items[8].FlagIfGt = 2
	defs["phq9"].Bands[0].Label["en"] = "changed"
	again := builtin(t, "phq9")
	if again.Items[8].Flag != casefile.FlagSuicideScreen || *again.Items[8].FlagIfGt != 0 || again.Bands[0].Label["en"] != "Minimal" {
		t.Error("a change to Builtin()'s result leaked into the next call")
	}
}

// The embedded files pass exactly the checks an agency's file goes through.
func TestBuiltinFilesLoadClean(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"phq9.yaml", "gad7.yaml"} {
		data, err := builtinFS.ReadFile("builtin/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	defs, ps := Load(dir, "instruments")
	if len(ps) != 0 || len(defs) != 2 {
		t.Fatalf("Load of the built-in files: %d definitions, problems %v", len(defs), ps)
	}
}

// Reference bands, written out independently of the YAML (domain-reference §5.4).
func refBand(id string, total int) string {
	switch {
	case total <= 4:
		return "minimal"
	case total <= 9:
		return "mild"
	case total <= 14:
		return "moderate"
	case id == "phq9" && total <= 19:
		return "moderately_severe"
	}
	return "severe"
}

func TestBandBoundaries(t *testing.T) {
	cases := []struct {
		id    string
		items []int
		total int
		band  string
	}{
		{"phq9", []int{0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, "minimal"},
		{"phq9", []int{1, 1, 1, 1, 0, 0, 0, 0, 0}, 4, "minimal"},
		{"phq9", []int{1, 1, 1, 1, 1, 0, 0, 0, 0}, 5, "mild"},
		{"phq9", []int{3, 3, 3, 0, 0, 0, 0, 0, 0}, 9, "mild"},
		{"phq9", []int{3, 3, 3, 1, 0, 0, 0, 0, 0}, 10, "moderate"},
		{"phq9", []int{2, 2, 2, 2, 2, 2, 2, 0, 0}, 14, "moderate"},
		{"phq9", []int{3, 3, 3, 3, 3, 0, 0, 0, 0}, 15, "moderately_severe"},
		{"phq9", []int{3, 3, 3, 3, 3, 3, 1, 0, 0}, 19, "moderately_severe"},
		{"phq9", []int{3, 3, 3, 3, 3, 3, 2, 0, 0}, 20, "severe"},
		{"phq9", []int{3, 3, 3, 3, 3, 3, 3, 3, 3}, 27, "severe"},
		{"gad7", []int{0, 0, 0, 0, 0, 0, 0}, 0, "minimal"},
		{"gad7", []int{1, 1, 1, 1, 0, 0, 0}, 4, "minimal"},
		{"gad7", []int{1, 1, 1, 1, 1, 0, 0}, 5, "mild"},
		{"gad7", []int{3, 3, 3, 0, 0, 0, 0}, 9, "mild"},
		{"gad7", []int{3, 3, 3, 1, 0, 0, 0}, 10, "moderate"},
		{"gad7", []int{2, 2, 2, 2, 2, 2, 2}, 14, "moderate"},
		{"gad7", []int{3, 3, 3, 3, 3, 0, 0}, 15, "severe"},
		{"gad7", []int{3, 3, 3, 3, 3, 3, 3}, 21, "severe"},
	}
	for _, c := range cases {
		if sum(c.items) != c.total || refBand(c.id, c.total) != c.band {
			t.Fatalf("bad test vector %v: sums to %d", c.items, sum(c.items))
		}
		r, err := builtin(t, c.id).Score(c.items)
		if err != nil {
			t.Errorf("%s %v: %v", c.id, c.items, err)
			continue
		}
		if r.Total != c.total || r.Band != c.band {
			t.Errorf("%s %v: total %d band %q, want %d %q", c.id, c.items, r.Total, r.Band, c.total, c.band)
		}
		wantFlags := []string(nil)
		if c.id == "phq9" && c.items[8] > 0 {
			wantFlags = []string{casefile.FlagSuicideScreen}
		}
		if !slices.Equal(r.Flags, wantFlags) {
			t.Errorf("%s %v: flags %v, want %v", c.id, c.items, r.Flags, wantFlags)
		}
	}
}

func TestPHQ9Item9Flag(t *testing.T) {
	phq := builtin(t, "phq9")
	r, err := phq.Score([]int{3, 3, 3, 3, 3, 3, 3, 3, 0})
	if err != nil || r.Total != 24 || len(r.Flags) != 0 {
		t.Errorf("item 9 = 0 with total 24: %+v, %v; want no flag", r, err)
	}
	for _, a := range []int{1, 2, 3} {
		r, err = phq.Score([]int{0, 0, 0, 0, 0, 0, 0, 0, a})
		if err != nil || r.Total != a || r.Band != "minimal" || !slices.Equal(r.Flags, []string{casefile.FlagSuicideScreen}) {
			t.Errorf("item 9 = %d alone: %+v, %v; want total %d, minimal, flag %s", a, r, err, a, casefile.FlagSuicideScreen)
		}
	}
	// Item 8 is not the safety item.
	if r, _ := phq.Score([]int{0, 0, 0, 0, 0, 0, 0, 3, 0}); len(r.Flags) != 0 {
		t.Errorf("item 8 raised %v", r.Flags)
	}
	// GAD-7 raises no flag.
	if r, _ := builtin(t, "gad7").Score([]int{3, 3, 3, 3, 3, 3, 3}); len(r.Flags) != 0 {
		t.Errorf("GAD-7 raised %v", r.Flags)
	}
}

func TestScoreErrors(t *testing.T) {
	phq, gad := builtin(t, "phq9"), builtin(t, "gad7")
	cases := []struct {
		d     *Definition
		items []int
		want  string
	}{
		{phq, []int{1, 1, 1, 1, 1, 1, 1, 1}, "PHQ-9 has 9 items, got 8"},
		{phq, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, "PHQ-9 has 9 items, got 10"},
		{phq, nil, "PHQ-9 has 9 items, got 0"},
		{gad, []int{1, 1, 1, 1, 1, 1, 1, 1, 1}, "GAD-7 has 7 items, got 9"},
		{phq, []int{0, 0, 4, 0, 0, 0, 0, 0, 0}, "item 3: 4 is not an answer (0 not at all … 3 nearly every day)"},
		{gad, []int{0, 0, 0, 0, 0, 0, -1}, "item 7: -1 is not an answer (0 not at all … 3 nearly every day)"},
		{&Definition{ID: "empty"}, []int{1}, "empty defines no items"},
	}
	for _, c := range cases {
		r, err := c.d.Score(c.items)
		if err == nil || err.Error() != c.want {
			t.Errorf("Score(%v) = %+v, %v; want error %q", c.items, r, err, c.want)
		}
	}
}

func TestParseAnswers(t *testing.T) {
	for _, in := range []string{"1,2,0,3", "1 2 0 3", "1, 2, 0, 3", " 1,2 ,0,  3 ", "1\t2\n0 3", "1 2,0 3"} {
		got, err := ParseAnswers(in)
		if err != nil || !slices.Equal(got, []int{1, 2, 0, 3}) {
			t.Errorf("ParseAnswers(%q) = %v, %v; want [1 2 0 3]", in, got, err)
		}
	}
	if got, err := ParseAnswers("-1 12"); err != nil || !slices.Equal(got, []int{-1, 12}) {
		t.Errorf("ParseAnswers(-1 12) = %v, %v (range is Score's business)", got, err)
	}
	for in, want := range map[string]string{
		"":          `no answers given: type them in item order, e.g. 1,2,0,3 or "1 2 0 3"`,
		"   ":       `no answers given: type them in item order, e.g. 1,2,0,3 or "1 2 0 3"`,
		"1,x,3":     `answer 2: "x" is not a whole number`,
		"1 2 three": `answer 3: "three" is not a whole number`,
		"1.5,2":     `answer 1: "1.5" is not a whole number`,
		"1;2":       `answer 1: "1;2" is not a whole number`,
		"1,,2":      `answer 2 is missing (two commas with nothing between them)`,
		"1,2,":      `answer 3 is missing after the last comma`,
		",1":        `answer 1 is missing (two commas with nothing between them)`,
	} {
		got, err := ParseAnswers(in)
		if err == nil || err.Error() != want {
			t.Errorf("ParseAnswers(%q) = %v, %v; want error %q", in, got, err, want)
		}
	}
}

const housing = `id: housing-stability
name: {en: "Housing stability", fr: "Stabilité du logement", es: "Estabilidad de la vivienda"}
version: "2024-1"
licence: {status: agency_owned, note: "Written by the agency"}
recall_period_days: 30
response_options:
  - {value: 1, code: in_crisis, label: {en: "In crisis"}}
  - {value: 2, code: vulnerable, label: {en: "Vulnerable"}}
  - {value: 3, code: stable, label: {en: "Stable"}}
  - {value: 4, code: safe, label: {en: "Safe"}}
  - {value: 5, code: thriving, label: {en: "Thriving"}}
items:
  - {id: tenure, text: {en: "How secure is the tenancy?"}}
  - {id: arrears, text: {en: "How are rent payments going?"}}
  - {id: conditions, text: {en: "Is the home fit to live in?"}}
scoring: {method: sum, min: 3, max: 15}
bands:
  - {max: 6, code: at_risk, label: {en: "At risk"}}
  - {max: 11, code: fragile, label: {en: "Fragile"}}
  - {max: 15, code: secure, label: {en: "Secure"}}
`

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadValid(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "housing-stability.yaml", housing)
	writeFile(t, dir, "README.md", "not a definition")
	defs, ps := Load(dir, "instruments")
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	d := defs["housing-stability"]
	if len(defs) != 1 || d == nil {
		t.Fatalf("Load = %v", defs)
	}
	if d.Version != "2024-1" || d.Licence.Status != "agency_owned" || d.RecallPeriodDays != 30 || d.Items[1].ID != "arrears" {
		t.Errorf("decoded %+v", d)
	}
	for _, c := range []struct {
		items []int
		total int
		band  string
	}{
		{[]int{1, 1, 1}, 3, "at_risk"}, {[]int{1, 2, 3}, 6, "at_risk"}, {[]int{2, 2, 3}, 7, "fragile"},
		{[]int{3, 4, 4}, 11, "fragile"}, {[]int{4, 4, 4}, 12, "secure"}, {[]int{5, 5, 5}, 15, "secure"},
	} {
		r, err := d.Score(c.items)
		if err != nil || r.Total != c.total || r.Band != c.band || len(r.Flags) != 0 {
			t.Errorf("Score(%v) = %+v, %v; want %d %s", c.items, r, err, c.total, c.band)
		}
	}
	if _, err := d.Score([]int{0, 3, 3}); err == nil || err.Error() != "item 1: 0 is not an answer (1 in crisis … 5 thriving)" {
		t.Errorf("Score with 0: %v", err)
	}

	all, ps := All(dir, "instruments")
	if len(ps) != 0 || len(all) != 3 || all["phq9"] == nil || all["gad7"] == nil || all["housing-stability"] == nil {
		t.Errorf("All = %d definitions, %v", len(all), ps)
	}

	// No instruments folder: nothing to load, nothing wrong.
	defs, ps = Load(filepath.Join(dir, "missing"), "instruments")
	if len(defs) != 0 || len(ps) != 0 {
		t.Errorf("Load of a missing folder = %v, %v", defs, ps)
	}
	all, ps = All(filepath.Join(dir, "missing"), "instruments")
	if len(all) != 2 || len(ps) != 0 {
		t.Errorf("All of a missing folder = %d definitions, %v", len(all), ps)
	}
}

// lineCol finds where needle starts in data, 1-based.
func lineCol(t *testing.T, data, needle string) (int, int) {
	t.Helper()
	for i, line := range strings.Split(data, "\n") {
		if j := strings.Index(line, needle); j >= 0 {
			return i + 1, j + 1
		}
	}
	t.Fatalf("%q is not in the test file", needle)
	return 0, 0
}

func TestLoadProblems(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(housing, old) {
			panic(old)
		}
		return strings.Replace(housing, old, new, 1)
	}
	cases := []struct {
		name   string
		file   string // default housing-stability.yaml
		data   string
		at     string // where the problem points: the first occurrence of this text
		atLine int    // or this line, column 1
		msg    string
	}{
		{name: "unknown field with did-you-mean", data: edit("recall_period_days: 30", "recal_period_days: 30"),
			at: "recal_period_days", msg: `unknown field "recal_period_days" (did you mean "recall_period_days"?)`},
		{name: "unknown nested field", data: edit(`{max: 6, code: at_risk, label:`, `{max: 6, code: at_risk, lable:`),
			at: "lable", msg: `unknown field "bands[0].lable" (did you mean "label"?)`},
		{name: "bands do not reach scoring.max", data: edit("{max: 15, code: secure", "{max: 14, code: secure"),
			at: "14, code: secure", msg: "bands[2]: the last band ends at 14 but scoring.max is 15; bands must cover 3 to 15"},
		{name: "bands start below scoring.min", data: edit("{max: 6, code: at_risk", "{max: 2, code: at_risk"),
			at: "2, code: at_risk", msg: "bands[0]: max 2 is below scoring.min 3, so the band holds no total; bands must cover 3 to 15"},
		{name: "bands out of order", data: edit("{max: 11, code: fragile", "{max: 5, code: fragile"),
			at: "5, code: fragile", msg: "bands[1]: max 5 is not above the previous band's max 6; list bands from lowest to highest"},
		{name: "duplicate band code", data: edit("code: fragile", "code: at_risk"),
			at: "at_risk, label: {en: \"Fragile", msg: `bands[1]: code "at_risk" is already used by bands[0]`},
		{name: "flag_if_gt without flag", data: edit(`{id: arrears, text: {en: "How are rent payments going?"}}`, `{id: arrears, flag_if_gt: 3}`),
			at: "3}", msg: "items[1]: flag_if_gt needs a flag: the code raised when the answer is above 3, e.g. suicide_risk_screen_positive"},
		{name: "flag without flag_if_gt", data: edit(`{id: arrears, text: {en: "How are rent payments going?"}}`, `{id: arrears, flag: eviction_risk}`),
			at: "eviction_risk", msg: `items[1]: flag "eviction_risk" needs flag_if_gt: the answer above which it is raised`},
		{name: "flag that can never be raised", data: edit(`{id: arrears, text: {en: "How are rent payments going?"}}`, `{id: arrears, flag_if_gt: 5, flag: eviction_risk}`),
			at: "5, flag", msg: "items[1]: flag_if_gt 5: no answer is above it (the highest is 5), so eviction_risk could never be raised"},
		{name: "duplicate item id", data: edit("{id: conditions", "{id: tenure"),
			at: "tenure, text: {en: \"Is", msg: `items[2]: id "tenure" is already used by items[0]`},
		{name: "duplicate answer value", data: edit("{value: 4, code: safe", "{value: 3, code: safe"),
			at: "3, code: safe", msg: "response_options[3]: value 3 is already the value of response_options[2]; each answer scores differently"},
		{name: "scoring.max not what the answers add up to", data: edit("max: 15}", "max: 16}"),
			at: "16}", msg: "scoring.max is 16 but 3 items answered 5 add up to 15"},
		{name: "unknown licence status", data: edit("status: agency_owned", "status: licenced"),
			at: "licenced", msg: `licence.status: "licenced" is not a known code (did you mean "licensed"?); use free, licensed or agency_owned`},
		{name: "unknown scoring method", data: edit("method: sum", "method: average"),
			at: "average", msg: `scoring.method: "average" is not a known code; use sum`},
		{name: "unknown language", data: edit(`{en: "How secure`, `{eng: "How secure`),
			at: "eng", msg: `items[0].text key: "eng" is not a known code (did you mean "en"?); use en, fr or es`},
		{name: "answer value not a number", data: edit("{value: 2, code", "{value: two, code"),
			at: "two", msg: `response_options[1].value: expected a whole number, found "two"`},
		{name: "id does not match the file name", file: "housing.yaml", data: housing,
			at: "housing-stability", msg: `id "housing-stability" does not match the file name housing.yaml: rename the file to housing-stability.yaml or change the id`},
		{name: "id with capitals", file: "Housing.yaml", data: edit("id: housing-stability", "id: Housing"),
			at: "Housing", msg: `id "Housing": use lower-case letters, digits, - or _ (at most 64), e.g. housing-stability`},
		{name: "missing required field", data: edit("scoring: {method: sum, min: 3, max: 15}\n", ""),
			atLine: 1, msg: `missing required field "scoring"`},
		{name: "wrapped in instrument:", data: "instrument:\n  id: housing-stability\n",
			atLine: 1, msg: `the definition's fields go at the top level of the file: remove "instrument:" and un-indent what it holds`},
		{name: "empty file", data: "# nothing yet\n", atLine: 1, msg: "the file is empty"},
		{name: "not YAML", data: "id: [housing\n", atLine: 1, msg: "not valid YAML: did not find expected ',' or ']'"},
		{name: "conflict marker", data: "<<<<<<< HEAD\n" + housing, atLine: 1,
			msg: "git conflict marker: resolve the conflict (keep the right lines, delete the markers)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = "housing-stability.yaml"
			}
			dir := t.TempDir()
			writeFile(t, dir, file, c.data)
			defs, ps := Load(dir, "instruments")
			if len(defs) != 0 {
				t.Errorf("a broken file was loaded: %v", defs)
			}
			line, col := c.atLine, 1
			if c.at != "" {
				line, col = lineCol(t, c.data, c.at)
			}
			want := casefile.Problem{Path: "instruments/" + file, Line: line, Col: col, Msg: c.msg}
			if !slices.Contains(ps, want) {
				t.Errorf("problems:\n%v\nwant:\n%v", ps, want)
			}
			for _, p := range ps {
				if p.Path != want.Path || p.Line < 1 || p.Col < 1 {
					t.Errorf("badly placed problem %v", p)
				}
			}
			if all, _ := All(dir, "instruments"); len(all) != 2 {
				t.Errorf("All with a broken file = %d definitions, want the 2 built-in", len(all))
			}
		})
	}
}

func TestLoadReportsEveryFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "housing-stability.yaml", housing)
	writeFile(t, dir, "a.yaml", strings.Replace(housing, "id: housing-stability", "id: a", 1))
	writeFile(t, dir, "b.yaml", "id: b\n")
	writeFile(t, dir, "c.yml", housing)
	defs, ps := Load(dir, "repo/instruments")
	if len(defs) != 2 || defs["a"] == nil || defs["housing-stability"] == nil {
		t.Errorf("defs = %v", defs)
	}
	var paths []string
	for _, p := range ps {
		paths = append(paths, p.String())
	}
	want := []string{
		`repo/instruments/b.yaml:1:1: missing required fields "name", "licence", "response_options", "items", "scoring", "bands"`,
		`repo/instruments/c.yml: warning: instrument definitions end in .yaml: rename it to c.yaml, or it is ignored`,
	}
	if !slices.Equal(paths, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
}

// phq9Override is an agency's phq9.yaml adding another language's wording. The texts here are
// test placeholders, not a translation.
func phq9Override(items int, q9 string) string {
	var b strings.Builder
	b.WriteString(`id: phq9
name: {fr: "PHQ-9 (fr)"}
licence: {status: free, note: "official French translation, phqscreeners.com"}
response_options:
  - {value: 0, code: not_at_all, label: {fr: "fr-0"}}
  - {value: 1, code: several_days, label: {fr: "fr-1"}}
  - {value: 2, code: more_than_half_the_days, label: {fr: "fr-2"}}
  - {value: 3, code: nearly_every_day, label: {fr: "fr-3"}}
items:
`)
	for i := 1; i <= items; i++ {
		extra := ""
		if i == items {
			extra = q9
		}
		fmt.Fprintf(&b, "  - {id: q%d, text: {fr: \"fr-q%d\"}%s}\n", i, i, extra)
	}
	max := 3 * items
	fmt.Fprintf(&b, `scoring: {method: sum, min: 0, max: %d}
bands:
  - {max: 4, code: minimal}
  - {max: 9, code: mild}
  - {max: 14, code: moderate}
  - {max: 19, code: moderately_severe}
  - {max: %d, code: severe}
`, max, max)
	return b.String()
}

func TestOverrideAddsLanguage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "phq9.yaml", phq9Override(9, ", flag_if_gt: 0, flag: suicide_risk_screen_positive"))
	defs, ps := All(dir, "instruments")
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	d, orig := defs["phq9"], builtin(t, "phq9")
	if d.Items[0].Text["fr"] != "fr-q1" || d.Items[8].Text["fr"] != "fr-q9" {
		t.Errorf("French texts not loaded: %v", d.Items[0].Text)
	}
	for i := range d.Items {
		if d.Items[i].Text["en"] != orig.Items[i].Text["en"] {
			t.Errorf("item %d: English wording lost: %q", i+1, d.Items[i].Text["en"])
		}
	}
	if d.Name["fr"] != "PHQ-9 (fr)" || d.Name["en"] != "PHQ-9" || d.ResponseOptions[1].Label["fr"] != "fr-1" ||
		d.ResponseOptions[1].Label["en"] != "Several days" || d.Bands[3].Label["es"] != orig.Bands[3].Label["es"] ||
		d.ScreeningNote["es"] != orig.ScreeningNote["es"] || d.Version != orig.Version || d.RecallPeriodDays != 14 {
		t.Errorf("what the file leaves out is not taken from the built-in: %+v", d)
	}
	if d.Licence.Note != "official French translation, phqscreeners.com" {
		t.Errorf("licence = %+v", d.Licence)
	}
	// Scoring is unchanged, safety flag included.
	for _, c := range [][]int{{1, 1, 1, 1, 1, 0, 0, 0, 0}, {3, 3, 3, 3, 3, 3, 2, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0, 1}} {
		got, err1 := d.Score(c)
		want, err2 := orig.Score(c)
		if err1 != nil || err2 != nil || got.Total != want.Total || got.Band != want.Band || !slices.Equal(got.Flags, want.Flags) {
			t.Errorf("Score(%v): override %+v %v, built-in %+v %v", c, got, err1, want, err2)
		}
	}
	if r, _ := d.Score([]int{0, 0, 0, 0, 0, 0, 0, 0, 1}); !slices.Equal(r.Flags, []string{casefile.FlagSuicideScreen}) {
		t.Errorf("override lost the item 9 flag: %v", r.Flags)
	}
	if defs["gad7"] == nil || len(defs) != 2 {
		t.Errorf("All = %v", defs)
	}
}

func TestOverrideMustScoreLikeBuiltin(t *testing.T) {
	const flag = ", flag_if_gt: 0, flag: suicide_risk_screen_positive"
	prefix := "phq9 replaces the built-in PHQ-9 and must score exactly like it (add wording in other languages, change nothing else): "
	cases := []struct {
		name string
		data string
		at   string
		msg  string
	}{
		{"item count", phq9Override(8, flag), "items:", "keep 9 items, not 8"},
		{"safety flag dropped", phq9Override(9, ""), "{id: q9", "keep flag_if_gt 0 with flag suicide_risk_screen_positive on items[8]"},
		{"bands moved", strings.Replace(phq9Override(9, flag), "{max: 9, code: mild}", "{max: 10, code: mild}", 1),
			"- {max: 4", "keep the bands minimal up to 4, mild up to 9, moderate up to 14, moderately_severe up to 19, severe up to 27"},
		{"answers changed", strings.NewReplacer("{value: 3, code", "{value: 4, code", "max: 27}", "max: 36}", "{max: 27, code", "{max: 36, code").
			Replace(phq9Override(9, flag)), "- {value: 0", "keep the answer values 0, 1, 2, 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "phq9.yaml", c.data)
			loaded, ps := Load(dir, "instruments")
			line, col := lineCol(t, c.data, c.at)
			if c.at == "items:" {
				line, col = line+1, 3 // the list under items:
			}
			want := casefile.Problem{Path: "instruments/phq9.yaml", Line: line, Col: col, Msg: prefix + c.msg}
			if !slices.Contains(ps, want) {
				t.Errorf("problems:\n%v\nwant:\n%v", ps, want)
			}
			if len(loaded) != 0 {
				t.Errorf("an incompatible phq9 was loaded")
			}
			all, _ := All(dir, "instruments")
			if d := all["phq9"]; len(d.Items) != 9 || d.Items[0].Text["fr"] != "" || *d.Items[8].FlagIfGt != 0 {
				t.Errorf("the built-in PHQ-9 was replaced by a file that scores differently")
			}
		})
	}
}

func TestRecordAndRecompute(t *testing.T) {
	defs := Builtin()
	phq := defs["phq9"]
	rec, err := phq.Record([]int{2, 2, 2, 2, 2, 1, 1, 0, 1}, "es")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Instrument != "phq9" || rec.Version != "official" || rec.Language != "es" || rec.Total != 13 || rec.Band != "moderate" ||
		!slices.Equal(rec.Flags, []string{casefile.FlagSuicideScreen}) {
		t.Fatalf("Record = %+v", rec)
	}
	if ms := Recompute(defs, rec); len(ms) != 0 {
		t.Errorf("Recompute of a true record = %v", ms)
	}

	tampered := rec
	tampered.Total = 9
	if ms := Recompute(defs, tampered); !slices.Equal(ms, []string{"total is 9 but the items add up to 13: the total is computed from the items, never typed"}) {
		t.Errorf("tampered total: %v", ms)
	}
	tampered = rec
	tampered.Band = "mild"
	if ms := Recompute(defs, tampered); !slices.Equal(ms, []string{`band is "mild" but a total of 13 is "moderate"`}) {
		t.Errorf("tampered band: %v", ms)
	}
	tampered = rec
	tampered.Total, tampered.Band, tampered.Flags = 9, "mild", nil
	if ms := Recompute(defs, tampered); len(ms) != 3 || ms[2] != "flags are none but the items raise ["+casefile.FlagSuicideScreen+"]" {
		t.Errorf("total, band and flag all tampered: %v", ms)
	}
	tampered = rec
	tampered.Items = slices.Clone(rec.Items)
	tampered.Items[8] = 0 // the items edited after the fact: the stored total, band and flag no longer follow
	if ms := Recompute(defs, tampered); len(ms) != 2 ||
		ms[0] != "total is 13 but the items add up to 12: the total is computed from the items, never typed" ||
		ms[1] != "flags are ["+casefile.FlagSuicideScreen+"] but the items raise none" {
		t.Errorf("edited items: %v", ms)
	}
	tampered = rec
	tampered.Items = rec.Items[:8]
	if ms := Recompute(defs, tampered); !slices.Equal(ms, []string{"PHQ-9 has 9 items, got 8"}) {
		t.Errorf("short items: %v", ms)
	}
	if ms := Recompute(defs, casefile.InstrumentResult{Instrument: "ors", Items: []int{1}}); !slices.Equal(ms,
		[]string{`instrument "ors" is not defined (known: gad7, phq9); a licensed instrument needs instruments/ors.yaml`}) {
		t.Errorf("unknown instrument: %v", ms)
	}
	gad := casefile.InstrumentResult{Instrument: "gad7", Items: []int{2, 2, 1, 1, 0, 1, 1}, Total: 8, Band: "mild", Flags: []string{}}
	if ms := Recompute(defs, gad); len(ms) != 0 {
		t.Errorf("domain-reference §13 GAD-7 example: %v", ms)
	}
}

func FuzzLoad(f *testing.F) {
	// Small seeds: every new input the fuzzer finds is minimised, at a cost that grows with its size.
	f.Add([]byte("id: fuzz\nname: {en: F}\nlicence: {status: free}\nresponse_options: [{value: 0, code: no}, {value: 1, code: yes, label: {fr: oui}}]\n" +
		"items: [{id: a, text: {en: A}}, {id: b, flag_if_gt: 0, flag: x}]\nscoring: {method: sum, min: 0, max: 2}\nbands: [{max: 0, code: none}, {max: 2, code: some}]\n"))
	f.Add([]byte("id: fuzz\nname: {en: F}\nlicence: {status: licensed}\nresponse_options:\n  - {value: -2, code: a}\n  - {value: 3, code: b}\n" +
		"items:\n  - {id: q1}\nscoring: {method: sum, min: -2, max: 3}\nbands:\n  - {max: 3, code: all}\n"))
	f.Add([]byte("id: fuzz\nitems: [{id: a, flag_if_gt: 1}]\nbands: [{max: 1}]\n"))
	f.Add([]byte("instrument: {id: fuzz}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	dir := f.TempDir() // one per fuzzing process: a fresh folder per input makes minimising crawl
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, "fuzz.yaml"), data, 0o600); err != nil {
			t.Fatal(err)
		}
		defs, ps := Load(dir, "instruments")
		for _, p := range ps {
			if p.Path != "instruments/fuzz.yaml" || p.Line < 1 || p.Col < 1 || p.Msg == "" {
				t.Fatalf("badly placed problem %#v", p)
			}
		}
		d := defs["fuzz"]
		if (d != nil) == hasErrors(ps) || len(defs) > 1 {
			t.Fatalf("%d definitions with problems %v", len(defs), ps)
		}
		if d == nil {
			return
		}
		// A definition that loads scores from scoring.min (lowest answers) to scoring.max
		// (highest answers), landing in the first and last bands.
		lo, hi := d.ResponseOptions[0].Value, d.ResponseOptions[0].Value
		for _, o := range d.ResponseOptions {
			lo, hi = min(lo, o.Value), max(hi, o.Value)
		}
		for _, c := range []struct {
			answer, total int
			band          string
		}{{lo, d.Scoring.Min, d.Bands[0].Code}, {hi, d.Scoring.Max, d.Bands[len(d.Bands)-1].Code}} {
			items := slices.Repeat([]int{c.answer}, len(d.Items))
			r, err := d.Score(items)
			if err != nil || r.Total != c.total || r.Band != c.band {
				t.Fatalf("Score(%v) = %+v, %v; want total %d band %s", items, r, err, c.total, c.band)
			}
		}
		if _, err := d.Score(make([]int, len(d.Items)+1)); err == nil {
			t.Fatal("Score accepted one answer too many")
		}
	})
}

func FuzzScore(f *testing.F) {
	f.Add("1,2,0,3,1,1,0,0,1", true)
	f.Add("3 3 3 3 3 3 3", false)
	f.Add("0,0,4", true)
	f.Add("1,,2", false)
	f.Add("-1 99999999999999999999", true)
	defs := Builtin()
	f.Fuzz(func(t *testing.T, s string, phq bool) {
		items, err := ParseAnswers(s)
		if err != nil {
			return
		}
		again, err := ParseAnswers(strings.Join(func() []string {
			out := make([]string, len(items))
			for i, v := range items {
				out[i] = strconv.Itoa(v)
			}
			return out
		}(), ","))
		if err != nil || !slices.Equal(again, items) {
			t.Fatalf("ParseAnswers round trip: %v -> %v, %v", items, again, err)
		}
		id, n, maxTotal := "gad7", 7, 21
		if phq {
			id, n, maxTotal = "phq9", 9, 27
		}
		valid := len(items) == n
		for _, a := range items {
			valid = valid && a >= 0 && a <= 3
		}
		r, err := defs[id].Score(items)
		if (err == nil) != valid {
			t.Fatalf("Score(%v) = %+v, %v; valid = %v", items, r, err, valid)
		}
		if err != nil {
			return
		}
		if r.Total != sum(items) || r.Total < 0 || r.Total > maxTotal || r.Band != refBand(id, r.Total) {
			t.Fatalf("Score(%v) = %+v", items, r)
		}
		if flagged := len(r.Flags) > 0; flagged != (phq && items[8] > 0) {
			t.Fatalf("Score(%v) flags %v", items, r.Flags)
		}
		if ms := Recompute(defs, casefile.InstrumentResult{Instrument: id, Items: items, Total: r.Total, Band: r.Band, Flags: r.Flags}); len(ms) != 0 {
			t.Fatalf("Recompute of Score's own result: %v", ms)
		}
	})
}
