package ingest

import (
	"context"
	"errors"
	"penny/store/storetest"
	"strings"
	"testing"
	"time"

	"penny/category"
	"penny/statement"
	"penny/store"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func checking(txs ...statement.Transaction) statement.Statement {
	return statement.Statement{Format: "ofx", Origin: "checking.ofx",
		Account:      statement.AccountInfo{Institution: "First Example Bank", InstitutionID: "123", ExternalID: "111-222", Type: "checking", Currency: "USD"},
		Transactions: txs}
}

func savings(txs ...statement.Transaction) statement.Statement {
	return statement.Statement{Format: "ofx", Origin: "savings.ofx",
		Account:      statement.AccountInfo{Institution: "First Example Bank", InstitutionID: "123", ExternalID: "333-444", Type: "savings", Currency: "USD"},
		Transactions: txs}
}

func tx(id, date string, amount int64, payee string) statement.Transaction {
	return statement.Transaction{ExternalID: id, Posted: d(date), Amount: amount, Currency: "USD", Payee: payee}
}

func apply(t *testing.T, st *store.Store, opt Options, stmts ...statement.Statement) *Result {
	t.Helper()
	res, err := Apply(t.Context(), st, []Input{{Name: "test.ofx", Format: "ofx", Source: "file", Raw: []byte("raw"), Statements: stmts}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func count(t *testing.T, st *store.Store) int64 {
	t.Helper()
	n, err := st.CountTransactions(context.Background(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportingTwiceChangesNothing(t *testing.T) {
	st := storetest.Memory(t)
	s := checking(tx("A1", "2026-03-01", -450, "BLUE BOTTLE"), tx("A2", "2026-03-02", -12000, "WHOLE FOODS"))
	s.Balance = &statement.Balance{Amount: 100000, Currency: "USD", Date: d("2026-03-02")}
	first := apply(t, st, Options{}, s)
	if r := first.Accounts[0]; r.New != 2 || !r.Created || r.Balance == nil || !r.Balance.OK() || !r.Balance.OpeningSet {
		t.Fatalf("first import: %+v %+v", r, r.Balance)
	}
	before, _ := st.Accounts(t.Context())
	second := apply(t, st, Options{}, s)
	if r := second.Accounts[0]; r.New != 0 || r.Duplicates != 2 || r.Created || !r.Balance.OK() {
		t.Fatalf("second import: %+v", r)
	}
	after, _ := st.Accounts(t.Context())
	if count(t, st) != 2 || before[0].Balance != after[0].Balance || after[0].Balance.Minor != 100000 {
		t.Fatalf("after re-import: %d rows, balance %v (was %v)", count(t, st), after[0].Balance, before[0].Balance)
	}
}

func TestOverlappingStatementsAddOnlyNewRows(t *testing.T) {
	st := storetest.Memory(t)
	apply(t, st, Options{}, checking(tx("A1", "2026-03-01", -100, "X"), tx("A2", "2026-03-05", -200, "Y")))
	res := apply(t, st, Options{}, checking(tx("A2", "2026-03-05", -200, "Y"), tx("A3", "2026-03-09", -300, "Z")))
	if r := res.Accounts[0]; r.New != 1 || r.Duplicates != 1 {
		t.Fatalf("overlap: %+v", r)
	}
	if count(t, st) != 3 {
		t.Fatalf("%d rows, want 3", count(t, st))
	}
}

func TestDeletedTransactionNeverComesBack(t *testing.T) {
	st := storetest.Memory(t)
	s := checking(tx("A1", "2026-03-01", -100, "X"), statement.Transaction{Posted: d("2026-03-02"), Amount: -250, Currency: "USD", Payee: "NO ID"})
	apply(t, st, Options{}, s)
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	for _, x := range txs {
		if err := st.DeleteTransaction(t.Context(), x.ID, "deleted"); err != nil {
			t.Fatal(err)
		}
	}
	res := apply(t, st, Options{}, s)
	if r := res.Accounts[0]; r.New != 0 || r.Tombstoned != 2 || count(t, st) != 0 {
		t.Fatalf("re-import after delete: %+v, %d rows", r, count(t, st))
	}
}

func TestTwoIdenticalRowsStayTwo(t *testing.T) {
	st := storetest.Memory(t)
	coffee := statement.Transaction{Posted: d("2026-03-01"), Amount: -450, Currency: "USD", Payee: "BLUE BOTTLE"}
	s := statement.Statement{Origin: "a.csv", Account: statement.AccountInfo{Currency: "USD"}, Transactions: []statement.Transaction{coffee, coffee}}
	res, err := Apply(t.Context(), st, []Input{{Name: "a.csv", Statements: []statement.Statement{s}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accounts[0].New != 2 || count(t, st) != 2 {
		t.Fatalf("two coffees: %+v", res.Accounts[0])
	}
	// The same file again: still two. A later file with three: one more.
	Apply(t.Context(), st, []Input{{Name: "a.csv", Statements: []statement.Statement{s}}}, Options{})
	s.Transactions = append(s.Transactions, coffee)
	res, _ = Apply(t.Context(), st, []Input{{Name: "a.csv", Statements: []statement.Statement{s}}}, Options{})
	if res.Accounts[0].New != 1 || res.Accounts[0].Duplicates != 2 || count(t, st) != 3 {
		t.Fatalf("third coffee: %+v, %d rows", res.Accounts[0], count(t, st))
	}
}

func TestPendingReplacedByPostedWithTip(t *testing.T) {
	st := storetest.Memory(t)
	p := tx("P1", "2026-03-01", -2000, "TST* NOPA SAN FRANCISCO")
	p.Pending = true
	apply(t, st, Options{}, checking(p))
	res := apply(t, st, Options{}, checking(tx("F9", "2026-03-03", -2400, "TST* NOPA SAN FRANCISCO CA")))
	if r := res.Accounts[0]; r.PendingReplaced != 1 || r.New != 1 {
		t.Fatalf("posted version: %+v", r)
	}
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	if len(txs) != 1 || txs[0].Pending || txs[0].Amount.Minor != -2400 || txs[0].ReplacesExternalID != "P1" {
		t.Fatalf("after posting: %+v", txs)
	}
	a, _ := st.Accounts(t.Context())
	if a[0].Balance.Minor != -2400 || a[0].Pending.Minor != 0 {
		t.Fatalf("balance %v pending %v", a[0].Balance, a[0].Pending)
	}
	// The pending row never returns, even if an old file still has it.
	res = apply(t, st, Options{}, checking(p))
	if r := res.Accounts[0]; r.New != 0 || r.Tombstoned != 1 {
		t.Fatalf("old pending re-imported: %+v", r)
	}
	// A different merchant's charge is not taken for it.
	q := tx("P2", "2026-03-10", -1000, "SHELL OIL 123")
	q.Pending = true
	apply(t, st, Options{}, checking(q))
	res = apply(t, st, Options{}, checking(tx("F10", "2026-03-11", -1000, "CHEVRON 555")))
	if r := res.Accounts[0]; r.PendingReplaced != 0 {
		t.Fatalf("another merchant replaced the pending row: %+v", r)
	}
}

func TestPendingPostedInPlaceWhenIDStays(t *testing.T) {
	st := storetest.Memory(t)
	p := tx("S1", "2026-03-01", -2000, "NOPA")
	p.Pending = true
	apply(t, st, Options{}, checking(p))
	res := apply(t, st, Options{}, checking(tx("S1", "2026-03-02", -2300, "NOPA")))
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	if r := res.Accounts[0]; r.PendingReplaced != 1 || len(txs) != 1 || txs[0].Pending || txs[0].Amount.Minor != -2300 {
		t.Fatalf("%+v %+v", r, txs)
	}
}

func TestTransferImportedFromBothSides(t *testing.T) {
	st := storetest.Memory(t)
	apply(t, st, Options{}, checking(tx("C1", "2026-03-01", -50000, "ONLINE TRANSFER TO SAV 4444"), tx("C2", "2026-03-01", -1500, "NETFLIX")))
	res := apply(t, st, Options{}, savings(tx("S1", "2026-03-02", 50000, "TRANSFER FROM CHK 2222")))
	if res.Accounts[0].Transfers != 1 {
		t.Fatalf("transfer not found: %+v", res.Accounts[0])
	}
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	linked := 0
	for _, x := range txs {
		if x.TransferID != 0 {
			linked++
			if x.Category != category.BetweenAccounts {
				t.Errorf("%s: category %q", x.Payee, x.Category)
			}
		}
	}
	if linked != 2 {
		t.Fatalf("%d rows linked, want 2", linked)
	}
	// Spending excludes transfers: only Netflix is spending.
	spent := int64(0)
	for _, x := range txs {
		if x.Amount.Minor < 0 && x.TransferID == 0 {
			spent += x.Amount.Minor
		}
	}
	if spent != -1500 {
		t.Fatalf("spending = %d, want -1500", spent)
	}
}

func TestOppositeAmountsWithoutTransferWordsNeedAUniqueMatch(t *testing.T) {
	st := storetest.Memory(t)
	apply(t, st, Options{}, checking(tx("C1", "2026-03-01", -2500, "BOOKSHOP"), tx("C2", "2026-03-02", -2500, "CINEMA")))
	res := apply(t, st, Options{}, savings(tx("S1", "2026-03-02", 2500, "REFUND")))
	if res.Accounts[0].Transfers != 0 {
		t.Fatalf("an ambiguous pair was linked: %+v", res.Accounts[0])
	}
}

func TestReconciliationMismatchRaisesAnAlert(t *testing.T) {
	st := storetest.Memory(t)
	s := checking(tx("A1", "2026-03-01", -100, "X"))
	s.Balance = &statement.Balance{Amount: 10000, Date: d("2026-03-01")}
	apply(t, st, Options{}, s)
	s2 := checking(tx("A2", "2026-03-05", -200, "Y"))
	s2.Balance = &statement.Balance{Amount: 9000, Date: d("2026-03-05")} // Penny: 10000 - 200 = 9800
	res := apply(t, st, Options{}, s2)
	b := res.Accounts[0].Balance
	if b == nil || b.OK() || b.Bank.Minor != 9000 || b.Computed.Minor != 9800 {
		t.Fatalf("balance check: %+v", b)
	}
	recon := func() []store.Alert {
		all, _ := st.Alerts(t.Context(), store.AlertQuery{})
		var out []store.Alert
		for _, a := range all {
			if a.Rule == "reconciliation" {
				out = append(out, a)
			}
		}
		return out
	}
	if got := recon(); len(got) != 1 {
		t.Fatalf("reconciliation alerts: %+v", got)
	}
	all, _ := st.Alerts(t.Context(), store.AlertQuery{})
	res = apply(t, st, Options{}, s2)
	if got := recon(); len(got) != 1 || len(res.Alerts) != 0 {
		t.Fatalf("the same mismatch alerted twice: %d, %d new", len(got), len(res.Alerts))
	}
	if again, _ := st.Alerts(t.Context(), store.AlertQuery{}); len(again) != len(all) {
		t.Fatalf("a re-import raised %d new alerts", len(again)-len(all))
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	st := storetest.Memory(t)
	res := apply(t, st, Options{DryRun: true}, checking(tx("A1", "2026-03-01", -100, "X")))
	if !res.DryRun || res.Accounts[0].New != 1 || !res.Accounts[0].Created {
		t.Fatalf("dry run result: %+v", res.Accounts[0])
	}
	if a, _ := st.Accounts(t.Context()); len(a) != 0 || count(t, st) != 0 {
		t.Fatalf("dry run wrote %d accounts", len(a))
	}
}

func TestAccountOptionFilesIntoNamedAccount(t *testing.T) {
	st := storetest.Memory(t)
	apply(t, st, Options{AccountName: "Joint Checking"}, checking(tx("A1", "2026-03-01", -100, "X")))
	apply(t, st, Options{AccountName: "joint checking"}, savings(tx("B1", "2026-03-01", -100, "Y")))
	a, _ := st.Accounts(t.Context())
	if len(a) != 1 || a[0].Name != "Joint Checking" || a[0].TxCount != 2 {
		t.Fatalf("accounts: %+v", a)
	}
}

func TestCategories(t *testing.T) {
	st := storetest.Memory(t)
	if _, err := st.AddRule(t.Context(), store.Rule{Pattern: "blue bottle", Value: "Coffee"}); err != nil {
		t.Fatal(err)
	}
	withCat := tx("A4", "2026-03-01", -100, "MYSTERY SHOP")
	withCat.Category = "Gifts"
	apply(t, st, Options{}, checking(
		tx("A1", "2026-03-01", -450, "SQ *BLUE BOTTLE COFFEE"),
		tx("A2", "2026-03-01", -1549, "NETFLIX.COM 866-579-7172"),
		tx("A3", "2026-03-01", -3000, "AMAZON PRIME VIDEO"),
		withCat,
		tx("A5", "2026-03-01", -100, "XYZZY"),
	))
	// The source's "Gifts" is mapped onto the taxonomy.
	want := map[string]string{"SQ *BLUE BOTTLE COFFEE": "Coffee", "NETFLIX.COM 866-579-7172": "Subscriptions",
		"AMAZON PRIME VIDEO": "Entertainment", "MYSTERY SHOP": category.Gifts, "XYZZY": ""}
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	for _, x := range txs {
		if x.Category != want[x.Payee] {
			t.Errorf("%s: category %q, want %q", x.Payee, x.Category, want[x.Payee])
		}
	}
}

func TestStatementCurrencyMustMatchAccount(t *testing.T) {
	st := storetest.Memory(t)
	apply(t, st, Options{AccountName: "Main"}, checking(tx("A1", "2026-03-01", -100, "X")))
	s := checking(tx("E1", "2026-03-01", -100, "Y"))
	s.Account.Currency = "EUR"
	_, err := Apply(t.Context(), st, []Input{{Name: "eur.ofx", Statements: []statement.Statement{s}}}, Options{AccountName: "Main"})
	if err == nil {
		t.Fatal("EUR statement filed into a USD account")
	}
	if count(t, st) != 1 {
		t.Fatal("a refused import changed the store")
	}
}

func TestRawPayloadKeptOnceAndOnlyWithNewRows(t *testing.T) {
	st := storetest.Memory(t)
	s := checking(tx("A1", "2026-03-01", -100, "X"))
	apply(t, st, Options{}, s)
	apply(t, st, Options{}, s)
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM raw_payloads`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d raw payloads after importing one file twice, want 1", n)
	}
	txs, _ := st.Transactions(t.Context(), store.TxQuery{})
	p, err := st.RawPayload(t.Context(), txs[0].RawID)
	if err != nil || len(p.Data) == 0 || p.Kind != "ofx+deflate" {
		t.Fatalf("the row's raw payload: %+v %v", p, err)
	}
}

// A merchant the user renamed keeps its new name on rows imported later,
// and a row exported as OFX and again as CSV (no id) is one row.
func TestRenamedMerchantsAndOneRowAcrossFormats(t *testing.T) {
	st := storetest.Memory(t)
	ctx := t.Context()
	if _, err := st.AddRule(ctx, store.Rule{Kind: store.MerchantRuleKind, Pattern: "whole-foods", Value: "Grocery Palace"}); err != nil {
		t.Fatal(err)
	}
	apply(t, st, Options{}, checking(tx("A1", "2026-03-01", -4210, "WHOLEFDS BER 10234 BERKELEY CA")))
	// The CSV export prints the descriptor differently and has no id.
	res := apply(t, st, Options{}, checking(tx("", "2026-03-01", -4210, "POS DEBIT WHOLE FOODS MARKET #10234")))
	if res.Accounts[0].New != 0 {
		t.Errorf("the same row from another export was added again: %+v", res.Accounts[0])
	}
	txs, err := st.Transactions(ctx, store.TxQuery{})
	if err != nil || len(txs) != 1 {
		t.Fatalf("%d rows %v", len(txs), err)
	}
	if txs[0].Merchant != "Grocery Palace" || txs[0].MerchantKey != "grocery-palace" {
		t.Errorf("merchant %q key %q", txs[0].Merchant, txs[0].MerchantKey)
	}
}

// The two exports of one row in one import, either order: the second file
// finds the row the first one counted.
func TestOneRowAcrossFormatsInOneImport(t *testing.T) {
	for _, order := range []string{"ofx first", "csv first"} {
		st := storetest.Memory(t)
		withID := checking(tx("A1", "2026-03-01", -4210, "WHOLEFDS BER 10234 BERKELEY CA"), tx("A2", "2026-03-02", -999, "NETFLIX.COM"))
		withoutID := checking(tx("", "2026-03-01", -4210, "POS DEBIT WHOLE FOODS MARKET #10234"), tx("", "2026-03-03", -500, "SHELL OIL 5543"))
		stmts := []statement.Statement{withID, withoutID}
		if order == "csv first" {
			stmts = []statement.Statement{withoutID, withID}
		}
		res := apply(t, st, Options{}, stmts...)
		if got := count(t, st); got != 3 || res.Accounts[0].Duplicates != 1 {
			t.Errorf("%s: %d rows stored, %+v; want 3 rows and the Whole Foods row once", order, got, res.Accounts[0])
		}
	}
}

func TestStatementCarryingNothingIsRefused(t *testing.T) {
	st := storetest.Memory(t)
	empty := statement.Statement{Format: "ofx", Origin: "empty.ofx"}
	good := checking(tx("A1", "2026-03-01", -100, "X"))
	_, err := Apply(t.Context(), st, []Input{
		{Name: "good.ofx", Statements: []statement.Statement{good}},
		{Name: "empty.ofx", Statements: []statement.Statement{empty}},
	}, Options{})
	if !errors.Is(err, ErrEmptyStatement) || !strings.Contains(err.Error(), "empty.ofx") {
		t.Fatalf("an empty statement: %v", err)
	}
	if count(t, st) != 0 {
		t.Fatal("a refused import changed the store")
	}
	accts, err := st.Accounts(t.Context())
	if err != nil || len(accts) != 0 {
		t.Fatalf("accounts after a refused import: %v %v", accts, err)
	}
	// Any one of an account id, a row or a balance is something to file.
	onlyBalance := statement.Statement{Format: "ofx", Origin: "bal.ofx",
		Account: statement.AccountInfo{Currency: "USD"}, Balance: &statement.Balance{Amount: 100, Currency: "USD", Date: d("2026-03-01")}}
	if _, err := Apply(t.Context(), st, []Input{{Name: "bal.ofx", Statements: []statement.Statement{onlyBalance}}}, Options{}); errors.Is(err, ErrEmptyStatement) {
		t.Fatalf("a statement with a balance was refused: %v", err)
	}
}
