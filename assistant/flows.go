package assistant

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"penny/category"
	"penny/internal/jsonout"
	"penny/money"
	"penny/store"
)

// Money in and out: spending, income, top merchants and categories, the
// largest transactions, search, cash flow and duplicates. Spending is money
// out that is not a transfer between own accounts and has posted; pending
// rows are counted apart and said.

// sums runs a per-currency total.
func (x *ans) sums(q store.ReportQuery) (*totals, error) {
	rows, err := x.sumBy(q, store.ByCurrency)
	if err != nil {
		return nil, err
	}
	t := newTotals()
	for _, r := range rows {
		t.add(r.Currency, r.Sum, r.Count)
	}
	return t, nil
}

// allExcluded reports whether every category is one whose rows are neither
// spending nor income.
func allExcluded(cats []string) bool {
	for _, c := range cats {
		if !category.IsTransfer(c) {
			return false
		}
	}
	return true
}

// spendClasses are the rows of a spending total: money out to merchants
// and people, and the refunds that net against it; incomeClasses those of
// an income total.
var (
	spendClasses  = []category.Class{category.Spend, category.Refund}
	incomeClasses = []category.Class{category.In}
)

// spendQuery is the query for spending (money out to merchants and people,
// net of their refunds) or income (money in from outside), posted, as
// package category defines them: transfers between own accounts, card
// payments, investments and currency exchange are neither.
func (x *ans) spendQuery(per *Period, flow store.Flow) store.ReportQuery {
	q := x.query(per)
	q.Classes = spendClasses
	if flow == store.FlowIn {
		q.Classes = incomeClasses
	}
	if x.s.Refunds {
		q.Classes = []category.Class{category.Refund}
	}
	if len(x.s.Categories) > 0 && allExcluded(x.s.Categories) {
		// Asked about transfers themselves ("how much did I move to
		// savings"): the money that left, or came in, through them. With
		// an account named as where the money went ("to savings", "off my
		// Amex"), that is its money in.
		q.Classes, q.Flow = nil, flow
		if len(q.AccountIDs) > 0 && hasWords(x.q, "to", "into", "off", "on") && !hasWords(x.q, "from") {
			// Funds bought and sold inside the account moved nothing in.
			q.Flow = store.FlowIn
			q.Categories = slices.DeleteFunc(slices.Clone(q.Categories), func(c string) bool { return c == category.Investment })
		}
	}
	no := false
	q.Pending = &no
	return q
}

// breakdown groups q by category, merchant, month or account, largest
// first; merchants fold their descriptors together.
func (x *ans) breakdown(q store.ReportQuery, by string, per *Period) ([]jsonout.BreakdownRow, error) {
	var g store.Grouping
	switch by {
	case "category":
		g = store.ByCategory
	case "merchant":
		g = store.ByMerchant
	case "month":
		g = store.ByMonth
	case "account":
		g = store.ByAccount
	default:
		return nil, nil
	}
	rows, err := x.sumBy(q, g)
	if err != nil {
		return nil, err
	}
	type k struct{ name, cur string }
	acc := map[k]*jsonout.BreakdownRow{}
	var order []k
	for _, r := range rows {
		name := r.Key
		switch by {
		case "merchant":
			name = x.ix.nameOfKey(r.Key)
			if r.Key == "" {
				name = "Other"
			}
		case "account":
			name = x.accountName(r.Key)
		case "category":
			if name == "" {
				name = "Uncategorized"
			}
		}
		kk := k{name, r.Currency}
		b := acc[kk]
		if b == nil {
			b = &jsonout.BreakdownRow{Name: name, Currency: r.Currency}
			acc[kk] = b
			order = append(order, kk)
		}
		b.TotalMinor += r.Sum
		b.Count += r.Count
	}
	if by == "month" && per != nil && !per.AllTime && !per.From.IsZero() {
		// Every month of the period, empty ones included, so a trend has no
		// holes.
		curs := map[string]bool{}
		for _, kk := range order {
			curs[kk.cur] = true
		}
		for c := range curs {
			for m := monthOf(per.From); !m.After(per.To); m = m.AddDate(0, 1, 0) {
				kk := k{m.Format("2006-01"), c}
				if acc[kk] == nil {
					acc[kk] = &jsonout.BreakdownRow{Name: kk.name, Currency: c}
					order = append(order, kk)
				}
			}
		}
	}
	out := make([]jsonout.BreakdownRow, 0, len(order))
	for _, kk := range order {
		b := acc[kk]
		b.Total = amt(b.TotalMinor, b.Currency).String()
		out = append(out, *b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if by == "month" {
			if out[i].Name != out[j].Name {
				return out[i].Name < out[j].Name
			}
			return out[i].Currency < out[j].Currency
		}
		a, b := absInt(out[i].TotalMinor), absInt(out[j].TotalMinor)
		if a != b {
			return a > b
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

func (x *ans) accountName(id string) string {
	n, _ := strconv.ParseInt(id, 10, 64)
	for _, a := range x.ix.accounts {
		if a.ID == n {
			return a.Name
		}
	}
	return "account " + id
}

// flow answers spending (money out) and income (money in).
func (x *ans) flow(flow store.Flow) error {
	s := &x.s
	per := x.defaultPeriod(func() Period {
		if len(s.Merchants) > 0 || s.Text != "" || s.By == "month" {
			return x.pastYear()
		}
		return x.thisMonth()
	})
	q := x.spendQuery(per, flow)
	// "including pending" counts them; by default they are left out and
	// said.
	included := s.Pending != nil && *s.Pending
	if included {
		q.Pending = nil
	}
	tot, err := x.sums(q)
	if err != nil {
		return err
	}
	yes := true
	qp := q
	qp.Pending = &yes
	pend, err := x.sums(qp)
	if err != nil {
		return err
	}
	by := s.By
	if by == "" {
		switch {
		case len(s.Merchants) > 1:
			by = "merchant"
		case len(s.Categories) > 1:
			by = "category"
		case s.Text != "":
			by = "merchant" // which payees matched is the news
		case len(s.Merchants) > 0:
			if per.To.Sub(per.From) > 45*24*time.Hour {
				by = "month"
			}
		case len(s.Categories) > 0:
			by = "merchant"
		case flow == store.FlowIn:
			by = "category"
		}
	}
	rows, err := x.breakdown(q, by, per)
	if err != nil {
		return err
	}
	data := jsonout.Flow{Period: newPeriodJSON(per), Direction: "out", Totals: tot.json(), By: by,
		Pending: jsonout.Pending{Included: included, Count: pend.rows(), Totals: pend.json()}}
	if flow == store.FlowIn {
		data.Direction = "in"
	}
	data.Breakdown = rows
	var b strings.Builder
	verb, none := "You spent ", "You spent nothing"
	if flow == store.FlowIn {
		verb, none = "You received ", "No money came in"
	}
	if s.Refunds {
		verb, none = "You got back ", "No refunds came in"
	}
	if s.Average != "" || s.Count {
		return x.perUnit(q, per, tot, flow)
	}
	if len(tot.sum) == 0 {
		b.WriteString(none + x.subject() + during(per) + "." + x.dataEnds(per))
	} else {
		b.WriteString(verb + tot.phrase() + x.subject() + during(per) + " across " + plural(tot.rows(), "transaction", "transactions"))
		if len(tot.sum) > 1 {
			b.WriteString(mixedNote)
		}
		b.WriteString(".")
		if by != "" && by != "month" && len(rows) > 1 {
			lead := rows[0]
			fmt.Fprintf(&b, " The most %s %s (%s).", map[bool]string{true: "came from", false: "went to"}[flow == store.FlowIn],
				lead.Name, fmtAbs(lead.TotalMinor, lead.Currency))
		}
	}
	if s.Compare != nil {
		cq := x.spendQuery(s.Compare, flow)
		prev, err := x.sums(cq)
		if err != nil {
			return err
		}
		data.Compare = &jsonout.Compare{Period: newPeriodJSON(s.Compare), Totals: prev.json()}
		b.WriteString(x.compareText(tot, prev, s.Compare, data.Compare))
	}
	if q.Classes != nil && len(q.Categories) == 0 && !s.Refunds {
		ex, err := x.excluded(q, flow)
		if err != nil {
			return err
		}
		data.Excluded = ex
		if len(ex) > 0 {
			b.WriteString(excludedText(ex, flow))
		}
	}
	switch n := pend.rows(); {
	case n > 0 && included:
		fmt.Fprintf(&b, " That includes %s (%s) still pending.", plural(n, "transaction", "transactions"), pend.phrase())
	case n > 0:
		fmt.Fprintf(&b, " Not counted: %s (%s) still pending.", plural(n, "transaction", "transactions"), pend.phrase())
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	x.r.Data = data
	x.breakdownVisuals(rows, by, flow)
	x.r.Suggestions = x.flowSuggestions(flow)
	return nil
}

// excluded sums what a spending or income total q leaves out by definition,
// in q's accounts and period: for spending the money that left through
// transfers of every kind, for income the money that came in through them
// and the refunds (which count against spending instead).
func (x *ans) excluded(q store.ReportQuery, flow store.Flow) ([]jsonout.Excluded, error) {
	eq := q
	eq.Classes = []category.Class{category.Excluded}
	eq.Flow = flow
	rows, err := x.sumBy(eq, store.ByCategory)
	if err != nil {
		return nil, err
	}
	if flow == store.FlowIn {
		rq := q
		rq.Classes = []category.Class{category.Refund}
		refunds, err := x.sumBy(rq, store.ByCurrency)
		if err != nil {
			return nil, err
		}
		for _, r := range refunds {
			r.Key = "Refunds"
			rows = append(rows, r)
		}
	}
	out := []jsonout.Excluded{}
	for _, r := range rows {
		if r.Sum == 0 {
			continue
		}
		out = append(out, jsonout.Excluded{What: r.Key, Currency: r.Currency, Total: amt(r.Sum, r.Currency).String(),
			TotalMinor: r.Sum, Count: r.Count})
	}
	return out, nil
}

// excludedText is the one line that says what a total left out.
func excludedText(ex []jsonout.Excluded, flow store.Flow) string {
	parts := make([]string, 0, len(ex))
	for _, e := range ex[:min(len(ex), 4)] {
		parts = append(parts, strings.ToLower(e.What[:1])+e.What[1:]+" "+fmtAbs(e.TotalMinor, e.Currency))
	}
	if len(ex) > 4 {
		parts = append(parts, "more")
	}
	what := "spending"
	if flow == store.FlowIn {
		what = "income"
	}
	return " Not counted as " + what + ": " + joinAnd(parts) + "."
}

// perUnit answers averages ("average monthly grocery spend") and counts
// ("how many times did I go to Starbucks") over the rows of q.
func (x *ans) perUnit(q store.ReportQuery, per *Period, tot *totals, flow store.Flow) error {
	s := &x.s
	// Visits are money out (or in, for income), not the refunds that
	// net against them.
	cq := q
	if flow == store.FlowOut && cq.Classes != nil {
		cq.Classes = []category.Class{category.Spend}
	}
	visits, err := x.sums(cq)
	if err != nil {
		return err
	}
	var b strings.Builder
	if s.Count {
		n := visits.rows()
		fmt.Fprintf(&b, "%s%s%s.", capitalize(plural(n, "transaction", "transactions")), x.subject(), during(per))
		if n == 0 {
			b.WriteString(x.dataEnds(per))
		}
		b.WriteString(x.notes())
		x.r.Text, x.r.Data = b.String(), jsonout.CountData{Count: n, Period: newPeriodJSON(per), Totals: tot.json()}
		return nil
	}
	from, to := per.From, per.To
	if per.AllTime || from.IsZero() {
		from, to = x.ix.firstDay(), x.ix.lastDay()
	}
	if to.After(x.today) {
		to = x.today
	}
	var avgs []jsonout.Average
	for _, c := range tot.currencies() {
		sum := tot.sum[c]
		var num, den int64 // average = sum * num / den
		var units string
		switch s.Average {
		case "transaction":
			num, den = 1, visits.count[c]
			units = strconv.FormatInt(den, 10)
		case "day", "week":
			days := int64(to.Sub(from).Hours()/24) + 1
			num, den = 1, days
			if s.Average == "week" {
				num = 7
			}
			units = fmt.Sprintf("%d days", days)
		default:
			months := int64((to.Year()-from.Year())*12+int(to.Month())-int(from.Month())) + 1
			num, den = 1, months
			units = strconv.FormatInt(months, 10)
		}
		if den <= 0 {
			continue
		}
		avgs = append(avgs, jsonout.Average{Currency: c, AverageMinor: divRound(sum*num, den), Total: amt(sum, c).String(),
			TotalMinor: sum, Unit: s.Average, Units: units})
	}
	for i := range avgs {
		avgs[i].Average = amt(avgs[i].AverageMinor, avgs[i].Currency).String()
	}
	if len(avgs) == 0 {
		b.WriteString("Nothing to average" + x.subject() + during(per) + "." + x.dataEnds(per))
	} else {
		var parts []string
		for _, a := range avgs {
			parts = append(parts, fmtAbs(a.AverageMinor, a.Currency))
		}
		verb := "You spent "
		if flow == store.FlowIn {
			verb = "You received "
		}
		fmt.Fprintf(&b, "%s%s a %s on average%s%s (%s in all).", verb, joinAnd(parts), s.Average, x.subject(), during(per), tot.phrase())
	}
	b.WriteString(x.notes())
	x.r.Text, x.r.Data = b.String(), jsonout.AverageData{Average: nonNil(avgs), Period: newPeriodJSON(per), Totals: tot.json()}
	return nil
}

// divRound divides rounding half away from zero, so an average is the
// nearest minor unit.
func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*absInt(r) >= absInt(b) {
		if (a < 0) != (b < 0) {
			q--
		} else {
			q++
		}
	}
	return q
}

// dataEnds says where the data ends when a period lies after it (or before
// it begins), so "nothing" is not mistaken for "nothing yet imported".
func (x *ans) dataEnds(per *Period) string {
	if per == nil || per.AllTime {
		return ""
	}
	first, last := x.ix.firstDay(), x.ix.lastDay()
	switch {
	case last.IsZero():
		return " The vault has no transactions yet."
	case !per.From.IsZero() && per.From.After(last):
		return " Your latest transaction is from " + last.Format("Jan 2, 2006") + "."
	case !per.To.IsZero() && per.To.Before(first):
		return " Your earliest transaction is from " + first.Format("Jan 2, 2006") + "."
	}
	return ""
}

// compareText says how a total moved against another period, per currency.
func (x *ans) compareText(cur, prev *totals, p *Period, into *jsonout.Compare) string {
	list := cur.currencies()
	for _, c := range prev.currencies() {
		if _, ok := cur.sum[c]; !ok {
			list = append(list, c)
		}
	}
	var parts []string
	for _, c := range list {
		a, b := absInt(cur.sum[c]), absInt(prev.sum[c])
		ch := jsonout.CurrencyChange{Currency: c, ChangeMinor: a - b, Change: amt(a-b, c).String()}
		pct, ok := money.PercentChange(b, a)
		if ok {
			ch.Percent = &pct
		}
		into.Change = append(into.Change, ch)
		switch {
		case a == b:
			parts = append(parts, "the same "+fmtAmt(b, c))
		case ok && a > b:
			parts = append(parts, fmt.Sprintf("%s (%d%%) more than %s", fmtAmt(a-b, c), pct, fmtAmt(b, c)))
		case ok:
			parts = append(parts, fmt.Sprintf("%s (%d%%) less than %s", fmtAmt(b-a, c), -pct, fmtAmt(b, c)))
		default:
			parts = append(parts, fmt.Sprintf("%s more than nothing", fmtAmt(a-b, c)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " Compared with " + p.Describe() + ": " + strings.Join(parts, "; ") + "."
}

// breakdownVisuals puts a breakdown in a table and a chart: bars for
// categories and merchants, a sparkline for months. Charts hold one
// currency, the main one.
func (x *ans) breakdownVisuals(rows []jsonout.BreakdownRow, by string, flow store.Flow) {
	if len(rows) == 0 || by == "" {
		return
	}
	title := map[string]string{"category": "Category", "merchant": "Merchant", "month": "Month", "account": "Account"}[by]
	t := &Table{Columns: []string{title, "Amount", "Count"}, Right: []bool{false, true, true}}
	main := mainCurrency(rows)
	multi := false
	for _, r := range rows {
		multi = multi || r.Currency != main
	}
	limit := 12
	if by == "month" {
		limit = 36
	}
	for i, r := range rows {
		if i == limit && by != "month" {
			break
		}
		t.Rows = append(t.Rows, []Cell{textCell(r.Name), moneyCell(r.TotalMinor, r.Currency), textCell(strconv.FormatInt(r.Count, 10))})
	}
	x.r.Table = t
	c := &Chart{Kind: "bars", Currency: main}
	what := "Spending"
	if flow == store.FlowIn {
		what = "Income"
	}
	c.Title = what + " by " + by
	if by == "month" {
		c.Kind = "sparkline"
		c.Title = what + " per month"
	}
	if multi {
		c.Title += " (" + main + " only)"
	}
	for _, r := range rows {
		if r.Currency != main {
			continue
		}
		if c.Kind == "bars" && len(c.Labels) == 8 {
			break
		}
		c.Labels = append(c.Labels, r.Name)
		c.Values = append(c.Values, absInt(r.TotalMinor))
	}
	x.r.Chart = c
}

// mainCurrency is the currency with the largest total in rows.
func mainCurrency(rows []jsonout.BreakdownRow) string {
	t := newTotals()
	for _, r := range rows {
		t.add(r.Currency, absInt(r.TotalMinor), r.Count)
	}
	cs := t.currencies()
	if len(cs) == 0 {
		return ""
	}
	return cs[0]
}

func (x *ans) flowSuggestions(flow store.Flow) []string {
	if flow == store.FlowIn {
		return []string{"cash flow", "spending this month"}
	}
	var out []string
	q := strings.ToLower(x.q)
	if x.s.Compare == nil && x.s.Period != nil && x.s.Period.grain == "month" && !x.followed &&
		!strings.Contains(q, "compar") && !strings.Contains(q, " vs") && !strings.Contains(q, "before") && !strings.Contains(q, "previous") {
		out = append(out, strings.TrimRight(strings.TrimSpace(x.q), "?!. ")+" compared to the month before")
	}
	out = append(out, "top merchants "+periodWords(x.s.Period), "largest purchases "+periodWords(x.s.Period))
	return out
}

// Top merchants or categories.

func (x *ans) top() error {
	s := &x.s
	per := x.defaultPeriod(x.thisMonth)
	by := s.By
	if by != "category" {
		by = "merchant"
	}
	limit := s.Limit
	if limit <= 0 {
		limit = 5
	}
	// Money in ranks income's payers (an employer, a client), never the
	// merchants that refunded a purchase: the flow picks the classes too.
	flow, noun := store.FlowOut, "spending"
	if x.has("income") || x.has("payers") || x.has("earned") {
		flow, noun = store.FlowIn, "income"
	}
	q := x.spendQuery(per, flow)
	rows, err := x.breakdown(q, by, per)
	if err != nil {
		return err
	}
	// Rank within each currency: 100 EUR and 100 USD are not comparable.
	main := mainCurrency(rows)
	var ranked []jsonout.BreakdownRow
	perCur := map[string]int{}
	for _, r := range rows {
		if perCur[r.Currency] < limit {
			ranked = append(ranked, r)
			perCur[r.Currency]++
		}
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].Currency == main && ranked[j].Currency != main })
	what := map[string]string{"category": "categories", "merchant": "merchants"}[by]
	if flow == store.FlowIn {
		what = map[string]string{"category": "income categories", "merchant": "payers"}[by]
	}
	var b strings.Builder
	if len(ranked) == 0 {
		b.WriteString("No " + noun + x.subject() + during(per) + ", so no top " + what + ".")
	} else {
		fmt.Fprintf(&b, "Your top %s%s%s: ", what, x.subject(), during(per))
		var parts []string
		for i, r := range ranked {
			if r.Currency != main {
				break
			}
			parts = append(parts, fmt.Sprintf("%d. %s %s", i+1, r.Name, fmtAbs(r.TotalMinor, r.Currency)))
		}
		b.WriteString(strings.Join(parts, ", ") + ".")
		if len(perCur) > 1 {
			var others []string
			for c := range perCur {
				if c != main {
					others = append(others, c)
				}
			}
			sort.Strings(others)
			b.WriteString(" " + strings.ToUpper(noun[:1]) + noun[1:] + " in " + joinAnd(others) + " is ranked separately in the table" + mixedNote + ".")
		}
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	x.r.Data = jsonout.TopData{By: by, Limit: limit, Period: newPeriodJSON(per), Top: nonNil(ranked)}
	x.breakdownVisuals(ranked, by, flow)
	if len(ranked) > 0 && flow == store.FlowIn {
		x.r.Suggestions = []string{"income " + periodWords(per), "income by month " + periodWords(per)}
	} else if len(ranked) > 0 {
		if by == "merchant" {
			x.r.Suggestions = []string{"spending at " + ranked[0].Name + " " + periodWords(per), "top categories " + periodWords(per)}
		} else {
			x.r.Suggestions = []string{"spending on " + ranked[0].Name + " " + periodWords(per), "top merchants " + periodWords(per)}
		}
	}
	return nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// Largest transactions.

func (x *ans) largest() error {
	s := &x.s
	per := x.defaultPeriod(x.thisMonth)
	limit := s.Limit
	if limit <= 0 {
		limit = 5
	}
	q := x.query(per)
	order := store.LargestOut
	q.Flow, q.Classes = store.FlowOut, []category.Class{category.Spend}
	if s.Direction == "in" {
		order, q.Flow, q.Classes = store.LargestIn, store.FlowIn, incomeClasses
	}
	if s.Pending == nil {
		no := false
		q.Pending = &no
	}
	// One ranking per currency: sorting minor units of USD and EUR
	// together would rank amounts of different money.
	var txs []store.Transaction
	for _, cur := range x.currencies() {
		cq := q
		cq.Currency = cur
		rows, err := x.ix.largestRows(x.ctx, x.st(), cq, order, limit)
		if err != nil {
			return err
		}
		txs = append(txs, rows...)
	}
	what, prep := "charges", "at"
	if s.Direction == "in" {
		what, prep = "deposits", "from"
	}
	var b strings.Builder
	if len(txs) == 0 {
		fmt.Fprintf(&b, "No %s%s%s.", what, x.subject(), during(per))
	} else {
		first := txs[0]
		if limit == 1 {
			fmt.Fprintf(&b, "Your largest %s%s: %s %s %s on %s (%s).", strings.TrimSuffix(what, "s"), during(per),
				fmtAbs(first.Amount.Minor, first.Amount.Currency), prep, x.ix.merchantName(first), first.Posted.Format("Jan 2, 2006"), first.AccountName)
		} else {
			fmt.Fprintf(&b, "Your %d largest %s%s%s, the biggest %s %s %s on %s.", min(limit, countCur(txs, first.Amount.Currency)), what,
				x.subject(), during(per), fmtAbs(first.Amount.Minor, first.Amount.Currency), prep, x.ix.merchantName(first), first.Posted.Format("Jan 2"))
		}
		if len(x.currencies()) > 1 && countCurrencies(txs) > 1 {
			b.WriteString(" Each currency is ranked on its own" + mixedNote + ".")
		}
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	x.txTable(txs)
	x.r.Data = jsonout.LargestData{Direction: map[bool]string{true: "in", false: "out"}[s.Direction == "in"], Period: newPeriodJSON(per),
		Transactions: x.txRows(txs)}
	return nil
}

// currencies are the currencies to rank separately: the asked one, or
// those of the accounts in scope.
func (x *ans) currencies() []string {
	if x.s.Currency != "" {
		return []string{x.s.Currency}
	}
	accs, _ := x.accounts()
	t := newTotals()
	for _, a := range accs {
		t.add(a.Currency, absInt(a.Balance.Minor)+1, 1)
	}
	// The currency of the most accounts leads.
	cs := []string{}
	for c := range t.count {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if t.count[cs[i]] != t.count[cs[j]] {
			return t.count[cs[i]] > t.count[cs[j]]
		}
		return cs[i] < cs[j]
	})
	return cs
}

func countCur(txs []store.Transaction, cur string) int {
	n := 0
	for _, t := range txs {
		if t.Amount.Currency == cur {
			n++
		}
	}
	return n
}

func countCurrencies(txs []store.Transaction) int {
	m := map[string]bool{}
	for _, t := range txs {
		m[t.Amount.Currency] = true
	}
	return len(m)
}

func (x *ans) txRows(txs []store.Transaction) []jsonout.AskTx {
	out := make([]jsonout.AskTx, 0, len(txs))
	for _, t := range txs {
		out = append(out, jsonout.AskTx{ID: t.ID, Posting: jsonout.PostingOf(t.AccountName, t.Posted, t.Amount, t.Payee),
			Merchant: x.ix.merchantName(t), Memo: t.Memo, Category: t.Category, Pending: t.Pending, Transfer: t.TransferID != 0})
	}
	return out
}

// txTable shows transactions with the bank's own payee text: the UI
// sanitizes it, and the raw descriptor is what the statement shows.
func (x *ans) txTable(txs []store.Transaction) {
	if len(txs) == 0 {
		return
	}
	t := &Table{Columns: []string{"Date", "Payee", "Account", "Category", "Amount"}, Right: []bool{false, false, false, false, true}}
	for _, tx := range txs {
		date := tx.Posted.Format("Jan 2, 2006")
		if tx.Pending {
			date += " (pending)"
		}
		t.Rows = append(t.Rows, []Cell{textCell(date), textCell(tx.Payee), textCell(tx.AccountName), textCell(tx.Category),
			moneyCell(tx.Amount.Minor, tx.Amount.Currency)})
	}
	x.r.Table = t
}

// Search.

// searchWindows are tried in turn when a search names no period, newest
// first: most questions are about recent rows, and a window keeps the scan
// small on a long history.
type searchWin struct {
	label string
	days  int
}

var searchWindows = []searchWin{{"the past 90 days", 90}, {"the past 2 years", 730}, {"all time", 0}}

func (x *ans) search() error {
	s := &x.s
	limit := s.Limit
	if s.Last {
		limit = 1
		if s.Direction == "" {
			s.Direction = "out"
		}
	}
	if s.Count && s.Direction == "" {
		s.Direction = "out"
	}
	countPurchases := s.Count && s.Direction == "out" && len(s.Categories) == 0
	if limit <= 0 {
		limit = 10
		if x.has("all") {
			limit = 50
		}
	}
	base := func(per *Period) store.ReportQuery {
		q := x.query(per)
		q.Pending = s.Pending
		if s.Refunds {
			q.Classes = []category.Class{category.Refund}
		}
		if countPurchases {
			// "How many purchases": money paid to merchants and people,
			// not transfers or card payments.
			q.Classes = []category.Class{category.Spend}
		}
		switch s.Direction {
		case "in":
			q.Flow = store.FlowIn
		case "out":
			q.Flow = store.FlowOut
		}
		return q
	}
	var (
		per  *Period
		txs  []store.Transaction
		tot  *totals
		err  error
		auto bool
	)
	if s.Period != nil {
		per = s.Period
		q := base(per)
		if txs, err = x.rows(q, limit); err != nil {
			return err
		}
		if tot, err = x.sums(q); err != nil {
			return err
		}
	} else {
		auto = true
		windows := searchWindows
		if from, ok := x.ix.cube.windowFor(base(nil), limit); ok {
			// The month cube says how far back the newest rows reach:
			// Netflix needs ten months for ten rows, a café one.
			days := int(x.today.Sub(from).Hours()/24) + 1
			windows = append([]searchWin{{"", max(days, 1)}}, searchWindows[2:]...)
		}
		for _, w := range windows {
			p := Period{Label: w.label, AllTime: w.days == 0}
			if w.days > 0 {
				p.From, p.To = x.today.AddDate(0, 0, -(w.days-1)), x.today
				if p.Label == "" {
					p.Label = "since " + p.From.Format("Jan 2, 2006")
				}
			}
			q := base(&p)
			if txs, err = x.rows(q, limit); err != nil {
				return err
			}
			per = &p
			if len(txs) >= limit || w.days == 0 {
				if tot, err = x.sums(q); err != nil {
					return err
				}
				break
			}
		}
	}
	x.s.Period = per
	x.defaulted = auto
	if s.Last {
		return x.lastOne(txs, per)
	}
	n := tot.rows()
	var b strings.Builder
	pendingNote := ""
	if s.Pending != nil && *s.Pending {
		pendingNote = "pending "
	}
	if n == 0 {
		fmt.Fprintf(&b, "No %stransactions%s%s.", pendingNote, x.subject(), during(per))
	} else {
		fmt.Fprintf(&b, "%s%s%s", capitalize(plural(n, pendingNote+"transaction", pendingNote+"transactions")), x.subject(), during(per))
		var parts []string
		for _, c := range tot.currencies() {
			parts = append(parts, fmtAmt(tot.sum[c], c))
		}
		b.WriteString(", adding up to " + joinAnd(parts))
		if len(parts) > 1 {
			b.WriteString(mixedNote)
		}
		b.WriteString(".")
		if int64(len(txs)) < n {
			fmt.Fprintf(&b, " Here are the newest %d.", len(txs))
		}
		if len(txs) <= 3 {
			// A few rows read best in the sentence, with the bank's own
			// text (the UI sanitizes it).
			var rows []string
			for _, t := range txs {
				rows = append(rows, fmt.Sprintf("%s on %s (%s)", t.Payee, t.Posted.Format("Jan 2, 2006"), t.Amount.Format()))
			}
			b.WriteString(" " + strings.Join(rows, "; ") + ".")
		}
		if auto && !per.AllTime && len(s.Merchants) == 1 {
			if m := x.ix.merchant(s.Merchants[0]); m != nil && m.all > n {
				fmt.Fprintf(&b, " (%s has %d transactions in all; ask with a period for older ones.)", m.name, m.all)
			}
		}
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	x.txTable(txs)
	x.r.Data = jsonout.TxData{Count: n, Period: newPeriodJSON(per), Totals: tot.json(), Transactions: x.txRows(txs)}
	return nil
}

// lastOne answers "when did I last ...": the newest matching row, its date
// and amount said in the sentence.
func (x *ans) lastOne(txs []store.Transaction, per *Period) error {
	if len(txs) == 0 {
		x.r.Text = "I found no transactions" + x.subject() + during(per) + "." + x.dataEnds(per) + x.notes()
		x.r.Data = jsonout.LastData{Count: 0, Last: nil, Period: newPeriodJSON(per)}
		return nil
	}
	t := txs[0]
	x.r.Text = fmt.Sprintf("The last one%s was on %s: %s at %s (%s).%s", x.subject(), t.Posted.Format("Jan 2, 2006"),
		fmtAbs(t.Amount.Minor, t.Amount.Currency), x.ix.merchantName(t), t.AccountName, x.notes())
	x.txTable(txs)
	rows := x.txRows(txs)
	x.r.Data = jsonout.LastData{Count: 1, Last: &rows[0], Period: newPeriodJSON(per), Transactions: rows}
	return nil
}

// rows fetches the newest limit rows of q.
func (x *ans) rows(q store.ReportQuery, limit int) ([]store.Transaction, error) {
	return x.ix.newestRows(x.ctx, x.st(), q, limit)
}

// capitalize upper-cases a leading ASCII letter; it never touches other
// bytes, so it cannot split a multi-byte character.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// Cash flow.

func (x *ans) cashflow() error {
	per := x.defaultPeriod(func() Period {
		from := monthOf(x.today).AddDate(0, -5, 0)
		return Period{Label: "the last 6 months", From: from, To: x.today}
	})
	rows, err := x.cashFlowRows(x.spendQuery(per, store.FlowAny))
	if err != nil {
		return err
	}
	byCur := map[string]map[string]store.MonthFlow{}
	for _, r := range rows {
		if byCur[r.Currency] == nil {
			byCur[r.Currency] = map[string]store.MonthFlow{}
		}
		byCur[r.Currency][r.Month] = r
	}
	in, out := newTotals(), newTotals()
	for _, r := range rows {
		in.add(r.Currency, r.In, r.InCount)
		out.add(r.Currency, r.Out, r.OutCount)
	}
	curs := out.currencies()
	for _, c := range in.currencies() {
		if _, ok := out.sum[c]; !ok {
			curs = append(curs, c)
		}
	}
	var months []string
	from := per.From
	if from.IsZero() && len(rows) > 0 {
		from, _ = time.Parse("2006-01", rows[0].Month)
	}
	for m := monthOf(from); !m.After(per.To) && !from.IsZero(); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	var data []jsonout.MonthFlow
	t := &Table{Columns: []string{"Month", "In", "Out", "Net"}, Right: []bool{false, true, true, true}}
	if len(curs) > 1 {
		t.Columns = append(t.Columns, "Currency")
		t.Right = append(t.Right, false)
	}
	for _, c := range curs {
		for _, m := range months {
			r := byCur[c][m]
			net := r.In + r.Out
			data = append(data, jsonout.MonthFlow{Month: m, Currency: c, In: amt(r.In, c).String(), InMinor: r.In,
				Out: amt(r.Out, c).String(), OutMinor: r.Out, Net: amt(net, c).String(), NetMinor: net})
			label, _ := time.Parse("2006-01", m)
			row := []Cell{textCell(label.Format("Jan 2006")), moneyCell(r.In, c), moneyCell(r.Out, c), moneyCell(net, c)}
			if len(curs) > 1 {
				row = append(row, textCell(c))
			}
			t.Rows = append(t.Rows, row)
		}
	}
	var b strings.Builder
	if len(rows) == 0 {
		b.WriteString("No money moved" + x.subject() + during(per) + ".")
	} else {
		fmt.Fprintf(&b, "Cash flow%s%s: ", x.subject(), during(per))
		var parts []string
		for _, c := range curs {
			net := in.sum[c] + out.sum[c]
			p := fmt.Sprintf("%s in, %s out, net %s", fmtAmt(in.sum[c], c), fmtAbs(out.sum[c], c), signed(net, c))
			if in.sum[c] > 0 && net > 0 {
				p += fmt.Sprintf(" (you kept %d%% of what came in)", net*100/in.sum[c])
			}
			parts = append(parts, p)
		}
		b.WriteString(strings.Join(parts, "; "))
		if len(curs) > 1 {
			b.WriteString(mixedNote)
		}
		b.WriteString(". Transfers between your own accounts are left out, and so are pending transactions.")
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	if len(rows) > 0 {
		x.r.Table = t
		main := curs[0]
		c := &Chart{Kind: "sparkline", Title: "Net per month (" + main + ")", Currency: main}
		for _, m := range months {
			r := byCur[main][m]
			c.Labels = append(c.Labels, m)
			c.Values = append(c.Values, r.In+r.Out)
		}
		x.r.Chart = c
	}
	x.r.Data = jsonout.CashFlowData{In: in.json(), Months: nonNil(data), Out: out.json(), Period: newPeriodJSON(per)}
	x.r.Suggestions = []string{"income " + periodWords(per), "spending by category " + periodWords(per)}
	return nil
}

// cashFlowRows is store.CashFlow through the cube: money in and money out
// per month and currency.
func (x *ans) cashFlowRows(q store.ReportQuery) ([]store.MonthFlow, error) {
	type k struct{ month, cur string }
	acc := map[k]*store.MonthFlow{}
	// Money in is income, money out is spending net of refunds, as package
	// category defines them: transfers between own accounts, card
	// payments and investments are neither, so they move no savings rate.
	for _, flow := range []store.Flow{store.FlowIn, store.FlowOut} {
		fq := q
		fq.Flow, fq.Classes = store.FlowAny, spendClasses
		if flow == store.FlowIn {
			fq.Classes = incomeClasses
		}
		rows, err := x.sumBy(fq, store.ByMonth)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			m := acc[k{r.Key, r.Currency}]
			if m == nil {
				m = &store.MonthFlow{Month: r.Key, Currency: r.Currency}
				acc[k{r.Key, r.Currency}] = m
			}
			if flow == store.FlowIn {
				m.In, m.InCount = r.Sum, r.Count
			} else {
				m.Out, m.OutCount = r.Sum, r.Count
			}
		}
	}
	out := make([]store.MonthFlow, 0, len(acc))
	for _, m := range acc {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Month != out[j].Month {
			return out[i].Month < out[j].Month
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}

// signed writes an amount with an explicit sign: "+1,200.00 USD".
func signed(minor int64, cur string) string {
	if minor > 0 {
		return "+" + fmtAmt(minor, cur)
	}
	return fmtAmt(minor, cur)
}

// Duplicates.

func (x *ans) duplicates() error {
	per := x.defaultPeriod(func() Period {
		return Period{Label: "the past 90 days", From: x.today.AddDate(0, 0, -89), To: x.today}
	})
	q := x.spendQuery(per, store.FlowOut)
	groups, err := x.st().Duplicates(x.ctx, q)
	if err != nil {
		return err
	}
	rows := []jsonout.Duplicate{}
	t := &Table{Columns: []string{"Date", "Payee", "Account", "Amount", "Times"}, Right: []bool{false, false, false, true, true}}
	var parts []string
	for _, g := range groups {
		acc := x.accountName(strconv.FormatInt(g.AccountID, 10))
		rows = append(rows, jsonout.Duplicate{Posting: jsonout.PostingOf(acc, g.Posted, amt(g.Amount, g.Currency), g.Payee),
			Times: len(g.IDs), IDs: g.IDs})
		t.Rows = append(t.Rows, []Cell{textCell(g.Posted.Format("Jan 2, 2006")), textCell(g.Payee), textCell(acc),
			moneyCell(g.Amount, g.Currency), textCell(strconv.Itoa(len(g.IDs)))})
		parts = append(parts, fmt.Sprintf("%s charged %d times on %s (%s, %s)", fmtAbs(g.Amount, g.Currency), len(g.IDs),
			g.Posted.Format("Jan 2, 2006"), MerchantName(g.Payee), acc))
	}
	if len(groups) == 0 {
		x.r.Text = "No duplicate charges" + x.subject() + during(per) + ": no two posted charges share an account, day, amount and payee."
		if !per.AllTime {
			x.r.Suggestions = []string{"any duplicate charges ever?"}
		}
	} else {
		x.r.Text = fmt.Sprintf("%s%s%s: %s. Two identical coffees on one day can be real; check with the bank if not.",
			capitalize(plural(int64(len(groups)), "possible duplicate", "possible duplicates")), x.subject(), during(per), strings.Join(firstN(parts, 3), "; "))
		x.r.Table = t
	}
	x.r.Data = jsonout.DuplicatesData{Duplicates: rows, Period: newPeriodJSON(per)}
	return nil
}
