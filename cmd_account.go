package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"penny/internal/jsonout"
	"penny/money"
	"penny/store"
)

func cmdAccount() *command {
	var jsonOut bool
	return &command{
		name:    "account",
		args:    "list|rename|currency",
		summary: "list the accounts, rename one, or set its currency",
		help: `penny account list
    The accounts: name, currency, type, transactions, institution.
penny account rename NAME NEW-NAME
    Call an account something else. Files that were filed into it by its old
    name keep going to it.
penny account currency NAME CODE
    Say which currency an account's amounts are in, when its files did not
    and Penny read them as USD. The amounts stay as they are, so the new
    currency must have as many decimals (DKK for USD, not JPY).

NAME may be a unique part of an account's name. 'penny undo' takes the last
rename or currency change back. --json prints one JSON document.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) == 0 {
				return usagef("say what to do: penny account list, rename NAME NEW-NAME, or currency NAME CODE")
			}
			switch what, rest := args[0], args[1:]; what {
			case "list":
				if len(rest) > 0 {
					return usagef("account list takes no arguments")
				}
				return c.listAccounts(ctx, jsonOut)
			case "rename":
				if len(rest) != 2 {
					return usagef("account rename takes two names: the account's and the new one (quote names with spaces)")
				}
				if strings.TrimSpace(rest[1]) == "" {
					return usagef("the new name is empty")
				}
				return c.renameAccount(ctx, rest[0], strings.TrimSpace(rest[1]), jsonOut)
			case "currency":
				if len(rest) != 2 {
					return usagef("account currency takes the account's name and a currency code (penny account currency Nordea DKK)")
				}
				cur, err := money.Lookup(rest[1])
				if err != nil {
					return usagef("%q is not a currency code Penny knows (ISO 4217: DKK, EUR, GBP...)", rest[1])
				}
				return c.setAccountCurrency(ctx, rest[0], cur.Code, jsonOut)
			default:
				return usagef("unknown account action %q: list, rename or currency", what)
			}
		},
	}
}

func (c *cli) listAccounts(ctx context.Context, jsonOut bool) error {
	v, err := c.openVault(ctx, true)
	if err != nil {
		return err
	}
	defer v.Close()
	all, err := v.Store().Accounts(ctx)
	if err != nil {
		return err
	}
	if jsonOut {
		return jsonout.Write(c.stdout, jsonout.AccountListOf(all))
	}
	if len(all) == 0 {
		fmt.Fprintln(c.stdout, "No accounts yet: import a bank file with `penny import FILE`.")
		return nil
	}
	t := &table{header: []string{"NAME", "CURRENCY", "TYPE", "TRANSACTIONS", "INSTITUTION"}, right: map[int]bool{3: true}}
	for _, a := range all {
		t.add(a.Name, a.Currency, a.Type, strconv.FormatInt(a.TxCount, 10), a.Institution)
	}
	return c.writeTable(t)
}

// openAccount opens the vault for writing and finds the account a command
// changes; the caller closes the vault.
func (c *cli) openAccount(ctx context.Context, name string) (*sealedStore, store.Account, error) {
	v, err := c.openVault(ctx, false)
	if err != nil {
		return nil, store.Account{}, err
	}
	a, err := c.findAccount(ctx, v.Store(), name)
	if err != nil {
		v.Close()
		return nil, store.Account{}, err
	}
	return v, a, nil
}

func (c *cli) renameAccount(ctx context.Context, name, to string, jsonOut bool) error {
	v, a, err := c.openAccount(ctx, name)
	if err != nil {
		return err
	}
	defer v.Close()
	st := v.Store()
	doc := jsonout.AccountChange{Account: jsonout.ListedAccountOf(a), Change: "rename", From: a.Name, To: to}
	if a.Name == to {
		if jsonOut {
			return jsonout.Write(c.stdout, doc)
		}
		fmt.Fprintf(c.stdout, "The account is called %q already.\n", sanitizeLine(to))
		return nil
	}
	if err := st.RenameAccount(ctx, a.ID, to); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return hintError{err: err, msg: fmt.Sprintf("another account is called %q", sanitizeLine(to)),
				hint: "Choose another name, or rename that account first."}
		}
		return err
	}
	if jsonOut {
		if a, err = st.Account(ctx, a.ID); err != nil {
			return err
		}
		doc.Account, doc.Changed = jsonout.ListedAccountOf(a), true
		return jsonout.Write(c.stdout, doc)
	}
	fmt.Fprintf(c.stdout, "Renamed account %q to %q. Files filed into it by its old name keep going to it.\n",
		sanitizeLine(a.Name), sanitizeLine(to))
	fmt.Fprintln(c.stdout, "`penny undo` takes the rename back.")
	return nil
}

func (c *cli) setAccountCurrency(ctx context.Context, name, code string, jsonOut bool) error {
	v, a, err := c.openAccount(ctx, name)
	if err != nil {
		return err
	}
	defer v.Close()
	st := v.Store()
	doc := jsonout.AccountChange{Account: jsonout.ListedAccountOf(a), Change: "currency", From: a.Currency, To: code}
	if a.Currency == code {
		if jsonOut {
			return jsonout.Write(c.stdout, doc)
		}
		fmt.Fprintf(c.stdout, "Account %q is in %s already.\n", sanitizeLine(a.Name), code)
		return nil
	}
	if err := st.SetAccountCurrency(ctx, a.ID, code); err != nil {
		if errors.Is(err, store.ErrCurrencyChange) {
			return hintError{err: err, msg: trimStorePrefix(err)}
		}
		return err
	}
	a, err = st.Account(ctx, a.ID)
	if err != nil {
		return err
	}
	if jsonOut {
		doc.Account, doc.Changed = jsonout.ListedAccountOf(a), true
		return jsonout.Write(c.stdout, doc)
	}
	fmt.Fprintf(c.stdout, "Account %q is in %s now: %d transaction(s), balance %s.\n",
		sanitizeLine(a.Name), a.Currency, a.TxCount, a.Balance.Format())
	fmt.Fprintln(c.stdout, "`penny undo` takes the change back.")
	return nil
}

// trimStorePrefix is a store error without the package names it came
// through.
func trimStorePrefix(err error) string {
	return strings.TrimPrefix(err.Error(), "store: ")
}
