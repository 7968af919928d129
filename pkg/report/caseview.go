package report

import (
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
)

// CaseView is a case as reports and `show -o json` present it. JSON field names only grow.
type CaseView struct {
	Agency         string       `json:"-"`
	ID             string       `json:"id"`
	Status         string       `json:"status"`
	Episode        int          `json:"episode"`
	Kind           string       `json:"case_kind"`
	OpenedOn       string       `json:"opened_on"`
	ClosedOn       string       `json:"closed_on,omitempty"`
	Worker         string       `json:"worker"`
	Supervisor     string       `json:"supervisor,omitempty"`
	Priority       string       `json:"priority"`
	Risk           string       `json:"risk"`
	Area           string       `json:"area"`
	People         []PersonView `json:"people"`
	Request        string       `json:"request"`
	ReceivedOn     string       `json:"received_on"`
	Source         string       `json:"referral_source"`
	Requester      string       `json:"requester,omitempty"`
	Engagement     string       `json:"engagement"`
	Mandate        string       `json:"mandate,omitempty"`
	ImmediateRisk  string       `json:"immediate_risk"`
	Emergency      string       `json:"emergency_intervention,omitempty"`
	Language       string       `json:"language,omitempty"`
	Interpreter    bool         `json:"interpreter_needed,omitempty"`
	Decision       string       `json:"decision"`
	DecisionReason string       `json:"decision_reason,omitempty"`
	RedirectedTo   string       `json:"redirected_to,omitempty"`
	Events         []EventView  `json:"events"`
	Closure        *ClosureView `json:"closure,omitempty"`
}

// PersonView is a registry entry with the role it plays in the case.
type PersonView struct {
	ID           string `json:"id"`
	Role         string `json:"role"`
	Name         string `json:"name"`
	Relation     string `json:"relation,omitempty"`
	BirthDate    string `json:"birth_date,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

// EventView is one line of the case's history.
type EventView struct {
	On     string `json:"on"`
	Kind   string `json:"kind"`
	By     string `json:"by"`
	Detail string `json:"detail,omitempty"`
	Path   string `json:"path"`
}

// ClosureView is the current closure of a closed case.
type ClosureView struct {
	ClosedOn  string `json:"closed_on"`
	Reason    string `json:"reason"`
	Summary   string `json:"summary"`
	Informed  string `json:"client_informed,omitempty"`
	Aftercare string `json:"aftercare,omitempty"`
	Handover  string `json:"handover,omitempty"`
}

func ds(d dates.Date) string { return d.String() }

// ViewCase builds the view of a case as of asOf (zero: everything).
func ViewCase(c *casefile.Case, agency string, asOf dates.Date) CaseView {
	st := caseload.Derive(c, asOf)
	in := c.Intake
	v := CaseView{
		Agency: agency, ID: c.ID, Status: st.Status, Episode: st.Episode, Kind: st.Kind,
		OpenedOn: ds(st.OpenedOn), ClosedOn: ds(st.ClosedOn), Worker: st.Worker, Priority: st.Priority,
		Risk: st.Risk, Area: st.Area, Decision: st.Decision,
		Request: in.Request, ReceivedOn: ds(in.ReceivedOn), Source: in.Source, Engagement: in.Engagement,
		ImmediateRisk: in.ImmediateRisk, Language: in.Language, Interpreter: in.Interpreter,
		Supervisor: in.Supervisor,
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
			v.Requester = fmt.Sprintf("%s (%s)", p.Name, in.Requester.Relation)
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
		v.Mandate = strings.TrimSpace(fmt.Sprintf("%s %s → %s", m.Authority, m.Reference, m.EndsOn))
	}
	if e := in.Emergency; e != nil && e.Done {
		v.Emergency = strings.TrimSpace(e.On.String() + " " + e.Description)
	}
	decision := in.Decision
	for _, ev := range caseload.Timeline(c) {
		if !asOf.IsZero() && ev.On.After(asOf) {
			break
		}
		ew := EventView{On: ds(ev.On), Kind: string(ev.Kind), Path: ev.Path}
		switch ev.Kind {
		case caseload.EvIntake:
			ew.By, ew.Detail = in.RecordedBy, in.Decision.Decision
		case caseload.EvDecision:
			decision = *ev.Decision
			ew.By, ew.Detail = ev.Decision.DecidedBy, joinNonEmpty(" ", ev.Decision.Decision, ev.Decision.Reason, ev.Decision.RedirectedTo)
		case caseload.EvClosure:
			ew.By, ew.Detail = ev.Closure.RecordedBy, ev.Closure.Reason
		case caseload.EvReopen:
			ew.By, ew.Detail = ev.Reopening.RecordedBy, ev.Reopening.Reason
		}
		v.Events = append(v.Events, ew)
	}
	v.DecisionReason, v.RedirectedTo = decision.Reason, decision.RedirectedTo
	if decision.Supervisor != "" {
		v.Supervisor = decision.Supervisor
	}
	if cl := st.Closure; cl != nil && st.Status == caseload.Closed {
		x := cl.V
		cv := &ClosureView{ClosedOn: ds(x.ClosedOn), Reason: x.Reason, Summary: x.Summary, Aftercare: x.Aftercare, Handover: x.Handover}
		if x.ClientInformed != nil {
			cv.Informed = joinNonEmpty(" ", x.ClientInformed.On.String(), x.ClientInformed.How, x.ClientInformed.Feedback)
		}
		v.Closure = cv
	}
	return v
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
