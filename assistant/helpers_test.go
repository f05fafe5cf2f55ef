package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

// testNow is the end of the default demo history: Friday 20 November 2026.
var testNow = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

const demoSeed, demoRows = 1, 10_000

// fixture is a demo store with the data it was loaded from, so a test can
// compute every expected number from the data itself, not from the store.
type fixture struct {
	st  *store.Store
	d   *demo.Data
	ids map[string]int64
	a   *Assistant
}

func loadDemo(t testing.TB, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	d := demo.Generate(demo.Options{Seed: demoSeed, Transactions: n})
	ids, err := demo.Load(ctx, st, d)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, d: d, ids: ids, a: New(st, Options{Now: func() time.Time { return testNow }})}
}

var (
	sharedOnce sync.Once
	shared     *fixture
	sharedErr  error
)

// sharedDemo is one read-only demo store for the tests that only ask; tests
// that change data load their own.
func sharedDemo(t *testing.T) *fixture {
	t.Helper()
	sharedOnce.Do(func() {
		ctx := context.Background()
		st, _, err := store.OpenMemory(ctx)
		if err != nil {
			sharedErr = err
			return
		}
		d := demo.Generate(demo.Options{Seed: demoSeed, Transactions: demoRows})
		ids, err := demo.Load(ctx, st, d)
		if err != nil {
			sharedErr = err
			return
		}
		shared = &fixture{st: st, d: d, ids: ids, a: New(st, Options{Now: func() time.Time { return testNow }})}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func (f *fixture) ask(t *testing.T, q string) Reply {
	t.Helper()
	r, err := f.a.Ask(t.Context(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return r
}

// day is a civil date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sums adds up demo rows per currency.
type sums struct {
	total map[string]int64
	count map[string]int64
}

func demoSums(d *demo.Data, keep func(demo.Transaction) bool) sums {
	s := sums{total: map[string]int64{}, count: map[string]int64{}}
	for _, t := range d.Transactions {
		if keep(t) {
			s.total[t.Currency] += t.Amount
			s.count[t.Currency]++
		}
	}
	return s
}

func within(t demo.Transaction, from, to time.Time) bool {
	return !t.Posted.Before(from) && !t.Posted.After(to)
}

// spend is the assistant's definition of spending, restated for demo rows:
// money out, posted, not a transfer between own accounts.
func spend(t demo.Transaction) bool { return !t.Pending && spendFlow(t) }

// spendFlow is the generator's own truth of what spending is: money out to
// merchants and people, net of their refunds.
func spendFlow(t demo.Transaction) bool { return t.Flow == demo.FlowSpend || t.Flow == demo.FlowRefund }

// dining are the taxonomy leaves "dining" covers.
func dining(cat string) bool {
	return cat == "Restaurants" || cat == "Coffee" || cat == "Fast food" || cat == "Bars"
}

func earn(t demo.Transaction) bool { return !t.Pending && t.Flow == demo.FlowIncome }

// doc turns a reply's Data into generic JSON values, the way a script sees
// them.
func doc(t *testing.T, r Reply) map[string]any {
	t.Helper()
	b, err := json.Marshal(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// totalsOf reads a [{"currency","total_minor","count"}] list.
func totalsOf(t *testing.T, v any) sums {
	t.Helper()
	s := sums{total: map[string]int64{}, count: map[string]int64{}}
	list, _ := v.([]any)
	for _, e := range list {
		m := e.(map[string]any)
		cur := m["currency"].(string)
		s.total[cur] = num(t, m["total_minor"])
		s.count[cur] = num(t, m["count"])
	}
	return s
}

func num(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v (%T) is not a JSON number", v, v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("%s is not an integer: %v", n, err)
	}
	return i
}

func sameSums(t *testing.T, what string, got, want sums) {
	t.Helper()
	for cur, w := range want.total {
		if got.total[cur] != w || got.count[cur] != want.count[cur] {
			t.Errorf("%s in %s: got %d minor units over %d rows, want %d over %d", what, cur, got.total[cur], got.count[cur], w, want.count[cur])
		}
	}
	for cur := range got.total {
		if _, ok := want.total[cur]; !ok {
			t.Errorf("%s: unexpected currency %s (%d)", what, cur, got.total[cur])
		}
	}
}
