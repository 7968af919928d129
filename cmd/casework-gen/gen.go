package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/repo"
)

// options are the generator's inputs.
type options struct {
	N            int
	Seed         uint64
	Out          string
	Git          bool
	Today        dates.Date
	OpenFraction float64
	OpenOnly     bool
	Jobs         int
	Manifest     string
}

// stats is what was generated, and how long it took.
type stats struct {
	Cases, Open, Written, Files int
	Bytes                       int64
	Write, Git                  time.Duration
	OpenIDs, ClosedIDs          []string
}

// alphabet is the id alphabet of pkg/repo (Crockford's base32 in lower case).
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// zone is the fixed offset every generated time is written in, so output never depends on the
// machine's time zone.
var zone = time.FixedZone("", 3600)

// casePlan is what the sequential planning pass decides about a case; the rest of the case
// follows from its own seed, so cases can be written in parallel and still come out the same.
type casePlan struct {
	id         string
	open       bool
	received   dates.Date
	closeOn    dates.Date // closed cases only
	worker     string
	supervisor string
	seed       uint64
}

type staff struct{ workers, supervisors []string }

func randomString(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// planCases decides every case's id, dates, status and worker, in date order.
func planCases(o options) ([]casePlan, staff) {
	r := rand.New(rand.NewPCG(o.Seed, 0x5ca1ab1e))
	nOpen := int(float64(o.N)*o.OpenFraction + 0.5)
	isOpen := make([]bool, o.N)
	for _, i := range r.Perm(o.N)[:nOpen] {
		isOpen[i] = true
	}
	// A team: about 50 open cases per worker, one supervisor per 8 workers.
	nWorkers := max(1, (nOpen+49)/50)
	st := staff{}
	seen := map[string]bool{}
	person := func() string {
		for {
			f := firstNames[r.IntN(len(firstNames))]
			s := surnames[r.IntN(len(surnames))]
			id := strings.ToLower(f[:1] + "." + strings.ReplaceAll(s, "-", ""))
			for k := 2; seen[id]; k++ {
				id = fmt.Sprintf("%s%d", strings.ToLower(f[:1]+"."+strings.ReplaceAll(s, "-", "")), k)
			}
			seen[id] = true
			return id
		}
	}
	for range nWorkers {
		st.workers = append(st.workers, person())
	}
	for range max(1, (nWorkers+7)/8) {
		st.supervisors = append(st.supervisors, person())
	}
	cases := make([]casePlan, o.N)
	for i := range cases {
		c := &cases[i]
		c.open = isOpen[i]
		if c.open {
			// Open: received between 18 months and 6 weeks ago.
			c.received = o.Today.AddDays(-(45 + r.IntN(495)))
		} else {
			// Closed: open for 6 weeks to 13 months, received in the last 3 years, closed before today.
			dur := 45 + r.IntN(355)
			latest := o.Today.AddDays(-1 - dur)
			c.received = latest.AddDays(-r.IntN(1095 - dur))
			c.closeOn = c.received.AddDays(dur)
		}
		c.worker = st.workers[r.IntN(len(st.workers))]
		c.supervisor = st.supervisors[r.IntN(len(st.supervisors))]
		c.seed = r.Uint64()
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].received.Before(cases[j].received) })
	ids := map[string]bool{}
	for i := range cases {
		c := &cases[i]
		for c.id == "" || ids[c.id] {
			c.id = c.received.String() + "-" + randomString(r, 6)
		}
		ids[c.id] = true
	}
	return cases, st
}

// generate writes the repository.
func generate(o options) (stats, error) {
	var st stats
	if o.N < 1 {
		return st, errors.New("-n must be at least 1")
	}
	if o.OpenFraction < 0 || o.OpenFraction > 1 {
		return st, errors.New("-open is a fraction between 0 and 1")
	}
	if o.Jobs < 1 {
		o.Jobs = 1
	}
	start := time.Now()
	cfg := casefile.DefaultConfig()
	cfg.Agency.Name = "Synthetic Social Service (benchmark, fictional)"
	cfg.Agency.Areas = append([]string(nil), areas...)
	if _, err := repo.Init(o.Out, repo.InitOptions{Agency: cfg.Agency.Name, Areas: cfg.Agency.Areas, Language: "en"}); err != nil {
		return st, err
	}
	rules := casefile.Rules{Today: o.Today, Config: cfg}
	var files atomic.Int64
	var bytes atomic.Int64
	write := func(rel string, data []byte) error {
		p := filepath.Join(o.Out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return err
		}
		files.Add(1)
		bytes.Add(int64(len(data)))
		return nil
	}
	for _, a := range partnerAgencies {
		p := casefile.Partner{SchemaVersion: casefile.SchemaVersion, ID: a.id, Name: a.name, Services: []string{a.service},
			Areas: []string{areas[len(a.id)%len(areas)]}, Languages: []string{"en"}, Contact: "01 00 00 00 00 (fictional)"}
		rel := repo.PartnersDir + "/" + a.id + ".yaml"
		data, err := encode(rel, casefile.KindPartner, p, rules)
		if err != nil {
			return st, err
		}
		if err := write(rel, data); err != nil {
			return st, err
		}
	}

	cases, team := planCases(o)
	defs := instrument.Builtin()
	for _, c := range cases {
		st.Cases++
		if c.open {
			st.Open++
			st.OpenIDs = append(st.OpenIDs, c.id)
		} else {
			st.ClosedIDs = append(st.ClosedIDs, c.id)
		}
	}
	work := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		written  atomic.Int64
	)
	for range o.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				c := cases[i]
				g := newCaseGen(c, team, o.Today, rules, defs)
				out, err := g.build()
				if err == nil {
					for _, f := range out {
						if err = write(repo.CaseDir(c.id)+"/"+f.rel, f.data); err != nil {
							break
						}
					}
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("case %s: %w", c.id, err)
					}
					mu.Unlock()
					continue
				}
				written.Add(1)
			}
		}()
	}
	for i, c := range cases {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed {
			break
		}
		if o.OpenOnly && !c.open {
			continue
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return st, firstErr
	}
	st.Written = int(written.Load())
	st.Files = int(files.Load())
	st.Bytes = bytes.Load()
	st.Write = time.Since(start)
	if o.Git {
		t := time.Now()
		if err := gitCommitAll(o.Out, o.Today); err != nil {
			return st, err
		}
		st.Git = time.Since(t)
	}
	return st, nil
}

// encode marshals and validates one file; any error (not a warning) stops the generator, since
// the repository must pass casework check.
func encode(path string, kind casefile.Kind, v any, rules casefile.Rules) ([]byte, error) {
	data, ps, err := casefile.Encode(path, kind, v, rules)
	if err != nil {
		return nil, err
	}
	var msgs []string
	for _, p := range ps {
		if !p.Warning {
			msgs = append(msgs, p.String())
		}
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("generated an invalid file:\n%s\n%s", strings.Join(msgs, "\n"), data)
	}
	return data, nil
}

// gitCommitAll makes the repository a git repository with one commit holding every file, as
// `git add -A && git commit` would, but through git fast-import: the objects go straight into
// one pack, as in a clone of a team's repository, instead of hundreds of thousands of loose
// objects (slow to write, and git's automatic gc would start repacking them in the middle of a
// benchmark). The index is then read from the commit and refreshed, so git status is clean.
func gitCommitAll(dir string, today dates.Date) error {
	when := today.Time(time.UTC).Add(8 * time.Hour).Unix()
	env := append(os.Environ(),
		"GIT_AUTHOR_NAME=casework-gen", "GIT_AUTHOR_EMAIL=casework-gen@example.invalid",
		"GIT_COMMITTER_NAME=casework-gen", "GIT_COMMITTER_EMAIL=casework-gen@example.invalid")
	git := func(args ...string) *exec.Cmd {
		cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false", "-c", "gc.auto=0"}, args...)...)
		cmd.Dir = dir
		cmd.Env = env
		return cmd
	}
	run := func(args ...string) error {
		if out, err := git(args...).CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run("init", "-q", "-b", "main"); err != nil {
		return err
	}
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" && p != dir {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			paths = append(paths, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	fi := git("fast-import", "--quiet", "--done")
	var stderr strings.Builder
	fi.Stderr = &stderr
	in, err := fi.StdinPipe()
	if err != nil {
		return err
	}
	if err := fi.Start(); err != nil {
		return err
	}
	w := bufio.NewWriterSize(in, 1<<20)
	msg := "Synthetic case repository (casework-gen)\n"
	ident := fmt.Sprintf("casework-gen <casework-gen@example.invalid> %d +0000", when)
	fmt.Fprintf(w, "commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s", ident, ident, len(msg), msg)
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			in.Close()
			_ = fi.Wait()
			return err
		}
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n", p, len(data))
		w.Write(data)
		w.WriteByte('\n')
	}
	w.WriteString("\ndone\n")
	werr := w.Flush()
	in.Close()
	if err := fi.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %v\n%s", err, stderr.String())
	}
	if werr != nil {
		return werr
	}
	return run("reset", "-q")
}

func writeManifest(path string, st stats) error {
	m := struct {
		Cases  int      `json:"cases"`
		Open   []string `json:"open"`
		Closed []string `json:"closed"`
		Files  int      `json:"files"`
		Bytes  int64    `json:"bytes"`
	}{st.Cases, st.OpenIDs, st.ClosedIDs, st.Files, st.Bytes}
	if m.Open == nil {
		m.Open = []string{}
	}
	if m.Closed == nil {
		m.Closed = []string{}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}
