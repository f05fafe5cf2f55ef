package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/demo"
	"penny/store"
	"penny/ui/bubble"
)

// The performance targets: the first frame on a 100k-transaction store
// within 150 ms (New, the Init commands and the first View), and a
// keystroke answered with a frame within 16 ms while the transcript holds
// 1,000 messages.

var big struct {
	once sync.Once
	st   *store.Store
	err  error
}

// store100k is loaded once per test binary: generating and loading 100k
// rows is setup, not what is measured. It is never closed; it lives in
// memory until the process exits.
func store100k(b *testing.B) *store.Store {
	b.Helper()
	big.once.Do(func() {
		ctx := context.Background()
		st, _, err := store.OpenMemory(ctx)
		if err != nil {
			big.err = err
			return
		}
		_, big.err = demo.Load(ctx, st, demo.Generate(demo.Options{Seed: 1, Transactions: 100_000}))
		big.st = st
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.st
}

func benchOptions(st *store.Store) Options {
	return Options{
		Store: st, Asker: &fakeAsker{completions: []string{"Groceries", "Dining", "Blue Bottle Coffee"}},
		Now: clock, Theme: "dark", Title: "Penny demo", ReadOnly: true,
		Getenv: func(string) string { return "" }, RefreshEvery: -1,
	}
}

func BenchmarkFirstFrame100k(b *testing.B) {
	st := store100k(b)
	opt := benchOptions(st)
	start := time.Now()
	for b.Loop() {
		m := New(opt)
		m = run(b, m, m.Init())
		m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		if m.View().Content == "" {
			b.Fatal("empty frame")
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkOpenAccount100k is switching to the busiest account after
// start-up: its first page of transactions and the frame that shows them.
func BenchmarkOpenAccount100k(b *testing.B) {
	st := store100k(b)
	opt := benchOptions(st)
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		m := New(opt)
		m = run(b, m, m.Init())
		m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		target := -1
		for i, c := range m.convs {
			if c.title == "Everyday Checking" {
				target = i
			}
		}
		b.StartTimer()
		t0 := time.Now()
		next, cmd := m.Update(tea.MouseClickMsg{Button: tea.MouseLeft, X: 1, Y: rowOf(m, target)})
		m = run(b, next.(Model), cmd)
		if m.current().t.Len() == 0 {
			b.Fatal("nothing loaded")
		}
		_ = m.View()
		total += time.Since(t0)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/open")
}

// thousand is a Penny conversation of 1,000 messages: questions, plain
// answers, and every fifth answer with a table and a chart.
func thousand(b *testing.B) Model {
	b.Helper()
	m := New(Options{Asker: &fakeAsker{}, Now: clock, Theme: "dark", Getenv: func(string) string { return "" }})
	m = run(b, m, m.Init())
	m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	rich := spendingReply()
	items := make([]bubble.Item, 0, 1000)
	at := fixedNow.Add(-1000 * time.Hour)
	for i := range 500 {
		at = at.Add(2 * time.Hour)
		items = append(items, bubble.Item{Key: fmt.Sprintf("q%d", i), Role: bubble.User, Time: at, Text: "what did I spend on groceries last month?"})
		a := bubble.Item{Key: fmt.Sprintf("a%d", i), Role: bubble.Penny, Time: at.Add(time.Second), Text: rich.Text}
		if i%5 == 0 {
			r := rich
			a.Reply = &r
		}
		items = append(items, a)
	}
	c := m.current()
	c.t.Clear()
	c.t.Append(items...)
	if c.t.Len() != 1000 {
		b.Fatalf("%d messages", c.t.Len())
	}
	_ = m.View()
	return m
}

func BenchmarkKeystroke1000(b *testing.B) {
	m := thousand(b)
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	n := 0
	start := time.Now()
	for b.Loop() {
		next, _ := m.Update(key)
		m = next.(Model)
		if m.View().Content == "" {
			b.Fatal("empty frame")
		}
		if n++; n%40 == 0 {
			m.composer.Reset()
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/key")
}

// BenchmarkScroll1000 is PgUp through the same transcript: each page draws
// bubbles not drawn before.
func BenchmarkScroll1000(b *testing.B) {
	m := thousand(b)
	up, down := tea.KeyPressMsg{Code: tea.KeyPgUp}, tea.KeyPressMsg{Code: tea.KeyPgDown}
	i := 0
	start := time.Now()
	for b.Loop() {
		k := up
		if (i/200)%2 == 1 {
			k = down
		}
		i++
		next, _ := m.Update(k)
		m = next.(Model)
		_ = m.View()
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/page")
}
