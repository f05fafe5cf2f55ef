package main

import (
	"context"
	"flag"
	"fmt"

	"penny/internal/jsonout"
	"penny/store"
)

func cmdBalance() *command {
	var jsonOut bool
	return &command{
		name:    "balance",
		summary: "list accounts with their balances",
		help: `Balances are what Penny computed from the transactions it holds (pending ones
excluded; "available" includes them). Totals are per currency: currencies
are never added together.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("balance takes no arguments")
			}
			v, err := c.openVault(ctx, true)
			if err != nil {
				return err
			}
			defer v.Close()
			return c.printBalances(ctx, v.Store(), jsonOut)
		},
	}
}

func (c *cli) printBalances(ctx context.Context, st *store.Store, jsonOut bool) error {
	accounts, err := st.Accounts(ctx)
	if err != nil {
		return err
	}
	totals, err := st.Totals(ctx)
	if err != nil {
		return err
	}
	if jsonOut {
		return jsonout.Write(c.stdout, jsonout.BalanceOf(accounts, totals))
	}
	if len(accounts) == 0 {
		fmt.Fprintln(c.stdout, "No accounts yet. Import a bank file with `penny import FILE`.")
		return nil
	}
	t := &table{header: []string{"ACCOUNT", "TYPE", "BALANCE", "AVAILABLE", "AS OF"}, right: map[int]bool{2: true, 3: true}}
	for _, a := range accounts {
		d := ""
		if p := jsonout.AsOf(a); p != nil {
			d = *p
		}
		t.add(a.Name, a.Type, a.Balance.Format(), a.Available().Format(), d)
	}
	for _, tot := range totals {
		t.add("Total "+tot.Currency, "", tot.Balance.Format(), "", "")
	}
	return c.writeTable(t)
}
