package notify

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"penny/store/storetest"
	"strings"
	"testing"
	"time"

	"penny/alerts"
	"penny/store"
	"penny/store/vault"
)

type recorder struct {
	got []Notification
	err error
}

func (r *recorder) Send(_ context.Context, n Notification) error {
	if r.err != nil {
		return r.err
	}
	r.got = append(r.got, n)
	return nil
}

// raise adds alerts the way the rules word them: titles without amounts,
// bodies with them.
func raise(t *testing.T, st *store.Store, n int, severity string) []store.Alert {
	t.Helper()
	var out []store.Alert
	for i := range n {
		a := store.Alert{Rule: alerts.RuleLarge, Severity: severity, Title: "Large charge on Visa Signature",
			Body:     fmt.Sprintf("1,%03d.00 USD at APPLE STORE #R034 BERKELEY CA on 2026-04-16.", i),
			Why:      "Rule large-transaction: ...",
			DedupKey: fmt.Sprintf("test:%s:%d:%d", severity, i, time.Now().UnixNano())}
		id, added, err := st.AddAlert(context.Background(), a)
		if err != nil || !added {
			t.Fatal(err)
		}
		a.ID = id
		out = append(out, a)
	}
	return out
}

func TestGroup(t *testing.T) {
	st := storetest.Memory(t)
	as := raise(t, st, 3, alerts.Warning)
	ns := Group(as)
	if len(ns) != 3 {
		t.Fatalf("%d notifications for 3 alerts", len(ns))
	}
	for _, n := range ns {
		if n.Title != "Large charge on Visa Signature" || n.Body != alerts.PrivateBody || n.Urgency != Normal || n.AppName != "Penny" {
			t.Errorf("private: %+v", n)
		}
	}
	detailed := Policy{Details: true, AppName: "Penny test"}.Group(as)
	if detailed[1].Body != "1,001.00 USD at APPLE STORE #R034 BERKELEY CA on 2026-04-16." || detailed[1].AppName != "Penny test" {
		t.Errorf("details: %+v", detailed[1])
	}
	burst := append(as, raise(t, st, 2, alerts.Danger)...)
	ns = Group(burst)
	if len(ns) != 1 {
		t.Fatalf("a burst of 5 gave %d notifications", len(ns))
	}
	want := Notification{Title: "5 new alerts", Urgency: Critical, AppName: "Penny",
		Body: "Large charge on Visa Signature; Large charge on Visa Signature; Large charge on Visa Signature; and 2 more."}
	if ns[0] != want {
		t.Errorf("burst:\n got %+v\nwant %+v", ns[0], want)
	}
	// Even with details on, a summary names no amount.
	if n := (Policy{Details: true}).Group(burst)[0]; strings.Contains(n.Body, "USD") {
		t.Errorf("summary leaks: %+v", n)
	}
	if ns := (Policy{MaxSeparate: 5}).Group(burst); len(ns) != 5 {
		t.Errorf("MaxSeparate 5: %d notifications", len(ns))
	}
	if ns := Group(nil); len(ns) != 0 {
		t.Errorf("nothing to say: %+v", ns)
	}
}

func TestUrgencyOf(t *testing.T) {
	for sev, want := range map[string]int{alerts.Info: Low, alerts.Warning: Normal, alerts.Danger: Critical, "": Normal} {
		if got := UrgencyOf(sev); got != want {
			t.Errorf("%q: %d, want %d", sev, got, want)
		}
	}
}

func TestDeliverOnceAndSkipRead(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	as := raise(t, st, 3, alerts.Warning)
	if err := st.MarkAlertsRead(ctx, as[1].ID); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	d := &Deliverer{Store: st, Senders: []Sender{rec}}
	rep, err := d.Deliver(ctx)
	if err != nil || rep.Alerts != 2 || rep.Notifications != 2 || len(rec.got) != 2 {
		t.Fatalf("first: %+v %v %+v", rep, err, rec.got)
	}
	if mark, _ := Watermark(ctx, st); mark != as[2].ID {
		t.Errorf("watermark %d, want %d", mark, as[2].ID)
	}
	rep, err = d.Deliver(ctx)
	if err != nil || rep.Alerts != 0 || len(rec.got) != 2 {
		t.Errorf("second: %+v %v", rep, err)
	}
	more := raise(t, st, 1, alerts.Danger)
	if rep, err = d.Deliver(ctx); err != nil || rep.Alerts != 1 || len(rec.got) != 3 || rec.got[2].Urgency != Critical {
		t.Errorf("third: %+v %v %+v", rep, err, rec.got)
	}
	if mark, _ := Watermark(ctx, st); mark != more[0].ID {
		t.Errorf("watermark %d, want %d", mark, more[0].ID)
	}
}

func TestDeliverHoldsDuringQuietHours(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	raise(t, st, 2, alerts.Warning)
	rec := &recorder{}
	clock := time.Date(2026, 4, 20, 23, 15, 0, 0, time.UTC)
	d := &Deliverer{Store: st, Senders: []Sender{rec}, Quiet: &Quiet{From: 22 * time.Hour, To: 7 * time.Hour},
		Now: func() time.Time { return clock }}
	rep, err := d.Deliver(ctx)
	if err != nil || !rep.Held || rep.Waiting != 2 || rep.Until.Format(time.RFC3339) != "2026-04-21T07:00:00Z" || len(rec.got) != 0 {
		t.Fatalf("quiet: %+v %v %+v", rep, err, rec.got)
	}
	// The alerts were raised all the same; only the notification waits.
	if all, _ := st.Alerts(ctx, store.AlertQuery{}); len(all) != 2 {
		t.Errorf("%d alerts stored", len(all))
	}
	clock = time.Date(2026, 4, 21, 7, 0, 0, 0, time.UTC)
	if rep, err = d.Deliver(ctx); err != nil || rep.Held || rep.Alerts != 2 || len(rec.got) != 2 {
		t.Errorf("after quiet hours: %+v %v", rep, err)
	}
}

func TestDeliverRetriesWhenNoSenderWorks(t *testing.T) {
	ctx := context.Background()
	st := storetest.Memory(t)
	raise(t, st, 2, alerts.Warning)
	// What the D-Bus sender says when no notification server runs.
	errNoServer := errors.New("notify: no notification server on the D-Bus session bus")
	down := &recorder{err: errNoServer}
	d := &Deliverer{Store: st, Senders: []Sender{down}}
	if _, err := d.Deliver(ctx); !errors.Is(err, ErrNotDelivered) || !errors.Is(err, errNoServer) {
		t.Fatalf("err %v", err)
	}
	if mark, _ := Watermark(ctx, st); mark != 0 {
		t.Errorf("watermark moved to %d though nothing was delivered", mark)
	}
	// One sender is enough.
	up := &recorder{}
	d.Senders = []Sender{down, up}
	rep, err := d.Deliver(ctx)
	if err != nil || rep.Alerts != 2 || len(up.got) != 2 || len(rep.Failed) != 1 {
		t.Errorf("%+v %v", rep, err)
	}
	d.Senders = nil
	raise(t, st, 1, alerts.Info)
	if _, err := d.Deliver(ctx); !errors.Is(err, ErrNotDelivered) {
		t.Errorf("no senders: %v", err)
	}
}

// A crash between raising alerts and notifying them: the next start, on the
// same vault file, delivers them, and only once.
func TestDeliverAfterCrash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), vault.FileName)
	// A fresh slice each time: the vault wipes a passphrase after use.
	pass := func() []byte { return []byte("correct horse battery staple") }
	open := func() *vault.Vault {
		v, err := vault.Open(ctx, path, vault.OpenOptions{Passphrase: func() ([]byte, error) { return pass(), nil }})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v, err := vault.Create(ctx, path, vault.CreateOptions{Passphrase: pass(), KDF: vault.MinKDF})
	if err != nil {
		t.Fatal(err)
	}
	st := storeOn(t, v)
	clock := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })
	acct, err := st.CreateAccount(ctx, store.AccountParams{Name: "Visa Signature", Type: "credit", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(24 * time.Hour)
	now := time.Date(2026, 4, 20, 12, 0, 0, 0, time.UTC)
	// The sync engine's transaction: rows and alerts commit together.
	err = st.WithTx(ctx, func(tx *store.Store) error {
		ids, err := tx.InsertTransactions(ctx, []store.NewTransaction{
			{AccountID: acct.ID, Posted: now.AddDate(0, 0, -2), Amount: -124000, Currency: "USD", Payee: "APPLE STORE #R034 BERKELEY CA"},
			{AccountID: acct.ID, Posted: now.AddDate(0, 0, -1), Amount: -4873, Currency: "USD", Payee: "SHELL OIL 34087461703"},
			{AccountID: acct.ID, Posted: now.AddDate(0, 0, -1), Amount: -4873, Currency: "USD", Payee: "SHELL OIL 34087461703", Ordinal: 1},
		})
		if err != nil {
			return err
		}
		raised, err := alerts.Evaluate(ctx, tx, alerts.Event{NewTransactionIDs: ids, Now: now})
		if err == nil && len(raised) == 0 {
			err = errors.New("nothing raised")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	raised, err := st.Alerts(ctx, store.AlertQuery{})
	if err != nil {
		t.Fatal(err)
	}
	// Crash: the deliverer never ran.
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	v = open()
	rec := &recorder{}
	rep, err := (&Deliverer{Store: storeOn(t, v), Senders: []Sender{rec}, Policy: Policy{MaxSeparate: 10}}).Deliver(ctx)
	if err != nil || rep.Alerts != len(raised) || len(rec.got) != len(raised) {
		t.Fatalf("after the crash: %+v %v, %d notifications for %d alerts", rep, err, len(rec.got), len(raised))
	}
	for i, n := range rec.got {
		a := raised[len(raised)-1-i] // Alerts lists newest first; delivery is oldest first
		if n.Title != a.Title || n.Body != alerts.PrivateBody {
			t.Errorf("notification %d: %+v for %q", i, n, a.Title)
		}
		if strings.Contains(n.Title+n.Body, "1,240") || strings.Contains(n.Title+n.Body, "APPLE") {
			t.Errorf("private mode leaks: %+v", n)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	v = open()
	defer v.Close()
	again := &recorder{}
	rep, err = (&Deliverer{Store: storeOn(t, v), Senders: []Sender{again}}).Deliver(ctx)
	if err != nil || rep.Alerts != 0 || len(again.got) != 0 {
		t.Errorf("second start delivered again: %+v %v %+v", rep, err, again.got)
	}
}

// storeOn composes the vault with a store as the program does: the store
// opens on the vault's database and saves through it after every write.
func storeOn(t *testing.T, v *vault.Vault) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), v.DB(), store.WithShared(v))
	if err != nil {
		t.Fatal(err)
	}
	return st
}
