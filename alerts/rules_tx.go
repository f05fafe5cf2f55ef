package alerts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"penny/category"
	"penny/recurring"
	"penny/store"
)

// Rules about single transactions. Each looks at the candidates (new rows in
// the lookback window) against the window around them; only posted rows
// raise per-transaction alerts, because a pending row is replaced by its
// posted version under a new id, and keying the alert on the pending id would
// raise it twice.

func (e *engine) transactions() error {
	if len(e.cands) == 0 {
		return nil
	}
	rules := []struct {
		on bool
		fn func() error
	}{
		{e.s.Large.On, e.large},
		{e.s.NewMerchant.On, e.newMerchant},
		{e.s.Duplicate.On, e.duplicates},
		{e.s.PriceIncrease.On, e.priceIncrease},
		{e.s.Trial.On, e.trial},
		{e.s.Refund.On || e.s.Deposit.On, e.credits},
		{e.s.Foreign.On, e.foreign},
	}
	for _, r := range rules {
		if !r.on {
			continue
		}
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if err := r.fn(); err != nil {
			return err
		}
	}
	return nil
}

// monthlyBefore reports whether the same account paid the same merchant a
// similar amount (within 10%) 25 to 35 days before row i: a known monthly
// bill such as rent, which is large but no surprise.
func (e *engine) monthlyBefore(i int) bool {
	t := &e.rows[i]
	for _, j := range e.byKey[e.key[i]] {
		u := &e.rows[j]
		if j == i || u.AccountID != t.AccountID || !spending(u) || u.Amount.Currency != t.Amount.Currency {
			continue
		}
		if !recurring.MonthApart(store.IntDate(e.date[j]), store.IntDate(e.date[i])) {
			continue
		}
		if abs(u.Amount.Minor-t.Amount.Minor)*10 <= abs(t.Amount.Minor) {
			return true
		}
	}
	return false
}

// large: a charge at or above the absolute threshold, or more than Multiple
// times the account's Percentile-th percentile charge of the past year.
func (e *engine) large() error {
	s := e.s.Large
	var ids []int64
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		if t := &e.rows[i]; spending(t) && !t.Pending {
			ids = append(ids, t.AccountID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if s.Multiple > 0 {
		slices.Sort(ids)
		if err := e.ensureStats(slices.Compact(ids)); err != nil {
			return err
		}
	}
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		if !spending(t) || t.Pending {
			continue
		}
		cur := t.Amount.Currency
		mag := -t.Amount.Minor
		var reasons []string
		if thr, ok := AmountIn(s.Absolute, cur); ok && mag >= thr {
			reasons = append(reasons, fmt.Sprintf("it is at least the absolute threshold of %s", fmtAmount(thr, cur)))
		}
		if st, ok := e.cache.Stats[t.AccountID]; ok && s.Multiple > 0 && st.N >= int64(s.MinHistory) && st.Currency == cur {
			limit := int64(s.Multiple) * st.P
			floor, _ := AmountIn(s.MinAmount, cur)
			if mag > limit && mag >= floor {
				reasons = append(reasons, fmt.Sprintf("it is more than %d× the %dth percentile of this account's %d charges in the year to %s (%s), that is more than %s",
					s.Multiple, st.Percentile, st.N, day(store.DateInt(e.addDays(e.lookStart, -1))), fmtAmount(st.P, cur), fmtAmount(limit, cur)))
			}
		}
		if len(reasons) == 0 || e.monthlyBefore(i) {
			continue
		}
		err := e.emit(store.Alert{
			Rule:         RuleLarge,
			Severity:     Warning,
			Title:        "Large charge on " + e.acctName(t.AccountID),
			Body:         fmt.Sprintf("%s at %s on %s.", fmtAmount(mag, cur), payeeText(t.Payee), t.Posted.Format(store.DateLayout)),
			Why:          fmt.Sprintf("Rule %s: %s. Transaction %s.", RuleLarge, strings.Join(reasons, "; and "), txLine(t)),
			AccountID:    t.AccountID,
			Transactions: []int64{t.ID},
			DedupKey:     fmt.Sprintf("%s:%d", RuleLarge, t.ID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// knownSince returns the date of the merchant's first row when every row of
// it lies in the window, or 0 when it has older ones (or none).
func (e *engine) knownSince(key string) int64 {
	if e.cache == nil {
		return 0
	}
	first, ok := e.cache.Merchants[key]
	if !ok || first < e.winStart {
		return 0
	}
	return first
}

// newMerchant: the first charge ever at a merchant, in any account.
func (e *engine) newMerchant() error {
	done := map[string]bool{}
	for step, c := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		k := e.key[c]
		if done[k] || !spending(&e.rows[c]) {
			continue
		}
		done[k] = true
		since := e.knownSince(k)
		if since == 0 {
			continue
		}
		// Every row of the merchant is in the window: its earliest charge is
		// the first ever.
		first := -1
		for _, j := range e.byKey[k] {
			if spending(&e.rows[j]) {
				first = j
				break
			}
		}
		if first < 0 || e.date[first] < e.lookStart || e.first[first] {
			continue
		}
		t := &e.rows[first]
		name := merchantName(k)
		err := e.emit(store.Alert{
			Rule:     RuleNewMerchant,
			Severity: Info,
			Title:    "New merchant on " + e.acctName(t.AccountID),
			Body: fmt.Sprintf("First charge at %s: %s on %s (%s).", name, fmtAmount(-t.Amount.Minor, t.Amount.Currency),
				t.Posted.Format(store.DateLayout), payeeText(t.Payee)),
			Why: fmt.Sprintf("Rule %s: no account has an earlier transaction at %s, whatever descriptor the bank printed; Penny has seen it only since %s. Transaction %s.",
				RuleNewMerchant, name, day(since), txLine(t)),
			AccountID:    t.AccountID,
			Transactions: []int64{t.ID},
			DedupKey:     RuleNewMerchant + ":" + k,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// duplicates: the same charge twice on one account: same merchant, same
// amount, posted the same or the next day. A charge and its refund are never
// a pair (the amounts have opposite signs), nor are transfers. When the bank
// gives both swipe times they must be within WithinMinutes; without them, a
// pair a day apart at a merchant the account pays often (the same 6.50
// coffee every morning) is not a duplicate.
func (e *engine) duplicates() error {
	seen := map[[2]int64]bool{}
	within := time.Duration(e.s.Duplicate.WithinMinutes) * time.Minute
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		if !spending(t) || t.Pending {
			continue
		}
		// A new charge is paired with its one closest twin, not with every
		// twin: three identical charges make two alerts, not three, and a
		// hundred make ninety-nine, not thousands.
		type twin struct {
			a, b, other int
			how         string
			apart       time.Duration
		}
		var best *twin
		for _, j := range e.byKey[e.key[i]] {
			u := &e.rows[j]
			if j == i || u.AccountID != t.AccountID || u.Amount != t.Amount || u.Pending || transferLike(u) {
				continue
			}
			gap := e.daysBetween(e.date[j], e.date[i])
			if gap < -1 || gap > 1 {
				continue
			}
			a, b := i, j
			if e.date[b] < e.date[a] || (e.date[b] == e.date[a] && e.rows[b].ID < e.rows[a].ID) {
				a, b = b, a
			}
			var how string
			apart := time.Duration(max(gap, -gap)) * 24 * time.Hour
			ta, tb := e.rows[a].Transacted, e.rows[b].Transacted
			switch {
			case !ta.IsZero() && !tb.IsZero():
				d := tb.Sub(ta)
				if d < 0 {
					d = -d
				}
				if d > within {
					continue
				}
				apart = d
				how = fmt.Sprintf("swiped %s apart (the rule allows %d minutes)", d.Round(time.Second), e.s.Duplicate.WithinMinutes)
			case gap == 0:
				how = "posted the same day"
			default:
				if e.habitual(a, b) {
					continue
				}
				how = "posted on consecutive days at a merchant this account seldom pays"
			}
			// The closest in time; among equals the closest in the bank's
			// order, the one before this charge first: what a retry
			// repeats.
			if best == nil || apart < best.apart || (apart == best.apart && nearer(e.rows[i].ID, e.rows[j].ID, e.rows[best.other].ID)) {
				best = &twin{a: a, b: b, other: j, how: how, apart: apart}
			}
		}
		if best == nil {
			continue
		}
		pair := [2]int64{e.rows[best.a].ID, e.rows[best.b].ID}
		if seen[pair] {
			continue
		}
		seen[pair] = true
		if err := e.emitDuplicate(best.a, best.b, best.how); err != nil {
			return err
		}
	}
	return nil
}

// nearer reports whether id x is nearer to id i than y is, an earlier one
// winning a tie.
func nearer(i, x, y int64) bool {
	dx, dy := max(x-i, i-x), max(y-i, i-y)
	if dx != dy {
		return dx < dy
	}
	return x < y
}

// habitual reports whether the account pays the merchant often: at least
// twice more in the window than the pair. Two identical charges a day apart
// at a shop visited every few days are two visits (the same metro fare, the
// same ride home), not a retry.
func (e *engine) habitual(a, b int) bool {
	t := &e.rows[a]
	n := 0
	for _, j := range e.byKey[e.key[a]] {
		if j != a && j != b && e.rows[j].AccountID == t.AccountID && spending(&e.rows[j]) {
			n++
		}
	}
	return n >= 2
}

func (e *engine) emitDuplicate(a, b int, how string) error {
	ta, tb := &e.rows[a], &e.rows[b]
	ids := []int64{ta.ID, tb.ID}
	sev := Warning
	when := "on " + ta.Posted.Format(store.DateLayout)
	if !tb.Posted.Equal(ta.Posted) {
		when = fmt.Sprintf("on %s and %s", ta.Posted.Format(store.DateLayout), tb.Posted.Format(store.DateLayout))
	}
	body := fmt.Sprintf("%s at %s twice %s.", fmtAmount(-ta.Amount.Minor, ta.Amount.Currency), payeeText(ta.Payee), when)
	refund := ""
	// Already put right? A credit of the same amount at the merchant after
	// the pair.
	for _, j := range e.byKey[e.key[a]] {
		u := &e.rows[j]
		if u.AccountID == ta.AccountID && u.Amount.Minor == -ta.Amount.Minor && u.Amount.Currency == ta.Amount.Currency &&
			e.date[j] >= e.date[b] && !transferLike(u) {
			sev = Info
			ids = append(ids, u.ID)
			body += fmt.Sprintf(" A refund of the same amount posted on %s.", u.Posted.Format(store.DateLayout))
			refund = fmt.Sprintf(" It was refunded by %s.", txLine(u))
			break
		}
	}
	return e.emit(store.Alert{
		Rule:     RuleDuplicate,
		Severity: sev,
		Title:    "Possible duplicate charge on " + e.acctName(ta.AccountID),
		Body:     body,
		Why: fmt.Sprintf("Rule %s: two charges on one account at the same merchant (%s) for the same amount, %s; neither is a transfer. Transactions %s and %s.%s",
			RuleDuplicate, merchantName(e.key[a]), how, txLine(ta), txLine(tb), refund),
		AccountID:    ta.AccountID,
		Transactions: ids,
		DedupKey:     fmt.Sprintf("%s:%d:%d", RuleDuplicate, ta.ID, tb.ID),
	})
}

// priceIncrease: a monthly charge whose amount rose (recurring.Increase).
// The window shows last month's occurrence; when the rule wants more months
// at the old price than the window holds, one query reads the older
// charges of every candidate merchant at once.
func (e *engine) priceIncrease() error {
	type cand struct {
		i    int
		now  recurring.Charge
		prev []recurring.Charge // older occurrences, newest first
		ids  []int64
	}
	charge := func(t *store.Transaction, date int64) recurring.Charge {
		return recurring.Charge{Amount: -t.Amount.Minor, Day: store.IntDate(date)}
	}
	var cands []*cand
	need, minPct := e.s.PriceIncrease.MinMonths, e.s.PriceIncrease.MinPercent
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		if !spending(t) || t.Pending {
			continue
		}
		// Older charges of the merchant on this account, newest first.
		var occ []int
		for _, j := range slices.Backward(e.byKey[e.key[i]]) {
			u := &e.rows[j]
			if j == i || u.AccountID != t.AccountID || !spending(u) || u.Pending || u.Amount.Currency != t.Amount.Currency {
				continue
			}
			if e.date[j] > e.date[i] || (e.date[j] == e.date[i] && u.ID > t.ID) {
				continue
			}
			occ = append(occ, j)
		}
		if len(occ) == 0 {
			continue
		}
		// A rise over last month's charge, before counting the months the
		// old price held.
		now := charge(t, e.date[i])
		if _, ok := recurring.Increase(now, []recurring.Charge{charge(&e.rows[occ[0]], e.date[occ[0]])}, 1, minPct); !ok {
			continue
		}
		c := &cand{i: i, now: now}
		for _, j := range occ {
			c.prev = append(c.prev, charge(&e.rows[j], e.date[j]))
			c.ids = append(c.ids, e.rows[j].ID)
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		return nil
	}
	// Do the window's occurrences show enough months at the old price, or
	// could older ones? The window starts contextDays before the lookback.
	var payees []string
	var accts []int64
	for _, c := range cands {
		// Older charges can only help when the run at the old price reaches
		// back to the oldest charge the window holds, and that one is near the
		// window's start.
		run := recurring.Run(c.prev)
		if run < need && run == len(c.prev) && e.daysBetween(e.winStart, store.DateInt(c.prev[len(c.prev)-1].Day)) < 36 {
			t := &e.rows[c.i]
			payees = append(payees, t.Payee)
			for _, j := range e.byKey[e.key[c.i]] {
				payees = append(payees, e.rows[j].Payee)
			}
			accts = append(accts, t.AccountID)
		}
	}
	if len(payees) > 0 {
		slices.Sort(payees)
		payees = slices.Compact(payees)
		slices.Sort(accts)
		no := false
		older, err := e.st.SearchTransactions(e.ctx, store.ReportQuery{
			AccountIDs: slices.Compact(accts), Payees: payees,
			Since: e.addDays(e.winStart, -35*need), Until: e.addDays(e.winStart, -1),
			Flow: store.FlowOut, ExcludeTransfers: true, Classes: spendOnly, Pending: &no,
		}, store.NewestFirst, 0)
		if err != nil {
			return fmt.Errorf("alerts: %s: %w", RulePriceIncrease, err)
		}
		for _, c := range cands {
			t := &e.rows[c.i]
			for k := range older {
				u := &older[k]
				if u.AccountID == t.AccountID && u.Amount.Currency == t.Amount.Currency && e.keyOf(u.Payee) == e.key[c.i] {
					c.prev = append(c.prev, charge(u, store.DateInt(u.Posted)))
					c.ids = append(c.ids, u.ID)
				}
			}
		}
	}
	for _, c := range cands {
		rise, ok := recurring.Increase(c.now, c.prev, need, minPct)
		if !ok {
			continue
		}
		t := &e.rows[c.i]
		cur := t.Amount.Currency
		n := rise.Months
		name := merchantName(e.key[c.i])
		var dates []string
		for k := n - 1; k >= 0; k-- {
			dates = append(dates, c.prev[k].Day.Format(store.DateLayout))
		}
		ids := append([]int64{t.ID}, c.ids[:n]...)
		err := e.emit(store.Alert{
			Rule:     RulePriceIncrease,
			Severity: Warning,
			Title:    "Price increase on " + e.acctName(t.AccountID),
			Body: fmt.Sprintf("%s went up from %s to %s (charged %s).", name, fmtPlain(rise.From, cur), fmtAmount(rise.To, cur),
				t.Posted.Format(store.DateLayout)),
			Why: fmt.Sprintf("Rule %s: %s charged %s every month for %d months (%s); the charge of %s is %s, %d%% more (the rule fires from %d%%). Transaction %s.",
				RulePriceIncrease, name, fmtAmount(rise.From, cur), n, strings.Join(dates, ", "), t.Posted.Format(store.DateLayout),
				fmtAmount(rise.To, cur), rise.Percent, minPct, txLine(t)),
			AccountID:    t.AccountID,
			Transactions: ids,
			DedupKey:     fmt.Sprintf("%s:%d", RulePriceIncrease, t.ID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// fmtPlain writes an amount without its currency, for "from 15.49 to 17.99
// USD".
func fmtPlain(minor int64, currency string) string {
	s := fmtAmount(minor, currency)
	return strings.TrimSuffix(s, " "+currency)
}

// subscriptionCategories and subscriptionHints mark a merchant that bills by
// subscription, the only kind whose authorization-then-charge is a trial:
// a fuel pump also authorizes 1.00 first, then charges the fill.
var (
	subscriptionCategories = []string{"Subscriptions", "Subscription", "Software", "Streaming", "Memberships", "Membership"}
	subscriptionHints      = []string{"TRIAL", "SUBSCR", "MEMBERSHIP", "PREMIUM", "MONTHLY", "ANNUAL", ".COM", "APP", "PLUS", "PRIME"}
)

func subscriptionLike(t *store.Transaction) bool {
	for _, c := range subscriptionCategories {
		if strings.EqualFold(t.Category, c) {
			return true
		}
	}
	return containsAny(t.Payee, subscriptionHints) != "" || containsAny(t.Memo, subscriptionHints) != ""
}

// trial: the first real charge at a subscription merchant whose only earlier
// rows are a $0/$1 authorization, at least a day and at most Days days
// before.
func (e *engine) trial() error {
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		if !spending(t) || t.Pending {
			continue
		}
		cur := t.Amount.Currency
		maxAuth, ok := AmountIn(e.s.Trial.MaxAuth, cur)
		if !ok || -t.Amount.Minor <= maxAuth || e.knownSince(e.key[i]) == 0 {
			continue
		}
		auth := -1
		paid := false
		for _, j := range e.byKey[e.key[i]] {
			u := &e.rows[j]
			if j == i || u.AccountID != t.AccountID || transferLike(u) {
				continue
			}
			if e.date[j] > e.date[i] || (e.date[j] == e.date[i] && u.ID > t.ID) {
				continue
			}
			if abs(u.Amount.Minor) > maxAuth {
				paid = true
				break
			}
			if auth < 0 {
				auth = j
			}
		}
		if paid || auth < 0 {
			continue
		}
		gap := e.daysBetween(e.date[auth], e.date[i])
		a := &e.rows[auth]
		if gap < 1 || gap > e.s.Trial.Days || !(subscriptionLike(t) || subscriptionLike(a)) {
			continue
		}
		name := merchantName(e.key[i])
		err := e.emit(store.Alert{
			Rule:     RuleTrial,
			Severity: Warning,
			Title:    "Free trial turned paid on " + e.acctName(t.AccountID),
			Body: fmt.Sprintf("%s charged %s on %s, %d days after a %s authorization.", name, fmtAmount(-t.Amount.Minor, cur),
				t.Posted.Format(store.DateLayout), gap, fmtAmount(abs(a.Amount.Minor), a.Amount.Currency)),
			Why: fmt.Sprintf("Rule %s: the first row ever at %s was an authorization of at most %s (%s), and this is its first real charge, %d days later (the rule looks %d days back). Transaction %s.",
				RuleTrial, name, fmtAmount(maxAuth, cur), txLine(a), gap, e.s.Trial.Days, txLine(t)),
			AccountID:    t.AccountID,
			Transactions: []int64{a.ID, t.ID},
			DedupKey:     fmt.Sprintf("%s:%d", RuleTrial, t.ID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Credits are refunds or deposits, never both.
var (
	refundCategories = []string{"Refund", "Refunds", "Return", "Returns"}
	refundHints      = []string{"REFUND", "RETURN", "REVERSAL", "CREDIT VOUCHER", "MERCHANDISE CREDIT", "RUECKERSTATTUNG", "ERSTATTUNG"}
	incomeCategories = append(category.IncomeNames(), category.ExcludedNames()...)
	payrollHints     = []string{"PAYROLL", "DIRECT DEP", "DIR DEP", "DIRECTDEP", "SALARY", "GEHALT", "LOHN", "PAYCHECK"}
	// Person-to-person apps: money back from a friend is not a refund.
	p2pHints = []string{"VENMO", "ZELLE", "CASH APP", "CASHAPP", "PAYPAL TRANSFER", "APPLE CASH"}
)

func inCategories(c string, list []string) bool {
	for _, x := range list {
		if strings.EqualFold(c, x) {
			return true
		}
	}
	return false
}

// refundOf classifies a credit as a refund and finds the charge it gives
// back, when the window has one. why says what made it a refund.
func (e *engine) refundOf(i int) (why string, charge int, ok bool) {
	t := &e.rows[i]
	charge = -1
	// The latest earlier charge at the merchant for the same amount, or else
	// any earlier charge there.
	for _, j := range slices.Backward(e.byKey[e.key[i]]) {
		u := &e.rows[j]
		if e.date[j] > e.date[i] || !spending(u) || u.Amount.Currency != t.Amount.Currency {
			continue
		}
		if u.Amount.Minor == -t.Amount.Minor {
			charge = j
			break
		}
		if charge < 0 {
			charge = j
		}
	}
	switch {
	case inCategories(t.Category, refundCategories):
		return fmt.Sprintf("its category is %s", payeeText(t.Category)), charge, true
	case inCategories(t.Category, incomeCategories) || containsAny(t.Payee, p2pHints) != "":
		return "", -1, false
	case containsAny(t.Payee+" "+t.Memo, refundHints) != "":
		return fmt.Sprintf("its description says %s", containsAny(t.Payee+" "+t.Memo, refundHints)), charge, true
	case charge >= 0:
		return fmt.Sprintf("it comes from %s, charged on %s", merchantName(e.key[i]), e.rows[charge].Posted.Format(store.DateLayout)), charge, true
	}
	return "", -1, false
}

// credits: a refund posted, or a deposit (a paycheck when it looks like
// payroll) of at least Deposit.Min.
func (e *engine) credits() error {
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		if t.Amount.Minor <= 0 || t.Pending || transferLike(t) || e.first[i] {
			continue
		}
		cur := t.Amount.Currency
		amount := fmtAmount(t.Amount.Minor, cur)
		if why, charge, ok := e.refundOf(i); ok {
			if !e.s.Refund.On {
				continue
			}
			body := fmt.Sprintf("%s from %s on %s.", amount, payeeText(t.Payee), t.Posted.Format(store.DateLayout))
			ids := []int64{t.ID}
			match := ""
			if charge >= 0 {
				c := &e.rows[charge]
				ids = append(ids, c.ID)
				if c.Amount.Minor == -t.Amount.Minor {
					body += fmt.Sprintf(" It gives back the charge of %s.", c.Posted.Format(store.DateLayout))
				}
				match = fmt.Sprintf(" The merchant's charge: %s.", txLine(c))
			}
			err := e.emit(store.Alert{
				Rule:         RuleRefund,
				Severity:     Info,
				Title:        "Refund posted to " + e.acctName(t.AccountID),
				Body:         body,
				Why:          fmt.Sprintf("Rule %s: money in that is a refund because %s. Transaction %s.%s", RuleRefund, why, txLine(t), match),
				AccountID:    t.AccountID,
				Transactions: ids,
				DedupKey:     fmt.Sprintf("%s:%d", RuleRefund, t.ID),
			})
			if err != nil {
				return err
			}
			continue
		}
		if !e.s.Deposit.On {
			continue
		}
		minimum, ok := AmountIn(e.s.Deposit.Min, cur)
		if !ok || t.Amount.Minor < minimum {
			continue
		}
		title, kind := "Deposit posted to ", "a deposit"
		if inCategories(t.Category, []string{"Salary", "Payroll", "Wages"}) || containsAny(t.Payee+" "+t.Memo, payrollHints) != "" {
			title, kind = "Paycheck posted to ", "a paycheck (payroll category or description)"
		}
		err := e.emit(store.Alert{
			Rule:     RuleDeposit,
			Severity: Info,
			Title:    title + e.acctName(t.AccountID),
			Body:     fmt.Sprintf("%s from %s on %s.", amount, payeeText(t.Payee), t.Posted.Format(store.DateLayout)),
			Why: fmt.Sprintf("Rule %s: %s of at least %s, not a transfer between your accounts nor a refund. Transaction %s.",
				RuleDeposit, kind, fmtAmount(minimum, cur), txLine(t)),
			AccountID:    t.AccountID,
			Transactions: []int64{t.ID},
			DedupKey:     fmt.Sprintf("%s:%d", RuleDeposit, t.ID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// foreign: a charge in another currency than its account's, or whose
// description carries a foreign-transaction hint.
func (e *engine) foreign() error {
	for step, i := range e.cands {
		if err := e.every(step); err != nil {
			return err
		}
		t := &e.rows[i]
		a, ok := e.accts[t.AccountID]
		if !ok || !spending(t) || t.Pending || e.first[i] {
			continue
		}
		var reason string
		if !strings.EqualFold(t.Amount.Currency, a.Currency) {
			reason = fmt.Sprintf("it is in %s while the account is in %s", payeeText(t.Amount.Currency), payeeText(a.Currency))
		} else if h := containsAny(t.Payee+" "+t.Memo, e.s.Foreign.Hints); h != "" {
			reason = fmt.Sprintf("its description contains %q", h)
		} else {
			continue
		}
		err := e.emit(store.Alert{
			Rule:         RuleForeign,
			Severity:     Info,
			Title:        "Foreign transaction on " + e.acctName(t.AccountID),
			Body:         fmt.Sprintf("%s at %s on %s.", fmtAmount(-t.Amount.Minor, t.Amount.Currency), payeeText(t.Payee), t.Posted.Format(store.DateLayout)),
			Why:          fmt.Sprintf("Rule %s: %s. Transaction %s.", RuleForeign, reason, txLine(t)),
			AccountID:    t.AccountID,
			Transactions: []int64{t.ID},
			DedupKey:     fmt.Sprintf("%s:%d", RuleForeign, t.ID),
		})
		if err != nil {
			return err
		}
	}
	return nil
}
