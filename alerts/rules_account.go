package alerts

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"penny/recurring"
	"penny/store"
)

// Rules about accounts, categories and sources: states rather than single
// transactions. Their dedup keys name the event that made the state (the
// transaction that took a balance under its threshold, the month of a
// category, the day of a failed sync), so a state that lasts raises one
// alert, and a new episode raises a new one.

// lowThreshold returns the low-balance threshold of an account in minor
// units; ok is false when the rule is off for it.
func (e *engine) lowThreshold(a store.Account) (int64, string, bool) {
	s := e.s.LowBalance
	v, listed := s.Accounts[a.ID]
	if !listed {
		if !WatchedByDefault(a.Type) {
			return 0, "", false
		}
		v = s.Threshold
	}
	thr, ok := AmountIn(v, a.Currency)
	if !ok {
		return 0, "", false
	}
	if listed {
		return thr, "this account's threshold", true
	}
	return thr, "the threshold for checking and savings accounts", true
}

// lowBalance: the available balance (posted plus pending) is under the
// account's threshold. The key is the transaction that took it under, found
// by walking the window back from today's balance.
func (e *engine) lowBalance() error {
	for _, id := range sortedKeys(e.touched) {
		a, ok := e.accts[id]
		if !ok || a.Closed {
			continue
		}
		thr, which, ok := e.lowThreshold(a)
		if !ok {
			continue
		}
		avail := a.Balance.Minor + a.Pending.Minor
		if avail >= thr {
			continue
		}
		cross := -1
		bal := avail
		for i := len(e.rows) - 1; i >= 0; i-- {
			t := &e.rows[i]
			if t.AccountID != id {
				continue
			}
			before := bal - t.Amount.Minor
			if before >= thr && bal < thr {
				cross = i
				break
			}
			bal = before
		}
		cur := a.Currency
		sev := Warning
		if avail < 0 {
			sev = Danger
		}
		why := fmt.Sprintf("Rule %s: the available balance (posted %s plus pending %s) is %s, under %s of %s.",
			RuleLowBalance, fmtAmount(a.Balance.Minor, cur), fmtAmount(a.Pending.Minor, cur), fmtAmount(avail, cur), which, fmtAmount(thr, cur))
		var ids []int64
		var crossID int64
		if cross >= 0 {
			t := &e.rows[cross]
			crossID = t.ID
			ids = []int64{t.ID}
			why += fmt.Sprintf(" It went under with transaction %s.", txLine(t))
		} else {
			why += fmt.Sprintf(" No transaction since %s took it under: it was under already.", day(e.winStart))
		}
		err := e.emit(store.Alert{
			Rule:         RuleLowBalance,
			Severity:     sev,
			Title:        "Low balance on " + e.acctName(id),
			Body:         fmt.Sprintf("Available balance: %s, under your threshold of %s.", fmtAmount(avail, cur), fmtAmount(thr, cur)),
			Why:          why,
			AccountID:    id,
			Transactions: ids,
			DedupKey:     fmt.Sprintf("%s:%d:%d", RuleLowBalance, id, crossID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// flow is money in or out seen at a regular interval in an account's window.
type flow struct {
	key    string
	amount int64
	last   int // row index of the latest occurrence
	every  string
	due    int64 // yyyymmdd the next occurrence is expected
}

// recurringFlows finds, among an account's posted rows in the window, the
// merchants (or employers, or transfers) that come at a steady interval
// (recurring.Every). Money in and out are told apart.
func (e *engine) recurringFlows(id int64) []flow {
	type grp struct {
		key string
		in  bool
	}
	occ := map[grp][]int{}
	var order []grp
	for i := range e.rows {
		t := &e.rows[i]
		if t.AccountID != id || t.Pending || t.Amount.Minor == 0 {
			continue
		}
		g := grp{e.key[i], t.Amount.Minor > 0}
		if _, ok := occ[g]; !ok {
			order = append(order, g)
		}
		occ[g] = append(occ[g], i)
	}
	var out []flow
	for _, g := range order {
		rows := occ[g]
		days := make([]time.Time, len(rows))
		for k, i := range rows {
			days[k] = store.IntDate(e.date[i])
		}
		c, ok := recurring.Every(days)
		if !ok {
			continue
		}
		last := rows[len(rows)-1]
		out = append(out, flow{key: g.key, amount: e.rows[last].Amount.Minor, last: last, every: c.Every, due: store.DateInt(c.Next)})
	}
	return out
}

// projected: recurring bills expected within Days days, net of recurring
// income, would take a non-negative balance below zero. A credit card's
// balance is owed money, so credit accounts are left out.
func (e *engine) projected() error {
	days := e.s.Projected.Days
	end := store.DateInt(e.addDays(e.today, days))
	overdue := store.DateInt(e.addDays(e.today, -2))
	tomorrow := store.DateInt(e.addDays(e.today, 1))
	for _, id := range sortedKeys(e.touched) {
		a, ok := e.accts[id]
		if !ok || a.Closed || a.Type == "credit" {
			continue
		}
		avail := a.Balance.Minor + a.Pending.Minor
		if avail < 0 {
			continue // already negative: the low-balance rule speaks
		}
		var items []flow
		for _, r := range e.recurringFlows(id) {
			if r.due < overdue || r.due > end {
				continue
			}
			// An occurrence that is due but has not posted is expected
			// tomorrow rather than forgotten.
			r.due = max(r.due, tomorrow)
			items = append(items, r)
		}
		slices.SortStableFunc(items, func(x, y flow) int {
			if x.due != y.due {
				return int(x.due - y.due)
			}
			return int(x.amount - y.amount) // income after bills on a day: the pessimistic order
		})
		bal, low, lowDay := avail, avail, int64(0)
		for _, r := range items {
			bal += r.amount
			if bal < low {
				low, lowDay = bal, r.due
			}
		}
		if low >= 0 || lowDay == 0 {
			continue
		}
		cur := a.Currency
		var parts []string
		var ids []int64
		for _, r := range items {
			t := &e.rows[r.last]
			parts = append(parts, fmt.Sprintf("%s %s %s on %s (%s, last %s)", merchantName(r.key), sign(r.amount),
				fmtAmount(abs(r.amount), cur), day(r.due), r.every, txLine(t)))
			ids = append(ids, t.ID)
		}
		err := e.emit(store.Alert{
			Rule:     RuleProjected,
			Severity: Danger,
			Title:    "Balance may go negative on " + e.acctName(id),
			Body: fmt.Sprintf("Recurring bills due by %s would take the balance from %s to %s on %s.",
				day(end), fmtAmount(avail, cur), fmtAmount(low, cur), day(lowDay)),
			Why: fmt.Sprintf("Rule %s: starting from the available balance of %s and adding the recurring flows expected in the next %d days — %s — the balance is %s on %s.",
				RuleProjected, fmtAmount(avail, cur), days, strings.Join(parts, "; "), fmtAmount(low, cur), day(lowDay)),
			AccountID:    id,
			Transactions: ids,
			DedupKey:     fmt.Sprintf("%s:%d:%s", RuleProjected, id, day(lowDay)),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func sign(minor int64) string {
	if minor < 0 {
		return "−"
	}
	return "+"
}

// categorySpike: this month's spending in a category so far is above
// Percent% of the median of the same days of the previous Months months
// (months without any spending in the currency are no baseline: the history
// may not reach back that far).
func (e *engine) categorySpike() error {
	s := e.s.Category
	monthT := time.Date(e.todayT.Year(), e.todayT.Month(), 1, 0, 0, 0, 0, time.UTC)
	monthStart := store.DateInt(monthT)
	type ck struct{ cur, cat string }
	type agg struct {
		name  string
		sum   int64
		ids   []int64
		accts map[int64]int64
	}
	ignored := func(c string) bool { return c == "" || inCategories(c, s.Ignore) }
	want := map[ck]bool{}
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		if spending(t) && e.date[i] >= monthStart && e.date[i] <= e.today && !ignored(t.Category) {
			want[ck{t.Amount.Currency, strings.ToLower(t.Category)}] = true
		}
	}
	if len(want) == 0 {
		return nil
	}
	mtd := map[ck]*agg{}
	for i := range e.rows {
		t := &e.rows[i]
		if !spending(t) || e.date[i] < monthStart || e.date[i] > e.today {
			continue
		}
		k := ck{t.Amount.Currency, strings.ToLower(t.Category)}
		if !want[k] {
			continue
		}
		g := mtd[k]
		if g == nil {
			g = &agg{name: t.Category, accts: map[int64]int64{}}
			mtd[k] = g
		}
		g.sum -= t.Amount.Minor
		g.ids = append(g.ids, t.ID)
		g.accts[t.AccountID] -= t.Amount.Minor
	}
	months, err := e.baselines(monthT)
	if err != nil {
		return err
	}
	keys := make([]ck, 0, len(mtd))
	for k := range mtd {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b ck) int { return strings.Compare(a.cur+"\x00"+a.cat, b.cur+"\x00"+b.cat) })
	for _, k := range keys {
		g := mtd[k]
		var vals []int64
		var shown []string
		with := 0
		for _, mo := range months {
			if mo.Total[k.cur] <= 0 {
				continue
			}
			v := mo.ByCat[k.cur+"\x00"+k.cat]
			vals = append(vals, v)
			if v > 0 {
				with++
			}
			shown = append(shown, fmt.Sprintf("%s %s", mo.Label, fmtAmount(v, k.cur)))
		}
		if with < s.MinMonths {
			continue
		}
		med := median(vals)
		excess, ok := AmountIn(s.MinExcess, k.cur)
		if !ok || g.sum*100 <= med*int64(s.Percent) || g.sum-med < excess {
			continue
		}
		// The alert belongs to the account that spent most on it.
		var acct int64
		var most int64 = -1
		for id, v := range g.accts {
			if v > most || (v == most && id < acct) {
				acct, most = id, v
			}
		}
		name := payeeText(g.name)
		ids := g.ids
		if len(ids) > 100 {
			ids = ids[len(ids)-100:]
		}
		err := e.emit(store.Alert{
			Rule:     RuleCategory,
			Severity: Warning,
			Title:    "Unusual spending on " + name,
			Body: fmt.Sprintf("%s so far this month on %s, against a usual %s by day %d.",
				fmtAmount(g.sum, k.cur), name, fmtAmount(med, k.cur), e.todayT.Day()),
			Why: fmt.Sprintf("Rule %s: spending on %s from %s to %s is %s (%d transactions); the median of the same days of the previous months (%s) is %s, and the rule fires above %d%% of it and at least %s more.",
				RuleCategory, name, day(monthStart), day(e.today), fmtAmount(g.sum, k.cur), len(g.ids), strings.Join(shown, ", "),
				fmtAmount(med, k.cur), s.Percent, fmtAmount(excess, k.cur)),
			AccountID:    acct,
			Transactions: ids,
			DedupKey:     fmt.Sprintf("%s:%s:%s:%s", RuleCategory, k.cur, k.cat, monthT.Format("2006-01")),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// catMonth is the spending of one previous month up to the same day of the
// month as today, per currency and per currency and category.
type catMonth struct {
	Label string           `json:"label"` // "2026-03"
	Total map[string]int64 `json:"total"`
	ByCat map[string]int64 `json:"by_cat"` // currency + "\x00" + lower-case category
}

// baselines returns the previous Months months of spending, from the cache
// when it was computed today and no new row falls in those months (a late
// import of an old statement changes them); otherwise one grouped query per
// month.
func (e *engine) baselines(monthT time.Time) ([]catMonth, error) {
	n := e.s.Category.Months
	monthStart := store.DateInt(monthT)
	fresh := e.cache != nil && e.cache.CatDay == e.today && len(e.cache.Cat) == n
	for _, i := range e.cands {
		if e.date[i] < monthStart {
			fresh = false
			break
		}
	}
	if fresh {
		return e.cache.Cat, nil
	}
	dom := e.todayT.Day()
	months := make([]catMonth, 0, n)
	for m := 1; m <= n; m++ {
		start := monthT.AddDate(0, -m, 0)
		until := start.AddDate(0, 0, dom-1)
		if last := start.AddDate(0, 1, -1); until.After(last) {
			until = last
		}
		mo := catMonth{Label: start.Format("2006-01"), Total: map[string]int64{}, ByCat: map[string]int64{}}
		from, to := store.DateInt(start), store.DateInt(until)
		if e.windowd && from >= e.winStart {
			// The window holds these days of every account already: the
			// same sums as SumBy, without the query.
			for i := range e.rows {
				t := &e.rows[i]
				if e.date[i] < from || e.date[i] > to || t.Amount.Minor >= 0 || t.TransferID != 0 {
					continue
				}
				mo.Total[t.Amount.Currency] -= t.Amount.Minor
				mo.ByCat[t.Amount.Currency+"\x00"+strings.ToLower(t.Category)] -= t.Amount.Minor
			}
			months = append(months, mo)
			continue
		}
		sums, err := e.st.SumBy(e.ctx, store.ReportQuery{Since: start, Until: until, Flow: store.FlowOut, ExcludeTransfers: true, Classes: spendOnly}, store.ByCategory)
		if err != nil {
			return nil, fmt.Errorf("alerts: %s: %w", RuleCategory, err)
		}
		for _, g := range sums {
			mo.Total[g.Currency] -= g.Sum
			mo.ByCat[g.Currency+"\x00"+strings.ToLower(g.Key)] -= g.Sum
		}
		months = append(months, mo)
	}
	if e.cache != nil {
		e.cache.CatDay, e.cache.Cat = e.today, months
		e.dirty = true
	}
	return months, nil
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// pendingStale: a pending transaction still not posted after Days days. A
// hold that never posts, or a charge the bank forgot, is worth a call.
func (e *engine) pendingStale(all bool) error {
	cutoff := store.DateInt(e.addDays(e.today, -e.s.Pending.Days))
	var rows []store.Transaction
	if all {
		// Every pending row, however old: a full re-evaluation should not
		// depend on the window.
		yes := true
		var err error
		rows, err = e.st.Transactions(e.ctx, store.TxQuery{Pending: &yes, Until: store.IntDate(cutoff), Oldest: true})
		if err != nil {
			return fmt.Errorf("alerts: %s: %w", RulePending, err)
		}
	} else {
		for i := range e.rows {
			if t := e.rows[i]; t.Pending && e.touched[t.AccountID] && e.date[i] <= cutoff {
				rows = append(rows, t)
			}
		}
	}
	for i := range rows {
		t := &rows[i]
		if _, ok := e.accts[t.AccountID]; !ok {
			continue
		}
		n := e.daysBetween(store.DateInt(t.Posted), e.today)
		err := e.emit(store.Alert{
			Rule:     RulePending,
			Severity: Info,
			Title:    "Still pending on " + e.acctName(t.AccountID),
			Body: fmt.Sprintf("%s at %s has been pending since %s (%d days).", t.Amount.Format(), payeeText(t.Payee),
				t.Posted.Format(store.DateLayout), n),
			Why: fmt.Sprintf("Rule %s: pending for %d days, more than the rule's %d; a hold that never posts may need a word with the bank. Transaction %s.",
				RulePending, n, e.s.Pending.Days, txLine(t)),
			AccountID:    t.AccountID,
			Transactions: []int64{t.ID},
			DedupKey:     fmt.Sprintf("%s:%d", RulePending, t.ID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// reauthHints in a source's error mean the bank wants the user to sign in
// again rather than that it failed for a while.
var reauthHints = []string{"401", "403", "UNAUTHORIZED", "FORBIDDEN", "AUTHENTICAT", "REAUTH", "RE-AUTH", "LOGIN", "LOG IN",
	"SIGN IN", "CREDENTIAL", "PASSWORD", "TOKEN", "EXPIRED", "REVOKED", "ACCESS DENIED"}

// sourceErrors: a source whose last sync failed. One alert per source, day
// and error, so a daemon retrying every hour does not repeat itself.
func (e *engine) sourceErrors() error {
	srcs, err := e.st.Sources(e.ctx)
	if err != nil {
		return fmt.Errorf("alerts: %s: %w", RuleSource, err)
	}
	for _, src := range srcs {
		if strings.TrimSpace(src.LastError) == "" {
			continue
		}
		when := src.LastSync
		if when.IsZero() {
			when = e.now
		}
		h := fnv.New32a()
		h.Write([]byte(src.LastError))
		var acct int64
		for _, id := range sortedAccountIDs(e.accts) {
			if e.accts[id].Source == src.Name {
				acct = id
				break
			}
		}
		name := payeeText(src.Name)
		msg := payeeText(src.LastError)
		if r := []rune(msg); len(r) > 200 {
			msg = string(r[:200]) + "…"
		}
		title, why := name+" could not sync", "the last sync failed"
		if h := containsAny(src.LastError, reauthHints); h != "" {
			title, why = name+" needs you to sign in again", fmt.Sprintf("the last sync failed with an error that mentions %q, which means the bank wants new credentials", h)
		}
		err := e.emit(store.Alert{
			Rule:      RuleSource,
			Severity:  Warning,
			Title:     title,
			Body:      fmt.Sprintf("The sync of %s failed: %s", when.Format(store.DateLayout), msg),
			Why:       fmt.Sprintf("Rule %s: %s (source %s, %s, %s).", RuleSource, why, name, payeeText(src.Kind), when.UTC().Format(time.RFC3339)),
			AccountID: acct,
			DedupKey:  fmt.Sprintf("%s:%d:%s:%08x", RuleSource, src.ID, when.Format(store.DateLayout), h.Sum32()),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedAccountIDs(m map[int64]store.Account) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
