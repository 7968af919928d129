package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"filippo.io/age"
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/schema"
	"github.com/casework/casework/pkg/seal"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// RotateOptions are the inputs of keys rotate.
type RotateOptions struct {
	F     *cmdutil.Factory
	Rekey bool
}

// NewRotateCmd builds `casework keys rotate`.
func NewRotateCmd(f *cmdutil.Factory, runF func(*RotateOptions) error) *cobra.Command {
	o := &RotateOptions{F: f}
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Re-wrap every case key to the current recipients (--rekey: new case keys)",
		Long: `After a practitioner joins or leaves, edit encryption.recipients in casework.yaml (add or
delete their line), then run keys rotate with your own identity: every case key in the key
ring is sealed again to the recipients listed now, so a leaver's identity no longer opens the
key ring, and a newcomer's does. The sealed files in git do not change.

A leaver may have kept copies of the case keys (the key ring they had). --rekey also makes a
new key for every case and seals its registry (and sealed notes) again with it, in one commit:
keys copied before no longer open what the repository holds from now on. Past commits still
hold the old ciphertext, which old keys open: that is why a leaver's copies of the key ring
should be deleted as well (the agency's leaving procedure).

A rekey cut short loses nothing: while a case is rekeyed its key file holds both keys; run it
again to finish.`,
		Example: `  # c.dupont left: delete their line under encryption.recipients, then
  casework keys rotate --rekey`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runRotate(o)
		},
	}
	cmd.Flags().BoolVar(&o.Rekey, "rekey", false, "also make new case keys and seal the registries and notes again with them")
	return cmd
}

func runRotate(o *RotateOptions) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	if len(s.Config.Encryption.Recipients) == 0 {
		return cmdutil.WithHint(errors.New("no recipient is listed under encryption.recipients; nothing was changed"),
			"list the practitioners who may open the key ring in casework.yaml first")
	}
	k, err := f.Keyring()
	if err != nil {
		return err
	}
	if ids, _ := f.Identities(); len(ids) == 0 {
		return cmdutil.WithHint(errors.New("rotating needs your identity, to open the case keys; nothing was changed"),
			"give it with --identity FILE or CASEWORK_IDENTITY")
	}
	lock, err := f.Lock(r, "keys rotate")
	if err != nil {
		return err
	}
	defer lock.Release()
	ring, err := k.List()
	if err != nil {
		return err
	}
	rules := casefile.Rules{Config: s.Config}
	var paths, failed []string
	done := 0
	for _, id := range ring {
		keys, err := k.Keys(id)
		if err != nil {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: case %s: %v\n", id, err)
			failed = append(failed, id)
			continue
		}
		if !o.Rekey {
			if err := k.Put(id, keys...); err != nil {
				return err
			}
			done++
			continue
		}
		ps, err := rekey(r, k, id, keys, rules)
		if err != nil {
			return fmt.Errorf("case %s: %w (run keys rotate --rekey again: it is safe to repeat)", id, err)
		}
		paths = append(paths, ps...)
		done++
	}
	what := "re-wrapped"
	if o.Rekey {
		what = "renewed"
		if len(paths) > 0 {
			commit(f, r, paths, fmt.Sprintf("keys rotate: %d case keys renewed\n\nAction: keys rotate\nScope: repository\n", done))
		}
	}
	fmt.Fprintf(f.IO.ErrOut, "%d case keys %s for %d recipients (%s)\n", done, what, len(s.Config.Encryption.Recipients), recipientNames(s.Config))
	if len(failed) > 0 {
		return cmdutil.WithHint(fmt.Errorf("%d case keys could not be opened with your identity and were left as they were: %s", len(failed), strings.Join(failed, ", ")),
			"a colleague whose identity opens them runs keys rotate too")
	}
	return nil
}

func recipientNames(cfg casefile.Config) string {
	var ws []string
	for _, rc := range cfg.Encryption.Recipients {
		ws = append(ws, rc.Worker)
	}
	return strings.Join(ws, ", ")
}

// rekey gives a case a new key and seals its sealed files again with it. The key file holds the
// new and the old keys until every file is sealed anew.
func rekey(r *repo.Repo, k *seal.Keyring, id string, old []*age.X25519Identity, rules casefile.Rules) ([]string, error) {
	fresh, err := seal.NewIdentity()
	if err != nil {
		return nil, err
	}
	if err := k.Put(id, append([]*age.X25519Identity{fresh}, old...)...); err != nil {
		return nil, err
	}
	var paths []string
	reseal := func(text []byte) ([]byte, error) {
		plain, err := k.Unseal(id, text)
		if err != nil {
			return nil, err
		}
		return seal.Seal(plain, fresh.Recipient())
	}
	dir := repo.CaseDir(id)
	rel := dir + "/" + repo.SealedPeopleFile
	data, err := r.ReadFile(rel)
	switch {
	case err == nil:
		out, err := reseal(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		if err := r.ReplaceFile(rel, out); err != nil {
			return nil, err
		}
		paths = append(paths, rel)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	notes, err := eachNote(r, id, rules, func(doc *yaml.Node) (bool, error) {
		n := schema.Lookup(doc, seal.SealedField)
		if n == nil || n.Kind != yaml.ScalarNode {
			return false, nil
		}
		out, err := reseal([]byte(n.Value))
		if err != nil {
			return false, err
		}
		n.Value = string(out)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	paths = append(paths, notes...)
	if err := k.Put(id, fresh); err != nil {
		return nil, err
	}
	return paths, nil
}
