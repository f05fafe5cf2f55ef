package jsonout

import (
	"time"

	"penny/money"
)

// `penny ask --json`: the answer document and the rows its data is made of.
// Which rows a data object holds depends on the intent (the assistant
// package comment lists the intents and the slot keys).

// Ask is `penny ask --json`, an assistant.Reply for scripts.
type Ask struct {
	// Intent is what the question was read as ("balance", "spending", ...;
	// "unknown" when nothing was).
	Intent string `json:"intent"`
	// Slots are what was read from the question, plain JSON values ({}
	// when nothing).
	Slots map[string]any `json:"slots"`
	// Text is the answer as the chat shows it, formatted for people.
	Text string `json:"text"`
	// Data is the answer for scripts: one of the AskData types, by the
	// kind of answer ({} for NoData; null only for a reply no question
	// made, such as an error shown in the chat).
	Data AskData `json:"data"`
	// Suggestions are follow-up questions; absent when there are none.
	Suggestions []string `json:"suggestions,omitempty"`
	// Outcome is "answered", "asked" or "declined".
	Outcome string `json:"outcome"`
}

// AskAccount is an account of a balance answer (data.accounts). AsOf is set
// for a balance on a past day; pending is then "0.00" and available is the
// balance.
type AskAccount struct {
	AccountHead
	Institution    string `json:"institution,omitempty"`
	Balance        string `json:"balance"`
	BalanceMinor   int64  `json:"balance_minor"`
	Pending        string `json:"pending"`
	PendingMinor   int64  `json:"pending_minor"`
	PendingCount   int64  `json:"pending_count,omitempty"`
	Available      string `json:"available"`
	AvailableMinor int64  `json:"available_minor"`
	AsOf           string `json:"as_of,omitempty"`
}

// CurrencyTotal is one currency's total and how many rows made it.
type CurrencyTotal struct {
	Currency   string `json:"currency"`
	Total      string `json:"total"`
	TotalMinor int64  `json:"total_minor"`
	Count      int64  `json:"count"`
}

// Period is the period an answer covers: its label for people and its
// first and last days; AllTime when it has no bounds.
type Period struct {
	Label   string `json:"label"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	AllTime bool   `json:"all_time,omitempty"`
}

// Flow is the data of a spending, income or refunds answer. Spending totals
// are negative and net of refunds.
type Flow struct {
	Period *Period `json:"period"`
	// Direction is "out" for spending, "in" for income.
	Direction string          `json:"direction"`
	Totals    []CurrencyTotal `json:"totals"`
	// Excluded is the money in the same scope that the total leaves out
	// by definition: transfers between own accounts, card payments,
	// investments, currency exchange, cash (and, for income, refunds).
	Excluded []Excluded `json:"excluded,omitempty"`
	// Pending says whether pending rows are in the totals, and how many
	// and how much there are.
	Pending   Pending        `json:"pending"`
	By        string         `json:"by,omitempty"`
	Breakdown []BreakdownRow `json:"breakdown,omitempty"`
	Compare   *Compare       `json:"compare,omitempty"`
}

// Pending is the pending part of a Flow.
type Pending struct {
	Included bool            `json:"included"`
	Count    int64           `json:"count"`
	Totals   []CurrencyTotal `json:"totals"`
}

// BreakdownRow is one line of a breakdown (a category, merchant, month or
// account), in one currency; also the rows of a "top" answer.
type BreakdownRow struct {
	Name       string `json:"name"`
	Currency   string `json:"currency"`
	Total      string `json:"total"`
	TotalMinor int64  `json:"total_minor"`
	Count      int64  `json:"count"`
}

// Compare is a Flow's other period, and the change from it per currency.
type Compare struct {
	Period *Period          `json:"period"`
	Totals []CurrencyTotal  `json:"totals"`
	Change []CurrencyChange `json:"change"`
}

// CurrencyChange is the change of one currency's total; Percent is absent
// when the other period's total was zero.
type CurrencyChange struct {
	Currency    string `json:"currency"`
	Change      string `json:"change"`
	ChangeMinor int64  `json:"change_minor"`
	Percent     *int64 `json:"percent,omitempty"`
}

// Excluded is what a spending or income total left out by definition, per
// category (What) and currency.
type Excluded struct {
	What       string `json:"what"`
	Currency   string `json:"currency"`
	Total      string `json:"total"`
	TotalMinor int64  `json:"total_minor"`
	Count      int64  `json:"count"`
}

// Average is one currency's average of an average answer (data.average).
type Average struct {
	Currency     string `json:"currency"`
	Average      string `json:"average"`
	AverageMinor int64  `json:"average_minor"`
	Total        string `json:"total"`
	TotalMinor   int64  `json:"total_minor"`
	// Unit is "month", "week", "day" or "transaction".
	Unit string `json:"unit"`
	// Units is how many units the total is divided by: months, weeks (in
	// days/7), days, or transactions.
	Units string `json:"units"`
}

// Posting is where, when and how much money moved, as answers show it: the
// account's name, the posted day, the amount and the payee.
type Posting struct {
	Account     string `json:"account"`
	Posted      string `json:"posted"`
	Amount      string `json:"amount"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	Payee       string `json:"payee"`
}

// PostingOf is a Posting of amount a on account at posted, to payee.
func PostingOf(account string, posted time.Time, a money.Amount, payee string) Posting {
	return Posting{Account: account, Posted: posted.Format(time.DateOnly), Amount: a.String(), AmountMinor: a.Minor,
		Currency: a.Currency, Payee: payee}
}

// AskTx is a transaction of a search, largest or "when did I last" answer.
type AskTx struct {
	ID int64 `json:"id"`
	Posting
	Merchant string `json:"merchant,omitempty"`
	Memo     string `json:"memo,omitempty"`
	Category string `json:"category"`
	Pending  bool   `json:"pending"`
	Transfer bool   `json:"transfer,omitempty"`
}

// MonthFlow is one month and currency of a cash flow answer (data.months).
type MonthFlow struct {
	Month    string `json:"month"`
	Currency string `json:"currency"`
	In       string `json:"in"`
	InMinor  int64  `json:"in_minor"`
	Out      string `json:"out"`
	OutMinor int64  `json:"out_minor"`
	Net      string `json:"net"`
	NetMinor int64  `json:"net_minor"`
}

// Duplicate is a charge seen more than once (data.duplicates): the same
// account, day, amount and payee, Times times, with the ids.
type Duplicate struct {
	Posting
	Times int     `json:"times"`
	IDs   []int64 `json:"ids"`
}

// Recurring is a monthly charge found in the history (data.recurring). Kind
// is "fixed" or "variable"; Amount is the latest charge; Day the usual day
// of the month; First and Last the first and latest charges; Active false
// when it seems to have stopped.
type Recurring struct {
	Merchant    string        `json:"merchant"`
	Payee       string        `json:"payee"`
	Category    string        `json:"category"`
	Currency    string        `json:"currency"`
	Amount      string        `json:"amount"`
	AmountMinor int64         `json:"amount_minor"`
	Kind        string        `json:"kind"`
	Day         int           `json:"day"`
	First       string        `json:"first"`
	Last        string        `json:"last"`
	Months      int           `json:"months"`
	Active      bool          `json:"active"`
	Changes     []PriceChange `json:"price_changes"`
}

// PriceChange is a fixed monthly charge's step to a new price, from the
// month Since ("2026-03").
type PriceChange struct {
	From      string `json:"from"`
	FromMinor int64  `json:"from_minor"`
	To        string `json:"to"`
	ToMinor   int64  `json:"to_minor"`
	Since     string `json:"since"`
	Percent   *int64 `json:"percent,omitempty"`
}

// ChatAlert is an alert of an alerts answer (data.alerts).
type ChatAlert struct {
	AlertHead
	Body    string `json:"body"`
	Why     string `json:"why"`
	Created string `json:"created"`
	Read    bool   `json:"read"`
}

// Source is a live source of a sync answer (data.sources).
type Source struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	LastSync  string `json:"last_sync,omitempty"`
	LastError string `json:"last_error,omitempty"`
}

// SettingChange is one setting an alert settings answer changed
// (data.changed). Setting is its path ("large_transaction.absolute",
// "low_balance.accounts.3", "notify.quiet_hours"). From and To are decimal
// strings for amounts (with *_minor twins), booleans for switches, strings
// for quiet hours; null is "not set".
type SettingChange struct {
	Setting   string `json:"setting"`
	Rule      string `json:"rule,omitempty"`
	Account   string `json:"account,omitempty"`
	AccountID int64  `json:"account_id,omitempty"`
	Currency  string `json:"currency,omitempty"`
	From      any    `json:"from"`
	To        any    `json:"to"`
	FromMinor *int64 `json:"from_minor,omitempty"`
	ToMinor   *int64 `json:"to_minor,omitempty"`
}

// RuleState is one alert rule of an alert settings answer
// (data.settings.rules): whether it is on, and its main settings.
type RuleState struct {
	Rule           string             `json:"rule"`
	Name           string             `json:"name"`
	On             bool               `json:"on"`
	Threshold      string             `json:"threshold,omitempty"`
	ThresholdMinor *int64             `json:"threshold_minor,omitempty"`
	Accounts       []AccountThreshold `json:"accounts,omitempty"`
	Days           int                `json:"days,omitempty"`
	WithinMinutes  int                `json:"within_minutes,omitempty"`
	Percent        int                `json:"percent,omitempty"`
}

// AccountThreshold is an account's own low-balance threshold; Off when the
// rule is off for it.
type AccountThreshold struct {
	Account        string `json:"account"`
	AccountID      int64  `json:"account_id"`
	Currency       string `json:"currency,omitempty"`
	Off            bool   `json:"off,omitempty"`
	Threshold      string `json:"threshold,omitempty"`
	ThresholdMinor *int64 `json:"threshold_minor,omitempty"`
}
