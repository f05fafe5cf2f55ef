package main

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"penny/sanitize"
)

// table prints rows in aligned columns. Every cell is sanitized first (it
// may hold bank text) and measured in terminal cells, not bytes. Columns
// listed in right are right-aligned (amounts).
type table struct {
	header []string
	rows   [][]string
	right  map[int]bool
}

func (t *table) add(cells ...string) {
	for i := range cells {
		cells[i] = sanitize.Line(cells[i])
	}
	t.rows = append(t.rows, cells)
}

func (t *table) write(w io.Writer) error {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	var l strings.Builder
	line := func(cells []string) {
		l.Reset()
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if t.right[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		// Empty trailing cells must not leave trailing blanks.
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(t.header)
	for _, r := range t.rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sanitizeLine(s string) string { return sanitize.Line(s) }

// sanitizingWriter passes each line written to it through the sanitizer,
// keeping the line breaks: a log whose lines quote file names, paths and
// error messages can then never act on the terminal.
type sanitizingWriter struct{ w io.Writer }

func (s sanitizingWriter) Write(p []byte) (int, error) {
	lines := strings.Split(string(p), "\n")
	for i, l := range lines {
		lines[i] = sanitize.Line(l)
	}
	if _, err := io.WriteString(s.w, strings.Join(lines, "\n")); err != nil {
		return 0, err
	}
	return len(p), nil
}
