package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"penny/assistant"
	"penny/assistant/plain"
	"penny/internal/jsonout"
)

func cmdAsk() *command {
	var jsonOut bool
	return &command{
		name:    "ask",
		args:    "QUESTION",
		summary: "answer one question like the chat does",
		help: `Examples:
  penny ask "balance"
  penny ask "what did I spend on groceries last month?"
  penny ask "largest transactions since Jan 5" --json
  penny ask "categorize blue bottle as coffee"

--json prints {"intent", "slots", "text", "data"}; amounts in data are decimal
strings with *_minor integer twins.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			q := strings.TrimSpace(strings.Join(args, " "))
			if q == "" {
				return usagef("ask needs a question, for example: penny ask \"balance\"")
			}
			// Most questions only read, but "categorize X as Y" writes: open
			// for writing (a write waits for another Penny's write to end),
			// and still answer read-only when the data folder cannot be
			// written.
			v, err := c.openVault(ctx, false)
			var noWrite error
			if cannotWrite(err) {
				noWrite = err
				v, err = c.openVaultQuiet(ctx, true)
			}
			if err != nil {
				return err
			}
			defer v.Close()
			reply, err := assistant.New(v.Store(), assistant.Options{}).Ask(ctx, q)
			if err != nil {
				if noWrite != nil && writeRefused(err) {
					return fmt.Errorf("%q changes the vault, which this Penny opened read-only: %w", q, noWrite)
				}
				return err
			}
			// An answer given while another Penny is in the middle of a
			// write is the state before that write.
			c.noteWriter()
			if jsonOut {
				return jsonout.Write(c.stdout, reply.JSON())
			}
			return plain.ReplyWidth(c.stdout, reply, c.width())
		},
	}
}
