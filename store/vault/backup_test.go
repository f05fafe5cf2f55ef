package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"penny/store"
)

func backupOf(t *testing.T, v *Vault, pass string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "penny.backup")
	if err := v.Backup(t.Context(), path, BackupOptions{Passphrase: []byte(pass), KDF: testKDF, minKDF: testKDF}); err != nil {
		t.Fatal(err)
	}
	return path
}

func restoreOptions(pass string) RestoreOptions {
	return RestoreOptions{Passphrase: passphrase(pass), KDF: testKDF, minKDF: testKDF,
		Check: func(ctx context.Context, db *sql.DB) error { _, err := store.Open(ctx, db); return err }}
}

func countRows(t *testing.T, v *Vault) int64 {
	t.Helper()
	n, err := v.Store().CountTransactions(t.Context(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBackupOpensWithItsOwnPassphraseOnly(t *testing.T) {
	_, v := newVault(t, 300)
	defer v.Close()
	path := backupOf(t, v, "backup pass")
	in, err := Describe(path)
	if err != nil {
		t.Fatal(err)
	}
	if in.Keyring || !in.Passphrase || in.ID == v.ID() {
		t.Errorf("backup: keyring %v, passphrase %v, id %s (vault id %s); want a passphrase slot only and a new id",
			in.Keyring, in.Passphrase, in.ID, v.ID())
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the vault's passphrase opened the backup: %v", err)
	}
	b, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("backup pass")})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := countRows(t, b); got != 300 {
		t.Errorf("backup holds %d rows, want 300", got)
	}
	if err := v.Backup(t.Context(), path, BackupOptions{Passphrase: []byte("x"), KDF: testKDF, minKDF: testKDF}); !errors.Is(err, ErrExists) {
		t.Errorf("a second backup over the first: %v, want ErrExists", err)
	}
}

func TestBackupFromAReaderWhileAWriterHoldsTheVault(t *testing.T) {
	path, writer := newVault(t, 50)
	defer writer.Close()
	reader, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	// The writer commits more after the reader opened: the backup is the
	// reader's state, the last save it read.
	if _, err := writer.Store().CreateAccount(t.Context(), store.AccountParams{Name: "Savings", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	b := backupOf(t, reader, "bp")
	bv, err := Open(t.Context(), b, OpenOptions{ReadOnly: true, Passphrase: passphrase("bp")})
	if err != nil {
		t.Fatal(err)
	}
	defer bv.Close()
	accounts, err := bv.Store().Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, bv); got != 50 || len(accounts) != 1 {
		t.Errorf("backup holds %d rows and %d accounts, want the 50 and 1 the reader saw", got, len(accounts))
	}
}

func TestRestore(t *testing.T) {
	_, v := newVault(t, 200)
	backup := backupOf(t, v, "bp")
	v.Close()
	dir := t.TempDir()
	target := filepath.Join(dir, "data", FileName)

	t.Run("a wrong passphrase changes nothing", func(t *testing.T) {
		_, err := Restore(t.Context(), backup, target, restoreOptions("nope"))
		if !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("err = %v, want ErrWrongPassphrase", err)
		}
		if _, err := os.Stat(target); err == nil {
			t.Fatal("a vault appeared")
		}
	})
	t.Run("a tampered backup is damage", func(t *testing.T) {
		b, _ := os.ReadFile(backup)
		for _, at := range []int{20, len(b) - 40} { // header, body
			bad := bytes.Clone(b)
			bad[at] ^= 0x10
			p := filepath.Join(t.TempDir(), "tampered")
			if err := os.WriteFile(p, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Restore(t.Context(), p, target, restoreOptions("bp")); !errors.Is(err, ErrDamaged) {
				t.Errorf("byte %d flipped: err = %v, want ErrDamaged", at, err)
			}
		}
		if _, err := os.Stat(target); err == nil {
			t.Fatal("a vault appeared")
		}
	})
	t.Run("into an empty data folder, with a keyring slot", func(t *testing.T) {
		res, err := Restore(t.Context(), backup, target, func() RestoreOptions {
			o := restoreOptions("bp")
			o.Keyring = NewSystemKeyring() // go-keyring's mock in these tests
			return o
		}())
		if err != nil {
			t.Fatal(err)
		}
		if res.Replaced || !res.Keyring {
			t.Errorf("result %+v", res)
		}
		r, err := Open(t.Context(), target, OpenOptions{Keyring: NewSystemKeyring()})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if got := countRows(t, r); got != 200 {
			t.Errorf("restored vault holds %d rows, want 200", got)
		}
		if !r.HasPassphraseSlot() {
			t.Error("the restored vault lost the passphrase slot")
		}
	})
	t.Run("over an existing vault only with force", func(t *testing.T) {
		before, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Restore(t.Context(), backup, target, restoreOptions("bp")); !errors.Is(err, ErrExists) {
			t.Fatalf("err = %v, want ErrExists", err)
		}
		if now, _ := os.ReadFile(target); !bytes.Equal(now, before) {
			t.Fatal("a refused restore changed the vault")
		}
		o := restoreOptions("bp")
		o.Force = true
		res, err := Restore(t.Context(), backup, target, o)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Replaced {
			t.Error("result does not say a vault was replaced")
		}
		if prev, _ := os.ReadFile(target + ".prev"); !bytes.Equal(prev, before) {
			t.Error("the replaced vault is not kept as .prev")
		}
		r, err := Open(t.Context(), target, OpenOptions{ReadOnly: true, Passphrase: passphrase("bp")})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if got := countRows(t, r); got != 200 {
			t.Errorf("restored vault holds %d rows, want 200", got)
		}
	})
	t.Run("not while another Penny writes the vault", func(t *testing.T) {
		w, err := Open(t.Context(), target, OpenOptions{Passphrase: passphrase("bp")})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if _, err := w.BeginWrite(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer w.EndWrite()
		o := restoreOptions("bp")
		o.Force = true
		if _, err := Restore(t.Context(), backup, target, o); !errors.Is(err, ErrInUse) {
			t.Errorf("err = %v, want ErrInUse", err)
		}
	})
}
