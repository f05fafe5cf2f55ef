package ui

import (
	"github.com/charmbracelet/x/ansi"

	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"penny/money"
	"penny/store"
	"penny/ui/sidebar"
)

// Another writer (the daemon through Options.Refresh, or a sync in this
// process) adds rows to the store while the chat runs; a refresh tick must
// bring them on screen.

const newAlertTitle = "Possible duplicate charge at Hardware Barn"

func addAlert(t testing.TB, st *store.Store, title, key string, account int64) int64 {
	t.Helper()
	id, added, err := st.AddAlert(context.Background(), store.Alert{
		Rule: "duplicate", Severity: "warning", Title: title,
		Body: "Two charges of the same amount on the same day.", Why: "Same payee, day and amount.",
		AccountID: account, DedupKey: key,
	})
	if err != nil || !added {
		t.Fatalf("add alert: %v, added %v", err, added)
	}
	return id
}

func addTx(t testing.TB, st *store.Store, a store.Account, ext string, minor int64, pending bool) int64 {
	t.Helper()
	posted := a.LastPosted
	if posted.IsZero() {
		posted = fixedNow.Truncate(24 * time.Hour)
	}
	ids, err := st.InsertTransactions(context.Background(), []store.NewTransaction{{
		AccountID: a.ID, ExternalID: ext, Posted: posted, Amount: minor, Currency: a.Currency,
		Payee: "HARDWARE BARN #42 SPRINGFIELD", Pending: pending,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

func entryOf(m Model, id string) sidebar.Entry {
	for i, c := range m.convs {
		if c.id == id {
			return m.sidebar.Entries()[i]
		}
	}
	return sidebar.Entry{}
}

// txLoaded counts the transactions of c shown or waiting in its buffer.
func txLoaded(c *conv) int {
	n := len(c.sources[0].buf)
	for i := range c.t.Len() {
		if c.t.Item(i).Tx != nil {
			n++
		}
	}
	return n
}

// toAccount moves down the sidebar to the account called name.
func toAccount(t *testing.T, m Model, name string) Model {
	t.Helper()
	for range len(m.convs) {
		if m.current().title == name {
			if m.current().sources[0].done {
				t.Fatalf("%s fits in one page", name)
			}
			return m
		}
		m = send(t, m, ctrl('j'))
	}
	t.Fatalf("no account %s", name)
	return m
}

// pageToStart pages the current account up to its first transaction and
// checks that each of its rows is shown exactly once.
func pageToStart(t *testing.T, m Model, st *store.Store) Model {
	t.Helper()
	c := m.current()
	for range 60 {
		m = send(t, m, press(tea.KeyPgUp))
	}
	count, err := st.CountTransactions(context.Background(), store.TxQuery{AccountIDs: []int64{c.account.ID}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range c.t.Len() {
		if k := c.t.Item(i).Key; c.t.Item(i).Tx != nil {
			if seen[k] {
				t.Fatalf("%s shown twice", k)
			}
			seen[k] = true
		}
	}
	if int64(len(seen)) != count {
		t.Errorf("%d transactions shown after paging to the start, want %d", len(seen), count)
	}
	return m
}

func TestATickShowsWhatAnotherWriterAdded(t *testing.T) {
	st := demoStore(t, 500)
	ctx := context.Background()
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	// Through Alerts (its empty note is shown) to an account with more
	// than a page of history.
	m = toAccount(t, m, "Everyday Checking")
	c := m.current()
	if c.kind != kindAccount {
		t.Fatalf("at %s", c.id)
	}
	acct := c.account
	alerts := m.find(convAlerts)
	badge := alerts.unread
	// Scrolled up: what is on screen must stay there. (A page up may load
	// an older page: settle that first.)
	m = send(t, m, press(tea.KeyPgUp))
	before := c.t.View()
	n := c.t.Len()

	alertID := addAlert(t, st, newAlertTitle, "test:dup:1", acct.ID)
	txID := addTx(t, st, acct, "refresh-1", -12345, false)
	m = send(t, m, refreshTickMsg{})

	if !strings.Contains(m.status, "New alert: "+newAlertTitle) || m.statusErr {
		t.Errorf("status %q (error %v), want the new alert's title", m.status, m.statusErr)
	}
	if alerts.unread != badge+1 || entryOf(m, convAlerts).Badge != badge+1 {
		t.Errorf("alerts badge %d (sidebar %d), want %d", alerts.unread, entryOf(m, convAlerts).Badge, badge+1)
	}
	want, err := acct.Balance.Add(money.New(-12345, acct.Currency))
	if err != nil {
		t.Fatal(err)
	}
	if got := entryOf(m, c.id).Detail; got != want.Format() {
		t.Errorf("sidebar balance %s, want %s (was %s)", got, want.Format(), acct.Balance.Format())
	}
	if !strings.Contains(plain(m), want.Format()) {
		t.Errorf("the frame does not show the balance %s", want.Format())
	}
	if c.t.Len() != n+1 {
		t.Fatalf("%d items, want %d", c.t.Len(), n+1)
	}
	if last := c.t.Item(c.t.Len() - 1); last.Tx == nil || last.Tx.ID != txID {
		t.Errorf("the bottom item is %+v, want transaction %d", last, txID)
	}
	// What the user reads stays put; the bottom line says "1 new ↓".
	after := strings.Split(c.t.View(), "\n")
	was := strings.Split(before, "\n")
	if c.t.AtBottom() || strings.Join(after[:len(after)-1], "\n") != strings.Join(was[:len(was)-1], "\n") {
		t.Error("the new transaction moved a view that was scrolled up")
	}
	if !strings.Contains(ansi.Strip(after[len(after)-1]), "1 new ↓") {
		t.Errorf("the bottom line %q does not say a message arrived below", ansi.Strip(after[len(after)-1]))
	}
	if c.unread != 0 {
		t.Errorf("the open account has a badge of %d", c.unread)
	}
	if loaded := txLoaded(c); c.sources[0].cursor != int64(loaded) {
		t.Errorf("the page offset is %d with %d rows loaded", c.sources[0].cursor, loaded)
	}
	m = send(t, m, press(tea.KeyEscape))
	if !strings.Contains(plain(m), "HARDWARE BARN") {
		t.Errorf("the new transaction is not at the bottom:\n%s", plain(m))
	}

	// Paging up to the start shows every row once: the page offset moved
	// with the row added at the top of the history.
	m = pageToStart(t, m, st)
	// The Alerts conversation shows it in place of its empty note, and
	// opening it reads it.
	for i := 0; i < 3 && m.current() != alerts; i++ {
		m = send(t, m, ctrl('k'))
	}
	if m.current() != alerts {
		t.Fatalf("at %s", m.current().id)
	}
	last := alerts.t.Item(alerts.t.Len() - 1)
	if last.Alert == nil || last.Alert.ID != alertID || alerts.t.Has("greeting") {
		t.Errorf("alerts transcript ends with %+v, greeting still there: %v", last, alerts.t.Has("greeting"))
	}
	if !strings.Contains(plain(m), newAlertTitle) {
		t.Errorf("the Alerts conversation does not show %q:\n%s", newAlertTitle, plain(m))
	}
	unread, err := st.Alerts(ctx, store.AlertQuery{UnreadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if alerts.unread != 0 || len(unread) != 0 {
		t.Errorf("badge %d, %d unread in the store after reading", alerts.unread, len(unread))
	}
}

func TestANewAlertOnScreenIsAppendedAndRead(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	m = send(t, m, ctrl('j'))
	alerts := m.current()
	id := addAlert(t, st, newAlertTitle, "test:dup:2", 0)
	m = send(t, m, refreshTickMsg{})
	if alerts.unread != 0 || entryOf(m, convAlerts).Badge != 0 {
		t.Errorf("an alert read as it arrives left a badge of %d", alerts.unread)
	}
	if !strings.Contains(plain(m), newAlertTitle) || strings.Contains(plain(m), "No alerts yet") {
		t.Errorf("the new alert is not on screen:\n%s", plain(m))
	}
	a, err := st.Alerts(context.Background(), store.AlertQuery{Limit: 1})
	if err != nil || len(a) != 1 || a[0].ID != id || !a[0].Read {
		t.Errorf("the alert on screen is not marked read: %+v, %v", a, err)
	}
}

func TestAnAccountNotOnScreenCountsItsNewRows(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	c := m.convs[3]
	badge := c.unread
	addTx(t, st, c.account, "away-1", -500, false)
	addTx(t, st, c.account, "away-2", -700, false)
	m = send(t, m, refreshTickMsg{})
	if c.unread != badge+2 || entryOf(m, c.id).Badge != badge+2 {
		t.Errorf("badge %d, want %d", c.unread, badge+2)
	}
	if m.status != "" {
		t.Errorf("new transactions set the status %q", m.status)
	}
	// Opening it loads them with the rest, once.
	m = send(t, m, ctrl('j'), ctrl('j'), ctrl('j'))
	if m.current() != c {
		t.Fatalf("at %s", m.current().id)
	}
	n := 0
	for i := range c.t.Len() {
		if tx := c.t.Item(i).Tx; tx != nil && strings.HasPrefix(tx.Payee, "HARDWARE BARN") {
			n++
		}
	}
	if n != 2 || c.unread != 0 {
		t.Errorf("%d new rows shown, badge %d", n, c.unread)
	}
}

func TestAPendingRowThatPostsIsRedrawnAndAReplacedOneRemoved(t *testing.T) {
	st := demoStore(t, 500)
	ctx := context.Background()
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	m = toAccount(t, m, "Everyday Checking")
	c := m.current()
	acct := c.account
	swipe := addTx(t, st, acct, "swipe-1", -4200, true)
	other := addTx(t, st, acct, "swipe-2", -1000, true)
	m = send(t, m, refreshTickMsg{})
	if last := c.t.Item(c.t.Len() - 1); last.Tx == nil || last.Tx.ID != other || !last.Tx.Pending {
		t.Fatalf("the bottom item is %+v", last)
	}
	n := c.t.Len()

	if err := st.PostPending(ctx, swipe, acct.LastPosted, -4350, "HARDWARE BARN #42 SPRINGFIELD", ""); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteTransaction(ctx, other, "replaced"); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshTickMsg{})
	if c.t.Has(txItem(store.Transaction{ID: other}, time.UTC).Key) {
		t.Error("the deleted row is still shown")
	}
	if c.t.Len() != n-1 {
		t.Errorf("%d items, want %d", c.t.Len(), n-1)
	}
	last := c.t.Item(c.t.Len() - 1)
	if last.Tx == nil || last.Tx.ID != swipe || last.Tx.Pending || last.Tx.Amount.Minor != -4350 {
		t.Errorf("the posted swipe shows as %+v", last.Tx)
	}
	want, err := st.Account(ctx, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := entryOf(m, c.id).Detail; got != want.Balance.Format() {
		t.Errorf("sidebar balance %s, want %s", got, want.Balance.Format())
	}
	pageToStart(t, m, st)
}

func TestAPageArrivingAfterARefreshDoesNotRepeatItsRows(t *testing.T) {
	st := demoStore(t, 500)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	// Stop on the conversation just above Everyday Checking.
	for i := m.sidebar.Selected(); i+1 >= len(m.convs) || m.convs[i+1].title != "Everyday Checking"; i = m.sidebar.Selected() {
		m = send(t, m, ctrl('j'))
	}
	// Everyday Checking is opened, but its first page is held back until
	// a refresh has brought a row that the page holds too.
	next, page := m.Update(ctrl('j'))
	m = next.(Model)
	c := m.current()
	if c.title != "Everyday Checking" || c.t.Len() != 0 {
		t.Fatalf("at %s with %d items", c.title, c.t.Len())
	}
	id := addTx(t, st, c.account, "race-1", -999, false)
	m = send(t, m, refreshTickMsg{})
	m = run(t, m, page)
	n := 0
	for i := range c.t.Len() {
		if tx := c.t.Item(i).Tx; tx != nil && tx.ID == id {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the new row shows %d times", n)
	}
	pageToStart(t, m, st)
}

func TestRefreshIsCalledThenTheStoreIsRead(t *testing.T) {
	st := demoStore(t, 200)
	var calls atomic.Int32
	hook := func(ctx context.Context) error {
		// What reloading the vault file would do: the store gains rows.
		if calls.Add(1) == 2 {
			addAlert(t, st, newAlertTitle, "test:hook", 0)
		}
		return nil
	}
	m := start(t, Options{Store: st, Asker: &fakeAsker{}, Refresh: hook}, 100, 30)
	m = send(t, m, refreshTickMsg{})
	if m.status != "" || calls.Load() != 1 {
		t.Fatalf("status %q after %d calls with nothing new", m.status, calls.Load())
	}
	m = send(t, m, refreshTickMsg{})
	if !strings.Contains(m.status, newAlertTitle) || calls.Load() != 2 {
		t.Errorf("status %q after %d calls", m.status, calls.Load())
	}
}

func TestATickWhileARefreshRunsIsSkipped(t *testing.T) {
	st := demoStore(t, 100)
	var calls atomic.Int32
	m := start(t, Options{Store: st, Refresh: func(context.Context) error { calls.Add(1); return nil }}, 100, 30)
	next, first := m.Update(refreshTickMsg{})
	m = next.(Model)
	next, second := m.Update(refreshTickMsg{})
	m = next.(Model)
	if first == nil || second != nil {
		t.Fatalf("first tick gave %v, second %v: the second must only re-arm the timer, which is off", first != nil, second != nil)
	}
	m = run(t, m, first)
	if calls.Load() != 1 || m.refresh.running {
		t.Fatalf("%d calls, running %v", calls.Load(), m.refresh.running)
	}
	if _, cmd := m.Update(refreshTickMsg{}); cmd == nil {
		t.Error("a tick after the refresh ended started nothing")
	}
}

func TestNothingChangedReadsNothingMore(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st}, 100, 30)
	m = send(t, m, ctrl('j'), ctrl('j'))
	req := refreshRequest{prev: m.refresh.fp, alertMax: m.refresh.alertMax, open: map[int64]int{m.current().account.ID: pageSize}}
	msg := refreshStore(context.Background(), st, req)().(refreshMsg)
	if msg.err != nil || msg.changed || msg.alerts != nil || msg.txs != nil {
		t.Errorf("an unchanged store gave %+v", msg)
	}
	addTx(t, st, m.current().account, "fp-1", -100, false)
	msg = refreshStore(context.Background(), st, req)().(refreshMsg)
	if !msg.changed || len(msg.txs[m.current().account.ID]) == 0 {
		t.Errorf("a new row was not noticed: changed %v, %d rows", msg.changed, len(msg.txs))
	}
}

func TestAFailingRefreshIsShownOnceAndRetried(t *testing.T) {
	st := demoStore(t, 200)
	var mu sync.Mutex
	fail := errors.New("the vault file is being written; try again")
	var calls int
	hook := func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return fail
	}
	setFail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		fail = err
	}
	m := start(t, Options{Store: st, Asker: &fakeAsker{}, Refresh: hook}, 100, 30)
	m = send(t, m, refreshTickMsg{})
	if !m.statusErr || !strings.Contains(m.status, "Could not refresh") || !strings.Contains(m.status, "being written") {
		t.Fatalf("status %q (error %v)", m.status, m.statusErr)
	}
	if !strings.Contains(plain(m), "Could not refresh") {
		t.Errorf("the status is not on screen:\n%s", plain(m))
	}
	// A key clears it; the same failure again does not bring it back.
	m = send(t, m, press(tea.KeyPgDown))
	m = send(t, m, refreshTickMsg{}, refreshTickMsg{})
	if m.status != "" || calls != 3 {
		t.Errorf("status %q after %d calls", m.status, calls)
	}
	// Recovered: the refresh goes on as before.
	setFail(nil)
	addAlert(t, st, newAlertTitle, "test:after-failure", 0)
	m = send(t, m, refreshTickMsg{})
	if !strings.Contains(m.status, "New alert: "+newAlertTitle) || m.statusErr {
		t.Errorf("status %q after recovering", m.status)
	}
	// A new failure after a success is news again.
	setFail(errors.New("disk full"))
	m = send(t, m, refreshTickMsg{})
	if !m.statusErr || !strings.Contains(m.status, "disk full") {
		t.Errorf("status %q", m.status)
	}
}

func TestTheTimerIsOffWithoutAStore(t *testing.T) {
	m := New(Options{Now: clock, RefreshEvery: time.Millisecond})
	if cmd := m.tick(); cmd != nil {
		t.Error("a chat without a store arms the refresh timer")
	}
	m = New(Options{Store: demoStore(t, 10), Now: clock})
	if m.opt.RefreshEvery != defaultRefreshEvery || m.tick() == nil {
		t.Errorf("refresh every %s, timer armed %v", m.opt.RefreshEvery, m.tick() != nil)
	}
}

func TestFlowANewAlertAppearsWhileTheChatRuns(t *testing.T) {
	st := demoStore(t, 500)
	var calls atomic.Int32
	hook := func(context.Context) error {
		if calls.Add(1) <= 2 {
			return errors.New("the vault is being written")
		}
		return nil
	}
	tm := newFlow(t, Options{Store: st, Asker: &fakeAsker{}, Title: "Penny demo", Refresh: hook, RefreshEvery: 50 * time.Millisecond})
	// One wait for both: the failures may be drawn in the first frame.
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("ACCOUNTS")) && bytes.Contains(b, []byte("Could not refresh"))
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	// The daemon raises an alert while the chat shows Penny.
	addAlert(t, st, newAlertTitle, "test:flow", 0)
	waitFor(t, tm, newAlertTitle)
	tm.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	waitFor(t, tm, "Why:")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	c := final.current()
	if c.id != convAlerts || c.t.Len() == 0 || c.t.Item(c.t.Len()-1).Alert == nil || c.t.Item(c.t.Len()-1).Alert.Title != newAlertTitle {
		t.Errorf("ended in %s with %d items", c.id, c.t.Len())
	}
	if calls.Load() < 3 {
		t.Errorf("Refresh was called %d times", calls.Load())
	}
}

// TestTheStatusLineNamesTheAlertThatMatters brings several alerts in one
// refresh, as one import raises them: the status line names the most
// severe, and among equals the first raised (a duplicate charge before the
// category total the same charge pushed over its usual).
func TestTheStatusLineNamesTheAlertThatMatters(t *testing.T) {
	st := demoStore(t, 200)
	ctx := context.Background()
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 120, 30)
	add := func(severity, title string) {
		t.Helper()
		if _, added, err := st.AddAlert(ctx, store.Alert{Rule: "test", Severity: severity, Title: title, Body: "b", Why: "w", DedupKey: title}); err != nil || !added {
			t.Fatalf("add alert: %v, added %v", err, added)
		}
	}
	for _, tc := range []struct {
		alerts [][2]string // severity, title, oldest first
		want   string
	}{
		{[][2]string{{"warning", "Possible duplicate charge on Visa"}, {"warning", "Unusual spending on Coffee"}},
			"New alert: Possible duplicate charge on Visa (and 1 more)"},
		{[][2]string{{"info", "New merchant on Visa"}, {"warning", "Large charge on Visa"}, {"info", "Refund on Visa"}},
			"New alert: Large charge on Visa (and 2 more)"},
		{[][2]string{{"warning", "Low balance on Checking"}, {"danger", "Balance going negative on Checking"}},
			"New alert: Balance going negative on Checking (and 1 more)"},
		{[][2]string{{"info", "Deposit on Checking"}}, "New alert: Deposit on Checking"},
	} {
		for _, a := range tc.alerts {
			add(a[0], a[1])
		}
		m = send(t, m, refreshTickMsg{})
		if m.status != tc.want || m.statusErr {
			t.Errorf("status %q, want %q", m.status, tc.want)
		}
	}
}

// txOrder lists the transactions of c's transcript, top to bottom, and
// fails unless they go oldest to newest.
func txOrder(t *testing.T, c *conv) []int64 {
	t.Helper()
	var ids []int64
	var prev *store.Transaction
	for i := range c.t.Len() {
		tx := c.t.Item(i).Tx
		if tx == nil {
			continue
		}
		if prev != nil && newerTx(*prev, *tx) {
			t.Errorf("transaction %d (%s) is shown above %d (%s)", prev.ID, prev.Posted.Format(time.DateOnly), tx.ID, tx.Posted.Format(time.DateOnly))
		}
		prev = tx
		ids = append(ids, tx.ID)
	}
	return ids
}

// A row deleted by another Penny anywhere in what the transcript loaded,
// not only in its newest page, leaves it at the next refresh; an undo puts
// it back in its place.
func TestADeletedRowLeavesAndAnUndoneOneComesBack(t *testing.T) {
	st := demoStore(t, 500)
	ctx := context.Background()
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	m = toAccount(t, m, "Everyday Checking")
	c := m.current()
	// Load a second page: the rows to delete are older than the newest
	// page a refresh used to read.
	for range 8 {
		m = send(t, m, press(tea.KeyPgUp))
	}
	shown := txOrder(t, c)
	if len(shown) <= pageSize+2 {
		t.Fatalf("%d rows loaded, want more than a page", len(shown))
	}
	old, recent := shown[3], shown[len(shown)-1]
	if _, err := st.DeleteTransactions(ctx, []int64{old, recent}); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshTickMsg{})
	after := txOrder(t, c)
	for _, id := range []int64{old, recent} {
		if c.t.Has(txItem(store.Transaction{ID: id}, time.UTC).Key) || slices.Contains(after, id) {
			t.Errorf("deleted row %d is still shown", id)
		}
	}
	if len(after) != len(shown)-2 {
		t.Errorf("%d rows after deleting 2 of %d", len(after), len(shown))
	}
	if loaded := txLoaded(c); c.sources[0].cursor != int64(loaded) {
		t.Errorf("the page offset is %d with %d rows loaded", c.sources[0].cursor, loaded)
	}

	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshTickMsg{})
	if back := txOrder(t, c); !slices.Equal(back, shown) {
		t.Errorf("after the undo the rows are\n%v\nwant\n%v", back, shown)
	}
	if loaded := txLoaded(c); c.sources[0].cursor != int64(loaded) {
		t.Errorf("the page offset is %d with %d rows loaded", c.sources[0].cursor, loaded)
	}
	pageToStart(t, m, st)
}
