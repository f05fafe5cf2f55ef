package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// dump is every row of a table as SQLite holds it, one JSON line per row
// in id order, for comparing a database before a change and after its undo.
func dump(t *testing.T, s *Store, table string) string {
	t.Helper()
	ids := sqlIDs(t, s, "SELECT id FROM "+table+" ORDER BY id")
	var b strings.Builder
	for _, id := range ids {
		img, err := s.rowImage(t.Context(), table, id)
		if err != nil {
			t.Fatal(err)
		}
		j, err := json.Marshal(img)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestRenameAndUndo(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a, _ := s.CreateAccount(ctx, AccountParams{Name: "Imported statement", Currency: "USD"})
	if _, err := s.CreateAccount(ctx, AccountParams{Name: "Savings", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.LastChange(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo with no change: %v", err)
	}
	if err := s.RenameAccount(ctx, a.ID, "savings"); !errors.Is(err, ErrConflict) {
		t.Fatalf("rename onto another account's name: %v", err)
	}
	if err := s.RenameAccount(ctx, a.ID, "Nordea"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Account(ctx, a.ID); got.Name != "Nordea" {
		t.Fatalf("name %q", got.Name)
	}
	// The old name still finds the account, for imports matched by name.
	if got, err := s.AccountByFormerName(ctx, "imported STATEMENT"); err != nil || got.ID != a.ID {
		t.Fatalf("former name: %+v %v", got, err)
	}
	if _, err := s.AccountByFormerName(ctx, "Savings"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a current name is no former name: %v", err)
	}
	c, ok, err := s.LastChange(ctx)
	if err != nil || !ok || c.Kind != ChangeRename || c.From != "Imported statement" || c.To != "Nordea" {
		t.Fatalf("last change %+v %v %v", c, ok, err)
	}
	if _, err := s.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Account(ctx, a.ID); got.Name != "Imported statement" {
		t.Fatalf("after undo: name %q", got.Name)
	}
	if _, err := s.AccountByFormerName(ctx, "Imported statement"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after undo the former name is gone: %v", err)
	}
	if _, err := s.Undo(ctx); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("second undo: %v", err)
	}
	// An undo that no longer fits what is there changes nothing.
	if err := s.RenameAccount(ctx, a.ID, "Nordea"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE accounts SET name = 'Somebody else' WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx); err == nil {
		t.Fatal("undo of a rename that was overtaken went through")
	}
	if got, _ := s.Account(ctx, a.ID); got.Name != "Somebody else" {
		t.Fatalf("a refused undo changed the name to %q", got.Name)
	}
}

func TestDeleteAndUndoPutTheRowsBackExactly(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	chk, _ := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD", Opening: 1000})
	sav, _ := s.CreateAccount(ctx, AccountParams{Name: "Savings", Currency: "USD"})
	ids, err := s.InsertTransactions(ctx, []NewTransaction{
		{AccountID: chk.ID, Posted: day("2026-03-01"), Amount: -450, Currency: "USD", Payee: "Blue Bottle", Category: "Coffee"},
		{AccountID: chk.ID, ExternalID: "FIT2", Posted: day("2026-03-02"), Amount: -5000, Currency: "USD", Payee: "To savings"},
		{AccountID: sav.ID, ExternalID: "S1", Posted: day("2026-03-02"), Amount: 5000, Currency: "USD", Payee: "From checking"},
		{AccountID: chk.ID, Posted: day("2026-03-03"), Amount: -1999, Currency: "USD", Payee: "Netflix", Pending: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LinkTransfer(ctx, ids[1], ids[2]); err != nil {
		t.Fatal(err)
	}
	txBefore := dump(t, s, "transactions")
	acctBefore := dump(t, s, "accounts")

	gone, err := s.DeleteTransactions(ctx, []int64{ids[0], ids[1], ids[3]})
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != 3 || gone[0].Payee != "Blue Bottle" {
		t.Fatalf("deleted %+v", gone)
	}
	if n, _ := s.CountTransactions(ctx, TxQuery{}); n != 1 {
		t.Fatalf("%d rows left", n)
	}
	for _, x := range gone {
		if dead, _ := s.Tombstoned(ctx, x.AccountID, x.ExternalID, x.ContentKey, x.Ordinal); !dead {
			t.Errorf("no tombstone for %d", x.ID)
		}
	}
	if got, _ := s.Transaction(ctx, ids[2]); got.TransferID != 0 {
		t.Fatalf("the other side of the transfer still points at the deleted row")
	}

	if _, err := s.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, "transactions"); got != txBefore {
		t.Errorf("transactions after undo:\n%v\nbefore:\n%v", got, txBefore)
	}
	if got := dump(t, s, "accounts"); got != acctBefore {
		t.Errorf("accounts after undo:\n%v\nbefore:\n%v", got, acctBefore)
	}
	for _, x := range gone {
		if dead, _ := s.Tombstoned(ctx, x.AccountID, x.ExternalID, x.ContentKey, x.Ordinal); dead {
			t.Errorf("tombstone of %d left behind", x.ID)
		}
	}
}

func TestUndoOfADeleteWhoseRowIsBackIsRefused(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a, _ := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"})
	row := NewTransaction{AccountID: a.ID, ExternalID: "FIT1", Posted: day("2026-03-01"), Amount: -100, Currency: "USD", Payee: "X"}
	ids, _ := s.InsertTransactions(ctx, []NewTransaction{row})
	if _, err := s.DeleteTransactions(ctx, ids); err != nil {
		t.Fatal(err)
	}
	// Something put the same bank row back by hand.
	if _, err := s.InsertTransactions(ctx, []NewTransaction{row}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx); !errors.Is(err, ErrConflict) {
		t.Fatalf("undo: %v", err)
	}
	if n, _ := s.CountTransactions(ctx, TxQuery{}); n != 1 {
		t.Fatalf("%d rows after a refused undo", n)
	}
	if _, ok, _ := s.LastChange(ctx); !ok {
		t.Fatal("a refused undo forgot the change")
	}
}

func TestSetCurrencyRekeysRowsAndUndoes(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a, _ := s.CreateAccount(ctx, AccountParams{Name: "Nordea", Currency: "USD"})
	rows := []NewTransaction{
		{AccountID: a.ID, Posted: day("2012-08-27"), Amount: -65500, Currency: "USD", Payee: "Dankort-nota MATAS"},
		{AccountID: a.ID, Posted: day("2012-08-27"), Amount: -65500, Currency: "USD", Payee: "Dankort-nota MATAS"},
	}
	AssignOrdinals(rows)
	if _, err := s.InsertTransactions(ctx, rows); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s, "transactions")
	if err := s.SetAccountCurrency(ctx, a.ID, "dkk"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Account(ctx, a.ID)
	if got.Currency != "DKK" || got.Balance.Currency != "DKK" {
		t.Fatalf("account %+v", got)
	}
	// A later import in DKK computes the same keys: nothing new.
	keys, err := s.TransactionKeys(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for ord := range 2 {
		k := ContentIndex(ContentKey(day("2012-08-27"), -65500, "DKK", "Dankort-nota MATAS", ""), ord)
		if _, ok := keys.Content[k]; !ok {
			t.Errorf("no DKK key for ordinal %d", ord)
		}
	}
	txs, _ := s.Transactions(ctx, TxQuery{})
	for _, x := range txs {
		if x.Amount.Currency != "DKK" || x.Amount.Minor != -65500 {
			t.Errorf("row %+v", x.Amount)
		}
	}
	if err := s.SetAccountCurrency(ctx, a.ID, "JPY"); !errors.Is(err, ErrCurrencyChange) {
		t.Fatalf("DKK to JPY (no decimals): %v", err)
	}
	if _, err := s.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, "transactions"); got != before {
		t.Errorf("after undo:\n%v\nbefore:\n%v", got, before)
	}
	if got, _ := s.Account(ctx, a.ID); got.Currency != "USD" {
		t.Fatalf("after undo: %s", got.Currency)
	}
	// A row deleted without a bank id is remembered by a USD key: the
	// change is refused rather than let it come back.
	if _, err := s.DeleteTransactions(ctx, []int64{txs[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAccountCurrency(ctx, a.ID, "DKK"); !errors.Is(err, ErrCurrencyChange) {
		t.Fatalf("with a content-key tombstone: %v", err)
	}
}
