package cmdutil

import (
	"os"
	"runtime/debug"

	"github.com/casework/casework/pkg/casefile"
)

// scanMemoryLimit is the heap a command that reads every case lets grow before collecting:
// such a command holds a few cases at a time (tens of megabytes at most) but allocates as much
// as it decodes, and collecting every few megabytes would cost it a third of its time.
const scanMemoryLimit = 64 << 20

// ScanGC tunes the garbage collector for a command that streams every case through memory
// (review, list, check): no collection until the heap reaches scanMemoryLimit, then as usual
// when the live heap grows beyond it. GOGC or GOMEMLIMIT set in the environment win. It returns
// the function that restores the previous settings.
func ScanGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(scanMemoryLimit)
	percent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// CountErrors counts the errors (not the warnings) among problems.
func CountErrors(ps []casefile.Problem) int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}
