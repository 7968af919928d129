package repo

import (
	"errors"
	"os"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/seal"
)

// SealedPeopleFile is a case's people registry when the repository encrypts it: the registry's
// YAML sealed with age to the case's own key (see pkg/seal).
const SealedPeopleFile = "people.yaml.age"

// Unsealer opens what is sealed to a case's key. When no key at hand opens it, the error
// satisfies errors.Is(err, seal.ErrNoKey) and the loader leaves the data locked rather than
// reporting a problem: commands that can work without names still work.
type Unsealer interface {
	Unseal(caseID string, sealed []byte) ([]byte, error)
}

// sealedNote is what a sealed note holds under its seal.
type sealedNote struct {
	Sections map[string]string `yaml:"sections"`
}

// loadSealedPeople reads cases/ID/people.yaml.age: decrypted in memory only when a key opens it,
// otherwise the case's registry is locked.
func (r *Repo) loadSealedPeople(c *casefile.Case, rel string, o LoadOptions, ps []casefile.Problem) []casefile.Problem {
	data, err := r.readPlain(rel)
	if err != nil {
		return append(ps, casefile.Problem{Path: rel, Msg: err.Error()})
	}
	if _, err := os.Lstat(r.Abs(c.PeoplePath())); err == nil {
		ps = append(ps, casefile.Problem{Path: c.PeoplePath(), Msg: "the case has both people.yaml and people.yaml.age: the plaintext registry should have gone when it was sealed; " +
			"check that the sealed one is complete (casework show " + c.ID + "), then delete people.yaml and commit the deletion"})
	}
	if !seal.IsSealed(data) {
		return append(ps, casefile.Problem{Path: rel, Line: 1, Col: 1, Msg: "not an age-encrypted file (it should start with " + seal.Header + "): restore it from git (git checkout -- " + rel + ")"})
	}
	if o.Keys == nil {
		c.PeopleLocked = true
		return ps
	}
	plain, err := o.Keys.Unseal(c.ID, data)
	if errors.Is(err, seal.ErrNoKey) {
		c.PeopleLocked = true
		return ps
	}
	if err != nil {
		return append(ps, casefile.Problem{Path: rel, Msg: err.Error() + "; restore it from git (git log -- " + rel + ")"})
	}
	v, node, fps := casefile.Decode(rel, casefile.KindPeople, plain, o.Rules)
	for i := range fps {
		fps[i].Msg += " (in the decrypted registry)"
	}
	ps = append(ps, fps...)
	if o.KeepNodes && node != nil {
		c.Nodes[rel] = node
	}
	if p, ok := v.(*casefile.People); ok {
		c.People = p
	}
	return ps
}

// UnsealNotes opens the sealed notes of a loaded case in memory, for the commands that show or
// check their text (loading leaves them sealed: the caseload review, list and outcomes need
// none of it, and each note costs a decryption). Without their key they stay sealed: their
// dates, kinds, participants and outcomes are readable, their text is not.
func UnsealNotes(c *casefile.Case, keys Unsealer) []casefile.Problem {
	var ps []casefile.Problem
	if keys == nil {
		return ps
	}
	for _, n := range c.Notes {
		if n.V.Sealed == "" {
			continue
		}
		plain, err := keys.Unseal(c.ID, []byte(n.V.Sealed))
		if errors.Is(err, seal.ErrNoKey) {
			continue
		}
		var in sealedNote
		if err == nil {
			err = seal.OpenFields(plain, &in)
		}
		if err != nil {
			ps = append(ps, casefile.Problem{Path: n.Path, Msg: "sealed: " + err.Error()})
			continue
		}
		n.V.Sections, n.V.Sealed = in.Sections, ""
	}
	return ps
}
