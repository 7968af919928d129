package keys

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// EnableOptions are the inputs of keys enable.
type EnableOptions struct {
	F          *cmdutil.Factory
	Recipients []string // WORKER=KEY
	Notes      bool
	Keyring    string
}

// NewEnableCmd builds `casework keys enable`.
func NewEnableCmd(f *cmdutil.Factory, runF func(*EnableOptions) error) *cobra.Command {
	o := &EnableOptions{F: f}
	cmd := &cobra.Command{
		Use:   "enable",
		Short: "Turn encryption on and seal the registries already written",
		Long: `Turn encryption at rest on for this repository: set encryption.enabled (with the recipients
given) in casework.yaml, add the key ring to .gitignore, give every case its own data key, seal
each people.yaml into people.yaml.age and delete the plaintext (with --notes, seal every note's
text too), and commit it all in one commit. Run it again after adding recipients or cases by
hand: what is sealed already is left alone.

` + model + `

Earlier commits still hold the plaintext that was there before: git keeps every version. keys
enable says so and how to deal with it: rewrite the history (git filter-repo) and have everyone
clone again, or start a new repository from the sealed files.`,
		Example: `  key=$(casework keys new ~/.config/casework/identity.txt)    # your public key, age1...
  casework keys enable --recipient a.martin=$key
  casework keys enable --notes                                  # seal the notes' text too`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runEnable(o)
		},
	}
	cmd.Flags().StringArrayVar(&o.Recipients, "recipient", nil, "a practitioner who may open the key ring, as `WORKER=AGE-PUBLIC-KEY` (repeat)")
	cmd.Flags().BoolVar(&o.Notes, "notes", false, "seal the text of notes too (encryption.notes)")
	cmd.Flags().StringVar(&o.Keyring, "keyring", "", "the key ring `DIR`, from the repository root or absolute (default keyring)")
	return cmd
}

func runEnable(o *EnableOptions) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	var add []casefile.Recipient
	for _, rc := range o.Recipients {
		w, k, ok := strings.Cut(rc, "=")
		if !ok || w == "" {
			return cmdutil.UsageErrorf("--recipient %q: write WORKER=AGE-PUBLIC-KEY", rc)
		}
		if _, err := seal.ParseRecipient(k); err != nil {
			return cmdutil.UsageErrorf("--recipient %s: %v", w, err)
		}
		add = append(add, casefile.Recipient{Worker: w, Key: strings.TrimSpace(k)})
	}
	lock, err := f.Lock(r, "keys enable")
	if err != nil {
		return err
	}
	defer lock.Release()

	var paths []string
	changed, err := editConfig(f, r, add, o)
	if err != nil {
		return err
	}
	if changed {
		paths = append(paths, repo.ConfigFile)
	}
	f.Reload()
	s, err := f.Settings()
	if err != nil {
		return err
	}
	ignored, err := ignoreKeyring(r, s.Config)
	if err != nil {
		return err
	}
	if ignored {
		paths = append(paths, ".gitignore")
	}
	k, err := f.Keyring()
	if err != nil {
		return err
	}
	ids, err := r.CaseIDs()
	if err != nil {
		return err
	}
	rules := casefile.Rules{Config: s.Config}
	tracked := map[string]bool{}
	for _, p := range trackedUnder(r.Root, repo.CasesDir) {
		tracked[p] = true
	}
	exposed := false
	sealedCases, sealedNotes := 0, 0
	for _, id := range ids {
		ps, reg, n, err := sealCase(f, r, k, id, s.Config.Encryption.Notes, rules)
		if err != nil {
			return fmt.Errorf("case %s: %w (cases before it are sealed; run keys enable again once it is fixed)", id, err)
		}
		if reg {
			sealedCases++
		}
		sealedNotes += n
		paths = append(paths, ps...)
		for _, p := range ps {
			exposed = exposed || tracked[p]
		}
	}
	if len(paths) > 0 {
		commit(f, r, paths, fmt.Sprintf("keys enable: %d registries and %d notes sealed\n\nAction: keys enable\nScope: repository\n", sealedCases, sealedNotes))
	}
	out := f.IO.ErrOut
	fmt.Fprintf(out, "Encryption is on: %d registries and %d notes sealed; %d recipients; key ring %s\n", sealedCases, sealedNotes, len(s.Config.Encryption.Recipients), k.Dir)
	if exposed {
		fmt.Fprintln(out, "casework: warning: earlier commits still hold the plaintext of what was just sealed: anyone with a clone can read it with git log -p.")
		fmt.Fprintln(out, "casework: hint: to remove it, rewrite the history (git filter-repo --invert-paths --path-glob 'cases/*/people.yaml'; for notes, filter-repo's --blob-callback cannot re-seal them, so start afresh) and have everyone clone again; or start a new repository from the current files (README: Encryption at rest)")
	}
	return nil
}

// editConfig turns encryption on in casework.yaml: the encryption block is written again as
// text, in place, so the file's other lines, comments and blank lines stay as they were. It says
// whether the file changed.
func editConfig(f *cmdutil.Factory, r *repo.Repo, add []casefile.Recipient, o *EnableOptions) (bool, error) {
	data, err := r.ReadConfig()
	if err != nil {
		return false, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false, fmt.Errorf("%s cannot be edited (not a YAML mapping): run casework check", repo.ConfigFile)
	}
	v, _, ps := casefile.Decode(repo.ConfigFile, casefile.KindConfig, data, casefile.Rules{})
	if v == nil {
		return false, &cmdutil.ProblemsError{What: "the configuration has problems; fix them first:", Problems: cmdutil.OnlyErrors(ps)}
	}
	e := v.(*casefile.Config).Encryption
	e.Enabled = true
	e.Notes = e.Notes || o.Notes
	if o.Keyring != "" {
		e.Keyring = o.Keyring
	}
	if e.Keyring == "" {
		e.Keyring = casefile.DefaultKeyring
	}
	for _, a := range add {
		known := false
		for _, x := range e.Recipients {
			known = known || strings.TrimSpace(x.Key) == a.Key
		}
		if !known {
			e.Recipients = append(e.Recipients, a)
		}
	}
	block := encryptionBlock(e)
	lines := strings.SplitAfter(string(data), "\n")
	var out string
	if key := keyLine(doc.Content[0], "encryption"); key > 0 {
		from, to := key-1, len(lines)
		for i := from + 1; i < len(lines); i++ {
			if l := lines[i]; l != "" && l != "\n" && l[0] != ' ' && l[0] != '#' && l[0] != '\t' {
				to = i
				break
			}
		}
		// Keep the comments and blank lines just above the next key with that key.
		for to > from+1 && (strings.TrimSpace(lines[to-1]) == "" || strings.HasPrefix(lines[to-1], "#")) {
			to--
		}
		out = strings.Join(lines[:from], "") + block + strings.Join(lines[to:], "")
	} else {
		out = string(data)
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
		out += "\n# Encryption at rest (casework keys --help): each case's registry is sealed to the case's own\n" +
			"# key; the case keys are kept in the key ring (never committed), sealed to the recipients.\n" + block
	}
	return writeConfig(r, data, []byte(out))
}

func keyLine(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

// encryptionBlock is the encryption block of casework.yaml, with a line saying what each
// setting does.
func encryptionBlock(e casefile.Encryption) string {
	var b strings.Builder
	fmt.Fprintf(&b, `encryption:
  # Seal each case's people registry (casework keys enable turns it on).
  enabled: %t
  # Also seal the text of notes (their dates, kinds and outcomes stay readable).
  notes: %t
  # The key ring: a git-ignored folder of the repository, or a folder outside it.
  keyring: %q
  # Who can open the key ring: each practitioner's public key (casework keys new prints it).
  recipients:`, e.Enabled, e.Notes, e.Keyring)
	if len(e.Recipients) == 0 {
		b.WriteString(" []")
	}
	b.WriteString("\n")
	for _, a := range e.Recipients {
		fmt.Fprintf(&b, "    - worker: %q\n      key: %s\n", a.Worker, strings.TrimSpace(a.Key))
	}
	return b.String()
}

func writeConfig(r *repo.Repo, data, out []byte) (bool, error) {
	if _, _, ps := casefile.Decode(repo.ConfigFile, casefile.KindConfig, out, casefile.Rules{}); len(cmdutil.OnlyErrors(ps)) > 0 {
		return false, cmdutil.WithHint(&cmdutil.ProblemsError{What: "the configuration would not be valid; nothing was changed:", Problems: cmdutil.OnlyErrors(ps)},
			"give each practitioner's public key with --recipient WORKER=age1… (casework keys new prints one)")
	}
	if bytes.Equal(out, data) {
		return false, nil
	}
	return true, r.ReplaceFile(repo.ConfigFile, out)
}

// ignoreKeyring adds a key ring inside the repository to .gitignore, and refuses one git already
// tracks: a key ring in history could never be shredded. It says whether .gitignore changed.
func ignoreKeyring(r *repo.Repo, cfg casefile.Config) (bool, error) {
	dir := cmdutil.KeyringDir(r, cfg)
	rel, err := filepath.Rel(r.Root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false, nil // outside the repository
	}
	rel = filepath.ToSlash(rel)
	if t := trackedUnder(r.Root, rel); len(t) > 0 {
		return false, cmdutil.WithHint(fmt.Errorf("git tracks files of the key ring (%s): case keys in history could never be shredded; nothing was sealed", strings.Join(t, ", ")),
			"remove them from git (git rm -r --cached %s), consider the keys in history exposed (keys rotate --rekey), and run keys enable again", rel)
	}
	data, err := r.ReadFile(".gitignore")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	line := "/" + rel + "/"
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == line || strings.TrimSpace(l) == "/"+rel || strings.TrimSpace(l) == rel+"/" {
			return false, nil
		}
	}
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		data = append(data, '\n')
	}
	data = append(data, []byte("# The key ring of encryption at rest: never commit it (casework keys --help).\n"+line+"\n")...)
	return true, r.ReplaceFile(".gitignore", data)
}

// sealCase seals one case's plaintext registry (and, with notes, its notes' text), giving the
// case a key first if it has none. It returns the paths changed and how many notes it sealed.
func sealCase(f *cmdutil.Factory, r *repo.Repo, k *seal.Keyring, id string, notes bool, rules casefile.Rules) (paths []string, reg bool, n int, err error) {
	dir := repo.CaseDir(id)
	plainRel, sealedRel := dir+"/people.yaml", dir+"/"+repo.SealedPeopleFile
	plain, err := r.ReadFile(plainRel)
	hasPlain := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, false, 0, err
	}
	_, serr := os.Lstat(r.Abs(sealedRel))
	hasSealed := serr == nil
	if hasPlain && hasSealed {
		return nil, false, 0, fmt.Errorf("it has both people.yaml and people.yaml.age: keep the right one (casework check), delete the other")
	}
	key, err := caseKey(f, k, id, hasSealed)
	if err != nil {
		return nil, false, 0, err
	}
	if key == nil {
		return nil, false, 0, nil // sealed already, its key not ours to open: nothing to do
	}
	if hasPlain {
		if _, _, ps := casefile.Decode(plainRel, casefile.KindPeople, plain, rules); len(cmdutil.OnlyErrors(ps)) > 0 {
			return nil, false, 0, &cmdutil.ProblemsError{What: "its registry has problems:", Problems: cmdutil.OnlyErrors(ps)}
		}
		sealed, err := seal.Seal(plain, key)
		if err != nil {
			return nil, false, 0, err
		}
		if err := r.ReplaceFile(sealedRel, sealed); err != nil {
			return nil, false, 0, err
		}
		if err := os.Remove(r.Abs(plainRel)); err != nil {
			return nil, false, 0, err
		}
		paths, reg = append(paths, sealedRel, plainRel), true
	}
	if notes {
		np, err := sealNotes(r, k, id, rules)
		if err != nil {
			return nil, false, 0, err
		}
		n = len(np)
		paths = append(paths, np...)
	}
	return paths, reg, n, nil
}

// caseKey is the recipient of a case's key: the one in the key ring, or a new one for a case
// not sealed yet. A sealed case whose key is not here (or not ours) is skipped: nil.
func caseKey(f *cmdutil.Factory, k *seal.Keyring, id string, hasSealed bool) (*age.X25519Recipient, error) {
	if k.Has(id) {
		key, err := k.Key(id)
		if errors.Is(err, seal.ErrNoKey) {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: case %s skipped: %v\n", id, err)
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return key.Recipient(), nil
	}
	if hasSealed {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: case %s skipped: its registry is sealed and its key is not in the key ring here (shredded, or kept elsewhere)\n", id)
		return nil, nil
	}
	key, err := k.Create(id)
	if err != nil {
		return nil, err
	}
	return key.Recipient(), nil
}

// sealNotes seals the text of a case's notes not sealed yet, to the case's key.
func sealNotes(r *repo.Repo, k *seal.Keyring, id string, rules casefile.Rules) ([]string, error) {
	return eachNote(r, id, rules, func(doc *yaml.Node) (bool, error) {
		if schema.Lookup(doc, seal.SealedField) != nil {
			return false, nil // sealed already
		}
		return seal.SealFields(doc, []string{"sections"}, func(b []byte) ([]byte, error) { return k.SealFor(id, b) })
	})
}

// eachNote passes the YAML tree of every note file of a case to change, and rewrites those it
// changed (checked as a later read will check them), returning their paths. A note that does
// not parse is left alone: check reports it.
func eachNote(r *repo.Repo, id string, rules casefile.Rules, change func(doc *yaml.Node) (bool, error)) ([]string, error) {
	dir := repo.CaseDir(id) + "/notes"
	ents, err := os.ReadDir(r.Abs(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".yaml") || !e.Type().IsRegular() {
			continue
		}
		rel := dir + "/" + name
		data, err := r.ReadFile(rel)
		if err != nil {
			return nil, err
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			continue
		}
		changed, err := change(&doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		if !changed {
			continue
		}
		if err := rewrite(r, rel, casefile.KindNote, &doc, rules); err != nil {
			return nil, err
		}
		paths = append(paths, rel)
	}
	return paths, nil
}

// rewrite encodes a changed record, checks it as a later read will, and replaces the file.
func rewrite(r *repo.Repo, rel string, kind casefile.Kind, doc *yaml.Node, rules casefile.Rules) error {
	out, err := casefile.Marshal(doc)
	if err != nil {
		return err
	}
	if _, _, ps := casefile.Decode(rel, kind, out, rules); len(cmdutil.OnlyErrors(ps)) > 0 {
		return &cmdutil.ProblemsError{What: rel + " would not be valid once sealed; nothing more was changed:", Problems: cmdutil.OnlyErrors(ps)}
	}
	return r.ReplaceFile(rel, out)
}
