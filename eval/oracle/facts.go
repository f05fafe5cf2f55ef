// Package oracle knows the right answers. It generates the questions of
// Penny's evaluation from a demo history's ground truth (each row's true
// Merchant, taxonomy leaf Category and Flow) and computes what a correct
// answer says, with plain Go over demo.Data.
//
// It shares no code with the packages it judges: it imports only demo and
// the standard library (a test checks this), and restates the taxonomy,
// the periods and the meaning of spending and income itself:
//
//   - spending in a period is the sum of the posted rows whose Flow is
//     "spend" (money out) or "refund" (money back), per currency;
//   - income is the sum of the posted rows whose Flow is "income";
//   - transfers, card payments, investment trades, currency exchange and
//     cash withdrawals are neither.
package oracle

import (
	"slices"
	"sort"
	"strings"
	"time"

	"penny/demo"
)

// Money is an amount per currency, in minor units.
type Money map[string]int64

// Facts answers questions about one demo history as of one day.
type Facts struct {
	Data  *demo.Data
	Today time.Time
	// First and Last are the first and last posted days of the history.
	First, Last time.Time
}

// New returns the facts of d as of now (only now's date counts).
func New(d *demo.Data, now time.Time) *Facts {
	f := &Facts{Data: d, Today: civil(now)}
	for _, t := range d.Transactions {
		if f.First.IsZero() || t.Posted.Before(f.First) {
			f.First = t.Posted
		}
		if t.Posted.After(f.Last) {
			f.Last = t.Posted
		}
	}
	return f
}

// Row predicates. Every one of them leaves pending rows out: Penny's
// totals count posted rows.

type pred func(t *demo.Transaction) bool

func posted(t *demo.Transaction) bool { return !t.Pending }

// spending is money out to merchants and people, and the refunds that net
// against it.
func spending(t *demo.Transaction) bool {
	return posted(t) && (t.Flow == demo.FlowSpend || t.Flow == demo.FlowRefund)
}

// purchase is one visit: money out, not a refund.
func purchase(t *demo.Transaction) bool { return posted(t) && t.Flow == demo.FlowSpend }

func refund(t *demo.Transaction) bool { return posted(t) && t.Flow == demo.FlowRefund }

func income(t *demo.Transaction) bool { return posted(t) && t.Flow == demo.FlowIncome }

func and(ps ...pred) pred {
	return func(t *demo.Transaction) bool {
		for _, p := range ps {
			if !p(t) {
				return false
			}
		}
		return true
	}
}

func atMerchant(names ...string) pred {
	return func(t *demo.Transaction) bool { return t.Merchant != "" && slices.Contains(names, t.Merchant) }
}

func inCategories(leaves ...string) pred {
	return func(t *demo.Transaction) bool { return slices.Contains(leaves, t.Category) }
}

func inAccount(key string) pred {
	return func(t *demo.Transaction) bool { return t.AccountKey == key }
}

func flow(fl string) pred {
	return func(t *demo.Transaction) bool { return posted(t) && t.Flow == fl }
}

// Sum adds up the rows in r that keep selects, per currency, with their
// counts.
func (f *Facts) Sum(r Range, keep pred) (Money, Money) {
	sum, n := Money{}, Money{}
	for i := range f.Data.Transactions {
		t := &f.Data.Transactions[i]
		if r.Has(t.Posted) && keep(t) {
			sum[t.Currency] += t.Amount
			n[t.Currency]++
		}
	}
	return sum, n
}

// rows returns the rows in r that keep selects, oldest first.
func (f *Facts) rows(r Range, keep pred) []*demo.Transaction {
	var out []*demo.Transaction
	for i := range f.Data.Transactions {
		t := &f.Data.Transactions[i]
		if r.Has(t.Posted) && keep(t) {
			out = append(out, t)
		}
	}
	return out
}

// Account returns the demo account with key.
func (f *Facts) Account(key string) demo.Account {
	for _, a := range f.Data.Accounts {
		if a.Key == key {
			return a
		}
	}
	panic("oracle: no account " + key)
}

// Balance is an account's balance at the end of day asOf: its opening
// balance plus every posted row up to then.
func (f *Facts) Balance(key string, asOf time.Time) int64 {
	a := f.Account(key)
	b := a.Opening
	for _, t := range f.Data.Transactions {
		if t.AccountKey == key && !t.Pending && !t.Posted.After(asOf) {
			b += t.Amount
		}
	}
	return b
}

// merchantStats is one merchant's activity in a range.
type merchantStats struct {
	name      string
	purchases int // posted purchase rows
	refunds   int
	spent     Money // net of refunds
}

// merchants returns the merchants with spending in r, most purchases first.
func (f *Facts) merchants(r Range) []*merchantStats {
	by := map[string]*merchantStats{}
	for _, t := range f.rows(r, spending) {
		if t.Merchant == "" {
			continue
		}
		m := by[t.Merchant]
		if m == nil {
			m = &merchantStats{name: t.Merchant, spent: Money{}}
			by[t.Merchant] = m
		}
		if t.Flow == demo.FlowRefund {
			m.refunds++
		} else {
			m.purchases++
		}
		m.spent[t.Currency] += t.Amount
	}
	out := make([]*merchantStats, 0, len(by))
	for _, m := range by {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].purchases != out[j].purchases {
			return out[i].purchases > out[j].purchases
		}
		return out[i].name < out[j].name
	})
	return out
}

// ranking is names by net spending in one currency, largest first.
type ranked struct {
	name  string
	total int64
}

func (f *Facts) rank(r Range, cur string, key func(t *demo.Transaction) string) []ranked {
	by := map[string]int64{}
	for _, t := range f.rows(r, spending) {
		if t.Currency != cur {
			continue
		}
		if k := key(t); k != "" {
			by[k] += t.Amount
		}
	}
	out := make([]ranked, 0, len(by))
	for k, v := range by {
		out = append(out, ranked{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := -out[i].total, -out[j].total
		if a != b {
			return a > b
		}
		return out[i].name < out[j].name
	})
	return out
}

// allMerchants returns every merchant name with spending in the history.
func (f *Facts) allMerchants() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range f.Data.Transactions {
		if t.Merchant != "" && (t.Flow == demo.FlowSpend || t.Flow == demo.FlowRefund) && !seen[t.Merchant] {
			seen[t.Merchant] = true
			out = append(out, t.Merchant)
		}
	}
	sort.Strings(out)
	return out
}

// Fold lower-cases a name and keeps its letters and digits, one space
// between words: "Trader Joe's" is "trader joes", "Amazon.com" is
// "amazon com".
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’':
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// fillers are words a name may go with or without: "Whole Foods Market"
// is Whole Foods, "Food & drink" is "Food and drink".
var fillers = map[string]bool{"the": true, "and": true, "inc": true, "co": true, "llc": true, "ltd": true,
	"market": true, "store": true, "stores": true, "company": true, "com": true}

// SameName reports whether two names name the same thing, the way a
// person reads them: equal once folded, one the other's first words, or
// equal without filler words.
func SameName(a, b string) bool {
	fa, fb := Fold(a), Fold(b)
	if fa == "" || fb == "" {
		return false
	}
	if fa == fb || wordPrefix(fa, fb) || wordPrefix(fb, fa) {
		return true
	}
	strip := func(s string) string {
		var kept []string
		for _, w := range strings.Fields(s) {
			if !fillers[w] {
				kept = append(kept, w)
			}
		}
		return strings.Join(kept, " ")
	}
	sa, sb := strip(fa), strip(fb)
	return sa != "" && sa == sb
}

// wordPrefix reports whether a's words start b's words.
func wordPrefix(a, b string) bool {
	return a != b && strings.HasPrefix(b, a) && b[len(a)] == ' '
}
