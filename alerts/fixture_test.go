package alerts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"penny/money"
	"penny/store"
)

// The fixtures: a store in memory, accounts created at t0 with their first
// import ("history", rows created at t0 too), and later imports ("add", rows
// created a day later) whose ids make the Event, evaluated at now.

var (
	t0  = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	t1  = t0.Add(24 * time.Hour)
	now = time.Date(2026, 4, 20, 12, 0, 0, 0, time.UTC)
)

type fixture struct {
	t     *testing.T
	ctx   context.Context
	st    *store.Store
	clock time.Time
	accts map[string]store.Account
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, closeFn, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeFn() })
	f := &fixture{t: t, ctx: ctx, st: st, clock: t0, accts: map[string]store.Account{}}
	st.SetClock(func() time.Time { return f.clock })
	return f
}

// account creates an account at t0; its opening balance is in major units.
func (f *fixture) account(name, typ, currency, opening string) int64 {
	f.t.Helper()
	f.clock = t0
	c := money.MustLookup(currency)
	op, err := money.ParseMinor(opening, c.Exponent, money.ParseOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	a, err := f.st.CreateAccount(f.ctx, store.AccountParams{Name: name, Type: typ, Currency: currency, Opening: op})
	if err != nil {
		f.t.Fatal(err)
	}
	f.accts[name] = a
	return a.ID
}

// row is one transaction: account name, date, amount in major units,
// payee, and options.
type row struct {
	acct, date, amount, payee string
	cat, memo, cur            string
	pending                   bool
	at                        string // transacted time, "15:04"
	transfer                  int    // 1-based index of the other side in the same call
}

func (f *fixture) insert(clock time.Time, rows []row) []int64 {
	f.t.Helper()
	f.clock = clock
	var txs []store.NewTransaction
	for _, r := range rows {
		a, ok := f.accts[r.acct]
		if !ok {
			f.t.Fatalf("no account %q", r.acct)
		}
		cur := r.cur
		if cur == "" {
			cur = a.Currency
		}
		posted, err := time.Parse(store.DateLayout, r.date)
		if err != nil {
			f.t.Fatal(err)
		}
		amt, err := money.ParseMinor(r.amount, money.MustLookup(cur).Exponent, money.ParseOptions{})
		if err != nil {
			f.t.Fatal(err)
		}
		nt := store.NewTransaction{AccountID: a.ID, Posted: posted, Amount: amt, Currency: cur, Payee: r.payee,
			Memo: r.memo, Category: r.cat, Pending: r.pending}
		if r.at != "" {
			at, err := time.Parse("2006-01-02 15:04", r.date+" "+r.at)
			if err != nil {
				f.t.Fatal(err)
			}
			nt.Transacted = at
		}
		txs = append(txs, nt)
	}
	store.AssignOrdinals(txs)
	ids, err := f.st.InsertTransactions(f.ctx, txs)
	if err != nil {
		f.t.Fatal(err)
	}
	for i, r := range rows {
		if r.transfer > i+1 {
			if err := f.st.LinkTransfer(f.ctx, ids[i], ids[r.transfer-1]); err != nil {
				f.t.Fatal(err)
			}
		}
	}
	return ids
}

// history inserts rows as part of their accounts' first import.
func (f *fixture) history(rows ...row) []int64 { return f.insert(t0, rows) }

// add inserts rows as a later import and returns their ids.
func (f *fixture) add(rows ...row) []int64 { return f.insert(t1, rows) }

// evaluate runs Evaluate inside a transaction, as the sync engine does.
func (f *fixture) evaluate(ids []int64, accounts ...int64) []store.Alert {
	f.t.Helper()
	var got []store.Alert
	err := f.st.WithTx(f.ctx, func(tx *store.Store) error {
		var err error
		got, err = Evaluate(f.ctx, tx, Event{NewTransactionIDs: ids, AccountIDs: accounts, Now: now})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

func (f *fixture) evaluateAll() []store.Alert {
	f.t.Helper()
	var got []store.Alert
	err := f.st.WithTx(f.ctx, func(tx *store.Store) error {
		var err error
		got, err = EvaluateAll(f.ctx, tx, now)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

// only turns every rule off but the named ones, so a scenario sees the
// alerts of the rule it tests.
func (f *fixture) only(rules ...string) {
	f.t.Helper()
	s := Defaults()
	on := func(r string) bool { return slices.Contains(rules, r) }
	s.LowBalance.On = on(RuleLowBalance)
	s.Large.On = on(RuleLarge)
	s.NewMerchant.On = on(RuleNewMerchant)
	s.Duplicate.On = on(RuleDuplicate)
	s.PriceIncrease.On = on(RulePriceIncrease)
	s.Trial.On = on(RuleTrial)
	s.Refund.On = on(RuleRefund)
	s.Deposit.On = on(RuleDeposit)
	s.Category.On = on(RuleCategory)
	s.Foreign.On = on(RuleForeign)
	s.Projected.On = on(RuleProjected)
	s.Pending.On = on(RulePending)
	s.Source.On = on(RuleSource)
	f.settings(s)
}

func (f *fixture) settings(s Settings) {
	f.t.Helper()
	if err := SaveSettings(f.ctx, f.st, s); err != nil {
		f.t.Fatal(err)
	}
}

// want is an expected alert; empty fields are not compared, except that
// Rule, Title and DedupKey always are.
type want struct {
	Rule, Severity, Title, Body, Why, Key string
	Txs                                   []int64
	Account                               string
}

func (f *fixture) check(got []store.Alert, wants ...want) {
	f.t.Helper()
	if len(got) != len(wants) {
		f.t.Errorf("%d alerts, want %d:\n%s", len(got), len(wants), dump(got))
		return
	}
	for i, w := range wants {
		g := got[i]
		if g.Rule != w.Rule || g.Title != w.Title || g.DedupKey != w.Key {
			f.t.Errorf("alert %d: %s %q %s, want %s %q %s", i, g.Rule, g.Title, g.DedupKey, w.Rule, w.Title, w.Key)
		}
		if w.Severity != "" && g.Severity != w.Severity {
			f.t.Errorf("alert %d (%s): severity %s, want %s", i, g.Rule, g.Severity, w.Severity)
		}
		if w.Body != "" && g.Body != w.Body {
			f.t.Errorf("alert %d (%s): body\n got %q\nwant %q", i, g.Rule, g.Body, w.Body)
		}
		if w.Why != "" && g.Why != w.Why {
			f.t.Errorf("alert %d (%s): why\n got %q\nwant %q", i, g.Rule, g.Why, w.Why)
		}
		if w.Txs != nil && !slices.Equal(g.Transactions, w.Txs) {
			f.t.Errorf("alert %d (%s): transactions %v, want %v", i, g.Rule, g.Transactions, w.Txs)
		}
		if w.Account != "" && g.AccountID != f.accts[w.Account].ID {
			f.t.Errorf("alert %d (%s): account %d, want %s", i, g.Rule, g.AccountID, w.Account)
		}
		if g.ID == 0 || !g.Created.Equal(now) {
			f.t.Errorf("alert %d (%s): id %d created %v", i, g.Rule, g.ID, g.Created)
		}
	}
}

func dump(as []store.Alert) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "  [%s %s] %q | %q\n    why: %q\n    key: %s txs %v account %d\n", a.Rule, a.Severity, a.Title, a.Body, a.Why, a.DedupKey, a.Transactions, a.AccountID)
	}
	return b.String()
}
