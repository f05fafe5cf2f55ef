package vault

import (
	"context"
	"database/sql"
	"sync"

	"penny/store"
)

// stores holds the store the tests composed on each open vault.
var stores sync.Map // *Vault -> *store.Store

// Store composes the vault with a store the way the program's caller does:
// the store opens on the vault's database and saves through the vault after
// every committed write. The vault itself knows no schema; only its tests
// link the store, to seal real data.
func (v *Vault) Store() *store.Store {
	if st, ok := stores.Load(v); ok {
		return st.(*store.Store)
	}
	st, err := store.Open(context.Background(), v.DB(), store.WithShared(v))
	if err != nil {
		panic("vault test: open the store: " + err.Error())
	}
	stores.Store(v, st)
	return st
}

// migrate is a CreateOptions.Init that puts the schema in a new vault.
func migrate(ctx context.Context, db *sql.DB) error {
	_, err := store.Open(ctx, db)
	return err
}
