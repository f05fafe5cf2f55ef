package fakebank

import (
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func client(ca *CA) *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}, Timeout: 5 * time.Second}
}

func get(t *testing.T, c *http.Client, url, user, pass string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSimpleFINServer(t *testing.T) {
	ca, err := NewCA()
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	s := NewSimpleFIN(ca, Scenario(today))
	defer s.Close()
	c := client(ca)

	if code, body := get(t, c, s.Root()+"/info", "", ""); code != 200 || !strings.Contains(body, `"2.0"`) {
		t.Fatalf("info: %d %s", code, body)
	}
	claimURL, err := base64.StdEncoding.DecodeString(s.NewToken())
	if err != nil {
		t.Fatal(err)
	}
	post := func() (int, string) {
		resp, err := c.Post(string(claimURL), "", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(); code != 200 || body != s.AccessURL() {
		t.Fatalf("first claim: %d %q", code, body)
	}
	if code, _ := post(); code != 403 {
		t.Fatalf("second claim of the same token: %d, want 403", code)
	}

	user, pass := s.Credentials()
	if code, _ := get(t, c, s.Root()+"/accounts", user, "wrong"); code != 403 {
		t.Fatalf("bad credentials: %d, want 403", code)
	}
	start, end := today.AddDate(0, 0, -200).Unix(), today.AddDate(0, 0, 1).Unix()
	code, body := get(t, c, fmt.Sprintf("%s/accounts?version=2&pending=1&start-date=%d&end-date=%d", s.Root(), start, end), user, pass)
	if code != 200 {
		t.Fatalf("accounts: %d %s", code, body)
	}
	var v2 sfinSetV2
	if err := json.Unmarshal([]byte(body), &v2); err != nil {
		t.Fatal(err)
	}
	if len(v2.Connections) != 2 || v2.Accounts[0].ConnID == "" || v2.Accounts[0].Org != nil {
		t.Errorf("v2 shape: %d connections, account %+v", len(v2.Connections), v2.Accounts[0])
	}
	if len(v2.Errlist) != 1 || !strings.Contains(v2.Errlist[0].Msg, "capped") {
		t.Errorf("a 200-day window must be capped with a warning: %+v", v2.Errlist)
	}
	for _, tx := range v2.Accounts[0].Transactions {
		if !tx.Pending && time.Unix(tx.Posted, 0).Before(today.AddDate(0, 0, -91)) {
			t.Errorf("row %s from before the capped window", tx.ID)
		}
	}
	if !strings.Contains(body, `"amount":"-5.25"`) || !strings.Contains(body, `\u001b[31m`) {
		t.Errorf("pending row or hostile description missing: %s", body[:200])
	}
	code, body = get(t, c, s.Root()+"/accounts?balances-only=1", user, pass)
	var v1 sfinSetV1
	if err := json.Unmarshal([]byte(body), &v1); code != 200 || err != nil {
		t.Fatal(code, err)
	}
	if v1.Accounts[0].Org == nil || len(v1.Accounts[0].Transactions) != 0 || v1.Accounts[0].Balance == "" {
		t.Errorf("v1 balances-only: %+v", v1.Accounts[0])
	}

	s.WarnAt, s.BlockAt = 2, 3
	if _, body := get(t, c, s.Root()+"/accounts?balances-only=1", user, pass); !strings.Contains(body, "Rate limit warning") {
		t.Errorf("3rd request: no warning: %.200s", body)
	}
	if code, _ := get(t, c, s.Root()+"/accounts?balances-only=1", user, pass); code != 403 {
		t.Errorf("4th request: %d, want 403 (blocked)", code)
	}
	if n := s.AccountRequests(); n != 4 {
		t.Errorf("counted %d requests, want 4", n)
	}
}

func TestSimpleFINFaults(t *testing.T) {
	ca, _ := NewCA()
	s := NewSimpleFIN(ca, Scenario(time.Now()))
	defer s.Close()
	c := client(ca)
	user, pass := s.Credentials()
	s.Fail(Fault500, 1)
	s.Fail(FaultTruncated, 1)
	s.Fail(FaultClose, 1)
	if code, _ := get(t, c, s.Root()+"/accounts", user, pass); code != 500 {
		t.Errorf("Fault500: %d", code)
	}
	code, body := get(t, c, s.Root()+"/accounts", user, pass)
	if code != 200 || json.Valid([]byte(body)) {
		t.Errorf("FaultTruncated: %d, valid JSON %v", code, json.Valid([]byte(body)))
	}
	req, _ := http.NewRequest("GET", s.Root()+"/accounts", nil)
	req.SetBasicAuth(user, pass)
	resp, err := c.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Error("FaultClose: the body read completely")
	}
	if code, body := get(t, c, s.Root()+"/accounts", user, pass); code != 200 || !json.Valid([]byte(body)) {
		t.Errorf("after the faults: %d", code)
	}
}

func TestScenarioChanges(t *testing.T) {
	b := Scenario(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	before := b.account("ACT-CHK-1").Balance()
	b.settle()
	chk := b.account("ACT-CHK-1")
	var posted *Txn
	for i := range chk.Txns {
		if chk.Txns[i].ID == "CHK-PEND-COFFEE" {
			t.Fatal("the pending row is still there")
		}
		if chk.Txns[i].ID == "CHK-POST-COFFEE" {
			posted = &chk.Txns[i]
		}
	}
	if posted == nil || posted.Amount != -6_50 || chk.Balance() != before-6_50 {
		t.Fatalf("settled row %+v, balance %d (was %d)", posted, chk.Balance(), before)
	}
	if id := b.relink("ACT-SAV-1"); id != "ACT-SAV-2" || b.account("ACT-SAV-1") != nil || !strings.HasPrefix(b.account(id).Txns[0].ID, "R-") {
		t.Fatalf("relink gave %q", id)
	}
}
