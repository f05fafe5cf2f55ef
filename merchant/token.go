package merchant

import (
	"unicode"
	"unicode/utf8"
)

// Limits that keep the work per descriptor bounded whatever a file holds:
// real descriptors are under 200 bytes and a dozen words, so a memo of a
// megabyte costs no more than its first maxInput bytes.
const (
	maxInput  = 512
	maxTokens = 64
	maxWord   = 40 // longer runs of letters are not words of a name
)

// Token flags: what separated a token from the one before it, and what it
// is made of. The cleaner reads them to tell store numbers, reference codes
// and URL parts from words of a name.
const (
	fDigit uint8 = 1 << iota // has a digit
	fAlpha                   // has a letter
	fStar                    // a '*' came before it (a processor prefix or a reference code)
	fHash                    // a '#' came before it (a store number)
	fDot                     // glued to the previous token by '.' (a URL part)
	fGlued                   // no white space between it and the previous token
	fGap                     // two or more spaces before it (the end of a fixed-width field)
	fAmp                     // it is the "and" that stands for '&'
)

type token struct {
	start, end int32 // bytes of the normalized text in scratch.buf
	id         int32 // vocabulary id, 0 when no pattern uses the word
	flags      uint8
}

// scratch is the per-call working memory; a sync.Pool recycles it so that
// identifying a known merchant does not allocate.
type scratch struct {
	buf  []byte
	toks []token
	sel  []int32
}

// noise reports tokens that never belong to a name: numbers of any kind
// (store, phone, date, reference) and masked card numbers ("XXXX").
func (sc *scratch) noise(t token) bool {
	if t.flags&fDigit != 0 {
		return true
	}
	w := sc.buf[t.start:t.end]
	if len(w) < 3 {
		return false
	}
	for _, c := range w {
		if c != 'x' {
			return false
		}
	}
	return true
}

// tokenize splits s into lower-case words of letters and digits. Accented
// Latin letters fold to ASCII so that "MÜNCHEN" and "Munchen" meet, '&'
// becomes the word "and", apostrophes inside words vanish ("MCDONALD'S" is
// "mcdonalds") and anything else (punctuation, controls, invalid UTF-8)
// separates words. Words are looked up in vocab as they end.
func (sc *scratch) tokenize(s string, vocab *wordTable) {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	sc.buf = sc.buf[:0]
	sc.toks = sc.toks[:0]
	var (
		inTok   bool
		start   int
		flags   uint8 // flags of the token being built
		pending uint8 // separator flags for the next token
		spaces  int
	)
	end := func() {
		if !inTok {
			return
		}
		inTok = false
		if len(sc.toks) >= maxTokens {
			sc.buf = sc.buf[:start]
			return
		}
		if len(sc.buf)-start > maxWord {
			// Cut at a rune boundary.
			n := start + maxWord
			for n > start && !utf8.RuneStart(sc.buf[n]) {
				n--
			}
			sc.buf = sc.buf[:n]
		}
		if flags&(fAlpha|fDigit) == fAlpha|fDigit && len(sc.buf)-start >= 7 {
			sc.split(start, flags, vocab)
			return
		}
		w := sc.buf[start:]
		sc.toks = append(sc.toks, token{start: int32(start), end: int32(len(sc.buf)), id: vocab.lookup(w, flags&fAlpha == 0), flags: flags})
	}
	begin := func() {
		if inTok {
			return
		}
		inTok = true
		start = len(sc.buf)
		flags = pending
		if len(sc.toks) > 0 {
			if spaces == 0 {
				flags |= fGlued
			} else {
				flags &^= fDot
				if spaces >= 2 {
					flags |= fGap
				}
			}
		} else {
			flags &^= fDot
		}
		pending, spaces = 0, 0
	}
	sep := func(c rune) {
		end()
		switch c {
		case ' ', '\t':
			spaces++
		case '*':
			pending |= fStar
		case '#':
			pending |= fHash
		case '.':
			pending |= fDot
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				begin()
				sc.buf = append(sc.buf, c)
				if c <= '9' {
					flags |= fDigit
				} else {
					flags |= fAlpha
				}
			case c >= 'A' && c <= 'Z':
				begin()
				sc.buf = append(sc.buf, c+'a'-'A')
				flags |= fAlpha
			case c == '\'' || c == '`':
				// Inside a word an apostrophe joins ("JOE'S"); elsewhere
				// it separates.
				if !inTok || i >= len(s) || !isWordByte(s[i]) {
					sep(' ')
				}
			case c == '+' && inTok && flags&fAlpha != 0 && (i >= len(s) || !isWordByte(s[i])):
				// "DISNEY+", "AMC+": the plus is part of the brand.
				end()
				begin()
				sc.buf = append(sc.buf, "plus"...)
				flags |= fAlpha
				end()
			case c == '&':
				end()
				begin()
				sc.buf = append(sc.buf, "and"...)
				flags |= fAlpha | fAmp
				end()
			case c == 0x1b:
				// A terminal escape sequence is no part of a name.
				sep(' ')
				i = skipEscape(s, i)
			default:
				sep(rune(c))
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			sep(' ')
			continue
		}
		if f := foldLatin(r); f != "" {
			begin()
			sc.buf = append(sc.buf, f...)
			flags |= fAlpha
			continue
		}
		switch {
		case r == '\u2019' || r == '\u2018':
			if !inTok || i >= len(s) || !isWordByte(s[i]) {
				sep(' ')
			}
		case unicode.Is(unicode.Mn, r):
			// Combining marks decorate the letter before them.
		case unicode.IsLetter(r):
			begin()
			sc.buf = utf8.AppendRune(sc.buf, unicode.ToLower(r))
			flags |= fAlpha
		case unicode.IsDigit(r):
			begin()
			sc.buf = utf8.AppendRune(sc.buf, r)
			flags |= fDigit
		case unicode.IsSpace(r):
			sep(' ')
		default:
			sep(0)
		}
	}
	end()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// latin maps the Latin-1 Supplement and Latin Extended-A letters to ASCII.
// Both cases fold to lower case.
var latin = func() map[rune]string {
	groups := map[string]string{
		"a": "ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "ae": "Ææ", "c": "ÇçĆćĈĉĊċČč", "d": "ĎďĐđÐð",
		"e": "ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "g": "ĜĝĞğĠġĢģ", "h": "ĤĥĦħ", "i": "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı",
		"j": "Ĵĵ", "k": "Ķķ", "l": "ĹĺĻļĽľĿŀŁł", "n": "ÑñŃńŅņŇň", "o": "ÒÓÔÕÖØòóôõöøŌōŎŏŐő",
		"oe": "Œœ", "r": "ŔŕŖŗŘř", "s": "ŚśŜŝŞşŠš", "ss": "ß", "t": "ŢţŤťŦŧ", "th": "Þþ",
		"u": "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "w": "Ŵŵ", "y": "ÝýÿŶŷŸ", "z": "ŹźŻżŽž",
	}
	m := make(map[rune]string, 256)
	for to, from := range groups {
		for _, r := range from {
			m[r] = to
		}
	}
	return m
}()

func foldLatin(r rune) string {
	if r < 0xC0 || r > 0x17F {
		return ""
	}
	return latin[r]
}

// split adds the word at buf[start:] as one token, or as several where a
// fixed-width field ran into the next one: three or more letters against
// four or more digits ("OFFIC25059", "AIR1790897546694", "5429NEW") are
// two words. Shorter mixes ("A16", "F45", "7ELEVEN") stay whole.
func (sc *scratch) split(start int, flags uint8, vocab *wordTable) {
	w := sc.buf[start:]
	from := 0
	for i := 1; i < len(w); i++ {
		d0, d1 := isDigit(w[i-1]), isDigit(w[i])
		if d0 == d1 {
			continue
		}
		// w[j:i] is the run ending here; w[i:k] the one starting.
		j := i - 1
		for j > from && isDigit(w[j-1]) == d0 {
			j--
		}
		k := i + 1
		for k < len(w) && isDigit(w[k]) == d1 {
			k++
		}
		l, r := i-j, k-i
		if d0 {
			l, r = r, l // l letters, r digits
		}
		if l < 3 || r < 4 {
			continue
		}
		sc.addSplit(start+from, start+i, flags, vocab)
		flags = flags&^(fStar|fHash|fDot|fGap) | fGlued
		from = i
	}
	sc.addSplit(start+from, start+len(w), flags, vocab)
}

func (sc *scratch) addSplit(s, e int, flags uint8, vocab *wordTable) {
	if len(sc.toks) >= maxTokens {
		return
	}
	flags &^= fAlpha | fDigit
	for _, c := range sc.buf[s:e] {
		if isDigit(c) {
			flags |= fDigit
		} else {
			flags |= fAlpha
		}
	}
	sc.toks = append(sc.toks, token{start: int32(s), end: int32(e), id: vocab.lookup(sc.buf[s:e], flags&fAlpha == 0), flags: flags})
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipEscape returns the index after the escape sequence whose ESC byte
// was at i-1: CSI ("ESC [ ... m"), OSC ("ESC ] ... BEL" or "ESC ] ... ESC
// \\") or a two-byte sequence.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		for i++; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return i
	case ']':
		for i++; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return i
	}
	return i + 1
}
