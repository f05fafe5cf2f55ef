package assistant

import (
	"sort"
	"strings"
	"time"

	"penny/internal/jsonout"
	"penny/money"
)

// Formatting for answers. Amounts are money.Amount all the way: formatted
// by the money package for people and written as decimal strings with
// *_minor twins for scripts. Sums stay per currency; nothing here adds two
// currencies.

func amt(minor int64, cur string) money.Amount { return money.Amount{Minor: minor, Currency: cur} }

// fmtAmt writes an amount for people: "1,234.56 USD".
func fmtAmt(minor int64, cur string) string { return amt(minor, cur).Format() }

// fmtAbs writes the magnitude: spending is negative in the vault but "you
// spent 12.00 USD" reads better than "-12.00".
func fmtAbs(minor int64, cur string) string {
	if minor < 0 {
		minor = -minor
	}
	return fmtAmt(minor, cur)
}

// fmtNum writes an amount without its currency code, for "15.49 → 17.99 USD".
func fmtNum(minor int64, cur string) string {
	exp := 2
	if c, err := money.Lookup(cur); err == nil {
		exp = c.Exponent
	}
	return money.FormatMinor(minor, exp, true)
}

func moneyCell(minor int64, cur string) Cell {
	a := amt(minor, cur)
	return Cell{Text: a.Format(), Amount: &a}
}

func textCell(s string) Cell { return Cell{Text: s} }

func newCurTotal(cur string, minor, count int64) jsonout.CurrencyTotal {
	return jsonout.CurrencyTotal{Currency: cur, Total: amt(minor, cur).String(), TotalMinor: minor, Count: count}
}

// totals keeps one sum and count per currency, in a stable order.
type totals struct {
	sum   map[string]int64
	count map[string]int64
}

func newTotals() *totals { return &totals{sum: map[string]int64{}, count: map[string]int64{}} }

func (t *totals) add(cur string, minor, n int64) {
	t.sum[cur] += minor
	t.count[cur] += n
}

// currencies lists the currencies, the one with the largest magnitude
// first (the household's main currency leads the sentence).
func (t *totals) currencies() []string {
	var cs []string
	for c := range t.sum {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := absInt(t.sum[cs[i]]), absInt(t.sum[cs[j]])
		if a != b {
			return a > b
		}
		return cs[i] < cs[j]
	})
	return cs
}

func (t *totals) json() []jsonout.CurrencyTotal {
	out := []jsonout.CurrencyTotal{}
	for _, c := range t.currencies() {
		out = append(out, newCurTotal(c, t.sum[c], t.count[c]))
	}
	return out
}

// phrase writes the totals as "1,234.56 USD and 78.90 EUR", magnitudes.
func (t *totals) phrase() string {
	var parts []string
	for _, c := range t.currencies() {
		parts = append(parts, fmtAbs(t.sum[c], c))
	}
	return joinAnd(parts)
}

func (t *totals) rows() int64 {
	var n int64
	for _, c := range t.count {
		n += c
	}
	return n
}

func absInt(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// joinOr joins "a or b", "a, b or c".
func joinOr(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// mixedNote is said whenever an answer holds more than one currency.
const mixedNote = " (currencies kept apart: Penny has no exchange rate)"

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return money.FormatMinor(n, 0, true) + " " + many
}

func newPeriodJSON(p *Period) *jsonout.Period {
	if p == nil {
		return nil
	}
	j := &jsonout.Period{Label: p.Label, AllTime: p.AllTime}
	if !p.From.IsZero() {
		j.From = p.From.Format(time.DateOnly)
	}
	if !p.To.IsZero() {
		j.To = p.To.Format(time.DateOnly)
	}
	return j
}

// during writes " last month (Oct 1 – Oct 31, 2026)" for a sentence; empty
// for all time.
func during(p *Period) string {
	if p == nil || p.AllTime || p.From.IsZero() && p.To.IsZero() {
		return " in all"
	}
	return " " + inWord(p) + p.Describe()
}

// periodWords writes a period so that the parser reads it back, for
// suggested questions: "last month", "in 2025", "from Mar 1 to Apr 15, 2026".
func periodWords(p *Period) string {
	switch {
	case p == nil:
		return ""
	case p.AllTime:
		return "all time"
	case p.grain == "month" && !strings.HasPrefix(p.Label, "last ") && !strings.HasPrefix(p.Label, "this "):
		return "in " + p.From.Format("January 2006")
	case p.grain == "year" && !strings.HasPrefix(p.Label, "last ") && !strings.HasPrefix(p.Label, "this "):
		return "in " + p.From.Format("2006")
	case strings.HasPrefix(p.Label, "since ") && !p.From.IsZero():
		return "since " + p.From.Format(time.DateOnly)
	case strings.HasPrefix(p.Label, "the past "), strings.HasPrefix(p.Label, "last "), strings.HasPrefix(p.Label, "this "),
		p.Label == "today", p.Label == "yesterday":
		return strings.ToLower(p.Label)
	case p.From.IsZero():
		return "until " + p.To.Format(time.DateOnly)
	}
	return "from " + p.From.Format(time.DateOnly) + " to " + p.To.Format(time.DateOnly)
}

// inWord picks the preposition a period label reads best with.
func inWord(p *Period) string {
	l := p.Label
	switch {
	case strings.HasPrefix(l, "the past "), strings.HasPrefix(l, "the last "):
		return "in "
	case strings.HasPrefix(l, "last "), strings.HasPrefix(l, "this "), strings.HasPrefix(l, "the "),
		strings.HasPrefix(l, "since "), strings.HasPrefix(l, "until "), strings.HasPrefix(l, "before "),
		strings.HasPrefix(l, "after "), strings.HasPrefix(l, "till "), strings.HasPrefix(l, "through "),
		l == "today", l == "yesterday", strings.HasSuffix(l, " ago"):
		return ""
	case p.From.Equal(p.To) && !p.From.IsZero():
		return "on "
	case strings.Contains(l, "–"):
		return "from "
	}
	return "in "
}
