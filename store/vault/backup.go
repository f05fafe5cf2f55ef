package vault

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
)

// A backup is a vault file of its own: a new id, a new data key, and a
// passphrase slot only, so it opens on any machine with the passphrase chosen
// when it was made, and never with the keyring of the machine that made it.
// Restore seals its database into a new vault in the data folder.

// BackupOptions say how to seal a backup.
type BackupOptions struct {
	// Passphrase is the only key of the backup.
	Passphrase []byte
	// KDF are the Argon2id parameters; zero means DefaultKDF.
	KDF KDFParams
	// minKDF, when set, replaces MinKDF (the vault's own tests).
	minKDF KDFParams
}

// Backup seals a copy of v's database into a new file at path. v may be
// open read-only, so a backup works while another Penny holds the vault for
// writing: it copies the state of the last committed save. The file is
// written whole (temp file, fsync, rename) or not at all; an existing file
// is never replaced.
func (v *Vault) Backup(ctx context.Context, path string, opt BackupOptions) error {
	if len(opt.Passphrase) == 0 {
		return fmt.Errorf("vault: backup: the passphrase is empty")
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = DefaultKDF
	}
	if opt.minKDF == (KDFParams{}) {
		opt.minKDF = MinKDF
	}
	if err := opt.KDF.check(opt.minKDF); err != nil {
		return err
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("vault: backup %s: %w", path, ErrExists)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return fmt.Errorf("vault: backup %s: the folder %s does not exist", path, filepath.Dir(path))
	}
	// A lazy vault's pages are read through SQLite, which would copy a page
	// it cannot read as zeros: the whole image is decrypted first, where a
	// forged chunk is an error.
	if err := v.LoadAll(ctx); err != nil {
		return fmt.Errorf("vault: backup %s: %w", path, err)
	}
	b := &Vault{path: path, db: v.db, dataKey: randomBytes(32)}
	defer clear(b.dataKey)
	b.hdr = &header{version: formatVersion, cipher: cipherAES256, chunkSize: defaultChunk}
	copy(b.hdr.id[:], randomBytes(16))
	s, err := makePassphraseSlot(b.hdr.id, b.dataKey, opt.Passphrase, opt.KDF)
	if err != nil {
		return err
	}
	b.hdr.setSlot(s)
	// Hold v's save lock: the copy must not interleave with a save of v.
	v.mu.Lock()
	defer v.mu.Unlock()
	defer boundGarbage()()
	if err := b.save(ctx); err != nil {
		return fmt.Errorf("vault: backup %s: %w", path, err)
	}
	return nil
}

// RestoreOptions say how to restore a backup.
type RestoreOptions struct {
	// Passphrase returns the backup's passphrase. The restored vault keeps
	// it in its passphrase slot.
	Passphrase func() ([]byte, error)
	// Keyring, when set, also gives the restored vault an OS keyring slot.
	// When the keyring cannot be reached the vault is restored with its
	// passphrase slot alone, and RestoreResult says so.
	Keyring Keyring
	// Force replaces an existing vault, which is kept as vault.penny.prev.
	Force bool
	// Check verifies the backup's database (the caller's schema, which it
	// may migrate) before anything on disk changes. SQLite's integrity
	// check runs first either way.
	Check func(ctx context.Context, db *sql.DB) error
	// KDF are the Argon2id parameters of the restored vault's passphrase
	// slot; zero means DefaultKDF.
	KDF KDFParams
	// minKDF, when set, replaces MinKDF (the vault's own tests).
	minKDF KDFParams
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Replaced is true when a vault was there before; it is now
	// vault.penny.prev.
	Replaced bool
	// Keyring is true when the restored vault has an OS keyring slot;
	// KeyringErr says why not when one was asked for.
	Keyring    bool
	KeyringErr error
}

// Restore makes the vault at path from the backup at backupPath. The backup
// is opened and verified completely first: a wrong passphrase (ErrLocked) or
// a damaged or tampered backup (ErrDamaged) leaves everything as it was. An
// existing vault is replaced only with opt.Force, and only while no other
// Penny writes it (ErrInUse); it is kept as vault.penny.prev. The restored
// vault has a new id and data key.
func Restore(ctx context.Context, backupPath, path string, opt RestoreOptions) (RestoreResult, error) {
	var res RestoreResult
	if opt.Passphrase == nil {
		return res, fmt.Errorf("vault: restore: %w: no passphrase for the backup", ErrLocked)
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = DefaultKDF
	}
	if opt.minKDF == (KDFParams{}) {
		opt.minKDF = MinKDF
	}
	if err := opt.KDF.check(opt.minKDF); err != nil {
		return res, err
	}
	// Open clears the passphrase after use; keep a copy for the new slot.
	var pass []byte
	defer func() { clear(pass) }()
	src, err := Open(ctx, backupPath, OpenOptions{ReadOnly: true, Passphrase: func() ([]byte, error) {
		p, err := opt.Passphrase()
		pass = append([]byte(nil), p...)
		return p, err
	}})
	if err != nil {
		return res, err
	}
	defer src.Close()
	if len(pass) == 0 {
		return res, fmt.Errorf("vault: restore from %s: %w: it opened without a passphrase", backupPath, ErrLocked)
	}
	if err := verify(ctx, src.db, opt.Check); err != nil {
		return res, fmt.Errorf("vault: restore from %s: %w", backupPath, err)
	}
	if err := ensureDir(filepath.Dir(path)); err != nil {
		return res, err
	}
	lock, err := acquireLock(path)
	if err != nil {
		return res, err
	}
	defer lock.Release()
	if _, err := os.Lstat(path); err == nil {
		if !opt.Force {
			return res, fmt.Errorf("vault: restore into %s: %w", path, ErrExists)
		}
		res.Replaced = true
	}
	v := &Vault{path: path, db: src.db, dataKey: randomBytes(32)}
	defer clear(v.dataKey)
	v.hdr = &header{version: formatVersion, cipher: cipherAES256, chunkSize: defaultChunk}
	copy(v.hdr.id[:], randomBytes(16))
	s, err := makePassphraseSlot(v.hdr.id, v.dataKey, pass, opt.KDF)
	if err != nil {
		return res, err
	}
	v.hdr.setSlot(s)
	if opt.Keyring != nil {
		if err := addKeyringSlot(v, opt.Keyring); err != nil {
			res.KeyringErr = err
		} else {
			res.Keyring = true
		}
	}
	defer boundGarbage()()
	if err := v.save(ctx); err != nil {
		if res.Keyring {
			_ = opt.Keyring.Delete(KeyringService, v.ID())
		}
		return RestoreResult{}, fmt.Errorf("vault: restore into %s: %w", path, err)
	}
	return res, nil
}

// verify checks a restored database before it replaces anything: SQLite's
// own integrity check, then the caller's.
func verify(ctx context.Context, db *sql.DB, check func(context.Context, *sql.DB) error) error {
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("%w: integrity check: %s", ErrDamaged, result)
	}
	if check == nil {
		return nil
	}
	// The backup was opened read-only; its database is a copy in memory
	// that the check may migrate before it is sealed into the new vault.
	if _, err := db.ExecContext(ctx, "PRAGMA query_only=OFF"); err != nil {
		return err
	}
	return check(ctx, db)
}

// addKeyringSlot stores a new key for v in the OS keyring and wraps v's data
// key with it.
func addKeyringSlot(v *Vault, kr Keyring) error {
	kek := randomBytes(32)
	defer clear(kek)
	wrapped, err := wrapKey(kek, v.dataKey, slotAD(v.hdr.id, slotKeyring))
	if err != nil {
		return err
	}
	if err := kr.Set(KeyringService, v.ID(), base64.StdEncoding.EncodeToString(kek)); err != nil {
		return fmt.Errorf("vault: store the key in the OS keyring: %w", err)
	}
	v.hdr.setSlot(slot{typ: slotKeyring, data: wrapped})
	return nil
}
