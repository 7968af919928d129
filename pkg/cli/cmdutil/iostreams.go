// Package cmdutil is what every command shares: the factory of lazily opened dependencies, the
// IO streams, errors that map to exit codes, output formats and flag helpers.
package cmdutil

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are a command's standard streams and what is known of them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// InTTY: stdin is a terminal, so missing answers may be prompted for.
	InTTY bool
	// OutTTY: stdout is a terminal, so tables are drawn for a person rather than a script.
	OutTTY bool
}

// System returns the process's streams. What casework prints goes through Printable: text from
// the records never sends a control character raw to the terminal.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: printableWriter{os.Stdout}, ErrOut: printableWriter{os.Stderr},
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
	}
}
