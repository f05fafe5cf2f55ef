package money

import (
	"errors"
	"math"
	"strings"
	"testing"
)

var (
	dot   = ParseOptions{}
	comma = ParseOptions{DecimalComma: true}
)

func TestParseMinorAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		exp  int
		opt  ParseOptions
		want int64
	}{
		{"plain decimal", "12.34", 2, dot, 1234},
		{"comma thousands with dot decimal", "1,234.56", 2, dot, 123456},
		{"several comma groups", "1,234,567.89", 2, dot, 123456789},
		{"comma thousands without a fraction", "1,234", 2, dot, 123400},
		{"negative with one fraction digit", "-12.5", 2, dot, -1250},
		{"trailing decimal point", "12.", 2, dot, 1200},
		{"leading decimal point", ".5", 2, dot, 50},
		{"negative leading decimal point", "-.5", 2, dot, -50},
		{"accounting parentheses are negative", "(12.00)", 2, dot, -1200},
		{"spaces inside parentheses", "( 1,234.56 )", 2, dot, -123456},
		{"zero-padded with a plus sign", "+00000000000115.83", 2, dot, 11583},
		{"negative zero is zero", "-0.00", 2, dot, 0},
		{"plain zero", "0", 2, dot, 0},
		{"surrounding spaces and tabs", " \t 46691.04 \n", 2, dot, 4669104},
		{"surrounding no-break spaces", "\u00a012.00\u00a0", 2, dot, 1200},
		{"trailing minus", "12.00-", 2, dot, -1200},
		{"trailing minus after a space", "12.00 -", 2, dot, -1200},
		{"space after a leading minus", "- 12.00", 2, dot, -1200},
		{"unicode minus sign", "−6.15", 2, dot, -615},
		{"integer only", "1500", 0, dot, 1500},
		{"zero fraction digits on a zero-exponent currency", "1500.00", 0, dot, 1500},
		{"extra zero fraction digits are exact", "1.500", 2, dot, 150},
		{"many extra zero fraction digits", "1.50000000000000000000000", 2, dot, 150},
		{"three-decimal currency", "1.234", 3, dot, 1234},
		{"four-decimal currency", "39,485.6543", 4, dot, 394856543},
		{"space thousands with dot decimal", "82 604.01", 2, dot, 8260401},
		{"apostrophe thousands (Swiss)", "1'234'567.50", 2, dot, 123456750},
		{"right single quote thousands", "1’234.50", 2, dot, 123450},
		{"Indian lakh grouping", "12,34,567.89", 2, dot, 123456789},
		{"Indian lakh grouping with a one-digit head", "1,00,000", 2, dot, 10000000},

		{"decimal comma with dot thousands", "1.234,56", 2, comma, 123456},
		{"decimal comma with space thousands", "82 604,01", 2, comma, 8260401},
		{"decimal comma with no-break space thousands", "82\u00a0604,01", 2, comma, 8260401},
		{"decimal comma with narrow no-break space thousands", "82\u202f604,01", 2, comma, 8260401},
		{"decimal comma with apostrophe thousands", "82'604,01", 2, comma, 8260401},
		{"decimal comma with nothing after it", "9,", 2, comma, 900},
		{"decimal comma with nothing before it", ",5", 2, comma, 50},
		{"decimal comma negative", "-1.234,5", 2, comma, -123450},
		{"decimal comma trailing minus", "1.234,56-", 2, comma, -123456},
		{"dot thousands without a fraction", "1.234", 2, comma, 123400},
		{"decimal comma with parentheses", "(0,01)", 2, comma, -1},

		{"largest int64 with exponent 0", "9223372036854775807", 0, dot, math.MaxInt64},
		{"smallest int64 with exponent 0", "-9223372036854775808", 0, dot, math.MinInt64},
		{"largest int64 in cents", "92233720368547758.07", 2, dot, math.MaxInt64},
		{"smallest int64 in cents", "-92,233,720,368,547,758.08", 2, dot, math.MinInt64},
		{"smallest int64 in parentheses", "(92233720368547758.08)", 2, dot, math.MinInt64},
		{"very long zero padding does not overflow", strings.Repeat("0", 500) + "1", 2, dot, 100},
		{"zero with a huge exponent", "0.0", 1000, dot, 0},
		{"one unit at exponent 25", "0.0000000000000000000000001", 25, dot, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMinor(tt.in, tt.exp, tt.opt)
			if err != nil {
				t.Fatalf("ParseMinor(%q, %d, %+v) error: %v", tt.in, tt.exp, tt.opt, err)
			}
			if got != tt.want {
				t.Errorf("ParseMinor(%q, %d, %+v) = %d, want %d", tt.in, tt.exp, tt.opt, got, tt.want)
			}
		})
	}
}

func TestParseMinorRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		exp  int
		opt  ParseOptions
		want error
	}{
		{"empty string", "", 2, dot, ErrSyntax},
		{"only spaces", "   ", 2, dot, ErrSyntax},
		{"a lone minus", "-", 2, dot, ErrSyntax},
		{"a lone plus", "+", 2, dot, ErrSyntax},
		{"a lone point", ".", 2, dot, ErrSyntax},
		{"a lone comma with the decimal comma hint", ",", 2, comma, ErrSyntax},
		{"empty parentheses", "()", 2, dot, ErrSyntax},
		{"letters", "abc", 2, dot, ErrSyntax},
		{"two decimal points", "1.2.3", 2, dot, ErrSyntax},
		{"two decimal commas", "1,2,3", 2, comma, ErrSyntax},
		{"doubled thousands separator", "1,,234", 2, dot, ErrSyntax},
		{"doubled comma between short groups", "1,,2", 2, dot, ErrSyntax},
		{"leading thousands separator", ",123", 2, dot, ErrSyntax},
		{"trailing thousands separator", "123,", 2, dot, ErrSyntax},
		{"thousands separator before the point", "1,234,.5", 2, dot, ErrSyntax},
		{"thousands separator in the fraction", "1.234,5", 2, dot, ErrSyntax},
		{"ambiguous comma with two digits and no hint", "12,50", 2, dot, ErrSyntax},
		{"ambiguous comma with one digit and no hint", "12,5", 2, dot, ErrSyntax},
		{"thousands group of four", "1,2345", 2, dot, ErrSyntax},
		{"first group of four", "1234,567", 2, dot, ErrSyntax},
		{"mixed thousands separators", "1,234 567", 2, dot, ErrSyntax},
		{"dot group of two with the comma hint", "12.5", 2, comma, ErrSyntax},
		{"US notation with the comma hint", "1,234.56", 2, comma, ErrSyntax},
		{"lakh grouping with dots", "1.23.456", 2, comma, ErrSyntax},
		{"doubled minus", "--1", 2, dot, ErrSyntax},
		{"plus and minus", "+-1", 2, dot, ErrSyntax},
		{"leading and trailing minus", "-1-", 2, dot, ErrSyntax},
		{"minus and parentheses", "-(1)", 2, dot, ErrSyntax},
		{"minus inside parentheses", "(-1)", 2, dot, ErrSyntax},
		{"unclosed parenthesis", "(12.00", 2, dot, ErrSyntax},
		{"scientific notation", "1e5", 2, dot, ErrSyntax},
		{"NaN", "NaN", 2, dot, ErrSyntax},
		{"infinity", "Inf", 2, dot, ErrSyntax},
		{"hexadecimal", "0x10", 2, dot, ErrSyntax},
		{"underscore digit separator", "1_000", 2, dot, ErrSyntax},
		{"Arabic-Indic digits", "١٢", 2, dot, ErrSyntax},
		{"full-width digits", "１２", 2, dot, ErrSyntax},
		{"dollar sign", "$12.00", 2, dot, ErrSyntax},
		{"euro sign", "12,00 €", 2, comma, ErrSyntax},
		{"two numbers", "1 2", 2, dot, ErrSyntax},
		{"double space as thousands separator", "1  234", 2, dot, ErrSyntax},
		{"invalid UTF-8", "1\xff2", 2, dot, ErrSyntax},
		{"currency code without Parse", "12.00 USD", 2, dot, ErrSyntax},
		{"non-zero digit beyond the exponent", "1.005", 2, dot, ErrSyntax},
		{"fraction on a zero-exponent currency", "1500.5", 0, dot, ErrSyntax},
		{"non-zero digit far beyond the exponent", "1.0000000001", 4, dot, ErrSyntax},

		{"one past int64 with exponent 0", "9223372036854775808", 0, dot, ErrOverflow},
		{"one below int64 with exponent 0", "-9223372036854775809", 0, dot, ErrOverflow},
		{"one cent past int64", "92233720368547758.08", 2, dot, ErrOverflow},
		{"one cent below int64", "-92233720368547758.09", 2, dot, ErrOverflow},
		{"twenty digits", "99999999999999999999", 0, dot, ErrOverflow},
		{"overflow only from the exponent padding", "922337203685477581", 1, dot, ErrOverflow},
		{"one unit with a huge exponent", "1", 1000, dot, ErrOverflow},
		{"syntax is reported before overflow", "99999999999999999999.9.9", 2, dot, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMinor(tt.in, tt.exp, tt.opt)
			if err == nil {
				t.Fatalf("ParseMinor(%q, %d, %+v) = %d, want error %v", tt.in, tt.exp, tt.opt, got, tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("ParseMinor(%q) error %v, want one wrapping %v", tt.in, err, tt.want)
			}
			if !strings.Contains(err.Error(), "money: parse ") {
				t.Errorf("ParseMinor(%q) error %q does not say it is a parse error", tt.in, err)
			}
		})
	}
}

func TestParseErrorMessagesQuoteTheInput(t *testing.T) {
	tests := []struct {
		name string
		in   string
		exp  int
		want string
	}{
		{"syntax error", "1.2.3", 2, `money: parse "1.2.3": not an amount`},
		{"overflow", "9223372036854775808", 0, `money: parse "9223372036854775808": amount out of range`},
		{"too many decimal places", "1.005", 2, `money: parse "1.005": not an amount: more than 2 decimal places`},
		{"bad grouping names the separator", "12,5", 2, `money: parse "12,5": not an amount: ',' must separate groups of three digits`},
		{"long input is cut", strings.Repeat("x", 100), 2, `money: parse "` + strings.Repeat("x", 64) + `"...: not an amount`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMinor(tt.in, tt.exp, dot)
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseMinor(%q) error %v, want %s", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseMinorRefusesANegativeExponent(t *testing.T) {
	if _, err := ParseMinor("1", -1, dot); err == nil {
		t.Fatal("ParseMinor with exponent -1 succeeded")
	}
}

func TestParseUsesTheCurrencyExponent(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code string
		opt  ParseOptions
		want Amount
	}{
		{"US dollars in cents", "1,234.56", "USD", dot, Amount{123456, "USD"}},
		{"yen have no minor unit", "1,500", "JPY", dot, Amount{1500, "JPY"}},
		{"won have no minor unit", "-25000", "KRW", dot, Amount{-25000, "KRW"}},
		{"Bahraini dinar have three decimals", "1.234", "BHD", dot, Amount{1234, "BHD"}},
		{"Kuwaiti dinar with a short fraction", "0.5", "KWD", dot, Amount{500, "KWD"}},
		{"Unidad de Fomento has four decimals", "39485.6543", "CLF", dot, Amount{394856543, "CLF"}},
		{"euros with a decimal comma", "1.234,56", "EUR", comma, Amount{123456, "EUR"}},
		{"the code is case-insensitive and trimmed", "12.00", " usd ", dot, Amount{1200, "USD"}},
		{"own code after the number", "46,691.04 USD", "USD", dot, Amount{4669104, "USD"}},
		{"own code before the number", "USD -6.15", "USD", dot, Amount{-615, "USD"}},
		{"own code in lower case without a space", "12.00usd", "USD", dot, Amount{1200, "USD"}},
		{"own code after accounting parentheses", "(1,500) JPY", "JPY", dot, Amount{-1500, "JPY"}},
		{"own code after a decimal comma", "82 604,01 EUR", "EUR", comma, Amount{8260401, "EUR"}},
		{"own code after a trailing minus", "6.15- USD", "USD", dot, Amount{-615, "USD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in, tt.code, tt.opt)
			if err != nil {
				t.Fatalf("Parse(%q, %q) error: %v", tt.in, tt.code, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q, %q) = %+v, want %+v", tt.in, tt.code, got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code string
		want error
	}{
		{"unknown currency", "12.00", "ZZZ", ErrUnknownCurrency},
		{"malformed currency", "12.00", "US", ErrUnknownCurrency},
		{"a fraction of a yen", "1.5", "JPY", ErrSyntax},
		{"a tenth of a fils", "1.2345", "BHD", ErrSyntax},
		{"a different known code after the number", "12.00 EUR", "USD", ErrCurrencyMismatch},
		{"a different known code before the number", "EUR 12.00", "USD", ErrCurrencyMismatch},
		{"an unknown code after the number", "12.00 ABC", "USD", ErrSyntax},
		{"a code alone", "USD", "USD", ErrSyntax},
		{"another code alone", "EUR", "USD", ErrSyntax},
		{"a code on both sides", "USD 12.00 USD", "USD", ErrSyntax},
		{"four letters", "12.00 USDX", "USD", ErrSyntax},
		{"NaN looks like a code", "NaN", "USD", ErrSyntax},
		{"one cent past int64", "92233720368547758.08", "USD", ErrOverflow},
		{"dollar sign", "$12.00", "USD", ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in, tt.code, dot)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q, %q) = %+v, %v; want error wrapping %v", tt.in, tt.code, got, err, tt.want)
			}
		})
	}
}

// FuzzParse checks that Parse never panics, and that whatever it accepts
// writes out and reads back to the same minor units, through both String
// and Format.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"1,234.56", "-12.5", "12.", ".5", "(12.00)", "+00000000000115.83",
		"-0.00", " 7 ", "1.234,56", "82 604,01", "82\u00a0604,01", "9,",
		"12.00-", "12,5", "1.005", "1.500", "1.2.3", "1,,2", "--1", "1e5",
		"NaN", "١٢", "9223372036854775808", "92233720368547758.08",
		"46,691.04 USD", "USD 12", "12,34,567.89", "(1'234.50)", "−6.15",
	}
	for i, s := range seeds {
		f.Add(s, i%2 == 0, uint8(i))
	}
	codes := []string{"USD", "JPY", "BHD", "CLF", "EUR"}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool, pick uint8) {
		code := codes[int(pick)%len(codes)]
		a, err := Parse(s, code, ParseOptions{DecimalComma: decimalComma})
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrOverflow) && !errors.Is(err, ErrCurrencyMismatch) {
				t.Fatalf("Parse(%q, %q) error %v wraps no sentinel", s, code, err)
			}
			return
		}
		if a.Currency != code {
			t.Fatalf("Parse(%q, %q) currency %q", s, code, a.Currency)
		}
		m, err := ParseMinor(s, MustLookup(code).Exponent, ParseOptions{DecimalComma: decimalComma})
		if err == nil && m != a.Minor {
			t.Fatalf("Parse(%q) = %d but ParseMinor = %d", s, a.Minor, m)
		}
		for _, out := range []string{a.String(), a.Format()} {
			b, err := Parse(out, code, dot)
			if err != nil {
				t.Fatalf("Parse(%q) = %d, written %q, which does not parse: %v", s, a.Minor, out, err)
			}
			if b != a {
				t.Fatalf("Parse(%q) = %+v, written %q, reads back as %+v", s, a, out, b)
			}
		}
	})
}
