package refer

import "github.com/casework/casework/pkg/casefile"

// RedirectCategories are what a referral made at intake will share once sent: who the person
// is and how to reach them, which the receiving service needs to take the request up.
var RedirectCategories = []string{"identity", "contact_details"}

// RedirectDraft is the referral that an intake redirected to an agency of the directory makes:
// a draft, since no consent exists yet at intake. The practitioner sends it once the client has
// consented (casework refer CASE REF --status sent --consent CONSENT), through the gate.
func RedirectDraft(in *casefile.Intake, people *casefile.People, agency string) *casefile.Referral {
	client, _ := people.Person(in.Client)
	on := in.DecidedOn
	if on.IsZero() {
		on = in.ReceivedOn
	}
	ref := &casefile.Referral{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         in.Entry,
		Date:          on,
		To:            casefile.ReferralTo{Agency: agency},
		Reason:        in.Request,
		Urgency:       in.Priority,
		Interpreter:   client.Interpreter,
		Categories:    append([]string(nil), RedirectCategories...),
		Status:        "draft",
	}
	if len(client.Languages) > 0 {
		ref.Language = client.Languages[0]
	}
	return ref
}
