// Package composer is the line where you type to Penny: a text input with a
// history of earlier questions (↑/↓) and tab completion of account,
// category and merchant names and commands.
package composer

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/themes"
)

// Placeholder is shown while the composer is empty.
const Placeholder = "Ask Penny…  ? keys · / commands"

// KeyMap is the composer's own keys.
type KeyMap struct {
	Submit   key.Binding
	Older    key.Binding
	Newer    key.Binding
	Complete key.Binding
}

// DefaultKeyMap is the composer's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Submit:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		Older:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "earlier question")),
		Newer:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "later question")),
		Complete: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "complete the word (⇧tab: back)")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Submit, k.Older, k.Complete}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Older, k.Newer, k.Complete}}
}

// Model is the composer.
type Model struct {
	input textinput.Model
	width int
	keys  KeyMap

	// history holds earlier questions, oldest first; hpos is the one shown,
	// len(history) while editing a fresh draft, which is kept in draft.
	history []string
	hpos    int
	draft   string

	candidates []string
	cycle      *cycle
}

// cycle is the state of repeated tabs: the matches of the word as first
// typed, and where the last completion left the text, so a further tab
// knows it is continuing.
type cycle struct {
	head    string // text before the completed fragment
	tail    string // text after the cursor
	matches []string
	i       int
	value   string // the value after the last completion
}

// New returns an empty, focused composer drawn with st.
func New(st *themes.Styles) Model {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = Placeholder
	km := textinput.DefaultKeyMap()
	// tab, ↑/↓ and ctrl+k belong to completion, history and the sidebar.
	off := key.NewBinding(key.WithDisabled())
	km.AcceptSuggestion, km.NextSuggestion, km.PrevSuggestion = off, off, off
	km.DeleteAfterCursor = off
	in.KeyMap = km
	in.SetStyles(st.Input)
	in.Focus()
	return Model{input: in, keys: DefaultKeyMap()}
}

// KeyMap returns the composer's keys.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetStyles switches the theme.
func (m *Model) SetStyles(st *themes.Styles) { m.input.SetStyles(st.Input) }

// SetWidth sets the width the composer draws at, prompt included.
func (m *Model) SetWidth(w int) {
	m.width = max(w, 4)
	// The input draws one more cell than its width for the cursor.
	m.input.SetWidth(max(m.width-ansi.StringWidth(m.input.Prompt)-1, 1))
}

// Value is the text typed so far.
func (m Model) Value() string { return m.input.Value() }

// Empty reports whether nothing is typed: keys such as q, ? and / act as
// commands only then.
func (m Model) Empty() bool { return m.input.Value() == "" }

// SetValue replaces the text and puts the cursor at its end.
func (m *Model) SetValue(s string) {
	m.input.SetValue(s)
	m.input.CursorEnd()
	m.cycle = nil
}

// Reset empties the composer and leaves history browsing.
func (m *Model) Reset() {
	m.input.Reset()
	m.hpos = len(m.history)
	m.draft = ""
	m.cycle = nil
}

// SetCandidates sets what tab completes.
func (m *Model) SetCandidates(c []string) {
	m.candidates = slices.Clone(c)
	m.cycle = nil
}

// Candidates returns what tab completes.
func (m Model) Candidates() []string { return m.candidates }

// AddHistory records a question just asked. A repeat of the last one is not
// recorded twice.
func (m *Model) AddHistory(q string) {
	q = strings.TrimSpace(q)
	if q != "" && (len(m.history) == 0 || m.history[len(m.history)-1] != q) {
		m.history = append(m.history, q)
	}
	m.hpos = len(m.history)
}

// PrependHistory adds questions asked before this session, oldest first.
func (m *Model) PrependHistory(qs []string) {
	browsing := m.hpos < len(m.history)
	m.history = append(slices.Clone(qs), m.history...)
	if browsing {
		m.hpos += len(qs)
	} else {
		m.hpos = len(m.history)
	}
}

// History returns the recorded questions, oldest first.
func (m Model) History() []string { return m.history }

// Older shows the previous question; the draft being typed is kept and comes
// back after the newest.
func (m *Model) Older() {
	if m.hpos == 0 {
		return
	}
	if m.hpos == len(m.history) {
		m.draft = m.input.Value()
	}
	m.hpos--
	m.show(m.history[m.hpos])
}

// Newer shows the next question, and the draft after the newest.
func (m *Model) Newer() {
	if m.hpos >= len(m.history) {
		return
	}
	m.hpos++
	if m.hpos == len(m.history) {
		m.show(m.draft)
		return
	}
	m.show(m.history[m.hpos])
}

func (m *Model) show(s string) {
	m.input.SetValue(s)
	m.input.CursorEnd()
	m.cycle = nil
}

// CanComplete reports whether tab should complete rather than move to the
// next conversation: the character before the cursor is part of a word.
// That is the whole rule, and the help states it.
func (m Model) CanComplete() bool {
	before := []rune(m.input.Value())[:m.input.Position()]
	return len(before) > 0 && !unicode.IsSpace(before[len(before)-1])
}

// Complete completes the word before the cursor, or on a repeated tab
// moves to the next (forward) or previous match. It reports whether there
// was anything to complete to.
func (m *Model) Complete(forward bool) bool {
	value := m.input.Value()
	if c := m.cycle; c != nil && c.value == value && len(c.matches) > 0 {
		step := 1
		if !forward {
			step = len(c.matches) - 1
		}
		c.i = (c.i + step) % len(c.matches)
		m.apply(c)
		return true
	}
	runes := []rune(value)
	pos := m.input.Position()
	before, after := string(runes[:pos]), string(runes[pos:])
	head, matches := Matches(before, m.candidates)
	if len(matches) == 0 {
		m.cycle = nil
		return false
	}
	c := &cycle{head: head, tail: after, matches: matches}
	if !forward {
		c.i = len(matches) - 1
	}
	m.apply(c)
	return true
}

func (m *Model) apply(c *cycle) {
	done := c.head + c.matches[c.i]
	m.input.SetValue(done + c.tail)
	m.input.SetCursor(len([]rune(done)))
	c.value = m.input.Value()
	m.cycle = c
}

// Matches finds what the end of before can be completed to: the longest
// run of whole words at its end that some candidates start with (any
// case), so "spent at blue bo" finds "Blue Bottle Coffee". It returns the
// text kept before that run and the matches, shortest first.
func Matches(before string, candidates []string) (head string, matches []string) {
	if before == "" || unicode.IsSpace(lastRune(before)) {
		return before, nil
	}
	for start := 0; start < len(before); start++ {
		if start > 0 && before[start-1] != ' ' {
			continue
		}
		frag := strings.ToLower(before[start:])
		for _, c := range candidates {
			lc := strings.ToLower(c)
			if strings.HasPrefix(lc, frag) && lc != frag {
				matches = append(matches, c)
			}
		}
		if len(matches) > 0 {
			slices.SortStableFunc(matches, func(a, b string) int {
				if d := len(a) - len(b); d != 0 {
					return d
				}
				return strings.Compare(strings.ToLower(a), strings.ToLower(b))
			})
			return before[:start], slices.Compact(matches)
		}
	}
	return before, nil
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

// Update handles a key the root did not take (typing, editing, paste).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		m.cycle = nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// View draws the composer as one line of exactly its width.
func (m Model) View() string {
	v := m.input.View()
	w := ansi.StringWidth(v)
	switch {
	case w > m.width:
		return ansi.Truncate(v, m.width, "")
	case w < m.width:
		return v + strings.Repeat(" ", m.width-w)
	}
	return v
}
