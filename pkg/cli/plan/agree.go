package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/spf13/cobra"
)

// AgreeOptions are the inputs of plan agree.
type AgreeOptions struct {
	F       *cmdutil.Factory
	Case    string
	How     string
	Date    string
	CoBuilt bool
	Note    string
}

// NewAgreeCmd builds plan agree; runF replaces the run function in tests.
func NewAgreeCmd(f *cmdutil.Factory, runF func(*AgreeOptions) error) *cobra.Command {
	o := &AgreeOptions{F: f}
	cmd := &cobra.Command{
		Use:   "agree CASE --how signed|verbal|written|electronic",
		Short: "Record that the client agreed to the plan",
		Long: `Record that the client agreed to the plan, how (` + strings.Join(casefile.Enums["agreement_how"], ", ") + `) and
when. A plan is built with the client: --co-built=false records a plan agreed to but written
for them rather than with them, and casework keeps warning about it. A new agreement
replaces the last one (after a review, say); the plan's history keeps both.`,
		Example: `  casework plan agree k7f3m --how signed
  casework plan agree k7f3m --how verbal --date yesterday --note "Agreed by phone, to sign at next visit"`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case = args[0]
			return runOrStub(o, runF, runAgree)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.How, "how", "", "how the client agreed: "+strings.Join(casefile.Enums["agreement_how"], ", ")+" (required)")
	fl.StringVar(&o.Date, "date", "today", "when the client agreed")
	fl.BoolVar(&o.CoBuilt, "co-built", true, "the plan was built with the client")
	fl.StringVar(&o.Note, "note", "", "a word on the agreement")
	_ = cmd.RegisterFlagCompletionFunc("how", cmdutil.CompleteCodes(casefile.Enums["agreement_how"]))
	return cmd
}

func runAgree(o *AgreeOptions) error {
	f := o.F
	if o.How == "" {
		return cmdutil.UsageErrorf("missing --how: %s; nothing was written", strings.Join(casefile.Enums["agreement_how"], ", "))
	}
	if err := cmdutil.CheckCode("how", "agreement_how", o.How); err != nil {
		return err
	}
	on, err := f.ParseDate("date", o.Date)
	if err != nil {
		return err
	}
	if today, _ := f.Today(); on.After(today) {
		return cmdutil.UsageErrorf("--date %s is in the future; record the agreement once it is given", on)
	}
	_, err = change(f, o.Case, false, func(s *session) (string, error) {
		if len(s.p.Goals) == 0 {
			return "", fmt.Errorf("the plan of case %s has no goal yet: add its goals with the client, then record the agreement", s.c.ID)
		}
		s.p.Agreement = &casefile.Agreement{On: on, How: o.How, CoBuilt: o.CoBuilt, Note: strings.TrimSpace(o.Note)}
		what := fmt.Sprintf("agreed with the client on %s (%s)", on, o.How)
		if !o.CoBuilt {
			what += ", not co-built"
		}
		return what, nil
	})
	return err
}

// SetOptions are the inputs of plan set.
type SetOptions struct {
	F                   *cmdutil.Factory
	Case                string
	ReviewOn            string
	Cultural            string
	Resources           []string
	RemoveResources     []string
	Interventions       []string
	RemoveInterventions []string
	Changed             func(string) bool
}

// NewSetCmd builds plan set; runF replaces the run function in tests.
func NewSetCmd(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	o := &SetOptions{F: f}
	cmd := &cobra.Command{
		Use:   "set CASE [flags]",
		Short: "Change the plan as a whole: review date, resources, interventions",
		Long: `Change what belongs to the plan as a whole: when it is reviewed, the cultural and
linguistic factors to keep in mind (language, interpreter, customs), the resources it draws
on, and the interventions planned (` + strings.Join(casefile.Enums["intervention"], ", ") + `).

--resource and --intervention add to the lists (repeat them); --remove-resource and
--remove-intervention take out what they name. A case with no plan gets one.`,
		Example: `  casework plan set k7f3m --review-on +3m --cultural "Speaks Wolof; interpreter for appointments"
  casework plan set k7f3m --resource "Fonds de solidarité logement" --intervention advocacy --intervention budgeting`,
		Args:              cmdutil.ExactCase,
		ValidArgsFunction: cmdutil.CompleteCaseIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.Changed = args[0], changedFlags(cmd)
			return runOrStub(o, runF, runSet)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.ReviewOn, "review-on", "", "when the plan is next reviewed (YYYY-MM-DD, +3m …)")
	fl.StringVar(&o.Cultural, "cultural", "", "cultural and linguistic factors (language, interpreter, customs)")
	fl.StringArrayVar(&o.Resources, "resource", nil, "a resource the plan draws on (repeat)")
	fl.StringArrayVar(&o.RemoveResources, "remove-resource", nil, "a resource to take out of the list (repeat)")
	fl.StringArrayVar(&o.Interventions, "intervention", nil, "an intervention planned (repeat): "+strings.Join(casefile.Enums["intervention"], ", "))
	fl.StringArrayVar(&o.RemoveInterventions, "remove-intervention", nil, "an intervention to take out of the list (repeat)")
	_ = cmd.RegisterFlagCompletionFunc("intervention", cmdutil.CompleteCodes(casefile.Enums["intervention"]))
	_ = cmd.RegisterFlagCompletionFunc("remove-intervention", cmdutil.CompleteCodes(casefile.Enums["intervention"]))
	return cmd
}

func runSet(o *SetOptions) error {
	f := o.F
	for _, v := range append(append([]string{}, o.Interventions...), o.RemoveInterventions...) {
		if err := cmdutil.CheckCode("intervention", "intervention", v); err != nil {
			return err
		}
	}
	review, err := date(f, "review-on", o.ReviewOn)
	if err != nil {
		return err
	}
	_, err = change(f, o.Case, true, func(s *session) (string, error) {
		p := s.p
		var what []string
		if o.Changed("review-on") {
			p.ReviewOn = review
			what = append(what, "review_on "+review.String())
		}
		if o.Changed("cultural") {
			p.CulturalLinguistic = strings.TrimSpace(o.Cultural)
			what = append(what, "cultural_linguistic_factors")
		}
		if len(o.Resources)+len(o.RemoveResources) > 0 {
			p.Resources = edit(p.Resources, o.Resources, o.RemoveResources)
			what = append(what, "resources")
		}
		if len(o.Interventions)+len(o.RemoveInterventions) > 0 {
			before := slices.Clone(p.Interventions)
			p.Interventions = edit(p.Interventions, o.Interventions, o.RemoveInterventions)
			var diff []string
			for _, v := range p.Interventions {
				if !slices.Contains(before, v) {
					diff = append(diff, "+"+v)
				}
			}
			for _, v := range before {
				if !slices.Contains(p.Interventions, v) {
					diff = append(diff, "-"+v)
				}
			}
			what = append(what, "interventions "+strings.Join(diff, " "))
		}
		if len(what) == 0 {
			return "", errNothing("set")
		}
		return "plan changed: " + strings.Join(what, ", "), nil
	})
	return err
}

// edit adds what is not there yet and removes what is named, keeping the order.
func edit(list, add, remove []string) []string {
	out := []string{}
	for _, v := range list {
		if !slices.Contains(remove, v) {
			out = append(out, v)
		}
	}
	for _, v := range add {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(out, v) && !slices.Contains(remove, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
