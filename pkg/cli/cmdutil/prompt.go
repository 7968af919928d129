package cmdutil

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Prompter asks for missing answers on a terminal, one line each.
type Prompter struct {
	in  *bufio.Reader
	out io.Writer
}

// NewPrompter reads answers from io.In and asks on io.ErrOut (stdout stays for data).
func NewPrompter(io *IOStreams) *Prompter {
	return &Prompter{in: bufio.NewReader(io.In), out: io.ErrOut}
}

// Ask asks until it gets an answer; with codes, the answer must be one of them.
func (p *Prompter) Ask(label string, codes []string) (string, error) {
	for {
		if len(codes) > 0 {
			fmt.Fprintf(p.out, "%s (%s): ", label, strings.Join(codes, ", "))
		} else {
			fmt.Fprintf(p.out, "%s: ", label)
		}
		line, err := p.in.ReadString('\n')
		answer := strings.TrimSpace(line)
		if answer != "" && (len(codes) == 0 || slices.Contains(codes, answer)) {
			return answer, nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", errors.New("no answer given (end of input); nothing was written")
			}
			return "", err
		}
		if answer != "" {
			fmt.Fprintf(p.out, "  %q is not one of the codes\n", answer)
		}
	}
}
