package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"penny/store"
)

// oldDataKey opens a copy of a vault with pass and returns its data key: what
// someone holding the copy and the passphrase of that time obtains.
func oldDataKey(t *testing.T, copyPath, pass string) []byte {
	t.Helper()
	v, err := Open(t.Context(), copyPath, OpenOptions{ReadOnly: true, Passphrase: passphrase(pass)})
	if err != nil {
		t.Fatalf("the copy no longer opens with its own passphrase: %v", err)
	}
	defer v.Close()
	return bytes.Clone(v.dataKey)
}

// keepCopy copies the vault file out of the data folder, as a backup or a
// synced folder would.
func keepCopy(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.penny")
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return cp
}

// addLater writes data after the rotation: what the old key must not reach.
func addLater(t *testing.T, v *Vault, n int) {
	t.Helper()
	ctx := t.Context()
	st := v.Store()
	acct, err := st.CreateAccount(ctx, store.AccountParams{Name: "Savings", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	txs := make([]store.NewTransaction, n)
	for i := range txs {
		txs[i] = store.NewTransaction{AccountID: acct.ID, ExternalID: "later-" + string(rune('a'+i)),
			Posted: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Amount: -999, Currency: "USD", Payee: "AFTER THE ROTATION"}
	}
	if _, err := st.InsertTransactions(ctx, txs); err != nil {
		t.Fatal(err)
	}
}

// assertOldKeyOpensNothing tries the old data key, and the old passphrase
// when given, on every file in the vault's folder.
func assertOldKeyOpensNothing(t *testing.T, path string, oldKey []byte, oldPass string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	tried := map[string]bool{}
	for _, e := range entries {
		file, err := os.ReadFile(filepath.Join(filepath.Dir(path), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		hdr, hlen, err := checkFile(file)
		if err != nil {
			continue // not a vault (the lock file)
		}
		tried[e.Name()] = true
		if opensFirstChunk(hdr, oldKey, file[hlen:]) {
			t.Errorf("%s: the old data key opens its first chunk", e.Name())
		}
		if plain, free, err := decryptBody(hdr, oldKey, file[hlen:]); err == nil {
			free()
			t.Errorf("%s: the old data key decrypts it (%d bytes)", e.Name(), len(plain))
		}
		if oldPass != "" {
			if s, ok := hdr.slot(slotPassphrase); ok {
				if _, _, err := openPassphraseSlot(hdr.id, s, []byte(oldPass)); err == nil {
					t.Errorf("%s: the old passphrase opens its passphrase slot", e.Name())
				}
			}
		}
	}
	for _, name := range []string{FileName, FileName + ".prev"} {
		if !tried[name] {
			t.Errorf("%s was not among the vault files of the folder (%v)", name, tried)
		}
	}
}

func countTx(t *testing.T, path string, open OpenOptions) int64 {
	t.Helper()
	open.ReadOnly = true
	v, err := Open(t.Context(), path, open)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer v.Close()
	n, err := v.Store().CountTransactions(t.Context(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPasswdRotatesTheDataKey(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path, v := newVault(t, 3)
	v.Close()
	cp := keepCopy(t, path)

	v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(v.dataKey)
	if err := v.setPassphrase(ctx, []byte("battery staple"), testKDF, testKDF); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before, v.dataKey) {
		t.Fatal("passwd kept the data key")
	}
	addLater(t, v, 4)
	v.Close()

	oldKey := oldDataKey(t, cp, "correct horse")
	if !bytes.Equal(oldKey, before) {
		t.Fatal("the copy's slot holds another key than the vault had")
	}
	assertOldKeyOpensNothing(t, path, oldKey, "correct horse")
	if _, err := Open(ctx, path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase on the new vault: %v", err)
	}
	if n := countTx(t, path, OpenOptions{Passphrase: passphrase("battery staple")}); n != 7 {
		t.Fatalf("new vault: %d transactions, want 7", n)
	}
	// The copy still shows its own contents, and nothing written later.
	if n := countTx(t, cp, OpenOptions{Passphrase: passphrase("correct horse")}); n != 3 {
		t.Fatalf("the copy: %d transactions, want its own 3", n)
	}
}

func TestRekeyKeepsThePassphraseAndRotatesTheKey(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path, v := newVault(t, 3)
	v.Close()
	cp := keepCopy(t, path)

	v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(v.dataKey)
	if err := v.Rekey(ctx, RekeyOptions{}); err != nil {
		t.Fatal(err)
	}
	// Right after the rotation, before any other save: .prev too is new.
	assertOldKeyOpensNothing(t, path, before, "")
	addLater(t, v, 2)
	// A second rotation in the same process works from the kept slot keys.
	if err := v.Rekey(ctx, RekeyOptions{}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	oldKey := oldDataKey(t, cp, "correct horse")
	assertOldKeyOpensNothing(t, path, oldKey, "")
	if n := countTx(t, path, OpenOptions{Passphrase: passphrase("correct horse")}); n != 5 {
		t.Fatalf("after rekey: %d transactions, want 5", n)
	}
	if n := countTx(t, cp, OpenOptions{Passphrase: passphrase("correct horse")}); n != 3 {
		t.Fatalf("the copy: %d transactions, want its own 3", n)
	}
}

// A vault with both slots, unlocked by the keyring: rekey needs the current
// passphrase to keep the passphrase slot, refuses a wrong one without
// changing anything, and keeps the keyring entry working.
func TestRekeyWithBothSlots(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "data", FileName)
	kr := NewSystemKeyring() // the mock provider, see TestMain
	v, err := Create(ctx, path, CreateOptions{Keyring: kr, Passphrase: []byte("pw"), KDF: testKDF, minKDF: testKDF, Init: migrate})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, v.Store(), 2)
	v.Close()
	cp := keepCopy(t, path)

	v, err = Open(ctx, path, OpenOptions{Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	orig, _ := os.ReadFile(path)
	if err := v.Rekey(ctx, RekeyOptions{}); err == nil {
		t.Fatal("rekey without the current passphrase succeeded")
	}
	if err := v.Rekey(ctx, RekeyOptions{Passphrase: passphrase("wrong")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
		t.Fatal("a refused rekey changed the vault")
	}
	if err := v.Rekey(ctx, RekeyOptions{Passphrase: passphrase("pw")}); err != nil {
		t.Fatal(err)
	}
	addLater(t, v, 1)
	v.Close()

	assertOldKeyOpensNothing(t, path, oldDataKey(t, cp, "pw"), "")
	if n := countTx(t, path, OpenOptions{Keyring: kr}); n != 3 {
		t.Fatalf("keyring after rekey: %d transactions", n)
	}
	if n := countTx(t, path, OpenOptions{Passphrase: passphrase("pw")}); n != 3 {
		t.Fatalf("passphrase after rekey: %d transactions", n)
	}

	// Unlocked by the passphrase, rekey reads the keyring for its slot.
	v, err = Open(ctx, path, OpenOptions{Passphrase: passphrase("pw")})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Rekey(ctx, RekeyOptions{}); err == nil {
		t.Fatal("rekey without the keyring re-wrapped the keyring slot")
	}
	if err := v.Rekey(ctx, RekeyOptions{Keyring: kr, NewPassphrase: []byte("pw2"), KDF: testKDF, minKDF: testKDF}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if n := countTx(t, path, OpenOptions{Keyring: kr}); n != 3 {
		t.Fatalf("keyring after the second rekey: %d transactions", n)
	}
	if n := countTx(t, path, OpenOptions{Passphrase: passphrase("pw2")}); n != 3 {
		t.Fatalf("new passphrase: %d transactions", n)
	}
}

// A rotation that stopped after its save leaves .prev under the old key; the
// next writable open replaces it. A .prev of another vault is left alone.
func TestStalePreviousIsReplacedOnOpen(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path, v := newVault(t, 2)
	v.Close()
	cp := keepCopy(t, path)
	v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Rekey(ctx, RekeyOptions{}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	old, _ := os.ReadFile(cp)
	// .prev is a hard link to the vault: replace it, do not write through it.
	writePrev(t, path, old)
	v, err = Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	assertOldKeyOpensNothing(t, path, oldDataKey(t, cp, "correct horse"), "")

	other, ov := newVault(t, 1)
	ov.Close()
	foreign, _ := os.ReadFile(other)
	writePrev(t, path, foreign)
	v, err = Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if now, _ := os.ReadFile(path + ".prev"); !bytes.Equal(now, foreign) {
		t.Fatal("the .prev of another vault was replaced")
	}
}

func TestRekeyReadOnly(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 1)
	v.Close()
	v, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Rekey(t.Context(), RekeyOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
}

func writePrev(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path+".prev.new", b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".prev.new", path+".prev"); err != nil {
		t.Fatal(err)
	}
}

// healPrevious reads only the header and the first chunk; that chunk is
// told from a last one by the header's body length, in a body of one
// chunk and of many.
func TestFirstChunkTellsTheKey(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3000} {
		path, v := newVault(t, n)
		key := bytes.Clone(v.dataKey)
		v.Close()
		hdr, first, err := readHead(path)
		if err != nil {
			t.Fatal(err)
		}
		chunks := (hdr.bodyLen + uint64(hdr.chunkSize) + tagLen - 1) / (uint64(hdr.chunkSize) + tagLen)
		if n > 1 && chunks < 2 {
			t.Fatalf("%d rows make %d chunk(s): the test needs more", n, chunks)
		}
		if !opensFirstChunk(hdr, key, first) {
			t.Errorf("%d rows (%d chunks): the vault's own key does not open its first chunk", n, chunks)
		}
		wrong := bytes.Clone(key)
		wrong[0] ^= 1
		if opensFirstChunk(hdr, wrong, first) {
			t.Errorf("%d rows: another key opens the first chunk", n)
		}
	}
}
