package fakebank

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SimpleFIN is a SimpleFIN server (protocol 1.0 and 2.0) under /simplefin:
// GET /info, GET /create, POST /claim/TOKEN and GET /accounts.
type SimpleFIN struct {
	server
	user, pass string
	tokens     map[string]bool // token -> claimed
	counts     map[string]int  // day -> /accounts requests with good credentials
	payment    bool
	revoked    bool
	// WarnAt and BlockAt are the daily request counts from which the server
	// warns (a gen.api error) and refuses (403), as the Bridge does at 48
	// and 96.
	WarnAt, BlockAt int
}

// NewSimpleFIN starts a SimpleFIN server for bank over loopback TLS signed
// by ca.
func NewSimpleFIN(ca *CA, bank *Bank) *SimpleFIN {
	s := &SimpleFIN{user: "u" + randomHex(6), pass: "p" + randomHex(12), tokens: map[string]bool{},
		counts: map[string]int{}, WarnAt: 48, BlockAt: 96}
	s.bank = bank
	mux := http.NewServeMux()
	mux.HandleFunc("GET /simplefin/info", s.info)
	mux.HandleFunc("GET /simplefin/create", s.create)
	mux.HandleFunc("POST /simplefin/claim/{token}", s.claim)
	mux.HandleFunc("GET /simplefin/accounts", s.accounts)
	s.start(ca, mux)
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Root is the server's SimpleFIN root URL.
func (s *SimpleFIN) Root() string { return s.URL() + "/simplefin" }

// NewToken makes a fresh one-time setup token, as the create page does.
func (s *SimpleFIN) NewToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newTokenLocked()
}

func (s *SimpleFIN) newTokenLocked() string {
	t := randomHex(16)
	s.tokens[t] = false
	return base64.StdEncoding.EncodeToString([]byte(s.Root() + "/claim/" + t))
}

// Credentials returns the Basic-auth user and password inside the access
// URL the server hands out, so tests can look for them where they must not
// be.
func (s *SimpleFIN) Credentials() (user, pass string) { return s.user, s.pass }

// AccessURL is the access URL a claim returns.
func (s *SimpleFIN) AccessURL() string {
	u, _ := url.Parse(s.Root())
	u.User = url.UserPassword(s.user, s.pass)
	return u.String()
}

// Settle posts the pending coffee under a new id with a tip added.
func (s *SimpleFIN) Settle() { s.Update(func(b *Bank) { b.settle() }) }

// Advance moves the bank on one step (see Bank.Advance) and says what
// happened.
func (s *SimpleFIN) Advance() (did []string) {
	s.Update(func(b *Bank) { did = b.Advance() })
	return did
}

// Relink re-links an account under a new id (every row gets a new id and
// its date shifts a day) and returns the new id.
func (s *SimpleFIN) Relink(id string) (newID string) {
	s.Update(func(b *Bank) { newID = b.relink(id) })
	return newID
}

// SetNeedsAuth makes a connection report con.auth (or stop).
func (s *SimpleFIN) SetNeedsAuth(connID string, on bool) {
	s.Update(func(b *Bank) {
		if c := b.connection(connID); c != nil {
			c.NeedsAuth = on
		}
	})
}

// SetMissingData makes an account report act.missingdata (or stop).
func (s *SimpleFIN) SetMissingData(accountID string, on bool) {
	s.Update(func(b *Bank) {
		if a := b.account(accountID); a != nil {
			a.MissingData = on
		}
	})
}

// SetPaymentRequired makes /accounts answer 402.
func (s *SimpleFIN) SetPaymentRequired(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.payment = on
}

// Revoke disables the access URL: /accounts answers 403.
func (s *SimpleFIN) Revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// AccountRequests is how many /accounts requests arrived today with good
// credentials.
func (s *SimpleFIN) AccountRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[s.now().UTC().Format(time.DateOnly)]
}

func (s *SimpleFIN) info(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log(r, 200)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"versions":["1.0","2.0"]}`))
}

func (s *SimpleFIN) create(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log(r, 200)
	tok := s.newTokenLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><title>SimpleFIN token</title><p>Your SimpleFIN Token:</p><pre>%s</pre>\n", html.EscapeString(tok))
}

func (s *SimpleFIN) claim(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := r.PathValue("token")
	claimed, known := s.tokens[t]
	if t != "demo" && (!known || claimed) {
		s.log(r, http.StatusForbidden)
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	if t != "demo" {
		s.tokens[t] = true
	}
	s.log(r, 200)
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(s.AccessURL()))
}

// The JSON shapes of protocol 1.0 and 2.0.
type (
	sfinOrg struct {
		Domain  string `json:"domain,omitempty"`
		Name    string `json:"name,omitempty"`
		SfinURL string `json:"sfin-url"`
		URL     string `json:"url,omitempty"`
		ID      string `json:"id,omitempty"`
	}
	sfinTxn struct {
		ID           string `json:"id"`
		Posted       int64  `json:"posted"`
		Amount       string `json:"amount"`
		Description  string `json:"description"`
		TransactedAt int64  `json:"transacted_at,omitempty"`
		Pending      bool   `json:"pending,omitempty"`
		Payee        string `json:"payee,omitempty"`
		Memo         string `json:"memo,omitempty"`
	}
	sfinAccount struct {
		Org          *sfinOrg   `json:"org,omitempty"`
		ConnID       string     `json:"conn_id,omitempty"`
		ID           string     `json:"id"`
		Name         string     `json:"name"`
		Currency     string     `json:"currency"`
		Balance      string     `json:"balance"`
		Available    string     `json:"available-balance,omitempty"`
		BalanceDate  int64      `json:"balance-date"`
		Transactions []sfinTxn  `json:"transactions,omitempty"`
		Extra        *sfinExtra `json:"extra,omitempty"`
	}
	sfinExtra struct {
		OpenDate int64 `json:"account-open-date,omitempty"`
	}
	sfinError struct {
		Code      string `json:"code"`
		Msg       string `json:"msg"`
		ConnID    string `json:"conn_id,omitempty"`
		AccountID string `json:"account_id,omitempty"`
	}
	sfinConn struct {
		ConnID  string `json:"conn_id"`
		Name    string `json:"name"`
		OrgID   string `json:"org_id"`
		OrgURL  string `json:"org_url,omitempty"`
		SfinURL string `json:"sfin_url"`
	}
	sfinSetV1 struct {
		Errors   []string      `json:"errors"`
		Accounts []sfinAccount `json:"accounts"`
	}
	sfinSetV2 struct {
		Errors      []string      `json:"errors"`
		Errlist     []sfinError   `json:"errlist"`
		Connections []sfinConn    `json:"connections"`
		Accounts    []sfinAccount `json:"accounts"`
	}
)

// MaxRange is the longest window /accounts serves; longer ones are capped
// with a warning.
const MaxRange = 90 * 24 * time.Hour

func (s *SimpleFIN) accounts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	user, pass, ok := r.BasicAuth()
	good := ok && subtle.ConstantTimeCompare([]byte(user), []byte(s.user)) == 1 &&
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.pass)) == 1
	if !good || s.revoked {
		s.log(r, http.StatusForbidden)
		s.mu.Unlock()
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	if s.payment {
		s.log(r, http.StatusPaymentRequired)
		s.mu.Unlock()
		http.Error(w, "Payment Required", http.StatusPaymentRequired)
		return
	}
	day := s.now().UTC().Format(time.DateOnly)
	s.counts[day]++
	n := s.counts[day]
	if n > s.BlockAt {
		s.log(r, http.StatusForbidden)
		s.mu.Unlock()
		http.Error(w, "Forbidden: too many requests today; access is blocked", http.StatusForbidden)
		return
	}
	body, status := s.accountSet(r.URL.Query(), n)
	f := s.nextFault()
	if f == Fault500 {
		status = 500
	}
	s.log(r, status)
	s.mu.Unlock()
	if status != 200 && f != Fault500 {
		http.Error(w, string(body), status)
		return
	}
	s.deliver(w, r, f, "application/json", body)
}

func amountString(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
}

// accountSet builds the /accounts answer; call with the lock held.
func (s *SimpleFIN) accountSet(q url.Values, count int) ([]byte, int) {
	var errs []sfinError
	end := s.bank.Today.AddDate(0, 0, 1)
	if v := q.Get("end-date"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return []byte("bad end-date"), http.StatusBadRequest
		}
		end = time.Unix(n, 0).UTC()
	}
	start := end.Add(-MaxRange)
	if v := q.Get("start-date"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return []byte("bad start-date"), http.StatusBadRequest
		}
		start = time.Unix(n, 0).UTC()
	}
	if end.Sub(start) > MaxRange {
		start = end.Add(-MaxRange)
		errs = append(errs, sfinError{Code: "gen.api", Msg: "Requested date range exceeds limit of 90 days and was capped"})
	}
	if count > s.WarnAt {
		errs = append(errs, sfinError{Code: "gen.api", Msg: fmt.Sprintf(
			"Rate limit warning: %d requests today. Access is blocked after %d requests a day.", count, s.BlockAt)})
	}
	pending := q.Get("pending") == "1"
	balancesOnly := q.Get("balances-only") == "1"
	v2 := q.Get("version") == "2"
	only := map[string]bool{}
	for _, id := range q["account"] {
		only[id] = true
	}
	var accts []sfinAccount
	conns := map[string]bool{}
	for _, a := range s.bank.Accounts {
		if len(only) > 0 && !only[a.ID] {
			continue
		}
		c := s.bank.connection(a.ConnID)
		if c.NeedsAuth && !conns[c.ID] {
			errs = append(errs, sfinError{Code: "con.auth", Msg: "Connection to " + c.Name + " may need attention", ConnID: c.ID})
		}
		conns[c.ID] = true
		if a.MissingData {
			errs = append(errs, sfinError{Code: "act.missingdata", Msg: "Transactions for " + a.Name + " may be incomplete", AccountID: a.ID})
		}
		out := sfinAccount{ID: a.ID, Name: a.Name, Currency: a.Currency, Balance: amountString(a.Balance()),
			BalanceDate: s.bank.Today.Add(6 * time.Hour).Unix()}
		var pend int64
		for _, t := range a.Txns {
			if t.Pending {
				pend += t.Amount
			}
		}
		if pend != 0 {
			out.Available = amountString(a.Balance() + pend)
		}
		if v2 {
			out.ConnID = c.ID
		} else {
			out.Org = &sfinOrg{Domain: strings.TrimPrefix(c.OrgURL, "https://"), Name: c.Name, SfinURL: s.Root(), URL: c.OrgURL, ID: c.OrgID}
		}
		if !balancesOnly {
			for _, t := range a.Txns {
				if t.Pending && !pending {
					continue
				}
				if d := t.day(); d.Before(start) || !d.Before(end) {
					continue
				}
				st := sfinTxn{ID: t.ID, Amount: amountString(t.Amount), Description: t.Description, Payee: t.Payee, Memo: t.Memo, Pending: t.Pending}
				if !t.Transacted.IsZero() {
					st.TransactedAt = t.Transacted.Unix()
				}
				if !t.Pending {
					st.Posted = t.Posted.Add(12 * time.Hour).Unix()
				}
				out.Transactions = append(out.Transactions, st)
			}
		}
		accts = append(accts, out)
	}
	var strs []string
	for _, e := range errs {
		strs = append(strs, e.Msg)
	}
	if strs == nil {
		strs = []string{}
	}
	if accts == nil {
		accts = []sfinAccount{}
	}
	var body []byte
	var err error
	if v2 {
		set := sfinSetV2{Errors: strs, Errlist: errs, Accounts: accts, Connections: []sfinConn{}}
		if set.Errlist == nil {
			set.Errlist = []sfinError{}
		}
		for _, c := range s.bank.Connections {
			if conns[c.ID] {
				set.Connections = append(set.Connections, sfinConn{ConnID: c.ID, Name: c.Name, OrgID: c.OrgID, OrgURL: c.OrgURL, SfinURL: s.Root()})
			}
		}
		body, err = json.Marshal(set)
	} else {
		body, err = json.Marshal(sfinSetV1{Errors: strs, Accounts: accts})
	}
	if err != nil {
		return []byte(err.Error()), http.StatusInternalServerError
	}
	return body, http.StatusOK
}
