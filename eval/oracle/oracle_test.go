package oracle

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/demo"
)

var now = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

func history(t *testing.T) *Facts {
	t.Helper()
	return New(demo.Generate(demo.Options{Seed: 7, Transactions: 10_000, End: now}), now)
}

// The oracle must not share code with what it judges: it may import the
// demo generator and the standard library, nothing else of Penny.
func TestOracleImportsOnlyDemo(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "penny/") && path != "penny/demo" || strings.Contains(strings.Split(path, "/")[0], ".") {
				t.Errorf("%s imports %s: the oracle may use only penny/demo and the standard library", name, path)
			}
		}
	}
}

// A tiny history written by hand: every number below is worked out on
// paper from these rows.
func handmade() *Facts {
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
	rows := []demo.Transaction{
		{AccountKey: "chk", Posted: d(10, 1), Amount: -250000, Currency: "USD", Merchant: "Landlord", Category: "Rent", Flow: demo.FlowSpend},
		{AccountKey: "chk", Posted: d(10, 2), Amount: -450, Currency: "USD", Merchant: "Blue Bottle Coffee", Category: "Coffee", Flow: demo.FlowSpend},
		{AccountKey: "chk", Posted: d(10, 3), Amount: -12000, Currency: "USD", Merchant: "Target", Category: "General merchandise", Flow: demo.FlowSpend},
		{AccountKey: "chk", Posted: d(10, 9), Amount: 2000, Currency: "USD", Merchant: "Target", Category: "General merchandise", Flow: demo.FlowRefund},
		{AccountKey: "chk", Posted: d(10, 15), Amount: 500000, Currency: "USD", Merchant: "Acme", Category: "Salary", Flow: demo.FlowIncome},
		{AccountKey: "chk", Posted: d(10, 16), Amount: -100000, Currency: "USD", Category: "Between accounts", Flow: demo.FlowTransfer},
		{AccountKey: "sav", Posted: d(10, 16), Amount: 100000, Currency: "USD", Category: "Between accounts", Flow: demo.FlowTransfer},
		{AccountKey: "chk", Posted: d(10, 20), Amount: -8000, Currency: "USD", Category: "Cash withdrawal", Flow: demo.FlowCash},
		{AccountKey: "chk", Posted: d(10, 25), Amount: -30000, Currency: "USD", Category: "Card payment", Flow: demo.FlowCardPayment},
		{AccountKey: "eur", Posted: d(10, 26), Amount: -390, Currency: "EUR", Merchant: "Einstein Kaffee", Category: "Coffee", Flow: demo.FlowSpend},
		{AccountKey: "chk", Posted: d(11, 2), Amount: -475, Currency: "USD", Merchant: "Blue Bottle Coffee", Category: "Coffee", Flow: demo.FlowSpend},
		{AccountKey: "chk", Posted: d(11, 19), Amount: -999, Currency: "USD", Merchant: "Blue Bottle Coffee", Category: "Coffee", Flow: demo.FlowSpend, Pending: true},
	}
	data := &demo.Data{Transactions: rows, Accounts: []demo.Account{
		{Key: "chk", Currency: "USD", Opening: 1000}, {Key: "sav", Currency: "USD", Opening: 0}, {Key: "eur", Currency: "EUR", Opening: 5000}}}
	return New(data, now)
}

func TestSumsByHand(t *testing.T) {
	f := handmade()
	oct := monthRange(2026, time.October)
	all := Range{f.First, f.Today}
	for _, c := range []struct {
		name  string
		r     Range
		keep  pred
		sum   Money
		count Money
	}{
		// Rent 2,500.00 + coffee 4.50 + Target 120.00 - refund 20.00 = 2,604.50;
		// the transfer, cash and card payment are not spending.
		{"spending in October", oct, spending, Money{"USD": -260450, "EUR": -390}, Money{"USD": 4, "EUR": 1}},
		{"income in October", oct, income, Money{"USD": 500000}, Money{"USD": 1}},
		{"Target net of its refund", oct, and(spending, atMerchant("Target")), Money{"USD": -10000}, Money{"USD": 2}},
		// The pending coffee of Nov 19 is not counted.
		{"coffee, all time", all, and(spending, inCategories("Coffee")), Money{"USD": -925, "EUR": -390}, Money{"USD": 2, "EUR": 1}},
		{"food & drink covers coffee", all, and(spending, inCategories(Leaves("Food & drink")...)), Money{"USD": -925, "EUR": -390}, Money{"USD": 2, "EUR": 1}},
		{"refunds", oct, refund, Money{"USD": 2000}, Money{"USD": 1}},
		{"cash", oct, flow(demo.FlowCash), Money{"USD": -8000}, Money{"USD": 1}},
	} {
		sum, n := f.Sum(c.r, c.keep)
		if !reflect.DeepEqual(sum, c.sum) || !reflect.DeepEqual(n, c.count) {
			t.Errorf("%s: got %v over %v rows, want %v over %v", c.name, sum, n, c.sum, c.count)
		}
	}
	// Checking: 10.00 opening + 5,000.00 - 2,500.00 - 4.50 - 120.00 + 20.00
	// - 1,000.00 - 80.00 - 300.00 - 4.75 (the pending coffee is not in the
	// balance) = 1,020.75.
	if got := f.Balance("chk", f.Today); got != 102075 {
		t.Errorf("checking balance %d, want 102075", got)
	}
	if got := f.Balance("chk", time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)); got != 1000-250000-450-12000+2000 {
		t.Errorf("checking balance on Oct 9: %d", got)
	}
	// Averages round half away from zero: -260450 / 4 = -65112.5 → -65113.
	if got := average(Money{"USD": -260450}, func(string) int64 { return 4 }); got["USD"] != -65113 {
		t.Errorf("average %v, want -65113", got)
	}
	if got := average(Money{"USD": 1000}, func(string) int64 { return 3 }); got["USD"] != 333 {
		t.Errorf("average %v, want 333", got)
	}
	if got := Format(-123456789, "USD"); got != "-1,234,567.89 USD" {
		t.Errorf("Format: %s", got)
	}
	if got := Format(5, "EUR"); got != "0.05 EUR" {
		t.Errorf("Format: %s", got)
	}
}

func TestPeriodsAsOfNow(t *testing.T) {
	f := &Facts{Today: civil(now)} // Friday, November 20, 2026
	d := func(y int, m time.Month, dd int) time.Time { return day(y, m, dd) }
	for _, c := range []struct {
		p    Period
		want []Range
	}{
		{f.thisMonth(), []Range{{d(2026, 11, 1), d(2026, 11, 20)}}},
		{f.lastMonth(), []Range{{d(2026, 10, 1), d(2026, 10, 31)}}},
		{f.thisYear(), []Range{{d(2026, 1, 1), d(2026, 11, 20)}}},
		{f.lastYear(), []Range{{d(2025, 1, 1), d(2025, 12, 31)}}},
		{f.lastQuarter(), []Range{{d(2026, 7, 1), d(2026, 9, 30)}}},
		{f.lastWeek(), []Range{{d(2026, 11, 9), d(2026, 11, 15)}, {d(2026, 11, 8), d(2026, 11, 14)}}},
		{f.yesterday(), []Range{{d(2026, 11, 19), d(2026, 11, 19)}}},
		{f.lastNamedMonth(time.March), []Range{{d(2026, 3, 1), d(2026, 3, 31)}}},
		{f.lastNamedMonth(time.December), []Range{{d(2025, 12, 1), d(2025, 12, 31)}}},
		{f.sinceMonth(time.June), []Range{{d(2026, 6, 1), d(2026, 11, 20)}}},
		{f.lastDays("", 30), []Range{{d(2026, 10, 22), d(2026, 11, 20)}, {d(2026, 10, 21), d(2026, 11, 19)}, {d(2026, 10, 21), d(2026, 11, 20)}}},
		{quarterPeriod("", 2025, 3), []Range{{d(2025, 7, 1), d(2025, 9, 30)}}},
		{monthPeriod("", 2024, time.February), []Range{{d(2024, 2, 1), d(2024, 2, 29)}}},
	} {
		if !reflect.DeepEqual(c.p.Ranges, c.want) {
			t.Errorf("%q: got %v, want %v", c.p.Words, c.p.Ranges, c.want)
		}
	}
}

// On the real history: the oracle's balance is the bank's, and totals
// computed from the flows agree with totals computed from the categories
// by the taxonomy's rules (a second, independent reading of each row).
func TestOracleAgreesWithTheHistory(t *testing.T) {
	f := history(t)
	for _, a := range f.Data.Accounts {
		if got := f.Balance(a.Key, f.Today); got != a.BankBalance {
			t.Errorf("%s: oracle balance %d, bank %d", a.Key, got, a.BankBalance)
		}
	}
	// The taxonomy's rules, restated from the category of each row.
	byCategory := func(t *demo.Transaction) bool {
		switch {
		case t.Pending || ParentOf(t.Category) == "Income":
			return false
		case ParentOf(t.Category) == "Transfers":
			return t.Category == "To people" && t.Amount < 0
		case t.Category == "":
			return t.Amount < 0 || t.Merchant != ""
		}
		return true
	}
	r := yearRange(2025)
	a, _ := f.Sum(r, spending)
	b, _ := f.Sum(r, byCategory)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("2025 spending by flow %v, by category %v", a, b)
	}
	// Spending splits into parents exactly, and into merchants plus the
	// rows with no merchant.
	parts := Money{}
	for _, p := range parents {
		s, _ := f.Sum(r, and(spending, inCategories(p.leaves...)))
		for c, v := range s {
			parts[c] += v
		}
	}
	if !reflect.DeepEqual(parts, a) {
		t.Errorf("2025 parents add up to %v, spending is %v", parts, a)
	}
	parts = Money{}
	for _, m := range f.merchants(r) {
		for c, v := range m.spent {
			parts[c] += v
		}
	}
	noMerchant, _ := f.Sum(r, and(spending, func(t *demo.Transaction) bool { return t.Merchant == "" }))
	for c, v := range noMerchant {
		parts[c] += v
	}
	if !reflect.DeepEqual(parts, a) {
		t.Errorf("2025 merchants add up to %v, spending is %v", parts, a)
	}
	// By hand: rent is paid once a month, Netflix bills once a month, and
	// the salary comes twice a month plus a bonus in March.
	for _, c := range []struct {
		name string
		keep pred
		n    int64
	}{
		{"rent", and(spending, inCategories("Rent")), 12},
		{"Netflix", and(spending, atMerchant("Netflix")), 12},
		{"salary", and(income, inCategories("Salary")), 25},
	} {
		_, n := f.Sum(r, c.keep)
		if n["USD"] != c.n {
			t.Errorf("2025 %s: %d rows, want %d", c.name, n["USD"], c.n)
		}
	}
	var rent int64
	for _, tx := range f.Data.Transactions {
		if tx.Category == "Rent" && tx.Posted.Year() == 2025 {
			rent += tx.Amount
		}
	}
	if s, _ := f.Sum(r, and(spending, inCategories("Rent"))); s["USD"] != rent {
		t.Errorf("2025 rent: oracle %d, rows %d", s["USD"], rent)
	}
}

func TestQuestionsAreManyFixedAndComplete(t *testing.T) {
	f := history(t)
	qs := f.Questions()
	if len(qs) < 400 {
		t.Errorf("%d questions, want at least 400", len(qs))
	}
	again := history(t).Questions()
	if !reflect.DeepEqual(qs, again) {
		t.Error("the same history gave different questions")
	}
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[q.Text] {
			t.Errorf("question asked twice: %q", q.Text)
		}
		seen[q.Text] = true
		if q.Kind == "" || q.Outcome == "" {
			t.Errorf("%q: no kind or outcome", q.Text)
		}
		if q.Outcome == Answered && (q.Check == CheckNone || len(q.Answers) == 0) {
			t.Errorf("%q: in scope but nothing to check", q.Text)
		}
	}
}
