package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"penny/assistant"
	"penny/livesync"
	"penny/sources/fakebank"
	"penny/store"
	"penny/ui"
)

// demoBankSource is the name the demo's bank is connected under.
const demoBankSource = "demo-bank"

// demoBankKept is where the demo keeps the bank's credentials.
const demoBankKept = "this demo's memory"

// runBankDemo is penny demo --bank: the fake bank of package fakebank
// serves a SimpleFIN server inside this process, on loopback, over TLS
// under a certificate authority made for this run; the demo connects to it
// and syncs through the code a real bank goes through (the egress guard,
// the network log, the budget, ingest), into a store in memory. The CA's
// root lives in this process's memory alone, handed to this run's egress
// guard: it is never written to disk, never added to the system's roots,
// and no other program trusts it.
//
// In the chat, each /sync (or "sync now") first moves the bank on a step
// (fakebank's Bank.Advance: a pending charge posting for more, a charge
// made twice, a transfer, purchases), so every sync brings something. When
// the chat ends, or at once outside a terminal, the demo prints the
// network log: every request it made, all to the loopback address.
func (c *cli) runBankDemo(ctx context.Context, interactive, jsonOut bool, theme string) error {
	ca, err := fakebank.NewCA()
	if err != nil {
		return err
	}
	sf := fakebank.NewSimpleFIN(ca, fakebank.Scenario(time.Now()))
	defer sf.Close()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	say := func(format string, a ...any) {
		if !jsonOut {
			fmt.Fprintf(c.stdout, format, a...)
		}
	}
	say("A bank in the box: a SimpleFIN server inside this process at %s, over TLS under a\n"+
		"certificate authority made for this run, which only this process trusts and which is never\n"+
		"written anywhere. Penny connects and syncs through the same code as with a real bank.\n\n", sf.Root())
	prog := c.progress()
	env, err := c.liveEnv(st, false, prog)
	if err != nil {
		return err
	}
	env.RootCAs = ca.Pool
	con, err := env.ConnectSimpleFIN(ctx, demoBankSource, sf.NewToken())
	if err != nil {
		prog.done()
		return fmt.Errorf("the demo's bank: %w", err)
	}
	reps, err := env.Sync(ctx, livesync.Options{})
	prog.done()
	if err != nil {
		return err
	}
	if len(reps) == 1 && reps[0].Err != nil {
		return fmt.Errorf("the demo's bank: %w", reps[0].Err)
	}
	// Nothing may draw on the terminal beside the chat.
	env.Progress = nil
	if jsonOut {
		return c.printBalances(ctx, st, true)
	}
	c.printConnected(con, demoBankKept)
	for _, r := range reps {
		c.printSyncReport(r)
	}
	if !interactive {
		say("\nA few hours later, the bank has moved on:\n")
		for _, d := range sf.Advance() {
			say("  • %s\n", sanitizeLine(d))
		}
		say("and `penny sync` again:\n")
		reps, err := env.Sync(ctx, livesync.Options{})
		if err != nil {
			return err
		}
		for _, r := range reps {
			c.printSyncReport(r)
		}
		// The newest rows, hostile descriptions among them: stored as the
		// bank sent them, printed inert.
		recent, err := st.Transactions(ctx, store.TxQuery{Limit: 10})
		if err != nil {
			return err
		}
		say("\nLatest transactions:\n")
		if err := c.printTransactions(recent, false); err != nil {
			return err
		}
		return c.endBankDemo(ctx, env)
	}
	notes := make(chan string, 1)
	notes <- fmt.Sprintf("Synced %s over loopback TLS; type \"sync now\" for what the bank did since", demoBankSource)
	chatCtx, stop := context.WithCancel(ctx)
	defer stop()
	err = ui.Run(chatCtx, ui.Options{Store: st, Asker: assistant.New(st, assistant.Options{}), Title: "Penny demo",
		Theme: theme, Notes: notes, RefreshEvery: time.Second,
		Sync: func(ctx context.Context) (string, error) {
			sf.Advance()
			return syncLine(syncedOf(env.Sync(ctx, livesync.Options{})))
		}})
	// A sync still running stops before the bank and the store close.
	stop()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return c.endBankDemo(ctx, env)
}

// endBankDemo prints the network log, the demo's proof of where it
// connected.
func (c *cli) endBankDemo(ctx context.Context, env *livesync.Env) error {
	if err := c.printNetwork(ctx, env, 50, demoBankKept); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "\nNothing was written to disk. Connect your own bank with `penny connect simplefin` (see `penny connect --help`).")
	return nil
}
