package cmdutil

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"
)

// AddFormatFlag adds -o/--output with the allowed formats, checked before the command runs.
func AddFormatFlag(cmd *cobra.Command, target *string, allowed ...string) {
	cmd.Flags().StringVarP(target, "output", "o", "", "output format: "+strings.Join(allowed, ", "))
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return allowed, cobra.ShellCompDirectiveNoFileComp
	})
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if *target != "" && !slices.Contains(allowed, *target) {
			return UsageErrorf("unknown output format %q: use %s", *target, strings.Join(allowed, ", "))
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// Table is rows under a header, printed for a person (a drawn table), a script (tab-separated),
// Markdown or CSV.
type Table struct {
	Header []string
	Rows   [][]string
}

// Render prints the table in format: table, tsv, md or csv.
func (t Table) Render(w io.Writer, format string) error {
	switch format {
	case "table":
		tbl := tablewriter.NewTable(w,
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithRowAutoWrap(tw.WrapNone),
			tablewriter.WithHeaderAlignment(tw.AlignLeft),
			tablewriter.WithRowAlignment(tw.AlignLeft),
		)
		tbl.Header(anySlice(t.Header)...)
		for _, r := range t.Rows {
			if err := tbl.Append(anySlice(r)...); err != nil {
				return err
			}
		}
		return tbl.Render()
	case "tsv":
		for _, r := range append([][]string{t.Header}, t.Rows...) {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(c)
			}
			if _, err := fmt.Fprintln(w, strings.Join(cells, "\t")); err != nil {
				return err
			}
		}
		return nil
	case "md":
		esc := strings.NewReplacer("|", `\|`, "\n", " ")
		line := func(cells []string) {
			out := make([]string, len(cells))
			for i, c := range cells {
				out[i] = esc.Replace(c)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(out, " | "))
		}
		line(t.Header)
		sep := make([]string, len(t.Header))
		for i := range sep {
			sep[i] = "---"
		}
		line(sep)
		for _, r := range t.Rows {
			line(r)
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(t.Header); err != nil {
			return err
		}
		if err := cw.WriteAll(t.Rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown table format %q", format)
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// WriteJSON prints v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ReportFormat is the output format of a report command: -o when given, else the extension of
// --out (.md, .html, .json, .csv), else a table on a terminal and tab-separated text when piped.
func ReportFormat(io *IOStreams, format, out string) (string, error) {
	if out != "" && format == "" {
		switch filepath.Ext(out) {
		case ".md":
			return "md", nil
		case ".html", ".htm":
			return "html", nil
		case ".json":
			return "json", nil
		case ".csv":
			return "csv", nil
		}
		return "", UsageErrorf("--out %s: name a .md, .html, .json or .csv file, or give -o", out)
	}
	if format == "" {
		if io.OutTTY {
			return "table", nil
		}
		return "tsv", nil
	}
	return format, nil
}
