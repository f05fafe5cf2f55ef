// Package feed delivers a demo household's live arrivals (demo.Feed) into
// a store while `penny demo` is open: each arrival, when it is due, goes
// through the import engine (ingest.Apply) as a one-line statement of its
// account, so it is de-duplicated, categorized, reconciled and alerted
// exactly as imported bank data is. The chat shows it through its refresh
// timer, like anything another writer adds.
//
// Time comes from a Clock, so tests run a minute of the feed without
// waiting for it.
package feed

import (
	"context"
	"fmt"
	"sync"
	"time"

	"penny/demo"
	"penny/ingest"
	"penny/statement"
	"penny/store"
)

// Clock is the time the feeder keeps.
type Clock interface {
	Now() time.Time
	// After sends the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configure a Feeder.
type Options struct {
	// Clock is nil for the real clock.
	Clock Clock
	// Every is the feed's pace (demo.FeedOptions.Every); zero means
	// demo.DefaultEvery.
	Every time.Duration
}

// Feeder imports the arrivals of one demo history's feed into a store.
type Feeder struct {
	st    *store.Store
	data  *demo.Data
	feed  *demo.Feed
	clock Clock
	start time.Time
}

// New returns the feeder of d's feed into st, which holds d (demo.Load).
// The feed starts now, by the clock.
func New(st *store.Store, d *demo.Data, opt Options) *Feeder {
	clock := opt.Clock
	if clock == nil {
		clock = realClock{}
	}
	start := clock.Now()
	return &Feeder{st: st, data: d, clock: clock, start: start,
		feed: d.Feed(demo.FeedOptions{Start: start, Every: opt.Every})}
}

// Next returns the next arrival without importing it.
func (f *Feeder) Next() demo.Arrival { return f.feed.Next() }

// Run imports each arrival when it is due, until ctx ends (nil) or an
// import fails (its error). The schedule counts from the start, so it does
// not drift: an arrival that is overdue (the machine slept) comes at once.
// But after an import the feed always waits at least as long as the
// import took: on a history of millions of rows an import takes seconds,
// and holds the store while it runs, and the chat must get its turn.
func (f *Feeder) Run(ctx context.Context) error {
	var took time.Duration
	for {
		a := f.feed.Next()
		if wait := max(f.start.Add(a.At).Sub(f.clock.Now()), took); wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-f.clock.After(wait):
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		begun := f.clock.Now()
		if _, err := f.Deliver(ctx, a); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		took = f.clock.Now().Sub(begun)
	}
}

// Deliver imports one arrival now, with the alert rules evaluated at the
// clock's time.
func (f *Feeder) Deliver(ctx context.Context, a demo.Arrival) (*ingest.Result, error) {
	in, acct, err := Input(f.data, a)
	if err != nil {
		return nil, err
	}
	res, err := ingest.Apply(ctx, f.st, []ingest.Input{in}, ingest.Options{AccountName: acct.Name, Now: f.clock.Now()})
	if err != nil {
		return nil, fmt.Errorf("demo feed: %s: %w", a.ExternalID, err)
	}
	return res, nil
}

// Input is the import of one arrival: a statement of its account with the
// one transaction and the balance the bank reports after it, as a live
// source delivers them. It is filed into the demo account of that name,
// which demo.Load created (it holds the demo's own account key, not the
// one an import would derive from the statement). It also returns that
// account.
func Input(d *demo.Data, a demo.Arrival) (ingest.Input, demo.Account, error) {
	var acct demo.Account
	for _, x := range d.Accounts {
		if x.Key == a.AccountKey {
			acct = x
		}
	}
	if acct.Key == "" {
		return ingest.Input{}, acct, fmt.Errorf("demo feed: no account %q", a.AccountKey)
	}
	s := statement.Statement{
		Format: "demo",
		Account: statement.AccountInfo{Institution: acct.Institution, ExternalID: acct.Key, Name: acct.Name,
			Type: acct.Type, Currency: acct.Currency},
		Transactions: []statement.Transaction{{
			ExternalID: a.ExternalID, Posted: a.Posted, Transacted: a.Transacted, Amount: a.Amount,
			Currency: a.Currency, Payee: a.Payee, Memo: a.Memo, Pending: a.Pending,
		}},
		Balance: &statement.Balance{Amount: a.BankBalance, Currency: acct.Currency, Date: a.Posted},
		Start:   a.Posted, End: a.Posted,
		Origin: "demo feed " + a.ExternalID,
	}
	return ingest.Input{Name: s.Origin, Format: "demo", Source: "demo", Statements: []statement.Statement{s}}, acct, nil
}

// Runner runs a Feeder in the background and stops it.
type Runner struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

// Start runs f until Stop or ctx's end.
func Start(ctx context.Context, f *Feeder) *Runner {
	ctx, cancel := context.WithCancel(ctx)
	r := &Runner{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		err := f.Run(ctx)
		r.mu.Lock()
		r.err = err
		r.mu.Unlock()
	}()
	return r
}

// Err is the error that stopped the feed early, or nil.
func (r *Runner) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Stop ends the feed and waits until it has ended, so that no import is
// under way once it returns (the store can then be closed). It returns
// the error that had stopped the feed early, if any.
func (r *Runner) Stop() error {
	r.cancel()
	<-r.done
	return r.Err()
}
