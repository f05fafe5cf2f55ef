package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"penny/store"
	"penny/store/vault"
)

// writeAfter adds an account through the vault, as an import would.
func writeAfter(t *testing.T, path, pass, name string) {
	t.Helper()
	v, err := openSealed(t.Context(), path, vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(pass), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Store().CreateAccount(t.Context(), store.AccountParams{Name: name, Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
}

// vaultFilesIn lists the files of dir that are vaults (the lock file is not).
func vaultFilesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if _, err := vault.Describe(p); err == nil {
			files = append(files, p)
		}
	}
	return files
}

// opensWith puts file alone in a new data folder and runs penny balance with
// pass on it; it returns the exit code.
func opensWith(t *testing.T, file, pass string) int {
	t.Helper()
	env := with(testEnv(t), "PENNY_PASSPHRASE", pass)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(vaultFile(env)), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vaultFile(env), b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, code := runBin(t, env, "balance")
	return code
}

func TestPasswdLeavesNoFileOpeningWithTheOldPassphrase(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 50)
	path := vaultFile(env)
	copyBytes, _ := os.ReadFile(path)
	cp := filepath.Join(env["HOME"], "copy.penny")
	os.WriteFile(cp, copyBytes, 0o600)

	newPass := filepath.Join(env["HOME"], "new-pass")
	os.WriteFile(newPass, []byte("another passphrase\n"), 0o600)
	if out, stderr, code := runBin(t, env, "passwd", "--new-passphrase-file", newPass); code != 0 || !strings.Contains(out, "changed") {
		t.Fatalf("passwd: exit %d: %s %s", code, out, stderr)
	}
	files := vaultFilesIn(t, filepath.Dir(path))
	if len(files) < 2 {
		t.Fatalf("vault files after passwd: %v, want the vault and .prev", files)
	}
	for _, f := range files {
		if code := opensWith(t, f, "correct horse battery"); code != exitLocked {
			t.Errorf("%s opens with the old passphrase: exit %d, want %d", filepath.Base(f), code, exitLocked)
		}
	}
	writeAfter(t, path, "another passphrase", "Written after passwd")
	for _, f := range vaultFilesIn(t, filepath.Dir(path)) {
		if code := opensWith(t, f, "correct horse battery"); code != exitLocked {
			t.Errorf("after a write, %s opens with the old passphrase: exit %d", filepath.Base(f), code)
		}
		if code := opensWith(t, f, "another passphrase"); code != 0 {
			t.Errorf("%s does not open with the new passphrase: exit %d", filepath.Base(f), code)
		}
	}
	// The copy still opens with the old passphrase, and holds only its own data.
	cenv := with(testEnv(t), "PENNY_PASSPHRASE", "correct horse battery")
	os.MkdirAll(filepath.Dir(vaultFile(cenv)), 0o700)
	os.WriteFile(vaultFile(cenv), copyBytes, 0o600)
	out, stderr, code := runBin(t, cenv, "balance")
	if code != 0 || strings.Contains(out, "Written after passwd") {
		t.Fatalf("the copy: exit %d: %s %s", code, out, stderr)
	}
}

func TestRekeyChangesTheKeyAndKeepsThePassphrase(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 50)
	path := vaultFile(env)
	before, _ := os.ReadFile(path)
	out, stderr, code := runBin(t, env, "rekey")
	if code != 0 || !strings.Contains(out, "key was changed") {
		t.Fatalf("rekey: exit %d: %s %s", code, out, stderr)
	}
	after, _ := os.ReadFile(path)
	prev, _ := os.ReadFile(path + ".prev")
	if bytes.Equal(prev, before) {
		t.Fatal("vault.penny.prev is still the generation from before the rekey")
	}
	if !bytes.Equal(prev, after) {
		t.Fatal("vault.penny.prev is not the rekeyed generation")
	}
	writeAfter(t, path, "correct horse battery", "Written after rekey")
	if out, stderr, code := runBin(t, env, "balance"); code != 0 || !strings.Contains(out, "Total USD") {
		t.Fatalf("balance after rekey: exit %d: %s %s", code, out, stderr)
	}
	if _, _, code := runBin(t, env, "rekey", "extra"); code != exitUsage {
		t.Fatalf("rekey with an argument: exit %d, want %d", code, exitUsage)
	}
}

// A header whose Argon2id parameters were raised past their bounds, with its
// checksum recomputed, is damage: exit 4 at once, no derivation.
func TestForgedKDFHeaderExits4Quickly(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 20)
	path := vaultFile(env)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The passphrase slot is the only slot of a --no-keyring vault: type,
	// length, then salt (16), memory KiB, time, threads. See
	// docs/vault-format.md (version 2: the slot count is at 88).
	const slots, params = 89, 89 + 3 + 16
	if orig[slots-1] != 1 || orig[slots] != 2 {
		t.Fatalf("unexpected slots: count %d, first type %d", orig[slots-1], orig[slots])
	}
	for what, set := range map[string]func(b []byte){
		"memory 4 GiB": func(b []byte) { binary.LittleEndian.PutUint32(b[params:], 4<<20) },
		"time 64":      func(b []byte) { binary.LittleEndian.PutUint32(b[params+4:], 64) },
		"threads 17":   func(b []byte) { b[params+8] = 17 },
	} {
		b := bytes.Clone(orig)
		set(b)
		n := int(binary.LittleEndian.Uint32(b[10:14]))
		sum := sha256.Sum256(b[:n-32])
		copy(b[n-32:n], sum[:])
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		// Refused as damage before any key derivation: with these
		// parameters a derivation would not finish in the test's time.
		_, stderr, code := runBin(t, env, "balance")
		if code != exitDamaged {
			t.Errorf("%s: exit %d, want %d: %s", what, code, exitDamaged, stderr)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
			t.Errorf("%s: the refused vault was rewritten", what)
		}
	}
}
