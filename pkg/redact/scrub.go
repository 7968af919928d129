package redact

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casework/casework/pkg/casefile"
)

// scrubber replaces, in free text, every name and alias of the registry (and each part of a
// name), and every identifying detail the profile removes, case-insensitively and only as whole
// words; then e-mail addresses and phone-like numbers, wherever they come from.
type scrubber struct {
	needles  []string          // folded, longest first
	repl     map[string]string // lower-cased needle → replacement
	contacts bool              // remove e-mail addresses and phone-like numbers
	active   bool
}

var (
	emailRe = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.\p{L}{2,}`)
	// phoneRe is a run of digits with the separators of phone and identity numbers.
	phoneRe = regexp.MustCompile(`\+?\(?\d[\d .\-()/]{6,}\d`)
	isoDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
)

// particles are parts of names too common to scrub alone.
var particles = map[string]bool{"de": true, "du": true, "des": true, "del": true, "della": true, "la": true, "le": true,
	"los": true, "las": true, "van": true, "von": true, "der": true, "den": true, "y": true, "e": true, "da": true, "dos": true,
	"mme": true, "mr": true, "mrs": true, "ms": true, "sr": true, "sra": true, "m": true, "dr": true, "the": true, "and": true}

func newScrubber(c *casefile.Case, p casefile.RedactionProfile, s Scope) *scrubber {
	sc := &scrubber{repl: map[string]string{}, contacts: p.ContactDetails == "remove", active: p.FreeText != "keep"}
	ls := labels(c, p, s)
	add := func(needle, with string) {
		needle = strings.TrimSpace(needle)
		if utf8.RuneCountInString(needle) < 2 {
			return
		}
		k := fold(needle)
		if _, ok := sc.repl[k]; !ok {
			sc.repl[k] = with
		}
	}
	for _, x := range c.People.People {
		client := x.ID == c.Intake.Client
		if l := ls[x.ID]; l != "" {
			for _, n := range append([]string{x.Name}, x.Aliases...) {
				add(n, l)
			}
			for _, n := range append([]string{x.Name}, x.Aliases...) {
				if x.Kind == "organisation" {
					break // an organisation's name is words ("Centre social"): only whole
				}
				for _, part := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' }) {
					if utf8.RuneCountInString(part) >= 3 && !particles[strings.ToLower(part)] && !strings.EqualFold(part, c.Intake.Area) {
						add(part, l)
					}
				}
			}
			add(x.Organisation, l)
		}
		third := !client && ls[x.ID] != ""
		if (p.Address != "keep" || third) && x.Address != "" {
			add(x.Address, Removed)
			for _, part := range strings.Split(x.Address, ",") {
				// A town that is the case's service area is the area the profile keeps.
				if utf8.RuneCountInString(strings.TrimSpace(part)) >= 5 && !strings.EqualFold(strings.TrimSpace(part), c.Intake.Area) {
					add(part, Removed)
				}
			}
		}
		if p.ContactDetails == "remove" || third {
			add(x.Phone, Removed)
			add(x.Email, Removed)
		}
		if p.IdentityNumbers == "remove" || third {
			for _, v := range x.IdentityNumbers {
				add(v, Removed)
			}
		}
		if (p.BirthDate != "keep" || (!client && ls[x.ID] != "")) && !x.BirthDate.IsZero() {
			iso := x.BirthDate.String()
			add(iso, Removed)
			add(iso[8:10]+"/"+iso[5:7]+"/"+iso[0:4], Removed)
		}
	}
	if m := c.Intake.Mandate; m != nil && p.IdentityNumbers == "remove" {
		add(m.Reference, Removed)
	}
	for k := range sc.repl {
		sc.needles = append(sc.needles, k)
	}
	sort.Slice(sc.needles, func(i, j int) bool {
		if len(sc.needles[i]) != len(sc.needles[j]) {
			return len(sc.needles[i]) > len(sc.needles[j])
		}
		return sc.needles[i] < sc.needles[j]
	})
	return sc
}

// exact replaces a value that is, whole, a name or detail of the registry: an id or a code field
// holding a name by mistake. Ids are never cut into.
func (sc *scrubber) exact(s string) string {
	if !sc.active {
		return s
	}
	if r, ok := sc.repl[fold(strings.TrimSpace(s))]; ok {
		return r
	}
	return s
}

// wordChar is a character a name cannot be glued to.
func wordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func (sc *scrubber) scrub(s string) string {
	if !sc.active || s == "" {
		return s
	}
	if sc.contacts && strings.Contains(s, "@") {
		s = emailRe.ReplaceAllString(s, Removed) // first: an address holds names
	}
	if len(sc.needles) > 0 {
		// Matched on the text folded (lower case, no accents), replaced in the text itself:
		// "Hélène" in the registry finds "HELENE" and "helene" in a note, and the reverse.
		folded, at := foldMap(s)
		type match struct{ start, end int }
		var ms []match
		for _, n := range sc.needles { // longest first
			for from := 0; ; {
				i := strings.Index(folded[from:], n)
				if i < 0 {
					break
				}
				ms = append(ms, match{from + i, from + i + len(n)})
				from += i + len(n)
			}
		}
		if len(ms) > 0 {
			sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
			var b strings.Builder
			last, lastF := 0, 0
			for _, fm := range ms {
				if fm.start < lastF {
					continue // inside a longer name already replaced
				}
				m := []int{at[fm.start], at[fm.end]}
				before, _ := utf8.DecodeLastRuneInString(s[:m[0]])
				after, _ := utf8.DecodeRuneInString(s[m[1]:])
				if (m[0] > 0 && wordChar(before)) || (m[1] < len(s) && wordChar(after)) {
					continue
				}
				b.WriteString(s[last:m[0]])
				b.WriteString(sc.repl[folded[fm.start:fm.end]])
				last, lastF = m[1], fm.end
			}
			b.WriteString(s[last:])
			s = b.String()
		}
	}
	if sc.contacts && digitCount(s) >= 9 {
		s = phoneRe.ReplaceAllStringFunc(s, func(m string) string {
			digits := 0
			for _, r := range m {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
			if digits < 9 || isoDate.MatchString(m) {
				return m
			}
			return Removed
		})
	}
	return s
}

// refFields are the fields that hold ids and codes rather than words: scrubbed (a name typed
// where an id belongs is still caught) but never dropped.
var refFields = map[string]bool{
	"id": true, "recorded_by": true, "client": true, "person": true, "participants": true, "others_informed": true,
	"partners": true, "recipients": true, "signed_by": true, "consent": true, "referral": true, "closure": true,
	"amends": true, "goals": true, "goal": true, "system": true, "centre": true, "instrument": true, "version": true,
	"decided_by": true, "worker": true, "supervisor": true, "updated_by": true, "by": true, "agency": true,
	"previous_case": true, "responsible": true, "approved_by": true, "area": true, "redirected_to": true,
	"flags": true, "band": true, "language": true, "service": true, "services": true,
}

// redactText scrubs (or, with free_text: drop, empties) every string of the case but the
// registry's, which redactPeople handled.
func redactText(r *casefile.Case, p casefile.RedactionProfile, sc *scrubber) {
	if p.FreeText == "keep" {
		return
	}
	drop := p.FreeText == "drop"
	people := r.People
	r.People = nil
	walk(reflect.ValueOf(r).Elem(), false, func(s string, text bool) string {
		switch {
		case drop && text:
			return ""
		case text:
			return sc.scrub(s)
		}
		return sc.exact(s)
	})
	r.People = people
}

// walk visits every settable string under v; text says whether it is free text (no enum code,
// no reference).
func walk(v reflect.Value, text bool, fn func(string, bool) string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), text, fn)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.Split(f.Tag.Get("yaml"), ",")[0]
			// A field with no yaml name is the program's own (an id, a path): never text.
			code := name == "" || strings.Contains(f.Tag.Get("cw"), "enum=") || refFields[name]
			walk(v.Field(i), !code, fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walk(v.Index(i), text, fn)
		}
	case reflect.Map:
		if v.Type().Elem().Kind() == reflect.String {
			it := v.MapRange()
			for it.Next() {
				v.SetMapIndex(it.Key(), reflect.ValueOf(fn(it.Value().String(), text)).Convert(v.Type().Elem()))
			}
			return
		}
		it := v.MapRange()
		for it.Next() {
			e := reflect.New(it.Value().Type()).Elem()
			e.Set(it.Value())
			walk(e, text, fn)
			v.SetMapIndex(it.Key(), e)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(fn(v.String(), text))
		}
	}
}

// accents maps the accented Latin letters of the languages casework serves to their base letter.
var accents = func() map[rune]rune {
	m := map[rune]rune{}
	for base, all := range map[rune]string{'a': "àáâãäåā", 'c': "çćč", 'e': "èéêëēė", 'i': "ìíîïī", 'n': "ñń",
		'o': "òóôõöøō", 'u': "ùúûüū", 'y': "ýÿ", 's': "šś", 'z': "žźż"} {
		for _, r := range all {
			m[r] = base
		}
	}
	return m
}()

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	if b, ok := accents[r]; ok {
		return b
	}
	return r
}

// fold is s in lower case without accents.
func fold(s string) string {
	f, _ := foldMap(s)
	return f
}

// foldMap folds s and maps each byte offset of the folded text (and its end) to the offset of
// the same character in s.
func foldMap(s string) (string, []int) {
	var b strings.Builder
	at := make([]int, 0, len(s)+1)
	for i, r := range s {
		n, _ := b.WriteRune(foldRune(r))
		for range n {
			at = append(at, i)
		}
	}
	at = append(at, len(s))
	return b.String(), at
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
