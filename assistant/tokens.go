package assistant

import (
	"strconv"
	"strings"
	"time"

	"penny/money"
)

// Question tokens. Words are folded (lower case, no apostrophes, no
// accents); dates and amounts are recognized before words are split on
// punctuation, so "2026-03-01", "3/1" and "$1,234.50" stay whole.

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tAmount
	tDate
	tSym
)

type qtok struct {
	s    string
	kind tokKind
	n    int  // tNum: the value
	ord  bool // tNum written as an ordinal: "5th"
	// tAmount and tNum: the value in minor units (exponent 2 unless cur
	// says otherwise) and the currency when one was written.
	minor int64
	cur   string
	// marked says the text was surely money: a currency sign or code,
	// decimals or a "k".
	marked    bool
	date      time.Time
	yearKnown bool
	used      bool
}

var (
	isoDate   = lazyRE(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	slashDate = lazyRE(`^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$`)
	dotDate   = lazyRE(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
	amountRe  = lazyRE(`^(>=|<=|>|<|~|=)?([$€£])?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(k)?([$€£]|usd|eur|gbp|dollars?|euros?|bucks)?(\+)?$`)
	rangeRe   = lazyRE(`^([$€£]?\d[\d,]*(?:\.\d+)?k?)-([$€£]?\d[\d,]*(?:\.\d+)?k?)$`)
	ordRe     = lazyRE(`^(\d{1,2})(st|nd|rd|th)$`)
	numUnitRe = lazyRE(`^(\d{1,4})(days?|d|weeks?|wks?|w|months?|mos?|m|years?|yrs?|y)$`)
)

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
	"hundred": 100, "couple": 2, "few": 3, "several": 3,
}

// questionPunct turns the punctuation around words into spaces (dashes
// between words stay, spaced out, for ranges like "jan - mar").
var questionPunct = strings.NewReplacer("?", " ", "!", " ", ";", " ", "(", " ", ")", " ", "\"", " ", "“", " ", "”", " ",
	"–", " - ", "—", " - ", "…", " ", "\t", " ")

// tokenize splits a question into tokens.
func tokenize(q string) []qtok {
	q = fold(q)
	q = questionPunct.Replace(q)
	var out []qtok
	for _, f := range strings.Fields(q) {
		out = appendField(out, f)
	}
	return out
}

func appendField(out []qtok, f string) []qtok {
	f = strings.TrimRight(f, ".,:")
	if f == "" {
		return out
	}
	switch f {
	case ">", ">=", "<", "<=", "=", "+", "-", "~", "/", "&":
		if f == "&" {
			return append(out, qtok{s: "and"})
		}
		return append(out, qtok{s: f, kind: tSym})
	}
	if !strings.ContainsAny(f, "0123456789") {
		// Every date, amount, range, ordinal and count below has a digit
		// (\d is ASCII): a word needs none of the expressions, nor to
		// compile them in a process that reads only words.
		return appendWords(out, f)
	}
	if m := isoDate.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if validDay(y, time.Month(mo), d) {
			return append(out, qtok{s: f, kind: tDate, date: time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), yearKnown: true})
		}
	}
	if m := slashDate.FindStringSubmatch(f); m != nil {
		// Month first, as US banks and people write it.
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		y := 2000 // a leap year, so 2/29 is valid until the year is known
		known := m[3] != ""
		if known {
			y, _ = strconv.Atoi(m[3])
			if y < 100 {
				y += 2000
			}
		}
		if validDay(y, time.Month(mo), d) {
			return append(out, qtok{s: f, kind: tDate, date: time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), yearKnown: known})
		}
	}
	if m := dotDate.FindStringSubmatch(f); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if validDay(y, time.Month(mo), d) {
			return append(out, qtok{s: f, kind: tDate, date: time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), yearKnown: true})
		}
	}
	if m := rangeRe.FindStringSubmatch(f); m != nil {
		a, okA := amountToken(m[1])
		b, okB := amountToken(m[2])
		if okA && okB {
			return append(out, a, qtok{s: "-", kind: tSym}, b)
		}
	}
	if m := amountRe.FindStringSubmatch(f); m != nil {
		if m[1] != "" {
			out = append(out, qtok{s: m[1], kind: tSym})
		}
		if t, ok := amountToken(strings.TrimPrefix(f, m[1])); ok {
			out = append(out, t)
			if m[6] != "" {
				out = append(out, qtok{s: "+", kind: tSym})
			}
			return out
		}
	}
	if m := ordRe.FindStringSubmatch(f); m != nil {
		n, _ := strconv.Atoi(m[1])
		return append(out, qtok{s: f, kind: tNum, n: n, ord: true, minor: int64(n) * 100})
	}
	if m := numUnitRe.FindStringSubmatch(f); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := map[byte]string{'d': "days", 'w': "weeks", 'm': "months", 'y': "years"}[m[2][0]]
		return append(out, qtok{s: m[1], kind: tNum, n: n, minor: int64(n) * 100}, qtok{s: unit})
	}
	return appendWords(out, f)
}

// appendWords appends f's words, numbers as numbers.
func appendWords(out []qtok, f string) []qtok {
	for _, w := range words(f) {
		if n, err := strconv.Atoi(w); err == nil && len(w) <= 9 {
			out = append(out, qtok{s: w, kind: tNum, n: n, minor: int64(n) * 100})
			continue
		}
		out = append(out, qtok{s: w})
	}
	return out
}

// amountToken reads "$1,234.50", "20eur", "1.5k", "€20" as an amount.
func amountToken(f string) (qtok, bool) {
	m := amountRe.FindStringSubmatch(f)
	if m == nil || m[1] != "" {
		return qtok{}, false
	}
	cur := ""
	switch {
	case m[2] == "$" || m[5] == "$" || m[5] == "usd" || strings.HasPrefix(m[5], "dollar") || m[5] == "bucks":
		cur = "USD"
	case m[2] == "€" || m[5] == "€" || m[5] == "eur" || strings.HasPrefix(m[5], "euro"):
		cur = "EUR"
	case m[2] == "£" || m[5] == "£" || m[5] == "gbp":
		cur = "GBP"
	}
	exp := 2
	if cur != "" {
		if c, err := money.Lookup(cur); err == nil {
			exp = c.Exponent
		}
	}
	digits := m[3]
	minor, err := money.ParseMinor(digits, exp, money.ParseOptions{})
	if err != nil {
		return qtok{}, false
	}
	if m[4] == "k" {
		minor *= 1000
	}
	marked := cur != "" || strings.Contains(digits, ".") || m[4] != ""
	t := qtok{s: f, kind: tAmount, minor: minor, cur: cur, marked: marked}
	if !marked && !strings.Contains(digits, ",") {
		// A bare integer: a number first (a day, a count, a year), an
		// amount only where the grammar says so ("over 50").
		n, err := strconv.Atoi(digits)
		if err == nil && len(digits) <= 9 {
			t.kind = tNum
			t.n = n
		}
	}
	return t, true
}
