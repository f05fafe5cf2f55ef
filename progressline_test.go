package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// lockedBuffer is a terminal stand-in the line's ticker writes to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitForText polls w until it holds want.
func waitForText(t *testing.T, w *lockedBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(w.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the line never said %q; it wrote %q", want, w.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestProgressLineSaysEachPhaseAndClearsItself(t *testing.T) {
	var w lockedBuffer
	p := startProgressLine(&w, 60, 0)
	p.reading("/tmp/statement.csv", 0, 2)
	p.report("read", 3<<20, 10<<20)
	waitForText(t, &w, "Reading /tmp/statement.csv (1/2): 3.0 MiB of 10.0 MiB")
	p.report("parse", 40, 160)
	waitForText(t, &w, "Reading /tmp/statement.csv (1/2): 25%")
	p.report("apply", 2500, 10000)
	waitForText(t, &w, "Importing [")
	p.report("insert", 0, 12345)
	waitForText(t, &w, "Writing 12,345 new transaction(s)")
	p.report("alerts", 0, 0)
	waitForText(t, &w, "Checking alerts")
	p.report("save", 0, 0)
	waitForText(t, &w, "Saving the vault")
	p.done()
	out := w.String()
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Fatalf("done did not clear the line: %q", out)
	}
	// Every draw starts by clearing the line and fits the terminal's width,
	// so a line never wraps and leaves its remains behind.
	for _, draw := range strings.Split(out, "\r\x1b[K") {
		if w := ansi.StringWidth(draw); w >= 60 {
			t.Fatalf("a draw %d cells wide on a 60-cell terminal: %q", w, draw)
		}
		if strings.Contains(draw, "\n") {
			t.Fatalf("a draw holds a line break: %q", draw)
		}
	}
	p.report("save", 0, 0)
	p.done()
	time.Sleep(3 * progressTick)
	if w.String() != out {
		t.Fatalf("the line drew after done: %q", strings.TrimPrefix(w.String(), out))
	}
}

// Reports heard before the line exists (files read while the vault opens)
// reach it when it comes: the last file read and the last report about it,
// then every report as it is made.
func TestLateProgressHandsTheLastReportsToTheLine(t *testing.T) {
	var w lockedBuffer
	var late lateProgress
	late.reading("/tmp/a.csv", 0, 2)
	late.report("parse", 10, 100)
	late.reading("/tmp/b.csv", 1, 2)
	late.report("read", 1<<20, 4<<20)
	late.report("parse", 40, 160)
	p := startProgressLine(&w, 80, 0)
	defer p.done()
	late.attach(p)
	waitForText(t, &w, "Reading /tmp/b.csv (2/2): 25%")
	late.report("apply", 2500, 10000)
	waitForText(t, &w, "Importing [")
	// A file read before the line came, with no report since: its name.
	var w2 lockedBuffer
	var late2 lateProgress
	late2.reading("/tmp/a.csv", 0, 1)
	p2 := startProgressLine(&w2, 80, 0)
	defer p2.done()
	late2.attach(p2)
	waitForText(t, &w2, "Reading /tmp/a.csv")
}

func TestProgressLineWaitsBeforeDrawing(t *testing.T) {
	var w lockedBuffer
	p := startProgressLine(&w, 80, time.Hour)
	p.status("Saving the vault")
	time.Sleep(3 * progressTick)
	p.done()
	if w.String() != "" {
		t.Fatalf("a quick command drew a progress line: %q", w.String())
	}
}

func TestProgressLineNeverWritesToAPipe(t *testing.T) {
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(string) string { return "" })
	p := c.progress()
	p.reading("a.csv", 0, 1)
	p.report("apply", 5, 10)
	p.status("Saving the vault")
	p.done()
	if errb.Len() != 0 {
		t.Fatalf("progress went to a stderr that is no terminal: %q", errb.String())
	}
}

func TestCountSeparatesThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCancelledExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{cancelledError{msg: "import cancelled; nothing was written.", cause: signalled{syscall.SIGINT}}, 130},
		{cancelledError{msg: "import cancelled; nothing was written.", cause: signalled{syscall.SIGTERM}}, 143},
		{cancelledError{msg: "cancelled", cause: context.Canceled}, exitCancelled},
		{fmt.Errorf("wrapped: %w", cancelledError{msg: "x", cause: signalled{syscall.SIGINT}}), 130},
		{errors.New("plain"), exitError},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if !errors.Is(signalled{syscall.SIGINT}, context.Canceled) {
		t.Error("a signal's cancellation is not context.Canceled")
	}
}

// TestCommandFailingAfterCancelExitsAsCancelled: a command whose context was
// cancelled by a signal exits 128+signal, whatever error its step made of
// the cancellation.
func TestCommandFailingAfterCancelExitsAsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(signalled{syscall.SIGTERM})
	env := with(testEnv(t), "PENNY_PASSPHRASE", "whatever")
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	code := c.run(ctx, []string{"balance"})
	if code != 143 || !strings.Contains(errb.String(), "cancelled") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}
