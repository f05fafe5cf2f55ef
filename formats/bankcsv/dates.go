package bankcsv

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// dateOrder is the order in which a date writes year, month and day.
type dateOrder uint8

const (
	orderNone dateOrder = iota
	orderYMD
	orderDMY
	orderMDY
)

// dateFormat says how a column writes its dates. Values are read by a
// small hand-written scanner rather than time.Parse: one format must accept
// "2/3/2014" and "12/10/2014" alike, month names in several languages and
// 1-digit years, and a 100 000-row file must not spend its time budget on
// layout matching.
type dateFormat struct {
	order   dateOrder
	compact bool     // eight digits: "20200213" (YMD) or "13022020" (DMY)
	strf    []strfOp // a rules file's date-format, used instead of the above
	text    string   // the date-format as written, for messages
}

func (f dateFormat) String() string {
	if f.strf != nil {
		return f.text
	}
	switch {
	case f.compact && f.order == orderYMD:
		return "yyyymmdd"
	case f.compact:
		return "ddmmyyyy"
	case f.order == orderYMD:
		return "year-month-day"
	case f.order == orderDMY:
		return "day/month/year"
	case f.order == orderMDY:
		return "month/day/year"
	}
	return "unknown"
}

// dateTokens is a date value cut into its parts before anyone decides
// which part is the day.
type dateTokens struct {
	compact string    // the eight digits of a compact date, or ""
	p       [3]string // the three parts otherwise
	sep     byte      // the first separator: '-', '/', '.' or ' '
	rest    string    // what follows the date: a time of day, a zone
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitRun(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j
}

// scanDate cuts s into date parts. It accepts three numeric or month-name
// parts separated by '-', '/', '.', spaces (and a comma after a month
// name, "Nov 7, 2013"), or eight digits, optionally followed by a time of
// day: "2021-09-06 6:11:59", "2019-03-01T11:33:59",
// "20091224120000[0:GMT]".
func scanDate(s string) (dateTokens, bool) {
	var t dateTokens
	s = strings.TrimSpace(s)
	if s == "" {
		return t, false
	}
	if n := digitRun(s, 0); n == 8 || n == 12 || n == 14 {
		rest := s[8:]
		if n == 8 && rest != "" && rest[0] != ' ' && rest[0] != 'T' && rest[0] != '[' && rest[0] != '.' {
			return t, false
		}
		t.compact, t.rest = s[:8], rest
		return t, true
	}
	i := 0
	for k := 0; k < 3; k++ {
		if k > 0 {
			j, comma, space := i, false, false
			for j < len(s) {
				c := s[j]
				if c == '-' || c == '/' || c == '.' || c == ' ' || c == ',' {
					comma = comma || c == ','
					space = space || c == ' '
					j++
					continue
				}
				break
			}
			if j == i || j-i > 3 || comma && !space {
				return t, false
			}
			if k == 1 {
				t.sep = s[i]
			}
			i = j
		}
		if i >= len(s) {
			return t, false
		}
		j := i
		if isDigit(s[i]) {
			j = digitRun(s, i)
			if j-i > 4 {
				return t, false
			}
		} else {
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			if j == i || j-i > 12 {
				return t, false
			}
		}
		t.p[k] = s[i:j]
		i = j
	}
	t.rest = s[i:]
	if t.rest != "" && t.rest[0] != ' ' && t.rest[0] != 'T' {
		return t, false
	}
	return t, true
}

// monthNames holds month names and their usual abbreviations in English,
// German, Dutch, French, Spanish and Danish, folded to ASCII by normName.
var monthNames = func() map[string]int {
	names := [12]string{
		"jan january januar janvier janv januari enero ene janner",
		"feb february februar fevrier fevr fev februari febrero",
		"mar march marz maerz mrz mars maart mrt marzo marts",
		"apr april avril avr abril abr",
		"may mai mei mayo maj",
		"jun june juni juin junio",
		"jul july juli juillet juil julio",
		"aug august aout agosto ago augustus",
		"sep sept september septembre septiembre set",
		"oct october oktober okt octobre octubre",
		"nov november novembre noviembre",
		"dec december dezember dez decembre diciembre dic",
	}
	m := map[string]int{}
	for i, list := range names {
		for _, n := range strings.Fields(list) {
			m[n] = i + 1
		}
	}
	return m
}()

func monthOf(tok string) (int, bool) {
	if tok == "" || isDigit(tok[0]) {
		n, ok := atoi(tok)
		return n, ok && len(tok) <= 2
	}
	m, ok := monthNames[normName(tok)]
	return m, ok
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// fullYear reads a year part. Two-digit years follow POSIX strptime
// (69-99 are 19xx, 00-68 are 20xx); a one-digit year ("10-Nov-9", as one
// bank in reckon's examples writes) is 200x.
func fullYear(tok string) (int, bool) {
	n, ok := atoi(tok)
	if !ok {
		return 0, false
	}
	switch len(tok) {
	case 4:
		return n, true
	case 2:
		if n < 69 {
			return 2000 + n, true
		}
		return 1900 + n, true
	case 1:
		return 2000 + n, true
	}
	return 0, false
}

// validDate checks a calendar date, and that its year is one a bank
// statement can have: a year 1 or 9999 is a misread column, not history.
func validDate(y, m, d int) bool {
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

// daysIn is the number of days in month m of year y: day 0 of the next
// month is the last of this one.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ymd is a calendar date plus an optional time of day.
type ymd struct {
	y, m, d    int
	hh, mm, ss int
	hasClock   bool
}

func (v ymd) date() time.Time { return time.Date(v.y, time.Month(v.m), v.d, 0, 0, 0, 0, time.UTC) }

func (v ymd) instant() time.Time {
	return time.Date(v.y, time.Month(v.m), v.d, v.hh, v.mm, v.ss, 0, time.UTC)
}

// ordinal orders dates without building a time.Time.
func (v ymd) ordinal() int { return v.y*512 + v.m*32 + v.d }

var errBadDate = errors.New("not a date")

// looksLikeDate reports whether s reads as a date in some order, for
// telling a header from data and date columns from others.
func looksLikeDate(s string) bool {
	t, ok := scanDate(s)
	if !ok {
		return false
	}
	if t.compact != "" {
		for _, f := range [...]dateFormat{{order: orderYMD, compact: true}, {order: orderDMY, compact: true}} {
			if _, err := f.fromTokens(t); err == nil {
				return true
			}
		}
		return false
	}
	for _, o := range [...]dateOrder{orderYMD, orderDMY, orderMDY} {
		if _, err := (dateFormat{order: o}).fromTokens(t); err == nil {
			return true
		}
	}
	return false
}

// parse reads s in format f.
func (f dateFormat) parse(s string) (ymd, error) {
	if f.strf != nil {
		return parseStrf(f.strf, s)
	}
	if f.order == orderYMD && !f.compact && len(s) == 10 {
		// The common ISO case, "2024-01-31", without the general scanner.
		if v, ok := isoDate(s); ok {
			return v, nil
		}
	}
	t, ok := scanDate(s)
	if !ok {
		return ymd{}, errBadDate
	}
	return f.fromTokens(t)
}

func isoDate(s string) (ymd, bool) {
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			if s[i] != s[4] || s[i] != '-' && s[i] != '/' && s[i] != '.' {
				return ymd{}, false
			}
		} else if !isDigit(s[i]) {
			return ymd{}, false
		}
	}
	v := ymd{
		y: int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0'),
		m: int(s[5]-'0')*10 + int(s[6]-'0'),
		d: int(s[8]-'0')*10 + int(s[9]-'0'),
	}
	return v, validDate(v.y, v.m, v.d)
}

func (f dateFormat) fromTokens(t dateTokens) (ymd, error) {
	var v ymd
	if t.compact != "" {
		if !f.compact {
			return v, errBadDate
		}
		c := t.compact
		if f.order == orderYMD {
			v.y, _ = atoi(c[:4])
			v.m, _ = atoi(c[4:6])
			v.d, _ = atoi(c[6:])
		} else {
			v.d, _ = atoi(c[:2])
			v.m, _ = atoi(c[2:4])
			v.y, _ = atoi(c[4:])
		}
	} else {
		if f.compact {
			return v, errBadDate
		}
		var yt, mt, dt string
		switch f.order {
		case orderYMD:
			yt, mt, dt = t.p[0], t.p[1], t.p[2]
			if len(yt) != 4 {
				return v, errBadDate
			}
		case orderDMY:
			dt, mt, yt = t.p[0], t.p[1], t.p[2]
		case orderMDY:
			mt, dt, yt = t.p[0], t.p[1], t.p[2]
		default:
			return v, errBadDate
		}
		var ok1, ok2, ok3 bool
		v.y, ok1 = fullYear(yt)
		v.m, ok2 = monthOf(mt)
		v.d, ok3 = atoi(dt)
		if !ok1 || !ok2 || !ok3 || len(dt) > 2 {
			return v, errBadDate
		}
	}
	if !validDate(v.y, v.m, v.d) {
		return v, errBadDate
	}
	v.hh, v.mm, v.ss, v.hasClock = parseClock(t.rest)
	return v, nil
}

// parseClock reads the time of day after a date: "6:11:59", "T11:33:59",
// or the digits after a compact date, "120000[0:GMT]". A zone is ignored:
// bank exports mean local time, and only the calendar date is kept for
// booking.
func parseClock(s string) (hh, mm, ss int, ok bool) {
	s = strings.TrimLeft(s, " T")
	if s == "" {
		return 0, 0, 0, false
	}
	n := digitRun(s, 0)
	if n == 4 || n == 6 {
		hh, _ = atoi(s[:2])
		mm, _ = atoi(s[2:4])
		if n == 6 {
			ss, _ = atoi(s[4:6])
		}
	} else {
		parts := strings.SplitN(s, ":", 3)
		if len(parts) < 2 {
			return 0, 0, 0, false
		}
		var ok1, ok2 bool
		hh, ok1 = atoi(parts[0])
		mm, ok2 = atoi(prefix(parts[1], 2))
		if !ok1 || !ok2 {
			return 0, 0, 0, false
		}
		if len(parts) == 3 {
			ss, _ = atoi(prefix(parts[2], 2))
		}
	}
	if hh > 23 || mm > 59 || ss > 60 {
		return 0, 0, 0, false
	}
	return hh, mm, ss, true
}

// dateHints are what the rest of the file says about its locale, used
// only when a column's dates could be read both day-first and month-first.
type dateHints struct {
	european bool // decimal comma, ';' delimiter or a non-English header
}

// detectDateFormat chooses the format that reads the most of vals. Which
// of day/month/year and month/day/year applies is settled by any part
// above 12; when none is, the reading under which the dates run in order
// wins, and failing that the file's conventions. note is non-empty when
// the choice was a guess, to be shown to the user.
func detectDateFormat(vals []string, hints dateHints) (f dateFormat, note string, ok bool) {
	var (
		compact, compactYMD, ymdN, yLast, alphaFirst, alphaMid int
		aOver12, bOver12                                       int
		seps                                                   = map[byte]int{}
	)
	for _, s := range vals {
		t, good := scanDate(s)
		if !good {
			continue
		}
		if t.compact != "" {
			compact++
			y, _ := atoi(t.compact[:4])
			m, _ := atoi(t.compact[4:6])
			d, _ := atoi(t.compact[6:])
			if y >= 1900 && y < 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
				compactYMD++
			}
			continue
		}
		seps[t.sep]++
		a, b, c := t.p[0], t.p[1], t.p[2]
		switch {
		case !isDigit(a[0]) && isDigit(b[0]) && isDigit(c[0]):
			alphaFirst++
		case isDigit(a[0]) && !isDigit(b[0]) && isDigit(c[0]):
			if len(a) == 4 {
				ymdN++
			} else {
				alphaMid++
			}
		case isDigit(a[0]) && isDigit(b[0]) && isDigit(c[0]):
			if len(a) == 4 {
				ymdN++
			} else if len(a) <= 2 && len(b) <= 2 {
				yLast++
				na, _ := atoi(a)
				nb, _ := atoi(b)
				if na > 12 {
					aOver12++
				}
				if nb > 12 {
					bOver12++
				}
			}
		}
	}
	best := max(compact, ymdN, yLast, alphaFirst, alphaMid)
	if best == 0 {
		return f, "", false
	}
	switch best {
	case compact:
		f = dateFormat{order: orderYMD, compact: true}
		if compactYMD < compact {
			f.order = orderDMY
		}
	case ymdN:
		f = dateFormat{order: orderYMD}
	case alphaFirst:
		f = dateFormat{order: orderMDY}
	case alphaMid:
		f = dateFormat{order: orderDMY}
	default:
		switch {
		case aOver12 > 0 && bOver12 == 0:
			f = dateFormat{order: orderDMY}
		case bOver12 > 0 && aOver12 == 0:
			f = dateFormat{order: orderMDY}
		case aOver12 > 0 && bOver12 > 0:
			// Both readings fail somewhere; take the one that reads more
			// and let the rows that do not read be reported.
			f = dateFormat{order: orderDMY}
			if bOver12 > aOver12 {
				f.order = orderMDY
			}
		default:
			f, note = ambiguousOrder(vals, hints, seps)
		}
	}
	return f, note, true
}

// ambiguousOrder settles day/month/year against month/day/year for dates
// that read both ways. A statement is sorted, one way or the other, so the
// reading with fewer breaks in order is more likely right; when both are
// equally sorted, the separator and the file's locale decide: dots and
// dashes are European, and so are files with decimal commas.
func ambiguousOrder(vals []string, hints dateHints, seps map[byte]int) (dateFormat, string) {
	dmy, mdy := dateFormat{order: orderDMY}, dateFormat{order: orderMDY}
	bd, bm := orderBreaks(vals, dmy), orderBreaks(vals, mdy)
	var f dateFormat
	why := ""
	switch {
	case bd < bm:
		f, why = dmy, "it keeps the rows in date order"
	case bm < bd:
		f, why = mdy, "it keeps the rows in date order"
	case hints.european || seps['.'] > seps['/'] || seps['-'] > seps['/']:
		f, why = dmy, "the file's separators and language are European"
	default:
		f, why = mdy, "the file looks American"
	}
	return f, fmt.Sprintf("no day above 12, so the dates could be day/month or month/day: read as %s because %s", f, why)
}

// orderBreaks counts how often the dates, read in format f, change
// direction less often: the smaller of the rises and the falls.
func orderBreaks(vals []string, f dateFormat) int {
	rises, falls, prev := 0, 0, -1
	for _, s := range vals {
		v, err := f.parse(s)
		if err != nil {
			continue
		}
		o := v.ordinal()
		if prev >= 0 {
			if o > prev {
				rises++
			} else if o < prev {
				falls++
			}
		}
		prev = o
	}
	return min(rises, falls)
}

// strfOp is one step of a compiled strftime-style date format.
type strfOp struct {
	kind byte   // 'Y' 'y' 'm' 'd' 'b' 'H' 'M' 'S' 'p' 'z' 'a' ' ' or 'l' (literal)
	lit  string // for 'l'
}

// compileStrf compiles the strftime-like date-format of hledger rules:
// %Y %y %m %-m %d %-d %e %b %h %B, and for times %H %-H %k %I %l %M %S %p,
// zones %z %Z and weekday names %a %A, which are read and ignored. It
// refuses a format that cannot give a full date, so that a mistake shows
// when the rules are read rather than on the first row.
func compileStrf(format string) ([]strfOp, error) {
	var ops []strfOp
	var have [3]bool // year, month, day
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == ' ' || c == '\t' {
			if len(ops) == 0 || ops[len(ops)-1].kind != ' ' {
				ops = append(ops, strfOp{kind: ' '})
			}
			continue
		}
		if c != '%' {
			ops = append(ops, strfOp{kind: 'l', lit: string(c)})
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("-_0^#", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return nil, fmt.Errorf("date-format %q ends in the middle of a directive", format)
		}
		d := format[i]
		switch d {
		case 'Y', 'y':
			have[0] = true
			ops = append(ops, strfOp{kind: d})
		case 'm':
			have[1] = true
			ops = append(ops, strfOp{kind: 'm'})
		case 'b', 'h', 'B':
			have[1] = true
			ops = append(ops, strfOp{kind: 'b'})
		case 'd', 'e':
			have[2] = true
			ops = append(ops, strfOp{kind: 'd'})
		case 'H', 'k', 'I', 'l':
			ops = append(ops, strfOp{kind: 'H'})
		case 'M':
			ops = append(ops, strfOp{kind: 'M'})
		case 'S':
			ops = append(ops, strfOp{kind: 'S'})
		case 'p', 'P':
			ops = append(ops, strfOp{kind: 'p'})
		case 'z', 'Z':
			ops = append(ops, strfOp{kind: 'z'})
		case 'a', 'A':
			ops = append(ops, strfOp{kind: 'a'})
		case 'F':
			have = [3]bool{true, true, true}
			ops = append(ops, strfOp{kind: 'Y'}, strfOp{kind: 'l', lit: "-"}, strfOp{kind: 'm'}, strfOp{kind: 'l', lit: "-"}, strfOp{kind: 'd'})
		case 'D':
			have = [3]bool{true, true, true}
			ops = append(ops, strfOp{kind: 'm'}, strfOp{kind: 'l', lit: "/"}, strfOp{kind: 'd'}, strfOp{kind: 'l', lit: "/"}, strfOp{kind: 'y'})
		case 'T':
			ops = append(ops, strfOp{kind: 'H'}, strfOp{kind: 'l', lit: ":"}, strfOp{kind: 'M'}, strfOp{kind: 'l', lit: ":"}, strfOp{kind: 'S'})
		case '%':
			ops = append(ops, strfOp{kind: 'l', lit: "%"})
		case 'n', 't':
			ops = append(ops, strfOp{kind: ' '})
		default:
			return nil, fmt.Errorf("date-format %q: unsupported directive %%%c", format, d)
		}
	}
	switch {
	case !have[0]:
		return nil, fmt.Errorf("date-format %q has no year (%%Y or %%y)", format)
	case !have[1]:
		return nil, fmt.Errorf("date-format %q has no month (%%m or %%b)", format)
	case !have[2]:
		return nil, fmt.Errorf("date-format %q has no day (%%d)", format)
	}
	return ops, nil
}

// parseStrf reads s by the compiled format. Numbers may have fewer digits
// than their directive's width ("%m" reads "3"), as hledger's parser
// allows, and surrounding white space is ignored.
func parseStrf(ops []strfOp, s string) (ymd, error) {
	var v ymd
	s = strings.TrimSpace(s)
	i := 0
	pm, am := false, false
	num := func(width int) (int, string, bool) {
		j := i
		for j < len(s) && j-i < width && isDigit(s[j]) {
			j++
		}
		if j == i {
			return 0, "", false
		}
		tok := s[i:j]
		n, _ := atoi(tok)
		i = j
		return n, tok, true
	}
	for _, op := range ops {
		var ok bool
		switch op.kind {
		case ' ':
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			ok = true
		case 'l':
			ok = strings.HasPrefix(s[i:], op.lit)
			i += len(op.lit) * btoi(ok)
		case 'Y':
			v.y, _, ok = num(4)
		case 'y':
			var tok string
			_, tok, ok = num(2)
			if ok {
				v.y, ok = fullYear(tok)
			}
		case 'm':
			v.m, _, ok = num(2)
		case 'd':
			for i < len(s) && s[i] == ' ' { // %e pads with a space
				i++
			}
			v.d, _, ok = num(2)
		case 'H':
			v.hh, _, ok = num(2)
			v.hasClock = ok
		case 'M':
			v.mm, _, ok = num(2)
		case 'S':
			v.ss, _, ok = num(2)
		case 'b', 'a':
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			word := s[i:j]
			i = j
			if i < len(s) && s[i] == '.' { // "déc."
				i++
			}
			if op.kind == 'b' {
				v.m, ok = monthNames[normName(word)]
			} else {
				ok = word != ""
			}
		case 'p':
			w := strings.ToUpper(prefix(s[i:], 2))
			pm, am = w == "PM", w == "AM"
			ok = pm || am
			i += 2 * btoi(ok)
		case 'z':
			j := i
			for j < len(s) && s[j] != ' ' {
				j++
			}
			ok = j > i
			i = j
		}
		if !ok {
			return v, errBadDate
		}
	}
	if strings.TrimSpace(s[i:]) != "" {
		return v, errBadDate
	}
	if pm && v.hh < 12 {
		v.hh += 12
	} else if am && v.hh == 12 {
		v.hh = 0
	}
	if !validDate(v.y, v.m, v.d) || v.hh > 23 || v.mm > 59 || v.ss > 60 {
		return v, errBadDate
	}
	return v, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
