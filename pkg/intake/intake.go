// Package intake turns a help request, as a practitioner gives it (flags, a form file or answers
// at prompts), into the first two files of a case: the people registry and the intake entry.
package intake

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/schema"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Form is a help request with names written out, as `open --from FILE.yaml` reads it.
type Form struct {
	Kind          string      `yaml:"case_kind,omitempty" cw:"enum=case_kind"`
	ReceivedOn    dates.Date  `yaml:"received_on,omitempty"`
	Client        PersonForm  `yaml:"client,omitempty"`
	Members       []Member    `yaml:"members,omitempty"`
	Partners      []string    `yaml:"partners,omitempty"`
	Requester     *Requester  `yaml:"requester,omitempty"`
	Source        string      `yaml:"referral_source,omitempty" cw:"enum=referral_source"`
	Engagement    string      `yaml:"engagement,omitempty" cw:"enum=engagement"`
	Mandate       *MandateRaw `yaml:"mandate,omitempty"`
	Request       string      `yaml:"request,omitempty"`
	Priority      string      `yaml:"priority,omitempty" cw:"enum=priority"`
	ImmediateRisk string      `yaml:"immediate_risk,omitempty"`
	Emergency     string      `yaml:"emergency_intervention,omitempty"`
	Area          string      `yaml:"area,omitempty"`
	Language      string      `yaml:"language,omitempty"`
	Interpreter   bool        `yaml:"interpreter_needed,omitempty"`
	Decision      string      `yaml:"decision,omitempty" cw:"enum=decision"`
	Reason        string      `yaml:"decision_reason,omitempty" cw:"enum=decision_reason"`
	RedirectedTo  string      `yaml:"redirected_to,omitempty"`
	Worker        string      `yaml:"worker,omitempty"`
	Supervisor    string      `yaml:"supervisor,omitempty"`
	PreviousCase  string      `yaml:"previous_case,omitempty"`
}

// PersonForm is a person's identifying details before they go into the registry.
type PersonForm struct {
	Name         string     `yaml:"name,omitempty"`
	Kind         string     `yaml:"kind,omitempty" cw:"enum=person_kind"`
	BirthDate    dates.Date `yaml:"birth_date,omitempty"`
	Relation     string     `yaml:"relation,omitempty"`
	Organisation string     `yaml:"organisation,omitempty"`
	Address      string     `yaml:"address,omitempty"`
	Phone        string     `yaml:"phone,omitempty"`
	Email        string     `yaml:"email,omitempty"`
	Languages    []string   `yaml:"languages,omitempty"`
}

// Member is a household or group member.
type Member struct {
	PersonForm `yaml:",inline"`
	Role       string `yaml:"role" cw:"required,enum=member_role"`
}

// Requester is who asked, when not the client.
type Requester struct {
	PersonForm `yaml:",inline"`
	Relation   string `yaml:"relation_to_client" cw:"required,enum=request_relation"`
}

// MandateRaw is the order behind a mandated engagement.
type MandateRaw struct {
	Authority string     `yaml:"authority,omitempty"`
	Reference string     `yaml:"reference,omitempty"`
	EndsOn    dates.Date `yaml:"ends_on,omitempty"`
}

var formValidator = &schema.Validator{
	Enums: casefile.Enums,
	Scalars: map[reflect.Type]func(string) error{
		reflect.TypeOf(dates.Date{}): func(s string) error { _, err := dates.Parse(s); return err },
	},
}

// ReadForm decodes a form file, reporting every problem with its line.
func ReadForm(path string, data []byte) (Form, []casefile.Problem) {
	var f Form
	if p, bad := casefile.TextProblem(path, data); bad {
		return f, []casefile.Problem{p}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, []casefile.Problem{{Path: path, Line: 1, Col: 1, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	var ps []casefile.Problem
	for _, p := range formValidator.Check(&doc, reflect.TypeOf(f)) {
		ps = append(ps, casefile.Problem{Path: path, Line: p.Line, Col: p.Col, Msg: p.Msg})
	}
	if len(ps) > 0 {
		return f, ps
	}
	if err := doc.Decode(&f); err != nil {
		return f, []casefile.Problem{{Path: path, Line: 1, Col: 1, Msg: err.Error()}}
	}
	return f, nil
}

// Missing names the fields a help request cannot be recorded without, in the order a
// practitioner would give them.
func Missing(f Form) []string {
	var m []string
	add := func(empty bool, name string) {
		if empty {
			m = append(m, name)
		}
	}
	add(strings.TrimSpace(f.Client.Name) == "", "client")
	add(f.Source == "", "referral_source")
	add(f.Engagement == "", "engagement")
	if f.Engagement == "mandated" {
		add(f.Mandate == nil || strings.TrimSpace(f.Mandate.Authority) == "", "mandate.authority")
		add(f.Mandate == nil || f.Mandate.EndsOn.IsZero(), "mandate.ends_on")
	}
	add(strings.TrimSpace(f.Request) == "", "request")
	add(f.Priority == "", "priority")
	add(strings.TrimSpace(f.Area) == "", "area")
	if f.Decision == "redirect" || f.Decision == "not_accept" {
		add(f.Reason == "", "decision_reason")
	}
	return m
}

// Meta is what the recording itself adds: who, when, and the new ids.
type Meta struct {
	Worker string
	Now    time.Time
	NewID  func() string // person ids
}

// Build makes the registry and the intake from a complete form.
func Build(f Form, m Meta) (*casefile.People, *casefile.Intake) {
	people := &casefile.People{SchemaVersion: casefile.SchemaVersion}
	used := map[string]bool{}
	add := func(p PersonForm, kind string) string {
		id := m.NewID()
		for used[id] {
			id = m.NewID()
		}
		used[id] = true
		if p.Kind != "" {
			kind = p.Kind
		}
		if kind == "person" {
			kind = ""
		}
		people.People = append(people.People, casefile.Person{
			ID: id, Kind: kind, Name: strings.TrimSpace(p.Name), Relation: p.Relation, BirthDate: p.BirthDate,
			Organisation: p.Organisation, Address: p.Address, Phone: p.Phone, Email: p.Email, Languages: p.Languages,
		})
		return id
	}
	today := dates.FromTime(m.Now)
	in := &casefile.Intake{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         casefile.Entry{RecordedAt: m.Now.Truncate(time.Second), RecordedBy: m.Worker},
		Kind:          orDefault(f.Kind, "individual"),
		ReceivedOn:    f.ReceivedOn,
		Source:        f.Source,
		Engagement:    f.Engagement,
		Request:       strings.TrimSpace(f.Request),
		Priority:      f.Priority,
		ImmediateRisk: orDefault(casefile.NormaliseRisk(f.ImmediateRisk), "none"),
		Area:          strings.TrimSpace(f.Area),
		PreviousCase:  f.PreviousCase,
	}
	if in.ReceivedOn.IsZero() {
		in.ReceivedOn = today
	}
	client := f.Client
	if f.Language != "" && !slices.Contains(client.Languages, f.Language) {
		client.Languages = append([]string{f.Language}, client.Languages...)
	}
	in.Client = add(client, "person")
	if f.Interpreter {
		people.People[len(people.People)-1].Interpreter = true
	}
	for _, mem := range f.Members {
		in.Members = append(in.Members, casefile.Member{Person: add(mem.PersonForm, "person"), Role: mem.Role})
	}
	for _, org := range f.Partners {
		in.Partners = append(in.Partners, add(PersonForm{Name: org}, "organisation"))
	}
	if f.Requester != nil && strings.TrimSpace(f.Requester.Name) != "" {
		in.Requester = &casefile.Requester{Person: add(f.Requester.PersonForm, "person"), Relation: f.Requester.Relation}
	}
	if f.Mandate != nil && (f.Mandate.Authority != "" || !f.Mandate.EndsOn.IsZero()) {
		in.Mandate = &casefile.Mandate{Authority: f.Mandate.Authority, Reference: f.Mandate.Reference, EndsOn: f.Mandate.EndsOn}
	}
	if strings.TrimSpace(f.Emergency) != "" {
		in.Emergency = &casefile.Emergency{Done: true, On: in.ReceivedOn, Description: strings.TrimSpace(f.Emergency)}
	}
	in.Decision = casefile.Decision{
		Decision:     orDefault(f.Decision, "pending"),
		Reason:       f.Reason,
		RedirectedTo: f.RedirectedTo,
		Worker:       f.Worker,
		Supervisor:   f.Supervisor,
	}
	if in.Decision.Decision != "pending" {
		in.DecidedOn, in.DecidedBy = today, m.Worker
		if in.Decision.Decision == "accept" && in.Worker == "" {
			in.Worker = m.Worker
		}
	}
	return people, in
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// NormaliseName folds case, accents and spacing so "Élodie  MARTIN" and "elodie martin" compare
// equal.
func NormaliseName(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

// Duplicate is an existing case whose client looks like the new one.
type Duplicate struct {
	CaseID string
	Name   string
}

// FindDuplicates lists the cases whose registry holds a person with the same name (ignoring
// case and accents) and the same birth date. It never merges: the practitioner decides.
func FindDuplicates(registries map[string]*casefile.People, name string, birth dates.Date) []Duplicate {
	if birth.IsZero() {
		return nil
	}
	want := NormaliseName(name)
	var out []Duplicate
	for id, reg := range registries {
		if reg == nil {
			continue
		}
		for _, p := range reg.People {
			if p.BirthDate == birth && NormaliseName(p.Name) == want {
				out = append(out, Duplicate{CaseID: id, Name: p.Name})
				break
			}
		}
	}
	return out
}

// Describe renders missing field names as the flags that give them.
func Describe(fields []string, flagOf map[string]string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		if fl, ok := flagOf[f]; ok {
			out[i] = "--" + fl
		} else {
			out[i] = f
		}
	}
	return fmt.Sprint(strings.Join(out, ", "))
}
