package vault

import (
	"bytes"
	"errors"
	"path/filepath"
	"sync"
	"testing"
)

// mapCache is a KeyCache in memory that counts what the vault asked of it.
type mapCache struct {
	mu        sync.Mutex
	keys      map[string][]byte
	forgotten int
}

func newMapCache() *mapCache { return &mapCache{keys: map[string][]byte{}} }

func (c *mapCache) Key(id string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.keys[id]
	if !ok {
		return nil, errors.New("none kept")
	}
	return bytes.Clone(k), nil
}

func (c *mapCache) Forget(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.keys, id)
	c.forgotten++
	return nil
}

func (c *mapCache) keep(id string, kek []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys[id] = kek
}

func (c *mapCache) has(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.keys[id]
	return ok
}

// noPassphrase fails the test when the vault asks for the passphrase.
func noPassphrase(t *testing.T) func() ([]byte, error) {
	return func() ([]byte, error) {
		t.Error("the passphrase was asked for")
		return nil, errors.New("no passphrase here")
	}
}

// unlockOnce opens the vault with its passphrase and keeps the key that
// KeepKey hands back in a new cache.
func unlockOnce(t *testing.T, path, pass string) (*mapCache, string) {
	t.Helper()
	cache := newMapCache()
	var id string
	v, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase(pass),
		KeepKey: func(vaultID string, kek []byte) { id = vaultID; cache.keep(vaultID, kek) }})
	if err != nil {
		t.Fatal(err)
	}
	if id != v.ID() || !bytes.Equal(cache.keys[id], v.passKEK) {
		t.Fatalf("KeepKey got vault %q and a key that is not the slot's", id)
	}
	v.Close()
	return cache, id
}

// The key handed back after an unlock opens the vault again without the
// passphrase, also for writing and after a key rotation: Rekey keeps the
// passphrase's salt, so its key-encryption key stays the same.
func TestKeptKeyOpensWithoutPassphrase(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path, v := newVault(t, 3)
	v.Close()
	cache, id := unlockOnce(t, path, "correct horse")

	for range 3 {
		if n := countTx(t, path, OpenOptions{KeyCache: cache, Passphrase: noPassphrase(t)}); n != 3 {
			t.Fatalf("%d transactions, want 3", n)
		}
	}
	v, err := Open(ctx, path, OpenOptions{KeyCache: cache, Passphrase: noPassphrase(t)})
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(v.dataKey)
	// Unlocked by the kept key, the vault can rotate its data key without
	// asking for the passphrase.
	if err := v.Rekey(ctx, RekeyOptions{Passphrase: noPassphrase(t)}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before, v.dataKey) {
		t.Fatal("rekey kept the data key")
	}
	addLater(t, v, 2)
	v.Close()
	if n := countTx(t, path, OpenOptions{KeyCache: cache, Passphrase: noPassphrase(t)}); n != 5 {
		t.Fatalf("after rekey: %d transactions, want 5", n)
	}
	if !cache.has(id) || cache.forgotten != 0 {
		t.Fatalf("a key that opens the vault was forgotten (%d times)", cache.forgotten)
	}
}

// A changed passphrase makes the kept key stale: it is forgotten, and the
// passphrase opens the vault as if nothing had been kept.
func TestStaleKeptKeyIsForgotten(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path, v := newVault(t, 3)
	v.Close()
	cache, id := unlockOnce(t, path, "correct horse")
	stale := bytes.Clone(cache.keys[id])

	v, err := Open(ctx, path, OpenOptions{KeyCache: cache, Passphrase: noPassphrase(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.setPassphrase(ctx, []byte("battery staple"), testKDF, testKDF); err != nil {
		t.Fatal(err)
	}
	v.Close()

	_, err = Open(ctx, path, OpenOptions{ReadOnly: true, KeyCache: cache})
	if !errors.Is(err, ErrLocked) || cache.has(id) || cache.forgotten != 1 {
		t.Fatalf("stale key, no passphrase: %v; kept %v, forgotten %d times", err, cache.has(id), cache.forgotten)
	}
	cache.keep(id, stale)
	if n := countTx(t, path, OpenOptions{KeyCache: cache, Passphrase: passphrase("battery staple")}); n != 3 {
		t.Fatalf("%d transactions, want 3", n)
	}
	if cache.has(id) {
		t.Fatal("the stale key is still kept")
	}
}

// Forged entries, of the right size or not, open nothing, are forgotten,
// and leave the passphrase path as it was; the keyring slot comes first.
func TestForgedKeptKeyOpensNothing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path, v := newVault(t, 3)
	id := v.ID()
	v.Close()
	for _, forged := range [][]byte{
		bytes.Repeat([]byte{1}, 32),
		randomBytes(32),
		randomBytes(5),
		randomBytes(64),
		{},
	} {
		cache := newMapCache()
		cache.keep(id, forged)
		_, err := Open(ctx, path, OpenOptions{ReadOnly: true, KeyCache: cache})
		if !errors.Is(err, ErrLocked) || cache.has(id) {
			t.Fatalf("a forged key of %d bytes: %v; still kept: %v", len(forged), err, cache.has(id))
		}
		cache.keep(id, forged)
		if n := countTx(t, path, OpenOptions{KeyCache: cache, Passphrase: passphrase("correct horse")}); n != 3 {
			t.Fatalf("%d transactions, want 3", n)
		}
		if cache.has(id) {
			t.Fatal("the forged key is still kept after the passphrase opened the vault")
		}
	}
	// A wrong passphrase is still a wrong passphrase with a forged key kept.
	cache := newMapCache()
	cache.keep(id, randomBytes(32))
	if _, err := Open(ctx, path, OpenOptions{ReadOnly: true, KeyCache: cache, Passphrase: passphrase("wrong")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
}

// A vault whose keyring slot opens it never reads the cache, and KeepKey
// hears nothing: there is no passphrase key to keep.
func TestKeyringSlotComesBeforeTheCache(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "data", FileName)
	kr := NewSystemKeyring() // the mock provider, see TestMain
	v, err := Create(ctx, path, CreateOptions{Keyring: kr, Passphrase: []byte("pw"), KDF: testKDF, minKDF: testKDF, Init: migrate})
	if err != nil {
		t.Fatal(err)
	}
	id := v.ID()
	v.Close()
	cache := newMapCache()
	cache.keep(id, randomBytes(32))
	kept := false
	v, err = Open(ctx, path, OpenOptions{ReadOnly: true, Keyring: kr, KeyCache: cache, Passphrase: noPassphrase(t),
		KeepKey: func(string, []byte) { kept = true }})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if !cache.has(id) || cache.forgotten != 0 || kept {
		t.Fatalf("the keyring opened the vault, yet the cache was used (kept %v, forgotten %d) or KeepKey called (%v)",
			cache.has(id), cache.forgotten, kept)
	}
}
