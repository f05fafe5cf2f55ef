package demo

import (
	"testing"
	"time"
)

// feedStart is a feed's start on the last day of a case's history.
func feedStart(opt Options) time.Time {
	y, m, d := endOf(opt).Date()
	return time.Date(y, m, d, 14, 5, 0, 0, time.UTC)
}

func arrivals(d *Data, opt FeedOptions, n int) []Arrival {
	f := d.Feed(opt)
	out := make([]Arrival, n)
	for i := range out {
		out[i] = f.Next()
	}
	return out
}

// TestFeedSchedule checks the feed of every case: arrivals every 4 to 8
// seconds, the terminal retry within the first minute and nowhere else,
// ids that go on from the history's, everyday amounts, and ground truth
// like the history's.
func TestFeedSchedule(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			start := feedStart(tc.opt)
			got := arrivals(d, FeedOptions{Start: start}, 200)
			ids := map[string]bool{}
			for _, tr := range d.Transactions {
				ids[tr.ExternalID] = true
			}
			bank := map[string]int64{}
			for _, a := range d.Accounts {
				bank[a.Key] = a.BankBalance
			}
			end := endOf(tc.opt)
			var prev time.Duration
			dups := 0
			for i, a := range got {
				if gap := a.At - prev; gap < 4*time.Second || gap > 8*time.Second {
					t.Errorf("arrival %d comes %s after the one before, want 4s to 8s", i, gap)
				}
				prev = a.At
				if ids[a.ExternalID] {
					t.Errorf("arrival %d reuses id %s", i, a.ExternalID)
				}
				ids[a.ExternalID] = true
				if a.Pending || a.Posted.Before(end) || a.Posted.After(end.AddDate(0, 0, 1)) {
					t.Errorf("arrival %d: pending %v, posted %s; want posted on %s or the day after", i, a.Pending, a.Posted, end)
				}
				if a.Amount >= 0 || -a.Amount >= liveCap && !a.Duplicate {
					t.Errorf("arrival %d: %d is no everyday purchase", i, a.Amount)
				}
				if _, ok := taxonomy[a.Category]; !ok || a.Merchant == "" || a.Flow != wantFlow(a.Category, a.Amount) {
					t.Errorf("arrival %d: merchant %q, category %q, flow %q", i, a.Merchant, a.Category, a.Flow)
				}
				bank[a.AccountKey] += a.Amount
				if a.BankBalance != bank[a.AccountKey] {
					t.Errorf("arrival %d: bank balance %d, want %d", i, a.BankBalance, bank[a.AccountKey])
				}
				if !a.Duplicate {
					continue
				}
				dups++
				if a.At < 21*time.Second || a.At >= 29*time.Second {
					t.Errorf("the retry arrives at %s, want 21s to 29s", a.At)
				}
				if i == 0 {
					t.Fatal("the first arrival is a retry of nothing")
				}
				o := got[i-1]
				if o.AccountKey != a.AccountKey || o.Payee != a.Payee || o.Amount != a.Amount || !o.Transacted.Equal(a.Transacted) ||
					o.Merchant != a.Merchant || o.Transacted.IsZero() || (a.AccountKey != "demo-visa" && a.AccountKey != "demo-amex") {
					t.Errorf("the retry %+v does not charge again the card swipe %+v", a, o)
				}
			}
			if dups != 1 {
				t.Errorf("%d retries in 200 arrivals, want 1", dups)
			}
		})
	}
}

func TestFeedIsDeterministic(t *testing.T) {
	opt := Options{Seed: 11, Transactions: 3000}
	start := feedStart(opt)
	a := arrivals(Generate(opt), FeedOptions{Start: start}, 50)
	d := Generate(opt)
	b := arrivals(d, FeedOptions{Start: start}, 50)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("arrival %d differs between two runs:\n%+v\n%+v", i, a[i], b[i])
		}
	}
	// A second feed of the same history starts over: feeds share nothing.
	c := arrivals(d, FeedOptions{Start: start}, 50)
	if c[49] != b[49] {
		t.Errorf("a second feed of one history differs:\n%+v\n%+v", c[49], b[49])
	}
	other := arrivals(Generate(Options{Seed: 12, Transactions: 3000}), FeedOptions{Start: start}, 50)
	same := 0
	for i := range a {
		if a[i].Payee == other[i].Payee && a[i].Amount == other[i].Amount {
			same++
		}
	}
	if same > 10 {
		t.Errorf("seeds 11 and 12 share %d of 50 arrivals", same)
	}
	// The feed leaves the history as it was.
	if again := Generate(opt); len(again.Transactions) != len(d.Transactions) || again.Transactions[len(d.Transactions)-1] != d.Transactions[len(d.Transactions)-1] {
		t.Error("making a feed changed the history")
	}
}

// TestFeedPace checks that Every sets the pace and the retry moves with
// it.
func TestFeedPace(t *testing.T) {
	opt := Options{Seed: 4, Transactions: 2000}
	got := arrivals(cached(t, opt), FeedOptions{Start: feedStart(opt), Every: time.Second}, 30)
	var prev time.Duration
	for i, a := range got {
		if gap := a.At - prev; gap < 666*time.Millisecond || gap > 1334*time.Millisecond {
			t.Errorf("at one a second, arrival %d comes %s after the one before", i, gap)
		}
		prev = a.At
		if a.Duplicate && (a.At < 3500*time.Millisecond || a.At >= 4834*time.Millisecond) {
			t.Errorf("at one a second, the retry arrives at %s", a.At)
		}
	}
}
