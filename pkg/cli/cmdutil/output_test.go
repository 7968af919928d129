package cmdutil

import "testing"

func TestReportFormat(t *testing.T) {
	tty, pipe := &IOStreams{OutTTY: true}, &IOStreams{}
	for _, c := range []struct {
		io          *IOStreams
		format, out string
		want        string
		usage       bool
	}{
		{pipe, "", "", "tsv", false},
		{tty, "", "", "table", false},
		{pipe, "json", "", "json", false},
		{pipe, "", "r.md", "md", false},
		{pipe, "", "r.htm", "html", false},
		{pipe, "", "r.csv", "csv", false},
		{pipe, "md", "r.json", "md", false}, // -o wins over the extension
		{pipe, "", "r.txt", "", true},
	} {
		got, err := ReportFormat(c.io, c.format, c.out)
		if _, isUsage := err.(*FlagError); got != c.want || isUsage != c.usage {
			t.Errorf("ReportFormat(%q, %q) = %q, %v", c.format, c.out, got, err)
		}
	}
}
