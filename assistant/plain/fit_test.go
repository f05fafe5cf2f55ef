package plain

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"penny/assistant"
	"penny/money"
)

func fitTable() ([]string, [][]string, map[int]bool) {
	header := []string{"ID", "DATE", "ACCOUNT", "AMOUNT", "PAYEE", "CATEGORY"}
	rows := [][]string{
		{"12", "2026-04-20", "Everyday Checking", "-6.15 USD", "SQ *BLUE BOTTLE COFFEE 1234 SAN FRANCISCO CA", "Coffee"},
		{"12345", "2026-04-19", "Visa", "-1,234,567.89 USD", "東京 ラーメン 本店 とても長い名前の店", "Restaurants & bars"},
		{"7", "2026-04-18", "Savings", "10.00 USD", "Interest", ""},
	}
	return header, rows, map[int]bool{0: true, 3: true}
}

func TestFitCutsTextColumnsToTheWidth(t *testing.T) {
	t.Parallel()
	header, rows, right := fitTable()
	var whole strings.Builder
	if err := Columns(&whole, header, rows, right); err != nil {
		t.Fatal(err)
	}
	wide := 0
	for _, l := range strings.Split(whole.String(), "\n") {
		wide = max(wide, ansi.StringWidth(l))
	}
	for _, width := range []int{wide, wide - 1, 100, 80, 72} {
		var b strings.Builder
		if err := Columns(&b, header, Fit(header, rows, right, width), right); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != len(rows)+1 {
			t.Fatalf("width %d: %d lines for %d rows", width, len(lines), len(rows))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("width %d: a line is %d wide: %q", width, w, l)
			}
		}
		cut := width < wide
		if got := strings.Contains(b.String(), "…"); got != cut {
			t.Errorf("width %d (the table is %d): cut %v:\n%s", width, wide, got, b.String())
		}
		// Ids, dates and amounts are never cut.
		for _, r := range rows {
			for _, whole := range []string{r[0], r[1], r[3]} {
				if !strings.Contains(b.String(), whole) {
					t.Errorf("width %d: %q was cut:\n%s", width, whole, b.String())
				}
			}
		}
	}
}

func TestFitLeavesAPipesRowsWhole(t *testing.T) {
	t.Parallel()
	header, rows, right := fitTable()
	for _, width := range []int{0, -1, 1000} {
		got := Fit(header, rows, right, width)
		for i := range rows {
			if strings.Join(got[i], "|") != strings.Join(rows[i], "|") {
				t.Errorf("width %d changed row %d: %q", width, i, got[i])
			}
		}
	}
	// Too narrow to fit: cut as far as the floors allow, never below.
	got := Fit(header, rows, right, 20)
	if got[0][4] != "SQ *BLUE …" || got[0][2] != "Everyday …" || got[1][5] != "Restauran…" {
		t.Errorf("at 20 cells: %q", got)
	}
	if got[1][3] != "-1,234,567.89 USD" || got[2][4] != "Interest" {
		t.Errorf("an amount or a short cell was cut: %q", got)
	}
}

func TestReplyWidthFitsTheTable(t *testing.T) {
	t.Parallel()
	a := money.New(-615, "USD")
	r := assistant.Reply{Text: "One.",
		Table: &assistant.Table{Columns: []string{"Payee", "Amount"}, Right: []bool{false, true},
			Rows: [][]assistant.Cell{{{Text: strings.Repeat("LONG PAYEE ", 10)}, {Amount: &a}}}}}
	var pipe, term strings.Builder
	if err := Reply(&pipe, r); err != nil {
		t.Fatal(err)
	}
	if err := ReplyWidth(&term, r, 40); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pipe.String(), strings.TrimSpace(strings.Repeat("LONG PAYEE ", 10))) {
		t.Errorf("piped, the payee was cut:\n%s", pipe.String())
	}
	for _, l := range strings.Split(term.String(), "\n") {
		if ansi.StringWidth(l) > 40 {
			t.Errorf("at 40 cells a line is %d wide: %q", ansi.StringWidth(l), l)
		}
	}
	if !strings.Contains(term.String(), "…  -6.15 USD") {
		t.Errorf("at 40 cells:\n%s", term.String())
	}
}
