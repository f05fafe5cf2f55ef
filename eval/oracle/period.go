package oracle

import (
	"fmt"
	"time"
)

// Range is a span of civil days, both ends included. Dates are midnight
// UTC, as demo posts them.
type Range struct {
	From, To time.Time
}

// Has reports whether day t is inside r.
func (r Range) Has(t time.Time) bool { return !t.Before(r.From) && !t.After(r.To) }

func (r Range) String() string {
	return r.From.Format(time.DateOnly) + ".." + r.To.Format(time.DateOnly)
}

// Months is the number of calendar months r covers, counting a partial
// month as one.
func (r Range) Months() int {
	return (r.To.Year()-r.From.Year())*12 + int(r.To.Month()) - int(r.From.Month()) + 1
}

// Period is a time phrase of a question with the spans it may mean. The
// first is the reading the oracle states; the others are readings a fair
// person could also take ("the last 30 days" with or without today), and an
// answer for any of them is right.
type Period struct {
	Words  string
	Ranges []Range
}

// civil returns the day of t, at midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func monthRange(y int, m time.Month) Range {
	from := day(y, m, 1)
	return Range{from, from.AddDate(0, 1, -1)}
}

func yearRange(y int) Range { return Range{day(y, 1, 1), day(y, 12, 31)} }

func quarterRange(y, q int) Range {
	from := day(y, time.Month(3*(q-1)+1), 1)
	return Range{from, from.AddDate(0, 3, -1)}
}

func clip(r Range, today time.Time) Range {
	if r.To.After(today) {
		r.To = today
	}
	return r
}

// Periods relative to today.

func (f *Facts) thisMonth() Period {
	return Period{"this month", []Range{clip(monthRange(f.Today.Year(), f.Today.Month()), f.Today)}}
}

func (f *Facts) lastMonth() Period {
	m := f.Today.AddDate(0, 0, -f.Today.Day()+1).AddDate(0, -1, 0)
	return Period{"last month", []Range{monthRange(m.Year(), m.Month())}}
}

func (f *Facts) thisYear() Period {
	return Period{"this year", []Range{{day(f.Today.Year(), 1, 1), f.Today}}}
}

func (f *Facts) lastYear() Period {
	return Period{"last year", []Range{yearRange(f.Today.Year() - 1)}}
}

// lastDays is "the last n days": n days up to today, or the n days before
// today.
func (f *Facts) lastDays(words string, n int) Period {
	return Period{words, []Range{
		{f.Today.AddDate(0, 0, -(n - 1)), f.Today},
		{f.Today.AddDate(0, 0, -n), f.Today.AddDate(0, 0, -1)},
		{f.Today.AddDate(0, 0, -n), f.Today},
	}}
}

// lastWeek is the week before this one, Monday to Sunday or Sunday to
// Saturday.
func (f *Facts) lastWeek() Period {
	wd := int(f.Today.Weekday()+6) % 7 // days since Monday
	mon := f.Today.AddDate(0, 0, -wd-7)
	sun := f.Today.AddDate(0, 0, -int(f.Today.Weekday())-7)
	return Period{"last week", []Range{{mon, mon.AddDate(0, 0, 6)}, {sun, sun.AddDate(0, 0, 6)}}}
}

func (f *Facts) yesterday() Period {
	y := f.Today.AddDate(0, 0, -1)
	return Period{"yesterday", []Range{{y, y}}}
}

// lastQuarter is the calendar quarter before the current one.
func (f *Facts) lastQuarter() Period {
	q := (int(f.Today.Month())-1)/3 + 1
	y := f.Today.Year()
	if q--; q == 0 {
		q, y = 4, y-1
	}
	return Period{"last quarter", []Range{quarterRange(y, q)}}
}

// lastThreeMonths is "the past 3 months": the three whole months before
// this one, or three months back from today, or this month and the two
// before.
func (f *Facts) lastThreeMonths(words string) Period {
	first := day(f.Today.Year(), f.Today.Month(), 1)
	return Period{words, []Range{
		{first.AddDate(0, -3, 0), first.AddDate(0, 0, -1)},
		{f.Today.AddDate(0, -3, 1), f.Today},
		{f.Today.AddDate(0, -3, 0), f.Today},
		{first.AddDate(0, -2, 0), f.Today},
	}}
}

func monthPeriod(words string, y int, m time.Month) Period {
	return Period{words, []Range{monthRange(y, m)}}
}

func yearPeriod(words string, y int) Period { return Period{words, []Range{yearRange(y)}} }

func quarterPeriod(words string, y, q int) Period {
	return Period{words, []Range{quarterRange(y, q)}}
}

// sinceMonth is "since June": the first of that month (this year) to today.
func (f *Facts) sinceMonth(m time.Month) Period {
	return Period{fmt.Sprintf("since %s", m), []Range{{day(f.Today.Year(), m, 1), f.Today}}}
}

// lastNamedMonth is "last March": the latest March that has ended.
func (f *Facts) lastNamedMonth(m time.Month) Period {
	y := f.Today.Year()
	if m >= f.Today.Month() {
		y--
	}
	return monthPeriod("last "+m.String(), y, m)
}
