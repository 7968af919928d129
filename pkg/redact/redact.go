// Package redact applies a redaction profile (domain-reference §10.5) to a loaded case: it
// returns a redacted copy of the case's data, which the ordinary views and templates then render,
// so every format and language of every export is covered by construction. It redacts the data,
// never the rendered text. It is pure: no files, no terminal, no clock.
package redact

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
)

// EntryKinds are the kinds of entry a court order may name (--include).
var EntryKinds = []string{"intake", "decisions", "assessments", "safety_plans", "plan", "notes", "consents",
	"referrals", "reviews", "closures", "reopenings"}

// Scope narrows an export to what an order or a consent names.
type Scope struct {
	// AsOf is the export's date: ages are counted and consents judged on it.
	AsOf dates.Date
	// From and To bound the entries' dates (scope order); zero: open.
	From, To dates.Date
	// Include names the entry kinds exported (scope order); empty: all.
	Include []string
	// WorkingNotes keeps the notes of the profile's working-note kinds.
	WorkingNotes bool
	// Consent and Recipient: the consent the export relies on and who receives it (scope consent).
	Consent   string
	Recipient string
	// RoleLabel words a role code (client, child, neighbour...) in the export's language.
	RoleLabel func(code string) string
}

// Result is a redacted case and what the export holds.
type Result struct {
	Case *casefile.Case
	// Ages are the people's ages on AsOf when the profile turns birth dates into ages; Years
	// their birth years when it keeps the year.
	Ages  map[string]int
	Years map[string]int
	// Entries lists what is exported: "people", "intake", "plan", then entry ids.
	Entries []string
	// Categories are the information categories a consent scope allowed.
	Categories []string
	// Coded: the profile reduces dates to the year, so only the coded view may be shown.
	Coded   bool
	Profile casefile.RedactionProfile
}

// Removed is what takes the place of a contact detail or number removed from free text.
const Removed = "[…]"

// Apply returns a redacted copy of c under profile p; c is not changed.
func Apply(c *casefile.Case, p casefile.RedactionProfile, s Scope) (*Result, error) {
	if c.Intake == nil || c.People == nil {
		return nil, fmt.Errorf("case %s cannot be exported: its intake or people registry does not load (run casework check)", c.ID)
	}
	if s.RoleLabel == nil {
		s.RoleLabel = func(code string) string { return strings.ReplaceAll(code, "_", " ") }
	}
	res := &Result{Profile: p, Coded: p.Dates == "year", Ages: map[string]int{}, Years: map[string]int{}}
	cats := []string(nil)
	if p.Scope == "consent" {
		if s.Consent == "" {
			return nil, fmt.Errorf("this profile shares only what a consent covers: name the consent with --consent ID")
		}
		k, why := caseload.ConsentCovers(c, s.AsOf, s.Consent, s.Recipient, nil)
		if why != "" {
			return nil, fmt.Errorf("consent %s does not allow this export: %s", s.Consent, why)
		}
		for _, cat := range k.Consent.V.Categories {
			if !slices.Contains(k.Consent.V.Excluded, cat) {
				cats = append(cats, cat)
			}
		}
		res.Categories = cats
		// What the consent covers is shared as it is.
		if slices.Contains(cats, "identity") {
			p.Names, p.BirthDate = "keep", "keep"
		}
		if slices.Contains(cats, "contact_details") {
			p.ContactDetails, p.Address = "keep", "keep"
		}
	}
	for _, k := range s.Include {
		if !slices.Contains(EntryKinds, k) {
			return nil, fmt.Errorf("--include %q is not a kind of entry: use %s", k, strings.Join(EntryKinds, ", "))
		}
	}

	// A deep copy: nothing below may touch the loaded case.
	src := *c
	src.Nodes = nil
	r := deepCopy(reflect.ValueOf(&src)).Interface().(*casefile.Case)
	r.Disclosures = nil // the disclosure log is the agency's own record, never exported

	switch p.Scope {
	case "order":
		scopeOrder(r, p, s)
	case "consent":
		scopeConsent(r, s.Consent, cats)
	}
	if p.Scope != "order" {
		dropWorkingNotes(r, p, s)
	}

	sc := newScrubber(c, p, s)
	redactPeople(r, c, p, s, sc, res)
	redactText(r, p, sc)
	res.Case = r
	res.Entries = exported(r)
	return res, nil
}

// roles gives each registry id the part it plays in the case, as a code.
func roles(c *casefile.Case) map[string]string {
	in := c.Intake
	out := map[string]string{}
	for _, m := range in.Members {
		out[m.Person] = m.Role
	}
	for _, p := range in.Partners {
		out[p] = "partner_organisation"
	}
	if rq := in.Requester; rq != nil {
		if _, ok := out[rq.Person]; !ok {
			out[rq.Person] = rq.Relation
		}
	}
	out[in.Client] = "client"
	for _, p := range c.People.People {
		if out[p.ID] == "" {
			if p.Kind == "organisation" {
				out[p.ID] = "organisation"
			} else {
				out[p.ID] = "other"
			}
		}
	}
	return out
}

// labels is what each person's name becomes under the profile ("" for a name kept).
func labels(c *casefile.Case, p casefile.RedactionProfile, s Scope) map[string]string {
	rs := roles(c)
	out := map[string]string{}
	seen := map[string]int{}
	count := map[string]int{}
	for _, x := range c.People.People {
		count[rs[x.ID]]++
	}
	for _, x := range c.People.People {
		mode := p.ThirdParties
		if x.ID == c.Intake.Client {
			mode = p.Names
		}
		switch mode {
		case "initials":
			out[x.ID] = initials(x.Name)
		case "code":
			out[x.ID] = x.ID
		case "role":
			role := rs[x.ID]
			l := strings.ReplaceAll(role, "_", " ")
			if s.RoleLabel != nil {
				l = s.RoleLabel(role)
			}
			if count[role] > 1 {
				seen[role]++
				l = fmt.Sprintf("%s %d", l, seen[role])
			}
			out[x.ID] = l
		}
	}
	return out
}

// Label is what the profile shows for a person of the case's registry: their name, or their
// initials, code or role. Lists that name the client use it without redacting the whole case.
func Label(c *casefile.Case, p casefile.RedactionProfile, s Scope, id string) string {
	if c.PeopleLocked {
		return id // the registry is sealed and no key opened it: the id is all there is
	}
	if c.Intake == nil || c.People == nil {
		return ""
	}
	if l := labels(c, p, s)[id]; l != "" {
		return l
	}
	person, _ := c.Person(id)
	return person.Name
}

// initials turns "Awa Diallo" into "A. D.".
func initials(name string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r := []rune(w)
		parts = append(parts, string(unicode.ToUpper(r[0]))+".")
	}
	if len(parts) == 0 {
		return "?"
	}
	return strings.Join(parts, " ")
}

func redactPeople(r, orig *casefile.Case, p casefile.RedactionProfile, s Scope, sc *scrubber, res *Result) {
	ls := labels(orig, p, s)
	for i := range r.People.People {
		x := &r.People.People[i]
		client := x.ID == orig.Intake.Client
		if l := ls[x.ID]; l != "" {
			x.Name, x.Aliases = l, nil
			x.Relation, x.Organisation = "", "" // an employer's or a family's name identifies too
			if !client {
				// A third party shown by a label carries none of their own details.
				x.Relation, x.Organisation, x.Address, x.Phone, x.Email, x.IdentityNumbers = "", "", "", "", "", nil
				if p.BirthDate == "keep" {
					x.BirthDate = dates.Date{}
				}
			}
		}
		if !x.BirthDate.IsZero() {
			switch p.BirthDate {
			case "age":
				res.Ages[x.ID] = age(x.BirthDate, s.AsOf)
				x.BirthDate = dates.Date{}
			case "year":
				res.Years[x.ID] = x.BirthDate.Year()
				x.BirthDate = dates.Date{}
			case "remove":
				x.BirthDate = dates.Date{}
			}
		}
		switch p.Address {
		case "area":
			x.Address = ""
			if client && x.Kind != "organisation" {
				x.Address = orig.Intake.Area
			}
		case "remove":
			x.Address = ""
		}
		if p.ContactDetails == "remove" {
			x.Phone, x.Email = "", ""
		}
		if p.IdentityNumbers == "remove" {
			x.IdentityNumbers = nil
		}
		if p.FreeText != "keep" {
			x.Relation = sc.scrub(x.Relation)
			x.Organisation = sc.scrub(x.Organisation)
		}
	}
	if m := r.Intake.Mandate; m != nil && p.IdentityNumbers == "remove" {
		m.Reference = ""
	}
	if p.ContactDetails == "remove" {
		for _, sp := range r.SafetyPlans {
			for i := range sp.V.HelpPeople {
				sp.V.HelpPeople[i].Phone = ""
			}
			for i := range sp.V.Professionals {
				sp.V.Professionals[i].Phone = ""
			}
		}
	}
}

func age(born, on dates.Date) int {
	if on.IsZero() {
		return 0
	}
	a := on.Year() - born.Year()
	if on.Month() < born.Month() || (on.Month() == born.Month() && on.Day() < born.Day()) {
		a--
	}
	return a
}

// exported lists what the redacted case holds.
func exported(r *casefile.Case) []string {
	out := []string{"people", "intake"}
	if r.Plan != nil {
		out = append(out, "plan")
	}
	add := func(ids ...string) { out = append(out, ids...) }
	add(ids(r.Decisions)...)
	add(ids(r.Assessments)...)
	add(ids(r.SafetyPlans)...)
	add(ids(r.Notes)...)
	add(ids(r.Consents)...)
	add(ids(r.ConsentRevocations)...)
	add(ids(r.Referrals)...)
	add(ids(r.ReferralUpdates)...)
	add(ids(r.Reviews)...)
	add(ids(r.Closures)...)
	add(ids(r.Reopenings)...)
	return out
}

func ids[T any](items []casefile.Item[T]) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = x.ID
	}
	return out
}

func keep[T any](items []casefile.Item[T], ok func(*T) bool) []casefile.Item[T] {
	var out []casefile.Item[T]
	for _, x := range items {
		if ok(x.V) {
			out = append(out, x)
		}
	}
	return out
}

func dropWorkingNotes(r *casefile.Case, p casefile.RedactionProfile, s Scope) {
	if s.WorkingNotes || len(p.WorkingNotes) == 0 {
		return
	}
	r.Notes = keep(r.Notes, func(n *casefile.Note) bool { return !slices.Contains(p.WorkingNotes, n.Kind) })
}

// deepCopy copies a value and everything it points to.
func deepCopy(src reflect.Value) reflect.Value {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return src
		}
		dst := reflect.New(src.Elem().Type())
		dst.Elem().Set(deepCopy(src.Elem()))
		return dst
	case reflect.Struct:
		dst := reflect.New(src.Type()).Elem()
		dst.Set(src) // unexported fields (dates, times) are values: copied as they are
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				dst.Field(i).Set(deepCopy(src.Field(i)))
			}
		}
		return dst
	case reflect.Slice:
		if src.IsNil() {
			return src
		}
		dst := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			dst.Index(i).Set(deepCopy(src.Index(i)))
		}
		return dst
	case reflect.Map:
		if src.IsNil() {
			return src
		}
		dst := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			dst.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return dst
	}
	return src
}
