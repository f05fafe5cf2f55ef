package bankcsv

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"penny/statement"
)

// Rules says how to read a CSV file, in the language of hledger's CSV
// rules files (https://hledger.org/hledger.html#csv), so that rules users
// already keep for hledger work here unchanged. The subset read:
//
//	skip N                   records to skip at the top ("skip" alone: 1)
//	fields a, b, c           names for the columns; hledger field names
//	                         (date, date2, description, amount, amount-in,
//	                         amount-out, currency, balance, code, status,
//	                         comment, account2...) also assign
//	NAME TEMPLATE            field assignment: "description %2 %3",
//	                         "amount1 -%amount_", "currency €"
//	date-format %d/%m/%Y     strftime-like: %Y %y %m %-m %d %-d %e %b %B
//	                         %H %M %S %p %z
//	decimal-mark ,           or '.'
//	separator ;              or TAB, SPACE, ',', '|'
//	encoding cp1252          any WHATWG or IANA label
//	newest-first             a tie on the latest date takes the first row's balance
//	include FILE             relative to the including file
//	if PATTERN / if %field PATTERN, then indented assignments (and skip,
//	                         end); several matcher lines are OR'ed, "&"
//	                         joins a line to the previous one, "!" negates;
//	                         patterns are case-insensitive regular expressions
//	if,field,field table     one matcher and values per line
//
// Fields map to transactions as: date → Posted, date2 → Transacted,
// description → Payee (the part before " | ", hledger's payee/note split;
// the rest goes to Memo), comment → Memo, amount (or amount-in/-out) →
// Amount, currency → Currency, balance → the statement balance, code →
// CheckNumber, status "!" → Pending, account2 → Category. code is not
// taken as the transaction's id because rules put anything there (the ING
// example puts the counter-account), and a repeated id would make the
// engine drop real rows as duplicates. account1 and other postings'
// fields are accepted and not used. Directives this
// importer does not know are listed in Ignored rather than refused, since
// hledger keeps adding them.
type Rules struct {
	// Name is the rules file's name, for messages.
	Name string
	// assignWith, when set, matches rows instead of the one-pass matcher:
	// the tests compare it with a reference matcher this way.
	assignWith func(rs *Rules, rm *rowMatch, rec []string, active *[numTargets]*template)
	// Ignored lists directives that were read but have no effect here,
	// as "file:line: text".
	Ignored []string

	skip        int
	fields      []string // lower-cased names from the fields list; "" for unnamed
	dateFmt     *dateFormat
	decimal     rune
	sep         rune
	enc         encoding.Encoding
	encName     string
	newestFirst bool
	top         [numTargets]*template
	explicit    [numTargets]bool // top was set by an assignment, which a fields list does not override
	blocks      []*ifBlock
	plan        *matchPlan // the blocks' matchers compiled (match.go)
}

// target is an hledger field that affects a transaction.
type target uint8

const (
	tDate target = iota
	tDate2
	tDesc
	tComment
	tAmount
	tIn
	tOut
	tCurrency
	tBalance
	tCode
	tStatus
	tCategory
	tSkip
	tEnd
	numTargets
	tUnused // a valid hledger field that does not matter here (account1, amount2...)
	tNone   // not a field name
)

var targetNames = [numTargets]string{"date", "date2", "description", "comment", "amount", "amount-in", "amount-out",
	"currency", "balance", "code", "status", "account2", "skip", "end"}

var otherField = regexp.MustCompile(`^(account|amount|currency|balance|comment)[0-9]+(-in|-out)?$`)

// targetOf maps an hledger field name to what it sets.
func targetOf(name string) target {
	switch strings.ToLower(name) {
	case "date":
		return tDate
	case "date2":
		return tDate2
	case "description":
		return tDesc
	case "comment", "comment1":
		return tComment
	case "amount", "amount1":
		return tAmount
	case "amount-in", "amount1-in":
		return tIn
	case "amount-out", "amount1-out":
		return tOut
	case "currency", "currency1":
		return tCurrency
	case "balance", "balance1":
		return tBalance
	case "code":
		return tCode
	case "status":
		return tStatus
	case "account2":
		return tCategory
	case "account1", "payee", "note":
		return tUnused
	}
	if otherField.MatchString(strings.ToLower(name)) {
		return tUnused
	}
	return tNone
}

// template is a field assignment's value: literal text with %N and
// %name references to CSV fields.
type template struct {
	parts []tpart
	text  string
}

type tpart struct {
	lit   string
	field int // 0-based CSV field, -1 for literal text, -2 for a %name not yet resolved
	// A %name reference and where it was written, until finish resolves it.
	name, file string
	line       int
}

type matcher struct {
	field int // -1: the whole record; -2: the %name below, not yet resolved
	re    *regexp.Regexp
	and   bool // joined to the previous matcher
	not   bool
	// A %name reference and where it was written, until finish resolves it.
	name, file string
	line       int
	// Compiled by compileMatchers: the text matched (an index into the
	// plan's sources), the needle when the pattern is a literal (else -1),
	// and the needles one of which a regexp needs (nil: none known).
	src int
	lit int32
	pre []int32
}

type ifBlock struct {
	matchers []*matcher
	assigns  [numTargets]*template
	set      [numTargets]bool
}

// ParseRules reads an hledger-style CSV rules file. name is used in
// messages and to resolve include directives, which are opened through
// include (given the path joined to name's directory); include may be nil
// when the rules include nothing. Errors are *statement.ParseError naming the
// rules file and line.
func ParseRules(r io.Reader, name string, include func(path string) (io.ReadCloser, error)) (*Rules, error) {
	rs := &Rules{Name: name, skip: -1}
	if err := rs.parseFile(r, name, include, 0); err != nil {
		return nil, err
	}
	if err := rs.finish(); err != nil {
		return nil, err
	}
	return rs, nil
}

// LoadRulesFile reads a rules file from disk, resolving includes relative
// to it.
func LoadRulesFile(path string) (*Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &statement.ParseError{File: path, Msg: "cannot open the rules file", Err: err}
	}
	defer f.Close()
	return ParseRules(f, path, func(p string) (io.ReadCloser, error) { return os.Open(p) })
}

const maxIncludeDepth = 8

func rulesErr(file string, line int, field, msg string, err error) error {
	return &statement.ParseError{File: file, Line: line, Field: field, Msg: msg, Err: err}
}

func (rs *Rules) parseFile(r io.Reader, file string, include func(string) (io.ReadCloser, error), depth int) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return rulesErr(file, 0, "", "reading failed", err)
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		if d, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			data = d
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		block     *ifBlock
		inAssigns bool // the block's matchers are done
		table     *ifTable
		lineNo    int
	)
	for sc.Scan() {
		lineNo++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimSpace(raw)
		indented := raw != "" && (raw[0] == ' ' || raw[0] == '\t')
		if trimmed == "" {
			block, table, inAssigns = nil, nil, false
			continue
		}
		if c := trimmed[0]; c == '#' || c == ';' || c == '*' {
			continue
		}
		if table != nil {
			if err := rs.tableRow(table, trimmed, file, lineNo); err != nil {
				return err
			}
			continue
		}
		// Inside an if block, as in hledger: unindented lines before the
		// first assignment are more matchers, indented lines are
		// assignments, and an unindented line after them ends the block.
		if block != nil && (indented || !inAssigns) && !isIfLine(trimmed) {
			if indented {
				inAssigns = true
				if err := rs.blockAssign(block, trimmed, file, lineNo); err != nil {
					return err
				}
				continue
			}
			m, err := rs.parseMatcher(trimmed, file, lineNo)
			if err != nil {
				return err
			}
			block.matchers = append(block.matchers, m)
			continue
		}
		block, inAssigns = nil, false
		if isTableStart(trimmed) {
			t, err := rs.tableHeader(trimmed, file, lineNo)
			if err != nil {
				return err
			}
			table = t
			continue
		}
		word, arg := splitDirective(trimmed)
		switch strings.ToLower(word) {
		case "if":
			block = &ifBlock{}
			rs.blocks = append(rs.blocks, block)
			if arg != "" {
				m, err := rs.parseMatcher(arg, file, lineNo)
				if err != nil {
					return err
				}
				block.matchers = append(block.matchers, m)
			}
		case "skip":
			n := 1
			if arg != "" {
				v, err := strconv.Atoi(arg)
				if err != nil || v < 0 {
					return rulesErr(file, lineNo, "skip", fmt.Sprintf("%q is not a number of records", arg), nil)
				}
				n = v
			}
			rs.skip = n
		case "fields":
			rs.fields = nil
			for _, f := range strings.Split(arg, ",") {
				f = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"`))
				rs.fields = append(rs.fields, f)
			}
			// A trailing comma leaves an empty name; hledger allows it.
			for i, f := range rs.fields {
				if f == "" || f == "_" {
					continue
				}
				if t := targetOf(f); t < numTargets && !rs.explicit[t] {
					rs.top[t] = &template{parts: []tpart{{field: i}}, text: "%" + f}
				}
			}
		case "date-format":
			ops, err := compileStrf(arg)
			if err != nil {
				return rulesErr(file, lineNo, "date-format", err.Error(), nil)
			}
			rs.dateFmt = &dateFormat{strf: ops, text: arg}
		case "decimal-mark":
			if arg != "," && arg != "." {
				return rulesErr(file, lineNo, "decimal-mark", fmt.Sprintf("%q: the decimal mark is '.' or ','", arg), nil)
			}
			rs.decimal = rune(arg[0])
		case "separator":
			switch strings.ToUpper(arg) {
			case "TAB", `\T`:
				rs.sep = '\t'
			case "SPACE":
				rs.sep = ' '
			case ",", ";", "|", ":":
				rs.sep = rune(arg[0])
			default:
				return rulesErr(file, lineNo, "separator", fmt.Sprintf("%q is not a separator this importer reads", arg), nil)
			}
		case "encoding":
			enc, err := lookupEncoding(arg)
			if err != nil {
				return rulesErr(file, lineNo, "encoding", err.Error(), nil)
			}
			rs.enc, rs.encName = enc, strings.ToLower(arg)
		case "newest-first":
			rs.newestFirst = true
		case "include":
			if depth >= maxIncludeDepth {
				return rulesErr(file, lineNo, "include", "includes nest too deeply (a cycle?)", nil)
			}
			if include == nil {
				return rulesErr(file, lineNo, "include", "includes are not available here", nil)
			}
			path := arg
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(file), path)
			}
			f, err := include(path)
			if err != nil {
				return rulesErr(file, lineNo, "include", fmt.Sprintf("cannot open %q", arg), err)
			}
			err = rs.parseFile(f, path, include, depth+1)
			f.Close()
			if err != nil {
				return err
			}
		default:
			t := targetOf(word)
			switch {
			case t < numTargets && t != tSkip && t != tEnd:
				tp, err := rs.parseTemplate(arg, file, lineNo, word)
				if err != nil {
					return err
				}
				rs.top[t], rs.explicit[t] = tp, true
			case t == tUnused:
				// a posting this importer does not model
			default:
				rs.Ignored = append(rs.Ignored, fmt.Sprintf("%s:%d: %s (not supported, ignored)", file, lineNo, trimmed))
			}
		}
	}
	if err := sc.Err(); err != nil {
		return rulesErr(file, lineNo, "", "reading failed", err)
	}
	return nil
}

func splitDirective(s string) (string, string) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i+1:])
}

func isIfLine(s string) bool {
	return strings.EqualFold(s, "if") || len(s) > 2 && strings.EqualFold(s[:2], "if") && (s[2] == ' ' || s[2] == '\t') || isTableStart(s)
}

// isTableStart recognises an if table's first line: "if" directly
// followed by the table's separator, "if,account2,comment".
func isTableStart(s string) bool {
	if len(s) < 4 || !strings.EqualFold(s[:2], "if") {
		return false
	}
	c := s[2]
	return c < 0x80 && c != ' ' && c != '\t' && c != '_' && c != '-' && !isDigit(c) && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
}

func (rs *Rules) blockAssign(b *ifBlock, s, file string, line int) error {
	word, arg := splitDirective(s)
	switch strings.ToLower(word) {
	case "skip":
		b.assigns[tSkip], b.set[tSkip] = &template{parts: []tpart{{lit: "skip", field: -1}}, text: "skip"}, true
		return nil
	case "end":
		b.assigns[tEnd], b.set[tEnd] = &template{parts: []tpart{{lit: "end", field: -1}}, text: "end"}, true
		return nil
	}
	t := targetOf(word)
	switch {
	case t < numTargets:
		tp, err := rs.parseTemplate(arg, file, line, word)
		if err != nil {
			return err
		}
		b.assigns[t], b.set[t] = tp, true
	case t == tUnused:
	default:
		rs.Ignored = append(rs.Ignored, fmt.Sprintf("%s:%d: %s (not supported, ignored)", file, line, s))
	}
	return nil
}

// parseTemplate reads an assignment's value. References are %N (1-based)
// or %name from the fields list; names are resolved by finish, once the
// whole file has been read, since the fields list may come later.
func (rs *Rules) parseTemplate(s, file string, line int, field string) (*template, error) {
	tp := &template{text: s}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			tp.parts = append(tp.parts, tpart{lit: lit.String(), field: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+1 >= len(s) {
			lit.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || isDigit(s[j]) || s[j] == '_' || s[j] == '-') {
			j++
		}
		// A '-' ends a name when nothing name-like follows ("%amount-").
		for j > i+1 && s[j-1] == '-' {
			j--
		}
		ref := s[i+1 : j]
		if ref == "" {
			lit.WriteByte('%')
			continue
		}
		flush()
		if n, err := strconv.Atoi(ref); err == nil {
			if n < 1 || n > 1000 {
				return nil, rulesErr(file, line, field, fmt.Sprintf("%%%s: CSV fields are numbered from 1", ref), nil)
			}
			tp.parts = append(tp.parts, tpart{field: n - 1})
		} else {
			tp.parts = append(tp.parts, tpart{field: -2, name: strings.ToLower(ref), file: file, line: line})
		}
		i = j - 1
	}
	flush()
	return tp, nil
}

// parseMatcher reads one matcher line: [&] [!] [%field] REGEX.
func (rs *Rules) parseMatcher(s, file string, line int) (*matcher, error) {
	m := &matcher{field: -1}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "&&") {
		m.and, s = true, strings.TrimSpace(s[2:])
	} else if strings.HasPrefix(s, "&") {
		m.and, s = true, strings.TrimSpace(s[1:])
	}
	if strings.HasPrefix(s, "!") {
		m.not, s = true, strings.TrimSpace(s[1:])
	}
	if strings.HasPrefix(s, "%") {
		name, rest := splitDirective(s[1:])
		if name == "" {
			return nil, rulesErr(file, line, "if", "a field matcher needs a field name after %", nil)
		}
		if n, err := strconv.Atoi(name); err == nil {
			if n < 1 {
				return nil, rulesErr(file, line, "if", fmt.Sprintf("%%%s: CSV fields are numbered from 1", name), nil)
			}
			m.field = n - 1
		} else {
			m.field, m.name, m.file, m.line = -2, strings.ToLower(name), file, line
		}
		s = rest
	}
	re, err := regexp.Compile("(?i)" + s)
	if err != nil {
		return nil, rulesErr(file, line, "if", fmt.Sprintf("bad pattern %q", s), err)
	}
	m.re = re
	return m, nil
}

// ifTable is an "if,field1,field2" table: each line a matcher and the
// values it assigns.
type ifTable struct {
	sep     string
	targets []target
}

func (rs *Rules) tableHeader(s, file string, line int) (*ifTable, error) {
	sep := s[2:3]
	parts := strings.Split(s[3:], sep)
	t := &ifTable{sep: sep}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		tg := targetOf(p)
		if tg == tNone {
			return nil, rulesErr(file, line, "if", fmt.Sprintf("%q is not a field name", p), nil)
		}
		t.targets = append(t.targets, tg)
	}
	return t, nil
}

func (rs *Rules) tableRow(t *ifTable, s, file string, line int) error {
	parts := strings.Split(s, t.sep)
	if len(parts) != len(t.targets)+1 {
		return rulesErr(file, line, "if", fmt.Sprintf("this table row has %d values, the table %d", len(parts)-1, len(t.targets)), nil)
	}
	m, err := rs.parseMatcher(parts[0], file, line)
	if err != nil {
		return err
	}
	b := &ifBlock{matchers: []*matcher{m}}
	for i, tg := range t.targets {
		if tg >= numTargets {
			continue
		}
		tp, err := rs.parseTemplate(strings.TrimSpace(parts[i+1]), file, line, targetNameOf(tg))
		if err != nil {
			return err
		}
		b.assigns[tg], b.set[tg] = tp, true
	}
	rs.blocks = append(rs.blocks, b)
	return nil
}

func targetNameOf(t target) string {
	if t < numTargets {
		return targetNames[t]
	}
	return "field"
}

// finish resolves %name references and checks that the rules can give a
// date and an amount.
func (rs *Rules) finish() error {
	if rs.skip < 0 {
		rs.skip = 0
	}
	idx := map[string]int{}
	for i, f := range rs.fields {
		if f != "" && f != "_" {
			if _, dup := idx[f]; !dup {
				idx[f] = i
			}
		}
	}
	resolve := func(name, file string, line int) (int, error) {
		if i, ok := idx[name]; ok {
			return i, nil
		}
		if rs.fields == nil {
			return 0, rulesErr(file, line, "%"+name, "refers to a field by name, but there is no fields list", nil)
		}
		return 0, rulesErr(file, line, "%"+name, fmt.Sprintf("no field named %q in the fields list", name), nil)
	}
	resolveTemplate := func(tp *template) error {
		if tp == nil {
			return nil
		}
		for i := range tp.parts {
			if pt := &tp.parts[i]; pt.field == -2 {
				f, err := resolve(pt.name, pt.file, pt.line)
				if err != nil {
					return err
				}
				pt.field = f
			}
		}
		return nil
	}
	for _, tp := range rs.top {
		if err := resolveTemplate(tp); err != nil {
			return err
		}
	}
	for _, b := range rs.blocks {
		for _, tp := range b.assigns {
			if err := resolveTemplate(tp); err != nil {
				return err
			}
		}
		for _, m := range b.matchers {
			if m.field == -2 {
				f, err := resolve(m.name, m.file, m.line)
				if err != nil {
					return err
				}
				m.field = f
			}
		}
	}
	rs.compileMatchers()
	hasAmount := rs.top[tAmount] != nil || rs.top[tIn] != nil || rs.top[tOut] != nil
	for _, b := range rs.blocks {
		hasAmount = hasAmount || b.set[tAmount] || b.set[tIn] || b.set[tOut]
	}
	if rs.top[tDate] == nil {
		return rulesErr(rs.Name, 0, "date", "the rules give no date: name a field \"date\" in fields, or assign date", nil)
	}
	if !hasAmount {
		return rulesErr(rs.Name, 0, "amount", "the rules give no amount: name a field \"amount\" (or amount-in/amount-out) in fields, or assign one", nil)
	}
	return nil
}

// assignRow sets active to what the blocks matching rec assign, later
// blocks over earlier ones, with the one-pass matcher unless the rules'
// tests put their reference matcher in its place.
func (rs *Rules) assignRow(rm *rowMatch, rec []string, active *[numTargets]*template) {
	if rs.assignWith != nil {
		rs.assignWith(rs, rm, rec, active)
		return
	}
	rs.assign(rm, rec, active)
}

func (rs *Rules) assign(rm *rowMatch, rec []string, active *[numTargets]*template) {
	rm.reset(rec)
	for i, b := range rs.blocks {
		if rm.mayMatch(i) && rm.matches(b) {
			for t := target(0); t < numTargets; t++ {
				if b.set[t] {
					active[t] = b.assigns[t]
				}
			}
		}
	}
}

func (tp *template) eval(rec []string) string {
	if tp == nil {
		return ""
	}
	if len(tp.parts) == 1 && tp.parts[0].field >= 0 {
		if f := tp.parts[0].field; f < len(rec) {
			return rec[f]
		}
		return ""
	}
	var b strings.Builder
	for _, p := range tp.parts {
		switch {
		case p.field < 0:
			b.WriteString(p.lit)
		case p.field < len(rec):
			b.WriteString(strings.TrimSpace(rec[p.field]))
		}
	}
	return b.String()
}

// withRules reads the records through the rules: each record becomes a
// synthetic one holding the evaluated fields, which convert reads like
// any other file.
func (p *parser) withRules(recs []record) ([]statement.Statement, error) {
	rs := p.rules
	if rs.skip < len(recs) {
		recs = recs[rs.skip:]
	} else {
		recs = nil
	}
	out := make([]record, 0, len(recs))
	var active [numTargets]*template
	rm := rs.plan.newRowMatch()
	for _, r := range recs {
		if err := p.meter.Step(); err != nil {
			return nil, err
		}
		active = rs.top
		rs.assignRow(rm, r.f, &active)
		if active[tEnd] != nil {
			break
		}
		f := make([]string, numTargets)
		for t := target(0); t < numTargets; t++ {
			f[t] = active[t].eval(r.f)
		}
		out = append(out, record{f: f, line: r.line})
	}
	l := newLayout(int(numTargets))
	for t := target(0); t < numTargets; t++ {
		l.names[t] = targetNames[t]
	}
	l.pipe = true
	// Only the fields the rules define become columns, so that the
	// Report lists what the rules actually map.
	var defined [numTargets]bool
	for t := range defined {
		defined[t] = rs.top[t] != nil
		for _, b := range rs.blocks {
			defined[t] = defined[t] || b.set[t]
		}
	}
	for t, r := range map[target]role{tDate: rolePosted, tDate2: roleTransacted, tDesc: roleDesc, tAmount: roleAmount,
		tIn: roleIn, tOut: roleOut, tCurrency: roleCurrency, tBalance: roleBalance, tCode: roleCheck,
		tStatus: roleStatus, tCategory: roleCategory} {
		if defined[t] {
			l.col[r] = int(t)
		}
	}
	if defined[tComment] {
		l.memo = []int{int(tComment)}
	}
	l.skipCol = int(tSkip)
	l.preset = "rules " + rs.Name
	return p.convert(l, out, accountHint{})
}

func (p *parser) rulesEncoding() encoding.Encoding {
	if p.rules == nil {
		return nil
	}
	return p.rules.enc
}
