package ui

// layout is where each pane goes for a terminal size:
//
//	header                                   1 line
//	sidebar │ transcript                     body-2 lines
//	sidebar │ ───── rule ─────               1 line
//	sidebar │ › composer                     1 line
//	footer (short help)                      1 line
type layout struct {
	width, height int
	side          int // sidebar width; 0 hides it on very narrow terminals
	main          int // transcript and composer width
	body          int // lines between header and footer
	transcript    int
}

// Sizes that keep the sidebar readable without starving the chat.
const (
	minSide   = 20
	maxSide   = 32
	hideSide  = 48 // below this width the sidebar is hidden
	chromeTop = 1
	chromeBot = 1
)

func computeLayout(w, h int) layout {
	w, h = max(w, 10), max(h, 5)
	l := layout{width: w, height: h}
	if w >= hideSide {
		l.side = min(max(w/4, minSide), maxSide)
	}
	l.main = w - l.side
	if l.side > 0 {
		l.main-- // the divider
	}
	l.body = h - chromeTop - chromeBot
	l.transcript = max(l.body-2, 1)
	return l
}

// chat is the transcript's width: the chat pane less a margin each side,
// so bubble edges do not touch the divider.
func (l layout) chat() int { return max(l.main-2, 1) }

// resize gives every component its size for the current terminal.
func (m *Model) resize() {
	l := computeLayout(m.width, m.height)
	m.layout = l
	m.sidebar.SetSize(max(l.side, 4), l.body)
	m.composer.SetWidth(l.main)
	for _, c := range m.convs {
		c.t.SetSize(l.chat(), l.transcript)
	}
	m.help.SetWidth(l.width)
	m.palette.SetSize(min(l.main, 60), max(l.body, 5))
}
