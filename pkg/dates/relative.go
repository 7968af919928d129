package dates

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	dayWords = map[string]int{
		"today": 0, "aujourdhui": 0, "hoy": 0,
		"yesterday": -1, "hier": -1, "ayer": -1,
		"tomorrow": 1, "demain": 1, "manana": 1,
	}
	weekdays = map[string]time.Weekday{
		"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
		"wednesday": time.Wednesday, "thursday": time.Thursday,
		"friday": time.Friday, "saturday": time.Saturday,
		"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
		"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday,
		"sat": time.Saturday,
	}
	units = map[string]byte{
		"d": 'd', "day": 'd', "days": 'd',
		"w": 'w', "week": 'w', "weeks": 'w',
		"m": 'm', "month": 'm', "months": 'm',
		"y": 'y', "year": 'y', "years": 'y',
	}

	// Counts are capped at 5 digits so arithmetic cannot overflow.
	compactRe = regexp.MustCompile(`^([+-]?)(\d{1,5}) ?([a-z]+)$`)
	inRe      = regexp.MustCompile(`^in (\d{1,5}) ([a-z]+)$`)
	agoRe     = regexp.MustCompile(`^(\d{1,5}) ([a-z]+) ago$`)

	// Folding accents lets "mañana" and "manana" both work on any keyboard.
	fold = strings.NewReplacer(
		"à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a",
		"é", "e", "è", "e", "ê", "e", "ë", "e",
		"í", "i", "ì", "i", "î", "i", "ï", "i",
		"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
		"ú", "u", "ù", "u", "û", "u", "ü", "u",
		"ñ", "n", "ç", "c",
		"'", "", "’", "", "`", "",
	)
)

// ParseRelative resolves a date typed on the command line against today:
// YYYY-MM-DD; today/yesterday/tomorrow (also French and Spanish);
// offsets +3d, -2w, +1m, +1y, 3d, -2 weeks, "in 3 days", "2 weeks ago";
// a weekday name or abbreviation (the nearest one on or after today),
// "next monday" (strictly after today) and "last monday" (strictly before).
func ParseRelative(s string, today Date) (Date, error) {
	in := strings.TrimSpace(s)
	if _, _, _, ok := splitISO(in); ok {
		return Parse(in)
	}
	d, ok := relative(strings.Join(strings.Fields(fold.Replace(strings.ToLower(in))), " "), today)
	if !ok {
		return Date{}, fmt.Errorf("unrecognised date %q: use YYYY-MM-DD, today, yesterday, +3d, -2w, +1m, next monday", s)
	}
	if d.y < 1 || d.y > 9999 {
		return Date{}, fmt.Errorf("date %q is out of range: it falls in year %d", s, d.y)
	}
	return d, nil
}

func relative(s string, today Date) (Date, bool) {
	if n, ok := dayWords[s]; ok {
		return today.AddDays(n), true
	}
	if m := compactRe.FindStringSubmatch(s); m != nil {
		if u, ok := units[m[3]]; ok {
			n, _ := strconv.Atoi(m[2])
			if m[1] == "-" {
				n = -n
			}
			return offset(today, n, u), true
		}
	}
	if m := inRe.FindStringSubmatch(s); m != nil {
		if u, ok := units[m[2]]; ok {
			n, _ := strconv.Atoi(m[1])
			return offset(today, n, u), true
		}
	}
	if m := agoRe.FindStringSubmatch(s); m != nil {
		if u, ok := units[m[2]]; ok {
			n, _ := strconv.Atoi(m[1])
			return offset(today, -n, u), true
		}
	}
	which, name, found := strings.Cut(s, " ")
	if !found {
		which, name = "", s
	}
	wd, ok := weekdays[name]
	if !ok {
		return Date{}, false
	}
	ahead := int(wd-today.Weekday()+7) % 7
	switch which {
	case "":
		return today.AddDays(ahead), true
	case "next":
		if ahead == 0 {
			ahead = 7
		}
		return today.AddDays(ahead), true
	case "last":
		back := int(today.Weekday()-wd+7) % 7
		if back == 0 {
			back = 7
		}
		return today.AddDays(-back), true
	}
	return Date{}, false
}

func offset(d Date, n int, unit byte) Date {
	switch unit {
	case 'w':
		return d.AddDays(7 * n)
	case 'm':
		return d.AddMonths(n)
	case 'y':
		return d.AddMonths(12 * n)
	}
	return d.AddDays(n)
}
