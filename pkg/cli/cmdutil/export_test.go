package cmdutil

import (
	"errors"
	"strings"
	"testing"
)

// TestPrepareExport: what each profile needs on the command line, and the clear error when it
// is missing; nothing about the export is decided before these pass.
func TestPrepareExport(t *testing.T) {
	env := map[string]string{"CASEWORK_TODAY": "2026-11-23", "CASEWORK_WORKER_ID": "w.test"}
	for _, c := range []struct {
		name string
		e    ExportFlags
		err  string // "" for success
	}{
		{"internal by default", ExportFlags{}, ""},
		{"internal with a recipient", ExportFlags{To: "court"}, "--to describes an export under a redaction profile"},
		{"unknown profile", ExportFlags{Profile: "nosuch"}, `--profile "nosuch" is not a profile of this repository`},
		{"supervision takes its defaults", ExportFlags{Profile: "supervision"}, ""},
		{"deidentified without a recipient", ExportFlags{Profile: "deidentified"}, "names who receives it: --to RECIPIENT"},
		{"court without a purpose", ExportFlags{Profile: "court", To: "Family court"}, "says why it is made: --purpose TEXT"},
		{"court without the order", ExportFlags{Profile: "court", To: "Family court", Purpose: "order"}, "names the order it answers: --order REF"},
		{"court with the order", ExportFlags{Profile: "court", To: "Family court", Purpose: "order", Order: "RG 1", Since: "2026-10-01", Until: "2026-10-31", Include: []string{"notes"}}, ""},
		{"court dates the wrong way round", ExportFlags{Profile: "court", To: "c", Purpose: "p", Order: "RG 1", Since: "2026-10-31", Until: "2026-10-01"}, "--until 2026-10-01 comes before --since 2026-10-31"},
		{"court, an unknown kind of entry", ExportFlags{Profile: "court", To: "c", Purpose: "p", Order: "RG 1", Include: []string{"letters"}}, `--include "letters" is not a kind of entry`},
		{"an order's flag on another profile", ExportFlags{Profile: "supervision", Since: "2026-10-01"}, "--since narrows an export to what a court order names"},
		{"consent basis without the consent", ExportFlags{Profile: "supervision", Basis: "consent"}, "name the consent the export relies on with --consent ID"},
		{"a consent with another basis", ExportFlags{Profile: "supervision", Basis: "legal_obligation", Justification: "x", Consent: "2026-11-20-k2m4q"}, "--consent goes with --basis consent"},
		{"another basis without a justification", ExportFlags{Profile: "deidentified", To: "f", Basis: "legal_obligation", Justification: " "}, "say why it applies with --justification TEXT"},
		{"an unknown basis", ExportFlags{Profile: "deidentified", To: "f", Basis: "whim"}, "whim"},
		{"referral without a consent", ExportFlags{Profile: "referral", To: "agency", Purpose: "p"}, "name the consent the export relies on"},
		{"referral with a consent", ExportFlags{Profile: "referral", To: "agency", Purpose: "p", Consent: "2026-11-20-k2m4q"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _, _ := testFactory(t, env)
			x, err := f.PrepareExport(&c.e, "en")
			if c.err == "" {
				if err != nil {
					t.Fatalf("PrepareExport: %v", err)
				}
				if c.e.Profile != "" && (x.Record.Recipient == "" || x.Record.Purpose == "" || x.Record.LegalBasis == "") {
					t.Errorf("the log's entry lacks what it records: %+v", x.Record)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("PrepareExport error %v, want one saying %q", err, c.err)
			}
			var fe *FlagError
			if !errors.As(err, &fe) {
				t.Errorf("%v is not a usage error (exit 2)", err)
			}
		})
	}
}
