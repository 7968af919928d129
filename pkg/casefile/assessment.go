package casefile

import (
	"time"

	"github.com/casework/casework/pkg/dates"
)

// Assessment is one assessment of the person's situation (domain-reference §5): several per
// case over time, each its own file.
type Assessment struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Date          dates.Date              `yaml:"date" cw:"required"`
	Type          string                  `yaml:"type" cw:"required,enum=assessment_type"`
	Methods       []string                `yaml:"methods,omitempty" cw:"enum=assessment_method"`
	Summary       string                  `yaml:"summary,omitempty"`
	Domains       map[string]DomainRating `yaml:"domains,omitempty" cw:"enum=assessment_domain"`
	Strengths     []string                `yaml:"strengths,omitempty"`
	Resources     []string                `yaml:"resources,omitempty"`
	Risks         []Risk                  `yaml:"risks,omitempty"`
	Instruments   []InstrumentResult      `yaml:"instruments,omitempty"`
	Ecomap        *Ecomap                 `yaml:"ecomap,omitempty"`
}

// DomainRating is the worker's view of one life domain, with an optional generic 1–5 rating
// (1 in crisis … 5 thriving; our own anchors, no licensed matrix).
type DomainRating struct {
	Rating  int    `yaml:"rating,omitempty"`
	Summary string `yaml:"summary,omitempty"`
}

// Risk is one risk record (domain-reference §6.1). The case's current risk is derived from the
// latest record of each domain.
type Risk struct {
	Domain            string     `yaml:"domain" cw:"required,enum=risk_domain"`
	Level             string     `yaml:"level" cw:"required,enum=risk_level"`
	RiskFactors       []string   `yaml:"risk_factors,omitempty"`
	ProtectiveFactors []string   `yaml:"protective_factors,omitempty"`
	Rationale         string     `yaml:"rationale,omitempty"`
	NextReview        dates.Date `yaml:"next_review,omitempty"`
}

// InstrumentResult is a questionnaire as answered. Total, band and flags are computed from the
// items when the entry is written and frozen with it; check recomputes them.
type InstrumentResult struct {
	Instrument string   `yaml:"instrument" cw:"required"`
	Version    string   `yaml:"version,omitempty"`
	Language   string   `yaml:"language,omitempty"`
	Items      []int    `yaml:"items" cw:"required"`
	Total      int      `yaml:"total"`
	Band       string   `yaml:"band"`
	Flags      []string `yaml:"flags,omitempty"`
}

// Ecomap is the person's systems and ties (domain-reference §12), drawn with the client.
type Ecomap struct {
	Centre  string      `yaml:"centre,omitempty"` // a person id, or empty for the client/household
	Systems []EcoSystem `yaml:"systems" cw:"required"`
	Ties    []Tie       `yaml:"ties,omitempty"`
}

// EcoSystem is one circle around the centre: a service, a relative (by registry id), a group.
type EcoSystem struct {
	ID     string `yaml:"id" cw:"required"`
	Label  string `yaml:"label,omitempty"`
	Person string `yaml:"person,omitempty"`
	Type   string `yaml:"type" cw:"required,enum=system_type"`
}

// Tie is the line between the centre and a system.
type Tie struct {
	System    string `yaml:"system" cw:"required"`
	Strength  string `yaml:"strength" cw:"required,enum=tie_strength"`
	Quality   string `yaml:"quality,omitempty" cw:"enum=tie_quality"`
	Direction string `yaml:"direction,omitempty" cw:"enum=tie_direction"`
	Note      string `yaml:"note,omitempty"`
}

// SafetyPlan is a written, prioritised plan in the client's own words with the six parts of
// the Safety Planning Intervention (domain-reference §6.2), written as our own generic structure.
type SafetyPlan struct {
	SchemaVersion    int `yaml:"schema_version" cw:"required"`
	Entry            `yaml:",inline"`
	Date             dates.Date    `yaml:"date" cw:"required"`
	WarningSigns     []string      `yaml:"warning_signs" cw:"required"`
	CopingStrategies []string      `yaml:"coping_strategies,omitempty"`
	Distractions     *Distractions `yaml:"distractions,omitempty"`
	HelpPeople       []Contact     `yaml:"people_to_ask_for_help,omitempty"`
	Professionals    []Contact     `yaml:"professionals,omitempty"`
	MeansSafety      []string      `yaml:"making_environment_safe,omitempty"`
	WhereKept        string        `yaml:"where_kept,omitempty"`
	ClientAgreed     bool          `yaml:"client_agreed"`
	ReviewOn         dates.Date    `yaml:"review_on,omitempty"`
}

// Distractions are people and places that help without telling them of the crisis.
type Distractions struct {
	People []string `yaml:"people,omitempty"`
	Places []string `yaml:"places,omitempty"`
}

// Contact is someone to call: a person of the registry, or a service by name.
type Contact struct {
	Person string `yaml:"person,omitempty"`
	Name   string `yaml:"name,omitempty"`
	Phone  string `yaml:"phone,omitempty"`
	Hours  string `yaml:"hours,omitempty"`
}

// Plan is the case's intervention plan (domain-reference §3): the one document practitioners
// edit in place. Each change raises the revision and adds a line to Changes; git keeps every
// revision.
type Plan struct {
	SchemaVersion      int        `yaml:"schema_version" cw:"required"`
	Revision           int        `yaml:"revision" cw:"required"`
	UpdatedAt          time.Time  `yaml:"updated_at" cw:"required"`
	UpdatedBy          string     `yaml:"updated_by" cw:"required"`
	CreatedOn          dates.Date `yaml:"created_on" cw:"required"`
	ReviewOn           dates.Date `yaml:"review_on,omitempty"`
	Agreement          *Agreement `yaml:"client_agreement,omitempty"`
	CulturalLinguistic string     `yaml:"cultural_linguistic_factors,omitempty"`
	Resources          []string   `yaml:"resources,omitempty"`
	Interventions      []string   `yaml:"interventions_planned,omitempty" cw:"enum=intervention"`
	Goals              []Goal     `yaml:"goals,omitempty"`
	Changes            []Change   `yaml:"changes,omitempty"`
}

// Agreement records that the plan was built with the client and how they agreed to it.
type Agreement struct {
	On      dates.Date `yaml:"date" cw:"required"`
	How     string     `yaml:"how" cw:"required,enum=agreement_how"`
	CoBuilt bool       `yaml:"co_built_with_client"`
	Note    string     `yaml:"note,omitempty"`
}

// Goal is a long-term outcome in the client's words, with objectives and an optional GAS scale.
type Goal struct {
	ID          string      `yaml:"id" cw:"required"`
	Statement   string      `yaml:"statement" cw:"required"`
	ClientWords string      `yaml:"client_words,omitempty"`
	Domain      string      `yaml:"domain,omitempty" cw:"enum=assessment_domain"`
	Term        string      `yaml:"term,omitempty" cw:"enum=goal_term"`
	Indicator   string      `yaml:"indicator,omitempty"`
	Target      string      `yaml:"target,omitempty"`
	TargetDate  dates.Date  `yaml:"target_date,omitempty"`
	Responsible string      `yaml:"responsible,omitempty"`
	Status      string      `yaml:"status" cw:"required,enum=goal_status"`
	GAS         *GAS        `yaml:"gas,omitempty"`
	Objectives  []Objective `yaml:"objectives,omitempty"`
}

// GAS is a goal's Goal Attainment Scale (domain-reference §4): five levels written in advance,
// a weight, the baseline, and the levels scored since.
type GAS struct {
	Weight   float64           `yaml:"weight" cw:"required"`
	Levels   map[string]string `yaml:"levels" cw:"required"`
	Baseline *int              `yaml:"baseline_level,omitempty"`
	Scores   []GASScore        `yaml:"scores,omitempty"`
}

// GASScore is the attainment level found on a date.
type GASScore struct {
	On    dates.Date `yaml:"date" cw:"required"`
	Level int        `yaml:"level"`
	By    string     `yaml:"by,omitempty"`
}

// Objective is a short-term, measurable step towards a goal.
type Objective struct {
	ID          string     `yaml:"id" cw:"required"`
	Statement   string     `yaml:"statement" cw:"required"`
	Indicator   string     `yaml:"indicator,omitempty"`
	Baseline    string     `yaml:"baseline,omitempty"`
	Target      string     `yaml:"target,omitempty"`
	TargetDate  dates.Date `yaml:"target_date,omitempty"`
	Responsible string     `yaml:"responsible,omitempty"`
	Status      string     `yaml:"status" cw:"required,enum=goal_status"`
	Tasks       []Task     `yaml:"tasks,omitempty"`
}

// Task is who does what by when. Overdue is derived, never stored.
type Task struct {
	ID          string     `yaml:"id" cw:"required"`
	Action      string     `yaml:"action" cw:"required"`
	Responsible string     `yaml:"responsible,omitempty"`
	Due         dates.Date `yaml:"due,omitempty"`
	Frequency   string     `yaml:"frequency,omitempty"`
	Status      string     `yaml:"status" cw:"required,enum=task_status"`
	DoneOn      dates.Date `yaml:"done_on,omitempty"`
}

// Change is one line of the plan's own history.
type Change struct {
	Revision int       `yaml:"revision" cw:"required"`
	At       time.Time `yaml:"at" cw:"required"`
	By       string    `yaml:"by" cw:"required"`
	What     string    `yaml:"what" cw:"required"`
}
