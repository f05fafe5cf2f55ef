package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"penny/assistant"
	"penny/category"
	"penny/corrections"
	"penny/internal/jsonout"
	"penny/store"
)

func cmdTx() *command {
	var (
		jsonOut      bool
		account      string
		since, until string
		limit        int
		search, cat  string
	)
	return &command{
		name:    "tx",
		args:    "[delete ID...]",
		summary: "list transactions, newest first, or delete some",
		help: `penny tx lists transactions with their ids; penny tx delete ID... deletes
the transactions with those ids. A deleted transaction never comes back on a
later import of its file; 'penny undo' puts the last deletion back.

Dates are YYYY-MM-DD, "today", "yesterday", a number of days back such as
"30d", or a period as the chat reads one ("March 2025", "last month"): --since
takes its first day, --until its last. Both are inclusive. --limit 0 lists everything.
--search finds text in the payee or memo, any case; --category takes a
category or a parent, which covers its leaves ("Food & drink" lists
Groceries, Restaurants, Coffee...).`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
			fs.StringVar(&account, "account", "", "only this account (name, or a unique part of it)")
			fs.StringVar(&since, "since", "", "first date to include")
			fs.StringVar(&until, "until", "", "last date to include")
			fs.IntVar(&limit, "limit", 100, "at most this many transactions (0 for all)")
			fs.StringVar(&search, "search", "", "only rows whose payee or memo contains this `TEXT`")
			fs.StringVar(&cat, "category", "", "only this category, or a parent and its leaves")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 && args[0] == "delete" {
				if account != "" || since != "" || until != "" || search != "" || cat != "" {
					return usagef("tx delete takes ids only: list them with penny tx first")
				}
				return c.deleteTransactions(ctx, args[1:], jsonOut)
			}
			if len(args) > 0 {
				return usagef("tx takes no arguments but delete ID... (did you mean --account %q?)", strings.Join(args, " "))
			}
			if limit < 0 {
				return usagef("--limit must be 0 or more")
			}
			now := time.Now()
			q := store.TxQuery{Limit: limit}
			var err error
			if q.Since, err = parseDay(since, now, false); err != nil {
				return usagef("--since: %v", err)
			}
			if q.Until, err = parseDay(until, now, true); err != nil {
				return usagef("--until: %v", err)
			}
			if !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since) {
				return usagef("--until %s is before --since %s", until, since)
			}
			v, err := c.openVault(ctx, true)
			if err != nil {
				return err
			}
			defer v.Close()
			st := v.Store()
			if account != "" {
				a, err := c.findAccount(ctx, st, account)
				if err != nil {
					return err
				}
				q.AccountIDs = []int64{a.ID}
			}
			var txs []store.Transaction
			if search != "" || cat != "" {
				txs, err = searchTransactions(ctx, st, q, search, cat)
			} else {
				txs, err = st.Transactions(ctx, q)
			}
			if err != nil {
				return err
			}
			return c.printTransactions(txs, jsonOut)
		},
	}
}

func (c *cli) printTransactions(txs []store.Transaction, jsonOut bool) error {
	if jsonOut {
		return jsonout.Write(c.stdout, jsonout.TxListOf(txs))
	}
	if len(txs) == 0 {
		fmt.Fprintln(c.stdout, "No transactions match.")
		return nil
	}
	return c.writeTable(txTable(txs))
}

// txTable is transactions as a table for people, with the ids that
// `penny tx delete` takes.
func txTable(txs []store.Transaction) *table {
	t := &table{header: []string{"ID", "DATE", "ACCOUNT", "AMOUNT", "PAYEE", "CATEGORY"}, right: map[int]bool{0: true, 3: true}}
	for _, x := range txs {
		payee := x.Payee
		if x.Pending {
			payee += " (pending)"
		}
		t.add(strconv.FormatInt(x.ID, 10), x.Posted.Format(store.DateLayout), x.AccountName, x.Amount.Format(), payee, x.Category)
	}
	return t
}

// deleteTransactions deletes the transactions whose ids are given, all or
// none, and says which they were.
func (c *cli) deleteTransactions(ctx context.Context, args []string, jsonOut bool) error {
	if len(args) == 0 {
		return usagef("name the ids of the transactions to delete (penny tx lists them)")
	}
	ids, err := corrections.ParseIDs(args)
	if err != nil {
		return usagef("%v (penny tx lists them)", err)
	}
	v, err := c.openVault(ctx, false)
	if err != nil {
		return err
	}
	defer v.Close()
	gone, err := corrections.Delete(ctx, v.Store(), ids)
	if err != nil {
		return err
	}
	if jsonOut {
		return jsonout.Write(c.stdout, jsonout.Deleted{Deleted: jsonout.TxListOf(gone).Transactions})
	}
	fmt.Fprintf(c.stdout, "Deleted %d transaction(s):\n", len(gone))
	if err := c.writeTable(txTable(gone)); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "They will not come back on a later import. `penny undo` puts them back.")
	return nil
}

// parseDay reads a date flag: Nd (N days before today) or any period the
// chat understands ("2025-03-01", "today", "yesterday", "March 2025",
// "last month"): --since takes its first day, --until (end) its last. ""
// is no date.
func parseDay(s string, now time.Time, end bool) (time.Time, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if s == "" {
		return time.Time{}, nil
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && strings.HasSuffix(s, "d") && n >= 0 {
		return today.AddDate(0, 0, -n), nil
	}
	if strings.Trim(s, "0123456789-") == "" {
		// Digits and dashes are a calendar date, read strictly.
		if t, err := time.Parse(store.DateLayout, s); err == nil {
			return t, nil
		}
		return time.Time{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD)", s)
	}
	if p, ok := assistant.PeriodOf(s, now); ok && !p.AllTime {
		if end && !p.To.IsZero() {
			return p.To, nil
		}
		if !end && !p.From.IsZero() {
			return p.From, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD, today, yesterday, 30d or a period such as \"March 2025\")", s)
}

// searchTransactions is the list for --search and --category: text in the
// payee or memo, and a category that covers its leaves (category.Expand); a
// name outside the taxonomy is the user's own category, matched exactly.
func searchTransactions(ctx context.Context, st *store.Store, q store.TxQuery, text, cat string) ([]store.Transaction, error) {
	rq := store.ReportQuery{AccountIDs: q.AccountIDs, Since: q.Since, Until: q.Until, Text: strings.TrimSpace(text)}
	if cat != "" {
		rq.Categories = category.Expand(cat)
		if rq.Categories == nil {
			rq.Categories = []string{strings.TrimSpace(cat)}
		}
	}
	return st.SearchTransactions(ctx, rq, store.NewestFirst, q.Limit)
}
