package casefile

import "github.com/casework/casework/pkg/dates"

// CaseReview is a review of one case (domain-reference §9): a plan review, a supervision, a risk
// review or a case conference. The GAS summary is computed from the levels found at the review
// and frozen with the ρ used, so the score stays what was signed whatever changes later.
type CaseReview struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Date          dates.Date   `yaml:"date" cw:"required"`
	Type          string       `yaml:"type" cw:"required,enum=review_type"`
	Participants  []string     `yaml:"participants,omitempty"`
	Findings      []string     `yaml:"findings,omitempty"`
	GoalProgress  []GoalReview `yaml:"goal_progress,omitempty"`
	GAS           *GASSummary  `yaml:"gas,omitempty"`
	RiskChanges   []RiskChange `yaml:"risk_changes,omitempty"`
	Decisions     []string     `yaml:"decisions,omitempty"`
	PlanChanges   string       `yaml:"plan_changes,omitempty"`
	NextReview    dates.Date   `yaml:"next_review,omitempty"`
}

// GoalReview is a goal's status and GAS level found at a review.
type GoalReview struct {
	Goal   string `yaml:"goal" cw:"required"`
	Status string `yaml:"status" cw:"required,enum=goal_status"`
	Level  *int   `yaml:"gas_level,omitempty"`
}

// GASSummary is a Kiresuk–Sherman T-score frozen with what it rests on.
type GASSummary struct {
	TScore float64 `yaml:"t_score"`
	Rho    float64 `yaml:"rho"`
	NGoals int     `yaml:"n_goals"`
}

// RiskChange records a risk level that the review changed.
type RiskChange struct {
	Domain string `yaml:"domain" cw:"required,enum=risk_domain"`
	From   string `yaml:"from" cw:"required,enum=risk_level"`
	To     string `yaml:"to" cw:"required,enum=risk_level"`
}
