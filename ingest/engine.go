// Package ingest turns what sources deliver into changes to the store. Every
// source (bank export files read by formats/..., live sources) produces
// statement.Statements; the engine here matches accounts, drops duplicates,
// links pending rows to their posted versions, marks transfers, checks the
// bank's balance, and applies it all in one database transaction.
package ingest

import (
	"path/filepath"
	"penny/category"
	"penny/merchant"
	"runtime"
	"slices"
	"sync"

	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"penny/alerts"
	"penny/internal/progress"
	"penny/money"
	"penny/statement"
	"penny/store"
)

// Input is one file's (or one fetch's) statements, with its raw bytes,
// which are kept in the vault so rules can be re-run later.
type Input struct {
	Name       string
	Format     string
	Source     string // "file" for imports, or a source's name
	Raw        []byte
	Statements []statement.Statement
}

// Options change how Apply files statements.
type Options struct {
	// AccountName files every statement into the account of that name,
	// created if there is none.
	AccountName string
	// DryRun computes everything and changes nothing.
	DryRun bool
	// Progress, when set, is told how many rows were processed, every few
	// dozen rows. (ctx's progress reporter, if any, hears of every phase:
	// "apply" rows, "insert" rows, "alerts", "save".)
	Progress func(done, total int)
	// Now is the time alert rules evaluate at; zero means time.Now().
	Now time.Time
}

// Result says what an Apply did, per account.
type Result struct {
	Accounts []*AccountResult
	// Alerts are the alerts this apply raised, committed with its data.
	Alerts []store.Alert
	DryRun bool
}

// AccountResult counts what happened to one account.
type AccountResult struct {
	AccountID int64
	Account   string
	Currency  string
	Created   bool
	// CurrencyAssumed: a file filed into it did not say its currency, and
	// it was read in the account's (USD for a new account).
	CurrencyAssumed bool
	Statements      int
	New             int
	Duplicates      int
	Tombstoned      int
	PendingReplaced int
	Transfers       int
	Balance         *BalanceCheck
}

// Counts says what an apply did to the account, in the words `penny
// import` and `penny sync` print: "12 new, 3 already there, 1 pending
// posted". Zero counts other than New are left out.
func (a *AccountResult) Counts() string {
	parts := []string{fmt.Sprintf("%d new", a.New)}
	for _, c := range []struct {
		n    int
		what string
	}{
		{a.Duplicates, "already there"},
		{a.Tombstoned, "you deleted before, skipped"},
		{a.PendingReplaced, "pending posted"},
		{a.Transfers, "transfer(s) between your accounts"},
	} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	return strings.Join(parts, ", ")
}

// BalanceCheck compares the balance the bank reported with Penny's.
type BalanceCheck struct {
	Date     time.Time
	Bank     money.Amount
	Computed money.Amount
	// OpeningSet is true when the account was new: its opening balance was
	// set so that the bank's balance holds.
	OpeningSet bool
}

// OK reports whether the balances agree.
func (b *BalanceCheck) OK() bool { return b.Bank == b.Computed }

var errDryRun = errors.New("dry run")

// Apply files statements into the store in one database transaction (so
// one vault save): all inputs apply together or none do. Once ctx is
// cancelled Apply stops within a few dozen rows, or the query under way is
// interrupted, and returns an error wrapping ctx's: the transaction rolls
// back and the commit hook (the vault's save) does not run.
func Apply(ctx context.Context, st *store.Store, inputs []Input, opt Options) (*Result, error) {
	if err := refuseEmpty(inputs); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if rows := opt.Progress; rows != nil {
		ctx = progress.With(ctx, func(phase string, done, total int64) {
			if phase == PhaseApply {
				rows(int(done), int(total))
			}
		})
	}
	res := &Result{DryRun: opt.DryRun}
	err := st.WithTx(ctx, func(tx *store.Store) error {
		before, ver, err := fingerprint(ctx, tx)
		if err != nil {
			return err
		}
		a := &applier{st: tx, opt: opt, res: res, accounts: map[int64]*accountState{}, rowsBefore: ver.Transactions}
		if err := a.run(ctx, inputs); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		after, _, err := fingerprint(ctx, tx)
		if err != nil {
			return err
		}
		if after == before {
			// Nothing the user can see changed (a file imported again):
			// roll back the bookkeeping and leave the vault file as it is,
			// byte for byte, instead of sealing the same data anew.
			return errUnchanged
		}
		// What remains is the commit and the commit hook: the vault's save.
		progress.Report(ctx, PhaseSave, 0, 0)
		return ctx.Err()
	})
	if err != nil && !errors.Is(err, errDryRun) && !errors.Is(err, errUnchanged) {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// The query under way was interrupted and said so in SQLite's
			// words; what stopped it is the context.
			err = fmt.Errorf("%w (%v)", cerr, err)
		}
		return nil, err
	}
	return res, nil
}

var errUnchanged = errors.New("nothing changed")

// The phases Apply reports to its context's progress reporter.
const (
	// PhaseApply counts the rows matched against the store, of all the
	// inputs' rows; Options.Progress hears of it too.
	PhaseApply = "apply"
	// PhaseInsert is the writing of the new rows (total: how many),
	// reported as it starts.
	PhaseInsert = "insert"
	// PhaseAlerts is the alert rules' evaluation, reported as it starts.
	PhaseAlerts = "alerts"
	// PhaseSave is reported when the transaction is ready to commit, just
	// before Apply's last look at its context. A caller that saw ctx
	// cancelled before this report knows that Apply will commit nothing,
	// so the commit hook (the vault's save) will not run, without waiting
	// for it to return.
	PhaseSave = "save"
)

// ErrEmptyStatement means a statement names no account, lists no
// transaction and reports no balance: there is nothing to file, and turning
// it into an "Imported …" account would only invent one.
var ErrEmptyStatement = errors.New("the statement carries nothing: no account id, no transactions, no balance")

// refuseEmpty refuses the whole apply when any statement carries nothing,
// naming the input it came from.
func refuseEmpty(inputs []Input) error {
	for _, in := range inputs {
		for i := range in.Statements {
			s := &in.Statements[i]
			if s.Account.ExternalID == "" && len(s.Transactions) == 0 && s.Balance == nil && s.Available == nil {
				name := in.Name
				if name == "" {
					name = s.Origin
				}
				return fmt.Errorf("%s: %w", name, ErrEmptyStatement)
			}
		}
	}
	return nil
}

// fingerprint sums up what an apply can change that a person sees: rows
// (count, newest id, kept balances), accounts and what their banks reported,
// and the newest alert. New rows carry every other change (categories,
// transfer links, raw payloads) with them. The store's version it read
// comes back too.
func fingerprint(ctx context.Context, st *store.Store) (string, store.DataVersion, error) {
	ver, err := st.Version(ctx)
	if err != nil {
		return "", ver, err
	}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return "", ver, err
	}
	newest, err := st.Alerts(ctx, store.AlertQuery{Limit: 1})
	if err != nil {
		return "", ver, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%+v|", ver)
	for _, a := range accts {
		fmt.Fprintf(&b, "%d:%d:%d:%v:%v:%s|", a.ID, a.Opening.Minor, a.Balance.Minor, a.BankBalance, a.BankAvailable, a.BankBalanceDate)
	}
	if len(newest) > 0 {
		fmt.Fprintf(&b, "alert:%d", newest[0].ID)
	}
	return b.String(), ver, nil
}

type accountState struct {
	acct     store.Account
	result   *AccountResult
	keys     store.Keys
	seen     map[int64]bool // stored rows keys holds (store.AddTransactionKeys)
	tombExt  map[string]bool
	tombCont map[store.ContentID]bool
	// unfolded are content keys of new rows not in keys.Content yet
	// (foldContent).
	unfolded  []store.ContentID
	pending   []pendingRow
	newRows   []store.NewTransaction
	dropped   []bool  // newRows[i] was a pending row replaced in this same apply
	newIDs    []int64 // ids of newRows once inserted (0 for dropped rows)
	posted    []int64 // pending rows this apply posted in place
	balances  []statement.Balance
	available *statement.Balance
}

type pendingRow struct {
	id       int64 // 0 when the row is new in this apply
	newIndex int   // its index in newRows when id == 0
	ext      string
	posted   time.Time
	amount   int64
	payee    string
	merchant string
	used     bool
}

type applier struct {
	meter    *progress.Meter // rows matched, of all the inputs' rows
	st       *store.Store
	opt      Options
	res      *Result
	accounts map[int64]*accountState
	order    []int64
	cat      *Categorizer
	names    *merchant.Resolver
	pairs    [][2]*transferSide
	// rowsBefore is how many rows the store held before the apply.
	rowsBefore int64
}

func (a *applier) run(ctx context.Context, inputs []Input) error {
	rules, err := a.st.Rules(ctx, "category")
	if err != nil {
		return err
	}
	a.cat = NewCategorizer(rules)
	renames, err := a.st.Rules(ctx, store.MerchantRuleKind)
	if err != nil {
		return err
	}
	a.names = merchant.NewResolver(Overrides(renames))
	total := 0
	for _, in := range inputs {
		for _, s := range in.Statements {
			total += len(s.Transactions)
		}
	}
	a.meter = progress.Start(ctx, PhaseApply, int64(total))
	for _, in := range inputs {
		// Rows are counted before and after, so the raw payload is kept
		// only when the input brought something new: re-importing a file
		// must not store its bytes again.
		before := map[*accountState]int{}
		for _, as := range a.accounts {
			before[as] = len(as.newRows)
		}
		// The payload is compressed on the other core while the rows are
		// matched; it is dropped if the input brought nothing new.
		type packing struct {
			data []byte
			err  error
		}
		var packed chan packing
		if len(in.Raw) > 0 {
			packed = make(chan packing, 1)
			go func(raw []byte) {
				data, err := pack(ctx, raw)
				packed <- packing{data, err}
			}(in.Raw)
		}
		for i := range in.Statements {
			s := &in.Statements[i]
			as, err := a.account(ctx, in, s)
			if err != nil {
				return err
			}
			as.result.Statements++
			if err := a.statement(ctx, as, s); err != nil {
				return err
			}
		}
		fresh := false
		for _, as := range a.accounts {
			if len(as.newRows) > before[as] {
				fresh = true
			}
		}
		if len(in.Raw) == 0 || !fresh {
			continue
		}
		p := <-packed
		if p.err != nil {
			return p.err
		}
		rawID, err := a.st.AddRawPayload(ctx, store.RawPayload{Source: in.Source, Kind: in.Format + "+deflate", Name: in.Name, Data: p.data})
		if err != nil {
			return err
		}
		for _, as := range a.accounts {
			for i := before[as]; i < len(as.newRows); i++ {
				as.newRows[i].RawID = rawID
			}
		}
	}
	if err := a.meter.Done(); err != nil {
		return err
	}
	if err := a.transfers(ctx); err != nil {
		return err
	}
	inserting := 0
	for _, id := range a.order {
		inserting += len(a.accounts[id].newRows)
	}
	// The store's insert is one call per account, cancellable as a query
	// is: it is reported as a whole.
	progress.Report(ctx, PhaseInsert, 0, int64(inserting))
	for _, id := range a.order {
		as := a.accounts[id]
		// newRows is not read after the insert: it goes as it is unless a
		// row was dropped (a 100k-row statement's rows are 25 MB).
		rows := as.newRows
		if slices.Contains(as.dropped, true) {
			rows = make([]store.NewTransaction, 0, len(as.newRows))
			for i, r := range as.newRows {
				if !as.dropped[i] {
					rows = append(rows, r)
				}
			}
		}
		ids, err := a.st.InsertTransactions(ctx, rows)
		if err != nil {
			return fmt.Errorf("%s: %w", as.acct.Name, err)
		}
		as.newIDs = make([]int64, len(as.newRows))
		j := 0
		for i := range as.newRows {
			if !as.dropped[i] {
				as.newIDs[i] = ids[j]
				j++
			}
		}
	}
	if err := a.linkTransfers(ctx); err != nil {
		return err
	}
	for _, id := range a.order {
		if err := a.reconcile(ctx, a.accounts[id]); err != nil {
			return err
		}
	}
	// Alerts are raised in this same transaction: they commit with the data
	// they describe, or not at all.
	progress.Report(ctx, PhaseAlerts, 0, 0)
	ev := alerts.Event{AccountIDs: a.order, Now: a.opt.Now}
	for _, id := range a.order {
		as := a.accounts[id]
		for i, nid := range as.newIDs {
			if nid != 0 {
				ev.NewTransactionIDs = append(ev.NewTransactionIDs, nid)
				// A first import tells the alerts the rows it inserted:
				// they are all the rows there are, and the alerts need
				// not read them all again.
				if a.rowsBefore == 0 {
					r := &as.newRows[i]
					ev.Inserted = append(ev.Inserted, alerts.InsertedRow{ID: nid, Payee: r.Payee, Posted: store.DateInt(r.Posted)})
				}
			}
		}
		ev.NewTransactionIDs = append(ev.NewTransactionIDs, a.accounts[id].posted...)
	}
	raised, err := alerts.Evaluate(ctx, a.st, ev)
	if err != nil {
		return err
	}
	a.res.Alerts = append(a.res.Alerts, raised...)
	return nil
}

// pack compresses a raw payload: bank files are text and shrink several
// times, which keeps the vault, and every save of it, small. It compresses a
// chunk at a time, so that a large file stays cancellable.
func pack(ctx context.Context, raw []byte) ([]byte, error) {
	var b bytes.Buffer
	// Bank exports shrink to a fifth or so: room for a quarter saves
	// the buffer's doublings (13 MB of copies for a 5 MB CSV).
	b.Grow(len(raw)/4 + 64)
	w, err := flate.NewWriter(&b, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	for len(raw) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(len(raw), packChunk)
		if _, err := w.Write(raw[:n]); err != nil {
			return nil, err
		}
		raw = raw[n:]
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// packChunk is how much pack compresses between two looks at its context:
// some tens of milliseconds.
const packChunk = 4 << 20

// account finds or creates the account a statement belongs to.
func (a *applier) account(ctx context.Context, in Input, s *statement.Statement) (*accountState, error) {
	info := s.Account
	currency := strings.ToUpper(info.Currency)
	if currency == "" {
		currency = "USD"
	}
	if _, err := money.Lookup(currency); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Origin, err)
	}
	var (
		acct    store.Account
		err     error
		created bool
	)
	create := func(p store.AccountParams) error {
		acct, err = a.st.CreateAccount(ctx, p)
		created = err == nil
		return err
	}
	source := in.Source
	if source == "" {
		source = "file"
	}
	switch {
	case a.opt.AccountName != "":
		acct, err = a.findByName(ctx, a.opt.AccountName)
		if errors.Is(err, store.ErrNotFound) {
			err = create(store.AccountParams{Name: a.opt.AccountName, Type: typeOr(info.Type), Currency: currency,
				Institution: info.Institution})
		}
	case info.ExternalID != "":
		ext := accountKey(info)
		acct, err = a.st.AccountBySource(ctx, source, ext)
		if errors.Is(err, store.ErrNotFound) {
			var name string
			if name, err = a.freeName(ctx, accountName(info, in.Name)); err == nil {
				err = create(store.AccountParams{Source: source, ExternalID: ext, Name: name, Type: typeOr(info.Type),
					Currency: currency, Institution: info.Institution})
			}
		}
	default:
		// No account id in the file: the account of the file's name, as a
		// person would call it, created if needed.
		name := accountName(info, in.Name)
		acct, err = a.findByName(ctx, name)
		if errors.Is(err, store.ErrNotFound) {
			err = create(store.AccountParams{Name: name, Type: typeOr(info.Type), Currency: currency, Institution: info.Institution})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: account: %w", s.Origin, err)
	}
	if acct.Currency != currency && info.CurrencyAssumed {
		// The file did not say; the account it goes to does. Amounts read
		// with as many decimals mean the same in the account's currency.
		if !sameDecimals(currency, acct.Currency) {
			return nil, fmt.Errorf("%s: the file does not say its currency and was read as %s, but account %q is in %s; import it with --currency %s",
				s.Origin, currency, acct.Name, acct.Currency, acct.Currency)
		}
	} else if acct.Currency != currency && info.Currency != "" {
		return nil, fmt.Errorf("%s: the statement is in %s but account %q is in %s; use --account to file it elsewhere",
			s.Origin, currency, acct.Name, acct.Currency)
	}
	if as, ok := a.accounts[acct.ID]; ok {
		as.result.CurrencyAssumed = as.result.CurrencyAssumed || info.CurrencyAssumed
		return as, nil
	}
	as := &accountState{acct: acct,
		result: &AccountResult{AccountID: acct.ID, Account: acct.Name, Currency: acct.Currency, Created: created,
			CurrencyAssumed: info.CurrencyAssumed}}
	// The stored rows' keys are read per statement (keysFor), only those
	// its rows can match.
	as.keys, as.seen = store.NewKeys(), map[int64]bool{}
	if as.tombExt, as.tombCont, err = a.st.TombstoneKeys(ctx, acct.ID); err != nil {
		return nil, err
	}
	pend, err := a.st.PendingRows(ctx, acct.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range pend {
		as.pending = append(as.pending, pendingRow{id: p.ID, ext: p.ExternalID, posted: p.Posted, amount: p.Amount.Minor, payee: p.Payee})
	}
	a.accounts[acct.ID] = as
	a.order = append(a.order, acct.ID)
	a.res.Accounts = append(a.res.Accounts, as.result)
	return as, nil
}

// sameDecimals reports whether amounts of currencies a and b have as many
// decimals, so that minor units read in one mean the same in the other.
func sameDecimals(a, b string) bool {
	ca, errA := money.Lookup(a)
	cb, errB := money.Lookup(b)
	return errA == nil && errB == nil && ca.Exponent == cb.Exponent
}

// findByName is AccountNamed.
func (a *applier) findByName(ctx context.Context, name string) (store.Account, error) {
	return AccountNamed(ctx, a.st, name)
}

// AccountNamed is the account an import files into by name: the one called
// name exactly, in any case (--account must never file into an account that
// merely resembles the name), else the one that was called so before a
// rename, so that a renamed account keeps its files. ErrNotFound when
// there is none.
func AccountNamed(ctx context.Context, st *store.Store, name string) (store.Account, error) {
	all, err := st.Accounts(ctx)
	if err != nil {
		return store.Account{}, err
	}
	for _, acct := range all {
		if strings.EqualFold(acct.Name, strings.TrimSpace(name)) {
			return acct, nil
		}
	}
	return st.AccountByFormerName(ctx, name)
}

// freeName returns name, or "name (2)", "name (3)"... when it is taken.
func (a *applier) freeName(ctx context.Context, name string) (string, error) {
	all, err := a.st.Accounts(ctx)
	if err != nil {
		return "", err
	}
	taken := make(map[string]bool, len(all))
	for _, acct := range all {
		taken[strings.ToLower(acct.Name)] = true
	}
	try := strings.TrimSpace(name)
	for i := 2; taken[strings.ToLower(try)]; i++ {
		try = fmt.Sprintf("%s (%d)", strings.TrimSpace(name), i)
	}
	return try, nil
}

// accountKey identifies a bank account across files: the institution, the
// number and the type (one French bank gives its checking and savings
// accounts the same number).
func accountKey(info statement.AccountInfo) string {
	return strings.Join([]string{info.InstitutionID, info.ExternalID, strings.ToLower(info.Type)}, "|")
}

func accountName(info statement.AccountInfo, file string) string {
	if info.Name != "" {
		return info.Name
	}
	var parts []string
	if info.Institution != "" {
		parts = append(parts, info.Institution)
	}
	if info.Type != "" {
		parts = append(parts, strings.ToUpper(info.Type[:1])+info.Type[1:])
	}
	if id := strings.TrimSpace(info.ExternalID); id != "" {
		if len(id) > 4 {
			id = id[len(id)-4:]
		}
		parts = append(parts, "…"+id)
	}
	if len(parts) == 0 {
		// The platform's own separators: a backslash is part of a file
		// name on unix.
		base := file
		if base != "" {
			base = filepath.Base(base)
		}
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			base = base[:i]
		}
		return "Imported " + base
	}
	return strings.Join(parts, " ")
}

func typeOr(t string) string {
	if t == "" {
		return "checking"
	}
	return strings.ToLower(t)
}

// statement de-duplicates a statement's rows against the account's and
// collects the new ones.
func (a *applier) statement(ctx context.Context, as *accountState, s *statement.Statement) error {
	// assumed is the currency a parser gave rows of a file that named
	// none: they are in the account's currency (account checked that the
	// decimals agree).
	assumed := ""
	if s.Account.CurrencyAssumed {
		assumed = strings.ToUpper(s.Account.Currency)
	}
	// Most rows of a statement are new on a first import: room for all of
	// them at once rather than a copy of the rows at every doubling.
	as.newRows = slices.Grow(as.newRows, len(s.Transactions))
	as.dropped = slices.Grow(as.dropped, len(s.Transactions))
	as.foldContent()
	prep, err := a.keysFor(ctx, as, s, assumed)
	if err != nil {
		return err
	}
	ext := 0
	for i := range s.Transactions {
		if s.Transactions[i].ExternalID != "" {
			ext++
		}
	}
	// With no content key known (no stored row was read, no earlier
	// statement of this apply added one), a row's content key and ordinal
	// cannot be taken: those of one statement differ by construction. The
	// keys are then listed for a later statement instead of looked up.
	fresh := len(as.keys.Content) == 0
	content := len(s.Transactions) - ext
	if fresh {
		content = 0
	}
	as.keys.Grow(ext, content, len(s.Transactions))
	for i := range s.Transactions {
		if err := a.meter.Step(); err != nil {
			return err
		}
		t := &s.Transactions[i]
		cur := strings.ToUpper(t.Currency)
		if cur == "" || cur == assumed {
			cur = as.acct.Currency
		}
		if cur != as.acct.Currency {
			return fmt.Errorf("%s: line %d: a %s transaction in %s account %q", s.Origin, t.Line, cur, as.acct.Currency, as.acct.Name)
		}
		normPayee, normMemo, key, ord := prep[i].payee, prep[i].memo, prep[i].key, prep[i].ord
		if t.ExternalID != "" {
			if as.tombExt[t.ExternalID] {
				as.result.Tombstoned++
				continue
			}
			if row, ok := as.keys.ExternalIDs[t.ExternalID]; ok {
				if row.Pending && !t.Pending && row.ID != 0 {
					// The same id, now settled: post it in place.
					if err := a.st.PostPending(ctx, row.ID, t.Posted, t.Amount, t.Payee, t.Memo); err != nil {
						return err
					}
					as.keys.ExternalIDs[t.ExternalID] = store.KeyRow{ID: row.ID}
					as.dropPending(row.ID)
					as.posted = append(as.posted, row.ID)
					as.result.PendingReplaced++
					continue
				}
				if p := as.newPendingRow(t.ExternalID); p != nil && !t.Pending {
					// The same id settled within this apply (a file taken
					// as the charge posted lists both): the posted row is
					// added below and the new pending one is not.
					p.used = true
					as.dropped[p.newIndex] = true
					as.result.New--
					as.result.PendingReplaced++
				} else {
					as.result.Duplicates++
					continue
				}
			}
		} else {
			ci := store.ContentIndex(key, ord)
			if as.tombCont[ci] {
				as.result.Tombstoned++
				continue
			}
			if fresh {
				as.unfolded = append(as.unfolded, ci)
			} else {
				if _, ok := as.keys.Content[ci]; ok {
					as.result.Duplicates++
					continue
				}
				as.keys.Content[ci] = 0
			}
		}
		m, cat := prep[i].m, prep[i].cat
		if !prep[i].ready {
			m = a.names.Identify(describe(t.Payee, t.Memo))
			cat = otherIncome(a.cat.categoryNormalized(normPayee, normMemo, t.Category, m), t.Amount)
		}
		if !t.Pending && as.sameRowElsewhere(t, m.Key) {
			as.result.Duplicates++
			continue
		}
		if t.ExternalID != "" {
			as.keys.ExternalIDs[t.ExternalID] = store.KeyRow{Pending: t.Pending}
		}
		row := store.NewTransaction{
			AccountID: as.acct.ID, ExternalID: t.ExternalID, Posted: t.Posted, Transacted: t.Transacted,
			Amount: t.Amount, Currency: cur, Payee: t.Payee, Memo: t.Memo, Pending: t.Pending,
			MerchantKey: m.Key, Merchant: m.Name,
			Category: cat, ContentKey: key, Ordinal: ord,
		}
		if !t.Pending {
			if p := as.matchPending(t, m.Key); p != nil {
				row.ReplacesExternalID = p.ext
				as.result.PendingReplaced++
				if p.id != 0 {
					if err := a.st.DeleteTransaction(ctx, p.id, "replaced"); err != nil {
						return err
					}
					if p.ext != "" {
						// Its id, seen again later, is a row already
						// settled by this one, not a pending row to post.
						as.keys.ExternalIDs[p.ext] = store.KeyRow{}
					}
				} else {
					as.dropped[p.newIndex] = true
					as.result.New--
				}
			}
		} else {
			as.pending = append(as.pending, pendingRow{newIndex: len(as.newRows), ext: t.ExternalID, posted: t.Posted, amount: t.Amount, payee: t.Payee, merchant: m.Key})
		}
		as.newRows = append(as.newRows, row)
		as.dropped = append(as.dropped, false)
		as.result.New++
		if !t.Pending {
			as.countLoose(t, m.Key)
		}
	}
	// A balance in another currency than the account's (a CAMT file may
	// carry one per currency) says nothing about this account.
	inAccount := func(c string) bool {
		return c == "" || strings.EqualFold(c, as.acct.Currency) || strings.EqualFold(c, assumed)
	}
	if b := s.Balance; b != nil && inAccount(b.Currency) {
		as.balances = append(as.balances, *b)
	}
	if b := s.Available; b != nil && inAccount(b.Currency) {
		as.available = b
	}
	return nil
}

// foldContent adds the content keys listed while the statement loop had
// none to compare with to as.keys.Content.
func (as *accountState) foldContent() {
	if len(as.unfolded) == 0 {
		return
	}
	as.keys.Grow(0, len(as.unfolded), 0)
	for _, ci := range as.unfolded {
		as.keys.Content[ci] = 0
	}
	as.unfolded = nil
}

// newPendingRow is the pending row with bank id ext that this apply is
// adding, if any.
func (as *accountState) newPendingRow(ext string) *pendingRow {
	for i := range as.pending {
		p := &as.pending[i]
		if p.id == 0 && !p.used && p.ext == ext && !as.dropped[p.newIndex] {
			return p
		}
	}
	return nil
}

func (as *accountState) dropPending(id int64) {
	for i := range as.pending {
		if as.pending[i].id == id {
			as.pending[i].used = true
		}
	}
}

// matchPending finds the pending row a posted row settles: a different id,
// the same direction, an amount within a tolerance for tips and holds, a date
// within a few days after, and a payee that starts the same way.
func (as *accountState) matchPending(t *statement.Transaction, merchantKey string) *pendingRow {
	var best *pendingRow
	bestScore := int64(-1)
	for i := range as.pending {
		p := &as.pending[i]
		if p.used || (p.ext != "" && p.ext == t.ExternalID) {
			continue
		}
		days := int(t.Posted.Sub(p.posted).Hours() / 24)
		if days < 0 || days > 5 {
			continue
		}
		if (p.amount < 0) != (t.Amount < 0) && p.amount != 0 {
			continue
		}
		diff := abs(t.Amount - p.amount)
		hold := abs(p.amount) <= 100 // a $1 authorization hold
		if !hold && diff > max(abs(p.amount)*30/100, 200) {
			continue
		}
		if !samePayee(p.payee, t.Payee) && (p.merchant == "" || p.merchant != merchantKey) {
			continue
		}
		score := diff*10 + int64(days)
		if best == nil || score < bestScore {
			best, bestScore = p, score
		}
	}
	if best != nil {
		best.used = true
	}
	return best
}

// Overrides turns the user's merchant renames (rules of kind
// store.MerchantRuleKind: pattern the merchant key, value the name) into
// package merchant's overrides.
func Overrides(rules []store.Rule) []merchant.Override {
	out := make([]merchant.Override, 0, len(rules))
	for _, r := range rules {
		out = append(out, merchant.Override{Key: r.Pattern, Name: r.Value})
	}
	return out
}

// describe is the text that names who was paid: the payee, or the memo when
// a bank leaves the payee empty.
func describe(payee, memo string) string {
	if strings.TrimSpace(payee) != "" {
		return payee
	}
	return memo
}

// preparedRow is a statement row's normalized payee and memo and its
// content key.
type preparedRow struct {
	payee, memo string
	key         []byte
	// ord tells apart identical rows without an external id.
	ord int
	// ready says m and cat hold the row's merchant and category, worked
	// out ahead for a row that is not stored already.
	ready bool
	m     merchant.Merchant
	cat   string
}

// keysFor reads the keys of the account's stored rows that the
// statement's rows can match (by external id, content key or posted day)
// into as.keys, and returns each row's normalized text and content key,
// and for rows not stored already their merchant and category. A row
// whose currency the statement loop refuses gets none: the loop stops
// there. The per-row work, most of a large statement's matching, is
// shared among the cores: it reads only the row, the resolver, the
// categorizer and, once read, the stored keys.
func (a *applier) keysFor(ctx context.Context, as *accountState, s *statement.Statement, assumed string) ([]preparedRow, error) {
	prep := make([]preparedRow, len(s.Transactions))
	n := 0
	for n < len(s.Transactions) {
		cur := strings.ToUpper(s.Transactions[n].Currency)
		if cur == "" || cur == assumed {
			cur = as.acct.Currency
		}
		if cur != as.acct.Currency {
			break
		}
		n++
	}
	cur := as.acct.Currency
	if err := parallel(ctx, n, func(i int) {
		t, p := &s.Transactions[i], &prep[i]
		p.payee, p.memo = store.NormalizePayee(t.Payee), store.NormalizePayee(t.Memo)
		p.key = store.ContentKeyNormalized(t.Posted, t.Amount, cur, p.payee, p.memo)
	}); err != nil {
		return nil, err
	}
	loose := 0
	for i := range n {
		if s.Transactions[i].ExternalID == "" {
			loose++
		}
	}
	q := store.KeyQuery{ContentKeys: make([][]byte, 0, loose)}
	days := map[int64]bool{}
	numberIdentical(s.Transactions[:n], prep[:n])
	for i := range n {
		t, p := &s.Transactions[i], &prep[i]
		if t.ExternalID != "" {
			q.ExternalIDs = append(q.ExternalIDs, t.ExternalID)
		} else {
			q.ContentKeys = append(q.ContentKeys, p.key)
		}
		if d := store.DateInt(t.Posted); !days[d] {
			days[d] = true
			q.Days = append(q.Days, d)
		}
	}
	if err := a.st.AddTransactionKeys(ctx, as.acct.ID, q, &as.keys, as.seen); err != nil {
		return nil, err
	}
	err := parallel(ctx, n, func(i int) {
		t, p := &s.Transactions[i], &prep[i]
		if t.ExternalID != "" {
			if _, ok := as.keys.ExternalIDs[t.ExternalID]; ok {
				return
			}
		} else if _, ok := as.keys.Content[store.ContentIndex(p.key, p.ord)]; ok {
			return
		}
		p.m = a.names.Identify(describe(t.Payee, t.Memo))
		p.cat = otherIncome(a.cat.categoryNormalized(p.payee, p.memo, t.Category, p.m), t.Amount)
		p.ready = true
	})
	return prep, err
}

// numberIdentical sets the ordinal of every row without an id: identical
// rows (one content key) are numbered 0, 1, 2... in their order. A content
// key starts with the posted day, so identical rows share a day; in a
// statement whose days come in order (either way), as banks list them,
// they are numbered a day at a time, which keeps the lookups in a small
// map instead of one of every row (a 100,000-row statement's took 20 ms).
func numberIdentical(txs []statement.Transaction, prep []preparedRow) {
	inOrder, up, down := true, true, true
	var last []byte
	for i := range txs {
		if txs[i].ExternalID != "" {
			continue
		}
		day := prep[i].key[:4]
		if last != nil {
			c := bytes.Compare(day, last)
			up = up && c >= 0
			down = down && c <= 0
			if !up && !down {
				inOrder = false
				break
			}
		}
		last = day
	}
	seen := map[store.ContentID]int{}
	if !inOrder {
		seen = make(map[store.ContentID]int, len(txs))
	}
	last = nil
	for i := range txs {
		if txs[i].ExternalID != "" {
			continue
		}
		p := &prep[i]
		if inOrder && last != nil && !bytes.Equal(p.key[:4], last) {
			// Clearing costs what the map grew to: after a large day, a
			// new one.
			if len(seen) > 64 {
				seen = map[store.ContentID]int{}
			} else {
				clear(seen)
			}
		}
		last = p.key[:4]
		k := store.ContentIndex(p.key, 0)
		p.ord = seen[k]
		seen[k] = p.ord + 1
	}
}

// parallel runs f(i) for every i below n, spread over the cores when n is
// large enough to pay for it, and stops early once ctx is cancelled.
func parallel(ctx context.Context, n int, f func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), n/parallelMin)
	if workers <= 1 {
		for i := range n {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			f(i)
		}
		return nil
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for w := range workers {
		lo, hi := w*per, min((w+1)*per, n)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if i%4096 == 0 && ctx.Err() != nil {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// parallelMin is the fewest rows worth a goroutine of their own (a
// variable for the test that compares both ways).
var parallelMin = 2048

// sameRowElsewhere reports whether a posted row is one the account already
// holds from an export of the other kind: a row with an external id (OFX)
// against one without (CSV), or the reverse, on the same day, for the same
// amount and merchant. Exports of one account in two formats print
// different descriptors for the same row, so the content key cannot see it.
// Each stored row answers for one incoming row, so two identical coffees
// stay two.
func (as *accountState) sameRowElsewhere(t *statement.Transaction, merchantKey string) bool {
	return as.keys.TakeOther(looseKey(t, merchantKey), t.ExternalID != "")
}

// countLoose records a new posted row, so a later file of this apply in the
// other format sees it.
func (as *accountState) countLoose(t *statement.Transaction, merchantKey string) {
	as.keys.AddLoose(looseKey(t, merchantKey), t.ExternalID != "")
}

func looseKey(t *statement.Transaction, merchantKey string) store.LooseKey {
	return store.LooseKey{Posted: store.DateInt(t.Posted), Amount: t.Amount, Merchant: merchantKey}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// samePayee compares the first word of the normalized payees, which survives
// the suffixes banks add when a charge settles ("SQ *BLUE BOTTLE" pending,
// "SQ *BLUE BOTTLE 0412 OAKLAND CA" posted).
func samePayee(a, b string) bool {
	wa := strings.Fields(store.NormalizePayee(a))
	wb := strings.Fields(store.NormalizePayee(b))
	if len(wa) == 0 || len(wb) == 0 {
		return len(wa) == len(wb)
	}
	if wa[0] != wb[0] {
		return false
	}
	// A one-letter or processor prefix ("sq", "tst", "paypal") is not
	// enough: compare the next word too when both have one.
	if len(wa[0]) <= 3 && len(wa) > 1 && len(wb) > 1 {
		return wa[1] == wb[1]
	}
	return true
}

// transfer matching ------------------------------------------------------

type transferSide struct {
	account     int64
	posted      time.Time
	amount      int64
	cur         string
	payee, memo string
	id          int64         // existing row...
	category    string        // ...and its category
	as          *accountState // new row: its account...
	index       int           // ...and index in newRows
	peer        *transferSide // set when matched
	self        *store.NewTransaction
}

// says reports whether the side's text says it is a transfer. It is asked
// of few sides, so the lowercased text is made only then.
func (t *transferSide) says() bool {
	return transferWords(strings.ToLower(t.payee + " " + t.memo))
}

// transfers pairs new rows with opposite rows in the user's other accounts
// (new or already stored), 0 to 3 days apart, and marks both as transfers
// so they are not counted as spending or income.
func (a *applier) transfers(ctx context.Context) error {
	// A transfer has its sides in two accounts: into a vault of one
	// account (a first import) there is none to find, and the sides of
	// 100,000 new rows cost 17 ms to gather.
	accts, err := a.st.Accounts(ctx)
	if err != nil {
		return err
	}
	if len(accts) < 2 {
		return nil
	}
	n := 0
	for _, id := range a.order {
		n += len(a.accounts[id].newRows)
	}
	// The sides live in one slice, which never grows past its first
	// capacity: the pool points into it.
	sides := make([]transferSide, 0, n)
	var from, to time.Time
	for _, id := range a.order {
		as := a.accounts[id]
		for i := range as.newRows {
			r := &as.newRows[i]
			if r.Pending || r.Amount == 0 || as.dropped[i] {
				continue
			}
			sides = append(sides, transferSide{account: id, posted: r.Posted, amount: r.Amount, cur: r.Currency,
				payee: r.Payee, memo: r.Memo, as: as, index: i, self: r})
			if from.IsZero() || r.Posted.Before(from) {
				from = r.Posted
			}
			if r.Posted.After(to) {
				to = r.Posted
			}
		}
	}
	if len(sides) == 0 {
		return nil
	}
	// Only rows of the opposite amount of a new row can be its other side.
	opposite := make([]int64, len(sides))
	for i := range sides {
		opposite[i] = -sides[i].amount
	}
	slices.Sort(opposite)
	opposite = slices.Compact(opposite)
	existing, err := a.st.UnlinkedBetween(ctx, from.AddDate(0, 0, -3), to.AddDate(0, 0, 3), opposite)
	if err != nil {
		return err
	}
	// A transfer has its sides in two accounts: rows of one account alone
	// (a first import into an empty vault) have none to find.
	accounts := map[int64]bool{}
	for i := range sides {
		accounts[sides[i].account] = true
	}
	for _, e := range existing {
		accounts[e.AccountID] = true
	}
	if len(accounts) < 2 {
		return nil
	}
	news := make([]*transferSide, len(sides))
	for i := range sides {
		news[i] = &sides[i]
	}
	type bucket struct {
		cur    string
		amount int64
	}
	pool := map[bucket][]*transferSide{}
	for _, e := range existing {
		s := &transferSide{account: e.AccountID, posted: e.Posted, amount: e.Amount, cur: e.Currency,
			payee: e.Payee, memo: e.Memo, id: e.ID, category: e.Category}
		pool[bucket{s.cur, s.amount}] = append(pool[bucket{s.cur, s.amount}], s)
	}
	for _, n := range news {
		pool[bucket{n.cur, n.amount}] = append(pool[bucket{n.cur, n.amount}], n)
	}
	// Oldest first, so the result does not depend on map order.
	slices.SortStableFunc(news, func(a, b *transferSide) int { return a.posted.Compare(b.posted) })
	for i, n := range news {
		if err := progress.Every(ctx, i); err != nil {
			return err
		}
		if n.peer != nil {
			continue
		}
		var cands []*transferSide
		for _, c := range pool[bucket{n.cur, -n.amount}] {
			if c.peer != nil || c.account == n.account || c == n {
				continue
			}
			if d := c.posted.Sub(n.posted).Hours() / 24; d < -3 || d > 3 {
				continue
			}
			cands = append(cands, c)
		}
		if len(cands) == 0 {
			continue
		}
		sort.SliceStable(cands, func(i, j int) bool {
			return abs(int64(cands[i].posted.Sub(n.posted))) < abs(int64(cands[j].posted.Sub(n.posted)))
		})
		// Opposite amounts alone can be chance (a refund here, a charge
		// there): without words that say "transfer", only a unique
		// candidate is taken.
		if len(cands) > 1 && !n.says() && !cands[0].says() {
			continue
		}
		c := cands[0]
		n.peer, c.peer = c, n
		other := c.category
		if c.self != nil {
			other = c.self.Category
		}
		// Both sides are one movement, so they are one kind of it: a card
		// payment seen from the checking side is one from the card's too.
		kind := transferCategory(n.self.Category, other)
		n.self.Category = kind
		if c.self != nil {
			c.self.Category = kind
		}
		c.category = kind
		n.as.result.Transfers++
		if c.as != nil && c.as != n.as {
			c.as.result.Transfers++
		}
		a.pairs = append(a.pairs, [2]*transferSide{n, c})
	}
	return nil
}

// transferCategory is the category of a transfer between own accounts from
// the categories its sides had: a card payment or a currency exchange stays
// what it is,
// anything else becomes a transfer between accounts, which is neither
// spending nor income.
func transferCategory(sides ...string) string {
	for _, k := range []string{category.CardPayment, category.CurrencyExchange} {
		if slices.Contains(sides, k) {
			return k
		}
	}
	// Money moved into a brokerage account is a transfer between
	// accounts; the fund bought inside it is the investment.
	return category.BetweenAccounts
}

var transferHints = []string{"transfer", "xfer", "tfr", "payment", "pmt", "autopay", "overboeking", "umbuchung",
	"virement", "to savings", "from checking", "from savings", "to checking", "online banking"}

func transferWords(text string) bool {
	for _, h := range transferHints {
		if strings.Contains(text, h) {
			return true
		}
	}
	return false
}

// linkTransfers records the pairs found by transfers, once the new rows have
// ids.
func (a *applier) linkTransfers(ctx context.Context) error {
	for _, p := range a.pairs {
		ids := [2]int64{}
		for i, s := range p {
			if s.id != 0 {
				ids[i] = s.id
				if err := a.st.SetCategory(ctx, s.id, transferCategory(s.category)); err != nil {
					return err
				}
			} else {
				ids[i] = s.as.newIDs[s.index]
			}
		}
		if err := a.st.LinkTransfer(ctx, ids[0], ids[1]); err != nil {
			return err
		}
	}
	return nil
}

// reconcile compares the bank's newest balance with Penny's. A new account
// gets the opening balance that makes them agree; an existing one that
// disagrees gets a reconciliation alert.
func (a *applier) reconcile(ctx context.Context, as *accountState) error {
	if len(as.balances) == 0 {
		return nil
	}
	latest := as.balances[0]
	for _, b := range as.balances[1:] {
		if !b.Date.Before(latest.Date) {
			latest = b
		}
	}
	computed, err := a.st.BalanceAsOf(ctx, as.acct.ID, latest.Date)
	if err != nil {
		return err
	}
	check := &BalanceCheck{Date: latest.Date, Bank: money.New(latest.Amount, as.acct.Currency),
		Computed: money.New(computed, as.acct.Currency)}
	if as.result.Created && computed != latest.Amount {
		opening := as.acct.Opening.Minor + latest.Amount - computed
		if err := a.st.SetOpening(ctx, as.acct.ID, opening); err != nil {
			return err
		}
		check.Computed = check.Bank
		check.OpeningSet = true
	}
	var avail *int64
	if as.available != nil {
		avail = &as.available.Amount
	}
	if err := a.st.SetBankBalance(ctx, as.acct.ID, latest.Amount, avail, latest.Date); err != nil {
		return err
	}
	as.result.Balance = check
	if check.OK() {
		return nil
	}
	diff := check.Bank.Minor - check.Computed.Minor
	_, _, err = a.st.AddAlert(ctx, store.Alert{
		Rule:      "reconciliation",
		Severity:  "warning",
		Title:     fmt.Sprintf("Balance mismatch on %s", as.acct.Name),
		Body:      fmt.Sprintf("The bank says %s on %s; Penny computes %s.", check.Bank.Format(), latest.Date.Format(store.DateLayout), check.Computed.Format()),
		Why:       fmt.Sprintf("The statement's balance differs from the opening balance plus every posted transaction up to that day by %s: a transaction may be missing or counted twice.", money.New(diff, as.acct.Currency).Format()),
		AccountID: as.acct.ID,
		DedupKey:  fmt.Sprintf("reconciliation:%d:%s:%d", as.acct.ID, latest.Date.Format(store.DateLayout), latest.Amount),
	})
	return err
}
