package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"penny/sanitize"
)

// writeJSON prints one JSON document, the whole of stdout for --json. The
// document is escaped past what encoding/json does (it escapes U+2028 and
// U+2029 only): DEL, the C1 controls, bidi overrides and zero-width
// characters are written as \uXXXX, so bank text piped to a terminal or a
// log viewer cannot act, and stays exactly what the bank sent once decoded.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(b.Bytes()))
	return err
}

// escapeJSON writes the runes jsonUnsafe reports as \uXXXX escapes. A
// valid JSON document holds them only inside strings (everything outside
// is ASCII), where the escape means the same rune.
func escapeJSON(doc []byte) []byte {
	if !bytes.ContainsFunc(doc, jsonUnsafe) {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if jsonUnsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, doc[i:i+size]...)
		}
		i += size
	}
	return out
}

// jsonUnsafe reports the runes escaped in JSON output: DEL, C1 controls
// and what sanitize turns into U+FFFD because it hides or reorders text.
func jsonUnsafe(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r < 0xa0) || sanitize.Invisible(r)
}

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
