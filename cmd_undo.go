package main

import (
	"context"
	"flag"
	"fmt"

	"penny/corrections"
	"penny/internal/jsonout"
)

func cmdUndo() *command {
	var dryRun, jsonOut bool
	return &command{
		name:    "undo",
		summary: "take back the last account rename, currency change or transaction delete",
		help: `Undoes the last of these, exactly: 'penny account rename' (the old name is
back), 'penny account currency' (the old currency is back) and 'penny tx
delete' (the rows are back as they were, and a later import of their file
finds them there). Only the last one is kept: after an undo there is nothing
more to undo. Imports are not undone. The chat's /undo does the same.

An undo that no longer fits what is in the vault (the account was renamed
again since, a row like the deleted one is back) is refused and changes
nothing.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&dryRun, "dry-run", false, "say what would be undone; change nothing")
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
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
				ch, ok, err := corrections.Last(ctx, st)
				if err != nil {
					return err
				}
				switch {
				case jsonOut:
					doc := jsonout.Undo{DryRun: true}
					if ok {
						doc.Change = jsonout.ChangeOf(ch)
					}
					return jsonout.Write(c.stdout, doc)
				case !ok:
					fmt.Fprintln(c.stdout, "Nothing to undo.")
				default:
					fmt.Fprintf(c.stdout, "penny undo would take back: %s (%s).\n", sanitizeLine(ch.What), ch.At.Local().Format("Jan 2 15:04"))
				}
				return nil
			}
			ch, err := corrections.Undo(ctx, st)
			if err != nil {
				return err
			}
			if jsonOut {
				return jsonout.Write(c.stdout, jsonout.Undo{Change: jsonout.ChangeOf(ch)})
			}
			fmt.Fprintf(c.stdout, "Undone: %s.\n", sanitizeLine(ch.What))
			return nil
		},
	}
}
