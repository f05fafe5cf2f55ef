// Package detect reads bank export files: it tells the format from the
// content (the extension only breaks ties), hands the bytes to the right
// parser, and returns the statements for the ingest engine.
package detect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"penny/formats/bankcsv"
	"penny/formats/camt"
	"penny/formats/mt940"
	"penny/formats/ofx"
	"penny/formats/qif"
	"penny/statement"
)

// MaxSize bounds what Penny reads: no bank export comes near it, and a
// mistaken path to a disk image should fail fast, not exhaust memory.
const MaxSize = 512 << 20

// Formats are the names --format accepts.
var Formats = []string{"ofx", "qif", "csv", "camt053", "mt940"}

// Options change how files are read.
type Options struct {
	Format    string // "" detects it
	RulesFile string // CSV rules (hledger style)
	Currency  string // for files that do not say (QIF, some CSV, OFX without a CURDEF)
	// Budget, when set, is told the least number of transactions a file
	// holds and its size in bytes: first from the file's size alone, before
	// anything is read, then as it is read, from the format's record markers
	// (see scan), before it is parsed. An error from it stops the read and
	// is returned as it is: the caller refuses a file too large for it
	// without holding the whole of it in memory.
	Budget func(rows, bytes int64) error
}

// Parsed is one file, read and parsed.
type Parsed struct {
	Path       string
	Format     string
	Raw        []byte
	Statements []statement.Statement
	// Notes tell the user what was dropped and why (CSV rows that were not
	// transactions, ambiguous date orders...).
	Notes []string
}

// ErrUnknownFormat means the content matched no format Penny reads.
var ErrUnknownFormat = errors.New("not a bank file Penny can read")

// Detect names the format of a file from its first bytes, and from its
// name only when the content could be several things.
func Detect(name string, head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case ofx.Sniff(head):
		return "ofx"
	case camt.Sniff(head):
		return "camt053"
	case mt940.Sniff(head):
		return "mt940"
	case qif.Sniff(head):
		return "qif"
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ofx", ".qfx", ".qbo":
		return "ofx"
	case ".qif":
		return "qif"
	case ".sta", ".mt940":
		return "mt940"
	}
	if bankcsv.Sniff(head) {
		return "csv"
	}
	return ""
}

// Read reads and parses one file. Any error names the file; a file is taken
// whole or not at all.
func Read(path string, opt Options) (*Parsed, error) {
	return ReadContext(context.Background(), path, opt)
}

// ReadContext is Read that stops soon after ctx is cancelled, with an error
// that wraps ctx's, and reports its progress to ctx's progress reporter:
// phase "read" in bytes, then the parser's phase "parse".
func ReadContext(ctx context.Context, path string, opt Options) (*Parsed, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head, err := readHead(f)
	if err != nil {
		return nil, readError(path, err)
	}
	// The format is told from the first bytes: a file that is no bank's is
	// refused without reading the rest of it.
	if opt.Format == "" {
		if opt.Format = Detect(filepath.Base(path), head); opt.Format == "" {
			return nil, unknownFormat(path)
		}
	} else if !known(normalFormat(opt.Format)) {
		return nil, fmt.Errorf("unknown format %q (known: %s)", opt.Format, strings.Join(Formats, ", "))
	}
	if opt.Budget != nil {
		if err := opt.Budget(0, st.Size()); err != nil {
			return nil, err
		}
	}
	raw, err := readRest(ctx, f, head, st.Size(), newScan(filepath.Base(path), normalFormat(opt.Format)), opt.Budget)
	if err != nil {
		return nil, readError(path, err)
	}
	return parse(ctx, path, raw, opt, true)
}

func unknownFormat(path string) error {
	return fmt.Errorf("%s: %w (OFX/QFX/QBO, QIF, CSV and CAMT.053 are; use --format to say which this is)", path, ErrUnknownFormat)
}

// Parse parses a file's bytes.
func Parse(path string, raw []byte, opt Options) (*Parsed, error) {
	return ParseContext(context.Background(), path, raw, opt)
}

// ParseContext is Parse that stops soon after ctx is cancelled, returning
// ctx's error, and reports the parser's progress to ctx's reporter. The
// bytes are scanned as ReadContext scans a file (MaxField, Budget) before
// they are parsed.
func ParseContext(ctx context.Context, path string, raw []byte, opt Options) (*Parsed, error) {
	return parse(ctx, path, raw, opt, false)
}

// normalFormat is the name of a format as --format may spell it.
func normalFormat(f string) string {
	switch f = strings.ToLower(f); f {
	case "camt", "camt.053":
		return "camt053"
	case "qfx", "qbo":
		return "ofx"
	}
	return f
}

// parse parses a file's bytes; scanned says they went through a scan (and
// the budget) as they were read.
func parse(ctx context.Context, path string, raw []byte, opt Options, scanned bool) (*Parsed, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	format := normalFormat(opt.Format)
	if format == "" {
		format = Detect(name, raw[:min(len(raw), HeadSize)])
		if format == "" {
			return nil, unknownFormat(path)
		}
	} else if !known(format) {
		return nil, fmt.Errorf("unknown format %q (known: %s)", opt.Format, strings.Join(Formats, ", "))
	}
	if !scanned {
		sc := newScan(name, format)
		if err := sc.feed(raw); err != nil {
			return nil, err
		}
		if opt.Budget != nil {
			if err := opt.Budget(sc.rows(), int64(len(raw))); err != nil {
				return nil, err
			}
		}
	}
	if opt.RulesFile != "" && format != "csv" {
		return nil, fmt.Errorf("%s: --rules applies to CSV files, and this one is %s", path, format)
	}
	p := &Parsed{Path: path, Format: format, Raw: raw}
	r := bytes.NewReader(raw)
	var err error
	switch format {
	case "ofx":
		var d *ofx.Details
		if d, err = ofx.ParseWith(ctx, r, name, ofx.Options{Currency: opt.Currency}); err == nil {
			p.Statements = d.Statements
			if d.CommentRows > 0 {
				p.Notes = append(p.Notes, fmt.Sprintf("dropped %d zero-amount comment row(s) that continue the row before them", d.CommentRows))
			}
			if d.Rounded > 0 {
				p.Notes = append(p.Notes, fmt.Sprintf("rounded %d amount(s) written with more decimals than the currency has", d.Rounded))
			}
		}
	case "qif":
		p.Statements, err = qif.ParseContext(ctx, r, name, qif.Options{Currency: opt.Currency})
	case "camt053":
		p.Statements, err = camt.ParseContext(ctx, r, name)
	case "mt940":
		p.Statements, err = mt940.Parse(r, name)
	case "csv":
		copt := bankcsv.Options{Currency: opt.Currency}
		if opt.RulesFile != "" {
			if _, err = CheckRegular(opt.RulesFile); err != nil {
				return nil, err
			}
			if copt.Rules, err = bankcsv.LoadRulesFile(opt.RulesFile); err != nil {
				return nil, err
			}
		} else if rules := pairedRules(path); rules != "" {
			// hledger's convention: statement.csv.rules beside statement.csv.
			if copt.Rules, err = bankcsv.LoadRulesFile(rules); err != nil {
				return nil, err
			}
			p.Notes = append(p.Notes, "used the rules in "+filepath.Base(rules))
		}
		var rep bankcsv.Report
		p.Statements, rep, err = bankcsv.ParseContext(ctx, r, name, copt)
		if err == nil {
			p.Notes = append(p.Notes, csvNotes(rep)...)
		}
	}
	if err != nil {
		return nil, err
	}
	if cur, ok := assumedCurrency(p.Statements); ok {
		p.Notes = append(p.Notes, fmt.Sprintf("the file does not say which currency its amounts are in: "+
			"a new account takes %s, an account that exists keeps its own; --currency CODE names it", cur))
	}
	for i := range p.Statements {
		if p.Statements[i].Origin == "" {
			p.Statements[i].Origin = name
		}
		if p.Statements[i].Format == "" {
			p.Statements[i].Format = format
		}
	}
	return p, nil
}

// assumedCurrency is the currency a parser assumed for statements whose
// file named none, if any did.
func assumedCurrency(sts []statement.Statement) (string, bool) {
	for _, s := range sts {
		if s.Account.CurrencyAssumed {
			return s.Account.Currency, true
		}
	}
	return "", false
}

func known(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

func pairedRules(path string) string {
	if p := path + ".rules"; exists(p) {
		return p
	}
	return ""
}

// exists reports a regular file at path: a FIFO or a device named like a
// rules file is not read.
func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func csvNotes(rep bankcsv.Report) []string {
	if len(rep.Skipped) == 0 {
		return nil
	}
	reasons := map[string][]int{}
	for _, s := range rep.Skipped {
		reasons[s.Reason] = append(reasons[s.Reason], s.Line)
	}
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		lines := reasons[k]
		list := make([]string, 0, min(len(lines), 5))
		for _, l := range lines[:min(len(lines), 5)] {
			list = append(list, fmt.Sprint(l))
		}
		more := ""
		if len(lines) > 5 {
			more = fmt.Sprintf(" and %d more", len(lines)-5)
		}
		out = append(out, fmt.Sprintf("skipped %d row(s) that are not transactions (%s): line %s%s", len(lines), k, strings.Join(list, ", "), more))
	}
	return out
}
