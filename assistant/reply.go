// Package assistant is Penny's chat brain: a deterministic, offline intent
// parser (no model, no network) that turns a question into an intent and
// slots, asks the store, and answers with text plus an optional table or
// chart. The chat in ui/ and `penny ask` both use it.
package assistant

import (
	"context"

	"penny/money"
)

// Reply is Penny's answer to one question.
type Reply struct {
	// Intent names what was understood: "balance", "spending", "search"...;
	// "unknown" when nothing was.
	Intent string `json:"intent"`
	// Slots are the parts of the question that were recognized: account,
	// category, merchant, period (with its from/to dates), amount range...
	Slots map[string]any `json:"slots"`
	// Text is the answer in a sentence or two, for people. It may hold bank
	// text: whoever prints it sanitizes it.
	Text string `json:"text"`
	// Data is the answer's numbers for scripts (`penny ask --json`):
	// amounts as decimal strings with *_minor integer twins.
	Data any `json:"data"`
	// Table and Chart are optional visual parts of the answer.
	Table *Table `json:"-"`
	Chart *Chart `json:"-"`
	// Suggestions are follow-up questions, or what Penny could have meant
	// when it was unsure.
	Suggestions []string `json:"suggestions,omitempty"`
}

// Table is a small table of an answer.
type Table struct {
	Columns []string
	// Right marks columns to right-align (amounts).
	Right []bool
	Rows  [][]Cell
}

// Cell is one table cell. When Amount is set the cell is money, which the UI
// colors by sign; Text is then its formatted form.
type Cell struct {
	Text   string
	Amount *money.Amount
}

// Chart is a horizontal bar chart or a sparkline of amounts in one currency.
type Chart struct {
	Kind     string // "bars" or "sparkline"
	Title    string
	Labels   []string
	Values   []int64 // minor units
	Currency string
}

// Asker answers questions; the UI depends on this, not on the concrete
// assistant, so it can be tested with a fake.
type Asker interface {
	Ask(ctx context.Context, question string) (Reply, error)
	// Completions lists what tab can complete: account, category and
	// merchant names, and commands.
	Completions(ctx context.Context) ([]string, error)
}
