package store

import (
	"context"
	"fmt"
	"time"
)

// Rule is a user rule such as "payees containing X are category Y".
type Rule struct {
	ID       int64
	Kind     string // "category"
	Pattern  string // a literal, case-insensitive substring of the normalized payee
	Value    string
	Priority int
	Created  time.Time
}

// AddRule stores a rule and returns its id.
func (s *Store) AddRule(ctx context.Context, r Rule) (int64, error) {
	if r.Kind == "" {
		r.Kind = "category"
	}
	var id int64
	err := s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `INSERT INTO rules (kind, pattern, value, priority, created) VALUES (?, ?, ?, ?, ?)`,
			r.Kind, r.Pattern, r.Value, r.Priority, stamp(tx.now()))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: add rule: %w", err)
	}
	return id, nil
}

// Rules lists the rules of a kind, highest priority first, then newest.
func (s *Store) Rules(ctx context.Context, kind string) ([]Rule, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, kind, pattern, value, priority, created FROM rules
		WHERE kind = ? ORDER BY priority DESC, id DESC`, kind)
	if err != nil {
		return nil, fmt.Errorf("store: rules: %w", err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		var created string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Pattern, &r.Value, &r.Priority, &created); err != nil {
			return nil, fmt.Errorf("store: rules: %w", err)
		}
		r.Created = parseStamp(created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: rules: %w", err)
	}
	return out, nil
}

// DeleteRule removes a rule.
func (s *Store) DeleteRule(ctx context.Context, id int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `DELETE FROM rules WHERE id = ?`, id)
		return checkOne(res, err, "store: delete rule")
	})
}
