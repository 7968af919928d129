package redact

import (
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

func TestScrub(t *testing.T) {
	c := &casefile.Case{ID: "2026-11-02-aaaaa",
		People: &casefile.People{People: []casefile.Person{
			{ID: "P-c1", Name: "Hélène Muñoz", Aliases: []string{"Lenou"}, Phone: "06 12 34 56 78", BirthDate: dates.MustParse("1980-05-06")},
			{ID: "P-s1", Name: "Dan O'Hara", Kind: "person"},
		}},
		Intake: &casefile.Intake{Client: "P-c1", Area: "north", Members: []casefile.Member{{Person: "P-s1", Role: "partner"}}},
	}
	p, _ := casefile.Config{}.Profile("supervision")
	sc := newScrubber(c, p, Scope{AsOf: dates.MustParse("2026-11-23")})
	for in, want := range map[string]string{
		"HELENE MUNOZ came with lenou":                 "H. M. came with H. M.",
		"helene said Muñoz; Dan O'Hara; o'hara agreed": "H. M. said H. M.; partner; partner agreed",
		"Helenex and Danish are other words":           "Helenex and Danish are other words",
		"call 06 12 34 56 78 or +44 20 7946 0958":      "call […] or […]",
		"seen on 2026-11-23 14:30, 3 visits, 1500 €":   "seen on 2026-11-23 14:30, 3 visits, 1500 €",
		"born 06/05/1980 (1980-05-06)":                 "born […] ([…])",
		"mail helene.m@example.org":                    "mail […]",
	} {
		if got := sc.scrub(in); got != want {
			t.Errorf("scrub(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
