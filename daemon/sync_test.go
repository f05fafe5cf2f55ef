package daemon

import (
	"context"
	"errors"
	"testing"
	"time"

	"penny/store"
)

// TestLiveSourcesSyncOnTheirSchedule: a round syncs the live sources when
// one is due by its last sync in the vault, and not again until the
// interval has passed, whichever process synced last; a source that fails
// is not asked again every round.
func TestLiveSourcesSyncOnTheirSchedule(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	src, err := f.st.CreateSource(ctx, "bank", "simplefin", "{}")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	var fail error
	d := f.daemon()
	d.SyncEvery = 4 * time.Hour
	d.Sync = func(ctx context.Context, st *store.Store) ([]Synced, error) {
		calls++
		// What livesync does: the sync's time goes into the vault, with
		// its error when it failed.
		msg := ""
		if fail != nil {
			msg = fail.Error()
		}
		if err := st.RecordSync(ctx, src.ID, f.now, msg); err != nil {
			return nil, err
		}
		return []Synced{{Source: "bank", New: 3, Err: fail}}, nil
	}
	r := d.Round(ctx)
	if calls != 1 || len(r.Synced) != 1 || r.Synced[0].New != 3 {
		t.Fatalf("a source never synced: %d calls, %+v", calls, r.Synced)
	}
	f.now = f.now.Add(time.Minute)
	if d.Round(ctx); calls != 1 {
		t.Fatalf("synced again after a minute: %d calls", calls)
	}
	// A restarted daemon goes by the vault: not due yet.
	d2 := f.daemon()
	d2.SyncEvery, d2.Sync = d.SyncEvery, d.Sync
	if d2.Round(ctx); calls != 1 {
		t.Fatalf("a restart synced early: %d calls", calls)
	}
	f.now = f.now.Add(4 * time.Hour)
	fail = errors.New("reconnect your bank at SimpleFIN")
	r = d.Round(ctx)
	if calls != 2 || len(r.Synced) != 1 || r.Synced[0].Err == nil || f.logged("sync bank: reconnect") != 1 {
		t.Fatalf("due after 4 h: %d calls, %+v, logs %q", calls, r.Synced, f.logs)
	}
	f.now = f.now.Add(30 * time.Second)
	if d.Round(ctx); calls != 2 {
		t.Fatalf("a failing source was asked again at once: %d calls", calls)
	}
}

// Without sources there is nothing to sync.
func TestNoSourcesNoSync(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	d.Sync = func(context.Context, *store.Store) ([]Synced, error) {
		t.Fatal("synced without a source")
		return nil, nil
	}
	d.Round(context.Background())
}
