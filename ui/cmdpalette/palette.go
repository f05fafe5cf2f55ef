// Package cmdpalette is the command palette that "/" opens: a filter line and
// the commands that match it. It never runs a command itself; Update
// returns the outcome as an Action value and the root model acts on it.
package cmdpalette

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/sanitize"
	"penny/themes"
	"penny/ui/bubble"
)

// Command is one entry of the palette.
type Command struct {
	// Name is what runs, as typed in the composer: "/theme dark".
	Name string
	Desc string
}

// Outcome says what the palette asks of its owner.
type Outcome int

// The outcomes of a key in the palette.
const (
	// Stay keeps the palette open.
	Stay Outcome = iota
	// Close closes it without running anything.
	Close
	// Run closes it and runs Action.Command.
	Run
)

// Action is what Update returns.
type Action struct {
	Outcome Outcome
	// Command is the command line to run: a listed command, or what was
	// typed when nothing is listed ("/theme high-contrast" typed in full).
	Command string
}

// KeyMap is the palette's keys.
type KeyMap struct {
	Up     key.Binding
	Down   key.Binding
	Run    key.Binding
	Fill   key.Binding
	Cancel key.Binding
}

// DefaultKeyMap is the palette's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p", "ctrl+k"), key.WithHelp("↑", "previous")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n", "ctrl+j"), key.WithHelp("↓", "next")),
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Fill:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "edit")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Run, k.Fill, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Run, k.Fill, k.Cancel}}
}

// Model is the palette.
type Model struct {
	st       *themes.Styles
	commands []Command
	filter   string
	sel      int
	width    int
	height   int
	keys     KeyMap
}

// New returns a palette over commands.
func New(st *themes.Styles, commands []Command) Model {
	return Model{st: st, commands: commands, keys: DefaultKeyMap(), width: 40, height: 12}
}

// KeyMap returns the palette's keys.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetStyles switches the theme.
func (m *Model) SetStyles(st *themes.Styles) { m.st = st }

// SetSize sets the most room the palette may take.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Filter is what was typed after the "/".
func (m Model) Filter() string { return m.filter }

// Matches lists the commands matching the filter: every typed word appears
// in the name or description; names that start with the filter first.
func (m Model) Matches() []Command {
	f := strings.ToLower(strings.TrimSpace(m.filter))
	if f == "" {
		return m.commands
	}
	var first, rest []Command
	for _, c := range m.commands {
		hay := strings.ToLower(c.Name + " " + c.Desc)
		ok := true
		for _, w := range strings.Fields(f) {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		switch {
		case !ok:
		case strings.HasPrefix(strings.ToLower(c.Name), "/"+f):
			first = append(first, c)
		default:
			rest = append(rest, c)
		}
	}
	return append(first, rest...)
}

// Update handles a key and says what to do next.
func (m Model) Update(msg tea.Msg) (Model, Action) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.filter += sanitize.Line(msg.Content)
		m.sel = 0
	case tea.KeyPressMsg:
		matches := m.Matches()
		switch {
		case key.Matches(msg, m.keys.Cancel):
			return m, Action{Outcome: Close}
		case key.Matches(msg, m.keys.Up):
			if m.sel > 0 {
				m.sel--
			}
		case key.Matches(msg, m.keys.Down):
			if m.sel < len(matches)-1 {
				m.sel++
			}
		case key.Matches(msg, m.keys.Fill):
			if m.sel < len(matches) {
				m.filter = strings.TrimPrefix(matches[m.sel].Name, "/") + " "
				m.sel = 0
			}
		case key.Matches(msg, m.keys.Run):
			// What was typed wins when it has an argument the list does
			// not hold ("/theme dark" listed, "/theme mono" typed in full).
			typed := strings.TrimSpace(m.filter)
			pick := ""
			if m.sel < len(matches) {
				pick = matches[m.sel].Name
			}
			switch {
			case pick != "" && (!strings.Contains(typed, " ") || strings.HasPrefix(pick, "/"+typed)):
				return m, Action{Outcome: Run, Command: pick}
			case typed != "":
				return m, Action{Outcome: Run, Command: "/" + typed}
			}
			return m, Action{Outcome: Close}
		case msg.Code == tea.KeyBackspace:
			if m.filter == "" {
				return m, Action{Outcome: Close}
			}
			r := []rune(m.filter)
			m.filter = string(r[:len(r)-1])
			m.sel = 0
		case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
			m.filter += sanitize.Line(msg.Text)
			m.sel = 0
		}
	}
	return m, Action{}
}

// View draws the palette box, at most the size set.
func (m Model) View() string {
	box := m.st.Overlay
	inner := max(min(m.width, 56)-box.GetHorizontalFrameSize(), 10)
	rows := max(m.height-box.GetVerticalFrameSize()-3, 1)

	lines := []string{
		bubble.Pad(bubble.Plain("Commands", m.st.OverlayTitle), inner),
		bubble.Pad(bubble.Plain(bubble.Fit("/"+m.filter+"▏", inner), m.st.OverlayItem), inner),
	}
	matches := m.Matches()
	start := 0
	if m.sel >= rows {
		start = m.sel - rows + 1
	}
	for i := start; i < len(matches) && i < start+rows; i++ {
		c := matches[i]
		name := sanitize.Line(c.Name)
		desc := sanitize.Line(c.Desc)
		nw := ansi.StringWidth(name)
		text := bubble.Fit(name, inner)
		if room := inner - nw - 2; room > 3 && desc != "" {
			text = name + "  " + bubble.Fit(desc, room)
		}
		st := m.st.OverlayItem
		if i == m.sel {
			st = m.st.OverlaySelected
		}
		lines = append(lines, bubble.Pad(bubble.Plain(text, st), inner))
	}
	if len(matches) == 0 {
		lines = append(lines, bubble.Pad(bubble.Plain(bubble.Fit("enter runs what you typed", inner), m.st.OverlayHint), inner))
	}
	lines = append(lines, bubble.Pad(bubble.Plain(bubble.Fit("enter run · tab edit · esc close", inner), m.st.OverlayHint), inner))
	return box.Render(strings.Join(lines, "\n"))
}
