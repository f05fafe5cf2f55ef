package store

import (
	"context"
	"database/sql"
	"testing"

	"penny/category"
)

// The SQL that selects spending, refunds, income and exclusions must say
// exactly what category.Classify says, for every name of the taxonomy, a
// user's own category and none, money out and money in.
func TestClassSQLAgreesWithClassify(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	acct, err := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	names := append(append(category.Leaves(), category.Parents()...), "Knitting", "")
	var rows []NewTransaction
	want := map[int64]category.Class{} // amount -> class; every row has its own amount
	amount := int64(1)
	for _, c := range names {
		for _, sign := range []int64{-1, 1} {
			a := sign * amount
			amount++
			rows = append(rows, NewTransaction{AccountID: acct.ID, ExternalID: "x" + string(rune('a'+len(rows)%26)) + c + string(rune('0'+len(rows)/26)),
				Posted: day("2026-03-01"), Amount: a, Currency: "USD", Payee: "ROW", Category: c})
			want[a] = category.Classify(c, a)
		}
	}
	if _, err := s.InsertTransactions(ctx, rows); err != nil {
		t.Fatal(err)
	}
	for _, class := range []category.Class{category.Spend, category.Refund, category.In, category.Excluded} {
		got, err := s.SearchTransactions(ctx, ReportQuery{Classes: []category.Class{class}}, NewestFirst, 0)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, tx := range got {
			seen[tx.Amount.Minor] = true
			if want[tx.Amount.Minor] != class {
				t.Errorf("%q %d: SQL says %v, Classify says %v", tx.Category, tx.Amount.Minor, class, want[tx.Amount.Minor])
			}
		}
		for a, c := range want {
			if c == class && !seen[a] {
				t.Errorf("amount %d: Classify says %v, SQL missed it", a, c)
			}
		}
	}
}

// A vault from before merchant identity gets its merchant keys and
// taxonomy categories when it is opened.
func TestMigrationFillsMerchantsAndMovesCategories(t *testing.T) {
	ctx := t.Context()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	first, err := migrationFiles.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(string(first))
	exec("PRAGMA user_version=1")
	exec(`INSERT INTO accounts (id, name, currency, created) VALUES (1, 'Checking', 'USD', '2026-01-01')`)
	for i, r := range []struct{ payee, cat string }{
		{"SQ *BLUE BOTTLE COFFEE OAKLAND CA", "Dining"}, // Penny's old flat name gives way to the merchant's
		{"POS DEBIT TARGET T-1234 AUSTIN TX", ""},       // none: the merchant's
		{"ONLINE TRANSFER TO SAVINGS", "Transfer"},      // old name, mapped
		{"MYSTERY SHOP", "Knitting"},                    // the user's own stays
	} {
		exec(`INSERT INTO transactions (account_id, external_id, posted, amount_minor, currency, payee, category, content_key, created)
			VALUES (1, ?, 20260301, -100, 'USD', ?, ?, x'00', 0)`, i, r.payee, r.cat)
	}
	s, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Transactions(context.Background(), TxQuery{Oldest: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ key, cat string }{
		{"blue-bottle-coffee", category.Coffee},
		{"target", "General merchandise"},
		{"", category.BetweenAccounts},
		{"mystery-shop", "Knitting"},
	}
	for i, tx := range got {
		if tx.MerchantKey != want[i].key || tx.Category != want[i].cat {
			t.Errorf("%s: key %q category %q, want %q %q", tx.Payee, tx.MerchantKey, tx.Category, want[i].key, want[i].cat)
		}
	}
}
