package main

import (
	"context"
	"database/sql"
	"fmt"

	"penny/store"
	"penny/store/vault"
)

// sealedStore is an unlocked vault with Penny's store on its database. The
// vault seals bytes and knows no schema; the store knows the schema and no
// files or keys. They meet here: the store opens on the vault's in-memory
// database and runs the vault's Save after every committed write
// transaction, so a write is on disk when the call that made it returns.
type sealedStore struct {
	*vault.Vault
	st *store.Store
}

// Store is the vault's database as Penny's store.
func (s *sealedStore) Store() *store.Store { return s.st }

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

// withStore opens the store on v's database with v's save as its commit
// hook; on failure it closes v.
func withStore(ctx context.Context, v *vault.Vault) (*sealedStore, error) {
	st, err := store.Open(ctx, v.DB(), store.OnCommit(v.Save))
	if err != nil {
		_ = v.Close()
		return nil, fmt.Errorf("vault: %s: %w", v.Path(), err)
	}
	return &sealedStore{Vault: v, st: st}, nil
}
