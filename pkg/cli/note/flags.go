package note

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli/cmdutil"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/schema"
)

// defaultHour is the time of day taken for a contact given by its date alone (other than
// today): mid-morning, as for a date given to --today.
const defaultHour = 9

var (
	clockRe = regexp.MustCompile(`^(\d{1,2})(?::|h)(\d{2})?(?::(\d{2}))?$`)
	isoTRe  = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(.+)$`)
)

// parseAt reads --at: "now"; an RFC 3339 time; a date (YYYY-MM-DD or a word: yesterday, -3d,
// last monday …) optionally followed by a time of day (14:30, 9:05, 14h30, 14:30:15), with a
// space, "at" or "T" between; or a time alone, today. A date alone is today's current time, or
// 09:00 on another day (timeOf reports false). The result is in now's location, to the minute
// unless seconds are given.
func parseAt(s string, now time.Time) (at time.Time, timeGiven bool, err error) {
	in := strings.TrimSpace(s)
	loc := now.Location()
	today := dates.FromTime(now)
	if in == "" || strings.EqualFold(in, "now") {
		return now.Truncate(time.Minute), true, nil
	}
	if t, err := time.Parse(time.RFC3339, in); err == nil {
		return t.In(loc), true, nil
	}
	datePart, timePart := in, ""
	if m := isoTRe.FindStringSubmatch(in); m != nil {
		datePart, timePart = m[1], m[2]
	} else if i := strings.LastIndexByte(in, ' '); i >= 0 && clockRe.MatchString(strings.ToLower(in[i+1:])) {
		datePart, timePart = strings.TrimSpace(in[:i]), in[i+1:]
		datePart = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(datePart, " at"), " à"))
	} else if clockRe.MatchString(strings.ToLower(in)) {
		datePart, timePart = "", in
	}
	d := today
	if datePart != "" {
		if d, err = dates.ParseRelative(datePart, today); err != nil {
			return time.Time{}, false, fmt.Errorf("%v, optionally followed by a time such as 14:30", err)
		}
	}
	if timePart == "" {
		if d == today {
			return now.Truncate(time.Minute), true, nil
		}
		return time.Date(d.Year(), d.Month(), d.Day(), defaultHour, 0, 0, 0, loc), false, nil
	}
	m := clockRe.FindStringSubmatch(strings.ToLower(timePart))
	if m == nil {
		return time.Time{}, false, fmt.Errorf("unrecognised time of day %q: use 14:30", timePart)
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(m[3])
	if h > 23 || mi > 59 || sec > 59 || (m[2] == "" && !strings.Contains(strings.ToLower(timePart), "h")) {
		return time.Time{}, false, fmt.Errorf("unrecognised time of day %q: use 14:30", timePart)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, mi, sec, 0, loc), true, nil
}

// parseProgress reads --progress GOAL=CODE[:NOTE].
func parseProgress(s string) (casefile.GoalProgress, error) {
	example := "e.g. --progress G-1=improved:Paid the November rent"
	goal, rest, ok := strings.Cut(s, "=")
	goal = normaliseGoal(goal)
	if !ok || goal == "" || strings.TrimSpace(rest) == "" {
		return casefile.GoalProgress{}, cmdutil.UsageErrorf("--progress %q: write GOAL=PROGRESS[:NOTE], %s", s, example)
	}
	code, note, _ := strings.Cut(rest, ":")
	code = strings.ToLower(strings.TrimSpace(code))
	if !casefile.IsCode("progress", code) {
		codes := casefile.Enums["progress"]
		if sug := schema.Suggest(code, codes); sug != "" {
			return casefile.GoalProgress{}, cmdutil.UsageErrorf("--progress %s: %q is not a known progress code (did you mean %q?); use %s", goal, code, sug, schema.OneOf(codes))
		}
		return casefile.GoalProgress{}, cmdutil.UsageErrorf("--progress %s: %q is not a known progress code; use %s", goal, code, schema.OneOf(codes))
	}
	return casefile.GoalProgress{Goal: goal, Progress: code, Note: strings.TrimSpace(note)}, nil
}

// normaliseGoal accepts g-1 and G-1 alike.
func normaliseGoal(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// checkCodes checks a list of codes given with a repeatable flag.
func checkCodes(flag, enum string, values []string) error {
	for _, v := range values {
		if err := cmdutil.CheckCode(flag, enum, v); err != nil {
			return err
		}
	}
	return nil
}

// addUnique appends the values not already in list.
func addUnique(list []string, values ...string) []string {
	for _, v := range values {
		found := false
		for _, x := range list {
			if x == v {
				found = true
				break
			}
		}
		if !found {
			list = append(list, v)
		}
	}
	return list
}
