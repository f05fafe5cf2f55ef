package ingest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"penny/store/storetest"

	"penny/statement"
	"penny/store"
)

// A large statement's rows are prepared on several goroutines: what they
// store (merchants, categories, ordinals, what counts as a duplicate) is
// what one goroutine stores, on a statement of bank-shaped rows with ids
// and without, repeats within the file and rows already stored.
func TestLargeStatementsStoreWhatOneGoroutineStores(t *testing.T) {
	payees := []string{"POS DEBIT SAFEWAY #1234 OAKLAND CA", "SQ *BLUE BOTTLE COFFEE", "AMZN Mktp US*2K4LM", "NETFLIX.COM 866-579-7172",
		"ACH DEBIT PG&E WEB ONLINE", "PAYROLL ACME CORP DIR DEP", "ONLINE TRANSFER TO SAVINGS 0423", "CHECKCARD 1203 SHELL OIL 5543",
		"Café Müller Köln", "INTEREST PAYMENT", "UBER *TRIP HELP.UBER.COM", "TST* LOCAL PIZZA"}
	r := rand.New(rand.NewPCG(7, 11))
	rows := make([]statement.Transaction, 6000)
	for i := range rows {
		p := payees[r.IntN(len(payees))]
		amount := -int64(r.IntN(9000) + 100)
		if r.IntN(10) == 0 {
			amount = -amount
		}
		rows[i] = statement.Transaction{Posted: d("2025-01-01").AddDate(0, 0, r.IntN(300)), Amount: amount, Currency: "USD", Payee: p,
			Memo: fmt.Sprint("ref ", r.IntN(3))}
		if r.IntN(2) == 0 {
			rows[i].ExternalID = fmt.Sprint("FIT", i)
		}
		if i > 0 && r.IntN(20) == 0 {
			// The same row twice: a second coffee, or a repeated id.
			rows[i] = rows[i-1]
		}
	}
	stored := func(min int) []string {
		old := parallelMin
		parallelMin = min
		defer func() { parallelMin = old }()
		st := storetest.Memory(t)
		// A first import of a part, then the whole: stored rows are
		// duplicates, the rest new.
		apply(t, st, Options{}, checking(rows[:1500]...))
		apply(t, st, Options{}, checking(rows...))
		txs, err := st.Transactions(t.Context(), store.TxQuery{Oldest: true})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(txs))
		for i, x := range txs {
			out[i] = fmt.Sprintf("%s %s %v %q %q %q %q %x/%d", x.ExternalID, x.Posted.Format("20060102"), x.Amount, x.Payee,
				x.MerchantKey, x.Merchant, x.Category, x.ContentKey, x.Ordinal)
		}
		return out
	}
	one, many := stored(1<<30), stored(100)
	if len(one) != len(many) {
		t.Fatalf("one goroutine stored %d rows, several %d", len(one), len(many))
	}
	for i := range one {
		if one[i] != many[i] {
			t.Fatalf("row %d differs:\none goroutine %s\nseveral      %s", i+1, one[i], many[i])
		}
	}
	if len(one) < 5000 {
		t.Fatalf("only %d rows stored: the statement does not reach the new rows", len(one))
	}
}

// Identical rows without an id are numbered 0, 1, 2... in their order in
// the statement, whichever way its days run, and a statement given twice
// in one apply (then a part of it) adds nothing more: checked against a
// count of identical fields, on rows where most days repeat rows.
func TestIdenticalRowsNumberedInTheirOrderWhateverTheDaysOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	base := make([]statement.Transaction, 3000)
	for i := range base {
		base[i] = statement.Transaction{Posted: d("2025-03-01").AddDate(0, 0, r.IntN(40)), Amount: -int64(100 * (1 + r.IntN(4))),
			Currency: "USD", Payee: []string{"SQ *BLUE BOTTLE", "UBER *TRIP", "SAFEWAY #1234"}[r.IntN(3)], Memo: []string{"", "card 1234"}[r.IntN(2)]}
	}
	for _, order := range []string{"oldest first", "newest first", "shuffled"} {
		t.Run(order, func(t *testing.T) {
			rows := append([]statement.Transaction(nil), base...)
			switch order {
			case "oldest first":
				slices.SortStableFunc(rows, func(a, b statement.Transaction) int { return a.Posted.Compare(b.Posted) })
			case "newest first":
				slices.SortStableFunc(rows, func(a, b statement.Transaction) int { return b.Posted.Compare(a.Posted) })
			}
			type fields struct {
				day, payee, memo string
				amount           int64
			}
			of := func(day time.Time, payee, memo string, amount int64) fields {
				return fields{day.Format("20060102"), payee, memo, amount}
			}
			want := map[string]bool{}
			n := map[fields]int{}
			for _, x := range rows {
				f := of(x.Posted, x.Payee, x.Memo, x.Amount)
				want[fmt.Sprint(f, n[f])] = true
				n[f]++
			}
			st := storetest.Memory(t)
			res := apply(t, st, Options{}, checking(rows...), checking(rows...), checking(rows[:700]...))
			if a := res.Accounts[0]; a.New != len(rows) || a.Duplicates != len(rows)+700 {
				t.Fatalf("%d new, %d duplicates; want %d and %d", a.New, a.Duplicates, len(rows), len(rows)+700)
			}
			txs, err := st.Transactions(t.Context(), store.TxQuery{Oldest: true})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, x := range txs {
				got[fmt.Sprint(of(x.Posted, x.Payee, x.Memo, x.Amount.Minor), x.Ordinal)] = true
			}
			if len(got) != len(want) {
				t.Fatalf("%d distinct (row, ordinal) stored, want %d", len(got), len(want))
			}
			for k := range want {
				if !got[k] {
					t.Fatalf("no stored row %s", k)
				}
			}
			// Again, in another apply: all stored.
			res = apply(t, st, Options{}, checking(rows...))
			if a := res.Accounts[0]; a.New != 0 || a.Duplicates != len(rows) {
				t.Fatalf("again: %d new, %d duplicates", a.New, a.Duplicates)
			}
		})
	}
}
