// Package export writes a vault's accounts and transactions for other tools,
// so that leaving Penny, or using it beside a plain-text ledger, costs
// nothing: CSV for spreadsheets, JSON for scripts, a journal that ledger and
// hledger read, and a beancount file.
//
// The two accounting formats hold the same double-entry view of the data:
// every own account is an Assets: or Liabilities: account, every category an
// Expenses: or Income: account (names.go, the one place that maps them), a
// transfer between two own accounts is one transaction with two postings,
// each currency is a commodity, and the balances the bank reported become
// balance assertions wherever Penny's transactions agree with them. Text
// from banks is hostile: every payee and memo is escaped for the format it
// goes into, so that no payee can end a line, start a directive or break the
// file.
//
// Rows are read a month at a time, so an export of a large vault does not
// hold every transaction in memory.
package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"penny/internal/suggest"
	"penny/store"
)

// Format is an output format.
type Format string

// The formats Write knows.
const (
	CSV       Format = "csv"
	JSON      Format = "json"
	Ledger    Format = "ledger" // ledger and hledger journal
	Beancount Format = "beancount"
)

// Formats lists the format names, in the order help text lists them.
func Formats() []string {
	return []string{string(CSV), string(JSON), string(Ledger), string(Beancount)}
}

// ParseFormat reads a format name; "hledger" and "journal" are Ledger.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "json":
		return JSON, nil
	case "ledger", "hledger", "journal":
		return Ledger, nil
	case "beancount", "bean":
		return Beancount, nil
	}
	if near, ok := suggest.Closest(s, append(Formats(), "hledger")); ok {
		return "", fmt.Errorf("unknown export format %q; did you mean %q?", s, near)
	}
	return "", fmt.Errorf("unknown export format %q (use %s)", s, strings.Join(Formats(), ", "))
}

// FormatForFile guesses the format from a file name's extension, for
// `--out FILE` without `--format`.
func FormatForFile(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, true
	case ".json":
		return JSON, true
	case ".ledger", ".journal", ".hledger", ".dat":
		return Ledger, true
	case ".beancount", ".bean":
		return Beancount, true
	}
	return "", false
}

// Options choose what Write exports.
type Options struct {
	Format Format
	// AccountIDs limits the export to these accounts; nil exports all.
	AccountIDs []int64
	// Since and Until bound the posted dates, inclusive; zero does not
	// bound.
	Since, Until time.Time
}

// Write exports the store's data in opt.Format to w.
func Write(ctx context.Context, w io.Writer, st *store.Store, opt Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch opt.Format {
	case CSV:
		err = writeCSV(ctx, bw, st, opt)
	case JSON:
		err = writeJSON(ctx, bw, st, opt)
	case Ledger:
		err = writeJournal(ctx, bw, st, opt, ledgerSyntax{})
	case Beancount:
		err = writeJournal(ctx, bw, st, opt, beancountSyntax{})
	default:
		err = fmt.Errorf("unknown export format %q", opt.Format)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// selectedAccounts returns every account and the ones opt selects.
func selectedAccounts(ctx context.Context, st *store.Store, opt Options) (all, selected []store.Account, err error) {
	all, err = st.Accounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(opt.AccountIDs) == 0 {
		return all, all, nil
	}
	want := map[int64]bool{}
	for _, id := range opt.AccountIDs {
		want[id] = true
	}
	for _, a := range all {
		if want[a.ID] {
			selected = append(selected, a)
		}
	}
	return all, selected, nil
}

// eachRow calls fn with every transaction opt selects, oldest first. pending
// nil includes pending rows. It reads one month at a time: a window of dates
// goes through the store's (account, date) index, where paging by offset
// would sort the whole table for every page.
func eachRow(ctx context.Context, st *store.Store, opt Options, pending *bool, fn func(store.Transaction) error) error {
	q := store.TxQuery{AccountIDs: opt.AccountIDs, Since: opt.Since, Until: opt.Until, Pending: pending, Limit: 1, Oldest: true}
	first, err := st.Transactions(ctx, q)
	if err != nil || len(first) == 0 {
		return err
	}
	q.Oldest = false
	last, err := st.Transactions(ctx, q)
	if err != nil || len(last) == 0 {
		return err
	}
	q.Limit, q.Oldest = 0, true
	end := last[0].Posted
	for from := first[0].Posted; !from.After(end); {
		to := from.AddDate(0, 1, 0)
		q.Since, q.Until = from, to.AddDate(0, 0, -1)
		if q.Until.After(end) {
			// Never past the last selected row: the window must not reach
			// beyond opt.Until.
			q.Until = end
		}
		rows, err := st.Transactions(ctx, q)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		from = to
	}
	return nil
}

// inRange reports whether day lies within opt's dates.
func (opt Options) inRange(day time.Time) bool {
	return (opt.Since.IsZero() || !day.Before(opt.Since)) && (opt.Until.IsZero() || !day.After(opt.Until))
}

const dateLayout = "2006-01-02"
