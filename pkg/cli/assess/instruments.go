package assess

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/schema"
)

// given is a questionnaire typed on the command line.
type given struct {
	flag    string // phq9, gad7 or instrument
	id      string
	answers []int
}

// parseInstruments reads --phq9, --gad7 and --instrument ID=ANSWERS.
func parseInstruments(o *Options) ([]given, error) {
	var out []given
	add := func(flag, id, answers string) error {
		items, err := instrument.ParseAnswers(answers)
		if err != nil {
			return cmdutil.UsageErrorf("--%s: %v", flag, err)
		}
		for _, g := range out {
			if g.id == id {
				return cmdutil.UsageErrorf("--%s: %s is given twice; one result per questionnaire in an assessment", flag, id)
			}
		}
		out = append(out, given{flag: flag, id: id, answers: items})
		return nil
	}
	if o.PHQ9 != "" {
		if err := add("phq9", "phq9", o.PHQ9); err != nil {
			return nil, err
		}
	}
	if o.GAD7 != "" {
		if err := add("gad7", "gad7", o.GAD7); err != nil {
			return nil, err
		}
	}
	for _, s := range o.Instruments {
		p, err := parsePair("instrument", s, "phq9=0,1,2,1,0,0,1,0,0")
		if err != nil {
			return nil, err
		}
		if err := add("instrument", p.name, p.value); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// unknownInstrument says which instruments exist and where a new one is defined.
func unknownInstrument(id string, defs map[string]*instrument.Definition) string {
	ids := slices.Sorted(maps.Keys(defs))
	msg := fmt.Sprintf("instrument %q is not defined", id)
	if s := schema.Suggest(id, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg + fmt.Sprintf("; known: %s; an agency's own instrument is defined in instruments/%s.yaml", strings.Join(ids, ", "), id)
}

// hit is an item answered so that it raises a flag.
type hit struct {
	name   string // the instrument's display name
	item   int    // 1-based
	answer int
	text   string
	flag   string
}

// hits lists the items of a scored result that raise a flag.
func hits(d *instrument.Definition, items []int) []hit {
	var out []hit
	for i, a := range items {
		if i >= len(d.Items) {
			break
		}
		it := d.Items[i]
		if it.FlagIfGt != nil && a > *it.FlagIfGt && it.Flag != "" {
			out = append(out, hit{name: d.DisplayName(), item: i + 1, answer: a, text: itemText(it), flag: it.Flag})
		}
	}
	return out
}

// itemText is the item's English wording (else any), starting lower-case to sit in a sentence.
func itemText(it instrument.Item) string {
	t := it.Text["en"]
	if t == "" {
		for _, lang := range slices.Sorted(maps.Keys(it.Text)) {
			if t = it.Text[lang]; t != "" {
				break
			}
		}
	}
	if r, size := utf8.DecodeRuneInString(t); r != utf8.RuneError && size > 0 {
		t = string(unicode.ToLower(r)) + t[size:]
	}
	return strings.TrimSuffix(t, ".")
}

// safetyLine says at once what an item that screens positive for suicide risk asks of the
// practitioner, and for other flags what was raised.
func (h hit) line(a *casefile.Assessment, inEditor bool) string {
	what := ""
	if h.text != "" {
		what = " (" + h.text + ")"
	}
	head := fmt.Sprintf("%s item %d answered %d%s", h.name, h.item, h.answer, what)
	if h.flag != casefile.FlagSuicideScreen {
		return fmt.Sprintf("casework: warning: %s raises the flag %s", head, h.flag)
	}
	if i := riskIndex(a, "suicide_self_harm"); i >= 0 {
		return fmt.Sprintf("casework: SAFETY: %s: suicide risk assessed and recorded with it: suicide_self_harm %s", head, a.Risks[i].Level)
	}
	if inEditor {
		return fmt.Sprintf("casework: SAFETY: %s: assess suicide risk now and record it under risks: - domain: suicide_self_harm, level: LEVEL", head)
	}
	return fmt.Sprintf("casework: SAFETY: %s: assess suicide risk now and record it: --risk suicide_self_harm=LEVEL", head)
}

// safety prints each flag line once.
type safety struct {
	w    io.Writer
	seen map[string]bool
}

func (s *safety) say(a *casefile.Assessment, hs []hit, inEditor bool) {
	for _, h := range hs {
		l := h.line(a, inEditor)
		if !s.seen[l] {
			s.seen[l] = true
			fmt.Fprintln(s.w, l)
		}
	}
}

// needsSuicideRisk names the instruments of a that screened positive for suicide risk when no
// suicide_self_harm risk is recorded with them.
func needsSuicideRisk(a *casefile.Assessment) []int {
	if riskIndex(a, "suicide_self_harm") >= 0 {
		return nil
	}
	var out []int
	for i, in := range a.Instruments {
		if slices.Contains(in.Flags, casefile.FlagSuicideScreen) {
			out = append(out, i)
		}
	}
	return out
}

// rescore recomputes total, band and flags of every instrument of a from its items; the
// values read are never trusted. It returns the problems (placed by at) and the flagged items.
func rescore(a *casefile.Assessment, defs map[string]*instrument.Definition, at func(msg string, warn bool, keys ...string)) []hit {
	var out []hit
	for i := range a.Instruments {
		in := &a.Instruments[i]
		idx := fmt.Sprint(i)
		d, ok := defs[in.Instrument]
		if !ok {
			at(unknownInstrument(in.Instrument, defs), false, "instruments", idx, "instrument")
			continue
		}
		given := in.Total != 0 || in.Band != "" || len(in.Flags) > 0
		msgs := instrument.Recompute(defs, *in)
		res, err := d.Score(in.Items)
		if err != nil {
			at(err.Error(), false, "instruments", idx, "items")
			continue
		}
		if given {
			for _, m := range msgs {
				at(m+"; stored as computed", true, "instruments", idx)
			}
		}
		in.Total, in.Band, in.Flags = res.Total, res.Band, res.Flags
		if in.Version == "" {
			in.Version = d.Version
		}
		out = append(out, hits(d, in.Items)...)
	}
	return out
}

// displayName is the instrument's name as people know it (PHQ-9), else its id.
func displayName(defs map[string]*instrument.Definition, id string) string {
	if d := defs[id]; d != nil {
		return d.DisplayName()
	}
	return id
}
