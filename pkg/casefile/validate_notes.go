package casefile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/casework/casework/pkg/schema"
)

func checkNote(x *Note, r Rules, at atFunc) {
	allowed := NoteSections[x.Format]
	body := false
	for k, v := range x.Sections {
		if !slices.Contains(allowed, k) {
			msg := fmt.Sprintf("section %q does not belong to a %s note; its sections are %s", k, x.Format, schema.OneOf(allowed))
			if s := schema.Suggest(k, allowed); s != "" {
				msg = fmt.Sprintf("section %q does not belong to a %s note (did you mean %q?); its sections are %s", k, x.Format, s, schema.OneOf(allowed))
			}
			at(msg, false, "sections", k)
		}
		if strings.TrimSpace(v) != "" {
			body = true
		}
	}
	switch {
	case x.Sealed != "" && len(x.Sections) > 0:
		at("a sealed note keeps its text in sealed only: delete sections, or sealed", false, "sealed")
	case x.Sealed != "" && !strings.HasPrefix(strings.TrimSpace(x.Sealed), "-----BEGIN AGE ENCRYPTED FILE-----"):
		at("sealed is not an age-encrypted text: it holds the note's sections as casework sealed them", false, "sealed")
	case x.Sealed == "" && !body:
		at("the note has no text: write at least one section", false, "sections")
	}
	if !r.Today.IsZero() && x.Contact.At.After(r.Today.AddDays(1).Time(x.Contact.At.Location())) {
		at("the contact is dated in the future", false, "contact", "at")
	}
	if x.RecordedAt.Before(x.Contact.At) {
		at("written before the contact took place (recorded_at is before contact.at)", false, "contact", "at")
	}
	if x.Amends != "" && strings.TrimSpace(x.AmendReason) == "" {
		at("a correction says why the original is corrected (amend_reason)", false, "amends")
	}
	if x.Amends == "" && x.AmendReason != "" {
		at("amend_reason goes with amends (the note corrected)", false, "amend_reason")
	}
	if x.Contact.Minutes < 0 {
		at("minutes cannot be negative", false, "contact", "minutes")
	}
}

func checkConsent(x *Consent, r Rules, at atFunc) {
	if !r.Today.IsZero() && x.SignedOn.After(r.Today) {
		at("signed_on is in the future", false, "signed_on")
	}
	if !x.ExpiresOn.IsZero() && !x.ExpiresOn.After(x.SignedOn) {
		at("expires_on must come after signed_on", false, "expires_on")
	}
	for _, c := range x.Excluded {
		if slices.Contains(x.Categories, c) {
			at(fmt.Sprintf("category %s is both covered and excluded", c), false, "excluded_categories")
		}
	}
	if len(x.Recipients) == 0 {
		at("a consent names who may receive the information (recipients)", false, "recipients")
	}
}

func checkReferral(x *Referral, r Rules, at atFunc) {
	if !r.Today.IsZero() && x.Date.After(r.Today) {
		at("date is in the future", false, "date")
	}
	if x.To.Agency == "" && x.To.Name == "" {
		at("a referral names its recipient: to.agency (from the directory) or to.name", false, "to")
	}
	if x.Status != "draft" && x.Status != "sent" {
		at("a referral is created as draft or sent; later statuses are referral updates", false, "status")
	}
	if x.Status == "sent" && x.Consent == "" {
		if x.LegalBasis == "" || x.LegalBasis == "consent" || strings.TrimSpace(x.Justification) == "" {
			at("a sent referral relies on a consent, or on another legal basis with a justification", false, "status")
		}
	}
	if x.Consent != "" && x.LegalBasis != "" && x.LegalBasis != "consent" {
		at("a referral relies on a consent or on another legal basis, not both", false, "legal_basis")
	}
}

func checkReferralUpdate(x *ReferralUpdate, r Rules, at atFunc) {
	if !r.Today.IsZero() && x.Date.After(r.Today) {
		at("date is in the future", false, "date")
	}
	if x.Status == "" && !x.LoopClosed {
		at("an update changes the status, or closes the loop (loop_closed: true)", false, "status")
	}
	if x.Status == "declined" && x.DeclineReason == "" {
		at("a declined referral says why (decline_reason)", false, "status")
	}
	if x.Status != "declined" && x.DeclineReason != "" {
		at("decline_reason goes with status declined", false, "decline_reason")
	}
	if (x.Consent != "" || x.LegalBasis != "" || x.Justification != "") && x.Status != "sent" {
		at("consent, legal_basis and justification go with status sent (the sending of a draft)", false, "status")
	}
	if x.LegalBasis != "" && (x.LegalBasis == "consent" || strings.TrimSpace(x.Justification) == "") {
		at("a legal basis other than consent is recorded with its justification", false, "legal_basis")
	}
}
