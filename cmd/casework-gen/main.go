// Command casework-gen writes a deterministic, realistic synthetic case repository for
// benchmarks: N cases, about a fifth of them open, each with an intake, a people registry, two
// assessments, a plan, about 25 notes, a consent, two referrals with their status histories and
// a case review; closed cases end with a closure. Every file is encoded with casefile.Encode, so
// it is exactly what casework itself would accept, and the whole repository passes
// `casework check` with no error. The same -n, -seed and -today give a byte-identical tree.
//
//	go run ./cmd/casework-gen -n 1000 -seed 1 -out /tmp/repo-1000 -git
//
// Everything is fictional: names, places and agencies come from small invented word lists.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/casework/casework/pkg/dates"
)

func main() {
	var o options
	var today string
	flag.IntVar(&o.N, "n", 1000, "number of cases")
	flag.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed, -n and -today give the same repository, byte for byte")
	flag.StringVar(&o.Out, "out", "", "the repository `DIR` to create (must not be a case repository already)")
	flag.BoolVar(&o.Git, "git", false, "git init the repository and commit everything in one commit (then pack it, as a clone would be)")
	flag.StringVar(&today, "today", "2026-11-23", "the `DATE` the repository is generated as of: every entry is dated before it")
	flag.Float64Var(&o.OpenFraction, "open", 0.2, "fraction of cases still open")
	flag.BoolVar(&o.OpenOnly, "open-only", false, "write only the open cases (the same files as without the flag): for measuring what closed cases cost")
	flag.IntVar(&o.Jobs, "j", runtime.NumCPU(), "goroutines writing cases")
	flag.StringVar(&o.Manifest, "manifest", "", "also write a JSON manifest (open and closed case ids, counts) to `FILE`, outside the repository")
	flag.Parse()
	if o.Out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: casework-gen -n N -seed S -out DIR [-git] [-today YYYY-MM-DD] [-open-only] [-manifest FILE]")
		os.Exit(2)
	}
	d, err := dates.Parse(today)
	if err != nil {
		fmt.Fprintln(os.Stderr, "casework-gen: -today:", err)
		os.Exit(2)
	}
	o.Today = d
	start := time.Now()
	st, err := generate(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "casework-gen:", err)
		os.Exit(1)
	}
	if o.Manifest != "" {
		if err := writeManifest(o.Manifest, st); err != nil {
			fmt.Fprintln(os.Stderr, "casework-gen:", err)
			os.Exit(1)
		}
	}
	// One machine-readable line: the benchmark driver reads it.
	fmt.Fprintf(os.Stderr, "casework-gen: cases=%d open=%d written=%d files=%d bytes=%d write=%.3fs git=%.3fs total=%.3fs\n",
		st.Cases, st.Open, st.Written, st.Files, st.Bytes, st.Write.Seconds(), st.Git.Seconds(), time.Since(start).Seconds())
}
