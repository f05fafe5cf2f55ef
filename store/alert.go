package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Alert is something Penny wants the user to look at, with the reason why.
type Alert struct {
	ID           int64
	Rule         string
	Severity     string // info, warning, danger
	Title        string
	Body         string
	Why          string
	AccountID    int64
	Transactions []int64
	DedupKey     string
	Created      time.Time
	Read         bool
	Notified     bool
}

// AddAlert records an alert unless one with the same dedup key exists; it
// reports whether a new alert was added, so one event never alerts twice.
func (s *Store) AddAlert(ctx context.Context, a Alert) (int64, bool, error) {
	txIDs, err := json.Marshal(a.Transactions)
	if err != nil {
		return 0, false, fmt.Errorf("store: add alert: %w", err)
	}
	if a.Transactions == nil {
		txIDs = []byte("[]")
	}
	if a.Severity == "" {
		a.Severity = "info"
	}
	var id int64
	var added bool
	err = s.WithTx(ctx, func(tx *Store) error {
		if a.Created.IsZero() {
			a.Created = tx.now()
		}
		var account any
		if a.AccountID != 0 {
			account = a.AccountID
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO alerts (rule, severity, title, body, why, account_id, tx_ids, dedup_key, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING`,
			a.Rule, a.Severity, a.Title, a.Body, a.Why, account, string(txIDs), a.DedupKey, stamp(a.Created))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		added = true
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("store: add alert: %w", err)
	}
	return id, added, nil
}

// AlertQuery filters the alert list.
type AlertQuery struct {
	UnreadOnly bool
	Limit      int
}

// Alerts lists alerts, newest first.
func (s *Store) Alerts(ctx context.Context, q AlertQuery) ([]Alert, error) {
	query := `SELECT id, rule, severity, title, body, why, account_id, tx_ids, dedup_key, created, read, notified FROM alerts`
	if q.UnreadOnly {
		query += ` WHERE read = 0`
	}
	query += ` ORDER BY created DESC, id DESC`
	var args []any
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		var account sql.NullInt64
		var txIDs, created string
		if err := rows.Scan(&a.ID, &a.Rule, &a.Severity, &a.Title, &a.Body, &a.Why, &account, &txIDs,
			&a.DedupKey, &created, &a.Read, &a.Notified); err != nil {
			return nil, fmt.Errorf("store: alerts: %w", err)
		}
		a.AccountID = account.Int64
		if err := json.Unmarshal([]byte(txIDs), &a.Transactions); err != nil {
			return nil, fmt.Errorf("store: alert %d: transactions: %w", a.ID, err)
		}
		a.Created = parseStamp(created)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: alerts: %w", err)
	}
	return out, nil
}

// MarkAlertsRead marks the given alerts read; no ids marks every alert.
func (s *Store) MarkAlertsRead(ctx context.Context, ids ...int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if len(ids) == 0 {
			_, err := tx.q.ExecContext(ctx, `UPDATE alerts SET read = 1 WHERE read = 0`)
			return err
		}
		for _, id := range ids {
			res, err := tx.q.ExecContext(ctx, `UPDATE alerts SET read = 1 WHERE id = ?`, id)
			if err := checkOne(res, err, "store: mark alert read"); err != nil {
				return err
			}
		}
		return nil
	})
}
