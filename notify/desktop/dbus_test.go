package desktop

import (
	"context"
	"errors"
	"os"
	"penny/store/storetest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"penny/alerts"
	"penny/notify"
	"penny/store"
)

// The D-Bus tests run against a real session bus: CI runs the tests inside
// dbus-run-session, where nothing serves notifications, so the test itself
// claims org.freedesktop.Notifications and records what Penny sends. Run
// them locally with `dbus-run-session -- go test ./notify/`.

type received struct {
	App, Icon, Summary, Body string
	Replaces                 uint32
	Actions                  []string
	Hints                    map[string]dbus.Variant
	Timeout                  int32
}

// fakeServer implements the server side of org.freedesktop.Notifications.
type fakeServer struct {
	mu   sync.Mutex
	got  []received
	caps []string
}

func (s *fakeServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, received{App: app, Replaces: replaces, Icon: icon, Summary: summary, Body: body,
		Actions: actions, Hints: hints, Timeout: timeout})
	return uint32(len(s.got)), nil
}

func (s *fakeServer) GetCapabilities() ([]string, *dbus.Error) { return s.caps, nil }

func (s *fakeServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "penny-test", "penny", "1.0", "1.2", nil
}

func (s *fakeServer) CloseNotification(uint32) *dbus.Error { return nil }

func (s *fakeServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// sessionBus connects to the session bus or skips: a bus is required only
// when PENNY_REQUIRE_DBUS is set (CI).
func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err == nil {
		if err = conn.Auth(nil); err == nil {
			err = conn.Hello()
		}
		if err != nil {
			conn.Close()
		}
	}
	if err != nil {
		if os.Getenv("PENNY_REQUIRE_DBUS") != "" {
			t.Fatalf("PENNY_REQUIRE_DBUS is set but no D-Bus session bus is reachable: %v", err)
		}
		t.Skipf("no D-Bus session bus reachable (DBUS_SESSION_BUS_ADDRESS=%q): %v; run under dbus-run-session, or set PENNY_REQUIRE_DBUS to make this a failure",
			os.Getenv("DBUS_SESSION_BUS_ADDRESS"), err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// serve claims the notification name on the bus with a fake server.
func serve(t *testing.T, conn *dbus.Conn, caps ...string) *fakeServer {
	t.Helper()
	srv := &fakeServer{caps: caps}
	if err := conn.Export(srv, notifyPath, notifyIface); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(notifyName, dbus.NameFlagDoNotQueue)
	if err != nil {
		t.Fatal(err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		msg := "a notification server already owns " + notifyName + " on this bus; run the test under dbus-run-session"
		if os.Getenv("PENNY_REQUIRE_DBUS") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() { conn.ReleaseName(notifyName) })
	return srv
}

func TestDBusDeliversPrivateNotifications(t *testing.T) {
	ctx := context.Background()
	conn := sessionBus(t)
	srv := serve(t, conn, "body", "body-markup")

	d, err := NewDBus()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Server[0] != "penny-test" || !d.markup {
		t.Errorf("server %v markup %v", d.Server, d.markup)
	}

	st := storetest.Memory(t)
	var raised []store.Alert
	for i, a := range []store.Alert{
		{Rule: alerts.RuleLarge, Severity: alerts.Warning, Title: "Large charge on Visa Signature",
			Body: "1,240.00 USD at APPLE STORE #R034 BERKELEY CA on 2026-04-16."},
		{Rule: alerts.RuleLowBalance, Severity: alerts.Danger, Title: "Low balance on Everyday Checking",
			Body: "Available balance: -42.17 USD, under your threshold of 100.00 USD."},
		{Rule: alerts.RuleDeposit, Severity: alerts.Info, Title: "Paycheck posted to Everyday Checking",
			Body: "6,875.86 USD from CONTOSO LTD <b>DIRECT</b> DEP & CO on 2026-04-15."},
	} {
		a.DedupKey = "dbus-test:" + string(rune('a'+i))
		id, _, err := st.AddAlert(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		a.ID = id
		raised = append(raised, a)
	}

	del := &notify.Deliverer{Store: st, Senders: []notify.Sender{d}}
	rep, err := del.Deliver(ctx)
	if err != nil || rep.Alerts != 3 || rep.Notifications != 3 {
		t.Fatalf("deliver: %+v %v", rep, err)
	}
	got := srv.received()
	if len(got) != 3 {
		t.Fatalf("the server received %d notifications, want 3: %+v", len(got), got)
	}
	wantUrgency := []byte{notify.Normal, notify.Critical, notify.Low}
	for i, r := range got {
		if r.App != "Penny" || r.Summary != raised[i].Title || r.Body != alerts.PrivateBody ||
			r.Replaces != 0 || r.Icon != "" || len(r.Actions) != 0 || r.Timeout != -1 {
			t.Errorf("notification %d: %+v", i, r)
		}
		if u, ok := r.Hints["urgency"].Value().(byte); !ok || u != wantUrgency[i] {
			t.Errorf("notification %d: urgency %v, want %d", i, r.Hints["urgency"], wantUrgency[i])
		}
		for _, secret := range []string{"1,240", "APPLE", "-42.17", "6,875", "CONTOSO"} {
			if strings.Contains(r.Summary+r.Body, secret) {
				t.Errorf("private mode shows %q: %+v", secret, r)
			}
		}
	}
	// Delivered once: a second run sends nothing.
	if rep, err := del.Deliver(ctx); err != nil || rep.Alerts != 0 || len(srv.received()) != 3 {
		t.Errorf("second delivery: %+v %v, %d received", rep, err, len(srv.received()))
	}

	// With details, the body comes through, its markup escaped and its
	// controls made visible.
	id, err := d.Notify(ctx, notify.FromAlert(store.Alert{Title: "Paycheck posted\x1b]0;x\x07", Body: raised[2].Body + "\x1b[2J"}, false))
	if err != nil || id != 4 {
		t.Fatalf("notify: %d %v", id, err)
	}
	last := srv.received()[3]
	if last.Summary != "Paycheck posted␛]0;x␇" ||
		last.Body != "6,875.86 USD from CONTOSO LTD &lt;b&gt;DIRECT&lt;/b&gt; DEP &amp; CO on 2026-04-15.␛[2J" {
		t.Errorf("details: %+v", last)
	}
}

func TestDBusPlainBodiesAreNotEscaped(t *testing.T) {
	conn := sessionBus(t)
	srv := serve(t, conn, "body")
	d, err := NewDBus()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Notify(context.Background(), notify.Notification{Title: "A & B", Body: "<i>x</i> & y"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.received(); len(got) != 1 || got[0].Body != "<i>x</i> & y" || got[0].Summary != "A & B" {
		t.Errorf("%+v", got)
	}
}

func TestDBusWithoutAServer(t *testing.T) {
	conn := sessionBus(t)
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, notifyName).Store(&owned); err != nil {
		t.Fatal(err)
	}
	var activatable []string
	if err := conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&activatable); err != nil {
		t.Fatal(err)
	}
	if owned || slices.Contains(activatable, notifyName) {
		t.Skip("this bus has a notification server")
	}
	if _, err := NewDBus(); !errors.Is(err, ErrNoServer) {
		t.Errorf("NewDBus without a server: %v, want ErrNoServer", err)
	}
}

// A server that never answers must not hang the sender.
func TestDBusTimeout(t *testing.T) {
	conn := sessionBus(t)
	srv := serve(t, conn, "body")
	d, err := NewDBus()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.Timeout = 200 * time.Millisecond
	// Hold the server's lock: its Notify blocks until released, so Notify
	// can only return through its own timeout (without one the test would
	// hang here), and says so.
	srv.mu.Lock()
	_, err = d.Notify(context.Background(), notify.Notification{Title: "x"})
	srv.mu.Unlock()
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "did not answer in time") {
		t.Errorf("a hung server: %v, want a timeout", err)
	}
}

func TestNoSessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/penny-test-bus")
	if _, err := NewDBus(); !errors.Is(err, ErrNoSessionBus) {
		t.Errorf("NewDBus on a missing bus: %v, want ErrNoSessionBus", err)
	}
}
