package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"penny/merchant"
	"penny/money"
)

// Transaction is one money movement on an account.
type Transaction struct {
	ID          int64
	AccountID   int64
	AccountName string
	ExternalID  string // FITID, SimpleFIN id...; "" when the source gives none
	Posted      time.Time
	Transacted  time.Time // zero when unknown
	Amount      money.Amount
	Payee       string
	Memo        string
	// MerchantKey and Merchant say who was paid (package merchant): the key
	// is the same for every descriptor of one merchant, Merchant is its
	// display name.
	MerchantKey string
	Merchant    string
	Category    string
	Pending     bool
	// ReplacesExternalID names the pending row this posted row replaced.
	ReplacesExternalID string
	TransferID         int64 // the other side of a transfer between own accounts; 0 if none
	ContentKey         []byte
	Ordinal            int
	RawID              int64
	Created            time.Time
}

// NewTransaction is what a caller gives to insert a transaction. The store
// computes the content key; the caller numbers identical rows with Ordinal
// (see AssignOrdinals), since only the source knows which rows are the same
// ones it sent before.
type NewTransaction struct {
	AccountID          int64
	ExternalID         string
	Posted             time.Time
	Transacted         time.Time
	Amount             int64
	Currency           string
	Payee              string
	Memo               string
	MerchantKey        string
	Merchant           string
	Category           string
	Pending            bool
	ReplacesExternalID string
	RawID              int64
	Ordinal            int
	// ContentKey may be set by the caller when it computed it already
	// (AssignOrdinals does); nil means the store computes it.
	ContentKey []byte
}

// AssignOrdinals numbers rows that share an account and a content key 0, 1,
// 2... in slice order, so two identical coffees on one day stay two.
func AssignOrdinals(txs []NewTransaction) {
	type k struct {
		account int64
		key     string
	}
	seen := make(map[k]int)
	for i := range txs {
		t := &txs[i]
		t.ContentKey = ContentKey(t.Posted, t.Amount, t.Currency, t.Payee, t.Memo)
		key := k{t.AccountID, string(t.ContentKey)}
		t.Ordinal = seen[key]
		seen[key]++
	}
}

// NormalizePayee folds a bank description for matching and search: lower
// case, punctuation to spaces, runs of spaces collapsed.
func NormalizePayee(s string) string {
	// Bank text is mostly ASCII: a byte at a time, without the rune
	// decoding and the Unicode tables, into one allocation. The loop is
	// the general one's for ASCII letters, digits and the rest.
	if out, ok := normalizeASCII(s); ok {
		return out
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// normalizeASCII is NormalizePayee for text of ASCII bytes alone; ok is
// false for any other text.
func normalizeASCII(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b.WriteByte(c)
			space = false
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	out := b.String()
	if space && out != "" {
		out = out[:len(out)-1]
	}
	return out, true
}

// ContentKey identifies a transaction by what it says when the source gives no
// id: date, amount, normalized payee and memo. Two identical rows share a key
// and are told apart by their ordinal. The key starts with the date, so the
// keys of a statement sort in date order (index inserts stay local), and ends
// with 8 bytes of SHA-256, which make a chance collision between two rows of
// one account on one day out of the question.
func ContentKey(posted time.Time, amount int64, currency, payee, memo string) []byte {
	return ContentKeyNormalized(posted, amount, currency, NormalizePayee(payee), NormalizePayee(memo))
}

// ContentKeyNormalized is ContentKey for a payee and memo already passed
// through NormalizePayee, for callers that need the normalized text anyway.
func ContentKeyNormalized(posted time.Time, amount int64, currency, normPayee, normMemo string) []byte {
	// The hashed text, amount NUL currency NUL payee NUL memo, is put
	// together on the stack for most rows: an import hashes every row,
	// and a hash.Hash took an allocation per call and a copy per string.
	var buf [256]byte
	msg := strconv.AppendInt(buf[:0], amount, 10)
	msg = append(msg, 0)
	msg = append(msg, strings.ToUpper(currency)...)
	msg = append(msg, 0)
	msg = append(msg, normPayee...)
	msg = append(msg, 0)
	msg = append(msg, normMemo...)
	sum := sha256.Sum256(msg)
	key := make([]byte, contentKeyLen)
	binary.BigEndian.PutUint32(key, uint32(DateInt(posted)))
	copy(key[4:], sum[:8])
	return key
}

// InsertTransactions adds transactions in one database transaction and
// returns their ids in order. A row whose (account, external id) or
// (account, content key, ordinal) is taken gives ErrConflict and nothing is
// inserted.
func (s *Store) InsertTransactions(ctx context.Context, txs []NewTransaction) ([]int64, error) {
	// A caller that did not say who was paid (the import engine always does)
	// gets package merchant's reading of the descriptor, so every row has a
	// merchant key for the reports.
	for i := range txs {
		if t := &txs[i]; t.MerchantKey == "" && t.Merchant == "" {
			desc := t.Payee
			if strings.TrimSpace(desc) == "" {
				desc = t.Memo
			}
			m := merchant.Identify(desc)
			t.MerchantKey, t.Merchant = m.Key, m.Name
		}
	}
	ids := make([]int64, 0, len(txs))
	err := s.WithTx(ctx, func(tx *Store) error {
		if len(txs) == 0 {
			return nil
		}
		// All or nothing: a call that fails leaves none of its rows, so
		// a caller that goes on in the same transaction finds the rows,
		// the kept balances and the month totals as they were.
		if _, err := tx.q.ExecContext(ctx, `SAVEPOINT insert_transactions`); err != nil {
			return err
		}
		if err := tx.insertAll(ctx, txs, &ids); err != nil {
			ids = ids[:0]
			_, rerr := tx.q.ExecContext(context.WithoutCancel(ctx), `ROLLBACK TO insert_transactions; RELEASE insert_transactions`)
			return errors.Join(err, rerr)
		}
		_, err := tx.q.ExecContext(ctx, `RELEASE insert_transactions`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: insert transactions: %w", err)
	}
	return ids, nil
}

// insertAll inserts txs in the open transaction, appending their ids to
// ids, and brings the kept balances, the month totals and the write
// generation along.
func (s *Store) insertAll(ctx context.Context, txs []NewTransaction, ids *[]int64) error {
	// The write generation moves by the rows written, as the triggers of
	// updates and deletes move it.
	if _, err := s.q.ExecContext(ctx, `UPDATE data_generation SET n = n + ?`, len(txs)); err != nil {
		return err
	}
	created := s.now().Unix()
	// The rows' month totals are counted on another core while SQLite
	// inserts them, with each row's index standing for its id until the
	// ids are known.
	var counted chan *addedTotals
	if s.added != nil && len(txs) >= concurrentTotalsMin {
		counted = make(chan *addedTotals, 1)
		go func() {
			var c addedTotals
			for i := range txs {
				t := &txs[i]
				c.add(t, int64(i), int(DateInt(t.Posted)), strings.ToUpper(t.Currency))
			}
			counted <- &c
		}()
	}
	// The rows go through SQLite's handle when it can be reached; a batch
	// that fails there is tried again through database/sql, which names
	// the row at fault.
	done, _, err := s.insertDirect(ctx, txs, created, ids)
	if err == nil || ctx.Err() == nil {
		err = s.insertThroughSQL(ctx, txs, done, created, ids)
	}
	var c *addedTotals
	if counted != nil {
		c = <-counted
	}
	if err != nil {
		return err
	}
	type delta struct{ posted, pending, count int64 }
	deltas := map[int64]*delta{}
	for i := range txs {
		t := &txs[i]
		d := deltas[t.AccountID]
		if d == nil {
			d = &delta{}
			deltas[t.AccountID] = d
		}
		d.count++
		if t.Pending {
			d.pending += t.Amount
		} else {
			d.posted += t.Amount
		}
	}
	for id, d := range deltas {
		res, err := s.q.ExecContext(ctx, `UPDATE accounts SET balance_minor = balance_minor + ?,
			pending_minor = pending_minor + ?, tx_count = tx_count + ? WHERE id = ?`, d.posted, d.pending, d.count, id)
		if err := checkOne(res, err, "update balance"); err != nil {
			return err
		}
	}
	// Last, as nothing can fail after it: the rows' month totals, which
	// WithTx folds into the kept ones.
	if c != nil && s.added.addCounted(c, *ids) {
		return nil
	}
	for i := range txs {
		t := &txs[i]
		if s.added != nil {
			s.added.add(t, (*ids)[i], int(DateInt(t.Posted)), strings.ToUpper(t.Currency))
		} else if err := s.markInserted(ctx, DateInt(t.Posted), t.AccountID); err != nil {
			// A transaction WithTx did not open (a migration's) has
			// nobody to fold the rows' totals: their groups are marked
			// for the recomputation instead.
			return err
		}
	}
	return nil
}

// insertThroughSQL inserts txs[from:] through database/sql, appending their
// ids to ids.
func (s *Store) insertThroughSQL(ctx context.Context, txs []NewTransaction, from int, created int64, ids *[]int64) error {
	if from >= len(txs) {
		return nil
	}
	// Rows go in batches of insertBatch per statement: each statement
	// execution has a fixed cost in the driver, which dominated row by
	// row inserts.
	batch, err := s.q.PrepareContext(ctx, insertSQL(insertBatch))
	if err != nil {
		return err
	}
	defer batch.Close()
	single, err := s.q.PrepareContext(ctx, insertSQL(1))
	if err != nil {
		return err
	}
	defer single.Close()
	args := make([]any, 0, insertBatch*insertColumns)
	for start := from; start < len(txs); start += insertBatch {
		end := min(start+insertBatch, len(txs))
		args = args[:0]
		for i := start; i < end; i++ {
			args = appendInsertArgs(args, &txs[i], created)
		}
		if end-start == insertBatch {
			res, err := batch.ExecContext(ctx, args...)
			if err != nil {
				// The failed statement changed nothing; find the
				// culprit row by row for a precise message.
				return s.insertRowByRow(ctx, single, txs, start, end, created, err)
			}
			last, err := res.LastInsertId()
			if err != nil {
				return err
			}
			// One INSERT gives its rows consecutive rowids.
			for i := start; i < end; i++ {
				id := last - int64(end-1-i)
				*ids = append(*ids, id)
			}
			continue
		}
		for i := start; i < end; i++ {
			res, err := single.ExecContext(ctx, args[(i-start)*insertColumns:(i-start+1)*insertColumns]...)
			if err != nil {
				return rowError(txs, i, err)
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			*ids = append(*ids, id)
		}
	}
	return nil
}

const (
	insertBatch   = 128
	insertColumns = 17
)

// insertInto is the INSERT of the columns insertColumns counts, up to
// VALUES.
const insertInto = `INSERT INTO transactions (account_id, external_id, posted, transacted, amount_minor, currency,
		payee, memo, merchant_key, merchant, category, pending, replaces_external_id, content_key, ordinal, raw_id, created) VALUES `

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString(insertInto)
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

func appendInsertArgs(args []any, t *NewTransaction, created int64) []any {
	var v [insertColumns]colValue
	rowValues(&v, t, created)
	for i := range v {
		args = append(args, v[i].value())
	}
	return args
}

// insertRowByRow inserts the rows of a batch that failed one at a time, to
// name the row that fails (InsertTransactions then rolls all of its rows
// back).
func (s *Store) insertRowByRow(ctx context.Context, single *sql.Stmt, txs []NewTransaction, start, end int, created int64, batchErr error) error {
	for i := start; i < end; i++ {
		if _, err := single.ExecContext(ctx, appendInsertArgs(nil, &txs[i], created)...); err != nil {
			return rowError(txs, i, err)
		}
	}
	return batchErr
}

func rowError(txs []NewTransaction, i int, err error) error {
	t := &txs[i]
	return fmt.Errorf("row %d (%s %s): %w", i+1, t.Posted.Format(DateLayout), t.ExternalID, mapErr(err))
}

// LinkTransfer marks two transactions as the two sides of one transfer
// between the user's own accounts.
func (s *Store) LinkTransfer(ctx context.Context, a, b int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		for _, p := range [][2]int64{{a, b}, {b, a}} {
			res, err := tx.q.ExecContext(ctx, `UPDATE transactions SET transfer_id = ? WHERE id = ?`, p[1], p[0])
			if err := checkOne(res, err, "store: link transfer"); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetCategory changes the category of one transaction.
func (s *Store) SetCategory(ctx context.Context, id int64, category string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE transactions SET category = ? WHERE id = ?`, category, id)
		return checkOne(res, err, "store: set category")
	})
}

// DeleteTransaction removes a transaction and leaves a tombstone, so that no
// later import brings it back. reason says why ("deleted", "merged",
// "replaced").
func (s *Store) DeleteTransaction(ctx context.Context, id int64, reason string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `INSERT INTO tombstones (account_id, external_id, content_key, ordinal, reason, created)
			SELECT account_id, external_id, content_key, ordinal, ?, ? FROM transactions WHERE id = ?`,
			reason, stamp(tx.now()), id)
		if err := checkOne(res, err, "store: delete transaction"); err != nil {
			return err
		}
		res, err = tx.q.ExecContext(ctx, `DELETE FROM transactions WHERE id = ?`, id)
		return checkOne(res, err, "store: delete transaction")
	})
}

// TxQuery filters and pages the transaction list. Zero fields do not filter.
type TxQuery struct {
	AccountIDs []int64
	Since      time.Time // first posted date included
	Until      time.Time // last posted date included
	Category   string    // exact, any case
	Payee      string    // every word of it appears in the payee, any case
	Pending    *bool
	MinMinor   *int64 // amount range, inclusive, signed
	MaxMinor   *int64
	Limit      int
	Offset     int
	Oldest     bool // oldest first instead of newest first
	// Lean leaves out what only showing a row and de-duplicating need:
	// AccountName, MerchantKey, Merchant, ReplacesExternalID, ContentKey,
	// Ordinal and RawID are zero. Reading a long window of rows (the
	// alerts') costs about a third less without them and the join that
	// names the account.
	Lean bool
}

const txColumns = `t.id, t.account_id, a.name, t.external_id, t.posted, t.transacted, t.amount_minor, t.currency,
	t.payee, t.memo, t.merchant_key, t.merchant, t.category, t.pending, t.replaces_external_id, t.transfer_id,
	t.content_key, t.ordinal, t.raw_id, t.created`

// txLeanColumns are txColumns with constants for what TxQuery.Lean leaves
// out, in the same places, so one reader reads both.
const txLeanColumns = `t.id, t.account_id, '', t.external_id, t.posted, t.transacted, t.amount_minor, t.currency,
	t.payee, t.memo, '', '', t.category, t.pending, '', t.transfer_id,
	NULL, 0, 0, t.created`

func (q TxQuery) where() (string, []any) {
	var f filter
	f.scope(q.AccountIDs, q.Since, q.Until)
	if q.Category != "" {
		f.add("t.category = ? COLLATE NOCASE", q.Category)
	}
	// Words, not the raw string, so "blue-bottle" finds "SQ *BLUE BOTTLE".
	// SQLite's lower() folds ASCII only, which is what bank payees mostly are;
	// the chat's full-text index will do better.
	for _, w := range strings.Fields(NormalizePayee(q.Payee)) {
		f.add("instr(lower(t.payee), ?) > 0", w)
	}
	if q.Pending != nil {
		// A literal: the partial index of pending rows fits it
		// whatever value a statement is bound to.
		if *q.Pending {
			f.add("t.pending = 1")
		} else {
			f.add("t.pending = 0")
		}
	}
	if q.MinMinor != nil {
		f.add("t.amount_minor >= ?", *q.MinMinor)
	}
	if q.MaxMinor != nil {
		f.add("t.amount_minor <= ?", *q.MaxMinor)
	}
	return f.where()
}

// Transactions lists transactions matching q, newest first unless q.Oldest.
func (s *Store) Transactions(ctx context.Context, q TxQuery) ([]Transaction, error) {
	where, args := q.where()
	query := `SELECT ` + txColumns + ` FROM transactions t JOIN accounts a ON a.id = t.account_id` + where
	if q.Lean {
		query = `SELECT ` + txLeanColumns + ` FROM transactions t` + where
	}
	// Without a limit the rows are put in order here: SQLite's ORDER BY
	// copies every row, all twenty columns, into its sorter first (at a
	// million transactions, a third of reading the alerts' window).
	sorted := q.Limit > 0 || q.Offset > 0
	if sorted {
		if q.Oldest {
			query += " ORDER BY t.posted, t.id"
		} else {
			query += " ORDER BY t.posted DESC, t.id DESC"
		}
		limit := q.Limit
		if limit <= 0 {
			limit = -1
		}
		query += " LIMIT ? OFFSET ?"
		args = append(args, limit, q.Offset)
	}
	out, ok, err := s.transactionsDirect(ctx, query, args)
	if !ok {
		out, err = s.transactionsSQL(ctx, query, args)
	} else if err != nil {
		err = fmt.Errorf("store: transactions: %w", mapErr(err))
	}
	if err != nil || sorted {
		return out, err
	}
	return sortByPosted(out, q.Oldest), nil
}

// sortByPosted puts rows in the order of ORDER BY t.posted, t.id (reversed
// unless oldest), which is total: ids are unique. Rows of one account come
// from its index in that order already.
func sortByPosted(rows []Transaction, oldest bool) []Transaction {
	less := func(a, b *Transaction) int {
		c := a.Posted.Compare(b.Posted)
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if !oldest {
			c = -c
		}
		return c
	}
	sorted := true
	for i := 1; i < len(rows) && sorted; i++ {
		sorted = less(&rows[i-1], &rows[i]) < 0
	}
	if sorted {
		return rows
	}
	// Sorting positions and copying each row once moves less than
	// swapping rows of twenty fields.
	idx := make([]int32, len(rows))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(i, j int32) int { return less(&rows[i], &rows[j]) })
	out := make([]Transaction, len(rows))
	for k, i := range idx {
		out[k] = rows[i]
	}
	return out
}

// transactionsSQL reads the rows of a query of txColumns through
// database/sql.
func (s *Store) transactionsSQL(ctx context.Context, query string, args []any) ([]Transaction, error) {
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: transactions: %w", err)
	}
	defer rows.Close()
	var out []Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, fmt.Errorf("store: transactions: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: transactions: %w", err)
	}
	return out, nil
}

// Transaction returns one transaction by id, or ErrNotFound.
func (s *Store) Transaction(ctx context.Context, id int64) (Transaction, error) {
	t, err := scanTransaction(s.q.QueryRowContext(ctx, `SELECT `+txColumns+`
		FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE t.id = ?`, id))
	if err != nil {
		return Transaction{}, fmt.Errorf("store: transaction %d: %w", id, err)
	}
	return t, nil
}

// TransactionByExternalID finds a transaction by its source id in an account.
func (s *Store) TransactionByExternalID(ctx context.Context, accountID int64, externalID string) (Transaction, error) {
	t, err := scanTransaction(s.q.QueryRowContext(ctx, `SELECT `+txColumns+`
		FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE t.account_id = ? AND t.external_id = ?`,
		accountID, externalID))
	if err != nil {
		return Transaction{}, fmt.Errorf("store: transaction %q: %w", externalID, err)
	}
	return t, nil
}

// CountTransactions counts the transactions matching q (its paging ignored).
func (s *Store) CountTransactions(ctx context.Context, q TxQuery) (int64, error) {
	where, args := q.where()
	var n int64
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions t`+where, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count transactions: %w", err)
	}
	return n, nil
}

// SumByCurrency adds up the amounts of the transactions matching q, one total
// per currency.
func (s *Store) SumByCurrency(ctx context.Context, q TxQuery) (map[string]int64, error) {
	where, args := q.where()
	rows, err := s.q.QueryContext(ctx, `SELECT t.currency, SUM(t.amount_minor) FROM transactions t`+where+` GROUP BY t.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sum: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var c string
		var v int64
		if err := rows.Scan(&c, &v); err != nil {
			return nil, fmt.Errorf("store: sum: %w", err)
		}
		out[c] = v
	}
	return out, rows.Err()
}

func scanTransaction(sc interface{ Scan(...any) error }) (Transaction, error) {
	var (
		t                 Transaction
		posted            int64
		transacted        sql.NullInt64
		amount, created   int64
		currency          string
		transferID, rawID sql.NullInt64
	)
	err := sc.Scan(&t.ID, &t.AccountID, &t.AccountName, &t.ExternalID, &posted, &transacted, &amount, &currency,
		&t.Payee, &t.Memo, &t.MerchantKey, &t.Merchant, &t.Category, &t.Pending, &t.ReplacesExternalID, &transferID,
		&t.ContentKey, &t.Ordinal, &rawID, &created)
	if err != nil {
		return Transaction{}, mapErr(err)
	}
	t.Posted = IntDate(posted)
	if transacted.Valid {
		t.Transacted = time.Unix(transacted.Int64, 0).UTC()
	}
	t.Amount = money.Amount{Minor: amount, Currency: currency}
	t.TransferID = transferID.Int64
	t.RawID = rawID.Int64
	t.Created = time.Unix(created, 0).UTC()
	return t, nil
}

// Keys are the identities of an account's transactions, for de-duplicating
// an import in memory instead of one query per row.
type Keys struct {
	// ExternalIDs maps each external id to its transaction.
	ExternalIDs map[string]KeyRow
	// Content holds the content key + ordinal of every row without an
	// external id (as ContentIndex builds them).
	Content map[ContentID]int64
	// Loose counts rows by posted day, amount and merchant key, apart for
	// rows with and without an external id: the same account exported as
	// OFX (with ids) and as CSV (without) prints different descriptors for
	// one row, and only these three agree.
	// Counted through AddLoose and TakeOther, which keep the sums below;
	// read through LooseCounts.
	loose map[LooseKey]*LooseCount
	// unfolded are the rows AddLoose counted that loose does not hold yet:
	// most imports never look a row up (looseWithID or looseWithoutID is
	// 0), so a first import of 100,000 rows builds no map of them.
	unfolded []looseRow
	// looseWithID and looseWithoutID are the sums of the loose counts: with
	// none on the other side, a row has nothing to be looked up against
	// (a first import, or an account only ever imported in one format).
	looseWithID, looseWithoutID int
}

type looseRow struct {
	key    LooseKey
	withID bool
}

// AddLoose counts a row under lk, with or without an external id.
func (k *Keys) AddLoose(lk LooseKey, withID bool) {
	k.unfolded = append(k.unfolded, looseRow{lk, withID})
	if withID {
		k.looseWithID++
	} else {
		k.looseWithoutID++
	}
}

// LooseCounts returns the rows counted by posted day, amount and merchant
// key.
func (k *Keys) LooseCounts() map[LooseKey]*LooseCount {
	if k.loose == nil {
		k.loose = make(map[LooseKey]*LooseCount, len(k.unfolded))
	}
	for _, r := range k.unfolded {
		lc := k.loose[r.key]
		if lc == nil {
			lc = &LooseCount{}
			k.loose[r.key] = lc
		}
		if r.withID {
			lc.WithID++
		} else {
			lc.WithoutID++
		}
	}
	k.unfolded = k.unfolded[:0]
	return k.loose
}

// TakeOther uses up a row counted under lk of the other kind than a row
// with (withID) or without an external id, and reports whether there was
// one: the same row from an export of the other format.
func (k *Keys) TakeOther(lk LooseKey, withID bool) bool {
	if withID && k.looseWithoutID == 0 || !withID && k.looseWithID == 0 {
		return false
	}
	lc := k.LooseCounts()[lk]
	switch {
	case lc == nil:
		return false
	case withID && lc.WithoutID > 0:
		lc.WithoutID--
		k.looseWithoutID--
		return true
	case !withID && lc.WithID > 0:
		lc.WithID--
		k.looseWithID--
		return true
	}
	return false
}

// Grow makes room for ext more external ids, content more content keys and
// loose more loose keys, so a large statement's rows go in without the maps
// rehashing as they double.
func (k *Keys) Grow(ext, content, loose int) {
	k.ExternalIDs = growMap(k.ExternalIDs, ext)
	k.Content = growMap(k.Content, content)
	k.unfolded = slices.Grow(k.unfolded, loose)
}

func growMap[K comparable, V any](m map[K]V, more int) map[K]V {
	// Go maps cannot be grown in place: a small map is copied into one of
	// the final size, a large one is left to grow (the copy would cost
	// what it saves).
	if more < 1024 || len(m) > more {
		return m
	}
	out := make(map[K]V, len(m)+more)
	maps.Copy(out, m)
	return out
}

// LooseKey is what two exports of one row agree on.
type LooseKey struct {
	Posted   int64 // yyyymmdd
	Amount   int64
	Merchant string // merchant key
}

// LooseCount counts the rows of one LooseKey.
type LooseCount struct {
	WithID, WithoutID int
}

// KeyRow is what de-duplication needs to know about an existing row.
type KeyRow struct {
	ID      int64
	Pending bool
}

// ContentID is the map key for a content key and an ordinal (as
// ContentIndex builds it). A content key is 12 bytes, held in place: an
// import looks up every row, and a key of fixed size hashes and compares
// without a string of its own. A key of another length (none that Penny
// writes) is held as a string beside it, so it is still told apart.
type ContentID struct {
	key     [contentKeyLen]byte
	other   string
	ordinal int
}

const contentKeyLen = 12

// ContentIndex is the map key for a content key and an ordinal.
func ContentIndex(key []byte, ordinal int) ContentID {
	id := ContentID{ordinal: ordinal}
	if len(key) == contentKeyLen {
		id.key = [contentKeyLen]byte(key)
	} else {
		id.other = string(key)
	}
	return id
}

// NonTransferPayees returns the payees of those of the given transactions
// that are not a side of a transfer, in no particular order.
func (s *Store) NonTransferPayees(ctx context.Context, ids []int64) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: payees: %w", err)
	}
	return s.payees(ctx, `SELECT payee FROM transactions
		WHERE transfer_id IS NULL AND id IN (SELECT value FROM json_each(?))`, string(list))
}

// NonTransferPayeesBefore returns the distinct payees of the rows posted
// before day (yyyymmdd) that are not a side of a transfer, in no particular
// order.
func (s *Store) NonTransferPayeesBefore(ctx context.Context, day int64) ([]string, error) {
	return s.payees(ctx, `SELECT DISTINCT payee FROM transactions WHERE transfer_id IS NULL AND posted < ?`, day)
}

// TransferSides returns the ids of the rows that are a side of a transfer,
// through the index that holds only them.
func (s *Store) TransferSides(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM transactions WHERE transfer_id IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("store: transfer sides: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: transfer sides: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: transfer sides: %w", err)
	}
	return out, nil
}

// payees runs a query of one text column and returns its values.
func (s *Store) payees(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: payees: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("store: payees: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: payees: %w", err)
	}
	return out, nil
}

// TransactionKeys loads the identities of every transaction of an account.
func (s *Store) TransactionKeys(ctx context.Context, accountID int64) (Keys, error) {
	k := NewKeys()
	err := s.scanKeys(ctx, &k, nil, keysSelect+`WHERE account_id = ?`, accountID)
	return k, err
}

// keysSelect reads what scanKeys scans; the caller adds the WHERE clause.
const keysSelect = `SELECT id, external_id, content_key, ordinal, pending, posted, amount_minor, merchant_key FROM transactions `

// NewKeys returns empty Keys.
func NewKeys() Keys {
	return Keys{ExternalIDs: map[string]KeyRow{}, Content: map[ContentID]int64{}}
}

// KeyQuery names the rows an import needs to compare its rows with: those
// with one of its external ids, one of its content keys, or on one of its
// posted days (what Keys.Loose counts).
type KeyQuery struct {
	ExternalIDs []string
	ContentKeys [][]byte
	Days        []int64 // yyyymmdd
}

// AddTransactionKeys adds to k the identities of the account's
// transactions that q names, through the indexes: an import of a few
// rows into a long history reads a few rows, not all of them. seen holds
// the ids of the rows k already has, so a row asked for twice (by its id
// and its day, or by two statements of one import) is counted once.
//
// An account with no rows is one lookup; a statement about as large as
// the account (the first import of a file, or the same file again) reads
// the account's rows in one pass, which costs less than looking each up.
func (s *Store) AddTransactionKeys(ctx context.Context, accountID int64, q KeyQuery, k *Keys, seen map[int64]bool) error {
	var any bool
	var stored int64
	if err := s.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM transactions WHERE account_id = ?),
		COALESCE((SELECT tx_count FROM accounts WHERE id = ?), 0)`, accountID, accountID).Scan(&any, &stored); err != nil {
		return fmt.Errorf("store: transaction keys: %w", err)
	}
	if !any {
		return nil
	}
	// The count only picks the way; either reads every row q names.
	if int64(len(q.ExternalIDs)+len(q.ContentKeys)) >= stored/2 {
		return s.scanKeys(ctx, k, seen, keysSelect+`WHERE account_id = ?`, accountID)
	}
	if len(q.ExternalIDs) > 0 {
		ids, err := json.Marshal(q.ExternalIDs)
		if err != nil {
			return fmt.Errorf("store: transaction keys: %w", err)
		}
		if err := s.scanKeys(ctx, k, seen, keysSelect+`WHERE account_id = ? AND external_id <> ''
			AND external_id IN (SELECT value FROM json_each(?))`, accountID, string(ids)); err != nil {
			return err
		}
	}
	if len(q.ContentKeys) > 0 {
		hexKeys := make([]string, len(q.ContentKeys))
		for i, c := range q.ContentKeys {
			hexKeys[i] = hex.EncodeToString(c)
		}
		keys, err := json.Marshal(hexKeys)
		if err != nil {
			return fmt.Errorf("store: transaction keys: %w", err)
		}
		if err := s.scanKeys(ctx, k, seen, keysSelect+`WHERE account_id = ? AND external_id = ''
			AND content_key IN (SELECT unhex(value) FROM json_each(?))`, accountID, string(keys)); err != nil {
			return err
		}
	}
	if len(q.Days) > 0 {
		days, err := json.Marshal(q.Days)
		if err != nil {
			return fmt.Errorf("store: transaction keys: %w", err)
		}
		if err := s.scanKeys(ctx, k, seen, keysSelect+`WHERE account_id = ?
			AND posted IN (SELECT value FROM json_each(?))`, accountID, string(days)); err != nil {
			return err
		}
	}
	return nil
}

// scanKeys adds the rows query returns to k, skipping (and then marking)
// those in seen when seen is not nil.
func (s *Store) scanKeys(ctx context.Context, k *Keys, seen map[int64]bool, query string, args ...any) error {
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: transaction keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id      int64
			ext     string
			key     []byte
			ord     int
			pending bool
			lk      LooseKey
		)
		if err := rows.Scan(&id, &ext, &key, &ord, &pending, &lk.Posted, &lk.Amount, &lk.Merchant); err != nil {
			return fmt.Errorf("store: transaction keys: %w", err)
		}
		if seen != nil {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		k.AddLoose(lk, ext != "")
		if ext != "" {
			k.ExternalIDs[ext] = KeyRow{ID: id, Pending: pending}
		} else {
			k.Content[ContentIndex(key, ord)] = id
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: transaction keys: %w", err)
	}
	return nil
}

// TombstoneKeys loads the tombstones of an account as two sets: external ids
// and content indexes (ContentIndex).
func (s *Store) TombstoneKeys(ctx context.Context, accountID int64) (ext map[string]bool, content map[ContentID]bool, err error) {
	ext, content = map[string]bool{}, map[ContentID]bool{}
	rows, err := s.q.QueryContext(ctx, `SELECT external_id, content_key, ordinal FROM tombstones WHERE account_id = ?`, accountID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: tombstone keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		var key []byte
		var ord int
		if err := rows.Scan(&e, &key, &ord); err != nil {
			return nil, nil, fmt.Errorf("store: tombstone keys: %w", err)
		}
		if e != "" {
			ext[e] = true
		} else {
			content[ContentIndex(key, ord)] = true
		}
	}
	return ext, content, rows.Err()
}

// PostPending turns a pending row into its posted version in place: the
// source kept the id and the row settled, perhaps for another amount.
func (s *Store) PostPending(ctx context.Context, id int64, posted time.Time, amount int64, payee, memo string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE transactions SET pending = 0, posted = ?, amount_minor = ?,
			payee = ?, memo = ? WHERE id = ? AND pending = 1`, DateInt(posted), amount, payee, memo, id)
		return checkOne(res, err, "store: post pending")
	})
}

// BalanceAsOf is the account's opening balance plus every posted
// transaction up to and including day.
func (s *Store) BalanceAsOf(ctx context.Context, accountID int64, day time.Time) (int64, error) {
	var balance, sum int64
	// The kept balance less the posted rows after day: a reconciliation
	// asks about a recent day, and the rows after it are few where the
	// rows up to it are the whole history.
	err := s.q.QueryRowContext(ctx, `SELECT balance_minor, (SELECT COALESCE(SUM(amount_minor), 0) FROM transactions
		WHERE account_id = accounts.id AND pending = 0 AND posted > ?) FROM accounts WHERE id = ?`,
		DateInt(day), accountID).Scan(&balance, &sum)
	if err != nil {
		return 0, fmt.Errorf("store: balance as of %s: %w", day.Format(DateLayout), mapErr(err))
	}
	return balance - sum, nil
}

// TransferCandidate is an unlinked posted row that could be one side of a
// transfer.
type TransferCandidate struct {
	ID        int64
	AccountID int64
	Posted    time.Time
	Amount    int64
	Currency  string
	Payee     string
	Memo      string
	Category  string
}

// UnlinkedBetween lists posted, non-transfer rows of every account dated in
// [from, to] whose amount is one of amounts, for transfer matching. The
// amounts are what the new rows' other sides would be: in a long history
// the dates alone hold thousands of rows no new row can pair with.
func (s *Store) UnlinkedBetween(ctx context.Context, from, to time.Time, amounts []int64) ([]TransferCandidate, error) {
	list, err := json.Marshal(amounts)
	if err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, account_id, posted, amount_minor, currency, payee, memo, category FROM transactions
		WHERE account_id IN (SELECT id FROM accounts) AND posted BETWEEN ? AND ? AND pending = 0 AND transfer_id IS NULL
		AND amount_minor IN (SELECT value FROM json_each(?))`,
		DateInt(from), DateInt(to), string(list))
	if err != nil {
		return nil, fmt.Errorf("store: transfer candidates: %w", err)
	}
	defer rows.Close()
	var out []TransferCandidate
	for rows.Next() {
		var c TransferCandidate
		var posted int64
		if err := rows.Scan(&c.ID, &c.AccountID, &posted, &c.Amount, &c.Currency, &c.Payee, &c.Memo, &c.Category); err != nil {
			return nil, fmt.Errorf("store: transfer candidates: %w", err)
		}
		c.Posted = IntDate(posted)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PendingRows lists an account's pending transactions.
func (s *Store) PendingRows(ctx context.Context, accountID int64) ([]Transaction, error) {
	yes := true
	return s.Transactions(ctx, TxQuery{AccountIDs: []int64{accountID}, Pending: &yes, Oldest: true})
}
