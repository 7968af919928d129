package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/gitx"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/seal"
	"github.com/spf13/cobra"
)

// StatusOptions are the inputs of keys status.
type StatusOptions struct {
	F      *cmdutil.Factory
	Format string
}

// NewStatusCmd builds `casework keys status`.
func NewStatusCmd(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	o := &StatusOptions{F: f}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the recipients, the key ring, and which cases have keys",
		Long: `Show whether encryption is on, who the recipients are, where the key ring is (and that git
does not track it), whose identity you gave and whether it is a recipient, then one line per
case: its registry (sealed, plaintext) and its key (ok: in the ring and yours to open;
missing: not in this key ring; shredded: deleted by keys shred; not yours: sealed to other recipients; none: not
needed, the registry is plaintext).

It exits 0 when every sealed case has a key that opens, 1 otherwise.`,
		Example: `  casework keys status
  casework keys status --identity ~/.config/casework/identity.txt -o tsv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runStatus(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv")
	return cmd
}

func runStatus(o *StatusOptions) error {
	f := o.F
	r, err := f.Repo()
	if err != nil {
		return err
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	e := s.Config.Encryption
	out := f.IO.Out
	state := "off"
	if e.Enabled {
		state = "on"
		if e.Notes {
			state += " (registries and notes)"
		} else {
			state += " (registries)"
		}
	}
	fmt.Fprintf(out, "encryption: %s\n", state)
	k, kerr := f.Keyring()
	dir := cmdutil.KeyringDir(r, s.Config)
	where := "outside the repository"
	if rel, err := filepath.Rel(r.Root, dir); err == nil && !strings.HasPrefix(rel, "..") {
		where = "git-ignored"
		if len(trackedUnder(r.Root, filepath.ToSlash(rel))) > 0 {
			where = "TRACKED BY GIT: case keys in history cannot be shredded"
		}
	}
	fmt.Fprintf(out, "key ring: %s (%s)\n", dir, where)
	idPath, from := f.IdentityPath()
	switch {
	case kerr != nil:
		fmt.Fprintf(out, "identity: %v\n", kerr)
	case idPath == "":
		fmt.Fprintln(out, "identity: none given (--identity FILE or CASEWORK_IDENTITY): names stay hidden")
	default:
		who := "not a recipient of this repository"
		mine, _ := f.Identities()
		for _, id := range mine {
			for _, rc := range e.Recipients {
				if strings.TrimSpace(rc.Key) == id.Recipient().String() {
					who = "recipient " + rc.Worker
				}
			}
		}
		fmt.Fprintf(out, "identity: %s (%s), %s\n", idPath, from, who)
	}
	fmt.Fprintf(out, "recipients: %d\n", len(e.Recipients))
	for _, rc := range e.Recipients {
		fmt.Fprintf(out, "  %s\t%s\n", rc.Worker, rc.Key)
	}
	ids, err := r.CaseIDs()
	if err != nil {
		return err
	}
	shredded := shreddedCases(r)
	t := cmdutil.Table{Header: []string{"CASE", "REGISTRY", "KEY"}}
	bad := 0
	inRing := map[string]bool{}
	if k != nil {
		ring, _ := k.List()
		for _, id := range ring {
			inRing[id] = true
		}
	}
	for _, id := range ids {
		reg := registryState(r, id)
		key := "none"
		switch {
		case inRing[id] && k != nil:
			_, err := k.Key(id)
			switch {
			case err == nil:
				key = "ok"
			case errors.Is(err, seal.ErrNoKey):
				key = "not yours"
			default:
				key = "unreadable: " + err.Error()
			}
		case reg == "sealed" && shredded[id]:
			key = "shredded"
		case reg == "sealed":
			key = "missing"
		}
		if reg == "sealed" && key != "ok" && key != "shredded" {
			bad++
		}
		t.Rows = append(t.Rows, []string{id, reg, key})
		delete(inRing, id)
	}
	fmt.Fprintln(out)
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	if err := t.Render(out, format); err != nil {
		return err
	}
	for id := range inRing {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: the key ring holds a key for %s, which is no case here\n", id)
	}
	if bad > 0 {
		return cmdutil.WithHint(fmt.Errorf("%d sealed cases have no key here that opens them", bad),
			"a colleague who can open them runs casework keys rotate after listing you as a recipient; or copy the team's key ring here")
	}
	return nil
}

func registryState(r *repo.Repo, id string) string {
	dir := repo.CaseDir(id)
	_, perr := os.Lstat(r.Abs(dir + "/people.yaml"))
	_, serr := os.Lstat(r.Abs(dir + "/" + repo.SealedPeopleFile))
	switch {
	case perr == nil && serr == nil:
		return "both (fix it)"
	case serr == nil:
		return "sealed"
	case perr == nil:
		return "plaintext"
	case errors.Is(perr, fs.ErrNotExist):
		return "missing"
	}
	return "unreadable"
}

// shreddedCases are the cases whose key a keys shred commit says was deleted.
func shreddedCases(r *repo.Repo) map[string]bool {
	out := map[string]bool{}
	if !gitx.Available() || !gitx.IsRepo(r.Root) {
		return out
	}
	log, err := gitx.Run(r.Root, "log", "--format=%(trailers:key=Case-Id,valueonly)", "--grep=^Action: keys shred$")
	if err != nil {
		return out
	}
	for _, id := range strings.Fields(log) {
		out[id] = true
	}
	return out
}
