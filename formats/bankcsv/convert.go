package bankcsv

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"penny/internal/progress"
	"penny/money"
	"penny/statement"
)

// group collects the rows of one account and currency.
type group struct {
	st statement.Statement
	// The running balance of the latest row, chosen when all rows are in:
	// among the rows of the latest date, the first in file order when the
	// file is newest-first and the last otherwise.
	firstOrd, lastOrd int
	balOrd            int
	hasBal            bool
	balFirst, balLast balanceAt
	closing           *balanceAt
}

type balanceAt struct {
	amount int64
	date   ymd
}

// converter holds what convert decided about the file as a whole.
type converter struct {
	p       *parser
	l       *layout
	dates   dateFormat
	dates2  dateFormat
	opts    money.ParseOptions
	signed  bool // the amount column writes signs, so a flag column is informational
	fileCur string
	// curAssumed: neither the file (a header, a symbol) nor the caller
	// named fileCur; it is the USD default.
	curAssumed bool
	exps       map[string]int
	// skipped is where row lists the records it skips.
	skipped *[]SkippedRow
}

func (p *parser) convert(l *layout, data []record, info accountHint) ([]statement.Statement, error) {
	p.rep.Rows = len(data)
	p.rep.Preset = l.preset
	p.rep.Columns = l.columns()
	p.rep.Notes = append(p.rep.Notes, l.notes...)
	c := &converter{p: p, l: l, exps: map[string]int{}}
	hints := dateHints{european: l.european || p.delim == ';'}

	// Dates.
	if p.rules != nil && p.rules.dateFmt != nil {
		c.dates = *p.rules.dateFmt
		c.dates2 = c.dates
	} else {
		vals := columnValues(data, l.col[rolePosted], l.dateFallback)
		f, note, ok := detectDateFormat(vals, hints)
		if ok && note != "" {
			p.rep.Notes = append(p.rep.Notes, fmt.Sprintf("%s: %s", l.name(l.col[rolePosted]), note))
		}
		c.dates = f
		c.dates2 = f
		if t := l.col[roleTransacted]; t >= 0 {
			if f2, note2, ok := detectDateFormat(columnValues(data, t, -1), hints); ok {
				// A second column that reads both ways follows the first
				// one's day/month order, when the first has one.
				if note2 == "" || f.compact || f.order == orderYMD {
					c.dates2 = f2
				}
			}
		}
	}
	p.rep.DateFormat = c.dates.String()

	// Decimal mark, the amount column's signs, a currency symbol.
	evidence, ambiguous := 0, 0
	sym := ""
	for i, r := range data {
		if err := progress.Every(p.ctx, i); err != nil {
			return nil, err
		}
		for _, role := range [...]role{roleAmount, roleIn, roleOut, roleFee, roleBalance} {
			col := l.col[role]
			if col < 0 {
				continue
			}
			v := r.get(col)
			if v == "" {
				continue
			}
			a := splitAmount(v)
			if e := decimalEvidence(a.num); e != 0 {
				evidence += e
			} else if strings.ContainsAny(a.num, ".,") {
				ambiguous++
			}
			if role == roleAmount && a.signed {
				c.signed = true
			}
			if sym == "" && a.cur != "" {
				sym = a.cur
			}
		}
	}
	switch {
	case p.rules != nil && p.rules.decimal != 0:
		c.opts.DecimalComma = p.rules.decimal == ','
	case evidence > 0:
		c.opts.DecimalComma = true
	case evidence == 0 && hints.european:
		c.opts.DecimalComma = true
		if ambiguous > 0 {
			p.rep.Notes = append(p.rep.Notes, "no amount shows which of ',' and '.' is the decimal mark: read ',' as decimal because the file looks European")
		}
	case evidence == 0 && ambiguous > 0:
		p.rep.Notes = append(p.rep.Notes, "no amount shows which of ',' and '.' is the decimal mark: read '.' as decimal")
	}
	p.rep.DecimalComma = c.opts.DecimalComma

	c.fileCur = l.curHint
	if c.fileCur == "" && sym != "" {
		if code, ok := currencyCode(sym, p.defCur); ok {
			c.fileCur = code
		}
	}
	if c.fileCur == "" {
		c.fileCur = p.defCur
		c.curAssumed = p.opt.Currency == ""
	}

	type groupKey struct{ account, name, currency string }
	groups := map[groupKey]*group{}
	var order []*group
	conv, err := c.convertAll(data)
	if err != nil {
		return nil, err
	}
	p.rep.Skipped = append(p.rep.Skipped, conv.skipped...)
	agree, disagree := conv.agree, conv.disagree
	var (
		last    groupKey
		lastG   *group
		nextBal int // the next of conv.bals, in record order
	)
	for i, r := range data {
		if err := p.meter.Step(); err != nil {
			return nil, err
		}
		if conv.kept[i] == keptNone {
			continue
		}
		t := &conv.txs[i]
		var bal *balanceAt
		if nextBal < len(conv.bals) && conv.bals[nextBal].i == i {
			bal = &conv.bals[nextBal].bal
			nextBal++
		}
		acct := normAccount(r.get(l.col[roleAccount]))
		if acct == "" {
			acct = info.account
		}
		aname := cleanText(r.get(l.col[roleAccountName]))
		if aname == "" {
			aname = info.name
		}
		key := groupKey{acct, aname, t.Currency}
		g := lastG
		if g == nil || key != last {
			g = groups[key]
		}
		if g == nil {
			inst := l.institution
			if inst == "" {
				inst = info.bank
			}
			g = &group{st: statement.Statement{
				Format:  "csv",
				Account: statement.AccountInfo{Institution: inst, ExternalID: acct, Name: aname, Currency: t.Currency},
				Origin:  p.name,
			}}
			if len(order) == 0 {
				// Most files hold one account in one currency: its rows
				// stay where they were converted, moved down over the
				// rows skipped before them (an earlier index, already
				// read), rather than copied into a slice of their own.
				g.st.Transactions = conv.txs[:0]
			}
			groups[key] = g
			order = append(order, g)
		}
		last, lastG = key, g
		if c.currencyAssumed(r) {
			g.st.Account.CurrencyAssumed = true
		}
		if conv.kept[i] == keptClosing {
			b := *bal
			g.closing = &b
			continue
		}
		y, m, d := t.Posted.Date()
		ord := ymd{y: y, m: int(m), d: d}.ordinal()
		if len(g.st.Transactions) == 0 {
			g.firstOrd = ord
		}
		g.lastOrd = ord
		g.st.Transactions = append(g.st.Transactions, *t)
		if bal != nil {
			switch {
			case !g.hasBal || ord > g.balOrd:
				g.hasBal, g.balOrd, g.balFirst, g.balLast = true, ord, *bal, *bal
			case ord == g.balOrd:
				g.balLast = *bal
			}
		}
	}

	invert := p.opt.InvertSign
	if !invert && disagree >= 2 && agree == 0 {
		invert = true
		p.rep.Notes = append(p.rep.Notes, fmt.Sprintf("debit/credit column %q calls every positive amount a debit: read as a credit-card export and inverted the signs", l.name(l.col[roleFlag])))
	}

	var out []statement.Statement
	for _, g := range order {
		if len(g.st.Transactions) == 0 && g.closing == nil {
			continue
		}
		newestFirst := g.firstOrd > g.lastOrd || p.rules != nil && p.rules.newestFirst
		var b *balanceAt
		if g.hasBal {
			b = &g.balLast
			if newestFirst {
				b = &g.balFirst
			}
		}
		if g.closing != nil && (b == nil || g.closing.date.ordinal() >= b.date.ordinal()) {
			b = g.closing
		}
		if b != nil {
			g.st.Balance = &statement.Balance{Amount: b.amount, Currency: g.st.Account.Currency, Date: b.date.date()}
		}
		if invert {
			for i := range g.st.Transactions {
				g.st.Transactions[i].Amount = -g.st.Transactions[i].Amount
			}
			if g.st.Balance != nil {
				g.st.Balance.Amount = -g.st.Balance.Amount
			}
			g.st.Account.Type = "credit"
		}
		p.rep.Imported += len(g.st.Transactions)
		out = append(out, g.st)
	}
	if len(out) > 1 {
		for i := range out {
			a := out[i].Account
			what := a.Currency
			if a.ExternalID != "" {
				what = a.ExternalID + " " + what
			} else if a.Name != "" {
				what = a.Name + " " + what
			}
			out[i].Origin = fmt.Sprintf("%s (%s)", p.name, what)
		}
	}
	if len(out) == 0 {
		// Nothing to import: still say which account the file is about.
		out = append(out, statement.Statement{Format: "csv", Origin: p.name, Account: statement.AccountInfo{
			Institution: l.institution, ExternalID: info.account, Name: info.name, Currency: c.fileCur,
			CurrencyAssumed: c.curAssumed,
		}})
	}
	return out, nil
}

func columnValues(data []record, col, fallback int) []string {
	vals := make([]string, 0, len(data))
	for _, r := range data {
		v := strings.TrimSpace(r.get(col))
		if v == "" && fallback >= 0 {
			v = strings.TrimSpace(r.get(fallback))
		}
		if v != "" {
			vals = append(vals, v)
		}
	}
	return vals
}

// converted is what convertAll made of the records, by index: whether each
// was kept (keptNone: skipped, and listed in skipped), the transactions of
// those kept, and the balances they report, in record order.
type converted struct {
	kept            []uint8
	txs             []statement.Transaction
	bals            []indexedBalance
	skipped         []SkippedRow
	agree, disagree int
}

const (
	keptNone uint8 = iota
	keptRow
	keptClosing // a closing-balance row: its balance only
)

type indexedBalance struct {
	i   int
	bal balanceAt
}

// convertMin is the fewest records worth converting on more than one core
// (a variable for the test that compares both ways).
var convertMin = 4096

// convertAll converts every record with row, spread over the cores: each
// record's conversion reads only the record and what convert decided
// about the file. The first error in record order is returned, as a
// conversion one record at a time would meet it.
func (c *converter) convertAll(data []record) (*converted, error) {
	out := &converted{kept: make([]uint8, len(data)), txs: make([]statement.Transaction, len(data))}
	workers := 1
	if len(data) >= convertMin {
		workers = min(runtime.GOMAXPROCS(0), len(data)/(convertMin/2))
	}
	type part struct {
		skipped         []SkippedRow
		bals            []indexedBalance
		agree, disagree int
		errAt           int
		err             error
	}
	parts := make([]part, workers)
	per := (len(data) + workers - 1) / workers
	run := func(w int) {
		pt := &parts[w]
		wc := *c
		wc.exps = map[string]int{}
		wc.skipped = &pt.skipped
		var res rowResult
		for i := w * per; i < min((w+1)*per, len(data)); i++ {
			if i%4096 == 0 {
				if err := c.p.ctx.Err(); err != nil {
					pt.errAt, pt.err = i, err
					return
				}
			}
			ok, err := wc.row(data[i], &pt.agree, &pt.disagree, &res)
			if err != nil {
				pt.errAt, pt.err = i, err
				return
			}
			if !ok {
				continue
			}
			out.kept[i], out.txs[i] = keptRow, res.tx
			if res.closing {
				out.kept[i] = keptClosing
			}
			if res.hasBal {
				pt.bals = append(pt.bals, indexedBalance{i, res.bal})
			}
		}
	}
	if workers == 1 {
		run(0)
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { run(w) })
		}
		wg.Wait()
	}
	for _, pt := range parts {
		// Parts are in record order: the first error found is the
		// first in the file.
		if pt.err != nil {
			return nil, pt.err
		}
		out.skipped = append(out.skipped, pt.skipped...)
		out.bals = append(out.bals, pt.bals...)
		out.agree += pt.agree
		out.disagree += pt.disagree
	}
	return out, nil
}

// rowResult is what row makes of an imported record: the transaction and
// the balance it reports, or for a closing-balance row only the balance
// it states. It is reused from row to row, so that a 100 000-row file
// does not allocate 100 000 of them.
type rowResult struct {
	tx      statement.Transaction
	bal     balanceAt
	hasBal  bool
	closing bool
}

var errEmpty = errors.New("empty")

func (c *converter) exponent(cur string) int {
	if e, ok := c.exps[cur]; ok {
		return e
	}
	e := money.MustLookup(cur).Exponent // cur was checked by currencyCode
	c.exps[cur] = e
	return e
}

// row converts one record into out. It reports false with a nil error
// when the row was skipped (and listed in the Report).
func (c *converter) row(r record, agree, disagree *int, out *rowResult) (bool, error) {
	p, l := c.p, c.l
	out.hasBal, out.closing = false, false
	skip := func(reason string) (bool, error) {
		*c.skipped = append(*c.skipped, SkippedRow{Line: r.line, Reason: reason})
		return false, nil
	}
	if l.skipCol >= 0 && r.get(l.skipCol) != "" {
		return skip("skipped by the rules")
	}
	if r.blank() {
		return skip("empty row")
	}
	if l.header != nil && repeatsHeader(r, l.rawHeader0, l.header) {
		return skip("repeated header")
	}
	dcol := l.col[rolePosted]
	dateS := strings.TrimSpace(r.get(dcol))
	if dateS == "" && l.dateFallback >= 0 {
		dateS = strings.TrimSpace(r.get(l.dateFallback))
	}
	pending := false
	if st := strings.TrimSpace(r.get(l.col[roleStatus])); st != "" {
		switch statusKind(st) {
		case -1:
			return skip("status " + st)
		case 1:
			pending = true
		}
	}
	payee := cleanText(r.get(l.col[rolePayee]))
	desc := cleanText(r.get(l.col[roleDesc]))
	if l.pipe {
		// hledger's "payee | note" description.
		if a, b, ok := strings.Cut(desc, "|"); ok {
			payee, desc = strings.TrimSpace(a), strings.TrimSpace(b)
		} else {
			payee, desc = desc, ""
		}
	}

	amountEmpty := c.amountEmpty(r)
	var d ymd
	derr := errEmpty
	if dateS != "" {
		d, derr = c.dates.parse(dateS)
	}
	phrase := rowPhrase(r, dateS, payee, desc, derr != nil || amountEmpty)
	if phrase == "opening balance" || phrase == "closing balance" {
		// A dated closing-balance row states the balance: in the balance
		// column if there is one, else as its amount.
		if phrase == "closing balance" && derr == nil {
			if cur, err := c.currency(r); err == nil {
				var amt int64
				err = errEmpty
				if bc := l.col[roleBalance]; bc >= 0 && strings.TrimSpace(r.get(bc)) != "" {
					amt, _, err = c.parseMoney(r, bc, r.get(bc), cur)
				} else if !amountEmpty {
					amt, _, err = c.amount(r, cur)
				}
				if err == nil {
					*c.skipped = append(*c.skipped, SkippedRow{Line: r.line, Reason: phrase})
					out.tx = statement.Transaction{Currency: cur, Posted: d.date()}
					out.bal, out.hasBal, out.closing = balanceAt{amt, d}, true, true
					return true, nil
				}
			}
		}
		return skip(phrase)
	}
	switch {
	case derr == nil && amountEmpty:
		return skip("no amount")
	case derr != nil && amountEmpty:
		if dateS == "" && payee == "" && desc == "" && phrase == "" {
			return skip("empty row")
		}
		return skip("notice row")
	case derr != nil && phrase != "":
		return skip(phrase)
	case derr == errEmpty:
		return false, p.fail(r.line, l.name(dcol), "no date", nil)
	case derr != nil && c.dates.order == orderNone && c.dates.strf == nil:
		return false, p.fail(r.line, l.name(dcol), fmt.Sprintf("%q is not a date in any format this importer reads", dateS), nil)
	case derr != nil:
		return false, p.fail(r.line, l.name(dcol), fmt.Sprintf("%q is not a date (read as %s)", dateS, c.dates), nil)
	}

	cur, err := c.currency(r)
	if err != nil {
		return false, err
	}
	amt, signedRow, err := c.amount(r, cur)
	if err != nil {
		return false, err
	}
	if fc := l.col[roleFlag]; fc >= 0 && l.col[roleAmount] >= 0 {
		fv := strings.TrimSpace(r.get(fc))
		dir := direction(fv)
		switch {
		case !c.signed && !signedRow:
			if dir == 0 {
				return false, p.fail(r.line, l.name(fc), fmt.Sprintf("%q says neither debit nor credit", fv), nil)
			}
			if dir < 0 {
				amt = -amt
			}
		case dir != 0 && amt != 0:
			if (amt < 0) == (dir < 0) {
				*agree++
			} else {
				*disagree++
			}
		}
	}
	if amt == 0 {
		return skip("zero amount")
	}

	out.tx = statement.Transaction{
		Posted:   d.date(),
		Amount:   amt,
		Currency: cur,
		Payee:    payee,
		Pending:  pending,
		Line:     r.line,
	}
	t := &out.tx
	if tc := l.col[roleTransacted]; tc >= 0 {
		if v, err := c.dates2.parse(r.get(tc)); err == nil {
			t.Transacted = v.instant()
		}
	} else if d.hasClock {
		t.Transacted = d.instant()
	}

	// Payee and memo: the other party's name when there is one, with the
	// description as memo text; else the description.
	var memo []string
	add := func(s string) {
		if s == "" || s == t.Payee {
			return
		}
		for _, m := range memo {
			if m == s {
				return
			}
		}
		memo = append(memo, s)
	}
	if t.Payee == "" {
		t.Payee = desc
	} else {
		add(desc)
	}
	for _, mc := range l.memo {
		add(cleanText(r.get(mc)))
	}
	add(normAccount(r.get(l.col[roleCounter])))
	t.Memo = strings.Join(memo, " | ")
	t.Type = strings.TrimSpace(r.get(l.col[roleType]))
	if t.Type == "" {
		t.Type = strings.TrimSpace(r.get(l.col[roleFlag]))
	}
	t.CheckNumber = strings.TrimSpace(r.get(l.col[roleCheck]))
	t.Category = cleanText(r.get(l.col[roleCategory]))
	t.ExternalID = strings.TrimSpace(r.get(l.col[roleID]))
	if l.asnID {
		if j := strings.TrimSpace(r.get(l.journal)); strings.Trim(j, "0") != "" {
			t.ExternalID = fmt.Sprintf("%04d%02d%02d.%s", d.y, d.m, d.d, j)
		}
	}

	if bc := l.col[roleBalance]; bc >= 0 {
		if v := strings.TrimSpace(r.get(bc)); v != "" {
			b, _, err := c.parseMoney(r, bc, v, cur)
			if err != nil {
				return false, err
			}
			if l.balanceBefore {
				b += amt
			}
			out.bal, out.hasBal = balanceAt{b, d}, true
		}
	}
	return true, nil
}

func (c *converter) amountEmpty(r record) bool {
	for _, role := range [...]role{roleAmount, roleIn, roleOut} {
		if col := c.l.col[role]; col >= 0 && strings.TrimSpace(r.get(col)) != "" {
			return false
		}
	}
	return true
}

// currency is the row's currency: its currency column, else what the
// header, the amounts' symbols or the caller said for the whole file.
func (c *converter) currency(r record) (string, error) {
	col := c.l.col[roleCurrency]
	v := strings.TrimSpace(r.get(col))
	if v == "" {
		return c.fileCur, nil
	}
	code, ok := currencyCode(v, c.p.defCur)
	if !ok {
		return "", c.p.fail(r.line, c.l.name(col), fmt.Sprintf("%q is not a currency", v), nil)
	}
	return code, nil
}

// currencyAssumed reports whether the row's currency is the default that
// nobody named: the row has no currency of its own, and the file's is
// assumed.
func (c *converter) currencyAssumed(r record) bool {
	return c.curAssumed && strings.TrimSpace(r.get(c.l.col[roleCurrency])) == ""
}

// amount reads the row's amount: the amount column, or the in/out pair
// (out is money out whatever sign it is written with), less a fee the
// bank charged on top. signedRow says the amount carried its own sign.
func (c *converter) amount(r record, cur string) (int64, bool, error) {
	l := c.l
	var amt int64
	signed := false
	if col := l.col[roleAmount]; col >= 0 && strings.TrimSpace(r.get(col)) != "" {
		m, sgn, err := c.parseMoney(r, col, r.get(col), cur)
		if err != nil {
			return 0, false, err
		}
		amt, signed = m, sgn
	} else {
		in, out := l.col[roleIn], l.col[roleOut]
		vin, vout := strings.TrimSpace(r.get(in)), strings.TrimSpace(r.get(out))
		var mi, mo int64
		var err error
		if vin != "" {
			if mi, _, err = c.parseMoney(r, in, vin, cur); err != nil {
				return 0, false, err
			}
		}
		if vout != "" {
			if mo, _, err = c.parseMoney(r, out, vout, cur); err != nil {
				return 0, false, err
			}
		}
		if mi != 0 && mo != 0 {
			return 0, false, c.p.fail(r.line, l.name(in), fmt.Sprintf("both %s (%q) and %s (%q) are filled", l.name(in), vin, l.name(out), vout), nil)
		}
		amt, signed = abs(mi)-abs(mo), true
	}
	if l.subtractFee {
		if fc := l.col[roleFee]; fc >= 0 {
			if v := strings.TrimSpace(r.get(fc)); v != "" {
				fee, _, err := c.parseMoney(r, fc, v, cur)
				if err != nil {
					return 0, false, err
				}
				amt -= abs(fee)
			}
		}
	}
	return amt, signed, nil
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// parseMoney reads an amount cell of column col in currency cur, and
// whether it carried its own sign. A currency written in the cell that
// contradicts cur is an error rather than a silent conversion at par.
func (c *converter) parseMoney(r record, col int, v, cur string) (int64, bool, error) {
	a := splitAmount(v)
	if a.cur != "" && c.l.col[roleCurrency] >= 0 {
		if code, ok := currencyCode(a.cur, cur); ok && code != cur {
			return 0, false, c.p.fail(r.line, c.l.name(col), fmt.Sprintf("%q is in %s but the row's currency is %s", strings.TrimSpace(v), code, cur), nil)
		}
	}
	m, err := money.ParseMinor(a.num, c.exponent(cur), c.opts)
	if err != nil {
		mark := "'.'"
		if c.opts.DecimalComma {
			mark = "','"
		}
		return 0, false, c.p.fail(r.line, c.l.name(col), fmt.Sprintf("%q is not an amount (decimal mark %s)", strings.TrimSpace(v), mark), errors.Unwrap(err))
	}
	return m, a.signed, nil
}

// repeatsHeader reports whether r is the header row again (exports
// concatenated from several pages repeat it). The first cell is compared
// as written first, because normName allocates and nearly every row fails
// on that first cell.
func repeatsHeader(r record, first string, header []string) bool {
	if len(r.f) == 0 || len(header) == 0 || !strings.EqualFold(strings.TrimSpace(r.f[0]), first) {
		return false
	}
	for i, h := range header {
		if i < len(r.f) && normName(r.f[i]) != h {
			return false
		}
	}
	return true
}

// statusKind reads a status column: +1 pending, -1 declined or reverted
// (not money that moved), 0 settled or unknown.
func statusKind(s string) int {
	switch normName(s) {
	case "pending", "vorgemerkt", "in behandeling", "en attente", "pendiente", "authorised", "authorized", "hold", "on hold":
		return 1
	case "declined", "reverted", "failed", "cancelled", "canceled", "rejected", "abgelehnt", "geweigerd", "storniert":
		return -1
	}
	if strings.TrimSpace(s) == "!" {
		return 1
	}
	return 0
}

// Phrases that mark rows which are not transactions. Balance phrases are
// specific enough to be trusted in any row; total phrases ("Total" starts
// real payees, "Total Wine") only explain a row that does not read as a
// transaction anyway.
var (
	openingPhrases = []string{"opening balance", "beginsaldo", "begin saldo", "anfangssaldo", "alter kontostand",
		"saldo anterior", "saldo inicial", "solde initial", "ancien solde", "solde precedent", "startsaldo",
		"balance brought forward", "brought forward", "previous balance", "starting balance", "beginning balance",
		"saldo vorher", "saldo alt", "opening bal"}
	closingPhrases = []string{"closing balance", "eindsaldo", "eind saldo", "endsaldo", "neuer kontostand",
		"saldo final", "solde final", "nouveau solde", "slutsaldo", "balance carried forward", "carried forward",
		"new balance", "ending balance", "saldo neu", "closing bal", "kontostand"}
	totalPhrases = []string{"total", "totaal", "totals", "summe", "gesamt", "sum", "totaux", "subtotal", "i alt",
		"totalt", "gesamtsumme", "grand total", "saldo", "balance", "solde"}
)

func hasPhrase(n string, phrases []string) bool {
	for _, ph := range phrases {
		if strings.HasPrefix(n, ph) && (len(n) == len(ph) || n[len(ph)] == ' ') {
			return true
		}
	}
	return false
}

// mayHoldBalancePhrase reports whether s contains, ignoring ASCII case,
// one of the fragments every balance phrase has: "bal", "sald", "sold",
// "stand", "forward". It is one pass without allocating, so that the
// phrase check costs ordinary rows next to nothing.
func mayHoldBalancePhrase(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] | 0x20 {
		case 'b':
			if hasFoldAt(s, i, "bal") {
				return true
			}
		case 's':
			if hasFoldAt(s, i, "sald") || hasFoldAt(s, i, "sold") || hasFoldAt(s, i, "stand") {
				return true
			}
		case 'f':
			if hasFoldAt(s, i, "forward") {
				return true
			}
		}
	}
	return false
}

// hasFoldAt reports whether s holds the lower-case ASCII key at i,
// ignoring ASCII case.
func hasFoldAt(s string, i int, key string) bool {
	if len(s)-i < len(key) {
		return false
	}
	for j := 0; j < len(key); j++ {
		c := s[i+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != key[j] {
			return false
		}
	}
	return true
}

// rowPhrase looks at the cells that name a row (date, payee, description,
// first cell) for a balance phrase and, when failed is set (the row does
// not read as a transaction), for a total phrase.
func rowPhrase(r record, dateS, payee, desc string, failed bool) string {
	cells := [...]string{dateS, payee, desc, r.get(0)}
	total := false
	for i, cell := range cells {
		if cell == "" || i == 3 && cell == dateS {
			continue
		}
		if !failed && !mayHoldBalancePhrase(cell) {
			continue
		}
		n := normName(cell)
		switch {
		case hasPhrase(n, openingPhrases):
			return "opening balance"
		case hasPhrase(n, closingPhrases):
			return "closing balance"
		case failed && hasPhrase(n, totalPhrases):
			total = true
		}
	}
	if total {
		return "totals row"
	}
	return ""
}
