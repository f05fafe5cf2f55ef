package ofx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"penny/money"
	"penny/statement"
)

// FuzzParse feeds the parser mutations of the fixtures. Whatever the input,
// it must not panic, an error must be a *statement.ParseError with no statements,
// and what it returns must be usable: known currencies, valid UTF-8 without
// NULs, dates set where the engine needs them.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.ofx", "testdata/bad/*"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(bankFile("", row("20240101120000", "-5.00", "a", "x")+row("20240101120000", "-0", "b", "y"))))
	f.Add([]byte("<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>JPY<INVTRANLIST><INCOME><INVTRAN><FITID>1<DTTRADE>20240101</INVTRAN><TOTAL>1.5<SUBACCTFUND>CASH</INCOME></INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>"))
	f.Add([]byte("<OFX><STMTRS><STMTTRN><STMTTRN><![CDATA[x</STMTRS>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := parseDetails(bytes.NewReader(data), "fuzz.ofx")
		if err != nil {
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *statement.ParseError: %v", err, err)
			}
			if d != nil {
				t.Fatalf("details returned with an error")
			}
			if pe.File != "fuzz.ofx" {
				t.Fatalf("error names file %q", pe.File)
			}
			return
		}
		if len(d.Statements) == 0 {
			t.Fatal("no statements and no error")
		}
		if d.CommentRows < 0 || d.Rounded < 0 || len(d.Notes) > maxNotes {
			t.Fatalf("counts %d %d notes %d", d.CommentRows, d.Rounded, len(d.Notes))
		}
		for _, s := range d.Statements {
			if err := checkUsable(s); err != nil {
				t.Fatalf("%s: %v", s.Origin, err)
			}
		}
	})
}

func checkUsable(s statement.Statement) error {
	cur, err := money.Lookup(s.Account.Currency)
	if err != nil || cur.Code != s.Account.Currency {
		return fmt.Errorf("account currency %q: %v", s.Account.Currency, err)
	}
	if s.Format != "ofx" {
		return fmt.Errorf("format %q", s.Format)
	}
	texts := []string{s.Account.Institution, s.Account.InstitutionID, s.Account.ExternalID, s.Account.Type, s.Origin}
	for _, b := range []*statement.Balance{s.Balance, s.Available} {
		if b != nil {
			if b.Currency != s.Account.Currency {
				return fmt.Errorf("balance currency %q", b.Currency)
			}
		}
	}
	for _, x := range s.Transactions {
		c, err := money.Lookup(x.Currency)
		if err != nil || c.Code != x.Currency {
			return fmt.Errorf("row at line %d: currency %q: %v", x.Line, x.Currency, err)
		}
		if x.Posted.IsZero() || x.Posted.Location() != time.UTC || x.Posted.Hour() != 0 || x.Posted.Minute() != 0 || x.Posted.Second() != 0 {
			return fmt.Errorf("row at line %d: posted %v", x.Line, x.Posted)
		}
		if x.Line < 1 {
			return fmt.Errorf("row line %d", x.Line)
		}
		texts = append(texts, x.ExternalID, x.Payee, x.Memo, x.Type, x.CheckNumber)
	}
	for _, s := range texts {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("text %q is not clean UTF-8", s)
		}
	}
	return nil
}

// synthetic writes an OFX 1.x SGML file with n simple rows, CRLF line ends
// and the header most US banks send.
func synthetic(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 190)
	b.WriteString("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n" +
		"COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>" +
		"<DTSERVER>20240101<LANGUAGE>ENG<FI><ORG>BENCH<FID>1</FI></SONRS></SIGNONMSGSRSV1>\r\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1" +
		"<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n<STMTRS>\r\n<CURDEF>USD\r\n<BANKACCTFROM>\r\n<BANKID>123456789\r\n<ACCTID>987654321\r\n" +
		"<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n<BANKTRANLIST>\r\n<DTSTART>20000101\r\n<DTEND>20240101\r\n")
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		d := start.AddDate(0, 0, i/20).Format("20060102")
		amt := (i*7919)%100000 - 50000
		typ := "DEBIT"
		if amt >= 0 {
			typ = "CREDIT"
		}
		fmt.Fprintf(&b, "<STMTTRN>\r\n<TRNTYPE>%s\r\n<DTPOSTED>%s120000.000[-5:EST]\r\n<TRNAMT>%s\r\n<FITID>%d\r\n"+
			"<NAME>PAYEE %d\r\n<MEMO>Memo for row %d\r\n</STMTTRN>\r\n",
			typ, d, money.FormatMinor(int64(amt), 2, false), 100000000+i, i%500, i)
	}
	b.WriteString("</BANKTRANLIST>\r\n<LEDGERBAL>\r\n<BALAMT>1000.00\r\n<DTASOF>20240101\r\n</LEDGERBAL>\r\n</STMTRS>\r\n" +
		"</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n")
	return b.Bytes()
}

func TestSyntheticFileReadsWhole(t *testing.T) {
	const n = 2000
	stmts, err := parseUnguarded(bytes.NewReader(synthetic(n)), "synthetic.ofx")
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 1 || len(stmts[0].Transactions) != n {
		t.Fatalf("got %d statements", len(stmts))
	}
	last := stmts[0].Transactions[n-1]
	if last.ExternalID != fmt.Sprint(100000000+n-1) || last.Line != 24+8*(n-1) || last.Memo != fmt.Sprintf("Memo for row %d", n-1) {
		t.Fatalf("last row %+v", last)
	}
}

// BenchmarkParse100k parses a 100,000-row OFX 1.x file generated in memory.
// The whole import, database included, must fit in a second; the parser's
// share is meant to stay under 250 ms on a two-core machine.
func BenchmarkParse100k(b *testing.B) {
	const n = 100000
	data := synthetic(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		stmts, err := parseUnguarded(bytes.NewReader(data), "bench.ofx")
		if err != nil || len(stmts[0].Transactions) != n {
			b.Fatalf("%v", err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// craftedInputs are shaped to make a careless scanner quadratic (searches
// that run to the end of the file from every '<' or '&', deep nesting, leaves
// handed up through many open elements); a quadratic path would take minutes
// on them. TestCraftedInputs checks that each parses or gives a ParseError;
// BenchmarkCraftedInputs times them (timings do not belong in tests on a
// shared machine).
type craftedInput struct {
	name string
	body string
	rows int // rows expected, when the input is valid
}

func craftedInputs() []craftedInput {
	const n = 1 << 20
	rows := strings.Repeat("<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20240101<TRNAMT>1<FITID>x<NAME>y</STMTTRN><X.SEP>\n", n/80)
	nested := strings.Repeat("<A1><A2><A3><A4><A5><A6><A7><A8><A9>", 20)
	return []craftedInput{
		{"declarations without an end", strings.Repeat("<!", n), 0},
		{"processing instructions without an end", strings.Repeat("<?", n), 0},
		{"ampersands without semicolons", "<MEMO>" + strings.Repeat("&", n), 0},
		{"stray end tags", strings.Repeat("</STMTTRN>", n/10), 0},
		{"unclosed unknown elements", strings.Repeat("<X>", n/3), 0},
		{"an unknown empty element after every row", rows, n / 80},
		{"leaves inside deep unknown nesting", nested + strings.Repeat("<B>1", n/4) + "</OFX>", 0},
		{"an unterminated comment", "<!--" + strings.Repeat("-", n), 0},
		{"an unterminated CDATA", "<NAME><![CDATA[" + strings.Repeat("]", n), 0},
	}
}

func TestCraftedInputs(t *testing.T) {
	for _, tc := range craftedInputs() {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(bankFile("", tc.body))
			stmts, err := parseUnguarded(bytes.NewReader(data), "crafted.ofx")
			if tc.rows > 0 && (err != nil || len(stmts[0].Transactions) != tc.rows) {
				t.Errorf("want %d rows; got error %v", tc.rows, err)
			}
			var pe *statement.ParseError
			if err != nil && !errors.As(err, &pe) {
				t.Errorf("error %T: %v", err, err)
			}
		})
	}
}

// BenchmarkCraftedInputs times the inputs of craftedInputs; each should take
// milliseconds per MiB, not seconds.
func BenchmarkCraftedInputs(b *testing.B) {
	for _, tc := range craftedInputs() {
		data := []byte(bankFile("", tc.body))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				_, _ = parseUnguarded(bytes.NewReader(data), "crafted.ofx")
			}
		})
	}
}
