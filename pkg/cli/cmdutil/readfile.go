package cmdutil

import (
	"fmt"
	"io"
	"os"
)

// MaxInputFile bounds a file named on the command line (--from FILE): a form is a few
// kilobytes.
const MaxInputFile = 1 << 20

// ReadInputFile reads a file named on the command line, up to MaxInputFile: a document named by
// mistake, or /dev/zero, gives an error rather than a command that reads without end.
func ReadInputFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxInputFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxInputFile {
		return nil, fmt.Errorf("%s is larger than %d KiB: a form is a few kilobytes; nothing was written", name, MaxInputFile>>10)
	}
	return data, nil
}
