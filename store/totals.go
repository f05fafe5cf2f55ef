package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Kept month totals. The month totals (MonthTotal) of every row are kept in
// the database, exact at every commit: triggers on transactions mark the
// (month, account) groups a write touches, and WithTx recomputes just those
// groups from their rows before it commits (flushTotals). A process then
// answers from the totals without reading the rows (KeptMonthTotals). The
// write generation, moved by every row written to transactions or rules,
// tells a cache of derived data whether it is still exact.

// totalsVersion is the schema version that made the kept month totals.
const totalsVersion = 4

// totalKey is what a cell groups rows by within one month and account.
type totalKey struct {
	currency, merchantKey, category string
	sign                            int8
	pending, transfer               bool
}

func cmpKey(a, b *totalKey) int {
	if c := cmp.Compare(a.currency, b.currency); c != 0 {
		return c
	}
	if c := cmp.Compare(a.merchantKey, b.merchantKey); c != 0 {
		return c
	}
	if c := cmp.Compare(a.category, b.category); c != 0 {
		return c
	}
	if c := cmp.Compare(a.sign, b.sign); c != 0 {
		return c
	}
	if c := cmpBool(a.pending, b.pending); c != 0 {
		return c
	}
	return cmpBool(a.transfer, b.transfer)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// groupRows computes the month totals of one month of one account from its
// rows, through the (account_id, posted) index, in the order KeptMonthTotals
// returns them (currency, merchant key, category, sign, pending, transfer,
// as SQLite's GROUP BY orders them).
func (s *Store) groupRows(ctx context.Context, month int, account int64) ([]MonthTotal, error) {
	lo := int64(month) * 100
	rows, err := s.q.QueryContext(ctx, `SELECT id, posted, amount_minor, currency, merchant_key, merchant, category, pending, transfer_id IS NOT NULL
		FROM transactions WHERE account_id = ? AND posted BETWEEN ? AND ?`, account, lo, lo+99)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cells := map[totalKey]*MonthTotal{}
	for rows.Next() {
		var (
			id, posted, amount int64
			k                  totalKey
			name               string
		)
		if err := rows.Scan(&id, &posted, &amount, &k.currency, &k.merchantKey, &name, &k.category, &k.pending, &k.transfer); err != nil {
			return nil, err
		}
		k.sign = int8(cmp.Compare(amount, 0))
		m := cells[k]
		if m == nil {
			m = &MonthTotal{Month: month, AccountID: account, Currency: k.currency, MerchantKey: k.merchantKey, Merchant: name,
				Category: k.category, Sign: int(k.sign), Pending: k.pending, Transfer: k.transfer,
				Min: amount, Max: amount, First: int(posted), Last: int(posted), MaxID: id}
			cells[k] = m
		}
		m.Count++
		m.Sum += amount
		m.Min, m.Max = min(m.Min, amount), max(m.Max, amount)
		m.First, m.Last = min(m.First, int(posted)), max(m.Last, int(posted))
		m.MaxID = max(m.MaxID, id)
		// The greatest spelling, as SQL's MAX(merchant) picks it.
		m.Merchant = max(m.Merchant, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]MonthTotal, 0, len(cells))
	for _, m := range cells {
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b MonthTotal) int { return cmpKey(keyOf(&a), keyOf(&b)) })
	return out, nil
}

func keyOf(m *MonthTotal) *totalKey {
	return &totalKey{currency: m.Currency, merchantKey: m.MerchantKey, category: m.Category, sign: int8(m.Sign), pending: m.Pending, transfer: m.Transfer}
}

// flushTotals recomputes the groups marked dirty in this transaction and
// unmarks them. WithTx runs it before every commit; it costs one query when
// nothing is marked.
func (s *Store) flushTotals(ctx context.Context) error {
	type group struct {
		month   int
		account int64
	}
	rows, err := s.q.QueryContext(ctx, `SELECT month, account_id FROM month_totals_dirty`)
	if err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	var dirty []group
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.month, &g.account); err != nil {
			rows.Close()
			return fmt.Errorf("store: month totals: %w", err)
		}
		dirty = append(dirty, g)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	if len(dirty) == 0 {
		return nil
	}
	dict, err := s.loadStringIDs(ctx)
	if err != nil {
		return err
	}
	put, err := s.q.PrepareContext(ctx, `INSERT OR REPLACE INTO month_totals (month, account_id, cells) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	defer put.Close()
	var buf []byte
	for _, g := range dirty {
		cells, err := s.groupRows(ctx, g.month, g.account)
		if err != nil {
			return fmt.Errorf("store: month totals: %w", err)
		}
		if len(cells) == 0 {
			if _, err := s.q.ExecContext(ctx, `DELETE FROM month_totals WHERE month = ? AND account_id = ?`, g.month, g.account); err != nil {
				return fmt.Errorf("store: month totals: %w", err)
			}
			continue
		}
		if buf, err = dict.encode(ctx, s, buf[:0], cells); err != nil {
			return fmt.Errorf("store: month totals: %w", err)
		}
		if _, err := put.ExecContext(ctx, g.month, g.account, buf); err != nil {
			return fmt.Errorf("store: month totals: %w", mapErr(err))
		}
	}
	if _, err := s.q.ExecContext(ctx, `DELETE FROM month_totals_dirty`); err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	return nil
}

// stringIDs numbers the strings cells name (month_total_strings).
type stringIDs map[string]int64

func (s *Store) loadStringIDs(ctx context.Context) (stringIDs, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, s FROM month_total_strings`)
	if err != nil {
		return nil, fmt.Errorf("store: month totals: %w", err)
	}
	defer rows.Close()
	ids := stringIDs{}
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("store: month totals: %w", err)
		}
		ids[v] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: month totals: %w", err)
	}
	return ids, nil
}

func (d stringIDs) id(ctx context.Context, s *Store, v string) (int64, error) {
	if id, ok := d[v]; ok {
		return id, nil
	}
	res, err := s.q.ExecContext(ctx, `INSERT INTO month_total_strings (s) VALUES (?)`, v)
	if err != nil {
		return 0, mapErr(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	d[v] = id
	return id, nil
}

// The packed cells of one (month, account): a format byte, then per cell,
// in order, varints: flags (sign+1 in bits 0–1, pending bit 2, transfer bit
// 3, a single row bit 4), the string numbers of the currency, merchant key,
// category and merchant name, then the count, the zigzag sum, min and max,
// the first and last day of the month and the newest id. A single row's
// count, min, max and last day are implied by its sum and first day.
const (
	cellsFormat = 1

	flagPending  = 1 << 2
	flagTransfer = 1 << 3
	flagSingle   = 1 << 4
)

func (d stringIDs) encode(ctx context.Context, s *Store, buf []byte, cells []MonthTotal) ([]byte, error) {
	buf = append(buf, cellsFormat)
	for i := range cells {
		m := &cells[i]
		flags := uint64(m.Sign + 1)
		if m.Pending {
			flags |= flagPending
		}
		if m.Transfer {
			flags |= flagTransfer
		}
		single := m.Count == 1
		if single {
			flags |= flagSingle
		}
		buf = binary.AppendUvarint(buf, flags)
		for _, v := range [...]string{m.Currency, m.MerchantKey, m.Category, m.Merchant} {
			id, err := d.id(ctx, s, v)
			if err != nil {
				return nil, err
			}
			buf = binary.AppendUvarint(buf, uint64(id))
		}
		if !single {
			buf = binary.AppendUvarint(buf, uint64(m.Count))
		}
		buf = binary.AppendVarint(buf, m.Sum)
		if !single {
			buf = binary.AppendVarint(buf, m.Min)
			buf = binary.AppendVarint(buf, m.Max)
		}
		buf = binary.AppendUvarint(buf, uint64(m.First%100))
		if !single {
			buf = binary.AppendUvarint(buf, uint64(m.Last%100))
		}
		buf = binary.AppendUvarint(buf, uint64(m.MaxID))
	}
	return buf, nil
}

var errCells = errors.New("damaged month totals")

// decodeCells hands each cell of one (month, account) to each.
func decodeCells(month int, account int64, b []byte, strs []string, each func(MonthTotal)) error {
	if len(b) == 0 || b[0] != cellsFormat {
		return errCells
	}
	b = b[1:]
	uv := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	str := func() (string, bool) {
		id := uv()
		if id == 0 || id >= uint64(len(strs)) {
			return "", false
		}
		return strs[id], true
	}
	for len(b) > 0 {
		m := MonthTotal{Month: month, AccountID: account}
		flags := uv()
		m.Sign = int(flags&3) - 1
		m.Pending, m.Transfer = flags&flagPending != 0, flags&flagTransfer != 0
		var ok [4]bool
		m.Currency, ok[0] = str()
		m.MerchantKey, ok[1] = str()
		m.Category, ok[2] = str()
		m.Merchant, ok[3] = str()
		if ok != [4]bool{true, true, true, true} {
			return errCells
		}
		m.Count = 1
		if flags&flagSingle == 0 {
			m.Count = int64(uv())
		}
		m.Sum = sv()
		m.Min, m.Max = m.Sum, m.Sum
		if flags&flagSingle == 0 {
			m.Min, m.Max = sv(), sv()
		}
		m.First = month*100 + int(uv())
		m.Last = m.First
		if flags&flagSingle == 0 {
			m.Last = month*100 + int(uv())
		}
		m.MaxID = int64(uv())
		if b == nil || m.Count <= 0 || m.Sign < -1 || m.Sign > 1 {
			return errCells
		}
		each(m)
	}
	return nil
}

// KeptMonthTotals hands each kept month total to each, without reading the
// rows: ordered by month, account, currency, merchant key, category, sign,
// pending and transfer, the same cells MonthTotals(ctx, 0) computes from
// the rows. A group a write outside WithTx left marked is computed from its
// rows, so the totals are exact either way. each must not use the store.
func (s *Store) KeptMonthTotals(ctx context.Context, each func(MonthTotal)) error {
	if err := s.keptMonthTotals(ctx, each); err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	return nil
}

func (s *Store) keptMonthTotals(ctx context.Context, each func(MonthTotal)) error {
	// Strings are numbered from 1, densely but for the few a failed
	// write may have skipped.
	var strs []string
	rows, err := s.q.QueryContext(ctx, `SELECT id, s FROM month_total_strings ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return err
		}
		if id <= 0 || id > 1<<24 {
			rows.Close()
			return errCells
		}
		for int64(len(strs)) <= id {
			strs = append(strs, "")
		}
		strs[id] = v
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	type group struct {
		month   int
		account int64
	}
	dirty := map[group]bool{}
	rows, err = s.q.QueryContext(ctx, `SELECT month, account_id FROM month_totals_dirty`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.month, &g.account); err != nil {
			rows.Close()
			return err
		}
		dirty[g] = true
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if len(dirty) == 0 {
		return s.streamKept(ctx, strs, each)
	}
	// Marked groups, kept or not yet (rows of a new month), come from
	// their rows, in their place in the order.
	marked := make([]group, 0, len(dirty))
	for g := range dirty {
		marked = append(marked, g)
	}
	slices.SortFunc(marked, func(a, b group) int {
		if c := cmp.Compare(a.month, b.month); c != 0 {
			return c
		}
		return cmp.Compare(a.account, b.account)
	})
	type kept struct {
		group
		cells []byte
	}
	var all []kept
	rows, err = s.q.QueryContext(ctx, `SELECT month, account_id, cells FROM month_totals ORDER BY month, account_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k kept
		if err := rows.Scan(&k.month, &k.account, &k.cells); err != nil {
			rows.Close()
			return err
		}
		if !dirty[k.group] {
			all = append(all, k)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	// The marked groups' rows are read after the kept cells' statement is
	// closed: on a store of one connection a second statement would wait
	// for the first.
	fromRows := func(upTo *group) error {
		for len(marked) > 0 && (upTo == nil || marked[0].month < upTo.month ||
			marked[0].month == upTo.month && marked[0].account < upTo.account) {
			cells, err := s.groupRows(ctx, marked[0].month, marked[0].account)
			if err != nil {
				return err
			}
			for _, m := range cells {
				each(m)
			}
			marked = marked[1:]
		}
		return nil
	}
	for _, k := range all {
		if err := fromRows(&k.group); err != nil {
			return err
		}
		if err := decodeCells(k.month, k.account, k.cells, strs, each); err != nil {
			return fmt.Errorf("%d, account %d: %w", k.month, k.account, err)
		}
	}
	return fromRows(nil)
}

// streamKept hands over the kept cells when no group is marked, which is
// the rule: a goroutine reads the next rows while the caller decodes and
// folds the ones read, so a fresh process's reading (page cache, copies)
// and its folding overlap. Nothing else needs the store's one connection
// meanwhile; each runs on the caller's goroutine, in the usual order.
func (s *Store) streamKept(ctx context.Context, strs []string, each func(MonthTotal)) error {
	rows, err := s.q.QueryContext(ctx, `SELECT month, account_id, cells FROM month_totals ORDER BY month, account_id`)
	if err != nil {
		return err
	}
	type kept struct {
		month   int
		account int64
		cells   []byte
	}
	next := make(chan kept, 64)
	read := make(chan error, 1)
	go func() {
		defer close(next)
		for rows.Next() {
			var k kept
			if err := rows.Scan(&k.month, &k.account, &k.cells); err != nil {
				read <- err
				return
			}
			next <- k
		}
		read <- rows.Err()
	}()
	var decodeErr error
	for k := range next {
		// After a failure the rest is read and dropped, so the reader
		// ends and the statement can close.
		if decodeErr == nil {
			if err := decodeCells(k.month, k.account, k.cells, strs, each); err != nil {
				decodeErr = fmt.Errorf("%d, account %d: %w", k.month, k.account, err)
			}
		}
	}
	return errors.Join(<-read, rows.Close(), decodeErr)
}

// Generation returns the write generation: it moves with every row
// written to transactions or rules, and never goes back within a vault.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var n int64
	if err := s.q.QueryRowContext(ctx, `SELECT n FROM data_generation`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: generation: %w", err)
	}
	return n, nil
}
