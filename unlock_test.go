package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"penny/internal/sharedtest"
	"strings"
	"testing"
	"time"

	"penny/internal/sessionkey"
	"penny/store/vault"
)

// unlockVault is a passphrase vault with demo data, and the name of its
// entry in the session keyring, forgotten when the test ends. The session
// keyring may be shared with every other test process running now; the
// vault's random id keeps the entries apart.
func unlockVault(t *testing.T) (env, noPass map[string]string, name string) {
	t.Helper()
	if err := sessionkey.Available(); err != nil {
		t.Skipf("no kernel session keyring here: %v", err)
	}
	env, _ = demoVault(t, 300)
	in, err := vault.Describe(vaultFile(env))
	if err != nil {
		t.Fatal(err)
	}
	name = sessionKeyName(in.ID)
	t.Cleanup(func() { _, _ = sessionkey.Forget(name) })
	noPass = with(env)
	delete(noPass, "PENNY_PASSPHRASE")
	return env, noPass, name
}

func TestUnlockOncePerSession(t *testing.T) {
	t.Parallel()
	env, noPass, name := unlockVault(t)
	if _, stderr, code := runBin(t, noPass, "balance"); code != exitLocked {
		t.Fatalf("balance before unlock, no passphrase: exit %d, want 3: %s", code, stderr)
	}
	out, stderr, code := runBin(t, env, "unlock", "--for", "15m")
	if code != 0 || !strings.Contains(out, "Unlocked for 15m") {
		t.Fatalf("unlock: exit %d: %s %s", code, out, stderr)
	}
	// The kernel holds the timeout, as given.
	if got := sharedtest.KeyTimeout(t, name); got != "15m" && got != "14m" {
		t.Errorf("the kept key expires in %q, want 15m", got)
	}
	kept, err := sessionkey.Get(name)
	if err != nil || len(kept) != 32 {
		t.Fatalf("the session keyring holds %d bytes, %v; want a 32-byte key", len(kept), err)
	}
	for _, args := range [][]string{
		{"balance"}, {"balance", "--json"}, {"tx", "--limit", "3"}, {"ask", "balance"},
		{"ask", "spending last month"}, {"alerts"}, {"export", "--format", "csv"},
	} {
		if _, stderr, code := runBin(t, noPass, args...); code != 0 {
			t.Fatalf("%s while unlocked, no passphrase: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	// A write, and a rotation of the data key: the kept key is the
	// passphrase slot's key-encryption key, which a rotation keeps.
	if _, stderr, code := runBin(t, noPass, "rekey"); code != 0 {
		t.Fatalf("rekey while unlocked: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runBin(t, noPass, "balance"); code != 0 {
		t.Fatalf("balance after rekey while unlocked: exit %d: %s", code, stderr)
	}
	if after, err := sessionkey.Get(name); err != nil || !bytes.Equal(after, kept) {
		t.Fatalf("rekey changed what is kept: %v", err)
	}

	out, stderr, code = runBin(t, noPass, "lock")
	if code != 0 || !strings.Contains(out, "Locked") {
		t.Fatalf("lock: exit %d: %s %s", code, out, stderr)
	}
	if _, err := sessionkey.Get(name); !errors.Is(err, sessionkey.ErrNotFound) {
		t.Fatalf("after lock the session keyring still answers: %v", err)
	}
	if _, stderr, code := runBin(t, noPass, "balance"); code != exitLocked {
		t.Fatalf("balance after lock, no passphrase: exit %d, want 3: %s", code, stderr)
	}
	if _, stderr, code := runBin(t, env, "balance"); code != 0 {
		t.Fatalf("balance after lock with the passphrase: exit %d: %s", code, stderr)
	}
	out, _, code = runBin(t, noPass, "lock")
	if code != 0 || !strings.Contains(out, "Nothing to lock") {
		t.Fatalf("lock again: exit %d: %s", code, out)
	}
}

// An entry under the vault's name that Penny did not keep opens nothing,
// is forgotten with a note, and leaves the passphrase path as it was.
func TestForgedSessionKeyOpensNothing(t *testing.T) {
	t.Parallel()
	env, noPass, name := unlockVault(t)
	for _, forged := range [][]byte{bytes.Repeat([]byte{7}, 32), []byte("not a key"), bytes.Repeat([]byte{1}, 300)} {
		if err := sessionkey.Keep(name, forged, time.Minute); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runBin(t, noPass, "balance")
		if code != exitLocked || !strings.Contains(stderr, "forgotten") {
			t.Fatalf("a forged key of %d bytes, no passphrase: exit %d, want 3: %s", len(forged), code, stderr)
		}
		if _, err := sessionkey.Get(name); !errors.Is(err, sessionkey.ErrNotFound) {
			t.Fatalf("the forged key is still kept: %v", err)
		}
		if err := sessionkey.Keep(name, forged, time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, stderr, code := runBin(t, env, "balance"); code != 0 {
			t.Fatalf("a forged key, with the passphrase: exit %d: %s", code, stderr)
		}
		if _, err := sessionkey.Get(name); !errors.Is(err, sessionkey.ErrNotFound) {
			t.Fatalf("the forged key is still kept after the passphrase opened the vault: %v", err)
		}
	}
	// A wrong passphrase unlocks nothing and keeps nothing.
	if _, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "wrong"), "unlock"); code != exitLocked {
		t.Fatalf("unlock with a wrong passphrase: exit %d, want 3: %s", code, stderr)
	}
	if _, err := sessionkey.Get(name); !errors.Is(err, sessionkey.ErrNotFound) {
		t.Fatalf("a failed unlock kept something: %v", err)
	}
}

// penny passwd ends an unlock: the kept key belongs to the old passphrase.
func TestPasswdEndsTheUnlock(t *testing.T) {
	t.Parallel()
	env, noPass, name := unlockVault(t)
	if _, stderr, code := runBin(t, env, "unlock"); code != 0 {
		t.Fatalf("unlock: exit %d: %s", code, stderr)
	}
	if got := sharedtest.KeyTimeout(t, name); got != "15m" && got != "14m" {
		t.Errorf("the default unlock lasts %q, want 15m", got)
	}
	if _, stderr, code := runBin(t, with(noPass, "PENNY_NEW_PASSPHRASE", "a new passphrase"), "passwd"); code != 0 {
		t.Fatalf("passwd while unlocked: exit %d: %s", code, stderr)
	}
	if _, err := sessionkey.Get(name); !errors.Is(err, sessionkey.ErrNotFound) {
		t.Fatalf("passwd left the old key kept: %v", err)
	}
	if _, stderr, code := runBin(t, noPass, "balance"); code != exitLocked {
		t.Fatalf("balance after passwd, no passphrase: exit %d, want 3: %s", code, stderr)
	}
	if _, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "a new passphrase"), "balance"); code != 0 {
		t.Fatalf("balance with the new passphrase: exit %d: %s", code, stderr)
	}
}

func TestUnlockMistakes(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	for _, args := range [][]string{
		{"unlock", "--for", "0s"}, {"unlock", "--for", "25h"}, {"unlock", "--for", "soon"},
		{"unlock", "extra"}, {"lock", "extra"},
	} {
		if _, stderr, code := run(t, env, args...); code != exitUsage {
			t.Errorf("%s: exit %d, want 2: %s", strings.Join(args, " "), code, stderr)
		}
	}
	if err := sessionkey.Available(); err != nil {
		t.Skipf("no kernel session keyring here: %v", err)
	}
	for _, cmd := range []string{"unlock", "lock"} {
		if _, stderr, code := run(t, env, cmd); code != exitError || !strings.Contains(stderr, "no vault") {
			t.Errorf("%s without a vault: exit %d: %s", cmd, code, stderr)
		}
	}
	// A damaged vault is damage to both.
	denv, _ := demoVault(t, 20)
	path := vaultFile(denv)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"unlock", "lock"} {
		if _, stderr, code := runBin(t, denv, cmd); code != exitDamaged {
			t.Errorf("%s on a damaged vault: exit %d, want 4: %s", cmd, code, stderr)
		}
	}
}

// A vault the OS keyring opens needs no unlock, and none is kept.
func TestUnlockWithTheKeyring(t *testing.T) {
	t.Parallel()
	if err := sessionkey.Available(); err != nil {
		t.Skipf("no kernel session keyring here: %v", err)
	}
	// In process, the OS keyring is go-keyring's mock (TestMain).
	env := with(testEnv(t), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-but-set", "PENNY_PASSPHRASE", "also a passphrase")
	if _, stderr, code := run(t, env, "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	out, stderr, code := run(t, env, "unlock")
	if code != 0 || !strings.Contains(out, "nothing to unlock") {
		t.Fatalf("unlock of a keyring vault: exit %d: %s %s", code, out, stderr)
	}
	in, err := vault.Describe(filepath.Join(env["XDG_DATA_HOME"], "penny", vault.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sessionkey.Get(sessionKeyName(in.ID)); !errors.Is(err, sessionkey.ErrNotFound) {
		t.Fatalf("something was kept for a keyring vault: %v", err)
	}
}
