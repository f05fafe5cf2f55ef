package export

import (
	"strings"
	"unicode"

	"penny/sanitize"
)

// Bank text is hostile (a payee may hold escape sequences, line breaks,
// quotes, comment characters, or a line that reads like a directive). These
// functions make it inert for each format. All of them start from
// sanitize.Line, which turns controls and line breaks into visible
// characters or spaces, so no payee can end the line it is written on.

// oneLine is sanitize.Line with runs of spaces collapsed and the ends
// trimmed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize.Line(s)), " ")
}

// journalText makes s safe in a ledger/hledger transaction line or comment:
// ';' would start a comment (ending a payee) and '|' splits hledger's
// payee from its note; '[' and ']' hold ledger's posting dates; "::"
// introduces a ledger value expression, which ledger evaluates.
func journalText(s string) string {
	s = oneLine(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ';':
			return ','
		case '|':
			return '/'
		case '[':
			return '('
		case ']':
			return ')'
		}
		return r
	}, s)
	for strings.Contains(s, "::") {
		s = strings.ReplaceAll(s, "::", ":")
	}
	return s
}

// journalSegment spells one segment of a ledger/hledger account name:
// letters, digits and a little punctuation, single spaces (two spaces end an
// account name), never ':' (the separator) nor a leading parenthesis or
// bracket (a virtual posting).
func journalSegment(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			return r
		case strings.ContainsRune("&-'./+#", r):
			return r
		}
		return ' '
	}, sanitize.Line(s))
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "Unnamed"
	}
	return s
}

// beancountSegment spells one segment of a beancount account name: words of
// letters and digits, each capitalized, joined by '-' ("Food & drink" is
// "Food-Drink"), which is what beancount's grammar allows.
func beancountSegment(s string) string {
	words := strings.FieldsFunc(sanitize.Line(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	s = strings.Join(words, "-")
	if s == "" {
		return "Unnamed"
	}
	return s
}

// beancountString quotes s as a beancount string: the backslash and the
// double quote are escaped, and nothing else can end it.
func beancountString(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}

// csvText makes s safe in a CSV cell: one line, and a leading character a
// spreadsheet would read as a formula (= + - @) made literal with a quote.
func csvText(s string) string {
	s = oneLine(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	return s
}
