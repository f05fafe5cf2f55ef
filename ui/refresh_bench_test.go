package ui

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/demo"
	"penny/store"
	"penny/store/vault"
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

// BenchmarkArrivalFromAnotherProcess100k is what the open chat pays between
// another process's save landing and the new transaction on screen, at
// 100k transactions in a vault: the refresh hook loads the new generation
// (decrypt, load into the in-memory database), the fingerprint moves, the
// account's newest page is read and merged, and the frame is drawn. The
// other process's write is outside the timed part.
func BenchmarkArrivalFromAnotherProcess100k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), vault.FileName)
	pass := func() ([]byte, error) { return []byte("bench pass"), nil }
	v, err := vault.Create(ctx, path, vault.CreateOptions{Passphrase: []byte("bench pass"), KDF: vault.MinKDF,
		Init: func(ctx context.Context, db *sql.DB) error { _, err := store.Open(ctx, db); return err }})
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, v.DB(), store.WithShared(v))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(ctx, st, demo.Generate(demo.Options{Seed: 1, Transactions: 100_000})); err != nil {
		b.Fatal(err)
	}
	v.Close()
	open := func() *store.Store {
		h, err := vault.Open(ctx, path, vault.OpenOptions{Passphrase: pass})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { h.Close() })
		s, err := store.Open(ctx, h.DB(), store.WithShared(h))
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	writer, chat := open(), open()
	opt := benchOptions(chat)
	opt.Refresh = func(ctx context.Context) error { _, err := chat.Refresh(ctx); return err }
	m := New(opt)
	m = run(b, m, m.Init())
	m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	for m.current().title != "Everyday Checking" {
		m = send(b, m, ctrl('j'))
	}
	acct := m.current().account
	m = tick(b, m)
	var times []time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		key := "arrival:" + strconv.Itoa(n)
		if _, err := writer.InsertTransactions(ctx, []store.NewTransaction{{
			AccountID: acct.ID, ExternalID: key, Posted: acct.LastPosted, Amount: -100, Currency: acct.Currency, Payee: "BENCH ARRIVAL " + key,
		}}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		m = tick(b, m)
		frame := m.View().Content
		times = append(times, time.Since(t0))
		if !strings.Contains(frame, key) {
			b.Fatalf("arrival %s is not on screen", key)
		}
	}
	reportMedian(b, times)
}
