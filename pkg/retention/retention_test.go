package retention

import (
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

var d = dates.MustParse

func policies() casefile.RetentionConfig {
	return casefile.RetentionConfig{DefaultPolicy: "standard", Policies: map[string]casefile.RetentionPolicy{
		"standard": {Years: 5, From: "closure"},
		"family":   {Years: 10, From: "majority", CaseKinds: []string{"family"}},
		"short":    {Years: 1, From: "closure"},
	}}
}

func entry(day string) casefile.Entry {
	return casefile.Entry{RecordedAt: d(day).Time(time.UTC).Add(9 * time.Hour), RecordedBy: "a.martin"}
}

// newCase is a case received on received, accepted, with a child born on child ("" for none),
// closed on closed ("" for open) with the retention given (nil: recorded before retention was).
func newCase(kind, received, child, closed string, ret *casefile.ClosureRetention) *casefile.Case {
	c := &casefile.Case{ID: received + "-k7f3m", Dir: "cases/" + received + "-k7f3m",
		People: &casefile.People{People: []casefile.Person{{ID: "P-cl", Name: "Client", BirthDate: d("1980-01-01")}}},
		Intake: &casefile.Intake{Entry: entry(received), Kind: kind, ReceivedOn: d(received), Client: "P-cl",
			Decision: casefile.Decision{Decision: "accept"}}}
	if child != "" {
		c.People.People = append(c.People.People, casefile.Person{ID: "P-ch", Name: "Child", BirthDate: d(child)})
		c.Intake.Members = []casefile.Member{{Person: "P-ch", Role: "child"}}
	}
	if closed != "" {
		c.Closures = []casefile.Item[casefile.Closure]{{ID: closed + "-x4q7r", V: &casefile.Closure{Entry: entry(closed),
			ClosedOn: d(closed), Reason: "goals_achieved", Retention: ret}}}
	}
	return c
}

func TestPolicyChoice(t *testing.T) {
	rc := policies()
	for _, tc := range []struct{ kind, named, want, err string }{
		{"individual", "", "standard", ""},
		{"family", "", "family", ""},
		{"family", "short", "short", ""},
		{"individual", "long", "", `no retention policy "long": use one of [family short standard]`},
	} {
		got, _, err := Policy(rc, tc.kind, tc.named)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Policy(%s, %q): error %v, want %q", tc.kind, tc.named, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Policy(%s, %q) = %q, %v; want %q", tc.kind, tc.named, got, err, tc.want)
		}
	}
	rc.DefaultPolicy = "gone"
	if _, _, err := Policy(rc, "individual", ""); err == nil || !strings.Contains(err.Error(), `retention.default_policy "gone"`) {
		t.Errorf("a default naming no policy: %v", err)
	}
}

func TestRetainUntil(t *testing.T) {
	rc := policies()
	for _, tc := range []struct {
		name, policy, child, closed, want string
	}{
		{"years after closure", "standard", "", "2019-06-28", "2024-06-28"},
		{"a leap day keeps to February", "standard", "", "2020-02-29", "2025-02-28"},
		{"from the child's majority, later than the closure", "family", "2015-03-10", "2019-07-01", "2043-03-10"},
		{"an adult child: from the closure", "family", "1990-01-01", "2019-07-01", "2029-07-01"},
		{"no child: from the closure", "family", "", "2019-07-01", "2029-07-01"},
	} {
		c := newCase("family", "2019-01-07", tc.child, tc.closed, nil)
		if got := RetainUntil(rc.Policies[tc.policy], c, d(tc.closed)); got != d(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	// A minor client counts as a child of the case.
	c := newCase("individual", "2019-01-07", "", "2019-07-01", nil)
	c.People.People[0].BirthDate = d("2005-05-05")
	if got := RetainUntil(casefile.RetentionPolicy{Years: 10, From: "majority"}, c, d("2019-07-01")); got != d("2033-05-05") {
		t.Errorf("minor client: got %s, want 2033-05-05", got)
	}
}

func TestStates(t *testing.T) {
	rc := policies()
	today := d("2026-11-23")
	fixed := &casefile.ClosureRetention{Policy: "short", RetainUntil: d("2020-06-28")}

	open := newCase("individual", "2026-11-02", "", "", nil)
	if in := Of(open, rc, today); in.State != Open || in.Purgeable() == nil || !strings.Contains(in.Purgeable().Error(), "an open case is never purged") {
		t.Errorf("open case: %+v, %v", in, in.Purgeable())
	}

	due := newCase("individual", "2019-01-07", "", "2019-06-28", fixed)
	in := Of(due, rc, today)
	if in.State != Due || in.Derived || in.Policy != "short" || in.RetainUntil != d("2020-06-28") || in.Purgeable() != nil {
		t.Errorf("recorded retention: %+v", in)
	}
	// The day itself is still kept; the day after, it is due.
	if in := Of(due, rc, d("2020-06-28")); in.State != Kept {
		t.Errorf("on its date: %s, want kept", in.State)
	}
	if in := Of(due, rc, d("2020-06-29")); in.State != Due {
		t.Errorf("the day after: %s, want due", in.State)
	}

	derived := newCase("individual", "2019-01-07", "", "2019-06-28", nil)
	if in := Of(derived, rc, today); !in.Derived || in.Policy != "standard" || in.RetainUntil != d("2024-06-28") || in.State != Due {
		t.Errorf("derived retention: %+v", in)
	}

	// A reopening cancels the closure's retention: the case is open again.
	reopened := newCase("individual", "2019-01-07", "", "2019-06-28", fixed)
	reopened.Reopenings = []casefile.Item[casefile.Reopening]{{ID: "2026-11-20-b9m3k", V: &casefile.Reopening{Entry: entry("2026-11-20"),
		ReopenedOn: d("2026-11-20"), Reason: "back", Closure: "2019-06-28-x4q7r"}}}
	if in := Of(reopened, rc, today); in.State != Open {
		t.Errorf("reopened: %s, want open", in.State)
	}

	// Holds: placed, then released; a hold placed after the date asked about does not count.
	held := newCase("individual", "2019-01-07", "", "2019-06-28", fixed)
	held.Holds = []casefile.Item[casefile.Hold]{{ID: "2026-11-01-h0001", V: &casefile.Hold{Entry: entry("2026-11-01"), Action: "placed", Date: d("2026-11-01"), Reason: "claim"}}}
	if in := Of(held, rc, today); in.State != OnHold || len(in.HoldIDs) != 1 || in.Purgeable() == nil || !strings.Contains(in.Purgeable().Error(), "legal hold (2026-11-01-h0001: claim)") {
		t.Errorf("on hold: %+v %v", in, in.Purgeable())
	}
	if in := Of(held, rc, d("2026-10-01")); in.State != Due {
		t.Errorf("before the hold: %s, want due", in.State)
	}
	held.Holds = append(held.Holds, casefile.Item[casefile.Hold]{ID: "2026-11-20-h0002", V: &casefile.Hold{Entry: entry("2026-11-20"), Action: "released", Date: d("2026-11-20"), Reason: "over", Releases: "2026-11-01-h0001"}})
	if in := Of(held, rc, today); in.State != Due {
		t.Errorf("released: %s, want due", in.State)
	}

	// A granted erasure of the whole case makes a kept case purgeable; a partial one does not.
	kept := newCase("individual", "2026-09-01", "", "2026-10-30", &casefile.ClosureRetention{Policy: "standard", RetainUntil: d("2031-10-30")})
	if in := Of(kept, rc, today); in.State != Kept || in.Purgeable() == nil || !strings.Contains(in.Purgeable().Error(), "kept until 2031-10-30") {
		t.Errorf("kept: %+v %v", in, in.Purgeable())
	}
	kept.ErasureRequests = []casefile.Item[casefile.ErasureRequest]{{ID: "2026-11-20-e0001", V: &casefile.ErasureRequest{Entry: entry("2026-11-20"), ReceivedOn: d("2026-11-20"), RequestedBy: "P-cl", Scope: "part", Details: "notes"}}}
	kept.ErasureDecisions = []casefile.Item[casefile.ErasureDecision]{{ID: "2026-11-21-e0002", V: &casefile.ErasureDecision{Entry: entry("2026-11-21"), Request: "2026-11-20-e0001", DecidedOn: d("2026-11-21"), Decision: "granted", Justification: "ok"}}}
	if in := Of(kept, rc, today); in.State != Kept {
		t.Errorf("a granted partial erasure: %s, want kept", in.State)
	}
	kept.ErasureRequests[0].V.Scope = "whole_case"
	if in := Of(kept, rc, today); in.State != ErasureGranted || in.Purgeable() != nil || in.Granted.ID != "2026-11-20-e0001" {
		t.Errorf("a granted erasure: %+v", in)
	}
}

func TestErasuresPending(t *testing.T) {
	c := newCase("individual", "2026-09-01", "", "", nil)
	c.ErasureRequests = []casefile.Item[casefile.ErasureRequest]{
		{ID: "2026-10-31-e0002", V: &casefile.ErasureRequest{ReceivedOn: d("2026-10-31"), Scope: "whole_case"}},
		{ID: "2026-10-12-e0001", V: &casefile.ErasureRequest{ReceivedOn: d("2026-10-12"), Scope: "whole_case"}},
	}
	c.ErasureDecisions = []casefile.Item[casefile.ErasureDecision]{{ID: "x", V: &casefile.ErasureDecision{Request: "2026-10-12-e0001", Decision: "refused", LegalReason: "legal_obligation"}}}
	es := Erasures(c)
	if len(es) != 2 || es[0].ID != "2026-10-12-e0001" || es[0].Pending() || !es[1].Pending() {
		t.Fatalf("erasures: %+v", es)
	}
	// One month to answer, to the same day of the next month (end of month clamped).
	if es[1].AnswerBy != d("2026-11-30") {
		t.Errorf("answer by %s, want 2026-11-30", es[1].AnswerBy)
	}
}
