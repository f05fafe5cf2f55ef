package plain

import (
	"github.com/charmbracelet/x/ansi"
)

// minShrunk is the fewest cells a column is cut to when a table must fit a
// terminal: a column narrower than that (or than its header) is never cut,
// so ids, dates and short names stay whole.
const minShrunk = 10

// Fit cuts the cells of a table so that its lines (columns two spaces
// apart, as Columns writes them) are at most width cells wide: the
// columns not in right (amounts are never cut) give up cells, the widest
// first, down to minShrunk or their header's width, and a cut cell ends in
// "…". A width of 0 or less, or a table that fits, leaves the rows as they
// are; a table that cannot fit even then is cut as far as it can be.
func Fit(header []string, rows [][]string, right map[int]bool, width int) [][]string {
	if width <= 0 || len(header) == 0 {
		return rows
	}
	widths := columnWidths(header, rows)
	total := 2 * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	over := total - width
	if over <= 0 {
		return rows
	}
	floor := make([]int, len(widths))
	for i, w := range widths {
		floor[i] = w
		if !right[i] {
			floor[i] = min(w, max(minShrunk, ansi.StringWidth(header[i])))
		}
	}
	// Take one cell at a time from the widest column that can give one:
	// the long payees and memos go first, and columns end up as even as
	// their floors allow.
	limit := append([]int(nil), widths...)
	for ; over > 0; over-- {
		best := -1
		for i := range limit {
			if limit[i] > floor[i] && (best < 0 || limit[i] > limit[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		limit[best]--
	}
	out := make([][]string, len(rows))
	for r, row := range rows {
		out[r] = make([]string, len(row))
		for i, c := range row {
			if limit[i] < widths[i] && ansi.StringWidth(c) > limit[i] {
				c = ansi.Truncate(c, limit[i], "…")
			}
			out[r][i] = c
		}
	}
	return out
}
