package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"penny/store"
)

func cmdUndo() *command {
	var dryRun bool
	return &command{
		name:    "undo",
		summary: "take back the last account rename, currency change or transaction delete",
		help: `Undoes the last of these, exactly: 'penny account rename' (the old name is
back), 'penny account currency' (the old currency is back) and 'penny tx
delete' (the rows are back as they were, and a later import of their file
finds them there). Only the last one is kept: after an undo there is nothing
more to undo. Imports are not undone.

An undo that no longer fits what is in the vault (the account was renamed
again since, a row like the deleted one is back) is refused and changes
nothing.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&dryRun, "dry-run", false, "say what would be undone; change nothing")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("undo takes no arguments")
			}
			v, err := c.openVault(ctx, dryRun)
			if err != nil {
				return err
			}
			defer v.Close()
			st := v.Store()
			if dryRun {
				ch, ok, err := st.LastChange(ctx)
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(c.stdout, "Nothing to undo.")
					return nil
				}
				fmt.Fprintf(c.stdout, "penny undo would take back: %s (%s).\n", sanitizeLine(ch.What), ch.At.Local().Format("Jan 2 15:04"))
				return nil
			}
			ch, err := st.Undo(ctx)
			if errors.Is(err, store.ErrNothingToUndo) {
				return hintError{err: err, msg: "nothing to undo",
					hint: "penny undo takes back the last 'penny account rename', 'penny account currency' or 'penny tx delete'."}
			}
			if err != nil {
				return hintError{err: err, msg: "cannot undo: " + trimStorePrefix(err)}
			}
			fmt.Fprintf(c.stdout, "Undone: %s.\n", sanitizeLine(ch.What))
			return nil
		},
	}
}

// trimStorePrefix is a store error without the package names it came
// through.
func trimStorePrefix(err error) string {
	msg := strings.TrimPrefix(err.Error(), "store: undo: ")
	return strings.TrimPrefix(msg, "store: ")
}
