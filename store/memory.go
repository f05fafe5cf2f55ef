package store

import (
	"context"
	"database/sql"
	"fmt"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// OpenMemory returns a store on a database that lives only in memory and is
// never written anywhere: `penny demo`, tests and benchmarks use it. close
// releases it. The pool holds exactly one connection, because an in-memory
// database lives only on the connection that made it.
func OpenMemory(ctx context.Context) (st *Store, close func() error, err error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, nil, fmt.Errorf("store: open database: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	st, err = Open(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return st, db.Close, nil
}
