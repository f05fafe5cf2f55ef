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

// The month cube: the store's kept month totals (store.KeptTotals) in
// memory. A question over whole months adds up a few thousand cells instead
// of reading every row again; the days at the ragged ends of a period
// ("since Jan 5", "the past 30 days") still come from SQL, so every answer
// is exact. Sums stay per currency: currency is part of every cell.
//
// The totals stay packed as the store keeps them until a question reads a
// month (cells): most read a few months of the history, and unpacking every
// month of a 100k-row history into cells cost a fresh process about a
// quarter of its answer (2.9 MB of memory touched for the first time).

// cell is one month total. The wide fields come first: at 72 bytes a
// cell, the 40,000 of a 100k-row history fill 2.9 MB. Its merchant,
// category and currency are the numbers the store gives their strings.
type cell struct {
	sum, min, max int64
	maxID         int64
	account       int64
	count         int32 // rows; a month total of one account never nears 2^31
	merchant      int32 // the merchant key's number (cube.str)
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
	kt *store.KeptTotals
	// groups are each month's packed groups, months its cells once a
	// question read them; added are the month totals of rows added
	// since the totals were read (index.extend), with their numbers.
	groups map[int32][]*store.KeptGroup
	added  map[int32][]addedTotal
	months map[int32][]cell
	// cellsIn counts each month's cells, unpacked or not.
	cellsIn  map[int32]int
	accounts map[int64]bool
	// lastDay is the latest posted day in each month: a period ending on
	// or after it covers the month's every row. first is the earliest
	// posted day of all.
	lastDay map[int32]int32
	first   int32
	// names is the display name of each merchant key, by its number.
	names []string
	// cats is what is known of each category, by its number.
	cats []catInfo
}

// catInfo is a category's kind, worked out the first time a cell names it.
type catInfo struct {
	known    bool
	transfer bool
	class    [3]category.Class // by sign + 1
}

type addedTotal struct {
	m   store.MonthTotal
	ids store.CellStrings
}

func newCube(kt *store.KeptTotals) *cube {
	return &cube{kt: kt, groups: map[int32][]*store.KeptGroup{}, added: map[int32][]addedTotal{},
		months: map[int32][]cell{}, cellsIn: map[int32]int{}, lastDay: map[int32]int32{}, accounts: map[int64]bool{}}
}

// str is the string numbered id.
func (c *cube) str(id int32) string { return c.kt.String(id) }

// cat returns what is known of category id, named name, and whether this
// is the first cell to name it.
func (c *cube) cat(id int32, name string) (*catInfo, bool) {
	for int(id) >= len(c.cats) {
		c.cats = append(c.cats, catInfo{})
	}
	ci := &c.cats[id]
	if ci.known {
		return ci, false
	}
	*ci = catInfo{known: true, transfer: category.IsTransfer(name)}
	for sign := -1; sign <= 1; sign++ {
		ci.class[sign+1] = category.Classify(name, int64(sign))
	}
	return ci, true
}

// note counts a cell of month m that the cube will unpack when a question
// reads m: its merchant's name, its account, the month's days. It returns
// what is known of its category, and whether the cell is the first to
// name it.
func (c *cube) note(m *store.MonthTotal, ids store.CellStrings) (*catInfo, bool) {
	if int(ids.MerchantKey) >= len(c.names) {
		c.names = append(c.names, make([]string, int(ids.MerchantKey)+1-len(c.names))...)
	}
	// The greatest spelling, as SQL's MAX picks it, so both name a key
	// alike; rows without a merchant have no name.
	if m.MerchantKey != "" && m.Merchant > c.names[ids.MerchantKey] {
		c.names[ids.MerchantKey] = m.Merchant
	}
	if d := int32(m.First); d != 0 && (c.first == 0 || d < c.first) {
		c.first = d
	}
	return c.cat(ids.Category, m.Category)
}

// addGroup takes a group whose n cells, the latest posted on day last,
// were noted.
func (c *cube) addGroup(g *store.KeptGroup, n int, last int32) {
	m := int32(g.Month)
	c.groups[m] = append(c.groups[m], g)
	c.cellsIn[m] += n
	c.lastDay[m] = max(c.lastDay[m], last)
	c.accounts[g.Account] = true
}

// addTotal takes the month total of rows added since, noted: totals of
// rows added later simply add up.
func (c *cube) addTotal(t *store.MonthTotal, ids store.CellStrings) {
	m := int32(t.Month)
	if cells, ok := c.months[m]; ok {
		c.months[m] = append(cells, c.cellOf(t, ids))
	} else {
		c.added[m] = append(c.added[m], addedTotal{*t, ids})
	}
	c.cellsIn[m]++
	c.lastDay[m] = max(c.lastDay[m], int32(t.Last))
	c.accounts[t.AccountID] = true
}

func (c *cube) cellOf(m *store.MonthTotal, ids store.CellStrings) cell {
	ci, _ := c.cat(ids.Category, m.Category)
	return cell{
		account: m.AccountID, merchant: ids.MerchantKey, cat: ids.Category,
		cur: ids.Currency, sign: int8(m.Sign), class: ci.class[m.Sign+1], pending: m.Pending, transfer: m.Transfer,
		count: int32(m.Count), sum: m.Sum, min: m.Min, max: m.Max, firstDay: int32(m.First), lastDay: int32(m.Last), maxID: m.MaxID,
	}
}

// cells are month m's cells, unpacked the first time a question reads the
// month.
func (c *cube) cells(m int32) []cell {
	if cells, ok := c.months[m]; ok {
		return cells
	}
	n := c.cellsIn[m]
	if n == 0 {
		return nil
	}
	cells := make([]cell, 0, n)
	for _, g := range c.groups[m] {
		// The index read every group once already (index.build): the
		// same bytes cannot fail now.
		_ = c.kt.Cells(g, func(t *store.MonthTotal, ids store.CellStrings) {
			cells = append(cells, c.cellOf(t, ids))
		})
	}
	for i := range c.added[m] {
		cells = append(cells, c.cellOf(&c.added[m][i].m, c.added[m][i].ids))
	}
	delete(c.added, m)
	c.months[m] = cells
	return cells
}

// firstDay and lastDay are the earliest and latest posted days of the
// vault (zero when it is empty).
func (ix *index) firstDay() time.Time {
	if ix.cube.first == 0 {
		return time.Time{}
	}
	return store.IntDate(int64(ix.cube.first))
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
	for m := range c.cellsIn {
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
			if id, ok := c.kt.ID(k); ok {
				f.merchants[id] = true
			}
		}
	}
	if q.Currency != "" {
		f.cur = -2 // a currency the vault has never seen selects nothing
		if id, ok := c.kt.ID(strings.ToUpper(q.Currency)); ok {
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
		name := c.str(x.cat)
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
		if c.cellsIn[m] == 0 {
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
		return c.str(x.cat)
	case store.ByMerchant:
		return c.str(x.merchant)
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
			if id, ok := c.kt.ID(key); ok && by == store.ByMerchant && int(id) < len(c.names) {
				g.Name = c.names[id]
			}
			acc[k{key, cur}] = g
		}
		g.Count += n
		g.Sum += sum
	}
	err := c.span(q.Since, q.Until, func(m int32) {
		cells := c.cells(m)
		for i := range cells {
			if c.match(&f, &cells[i]) {
				add(c.groupKey(&cells[i], m, by), c.str(cells[i].cur), int64(cells[i].count), cells[i].sum)
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
		for _, x := range c.cells(m) {
			if x.sign >= 0 || x.pending || x.transfer || c.str(x.merchant) == "" || x.class != category.Spend {
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
				g.pm.Category = c.str(x.cat)
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
			return c.str(a.payee) < c.str(b.payee)
		}
		if a.cur != b.cur {
			return c.str(a.cur) < c.str(b.cur)
		}
		return a.month < b.month
	})
	out := make([]store.PayeeMonth, len(kept))
	for i, g := range kept {
		out[i] = g.pm
		// Payee carries the merchant key: a subscription is a merchant.
		out[i].Payee, out[i].Currency = c.str(g.key.payee), c.str(g.key.cur)
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
		cells := c.cells(m)
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
		cells := c.cells(m)
		for i := range cells {
			if c.match(&f, &cells[i]) {
				n += int64(cells[i].count)
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
		cells := c.cells(m)
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
