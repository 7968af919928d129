package instrument

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/schema"
	"go.yaml.in/yaml/v3"
)

// Bounds that keep every sum far from overflow and every file reasonable.
const (
	maxFileSize = 1 << 20
	maxItems    = 1000
	maxAbsValue = 1_000_000
)

var (
	validator = &schema.Validator{Enums: Enums}
	defType   = reflect.TypeOf(Definition{})

	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	// A file checked out with CRLF line ends keeps a \r after a bare marker.
	conflictMarker = regexp.MustCompile(`^(<{7}|={7}|>{7}|\|{7})( |\r?$)`)
	yamlLine       = regexp.MustCompile(`line (\d+)(?:, column (\d+))?: (.*)`)
)

// Load reads every *.yaml file of dir, one definition each, named after its id. A missing dir
// holds none. Problems name the file as relPrefix/<file name>. Only definitions without errors
// are returned. A phq9.yaml or gad7.yaml replaces the built-in only when it scores exactly the
// same way (items, answers, scoring, bands and flags); the languages it leaves out (names, item
// texts, labels) are taken from the built-in, so a file holding only the official French wording
// keeps the English one.
func Load(dir, relPrefix string) (map[string]*Definition, []casefile.Problem) {
	out := map[string]*Definition{}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return out, []casefile.Problem{{Path: relPrefix, Msg: "cannot read the instruments folder: " + err.Error()}}
	}
	var ps []casefile.Problem
	builtin := builtins()
	for _, e := range entries {
		name := e.Name()
		path := name
		if relPrefix != "" {
			path = relPrefix + "/" + name
		}
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		if strings.HasSuffix(name, ".yml") {
			ps = append(ps, casefile.Problem{Path: path, Warning: true,
				Msg: "instrument definitions end in .yaml: rename it to " + strings.TrimSuffix(name, ".yml") + ".yaml, or it is ignored"})
			continue
		}
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		data, err := readFile(filepath.Join(dir, name))
		if err != nil {
			ps = append(ps, casefile.Problem{Path: path, Msg: err.Error()})
			continue
		}
		d, doc, fps := parse(path, name, data)
		if b, ok := builtin[strings.TrimSuffix(name, ".yaml")]; ok && d != nil {
			fps = append(fps, compatible(path, d, b, doc)...)
			sortProblems(fps)
			if !hasErrors(fps) {
				inherit(d, b)
			}
		}
		ps = append(ps, fps...)
		if d != nil && !hasErrors(fps) {
			out[d.ID] = d
		}
	}
	return out, ps
}

// All is the built-in instruments with the definitions of dir added, or replacing them.
func All(dir, relPrefix string) (map[string]*Definition, []casefile.Problem) {
	defs := Builtin()
	loaded, ps := Load(dir, relPrefix)
	maps.Copy(defs, loaded)
	return defs, ps
}

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("the file is larger than %d KiB; an instrument definition is a few kilobytes", maxFileSize>>10)
	}
	return data, nil
}

func hasErrors(ps []casefile.Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

func sortProblems(ps []casefile.Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
}

func syntaxProblem(path string, err error) casefile.Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		if col == 0 {
			col = 1
		}
		return casefile.Problem{Path: path, Line: line, Col: col, Msg: "not valid YAML: " + m[3]}
	}
	return casefile.Problem{Path: path, Line: 1, Col: 1, Msg: "not valid YAML: " + msg}
}

// parse checks one definition file, named file, and decodes it. The definition is returned only
// when no error was found.
func parse(path, file string, data []byte) (*Definition, *yaml.Node, []casefile.Problem) {
	var ps []casefile.Problem
	for i, line := range bytes.Split(data, []byte("\n")) {
		if conflictMarker.Match(line) {
			ps = append(ps, casefile.Problem{Path: path, Line: i + 1, Col: 1,
				Msg: "git conflict marker: resolve the conflict (keep the right lines, delete the markers)"})
		}
	}
	if len(ps) > 0 {
		return nil, nil, ps
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, []casefile.Problem{syntaxProblem(path, err)}
	}
	if w := key(&doc, "instrument"); w != nil && schema.Lookup(&doc, "id") == nil {
		return nil, &doc, []casefile.Problem{{Path: path, Line: w.Line, Col: w.Column,
			Msg: `the definition's fields go at the top level of the file: remove "instrument:" and un-indent what it holds`}}
	}
	for _, p := range validator.Check(&doc, defType) {
		ps = append(ps, casefile.Problem{Path: path, Line: p.Line, Col: p.Col, Msg: p.Msg, Warning: p.Warning})
	}
	if hasErrors(ps) {
		return nil, &doc, ps
	}
	var d Definition
	if err := doc.Decode(&d); err != nil {
		return nil, &doc, append(ps, syntaxProblem(path, err))
	}
	at := func(msg string, keys ...string) {
		n := schema.Lookup(&doc, keys...)
		if n == nil {
			n = doc.Content[0]
		}
		ps = append(ps, casefile.Problem{Path: path, Line: n.Line, Col: n.Column, Msg: msg})
	}
	check(&d, strings.TrimSuffix(file, ".yaml"), at)
	sortProblems(ps)
	if hasErrors(ps) {
		return nil, &doc, ps
	}
	return &d, &doc, ps
}

// key returns the key node of a top-level field, or nil.
func key(doc *yaml.Node, name string) *yaml.Node {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return m.Content[i]
		}
	}
	return nil
}

// check applies the rules the schema cannot express.
func check(d *Definition, base string, at func(msg string, keys ...string)) {
	idx := strconv.Itoa
	switch {
	case !idPattern.MatchString(d.ID):
		at(fmt.Sprintf("id %q: use lower-case letters, digits, - or _ (at most 64), e.g. housing-stability", d.ID), "id")
	case d.ID != base:
		at(fmt.Sprintf("id %q does not match the file name %s.yaml: rename the file to %s.yaml or change the id", d.ID, base, d.ID), "id")
	}
	if len(d.Name) == 0 {
		at("name needs at least one language, e.g. {en: \"Housing stability\"}", "name")
	}
	if d.RecallPeriodDays < 0 {
		at(fmt.Sprintf("recall_period_days %d is negative", d.RecallPeriodDays), "recall_period_days")
	}

	// Answers.
	values := map[int]int{}
	codes := map[string]int{}
	lo, hi := 0, 0
	for i, o := range d.ResponseOptions {
		switch {
		case o.Value < -maxAbsValue || o.Value > maxAbsValue:
			at(fmt.Sprintf("response_options[%d]: value %d is outside -%d to %d", i, o.Value, maxAbsValue, maxAbsValue), "response_options", idx(i), "value")
		default:
			if j, dup := values[o.Value]; dup {
				at(fmt.Sprintf("response_options[%d]: value %d is already the value of response_options[%d]; each answer scores differently", i, o.Value, j), "response_options", idx(i), "value")
			}
			values[o.Value] = i
		}
		if !codePattern.MatchString(o.Code) {
			at(fmt.Sprintf("response_options[%d]: code %q: use lower-case snake_case, e.g. several_days", i, o.Code), "response_options", idx(i), "code")
		} else if j, dup := codes[o.Code]; dup {
			at(fmt.Sprintf("response_options[%d]: code %q is already used by response_options[%d]", i, o.Code, j), "response_options", idx(i), "code")
		}
		codes[o.Code] = i
		if i == 0 || o.Value < lo {
			lo = o.Value
		}
		if i == 0 || o.Value > hi {
			hi = o.Value
		}
	}
	optionsOK := len(d.ResponseOptions) >= 2 && lo >= -maxAbsValue && hi <= maxAbsValue
	if len(d.ResponseOptions) < 2 {
		at("response_options needs at least two answers", "response_options")
	}

	// Items.
	ids := map[string]int{}
	for i, it := range d.Items {
		if j, dup := ids[it.ID]; dup {
			at(fmt.Sprintf("items[%d]: id %q is already used by items[%d]", i, it.ID, j), "items", idx(i), "id")
		}
		ids[it.ID] = i
		switch {
		case it.FlagIfGt != nil && it.Flag == "":
			at(fmt.Sprintf("items[%d]: flag_if_gt needs a flag: the code raised when the answer is above %d, e.g. suicide_risk_screen_positive", i, *it.FlagIfGt), "items", idx(i), "flag_if_gt")
		case it.FlagIfGt == nil && it.Flag != "":
			at(fmt.Sprintf("items[%d]: flag %q needs flag_if_gt: the answer above which it is raised", i, it.Flag), "items", idx(i), "flag")
		case it.FlagIfGt != nil:
			if !codePattern.MatchString(it.Flag) {
				at(fmt.Sprintf("items[%d]: flag %q: use lower-case snake_case, e.g. suicide_risk_screen_positive", i, it.Flag), "items", idx(i), "flag")
			}
			if optionsOK && *it.FlagIfGt >= hi {
				at(fmt.Sprintf("items[%d]: flag_if_gt %d: no answer is above it (the highest is %d), so %s could never be raised", i, *it.FlagIfGt, hi, it.Flag), "items", idx(i), "flag_if_gt")
			}
			if optionsOK && *it.FlagIfGt < lo {
				at(fmt.Sprintf("items[%d]: flag_if_gt %d: every answer is above it (the lowest is %d), so %s would always be raised", i, *it.FlagIfGt, lo, it.Flag), "items", idx(i), "flag_if_gt")
			}
		}
	}
	switch {
	case len(d.Items) == 0:
		at("items needs at least one item", "items")
	case len(d.Items) > maxItems:
		at(fmt.Sprintf("items: %d items is more than the %d an instrument may have", len(d.Items), maxItems), "items")
	}

	// Scoring: a sum runs from every item at its lowest answer to every item at its highest.
	n := len(d.Items)
	if d.Scoring.Min > d.Scoring.Max {
		at(fmt.Sprintf("scoring.min %d is above scoring.max %d", d.Scoring.Min, d.Scoring.Max), "scoring", "min")
	} else if d.Scoring.Method == "sum" && optionsOK && n > 0 && n <= maxItems {
		if d.Scoring.Min != n*lo {
			at(fmt.Sprintf("scoring.min is %d but %s answered %d add up to %d", d.Scoring.Min, plural(n, "item"), lo, n*lo), "scoring", "min")
		}
		if d.Scoring.Max != n*hi {
			at(fmt.Sprintf("scoring.max is %d but %s answered %d add up to %d", d.Scoring.Max, plural(n, "item"), hi, n*hi), "scoring", "max")
		}
	}

	// Bands: ascending, the first holding scoring.min, the last ending at scoring.max.
	bandCodes := map[string]int{}
	for i, b := range d.Bands {
		if !codePattern.MatchString(b.Code) {
			at(fmt.Sprintf("bands[%d]: code %q: use lower-case snake_case, e.g. moderately_severe", i, b.Code), "bands", idx(i), "code")
		} else if j, dup := bandCodes[b.Code]; dup {
			at(fmt.Sprintf("bands[%d]: code %q is already used by bands[%d]", i, b.Code, j), "bands", idx(i), "code")
		}
		bandCodes[b.Code] = i
		switch {
		case i == 0 && b.Max < d.Scoring.Min:
			at(fmt.Sprintf("bands[0]: max %d is below scoring.min %d, so the band holds no total; bands must cover %d to %d", b.Max, d.Scoring.Min, d.Scoring.Min, d.Scoring.Max), "bands", "0", "max")
		case i > 0 && b.Max <= d.Bands[i-1].Max:
			at(fmt.Sprintf("bands[%d]: max %d is not above the previous band's max %d; list bands from lowest to highest", i, b.Max, d.Bands[i-1].Max), "bands", idx(i), "max")
		}
	}
	if len(d.Bands) == 0 {
		at(fmt.Sprintf("bands needs at least one band, the last with max %d", d.Scoring.Max), "bands")
	} else if last := len(d.Bands) - 1; d.Bands[last].Max != d.Scoring.Max {
		at(fmt.Sprintf("bands[%d]: the last band ends at %d but scoring.max is %d; bands must cover %d to %d", last, d.Bands[last].Max, d.Scoring.Max, d.Scoring.Min, d.Scoring.Max), "bands", idx(last), "max")
	}
}

// compatible checks that a file replacing a built-in scores exactly like it.
func compatible(path string, d, b *Definition, doc *yaml.Node) []casefile.Problem {
	var ps []casefile.Problem
	at := func(msg string, keys ...string) {
		n := schema.Lookup(doc, keys...)
		if n == nil {
			n = doc.Content[0]
		}
		ps = append(ps, casefile.Problem{Path: path, Line: n.Line, Col: n.Column,
			Msg: fmt.Sprintf("%s replaces the built-in %s and must score exactly like it (add wording in other languages, change nothing else): %s", d.ID, b.DisplayName(), msg)})
	}
	if len(d.Items) != len(b.Items) {
		at(fmt.Sprintf("keep %s, not %d", plural(len(b.Items), "item"), len(d.Items)), "items")
	} else {
		for i := range d.Items {
			if flagRule(d.Items[i]) != flagRule(b.Items[i]) {
				at(fmt.Sprintf("keep %s on items[%d]", flagRule(b.Items[i]), i), "items", strconv.Itoa(i))
			}
		}
	}
	values := func(def *Definition) []int {
		vs := make([]int, len(def.ResponseOptions))
		for i, o := range def.ResponseOptions {
			vs[i] = o.Value
		}
		slices.Sort(vs)
		return vs
	}
	if !slices.Equal(values(d), values(b)) {
		at(fmt.Sprintf("keep the answer values %s", joinInts(values(b))), "response_options")
	}
	if d.Scoring != b.Scoring {
		at(fmt.Sprintf("keep scoring {method: %s, min: %d, max: %d}", b.Scoring.Method, b.Scoring.Min, b.Scoring.Max), "scoring")
	}
	bands := func(def *Definition) []string {
		s := make([]string, len(def.Bands))
		for i, x := range def.Bands {
			s[i] = fmt.Sprintf("%s up to %d", x.Code, x.Max)
		}
		return s
	}
	if !slices.Equal(bands(d), bands(b)) {
		at("keep the bands "+strings.Join(bands(b), ", "), "bands")
	}
	return ps
}

func flagRule(it Item) string {
	if it.FlagIfGt == nil {
		return "no flag"
	}
	return fmt.Sprintf("flag_if_gt %d with flag %s", *it.FlagIfGt, it.Flag)
}

func joinInts(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

// inherit fills what a replacing file leaves out (languages, version, recall period) from the
// built-in it replaces; both score the same way, so items and bands line up, and answers match
// by value.
func inherit(d, b *Definition) {
	fill := func(dst *map[string]string, src map[string]string) {
		for lang, s := range src {
			if _, ok := (*dst)[lang]; !ok {
				if *dst == nil {
					*dst = map[string]string{}
				}
				(*dst)[lang] = s
			}
		}
	}
	fill(&d.Name, b.Name)
	fill(&d.ScreeningNote, b.ScreeningNote)
	for i := range d.Items {
		fill(&d.Items[i].Text, b.Items[i].Text)
	}
	for i := range d.ResponseOptions {
		if o, ok := b.option(d.ResponseOptions[i].Value); ok {
			fill(&d.ResponseOptions[i].Label, o.Label)
		}
	}
	for i := range d.Bands {
		fill(&d.Bands[i].Label, b.Bands[i].Label)
	}
	if d.Version == "" {
		d.Version = b.Version
	}
	if d.RecallPeriodDays == 0 {
		d.RecallPeriodDays = b.RecallPeriodDays
	}
}
