package keyringtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"penny/store"
	"penny/store/vault"
)

// realKeyring returns the OS keyring when a Secret Service answers. Where
// none does, the test is skipped with a message, except in CI
// (PENNY_REQUIRE_KEYRING=1), where a skip would hide a broken setup.
func realKeyring(t *testing.T) vault.Keyring {
	t.Helper()
	k := vault.SystemKeyring{Timeout: 5 * time.Second}
	probe := "probe-" + t.Name()
	err := k.Set(vault.KeyringService, probe, "x")
	if err == nil {
		err = k.Delete(vault.KeyringService, probe)
	}
	if err != nil {
		if os.Getenv("PENNY_REQUIRE_KEYRING") != "" {
			t.Fatalf("no Secret Service reachable, but PENNY_REQUIRE_KEYRING is set: %v", err)
		}
		t.Skipf("no Secret Service reachable (run through scripts/test for a real one): %v", err)
	}
	return k
}

func TestVaultWithRealSecretService(t *testing.T) {
	k := realKeyring(t)
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), vault.FileName)
	v, err := vault.Create(ctx, path, vault.CreateOptions{Keyring: k})
	if err != nil {
		t.Fatal(err)
	}
	id := v.ID()
	t.Cleanup(func() { _ = k.Delete(vault.KeyringService, id) })
	if _, err := storeOf(t, v).CreateAccount(ctx, store.AccountParams{Name: "Checking", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	// The keyring holds a 32-byte key, base64, under service "penny".
	secret, err := k.Get(vault.KeyringService, id)
	if err != nil {
		t.Fatalf("the Secret Service has no entry for the vault: %v", err)
	}
	if raw, err := base64.StdEncoding.DecodeString(secret); err != nil || len(raw) != 32 {
		t.Fatalf("keyring entry is not a 32-byte key: %q", secret)
	}

	v, err = vault.Open(ctx, path, vault.OpenOptions{Keyring: k})
	if err != nil {
		t.Fatalf("open through the Secret Service: %v", err)
	}
	accounts, err := storeOf(t, v).Accounts(ctx)
	v.Close()
	if err != nil || len(accounts) != 1 || accounts[0].Name != "Checking" {
		t.Fatalf("reopened vault: %v %+v", err, accounts)
	}

	// With the entry gone the vault is locked, and the file stays as it was.
	if err := k.Delete(vault.KeyringService, id); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = vault.Open(ctx, path, vault.OpenOptions{Keyring: k})
	if !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("missing entry: err = %v, want ErrLocked", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a failed open changed the vault")
	}
}

// storeOf composes the vault with a store as the program does: the store
// opens on the vault's database and saves through it after every write.
func storeOf(t *testing.T, v *vault.Vault) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), v.DB(), store.OnCommit(v.Save))
	if err != nil {
		t.Fatal(err)
	}
	return st
}
