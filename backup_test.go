package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackupAndRestoreIntoAnotherDataDir(t *testing.T) {
	env, _ := demoVault(t, 2000)
	backup := filepath.Join(t.TempDir(), "penny.backup")
	withBackupPass := func(env map[string]string, p string) map[string]string {
		return with(env, "PENNY_BACKUP_PASSPHRASE", p)
	}
	if _, stderr, code := runBin(t, withBackupPass(env, "backup pass"), "backup", backup); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	if _, _, code := runBin(t, withBackupPass(env, "backup pass"), "backup", backup); code != exitError {
		t.Errorf("a backup over an existing file: exit %d, want 1", code)
	}

	other := testEnv(t) // another home, another data dir, no keyring
	target := vaultFile(other)
	t.Run("a wrong backup passphrase exits 3", func(t *testing.T) {
		_, stderr, code := runBin(t, withBackupPass(other, "not it"), "restore", backup)
		if code != exitLocked || !strings.Contains(stderr, "passphrase does not open the backup") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
		if _, err := os.Stat(target); err == nil {
			t.Error("a vault appeared")
		}
	})
	t.Run("a tampered backup exits 4", func(t *testing.T) {
		b, err := os.ReadFile(backup)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0x01
		bad := filepath.Join(t.TempDir(), "tampered.backup")
		if err := os.WriteFile(bad, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, stderr, code := runBin(t, withBackupPass(other, "backup pass"), "restore", bad); code != exitDamaged {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
		if _, err := os.Stat(target); err == nil {
			t.Error("a vault appeared")
		}
	})
	if _, stderr, code := runBin(t, withBackupPass(other, "backup pass"), "restore", backup); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	restored := with(other, "PENNY_PASSPHRASE", "backup pass")

	t.Run("the restored vault answers like the original", func(t *testing.T) {
		for _, args := range [][]string{
			{"ask", "balance", "--json"},
			{"ask", "what did I spend on groceries last month?", "--json"},
			{"ask", "largest transactions since Jan 5", "--json"},
			{"ask", "top merchants this year", "--json"},
			{"ask", "any duplicate charges?", "--json"},
			{"ask", "subscriptions", "--json"},
			{"tx", "--json", "--limit", "0"},
			{"balance", "--json"},
		} {
			want, stderr, code := runBin(t, env, args...)
			if code != 0 {
				t.Fatalf("%s on the original: exit %d: %s", strings.Join(args, " "), code, stderr)
			}
			got, stderr, code := runBin(t, restored, args...)
			if code != 0 {
				t.Fatalf("%s on the restored vault: exit %d: %s", strings.Join(args, " "), code, stderr)
			}
			if got != want || len(want) < 50 {
				t.Errorf("%s: the restored vault answers differently (%d and %d bytes)", strings.Join(args, " "), len(got), len(want))
			}
		}
	})
	t.Run("restore over an existing vault needs --force", func(t *testing.T) {
		before, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runBin(t, withBackupPass(other, "backup pass"), "restore", backup)
		if code != exitError || !strings.Contains(stderr, "--force") {
			t.Errorf("exit %d, stderr %q; want 1 and a hint at --force", code, stderr)
		}
		if now, _ := os.ReadFile(target); !bytes.Equal(now, before) {
			t.Fatal("a refused restore changed the vault")
		}
		if _, err := os.Stat(target + ".prev"); err == nil {
			t.Fatal("a refused restore left a .prev")
		}
		if _, stderr, code := runBin(t, withBackupPass(other, "backup pass"), "restore", backup, "--force"); code != 0 {
			t.Fatalf("restore --force: exit %d: %s", code, stderr)
		}
		if prev, _ := os.ReadFile(target + ".prev"); !bytes.Equal(prev, before) {
			t.Error("the replaced vault is not kept as .prev")
		}
	})
}
