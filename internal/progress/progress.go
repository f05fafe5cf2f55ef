// Package progress lets a long loop stop soon after its context is cancelled
// and tell whoever waits how far it got.
//
// The reporter travels in the context, as net/http/httptrace's hooks do, so
// that every layer a long import passes through (the file reader, the format
// parsers, the ingest engine, the alert rules) can report without each
// growing a parameter for it. Without a reporter a Meter still checks the
// context: cancellation is the part that must always work.
package progress

import (
	"context"
	"io"
)

// Func is told that done of total units of phase are done; total is 0 when
// it is not known. It is called from the working goroutine, often: it must
// return quickly (store the numbers, draw elsewhere).
type Func func(phase string, done, total int64)

type key struct{}

// With returns a context whose long loops report to f, and then to the
// reporter ctx already had, if any: a layer can listen in on the phases of
// the layers below it without taking them from its caller.
func With(ctx context.Context, f Func) context.Context {
	if outer := From(ctx); outer != nil {
		inner := f
		f = func(phase string, done, total int64) {
			inner(phase, done, total)
			outer(phase, done, total)
		}
	}
	return context.WithValue(ctx, key{}, f)
}

// From returns ctx's reporter, or nil.
func From(ctx context.Context) Func {
	f, _ := ctx.Value(key{}).(Func)
	return f
}

// Report tells ctx's reporter, if any, where phase stands: for the steps that
// are one call (a query, a save), reported as they start.
func Report(ctx context.Context, phase string, done, total int64) {
	if f := From(ctx); f != nil {
		f(phase, done, total)
	}
}

// stride is how many steps a Meter counts between two looks at its context.
// A step of the loops it serves costs a microsecond or more, so a look every
// 64 steps is invisible in their time and still comes many times a
// millisecond.
const stride = 64

// Every returns ctx's error when it is cancelled and i is a multiple of
// stride: a loop that reports no progress of its own (a quick pass over rows
// another loop counts) calls it with its index to stay cancellable.
func Every(ctx context.Context, i int) error {
	if i%stride != 0 {
		return nil
	}
	return ctx.Err()
}

// Meter counts the steps of one long loop.
type Meter struct {
	ctx   context.Context
	f     Func
	phase string
	calls int64
	done  int64
	total int64
}

// Start begins counting phase, of total steps (0: unknown), and reports it
// at 0.
func Start(ctx context.Context, phase string, total int64) *Meter {
	m := &Meter{ctx: ctx, f: From(ctx), phase: phase, total: total}
	if m.f != nil {
		m.f(phase, 0, total)
	}
	return m
}

// Step counts one step. Every stride steps it reports, and returns the
// context's error once it is cancelled, so the loop can stop.
func (m *Meter) Step() error {
	m.done++
	m.calls++
	if m.calls%stride != 0 {
		return nil
	}
	return m.check()
}

// At is Step for a loop that knows where it is rather than counting: a
// scanner's offset in its input, of total bytes.
func (m *Meter) At(done int64) error {
	m.done = done
	m.calls++
	if m.calls%stride != 0 {
		return nil
	}
	return m.check()
}

// Add counts n steps at once (bytes of a chunk, rows of a batch), reporting
// and looking at the context every time.
func (m *Meter) Add(n int64) error {
	m.done += n
	return m.check()
}

// Done reports the phase complete and returns the context's error.
func (m *Meter) Done() error {
	if m.total > 0 {
		m.done = max(m.done, m.total)
	}
	return m.check()
}

// check reports, then returns ctx's error. It reports even when ctx is
// cancelled: a loop that stops hears its last report at the check that
// stopped it, and one that ignored the error would go on reporting, for a
// test to see.
func (m *Meter) check() error {
	if m.f != nil {
		m.f(m.phase, m.done, m.total)
	}
	return m.ctx.Err()
}

// Reader reads r for a parser that reads as it goes: every Read reports the
// bytes read so far, of total (0: unknown), and fails with ctx's error once
// ctx is cancelled. A Read asks r for at most readChunk bytes, so that
// reading a large file into a buffer sized for all of it is still a loop.
func Reader(ctx context.Context, r io.Reader, phase string, total int64) io.Reader {
	return &reader{r: r, m: Start(ctx, phase, total)}
}

type reader struct {
	r io.Reader
	m *Meter
}

// readChunk is the most one Read asks for: a few milliseconds of a disk.
const readChunk = 1 << 20

func (r *reader) Read(b []byte) (int, error) {
	if err := r.m.Add(0); err != nil {
		return 0, err
	}
	if len(b) > readChunk {
		b = b[:readChunk]
	}
	n, err := r.r.Read(b)
	r.m.done += int64(n)
	return n, err
}
