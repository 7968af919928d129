// Package plan is the arithmetic and the rules of a case's intervention plan (domain-reference
// §3 and §4): the Goal Attainment Scaling T-score, SMART warnings, what is overdue as of a date,
// and the helpers that change a plan while keeping its ids stable and its history whole.
//
// It is pure: no files, no terminal, no clock. What is derived here (overdue items, the
// T-score, warnings) is computed when asked and never written to the plan.
package plan

import (
	"errors"
	"fmt"
	"math"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
)

// DefaultRho is the average correlation between goal scores that Kiresuk and Sherman assumed.
const DefaultRho = 0.3

// TScore is the Kiresuk–Sherman Goal Attainment T-score (domain-reference §4.2):
//
//	T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²)
//
// levels are the attained levels xᵢ (−2 … +2), weights the goals' weights wᵢ (> 0), rho the
// assumed correlation between goal scores (0 ≤ ρ ≤ 1, usually 0.3). T = 50 means "on average
// as expected", with a standard deviation of 10.
func TScore(levels []int, weights []float64, rho float64) (float64, error) {
	if len(levels) == 0 {
		return 0, errors.New("no goal scores: a T-score needs at least one scored goal")
	}
	if len(levels) != len(weights) {
		return 0, fmt.Errorf("%d levels but %d weights: give one weight per scored goal", len(levels), len(weights))
	}
	if math.IsNaN(rho) || rho < 0 || rho > 1 {
		return 0, fmt.Errorf("rho %v is outside 0 … 1", rho)
	}
	var sumWX, sumW, sumW2 float64
	for i, x := range levels {
		w := weights[i]
		if x < -2 || x > 2 {
			return 0, fmt.Errorf("goal %d: level %d is outside -2 … +2", i+1, x)
		}
		if !(w > 0) || math.IsInf(w, 0) {
			return 0, fmt.Errorf("goal %d: weight %v must be a number above 0", i+1, w)
		}
		sumWX += w * float64(x)
		sumW += w
		sumW2 += w * w
	}
	den := math.Sqrt((1-rho)*sumW2 + rho*sumW*sumW)
	return 50 + 10*sumWX/den, nil
}

// LatestScore is a goal's last score dated on or before asOf (a zero asOf takes every score).
// Of two scores on the same date, the one written later wins.
func LatestScore(g *casefile.Goal, asOf dates.Date) (casefile.GASScore, bool) {
	var (
		best  casefile.GASScore
		found bool
	)
	if g == nil || g.GAS == nil {
		return best, false
	}
	for _, s := range g.GAS.Scores {
		if !asOf.IsZero() && s.On.After(asOf) {
			continue
		}
		if !found || !s.On.Before(best.On) {
			best, found = s, true
		}
	}
	return best, found
}

// Attainment is the plan's T-score as of a date: each goal with a GAS scale counts with its
// latest score dated on or before asOf and its gas.weight. Goals with no score yet are left out
// (never counted as 0); n says how many goals were scored. ok is false when none was, or when
// the plan holds a score the formula refuses (a level outside −2 … +2, a weight not above 0).
func Attainment(p *casefile.Plan, asOf dates.Date, rho float64) (t float64, n int, ok bool) {
	if p == nil {
		return 0, 0, false
	}
	var levels []int
	var weights []float64
	for i := range p.Goals {
		g := &p.Goals[i]
		s, found := LatestScore(g, asOf)
		if !found {
			continue
		}
		levels = append(levels, s.Level)
		weights = append(weights, g.GAS.Weight)
	}
	if len(levels) == 0 {
		return 0, 0, false
	}
	t, err := TScore(levels, weights, rho)
	if err != nil {
		return 0, 0, false
	}
	return t, len(levels), true
}

// HasFullScale reports whether a goal has a GAS scale with its five levels written, which
// scoring needs.
func HasFullScale(g *casefile.Goal) bool {
	return len(MissingLevels(g)) == 0
}

// MissingLevels lists the GAS levels a goal has not described yet ("-2" … "2"); all five when
// the goal has no scale.
func MissingLevels(g *casefile.Goal) []string {
	var out []string
	for _, l := range casefile.GASLevels {
		if g == nil || g.GAS == nil || g.GAS.Levels[l] == "" {
			out = append(out, l)
		}
	}
	return out
}
