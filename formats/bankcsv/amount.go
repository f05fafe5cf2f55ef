package bankcsv

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"penny/money"
)

// symbolCodes maps the currency symbols that name one currency. "$" is
// missing on purpose: it names dozens (see dollarCode).
var symbolCodes = map[string]string{
	"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
	"₺": "TRY", "₪": "ILS", "฿": "THB", "₫": "VND", "₱": "PHP", "₴": "UAH",
	"₦": "NGN", "₡": "CRC", "₲": "PYG", "₸": "KZT", "₾": "GEL", "₼": "AZN",
	"US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
	"NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN",
}

// dollars are the currencies written with a bare "$". When the caller's
// default currency is one of them, "$" means it; otherwise "$" means USD.
var dollars = map[string]bool{
	"USD": true, "CAD": true, "AUD": true, "NZD": true, "HKD": true, "SGD": true,
	"MXN": true, "ARS": true, "CLP": true, "COP": true, "TWD": true, "FJD": true,
	"BSD": true, "BBD": true, "BZD": true, "BMD": true, "JMD": true, "TTD": true,
	"XCD": true, "LRD": true, "NAD": true, "SRD": true, "GYD": true, "KYD": true,
}

func dollarCode(def string) string {
	if dollars[def] {
		return def
	}
	return "USD"
}

// currencyCode reads a currency as a file or rules write it: an ISO code
// in any case, or a symbol. ok is false when it is neither.
func currencyCode(s, def string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "$" {
		return dollarCode(def), true
	}
	if c, ok := symbolCodes[s]; ok {
		return c, true
	}
	if c, err := money.Lookup(s); err == nil {
		return c.Code, true
	}
	return "", false
}

// amountText is an amount cell taken apart: the number ParseMinor reads,
// whether it carried its own sign, and a currency written next to it.
type amountText struct {
	num    string
	signed bool   // an explicit sign: '+', '-', parentheses, a CR/DR mark
	cur    string // "$", "£", "EUR"... as written, or ""
}

// plainNumber reports whether s holds only what ParseMinor reads as is,
// the common case, so that it can skip the slower clean-up.
func plainNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || c == '.' || c == ',' || c == '-' || c == '+' || c == ' ') {
			return false
		}
	}
	return true
}

// splitAmount strips from an amount cell what ParseMinor does not read:
// a currency symbol or code before or after the number ("£500.00",
// "-$76.00", "12,00 EUR"), a trailing CR or DR, and the doubled minus a
// rules template makes of "-%amount" when the field is already negative
// (hledger reads "--5" as 5, and so does this).
func splitAmount(s string) amountText {
	s = strings.TrimSpace(s)
	if plainNumber(s) {
		return amountText{num: fixSigns(s), signed: hasSign(s)}
	}
	var a amountText
	var b strings.Builder
	b.Grow(len(s))
	neg := false
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.Is(unicode.Sc, r):
			sym := s[i : i+size]
			// "US$", "NZ$": letters glued before the dollar sign.
			if r == '$' {
				w := b.String()
				j := len(w)
				for j > 0 && w[j-1] >= 'A' && w[j-1] <= 'Z' {
					j--
				}
				if j < len(w) {
					if _, ok := symbolCodes[w[j:]+"$"]; ok {
						sym = w[j:] + "$"
						b.Reset()
						b.WriteString(w[:j])
					}
				}
			}
			if a.cur == "" {
				a.cur = sym
			}
		case r < utf8.RuneSelf && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'):
			j := i
			for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z') {
				j++
			}
			word := s[i:j]
			switch {
			case j < len(s) && s[j] == '$':
				// a prefix of "US$": keep it for the '$' case.
				b.WriteString(word)
			case strings.EqualFold(word, "CR"):
				a.signed = true
			case strings.EqualFold(word, "DR"):
				a.signed, neg = true, true
			case len(word) == 3 && isCode(word):
				if a.cur == "" {
					a.cur = word
				}
			default:
				b.WriteString(word) // ParseMinor will refuse it, quoting the cell
			}
			i = j
			continue
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	num := strings.TrimSpace(b.String())
	if neg {
		num = "-" + num
	}
	a.num = fixSigns(num)
	a.signed = a.signed || hasSign(num)
	return a
}

func isCode(w string) bool {
	_, err := money.Lookup(w)
	return err == nil
}

// fixSigns folds a doubled minus ("--5", from a rules template) into a
// plus.
func fixSigns(s string) string {
	if strings.HasPrefix(s, "--") {
		return strings.TrimLeft(s[2:], " ")
	}
	if strings.HasPrefix(s, "-(") && strings.HasSuffix(s, ")") {
		return s[2 : len(s)-1]
	}
	return s
}

func hasSign(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	return s[0] == '-' || s[0] == '+' || s[0] == '(' || strings.HasPrefix(s, "−") || s[len(s)-1] == '-'
}

// moneyShape reports whether s looks like an amount: an optional sign and
// currency, digits with separators, and nothing else. frac says it has a
// decimal part of one or two digits, which IDs and check numbers never
// have; columns are told apart by it when a file has no header.
func moneyShape(s string) (ok, frac bool) {
	a := splitAmount(s)
	n := strings.Trim(a.num, "+-−() ")
	if n == "" {
		return false, false
	}
	digits := 0
	for i := 0; i < len(n); i++ {
		c := n[i]
		switch {
		case isDigit(c):
			digits++
		case c == '.' || c == ',' || c == ' ' || c == '\'':
		default:
			return false, false
		}
	}
	if digits == 0 || !isDigit(n[0]) && n[0] != '.' && n[0] != ',' {
		return false, false
	}
	k := strings.LastIndexAny(n, ".,")
	frac = k >= 0 && (len(n)-k-1 == 1 || len(n)-k-1 == 2)
	return true, frac || a.cur != ""
}

// decimalEvidence says what one value tells about the decimal mark: +1
// for a comma ("-8,78", "1.234,56", "155,5"), -1 for a point, 0 when it
// cannot tell ("1,234" is a thousand in one convention and one in the
// other; "2500" has no mark).
func decimalEvidence(num string) int {
	lc, lp := strings.LastIndexByte(num, ','), strings.LastIndexByte(num, '.')
	switch {
	case lc >= 0 && lp >= 0:
		if lc > lp {
			return 1
		}
		return -1
	case lc >= 0:
		if strings.Count(num, ",") > 1 {
			return -1 // "1,234,567": commas group thousands
		}
		if tail := trailingDigits(num[lc+1:]); tail != 3 {
			return 1
		}
	case lp >= 0:
		if strings.Count(num, ".") > 1 {
			return 1 // "1.234.567"
		}
		if tail := trailingDigits(num[lp+1:]); tail != 3 {
			return -1
		}
	}
	return 0
}

func trailingDigits(s string) int {
	n := 0
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		n++
	}
	return n
}

// directions maps the words of debit/credit columns ("Af Bij",
// "CreditDebet", Mint's "transaction type") to a sign, folded by normName.
var directions = map[string]int{
	"d": -1, "db": -1, "dr": -1, "debit": -1, "debet": -1, "af": -1, "s": -1,
	"soll": -1, "dbit": -1, "out": -1, "withdrawal": -1, "uit": -1, "debito": -1,
	"c": 1, "cr": 1, "credit": 1, "bij": 1, "h": 1, "haben": 1, "crdt": 1,
	"in": 1, "deposit": 1, "credito": 1,
}

// direction reads a debit/credit flag: -1, +1, or 0 when it is not one.
func direction(s string) int {
	s = strings.TrimSpace(s)
	switch s {
	case "-":
		return -1
	case "+":
		return 1
	}
	return directions[normName(s)]
}
