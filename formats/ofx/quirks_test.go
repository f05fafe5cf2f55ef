package ofx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"penny/money"
	"penny/statement"
)

// parseUnguarded is Parse without the recovery: a panic reaches the test
// and the fuzzer instead of becoming a ParseError.
func parseUnguarded(r io.Reader, name string) ([]statement.Statement, error) {
	d, err := parseDetails(r, name)
	if err != nil {
		return nil, err
	}
	return d.Statements, nil
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseBytes(t *testing.T, b []byte, name string) *Details {
	t.Helper()
	d, err := parseDetails(bytes.NewReader(b), name)
	if err != nil {
		t.Fatalf("ParseDetails: %v", err)
	}
	return d
}

func bankSGMLWant() wantStmt {
	return wantStmt{
		Account: statement.AccountInfo{Institution: "Penny Test Bank & Trust", InstitutionID: "4242", ExternalID: "0012 3456~7",
			Type: "savings", Currency: "USD"},
		N: 6, Sum: -1250 + 100000 - 20000 - 4500 + 0 - 310,
		Start: day(2024, 1, 1), End: at(2024, 1, 31, 23, 59, 59),
		Balance: wantBal(173940, "USD", day(2024, 1, 31)), Available: wantBal(170000, "USD", day(2024, 1, 31)),
		Rows: map[int]statement.Transaction{
			// A decimal comma, entities decoded (&T stays literal), trailing
			// spaces trimmed, DTUSER's time of day kept, the EST offset not
			// applied.
			0: {ExternalID: "T1", Posted: day(2024, 1, 2), Transacted: at(2024, 1, 1, 19, 30, 0), Amount: -1250, Currency: "USD",
				Payee: "AT&T Wireless", Memo: "Bill <Jan> €1 été", Type: "DEBIT", Line: 43},
			// An empty FITID, the payee from PAYEE/NAME, an explicit plus.
			1: {Posted: day(2024, 1, 3), Amount: 100000, Currency: "USD", Payee: "Payroll Inc", Type: "CREDIT", Line: 52},
			// BANKACCTTO's ACCTID does not become the statement's.
			2: {ExternalID: "T3", Posted: day(2024, 1, 4), Amount: -20000, Currency: "USD", Payee: "Transfer to savings", Type: "XFER", Line: 63},
			// A '<' that starts no tag is text.
			3: {ExternalID: "T4", Posted: day(2024, 1, 5), Amount: -4500, Currency: "USD", Payee: "A<B Plumbing", Type: "CHECK",
				CheckNumber: "1042", Line: 75},
			// "-0" on a day of its own is a real (zero) row, not a comment.
			4: {ExternalID: "T5", Posted: day(2024, 1, 6), Currency: "USD", Payee: "Waived fee", Type: "FEE", Line: 83},
			// A row's own CURRENCY keeps its amount in that currency.
			5: {ExternalID: "T6", Posted: day(2024, 1, 7), Amount: -310, Currency: "EUR", Payee: "Cafe", Type: "POS", Line: 90},
		},
	}
}

func TestOwnFixtures(t *testing.T) {
	bankSGML := bankSGMLWant()
	tests := []struct {
		name  string
		file  string
		stmts []wantStmt
	}{
		{
			name:  "an OFX 1 bank file with entities, PAYEE, BANKACCTTO, a stray '<' and a foreign-currency row",
			file:  "bank_sgml.ofx",
			stmts: []wantStmt{bankSGML},
		},
		{
			name: "an OFX 2 card file with CDATA, an empty element, a self-closing tag, a comment and UTF-8 text",
			file: "bank_xml.ofx",
			stmts: []wantStmt{{
				Account: statement.AccountInfo{Institution: "Crédit Coopératif", InstitutionID: "42559", ExternalID: "4970 1234 5678 9012",
					Type: "credit", Currency: "EUR"},
				N: 2, Sum: -4200 + 1050,
				Start: day(2024, 1, 1), End: day(2024, 1, 31),
				Balance: wantBal(-3150, "EUR", day(2024, 1, 31)),
				Rows: map[int]statement.Transaction{
					0: {ExternalID: "CC1", Posted: day(2024, 1, 15), Amount: -4200, Currency: "EUR", Payee: "Boulangerie <Paul> & fils",
						Type: "DEBIT", Line: 23},
					1: {ExternalID: "CC2", Posted: day(2024, 1, 20), Amount: 1050, Currency: "EUR", Payee: "Remboursement & avoir",
						Type: "CREDIT", Line: 32},
				},
			}},
		},
		{
			name: "an investment statement gives its cash moves and cash balance, not positions, reinvestments or outside money",
			file: "invest.ofx",
			stmts: []wantStmt{{
				Account: statement.AccountInfo{InstitutionID: "broker.example.com", ExternalID: "Z-123", Type: "brokerage", Currency: "USD"},
				N:       4, Sum: -185250 + 1235 - 199 + 500000,
				Start: day(2024, 2, 1), End: day(2024, 2, 29),
				Balance: wantBal(315784, "USD", at(2024, 2, 29, 16, 0, 0)),
				Rows: map[int]statement.Transaction{
					0: {ExternalID: "B1", Posted: day(2024, 2, 7), Transacted: day(2024, 2, 5), Amount: -185250, Currency: "USD",
						Payee: "APPLE INC", Memo: "YOU BOUGHT", Type: "BUYSTOCK", Line: 21},
					1: {ExternalID: "I1", Posted: day(2024, 2, 15), Transacted: day(2024, 2, 15), Amount: 1235, Currency: "USD",
						Payee: "VOO", Memo: "DIVIDEND", Type: "INCOME", Line: 39},
					2: {ExternalID: "M1", Posted: day(2024, 2, 28), Transacted: day(2024, 2, 28), Amount: -199, Currency: "USD",
						Payee: "MARGIN INTEREST", Memo: "MARGIN INTEREST", Type: "MARGININTEREST", Line: 49},
					3: {ExternalID: "D1", Posted: day(2024, 2, 1), Amount: 500000, Currency: "USD", Payee: "ACH DEPOSIT", Type: "CREDIT", Line: 54},
				},
			}},
		},
		{
			name: "four statements in one file, two for the same account, stay apart in file order",
			file: "several.ofx",
			stmts: []wantStmt{
				{
					Account: statement.AccountInfo{InstitutionID: "400000", ExternalID: "12345678", Type: "checking", Currency: "GBP"},
					N:       1, Sum: -100, Start: day(2024, 1, 1), End: day(2024, 1, 31),
					Balance: wantBal(1000, "GBP", day(2024, 1, 31)), Origin: "several.ofx statement 1",
					Rows: map[int]statement.Transaction{0: {ExternalID: "A1", Posted: day(2024, 1, 10), Amount: -100, Currency: "GBP",
						Payee: "One", Type: "DEBIT", Line: 6}},
				},
				{
					Account: statement.AccountInfo{InstitutionID: "400000", ExternalID: "12345678", Type: "checking", Currency: "GBP"},
					N:       1, Sum: -200, Start: day(2024, 2, 1), End: day(2024, 2, 29),
					Balance: wantBal(800, "GBP", day(2024, 2, 29)), Origin: "several.ofx statement 2",
				},
				{
					// Balance only, in a currency without minor units, as of
					// a 12-digit yyyymmddhhmm.
					Account: statement.AccountInfo{InstitutionID: "0001", ExternalID: "9999", Type: "moneymarket", Currency: "JPY"},
					Balance: wantBal(150000, "JPY", at(2024, 2, 29, 15, 30, 0)), Origin: "several.ofx statement 3",
				},
				{
					Account: statement.AccountInfo{ExternalID: "5555", Type: "credit", Currency: "GBP"},
					N:       1, Sum: -300, Start: day(2024, 2, 1), End: day(2024, 2, 29),
					Balance: wantBal(-300, "GBP", day(2024, 2, 29)), Origin: "several.ofx statement 4",
					Rows: map[int]statement.Transaction{0: {ExternalID: "C1", Posted: day(2024, 2, 11), Amount: -300, Currency: "GBP",
						Payee: "Three", Type: "DEBIT", Line: 25}},
				},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseBytes(t, readFixture(t, tc.file), tc.file)
			if len(d.Statements) != len(tc.stmts) {
				t.Fatalf("%d statements, want %d", len(d.Statements), len(tc.stmts))
			}
			for i, w := range tc.stmts {
				checkStatementRows(t, d.Statements[i], w, tc.file)
			}
		})
	}
}

// checkStatementRows is checkStatement for fixtures where a row may carry its
// own currency.
func checkStatementRows(t *testing.T, s statement.Statement, w wantStmt, base string) {
	t.Helper()
	foreign := map[int]statement.Transaction{}
	for i, x := range s.Transactions {
		if x.Currency != s.Account.Currency {
			foreign[i] = x
		}
	}
	if len(foreign) == 0 {
		checkStatement(t, s, w, base)
		return
	}
	c := s
	c.Transactions = nil
	for i, x := range s.Transactions {
		if _, ok := foreign[i]; ok {
			x.Currency = s.Account.Currency
		}
		c.Transactions = append(c.Transactions, x)
	}
	ww := w
	ww.Rows = map[int]statement.Transaction{}
	for i, r := range w.Rows {
		if _, ok := foreign[i]; ok {
			if s.Transactions[i] != r {
				t.Errorf("row %d:\n got %+v\nwant %+v", i, s.Transactions[i], r)
			}
			continue
		}
		ww.Rows[i] = r
	}
	checkStatement(t, c, ww, base)
}

// TestLayouts reads the same file under every line ending and layout banks
// produce and expects the same rows, with line numbers an editor would show.
func TestLayouts(t *testing.T) {
	base := readFixture(t, "bank_sgml.ofx")
	oneLine := bytes.ReplaceAll(base, []byte("\n"), nil)
	tests := []struct {
		name    string
		data    []byte
		oneLine bool
	}{
		{"LF line ends", base, false},
		{"CRLF line ends", bytes.ReplaceAll(base, []byte("\n"), []byte("\r\n")), false},
		{"CR CR LF line ends count as one line end", bytes.ReplaceAll(base, []byte("\n"), []byte("\r\r\n")), false},
		{"CR-only line ends", bytes.ReplaceAll(base, []byte("\n"), []byte("\r")), false},
		{"no line end after </OFX>", bytes.TrimRight(base, "\n"), false},
		{"tabs and odd indentation", indent(base), false},
		{"NULs scattered through the file are dropped", bytes.ReplaceAll(base, []byte("<STMTTRN>"), []byte("<STMT\x00TRN>\x00")), false},
		{"the whole file on one line without a line end", oneLine, true},
		{"a UTF-8 byte order mark", append([]byte{0xEF, 0xBB, 0xBF}, base...), false},
		{"garbage after </OFX>", append(append([]byte{}, base...), "\x1a\x1a trailing junk <NOT OFX>"...), false},
	}
	want := bankSGMLWant()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseBytes(t, tc.data, "bank_sgml.ofx")
			if len(d.Statements) != 1 {
				t.Fatalf("%d statements", len(d.Statements))
			}
			w := want
			if tc.oneLine {
				w.Rows = map[int]statement.Transaction{}
				for i, r := range want.Rows {
					r.Line = 1
					w.Rows[i] = r
				}
			}
			checkStatementRows(t, d.Statements[0], w, "bank_sgml.ofx")
		})
	}
}

// indent gives each line a different mix of tabs and spaces.
func indent(b []byte) []byte {
	var out bytes.Buffer
	for i, line := range bytes.Split(b, []byte("\n")) {
		if i > 0 {
			out.WriteByte('\n')
		}
		if bytes.HasPrefix(line, []byte("<")) {
			out.WriteString([]string{"\t", "  ", "\t \t", "", "    \t"}[i%5])
		}
		out.Write(line)
	}
	return out.Bytes()
}

// bankFile wraps rows in a minimal OFX 1 bank statement; the first row's
// <STMTTRN> is on line 6.
func bankFile(header, rows string) string {
	return header + "<OFX>\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1\n<STMTRS><CURDEF>USD\n" +
		"<BANKACCTFROM><BANKID>1<ACCTID>A<ACCTTYPE>CHECKING</BANKACCTFROM>\n<BANKTRANLIST>\n" +
		rows + "\n</BANKTRANLIST>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n"
}

func row(date, amount, fitid, name string) string {
	return "<STMTTRN><TRNTYPE>OTHER<DTPOSTED>" + date + "<TRNAMT>" + amount + "<FITID>" + fitid + "<NAME>" + name + "</STMTTRN>\n"
}

func TestRowQuirks(t *testing.T) {
	tx := func(id string, posted time.Time, amount int64, payee string, line int) statement.Transaction {
		return statement.Transaction{ExternalID: id, Posted: posted, Amount: amount, Currency: "USD", Payee: payee, Type: "OTHER", Line: line}
	}
	tests := []struct {
		name     string
		file     string
		want     []statement.Transaction
		comments int
		rounded  int
	}{
		{
			name: "dates with offsets, milliseconds, 10 and 12 digits and a leap second keep the written date",
			file: bankFile("", row("20240101235959.999[-5:EST]", "1", "a", "x")+row("20240102000000[+5.30:IST]", "2", "b", "x")+
				row("2024010323", "3", "c", "x")+row("202401042359", "4", "d", "x")+row("20241231235960", "5", "e", "x")+
				row("20240106 [0:GMT]", "6", "f", "x")),
			want: []statement.Transaction{tx("a", day(2024, 1, 1), 100, "x", 6), tx("b", day(2024, 1, 2), 200, "x", 7),
				tx("c", day(2024, 1, 3), 300, "x", 8), tx("d", day(2024, 1, 4), 400, "x", 9), tx("e", day(2024, 12, 31), 500, "x", 10),
				tx("f", day(2024, 1, 6), 600, "x", 11)},
		},
		{
			name: "amounts with extra decimals are rounded half away from zero and counted",
			file: bankFile("", row("20240101", "0.005", "a", "x")+row("20240102", "-0.005", "b", "x")+row("20240103", "1.0049", "c", "x")+
				row("20240104", "-2.12500", "d", "x")+row("20240105", "3.1000", "e", "x")+row("20240106", "-9.999", "f", "x")),
			rounded: 5,
			want: []statement.Transaction{tx("a", day(2024, 1, 1), 1, "x", 6), tx("b", day(2024, 1, 2), -1, "x", 7),
				tx("c", day(2024, 1, 3), 100, "x", 8), tx("d", day(2024, 1, 4), -213, "x", 9), tx("e", day(2024, 1, 5), 310, "x", 10),
				tx("f", day(2024, 1, 6), -1000, "x", 11)},
		},
		{
			name: "decimal commas, explicit signs, bare integers and leading points are amounts",
			file: bankFile("", row("20240101", "-12,50", "a", "x")+row("20240102", "+7", "b", "x")+row("20240103", ".5", "c", "x")+
				row("20240104", "-0,001", "d", "x")+row("20240105", "1,234.56", "e", "x")),
			rounded: 1,
			want: []statement.Transaction{tx("a", day(2024, 1, 1), -1250, "x", 6), tx("b", day(2024, 1, 2), 700, "x", 7),
				tx("c", day(2024, 1, 3), 50, "x", 8), tx("d", day(2024, 1, 4), 0, "x", 9), tx("e", day(2024, 1, 5), 123456, "x", 10)},
		},
		{
			name: "zero rows at the time of the row before are comments; other zero rows stay",
			file: bankFile("", row("20240101120000", "-5.00", "a", "coffee")+row("20240101120000", "-0", "b", "MORE TEXT")+
				row("20240101120000.000", "0.00", "c", "EVEN MORE")+row("20240102", "0", "d", "zero on its own")+
				row("20240103", "0", "e", "zero")+row("20240104", "1", "f", "one")),
			comments: 2,
			want: []statement.Transaction{tx("a", day(2024, 1, 1), -500, "coffee", 6), tx("d", day(2024, 1, 2), 0, "zero on its own", 9),
				tx("e", day(2024, 1, 3), 0, "zero", 10), tx("f", day(2024, 1, 4), 100, "one", 11)},
		},
		{
			name: "a missing </STMTTRN>, closed leaf tags in SGML and an empty unknown element do not lose fields",
			file: bankFile("", "<STMTTRN><TRNTYPE>OTHER</TRNTYPE><DTPOSTED>20240101</DTPOSTED><TRNAMT>1</TRNAMT><FITID>a</FITID><NAME>x</NAME>\n"+
				"<STMTTRN><TRNTYPE>OTHER<X.SPARE><DTPOSTED>20240102<TRNAMT>2<FITID>b<NAME>y</STMTTRN>\n"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20240103<TRNAMT>3<FITID>c<NAME></NAME></STMTTRN>"),
			want: []statement.Transaction{tx("a", day(2024, 1, 1), 100, "x", 6), tx("b", day(2024, 1, 2), 200, "y", 7),
				tx("c", day(2024, 1, 3), 300, "", 8)},
		},
		{
			name: "lower-case tags, empty FITIDs and a file without any header",
			file: bankFile("", "<stmttrn><trntype>OTHER<dtposted>20240101<trnamt>1<fitid><name>x</stmttrn>\n"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20240102<TRNAMT>2<FITID></FITID><NAME>y</STMTTRN>"),
			want: []statement.Transaction{tx("", day(2024, 1, 1), 100, "x", 6), tx("", day(2024, 1, 2), 200, "y", 7)},
		},
		{
			name: "a partial header",
			file: bankFile("VERSION:102\nSECURITY:NONE\n", row("20240101", "1", "a", "x")),
			want: []statement.Transaction{tx("a", day(2024, 1, 1), 100, "x", 8)},
		},
		{
			name: "an XML prolog and OFX 2 PI on an SGML body",
			file: bankFile("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"203\"?>  \n", row("20240102", "2", "b", "y")),
			want: []statement.Transaction{tx("b", day(2024, 1, 2), 200, "y", 8)},
		},
		{
			name: "a CURDEF after the rows still sets their currency",
			file: "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKACCTFROM><ACCTID>A<ACCTTYPE>CHECKING</BANKACCTFROM>\n" +
				"<BANKTRANLIST>\n" + row("20240101", "1.5", "a", "x") + "</BANKTRANLIST><CURDEF>USD</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
			want: []statement.Transaction{tx("a", day(2024, 1, 1), 150, "x", 3)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseBytes(t, []byte(tc.file), "quirk.ofx")
			if d.CommentRows != tc.comments || d.Rounded != tc.rounded {
				t.Errorf("comments %d rounded %d, want %d %d (notes %q)", d.CommentRows, d.Rounded, tc.comments, tc.rounded, d.Notes)
			}
			if len(d.Statements) == 0 {
				t.Fatal("no statement")
			}
			got := d.Statements[0].Transactions
			if len(got) != len(tc.want) {
				t.Fatalf("%d rows, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	file := func(header, name string) []byte {
		return []byte(bankFile(header, row("20240101", "1", "a", name)))
	}
	sgml := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:USASCII\nCHARSET:1252\n\n"
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"Windows-1252 as declared", file(sgml, "Caf\xe9 \x80 \x93quoted\x94"), "Café € “quoted”"},
		{"ISO-8859-1 is read as Windows-1252, as browsers do",
			file("OFXHEADER:100\nENCODING:USASCII\nCHARSET:ISO-8859-1\n\n", "\x80 Caf\xe9"), "€ Café"},
		{"ISO-8859-15 as declared", file("OFXHEADER:100\nCHARSET:8859-15\n\n", "\xa4 \xe9"), "€ é"},
		{"a header saying 1252 over valid UTF-8 is not believed", file(sgml, "Café – Zürich"), "Café – Zürich"},
		{"an XML declaration saying UTF-8 over Latin-1 bytes gives way to Windows-1252",
			file("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "Caf\xe9"), "Café"},
		{"UTF-8 with a stray bad byte keeps the UTF-8 and replaces the byte",
			file("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "Zürich \xff end"), "Zürich \uFFFD end"},
		{"no declaration and Latin-1 bytes default to Windows-1252", file("", "Stra\xdfe"), "Straße"},
		{"UTF-16 little-endian with a byte order mark", utf16(file("", "Ærø"), false, true), "Ærø"},
		{"UTF-16 big-endian without a byte order mark", utf16(file("", "Ærø"), true, false), "Ærø"},
		{"numeric entities beyond Unicode become U+FFFD, &#0; is dropped", file("", "a&#x110000;b&#0;c&#55296;d"), "a\uFFFDbc\uFFFDd"},
		{"control characters other than NUL are left for the display layer", file("", "bell\x07 esc\x1b[31m"), "bell\x07 esc\x1b[31m"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseBytes(t, tc.data, "enc.ofx")
			got := d.Statements[0].Transactions[0].Payee
			if got != tc.want {
				t.Errorf("payee %q, want %q", got, tc.want)
			}
		})
	}
}

// utf16 encodes ASCII-or-UTF-8 text as UTF-16 (BMP only, which is all the
// tests use).
func utf16(b []byte, bigEndian, bom bool) []byte {
	var out []byte
	if bom {
		if bigEndian {
			out = append(out, 0xFE, 0xFF)
		} else {
			out = append(out, 0xFF, 0xFE)
		}
	}
	for _, r := range string(b) {
		hi, lo := byte(r>>8), byte(r)
		if bigEndian {
			out = append(out, hi, lo)
		} else {
			out = append(out, lo, hi)
		}
	}
	return out
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
		line int
		fld  string
		is   error
	}{
		{"a broken amount names the row's line, element and field", "bad_amount.ofx",
			`bad_amount.ofx:34 <STMTTRN>: TRNAMT: bad amount "-12.3x": money: parse "-12.3x": not an amount`, 34, "TRNAMT", money.ErrSyntax},
		{"a date in another format is refused", "bad_date.ofx",
			`bad_date.ofx:33 <STMTTRN>: DTPOSTED: bad date "2024-01-03": ` + errDate.Error(), 33, "DTPOSTED", errDate},
		{"month 13 is refused", "bad_month.ofx",
			`bad_month.ofx:33 <STMTTRN>: DTPOSTED: bad date "20241303": ` + errDate.Error(), 33, "DTPOSTED", errDate},
		{"a row without TRNAMT is refused at its <STMTTRN>", "missing_amount.ofx",
			`missing_amount.ofx:31 <STMTTRN>: TRNAMT: missing: every transaction needs an amount`, 31, "TRNAMT", nil},
		{"a row without DTPOSTED is refused", "missing_date.ofx",
			`missing_date.ofx:31 <STMTTRN>: DTPOSTED: missing: every transaction needs a posting date`, 31, "DTPOSTED", nil},
		{"a row in an unknown currency is refused", "bad_cursym.ofx",
			`bad_cursym.ofx:38 <STMTTRN>: CURSYM: unknown currency "EURO": money: unknown currency "EURO"`, 38, "CURSYM", money.ErrUnknownCurrency},
		{"a statement in an unknown currency is refused", "unknown_currency.ofx",
			`unknown_currency.ofx:16 <STMTRS>: CURDEF: unknown currency "ZZZ": money: unknown currency "ZZZ"`, 16, "CURDEF", money.ErrUnknownCurrency},
		{"a broken balance is refused", "bad_balance.ofx",
			`bad_balance.ofx:34 <LEDGERBAL>: BALAMT: bad amount "ten dollars": money: parse "ten dollars": not an amount`, 34, "BALAMT", money.ErrSyntax},
		{"a file cut inside a row is truncated", "truncated_row.ofx",
			`truncated_row.ofx:25 <STMTTRN>: the file ends (line 28) before </STMTTRN>: it is truncated`, 25, "", nil},
		{"a file cut after the rows but inside the statement is truncated", "truncated_statement.ofx",
			`truncated_statement.ofx:15 <STMTRS>: the file ends (line 32) before </STMTRS>: it is truncated`, 15, "", nil},
		{"a header without a body", "header_only.ofx",
			`header_only.ofx:1: the file has an OFX header but no <OFX> element: it is empty or truncated`, 1, "", nil},
		{"a CSV file is not OFX", "not_ofx.csv", `not_ofx.csv:1: not an OFX file: there is no <OFX> element`, 1, "", nil},
		{"a file with only a failed sign-on says what the server said", "no_statement.ofx",
			`no_statement.ofx <OFX>: no account statement (STMTRS, CCSTMTRS or INVSTMTRS) in the file; the server said: code 15500 Signon invalid`, 0, "", nil},
		{"nesting no OFX file has is refused", "too_deep.ofx",
			`too_deep.ofx:1 <N200>: elements nested more than 200 deep: this is not an OFX file`, 1, "", nil},
		{"a sale without its cash total is refused", "trade_no_total.ofx",
			`trade_no_total.ofx:5 <SELLSTOCK>: TOTAL: missing: an investment transaction needs its cash total`, 5, "TOTAL", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := readFixture(t, filepath.Join("bad", tc.file))
			stmts, err := parseUnguarded(bytes.NewReader(b), tc.file)
			if err == nil {
				t.Fatalf("no error; %d statements", len(stmts))
			}
			if stmts != nil {
				t.Errorf("statements returned with the error: %+v", stmts)
			}
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *statement.ParseError", err, err)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
			if pe.File != tc.file || pe.Line != tc.line || pe.Field != tc.fld {
				t.Errorf("file %q line %d field %q; want %q %d %q", pe.File, pe.Line, pe.Field, tc.file, tc.line, tc.fld)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error does not wrap %v", tc.is)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadErrorIsAParseError(t *testing.T) {
	_, err := Parse(failingReader{}, "x.ofx")
	var pe *statement.ParseError
	if !errors.As(err, &pe) || err.Error() != "x.ofx: cannot read the file: disk on fire" {
		t.Fatalf("got %v", err)
	}
}

func TestPanicsBecomeParseErrors(t *testing.T) {
	_, err := Parse(panicReader{}, "p.ofx")
	var pe *statement.ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("got %v", err)
	}
}

type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("boom") }

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"an OFX 1 header", "OFXHEADER:100\nDATA:OFXSGML\n", true},
		{"an OFX 1 header after blank lines", "\r\n\r\nOFXHEADER: 100\r\n", true},
		{"an OFX 2 declaration and PI", `<?xml version="1.0"?><?OFX OFXHEADER="200"?>`, true},
		{"a bare OFX 2 PI", `<?OFX OFXHEADER="200" VERSION="220"?>`, true},
		{"a bare <OFX>", "<OFX>\n<SIGNONMSGSRSV1>", true},
		{"a lower-case <ofx>", "  <ofx>", true},
		{"a partial header", "VERSION:102\nSECURITY:NONE\n\n<OFX>", true},
		{"a UTF-8 byte order mark", "\xEF\xBB\xBFOFXHEADER:100", true},
		{"UTF-16 with a byte order mark", string(utf16([]byte("OFXHEADER:100"), false, true)), true},
		{"XML that is not OFX (camt.053)", `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022">`, false},
		{"a CSV file", "Date,Amount,Payee\n", false},
		{"a QIF file", "!Type:Bank\nD01/02/2024\n", false},
		{"nothing", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff([]byte(tc.head)); got != tc.want {
				t.Errorf("Sniff(%q) = %v", tc.head, got)
			}
		})
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		exp     int
		want    int64
		rounded bool
		bad     bool
	}{
		{"-995.4190396554627", 2, -99542, true, false},
		{"+00000000000115.8331", 2, 11583, true, false},
		{"2607.1664944585727", 2, 260717, true, false},
		{"0.005", 2, 1, true, false},
		{"-0.004", 2, 0, true, false},
		{"1500.5", 0, 1501, true, false},
		{"-.7", 0, -1, true, false},
		{"1.2345", 3, 1235, true, false},
		{"-12,50", 2, -1250, false, false},
		{"1.500", 2, 150, false, false},
		{"-0", 2, 0, false, false},
		{"(12.00)", 2, -1200, false, false},
		{"92233720368547758.07", 2, 9223372036854775807, false, false},
		{"92233720368547758.075", 2, 0, false, true},
		{"-92233720368547758.085", 2, 0, false, true},
		{"", 2, 0, false, true},
		{"-", 2, 0, false, true},
		{"1e5", 2, 0, false, true},
		{"1.2.3", 2, 0, false, true},
	}
	for _, tc := range tests {
		got, rounded, err := parseAmount(tc.in, tc.exp)
		if tc.bad {
			if err == nil {
				t.Errorf("parseAmount(%q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want || rounded != tc.rounded {
			t.Errorf("parseAmount(%q, %d) = %d, %v, %v; want %d, %v", tc.in, tc.exp, got, rounded, err, tc.want, tc.rounded)
		}
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]time.Time{
		"20240229":                   day(2024, 2, 29),
		"20240229235959.999[-12:X]":  at(2024, 2, 29, 23, 59, 59),
		"200510291120":               at(2005, 10, 29, 11, 20, 0),
		"2005102911":                 at(2005, 10, 29, 11, 0, 0),
		"20120603133220.000[-7:PDT]": at(2012, 6, 3, 13, 32, 20),
		"20240101000000[0]":          day(2024, 1, 1),
	}
	for in, want := range good {
		if got, err := parseDate(in); err != nil || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2024", "20230229", "20240100", "20240132", "20240101246000", "20240101126000",
		"202401011", "2024-01-01", "20240101.", "20240101 12:00", "20240101x"} {
		if got, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) = %v, want an error", in, got)
		}
	}
}

func TestMissingOrEmptyCURDEFTakesTheCallersCurrency(t *testing.T) {
	t.Parallel()
	withCurdef := func(curdef string) string {
		return strings.Replace(bankFile("", row("20240101", "-12.50", "a", "x")), "<CURDEF>USD\n", curdef, 1)
	}
	tests := []struct {
		name, file string
		opt        Options
		currency   string
		assumed    bool
	}{
		{"an empty CURDEF without a currency is USD, assumed", withCurdef("<CURDEF>\n"), Options{}, "USD", true},
		{"an empty closed CURDEF with a currency", withCurdef("<CURDEF></CURDEF>\n"), Options{Currency: "DKK"}, "DKK", false},
		{"an empty CURDEF with a currency", withCurdef("<CURDEF>\n"), Options{Currency: "dkk"}, "DKK", false},
		{"no CURDEF with a currency", withCurdef(""), Options{Currency: "SEK"}, "SEK", false},
		{"no CURDEF without one is USD, assumed", withCurdef(""), Options{}, "USD", true},
		{"a CURDEF wins over the caller's currency", withCurdef("<CURDEF>EUR\n"), Options{Currency: "DKK"}, "EUR", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseWith(context.Background(), strings.NewReader(tc.file), "x.ofx", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			st := d.Statements[0]
			if st.Account.Currency != tc.currency || st.Account.CurrencyAssumed != tc.assumed {
				t.Errorf("account currency %s assumed %v, want %s %v", st.Account.Currency, st.Account.CurrencyAssumed, tc.currency, tc.assumed)
			}
			if tx := st.Transactions[0]; tx.Currency != tc.currency || tx.Amount != -1250 {
				t.Errorf("row %+v", tx)
			}
		})
	}
	if _, err := ParseWith(context.Background(), strings.NewReader(withCurdef("")), "x.ofx", Options{Currency: "XYZ"}); err == nil {
		t.Error("an unknown --currency was taken")
	}
}
