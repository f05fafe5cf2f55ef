package export

import (
	"bufio"
	"strings"

	"penny/money"
)

// ledgerSyntax writes a journal that both ledger and hledger read: dates as
// YYYY-MM-DD, amounts with the commodity after them, every posting with its
// amount, and balance assertions as "0 USD = 123.45 USD" postings.
type ledgerSyntax struct{}

func (ledgerSyntax) segment(s string) string { return journalSegment(s) }

func (l ledgerSyntax) header(w *bufio.Writer, h journalHeader) {
	for _, d := range h.description {
		l.comment(w, d)
	}
	w.WriteByte('\n')
	for _, c := range h.currencies {
		w.WriteString("commodity " + c.Code + "\n")
		if c.Exponent > 0 {
			// hledger needs a decimal mark in the format to read "1.234
			// BHD" as a decimal; ledger refuses "1000." for currencies
			// without minor units, so those get no format.
			w.WriteString("    format " + money.FormatMinor(1000*pow10(c.Exponent), c.Exponent, false) + " " + c.Code + "\n")
		}
	}
	w.WriteByte('\n')
	for _, a := range h.accounts {
		w.WriteString("account " + a + "\n")
	}
	w.WriteByte('\n')
}

func (ledgerSyntax) entry(w *bufio.Writer, e *entry) {
	w.WriteString(e.date.Format(dateLayout))
	w.WriteString(" *")
	if e.code != "" {
		// The code comes before the payee, so a payee that starts with
		// "(" cannot be read as one.
		w.WriteString(" (" + e.code + ")")
	}
	if p := journalText(e.payee); p != "" {
		w.WriteString(" " + p)
	}
	w.WriteByte('\n')
	if m := journalText(e.memo); m != "" {
		w.WriteString("    ; " + m + "\n")
	}
	for _, m := range e.meta {
		// Transaction comments, never posting comments: hledger reads a
		// "date:" tag in a posting comment as that posting's date.
		w.WriteString("    ; " + m.key + ": " + journalText(m.value) + "\n")
	}
	for _, p := range e.posts {
		w.WriteString("    " + p.account + "  " + amountText(p.amount))
		if p.cost != nil {
			w.WriteString(" @@ " + amountText(*p.cost))
		}
		w.WriteByte('\n')
	}
	w.WriteByte('\n')
}

func (ledgerSyntax) assert(w *bufio.Writer, a assertion) {
	w.WriteString(a.date.Format(dateLayout) + " * Balance reported by the bank\n")
	w.WriteString("    " + a.account + "  " + amountText(money.Amount{Currency: a.amount.Currency}) +
		" = " + amountText(a.amount) + "\n\n")
}

func (ledgerSyntax) comment(w *bufio.Writer, text string) {
	w.WriteString("; " + strings.TrimSpace(journalText(text)) + "\n")
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
