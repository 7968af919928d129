package review

import (
	"strings"

	"github.com/casework/casework/pkg/cache"
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
)

// referralParts are the referrals of a case and their updates.
var referralParts = repo.Parts("referrals", "referral-updates")

// reviewParts are what a case that is not open may bring to the review: its status entries, and
// its referrals for the week's figures.
var reviewParts = repo.Either(repo.StatusParts, referralParts)

// registry is the people registry, plain or encrypted: the review prints no name, and reads none.
var registry = repo.Parts("people.yaml", "people.yaml.age")

// openParts are the files of an open case the review reads after its status entries.
var openParts = func(name string) bool { return !repo.StatusParts(name) && !registry(name) }

// cached is a case's part in the review as kept in the cache: derived facts only (dates, codes,
// counts, ids; no names, no note text), with the number of errors found in the files read.
type cached struct {
	R    caseload.CaseResult `json:"r"`
	Errs int                 `json:"e"`
}

// scanned is one case's result with how it was obtained.
type scanned struct {
	cached
	err error
}

// scan reviews the caseload one case at a time, several at once: the status entries and
// referrals of each case first (from the cache when the stat walk shows none of those files
// changed), and every other file only for an open case the review counts (again from the cache
// when nothing in the case folder changed). Cases are not held in memory: each is dropped once
// its findings are taken. It returns the review, the open cases it counts and the number of
// errors in the files read.
func scan(r *repo.Repo, rules casefile.Rules, asOf dates.Date, o caseload.ReviewOptions, useCache bool) (caseload.Review, []string, int, error) {
	ids, err := r.CaseIDs()
	if err != nil {
		return caseload.Review{}, nil, 0, err
	}
	defer cmdutil.ScanGC()()
	b := caseload.NewReviewBuilder(asOf, o)
	var store *cache.Store[cached]
	if useCache {
		store = cache.Open[cached](r, "review", cache.Key("review", cache.Build(), rules.Config, asOf))
	}
	var want []string
	for _, id := range ids {
		if b.Wants(id) {
			want = append(want, id)
		}
	}
	nerr := 0
	var covered []string // the open cases the review counts, in id order
	err = repo.Stream(len(want), func(i int) scanned {
		v, err := scanCase(r, rules, asOf, b, store, want[i])
		return scanned{v, err}
	}, func(s scanned) error {
		if s.err != nil {
			return s.err
		}
		nerr += s.Errs
		if isOpen(s.R) && b.Counts(s.R) {
			covered = append(covered, s.R.ID)
		}
		b.Add(s.R)
		return nil
	})
	if err != nil {
		return caseload.Review{}, nil, 0, err
	}
	if useCache {
		if len(o.Cases) == 0 {
			store.Keep(ids)
		}
		_ = store.Save() // a cache not written is rebuilt next time

	}
	return b.Review(), covered, nerr, nil
}

func isOpen(res caseload.CaseResult) bool { return res.In && caseload.IsOpen(res.Status) }

// scanCase is one case's part in the review. Fingerprints are taken before the files are read,
// so that a file changed in between makes the entry stale, never wrong.
func scanCase(r *repo.Repo, rules casefile.Rules, asOf dates.Date, b *caseload.ReviewBuilder, store *cache.Store[cached], id string) (cached, error) {
	e, hit := store.Get(id)
	// An open case counted last time: its fingerprint over every file tells at once.
	if hit && e.Full != nil && isOpen(e.V.R) && b.Counts(e.V.R) {
		full, err := r.Fingerprint(id, nil)
		if err != nil {
			return cached{}, err
		}
		if *e.Full == full {
			return e.V, nil
		}
	}
	recent := false // a referral or update may count in the week's figures (recentReferral)
	from := asOf.AddDays(-13).String()
	light, err := r.FingerprintVisit(id, reviewParts, func(rel string) {
		recent = recent || recentReferral(rel, from)
	})
	if err != nil {
		return cached{}, err
	}
	hit = hit && e.Light == light
	if hit && (!isOpen(e.V.R) || !b.Counts(e.V.R)) {
		return e.V, nil
	}
	c, ps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Only: repo.StatusParts})
	if err != nil {
		return cached{}, err
	}
	nerr := cmdutil.CountErrors(ps)
	v := cached{R: caseload.ReviewCase(c, asOf, rules.Config), Errs: nerr}
	if !isOpen(v.R) && !recent {
		store.Put(id, cache.Entry[cached]{Light: light, V: v})
		return v, nil
	}
	if !isOpen(v.R) || !b.Counts(v.R) {
		// Not open, or not counted: its referrals may count in the week's figures.
		refs, rps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Only: referralParts})
		if err != nil {
			return cached{}, err
		}
		repo.Merge(c, refs)
		v = cached{R: caseload.ReviewCase(c, asOf, rules.Config), Errs: nerr + cmdutil.CountErrors(rps)}
		store.Put(id, cache.Entry[cached]{Light: light, V: v})
		return v, nil
	}
	// An open case the review counts: every other file (the fingerprint of all of them first).
	again, full, err := r.Fingerprints(id, reviewParts)
	if err != nil {
		return cached{}, err
	}
	rest, rps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Only: openParts})
	if err != nil {
		return cached{}, err
	}
	repo.Merge(c, rest)
	v = cached{R: caseload.ReviewCase(c, asOf, rules.Config), Errs: nerr + cmdutil.CountErrors(rps)}
	// The status entries were read before the fingerprint of every file was taken: kept only if
	// they did not change in between.
	if again == light {
		store.Put(id, cache.Entry[cached]{Light: light, Full: &full, V: v})
	}
	return v, nil
}

// recentReferral says, from its name alone, whether a file of a case's referrals/ or
// referral-updates/ folder may count in the week's figures (a referral completed or declined in
// the 14 days ending asOf, that is from the date from): entries are named by the date they record
// (repo.NewID), so a referral or update named earlier than that fortnight cannot. A name that is
// not an entry id is read, to be reported.
func recentReferral(rel, from string) bool {
	dir, name, _ := strings.Cut(rel, "/")
	if dir != "referrals" && dir != "referral-updates" {
		return false
	}
	return !repo.IsID(strings.TrimSuffix(name, ".yaml")) || name[:10] >= from
}
