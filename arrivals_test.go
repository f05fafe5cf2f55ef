package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/sources/fakebank"
	"penny/store"
)

// arrivalsVault is a vault with one checking account made by importing a
// bank file, so that largeCharge lands in that account; the session bus is
// a private one with a notification server on it.
func arrivalsVault(t *testing.T) (map[string]string, *notificationServer) {
	t.Helper()
	bus := privateBus(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "arrivals pass")
	env["DBUS_SESSION_BUS_ADDRESS"] = bus
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d, key := oneAccount(300)
	history := writeFile(t, env["HOME"], "history.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	if _, stderr, code := runBin(t, env, "import", history); code != 0 {
		t.Fatal(stderr)
	}
	// The history's own alerts were seen: only what arrives next is news.
	if _, stderr, code := runBin(t, env, "alerts", "--mark-read"); code != 0 {
		t.Fatal(stderr)
	}
	return env, startNotificationServer(t, bus)
}

// openChecking starts the chat in tmux and opens the checking account's
// conversation.
func openChecking(t *testing.T, env map[string]string) *tmuxSession {
	t.Helper()
	s := newTmux(t, 120, 36, shellEnv(env)+" "+pennyBin+"; echo CHAT-EXIT=$?; sleep 30")
	s.waitFor("Ask Penny")
	// Penny, Alerts, then the account the file made. Each move shows in the
	// title before the next key goes: a key sent while the screen still
	// showed the conversation before moved one too far when the machine was
	// busy. The title alone is looked at, since the status line beside it
	// may name the account too.
	for i := 0; i < 4 && !strings.Contains(s.title(), "Checking"); i++ {
		before := s.title()
		s.run("send-keys", "-t", s.name, "C-j")
		deadline := time.Now().Add(20 * time.Second)
		for s.title() == before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if !strings.Contains(s.title(), "Checking") {
		t.Fatalf("could not open the checking account:\n%s", s.screen())
	}
	return s
}

// waitNotified waits until the server got n notifications.
func waitNotified(t *testing.T, srv *notificationServer, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(srv.received()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d notifications, waited for %d", len(srv.received()), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestImportArrivesInTheOpenChat is the messenger as a person sees it: the
// chat is open on the checking account; in another terminal `penny import`
// brings a large charge. The charge appears in the account's conversation
// and the alert in the status line and on the Alerts badge, with no key
// pressed, and the desktop gets exactly one notification (the chat sends
// it, as no daemon runs). The chat holds no lock while it is open, so the
// import is not refused.
func TestImportArrivesInTheOpenChat(t *testing.T) {
	t.Parallel()
	env, srv := arrivalsVault(t)
	s := openChecking(t, env)
	file := filepath.Join(env["HOME"], "charge.ofx")
	if err := os.WriteFile(file, largeCharge("arrival-1", time.Now()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBin(t, env, "import", file)
	if code != 0 {
		t.Fatalf("import beside the open chat: exit %d\n%s%s", code, out, stderr)
	}
	scr := s.waitFor("BEST BUY")
	if !strings.Contains(scr, "5,000.00") {
		t.Errorf("the charge arrived without its amount:\n%s", scr)
	}
	scr = s.waitFor("New alert")
	if !strings.Contains(scr, "Large charge") {
		t.Errorf("the status line does not name the alert:\n%s", scr)
	}
	waitNotified(t, srv, 1)
	// The same file again is nothing new: no second bubble, no second
	// notification.
	if _, stderr, code := runBin(t, env, "import", file); code != 0 {
		t.Fatalf("second import: exit %d: %s", code, stderr)
	}
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
	if n := strings.Count(s.screen(), "BEST BUY"); n > 1 {
		t.Errorf("the charge shows %d times", n)
	}
	if got := srv.received(); len(got) != 1 || !strings.HasPrefix(got[0], "Large charge") {
		t.Errorf("notifications: %q, want one large-charge notification", got)
		rows, _ := reopen(t, env).Transactions(t.Context(), store.TxQuery{Payee: "BEST BUY"})
		as, _ := reopen(t, env).Alerts(t.Context(), store.AlertQuery{})
		t.Logf("rows %+v\nalerts %+v", rows, as)
	}
}

// TestDaemonBesideTheChat: `penny daemon` runs beside the open chat, both
// configured with the same drop folder. A file dropped there is imported
// once (by the daemon: the chat leaves the rounds to it), shown once and
// notified once.
func TestDaemonBesideTheChat(t *testing.T) {
	t.Parallel()
	env, srv := arrivalsVault(t)
	drop := filepath.Join(env["HOME"], "drop")
	if err := os.MkdirAll(drop, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	if err := os.WriteFile(cfg, []byte("[daemon]\nwatch = [\""+drop+"\"]\ninterval = \"1s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, env, "--notify", "desktop")
	waitUntil(t, "the daemon to start", d.event, func() bool { return strings.Contains(d.log(), "started") })
	s := openChecking(t, env)
	tmp := filepath.Join(drop, "statement.ofx.part")
	if err := os.WriteFile(tmp, largeCharge("dropped-1", time.Now()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(drop, "statement.ofx")); err != nil {
		t.Fatal(err)
	}
	s.waitFor("BEST BUY")
	s.waitFor("New alert")
	waitNotified(t, srv, 1)
	waitUntil(t, "the daemon to import", d.event, func() bool { return strings.Contains(d.log(), "imported") })
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
	d.cmd.Process.Signal(os.Interrupt)
	<-d.done
	if n := strings.Count(d.log(), "imported "); n != 1 {
		t.Errorf("the daemon imported %d times:\n%s", n, d.log())
	}
	if got := srv.received(); len(got) != 1 {
		t.Errorf("notifications: %q, want one", got)
	}
	st := reopen(t, env)
	rows, err := st.Transactions(t.Context(), store.TxQuery{Payee: "BEST BUY"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Errorf("%d BEST BUY rows, want 1", len(rows))
	}
}

// title is the open conversation's name as the first line shows it
// ("Penny · Penny"), without the status line to its right.
func (s *tmuxSession) title() string {
	first, _, _ := strings.Cut(s.screen(), "\n")
	title, _, _ := strings.Cut(strings.TrimSpace(first), "  ")
	return title
}

// TestSyncNowFromTheChat: a bank connected with `penny connect`, the chat
// open; typing "sync now" fetches from it (the fake bank over loopback
// TLS), says what it did in the status line, and the new account arrives
// in the sidebar with no other key pressed.
func TestSyncNowFromTheChat(t *testing.T) {
	t.Parallel()
	_, env := simplefinVault(t, "chat sync pass")
	before, _, _ := runBin(t, env, "sync", "--status")
	// No live sync on the rounds' schedule: only the typed one.
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[daemon]\nsync_every = \"off\"\n"), 0o600)
	s := newTmux(t, 120, 36, shellEnv(env)+" "+pennyBin+"; echo CHAT-EXIT=$?; sleep 30")
	s.waitFor("Ask Penny")
	if strings.Contains(s.screen(), "Everyday Checking") {
		t.Fatalf("an account before any sync:\n%s", s.screen())
	}
	s.run("send-keys", "-t", s.name, "-l", "sync now")
	s.run("send-keys", "-t", s.name, "Enter")
	// The status line says what the sync did, until the alerts it raised
	// take the line.
	s.waitForAny("Synced bridge", "New alert")
	scr := s.waitFor("Everyday Checking")
	if rawTerminalBytes(strings.ReplaceAll(scr, "\n", "")) {
		t.Errorf("the screen holds raw escape bytes:\n%q", scr)
	}
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
	after, _, _ := runBin(t, env, "sync", "--status")
	if used(t, after) <= used(t, before) {
		t.Errorf("the chat's sync is not counted in the budget:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// used reads "N of 24 used" from penny sync --status.
func used(t *testing.T, status string) int {
	t.Helper()
	i := strings.Index(status, " of 24 used")
	if i < 0 {
		t.Fatalf("no budget in:\n%s", status)
	}
	j := strings.LastIndex(status[:i], " ")
	n, err := strconv.Atoi(status[j+1 : i])
	if err != nil {
		t.Fatalf("budget %q: %v", status[j+1:i], err)
	}
	return n
}

// TestChatSyncSaysWhyInPlainWords: an OFX bank that asks for an MFA
// challenge; "sync now" typed in the chat says why in plain words, in the
// status line or, once the alert it raises takes that line, in the Alerts
// conversation, and no raw byte reaches the screen.
func TestChatSyncSaysWhyInPlainWords(t *testing.T) {
	t.Parallel()
	bank := newLiveBank(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "chat mfa pass", "SSL_CERT_FILE", bank.caFile)
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	if out, stderr, code := runBinIn(t, env, bank.ofx.Password+"\n", "connect", "ofx", "--name", "cu", "--url", bank.ofx.Endpoint(),
		"--org", bank.ofx.ORG, "--fid", bank.ofx.FID, "--user", bank.ofx.User); code != 0 {
		t.Fatalf("connect: %s%s", out, stderr)
	}
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[daemon]\nsync_every = \"off\"\n"), 0o600)
	bank.ofx.SetMode(fakebank.OFXMFA)
	s := newTmux(t, 160, 36, shellEnv(env)+" "+pennyBin+"; echo CHAT-EXIT=$?; sleep 30")
	s.waitFor("Ask Penny")
	s.run("send-keys", "-t", s.name, "-l", "sync now")
	s.run("send-keys", "-t", s.name, "Enter")
	scr := s.waitForAny("Sync failed: cu: sign-on refused: the bank asks for an extra security check (MFA)", "New alert: cu could not sync")
	if rawTerminalBytes(strings.ReplaceAll(scr, "\n", "")) {
		t.Errorf("the screen holds raw bytes:\n%q", scr)
	}
	// The Alerts conversation, next after Penny, holds the whole message.
	s.run("send-keys", "-t", s.name, "C-j")
	s.waitFor("cu could not sync")
	scr = s.waitFor("Why: Rule source-error")
	// The alert's lines wrap: read them as one text.
	var text []string
	for _, l := range strings.Split(scr, "\n") {
		_, right, _ := strings.Cut(l, "┃")
		text = append(text, strings.Fields(right)...)
	}
	if joined := strings.Join(text, " "); !strings.Contains(joined, "the bank asks for an extra security check (MFA) that Penny cannot answer; download statements from the bank's website and use `penny import`") {
		t.Errorf("the alert does not say why and what to do:\n%s", scr)
	}
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
}
