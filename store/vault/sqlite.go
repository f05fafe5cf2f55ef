package vault

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"runtime/debug"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// newMemDB opens an in-memory database on exactly one connection: a
// deserialized database lives only on the connection that loaded it, so the
// pool must never open a second one or retire the first.
func newMemDB(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, fmt.Errorf("vault: open database: %w", err)
	}
	oneConnection(db)
	if err := setConnection(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("vault: open database: %w", err)
	}
	return db, nil
}

// oneConnection keeps db's pool at its first connection for good.
func oneConnection(db *sql.DB) {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
}

type serializer interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

// loadImage makes an image of size bytes, written by fill, db's database.
// fill writes straight into memory SQLite owns when the driver allows
// (sqlite_image.go), with room for the database to grow by spare bytes
// before SQLite reallocates it, else into a buffer that Deserialize
// copies. Either way, when fill or the load fails, db keeps the database
// it had. An empty database has no pages, so its image is empty: the fresh
// connection already holds it.
func loadImage(ctx context.Context, db *sql.DB, size, spare int, fill func(dst []byte) error) error {
	if size == 0 {
		return fill(nil)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var filled error
	err = conn.Raw(func(dc any) error {
		if c, ok := directLoader(dc); ok {
			err := c.load(size, spare, func(dst []byte) error {
				filled = fill(dst)
				return filled
			})
			return err
		}
		s, ok := dc.(serializer)
		if !ok {
			return fmt.Errorf("the SQLite driver cannot deserialize")
		}
		buf, release := allocPlain(size)
		defer func() {
			clear(buf)
			release()
		}()
		if filled = fill(buf); filled != nil {
			return filled
		}
		return s.Deserialize(buf)
	})
	if filled != nil {
		return filled
	}
	if err != nil {
		return fmt.Errorf("load database image: %w", err)
	}
	// The image was authenticated, so it is what Penny wrote; reading the
	// schema is enough to catch an image this SQLite cannot use, without the
	// cost of a full integrity check on every open.
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_schema").Scan(&n); err != nil {
		return fmt.Errorf("database image: %w", err)
	}
	return setConnection(ctx, conn)
}

// setConnection gives a connection to a vault's database what every one
// has: temporary files in memory (on disk they would be plaintext), and
// a small page cache (smallPageCache); loadImage sets them again once an
// image is loaded.
func setConnection(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}) error {
	for _, p := range [...]string{"PRAGMA temp_store=MEMORY", smallPageCache} {
		if _, err := db.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// smallPageCache keeps SQLite's page cache small. The database is in
// memory already (the decrypted image, or a lazy vault's decrypted
// chunks): the cache's 2 MiB by default would be a copy of pages that are
// a memory copy away, in memory SQLite's allocator takes from the system
// 4 KiB at a time, each a page fault (a 20,000-row import spent a tenth
// of its time in them, and they were a fifth of `penny ask`'s). A page the
// cache dropped is copied again from the image, not decrypted again.
const smallPageCache = "PRAGMA cache_size=-256"

// serializeMax is the largest database a save copies out in one piece.
// Reading the pages one by one through the sqlite_dbpage table costs a
// query step per 4 KiB page (about 30 ms at 100k transactions, most of a
// save); one Serialize costs a memory copy, but holds two more copies of
// the database for a moment. Up to this size the copies are cheap;
// above it the pages are streamed.
const serializeMax = 64 << 20

// pages calls fn with the database's image in order. A deserialized
// database (every vault's once it has been opened) is one piece of memory
// SQLite owns, handed to fn as it is, with no copy (sqliteConn.image): fn
// runs while the connection is held, so nothing writes meanwhile, and must
// not keep the slice. Otherwise (a new vault's first save) the image comes
// in one piece from Serialize for a database up to serializeMax, wiped once
// fn has it sealed, else page by page (streamPages).
func pages(ctx context.Context, db *sql.DB, fn func(page []byte) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	direct := false
	err = conn.Raw(func(dc any) error {
		c, ok := directLoader(dc)
		if !ok {
			return nil
		}
		image, ok := c.image()
		if !ok {
			return nil
		}
		direct = true
		if len(image) == 0 {
			return nil
		}
		return fn(image)
	})
	conn.Close()
	if direct || err != nil {
		return err
	}
	var count, size int64
	if err := db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&count); err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	if count == 0 {
		return nil
	}
	if count*size > serializeMax {
		return streamPages(ctx, db, fn)
	}
	// A save bounds the heap's growth (boundGarbage) for the page stream's
	// garbage; the one copy here is no garbage, and must not make the
	// collector run all through the save.
	if lim := debug.SetMemoryLimit(-1); lim != math.MaxInt64 {
		debug.SetMemoryLimit(lim + 2*count*size)
		defer debug.SetMemoryLimit(lim)
	}
	conn, err = db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	defer conn.Close()
	var image []byte
	err = conn.Raw(func(dc any) error {
		s, ok := dc.(serializer)
		if !ok {
			return fmt.Errorf("the SQLite driver cannot serialize")
		}
		var err error
		image, err = s.Serialize()
		return err
	})
	if err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	defer clear(image)
	return fn(image)
}

// streamPages calls fn with each page of the database in order, straight
// from the sqlite_dbpage virtual table, so a save never holds a second full
// copy of the database in memory.
func streamPages(ctx context.Context, db *sql.DB, fn func(page []byte) error) error {
	rows, err := db.QueryContext(ctx, "SELECT data FROM sqlite_dbpage ORDER BY pgno")
	if err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var page sql.RawBytes
		if err := rows.Scan(&page); err != nil {
			return fmt.Errorf("read pages: %w", err)
		}
		if err := fn(page); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read pages: %w", err)
	}
	return nil
}
