package simplefin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxWindow is the longest date range one request may ask for: the Bridge
// caps longer ones at 90 days (with a warning) and drops the rest.
const MaxWindow = 90 * 24 * time.Hour

// MaxBody bounds an /accounts answer; a household's 90 days are far below.
const MaxBody = 64 << 20

// Query is what one GET /accounts asks for.
type Query struct {
	Start, End   time.Time // Start inclusive, End exclusive; zero: not sent
	Pending      bool      // pending=1
	BalancesOnly bool      // balances-only=1
	Accounts     []string  // account=ID, repeated
}

// Client fetches account sets with an access URL.
type Client struct {
	HTTP   *http.Client
	Access Access
}

// Accounts runs GET {root}/accounts with q and returns the parsed set and
// the raw body (kept in the vault as received).
func (c *Client) Accounts(ctx context.Context, q Query) (*AccountSet, []byte, error) {
	v := make([]string, 0, 8)
	v = append(v, "version=2")
	if !q.Start.IsZero() {
		v = append(v, "start-date="+strconv.FormatInt(q.Start.Unix(), 10))
	}
	if !q.End.IsZero() {
		v = append(v, "end-date="+strconv.FormatInt(q.End.Unix(), 10))
	}
	if q.Pending {
		v = append(v, "pending=1")
	}
	if q.BalancesOnly {
		v = append(v, "balances-only=1")
	}
	for _, id := range q.Accounts {
		v = append(v, "account="+urlQueryEscape(id))
	}
	u := *c.Access.Root
	u.Path += "/accounts"
	u.RawQuery = strings.Join(v, "&")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("SimpleFIN accounts: %w", err)
	}
	req.SetBasicAuth(c.Access.user, c.Access.pass)
	req.Header.Set("Accept", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("SimpleFIN accounts: %w", withoutURL(err))
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusForbidden:
		return nil, nil, ErrForbidden
	case http.StatusPaymentRequired:
		return nil, nil, ErrPaymentRequired
	default:
		return nil, nil, &StatusError{Op: "accounts", Status: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("SimpleFIN accounts: %w: %w", ErrIncomplete, withoutURL(err))
	}
	if len(body) > MaxBody {
		return nil, nil, fmt.Errorf("SimpleFIN accounts: the answer is larger than %d MiB", MaxBody>>20)
	}
	set, err := Parse(body)
	if err != nil {
		return nil, nil, err
	}
	return set, body, nil
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "=", "%3D", "+", "%2B", " ", "%20", "#", "%23").Replace(s)
}

// AccountSet is an /accounts answer, the same for protocol 1.0 and 2.0.
type AccountSet struct {
	Errors      []Error
	Connections []Connection
	Accounts    []Account
}

// Connection is one set of bank logins at the server (2.0), or an account's
// organization (1.0).
type Connection struct {
	ID      string `json:"conn_id"`
	Name    string `json:"name"`
	OrgID   string `json:"org_id"`
	OrgURL  string `json:"org_url"`
	SfinURL string `json:"sfin_url"`
}

// Error is one entry of errlist (2.0) or of errors (1.0, Code empty).
type Error struct {
	Code      string
	Msg       string
	ConnID    string
	AccountID string
}

// Account is one account with its transactions.
type Account struct {
	ID               string
	ConnID           string
	Org              Connection // the 1.0 org, or the 2.0 connection
	Name             string
	Currency         string // ISO 4217 code, or a URL for a custom currency
	Balance          Decimal
	AvailableBalance Decimal
	BalanceDate      Epoch
	Transactions     []Transaction
}

// Transaction is one row.
type Transaction struct {
	ID           string  `json:"id"`
	Posted       Epoch   `json:"posted"`
	Amount       Decimal `json:"amount"`
	Description  string  `json:"description"`
	TransactedAt Epoch   `json:"transacted_at"`
	Pending      *bool   `json:"pending"`
	Payee        string  `json:"payee"`
	Memo         string  `json:"memo"`
}

// Decimal is an amount as the protocol sends it: a decimal string. A JSON
// number is refused: it may already have passed through a float.
type Decimal string

var decimalRe = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// UnmarshalJSON accepts a JSON string holding a decimal number.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' {
		return fmt.Errorf("amount %s is a JSON number; SimpleFIN amounts are decimal strings", truncate(string(b), 40))
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if !decimalRe.MatchString(s) {
		return fmt.Errorf("amount %q is not a decimal number", truncate(s, 40))
	}
	*d = Decimal(s)
	return nil
}

// Epoch is a Unix time in seconds; servers send a number (a numeric string
// is accepted too).
type Epoch int64

// UnmarshalJSON accepts 1700000000, "1700000000" and null.
func (e *Epoch) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*e = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("time %s is not Unix seconds", truncate(s, 40))
	}
	*e = Epoch(n)
	return nil
}

// Time is the epoch as a UTC time; zero for 0.
func (e Epoch) Time() time.Time {
	if e == 0 {
		return time.Time{}
	}
	return time.Unix(int64(e), 0).UTC()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// wire is both protocol shapes at once; which keys are present tells them
// apart.
type wire struct {
	Errors      *[]string    `json:"errors"`
	Errlist     *[]wireErr   `json:"errlist"`
	Connections []Connection `json:"connections"`
	Accounts    *[]wireAcct  `json:"accounts"`
}

type wireErr struct {
	Code      string `json:"code"`
	Msg       string `json:"msg"`
	Message   string `json:"message"`
	ConnID    string `json:"conn_id"`
	AccountID string `json:"account_id"`
}

type wireAcct struct {
	Org struct {
		Domain  string `json:"domain"`
		Name    string `json:"name"`
		SfinURL string `json:"sfin-url"`
		URL     string `json:"url"`
		ID      string `json:"id"`
	} `json:"org"`
	ConnID       string        `json:"conn_id"`
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Currency     string        `json:"currency"`
	Balance      Decimal       `json:"balance"`
	Available    Decimal       `json:"available-balance"`
	BalanceDate  Epoch         `json:"balance-date"`
	Transactions []Transaction `json:"transactions"`
}

// Parse reads an /accounts body in the 1.0 or the 2.0 shape.
func Parse(body []byte) (*AccountSet, error) {
	var w wire
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("SimpleFIN accounts: the answer is not complete JSON (%w): %w", ErrIncomplete, err)
		}
		return nil, fmt.Errorf("SimpleFIN accounts: %w", err)
	}
	if w.Accounts == nil {
		return nil, errors.New(`SimpleFIN accounts: the answer has no "accounts" list`)
	}
	set := &AccountSet{Connections: w.Connections}
	conns := map[string]Connection{}
	for _, c := range w.Connections {
		conns[c.ID] = c
	}
	if w.Errlist != nil {
		for _, e := range *w.Errlist {
			msg := e.Msg
			if msg == "" {
				msg = e.Message
			}
			set.Errors = append(set.Errors, Error{Code: e.Code, Msg: msg, ConnID: e.ConnID, AccountID: e.AccountID})
		}
	} else if w.Errors != nil {
		for _, s := range *w.Errors {
			set.Errors = append(set.Errors, Error{Msg: s})
		}
	}
	for i, a := range *w.Accounts {
		if a.ID == "" {
			return nil, fmt.Errorf("SimpleFIN accounts: account %d has no id", i+1)
		}
		acct := Account{ID: a.ID, ConnID: a.ConnID, Name: a.Name, Currency: strings.TrimSpace(a.Currency),
			Balance: a.Balance, AvailableBalance: a.Available, BalanceDate: a.BalanceDate, Transactions: a.Transactions}
		if c, ok := conns[a.ConnID]; ok {
			acct.Org = c
		} else {
			name := a.Org.Name
			if name == "" {
				name = a.Org.Domain
			}
			acct.Org = Connection{ID: a.Org.ID, Name: name, OrgID: a.Org.ID, OrgURL: a.Org.URL, SfinURL: a.Org.SfinURL}
		}
		set.Accounts = append(set.Accounts, acct)
	}
	return set, nil
}

// Windows splits [start, end) into ranges of at most MaxWindow, newest
// first.
func Windows(start, end time.Time) [][2]time.Time {
	var out [][2]time.Time
	for e := end; e.After(start); e = e.Add(-MaxWindow) {
		s := e.Add(-MaxWindow)
		if s.Before(start) {
			s = start
		}
		out = append(out, [2]time.Time{s, e})
	}
	return out
}
