package store

import (
	"context"
	"fmt"
	"time"
)

// RawPayload is a source's original bytes (a file, a server response), kept
// inside the vault so rules can be re-run over what the bank really sent.
type RawPayload struct {
	ID       int64
	Source   string
	Kind     string // "ofx", "csv", "simplefin", ...
	Name     string // file name or request path
	Received time.Time
	Data     []byte
}

// AddRawPayload stores a payload and returns its id.
func (s *Store) AddRawPayload(ctx context.Context, p RawPayload) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if p.Received.IsZero() {
			p.Received = tx.now()
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO raw_payloads (source, kind, name, received, data) VALUES (?, ?, ?, ?, ?)`,
			p.Source, p.Kind, p.Name, stamp(p.Received), p.Data)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: add raw payload: %w", err)
	}
	return id, nil
}

// RawPayload returns one stored payload.
func (s *Store) RawPayload(ctx context.Context, id int64) (RawPayload, error) {
	var p RawPayload
	var received string
	err := s.q.QueryRowContext(ctx, `SELECT id, source, kind, name, received, data FROM raw_payloads WHERE id = ?`, id).
		Scan(&p.ID, &p.Source, &p.Kind, &p.Name, &received, &p.Data)
	if err != nil {
		return RawPayload{}, fmt.Errorf("store: raw payload %d: %w", id, mapErr(err))
	}
	p.Received = parseStamp(received)
	return p, nil
}
