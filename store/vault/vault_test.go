package vault

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"penny/store"
)

func TestMain(m *testing.M) {
	// The mock replaces go-keyring's provider for the whole process; the real
	// Secret Service is tested in package keyringtest.
	keyring.MockInit()
	os.Exit(m.Run())
}

func passphrase(p string) func() ([]byte, error) {
	return func() ([]byte, error) { return []byte(p), nil }
}

// newVault creates a passphrase vault holding n transactions.
func newVault(t *testing.T, n int) (string, *Vault) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", FileName)
	v, err := Create(t.Context(), path, CreateOptions{Passphrase: []byte("correct horse"), KDF: testKDF, minKDF: testKDF, Init: migrate})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, v.Store(), n)
	return path, v
}

func fill(t *testing.T, st *store.Store, n int) {
	t.Helper()
	ctx := t.Context()
	acct, err := st.CreateAccount(ctx, store.AccountParams{Name: "Everyday Checking", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	txs := make([]store.NewTransaction, n)
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range txs {
		txs[i] = store.NewTransaction{AccountID: acct.ID, ExternalID: fmt.Sprintf("fit-%06d", i),
			Posted: day.AddDate(0, 0, i%300), Amount: -int64(100 + i), Currency: "USD",
			Payee: fmt.Sprintf("SQ *BLUE BOTTLE COFFEE #%d", i%97)}
	}
	if _, err := st.InsertTransactions(ctx, txs); err != nil {
		t.Fatal(err)
	}
}

func TestCreateOpenRoundTrip(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2000)
	want, err := v.Store().Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v2, err := Open(t.Context(), path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	got, err := v2.Store().Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].TxCount != 2000 || got[0].Balance != want[0].Balance {
		t.Fatalf("reopened accounts = %+v, want %+v", got, want)
	}
	// Sum of -(100..2099) cents.
	if got[0].Balance.Minor != -(100+2099)*2000/2 {
		t.Fatalf("balance = %d", got[0].Balance.Minor)
	}
}

func TestFilesArePrivate(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 10)
	defer v.Close()
	fill2 := func() { // a second save creates .prev
		if err := v.Store().SetSetting(t.Context(), "k", "v"); err != nil {
			t.Fatal(err)
		}
	}
	fill2()
	for _, p := range []string{path, path + ".prev", path + ".lock"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), st.Mode().Perm())
		}
	}
	st, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", st.Mode().Perm())
	}
}

func TestPreviousGenerationIsKept(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 10)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Store().SetSetting(t.Context(), "generation", "2"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	prev, err := os.ReadFile(path + ".prev")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(prev, before) {
		t.Fatal(".prev is not the generation before the last save")
	}
	pv, err := Open(t.Context(), path+".prev", OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer pv.Close()
	if _, err := pv.Store().Setting(t.Context(), "generation"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf(".prev holds the new state: %v", err)
	}
}

func TestWrongPassphraseLeavesFileUntouched(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 10)
	v.Close()
	before, _ := os.ReadFile(path)
	_, err := Open(t.Context(), path, OpenOptions{Passphrase: passphrase("wrong horse")})
	if !errors.Is(err, ErrWrongPassphrase) || !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrWrongPassphrase", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a failed open changed the vault file")
	}
	_, err = Open(t.Context(), path, OpenOptions{})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("no passphrase: err = %v, want ErrLocked", err)
	}
}

func TestKeyringSlot(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), FileName)
	kr := NewSystemKeyring() // the mock provider, see TestMain
	v, err := Create(ctx, path, CreateOptions{Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	id := v.ID()
	fill(t, v.Store(), 5)
	v.Close()

	v, err = Open(ctx, path, OpenOptions{Keyring: kr})
	if err != nil {
		t.Fatalf("open with keyring: %v", err)
	}
	v.Close()

	if err := keyring.Delete(KeyringService, id); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = Open(ctx, path, OpenOptions{Keyring: kr})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("missing keyring entry: err = %v, want ErrLocked", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a failed open changed the vault file")
	}
}

func TestKeyringUnavailableFallsBackToPassphrase(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), FileName)
	kr := NewSystemKeyring()
	v, err := Create(ctx, path, CreateOptions{Keyring: kr, Passphrase: []byte("pw"), KDF: testKDF, minKDF: testKDF})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	broken := failingKeyring{errors.New("dbus: no session bus")}
	v, err = Open(ctx, path, OpenOptions{Keyring: broken, Passphrase: passphrase("pw")})
	if err != nil {
		t.Fatalf("fallback to passphrase: %v", err)
	}
	v.Close()
	_, err = Create(ctx, filepath.Join(t.TempDir(), FileName), CreateOptions{Keyring: broken})
	if err == nil {
		t.Fatal("create with a broken keyring and no passphrase succeeded")
	}
}

type failingKeyring struct{ err error }

func (f failingKeyring) Get(string, string) (string, error) {
	return "", fmt.Errorf("%w: %v", ErrKeyringUnavailable, f.err)
}
func (f failingKeyring) Set(string, string, string) error {
	return fmt.Errorf("%w: %v", ErrKeyringUnavailable, f.err)
}
func (f failingKeyring) Delete(string, string) error { return nil }

func TestKeyringTimeout(t *testing.T) {
	keyring.MockInitWithError(nil)
	defer keyring.MockInit()
	k := SystemKeyring{Timeout: 50 * time.Millisecond}
	_, err := k.call("get", func() (string, error) { time.Sleep(2 * time.Second); return "", nil })
	if !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("hung keyring: err = %v, want ErrKeyringUnavailable", err)
	}
}

func TestWeakKDFRefused(t *testing.T) {
	t.Parallel()
	_, err := Create(t.Context(), filepath.Join(t.TempDir(), FileName),
		CreateOptions{Passphrase: []byte("pw"), KDF: KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}})
	if err == nil {
		t.Fatal("Create accepted Argon2id m=1 MiB t=1")
	}
}

func TestWriterWaitsThenGivesUpReaderReads(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 10)
	defer v.Close()
	// v is inside a write: it holds the lock until EndWrite.
	if _, err := v.BeginWrite(t.Context()); err != nil {
		t.Fatal(err)
	}
	w, err := Open(t.Context(), path, OpenOptions{Passphrase: passphrase("correct horse"), LockWait: 30 * time.Millisecond})
	if err != nil {
		t.Fatalf("a second process opens for writing while another writes: %v", err)
	}
	defer w.Close()
	err = w.Store().SetSetting(t.Context(), "x", "y")
	var iu *InUseError
	if !errors.As(err, &iu) || !errors.Is(err, ErrInUse) {
		t.Fatalf("second writer: err = %v, want InUseError", err)
	}
	if iu.PID != os.Getpid() {
		t.Fatalf("holder pid = %d, want %d", iu.PID, os.Getpid())
	}
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatalf("reader: %v", err)
	}
	defer r.Close()
	n, err := r.Store().CountTransactions(t.Context(), store.TxQuery{})
	if err != nil || n != 10 {
		t.Fatalf("reader sees %d transactions, err %v", n, err)
	}
	if err := r.Store().SetSetting(t.Context(), "x", "y"); err == nil {
		t.Fatal("a read-only vault accepted a write")
	}
	// Once the first write ends, the second goes through.
	v.EndWrite()
	if err := w.Store().SetSetting(t.Context(), "x", "y"); err != nil {
		t.Fatalf("second writer after the first let go: %v", err)
	}
}

// sealedVault returns a closed vault file of several chunks and its bytes.
func sealedVault(t *testing.T) (string, []byte) {
	t.Helper()
	path, v := newVault(t, 3000)
	v.Close()
	b, hdr, hlen := readChecked(t, path)
	if chunks := (len(b) - hlen) / int(hdr.chunkSize+tagLen); chunks < 3 {
		t.Fatalf("test vault has only %d full chunks", chunks)
	}
	return path, b
}

// readChecked reads a vault file and checks what needs no key.
func readChecked(t *testing.T, path string) ([]byte, *header, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hdr, hlen, err := checkFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return b, hdr, hlen
}

func expectDamaged(t *testing.T, path string, content []byte, what string) {
	t.Helper()
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.Context(), path, OpenOptions{Passphrase: passphrase("correct horse")})
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("%s: err = %v, want ErrDamaged", what, err)
	}
	expectLazyDamaged(t, path, content, what)
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, content) {
		t.Fatalf("%s: the refused file was changed", what)
	}
}

func TestTamperIsRefused(t *testing.T) {
	t.Parallel()
	path, orig := sealedVault(t)
	_, hlen, _ := checkFile(orig)
	rng := rand.New(rand.NewPCG(1, 2))
	// Every header bit, then random bits over the body: over 500 positions.
	var positions []int
	for i := 0; i < hlen*8; i += 3 {
		positions = append(positions, i)
	}
	for range 400 {
		positions = append(positions, hlen*8+rng.IntN((len(orig)-hlen)*8))
	}
	if len(positions) < 500 {
		t.Fatalf("only %d positions", len(positions))
	}
	for _, bit := range positions {
		b := bytes.Clone(orig)
		b[bit/8] ^= 1 << (bit % 8)
		expectDamaged(t, path, b, fmt.Sprintf("bit %d flipped", bit))
	}
	for _, n := range []int{0, 10, hlen - 1, hlen, hlen + 100, len(orig) - 16, len(orig) - 1} {
		expectDamaged(t, path, bytes.Clone(orig[:n]), fmt.Sprintf("truncated to %d", n))
	}
	expectDamaged(t, path, append(bytes.Clone(orig), 1), "one byte appended")
	expectDamaged(t, path, append(bytes.Clone(orig), []byte("PENNYDLU")...), "a record's magic, one bit off, appended")
	expectDamaged(t, path, append(bytes.Clone(orig), orig[hlen:hlen+1000]...), "a chunk's start appended")
}

// refit recomputes the plain checksums, as someone changing the file on
// purpose would: the AEAD must still catch it.
func refit(t *testing.T, b []byte) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(b[10:14]))
	binary.LittleEndian.PutUint64(b[68:76], uint64(len(b)-n))
	binary.LittleEndian.PutUint32(b[76:80], crc32.Checksum(b[n:], castagnoli))
	sum := sha256Sum(b[:n-checksumLen])
	copy(b[n-checksumLen:n], sum[:])
	if _, _, err := checkFile(b); err != nil {
		t.Fatalf("refit: %v", err)
	}
	return b
}

func TestDeliberateTamperIsRefused(t *testing.T) {
	t.Parallel()
	path, orig := sealedVault(t)
	hdr, hlen, _ := checkFile(orig)
	sealed := int(hdr.chunkSize) + tagLen
	body := orig[hlen:]

	swapped := bytes.Clone(orig)
	copy(swapped[hlen:hlen+sealed], body[sealed:2*sealed])
	copy(swapped[hlen+sealed:hlen+2*sealed], body[:sealed])
	expectDamaged(t, path, swapped, "chunks 1 and 2 swapped")
	expectDamaged(t, path, refit(t, bytes.Clone(swapped)), "chunks swapped, checksums refit")

	// Cut at a chunk boundary: the remaining last chunk lacks the last flag.
	cut := bytes.Clone(orig[:hlen+2*sealed])
	expectDamaged(t, path, refit(t, cut), "truncated at a chunk boundary, checksums refit")

	flipped := bytes.Clone(orig)
	flipped[hlen+sealed+7] ^= 0x40
	expectDamaged(t, path, refit(t, flipped), "body bit flipped, checksums refit")

	salt := bytes.Clone(orig)
	salt[40] ^= 1 // inside the body salt
	expectDamaged(t, path, refit(t, salt), "body salt changed, checksums refit")
}

// A flipped bit in a key slot is damage (exit 4), not a wrong key (exit 3):
// the header checksum catches it before any key is tried.
func TestSlotDamageIsNotAWrongKey(t *testing.T) {
	t.Parallel()
	path, orig := sealedVault(t)
	for off := fixedHeaderLen; off < fixedHeaderLen+60; off++ {
		b := bytes.Clone(orig)
		b[off] ^= 0x10
		expectDamaged(t, path, b, fmt.Sprintf("key slot byte %d", off))
	}
}

func TestStaleTempFilesAreRemoved(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 1)
	v.Close()
	stale := path + ".tmp-123"
	if err := os.WriteFile(stale, []byte("ciphertext"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := Open(t.Context(), path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("a stale temp file survived an open")
	}
}

func TestSetPassphrase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path, v := newVault(t, 3)
	if err := v.setPassphrase(ctx, []byte("new horse"), testKDF, testKDF); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("new horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if n, _ := v.Store().CountTransactions(ctx, store.TxQuery{}); n != 3 {
		t.Fatalf("after passwd: %d transactions", n)
	}
}
