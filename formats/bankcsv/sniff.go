package bankcsv

import (
	"bytes"
	"strings"
)

// candidates are the delimiters bank exports use, in the order a tie is
// broken: comma first as the most common.
var candidates = []rune{',', ';', '\t', '|'}

// sampleRecords is how many records delimiter detection looks at: enough
// to see past a preamble of a dozen lines (ING Germany writes 14) and into
// the data.
const sampleRecords = 60

// fieldCounts counts the fields of each of the first max records of text
// split by delim, honouring double quotes the way encoding/csv does (a
// quote opens a quoted field only at the start of a field; "" inside one is
// a quote), so that delimiters inside quoted descriptions do not count.
// Blank lines are not records.
func fieldCounts(text string, delim rune, max int) []int {
	var counts []int
	n := 1
	inQuote, fieldStart, blank, closed := false, true, true, false
	for _, r := range text {
		if len(counts) >= max {
			break
		}
		if inQuote {
			if r == '"' {
				inQuote, closed = false, true
			}
			continue
		}
		if closed && r == '"' {
			// "" inside a quoted field is an escaped quote: still inside.
			inQuote, closed = true, false
			continue
		}
		closed = false
		switch {
		case r == '"' && fieldStart:
			inQuote, fieldStart, blank = true, false, false
		case r == delim:
			n++
			fieldStart, blank = true, false
		case r == '\n':
			if !blank {
				counts = append(counts, n)
			}
			n, fieldStart, blank = 1, true, true
		case r == ' ' && fieldStart:
			// leading blanks do not end the field's start
		case r == '\r':
		default:
			fieldStart, blank = false, false
		}
	}
	if !blank && len(counts) < max {
		counts = append(counts, n)
	}
	return counts
}

// delimScore says how well a delimiter splits a sample: the most common
// field count (at least 2) and how many records have it.
type delimScore struct {
	delim  rune
	fields int
	agree  int
}

// better prefers more records agreeing on one field count, then more
// fields. Agreement comes first because a decimal comma in a ';' file
// splits every row in two as consistently as ';' splits it in nine, but
// no more consistently; only then does the larger count win.
func (a delimScore) better(b delimScore) bool {
	if a.agree != b.agree {
		return a.agree > b.agree
	}
	return a.fields > b.fields
}

func scoreDelim(text string, delim rune) delimScore {
	counts := fieldCounts(text, delim, sampleRecords)
	freq := map[int]int{}
	best := delimScore{delim: delim}
	for _, c := range counts {
		if c < 2 {
			continue
		}
		freq[c]++
		f := freq[c]
		if f > best.agree || f == best.agree && c > best.fields {
			best.agree, best.fields = f, c
		}
	}
	return best
}

// detectDelimiter picks the delimiter under which the first records agree
// best on their number of fields. ok is false when no candidate splits
// the text into two or more fields at all.
func detectDelimiter(text string) (rune, bool) {
	var best delimScore
	for _, d := range candidates {
		s := scoreDelim(text, d)
		if s.fields >= 2 && (best.fields < 2 || s.better(best)) {
			best = s
		}
	}
	return best.delim, best.fields >= 2
}

// excelSepLine reads the "sep=;" line Excel writes and honours as the
// first line of a CSV file.
func excelSepLine(text string) (rune, int, bool) {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimSpace(line)
	if len(line) == 5 && strings.HasPrefix(strings.ToLower(line), "sep=") {
		r := rune(line[4])
		for _, c := range candidates {
			if c == r {
				nl := strings.IndexByte(text, '\n')
				if nl < 0 {
					return r, len(text), true
				}
				return r, nl + 1, true
			}
		}
	}
	return 0, 0, false
}

// Sniff reports whether head, the first bytes of a file, is plausibly
// delimited text: it decodes as text, has no NUL or other binary control
// bytes, and one of ',' ';' TAB '|' splits its lines into two or more
// fields with most lines agreeing. OFX, XML and QIF are recognised before
// this is asked, but their openings are refused here too, so that asking in
// another order does no harm.
func Sniff(head []byte) bool {
	if len(bytes.TrimSpace(head)) == 0 {
		return false
	}
	text, _, err := decode(head, nil, "")
	if err != nil {
		return false
	}
	// A head cut mid-line would end in a partial record; drop it when
	// there are whole lines before it.
	if i := strings.LastIndexByte(text, '\n'); i > 0 && i < len(text)-1 {
		text = text[:i+1]
	}
	text = normalizeNewlines(text)
	trimmed := strings.TrimLeft(text, " \t\n")
	upper := strings.ToUpper(prefix(trimmed, 16))
	if strings.HasPrefix(trimmed, "<") || strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") ||
		strings.HasPrefix(upper, "OFXHEADER") ||
		strings.HasPrefix(upper, "!TYPE") || strings.HasPrefix(upper, "!ACCOUNT") || strings.HasPrefix(upper, "!OPTION") ||
		swiftTags(text) >= 2 {
		return false
	}
	controls := 0
	for _, r := range text {
		if r == 0 {
			return false
		}
		if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFD {
			controls++
		}
	}
	if controls*20 > len(text) {
		return false
	}
	if _, _, ok := excelSepLine(text); ok {
		return true
	}
	d, ok := detectDelimiter(text)
	if !ok {
		return false
	}
	s := scoreDelim(text, d)
	records := len(fieldCounts(text, d, sampleRecords))
	// One record is all a short head may hold; otherwise at least two
	// records must agree, and they must be a fair share of what was seen
	// (a preamble may disagree).
	return records == 1 || s.agree >= 2 && s.agree*3 >= records
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// swiftTags counts lines that open with a SWIFT MT940/942 field tag
// (":20:", ":60F:"), whose amounts carry decimal commas that would
// otherwise look like a delimiter.
func swiftTags(text string) int {
	n := 0
	for _, line := range strings.SplitN(text, "\n", 40) {
		if len(line) >= 4 && line[0] == ':' && isDigit(line[1]) && isDigit(line[2]) &&
			(line[3] == ':' || len(line) >= 5 && line[3] >= 'A' && line[3] <= 'Z' && line[4] == ':') {
			n++
		}
	}
	return n
}
