package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"penny/internal/hugeheap"
	"strings"
	"sync"

	"penny/fileimport"
	"penny/formats/detect"
	"penny/ingest"
	"penny/internal/jsonout"
	"penny/internal/progress"
	"penny/money"
	"penny/store"
)

func cmdImport() *command {
	var (
		account, format, rules, currency string
		dryRun, jsonOut                  bool
	)
	return &command{
		name:    "import",
		args:    "FILE...",
		summary: "import bank files (OFX/QFX/QBO, QIF, CSV, CAMT.053)",
		help: `The format is told from each file's content; --format overrides it. All the
files of one command are applied together, in one transaction, or not at all:
a file that cannot be read is refused with its name, line and field, and
nothing is written. Importing the same file twice changes nothing, and
transactions you deleted never come back.

Without --account, accounts are matched (or created) from what the file says;
with it, everything goes into the account of that name, created if needed.
A CSV file is read with the rules in --rules, or in FILE.rules beside it
(hledger's format), or by detecting its layout.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&account, "account", "", "file everything into the account of this name")
			fs.StringVar(&format, "format", "", "the files' format: "+strings.Join(importFormats(), ", "))
			fs.StringVar(&rules, "rules", "", "CSV rules file (hledger style)")
			fs.StringVar(&currency, "currency", "", "currency of files that do not say (QIF, some CSV); default USD")
			fs.BoolVar(&dryRun, "dry-run", false, "show what would change; write nothing")
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) == 0 {
				return usagef("name at least one file to import")
			}
			if currency != "" {
				if _, err := money.Lookup(currency); err != nil {
					return usagef("--currency: %v", err)
				}
			}
			// What can be told from a stat is told before the unlock and
			// the write lock: a FIFO, a device, a folder, a file larger
			// than any bank's.
			for _, p := range args {
				if err := detect.CheckFile(p); err != nil {
					return fmt.Errorf("import refused, nothing was written: %w", err)
				}
			}
			o := importOptions{account: account, format: format, rules: rules, currency: currency, dryRun: dryRun, json: jsonOut}
			// The files are read and parsed while the vault opens (most
			// of the open is waiting for the keyring), into the heap
			// reserved meanwhile.
			early := c.readAhead(ctx, args, o, reserveHeap(args))
			defer early.cancel()
			v, err := c.openVault(ctx, false)
			if err != nil {
				return err
			}
			defer v.Close()
			o.early = early
			return c.runImport(ctx, v, args, o)
		},
	}
}

// importReport is the --json document of an import.
func importReport(parsed []*detect.Parsed, res *ingest.Result) jsonout.Import {
	out := jsonout.Import{DryRun: res.DryRun, Files: []jsonout.ImportFile{}, Accounts: []jsonout.ImportAccount{}, Alerts: []jsonout.AlertHead{}}
	for _, a := range res.Alerts {
		out.Alerts = append(out.Alerts, jsonout.AlertHeadOf(a))
	}
	for _, p := range parsed {
		notes := p.Notes
		if notes == nil {
			notes = []string{}
		}
		out.Files = append(out.Files, jsonout.ImportFile{File: p.Path, Format: p.Format, Statements: len(p.Statements),
			Transactions: transactionsIn(p), Notes: notes})
	}
	for _, a := range res.Accounts {
		j := jsonout.ImportAccount{ID: a.AccountID, Account: a.Account, Currency: a.Currency, Created: a.Created, New: a.New,
			Duplicates: a.Duplicates, Tombstoned: a.Tombstoned, PendingReplaced: a.PendingReplaced, Transfers: a.Transfers}
		if b := a.Balance; b != nil {
			j.BalanceCheck = &jsonout.BalanceCheck{Date: b.Date.Format(store.DateLayout), Bank: b.Bank.String(), BankMinor: b.Bank.Minor,
				Computed: b.Computed.String(), ComputedMinor: b.Computed.Minor, OK: b.OK(), OpeningSet: b.OpeningSet}
		}
		out.Accounts = append(out.Accounts, j)
	}
	return out
}

// transactionsIn counts the transactions of a parsed file's statements.
func transactionsIn(p *detect.Parsed) int {
	n := 0
	for _, s := range p.Statements {
		n += len(s.Transactions)
	}
	return n
}

func (c *cli) printImport(parsed []*detect.Parsed, res *ingest.Result) {
	for _, p := range parsed {
		fmt.Fprintf(c.stdout, "%s: %s, %d statement(s), %d transaction(s)\n", sanitizeLine(p.Path), p.Format, len(p.Statements), transactionsIn(p))
		for _, note := range p.Notes {
			fmt.Fprintf(c.stdout, "  note: %s\n", sanitizeLine(note))
		}
	}
	if len(res.Accounts) == 0 {
		fmt.Fprintln(c.stdout, "No account statements in these files.")
	}
	for _, a := range res.Accounts {
		name := sanitizeLine(a.Account)
		if a.Created {
			name += " (new account)"
		}
		fmt.Fprintf(c.stdout, "%s: %s\n", name, a.Counts())
		if a.Created && a.CurrencyAssumed && !res.DryRun {
			fmt.Fprintf(c.stdout, "  currency %s assumed (the file does not say); if it is another: penny account currency %s CODE\n",
				a.Currency, shellQuote(sanitizeLine(a.Account)))
		}
		if b := a.Balance; b != nil {
			switch {
			case b.OpeningSet:
				fmt.Fprintf(c.stdout, "  balance %s on %s, as the bank reports (opening balance set from it)\n", b.Bank.Format(), b.Date.Format(store.DateLayout))
			case b.OK():
				fmt.Fprintf(c.stdout, "  balance %s on %s matches the bank ✓\n", b.Bank.Format(), b.Date.Format(store.DateLayout))
			default:
				fmt.Fprintf(c.stdout, "  balance MISMATCH on %s: the bank says %s, Penny computes %s (see `penny alerts`)\n",
					b.Date.Format(store.DateLayout), b.Bank.Format(), b.Computed.Format())
			}
		}
	}
	if n := len(res.Alerts); n > 0 {
		verb := "raised"
		if res.DryRun {
			verb = "would raise"
		}
		fmt.Fprintf(c.stdout, "This import %s %d alert(s):\n", verb, n)
		for i, a := range res.Alerts {
			if i == 8 {
				fmt.Fprintf(c.stdout, "  … and %d more: see `penny alerts`\n", n-i)
				break
			}
			fmt.Fprintf(c.stdout, "  • %s\n", sanitizeLine(a.Title))
		}
	}
	if res.DryRun {
		fmt.Fprintln(c.stdout, "Dry run: nothing was written.")
	}
}

// shellQuote quotes s for a command line a person copies, when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:/@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

type importOptions struct {
	account, format, rules, currency string
	dryRun, json                     bool
	// early, when set, is the files' reading begun before the vault was
	// open.
	early *earlyRead
}

// importInto imports files into an open vault with the default options,
// printing the summary: the first-run setup uses it.
func (c *cli) importInto(ctx context.Context, v *sealedStore, paths []string) error {
	reserveHeap(paths)()
	return c.runImport(ctx, v, paths, importOptions{})
}

// reserveHeap starts reserving the heap an import of paths grows to, and
// returns the wait for it to be done. An import's heap grows to tens of
// times its files (rows, keys, the statement's strings): huge pages spare
// it most of its page faults. The reservation is address space, not
// memory.
func reserveHeap(paths []string) (wait func()) {
	var size int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			size += st.Size()
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		hugeheap.Reserve(int(min(max(48*size, 64*hugeheap.MiB), 1024*hugeheap.MiB)))
	}()
	return func() { <-done }
}

// earlyRead is the reading of an import's files begun before the vault
// was open (readAhead).
type earlyRead struct {
	late   *lateProgress
	done   chan struct{}
	read   *fileimport.ReadFiles
	err    error
	cancel context.CancelFunc
}

// readAhead starts reading and parsing paths for an import with o, once
// reserved (the heap's reservation) is done, reporting to a progress line
// that comes later: the vault's open may be asking for a passphrase.
func (c *cli) readAhead(ctx context.Context, paths []string, o importOptions, reserved func()) *earlyRead {
	ctx, cancel := context.WithCancel(ctx)
	e := &earlyRead{late: &lateProgress{}, done: make(chan struct{}), cancel: cancel}
	opt := c.fileOptions(o)
	opt.Reading = e.late.reading
	go func() {
		defer close(e.done)
		reserved()
		e.read, e.err = fileimport.Read(progress.With(ctx, e.late.report), importFiles(paths), opt)
	}()
	return e
}

func importFiles(paths []string) []fileimport.File {
	files := make([]fileimport.File, len(paths))
	for i, p := range paths {
		files[i] = fileimport.File{Path: p}
	}
	return files
}

// fileOptions are the options of fileimport for an import with o.
func (c *cli) fileOptions(o importOptions) fileimport.Options {
	return fileimport.Options{
		Detect: detect.Options{Format: o.format, RulesFile: o.rules, Currency: o.currency},
		Ingest: ingest.Options{AccountName: o.account, DryRun: o.dryRun},
		Limit:  c.limitMiB() << 20,
	}
}

func (c *cli) runImport(ctx context.Context, v *sealedStore, paths []string, o importOptions) error {
	prog := c.progress()
	defer prog.done()
	ctx = progress.With(ctx, prog.report)
	if c.sizeLimitMiB > 0 {
		if err := v.SetSizeLimit(ctx, c.sizeLimitMiB<<20); err != nil {
			return err
		}
	}
	opt := c.fileOptions(o)
	opt.Reading = prog.reading
	if o.early != nil {
		o.early.late.attach(prog)
	}
	res, err := c.apply(ctx, func(ctx context.Context) (*fileimport.Result, error) {
		e := o.early
		if e == nil {
			return fileimport.Run(ctx, v.Store(), importFiles(paths), opt)
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		if e.err != nil {
			return nil, e.err
		}
		return e.read.Run(ctx, v.Store(), opt)
	})
	prog.done()
	var full *fileimport.FullError
	switch {
	case errors.Is(err, errAbandoned) || err != nil && ctx.Err() != nil:
		// Cancelled before the save renamed the new vault into place: the
		// file on disk is as it was. (A save that got that far finishes,
		// and the import stands.)
		return importCancelled(ctx)
	case errors.As(err, &full):
		// Refused before inserting: the estimate's own words.
		return fmt.Errorf("import refused, nothing was written: %w", err)
	case err != nil && isFull(err):
		return fmt.Errorf("import refused, nothing was written: the vault would exceed %d MiB, the most Penny keeps in one vault",
			c.limitMiB())
	case err != nil:
		return fmt.Errorf("import refused, nothing was written: %w", err)
	}
	if o.json {
		return jsonout.Write(c.stdout, importReport(res.Parsed, res.Result))
	}
	c.printImport(res.Parsed, res.Result)
	return nil
}

// errAbandoned is apply's error for an import it stopped waiting for.
var errAbandoned = errors.New("import abandoned")

// apply runs the import on its own goroutine, so that a cancelled import
// ends the command at once. What cancelled work has left to do is rolling
// back its transaction, which the process's exit discards anyway, and which
// for a large import takes longer than a person who pressed Ctrl-C should
// wait. Only an import that reported ingest.PhaseSave before the
// cancellation is waited for: its save either stops at its next look at the
// context or finishes its rename, and what the command says must match.
// Any other import commits nothing once cancelled, so apply returns
// errAbandoned without waiting for it.
func (c *cli) apply(ctx context.Context, run func(context.Context) (*fileimport.Result, error)) (*fileimport.Result, error) {
	var (
		mu     sync.Mutex
		saving bool
	)
	ctx = progress.With(ctx, func(phase string, done, total int64) {
		if phase == ingest.PhaseSave {
			mu.Lock()
			saving = true
			mu.Unlock()
		}
	})
	type outcome struct {
		res *fileimport.Result
		err error
	}
	out := make(chan outcome, 1)
	go func() {
		res, err := run(ctx)
		out <- outcome{res, err}
	}()
	select {
	case o := <-out:
		return o.res, o.err
	case <-ctx.Done():
	}
	mu.Lock()
	s := saving
	mu.Unlock()
	if !s {
		return nil, errAbandoned
	}
	o := <-out
	return o.res, o.err
}

// importCancelled is the error of an import stopped by ctx (Ctrl-C,
// SIGTERM) before anything was written.
func importCancelled(ctx context.Context) error {
	return cancelledError{msg: "import cancelled; nothing was written.", cause: context.Cause(ctx)}
}

// limitMiB is the vault size limit of this run.
func (c *cli) limitMiB() int64 {
	if c.sizeLimitMiB > 0 {
		return c.sizeLimitMiB
	}
	return vaultLimitMiB
}
