package agencies

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
)

func do(t *testing.T, e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	t.Helper()
	e.Out.Reset()
	e.ErrOut.Reset()
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func must(t *testing.T, e *cmdtest.Env, cmd *cobra.Command, args ...string) string {
	t.Helper()
	if err := do(t, e, cmd, args...); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, e.ErrOut)
	}
	return e.Out.String()
}

func isUsage(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}

func TestListFlagsReachOptions(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *Options
	must(t, e, NewCmd(e.F, func(o *Options) error { got = o; return nil }), "logement", "--service", "food", "--area", "north", "--language", "es", "-o", "md")
	if got.Query != "logement" || got.Service != "food" || got.Area != "north" || got.Language != "es" || got.Format != "md" {
		t.Errorf("options = %+v", got)
	}
	got = nil
	must(t, e, NewCmd(e.F, func(o *Options) error { got = o; return nil }))
	if got.Query != "" {
		t.Errorf("options = %+v", got)
	}
	for _, args := range [][]string{{"a", "b"}, {"-o", "yaml"}} {
		if err := do(t, e, NewCmd(e.F, func(*Options) error { return nil }), args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestAddFlagsReachOptions(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *AddOptions
	must(t, e, NewAddCmd(e.F, func(o *AddOptions) error { got = o; return nil }), "ccas-north", "--name", "CCAS Nord",
		"--service", "housing", "--service", "food aid", "--area", "north", "--language", "fr", "--language", "ar",
		"--contact", "01 99 00 70 00", "--address", "2 place de la Mairie", "--notes", "Mornings only")
	if got.ID != "ccas-north" || got.Name != "CCAS Nord" || !slices.Equal(got.Services, []string{"housing", "food aid"}) ||
		!slices.Equal(got.Areas, []string{"north"}) || !slices.Equal(got.Languages, []string{"fr", "ar"}) ||
		got.Contact != "01 99 00 70 00" || got.Address != "2 place de la Mairie" || got.Notes != "Mornings only" {
		t.Errorf("options = %+v", got)
	}
	for _, args := range [][]string{{}, {"a", "b"}} {
		if err := do(t, e, NewAddCmd(e.F, func(*AddOptions) error { return nil }), args...); err == nil || !isUsage(err) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
	var show *ShowOptions
	must(t, e, NewShowCmd(e.F, func(o *ShowOptions) error { show = o; return nil }), "ccas-north", "-o", "json")
	if show.ID != "ccas-north" || show.Format != "json" {
		t.Errorf("show options = %+v", show)
	}
}

func TestSlug(t *testing.T) {
	for s, want := range map[string]bool{"ccas-north": true, "caf": true, "a1": true, "Croix-Rouge": false, "croix rouge": false,
		"croix--rouge": false, "-caf": false, "caf-": false, "médecins": false, "caf_2": false, "": false,
		strings.Repeat("a", 41): false, strings.Repeat("a", 40): true} {
		if IsSlug(s) != want {
			t.Errorf("IsSlug(%q) = %v", s, !want)
		}
	}
	for in, want := range map[string]string{"Croix Rouge": "croix-rouge", "Médecins du Monde": "medecins-du-monde", "caf_2": "caf-2",
		"  CCAS -- Nord ": "ccas-nord", "!!": ""} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearch(t *testing.T) {
	partners := map[string]*casefile.Partner{
		"ccas-north": {ID: "ccas-north", Name: "CCAS Nord", Services: []string{"Hébergement d'urgence", "food aid"}, Areas: []string{"north"}, Languages: []string{"fr"}},
		"medecins":   {ID: "medecins", Name: "Médecins du Monde", Services: []string{"health"}, Areas: []string{"North", "south"}, Languages: []string{"fr", "es"}},
		"caf":        {ID: "caf", Name: "Caisse d'allocations familiales", Services: []string{"benefits"}, Areas: []string{"south"}},
	}
	ids := func(rows []Row) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tc := range []struct {
		q, s, a, l string
		want       []string
	}{
		{"", "", "", "", []string{"caf", "ccas-north", "medecins"}},
		{"HEBERGEMENT", "", "", "", []string{"ccas-north"}},
		{"medecins du", "", "", "", []string{"medecins"}},
		{"caf", "", "", "", []string{"caf"}},
		{"", "food", "", "", []string{"ccas-north"}},
		{"", "", "north", "", []string{"ccas-north", "medecins"}},
		{"", "", "nor", "", nil},
		{"", "", "north", "es", []string{"medecins"}},
		{"nothing", "", "", "", nil},
	} {
		if got := ids(Search(partners, tc.q, tc.s, tc.a, tc.l)); !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q, %q, %q, %q) = %q, want %q", tc.q, tc.s, tc.a, tc.l, got, tc.want)
		}
	}
	if rows := Search(nil, "", "", "", ""); rows == nil {
		t.Error("Search returns nil; want an empty list (JSON [])")
	}
}

func TestAddListShow(t *testing.T) {
	e := cmdtest.New(t, "")
	must(t, e, NewAddCmd(e.F, nil), "ccas-north", "--name", " CCAS   Nord ", "--service", "housing", "--service", "housing", "--area", "north")
	if !strings.Contains(e.ErrOut.String(), "Added agency ccas-north to the partner directory: agencies/ccas-north.yaml") {
		t.Errorf("stderr = %s", e.ErrOut)
	}
	data, err := os.ReadFile(e.Repo.Abs("agencies/ccas-north.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := "schema_version: 1\nid: ccas-north\nname: CCAS Nord\nservices:\n  - housing\nareas:\n  - north\n"
	if string(data) != want {
		t.Errorf("file =\n%s\nwant\n%s", data, want)
	}
	fi, _ := os.Stat(e.Repo.Abs("agencies/ccas-north.yaml"))
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}

	err = do(t, e, NewAddCmd(e.F, nil), "ccas-north", "--name", "Other")
	if err == nil || isUsage(err) || !strings.Contains(err.Error(), "agency ccas-north already exists (agencies/ccas-north.yaml); nothing was written") {
		t.Errorf("duplicate: %v", err)
	}
	err = do(t, e, NewAddCmd(e.F, nil), "CCAS Sud", "--name", "CCAS Sud")
	if err == nil || !isUsage(err) || !strings.Contains(err.Error(), "(did you mean ccas-sud?)") {
		t.Errorf("bad slug: %v", err)
	}
	err = do(t, e, NewAddCmd(e.F, nil), "ccas-sud")
	if err == nil || !isUsage(err) || !strings.Contains(err.Error(), "missing --name") {
		t.Errorf("no name: %v", err)
	}
	if _, err := os.Stat(e.Repo.Abs("agencies/ccas-sud.yaml")); err == nil {
		t.Error("a refused agency was written")
	}

	out := must(t, e, NewCmd(e.F, nil), "nord", "-o", "json")
	var rows []Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0].ID != "ccas-north" || rows[0].Languages == nil {
		t.Errorf("list = %s (%v)", out, err)
	}
	out = must(t, e, NewCmd(e.F, nil))
	if out != "ID\tNAME\tSERVICES\tAREAS\tLANGUAGES\tCONTACT\nccas-north\tCCAS Nord\thousing\tnorth\t\t\n" {
		t.Errorf("tsv = %q", out)
	}
	out = must(t, e, NewShowCmd(e.F, nil), "ccas-north")
	if !strings.HasPrefix(out, "ccas-north  CCAS Nord\n  Services:  housing\n") {
		t.Errorf("show = %q", out)
	}
	err = do(t, e, NewShowCmd(e.F, nil), "ccas-nort")
	if err == nil || !strings.Contains(err.Error(), `no agency "ccas-nort" in the partner directory (did you mean ccas-north?)`) {
		t.Errorf("show unknown: %v", err)
	}
}
