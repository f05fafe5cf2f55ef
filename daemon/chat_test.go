package daemon

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestARoundIsLeftToARunningDaemon(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	data := t.TempDir()
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	l, err := Acquire(data)
	if err != nil {
		t.Fatal(err)
	}
	r := d.RoundIfNoDaemon(context.Background(), data)
	if !r.LeftToDaemon || r.DaemonPID != os.Getpid() || f.opens != 0 || len(r.Files) != 0 {
		t.Fatalf("with a daemon: %+v, %d opens", r, f.opens)
	}
	l.Release()
	r = d.RoundIfNoDaemon(context.Background(), data)
	if r.LeftToDaemon || f.opens != 1 || r.Count(Imported) != 1 {
		t.Fatalf("without: %+v, %d opens", r, f.opens)
	}
}

func TestTheChatRunsRoundsWhileNoDaemonRuns(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	data := t.TempDir()
	tick := make(chan time.Time)
	reports := make(chan Report)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	f.drop("first.ofx", largeCharge("BIG-1", f.now))
	go func() {
		runWhileNoDaemon(ctx, data, d, tick, func(r Report) { reports <- r })
		close(done)
	}()
	// A round at once, before the first tick.
	if r := <-reports; r.LeftToDaemon || r.Count(Imported) != 1 {
		t.Fatalf("first round: %+v", r)
	}
	// A daemon starts: the next round is its own.
	l, err := Acquire(data)
	if err != nil {
		t.Fatal(err)
	}
	f.drop("second.ofx", largeCharge("BIG-2", f.now))
	tick <- f.now
	if r := <-reports; !r.LeftToDaemon || r.DaemonPID != os.Getpid() || len(r.Files) != 0 {
		t.Fatalf("with a daemon: %+v", r)
	}
	// It stops: the chat takes over again.
	l.Release()
	tick <- f.now
	if r := <-reports; r.LeftToDaemon || r.Count(Imported) != 1 || r.Files[0].Path != filepath.Join(f.dir, "second.ofx") {
		t.Fatalf("after the daemon: %+v", r)
	}
	cancel()
	<-done
	if f.opens != 2 {
		t.Fatalf("the vault was opened %d times, want 2 (one per round done)", f.opens)
	}
}
