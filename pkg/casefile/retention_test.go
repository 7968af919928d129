package casefile

import (
	"github.com/casework/casework/pkg/dates"
	"strings"
	"testing"
)

func TestRetentionConfigChecks(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"valid", "retention:\n  default_policy: standard\n  policies:\n    standard:\n      years: 10\n      from: closure\n    family:\n      years: 10\n      from: majority\n      case_kinds: [family]\n", ""},
		{"default names no policy", "retention:\n  default_policy: standrd\n  policies:\n    standard:\n      years: 10\n      from: closure\n", `casework.yaml:3:19: default_policy "standrd" is not one of retention.policies ([standard])`},
		{"unknown counting", "retention:\n  policies:\n    standard:\n      years: 10\n      from: birth\n", `casework.yaml:6:13: retention.policies.standard.from: "birth" is not a known code`},
		{"a kind claimed twice", "retention:\n  policies:\n    a:\n      years: 1\n      from: closure\n      case_kinds: [family]\n    b:\n      years: 2\n      from: closure\n      case_kinds: [family]\n", `case kind "family" is claimed by two policies, "a" and "b"`},
		{"years out of range", "retention:\n  policies:\n    a:\n      years: -1\n      from: closure\n", `policy "a": years is between 0 and 100`},
		{"unknown field", "retention:\n  policies:\n    a:\n      yeras: 1\n", `casework.yaml:5:7: unknown field "retention.policies.a.yeras" (did you mean "years"?)`},
	} {
		_, _, ps := Decode("casework.yaml", KindConfig, []byte("schema_version: 1\n"+tc.yaml), Rules{})
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		if tc.want == "" {
			if len(ps) > 0 {
				t.Errorf("%s: unexpected problems:\n%s", tc.name, all)
			}
			continue
		}
		if !strings.Contains(all, tc.want) {
			t.Errorf("%s: got\n%s\nwant it to contain %q", tc.name, all, tc.want)
		}
	}
}

func TestHoldAndErasureChecks(t *testing.T) {
	head := "schema_version: 1\nrecorded_at: 2026-11-23T10:00:00Z\nrecorded_by: a.martin\n"
	for _, tc := range []struct {
		name string
		kind Kind
		yaml string
		want string
	}{
		{"a hold", KindHold, "action: placed\ndate: 2026-11-23\nreason: Claim\n", ""},
		{"a release names its hold", KindHold, "action: released\ndate: 2026-11-23\nreason: Over\n", "a release names the hold it ends"},
		{"a hold in the future", KindHold, "action: placed\ndate: 2026-12-23\nreason: Claim\n", "date is in the future"},
		{"a hold needs a reason", KindHold, "action: placed\ndate: 2026-11-23\n", `reason`},
		{"a request", KindErasureRequest, "received_on: 2026-11-20\nrequested_by: P-cl\nscope: whole_case\n", ""},
		{"an unknown scope", KindErasureRequest, "received_on: 2026-11-20\nrequested_by: P-cl\nscope: everything\n", `"everything" is not a known code`},
		{"a granted decision", KindErasureDecision, "request: 2026-11-20-k7f3m\ndecided_on: 2026-11-23\ndecision: granted\njustification: ok\n", ""},
		{"a refusal with its reason", KindErasureDecision, "request: 2026-11-20-k7f3m\ndecided_on: 2026-11-23\ndecision: refused\nlegal_reason: legal_claims\njustification: ok\n", ""},
		{"a partial erasure without reason", KindErasureDecision, "request: 2026-11-20-k7f3m\ndecided_on: 2026-11-23\ndecision: partial\njustification: ok\n", "a partial erasure names the exception of GDPR Art. 17(3)"},
		{"a granted decision with a reason", KindErasureDecision, "request: 2026-11-20-k7f3m\ndecided_on: 2026-11-23\ndecision: granted\nlegal_reason: public_task\njustification: ok\n", "legal_reason goes with a refused or partial decision"},
		{"a purge record", KindPurgeRecord, "case_id: 2019-01-07-k7f3m\npurged_on: 2026-11-23\nreason: retention_expired\nerased:\n  people: 1\nfiles: 1\nmethod: delete\ngit_history: no_git\n", ""},
		{"a purge record names its method", KindPurgeRecord, "case_id: 2019-01-07-k7f3m\npurged_on: 2026-11-23\nreason: retention_expired\nerased:\n  people: 1\nfiles: 1\nmethod: burn\ngit_history: no_git\n", `"burn" is not a known code`},
	} {
		v, _, ps := Decode("x.yaml", tc.kind, []byte(head+tc.yaml), Rules{Today: dates.MustParse("2026-11-23"), Config: DefaultConfig()})
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		if tc.want == "" {
			if len(ps) > 0 || v == nil {
				t.Errorf("%s: unexpected problems:\n%s", tc.name, all)
			}
			continue
		}
		if v != nil || !strings.Contains(all, tc.want) {
			t.Errorf("%s: got\n%s\nwant it to contain %q (and no value)", tc.name, all, tc.want)
		}
	}
}
