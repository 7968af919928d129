package caseload

import (
	"math"
	"sort"
	"strconv"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/plan"
)

// The checks of the weekly caseload review (domain-reference §9.3). Their codes are what
// `review --fail-on` takes.
const (
	CheckContactOverdue     = "contact_overdue"
	CheckRiskReviewDue      = "risk_review_due"
	CheckSafetyPlanMissing  = "safety_plan_missing"
	CheckPlanMissing        = "plan_missing"
	CheckPlanNotAgreed      = "plan_not_agreed"
	CheckPlanReviewDue      = "plan_review_due"
	CheckTaskOverdue        = "task_overdue"
	CheckObjectiveOverdue   = "objective_overdue"
	CheckReferralNoNews     = "referral_no_news"
	CheckReferralNotStarted = "referral_not_started"
	CheckReferralLoopOpen   = "referral_loop_open"
	CheckConsentExpiring    = "consent_expiring"
	CheckIntakePending      = "intake_pending"
	CheckOpenLong           = "open_long"
	CheckLostContact        = "lost_contact"
	CheckLateDocumentation  = "late_documentation"
)

// Checks lists every check, in the order reports present them.
var Checks = []string{
	CheckContactOverdue, CheckRiskReviewDue, CheckSafetyPlanMissing, CheckPlanMissing, CheckPlanNotAgreed,
	CheckPlanReviewDue, CheckTaskOverdue, CheckObjectiveOverdue, CheckReferralNoNews, CheckReferralNotStarted,
	CheckReferralLoopOpen, CheckConsentExpiring, CheckIntakePending, CheckOpenLong, CheckLostContact,
	CheckLateDocumentation,
}

// Finding is one thing the review found in one case.
type Finding struct {
	Check   string `json:"check"`
	CaseID  string `json:"case"`
	Worker  string `json:"worker"`
	Risk    string `json:"risk"`
	Days    int    `json:"days_overdue"`
	Subject string `json:"subject,omitempty"` // the entry concerned: a goal, task, referral or note id
	Detail  string `json:"detail"`            // in English
	// Key and Args are the detail as a report words it in its language (see Details).
	Key  string            `json:"detail_key,omitempty"`
	Args map[string]string `json:"detail_args,omitempty"` // by name; ArgTypes gives their types
}

// WorkerLine sums up one worker's caseload and findings.
type WorkerLine struct {
	Worker   string         `json:"worker"`
	Open     int            `json:"open_cases"`
	HighRisk int            `json:"high_or_critical"`
	Findings int            `json:"findings"`
	ByCheck  map[string]int `json:"by_check"`
}

// Indicators are the week's figures.
type Indicators struct {
	OpenCases            int `json:"open_cases"`
	NewThisWeek          int `json:"new_this_week"`
	NewLastWeek          int `json:"new_last_week"`
	ClosedThisWeek       int `json:"closed_this_week"`
	ClosedLastWeek       int `json:"closed_last_week"`
	ReferralsCompleted14 int `json:"referrals_completed_14_days"`
	ReferralsDeclined14  int `json:"referrals_declined_14_days"`
}

// Review is the weekly caseload review as of a date.
type Review struct {
	AsOf       dates.Date   `json:"as_of"`
	Findings   []Finding    `json:"findings"`
	Workers    []WorkerLine `json:"workers"`
	Indicators Indicators   `json:"indicators"`
}

// ReviewOptions narrows the review.
type ReviewOptions struct {
	Worker string   // only this worker's cases
	Cases  []string // only these cases
}

// CaseloadReview computes the review: a pure function of the cases, the date and the rules, so
// the same files and date give the same review, byte for byte, whenever it is run.
func CaseloadReview(cases []*casefile.Case, asOf dates.Date, cfg casefile.Config, o ReviewOptions) Review {
	b := NewReviewBuilder(asOf, o)
	for _, c := range cases {
		if b.Wants(c.ID) {
			b.Add(ReviewCase(c, asOf, cfg))
		}
	}
	return b.Review()
}

// CaseResult is one case's part in the caseload review: derived, non-identifying facts only
// (dates, codes, counts, ids), so that it may be kept in a cache. Open cases bring their
// findings; the others only count in the week's figures.
type CaseResult struct {
	ID                   string     `json:"id"`
	In                   bool       `json:"in"` // the case has a status as of the date
	Status               string     `json:"status"`
	Worker               string     `json:"worker"`
	Risk                 string     `json:"risk"`
	OpenedOn             dates.Date `json:"opened_on"`
	ClosedOn             dates.Date `json:"closed_on"`
	ReferralsCompleted14 int        `json:"referrals_completed_14"`
	ReferralsDeclined14  int        `json:"referrals_declined_14"`
	Findings             []Finding  `json:"findings"`
}

// ReviewCase computes one case's part in the review. For a case that is not open (as Derive
// says from its status entries alone) it needs only the intake, the decisions, closures and
// reopenings (StatusParts), and the referrals with their updates. The result does not depend on
// the options of the review: the builder applies them.
func ReviewCase(c *casefile.Case, asOf dates.Date, cfg casefile.Config) CaseResult {
	res := CaseResult{ID: c.ID}
	if c.Intake == nil {
		return res
	}
	st := Derive(c, asOf)
	if st.Status == "" {
		return res
	}
	res.In, res.Status, res.Worker, res.OpenedOn, res.ClosedOn = true, st.Status, st.Worker, st.OpenedOn, st.ClosedOn
	for _, r := range Referrals(c, asOf) {
		if asOf.DaysSince(r.Since) < 14 {
			switch r.Status {
			case "completed":
				res.ReferralsCompleted14++
			case "declined":
				res.ReferralsDeclined14++
			}
		}
	}
	if !IsOpen(st.Status) {
		return res
	}
	res.Risk = st.Risk
	for _, f := range caseFindings(c, st, asOf, cfg) {
		f.CaseID, f.Worker, f.Risk = c.ID, st.Worker, st.Risk
		res.Findings = append(res.Findings, f)
	}
	return res
}

// ReviewBuilder sums case results into the review, one case at a time, so that a caseload is
// reviewed without holding every case in memory.
type ReviewBuilder struct {
	rv                       Review
	worker                   string
	only                     map[string]bool
	workers                  map[string]*WorkerLine
	weekStart, lastWeekStart dates.Date
}

// NewReviewBuilder starts a review as of a date.
func NewReviewBuilder(asOf dates.Date, o ReviewOptions) *ReviewBuilder {
	b := &ReviewBuilder{rv: Review{AsOf: asOf, Findings: []Finding{}}, worker: o.Worker, only: map[string]bool{}, workers: map[string]*WorkerLine{},
		weekStart: asOf.AddDays(-6), lastWeekStart: asOf.AddDays(-13)} // the 7 days ending asOf, and the 7 before
	for _, id := range o.Cases {
		b.only[id] = true
	}
	return b
}

// Wants says whether the review looks at a case at all (--case narrows it).
func (b *ReviewBuilder) Wants(id string) bool { return len(b.only) == 0 || b.only[id] }

// Counts says whether a case's result counts in the review: it has a status as of the date, and
// passes --case and --worker.
func (b *ReviewBuilder) Counts(res CaseResult) bool {
	return res.In && b.Wants(res.ID) && (b.worker == "" || res.Worker == b.worker)
}

// Add counts one case's result.
func (b *ReviewBuilder) Add(res CaseResult) {
	if !b.Counts(res) {
		return
	}
	in := &b.rv.Indicators
	if !res.OpenedOn.Before(b.weekStart) {
		in.NewThisWeek++
	} else if !res.OpenedOn.Before(b.lastWeekStart) {
		in.NewLastWeek++
	}
	if res.Status == Closed {
		if !res.ClosedOn.Before(b.weekStart) {
			in.ClosedThisWeek++
		} else if !res.ClosedOn.Before(b.lastWeekStart) {
			in.ClosedLastWeek++
		}
	}
	in.ReferralsCompleted14 += res.ReferralsCompleted14
	in.ReferralsDeclined14 += res.ReferralsDeclined14
	if !IsOpen(res.Status) {
		return
	}
	in.OpenCases++
	w := b.workers[res.Worker]
	if w == nil {
		w = &WorkerLine{Worker: res.Worker, ByCheck: map[string]int{}}
		b.workers[res.Worker] = w
	}
	w.Open++
	if casefile.RiskRank(res.Risk) >= casefile.RiskRank("high") {
		w.HighRisk++
	}
	for _, f := range res.Findings {
		b.rv.Findings = append(b.rv.Findings, f)
		w.Findings++
		w.ByCheck[f.Check]++
	}
}

// Review sorts and returns the review.
func (b *ReviewBuilder) Review() Review {
	rv := b.rv
	sort.SliceStable(rv.Findings, func(i, j int) bool {
		a, b := rv.Findings[i], rv.Findings[j]
		if ra, rb := casefile.RiskRank(a.Risk), casefile.RiskRank(b.Risk); ra != rb {
			return ra > rb
		}
		if a.Days != b.Days {
			return a.Days > b.Days
		}
		if a.CaseID != b.CaseID {
			return a.CaseID < b.CaseID
		}
		if a.Check != b.Check {
			return checkOrder(a.Check) < checkOrder(b.Check)
		}
		return a.Subject < b.Subject
	})
	for _, w := range b.workers {
		rv.Workers = append(rv.Workers, *w)
	}
	sort.Slice(rv.Workers, func(i, j int) bool { return rv.Workers[i].Worker < rv.Workers[j].Worker })
	if rv.Workers == nil {
		rv.Workers = []WorkerLine{}
	}
	return rv
}

func checkOrder(c string) int {
	for i, x := range Checks {
		if x == c {
			return i
		}
	}
	return len(Checks)
}

// Contact kinds that count as seeing the person; collateral, supervision and administrative
// notes do not.
var directKinds = map[string]bool{"contact": true, "crisis": true}

// failedOutcomes are attempts that did not reach the person.
var failedOutcomes = map[string]bool{"attempted_no_answer": true, "client_did_not_attend": true}

func caseFindings(c *casefile.Case, st State, asOf dates.Date, cfg casefile.Config) []Finding {
	var out []Finding
	add := func(check string, days int, subject, key string, kv ...string) {
		out = append(out, newFinding(check, days, subject, key, kv...))
	}
	rules := cfg.Review
	started := episodeAccepted(c, st, asOf)

	// Contact frequency by current risk: only completed direct contacts reset the clock.
	if st.Status == Accepted {
		last, ok := lastCompletedContact(c, asOf, started)
		from := started
		if ok {
			from = last
		}
		if freq, set := cfg.ContactFrequency[st.Risk]; set && freq > 0 {
			if gap := asOf.DaysSince(from); gap > freq {
				key := DetailContactOverdue
				if !ok {
					key = DetailContactOverdueNever
				}
				add(CheckContactOverdue, gap-freq, "", key, "since", from.String(), "level", st.Risk, "every", strconv.Itoa(freq))
			}
		}
	}
	// Risk reviews.
	latest := LatestRisks(c, asOf)
	for _, d := range casefile.Enums["risk_domain"] {
		r, ok := latest[d]
		if !ok {
			continue
		}
		// A review date that has passed, or a high risk left unassessed too long: a distant review
		// date does not silence the second rule.
		byDate, byAge := 0, 0
		if !r.NextReview.IsZero() && r.NextReview.Before(asOf) {
			byDate = asOf.DaysSince(r.NextReview)
		}
		if casefile.RiskRank(r.Level) >= casefile.RiskRank("high") && rules.RiskReviewDays > 0 && asOf.DaysSince(r.On) > rules.RiskReviewDays {
			byAge = asOf.DaysSince(r.On) - rules.RiskReviewDays
		}
		switch {
		case byDate > 0:
			add(CheckRiskReviewDue, byDate, d, DetailRiskReviewDue, "domain", d, "level", r.Level, "due", r.NextReview.String())
		case byAge > 0:
			add(CheckRiskReviewDue, byAge, d, DetailRiskReviewDueAge, "domain", d, "level", r.Level, "on", r.On.String())
		}
	}
	for _, r := range MissingSafetyPlan(c, asOf) {
		add(CheckSafetyPlanMissing, asOf.DaysSince(r.On), r.Domain, DetailSafetyPlanMissing,
			"domain", r.Domain, "level", r.Level, "since", r.On.String())
	}
	// The plan.
	p := c.Plan
	if p != nil && p.CreatedOn.After(asOf) {
		p = nil
	}
	if st.Status == Accepted {
		if p == nil || len(p.Goals) == 0 {
			if rules.PlanMissingDays > 0 && asOf.DaysSince(started) > rules.PlanMissingDays {
				add(CheckPlanMissing, asOf.DaysSince(started)-rules.PlanMissingDays, "", DetailPlanMissing, "on", started.String())
			}
		} else {
			if p.Agreement == nil || p.Agreement.On.After(asOf) {
				add(CheckPlanNotAgreed, asOf.DaysSince(p.CreatedOn), "", DetailPlanNotAgreed, "on", p.CreatedOn.String())
			}
			// The plan's review date, unless a plan review since set the next one; without
			// either, plan_review_days after the plan (or its last review).
			due := p.ReviewOn
			last := lastPlanChange(p, asOf)
			if rv := latestReview(c, asOf, "plan_review"); rv != nil && !rv.Date.Before(last) {
				last, due = rv.Date, rv.NextReview
			}
			if due.IsZero() && rules.PlanReviewDays > 0 {
				due = last.AddDays(rules.PlanReviewDays)
			}
			if !due.IsZero() && due.Before(asOf) {
				add(CheckPlanReviewDue, asOf.DaysSince(due), "", DetailPlanReviewDue, "due", due.String())
			}
			for _, o := range plan.Overdue(p, asOf) {
				check, key := CheckTaskOverdue, DetailTaskOverdue
				if o.Kind == "objective" {
					check, key = CheckObjectiveOverdue, DetailObjectiveOverdue
				}
				add(check, o.Days, o.ID, key, "id", o.ID, "goal", o.Goal, "due", o.Due.String())
			}
		}
	}
	// Referrals and consents.
	active := map[string]bool{}
	for _, r := range Referrals(c, asOf) {
		days := asOf.DaysSince(r.Since)
		id := r.Referral.ID
		switch r.Status {
		case "sent", "received":
			if rules.ReferralNoNewsDays > 0 && days > rules.ReferralNoNewsDays {
				add(CheckReferralNoNews, days-rules.ReferralNoNewsDays, id, DetailReferralNoNews, referralArgs(id, r.Status, r.Since)...)
			}
		case "accepted", "waitlisted":
			if rules.ReferralNotStartedDays > 0 && days > rules.ReferralNotStartedDays {
				add(CheckReferralNotStarted, days-rules.ReferralNotStartedDays, id, DetailReferralNotStarted, referralArgs(id, r.Status, r.Since)...)
			}
		case "completed", "not_completed", "declined":
			if !r.LoopClosed {
				add(CheckReferralLoopOpen, days, id, DetailReferralLoopOpen, referralArgs(id, r.Status, r.Since)...)
			}
		}
		switch r.Status {
		case "draft", "sent", "received", "accepted", "waitlisted", "in_progress":
			if r.Consent != "" {
				active[r.Consent] = true
			}
		}
	}
	for _, k := range Consents(c, asOf) {
		exp := k.Consent.V.ExpiresOn
		if !active[k.Consent.ID] || exp.IsZero() || k.Status == "revoked" {
			continue
		}
		left := exp.DaysSince(asOf)
		if k.Status == "expired" || (k.Status == "active" && left <= rules.ConsentExpiryWarningDays) {
			add(CheckConsentExpiring, max(0, -left), k.Consent.ID, DetailConsentExpiring, "id", k.Consent.ID, "on", exp.String())
		}
	}
	for _, k := range Consents(c, asOf) {
		if active[k.Consent.ID] && k.Status == "revoked" {
			add(CheckConsentExpiring, asOf.DaysSince(k.RevokedOn), k.Consent.ID, DetailConsentRevoked, "id", k.Consent.ID, "on", k.RevokedOn.String())
		}
	}
	// Intake, length, contact.
	if st.Status == Screening && rules.IntakeDecisionDays > 0 {
		if d := asOf.DaysSince(c.Intake.ReceivedOn); d > rules.IntakeDecisionDays {
			add(CheckIntakePending, d-rules.IntakeDecisionDays, "", DetailIntakePending, "on", c.Intake.ReceivedOn.String())
		}
	}
	if len(rules.LongOpenDays) > 0 {
		open := asOf.DaysSince(st.EpisodeStart)
		limit := 0
		for _, l := range rules.LongOpenDays {
			if open > l && l > limit {
				limit = l
			}
		}
		if limit > 0 {
			add(CheckOpenLong, open-limit, "", DetailOpenLong, "days", strconv.Itoa(open), "limit", strconv.Itoa(limit))
		}
	}
	if n, since := failedAttempts(c, asOf, rules.LostContactWindowDays); rules.LostContactAttempts > 0 && n >= rules.LostContactAttempts {
		add(CheckLostContact, asOf.DaysSince(since), "", DetailLostContact, "count", strconv.Itoa(n), "since", since.String())
	}
	for _, n := range c.Notes {
		x := n.V
		written := dates.FromTime(x.RecordedAt)
		if written.After(asOf) || asOf.DaysSince(written) > 6 || rules.LateDocumentationHours <= 0 {
			continue
		}
		if gap := x.RecordedAt.Sub(x.Contact.At).Hours(); gap > float64(rules.LateDocumentationHours) && x.Amends == "" {
			past := int(math.Ceil((gap - float64(rules.LateDocumentationHours)) / 24))
			add(CheckLateDocumentation, past, n.ID, DetailLateDocumentation, "id", n.ID,
				"hours", strconv.FormatFloat(gap, 'f', 0, 64), "on", dates.FromTime(x.Contact.At).String())
		}
	}
	return append(out, erasureFindings(c, asOf)...)
}

// referralArgs are the arguments of a referral's detail: its id, status and since when.
func referralArgs(id string, status string, since dates.Date) []string {
	return []string{"id", id, "status", status, "since", since.String()}
}

// episodeAccepted is when the current episode's work began: the acceptance (or the reopening).
func episodeAccepted(c *casefile.Case, st State, asOf dates.Date) dates.Date {
	start := st.EpisodeStart
	for _, ev := range Timeline(c) {
		if !asOf.IsZero() && ev.On.After(asOf) {
			break
		}
		if ev.On.Before(st.EpisodeStart) {
			continue
		}
		if (ev.Kind == EvIntake || ev.Kind == EvDecision) && ev.Decision.Decision == "accept" {
			if !ev.Decision.DecidedOn.IsZero() {
				return ev.Decision.DecidedOn
			}
			return ev.On
		}
	}
	return start
}

func lastCompletedContact(c *casefile.Case, asOf, since dates.Date) (dates.Date, bool) {
	var last dates.Date
	ok := false
	for _, n := range c.Notes {
		d := dates.FromTime(n.V.Contact.At)
		if d.After(asOf) || d.Before(since) || !directKinds[n.V.Kind] || n.V.Contact.Outcome != "completed" || n.V.Amends != "" {
			continue
		}
		if !ok || d.After(last) {
			last, ok = d, true
		}
	}
	return last, ok
}

// failedAttempts counts failed attempts within the window that no completed contact followed.
func failedAttempts(c *casefile.Case, asOf dates.Date, window int) (int, dates.Date) {
	last, _ := lastCompletedContact(c, asOf, dates.Date{})
	n := 0
	var first dates.Date
	for _, x := range c.Notes {
		d := dates.FromTime(x.V.Contact.At)
		if d.After(asOf) || asOf.DaysSince(d) > window || !directKinds[x.V.Kind] || !failedOutcomes[x.V.Contact.Outcome] ||
			!d.After(last) || x.V.Amends != "" {
			continue
		}
		n++
		if first.IsZero() || d.Before(first) {
			first = d
		}
	}
	return n, first
}

func lastPlanChange(p *casefile.Plan, asOf dates.Date) dates.Date {
	d := p.CreatedOn
	if p.Agreement != nil && p.Agreement.On.After(d) && !p.Agreement.On.After(asOf) {
		d = p.Agreement.On
	}
	return d
}

// latestReview is the latest case review of a type dated on or before asOf.
func latestReview(c *casefile.Case, asOf dates.Date, typ string) *casefile.CaseReview {
	var out *casefile.CaseReview
	for _, r := range c.Reviews {
		x := r.V
		if x.Type != typ || x.Date.After(asOf) {
			continue
		}
		if out == nil || x.Date.After(out.Date) || (x.Date == out.Date && x.RecordedAt.After(out.RecordedAt)) {
			out = x
		}
	}
	return out
}
