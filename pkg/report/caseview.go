package report

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
)

// CaseView is a case as reports and `show -o json` present it: codes stay codes (templates
// translate them), dates are ISO. JSON field names only grow.
type CaseView struct {
	Agency         string         `json:"-"`
	ID             string         `json:"id"`
	Status         string         `json:"status"`
	Episode        int            `json:"episode"`
	Kind           string         `json:"case_kind"`
	OpenedOn       string         `json:"opened_on"`
	ClosedOn       string         `json:"closed_on,omitempty"`
	Worker         string         `json:"worker"`
	Supervisor     string         `json:"supervisor,omitempty"`
	Priority       string         `json:"priority"`
	Risk           string         `json:"risk"`
	Area           string         `json:"area"`
	People         []PersonView   `json:"people"`
	Request        string         `json:"request"`
	ReceivedOn     string         `json:"received_on"`
	Source         string         `json:"referral_source"`
	Requester      *RequesterView `json:"requester,omitempty"`
	Engagement     string         `json:"engagement"`
	Mandate        *MandateView   `json:"mandate,omitempty"`
	ImmediateRisk  string         `json:"immediate_risk"`
	Emergency      *EmergencyView `json:"emergency_intervention,omitempty"`
	Languages      []string       `json:"languages,omitempty"`
	Interpreter    bool           `json:"interpreter_needed,omitempty"`
	Decision       string         `json:"decision"`
	DecisionReason string         `json:"decision_reason,omitempty"`
	RedirectedTo   string         `json:"redirected_to,omitempty"`
	PreviousCase   string         `json:"previous_case,omitempty"`
	Events         []EventView    `json:"events"`
	Closure        *ClosureView   `json:"closure,omitempty"`
	Retention      *RetentionView `json:"retention,omitempty"`
	// Profile names the redaction profile of an export (empty: the record as written).
	Profile string `json:"profile,omitempty"`
	// Order is the court order an export answers: the report says it is confidential and asks
	// for it to be kept under seal (NASW 1.07(j)).
	Order string `json:"order,omitempty"`
	Clinical
	Contacts
}

// PersonView is a registry entry with the role it plays in the case.
type PersonView struct {
	ID           string `json:"id"`
	Role         string `json:"role"`
	Name         string `json:"name"`
	Relation     string `json:"relation,omitempty"`
	BirthDate    string `json:"birth_date,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	// Age replaces the birth date in an export whose profile asks for it (90+ above 89).
	Age string `json:"age,omitempty"`
}

// RequesterView is who asked for help.
type RequesterView struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
}

// MandateView is the order behind a mandated engagement.
type MandateView struct {
	Authority string `json:"authority"`
	Reference string `json:"reference,omitempty"`
	EndsOn    string `json:"ends_on"`
}

// EmergencyView is the emergency intervention done at intake.
type EmergencyView struct {
	On          string `json:"on,omitempty"`
	Description string `json:"description,omitempty"`
}

// EventView is one line of the case's history: codes to translate, then free text.
type EventView struct {
	On    string   `json:"on"`
	Kind  string   `json:"kind"`
	By    string   `json:"by"`
	Codes []string `json:"codes,omitempty"`
	Text  string   `json:"text,omitempty"`
	Path  string   `json:"path"`
}

// ClosureView is the current closure of a closed case (domain-reference §8.2).
type ClosureView struct {
	ClosedOn       string        `json:"closed_on"`
	Reason         string        `json:"reason"`
	Summary        string        `json:"summary"`
	Informed       *InformedView `json:"client_informed,omitempty"`
	Attempts       []AttemptView `json:"contact_attempts,omitempty"`
	Aftercare      string        `json:"aftercare,omitempty"`
	Handover       string        `json:"handover,omitempty"`
	OthersInformed []string      `json:"others_informed,omitempty"`
	ApprovedBy     string        `json:"approved_by,omitempty"`
	ApprovedOn     string        `json:"approved_on,omitempty"`
	By             string        `json:"recorded_by"`
	Policy         string        `json:"retention_policy,omitempty"`
	RetainUntil    string        `json:"retain_until,omitempty"`
}

// InformedView says how the client learnt of the closure.
type InformedView struct {
	On       string `json:"on"`
	How      string `json:"how"`
	Feedback string `json:"feedback,omitempty"`
}

// AttemptView is one try to reach a client before closing for lost contact.
type AttemptView struct {
	On      string `json:"on"`
	Channel string `json:"channel"`
}

func ds(d dates.Date) string { return d.String() }

// ViewCase builds the view of a case as of asOf (zero: everything).
func ViewCase(c *casefile.Case, agency string, asOf dates.Date) CaseView {
	st := caseload.Derive(c, asOf)
	in := c.Intake
	client := c.Client()
	v := CaseView{
		Agency: agency, ID: c.ID, Status: st.Status, Episode: st.Episode, Kind: st.Kind,
		OpenedOn: ds(st.OpenedOn), ClosedOn: ds(st.ClosedOn), Worker: st.Worker, Priority: st.Priority,
		Risk: st.Risk, Area: st.Area, Decision: st.Decision,
		Request: in.Request, ReceivedOn: ds(in.ReceivedOn), Source: in.Source, Engagement: in.Engagement,
		ImmediateRisk: in.ImmediateRisk, Languages: client.Languages, Interpreter: client.Interpreter,
		Supervisor: in.Supervisor, PreviousCase: in.PreviousCase,
	}
	roles := map[string]string{in.Client: "client"}
	for _, m := range in.Members {
		roles[m.Person] = m.Role
	}
	for _, p := range in.Partners {
		roles[p] = "partner_organisation"
	}
	if in.Requester != nil {
		if _, taken := roles[in.Requester.Person]; !taken {
			roles[in.Requester.Person] = "requester"
		}
		if p, ok := c.Person(in.Requester.Person); ok {
			v.Requester = &RequesterView{Name: p.Name, Relation: in.Requester.Relation}
		}
	}
	if c.People != nil {
		for _, p := range c.People.People {
			role := roles[p.ID]
			if role == "" {
				role = "other"
			}
			v.People = append(v.People, PersonView{ID: p.ID, Role: role, Name: p.Name, Relation: p.Relation,
				BirthDate: ds(p.BirthDate), Organisation: p.Organisation})
		}
	}
	if m := in.Mandate; m != nil {
		v.Mandate = &MandateView{Authority: m.Authority, Reference: m.Reference, EndsOn: ds(m.EndsOn)}
	}
	if e := in.Emergency; e != nil && e.Done {
		v.Emergency = &EmergencyView{On: ds(e.On), Description: e.Description}
	}
	decision := in.Decision
	notes := map[string]string{}
	for _, d := range c.Decisions {
		notes[d.ID] = d.V.Note
	}
	for _, ev := range caseload.Timeline(c) {
		if !asOf.IsZero() && ev.On.After(asOf) {
			break
		}
		ew := EventView{On: ds(ev.On), Kind: string(ev.Kind), Path: ev.Path}
		switch ev.Kind {
		case caseload.EvIntake:
			ew.By, ew.Codes = in.RecordedBy, []string{in.Decision.Decision}
		case caseload.EvDecision:
			decision = *ev.Decision
			ew.By = ev.Decision.DecidedBy
			ew.Codes = nonEmpty(ev.Decision.Decision, ev.Decision.Reason)
			ew.Text = strings.Join(nonEmpty(ev.Decision.RedirectedTo, notes[ev.ID]), " — ")
		case caseload.EvClosure:
			ew.By, ew.Codes = ev.Closure.RecordedBy, []string{ev.Closure.Reason}
		case caseload.EvReopen:
			ew.By, ew.Text = ev.Reopening.RecordedBy, ev.Reopening.Reason
		}
		v.Events = append(v.Events, ew)
	}
	v.DecisionReason, v.RedirectedTo = decision.Reason, decision.RedirectedTo
	if decision.Supervisor != "" {
		v.Supervisor = decision.Supervisor
	}
	if cl := st.Closure; cl != nil && st.Status == caseload.Closed {
		v.Closure = viewClosure(cl.V)
	}
	return v
}

func viewClosure(x *casefile.Closure) *ClosureView {
	cv := &ClosureView{ClosedOn: ds(x.ClosedOn), Reason: x.Reason, Summary: x.Summary, Aftercare: x.Aftercare,
		Handover: x.Handover, OthersInformed: x.OthersInformed, ApprovedBy: x.ApprovedBy, ApprovedOn: ds(x.ApprovedOn),
		By: x.RecordedBy}
	if ci := x.ClientInformed; ci != nil {
		cv.Informed = &InformedView{On: ds(ci.On), How: ci.How, Feedback: ci.Feedback}
	}
	for _, a := range x.ContactAttempts {
		cv.Attempts = append(cv.Attempts, AttemptView{On: ds(a.On), Channel: a.Channel})
	}
	if r := x.Retention; r != nil {
		cv.Policy, cv.RetainUntil = r.Policy, ds(r.RetainUntil)
	}
	return cv
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// String renders a mandate on one line.
func (m MandateView) String() string {
	return strings.TrimSpace(fmt.Sprintf("%s %s → %s", m.Authority, m.Reference, m.EndsOn))
}
