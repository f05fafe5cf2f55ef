package money

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestLookupFindsExponents(t *testing.T) {
	tests := []struct {
		name string
		code string
		want Currency
	}{
		{"US dollar has cents", "USD", Currency{"USD", 2}},
		{"euro has cents", "EUR", Currency{"EUR", 2}},
		{"yen has no minor unit", "JPY", Currency{"JPY", 0}},
		{"won has no minor unit", "KRW", Currency{"KRW", 0}},
		{"Icelandic króna has no minor unit", "ISK", Currency{"ISK", 0}},
		{"đồng has no minor unit", "VND", Currency{"VND", 0}},
		{"West African CFA franc has no minor unit", "XOF", Currency{"XOF", 0}},
		{"Central African CFA franc has no minor unit", "XAF", Currency{"XAF", 0}},
		{"Chilean peso has no minor unit", "CLP", Currency{"CLP", 0}},
		{"Bahraini dinar has three decimals", "BHD", Currency{"BHD", 3}},
		{"Kuwaiti dinar has three decimals", "KWD", Currency{"KWD", 3}},
		{"Jordanian dinar has three decimals", "JOD", Currency{"JOD", 3}},
		{"Omani rial has three decimals", "OMR", Currency{"OMR", 3}},
		{"Tunisian dinar has three decimals", "TND", Currency{"TND", 3}},
		{"Iraqi dinar has three decimals", "IQD", Currency{"IQD", 3}},
		{"Libyan dinar has three decimals", "LYD", Currency{"LYD", 3}},
		{"Unidad de Fomento has four decimals", "CLF", Currency{"CLF", 4}},
		{"Unidad previsional has four decimals", "UYW", Currency{"UYW", 4}},
		{"lower case is accepted", "gbp", Currency{"GBP", 2}},
		{"mixed case and spaces are accepted", "  cHf\t", Currency{"CHF", 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Lookup(tt.code)
			if err != nil {
				t.Fatalf("Lookup(%q) error: %v", tt.code, err)
			}
			if got != tt.want {
				t.Errorf("Lookup(%q) = %+v, want %+v", tt.code, got, tt.want)
			}
		})
	}
}

func TestLookupRejects(t *testing.T) {
	tests := []struct {
		name string
		code string
	}{
		{"empty code", ""},
		{"two letters", "US"},
		{"four letters", "USDT"},
		{"digits", "840"},
		{"a symbol", "$"},
		{"not in the table", "ZZZ"},
		{"gold has no minor unit", "XAU"},
		{"the no-currency code", "XXX"},
		{"dotless i does not upper-case into IQD", "ıqd"},
		{"long s does not upper-case into USD", "uſd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Lookup(tt.code)
			if !errors.Is(err, ErrUnknownCurrency) {
				t.Fatalf("Lookup(%q) = %+v, %v; want ErrUnknownCurrency", tt.code, got, err)
			}
			if !strings.Contains(err.Error(), "\""+tt.code+"\"") && tt.code == strings.TrimSpace(tt.code) && isASCII(tt.code) {
				t.Errorf("Lookup(%q) error %q does not name the code", tt.code, err)
			}
		})
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestTableHoldsOnlyWellFormedCodes(t *testing.T) {
	if len(exponents) < 150 {
		t.Errorf("table has %d codes, want the whole ISO 4217 list", len(exponents))
	}
	for code, exp := range exponents {
		if norm, ok := normCode(code); !ok || norm != code {
			t.Errorf("code %q is not three upper-case letters", code)
		}
		if exp < 0 || exp > 4 {
			t.Errorf("code %s has exponent %d", code, exp)
		}
	}
}

func TestMustLookupPanicsOnUnknownCode(t *testing.T) {
	if got := MustLookup("usd"); got != (Currency{"USD", 2}) {
		t.Errorf("MustLookup(usd) = %+v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustLookup(ZZZ) did not panic")
		}
	}()
	MustLookup("ZZZ")
}

func TestNewNormalizesTheCode(t *testing.T) {
	tests := []struct {
		name string
		code string
		want string
	}{
		{"canonical code is kept", "USD", "USD"},
		{"lower case is upper-cased", "eur", "EUR"},
		{"spaces are trimmed", " jpy ", "JPY"},
		{"a malformed code is kept, trimmed", " dollars ", "dollars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(5, tt.code); got != (Amount{5, tt.want}) {
				t.Errorf("New(5, %q) = %+v, want currency %q", tt.code, got, tt.want)
			}
		})
	}
}

func TestStringAndFormat(t *testing.T) {
	tests := []struct {
		name       string
		a          Amount
		wantString string
		wantFormat string
	}{
		{"negative cents", New(-615, "USD"), "-6.15", "-6.15 USD"},
		{"thousands of dollars", New(4669104, "USD"), "46691.04", "46,691.04 USD"},
		{"zero dollars", New(0, "USD"), "0.00", "0.00 USD"},
		{"one cent", New(1, "USD"), "0.01", "0.01 USD"},
		{"minus one cent", New(-1, "EUR"), "-0.01", "-0.01 EUR"},
		{"exactly a thousand euros", New(100000, "EUR"), "1000.00", "1,000.00 EUR"},
		{"a million euros", New(100000000, "EUR"), "1000000.00", "1,000,000.00 EUR"},
		{"yen without a point", New(1500, "JPY"), "1500", "1,500 JPY"},
		{"negative yen", New(-1234567, "JPY"), "-1234567", "-1,234,567 JPY"},
		{"small yen", New(7, "JPY"), "7", "7 JPY"},
		{"Bahraini dinar with three decimals", New(1234, "BHD"), "1.234", "1.234 BHD"},
		{"one fils", New(1, "BHD"), "0.001", "0.001 BHD"},
		{"Unidad de Fomento with four decimals", New(394856543, "CLF"), "39485.6543", "39,485.6543 CLF"},
		{"unknown code is written with two decimals", Amount{12345, "ZZZ"}, "123.45", "123.45 ZZZ"},
		{"lower-case code still finds its exponent", Amount{1500, "jpy"}, "1500", "1,500 jpy"},
		{"zero value has no code", Amount{}, "0.00", "0.00"},
		{"largest int64", New(math.MaxInt64, "USD"), "92233720368547758.07", "92,233,720,368,547,758.07 USD"},
		{"smallest int64", New(math.MinInt64, "USD"), "-92233720368547758.08", "-92,233,720,368,547,758.08 USD"},
		{"smallest int64 yen", New(math.MinInt64, "JPY"), "-9223372036854775808", "-9,223,372,036,854,775,808 JPY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.String(); got != tt.wantString {
				t.Errorf("%+v.String() = %q, want %q", tt.a, got, tt.wantString)
			}
			if got := tt.a.Decimal(); got != tt.wantString {
				t.Errorf("%+v.Decimal() = %q, want %q", tt.a, got, tt.wantString)
			}
			if got := tt.a.Format(); got != tt.wantFormat {
				t.Errorf("%+v.Format() = %q, want %q", tt.a, got, tt.wantFormat)
			}
		})
	}
}

func TestFormatMinor(t *testing.T) {
	tests := []struct {
		name      string
		minor     int64
		exp       int
		thousands bool
		want      string
	}{
		{"no exponent", 42, 0, false, "42"},
		{"exponent one", -5, 1, false, "-0.5"},
		{"exponent longer than the digits", 7, 4, false, "0.0007"},
		{"groups of three", 123456789, 0, true, "123,456,789"},
		{"first group short", 1234567, 2, true, "12,345.67"},
		{"no grouping below a thousand", 99999, 2, true, "999.99"},
		{"negative exponent is taken as zero", 12, -3, false, "12"},
		{"exponent beyond int64 digits", 1, 20, false, "0.00000000000000000001"},
		{"smallest int64 grouped", math.MinInt64, 0, true, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatMinor(tt.minor, tt.exp, tt.thousands); got != tt.want {
				t.Errorf("FormatMinor(%d, %d, %v) = %q, want %q", tt.minor, tt.exp, tt.thousands, got, tt.want)
			}
		})
	}
}

func TestAddAndSub(t *testing.T) {
	tests := []struct {
		name    string
		a, b    Amount
		sum     Amount
		diff    Amount
		sumErr  error
		diffErr error
	}{
		{"cents add exactly", New(10, "USD"), New(20, "USD"), New(30, "USD"), New(-10, "USD"), nil, nil},
		{"a debit and a credit", New(-615, "EUR"), New(615, "EUR"), New(0, "EUR"), New(-1230, "EUR"), nil, nil},
		{"different currencies never mix", New(1, "USD"), New(1, "EUR"), Amount{}, Amount{}, ErrCurrencyMismatch, ErrCurrencyMismatch},
		{"zero of another currency still does not mix", New(0, "USD"), New(0, "JPY"), Amount{}, Amount{}, ErrCurrencyMismatch, ErrCurrencyMismatch},
		{"one past the top", New(math.MaxInt64, "USD"), New(1, "USD"), Amount{}, New(math.MaxInt64-1, "USD"), ErrOverflow, nil},
		{"one past the bottom", New(math.MinInt64, "USD"), New(-1, "USD"), Amount{}, New(math.MinInt64+1, "USD"), ErrOverflow, nil},
		{"subtracting the bottom overflows", New(0, "USD"), New(math.MinInt64, "USD"), New(math.MinInt64, "USD"), Amount{}, nil, ErrOverflow},
		{"top minus bottom overflows", New(math.MaxInt64, "USD"), New(math.MinInt64, "USD"), New(-1, "USD"), Amount{}, nil, ErrOverflow},
		{"bottom minus top overflows", New(math.MinInt64, "USD"), New(math.MaxInt64, "USD"), New(-1, "USD"), Amount{}, nil, ErrOverflow},
		{"top plus bottom is exact", New(math.MaxInt64, "JPY"), New(math.MinInt64, "JPY"), New(-1, "JPY"), Amount{}, nil, ErrOverflow},
		{"minus one minus the bottom is the top", New(-1, "JPY"), New(math.MinInt64, "JPY"), Amount{}, New(math.MaxInt64, "JPY"), ErrOverflow, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := tt.a.Add(tt.b)
			if !errors.Is(err, tt.sumErr) || (tt.sumErr == nil) != (err == nil) {
				t.Errorf("%+v.Add(%+v) error %v, want %v", tt.a, tt.b, err, tt.sumErr)
			} else if sum != tt.sum {
				t.Errorf("%+v.Add(%+v) = %+v, want %+v", tt.a, tt.b, sum, tt.sum)
			}
			diff, err := tt.a.Sub(tt.b)
			if !errors.Is(err, tt.diffErr) || (tt.diffErr == nil) != (err == nil) {
				t.Errorf("%+v.Sub(%+v) error %v, want %v", tt.a, tt.b, err, tt.diffErr)
			} else if diff != tt.diff {
				t.Errorf("%+v.Sub(%+v) = %+v, want %+v", tt.a, tt.b, diff, tt.diff)
			}
		})
	}
}

func TestAddErrorNamesBothAmounts(t *testing.T) {
	_, err := New(100, "USD").Add(New(250, "EUR"))
	if want := "money: add 2.50 EUR to 1.00 USD: currencies differ"; err == nil || err.Error() != want {
		t.Errorf("Add error %v, want %s", err, want)
	}
}

func TestNegSignIsZero(t *testing.T) {
	tests := []struct {
		name   string
		a      Amount
		neg    Amount
		negErr error
		sign   int
		isZero bool
	}{
		{"positive", New(615, "USD"), New(-615, "USD"), nil, 1, false},
		{"negative", New(-615, "USD"), New(615, "USD"), nil, -1, false},
		{"zero", New(0, "JPY"), New(0, "JPY"), nil, 0, true},
		{"largest int64", New(math.MaxInt64, "USD"), New(-math.MaxInt64, "USD"), nil, 1, false},
		{"smallest int64 cannot be negated", New(math.MinInt64, "USD"), Amount{}, ErrOverflow, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			neg, err := tt.a.Neg()
			if !errors.Is(err, tt.negErr) || (tt.negErr == nil) != (err == nil) {
				t.Errorf("%+v.Neg() error %v, want %v", tt.a, err, tt.negErr)
			} else if neg != tt.neg {
				t.Errorf("%+v.Neg() = %+v, want %+v", tt.a, neg, tt.neg)
			}
			if got := tt.a.Sign(); got != tt.sign {
				t.Errorf("%+v.Sign() = %d, want %d", tt.a, got, tt.sign)
			}
			if got := tt.a.IsZero(); got != tt.isZero {
				t.Errorf("%+v.IsZero() = %v, want %v", tt.a, got, tt.isZero)
			}
		})
	}
}

func TestTotalsKeepCurrenciesApart(t *testing.T) {
	tests := []struct {
		name    string
		amounts []Amount
		want    Totals
		wantErr error
	}{
		{"no amounts", nil, Totals{}, nil},
		{"one currency", []Amount{New(100, "USD"), New(-25, "USD")}, Totals{"USD": 75}, nil},
		{
			"three currencies interleaved",
			[]Amount{New(100, "USD"), New(1500, "JPY"), New(-615, "EUR"), New(1, "USD"), New(-500, "JPY")},
			Totals{"USD": 101, "JPY": 1000, "EUR": -615},
			nil,
		},
		{"a total that comes back to zero is kept", []Amount{New(5, "EUR"), New(-5, "EUR")}, Totals{"EUR": 0}, nil},
		{"a large total in one currency does not spill into another", []Amount{New(math.MaxInt64, "USD"), New(math.MaxInt64, "JPY")}, Totals{"USD": math.MaxInt64, "JPY": math.MaxInt64}, nil},
		{"overflow in one currency", []Amount{New(math.MaxInt64, "USD"), New(1, "USD")}, nil, ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sum(tt.amounts)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Sum error %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sum = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTotalsAddLeavesTheTotalOnOverflow(t *testing.T) {
	tot := Totals{}
	if err := tot.Add(New(math.MinInt64, "USD")); err != nil {
		t.Fatal(err)
	}
	if err := tot.Add(New(-1, "USD")); !errors.Is(err, ErrOverflow) {
		t.Fatalf("Add past the bottom: error %v, want ErrOverflow", err)
	}
	if tot["USD"] != math.MinInt64 {
		t.Errorf("total changed to %d after a failed Add", tot["USD"])
	}
}

func TestTotalsAmountsAreSortedByCode(t *testing.T) {
	tot := Totals{"USD": 1, "EUR": 2, "JPY": 3}
	want := []Amount{New(2, "EUR"), New(3, "JPY"), New(1, "USD")}
	if got := tot.Amounts(); !reflect.DeepEqual(got, want) {
		t.Errorf("Amounts() = %v, want %v", got, want)
	}
}

// FuzzParseFormat checks that any int64 written with FormatMinor, or as an
// Amount through String and Format, reads back as the same minor units, for
// every exponent ISO 4217 uses.
func FuzzParseFormat(f *testing.F) {
	for _, m := range []int64{0, 1, -1, 615, -615, 4669104, 1500, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		for e := uint8(0); e <= 4; e++ {
			f.Add(m, e)
		}
	}
	codes := map[int]string{0: "JPY", 2: "USD", 3: "BHD", 4: "CLF"} // no ISO currency has exponent 1
	f.Fuzz(func(t *testing.T, minor int64, e uint8) {
		exp := int(e % 5)
		for _, thousands := range []bool{false, true} {
			s := FormatMinor(minor, exp, thousands)
			got, err := ParseMinor(s, exp, ParseOptions{})
			if err != nil || got != minor {
				t.Fatalf("FormatMinor(%d, %d, %v) = %q, ParseMinor gives %d, %v", minor, exp, thousands, s, got, err)
			}
		}
		code, ok := codes[exp]
		if !ok {
			return
		}
		a := New(minor, code)
		for _, s := range []string{a.String(), a.Format()} {
			b, err := Parse(s, code, ParseOptions{})
			if err != nil || b != a {
				t.Fatalf("%+v written %q reads back as %+v, %v", a, s, b, err)
			}
		}
	})
}

func TestPercentChangeRoundsHalfAwayFromZero(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to, want int64
	}{
		{1549, 1799, 16}, {200, 225, 13}, {200, 224, 12}, {200, 175, -13}, {200, 176, -12},
		{-200, -225, 13}, {100, 100, 0}, {1, 3, 200},
	} {
		if got, ok := PercentChange(c.from, c.to); !ok || got != c.want {
			t.Errorf("PercentChange(%d, %d) = %d %v, want %d", c.from, c.to, got, ok, c.want)
		}
	}
	if _, ok := PercentChange(0, 5); ok {
		t.Error("a change from zero has a percent")
	}
}
