package assistant

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
// reads it afresh. New, deleted and posted rows and new rules are noticed on
// their own; a category changed in place outside the assistant (a manual
// store.SetCategory) is not, and whoever makes one calls Refresh.
func (a *Assistant) Refresh() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ix = nil
}

// merchantInfo is one merchant: a display name and the exact descriptors it
// stands for, so that every query about it is exact.
type merchantInfo struct {
	name   string
	payees []string
	count  int64 // rows that are not transfers
	all    int64 // every row
	// prefix, when set, selects the merchant's rows instead of payees: a
	// merchant printing an order number in every descriptor would
	// otherwise need a list as long as its history.
	prefix string
	names  map[string]int64 // display variants by rows, to pick the usual one
	// first and last bound the merchant's posted dates.
	first, last time.Time
}

// index is the Assistant's precomputed knowledge of the vault.
type index struct {
	ver        store.DataVersion
	accounts   []store.Account
	lex        *Lexicon
	cleaner    *cleaner
	cube       *cube
	merchants  map[string]*merchantInfo // by key(name)
	byPayee    map[string]*merchantInfo // raw payee -> merchant
	payees     map[string]*payeeStat
	categories map[string]string // lower -> as written
}

// payeeStat is what the index knows of one distinct payee.
type payeeStat struct {
	count    int64 // rows
	spending int64 // rows that are not transfers between own accounts
	first    time.Time
	last     time.Time
}

func (ix *index) merchant(name string) *merchantInfo {
	return ix.merchants[key(name)]
}

// merchantOf returns the display name for a raw payee.
func (ix *index) merchantOf(payee string) string {
	if m := ix.byPayee[payee]; m != nil {
		return m.name
	}
	return ix.cleaner.name(payee)
}

// index returns the current index, refreshing it when the data changed:
// a new row costs reading the rows after the last one seen; a deletion, an
// edit of rules or a renamed account rebuilds what depends on it.
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
	case ver.Transactions != ix.ver.Transactions || ver.Balances != ix.ver.Balances || ver.Pending != ix.ver.Pending:
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

// build reads the month totals of every row once: the cube, the payees and
// the categories all come from them.
func (a *Assistant) build(ctx context.Context, ver store.DataVersion) (*index, error) {
	mts, _, err := a.st.MonthTotals(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	ix := &index{
		ver:        ver,
		cleaner:    &cleaner{cities: builtinCities()},
		cube:       newCube(),
		merchants:  map[string]*merchantInfo{},
		byPayee:    map[string]*merchantInfo{},
		payees:     map[string]*payeeStat{},
		categories: map[string]string{},
	}
	seen := map[string]bool{}
	var all []string
	for _, m := range mts {
		if !seen[m.Payee] {
			seen[m.Payee] = true
			all = append(all, m.Payee)
		}
	}
	ix.cleaner.learnCities(all)
	ix.addTotals(mts)
	if err := a.addRuleCategories(ctx, ix); err != nil {
		return nil, err
	}
	return ix, nil
}

// extend reads only the rows added since the index was built. It reports
// false when rows also went away or changed, which needs a full rebuild.
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
	if ix.ver.Transactions+added != ver.Transactions || ix.ver.Balances+posted != ver.Balances || ix.ver.Pending+pending != ver.Pending {
		return false, nil
	}
	ix.addTotals(mts)
	return true, nil
}

// addTotals folds month totals into the cube, the payees and the
// categories.
func (ix *index) addTotals(mts []store.MonthTotal) {
	ix.cube.add(mts)
	stats := map[string]*payeeStat{}
	var order []string
	for _, m := range mts {
		if m.Category != "" {
			if _, ok := ix.categories[strings.ToLower(m.Category)]; !ok {
				ix.categories[strings.ToLower(m.Category)] = m.Category
			}
		}
		s := stats[m.Payee]
		if s == nil {
			s = &payeeStat{}
			stats[m.Payee] = s
			order = append(order, m.Payee)
		}
		s.count += m.Count
		if !m.Transfer {
			s.spending += m.Count
		}
		s.first = minDate(s.first, store.IntDate(int64(m.First)))
		s.last = maxDate(s.last, store.IntDate(int64(m.Last)))
	}
	ix.addPayees(order, stats)
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

// addPayees folds payees into merchants. Payees seen only on transfers
// between own accounts ("ONLINE TRANSFER TO SAVINGS") are no merchant.
func (ix *index) addPayees(order []string, stats map[string]*payeeStat) {
	touched := map[*merchantInfo]bool{}
	for _, payee := range order {
		s := stats[payee]
		if old := ix.payees[payee]; old != nil {
			old.count += s.count
			old.spending += s.spending
			old.first, old.last = minDate(old.first, s.first), maxDate(old.last, s.last)
			if m := ix.byPayee[payee]; m != nil {
				m.count += s.spending
				m.all += s.count
				m.first, m.last = minDate(m.first, s.first), maxDate(m.last, s.last)
				touched[m] = true
				continue
			}
		} else {
			cp := *s
			ix.payees[payee] = &cp
		}
		ps := ix.payees[payee]
		if ps.spending == 0 || strings.TrimSpace(payee) == "" {
			continue
		}
		name := ix.cleaner.name(payee)
		k := key(name)
		if k == "" {
			continue
		}
		m := ix.merchants[k]
		if m == nil {
			m = &merchantInfo{name: name, names: map[string]int64{}}
			ix.merchants[k] = m
		}
		m.payees = append(m.payees, payee)
		m.first, m.last = minDate(m.first, ps.first), maxDate(m.last, ps.last)
		m.count += ps.spending
		m.all += ps.count
		m.names[name] += ps.count
		ix.byPayee[payee] = m
		touched[m] = true
	}
	for m := range touched {
		best, n := m.name, int64(-1)
		for v, c := range m.names {
			if c > n || c == n && v < best {
				best, n = v, c
			}
		}
		m.name = best
		m.prefix = ""
		if len(m.payees) > 48 {
			m.prefix = ix.commonPrefix(m)
		}
	}
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

// payeesContaining lists the known payees whose text contains t (folded),
// with the dates they span: a text search becomes an exact list, and a
// text nobody wrote needs no query at all.
func (ix *index) payeesContaining(t string) (payees []string, first, last time.Time) {
	t = fold(t)
	for p, st := range ix.payees {
		if strings.Contains(fold(p), t) {
			payees = append(payees, p)
			first, last = minDate(first, st.first), maxDate(last, st.last)
		}
	}
	sort.Strings(payees)
	return payees, first, last
}

// commonPrefix returns the descriptor prefix all of m's payees share and no
// other payee starts with, or "".
func (ix *index) commonPrefix(m *merchantInfo) string {
	p := m.payees[0]
	for _, s := range m.payees[1:] {
		n := 0
		for n < len(p) && n < len(s) && p[n] == s[n] {
			n++
		}
		p = p[:n]
	}
	// A byte-wise common prefix can end inside a character; SQLite compares
	// whole characters.
	for len(p) > 0 && !utf8.ValidString(p) {
		p = p[:len(p)-1]
	}
	if len([]rune(p)) < 4 {
		return ""
	}
	for payee, other := range ix.byPayee {
		if other != m && strings.HasPrefix(payee, p) {
			return ""
		}
	}
	for payee := range ix.payees {
		if ix.byPayee[payee] == nil && strings.HasPrefix(payee, p) {
			return ""
		}
	}
	return p
}

// lexicon builds the parser's lexicon from the index.
func (ix *index) lexicon() *Lexicon {
	var accts []AccountName
	for _, a := range ix.accounts {
		accts = append(accts, AccountName{Name: a.Name, Type: a.Type})
	}
	cats := make([]string, 0, len(ix.categories))
	for _, c := range ix.categories {
		cats = append(cats, c)
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
	cats := make([]string, 0, len(ix.categories))
	for _, c := range ix.categories {
		cats = append(cats, c)
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
