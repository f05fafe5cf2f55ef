package bankcsv

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// decode turns the file's bytes into UTF-8 text and names the encoding it
// found. A byte-order mark always wins, because it is the one unambiguous
// signal a file carries; then the encoding a rules file declares; then
// UTF-8 when the bytes are valid UTF-8 (ASCII included). Anything else is
// read as Windows-1252: it is what European bank exports that are not UTF-8
// use in practice, and it is a superset of the printable part of
// ISO-8859-1, so a Latin-1 file reads the same (hledger's French sample has
// '€' at 0x80, which only Windows-1252 knows).
func decode(data []byte, declared encoding.Encoding, declaredName string) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "utf-8 (BOM)", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), data[2:], "utf-16le (BOM)")
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), data[2:], "utf-16be (BOM)")
	}
	if declared != nil {
		return decodeWith(declared, data, declaredName)
	}
	// UTF-16 without a BOM shows as a NUL in every other byte of ASCII
	// text; some Windows tools write it that way.
	if len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0 {
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), data, "utf-16le")
	}
	if len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0 {
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), data, "utf-16be")
	}
	if utf8.Valid(data) {
		return string(data), "utf-8", nil
	}
	return decodeWith(charmap.Windows1252, data, "windows-1252")
}

func decodeWith(enc encoding.Encoding, data []byte, name string) (string, string, error) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", name, fmt.Errorf("decoding as %s: %w", name, err)
	}
	return string(out), name, nil
}

// lookupEncoding finds the encoding a rules file names ("cp1252",
// "latin1", "utf-16"...). The WHATWG index knows the labels browsers
// accept, which covers what hledger users write; the IANA index catches
// the rest.
func lookupEncoding(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "utf8", "utf-8", "ascii", "us-ascii":
		return encoding.Nop, nil
	}
	if e, err := htmlindex.Get(n); err == nil && e != nil {
		return e, nil
	}
	if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
		return e, nil
	}
	return nil, fmt.Errorf("unknown encoding %q", name)
}

// normalizeNewlines makes every line end in "\n" so that line numbers mean
// what an editor shows. encoding/csv only folds "\r\n"; files from old Macs
// end lines in a bare "\r" and some Windows tools write "\r\r\n", which
// would otherwise turn a whole file into one record or leave a "\r" on the
// last field.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\r\n", "\n")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// foldTable maps the accented letters that appear in bank column names to
// plain ASCII, so that "Währung", "Beløb" and "Libellé" match keyword
// tables written without accents.
var foldTable = map[rune]string{
	'ä': "a", 'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ö': "o", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ø': "o",
	'ü': "u", 'ú': "u", 'ù': "u", 'û': "u", 'ß': "ss", 'ÿ': "y",
	'ł': "l", 'ś': "s", 'ż': "z", 'ź': "z", 'ć': "c", 'ń': "n", 'ę': "e", 'ą': "a",
}

// normName reduces a column name or keyword to lower-case ASCII words
// separated by single spaces: "Bedrag (EUR)" is "bedrag eur",
// "Auftraggeber/Empfänger" is "auftraggeber empfanger".
func normName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			if f, ok := foldTable[r]; ok {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteString(f)
			} else {
				space = true
			}
		}
	}
	return b.String()
}

// cleanText trims a text value and collapses runs of white space. Bank
// exports pad descriptions to fixed widths ("BIJDRAGE 01-02-2018     28-02
// KBC-PLUSREKENING"); the padding is layout, not content, and payee rules
// match words. A pair of single quotes around the whole value (ASN Bank
// writes descriptions that way) is removed too.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if !needsCollapse(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func needsCollapse(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
			return true
		}
		if c >= 0x80 {
			return true // let strings.Fields judge Unicode spaces
		}
		if c == ' ' {
			if prevSpace {
				return true
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	return false
}
