// Package sqlitehandle reaches the SQLite handle behind a connection of the
// pure-Go driver (modernc.org/sqlite), for the two places where going
// through database/sql costs more than the work: loading and saving the
// vault's in-memory database without copying it (store/vault), and binding
// the many parameters of a bulk insert (store).
//
// The driver exports no handle, so it is read from the connection's fields;
// Of checks their names and types and reports ok=false for any other driver
// or version, and every caller then falls back to database/sql. The handle
// may only be used inside (*sql.Conn).Raw, which holds the connection for
// the caller alone.
package sqlitehandle

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Conn is a connection's SQLite handle and its libc thread state.
type Conn struct {
	DB  uintptr
	TLS *libc.TLS
}

var tlsType = reflect.TypeFor[*libc.TLS]()

// Of returns the handle of dc, the driver connection (*sql.Conn).Raw hands
// over, when dc is the modernc.org/sqlite connection this code knows.
func Of(dc any) (Conn, bool) {
	if _, ok := dc.(driver.Conn); !ok {
		return Conn{}, false
	}
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return Conn{}, false
	}
	s := v.Elem()
	if s.Kind() != reflect.Struct || s.Type().PkgPath() != "modernc.org/sqlite" || s.Type().Name() != "conn" {
		return Conn{}, false
	}
	db, tls := s.FieldByName("db"), s.FieldByName("tls")
	if !db.IsValid() || db.Kind() != reflect.Uintptr || !tls.IsValid() || tls.Type() != tlsType || tls.IsNil() {
		return Conn{}, false
	}
	c := Conn{DB: uintptr(db.Uint()), TLS: (*libc.TLS)(tls.UnsafePointer())}
	if c.DB == 0 {
		return Conn{}, false
	}
	return c, true
}

// Bytes is the memory at p, of n bytes, as a slice. p must be memory SQLite
// allocated (outside the Go heap, which never moves or frees it).
func Bytes(p uintptr, n int) []byte {
	return unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&p))), n)
}

// Error is SQLite's error for a statement: its extended result code and
// message.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%d)", e.Msg, e.Code) }

func (c Conn) err(rc int32) error {
	code := int(sqlite3.Xsqlite3_extended_errcode(c.TLS, c.DB))
	if code == 0 {
		code = int(rc)
	}
	return &Error{Code: code, Msg: libc.GoString(sqlite3.Xsqlite3_errmsg(c.TLS, c.DB))}
}

// Stmt is a statement that binds its parameters straight into SQLite: no
// per-parameter conversion, boxing or allocation. Text and blob values are
// copied into one scratch buffer per round (SQLite reads them there until
// the statement is reset), so a round starts with Round, given how many
// bytes its values take in all.
type Stmt struct {
	c       Conn
	p       uintptr
	scratch uintptr
	size    int
	used    int
	err     error
}

// Prepare compiles query on c.
func (c Conn) Prepare(query string) (*Stmt, error) {
	z, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.TLS, z)
	pp := c.TLS.Alloc(8)
	defer c.TLS.Free(8)
	if rc := sqlite3.Xsqlite3_prepare_v2(c.TLS, c.DB, z, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		return nil, c.err(rc)
	}
	p := *(*uintptr)(*(*unsafe.Pointer)(unsafe.Pointer(&pp)))
	if p == 0 {
		return nil, errors.New("sqlitehandle: empty statement")
	}
	return &Stmt{c: c, p: p}, nil
}

// Round starts binding a new set of parameters whose text and blob values
// take n bytes in all.
func (s *Stmt) Round(n int) error {
	s.used, s.err = 0, nil
	if n+1 > s.size {
		if s.scratch != 0 {
			sqlite3.Xsqlite3_free(s.c.TLS, s.scratch)
			s.scratch, s.size = 0, 0
		}
		size := max(2*n, 4096)
		p := sqlite3.Xsqlite3_malloc64(s.c.TLS, uint64(size))
		if p == 0 {
			return fmt.Errorf("sqlitehandle: cannot allocate %d bytes", size)
		}
		s.scratch, s.size = p, size
	}
	return nil
}

func (s *Stmt) check(rc int32) {
	if rc != sqlite3.SQLITE_OK && s.err == nil {
		s.err = s.c.err(rc)
	}
}

// Int64 binds parameter i (from 1) to v.
func (s *Stmt) Int64(i int, v int64) {
	s.check(sqlite3.Xsqlite3_bind_int64(s.c.TLS, s.p, int32(i), v))
}

// Null binds parameter i to NULL.
func (s *Stmt) Null(i int) {
	s.check(sqlite3.Xsqlite3_bind_null(s.c.TLS, s.p, int32(i)))
}

// room reserves n bytes of the round's scratch. An empty value still gets
// a pointer that is not NULL, which SQLite would bind as NULL.
func (s *Stmt) room(n int) (uintptr, []byte, bool) {
	if s.used+n > s.size || s.scratch == 0 {
		if s.err == nil {
			s.err = errors.New("sqlitehandle: the round's values are larger than it said")
		}
		return 0, nil, false
	}
	p := s.scratch + uintptr(s.used)
	s.used += n
	return p, Bytes(p, n), true
}

// Text binds parameter i to the text v.
func (s *Stmt) Text(i int, v string) {
	if p, b, ok := s.room(len(v)); ok {
		copy(b, v)
		s.check(sqlite3.Xsqlite3_bind_text(s.c.TLS, s.p, int32(i), p, int32(len(v)), 0))
	}
}

// Blob binds parameter i to the blob v.
func (s *Stmt) Blob(i int, v []byte) {
	if p, b, ok := s.room(len(v)); ok {
		copy(b, v)
		s.check(sqlite3.Xsqlite3_bind_blob(s.c.TLS, s.p, int32(i), p, int32(len(v)), 0))
	}
}

// Exec runs the statement bound in this round to its end and resets it.
func (s *Stmt) Exec() error {
	if s.err != nil {
		sqlite3.Xsqlite3_reset(s.c.TLS, s.p)
		return s.err
	}
	rc := sqlite3.Xsqlite3_step(s.c.TLS, s.p)
	var err error
	if rc != sqlite3.SQLITE_DONE && rc != sqlite3.SQLITE_ROW {
		err = s.c.err(rc)
	}
	sqlite3.Xsqlite3_reset(s.c.TLS, s.p)
	return err
}

// LastInsertID is the rowid of the last row the connection inserted.
func (c Conn) LastInsertID() int64 {
	return sqlite3.Xsqlite3_last_insert_rowid(c.TLS, c.DB)
}

// Close finalizes the statement and frees its scratch.
func (s *Stmt) Close() {
	if s.p != 0 {
		sqlite3.Xsqlite3_finalize(s.c.TLS, s.p)
		s.p = 0
	}
	if s.scratch != 0 {
		sqlite3.Xsqlite3_free(s.c.TLS, s.scratch)
		s.scratch, s.size = 0, 0
	}
}

// Args binds a query's arguments, as database/sql would pass them: int,
// int64, bool, string, []byte and nil. Text and blobs are copied by SQLite
// (SQLITE_TRANSIENT): a query binds few.
func (s *Stmt) Args(args ...any) error {
	for i, a := range args {
		p := int32(i + 1)
		var rc int32
		switch v := a.(type) {
		case nil:
			rc = sqlite3.Xsqlite3_bind_null(s.c.TLS, s.p, p)
		case int:
			rc = sqlite3.Xsqlite3_bind_int64(s.c.TLS, s.p, p, int64(v))
		case int64:
			rc = sqlite3.Xsqlite3_bind_int64(s.c.TLS, s.p, p, v)
		case bool:
			b := int64(0)
			if v {
				b = 1
			}
			rc = sqlite3.Xsqlite3_bind_int64(s.c.TLS, s.p, p, b)
		case string:
			z, err := libc.CString(v)
			if err != nil {
				return err
			}
			rc = sqlite3.Xsqlite3_bind_text(s.c.TLS, s.p, p, z, int32(len(v)), sqlite3.SQLITE_TRANSIENT)
			libc.Xfree(s.c.TLS, z)
		case []byte:
			if len(v) == 0 {
				rc = sqlite3.Xsqlite3_bind_zeroblob(s.c.TLS, s.p, p, 0)
				break
			}
			z := sqlite3.Xsqlite3_malloc64(s.c.TLS, uint64(len(v)))
			if z == 0 {
				return errors.New("sqlitehandle: out of memory")
			}
			copy(Bytes(z, len(v)), v)
			rc = sqlite3.Xsqlite3_bind_blob(s.c.TLS, s.p, p, z, int32(len(v)), sqlite3.SQLITE_TRANSIENT)
			sqlite3.Xsqlite3_free(s.c.TLS, z)
		default:
			return fmt.Errorf("sqlitehandle: cannot bind a %T", a)
		}
		if rc != sqlite3.SQLITE_OK {
			return s.c.err(rc)
		}
	}
	return nil
}

// Next steps to the next row: false at the end (the statement is reset)
// or on an error.
func (s *Stmt) Next() (bool, error) {
	switch rc := sqlite3.Xsqlite3_step(s.c.TLS, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		sqlite3.Xsqlite3_reset(s.c.TLS, s.p)
		return false, nil
	default:
		err := s.c.err(rc)
		sqlite3.Xsqlite3_reset(s.c.TLS, s.p)
		return false, err
	}
}

// IsNull reports whether column i (from 0) of the current row is NULL.
func (s *Stmt) IsNull(i int) bool {
	return sqlite3.Xsqlite3_column_type(s.c.TLS, s.p, int32(i)) == sqlite3.SQLITE_NULL
}

// Int64Col is column i of the current row as an integer.
func (s *Stmt) Int64Col(i int) int64 {
	return sqlite3.Xsqlite3_column_int64(s.c.TLS, s.p, int32(i))
}

// TextCol is column i of the current row as text, copied out.
func (s *Stmt) TextCol(i int) string {
	p := sqlite3.Xsqlite3_column_text(s.c.TLS, s.p, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(s.c.TLS, s.p, int32(i))
	if p == 0 || n <= 0 {
		return ""
	}
	return string(Bytes(p, int(n)))
}

// BlobCol is column i of the current row as bytes, copied out; nil for
// NULL.
func (s *Stmt) BlobCol(i int) []byte {
	p := sqlite3.Xsqlite3_column_blob(s.c.TLS, s.p, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(s.c.TLS, s.p, int32(i))
	if p == 0 {
		if s.IsNull(i) {
			return nil
		}
		return []byte{}
	}
	return append([]byte{}, Bytes(p, int(n))...)
}
