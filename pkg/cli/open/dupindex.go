package open

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"

	"github.com/casework/casework/pkg/cache"
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/intake"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
)

// The duplicate-client warning compares the new client with every person of every registry,
// which at thousands of cases would mean reading thousands of registries on every open. Instead
// a cache under .casework/ keeps, for each case, one short tag per person with a birth date: the
// first tagBits bits of HMAC-SHA256(key, normalised name, birth date), with a random key made for
// this repository (.casework/cache/people-key, 0600, never committed). Only the registries whose
// tags match the new client's are read, and the names compared for real, so the warning says
// exactly what it said before.
//
// Why a truncated keyed hash and not names: the cache must hold no identifying data. The key
// stops anyone who has the cache but not the key from testing guesses; and since someone who has
// both could test guesses (name and birth date), the tag is cut to tagBits bits: a guess that
// matches is one of thousands of people who would match too, so a tag says next to nothing about
// who is in a registry, while a new client still matches, on average, fewer than one case in a
// thousand that is not a real duplicate.
const tagBits = 12

// peopleKeyFile holds the repository's tag key.
const peopleKeyFile = cache.Dir + "/people-key"

// duplicates lists the cases whose registry holds a person with the client's name and birth
// date, as intake.FindDuplicates does over every registry, reading only the registries whose
// tags match (and those whose registry changed since its tags were taken). A sealed registry
// (people.yaml.age) is opened with keys only when its tags match or are unknown; unchecked counts
// those no key here opens.
func duplicates(r *repo.Repo, rules casefile.Rules, keys repo.Unsealer, name string, birth dates.Date) (out []intake.Duplicate, unchecked int, err error) {
	if birth.IsZero() {
		return nil, 0, nil
	}
	ids, err := r.CaseIDs()
	if err != nil {
		return nil, 0, err
	}
	key := peopleKey(r)
	want := tag(key, name, birth)
	store := cache.Open[[]uint16](r, "people-tags", cache.Key("people-tags", tagBits, cache.Build(), key))
	rels := make([]string, 2*len(ids)) // each case's plain registry, then its sealed one
	for i, id := range ids {
		rels[2*i] = repo.CaseDir(id) + "/people.yaml"
		rels[2*i+1] = repo.CaseDir(id) + "/" + repo.SealedPeopleFile
	}
	stamps, err := r.Stamps(rels)
	if err != nil {
		return nil, 0, err
	}
	for i, id := range ids {
		rel, stamp, sealed := rels[2*i], stamps[2*i], false
		if stamp == 0 {
			rel, stamp, sealed = rels[2*i+1], stamps[2*i+1], true
		}
		if stamp == 0 {
			continue // no registry: nothing to compare
		}
		e, ok := store.Get(id)
		if ok && e.Light.Sum == stamp && !contains(e.V, want) {
			continue
		}
		reg, locked := readRegistry(r, rules, keys, id, rel, sealed)
		if locked {
			unchecked++
		}
		if reg == nil {
			continue
		}
		if key != nil {
			tags := make([]uint16, 0, len(reg.People))
			for _, p := range reg.People {
				if !p.BirthDate.IsZero() {
					tags = append(tags, tag(key, p.Name, p.BirthDate))
				}
			}
			store.Put(id, cache.Entry[[]uint16]{Light: repo.Fingerprint{Sum: stamp, Files: 1}, V: tags})
		}
		out = append(out, intake.FindDuplicates(map[string]*casefile.People{id: reg}, name, birth)...)
	}
	if key != nil {
		store.Keep(ids)
		_ = store.Save() // a cache not written is rebuilt next time
	}
	return out, unchecked, nil
}

func contains(tags []uint16, t uint16) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// readRegistry decodes a people registry, opening a sealed one with keys; nil when it cannot be
// read (check reports it), and locked when it is sealed and no key here opens it.
func readRegistry(r *repo.Repo, rules casefile.Rules, keys repo.Unsealer, id, rel string, sealed bool) (reg *casefile.People, locked bool) {
	data, err := r.ReadFile(rel)
	if err != nil {
		return nil, false
	}
	if sealed {
		if keys == nil {
			return nil, true
		}
		if data, err = keys.Unseal(id, data); err != nil {
			return nil, true
		}
	}
	if v, _, _ := casefile.Decode(rel, casefile.KindPeople, data, rules); v != nil {
		return v.(*casefile.People), false
	}
	return nil, false
}

// tag is a person's short keyed hash: nil key, no tags (every registry is read).
func tag(key []byte, name string, birth dates.Date) uint16 {
	if key == nil {
		return 0
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(intake.NormaliseName(name)))
	m.Write([]byte{0})
	m.Write([]byte(birth.String()))
	return binary.BigEndian.Uint16(m.Sum(nil)) >> (16 - tagBits)
}

// peopleKey reads the repository's tag key, making it the first time; nil if it can be neither
// read nor made (then no tags are kept, and every registry is read, as before).
func peopleKey(r *repo.Repo) []byte {
	if r.NoLinks(peopleKeyFile) != nil {
		return nil
	}
	p := r.Abs(peopleKeyFile)
	if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == 32 {
		if key, err := os.ReadFile(p); err == nil && len(key) == 32 {
			return key
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil
	}
	if err := safeio.MkdirAll(r.Abs(cache.Dir)); err != nil {
		return nil
	}
	if err := safeio.WriteFile(p, key); err != nil {
		return nil
	}
	return key
}
