package cmdutil

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/seal"
	"go.yaml.in/yaml/v3"
)

// keyState is the factory's memory of the key ring, opened once per run.
type keyState struct {
	ring       *seal.Keyring
	err        error
	opened     bool
	saidHidden bool
	saidErr    bool
}

// IdentityPath is the practitioner's age identity file and where that came from: --identity,
// CASEWORK_IDENTITY, or identity in a config file. "" when none is set.
func (f *Factory) IdentityPath() (string, string) {
	if f.IdentityFlag != "" {
		return expandHome(f.IdentityFlag, f.Getenv), "flag --identity"
	}
	if s, err := f.Settings(); err == nil && s.Config.Identity != "" {
		return expandHome(s.Config.Identity, f.Getenv), s.Sources["identity"]
	}
	return "", ""
}

func expandHome(p string, getenv func(string) string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok && getenv("HOME") != "" {
		return filepath.Join(getenv("HOME"), rest)
	}
	return p
}

// KeyringDir is the key ring's folder: encryption.keyring, from the repository root unless
// absolute.
func KeyringDir(r *repo.Repo, cfg casefile.Config) string {
	k := cfg.Encryption.Keyring
	if k == "" {
		k = casefile.DefaultKeyring
	}
	k = expandHome(k, os.Getenv)
	if filepath.IsAbs(k) {
		return filepath.Clean(k)
	}
	return r.Abs(filepath.ToSlash(k))
}

// Keyring opens the repository's key ring with the recipients of the configuration and the
// practitioner's identity, when one is set. A missing identity is no error: the ring then
// opens nothing, and commands that can work without names show ids.
func (f *Factory) Keyring() (*seal.Keyring, error) {
	if f.keys.opened {
		return f.keys.ring, f.keys.err
	}
	f.keys.opened = true
	f.keys.ring, f.keys.err = f.openKeyring()
	return f.keys.ring, f.keys.err
}

func (f *Factory) openKeyring() (*seal.Keyring, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, err
	}
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	k := &seal.Keyring{Dir: KeyringDir(r, s.Config)}
	for _, rc := range s.Config.Encryption.Recipients {
		x, err := seal.ParseRecipient(rc.Key)
		if err != nil {
			return nil, fmt.Errorf("encryption.recipients: %v", err)
		}
		k.Recipients = append(k.Recipients, x)
	}
	ids, err := f.Identities()
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		k.Identities = append(k.Identities, id)
	}
	return k, nil
}

// Identities reads the practitioner's identity file; none is set gives none.
func (f *Factory) Identities() ([]*age.X25519Identity, error) {
	p, from := f.IdentityPath()
	if p == "" {
		return nil, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, WithHint(fmt.Errorf("the identity file %s (%s) cannot be read: %w", p, from, err),
			"give the file casework keys new wrote (--identity FILE or CASEWORK_IDENTITY), or unset it to work without names")
	}
	ids, err := seal.ParseIdentityFile(data)
	if err != nil {
		return nil, WithHint(fmt.Errorf("the identity file %s (%s): %w", p, from, err), "make one with casework keys new FILE")
	}
	return ids, nil
}

// Keys is what loaders open sealed files with: the key ring, or nil (everything sealed stays
// locked) when it cannot be opened, which is said once on stderr.
func (f *Factory) Keys() repo.Unsealer {
	k, err := f.Keyring()
	if err != nil {
		if !f.keys.saidErr {
			f.keys.saidErr = true
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: %v\n", err)
			var h *HintError
			if errors.As(err, &h) {
				fmt.Fprintf(f.IO.ErrOut, "casework: hint: %s\n", h.Hint)
			}
		}
		return nil
	}
	return k
}

// SayNamesHidden tells once, on stderr, that names are shown as ids because some registries
// are sealed and no key at hand opens them.
func (f *Factory) SayNamesHidden(cases ...*casefile.Case) {
	n := 0
	for _, c := range cases {
		if c != nil && c.PeopleLocked {
			n++
		}
	}
	f.SayNamesHiddenCount(n)
}

// SayNamesHiddenCount is SayNamesHidden for a command that streamed n locked cases.
func (f *Factory) SayNamesHiddenCount(n int) {
	if n == 0 || f.keys.saidHidden {
		return
	}
	f.keys.saidHidden = true
	what := fmt.Sprintf("the people registries of %d cases are", n)
	if n == 1 {
		what = "the people registry of 1 case is"
	}
	fmt.Fprintf(f.IO.ErrOut, "casework: names are hidden (ids shown): %s locked (sealed, and no key here opens it); give your identity with --identity FILE or CASEWORK_IDENTITY\n", what)
}

// SayLocked tells once, on stderr, that a case's registry is locked.
func (f *Factory) SayLocked(c *casefile.Case) {
	if c == nil || !c.PeopleLocked || f.keys.saidHidden {
		return
	}
	f.keys.saidHidden = true
	fmt.Fprintf(f.IO.ErrOut, "casework: the people registry of case %s is locked (sealed, and no key here opens it): ids are shown instead of names; give your identity with --identity FILE or CASEWORK_IDENTITY\n", c.ID)
}

// RequireKey refuses to write to a case whose registry is locked: people could not be checked
// against it, and sealed notes could not be written.
func RequireKey(c *casefile.Case) error {
	if !c.PeopleLocked {
		return nil
	}
	return WithHint(fmt.Errorf("the people registry of case %s is sealed and no key here opens it; nothing was written", c.ID),
		"writing to a sealed case needs your identity (--identity FILE or CASEWORK_IDENTITY) and the case's key in the key ring; casework keys status says what is missing")
}

// sealNote replaces a note's sections by one sealed field when the repository seals notes.
func (f *Factory) sealNote(r *repo.Repo, c *casefile.Case, v any) (any, error) {
	s, err := f.Settings()
	if err != nil || !s.Config.Encryption.Enabled || !s.Config.Encryption.Notes {
		return v, err
	}
	var doc yaml.Node
	if n, ok := v.(*yaml.Node); ok {
		doc = *deepCopy(n)
	} else if err := doc.Encode(v); err != nil {
		return nil, err
	}
	k, err := f.Keyring()
	if err != nil {
		return nil, err
	}
	if _, err := seal.SealFields(&doc, []string{"sections"}, func(plain []byte) ([]byte, error) { return k.SealFor(c.ID, plain) }); err != nil {
		if errors.Is(err, seal.ErrNoKey) {
			return nil, WithHint(fmt.Errorf("notes are sealed in this repository, and the key of case %s cannot be opened: %w; nothing was written", c.ID, err),
				"give your identity (--identity FILE or CASEWORK_IDENTITY); casework keys status says what is missing")
		}
		return nil, err
	}
	return &doc, nil
}

func deepCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = deepCopy(x)
	}
	return &c
}

// sealEntry is the sealed form of an entry already checked in plaintext, checked again as a
// later read will check it.
func (f *Factory) sealEntry(r *repo.Repo, c *casefile.Case, rel string, kind casefile.Kind, v any, rules casefile.Rules) ([]byte, error) {
	sv, err := f.sealNote(r, c, v)
	if err != nil {
		return nil, err
	}
	data, ps, err := casefile.Encode(rel, kind, sv, rules)
	if err != nil {
		return nil, err
	}
	if errs := OnlyErrors(ps); len(errs) > 0 {
		return nil, &ProblemsError{What: "the sealed entry is not valid; nothing was written:", Problems: errs}
	}
	return data, nil
}

// Reload forgets the configuration and key ring read so far, after a command changed them.
func (f *Factory) Reload() {
	f.settings = nil
	f.keys = keyState{}
}
