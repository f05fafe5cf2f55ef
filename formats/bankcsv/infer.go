package bankcsv

import (
	"fmt"
	"strings"
	"unicode"

	"penny/money"
)

// colKind is what a column's values look like when there is no header to
// say.
type colKind uint8

const (
	kindEmpty colKind = iota
	kindDate
	kindMoney  // amounts: decimals or a currency symbol
	kindNumber // integers: ids, check numbers, card suffixes
	kindFlag   // debit/credit words
	kindCode   // currency codes
	kindIBAN
	kindWord // a few distinct single upper-case words: a type code
	kindText
)

type colProfile struct {
	kind     colKind
	nonEmpty int
	constant bool
	signed   bool
	avgLen   int
}

// inferSample is how many rows a headerless file is profiled on.
const inferSample = 500

func profile(recs []record, c int) colProfile {
	var p colProfile
	dates, money, frac, nums, flags, codes, ibans, words, signed, letters, total := 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	distinct := map[string]bool{}
	for k, r := range recs {
		if k >= inferSample {
			break
		}
		v := strings.TrimSpace(r.get(c))
		if v == "" {
			continue
		}
		p.nonEmpty++
		total += len(v)
		if len(distinct) <= 64 {
			distinct[v] = true
		}
		if looksLikeDate(v) {
			dates++
		}
		if ok, f := moneyShape(v); ok {
			money++
			if f {
				frac++
			}
			if splitAmount(v).signed {
				signed++
			}
		}
		if _, ok := atoi(strings.TrimLeft(v, "0")); ok || strings.Trim(v, "0") == "" {
			nums++
		}
		if direction(v) != 0 && !isDigit(v[0]) && v != "-" && v != "+" {
			flags++
		}
		if len(v) == 3 && isCode(v) {
			codes++
		}
		if ibanLike(v) {
			ibans++
		}
		if isWord(v) {
			words++
		}
		for _, r := range v {
			if unicode.IsLetter(r) {
				letters++
				break
			}
		}
	}
	n := p.nonEmpty
	if n == 0 {
		return p
	}
	p.constant = len(distinct) == 1
	p.signed = signed > 0
	p.avgLen = total / n
	switch {
	case dates*10 >= n*9:
		p.kind = kindDate
	case money == n && frac*2 >= n:
		p.kind = kindMoney
	case money == n || nums == n:
		p.kind = kindNumber
	case flags == n:
		p.kind = kindFlag
	case codes == n:
		p.kind = kindCode
	case ibans == n:
		p.kind = kindIBAN
	case words == n && len(distinct) <= max(3, n/3):
		p.kind = kindWord
	case letters > 0:
		p.kind = kindText
	default:
		p.kind = kindNumber
	}
	return p
}

// isWord reports a single upper-case token such as DEBIT, ATM or
// CARD_PAYMENT: the shape of a bank's type codes.
func isWord(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return false
		}
	}
	return len(v) >= 2
}

// inferLayout maps the columns of a file without a header from what their
// values look like: the first date column is the booking date (a second
// one that is never later is the transaction date), money columns are the
// amount, a debit/credit pair, and a running balance, the first varying
// text column is the payee and the others memo text.
func inferLayout(recs []record, width int) (*layout, error) {
	l := newLayout(width)
	if asn := matchASN(recs, width); asn != nil {
		return asn, nil
	}
	profiles := make([]colProfile, width)
	var dates, money, text []int
	for c := 0; c < width; c++ {
		p := profile(recs, c)
		profiles[c] = p
		switch p.kind {
		case kindDate:
			dates = append(dates, c)
		case kindMoney:
			money = append(money, c)
		case kindFlag:
			if l.col[roleFlag] < 0 {
				l.col[roleFlag] = c
			}
		case kindCode:
			if l.col[roleCurrency] < 0 {
				l.col[roleCurrency] = c
			}
		case kindIBAN:
			if p.constant && l.col[roleAccount] < 0 {
				l.col[roleAccount] = c
			} else if !p.constant && l.col[roleCounter] < 0 {
				l.col[roleCounter] = c
			}
		case kindWord:
			if l.col[roleType] < 0 {
				l.col[roleType] = c
			}
		case kindText:
			if !p.constant {
				text = append(text, c)
			}
		case kindNumber:
			// The same long number on every row is the account's own
			// (ABN AMRO and Austrian banks start each row with it).
			if p.constant && l.col[roleAccount] < 0 && p.nonEmpty == min(len(recs), inferSample) {
				if v := strings.TrimSpace(recs[0].get(c)); accountLike(v) && len(strings.Trim(v, " -./")) >= 6 {
					l.col[roleAccount] = c
				}
			}
		}
	}
	if len(dates) == 0 || len(money) == 0 {
		return nil, fmt.Errorf("no header row, and no column of dates and amounts could be told apart")
	}
	l.col[rolePosted] = dates[0]
	if len(dates) > 1 && neverLater(recs, dates[1], dates[0]) {
		l.col[roleTransacted] = dates[1]
	}
	// An adjacent pair of money columns of which each row fills at most
	// one is a debit/credit pair; a money column after the amount is a
	// running balance.
	pair := -1
	for k := 0; k+1 < len(money); k++ {
		a, b := money[k], money[k+1]
		if b == a+1 && complementary(recs, a, b) {
			pair = k
			break
		}
	}
	before, after, amount, identity := balanceIdentity(recs, money)
	switch {
	case pair >= 0:
		l.col[roleOut], l.col[roleIn] = money[pair], money[pair+1]
		if pair+2 < len(money) {
			l.col[roleBalance] = money[len(money)-1]
		}
	case identity:
		// ABN AMRO's layout: balance before, balance after, amount.
		l.col[roleAmount], l.col[roleBalance] = amount, after
		l.notes = append(l.notes, fmt.Sprintf("column %d plus column %d gives column %d on every row: read as balance before, amount and balance after", before+1, amount+1, after+1))
	default:
		l.col[roleAmount] = money[0]
		if len(money) > 1 {
			l.col[roleBalance] = money[len(money)-1]
		}
	}
	if len(text) > 0 {
		l.col[roleDesc] = text[0]
		l.memo = append(l.memo, text[1:]...)
	}
	l.notes = append(l.notes, "no header row: columns inferred from their values ("+strings.Join(l.columns(), ", ")+")")
	return l, nil
}

// neverLater reports whether date column a is never after column b (in
// the raw text's own order of parts, compared after parsing both the same
// way), which makes a a transaction date for booking date b.
func neverLater(recs []record, a, b int) bool {
	var av, bv []string
	for k, r := range recs {
		if k >= inferSample {
			break
		}
		av = append(av, r.get(a))
		bv = append(bv, r.get(b))
	}
	f, _, ok := detectDateFormat(append(append([]string{}, bv...), av...), dateHints{})
	if !ok {
		return false
	}
	for i := range av {
		x, err1 := f.parse(av[i])
		y, err2 := f.parse(bv[i])
		if err1 != nil || err2 != nil || x.ordinal() > y.ordinal() {
			return false
		}
	}
	return true
}

func complementary(recs []record, a, b int) bool {
	na, nb := 0, 0
	for k, r := range recs {
		if k >= inferSample {
			break
		}
		x, y := strings.TrimSpace(r.get(a)) != "", strings.TrimSpace(r.get(b)) != ""
		if x && y {
			return false
		}
		if x {
			na++
		}
		if y {
			nb++
		}
	}
	return na > 0 && nb > 0
}

// matchASN recognises ASN Bank's headerless 19-column export: booking
// date, own IBAN, counter IBAN, name, address fields, currency, balance
// BEFORE the row, currency, amount, journal date, value date, internal
// code, global code, journal number, reference, description in single
// quotes, statement number.
func matchASN(recs []record, width int) *layout {
	if width != 19 || len(recs) == 0 {
		return nil
	}
	for k, r := range recs {
		if k >= inferSample {
			break
		}
		if len(r.f) != 19 {
			return nil
		}
		t, ok := scanDate(r.f[0])
		if !ok || t.sep != '-' || !ibanLike(r.f[1]) || !isCode(r.f[7]) || !isCode(r.f[9]) {
			return nil
		}
		if ok, _ := moneyShape(r.f[10]); !ok {
			return nil
		}
	}
	l := newLayout(width)
	l.preset, l.institution = "ASN Bank", "ASN Bank"
	names := []string{"boekingsdatum", "opdrachtgeversrekening", "tegenrekeningnummer", "naam tegenrekening", "adres",
		"postcode", "plaats", "valutasoort rekening", "saldo rekening voor mutatie", "valutasoort mutatie", "transactiebedrag",
		"journaaldatum", "valutadatum", "interne transactiecode", "globale transactiecode", "volgnummer transactie",
		"betalingskenmerk", "omschrijving", "afschriftnummer"}
	copy(l.names, names)
	l.col[rolePosted] = 0
	l.col[roleAccount] = 1
	l.col[roleCounter] = 2
	l.col[rolePayee] = 3
	l.col[roleBalance] = 8
	l.col[roleCurrency] = 9
	l.col[roleAmount] = 10
	l.col[roleType] = 14
	l.col[roleDesc] = 17
	l.memo = []int{16}
	l.balanceBefore = true
	l.asnID = true
	l.journal = 15
	l.european = true
	return l
}

// balanceIdentity looks, among three or more money columns, for one that
// is always the sum of two others: a balance after, a balance before and
// the amount. Which of the two addends is the amount is told by which one
// the next row's balance before continues from.
func balanceIdentity(recs []record, cols []int) (before, after, amount int, ok bool) {
	if len(cols) < 3 {
		return 0, 0, 0, false
	}
	n := min(len(recs), inferSample)
	evidence := 0
	for _, r := range recs[:n] {
		for _, c := range cols {
			evidence += decimalEvidence(splitAmount(r.get(c)).num)
		}
	}
	opt := money.ParseOptions{DecimalComma: evidence > 0}
	vals := make([][]int64, len(cols))
	for k, c := range cols {
		vals[k] = make([]int64, n)
		for i, r := range recs[:n] {
			// Four decimals read any statement's amounts; the identity
			// holds in any unit.
			v, err := money.ParseMinor(splitAmount(r.get(c)).num, 4, opt)
			if err != nil {
				return 0, 0, 0, false
			}
			vals[k][i] = v
		}
	}
	for z := range cols {
		for x := range cols {
			for y := x + 1; y < len(cols); y++ {
				if x == z || y == z || !sums(vals[z], vals[x], vals[y]) {
					continue
				}
				// The balance before continues from the previous row's
				// balance after; try x, then y, as the balance before.
				for _, b := range [][2]int{{x, y}, {y, x}} {
					if continues(vals[b[0]], vals[z]) {
						return cols[b[0]], cols[z], cols[b[1]], true
					}
				}
				if n == 1 {
					return cols[x], cols[z], cols[y], true
				}
			}
		}
	}
	return 0, 0, 0, false
}

func sums(z, x, y []int64) bool {
	nonzero := false
	for i := range z {
		if z[i] != x[i]+y[i] {
			return false
		}
		nonzero = nonzero || x[i] != 0 && y[i] != 0
	}
	return nonzero
}

// continues reports whether each row's balance before equals the
// previous row's balance after, in file order or reversed.
func continues(before, after []int64) bool {
	fwd, back := true, true
	for i := 1; i < len(before); i++ {
		fwd = fwd && before[i] == after[i-1]
		back = back && before[i-1] == after[i]
	}
	return len(before) > 1 && (fwd || back)
}
