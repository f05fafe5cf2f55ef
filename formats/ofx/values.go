package ofx

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"penny/money"
)

// errDate is wrapped by every date error, so that tests and callers can tell
// a broken date from a broken amount.
var errDate = errors.New("not an OFX date (YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]])")

// parseDate reads an OFX date-time, "YYYYMMDD", "YYYYMMDDHHMM" (ofxtools'
// 12-digit DTASOF), "YYYYMMDDHHMMSS.XXX[-5:EST]" and the like, and returns
// the wall-clock time written, in UTC.
//
// The time-zone bracket is read past but not applied: a row the bank dates
// "20131201000000.000[-7:MST]" was booked on 1 December in the bank's own
// calendar, and shifting it to UTC would move it to the 1st at 07:00, while
// "20161027230000[-5]" would move to the 28th, a day the bank never showed.
// The date part is what statements, balances and the user agree on.
func parseDate(s string) (time.Time, error) {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	switch n {
	case 8, 10, 12, 14:
	default:
		return time.Time{}, errDate
	}
	num := func(i, w int) int {
		v := 0
		for _, c := range []byte(s[i : i+w]) {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d := num(0, 4), num(4, 2), num(6, 2)
	var h, mi, sec int
	if n >= 10 {
		h = num(8, 2)
	}
	if n >= 12 {
		mi = num(10, 2)
	}
	if n >= 14 {
		sec = num(12, 2)
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, errDate
	}
	if sec == 60 { // a leap second; time.Date would roll it into the next minute
		sec = 59
	}
	rest := s[n:]
	if strings.HasPrefix(rest, ".") {
		k := 1
		for k < len(rest) && '0' <= rest[k] && rest[k] <= '9' {
			k++
		}
		if k == 1 {
			return time.Time{}, errDate
		}
		rest = rest[k:]
	}
	rest = trimSpace(rest)
	if rest != "" && rest[0] != '[' {
		return time.Time{}, errDate
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), nil
}

// daysIn is the number of days in month m of year y: day 0 of the next
// month is the last of this one.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dateOnly is t at UTC midnight, the form statement.Transaction.Posted takes.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseAmount reads an OFX amount into minor units of a currency with the
// given exponent. OFX amounts are a sign, digits and a decimal point or comma
// ("-12.50", "+00000000000115.8331", "-12,50", "-0"); the decimal comma is
// the spec's, so a lone comma is always the decimal separator here.
//
// More decimals than the currency has are rounded half away from zero
// (-995.4190396554627 USD is -995.42, 115.835 is 115.84): brokers and
// test generators write four to sixteen decimals for amounts that settle in
// cents, and refusing such files would refuse whole brokers. The digits are
// cut as text and the carry applied to the integer, so no binary fraction is
// ever involved; rounded reports that a nonzero digit was dropped, so the
// caller can tell the user.
//
// Anything not in that simple shape goes to money.ParseMinor as is, which
// accepts what else banks write (trailing minus, parentheses, spaces) and
// explains what it refuses.
func parseAmount(s string, exp int) (minor int64, rounded bool, err error) {
	t := s
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	digits := 0
	for i < len(t) && '0' <= t[i] && t[i] <= '9' {
		i++
		digits++
	}
	sep := -1
	frac := 0
	if i < len(t) && (t[i] == '.' || t[i] == ',') {
		sep = i
		i++
		for i < len(t) && '0' <= t[i] && t[i] <= '9' {
			i++
			frac++
		}
	}
	opt := money.ParseOptions{DecimalComma: sep >= 0 && t[sep] == ','}
	if i != len(t) || digits+frac == 0 {
		// Not the OFX shape: let money decide, with a comma meaning a decimal
		// comma when there is no point ("1 234,56"), as OFX would have it.
		opt.DecimalComma = strings.Contains(t, ",") && !strings.Contains(t, ".")
		v, err := money.ParseMinor(t, exp, opt)
		return v, false, err
	}
	if frac <= exp {
		v, err := money.ParseMinor(t, exp, opt)
		return v, false, err
	}
	kept, dropped := t[:sep+1+exp], t[sep+1+exp:]
	var v int64
	if digits > 0 || exp > 0 { // "-.7" for a currency without decimals keeps nothing
		if v, err = money.ParseMinor(kept, exp, opt); err != nil {
			return 0, false, err
		}
	}
	if strings.Trim(dropped, "0") == "" {
		return v, false, nil
	}
	if dropped[0] >= '5' {
		if t[0] == '-' {
			if v == math.MinInt64 {
				return 0, false, fmt.Errorf("money: parse %q: %w", s, money.ErrOverflow)
			}
			v--
		} else {
			if v == math.MaxInt64 {
				return 0, false, fmt.Errorf("money: parse %q: %w", s, money.ErrOverflow)
			}
			v++
		}
	}
	return v, true, nil
}

// acctType turns ACCTTYPE into the lower-case words statement.AccountInfo uses.
func acctType(s string) string {
	switch strings.ToUpper(s) {
	case "CHECKING":
		return "checking"
	case "SAVINGS":
		return "savings"
	case "MONEYMRKT":
		return "moneymarket"
	case "CREDITLINE":
		return "creditline"
	case "CD":
		return "cd"
	}
	return strings.ToLower(s)
}
