package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/alerts"
	"penny/demo"
	"penny/demo/feed"
	"penny/store"
)

// `penny demo` with its live feed: arrivals imported by demo/feed while the
// chat is open show up on the refresh timer's tick alone, in their
// account's conversation, and the duplicate charge among them as an alert.

type fixedClock struct{}

func (fixedClock) Now() time.Time                       { return fixedNow }
func (fixedClock) After(time.Duration) <-chan time.Time { return nil }

func TestLiveDemoArrivalsAndTheirAlertShowWithoutAKey(t *testing.T) {
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeDB() })
	d := demo.Generate(demo.Options{Seed: 1, Transactions: 2000, End: fixedNow})
	if _, err := demo.Load(ctx, st, d); err != nil {
		t.Fatal(err)
	}
	if _, err := alerts.EvaluateAll(ctx, st, fixedNow); err != nil {
		t.Fatal(err)
	}
	f := feed.New(st, d, feed.Options{Clock: fixedClock{}})

	// The arrivals up to the terminal's retry, and the account it is on.
	var due []demo.Arrival
	for len(due) == 0 || !due[len(due)-1].Duplicate {
		due = append(due, f.Next())
		if len(due) > 20 {
			t.Fatal("no retry in 20 arrivals")
		}
	}
	retry := due[len(due)-1]
	name := accountName(d, retry.AccountKey)

	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 120, 32)
	m = toAccount(t, m, name)
	c := m.current()
	alertsConv := m.find(convAlerts)
	badge := alertsConv.unread
	others := map[string]int{}
	for _, o := range m.convs {
		others[o.id] = o.unread
	}
	raised := 0
	for i, a := range due {
		res, err := f.Deliver(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		raised += len(res.Alerts)
		m = send(t, m, refreshTickMsg{})
		if a.AccountKey != retry.AccountKey {
			// Another account: its badge counts the arrival.
			var o *conv
			for _, x := range m.convs {
				if x.kind == kindAccount && x.account.Name == accountName(d, a.AccountKey) {
					o = x
				}
			}
			if o == nil {
				t.Fatalf("no conversation for %s", a.AccountKey)
			}
			others[o.id]++
			if o.unread != others[o.id] || entryOf(m, o.id).Badge != others[o.id] {
				t.Errorf("arrival %d on %s: badge %d, want %d", i, o.title, o.unread, others[o.id])
			}
			continue
		}
		last := c.t.Item(c.t.Len() - 1)
		if last.Tx == nil || last.Tx.ExternalID != a.ExternalID || last.Tx.Payee != a.Payee {
			t.Fatalf("arrival %d (%s) is not at the bottom of %s: %+v", i, a.ExternalID, name, last)
		}
		if !strings.Contains(plain(m), a.Payee) {
			t.Errorf("arrival %d: the frame does not show %q:\n%s", i, a.Payee, plain(m))
		}
		if c.unread != 0 {
			t.Errorf("arrival %d: the open account has a badge of %d", i, c.unread)
		}
	}

	// The retry raised the alert: the status line says so and the Alerts
	// badge counts it (with any other alert an arrival raised, such as a
	// category's spending going over its usual), all without a key.
	title := "Possible duplicate charge on " + name
	if !strings.Contains(m.status, "New alert: "+title) || m.statusErr {
		t.Errorf("status %q, want the new alert", m.status)
	}
	if !strings.Contains(plain(m), "New alert: "+title) {
		t.Errorf("the frame does not show the new alert:\n%s", plain(m))
	}
	if alertsConv.unread != badge+raised || entryOf(m, convAlerts).Badge != badge+raised || raised == 0 {
		t.Errorf("alerts badge %d, want %d", alertsConv.unread, badge+raised)
	}
	// Up the sidebar to Alerts: the alert is the newest there.
	for i := 0; i < len(m.convs) && m.current() != alertsConv; i++ {
		m = send(t, m, ctrl('k'))
	}
	m = send(t, m, press(tea.KeyEnd))
	last := alertsConv.t.Item(alertsConv.t.Len() - 1)
	if last.Alert == nil || last.Alert.Rule != alerts.RuleDuplicate || last.Alert.Title != title {
		t.Fatalf("the Alerts conversation ends with %+v", last)
	}
	if scr := plain(m); !strings.Contains(scr, title) || !strings.Contains(scr, retry.Payee) {
		t.Errorf("the Alerts conversation does not show %q at %q:\n%s", title, retry.Payee, scr)
	}
}

func accountName(d *demo.Data, key string) string {
	for _, a := range d.Accounts {
		if a.Key == key {
			return a.Name
		}
	}
	return ""
}
