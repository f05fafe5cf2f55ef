package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Source is a place Penny fetches from (a SimpleFIN connection, an OFX
// server). Settings hold non-secret configuration only, as JSON.
type Source struct {
	ID        int64
	Name      string
	Kind      string
	Settings  string
	LastSync  time.Time
	LastError string
	Created   time.Time
}

// CreateSource adds a source; a name in use gives ErrConflict.
func (s *Store) CreateSource(ctx context.Context, name, kind, settings string) (Source, error) {
	if settings == "" {
		settings = "{}"
	}
	var id int64
	err := s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `INSERT INTO sources (name, kind, settings, created) VALUES (?, ?, ?, ?)`,
			name, kind, settings, stamp(tx.now()))
		if err != nil {
			return mapErr(err)
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return Source{}, fmt.Errorf("store: create source %q: %w", name, err)
	}
	return s.Source(ctx, id)
}

// Source returns one source by id.
func (s *Store) Source(ctx context.Context, id int64) (Source, error) {
	src, err := scanSource(s.q.QueryRowContext(ctx, `SELECT id, name, kind, settings, last_sync, last_error, created
		FROM sources WHERE id = ?`, id))
	if err != nil {
		return Source{}, fmt.Errorf("store: source %d: %w", id, err)
	}
	return src, nil
}

// Sources lists every source by name.
func (s *Store) Sources(ctx context.Context) ([]Source, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, name, kind, settings, last_sync, last_error, created
		FROM sources ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}

// RecordSync stamps a source's last sync and its error ("" for success).
func (s *Store) RecordSync(ctx context.Context, id int64, at time.Time, syncErr string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE sources SET last_sync = ?, last_error = ? WHERE id = ?`,
			stamp(at), syncErr, id)
		return checkOne(res, err, "store: record sync")
	})
}

func scanSource(sc interface{ Scan(...any) error }) (Source, error) {
	var src Source
	var last sql.NullString
	var created string
	if err := sc.Scan(&src.ID, &src.Name, &src.Kind, &src.Settings, &last, &src.LastError, &created); err != nil {
		return Source{}, mapErr(err)
	}
	if last.Valid {
		src.LastSync = parseStamp(last.String)
	}
	src.Created = parseStamp(created)
	return src, nil
}
