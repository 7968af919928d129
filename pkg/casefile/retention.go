package casefile

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/dates"
)

// Retention, legal holds and erasure (domain-reference §10.4, GDPR Art. 5(1)(e) and 17): the
// policy that says how long a closed case is kept, holds that stop a purge, requests to erase and
// their decisions, and the record a purge leaves in place of the case.

// RetentionConfig is the retention block of casework.yaml: named policies and the default one.
type RetentionConfig struct {
	// DefaultPolicy is used when no policy is named at closure and none covers the case's kind.
	DefaultPolicy string                     `yaml:"default_policy" mapstructure:"default_policy"`
	Policies      map[string]RetentionPolicy `yaml:"policies" mapstructure:"policies"`
}

// RetentionPolicy says how long a case is kept after it ends.
type RetentionPolicy struct {
	// Years kept, counted from the closure, or with From "majority" from the closure or the
	// 18th birthday of the youngest child of the case, whichever is later.
	Years int    `yaml:"years" mapstructure:"years"`
	From  string `yaml:"from" mapstructure:"from" cw:"enum=retention_from"`
	// CaseKinds makes this policy the one for cases of these kinds.
	CaseKinds []string `yaml:"case_kinds,omitempty" mapstructure:"case_kinds" cw:"enum=case_kind"`
}

// ClosureRetention is fixed at closure: the policy applied and the date the case is kept until.
type ClosureRetention struct {
	Policy      string     `yaml:"policy" cw:"required"`
	RetainUntil dates.Date `yaml:"retain_until" cw:"required"`
}

// Hold is a legal hold placed on a case, or the release of one. While a hold is in force the
// case is never purged, whatever its retention date or an erasure request say.
type Hold struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Action        string     `yaml:"action" cw:"required,enum=hold_action"`
	Date          dates.Date `yaml:"date" cw:"required"`
	Reason        string     `yaml:"reason" cw:"required"`
	Reference     string     `yaml:"reference,omitempty"`
	// Releases is the hold a release ends (its entry id).
	Releases string `yaml:"releases,omitempty"`
}

// ErasureRequest is a request to erase personal data (GDPR Art. 17).
type ErasureRequest struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	ReceivedOn    dates.Date `yaml:"received_on" cw:"required"`
	RequestedBy   string     `yaml:"requested_by" cw:"required"` // a person of the registry
	Scope         string     `yaml:"scope" cw:"required,enum=erasure_scope"`
	Details       string     `yaml:"details,omitempty"`
}

// ErasureDecision answers an erasure request: granted, refused or partial, with the legal
// exception (Art. 17(3)) behind a refusal.
type ErasureDecision struct {
	SchemaVersion int `yaml:"schema_version" cw:"required"`
	Entry         `yaml:",inline"`
	Request       string     `yaml:"request" cw:"required"`
	DecidedOn     dates.Date `yaml:"decided_on" cw:"required"`
	Decision      string     `yaml:"decision" cw:"required,enum=erasure_decision"`
	LegalReason   string     `yaml:"legal_reason,omitempty" cw:"enum=erasure_exception"`
	Justification string     `yaml:"justification" cw:"required"`
}

// PurgeRecord is what stays of a purged case, outside its folder (purged/ID.yaml). It holds no
// identifying data: ids, codes, dates and counts only.
type PurgeRecord struct {
	SchemaVersion    int `json:"schema_version" yaml:"schema_version" cw:"required"`
	Entry            `yaml:",inline"`
	CaseID           string         `json:"case_id" yaml:"case_id" cw:"required"`
	PurgedOn         dates.Date     `json:"purged_on" yaml:"purged_on" cw:"required"`
	Reason           string         `json:"reason" yaml:"reason" cw:"required,enum=purge_reason"`
	CaseKind         string         `json:"case_kind,omitempty" yaml:"case_kind,omitempty" cw:"enum=case_kind"`
	Status           string         `json:"status_at_purge,omitempty" yaml:"status_at_purge,omitempty"`
	EndedOn          dates.Date     `json:"ended_on,omitzero" yaml:"ended_on,omitempty"`
	Policy           string         `json:"policy,omitempty" yaml:"policy,omitempty"`
	RetainUntil      dates.Date     `json:"retain_until,omitzero" yaml:"retain_until,omitempty"`
	RetentionDerived bool           `json:"retention_derived,omitempty" yaml:"retention_derived,omitempty"`
	ErasureRequest   string         `json:"erasure_request,omitempty" yaml:"erasure_request,omitempty"`
	ErasureReceived  dates.Date     `json:"erasure_received_on,omitzero" yaml:"erasure_received_on,omitempty"`
	ErasureDecided   dates.Date     `json:"erasure_decided_on,omitzero" yaml:"erasure_decided_on,omitempty"`
	Erased           map[string]int `json:"erased" yaml:"erased" cw:"required"` // files by kind (folder name, or the file)
	Files            int            `json:"files" yaml:"files" cw:"required"`
	Method           string         `json:"method" yaml:"method" cw:"required,enum=purge_method"`
	GitHistory       string         `json:"git_history" yaml:"git_history" cw:"required,enum=purge_history"`
}

// The kinds of the files above.
const (
	KindHold Kind = iota + 100
	KindErasureRequest
	KindErasureDecision
	KindPurgeRecord
)

// The folders of the per-entry files above, inside a case folder.
const (
	HoldsDir            = "holds"
	ErasureRequestsDir  = "erasure-requests"
	ErasureDecisionsDir = "erasure-decisions"
)

func init() {
	kindTypes[KindHold] = reflect.TypeOf(Hold{})
	kindTypes[KindErasureRequest] = reflect.TypeOf(ErasureRequest{})
	kindTypes[KindErasureDecision] = reflect.TypeOf(ErasureDecision{})
	kindTypes[KindPurgeRecord] = reflect.TypeOf(PurgeRecord{})
	EntryDirs[HoldsDir] = KindHold
	EntryDirs[ErasureRequestsDir] = KindErasureRequest
	EntryDirs[ErasureDecisionsDir] = KindErasureDecision

	Enums["retention_from"] = []string{"closure", "majority"}
	Enums["hold_action"] = []string{"placed", "released"}
	Enums["erasure_scope"] = []string{"whole_case", "part"}
	Enums["erasure_decision"] = []string{"granted", "refused", "partial"}
	// The exceptions of GDPR Art. 17(3) under which erasure may be refused.
	Enums["erasure_exception"] = []string{"legal_obligation", "public_task", "public_health", "archiving_research", "legal_claims"}
	Enums["purge_reason"] = []string{"retention_expired", "erasure_granted"}
	Enums["purge_method"] = []string{"delete", "crypto_shred"}
	Enums["purge_history"] = []string{"plaintext_in_history", "keys_destroyed", "no_git"}

	extraChecks = append(extraChecks, checkRetentionFiles)
}

// PolicyNames lists the configured policies, sorted.
func (rc RetentionConfig) PolicyNames() []string {
	names := make([]string, 0, len(rc.Policies))
	for n := range rc.Policies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func checkRetentionFiles(v any, r Rules, at atFunc) {
	future := func(d dates.Date, key string) {
		if !r.Today.IsZero() && d.After(r.Today) {
			at(key+" is in the future", false, key)
		}
	}
	switch x := v.(type) {
	case *Config:
		rc := x.Retention
		if len(rc.Policies) == 0 {
			return
		}
		if rc.DefaultPolicy != "" {
			if _, ok := rc.Policies[rc.DefaultPolicy]; !ok {
				at(fmt.Sprintf("default_policy %q is not one of retention.policies (%v): name one of them", rc.DefaultPolicy, rc.PolicyNames()), false, "retention", "default_policy")
			}
		}
		kinds := map[string]string{}
		for _, name := range rc.PolicyNames() {
			p := rc.Policies[name]
			if p.Years < 0 || p.Years > 100 {
				at(fmt.Sprintf("policy %q: years is between 0 and 100", name), false, "retention", "policies", name, "years")
			}
			for _, k := range p.CaseKinds {
				if other, dup := kinds[k]; dup {
					at(fmt.Sprintf("case kind %q is claimed by two policies, %q and %q: give it to one", k, other, name), false, "retention", "policies", name, "case_kinds")
				}
				kinds[k] = name
			}
		}
	case *Hold:
		future(x.Date, "date")
		if x.Action == "released" && x.Releases == "" {
			at("a release names the hold it ends (releases: its entry id)", false, "action")
		}
		if x.Action == "placed" && x.Releases != "" {
			at("releases goes with action released", false, "releases")
		}
	case *ErasureRequest:
		future(x.ReceivedOn, "received_on")
	case *ErasureDecision:
		future(x.DecidedOn, "decided_on")
		switch x.Decision {
		case "refused", "partial":
			if x.LegalReason == "" {
				at(fmt.Sprintf("a %s erasure names the exception of GDPR Art. 17(3) it rests on: add legal_reason (%s)", x.Decision, strings.Join(Enums["erasure_exception"], ", ")), false, "decision")
			}
		case "granted":
			if x.LegalReason != "" {
				at("legal_reason goes with a refused or partial decision, not a granted one", false, "legal_reason")
			}
		}
	}
}
