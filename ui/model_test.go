package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"penny/assistant"
	"penny/store"
	"penny/ui/bubble"
)

func ids(m Model) []string {
	var out []string
	for _, c := range m.convs {
		out = append(out, c.id)
	}
	return out
}

func TestConversationsAreListedPennyAlertsThenAccounts(t *testing.T) {
	st := demoStore(t, 500)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	got := ids(m)
	if len(got) != 8 || got[0] != "penny" || got[1] != "alerts" || !strings.HasPrefix(got[2], "account:") {
		t.Fatalf("conversations = %v, want penny, alerts and six accounts", got)
	}
	frame := plain(m)
	for _, want := range []string{"Penny", "Alerts", "Everyday Checking", "USD"} {
		if !strings.Contains(frame, want) {
			t.Errorf("sidebar does not show %q:\n%s", want, frame)
		}
	}
	// Balances are money.Amount.Format(): thousands separators and code.
	accts, err := st.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := accts[0].Balance.Format(); !strings.Contains(frame, want) {
		t.Errorf("sidebar does not show the balance %q", want)
	}
}

func TestKeysMoveBetweenConversations(t *testing.T) {
	st := demoStore(t, 500)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	all := ids(m)
	steps := []struct {
		name string
		key  tea.KeyPressMsg
		want string
	}{
		{"ctrl+j goes down", ctrl('j'), all[1]},
		{"ctrl+j again", ctrl('j'), all[2]},
		{"ctrl+k goes up", ctrl('k'), all[1]},
		{"tab on an empty line goes down", press(tea.KeyTab), all[2]},
		{"shift+tab goes up", tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, all[1]},
		{"ctrl+k wraps", ctrl('k'), all[0]},
		{"and wraps to the last", ctrl('k'), all[len(all)-1]},
	}
	for _, s := range steps {
		m = send(t, m, s.key)
		if got := m.current().id; got != s.want {
			t.Fatalf("%s: at %s, want %s", s.name, got, s.want)
		}
	}
}

func TestAnAccountShowsItsTransactionsAsBankTexts(t *testing.T) {
	st := demoStore(t, 500)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	m = send(t, m, ctrl('j'), ctrl('j'))
	c := m.current()
	if c.kind != kindAccount {
		t.Fatalf("third conversation is %s", c.id)
	}
	count, err := st.CountTransactions(context.Background(), store.TxQuery{AccountIDs: []int64{c.account.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if int64(c.t.Len()) < min(count, pageSize) {
		t.Fatalf("%d items loaded of %d, want at least a page", c.t.Len(), count)
	}
	newest, err := st.Transactions(context.Background(), store.TxQuery{AccountIDs: []int64{c.account.ID}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	last := c.t.Item(c.t.Len() - 1)
	if last.Role != bubble.Bank || last.Tx == nil || last.Tx.ID != newest[0].ID {
		t.Fatalf("the bottom item is %+v, want the newest transaction %d", last, newest[0].ID)
	}
	for i := 1; i < c.t.Len(); i++ {
		if c.t.Item(i).Time.Before(c.t.Item(i - 1).Time) {
			t.Fatalf("item %d is older than item %d", i, i-1)
		}
	}
	frame := plain(m)
	if !strings.Contains(frame, bubble.Signed(newest[0].Amount)) {
		t.Errorf("the newest amount %s is not on screen:\n%s", bubble.Signed(newest[0].Amount), frame)
	}
}

func TestScrollingUpLoadsOlderTransactionsLazily(t *testing.T) {
	st := demoStore(t, 3000)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	// Everyday Checking has the most rows.
	for m.current().title != "Everyday Checking" {
		m = send(t, m, ctrl('j'))
	}
	c := m.current()
	first := c.t.Len()
	total, err := st.CountTransactions(context.Background(), store.TxQuery{AccountIDs: []int64{c.account.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if int64(first) >= total {
		t.Fatalf("everything (%d) was loaded at once", first)
	}
	for range 20 {
		m = send(t, m, press(tea.KeyPgUp))
	}
	if c.t.Len() <= first {
		t.Fatalf("paging up loaded nothing: %d items", c.t.Len())
	}
	seen := map[string]bool{}
	for i := range c.t.Len() {
		it := c.t.Item(i)
		if seen[it.Key] {
			t.Fatalf("%s shown twice", it.Key)
		}
		seen[it.Key] = true
		if i > 0 && it.Time.Before(c.t.Item(i-1).Time) {
			t.Fatalf("item %d is out of order after paging", i)
		}
	}
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if c.t.AtBottom() {
		t.Error("the wheel did not scroll")
	}
	send(t, m, press(tea.KeyEscape))
	if !c.t.AtBottom() {
		t.Error("esc did not go back to the newest message")
	}
}

func TestTabCompletesTheWordBeforeTheCursor(t *testing.T) {
	a := &fakeAsker{completions: []string{"Blue Bottle Coffee", "Groceries", "Amazon", "Amex Gold"}}
	tests := []struct {
		name  string
		typed string
		keys  []tea.KeyPressMsg
		want  string
	}{
		{"a merchant of several words", "spent at blue b", []tea.KeyPressMsg{press(tea.KeyTab)}, "spent at Blue Bottle Coffee"},
		{"a category", "gro", []tea.KeyPressMsg{press(tea.KeyTab)}, "Groceries"},
		{"the shortest match first", "am", []tea.KeyPressMsg{press(tea.KeyTab)}, "Amazon"},
		{"tab again cycles", "am", []tea.KeyPressMsg{press(tea.KeyTab), press(tea.KeyTab)}, "Amex Gold"},
		{"shift+tab cycles back", "am", []tea.KeyPressMsg{press(tea.KeyTab), press(tea.KeyTab), {Code: tea.KeyTab, Mod: tea.ModShift}}, "Amazon"},
		{"commands complete too", "/th", []tea.KeyPressMsg{press(tea.KeyTab)}, "/theme"},
		{"a command's argument", "/theme hi", []tea.KeyPressMsg{press(tea.KeyTab)}, "/theme high-contrast"},
		{"no match leaves the text", "xyzzy", []tea.KeyPressMsg{press(tea.KeyTab)}, "xyzzy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := start(t, Options{Asker: a}, 100, 30)
			// SetValue, since "/" on an empty line opens the palette.
			m.composer.SetValue(tt.typed)
			for _, k := range tt.keys {
				m = send(t, m, k)
			}
			if got := m.composer.Value(); got != tt.want {
				t.Errorf("composer = %q, want %q", got, tt.want)
			}
			if m.current().id != "penny" {
				t.Errorf("tab with a word before the cursor moved to %s", m.current().id)
			}
		})
	}
}

func TestTabAfterASpaceMovesToTheNextChat(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{completions: []string{"Groceries"}}}, 100, 30)
	m = send(t, m, typeText("spent on ")...)
	m = send(t, m, press(tea.KeyTab))
	if m.current().id != "alerts" {
		t.Fatalf("at %s, want alerts", m.current().id)
	}
	if m.composer.Value() != "spent on " {
		t.Errorf("the draft changed to %q", m.composer.Value())
	}
	// A word with nothing to complete it to says so and stays.
	m = send(t, m, typeText("xyzzy")...)
	m = send(t, m, press(tea.KeyTab))
	if m.current().id != "alerts" || !strings.Contains(m.status, "Nothing to complete") {
		t.Errorf("at %s with status %q", m.current().id, m.status)
	}
}

func TestUpRecallsEarlierQuestions(t *testing.T) {
	a := &fakeAsker{reply: assistant.Reply{Text: "ok"}}
	m := start(t, Options{Asker: a}, 100, 30)
	for _, q := range []string{"balance", "spending last month"} {
		m = send(t, m, typeText(q)...)
		m = send(t, m, press(tea.KeyEnter))
	}
	m = send(t, m, typeText("gro")...)
	want := []struct {
		key  rune
		want string
	}{
		{tea.KeyUp, "spending last month"},
		{tea.KeyUp, "balance"},
		{tea.KeyUp, "balance"},
		{tea.KeyDown, "spending last month"},
		{tea.KeyDown, "gro"},
		{tea.KeyDown, "gro"},
	}
	for i, w := range want {
		m = send(t, m, press(w.key))
		if got := m.composer.Value(); got != w.want {
			t.Fatalf("step %d: composer = %q, want %q", i, got, w.want)
		}
	}
	if got := a.questions(); !slices.Equal(got, []string{"balance", "spending last month"}) {
		t.Errorf("asked %v", got)
	}
}

func TestQuestionsAndAnswersPersistAndReload(t *testing.T) {
	st := demoStore(t, 200)
	a := &fakeAsker{reply: spendingReply()}
	m := start(t, Options{Store: st, Asker: a}, 100, 40)
	m = send(t, m, typeText("groceries last month")...)
	m = send(t, m, press(tea.KeyEnter))

	msgs, err := st.Messages(context.Background(), "penny", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Role != "user" || msgs[0].Body != "groceries last month" || msgs[1].Role != "penny" {
		t.Fatalf("stored %+v", msgs)
	}
	if !strings.Contains(msgs[1].Data, "Trader Joe") {
		t.Errorf("the answer's table was not stored: %q", msgs[1].Data)
	}
	// The greeting of an empty chat, the question, the answer.
	if c := m.current(); c.t.Len() != 3 || c.t.Item(0).Key != "greeting" {
		t.Errorf("transcript holds %d items after one exchange, want 3", c.t.Len())
	}

	// A new session shows the same exchange, table included, and ↑
	// recalls the question.
	m2 := start(t, Options{Store: st, Asker: a}, 100, 40)
	frame := plain(m2)
	for _, want := range []string{"groceries last month", "Trader Joe's", "Groceries by merchant"} {
		if !strings.Contains(frame, want) {
			t.Errorf("reloaded chat lacks %q:\n%s", want, frame)
		}
	}
	m2 = send(t, m2, press(tea.KeyUp))
	if got := m2.composer.Value(); got != "groceries last month" {
		t.Errorf("↑ after a restart gives %q", got)
	}
}

func TestAnAnswerToAnotherChatMarksItUnread(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{reply: assistant.Reply{Text: "done"}}}, 100, 30)
	m = send(t, m, typeText("balance")...)
	next, cmd := m.Update(press(tea.KeyEnter))
	m = next.(Model)
	m = send(t, m, ctrl('j')) // away before the answer arrives
	m = run(t, m, cmd)
	penny := m.find("penny")
	if penny.unread != 1 || m.sidebar.Entries()[0].Badge != 1 {
		t.Fatalf("penny unread = %d, badge %d", penny.unread, m.sidebar.Entries()[0].Badge)
	}
	m = send(t, m, ctrl('k'))
	if m.sidebar.Entries()[0].Badge != 0 {
		t.Error("opening the chat did not clear its badge")
	}
}

func TestSlashOpensThePaletteAndRunsACommand(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	m = send(t, m, typeText("/")...)
	if !m.paletteOpen || m.composer.Value() != "" {
		t.Fatalf("palette open %v, composer %q", m.paletteOpen, m.composer.Value())
	}
	if !strings.Contains(plain(m), "/theme colorblind") {
		t.Error("the palette does not list the themes")
	}
	m = send(t, m, typeText("light")...)
	m = send(t, m, press(tea.KeyEnter))
	if m.paletteOpen || m.theme.Name != "light" {
		t.Fatalf("palette open %v, theme %s", m.paletteOpen, m.theme.Name)
	}
	if v, _ := st.Setting(context.Background(), "theme"); v != "light" {
		t.Errorf("saved theme = %q", v)
	}
	// esc closes without running anything.
	m = send(t, m, typeText("/")...)
	m = send(t, m, press(tea.KeyEscape))
	if m.paletteOpen {
		t.Error("esc left the palette open")
	}
	// Typed in full in the composer, a command runs the same way.
	m = send(t, m, typeText("x")...)
	m = send(t, m, press(tea.KeyBackspace))
	m.composer.SetValue("/theme high-contrast")
	m = send(t, m, press(tea.KeyEnter))
	if m.theme.Name != "high-contrast" {
		t.Errorf("theme = %s", m.theme.Name)
	}
	// A slash inside a line is text.
	m = send(t, m, typeText("a/b")...)
	if m.paletteOpen || m.composer.Value() != "a/b" {
		t.Errorf("palette open %v, composer %q", m.paletteOpen, m.composer.Value())
	}
}

func TestThemeCommandErrors(t *testing.T) {
	m := start(t, Options{Asker: &fakeAsker{}}, 100, 30)
	m.composer.SetValue("/theme neon")
	m = send(t, m, press(tea.KeyEnter))
	if !m.statusErr || !strings.Contains(m.status, "neon") || m.theme.Name != "dark" {
		t.Errorf("status %q (error %v), theme %s", m.status, m.statusErr, m.theme.Name)
	}
	m.composer.SetValue("/frobnicate")
	m = send(t, m, press(tea.KeyEnter))
	if !m.statusErr || !strings.Contains(m.status, "/frobnicate") {
		t.Errorf("status %q", m.status)
	}
}

func TestQuestionMarkShowsEveryKey(t *testing.T) {
	m := start(t, Options{Asker: &fakeAsker{}}, 100, 30)
	m = send(t, m, typeText("?")...)
	if !m.helpOpen {
		t.Fatal("? on an empty line did not open the help")
	}
	frame := plain(m)
	for _, want := range []string{"ctrl+j", "pgup", "tab completes a word", "earlier question"} {
		if !strings.Contains(frame, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	m = send(t, m, press('x'))
	if m.helpOpen || m.composer.Value() != "" {
		t.Errorf("after a key: help open %v, composer %q", m.helpOpen, m.composer.Value())
	}
	m = send(t, m, typeText("why?")...)
	if m.helpOpen || m.composer.Value() != "why?" {
		t.Errorf("? in a line: help open %v, composer %q", m.helpOpen, m.composer.Value())
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestQuitKeys(t *testing.T) {
	m := start(t, Options{Asker: &fakeAsker{}}, 100, 30)
	if _, cmd := m.Update(press('q')); !isQuit(cmd) {
		t.Error("q on an empty line does not quit")
	}
	typed := send(t, m, typeText("how much")...)
	if _, cmd := typed.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); isQuit(cmd) {
		t.Error("q inside a line quits")
	}
	if _, cmd := typed.Update(ctrl('c')); !isQuit(cmd) {
		t.Error("ctrl+c with text typed does not quit")
	}
	open := send(t, m, typeText("/")...)
	if _, cmd := open.Update(ctrl('c')); !isQuit(cmd) {
		t.Error("ctrl+c in the palette does not quit")
	}
}

func TestResize(t *testing.T) {
	st := demoStore(t, 300)
	m := start(t, Options{Store: st, Asker: &fakeAsker{reply: spendingReply()}}, 100, 30)
	m = send(t, m, typeText("groceries")...)
	m = send(t, m, press(tea.KeyEnter))
	for _, size := range [][2]int{{60, 20}, {200, 60}, {80, 24}, {61, 21}, {300, 90}, {60, 20}} {
		m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		l := m.layout
		if l.side+1+l.main != size[0] || l.body+2 != size[1] {
			t.Errorf("%v: layout %+v does not add up", size, l)
		}
		if l.side < minSide || l.side > maxSide {
			t.Errorf("%v: sidebar %d wide", size, l.side)
		}
		if m.current().t.Width() != l.chat() || m.current().t.Height() != l.transcript {
			t.Errorf("%v: transcript %dx%d", size, m.current().t.Width(), m.current().t.Height())
		}
		checkFrame(t, m.Render(), size[0], size[1])
	}
}

func TestNoColorMeansMono(t *testing.T) {
	m := start(t, Options{Asker: &fakeAsker{}, Getenv: func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}}, 100, 30)
	if m.theme.Name != "mono" {
		t.Fatalf("theme %s under NO_COLOR", m.theme.Name)
	}
	m = send(t, m, tea.BackgroundColorMsg{})
	m.composer.SetValue("/theme dark")
	m = send(t, m, press(tea.KeyEnter))
	if m.theme.Name != "mono" || !strings.Contains(m.status, "NO_COLOR") {
		t.Errorf("theme %s, status %q", m.theme.Name, m.status)
	}
	for _, l := range strings.Split(m.Render(), "\n") {
		if strings.Contains(l, "38;") || strings.Contains(l, "48;") {
			t.Fatalf("a colour under NO_COLOR: %q", l)
		}
	}
}

func TestThemeFollowsTheBackgroundUnlessChosen(t *testing.T) {
	auto := New(Options{Now: clock, Getenv: func(string) string { return "" }})
	next, _ := auto.Update(tea.BackgroundColorMsg{Color: whiteColor{}})
	if got := next.(Model).theme.Name; got != "light" {
		t.Errorf("on a white background: %s", got)
	}
	chosen := New(Options{Now: clock, Theme: "colorblind", Getenv: func(string) string { return "" }})
	next, _ = chosen.Update(tea.BackgroundColorMsg{Color: whiteColor{}})
	if got := next.(Model).theme.Name; got != "colorblind" {
		t.Errorf("a chosen theme was replaced by %s", got)
	}
}

type whiteColor struct{}

func (whiteColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestSavedThemeIsRestored(t *testing.T) {
	st := demoStore(t, 100)
	if err := st.SetSetting(context.Background(), "theme", "colorblind"); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: st, Now: clock, Getenv: func(string) string { return "" }, RefreshEvery: -1})
	m = run(t, m, m.Init())
	m = send(t, m, tea.BackgroundColorMsg{Color: whiteColor{}})
	if m.theme.Name != "colorblind" {
		t.Errorf("theme %s, want the saved colorblind", m.theme.Name)
	}
}

func TestReadOnlyWritesNothing(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{reply: assistant.Reply{Text: "ok"}}, ReadOnly: true}, 100, 30)
	m = send(t, m, typeText("balance")...)
	m = send(t, m, press(tea.KeyEnter))
	m.composer.SetValue("/theme light")
	m = send(t, m, press(tea.KeyEnter))
	m = send(t, m, ctrl('k')) // an account: would save a read mark
	if msgs, _ := st.Messages(context.Background(), "penny", 0, 10); len(msgs) != 0 {
		t.Errorf("read-only stored %d messages", len(msgs))
	}
	if _, err := st.Setting(context.Background(), "theme"); err == nil {
		t.Error("read-only saved the theme")
	}
	if m.current().t.Len() == 0 || m.theme.Name != "light" {
		t.Error("read-only should still answer and switch themes in memory")
	}
}

func TestAlertsBadgeAndMarkRead(t *testing.T) {
	st := demoStore(t, 200)
	ctx := context.Background()
	for i, title := range []string{"Large charge at BEST BUY", "Possible duplicate: NETFLIX"} {
		if _, _, err := st.AddAlert(ctx, store.Alert{
			Rule: "large", Severity: []string{"warning", "danger"}[i], Title: title,
			Body: "-899.00 USD on Visa Signature", Why: "more than 3× your usual", DedupKey: title,
		}); err != nil {
			t.Fatal(err)
		}
	}
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	if got := m.sidebar.Entries()[1].Badge; got != 2 {
		t.Fatalf("alerts badge %d, want 2", got)
	}
	m = send(t, m, ctrl('j'))
	if got := m.sidebar.Entries()[1].Badge; got != 0 {
		t.Errorf("badge %d after opening", got)
	}
	frame := plain(m)
	if !strings.Contains(frame, "Possible duplicate: NETFLIX") || !strings.Contains(frame, "Why: more than 3×") {
		t.Errorf("alerts not shown:\n%s", frame)
	}
	unread, err := st.Alerts(ctx, store.AlertQuery{UnreadOnly: true})
	if err != nil || len(unread) != 0 {
		t.Errorf("%d alerts still unread (%v)", len(unread), err)
	}
}

func TestAccountBadgeCountsNewTransactions(t *testing.T) {
	st := demoStore(t, 2000)
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	badged := -1
	for i, e := range m.sidebar.Entries() {
		if e.Badge > 0 && m.convs[i].kind == kindAccount {
			badged = i
			break
		}
	}
	if badged < 0 {
		t.Fatal("no account has a badge; the demo has pending swipes")
	}
	m = send(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 2, Y: rowOf(m, badged)})
	if m.sidebar.Selected() != badged {
		t.Fatalf("clicking selected %d, want %d", m.sidebar.Selected(), badged)
	}
	if m.sidebar.Entries()[badged].Badge != 0 {
		t.Error("opening the account left its badge")
	}
	// The read mark was saved: a new session shows no badge there.
	m2 := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	if got := m2.sidebar.Entries()[badged].Badge; got != 0 {
		t.Errorf("badge %d after a restart", got)
	}
}

// rowOf finds the screen line of sidebar entry i.
func rowOf(m Model, i int) int {
	for y := range m.layout.body {
		if m.sidebar.EntryAt(y) == i {
			return y + chromeTop
		}
	}
	return -1
}

func TestClearEmptiesTheScreenOnly(t *testing.T) {
	st := demoStore(t, 200)
	m := start(t, Options{Store: st, Asker: &fakeAsker{reply: assistant.Reply{Text: "ok"}}}, 100, 30)
	m = send(t, m, typeText("balance")...)
	m = send(t, m, press(tea.KeyEnter))
	m.composer.SetValue("/clear")
	m = send(t, m, press(tea.KeyEnter))
	if m.current().t.Len() != 0 {
		t.Errorf("%d items after /clear", m.current().t.Len())
	}
	if msgs, _ := st.Messages(context.Background(), "penny", 0, 10); len(msgs) != 2 {
		t.Errorf("/clear touched the stored history: %d messages", len(msgs))
	}
}

func TestAskerErrorsAreShownNotFatal(t *testing.T) {
	m := start(t, Options{Asker: &fakeAsker{err: context.DeadlineExceeded}}, 100, 30)
	m = send(t, m, typeText("balance")...)
	m = send(t, m, press(tea.KeyEnter))
	c := m.current()
	last := c.t.Item(c.t.Len() - 1)
	if !last.Failed || !strings.Contains(last.Text, "deadline") {
		t.Errorf("last item %+v", last)
	}
	// With no assistant at all the chat still answers, with an apology.
	m = start(t, Options{}, 100, 30)
	m = send(t, m, typeText("balance")...)
	m = send(t, m, press(tea.KeyEnter))
	if !strings.Contains(plain(m), "no assistant") {
		t.Error("no assistant: nothing said")
	}
}

func TestAMessageIsNeverShownTwice(t *testing.T) {
	st := demoStore(t, 100)
	a := &fakeAsker{reply: assistant.Reply{Text: "ok"}}
	countKeys := func(m Model) int {
		c := m.find("penny")
		return c.t.Len()
	}

	// The question is saved and answered before the first page of history
	// arrives; the page then holds both and must not add them again.
	m := New(Options{Store: st, Asker: a, Now: clock, Getenv: func(string) string { return "" }, RefreshEvery: -1})
	initCmd := m.Init()
	m.composer.SetValue("balance")
	next, cmd := m.Update(press(tea.KeyEnter))
	m = run(t, next.(Model), cmd)
	m = run(t, m, initCmd)
	if n := countKeys(m); n != 2 {
		t.Errorf("saved before the page: %d items, want 2", n)
	}

	// The page arrives between the save and the news of it: the local
	// copy gives way to the stored one.
	m = New(Options{Store: st, Asker: a, Now: clock, Getenv: func(string) string { return "" }, RefreshEvery: -1})
	c := m.current()
	c.opened = true
	m.composer.SetValue("and now?")
	next, _ = m.Update(press(tea.KeyEnter))
	m = next.(Model)
	// Do by hand what the sequence would: store the question, hold the news.
	var userKey string
	for i := range c.t.Len() {
		if c.t.Item(i).Role == bubble.User {
			userKey = c.t.Item(i).Key
		}
	}
	saved := saveMessage(context.Background(), st, store.Message{Conversation: "penny", Role: "user", Body: "and now?", Created: fixedNow}, userKey)()
	m = run(t, m, loadPage(context.Background(), st, pageRequest{conv: "penny", kind: srcMessages, loc: fixedNow.Location()}))
	m = send(t, m, saved)
	n := 0
	for i := range c.t.Len() {
		if c.t.Item(i).Text == "and now?" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the question shows %d times", n)
	}
}

func TestReadMarksAreWrittenOnce(t *testing.T) {
	st := demoStore(t, 3000)
	ctx := context.Background()
	if _, _, err := st.AddAlert(ctx, store.Alert{Rule: "r", Title: "Low balance", DedupKey: "low"}); err != nil {
		t.Fatal(err)
	}
	m := start(t, Options{Store: st, Asker: &fakeAsker{}}, 100, 30)
	writes := 0
	st.SetOnCommit(func(context.Context) error { writes++; return nil })
	// Alerts, then the first account, paging up, away and back again.
	m = send(t, m, ctrl('j'), ctrl('j'))
	for range 6 {
		m = send(t, m, press(tea.KeyPgUp))
	}
	m = send(t, m, ctrl('k'), ctrl('j'), ctrl('k'), ctrl('j'))
	_ = m
	// One for the alerts, one for the account.
	if writes != 2 {
		t.Errorf("%d writes to mark two chats read", writes)
	}
}

func TestThemeAutoIgnoresTheSavedOne(t *testing.T) {
	st := demoStore(t, 100)
	if err := st.SetSetting(context.Background(), "theme", "colorblind"); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: st, Theme: "auto", Now: clock, Getenv: func(string) string { return "" }, RefreshEvery: -1})
	m = run(t, m, m.Init())
	m = send(t, m, tea.BackgroundColorMsg{Color: whiteColor{}})
	if m.theme.Name != "light" || m.status != "" {
		t.Errorf("theme %s, status %q", m.theme.Name, m.status)
	}
}
