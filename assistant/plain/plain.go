// Package plain draws an assistant.Reply as plain text, for a terminal or
// a pipe: `penny ask` prints replies with it. It also holds what the chat's
// bubbles (ui/bubble) draw the same way, so a reply reads alike in both: the
// text of a table cell, the length of a chart's bar and the height of a
// sparkline's column. Columns is the aligned table of every command's
// human output.
//
// Everything it prints from a reply is sanitized: answers quote bank text.
package plain

import (
	"fmt"
	"io"
	"math/bits"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"penny/assistant"
	"penny/money"
	"penny/sanitize"
)

// Reply writes r for a terminal or a pipe: its text, then its table or
// chart, then its suggestions, each after a blank line.
func Reply(w io.Writer, r assistant.Reply) error { return ReplyWidth(w, r, 0) }

// ReplyWidth is Reply for a terminal width cells wide: the table's text
// columns are cut to fit it (Fit). A width of 0 cuts nothing, for a pipe.
func ReplyWidth(w io.Writer, r assistant.Reply, width int) error {
	var b strings.Builder
	for _, line := range strings.Split(r.Text, "\n") {
		b.WriteString(sanitize.Line(line) + "\n")
	}
	if t := r.Table; t != nil && len(t.Rows) > 0 {
		b.WriteString("\n")
		right := map[int]bool{}
		for i, r := range t.Right {
			right[i] = r
		}
		rows := make([][]string, len(t.Rows))
		for i, row := range t.Rows {
			rows[i] = make([]string, len(row))
			for j, cell := range row {
				rows[i][j] = CellText(cell)
			}
		}
		if err := Columns(&b, t.Columns, Fit(t.Columns, rows, right, width), right); err != nil {
			return err
		}
	}
	if ch := r.Chart; ch != nil && len(ch.Values) > 0 {
		b.WriteString("\n")
		chart(&b, ch)
	}
	if len(r.Suggestions) > 0 {
		b.WriteString("\n")
		for _, s := range r.Suggestions {
			b.WriteString("  → " + sanitize.Line(s) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CellText is what a table cell shows, sanitized: its text, or its amount
// formatted when it has no text.
func CellText(c assistant.Cell) string {
	s := sanitize.Line(c.Text)
	if s == "" && c.Amount != nil {
		s = sanitize.Line(c.Amount.Format())
	}
	return s
}

// columnWidths is the display width of each column: its widest cell or its
// header.
func columnWidths(header []string, rows [][]string) []int {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	return widths
}

// Columns writes a header and rows in aligned columns, two spaces apart,
// each cell measured in terminal cells rather than bytes; the columns in
// right are right-aligned (amounts). Cells are written as given: whoever
// fills them sanitizes bank text.
func Columns(w io.Writer, header []string, rows [][]string, right map[int]bool) error {
	widths := columnWidths(header, rows)
	var b strings.Builder
	var l strings.Builder
	line := func(cells []string) {
		l.Reset()
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if right[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		// Empty trailing cells must not leave trailing blanks.
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// chart writes a chart's title, then its sparkline, or one bar of whole
// cells a value (at most 30, at least 1) with its label and amount.
func chart(b *strings.Builder, ch *assistant.Chart) {
	if ch.Title != "" {
		b.WriteString(sanitize.Line(ch.Title) + "\n")
	}
	if ch.Kind == "sparkline" {
		b.WriteString(sparkline(ch.Values) + "\n")
		return
	}
	width := 0
	var peak uint64
	for i, v := range ch.Values {
		if i < len(ch.Labels) {
			width = max(width, ansi.StringWidth(sanitize.Line(ch.Labels[i])))
		}
		peak = max(peak, Magnitude(v))
	}
	width = min(width, 28)
	for i, v := range ch.Values {
		label := ""
		if i < len(ch.Labels) {
			label = ansi.Truncate(sanitize.Line(ch.Labels[i]), width, "…")
		}
		bar := int(BarEighths(Magnitude(v), peak, 30) / 8)
		fmt.Fprintf(b, "%s%s  %s %s\n", label, strings.Repeat(" ", width-ansi.StringWidth(label)),
			strings.Repeat("█", max(bar, 1)), money.New(v, ch.Currency).Format())
	}
}

// sparkline is one column a value.
func sparkline(values []int64) string {
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	var b strings.Builder
	for _, v := range values {
		b.WriteString(SparkLevels[SparkLevel(v, lo, hi)])
	}
	return b.String()
}

// SparkLevels are a sparkline's eight heights, lowest first.
var SparkLevels = [...]string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// SparkLevel is the height of v in a sparkline whose values run from lo to
// hi: an index into SparkLevels, 0 when all values are the same. The ratio
// is taken in 128-bit integers, so no amount can overflow it.
func SparkLevel(v, lo, hi int64) int {
	span := uint64(hi) - uint64(lo) // two's complement: exact when hi >= lo
	if span == 0 {
		return 0
	}
	h, l := bits.Mul64(uint64(v)-uint64(lo), uint64(len(SparkLevels)-1))
	q, _ := bits.Div64(h, l, span)
	return int(q)
}

// BarEighths is the length of the bar of v in a chart whose longest bar,
// peak, is width cells long: in eighths of a cell, rounded down, but at
// least one eighth when v is not zero, so that anything not zero stays
// visible. The ratio is taken in 128-bit integers, so huge amounts cannot
// overflow.
func BarEighths(v, peak uint64, width int) uint64 {
	if peak == 0 || width <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(v, uint64(width)*8)
	units, _ := bits.Div64(hi, lo, peak)
	if units == 0 && v > 0 {
		units = 1
	}
	return units
}

// Magnitude is |v|, exact even for the most negative int64.
func Magnitude(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}
