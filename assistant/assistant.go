package assistant

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"penny/category"
	"penny/store"
)

// Options configure an Assistant.
type Options struct {
	// Now is the clock: "today", "last month" and every default period
	// follow from it. Nil means time.Now; tests fix it.
	Now func() time.Time
}

// Assistant answers questions about one store. It is safe for concurrent
// use: the UI may ask from several commands at once. Questions are answered
// one at a time, which costs nothing, since the store has one connection.
type Assistant struct {
	st  *store.Store
	now func() time.Time

	mu sync.Mutex // held for a whole Ask or Completions
	ix *index
	// last is the last question answered, for follow-ups.
	last *Parsed
}

var _ Asker = (*Assistant)(nil)

// New returns an assistant over st. Names (accounts, categories, merchants)
// are read on the first question and refreshed when the data changes.
func New(st *store.Store, opt Options) *Assistant {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	return &Assistant{st: st, now: now}
}

// Refresh drops what the assistant knows of the vault, so the next question
// reads it afresh. Any write to the transactions or the rules is noticed on
// its own (it moves the store's write generation); a vault loaded anew
// from disk may be another one with the same generation, and whoever loads
// one calls Refresh.
func (a *Assistant) Refresh() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ix = nil
}

// merchantInfo is one merchant, as package merchant identified it at
// import: every query about it selects its rows by key, so it is exact
// whichever descriptors the bank printed.
type merchantInfo struct {
	key   string // the merchant key (store column merchant_key)
	name  string
	count int64 // rows that are spending or refunds
	all   int64 // every row
	// first and last bound the merchant's posted dates, as yyyymmdd (0:
	// none): compared as numbers for each of the tens of thousands of
	// cells, made dates only when an answer needs them.
	first, last int32
}

// dates are the merchant's first and last posted days.
func (m *merchantInfo) dates() (first, last time.Time) {
	if m.first != 0 {
		first = store.IntDate(int64(m.first))
	}
	if m.last != 0 {
		last = store.IntDate(int64(m.last))
	}
	return first, last
}

// index is the Assistant's precomputed knowledge of the vault.
type index struct {
	ver       store.DataVersion
	accounts  []store.Account
	lex       *Lexicon
	cube      *cube
	merchants map[string]*merchantInfo // by key(name), the parser's folding of a display name
	byKey     map[string]*merchantInfo // by merchant key
	// byNumber is byKey by the number of the key: a slice index per
	// cell, not a hash, while the index is built.
	byNumber   []*merchantInfo
	categories map[string]string // lower -> as written
}

func (ix *index) merchant(name string) *merchantInfo {
	return ix.merchants[key(name)]
}

// merchantName returns the display name of a row's merchant.
func (ix *index) merchantName(t store.Transaction) string {
	if m := ix.byKey[t.MerchantKey]; m != nil && t.MerchantKey != "" {
		return m.name
	}
	if t.Merchant != "" {
		return t.Merchant
	}
	return MerchantName(t.Payee)
}

// nameOfKey returns the display name of a merchant key.
func (ix *index) nameOfKey(k string) string {
	if m := ix.byKey[k]; m != nil {
		return m.name
	}
	return k
}

// index returns the current index, refreshing it when the data changed:
// new rows alone cost reading the rows after the last one seen; any other
// write (a deletion, a category changed in place, an edit of rules)
// rebuilds the index from the store's kept month totals, and a renamed
// account rebuilds the lexicon.
//
// The caller holds a.mu.
func (a *Assistant) index(ctx context.Context) (*index, error) {
	ver, err := a.st.Version(ctx)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	accounts, err := a.st.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	ix := a.ix
	relex := false
	switch {
	case ix == nil || ver.MaxID < ix.ver.MaxID || ver.Transactions < ix.ver.Transactions:
		ix, err = a.build(ctx, ver)
		if err != nil {
			return nil, err
		}
		relex = true
	case ver.MaxID > ix.ver.MaxID:
		ok, err := a.extend(ctx, ix, ver)
		if err != nil {
			return nil, err
		}
		if !ok {
			if ix, err = a.build(ctx, ver); err != nil {
				return nil, err
			}
		}
		relex = true
	case ver.Generation != ix.ver.Generation || ver.Transactions != ix.ver.Transactions || ver.Balances != ix.ver.Balances || ver.Pending != ix.ver.Pending:
		if ix, err = a.build(ctx, ver); err != nil {
			return nil, err
		}
		relex = true
	}
	if ver.Rules != ix.ver.Rules || ver.MaxRuleID != ix.ver.MaxRuleID {
		if err := a.addRuleCategories(ctx, ix); err != nil {
			return nil, err
		}
		relex = true
	}
	ix.ver = ver
	if !sameAccounts(ix.accounts, accounts) {
		relex = true
	}
	ix.accounts = accounts
	if relex || ix.lex == nil {
		ix.lex = ix.lexicon()
	}
	a.ix = ix
	return ix, nil
}

func sameAccounts(a, b []store.Account) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Name != b[i].Name || a[i].Type != b[i].Type {
			return false
		}
	}
	return true
}

// build reads the store's kept month totals, not the rows: the cube, the
// merchants and the categories all come from them. Every cell is read once
// here, for the merchants and the categories; the cube keeps them packed.
func (a *Assistant) build(ctx context.Context, ver store.DataVersion) (*index, error) {
	kt, err := a.st.ReadKeptTotals(ctx)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	ix := &index{
		ver:        ver,
		cube:       newCube(kt),
		merchants:  map[string]*merchantInfo{},
		byKey:      map[string]*merchantInfo{},
		categories: map[string]string{},
	}
	for i := range kt.Groups {
		g := &kt.Groups[i]
		n, last := 0, int32(0)
		err := kt.Cells(g, func(m *store.MonthTotal, ids store.CellStrings) {
			n++
			last = max(last, int32(m.Last))
			ix.addCell(m, ids)
		})
		if err != nil {
			return nil, fmt.Errorf("assistant: %w", err)
		}
		ix.cube.addGroup(g, n, last)
	}
	if err := a.addRuleCategories(ctx, ix); err != nil {
		return nil, err
	}
	return ix, nil
}

// extend reads only the rows added since the index was built. It reports
// false when rows also went away or changed, or the rules changed, which
// needs a rebuild.
func (a *Assistant) extend(ctx context.Context, ix *index, ver store.DataVersion) (bool, error) {
	mts, _, err := a.st.MonthTotals(ctx, ix.ver.MaxID)
	if err != nil {
		return false, fmt.Errorf("assistant: %w", err)
	}
	// The new rows must account for every change of the fingerprints;
	// otherwise something else changed too (a pending row posted in place,
	// a row deleted) and only a rebuild is exact.
	var added, posted, pending int64
	for _, m := range mts {
		added += m.Count
		if m.Pending {
			pending += m.Sum * m.AccountID
		} else {
			posted += m.Sum * m.AccountID
		}
	}
	// Each row written moves the generation once: a move beyond the added
	// rows is another write (a category changed in place, a transfer
	// linked, a rule).
	if ix.ver.Transactions+added != ver.Transactions || ix.ver.Balances+posted != ver.Balances || ix.ver.Pending+pending != ver.Pending ||
		ix.ver.Generation+added != ver.Generation {
		return false, nil
	}
	for i := range mts {
		ids := ix.cube.kt.Intern(&mts[i])
		ix.addCell(&mts[i], ids)
		ix.cube.addTotal(&mts[i], ids)
	}
	return true, nil
}

// addCell folds a month total into the merchants and the categories, and
// notes it in the cube. Rows that are neither spending nor income
// (transfers between own accounts, card payments, investments) name no
// merchant.
func (ix *index) addCell(m *store.MonthTotal, ids store.CellStrings) {
	// What is known of a category is worked out the first time a cell
	// names it: the lower-case spelling the parser looks up, and whether
	// it is a transfer.
	ci, first := ix.cube.note(m, ids)
	if first && m.Category != "" {
		if _, ok := ix.categories[strings.ToLower(m.Category)]; !ok {
			ix.categories[strings.ToLower(m.Category)] = m.Category
		}
	}
	if m.MerchantKey == "" || ci.transfer {
		return
	}
	n := ids.MerchantKey
	if int(n) >= len(ix.byNumber) {
		ix.byNumber = append(ix.byNumber, make([]*merchantInfo, int(n)+1-len(ix.byNumber))...)
	}
	mi := ix.byNumber[n]
	if mi == nil {
		mi = &merchantInfo{key: m.MerchantKey, name: m.Merchant}
		ix.byKey[m.MerchantKey] = mi
		ix.byNumber[n] = mi
		if k := key(m.Merchant); k != "" {
			if other := ix.merchants[k]; other == nil || other.all < mi.all {
				ix.merchants[k] = mi
			}
		}
	}
	mi.all += m.Count
	if ci.class[m.Sign+1] != category.In {
		mi.count += m.Count
	}
	if d := int32(m.First); d != 0 && (mi.first == 0 || d < mi.first) {
		mi.first = d
	}
	mi.last = max(mi.last, int32(m.Last))
}

func (a *Assistant) addRuleCategories(ctx context.Context, ix *index) error {
	rules, err := a.st.Rules(ctx, "category")
	if err != nil {
		return fmt.Errorf("assistant: %w", err)
	}
	for _, r := range rules {
		if _, ok := ix.categories[strings.ToLower(r.Value)]; !ok && r.Value != "" {
			ix.categories[strings.ToLower(r.Value)] = r.Value
		}
	}
	return nil
}

func minDate(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

func maxDate(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// lexicon builds the parser's lexicon from the index.
func (ix *index) lexicon() *Lexicon {
	var accts []AccountName
	for _, a := range ix.accounts {
		accts = append(accts, AccountName{Name: a.Name, Type: a.Type})
	}
	// Every name of the taxonomy is known, with rows or without: "pets
	// this year" is an answer (nothing) even before the first vet bill.
	cats := append(append(category.Leaves(), category.Parents()...), category.Groups()...)
	for _, c := range ix.categories {
		if category.Canonical(c) == "" {
			cats = append(cats, c)
		}
	}
	sort.Strings(cats)
	ms := make([]string, 0, len(ix.merchants))
	for _, m := range ix.merchants {
		ms = append(ms, m.name)
	}
	sort.Strings(ms)
	return NewLexicon(accts, cats, ms)
}

// Completions lists what tab can complete in the chat: account names,
// categories, merchants (most used first) and command words.
func (a *Assistant) Completions(ctx context.Context) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ix, err := a.index(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(commandWords)
	for _, acc := range ix.accounts {
		out = append(out, acc.Name)
	}
	// Every name of the taxonomy is known, with rows or without: "pets
	// this year" is an answer (nothing) even before the first vet bill.
	cats := append(append(category.Leaves(), category.Parents()...), category.Groups()...)
	for _, c := range ix.categories {
		if category.Canonical(c) == "" {
			cats = append(cats, c)
		}
	}
	sort.Strings(cats)
	out = append(out, cats...)
	ms := make([]*merchantInfo, 0, len(ix.merchants))
	for _, m := range ix.merchants {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].count != ms[j].count {
			return ms[i].count > ms[j].count
		}
		return ms[i].name < ms[j].name
	})
	for _, m := range ms {
		out = append(out, m.name)
	}
	return dedupe(out), nil
}

// commandWords are the words that start most questions.
var commandWords = []string{"balance", "net worth", "spending", "income", "top merchants", "top categories",
	"largest", "subscriptions", "cash flow", "duplicates", "alerts", "alert settings", "quiet hours", "sync", "help",
	"categorize", "search", "transactions", "pending", "today", "yesterday", "this week", "last week", "this month", "last month",
	"this year", "last year", "past 30 days"}
