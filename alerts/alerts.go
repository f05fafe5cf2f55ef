// Package alerts is Penny's rule engine: it looks at new transactions and
// balances and raises alerts (large charge, duplicate, low balance, price
// increase, ...) that arrive in the Alerts conversation and as notifications.
//
// The sync engine calls Evaluate inside the database transaction that applied
// an import or a sync, with the *store.Store bound to it, so the alerts
// commit with the data they describe or not at all. Evaluate reads through
// store methods only and adds alerts with store.AddAlert, whose unique dedup
// key makes one event raise one alert however many times it is evaluated.
// EvaluateAll re-runs every rule (after a settings change or a restore) and
// raises only what was not raised before.
//
// What is news and what is history: a transaction posted more than
// Settings.LookbackDays before the evaluation informs the rules but raises
// nothing itself, and the first import of an account (rows created with the
// account) raises no "new merchant", "deposit", "refund" or "foreign" news,
// since every merchant of a first statement is new and every paycheck in it
// is old. Both tests depend on the data alone, which keeps Evaluate and
// EvaluateAll in agreement.
//
// Every alert explains itself: Why names the rule, the threshold and the
// transactions, Transactions lists their ids. Titles name the kind of alert
// and the account but never an amount or a merchant, so that a notification
// in private mode can show the title as it is (see Describe); the body has
// the details.
//
// Cost: an evaluation reads the window of recent transactions (LookbackDays
// plus 35 days, enough to see last month's occurrence of a monthly bill) with
// one query, and the history through a few grouped queries, never one per
// transaction. What it learns from the whole history (when each merchant was
// first seen, each account's charge percentile, the category baselines of
// the day) is kept in the store setting "alerts.cache": an import adds its
// window's merchants to it, and only EvaluateAll, a missing cache or rows
// that no evaluation saw (an old statement imported, a vault from before the
// rules) make it read the whole history again.
package alerts

import (
	"context"
	"fmt"
	"slices"
	"time"

	"penny/category"
	"penny/internal/progress"
	"penny/money"
	"penny/store"
)

// Rule names, as stored in store.Alert.Rule.
const (
	RuleLowBalance    = "low-balance"
	RuleLarge         = "large-transaction"
	RuleNewMerchant   = "new-merchant"
	RuleDuplicate     = "duplicate-charge"
	RulePriceIncrease = "price-increase"
	RuleTrial         = "trial-converted"
	RuleRefund        = "refund"
	RuleDeposit       = "deposit"
	RuleCategory      = "category-spike"
	RuleForeign       = "foreign-transaction"
	RuleProjected     = "projected-negative"
	RulePending       = "pending-stale"
	RuleSource        = "source-error"
)

// Severities of an alert.
const (
	Info    = "info"
	Warning = "warning"
	Danger  = "danger"
)

// contextDays is how much history before the lookback window the rules see
// in full: a monthly charge's previous occurrence, a trial's authorization.
const contextDays = 35

// firstImportGrace: rows created within this time of their account belong to
// the account's first import (the sync engine creates both in one
// transaction).
const firstImportGrace = 15 * time.Minute

// Event is what an import or a sync changed.
type Event struct {
	// NewTransactionIDs are the rows it inserted (or posted) in this
	// transaction.
	NewTransactionIDs []int64
	// AccountIDs are the accounts it touched, including those whose balance
	// changed without a new row; their balance rules run.
	AccountIDs []int64
	// Inserted, when the caller has them, are the payee and posted day of
	// rows it inserted, each once, as inserted. When they are every row the store
	// holds (a first import), the merchants seen before the window come
	// from them rather than from reading every row again.
	Inserted []InsertedRow
	// Now is the time of the evaluation; zero means time.Now().
	Now time.Time
}

// InsertedRow is a row an event inserted: its id, payee and posted day
// (yyyymmdd).
type InsertedRow struct {
	ID     int64
	Payee  string
	Posted int64
}

// Evaluate runs the rules over what ev changed and adds the alerts they
// raise, returning those that are new. st should be bound to the transaction
// that applied the change (store.WithTx), so that the alerts commit with it.
func Evaluate(ctx context.Context, st *store.Store, ev Event) ([]store.Alert, error) {
	e, err := newEngine(ctx, st, ev.Now)
	if err != nil {
		return nil, err
	}
	e.inserted = ev.Inserted
	touched := map[int64]bool{}
	for _, id := range ev.AccountIDs {
		touched[id] = true
	}
	if len(ev.NewTransactionIDs) > 0 {
		if err := e.loadWindow(nil); err != nil {
			return nil, err
		}
		ids := make(map[int64]bool, len(ev.NewTransactionIDs))
		for _, id := range ev.NewTransactionIDs {
			ids[id] = true
		}
		if err := e.openCache(false, ids); err != nil {
			return nil, err
		}
		for i := range e.rows {
			if err := e.every(i); err != nil {
				return nil, err
			}
			if ids[e.rows[i].ID] && e.news(i) {
				e.cands = append(e.cands, i)
				touched[e.rows[i].AccountID] = true
			}
		}
	} else if len(touched) > 0 {
		// Only balances changed: the window of those accounts is enough.
		if err := e.loadWindow(sortedKeys(touched)); err != nil {
			return nil, err
		}
	}
	e.touched = touched
	if err := e.run(false); err != nil {
		return nil, err
	}
	return e.added, nil
}

// EvaluateAll re-runs every rule over every account, as if each transaction
// of the lookback window had just arrived, and rebuilds what the rules keep
// about the history. It raises only what was not raised before.
func EvaluateAll(ctx context.Context, st *store.Store, now time.Time) ([]store.Alert, error) {
	e, err := newEngine(ctx, st, now)
	if err != nil {
		return nil, err
	}
	if err := e.loadWindow(nil); err != nil {
		return nil, err
	}
	if err := e.openCache(true, nil); err != nil {
		return nil, err
	}
	e.touched = map[int64]bool{}
	for id := range e.accts {
		e.touched[id] = true
	}
	for i := range e.rows {
		if e.news(i) {
			e.cands = append(e.cands, i)
		}
	}
	if err := e.run(true); err != nil {
		return nil, err
	}
	return e.added, nil
}

// engine holds one evaluation's view of the store.
type engine struct {
	ctx context.Context
	st  *store.Store
	// inserted are the rows the event says it inserted (Event.Inserted).
	inserted []InsertedRow
	s        Settings
	now      time.Time

	// Days are yyyymmdd integers, as the store keeps them.
	today, lookStart, winStart, tomorrow int64
	todayT                               time.Time

	accts map[int64]store.Account
	// rows is the window, oldest first; date, key and first run beside it:
	// the posted day, the merchant key, and whether the row came with its
	// account's first import.
	rows    []store.Transaction
	date    []int64
	key     []string
	first   []bool
	byKey   map[string][]int
	keys    map[string]string // payee -> merchant key, memoized
	windowd bool              // the window covers every account

	cands   []int
	touched map[int64]bool
	cache   *cacheData
	dirty   bool
	added   []store.Alert
}

func newEngine(ctx context.Context, st *store.Store, now time.Time) (*engine, error) {
	if now.IsZero() {
		now = time.Now()
	}
	s, err := LoadSettings(ctx, st)
	if err != nil {
		return nil, err
	}
	// The calendar day of now in its own location: that is the day the user
	// lives in, and transaction dates are calendar days.
	todayT := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	e := &engine{ctx: ctx, st: st, s: s, now: now, todayT: todayT, today: store.DateInt(todayT),
		keys: map[string]string{}}
	e.lookStart = store.DateInt(todayT.AddDate(0, 0, -s.LookbackDays))
	e.tomorrow = store.DateInt(todayT.AddDate(0, 0, 1))
	e.winStart = store.DateInt(todayT.AddDate(0, 0, -s.LookbackDays-contextDays))
	accts, err := st.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	e.accts = make(map[int64]store.Account, len(accts))
	for _, a := range accts {
		e.accts[a.ID] = a
	}
	return e, nil
}

// loadWindow reads the window's rows of the given accounts (nil: all) in one
// query, oldest first.
func (e *engine) loadWindow(accounts []int64) error {
	rows, err := e.st.Transactions(e.ctx, store.TxQuery{AccountIDs: accounts, Since: store.IntDate(e.winStart), Oldest: true, Lean: true})
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	e.windowd = accounts == nil
	e.rows = rows
	e.date = make([]int64, len(rows))
	e.key = make([]string, len(rows))
	e.first = make([]bool, len(rows))
	e.byKey = map[string][]int{}
	for i := range rows {
		if err := e.every(i); err != nil {
			return err
		}
		t := &rows[i]
		e.date[i] = store.DateInt(t.Posted)
		e.key[i] = e.keyOf(t.Payee)
		if a, ok := e.accts[t.AccountID]; ok {
			e.first[i] = t.Created.Before(a.Created.Add(firstImportGrace))
		}
		e.byKey[e.key[i]] = append(e.byKey[e.key[i]], i)
	}
	return nil
}

func (e *engine) openCache(rebuild bool, event map[int64]bool) error {
	if !rebuild {
		c, err := e.loadCache()
		if err != nil {
			return err
		}
		e.cache = c
	}
	return e.foldMerchants(rebuild, event)
}

// news reports whether row i is recent enough to raise alerts: posted within
// the lookback and not after tomorrow (a row dated in the future is not news
// yet; a time zone may put today's purchase on tomorrow's date).
func (e *engine) news(i int) bool {
	return e.date[i] >= e.lookStart && e.date[i] <= e.tomorrow
}

func (e *engine) keyOf(payee string) string {
	k, ok := e.keys[payee]
	if !ok {
		k = merchantKey(payee)
		e.keys[payee] = k
	}
	return k
}

// run applies the rules in a fixed order, so that alerts come out in the same
// order on every run.
func (e *engine) run(all bool) error {
	steps := []struct {
		on bool
		fn func() error
	}{
		{e.s.Source.On, e.sourceErrors},
		{e.s.LowBalance.On, e.lowBalance},
		{e.s.Projected.On, e.projected},
		{true, e.transactions},
		{e.s.Category.On, e.categorySpike},
		{e.s.Pending.On, func() error { return e.pendingStale(all) }},
	}
	for _, s := range steps {
		if !s.on {
			continue
		}
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if err := s.fn(); err != nil {
			return err
		}
	}
	if e.dirty && e.cache != nil {
		return e.saveCache()
	}
	return nil
}

// every returns the evaluation's context error, looking at it every few
// dozen steps of a loop (i is the loop's index): an evaluation stops soon
// after the import it belongs to is cancelled.
func (e *engine) every(i int) error {
	return progress.Every(e.ctx, i)
}

// emit records an alert; one already raised (same dedup key) is not returned.
func (e *engine) emit(a store.Alert) error {
	a.Created = e.now
	id, added, err := e.st.AddAlert(e.ctx, a)
	if err != nil {
		return fmt.Errorf("alerts: %s: %w", a.Rule, err)
	}
	if added {
		a.ID = id
		e.added = append(e.added, a)
	}
	return nil
}

// Helpers shared by the rules.

func (e *engine) acctName(id int64) string {
	if a, ok := e.accts[id]; ok {
		return payeeText(a.Name)
	}
	return fmt.Sprintf("account %d", id)
}

func (e *engine) addDays(day int64, n int) time.Time {
	return store.IntDate(day).AddDate(0, 0, n)
}

func (e *engine) daysBetween(from, to int64) int {
	return int(store.IntDate(to).Sub(store.IntDate(from)) / (24 * time.Hour))
}

// spending reports whether t is money spent: a charge that is not one side
// of a transfer between the user's own accounts (linked, or filed as a
// transfer by a rule).
func spending(t *store.Transaction) bool {
	return t.Amount.Minor < 0 && !transferLike(t)
}

// spendOnly selects, in store queries, the rows package category counts as
// spending: the same rows spending() keeps.
var spendOnly = []category.Class{category.Spend}

// transferLike: money moved between the user's own pots, linked as a
// transfer or filed under Transfers (card payments, investments, currency
// exchange, cash), as package category defines it.
func transferLike(t *store.Transaction) bool {
	return t.TransferID != 0 || category.IsTransfer(t.Category)
}

func fmtAmount(minor int64, currency string) string {
	return money.New(minor, currency).Format()
}

func day(d int64) string { return store.IntDate(d).Format(store.DateLayout) }

// txLine describes a transaction for a Why: id, date, payee, amount.
func txLine(t *store.Transaction) string {
	s := fmt.Sprintf("#%d %s %s %s", t.ID, t.Posted.Format(store.DateLayout), payeeText(t.Payee), t.Amount.Format())
	if t.Pending {
		s += " (pending)"
	}
	return s
}

func sortedKeys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
