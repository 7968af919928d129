package report

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
)

// Ecomap link styles (domain-reference §12.2). Link indices are counted as links are written.
const (
	ecomapSupportiveStyle = "stroke:#2e7d32"
	ecomapCentreClass     = "classDef client fill:#fff3c4,stroke:#333,stroke-width:2px"
	ecomapCentreFallback  = "Client"
)

// EcomapMermaid renders an ecomap as a Mermaid flowchart (```mermaid fenced block included), with the centre
// (centreLabel, e.g. the client's name, or initials when redacting) as a double circle in the middle, each system a
// node labelled by its Label, or by the registry name of its Person when Label is empty (label func lets the caller
// redact: label(personID) string), and ties drawn as: strong ===, moderate ---, tenuous -.-; direction to_client as an
// arrow from the system to the centre, from_client from the centre to the system, reciprocal <-->; a stressful tie
// gets a "stressful" label and a red dashed linkStyle whose index is the 0-based order of link declarations,
// computed as links are emitted; supportive ties a green linkStyle. Systems with no tie are still drawn (no link).
// Node ids are generated safe identifiers (S1, S2…; the centre C), never raw user text. Labels are quoted and escaped
// for Mermaid (double quotes → #quot;, and no raw newlines; strip characters that break the syntax: backticks,
// semicolons are fine inside quotes). A classDef styles the centre. Deterministic output for the same input.
//
// Systems are drawn in their file order and links in the order of the ties; a tie naming no
// system of the ecomap is left out. A system whose label and person name are both empty is
// labelled by its person id, then by its own id. Tie notes are not drawn (they may hold names).
func EcomapMermaid(e *casefile.Ecomap, centreLabel string, label func(personID string) string) string {
	return ecomapMermaid(e, centreLabel, label, "stressful")
}

// EcomapView is an ecomap with what its diagram names: the centre and the registry's people.
// Templates draw it with {{ecomap .}}, so its labels come out in the report's language.
type EcomapView struct {
	Map    *casefile.Ecomap
	Centre string
	label  func(string) string
}

// String is the diagram with English labels.
func (v *EcomapView) String() string { return EcomapMermaid(v.Map, v.Centre, v.label) }

// ecomapMermaid draws the diagram with the label a stressful tie carries in the report's language.
func ecomapMermaid(e *casefile.Ecomap, centreLabel string, label func(personID string) string, stressful string) string {
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	centre := mermaidText(centreLabel)
	if centre == "" {
		centre = ecomapCentreFallback
	}
	b.WriteString("  C(((\"" + centre + "\")))\n")

	var systems []casefile.EcoSystem
	var ties []casefile.Tie
	if e != nil {
		systems, ties = e.Systems, e.Ties
	}
	node := make(map[string]string, len(systems)) // system id → node id; the first system of an id wins
	for i, s := range systems {
		id := "S" + strconv.Itoa(i+1)
		if _, dup := node[s.ID]; !dup {
			node[s.ID] = id
		}
		b.WriteString("  " + id + "[\"" + ecomapSystemLabel(s, label) + "\"]\n")
	}

	var styles []string
	links := 0
	for _, t := range ties {
		id, ok := node[t.System]
		if !ok {
			continue
		}
		b.WriteString("  " + ecomapLink(id, t, stressful) + "\n")
		switch t.Quality {
		case "stressful":
			width := "2px"
			if t.Strength == "strong" {
				width = "4px" // keeps a strong tie thicker than the others
			}
			style := "stroke:#c00,stroke-width:" + width + ",stroke-dasharray:4 2"
			styles = append(styles, "  linkStyle "+strconv.Itoa(links)+" "+style+"\n")
		case "supportive":
			styles = append(styles, "  linkStyle "+strconv.Itoa(links)+" "+ecomapSupportiveStyle+"\n")
		}
		links++
	}
	for _, s := range styles {
		b.WriteString(s)
	}
	b.WriteString("  " + ecomapCentreClass + "\n  class C client\n```\n")
	return b.String()
}

// ecomapSystemLabel is a system's escaped label: its own label, else its person's name as the
// caller gives it, else the person id, else the system id, else "?".
func ecomapSystemLabel(s casefile.EcoSystem, label func(string) string) string {
	candidates := []string{s.Label}
	if s.Person != "" {
		if label != nil {
			candidates = append(candidates, label(s.Person))
		}
		candidates = append(candidates, s.Person)
	}
	candidates = append(candidates, s.ID)
	for _, c := range candidates {
		if t := mermaidText(c); t != "" {
			return t
		}
	}
	return "?"
}

// ecomapLink is one link line between the centre C and the system node id: the line's kind
// from the strength, its arrows and the order of its ends from the direction, and a
// "stressful" label for a stressful tie.
func ecomapLink(id string, t casefile.Tie, stressful string) string {
	var open, arrow string // the line without and with an arrow head
	switch t.Strength {
	case "strong":
		open, arrow = "===", "==>"
	case "tenuous":
		open, arrow = "-.-", "-.->"
	default: // moderate, or a value check will report
		open, arrow = "---", "-->"
	}
	from, to, line := "C", id, open
	switch t.Direction {
	case "to_client":
		from, to, line = id, "C", arrow
	case "from_client":
		line = arrow
	case "reciprocal":
		line = "<" + arrow
	}
	if t.Quality == "stressful" {
		word := mermaidText(stressful)
		if word == "" {
			word = "stressful"
		}
		line += "|" + word + "|"
	}
	return from + " " + line + " " + to
}

// mermaidText makes user text safe inside a quoted Mermaid label: line breaks and other
// control characters become spaces, backticks (markdown strings, code fences) are dropped,
// and the characters Mermaid or the HTML it renders would read as syntax are written as
// entity codes (#quot; for a double quote). Runs of spaces are collapsed and ends trimmed.
func mermaidText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '`' {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) { // includes \n, \r, \t, U+2028, U+2029
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
