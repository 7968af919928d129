package form

import (
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

var rules = casefile.Rules{Today: dates.MustParse("2026-11-23"), Config: casefile.DefaultConfig()}

func fill() []Fill {
	return []Fill{{"schema_version", 1}, {"recorded_at", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		{"recorded_by", "w.test"}, {"date", dates.MustParse("2026-11-20")}, {"type", "initial"}}
}

func TestDecodeFillsWhatIsMissing(t *testing.T) {
	var a casefile.Assessment
	_, ps := Decode("a.yaml", casefile.KindAssessment, []byte("methods: [interview]\nsummary: First visit"), rules, fill(), &a, nil)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	if a.Date.String() != "2026-11-20" || a.Type != "initial" || a.RecordedBy != "w.test" || a.Summary != "First visit" {
		t.Errorf("a = %+v", a)
	}
	// What the document gives is kept.
	_, ps = Decode("a.yaml", casefile.KindAssessment, []byte("date: 2026-11-19\ntype: closing\n"), rules, fill(), &a, nil)
	if len(ps) != 0 || a.Date.String() != "2026-11-19" || a.Type != "closing" {
		t.Errorf("a = %+v, %v", a, ps)
	}
}

func TestDecodeKeepsTheDocumentsLines(t *testing.T) {
	var a casefile.Assessment
	for _, tc := range []struct{ doc, want string }{
		{"summary: x\nsumary: y\n", `a.yaml:2:1: unknown field "sumary"`},
		{"risks:\n  - domain: medical\n    level: hihg\n", `a.yaml:3:12: risks[0].level: "hihg" is not a known code (did you mean "high"?)`},
		{"date: 2026-12-01\n", "a.yaml:1:7: date is in the future"},
		{"summary: [x\n", "a.yaml:1:"},
		{"", "a.yaml:1:1: the file is empty"},
		{"- a\n- b\n", "a.yaml:1:1: write the entry as key: value lines"},
		{"{date: 2026-11-20}", "a.yaml:1:1: write the entry's fields one per line"},
	} {
		_, ps := Decode("a.yaml", casefile.KindAssessment, []byte(tc.doc), rules, fill(), &a, nil)
		if len(ps) == 0 || !strings.HasPrefix(ps[0].String(), tc.want) {
			t.Errorf("%q: problems %v, want %q", tc.doc, ps, tc.want)
		}
	}
}

func TestDecodeSkips(t *testing.T) {
	var a casefile.Assessment
	doc := "instruments:\n  - instrument: phq9\n    items: [0, 0, 0, 0, 0, 0, 0, 0, 1]\n    flags: [suicide_risk_screen_positive]\n"
	if _, ps := Decode("a.yaml", casefile.KindAssessment, []byte(doc), rules, fill(), &a, nil); len(ps) == 0 {
		t.Fatal("the safety-flag rule did not apply")
	}
	skip := func(p casefile.Problem) bool { return strings.Contains(p.Msg, "safety flag") }
	if _, ps := Decode("a.yaml", casefile.KindAssessment, []byte(doc), rules, fill(), &a, skip); len(ps) != 0 || len(a.Instruments) != 1 {
		t.Errorf("skipped: %v, %+v", ps, a)
	}
}

func TestSkeletonLeavesOutWhatCaseworkWrites(t *testing.T) {
	b, err := Skeleton(&casefile.Assessment{SchemaVersion: 1, Entry: casefile.Entry{RecordedBy: "w"}, Date: dates.MustParse("2026-11-20"), Type: "initial"})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "date: 2026-11-20\ntype: initial\n" {
		t.Errorf("skeleton = %q", b)
	}
	if k := Keys(b); !k["date"] || !k["type"] || k["recorded_by"] {
		t.Errorf("keys = %v", k)
	}
}
