// Package repo is the case repository on disk: finding it, its layout, case ids, loading every
// file with its problems, and writing entries safely under the repository lock.
package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/safeio"
	"go.yaml.in/yaml/v3"
)

// The fixed names of a case repository.
const (
	ConfigFile = "casework.yaml"
	CasesDir   = "cases"
	StateDir   = ".casework" // lock and caches: derived, git-ignored
	LockFile   = StateDir + "/lock"
)

// ErrNoRepo says no case repository was found.
var ErrNoRepo = errors.New("no case repository here")

// NoRepoError explains where casework looked.
type NoRepoError struct{ Start string }

func (e *NoRepoError) Error() string {
	return fmt.Sprintf("no case repository (%s) in %s or any folder above it", ConfigFile, e.Start)
}

// Unwrap makes errors.Is(err, ErrNoRepo) true.
func (e *NoRepoError) Unwrap() error { return ErrNoRepo }

// Repo is an opened case repository.
type Repo struct {
	Root string
}

// Find walks up from start to the first folder holding casework.yaml, as git finds .git.
func Find(start string) (*Repo, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return nil, err
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		if fi, err := os.Stat(filepath.Join(dir, ConfigFile)); err == nil && fi.Mode().IsRegular() {
			return &Repo{Root: dir}, nil
		}
		if filepath.Dir(dir) == dir {
			return nil, &NoRepoError{Start: abs}
		}
	}
}

// Open opens the repository rooted exactly at root.
func Open(root string) (*Repo, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, ConfigFile)); err != nil {
		return nil, fmt.Errorf("%s is not a case repository (no %s): %w", abs, ConfigFile, ErrNoRepo)
	}
	return &Repo{Root: abs}, nil
}

// Abs turns a slash path from the root into a file path.
func (r *Repo) Abs(rel string) string { return filepath.Join(r.Root, filepath.FromSlash(rel)) }

// ReadConfig returns the bytes of casework.yaml.
func (r *Repo) ReadConfig() ([]byte, error) { return os.ReadFile(r.Abs(ConfigFile)) }

// Lock takes the repository's write lock; holder says who is writing, for others' error messages.
func (r *Repo) Lock(holder string, timeout time.Duration) (*safeio.Lock, error) {
	if err := r.NoLinks(LockFile); err != nil {
		return nil, err
	}
	return safeio.Acquire(r.Abs(LockFile), holder, timeout)
}

// CaseIDs lists the case folders, sorted (that is, by opening date).
func (r *Repo) CaseIDs() ([]string, error) {
	ents, err := os.ReadDir(r.Abs(CasesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range ents {
		if e.IsDir() && IsID(e.Name()) {
			ids = append(ids, e.Name())
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// Resolve turns what a practitioner typed into a case id.
func (r *Repo) Resolve(prefix string) (string, error) {
	ids, err := r.CaseIDs()
	if err != nil {
		return "", err
	}
	id, err := Match(ids, prefix)
	var nf *NotFoundError
	if errors.As(err, &nf) {
		return "", r.resolvePurged(prefix, err)
	}
	return id, err
}

// CaseDir is the slash path of a case folder.
func CaseDir(id string) string { return CasesDir + "/" + id }

// LoadOptions tunes loading.
type LoadOptions struct {
	Rules     casefile.Rules
	KeepNodes bool // keep YAML trees for line numbers in cross-file checks
	// Keys opens sealed registries and notes (sealed.go); nil leaves them locked.
	Keys Unsealer
	// Only, when set, names the files and entry folders of the case folder to read (such as
	// intake.yaml and closures); the others are left unread, and not reported missing.
	Only func(name string) bool
}

// LoadCase reads one case folder. Problems are returned beside the case; a file with errors is
// left out of the case (its value is nil), never half-read.
func (r *Repo) LoadCase(id string, o LoadOptions) (*casefile.Case, []casefile.Problem, error) {
	c := &casefile.Case{ID: id, Dir: CaseDir(id)}
	if o.KeepNodes {
		c.Nodes = map[string]*yaml.Node{}
	}
	var ps []casefile.Problem
	// The case folder is checked once; its entry folders are read only when they are folders,
	// never links, so each file needs only a look at itself.
	if err := r.NoLinks(c.Dir); err != nil {
		return c, []casefile.Problem{{Path: c.Dir, Msg: err.Error()}}, nil
	}
	read := func(rel string, kind casefile.Kind) any {
		data, err := r.readPlain(rel)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				ps = append(ps, casefile.Problem{Path: rel, Msg: "missing: every case folder holds people.yaml and intake.yaml"})
			} else {
				ps = append(ps, casefile.Problem{Path: rel, Msg: err.Error()})
			}
			return nil
		}
		v, node, fps := casefile.Decode(rel, kind, data, o.Rules)
		ps = append(ps, fps...)
		if o.KeepNodes && node != nil {
			c.Nodes[rel] = node
		}
		return v
	}
	ents, err := os.ReadDir(r.Abs(c.Dir))
	if err != nil {
		return nil, nil, err
	}
	for _, e := range ents {
		name := e.Name()
		rel := c.Dir + "/" + name
		switch {
		case strings.HasPrefix(name, "."):
			continue // temp files of an interrupted write, editor files
		case o.Only != nil && !o.Only(name):
			continue
		case name == "people.yaml":
			if v, ok := read(rel, casefile.KindPeople).(*casefile.People); ok {
				c.People = v
			}
		case name == SealedPeopleFile:
			ps = r.loadSealedPeople(c, rel, o, ps)
		case name == "intake.yaml":
			if v, ok := read(rel, casefile.KindIntake).(*casefile.Intake); ok {
				c.Intake = v
			}
		case name == "plan.yaml":
			if v, ok := read(rel, casefile.KindPlan).(*casefile.Plan); ok {
				c.Plan = v
			}
		case e.IsDir():
			kind, known := casefile.EntryDirs[name]
			if !known {
				ps = append(ps, casefile.Problem{Path: rel, Msg: "unknown folder in a case; casework does not read it", Warning: true})
				continue
			}
			files, err := os.ReadDir(r.Abs(rel))
			if err != nil {
				return nil, nil, err
			}
			for _, f := range files {
				fn := f.Name()
				if strings.HasPrefix(fn, ".") {
					continue
				}
				frel := rel + "/" + fn
				eid := strings.TrimSuffix(fn, ".yaml")
				if f.IsDir() || path.Ext(fn) != ".yaml" || !IsID(eid) {
					ps = append(ps, casefile.Problem{Path: frel, Msg: "unexpected file name: entries are named like 2026-11-22-k7f3m.yaml", Warning: true})
					continue
				}
				v := read(frel, kind)
				switch x := v.(type) {
				case *casefile.DecisionEntry:
					c.Decisions = append(c.Decisions, casefile.Item[casefile.DecisionEntry]{ID: eid, Path: frel, V: x})
				case *casefile.Closure:
					c.Closures = append(c.Closures, casefile.Item[casefile.Closure]{ID: eid, Path: frel, V: x})
				case *casefile.Reopening:
					c.Reopenings = append(c.Reopenings, casefile.Item[casefile.Reopening]{ID: eid, Path: frel, V: x})
				case *casefile.Assessment:
					c.Assessments = append(c.Assessments, casefile.Item[casefile.Assessment]{ID: eid, Path: frel, V: x})
				case *casefile.SafetyPlan:
					c.SafetyPlans = append(c.SafetyPlans, casefile.Item[casefile.SafetyPlan]{ID: eid, Path: frel, V: x})
				case *casefile.Note:
					c.Notes = append(c.Notes, casefile.Item[casefile.Note]{ID: eid, Path: frel, V: x})
				case *casefile.Consent:
					c.Consents = append(c.Consents, casefile.Item[casefile.Consent]{ID: eid, Path: frel, V: x})
				case *casefile.ConsentRevocation:
					c.ConsentRevocations = append(c.ConsentRevocations, casefile.Item[casefile.ConsentRevocation]{ID: eid, Path: frel, V: x})
				case *casefile.Referral:
					c.Referrals = append(c.Referrals, casefile.Item[casefile.Referral]{ID: eid, Path: frel, V: x})
				case *casefile.ReferralUpdate:
					c.ReferralUpdates = append(c.ReferralUpdates, casefile.Item[casefile.ReferralUpdate]{ID: eid, Path: frel, V: x})
				case *casefile.CaseReview:
					c.Reviews = append(c.Reviews, casefile.Item[casefile.CaseReview]{ID: eid, Path: frel, V: x})
				case *casefile.Hold:
					c.Holds = append(c.Holds, casefile.Item[casefile.Hold]{ID: eid, Path: frel, V: x})
				case *casefile.ErasureRequest:
					c.ErasureRequests = append(c.ErasureRequests, casefile.Item[casefile.ErasureRequest]{ID: eid, Path: frel, V: x})
				case *casefile.ErasureDecision:
					c.ErasureDecisions = append(c.ErasureDecisions, casefile.Item[casefile.ErasureDecision]{ID: eid, Path: frel, V: x})
				case *casefile.Disclosure:
					c.Disclosures = append(c.Disclosures, casefile.Item[casefile.Disclosure]{ID: eid, Path: frel, V: x})
				}
			}
		default:
			ps = append(ps, casefile.Problem{Path: rel, Msg: "unknown file in a case; casework does not read it", Warning: true})
		}
	}
	if c.People == nil && !c.PeopleLocked && !hasPath(ps, c.PeoplePath()) && !hasPath(ps, c.SealedPeoplePath()) && (o.Only == nil || o.Only("people.yaml")) {
		ps = append(ps, casefile.Problem{Path: c.PeoplePath(), Msg: "missing: every case folder holds people.yaml and intake.yaml"})
	}
	if c.Intake == nil && !hasPath(ps, c.IntakePath()) && (o.Only == nil || o.Only("intake.yaml")) {
		ps = append(ps, casefile.Problem{Path: c.IntakePath(), Msg: "missing: every case folder holds people.yaml and intake.yaml"})
	}
	return c, ps, nil
}

func hasPath(ps []casefile.Problem, p string) bool {
	for _, x := range ps {
		if x.Path == p {
			return true
		}
	}
	return false
}

// LoadAll reads every case. A broken file never hides the others: its problems are collected and
// loading goes on. Commands that look at every case use Each instead, which holds one case at a
// time.
func (r *Repo) LoadAll(o LoadOptions) ([]*casefile.Case, []casefile.Problem, error) {
	ids, err := r.CaseIDs()
	if err != nil {
		return nil, nil, err
	}
	cases := make([]*casefile.Case, 0, len(ids))
	var ps []casefile.Problem
	err = r.Each(ids, o, func(c *casefile.Case, cps []casefile.Problem) error {
		cases = append(cases, c)
		ps = append(ps, cps...)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return cases, ps, nil
}

// StrayEntries lists what sits in cases/ but is not a case folder.
func (r *Repo) StrayEntries() ([]casefile.Problem, error) {
	ents, err := os.ReadDir(r.Abs(CasesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return []casefile.Problem{{Path: CasesDir, Msg: "missing: a case repository keeps its cases in cases/ (mkdir cases)"}}, nil
	}
	if err != nil {
		return nil, err
	}
	var ps []casefile.Problem
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if !e.IsDir() || !IsID(e.Name()) {
			ps = append(ps, casefile.Problem{Path: CasesDir + "/" + e.Name(),
				Msg: "not a case folder: case folders are named by id, like 2026-11-22-k7f3m", Warning: true})
		}
	}
	return ps, nil
}
