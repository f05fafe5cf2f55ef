package store

import (
	"context"
	"database/sql"
	"strings"

	"penny/category"
	"penny/merchant"
)

// goSteps are the parts of a migration SQL cannot do, run in the same
// transaction right after the migration's SQL.
var goSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	2: fillMerchants,
}

// oldFlat are the categories Penny gave from its first built-in merchant
// list. They were coarser than the taxonomy (coffee and restaurants were
// both "Dining"), so a row that carries one takes its merchant's category
// from package merchant when there is one.
var oldFlat = map[string]bool{
	"Dining": true, "Shopping": true, "Transport": true, "Utilities": true, "Health": true,
	"Income": true, "Cash": true, "Fees": true, "Transfer": true, "Interest": true, "Travel": true,
}

// fillMerchants gives every row of a vault from before merchant identity its
// merchant key and name, and moves its category onto the taxonomy: a source
// or rule category is mapped (category.Normalize), one of Penny's old flat
// names gives way to the merchant's own category, and a row without one
// takes its merchant's.
func fillMerchants(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, payee, memo, category, transfer_id IS NOT NULL FROM transactions`)
	if err != nil {
		return err
	}
	type change struct {
		id             int64
		key, name, cat string
	}
	var changes []change
	for rows.Next() {
		var (
			id               int64
			payee, memo, cat string
			linked           bool
		)
		if err := rows.Scan(&id, &payee, &memo, &cat, &linked); err != nil {
			rows.Close()
			return err
		}
		desc := payee
		if strings.TrimSpace(desc) == "" {
			desc = memo
		}
		m := merchant.Identify(desc)
		next := category.Normalize(cat)
		if (next == "" || oldFlat[cat]) && m.Category != "" {
			next = m.Category
		}
		if linked && !category.IsTransfer(next) {
			next = category.BetweenAccounts
		}
		changes = append(changes, change{id, m.Key, m.Name, next})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE transactions SET merchant_key = ?, merchant = ?, category = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range changes {
		if _, err := stmt.ExecContext(ctx, c.key, c.name, c.cat, c.id); err != nil {
			return err
		}
	}
	return nil
}
