package keys

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/seal"
)

func TestShredFlags(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *ShredOptions
	cmd := NewShredCmd(e.F, func(o *ShredOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"2026-11", "--confirm", "2026-11-22-k7f3mq", "--reason", "erasure_request"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Case != "2026-11" || got.Confirm != "2026-11-22-k7f3mq" || got.Reason != "erasure_request" {
		t.Fatalf("options = %+v", got)
	}
	cmd = NewShredCmd(e.F, func(*ShredOptions) error { return nil })
	cmd.SetArgs(nil)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err == nil {
		t.Fatal("shred without a case was accepted")
	}
}

func TestEnableRejectsBadRecipient(t *testing.T) {
	e := cmdtest.New(t, "")
	err := runEnable(&EnableOptions{F: e.F, Recipients: []string{"a.martin=age1nope"}})
	if err == nil || !strings.Contains(err.Error(), "not an age public key") {
		t.Fatalf("err = %v", err)
	}
	cfg, _ := e.Repo.ReadConfig()
	if !strings.Contains(string(cfg), "enabled: false") {
		t.Fatal("the config changed after a refused enable")
	}
}

const people = "schema_version: 1\npeople:\n  - id: P-ab\n    name: Quilla Vantersmoor\n"

func TestNewEnableRotateShred(t *testing.T) {
	e := cmdtest.New(t, "")
	idFile := filepath.Join(e.Vars["HOME"], "id.txt")
	if err := runNew(&NewOptions{F: e.F, File: idFile}); err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(e.Out.String())
	if _, err := seal.ParseRecipient(key); err != nil {
		t.Fatalf("keys new printed %q", key)
	}
	if fi, err := os.Stat(idFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("identity file: %v %v", fi, err)
	}
	const id = "2026-11-22-k7f3mq"
	if err := e.Repo.CreateCase(id, map[string][]byte{"people.yaml": []byte(people)}); err != nil {
		t.Fatal(err)
	}
	if err := runEnable(&EnableOptions{F: e.F, Recipients: []string{"a.martin=" + key}}); err != nil {
		t.Fatal(err)
	}
	sealed, err := os.ReadFile(e.Repo.Abs("cases/" + id + "/people.yaml.age"))
	if err != nil || !seal.IsSealed(sealed) || strings.Contains(string(sealed), "Vantersmoor") {
		t.Fatalf("sealed registry: %v\n%s", err, sealed)
	}
	if _, err := os.Stat(e.Repo.Abs("cases/" + id + "/people.yaml")); !os.IsNotExist(err) {
		t.Fatalf("the plaintext registry is still there: %v", err)
	}
	// Opening the registry needs the identity.
	e.F.Reload()
	e.Vars["CASEWORK_IDENTITY"] = idFile
	k, err := e.F.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := k.Unseal(id, sealed); err != nil || string(plain) != people {
		t.Fatalf("Unseal = %q, %v", plain, err)
	}
	if err := runRotate(&RotateOptions{F: e.F, Rekey: true}); err != nil {
		t.Fatal(err)
	}
	resealed, _ := os.ReadFile(e.Repo.Abs("cases/" + id + "/people.yaml.age"))
	if string(resealed) == string(sealed) {
		t.Fatal("--rekey left the registry as it was")
	}
	e.Out.Reset()
	if err := runShred(&ShredOptions{F: e.F, Case: id}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "would delete") || !k.Has(id) {
		t.Fatalf("dry run:\n%s", e.Out)
	}
	if err := runShred(&ShredOptions{F: e.F, Case: id, Confirm: id}); err == nil {
		t.Fatal("shred without a reason")
	}
	if err := runShred(&ShredOptions{F: e.F, Case: id, Confirm: id, Reason: "retention_expired"}); err != nil {
		t.Fatal(err)
	}
	fresh := &seal.Keyring{Dir: k.Dir, Identities: k.Identities}
	if _, err := fresh.Unseal(id, resealed); err == nil {
		t.Fatal("a shredded case still opens")
	}
}
