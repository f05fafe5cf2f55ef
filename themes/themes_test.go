package themes

import (
	"bytes"
	"image/color"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
)

func TestNamesOffersTheRequiredThemes(t *testing.T) {
	names := Names()
	for _, want := range []string{"dark", "light", "high-contrast", "colorblind", "mono"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v, missing %q", names, want)
		}
	}
	for _, n := range names {
		p, ok := ByName(n)
		if !ok || p.Name != n {
			t.Errorf("ByName(%q) = %q, %v", n, p.Name, ok)
		}
	}
	if _, ok := ByName("solarized-neon"); ok {
		t.Error("ByName of an unknown theme reported ok")
	}
}

func TestPalettesAreCopies(t *testing.T) {
	p, _ := ByName("dark")
	p.Income = lipgloss.Color("#000000")
	again, _ := ByName("dark")
	if sameColor(p.Income, again.Income) {
		t.Error("changing a returned palette changed the named theme")
	}
}

func TestAutoFollowsTheBackground(t *testing.T) {
	if Auto(true).Name != "dark" || Auto(false).Name != "light" {
		t.Errorf("Auto(true)=%q Auto(false)=%q", Auto(true).Name, Auto(false).Name)
	}
}

func TestNoColor(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"unset means colour", map[string]string{}, false},
		{"empty means colour, as no-color.org says", map[string]string{"NO_COLOR": ""}, false},
		{"any value means no colour", map[string]string{"NO_COLOR": "1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NoColor(func(k string) string { return tt.env[k] })
			if got != tt.want {
				t.Errorf("NoColor = %v, want %v", got, tt.want)
			}
		})
	}
	if NoColor(nil) {
		t.Error("NoColor(nil) = true")
	}
}

func TestIncomeAndExpenseDifferInEveryColourTheme(t *testing.T) {
	for _, n := range Names() {
		p, _ := ByName(n)
		if p.Mono {
			continue
		}
		if sameColor(p.Income, p.Expense) {
			t.Errorf("%s: income and expense share a colour", n)
		}
		if sameColor(p.Fg, p.Bg) {
			t.Errorf("%s: text is the colour of the background", n)
		}
	}
}

func TestColorblindAvoidsRedAndGreen(t *testing.T) {
	p := Colorblind()
	// Blue income: more blue than red; orange spending: more red than blue.
	ir, _, ib, _ := p.Income.RGBA()
	er, _, eb, _ := p.Expense.RGBA()
	if ib <= ir {
		t.Errorf("income %v is not blue", p.Income)
	}
	if er <= eb {
		t.Errorf("expense %v is not orange", p.Expense)
	}
}

func TestMonoHasNoColourButKeepsFocusCues(t *testing.T) {
	s := Build(Mono())
	for name, st := range map[string]lipgloss.Style{
		"income": s.Income, "expense": s.Expense, "text": s.Text, "badge": s.Badge,
		"selected": s.ItemSelected, "error": s.Error, "edge": s.EdgePenny,
	} {
		out := st.Render("x")
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("%s: mono style emits a colour: %q", name, out)
		}
	}
	if !s.ItemSelected.GetReverse() || !s.ItemSelected.GetBold() {
		t.Error("mono selection is not bold reverse")
	}
	if !s.Badge.GetReverse() {
		t.Error("mono badge is not reverse")
	}
	if !s.OverlaySelected.GetReverse() {
		t.Error("mono palette selection is not reverse")
	}
}

// TestSwatches pins each theme's look: one line per role, rendered through
// a colour writer fixed at 256 colours, the way Bubble Tea downsamples for
// a 256-colour terminal.
func TestSwatches(t *testing.T) {
	for _, n := range Names() {
		t.Run(n, func(t *testing.T) {
			p, _ := ByName(n)
			s := Build(p)
			var b bytes.Buffer
			w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ANSI256}
			lines := []string{
				s.Title.Render("Penny") + " " + s.HeaderMeta.Render("demo"),
				s.Marker.Render("▌") + s.ItemSelected.Render("Everyday Checking") + " " + s.Badge.Render(" 3 "),
				s.Item.Render("Savings") + " " + s.Income.Render("12,000.00 USD"),
				s.Item.Render("Visa") + " " + s.Expense.Render("-1,204.50 USD"),
				s.EdgePenny.Render("┃") + " " + s.Text.Render("Your balance is") + " " + s.Strong.Render("46,691.04 USD"),
				s.EdgeUser.Render("┃") + " " + s.Meta.Render("14:05"),
				s.EdgeWarn.Render("┃") + " " + s.Warning.Render("price went up") + " " + s.EdgeDanger.Render("┃") + s.Error.Render("duplicate"),
				s.TableHeader.Render("Category") + " " + s.TableRule.Render("────") + " " + s.ChartBar.Render("▇▆▅"),
				s.OverlaySelected.Render("/theme dark") + " " + s.OverlayHint.Render("enter runs"),
			}
			if _, err := w.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.Bytes())
		})
	}
}

func sameColor(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}
