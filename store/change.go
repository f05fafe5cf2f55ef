package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"penny/money"
)

// Corrections a person makes by hand: renaming an account, setting its
// currency, deleting transactions. Each one is kept, in the same write, as
// the vault's last change with what it takes to reverse it exactly, and
// Undo reverses it. Only the last one is kept: an undo undoes that change,
// and there is then nothing more to undo.

// Kinds of Change.
const (
	ChangeRename   = "rename"
	ChangeCurrency = "currency"
	ChangeDelete   = "delete"
)

// lastChangeKey is the setting that holds the last change, as JSON.
const lastChangeKey = "undo.last"

// ErrNothingToUndo: no change is kept, or the last one was undone already.
var ErrNothingToUndo = errors.New("nothing to undo")

// Change is one correction and what reverses it.
type Change struct {
	Kind      string    `json:"kind"`
	AccountID int64     `json:"account_id,omitempty"`
	From      string    `json:"from,omitempty"` // rename: the old name; currency: the old code
	To        string    `json:"to,omitempty"`   // rename: the new name; currency: the new code
	What      string    `json:"what"`           // the change in words, for people
	At        time.Time `json:"at"`
	// Former is the account's list of former names before a rename, as
	// stored ("" when it had none).
	Former string `json:"former,omitempty"`
	// Deleted are the rows a delete removed, each whole, with the
	// tombstone it left.
	Deleted []deletedRow `json:"deleted,omitempty"`
}

type deletedRow struct {
	Tombstone int64    `json:"tombstone"`
	Row       rowImage `json:"row"`
}

// LastChange returns the change Undo would reverse; ok is false when there
// is none.
func (s *Store) LastChange(ctx context.Context) (c Change, ok bool, err error) {
	v, err := s.SettingOr(ctx, lastChangeKey, "")
	if err != nil || v == "" {
		return Change{}, false, err
	}
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return Change{}, false, fmt.Errorf("store: last change: %w", err)
	}
	return c, true, nil
}

func (s *Store) keepChange(ctx context.Context, c Change) error {
	c.At = s.now().UTC()
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: keep change: %w", err)
	}
	return s.SetSetting(ctx, lastChangeKey, string(b))
}

// Undo reverses the last change and forgets it, in one write. It refuses,
// changing nothing, when what the change did no longer holds (the account
// was renamed again since, a row like the deleted one is back).
func (s *Store) Undo(ctx context.Context) (Change, error) {
	var c Change
	err := s.WithTx(ctx, func(tx *Store) error {
		var ok bool
		var err error
		if c, ok, err = tx.LastChange(ctx); err != nil {
			return err
		} else if !ok {
			return ErrNothingToUndo
		}
		switch c.Kind {
		case ChangeRename:
			err = tx.undoRename(ctx, c)
		case ChangeCurrency:
			err = tx.undoCurrency(ctx, c)
		case ChangeDelete:
			err = tx.undoDelete(ctx, c)
		default:
			err = fmt.Errorf("a change of kind %q, which this Penny cannot undo", c.Kind)
		}
		if err != nil {
			return err
		}
		_, err = tx.q.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, lastChangeKey)
		return err
	})
	if err != nil {
		return Change{}, fmt.Errorf("store: undo: %w", err)
	}
	return c, nil
}

// RenameAccount gives an account another name. The old name stays one of
// its former names, so that a file matched by name (AccountNamed) keeps
// going to it; the rename is the last change.
func (s *Store) RenameAccount(ctx context.Context, id int64, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("store: rename account: empty name")
	}
	return s.WithTx(ctx, func(tx *Store) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return fmt.Errorf("store: rename account: %w", err)
		}
		if a.Name == name {
			return nil
		}
		former, err := tx.SettingOr(ctx, formerKey(id), "")
		if err != nil {
			return err
		}
		if err := tx.setName(ctx, id, name); err != nil {
			return err
		}
		names := removeFold(formerNames(former), name)
		if !strings.EqualFold(a.Name, name) {
			// A change of case only is no former name.
			names = append(names, a.Name)
		}
		if err := tx.setFormerNames(ctx, id, names); err != nil {
			return err
		}
		return tx.keepChange(ctx, Change{Kind: ChangeRename, AccountID: id, From: a.Name, To: name, Former: former,
			What: fmt.Sprintf("renamed account %q to %q", a.Name, name)})
	})
}

func (s *Store) setName(ctx context.Context, id int64, name string) error {
	res, err := s.q.ExecContext(ctx, `UPDATE accounts SET name = ? WHERE id = ?`, name, id)
	return checkOne(res, mapErr(err), "store: rename account")
}

func (s *Store) undoRename(ctx context.Context, c Change) error {
	a, err := s.Account(ctx, c.AccountID)
	if err != nil {
		return err
	}
	if a.Name != c.To {
		return fmt.Errorf("account %q is called %q now, not %q", c.From, a.Name, c.To)
	}
	if err := s.setName(ctx, c.AccountID, c.From); err != nil {
		return err
	}
	if c.Former == "" {
		_, err = s.q.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, formerKey(c.AccountID))
		return err
	}
	return s.SetSetting(ctx, formerKey(c.AccountID), c.Former)
}

// formerKey is the setting that lists an account's former names (JSON).
func formerKey(id int64) string { return fmt.Sprintf("account.%d.former_names", id) }

func formerNames(v string) []string {
	var names []string
	if v != "" {
		_ = json.Unmarshal([]byte(v), &names)
	}
	return names
}

func (s *Store) setFormerNames(ctx context.Context, id int64, names []string) error {
	b, err := json.Marshal(names)
	if err != nil {
		return err
	}
	return s.SetSetting(ctx, formerKey(id), string(b))
}

func removeFold(names []string, name string) []string {
	out := names[:0:0]
	for _, n := range names {
		if !strings.EqualFold(n, name) {
			out = append(out, n)
		}
	}
	return out
}

// AccountByFormerName finds the account that was called name (any case)
// before a rename: ErrNotFound when none was, ErrAmbiguous when several
// were.
func (s *Store) AccountByFormerName(ctx context.Context, name string) (Account, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key GLOB 'account.*.former_names'`)
	if err != nil {
		return Account{}, fmt.Errorf("store: former names: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			rows.Close()
			return Account{}, fmt.Errorf("store: former names: %w", err)
		}
		var id int64
		if _, err := fmt.Sscanf(key, "account.%d.former_names", &id); err != nil {
			continue
		}
		for _, n := range formerNames(value) {
			if strings.EqualFold(n, strings.TrimSpace(name)) {
				ids = append(ids, id)
				break
			}
		}
	}
	if err := rows.Close(); err != nil {
		return Account{}, err
	}
	if err := rows.Err(); err != nil {
		return Account{}, err
	}
	switch len(ids) {
	case 0:
		return Account{}, fmt.Errorf("store: account once called %q: %w", name, ErrNotFound)
	case 1:
		return s.Account(ctx, ids[0])
	}
	var names []string
	for _, id := range ids {
		if a, err := s.Account(ctx, id); err == nil {
			names = append(names, a.Name)
		}
	}
	return Account{}, fmt.Errorf("store: %q was the name of %s: %w", name, strings.Join(names, ", "), ErrAmbiguous)
}

// SetAccountCurrency says which currency an account's amounts are in, for
// an account imported from files that did not say (and were read as USD).
// The amounts stay as they are, so the new currency must have as many
// decimals as the old. Every row takes the currency and the content key
// that a later import in the new currency computes for it, so importing
// the same file again with --currency adds nothing. A row deleted before
// without a bank id left a tombstone keyed by the old currency, which
// cannot be carried over: such an account is refused.
func (s *Store) SetAccountCurrency(ctx context.Context, id int64, code string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return fmt.Errorf("store: set currency: %w", err)
		}
		to, err := tx.setCurrency(ctx, a, code)
		if err != nil || to == a.Currency {
			return err
		}
		return tx.keepChange(ctx, Change{Kind: ChangeCurrency, AccountID: id, From: a.Currency, To: to,
			What: fmt.Sprintf("set the currency of account %q from %s to %s", a.Name, a.Currency, to)})
	})
}

// ErrCurrencyChange is a currency change that would not be exact.
var ErrCurrencyChange = errors.New("cannot change the currency")

// setCurrency does the work of SetAccountCurrency and of its undo, and
// returns the new code.
func (s *Store) setCurrency(ctx context.Context, a Account, code string) (string, error) {
	to, err := money.Lookup(code)
	if err != nil {
		return "", fmt.Errorf("store: set currency: %w", err)
	}
	if to.Code == a.Currency {
		return to.Code, nil
	}
	from, err := money.Lookup(a.Currency)
	if err != nil {
		return "", fmt.Errorf("store: set currency: %w", err)
	}
	if from.Exponent != to.Exponent {
		return "", fmt.Errorf("store: account %q: %w from %s to %s: %s amounts have %d decimals and %s amounts %d, so every amount would change; import its files again into a new account with --currency %s",
			a.Name, ErrCurrencyChange, from.Code, to.Code, from.Code, from.Exponent, to.Code, to.Exponent, to.Code)
	}
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM tombstones WHERE account_id = ? AND external_id = ''`, a.ID).Scan(&n); err != nil {
		return "", fmt.Errorf("store: set currency: %w", err)
	}
	if n > 0 {
		return "", fmt.Errorf("store: account %q: %w from %s to %s: %d deleted or replaced transaction(s) without a bank id are remembered by a key that includes the currency, and would come back on the next import",
			a.Name, ErrCurrencyChange, from.Code, to.Code, n)
	}
	type row struct {
		id         int64
		posted     int64
		amount     int64
		payee, mem string
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, posted, amount_minor, payee, memo FROM transactions WHERE account_id = ?`, a.ID)
	if err != nil {
		return "", fmt.Errorf("store: set currency: %w", err)
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.posted, &r.amount, &r.payee, &r.mem); err != nil {
			rows.Close()
			return "", fmt.Errorf("store: set currency: %w", err)
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return "", err
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	stmt, err := s.q.PrepareContext(ctx, `UPDATE transactions SET currency = ?, content_key = ? WHERE id = ?`)
	if err != nil {
		return "", err
	}
	defer stmt.Close()
	for _, r := range all {
		key := ContentKey(IntDate(r.posted), r.amount, to.Code, r.payee, r.mem)
		if _, err := stmt.ExecContext(ctx, to.Code, key, r.id); err != nil {
			return "", fmt.Errorf("store: set currency: %w", mapErr(err))
		}
	}
	res, err := s.q.ExecContext(ctx, `UPDATE accounts SET currency = ? WHERE id = ?`, to.Code, a.ID)
	if err := checkOne(res, err, "store: set currency"); err != nil {
		return "", err
	}
	return to.Code, nil
}

func (s *Store) undoCurrency(ctx context.Context, c Change) error {
	a, err := s.Account(ctx, c.AccountID)
	if err != nil {
		return err
	}
	if a.Currency != c.To {
		return fmt.Errorf("account %q is in %s now, not %s", a.Name, a.Currency, c.To)
	}
	_, err = s.setCurrency(ctx, a, c.From)
	return err
}

// DeleteTransactions deletes transactions a person chose, each leaving a
// tombstone so that no later import brings it back, and keeps them whole
// as the last change, so that Undo puts them back as they were. It returns
// them as they were.
func (s *Store) DeleteTransactions(ctx context.Context, ids []int64) ([]Transaction, error) {
	var gone []Transaction
	err := s.WithTx(ctx, func(tx *Store) error {
		c := Change{Kind: ChangeDelete}
		for _, id := range ids {
			t, err := tx.Transaction(ctx, id)
			if err != nil {
				return err
			}
			img, err := tx.rowImage(ctx, "transactions", id)
			if err != nil {
				return err
			}
			res, err := tx.q.ExecContext(ctx, `INSERT INTO tombstones (account_id, external_id, content_key, ordinal, reason, created)
				VALUES (?, ?, ?, ?, 'deleted', ?)`, t.AccountID, t.ExternalID, t.ContentKey, t.Ordinal, stamp(tx.now()))
			if err != nil {
				return fmt.Errorf("store: delete transaction %d: %w", id, err)
			}
			tomb, err := res.LastInsertId()
			if err != nil {
				return err
			}
			res, err = tx.q.ExecContext(ctx, `DELETE FROM transactions WHERE id = ?`, id)
			if err := checkOne(res, err, "store: delete transaction"); err != nil {
				return err
			}
			c.Deleted = append(c.Deleted, deletedRow{Tombstone: tomb, Row: img})
			gone = append(gone, t)
		}
		if len(gone) == 0 {
			return nil
		}
		c.AccountID = gone[0].AccountID
		c.What = describeDeleted(gone)
		return tx.keepChange(ctx, c)
	})
	if err != nil {
		return nil, err
	}
	return gone, nil
}

func describeDeleted(gone []Transaction) string {
	t := gone[0]
	one := fmt.Sprintf("%s %s %s from %q", t.Posted.Format(DateLayout), t.Payee, t.Amount.Format(), t.AccountName)
	if len(gone) == 1 {
		return "deleted the transaction " + one
	}
	return fmt.Sprintf("deleted %d transactions (the first: %s)", len(gone), one)
}

// undoDelete puts deleted rows back as they were, under their own ids
// when no other row took them since, and their tombstones away. A row
// that was one side of a transfer is linked to the other side again when
// that side is still unlinked.
func (s *Store) undoDelete(ctx context.Context, c Change) error {
	newID := map[int64]int64{}
	type link struct{ row, other int64 }
	var links []link
	for _, d := range c.Deleted {
		res, err := s.q.ExecContext(ctx, `DELETE FROM tombstones WHERE id = ?`, d.Tombstone)
		if err := checkOne(res, err, "the deleted row's tombstone"); err != nil {
			return err
		}
		img := d.Row
		oldID, _ := img.int("id")
		var taken int
		if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions WHERE id = ?`, oldID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			img = img.without("id")
		}
		if other, ok := img.int("transfer_id"); ok {
			links = append(links, link{oldID, other})
			img = img.with("transfer_id", nil)
		}
		if raw, ok := img.int("raw_id"); ok {
			var n int
			if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM raw_payloads WHERE id = ?`, raw).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				img = img.with("raw_id", nil)
			}
		}
		id, err := s.insertImage(ctx, "transactions", img)
		if err != nil {
			if errors.Is(err, ErrConflict) {
				return fmt.Errorf("a transaction like the deleted one is there again: %w", err)
			}
			return err
		}
		newID[oldID] = id
		acct, _ := img.int("account_id")
		day, _ := img.int("posted")
		if err := s.markInserted(ctx, day, acct); err != nil {
			return err
		}
		amount, _ := img.int("amount_minor")
		pending, _ := img.int("pending")
		var posted, pend int64
		if pending != 0 {
			pend = amount
		} else {
			posted = amount
		}
		res, err = s.q.ExecContext(ctx, `UPDATE accounts SET balance_minor = balance_minor + ?,
			pending_minor = pending_minor + ?, tx_count = tx_count + 1 WHERE id = ?`, posted, pend, acct)
		if err := checkOne(res, err, "update balance"); err != nil {
			return err
		}
	}
	for _, l := range links {
		row, other := newID[l.row], l.other
		if id, ok := newID[other]; ok {
			other = id
		}
		// Both sides restored: each sets its own link. Otherwise only a
		// partner that is still unlinked takes this row back.
		res, err := s.q.ExecContext(ctx, `UPDATE transactions SET transfer_id = ? WHERE id = ? AND (transfer_id IS NULL OR transfer_id = ?)`,
			row, other, row)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		if _, err := s.q.ExecContext(ctx, `UPDATE transactions SET transfer_id = ? WHERE id = ?`, other, row); err != nil {
			return err
		}
	}
	return nil
}

// rowImage is a row as SQLite holds it, column by column, so that a
// deleted row goes back exactly, whatever columns later migrations add.
type rowImage []column

// column is one value with its SQLite type: exactly one of the fields is
// set, or none for NULL.
type column struct {
	Name string   `json:"c"`
	Int  *int64   `json:"i,omitempty"`
	Real *float64 `json:"r,omitempty"`
	Text *string  `json:"t,omitempty"`
	Blob *[]byte  `json:"b,omitempty"`
}

func (s *Store) rowImage(ctx context.Context, table string, id int64) (rowImage, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT * FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("store: %s %d: %w", table, id, ErrNotFound)
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	img := make(rowImage, len(names))
	for i, n := range names {
		img[i].Name = n
		switch v := vals[i].(type) {
		case nil:
		case int64:
			img[i].Int = &v
		case float64:
			img[i].Real = &v
		case string:
			img[i].Text = &v
		case []byte:
			b := append([]byte{}, v...)
			img[i].Blob = &b
		default:
			return nil, fmt.Errorf("store: %s.%s holds a %T", table, n, v)
		}
	}
	return img, rows.Err()
}

func (s *Store) insertImage(ctx context.Context, table string, img rowImage) (int64, error) {
	names := make([]string, len(img))
	marks := make([]string, len(img))
	args := make([]any, len(img))
	for i, c := range img {
		names[i], marks[i] = `"`+c.Name+`"`, "?"
		switch {
		case c.Int != nil:
			args[i] = *c.Int
		case c.Real != nil:
			args[i] = *c.Real
		case c.Text != nil:
			args[i] = *c.Text
		case c.Blob != nil:
			args[i] = *c.Blob
		}
	}
	res, err := s.q.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(names, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.LastInsertId()
}

func (img rowImage) int(name string) (int64, bool) {
	for _, c := range img {
		if c.Name == name && c.Int != nil {
			return *c.Int, true
		}
	}
	return 0, false
}

func (img rowImage) without(name string) rowImage {
	out := make(rowImage, 0, len(img))
	for _, c := range img {
		if c.Name != name {
			out = append(out, c)
		}
	}
	return out
}

// with sets a column to an integer, or to NULL when v is nil.
func (img rowImage) with(name string, v *int64) rowImage {
	out := make(rowImage, len(img))
	copy(out, img)
	for i := range out {
		if out[i].Name == name {
			out[i] = column{Name: name, Int: v}
		}
	}
	return out
}

// DeletedIDs are the ids a delete took away, in the order deleted; none
// for other kinds of change.
func (c Change) DeletedIDs() []int64 {
	ids := make([]int64, 0, len(c.Deleted))
	for _, d := range c.Deleted {
		if id, ok := d.Row.int("id"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}
