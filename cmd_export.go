package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"penny/export"
)

func cmdExport() *command {
	var (
		format, account, since, until, out string
	)
	return &command{
		name:    "export",
		summary: "export transactions (csv, json, ledger, beancount)",
		help: `Writes to stdout, or to --out FILE (created 0600; the file is not
encrypted, so keep it somewhere safe). Without --format, the format follows
the extension of --out (.csv, .json, .ledger/.journal, .beancount).

ledger is a journal that both ledger and hledger read; it and beancount hold
posted transactions only, with own accounts under Assets: and Liabilities:,
categories under Expenses: and Income:, each transfer between own accounts
as one transaction, and the balances your bank reported as balance
assertions where Penny's transactions agree with them. csv and json list
every row, pending ones marked.

Examples:
  penny export --format ledger --out ~/money.journal && hledger -f ~/money.journal bal
  penny export --format beancount --since 2026-01-01 > 2026.beancount
  penny export --format csv --account checking --since 90d`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&format, "format", "", "`FORMAT`: "+strings.Join(export.Formats(), ", "))
			fs.StringVar(&account, "account", "", "only this account (name, or a unique part of it)")
			fs.StringVar(&since, "since", "", "first date to include")
			fs.StringVar(&until, "until", "", "last date to include")
			fs.StringVar(&out, "out", "", "write to this `FILE` instead of stdout")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("export takes no arguments (did you mean --out %s?)", args[0])
			}
			opt, err := exportOptions(format, out, since, until)
			if err != nil {
				return err
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
				opt.AccountIDs = []int64{a.ID}
			}
			if out == "" {
				return export.Write(ctx, c.stdout, st, opt)
			}
			if err := writeFileAtomic(out, func(w io.Writer) error { return export.Write(ctx, w, st, opt) }); err != nil {
				return err
			}
			fmt.Fprintf(c.stderr, "Exported to %s (%s, not encrypted).\n", out, opt.Format)
			return nil
		},
	}
}

func exportOptions(format, out, since, until string) (export.Options, error) {
	var opt export.Options
	switch {
	case format != "":
		f, err := export.ParseFormat(format)
		if err != nil {
			return opt, usageError{err.Error()}
		}
		opt.Format = f
	case out != "":
		f, ok := export.FormatForFile(out)
		if !ok {
			return opt, usagef("choose a format with --format %s", strings.Join(export.Formats(), "|"))
		}
		opt.Format = f
	default:
		return opt, usagef("choose a format with --format %s", strings.Join(export.Formats(), "|"))
	}
	now := time.Now()
	var err error
	if opt.Since, err = parseDay(since, now, false); err != nil {
		return opt, usagef("--since: %v", err)
	}
	if opt.Until, err = parseDay(until, now, true); err != nil {
		return opt, usagef("--until: %v", err)
	}
	if !opt.Since.IsZero() && !opt.Until.IsZero() && opt.Until.Before(opt.Since) {
		return opt, usagef("--until %s is before --since %s", until, since)
	}
	return opt, nil
}

// writeFileAtomic writes a file Penny makes for the user: 0600, written to
// a temp file beside it and renamed over it only when complete, so a failed
// export never leaves half a file or clobbers the previous one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	ok = true
	return nil
}
