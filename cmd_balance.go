package main

import (
	"context"
	"flag"
	"fmt"

	"penny/store"
)

type balanceJSON struct {
	Accounts []accountJSON `json:"accounts"`
	Totals   []totalJSON   `json:"totals"`
}

type accountJSON struct {
	ID             int64   `json:"id"`
	Name           string  `json:"name"`
	Type           string  `json:"type"`
	Currency       string  `json:"currency"`
	Balance        string  `json:"balance"`
	BalanceMinor   int64   `json:"balance_minor"`
	Available      string  `json:"available"`
	AvailableMinor int64   `json:"available_minor"`
	AsOf           *string `json:"as_of"`
	Institution    string  `json:"institution"`
}

type totalJSON struct {
	Currency     string `json:"currency"`
	Balance      string `json:"balance"`
	BalanceMinor int64  `json:"balance_minor"`
	Accounts     int    `json:"accounts"`
}

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
		out := balanceJSON{Accounts: []accountJSON{}, Totals: []totalJSON{}}
		for _, a := range accounts {
			av := a.Available()
			out.Accounts = append(out.Accounts, accountJSON{
				ID: a.ID, Name: a.Name, Type: a.Type, Currency: a.Currency,
				Balance: a.Balance.String(), BalanceMinor: a.Balance.Minor,
				Available: av.String(), AvailableMinor: av.Minor,
				AsOf: asOf(a), Institution: a.Institution,
			})
		}
		for _, t := range totals {
			out.Totals = append(out.Totals, totalJSON{Currency: t.Currency, Balance: t.Balance.String(),
				BalanceMinor: t.Balance.Minor, Accounts: t.Accounts})
		}
		return writeJSON(c.stdout, out)
	}
	if len(accounts) == 0 {
		fmt.Fprintln(c.stdout, "No accounts yet. Import a bank file with `penny import FILE`.")
		return nil
	}
	t := &table{header: []string{"ACCOUNT", "TYPE", "BALANCE", "AVAILABLE", "AS OF"}, right: map[int]bool{2: true, 3: true}}
	for _, a := range accounts {
		d := ""
		if p := asOf(a); p != nil {
			d = *p
		}
		t.add(a.Name, a.Type, a.Balance.Format(), a.Available().Format(), d)
	}
	for _, tot := range totals {
		t.add("Total "+tot.Currency, "", tot.Balance.Format(), "", "")
	}
	return t.write(c.stdout)
}

// asOf is the date a balance is good for: the bank's balance date, else the
// newest transaction's date.
func asOf(a store.Account) *string {
	var d string
	switch {
	case !a.BankBalanceDate.IsZero():
		d = a.BankBalanceDate.Format(store.DateLayout)
	case !a.LastPosted.IsZero():
		d = a.LastPosted.Format(store.DateLayout)
	default:
		return nil
	}
	return &d
}
