package open

import (
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/seal"
)

// sealRegistry, when the repository encrypts at rest, gives the new case its own data key in
// the key ring and replaces people.yaml by people.yaml.age sealed to that key, in files and in
// paths (those to commit). undo removes the key again if the case is not written.
func sealRegistry(f *cmdutil.Factory, id string, files map[string][]byte, paths []string) (undo func(), err error) {
	undo = func() {}
	s, err := f.Settings()
	if err != nil || !s.Config.Encryption.Enabled {
		return undo, err
	}
	k, err := f.Keyring()
	if err != nil {
		return undo, err
	}
	key, err := k.Create(id)
	if err != nil {
		return undo, err
	}
	undo = func() { _ = k.Forget(id) }
	sealed, err := seal.Seal(files["people.yaml"], key.Recipient())
	if err != nil {
		undo()
		return func() {}, err
	}
	delete(files, "people.yaml")
	files[repo.SealedPeopleFile] = sealed
	for i, p := range paths {
		if p == repo.CaseDir(id)+"/people.yaml" {
			paths[i] = repo.CaseDir(id) + "/" + repo.SealedPeopleFile
		}
	}
	return undo, nil
}
