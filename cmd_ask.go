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
			// Most questions only read: they are answered from a read-only
			// open, which neither hashes the database for a later save nor
			// sets room aside for it to grow (at a million transactions
			// about 20 ms of the answer). One that writes ("categorize X as
			// Y") is refused there and asked again of a writable open, which
			// waits for another Penny's write to end; a passphrase given
			// for the first open is not asked for again.
			kept := &keptKey{}
			v, err := c.openVaultKeeping(ctx, true, kept)
			if err != nil {
				return err
			}
			defer func() {
				if v != nil {
					v.Close()
				}
			}()
			reply, err := assistant.New(v.Store(), assistant.Options{}).Ask(ctx, q)
			if err != nil && writeRefused(err) {
				v.Close()
				if v, err = c.openVaultKeeping(ctx, false, kept); err != nil {
					if cannotWrite(err) {
						return fmt.Errorf("%q changes the vault, which this Penny cannot write: %w", q, err)
					}
					return err
				}
				reply, err = assistant.New(v.Store(), assistant.Options{}).Ask(ctx, q)
			}
			clear(kept.kek)
			if err != nil {
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
