package ofx

import (
	"fmt"
	"strings"
	"time"

	"penny/internal/progress"
	"penny/money"
	"penny/statement"
)

// kind says what the parser does with an element's content.
type kind uint8

const (
	// kUnknown is an element the parser does not know. Its leaves are held
	// back: if its end tag comes they belonged to it and are dropped; if an
	// ancestor's end tag closes it instead, it was an empty SGML leaf
	// ("<SIC>" with no value) and the leaves were its siblings all along, so
	// they go to the parent.
	kUnknown kind = iota
	// kPass is a wrapper whose leaves belong to the nearest meaningful
	// ancestor (INVTRAN and SECID inside a trade, the message-set wrappers).
	kPass
	// kIgnore swallows its whole subtree: positions, balance lists, transfer
	// destinations (BANKACCTTO holds an ACCTID that must not become the
	// statement's), cash-neutral investment transactions.
	kIgnore
	kFI
	kStatus
	kStmt
	kAcctFrom
	kTranList
	kTrn
	kPayee
	kCurrency
	kLedgerBal
	kAvailBal
	kInvBal
	kTrade
	kSecInfo
)

var aggregates = map[string]kind{
	"OFX": kPass, "SIGNONMSGSRSV1": kPass, "SONRS": kPass,
	"BANKMSGSRSV1": kPass, "CREDITCARDMSGSRSV1": kPass, "INVSTMTMSGSRSV1": kPass,
	"STMTTRNRS": kPass, "CCSTMTTRNRS": kPass, "INVSTMTTRNRS": kPass,
	"SECLISTMSGSRSV1": kPass, "SECLIST": kPass,
	"STOCKINFO": kPass, "MFINFO": kPass, "DEBTINFO": kPass, "OPTINFO": kPass, "OTHERINFO": kPass,
	"INVTRAN": kPass, "INVBUY": kPass, "INVSELL": kPass, "SECID": kPass, "INVBANKTRAN": kPass,

	"FI": kFI, "STATUS": kStatus,
	"STMTRS": kStmt, "CCSTMTRS": kStmt, "INVSTMTRS": kStmt,
	"BANKACCTFROM": kAcctFrom, "CCACCTFROM": kAcctFrom, "INVACCTFROM": kAcctFrom,
	"BANKTRANLIST": kTranList, "INVTRANLIST": kTranList,
	"STMTTRN": kTrn, "PAYEE": kPayee, "CURRENCY": kCurrency,
	"LEDGERBAL": kLedgerBal, "AVAILBAL": kAvailBal, "INVBAL": kInvBal,
	"SECINFO": kSecInfo,

	// Investment transactions that move cash, with their TOTAL.
	"BUYDEBT": kTrade, "BUYMF": kTrade, "BUYOPT": kTrade, "BUYOTHER": kTrade, "BUYSTOCK": kTrade,
	"SELLDEBT": kTrade, "SELLMF": kTrade, "SELLOPT": kTrade, "SELLOTHER": kTrade, "SELLSTOCK": kTrade,
	"INCOME": kTrade, "INVEXPENSE": kTrade, "MARGININTEREST": kTrade, "RETOFCAP": kTrade,

	// REINVEST turns income into units without cash; TRANSFER, SPLIT and
	// JRNLSEC move securities; JRNLFUND moves cash between sub-accounts of
	// the same account; CLOSUREOPT closes options. None changes the cash.
	"REINVEST": kIgnore, "TRANSFER": kIgnore, "SPLIT": kIgnore, "JRNLSEC": kIgnore,
	"JRNLFUND": kIgnore, "CLOSUREOPT": kIgnore,
	"ORIGCURRENCY": kIgnore, // amounts are in CURDEF; this only tells where they came from
	"BANKACCTTO":   kIgnore, "CCACCTTO": kIgnore, "INVACCTTO": kIgnore,
	"BALLIST": kIgnore, "INVPOSLIST": kIgnore, "INVOOLIST": kIgnore,
	"INV401K": kIgnore, "INV401KBAL": kIgnore, "MKTGINFO": kIgnore, "REWARDINFO": kIgnore,
}

// leafNames are elements that are always leaves. With one of these, an
// element with no value ("<MEMO>" followed by the next tag) is an empty leaf
// at once, rather than an unknown element whose fate waits for an end tag.
var leafNames = map[string]bool{
	"TRNTYPE": true, "DTPOSTED": true, "DTUSER": true, "DTAVAIL": true, "TRNAMT": true,
	"FITID": true, "CORRECTFITID": true, "CORRECTACTION": true, "SRVRTID": true,
	"CHECKNUM": true, "REFNUM": true, "SIC": true, "PAYEEID": true, "NAME": true,
	"EXTDNAME": true, "MEMO": true, "INV401KSOURCE": true, "CURSYM": true, "CURRATE": true,
	"ACCTID": true, "BANKID": true, "BRANCHID": true, "ACCTTYPE": true, "ACCTKEY": true,
	"BROKERID": true, "CURDEF": true, "ORG": true, "FID": true, "BALAMT": true,
	"DTASOF": true, "DTSTART": true, "DTEND": true, "TOTAL": true, "DTTRADE": true,
	"DTSETTLE": true, "SUBACCTFUND": true, "SUBACCTSEC": true, "UNITS": true,
	"UNITPRICE": true, "COMMISSION": true, "FEES": true, "AVAILCASH": true,
	"INCOMETYPE": true, "UNIQUEID": true, "UNIQUEIDTYPE": true, "SECNAME": true,
	"TICKER": true, "CODE": true, "SEVERITY": true, "MESSAGE": true, "DTSERVER": true,
	"LANGUAGE": true, "TRNUID": true,
}

// field is one leaf value and the line it sits on.
type field struct {
	v    string
	line int
	set  bool
}

// rawTxn is a transaction as read, before its values are checked and
// converted. Each statement reuses one, since transactions do not nest.
type rawTxn struct {
	agg  string // "STMTTRN", or the investment aggregate: "BUYSTOCK", "INCOME"...
	line int
	pos  int // byte offset just past its start tag, to size the row slice

	trntype, dtposted, dtuser, trnamt, fitid, name, payee, memo, checknum, cursym field
	dttrade, dtsettle, total, subacctfund, uniqueid                               field
}

type bal struct{ amt, asOf field }

type stmt struct {
	agg  string // STMTRS, CCSTMTRS or INVSTMTRS
	line int

	tranList string // BANKTRANLIST or INVTRANLIST, for messages

	curdef   field
	currency money.Currency
	hasCur   bool

	bankID, brokerID, acctID, acctType field
	dtStart, dtEnd, asOf               field
	ledger, avail                      bal
	availCash                          field

	cur     rawTxn // the transaction being read
	txOpen  bool
	pending []rawTxn // transactions read before CURDEF

	txns     []statement.Transaction
	prevWall time.Time // DTPOSTED of the previous STMTTRN, for comment rows
	hasPrev  bool

	out  statement.Statement
	done bool
}

type secInfo struct{ id, name, ticker string }

type frame struct {
	name    string
	kind    kind
	line    int
	ign     bool
	st      *stmt
	tx      *rawTxn
	sec     *secInfo
	pending []pendingLeaf
}

type pendingLeaf struct {
	name, val string
	line      int
}

type fixup struct {
	st  *stmt
	idx int
	id  string
}

type parser struct {
	file  string
	sc    scanner
	meter *progress.Meter // the scanner's offset in the text
	stack []frame
	stmts []*stmt

	org, fid field
	// statusCode and statusMsg are those of the STATUS being read;
	// badStatus keeps the last one that was not a success, so that a file
	// without statements can say what the server said.
	statusCode, statusMsg, badStatus string
	secs                             map[string]secInfo
	fixups                           []fixup

	commentRows, rounded int
	notes                []string

	// defCur is the currency of statements without a CURDEF, when the
	// caller named one (Options.Currency).
	defCur money.Currency
}

const maxNotes = 20

func (p *parser) note(format string, args ...any) {
	if len(p.notes) < maxNotes {
		p.notes = append(p.notes, fmt.Sprintf(format, args...))
	}
}

// errorf builds the error for element agg (a name without brackets, so that
// the happy path never builds the "<STMTTRN>" string).
func (p *parser) errorf(line int, agg, fld string, err error, format string, args ...any) *statement.ParseError {
	return &statement.ParseError{File: p.file, Line: line, Element: "<" + agg + ">", Field: fld, Msg: fmt.Sprintf(format, args...), Err: err}
}

// run reads the whole body. Each start tag is decided with one token of
// look-ahead: followed by text it is a leaf (SGML style), followed by its own
// end tag it is a leaf (XML style, possibly empty), otherwise an aggregate.
func (p *parser) run() error {
	tok := p.sc.next()
	for tok.kind != tEOF {
		if err := p.meter.At(int64(p.sc.pos)); err != nil {
			return err
		}
		switch tok.kind {
		case tText:
			tok = p.sc.next()
		case tEnd:
			if err := p.end(tok.name); err != nil {
				return err
			}
			tok = p.sc.next()
		case tStart:
			name, line := tok.name, tok.line
			k, isAgg := aggregates[name]
			if tok.self {
				if isAgg {
					if err := p.open(name, k, line); err != nil {
						return err
					}
					if err := p.pop(false); err != nil {
						return err
					}
				} else if err := p.leaf(name, "", line); err != nil {
					return err
				}
				tok = p.sc.next()
				continue
			}
			next := p.sc.next()
			val, hasVal := "", false
			if next.kind == tText {
				val, hasVal = next.text, next.text != "" || next.cdata
				next = p.sc.next()
			}
			switch {
			case isAgg:
				// Text after an aggregate's tag is noise (Fidelity pads
				// "<INVBANKTRAN>    "); a known aggregate is never a leaf.
				if err := p.open(name, k, line); err != nil {
					return err
				}
				tok = next
			case next.kind == tEnd && next.name == name:
				if err := p.leaf(name, val, line); err != nil {
					return err
				}
				tok = p.sc.next()
			case hasVal || leafNames[name]:
				if err := p.leaf(name, val, line); err != nil {
					return err
				}
				tok = next
			default:
				if err := p.open(name, kUnknown, line); err != nil {
					return err
				}
				tok = next
			}
		}
	}
	return p.eof()
}

// target is the frame a leaf at stack index i belongs to: the nearest one
// that is not a pass-through wrapper.
func (p *parser) target(i int) *frame {
	for ; i >= 0; i-- {
		if p.stack[i].kind != kPass {
			return &p.stack[i]
		}
	}
	return nil
}

func (p *parser) leaf(name, val string, line int) error {
	f := p.target(len(p.stack) - 1)
	if f == nil {
		return nil
	}
	return p.apply(f, name, val, line)
}

func (p *parser) apply(f *frame, name, val string, line int) error {
	if f.ign {
		return nil
	}
	v := field{v: val, line: line, set: true}
	switch f.kind {
	case kUnknown:
		f.pending = append(f.pending, pendingLeaf{name, val, line})
	case kFI:
		switch name {
		case "ORG":
			p.org = v
		case "FID":
			p.fid = v
		}
	case kStatus:
		switch name {
		case "CODE":
			p.statusCode = val
		case "MESSAGE":
			p.statusMsg = val
		}
	case kStmt:
		switch name {
		case "CURDEF":
			f.st.curdef = v
			if strings.TrimSpace(val) == "" {
				// An empty CURDEF says no more than a missing one: the
				// statement takes the caller's currency at its end.
				return nil
			}
			c, err := money.Lookup(val)
			if err != nil {
				return p.errorf(line, f.st.agg, "CURDEF", err, "unknown currency %q", val)
			}
			f.st.currency, f.st.hasCur = c, true
			return p.flushPending(f.st)
		case "DTASOF":
			f.st.asOf = v
		}
	case kAcctFrom:
		switch name {
		case "BANKID":
			f.st.bankID = v
		case "BROKERID":
			f.st.brokerID = v
		case "ACCTID":
			f.st.acctID = v
		case "ACCTTYPE":
			f.st.acctType = v
		}
	case kTranList:
		switch name {
		case "DTSTART":
			f.st.dtStart = v
		case "DTEND":
			f.st.dtEnd = v
		}
	case kTrn, kTrade:
		t := f.tx
		switch name {
		case "TRNTYPE":
			t.trntype = v
		case "DTPOSTED":
			t.dtposted = v
		case "DTUSER":
			t.dtuser = v
		case "TRNAMT":
			t.trnamt = v
		case "FITID":
			t.fitid = v
		case "NAME":
			t.name = v
		case "MEMO":
			t.memo = v
		case "CHECKNUM":
			t.checknum = v
		case "DTTRADE":
			t.dttrade = v
		case "DTSETTLE":
			t.dtsettle = v
		case "TOTAL":
			t.total = v
		case "SUBACCTFUND":
			t.subacctfund = v
		case "UNIQUEID":
			t.uniqueid = v
		}
	case kPayee:
		if name == "NAME" {
			f.tx.payee = v
		}
	case kCurrency:
		if name == "CURSYM" {
			f.tx.cursym = v
		}
	case kLedgerBal, kAvailBal:
		b := &f.st.ledger
		if f.kind == kAvailBal {
			b = &f.st.avail
		}
		switch name {
		case "BALAMT":
			b.amt = v
		case "DTASOF":
			b.asOf = v
		}
	case kInvBal:
		if name == "AVAILCASH" {
			f.st.availCash = v
		}
	case kSecInfo:
		switch name {
		case "UNIQUEID":
			f.sec.id = val
		case "SECNAME":
			f.sec.name = val
		case "TICKER":
			f.sec.ticker = val
		}
	}
	return nil
}

// mustClose are the elements that, left open at the end of the file, mean
// the file was cut: rows or whole statements may be missing.
func mustClose(k kind) bool {
	switch k {
	case kStmt, kTranList, kTrn, kTrade:
		return true
	}
	return false
}

// maxDepth bounds nesting. Real files nest about ten deep; the bound keeps
// the stack searches below cheap on crafted input.
const maxDepth = 200

func (p *parser) open(name string, k kind, line int) error {
	// No OFX aggregate contains one of its own name, so the same name opening
	// inside itself means the first one's end tag was left out
	// ("<STMTTRN>...<STMTTRN>"), or that it was an empty SGML leaf unknown
	// to this package ("<X.FLAG>" once per row); close the first one here.
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].name == name {
			if err := p.closeTo(i); err != nil {
				return err
			}
			break
		}
	}
	if len(p.stack) >= maxDepth {
		return p.errorf(line, name, "", nil, "elements nested more than %d deep: this is not an OFX file", maxDepth)
	}
	var parent frame
	if n := len(p.stack); n > 0 {
		parent = p.stack[n-1]
	}
	f := frame{name: name, kind: k, line: line, ign: parent.ign || k == kIgnore, st: parent.st, tx: parent.tx, sec: parent.sec}
	if !f.ign {
		switch k {
		case kStmt:
			f.st = &stmt{agg: name, line: line}
			f.tx, f.sec = nil, nil
			p.stmts = append(p.stmts, f.st)
		case kTrn, kTrade:
			if f.st == nil || f.tx != nil || k == kTrade && f.st.agg != "INVSTMTRS" {
				f.ign = true
				break
			}
			if f.st.txOpen {
				// Another row of this statement is still open in an
				// unexpected place; finish it first.
				for i := len(p.stack) - 1; i >= 0; i-- {
					if p.stack[i].tx == &f.st.cur && (p.stack[i].kind == kTrn || p.stack[i].kind == kTrade) {
						if err := p.closeTo(i); err != nil {
							return err
						}
						break
					}
				}
			}
			f.st.cur = rawTxn{agg: name, line: line, pos: p.sc.pos}
			f.st.txOpen = true
			f.tx = &f.st.cur
		case kAcctFrom, kTranList, kLedgerBal, kAvailBal, kInvBal:
			f.ign = f.st == nil
			if k == kTranList && !f.ign {
				f.st.tranList = name
			}
		case kPayee, kCurrency:
			f.ign = f.tx == nil
		case kSecInfo:
			f.sec = &secInfo{}
		case kStatus:
			p.statusCode, p.statusMsg = "", ""
		}
	}
	p.stack = append(p.stack, f)
	return nil
}

// end handles an end tag: it closes the innermost open element of that name
// and, implicitly, everything opened inside it. An end tag that matches
// nothing open (a closed leaf such as </CODE> after the value was taken, or a
// stray one) is ignored.
func (p *parser) end(name string) error {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].name == name {
			if err := p.closeTo(i + 1); err != nil {
				return err
			}
			return p.pop(false)
		}
	}
	return nil
}

// closeTo implicitly closes the frames at index i and above.
func (p *parser) closeTo(i int) error {
	for len(p.stack) > i {
		if err := p.pop(true); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) pop(implicit bool) error {
	n := len(p.stack) - 1
	f := p.stack[n]
	p.stack = p.stack[:n]
	if f.ign {
		return nil
	}
	switch f.kind {
	case kUnknown:
		if !implicit || len(f.pending) == 0 {
			break
		}
		t := p.target(len(p.stack) - 1)
		switch {
		case t == nil:
		case t.kind == kUnknown && !t.ign:
			// Still undecided one level up: hand the leaves over whole.
			if len(t.pending) == 0 {
				t.pending = f.pending
			} else {
				t.pending = append(t.pending, f.pending...)
			}
		default:
			for _, l := range f.pending {
				if err := p.apply(t, l.name, l.val, l.line); err != nil {
					return err
				}
			}
		}
	case kTrn, kTrade:
		return p.endTxn(f.st)
	case kStmt:
		return p.endStmt(f.st)
	case kStatus:
		if p.statusCode != "" && p.statusCode != "0" {
			p.badStatus = fmt.Sprintf("code %s", p.statusCode)
			if p.statusMsg != "" {
				p.badStatus += " " + p.statusMsg
			}
		}
	case kSecInfo:
		if f.sec.id != "" {
			if p.secs == nil {
				p.secs = make(map[string]secInfo)
			}
			p.secs[f.sec.id] = *f.sec
		}
	}
	return nil
}

func (p *parser) endTxn(st *stmt) error {
	if !st.txOpen {
		return nil
	}
	st.txOpen = false
	if !st.hasCur {
		// CURDEF comes first in every statement the spec allows, but if a
		// bank writes it late, the row waits for it rather than guessing.
		st.pending = append(st.pending, st.cur)
		return nil
	}
	return p.convert(st, &st.cur)
}

func (p *parser) flushPending(st *stmt) error {
	for i := range st.pending {
		if err := p.convert(st, &st.pending[i]); err != nil {
			return err
		}
	}
	st.pending = nil
	return nil
}

// convert checks a finished row and appends it to its statement.
func (p *parser) convert(st *stmt, r *rawTxn) error {
	el := r.agg
	cur := st.currency
	if r.cursym.set && r.cursym.v != "" {
		c, err := money.Lookup(r.cursym.v)
		if err != nil {
			return p.errorf(r.cursym.line, el, "CURSYM", err, "unknown currency %q", r.cursym.v)
		}
		cur = c
	}
	if r.agg != "STMTTRN" {
		return p.convertTrade(st, r, el, cur)
	}
	if !r.trnamt.set || r.trnamt.v == "" {
		return p.errorf(lineOf(r.trnamt, r.line), el, "TRNAMT", nil, "missing: every transaction needs an amount")
	}
	amount, err := p.amount(r.trnamt, cur, el, "TRNAMT")
	if err != nil {
		return err
	}
	if !r.dtposted.set || r.dtposted.v == "" {
		return p.errorf(lineOf(r.dtposted, r.line), el, "DTPOSTED", nil, "missing: every transaction needs a posting date")
	}
	posted, err := parseDate(r.dtposted.v)
	if err != nil {
		return p.errorf(r.dtposted.line, el, "DTPOSTED", err, "bad date %q", r.dtposted.v)
	}
	var user time.Time
	if r.dtuser.set && r.dtuser.v != "" {
		if user, err = parseDate(r.dtuser.v); err != nil {
			return p.errorf(r.dtuser.line, el, "DTUSER", err, "bad date %q", r.dtuser.v)
		}
	}
	// A zero row with the same time as the row before is how some banks
	// carry text that did not fit the previous row's NAME (ledger-autosync's
	// rule, from real Chase-style downloads). It moves no money; importing it
	// would only add a bogus $0 line.
	comment := amount == 0 && st.hasPrev && posted.Equal(st.prevWall)
	st.prevWall, st.hasPrev = posted, true
	if comment {
		p.commentRows++
		p.note("%s:%d: dropped a zero-amount row dated like the one before it, a bank comment: %q", p.file, r.line, r.name.v)
		return nil
	}
	payee := r.name.v
	if payee == "" {
		payee = r.payee.v
	}
	p.reserve(st, r)
	st.txns = append(st.txns, statement.Transaction{
		ExternalID:  r.fitid.v,
		Posted:      dateOnly(posted),
		Transacted:  user,
		Amount:      amount,
		Currency:    cur.Code,
		Payee:       payee,
		Memo:        r.memo.v,
		Type:        trnType(r.trntype.v),
		CheckNumber: r.checknum.v,
		Line:        r.line,
	})
	return nil
}

// convertTrade turns an investment transaction into the cash movement it
// causes: its TOTAL, on its settlement date. Rows whose cash comes from or
// goes outside the account (SUBACCTFUND OTHER, as in 401(k) contributions
// bought straight from payroll) are not cash of this account and are left
// out.
func (p *parser) convertTrade(st *stmt, r *rawTxn, el string, cur money.Currency) error {
	if strings.EqualFold(r.subacctfund.v, "OTHER") {
		return nil
	}
	if !r.total.set || r.total.v == "" {
		return p.errorf(lineOf(r.total, r.line), el, "TOTAL", nil, "missing: an investment transaction needs its cash total")
	}
	amount, err := p.amount(r.total, cur, el, "TOTAL")
	if err != nil {
		return err
	}
	if !r.dttrade.set || r.dttrade.v == "" {
		return p.errorf(lineOf(r.dttrade, r.line), el, "DTTRADE", nil, "missing: an investment transaction needs a trade date")
	}
	trade, err := parseDate(r.dttrade.v)
	if err != nil {
		return p.errorf(r.dttrade.line, el, "DTTRADE", err, "bad date %q", r.dttrade.v)
	}
	posted := trade
	if r.dtsettle.set && r.dtsettle.v != "" {
		if posted, err = parseDate(r.dtsettle.v); err != nil {
			return p.errorf(r.dtsettle.line, el, "DTSETTLE", err, "bad date %q", r.dtsettle.v)
		}
	}
	p.reserve(st, r)
	st.txns = append(st.txns, statement.Transaction{
		ExternalID: r.fitid.v,
		Posted:     dateOnly(posted),
		Transacted: trade,
		Amount:     amount,
		Currency:   cur.Code,
		Memo:       r.memo.v,
		Type:       r.agg,
		Line:       r.line,
	})
	p.fixups = append(p.fixups, fixup{st: st, idx: len(st.txns) - 1, id: r.uniqueid.v})
	return nil
}

// reserve sizes a statement's row slice when its first row comes, from the
// size of that row and what is left of the file: growing a slice of 100,000
// rows by doubling copies it a dozen times. An overestimate (several
// statements in one file) is trimmed by endStmt.
func (p *parser) reserve(st *stmt, r *rawTxn) {
	if cap(st.txns) > 0 {
		return
	}
	rowBytes := p.sc.pos - r.pos
	if rowBytes < 64 || r.pos > p.sc.pos {
		rowBytes = 64 // no real row is shorter
	}
	n := (len(p.sc.s)-p.sc.pos)/rowBytes + 2
	st.txns = make([]statement.Transaction, 0, min(n, 1<<20))
}

func lineOf(f field, fallback int) int {
	if f.set {
		return f.line
	}
	return fallback
}

// amount parses an amount field, counting and noting a rounding.
func (p *parser) amount(f field, cur money.Currency, el, name string) (int64, error) {
	v, rounded, err := parseAmount(f.v, cur.Exponent)
	if err != nil {
		return 0, p.errorf(f.line, el, name, err, "bad amount %q", f.v)
	}
	if rounded {
		p.rounded++
		p.note("%s:%d <%s> %s: %s rounded to %s %s", p.file, f.line, el, name, f.v,
			money.FormatMinor(v, cur.Exponent, false), cur.Code)
	}
	return v, nil
}

// trnType returns the common TRNTYPE words as constants, so that 100,000
// rows share a handful of strings instead of pinning the file's text.
func trnType(s string) string {
	for _, w := range [...]string{"DEBIT", "CREDIT", "POS", "CHECK", "DEP", "ATM", "XFER",
		"PAYMENT", "FEE", "SRVCHG", "INT", "DIV", "DIRECTDEP", "DIRECTDEBIT", "REPEATPMT", "CASH", "OTHER", "HOLD"} {
		if s == w {
			return w
		}
	}
	return s
}

// endStmt checks what a statement says beyond its rows.
func (p *parser) endStmt(st *stmt) error {
	if st.done {
		return nil
	}
	assumed := false
	if !st.hasCur {
		// The spec requires CURDEF; files without one (or with an empty
		// one) are read in the caller's currency, else USD: most come
		// from US banks, and the import says it assumed so.
		if p.defCur.Code != "" {
			st.currency = p.defCur
		} else {
			st.currency, assumed = money.MustLookup("USD"), true
		}
		st.hasCur = true
	}
	if err := p.flushPending(st); err != nil {
		return err
	}
	if cap(st.txns) > 2*len(st.txns)+16 {
		st.txns = append([]statement.Transaction(nil), st.txns...)
	}
	list := st.tranList
	if list == "" {
		list = st.agg
	}
	out := statement.Statement{
		Format:       "ofx",
		Transactions: st.txns,
		Account: statement.AccountInfo{
			ExternalID:      st.acctID.v,
			Currency:        st.currency.Code,
			CurrencyAssumed: assumed,
		},
	}
	switch st.agg {
	case "STMTRS":
		out.Account.Type = acctType(st.acctType.v)
		out.Account.InstitutionID = st.bankID.v
	case "CCSTMTRS":
		out.Account.Type = "credit"
	case "INVSTMTRS":
		out.Account.Type = "brokerage"
		out.Account.InstitutionID = st.brokerID.v
	}
	var err error
	if out.Start, err = p.optDate(st.dtStart, list, "DTSTART"); err != nil {
		return err
	}
	if out.End, err = p.optDate(st.dtEnd, list, "DTEND"); err != nil {
		return err
	}
	if out.Balance, err = p.balance(st.ledger, st.currency, "LEDGERBAL"); err != nil {
		return err
	}
	if out.Available, err = p.balance(st.avail, st.currency, "AVAILBAL"); err != nil {
		return err
	}
	if st.agg == "INVSTMTRS" && out.Balance == nil {
		// The cash of a brokerage account is INVBAL's AVAILCASH, as of the
		// statement's DTASOF.
		if out.Balance, err = p.balance(bal{amt: st.availCash, asOf: st.asOf}, st.currency, "INVBAL"); err != nil {
			return err
		}
	}
	st.out, st.done = out, true
	return nil
}

func (p *parser) optDate(f field, el, name string) (time.Time, error) {
	if !f.set || f.v == "" {
		return time.Time{}, nil
	}
	t, err := parseDate(f.v)
	if err != nil {
		return time.Time{}, p.errorf(f.line, el, name, err, "bad date %q", f.v)
	}
	return t, nil
}

func (p *parser) balance(b bal, cur money.Currency, el string) (*statement.Balance, error) {
	if !b.amt.set || b.amt.v == "" {
		return nil, nil
	}
	name := "BALAMT"
	if el == "INVBAL" {
		name = "AVAILCASH"
	}
	v, err := p.amount(b.amt, cur, el, name)
	if err != nil {
		return nil, err
	}
	d, err := p.optDate(b.asOf, el, "DTASOF")
	if err != nil {
		return nil, err
	}
	return &statement.Balance{Amount: v, Currency: cur.Code, Date: d}, nil
}

// eof checks that the file was whole and assembles the statements.
func (p *parser) eof() error {
	for i := len(p.stack) - 1; i >= 0; i-- {
		f := p.stack[i]
		if !f.ign && mustClose(f.kind) {
			last := 1 + strings.Count(strings.TrimRight(p.sc.s, " \t\n"), "\n")
			return p.errorf(f.line, f.name, "", nil,
				"the file ends (line %d) before </%s>: it is truncated", last, f.name)
		}
	}
	return nil
}

// statements returns what was read, with the file-level facts (the FI from
// the sign-on, security names from SECLIST) filled in.
func (p *parser) statements() []statement.Statement {
	for _, fx := range p.fixups {
		t := &fx.st.txns[fx.idx]
		sec := p.secs[fx.id]
		switch {
		case sec.name != "":
			t.Payee = sec.name
		case sec.ticker != "":
			t.Payee = sec.ticker
		case fx.id != "":
			t.Payee = fx.id
		default:
			t.Payee = t.Memo
		}
	}
	var out []statement.Statement
	for _, st := range p.stmts {
		if st.done {
			out = append(out, st.out)
		}
	}
	for i := range out {
		a := &out[i].Account
		a.Institution = p.org.v
		if p.fid.v != "" {
			a.InstitutionID = p.fid.v
		}
		out[i].Origin = p.file
		if len(out) > 1 {
			out[i].Origin = fmt.Sprintf("%s statement %d", p.file, i+1)
		}
	}
	return out
}
