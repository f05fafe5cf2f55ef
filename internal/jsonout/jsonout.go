// Package jsonout is the `--json` contract: the shape of every document
// Penny prints for scripts (`penny balance`, `tx`, `tx delete`, `account`,
// `undo`, `alerts`, `import`, `ask`, `demo`, `config`, and `export
// --format json`), and the one writer that
// prints them. docs/json.md describes the same shapes for people; a test
// reads it and fails when a field it documents is missing here.
//
// Rules every type keeps: amounts are decimal strings in the currency's own
// number of decimals, each with an integer twin in minor units named
// `*_minor` (never a JSON number with a fraction); dates are "YYYY-MM-DD",
// instants RFC 3339; lists are [] when empty, never null. Add fields, never
// rename or remove them.
//
// The package links only the store's types and the leaf packages: a
// document describes data, it does not compute it.
package jsonout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"penny/sanitize"
)

// Write prints one JSON document, the whole of stdout for --json: indented
// by two spaces, one trailing newline. The document is escaped past what
// encoding/json does (it escapes U+2028 and U+2029 only): DEL, the C1
// controls, bidi overrides and zero-width characters are written as
// \uXXXX, so bank text piped to a terminal or a log viewer cannot act, and
// stays exactly what the bank sent once decoded.
func Write(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escape(b.Bytes()))
	return err
}

// escape writes the runes unsafe reports as \uXXXX escapes. A valid JSON
// document holds them only inside strings (everything outside is ASCII),
// where the escape means the same rune.
func escape(doc []byte) []byte {
	if !bytes.ContainsFunc(doc, unsafe) {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, doc[i:i+size]...)
		}
		i += size
	}
	return out
}

// unsafe reports the runes escaped in JSON output: DEL, C1 controls and
// what sanitize turns into U+FFFD because it hides or reorders text.
func unsafe(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r < 0xa0) || sanitize.Invisible(r)
}
