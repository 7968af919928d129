package cmdutil

import (
	"os"
	"runtime/debug"

	"github.com/casework/casework/pkg/casefile"
)

// scanGCPercent is the garbage collector's GOGC for a command that reads every case: such a
// command holds a few cases at a time (and review its cache's entries) but allocates as much as
// it decodes; collecting when the heap has grown to four times what is live, not twice, saves a
// good part of its time, and its peak memory stays a small multiple of what it holds. No memory
// limit is set: a limit near the live heap would make the collector run without end.
const scanGCPercent = 300

// ScanGC tunes the garbage collector for a command that streams every case through memory
// (review, list, check). GOGC or GOMEMLIMIT set in the environment win. It returns the function
// that restores the previous setting.
func ScanGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(scanGCPercent)
	return func() { debug.SetGCPercent(percent) }
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
