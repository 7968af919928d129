package caseload

import (
	"strings"
	"testing"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

func TestCheckWarnsOfANameWhereAnIDBelongs(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	c := &casefile.Case{ID: "2026-11-02-aaaaaa", Dir: "cases/2026-11-02-aaaaaa",
		People: &casefile.People{People: []casefile.Person{{ID: "P-c1", Name: "Awa Diallo", Aliases: []string{"Tata Awa"}}, {ID: "P-s1", Name: "Mariam Diallo"}}},
		Intake: &casefile.Intake{Client: "P-c1", ReceivedOn: dates.MustParse("2026-11-02"), Decision: casefile.Decision{Decision: "accept"}},
		Notes: []casefile.Item[casefile.Note]{{ID: "n1", Path: "cases/x/notes/n1.yaml", V: &casefile.Note{
			Contact: casefile.NoteContact{At: at, Participants: []string{"P-c1", "tata awa"}}}}},
		Consents: []casefile.Item[casefile.Consent]{{ID: "k1", Path: "cases/x/consents/k1.yaml", V: &casefile.Consent{SignedBy: "Mariam Diallo"}}},
		Plan:     &casefile.Plan{Goals: []casefile.Goal{{ID: "G-1", Responsible: "client"}}},
	}
	var got []string
	for _, p := range Check(c) {
		if strings.Contains(p.Msg, "where a person's id belongs") {
			if !p.Warning {
				t.Errorf("%s: want a warning", p)
			}
			got = append(got, p.Path+": "+p.Msg)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "use the person's id P-c1") || !strings.Contains(got[1], "use the person's id P-s1") {
		t.Errorf("warnings:\n%s\nwant the alias in the note (P-c1) and the name in the consent (P-s1)", strings.Join(got, "\n"))
	}
}
