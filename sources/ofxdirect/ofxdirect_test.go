package ofxdirect

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"penny/sources/fakebank"
)

var today = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func fake(t *testing.T) (*fakebank.OFX, *Client) {
	t.Helper()
	ca, err := fakebank.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	s := fakebank.NewOFX(ca, fakebank.Scenario(today))
	t.Cleanup(s.Close)
	uid, err := NewClientUID()
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{
		HTTP:   &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}, Timeout: 5 * time.Second},
		Config: Config{URL: s.Endpoint(), Org: s.ORG, FID: s.FID, UserID: s.User, Password: s.Password, ClientUID: uid},
	}
	return s, c
}

func TestDiscoverAndDownload(t *testing.T) {
	s, c := fake(t)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 4 {
		t.Fatalf("accounts %+v", accts)
	}
	want := map[string]string{"ACT-CHK-1": "bank/CHECKING", "ACT-SAV-1": "bank/SAVINGS", "ACT-VISA-1": "creditcard/", "ACT-EUR-1": "bank/CHECKING"}
	for _, a := range accts {
		if got := a.Kind + "/" + a.AcctType; got != want[a.AcctID] {
			t.Errorf("%s: %s, want %s", a.AcctID, got, want[a.AcctID])
		}
	}
	stmts, raw, err := c.Statements(t.Context(), accts, today.AddDate(0, 0, -60), today.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 4 || len(raw) == 0 {
		t.Fatalf("%d statements", len(stmts))
	}
	var hostile, eur bool
	for _, st := range stmts {
		for _, tx := range st.Transactions {
			if tx.Payee == fakebank.HostileCSI && tx.Amount == -100 {
				hostile = true
			}
			if tx.Posted.Before(today.AddDate(0, 0, -60)) {
				t.Errorf("row %s before the window", tx.ExternalID)
			}
		}
		if st.Account.ExternalID == "ACT-EUR-1" && st.Account.Currency == "EUR" {
			eur = true
		}
		if st.Account.ExternalID == "ACT-VISA-1" && st.Account.Type != "credit" {
			t.Errorf("visa type %q", st.Account.Type)
		}
		if st.Balance == nil {
			t.Errorf("%s: no balance", st.Account.ExternalID)
		}
	}
	if !hostile || !eur {
		t.Errorf("hostile payee kept as received: %v; EUR statement: %v", hostile, eur)
	}
	for _, so := range s.Signons() {
		if so.AppID != "QWIN" || so.AppVer != "2700" || so.ClientUID != c.Config.ClientUID || so.Org != "FCB" || so.Fid != "10898" {
			t.Errorf("sign-on %+v", so)
		}
	}
}

func TestSignonRefusalsInPlainWords(t *testing.T) {
	s, c := fake(t)
	tests := []struct {
		name string
		prep func()
		code int
		want string
	}{
		{"wrong password", func() { c.Config.Password = "nope" }, 15500, "password is wrong"},
		{"MFA challenge", func() { s.SetMode(fakebank.OFXMFA) }, 3000, "extra security check (MFA)"},
		{"no CLIENTUID where the bank wants one", func() { s.SetMode(fakebank.OFXApproveClientUID); c.Config.ClientUID = "" }, 15510, "approve it on the bank's website"},
		{"CLIENTUID waiting for approval", func() { s.SetMode(fakebank.OFXApproveClientUID) }, 15500, "Secure Message Center"},
	}
	good := c.Config
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Config = good
			s.SetMode(fakebank.OFXOpen)
			tt.prep()
			_, err := c.Accounts(t.Context())
			var se *SignonError
			if !errors.As(err, &se) || se.Code != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want code %d saying %q", err, tt.code, tt.want)
			}
			if strings.Contains(err.Error(), good.Password) {
				t.Error("the password is in the error")
			}
		})
	}
	c.Config = good
	s.Approve(good.ClientUID)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("after approval: %v", err)
	}
	if shown := fmt.Sprintf("%v %+v %#v %s", c.Config, c.Config, c.Config, c.Config); strings.Contains(shown, good.Password) {
		t.Errorf("the config prints its password: %s", shown)
	}
}

func TestFaults(t *testing.T) {
	s, c := fake(t)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	s.Fail(fakebank.Fault500, 1)
	var se *StatusError
	if _, _, err := c.Statements(t.Context(), accts, today.AddDate(0, 0, -30), today); !errors.As(err, &se) || !se.Temporary() {
		t.Errorf("500: %v", err)
	}
	s.Fail(fakebank.FaultTruncated, 1)
	if _, _, err := c.Statements(t.Context(), accts, today.AddDate(0, 0, -30), today); err == nil {
		t.Error("a truncated answer was taken")
	}
}

func TestSignonStatus(t *testing.T) {
	for _, tt := range []struct {
		in   string
		code int
		ok   bool
	}{
		{"<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS></SONRS>", 0, true},
		{`<?xml version="1.0"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500</CODE><SEVERITY>ERROR</SEVERITY><MESSAGE>bad</MESSAGE></STATUS></SONRS></SIGNONMSGSRSV1></OFX>`, 15500, true},
		{"<OFX><SIGNONMSGSRSV1><SONRS><STA", 0, false},
		{"<html>gateway timeout</html>", 0, false},
	} {
		code, _, ok := signonStatus([]byte(tt.in))
		if code != tt.code || ok != tt.ok {
			t.Errorf("%.40q: %d %v", tt.in, code, ok)
		}
	}
}
