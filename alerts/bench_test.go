package alerts

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

var errRollback = errors.New("rollback")

// benchStore loads a demo history of n rows and returns the store and the
// next extra rows, generated with the history so that they continue it.
func benchStore(b *testing.B, n, extra int) (*store.Store, []store.NewTransaction) {
	b.Helper()
	ctx := context.Background()
	st, closeFn, err := store.OpenMemory(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { closeFn() })
	d := demo.Generate(demo.Options{Transactions: n + extra})
	head := *d
	head.Transactions = d.Transactions[:n]
	st.SetClock(func() time.Time { return benchNow.Add(-48 * time.Hour) })
	ids, err := demo.Load(ctx, st, &head)
	if err != nil {
		b.Fatal(err)
	}
	var rows []store.NewTransaction
	for _, t := range d.Transactions[n:] {
		rows = append(rows, store.NewTransaction{AccountID: ids[t.AccountKey], ExternalID: t.ExternalID, Posted: t.Posted,
			Transacted: t.Transacted, Amount: t.Amount, Currency: t.Currency, Payee: t.Payee, Memo: t.Memo,
			Category: t.Category, Pending: t.Pending})
	}
	store.AssignOrdinals(rows)
	// Imports after the first are a day later: their rows are news.
	st.SetClock(func() time.Time { return benchNow })
	return st, rows
}

var benchNow = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

func reportMedian(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	if len(d) > 0 {
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "ms-median")
	}
}

// BenchmarkEvaluate1kInto100k: a sync that brings 1,000 new rows into a
// 100,000-row vault, evaluated inside the import's transaction (rolled back
// after each run). The cache is what the imports before it left behind.
func BenchmarkEvaluate1kInto100k(b *testing.B) {
	ctx := context.Background()
	st, rows := benchStore(b, 100_000, 1_000)
	if _, err := EvaluateAll(ctx, st, benchNow); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	var raised int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		err := st.WithTx(ctx, func(tx *store.Store) error {
			ids, err := tx.InsertTransactions(ctx, rows)
			if err != nil {
				return err
			}
			b.StartTimer()
			t0 := time.Now()
			got, err := Evaluate(ctx, tx, Event{NewTransactionIDs: ids, Now: benchNow})
			times = append(times, time.Since(t0))
			b.StopTimer()
			raised = len(got)
			if err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			b.Fatal(err)
		}
	}
	reportMedian(b, times)
	b.ReportMetric(float64(raised), "alerts")
}

// BenchmarkEvaluateAll100k: a full re-evaluation of a 100,000-row vault,
// rebuilding the cache from the whole history each time.
func BenchmarkEvaluateAll100k(b *testing.B) {
	ctx := context.Background()
	st, _ := benchStore(b, 100_000, 0)
	var times []time.Duration
	var raised int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := st.WithTx(ctx, func(tx *store.Store) error {
			t0 := time.Now()
			got, err := EvaluateAll(ctx, tx, benchNow)
			times = append(times, time.Since(t0))
			raised = len(got)
			if err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			b.Fatal(err)
		}
	}
	reportMedian(b, times)
	b.ReportMetric(float64(raised), "alerts")
}
