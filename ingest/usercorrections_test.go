package ingest

import (
	"penny/store/storetest"
	"strings"
	"testing"

	"penny/statement"
	"penny/store"
)

// nordea is a CSV statement that did not say its currency, read as USD.
func nordea(txs ...statement.Transaction) statement.Statement {
	for i := range txs {
		txs[i].Currency = "USD"
	}
	return statement.Statement{Format: "csv", Origin: "nordea.csv",
		Account:      statement.AccountInfo{Name: "Nordea", Currency: "USD", CurrencyAssumed: true},
		Balance:      &statement.Balance{Amount: 2655033, Currency: "USD", Date: d("2012-11-16")},
		Transactions: txs}
}

func TestAFileWithoutACurrencyTakesTheAccounts(t *testing.T) {
	st := storetest.Memory(t)
	a, err := st.CreateAccount(t.Context(), store.AccountParams{Name: "Nordea", Currency: "DKK"})
	if err != nil {
		t.Fatal(err)
	}
	coffee := statement.Transaction{Posted: d("2012-11-16"), Amount: -4800, Payee: "Dankort-nota DSB"}
	res := apply(t, st, Options{}, nordea(coffee))
	if r := res.Accounts[0]; r.AccountID != a.ID || r.New != 1 || r.Created || !r.CurrencyAssumed || r.Balance == nil {
		t.Fatalf("import: %+v", r)
	}
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	if len(txs) != 1 || txs[0].Amount.Currency != "DKK" || txs[0].Amount.Minor != -4800 {
		t.Fatalf("rows %+v", txs)
	}
	// The same file again: its rows are recognised under the DKK key.
	if r := apply(t, st, Options{}, nordea(coffee)).Accounts[0]; r.New != 0 || r.Duplicates != 1 {
		t.Fatalf("again: %+v", r)
	}

	// An account whose amounts have no decimals cannot take USD-read ones.
	if _, err := st.CreateAccount(t.Context(), store.AccountParams{Name: "Yen", Currency: "JPY"}); err != nil {
		t.Fatal(err)
	}
	_, err = Apply(t.Context(), st, []Input{{Name: "nordea.csv", Statements: []statement.Statement{nordea(coffee)}}}, Options{AccountName: "Yen"})
	if err == nil || !strings.Contains(err.Error(), "--currency JPY") {
		t.Fatalf("into a JPY account: %v", err)
	}
	// A file that names its currency is still refused by an account in another.
	named := nordea(coffee)
	named.Account.CurrencyAssumed = false
	if _, err := Apply(t.Context(), st, []Input{{Name: "nordea.csv", Statements: []statement.Statement{named}}}, Options{}); err == nil {
		t.Fatal("a USD file went into a DKK account")
	}
}

func TestARenamedAccountKeepsItsFiles(t *testing.T) {
	st := storetest.Memory(t)
	s := statement.Statement{Origin: "a.csv", Account: statement.AccountInfo{Name: "Imported a", Currency: "USD"},
		Transactions: []statement.Transaction{{Posted: d("2026-03-01"), Amount: -450, Currency: "USD", Payee: "BLUE BOTTLE"}}}
	first := apply(t, st, Options{}, s)
	if err := st.RenameAccount(t.Context(), first.Accounts[0].AccountID, "Everyday"); err != nil {
		t.Fatal(err)
	}
	again := apply(t, st, Options{}, s)
	if r := again.Accounts[0]; r.AccountID != first.Accounts[0].AccountID || r.Created || r.New != 0 {
		t.Fatalf("after the rename: %+v", r)
	}
	all, _ := st.Accounts(t.Context())
	if len(all) != 1 || all[0].Name != "Everyday" {
		t.Fatalf("accounts %+v", all)
	}
	// --account with the old name files there too.
	more := apply(t, st, Options{AccountName: "imported A"}, checking(tx("X1", "2026-03-02", -100, "Y")))
	if r := more.Accounts[0]; r.AccountID != first.Accounts[0].AccountID || r.Created {
		t.Fatalf("--account with the former name: %+v", r)
	}
}

func TestAUserDeletedRowNeverComesBack(t *testing.T) {
	st := storetest.Memory(t)
	s := checking(tx("A1", "2026-03-01", -100, "X"), statement.Transaction{Posted: d("2026-03-02"), Amount: -250, Currency: "USD", Payee: "NO ID"})
	apply(t, st, Options{}, s)
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	if _, err := st.DeleteTransactions(t.Context(), []int64{txs[0].ID, txs[1].ID}); err != nil {
		t.Fatal(err)
	}
	if r := apply(t, st, Options{}, s).Accounts[0]; r.New != 0 || r.Tombstoned != 2 || count(t, st) != 0 {
		t.Fatalf("re-import after delete: %+v, %d rows", r, count(t, st))
	}
	// Undone, the rows are back once, and the file still adds nothing.
	if _, err := st.Undo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := apply(t, st, Options{}, s).Accounts[0]; r.New != 0 || r.Duplicates != 2 || count(t, st) != 2 {
		t.Fatalf("re-import after undo: %+v, %d rows", r, count(t, st))
	}
}
