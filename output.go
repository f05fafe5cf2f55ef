package main

import (
	"io"
	"os"
	"strings"

	"golang.org/x/term"

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

// writeWidth prints the table for a terminal width cells wide, its text
// columns cut with "…" to fit (plain.Fit); 0 cuts nothing.
func (t *table) writeWidth(w io.Writer, width int) error {
	return plain.Columns(w, t.header, plain.Fit(t.header, t.rows, t.right, width), t.right)
}

// writeTable prints t on stdout: fitted to the terminal when stdout is
// one, else whole, one row a line, for pipes and files.
func (c *cli) writeTable(t *table) error { return t.writeWidth(c.stdout, c.width()) }

// width is how many cells wide stdout is when it is a terminal, else 0.
func (c *cli) width() int {
	if c.stdoutWidth == nil {
		return 0
	}
	return c.stdoutWidth()
}

// terminalWidth reports, when asked, how many cells wide the terminal w
// is, or 0 when w is no terminal.
func terminalWidth(w io.Writer) func() int {
	return func() int {
		f, ok := w.(*os.File)
		if !ok {
			return 0
		}
		width, _, err := term.GetSize(int(f.Fd()))
		if err != nil {
			return 0
		}
		return width
	}
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
