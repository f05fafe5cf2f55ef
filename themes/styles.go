package themes

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Styles is every style the chat draws with, derived from one Palette by
// Build. The UI holds one Styles value and rebuilds it only when the theme
// changes, so no style is ever made while a frame is drawn.
type Styles struct {
	Palette Palette

	// Chrome: the title line, the status, the dividers between panes.
	Title       lipgloss.Style
	HeaderMeta  lipgloss.Style
	Status      lipgloss.Style
	StatusError lipgloss.Style
	Divider     lipgloss.Style // the vertical line between sidebar and chat
	Rule        lipgloss.Style // the horizontal line above the composer

	// Sidebar.
	Section      lipgloss.Style // "CHATS", "ACCOUNTS"
	Item         lipgloss.Style
	ItemSelected lipgloss.Style
	Marker       lipgloss.Style // the bar left of the selected conversation
	ItemMeta     lipgloss.Style // secondary line (institution, "no balance")
	Badge        lipgloss.Style // unread count

	// Money, coloured by sign. Zero and unsigned amounts use Text.
	Income  lipgloss.Style
	Expense lipgloss.Style

	// Transcript.
	Text       lipgloss.Style
	Strong     lipgloss.Style
	Muted      lipgloss.Style
	Error      lipgloss.Style
	Warning    lipgloss.Style
	DaySep     lipgloss.Style
	Meta       lipgloss.Style // "Penny · 14:05"
	Pending    lipgloss.Style // "· pending"
	EdgeUser   lipgloss.Style // the edge of a bubble, by who speaks
	EdgePenny  lipgloss.Style
	EdgeBank   lipgloss.Style
	EdgeInfo   lipgloss.Style // alerts by severity
	EdgeWarn   lipgloss.Style
	EdgeDanger lipgloss.Style
	Suggestion lipgloss.Style

	// Answers: tables and charts inside Penny's bubbles.
	TableHeader lipgloss.Style
	TableRule   lipgloss.Style
	ChartTitle  lipgloss.Style
	ChartBar    lipgloss.Style // bars and sparklines without a sign
	ChartLabel  lipgloss.Style

	// Composer.
	Prompt lipgloss.Style
	Input  textinput.Styles

	// Overlays: the command palette and the key help.
	Overlay         lipgloss.Style // the box; its width is set when drawn
	OverlayTitle    lipgloss.Style
	OverlayItem     lipgloss.Style
	OverlaySelected lipgloss.Style
	OverlayHint     lipgloss.Style
	Help            help.Styles
}

// Build derives every style from the palette's tokens. A mono palette gets
// the same shapes with no colour, and shows focus with bold and reverse
// video, which survive NO_COLOR and colour-blind terminals alike.
func Build(p Palette) Styles {
	base := lipgloss.NewStyle()
	fg := base.Foreground(p.Fg)
	muted := base.Foreground(p.FgMuted)
	accent := base.Foreground(p.Accent)
	border := base.Foreground(p.Border)

	s := Styles{Palette: p}
	s.Title = accent.Bold(true)
	s.HeaderMeta = muted
	s.Status = muted
	s.StatusError = base.Foreground(p.Danger).Bold(true)
	s.Divider = border
	s.Rule = border

	s.Section = muted.Bold(true)
	s.Item = fg
	s.ItemSelected = accent.Bold(true)
	s.Marker = accent.Bold(true)
	s.ItemMeta = muted
	s.Badge = base.Background(p.Accent).Foreground(p.OnAccent).Bold(true)

	s.Income = base.Foreground(p.Income)
	s.Expense = base.Foreground(p.Expense)

	s.Text = fg
	s.Strong = fg.Bold(true)
	s.Muted = muted
	s.Error = base.Foreground(p.Danger)
	s.Warning = base.Foreground(p.Warning)
	s.DaySep = muted
	s.Meta = muted
	s.Pending = muted.Italic(true)
	s.EdgeUser = base.Foreground(p.User)
	s.EdgePenny = base.Foreground(p.Penny)
	s.EdgeBank = border
	s.EdgeInfo = accent
	s.EdgeWarn = base.Foreground(p.Warning)
	s.EdgeDanger = base.Foreground(p.Danger)
	s.Suggestion = accent

	s.TableHeader = fg.Bold(true)
	s.TableRule = border
	s.ChartTitle = fg.Bold(true)
	s.ChartBar = accent
	s.ChartLabel = fg

	s.Prompt = accent.Bold(true)
	state := textinput.StyleState{
		Text:        fg,
		Placeholder: muted,
		Suggestion:  muted,
		Prompt:      s.Prompt,
	}
	s.Input = textinput.Styles{
		Focused: state,
		Blurred: state,
		// A steady cursor: a blinking one would wake the program twice a
		// second for nothing and make test output depend on timing.
		Cursor: textinput.CursorStyle{Color: p.Accent, Shape: tea.CursorBlock},
	}

	s.Overlay = base.Border(lipgloss.RoundedBorder()).BorderForeground(p.Accent).Padding(0, 1)
	s.OverlayTitle = accent.Bold(true)
	s.OverlayItem = fg
	s.OverlaySelected = accent.Bold(true)
	s.OverlayHint = muted

	s.Help = help.Styles{
		Ellipsis:       muted,
		ShortKey:       fg.Bold(true),
		ShortDesc:      muted,
		ShortSeparator: border,
		FullKey:        accent.Bold(true),
		FullDesc:       fg,
		FullSeparator:  border,
	}

	if p.Mono {
		// Without colour, selection and the unread badge need another cue.
		s.ItemSelected = base.Bold(true).Reverse(true)
		s.Marker = base.Bold(true)
		s.Badge = base.Bold(true).Reverse(true)
		s.OverlaySelected = base.Bold(true).Reverse(true)
		s.Income = base
		s.Expense = base
		s.Error = base.Bold(true)
		s.Prompt = base.Bold(true)
		s.Input.Focused.Prompt = s.Prompt
		s.Input.Blurred.Prompt = s.Prompt
	}
	if p.Heavy {
		s.Income = s.Income.Bold(true)
		s.Expense = s.Expense.Bold(true)
		s.Meta = s.Meta.Bold(true)
	}
	return s
}
