package repo

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/dates"
)

// alphabet is Crockford's base32 in lower case: no i, l, o or u, so an id read aloud or copied by
// hand is not mistaken.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// suffixLen random characters give 32^6 ≈ 1.07 billion ids a day. Within a clone an id is never
// reused (open draws again, and a folder that exists is never overwritten); across clones, two
// practitioners each opening 300 cases on the same day collide with a probability below 1 in
// 10,000, and a collision shows as a git conflict on the case's files, never a silent merge.
// Ids of five random characters, as earlier versions wrote, stay valid.
const suffixLen = 6

var idPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-[0-9a-hjkmnp-tv-z]{5,6}$`)

// IsID reports whether s has the shape of a case or entry id: what idPattern matches, checked
// by hand, since every listing of a repository checks thousands of names.
func IsID(s string) bool {
	if len(s) != 16 && len(s) != 17 {
		return false
	}
	for i := 0; i < 11; i++ {
		switch i {
		case 4, 7, 10:
			if s[i] != '-' {
				return false
			}
		default:
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
	}
	for i := 11; i < len(s); i++ {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// NewID returns an id that sorts by day and needs no central counter: the date, then random
// characters, e.g. 2026-11-22-k7f3m.
func NewID(d dates.Date) string { return d.String() + "-" + randomString(suffixLen) }

// NewPersonID returns a registry id such as P-4k9x. Ids are random rather than counted so that two
// practitioners adding people to the same case on two clones never pick the same one.
func NewPersonID() string { return "P-" + randomString(4) }

func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// NotFoundError says no case matches what was typed.
type NotFoundError struct{ Prefix string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no case matches %q: run casework list --status all to see case ids", e.Prefix)
}

// AmbiguousError says several cases match and lists them.
type AmbiguousError struct {
	Prefix     string
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q matches %d cases: %s; type more of the id", e.Prefix, len(e.Candidates), strings.Join(e.Candidates, ", "))
}

// Match finds the one id that starts with prefix (or whose random part does: a practitioner may
// say "k7f3m" alone). Case and surrounding spaces are ignored.
func Match(ids []string, prefix string) (string, error) {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" {
		return "", &NotFoundError{Prefix: prefix}
	}
	var hits []string
	for _, id := range ids {
		if id == p {
			return id, nil
		}
		if strings.HasPrefix(id, p) || (len(id) > 11 && strings.HasPrefix(id[11:], p)) {
			hits = append(hits, id)
		}
	}
	switch len(hits) {
	case 0:
		return "", &NotFoundError{Prefix: prefix}
	case 1:
		return hits[0], nil
	}
	sort.Strings(hits)
	return "", &AmbiguousError{Prefix: prefix, Candidates: hits}
}
