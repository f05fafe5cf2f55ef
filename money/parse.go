package money

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// ParseOptions says how to read amounts whose notation the text alone cannot
// settle. The caller knows it from the bank or the file's locale.
type ParseOptions struct {
	// DecimalComma says ',' is the decimal separator and '.' separates
	// thousands, as in "1.234,56", "82 604,01" and "9,". Without it '.' is
	// the decimal separator and ',' separates thousands. The two are never
	// guessed from the text: "1,234" is 1234 without the hint and 1.234
	// with it, and a statement read both ways would be off by a thousand.
	DecimalComma bool
}

// Parse reads s as an amount of the currency code, in the notations banks
// write (see ParseMinor). It also accepts the currency's own code before or
// after the number, "12.00 USD" or "usd 12.00", so that Amount.Format reads
// back; another known code gives an error wrapping ErrCurrencyMismatch
// rather than a wrong amount. Currency symbols ("$", "€", "£") are refused:
// "$" alone names dozens of currencies, and the caller, who knows the
// column's currency, should strip them. An unknown code gives an error
// wrapping ErrUnknownCurrency.
func Parse(s string, code string, opt ParseOptions) (Amount, error) {
	cur, err := Lookup(code)
	if err != nil {
		return Amount{}, err
	}
	body, tag := splitCode(strings.TrimSpace(s))
	if tag != "" {
		norm, _ := normCode(tag) // splitCode only returns three ASCII letters
		if norm != cur.Code {
			if _, known := exponents[norm]; known && body != "" {
				return Amount{}, fmt.Errorf("money: parse %s as %s: %w", quote(s), cur.Code, ErrCurrencyMismatch)
			}
			return Amount{}, syntaxError(s, "")
		}
	}
	minor, err := parseNumber(s, body, cur.Exponent, opt)
	if err != nil {
		return Amount{}, err
	}
	return Amount{Minor: minor, Currency: cur.Code}, nil
}

// ParseMinor reads s as a decimal number and returns it in minor units of a
// currency with the given exponent: "12.34" with exponent 2 is 1234. It
// accepts what bank statements and exports contain:
//
//   - surrounding whitespace, and a leading "+" or "-" (or U+2212 "−"),
//     optionally followed by spaces;
//   - a trailing minus, "12.00-", and accounting parentheses, "(12.00)",
//     both meaning negative; only one sign in all;
//   - leading zeros, "+00000000000115.83", and negative zero, "-0.00";
//   - a missing integer or fraction part, ".5" and "12." ("9," with
//     DecimalComma);
//   - thousands separators: ',' (or '.' with DecimalComma), a space, a
//     no-break space U+00A0, a narrow no-break space U+202F, a thin space
//     U+2009, or an apostrophe ' or ’. One kind per number, always between
//     digits, and in groups of three ("1,234,567") or in the Indian lakh
//     grouping for commas ("12,34,567"). Without DecimalComma this means
//     "12,5" is refused rather than guessed: it would be 12.50 in Europe and
//     is malformed thousands anywhere else.
//
// Fraction digits beyond the exponent are accepted only when they are all
// zeros ("1.500" is 150 for USD); "1.005" is refused, as rounding would lose
// money without anyone seeing it. Anything else ("", "-", "1.2.3", "1,,2",
// "--1", "1e5", "NaN", non-ASCII digits) gives an error wrapping ErrSyntax,
// and a value beyond the int64 range one wrapping ErrOverflow; both quote s.
func ParseMinor(s string, exponent int, opt ParseOptions) (int64, error) {
	if exponent < 0 {
		return 0, fmt.Errorf("money: parse %s: negative exponent %d", quote(s), exponent)
	}
	return parseNumber(s, strings.TrimSpace(s), exponent, opt)
}

// parseNumber does the work of ParseMinor on t, the trimmed number part of
// the input s, which it quotes in errors. It reads the digits in one pass
// without allocating, accumulating the unsigned magnitude so that
// math.MinInt64 (whose magnitude does not fit in an int64) can be read. All
// syntax is checked before any overflow is reported, so an error says the
// most basic thing wrong with the input.
func parseNumber(s, t string, exponent int, opt ParseOptions) (int64, error) {
	neg, t, ok := stripSign(t)
	if !ok {
		return 0, syntaxError(s, "")
	}

	decimalSep := '.'
	if opt.DecimalComma {
		decimalSep = ','
	}

	const limit = uint64(1) << 63 // magnitude of math.MinInt64
	var (
		mag        uint64
		overflow   bool
		tooPrecise bool
		digits     int  // all digits seen
		fracDigits int  // digits seen after the decimal separator
		seenPoint  bool // the decimal separator has been seen
		groupSep   rune // the thousands separator in use, 0 if none yet
		group      int  // digits in the current group
		groups     int  // groups closed by a separator
		firstGroup int  // digits in the first group
		all3, all2 = true, true
	)
	push := func(d uint64) {
		if overflow || mag > (limit-d)/10 {
			overflow = true
			return
		}
		mag = mag*10 + d
	}

	for _, r := range t {
		switch {
		case '0' <= r && r <= '9':
			digits++
			d := uint64(r - '0')
			if !seenPoint {
				group++
				push(d)
				continue
			}
			fracDigits++
			if fracDigits <= exponent {
				push(d)
			} else if d != 0 {
				tooPrecise = true
			}
		case r == decimalSep:
			if seenPoint {
				return 0, syntaxError(s, "")
			}
			seenPoint = true
		case isGroupSep(r, opt):
			if seenPoint || group == 0 || (groupSep != 0 && r != groupSep) {
				return 0, syntaxError(s, "")
			}
			groupSep = r
			if groups == 0 {
				firstGroup = group
			} else {
				all3 = all3 && group == 3
				all2 = all2 && group == 2
			}
			groups++
			group = 0
		default:
			return 0, syntaxError(s, "")
		}
	}
	if digits == 0 {
		return 0, syntaxError(s, "")
	}
	if groups > 0 {
		// group now holds the digits after the last separator, before the
		// decimal point.
		western := group == 3 && all3 && firstGroup <= 3
		lakh := groupSep == ',' && group == 3 && all2 && firstGroup <= 2
		if !western && !lakh {
			return 0, syntaxError(s, fmt.Sprintf("%q must separate groups of three digits", groupSep))
		}
	}
	if tooPrecise {
		return 0, syntaxError(s, fmt.Sprintf("more than %d decimal places", exponent))
	}
	// Pad the fraction to the exponent. Once the magnitude is zero more
	// zeros change nothing, and a non-zero one overflows within 19 digits,
	// so this ends quickly whatever the exponent.
	for i := fracDigits; i < exponent && mag != 0 && !overflow; i++ {
		push(0)
	}
	if overflow || (!neg && mag > math.MaxInt64) {
		return 0, fmt.Errorf("money: parse %s: %w", quote(s), ErrOverflow)
	}
	if neg {
		return int64(-mag), nil // two's complement: gives math.MinInt64 for 1<<63
	}
	return int64(mag), nil
}

// stripSign removes the sign from t: a leading '+', '-' or '−', a trailing
// '-' or '−', or enclosing parentheses, each with any spaces next to it. It
// reports false when t has more than one of them, as "-(12)" or "+12-" are
// more likely mistakes than meant.
func stripSign(t string) (neg bool, rest string, ok bool) {
	signs := 0
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
		neg = true
		signs++
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if r, size := utf8.DecodeRuneInString(t); r == '+' || r == '-' || r == '−' {
		neg = neg || r != '+'
		signs++
		t = strings.TrimSpace(t[size:])
	}
	if r, size := utf8.DecodeLastRuneInString(t); r == '-' || r == '−' {
		neg = true
		signs++
		t = strings.TrimSpace(t[:len(t)-size])
	}
	return neg, t, signs <= 1
}

// isGroupSep reports whether r may separate thousands: the character the
// options leave free (',' or '.'), or one of the spaces and apostrophes
// that French, Swiss, Nordic and other locales use.
func isGroupSep(r rune, opt ParseOptions) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\'', '\u2019':
		return true
	case ',':
		return !opt.DecimalComma
	case '.':
		return opt.DecimalComma
	}
	return false
}

// splitCode splits a currency code off the front or back of t ("USD 12.00",
// "12.00 usd"), returning the rest trimmed and the code as written, or t and
// "" when there is none. A code is exactly three ASCII letters not touching
// another letter, so "12.00 USDX" keeps its letters and fails as syntax.
func splitCode(t string) (body, code string) {
	if len(t) >= 3 && isLetters(t[:3]) && (len(t) == 3 || !isLetters(t[3:4])) {
		return strings.TrimSpace(t[3:]), t[:3]
	}
	if n := len(t); n >= 4 && isLetters(t[n-3:]) && !isLetters(t[n-4:n-3]) {
		return strings.TrimSpace(t[:n-3]), t[n-3:]
	}
	return t, ""
}

// isLetters reports whether s is made only of ASCII letters.
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20 // ASCII lower case
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// syntaxError builds the error for input s that is not an amount, with an
// optional reason after ErrSyntax's text.
func syntaxError(s, reason string) error {
	if reason == "" {
		return fmt.Errorf("money: parse %s: %w", quote(s), ErrSyntax)
	}
	return fmt.Errorf("money: parse %s: %w: %s", quote(s), ErrSyntax, reason)
}

// quote quotes s for an error message, cut to 64 bytes at a rune boundary:
// a bad cell can hold a whole CSV line, and the message is shown in a
// terminal.
func quote(s string) string {
	const maxLen = 64
	if len(s) <= maxLen {
		return fmt.Sprintf("%q", s)
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q...", s[:cut])
}
