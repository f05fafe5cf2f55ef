package ui

import (
	"charm.land/bubbles/v2/key"
)

// keyMap is every key of the root model. Some keys mean two things, and the
// rule that decides is stated in their help:
//
//   - tab completes the word before the cursor; when there is no word there
//     (the composer is empty or ends in a space) it moves to the next chat.
//     ctrl+j/ctrl+k always move between chats.
//   - q, ? and / are commands only when the composer is empty; otherwise
//     they are typed.
type keyMap struct {
	Send      key.Binding
	Older     key.Binding
	Newer     key.Binding
	Tab       key.Binding
	ShiftTab  key.Binding
	NextChat  key.Binding
	PrevChat  key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
	Wheel     key.Binding // help only: the mouse wheel scrolls
	Click     key.Binding // help only: a click in the sidebar opens a chat
	Esc       key.Binding
	Palette   key.Binding
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Send:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		Older:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "earlier question")),
		Newer:     key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "later question")),
		Tab:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete, else next chat")),
		ShiftTab:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("⇧tab", "back: match, else chat")),
		NextChat:  key.NewBinding(key.WithKeys("ctrl+j"), key.WithHelp("ctrl+j", "next chat")),
		PrevChat:  key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "previous chat")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up, load older")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "scroll down")),
		Wheel:     key.NewBinding(key.WithKeys("wheel"), key.WithHelp("wheel", "scroll")),
		Click:     key.NewBinding(key.WithKeys("click"), key.WithHelp("click", "open chat")),
		Esc:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "to newest, then clear")),
		Palette:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "commands")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// shortHelp is the footer: what matters while typing, or while idle.
func (k keyMap) shortHelp(composing bool) []key.Binding {
	if composing {
		return []key.Binding{k.Send, k.Tab, k.Older, k.NextChat, k.Esc, k.ForceQuit}
	}
	return []key.Binding{k.Send, k.Tab, k.Older, k.PageUp, k.Palette, k.Help, k.Quit}
}

// ShortHelp implements help.KeyMap.
func (k keyMap) ShortHelp() []key.Binding { return k.shortHelp(false) }

// FullHelp implements help.KeyMap: the columns of the ? overlay.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Send, k.Older, k.Newer, k.Tab, k.ShiftTab, k.Esc},
		{k.NextChat, k.PrevChat, k.Click, k.PageUp, k.PageDown, k.Wheel},
		{k.Palette, k.Help, k.Quit, k.ForceQuit},
	}
}

// helpKeys adapts keyMap to help.KeyMap for the footer, whose short help
// depends on whether something is typed.
type helpKeys struct {
	k         keyMap
	composing bool
}

// ShortHelp implements help.KeyMap.
func (h helpKeys) ShortHelp() []key.Binding { return h.k.shortHelp(h.composing) }

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding { return h.k.FullHelp() }
