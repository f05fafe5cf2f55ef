package ui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"penny/assistant"
	"penny/ui/bubble"
)

// Flows run the real program (renderer, command scheduling, input) on a
// fixed 100×30 terminal with a pinned colour profile.

func newFlow(t *testing.T, opt Options) *teatest.TestModel {
	t.Helper()
	opt.Now = clock
	opt.Getenv = func(string) string { return "" }
	if opt.Theme == "" {
		opt.Theme = "dark"
	}
	return teatest.NewTestModel(t, New(opt),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)),
	)
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte(text))
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func TestFlowTypeAQuestionSeeTheAnswer(t *testing.T) {
	a := &fakeAsker{reply: assistant.Reply{
		Intent: "balance",
		Text:   "Your checking balance is 46,691.04 USD.",
		Table: &assistant.Table{
			Columns: []string{"Account", "Balance"},
			Rows:    [][]assistant.Cell{{{Text: "Everyday Checking"}, {Text: "46,691.04 USD", Amount: usd(4669104)}}},
		},
	}}
	tm := newFlow(t, Options{Asker: a, Title: "Penny test"})
	waitFor(t, tm, "Hi, I'm Penny")
	tm.Type("what is my balance")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "46,691.04")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)

	if got := a.questions(); !slices.Equal(got, []string{"what is my balance"}) {
		t.Errorf("the assistant was asked %q", got)
	}
	c := final.current()
	last := c.t.Item(c.t.Len() - 1)
	if last.Role != bubble.Penny || last.Reply == nil || last.Reply.Table == nil || !strings.Contains(last.Text, "46,691.04") {
		t.Errorf("the last bubble is %+v", last)
	}
	if !final.composer.Empty() {
		t.Errorf("the composer still holds %q", final.composer.Value())
	}
}

func TestFlowBrowseAnAccount(t *testing.T) {
	st := demoStore(t, 1000)
	tm := newFlow(t, Options{Store: st, Asker: &fakeAsker{}, Title: "Penny demo"})
	waitFor(t, tm, "ACCOUNTS")
	tm.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	tm.Send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	waitFor(t, tm, " at ")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyPgUp})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	c := final.current()
	if c.kind != kindAccount || c.t.Len() == 0 || c.t.AtBottom() {
		t.Errorf("ended in %s with %d items, at bottom %v", c.id, c.t.Len(), c.t.AtBottom())
	}
}
