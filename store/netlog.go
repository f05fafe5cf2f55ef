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
	_, err := s.insertRequest(ctx, e)
	return err
}

// RequestUnsettled is the error of a network log row reserved before its
// request went out (ReserveRequest) and never settled: the Penny that
// reserved it stopped before it could record what happened, and the
// request may or may not have been sent. It counts toward the budget.
const RequestUnsettled = "no outcome recorded: Penny stopped before this request finished"

// ReserveRequest writes e to the network log as a request about to be
// made, before it is, and returns the row for SettleRequest or
// ReleaseRequest. Until then the row reads RequestUnsettled and counts
// toward the source's budget like any other request.
func (s *Store) ReserveRequest(ctx context.Context, e NetEvent) (int64, error) {
	e.Status, e.Error, e.Received = 0, RequestUnsettled, 0
	return s.insertRequest(ctx, e)
}

// SettleRequest replaces the reserved row id by what the request did (a
// row gone meanwhile is written again: the request happened).
func (s *Store) SettleRequest(ctx context.Context, id int64, e NetEvent) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if e.At.IsZero() {
			e.At = tx.now()
		}
		if e.Method == "" {
			e.Method = "GET"
		}
		res, err := tx.q.ExecContext(ctx, `UPDATE netlog SET at = ?, source = ?, method = ?, host = ?, path = ?, status = ?, error = ?,
			sent = ?, received = ? WHERE id = ?`, stamp(e.At), e.Source, e.Method, e.Host, e.Path, e.Status, e.Error, e.Sent, e.Received, id)
		if err != nil {
			return fmt.Errorf("store: settle request: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		_, err = tx.insertRequest(ctx, e)
		return err
	})
}

// ReleaseRequest deletes a reserved row whose request was never made.
func (s *Store) ReleaseRequest(ctx context.Context, id int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM netlog WHERE id = ? AND error = ?`, id, RequestUnsettled)
		if err != nil {
			return fmt.Errorf("store: release request: %w", err)
		}
		return nil
	})
}

func (s *Store) insertRequest(ctx context.Context, e NetEvent) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if e.At.IsZero() {
			e.At = tx.now()
		}
		if e.Method == "" {
			e.Method = "GET"
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO netlog (at, source, method, host, path, status, error, sent, received)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, stamp(e.At), e.Source, e.Method, e.Host, e.Path, e.Status, e.Error, e.Sent, e.Received)
		if err != nil {
			return fmt.Errorf("store: log request: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
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
