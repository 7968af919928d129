package seal

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"go.yaml.in/yaml/v3"
)

func mustID(t *testing.T) *age.X25519Identity {
	t.Helper()
	id, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRoundTrip(t *testing.T) {
	id := mustID(t)
	plain := []byte("people:\n  - id: P-ab\n    name: Quilla Vantersmoor\n")
	sealed, err := Seal(plain, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if !IsSealed(sealed) || strings.Contains(string(sealed), "Vantersmoor") {
		t.Fatalf("not armored ciphertext:\n%s", sealed)
	}
	got, err := Open(sealed, id)
	if err != nil || string(got) != string(plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestWrongIdentityIsNoKey(t *testing.T) {
	sealed, err := Seal([]byte("x"), mustID(t).Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(sealed, mustID(t)); !errors.Is(err, ErrNoKey) {
		t.Fatalf("wrong identity: err = %v, want ErrNoKey", err)
	}
	if _, err := Open(sealed); !errors.Is(err, ErrNoKey) {
		t.Fatalf("no identity: err = %v, want ErrNoKey", err)
	}
}

func TestTamperedIsAnErrorNotALock(t *testing.T) {
	id := mustID(t)
	sealed, err := Seal([]byte(strings.Repeat("confidential ", 20)), id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(sealed), "\n")
	// Flip one character of the payload (the last full line before the footer).
	l := []byte(lines[len(lines)-3])
	if l[5] == 'A' {
		l[5] = 'B'
	} else {
		l[5] = 'A'
	}
	lines[len(lines)-3] = string(l)
	_, err = Open([]byte(strings.Join(lines, "\n")), id)
	if err == nil || errors.Is(err, ErrNoKey) {
		t.Fatalf("tampered: err = %v, want a decryption error", err)
	}
	if _, err := Open([]byte("people: []\n"), id); err == nil || errors.Is(err, ErrNoKey) {
		t.Fatalf("plaintext: err = %v", err)
	}
}

func TestKeyringLifecycle(t *testing.T) {
	alice, bob := mustID(t), mustID(t)
	dir := filepath.Join(t.TempDir(), "keyring")
	const c = "2026-11-22-k7f3mq"
	k := &Keyring{Dir: dir, Recipients: []age.Recipient{alice.Recipient(), bob.Recipient()}}
	key, err := k.Create(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Create(c); err == nil {
		t.Fatal("Create replaced an existing key")
	}
	fi, err := os.Stat(k.Path(c))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	sealed, err := Seal([]byte("secret"), key.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	// Bob, from a fresh ring value (nothing cached), opens it.
	kb := &Keyring{Dir: dir, Identities: []age.Identity{bob}}
	if got, err := kb.Unseal(c, sealed); err != nil || string(got) != "secret" {
		t.Fatalf("bob: %q %v", got, err)
	}
	// Without an identity, or for a case with no key: locked.
	if _, err := (&Keyring{Dir: dir}).Unseal(c, sealed); !errors.Is(err, ErrNoKey) {
		t.Fatalf("no identity: %v", err)
	}
	if _, err := kb.Key("2026-11-22-zzzzzz"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("missing key: %v", err)
	}
	// Bob leaves: re-wrapped to Alice alone, his identity no longer opens the ring.
	ka := &Keyring{Dir: dir, Recipients: []age.Recipient{alice.Recipient()}, Identities: []age.Identity{alice}}
	ids, err := ka.Keys(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := ka.Put(c, ids...); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Keyring{Dir: dir, Identities: []age.Identity{bob}}).Key(c); !errors.Is(err, ErrNoKey) {
		t.Fatalf("bob after rotation: %v", err)
	}
	if ls, _ := ka.List(); len(ls) != 1 || ls[0] != c {
		t.Fatalf("List = %v", ls)
	}
	// Shredded: gone for everyone, and shredding again says so.
	if err := Shred(dir, c); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Keyring{Dir: dir, Identities: []age.Identity{alice}}).Unseal(c, sealed); !errors.Is(err, ErrNoKey) {
		t.Fatalf("after shred: %v", err)
	}
	if err := Shred(dir, c); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("second shred: %v", err)
	}
	if err := Shred(dir, "../../etc/passwd"); err == nil {
		t.Fatal("Shred accepted a path")
	}
}

func TestSealFields(t *testing.T) {
	id := mustID(t)
	var doc yaml.Node
	src := "schema_version: 1\nkind: contact\nsections:\n  text: Met at home\nnext_contact: 2026-12-01\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	ok, err := SealFields(&doc, []string{"sections"}, func(b []byte) ([]byte, error) { return Seal(b, id.Recipient()) })
	if err != nil || !ok {
		t.Fatalf("SealFields = %v, %v", ok, err)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "Met at home") || !strings.Contains(s, "kind: contact\nsealed: |") || !strings.Contains(s, "next_contact: 2026-12-01") {
		t.Fatalf("sealed document:\n%s", s)
	}
	var back struct {
		Sealed string `yaml:"sealed"`
	}
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	plain, err := Open([]byte(back.Sealed), id)
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		Sections map[string]string `yaml:"sections"`
	}
	if err := OpenFields(plain, &in); err != nil || in.Sections["text"] != "Met at home" {
		t.Fatalf("OpenFields = %v, %v", in, err)
	}
	if _, err := SealFields(&doc, []string{"sections"}, nil); err == nil {
		t.Fatal("sealed twice")
	}
}

func TestIdentityFile(t *testing.T) {
	id := mustID(t)
	ids, err := ParseIdentityFile(IdentityFile(id, "test"))
	if err != nil || len(ids) != 1 || ids[0].String() != id.String() {
		t.Fatalf("ParseIdentityFile = %v, %v", ids, err)
	}
	if _, err := ParseIdentityFile([]byte("# nothing\n")); err == nil {
		t.Fatal("empty identity file accepted")
	}
	if _, err := ParseRecipient("age1nope"); err == nil {
		t.Fatal("bad recipient accepted")
	}
}
