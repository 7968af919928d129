package report

import "github.com/casework/casework/pkg/casefile"

// CaseReviewView is a case review as its report shows it.
type CaseReviewView struct {
	Agency       string                `json:"-"`
	ID           string                `json:"case"`
	Date         string                `json:"date"`
	Type         string                `json:"type"`
	By           string                `json:"recorded_by"`
	Participants []string              `json:"participants,omitempty"`
	Findings     []string              `json:"findings,omitempty"`
	Goals        []GoalReviewView      `json:"goal_progress,omitempty"`
	GAS          *casefile.GASSummary  `json:"gas,omitempty"`
	RiskChanges  []casefile.RiskChange `json:"risk_changes,omitempty"`
	Decisions    []string              `json:"decisions,omitempty"`
	PlanChanges  string                `json:"plan_changes,omitempty"`
	NextReview   string                `json:"next_review,omitempty"`
}

// GoalReviewView is a reviewed goal with its statement.
type GoalReviewView struct {
	ID        string `json:"goal"`
	Statement string `json:"statement"`
	Status    string `json:"status"`
	Level     *int   `json:"gas_level,omitempty"`
}

// ViewCaseReview builds the report of a case review; participants given as registry ids are
// shown by name.
func ViewCaseReview(c *casefile.Case, rv *casefile.CaseReview, agency string) CaseReviewView {
	v := CaseReviewView{Agency: agency, ID: c.ID, Date: ds(rv.Date), Type: rv.Type, By: rv.RecordedBy, Findings: rv.Findings,
		GAS: rv.GAS, RiskChanges: rv.RiskChanges, Decisions: rv.Decisions, PlanChanges: rv.PlanChanges, NextReview: ds(rv.NextReview)}
	for _, p := range rv.Participants {
		if person, ok := c.Person(p); ok {
			p = person.Name
		}
		v.Participants = append(v.Participants, p)
	}
	for _, g := range rv.GoalProgress {
		gv := GoalReviewView{ID: g.Goal, Status: g.Status, Level: g.Level}
		if c.Plan != nil {
			for _, pg := range c.Plan.Goals {
				if pg.ID == g.Goal {
					gv.Statement = pg.Statement
				}
			}
		}
		v.Goals = append(v.Goals, gv)
	}
	return v
}
