package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"penny/demo"
	"penny/money"
	"penny/store"
)

// Answers on the fixed demo store (seed 1, 10,000 rows, today 2026-11-20),
// each checked against numbers computed here from the demo data itself.

func TestBalanceOfEveryAccountMatchesTheDemoData(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "balance")
	if r.Intent != IntentBalance {
		t.Fatalf("intent %q", r.Intent)
	}
	got := map[string]int64{}
	for _, e := range doc(t, r)["accounts"].([]any) {
		m := e.(map[string]any)
		got[m["name"].(string)] = num(t, m["balance_minor"])
	}
	stored, err := f.st.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, a := range f.d.Accounts {
		// What the data implies: the opening balance plus every posted row.
		bal := a.Opening
		for _, tx := range f.d.Transactions {
			if tx.AccountKey == a.Key && !tx.Pending {
				bal += tx.Amount
			}
		}
		if bal != a.BankBalance {
			t.Fatalf("demo %s: opening + posted = %d, bank balance %d", a.Name, bal, a.BankBalance)
		}
		want[a.Name] = bal
	}
	for _, a := range stored {
		if want[a.Name] != a.Balance.Minor {
			t.Errorf("store says %s is %d, the data %d", a.Name, a.Balance.Minor, want[a.Name])
		}
	}
	if len(got) != len(want) {
		t.Errorf("answer lists %d accounts, want %d", len(got), len(want))
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("balance of %s: answer %d, data %d", name, got[name], w)
		}
	}
	// Totals per currency, never across.
	totals := map[string]int64{}
	for _, a := range f.d.Accounts {
		totals[a.Currency] += want[a.Name]
	}
	for _, e := range doc(t, r)["totals"].([]any) {
		m := e.(map[string]any)
		if c := m["currency"].(string); num(t, m["balance_minor"]) != totals[c] {
			t.Errorf("total %s: %d, want %d", c, num(t, m["balance_minor"]), totals[c])
		}
	}
	for _, s := range []string{"USD", "EUR", "no exchange rate"} {
		if !strings.Contains(r.Text, s) {
			t.Errorf("net worth text %q does not mention %q", r.Text, s)
		}
	}

	for _, a := range f.d.Accounts {
		one := f.ask(t, "balance of "+a.Name)
		accs := doc(t, one)["accounts"].([]any)
		if len(accs) != 1 || accs[0].(map[string]any)["name"] != a.Name {
			t.Errorf("balance of %s answered about %v", a.Name, accs)
			continue
		}
		if b := num(t, accs[0].(map[string]any)["balance_minor"]); b != want[a.Name] {
			t.Errorf("balance of %s: %d, want %d", a.Name, b, want[a.Name])
		}
		if !strings.Contains(one.Text, amtText(want[a.Name], a.Currency)) {
			t.Errorf("text %q lacks %s", one.Text, amtText(want[a.Name], a.Currency))
		}
	}
}

func amtText(minor int64, cur string) string {
	return money.Amount{Minor: minor, Currency: cur}.Format()
}

func TestBalanceAtTheEndOfLastMonth(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "checking balance at the end of last month")
	var want int64
	for _, a := range f.d.Accounts {
		if a.Name != "Everyday Checking" {
			continue
		}
		want = a.Opening
		for _, tx := range f.d.Transactions {
			if tx.AccountKey == a.Key && !tx.Pending && !tx.Posted.After(day(2026, 10, 31)) {
				want += tx.Amount
			}
		}
	}
	accs := doc(t, r)["accounts"].([]any)
	if len(accs) != 1 || num(t, accs[0].(map[string]any)["balance_minor"]) != want {
		t.Fatalf("got %v, want balance %d", accs, want)
	}
}

func TestSpendingOnDiningLastMonth(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "how much did I spend on dining last month?")
	if r.Intent != IntentSpending || r.Slots["category"] != "Dining" || r.Slots["from"] != "2026-10-01" || r.Slots["to"] != "2026-10-31" {
		t.Fatalf("understood %s %v", r.Intent, r.Slots)
	}
	want := demoSums(f.d, func(tx demo.Transaction) bool {
		return spend(tx) && dining(tx.Category) && within(tx, day(2026, 10, 1), day(2026, 10, 31))
	})
	sameSums(t, "dining last month", totalsOf(t, doc(t, r)["totals"]), want)
	if !strings.Contains(r.Text, amtText(-want.total["USD"], "USD")) {
		t.Errorf("text %q lacks the USD total %s", r.Text, amtText(-want.total["USD"], "USD"))
	}
	if len(want.total) > 1 && !strings.Contains(r.Text, "no exchange rate") {
		t.Errorf("two currencies without saying they are apart: %q", r.Text)
	}
	if r.Table == nil || r.Chart == nil || r.Chart.Kind != "bars" {
		t.Errorf("a breakdown should come with a table and bars: %+v %+v", r.Table, r.Chart)
	}
	// The chart holds one currency; its bars add up to at most its total.
	var bars int64
	for _, v := range r.Chart.Values {
		bars += v
	}
	if r.Chart.Currency != "USD" || bars > -want.total["USD"] {
		t.Errorf("chart %s bars sum %d over a total of %d", r.Chart.Currency, bars, -want.total["USD"])
	}
}

func TestSpendingThisMonthLeavesPendingOutAndSaysSo(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "spending this month")
	from, to := day(2026, 11, 1), day(2026, 11, 20)
	want := demoSums(f.d, func(tx demo.Transaction) bool { return spend(tx) && within(tx, from, to) })
	sameSums(t, "spending this month", totalsOf(t, doc(t, r)["totals"]), want)
	pend := demoSums(f.d, func(tx demo.Transaction) bool {
		return tx.Pending && spendFlow(tx) && within(tx, from, to)
	})
	p := doc(t, r)["pending"].(map[string]any)
	if p["included"] != false {
		t.Errorf("pending rows must not be in the totals by default")
	}
	sameSums(t, "pending this month", totalsOf(t, p["totals"]), pend)
	if n := pend.count["USD"]; n == 0 || !strings.Contains(r.Text, "pending") {
		t.Errorf("the demo ends with pending swipes (%d) and the text should say so: %q", n, r.Text)
	}
}

func TestIncomeLastMonth(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "income last month")
	want := demoSums(f.d, func(tx demo.Transaction) bool {
		return earn(tx) && within(tx, day(2026, 10, 1), day(2026, 10, 31))
	})
	sameSums(t, "income last month", totalsOf(t, doc(t, r)["totals"]), want)
	salary := f.ask(t, "salary this year")
	sameSums(t, "salary this year", totalsOf(t, doc(t, salary)["totals"]), demoSums(f.d, func(tx demo.Transaction) bool {
		return earn(tx) && tx.Category == "Salary" && within(tx, day(2026, 1, 1), day(2026, 11, 20))
	}))
}

func TestTransfersAreNeitherSpendingNorIncome(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "spending in 2025")
	all := demoSums(f.d, func(tx demo.Transaction) bool {
		return tx.Amount < 0 && !tx.Pending && tx.Posted.Year() == 2025
	})
	noTransfers := demoSums(f.d, func(tx demo.Transaction) bool { return spend(tx) && tx.Posted.Year() == 2025 })
	if all.total["USD"] == noTransfers.total["USD"] {
		t.Fatal("the demo year should have transfers to leave out")
	}
	sameSums(t, "spending 2025", totalsOf(t, doc(t, r)["totals"]), noTransfers)
}

func TestTopMerchantThisYearIsTheRent(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "top merchants this year")
	top := doc(t, r)["top"].([]any)
	if len(top) == 0 {
		t.Fatal("no top merchants")
	}
	first := top[0].(map[string]any)
	// Independently: group this year's USD spending by descriptor family
	// and find the largest; in the demo that is the landlord.
	byPayee := map[string]int64{}
	for _, tx := range f.d.Transactions {
		if spend(tx) && tx.Currency == "USD" && within(tx, day(2026, 1, 1), day(2026, 11, 20)) {
			byPayee[tx.Merchant] += tx.Amount
		}
	}
	var bestName string
	var best int64
	for name, v := range byPayee {
		if v < best {
			bestName, best = name, v
		}
	}
	var landlord int64
	for _, tx := range f.d.Transactions {
		if spend(tx) && strings.Contains(tx.Payee, "OAKWOOD PROPERTY") && within(tx, day(2026, 1, 1), day(2026, 11, 20)) {
			landlord += tx.Amount
		}
	}
	if first["name"] != bestName || num(t, first["total_minor"]) != best || best != landlord {
		t.Errorf("top merchant %v %v; the data says %s %d (landlord %d)", first["name"], first["total_minor"], bestName, best, landlord)
	}
	if !strings.Contains(r.Text, "1. "+bestName) {
		t.Errorf("text %q does not lead with %s", r.Text, bestName)
	}
	if r.Chart == nil || r.Chart.Kind != "bars" || r.Chart.Labels[0] != bestName {
		t.Errorf("chart %+v", r.Chart)
	}
}

func TestLargestPurchaseLastMonth(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "largest purchase last month")
	var want demo.Transaction
	for _, tx := range f.d.Transactions {
		if spend(tx) && tx.Currency == "USD" && within(tx, day(2026, 10, 1), day(2026, 10, 31)) && tx.Amount < want.Amount {
			want = tx
		}
	}
	txs := doc(t, r)["transactions"].([]any)
	if len(txs) == 0 {
		t.Fatal("no transactions")
	}
	got := txs[0].(map[string]any)
	if num(t, got["amount_minor"]) != want.Amount || got["payee"] != want.Payee {
		t.Errorf("largest: %v %v, want %d %s", got["amount_minor"], got["payee"], want.Amount, want.Payee)
	}
}

func TestSearchOverAHundredDollarsLastWeek(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "show transactions over $100 last week")
	want := demoSums(f.d, func(tx demo.Transaction) bool {
		return tx.Currency == "USD" && (tx.Amount >= 10000 || tx.Amount <= -10000) && within(tx, day(2026, 11, 9), day(2026, 11, 15))
	})
	d := doc(t, r)
	if n := num(t, d["count"]); n != want.count["USD"] {
		t.Errorf("count %d, want %d", n, want.count["USD"])
	}
	sameSums(t, "over $100 last week", totalsOf(t, d["totals"]), want)
	for _, e := range d["transactions"].([]any) {
		m := e.(map[string]any)
		if a := num(t, m["amount_minor"]); a > -10000 && a < 10000 {
			t.Errorf("row %v is under $100", m)
		}
	}
}

func TestNetflixPriceIncreaseIsFound(t *testing.T) {
	f := sharedDemo(t)
	// When the data says Netflix went from 15.49 to 17.99.
	var rise time.Time
	for _, tx := range f.d.Transactions {
		if tx.Merchant == "Netflix" && tx.Amount == -1799 {
			rise = time.Date(tx.Posted.Year(), tx.Posted.Month(), 1, 0, 0, 0, 0, time.UTC)
			break
		}
	}
	if rise.IsZero() {
		t.Fatal("the demo has no Netflix rise")
	}
	for _, q := range []string{"subscriptions", "any price increases?", "netflix price increase"} {
		r := f.ask(t, q)
		if r.Intent != IntentSubscriptions {
			t.Fatalf("%q: intent %s", q, r.Intent)
		}
		var found bool
		for _, e := range doc(t, r)["recurring"].([]any) {
			m := e.(map[string]any)
			if m["merchant"] != "Netflix" {
				continue
			}
			found = true
			if num(t, m["amount_minor"]) != -1799 || m["active"] != true || m["kind"] != "fixed" {
				t.Errorf("%q: Netflix %v", q, m)
			}
			ch := m["price_changes"].([]any)
			if len(ch) != 1 {
				t.Fatalf("%q: Netflix changes %v", q, ch)
			}
			c := ch[0].(map[string]any)
			if num(t, c["from_minor"]) != -1549 || num(t, c["to_minor"]) != -1799 || c["since"] != rise.Format("2006-01") ||
				num(t, c["percent"]) != 16 {
				t.Errorf("%q: change %v, want -1549 -> -1799 since %s", q, c, rise.Format("2006-01"))
			}
		}
		if !found {
			t.Errorf("%q: Netflix not among the recurring charges", q)
		}
		if !strings.Contains(r.Text, "Netflix 15.49 → 17.99 USD") {
			t.Errorf("%q: text %q does not show the rise", q, r.Text)
		}
	}
	// Groceries at Safeway are frequent, not monthly: never a subscription.
	r := f.ask(t, "subscriptions")
	for _, e := range doc(t, r)["recurring"].([]any) {
		if m := e.(map[string]any); m["merchant"] == "Safeway" || m["merchant"] == "Blue Bottle Coffee" {
			t.Errorf("%v is not a recurring charge", m["merchant"])
		}
	}
}

func TestCategorizeMakesARuleAndMovesTheHistory(t *testing.T) {
	f := loadDemo(t, demoRows)
	ctx := t.Context()
	r := f.ask(t, "categorize blue bottle as treats")
	if r.Intent != IntentCategorize || r.Slots["merchant"] != "Blue Bottle Coffee" || r.Slots["new_category"] != "Treats" {
		t.Fatalf("understood %s %v", r.Intent, r.Slots)
	}
	rules, err := f.st.Rules(ctx, "category")
	if err != nil {
		t.Fatal(err)
	}
	// The rule names the merchant, so it follows every descriptor the bank
	// prints for it.
	if len(rules) != 1 || rules[0].Value != "Treats" || rules[0].Pattern != store.MerchantRulePrefix+"blue-bottle-coffee" {
		t.Fatalf("rules %+v", rules)
	}
	var moved int64
	for _, tx := range f.d.Transactions {
		if tx.Merchant == "Blue Bottle Coffee" {
			moved++
		}
	}
	if got := num(t, doc(t, r)["updated"]); got != moved || moved == 0 {
		t.Errorf("updated %d, the data has %d matching rows", got, moved)
	}
	rows, err := f.st.Transactions(ctx, store.TxQuery{Category: "Treats"})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)) != moved {
		t.Errorf("%d Blue Bottle rows in the store, %d moved", len(rows), moved)
	}
	for _, tx := range rows {
		if tx.MerchantKey != "blue-bottle-coffee" {
			t.Fatalf("%s on %s moved to Treats", tx.Payee, tx.Posted.Format(time.DateOnly))
		}
	}
	// The new category is a name the assistant knows at once.
	after := f.ask(t, "spending on treats last month")
	if after.Slots["category"] != "Treats" {
		t.Fatalf("after the rule, treats is %v", after.Slots)
	}
	sameSums(t, "treats last month", totalsOf(t, doc(t, after)["totals"]), demoSums(f.d, func(tx demo.Transaction) bool {
		return spend(tx) && tx.Merchant == "Blue Bottle Coffee" && within(tx, day(2026, 10, 1), day(2026, 10, 31))
	}))
	comps, err := f.a.Completions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(comps, "Treats") {
		t.Errorf("completions lack the new category")
	}
}

func TestCashFlowPerMonth(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "cash flow")
	type io struct{ in, out int64 }
	want := map[string]io{}
	for _, tx := range f.d.Transactions {
		if tx.Pending || tx.Posted.Before(day(2026, 6, 1)) {
			continue
		}
		k := tx.Posted.Format("2006-01") + " " + tx.Currency
		v := want[k]
		switch {
		case earn(tx):
			v.in += tx.Amount
		case spend(tx):
			v.out += tx.Amount
		}
		want[k] = v
	}
	months := doc(t, r)["months"].([]any)
	if len(months) != 12 { // six months in two currencies
		t.Fatalf("%d month rows", len(months))
	}
	for _, e := range months {
		m := e.(map[string]any)
		k := m["month"].(string) + " " + m["currency"].(string)
		w := want[k]
		if num(t, m["in_minor"]) != w.in || num(t, m["out_minor"]) != w.out || num(t, m["net_minor"]) != w.in+w.out {
			t.Errorf("%s: %v, want in %d out %d", k, m, w.in, w.out)
		}
	}
	if r.Chart == nil || r.Chart.Kind != "sparkline" || len(r.Chart.Values) != 6 || r.Chart.Currency != "USD" {
		t.Errorf("chart %+v", r.Chart)
	}
}

func TestTheDuplicateChargeIsFound(t *testing.T) {
	f := sharedDemo(t)
	type k struct {
		acct, payee string
		posted      time.Time
		amount      int64
	}
	seen := map[k]int{}
	for _, tx := range f.d.Transactions {
		if spend(tx) {
			seen[k{tx.AccountKey, tx.Payee, tx.Posted, tx.Amount}]++
		}
	}
	var dups []k
	for key, n := range seen {
		if n > 1 {
			dups = append(dups, key)
		}
	}
	if len(dups) != 1 {
		t.Fatalf("the demo has %d duplicates", len(dups))
	}
	r := f.ask(t, "any duplicate charges ever?")
	list := doc(t, r)["duplicates"].([]any)
	if len(list) != 1 {
		t.Fatalf("found %v", list)
	}
	m := list[0].(map[string]any)
	if m["payee"] != dups[0].payee || num(t, m["amount_minor"]) != dups[0].amount || m["posted"] != dups[0].posted.Format(time.DateOnly) {
		t.Errorf("found %v, want %+v", m, dups[0])
	}
}

func TestComparingTwoMonths(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "dining this month vs last month")
	cur := demoSums(f.d, func(tx demo.Transaction) bool {
		return spend(tx) && dining(tx.Category) && within(tx, day(2026, 11, 1), day(2026, 11, 20))
	})
	prev := demoSums(f.d, func(tx demo.Transaction) bool {
		return spend(tx) && dining(tx.Category) && within(tx, day(2026, 10, 1), day(2026, 10, 31))
	})
	cmp := doc(t, r)["compare"].(map[string]any)
	sameSums(t, "previous month", totalsOf(t, cmp["totals"]), prev)
	for _, e := range cmp["change"].([]any) {
		m := e.(map[string]any)
		c := m["currency"].(string)
		if want := -cur.total[c] + prev.total[c]; num(t, m["change_minor"]) != want {
			t.Errorf("change %s: %v, want %d", c, m["change_minor"], want)
		}
	}
}

func TestNewRowsAreKnownAtTheNextQuestion(t *testing.T) {
	f := loadDemo(t, 2_000)
	ctx := t.Context()
	before := f.ask(t, "balance")
	_ = before
	_, err := f.st.InsertTransactions(ctx, []store.NewTransaction{{
		AccountID: f.ids["demo-visa"], ExternalID: "new-1", Posted: day(2026, 11, 19), Amount: -4250,
		Currency: "USD", Payee: "SQ *ZEBRA CAFE OAKLAND CA", Category: "Dining",
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := f.ask(t, "spending at zebra cafe this month")
	if r.Slots["merchant"] != "Zebra Cafe" {
		t.Fatalf("the new merchant is not known: %v %q", r.Slots, r.Text)
	}
	sameSums(t, "zebra", totalsOf(t, doc(t, r)["totals"]), sums{total: map[string]int64{"USD": -4250}, count: map[string]int64{"USD": 1}})
}

// Every answer is JSON a script can use: amounts are decimal strings with
// integer *_minor twins that agree, and no number has a fraction.
func TestAnswersAreExactJSON(t *testing.T) {
	f := sharedDemo(t)
	for _, q := range []string{"balance", "spending last month", "income this year", "top categories in 2025",
		"largest purchases this month", "transactions over $100 last week", "subscriptions", "cash flow",
		"any duplicate charges ever?", "dining this month vs last month", "netflix", "spending per month this year",
		"pending", "alerts", "sync", "help", "blorp", "spending at blue"} {
		r := f.ask(t, q)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		checkJSON(t, q, v)
		if r.Text == "" {
			t.Errorf("%q: no text", q)
		}
	}
}

func checkJSON(t *testing.T, q string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if strings.HasSuffix(k, "_minor") {
				base := strings.TrimSuffix(k, "_minor")
				s, ok := v[base].(string)
				if !ok {
					t.Errorf("%q: %s has no decimal twin %s", q, k, base)
					continue
				}
				cur, _ := v["currency"].(string)
				if cur == "" {
					cur = "USD"
				}
				minor, err := money.ParseMinor(s, money.MustLookup(cur).Exponent, money.ParseOptions{})
				if err != nil || minor != num(t, x) {
					t.Errorf("%q: %s=%q but %s=%v", q, base, s, k, x)
				}
			}
			checkJSON(t, q, x)
		}
	case []any:
		for _, x := range v {
			checkJSON(t, q, x)
		}
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			t.Errorf("%q: JSON number %s has a fraction", q, v)
		}
	}
}

func TestCompletions(t *testing.T) {
	f := sharedDemo(t)
	comps, err := f.a.Completions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"balance", "spending", "help", "Everyday Checking", "Wise EUR", "Restaurants",
		"Groceries", "Netflix", "Blue Bottle Coffee", "Trader Joe's", "Amazon"} {
		if !slices.Contains(comps, want) {
			t.Errorf("completions lack %q", want)
		}
	}
	for _, c := range comps {
		if strings.Contains(strings.ToLower(c), "transfer to savings") {
			t.Errorf("a transfer between own accounts is no merchant: %q", c)
		}
	}
}

func TestAlertsAndSync(t *testing.T) {
	f := loadDemo(t, 500)
	ctx := t.Context()
	if _, _, err := f.st.AddAlert(ctx, store.Alert{Rule: "price_increase", Severity: "warning",
		Title: "Netflix went up to 17.99 USD", DedupKey: "test-1"}); err != nil {
		t.Fatal(err)
	}
	r := f.ask(t, "any new alerts?")
	if r.Intent != IntentAlerts || !strings.Contains(r.Text, "Netflix went up to 17.99 USD") {
		t.Errorf("alerts: %s %q", r.Intent, r.Text)
	}
	if list := doc(t, r)["alerts"].([]any); len(list) != 1 {
		t.Errorf("alerts data %v", list)
	}
	s := f.ask(t, "sync my bank")
	if s.Intent != IntentSync || !strings.Contains(s.Text, "penny connect") {
		t.Errorf("sync: %s %q", s.Intent, s.Text)
	}
}

func TestSpendingIncludingPendingCountsThem(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "spending this month including pending")
	from, to := day(2026, 11, 1), day(2026, 11, 20)
	sameSums(t, "with pending", totalsOf(t, doc(t, r)["totals"]), demoSums(f.d, func(tx demo.Transaction) bool {
		return spendFlow(tx) && within(tx, from, to)
	}))
	if p := doc(t, r)["pending"].(map[string]any); p["included"] != true || !strings.Contains(r.Text, "includes") {
		t.Errorf("pending %v, text %q", p, r.Text)
	}
}

func TestAnEmptyVaultAnswersPolitely(t *testing.T) {
	ctx := t.Context()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	a := New(st, Options{Now: func() time.Time { return testNow }})
	for q, want := range map[string]string{
		"balance":               "no accounts yet",
		"spending last month":   "You spent nothing",
		"income this year":      "No money came in",
		"top merchants":         "No spending",
		"largest purchases":     "No charges",
		"transactions":          "No transactions",
		"subscriptions":         "no monthly recurring charges",
		"cash flow":             "No money moved",
		"any duplicate charges": "No duplicate charges",
		"alerts":                "No unread alerts",
		"sync":                  "penny connect",
		"help":                  "Ask me",
	} {
		r, err := a.Ask(ctx, q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !strings.Contains(r.Text, want) {
			t.Errorf("%q: %q lacks %q", q, r.Text, want)
		}
	}
	if c, err := a.Completions(ctx); err != nil || !slices.Contains(c, "balance") {
		t.Errorf("completions %v %v", c, err)
	}
}

// A category changed in place by another writer moves the store's write
// generation, and the next question sees it without a Refresh; so does one
// changed together with new rows, which alone the index would only extend.
func TestACategoryChangedElsewhereIsSeen(t *testing.T) {
	f := loadDemo(t, 2_000)
	ctx := t.Context()
	before := f.ask(t, "spending on restaurants last month")
	rows, err := f.st.Transactions(ctx, store.TxQuery{Category: "Restaurants", Since: day(2026, 10, 1), Until: day(2026, 10, 31), Limit: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	if err := f.st.SetCategory(ctx, rows[0].ID, "Clothing"); err != nil {
		t.Fatal(err)
	}
	after := f.ask(t, "spending on restaurants last month")
	b, a := totalsOf(t, doc(t, before)["totals"]), totalsOf(t, doc(t, after)["totals"])
	cur := rows[0].Amount.Currency
	if a.total[cur] != b.total[cur]-rows[0].Amount.Minor || a.count[cur] != b.count[cur]-1 {
		t.Errorf("after moving %d out of Restaurants: %d over %d rows, before %d over %d", rows[0].Amount.Minor, a.total[cur], a.count[cur], b.total[cur], b.count[cur])
	}

	// A new row and an in-place change in one write.
	err = f.st.WithTx(ctx, func(tx *store.Store) error {
		if _, err := tx.InsertTransactions(ctx, []store.NewTransaction{{AccountID: rows[0].AccountID, Posted: day(2026, 10, 15),
			Amount: -1234, Currency: cur, Payee: "Corner Bistro", Category: "Restaurants"}}); err != nil {
			return err
		}
		return tx.SetCategory(ctx, rows[0].ID, "Restaurants")
	})
	if err != nil {
		t.Fatal(err)
	}
	again := totalsOf(t, doc(t, f.ask(t, "spending on restaurants last month"))["totals"])
	if again.total[cur] != b.total[cur]-1234 || again.count[cur] != b.count[cur]+1 {
		t.Errorf("after a row came and one went back: %d over %d rows, want %d over %d", again.total[cur], again.count[cur], b.total[cur]-1234, b.count[cur]+1)
	}
}

// The UI asks from several commands at once; answers must not mix.
func TestConcurrentQuestions(t *testing.T) {
	f := sharedDemo(t)
	want := f.ask(t, "spending on dining last month").Text
	done := make(chan string)
	for range 8 {
		go func() {
			r, err := f.a.Ask(context.Background(), "spending on dining last month")
			if err != nil {
				done <- err.Error()
				return
			}
			_, _ = f.a.Completions(context.Background())
			done <- r.Text
		}()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Errorf("concurrent answer %q, want %q", got, want)
		}
	}
}

func TestRenamingAMerchantFromTheChat(t *testing.T) {
	f := loadDemo(t, 2_000)
	ctx := t.Context()
	before := f.ask(t, "spending at whole foods this year")
	r := f.ask(t, "call WHOLEFDS Grocery Palace")
	if r.Intent != IntentRename || r.Outcome != OutcomeAnswered || !strings.Contains(r.Text, "Grocery Palace") {
		t.Fatalf("rename: %s %s %q", r.Intent, r.Outcome, r.Text)
	}
	var want int64
	for _, tx := range f.d.Transactions {
		if tx.Merchant == "Whole Foods Market" {
			want++
		}
	}
	if got := num(t, doc(t, r)["updated"]); got != want || want == 0 {
		t.Errorf("renamed %d rows, the data has %d at Whole Foods", got, want)
	}
	after := f.ask(t, "spending at grocery palace this year")
	sameSums(t, "renamed", totalsOf(t, doc(t, after)["totals"]), totalsOf(t, doc(t, before)["totals"]))
	rules, err := f.st.Rules(ctx, store.MerchantRuleKind)
	if err != nil || len(rules) != 1 || rules[0].Pattern != "whole-foods" || rules[0].Value != "Grocery Palace" {
		t.Errorf("rules %+v %v", rules, err)
	}
	if r := f.ask(t, "rename blorp to x"); r.Outcome != OutcomeDeclined {
		t.Errorf("an unknown merchant was renamed: %q", r.Text)
	}
}

// "top payers" ranks who paid the household (employers, clients), computed
// here from the generator's truth: never merchants whose money in was a
// refund of a purchase.
func TestTopPayersAreIncomeNotRefunds(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "top payers this year")
	top := doc(t, r)["top"].([]any)
	if len(top) == 0 {
		t.Fatalf("no top payers: %q", r.Text)
	}
	earned := map[string]int64{}
	refunded := map[string]bool{}
	for _, tx := range f.d.Transactions {
		if tx.Currency != "USD" || !within(tx, day(2026, 1, 1), day(2026, 11, 20)) {
			continue
		}
		if earn(tx) && tx.Merchant != "" {
			earned[tx.Merchant] += tx.Amount
		}
		if !tx.Pending && tx.Flow == demo.FlowRefund {
			refunded[tx.Merchant] = true
		}
	}
	if len(refunded) == 0 {
		t.Fatal("the demo year should have refunds for this test to tell apart")
	}
	var best string
	for name, v := range earned {
		if v > earned[best] {
			best = name
		}
	}
	first := top[0].(map[string]any)
	if first["name"] != best || fmt.Sprint(first["total_minor"]) != fmt.Sprint(earned[best]) {
		t.Errorf("top payer %v %v, want %s %d (from the data)", first["name"], first["total_minor"], best, earned[best])
	}
	for _, row := range top {
		if name := row.(map[string]any)["name"].(string); refunded[name] && earned[name] == 0 {
			t.Errorf("%s only refunded purchases, yet ranks among the payers: %q", name, r.Text)
		}
	}
	if !strings.Contains(r.Text, "payers") || strings.Contains(r.Text, "merchants") {
		t.Errorf("the text should speak of payers: %q", r.Text)
	}
}
