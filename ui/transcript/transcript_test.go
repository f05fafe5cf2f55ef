package transcript

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"penny/themes"
	"penny/ui/bubble"
)

var now = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

func items(from, n int) []bubble.Item {
	out := make([]bubble.Item, n)
	for i := range n {
		k := from + i
		out[i] = bubble.Item{Key: fmt.Sprint(k), Role: bubble.Role(k % 2), Time: now.Add(time.Duration(k) * time.Hour), Text: fmt.Sprintf("message %d", k)}
	}
	return out
}

func newTranscript() Model {
	st := themes.Build(themes.Dark())
	m := New(&st, func() time.Time { return now })
	m.SetSize(40, 10)
	return m
}

func TestViewIsExactlyTheSize(t *testing.T) {
	m := newTranscript()
	check := func(when string) {
		lines := strings.Split(m.View(), "\n")
		if len(lines) != 10 {
			t.Errorf("%s: %d lines", when, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) != 40 {
				t.Errorf("%s: %q is %d wide", when, ansi.Strip(l), ansi.StringWidth(l))
			}
		}
	}
	check("empty")
	m.Append(items(0, 3)...)
	check("short")
	m.Append(items(3, 50)...)
	check("long")
	m.ScrollUp(1000)
	check("at the top")
}

func TestNewestIsAtTheBottom(t *testing.T) {
	m := newTranscript()
	m.Append(items(0, 30)...)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if !strings.Contains(strings.Join(lines[len(lines)-3:], "\n"), "message 29") {
		t.Errorf("the newest message is not at the bottom:\n%s", strings.Join(lines, "\n"))
	}
}

func TestPrependingOlderHistoryKeepsTheViewStill(t *testing.T) {
	m := newTranscript()
	m.Append(items(50, 20)...)
	m.ScrollUp(7)
	before := m.View()
	m.Prepend(items(0, 50)...)
	if m.View() != before {
		t.Error("loading older history moved the view")
	}
	if m.Item(0).Key != "0" || m.Len() != 70 {
		t.Errorf("first %s, %d items", m.Item(0).Key, m.Len())
	}
}

func TestAppendingWhileScrolledUpKeepsTheViewStill(t *testing.T) {
	m := newTranscript()
	m.Append(items(0, 20)...)
	m.ScrollUp(5)
	before := m.View()
	m.Append(items(20, 3)...)
	after := strings.Split(m.View(), "\n")
	was := strings.Split(before, "\n")
	// Everything the user reads stays put; the bottom line says what came.
	if strings.Join(after[:len(after)-1], "\n") != strings.Join(was[:len(was)-1], "\n") {
		t.Error("a new message moved a view that was scrolled up")
	}
	if last := ansi.Strip(after[len(after)-1]); !strings.Contains(last, "3 new ↓") || m.Unseen() != 3 {
		t.Errorf("bottom line %q, unseen %d; want \"3 new ↓\"", last, m.Unseen())
	}
	for _, l := range after {
		if ansi.StringWidth(l) != m.Width() {
			t.Errorf("line %q is %d cells wide, not %d", ansi.Strip(l), ansi.StringWidth(l), m.Width())
		}
	}
	// Scrolling back down to the newest clears it.
	m.ScrollDown(1000)
	if m.Unseen() != 0 || strings.Contains(ansi.Strip(m.View()), "new ↓") {
		t.Error("at the bottom the marker stays")
	}
	m.ScrollUp(5)
	m.GotoBottom()
	m.Append(items(23, 1)...)
	if !strings.Contains(ansi.Strip(m.View()), "message 23") {
		t.Error("at the bottom, the view does not follow new messages")
	}
}

func TestScrollStopsAtTheTopAndNearTop(t *testing.T) {
	m := newTranscript()
	m.Append(items(0, 5)...)
	m.ScrollUp(10000)
	top := m.Offset()
	m.ScrollUp(5)
	if m.Offset() != top {
		t.Errorf("scrolled past the top: %d then %d", top, m.Offset())
	}
	if !m.NearTop() {
		t.Error("at the top of a short history, NearTop is false")
	}
	m.Append(items(5, 100)...)
	m.GotoBottom()
	if m.NearTop() {
		t.Error("at the bottom of a long history, NearTop is true")
	}
}

func TestBubblesAreCachedUntilTheThemeOrWidthChanges(t *testing.T) {
	m := newTranscript()
	m.Append(items(0, 3)...)
	_ = m.View()
	e := m.entries[2]
	first := &e.lines[0]
	_ = m.View()
	if &e.lines[0] != first {
		t.Error("a bubble was redrawn without a change")
	}
	st := themes.Build(themes.Light())
	m.SetStyles(&st)
	_ = m.View()
	if &e.lines[0] == first {
		t.Error("a new theme did not redraw the bubble")
	}
	m.SetSize(60, 10)
	if got := ansi.StringWidth(strings.Split(m.View(), "\n")[9]); got != 60 {
		t.Errorf("after a resize a line is %d wide", got)
	}
}

func TestDaySeparatorsAndRemove(t *testing.T) {
	m := newTranscript()
	m.Append(
		bubble.Item{Key: "a", Role: bubble.Bank, Time: now.AddDate(0, 0, -1), Text: "x"},
		bubble.Item{Key: "b", Role: bubble.Bank, Time: now, Text: "y"},
		bubble.Item{Key: "c", Role: bubble.User, Time: now, Text: "z"},
	)
	out := ansi.Strip(m.View())
	if !strings.Contains(out, "Yesterday") || !strings.Contains(out, "Today") {
		t.Errorf("no day separators:\n%s", out)
	}
	if !m.Remove("b") || m.Has("b") || m.Remove("nope") {
		t.Error("Remove")
	}
	if !m.Replace("c", bubble.Item{Key: "c2", Role: bubble.Penny, Time: now, Text: "replaced"}) || !m.Has("c2") {
		t.Error("Replace")
	}
	out = ansi.Strip(m.View())
	if !strings.Contains(out, "Today") || !strings.Contains(out, "replaced") {
		t.Errorf("after removing the first of a day, its date line moved on:\n%s", out)
	}
}
