package composer

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/themes"
)

func newComposer() Model {
	st := themes.Build(themes.Dark())
	m := New(&st)
	m.SetWidth(40)
	return m
}

func TestMatches(t *testing.T) {
	cands := []string{"Blue Bottle Coffee", "Blue Apron", "Groceries", "Everyday Checking", "/theme", "/theme dark"}
	tests := []struct {
		before   string
		wantHead string
		want     []string
	}{
		{"spent at blue b", "spent at ", []string{"Blue Bottle Coffee"}},
		{"blue", "", []string{"Blue Apron", "Blue Bottle Coffee"}},
		{"GRO", "", []string{"Groceries"}},
		{"/theme d", "", []string{"/theme dark"}},
		{"/th", "", []string{"/theme", "/theme dark"}},
		{"nothing", "nothing", nil},
		{"ends in space ", "ends in space ", nil},
		{"", "", nil},
		// An exact match is already complete.
		{"groceries", "groceries", nil},
	}
	for _, tt := range tests {
		head, got := Matches(tt.before, cands)
		if head != tt.wantHead || !slices.Equal(got, tt.want) {
			t.Errorf("Matches(%q) = %q, %q; want %q, %q", tt.before, head, got, tt.wantHead, tt.want)
		}
	}
}

func TestCompleteKeepsTextAfterTheCursor(t *testing.T) {
	m := newComposer()
	m.SetCandidates([]string{"Groceries"})
	m.SetValue("gro last month")
	m.input.SetCursor(3)
	if !m.CanComplete() || !m.Complete(true) {
		t.Fatal("nothing completed")
	}
	if got := m.Value(); got != "Groceries last month" {
		t.Errorf("value %q", got)
	}
	if m.input.Position() != len("Groceries") {
		t.Errorf("cursor at %d", m.input.Position())
	}
}

func TestTypingEndsACompletionCycle(t *testing.T) {
	m := newComposer()
	m.SetCandidates([]string{"Amazon", "Amex Gold"})
	m.SetValue("am")
	m.Complete(true)
	m, _ = m.Update(tea.KeyPressMsg{Code: ' ', Text: " "})
	m, _ = m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	m.Complete(true)
	if got := m.Value(); got != "Amazon Amazon" {
		t.Errorf("value %q: the old cycle went on", got)
	}
}

func TestHistory(t *testing.T) {
	m := newComposer()
	m.PrependHistory([]string{"old one"})
	m.AddHistory("balance")
	m.AddHistory("balance") // not twice
	m.AddHistory("  ")      // not blank
	if got := m.History(); !slices.Equal(got, []string{"old one", "balance"}) {
		t.Fatalf("history %q", got)
	}
	m.SetValue("draft")
	m.Older()
	m.Older()
	m.Older()
	if m.Value() != "old one" {
		t.Errorf("oldest = %q", m.Value())
	}
	m.Newer()
	m.Newer()
	if m.Value() != "draft" {
		t.Errorf("back to the draft = %q", m.Value())
	}
}

func TestViewIsExactlyTheWidth(t *testing.T) {
	for _, w := range []int{10, 37, 120} {
		m := newComposer()
		m.SetWidth(w)
		for _, v := range []string{"", "short", strings.Repeat("東京", 80), strings.Repeat("long ", 50)} {
			m.SetValue(v)
			if got := ansi.StringWidth(m.View()); got != w {
				t.Errorf("width %d, value %d chars: view is %d wide", w, len(v), got)
			}
		}
	}
}
