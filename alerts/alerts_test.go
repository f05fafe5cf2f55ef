package alerts

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"penny/store/storetest"
	"strings"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

// rich builds a fixture where every rule has something to say.
func rich(f *fixture) []int64 {
	f.account("Checking", "checking", "USD", "0")
	f.account("Visa Signature", "credit", "USD", "0")
	f.account("Euro Account", "checking", "EUR", "50.00")
	f.history(
		row{acct: "Checking", date: "2026-02-22", amount: "-1200.00", payee: "OAKWOOD PROPERTY MGMT WEB PMTS", cat: "Rent"},
		row{acct: "Checking", date: "2026-03-22", amount: "-1200.00", payee: "OAKWOOD PROPERTY MGMT WEB PMTS", cat: "Rent"},
		row{acct: "Checking", date: "2026-02-28", amount: "1500.00", payee: "ACME PAYROLL", cat: "Salary"},
		row{acct: "Checking", date: "2026-03-31", amount: "1500.00", payee: "ACME PAYROLL", cat: "Salary"},
		row{acct: "Visa Signature", date: "2026-02-15", amount: "-15.49", payee: "NETFLIX.COM 866-579-7172 CA", cat: "Subscriptions"},
		row{acct: "Visa Signature", date: "2026-03-16", amount: "-15.49", payee: "NETFLIX.COM 866-579-7172 CA", cat: "Subscriptions"},
		row{acct: "Visa Signature", date: "2026-01-05", amount: "-60.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
		row{acct: "Visa Signature", date: "2026-02-05", amount: "-60.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
		row{acct: "Visa Signature", date: "2026-03-05", amount: "-60.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
		row{acct: "Visa Signature", date: "2026-03-30", amount: "-170.38", payee: "AMZN Mktp US*T0276MM27", cat: "Shopping"},
	)
	src, err := f.st.CreateSource(f.ctx, "bank", "simplefin", "{}")
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.st.RecordSync(f.ctx, src.ID, now.Add(-time.Hour), "timeout"); err != nil {
		f.t.Fatal(err)
	}
	return f.add(
		row{acct: "Visa Signature", date: "2026-04-15", amount: "-17.99", payee: "NETFLIX.COM 866-579-7172 CA", cat: "Subscriptions"},
		row{acct: "Visa Signature", date: "2026-04-16", amount: "-1240.00", payee: "APPLE STORE #R034 BERKELEY CA", cat: "Shopping"},
		row{acct: "Visa Signature", date: "2026-04-16", amount: "-48.73", payee: "SHELL OIL 1", at: "12:00"},
		row{acct: "Visa Signature", date: "2026-04-16", amount: "-48.73", payee: "SHELL OIL 1", at: "12:01"},
		row{acct: "Visa Signature", date: "2026-03-20", amount: "-1.00", payee: "DISNEY PLUS", cat: "Subscriptions"},
		row{acct: "Visa Signature", date: "2026-04-19", amount: "-13.99", payee: "DISNEY PLUS", cat: "Subscriptions"},
		row{acct: "Visa Signature", date: "2026-04-14", amount: "170.38", payee: "AMZN Mktp US*X81KQ2", cat: "Refund"},
		row{acct: "Checking", date: "2026-04-15", amount: "200.00", payee: "MOBILE DEPOSIT"},
		row{acct: "Visa Signature", date: "2026-04-12", amount: "-300.00", payee: "ZUNI CAFE", cat: "Dining"},
		row{acct: "Visa Signature", date: "2026-04-16", amount: "-37.21", cur: "EUR", payee: "MONOPRIX PARIS 5632"},
		row{acct: "Visa Signature", date: "2026-04-10", amount: "-52.15", payee: "CHASE CENTER", pending: true},
		row{acct: "Euro Account", date: "2026-04-18", amount: "-20.00", payee: "REWE MARKT GMBH BERLIN"},
	)
}

func rules(as []store.Alert) map[string]int {
	m := map[string]int{}
	for _, a := range as {
		m[a.Rule]++
	}
	return m
}

func TestEveryRuleOnce(t *testing.T) {
	f := newFixture(t)
	ids := rich(f)
	got := f.evaluate(ids)
	want := map[string]int{
		RuleSource: 1, RuleLowBalance: 1, RuleProjected: 1, RuleLarge: 1, RuleNewMerchant: 7, RuleDuplicate: 1,
		RulePriceIncrease: 1, RuleTrial: 1, RuleRefund: 1, RuleDeposit: 1, RuleCategory: 1, RuleForeign: 1, RulePending: 1,
	}
	if g := rules(got); len(g) != len(want) {
		t.Errorf("rules %v, want %v\n%s", g, want, dump(got))
	} else {
		for r, n := range want {
			if g[r] != n {
				t.Errorf("%s: %d alerts, want %d\n%s", r, g[r], n, dump(got))
			}
		}
	}
	for _, a := range got {
		if a.Why == "" || !strings.HasPrefix(a.Why, "Rule "+a.Rule+": ") || a.DedupKey == "" || a.Title == "" || a.Body == "" {
			t.Errorf("alert does not explain itself: %+v", a)
		}
		if a.AccountID == 0 && a.Rule != RuleSource { // no account comes from that source
			t.Errorf("%s: no account", a.Rule)
		}
		if a.Severity != Info && a.Severity != Warning && a.Severity != Danger {
			t.Errorf("%s: severity %q", a.Rule, a.Severity)
		}
	}
	// Idempotent: the same event again, and a full re-evaluation, raise
	// nothing new.
	if again := f.evaluate(ids); len(again) != 0 {
		t.Errorf("the same event raised again:\n%s", dump(again))
	}
	if all := f.evaluateAll(); len(all) != 0 {
		t.Errorf("EvaluateAll after Evaluate raised:\n%s", dump(all))
	}
	stored, err := f.st.Alerts(f.ctx, store.AlertQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(got) {
		t.Errorf("%d alerts stored, %d returned", len(stored), len(got))
	}
}

func TestEvaluateAllTwiceAndThenEvaluate(t *testing.T) {
	f := newFixture(t)
	ids := rich(f)
	first := f.evaluateAll()
	if len(first) == 0 {
		t.Fatal("EvaluateAll raised nothing")
	}
	if again := f.evaluateAll(); len(again) != 0 {
		t.Errorf("EvaluateAll twice raised:\n%s", dump(again))
	}
	if later := f.evaluate(ids); len(later) != 0 {
		t.Errorf("Evaluate after EvaluateAll raised:\n%s", dump(later))
	}
}

func TestAlertsRollBackWithTheImport(t *testing.T) {
	f := newFixture(t)
	ids := rich(f)
	boom := errors.New("import failed later")
	err := f.st.WithTx(f.ctx, func(tx *store.Store) error {
		got, err := Evaluate(f.ctx, tx, Event{NewTransactionIDs: ids, Now: now})
		if err != nil {
			return err
		}
		if len(got) == 0 {
			t.Error("nothing raised inside the transaction")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	stored, err := f.st.Alerts(f.ctx, store.AlertQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 0 {
		t.Errorf("%d alerts outlived the rollback", len(stored))
	}
	if _, err := f.st.Setting(f.ctx, cacheKey); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the cache outlived the rollback: %v", err)
	}
	// And the event still raises its alerts once it commits.
	if got := f.evaluate(ids); len(got) == 0 {
		t.Error("nothing raised after the rollback")
	}
}

func TestHostileBankText(t *testing.T) {
	f := newFixture(t)
	f.account("Visa \x1b[31mRed", "credit", "USD", "0")
	ids := f.add(row{acct: "Visa \x1b[31mRed", date: "2026-04-18", amount: "-5000.00",
		payee: "EVIL\x1b]52;c;cGF5bG9hZA==\x07 \u202eSHOP\x9b2J", cat: "Shop\x1b[2J"},
		row{acct: "Visa \x1b[31mRed", date: "2026-04-18", amount: "-3000.00", payee: "CAFÉ\x1b[2J\x07 ZÜRICH"})
	got := f.evaluate(ids)
	if len(got) == 0 {
		t.Fatal("nothing raised")
	}
	for _, a := range got {
		for _, s := range []string{a.Title, a.Body, a.Why} {
			if strings.ContainsAny(s, "\x1b\x07\u202e\u009b\n") {
				t.Errorf("%s: raw control in %q", a.Rule, s)
			}
		}
	}
}

func TestMonthlyRunsAcrossAccounts(t *testing.T) {
	// A merchant charged on two accounts is two series: a price on one is
	// not compared with the other.
	f := newFixture(t)
	f.only(RulePriceIncrease)
	f.account("Visa", "credit", "USD", "0")
	f.account("Amex", "credit", "USD", "0")
	f.history(
		row{acct: "Visa", date: "2026-02-15", amount: "-9.99", payee: "SPOTIFY USA"},
		row{acct: "Visa", date: "2026-03-15", amount: "-9.99", payee: "SPOTIFY USA"},
		row{acct: "Amex", date: "2026-03-15", amount: "-4.99", payee: "SPOTIFY USA"},
	)
	f.check(f.evaluate(f.add(row{acct: "Amex", date: "2026-04-15", amount: "-9.99", payee: "SPOTIFY USA"})))
}

// The demo history has one duplicate charge in its last three weeks
// (refunded a few days later) and Netflix going from 15.49 to 17.99 on a bill
// in its last two; a full evaluation at its end finds both, once.
func TestDemoHistory(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	if _, err := demo.Load(ctx, st, demo.Generate(demo.Options{Transactions: 2000})); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 20, 0, 0, 0, time.UTC)
	got, err := EvaluateAll(ctx, st, at)
	if err != nil {
		t.Fatal(err)
	}
	var dup, netflix int
	for _, a := range got {
		switch {
		case a.Rule == RuleDuplicate:
			dup++
			if a.Title != "Possible duplicate charge on Amex Gold" || a.Severity != Info ||
				a.Body != "11.93 USD at WHOLEFDS OAK 87148 OAKLAND CA twice on 2026-11-07. A refund of the same amount posted on 2026-11-13." {
				t.Errorf("duplicate: %+v", a)
			}
		case a.Rule == RulePriceIncrease && strings.HasPrefix(a.Body, "Netflix"):
			netflix++
			if a.Title != "Price increase on Everyday Checking" || a.Body != "Netflix went up from 15.49 to 17.99 USD (charged 2026-11-18)." {
				t.Errorf("netflix: %+v", a)
			}
		case a.Rule == RuleNewMerchant || a.Rule == RuleDeposit || a.Rule == RuleRefund || a.Rule == RuleForeign:
			t.Errorf("news from the first import: %+v", a)
		}
	}
	if dup != 1 || netflix != 1 {
		t.Errorf("%d duplicates and %d Netflix increases, want 1 and 1:\n%s", dup, netflix, dump(got))
	}
	again, err := EvaluateAll(ctx, st, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Errorf("second EvaluateAll raised:\n%s", dump(again))
	}
}

// A demo history whose last weeks arrive as a later import: the news rules
// speak, and a full evaluation at the same moment agrees with Evaluate.
func TestDemoLaterImportAgreesWithEvaluateAll(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	d := demo.Generate(demo.Options{Transactions: 3000})
	cut := len(d.Transactions) - 250
	head := *d
	head.Transactions = d.Transactions[:cut]
	clock := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })
	ids, err := demo.Load(ctx, st, &head)
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(24 * time.Hour)
	at := time.Date(2026, 11, 20, 21, 0, 0, 0, time.UTC)
	raised := importAndEvaluate(t, st, ids, d.Transactions[cut:], at)
	r := rules(raised)
	if r[RuleDeposit] == 0 || r[RuleNewMerchant] == 0 {
		t.Errorf("a later import raised no deposits or new merchants: %v\n%s", r, dump(raised))
	}
	all, err := EvaluateAll(ctx, st, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Errorf("EvaluateAll after Evaluate raised:\n%s", dump(all))
	}
	again, err := Evaluate(ctx, st, Event{NewTransactionIDs: []int64{1, 2, 3}, Now: at})
	if err != nil || len(again) != 0 {
		t.Errorf("Evaluate again: %v\n%s", err, dump(again))
	}
}

// The rules key merchants by package merchant's display name, so one
// merchant's descriptors (store numbers, cities, order references, AMZN and
// AMAZON.COM) fold together and the alert names it as people do.
func TestMerchantKey(t *testing.T) {
	for _, c := range []struct{ payee, key string }{
		{"SQ *BLUE BOTTLE COFFEE OAKLAND CA", "Blue Bottle Coffee"},
		{"SQ *BLUE BOTTLE COFFEE SAN LEANDRO CA", "Blue Bottle Coffee"},
		{"SAFEWAY #8751 PIEDMONT CA", "Safeway"},
		{"SAFEWAY #1234 OAKLAND CA", "Safeway"},
		{"AMZN Mktp US*03XQ7T2Y6", "Amazon"},
		{"AMAZON.COM*0AIG6YMF5 AMZN.COM/BILL WA", "Amazon"},
		{"DOORDASH*THAI HOUSE SAN FRANCISCO CA", "DoorDash"},
		{"DOORDASH*CHIPOTLE SAN FRANCISCO CA", "DoorDash"},
		{"NETFLIX.COM 866-579-7172 CA", "Netflix"},
		{"PAYPAL *SHEIN 402-935-7733 CA", "Shein"},
		{"TST* NOPALITO SAN FRANCISCO CA", "Nopalito"},
		{"1-800-FLOWERS.COM 800-468-1141 NY", "1-800-Flowers"},
		{"CHIPOTLE 8943 OAKLAND CA", "Chipotle"},
		{"UBER *TRIP HELP.UBER.COM CA", "Uber"},
		{"AMAZON.COM*NFHEDEKZM AMZN.COM/BILL WA", "Amazon"},
		{"PRIME VIDEO *5AAFLGZ74 888-802-3080 WA", "Prime Video"},
		{"GOOGLE *YOUTUBEPREMIUM G.CO/HELPPAY# CA", "YouTube Premium"},
		{"ST. JOHNS BAKERY", "St Johns Bakery"},
		{"CASH APP*ALEX KIM 877-417-4551 CA", "Alex Kim"},
		{"", ""},
		{"***", ""},
	} {
		if got := merchantKey(c.payee); got != c.key {
			t.Errorf("merchantKey(%q) = %q, want %q", c.payee, got, c.key)
		}
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	s, err := LoadSettings(ctx, st)
	if err != nil || s.LookbackDays != 45 || !s.Large.On || s.Large.Absolute != "1000.00" {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	s.Large.On = false
	s.LowBalance.Accounts = map[int64]string{7: "250.00", 8: "off"}
	if err := SaveSettings(ctx, st, s); err != nil {
		t.Fatal(err)
	}
	back, err := LoadSettings(ctx, st)
	if err != nil || back.Large.On || back.LowBalance.Accounts[7] != "250.00" || back.LowBalance.Accounts[8] != "off" {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	// A partial document (an older Penny's) keeps the defaults of what it
	// does not mention.
	if err := st.SetSetting(ctx, SettingsKey, `{"large_transaction":{"on":true,"absolute":"500.00"}}`); err != nil {
		t.Fatal(err)
	}
	partial, err := LoadSettings(ctx, st)
	if err != nil || partial.Large.Absolute != "500.00" || partial.Large.Multiple != 3 || !partial.Duplicate.On || partial.Pending.Days != 5 {
		t.Fatalf("partial: %+v %v", partial, err)
	}
	for _, bad := range []func(*Settings){
		func(s *Settings) { s.Large.Absolute = "12,5" },
		func(s *Settings) { s.LowBalance.Threshold = "lots" },
		func(s *Settings) { s.Category.Percent = 50 },
		func(s *Settings) { s.LookbackDays = 0 },
		func(s *Settings) { s.LowBalance.Accounts = map[int64]string{1: "1.2.3"} },
	} {
		s := Defaults()
		bad(&s)
		if err := SaveSettings(ctx, st, s); err == nil {
			t.Errorf("saved invalid settings %+v", s)
		}
	}
	if err := st.SetSetting(ctx, SettingsKey, `{"lookback_days":-1}`); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(ctx, st); err == nil {
		t.Error("loaded invalid settings")
	}
}

func TestDescribe(t *testing.T) {
	a := store.Alert{Rule: RuleLarge, Title: "Large charge on Visa Signature", Body: "1,240.00 USD at APPLE STORE\x1b[2J on 2026-04-16."}
	title, body := Describe(a, true)
	if title != "Large charge on Visa Signature" || body != PrivateBody {
		t.Errorf("private: %q %q", title, body)
	}
	if strings.Contains(body, "1,240") || strings.Contains(body, "APPLE") {
		t.Errorf("private body leaks: %q", body)
	}
	title, body = Describe(a, false)
	if title != "Large charge on Visa Signature" || body != "1,240.00 USD at APPLE STORE␛[2J on 2026-04-16." {
		t.Errorf("details: %q %q", title, body)
	}
	if title, body := Describe(store.Alert{Title: "Café\x1b]0;x\x07", Body: "É\x1b[2J"}, false); title != "Café␛]0;x␇" || body != "É␛[2J" {
		t.Errorf("after a non-ASCII letter: %q %q", title, body)
	}
	if title, _ := Describe(store.Alert{Title: " \n "}, true); title != "New alert" {
		t.Errorf("empty title: %q", title)
	}
}

// The merchant index must not call a merchant new when its older rows came
// in without an evaluation, or as an old statement outside the window.
func TestMerchantIndexSeesRowsNoEvaluationSaw(t *testing.T) {
	f := newFixture(t)
	f.only(RuleNewMerchant)
	f.account("Visa", "credit", "USD", "0")
	f.history(row{acct: "Visa", date: "2026-03-01", amount: "-5.00", payee: "CORNER SHOP"})
	// An import evaluated: the index exists from here on.
	f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-01", amount: "-5.00", payee: "CORNER SHOP"})))
	if _, err := f.st.Setting(f.ctx, cacheKey); err != nil {
		t.Fatal(err)
	}
	// Rows nobody evaluated, long before the window.
	f.add(row{acct: "Visa", date: "2025-05-01", amount: "-80.00", payee: "REI #42 BERKELEY CA"})
	f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-10", amount: "-120.00", payee: "REI #7 SAN CARLOS CA"})))
	// An old statement evaluated with a new charge: its rows are history.
	ids := f.add(
		row{acct: "Visa", date: "2025-06-01", amount: "-30.00", payee: "MUJI WALNUT CREEK CA"},
		row{acct: "Visa", date: "2026-04-12", amount: "-45.00", payee: "MUJI WALNUT CREEK CA"},
		row{acct: "Visa", date: "2026-04-13", amount: "-9.00", payee: "PHILZ COFFEE"},
	)
	f.check(f.evaluate(ids), want{Rule: RuleNewMerchant, Title: "New merchant on Visa", Key: "new-merchant:Philz Coffee", Txs: []int64{7}})
}

// A first import tells the evaluation the rows it inserted: the merchants
// seen before the window come from them, not from reading every row, and
// the index is what a rebuild from every row makes, the sides of transfers
// left out alike. The linked rows' payees are their own, so a side counted
// by mistake shows as a merchant the rebuild does not have.
func TestFirstImportsMerchantIndexFromItsRowsIsARebuilds(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 20, 21, 0, 0, 0, time.UTC)
	for _, tell := range []bool{true, false} {
		st := storetest.Memory(t)
		d := demo.Generate(demo.Options{Transactions: 4000})
		all := d.Transactions
		d.Transactions = nil
		ids, err := demo.Load(ctx, st, d)
		if err != nil {
			t.Fatal(err)
		}
		// Pairs of old rows (before the window) and one pair inside it.
		var link [][2]int
		for i := 10; i < 40; i += 2 {
			link = append(link, [2]int{i, i + 1})
		}
		link = append(link, [2]int{len(all) - 3, len(all) - 2})
		for _, p := range link {
			for _, i := range p {
				all[i].Payee = fmt.Sprintf("OWN TRANSFER %d", i)
			}
		}
		importWith(t, st, ids, all, at, tell, link)
		kept, rebuilt := keptAndRebuilt(t, st, at)
		if !maps.Equal(kept.Merchants, rebuilt.Merchants) {
			t.Fatalf("told the rows %v: the index (%d merchants) is not a rebuild's (%d)", tell, len(kept.Merchants), len(rebuilt.Merchants))
		}
		zeroed := 0
		for k, first := range kept.Merchants {
			if strings.HasPrefix(k, "own transfer") {
				t.Fatalf("told the rows %v: a transfer's side is a merchant (%q)", tell, k)
			}
			if first == 0 {
				zeroed++
			}
		}
		if zeroed == 0 {
			t.Fatal("no merchant was seen before the window: the test does not reach the old rows")
		}
	}
}

// An import that brings rows older than the window (an old statement
// with new ones) folds them into the merchant index without reading the
// whole history; the index is then what a rebuild from every row makes.
func TestOldRowsFoldIntoTheMerchantIndexAsARebuildWould(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	d := demo.Generate(demo.Options{Transactions: 4000})
	// Held back: a run of old rows (months before the window) and the
	// newest rows; the rest is the history already imported.
	oldFrom, oldTo, cut := len(d.Transactions)/3, len(d.Transactions)/3+300, len(d.Transactions)-200
	var head, tail []demo.Transaction
	for i, tr := range d.Transactions {
		if i >= oldFrom && i < oldTo || i >= cut {
			tail = append(tail, tr)
		} else {
			head = append(head, tr)
		}
	}
	h := *d
	h.Transactions = head
	ids, err := demo.Load(ctx, st, &h)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 21, 0, 0, 0, time.UTC)
	if _, err := EvaluateAll(ctx, st, at); err != nil {
		t.Fatal(err)
	}
	importAndEvaluate(t, st, ids, tail, at)
	kept, rebuilt := keptAndRebuilt(t, st, at)
	zeroed := 0
	for k, first := range rebuilt.Merchants {
		got, ok := kept.Merchants[k]
		if !ok || got != first {
			t.Errorf("merchant %q: the index says %d (present %v), a rebuild %d", k, got, ok, first)
		}
		if first == 0 {
			zeroed++
		}
	}
	if len(kept.Merchants) != len(rebuilt.Merchants) {
		t.Errorf("the index has %d merchants, a rebuild %d", len(kept.Merchants), len(rebuilt.Merchants))
	}
	if zeroed == 0 {
		t.Fatal("no merchant was seen before the window: the test does not reach the old rows")
	}
}

// A rebuilt merchant index holds, for every merchant of a row that is not
// a side of a transfer, the day of its first row when all its rows are in
// the window and 0 when one is older: computed here from every row, one by
// one, on a history with transfers and rows before and in the window.
func TestRebuiltMerchantIndexMatchesEveryRow(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	d := demo.Generate(demo.Options{Transactions: 3000})
	if _, err := demo.Load(ctx, st, d); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 21, 0, 0, 0, time.UTC)
	if _, err := EvaluateAll(ctx, st, at); err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(ctx, st, at)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.loadCache()
	if err != nil || got == nil {
		t.Fatalf("no merchant index: %v", err)
	}
	all, err := st.Transactions(ctx, store.TxQuery{Oldest: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	var transfers, before, inside int
	for _, r := range all {
		if r.TransferID != 0 {
			transfers++
			continue
		}
		day := int64(r.Posted.Year()*10000 + int(r.Posted.Month())*100 + r.Posted.Day())
		k := merchantKey(r.Payee)
		first, seen := want[k]
		switch {
		case day < e.winStart:
			before++
			want[k] = 0
		case !seen:
			inside++
			want[k] = day
		case first != 0 && day < first:
			want[k] = day
		}
	}
	if transfers == 0 || before == 0 || inside == 0 {
		t.Fatalf("the history has %d transfer rows, %d rows before the window, %d merchants first seen in it: it does not reach every case",
			transfers, before, inside)
	}
	if !maps.Equal(got.Merchants, want) {
		for k, v := range want {
			if g, ok := got.Merchants[k]; !ok || g != v {
				t.Errorf("merchant %q: the index says %d (present %v), the rows %d", k, g, ok, v)
			}
		}
		t.Fatalf("the index has %d merchants, the rows %d", len(got.Merchants), len(want))
	}
}

// importAndEvaluate inserts demo rows into their accounts (ids by account
// key) and evaluates them in the same write, as an import does; it returns
// the alerts raised.
// keptAndRebuilt returns the merchant index the evaluations kept and the
// one a rebuild from every row makes now.
func keptAndRebuilt(t *testing.T, st *store.Store, at time.Time) (kept, rebuilt *cacheData) {
	t.Helper()
	ctx := context.Background()
	e, err := newEngine(ctx, st, at)
	if err != nil {
		t.Fatal(err)
	}
	kept, err = e.loadCache()
	if err != nil || kept == nil {
		t.Fatalf("no merchant index after the import: %v", err)
	}
	if err := e.loadWindow(nil); err != nil {
		t.Fatal(err)
	}
	v, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.rebuildMerchants(v.MaxID, v.Transactions); err != nil {
		t.Fatal(err)
	}
	return kept, e.cache
}

func importAndEvaluate(t *testing.T, st *store.Store, ids map[string]int64, trs []demo.Transaction, at time.Time) []store.Alert {
	t.Helper()
	return importWith(t, st, ids, trs, at, false, nil)
}

// importWith inserts trs in one transaction, links the pairs of rows link
// names (indexes into trs) as transfers, and evaluates the import, telling
// the rows it inserted (Event.Inserted) when tell is set.
func importWith(t *testing.T, st *store.Store, ids map[string]int64, trs []demo.Transaction, at time.Time, tell bool, link [][2]int) []store.Alert {
	t.Helper()
	ctx := context.Background()
	var rows []store.NewTransaction
	for _, tr := range trs {
		rows = append(rows, store.NewTransaction{AccountID: ids[tr.AccountKey], ExternalID: tr.ExternalID, Posted: tr.Posted,
			Transacted: tr.Transacted, Amount: tr.Amount, Currency: tr.Currency, Payee: tr.Payee, Memo: tr.Memo,
			Category: tr.Category, Pending: tr.Pending})
	}
	store.AssignOrdinals(rows)
	var raised []store.Alert
	err := st.WithTx(ctx, func(tx *store.Store) error {
		newIDs, err := tx.InsertTransactions(ctx, rows)
		if err != nil {
			return err
		}
		for _, p := range link {
			if err := tx.LinkTransfer(ctx, newIDs[p[0]], newIDs[p[1]]); err != nil {
				return err
			}
		}
		ev := Event{NewTransactionIDs: newIDs, Now: at}
		if tell {
			for i, id := range newIDs {
				ev.Inserted = append(ev.Inserted, InsertedRow{ID: id, Payee: rows[i].Payee, Posted: store.DateInt(rows[i].Posted)})
			}
		}
		raised, err = Evaluate(ctx, tx, ev)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return raised
}
