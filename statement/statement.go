// Package statement holds what every source of bank data produces: a
// Statement per account (the account as the bank names it, its transactions,
// the bank-reported balance) and the ParseError a file parser returns. It is
// a leaf: parsers (formats/...) and live sources import it without linking
// the engine (ingest), the store or the alert rules.
package statement

import (
	"fmt"
	"time"
)

// Statement is one account's slice of history as a source reports it.
type Statement struct {
	// Format names the parser or source ("ofx", "qif", "csv", "camt053",
	// "simplefin"...).
	Format  string
	Account AccountInfo
	// Transactions in the order the source gave them.
	Transactions []Transaction
	// Balance is the bank-reported (ledger) balance, if the source gave one;
	// Available is the available balance.
	Balance   *Balance
	Available *Balance
	// Start and End bound the statement's window when the source says so.
	Start, End time.Time
	// Origin says where the statement came from, for messages: a file name
	// and, for files holding several statements, which one.
	Origin string
}

// AccountInfo is the account as the bank names it.
type AccountInfo struct {
	Institution   string // "American Express", "ING"...
	InstitutionID string // OFX FID / BANKID, BIC...
	ExternalID    string // account number, IBAN, SimpleFIN id; "" when unknown
	Name          string // display name if the source has one
	Type          string // checking, savings, credit, brokerage, moneymarket, ...
	Currency      string // ISO 4217
	// CurrencyAssumed says the source did not name the currency and the
	// caller did not either: Currency is the parser's default (USD), a
	// guess a person should be told about.
	CurrencyAssumed bool
}

// Transaction is one row of a statement. Amounts are exact minor units of
// Currency (never float); negative is money out.
type Transaction struct {
	ExternalID  string    // FITID, SimpleFIN id, bank reference; "" when none
	Posted      time.Time // booking date (UTC midnight)
	Transacted  time.Time // when it happened, if known (value date, time of day)
	Amount      int64
	Currency    string
	Payee       string
	Memo        string
	Pending     bool
	Type        string // the source's own type word (DEBIT, CHECK, DBIT...), informational
	CheckNumber string
	Category    string // a category the source or the user's rules gave, if any
	// Line is where the row starts in the source (1-based; 0 if unknown),
	// for messages.
	Line int
}

// Balance is a balance with the date it is valid for.
type Balance struct {
	Amount   int64
	Currency string
	Date     time.Time
}

// ParseError says exactly where a file is wrong: file, line (or element),
// field and what was wrong. A parser that returns one has produced nothing:
// files are taken whole or not at all.
type ParseError struct {
	File    string
	Line    int    // 1-based; 0 when unknown
	Element string // XML/SGML element path or record, when more useful than a line
	Field   string
	Msg     string
	Err     error
}

func (e *ParseError) Error() string {
	where := e.File
	if e.Line > 0 {
		where += fmt.Sprintf(":%d", e.Line)
	}
	if e.Element != "" {
		where += " " + e.Element
	}
	msg := e.Msg
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return where + ": " + msg
}

func (e *ParseError) Unwrap() error { return e.Err }
