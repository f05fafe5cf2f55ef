// Package transcript is the scrolling list of bubbles of one conversation,
// newest at the bottom. Each bubble's lines are drawn once and cached for
// the current width and theme, and a frame only walks the bubbles that are
// on screen, so a keystroke costs the same with ten messages or ten
// thousand.
package transcript

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"penny/themes"
	"penny/ui/bubble"
)

// Model is a transcript. The zero value is not usable; get one from New.
type Model struct {
	st      *themes.Styles
	now     func() time.Time
	width   int
	height  int
	entries []*entry
	// offset is how many lines the view is scrolled up from the bottom;
	// counting from the bottom keeps the view still when older history is
	// loaded above it.
	offset int
	// unseen counts the items that arrived below a view scrolled up: the
	// view stays on what the user reads and says "3 new ↓" instead.
	unseen int
	// gen changes with the theme, telling every cached bubble it is stale.
	gen  int
	keys KeyMap
}

// entry is an item and its drawn lines, cached for one width and theme.
type entry struct {
	item  bubble.Item
	sep   bool // first of its day: a date line above
	gap   bool // a blank line above, between bubbles of different speakers
	lines []string
	width int
	gen   int
}

// KeyMap is the transcript's scrolling keys, for help.
type KeyMap struct {
	PageUp   key.Binding
	PageDown key.Binding
}

// DefaultKeyMap is the transcript's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "older messages")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "newer messages")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.PageUp, k.PageDown} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// New returns an empty transcript drawn with st; now decides which day is
// "Today".
func New(st *themes.Styles, now func() time.Time) Model {
	if now == nil {
		now = time.Now
	}
	return Model{st: st, now: now, keys: DefaultKeyMap()}
}

// KeyMap returns the transcript's keys.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize sets the size of the view. Cached bubbles of another width are
// redrawn lazily, only when they come on screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 1), max(h, 1)
	m.clamp()
}

// Width returns the view's width in cells.
func (m Model) Width() int { return m.width }

// Height returns the view's height in lines.
func (m Model) Height() int { return m.height }

// SetStyles switches the theme; every bubble is redrawn when next shown.
func (m *Model) SetStyles(st *themes.Styles) {
	m.st = st
	m.gen++
}

// Len is the number of items.
func (m Model) Len() int { return len(m.entries) }

// Item returns the i-th item, oldest first.
func (m Model) Item(i int) bubble.Item { return m.entries[i].item }

// Append adds items at the bottom. A view scrolled up stays on what it
// shows; a view at the bottom follows the new items.
func (m *Model) Append(items ...bubble.Item) {
	if len(items) == 0 {
		return
	}
	start := len(m.entries)
	for _, it := range items {
		m.entries = append(m.entries, &entry{item: it})
	}
	m.reflag(start, len(m.entries)-1)
	if m.offset > 0 {
		for _, e := range m.entries[start:] {
			m.offset += len(m.lines(e))
		}
		m.unseen += len(items)
	}
}

// Unseen is how many items arrived below the view while it was scrolled
// up, not yet scrolled to.
func (m Model) Unseen() int { return m.unseen }

// Prepend adds items, oldest first, above everything loaded: older history.
// The view does not move.
func (m *Model) Prepend(items ...bubble.Item) {
	if len(items) == 0 {
		return
	}
	entries := make([]*entry, 0, len(items)+len(m.entries))
	for _, it := range items {
		entries = append(entries, &entry{item: it})
	}
	n := len(items)
	m.entries = append(entries, m.entries...)
	// Through n: the old first item may have lost its date line.
	m.reflag(0, n)
}

// Replace swaps the item with key for it (keeping its place), and reports
// whether it was there.
func (m *Model) Replace(key string, it bubble.Item) bool {
	for i := len(m.entries) - 1; i >= 0; i-- {
		if m.entries[i].item.Key == key {
			m.entries[i] = &entry{item: it}
			m.reflag(i, i+1)
			return true
		}
	}
	return false
}

// Remove drops the item with key and reports whether it was there.
func (m *Model) Remove(key string) bool {
	for i := len(m.entries) - 1; i >= 0; i-- {
		if m.entries[i].item.Key == key {
			m.entries = append(m.entries[:i:i], m.entries[i+1:]...)
			m.reflag(i, i)
			m.clamp()
			return true
		}
	}
	return false
}

// Has reports whether an item with key is loaded.
func (m Model) Has(key string) bool {
	for i := len(m.entries) - 1; i >= 0; i-- {
		if m.entries[i].item.Key == key {
			return true
		}
	}
	return false
}

// Clear drops every item.
func (m *Model) Clear() {
	m.entries = nil
	m.offset = 0
}

// reflag recomputes the date line and gap of entries from..to (inclusive)
// and clears the cache of those whose flags changed.
func (m *Model) reflag(from, to int) {
	to = min(to, len(m.entries)-1)
	for i := max(from, 0); i <= to; i++ {
		e := m.entries[i]
		sep, gap := true, false
		if i > 0 {
			prev := m.entries[i-1].item
			sep = !sameDay(prev.Time, e.item.Time)
			gap = !sep && !(prev.Role == bubble.Bank && e.item.Role == bubble.Bank)
		}
		if sep != e.sep || gap != e.gap || e.lines == nil {
			e.sep, e.gap = sep, gap
			e.lines = nil
		}
	}
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// lines returns e's drawn lines, drawing them if the cache is stale.
func (m *Model) lines(e *entry) []string {
	if e.lines != nil && e.width == m.width && e.gen == m.gen {
		return e.lines
	}
	var out []string
	if e.gap {
		out = append(out, strings.Repeat(" ", m.width))
	}
	if e.sep {
		out = append(out, bubble.DaySeparator(m.st, e.item.Time, m.now(), m.width))
	}
	out = append(out, bubble.Render(m.st, e.item, m.width)...)
	e.lines, e.width, e.gen = out, m.width, m.gen
	return out
}

// ScrollUp moves the view n lines towards older messages.
func (m *Model) ScrollUp(n int) {
	m.offset += n
	m.clamp()
}

// ScrollDown moves the view n lines towards newer messages.
func (m *Model) ScrollDown(n int) {
	m.offset = max(0, m.offset-n)
	if m.offset == 0 {
		m.unseen = 0
	}
}

// PageUp scrolls a page (less one line of context) up.
func (m *Model) PageUp() { m.ScrollUp(max(1, m.height-1)) }

// PageDown scrolls a page down.
func (m *Model) PageDown() { m.ScrollDown(max(1, m.height-1)) }

// GotoBottom shows the newest messages.
func (m *Model) GotoBottom() { m.offset, m.unseen = 0, 0 }

// AtBottom reports whether the newest message is in view.
func (m Model) AtBottom() bool { return m.offset == 0 }

// Offset is how many lines the view is scrolled up.
func (m Model) Offset() int { return m.offset }

// clamp keeps the view inside the loaded content, drawing only as many
// bubbles as it takes to know.
func (m *Model) clamp() {
	if m.offset == 0 {
		return
	}
	need := m.offset + m.height
	total := 0
	for i := len(m.entries) - 1; i >= 0 && total < need; i-- {
		total += len(m.lines(m.entries[i]))
	}
	m.offset = max(0, min(m.offset, total-m.height))
}

// NearTop reports whether less than a screen of loaded history is left
// above the view: time to load older messages.
func (m *Model) NearTop() bool {
	need := m.offset + 2*m.height
	total := 0
	for i := len(m.entries) - 1; i >= 0; i-- {
		total += len(m.lines(m.entries[i]))
		if total >= need {
			return false
		}
	}
	return true
}

// View draws exactly Height lines of exactly Width cells. Short histories
// sit at the bottom, next to the composer, as in a messenger.
func (m *Model) View() string {
	lines := make([]string, m.height)
	row := m.height - 1
	skip := m.offset
	for i := len(m.entries) - 1; i >= 0 && row >= 0; i-- {
		ls := m.lines(m.entries[i])
		for j := len(ls) - 1; j >= 0 && row >= 0; j-- {
			if skip > 0 {
				skip--
				continue
			}
			lines[row] = ls[j]
			row--
		}
	}
	if row >= 0 {
		blank := strings.Repeat(" ", m.width)
		for ; row >= 0; row-- {
			lines[row] = blank
		}
	}
	if m.unseen > 0 && m.offset > 0 {
		lines[m.height-1] = m.newBelow()
	}
	return strings.Join(lines, "\n")
}

// newBelow is the bottom line of a view scrolled up while messages
// arrived: "3 new ↓" at the right, as a messenger shows it.
func (m *Model) newBelow() string {
	label := fmt.Sprintf(" %d new ↓ ", m.unseen)
	if m.unseen == 1 {
		label = " 1 new ↓ "
	}
	w := lipgloss.Width(label)
	if w > m.width {
		label, w = " ↓ ", 3
	}
	if w > m.width {
		return strings.Repeat(" ", m.width)
	}
	badge := label
	if m.st != nil {
		badge = m.st.Badge.Render(label)
	}
	return strings.Repeat(" ", m.width-w) + badge
}

// Insert puts it before the first item that after reports goes below it,
// or at the bottom when none does: a row put back among older history. A
// view scrolled up stays on what it shows.
func (m *Model) Insert(it bubble.Item, after func(bubble.Item) bool) {
	i := len(m.entries)
	for j, e := range m.entries {
		if after(e.item) {
			i = j
			break
		}
	}
	if i == len(m.entries) {
		m.Append(it)
		return
	}
	// The lines below the new entry, before it is in: when they are all
	// under the view, the view keeps its place by the new entry's lines.
	below := 0
	for _, e := range m.entries[i:] {
		below += len(m.lines(e))
		if below > m.offset {
			break
		}
	}
	e := &entry{item: it}
	m.entries = append(m.entries[:i], append([]*entry{e}, m.entries[i:]...)...)
	m.reflag(i, i+1)
	if m.offset > 0 && below <= m.offset {
		m.offset += len(m.lines(e))
	}
}
