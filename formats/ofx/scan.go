package ofx

import (
	"html"
	"strings"
	"unicode/utf8"
)

// The scanner cuts OFX text into start tags, end tags and text. One scanner
// serves both syntaxes: OFX 1.x SGML (leaf elements not closed, or closed
// anyway by some banks) and OFX 2.x XML, because the only difference that
// matters here, whether a leaf has an end tag, is settled by the parser
// looking one token ahead. It works on the whole file as one string so that
// values without entities are substrings, with no copy per field, which keeps
// a 100,000-row file within the time an import may take.

type tokKind uint8

const (
	tEOF tokKind = iota
	tStart
	tEnd
	tText
)

type token struct {
	kind  tokKind
	name  string // tag name in upper case, for tStart and tEnd
	self  bool   // <NAME/>
	line  int    // line of the '<' (tStart, tEnd)
	text  string // decoded, trimmed text (tText)
	cdata bool   // the text held a CDATA section (so it is a value even if empty)
}

type scanner struct {
	s    string
	pos  int
	line int
	// text classifies the markup that ends it; next reuses that rather than
	// reading the tag twice.
	peek   markup
	peekAt int
}

type markupKind uint8

const (
	mLiteral markupKind = iota // a '<' that starts no markup: part of the text
	mStart
	mEnd
	mSkip  // comment, processing instruction, declaration
	mCDATA // <![CDATA[ ... ]]>: part of the text
)

type markup struct {
	kind markupKind
	name string
	self bool
	end  int // index just past the markup
}

// advance moves to index to, counting the lines it passes.
func (sc *scanner) advance(to int) {
	sc.line += strings.Count(sc.s[sc.pos:to], "\n")
	sc.pos = to
}

func (sc *scanner) next() token {
	for sc.pos < len(sc.s) {
		if sc.s[sc.pos] == '<' {
			m := sc.peek
			if sc.peekAt != sc.pos || m.end == 0 {
				m = sc.markupAt(sc.pos)
			}
			switch m.kind {
			case mStart, mEnd:
				t := token{kind: tStart, name: m.name, self: m.self, line: sc.line}
				if m.kind == mEnd {
					t.kind = tEnd
				}
				sc.advance(m.end)
				return t
			case mSkip:
				sc.advance(m.end)
				continue
			}
		}
		return sc.text()
	}
	return token{kind: tEOF, line: sc.line}
}

// text reads text up to the next tag, comment or processing instruction.
// CDATA sections and '<' characters that start no markup ("AT<T") are part
// of it.
func (sc *scanner) text() token {
	start := sc.pos
	i := start
	cdata := false
	for {
		j := strings.IndexByte(sc.s[i:], '<')
		if j < 0 {
			i = len(sc.s)
			break
		}
		i += j
		m := sc.markupAt(i)
		if m.kind == mLiteral {
			i++
			continue
		}
		if m.kind == mCDATA {
			cdata = true
			i = m.end
			continue
		}
		sc.peek, sc.peekAt = m, i
		break
	}
	raw := sc.s[start:i]
	sc.advance(i)
	var v string
	if !cdata && strings.IndexByte(raw, '&') < 0 {
		v = trimSpace(raw)
	} else {
		v = trimSpace(decodeText(raw))
	}
	return token{kind: tText, text: v, cdata: cdata}
}

// markupAt classifies the '<' at index p.
func (sc *scanner) markupAt(p int) markup {
	s := sc.s
	if p+1 >= len(s) {
		return markup{}
	}
	switch c := s[p+1]; {
	case c == '/':
		name, q := scanName(s, p+2)
		if name == "" {
			return markup{}
		}
		q = skipSpace(s, q)
		if q < len(s) && s[q] == '>' {
			return markup{kind: mEnd, name: upper(name), end: q + 1}
		}
		return markup{}
	case c == '!':
		switch {
		case strings.HasPrefix(s[p:], "<!--"):
			return markup{kind: mSkip, end: endOf(s, p+4, "-->")}
		case strings.HasPrefix(s[p:], "<![CDATA["):
			return markup{kind: mCDATA, end: endOf(s, p+9, "]]>")}
		}
		// A declaration (<!DOCTYPE ...>) ends at the first '>'. The search
		// stops at the next '<' so that a file of "<!<!<!" stays linear.
		rest := s[p+2:]
		if j := strings.IndexAny(rest, "<>"); j >= 0 && rest[j] == '>' {
			return markup{kind: mSkip, end: p + 2 + j + 1}
		}
		return markup{}
	case c == '?':
		rest := s[p+2:]
		if j := strings.IndexAny(rest, "<>"); j >= 1 && rest[j] == '>' && rest[j-1] == '?' {
			return markup{kind: mSkip, end: p + 2 + j + 1}
		}
		return markup{}
	default:
		name, q := scanName(s, p+1)
		if name == "" {
			return markup{}
		}
		q = skipSpace(s, q)
		if q < len(s) && s[q] == '>' {
			return markup{kind: mStart, name: upper(name), end: q + 1}
		}
		if q+1 < len(s) && s[q] == '/' && s[q+1] == '>' {
			return markup{kind: mStart, name: upper(name), self: true, end: q + 2}
		}
		return markup{}
	}
}

// endOf returns the index just past the first close after from, or the end
// of s when the construct is never closed (a truncated comment or CDATA
// swallows the rest of the file, which the parser then reports as truncated).
func endOf(s string, from int, close string) int {
	if from > len(s) {
		return len(s)
	}
	if j := strings.Index(s[from:], close); j >= 0 {
		return from + j + len(close)
	}
	return len(s)
}

// scanName reads a tag name at p: a letter, then letters, digits and the
// punctuation proprietary tags use (Amex's DOWNLOAD.FLAG, INTU.BID).
func scanName(s string, p int) (string, int) {
	if p >= len(s) || !isLetter(s[p]) {
		return "", p
	}
	q := p + 1
	for q < len(s) && isNameChar(s[q]) {
		q++
	}
	return s[p:q], q
}

func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

func isNameChar(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' || c == ':'
}

func skipSpace(s string, p int) int {
	for p < len(s) && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n') {
		p++
	}
	return p
}

// upper upper-cases an ASCII tag name, without copying the common case of a
// name already in upper case.
func upper(name string) string {
	for i := 0; i < len(name); i++ {
		if 'a' <= name[i] && name[i] <= 'z' {
			return strings.ToUpper(name)
		}
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v' }

// trimSpace trims ASCII white space at both ends. Values keep their inner
// runs of spaces ("TRANSFERRED FROM     VS X10-08144"), which some banks use
// as column layout and which help matching against the bank's website.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// decodeText resolves the entities of a text run and unwraps its CDATA
// sections, whose content is taken as is. An '&' that starts no known entity
// stays literal: SGML files write "AT&T" unescaped.
func decodeText(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for len(raw) > 0 {
		i := strings.Index(raw, "<![CDATA[")
		part := raw
		if i >= 0 {
			part = raw[:i]
		}
		decodeEntities(&b, part)
		if i < 0 {
			break
		}
		rest := raw[i+9:]
		j := strings.Index(rest, "]]>")
		if j < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:j])
		raw = rest[j+3:]
	}
	return b.String()
}

func decodeEntities(b *strings.Builder, s string) {
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		s = s[i:]
		r, n := entity(s)
		switch {
		case n == 0:
			b.WriteByte('&')
			s = s[1:]
			continue
		case r != 0: // &#0; is a NUL, dropped like the others
			b.WriteRune(r)
		}
		s = s[n:]
	}
}

// entity reads the entity at the start of s ("&amp;", "&#233;", "&#xE9;") and
// returns its rune and length, or n == 0 when s starts no entity.
func entity(s string) (r rune, n int) {
	// Entities are short; looking no further keeps "&&&&..." linear.
	end := strings.IndexByte(s[:min(len(s), 12)], ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	body := s[1:end]
	switch body {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	case "nbsp":
		return '\u00A0', end + 1
	}
	if body[0] != '#' {
		// Other HTML names (&eacute;) from banks that escape like web pages.
		// A name html does not know comes back unchanged and stays literal.
		for i := 0; i < len(body); i++ {
			if !isLetter(body[i]) && (body[i] < '0' || body[i] > '9') {
				return 0, 0
			}
		}
		u := html.UnescapeString(s[:end+1])
		if r, size := utf8.DecodeRuneInString(u); u != s[:end+1] && size == len(u) {
			return r, end + 1
		}
		return 0, 0
	}
	if len(body) < 2 {
		return 0, 0
	}
	base, digits := 10, body[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if digits == "" {
		return 0, 0
	}
	var v rune
	for i := 0; i < len(digits); i++ {
		d := hexVal(digits[i])
		if d < 0 || d >= base {
			return 0, 0
		}
		v = v*rune(base) + rune(d)
		if v > utf8.MaxRune {
			return utf8.RuneError, end + 1
		}
	}
	if !utf8.ValidRune(v) {
		return utf8.RuneError, end + 1
	}
	return v, end + 1
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
