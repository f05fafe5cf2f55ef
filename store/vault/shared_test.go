package vault

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"penny/store"
)

// Several handles on one vault file stand for several Penny processes: each
// holds its own database in memory and its own flock on the lock file, as
// separate processes do.

func openWriter(t *testing.T, path string) *Vault {
	t.Helper()
	v, err := Open(t.Context(), path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func addTx(t *testing.T, v *Vault, ext string) {
	t.Helper()
	accts, err := v.Store().Accounts(t.Context())
	if err != nil || len(accts) == 0 {
		t.Fatalf("accounts: %v %v", accts, err)
	}
	_, err = v.Store().InsertTransactions(t.Context(), []store.NewTransaction{{AccountID: accts[0].ID, ExternalID: ext,
		Posted: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Amount: -4200, Currency: "USD", Payee: "NETFLIX.COM"}})
	if err != nil {
		t.Fatalf("insert %s: %v", ext, err)
	}
}

func fileGen(t *testing.T, path string) uint64 {
	t.Helper()
	g, err := FileGeneration(path)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestWritersTakeTurnsAndKeepEachOthersWork(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 5)
	v.Close()
	start := fileGen(t, path)
	a, b := openWriter(t, path), openWriter(t, path)
	for i := range 4 {
		addTx(t, a, fmt.Sprintf("a-%d", i))
		addTx(t, b, fmt.Sprintf("b-%d", i))
	}
	if got := fileGen(t, path); got != start+8 {
		t.Errorf("generation %d after 8 writes from %d", got, start)
	}
	// b wrote last and holds everything; a catches up by refreshing.
	if n := countRows(t, b); n != 13 {
		t.Errorf("the last writer holds %d rows, want 13", n)
	}
	if ok, err := a.Refresh(t.Context()); err != nil || !ok {
		t.Fatalf("refresh after another's write: %v %v", ok, err)
	}
	if n := countRows(t, a); n != 13 {
		t.Errorf("after refreshing, %d rows, want 13", n)
	}
	// What the connection set up survives the reload: foreign keys, temp
	// files in memory, the size limit.
	var fk, temp, pages int64
	db := a.DB()
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d after reload (%v)", fk, err)
	}
	if err := db.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
		t.Errorf("temp_store = %d after reload (%v)", temp, err)
	}
	if err := a.SetSizeLimit(t.Context(), 8<<20); err != nil {
		t.Fatal(err)
	}
	addTx(t, b, "b-more")
	if _, err := a.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	var pageSize int64
	db.QueryRow("PRAGMA page_size").Scan(&pageSize)
	if err := db.QueryRow("PRAGMA max_page_count").Scan(&pages); err != nil || pages*pageSize != 8<<20 {
		t.Errorf("max_page_count = %d pages of %d after reload (%v), want 8 MiB", pages, pageSize, err)
	}
	if ok, err := a.Refresh(t.Context()); err != nil || ok {
		t.Errorf("a second refresh with nothing new reloaded (%v, %v)", ok, err)
	}
	if a.Generation() != start+9 {
		t.Errorf("a holds generation %d, want %d", a.Generation(), start+9)
	}
}

func TestConcurrentWritersLoseNothing(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 0)
	v.Close()
	start := fileGen(t, path)
	const writers, each = 4, 6
	handles := make([]*Vault, writers)
	for i := range handles {
		handles[i] = openWriter(t, path)
	}
	var wg sync.WaitGroup
	for i, h := range handles {
		wg.Go(func() {
			for j := range each {
				addTx(t, h, fmt.Sprintf("w%d-%d", i, j))
			}
		})
	}
	wg.Wait()
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := countRows(t, r); n != writers*each {
		t.Errorf("%d rows after %d concurrent writes", n, writers*each)
	}
	if got := fileGen(t, path); got != start+writers*each {
		t.Errorf("generation %d, want %d", got, start+writers*each)
	}
	if r.Generation() != start+writers*each {
		t.Errorf("a fresh open holds generation %d", r.Generation())
	}
}

func TestReaderNoticesAndReloads(t *testing.T) {
	t.Parallel()
	path, w := newVault(t, 3)
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Changed() {
		t.Error("a reader that just opened sees a change")
	}
	addTx(t, w, "new-1")
	if !r.Changed() {
		t.Fatal("the reader did not notice the save")
	}
	if ok, err := r.Refresh(t.Context()); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	if n := countRows(t, r); n != 4 {
		t.Errorf("reader holds %d rows after reload, want 4", n)
	}
	if r.Changed() {
		t.Error("still changed after the reload")
	}
	// The reload keeps the reader read-only.
	if err := r.Store().SetSetting(t.Context(), "x", "y"); err == nil {
		t.Error("a reloaded read-only vault accepted a write")
	}
}

func TestSaveOutsideAWriteRefusesToLoseWork(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 1)
	v.Close()
	a, b := openWriter(t, path), openWriter(t, path)
	addTx(t, b, "b-1")
	before, _ := os.ReadFile(path)
	if err := a.Save(t.Context()); !errors.Is(err, ErrStale) {
		t.Fatalf("a save over a generation never loaded: %v, want ErrStale", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the refused save changed the file")
	}
}

func TestRefreshFollowsAKeyRotation(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2)
	v.Close()
	a, b := openWriter(t, path), openWriter(t, path)
	// b rotates the data key; the passphrase stays, so a's key-encryption
	// key still opens the new slot.
	if err := b.Rekey(t.Context(), RekeyOptions{minKDF: testKDF, KDF: testKDF}); err != nil {
		t.Fatal(err)
	}
	addTx(t, b, "after-rekey")
	addTx(t, a, "from-a")
	if n := countRows(t, a); n != 4 {
		t.Errorf("a holds %d rows after writing on the rotated vault, want 4", n)
	}
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatalf("open after a write under the rotated key: %v", err)
	}
	defer r.Close()
	if n := countRows(t, r); n != 4 {
		t.Errorf("%d rows on disk, want 4", n)
	}
	// A new passphrase is a new key-encryption key: a cannot follow, and
	// says so rather than reading garbage.
	if err := b.setPassphrase(t.Context(), []byte("another one"), testKDF, testKDF); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Refresh(t.Context()); !errors.Is(err, ErrLocked) {
		t.Errorf("refresh after another changed the passphrase: %v, want ErrLocked", err)
	}
}

func TestRefreshRefusesAReplacedVault(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2)
	other := tempVaultPath(t)
	w, err := Create(t.Context(), other, CreateOptions{Passphrase: []byte("correct horse"), KDF: testKDF, minKDF: testKDF, Init: migrate})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Refresh(t.Context()); !errors.Is(err, ErrReplaced) {
		t.Fatalf("refresh onto another vault: %v, want ErrReplaced", err)
	}
	v.Close()
}

func tempVaultPath(t *testing.T) string { return t.TempDir() + "/" + FileName }

func TestGenerationIsAuthenticated(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2)
	v.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hdr, n, err := parseHeader(b)
	if err != nil || hdr.generation == 0 || hdr.version != formatVersion {
		t.Fatalf("header: %+v %v", hdr, err)
	}
	// Raise the generation and mend the plain checksum, as someone who
	// wants a stale copy taken for the newest would.
	binary.LittleEndian.PutUint64(b[80:88], hdr.generation+100)
	sum := sha256.Sum256(b[:n-checksumLen])
	copy(b[n-checksumLen:n], sum[:])
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if g := fileGen(t, path); g != hdr.generation+100 {
		t.Fatalf("the edit did not take: generation %d", g)
	}
	if _, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("open with a forged generation: %v, want ErrDamaged", err)
	}
}

func TestVersion1FileOpensAndMovesOn(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2)
	// Seal the same database in the version 1 layout.
	v.mu.Lock()
	v.hdr.version = 1
	v.legacyV1 = true
	err := v.save(t.Context())
	v.legacyV1 = false
	v.mu.Unlock()
	v.Close()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if binary.LittleEndian.Uint16(b[8:10]) != 1 {
		t.Fatalf("the file is version %d", binary.LittleEndian.Uint16(b[8:10]))
	}
	if g := fileGen(t, path); g != 0 {
		t.Errorf("a version 1 file reads as generation %d, want 0", g)
	}
	w := openWriter(t, path)
	if n := countRows(t, w); n != 2 {
		t.Fatalf("version 1 vault holds %d rows", n)
	}
	addTx(t, w, "v2")
	b, _ = os.ReadFile(path)
	if binary.LittleEndian.Uint16(b[8:10]) != formatVersion || fileGen(t, path) != 1 {
		t.Errorf("after a write: version %d generation %d, want %d and 1",
			binary.LittleEndian.Uint16(b[8:10]), fileGen(t, path), formatVersion)
	}
}

// waitReport waits for a report on ch; the deadline only stops a broken
// watcher from hanging the test.
func waitReport(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case _, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the watch ended", what)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: no report", what)
	}
}

func TestWatchReportsAnotherProcessSave(t *testing.T) {
	t.Parallel()
	path, w := newVault(t, 1)
	r := openWriter(t, path)
	ctx, cancel := context.WithCancel(t.Context())
	kernel := Watch(ctx, path, time.Hour) // inotify on Linux: the poll never fires
	pctx, pcancel := context.WithCancel(t.Context())
	polled := make(chan struct{}, 1)
	go pollFile(pctx, path, statFile(path), 5*time.Millisecond, polled)
	addTx(t, w, "watched")
	waitReport(t, kernel, "inotify")
	waitReport(t, polled, "poll")
	if ok, err := r.Refresh(t.Context()); err != nil || !ok {
		t.Fatalf("refresh after the report: %v %v", ok, err)
	}
	cancel()
	pcancel()
	for range kernel {
	}
	for range polled {
	}
}

// Every database a vault holds in memory keeps SQLite's page cache small
// (smallPageCache): a new vault's, one opened for writing, one opened
// lazily, and one reloaded after another process's save.
func TestEveryOpenKeepsThePageCacheSmall(t *testing.T) {
	ctx := t.Context()
	check := func(what string, v *Vault) {
		t.Helper()
		var n int
		if err := v.DB().QueryRowContext(ctx, "PRAGMA cache_size").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint("PRAGMA cache_size=", n) != smallPageCache {
			t.Fatalf("%s: cache_size %d, want %q", what, n, smallPageCache)
		}
	}
	path, created := newVault(t, 50)
	check("a new vault", created)
	created.Close()
	w := openWriter(t, path)
	check("opened for writing", w)
	lazy, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse"), ReadOnly: true, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lazy.Close()
	check("opened lazily", lazy)
	reader, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse"), ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	addTx(t, w, "after")
	if changed, err := reader.Refresh(ctx); err != nil || !changed {
		t.Fatalf("refresh: %v %v", changed, err)
	}
	check("reloaded after another save", reader)
}
