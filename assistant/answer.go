package assistant

import (
	"penny/category"
	"sort"

	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"penny/internal/jsonout"
	"penny/money"
	"penny/store"
)

// Ask answers one question. An error means the store failed; a question
// Penny does not understand is an answer (intent "unknown"), not an error.
func (a *Assistant) Ask(ctx context.Context, question string) (Reply, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ix, err := a.index(ctx)
	if err != nil {
		return Reply{}, err
	}
	if r, ok, err := a.rename(ctx, ix, question); ok || err != nil {
		if err != nil {
			return Reply{}, fmt.Errorf("assistant: %w", err)
		}
		return r, nil
	}
	now := a.now()
	p := Parse(question, now, ix.lex)
	followed := false
	if f, ok := followUp(question, now, ix.lex, a.last); ok {
		p, followed = f, true
	}
	scopeTo(ctx, &p)
	x := &ans{a: a, ctx: ctx, ix: ix, q: question, p: p, s: p.Slots, today: civil(now), followed: followed}
	if err := x.answer(); err != nil {
		return Reply{}, fmt.Errorf("assistant: %w", err)
	}
	r := x.r
	if r.Outcome == "" {
		r.Outcome = OutcomeAnswered
	}
	if r.Outcome == OutcomeAnswered && p.Intent != IntentHelp && p.Intent != IntentAlertSettings && p.Intent != IntentCategorize {
		// The answered question is what a follow-up ("and the month
		// before?") changes one slot of.
		last := p
		last.Slots = x.s
		a.last = &last
	}
	r.Intent = p.Intent
	r.Slots = x.s.Map()
	if x.defaulted {
		r.Slots["period_default"] = true
	}
	if r.Data == nil {
		r.Data = jsonout.NoData{}
	}
	return r, nil
}

// ans is one answer in the making.
type ans struct {
	a     *Assistant
	ctx   context.Context
	ix    *index
	q     string
	p     Parsed
	s     Slots // the parsed slots, with defaults filled in
	today time.Time
	r     Reply
	// defaulted says the period was not asked for but chosen.
	defaulted bool
	// followed says the question was read as a follow-up of the last one.
	followed bool
}

func (x *ans) st() *store.Store { return x.a.st }

func (x *ans) answer() error {
	switch x.p.Intent {
	case IntentHelp:
		x.help()
		return nil
	case IntentSync:
		return x.sync()
	case IntentAlerts:
		return x.alerts()
	case IntentAlertSettings:
		return x.alertSettings()
	case IntentFuture:
		x.r.Outcome = OutcomeDeclined
		x.r.Text = "Penny only knows what has already happened in your accounts; it doesn't predict spending or balances. " +
			"Ask about a past period, or your subscriptions to see what recurs."
		x.r.Suggestions = []string{"subscriptions", "spending last month", "average monthly spending this year"}
		return nil
	case IntentAction:
		x.r.Outcome = OutcomeDeclined
		x.r.Text = "Penny only reads your data; it can't move money, pay bills or buy anything. " +
			"Use your bank's app for that. I can tell you balances, spending and what's coming up."
		x.r.Suggestions = []string{"balance", "subscriptions", "spending this month"}
		return nil
	}
	if len(x.p.Ambiguous) == 0 {
		x.productLines()
	}
	if len(x.p.Ambiguous) > 0 {
		x.askWhich()
		return nil
	}
	if x.p.Intent == IntentUnknown {
		x.unknown()
		return nil
	}
	// A word Penny does not understand could change a total ("at shell",
	// "average"): a total without it would be a confident wrong number, so
	// it says what it did not understand instead. A search shows rows,
	// which speak for themselves.
	if len(x.p.Unknown) > 0 && x.p.Intent != IntentSearch && x.p.Intent != IntentCategorize && x.p.Intent != IntentAlertSettings {
		x.notFound()
		return nil
	}
	if x.s.Average == "?" {
		x.askAverage()
		return nil
	}
	switch x.p.Intent {
	case IntentBalance:
		return x.balance()
	case IntentSpending:
		x.intoAccount()
		if x.onlyIncome() {
			// "What did I get from Initech?", "interest on my savings":
			// money in, whatever the verb.
			return x.flow(store.FlowIn)
		}
		return x.flow(store.FlowOut)
	case IntentIncome, IntentRefunds:
		return x.flow(store.FlowIn)
	case IntentTop:
		return x.top()
	case IntentLargest:
		return x.largest()
	case IntentSearch:
		return x.search()
	case IntentCashflow:
		return x.cashflow()
	case IntentSubscriptions:
		return x.subscriptions()
	case IntentDuplicates:
		return x.duplicates()
	case IntentCategorize:
		return x.categorize()
	}
	x.unknown()
	return nil
}

// productLines notices a merchant named by a word that also starts the
// names of others ("Amazon" beside Amazon Prime and Amazon Fresh, "Uber"
// beside Uber Eats) and makes it a question to ask: picking one would be a
// guess, and adding them up an answer to a question nobody asked.
func (x *ans) productLines() {
	if len(x.s.Merchants) != 1 || x.p.Intent == IntentCategorize {
		return
	}
	name := x.s.Merchants[0]
	lname, q := strings.ToLower(name), strings.ToLower(x.q)
	var longer []string
	for _, m := range x.ix.byKey {
		ln := strings.ToLower(m.name)
		if !strings.HasPrefix(ln, lname+" ") || m.count == 0 {
			continue
		}
		if strings.Contains(q, ln) {
			return // the longer name was asked for
		}
		longer = append(longer, m.name)
	}
	if len(longer) == 0 {
		return
	}
	sort.Strings(longer)
	x.p.Ambiguous = append(x.p.Ambiguous, Ambiguity{Words: name, Kind: kindMerchant, Options: append([]string{name}, longer...)})
}

// intoAccount reads "how much did I put into savings" as the transfers
// that reached that account: money put into savings or a brokerage account
// is not spent.
func (x *ans) intoAccount() {
	s := &x.s
	if len(s.Categories) > 0 || len(s.Merchants) > 0 || s.Text != "" || !hasWords(x.q, "into", "put", "moved", "move", "transferred", "transfer") {
		return
	}
	accs, ok := x.accounts()
	if !ok || len(accs) == 0 || len(s.Accounts) == 0 {
		return
	}
	for _, a := range accs {
		name := strings.ToLower(a.Name)
		switch {
		case a.Type == "savings", a.Type == "brokerage", a.Type == "investment", a.Type == "moneymarket":
		case strings.Contains(name, "saving"), strings.Contains(name, "broker"), strings.Contains(name, "invest"):
			// A file that does not say the account's type still names it.
		default:
			return
		}
	}
	s.Categories = []string{category.Transfers}
}

// onlyIncome reports whether what the question names brings money in only:
// income categories, or merchants (an employer) never paid.
func (x *ans) onlyIncome() bool {
	s := x.s
	if len(s.Categories) > 0 {
		for _, c := range s.Categories {
			if category.Parent(c) != category.Income {
				return false
			}
		}
		return len(s.Merchants) == 0
	}
	if len(s.Merchants) == 0 {
		return false
	}
	for _, n := range s.Merchants {
		if m := x.ix.merchant(n); m == nil || m.count > 0 || m.all == 0 {
			return false
		}
	}
	return true
}

// askAverage asks which average was meant: per month and per transaction
// are different numbers.
func (x *ans) askAverage() {
	x.r.Outcome = OutcomeAsked
	x.r.Text = "An average per month, per week or per transaction?"
	for _, u := range []string{"per month", "per week", "per transaction"} {
		x.r.Suggestions = append(x.r.Suggestions, strings.TrimSpace(x.q)+" "+u)
	}
	x.r.Data = jsonout.AskBackData{Ask: "average", Options: []string{"month", "week", "transaction"}}
}

// askWhich asks back instead of guessing: "Did you mean Blue Bottle Coffee
// or Blue Apron?", with each reading as a ready question.
func (x *ans) askWhich() {
	amb := x.p.Ambiguous[0]
	x.r.Outcome = OutcomeAsked
	what := map[string]string{kindAccount: "account", kindCategory: "category", kindMerchant: "merchant"}[amb.Kind]
	x.r.Text = fmt.Sprintf("“%s” could be more than one %s. Did you mean %s?", amb.Words, what, joinOr(amb.Options))
	for _, o := range amb.Options {
		x.r.Suggestions = append(x.r.Suggestions, replaceWords(x.q, amb.Words, o))
	}
	x.r.Data = jsonout.AmbiguousData{Ambiguous: jsonout.Ambiguity{Kind: amb.Kind, Options: amb.Options, Words: amb.Words}}
}

// replaceWords puts name where the question said words (matched loosely:
// the parser saw folded words).
func replaceWords(q, ws, name string) string {
	lq := strings.ToLower(q)
	if i := strings.Index(lq, strings.ToLower(ws)); i >= 0 && len(lq) == len(q) {
		return q[:i] + name + q[i+len(ws):]
	}
	return q + " (" + name + ")"
}

// notFound says which words matched nothing, with the closest names.
func (x *ans) notFound() {
	x.r.Outcome = OutcomeDeclined
	var near []string
	for _, w := range x.p.Unknown {
		near = append(near, x.ix.lex.nearest(w, 3)...)
	}
	near = dedupe(near)
	quoted := make([]string, len(x.p.Unknown))
	for i, w := range x.p.Unknown {
		quoted[i] = "“" + w + "”"
	}
	x.r.Text = fmt.Sprintf("I don't know an account, category or merchant called %s.", joinAnd(quoted))
	if len(near) > 0 {
		x.r.Text += " Did you mean " + joinOr(firstN(near, 3)) + "?"
		for _, n := range firstN(near, 3) {
			x.r.Suggestions = append(x.r.Suggestions, replaceWords(x.q, x.p.Unknown[0], n))
		}
	}
	x.r.Data = jsonout.NotFoundData{DidYouMean: nonNil(firstN(near, 3)), Unknown: nonNil(x.p.Unknown)}
}

func (x *ans) unknown() {
	x.r.Outcome = OutcomeDeclined
	x.r.Text = "Sorry, I didn't get that. I can tell you balances, spending and income for any period, " +
		"search transactions, list subscriptions, show cash flow and alerts. Try one of these, or type “help”."
	var near []string
	for _, w := range x.p.Unknown {
		near = append(near, x.ix.lex.nearest(w, 2)...)
	}
	near = dedupe(near)
	if len(near) > 0 {
		x.r.Text = "Sorry, I didn't get that. Did you mean " + joinOr(firstN(near, 3)) + "? Type “help” for what I can do."
		for _, n := range firstN(near, 2) {
			x.r.Suggestions = append(x.r.Suggestions, "spending at "+n+" this year")
		}
	}
	x.r.Suggestions = append(x.r.Suggestions, "balance", "spending last month", "help")
	x.r.Data = jsonout.UnknownData{Unknown: nonNil(x.p.Unknown)}
}

// notes returns what the parser read loosely, for the end of an answer:
// " (I read “grocerys” as Groceries.)"
func (x *ans) notes() string {
	var parts []string
	for _, c := range x.p.Corrected {
		if c.Reason == "partial" {
			continue // the answer names the whole name anyway
		}
		parts = append(parts, "“"+c.Words+"” as "+c.Name)
	}
	out := ""
	if len(parts) > 0 {
		out = " (I read " + joinAnd(parts) + ".)"
	}
	if len(x.p.Unknown) > 0 && x.p.Intent != IntentSearch {
		// A word that matched nothing is left out, and said to be.
		quoted := make([]string, len(x.p.Unknown))
		for i, w := range x.p.Unknown {
			quoted[i] = "“" + w + "”"
		}
		out += " I don't know " + joinAnd(quoted) + ", so I left it out."
	}
	return out
}

// defaultPeriod fills in the period a question left out.
func (x *ans) defaultPeriod(def func() Period) *Period {
	if x.s.Period != nil {
		return x.s.Period
	}
	p := def()
	x.s.Period = &p
	x.defaulted = true
	return x.s.Period
}

func (x *ans) thisMonth() Period {
	return monthPeriod("this month", monthOf(x.today)).clip(x.today)
}

func (x *ans) pastYear() Period {
	return Period{Label: "the past 12 months", From: x.today.AddDate(-1, 0, 1), To: x.today}
}

// accounts returns the accounts the slots name (all when none), and false
// when they name a type the vault has no account of.
func (x *ans) accounts() ([]store.Account, bool) {
	s := x.s
	var out []store.Account
	switch {
	case len(s.Accounts) > 0:
		for _, acc := range x.ix.accounts {
			if slices.Contains(s.Accounts, acc.Name) {
				out = append(out, acc)
			}
		}
	case s.AccountType != "":
		for _, acc := range x.ix.accounts {
			if strings.EqualFold(acc.Type, s.AccountType) {
				out = append(out, acc)
			}
		}
		if len(out) == 0 {
			return nil, false
		}
	default:
		return slices.Clone(x.ix.accounts), true
	}
	return out, true
}

// expandCategories turns asked categories into stored ones: a parent of the
// taxonomy covers its leaves ("Food & drink" is Groceries, Restaurants,
// ...); a name outside it (the user's own) is itself.
func expandCategories(cats []string) []string {
	var out []string
	for _, c := range cats {
		if ex := category.Expand(c); ex != nil {
			out = append(out, ex...)
		} else {
			out = append(out, c)
		}
	}
	return out
}

// query builds the store query for the slots over a period.
func (x *ans) query(per *Period) store.ReportQuery {
	s := x.s
	q := store.ReportQuery{Categories: expandCategories(s.Categories), Currency: s.Currency, MinAbs: s.Min, MaxAbs: s.Max}
	if len(s.Accounts) > 0 || s.AccountType != "" {
		accs, _ := x.accounts()
		for _, acc := range accs {
			q.AccountIDs = append(q.AccountIDs, acc.ID)
		}
		if len(q.AccountIDs) == 0 {
			q.AccountIDs = []int64{-1} // named accounts that do not exist select nothing
		}
	}
	// Merchants select their rows by merchant key, with the dates they
	// span: "all time" at a merchant then reads only its years through the
	// date index instead of the whole table.
	var first, last time.Time
	named := false
	for _, name := range s.Merchants {
		named = true
		m := x.ix.merchant(name)
		if m == nil {
			q.MerchantKeys = append(q.MerchantKeys, "\x00") // selects nothing
			continue
		}
		q.MerchantKeys = append(q.MerchantKeys, m.key)
		mFirst, mLast := m.dates()
		first, last = minDate(first, mFirst), maxDate(last, mLast)
	}
	q.Text = s.Text
	if per != nil && !per.AllTime {
		q.Since, q.Until = per.From, per.To
	}
	if named && !first.IsZero() {
		if q.Since.IsZero() || q.Since.Before(first) {
			q.Since = first
		}
		if q.Until.IsZero() || q.Until.After(last) {
			q.Until = last
		}
	}
	return q
}

// subject says what a total is about: " on Dining at Blue Bottle Coffee
// with Visa Signature".
func (x *ans) subject() string {
	s := x.s
	var b strings.Builder
	if len(s.Categories) > 0 {
		b.WriteString(" on " + joinAnd(s.Categories))
	}
	if len(s.Merchants) > 0 {
		b.WriteString(" at " + joinAnd(s.Merchants))
	}
	if s.Text != "" {
		b.WriteString(" at payees matching “" + s.Text + "”")
	}
	if len(s.Accounts) > 0 {
		b.WriteString(" with " + joinAnd(s.Accounts))
	} else if s.AccountType == "credit" {
		b.WriteString(" on your credit cards")
	} else if s.AccountType != "" {
		b.WriteString(" in your " + s.AccountType + " accounts")
	}
	if s.Currency != "" && s.Min == nil && s.Max == nil {
		b.WriteString(" in " + s.Currency)
	}
	switch {
	case s.Min != nil && s.Max != nil && *s.Min == *s.Max:
		b.WriteString(" of exactly " + x.amountWords(*s.Min))
	case s.Min != nil && s.Max != nil:
		b.WriteString(" between " + x.amountWords(*s.Min) + " and " + x.amountWords(*s.Max))
	case s.Min != nil:
		b.WriteString(" of " + x.amountWords(*s.Min) + " or more")
	case s.Max != nil:
		b.WriteString(" of " + x.amountWords(*s.Max) + " or less")
	}
	return b.String()
}

func (x *ans) amountWords(v int64) string {
	if x.s.Currency != "" {
		return fmtAmt(v, x.s.Currency)
	}
	return money.FormatMinor(v, 2, true)
}

// Balance.

func (x *ans) balance() error {
	accs, ok := x.accounts()
	if !ok {
		x.r.Text = fmt.Sprintf("You have no %s accounts in Penny.", x.s.AccountType)
		x.r.Data = jsonout.BalanceData{Accounts: []jsonout.AskAccount{}}
		return nil
	}
	if len(accs) == 0 {
		x.r.Text = "There are no accounts yet. Import a bank file with `penny import FILE`, or connect a bank with `penny connect`."
		x.r.Data = jsonout.BalanceData{Accounts: []jsonout.AskAccount{}}
		return nil
	}
	// "balance at the end of last month": the balance as of a past day.
	var asOf time.Time
	if x.s.Period != nil && !x.s.Period.AllTime && x.s.Period.To.Before(x.today) {
		asOf = x.s.Period.To
	}
	tot := newTotals()
	pend := newTotals()
	var rows []jsonout.AskAccount
	x.r.Table = &Table{Columns: []string{"Account", "Type", "Balance", "Pending"}, Right: []bool{false, false, true, true}}
	for _, acc := range accs {
		bal := acc.Balance.Minor
		if !asOf.IsZero() {
			b, err := x.st().BalanceAsOf(x.ctx, acc.ID, asOf)
			if err != nil {
				return err
			}
			bal = b
		}
		cur := acc.Currency
		tot.add(cur, bal, 1)
		j := jsonout.AskAccount{AccountHead: jsonout.AccountHeadOf(acc), Institution: acc.Institution,
			Balance: amt(bal, cur).String(), BalanceMinor: bal}
		pendCell := textCell("")
		if asOf.IsZero() {
			pend.add(cur, acc.Pending.Minor, 0)
			av := bal + acc.Pending.Minor
			j.Pending, j.PendingMinor = acc.Pending.String(), acc.Pending.Minor
			j.Available, j.AvailableMinor = amt(av, cur).String(), av
			if acc.Pending.Minor != 0 {
				pendCell = moneyCell(acc.Pending.Minor, cur)
			}
		} else {
			j.AsOf = asOf.Format(time.DateOnly)
			j.Pending, j.Available, j.AvailableMinor = "0.00", j.Balance, bal
		}
		rows = append(rows, j)
		x.r.Table.Rows = append(x.r.Table.Rows, []Cell{textCell(acc.Name), textCell(acc.Type), moneyCell(bal, cur), pendCell})
	}
	var b strings.Builder
	when := ""
	if !asOf.IsZero() {
		when = " on " + asOf.Format("Jan 2, 2006")
	}
	if len(accs) == 1 {
		acc := accs[0]
		bal := rows[0].BalanceMinor
		fmt.Fprintf(&b, "%s%s: %s", acc.Name, when, fmtAmt(bal, acc.Currency))
		if acc.Type == "credit" && bal < 0 {
			fmt.Fprintf(&b, " (you owe %s)", fmtAbs(bal, acc.Currency))
		}
		b.WriteString(".")
		if asOf.IsZero() && acc.Pending.Minor != 0 {
			fmt.Fprintf(&b, " Pending transactions of %s are not in it yet; with them: %s.", fmtAmt(acc.Pending.Minor, acc.Currency),
				fmtAmt(bal+acc.Pending.Minor, acc.Currency))
		}
		if asOf.IsZero() && acc.BankBalance != nil && acc.BankBalance.Minor != bal {
			fmt.Fprintf(&b, " The bank last reported %s on %s.", acc.BankBalance.Format(), acc.BankBalanceDate.Format("Jan 2"))
		}
		x.r.Table = nil
	} else {
		label := "Across your accounts"
		switch {
		case x.s.AccountType == "credit":
			label = "On your credit cards"
		case x.s.NetWorth || len(x.s.Accounts) == 0 && x.s.AccountType == "":
			label = "Net worth"
		}
		var parts []string
		for _, c := range tot.currencies() {
			parts = append(parts, fmtAmt(tot.sum[c], c))
		}
		fmt.Fprintf(&b, "%s%s: %s over %s", label, when, joinAnd(parts), plural(int64(len(accs)), "account", "accounts"))
		if len(parts) > 1 {
			b.WriteString(mixedNote)
		}
		b.WriteString(".")
		if asOf.IsZero() {
			var pp []string
			for _, c := range pend.currencies() {
				if pend.sum[c] != 0 {
					pp = append(pp, fmtAmt(pend.sum[c], c))
				}
			}
			if len(pp) > 0 {
				b.WriteString(" Pending, not yet counted: " + joinAnd(pp) + ".")
			}
		}
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	totalsJSON := []jsonout.BalanceTotal{}
	for _, c := range tot.currencies() {
		totalsJSON = append(totalsJSON, jsonout.BalanceTotal{Accounts: tot.count[c], Balance: amt(tot.sum[c], c).String(),
			BalanceMinor: tot.sum[c], Currency: c})
	}
	x.r.Data = jsonout.BalanceData{Accounts: rows, Totals: totalsJSON}
	if len(accs) > 1 {
		x.r.Suggestions = []string{"spending this month", "cash flow"}
	} else {
		x.r.Suggestions = []string{"transactions with " + accs[0].Name + " this month"}
	}
	return nil
}

// Alerts.

func (x *ans) alerts() error {
	all := x.has("all") || x.has("read")
	list, err := x.st().Alerts(x.ctx, store.AlertQuery{UnreadOnly: !all, Limit: 20})
	if err != nil {
		return err
	}
	rows := []jsonout.ChatAlert{}
	if len(list) == 0 {
		if all {
			x.r.Text = "There are no alerts."
		} else {
			x.r.Text = "No unread alerts. Penny raises them for large charges, low balances, duplicates and price increases."
		}
		x.r.Data = jsonout.AlertsData{Alerts: rows}
		return nil
	}
	x.r.Table = &Table{Columns: []string{"When", "Severity", "Alert"}}
	for _, al := range list {
		rows = append(rows, jsonout.ChatAlert{AlertHead: jsonout.AlertHeadOf(al), Body: al.Body,
			Why: al.Why, Created: al.Created.UTC().Format(time.RFC3339), Read: al.Read})
		x.r.Table.Rows = append(x.r.Table.Rows, []Cell{textCell(al.Created.Format("Jan 2")), textCell(al.Severity), textCell(al.Title)})
	}
	kind := "unread alert"
	if all {
		kind = "alert"
	}
	var titles []string
	for _, al := range firstAlerts(list, 3) {
		titles = append(titles, al.Title)
	}
	x.r.Text = fmt.Sprintf("You have %s: %s.", plural(int64(len(list)), kind, kind+"s"), strings.Join(titles, "; "))
	if len(list) > 3 {
		x.r.Text += " The rest are in the table and in the Alerts conversation."
	}
	x.r.Data = jsonout.AlertsData{Alerts: rows}
	return nil
}

func firstAlerts(xs []store.Alert, n int) []store.Alert {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func (x *ans) has(w string) bool {
	for _, t := range words(x.q) {
		if t == w {
			return true
		}
	}
	return false
}

// Sync. The chat never goes online: it says how sync is set up.

func (x *ans) sync() error {
	srcs, err := x.st().Sources(x.ctx)
	if err != nil {
		return err
	}
	rows := []jsonout.Source{}
	if len(srcs) == 0 {
		x.r.Text = "Live sync isn't set up. Connect a bank with `penny connect simplefin` (or `penny connect ofx`), " +
			"then run `penny sync`; bank files load with `penny import FILE`. I never go online from the chat."
		x.r.Data = jsonout.SourcesData{Sources: rows}
		return nil
	}
	var parts []string
	x.r.Table = &Table{Columns: []string{"Source", "Kind", "Last sync", "Status"}}
	for _, s := range srcs {
		j := jsonout.Source{Name: s.Name, Kind: s.Kind, LastError: s.LastError}
		last := "never"
		if !s.LastSync.IsZero() {
			j.LastSync = s.LastSync.UTC().Format(time.RFC3339)
			last = s.LastSync.Format("Jan 2 15:04")
		}
		status := "ok"
		if s.LastError != "" {
			status = s.LastError
		}
		rows = append(rows, j)
		parts = append(parts, s.Name+" ("+s.Kind+", last synced "+last+")")
		x.r.Table.Rows = append(x.r.Table.Rows, []Cell{textCell(s.Name), textCell(s.Kind), textCell(last), textCell(status)})
	}
	x.r.Text = "Live sync is configured with `penny connect`: " + strings.Join(parts, "; ") +
		". Run `penny sync` (or keep `penny daemon` running) to fetch; I never go online from the chat."
	x.r.Data = jsonout.SourcesData{Sources: rows}
	return nil
}

// Help.

func (x *ans) help() {
	greeting := ""
	if x.p.Intent == IntentHelp && x.isGreeting() {
		greeting = "Hi! "
	}
	x.r.Text = greeting + "Ask me about your money in plain words. For example: “balance”, “net worth”, " +
		"“what did I spend on dining last month?”, “spending at Blue Bottle since Jan 5”, “income this year”, " +
		"“top merchants in March”, “largest purchases past 30 days”, “transactions over $100 last week”, " +
		"“subscriptions”, “cash flow”, “any duplicate charges?”, “categorize Blue Bottle as Coffee”, “alerts”, " +
		"“alert me when checking is below 500”, “stop new merchant alerts”, “quiet hours 22:00-07:00”. " +
		"Periods: today, yesterday, this/last week, month or year, “in March”, “since Jan 5”, “past 30 days”, " +
		"“between 1 March and 15 April”, “Q1”. Totals never mix currencies, and transfers between your own accounts are not spending."
	x.r.Suggestions = []string{"balance", "spending last month", "top merchants this year", "subscriptions", "cash flow"}
	x.r.Data = jsonout.HelpData{Examples: x.r.Suggestions}
}

func (x *ans) isGreeting() bool {
	for _, w := range words(x.q) {
		switch w {
		case "hi", "hello", "hey", "thanks", "thank", "thx", "yo":
			return true
		}
	}
	return false
}
