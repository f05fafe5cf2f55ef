package simplefin

import (
	"fmt"
	"strings"
	"time"

	"penny/money"
	"penny/statement"
)

// Format is the statement format name of SimpleFIN data.
const Format = "simplefin"

// Kind sorts an Error by what the user should do.
type Kind int

// Kinds of errors in an account set.
const (
	KindOther       Kind = iota
	KindReauth           // con.auth: sign in to the bank again at SimpleFIN
	KindMissingData      // act.missingdata: an account's listing is incomplete
	KindAccount          // act.*: an account could not be refreshed this time
	KindRateWarning      // the server warns about the request rate
	KindCapped           // a date range was capped at 90 days
	KindAuth             // gen.auth
)

// Kind classifies e. Unknown subcodes count as their prefix, as the
// protocol says; 1.0 strings are read for the two messages the Bridge is
// known to send.
func (e Error) Kind() Kind {
	code := strings.ToLower(e.Code)
	msg := strings.ToLower(e.Msg)
	switch {
	case code == "con.auth" || strings.HasPrefix(code, "con."):
		return KindReauth
	case code == "act.missingdata":
		return KindMissingData
	case strings.HasPrefix(code, "act."):
		return KindAccount
	case code == "gen.auth":
		return KindAuth
	case strings.Contains(msg, "exceeds limit of 90 days") || strings.Contains(msg, "was capped"):
		return KindCapped
	case strings.Contains(msg, "request") && (strings.Contains(msg, "rate") || strings.Contains(msg, "limit")):
		return KindRateWarning
	case code == "" && strings.Contains(msg, "may need attention"):
		return KindReauth
	}
	return KindOther
}

// Explain says e in plain words, naming the connection or account it is
// about. The server's own message is quoted as received: the caller
// sanitizes it before printing.
func (s *AccountSet) Explain(e Error) string {
	conn := e.ConnID
	for _, c := range s.Connections {
		if c.ID == e.ConnID && c.Name != "" {
			conn = c.Name
		}
	}
	acct := e.AccountID
	for _, a := range s.Accounts {
		if a.ID == e.AccountID && a.Name != "" {
			acct = a.Name
		}
	}
	switch e.Kind() {
	case KindReauth:
		if conn == "" {
			return "reconnect your bank at SimpleFIN: " + e.Msg
		}
		return fmt.Sprintf("reconnect your bank at SimpleFIN: the connection to %s needs you to sign in again; its accounts may be out of date", conn)
	case KindMissingData:
		return fmt.Sprintf("SimpleFIN says the transaction list of %s may be incomplete; the next sync asks for the same days again", acct)
	case KindAccount:
		return fmt.Sprintf("SimpleFIN could not refresh %s this time (%s); the next sync tries again", acct, e.Msg)
	case KindAuth:
		return "SimpleFIN could not sign in to your account there: " + e.Msg
	case KindRateWarning:
		return "SimpleFIN warns about the number of requests; Penny slows down for a day: " + e.Msg
	case KindCapped:
		return "SimpleFIN capped a date range at 90 days: " + e.Msg
	}
	return "SimpleFIN says: " + e.Msg
}

// Statements turns the set into one statement per account. Accounts in a
// custom currency (a URL instead of a code) cannot be held in exact ISO
// money and are left out with a note; so are accounts in a currency Penny
// does not know.
func (s *AccountSet) Statements() ([]statement.Statement, []string, error) {
	var out []statement.Statement
	var notes []string
	for _, a := range s.Accounts {
		if strings.Contains(a.Currency, "/") || strings.Contains(a.Currency, ":") {
			notes = append(notes, fmt.Sprintf("%s is kept in a custom currency (%s), which Penny cannot hold as money; it was skipped", a.Name, a.Currency))
			continue
		}
		cur, err := money.Lookup(a.Currency)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s is in an unknown currency %q; it was skipped", a.Name, a.Currency))
			continue
		}
		st := statement.Statement{
			Format: Format,
			Account: statement.AccountInfo{Institution: a.Org.Name, ExternalID: a.ID, Name: a.Name,
				Type: GuessType(a.Name), Currency: cur.Code},
			Origin: "SimpleFIN account " + a.ID,
		}
		if a.Balance != "" {
			minor, err := a.Balance.Minor(cur.Exponent)
			if err != nil {
				return nil, nil, fmt.Errorf("SimpleFIN account %s: balance: %w", a.ID, err)
			}
			st.Balance = &statement.Balance{Amount: minor, Currency: cur.Code, Date: day(a.BalanceDate.Time())}
		}
		if a.AvailableBalance != "" {
			minor, err := a.AvailableBalance.Minor(cur.Exponent)
			if err != nil {
				return nil, nil, fmt.Errorf("SimpleFIN account %s: available-balance: %w", a.ID, err)
			}
			st.Available = &statement.Balance{Amount: minor, Currency: cur.Code, Date: day(a.BalanceDate.Time())}
		}
		for i, t := range a.Transactions {
			if t.ID == "" {
				return nil, nil, fmt.Errorf("SimpleFIN account %s: transaction %d has no id", a.ID, i+1)
			}
			minor, err := t.Amount.Minor(cur.Exponent)
			if err != nil {
				return nil, nil, fmt.Errorf("SimpleFIN account %s, transaction %s: amount: %w", a.ID, t.ID, err)
			}
			pending := t.Posted == 0
			if t.Pending != nil {
				pending = *t.Pending
			}
			// A pending row is dated when it happened; a posted one when
			// it posted.
			date := t.Posted.Time()
			if pending || date.IsZero() {
				date = t.TransactedAt.Time()
			}
			if date.IsZero() {
				return nil, nil, fmt.Errorf("SimpleFIN account %s, transaction %s: neither posted nor transacted_at", a.ID, t.ID)
			}
			payee, memo := t.Description, t.Memo
			if t.Payee != "" && t.Payee != t.Description {
				payee = t.Payee
				if memo == "" {
					memo = t.Description
				}
			}
			st.Transactions = append(st.Transactions, statement.Transaction{
				ExternalID: t.ID, Posted: day(date), Transacted: t.TransactedAt.Time(), Amount: minor, Currency: cur.Code,
				Payee: payee, Memo: memo, Pending: pending, Line: i + 1,
			})
		}
		out = append(out, st)
	}
	return out, notes, nil
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Minor is d in minor units of a currency with the given exponent. More
// decimals than the currency has are refused unless they are zeros.
func (d Decimal) Minor(exponent int) (int64, error) {
	return money.ParseMinor(string(d), exponent, money.ParseOptions{})
}

// GuessType guesses the account type from its name, as SimpleFIN gives
// none.
func GuessType(name string) string {
	n := strings.ToLower(name)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("credit", "card", "visa", "mastercard", "amex", "discover"):
		return "credit"
	case has("saving"):
		return "savings"
	case has("brokerage", "invest", "ira", "401k", "401(k)"):
		return "brokerage"
	case has("loan", "mortgage"):
		return "loan"
	}
	return "checking"
}
