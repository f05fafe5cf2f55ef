package daemon

import (
	"context"
	"fmt"
	"time"

	"penny/store"
)

// DefaultSyncEvery is how often rounds fetch from the live sources when
// Daemon.SyncEvery is zero: six times a day, well inside SimpleFIN's
// request budget of about 24 a day.
const DefaultSyncEvery = 4 * time.Hour

// Synced is what one source's sync did in a round.
type Synced struct {
	Source string
	// New counts the transactions added, Alerts the alerts raised.
	New, Alerts int
	// Err is why the source did not sync; nothing of it was applied.
	Err error
}

// SyncFunc fetches from every live source into st (the caller's livesync
// environment: egress guard, budgets, network log) and says what each did.
type SyncFunc func(ctx context.Context, st *store.Store) ([]Synced, error)

// syncDue reports whether the live sources are due: some source's last
// sync, kept in the vault (so neither a restart nor the chat taking over
// from the daemon syncs early), is older than the interval; a try of this
// process counts too, so a source that keeps failing is not asked again
// every round.
func (d *Daemon) syncDue(ctx context.Context, st *store.Store) (bool, error) {
	every := d.SyncEvery
	if every <= 0 {
		every = DefaultSyncEvery
	}
	now := d.now()
	if !d.lastSync.IsZero() && now.Sub(d.lastSync) < every {
		return false, nil
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		return false, err
	}
	for _, s := range srcs {
		if s.LastSync.IsZero() || now.Sub(s.LastSync) >= every {
			return true, nil
		}
	}
	return false, nil
}

// syncSources runs the live sources when they are due.
func (d *Daemon) syncSources(ctx context.Context, st *store.Store, rep *Report) {
	due, err := d.syncDue(ctx, st)
	if err != nil {
		d.fail(rep, fmt.Errorf("sync: %w", err))
		return
	}
	if !due {
		return
	}
	d.lastSync = d.now()
	synced, err := d.Sync(ctx, st)
	if err != nil {
		d.fail(rep, fmt.Errorf("sync: %w", err))
		return
	}
	rep.Synced = synced
	for _, s := range synced {
		rep.Alerts += s.Alerts
		if s.Err != nil {
			d.logf("sync %s: %v", s.Source, s.Err)
		} else {
			d.logf("synced %s: %d new transaction(s), %d alert(s)", s.Source, s.New, s.Alerts)
		}
	}
}
