package review

import (
	"github.com/casework/casework/pkg/cache"
	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
)

// reviewParts are what a case that is not open brings to the review: its status entries, and
// its referrals for the week's figures.
var reviewParts = repo.Either(repo.StatusParts, repo.Parts("referrals", "referral-updates"))

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
// its findings are taken. It returns the review and the number of errors in the files read.
func scan(r *repo.Repo, rules casefile.Rules, asOf dates.Date, o caseload.ReviewOptions, useCache bool) (caseload.Review, int, error) {
	ids, err := r.CaseIDs()
	if err != nil {
		return caseload.Review{}, 0, err
	}
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
	err = repo.Stream(len(want), func(i int) scanned {
		v, err := scanCase(r, rules, asOf, b, store, want[i])
		return scanned{v, err}
	}, func(s scanned) error {
		if s.err != nil {
			return s.err
		}
		nerr += s.Errs
		b.Add(s.R)
		return nil
	})
	if err != nil {
		return caseload.Review{}, 0, err
	}
	if useCache {
		if len(o.Cases) == 0 {
			store.Keep(ids)
		}
		_ = store.Save() // a cache not written is rebuilt next time

	}
	return b.Review(), nerr, nil
}

func isOpen(res caseload.CaseResult) bool { return res.In && caseload.IsOpen(res.Status) }

// scanCase is one case's part in the review. Fingerprints are taken before the files are read,
// so that a file changed in between makes the entry stale, never wrong.
func scanCase(r *repo.Repo, rules casefile.Rules, asOf dates.Date, b *caseload.ReviewBuilder, store *cache.Store[cached], id string) (cached, error) {
	light, err := r.Fingerprint(id, reviewParts)
	if err != nil {
		return cached{}, err
	}
	e, hit := store.Get(id)
	hit = hit && e.Light == light
	if hit && (!isOpen(e.V.R) || !b.Counts(e.V.R)) {
		return e.V, nil
	}
	var full repo.Fingerprint
	if hit {
		if full, err = r.Fingerprint(id, nil); err != nil {
			return cached{}, err
		}
		if e.Full != nil && *e.Full == full {
			return e.V, nil
		}
	}
	c, ps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Only: reviewParts})
	if err != nil {
		return cached{}, err
	}
	v := cached{R: caseload.ReviewCase(c, asOf, rules.Config), Errs: countErrors(ps)}
	if !isOpen(v.R) || !b.Counts(v.R) {
		store.Put(id, cache.Entry[cached]{Light: light, V: v})
		return v, nil
	}
	if !hit {
		if full, err = r.Fingerprint(id, nil); err != nil {
			return cached{}, err
		}
	}
	rest, rps, err := r.LoadCase(id, repo.LoadOptions{Rules: rules, Only: repo.Not(reviewParts)})
	if err != nil {
		return cached{}, err
	}
	repo.Merge(c, rest)
	v = cached{R: caseload.ReviewCase(c, asOf, rules.Config), Errs: v.Errs + countErrors(rps)}
	store.Put(id, cache.Entry[cached]{Light: light, Full: &full, V: v})
	return v, nil
}

func countErrors(ps []casefile.Problem) int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}
