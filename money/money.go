// Package money holds exact amounts of money: int64 minor units plus an ISO 4217
// currency whose exponent says where the decimal point sits. There is no float
// anywhere in this package, on purpose: a bank balance must add up to the cent.
package money

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 currency: its three-letter code and the number of
// digits after the decimal point of its minor unit (USD 2, JPY 0, BHD 3).
type Currency struct {
	Code     string
	Exponent int
}

// Amount is an exact amount of money in minor units (cents for USD) of one
// currency code.
type Amount struct {
	Minor    int64
	Currency string
}

// Sentinel errors callers can test with errors.Is.
var (
	ErrUnknownCurrency  = errors.New("unknown currency")
	ErrCurrencyMismatch = errors.New("currencies differ")
	ErrOverflow         = errors.New("amount out of range")
	ErrSyntax           = errors.New("not an amount")
)

// New returns minor units of the currency code. The code is trimmed and
// upper-cased when it is three ASCII letters, so that amounts built from
// "usd" and "USD" add up; it is not checked against the table, because New
// has no error to return: use Lookup first when the code comes from input.
func New(minor int64, code string) Amount {
	if norm, ok := normCode(code); ok {
		code = norm
	} else {
		code = strings.TrimSpace(code)
	}
	return Amount{Minor: minor, Currency: code}
}

// String writes a as a plain decimal for machines (JSON, CSV): "-6.15",
// "46691.04", "0.00", "1500" for JPY, "1.234" for BHD. There is no thousands
// separator and no currency code, so the text reads back with Parse or any
// decimal parser. A currency code not in the table is written with exponent
// 2, so that bad data still prints; Parse will not read it back.
func (a Amount) String() string {
	return FormatMinor(a.Minor, exponentOf(a.Currency), false)
}

// Decimal is String under the name the JSON code uses, so that call sites
// say what they want (a decimal string) rather than relying on fmt.Stringer.
func (a Amount) Decimal() string {
	return a.String()
}

// Format writes a for people: thousands separated by commas and the code
// after a space, "46,691.04 USD", "-6.15 USD", "1,500 JPY". An Amount with no
// currency code is written without one. Parse reads the result back when
// the code is in the table.
func (a Amount) Format() string {
	s := FormatMinor(a.Minor, exponentOf(a.Currency), true)
	if a.Currency == "" {
		return s
	}
	return s + " " + a.Currency
}

// FormatMinor writes minor units with exponent digits after the decimal
// point, and with commas between groups of three integer digits when
// thousands is set. It is the one place that turns minor units into text, so
// String and Format cannot disagree. It works on the unsigned magnitude so
// that math.MinInt64, whose negation does not fit in an int64, is written
// correctly. A negative exponent is taken as 0.
func FormatMinor(minor int64, exponent int, thousands bool) string {
	if exponent < 0 {
		exponent = 0
	}
	mag := uint64(minor)
	if minor < 0 {
		mag = -mag // two's complement: right even for math.MinInt64
	}
	digits := strconv.FormatUint(mag, 10)
	if len(digits) <= exponent {
		digits = strings.Repeat("0", exponent+1-len(digits)) + digits
	}
	whole, frac := digits[:len(digits)-exponent], digits[len(digits)-exponent:]

	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3 + 2)
	if minor < 0 {
		b.WriteByte('-')
	}
	if thousands {
		first := len(whole) % 3
		if first == 0 {
			first = 3
		}
		b.WriteString(whole[:first])
		for i := first; i < len(whole); i += 3 {
			b.WriteByte(',')
			b.WriteString(whole[i : i+3])
		}
	} else {
		b.WriteString(whole)
	}
	if exponent > 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Add returns a+b. Amounts of different currencies cannot be added: that
// gives an error wrapping ErrCurrencyMismatch, as there is no exchange rate
// here, and that includes a zero Amount{} with no code, so start a running
// sum from a zero of the right currency or use Totals. A sum beyond the int64 range gives an error wrapping ErrOverflow
// instead of wrapping around to a wrong balance.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, fmt.Errorf("money: add %s to %s: %w", b.Format(), a.Format(), ErrCurrencyMismatch)
	}
	s, ok := add64(a.Minor, b.Minor)
	if !ok {
		return Amount{}, fmt.Errorf("money: add %s to %s: %w", b.Format(), a.Format(), ErrOverflow)
	}
	return Amount{Minor: s, Currency: a.Currency}, nil
}

// Sub returns a-b, with the same errors as Add: ErrCurrencyMismatch when the
// currencies differ and ErrOverflow when the result leaves the int64 range.
func (a Amount) Sub(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, fmt.Errorf("money: subtract %s from %s: %w", b.Format(), a.Format(), ErrCurrencyMismatch)
	}
	d, ok := sub64(a.Minor, b.Minor)
	if !ok {
		return Amount{}, fmt.Errorf("money: subtract %s from %s: %w", b.Format(), a.Format(), ErrOverflow)
	}
	return Amount{Minor: d, Currency: a.Currency}, nil
}

// Neg returns -a. It returns an error wrapping ErrOverflow for
// math.MinInt64 minor units, the one value whose negation does not fit in an
// int64; that is why Neg has an error at all.
func (a Amount) Neg() (Amount, error) {
	if a.Minor == math.MinInt64 {
		return Amount{}, fmt.Errorf("money: negate %s: %w", a.Format(), ErrOverflow)
	}
	return Amount{Minor: -a.Minor, Currency: a.Currency}, nil
}

// IsZero reports whether a is zero minor units, whatever its currency, since
// nothing owed is the same in every currency.
func (a Amount) IsZero() bool {
	return a.Minor == 0
}

// Sign returns -1, 0 or +1 as a is negative, zero or positive, so callers
// can tell debits from credits without comparing against a zero Amount of
// the right currency.
func (a Amount) Sign() int {
	switch {
	case a.Minor < 0:
		return -1
	case a.Minor > 0:
		return 1
	}
	return 0
}

// Totals holds one running total in minor units per currency code. It exists
// because a list of transactions often mixes currencies and a single Amount
// sum would have to fail or, worse, mix them; Totals keeps each apart. Make
// one with Totals{} or Sum: like any map, a nil Totals cannot be added to.
type Totals map[string]int64

// Add adds a to the total of its currency. On overflow it returns an error
// wrapping ErrOverflow and leaves the total as it was, so a caller can
// report the failure without the totals being half-updated.
func (t Totals) Add(a Amount) error {
	s, ok := add64(t[a.Currency], a.Minor)
	if !ok {
		return fmt.Errorf("money: total %s plus %s: %w", FormatMinor(t[a.Currency], exponentOf(a.Currency), true), a.Format(), ErrOverflow)
	}
	t[a.Currency] = s
	return nil
}

// Amounts returns the totals as Amounts sorted by currency code, a stable
// order for showing them to a person or writing them out.
func (t Totals) Amounts() []Amount {
	out := make([]Amount, 0, len(t))
	for code, minor := range t {
		out = append(out, Amount{Minor: minor, Currency: code})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}

// Sum totals amounts per currency code without ever mixing two currencies.
// It stops at the first overflow, returning an error wrapping ErrOverflow
// and no totals, because a partial sum would look like a real one.
func Sum(amounts []Amount) (Totals, error) {
	t := Totals{}
	for _, a := range amounts {
		if err := t.Add(a); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// add64 returns a+b and whether it fit in an int64. Two's complement
// overflow happens exactly when both operands have the same sign and the
// result's sign differs.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, true
}

// sub64 returns a-b and whether it fit in an int64: overflow happens when
// the operands have different signs and the result's sign differs from a's.
func sub64(a, b int64) (int64, bool) {
	d := a - b
	if (a >= 0) != (b >= 0) && (d >= 0) != (a >= 0) {
		return 0, false
	}
	return d, true
}

// PercentChange is the change from from to to in whole percent of from,
// rounded half away from zero, in integer arithmetic (no float can make
// 12.5% into 12); ok is false when from is zero.
func PercentChange(from, to int64) (pct int64, ok bool) {
	if from == 0 {
		return 0, false
	}
	num := (to - from) * 100
	den := from
	if den < 0 {
		num, den = -num, -den
	}
	q := num / den
	r := num % den
	if r < 0 {
		r = -r
	}
	if 2*r >= den {
		if num < 0 {
			q--
		} else {
			q++
		}
	}
	return q, true
}
