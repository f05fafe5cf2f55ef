package store

import (
	"context"
	"fmt"
	"time"
)

// Message is one bubble of a conversation's chat history.
type Message struct {
	ID           int64
	Conversation string // "penny", "alerts", "account:<id>"
	Role         string // "user", "penny", "bank"
	Body         string
	Data         string // optional JSON for tables and charts
	Created      time.Time
	Read         bool
}

// AddMessage appends a message to a conversation.
func (s *Store) AddMessage(ctx context.Context, m Message) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if m.Created.IsZero() {
			m.Created = tx.now()
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO messages (conversation, role, body, data, created, read)
			VALUES (?, ?, ?, ?, ?, ?)`, m.Conversation, m.Role, m.Body, m.Data, stamp(m.Created), m.Read)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: add message: %w", err)
	}
	return id, nil
}

// Messages returns up to limit messages of a conversation older than
// beforeID (0 = the newest), oldest first, so a transcript can load history
// lazily as the user scrolls up.
func (s *Store) Messages(ctx context.Context, conversation string, beforeID int64, limit int) ([]Message, error) {
	if limit <= 0 {
		limit = 100
	}
	query := `SELECT id, conversation, role, body, data, created, read FROM messages WHERE conversation = ?`
	args := []any{conversation}
	if beforeID > 0 {
		query += ` AND id < ?`
		args = append(args, beforeID)
	}
	query += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var created string
		if err := rows.Scan(&m.ID, &m.Conversation, &m.Role, &m.Body, &m.Data, &created, &m.Read); err != nil {
			return nil, fmt.Errorf("store: messages: %w", err)
		}
		m.Created = parseStamp(created)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
