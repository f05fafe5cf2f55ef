package assistant

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"penny/internal/jsonout"
	"penny/recurring"
)

// Subscriptions and recurring charges, found in the history rather than
// taken from categories, by package recurring: a payee that charged about
// once a month, on about the same day, for at least three months. A fixed
// price that steps to a new one and stays there is a price change; a bill
// that varies (power, water) is recurring but has no price to change.

// subscription is a recurring series with its merchant's name.
type subscription struct {
	recurring.Series
	Merchant string
}

// recurringIn finds the recurring charges in the whole months from from to
// to, from the month cube (the same rows store.RecurringCandidates reads).
func (x *ans) recurringIn(from, to time.Time) ([]subscription, error) {
	series := recurring.Detect(x.ix.cube.payeeMonths(from, to, 3, true), to)
	out := make([]subscription, len(series))
	for i, r := range series {
		out[i] = subscription{Series: r, Merchant: x.ix.nameOfKey(r.Payee)}
	}
	return out, nil
}

func (x *ans) subscriptions() error {
	s := &x.s
	per := x.defaultPeriod(func() Period {
		if len(s.Merchants) == 1 {
			// One merchant's history is short to read whole, and a
			// price it changed years ago is still its price history.
			if m := x.ix.merchant(s.Merchants[0]); m != nil && m.first != 0 {
				first, _ := m.dates()
				from := monthOf(first)
				return Period{Label: "since " + from.Format("January 2006"), From: from, To: x.today}
			}
		}
		return Period{Label: "the past 2 years", From: monthOf(x.today).AddDate(-2, 0, 0), To: x.today}
	})
	from, to := per.From, per.To
	if per.AllTime || from.IsZero() {
		from = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	all, err := x.recurringIn(from, to)
	if err != nil {
		return err
	}
	var list []subscription
	for _, r := range all {
		if len(s.Merchants) > 0 && !containsFold(s.Merchants, r.Merchant) {
			continue
		}
		if len(s.Categories) > 0 && !containsFold(s.Categories, r.Category) {
			continue
		}
		if s.Text != "" && !strings.Contains(strings.ToLower(r.Payee), s.Text) && !strings.Contains(strings.ToLower(r.Merchant), s.Text) {
			continue
		}
		list = append(list, r)
	}
	changesOnly := x.has("price") || x.has("increase") || x.has("increases") || x.has("hike") || x.has("hikes") ||
		x.has("raised") || x.has("up") || x.has("changes") || x.has("expensive")
	monthly := newTotals()
	var rows []jsonout.Recurring
	var changeTexts []string
	var changeMonths []time.Time // of changeTexts, to put the news first
	t := &Table{Columns: []string{"Merchant", "Amount", "Day", "Last charged", "Price change"}, Right: []bool{false, true, true, false, false}}
	active := 0
	for _, r := range list {
		j := jsonout.Recurring{Merchant: r.Merchant, Payee: r.Payee, Category: r.Category, Currency: r.Currency,
			Amount: amt(r.Amount, r.Currency).String(), AmountMinor: r.Amount, Kind: r.Kind, Day: r.Day,
			First: r.First.Format(time.DateOnly), Last: r.Last.Format(time.DateOnly), Months: r.Months, Active: r.Active,
			Changes: []jsonout.PriceChange{}}
		var chText string
		for _, c := range r.Changes {
			ci := jsonout.PriceChange{From: amt(c.From, r.Currency).String(), FromMinor: c.From, To: amt(c.To, r.Currency).String(),
				ToMinor: c.To, Since: c.Month.Format("2006-01")}
			if pct, ok := c.Percent(); ok {
				ci.Percent = &pct
			}
			j.Changes = append(j.Changes, ci)
			chText = fmt.Sprintf("%s → %s", fmtNum(absInt(c.From), r.Currency), fmtAbs(c.To, r.Currency))
			desc := fmt.Sprintf("%s %s since %s", r.Merchant, chText, c.Month.Format("January 2006"))
			if ci.Percent != nil {
				desc = fmt.Sprintf("%s %s (%+d%%) since %s", r.Merchant, chText, *ci.Percent, c.Month.Format("January 2006"))
			}
			changeTexts = append(changeTexts, desc)
			changeMonths = append(changeMonths, c.Month)
		}
		rows = append(rows, j)
		if r.Active {
			active++
			monthly.add(r.Currency, r.Amount, 1)
		}
		if changesOnly && len(r.Changes) == 0 {
			continue
		}
		amountText := moneyCell(r.Amount, r.Currency)
		if r.Kind == "variable" {
			amountText.Text += " (varies)"
		}
		last := r.Last.Format("Jan 2, 2006")
		if !r.Active {
			last += " (stopped?)"
		}
		t.Rows = append(t.Rows, []Cell{textCell(r.Merchant), amountText, textCell(fmt.Sprint(r.Day)), textCell(last), textCell(chText)})
	}
	var b strings.Builder
	switch {
	case len(s.Merchants) > 0 && len(list) > 0 && !changesOnly:
		var parts []string
		for _, r := range list {
			part := fmt.Sprintf("%s %s a month, charged around day %d, last on %s", r.Merchant, fmtAbs(r.Amount, r.Currency), r.Day,
				r.Last.Format("Jan 2, 2006"))
			if r.Kind == "variable" {
				part = fmt.Sprintf("%s about %s a month (it varies), last on %s", r.Merchant, fmtAbs(r.Amount, r.Currency), r.Last.Format("Jan 2, 2006"))
			}
			if !r.Active {
				part += " (it seems to have stopped)"
			}
			parts = append(parts, part)
		}
		b.WriteString(capitalize(strings.Join(parts, "; ")) + ".")
	case len(s.Merchants) > 0 && len(list) == 0:
		b.WriteString("I see no monthly charge" + x.subject() + during(per) + "." + x.dataEnds(per))
	case len(list) == 0:
		b.WriteString("I found no monthly recurring charges" + x.subject() + during(per) + ".")
	case changesOnly:
		if len(changeTexts) == 0 {
			fmt.Fprintf(&b, "No price changes in %s%s%s.", plural(int64(len(list)), "recurring charge", "recurring charges"), x.subject(), during(per))
		} else {
			fmt.Fprintf(&b, "Price changes%s%s: %s.", x.subject(), during(per), strings.Join(changeTexts, "; "))
		}
	default:
		fmt.Fprintf(&b, "%s%s%s", capitalize(plural(int64(active), "recurring charge is", "recurring charges are")), x.subject(), " still running")
		if active > 0 {
			b.WriteString(", about " + monthly.phrase() + " a month")
		}
		b.WriteString(", judging by " + per.Describe() + ".")
		if len(monthly.sum) > 1 {
			b.WriteString(" Each currency is totalled on its own: Penny has no exchange rate.")
		}
		if n := len(list) - active; n > 0 {
			fmt.Fprintf(&b, " %s seem to have stopped.", capitalize(plural(int64(n), "other", "others")))
		}
		if len(changeTexts) > 0 {
			// The newest changes are the news; older ones are in the table.
			idx := make([]int, len(changeTexts))
			for i := range idx {
				idx[i] = i
			}
			sort.SliceStable(idx, func(i, j int) bool { return changeMonths[idx[i]].After(changeMonths[idx[j]]) })
			newest := make([]string, 0, 4)
			for _, i := range idx[:min(4, len(idx))] {
				newest = append(newest, changeTexts[i])
			}
			b.WriteString(" Price changes: " + strings.Join(newest, "; ") + ".")
		}
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	if len(t.Rows) > 0 {
		x.r.Table = t
	}
	x.r.Data = jsonout.RecurringData{Monthly: monthly.json(), Period: newPeriodJSON(per), Recurring: nonNil(rows)}
	x.r.Suggestions = []string{"any price increases?", "spending on subscriptions this year"}
	return nil
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
