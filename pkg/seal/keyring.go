package seal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"filippo.io/age"
	"github.com/casework/casework/pkg/safeio"
)

// KeyExt ends the name of every file of the key ring: <keyring>/<case id>.age.
const KeyExt = ".age"

// caseIDPattern is a case id as casework makes them; anything else is no file of the ring.
var caseIDPattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-z]{5,8}$`)

// Keyring is the folder of case keys: one file per case, each the case's data key sealed to the
// repository's recipients. Recipients are needed to add or re-wrap keys; an identity that is one
// of the recipients is needed to read them. It is safe for concurrent use (loaders may read
// cases in parallel); the keys opened are remembered for the life of the value.
type Keyring struct {
	Dir        string
	Recipients []age.Recipient
	Identities []age.Identity

	mu   sync.Mutex
	keys map[string][]*age.X25519Identity
}

// Path is the file of a case's key.
func (k *Keyring) Path(caseID string) string { return filepath.Join(k.Dir, caseID+KeyExt) }

func checkID(caseID string) error {
	if !caseIDPattern.MatchString(caseID) {
		return fmt.Errorf("invalid case id %q", caseID)
	}
	return nil
}

// Has says whether the ring holds a key file for the case.
func (k *Keyring) Has(caseID string) bool {
	fi, err := os.Lstat(k.Path(caseID))
	return err == nil && fi.Mode().IsRegular()
}

// List gives the case ids that have a key file, sorted.
func (k *Keyring) List() ([]string, error) {
	ents, err := os.ReadDir(k.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), KeyExt)
		if ok && e.Type().IsRegular() && caseIDPattern.MatchString(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// Create makes a new data key for a case and stores it, sealed to the recipients. It refuses to
// replace a key that exists (that would shred the case by accident).
func (k *Keyring) Create(caseID string) (*age.X25519Identity, error) {
	if err := checkID(caseID); err != nil {
		return nil, err
	}
	id, err := NewIdentity()
	if err != nil {
		return nil, err
	}
	data, err := k.wrap(caseID, id)
	if err != nil {
		return nil, err
	}
	if err := safeio.MkdirAll(k.Dir); err != nil {
		return nil, err
	}
	if err := safeio.WriteNew(k.Path(caseID), data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("case %s already has a key in %s; nothing was changed", caseID, k.Dir)
		}
		return nil, err
	}
	k.remember(caseID, id)
	return id, nil
}

// Put stores ids as the case's keys, replacing those there (re-wrapping, rekeying): the first
// seals from now on, all of them open. While a case is rekeyed its file holds the new key and
// the old one, so that a rekey cut short loses nothing.
func (k *Keyring) Put(caseID string, ids ...*age.X25519Identity) error {
	if err := checkID(caseID); err != nil {
		return err
	}
	data, err := k.wrap(caseID, ids...)
	if err != nil {
		return err
	}
	if err := safeio.MkdirAll(k.Dir); err != nil {
		return err
	}
	if err := safeio.WriteFile(k.Path(caseID), data); err != nil {
		return err
	}
	k.remember(caseID, ids...)
	return nil
}

func (k *Keyring) wrap(caseID string, ids ...*age.X25519Identity) ([]byte, error) {
	if len(k.Recipients) == 0 {
		return nil, errors.New("no recipient is configured to seal case keys to (encryption.recipients in casework.yaml)")
	}
	if len(ids) == 0 {
		return nil, errors.New("no key to store")
	}
	var text []byte
	for i, id := range ids {
		comment := "casework data key of case " + caseID
		if i > 0 {
			comment = "previous data key of case " + caseID + ", kept while the case is rekeyed"
		}
		text = append(text, IdentityFile(id, comment)...)
	}
	return Seal(text, k.Recipients...)
}

func (k *Keyring) remember(caseID string, ids ...*age.X25519Identity) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.keys == nil {
		k.keys = map[string][]*age.X25519Identity{}
	}
	k.keys[caseID] = ids
}

// Key opens a case's data key. A key that is not in the ring, or that no identity at hand opens,
// gives an error satisfying errors.Is(err, ErrNoKey).
func (k *Keyring) Key(caseID string) (*age.X25519Identity, error) {
	ids, err := k.Keys(caseID)
	if err != nil {
		return nil, err
	}
	return ids[0], nil
}

// Keys opens every key of a case's key file: the current one first.
func (k *Keyring) Keys(caseID string) ([]*age.X25519Identity, error) {
	k.mu.Lock()
	ids := k.keys[caseID]
	k.mu.Unlock()
	if len(ids) > 0 {
		return ids, nil
	}
	if err := checkID(caseID); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(k.Path(caseID))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("case %s has no key in the key ring %s: %w", caseID, k.Dir, ErrNoKey)
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > MaxSealed {
		return nil, fmt.Errorf("%s is not a key file casework wrote (a link, a folder or too large)", k.Path(caseID))
	}
	data, err := os.ReadFile(k.Path(caseID))
	if err != nil {
		return nil, err
	}
	plain, err := Open(data, k.Identities...)
	if errors.Is(err, ErrNoKey) {
		return nil, fmt.Errorf("the key of case %s is not sealed to your identity: %w", caseID, ErrNoKey)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k.Path(caseID), err)
	}
	ids, err = ParseIdentityFile(plain)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k.Path(caseID), err)
	}
	k.remember(caseID, ids...)
	return ids, nil
}

// Unseal opens a file sealed to a case's key. Without the key, the error satisfies
// errors.Is(err, ErrNoKey). It is what the repository loader calls (repo.Unsealer).
func (k *Keyring) Unseal(caseID string, sealed []byte) ([]byte, error) {
	ids, err := k.Keys(caseID)
	if err != nil {
		return nil, err
	}
	all := make([]age.Identity, len(ids))
	for i, id := range ids {
		all[i] = id
	}
	plain, err := Open(sealed, all...)
	if errors.Is(err, ErrNoKey) {
		return nil, fmt.Errorf("the key of case %s in the key ring does not open it (the case was rekeyed, or the file was replaced): %w", caseID, ErrNoKey)
	}
	return plain, err
}

// SealFor seals plain to a case's key.
func (k *Keyring) SealFor(caseID string, plain []byte) ([]byte, error) {
	id, err := k.Key(caseID)
	if err != nil {
		return nil, err
	}
	return Seal(plain, id.Recipient())
}

// Forget drops a case's key from memory and from the ring, as Shred does; for undoing a
// Create whose case was not written.
func (k *Keyring) Forget(caseID string) error {
	k.mu.Lock()
	delete(k.keys, caseID)
	k.mu.Unlock()
	return Shred(k.Dir, caseID)
}

// Shred crypto-shreds one case: it deletes the case's key file from the key ring in dir, after
// which nothing sealed to that key (the case's registry and sealed notes, in the work tree, in
// every past commit and every clone) can be read again. It is what `casework keys shred` and
// retention purges call. Copies of the key ring elsewhere must be shredded too: a key file copied
// before the shred still opens the case. A case with no key file gives an error satisfying
// errors.Is(err, fs.ErrNotExist).
func Shred(dir, caseID string) error {
	if err := checkID(caseID); err != nil {
		return err
	}
	p := filepath.Join(dir, caseID+KeyExt)
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a key file (a link or a folder); delete it by hand", p)
	}
	if err := os.Remove(p); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}
