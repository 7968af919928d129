package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/casework/casework/pkg/casefile"
)

// Exit codes, documented in `casework help exit-codes`.
const (
	ExitOK       = 0
	ExitFailure  = 1 // the command failed, or check/review found problems
	ExitUsage    = 2 // the command line is wrong
	ExitNoRepo   = 3 // no case repository where one was needed
	ExitLocked   = 4 // another casework process is writing to the repository
	ExitCanceled = 130
)

// FlagError is a usage mistake: exit code 2.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// UsageErrorf builds a FlagError.
func UsageErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// HintError adds a next step to an error: printed as `casework: hint: ...`.
type HintError struct {
	Err  error
	Hint string
}

func (e *HintError) Error() string { return e.Err.Error() }
func (e *HintError) Unwrap() error { return e.Err }

// WithHint wraps err with a hint.
func WithHint(err error, format string, args ...any) error {
	return &HintError{Err: err, Hint: fmt.Sprintf(format, args...)}
}

// ProblemsError carries problems found in files; they are printed one per line.
type ProblemsError struct {
	What     string
	Problems []casefile.Problem
}

func (e *ProblemsError) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	lines = append(lines, e.What)
	for _, p := range e.Problems {
		lines = append(lines, "  "+p.String())
	}
	return strings.Join(lines, "\n")
}

// ErrSilent means the command has already said what went wrong; exit 1 without more output.
var ErrSilent = errors.New("silent failure")

// OnlyErrors keeps the problems that are errors, not warnings.
func OnlyErrors(ps []casefile.Problem) []casefile.Problem {
	var out []casefile.Problem
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}
