package report

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
)

// sixSystems covers every strength, quality and direction; its ties are in another order than
// its systems so link indices cannot be confused with node numbers.
func sixSystems() *casefile.Ecomap {
	return &casefile.Ecomap{
		Systems: []casefile.EcoSystem{
			{ID: "sch", Label: "School", Type: "school"},
			{ID: "gp", Label: "Health centre", Type: "health"},
			{ID: "emp", Label: "Employer", Type: "work"},
			{ID: "nb", Person: "P-03", Type: "neighbours"},
			{ID: "ex", Label: "Ex-partner", Person: "P-07", Type: "family"},
			{ID: "ss", Label: "Social services", Type: "social_services"},
		},
		Ties: []casefile.Tie{
			{System: "ss", Strength: "tenuous", Quality: "neutral", Direction: "reciprocal"},
			{System: "sch", Strength: "strong", Quality: "supportive", Direction: "none"},
			{System: "gp", Strength: "moderate", Direction: "to_client"},
			{System: "emp", Strength: "tenuous", Quality: "stressful", Direction: "from_client", Note: "shifts changed"},
			{System: "nb", Strength: "strong", Quality: "supportive", Direction: "reciprocal"},
			{System: "ex", Strength: "strong", Quality: "stressful", Direction: "to_client", Note: "contact disputes"},
			{System: "ex", Strength: "moderate", Quality: "stressful"},
		},
	}
}

func registryLabel(people *casefile.People) func(string) string {
	return func(id string) string {
		p, _ := people.Person(id)
		return p.Name
	}
}

var testPeople = &casefile.People{People: []casefile.Person{
	{ID: "P-03", Name: "Rosa Díaz"},
	{ID: "P-07", Name: "Jon Smith"},
}}

// The expected links, reasoned by hand in tie order (0-based):
//
//	0 ss  tenuous  neutral    reciprocal   C <-.-> S6
//	1 sch strong   supportive none         C === S1          green
//	2 gp  moderate (none)     to_client    S2 --> C
//	3 emp tenuous  stressful  from_client  C -.->|stressful| S3   red
//	4 nb  strong   supportive reciprocal   C <==> S4         green
//	5 ex  strong   stressful  to_client    S5 ==>|stressful| C    red, thick
//	6 ex  moderate stressful  (none)       C ---|stressful| S5    red
const sixSystemsGolden = "```mermaid\n" +
	`flowchart LR
  C((("Ana M.")))
  S1["School"]
  S2["Health centre"]
  S3["Employer"]
  S4["Rosa Díaz"]
  S5["Ex-partner"]
  S6["Social services"]
  C <-.-> S6
  C === S1
  S2 --> C
  C -.->|stressful| S3
  C <==> S4
  S5 ==>|stressful| C
  C ---|stressful| S5
  linkStyle 1 stroke:#2e7d32
  linkStyle 3 stroke:#c00,stroke-width:2px,stroke-dasharray:4 2
  linkStyle 4 stroke:#2e7d32
  linkStyle 5 stroke:#c00,stroke-width:4px,stroke-dasharray:4 2
  linkStyle 6 stroke:#c00,stroke-width:2px,stroke-dasharray:4 2
  classDef client fill:#fff3c4,stroke:#333,stroke-width:2px
  class C client
` + "```\n"

func TestEcomapMermaidGolden(t *testing.T) {
	e := sixSystems()
	got := EcomapMermaid(e, "Ana M.", registryLabel(testPeople))
	if got != sixSystemsGolden {
		t.Errorf("EcomapMermaid:\n%s\nwant:\n%s", got, sixSystemsGolden)
	}
	checkEcomapLinks(t, e, got)
}

var (
	ecomapLinkLine  = regexp.MustCompile(`^  (C|S\d+) (<?(?:===|==>|---|-->|-\.-|-\.->))(\|[^|]*\|)? (C|S\d+)$`)
	ecomapStyleLine = regexp.MustCompile(`^  linkStyle (\d+) (.+)$`)
	ecomapNodeLine  = regexp.MustCompile(`^  (S\d+)\["([^"]*)"\]$`)
)

// checkEcomapLinks reads the output back: the link lines in order, one per tie that names a
// system, each between the centre and that tie's system, with the arrow its direction asks;
// and every linkStyle index points at a link whose tie has the quality the style shows.
func checkEcomapLinks(t *testing.T, e *casefile.Ecomap, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if lines[0] != "```mermaid" || lines[1] != "flowchart LR" || lines[len(lines)-2] != "```" || lines[len(lines)-1] != "" {
		t.Fatalf("not a fenced flowchart:\n%s", out)
	}
	var links [][]string
	styles := map[int]string{}
	nodes := 0
	for _, l := range lines[2 : len(lines)-2] {
		switch {
		case ecomapLinkLine.MatchString(l):
			links = append(links, ecomapLinkLine.FindStringSubmatch(l))
		case ecomapStyleLine.MatchString(l):
			m := ecomapStyleLine.FindStringSubmatch(l)
			n, _ := strconv.Atoi(m[1])
			if _, dup := styles[n]; dup {
				t.Errorf("linkStyle %d given twice", n)
			}
			styles[n] = m[2]
		case ecomapNodeLine.MatchString(l):
			nodes++
		case strings.HasPrefix(l, `  C((("`), strings.HasPrefix(l, "  classDef "), l == "  class C client":
		default:
			t.Errorf("unexpected line %q", l)
		}
	}
	if nodes != len(e.Systems) {
		t.Errorf("%d system nodes, want %d", nodes, len(e.Systems))
	}
	node := map[string]string{}
	for i, s := range e.Systems {
		if _, ok := node[s.ID]; !ok {
			node[s.ID] = "S" + strconv.Itoa(i+1)
		}
	}
	var ties []casefile.Tie
	for _, tie := range e.Ties {
		if _, ok := node[tie.System]; ok {
			ties = append(ties, tie)
		}
	}
	if len(links) != len(ties) {
		t.Fatalf("%d link lines, want %d (one per tie)", len(links), len(ties))
	}
	for i, tie := range ties {
		m := links[i]
		from, op, text, to := m[1], m[2], m[3], m[4]
		sys := node[tie.System]
		wantFrom, wantTo := "C", sys
		if tie.Direction == "to_client" {
			wantFrom, wantTo = sys, "C"
		}
		if from != wantFrom || to != wantTo {
			t.Errorf("link %d is %s→%s, want %s→%s", i, from, to, wantFrom, wantTo)
		}
		arrow := strings.HasSuffix(op, ">")
		if wantArrow := tie.Direction == "to_client" || tie.Direction == "from_client" || tie.Direction == "reciprocal"; arrow != wantArrow {
			t.Errorf("link %d %q: arrow %v, want %v", i, op, arrow, wantArrow)
		}
		if back := strings.HasPrefix(op, "<"); back != (tie.Direction == "reciprocal") {
			t.Errorf("link %d %q: two-way %v for direction %q", i, op, back, tie.Direction)
		}
		body := strings.TrimSuffix(strings.TrimPrefix(op, "<"), ">")
		wantBody := map[string]string{"strong": "==", "moderate": "--", "tenuous": "-.-"}[tie.Strength]
		if !arrow {
			wantBody = map[string]string{"strong": "===", "moderate": "---", "tenuous": "-.-"}[tie.Strength]
		}
		if body != wantBody {
			t.Errorf("link %d %q: line %q for strength %q, want %q", i, op, body, tie.Strength, wantBody)
		}
		style, styled := styles[i]
		switch tie.Quality {
		case "stressful":
			if text != "|stressful|" {
				t.Errorf("link %d: label %q, want |stressful|", i, text)
			}
			if !styled || !strings.HasPrefix(style, "stroke:#c00,") || !strings.Contains(style, "stroke-dasharray:") {
				t.Errorf("link %d (stressful): style %q, want red dashed", i, style)
			}
		case "supportive":
			if text != "" || style != "stroke:#2e7d32" {
				t.Errorf("link %d (supportive): label %q style %q, want none and green", i, text, style)
			}
		default:
			if text != "" || styled {
				t.Errorf("link %d (%q): label %q style %q, want neither", i, tie.Quality, text, style)
			}
		}
	}
	for n := range styles {
		if n < 0 || n >= len(links) {
			t.Errorf("linkStyle %d points past the %d links", n, len(links))
		}
	}
}

func TestEcomapMermaidEscaping(t *testing.T) {
	e := &casefile.Ecomap{Systems: []casefile.EcoSystem{
		{ID: "a", Label: "Mrs \"Kay\" O'Neil\r\nflat 3; `rm -rf`\tend", Type: "friends"},
		{ID: "b", Label: "A&B <b>club</b> #1; 100%", Type: "leisure"},
		{ID: "c\"]\nC --> X", Label: "\n `` \t", Type: "other"},
	}, Ties: []casefile.Tie{{System: "c\"]\nC --> X", Strength: "moderate"}}}
	got := EcomapMermaid(e, "Ana \"Nan\"\nM.", nil)
	for _, want := range []string{
		"  C(((\"Ana #quot;Nan#quot; M.\")))\n",
		"  S1[\"Mrs #quot;Kay#quot; O'Neil flat 3; rm -rf end\"]\n",
		"  S2[\"A#amp;B #lt;b#gt;club#lt;/b#gt; #35;1; 100%\"]\n",
		// an empty label falls back to the system id, escaped; the node id stays generated
		"  S3[\"c#quot;] C --#gt; X\"]\n",
		"  C --- S3\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Count(got, "`") != 6 { // the two fences only
		t.Errorf("stray backtick in:\n%s", got)
	}
	checkEcomapLinks(t, e, got)
}

func TestMermaidText(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"  plain  ":            "plain",
		"a\nb\r\nc\u2028d":     "a b c d",
		"say \"hi\"":           "say #quot;hi#quot;",
		"semi; colon: (x) [y]": "semi; colon: (x) [y]",
		"```code```":           "code",
		"x\x00y\x1bz":          "x y z",
		"#quot;":               "#35;quot;",
	} {
		if got := mermaidText(in); got != want {
			t.Errorf("mermaidText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEcomapMermaidPersonLabel(t *testing.T) {
	e := &casefile.Ecomap{Systems: []casefile.EcoSystem{
		{ID: "nb", Person: "P-03", Type: "neighbours"},
		{ID: "gone", Person: "P-99", Type: "family"},
	}}
	got := EcomapMermaid(e, "A.M.", registryLabel(testPeople))
	if !strings.Contains(got, "  S1[\"Rosa Díaz\"]\n") {
		t.Errorf("person name missing:\n%s", got)
	}
	// a person the label func cannot name is shown by id, never left blank
	if !strings.Contains(got, "  S2[\"P-99\"]\n") {
		t.Errorf("unknown person not shown by id:\n%s", got)
	}

	redact := func(id string) string {
		p, _ := testPeople.Person(id)
		var in []string
		for _, w := range strings.Fields(p.Name) {
			in = append(in, string([]rune(w)[:1])+".")
		}
		return strings.Join(in, " ")
	}
	got = EcomapMermaid(e, "A.M.", redact)
	if !strings.Contains(got, "  S1[\"R. D.\"]\n") || strings.Contains(got, "Rosa") {
		t.Errorf("redacting label func not used:\n%s", got)
	}
	got = EcomapMermaid(e, "A.M.", nil)
	if !strings.Contains(got, "  S1[\"P-03\"]\n") {
		t.Errorf("nil label func: want the person id:\n%s", got)
	}
}

func TestEcomapMermaidUntiedSystem(t *testing.T) {
	e := &casefile.Ecomap{
		Systems: []casefile.EcoSystem{
			{ID: "sch", Label: "School", Type: "school"},
			{ID: "church", Label: "Church", Type: "faith"},
		},
		Ties: []casefile.Tie{
			{System: "sch", Strength: "moderate", Quality: "stressful"},
			{System: "nowhere", Strength: "strong", Quality: "supportive"}, // names no system: left out
		},
	}
	got := EcomapMermaid(e, "Ana M.", nil)
	want := "```mermaid\n" + `flowchart LR
  C((("Ana M.")))
  S1["School"]
  S2["Church"]
  C ---|stressful| S1
  linkStyle 0 stroke:#c00,stroke-width:2px,stroke-dasharray:4 2
  classDef client fill:#fff3c4,stroke:#333,stroke-width:2px
  class C client
` + "```\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	checkEcomapLinks(t, e, got)
}

func TestEcomapMermaidDeterministic(t *testing.T) {
	label := registryLabel(testPeople)
	first := EcomapMermaid(sixSystems(), "Ana M.", label)
	for i := 0; i < 20; i++ {
		if again := EcomapMermaid(sixSystems(), "Ana M.", label); again != first {
			t.Fatalf("render %d differs:\n%s\nfirst:\n%s", i, again, first)
		}
	}
}

func TestEcomapMermaidEmpty(t *testing.T) {
	want := "```mermaid\n" + `flowchart LR
  C((("Ana M.")))
  classDef client fill:#fff3c4,stroke:#333,stroke-width:2px
  class C client
` + "```\n"
	for name, e := range map[string]*casefile.Ecomap{"nil": nil, "empty": {}} {
		if got := EcomapMermaid(e, "Ana M.", nil); got != want {
			t.Errorf("%s ecomap:\n%s\nwant:\n%s", name, got, want)
		}
	}
	if got := EcomapMermaid(nil, " \n", nil); !strings.Contains(got, `C((("Client")))`) {
		t.Errorf("blank centre label: want the fallback, got:\n%s", got)
	}
}
