package store

import (
	"context"
	"fmt"
	"time"
)

// Tombstone remembers a transaction the user deleted or merged, or a pending
// row that its posted version replaced, so that it never comes back.
type Tombstone struct {
	ID         int64
	AccountID  int64
	ExternalID string
	ContentKey []byte
	Ordinal    int
	Reason     string
	Created    time.Time
}

// Tombstoned reports whether a transaction with this external id (when not
// empty) or this content key and ordinal was removed from the account before.
func (s *Store) Tombstoned(ctx context.Context, accountID int64, externalID string, contentKey []byte, ordinal int) (bool, error) {
	var n int
	var err error
	if externalID != "" {
		err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM tombstones WHERE account_id = ? AND external_id = ?`,
			accountID, externalID).Scan(&n)
	} else {
		err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM tombstones WHERE account_id = ? AND content_key = ? AND ordinal = ?`,
			accountID, contentKey, ordinal).Scan(&n)
	}
	if err != nil {
		return false, fmt.Errorf("store: tombstone lookup: %w", err)
	}
	return n > 0, nil
}

// Tombstones lists the tombstones of an account, oldest first.
func (s *Store) Tombstones(ctx context.Context, accountID int64) ([]Tombstone, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, account_id, external_id, content_key, ordinal, reason, created
		FROM tombstones WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("store: tombstones: %w", err)
	}
	defer rows.Close()
	var out []Tombstone
	for rows.Next() {
		var t Tombstone
		var created string
		if err := rows.Scan(&t.ID, &t.AccountID, &t.ExternalID, &t.ContentKey, &t.Ordinal, &t.Reason, &created); err != nil {
			return nil, fmt.Errorf("store: tombstones: %w", err)
		}
		t.Created = parseStamp(created)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tombstones: %w", err)
	}
	return out, nil
}
