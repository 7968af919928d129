package note

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/schema"
)

// labels are the English headings of the sections, as the editor shows them and --show prints
// them. A heading may be typed as its label or as its code.
var labels = map[string]string{
	"text":               "Text",
	"subjective":         "Subjective",
	"objective":          "Objective",
	"assessment":         "Assessment",
	"plan":               "Plan",
	"data":               "Data",
	"behaviour":          "Behaviour",
	"intervention":       "Intervention",
	"response":           "Response",
	"goal":               "Goal",
	"problem":            "Problem",
	"evaluation":         "Evaluation",
	"purpose":            "Purpose",
	"process":            "Process",
	"overall_evaluation": "Overall evaluation",
	"next_suggestions":   "Suggestions for the next interview",
}

// aliases are other spellings practitioners use for a section.
var aliases = map[string]string{
	"behavior":      "behaviour",
	"goals":         "goal",
	"interventions": "intervention",
	"suggestions":   "next_suggestions",
}

// hints say what goes in each section (domain-reference §2); "format.section" overrides the
// section's general hint.
var hints = map[string]string{
	"text":               "what happened, in order: the reason for the contact, what was said and done, your view, next steps",
	"subjective":         "what the client (or family) reports, in their own words where you can",
	"objective":          "what you observed or can verify: appearance, behaviour, attendance, documents",
	"soap.assessment":    "your professional interpretation: progress toward goals, risk, hypotheses",
	"assessment":         "the client's response to the interventions, progress, changes to goals",
	"plan":               "next steps: interventions, tasks, referrals, the next contact",
	"data":               "the reason for the contact, how the client presents, changes since last time, interventions used",
	"behaviour":          "issues, complaints, emotional and behavioural presentation during the contact",
	"intervention":       "what you did to address them",
	"response":           "how the client responded: did the intervention help?",
	"goal":               "which plan goal(s) this contact worked on",
	"problem":            "the presenting problem: the client's concerns",
	"evaluation":         "how the client responded and how effective the intervention was",
	"purpose":            "why the interview took place",
	"process":            "how it unfolded: topics, who said what, techniques used",
	"overall_evaluation": "your overall appraisal",
	"next_suggestions":   "what to do or explore at the next interview",
}

func hint(format, section string) string {
	if h, ok := hints[format+"."+section]; ok {
		return h
	}
	return hints[section]
}

// label is a section's heading.
func label(section string) string {
	if l, ok := labels[section]; ok {
		return l
	}
	return section
}

// normalise folds a typed section name: case, spaces, hyphens and a final colon do not matter.
func normalise(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(s, ":")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' }), "_")
	return s
}

// resolveSection finds the section of format a typed name means: its code, its heading or a
// known alias.
func resolveSection(format, typed string) (string, bool) {
	n := normalise(typed)
	if a, ok := aliases[n]; ok {
		n = a
	}
	for _, s := range casefile.NoteSections[format] {
		if n == s || n == normalise(labels[s]) {
			return s, true
		}
	}
	return "", false
}

// unknownSection says that a name is no section of format, with the likely one.
func unknownSection(format, typed string) string {
	allowed := casefile.NoteSections[format]
	name := normalise(typed)
	if name == "" {
		name = typed
	}
	if s := schema.Suggest(name, allowed); s != "" {
		return fmt.Sprintf("a %s note has no section %q (did you mean %q?); its sections are %s", format, typed, s, schema.OneOf(allowed))
	}
	return fmt.Sprintf("a %s note has no section %q; its sections are %s", format, typed, schema.OneOf(allowed))
}

// parseSectionFlags reads --section NAME=TEXT (repeatable; a section given twice gets both
// texts as paragraphs) and -m TEXT (the text of a narrative note, paragraphs when repeated).
func parseSectionFlags(format string, sections, messages []string) (map[string]string, error) {
	out := map[string]string{}
	add := func(name, text string) {
		if prev := out[name]; prev != "" {
			text = prev + "\n\n" + text
		}
		out[name] = text
	}
	for _, s := range sections {
		name, text, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, cmdutil.UsageErrorf("--section %q: write NAME=TEXT, e.g. --section %s=\"...\"", s, casefile.NoteSections[format][0])
		}
		sec, known := resolveSection(format, name)
		if !known {
			return nil, cmdutil.UsageErrorf("--section %s: %s", strings.TrimSpace(name), unknownSection(format, strings.TrimSpace(name)))
		}
		text = strings.TrimSpace(text)
		if text == "" {
			return nil, cmdutil.UsageErrorf("--section %s has no text", sec)
		}
		add(sec, text)
	}
	for _, m := range messages {
		m = strings.TrimSpace(m)
		if m == "" {
			return nil, cmdutil.UsageErrorf("-m has no text")
		}
		add("text", m)
	}
	return out, nil
}

// parseBody reads a note's body as typed on stdin or saved in the editor: for a structured
// format, "## Heading" lines named like the sections (their code or heading, in any case), each
// followed by its text; for a narrative note, the text itself (a first "## Text" heading may be
// given). Lines starting with a single "#" are comments and left out; "###" and deeper
// headings are text. Problems carry the line of the document (1-based) and path.
func parseBody(path, format string, doc string) (map[string]string, []casefile.Problem) {
	var ps []casefile.Problem
	problem := func(line, col int, format string, args ...any) {
		ps = append(ps, casefile.Problem{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
	lines := strings.Split(strings.ReplaceAll(doc, "\r\n", "\n"), "\n")
	texts := map[string][]string{}
	seenAt := map[string]int{}
	current := ""
	narrative := format == "narrative"
	if narrative {
		current = "text"
	}
	strayReported := false
	for i, line := range lines {
		n := i + 1
		heading, isHeading := headingOf(line)
		switch {
		case isHeading && narrative:
			// Headed paragraphs are part of a narrative; only a first "## Text" is the heading.
			if sec, ok := resolveSection(format, heading); ok && sec == "text" && len(texts["text"]) == 0 && seenAt["text"] == 0 {
				seenAt["text"] = n
				continue
			}
			texts["text"] = append(texts["text"], line)
		case isHeading:
			sec, ok := resolveSection(format, heading)
			if !ok {
				problem(n, 4, "%s", unknownSection(format, heading))
				current = ""
				strayReported = true // the text under it is part of this error
				continue
			}
			if first := seenAt[sec]; first > 0 {
				problem(n, 4, "section %s is given twice (first at line %d): write it once", sec, first)
			}
			seenAt[sec] = n
			current = sec
		case isComment(line):
			continue
		case current == "":
			if strings.TrimSpace(line) != "" && !strayReported {
				problem(n, 1, "text before the first heading: put it under one of the %s note's headings (%s)",
					format, headingList(format))
				strayReported = true
			}
		default:
			texts[current] = append(texts[current], line)
		}
	}
	out := map[string]string{}
	for sec, ls := range texts {
		if t := tidy(ls); t != "" {
			out[sec] = t
		}
	}
	return out, ps
}

// headingOf reports whether a line is a "## Heading" line and returns the heading.
func headingOf(line string) (string, bool) {
	if !strings.HasPrefix(line, "##") || strings.HasPrefix(line, "###") {
		return "", false
	}
	rest := line[2:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	h := strings.TrimSpace(rest)
	return h, h != ""
}

// isComment: a line starting with a single "#" (headings start with "##").
func isComment(line string) bool {
	return strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "##")
}

// tidy joins a section's lines without the blank lines around them and the spaces ending lines.
func tidy(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}

// headingList is the format's headings as "## Goal, ## Intervention, …".
func headingList(format string) string {
	var hs []string
	for _, s := range casefile.NoteSections[format] {
		hs = append(hs, "## "+label(s))
	}
	return strings.Join(hs, ", ")
}

// renderBody writes sections as the editor and stdin read them: each heading, its hint as a
// comment when withHints, then its text.
func renderBody(format string, sections map[string]string, withHints bool) string {
	var b strings.Builder
	for i, s := range casefile.NoteSections[format] {
		if i > 0 {
			b.WriteString("\n")
		}
		if format != "narrative" {
			fmt.Fprintf(&b, "## %s\n", label(s))
		}
		if withHints && sections[s] == "" {
			fmt.Fprintf(&b, "# %s\n", hint(format, s))
		}
		if t := sections[s]; t != "" {
			b.WriteString(t)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// missingSections lists the format's sections a note leaves empty.
func missingSections(format string, sections map[string]string) []string {
	var out []string
	for _, s := range casefile.NoteSections[format] {
		if strings.TrimSpace(sections[s]) == "" {
			out = append(out, s)
		}
	}
	return out
}

// hasText reports whether any section holds text.
func hasText(sections map[string]string) bool {
	for _, t := range sections {
		if strings.TrimSpace(t) != "" {
			return true
		}
	}
	return false
}
