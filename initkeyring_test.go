package main

import (
	"errors"
	"os"
	"strings"
	"testing"

	"penny/store/vault"
)

// forgetfulKeyring accepts every secret and returns none: a keyring daemon
// that answers Set but cannot be read, as with a locked or broken
// collection.
type forgetfulKeyring struct{ deleted *int }

func (forgetfulKeyring) Get(string, string) (string, error) {
	return "", vault.ErrKeyringEntryMissing
}
func (forgetfulKeyring) Set(string, string, string) error { return nil }
func (k forgetfulKeyring) Delete(string, string) error    { *k.deleted++; return nil }

// memKeyring keeps secrets in a map.
type memKeyring map[string]string

func (m memKeyring) Get(s, u string) (string, error) {
	v, ok := m[s+"/"+u]
	if !ok {
		return "", vault.ErrKeyringEntryMissing
	}
	return v, nil
}
func (m memKeyring) Set(s, u, v string) error { m[s+"/"+u] = v; return nil }
func (m memKeyring) Delete(s, u string) error { delete(m, s+"/"+u); return nil }

func TestInitReadsTheKeyBack(t *testing.T) {
	t.Parallel()
	deleted := 0
	err := readBackKeyring{forgetfulKeyring{&deleted}}.Set(vault.KeyringService, "id", "secret")
	if !errors.Is(err, vault.ErrKeyringUnavailable) || !strings.Contains(err.Error(), "read back") || deleted != 1 {
		t.Fatalf("a key that does not come back: %v (deleted %d)", err, deleted)
	}
	if err := (readBackKeyring{memKeyring{}}).Set(vault.KeyringService, "id", "secret"); err != nil {
		t.Fatalf("a working keyring: %v", err)
	}

	// Through the vault: a forgetful keyring fails the create as an
	// unavailable keyring and leaves no vault, so init's fallback to the
	// passphrase applies.
	path := t.TempDir() + "/" + vault.FileName
	_, err = createSealed(t.Context(), path, vault.CreateOptions{Keyring: readBackKeyring{forgetfulKeyring{&deleted}}})
	if !errors.Is(err, vault.ErrKeyringUnavailable) {
		t.Fatalf("create with a forgetful keyring: %v", err)
	}
	if _, serr := os.Stat(path); !os.IsNotExist(serr) {
		t.Fatal("a failed create left a vault behind")
	}
}

func TestInitWithTheKeyringReportsIt(t *testing.T) {
	t.Parallel()
	// In process, the OS keyring is go-keyring's mock (TestMain), which
	// reads back what it stored.
	env := with(testEnv(t), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-but-set")
	out, stderr, code := run(t, env, "init")
	if code != 0 || !strings.Contains(out, "the OS keyring") {
		t.Fatalf("init with a keyring: exit %d: %s %s", code, out, stderr)
	}
	if _, stderr, code := run(t, env, "balance"); code != 0 {
		t.Fatalf("balance after init: exit %d: %s", code, stderr)
	}
}
