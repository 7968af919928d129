// Package agencies is `casework agencies`: the partner directory, the services a team refers
// people to, one file per agency under agencies/ at the repository root. Listing, searching,
// showing and adding an agency.
//
// The directory is not case data: it holds services' public contacts only, never anything
// about a client.
package agencies

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/cobra"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// directoryNote is said in every help text of the command.
const directoryNote = `The directory is not case data: it holds services' public contacts only (a reception
phone number, a generic e-mail address, an address open to the public). Never write a
client's details, nor a colleague's private number, in it; it is shared with the whole team.`

// Options are the inputs of agencies (listing and searching).
type Options struct {
	F        *cmdutil.Factory
	Query    string
	Service  string
	Area     string
	Language string
	Format   string
}

// NewCmd builds `casework agencies` and its subcommands; runF replaces the list function in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{F: f}
	cmd := &cobra.Command{
		Use:   "agencies [QUERY]",
		Short: "List, search and add the partner agencies referrals go to",
		Long: `The partner directory lists the services the team refers people to: one file per agency,
agencies/ID.yaml at the repository root, with its name, services, areas, languages and
public contact. Consents and referrals name an agency by its id.

casework agencies lists the directory; QUERY keeps the agencies whose id, name or services
contain it, ignoring case and accents. --service, --area and --language narrow the list.
On a terminal the default output is a table; piped, it is tab-separated text with a header
line.

` + directoryNote + `

Exit codes: 0 ok, 1 failed, 2 usage error.`,
		Example: `  casework agencies
  casework agencies logement
  casework agencies --area furong --language es -o md
  casework agencies add ccas-furong --name "CCAS de Furong" --service housing --service food_aid \
      --area furong --language fr --contact "01 99 00 70 00"
  casework agencies show ccas-furong`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Query = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return runList(o)
		},
	}
	cmdutil.AddFormatFlag(cmd, &o.Format, "table", "tsv", "md", "json")
	fl := cmd.Flags()
	fl.StringVar(&o.Service, "service", "", "only agencies offering a service that contains `S`")
	fl.StringVar(&o.Area, "area", "", "only agencies serving area `A`")
	fl.StringVar(&o.Language, "language", "", "only agencies working in language `L`")
	cmd.AddCommand(NewAddCmd(f, nil), NewShowCmd(f, nil))
	return cmd
}

// Row is one agency as listed; JSON names only grow.
type Row struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Services  []string `json:"services"`
	Areas     []string `json:"areas"`
	Languages []string `json:"languages"`
	Contact   string   `json:"contact"`
	Address   string   `json:"address"`
	Notes     string   `json:"notes"`
}

func rowOf(p *casefile.Partner) Row {
	return Row{ID: p.ID, Name: p.Name, Services: nonNil(p.Services), Areas: nonNil(p.Areas), Languages: nonNil(p.Languages),
		Contact: p.Contact, Address: p.Address, Notes: p.Notes}
}

func runList(o *Options) error {
	f := o.F
	partners, err := load(f)
	if err != nil {
		return err
	}
	rows := Search(partners, o.Query, o.Service, o.Area, o.Language)
	format := o.Format
	if format == "" {
		format = "tsv"
		if f.IO.OutTTY {
			format = "table"
		}
	}
	if format == "json" {
		return cmdutil.WriteJSON(f.IO.Out, rows)
	}
	if len(rows) == 0 {
		if len(partners) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "The partner directory is empty: add an agency with casework agencies add ID --name NAME.")
		} else {
			fmt.Fprintf(f.IO.ErrOut, "No agency of the %d in the directory matches.\n", len(partners))
		}
		return nil
	}
	t := cmdutil.Table{Header: []string{"ID", "NAME", "SERVICES", "AREAS", "LANGUAGES", "CONTACT"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.ID, r.Name, strings.Join(r.Services, ", "), strings.Join(r.Areas, ", "),
			strings.Join(r.Languages, ", "), r.Contact})
	}
	return t.Render(f.IO.Out, format)
}

// load reads the directory, warning about files that could not be read.
func load(f *cmdutil.Factory) (map[string]*casefile.Partner, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, err
	}
	rules, err := f.ReadRules()
	if err != nil {
		return nil, err
	}
	partners, ps, err := r.Partners(rules)
	if err != nil {
		return nil, err
	}
	if errs := cmdutil.OnlyErrors(ps); len(errs) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "casework: warning: %d file(s) of the partner directory could not be read and are left out (casework check names them)\n", len(errs))
	}
	return partners, nil
}

// Search keeps the agencies matching every criterion given, by id. query is found in the id,
// the name or a service; service in a service; area and language match one of the agency's
// exactly. All ignore case and accents.
func Search(partners map[string]*casefile.Partner, query, service, area, language string) []Row {
	q, s, a, l := Fold(query), Fold(service), Fold(area), Fold(language)
	rows := []Row{}
	for _, p := range partners {
		if q != "" && !strings.Contains(Fold(p.ID), q) && !strings.Contains(Fold(p.Name), q) && !anyContains(p.Services, q) {
			continue
		}
		if s != "" && !anyContains(p.Services, s) {
			continue
		}
		if a != "" && !anyEqual(p.Areas, a) {
			continue
		}
		if l != "" && !anyEqual(p.Languages, l) {
			continue
		}
		rows = append(rows, rowOf(p))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	return rows
}

// Fold lowercases s, drops its accents and collapses its spaces, so "Hébergement" finds
// "hebergement d'urgence".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

func anyContains(xs []string, folded string) bool {
	for _, x := range xs {
		if strings.Contains(Fold(x), folded) {
			return true
		}
	}
	return false
}

func anyEqual(xs []string, folded string) bool {
	for _, x := range xs {
		if Fold(x) == folded {
			return true
		}
	}
	return false
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// path is an agency's file from the repository root.
func path(id string) string { return repo.PartnersDir + "/" + id + ".yaml" }
