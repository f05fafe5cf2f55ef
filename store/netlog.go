package store

import (
	"context"
	"fmt"
	"time"
)

// NetEvent records one outbound request, so the user can see every byte Penny
// sent anywhere and to whom.
type NetEvent struct {
	ID     int64
	At     time.Time
	Source string
	Method string
	Host   string
	Path   string
	Status int
	Error  string
	// Sent and Received count body bytes: the request's and the response's.
	Sent, Received int64
}

// LogRequest appends an outbound request to the network log.
func (s *Store) LogRequest(ctx context.Context, e NetEvent) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if e.At.IsZero() {
			e.At = tx.now()
		}
		if e.Method == "" {
			e.Method = "GET"
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO netlog (at, source, method, host, path, status, error, sent, received)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, stamp(e.At), e.Source, e.Method, e.Host, e.Path, e.Status, e.Error, e.Sent, e.Received)
		if err != nil {
			return fmt.Errorf("store: log request: %w", err)
		}
		return nil
	})
}

// NetLog returns the newest limit entries of the network log, newest first.
func (s *Store) NetLog(ctx context.Context, limit int) ([]NetEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, at, source, method, host, path, status, error, sent, received FROM netlog
		ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: netlog: %w", err)
	}
	defer rows.Close()
	var out []NetEvent
	for rows.Next() {
		var e NetEvent
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Source, &e.Method, &e.Host, &e.Path, &e.Status, &e.Error, &e.Sent, &e.Received); err != nil {
			return nil, fmt.Errorf("store: netlog: %w", err)
		}
		e.At = parseStamp(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: netlog: %w", err)
	}
	return out, nil
}

// CountRequests counts the requests logged for source at or after since: a
// source's request budget is read from the log, so every request counts,
// whichever run of Penny made it.
func (s *Store) CountRequests(ctx context.Context, source string, since time.Time) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM netlog WHERE source = ? AND at >= ?`, source, stamp(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count requests: %w", err)
	}
	return n, nil
}
