// Package themes turns a small palette of semantic colour tokens into every
// style the chat uses. A theme is only a Palette: Build derives the Styles
// from it, so adding a theme never means touching the UI, and the UI never
// names a colour.
//
// Themes: dark, light, high-contrast, colorblind (blue income, orange
// spending, after the Okabe–Ito palette) and mono (no colour at all, for
// NO_COLOR). The ui package picks dark or light from the terminal's
// background unless the user chose one.
package themes

import (
	"image/color"
	"slices"

	"charm.land/lipgloss/v2"
)

// Palette is a theme: semantic tokens, never "blue" or "red", so a theme can
// move every colour without the UI noticing.
type Palette struct {
	// Name is how the user picks the theme ("/theme dark").
	Name string
	// Dark tells which kind of terminal background the palette was made for.
	Dark bool
	// Mono marks a palette without colours: focus and selection are then
	// shown with reverse video and bold instead of a colour.
	Mono bool
	// Heavy draws money and metadata bold as well as coloured, for low
	// vision, where hue alone is too weak a cue.
	Heavy bool

	Fg       color.Color // body text
	FgMuted  color.Color // timestamps, secondary lines, help
	Bg       color.Color // the background the theme was designed against
	Surface  color.Color // raised surfaces: overlays, badges' text
	Accent   color.Color // focus, selection, the prompt
	OnAccent color.Color // text drawn on Accent
	Income   color.Color // money in (positive amounts)
	Expense  color.Color // money out (negative amounts)
	Warning  color.Color
	Danger   color.Color // errors and danger alerts
	Border   color.Color // dividers, rules, bubble edges of bank text
	User     color.Color // the edge of your own bubbles
	Penny    color.Color // the edge of Penny's bubbles
}

// Names lists the named themes in the order they are offered.
func Names() []string {
	all := all()
	out := make([]string, len(all))
	for i, p := range all {
		out[i] = p.Name
	}
	return out
}

// ByName returns the palette of a named theme.
func ByName(name string) (Palette, bool) {
	all := all()
	i := slices.IndexFunc(all, func(p Palette) bool { return p.Name == name })
	if i < 0 {
		return Palette{}, false
	}
	return all[i], true
}

// Auto returns the default theme for a dark or a light terminal background.
func Auto(isDark bool) Palette {
	if isDark {
		return Dark()
	}
	return Light()
}

// NoColor reports whether the environment asks for no colour: NO_COLOR set
// to anything but the empty string (https://no-color.org). getenv is
// os.Getenv in the program and a map in tests.
func NoColor(getenv func(string) string) bool {
	return getenv != nil && getenv("NO_COLOR") != ""
}

// all builds the named palettes afresh on each call, so there is no
// package-level state a caller could change for everyone.
func all() []Palette {
	return []Palette{Dark(), Light(), HighContrast(), Colorblind(), Mono()}
}

// Dark is the default theme on a dark background.
func Dark() Palette {
	return Palette{
		Name:     "dark",
		Dark:     true,
		Fg:       lipgloss.Color("#E4E6EB"),
		FgMuted:  lipgloss.Color("#8B919C"),
		Bg:       lipgloss.Color("#1A1C22"),
		Surface:  lipgloss.Color("#262A33"),
		Accent:   lipgloss.Color("#7AA2F7"),
		OnAccent: lipgloss.Color("#1A1C22"),
		Income:   lipgloss.Color("#9ECE6A"),
		Expense:  lipgloss.Color("#F7768E"),
		Warning:  lipgloss.Color("#E0AF68"),
		Danger:   lipgloss.Color("#FF5C7A"),
		Border:   lipgloss.Color("#3E4452"),
		User:     lipgloss.Color("#7AA2F7"),
		Penny:    lipgloss.Color("#BB9AF7"),
	}
}

// Light is the default theme on a light background.
func Light() Palette {
	return Palette{
		Name:     "light",
		Fg:       lipgloss.Color("#1F2328"),
		FgMuted:  lipgloss.Color("#656D76"),
		Bg:       lipgloss.Color("#FFFFFF"),
		Surface:  lipgloss.Color("#F3F4F6"),
		Accent:   lipgloss.Color("#0969DA"),
		OnAccent: lipgloss.Color("#FFFFFF"),
		Income:   lipgloss.Color("#1A7F37"),
		Expense:  lipgloss.Color("#CF222E"),
		Warning:  lipgloss.Color("#9A6700"),
		Danger:   lipgloss.Color("#A40E26"),
		Border:   lipgloss.Color("#D0D7DE"),
		User:     lipgloss.Color("#0969DA"),
		Penny:    lipgloss.Color("#8250DF"),
	}
}

// HighContrast is for low vision and bright rooms: pure white on black and
// saturated, widely separated hues, with bold doing part of the work.
func HighContrast() Palette {
	return Palette{
		Name:     "high-contrast",
		Dark:     true,
		Heavy:    true,
		Fg:       lipgloss.Color("#FFFFFF"),
		FgMuted:  lipgloss.Color("#D0D0D0"),
		Bg:       lipgloss.Color("#000000"),
		Surface:  lipgloss.Color("#000000"),
		Accent:   lipgloss.Color("#FFFF00"),
		OnAccent: lipgloss.Color("#000000"),
		Income:   lipgloss.Color("#00FF5F"),
		Expense:  lipgloss.Color("#FF5F5F"),
		Warning:  lipgloss.Color("#FFAF00"),
		Danger:   lipgloss.Color("#FF0000"),
		Border:   lipgloss.Color("#FFFFFF"),
		User:     lipgloss.Color("#00FFFF"),
		Penny:    lipgloss.Color("#FF87FF"),
	}
}

// Colorblind avoids the red/green pair that most colour vision deficiencies
// confuse: income is blue and spending orange (Okabe–Ito), danger is a
// reddish purple that stays apart from both.
func Colorblind() Palette {
	return Palette{
		Name:     "colorblind",
		Dark:     true,
		Fg:       lipgloss.Color("#E8E8E8"),
		FgMuted:  lipgloss.Color("#9A9A9A"),
		Bg:       lipgloss.Color("#1C1C1C"),
		Surface:  lipgloss.Color("#2A2A2A"),
		Accent:   lipgloss.Color("#56B4E9"),
		OnAccent: lipgloss.Color("#000000"),
		Income:   lipgloss.Color("#56B4E9"),
		Expense:  lipgloss.Color("#E69F00"),
		Warning:  lipgloss.Color("#F0E442"),
		Danger:   lipgloss.Color("#CC79A7"),
		Border:   lipgloss.Color("#4A4A4A"),
		User:     lipgloss.Color("#009E73"),
		Penny:    lipgloss.Color("#CC79A7"),
	}
}

// Mono has no colour at all, for NO_COLOR and for anyone who prefers it:
// the sign of an amount is always written, and selection is reverse video.
func Mono() Palette {
	none := lipgloss.NoColor{}
	return Palette{
		Name:     "mono",
		Dark:     true,
		Mono:     true,
		Fg:       none,
		FgMuted:  none,
		Bg:       none,
		Surface:  none,
		Accent:   none,
		OnAccent: none,
		Income:   none,
		Expense:  none,
		Warning:  none,
		Danger:   none,
		Border:   none,
		User:     none,
		Penny:    none,
	}
}
