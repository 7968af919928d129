package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/instrument"
	"github.com/casework/casework/pkg/plan"
)

// caseFile is one file of a case folder, its path relative to the folder.
type caseFile struct {
	rel  string
	data []byte
}

// caseGen writes one case from its plan and its own random source.
type caseGen struct {
	c     casePlan
	team  staff
	today dates.Date
	rules casefile.Rules
	defs  map[string]*instrument.Definition
	r     *rand.Rand
	ids   map[string]bool
	files []caseFile
	err   error

	start, end dates.Date // ordinary entries fall in [start, end]
	people     []casefile.Person
	client     casefile.Person
	relatives  []casefile.Person
	first      string // the client's first name, for the text
}

func newCaseGen(c casePlan, team staff, today dates.Date, rules casefile.Rules, defs map[string]*instrument.Definition) *caseGen {
	g := &caseGen{c: c, team: team, today: today, rules: rules, defs: defs,
		r: rand.New(rand.NewPCG(c.seed, 0xca5e)), ids: map[string]bool{}}
	g.start = c.received
	g.end = today.AddDays(-1)
	if !c.open {
		g.end = c.closeOn.AddDays(-1)
	}
	if g.end.Before(g.start) {
		g.end = g.start
	}
	return g
}

// pick returns a random element.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted picks a key by weight; keys and weights are parallel.
func (g *caseGen) weighted(keys []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return keys[i]
		}
		n -= w
	}
	return keys[len(keys)-1]
}

func (g *caseGen) chance(p float64) bool { return g.r.Float64() < p }

// day is the date at fraction f of the case's span.
func (g *caseGen) day(f float64) dates.Date {
	span := g.end.DaysSince(g.start)
	return g.start.AddDays(int(f*float64(span) + 0.5))
}

// clamp keeps a date inside the case's span.
func (g *caseGen) clamp(d dates.Date) dates.Date {
	if d.Before(g.start) {
		return g.start
	}
	if d.After(g.end) {
		return g.end
	}
	return d
}

func at(d dates.Date, hour, minute int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, zone)
}

// entryID is a new id for an entry dated d, unique in the case.
func (g *caseGen) entryID(d dates.Date) string {
	for {
		id := d.String() + "-" + randomString(g.r, 6)
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

func (g *caseGen) personID() string {
	for {
		id := "P-" + randomString(g.r, 4)
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

func (g *caseGen) put(rel string, kind casefile.Kind, v any) {
	if g.err != nil {
		return
	}
	data, err := encode("cases/"+g.c.id+"/"+rel, kind, v, g.rules)
	if err != nil {
		g.err = err
		return
	}
	g.files = append(g.files, caseFile{rel, data})
}

func (g *caseGen) entry(d dates.Date, hour, minute int) casefile.Entry {
	return casefile.Entry{RecordedAt: at(d, hour, minute), RecordedBy: g.c.worker}
}

func (g *caseGen) sentence() string {
	s := pick(g.r, noteSentences)
	if strings.Contains(s, "%s") {
		s = fmt.Sprintf(s, g.first)
	}
	return s
}

func (g *caseGen) text(min, max int) string {
	n := min + g.r.IntN(max-min+1)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.sentence()
	}
	return strings.Join(parts, " ")
}

// someOf returns k distinct elements of xs, in xs's order.
func someOf[T any](r *rand.Rand, xs []T, k int) []T {
	idx := r.Perm(len(xs))[:min(k, len(xs))]
	sort.Ints(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// build writes the whole case, in the order its entries were made.
func (g *caseGen) build() ([]caseFile, error) {
	g.buildPeople()
	kind := g.intake()
	a1, needSafety := g.assessments(kind)
	if !needSafety.IsZero() {
		g.safetyPlan(needSafety)
	}
	p := g.plan(a1)
	consentID, recipients, cats := g.consent()
	g.referrals(consentID, recipients, cats)
	g.notes(p)
	g.review(p)
	if !g.c.open {
		g.closure()
	}
	return g.files, g.err
}

func (g *caseGen) newPerson(first, sur string) casefile.Person {
	return casefile.Person{ID: g.personID(), Kind: "person", Name: first + " " + sur}
}

func (g *caseGen) buildPeople() {
	sur := pick(g.r, surnames)
	g.first = pick(g.r, firstNames)
	client := g.newPerson(g.first, sur)
	born := g.today.AddDays(-(18*365 + g.r.IntN(60*365)))
	client.BirthDate = born
	client.Address = fmt.Sprintf("%d %s, %s", 1+g.r.IntN(120), pick(g.r, streets), pick(g.r, areas))
	client.Phone = fmt.Sprintf("07 %02d %02d %02d %02d", g.r.IntN(100), g.r.IntN(100), g.r.IntN(100), g.r.IntN(100))
	client.Languages = []string{g.weighted(languagesSpoken, []int{80, 12, 8})}
	client.Interpreter = client.Languages[0] != "en" && g.chance(0.3)
	g.client = client
	g.people = append(g.people, client)
	for range 1 + g.r.IntN(3) {
		if g.chance(0.7) {
			rel := pick(g.r, otherRelations)
			p := g.newPerson(pick(g.r, firstNames), sur)
			p.Relation = rel.relation
			if g.chance(0.5) {
				p.Phone = fmt.Sprintf("06 %02d %02d %02d %02d", g.r.IntN(100), g.r.IntN(100), g.r.IntN(100), g.r.IntN(100))
			}
			g.relatives = append(g.relatives, p)
			g.people = append(g.people, p)
		} else {
			pro := pick(g.r, professionals)
			p := g.newPerson(pick(g.r, firstNames), pick(g.r, surnames))
			p.Relation = pro.relation
			p.Organisation = pro.organisation
			p.Phone = fmt.Sprintf("01 %02d %02d %02d %02d", g.r.IntN(100), g.r.IntN(100), g.r.IntN(100), g.r.IntN(100))
			g.people = append(g.people, p)
		}
	}
	g.put("people.yaml", casefile.KindPeople, casefile.People{SchemaVersion: casefile.SchemaVersion, People: g.people})
}

var relationToRequester = map[string]string{
	"mother": "family_member", "father": "family_member", "son": "family_member", "daughter": "family_member",
	"partner": "family_member", "sister": "family_member", "brother": "family_member", "grandmother": "family_member", "aunt": "family_member",
}

// intake writes the intake (and, for about one case in seven, a screening decision taken a few
// days later) and returns the case kind.
func (g *caseGen) intake() string {
	R := g.start
	kind := "individual"
	if len(g.relatives) > 0 {
		kind = g.weighted([]string{"individual", "family", "group"}, []int{65, 30, 5})
	}
	in := casefile.Intake{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         g.entry(R, 10, g.r.IntN(60)),
		Kind:          kind,
		ReceivedOn:    R,
		Client:        g.client.ID,
		Source: g.weighted([]string{"self", "family_or_friend", "professional_health", "professional_social", "school", "outreach", "other"},
			[]int{40, 15, 15, 15, 8, 5, 2}),
		Engagement:    g.weighted([]string{"voluntary", "non_voluntary", "mandated"}, []int{85, 10, 5}),
		Request:       pick(g.r, requests),
		Priority:      g.weighted([]string{"routine", "urgent", "emergency"}, []int{70, 25, 5}),
		ImmediateRisk: g.weighted([]string{"none", "low", "moderate", "high"}, []int{35, 40, 20, 5}),
		Area:          pick(g.r, areas),
	}
	if kind == "family" {
		for _, p := range g.relatives {
			role := "other_relative"
			for _, x := range otherRelations {
				if x.relation == p.Relation {
					role = x.role
				}
			}
			in.Members = append(in.Members, casefile.Member{Person: p.ID, Role: role})
		}
	}
	if in.Source == "family_or_friend" && len(g.relatives) > 0 {
		in.Requester = &casefile.Requester{Person: g.relatives[0].ID, Relation: relationToRequester[g.relatives[0].Relation]}
	}
	if in.Engagement == "mandated" {
		in.Mandate = &casefile.Mandate{Authority: "Family court of the county (fictional)", Reference: fmt.Sprintf("FC-%d-%04d", R.Year(), g.r.IntN(10000)),
			EndsOn: R.AddDays(365)}
	}
	if in.Priority == "emergency" || in.ImmediateRisk == "high" {
		in.Emergency = &casefile.Emergency{Done: true, On: R, Description: "Emergency accommodation found for the night; on-call supervisor informed"}
	}
	decided := casefile.Decision{Decision: "accept", DecidedOn: R, DecidedBy: g.c.supervisor, Worker: g.c.worker, Supervisor: g.c.supervisor}
	later := g.end.After(R) && g.chance(0.15)
	if later {
		in.Decision = casefile.Decision{Decision: "pending"}
	} else {
		in.Decision = decided
	}
	g.put("intake.yaml", casefile.KindIntake, in)
	if later {
		on := g.clamp(R.AddDays(1 + g.r.IntN(4)))
		decided.DecidedOn = on
		d := casefile.DecisionEntry{SchemaVersion: casefile.SchemaVersion, Entry: g.entry(on, 15, g.r.IntN(60)), Decision: decided,
			Note: "Screened at the team meeting; accepted for follow-up"}
		g.put("decisions/"+g.entryID(on)+".yaml", casefile.KindDecision, d)
	}
	return kind
}

var domainKeys = func() []string {
	var ks []string
	for k := range domainSummaries {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}()

var riskDomains = []string{"housing_loss", "self_neglect", "substance_use", "domestic_violence", "medical", "exploitation", "other"}

// assessments writes the initial assessment and a reassessment, and returns the first one's date
// and the first date a high suicide or domestic-violence risk called for a safety plan (zero if none).
func (g *caseGen) assessments(kind string) (dates.Date, dates.Date) {
	var needSafety dates.Date
	var firstRisks []string
	d1 := g.clamp(g.day(0.06).AddDays(1))
	d2 := g.day(0.5)
	if g.c.open {
		d2 = g.day(0.8) // an open case was reassessed recently
	}
	if d2.Before(d1) {
		d2 = d1
	}
	for i, d := range []dates.Date{d1, d2} {
		a := casefile.Assessment{
			SchemaVersion: casefile.SchemaVersion,
			Entry:         g.entry(d, 14+i, g.r.IntN(60)),
			Date:          d,
			Type:          []string{"initial", "reassessment"}[i],
			Methods:       someOf(g.r, []string{"interview", "home_visit", "collateral_contact", "questionnaire", "standardised_instrument", "observation"}, 2+g.r.IntN(3)),
			Summary:       g.text(2, 4),
			Domains:       map[string]casefile.DomainRating{},
			Strengths:     someOf(g.r, strengthsList, 2+g.r.IntN(2)),
			Resources:     []string{pick(g.r, partnerAgencies).name},
		}
		for _, k := range someOf(g.r, domainKeys, 4+g.r.IntN(3)) {
			a.Domains[k] = casefile.DomainRating{Rating: 1 + g.r.IntN(5), Summary: pick(g.r, domainSummaries[k])}
		}
		domains := riskDomains
		if kind == "family" {
			domains = append(slices.Clone(riskDomains), "child_protection")
		}
		// The reassessment reviews every risk of the first assessment.
		picked := someOf(g.r, domains, 1+g.r.IntN(3))
		for _, dom := range firstRisks {
			if !slices.Contains(picked, dom) {
				picked = append(picked, dom)
			}
		}
		for _, dom := range picked {
			a.Risks = append(a.Risks, g.risk(dom, d))
		}
		// PHQ-9 at both assessments, GAD-7 at the first; item 9 above 0 now and then.
		phq := make([]int, 9)
		for j := range phq {
			phq[j] = g.r.IntN(4)
		}
		phq[8] = 0
		if g.chance(0.1) {
			phq[8] = 1 + g.r.IntN(2)
		}
		res, err := g.defs["phq9"].Record(phq, "en")
		if err != nil {
			g.err = err
			return d1, needSafety
		}
		a.Instruments = append(a.Instruments, res)
		if i == 0 {
			gad := make([]int, 7)
			for j := range gad {
				gad[j] = g.r.IntN(4)
			}
			res, err := g.defs["gad7"].Record(gad, "en")
			if err != nil {
				g.err = err
				return d1, needSafety
			}
			a.Instruments = append(a.Instruments, res)
			a.Ecomap = g.ecomap()
		}
		if slices.Contains(a.Instruments[0].Flags, casefile.FlagSuicideScreen) {
			// A positive item 9 is followed by a suicide risk record in the same assessment.
			k := slices.IndexFunc(a.Risks, func(rk casefile.Risk) bool { return rk.Domain == "suicide_self_harm" })
			if k < 0 {
				a.Risks = append(a.Risks, g.risk("suicide_self_harm", d))
				k = len(a.Risks) - 1
			}
			if casefile.RiskRank(a.Risks[k].Level) < casefile.RiskRank("moderate") {
				a.Risks[k].Level = "moderate"
			}
		}
		for _, rk := range a.Risks {
			if slices.Contains(caseload.SafetyPlanDomains, rk.Domain) && casefile.RiskRank(rk.Level) >= casefile.RiskRank("high") && needSafety.IsZero() {
				needSafety = d
			}
		}
		for _, rk := range a.Risks {
			if !slices.Contains(firstRisks, rk.Domain) {
				firstRisks = append(firstRisks, rk.Domain)
			}
		}
		g.put("assessments/"+g.entryID(d)+".yaml", casefile.KindAssessment, a)
	}
	return d1, needSafety
}

func (g *caseGen) risk(domain string, d dates.Date) casefile.Risk {
	return casefile.Risk{
		Domain:            domain,
		Level:             g.weighted(casefile.RiskLevels, []int{10, 40, 33, 14, 3}),
		RiskFactors:       someOf(g.r, riskFactors, 1+g.r.IntN(3)),
		ProtectiveFactors: someOf(g.r, protectiveFactors, 1+g.r.IntN(2)),
		Rationale:         "Weighed with the client and discussed in supervision",
		NextReview:        d.AddDays(14 + g.r.IntN(46)),
	}
}

func (g *caseGen) ecomap() *casefile.Ecomap {
	e := &casefile.Ecomap{}
	tie := func(id string) casefile.Tie {
		return casefile.Tie{System: id, Strength: pick(g.r, casefile.Enums["tie_strength"]),
			Quality: pick(g.r, casefile.Enums["tie_quality"]), Direction: pick(g.r, casefile.Enums["tie_direction"])}
	}
	for i, p := range g.people[1:] {
		id := fmt.Sprintf("s%d", i+1)
		typ := "family"
		if p.Organisation != "" {
			typ = "health"
		}
		e.Systems = append(e.Systems, casefile.EcoSystem{ID: id, Person: p.ID, Type: typ})
		e.Ties = append(e.Ties, tie(id))
	}
	for _, s := range []casefile.EcoSystem{{ID: "gp", Label: "Health centre (GP)", Type: "health"}, {ID: "benefits", Label: "Benefits office", Type: "benefits"}} {
		e.Systems = append(e.Systems, s)
		e.Ties = append(e.Ties, tie(s.ID))
	}
	return e
}

func (g *caseGen) safetyPlan(d dates.Date) {
	sp := casefile.SafetyPlan{
		SchemaVersion:    casefile.SchemaVersion,
		Entry:            g.entry(d, 16, 30+g.r.IntN(30)),
		Date:             d,
		WarningSigns:     []string{"Not sleeping for several nights", "Stopping answering the phone"},
		CopingStrategies: []string{"Walk by the river", "Music with headphones"},
		Distractions:     &casefile.Distractions{Places: []string{"The library", "The community café"}},
		Professionals:    []casefile.Contact{{Name: "Crisis line (fictional)", Phone: "0800 000 000", Hours: "24/7"}},
		MeansSafety:      []string{"Medicines kept by a relative"},
		WhereKept:        "On the fridge, and a photo on the phone",
		ClientAgreed:     true,
		ReviewOn:         d.AddDays(30),
	}
	if len(g.relatives) > 0 {
		sp.HelpPeople = []casefile.Contact{{Person: g.relatives[0].ID}}
	}
	g.put("safety-plans/"+g.entryID(d)+".yaml", casefile.KindSafetyPlan, sp)
}

// plan writes the intervention plan: 3 goals (2 or 3 with a GAS scale), 4 objectives and 8 tasks,
// and the history of its changes.
func (g *caseGen) plan(a1 dates.Date) *casefile.Plan {
	created := g.clamp(a1.AddDays(1 + g.r.IntN(5)))
	who := g.c.worker
	p := &casefile.Plan{SchemaVersion: casefile.SchemaVersion, UpdatedBy: who, CreatedOn: created,
		Agreement:     &casefile.Agreement{On: created, How: g.weighted([]string{"signed", "verbal", "written"}, []int{60, 30, 10}), CoBuilt: true},
		Resources:     []string{pick(g.r, partnerAgencies).name, "Family support"},
		Interventions: someOf(g.r, casefile.Enums["intervention"], 2+g.r.IntN(3)),
	}
	type change struct {
		at   time.Time
		what string
	}
	var changes []change
	add := func(t time.Time, what string) { changes = append(changes, change{t, what}) }
	t0 := at(created, 10, 0)
	closed := !g.c.open
	goalStatus := func() string {
		if closed {
			return g.weighted([]string{"achieved", "partially_achieved", "not_achieved"}, []int{55, 30, 15})
		}
		return g.weighted([]string{"active", "achieved", "proposed"}, []int{80, 15, 5})
	}
	others := []string{"client", "worker", "client", "worker"}
	for _, x := range g.people[1:] {
		others = append(others, x.ID)
	}
	tasksPer := [][]int{{3}, {2, 1}, {2}} // tasks per objective, per goal: 8 tasks, 4 objectives
	gi, oi, ti := 0, 0, 0
	for _, tmpl := range someOf(g.r, goalTemplates, 3) {
		gi++
		gid := fmt.Sprintf("G-%d", gi)
		goal := casefile.Goal{ID: gid, Statement: tmpl.statement, ClientWords: tmpl.words, Domain: tmpl.domain,
			Term: pick(g.r, []string{"short", "medium", "long"}), Indicator: tmpl.indicator, Target: tmpl.target,
			TargetDate: created.AddDays(120 + g.r.IntN(120+max(0, g.end.DaysSince(created)))), Responsible: "client", Status: goalStatus()}
		add(t0, "goal "+gid+" added")
		if gi < 3 || g.chance(0.5) {
			base := -1 - g.r.IntN(2)
			gas := &casefile.GAS{Weight: float64(1 + g.r.IntN(3)), Levels: map[string]string{}, Baseline: &base}
			for k, l := range casefile.GASLevels {
				gas.Levels[l] = tmpl.levels[k]
			}
			d := created
			for range g.r.IntN(3) {
				d = d.AddDays(20 + g.r.IntN(40))
				if d.After(g.end) {
					break
				}
				lvl := base + g.r.IntN(4)
				lvl = max(-2, min(2, lvl))
				gas.Scores = append(gas.Scores, casefile.GASScore{On: d, Level: lvl, By: who})
				add(at(d, 11, 0), fmt.Sprintf("goal %s scored %+d on %s", gid, lvl, d))
			}
			goal.GAS = gas
		}
		for _, nTasks := range tasksPer[gi-1] {
			oi++
			oid := fmt.Sprintf("O-%d", oi)
			obj := casefile.Objective{ID: oid, Statement: "First step: " + strings.ToLower(tmpl.indicator) + " measured each month",
				Indicator: tmpl.indicator, Baseline: "none", Target: tmpl.target,
				TargetDate: created.AddDays(60 + g.r.IntN(60+max(0, g.end.DaysSince(created)))), Responsible: "client", Status: goalStatus()}
			if obj.TargetDate.After(goal.TargetDate) {
				obj.TargetDate = goal.TargetDate
			}
			if !closed && obj.TargetDate.Before(g.today) && g.chance(0.7) {
				obj.Status = "achieved"
			}
			add(t0, "objective "+oid+" added to "+gid)
			for range nTasks {
				ti++
				tid := fmt.Sprintf("T-%d", ti)
				task := casefile.Task{ID: tid, Action: pick(g.r, taskActions), Responsible: pick(g.r, others),
					Due: created.AddDays(7 + g.r.IntN(84+max(0, g.end.DaysSince(created))*3/4))}
				add(t0, "task "+tid+" added to "+oid)
				var st string
				if closed {
					st = g.weighted([]string{"done", "cancelled", "not_started"}, []int{80, 10, 10})
				} else if task.Due.Before(g.today.AddDays(-14)) {
					st = g.weighted([]string{"done", "in_progress", "cancelled", "blocked"}, []int{85, 8, 5, 2})
				} else {
					st = g.weighted([]string{"done", "in_progress", "not_started", "blocked"}, []int{40, 30, 25, 5})
				}
				if st == "done" {
					done := task.Due.AddDays(g.r.IntN(10) - 5)
					if done.Before(created) {
						done = created
					}
					if done.After(g.end) {
						done = g.end
					}
					task.DoneOn = done
					add(at(done, 16, 0), fmt.Sprintf("task %s done on %s", tid, done))
				} else if st != "not_started" {
					add(at(created.AddDays(3), 12, 0), fmt.Sprintf("task %s changed: status %s", tid, st))
				}
				task.Status = st
				obj.Tasks = append(obj.Tasks, task)
			}
			goal.Objectives = append(goal.Objectives, obj)
		}
		p.Goals = append(p.Goals, goal)
	}
	add(t0, "plan changed: resources, interventions")
	add(t0.Add(time.Minute), fmt.Sprintf("agreed with the client on %s (%s)", created, p.Agreement.How))
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].at.Before(changes[j].at) })
	for i, ch := range changes {
		p.Changes = append(p.Changes, casefile.Change{Revision: i + 1, At: ch.at, By: who, What: ch.what})
	}
	p.Revision = len(p.Changes)
	p.UpdatedAt = changes[len(changes)-1].at
	p.ReviewOn = created.AddDays(90)
	return p
}

// consent writes the consent the referrals rely on; it returns its id, recipients and categories.
func (g *caseGen) consent() (string, []string, []string) {
	d := g.day(0.12)
	ags := someOf(g.r, partnerAgencies, 2)
	recipients := []string{ags[0].id, ags[1].id}
	cats := append([]string{"identity", "contact_details"}, someOf(g.r, []string{"socio_economic", "housing", "income_employment", "physical_health", "assessment_summary"}, 1+g.r.IntN(2))...)
	k := casefile.Consent{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         g.entry(d, 11, g.r.IntN(60)),
		Categories:    cats,
		Excluded:      []string{"mental_health", "domestic_violence"},
		Recipients:    recipients,
		Purpose:       "Referral to " + ags[0].name + " and " + ags[1].name,
		LegalBasis:    "consent",
		Method:        g.weighted([]string{"written", "electronic", "verbal_witnessed"}, []int{70, 20, 10}),
		SignedBy:      g.client.ID,
		SignedOn:      d,
		ExpiresOn:     d.AddDays(365),
		Notices:       []string{"right_to_revoke", "redisclosure_risk", "service_not_conditional"},
	}
	id := g.entryID(d)
	g.put("consents/"+id+".yaml", casefile.KindConsent, k)
	return id, recipients, cats
}

// next is the referral walk: the likely next statuses from each status, with weights, all
// allowed by caseload.Transitions.
var next = map[string]struct {
	to []string
	w  []int
}{
	"sent":        {[]string{"received", "accepted", "declined", "waitlisted"}, []int{60, 25, 10, 5}},
	"received":    {[]string{"accepted", "declined", "waitlisted"}, []int{75, 15, 10}},
	"waitlisted":  {[]string{"accepted", "in_progress", "declined"}, []int{70, 20, 10}},
	"accepted":    {[]string{"in_progress", "not_completed", "waitlisted"}, []int{85, 10, 5}},
	"in_progress": {[]string{"completed", "not_completed"}, []int{80, 20}},
}

// referrals writes two referrals, each with 2 to 4 status updates.
func (g *caseGen) referrals(consentID string, recipients, cats []string) {
	for i, f := range []float64{0.15, 0.4} {
		d := g.day(f)
		ag := recipients[i]
		name := ""
		for _, a := range partnerAgencies {
			if a.id == ag {
				name = a.service
			}
		}
		ref := casefile.Referral{
			SchemaVersion: casefile.SchemaVersion,
			Entry:         g.entry(d, 12, g.r.IntN(60)),
			Date:          d,
			To:            casefile.ReferralTo{Agency: ag},
			Reason:        pick(g.r, requests),
			Services:      []string{name},
			Urgency:       g.weighted([]string{"routine", "urgent"}, []int{80, 20}),
			RespondBy:     d.AddDays(14),
			Language:      "en",
			Categories:    cats,
			Consent:       consentID,
			Status:        "sent",
		}
		refID := g.entryID(d)
		g.put("referrals/"+refID+".yaml", casefile.KindReferral, ref)
		status, on := "sent", d
		for k := range 2 + g.r.IntN(3) {
			on = g.clamp(on.AddDays(2 + g.r.IntN(20)))
			u := casefile.ReferralUpdate{SchemaVersion: casefile.SchemaVersion, Entry: g.entry(on, 13, 10*k+g.r.IntN(10)), Referral: refID, Date: on}
			if slices.Contains(caseload.LoopStatuses, status) {
				u.LoopClosed = true
				u.Outcome = "Outcome received from " + name + " and discussed with the client"
			} else {
				nx := next[status]
				status = g.weighted(nx.to, nx.w)
				u.Status = status
				if status == "declined" {
					u.DeclineReason = g.weighted([]string{"no_capacity", "not_eligible", "client_declined"}, []int{50, 30, 20})
				}
			}
			g.put("referral-updates/"+g.entryID(on)+".yaml", casefile.KindReferralUpdate, u)
			if u.LoopClosed {
				break
			}
		}
	}
}

// notes writes about 25 progress notes spread over the case's span.
func (g *caseGen) notes(p *casefile.Plan) {
	n := 20 + g.r.IntN(11)
	span := g.end.DaysSince(g.start)
	days := make([]int, n)
	for i := 1; i < n; i++ {
		days[i] = g.r.IntN(span + 1)
	}
	sort.Ints(days)
	goals := []string{}
	for _, gl := range p.Goals {
		goals = append(goals, gl.ID)
	}
	for i, off := range days {
		d := g.start.AddDays(off)
		kind := g.weighted([]string{"contact", "collateral", "administrative", "supervision"}, []int{80, 10, 5, 5})
		if i == 0 {
			kind = "contact"
		}
		var format string
		if d.Before(p.CreatedOn) {
			format = g.weighted([]string{"narrative", "soap", "dap", "interview"}, []int{40, 25, 20, 15})
		} else {
			format = g.weighted([]string{"girp", "narrative", "soap", "dap", "birp", "pie", "pirp"}, []int{40, 25, 10, 10, 5, 5, 5})
		}
		mode := map[string]string{"collateral": "phone", "administrative": "letter", "supervision": "office"}[kind]
		if kind == "contact" {
			mode = g.weighted([]string{"home_visit", "office", "phone", "video", "message"}, []int{35, 35, 20, 5, 5})
		}
		outcome := "completed"
		if kind == "contact" && i > 0 {
			outcome = g.weighted([]string{"completed", "attempted_no_answer", "client_did_not_attend", "rescheduled", "cancelled_by_client"}, []int{85, 6, 4, 3, 2})
		}
		contactAt := at(d, 9+g.r.IntN(8), 15*g.r.IntN(4))
		note := casefile.Note{
			SchemaVersion: casefile.SchemaVersion,
			Entry:         casefile.Entry{RecordedAt: contactAt.Add(time.Duration(30+g.r.IntN(300)) * time.Minute), RecordedBy: g.c.worker},
			Kind:          kind,
			Format:        format,
			Contact:       casefile.NoteContact{At: contactAt, Minutes: 15 + 15*g.r.IntN(7), Mode: mode, Outcome: outcome},
			Sections:      map[string]string{},
		}
		if g.chance(0.03) && !d.AddDays(4).After(g.end) {
			// Now and then a note is written late (check warns, review flags it).
			note.RecordedAt = contactAt.Add(time.Duration(50+g.r.IntN(30)) * time.Hour)
		}
		if outcome == "completed" && kind == "contact" {
			note.Contact.Participants = []string{g.client.ID}
			if len(g.people) > 1 && g.chance(0.25) {
				note.Contact.Participants = append(note.Contact.Participants, g.people[1+g.r.IntN(len(g.people)-1)].ID)
			}
			note.Interventions = someOf(g.r, casefile.Enums["intervention"], g.r.IntN(3))
		}
		if format == "girp" && outcome == "completed" {
			gs := someOf(g.r, goals, 1+g.r.IntN(2))
			note.Goals = gs
			for _, gid := range gs {
				note.GoalProgress = append(note.GoalProgress, casefile.GoalProgress{Goal: gid, Progress: g.weighted([]string{"improved", "no_change", "worsened"}, []int{50, 40, 10})})
			}
		}
		for _, s := range casefile.NoteSections[format] {
			note.Sections[s] = g.text(1, 3)
		}
		if outcome != "completed" {
			note.Sections = map[string]string{casefile.NoteSections[format][0]: "Contact did not take place as planned; a new appointment is proposed."}
		}
		if g.chance(0.5) {
			note.NextContact = d.AddDays(7 + g.r.IntN(15))
		}
		g.put("notes/"+g.entryID(d)+".yaml", casefile.KindNote, note)
	}
}

// review writes a plan review at about two thirds of the case's span, with the GAS T-score of
// the levels found, frozen as casework review CASE freezes it. It then writes the plan, whose
// next review follows from it.
func (g *caseGen) review(p *casefile.Plan) {
	d := g.day(0.7)
	if g.c.open {
		d = g.day(0.85)
	}
	if d.Before(p.CreatedOn) {
		d = p.CreatedOn
	}
	rv := casefile.CaseReview{
		SchemaVersion: casefile.SchemaVersion,
		Entry:         g.entry(d, 15, g.r.IntN(60)),
		Date:          d,
		Type:          "plan_review",
		Participants:  []string{g.c.worker, g.c.supervisor},
		Findings:      []string{g.sentence()},
		Decisions:     []string{"Continue the plan; next review in three months"},
		NextReview:    d.AddDays(90),
	}
	var levels []int
	var weights []float64
	for _, gl := range p.Goals {
		gr := casefile.GoalReview{Goal: gl.ID, Status: gl.Status}
		if gl.GAS != nil {
			var lv *int
			for _, s := range gl.GAS.Scores {
				if !s.On.After(d) {
					v := s.Level
					lv = &v
				}
			}
			if lv == nil {
				lv = gl.GAS.Baseline
			}
			gr.Level = lv
			levels = append(levels, *lv)
			weights = append(weights, gl.GAS.Weight)
		}
		rv.GoalProgress = append(rv.GoalProgress, gr)
	}
	if len(levels) > 0 {
		rho := g.rules.Config.GAS.Rho
		t, err := plan.TScore(levels, weights, rho)
		if err != nil {
			g.err = err
			return
		}
		rv.GAS = &casefile.GASSummary{TScore: math.Round(t*100) / 100, Rho: rho, NGoals: len(levels)}
	}
	g.put("reviews/"+g.entryID(d)+".yaml", casefile.KindCaseReview, rv)
	p.ReviewOn = rv.NextReview
	g.put("plan.yaml", casefile.KindPlan, p)
}

// closure closes the case the day after its last entry could be dated.
func (g *caseGen) closure() {
	C := g.c.closeOn
	reason := g.weighted([]string{"goals_achieved", "mutual_agreement", "client_ended_service", "lost_contact", "moved_out_of_area",
		"referred_to_comparable_service", "no_longer_needed", "agency_ended_service"}, []int{35, 15, 10, 10, 8, 10, 10, 2})
	summary := pick(g.r, closureSummaries)
	if strings.Contains(summary, "%s") {
		summary = fmt.Sprintf(summary, g.first)
	}
	cl := casefile.Closure{
		SchemaVersion:  casefile.SchemaVersion,
		Entry:          g.entry(C, 17, g.r.IntN(60)),
		ClosedOn:       C,
		Reason:         reason,
		Summary:        summary,
		ClientInformed: &casefile.ClientInformed{On: C, How: g.weighted([]string{"closing_interview", "letter", "phone"}, []int{60, 25, 15})},
		Aftercare:      "The closing letter says how to come back at any time.",
	}
	if reason == "lost_contact" {
		cl.ClientInformed.How = "letter"
		for _, back := range []int{21, 14, 7} {
			cl.ContactAttempts = append(cl.ContactAttempts, casefile.ContactAttempt{On: C.AddDays(-back), Channel: []string{"phone", "message", "home_visit"}[back/7-1]})
		}
	}
	if reason == "agency_ended_service" {
		cl.ApprovedBy, cl.ApprovedOn = g.c.supervisor, C
	}
	g.put("closures/"+g.entryID(C)+".yaml", casefile.KindClosure, cl)
}
