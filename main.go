// Command penny is a local-first terminal messenger for your own money: it
// keeps your bank data in an encrypted vault on this machine and answers
// questions about it. This file is the thin entry point: subcommands, flags
// and wiring; the work lives in the packages.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"penny/internal/initenv"
	// The code is mapped in one call as the process starts, not fault
	// by fault as it runs.
	_ "penny/internal/prefault"
	"penny/internal/secretenv"
)

func main() {
	// TMUX was out of the environment while the packages initialized.
	initenv.Restore()
	hardenProcess()
	// The passphrase variables left the environment as the program
	// initialized (internal/secretenv): no child ever inherits them.
	getenv := secretenv.Getenv
	ctx, stop := signalContext(syscall.SIGINT, syscall.SIGTERM)
	code := newCLI(os.Stdin, os.Stdout, os.Stderr, getenv).run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// signalContext is cancelled, with a signalled cause, by the first of sigs
// to arrive. That one signal is all it catches: once the work is told to
// stop, the signals get their default action back (unless something else,
// such as the chat's terminal UI, listens for them too), so a second Ctrl-C
// ends a Penny that is slow to stop at once. The vault is replaced by a
// rename, so even that leaves it whole.
func signalContext(sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case s := <-ch:
			// Cancel first: Stop waits for the runtime's signal delivery to
			// go idle, which can take a while on a busy process.
			cancel(signalled{sig: s.(syscall.Signal)})
			signal.Stop(ch)
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(context.Canceled)
	}
}
