// Package storetest gives tests of other packages a store to work on.
package storetest

import (
	"context"
	"testing"

	"penny/store"
)

// Memory is an empty store in memory (store.OpenMemory), closed when the
// test ends.
func Memory(t testing.TB) *store.Store {
	t.Helper()
	st, closeFn, err := store.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeFn() })
	return st
}
