package bubble

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"penny/assistant"
	"penny/money"
	"penny/store"
	"penny/themes"
)

func styles() *themes.Styles {
	st := themes.Build(themes.Dark())
	return &st
}

func plainLines(ls []Line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = ansi.Strip(l.Text)
	}
	return out
}

func TestWrap(t *testing.T) {
	st := styles()
	tests := []struct {
		name  string
		text  string
		width int
		want  []string
	}{
		{"fits", "hello world", 20, []string{"hello world"}},
		{"wraps at spaces", "hello big world", 9, []string{"hello big", "world"}},
		{"cuts a long word", "DE89370400440532013000", 8, []string{"DE893704", "00440532", "013000"}},
		{"starts a long word on the current line", "IBAN DE89370400440532", 10, []string{"IBAN DE893", "70400440532"[:10], "2"}},
		{"keeps line breaks", "one\ntwo", 10, []string{"one", "two"}},
		{"never splits a wide character", "東京東京東", 5, []string{"東京", "東京", "東"}},
		{"drops spaces at a wrap", "aaaa    bbbb", 4, []string{"aaaa", "bbbb"}},
		{"empty text is one empty line", "", 5, []string{""}},
		{"measures a digit made an emoji whole", "00\uFE0F", 2, []string{"0", "0\uFE0F"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plainLines(Wrap([]Span{{Text: tt.text, Style: st.Text}}, tt.width))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

func FuzzWrap(f *testing.F) {
	for _, s := range []string{"hello world", "東京 🍣🍣 DE8937040044", "a\nb  c", "☺️ x", "e\u0301e\u0301"} {
		f.Add(s, 7)
	}
	st := styles()
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 1 || width > 200 || !isPrintable(s) {
			t.Skip()
		}
		ls := Wrap([]Span{{Text: s, Style: st.Text}, {Text: " tail", Style: st.Muted}}, width)
		for _, l := range ls {
			if w := ansi.StringWidth(l.Text); w > width || w != l.Width {
				t.Fatalf("line %q: width %d, reported %d, limit %d", ansi.Strip(l.Text), w, l.Width, width)
			}
		}
	})
}

// isPrintable keeps the fuzzer to what Wrap is given: sanitized text.
func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}

func TestTableNeverCutsAmountsFirst(t *testing.T) {
	st := styles()
	amt := money.New(-123456, "USD")
	tbl := &assistant.Table{
		Columns: []string{"Payee", "Category", "Note", "Amount"},
		Rows: [][]assistant.Cell{{
			{Text: "SQ *BLUE BOTTLE COFFEE OAKLAND CA"}, {Text: "Dining"}, {Text: "with friends after the movie"},
			{Text: amt.Format(), Amount: &amt},
		}},
	}
	for _, w := range []int{24, 30, 40, 60, 120} {
		lines := plainLines(Table(st, tbl, w))
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: %q is wider", w, l)
			}
		}
		if !strings.Contains(strings.Join(lines, "\n"), "-1,234.56 USD") {
			t.Errorf("width %d: the amount was cut:\n%s", w, strings.Join(lines, "\n"))
		}
	}
	lines := plainLines(Table(st, tbl, 30))
	if !strings.Contains(lines[len(lines)-1], "more column") {
		t.Errorf("hidden columns are not mentioned: %q", lines)
	}
}

func TestChartsSurviveExtremeValues(t *testing.T) {
	st := styles()
	for _, kind := range []string{"bars", "sparkline"} {
		for _, vals := range [][]int64{
			{math.MinInt64, math.MaxInt64, 0},
			{math.MinInt64},
			{5, 5, 5},
			{0},
			{-1, 1},
		} {
			c := &assistant.Chart{Kind: kind, Title: "t", Labels: []string{"a", "b", "c"}, Values: vals, Currency: "USD"}
			for _, w := range []int{1, 8, 40} {
				for _, l := range Chart(st, c, w) {
					if got := ansi.StringWidth(l.Text); got > max(w, 1) {
						t.Errorf("%s %v at %d: %q is %d wide", kind, vals, w, ansi.Strip(l.Text), got)
					}
				}
			}
		}
	}
}

func TestBarsAreProportional(t *testing.T) {
	if got := barCells(50, 100, 10); got != "█████" {
		t.Errorf("half of 10 cells = %q", got)
	}
	if got := barCells(1, 1000, 10); got != "▏" {
		t.Errorf("a tiny value = %q, want a sliver that stays visible", got)
	}
	if got := barCells(math.MaxUint64, math.MaxUint64, 4); got != "████" {
		t.Errorf("the peak = %q", got)
	}
}

func TestBucketsAverage(t *testing.T) {
	got := buckets([]int64{1, 3, 5, 7, math.MaxInt64, math.MaxInt64}, 3)
	if got[0] != 2 || got[1] != 6 || got[2] != math.MaxInt64 {
		t.Errorf("buckets = %v", got)
	}
}

func TestSigned(t *testing.T) {
	tests := map[int64]string{-615: "−6.15 USD", 250000: "+2,500.00 USD", 0: "0.00 USD", math.MinInt64: "−92,233,720,368,547,758.08 USD"}
	for minor, want := range tests {
		if got := Signed(money.New(minor, "USD")); got != want {
			t.Errorf("Signed(%d) = %q, want %q", minor, got, want)
		}
	}
}

func TestDayLabel(t *testing.T) {
	now := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		day  time.Time
		want string
	}{
		{now.Add(-time.Hour), "Today"},
		{now.AddDate(0, 0, -1), "Yesterday"},
		{now.AddDate(0, 0, -3), "Tuesday"},
		{now.AddDate(0, 0, -30), "Wed 21 Oct"},
		{now.AddDate(-1, 0, 0), "Thu 20 Nov 2025"},
	}
	for _, tt := range tests {
		if got := DayLabel(tt.day, now); got != tt.want {
			t.Errorf("DayLabel(%s) = %q, want %q", tt.day.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestBankTextReadsLikeASMS(t *testing.T) {
	st := styles()
	tx := store.Transaction{Amount: money.New(-615, "USD"), Payee: "BLUE BOTTLE COFFEE", Pending: true}
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	got := strings.Join(plainLines(Body(st, Item{Role: Bank, Time: day, Tx: &tx}, 80)), "\n")
	if got != "−6.15 USD at BLUE BOTTLE COFFEE ·\u00a0pending" {
		t.Errorf("bank text = %q", got)
	}
}

func TestRenderFillsTheWidth(t *testing.T) {
	st := styles()
	now := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	for _, it := range []Item{
		{Role: User, Time: now, Text: "short"},
		{Role: User, Time: now, Text: strings.Repeat("long words here ", 20)},
		{Role: Penny, Time: now, Text: "東京 🍣"},
		{Role: Penny, Time: now, Thinking: true},
	} {
		for _, w := range []int{8, 20, 61, 150} {
			for _, l := range Render(st, it, w) {
				if got := ansi.StringWidth(l); got != w {
					t.Errorf("%q at %d: a line is %d wide", it.Text, w, got)
				}
			}
		}
	}
}
