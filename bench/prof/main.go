// Command prof is casework with profiling, for the benchmarks: the same command tree as
// cmd/casework, run in-process between a CPU profile (written to $CASEWORK_CPUPROFILE) and, when
// $CASEWORK_MEMPROFILE is set, a heap profile of the allocations made. Nothing of casework is
// changed; `go run ./bench` uses it with BENCH_PROFILE=1.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/casework/casework/pkg/cli"
)

func main() {
	os.Exit(run())
}

func run() int {
	if p := os.Getenv("CASEWORK_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "prof:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "prof:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if p := os.Getenv("CASEWORK_MEMPROFILE"); p != "" {
		runtime.MemProfileRate = 64 * 1024
		defer func() {
			f, err := os.Create(p)
			if err != nil {
				fmt.Fprintln(os.Stderr, "prof:", err)
				return
			}
			defer f.Close()
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
		}()
	}
	return cli.Main()
}
