package daemon

import (
	"context"
	"time"
)

// RoundIfNoDaemon does a round unless a `penny daemon` runs for dataDir. When
// one does, the work is its own: the round opens nothing and its report says
// LeftToDaemon, with the daemon's pid.
func (d *Daemon) RoundIfNoDaemon(ctx context.Context, dataDir string) Report {
	if pid, ok := Running(dataDir); ok {
		return Report{At: d.now(), LeftToDaemon: true, DaemonPID: pid}
	}
	return d.Round(ctx)
}

// RunWhileNoDaemon gives a user who only runs the chat what the daemon
// would do: drop-folder imports, alerts and, with senders, notifications.
// It does a round at once and then one every interval, each only while no
// `penny daemon` runs for dataDir (checked before every round, so a daemon
// started or stopped meanwhile is noticed at the next one), and hands each
// report to onReport, on its own goroutine. It returns when ctx ends.
//
// The chat starts it once the vault is open, on a goroutine of its own, and
// cancels ctx when it quits:
//
//	d := &daemon.Daemon{
//		Watch: watch,            // the folders penny daemon would watch, ~ expanded
//		Open:  open,             // see below
//		// No Senders: the chat shows alerts itself. Logf stays nil: a
//		// log line would tear the screen.
//	}
//	go daemon.RunWhileNoDaemon(ctx, dataDir, d, 30*time.Second, func(r daemon.Report) {
//		program.Send(daemonReportMsg(r)) // refresh the sidebar when r.Alerts or r.Count(daemon.Imported) > 0
//	})
//
// onReport is called from RunWhileNoDaemon's goroutine: it hands the report
// to the chat's event loop and returns, it does not touch the model.
//
// Open depends on how the chat holds the vault. When the chat keeps the
// vault's write lock for its whole session, a second open in the same
// process would find the vault in use: Open then returns the chat's own
// session with a Close that does nothing; the rounds' calls and the chat's
// then take turns on the vault's one database connection. When the write
// lock is held only for a write transaction,
// Open can open the vault afresh each round, as penny daemon does.
//
// A daemon that starts in the middle of a round may work alongside it for
// that round; both import through one vault lock, a file imported twice adds
// nothing the second time, and the next round leaves the work to the daemon.
func RunWhileNoDaemon(ctx context.Context, dataDir string, d *Daemon, interval time.Duration, onReport func(Report)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	runWhileNoDaemon(ctx, dataDir, d, t.C, onReport)
}

// runWhileNoDaemon is RunWhileNoDaemon with the ticks given, so tests drive
// it one round at a time.
func runWhileNoDaemon(ctx context.Context, dataDir string, d *Daemon, tick <-chan time.Time, onReport func(Report)) {
	for ctx.Err() == nil {
		rep := d.RoundIfNoDaemon(ctx, dataDir)
		if onReport != nil {
			onReport(rep)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}
