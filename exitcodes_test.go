package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/demo"
	"penny/store/vault"
)

// The exit codes of docs/cli.md, for every command that touches the vault in
// every state the vault can be in. Readers answer while another Penny
// writes; writers wait for its write to end and, when it does not within
// PENNY_LOCK_WAIT, exit 5 naming the other pid; a wrong key is 3 and a
// damaged vault 4, whoever asks.

// vaultState is one row of the table: how the vault is left before each
// command runs, and the expected exit code of a reader and of a writer.
type vaultState struct {
	name           string
	reader, writer int
	// wantReader/wantWriter are words stderr must contain (besides the code).
	wantReader, wantWriter string
}

// exitCase is one command of the table.
type exitCase struct {
	name   string
	writer bool // needs the write lock
	args   func(home string) []string
}

func exitCases() []exitCase {
	return []exitCase{
		{"balance", false, func(string) []string { return []string{"balance"} }},
		{"tx", false, func(string) []string { return []string{"tx"} }},
		{"alerts", false, func(string) []string { return []string{"alerts"} }},
		{"ask balance", false, func(string) []string { return []string{"ask", "balance"} }},
		{"ask categorize", true, func(string) []string { return []string{"ask", "categorize best buy as groceries"} }},
		{"import", true, func(h string) []string { return []string{"import", filepath.Join(h, "charge.ofx")} }},
		{"export csv", false, func(string) []string { return []string{"export", "--format", "csv"} }},
		{"passwd", true, func(h string) []string {
			return []string{"passwd", "--new-passphrase-file", filepath.Join(h, "same-pass")}
		}},
		{"rekey", true, func(string) []string { return []string{"rekey"} }},
		{"backup", false, func(h string) []string {
			return []string{"backup", filepath.Join(h, fmt.Sprintf("backup-%d.penny", time.Now().UnixNano()))}
		}},
		{"daemon once", true, func(h string) []string { return []string{"daemon", "--once", "--watch", filepath.Join(h, "drop")} }},
	}
}

const tablePass = "correct horse battery"

// tableVault creates a passphrase vault with demo data under home, and the
// files the commands of the table read.
func tableVault(t *testing.T, home string) map[string]string {
	t.Helper()
	env := map[string]string{
		"HOME":                     home,
		"XDG_DATA_HOME":            filepath.Join(home, "data"),
		"XDG_CONFIG_HOME":          filepath.Join(home, "config"),
		"TMPDIR":                   filepath.Join(home, "tmp"),
		"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + filepath.Join(home, "no-bus"),
		"PENNY_PASSPHRASE":         tablePass,
		"PENNY_BACKUP_PASSPHRASE":  "backup passphrase",
	}
	for _, d := range []string{env["TMPDIR"], filepath.Join(home, "drop")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	v, err := openSealed(t.Context(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(tablePass), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(t.Context(), v.Store(), demo.Generate(demo.Options{Seed: 42, Transactions: 60})); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"charge.ofx": largeCharge("table-1", time.Now()),
		// The daemon's round has this to import: a round that must write.
		"drop/late.ofx": largeCharge("table-drop", time.Now()),
		"same-pass":     []byte(tablePass + "\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(home, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

func TestExitCodeTable(t *testing.T) {
	t.Parallel()
	pid := strconv.Itoa(os.Getpid())
	states := []struct {
		vaultState
		// prepare leaves the vault in the state; it returns how to run the
		// binary (nil: runBin).
		prepare func(t *testing.T, env map[string]string) func(t *testing.T, env map[string]string, args ...string) (string, string, int)
	}{
		{vaultState{name: "free"}, nil},
		{vaultState{name: "held", writer: exitInUse, wantReader: "pid " + pid, wantWriter: "pid " + pid},
			func(t *testing.T, env map[string]string) func(*testing.T, map[string]string, ...string) (string, string, int) {
				// Another Penny in the middle of a write: this test process
				// takes the write lock and keeps it. Writers wait
				// PENNY_LOCK_WAIT for it, then give up.
				v, err := openSealed(context.Background(), vaultFile(env), vault.OpenOptions{
					Passphrase: func() ([]byte, error) { return []byte(tablePass), nil }})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := v.BeginWrite(t.Context()); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { v.EndWrite(); v.Close() })
				env["PENNY_LOCK_WAIT"] = "300ms"
				return nil
			}},
		{vaultState{name: "read-only folder", writer: exitError, wantReader: "", wantWriter: "Read-only commands"}, nil},
		{vaultState{name: "wrong key", reader: exitLocked, writer: exitLocked, wantReader: "wrong passphrase", wantWriter: "wrong passphrase"},
			func(t *testing.T, env map[string]string) func(*testing.T, map[string]string, ...string) (string, string, int) {
				env["PENNY_PASSPHRASE"] = "not the passphrase"
				return nil
			}},
		{vaultState{name: "damaged", reader: exitDamaged, writer: exitDamaged, wantReader: "damaged", wantWriter: "damaged"},
			func(t *testing.T, env map[string]string) func(*testing.T, map[string]string, ...string) (string, string, int) {
				b, err := os.ReadFile(vaultFile(env))
				if err != nil {
					t.Fatal(err)
				}
				b[len(b)-40] ^= 0x10 // a byte of the sealed body
				if err := os.WriteFile(vaultFile(env), b, 0o600); err != nil {
					t.Fatal(err)
				}
				return nil
			}},
	}
	for _, st := range states {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			var env map[string]string
			runner := runBin
			if st.name == "read-only folder" {
				env, runner = readOnlyFolder(t)
			} else {
				env = tableVault(t, t.TempDir())
				if st.prepare != nil {
					if r := st.prepare(t, env); r != nil {
						runner = r
					}
				}
			}
			before, _ := os.ReadFile(vaultFile(env))
			for _, c := range exitCases() {
				want, words := st.reader, st.wantReader
				if c.writer {
					want, words = st.writer, st.wantWriter
				}
				// ask "balance" only reads; it opens for writing when it can.
				_, stderr, code := runner(t, env, c.args(env["HOME"])...)
				if code != want || !strings.Contains(stderr, words) {
					t.Errorf("%s, %s: exit %d (want %d, stderr with %q):\n%s", c.name, st.name, code, want, words, stderr)
				}
				if c.writer && code != 0 && strings.Contains(stderr, "last saved state") {
					t.Errorf("%s, %s: a refused writer speaks of an answer:\n%s", c.name, st.name, stderr)
				}
				if strings.Contains(stderr, "readonly database") || strings.Contains(stderr, "SQL") {
					t.Errorf("%s, %s: a raw database error reached the user:\n%s", c.name, st.name, stderr)
				}
			}
			if st.name != "free" {
				if after, _ := os.ReadFile(vaultFile(env)); string(after) != string(before) {
					t.Errorf("%s: a refused command changed the vault file", st.name)
				}
			}
		})
	}
}

// readOnlyFolder makes a table vault whose data folder the commands cannot
// write (mode 0500), and returns how to run Penny there. Root ignores file
// modes, so when the tests run as root (as in CI) the vault and its folders
// are given to the unprivileged uid 65534 and the binary runs as that uid.
func readOnlyFolder(t *testing.T) (map[string]string, func(*testing.T, map[string]string, ...string) (string, string, int)) {
	t.Helper()
	if os.Geteuid() != 0 {
		env := tableVault(t, t.TempDir())
		noLockFile(t, env)
		dir := filepath.Dir(vaultFile(env))
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return env, runBin
	}
	const nobody = 65534
	root, err := os.MkdirTemp("", "penny-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	// uid 65534 must reach the folder from /.
	for d := root; d != filepath.Dir(d); d = filepath.Dir(d) {
		if d == root {
			continue
		}
		if info, err := os.Stat(d); err != nil || info.Mode().Perm()&0o001 == 0 {
			t.Skipf("running as root, and %s is closed to other users, so the read-only folder cannot be tried as an unprivileged user", d)
		}
	}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(root, "home")
	env := tableVault(t, home)
	bin := filepath.Join(root, "penny")
	if err := copyFile(pennyBin, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	noLockFile(t, env)
	err = filepath.Walk(home, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, nobody, nobody)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(vaultFile(env)), 0o500); err != nil {
		t.Fatal(err)
	}
	return env, func(t *testing.T, env map[string]string, args ...string) (string, string, int) {
		t.Helper()
		return runAs(t, bin, nobody, env, args...)
	}
}

// noLockFile removes the lock file init left, so a writer in a read-only
// folder fails at taking the lock, as on a folder copied without it.
func noLockFile(t *testing.T, env map[string]string) {
	t.Helper()
	if err := os.Remove(vaultFile(env) + ".lock"); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

func copyFile(from, to string, mode os.FileMode) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
