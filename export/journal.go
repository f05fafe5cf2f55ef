package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"penny/money"
	"penny/store"
)

// syntax spells a journal: ledger's (which hledger reads too) or
// beancount's. The journal decides what to write; the syntax how.
type syntax interface {
	segment(s string) string
	header(w *bufio.Writer, h journalHeader)
	entry(w *bufio.Writer, e *entry)
	assert(w *bufio.Writer, a assertion)
	comment(w *bufio.Writer, text string)
}

// journalHeader is what comes before the first transaction.
type journalHeader struct {
	start       time.Time
	currencies  []money.Currency
	accounts    []string
	description []string
}

// entry is one transaction of the journal.
type entry struct {
	date  time.Time
	code  string // the Penny transaction ids it stands for
	payee string
	memo  string
	meta  []meta // more facts worth keeping, as key and value
	posts []posting
}

type meta struct{ key, value string }

// posting is one line of an entry. cost, when set, is the total price of a
// posting in another currency than the rest of the entry (ledger's "@@").
type posting struct {
	account string
	amount  money.Amount
	cost    *money.Amount
}

// assertion says that an account held amount at the end of date.
type assertion struct {
	date    time.Time
	account string
	amount  money.Amount
}

// journal is the state of one journal export.
type journal struct {
	st    *store.Store
	opt   Options
	syn   syntax
	names *namer
	w     *bufio.Writer

	// selected maps the exported accounts to their currencies.
	selected map[int64]string
	// balance is the file's own running balance of each selected account
	// in its currency: what ledger, hledger and beancount will compute, so
	// a bank balance is asserted only where they will agree with it.
	balance map[int64]int64
	checks  []bankCheck
	// written holds the other sides of transfers already written with
	// their first side.
	written map[int64]bool
}

// bankCheck is a balance the bank reported for an account.
type bankCheck struct {
	account store.Account
	date    time.Time
}

func writeJournal(ctx context.Context, w *bufio.Writer, st *store.Store, opt Options, syn syntax) error {
	all, selected, err := selectedAccounts(ctx, st, opt)
	if err != nil {
		return err
	}
	j := &journal{st: st, opt: opt, syn: syn, names: newNamer(syn, all), w: w,
		selected: map[int64]string{}, balance: map[int64]int64{}, written: map[int64]bool{}}
	for _, a := range selected {
		j.selected[a.ID] = a.Currency
	}
	posted := false
	h, err := j.header(ctx, all, selected)
	if err != nil {
		return err
	}
	syn.header(w, h)
	for _, a := range selected {
		if err := j.opening(ctx, a, h.start); err != nil {
			return err
		}
		if a.BankBalance != nil && !a.BankBalanceDate.IsZero() {
			j.checks = append(j.checks, bankCheck{account: a, date: a.BankBalanceDate})
		}
	}
	sort.SliceStable(j.checks, func(x, y int) bool { return j.checks[x].date.Before(j.checks[y].date) })
	err = eachRow(ctx, st, opt, &posted, func(t store.Transaction) error {
		j.flushChecks(t.Posted.AddDate(0, 0, -1), h.start)
		return j.row(ctx, t)
	})
	if err != nil {
		return err
	}
	if opt.Until.IsZero() {
		j.flushChecks(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), h.start)
	} else {
		j.flushChecks(opt.Until, h.start)
	}
	for _, c := range j.checks {
		syn.comment(w, fmt.Sprintf("The balance the bank reported for %s on %s is after the exported dates: not asserted.",
			j.names.own[c.account.ID], c.date.Format(dateLayout)))
	}
	return nil
}

// header collects the currencies and accounts the journal declares, and
// the date it starts on.
func (j *journal) header(ctx context.Context, all, selected []store.Account) (journalHeader, error) {
	posted := false
	q := store.ReportQuery{AccountIDs: j.opt.AccountIDs, Since: j.opt.Since, Until: j.opt.Until, Pending: &posted}
	sums, err := j.st.SumBy(ctx, q, store.ByCategory)
	if err != nil {
		return journalHeader{}, err
	}
	h := journalHeader{start: j.opt.Since}
	if h.start.IsZero() {
		first, err := j.st.Transactions(ctx, store.TxQuery{AccountIDs: j.opt.AccountIDs, Until: j.opt.Until,
			Pending: &posted, Limit: 1, Oldest: true})
		if err != nil {
			return journalHeader{}, err
		}
		if len(first) > 0 {
			h.start = first[0].Posted
		} else {
			now := time.Now()
			h.start = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	currencies := map[string]bool{}
	accounts := map[string]bool{}
	for _, a := range all {
		currencies[a.Currency] = true
		accounts[j.names.own[a.ID]] = true
	}
	for _, s := range sums {
		currencies[s.Currency] = true
		// Either sign may occur: declare both sides of the categories
		// whose account depends on it.
		accounts[j.names.path(categoryPath(s.Key, -1))] = true
		accounts[j.names.path(categoryPath(s.Key, 1))] = true
		accounts[j.names.path(transferPath(s.Key))] = true
	}
	for _, a := range selected {
		if a.Opening.Minor != 0 || !j.opt.Since.IsZero() {
			accounts[j.names.path(openingAccount)] = true
		}
	}
	for c := range currencies {
		cur, err := money.Lookup(c)
		if err != nil {
			return journalHeader{}, fmt.Errorf("currency %q cannot be written as a commodity: %w", c, err)
		}
		h.currencies = append(h.currencies, cur)
	}
	sort.Slice(h.currencies, func(x, y int) bool { return h.currencies[x].Code < h.currencies[y].Code })
	for a := range accounts {
		h.accounts = append(h.accounts, a)
	}
	sort.Strings(h.accounts)
	h.description = []string{
		"Exported by Penny. Own accounts are under Assets: and Liabilities:, categories under",
		"Expenses: and Income:; a transfer between two own accounts is one transaction.",
		"Equity:Transfers: holds the other side of transfers to pockets outside the export.",
		"Pending transactions are not included. Codes in parentheses are Penny transaction ids.",
	}
	if !j.opt.Since.IsZero() {
		h.description = append(h.description, "Opening balances are the balances at the end of "+
			j.opt.Since.AddDate(0, 0, -1).Format(dateLayout)+".")
	}
	return h, nil
}

// opening writes an account's balance before the first exported day.
func (j *journal) opening(ctx context.Context, a store.Account, start time.Time) error {
	amount := a.Opening.Minor
	if !j.opt.Since.IsZero() {
		var err error
		if amount, err = j.st.BalanceAsOf(ctx, a.ID, j.opt.Since.AddDate(0, 0, -1)); err != nil {
			return err
		}
	}
	if amount == 0 {
		return nil
	}
	e := &entry{date: start, payee: "Opening balance", posts: []posting{
		{account: j.names.own[a.ID], amount: money.Amount{Minor: amount, Currency: a.Currency}},
		{account: j.names.path(openingAccount), amount: money.Amount{Minor: -amount, Currency: a.Currency}},
	}}
	j.write(e, map[int64]money.Amount{a.ID: e.posts[0].amount})
	return nil
}

// row writes one transaction, or both sides of a transfer between own
// accounts as one entry.
func (j *journal) row(ctx context.Context, t store.Transaction) error {
	if j.written[t.ID] {
		delete(j.written, t.ID)
		return nil
	}
	own := j.names.own[t.AccountID]
	e := &entry{date: t.Posted, code: strconv.FormatInt(t.ID, 10), payee: t.Payee, memo: t.Memo}
	mine := posting{account: own, amount: t.Amount}
	moved := map[int64]money.Amount{t.AccountID: t.Amount}
	var other posting
	switch peer, ok, err := j.peer(ctx, t); {
	case err != nil:
		return err
	case ok:
		other = posting{account: j.names.own[peer.AccountID], amount: peer.Amount}
		if peer.Amount.Currency != t.Amount.Currency {
			cost := money.Amount{Minor: abs(t.Amount.Minor), Currency: t.Amount.Currency}
			other.cost = &cost
		}
		e.code += "," + strconv.FormatInt(peer.ID, 10)
		if !peer.Posted.Equal(t.Posted) {
			e.meta = append(e.meta, meta{"other-side-posted", peer.Posted.Format(dateLayout)})
		}
		if p := oneLine(peer.Payee); p != "" && p != oneLine(t.Payee) {
			e.meta = append(e.meta, meta{"other-side-payee", peer.Payee})
		}
		moved[peer.AccountID] = peer.Amount
		if _, ok := j.selected[peer.AccountID]; ok {
			j.written[peer.ID] = true // it comes later in date order
		}
	case t.TransferID != 0:
		other = posting{account: j.names.path(transferPath(t.Category)), amount: neg(t.Amount)}
	default:
		other = posting{account: j.names.path(categoryPath(t.Category, t.Amount.Minor)), amount: neg(t.Amount)}
	}
	if t.Category != "" {
		e.meta = append(e.meta, meta{"category", t.Category})
	}
	e.posts = []posting{mine, other}
	j.write(e, moved)
	return nil
}

// peer returns the other side of a transfer when it belongs in the same
// entry: posted, inside the exported dates, and balancing this side (the
// same amount the other way, or any amount the other way in another
// currency). A peer of an account outside the export still counts: the
// entry then names that account, which the export does not balance.
func (j *journal) peer(ctx context.Context, t store.Transaction) (store.Transaction, bool, error) {
	if t.TransferID == 0 {
		return store.Transaction{}, false, nil
	}
	p, err := j.st.Transaction(ctx, t.TransferID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Transaction{}, false, nil
	}
	if err != nil {
		return store.Transaction{}, false, err
	}
	switch {
	case p.Pending, !j.opt.inRange(p.Posted), p.AccountID == t.AccountID:
		return store.Transaction{}, false, nil
	case p.Amount.Currency == t.Amount.Currency && p.Amount.Minor != -t.Amount.Minor:
		return store.Transaction{}, false, nil
	case p.Amount.Currency != t.Amount.Currency && (p.Amount.Minor < 0) == (t.Amount.Minor < 0):
		return store.Transaction{}, false, nil
	}
	// The entry is written at the earlier side; the later one, when it
	// comes, is skipped.
	if p.Posted.Before(t.Posted) || (p.Posted.Equal(t.Posted) && p.ID < t.ID) {
		// Not reached in date order unless the peer was not selected.
		if _, ok := j.selected[p.AccountID]; ok {
			return store.Transaction{}, false, nil
		}
	}
	return p, true, nil
}

// write writes e and moves the file's running balances of the selected
// accounts by moved.
func (j *journal) write(e *entry, moved map[int64]money.Amount) {
	j.syn.entry(j.w, e)
	for id, a := range moved {
		if cur, ok := j.selected[id]; ok && cur == a.Currency {
			j.balance[id] += a.Minor
		}
	}
}

// flushChecks writes the bank balances dated up to through: asserted when
// the file's balance agrees with the bank's, a comment when it does not.
func (j *journal) flushChecks(through, start time.Time) {
	n := 0
	for _, c := range j.checks {
		if c.date.After(through) {
			break
		}
		n++
		a := c.account
		name := j.names.own[a.ID]
		bank := *a.BankBalance
		switch have := j.balance[a.ID]; {
		case c.date.Before(start):
			j.syn.comment(j.w, fmt.Sprintf("The balance the bank reported for %s on %s is before the exported dates: not asserted.",
				name, c.date.Format(dateLayout)))
		case have != bank.Minor:
			j.syn.comment(j.w, fmt.Sprintf("The bank reported %s %s for %s on %s, but Penny's transactions add up to %s %s: not asserted.",
				bank.String(), bank.Currency, name, c.date.Format(dateLayout),
				money.Amount{Minor: have, Currency: a.Currency}.String(), a.Currency))
		default:
			j.syn.assert(j.w, assertion{date: c.date, account: name, amount: bank})
		}
	}
	j.checks = j.checks[n:]
}

func neg(a money.Amount) money.Amount { return money.Amount{Minor: -a.Minor, Currency: a.Currency} }

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// amountText writes an amount with its currency after it, a '.' decimal
// mark and no thousands separators, which every journal format reads.
func amountText(a money.Amount) string {
	return a.String() + " " + strings.ToUpper(a.Currency)
}
