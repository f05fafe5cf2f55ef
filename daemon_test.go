package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"penny/alerts"
	"penny/store"
	"penny/store/vault"
)

// notificationServer owns org.freedesktop.Notifications on the session bus
// for a test and records what it is sent, as a desktop would show it.
type notificationServer struct {
	mu   sync.Mutex
	got  []string // "summary\x00body"
	conn *dbus.Conn
}

func (s *notificationServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, summary+"\x00"+body)
	return uint32(len(s.got)), nil
}

func (s *notificationServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body"}, nil
}

func (s *notificationServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "penny-test", "penny", "1", "1.2", nil
}

func (s *notificationServer) CloseNotification(id uint32) *dbus.Error { return nil }

func (s *notificationServer) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.got...)
}

// privateBus starts a D-Bus session bus of the test's own, so that this
// test owning org.freedesktop.Notifications never meets another package's
// test doing the same on the shared session bus (go test runs packages in
// parallel). It returns the bus address.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("dbus-daemon is missing in CI")
		}
		t.Skip("dbus-daemon is not installed; this test needs a real session bus")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(line)
}

func startNotificationServer(t *testing.T, addr string) *notificationServer {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("session bus %s: %v", addr, err)
	}
	s := &notificationServer{conn: conn}
	if err := conn.Export(s, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own org.freedesktop.Notifications on a private bus: %v %v", reply, err)
	}
	t.Cleanup(func() {
		conn.ReleaseName("org.freedesktop.Notifications")
		conn.Close()
	})
	return s
}

// events wakes a waiting test when something it watches changed; signal
// never blocks, and several signals before a wait count as one.
type events chan struct{}

func newEvents() events { return make(events, 1) }

func (e events) signal() {
	select {
	case e <- struct{}{}:
	default:
	}
}

// waitUntil returns once cond holds, checking it again on every event; it
// fails the test if that takes longer than a generous deadline.
func waitUntil(t *testing.T, what string, e events, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-e:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// daemonProc is a running `penny daemon` whose log the test can read.
type daemonProc struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	logs  []string
	done  chan struct{}
	event events
}

func startDaemon(t *testing.T, env map[string]string, args ...string) *daemonProc {
	t.Helper()
	cmd := exec.Command(pennyBin, append([]string{"daemon"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemonProc{cmd: cmd, done: make(chan struct{}), event: newEvents()}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			d.mu.Lock()
			d.logs = append(d.logs, sc.Text())
			d.mu.Unlock()
			d.event.signal()
		}
		close(d.done)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return d
}

func (d *daemonProc) log() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.logs, "\n")
}

// largeCharge is a one-row OFX statement for the demo checking account: a
// 5,000.00 charge, posted today.
func largeCharge(fitid string, day time.Time) []byte {
	return []byte(fmt.Sprintf(`OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>%[1]s<LANGUAGE>ENG<FI><ORG>First Example Bank<FID>1001</FI></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>121000248<ACCTID>%[3]s<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>%[1]s<DTEND>%[1]s
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>%[1]s<TRNAMT>-5000.00<FITID>%[2]s<NAME>BEST BUY 00012345 BERKELEY CA</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
`, day.Format("20060102"), fitid, "demo-checking"))
}

func vaultAlerts(t *testing.T, env map[string]string) []store.Alert {
	t.Helper()
	v, err := openSealed(context.Background(), vaultFile(env), vault.OpenOptions{ReadOnly: true,
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	as, err := v.Store().Alerts(context.Background(), store.AlertQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func countRule(as []store.Alert, rule string) int {
	n := 0
	for _, a := range as {
		if a.Rule == rule {
			n++
		}
	}
	return n
}

func TestDaemonEndToEnd(t *testing.T) {
	t.Parallel()
	bus := privateBus(t)
	server := startNotificationServer(t, bus)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "daemon test pass", "DBUS_SESSION_BUS_ADDRESS", bus)
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	// A history first, as a user would have.
	d, key := oneAccount(400)
	hist := writeFile(t, env["HOME"], "history.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	if _, stderr, code := runBin(t, env, "import", hist); code != 0 {
		t.Fatal(stderr)
	}
	drop := filepath.Join(env["HOME"], "Downloads")
	os.MkdirAll(drop, 0o700)
	// One round delivers whatever the history raised, so the daemon started
	// next begins quiet.
	once := func() string {
		t.Helper()
		_, stderr, code := runBin(t, env, "daemon", "--once", "--watch", drop)
		if code != 0 {
			t.Fatalf("daemon --once: exit %d: %s", code, stderr)
		}
		return stderr
	}
	once()

	proc := startDaemon(t, env, "--watch", drop, "--interval", "200ms")
	waitUntil(t, "the daemon's start", proc.event, func() bool { return strings.Contains(proc.log(), "started") })
	before := vaultAlerts(t, env)
	sent := len(server.received())

	today := time.Now()
	os.WriteFile(filepath.Join(drop, "statement.ofx"), largeCharge("BIG-1", today), 0o600)
	// The daemon logs a delivery once it is complete (sent and recorded), so
	// stopping it after that line cuts no round short.
	waitUntil(t, "a notification for the large charge", proc.event, func() bool { return strings.Contains(proc.log(), "sent ") })
	if len(server.received()) == sent {
		t.Fatalf("the daemon says it sent a notification, but none arrived:\n%s", proc.log())
	}
	proc.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-proc.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop on SIGTERM")
	}
	if err := proc.cmd.Wait(); err != nil {
		t.Fatalf("daemon exit after SIGTERM: %v\n%s", err, proc.log())
	}
	// One more round: whatever the file was going to cause has happened.
	once()
	after := vaultAlerts(t, env)
	if got := countRule(after, alerts.RuleLarge) - countRule(before, alerts.RuleLarge); got != 1 {
		t.Fatalf("%d new large-charge alerts, want 1\n%s", got, proc.log())
	}
	newAlerts := len(after) - len(before)
	notes := server.received()[sent:]
	if newAlerts != 1 || len(notes) != 1 {
		t.Fatalf("%d new alerts and %d notifications, want exactly one of each: %q", newAlerts, len(notes), notes)
	}
	for _, n := range notes {
		// Private mode: no amount, no merchant.
		if strings.Contains(n, "5,000") || strings.Contains(n, "5000") || strings.Contains(strings.ToUpper(n), "BEST BUY") {
			t.Fatalf("a private notification shows details: %q", n)
		}
	}

	// A crash between the alert and its notification: `penny import` raises
	// the alert and notifies nobody, like a daemon killed right after the
	// commit. The next daemon delivers it, once.
	second := writeFile(t, env["HOME"], "later.ofx", func(b *bytes.Buffer) error {
		_, err := b.Write(largeCharge("BIG-2", today))
		return err
	})
	if _, stderr, code := runBin(t, env, "import", second); code != 0 {
		t.Fatal(stderr)
	}
	sent = len(server.received())
	if _, stderr, code := runBin(t, env, "daemon", "--once"); code != 0 {
		t.Fatalf("daemon --once: exit %d: %s", code, stderr)
	}
	if got := len(server.received()) - sent; got < 1 {
		t.Fatalf("the undelivered alert was not delivered on the next start")
	}
	sent = len(server.received())
	runBin(t, env, "daemon", "--once")
	if got := len(server.received()) - sent; got != 0 {
		t.Fatalf("a restart delivered %d notifications again", got)
	}
}

// TestOneDaemonPerDataFolder: a second daemon, --once too, refuses while the
// first runs, naming its pid; once the first stopped, it runs.
func TestOneDaemonPerDataFolder(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 20)
	proc := startDaemon(t, env, "--notify", "none", "--interval", "1h")
	waitUntil(t, "the daemon's start", proc.event, func() bool { return strings.Contains(proc.log(), "started") })
	_, stderr, code := runBin(t, env, "daemon", "--once", "--notify", "none")
	want := fmt.Sprintf("penny daemon is already running for %s (pid %d)", filepath.Dir(vaultFile(env)), proc.cmd.Process.Pid)
	if code != exitError || !strings.Contains(stderr, want) {
		t.Fatalf("a second daemon: exit %d, %q; want exit %d and %q", code, stderr, exitError, want)
	}
	proc.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-proc.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop on SIGTERM")
	}
	if err := proc.cmd.Wait(); err != nil {
		t.Fatalf("daemon exit after SIGTERM: %v\n%s", err, proc.log())
	}
	if _, stderr, code := runBin(t, env, "daemon", "--once", "--notify", "none"); code != 0 {
		t.Fatalf("after the first stopped: exit %d, %q", code, stderr)
	}
}

func TestDaemonLockedVaultSaysWhy(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 20)
	_, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", ""), "daemon", "--once", "--notify", "none")
	if code != exitLocked || !strings.Contains(stderr, "cannot ask for a passphrase") {
		t.Fatalf("daemon on a locked vault: exit %d, %q", code, stderr)
	}
}

func TestAlertsListAndMarkRead(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "alerts pass")
	runBin(t, env, "init", "--no-keyring")
	path := writeFile(t, env["HOME"], "big.ofx", func(b *bytes.Buffer) error {
		_, err := b.Write(largeCharge("BIG-9", time.Now()))
		return err
	})
	if _, stderr, code := runBin(t, env, "import", path); code != 0 {
		t.Fatal(stderr)
	}
	out, _, code := runBin(t, env, "alerts", "--unread", "--json")
	if code != 0 || !strings.Contains(out, `"rule": "large-transaction"`) || !strings.Contains(out, `"read": false`) {
		t.Fatalf("alerts --unread --json: exit %d\n%s", code, out)
	}
	out, _, code = runBin(t, env, "alerts", "--mark-read")
	if code != 0 || !strings.Contains(out, "Large") {
		t.Fatalf("alerts --mark-read: exit %d\n%s", code, out)
	}
	out, _, _ = runBin(t, env, "alerts", "--unread")
	if !strings.Contains(out, "No alerts") {
		t.Fatalf("still unread after --mark-read:\n%s", out)
	}
}
