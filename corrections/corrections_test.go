package corrections

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"penny/store"
)

func TestParseIDs(t *testing.T) {
	t.Parallel()
	ids, err := ParseIDs([]string{"12", "#7", "12"})
	if err != nil || !slices.Equal(ids, []int64{12, 7}) {
		t.Errorf("got %v %v", ids, err)
	}
	for _, bad := range []string{"x", "0", "-3", "#", "1.5", "\x1b[31m"} {
		if _, err := ParseIDs([]string{"1", bad}); err == nil {
			t.Errorf("%q read as an id", bad)
		}
	}
}

func TestDeleteAndUndo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeDB() })
	a, err := st.CreateAccount(ctx, store.AccountParams{Name: "Checking", Type: "checking", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := st.InsertTransactions(ctx, []store.NewTransaction{{AccountID: a.ID, ExternalID: "1",
		Posted: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Amount: -450, Currency: "USD", Payee: "BLUE BOTTLE"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Undo(ctx, st); !errors.Is(err, store.ErrNothingToUndo) || err.Error() != "nothing to undo" {
		t.Errorf("undo of nothing: %v", err)
	}
	for _, try := range []func() error{
		func() error { _, err := Find(ctx, st, []int64{ids[0], 99}); return err },
		func() error { _, err := Delete(ctx, st, []int64{ids[0], 99}); return err },
	} {
		err := try()
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, store.ErrNotFound) || e.Msg != "no transaction has the id 99; nothing was deleted" {
			t.Errorf("an unknown id: %v", err)
		}
	}
	found, err := Find(ctx, st, ids)
	if err != nil || len(found) != 1 {
		t.Fatal(found, err)
	}
	if d := Describe(found[0]); d != "-4.50 USD at BLUE BOTTLE on 2026-03-01 (Checking)" {
		t.Errorf("Describe: %q", d)
	}
	gone, err := Delete(ctx, st, ids)
	if err != nil || len(gone) != 1 || gone[0].ID != ids[0] {
		t.Fatalf("delete: %v %v", gone, err)
	}
	ch, ok, err := Last(ctx, st)
	if err != nil || !ok || ch.Kind != store.ChangeDelete || !slices.Equal(ch.DeletedIDs(), ids) {
		t.Errorf("last change: %+v %v %v", ch, ok, err)
	}
	if ch, err := Undo(ctx, st); err != nil || ch.Kind != store.ChangeDelete {
		t.Fatalf("undo: %+v %v", ch, err)
	}
	if _, err := st.Transaction(ctx, ids[0]); err != nil {
		t.Errorf("the row is not back: %v", err)
	}
}
