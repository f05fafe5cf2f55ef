package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/store"
)

func TestCorrectionWords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text, want string
		ok         bool
	}{
		{"undo", "/undo", true},
		{"Undo that!", "/undo", true},
		{"undo the last change", "/undo", true},
		{"undo my spending", "", false},
		{"delete 4211", "/delete 4211", true},
		{"delete #4211 #12", "/delete #4211 #12", true},
		{"hide 7", "/delete 7", true},
		{"delete", "/delete", true},
		{"delete the large charge alert", "", false},
		{"remove alerts", "", false},
		{"what did I spend?", "", false},
		{"", "", false},
	} {
		got, ok := correctionWords(tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: %q %v, want %q %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

// txShown reports whether the transcript of c holds the transaction id.
func txShown(c *conv, id int64) bool {
	return c.t.Has(txItem(store.Transaction{ID: id}, time.UTC).Key)
}

func submitLine(t *testing.T, m Model, line string) Model {
	t.Helper()
	m = send(t, m, typeText(line)...)
	return send(t, m, press(tea.KeyEnter))
}

// /delete asks, deletes on y as `penny tx delete` does, and the row leaves
// the transcript; "undo" brings it back in its place.
func TestDeleteAndUndoFromTheChat(t *testing.T) {
	st := demoStore(t, 300)
	ctx := context.Background()
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 110, 30)
	m = toAccount(t, m, "Everyday Checking")
	c := m.current()
	shown := txOrder(t, c)
	victim := shown[len(shown)-2]
	tx, err := st.Transaction(ctx, victim)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plain(m), "#"+strconv.FormatInt(victim, 10)) {
		t.Errorf("the transaction's number is not on screen:\n%s", plain(m))
	}

	// Any key but y keeps it.
	m = submitLine(t, m, "/delete "+strconv.FormatInt(victim, 10))
	if m.confirm == nil || !strings.Contains(plain(m), "Delete this transaction?") || !strings.Contains(plain(m), tx.Payee) {
		t.Fatalf("no question:\n%s", plain(m))
	}
	checkFrame(t, m.Render(), 110, 30)
	m = send(t, m, press('n'))
	if m.confirm != nil || !txShown(c, victim) || !strings.Contains(m.status, "nothing was deleted") {
		t.Fatalf("n deleted it, or said nothing: %q", m.status)
	}
	if _, err := st.Transaction(ctx, victim); err != nil {
		t.Fatalf("n deleted it in the store: %v", err)
	}

	m = submitLine(t, m, "delete #"+strconv.FormatInt(victim, 10))
	m = send(t, m, tea.KeyPressMsg{Code: 'y', Text: "y"})
	if txShown(c, victim) || slices.Contains(txOrder(t, c), victim) {
		t.Error("the deleted row is still shown")
	}
	if !strings.Contains(m.status, "Deleted ") || !strings.Contains(m.status, "/undo") {
		t.Errorf("status %q", m.status)
	}
	if _, err := st.Transaction(ctx, victim); err == nil {
		t.Error("the row is still in the store")
	}
	if ch, ok, err := st.LastChange(ctx); err != nil || !ok || ch.Kind != store.ChangeDelete {
		t.Errorf("the last change is %+v, %v, %v", ch, ok, err)
	}
	// What the sidebar shows moved with it.
	acct, err := st.Account(ctx, c.account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := entryOf(m, c.id).Detail; got != acct.Balance.Format() {
		t.Errorf("sidebar balance %s, want %s", got, acct.Balance.Format())
	}

	m = submitLine(t, m, "undo")
	if !strings.HasPrefix(m.status, "Undone: deleted the transaction") || m.statusErr {
		t.Errorf("status %q", m.status)
	}
	if back := txOrder(t, c); !slices.Equal(back, shown) {
		t.Errorf("after the undo the rows are\n%v\nwant\n%v", back, shown)
	}
	m = submitLine(t, m, "/undo")
	if m.status != "Nothing to undo" || !m.statusErr {
		t.Errorf("a second undo: status %q (error %v)", m.status, m.statusErr)
	}
	// Nothing was asked of the assistant.
	if q := m.opt.Asker.(*fakeAsker).questions(); len(q) > 0 {
		t.Errorf("the assistant was asked %q", q)
	}
}

func TestDeleteRefusals(t *testing.T) {
	st := demoStore(t, 100)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	m = submitLine(t, m, "/delete 999999")
	if m.confirm != nil || !m.statusErr || m.status != "No transaction has the id 999999; nothing was deleted" {
		t.Errorf("an unknown id: status %q, confirm %v", m.status, m.confirm)
	}
	m = submitLine(t, m, "/delete twelve")
	if m.confirm != nil || !m.statusErr || !strings.Contains(m.status, `"twelve" is not a transaction id`) {
		t.Errorf("a word: status %q", m.status)
	}
	m = submitLine(t, m, "/delete")
	if m.confirm != nil || !strings.Contains(m.status, "Which one?") {
		t.Errorf("no id: status %q", m.status)
	}

	ro := start(t, Options{Store: st, Asker: &fakeAsker{}, ReadOnly: true}, 100, 30)
	for _, line := range []string{"/delete 1", "/undo"} {
		ro = submitLine(t, ro, line)
		if ro.confirm != nil || !ro.statusErr || !strings.Contains(ro.status, "does not save") {
			t.Errorf("read-only %s: status %q", line, ro.status)
		}
	}
	if _, err := st.Transaction(context.Background(), 1); err != nil {
		t.Errorf("a read-only chat deleted: %v", err)
	}
}
