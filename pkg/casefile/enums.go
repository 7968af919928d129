package casefile

// Enums lists every code a case file may use, by the name its struct tags give it. Codes are
// English snake_case; reports translate them (templates/i18n).
var Enums = map[string][]string{
	"case_kind":       {"individual", "family", "group", "community"},
	"person_kind":     {"person", "organisation"},
	"member_role":     {"parent", "child", "partner", "sibling", "grandparent", "other_relative", "carer", "member", "other"},
	"referral_source": {"self", "family_or_friend", "professional_health", "professional_social", "school", "police_or_justice", "court_order", "employer", "outreach", "anonymous", "other"},
	"engagement":      {"voluntary", "non_voluntary", "mandated"},
	"priority":        {"emergency", "urgent", "routine"},
	"risk_level":      RiskLevels,
	"decision":        {"pending", "accept", "redirect", "not_accept"},
	"decision_reason": {"out_of_scope", "out_of_area", "better_fit_elsewhere", "waitlist_elsewhere", "no_further_action", "client_declined", "ineligible"},
	"closure_reason": {"goals_achieved", "no_longer_needed", "client_ended_service", "lost_contact",
		"moved_out_of_area", "transferred_internal", "referred_to_comparable_service", "no_longer_eligible",
		"mandate_ended", "admitted_to_residential_care_or_custody", "deceased", "agency_ended_service",
		"programme_or_funding_ended", "mutual_agreement", "opened_in_error"},
	"contact_mode":     {"office", "home_visit", "community", "phone", "video", "message", "letter", "group"},
	"informed_how":     {"closing_interview", "phone", "letter", "message", "home_visit", "not_possible"},
	"language":         {"en", "fr", "es"},
	"request_relation": {"family_member", "friend", "neighbour", "professional", "employer", "school", "court", "police", "other"},

	"assessment_type":   {"initial", "reassessment", "closing"},
	"assessment_method": {"interview", "home_visit", "consultation_professional", "collateral_contact", "questionnaire", "standardised_instrument", "observation", "record_review"},
	"assessment_domain": {"personal_information", "physical_health", "mental_health", "abilities_functioning", "social_environment",
		"socio_economic", "housing", "income_employment", "education", "safety_risk", "strengths_resources", "cultural_linguistic", "legal_administrative"},
	"risk_domain": {"suicide_self_harm", "harm_to_others", "domestic_violence", "child_protection", "adult_safeguarding",
		"self_neglect", "exploitation", "substance_use", "medical", "housing_loss", "other"},
	"system_type":     {"family", "friends", "neighbours", "school", "work", "health", "mental_health", "social_services", "housing", "justice", "community", "faith", "leisure", "benefits", "other"},
	"tie_strength":    {"strong", "moderate", "tenuous"},
	"tie_quality":     {"supportive", "neutral", "stressful"},
	"tie_direction":   {"none", "to_client", "from_client", "reciprocal"},
	"goal_status":     {"proposed", "active", "achieved", "partially_achieved", "not_achieved", "discontinued", "replaced"},
	"goal_term":       {"short", "medium", "long"},
	"task_status":     {"not_started", "in_progress", "done", "blocked", "cancelled"},
	"agreement_how":   {"signed", "verbal", "written", "electronic"},
	"review_type":     {"plan_review", "supervision", "risk_review", "case_conference"},
	"note_kind":       {"contact", "collateral", "crisis", "supervision", "administrative"},
	"note_format":     {"narrative", "soap", "dap", "birp", "girp", "pirp", "pie", "interview"},
	"contact_outcome": {"completed", "attempted_no_answer", "client_did_not_attend", "cancelled_by_client", "cancelled_by_worker", "rescheduled"},
	"progress":        {"improved", "no_change", "worsened", "achieved"},
	"info_category": {"identity", "contact_details", "socio_economic", "housing", "income_employment", "physical_health",
		"mental_health", "substance_use", "domestic_violence", "child_protection", "legal", "assessment_summary", "risk_flags", "plan"},
	"legal_basis":     {"consent", "explicit_consent", "legal_obligation", "care_provision", "vital_interest", "court_order"},
	"consent_method":  {"written", "electronic", "verbal_witnessed"},
	"consent_notice":  {"right_to_revoke", "redisclosure_risk", "service_not_conditional"},
	"referral_status": {"draft", "sent", "received", "accepted", "declined", "waitlisted", "in_progress", "completed", "not_completed", "cancelled", "entered_in_error"},
	"decline_reason":  {"not_eligible", "no_capacity", "out_of_area", "client_declined", "duplicate", "insufficient_information", "other"},
	// Redaction profiles (casework.yaml redaction:) and the disclosure log.
	"redact_person":     {"keep", "initials", "code", "role"},
	"redact_birth_date": {"keep", "age", "year", "remove"},
	"redact_address":    {"keep", "area", "remove"},
	"redact_detail":     {"keep", "remove"},
	"redact_text":       {"keep", "scrub", "drop"},
	"redact_dates":      {"keep", "year"},
	"redact_scope":      {"all", "order", "consent"},
	"export_command":    {"show", "report", "caseload_review", "case_review", "close", "letter", "list", "plan"},
	"intervention": {"counselling", "access_to_services", "family_mediation", "care_coordination", "social_skills",
		"crisis_intervention", "safety_planning", "advocacy", "education", "budgeting", "practical_support"},
}

// RiskLevels are ordered from lowest to highest.
var RiskLevels = []string{"none", "low", "moderate", "high", "critical"}

// RiskRank orders risk levels; an unknown level ranks below none.
func RiskRank(level string) int {
	for i, l := range RiskLevels {
		if l == level {
			return i
		}
	}
	return -1
}

// riskAliases are words practitioners use for the five levels.
var riskAliases = map[string]string{"medium": "moderate", "severe": "critical", "imminent": "critical"}

// NormaliseRisk maps an alias (medium, severe, imminent) to its stored code.
func NormaliseRisk(level string) string {
	if c, ok := riskAliases[level]; ok {
		return c
	}
	return level
}

// IsCode reports whether code belongs to the named enumeration.
func IsCode(enum, code string) bool {
	for _, c := range Enums[enum] {
		if c == code {
			return true
		}
	}
	return false
}
