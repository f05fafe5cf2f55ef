// Package qif reads Quicken Interchange Format files into statement.Statements.
//
// QIF is a line format: a header line ("!Type:Bank", "!Account") opens a
// section, each following line is one field (a one-letter code and its
// value), and a "^" line ends a record. It has no account numbers, no
// currency and no fixed date format, so Parse takes the currency from its
// Options and works the date order out from the whole file (see Options).
//
// What becomes a Statement: every account the file holds transactions for.
// An "!Account" record (N name, T type) names the account the following
// transaction sections belong to; its name becomes both the account's Name
// and its ExternalID, because QIF has nothing better to match accounts on.
// Transaction sections (!Type:Bank, Cash, CCard, Oth A, Oth L) that no
// !Account names are grouped by their type, with an empty ExternalID, and
// the user picks the account. Lists that are not transactions (!Type:Cat,
// Class, Memorized, Security, Prices...), "!Option:"/"!Clear:" lines and
// "#" comment lines are skipped; "!Option:MDY", "!Option:DMY" and
// "!Option:YMD" are read as a date order hint.
//
// Splits (S category, E memo, $ amount) are not imported as separate rows:
// the transaction's total (T) is what moved on the account, and it is kept
// as the amount even when the split lines do not add up to it, which
// happens in real exports. Only when a record has no T (nor U) is the sum
// of its split amounts used instead.
//
// Other fields: D date, T amount (U when there is no T), P payee, M memo,
// N check number, L category ("Cat:Sub/Class"; the class is dropped, and a
// transfer "[Account]" becomes the category "Transfer" with "[Account]"
// appended to the memo). C, the cleared flag, is not read: it is the
// user's reconciliation mark in their old program, not the bank's pending
// state. A (address lines) is not read either.
//
// Investment sections (!Type:Invst) are read only for their simple cash
// movements: actions whose whole effect is cash entering or leaving the
// account (Cash, XIn, XOut, Div, IntInc, MiscInc, MiscExp, CGLong, CGMid,
// CGShort, RtrnCap, MargInt). Everything that moves shares (Buy, Sell,
// ShrsIn, ShrsOut, Reinv*, StkSplit...) or sends the cash elsewhere (the
// "...X" variants such as BuyX, DivX) is skipped: importing half of such
// a trade as a cash row would give a balance that is neither the cash nor
// the holdings. An investment account with nothing left after that gives
// no Statement at all, rather than an empty account.
//
// Files are taken whole or not at all: an unreadable date or amount in a
// transaction record gives a *statement.ParseError naming the file, line, field
// and value, and no statements.
package qif

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"penny/internal/progress"
	"penny/money"
	"penny/statement"
)

// Options says what the file itself cannot.
type Options struct {
	// Currency is the ISO 4217 code of every amount in the file, "USD" when
	// empty: QIF never says.
	Currency string
	// DateOrder is "mdy", "dmy" or "ymd" for dates whose year is not
	// written first with four digits. Empty means detect it from the file:
	// an "!Option:MDY"/"DMY"/"YMD" line if there is one, else the first date
	// whose first number is over 31 (ymd), over 12 (dmy) or whose second
	// number is over 12 (mdy), else mdy, Quicken's own default. A
	// two-digit-year yy/mm/dd file needs "ymd" unless some date gives it
	// away, since 20/12/31 reads just as well as 20 December 2031.
	DateOrder string
}

// Format is the Statement.Format of QIF statements.
const Format = "qif"

// Parse reads a QIF file and returns one Statement per account that has
// transactions, in the order the accounts first appear. name is used in
// messages and Origins. See the package comment for what is read and what
// is skipped.
func Parse(r io.Reader, name string, opt Options) ([]statement.Statement, error) {
	return ParseContext(context.Background(), r, name, opt)
}

// ParseContext is Parse that stops, returning ctx's error and no
// statements, soon after ctx is cancelled, and reports its progress to
// ctx's progress reporter (phase "parse").
func ParseContext(ctx context.Context, r io.Reader, name string, opt Options) ([]statement.Statement, error) {
	p := &parser{ctx: ctx, file: name}
	code := opt.Currency
	if strings.TrimSpace(code) == "" {
		code = "USD"
		p.assumed = true
	}
	cur, err := money.Lookup(code)
	if err != nil {
		return nil, &statement.ParseError{File: name, Field: "currency", Msg: fmt.Sprintf("cannot use currency %q", opt.Currency), Err: err}
	}
	p.cur = cur
	switch opt.DateOrder {
	case "", orderMDY, orderDMY, orderYMD:
		p.order = opt.DateOrder
	default:
		return nil, &statement.ParseError{File: name, Field: "date order", Msg: fmt.Sprintf("unknown date order %q (want mdy, dmy or ymd)", opt.DateOrder)}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &statement.ParseError{File: name, Msg: "cannot read the file", Err: err}
	}
	text := decodeText(data)
	// The scan counts the first half of the work by its offset in the
	// text, the conversion the second by records.
	p.size = int64(len(text))
	p.meter = progress.Start(ctx, "parse", 2*p.size)
	if err := p.scan(text); err != nil {
		return nil, err
	}
	if err := p.detect(); err != nil {
		return nil, err
	}
	out, err := p.convert()
	if err != nil {
		return nil, err
	}
	if err := p.meter.Done(); err != nil {
		return nil, err
	}
	return out, nil
}

// Sniff reports whether head, the first bytes of a file, looks like QIF: a
// line starting with "!Type:", "!Account" or "!Option:" (any case), before
// any other content except a byte order mark, blank lines and "#" comments.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for len(head) > 0 {
		var ln []byte
		if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
			ln, head = head[:i], head[i+1:]
		} else {
			ln, head = head, nil
		}
		ln = bytes.TrimSpace(ln)
		if len(ln) == 0 || ln[0] == '#' {
			continue
		}
		l := strings.ToLower(string(ln))
		return strings.HasPrefix(l, "!type:") || strings.HasPrefix(l, "!account") || strings.HasPrefix(l, "!option:")
	}
	return false
}

const (
	orderMDY = "mdy"
	orderDMY = "dmy"
	orderYMD = "ymd"
)

// decodeText returns the file as UTF-8 without a byte order mark. Quicken
// and the tools around it wrote Windows-1252 for years; a file that is not
// valid UTF-8 is read as that rather than refused or garbled.
func decodeText(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// field is one line of a record: its code letter and value.
type field struct {
	code  byte
	value string
	line  int
}

// record is the fields between two "^" lines.
type record struct {
	line   int  // line of the first field
	invest bool // read from a !Type:Invst section
	fields []field
}

// account is an !Account record.
type account struct {
	name, typ string
}

// stmt gathers the records of one account.
type stmt struct {
	key     string
	acct    *account
	section string // the first section's type word as written ("Bank")
	invest  bool   // every record came from an investment section
	records []record
}

type parser struct {
	ctx   context.Context
	meter *progress.Meter
	size  int64 // of the text
	file  string
	cur   money.Currency
	// assumed: the caller named no currency, so cur is USD by default.
	assumed bool
	order   string // "" until known
	hint    string // from an !Option line
	comma   bool   // amounts use a decimal comma

	stmts []*stmt
	byKey map[string]*stmt
}

// section kinds as scan tracks them.
const (
	modeNone    = iota // before any header
	modeAccount        // !Account records
	modeTxn            // a transaction section
	modeSkip           // a list we do not import
)

// scan splits the text into records and files them by account.
func (p *parser) scan(text string) error {
	p.byKey = map[string]*stmt{}
	mode := modeNone
	var (
		curAcct   *account
		section   string // type word of the current transaction section
		invest    bool
		rec       record
		sawHeader bool
		lineNo    int
		rest      = text
	)
	flush := func() {
		if len(rec.fields) == 0 {
			return
		}
		switch mode {
		case modeAccount:
			a := &account{}
			for _, f := range rec.fields {
				switch f.code {
				case 'N':
					if a.name == "" {
						a.name = f.value
					}
				case 'T':
					if a.typ == "" {
						a.typ = f.value
					}
				}
			}
			if a.name != "" {
				curAcct = a
			}
		case modeTxn:
			rec.invest = invest
			p.add(curAcct, section, rec)
		}
		rec = record{}
	}
	for len(rest) > 0 {
		if err := p.meter.At(int64(len(text) - len(rest))); err != nil {
			return err
		}
		var raw string
		raw, rest = nextLine(rest)
		lineNo++
		l := strings.TrimLeft(raw, " \t")
		if strings.TrimSpace(l) == "" || l[0] == '#' {
			continue
		}
		switch l[0] {
		case '!':
			flush()
			sawHeader = true
			h := strings.TrimSpace(l[1:])
			lh := strings.ToLower(h)
			switch {
			case strings.HasPrefix(lh, "account"):
				mode = modeAccount
			case strings.HasPrefix(lh, "type:"):
				word := strings.TrimSpace(h[len("type:"):])
				switch squash(word) {
				case "bank", "cash", "ccard", "otha", "othl":
					mode, section, invest = modeTxn, word, false
				case "invst":
					mode, section, invest = modeTxn, word, true
				default:
					mode = modeSkip
				}
			case strings.HasPrefix(lh, "option:"):
				switch squash(lh[len("option:"):]) {
				case orderMDY, orderDMY, orderYMD:
					p.hint = squash(lh[len("option:"):])
				}
			case strings.HasPrefix(lh, "clear:"):
				// !Clear:AutoSwitch ends an account list; the records
				// that follow are named by their own !Account.
			default:
				mode = modeSkip
			}
		case '^':
			flush()
		default:
			if mode == modeNone {
				return &statement.ParseError{File: p.file, Line: lineNo, Msg: fmt.Sprintf("not a QIF file: %q comes before any !Type header", clip(strings.TrimSpace(raw)))}
			}
			if len(rec.fields) == 0 {
				rec.line = lineNo
			}
			rec.fields = append(rec.fields, field{code: l[0], value: strings.TrimSpace(l[1:]), line: lineNo})
		}
	}
	// A missing final "^" still ends the last record.
	flush()
	if !sawHeader {
		return &statement.ParseError{File: p.file, Msg: "not a QIF file: no !Type header"}
	}
	return nil
}

// nextLine cuts the first line off s. A line ends at "\n", "\r\n", a lone
// "\r" (old Mac files) or "\r\r\n" (files that went through a text-mode
// conversion twice), so that line numbers match what an editor shows.
func nextLine(s string) (line, rest string) {
	i := strings.IndexAny(s, "\r\n")
	if i < 0 {
		return s, ""
	}
	line, rest = s[:i], s[i:]
	switch {
	case strings.HasPrefix(rest, "\r\r\n"):
		rest = rest[3:]
	case strings.HasPrefix(rest, "\r\n"):
		rest = rest[2:]
	default:
		rest = rest[1:]
	}
	return line, rest
}

// squash lower-cases s and drops its spaces: "Oth A" is "otha".
func squash(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// add files rec under its account: the named account if an !Account record
// came before, else the section type, so that two unnamed !Type:Bank
// sections are one account but a !Type:CCard one is another.
func (p *parser) add(a *account, section string, rec record) {
	key := "type:" + squash(section)
	if a != nil {
		key = "account:" + a.name
	}
	s := p.byKey[key]
	if s == nil {
		s = &stmt{key: key, acct: a, section: section, invest: true}
		p.byKey[key] = s
		p.stmts = append(p.stmts, s)
	}
	if !rec.invest {
		s.invest = false
	}
	s.records = append(s.records, rec)
}

// mainDate returns the record's own date field: the first D before any S,
// since a D after a split line is that split's date.
func mainDate(rec record) (field, bool) {
	for _, f := range rec.fields {
		switch f.code {
		case 'S':
			return field{}, false
		case 'D':
			return f, true
		}
	}
	return field{}, false
}

// detect settles the date order and the decimal separator from every
// transaction record of the file, before any of them is converted, so that
// the first record is read the same way as the last.
func (p *parser) detect() error {
	var commaSeen, dotSeen bool
	evidence := ""
	for _, s := range p.stmts {
		for i, rec := range s.records {
			if err := progress.Every(p.ctx, i); err != nil {
				return err
			}
			if d, ok := mainDate(rec); ok && evidence == "" {
				evidence = dateEvidence(d.value)
			}
			for _, f := range rec.fields {
				switch f.code {
				case 'T', 'U', '$':
					switch separatorStyle(f.value) {
					case ',':
						commaSeen = true
					case '.':
						dotSeen = true
					}
				}
			}
		}
	}
	p.comma = commaSeen && !dotSeen
	if p.order == "" {
		p.order = p.hint
	}
	if p.order == "" {
		p.order = evidence
	}
	if p.order == "" {
		p.order = orderMDY
	}
	return nil
}

// separatorStyle says which decimal separator an amount shows: ',' for
// "12,50" or "1.010,00", '.' for "12.50", "1,010.00" or "1,000,000", and 0
// when it cannot tell ("100", "1,000", "1.000").
func separatorStyle(v string) byte {
	v = strings.TrimPrefix(strings.TrimSpace(v), "=")
	last := strings.LastIndexAny(v, ",.")
	if last < 0 {
		return 0
	}
	sep := v[last]
	other := byte(',')
	if sep == ',' {
		other = '.'
	}
	if strings.IndexByte(v[:last], other) >= 0 {
		return sep // both kinds: the last one is the decimal point
	}
	if strings.Count(v, string(sep)) > 1 {
		return other // "1,000,000": repeated, so thousands
	}
	digits := 0
	for i := last + 1; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
		digits++
	}
	if digits == 3 {
		return 0
	}
	return sep
}

// convert turns the filed records into statements.
func (p *parser) convert() ([]statement.Statement, error) {
	var out []statement.Statement
	total, done := 0, 0
	for _, s := range p.stmts {
		total += len(s.records)
	}
	for _, s := range p.stmts {
		st := statement.Statement{
			Format: Format,
			Account: statement.AccountInfo{
				Currency:        p.cur.Code,
				CurrencyAssumed: p.assumed,
				Type:            accountType(s.section),
			},
		}
		if s.acct != nil {
			st.Account.Name = s.acct.name
			st.Account.ExternalID = s.acct.name
			if s.acct.typ != "" {
				st.Account.Type = accountType(s.acct.typ)
			}
			st.Origin = fmt.Sprintf("%s: account %q", p.file, s.acct.name)
		} else {
			st.Origin = fmt.Sprintf("%s: !Type:%s", p.file, s.section)
		}
		for _, rec := range s.records {
			done++
			if err := p.meter.At(p.size + p.size*int64(done)/int64(total)); err != nil {
				return nil, err
			}
			var (
				t   statement.Transaction
				ok  bool
				err error
			)
			if rec.invest {
				t, ok, err = p.investTxn(rec)
			} else {
				t, err = p.bankTxn(rec)
				ok = true
			}
			if err != nil {
				return nil, err
			}
			if ok {
				st.Transactions = append(st.Transactions, t)
			}
		}
		if s.invest && len(st.Transactions) == 0 {
			continue
		}
		out = append(out, st)
	}
	return out, nil
}

// accountType maps QIF's account type words to the app's.
func accountType(word string) string {
	switch squash(word) {
	case "bank":
		return "checking"
	case "cash":
		return "cash"
	case "ccard", "creditcard":
		return "credit"
	case "otha":
		return "asset"
	case "othl":
		return "liability"
	case "invst", "port", "401(k)/403(b)", "mutual":
		return "brokerage"
	}
	return ""
}

// fields the converters read, gathered from a record.
type parts struct {
	date                  *field
	total, unrounded      *field
	payee, memo, check    string
	category, security    string
	action                string
	splits                []field // the $ lines
	hasPayee, hasCategory bool
}

func gather(rec record) parts {
	var ps parts
	inSplit := false
	for i := range rec.fields {
		f := &rec.fields[i]
		switch f.code {
		case 'D':
			if !inSplit && ps.date == nil {
				ps.date = f
			}
		case 'T':
			if ps.total == nil {
				ps.total = f
			}
		case 'U':
			if ps.unrounded == nil {
				ps.unrounded = f
			}
		case 'P':
			if !ps.hasPayee {
				ps.payee, ps.hasPayee = f.value, true
			}
		case 'M':
			if ps.memo == "" {
				ps.memo = f.value
			}
		case 'N':
			if ps.action == "" {
				ps.action = f.value
			}
		case 'L':
			if !ps.hasCategory {
				ps.category, ps.hasCategory = f.value, true
			}
		case 'Y':
			if ps.security == "" {
				ps.security = f.value
			}
		case 'S':
			inSplit = true
		case '$':
			ps.splits = append(ps.splits, *f)
		}
	}
	ps.check = ps.action
	return ps
}

// bankTxn converts a record of a bank, cash, card or other-account section.
func (p *parser) bankTxn(rec record) (statement.Transaction, error) {
	ps := gather(rec)
	t := statement.Transaction{
		Currency:    p.cur.Code,
		Payee:       ps.payee,
		Memo:        ps.memo,
		CheckNumber: ps.check,
		Line:        rec.line,
	}
	var err error
	if t.Posted, err = p.date(rec, ps.date); err != nil {
		return t, err
	}
	if t.Amount, err = p.total(rec, ps); err != nil {
		return t, err
	}
	p.setCategory(&t, ps.category)
	return t, nil
}

// investSigns lists the investment actions Parse imports, with the sign of
// their cash effect on the account: +1 in, -1 out, 0 as written (Cash).
var investSigns = map[string]int{
	"cash": 0, "xin": 1, "xout": -1,
	"div": 1, "intinc": 1, "miscinc": 1, "cglong": 1, "cgmid": 1, "cgshort": 1, "rtrncap": 1,
	"miscexp": -1, "margint": -1,
}

// investTxn converts a record of an investment section; ok is false for
// the actions Parse skips (see the package comment). Quicken writes these
// amounts unsigned and lets the action carry the direction, so the sign
// comes from the action, except for Cash, whose amount is signed.
func (p *parser) investTxn(rec record) (t statement.Transaction, ok bool, err error) {
	ps := gather(rec)
	sign, simple := investSigns[strings.ToLower(strings.TrimSpace(ps.action))]
	if !simple {
		return t, false, nil
	}
	t = statement.Transaction{
		Currency: p.cur.Code,
		Payee:    ps.payee,
		Memo:     ps.memo,
		Type:     ps.action,
		Line:     rec.line,
	}
	if t.Payee == "" {
		t.Payee = ps.security
	}
	if t.Posted, err = p.date(rec, ps.date); err != nil {
		return t, false, err
	}
	if t.Amount, err = p.total(rec, ps); err != nil {
		return t, false, err
	}
	if sign != 0 {
		if t.Amount == math.MinInt64 {
			return t, false, &statement.ParseError{File: p.file, Line: ps.total.line, Field: "T (amount)", Msg: "amount out of range"}
		}
		if t.Amount < 0 {
			t.Amount = -t.Amount
		}
		t.Amount *= int64(sign)
	}
	p.setCategory(&t, ps.category)
	return t, true, nil
}

// setCategory reads an L field: "Cat:Sub/Class" or "[Account]/Class" for a
// transfer. A class is the user's own tagging in Quicken and has no place
// here, so it is dropped. A transfer gets the category "Transfer", and the
// other account's name, in QIF's brackets, goes at the end of the memo so
// that the user still sees where the money went.
func (p *parser) setCategory(t *statement.Transaction, l string) {
	l = strings.TrimSpace(l)
	if strings.HasPrefix(l, "[") {
		name := l[1:]
		if i := strings.IndexByte(name, ']'); i >= 0 {
			name = name[:i]
		}
		t.Category = "Transfer"
		tag := "[" + strings.TrimSpace(name) + "]"
		if t.Memo == "" {
			t.Memo = tag
		} else {
			t.Memo += " " + tag
		}
		return
	}
	if i := strings.IndexByte(l, '/'); i >= 0 {
		l = strings.TrimSpace(l[:i])
	}
	t.Category = l
}

// date reads the record's date field.
func (p *parser) date(rec record, f *field) (time.Time, error) {
	if f == nil {
		return time.Time{}, &statement.ParseError{File: p.file, Line: rec.line, Field: "D (date)", Msg: "record has no date"}
	}
	d, err := parseDate(f.value, p.order)
	if err != nil {
		return time.Time{}, &statement.ParseError{File: p.file, Line: f.line, Field: "D (date)", Msg: fmt.Sprintf("cannot read date %q", clip(f.value)), Err: err}
	}
	return d, nil
}

// total returns the record's amount: T, else U (the unrounded amount newer
// Quickens write), else the sum of the split amounts.
func (p *parser) total(rec record, ps parts) (int64, error) {
	switch {
	case ps.total != nil:
		return p.amount(*ps.total, "T (amount)")
	case ps.unrounded != nil:
		return p.amount(*ps.unrounded, "U (amount)")
	case len(ps.splits) > 0:
		var sum int64
		for _, f := range ps.splits {
			v, err := p.amount(f, "$ (split amount)")
			if err != nil {
				return 0, err
			}
			if (v > 0 && sum > math.MaxInt64-v) || (v < 0 && sum < math.MinInt64-v) {
				return 0, &statement.ParseError{File: p.file, Line: f.line, Field: "$ (split amount)", Msg: "split amounts add up beyond the range of an amount", Err: money.ErrOverflow}
			}
			sum += v
		}
		return sum, nil
	}
	return 0, &statement.ParseError{File: p.file, Line: rec.line, Field: "T (amount)", Msg: "record has no amount"}
}

// amount reads one amount field. A leading "=" is dropped: some exports
// write split amounts as "$=746.36".
func (p *parser) amount(f field, name string) (int64, error) {
	v := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f.value), "="))
	n, err := money.ParseMinor(v, p.cur.Exponent, money.ParseOptions{DecimalComma: p.comma})
	if err != nil {
		msg := fmt.Sprintf("cannot read amount %q", clip(f.value))
		if p.comma {
			msg += " (the file's amounts use a decimal comma)"
		}
		return 0, &statement.ParseError{File: p.file, Line: f.line, Field: name, Msg: msg, Err: err}
	}
	return n, nil
}

// clip shortens a value quoted in a message, so that a binary file fed to
// the parser by mistake does not produce a megabyte of error.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// dateNumbers splits a QIF date into its three numbers. Separators are
// runs of '/', '.', '-', '\” and spaces ("1/ 1'01"); apostrophe says
// whether an apostrophe came before the last number, Quicken's mark for
// a year from 2000 on. Eight digits alone are taken as yyyymmdd.
func dateNumbers(s string) (nums [3]string, apostrophe bool, err error) {
	s = strings.TrimSpace(s)
	if len(s) == 8 && allDigits(s) {
		return [3]string{s[:4], s[4:6], s[6:]}, false, nil
	}
	n := 0
	sepHasApostrophe := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if n == 3 {
				return nums, false, errors.New("more than three numbers")
			}
			if n == 2 {
				apostrophe = sepHasApostrophe
			}
			nums[n] = s[i:j]
			n++
			sepHasApostrophe = false
			i = j
		case c == '/' || c == '.' || c == '-' || c == ' ' || c == '\'':
			if n == 0 {
				return nums, false, errors.New("does not start with a number")
			}
			if c == '\'' {
				sepHasApostrophe = true
			}
			i++
		default:
			return nums, false, fmt.Errorf("unexpected character %q", rune(c))
		}
	}
	if n != 3 {
		return nums, false, errors.New("want day, month and year")
	}
	return nums, apostrophe, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads up to four digits; longer runs are out of range for a date
// part anyway and would only risk overflow.
func atoi(s string) int {
	if len(s) > 4 {
		return 10000
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// dateEvidence says which order a date proves, if any: a first number
// over 31 can only be a year, over 12 only a day; a second number over 12
// can only be a day.
func dateEvidence(s string) string {
	nums, _, err := dateNumbers(s)
	if err != nil || len(nums[0]) == 4 {
		return ""
	}
	a, b := atoi(nums[0]), atoi(nums[1])
	switch {
	case a > 31:
		return orderYMD
	case a > 12:
		return orderDMY
	case b > 12:
		return orderMDY
	}
	return ""
}

// parseDate reads a QIF date in the given order and returns it at UTC
// midnight. A first number of four digits always means year-month-day
// ("2020-12-31"), whatever the order. Two-digit years are 2000+ after an
// apostrophe ("1/ 1'01" is 2001) and otherwise pivot at 70 ("1/1/98" is
// 1998, "1/1/05" is 2005).
func parseDate(s, order string) (time.Time, error) {
	nums, apostrophe, err := dateNumbers(s)
	if err != nil {
		return time.Time{}, err
	}
	var ys, ms, ds string
	switch {
	case len(nums[0]) == 4 || order == orderYMD:
		ys, ms, ds = nums[0], nums[1], nums[2]
	case order == orderDMY:
		ds, ms, ys = nums[0], nums[1], nums[2]
	default:
		ms, ds, ys = nums[0], nums[1], nums[2]
	}
	y := atoi(ys)
	switch len(ys) {
	case 1, 2:
		switch {
		case apostrophe, y < 70:
			y += 2000
		default:
			y += 1900
		}
	case 4:
		if y < 1000 {
			return time.Time{}, fmt.Errorf("year %s out of range", ys)
		}
	default:
		return time.Time{}, fmt.Errorf("year %q is neither two nor four digits", ys)
	}
	m, d := atoi(ms), atoi(ds)
	if m < 1 || m > 12 {
		return time.Time{}, fmt.Errorf("month %s out of range (read as %s)", ms, orderName(order, len(nums[0]) == 4))
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("day %s out of range (read as %s)", ds, orderName(order, len(nums[0]) == 4))
	}
	return t, nil
}

func orderName(order string, yearFirst bool) string {
	switch {
	case yearFirst || order == orderYMD:
		return "year/month/day"
	case order == orderDMY:
		return "day/month/year"
	}
	return "month/day/year"
}
