package main

import (
	"io"
	"strings"

	"penny/assistant/plain"
	"penny/sanitize"
)

// table prints rows in aligned columns (plain.Columns, as `penny ask`
// prints an answer's table). Every cell is sanitized first: it may hold
// bank text. Columns listed in right are right-aligned (amounts).
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

func (t *table) write(w io.Writer) error { return plain.Columns(w, t.header, t.rows, t.right) }

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
