package assistant

import (
	"fmt"
	"strconv"
	"time"
)

// Period is a span of whole days, both ends included. Dates are civil days
// (midnight UTC stands for the day), the way the store keeps posted dates.
type Period struct {
	// Label is how the question named it: "last month", "March 2025",
	// "the past 30 days".
	Label string
	From  time.Time // zero: from the first transaction
	To    time.Time
	// AllTime is set for "ever" and "all time".
	AllTime bool
	// grain says how to step to the period before: "day", "week", "month",
	// "quarter", "year", or "" for a span of days.
	grain string
}

// Describe says the period with its dates, for answers: "last month (Oct 1 –
// Oct 31, 2026)".
func (p Period) Describe() string {
	if p.AllTime || p.From.IsZero() && p.To.IsZero() {
		return "all time"
	}
	d := spanText(p.From, p.To)
	if p.Label == "" || p.Label == d {
		return d
	}
	return p.Label + " (" + d + ")"
}

// spanText writes a span of days briefly: "Oct 1 – Oct 31, 2026", "Mar 5,
// 2026", "Dec 20, 2025 – Jan 5, 2026".
func spanText(from, to time.Time) string {
	switch {
	case from.IsZero():
		return "until " + to.Format("Jan 2, 2006")
	case from.Equal(to):
		return from.Format("Jan 2, 2006")
	case from.Year() == to.Year():
		return from.Format("Jan 2") + " – " + to.Format("Jan 2, 2006")
	}
	return from.Format("Jan 2, 2006") + " – " + to.Format("Jan 2, 2006")
}

// previous is the period of the same length just before p: the month before
// a month, the year before a year, the 30 days before 30 days.
func (p Period) previous() Period {
	switch p.grain {
	case "month":
		f := p.From.AddDate(0, -1, 0)
		return Period{Label: f.Format("January 2006"), From: f, To: p.From.AddDate(0, 0, -1), grain: "month"}
	case "quarter":
		f := p.From.AddDate(0, -3, 0)
		return Period{Label: quarterLabel(f), From: f, To: p.From.AddDate(0, 0, -1), grain: "quarter"}
	case "year":
		f := p.From.AddDate(-1, 0, 0)
		return Period{Label: strconv.Itoa(f.Year()), From: f, To: p.From.AddDate(0, 0, -1), grain: "year"}
	case "week":
		f := p.From.AddDate(0, 0, -7)
		return Period{Label: "the week of " + f.Format("Jan 2, 2006"), From: f, To: p.From.AddDate(0, 0, -1), grain: "week"}
	}
	days := int(p.To.Sub(p.From).Hours()/24) + 1
	to := p.From.AddDate(0, 0, -1)
	from := to.AddDate(0, 0, -(days - 1))
	return Period{Label: "the " + strconv.Itoa(days) + " days before", From: from, To: to}
}

// yearEarlier is the same span one year before.
func (p Period) yearEarlier() Period {
	f, t := p.From.AddDate(-1, 0, 0), p.To.AddDate(-1, 0, 0)
	if p.grain == "month" {
		t = f.AddDate(0, 1, -1)
		return Period{Label: f.Format("January 2006"), From: f, To: t, grain: "month"}
	}
	return Period{Label: "the same days a year earlier", From: f, To: t, grain: p.grain}
}

// Whole-period constructors, all relative to today (a civil day).

func dayPeriod(label string, d time.Time) Period {
	return Period{Label: label, From: d, To: d, grain: "day"}
}

func monthOf(d time.Time) time.Time { return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC) }

func monthPeriod(label string, first time.Time) Period {
	if label == "" {
		label = first.Format("January 2006")
	}
	return Period{Label: label, From: first, To: first.AddDate(0, 1, -1), grain: "month"}
}

func yearPeriod(label string, y int) Period {
	if label == "" {
		label = strconv.Itoa(y)
	}
	return Period{Label: label, From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), grain: "year"}
}

func quarterLabel(first time.Time) string {
	return fmt.Sprintf("Q%d %d", (int(first.Month())-1)/3+1, first.Year())
}

func quarterPeriod(label string, y, q int) Period {
	f := time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	if label == "" {
		label = quarterLabel(f)
	}
	return Period{Label: label, From: f, To: f.AddDate(0, 3, -1), grain: "quarter"}
}

// weekStart is the Monday of d's week (ISO weeks start on Monday).
func weekStart(d time.Time) time.Time {
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}

func weekPeriod(label string, monday time.Time) Period {
	return Period{Label: label, From: monday, To: monday.AddDate(0, 0, 6), grain: "week"}
}

// clip ends a period at today: "this month" has no transactions after today
// and the answer should say so in its dates.
func (p Period) clip(today time.Time) Period {
	if p.To.After(today) {
		p.To = today
	}
	return p
}

// civil returns the calendar day of t as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var fullMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday, "tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "thursday": time.Thursday, "thu": time.Thursday,
	"thur": time.Thursday, "thurs": time.Thursday, "friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "sunday": time.Sunday, "sun": time.Sunday,
}

// monthWord recognizes a month name, with typos for the long ones
// ("febuary", "septmber").
func monthWord(w string) (time.Month, bool) {
	if m, ok := monthNames[w]; ok {
		return m, true
	}
	if len(w) < 5 {
		return 0, false
	}
	for i, full := range fullMonths {
		if _, ok := similar(w, full); ok {
			return time.Month(i + 1), true
		}
	}
	return 0, false
}

func weekdayWord(w string) (time.Weekday, bool) {
	if d, ok := weekdays[w]; ok {
		return d, true
	}
	if len(w) >= 6 {
		for name, d := range weekdays {
			if len(name) >= 6 {
				if _, ok := similar(w, name); ok {
					return d, true
				}
			}
		}
	}
	return 0, false
}

// inferYear puts a month (and day) without a year at its most recent
// occurrence not after today: "in December", asked in November 2026, means
// December 2025.
func inferYear(today time.Time, m time.Month, day int) time.Time {
	y := today.Year()
	if day == 0 {
		day = 1
	}
	d := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	if d.After(today) {
		d = time.Date(y-1, m, day, 0, 0, 0, 0, time.UTC)
	}
	return d
}

func validDay(y int, m time.Month, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t.Month() == m
}

// PeriodOf reads a period as the chat reads one ("2025-03-01", "March
// 2025", "last month", "since Jan 5", "the past 30 days", "Q3 2024"),
// relative to now. It reports false when the text is not a period alone, so
// the command line's date flags speak the chat's date grammar.
func PeriodOf(text string, now time.Time) (Period, bool) {
	p := Parse("spending "+text, now, nil)
	if p.Slots.Period == nil || len(p.Unknown) > 0 || len(p.Slots.Merchants) > 0 || len(p.Slots.Categories) > 0 ||
		len(p.Slots.Accounts) > 0 || p.Slots.Text != "" || p.Slots.Min != nil || p.Slots.Max != nil {
		return Period{}, false
	}
	return *p.Slots.Period, true
}
