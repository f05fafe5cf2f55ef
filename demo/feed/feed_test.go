package feed

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"penny/alerts"
	"penny/demo"
	"penny/store"
)

// start is the feed's start in every test: an afternoon on the history's
// last day.
var start = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

// loaded is an in-memory store holding a demo history and its alerts, as
// `penny demo` loads it.
func loaded(t testing.TB, seed int64, size int) (*store.Store, *demo.Data) {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeDB() })
	d := demo.Generate(demo.Options{Seed: seed, Transactions: size, End: start})
	if _, err := demo.Load(ctx, st, d); err != nil {
		t.Fatal(err)
	}
	if _, err := alerts.EvaluateAll(ctx, st, start); err != nil {
		t.Fatal(err)
	}
	return st, d
}

// fakeClock moves only when the feeder waits: After advances it at once,
// until the time would pass stop; from there on it never fires and reached
// is closed.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	stop    time.Time
	waits   []time.Duration
	reached chan struct{}
}

func newFakeClock(now time.Time, stopAfter time.Duration) *fakeClock {
	return &fakeClock{now: now, stop: now.Add(stopAfter), reached: make(chan struct{})}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.Add(d).After(c.stop) {
		c.stopped()
		return nil
	}
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// stopped closes reached once; c.mu is held.
func (c *fakeClock) stopped() {
	select {
	case <-c.reached:
	default:
		close(c.reached)
	}
}

// TestEveryArrivalImportsOnce delivers the first arrivals of a few
// households' feeds one by one: each adds exactly one row and agrees with
// the bank's balance, the retry within the first minute raises a
// duplicate-charge alert naming both charges and nothing else does, and
// delivering them all again adds nothing.
func TestEveryArrivalImportsOnce(t *testing.T) {
	for _, seed := range []int64{1, 7, 2024} {
		st, d := loaded(t, seed, 3000)
		ctx := context.Background()
		clock := newFakeClock(start, time.Hour)
		f := New(st, d, Options{Clock: clock})
		var got []demo.Arrival
		var retry []int64
		var origID int64
		for i := range 40 {
			a := f.Next()
			clock.now = start.Add(a.At)
			res, err := f.Deliver(ctx, a)
			if err != nil {
				t.Fatalf("seed %d: arrival %d: %v", seed, i, err)
			}
			if len(res.Accounts) != 1 {
				t.Fatalf("seed %d: arrival %d touched %d accounts", seed, i, len(res.Accounts))
			}
			r := res.Accounts[0]
			if r.Created || r.New != 1 || r.Duplicates != 0 || r.PendingReplaced != 0 || r.Balance == nil || !r.Balance.OK() {
				t.Errorf("seed %d: arrival %d (%s %q %d): %+v, balance %+v", seed, i, a.AccountKey, a.Payee, a.Amount, r, r.Balance)
			}
			txs, err := st.Transactions(ctx, store.TxQuery{AccountIDs: []int64{r.AccountID}, Limit: 1})
			if err != nil || len(txs) != 1 || txs[0].ExternalID != a.ExternalID {
				t.Fatalf("seed %d: arrival %d is not the account's newest row: %v %+v", seed, i, err, txs)
			}
			for _, al := range res.Alerts {
				switch {
				case al.Rule == alerts.RuleDuplicate && a.Duplicate:
					retry = al.Transactions
				case al.Rule == alerts.RuleDuplicate, al.Rule == "reconciliation", al.Rule == alerts.RuleLarge, al.Rule == alerts.RuleNewMerchant:
					t.Errorf("seed %d: arrival %d (%q %d) raised %s: %s", seed, i, a.Payee, a.Amount, al.Rule, al.Body)
				}
			}
			if a.Duplicate {
				if a.At >= time.Minute {
					t.Errorf("seed %d: the retry arrives at %s, after the first minute", seed, a.At)
				}
				if len(retry) < 2 || !slices.Contains(retry, txs[0].ID) || !slices.Contains(retry, origID) {
					t.Errorf("seed %d: the retry at %s raised no duplicate-charge alert on rows %d and %d: %+v", seed, a.At, origID, txs[0].ID, res.Alerts)
				}
			}
			origID = txs[0].ID
			got = append(got, a)
		}
		if retry == nil {
			t.Errorf("seed %d: no duplicate-charge alert in 40 arrivals", seed)
		}
		before, err := st.CountTransactions(ctx, store.TxQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range got {
			res, err := f.Deliver(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if r := res.Accounts[0]; r.New != 0 || r.Duplicates != 1 || len(res.Alerts) != 0 {
				t.Errorf("seed %d: arrival %d delivered again: %+v, %d alerts", seed, i, r, len(res.Alerts))
			}
		}
		if after, _ := st.CountTransactions(ctx, store.TxQuery{}); after != before {
			t.Errorf("seed %d: delivering again went from %d rows to %d", seed, before, after)
		}
	}
}

// TestRunDeliversOnScheduleAndStops runs the feeder on a clock that moves
// only when the feeder waits, for a minute of feed time.
func TestRunDeliversOnScheduleAndStops(t *testing.T) {
	st, d := loaded(t, 3, 2000)
	ctx := context.Background()
	before, err := st.CountTransactions(ctx, store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	ver, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock(start, time.Minute)
	r := Start(ctx, New(st, d, Options{Clock: clock}))
	<-clock.reached
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}

	// The same schedule, computed apart: every arrival of the first minute,
	// each waited for from the one before.
	want := d.Feed(demo.FeedOptions{Start: start})
	var prev time.Duration
	var waits []time.Duration
	var dupAlert bool
	for {
		a := want.Next()
		if a.At > time.Minute {
			break
		}
		waits = append(waits, a.At-prev)
		prev = a.At
		dupAlert = dupAlert || a.Duplicate
	}
	if !slices.Equal(clock.waits, waits) {
		t.Errorf("the feeder waited %v, want %v", clock.waits, waits)
	}
	after, err := st.CountTransactions(ctx, store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if after-before != int64(len(waits)) {
		t.Errorf("a minute of feed added %d rows, want %d", after-before, len(waits))
	}
	// The retry's alert names two rows of the feed.
	als, err := st.Alerts(ctx, store.AlertQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, al := range als {
		if al.Rule == alerts.RuleDuplicate && len(al.Transactions) == 2 && al.Transactions[0] > ver.MaxID {
			found = true
		}
	}
	if !dupAlert || !found {
		t.Errorf("a minute of feed raised no duplicate-charge alert on its own rows: %+v", als)
	}
}

// TestStopWaitsForTheFeed stops a feeder that is waiting for its next
// arrival.
func TestStopWaitsForTheFeed(t *testing.T) {
	st, d := loaded(t, 5, 300)
	clock := newFakeClock(start, 0)
	r := Start(context.Background(), New(st, d, Options{Clock: clock}))
	<-clock.reached
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := r.Stop(); err != nil {
		t.Fatal("a second Stop:", err)
	}
}

// slowClock is a fakeClock on which every reading takes 10 seconds, as if
// the store were huge and each import slow.
type slowClock struct{ *fakeClock }

func (c slowClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(10 * time.Second)
	if c.now.After(c.stop) {
		c.stopped()
	}
	return c.now
}

// TestASlowImportLetsTheChatIn: when imports take longer than the gaps
// between arrivals, the feed still waits as long as each import took
// rather than holding the store back to back.
func TestASlowImportLetsTheChatIn(t *testing.T) {
	st, d := loaded(t, 2, 300)
	clock := slowClock{newFakeClock(start, 5*time.Minute)}
	r := Start(context.Background(), New(st, d, Options{Clock: clock}))
	<-clock.reached
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if len(clock.waits) < 3 {
		t.Fatalf("waits %v", clock.waits)
	}
	for i, w := range clock.waits[1:] {
		if w < 20*time.Second {
			t.Errorf("wait %d is %s after an import that took 20s", i+1, w)
		}
	}
}
