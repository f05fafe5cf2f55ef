package vault

import (
	"context"
	"time"
)

// Watch reports, on the channel it returns, that the vault file at path may
// have been replaced: another process saved. The channel holds at most one
// report, so a burst of saves wakes the reader once; Changed or Refresh
// says whether there is anything to load. It is closed when ctx ends.
//
// Where the kernel tells of renames in a folder (inotify), a save is
// reported as it lands; elsewhere, and when inotify cannot be had, a stat
// every poll does the job at the cost of the poll's delay.
func Watch(ctx context.Context, path string, poll time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	if watchKernel(ctx, path, out) {
		return out
	}
	go pollFile(ctx, path, statFile(path), poll, out)
	return out
}

// pollFile reports when the file's identity changes from last, which the
// caller takes before it starts pollFile's goroutine: taken there, a save
// between the start and the goroutine's first stat went unreported.
func pollFile(ctx context.Context, path string, last fileID, every time.Duration, out chan struct{}) {
	defer close(out)
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if id := statFile(path); id != last {
			last = id
			notify(out)
		}
	}
}

// notify sends without blocking: one pending report is enough.
func notify(out chan struct{}) {
	select {
	case out <- struct{}{}:
	default:
	}
}
