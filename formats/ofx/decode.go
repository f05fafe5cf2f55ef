package ofx

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// prepare turns the bytes of a file into the text the scanner reads: UTF-8
// without invalid sequences, without NULs, and with every line ending ("\r\n",
// "\r\r\n", a lone "\r") turned into "\n" so that line numbers in messages are
// the ones an editor shows. It also reports the encoding it settled on.
//
// Headers lie: OFX 1.x files say ENCODING:USASCII and CHARSET:1252 whatever
// they contain, and some OFX 2.x files say UTF-8 and hold Latin-1. So the
// declaration only breaks ties:
//
//   - a byte order mark wins (UTF-8, or UTF-16 in either order), and so do the
//     NUL patterns of UTF-16 without one;
//   - bytes that are valid UTF-8 are UTF-8, whatever the header says: a legacy
//     single-byte text with accented letters is almost never valid UTF-8 by
//     chance, while a UTF-8 file labelled 1252 is common;
//   - a file declared UTF-8 that holds real UTF-8 sequences but also stray
//     bytes stays UTF-8, and each bad run becomes U+FFFD;
//   - anything else is decoded with the declared single-byte charset, and with
//     Windows-1252 when the declaration is missing, US-ASCII, UTF-8 or unknown.
//     ISO-8859-1 is read as Windows-1252 too, as browsers do (WHATWG Encoding
//     Standard): banks that say Latin-1 write the curly quotes and euro sign
//     of 1252 in the 0x80-0x9F range.
func prepare(raw []byte) (text string, enc string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), looksUTF16(raw, false):
		return finish(decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), raw)), "UTF-16LE"
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}), looksUTF16(raw, true):
		return finish(decodeWith(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), raw)), "UTF-16BE"
	}
	t := normalize(raw)
	if utf8.ValidString(t) {
		return t, "UTF-8"
	}
	b := []byte(t)
	declared := declaredCharset(b)
	if declared == "utf-8" && hasMultibyte(b) {
		return strings.ToValidUTF8(t, "\uFFFD"), "UTF-8"
	}
	label := declared
	var e encoding.Encoding
	if label != "" && label != "utf-8" && label != "us-ascii" {
		e, _ = htmlindex.Get(label)
	}
	if e == nil || e == encoding.Replacement {
		e, _ = htmlindex.Get("windows-1252")
		label = "windows-1252"
	}
	return finish(decodeWith(e, b)), label
}

// looksUTF16 spots UTF-16 text without a byte order mark by the NULs of its
// ASCII characters: "<\x00O\x00" little-endian, "\x00<\x00O" big-endian.
func looksUTF16(b []byte, bigEndian bool) bool {
	if len(b) < 4 {
		return false
	}
	if bigEndian {
		return b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0
	}
	return b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0
}

// decodeWith converts b to UTF-8. The x/text decoders replace what they cannot
// map with U+FFFD rather than failing, so an error here can only come from a
// misbehaving transformer; the bytes are then kept, and finish cleans them.
func decodeWith(e encoding.Encoding, b []byte) []byte {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return b
	}
	return out
}

// finish applies normalize to text that was just decoded (its line endings
// and NULs only became visible after decoding) and makes sure nothing invalid
// gets through whatever the decoder did.
func finish(b []byte) string {
	s := normalize(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// normalize drops NULs and turns "\r\n", "\r\r\n" and a lone "\r" into "\n",
// and returns the result as the string the scanner reads: one copy of the
// file, whatever its line ends. "\r\r\n" is a CRLF file that went through a
// text-mode conversion twice; it counts as one line end so line numbers
// match what the bank wrote. The bytes involved are ASCII, which every
// charset this package reads (all ASCII-compatible once UTF-16 is decoded)
// leaves alone inside multibyte characters, so this is safe before charset
// decoding.
func normalize(b []byte) string {
	hasNUL := bytes.IndexByte(b, 0) >= 0
	if !hasNUL && bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	if !hasNUL {
		// The common CRLF file, copied a line at a time.
		for {
			i := bytes.IndexByte(b, '\r')
			if i < 0 {
				sb.Write(b)
				return sb.String()
			}
			sb.Write(b[:i])
			b = b[i:]
			switch {
			case len(b) >= 2 && b[1] == '\n':
				b = b[1:]
			case len(b) >= 3 && b[1] == '\r' && b[2] == '\n':
				b = b[2:]
			default:
				sb.WriteByte('\n')
				b = b[1:]
			}
		}
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case 0:
			continue
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			if i+2 < len(b) && b[i+1] == '\r' && b[i+2] == '\n' {
				i++
				continue
			}
			c = '\n'
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// hasMultibyte reports whether b holds at least one valid UTF-8 sequence of
// more than one byte, the evidence that a file declared UTF-8 really is.
func hasMultibyte(b []byte) bool {
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] < utf8.RuneSelf {
			i++
		}
		b = b[i:]
		if len(b) == 0 {
			return false
		}
		r, n := utf8.DecodeRune(b)
		if r != utf8.RuneError || n > 1 {
			return true
		}
		b = b[1:]
	}
	return false
}

// declaredCharset reads the charset the file's header declares, as a WHATWG
// label ("utf-8", "windows-1252", "iso-8859-15"...), or "" when it declares
// none. It looks at the OFX 1.x header (ENCODING and CHARSET) and at the XML
// declaration's encoding attribute, both before the <OFX> element.
func declaredCharset(b []byte) string {
	head := b
	if i := indexFold(b, "<OFX>"); i >= 0 {
		head = b[:i]
	}
	if len(head) > 8192 {
		head = head[:8192]
	}
	var encodingHdr, charsetHdr string
	fields := bytes.Fields(head)
	for i, f := range fields {
		key, val, ok := bytes.Cut(f, []byte(":"))
		if !ok {
			continue
		}
		if len(val) == 0 && i+1 < len(fields) && !bytes.Contains(fields[i+1], []byte(":")) {
			val = fields[i+1]
		}
		switch strings.ToUpper(string(key)) {
		case "ENCODING":
			encodingHdr = strings.ToUpper(string(val))
		case "CHARSET":
			charsetHdr = strings.ToUpper(string(val))
		}
	}
	if i := indexFold(head, "encoding="); i >= 0 {
		v := head[i+len("encoding="):]
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			if j := bytes.IndexByte(v[1:], v[0]); j >= 0 {
				return charsetLabel(string(v[1 : 1+j]))
			}
		}
	}
	if encodingHdr == "UTF-8" || encodingHdr == "UTF8" || encodingHdr == "UNICODE" {
		return "utf-8"
	}
	if charsetHdr != "" && charsetHdr != "NONE" {
		return charsetLabel(charsetHdr)
	}
	if encodingHdr == "USASCII" {
		return "us-ascii"
	}
	return ""
}

// charsetLabel maps the names OFX headers use ("1252", "8859-1", "ISO-8859-1",
// "CSUNICODE") onto WHATWG labels that htmlindex knows.
func charsetLabel(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "utf-8" || s == "utf8" || s == "unicode" || s == "csunicode":
		return "utf-8"
	case s == "usascii" || s == "us-ascii" || s == "ascii":
		return "us-ascii"
	case len(s) == 4 && strings.HasPrefix(s, "125"):
		return "windows-" + s
	case strings.HasPrefix(s, "8859-"):
		return "iso-" + s
	case strings.HasPrefix(s, "iso8859-"):
		return "iso-" + s[3:]
	}
	return s
}

// indexFold is bytes.Index for an ASCII needle, ignoring ASCII case.
func indexFold(b []byte, needle string) int {
	n := len(needle)
	first := needle[0]
	letter := 'A' <= first&^0x20 && first&^0x20 <= 'Z'
	for i := 0; i+n <= len(b); i++ {
		if !letter {
			j := bytes.IndexByte(b[i:], first)
			if j < 0 {
				return -1
			}
			i += j
			if i+n > len(b) {
				return -1
			}
		}
		if equalFold(b[i:i+n], needle) {
			return i
		}
	}
	return -1
}

func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c, d := b[i], s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if 'a' <= d && d <= 'z' {
			d -= 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// indexFoldString is indexFold for a string haystack. The needle must start
// with a non-letter, which is all the callers need, so that the search can
// jump with strings.IndexByte.
func indexFoldString(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		j := strings.IndexByte(s[i:], needle[0])
		if j < 0 {
			return -1
		}
		i += j
		if i+len(needle) <= len(s) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}
