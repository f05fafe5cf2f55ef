package simplefin

import (
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"penny/sources/fakebank"
)

var today = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func fake(t *testing.T) (*fakebank.SimpleFIN, *http.Client) {
	t.Helper()
	ca, err := fakebank.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	s := fakebank.NewSimpleFIN(ca, fakebank.Scenario(today))
	t.Cleanup(s.Close)
	return s, &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}, Timeout: 5 * time.Second}
}

func TestDecodeToken(t *testing.T) {
	claim := "https://bridge.simplefin.org/simplefin/claim/demo"
	std := base64.StdEncoding.EncodeToString([]byte(claim))
	for _, tok := range []string{std, strings.TrimRight(std, "="), std[:20] + "\n  " + std[20:] + "\n",
		base64.URLEncoding.EncodeToString([]byte(claim))} {
		u, err := DecodeToken(tok)
		if err != nil || u.String() != claim {
			t.Errorf("DecodeToken(%q) = %v, %v", tok, u, err)
		}
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString([]byte("hello")),
		base64.StdEncoding.EncodeToString([]byte("ftp://x/claim/a")),
		base64.StdEncoding.EncodeToString([]byte("https://u:p@x/claim/a"))} {
		if _, err := DecodeToken(bad); !errors.Is(err, ErrBadToken) {
			t.Errorf("DecodeToken(%q): %v, want ErrBadToken", bad, err)
		}
	}
}

func TestClaimOnceThen403(t *testing.T) {
	s, hc := fake(t)
	claim, err := DecodeToken(s.NewToken())
	if err != nil {
		t.Fatal(err)
	}
	a, err := Claim(t.Context(), hc, claim)
	if err != nil {
		t.Fatal(err)
	}
	user, pass := s.Credentials()
	if a.URL() != s.AccessURL() || a.String() != s.Root() {
		t.Errorf("access %q / %q", a.URL(), a.String())
	}
	for _, shown := range []string{a.String(), fmt.Sprintf("%v %+v %#v %s", a, a, a, a)} {
		if strings.Contains(shown, user) || strings.Contains(shown, pass) {
			t.Errorf("credentials printed: %s", shown)
		}
	}
	if _, err := Claim(t.Context(), hc, claim); !errors.Is(err, ErrTokenClaimed) || !strings.Contains(err.Error(), "compromised") {
		t.Errorf("second claim: %v", err)
	}
}

func TestAccountsV2(t *testing.T) {
	s, hc := fake(t)
	a, _ := ParseAccess(s.AccessURL())
	c := &Client{HTTP: hc, Access: a}
	set, raw, err := c.Accounts(t.Context(), Query{Start: today.AddDate(0, 0, -89), End: today.AddDate(0, 0, 1), Pending: true})
	if err != nil {
		t.Fatal(err)
	}
	req := s.Requests()[0]
	if strings.Contains(req.Query, "u") && strings.Contains(req.Query, a.pass) {
		t.Errorf("credentials in the query: %s", req.Query)
	}
	if !strings.Contains(req.Query, "pending=1") || !strings.Contains(req.Query, "version=2") {
		t.Errorf("query %s", req.Query)
	}
	if len(raw) == 0 || len(set.Connections) != 2 || len(set.Accounts) != 5 || len(set.Errors) != 0 {
		t.Fatalf("set: %d connections, %d accounts, errors %+v", len(set.Connections), len(set.Accounts), set.Errors)
	}
	stmts, notes, err := set.Statements()
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 4 || len(notes) != 1 || !strings.Contains(notes[0], "custom currency") {
		t.Fatalf("%d statements, notes %q", len(stmts), notes)
	}
	chk := stmts[0]
	if chk.Account.ExternalID != "ACT-CHK-1" || chk.Account.Institution != "First Community Bank" || chk.Account.Currency != "USD" || chk.Balance == nil {
		t.Errorf("checking: %+v", chk.Account)
	}
	var pend, hostile bool
	for _, tx := range chk.Transactions {
		if tx.ExternalID == "CHK-PEND-COFFEE" {
			pend = tx.Pending && tx.Amount == -525 && tx.Posted.Equal(today.AddDate(0, 0, -1))
		}
		if tx.Payee == fakebank.HostileOSC52 {
			hostile = true
		}
	}
	if !pend || !hostile {
		t.Errorf("pending row right: %v; hostile payee kept as received: %v", pend, hostile)
	}
	if eur := stmts[3]; eur.Account.Currency != "EUR" || eur.Account.Institution != "Europa Bank" {
		t.Errorf("EUR account %+v", eur.Account)
	}
	if visa := stmts[2]; visa.Account.Type != "credit" || visa.Balance.Amount >= 0 {
		t.Errorf("visa %+v balance %+v", visa.Account, visa.Balance)
	}
}

func TestParseV1AndErrors(t *testing.T) {
	v1 := `{"errors":["Connection to Chase may need attention"],"accounts":[{"org":{"domain":"chase.com","name":"Chase","sfin-url":"https://x/simplefin"},
		"id":"A1","name":"Checking","currency":"USD","balance":"100.50","balance-date":1772323200,
		"transactions":[{"id":"T1","posted":1772323200,"amount":"-1.25","description":"COFFEE"}]}]}`
	set, err := Parse([]byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Errors) != 1 || set.Errors[0].Kind() != KindReauth || !strings.Contains(set.Explain(set.Errors[0]), "reconnect your bank at SimpleFIN") {
		t.Errorf("errors %+v", set.Errors)
	}
	stmts, _, err := set.Statements()
	if err != nil || len(stmts) != 1 || stmts[0].Account.Institution != "Chase" || stmts[0].Balance.Amount != 10050 ||
		stmts[0].Transactions[0].Amount != -125 || stmts[0].Transactions[0].Pending {
		t.Fatalf("v1 statements %+v, %v", stmts, err)
	}
	v2 := `{"errors":["deprecated"],"errlist":[{"code":"con.auth","msg":"x","conn_id":"C1"},{"code":"act.missingdata","message":"y","account_id":"A1"},
		{"code":"gen.api","msg":"Requested date range exceeds limit of 90 days and was capped"},{"code":"act.zzz","msg":"z","account_id":"A1"}],
		"connections":[{"conn_id":"C1","name":"Chase","org_id":"chase","sfin_url":"https://x"}],
		"accounts":[{"conn_id":"C1","id":"A1","name":"Checking","currency":"USD","balance":"1","balance-date":1}]}`
	set, err = Parse([]byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	kinds := []Kind{KindReauth, KindMissingData, KindCapped, KindAccount}
	if len(set.Errors) != 4 {
		t.Fatalf("errlist replaces errors: %+v", set.Errors)
	}
	for i, e := range set.Errors {
		if e.Kind() != kinds[i] {
			t.Errorf("error %d kind %d, want %d", i, e.Kind(), kinds[i])
		}
	}
	if msg := set.Explain(set.Errors[0]); !strings.Contains(msg, "Chase") || !strings.Contains(msg, "reconnect your bank at SimpleFIN") {
		t.Errorf("con.auth: %s", msg)
	}
	if msg := set.Explain(set.Errors[1]); !strings.Contains(msg, "Checking") || !strings.Contains(msg, "incomplete") || set.Errors[1].Msg != "y" {
		t.Errorf("act.missingdata: %s (%q)", msg, set.Errors[1].Msg)
	}
}

func TestAmountsMustBeDecimalStrings(t *testing.T) {
	for _, tt := range []struct{ amount, want string }{
		{`-12.5`, "JSON number"},
		{`1e3`, "JSON number"},
		{`"1e3"`, "not a decimal"},
		{`"12,50"`, "not a decimal"},
		{`"1.005"`, "amount"},
	} {
		body := `{"errors":[],"accounts":[{"id":"A","name":"n","currency":"USD","balance":"0","balance-date":1,
			"transactions":[{"id":"T","posted":1,"amount":` + tt.amount + `,"description":"d"}]}]}`
		set, err := Parse([]byte(body))
		if err == nil {
			_, _, err = set.Statements()
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("amount %s: %v, want an error with %q", tt.amount, err, tt.want)
		}
	}
	if _, err := Parse([]byte(`{"errors":[],"accounts":[{"id":"A"`)); err == nil || !strings.Contains(err.Error(), "not complete JSON") {
		t.Errorf("truncated JSON: %v", err)
	}
}

func TestWindows(t *testing.T) {
	end := today
	for _, tt := range []struct {
		days, want int
	}{{1, 1}, {90, 1}, {91, 2}, {180, 2}, {365, 5}} {
		w := Windows(end.AddDate(0, 0, -tt.days), end)
		if len(w) != tt.want {
			t.Errorf("%d days: %d windows, want %d", tt.days, len(w), tt.want)
		}
		for i, r := range w {
			if r[1].Sub(r[0]) > MaxWindow || !r[1].After(r[0]) {
				t.Errorf("%d days: window %d is %v", tt.days, i, r[1].Sub(r[0]))
			}
			if i > 0 && !r[1].Equal(w[i-1][0]) {
				t.Errorf("%d days: windows %d and %d leave a gap", tt.days, i-1, i)
			}
		}
		if !w[0][1].Equal(end) || !w[len(w)-1][0].Equal(end.AddDate(0, 0, -tt.days)) {
			t.Errorf("%d days: windows do not cover the range", tt.days)
		}
	}
}

func TestStatusErrors(t *testing.T) {
	s, hc := fake(t)
	a, _ := ParseAccess(s.AccessURL())
	c := &Client{HTTP: hc, Access: a}
	s.SetPaymentRequired(true)
	if _, _, err := c.Accounts(t.Context(), Query{}); !errors.Is(err, ErrPaymentRequired) {
		t.Errorf("402: %v", err)
	}
	s.SetPaymentRequired(false)
	s.Fail(fakebank.Fault500, 1)
	var se *StatusError
	if _, _, err := c.Accounts(t.Context(), Query{}); !errors.As(err, &se) || !se.Temporary() {
		t.Errorf("500: %v", err)
	}
	s.Revoke()
	if _, _, err := c.Accounts(t.Context(), Query{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("403: %v", err)
	}
}
