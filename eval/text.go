package eval

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Reading numbers out of a reply's sentence: the fallback for answers
// whose data has no field for what was asked. It knows the ways Penny and
// people write money ("1,234.56 USD", "$1,234.56", "€12.00", "-12.00 EUR"),
// dates ("Mar 3, 2025", "March 3, 2025", "2025-03-03"), percentages and
// counts ("12 times", "3 transactions").

// textAmount is an amount read from text, in minor units; Currency is ""
// when the text did not say.
type textAmount struct {
	Minor    int64
	Currency string
}

var (
	amountRe = regexp.MustCompile(`(-|−)?\s?(\$|€|USD\s|EUR\s)?(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})\b(\s?(?:USD|EUR))?`)
	dateRes  = []struct {
		re     *regexp.Regexp
		layout string
	}{
		{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`), "2006-01-02"},
		{regexp.MustCompile(`\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b`), ""},
		{regexp.MustCompile(`\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b`), "2 January 2006"},
	}
	percentRe = regexp.MustCompile(`(-?\d+(?:\.\d+)?)\s?%`)
	countRe   = regexp.MustCompile(`(?i)\b(\d[\d,]*)\s+(?:\w+\s+)?(?:times|transactions?|visits?|purchases?|charges?|trips?|rides?|withdrawals?|refunds?|payments?|orders?|paychecks?|deposits?)\b`)
	// spanRe finds a period written out in parentheses, "(Oct 1 – Oct 31,
	// 2026)": its dates say what was asked, not what was found.
	spanRe = regexp.MustCompile(`\([^()]*[–—][^()]*\)`)
)

// amountsIn returns the amounts written in s.
func amountsIn(s string) []textAmount {
	var out []textAmount
	for _, m := range amountRe.FindAllStringSubmatch(s, -1) {
		whole, err := strconv.ParseInt(strings.ReplaceAll(m[3], ",", ""), 10, 64)
		if err != nil {
			continue
		}
		frac, _ := strconv.ParseInt(m[4], 10, 64)
		v := whole*100 + frac
		if m[1] != "" {
			v = -v
		}
		cur := ""
		switch strings.TrimSpace(m[2]) {
		case "$":
			cur = "USD"
		case "€":
			cur = "EUR"
		case "USD", "EUR":
			cur = strings.TrimSpace(m[2])
		}
		if c := strings.TrimSpace(m[5]); c != "" {
			cur = c
		}
		out = append(out, textAmount{v, cur})
	}
	return out
}

// datesIn returns the dates written in s, leaving out those of periods
// spelled out in parentheses.
func datesIn(s string) []time.Time {
	s = spanRe.ReplaceAllString(s, " ")
	var out []time.Time
	for _, d := range dateRes {
		for _, m := range d.re.FindAllString(s, -1) {
			if t, ok := parseDate(m, d.layout); ok {
				out = append(out, t)
			}
		}
	}
	return out
}

func parseDate(s, layout string) (time.Time, bool) {
	if layout != "" {
		t, err := time.Parse(layout, s)
		return t, err == nil
	}
	// "Mar 3, 2025", "March 3rd 2025", "Sept. 3, 2025".
	s = strings.NewReplacer(",", "", ".", "", "st ", " ", "nd ", " ", "rd ", " ", "th ", " ").Replace(s)
	f := strings.Fields(s)
	if len(f) != 3 || len(f[0]) < 3 {
		return time.Time{}, false
	}
	t, err := time.Parse("Jan 2 2006", f[0][:3]+" "+f[1]+" "+f[2])
	return t, err == nil
}

// percentsIn returns the percentages written in s, rounded toward zero.
func percentsIn(s string) []int64 {
	var out []int64
	for _, m := range percentRe.FindAllStringSubmatch(s, -1) {
		v, err := strconv.ParseFloat(m[1], 64)
		if err == nil {
			out = append(out, int64(v))
		}
	}
	return out
}

// countsIn returns the counts written in s: "12 times", "3 transactions".
func countsIn(s string) []int64 {
	var out []int64
	for _, m := range countRe.FindAllStringSubmatch(s, -1) {
		v, err := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
		if err == nil {
			out = append(out, v)
		}
	}
	return out
}
