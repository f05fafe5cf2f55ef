package cmdpalette

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/themes"
)

func commands() []Command {
	return []Command{
		{Name: "/theme dark", Desc: "dark theme"},
		{Name: "/theme light", Desc: "light theme"},
		{Name: "/help", Desc: "show every key"},
		{Name: "/quit", Desc: "leave"},
	}
}

func keys(m Model, ks ...tea.KeyPressMsg) (Model, Action) {
	var a Action
	for _, k := range ks {
		m, a = m.Update(k)
	}
	return m, a
}

func typed(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

func TestPaletteOutcomes(t *testing.T) {
	st := themes.Build(themes.Dark())
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	tests := []struct {
		name string
		keys []tea.KeyPressMsg
		want Action
	}{
		{"enter runs the first command", []tea.KeyPressMsg{enter}, Action{Run, "/theme dark"}},
		{"down then enter", []tea.KeyPressMsg{{Code: tea.KeyDown}, enter}, Action{Run, "/theme light"}},
		{"the filter narrows", append(typed("key"), enter), Action{Run, "/help"}},
		{"a typed argument wins", append(typed("theme mono"), enter), Action{Run, "/theme mono"}},
		{"esc closes", []tea.KeyPressMsg{{Code: tea.KeyEscape}}, Action{Outcome: Close}},
		{"backspace on nothing closes", []tea.KeyPressMsg{{Code: tea.KeyBackspace}}, Action{Outcome: Close}},
		{"typing stays open", typed("q"), Action{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := keys(New(&st, commands()), tt.keys...)
			if got != tt.want {
				t.Errorf("action %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestTabFillsTheFilter(t *testing.T) {
	st := themes.Build(themes.Dark())
	m, _ := keys(New(&st, commands()), append(typed("li"), tea.KeyPressMsg{Code: tea.KeyTab})...)
	if m.Filter() != "theme light " {
		t.Errorf("filter %q", m.Filter())
	}
}

func TestViewFits(t *testing.T) {
	st := themes.Build(themes.Mono())
	for _, w := range []int{20, 40, 80} {
		m := New(&st, commands())
		m.SetSize(w, 8)
		v := m.View()
		if lines := strings.Split(v, "\n"); len(lines) > 8 {
			t.Errorf("width %d: %d lines", w, len(lines))
		}
		for _, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > max(w, 14) {
				t.Errorf("width %d: line %q", w, ansi.Strip(l))
			}
		}
	}
}
