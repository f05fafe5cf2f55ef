// Package recurring is the one home of what repeats: which charges come
// every month, and when such a charge's price changed. Two callers see the
// same rule from two sides:
//
//   - the assistant reads a merchant's history month by month (Detect):
//     its subscriptions and bills, their usual day, and every step of their
//     price ("subscriptions", "did Netflix go up?");
//   - the alerts' price-increase rule looks at one new charge against the
//     same merchant's charges before it (Increase): a price that held for
//     some months and has just gone up.
//
// Both count a charge as monthly when it comes 25 to 35 days after the one
// before (MonthApart), and both say a change in whole percent of the old
// price (money.PercentChange). Amounts are minor units; a charge's amount
// is positive in Increase (money out, as a price) and as stored, negative,
// in Detect.
package recurring

import (
	"sort"
	"strings"
	"time"

	"penny/money"
	"penny/store"
)

// MonthApart reports whether a charge on day b comes a month after one on
// day a: 25 to 35 days later, so that a bill on the 31st, a weekend or a
// February still counts.
func MonthApart(a, b time.Time) bool {
	d := int(b.Sub(a) / (24 * time.Hour))
	return d >= 25 && d <= 35
}

// Cadence is how often a flow of money comes, found by Every.
type Cadence struct {
	Every string    // "monthly", "twice a month" or "weekly"
	Next  time.Time // the day the next occurrence is expected
}

// Every finds the interval of a flow seen on days (oldest first; money in
// or out, a bill, a salary or a transfer): monthly when each one comes a
// month after the one before (MonthApart, twice at least), twice a month
// or fortnightly (12 to 17 days, three times at least) or weekly (6 to 8
// days, four times at least). A monthly flow is next expected a calendar
// month after its latest day; the others after their mean gap. The
// projected-balance alert reads an account's flows this way.
func Every(days []time.Time) (Cadence, bool) {
	if len(days) < 2 {
		return Cadence{}, false
	}
	last := days[len(days)-1]
	if everyMonth(days) {
		return Cadence{Every: "monthly", Next: last.AddDate(0, 1, 0)}, true
	}
	for _, b := range []struct {
		lo, hi, min int
		every       string
	}{{12, 17, 3, "twice a month"}, {6, 8, 4, "weekly"}} {
		if len(days) < b.min {
			continue
		}
		sum, fits := 0, true
		for k := 1; k < len(days); k++ {
			gap := daysApart(days[k-1], days[k])
			if gap < b.lo || gap > b.hi {
				fits = false
				break
			}
			sum += gap
		}
		if fits {
			n := len(days) - 1
			return Cadence{Every: b.every, Next: last.AddDate(0, 0, (sum+n/2)/n)}, true
		}
	}
	return Cadence{}, false
}

func everyMonth(days []time.Time) bool {
	for k := 1; k < len(days); k++ {
		if !MonthApart(days[k-1], days[k]) {
			return false
		}
	}
	return true
}

// daysApart counts calendar days from a to b, both midnights of their day
// in any zone (a DST change makes a day 23 or 25 hours long).
func daysApart(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return int(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
}

// Charge is one payment to a merchant: the price paid, in minor units, and
// the day it posted.
type Charge struct {
	Amount int64
	Day    time.Time
}

// Run counts how many charges, newest first, are at the price of the
// newest, each a month after the one before it: how long that price has
// held.
func Run(charges []Charge) int {
	if len(charges) == 0 {
		return 0
	}
	n := 1
	for k := 1; k < len(charges); k++ {
		if charges[k].Amount != charges[0].Amount || !MonthApart(charges[k].Day, charges[k-1].Day) {
			break
		}
		n++
	}
	return n
}

// Rise is a monthly price that went up: From held for Months charges, and
// the new charge is To, Percent more.
type Rise struct {
	From, To int64
	Months   int
	Percent  int64
}

// Increase looks at a new charge and the same merchant's charges before it
// on the same account, newest first. It is a rise when the one before came
// a month earlier, the new price is at least minPercent higher, and the old
// price held for at least minMonths monthly charges.
func Increase(now Charge, before []Charge, minMonths, minPercent int) (Rise, bool) {
	if len(before) == 0 || !MonthApart(before[0].Day, now.Day) {
		return Rise{}, false // not monthly, or more than one charge a month
	}
	old := before[0].Amount
	if old <= 0 || now.Amount <= old || (now.Amount-old)*100 < int64(minPercent)*old {
		return Rise{}, false
	}
	n := Run(before)
	if n < minMonths {
		return Rise{}, false
	}
	pct, _ := money.PercentChange(old, now.Amount)
	return Rise{From: old, To: now.Amount, Months: n, Percent: pct}, true
}

// Series is a charge found to recur in a merchant's history: about once a
// month, on about the same day, for at least three months.
type Series struct {
	Payee    string // the merchant key (store.PayeeMonth.Payee)
	Category string // the category of the latest month's charge
	Currency string
	Amount   int64 // the latest charge, negative
	Day      int   // the usual day of the month
	First    time.Time
	Last     time.Time
	Months   int
	// Active is false when the latest charge is more than 45 days old: it
	// seems to have stopped.
	Active bool
	// Kind is "fixed" (one price at a time) or "variable" (a bill that
	// varies, such as power or water, which has no price to change).
	Kind string
	// Changes are the steps of a fixed price, oldest first.
	Changes []Change
}

// Change is a fixed price's step: From and To as stored (negative), from
// Month, the first month at the new price.
type Change struct {
	From, To int64
	Month    time.Time
}

// Percent is the change in whole percent of the old price; ok is false
// when there was none.
func (c Change) Percent() (int64, bool) {
	return money.PercentChange(abs(c.From), abs(c.To))
}

// notRecurring are categories whose monthly rows are moves of one's own
// money, not charges.
var notRecurring = map[string]bool{"transfer": true, "investments": true, "investment": true, "savings": true}

// Detect turns per-merchant monthly rows (ordered by payee, currency and
// month, as store.RecurringCandidates returns them) into the series that
// recur, as of today: the running ones first, then by amount, the largest
// charge first.
func Detect(rows []store.PayeeMonth, today time.Time) []Series {
	var out []Series
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].Payee == rows[i].Payee && rows[j].Currency == rows[i].Currency {
			j++
		}
		if r, ok := analyze(rows[i:j], today); ok {
			out = append(out, r)
		}
		i = j
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Active != out[b].Active {
			return out[a].Active
		}
		return out[a].Amount < out[b].Amount
	})
	return out
}

func monthIndex(ym string) int {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return 0
	}
	return t.Year()*12 + int(t.Month()) - 1
}

// analyze reads one merchant's months in one currency.
func analyze(ms []store.PayeeMonth, today time.Time) (Series, bool) {
	if len(ms) < 3 || notRecurring[strings.ToLower(ms[len(ms)-1].Category)] {
		return Series{}, false
	}
	span := monthIndex(ms[len(ms)-1].Month) - monthIndex(ms[0].Month) + 1
	if len(ms)*4 < span*3 {
		return Series{}, false // too many months without a charge
	}
	var singles []store.PayeeMonth
	for _, m := range ms {
		if m.Count == 1 {
			singles = append(singles, m)
		}
	}
	if len(singles)*10 < len(ms)*8 || len(singles) < 3 {
		return Series{}, false // more than once a month is not monthly
	}
	// The same day of the month, give or take a weekend.
	days := make([]int, len(singles))
	for k, m := range singles {
		days[k] = m.Last.Day()
	}
	sorted := append([]int(nil), days...)
	sort.Ints(sorted)
	median := sorted[len(sorted)/2]
	near := 0
	for _, d := range days {
		diff := abs(int64(d - median))
		if diff > 15 {
			diff = 31 - diff
		}
		if diff <= 4 {
			near++
		}
	}
	if near*10 < len(days)*8 {
		return Series{}, false
	}
	r := Series{Payee: ms[0].Payee, Currency: ms[0].Currency, Category: ms[len(ms)-1].Category, Day: median,
		First: ms[0].Last, Last: ms[len(ms)-1].Last, Months: len(ms)}
	last := ms[len(ms)-1]
	r.Amount = last.Sum / last.Count
	r.Active = !r.Last.Before(today.AddDate(0, 0, -45))
	// Price levels: a new amount that holds the next month too (or is the
	// latest) is a change; a one-off different amount is a blip.
	amounts := make([]int64, len(singles))
	for k, m := range singles {
		amounts[k] = m.Sum
	}
	level, blips := amounts[0], 0
	var changes []Change
	for k := 1; k < len(amounts); k++ {
		a := amounts[k]
		if a == level {
			continue
		}
		if k == len(amounts)-1 || amounts[k+1] == a {
			month, _ := time.Parse("2006-01", singles[k].Month)
			changes = append(changes, Change{From: level, To: a, Month: month})
			level = a
			continue
		}
		blips++
	}
	if blips <= max(1, len(amounts)/6) && len(changes) <= 4 {
		r.Kind = "fixed"
		r.Changes = changes
		return r, true
	}
	small, big := abs(amounts[0]), abs(amounts[0])
	for _, a := range amounts {
		small, big = min(small, abs(a)), max(big, abs(a))
	}
	if big > 3*small {
		return Series{}, false // a café visited monthly is not a bill
	}
	r.Kind = "variable"
	return r, true
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
