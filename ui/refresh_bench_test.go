package ui

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/store"
)

// BenchmarkRefreshTick100k is one refresh tick on a 100k-transaction store
// with the busiest account open: the refresh Cmd and merging what it
// found. "unchanged" is the tick that runs every few seconds for nothing
// (the fingerprint only); "new alert and transaction" is a tick after
// another writer added one of each. The figure reported is the median.
func BenchmarkRefreshTick100k(b *testing.B) {
	st := store100k(b)
	m := New(benchOptions(st))
	m = run(b, m, m.Init())
	m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	for m.current().title != "Everyday Checking" {
		m = send(b, m, ctrl('j'))
	}
	acct := m.current().account

	b.Run("unchanged", func(b *testing.B) {
		var times []time.Duration
		for b.Loop() {
			t0 := time.Now()
			m = tick(b, m)
			times = append(times, time.Since(t0))
		}
		reportMedian(b, times)
	})
	b.Run("new alert and transaction", func(b *testing.B) {
		ctx := context.Background()
		var times []time.Duration
		n := 0
		for b.Loop() {
			b.StopTimer()
			n++
			key := "bench:" + strconv.Itoa(n) + ":" + strconv.FormatInt(time.Now().UnixNano(), 10)
			if _, _, err := st.AddAlert(ctx, store.Alert{Rule: "bench", Title: "Benchmark alert", DedupKey: key}); err != nil {
				b.Fatal(err)
			}
			if _, err := st.InsertTransactions(ctx, []store.NewTransaction{{
				AccountID: acct.ID, ExternalID: key, Posted: acct.LastPosted, Amount: -100, Currency: acct.Currency, Payee: "BENCH",
			}}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0 := time.Now()
			m = tick(b, m)
			times = append(times, time.Since(t0))
		}
		if m.refresh.fp.alert == 0 {
			b.Fatal("no alert was noticed")
		}
		reportMedian(b, times)
	})
}

// tick delivers one timer tick and settles what it starts.
func tick(b *testing.B, m Model) Model {
	next, cmd := m.Update(refreshTickMsg{})
	return run(b, next.(Model), cmd)
}

func reportMedian(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/tick-median")
}
