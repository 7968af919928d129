package main

// Word lists for fictional content. Every name is invented; places, services and agencies are
// fictional too. Nothing here describes a real person.

var firstNames = []string{
	"Adele", "Amaru", "Anouk", "Basile", "Bettina", "Calix", "Corinna", "Dorian", "Elodie", "Emeric",
	"Fenna", "Florin", "Galen", "Hedda", "Ilario", "Ines", "Jarek", "Junia", "Kasimir", "Leontine",
	"Liesel", "Maelis", "Marek", "Nadira", "Noe", "Odile", "Orrin", "Paloma", "Quillan", "Rosalind",
	"Sabeen", "Soren", "Tamsin", "Teodor", "Ulrika", "Valery", "Wenna", "Xavi", "Yorick", "Zelie",
}

var surnames = []string{
	"Abernathy-Roux", "Belcastro", "Brannigan", "Castellane", "Dunmore", "Eskeland", "Fairweather", "Galloway-Pic",
	"Hartigan", "Ilvesmaa", "Jessop", "Kettleborough", "Lanfranchi", "Marchetti-Vale", "Norrington", "Oakhurst",
	"Pellegrin", "Quennell", "Ravenscroft", "Saltonstall", "Thistlewood", "Underhay", "Valmorel", "Westerhuis",
	"Yarborough", "Zennor", "Ashdown", "Brightwater", "Coldharbour", "Delacourt",
}

var streets = []string{
	"Lantern Row", "Quarry Lane", "Heron Close", "Mill Race Street", "Tanners Yard", "Orchard Rise",
	"Saltmarsh Road", "Clockhouse Court", "Fennel Walk", "Rope Walk", "Cobbler's Passage", "Willow Terrace",
}

var areas = []string{"north", "south", "east", "west", "riverside"}

var languagesSpoken = []string{"en", "fr", "es"}

var requests = []string{
	"Rent arrears for three months and a notice from the landlord",
	"Asks for help with benefit forms after losing a job",
	"Isolated older person, struggling to manage at home after a fall",
	"Young adult leaving care looking for a first tenancy",
	"Family under strain after a separation; the children miss school",
	"Debt with several creditors and no budget",
	"Asks for support to access mental health care",
	"Parent worried about a teenager's drinking and absences",
	"Lost housing after a fire; staying with friends",
	"Carer exhausted, asks for respite and support",
	"Newly arrived family needing help with schools and benefits",
	"Domestic tension reported by the school nurse",
}

var partnerAgencies = []struct{ id, name, service string }{
	{"food-bank-north", "North Side Food Bank (fictional)", "Weekly food parcels"},
	{"housing-advice-centre", "Riverside Housing Advice Centre (fictional)", "Tenancy advice and rehousing"},
	{"community-mental-health", "Community Mental Health Team East (fictional)", "Assessment and counselling"},
	{"debt-advice-service", "Westgate Debt Advice (fictional)", "Budgeting and debt negotiation"},
	{"family-mediation", "Southbank Family Mediation (fictional)", "Family mediation"},
	{"employment-hub", "Harbour Employment Hub (fictional)", "Job search and training"},
	{"older-people-service", "Elm Court Older People's Service (fictional)", "Home support for older people"},
	{"dv-support", "Safe Harbour Domestic Violence Service (fictional)", "Advocacy and refuge"},
}

var otherRelations = []struct {
	relation string
	role     string // member_role when in a family case
}{
	{"mother", "parent"}, {"father", "parent"}, {"son", "child"}, {"daughter", "child"}, {"partner", "partner"},
	{"sister", "sibling"}, {"brother", "sibling"}, {"grandmother", "grandparent"}, {"aunt", "other_relative"},
}

var professionals = []struct{ relation, organisation string }{
	{"school nurse", "Lantern Row Primary School (fictional)"},
	{"general practitioner", "Heron Close Health Centre (fictional)"},
	{"housing officer", "Riverside Housing Association (fictional)"},
	{"probation officer", "County Probation Service (fictional)"},
	{"community nurse", "Quarry Lane Health Centre (fictional)"},
}

var domainSummaries = map[string][]string{
	"physical_health":       {"Manages a long-term condition with regular check-ups", "Back pain limits walking and housework", "In good health; no treatment"},
	"mental_health":         {"Low mood since the summer, sleeping badly", "Anxious about letters and appointments", "Stable; follows treatment with the GP"},
	"abilities_functioning": {"Keeps the home and routines going", "Needs help with paperwork and phone calls", "Independent in daily tasks"},
	"social_environment":    {"Few friends; a sister nearby is supportive", "Isolated since moving to the area", "Close to neighbours and a faith group"},
	"socio_economic":        {"Income below needs; food runs out before the end of the month", "Benefits paid but debts are growing", "Just managing on a part-time wage"},
	"housing":               {"Overcrowded flat with damp", "Rent arrears and a notice from the landlord", "Stable social tenancy"},
	"income_employment":     {"Out of work since the spring", "Works part-time on irregular hours", "Receiving a pension only"},
	"education":             {"The children miss school on Mondays", "Attends a literacy course twice a week", "No concerns at school"},
	"safety_risk":           {"Past incidents at home; safety discussed", "No current safety concern", "Worries about an ex-partner's visits"},
	"strengths_resources":   {"Motivated, keeps appointments", "Warm family ties", "Good knowledge of local services"},
	"cultural_linguistic":   {"Reads French with difficulty; letters explained", "Prefers Spanish for complex matters", "No language barrier"},
	"legal_administrative":  {"Residence permit renewal pending", "Court date set for the tenancy", "Documents in order"},
}

var strengthsList = []string{
	"Asks for help early", "Keeps appointments", "Close to a sibling", "Warm with the children",
	"Good budgeting skills when income is stable", "Active in a community group", "Honest about difficulties",
}

var riskFactors = []string{
	"Recent job loss", "Drinking more since the summer", "Rent arrears", "Isolation", "Past incidents at home",
	"Conflict with a neighbour", "Missed medical appointments", "Threats from an ex-partner",
}

var protectiveFactors = []string{
	"Supportive family nearby", "Engaged with the GP", "Willing to make a plan", "Stable income from benefits",
	"Children attend school regularly", "Good relationship with the worker",
}

var goalTemplates = []struct {
	domain, statement, words, indicator, target string
	levels                                      [5]string
}{
	{"housing", "Keep the tenancy and clear the rent arrears", "Keep my flat", "arrears on the rent account", "no arrears within 6 months",
		[5]string{"Eviction order granted", "Arrears growing", "Arrears stable, plan agreed with the landlord", "Arrears halved", "No arrears"}},
	{"socio_economic", "Have enough food and money until the end of every month", "Food until the end of the month", "days with three meals", "every day for 3 months",
		[5]string{"Children hungry most days", "Food runs out around the 20th", "Food until the end of the month with the food bank", "Without the food bank", "A little saved each month"}},
	{"mental_health", "Feel less low and sleep better", "Feel like myself again", "PHQ-9 total", "below 10",
		[5]string{"Crisis, unable to go out", "Low most days", "Low some days, sleeping 6 hours", "Mostly well", "Well, no treatment needed"}},
	{"social_environment", "Have people to turn to every week", "Not be alone all the time", "weekly social contacts", "2 a week",
		[5]string{"No contact for weeks", "One contact a month", "One contact a week", "Two a week", "A regular group activity"}},
	{"income_employment", "Find stable work or training", "A job that pays the rent", "hours of work or training a week", "16 hours a week",
		[5]string{"No search", "Occasional search", "Registered with the employment hub", "In training", "In paid work"}},
	{"education", "The children attend school every day", "No more missing Mondays", "school days attended", "every day for 4 weeks",
		[5]string{"Out of school", "Missing 2 days a week", "Missing 1 day a week", "Full attendance most weeks", "Full attendance for a term"}},
	{"physical_health", "Keep medical appointments and manage the condition", "Look after my health", "appointments kept", "every appointment",
		[5]string{"No treatment", "Half the appointments kept", "Most appointments kept", "All appointments kept", "Managing independently"}},
}

var taskActions = []string{
	"Call the landlord to agree a repayment plan", "Fill in the housing benefit form", "Register with the food bank",
	"Book an appointment with the GP", "Visit the employment hub", "Open a bank account", "Attend the parenting group",
	"Write to the energy supplier", "Gather three months of bank statements", "Apply for the hardship fund",
	"Meet the school about attendance", "Join the Thursday lunch club", "Ask the benefits office for a review",
	"Go to the debt advice appointment", "Set up a weekly budget", "Sign up for the literacy course",
}

var noteSentences = []string{
	"%s brought the letters received since the last visit and we went through them together.",
	"We reviewed the budget line by line; the energy bill is the main worry.",
	"%s says the week was difficult but the children went to school every day.",
	"Phoned the landlord's office, who agreed to wait for the benefit decision.",
	"%s seemed tired and spoke little at first, then more openly about the debts.",
	"The food bank parcel was collected on Tuesday as planned.",
	"Discussed the next steps of the plan and who does what before the next visit.",
	"%s agreed to call the GP tomorrow morning and to tell me how it went.",
	"The flat was tidy; the damp in the bedroom is worse since the rain.",
	"No new incident reported; the safety plan is kept on the fridge.",
	"%s filled in the form with help; it will be sent on Monday.",
	"The school confirms better attendance over the last two weeks.",
	"We talked about what helped last month and what could be done differently.",
	"%s is pleased with the progress on the rent and wants to keep going.",
	"Left a message; no answer by the end of the day.",
	"Checked the list of tasks; two are done, one is late because of the bank.",
}

var closureSummaries = []string{
	"Goals reached: the tenancy is secure and the budget holds. %s knows how to come back if needed.",
	"Work ended by mutual agreement after the plan review; most goals achieved.",
	"%s moved out of the area; the file was handed over with consent.",
	"Referred on to a specialist service that now leads the support.",
	"%s asked to end the service; the door is left open.",
	"No longer needed: income restored and arrears cleared.",
}
