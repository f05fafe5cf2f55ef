// Package sidebar is the list of conversations: Penny, Alerts and one per
// account, each with an unread badge and, for accounts, the balance.
package sidebar

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"penny/sanitize"
	"penny/themes"
	"penny/ui/bubble"
)

// Entry is one conversation in the list. Title and Detail may hold bank
// text; they are sanitized when drawn.
type Entry struct {
	// Section groups entries under a heading ("Chats", "Accounts"); a
	// heading is drawn where it changes.
	Section string
	Title   string
	// Detail is an optional second line, such as the balance.
	Detail string
	// Sign colours Detail as money: -1 out, +1 in, 0 muted text.
	Sign int
	// Money says Detail is an amount, coloured by Sign.
	Money bool
	Badge int
}

// KeyMap is the sidebar's keys.
type KeyMap struct {
	Next key.Binding
	Prev key.Binding
}

// DefaultKeyMap moves between conversations with ctrl+j/ctrl+k, and with
// tab/shift+tab when the composer has no word to complete (the root model
// applies that rule; the help says so).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next: key.NewBinding(key.WithKeys("ctrl+j", "tab"), key.WithHelp("ctrl+j/tab", "next chat")),
		Prev: key.NewBinding(key.WithKeys("ctrl+k", "shift+tab"), key.WithHelp("ctrl+k/⇧tab", "previous chat")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Prev} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the sidebar.
type Model struct {
	st      *themes.Styles
	entries []Entry
	sel     int
	top     int // first row shown when the list is taller than the view
	width   int
	height  int
	keys    KeyMap
}

// New returns an empty sidebar drawn with st.
func New(st *themes.Styles) Model {
	return Model{st: st, keys: DefaultKeyMap(), width: 20, height: 10}
}

// KeyMap returns the sidebar's keys.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetStyles switches the theme.
func (m *Model) SetStyles(st *themes.Styles) { m.st = st }

// SetSize sets the size the sidebar draws at.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 4), max(h, 1)
	m.follow()
}

// SetEntries replaces the list, keeping the selection index in range.
func (m *Model) SetEntries(es []Entry) {
	m.entries = es
	m.sel = min(max(m.sel, 0), max(len(es)-1, 0))
	m.follow()
}

// Entries returns the list.
func (m Model) Entries() []Entry { return m.entries }

// SetBadge changes one entry's unread count.
func (m *Model) SetBadge(i, n int) {
	if i >= 0 && i < len(m.entries) {
		m.entries[i].Badge = n
	}
}

// Selected is the index of the selected conversation.
func (m Model) Selected() int { return m.sel }

// Select selects entry i (ignored when out of range).
func (m *Model) Select(i int) {
	if i >= 0 && i < len(m.entries) {
		m.sel = i
		m.follow()
	}
}

// Next selects the next conversation, wrapping around.
func (m *Model) Next() {
	if len(m.entries) > 0 {
		m.Select((m.sel + 1) % len(m.entries))
	}
}

// Prev selects the previous conversation, wrapping around.
func (m *Model) Prev() {
	if len(m.entries) > 0 {
		m.Select((m.sel - 1 + len(m.entries)) % len(m.entries))
	}
}

// row is one drawn line of the list and the entry it belongs to (-1 for
// headings and spacing).
type row struct {
	entry int
	kind  int // rowTitle, rowDetail, rowHeading, rowBlank
	of    int // for a heading, the entry whose section it names
}

const (
	rowTitle = iota
	rowDetail
	rowHeading
	rowBlank
)

func (m Model) rows() []row {
	var out []row
	section := "\x00"
	for i, e := range m.entries {
		if e.Section != section {
			if len(out) > 0 {
				out = append(out, row{entry: -1, kind: rowBlank})
			}
			if e.Section != "" {
				out = append(out, row{entry: -1, kind: rowHeading, of: i})
			}
			section = e.Section
		}
		out = append(out, row{entry: i, kind: rowTitle})
		if e.Detail != "" {
			out = append(out, row{entry: i, kind: rowDetail})
		}
	}
	return out
}

// follow scrolls the list so the selected entry is in view.
func (m *Model) follow() {
	rows := m.rows()
	first, last := -1, -1
	for i, r := range rows {
		if r.entry == m.sel {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		m.top = 0
		return
	}
	if m.sel == 0 {
		first = 0 // show the first heading with the first entry
	}
	if first < m.top {
		m.top = first
	}
	if last >= m.top+m.height {
		m.top = last - m.height + 1
	}
	m.top = max(0, min(m.top, len(rows)-m.height))
}

// EntryAt returns the entry drawn on line y of the view, or -1, for mouse
// clicks.
func (m Model) EntryAt(y int) int {
	rows := m.rows()
	if y < 0 || m.top+y >= len(rows) {
		return -1
	}
	return rows[m.top+y].entry
}

// View draws the list as exactly Height lines of exactly Width cells.
func (m Model) View() string {
	rows := m.rows()
	lines := make([]string, 0, m.height)
	for i := m.top; i < len(rows) && len(lines) < m.height; i++ {
		lines = append(lines, m.line(rows[i]))
	}
	blank := strings.Repeat(" ", m.width)
	for len(lines) < m.height {
		lines = append(lines, blank)
	}
	return strings.Join(lines, "\n")
}

func (m Model) line(r row) string {
	w := m.width
	// marker, a space, the content, and a space before the divider.
	cw := max(w-3, 1)
	switch r.kind {
	case rowBlank:
		return strings.Repeat(" ", w)
	case rowHeading:
		h := bubble.Fit(strings.ToUpper(sanitize.Line(m.entries[r.of].Section)), cw)
		return "  " + bubble.Pad(bubble.Plain(h, m.st.Section), cw) + " "
	}
	e := m.entries[r.entry]
	selected := r.entry == m.sel
	marker := " "
	if selected {
		marker = m.st.Marker.Render("▌")
	}
	if r.kind == rowDetail {
		detail := bubble.Fit(sanitize.Line(e.Detail), cw)
		st := m.st.ItemMeta
		if e.Money {
			st = bubble.AmountStyle(m.st, e.Sign)
		}
		return marker + " " + bubble.Pad(bubble.Plain(detail, st), cw) + " "
	}
	badge, bw := "", 0
	if e.Badge > 0 {
		n := strconv.Itoa(e.Badge)
		if e.Badge > 99 {
			n = "99+"
		}
		badge = m.st.Badge.Render(" " + n + " ")
		bw = len(n) + 2
	}
	room := cw - bw - 1
	if bw == 0 || room < 1 {
		room, badge, bw = cw, "", 0
	}
	title := bubble.Fit(sanitize.Line(e.Title), room)
	st := m.st.Item
	if selected {
		st = m.st.ItemSelected
	}
	tw := ansi.StringWidth(title)
	return marker + " " + st.Render(title) + strings.Repeat(" ", cw-tw-bw) + badge + " "
}
