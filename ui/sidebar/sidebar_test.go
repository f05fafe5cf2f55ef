package sidebar

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"penny/themes"
)

func entries(n int) []Entry {
	es := []Entry{{Section: "Chats", Title: "Penny"}, {Section: "Chats", Title: "Alerts"}}
	for i := range n {
		es = append(es, Entry{Section: "Accounts", Title: fmt.Sprintf("Account %d", i), Detail: "1.00 USD", Money: true, Sign: 1})
	}
	return es
}

func TestSelectionStaysInView(t *testing.T) {
	st := themes.Build(themes.Dark())
	m := New(&st)
	m.SetEntries(entries(20))
	m.SetSize(24, 10)
	for range 15 {
		m.Next()
	}
	if !strings.Contains(ansi.Strip(m.View()), "Account 12") {
		t.Errorf("the selected account is not in view:\n%s", ansi.Strip(m.View()))
	}
	m.Prev()
	m.Next()
	for i := range 20 {
		if y := rowOfEntry(m, m.Selected()); y < 0 {
			t.Fatalf("step %d: selection %d off screen", i, m.Selected())
		}
		m.Next()
	}
}

func rowOfEntry(m Model, i int) int {
	for y := range m.height {
		if m.EntryAt(y) == i {
			return y
		}
	}
	return -1
}

func TestNextAndPrevWrap(t *testing.T) {
	st := themes.Build(themes.Dark())
	m := New(&st)
	m.SetEntries(entries(2))
	m.Prev()
	if m.Selected() != 3 {
		t.Errorf("prev from the top = %d", m.Selected())
	}
	m.Next()
	if m.Selected() != 0 {
		t.Errorf("next from the bottom = %d", m.Selected())
	}
}

func TestViewIsExactlyTheSize(t *testing.T) {
	st := themes.Build(themes.HighContrast())
	m := New(&st)
	es := entries(3)
	es[2].Title = "Gemeinschaftskonto der Familie Müller-Lüdenscheidt 東京"
	es[2].Badge = 1234
	m.SetEntries(es)
	for _, w := range []int{4, 12, 20, 32} {
		m.SetSize(w, 9)
		lines := strings.Split(m.View(), "\n")
		if len(lines) != 9 {
			t.Errorf("width %d: %d lines", w, len(lines))
		}
		for _, l := range lines {
			if got := ansi.StringWidth(l); got != w {
				t.Errorf("width %d: line %q is %d wide", w, ansi.Strip(l), got)
			}
		}
	}
}
