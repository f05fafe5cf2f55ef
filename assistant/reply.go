// Package assistant is Penny's chat brain: a deterministic, offline intent
// parser (no model, no network) that turns a question into an intent and
// slots, asks the store, and answers with text plus an optional table or
// chart. The chat in ui/ and `penny ask` both use it.
//
// Intents: balance (one account, a type such as credit cards, or net worth;
// "as of" a past period's end), spending and income (by category, merchant,
// month or account, optionally compared with another period), refunds
// (money back from merchants, netted against spending), search
// (merchant, text, amount range, dates, category, pending), largest,
// top (merchants or categories), subscriptions (monthly recurring charges
// found in the history, with price changes), cashflow, duplicates,
// categorize ("categorize X as Y": a rule plus the history moved), rename
// ("rename X to Y": a merchant's display name), alerts,
// alert_settings (low-balance and large-charge thresholds, rules on and
// off, quiet hours and notification privacy, read or changed; see
// alertset.go), sync (says how live sync is set up; the chat never goes
// online), help, future (what has not happened yet: Penny knows only what
// did), action (pay, transfer, buy: Penny only reads, and says so), and
// unknown.
//
// Reply.Slots keys, all plain JSON values: account or accounts,
// account_type, net_worth, category or categories, merchant or merchants,
// text, period with from and to ("2026-03-01"), period_all_time,
// period_default (the period was chosen, not asked), compare with
// compare_from and compare_to, min and max with min_minor and max_minor,
// currency, pending, by, limit, direction ("in" or "out"), new_category and
// pattern; for alert settings rule or rules, threshold with threshold_minor,
// on, quiet_hours and details.
//
// Money rules: spending is money out that has posted and is not a transfer
// between the user's own accounts, income the same for money in; pending
// rows are left out of totals unless asked for, and said. Sums are kept per
// currency and never added across currencies. Names are matched with typo
// tolerance; when a word fits several names the reply asks which, and when
// a name was read from a typo or a synonym the reply says so.
//
// Bank text in replies (payees, account names) is passed through unchanged:
// whoever prints it sanitizes it.
package assistant

import (
	"context"
	"encoding/json"

	"penny/internal/jsonout"
	"penny/money"
)

// Reply is Penny's answer to one question. Scripts see it as
// jsonout.Ask (Reply.JSON), the document `penny ask --json` prints.
type Reply struct {
	// Intent names what was understood: "balance", "spending", "search"...;
	// "unknown" when nothing was.
	Intent string
	// Slots are the parts of the question that were recognized: account,
	// category, merchant, period (with its from/to dates), amount range...
	Slots map[string]any
	// Text is the answer in a sentence or two, for people. It may hold bank
	// text: whoever prints it sanitizes it.
	Text string
	// Data is the answer's numbers for scripts (`penny ask --json`), one
	// of the shapes of package jsonout: amounts as decimal strings with
	// *_minor integer twins.
	Data jsonout.AskData
	// Table and Chart are optional visual parts of the answer.
	Table *Table
	Chart *Chart
	// Suggestions are follow-up questions, or what Penny could have meant
	// when it was unsure.
	Suggestions []string
	// Outcome says what kind of reply this is: OutcomeAnswered (the text
	// and data answer the question), OutcomeAsked (Penny asks back, with
	// choices in Suggestions) or OutcomeDeclined (Penny could not or may not
	// answer, and says why).
	Outcome string
}

// JSON is the reply as `penny ask --json` prints it: slots are {} when
// the question gave none.
func (r Reply) JSON() jsonout.Ask {
	slots := r.Slots
	if slots == nil {
		slots = map[string]any{}
	}
	return jsonout.Ask{Intent: r.Intent, Slots: slots, Text: r.Text, Data: r.Data, Suggestions: r.Suggestions, Outcome: r.Outcome}
}

// MarshalJSON writes the reply as its document, so that encoding a Reply
// and printing `penny ask --json` agree.
func (r Reply) MarshalJSON() ([]byte, error) { return json.Marshal(r.JSON()) }

// Outcomes of a Reply.
const (
	OutcomeAnswered = "answered"
	OutcomeAsked    = "asked"
	OutcomeDeclined = "declined"
)

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
