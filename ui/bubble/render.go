package bubble

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/money"
	"penny/sanitize"
	"penny/themes"
)

// Edge is the bar drawn on the outer side of a bubble.
const Edge = "┃"

// Render draws it as lines of exactly width cells. Your bubbles hug the
// right edge, the others the left; a bubble is at most about four fifths of
// the width so the two sides read apart, except Penny's answers with a
// table or a chart, which may use the whole width.
func Render(st *themes.Styles, it Item, width int) []string {
	if width < 8 {
		width = 8
	}
	maxW := width * 4 / 5
	if maxW < 24 {
		maxW = min(24, width)
	}
	if it.Role == Penny && it.Reply != nil && (it.Reply.Table != nil || it.Reply.Chart != nil) {
		maxW = width
	}
	content := maxW - 2 // edge and a space
	body := Body(st, it, content)

	cw := 0
	for _, l := range body {
		cw = max(cw, l.Width)
	}
	out := make([]string, 0, len(body))
	edge := edgeStyle(st, it).Render(Edge)
	for i, l := range body {
		if it.Role == User {
			// Right side: text flush left inside the bubble, the bubble
			// flush right in the transcript, the time under it flush right.
			line := Pad(l, cw) + " " + edge
			if i == len(body)-1 {
				line = PadLeft(l, cw) + " " + edge
			}
			out = append(out, strings.Repeat(" ", width-cw-2)+line)
			continue
		}
		out = append(out, edge+" "+Pad(l, width-2))
	}
	return out
}

// Body is the inside of a bubble: its text and answer parts and a muted
// line saying who and when, each line at most width cells.
func Body(st *themes.Styles, it Item, width int) []Line {
	switch it.Role {
	case Bank:
		return bankBody(st, it, width)
	case Alert:
		return alertBody(st, it, width)
	}
	var lines []Line
	text := Text(it.Text)
	switch {
	case it.Thinking:
		lines = Wrap([]Span{{Text: "Penny is thinking…", Style: st.Muted}}, width)
	case it.Failed:
		lines = Wrap([]Span{{Text: text, Style: st.Error}}, width)
	case text != "":
		lines = Wrap([]Span{{Text: text, Style: st.Text}}, width)
	}
	if r := it.Reply; r != nil {
		if r.Table != nil {
			lines = append(lines, Table(st, r.Table, width)...)
		}
		if r.Chart != nil {
			lines = append(lines, Chart(st, r.Chart, width)...)
		}
		if len(r.Suggestions) > 0 {
			spans := []Span{{Text: "Try ", Style: st.Muted}}
			for i, s := range r.Suggestions {
				if i > 0 {
					spans = append(spans, Span{Text: " · ", Style: st.Muted})
				}
				spans = append(spans, Span{Text: "“" + sanitize.Line(s) + "”", Style: st.Suggestion})
			}
			lines = append(lines, Wrap(spans, width)...)
		}
	}
	if it.Thinking {
		return lines
	}
	meta := it.Time.Format("15:04")
	if it.Role == Penny {
		meta = "Penny · " + meta
	}
	return append(lines, Plain(Fit(meta, width), st.Meta))
}

// bankBody is a transaction as a bank would text it, with its id:
// "−6.15 USD at SQ *BLUE BOTTLE COFFEE · Dining · pending · #4211".
func bankBody(st *themes.Styles, it Item, width int) []Line {
	tx := it.Tx
	if tx == nil {
		return Wrap([]Span{{Text: Text(it.Text), Style: st.Text}}, width)
	}
	amt := Signed(tx.Amount)
	prep := " at "
	if tx.Amount.Sign() > 0 {
		prep = " from "
	}
	spans := []Span{
		{Text: amt, Style: AmountStyle(st, tx.Amount.Sign())},
		{Text: prep + sanitize.Line(tx.Payee), Style: st.Text},
	}
	if tx.Category != "" {
		spans = append(spans, Span{Text: suffix(sanitize.Line(tx.Category)), Style: st.Muted})
	}
	if tx.TransferID != 0 && !strings.EqualFold(tx.Category, "transfer") {
		spans = append(spans, Span{Text: suffix("transfer"), Style: st.Muted})
	}
	if !tx.Transacted.IsZero() {
		// The swipe time, with its weekday when the bank booked it on
		// another day.
		at := tx.Transacted.In(it.Time.Location())
		layout := "15:04"
		if y, m, d := at.Date(); y != it.Time.Year() || m != it.Time.Month() || d != it.Time.Day() {
			layout = "Mon 15:04"
		}
		spans = append(spans, Span{Text: suffix(at.Format(layout)), Style: st.Meta})
	}
	if tx.Pending {
		spans = append(spans, Span{Text: suffix("pending"), Style: st.Pending})
	}
	if tx.ID != 0 {
		// The id that /delete and `penny tx delete` take.
		spans = append(spans, Span{Text: suffix("#" + strconv.FormatInt(tx.ID, 10)), Style: st.Meta})
	}
	return Wrap(spans, width)
}

// suffix joins "·" to the word after it with a no-break space, so a line
// never ends in a lone "·".
func suffix(s string) string { return " ·\u00a0" + s }

func alertBody(st *themes.Styles, it Item, width int) []Line {
	a := it.Alert
	if a == nil {
		return Wrap([]Span{{Text: Text(it.Text), Style: st.Text}}, width)
	}
	var lines []Line
	title := sanitize.Line(a.Title)
	if !a.Read {
		title = "● " + title
	}
	lines = append(lines, Wrap([]Span{{Text: title, Style: st.Strong}}, width)...)
	if a.Body != "" {
		lines = append(lines, Wrap([]Span{{Text: Text(a.Body), Style: st.Text}}, width)...)
	}
	if a.Why != "" {
		lines = append(lines, Wrap([]Span{
			{Text: "Why: ", Style: st.Muted},
			{Text: Text(a.Why), Style: st.Muted},
		}, width)...)
	}
	meta := "Alert"
	if a.Severity != "" && a.Severity != "info" {
		meta += " · " + sanitize.Line(a.Severity)
	}
	meta += " · " + it.Time.Format("15:04")
	return append(lines, Plain(Fit(meta, width), st.Meta))
}

func edgeStyle(st *themes.Styles, it Item) lipgloss.Style {
	switch it.Role {
	case User:
		return st.EdgeUser
	case Bank:
		return st.EdgeBank
	case Alert:
		if it.Alert != nil {
			switch it.Alert.Severity {
			case "danger":
				return st.EdgeDanger
			case "warning":
				return st.EdgeWarn
			}
		}
		return st.EdgeInfo
	}
	if it.Failed {
		return st.EdgeDanger
	}
	return st.EdgePenny
}

// Text sanitizes multi-line text line by line, keeping its line breaks:
// sanitize.Line alone would fold an answer's paragraphs into one.
func Text(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return sanitize.Line(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = sanitize.Line(p)
	}
	return strings.Join(parts, "\n")
}

// Signed writes an amount with its sign always shown, a true minus sign for
// money out and a plus for money in, so the direction reads without colour.
func Signed(a money.Amount) string {
	s := strings.TrimPrefix(sanitize.Line(a.Format()), "-")
	switch a.Sign() {
	case -1:
		return "−" + s
	case 1:
		return "+" + s
	}
	return s
}

// AmountStyle colours money by its sign.
func AmountStyle(st *themes.Styles, sign int) lipgloss.Style {
	switch {
	case sign < 0:
		return st.Expense
	case sign > 0:
		return st.Income
	}
	return st.Text
}

// DaySeparator is the centred date line between two days of a transcript:
// "Today", "Yesterday", a weekday within the week, else the date.
func DaySeparator(st *themes.Styles, day, now time.Time, width int) string {
	label := DayLabel(day, now)
	lw := ansi.StringWidth(label) + 2
	if lw >= width {
		return Pad(Plain(Fit(label, width), st.DaySep), width)
	}
	left := (width - lw) / 2
	right := width - lw - left
	return st.DaySep.Render(strings.Repeat("─", left) + " " + label + " " + strings.Repeat("─", right))
}

// DayLabel names a day relative to now, both in now's zone.
func DayLabel(day, now time.Time) string {
	day = day.In(now.Location())
	y, m, d := day.Date()
	ny, nm, nd := now.Date()
	a := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	b := time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)
	switch days := int(b.Sub(a).Hours() / 24); {
	case days == 0:
		return "Today"
	case days == 1:
		return "Yesterday"
	case days > 1 && days < 7:
		return day.Format("Monday")
	case y == ny:
		return day.Format("Mon 2 Jan")
	}
	return day.Format("Mon 2 Jan 2006")
}
