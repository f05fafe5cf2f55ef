// Package store is Penny's data model: accounts, transactions, tombstones,
// sources, raw payloads, alerts, rules, settings, chat messages and the network
// log, kept in SQLite. It knows nothing of files or keys: it opens on whatever
// database it is given, and the caller that composes it with store/vault
// passes the vault's save as the commit hook (see Open and OnCommit).
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors: driver errors are mapped to these once, here, so callers
// never match on SQLite's wording.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("already exists")
	ErrAmbiguous = errors.New("ambiguous")
)

// DBTX is what both *sql.DB and *sql.Tx offer; a Store runs its queries on
// either, so every method works inside or outside a transaction.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Store is a handle on Penny's database. The zero value is not usable; get one
// from Open.
type Store struct {
	db *sql.DB
	q  DBTX
	tx *sql.Tx
	// onCommit runs after every committed write transaction; the vault uses it
	// to seal and save the database so that a write is durable when the call
	// that made it returns.
	onCommit func(ctx context.Context) error
	// shared, when set, coordinates writes with other processes (Shared).
	shared Shared
	// now is the clock, replaceable in tests.
	now func() time.Time
	// conn is the connection a write transaction runs on.
	conn *sql.Conn
	// inMemory, when set, makes a read-only database writable in memory
	// before a migration (WithInMemory).
	inMemory func(ctx context.Context) error
	// added holds, within a write transaction, the month totals of the rows
	// InsertTransactions inserted, for flushTotals to fold into the kept
	// ones (inserts mark no group: see 0005_insert_totals.sql).
	added *addedTotals
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Option changes how Open sets up a Store.
type Option func(*Store)

// OnCommit installs the hook that runs after each committed write
// transaction. The caller that composes a vault with a store passes the
// vault's save here, so a write is sealed to disk before the call that made
// it returns.
func OnCommit(fn func(ctx context.Context) error) Option {
	return func(s *Store) { s.onCommit = fn }
}

// Shared is what keeps one database consistent across processes that each
// hold a copy of it in memory: the vault. A write transaction is bracketed
// by BeginWrite (take the write lock, load what others saved since) and
// EndWrite (let go), with Save, the commit, in between; Refresh loads what
// others saved outside a write.
type Shared interface {
	BeginWrite(ctx context.Context) (reloaded bool, err error)
	Save(ctx context.Context) error
	EndWrite()
	Refresh(ctx context.Context) (reloaded bool, err error)
}

// WithShared makes every write transaction of the store a write of sh, and
// its Save the commit hook.
func WithShared(sh Shared) Option {
	return func(s *Store) {
		s.shared = sh
		s.onCommit = sh.Save
	}
}

// WithInMemory names what makes a read-only database one that can be
// written in memory (a lazily read vault loads all of it): Open calls it
// before migrating an older read-only database in memory.
func WithInMemory(fn func(ctx context.Context) error) Option {
	return func(s *Store) { s.inMemory = fn }
}

// Refresh brings the store up to what other processes saved, when it is
// shared (WithShared), and reports whether anything was loaded. A loaded
// generation written by an older Penny is migrated in memory, as at Open.
func (s *Store) Refresh(ctx context.Context) (bool, error) {
	if s.shared == nil || s.tx != nil {
		return false, nil
	}
	reloaded, err := s.shared.Refresh(ctx)
	if err != nil || !reloaded {
		return false, err
	}
	if err := s.migrate(ctx); err != nil {
		return true, err
	}
	return true, nil
}

// Open prepares db, whatever holds it (a vault's in-memory database, a
// plain in-memory one), for Penny (foreign keys on, temp files in memory)
// and migrates its schema to the newest version. The migration is not a
// write transaction of the caller's: it does not run the commit hook.
func Open(ctx context.Context, db *sql.DB, opts ...Option) (*Store, error) {
	s := &Store{db: db, q: db, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	// temp_store=MEMORY keeps SQLite's sort and index temp files off the disk,
	// where they would be plaintext.
	for _, p := range []string{"PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"} {
		if _, err := db.ExecContext(ctx, p); err != nil {
			return nil, fmt.Errorf("store: %s: %w", p, err)
		}
	}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// SetOnCommit installs the hook that runs after each committed write
// transaction.
func (s *Store) SetOnCommit(fn func(ctx context.Context) error) { s.onCommit = fn }

// SetClock replaces the clock used for created/updated stamps.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// DB returns the underlying database handle.
func (s *Store) DB() *sql.DB { return s.db }

// InTx reports whether s is bound to an open transaction.
func (s *Store) InTx() bool { return s.tx != nil }

// WithTx runs fn inside one database transaction: everything fn does through
// the Store it is given commits together or not at all. Nested calls join the
// outer transaction. A shared store (WithShared) takes the write lock
// before the outermost transaction begins, on the newest generation, and
// lets it go when the call returns. After the outermost commit the commit
// hook runs (the vault's save) when the transaction changed a row; its
// error is returned, although the commit itself stands in memory.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	if s.shared != nil {
		// The write lock is held for this transaction alone, and the
		// transaction starts from the newest generation on disk, so that
		// it never overwrites another process's write.
		reloaded, err := s.shared.BeginWrite(ctx)
		if err != nil {
			return err
		}
		defer s.shared.EndWrite()
		if reloaded {
			if err := s.migrate(ctx); err != nil {
				return err
			}
		}
	}
	changed, err := s.runTx(ctx, fn)
	if err != nil || !changed {
		return err
	}
	if s.onCommit != nil {
		if err := s.onCommit(ctx); err != nil {
			return err
		}
	}
	return nil
}

// writeIndexes make writes faster and change no query's answer. A vault
// gets them in a write transaction rather than in a migration: a read-only
// open migrates in memory, at every command until a write saves it, and
// indexing a million rows took two seconds of each. Once there, each costs
// a look at the schema.
var writeIndexes = []string{
	// Pending rows are few (a few days of card holds), and every import
	// reads an account's (a posted row settles its hold): without an index
	// of their own that read walked the account's whole history.
	`CREATE INDEX IF NOT EXISTS transactions_pending ON transactions(account_id, posted) WHERE pending = 1`,
}

// runTx runs fn in a transaction on a connection held for it alone (the
// store's one connection), and reports whether the commit changed a row.
// The connection goes back before the commit hook runs, which needs it.
// Holding it as a *sql.Conn lets the bulk insert reach SQLite's handle
// (InsertTransactions).
func (s *Store) runTx(ctx context.Context, fn func(tx *Store) error) (changed bool, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("store: begin: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: begin: %w", err)
	}
	for _, ix := range writeIndexes {
		if _, err := tx.ExecContext(ctx, ix); err != nil {
			_ = tx.Rollback()
			return false, fmt.Errorf("store: begin: %w", err)
		}
	}
	inner := *s
	inner.q = tx
	inner.tx = tx
	inner.conn = conn
	inner.added = &addedTotals{}
	// A transaction that changed nothing (a delivery that found nothing to
	// claim) is not a write: it is not saved, and the vault's generation
	// stays, so nobody reloads for it.
	var before, after int64
	if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&before); err != nil {
		_ = tx.Rollback()
		return false, fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(&inner); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return false, errors.Join(err, fmt.Errorf("store: rollback: %w", rerr))
		}
		return false, err
	}
	// The kept month totals of the groups this transaction touched are
	// recomputed in it, so they are exact at every commit.
	if err := inner.flushTotals(ctx); err != nil {
		_ = tx.Rollback()
		return false, err
	}
	if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&after); err != nil {
		_ = tx.Rollback()
		return false, fmt.Errorf("store: commit: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: commit: %w", err)
	}
	return after != before, nil
}

// migrate applies every embedded migration newer than PRAGMA user_version,
// each in its own transaction together with the version bump.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	sort.Strings(names)
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("store: schema version: %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("store: the vault has schema version %d but this Penny knows only %d: %w", current, len(names), ErrNewerSchema)
	}
	if current < len(names) {
		// A vault opened read-only is migrated in memory all the same (its
		// owner never saves it), so an older vault can be read.
		var readOnly bool
		if err := s.db.QueryRowContext(ctx, "PRAGMA query_only").Scan(&readOnly); err != nil {
			return fmt.Errorf("store: migrations: %w", err)
		}
		if readOnly {
			if s.inMemory != nil {
				if err := s.inMemory(ctx); err != nil {
					return fmt.Errorf("store: migrations: %w", err)
				}
			}
			if _, err := s.db.ExecContext(ctx, "PRAGMA query_only=OFF"); err != nil {
				return fmt.Errorf("store: migrations: %w", err)
			}
			defer func() { _, _ = s.db.ExecContext(ctx, "PRAGMA query_only=ON") }()
		}
	}
	for i, name := range names {
		version := i + 1
		if version <= current {
			continue
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: read %s: %w", name, err)
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: migrate %s: %w", name, err)
		}
		if step := goSteps[version]; step != nil {
			if err := step(ctx, tx); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("store: migrate %s: %w", name, err)
			}
		}
		// From the kept month totals on, a migration that touches rows
		// (and the one that makes them, which marks every group) leaves
		// them exact like any write.
		if version >= totalsVersion {
			if err := (&Store{q: tx, tx: tx}).flushTotals(ctx); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("store: migrate %s: %w", name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version="+strconv.Itoa(version)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: migrate %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migrate %s: %w", name, err)
		}
	}
	return nil
}

// ErrFull means the in-memory database reached SQLite's size limit for a
// deserialized image, about 1 GiB: far above a household's 20–200 MiB, but
// said plainly if it happens.
var ErrFull = errors.New("the vault reached its size limit of about 1 GiB; nothing of this change was saved")

// ErrNewerSchema means the database was written by a newer Penny.
var ErrNewerSchema = errors.New("schema is newer than this program")

// SchemaVersion returns the schema version of the open database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// mapErr turns driver errors into the package's sentinels.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") {
		return fmt.Errorf("%w: %s", ErrConflict, msg)
	}
	if strings.Contains(msg, "database or disk is full") {
		return fmt.Errorf("%w: %s", ErrFull, msg)
	}
	return err
}

// stamp formats t the way every created/at column stores it.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// DateLayout is the ISO 8601 day, how dates are shown and exchanged.
const DateLayout = "2006-01-02"

// DateInt is how a transaction date is stored: the integer yyyymmdd.
func DateInt(t time.Time) int64 {
	// One Date call works the calendar out once; Year, Month and Day
	// each work it out again (an import calls this several times a row).
	y, m, d := t.Date()
	return int64(y)*10000 + int64(m)*100 + int64(d)
}

// IntDate turns a stored yyyymmdd back into a UTC date.
func IntDate(n int64) time.Time {
	return time.Date(int(n/10000), time.Month(n/100%100), int(n%100), 0, 0, 0, 0, time.UTC)
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func parseDate(s string) time.Time {
	t, _ := time.Parse(DateLayout, s)
	return t
}
