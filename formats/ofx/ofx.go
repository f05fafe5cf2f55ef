package ofx

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"penny/internal/progress"
	"penny/money"
	"penny/statement"
)

// Details is what ParseDetails returns: the statements and what the parser
// did to get them that the import summary should tell the user.
type Details struct {
	Statements []statement.Statement
	// CommentRows counts zero-amount rows dropped as bank comments.
	CommentRows int
	// Rounded counts amounts that had more decimals than their currency and
	// were rounded half away from zero.
	Rounded int
	// Notes says where these happened, "file:line ..." each, for the first
	// few; the counts above are complete.
	Notes []string
}

// Options says what a file may leave out.
type Options struct {
	// Currency is the currency of a statement whose CURDEF is missing or
	// empty. "" reads such a statement in USD and marks its account's
	// currency as assumed (statement.AccountInfo.CurrencyAssumed).
	Currency string
}

// Parse reads one OFX/QFX/QBO file (1.x SGML or 2.x XML) and returns one
// Statement per account statement in it: bank (STMTRS), credit card
// (CCSTMTRS) and the cash side of investment statements (INVSTMTRS). name is
// the file name for messages.
//
// A file is taken whole or not at all: on any error Parse returns a
// *statement.ParseError naming the file, line, element and field, and no
// statements.
func Parse(r io.Reader, name string) ([]statement.Statement, error) {
	d, err := ParseDetails(r, name)
	if err != nil {
		return nil, err
	}
	return d.Statements, nil
}

// ParseDetails is Parse, also reporting rows dropped as comments and amounts
// rounded. A panic inside the parser becomes a ParseError, so that a bug met
// on some bank's file costs an import, not the running app with the vault
// open.
func ParseDetails(r io.Reader, name string) (d *Details, err error) {
	return ParseDetailsContext(context.Background(), r, name)
}

// ParseDetailsContext is ParseDetails that stops, returning ctx's error and
// no statements, soon after ctx is cancelled, and reports its progress to
// ctx's progress reporter (phase "parse", in bytes).
func ParseDetailsContext(ctx context.Context, r io.Reader, name string) (d *Details, err error) {
	return ParseWith(ctx, r, name, Options{})
}

// ParseWith is ParseDetailsContext with options.
func ParseWith(ctx context.Context, r io.Reader, name string, opt Options) (d *Details, err error) {
	defer func() {
		if v := recover(); v != nil {
			d, err = nil, &statement.ParseError{File: name, Msg: fmt.Sprintf("internal error reading the file: %v", v)}
		}
	}()
	return parseDetailsContext(ctx, r, name, opt)
}

// parseDetails does the work of ParseDetails and lets a panic through: the
// tests and the fuzzer call it to see the panic itself.
func parseDetails(r io.Reader, name string) (*Details, error) {
	return parseDetailsContext(context.Background(), r, name, Options{})
}

func parseDetailsContext(ctx context.Context, r io.Reader, name string, opt Options) (*Details, error) {
	var defCur money.Currency
	if strings.TrimSpace(opt.Currency) != "" {
		c, err := money.Lookup(opt.Currency)
		if err != nil {
			return nil, &statement.ParseError{File: name, Field: "currency", Msg: fmt.Sprintf("cannot use currency %q", opt.Currency), Err: err}
		}
		defCur = c
	}
	raw, err := readAll(r)
	if err != nil {
		return nil, &statement.ParseError{File: name, Msg: "cannot read the file", Err: err}
	}
	text, _ := prepare(raw)
	start := indexFoldString(text, "<OFX>")
	if start < 0 {
		msg := "not an OFX file: there is no <OFX> element"
		if Sniff(raw) {
			msg = "the file has an OFX header but no <OFX> element: it is empty or truncated"
		}
		return nil, &statement.ParseError{File: name, Line: 1, Msg: msg}
	}
	raw = nil // the text is a copy; let the collector have the bytes during the parse
	p := &parser{file: name, sc: scanner{s: text, pos: start, line: 1 + strings.Count(text[:start], "\n")},
		meter: progress.Start(ctx, "parse", int64(len(text))), defCur: defCur}
	if err := p.run(); err != nil {
		return nil, err
	}
	if err := p.meter.Done(); err != nil {
		return nil, err
	}
	stmts := p.statements()
	if len(stmts) == 0 {
		msg := "no account statement (STMTRS, CCSTMTRS or INVSTMTRS) in the file"
		if p.badStatus != "" {
			msg += "; the server said: " + p.badStatus
		}
		return nil, &statement.ParseError{File: name, Element: "<OFX>", Msg: msg}
	}
	return &Details{Statements: stmts, CommentRows: p.commentRows, Rounded: p.rounded, Notes: p.notes}, nil
}

// Sniff reports whether the first bytes of a file look like OFX: an OFX 1.x
// header (OFXHEADER:, or the later header lines when the first is missing),
// an OFX 2.x processing instruction <?OFX, possibly after an XML
// declaration, or a bare <OFX> element. It is meant for choosing a parser by
// content, so it stays false for other XML (camt.053) and for CSV or QIF.
func Sniff(head []byte) bool {
	b := head
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}),
		looksUTF16(b, false), looksUTF16(b, true):
		// UTF-16: the ASCII of the markers is every other byte.
		b = bytes.ReplaceAll(b, []byte{0}, nil)
		if len(b) >= 2 && b[0] >= 0xFE {
			b = b[2:]
		}
	}
	b = bytes.TrimLeft(b, " \t\r\n\x00")
	if hasPrefixFold(b, "OFXHEADER") || hasPrefixFold(b, "<?OFX") || hasPrefixFold(b, "<OFX>") {
		return true
	}
	if hasPrefixFold(b, "<?XML") {
		return indexFold(b, "<?OFX") >= 0 || indexFold(b, "<OFX>") >= 0
	}
	// A partial OFX 1.x header: some KEY:VALUE lines, then <OFX>.
	if i := indexFold(b, "<OFX>"); i > 0 && bytes.IndexByte(b[:i], '<') < 0 {
		for _, key := range []string{"DATA:", "VERSION:", "SECURITY:", "ENCODING:", "CHARSET:", "COMPRESSION:", "NEWFILEUID:"} {
			if indexFold(b[:i], key) >= 0 {
				return true
			}
		}
	}
	return hasPrefixFold(b, "DATA:OFXSGML")
}

func hasPrefixFold(b []byte, s string) bool {
	return len(b) >= len(s) && equalFold(b[:len(s)], s)
}

// readAll is io.ReadAll that sizes its buffer from the reader when it can
// (an *os.File, a *bytes.Reader), so that a 20 MB file is read into one
// allocation rather than a dozen doublings.
func readAll(r io.Reader) ([]byte, error) {
	n := 0
	switch v := r.(type) {
	case interface{ Len() int }:
		n = v.Len()
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < 1<<31 {
			n = int(fi.Size())
		}
	}
	if n <= 0 {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
