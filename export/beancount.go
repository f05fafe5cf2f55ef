package export

import (
	"bufio"
	"strings"
)

// beancountSyntax writes a beancount file: every account opened on the
// first exported day, quoted payees and narrations, and "balance"
// directives, which beancount checks at the start of their day, dated the
// day after the bank's balance date.
type beancountSyntax struct{}

func (beancountSyntax) segment(s string) string { return beancountSegment(s) }

func (b beancountSyntax) header(w *bufio.Writer, h journalHeader) {
	for _, d := range h.description {
		b.comment(w, d)
	}
	w.WriteByte('\n')
	day := h.start.Format(dateLayout)
	for _, c := range h.currencies {
		w.WriteString(day + " commodity " + c.Code + "\n")
	}
	w.WriteByte('\n')
	for _, a := range h.accounts {
		w.WriteString(day + " open " + a + "\n")
	}
	w.WriteByte('\n')
}

func (beancountSyntax) entry(w *bufio.Writer, e *entry) {
	w.WriteString(e.date.Format(dateLayout) + " * " + beancountString(e.payee) + " " + beancountString(e.memo) + "\n")
	if e.code != "" {
		w.WriteString("  penny-id: " + beancountString(e.code) + "\n")
	}
	for _, m := range e.meta {
		w.WriteString("  " + m.key + ": " + beancountString(m.value) + "\n")
	}
	for _, p := range e.posts {
		w.WriteString("  " + p.account + "  " + amountText(p.amount))
		if p.cost != nil {
			w.WriteString(" @@ " + amountText(*p.cost))
		}
		w.WriteByte('\n')
	}
	w.WriteByte('\n')
}

func (beancountSyntax) assert(w *bufio.Writer, a assertion) {
	w.WriteString(a.date.AddDate(0, 0, 1).Format(dateLayout) + " balance " + a.account + "  " + amountText(a.amount) + "\n\n")
}

func (beancountSyntax) comment(w *bufio.Writer, text string) {
	w.WriteString("; " + strings.TrimSpace(oneLine(text)) + "\n")
}
