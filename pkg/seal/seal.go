// Package seal is casework's encryption at rest, with age (filippo.io/age): sealing a file to
// recipients as ASCII-armored text (git-friendly), opening it with identities, practitioners'
// identity files, and the key ring that holds one data key per case.
//
// Each case has its own data key, a fresh age X25519 identity. The case's people registry (and,
// when configured, its notes' narrative) is sealed to that key's recipient; the key itself is
// kept in the key ring, one file per case, sealed to the repository's recipients (the team's
// practitioners). The key ring is never committed: deleting a case's key file makes every sealed
// copy of its data, in every past commit and every clone, unreadable (crypto-shredding).
//
// The package writes nothing in plaintext but identity files (which are secrets by nature, 0600).
package seal

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// ErrNoKey says that no key at hand opens a sealed file: no identity was given, the case's key is
// not in the key ring (never shared here, or shredded), or the identity is not one of the
// recipients. Commands that can work without names treat it as "locked", not as a failure.
var ErrNoKey = errors.New("no key opens it")

// MaxSealed bounds what Open reads: a sealed registry or note is a few kilobytes.
const MaxSealed = 10 << 20

// Header is how every sealed text starts.
const Header = armor.Header

// IsSealed says whether data looks like an armored age file.
func IsSealed(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte(Header))
}

// Seal encrypts plain to the recipients, as ASCII-armored text.
func Seal(plain []byte, recipients ...age.Recipient) ([]byte, error) {
	if len(recipients) == 0 {
		return nil, errors.New("no recipient to seal to")
	}
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, recipients...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := aw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Open decrypts armored text with the identities. When none of them is a recipient, the error
// satisfies errors.Is(err, ErrNoKey); a damaged or altered text gives another error.
func Open(sealed []byte, identities ...age.Identity) ([]byte, error) {
	if !IsSealed(sealed) {
		return nil, errors.New("not an age-encrypted text (it should start with " + Header + ")")
	}
	if len(identities) == 0 {
		return nil, ErrNoKey
	}
	r, err := age.Decrypt(armor.NewReader(bytes.NewReader(sealed)), identities...)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		if errors.As(err, &nomatch) {
			return nil, ErrNoKey
		}
		return nil, fmt.Errorf("cannot be decrypted (damaged or altered): %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(r, MaxSealed+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be decrypted (damaged or altered): %w", err)
	}
	if len(out) > MaxSealed {
		return nil, fmt.Errorf("decrypts to more than %d MB: not a casework record", MaxSealed>>20)
	}
	return out, nil
}

// ParseRecipient reads a public key such as age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p.
func ParseRecipient(s string) (*age.X25519Recipient, error) {
	r, err := age.ParseX25519Recipient(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%q is not an age public key (age1…, as casework keys new prints it)", s)
	}
	return r, nil
}

// NewIdentity makes a fresh X25519 identity.
func NewIdentity() (*age.X25519Identity, error) { return age.GenerateX25519Identity() }

// IdentityFile renders an identity as an age identity file, with its public key in a comment as
// age-keygen writes it.
func IdentityFile(id *age.X25519Identity, comment string) []byte {
	var b strings.Builder
	if comment != "" {
		fmt.Fprintf(&b, "# %s\n", comment)
	}
	fmt.Fprintf(&b, "# public key: %s\n%s\n", id.Recipient(), id)
	return []byte(b.String())
}

// ParseIdentityFile reads an age identity file (age-keygen's format; comments allowed). Only
// X25519 identities are kept: they are what casework makes and uses.
func ParseIdentityFile(data []byte) ([]*age.X25519Identity, error) {
	ids, err := age.ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []*age.X25519Identity
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no age X25519 identity (AGE-SECRET-KEY-1…) in it")
	}
	return out, nil
}
