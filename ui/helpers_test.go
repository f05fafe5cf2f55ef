package ui

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/assistant"
	"penny/demo"
	"penny/money"
	"penny/store"
)

// fixedNow is the clock of every test: a Thursday afternoon, in UTC so
// goldens do not depend on the machine's zone.
var fixedNow = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// fakeAsker answers every question with the same reply and records what
// it was asked.
type fakeAsker struct {
	mu          sync.Mutex
	reply       assistant.Reply
	err         error
	asked       []string
	completions []string
}

func (f *fakeAsker) Ask(_ context.Context, q string) (assistant.Reply, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, q)
	return f.reply, f.err
}

func (f *fakeAsker) Completions(context.Context) ([]string, error) {
	return f.completions, nil
}

func (f *fakeAsker) questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

func usd(minor int64) *money.Amount {
	a := money.New(minor, "USD")
	return &a
}

// spendingReply is a typical answer: a sentence, a table and a bar chart.
func spendingReply() assistant.Reply {
	return assistant.Reply{
		Intent: "spending",
		Text:   "You spent 612.40 USD on groceries last month, 8% more than the month before.",
		Table: &assistant.Table{
			Columns: []string{"Merchant", "Visits", "Amount"},
			Right:   []bool{false, true, true},
			Rows: [][]assistant.Cell{
				{{Text: "Trader Joe's"}, {Text: "9"}, {Text: "-341.20 USD", Amount: usd(-34120)}},
				{{Text: "Whole Foods Market"}, {Text: "4"}, {Text: "-198.75 USD", Amount: usd(-19875)}},
				{{Text: "Safeway"}, {Text: "2"}, {Text: "-72.45 USD", Amount: usd(-7245)}},
			},
		},
		Chart: &assistant.Chart{
			Kind: "bars", Title: "Groceries by merchant", Currency: "USD",
			Labels: []string{"Trader Joe's", "Whole Foods Market", "Safeway"},
			Values: []int64{-34120, -19875, -7245},
		},
		Suggestions: []string{"groceries this year", "dining last month"},
	}
}

// run executes cmd and feeds what it reports back into the model, the way
// the program would, until nothing is left. Batches run in order, which is
// one of the orders the program may choose.
func run(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			// tea.BatchMsg, or the unexported sequence message.
			for i := range v.Len() {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			continue
		}
		next, c2 := m.Update(msg)
		m = next.(Model)
		queue = append(queue, c2)
	}
	return m
}

// send delivers msgs one by one and settles each one's commands.
func send(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		next, cmd := m.Update(msg)
		m = run(t, next.(Model), cmd)
	}
	return m
}

// start builds a model at a size and runs its Init. The refresh timer is
// off unless opt sets it: run settles commands, and a timer never does.
func start(t testing.TB, opt Options, w, h int) Model {
	t.Helper()
	if opt.RefreshEvery == 0 {
		opt.RefreshEvery = -1
	}
	if opt.Now == nil {
		opt.Now = clock
	}
	if opt.Getenv == nil {
		opt.Getenv = func(string) string { return "" }
	}
	if opt.Theme == "" {
		opt.Theme = "dark"
	}
	m := New(opt)
	m = run(t, m, m.Init())
	return send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

func press(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

func typeText(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// demoStore is an in-memory store with n demo transactions.
func demoStore(t testing.TB, n int) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeDB() })
	if _, err := demo.Load(ctx, st, demo.Generate(demo.Options{Seed: 1, Transactions: n})); err != nil {
		t.Fatal(err)
	}
	return st
}

// plain is a frame without its escape codes.
func plain(m Model) string { return ansi.Strip(m.Render()) }

// checkFrame fails when the frame is not exactly h lines of at most w cells.
func checkFrame(t testing.TB, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, got, w, ansi.Strip(l))
		}
	}
}
