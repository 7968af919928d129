package repo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/seal"
)

// oneKey opens what is sealed to one identity, for every case.
type oneKey struct{ id *age.X25519Identity }

func (k oneKey) Unseal(_ string, data []byte) ([]byte, error) { return seal.Open(data, k.id) }

const sealedCase = "2026-11-22-k7f3mq"

func sealedRepo(t testing.TB, people []byte) *Repo {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "cases", sealedCase)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ConfigFile), []byte("schema_version: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SealedPeopleFile), people, 0o600); err != nil {
		t.Fatal(err)
	}
	return &Repo{Root: root}
}

const registry = "schema_version: 1\npeople:\n  - id: P-ab\n    name: Quilla Vantersmoor\n"

func TestSealedRegistry(t *testing.T) {
	id, _ := seal.NewIdentity()
	data, err := seal.Seal([]byte(registry), id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	r := sealedRepo(t, data)
	// With the key: decrypted in memory.
	c, ps, err := r.LoadCase(sealedCase, LoadOptions{Keys: oneKey{id}})
	if err != nil || c.People == nil || c.People.People[0].Name != "Quilla Vantersmoor" || c.PeopleLocked {
		t.Fatalf("with key: %+v %v %v", c.People, ps, err)
	}
	// Without: locked, no problem about the registry, and ids stand in for names.
	for _, keys := range []Unsealer{nil, oneKey{func() *age.X25519Identity { x, _ := seal.NewIdentity(); return x }()}} {
		c, ps, err = r.LoadCase(sealedCase, LoadOptions{Keys: keys})
		if err != nil || c.People != nil || !c.PeopleLocked {
			t.Fatalf("without key: %+v %v", c, err)
		}
		for _, p := range ps {
			if strings.Contains(p.Path, "people") {
				t.Fatalf("a locked registry reported as a problem: %v", p)
			}
		}
		if p, ok := c.Person("P-ab"); !ok || p.Name != "P-ab" {
			t.Fatalf("locked Person = %v %v", p, ok)
		}
	}
	// Damaged ciphertext is a problem, not a lock.
	bad := strings.Replace(string(data), "\n", "\nAAAA", 3)
	r = sealedRepo(t, []byte(bad))
	_, ps, _ = r.LoadCase(sealedCase, LoadOptions{Keys: oneKey{id}})
	if !hasPath(ps, "cases/"+sealedCase+"/"+SealedPeopleFile) {
		t.Fatalf("damaged registry not reported: %v", ps)
	}
}

// FuzzSealedPeople feeds arbitrary bytes to the loader as a sealed registry: it must never
// panic, and whatever it decodes must have passed validation.
func FuzzSealedPeople(f *testing.F) {
	id, _ := seal.NewIdentity()
	good, _ := seal.Seal([]byte(registry), id.Recipient())
	f.Add(good)
	f.Add([]byte(seal.Header + "\n\n-----END AGE ENCRYPTED FILE-----\n"))
	f.Add([]byte(registry))
	evil, _ := seal.Seal([]byte("a: &a [*a, *a]\nb: *a\n"), id.Recipient())
	f.Add(evil)
	f.Fuzz(func(t *testing.T, data []byte) {
		r := sealedRepo(t, data)
		c, _, err := r.LoadCase(sealedCase, LoadOptions{Keys: oneKey{id}, Rules: casefile.Rules{}})
		if err != nil {
			return
		}
		if c.People != nil {
			for _, p := range c.People.People {
				if p.ID == "" || p.Name == "" {
					t.Fatalf("an invalid registry was decoded: %+v", c.People)
				}
			}
		}
	})
}
