package purge

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/seal"
)

// keyring is the Shredder of an encrypted repository: a case whose registry is sealed is
// purged by destroying its key in the repository's key ring (seal.Shred).
type keyring struct{ dir string }

// shredder is Crypto when a test set it, otherwise the repository's key ring.
func shredder(r *repo.Repo, cfg casefile.Config) Shredder {
	if Crypto != nil {
		return Crypto
	}
	return keyring{dir: cmdutil.KeyringDir(r, cfg)}
}

// Encrypted reports a sealed registry: the case's identifying data is readable only with its key.
func (k keyring) Encrypted(r *repo.Repo, caseID string) bool {
	_, err := os.Lstat(r.Abs(repo.CaseDir(caseID) + "/" + repo.SealedPeopleFile))
	return err == nil
}

// Ready says whether the case's key is in this key ring.
func (k keyring) Ready(r *repo.Repo, caseID string) error {
	if _, err := r.ReadFile(repo.PurgedPath(caseID)); err == nil {
		return nil // an interrupted purge: its key may be destroyed already
	}
	p := filepath.Join(k.dir, caseID+seal.KeyExt)
	if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
		return cmdutil.WithHint(fmt.Errorf("case %s is encrypted, and its key is not in the key ring here (%s); nothing was changed", caseID, k.dir),
			"run the purge where the team's key ring is, so that the case's key is destroyed with its files")
	} else if err != nil {
		return err
	}
	return nil
}

// Shred destroys the case's key.
func (k keyring) Shred(_ *repo.Repo, caseID string) error {
	err := seal.Shred(k.dir, caseID)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // an interrupted purge destroyed it already
	}
	return err
}
