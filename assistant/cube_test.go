package assistant

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"penny/category"
	"penny/store"
)

// The month cube must give exactly what SQL gives, for any period, filter
// and grouping — before and after the data changes under it.

func sortedSums(gs []store.GroupSum) []store.GroupSum {
	out := slices.Clone(gs)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// randomQuery draws a period and filters over the demo history.
func randomQuery(r *rand.Rand, f *fixture, ix *index) store.ReportQuery {
	var q store.ReportQuery
	start := day(2022, 5, 1)
	span := int(day(2026, 11, 25).Sub(start).Hours() / 24)
	from := start.AddDate(0, 0, r.IntN(span))
	to := from.AddDate(0, 0, r.IntN(500))
	switch r.IntN(5) {
	case 0: // whole months
		from = monthOf(from)
		to = monthOf(to).AddDate(0, 1, -1)
	case 1: // open ended
		if r.IntN(2) == 0 {
			from = time.Time{}
		} else {
			to = time.Time{}
		}
	}
	q.Since, q.Until = from, to
	cats := []string{"Dining", "groceries", "Rent", "Salary", "Transfer", "Subscriptions"}
	switch r.IntN(4) {
	case 0:
		q.Category = cats[r.IntN(len(cats))]
	case 1:
		q.Categories = []string{cats[r.IntN(len(cats))], cats[r.IntN(len(cats))]}
	}
	if r.IntN(3) == 0 {
		for _, id := range f.ids {
			if r.IntN(2) == 0 {
				q.AccountIDs = append(q.AccountIDs, id)
			}
		}
	}
	if r.IntN(3) == 0 {
		names := []string{"Blue Bottle Coffee", "Netflix", "Amazon", "Safeway", "Oakwood Property Mgmt", "Uber"}
		if m := ix.merchant(names[r.IntN(len(names))]); m != nil {
			q.MerchantKeys = []string{m.key}
		}
	}
	if r.IntN(3) == 0 {
		q.Classes = [][]category.Class{spendClasses, incomeClasses, {category.Excluded}}[r.IntN(3)]
	}
	q.Flow = store.Flow(r.IntN(3))
	q.ExcludeTransfers = r.IntN(2) == 0
	if r.IntN(3) == 0 {
		b := r.IntN(2) == 0
		q.Pending = &b
	}
	if r.IntN(5) == 0 {
		q.Currency = []string{"USD", "EUR", "GBP"}[r.IntN(3)]
	}
	return q
}

func TestCubeSumsEqualSQL(t *testing.T) {
	f := loadDemo(t, demoRows)
	ctx := t.Context()
	check := func(t *testing.T, seed uint64, n int) {
		ix, err := f.a.index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(seed, 7))
		for i := 0; i < n; i++ {
			q := randomQuery(r, f, ix)
			by := store.Grouping(r.IntN(5))
			got, err := ix.sumBy(ctx, f.st, q, by)
			if err != nil {
				t.Fatal(err)
			}
			want, err := f.st.SumBy(ctx, q, by)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sortedSums(got), sortedSums(want)) {
				t.Fatalf("query %d %+v by %d:\n cube %v\n  sql %v", i, q, by, sortedSums(got), sortedSums(want))
			}
		}
	}
	t.Run("as loaded", func(t *testing.T) { check(t, 1, 400) })

	// New rows, in an old month and a new one, are folded in.
	if _, err := f.st.InsertTransactions(ctx, []store.NewTransaction{
		{AccountID: f.ids["demo-visa"], ExternalID: "x1", Posted: day(2024, 2, 10), Amount: -1234, Currency: "USD", Payee: "NETFLIX.COM 866-579-7172 CA", Category: "Dining"},
		{AccountID: f.ids["demo-eur"], ExternalID: "x2", Posted: day(2026, 11, 25), Amount: 999, Currency: "EUR", Payee: "NEW PAYEE BERLIN", Category: "Income"},
	}); err != nil {
		t.Fatal(err)
	}
	t.Run("after inserts", func(t *testing.T) { check(t, 2, 200) })

	// A pending row posting in place changes no count: the fingerprint
	// catches it.
	pend, err := f.st.Transactions(ctx, store.TxQuery{Pending: ptr(true), Limit: 1})
	if err != nil || len(pend) != 1 {
		t.Fatalf("pending rows: %v %v", pend, err)
	}
	if err := f.st.PostPending(ctx, pend[0].ID, day(2026, 11, 21), pend[0].Amount.Minor-100, pend[0].Payee, ""); err != nil {
		t.Fatal(err)
	}
	t.Run("after a pending row posted", func(t *testing.T) { check(t, 3, 200) })

	// A categorize changes categories through the assistant, which
	// updates the cube.
	f.ask(t, "categorize netflix as entertainment")
	t.Run("after categorize", func(t *testing.T) { check(t, 4, 200) })

	if err := f.st.DeleteTransaction(ctx, pend[0].ID, "deleted"); err != nil {
		t.Fatal(err)
	}
	t.Run("after a delete", func(t *testing.T) { check(t, 5, 100) })
}

func ptr[T any](v T) *T { return &v }

func TestCubeRecurringCandidatesEqualSQL(t *testing.T) {
	f := sharedDemo(t)
	ctx := t.Context()
	ix, err := f.a.index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, span := range [][2]time.Time{{day(2024, 11, 1), day(2026, 11, 20)}, {day(2022, 1, 1), day(2026, 11, 30)}, {day(2025, 3, 1), day(2025, 8, 31)}} {
		got := ix.cube.payeeMonths(span[0], span[1], 3, false)
		want, err := f.st.RecurringCandidates(ctx, span[0], span[1], 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%v: %d rows from the cube, %d from SQL", span, len(got), len(want))
		}
		for i := range got {
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
				t.Fatalf("%v row %d:\n cube %+v\n  sql %+v", span, i, got[i], want[i])
			}
		}
	}
}

func TestNewestRowsThroughTheCubeEqualSQL(t *testing.T) {
	f := sharedDemo(t)
	ctx := context.Background()
	ix, err := f.a.index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 3))
	for i := 0; i < 300; i++ {
		q := randomQuery(r, f, ix)
		n := 1 + r.IntN(20)
		want, err := f.st.SearchTransactions(ctx, q, store.NewestFirst, n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.newestRows(ctx, f.st, q, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("query %+v: %d rows through the cube, %d from SQL", q, len(got), len(want))
		}
		for k := range got {
			if got[k].ID != want[k].ID {
				t.Fatalf("query %+v row %d: %d vs %d", q, k, got[k].ID, want[k].ID)
			}
		}
	}
}

func TestLargestWithTheCubeThresholdEqualsSQL(t *testing.T) {
	f := sharedDemo(t)
	ctx := context.Background()
	ix, err := f.a.index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 200; i++ {
		q := randomQuery(r, f, ix)
		out := r.IntN(2) == 0
		order := store.LargestIn
		if out {
			order = store.LargestOut
		}
		n := 1 + r.IntN(10)
		want, err := f.st.SearchTransactions(ctx, q, order, n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.largestRows(ctx, f.st, q, order, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("query %+v: %d rows with the threshold, %d without", q, len(got), len(want))
		}
		for k := range got {
			if got[k].ID != want[k].ID {
				t.Fatalf("query %+v row %d: %d vs %d", q, k, got[k].ID, want[k].ID)
			}
		}
	}
}
