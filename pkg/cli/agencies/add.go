package agencies

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/cobra"
)

// maxIDLen keeps ids short enough to type and to read in a table.
const maxIDLen = 40

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsSlug reports whether id can name an agency: lowercase letters a-z, digits and single hyphens.
func IsSlug(id string) bool { return len(id) <= maxIDLen && slugPattern.MatchString(id) }

// Slug suggests an id for a name or a mistyped id: "Croix-Rouge  Furong" gives croix-rouge-furong.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxIDLen {
		out = strings.TrimRight(out[:maxIDLen], "-")
	}
	return out
}

// AddOptions are the inputs of agencies add.
type AddOptions struct {
	F         *cmdutil.Factory
	ID        string
	Name      string
	Services  []string
	Areas     []string
	Languages []string
	Contact   string
	Address   string
	Notes     string
}

// NewAddCmd builds `casework agencies add`; runF replaces the run function in tests.
func NewAddCmd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	o := &AddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add ID --name NAME",
		Short: "Add an agency to the partner directory",
		Long: `Add an agency to the partner directory: agencies/ID.yaml, checked, written under the
repository lock and committed. ID is how consents and referrals name the agency: a short
lowercase slug (letters a-z, digits, hyphens: ccas-furong). An existing id is never
replaced; edit its file to change it.

` + directoryNote,
		Example: `  casework agencies add ccas-furong --name "CCAS de Furong" --service housing --service food_aid \
      --area furong --language fr --contact "01 99 00 70 00" --address "2 place de la Mairie, Furong"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.UsageErrorf("agencies add needs one ID (a lowercase slug such as ccas-furong); got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(o)
			}
			return runAdd(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Name, "name", "", "the agency's name (required)")
	fl.StringArrayVar(&o.Services, "service", nil, "a service it offers (repeat)")
	fl.StringArrayVar(&o.Areas, "area", nil, "an area it serves (repeat)")
	fl.StringArrayVar(&o.Languages, "language", nil, "a language it works in (repeat)")
	fl.StringVar(&o.Contact, "contact", "", "its public contact: reception phone, generic e-mail")
	fl.StringVar(&o.Address, "address", "", "its public address")
	fl.StringVar(&o.Notes, "notes", "", "how to refer: opening hours, eligibility, forms")
	return cmd
}

func runAdd(o *AddOptions) error {
	f := o.F
	if !IsSlug(o.ID) {
		msg := fmt.Sprintf("agency id %q is not a lowercase slug: use letters a-z, digits and hyphens, at most %d characters", o.ID, maxIDLen)
		if s := Slug(o.ID); s != "" && s != o.ID {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return cmdutil.UsageErrorf("%s", msg)
	}
	if strings.TrimSpace(o.Name) == "" {
		return cmdutil.UsageErrorf("missing --name; nothing was written")
	}
	p := &casefile.Partner{
		SchemaVersion: casefile.SchemaVersion,
		ID:            o.ID,
		Name:          strings.Join(strings.Fields(o.Name), " "),
		Services:      clean(o.Services),
		Areas:         clean(o.Areas),
		Languages:     clean(o.Languages),
		Contact:       strings.TrimSpace(o.Contact),
		Address:       strings.TrimSpace(o.Address),
		Notes:         strings.TrimSpace(o.Notes),
	}
	r, err := f.Repo()
	if err != nil {
		return err
	}
	rules, err := f.Rules()
	if err != nil {
		return err
	}
	rel := path(o.ID)
	data, ps, err := casefile.Encode(rel, casefile.KindPartner, p, rules)
	if err != nil {
		return err
	}
	if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
		return &cmdutil.ProblemsError{What: "the agency is not valid; nothing was written:", Problems: errs}
	}
	lock, err := f.Lock(r, "agencies add "+o.ID)
	if err != nil {
		return err
	}
	defer lock.Release()
	partners, _, err := r.Partners(rules)
	if err != nil {
		return err
	}
	for id, q := range partners {
		if id != o.ID && Fold(q.Name) == Fold(p.Name) {
			fmt.Fprintf(f.IO.ErrOut, "casework: warning: agency %s has the same name; is it the same service?\n", id)
		}
	}
	if err := r.NoLinks(rel); err != nil {
		return fmt.Errorf("nothing was written: %w", err)
	}
	if err := safeio.MkdirAll(r.Abs(repo.PartnersDir)); err != nil {
		return err
	}
	if err := safeio.WriteNew(r.Abs(rel), data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return cmdutil.WithHint(fmt.Errorf("agency %s already exists (%s); nothing was written", o.ID, rel),
				"casework agencies show %s shows it; to change it, edit %s", o.ID, filepath.FromSlash(rel))
		}
		return err
	}
	f.Commit(r, cmdutil.Change{Action: "agency", Agency: o.ID, Paths: []string{rel}})
	fmt.Fprintf(f.IO.ErrOut, "Added agency %s to the partner directory: %s\n", o.ID, rel)
	return nil
}

// clean trims values and drops empty and repeated ones.
func clean(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		x = strings.Join(strings.Fields(x), " ")
		if x == "" || seen[Fold(x)] {
			continue
		}
		seen[Fold(x)] = true
		out = append(out, x)
	}
	return out
}
