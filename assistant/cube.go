package assistant

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"penny/category"
	"penny/store"
)

// The month cube: the store's month totals (store.MonthTotals) kept in
// memory. A question over whole months adds up a few thousand cells instead
// of reading every row again; the days at the ragged ends of a period
// ("since Jan 5", "the past 30 days") still come from SQL, so every answer
// is exact. Sums stay per currency: currency is part of every cell.

// cell is one month total. The wide fields come first: at 72 bytes a
// cell, the 40,000 of a 100k-row history fill 2.9 MB.
type cell struct {
	sum, min, max int64
	maxID         int64
	account       int64
	count         int32 // rows; a month total of one account never nears 2^31
	merchant      int32 // index into cube.merchants (keys)
	cat           int32
	cur           int32
	firstDay      int32 // yyyymmdd
	lastDay       int32
	sign          int8
	class         category.Class // category.Classify of the cell's category and sign, worked out once
	pending       bool
	transfer      bool
}

type cube struct {
	merchantIDs map[string]int32
	merchants   []string // merchant keys
	names       []string // display name of each merchant key, by its number
	catIDs      map[string]int32
	cats        []string
	curIDs      map[string]int32
	curs        []string
	months      map[int32][]cell // yyyymm -> cells
	accounts    map[int64]bool
	// lastDay is the latest posted day in each month: a period ending on
	// or after it covers the month's every row.
	lastDay map[int32]int32
	classes map[classKey]category.Class
	// open holds the cells added for openMonth and not yet in months:
	// totals arrive month by month, so each month's cells go to months in
	// one exact allocation (flush) rather than by doubling.
	open      []cell
	openMonth int32
	// The last category, currency and account added, looked up again
	// for most cells: a comparison instead of a hash.
	lastCat   string
	lastCatID int32
	lastCur   string
	lastCurID int32
	lastAcct  int64
	// lastMerchant is the number of the last cell's merchant key, for the
	// index to look its merchant up by number.
	lastMerchant int32
}

func newCube() *cube {
	return &cube{merchantIDs: map[string]int32{}, catIDs: map[string]int32{}, curIDs: map[string]int32{},
		months: map[int32][]cell{}, lastDay: map[int32]int32{}, accounts: map[int64]bool{}, classes: map[classKey]category.Class{},
		lastCatID: -1, lastCurID: -1}
}

func intern(ids map[string]int32, list *[]string, s string) int32 {
	if id, ok := ids[s]; ok {
		return id
	}
	id := int32(len(*list))
	ids[s] = id
	*list = append(*list, s)
	return id
}

// add folds a month total in and returns its kind of flow; totals of rows
// added later simply add up. The cell reaches months at the next flush,
// which every caller makes before the cube is read.
func (c *cube) add(m *store.MonthTotal) category.Class {
	month := int32(m.Month)
	if month != c.openMonth {
		c.flush()
		c.openMonth = month
	}
	if c.lastCatID < 0 || m.Category != c.lastCat {
		c.lastCat, c.lastCatID = m.Category, intern(c.catIDs, &c.cats, m.Category)
	}
	cat := c.lastCatID
	if c.lastCurID < 0 || m.Currency != c.lastCur {
		c.lastCur, c.lastCurID = m.Currency, intern(c.curIDs, &c.curs, m.Currency)
	}
	// Classify once per category and sign, not per cell.
	ck := classKey{cat, int8(m.Sign)}
	class, ok := c.classes[ck]
	if !ok {
		class = category.Classify(m.Category, int64(m.Sign))
		c.classes[ck] = class
	}
	merchant := intern(c.merchantIDs, &c.merchants, m.MerchantKey)
	if int(merchant) == len(c.names) {
		c.names = append(c.names, "")
	}
	c.lastMerchant = merchant
	c.open = append(c.open, cell{
		account: m.AccountID, merchant: merchant, cat: cat,
		cur: c.lastCurID, sign: int8(m.Sign), class: class, pending: m.Pending, transfer: m.Transfer,
		count: int32(m.Count), sum: m.Sum, min: m.Min, max: m.Max, firstDay: int32(m.First), lastDay: int32(m.Last), maxID: m.MaxID,
	})
	// The greatest spelling, as SQL's MAX picks it, so both name a key
	// alike; rows without a merchant have no name.
	if m.MerchantKey != "" && m.Merchant > c.names[merchant] {
		c.names[merchant] = m.Merchant
	}
	if m.AccountID != c.lastAcct || len(c.accounts) == 0 {
		c.accounts[m.AccountID] = true
		c.lastAcct = m.AccountID
	}
	return class
}

// flush moves the open month's cells into months.
func (c *cube) flush() {
	if len(c.open) == 0 {
		return
	}
	m := c.openMonth
	cells := c.months[m]
	all := make([]cell, len(cells), len(cells)+len(c.open))
	copy(all, cells)
	c.months[m] = append(all, c.open...)
	for i := range c.open {
		c.lastDay[m] = max(c.lastDay[m], c.open[i].lastDay)
	}
	c.open = c.open[:0]
}

type classKey struct {
	cat  int32
	sign int8
}

// firstDay and lastDay are the earliest and latest posted days of the
// vault (zero when it is empty).
func (ix *index) firstDay() time.Time {
	var lo int32
	for _, cells := range ix.cube.months {
		for i := range cells {
			if lo == 0 || cells[i].firstDay < lo {
				lo = cells[i].firstDay
			}
		}
	}
	if lo == 0 {
		return time.Time{}
	}
	return store.IntDate(int64(lo))
}

func (ix *index) lastDay() time.Time {
	var hi int32
	for _, d := range ix.cube.lastDay {
		hi = max(hi, d)
	}
	if hi == 0 {
		return time.Time{}
	}
	return store.IntDate(int64(hi))
}

func (c *cube) monthRange() (int32, int32) {
	lo, hi := int32(0), int32(0)
	for m := range c.months {
		if lo == 0 || m < lo {
			lo = m
		}
		hi = max(hi, m)
	}
	return lo, hi
}

// cubeFilter is a store.ReportQuery without its dates, for cells.
type cubeFilter struct {
	accounts    map[int64]bool
	cats        []string
	merchants   map[int32]bool
	cur         int32 // -1: any
	flow        store.Flow
	classes     []category.Class
	noTransfers bool
	pending     *bool
}

// cubeable reports whether the cells can answer q: they know no single
// amounts or descriptors, so an amount range, text or raw payees need the
// rows.
func cubeable(q store.ReportQuery) bool {
	return q.MinAbs == nil && q.MaxAbs == nil && q.AtLeast == nil && q.AtMost == nil && q.Text == "" &&
		len(q.Payees) == 0
}

func (c *cube) filter(q store.ReportQuery) cubeFilter {
	f := cubeFilter{cur: -1, flow: q.Flow, classes: q.Classes, noTransfers: q.ExcludeTransfers, pending: q.Pending}
	if len(q.AccountIDs) > 0 {
		f.accounts = map[int64]bool{}
		for _, id := range q.AccountIDs {
			f.accounts[id] = true
		}
	}
	if q.Category != "" {
		f.cats = append(f.cats, q.Category)
	}
	f.cats = append(f.cats, q.Categories...)
	if len(q.MerchantKeys) > 0 {
		f.merchants = map[int32]bool{}
		for _, k := range q.MerchantKeys {
			if id, ok := c.merchantIDs[k]; ok {
				f.merchants[id] = true
			}
		}
	}
	if q.Currency != "" {
		f.cur = -2 // a currency the vault has never seen selects nothing
		if id, ok := c.curIDs[strings.ToUpper(q.Currency)]; ok {
			f.cur = id
		}
	}
	return f
}

func (c *cube) match(f *cubeFilter, x *cell) bool {
	switch {
	case f.accounts != nil && !f.accounts[x.account]:
		return false
	case f.merchants != nil && !f.merchants[x.merchant]:
		return false
	case f.cur != -1 && f.cur != x.cur:
		return false
	case f.flow == store.FlowOut && x.sign >= 0, f.flow == store.FlowIn && x.sign <= 0:
		return false
	case f.noTransfers && x.transfer:
		return false
	case f.pending != nil && *f.pending != x.pending:
		return false
	case len(f.classes) > 0 && !slices.Contains(f.classes, x.class):
		return false
	}
	if len(f.cats) > 0 {
		name := c.cats[x.cat]
		for _, want := range f.cats {
			if strings.EqualFold(name, want) {
				return true
			}
		}
		return false
	}
	return true
}

func monthStart(m int32) time.Time {
	return time.Date(int(m/100), time.Month(m%100), 1, 0, 0, 0, 0, time.UTC)
}

func monthKey(t time.Time) int32 { return int32(t.Year()*100 + int(t.Month())) }

func nextMonth(m int32) int32 { return monthKey(monthStart(m).AddDate(0, 1, 0)) }

// covered reports whether [lo, hi] holds every row of month m.
func (c *cube) covered(m int32, lo, hi time.Time) bool {
	start := monthStart(m)
	end := start.AddDate(0, 1, -1)
	return lo.Equal(start) && (hi.Equal(end) || store.DateInt(hi) >= int64(c.lastDay[m]))
}

// span walks the months of [from, to] (zero ends: the cube's first and last
// month) and calls whole for months the period covers and part, with the
// days inside the period, for the ragged ends.
func (c *cube) span(from, to time.Time, whole func(m int32), part func(lo, hi time.Time) error) error {
	first, last := c.monthRange()
	if first == 0 {
		return nil
	}
	mFrom, mTo := first, last
	if !from.IsZero() {
		mFrom = max(mFrom, monthKey(from))
	}
	if !to.IsZero() {
		mTo = min(mTo, monthKey(to))
	}
	for m := mFrom; m <= mTo; m = nextMonth(m) {
		start := monthStart(m)
		end := start.AddDate(0, 1, -1)
		lo, hi := start, end
		if !from.IsZero() && from.After(lo) {
			lo = from
		}
		if !to.IsZero() && to.Before(hi) {
			hi = to
		}
		if len(c.months[m]) == 0 {
			continue
		}
		if c.covered(m, lo, hi) {
			whole(m)
			continue
		}
		if err := part(lo, hi); err != nil {
			return err
		}
	}
	return nil
}

func (c *cube) groupKey(x *cell, m int32, by store.Grouping) string {
	switch by {
	case store.ByCategory:
		return c.cats[x.cat]
	case store.ByMerchant:
		return c.merchants[x.merchant]
	case store.ByMonth:
		return fmt.Sprintf("%04d-%02d", m/100, m%100)
	case store.ByAccount:
		return strconv.FormatInt(x.account, 10)
	}
	return ""
}

// sumBy is store.SumBy answered from the cube where it can be, and from SQL
// for the days the cube cannot split off. The result is the same, rows for
// rows.
func (x *ans) sumBy(q store.ReportQuery, by store.Grouping) ([]store.GroupSum, error) {
	return x.ix.sumBy(x.ctx, x.st(), q, by)
}

func (ix *index) sumBy(ctx context.Context, st *store.Store, q store.ReportQuery, by store.Grouping) ([]store.GroupSum, error) {
	c := ix.cube
	if c == nil || !cubeable(q) || by == store.ByPayee {
		return st.SumBy(ctx, q, by)
	}
	f := c.filter(q)
	type k struct{ key, cur string }
	acc := map[k]*store.GroupSum{}
	add := func(key, cur string, n, sum int64) {
		g := acc[k{key, cur}]
		if g == nil {
			g = &store.GroupSum{Key: key, Currency: cur}
			if id, ok := c.merchantIDs[key]; ok && by == store.ByMerchant {
				g.Name = c.names[id]
			}
			acc[k{key, cur}] = g
		}
		g.Count += n
		g.Sum += sum
	}
	err := c.span(q.Since, q.Until, func(m int32) {
		cells := c.months[m]
		for i := range cells {
			if c.match(&f, &cells[i]) {
				add(c.groupKey(&cells[i], m, by), c.curs[cells[i].cur], int64(cells[i].count), cells[i].sum)
			}
		}
	}, func(lo, hi time.Time) error {
		eq := q
		eq.Since, eq.Until = lo, hi
		rows, err := st.SumBy(ctx, eq, by)
		for _, r := range rows {
			add(r.Key, r.Currency, r.Count, r.Sum)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]store.GroupSum, 0, len(acc))
	for _, g := range acc {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := absInt(out[i].Sum), absInt(out[j].Sum)
		if a != b {
			return a > b
		}
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}

// payeeMonths is store.RecurringCandidates from the cube, per merchant
// rather than per descriptor: posted spending, per merchant, currency and
// month, for merchants seen in
// at least minMonths months of [from, to] (whole months). With monthlyOnly
// it also drops payees charging more than once in most of their months,
// which cannot be monthly: the detector would drop them anyway, later and
// at more cost.
func (c *cube) payeeMonths(from, to time.Time, minMonths int, monthlyOnly bool) []store.PayeeMonth {
	type k struct {
		payee, cur, month int32
	}
	type acc struct {
		key   k
		pm    store.PayeeMonth
		last  int32
		maxID int64
	}
	groups := map[k]*acc{}
	var list []*acc
	for m := monthKey(from); m <= monthKey(to); m = nextMonth(m) {
		label := fmt.Sprintf("%04d-%02d", m/100, m%100)
		for _, x := range c.months[m] {
			if x.sign >= 0 || x.pending || x.transfer || c.merchants[x.merchant] == "" || x.class != category.Spend {
				continue
			}
			key := k{x.merchant, x.cur, m}
			g := groups[key]
			if g == nil {
				g = &acc{key: key, pm: store.PayeeMonth{Month: label, Min: x.min, Max: x.max}}
				groups[key] = g
				list = append(list, g)
			}
			g.pm.Count += int64(x.count)
			g.pm.Sum += x.sum
			g.pm.Min, g.pm.Max = min(g.pm.Min, x.min), max(g.pm.Max, x.max)
			g.last = max(g.last, x.lastDay)
			if x.maxID > g.maxID {
				g.maxID = x.maxID
				g.pm.Category = c.cats[x.cat]
			}
		}
	}
	type series struct{ months, singles int }
	per := map[[2]int32]*series{}
	for _, g := range list {
		sk := [2]int32{g.key.payee, g.key.cur}
		sr := per[sk]
		if sr == nil {
			sr = &series{}
			per[sk] = sr
		}
		sr.months++
		if g.pm.Count == 1 {
			sr.singles++
		}
	}
	kept := list[:0]
	for _, g := range list {
		sr := per[[2]int32{g.key.payee, g.key.cur}]
		if sr.months < minMonths || monthlyOnly && sr.singles*10 < sr.months*8 {
			continue
		}
		kept = append(kept, g)
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i].key, kept[j].key
		if a.payee != b.payee {
			return c.merchants[a.payee] < c.merchants[b.payee]
		}
		if a.cur != b.cur {
			return c.curs[a.cur] < c.curs[b.cur]
		}
		return a.month < b.month
	})
	out := make([]store.PayeeMonth, len(kept))
	for i, g := range kept {
		out[i] = g.pm
		// Payee carries the merchant key: a subscription is a merchant.
		out[i].Payee, out[i].Currency = c.merchants[g.key.payee], c.curs[g.key.cur]
		out[i].Last = store.IntDate(int64(g.last))
	}
	return out
}

// ranges returns the account and day ranges that hold every row of q that
// keep accepts: for months q covers whole, the days of the matching cells;
// for the ragged ends, every account's days. keep may be nil.
func (c *cube) ranges(q store.ReportQuery, keep func(*cell) bool) []store.DayRange {
	f := c.filter(q)
	byAcct := map[int64][][2]int32{}
	// The part callback never fails, so neither does span here.
	_ = c.span(q.Since, q.Until, func(m int32) {
		cells := c.months[m]
		for i := range cells {
			x := &cells[i]
			if c.match(&f, x) && (keep == nil || keep(x)) {
				byAcct[x.account] = append(byAcct[x.account], [2]int32{x.firstDay, x.lastDay})
			}
		}
	}, func(lo, hi time.Time) error {
		for a := range c.accounts {
			if f.accounts == nil || f.accounts[a] {
				byAcct[a] = append(byAcct[a], [2]int32{int32(store.DateInt(lo)), int32(store.DateInt(hi))})
			}
		}
		return nil
	})
	var out []store.DayRange
	for a, spans := range byAcct {
		sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
		cur := spans[0]
		flush := func() {
			out = append(out, store.DayRange{AccountID: a, From: store.IntDate(int64(cur[0])), To: store.IntDate(int64(cur[1]))})
		}
		for _, sp := range spans[1:] {
			if sp[0] <= cur[1]+1 { // overlapping or adjacent yyyymmdd: merged
				cur[1] = max(cur[1], sp[1])
				continue
			}
			flush()
			cur = sp
		}
		flush()
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AccountID != out[j].AccountID {
			return out[i].AccountID < out[j].AccountID
		}
		return out[i].From.Before(out[j].From)
	})
	return out
}

// windowFor returns the first day of the oldest month needed to hold the
// newest limit rows q selects (dates aside), so a search without a period
// reads only those months. ok is false when the cube cannot tell (amount
// filters) or when all of history is needed.
func (c *cube) windowFor(q store.ReportQuery, limit int) (time.Time, bool) {
	if !cubeable(q) || limit <= 0 {
		return time.Time{}, false
	}
	f := c.filter(q)
	first, last := c.monthRange()
	var n int64
	for m := last; m >= first && m != 0; m = monthKey(monthStart(m).AddDate(0, -1, 0)) {
		for i := range c.months[m] {
			if c.match(&f, &c.months[m][i]) {
				n += int64(c.months[m][i].count)
			}
		}
		if n >= int64(limit) {
			return monthStart(m), true
		}
	}
	return time.Time{}, false
}

// threshold returns an amount the n largest rows q selects must reach: the
// n-th most extreme single amount among cells of months q covers whole, each
// of which stands for at least one row. Asking SQL only for rows past it
// keeps "largest purchases this year" from sorting a year of rows.
func (c *cube) threshold(q store.ReportQuery, n int, out bool) (int64, bool) {
	if !cubeable(q) || n <= 0 {
		return 0, false
	}
	f := c.filter(q)
	var vals []int64
	// Only whole months count: a cell of a ragged month may hold rows
	// outside the period. The part callback never fails.
	_ = c.span(q.Since, q.Until, func(m int32) {
		cells := c.months[m]
		for i := range cells {
			if c.match(&f, &cells[i]) {
				if out {
					vals = append(vals, cells[i].min)
				} else {
					vals = append(vals, cells[i].max)
				}
			}
		}
	}, func(lo, hi time.Time) error { return nil })
	if len(vals) < n {
		return 0, false
	}
	sort.Slice(vals, func(i, j int) bool {
		if out {
			return vals[i] < vals[j]
		}
		return vals[i] > vals[j]
	})
	return vals[n-1], true
}

// maxRanges caps the day ranges handed to SQL; past it, a plain date range
// reads about as much and the statement stays short.
const maxRanges = 200

// newestRows is store.SearchTransactions newest first, reading only the
// days the cube says hold matching rows.
func (ix *index) newestRows(ctx context.Context, st *store.Store, q store.ReportQuery, limit int) ([]store.Transaction, error) {
	if ix.cube != nil && cubeable(q) {
		q.Ranges = ix.cube.ranges(q, nil)
		if len(q.Ranges) == 0 {
			return nil, nil // no cell matches, so no row does
		}
		if len(q.Ranges) > maxRanges {
			q.Ranges = nil
		}
	}
	return st.SearchTransactions(ctx, q, store.NewestFirst, limit)
}

// largestRows is store.SearchTransactions by size: only rows past the
// cube's threshold can be among the largest, and only cells holding such an
// amount can hold those rows, so SQL reads a few days instead of a year.
func (ix *index) largestRows(ctx context.Context, st *store.Store, q store.ReportQuery, order store.SearchOrder, limit int) ([]store.Transaction, error) {
	out := order == store.LargestOut
	if ix.cube != nil && (out || order == store.LargestIn) {
		if t, ok := ix.cube.threshold(q, limit, out); ok {
			keep := func(c *cell) bool { return c.max >= t }
			if out {
				keep = func(c *cell) bool { return c.min <= t }
			}
			rs := ix.cube.ranges(q, keep)
			if out {
				q.AtMost = &t
			} else {
				q.AtLeast = &t
			}
			if len(rs) <= maxRanges {
				q.Ranges = rs
			}
		}
	}
	return st.SearchTransactions(ctx, q, order, limit)
}
