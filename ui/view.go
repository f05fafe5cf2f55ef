package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/sanitize"
	"penny/ui/bubble"
)

// View draws the frame. Terminal modes are declared here every frame, as
// Bubble Tea v2 wants: the alternate screen, and mouse cell motion so the
// wheel scrolls the transcript.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = sanitize.Line(m.opt.Title)
	return v
}

// Render draws the frame as text: exactly the terminal's height in lines,
// none wider than its width. Only the bubbles on screen are visited, and
// those come from the transcript's cache.
func (m Model) Render() string {
	l := m.layout
	var b strings.Builder
	b.Grow((l.width + 32) * l.height)
	b.WriteString(m.header())
	b.WriteByte('\n')

	var side []string
	if l.side > 0 {
		side = strings.Split(m.sidebar.View(), "\n")
	}
	c := m.current()
	tr := strings.Split(c.t.View(), "\n")
	div := m.styles.Divider.Render("│")
	rule := m.styles.Rule.Render(strings.Repeat("─", l.main))
	comp := m.composer.View()
	for row := range l.body {
		if l.side > 0 {
			if row < len(side) {
				b.WriteString(side[row])
			}
			b.WriteString(div)
		}
		switch {
		case row < l.transcript && row < len(tr):
			b.WriteByte(' ')
			b.WriteString(tr[row])
			b.WriteString(strings.Repeat(" ", l.main-l.chat()-1))
		case row == l.transcript:
			b.WriteString(rule)
		default:
			b.WriteString(comp)
		}
		b.WriteByte('\n')
	}
	b.WriteString(m.footer())
	frame := b.String()

	switch {
	case m.confirm != nil:
		return m.overlay(frame, m.confirmBox(), false)
	case m.helpOpen:
		return m.overlay(frame, m.helpBox(), true)
	case m.paletteOpen:
		return m.overlay(frame, m.palette.View(), false)
	}
	return frame
}

// header is the title, the open conversation and the status (errors and
// replies to commands) on the right.
func (m Model) header() string {
	w := m.layout.width
	title := bubble.Fit(sanitize.Line(m.opt.Title), w)
	left := m.styles.Title.Render(title)
	lw := ansi.StringWidth(title)
	if name := sanitize.Line(m.current().title); lw+3 < w && name != "" {
		name = bubble.Fit(name, w-lw-3)
		left += m.styles.HeaderMeta.Render(" · " + name)
		lw += 3 + ansi.StringWidth(name)
	}
	status := m.status
	if status == "" && m.opt.ReadOnly {
		status = "nothing is saved"
	}
	if room := w - lw - 2; status != "" && room > 4 {
		status = bubble.Fit(sanitize.Line(status), room)
		st := m.styles.Status
		if m.statusErr {
			st = m.styles.StatusError
		}
		sw := ansi.StringWidth(status)
		return left + strings.Repeat(" ", w-lw-sw) + st.Render(status)
	}
	return left + strings.Repeat(" ", w-lw)
}

// footer is the short help, which depends on whether something is typed.
func (m Model) footer() string {
	h := m.help
	h.SetWidth(m.layout.width)
	s := h.ShortHelpView(helpKeys{k: m.keys, composing: !m.composer.Empty()}.ShortHelp())
	return padTo(s, m.layout.width)
}

// helpBox is the ? overlay: every key in columns that fit, and the rule
// for the keys that mean two things.
func (m Model) helpBox() string {
	box := m.styles.Overlay
	inner := max(min(m.layout.width-box.GetHorizontalFrameSize(), 96), 10)
	h := m.help
	h.SetWidth(0)
	var rows []string
	var cur [][]key.Binding
	for _, g := range m.keys.FullHelp() {
		try := append(cur[:len(cur):len(cur)], g)
		if len(cur) > 0 && lipgloss.Width(h.FullHelpView(try)) > inner {
			rows = append(rows, h.FullHelpView(cur))
			cur = [][]key.Binding{g}
			continue
		}
		cur = try
	}
	if len(cur) > 0 {
		rows = append(rows, h.FullHelpView(cur))
	}
	lines := []string{m.styles.OverlayTitle.Render("Keys") + m.styles.OverlayHint.Render(" · any key closes")}
	for _, r := range rows {
		lines = append(lines, strings.Split(r, "\n")...)
		lines = append(lines, "")
	}
	rule := "tab completes a word; with no word before the cursor it moves to " +
		"the next chat. q, ? and / act only on an empty line."
	for _, l := range bubble.Wrap([]bubble.Span{{Text: rule, Style: m.styles.OverlayHint}}, inner) {
		lines = append(lines, l.Text)
	}
	// Keep the box on screen: cut what does not fit in height, and pad
	// every line to the same width.
	if maxLines := m.layout.height - box.GetVerticalFrameSize(); len(lines) > maxLines {
		lines = lines[:max(maxLines, 1)]
	}
	width := 0
	for _, l := range lines {
		width = max(width, ansi.StringWidth(l))
	}
	width = min(width, inner)
	for i, l := range lines {
		lines[i] = padTo(l, width)
	}
	return box.Render(strings.Join(lines, "\n"))
}

// overlay draws box over the frame: centred on the screen, or at the bottom
// of the chat pane just above the composer.
func (m Model) overlay(frame, box string, center bool) string {
	l := m.layout
	bw, bh := lipgloss.Size(box)
	var x, y int
	if center {
		x, y = (l.width-bw)/2, (l.height-bh)/2
	} else {
		left := l.side
		if l.side > 0 {
			left++
		}
		x = left + (l.main-bw)/2
		y = chromeTop + l.transcript - bh
	}
	x, y = max(x, 0), max(y, 0)
	return lipgloss.NewCompositor(
		lipgloss.NewLayer(frame),
		lipgloss.NewLayer(box).X(x).Y(y).Z(1),
	).Render()
}

// padTo pads or cuts styled s to exactly w cells.
func padTo(s string, w int) string {
	sw := ansi.StringWidth(s)
	switch {
	case sw > w:
		return ansi.Truncate(s, w, "")
	case sw < w:
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}
