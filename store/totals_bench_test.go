package store_test

import (
	"context"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

// The kept month totals against the GROUP BY over every row they replace,
// on a demo history of 100k rows.
func benchTotalsStore(b *testing.B) *store.Store {
	b.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { closeDB() })
	d := demo.Generate(demo.Options{Seed: 1, Transactions: 100_000, End: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
	if _, err := demo.Load(ctx, st, d); err != nil {
		b.Fatal(err)
	}
	return st
}

func BenchmarkKeptMonthTotals100k(b *testing.B) {
	st := benchTotalsStore(b)
	ctx := context.Background()
	for b.Loop() {
		n := 0
		if err := st.KeptMonthTotals(ctx, func(store.MonthTotal) { n++ }); err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
}

func BenchmarkMonthTotalsFromRows100k(b *testing.B) {
	st := benchTotalsStore(b)
	ctx := context.Background()
	for b.Loop() {
		if mts, _, err := st.MonthTotals(ctx, 0); err != nil || len(mts) == 0 {
			b.Fatal(len(mts), err)
		}
	}
}
