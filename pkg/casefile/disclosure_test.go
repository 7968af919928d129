package casefile

import (
	"strings"
	"testing"
)

func TestRedactionProfilesInTheConfig(t *testing.T) {
	good := "schema_version: 1\nredaction:\n  supervision:\n    names: code\n  training:\n    names: code\n    third_parties: role\n    free_text: drop\n    working_notes: [supervision]\n"
	v, _, ps := Decode("casework.yaml", KindConfig, []byte(good), Rules{})
	if len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	cfg := *v.(*Config)
	sup, _ := cfg.Profile("supervision")
	if sup.Names != "code" || sup.ThirdParties != "role" || sup.BirthDate != "age" || sup.Basis != "care_provision" {
		t.Errorf("supervision tuned: %+v; want names: code and the built-in's other fields", sup)
	}
	tr, ok := cfg.Profile("training")
	if !ok || tr.Names != "code" || tr.FreeText != "drop" || tr.BirthDate != "keep" || tr.Scope != "all" {
		t.Errorf("an agency's own profile: %+v, %v; want its fields over internal's (keep)", tr, ok)
	}
	if got := strings.Join(cfg.ProfileNames(), ","); got != "internal,supervision,court,referral,deidentified,training" {
		t.Errorf("ProfileNames = %s", got)
	}
	in, _ := Config{Redaction: map[string]RedactionProfile{Internal: {Names: "code"}}}.Profile(Internal)
	if in.Names != "keep" {
		t.Errorf("internal was tuned: %+v; it is the record as written", in)
	}
	if _, ok := cfg.Profile("nosuch"); ok {
		t.Errorf("an unknown profile was found")
	}
	bad := "schema_version: 1\nredaction:\n  training:\n    names: initals\n"
	_, _, ps = Decode("casework.yaml", KindConfig, []byte(bad), Rules{})
	if len(ps) != 1 || ps[0].Line != 4 || !strings.Contains(ps[0].Msg, `did you mean "initials"`) {
		t.Errorf("a mistyped code: %v; want one problem on line 4 with a did-you-mean", ps)
	}
}

func TestDisclosureBasis(t *testing.T) {
	for _, c := range []struct {
		basis, consent, just string
		ok                   bool
	}{
		{"consent", "2026-11-20-k2m4q", "", true},
		{"consent", "", "", false},
		{"court_order", "", "order RG 26/1", true},
		{"court_order", "", " ", false},
	} {
		if got := DisclosureBasisProblem(c.basis, c.consent, c.just) == ""; got != c.ok {
			t.Errorf("DisclosureBasisProblem(%q, %q, %q) ok = %v, want %v", c.basis, c.consent, c.just, got, c.ok)
		}
	}
}
