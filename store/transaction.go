package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

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
	PayeeNorm   string
	Memo        string
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
	Category           string
	Pending            bool
	ReplacesExternalID string
	RawID              int64
	Ordinal            int
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
		key := k{t.AccountID, string(ContentKey(t.Posted, t.Amount, t.Currency, t.Payee, t.Memo))}
		t.Ordinal = seen[key]
		seen[key]++
	}
}

// NormalizePayee folds a bank description for matching and search: lower
// case, punctuation to spaces, runs of spaces collapsed.
func NormalizePayee(s string) string {
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

// ContentKey identifies a transaction by what it says when the source gives no
// id: date, amount, normalized payee and memo. Two identical rows share a key
// and are told apart by their ordinal. 12 bytes of SHA-256 make a chance
// collision within one account out of the question.
func ContentKey(posted time.Time, amount int64, currency, payee, memo string) []byte {
	h := sha256.New()
	h.Write([]byte(posted.Format(DateLayout)))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, amount, 10))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToUpper(currency)))
	h.Write([]byte{0})
	h.Write([]byte(NormalizePayee(payee)))
	h.Write([]byte{0})
	h.Write([]byte(NormalizePayee(memo)))
	return h.Sum(nil)[:12]
}

// InsertTransactions adds transactions in one database transaction and
// returns their ids in order. A row whose (account, external id) or
// (account, content key, ordinal) is taken gives ErrConflict and nothing is
// inserted.
func (s *Store) InsertTransactions(ctx context.Context, txs []NewTransaction) ([]int64, error) {
	ids := make([]int64, 0, len(txs))
	err := s.WithTx(ctx, func(tx *Store) error {
		stmt, err := tx.q.PrepareContext(ctx, `INSERT INTO transactions
			(account_id, external_id, posted, transacted, amount_minor, currency, payee, payee_norm, memo,
			 category, pending, replaces_external_id, content_key, ordinal, raw_id, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		created := tx.now().Unix()
		type delta struct{ posted, pending, count int64 }
		deltas := map[int64]*delta{}
		for i := range txs {
			t := &txs[i]
			var transacted, raw any
			if !t.Transacted.IsZero() {
				transacted = t.Transacted.UTC().Format(time.RFC3339)
			}
			if t.RawID != 0 {
				raw = t.RawID
			}
			cur := strings.ToUpper(t.Currency)
			key := ContentKey(t.Posted, t.Amount, cur, t.Payee, t.Memo)
			res, err := stmt.ExecContext(ctx, t.AccountID, t.ExternalID, t.Posted.Format(DateLayout), transacted,
				t.Amount, cur, t.Payee, NormalizePayee(t.Payee), t.Memo, t.Category, t.Pending,
				t.ReplacesExternalID, key, t.Ordinal, raw, created)
			if err != nil {
				return fmt.Errorf("row %d (%s %s): %w", i+1, t.Posted.Format(DateLayout), t.ExternalID, mapErr(err))
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			ids = append(ids, id)
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
			res, err := tx.q.ExecContext(ctx, `UPDATE accounts SET balance_minor = balance_minor + ?,
				pending_minor = pending_minor + ?, tx_count = tx_count + ? WHERE id = ?`, d.posted, d.pending, d.count, id)
			if err := checkOne(res, err, "update balance"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: insert transactions: %w", err)
	}
	return ids, nil
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
	Payee      string    // substring of the normalized payee
	Pending    *bool
	MinMinor   *int64 // amount range, inclusive, signed
	MaxMinor   *int64
	Limit      int
	Offset     int
	Oldest     bool // oldest first instead of newest first
}

const txColumns = `t.id, t.account_id, a.name, t.external_id, t.posted, t.transacted, t.amount_minor, t.currency,
	t.payee, t.payee_norm, t.memo, t.category, t.pending, t.replaces_external_id, t.transfer_id,
	t.content_key, t.ordinal, t.raw_id, t.created`

func (q TxQuery) where() (string, []any) {
	var (
		conds []string
		args  []any
	)
	if len(q.AccountIDs) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(q.AccountIDs)), ",")
		conds = append(conds, "t.account_id IN ("+ph+")")
		for _, id := range q.AccountIDs {
			args = append(args, id)
		}
	}
	if !q.Since.IsZero() {
		conds = append(conds, "t.posted >= ?")
		args = append(args, q.Since.Format(DateLayout))
	}
	if !q.Until.IsZero() {
		conds = append(conds, "t.posted <= ?")
		args = append(args, q.Until.Format(DateLayout))
	}
	if q.Category != "" {
		conds = append(conds, "t.category = ? COLLATE NOCASE")
		args = append(args, q.Category)
	}
	if p := NormalizePayee(q.Payee); p != "" {
		conds = append(conds, "instr(t.payee_norm, ?) > 0")
		args = append(args, p)
	}
	if q.Pending != nil {
		conds = append(conds, "t.pending = ?")
		args = append(args, *q.Pending)
	}
	if q.MinMinor != nil {
		conds = append(conds, "t.amount_minor >= ?")
		args = append(args, *q.MinMinor)
	}
	if q.MaxMinor != nil {
		conds = append(conds, "t.amount_minor <= ?")
		args = append(args, *q.MaxMinor)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Transactions lists transactions matching q, newest first unless q.Oldest.
func (s *Store) Transactions(ctx context.Context, q TxQuery) ([]Transaction, error) {
	where, args := q.where()
	order := " ORDER BY t.posted DESC, t.id DESC"
	if q.Oldest {
		order = " ORDER BY t.posted, t.id"
	}
	query := `SELECT ` + txColumns + ` FROM transactions t JOIN accounts a ON a.id = t.account_id` + where + order
	if q.Limit > 0 || q.Offset > 0 {
		limit := q.Limit
		if limit <= 0 {
			limit = -1
		}
		query += " LIMIT ? OFFSET ?"
		args = append(args, limit, q.Offset)
	}
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
		posted            string
		transacted        sql.NullString
		amount, created   int64
		currency          string
		transferID, rawID sql.NullInt64
	)
	err := sc.Scan(&t.ID, &t.AccountID, &t.AccountName, &t.ExternalID, &posted, &transacted, &amount, &currency,
		&t.Payee, &t.PayeeNorm, &t.Memo, &t.Category, &t.Pending, &t.ReplacesExternalID, &transferID,
		&t.ContentKey, &t.Ordinal, &rawID, &created)
	if err != nil {
		return Transaction{}, mapErr(err)
	}
	t.Posted = parseDate(posted)
	if transacted.Valid {
		t.Transacted, _ = time.Parse(time.RFC3339, transacted.String)
	}
	t.Amount = money.Amount{Minor: amount, Currency: currency}
	t.TransferID = transferID.Int64
	t.RawID = rawID.Int64
	t.Created = time.Unix(created, 0).UTC()
	return t, nil
}
