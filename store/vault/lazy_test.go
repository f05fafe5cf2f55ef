package vault

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"testing"

	"penny/store"
)

// openLazy opens the vault file read-only and lazily, as `penny ask` does.
func openLazy(t *testing.T, path string) *Vault {
	t.Helper()
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Lazy: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	if r.lazy == nil {
		t.Fatal("the open was not lazy")
	}
	// Every file these tests open lazily keeps its plain checksums.
	if err := r.Damage(); err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

// scanRows reads every row of v's transactions through SQLite.
func scanRows(v *Vault) error {
	rows, err := v.db.QueryContext(context.Background(), "SELECT * FROM transactions")
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return errors.Join(rows.Err(), rows.Close())
}

// readAll reads every row through SQLite, then decrypts the whole image.
func readAll(v *Vault) error {
	if err := scanRows(v); err != nil {
		return err
	}
	return v.LoadAll(context.Background())
}

// decrypted counts the units a lazy vault has decrypted so far.
func decrypted(v *Vault) (done, all int) {
	v.lazy.mu.Lock()
	defer v.lazy.mu.Unlock()
	for _, s := range v.lazy.slot {
		if s != 0 {
			done++
		}
	}
	return done, len(v.lazy.slot)
}

// A lazy open holds the same database as a full one, byte for byte, with
// and without delta records; a query decrypts only part of it.
func TestLazyOpenReadsTheSameDatabase(t *testing.T) {
	t.Parallel()
	big, v := newVault(t, 20000)
	v.Close()
	withLog, _, _, _ := withRecords(t)
	for _, path := range []string{big, withLog} {
		full := openFresh(t, path)
		want, wantRows := imageOfVault(t, full), countRows(t, full)
		full.Close()
		r := openLazy(t, path)
		if _, err := r.Store().Accounts(t.Context()); err != nil {
			t.Fatal(err)
		}
		if done, all := decrypted(r); path == big && done*2 > all {
			t.Fatalf("listing the accounts decrypted %d of %d units", done, all)
		}
		// Reads of any length at any place, across chunks too, before
		// SQLite has read all of it: what a file read would return.
		rng := rand.New(rand.NewPCG(uint64(len(want)), 9))
		for range 200 {
			off := rng.IntN(len(want))
			p := make([]byte, rng.IntN(3*int(r.lazy.chunk)))
			n, err := r.lazy.readAt(p, int64(off))
			if n != min(len(p), len(want)-off) || !bytes.Equal(p[:n], want[off:off+n]) || (err != nil) != (n < len(p)) {
				t.Fatalf("read of %d at %d: %d bytes, %v", len(p), off, n, err)
			}
		}
		if got := countRows(t, r); got != wantRows {
			t.Fatalf("%d rows lazily, %d in full", got, wantRows)
		}
		if !bytes.Equal(imageOfVault(t, r), want) {
			t.Fatalf("%s: the lazy open reads another database", path)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if r.lazy.plain != nil || r.lazy.file != nil {
			t.Fatal("a closed lazy vault kept its image or its file")
		}
	}
}

// A chunk forged with the plain checksums refit opens lazily when the open
// does not read it (nothing forged is read), and is told the moment a query
// reads it: the query fails and Damage says the vault is damaged. A full
// open refuses the file outright.
func TestLazyForgedChunkIsToldWhenRead(t *testing.T) {
	t.Parallel()
	path, orig := sealedVault(t)
	hdr, hlen, _ := checkFile(orig)
	sealed := int(hdr.chunkSize) + tagLen
	chunks := (len(orig) - hlen + sealed - 1) / sealed
	forged := bytes.Clone(orig)
	at := hlen + (chunks/2)*sealed + 100
	forged[at] ^= 0x08
	if err := os.WriteFile(path, refit(t, forged), 0o600); err != nil {
		t.Fatal(err)
	}

	if _, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("full open: %v, want ErrDamaged", err)
	}
	r := openLazy(t, path)
	defer r.Close()
	if err := r.Damage(); err != nil {
		t.Fatalf("damage before anything read the chunk: %v", err)
	}
	if scanRows(r) == nil {
		t.Fatal("reading a forged chunk succeeded")
	}
	if err := r.Damage(); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Damage = %v, want ErrDamaged", err)
	}
	// Every read fails once one chunk did; so does a backup, which must not
	// copy what SQLite could not read.
	if _, err := r.Store().Accounts(t.Context()); err == nil {
		t.Fatal("a query succeeded after the vault was found forged")
	}
	if err := r.Backup(t.Context(), path+".backup", BackupOptions{Passphrase: []byte("backup pass"), KDF: testKDF, minKDF: testKDF}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("backup of a forged vault: %v, want ErrDamaged", err)
	}
	if _, err := os.Stat(path + ".backup"); err == nil {
		t.Fatal("a backup of a forged vault was written")
	}
}

// A backup of a lazy vault holds the whole database.
func TestLazyVaultBacksUpWhole(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 5000)
	v.Close()
	r := openLazy(t, path)
	defer r.Close()
	if _, err := r.Store().Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	b, err := Open(t.Context(), backupOf(t, r, "backup pass"), OpenOptions{ReadOnly: true, Passphrase: passphrase("backup pass")})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	full := openFresh(t, path)
	defer full.Close()
	if !bytes.Equal(imageOfVault(t, b), imageOfVault(t, full)) {
		t.Fatal("the backup of a lazy vault holds another database")
	}
}

// A lazy reader picks up what a writer saved (Refresh loads the full image
// into its connection) and lets its lazy image go.
func TestLazyVaultRefreshes(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 3000)
	v.Close()
	r := openLazy(t, path)
	defer r.Close()
	before := countRows(t, r)
	w := openWriter(t, path)
	addTx(t, w, "after-lazy-open")
	reloaded, err := r.Refresh(t.Context())
	if err != nil || !reloaded {
		t.Fatalf("refresh: %v, %v", reloaded, err)
	}
	if got := countRows(t, r); got != before+1 {
		t.Fatalf("%d rows after the refresh, want %d", got, before+1)
	}
	if r.lazy.plain != nil {
		t.Fatal("the lazy image outlived the reload")
	}
	if !bytes.Equal(imageOfVault(t, r), imageOfVault(t, w)) {
		t.Fatal("the reader holds another database than the writer")
	}
	if _, err := r.Store().Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// An older vault opened lazily is migrated in memory as any read-only vault
// is: the store asks the vault for the whole image first (WithInMemory).
// Without that the migration's writes meet a read-only file.
func TestLazyVaultMigratesInMemory(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 500)
	if _, err := v.DB().ExecContext(t.Context(), `DROP TABLE month_totals; DROP TABLE month_total_strings; DROP TABLE month_totals_dirty;
		DROP TABLE data_generation; DROP TRIGGER transactions_totals_delete;
		DROP TRIGGER transactions_totals_update; DROP TRIGGER rules_generation_insert; DROP TRIGGER rules_generation_delete;
		DROP TRIGGER rules_generation_update; PRAGMA user_version = 3`); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(t.Context()); err != nil {
		t.Fatal(err)
	}
	v.Close()
	before, _ := onDisk(t, path)

	r := openLazy(t, path)
	if _, err := store.Open(t.Context(), r.DB()); err == nil {
		t.Fatal("a migration wrote to the lazy file")
	}
	r.Close()

	r = openLazy(t, path)
	defer r.Close()
	st, err := store.Open(t.Context(), r.DB(), store.WithShared(r), store.WithInMemory(r.LoadAll))
	if err != nil {
		t.Fatal(err)
	}
	var groups int
	if err := st.DB().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM month_totals`).Scan(&groups); err != nil || groups == 0 {
		t.Fatalf("%d kept groups after the migration in memory, %v", groups, err)
	}
	if _, err := st.InsertTransactions(t.Context(), []store.NewTransaction{{AccountID: 1, ExternalID: "x", Amount: -1, Currency: "USD", Payee: "X"}}); err == nil {
		t.Fatal("the migrated read-only vault took a write")
	}
	after, _ := onDisk(t, path)
	if !bytes.Equal(before, after) {
		t.Fatal("a read-only migration changed the file")
	}
}

// expectLazyDamaged is expectDamaged's check for a lazy read-only open of
// content: refused as damaged, or, when the plain checksums hold (a forgery
// with them refit), opened and then refusing to read all of it.
func expectLazyDamaged(t *testing.T, path string, content []byte, what string) {
	t.Helper()
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Lazy: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("%s, lazy open: err = %v, want ErrDamaged", what, err)
		}
		return
	}
	defer r.Close()
	if _, _, cerr := checkFile(content); cerr != nil {
		// The body's checksum runs beside the queries: Verify, which a
		// command asks before it shows anything, tells it.
		if err := r.Damage(); !errors.Is(err, ErrDamaged) {
			t.Fatalf("%s: a lazy open of a file whose plain checksums fail (%v) verified: %v", what, cerr, err)
		}
		if err := readAll(r); err == nil {
			t.Fatalf("%s: reads go on after the checksum failed", what)
		}
		return
	}
	if err := readAll(r); err == nil || !errors.Is(r.Damage(), ErrDamaged) {
		t.Fatalf("%s, lazy open: read all: %v, damage %v", what, err, r.Damage())
	}
}
