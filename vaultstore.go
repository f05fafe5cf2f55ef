package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"

	"penny/internal/osproc"
	"penny/store"
	"penny/store/vault"
)

// sealedStore is an unlocked vault with Penny's store on its database. The
// vault seals bytes and knows no schema; the store knows the schema and no
// files or keys. They meet here: the store opens on the vault's in-memory
// database and makes each write transaction a write of the vault (the write
// lock for that transaction, the newest generation, Save as the commit), so
// a write is on disk when the call that made it returns and never loses
// another process's.
type sealedStore struct {
	*vault.Vault
	st *store.Store
}

// Store is the vault's database as Penny's store.
func (s *sealedStore) Store() *store.Store { return s.st }

// Refresh loads what other processes saved since this one last looked.
func (s *sealedStore) Refresh(ctx context.Context) (bool, error) { return s.st.Refresh(ctx) }

// createSealed makes a new vault at path whose first saved image already
// holds the migrated schema, and opens the store on it.
func createSealed(ctx context.Context, path string, opt vault.CreateOptions) (*sealedStore, error) {
	opt.Init = func(ctx context.Context, db *sql.DB) error {
		_, err := store.Open(ctx, db)
		return err
	}
	v, err := vault.Create(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	return withStore(ctx, v)
}

// openSealed unlocks the vault at path and opens the store on it.
func openSealed(ctx context.Context, path string, opt vault.OpenOptions) (*sealedStore, error) {
	v, err := vault.Open(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	return withStore(ctx, v)
}

// vaultLimitMiB is the most a vault's database may hold. SQLite keeps a
// loaded vault in memory and refuses to grow it past about 1 GiB; Penny
// sets the same limit as the database's page budget, so the limit it names
// in messages is the one that applies.
const vaultLimitMiB = 1024

// withStore opens the store on v's database with v's save as its commit
// hook; on failure it closes v.
func withStore(ctx context.Context, v *vault.Vault) (*sealedStore, error) {
	if err := v.SetSizeLimit(ctx, vaultLimitMiB<<20); err != nil {
		_ = v.Close()
		return nil, fmt.Errorf("vault: %s: %w", v.Path(), err)
	}
	var shared store.Shared = v
	if log := os.Getenv("PENNY_WRITE_LOG"); log != "" {
		shared = loggedWrites{v, log}
	}
	st, err := store.Open(ctx, v.DB(), store.WithShared(shared), store.WithInMemory(v.LoadAll))
	if err != nil {
		_ = v.Close()
		return nil, fmt.Errorf("vault: %s: %w", v.Path(), err)
	}
	return &sealedStore{Vault: v, st: st}, nil
}

// canWrite says whether this process may write the vault at path: it can
// create (or open) the lock file beside it.
func canWrite(path string) error {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// loggedWrites appends a line "generation pid" to a file after every save:
// PENNY_WRITE_LOG, a diagnostic for checking that several processes
// writing one vault committed each generation exactly once.
type loggedWrites struct {
	*vault.Vault
	path string
}

func (l loggedWrites) Save(ctx context.Context) error {
	if err := l.Vault.Save(ctx); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil
	}
	defer f.Close()
	_, _ = fmt.Fprintf(f, "%d %d\n", l.Generation(), os.Getpid())
	return nil
}

// cannotWrite reports whether err says the data folder or the vault's files
// cannot be written: a read-only folder or file system.
func cannotWrite(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// writeRefused reports whether err is a write refused because the vault was
// opened read-only.
func writeRefused(err error) bool {
	return errors.Is(err, vault.ErrReadOnly) || strings.Contains(err.Error(), "readonly database")
}

// lockHolder is the pid of a live process that holds the vault at path for
// writing, as its lock file says, or 0. It only reads the lock file: taking
// the lock, even for a moment, could turn a writer starting at the same
// time away.
func lockHolder(path string) int {
	b, err := os.ReadFile(path + ".lock")
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 || pid == os.Getpid() {
		return 0
	}
	// A holder that died left its pid behind; the kernel dropped its lock.
	if !osproc.Alive(pid) {
		return 0
	}
	return pid
}

// dbSize is the size of the database in bytes.
func dbSize(ctx context.Context, db *sql.DB) (int64, error) {
	var pages, pageSize int64
	if err := db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return 0, err
	}
	if err := db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		return 0, err
	}
	return pages * pageSize, nil
}

// isFull reports whether err is the database reaching its size limit,
// whichever layer reported it.
func isFull(err error) bool {
	return errors.Is(err, store.ErrFull) || strings.Contains(err.Error(), "database or disk is full") ||
		strings.Contains(err.Error(), "SQLITE_FULL")
}
