package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"penny/assistant"
	"penny/money"
	"penny/store"
	"penny/themes"
	"penny/ui/bubble"
	"penny/ui/sidebar"
)

// Goldens pin how the pieces look in every theme. Lip Gloss always writes
// true colour; what a terminal receives depends on the profile Bubble Tea
// detects. The goldens fix it at 256 colours by writing through the same
// colorprofile.Writer Bubble Tea uses, so they do not depend on the
// machine running the tests.

func eachTheme(t *testing.T, draw func(t *testing.T, st *themes.Styles, width int) string, widths ...int) {
	for _, name := range themes.Names() {
		t.Run(name, func(t *testing.T) {
			p, _ := themes.ByName(name)
			st := themes.Build(p)
			var out []string
			for _, w := range widths {
				s := draw(t, &st, w)
				for i, l := range strings.Split(s, "\n") {
					if lw := ansi.StringWidth(l); lw > w {
						t.Errorf("width %d: line %d is %d wide", w, i, lw)
					}
				}
				out = append(out, s)
			}
			var b bytes.Buffer
			pw := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ANSI256}
			if _, err := pw.Write([]byte(strings.Join(out, "\n\n") + "\n")); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.Bytes())
		})
	}
}

func TestGoldenSidebar(t *testing.T) {
	entries := []sidebar.Entry{
		{Section: "Chats", Title: "Penny"},
		{Section: "Chats", Title: "Alerts", Badge: 2},
		{Section: "Accounts", Title: "Everyday Checking", Detail: "11,228.01 USD", Money: true, Sign: 1},
		{Section: "Accounts", Title: "Visa Signature", Detail: "-3,710.03 USD", Money: true, Sign: -1, Badge: 9},
		{Section: "Accounts", Title: "Gemeinschaftskonto der Familie Müller", Detail: "0.00 EUR", Money: true, Badge: 120},
	}
	eachTheme(t, func(t *testing.T, st *themes.Styles, w int) string {
		m := sidebar.New(st)
		m.SetEntries(entries)
		m.SetSize(w, 13)
		m.Select(3)
		return m.View()
	}, 24, 32)
}

func goldenItems() []bubble.Item {
	at := time.Date(2026, 11, 20, 9, 41, 0, 0, time.UTC)
	coffee := store.Transaction{
		ID: 1, Amount: money.New(-615, "USD"), Payee: "SQ *BLUE BOTTLE COFFEE OAKLAND CA",
		Category: "Dining", Pending: true, Transacted: at.Add(-2 * time.Hour),
	}
	salary := store.Transaction{ID: 2, Amount: money.New(412500, "USD"), Payee: "ACME CORP PAYROLL", Category: "Salary"}
	return []bubble.Item{
		{Key: "u", Role: bubble.User, Time: at, Text: "what did I spend at blue bottle?"},
		{Key: "p", Role: bubble.Penny, Time: at, Text: "You spent 48.30 USD at Blue Bottle Coffee this month, over 7 visits."},
		{Key: "t1", Role: bubble.Bank, Time: at.Truncate(24 * time.Hour), Tx: &coffee},
		{Key: "t2", Role: bubble.Bank, Time: at.Truncate(24 * time.Hour), Tx: &salary},
		{Key: "a", Role: bubble.Alert, Time: at, Alert: &store.Alert{
			Severity: "warning", Title: "Price increase: NETFLIX", Body: "15.49 USD, up from 13.99 USD",
			Why: "the same subscription cost less last month",
		}},
		{Key: "f", Role: bubble.Penny, Time: at, Failed: true, Text: "Sorry, I could not answer that: the vault is locked"},
	}
}

func TestGoldenBubbles(t *testing.T) {
	eachTheme(t, func(t *testing.T, st *themes.Styles, w int) string {
		lines := []string{bubble.DaySeparator(st, fixedNow, fixedNow, w)}
		for _, it := range goldenItems() {
			lines = append(lines, bubble.Render(st, it, w)...)
		}
		return strings.Join(lines, "\n")
	}, 40, 64)
}

func TestGoldenTableAnswer(t *testing.T) {
	r := spendingReply()
	r.Chart = nil
	eachTheme(t, func(t *testing.T, st *themes.Styles, w int) string {
		return strings.Join(bubble.Render(st, bubble.Item{Role: bubble.Penny, Time: fixedNow, Text: r.Text, Reply: &r}, w), "\n")
	}, 36, 72)
}

func TestGoldenCharts(t *testing.T) {
	bars := &assistant.Chart{
		Kind: "bars", Title: "Net by account", Currency: "USD",
		Labels: []string{"Everyday Checking", "Visa Signature", "High-Yield Savings", "Brokerage Cash"},
		Values: []int64{254000, -371003, 120000, 0},
	}
	spark := &assistant.Chart{
		Kind: "sparkline", Title: "Dining per week", Currency: "USD",
		Labels: []string{"Sep 7", "", "", "", "", "", "", "", "", "", "", "Nov 16"},
		Values: []int64{-8450, -6120, -10230, -4410, -9900, -12500, -7300, -6600, -15020, -5400, -8800, -9100},
	}
	eachTheme(t, func(t *testing.T, st *themes.Styles, w int) string {
		var lines []string
		for _, c := range []*assistant.Chart{bars, spark} {
			for _, l := range bubble.Chart(st, c, w) {
				lines = append(lines, l.Text)
			}
		}
		return strings.Join(lines, "\n")
	}, 34, 60)
}
