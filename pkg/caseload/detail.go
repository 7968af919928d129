package caseload

import "strings"

// A finding's detail is a sentence with named arguments: Details holds the English sentences by
// key, with {name} where each argument goes, and the report catalogs (templates/i18n/*.yaml,
// section details) hold the same keys in each language, so that a report writes the sentence
// in its own language from Finding.Key and Finding.Args. Finding.Detail keeps the English
// sentence for json, tsv, csv and the table.
//
// Arguments hold ids, dates, codes and numbers only, never a name: findings are kept in the
// review's cache.

// The types of an argument that is not a code.
const (
	ArgDate   = "date"   // an ISO date
	ArgNumber = "number" // a whole number
	ArgID     = "id"     // an entry's or a case's id
)

// ArgTypes gives each argument's type by its name, the same in every sentence: ArgDate,
// ArgNumber, ArgID, or the enumeration of a code (casefile.Enums), which a report labels in its
// language.
var ArgTypes = map[string]string{
	"since": ArgDate, "due": ArgDate, "on": ArgDate, "received": ArgDate,
	"every": ArgNumber, "days": ArgNumber, "limit": ArgNumber, "count": ArgNumber, "hours": ArgNumber,
	"id": ArgID, "goal": ArgID, "case": ArgID,
	"level": "risk_level", "domain": "risk_domain", "status": "referral_status",
}

// The keys of the details: a check's code, or a check's code and what sets a second wording
// apart (no contact yet, a high risk left unassessed too long, a consent revoked).
const (
	DetailContactOverdue      = "contact_overdue"
	DetailContactOverdueNever = "contact_overdue_never"
	DetailRiskReviewDue       = "risk_review_due"
	DetailRiskReviewDueAge    = "risk_review_due_age"
	DetailSafetyPlanMissing   = "safety_plan_missing"
	DetailPlanMissing         = "plan_missing"
	DetailPlanNotAgreed       = "plan_not_agreed"
	DetailPlanReviewDue       = "plan_review_due"
	DetailTaskOverdue         = "task_overdue"
	DetailObjectiveOverdue    = "objective_overdue"
	DetailReferralNoNews      = "referral_no_news"
	DetailReferralNotStarted  = "referral_not_started"
	DetailReferralLoopOpen    = "referral_loop_open"
	DetailConsentExpiring     = "consent_expiring"
	DetailConsentRevoked      = "consent_revoked"
	DetailIntakePending       = "intake_pending"
	DetailOpenLong            = "open_long"
	DetailLostContact         = "lost_contact"
	DetailLateDocumentation   = "late_documentation"
	DetailErasureOverdue      = "erasure_overdue"
)

// Details are the English sentences of the findings' details, by key. templates/i18n/en.yaml
// holds the same sentences (a test keeps them equal).
var Details = map[string]string{
	DetailContactOverdue:      "no completed contact since {since}; {level} risk asks for one every {every} days",
	DetailContactOverdueNever: "no completed contact yet this episode (since {since}); {level} risk asks for one every {every} days",
	DetailRiskReviewDue:       "{domain} risk ({level}) was to be reviewed by {due}",
	DetailRiskReviewDueAge:    "{domain} risk is {level} and was last assessed on {on}",
	DetailSafetyPlanMissing:   "{domain} risk is {level} since {since} and there is no safety plan",
	DetailPlanMissing:         "accepted on {on} and no plan yet",
	DetailPlanNotAgreed:       "plan made on {on} is not agreed with the client",
	DetailPlanReviewDue:       "plan review was due on {due}",
	DetailTaskOverdue:         "task {id} (goal {goal}) was due on {due}",
	DetailObjectiveOverdue:    "objective {id} (goal {goal}) was due on {due}",
	DetailReferralNoNews:      "referral {id} {status} on {since}, no news since",
	DetailReferralNotStarted:  "referral {id} {status} on {since}, service not started",
	DetailReferralLoopOpen:    "referral {id} {status} on {since}; the outcome is not recorded (loop open)",
	DetailConsentExpiring:     "consent {id} expires on {on} while a referral relies on it",
	DetailConsentRevoked:      "consent {id} was revoked on {on} while a referral relies on it",
	DetailIntakePending:       "received on {on}, no decision yet",
	DetailOpenLong:            "open for {days} days (over {limit}): consider closure or transfer",
	DetailLostContact:         "{count} failed contact attempts since {since} and no contact: follow the lost-contact procedure",
	DetailLateDocumentation:   "note {id} written {hours} hours after the contact of {on}",
	DetailErasureOverdue:      "erasure request {id} of {received} unanswered; the answer was due by {due} (casework erasure {case} {id} --decision ...)",
}

// FormatDetail writes a detail's sentence with its arguments, each as value gives it; a
// placeholder with no argument of its name is left as it is.
func FormatDetail(sentence string, args map[string]string, value func(name, v string) string) string {
	if len(args) == 0 {
		return sentence
	}
	pairs := make([]string, 0, 2*len(args))
	for name, v := range args {
		pairs = append(pairs, "{"+name+"}", value(name, v))
	}
	return strings.NewReplacer(pairs...).Replace(sentence)
}

// Placeholders are the argument names a sentence uses, each once, in order of first use.
func Placeholders(sentence string) []string {
	var out []string
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(sentence, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(sentence[i:], '}')
		if j < 0 {
			return out
		}
		if name := sentence[i+1 : i+j]; !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
		sentence = sentence[i+j+1:]
	}
}

// newFinding is a finding of a check with its detail: the key's English sentence, and the key
// and arguments (name, value, name, value...) a report words in its language.
func newFinding(check string, days int, subject, key string, kv ...string) Finding {
	args := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i]] = kv[i+1]
	}
	return Finding{Check: check, Days: days, Subject: subject, Key: key, Args: args,
		Detail: FormatDetail(Details[key], args, func(_, v string) string { return v })}
}
