package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"penny/money"
)

// Account is one bank account as Penny keeps it.
type Account struct {
	ID          int64
	Source      string // the source that feeds it ("" for files imported by hand)
	ExternalID  string // the bank's id for it within that source
	Name        string
	Type        string // checking, savings, credit, brokerage, ...
	Currency    string
	Institution string
	Opening     money.Amount // balance before the first transaction Penny holds
	Balance     money.Amount // opening + every posted transaction
	Pending     money.Amount // sum of pending transactions
	TxCount     int64
	// BankBalance is what the bank last reported, with its date; nil when no
	// source reported one.
	BankBalance     *money.Amount
	BankAvailable   *money.Amount
	BankBalanceDate time.Time
	Closed          bool
	Created         time.Time
	// LastPosted is the date of the newest transaction; zero when none.
	LastPosted time.Time
}

// Available is the balance with pending transactions counted.
func (a Account) Available() money.Amount {
	return money.Amount{Minor: a.Balance.Minor + a.Pending.Minor, Currency: a.Currency}
}

// AccountParams are the fields a caller sets when creating an account.
type AccountParams struct {
	Source      string
	ExternalID  string
	Name        string
	Type        string
	Currency    string
	Institution string
	Opening     int64
}

const accountColumns = `id, source, external_id, name, type, currency, institution, opening_minor,
	balance_minor, pending_minor, tx_count, bank_balance_minor, bank_available_minor,
	bank_balance_date, closed, created,
	(SELECT MAX(t.posted) FROM transactions t WHERE t.account_id = accounts.id)`

func scanAccount(sc interface{ Scan(...any) error }) (Account, error) {
	var (
		a                     Account
		opening, bal, pending int64
		bankBal, bankAvail    sql.NullInt64
		bankDate              sql.NullString
		created               string
		lastPosted            sql.NullInt64
	)
	err := sc.Scan(&a.ID, &a.Source, &a.ExternalID, &a.Name, &a.Type, &a.Currency, &a.Institution,
		&opening, &bal, &pending, &a.TxCount, &bankBal, &bankAvail, &bankDate, &a.Closed, &created, &lastPosted)
	if err != nil {
		return Account{}, mapErr(err)
	}
	a.Opening = money.Amount{Minor: opening, Currency: a.Currency}
	a.Balance = money.Amount{Minor: bal, Currency: a.Currency}
	a.Pending = money.Amount{Minor: pending, Currency: a.Currency}
	if bankBal.Valid {
		a.BankBalance = &money.Amount{Minor: bankBal.Int64, Currency: a.Currency}
	}
	if bankAvail.Valid {
		a.BankAvailable = &money.Amount{Minor: bankAvail.Int64, Currency: a.Currency}
	}
	if bankDate.Valid {
		a.BankBalanceDate = parseDate(bankDate.String)
	}
	a.Created = parseStamp(created)
	if lastPosted.Valid {
		a.LastPosted = IntDate(lastPosted.Int64)
	}
	return a, nil
}

// Accounts lists every account, ordered by type then name.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts
		ORDER BY CASE type WHEN 'checking' THEN 0 WHEN 'savings' THEN 1 WHEN 'credit' THEN 2
		WHEN 'brokerage' THEN 3 ELSE 4 END, name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("store: accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	return out, nil
}

// Account returns the account with the given id, or ErrNotFound.
func (s *Store) Account(ctx context.Context, id int64) (Account, error) {
	a, err := scanAccount(s.q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	if err != nil {
		return Account{}, fmt.Errorf("store: account %d: %w", id, err)
	}
	return a, nil
}

// AccountBySource returns the account a source knows by externalID.
func (s *Store) AccountBySource(ctx context.Context, source, externalID string) (Account, error) {
	a, err := scanAccount(s.q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts
		WHERE source = ? AND external_id = ?`, source, externalID))
	if err != nil {
		return Account{}, fmt.Errorf("store: account %s/%s: %w", source, externalID, err)
	}
	return a, nil
}

// FindAccount resolves what a person typed to one account: an exact name
// (any case) wins, then a unique prefix, then a unique substring. Several
// candidates give ErrAmbiguous naming them; none gives ErrNotFound.
func (s *Store) FindAccount(ctx context.Context, name string) (Account, error) {
	all, err := s.Accounts(ctx)
	if err != nil {
		return Account{}, err
	}
	want := strings.ToLower(strings.TrimSpace(name))
	if want == "" {
		return Account{}, fmt.Errorf("store: account %q: %w", name, ErrNotFound)
	}
	for _, match := range []func(string) bool{
		func(n string) bool { return n == want },
		func(n string) bool { return strings.HasPrefix(n, want) },
		func(n string) bool { return strings.Contains(n, want) },
	} {
		var found []Account
		for _, a := range all {
			if match(strings.ToLower(a.Name)) {
				found = append(found, a)
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			names := make([]string, len(found))
			for i, a := range found {
				names[i] = a.Name
			}
			return Account{}, fmt.Errorf("store: account %q could be %s: %w", name, strings.Join(names, ", "), ErrAmbiguous)
		}
	}
	return Account{}, fmt.Errorf("store: account %q: %w", name, ErrNotFound)
}

// CreateAccount adds an account. A name already in use gives ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, p AccountParams) (Account, error) {
	if strings.TrimSpace(p.Name) == "" {
		return Account{}, fmt.Errorf("store: create account: empty name")
	}
	if _, err := money.Lookup(p.Currency); err != nil {
		return Account{}, fmt.Errorf("store: create account %q: %w", p.Name, err)
	}
	if p.Type == "" {
		p.Type = "checking"
	}
	var id int64
	err := s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `INSERT INTO accounts
			(source, external_id, name, type, currency, institution, opening_minor, balance_minor, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Source, p.ExternalID, p.Name, p.Type, strings.ToUpper(p.Currency), p.Institution, p.Opening, p.Opening, stamp(tx.now()))
		if err != nil {
			return mapErr(err)
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return Account{}, fmt.Errorf("store: create account %q: %w", p.Name, err)
	}
	return s.Account(ctx, id)
}

// SetBankBalance records the balance (and optionally the available amount)
// the bank reported on a date.
func (s *Store) SetBankBalance(ctx context.Context, id int64, balance int64, available *int64, asOf time.Time) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE accounts SET bank_balance_minor = ?, bank_available_minor = ?,
			bank_balance_date = ? WHERE id = ?`, balance, available, asOf.Format(DateLayout), id)
		return checkOne(res, err, "store: set bank balance")
	})
}

// SetOpening sets the balance an account had before its first transaction.
func (s *Store) SetOpening(ctx context.Context, id int64, opening int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE accounts SET opening_minor = ? WHERE id = ?`, opening, id)
		return checkOne(res, err, "store: set opening")
	})
}

// checkOne turns "no row changed" into ErrNotFound.
func checkOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// Total is the sum of account balances in one currency.
type Total struct {
	Currency string
	Balance  money.Amount
	Accounts int
}

// Totals sums balances per currency from the kept per-account balances, so it
// costs O(accounts). Currencies are never mixed.
func (s *Store) Totals(ctx context.Context) ([]Total, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT currency, SUM(balance_minor), COUNT(*) FROM accounts
		WHERE closed = 0 GROUP BY currency ORDER BY currency`)
	if err != nil {
		return nil, fmt.Errorf("store: totals: %w", err)
	}
	defer rows.Close()
	var out []Total
	for rows.Next() {
		var t Total
		var sum int64
		if err := rows.Scan(&t.Currency, &sum, &t.Accounts); err != nil {
			return nil, fmt.Errorf("store: totals: %w", err)
		}
		t.Balance = money.Amount{Minor: sum, Currency: t.Currency}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: totals: %w", err)
	}
	return out, nil
}
