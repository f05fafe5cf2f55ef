// Package sanitize makes text that came from a bank, a file or a server safe
// to print in a terminal. Such text is hostile until proven otherwise: an
// escape sequence in a payee could move the cursor, retitle the window, write
// the clipboard (OSC 52) or hide the real amount; a bidi override could make
// "-500.00" read as "00.005-". Everything that could act is turned into inert
// visible text instead of being dropped silently, so the user sees that the
// bank sent something odd.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Line returns s safe for one line of terminal output: C0 controls (ESC
// included) become their Control Pictures (␛, ␇ ...), DEL becomes ␡, C1
// controls, bidi/isolate overrides, zero-width characters (U+200B..U+200D,
// U+2060, U+FEFF) and the line and paragraph separators U+2028/U+2029
// become U+FFFD, invalid UTF-8 becomes U+FFFD, and tabs and line breaks
// become single spaces.
func Line(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // Control Pictures block: ␀ .. ␟
		case r == 0x7f:
			b.WriteRune('␡')
		case r >= 0x80 && r < 0xa0:
			b.WriteRune('\uFFFD')
		case isBidiControl(r) || isHidden(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean reports whether s needs no change, the common case, without
// allocating.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			for _, r := range s[i:] {
				if r < 0x20 || r == 0x7f || r == utf8.RuneError || (r >= 0x80 && r < 0xa0) || isBidiControl(r) || isHidden(r) {
					return false
				}
			}
			return utf8.ValidString(s[i:])
		}
	}
	return true
}

// isBidiControl reports the explicit directional formatting characters
// (embeddings, overrides, isolates and marks) that can reorder what the user
// sees.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // LRM RLM ALM
		return true
	}
	return false
}

// isHidden reports the characters that take no room or break a line where
// the terminal shows none: zero-width space, non-joiner and joiner, word
// joiner, the byte order mark (zero-width no-break space), and the Unicode
// line and paragraph separators. In a payee they can make two different
// names look the same, or split what looks like one line.
func isHidden(r rune) bool {
	switch r {
	case 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x2028, 0x2029:
		return true
	}
	return false
}

// Invisible reports the runes Line replaces because they hide or reorder
// text without showing themselves: bidi and isolate controls, zero-width
// characters and the line and paragraph separators. Other outputs (JSON)
// escape the same set.
func Invisible(r rune) bool { return isBidiControl(r) || isHidden(r) }
