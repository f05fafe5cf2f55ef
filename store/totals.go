package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
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
// unmarks them, and folds the rows InsertTransactions added into the kept
// cells of the groups no other write touched. WithTx runs it before every
// commit; it costs one query when nothing is marked or added.
func (s *Store) flushTotals(ctx context.Context) error {
	dirty, err := s.dirtyGroups(ctx)
	if err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	var added map[totalGroup]map[totalKey]*MonthTotal
	if s.added != nil {
		added, s.added.groups = s.added.groups, nil
	}
	if len(dirty) == 0 && len(added) == 0 {
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
	store := func(g totalGroup, cells []MonthTotal) error {
		if len(cells) == 0 {
			_, err := s.q.ExecContext(ctx, `DELETE FROM month_totals WHERE month = ? AND account_id = ?`, g.month, g.account)
			return err
		}
		if buf, err = dict.encode(ctx, s, buf[:0], cells); err != nil {
			return err
		}
		_, err := put.ExecContext(ctx, g.month, g.account, buf)
		return mapErr(err)
	}
	for _, g := range dirty {
		// A group a delete or an update marked is recomputed from its
		// rows, the inserted ones among them.
		delete(added, g)
		cells, err := s.groupRows(ctx, g.month, g.account)
		if err == nil {
			err = store(g, cells)
		}
		if err != nil {
			return fmt.Errorf("store: month totals: %w", err)
		}
	}
	if len(dirty) > 0 {
		if _, err := s.q.ExecContext(ctx, `DELETE FROM month_totals_dirty`); err != nil {
			return fmt.Errorf("store: month totals: %w", err)
		}
	}
	if len(added) == 0 {
		return nil
	}
	strs := make([]string, 0, len(dict)+1)
	for v, id := range dict {
		for int64(len(strs)) <= id {
			strs = append(strs, "")
		}
		strs[id] = v
	}
	get, err := s.q.PrepareContext(ctx, `SELECT cells FROM month_totals WHERE month = ? AND account_id = ?`)
	if err != nil {
		return fmt.Errorf("store: month totals: %w", err)
	}
	defer get.Close()
	// In a fixed order, so the strings are numbered the same way for the
	// same writes.
	groups := slices.SortedFunc(maps.Keys(added), cmpGroup)
	for _, g := range groups {
		var packed []byte
		if err := get.QueryRowContext(ctx, g.month, g.account).Scan(&packed); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: month totals: %w", err)
		}
		cells, err := foldAdded(g, packed, strs, added[g])
		if err == nil {
			err = store(g, cells)
		}
		if err != nil {
			return fmt.Errorf("store: month totals: %d, account %d: %w", g.month, g.account, err)
		}
	}
	return nil
}

func cmpGroup(a, b totalGroup) int {
	if c := cmp.Compare(a.month, b.month); c != 0 {
		return c
	}
	return cmp.Compare(a.account, b.account)
}

// dirtyGroups reads the groups a delete or an update marked.
func (s *Store) dirtyGroups(ctx context.Context) ([]totalGroup, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT month, account_id FROM month_totals_dirty`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var dirty []totalGroup
	for rows.Next() {
		var g totalGroup
		if err := rows.Scan(&g.month, &g.account); err != nil {
			return nil, err
		}
		dirty = append(dirty, g)
	}
	return dirty, rows.Err()
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
	return decodePacked(month, account, b, strs, func(m *MonthTotal, _ CellStrings) { each(*m) })
}

// decodePacked hands each cell of one (month, account) to each, with the
// numbers of its strings. m is each's only while it runs.
func decodePacked(month int, account int64, b []byte, strs []string, each func(m *MonthTotal, ids CellStrings)) error {
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
	str := func(id *int32) (string, bool) {
		v := uv()
		if v == 0 || v >= uint64(len(strs)) {
			return "", false
		}
		*id = int32(v)
		return strs[v], true
	}
	var m MonthTotal
	var ids CellStrings
	for len(b) > 0 {
		m = MonthTotal{Month: month, AccountID: account}
		flags := uv()
		m.Sign = int(flags&3) - 1
		m.Pending, m.Transfer = flags&flagPending != 0, flags&flagTransfer != 0
		var ok [4]bool
		m.Currency, ok[0] = str(&ids.Currency)
		m.MerchantKey, ok[1] = str(&ids.MerchantKey)
		m.Category, ok[2] = str(&ids.Category)
		m.Merchant, ok[3] = str(&ids.Merchant)
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
		each(&m, ids)
	}
	return nil
}

// KeptMonthTotals hands each kept month total to each, without reading the
// rows: ordered by month, account, currency, merchant key, category, sign,
// pending and transfer, the same cells MonthTotals(ctx, 0) computes from
// the rows. A group a write outside WithTx left marked is computed from its
// rows, so the totals are exact either way. each must not use the store.
func (s *Store) KeptMonthTotals(ctx context.Context, each func(MonthTotal)) error {
	kt, err := s.ReadKeptTotals(ctx)
	if err != nil {
		return err
	}
	for i := range kt.Groups {
		if err := kt.Cells(&kt.Groups[i], func(m *MonthTotal, _ CellStrings) { each(*m) }); err != nil {
			return err
		}
	}
	return nil
}

// KeptTotals are the kept month totals as a reader found them, a group (a
// month of an account) at a time and still packed: the reader decodes a
// group's cells when it needs them (Cells), which for most questions is a
// few months of the history. Their strings are numbered as the store
// numbers them (String), so a reader tells a cell's merchant, category and
// currency apart by number instead of hashing each cell's strings.
type KeptTotals struct {
	strs []string         // by number; no string has number 0
	ids  map[string]int32 // strs' numbers, once ID or Intern needs them
	// empty is the number of the string "" (0: none): a number a failed
	// write skipped is "" in strs too.
	empty int32
	// Groups are ordered by month and account.
	Groups []KeptGroup
}

// KeptGroup is the kept cells of one month of one account.
type KeptGroup struct {
	Month   int // yyyymm
	Account int64
	packed  []byte
	// rows are the cells of a group a write outside WithTx left marked,
	// computed from its rows; packed is nil then.
	rows []MonthTotal
}

// CellStrings are the numbers of a cell's strings (KeptTotals.String).
type CellStrings struct{ Currency, MerchantKey, Category, Merchant int32 }

// ReadKeptTotals reads the kept month totals without decoding their cells;
// see KeptMonthTotals for their order and exactness.
func (s *Store) ReadKeptTotals(ctx context.Context) (*KeptTotals, error) {
	kt, err := s.readKeptTotals(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: month totals: %w", err)
	}
	return kt, nil
}

func (s *Store) readKeptTotals(ctx context.Context) (*KeptTotals, error) {
	kt := &KeptTotals{}
	// Strings are numbered from 1, densely but for the few a failed
	// write may have skipped.
	rows, err := s.q.QueryContext(ctx, `SELECT id, s FROM month_total_strings ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if id <= 0 || id > 1<<24 {
			rows.Close()
			return nil, errCells
		}
		for int64(len(kt.strs)) <= id {
			kt.strs = append(kt.strs, "")
		}
		kt.strs[id] = v
		if v == "" {
			kt.empty = int32(id)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	type group = totalGroup
	dirty := map[group]bool{}
	marks, err := s.dirtyGroups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range marks {
		dirty[g] = true
	}
	// Within a write transaction, the groups it inserted rows into are
	// not folded yet: they count as marked.
	if s.added != nil {
		for g := range s.added.groups {
			dirty[g] = true
		}
	}
	// The cells are copied out of the driver's buffer (RawBytes, valid
	// until the next row) into blocks of their own: one copy, not the
	// two a []byte destination makes, and no allocation per group.
	var block []byte
	keep := func(b []byte) []byte {
		if len(b) > cap(block)-len(block) {
			block = make([]byte, 0, max(len(b), 64<<10))
		}
		block = append(block, b...)
		return block[len(block)-len(b) : len(block) : len(block)]
	}
	rows, err = s.q.QueryContext(ctx, `SELECT month, account_id, cells FROM month_totals ORDER BY month, account_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var g KeptGroup
		var cells sql.RawBytes
		if err := rows.Scan(&g.Month, &g.Account, &cells); err != nil {
			rows.Close()
			return nil, err
		}
		if !dirty[group{g.Month, g.Account}] {
			g.packed = keep(cells)
			if g.packed == nil {
				g.packed = []byte{}
			}
			kt.Groups = append(kt.Groups, g)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	if len(dirty) == 0 {
		return kt, nil
	}
	// Marked groups, kept or not yet (rows of a new month), come from
	// their rows, in their place in the order. Their rows are read after
	// the kept cells' statement is closed: on a store of one connection a
	// second statement would wait for the first.
	for g := range dirty {
		cells, err := s.groupRows(ctx, g.month, g.account)
		if err != nil {
			return nil, err
		}
		if len(cells) > 0 {
			kt.Groups = append(kt.Groups, KeptGroup{Month: g.month, Account: g.account, rows: cells})
		}
	}
	slices.SortFunc(kt.Groups, func(a, b KeptGroup) int {
		return cmpGroup(group{a.Month, a.Account}, group{b.Month, b.Account})
	})
	return kt, nil
}

// Cells hands each cell of g to each, with its strings' numbers; m is
// each's only while it runs. each must not use the store.
func (kt *KeptTotals) Cells(g *KeptGroup, each func(m *MonthTotal, ids CellStrings)) error {
	if g.packed == nil {
		for i := range g.rows {
			each(&g.rows[i], kt.Intern(&g.rows[i]))
		}
		return nil
	}
	if err := decodePacked(g.Month, g.Account, g.packed, kt.strs, each); err != nil {
		return fmt.Errorf("store: month totals: %d, account %d: %w", g.Month, g.Account, err)
	}
	return nil
}

// String is the string numbered id ("" for a number no string has).
func (kt *KeptTotals) String(id int32) string {
	if id <= 0 || int(id) >= len(kt.strs) {
		return ""
	}
	return kt.strs[id]
}

// ID is the number of s, if it has one.
func (kt *KeptTotals) ID(s string) (int32, bool) {
	kt.index()
	id, ok := kt.ids[s]
	return id, ok
}

// Intern numbers the strings of a month total computed elsewhere (the rows
// added since the totals were read), giving a string the cells do not
// name yet the next number.
func (kt *KeptTotals) Intern(m *MonthTotal) CellStrings {
	kt.index()
	return CellStrings{Currency: kt.intern(m.Currency), MerchantKey: kt.intern(m.MerchantKey),
		Category: kt.intern(m.Category), Merchant: kt.intern(m.Merchant)}
}

func (kt *KeptTotals) intern(s string) int32 {
	if id, ok := kt.ids[s]; ok {
		return id
	}
	if len(kt.strs) == 0 {
		kt.strs = append(kt.strs, "") // number 0 is no string's
	}
	id := int32(len(kt.strs))
	kt.strs = append(kt.strs, s)
	kt.ids[s] = id
	return id
}

// index numbers strs, once.
func (kt *KeptTotals) index() {
	if kt.ids != nil {
		return
	}
	kt.ids = make(map[string]int32, len(kt.strs))
	for i, s := range kt.strs {
		if s != "" {
			kt.ids[s] = int32(i)
		}
	}
	if kt.empty != 0 {
		kt.ids[""] = kt.empty
	}
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

// totalGroup names the cells of one month of one account.
type totalGroup struct {
	month   int
	account int64
}

// addedTotals are the month totals of the rows InsertTransactions inserted
// in the open write transaction, by group. A group a delete or an update
// also marked is recomputed from its rows instead, which counts them.
type addedTotals struct {
	groups map[totalGroup]map[totalKey]*MonthTotal
}

// add counts one inserted row, as groupRows would count it. A row is
// inserted with no transfer link.
func (a *addedTotals) add(t *NewTransaction, id int64, posted int, currency string) {
	g := totalGroup{month: posted / 100, account: t.AccountID}
	if a.groups == nil {
		a.groups = map[totalGroup]map[totalKey]*MonthTotal{}
	}
	cells := a.groups[g]
	if cells == nil {
		cells = map[totalKey]*MonthTotal{}
		a.groups[g] = cells
	}
	k := totalKey{currency: currency, merchantKey: t.MerchantKey, category: t.Category,
		sign: int8(cmp.Compare(t.Amount, 0)), pending: t.Pending}
	m := cells[k]
	if m == nil {
		cells[k] = &MonthTotal{Month: g.month, AccountID: g.account, Currency: currency, MerchantKey: t.MerchantKey,
			Merchant: t.Merchant, Category: t.Category, Sign: int(k.sign), Pending: t.Pending,
			Count: 1, Sum: t.Amount, Min: t.Amount, Max: t.Amount, First: posted, Last: posted, MaxID: id}
		return
	}
	merge(m, &MonthTotal{Merchant: t.Merchant, Count: 1, Sum: t.Amount, Min: t.Amount, Max: t.Amount,
		First: posted, Last: posted, MaxID: id})
}

// concurrentTotalsMin is the fewest rows whose month totals insertAll
// counts beside the insert rather than after it (a variable for the test
// that compares both ways).
var concurrentTotalsMin = 2048

// addCounted adds c, the totals of rows counted with their index in
// ids for an id, into a, and reports whether it could: a cell's MaxID is
// the id of its last row when the ids grow with the index, as the rowids
// of one write transaction's inserts do when no row sits at the largest
// rowid. Otherwise a is left as it was.
func (a *addedTotals) addCounted(c *addedTotals, ids []int64) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			return false
		}
	}
	if a.groups == nil {
		a.groups = map[totalGroup]map[totalKey]*MonthTotal{}
	}
	for g, cells := range c.groups {
		for _, m := range cells {
			m.MaxID = ids[m.MaxID]
		}
		into := a.groups[g]
		if into == nil {
			a.groups[g] = cells
			continue
		}
		for k, m := range cells {
			if n := into[k]; n != nil {
				merge(n, m)
			} else {
				into[k] = m
			}
		}
	}
	return true
}

// merge adds the rows n counts to the cell m of the same key.
func merge(m, n *MonthTotal) {
	m.Count += n.Count
	m.Sum += n.Sum
	m.Min, m.Max = min(m.Min, n.Min), max(m.Max, n.Max)
	m.First, m.Last = min(m.First, n.First), max(m.Last, n.Last)
	m.MaxID = max(m.MaxID, n.MaxID)
	// The greatest spelling, as SQL's MAX(merchant) picks it.
	m.Merchant = max(m.Merchant, n.Merchant)
}

// foldAdded returns the kept cells of g (packed, or nil for none) with the
// inserted rows' cells added, in groupRows' order.
func foldAdded(g totalGroup, packed []byte, strs []string, added map[totalKey]*MonthTotal) ([]MonthTotal, error) {
	var out []MonthTotal
	if packed != nil {
		if err := decodeCells(g.month, g.account, packed, strs, func(m MonthTotal) { out = append(out, m) }); err != nil {
			return nil, err
		}
	}
	at := make(map[totalKey]int, len(out))
	for i := range out {
		at[*keyOf(&out[i])] = i
	}
	for k, m := range added {
		if i, ok := at[k]; ok {
			merge(&out[i], m)
		} else {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b MonthTotal) int { return cmpKey(keyOf(&a), keyOf(&b)) })
	return out, nil
}

// markInserted marks the group of a row inserted outside InsertTransactions
// (an undone delete) for the recomputation, and moves the write generation,
// which no trigger does for inserts.
func (s *Store) markInserted(ctx context.Context, posted, account int64) error {
	if _, err := s.q.ExecContext(ctx, `INSERT OR IGNORE INTO month_totals_dirty (month, account_id) VALUES (?, ?)`, posted/100, account); err != nil {
		return err
	}
	_, err := s.q.ExecContext(ctx, `UPDATE data_generation SET n = n + 1`)
	return err
}
