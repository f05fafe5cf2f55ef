package vault

import (
	"fmt"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	"penny/internal/sqlitehandle"
)

// The driver's Deserialize copies the image it is given into memory it
// allocates itself, which the kernel then maps in one 4 KiB page fault at a
// time: opening a vault of a million transactions spent about a second of
// its time there, more than decrypting the file. Penny decrypts straight
// into memory SQLite owns instead, asking for transparent huge pages first,
// and hands that memory to sqlite3_deserialize: one copy of the database
// and a few hundred faults instead of two copies and fifty thousand.
//
// The driver does not export its connection's handle; package
// sqlitehandle reads it from the connection's fields and reports ok=false
// for any other driver or version, which falls back to Deserialize
// (TestImagesLoadWithoutACopy holds this version to the fast path).

// sqliteConn is a connection's SQLite handle and its libc thread state.
type sqliteConn struct {
	db  uintptr
	tls *libc.TLS
}

// directLoader returns the handle of dc when dc is the modernc.org/sqlite
// connection this code knows.
func directLoader(dc any) (sqliteConn, bool) {
	h, ok := sqlitehandle.Of(dc)
	return sqliteConn{db: h.DB, tls: h.TLS}, ok
}

// load allocates size+spare bytes with sqlite3_malloc64, lets fill write
// the image of size bytes there and makes it the connection's main
// database, which frees the memory when it closes or is replaced. SQLite
// grows the database into the spare bytes; without them the first write
// that adds a page reallocates the whole database to twice its size (a
// copy, and page faults, of all of it: a third of a 140-row import into a
// million-row vault). Spare bytes never written cost address space, not
// memory. On any failure the memory is wiped and freed and the connection
// keeps the database it had.
func (c sqliteConn) load(size, spare int, fill func(dst []byte) error) error {
	p := sqlite3.Xsqlite3_malloc64(c.tls, uint64(size+spare))
	if p == 0 {
		return fmt.Errorf("cannot allocate %d bytes for the database", size+spare)
	}
	// The memory is SQLite's (mmapped by its allocator), outside the Go
	// heap: the collector never moves or frees it.
	all := sqlitehandle.Bytes(p, size+spare)
	hugePages(pageAligned(all))
	mem := all[:size]
	if err := fill(mem); err != nil {
		clear(mem)
		sqlite3.Xsqlite3_free(c.tls, p)
		return err
	}
	schema := sqlite3.Xsqlite3_db_name(c.tls, c.db, 0)
	if schema == 0 {
		clear(mem)
		sqlite3.Xsqlite3_free(c.tls, p)
		return fmt.Errorf("no main database")
	}
	// With FREEONCLOSE, SQLite frees the memory itself when deserialize
	// fails.
	rc := sqlite3.Xsqlite3_deserialize(c.tls, c.db, schema, p, int64(size), int64(size+spare),
		sqlite3.SQLITE_DESERIALIZE_RESIZEABLE|sqlite3.SQLITE_DESERIALIZE_FREEONCLOSE)
	if rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("sqlite3_deserialize: error %d", rc)
	}
	return nil
}

// pageAligned is the part of b that starts and ends on a page boundary.
func pageAligned(b []byte) []byte {
	const page = 4096
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	first := (start + page - 1) &^ (page - 1)
	last := (start + uintptr(len(b))) &^ (page - 1)
	if last <= first {
		return nil
	}
	return b[first-start : last-start]
}

// image returns the connection's main database as the memory SQLite keeps
// it in (sqlite3_serialize with SQLITE_SERIALIZE_NOCOPY), when that is one
// piece: a deserialized database is. No copy is made; the slice is valid
// while the connection is held and nothing writes. ok is false for a
// database SQLite keeps in pages of its own (a fresh ":memory:" one).
func (c sqliteConn) image() (b []byte, ok bool) {
	pSize := c.tls.Alloc(8)
	defer c.tls.Free(8)
	schema := sqlite3.Xsqlite3_db_name(c.tls, c.db, 0)
	if schema == 0 {
		return nil, false
	}
	p := sqlite3.Xsqlite3_serialize(c.tls, c.db, schema, pSize, sqlite3.SQLITE_SERIALIZE_NOCOPY)
	size := *(*int64)(*(*unsafe.Pointer)(unsafe.Pointer(&pSize)))
	if p == 0 || size < 0 {
		return nil, false
	}
	return sqlitehandle.Bytes(p, int(size)), true
}
