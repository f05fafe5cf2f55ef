package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/assistant"
	"penny/store"
	"penny/themes"
)

// hostile is bank text that tries to act on the terminal: clear the screen,
// write the clipboard (OSC 52), retitle the window, and reverse the reading
// order of what follows.
const hostile = "\x1b[2JPWNED\x1b]52;c;ZXZpbA==\x07\u202eKCATTA\x1b]0;title\x07\x9b31m\x00"

// sgr matches the only escape sequences Penny itself draws: colours and
// attributes.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

func hostileStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeDB() })
	acct, err := st.CreateAccount(ctx, store.AccountParams{Name: "Evil " + hostile, Type: "checking", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC)
	if _, err := st.InsertTransactions(ctx, []store.NewTransaction{
		{AccountID: acct.ID, Posted: day, Amount: -615, Currency: "USD", Payee: "BLUE BOTTLE " + hostile, Category: "Dining" + hostile, Pending: true},
		{AccountID: acct.ID, Posted: day, Amount: 250000, Currency: "USD", Payee: hostile, Memo: hostile},
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddAlert(ctx, store.Alert{
		Rule: "large", Severity: "danger" + hostile, Title: "Large charge " + hostile,
		Body: hostile + "\nsecond line", Why: hostile, DedupKey: "x",
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

func hostileReply() assistant.Reply {
	return assistant.Reply{
		Text: "Payee " + hostile + " line\nnext " + hostile,
		Table: &assistant.Table{
			Columns: []string{"Payee" + hostile, "Amount"},
			Right:   []bool{false, true},
			Rows: [][]assistant.Cell{
				{{Text: hostile}, {Text: "-6.15" + hostile, Amount: usd(-615)}},
			},
		},
		Chart:       &assistant.Chart{Kind: "bars", Title: hostile, Labels: []string{hostile}, Values: []int64{-615}, Currency: "USD" + hostile},
		Suggestions: []string{hostile},
	}
}

// assertInert fails if s holds anything but text, newlines and SGR codes.
func assertInert(t *testing.T, where, s string) {
	t.Helper()
	rest := sgr.ReplaceAllString(s, "")
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u009b", "\x00"} {
		if strings.Contains(rest, bad) {
			i := strings.Index(rest, bad)
			t.Errorf("%s: emits %q near %q", where, bad, rest[max(0, i-20):min(len(rest), i+20)])
		}
	}
	for _, r := range rest {
		if r < 0x20 && r != '\n' {
			t.Errorf("%s: emits control %U", where, r)
			break
		}
	}
}

func TestHostileTextIsShownInertEverywhere(t *testing.T) {
	st := hostileStore(t)
	a := &fakeAsker{reply: hostileReply(), completions: []string{hostile}}
	for _, theme := range themes.Names() {
		t.Run(theme, func(t *testing.T) {
			m := start(t, Options{Store: st, Asker: a, Theme: theme, Title: "Penny " + hostile, ReadOnly: true}, 100, 40)
			m = send(t, m, typeText("what?")...)
			m = send(t, m, press(tea.KeyEnter))
			frames := map[string]string{"penny": m.Render()}
			for i := 1; i < len(m.convs); i++ {
				m = send(t, m, ctrl('j'))
				frames[m.current().id] = m.Render()
			}
			m = send(t, m, typeText("/")...)
			frames["palette"] = m.Render()
			m = send(t, m, press(tea.KeyEscape), typeText("?")[0])
			frames["help"] = m.Render()
			v := m.View()
			frames["window title"] = v.WindowTitle

			all := ""
			for where, f := range frames {
				assertInert(t, where, f)
				all += f
			}
			visible := sgr.ReplaceAllString(all, "")
			for _, want := range []string{"␛[2J", "␛]52;c;ZXZpbA==␇", "PWNED", "Large charge", "BLUE BOTTLE", "Evil", "Payee"} {
				if !strings.Contains(visible, want) {
					t.Errorf("the hostile text is not shown as visible text %q", want)
				}
			}
		})
	}
}
