package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"testing"
)

// The open path decrypts straight into SQLite's memory only while the
// driver's connection has the shape directLoader knows; a driver upgrade
// that changes it must fail here, not quietly bring back the copy.
func TestImagesLoadWithoutACopy(t *testing.T) {
	ctx := context.Background()
	db, err := newMemDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var known bool
	if err := conn.Raw(func(dc any) error { _, known = directLoader(dc); return nil }); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if !known {
		t.Fatal("directLoader does not recognize the SQLite driver's connection: opening a vault copies the database again")
	}
	if _, ok := directLoader(struct{}{}); ok {
		t.Fatal("directLoader accepted something that is not the driver's connection")
	}
}

// imageOf returns the serialized image of a database built by stmts.
func imageOf(t *testing.T, stmts ...string) []byte {
	t.Helper()
	ctx := context.Background()
	db, err := newMemDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	var image []byte
	if err := pages(ctx, db, func(p []byte) error { image = append(image, p...); return nil }); err != nil {
		t.Fatal(err)
	}
	return image
}

func count(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// A loaded image is the database, grows with writes, and a failed load
// leaves the database that was there.
func TestLoadImage(t *testing.T) {
	ctx := context.Background()
	db, err := newMemDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first := imageOf(t, "CREATE TABLE a(x)", "INSERT INTO a VALUES (1), (2)")
	if err := loadImage(ctx, db, len(first), 4096, func(dst []byte) error { copy(dst, first); return nil }); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "a"); n != 2 {
		t.Fatalf("a has %d rows, want 2", n)
	}
	// Writes far beyond the image's size: the memory SQLite was handed
	// must be resizeable and its own.
	if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
		INSERT INTO a SELECT printf('%0100d', i) FROM n`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "a"); n != 20002 {
		t.Fatalf("a has %d rows, want 20002", n)
	}

	second := imageOf(t, "CREATE TABLE b(y)", "INSERT INTO b VALUES (3)")
	boom := errors.New("the body did not authenticate")
	err = loadImage(ctx, db, len(second), 0, func(dst []byte) error {
		copy(dst, second)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("loadImage = %v, want the fill's error", err)
	}
	if n := count(t, db, "a"); n != 20002 {
		t.Fatalf("after a failed load a has %d rows, want 20002", n)
	}

	if err := loadImage(ctx, db, len(second), 0, func(dst []byte) error { copy(dst, second); return nil }); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "b"); n != 1 {
		t.Fatalf("b has %d rows, want 1", n)
	}
	if _, err := db.ExecContext(ctx, "SELECT * FROM a"); err == nil {
		t.Fatal("the database loaded before is still there")
	}
}

// A deserialized database is sealed from SQLite's own memory, no copy
// made; its bytes are what the driver's Serialize copies out. A fresh
// in-memory database has no such piece and goes the driver's way.
func TestSavesReadTheImageInPlace(t *testing.T) {
	ctx := context.Background()
	fresh, err := newMemDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.ExecContext(ctx, "CREATE TABLE a(x)"); err != nil {
		t.Fatal(err)
	}
	inPlace := func(db *sql.DB) (image []byte, ok bool) {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Raw(func(dc any) error {
			c, known := directLoader(dc)
			if known {
				var b []byte
				b, ok = c.image()
				image = bytes.Clone(b)
			}
			return nil
		})
		return image, ok
	}
	if _, ok := inPlace(fresh); ok {
		t.Fatal("a fresh in-memory database claims to be one piece")
	}

	db, err := newMemDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first := imageOf(t, "CREATE TABLE a(x)", "INSERT INTO a VALUES (1)")
	if err := loadImage(ctx, db, len(first), 1<<20, func(dst []byte) error { copy(dst, first); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000)
		INSERT INTO a SELECT printf('%0200d', i) FROM n`); err != nil {
		t.Fatal(err)
	}
	direct, ok := inPlace(db)
	if !ok {
		t.Fatal("a deserialized database is not sealed in place")
	}
	var sealed []byte
	if err := pages(ctx, db, func(p []byte) error { sealed = append(sealed, p...); return nil }); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var copied []byte
	if err := conn.Raw(func(dc any) error {
		var err error
		copied, err = dc.(serializer).Serialize()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if !bytes.Equal(sealed, copied) || !bytes.Equal(direct, copied) || len(copied) < 1<<20 {
		t.Fatalf("in place %d bytes, through pages %d, Serialize %d: not the same image", len(direct), len(sealed), len(copied))
	}
}
