package casefile

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/schema"
	"go.yaml.in/yaml/v3"
)

// Problem is one finding in one file, reported as path:line:col: message.
type Problem struct {
	Path      string
	Line, Col int
	Msg       string
	Warning   bool
}

func (p Problem) String() string {
	sev := ""
	if p.Warning {
		sev = "warning: "
	}
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s%s", p.Path, sev, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", p.Path, p.Line, p.Col, sev, p.Msg)
}

// Kind is the kind of file, which decides its schema.
type Kind int

// The kinds of file in a case repository.
const (
	KindUnknown Kind = iota
	KindConfig
	KindPeople
	KindIntake
	KindDecision
	KindClosure
	KindReopening
	KindAssessment
	KindSafetyPlan
	KindPlan
	KindNote
	KindConsent
	KindConsentRevocation
	KindReferral
	KindReferralUpdate
	KindPartner
	KindCaseReview
	KindDisclosure
)

var kindTypes = map[Kind]reflect.Type{
	KindConfig:            reflect.TypeOf(Config{}),
	KindPeople:            reflect.TypeOf(People{}),
	KindIntake:            reflect.TypeOf(Intake{}),
	KindDecision:          reflect.TypeOf(DecisionEntry{}),
	KindClosure:           reflect.TypeOf(Closure{}),
	KindReopening:         reflect.TypeOf(Reopening{}),
	KindAssessment:        reflect.TypeOf(Assessment{}),
	KindSafetyPlan:        reflect.TypeOf(SafetyPlan{}),
	KindPlan:              reflect.TypeOf(Plan{}),
	KindNote:              reflect.TypeOf(Note{}),
	KindConsent:           reflect.TypeOf(Consent{}),
	KindConsentRevocation: reflect.TypeOf(ConsentRevocation{}),
	KindReferral:          reflect.TypeOf(Referral{}),
	KindReferralUpdate:    reflect.TypeOf(ReferralUpdate{}),
	KindPartner:           reflect.TypeOf(Partner{}),
	KindCaseReview:        reflect.TypeOf(CaseReview{}),
	KindDisclosure:        reflect.TypeOf(Disclosure{}),
}

// EntryDirs maps the folder of each kind of per-entry file inside a case folder.
var EntryDirs = map[string]Kind{
	"decisions":           KindDecision,
	"closures":            KindClosure,
	"reopenings":          KindReopening,
	"assessments":         KindAssessment,
	"safety-plans":        KindSafetyPlan,
	"notes":               KindNote,
	"consents":            KindConsent,
	"consent-revocations": KindConsentRevocation,
	"referrals":           KindReferral,
	"referral-updates":    KindReferralUpdate,
	"reviews":             KindCaseReview,
	"disclosures":         KindDisclosure,
}

var validator = &schema.Validator{
	Enums: Enums,
	Scalars: map[reflect.Type]func(string) error{
		reflect.TypeOf(dates.Date{}): func(s string) error { _, err := dates.Parse(s); return err },
		reflect.TypeOf(time.Time{}): func(s string) error {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				return fmt.Errorf("invalid time %q: use 2006-01-02T15:04:05+01:00", s)
			}
			return nil
		},
	},
}

// Rules carries what semantic checks depend on beyond the file itself.
type Rules struct {
	Today  dates.Date
	Config Config
}

// A file checked out with CRLF line ends keeps a \r after a bare marker.
var conflictMarker = regexp.MustCompile(`^(<{7}|={7}|>{7}|\|{7})( |\r?$)`)

// conflictLines is the file's lines when one may hold a git conflict marker (seven <, =, > or |
// in a row), else none: most files need no look at each line.
func conflictLines(data []byte) [][]byte {
	for _, m := range []string{"<<<<<<<", "=======", ">>>>>>>", "|||||||"} {
		if bytes.Contains(data, []byte(m)) {
			return bytes.Split(data, []byte("\n"))
		}
	}
	return nil
}

// Decode parses, checks and decodes one file. The value is returned only when no error (warnings
// aside) was found, so invalid data never reaches the rest of the program.
func Decode(path string, kind Kind, data []byte, r Rules) (any, *yaml.Node, []Problem) {
	t, ok := kindTypes[kind]
	if !ok {
		return nil, nil, []Problem{{Path: path, Msg: "not a file casework knows; move or delete it"}}
	}
	var ps []Problem
	for i, line := range conflictLines(data) {
		if conflictMarker.Match(line) {
			ps = append(ps, Problem{Path: path, Line: i + 1, Col: 1, Msg: "git conflict marker: resolve the conflict (keep the right lines, delete the markers), then run casework check"})
		}
	}
	if len(ps) == 0 {
		if p, bad := TextProblem(path, data); bad {
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		return nil, nil, ps
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, []Problem{syntaxProblem(path, err)}
	}
	for _, p := range validator.Check(&doc, t) {
		ps = append(ps, Problem{Path: path, Line: p.Line, Col: p.Col, Msg: p.Msg, Warning: p.Warning})
	}
	if len(ps) == 0 {
		if vn := schema.Lookup(&doc, "schema_version"); vn != nil && kind != KindConfig {
			if v, _ := strconv.Atoi(vn.Value); v > SchemaVersion || v < 1 {
				ps = append(ps, Problem{Path: path, Line: vn.Line, Col: vn.Column,
					Msg: fmt.Sprintf("schema_version %s is not one this casework reads (1 to %d): upgrade casework", vn.Value, SchemaVersion)})
			}
		}
	}
	if hasErrors(ps) {
		return nil, &doc, ps
	}
	v := reflect.New(t)
	if err := doc.Decode(v.Interface()); err != nil {
		return nil, &doc, append(ps, syntaxProblem(path, err))
	}
	at := func(msg string, warn bool, keys ...string) {
		n := schema.Lookup(&doc, keys...)
		if n == nil {
			n = doc.Content[0]
		}
		ps = append(ps, Problem{Path: path, Line: n.Line, Col: n.Column, Msg: msg, Warning: warn})
	}
	switch x := v.Interface().(type) {
	case *Config:
		checkEncryption(&x.Encryption, at)
	case *Intake:
		checkIntake(x, r, at)
	case *People:
		checkPeople(x, r, at)
	case *Closure:
		checkClosure(x, r, at)
	case *DecisionEntry:
		checkDecision(&x.Decision, at)
		if !r.Today.IsZero() && x.DecidedOn.After(r.Today) {
			at("decided_on is in the future", false, "decided_on")
		}
	case *Assessment:
		checkAssessment(x, r, at)
	case *SafetyPlan:
		if !r.Today.IsZero() && x.Date.After(r.Today) {
			at("date is in the future", false, "date")
		}
		if len(x.WarningSigns) == 0 {
			at("a safety plan starts with the warning signs, in the client's words", false, "warning_signs")
		}
	case *Plan:
		checkPlan(x, at)
	case *Note:
		checkNote(x, r, at)
	case *Consent:
		checkConsent(x, r, at)
	case *Referral:
		checkReferral(x, r, at)
	case *ReferralUpdate:
		checkReferralUpdate(x, r, at)
	case *CaseReview:
		if !r.Today.IsZero() && x.Date.After(r.Today) {
			at("date is in the future", false, "date")
		}
		if !x.NextReview.IsZero() && !x.NextReview.After(x.Date) {
			at("next_review must come after the review's date", false, "next_review")
		}
		for i, g := range x.GoalProgress {
			if g.Level != nil && (*g.Level < -2 || *g.Level > 2) {
				at("a GAS level is between -2 and 2", false, "goal_progress", strconv.Itoa(i), "gas_level")
			}
		}
		if x.GAS != nil && (x.GAS.NGoals < 1 || x.GAS.Rho < 0 || x.GAS.Rho >= 1) {
			at("gas: a frozen T-score names the goals behind it (n_goals ≥ 1) and its rho (0 ≤ rho < 1)", false, "gas")
		}
	case *Disclosure:
		checkDisclosure(x, at)
	case *Reopening:
		if !r.Today.IsZero() && x.ReopenedOn.After(r.Today) {
			at("reopened_on is in the future", false, "reopened_on")
		}
	}
	for _, check := range extraChecks {
		check(v.Interface(), r, at)
	}
	if hasErrors(ps) {
		return nil, &doc, ps
	}
	return v.Interface(), &doc, ps
}

func hasErrors(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// TextProblem finds the first byte that YAML refuses without saying where: a byte that is not
// UTF-8, or a control character. The YAML parser reports these at line 1; this names the line.
func TextProblem(path string, data []byte) (Problem, bool) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return Problem{}, false // UTF-16, which the YAML parser reads itself
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return Problem{Path: path, Line: line, Col: col,
				Msg: fmt.Sprintf("not UTF-8 text (byte 0x%02X): save the file as UTF-8", data[i])}, true
		case r == '\n':
			line, col = line+1, 0
		case (r < 0x20 && r != '\t' && r != '\r') || r == 0x7f || (r >= 0x80 && r <= 0x9f && r != 0x85) || r == 0xfffe || r == 0xffff:
			return Problem{Path: path, Line: line, Col: col,
				Msg: fmt.Sprintf("control character %U in the text: delete it (a case file holds printable text only)", r)}, true
		}
		i += size
		col++
	}
	return Problem{}, false
}

var yamlLine = regexp.MustCompile(`line (\d+)(?:, column (\d+))?: (.*)`)

func syntaxProblem(path string, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		if col == 0 {
			col = 1
		}
		return Problem{Path: path, Line: line, Col: col, Msg: "not valid YAML: " + m[3]}
	}
	return Problem{Path: path, Line: 1, Col: 1, Msg: "not valid YAML: " + msg}
}

type atFunc func(msg string, warn bool, keys ...string)

// extraChecks are semantic checks that files of their own register (retention.go).
var extraChecks []func(v any, r Rules, at atFunc)

func checkDecision(d *Decision, at atFunc) {
	switch d.Decision {
	case "redirect", "not_accept":
		if d.Reason == "" {
			at(fmt.Sprintf("decision %s needs a decision_reason (%s)", d.Decision, schema.OneOf(Enums["decision_reason"])), false, "decision")
		}
	case "accept", "pending":
		if d.Reason != "" {
			at(fmt.Sprintf("decision_reason %q only goes with redirect or not_accept", d.Reason), false, "decision_reason")
		}
	}
}

func checkIntake(x *Intake, r Rules, at atFunc) {
	checkDecision(&x.Decision, at)
	if x.Engagement == "mandated" && x.Mandate == nil {
		at("a mandated engagement needs its mandate: authority and ends_on", false, "engagement")
	}
	if x.Mandate != nil && x.Mandate.EndsOn.Before(x.ReceivedOn) {
		at("the mandate ends before the request was received ("+x.ReceivedOn.String()+")", false, "mandate", "ends_on")
	}
	if x.Engagement != "mandated" && x.Mandate != nil {
		at("a mandate is recorded but engagement is not mandated", false, "mandate")
	}
	if !r.Today.IsZero() && x.ReceivedOn.After(r.Today) {
		at("received_on is in the future", false, "received_on")
	}
	high := RiskRank(x.ImmediateRisk) >= RiskRank("high")
	if (high || x.Priority == "emergency") && (x.Emergency == nil || !x.Emergency.Done) {
		at("life or safety may be at stake (priority "+x.Priority+", immediate risk "+x.ImmediateRisk+") and no emergency intervention is recorded", true, "immediate_risk")
	}
	if x.Kind == "family" && len(x.Members) == 0 {
		at("a family case lists its household in members", true, "case_kind")
	}
	if x.Kind == "community" && len(x.Partners) == 0 {
		at("a community case names its partner organisations in partners", true, "case_kind")
	}
}

var personID = regexp.MustCompile(`^P-[0-9a-z]{2,8}$`)

func checkPeople(x *People, r Rules, at atFunc) {
	seen := map[string]bool{}
	for i, p := range x.People {
		idx := strconv.Itoa(i)
		if !personID.MatchString(p.ID) {
			at(fmt.Sprintf("person id %q: use P- followed by 2 to 8 lower-case letters or digits", p.ID), false, "people", idx, "id")
		}
		if seen[p.ID] {
			at(fmt.Sprintf("person id %q is used twice", p.ID), false, "people", idx, "id")
		}
		seen[p.ID] = true
		if !r.Today.IsZero() && p.BirthDate.After(r.Today) {
			at("birth_date is in the future", false, "people", idx, "birth_date")
		}
	}
}

func checkClosure(x *Closure, r Rules, at atFunc) {
	if !r.Today.IsZero() && x.ClosedOn.After(r.Today) {
		at("closed_on is in the future", false, "closed_on")
	}
	if !r.Today.IsZero() {
		for i, a := range x.ContactAttempts {
			if a.On.After(r.Today) {
				at("contact attempt dated in the future", false, "contact_attempts", strconv.Itoa(i), "date")
			}
		}
		if ci := x.ClientInformed; ci != nil && ci.On.After(r.Today) {
			at("client_informed.date is in the future", false, "client_informed", "date")
		}
	}
	need := r.Config.Review.LostContactAttempts
	if x.Reason == "lost_contact" && len(x.ContactAttempts) < need {
		at(fmt.Sprintf("closing for lost_contact needs at least %d documented contact attempts (found %d)", need, len(x.ContactAttempts)), false, "reason")
	}
	if x.Reason == "agency_ended_service" && x.ApprovedBy == "" {
		at("agency_ended_service needs management review: record approved_by", false, "reason")
	}
}

// Marshal renders v as YAML with a fixed field order and two-space indent, so each change is a
// small diff.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Encode marshals v and checks the result exactly as a later read would, so that nothing invalid
// is ever written.
func Encode(path string, kind Kind, v any, r Rules) ([]byte, []Problem, error) {
	data, err := Marshal(v)
	if err != nil {
		return nil, nil, err
	}
	_, _, ps := Decode(path, kind, data, r)
	return data, ps, nil
}

func checkEncryption(e *Encryption, at atFunc) {
	seen := map[string]bool{}
	for i, r := range e.Recipients {
		if _, err := age.ParseX25519Recipient(strings.TrimSpace(r.Key)); r.Key != "" && err != nil {
			at(fmt.Sprintf("key of %s is not an age public key: give the age1… line that casework keys new (or age-keygen) printed", r.Worker), false, "encryption", "recipients", strconv.Itoa(i), "key")
		}
		if seen[r.Key] && r.Key != "" {
			at("this key is listed twice", false, "encryption", "recipients", strconv.Itoa(i), "key")
		}
		seen[r.Key] = true
	}
	if e.Enabled && len(e.Recipients) == 0 {
		at("encryption is enabled with no recipient: list each practitioner's public key under recipients (casework keys new prints one)", false, "encryption", "enabled")
	}
	if k := strings.Trim(filepath.ToSlash(e.Keyring), "/"); k == "cases" || strings.HasPrefix(k, "cases/") || strings.HasPrefix(k, ".git/") || k == ".git" {
		at("the key ring cannot live in cases/ or .git: name a git-ignored folder, or one outside the repository", false, "encryption", "keyring")
	}
}
