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
)

func main() {
	hardenProcess()
	getenv := takeSecrets(os.Getenv, os.Unsetenv, secretEnv...)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := newCLI(os.Stdin, os.Stdout, os.Stderr, getenv).run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
