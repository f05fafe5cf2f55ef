package bubble

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"penny/assistant"
	"penny/assistant/plain"
	"penny/money"
	"penny/sanitize"
	"penny/themes"
)

// maxTableRows bounds what a bubble shows: answers are meant to be small,
// and a runaway table would bury the conversation.
const maxTableRows = 100

// Table draws an answer's table in at most width cells: a bold header, a
// rule, then the rows; amounts right-aligned and coloured by sign. When the
// columns do not fit, text columns give way before amount columns, and cut
// cells end in "…".
func Table(st *themes.Styles, t *assistant.Table, width int) []Line {
	ncol := len(t.Columns)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 || width < 1 {
		return nil
	}
	rows := t.Rows
	more := 0
	if len(rows) > maxTableRows {
		more = len(rows) - maxTableRows
		rows = rows[:maxTableRows]
	}

	header := make([]string, ncol)
	for i := range header {
		if i < len(t.Columns) {
			header[i] = sanitize.Line(t.Columns[i])
		}
	}
	cells := make([][]string, len(rows))
	right := make([]bool, ncol)
	kinds := make([]int, ncol)
	for i := range right {
		right[i] = i < len(t.Right) && t.Right[i]
		if right[i] {
			kinds[i] = colNumber
		}
	}
	widths := make([]int, ncol)
	for i, h := range header {
		widths[i] = ansi.StringWidth(h)
	}
	for ri, r := range rows {
		cells[ri] = make([]string, ncol)
		for ci, c := range r {
			s := plain.CellText(c)
			if c.Amount != nil {
				right[ci] = true
				kinds[ci] = colMoney
			}
			cells[ri][ci] = s
			widths[ci] = max(widths[ci], ansi.StringWidth(s))
		}
	}
	fitColumns(widths, kinds, width)

	const gap = "  "
	total := tableWidth(widths)
	row := func(texts []string, style func(ci int) Span) Line {
		var b strings.Builder
		w := 0
		for ci := range ncol {
			if widths[ci] == 0 {
				continue
			}
			if w > 0 {
				b.WriteString(gap)
				w += len(gap)
			}
			s := Fit(texts[ci], widths[ci])
			sw := ansi.StringWidth(s)
			sp := style(ci)
			pad := strings.Repeat(" ", widths[ci]-sw)
			if right[ci] {
				b.WriteString(pad + sp.Style.Render(s))
			} else {
				b.WriteString(sp.Style.Render(s) + pad)
			}
			w += widths[ci]
		}
		return Line{Text: b.String(), Width: w}
	}

	out := make([]Line, 0, len(rows)+3)
	if len(t.Columns) > 0 {
		out = append(out, row(header, func(int) Span { return Span{Style: st.TableHeader} }))
		out = append(out, Plain(strings.Repeat("─", total), st.TableRule))
	}
	for ri, r := range rows {
		out = append(out, row(cells[ri], func(ci int) Span {
			if ci < len(r) && r[ci].Amount != nil {
				return Span{Style: AmountStyle(st, r[ci].Amount.Sign())}
			}
			return Span{Style: st.Text}
		}))
	}
	if more > 0 {
		out = append(out, Plain(Fit("… "+strconv.Itoa(more)+" more rows", width), st.Muted))
	}
	if hidden := countZero(widths); hidden > 0 {
		note := strconv.Itoa(hidden) + " more columns on a wider window"
		if hidden == 1 {
			note = "1 more column on a wider window"
		}
		out = append(out, Plain(Fit(note, width), st.Muted))
	}
	return out
}

// Column kinds, in the order they give way when a table is too wide.
const (
	colText   = iota // shrinks first, then hides
	colNumber        // right-aligned, not money: hides rather than lie
	colMoney         // an amount is never cut: others give way first
)

// fitColumns shrinks column widths until the visible columns and the gaps
// between them fit in width. Text columns shrink first (to 8 cells), then
// columns other than the first hide from the right, text before numbers
// before money, then the first column shrinks to 4; an amount is cut only
// when it alone is wider than the bubble.
func fitColumns(widths []int, kinds []int, width int) {
	shrink := func(floor int, ok func(i int) bool) {
		for tableWidth(widths) > width {
			best := -1
			for i, w := range widths {
				if ok(i) && w > floor && (best < 0 || w > widths[best]) {
					best = i
				}
			}
			if best < 0 {
				return
			}
			widths[best]--
		}
	}
	natural := slices.Clone(widths)
	shrink(8, func(i int) bool { return kinds[i] == colText })
	hid := false
	for _, kind := range []int{colText, colNumber, colMoney} {
		for i := len(widths) - 1; i > 0 && tableWidth(widths) > width; i-- {
			if kinds[i] == kind {
				widths[i] = 0
				hid = true
			}
		}
	}
	if hid {
		// Hiding a column may have freed more room than was needed: give
		// it back to the shrunk columns still shown, left to right.
		for i := range widths {
			if widths[i] > 0 {
				widths[i] = min(natural[i], widths[i]+max(width-tableWidth(widths), 0))
			}
		}
	}
	shrink(4, func(int) bool { return true })
	shrink(1, func(int) bool { return true })
}

func countZero(ws []int) int {
	n := 0
	for _, w := range ws {
		if w == 0 {
			n++
		}
	}
	return n
}

// tableWidth is the width of the visible (non-zero) columns and their gaps.
func tableWidth(widths []int) int {
	t, n := 0, 0
	for _, w := range widths {
		if w > 0 {
			t += w
			n++
		}
	}
	if n > 1 {
		t += 2 * (n - 1)
	}
	return t
}

// Chart draws a bar chart or a sparkline in at most width cells.
func Chart(st *themes.Styles, c *assistant.Chart, width int) []Line {
	var out []Line
	if c.Title != "" {
		title := sanitize.Line(c.Title)
		if cur := sanitize.Line(c.Currency); cur != "" && !strings.Contains(title, cur) {
			title += " (" + cur + ")"
		}
		out = append(out, Wrap([]Span{{Text: title, Style: st.ChartTitle}}, width)...)
	}
	if len(c.Values) == 0 {
		return out
	}
	if c.Kind == "sparkline" {
		return append(out, sparkline(st, c, width)...)
	}
	return append(out, bars(st, c, width)...)
}

// eighths are the partial blocks that give bars sub-cell resolution.
var eighths = [...]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

func bars(st *themes.Styles, c *assistant.Chart, width int) []Line {
	n := len(c.Values)
	labels := make([]string, n)
	values := make([]string, n)
	lw, vw := 0, 0
	var peak uint64
	mixed := false
	for i, v := range c.Values {
		if i < len(c.Labels) {
			labels[i] = sanitize.Line(c.Labels[i])
		}
		values[i] = chartAmount(v, c.Currency)
		lw = max(lw, ansi.StringWidth(labels[i]))
		vw = max(vw, ansi.StringWidth(values[i]))
		peak = max(peak, plain.Magnitude(v))
		if i > 0 && sign(v) != 0 && sign(c.Values[0]) != 0 && sign(v) != sign(c.Values[0]) {
			mixed = true
		}
	}
	if width < 8 {
		// No room for bars at all: label and value as text.
		out := make([]Line, 0, n)
		for i := range c.Values {
			out = append(out, Plain(Fit(labels[i]+" "+values[i], width), st.ChartLabel))
		}
		return out
	}
	lw = min(lw, max(width/3, 6))
	barW := width - lw - vw - 2
	if barW < 4 {
		// Too narrow for label, bar and value side by side: keep the
		// label and the value, the bar gets what is left.
		vw = min(vw, max(width/3, 1))
		lw = min(lw, max(width/3, 1))
		barW = max(width-lw-vw-2, 0)
	}
	out := make([]Line, 0, n)
	for i, v := range c.Values {
		label := Fit(labels[i], lw)
		val := Fit(values[i], vw)
		// Colour by sign only when the chart mixes signs: a chart of
		// spending may hold its amounts as positive numbers, and green
		// bars or values there would say income.
		barStyle := st.ChartBar
		if mixed {
			barStyle = AmountStyle(st, sign(v))
		}
		bar := barCells(plain.Magnitude(v), peak, barW)
		bw := ansi.StringWidth(bar)
		var b strings.Builder
		b.WriteString(st.ChartLabel.Render(label))
		b.WriteString(strings.Repeat(" ", lw-ansi.StringWidth(label)+1))
		b.WriteString(barStyle.Render(bar))
		b.WriteString(strings.Repeat(" ", barW-bw+1))
		b.WriteString(strings.Repeat(" ", vw-ansi.StringWidth(val)))
		valStyle := st.ChartLabel
		if mixed {
			valStyle = AmountStyle(st, sign(v))
		}
		b.WriteString(valStyle.Render(val))
		out = append(out, Line{Text: b.String(), Width: lw + 1 + barW + 1 + vw})
	}
	return out
}

// barCells is a bar of v/peak of width cells, drawn to an eighth of a
// cell (plain.BarEighths: the bar `penny ask` draws in whole cells).
func barCells(v, peak uint64, width int) string {
	units := plain.BarEighths(v, peak, width)
	return strings.Repeat("█", int(units/8)) + eighths[units%8]
}

func sparkline(st *themes.Styles, c *assistant.Chart, width int) []Line {
	vals := c.Values
	if len(vals) > width {
		vals = buckets(vals, width)
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	// The range printed is of the real values, not of the averaged columns.
	rawLo, rawHi := c.Values[0], c.Values[0]
	for _, v := range c.Values {
		rawLo, rawHi = min(rawLo, v), max(rawHi, v)
	}
	// A short series is stretched, up to three cells a value, so a dozen
	// weeks do not shrink to a dozen characters.
	per := min(max(width/len(vals), 1), 3)
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(strings.Repeat(plain.SparkLevels[plain.SparkLevel(v, lo, hi)], per))
	}
	sw := len(vals) * per
	out := []Line{{Text: st.ChartBar.Render(b.String()), Width: sw}}
	// Under it: the first and last labels, then the range.
	if len(c.Labels) > 0 {
		first := sanitize.Line(c.Labels[0])
		last := sanitize.Line(c.Labels[len(c.Labels)-1])
		if w := ansi.StringWidth(first) + 1 + ansi.StringWidth(last); len(c.Labels) > 1 && w <= sw {
			gap := sw - w + 1
			out = append(out, Plain(first+strings.Repeat(" ", gap)+last, st.Muted))
		} else {
			out = append(out, Plain(Fit(first, width), st.Muted))
		}
	}
	rng := "low " + chartAmount(rawLo, c.Currency) + " · high " + chartAmount(rawHi, c.Currency)
	return append(out, Plain(Fit(rng, width), st.Muted))
}

// buckets averages values into n columns so a long series fits; the
// average is of int64 sums in 128 bits, exact for any amounts.
func buckets(vals []int64, n int) []int64 {
	out := make([]int64, n)
	for i := range n {
		a, b := i*len(vals)/n, (i+1)*len(vals)/n
		var sum int64
		overflow := false
		for _, v := range vals[a:b] {
			s := sum + v
			if (v > 0 && s < sum) || (v < 0 && s > sum) {
				overflow = true
				break
			}
			sum = s
		}
		if overflow || b == a {
			out[i] = vals[a]
			continue
		}
		out[i] = sum / int64(b-a)
	}
	return out
}

// chartAmount is a value without its currency code, which the chart's
// title carries once.
func chartAmount(v int64, currency string) string {
	s := money.New(v, currency).Format()
	return strings.TrimSuffix(sanitize.Line(s), " "+strings.ToUpper(strings.TrimSpace(currency)))
}

// sign is -1, 0 or 1 as v is below, at or above zero.
func sign(v int64) int { return cmp.Compare(v, 0) }
