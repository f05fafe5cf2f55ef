// Package camt reads ISO 20022 CAMT.053 bank-to-customer statements (XML,
// versions camt.053.001.02 to .001.08) into statement.Statements.
//
// Elements are matched by local name, whatever their namespace or prefix:
// the versions differ in namespace but hardly in the parts read here, and
// banks are loose with prefixes. The file is streamed: only one entry
// (Ntry) is held in memory at a time, so a year of a business account's
// statements costs little more than its transactions.
//
// Each Stmt becomes one Statement. The account is Acct/Id/IBAN, or the
// non-IBAN Acct/Id/Othr/Id; its currency is Acct/Ccy, or when that is
// missing the currency of the first entry (else the first balance). The
// closing booked balance (CLBD) becomes Statement.Balance and the closing
// available one (CLAV) Statement.Available, each with its own currency and
// date; opening balances (OPBD, PRCD) and the rest are checked but have no
// place in a Statement. A DBIT indicator makes an amount negative, for
// balances as for entries. Entries that do not add up to the balances are
// imported as they are: reconciling is the ingest engine's job, and a bank's
// file should not be refused for the bank's arithmetic.
//
// Entries (Ntry): BookgDt is Posted (the date as written, at UTC midnight),
// ValDt is Transacted; Sts PDNG, INFO or FUTR (as text or, from version 8,
// in Sts/Cd) marks the row Pending; BkTxCd gives Type ("PMNT/RCDT/ESCT",
// or the proprietary code), with " RVSL" appended when RvslInd is true.
// RvslInd does not change the sign: CdtDbtInd already says which way the
// reversal moved the money. The payee is the counterparty: the creditor
// (Cdtr, else UltmtCdtr) of money going out, the debtor (Dbtr, else
// UltmtDbtr) of money coming in. The memo is the unstructured remittance
// information (RmtInf/Ustrd, joined), else AddtlNtryInf, else AddtlTxInf,
// else the structured creditor reference.
//
// ExternalID is the most specific reference the bank itself assigned,
// because it stays the same when the bank sends the entry again:
// TxDtls/Refs/AcctSvcrRef, then Ntry/AcctSvcrRef, then NtryRef. Only when
// the bank gave none is the payer's EndToEndId used ("NOTPROVIDED" does
// not count); failing all of those it is empty and the engine matches on
// date, amount and payee.
//
// Batches: an entry with several TxDtls (a batch of direct debits, say) is
// imported as one transaction per TxDtls, with the TxDtls amount (TxDtls/
// Amt, else AmtDtls/TxAmt/Amt) signed by the TxDtls's CdtDbtInd or else the
// entry's, provided every part has an amount in the entry's currency and
// the parts add up to the entry. Otherwise the entry stays one transaction,
// since the entry amount is what moved on the account. Parts without a
// reference of their own get the entry's reference with "/n" appended.
//
// Files are taken whole or not at all: invalid XML, a missing or broken
// amount, an unknown currency or an unreadable date gives a
// *statement.ParseError naming the file, the line and the element path
// ("Stmt[1]/Ntry[3]/Amt"), and no statements. Extra decimals are accepted
// when they are zeros ("18.150" EUR is 18.15) and refused otherwise, since
// rounding them away would change the amount.
package camt

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"encoding/xml"

	"golang.org/x/text/encoding/htmlindex"

	"penny/internal/progress"
	"penny/money"
	"penny/statement"
)

// Format is the Statement.Format of CAMT.053 statements.
const Format = "camt053"

// maxDepth bounds element nesting. Real statements nest about 12 deep;
// the bound keeps a hostile file from growing the stack without limit.
const maxDepth = 64

// Parse reads a CAMT.053 file and returns one Statement per Stmt element,
// in file order. name is used in messages and Origins. See the package
// comment for how elements map to the Statement.
func Parse(r io.Reader, name string) ([]statement.Statement, error) {
	return ParseContext(context.Background(), r, name)
}

// ParseContext is Parse that stops, returning ctx's error and no
// statements, soon after ctx is cancelled, and reports its progress to
// ctx's progress reporter (phase "parse", in bytes read). The decoder reads
// as it parses, so a check at every read is a check every few elements.
func ParseContext(ctx context.Context, r io.Reader, name string) ([]statement.Statement, error) {
	var total int64
	if l, ok := r.(interface{ Len() int }); ok {
		total = int64(l.Len())
	}
	br := bufio.NewReader(progress.Reader(ctx, r, "parse", total))
	// encoding/xml does not skip a byte order mark; some banks write one.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	p := &parser{file: name, dec: xml.NewDecoder(br)}
	p.dec.CharsetReader = charsetReader
	sts, err := p.document()
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			// The decoder may have wrapped the cancellation in a syntax
			// error of its own; what stopped the parse is the context.
			return nil, cerr
		}
		return nil, err
	}
	return sts, nil
}

// Sniff reports whether head, the first bytes of a file, is a CAMT.053
// statement: XML whose root element is a Document in a camt.053 namespace
// (any version), or that holds a BkToCstmrStmt element. head may end in
// the middle of a tag.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) == 0 || t[0] != '<' {
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(head))
	dec.CharsetReader = charsetReader
	first := true
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if first && se.Name.Local == "Document" && strings.HasPrefix(se.Name.Space, "urn:iso:std:iso:20022:tech:xsd:camt.053.") {
			return true
		}
		first = false
		if se.Name.Local == "BkToCstmrStmt" {
			return true
		}
	}
}

// charsetReader lets the decoder read the encodings banks declare
// (ISO-8859-1, windows-1252...), not only UTF-8.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return enc.NewDecoder().Reader(input), nil
}

// node is an element read into memory: one Stmt child, such as an Acct,
// a Bal or an Ntry, with everything inside it.
type node struct {
	name   string
	idx    int // 1-based among same-named siblings
	ccy    string
	text   string
	line   int
	kids   []*node
	parent *node
}

// child returns the first child element with the given local name, or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// at follows a path of child names.
func (n *node) at(names ...string) *node {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// textAt returns the text of the element at the path, "" when missing.
func (n *node) textAt(names ...string) string {
	if m := n.at(names...); m != nil {
		return m.text
	}
	return ""
}

// all returns the children with the given local name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// repeatable names get an index in paths, as they occur more than once.
var repeatable = map[string]bool{"Stmt": true, "Bal": true, "Ntry": true, "NtryDtls": true, "TxDtls": true, "Ustrd": true}

// path names the element for messages, from its Stmt down:
// "Stmt[1]/Ntry[3]/Amt".
func (n *node) path() string {
	var parts []string
	for m := n; m != nil; m = m.parent {
		if repeatable[m.name] {
			parts = append(parts, fmt.Sprintf("%s[%d]", m.name, m.idx))
		} else {
			parts = append(parts, m.name)
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

type parser struct {
	file  string
	dec   *xml.Decoder
	stack []xml.Name // open elements, to check that end tags match
}

// line is the decoder's current line, which after a start tag is the
// line the tag ends on.
func (p *parser) line() int {
	l, _ := p.dec.InputPos()
	return l
}

func (p *parser) openPath() string {
	names := make([]string, len(p.stack))
	for i, n := range p.stack {
		names[i] = n.Local
	}
	return strings.Join(names, "/")
}

// next returns the next token. It uses RawToken, which leaves namespaces
// alone (this package matches local names only) and is faster than Token,
// and so checks itself that end tags match and that the file does not end
// inside an element. io.EOF is returned only at a clean end.
func (p *parser) next() (xml.Token, error) {
	tok, err := p.dec.RawToken()
	if err == io.EOF {
		if len(p.stack) > 0 {
			return nil, &statement.ParseError{File: p.file, Line: p.line(), Element: p.openPath(), Msg: fmt.Sprintf("invalid XML: the file ends inside <%s>", p.stack[len(p.stack)-1].Local)}
		}
		return nil, io.EOF
	}
	if err != nil {
		line := p.line()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			line = se.Line
		}
		return nil, &statement.ParseError{File: p.file, Line: line, Element: p.openPath(), Msg: "invalid XML", Err: err}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		p.stack = append(p.stack, t.Name)
		if len(p.stack) > maxDepth {
			return nil, &statement.ParseError{File: p.file, Line: p.line(), Msg: fmt.Sprintf("invalid XML: elements nested more than %d deep", maxDepth)}
		}
	case xml.EndElement:
		if len(p.stack) == 0 {
			return nil, &statement.ParseError{File: p.file, Line: p.line(), Msg: fmt.Sprintf("invalid XML: </%s> closes nothing", t.Name.Local)}
		}
		if open := p.stack[len(p.stack)-1]; open != t.Name {
			return nil, &statement.ParseError{File: p.file, Line: p.line(), Element: p.openPath(), Msg: fmt.Sprintf("invalid XML: <%s> is closed by </%s>", qname(open), qname(t.Name))}
		}
		p.stack = p.stack[:len(p.stack)-1]
	}
	return tok, nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// skip reads past the rest of the element just opened.
func (p *parser) skip() error {
	depth := len(p.stack)
	for len(p.stack) >= depth {
		if _, err := p.next(); err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF // next reports EOF inside elements itself
			}
			return err
		}
	}
	return nil
}

// document reads the whole file: the root, the statements and whatever
// follows the root, which must be nothing but comments and white space.
func (p *parser) document() ([]statement.Statement, error) {
	var root *xml.StartElement
	for root == nil {
		tok, err := p.next()
		if err == io.EOF {
			return nil, &statement.ParseError{File: p.file, Msg: "not a CAMT.053 file: no XML element"}
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			root = &t
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, &statement.ParseError{File: p.file, Line: p.line(), Msg: "not a CAMT.053 file: text before the root element"}
			}
		}
	}
	var sts []statement.Statement
	var err error
	switch root.Name.Local {
	case "BkToCstmrStmt":
		sts, err = p.bkToCstmrStmt(sts)
	case "Document":
		found := false
		for len(p.stack) > 0 && err == nil {
			var tok xml.Token
			tok, err = p.next()
			if err != nil {
				break
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if se.Name.Local != "BkToCstmrStmt" {
				return nil, &statement.ParseError{File: p.file, Line: p.line(), Element: "Document/" + se.Name.Local, Msg: fmt.Sprintf("not a CAMT.053 statement: the Document holds <%s>, not <BkToCstmrStmt>", se.Name.Local)}
			}
			found = true
			sts, err = p.bkToCstmrStmt(sts)
		}
		if err == nil && !found {
			return nil, &statement.ParseError{File: p.file, Element: "Document", Msg: "not a CAMT.053 statement: the Document has no <BkToCstmrStmt>"}
		}
	default:
		return nil, &statement.ParseError{File: p.file, Line: p.line(), Element: root.Name.Local, Msg: fmt.Sprintf("not a CAMT.053 file: the root element is <%s>, not <Document>", root.Name.Local)}
	}
	if err != nil {
		return nil, err
	}
	for {
		tok, err := p.next()
		if err == io.EOF {
			return sts, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return nil, &statement.ParseError{File: p.file, Line: p.line(), Msg: fmt.Sprintf("invalid XML: <%s> after the root element", t.Name.Local)}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, &statement.ParseError{File: p.file, Line: p.line(), Msg: "invalid XML: text after the root element"}
			}
		}
	}
}

// bkToCstmrStmt reads the message whose start tag was just read, adding
// a Statement per Stmt to sts.
func (p *parser) bkToCstmrStmt(sts []statement.Statement) ([]statement.Statement, error) {
	depth := len(p.stack)
	for len(p.stack) >= depth {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "Stmt" {
			if err := p.skip(); err != nil {
				return nil, err
			}
			continue
		}
		st, err := p.stmt(len(sts) + 1)
		if err != nil {
			return nil, err
		}
		sts = append(sts, st)
	}
	return sts, nil
}

// build reads the element whose start tag was just read into a node.
func (p *parser) build(se xml.StartElement, parent *node, idx int) (*node, error) {
	n := &node{name: se.Name.Local, idx: idx, line: p.line(), parent: parent}
	for _, a := range se.Attr {
		if a.Name.Local == "Ccy" {
			n.ccy = strings.TrimSpace(a.Value)
		}
	}
	var text []byte
	for {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			k := 1
			for _, s := range n.kids {
				if s.name == t.Name.Local {
					k++
				}
			}
			kid, err := p.build(t, n, k)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, kid)
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			n.text = string(bytes.TrimSpace(text))
			return n, nil
		}
	}
}

func (p *parser) errAt(n *node, msg string, err error) error {
	return &statement.ParseError{File: p.file, Line: n.line, Element: n.path(), Msg: msg, Err: err}
}

// stmtState is what a statement's children leave for the ones after them.
type stmtState struct {
	node     *node // the Stmt, without its children, for paths
	currency string
	acct     *node
	firstCcy string // of the first amount, in case Acct has no Ccy
}

// stmt reads the Stmt element whose start tag was just read. Its children
// are read one at a time; entries are converted and dropped as they come.
func (p *parser) stmt(idx int) (statement.Statement, error) {
	s := &stmtState{node: &node{name: "Stmt", idx: idx, line: p.line()}}
	st := statement.Statement{Format: Format}
	counts := map[string]int{}
	var bals []*node
	var id string
	depth := len(p.stack)
	for len(p.stack) >= depth {
		tok, err := p.next()
		if err != nil {
			return st, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		counts[se.Name.Local]++
		kid, err := p.build(se, s.node, counts[se.Name.Local])
		if err != nil {
			return st, err
		}
		switch kid.name {
		case "Id":
			id = kid.text
		case "Acct":
			if err := p.account(kid, s, &st.Account); err != nil {
				return st, err
			}
		case "FrToDt":
			if err := p.window(kid, &st); err != nil {
				return st, err
			}
		case "Bal":
			bals = append(bals, kid)
			if s.firstCcy == "" {
				s.firstCcy = kid.at("Amt").ccyOrEmpty()
			}
		case "Ntry":
			if s.firstCcy == "" {
				s.firstCcy = kid.at("Amt").ccyOrEmpty()
			}
			txns, err := p.entry(kid, s)
			if err != nil {
				return st, err
			}
			st.Transactions = append(st.Transactions, txns...)
		}
	}
	if s.acct == nil {
		return st, p.errAt(s.node, "statement has no <Acct>", nil)
	}
	if st.Account.Currency == "" {
		if s.firstCcy == "" {
			return st, p.errAt(s.acct, "cannot tell the account's currency: no <Ccy> and no amounts", nil)
		}
		c, err := money.Lookup(s.firstCcy)
		if err != nil {
			return st, p.errAt(s.acct, fmt.Sprintf("cannot use currency %q", s.firstCcy), err)
		}
		st.Account.Currency = c.Code
	}
	for _, b := range bals {
		if err := p.balance(b, s, &st); err != nil {
			return st, err
		}
	}
	st.Origin = fmt.Sprintf("%s: Stmt[%d]", p.file, idx)
	if id != "" {
		st.Origin += " " + id
	}
	return st, nil
}

func (n *node) ccyOrEmpty() string {
	if n == nil {
		return ""
	}
	return n.ccy
}

// accountTypes maps ISO cash account type codes to the app's words.
var accountTypes = map[string]string{
	"CACC": "checking", "CASH": "checking", "TRAN": "checking", "SACC": "checking",
	"SVGS": "savings", "CARD": "credit", "LOAN": "loan", "MGLD": "checking", "MOMA": "moneymarket",
}

// account reads Acct into info.
func (p *parser) account(n *node, s *stmtState, info *statement.AccountInfo) error {
	s.acct = n
	info.ExternalID = n.textAt("Id", "IBAN")
	if info.ExternalID == "" {
		info.ExternalID = n.textAt("Id", "Othr", "Id")
	}
	info.Name = n.textAt("Nm")
	info.Type = accountTypes[n.textAt("Tp", "Cd")]
	fi := n.at("Svcr", "FinInstnId")
	info.InstitutionID = fi.textAt("BIC")
	if info.InstitutionID == "" {
		info.InstitutionID = fi.textAt("BICFI")
	}
	info.Institution = fi.textAt("Nm")
	if c := n.child("Ccy"); c != nil {
		cur, err := money.Lookup(c.text)
		if err != nil {
			return p.errAt(c, fmt.Sprintf("cannot use currency %q", clip(c.text)), err)
		}
		info.Currency = cur.Code
		s.currency = cur.Code
	}
	return nil
}

// window reads FrToDt into the statement's Start and End.
func (p *parser) window(n *node, st *statement.Statement) error {
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"FrDtTm", &st.Start}, {"ToDtTm", &st.End}} {
		e := n.child(f.name)
		if e == nil {
			continue
		}
		t, err := parseDateTime(e.text)
		if err != nil {
			return p.errAt(e, fmt.Sprintf("cannot read date and time %q", clip(e.text)), err)
		}
		// Instants, in UTC like every other time in a Statement.
		*f.dst = t.UTC()
	}
	return nil
}

// balance reads one Bal; CLBD and CLAV are kept, the others only checked.
func (p *parser) balance(n *node, s *stmtState, st *statement.Statement) error {
	code := n.textAt("Tp", "CdOrPrtry", "Cd")
	if code == "" {
		code = n.textAt("Tp", "CdOrPrtry", "Prtry")
	}
	amt, ccy, err := p.signedAmount(n, n.child("Amt"), n.child("CdtDbtInd"), s.currency)
	if err != nil {
		return err
	}
	dn := n.child("Dt")
	if dn == nil {
		return p.errAt(n, "balance has no <Dt>", nil)
	}
	date, _, err := p.dateOf(dn)
	if err != nil {
		return err
	}
	b := &statement.Balance{Amount: amt, Currency: ccy, Date: date}
	switch code {
	case "CLBD":
		st.Balance = b
	case "CLAV":
		st.Available = b
	}
	return nil
}

// signedAmount reads an Amt element and its CdtDbtInd: DBIT is negative.
func (p *parser) signedAmount(parent, amt, ind *node, fallback string) (int64, string, error) {
	if amt == nil {
		return 0, "", p.errAt(parent, "missing <Amt>", nil)
	}
	v, ccy, err := p.amount(amt, fallback)
	if err != nil {
		return 0, "", err
	}
	if ind == nil {
		return 0, "", p.errAt(parent, "missing <CdtDbtInd>: cannot tell credit from debit", nil)
	}
	switch ind.text {
	case "CRDT":
		return v, ccy, nil
	case "DBIT":
		return -v, ccy, nil
	}
	return 0, "", p.errAt(ind, fmt.Sprintf("CdtDbtInd is %q, not CRDT or DBIT", clip(ind.text)), nil)
}

// amount reads an unsigned ISO amount in minor units of its Ccy attribute
// (or fallback when it has none). Only digits and one decimal point are
// accepted, as the schema says; a sign, a comma or an exponent would make
// the amount ambiguous.
func (p *parser) amount(n *node, fallback string) (int64, string, error) {
	code := n.ccy
	if code == "" {
		code = fallback
	}
	if code == "" {
		return 0, "", p.errAt(n, "amount has no Ccy attribute and the account has no currency", nil)
	}
	cur, err := money.Lookup(code)
	if err != nil {
		return 0, "", p.errAt(n, fmt.Sprintf("cannot use currency %q", clip(code)), err)
	}
	s := n.text
	dot := strings.IndexByte(s, '.')
	intPart, frac := s, ""
	if dot >= 0 {
		intPart, frac = s[:dot], s[dot+1:]
	}
	if intPart == "" || !allDigits(intPart) || (dot >= 0 && (frac == "" || !allDigits(frac))) {
		return 0, "", p.errAt(n, fmt.Sprintf("amount %q is not a decimal number", clip(s)), money.ErrSyntax)
	}
	if len(frac) > cur.Exponent && strings.Trim(frac[cur.Exponent:], "0") != "" {
		return 0, "", p.errAt(n, fmt.Sprintf("amount %q has more decimals than %s has (%d); refusing to round it", clip(s), cur.Code, cur.Exponent), nil)
	}
	v, err := money.ParseMinor(s, cur.Exponent, money.ParseOptions{})
	if err != nil {
		return 0, "", p.errAt(n, fmt.Sprintf("cannot read amount %q", clip(s)), err)
	}
	return v, cur.Code, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// dateOf reads a choice of Dt (a date) or DtTm (a date and time) inside n.
// day is the date as written, at UTC midnight, so that a booking at 00:30
// +01:00 stays on its day; exact is the instant when a time was given,
// else the same as day.
func (p *parser) dateOf(n *node) (day, exact time.Time, err error) {
	if d := n.child("Dt"); d != nil {
		day, err = parseDate(d.text)
		if err != nil {
			return day, day, p.errAt(d, fmt.Sprintf("cannot read date %q", clip(d.text)), err)
		}
		return day, day, nil
	}
	if d := n.child("DtTm"); d != nil {
		exact, err = parseDateTime(d.text)
		if err == nil {
			day, err = parseDate(d.text[:10])
		}
		if err != nil {
			return day, exact, p.errAt(d, fmt.Sprintf("cannot read date and time %q", clip(d.text)), err)
		}
		return day, exact.UTC(), nil
	}
	return day, exact, p.errAt(n, "has neither <Dt> nor <DtTm>", nil)
}

// parseDate reads an ISO date, with or without a zone suffix.
func parseDate(s string) (time.Time, error) {
	if len(s) < 10 {
		return time.Time{}, errors.New("want YYYY-MM-DD")
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return time.Time{}, err
	}
	if rest := s[10:]; rest != "" && rest != "Z" {
		if _, err := time.Parse("-07:00", rest); err != nil {
			return time.Time{}, fmt.Errorf("unexpected %q after the date", rest)
		}
	}
	return t, nil
}

// parseDateTime reads an ISO date and time; without a zone it is taken as
// UTC, as nothing says otherwise.
func parseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if len(s) > 10 {
		return time.Parse("2006-01-02T15:04:05", s)
	}
	return parseDate(s)
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}
