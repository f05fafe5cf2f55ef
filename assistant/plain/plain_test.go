package plain

import (
	"math"
	"strings"
	"testing"

	"penny/assistant"
	"penny/money"
)

func TestReplyIsTextTableChartAndSuggestions(t *testing.T) {
	t.Parallel()
	a := money.New(-123456, "USD")
	r := assistant.Reply{
		Text: "Two lines:\nthe second \x1b[31mred\x1b[0m",
		Table: &assistant.Table{Columns: []string{"Payee", "Amount"}, Right: []bool{false, true},
			Rows: [][]assistant.Cell{{{Text: "Café 東京"}, {Text: a.Format(), Amount: &a}}, {{Text: "x"}, {Amount: &a}}}},
		Chart: &assistant.Chart{Kind: "bars", Title: "By payee", Labels: []string{"big", "small", "none"},
			Values: []int64{-3000, -100, 0}, Currency: "EUR"},
		Suggestions: []string{"next \u202equestion"},
	}
	var b strings.Builder
	if err := Reply(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "Two lines:\n" +
		"the second \u241b[31mred\u241b[0m\n" +
		"\n" +
		"Payee             Amount\n" +
		"Café 東京  -1,234.56 USD\n" +
		"x          -1,234.56 USD\n" +
		"\n" +
		"By payee\n" +
		"big    ██████████████████████████████ -30.00 EUR\n" +
		"small  █ -1.00 EUR\n" +
		"none   █ 0.00 EUR\n" +
		"\n" +
		"  → next \ufffdquestion\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestSparkline(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := Reply(&b, assistant.Reply{Text: "t", Chart: &assistant.Chart{Kind: "sparkline", Values: []int64{0, 7, 14, 3, 3}}}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "t\n\n▁▄█▂▂\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The measures the chat shares hold at the ends of int64, where a plain
// subtraction or product would overflow.
func TestMeasuresAtTheExtremes(t *testing.T) {
	t.Parallel()
	if got := SparkLevel(math.MaxInt64, math.MinInt64, math.MaxInt64); got != len(SparkLevels)-1 {
		t.Errorf("top level %d", got)
	}
	if got := SparkLevel(math.MinInt64, math.MinInt64, math.MaxInt64); got != 0 {
		t.Errorf("bottom level %d", got)
	}
	if got := SparkLevel(5, 5, 5); got != 0 {
		t.Errorf("a flat series: level %d", got)
	}
	peak := Magnitude(math.MinInt64)
	if peak != 1<<63 {
		t.Fatalf("magnitude of MinInt64: %d", peak)
	}
	if got := BarEighths(peak, peak, 30); got != 240 {
		t.Errorf("the peak's bar: %d eighths, want 240", got)
	}
	if got := BarEighths(1, peak, 30); got != 1 {
		t.Errorf("a tiny value's bar: %d eighths, want 1 (visible)", got)
	}
	if got := BarEighths(0, peak, 30); got != 0 {
		t.Errorf("zero's bar: %d eighths", got)
	}
}
