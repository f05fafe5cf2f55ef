package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"penny/assistant"
	"penny/internal/jsonout"
	"penny/money"
	"penny/sanitize"
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
			c.printReply(reply)
			return nil
		},
	}
}

// printReply renders an answer for a terminal or a pipe: its text, then its
// table or chart, then suggestions. Everything is sanitized: answers quote
// bank text.
func (c *cli) printReply(r assistant.Reply) {
	for _, line := range strings.Split(r.Text, "\n") {
		fmt.Fprintln(c.stdout, sanitize.Line(line))
	}
	if t := r.Table; t != nil && len(t.Rows) > 0 {
		fmt.Fprintln(c.stdout)
		tab := &table{header: t.Columns, right: map[int]bool{}}
		for i, right := range t.Right {
			tab.right[i] = right
		}
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, cell := range row {
				cells[i] = cell.Text
			}
			tab.add(cells...)
		}
		_ = tab.write(c.stdout)
	}
	if ch := r.Chart; ch != nil && len(ch.Values) > 0 {
		fmt.Fprintln(c.stdout)
		c.printChart(ch)
	}
	if len(r.Suggestions) > 0 {
		fmt.Fprintln(c.stdout)
		for _, s := range r.Suggestions {
			fmt.Fprintln(c.stdout, "  → "+sanitize.Line(s))
		}
	}
}

func (c *cli) printChart(ch *assistant.Chart) {
	if ch.Title != "" {
		fmt.Fprintln(c.stdout, sanitize.Line(ch.Title))
	}
	if ch.Kind == "sparkline" {
		fmt.Fprintln(c.stdout, sparkline(ch.Values))
		return
	}
	width := 0
	var peak int64
	for i, v := range ch.Values {
		if i < len(ch.Labels) {
			width = max(width, ansi.StringWidth(sanitize.Line(ch.Labels[i])))
		}
		peak = max(peak, abs64(v))
	}
	width = min(width, 28)
	for i, v := range ch.Values {
		label := ""
		if i < len(ch.Labels) {
			label = ansi.Truncate(sanitize.Line(ch.Labels[i]), width, "…")
		}
		bar := 0
		if peak > 0 {
			bar = int(abs64(v) * 30 / peak)
		}
		fmt.Fprintf(c.stdout, "%s%s  %s %s\n", label, strings.Repeat(" ", width-ansi.StringWidth(label)),
			strings.Repeat("█", max(bar, 1)), money.New(v, ch.Currency).Format())
	}
}

func sparkline(values []int64) string {
	const ticks = "▁▂▃▄▅▆▇█"
	runes := []rune(ticks)
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	var b strings.Builder
	for _, v := range values {
		i := 0
		if hi > lo {
			i = int((v - lo) * int64(len(runes)-1) / (hi - lo))
		}
		b.WriteRune(runes[i])
	}
	return b.String()
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
