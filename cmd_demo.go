package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"penny/alerts"
	"penny/assistant"
	"penny/demo"
	"penny/demo/feed"
	"penny/store"
	"penny/themes"
	"penny/ui"
)

func cmdDemo() *command {
	var (
		size    int
		seed    int64
		jsonOut bool
		summary bool
		theme   string
		noLive  bool
		every   time.Duration
		bank    bool
	)
	return &command{
		name:    "demo",
		summary: "try Penny on generated data, in memory; writes nothing",
		help: `Generates a realistic personal-finance history ending today (checking, savings,
two cards, brokerage cash, a EUR account) into a database that lives only in
memory and opens the chat on it: ask "balance", "spending last month", "subscriptions".
While the chat is open, a new card or debit purchase arrives every few seconds
(--live-every sets the pace) through the same import and alert rules as bank data;
within the first half minute one of them is charged twice, and the duplicate-charge
alert appears in Alerts. --no-live turns the feed off. --seed fixes the feed too.
Nothing is written to disk. Outside a terminal it prints a summary instead.

--bank connects to a bank in the box instead: a SimpleFIN server inside the
demo, on loopback over TLS, synced through the same code as a real bank (the
egress guard, the network log, the request budget). In the chat, /sync or
"sync now" fetches what the bank did since: a pending charge posting, a
charge made twice, a transfer, new purchases. At the end the demo prints its
network log. --size, --seed and the live feed do not apply to it.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.IntVar(&size, "size", 5000, "number of transactions to generate")
			fs.Int64Var(&seed, "seed", 1, "generator seed; the same seed gives the same history and live feed")
			fs.BoolVar(&jsonOut, "json", false, "print the balances as one JSON document")
			fs.BoolVar(&summary, "summary", false, "print a summary instead of opening the chat (the default when not in a terminal)")
			fs.StringVar(&theme, "theme", "", "chat theme: "+strings.Join(themes.Names(), ", "))
			fs.BoolVar(&noLive, "no-live", false, "no live feed: nothing arrives while the chat is open")
			fs.DurationVar(&every, "live-every", demo.DefaultEvery, "about how often a transaction arrives while the chat is open: 6s by default, each gap 2/3 to 4/3 of it")
			fs.BoolVar(&bank, "bank", false, "connect to a bank in the box (a SimpleFIN server inside the demo) and sync from it")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("demo takes no arguments")
			}
			if size < 1 || size > 5_000_000 {
				return usagef("--size must be between 1 and 5000000")
			}
			if every < time.Second || every > time.Hour {
				return usagef("--live-every must be between 1s and 1h")
			}
			if bank {
				return c.runBankDemo(ctx, !jsonOut && !summary && c.interactive(), jsonOut, theme)
			}
			if jsonOut || summary || !c.interactive() {
				start := time.Now()
				data := demo.Generate(demo.Options{Seed: seed, Transactions: size, End: start})
				st, closeDB, err := store.OpenMemory(ctx)
				if err != nil {
					return err
				}
				defer closeDB()
				if err := loadDemo(ctx, st, data, start); err != nil {
					return err
				}
				if jsonOut {
					return c.printBalances(ctx, st, true)
				}
				return c.demoSummary(ctx, st, data, time.Since(start))
			}
			return c.runDemo(ctx, size, seed, theme, !noLive, every)
		},
	}
}

func (c *cli) demoSummary(ctx context.Context, st *store.Store, data *demo.Data, took time.Duration) error {
	n, err := st.CountTransactions(ctx, store.TxQuery{})
	if err != nil {
		return err
	}
	first, last := data.Transactions[0].Posted, data.Transactions[len(data.Transactions)-1].Posted
	fmt.Fprintf(c.stdout, "Penny demo: %d transactions at %d merchants, %s to %s, generated in memory in %s.\n\n",
		n, len(data.Merchants()), first.Format(store.DateLayout), last.Format(store.DateLayout), took.Round(time.Millisecond))
	if err := c.printBalances(ctx, st, false); err != nil {
		return err
	}
	recent, err := st.Transactions(ctx, store.TxQuery{Limit: 8})
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "\nLatest transactions:")
	if err := c.printTransactions(recent, false); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "\nNothing was written to disk. Create your own vault with `penny init`.")
	return nil
}

// loadDemo loads generated data into st and evaluates the alert rules over
// it, as an import would, so that the Alerts conversation has the price
// increase, duplicate and large charge of the history's last weeks.
func loadDemo(ctx context.Context, st *store.Store, data *demo.Data, now time.Time) error {
	if _, err := demo.Load(ctx, st, data); err != nil {
		return err
	}
	if _, err := alerts.EvaluateAll(ctx, st, now); err != nil {
		return fmt.Errorf("demo: alerts: %w", err)
	}
	return nil
}

// runDemo opens the chat on generated data in memory. The chat may write its
// history and settings there; all of it is gone when the demo ends. With
// live, the demo's feed imports a new transaction every few seconds while
// the chat is open, and the chat looks for news every second to show it.
func (c *cli) runDemo(ctx context.Context, size int, seed int64, theme string, live bool, every time.Duration) error {
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	now := time.Now()
	data := demo.Generate(demo.Options{Seed: seed, Transactions: size, End: now})
	if err := loadDemo(ctx, st, data, now); err != nil {
		return err
	}
	opt := ui.Options{Store: st, Asker: assistant.New(st, assistant.Options{}), Title: "Penny demo", Theme: theme}
	if !live {
		return ui.Run(ctx, opt)
	}
	opt.RefreshEvery = time.Second
	// Stopped before the store closes: no import is left half done.
	r := feed.Start(ctx, feed.New(st, data, feed.Options{Every: every}))
	err = ui.Run(ctx, opt)
	if ferr := r.Stop(); ferr != nil && err == nil {
		err = fmt.Errorf("the live feed stopped: %w", ferr)
	}
	return err
}
