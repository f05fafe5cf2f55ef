// Package bankcsv imports bank statements exported as delimited text: the CSV
// (or semicolon, tab or pipe separated) files every online bank offers.
//
// There is no standard layout, so the importer works out each file: its
// encoding (UTF-8 with or without BOM, UTF-16, else Windows-1252), its
// delimiter (from how consistently each candidate
// splits the first lines), where the header row is (after any preamble),
// which column means what (from column names in English, German, Dutch,
// French, Spanish and Danish, from presets for banks whose names mislead,
// or from the values themselves when there is no header), how dates are
// written (settling day/month against month/day from the values) and
// whether amounts use a decimal comma. A user who knows better can give an
// hledger-style rules file instead (see Rules).
//
// Every guess that could have gone the other way is written into the
// Report, and so is every row that was not imported and why. A file that
// cannot be read whole is refused whole: Parse returns a *statement.ParseError
// naming the file, line, column and value, and no statements, because an
// import with rows silently missing would leave balances wrong in a way
// nobody sees.
package bankcsv

import (
	"bytes"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"penny/internal/progress"
	"penny/money"
	"penny/statement"
)

// Options says how to read a file.
type Options struct {
	// Rules, when set, says how to read the file instead of detection.
	Rules *Rules
	// Currency is the currency of amounts when neither the file nor the
	// rules name one; "" means "USD".
	Currency string
	// InvertSign negates every amount and balance, for credit-card exports
	// that write purchases as positive numbers. Without it the importer
	// still inverts when a debit/credit column contradicts the sign of
	// every amount, and says so in the Report.
	InvertSign bool
}

// SkippedRow is a row that was read but not imported, and why: "empty
// row", "zero amount", "opening balance", "notice row", "repeated header"...
type SkippedRow struct {
	Line   int
	Reason string
}

// Report says how a file was read: what was imported, what was skipped,
// and which guesses were made, so that a user can check them.
type Report struct {
	// Rows counts the records after the header (or after a rules file's
	// skip, up to its end); Imported + len(Skipped) == Rows.
	Rows     int
	Imported int
	Skipped  []SkippedRow

	Encoding     string   // "utf-8", "utf-8 (BOM)", "windows-1252", ...
	Delimiter    string   // ",", ";", "TAB" or "|"
	HeaderLine   int      // the header row's line, 0 when there is none
	Preset       string   // the bank layout recognised, if any
	Columns      []string // which column was read as what: "date=Buchungstag"
	DateFormat   string
	DecimalComma bool
	// Notes are the guesses a user may want to check ("dates could be
	// day/month or month/day: read as ...") and rules directives that
	// were ignored.
	Notes []string
}

// Parse reads one delimited bank export. name is used in messages and as
// the statements' Origin. It returns one Statement per account and
// currency found in the file (one in the common case), the Report, or a
// *statement.ParseError and no statements.
func Parse(r io.Reader, name string, opt Options) ([]statement.Statement, Report, error) {
	return ParseContext(context.Background(), r, name, opt)
}

// ParseContext is Parse that stops, returning ctx's error and no
// statements, soon after ctx is cancelled, and reports its progress to
// ctx's progress reporter (phase "parse").
func ParseContext(ctx context.Context, r io.Reader, name string, opt Options) ([]statement.Statement, Report, error) {
	p := &parser{ctx: ctx, name: name, opt: opt, rules: opt.Rules}
	if p.rules != nil {
		p.rep.Notes = append(p.rep.Notes, p.rules.Ignored...)
	}
	p.defCur = "USD"
	if opt.Currency != "" {
		c, err := money.Lookup(opt.Currency)
		if err != nil {
			return nil, p.rep, p.fail(0, "", "default currency", err)
		}
		p.defCur = c.Code
	}
	data, err := readAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, p.rep, p.fail(0, "", "reading failed", err)
	}
	if len(data) > maxFileSize {
		return nil, p.rep, p.fail(0, "", fmt.Sprintf("larger than %d MiB: not a bank export", maxFileSize>>20), nil)
	}
	st, err := p.run(data)
	if err != nil {
		return nil, p.rep, err
	}
	return st, p.rep, nil
}

// maxFileSize bounds what Parse reads. Decades of daily transactions are
// a few tens of megabytes; a file far larger was chosen by mistake, and
// reading it whole would only exhaust memory.
const maxFileSize = 256 << 20

type parser struct {
	ctx context.Context
	// meter counts the rows of every pass over the file: splitting them,
	// the rules, converting them.
	meter  *progress.Meter
	name   string
	opt    Options
	rules  *Rules
	rep    Report
	defCur string
	delim  rune
}

func (p *parser) fail(line int, field, msg string, err error) *statement.ParseError {
	return &statement.ParseError{File: p.name, Line: line, Field: field, Msg: msg, Err: err}
}

func (p *parser) run(data []byte) ([]statement.Statement, error) {
	text, enc, err := p.decode(data)
	if err != nil {
		return nil, err
	}
	p.rep.Encoding = enc
	text = strings.TrimRight(text, "\x00") // some exporters pad the file with NULs
	if i := strings.IndexByte(text, 0); i >= 0 {
		return nil, p.fail(1+strings.Count(text[:i], "\n"), "", "NUL byte: this is not a text file", nil)
	}
	text = normalizeNewlines(text)
	if strings.TrimSpace(text) == "" {
		return nil, p.fail(0, "", "the file is empty", nil)
	}

	firstLine := 1
	delim, cut, sepLine := excelSepLine(text)
	switch {
	case sepLine:
		text, firstLine = text[cut:], 2
	case p.rules != nil && p.rules.sep != 0:
		delim = p.rules.sep
	default:
		var ok bool
		if delim, ok = detectDelimiter(text); !ok {
			if p.rules == nil {
				return nil, p.fail(0, "", "not a delimited file: no ',', ';', tab or '|' splits its lines into columns", nil)
			}
			delim = ','
		}
	}
	p.delim = delim
	p.rep.Delimiter = string(delim)
	if delim == '\t' {
		p.rep.Delimiter = "TAB"
	}
	lines := strings.Count(text, "\n") + 1
	passes := 2
	if p.rules != nil {
		passes++
	}
	p.meter = progress.Start(p.ctx, "parse", int64(passes*lines))
	recs, err := p.records(text, delim, firstLine, lines)
	if err != nil {
		return nil, err
	}
	var st []statement.Statement
	if p.rules != nil {
		st, err = p.withRules(recs)
	} else {
		st, err = p.auto(recs)
	}
	if err != nil {
		return nil, err
	}
	if err := p.meter.Done(); err != nil {
		return nil, err
	}
	return st, nil
}

func (p *parser) decode(data []byte) (string, string, error) {
	var declared = p.rulesEncoding()
	name := ""
	if declared != nil {
		name = p.rules.encName
	}
	text, enc, err := decode(data, declared, name)
	if err != nil {
		return "", enc, p.fail(0, "", "cannot decode the file", err)
	}
	return text, enc, nil
}

// records splits text into records with encoding/csv, which handles
// quoting, and notes the line each record starts on. Quotes are read
// lazily: a stray quote inside an unquoted description is text, not a
// reason to refuse a statement.
func (p *parser) records(text string, delim rune, firstLine, lines int) ([]record, error) {
	cr := stdcsv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	recs := make([]record, 0, lines)
	for {
		if err := p.meter.Step(); err != nil {
			return nil, err
		}
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *stdcsv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine + firstLine - 1
				err = pe.Err
			}
			return nil, p.fail(line, "", "malformed CSV", err)
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, record{f: f, line: line + firstLine - 1})
	}
	return recs, nil
}

// auto reads a file without rules: find the header (or infer the columns
// when there is none), then convert.
func (p *parser) auto(recs []record) ([]statement.Statement, error) {
	var (
		l    *layout
		data []record
		info accountHint
	)
	if h := findHeader(recs); h >= 0 {
		l = mapHeader(recs[h].f, recs[h].line)
		info.account, info.name, info.bank = preambleInfo(recs[:h])
		data = recs[h+1:]
		p.rep.HeaderLine = recs[h].line
		if h > 0 {
			p.rep.Notes = append(p.rep.Notes, fmt.Sprintf("%s before the header on line %d skipped as a preamble", plural(recs[h].line-recs[0].line, "line"), recs[h].line))
		}
	} else {
		width, start := dataStart(recs)
		data = recs[start:]
		var err error
		if l, err = inferLayout(data, width); err != nil {
			return nil, p.fail(0, "", err.Error(), nil)
		}
		if start > 0 {
			p.rep.Notes = append(p.rep.Notes, fmt.Sprintf("%s before line %d skipped as a preamble", plural(start, "record"), data[0].line))
		}
	}
	if l.col[rolePosted] < 0 {
		return nil, p.fail(p.rep.HeaderLine, "", "no date column found", nil)
	}
	if l.col[roleAmount] < 0 && l.col[roleIn] < 0 && l.col[roleOut] < 0 {
		return nil, p.fail(p.rep.HeaderLine, "", "no amount column found", nil)
	}
	l.validate(data)
	return p.convert(l, data, info)
}

// dataStart finds, in a file without a header, the most common record
// width and the first record of that width holding a date: what comes
// before is a preamble.
func dataStart(recs []record) (width, start int) {
	freq := map[int]int{}
	best := 0
	for k, r := range recs {
		if k >= sampleRecords*4 {
			break
		}
		freq[len(r.f)]++
		if n := freq[len(r.f)]; n > best || n == best && len(r.f) > width {
			best, width = n, len(r.f)
		}
	}
	for i, r := range recs {
		if len(r.f) != width {
			continue
		}
		for _, c := range r.f {
			if looksLikeDate(c) {
				return width, i
			}
		}
	}
	return width, 0
}

// accountHint is what a preamble said about the account.
type accountHint struct {
	account, name, bank string
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// readAll reads r whole, sizing the buffer once when r can say how much
// it holds (bytes and strings readers, files), rather than growing and
// copying a large export a dozen times.
func readAll(r io.Reader) ([]byte, error) {
	size := 0
	src := r
	if lr, ok := r.(*io.LimitedReader); ok {
		src = lr.R
	}
	switch v := src.(type) {
	case interface{ Len() int }:
		size = v.Len()
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < 1<<31 {
			size = int(fi.Size())
		}
	}
	var b bytes.Buffer
	b.Grow(min(size, maxFileSize) + bytes.MinRead)
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}
