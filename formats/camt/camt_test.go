package camt

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"penny/internal/sharedtest"
	"penny/money"
	"penny/statement"
)

// sharedDir returns the shared bank-file collection, read in place: those
// files belong to other projects under their own licenses and are not
// copied into this repository.
func sharedDir(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t, "camt053")
}

// txn is the part of a transaction the tests compare, with dates as text
// so that failures read well.
type txn struct {
	Posted     string
	Transacted string // RFC 3339, "" when zero
	Amount     int64
	Currency   string
	Payee      string
	Memo       string
	ExternalID string
	Type       string
	Pending    bool
}

func txnsOf(st statement.Statement) []txn {
	out := make([]txn, 0, len(st.Transactions))
	for _, t := range st.Transactions {
		tr := ""
		if !t.Transacted.IsZero() {
			tr = t.Transacted.Format(time.RFC3339)
		}
		out = append(out, txn{t.Posted.Format("2006-01-02"), tr, t.Amount, t.Currency, t.Payee, t.Memo, t.ExternalID, t.Type, t.Pending})
	}
	return out
}

// bal is a balance as text: "-2700 SEK 2014-12-31", "" for none.
func bal(b *statement.Balance) string {
	if b == nil {
		return ""
	}
	return strings.Join([]string{itoa(b.Amount), b.Currency, b.Date.Format("2006-01-02")}, " ")
}

func itoa(n int64) string {
	return money.FormatMinor(n, 0, false)
}

type wantStmt struct {
	Account    statement.AccountInfo
	Balance    string
	Available  string
	Start, End string // RFC 3339, "" when zero
	Txns       []txn
}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func parseFile(t *testing.T, path string) ([]statement.Statement, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f, filepath.Base(path))
}

func checkStatements(t *testing.T, sts []statement.Statement, want []wantStmt) {
	t.Helper()
	if len(sts) != len(want) {
		t.Fatalf("got %d statements, want %d", len(sts), len(want))
	}
	for i, st := range sts {
		w := want[i]
		if st.Format != "camt053" {
			t.Errorf("statement %d: Format = %q", i, st.Format)
		}
		if st.Account != w.Account {
			t.Errorf("statement %d: account\n got  %+v\n want %+v", i, st.Account, w.Account)
		}
		if got := bal(st.Balance); got != w.Balance {
			t.Errorf("statement %d: balance %q, want %q", i, got, w.Balance)
		}
		if got := bal(st.Available); got != w.Available {
			t.Errorf("statement %d: available %q, want %q", i, got, w.Available)
		}
		if when(st.Start) != w.Start || when(st.End) != w.End {
			t.Errorf("statement %d: window %q..%q, want %q..%q", i, when(st.Start), when(st.End), w.Start, w.End)
		}
		if got := txnsOf(st); !reflect.DeepEqual(got, w.Txns) {
			t.Errorf("statement %d transactions:\n got  %+v\n want %+v", i, got, w.Txns)
		}
		for j, tx := range st.Transactions {
			if tx.Line < 1 {
				t.Errorf("statement %d txn %d: no line", i, j)
			}
		}
	}
}

func TestParseSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	tests := []struct {
		name string
		path string
		want []wantStmt
	}{
		{
			name: "extra zero decimals are read without loss",
			path: "camt053/genkgo-camt/camt053.v2.five.decimals.xml",
			want: []wantStmt{{
				Account: statement.AccountInfo{ExternalID: "NL26VAYB8060476890", Currency: "EUR"},
				Balance: "2705 EUR 2014-12-31",
				Txns:    []txn{{"2014-12-31", "2015-01-02T00:00:00Z", 885, "EUR", "", "Transaction Description", "000000001", "544", false}},
			}},
		},
		{
			name: "balances keep their own currencies and DBIT makes them negative",
			path: "camt053/genkgo-camt/camt053.v2.minimal.xml",
			want: []wantStmt{{
				Account:   statement.AccountInfo{ExternalID: "NL26VAYB8060476890", Currency: "EUR"},
				Balance:   "-2700 SEK 2014-12-31",
				Available: "-2700 JPY 2014-12-31",
				Start:     "2007-10-18T07:00:00Z", End: "2007-10-18T11:30:00Z",
				Txns: []txn{{"2014-12-31", "2015-01-02T00:00:00Z", 885, "EUR", "NAME NAME", "4654654654654654", "", "544", false}},
			}},
		},
		{
			name: "version 8 with an Othr account id, Sts/Cd and a booking time",
			path: "camt053/genkgo-camt/camt053.v8.xml",
			want: []wantStmt{{
				Account:   statement.AccountInfo{Institution: "AAAA BANKEN", ExternalID: "NL26VAYB8060476890", Currency: "EUR"},
				Balance:   "-2700 SEK 2014-12-30",
				Available: "-2700 JPY 2014-12-31",
				Start:     "2007-10-18T07:00:00Z", End: "2007-10-18T11:30:00Z",
				Txns: []txn{{"2014-12-31", "2015-01-02T00:00:00Z", 885, "EUR", "NAME NAME", "4654654654654654", "AAAASESS-FP-CN_98765/01", "PMNT/RCDT/BOOK", false}},
			}},
		},
		{
			name: "a batch entry becomes one transaction per TxDtls",
			path: "camt053/oca-bank-statement-import/test-camt053.xml",
			want: []wantStmt{{
				Account: statement.AccountInfo{InstitutionID: "ABNANL2A", ExternalID: "NL77ABNA0574908765", Name: "Example company", Currency: "EUR"},
				Balance: "1512112 EUR 2014-01-05",
				Start:   "2014-01-05T00:00:00Z", End: "2014-01-05T23:59:59Z",
				Txns: []txn{
					{"2014-01-05", "2014-01-05T00:00:00Z", -75425, "EUR", "INSURANCE COMPANY TESTX", "Insurance policy 857239PERIOD 01.01.2014 - 31.12.2014", "435005714488-ABNO33052620", "PMNT/RDDT/ESDD", false},
					{"2014-01-05", "2014-01-05T00:00:00Z", -56405, "EUR", "Test Customer", "Direct Debit S14 0410", "TESTBANK/NL/20141229/01206408", "PMNT/IDDT/UPDD RVSL", false},
					{"2014-01-05", "2014-01-05T00:00:00Z", -10000, "EUR", "Test Customer", "Direct Debit S14 0410", "TESTBANK/NL/20141229/01206407", "PMNT/IDDT/UPDD RVSL", false},
					{"2014-01-05", "2014-01-05T00:00:00Z", 140531, "EUR", "3rd party Media", "#RD PARTY MEDIA CUSNO 90782 4210773", "115", "PMNT/RCDT/ESCT", false},
				},
			}},
		},
		{
			name: "a Swiss statement with a non-IBAN account and the TxDtls reference",
			path: "camt053/ofxstatement-iso20022/camt053.xml",
			want: []wantStmt{{
				Account:   statement.AccountInfo{Institution: "SAMPLEBANK222", InstitutionID: "BANK BIC", ExternalID: "0035-2915203-10-000", Currency: "CHF"},
				Balance:   "211631 CHF 2023-01-25",
				Available: "211631 CHF 2023-01-25",
				Start:     "2023-01-24T23:00:00Z", End: "2023-01-25T22:59:00Z",
				Txns: []txn{{"2023-01-25", "2023-01-25T00:00:00Z", 128430, "CHF", "PAYEE", "PAYMENT INFO", "A032-J30K20-03-JF021", "PMNT/RCDT/DMCT", false}},
			}},
		},
		{
			name: "a Lithuanian statement with UTF-8 memos and booking times",
			path: "camt053/ofxstatement-iso20022/simple.xml",
			want: []wantStmt{{
				Account: statement.AccountInfo{Institution: "AB DNB bankas", InstitutionID: "AGBLLT2XXXX", ExternalID: "LT000000000000000000", Currency: "EUR"},
				Balance: "12552 EUR 2015-12-31",
				Start:   "2015-12-01T00:00:01Z", End: "2015-12-31T23:59:59Z",
				Txns: []txn{
					{"2015-12-31", "2016-01-01T00:00:00Z", -29, "EUR", "AB DNB Bankas", "Sąskaitos aptarnavimo mokestis", "FC1261858984", "ACMT/OTHR/OTHR", false},
					{"2015-12-31", "2015-12-31T00:00:00Z", -29, "EUR", "AB DNB Bankas", "Lėšų pervedimas į/iš LT11111111111111111 EUR pagal Nr. LTUH459EUR 00001", "FC1262466699", "PMNT/ICDT/BOOK", false},
					{"2015-12-31", "2015-12-31T00:00:00Z", -2819, "EUR", "AB DNB Bankas", "Transfer description", "FC1260573114", "LDAS/MDOP/INTR", false},
					{"2015-12-31", "2015-12-31T00:00:00Z", -15224, "EUR", "AB DNB Bankas", "Payment description", "FC1260573115", "LDAS/FTLN/RIMB", false},
				},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := parseFile(t, filepath.Join(dir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			checkStatements(t, sts, tt.want)
		})
	}
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []wantStmt
	}{
		{
			name: "two statements with namespace prefixes, a pending entry and a zero-decimal currency",
			file: "two_statements_v4.xml",
			want: []wantStmt{
				{
					Account:   statement.AccountInfo{Institution: "Beispielbank", InstitutionID: "COBADEFFXXX", ExternalID: "DE89370400440532013000", Name: "Girokonto", Type: "checking", Currency: "EUR"},
					Balance:   "94000 EUR 2024-02-29",
					Available: "90000 EUR 2024-02-29",
					Start:     "2024-02-28T23:00:00Z", End: "2024-02-29T22:59:59Z",
					Txns: []txn{
						{"2024-02-29", "2024-02-28T17:15:00Z", -6000, "EUR", "Stadtwerke", "Abschlag Strom Kunde 4711", "NR-1", "NMSC+005", false},
						{"2024-03-01", "2024-03-01T00:00:00Z", -4000, "EUR", "", "Card payment, not yet booked", "", "", true},
					},
				},
				{
					Account: statement.AccountInfo{ExternalID: "12-3456-7", Type: "savings", Currency: "JPY"},
					Balance: "-3000 JPY 2024-02-29",
					Txns:    []txn{{"2024-02-29", "", 2000, "JPY", "Yamada Taro", "RF18539007547034", "JP-REF-9", "", false}},
				},
			},
		},
		{
			name: "batches split when their parts add up and stay whole otherwise",
			file: "batches_v8.xml",
			want: []wantStmt{{
				Account: statement.AccountInfo{ExternalID: "NL91ABNA0417164300", Currency: "EUR"},
				Txns: []txn{
					{"2024-05-02", "", 7000, "EUR", "Alice", "Invoice 1", "BATCH-1/1", "PMNT/RCDT/ESCT", false},
					{"2024-05-02", "", 4000, "EUR", "Bob", "", "E2E-B", "PMNT/RCDT/ESCT", false},
					{"2024-05-02", "", -1000, "EUR", "Bank fee", "", "PART-3", "PMNT/RCDT/ESCT", false},
					{"2024-05-03", "", -5000, "EUR", "Shop", "Order 1; Order 2", "BATCH-2", "", false},
					{"2024-05-04", "", -3000, "EUR", "Gym", "May; June", "", "", true},
				},
			}},
		},
		{
			name: "a byte order mark and a declared ISO-8859-1 encoding",
			file: "latin1_bom.xml",
			want: []wantStmt{{
				Account: statement.AccountInfo{ExternalID: "FR7630006000011234567890189", Currency: "EUR"},
				Txns:    []txn{{"2024-01-15", "", -1230, "EUR", "Café de la Gare", "Déjeuner", "", "", false}},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := parseFile(t, filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			checkStatements(t, sts, tt.want)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		line    int
		element string
		text    string
	}{
		{"a comma amount names the element path", "bad_amount.xml", 9, "Stmt[1]/Ntry[3]/Amt", `amount "12,50" is not a decimal number`},
		{"non-zero extra decimals are refused, not rounded", "extra_precision.xml", 9, "Stmt[1]/Ntry[3]/Amt", `"1.005" has more decimals than EUR has (2)`},
		{"an unknown account currency is refused", "unknown_currency.xml", 5, "Stmt[1]/Acct/Ccy", `"EUX"`},
		{"an impossible date is refused", "bad_date.xml", 11, "Stmt[1]/Ntry[3]/BookgDt/Dt", `"2024-02-30"`},
		{"an entry without a credit/debit indicator is refused", "no_indicator.xml", 8, "Stmt[1]/Ntry[3]", "cannot tell credit from debit"},
		{"mismatched tags are invalid XML", "mismatched_tag.xml", 11, "Document/BkToCstmrStmt/Stmt/Ntry", "<Ntry> is closed by </Amt>"},
		{"a truncated file is invalid XML", "truncated.xml", 7, "Document/BkToCstmrStmt/Stmt/Ntry/BookgDt/Dt", "the file ends inside <Dt>"},
		{"a camt.052 report is not a statement", "camt052.xml", 3, "Document/BkToCstmrAcctRpt", "not a CAMT.053 statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := parseFile(t, filepath.Join("testdata", tt.file))
			checkParseError(t, sts, err, tt.file, tt.line, tt.element, tt.text)
		})
	}
}

func checkParseError(t *testing.T, sts []statement.Statement, err error, file string, line int, element, text string) {
	t.Helper()
	if sts != nil {
		t.Errorf("got %d statements with the error, want none", len(sts))
	}
	var pe *statement.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *statement.ParseError", err)
	}
	if pe.File != file || pe.Line != line || pe.Element != element {
		t.Errorf("error at %s:%d %q, want %s:%d %q", pe.File, pe.Line, pe.Element, file, line, element)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("message %q does not contain %q", err, text)
	}
}

func TestParseSmallErrors(t *testing.T) {
	const head = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>`
	const tail = `</BkToCstmrStmt></Document>`
	const acct = `<Acct><Id><IBAN>X</IBAN></Id><Ccy>EUR</Ccy></Acct>`
	tests := []struct {
		name, in, element, text string
	}{
		{"an empty file has no XML element", "", "", "no XML element"},
		{"text is not XML", "hello", "", "text before the root element"},
		{"another root element is not CAMT", `<OFX></OFX>`, "OFX", "root element is <OFX>"},
		{"a Document without a statement message", `<Document></Document>`, "Document", "no <BkToCstmrStmt>"},
		{"a statement without an account", head + `<Stmt><Id>1</Id></Stmt>` + tail, "Stmt[1]", "no <Acct>"},
		{"an account without any currency", head + `<Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct></Stmt>` + tail, "Stmt[1]/Acct", "cannot tell the account's currency"},
		{"an entry without an amount", head + `<Stmt>` + acct + `<Ntry><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry></Stmt>` + tail, "Stmt[1]/Ntry[1]", "missing <Amt>"},
		{"an entry without dates", head + `<Stmt>` + acct + `<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt>` + tail, "Stmt[1]/Ntry[1]", "neither <BookgDt> nor <ValDt>"},
		{"a negative amount is refused", head + `<Stmt>` + acct + `<Ntry><Amt Ccy="EUR">-1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt>` + tail, "Stmt[1]/Ntry[1]/Amt", "not a decimal number"},
		{"an unknown indicator is refused", head + `<Stmt>` + acct + `<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CREDIT</CdtDbtInd></Ntry></Stmt>` + tail, "Stmt[1]/Ntry[1]/CdtDbtInd", `"CREDIT"`},
		{"an unknown amount currency is refused", head + `<Stmt>` + acct + `<Ntry><Amt Ccy="ZZZ">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt>` + tail, "Stmt[1]/Ntry[1]/Amt", `"ZZZ"`},
		{"a broken batch amount is refused", head + `<Stmt>` + acct + `<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt><NtryDtls><TxDtls/><TxDtls><Amt Ccy="EUR">x</Amt></TxDtls></NtryDtls></Ntry></Stmt>` + tail, "Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]/Amt", `"x"`},
		{"a balance without a date is refused", head + `<Stmt>` + acct + `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal></Stmt>` + tail, "Stmt[1]/Bal[1]", "no <Dt>"},
		{"a second root element is refused", head + tail + `<Document/>`, "", "after the root element"},
		{"an undefined entity is invalid XML", head + `<Stmt><Id>&nbsp;</Id></Stmt>` + tail, "Document/BkToCstmrStmt/Stmt/Id", "invalid XML"},
		{"deep nesting is refused", head + strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100) + tail, "", "nested more than"},
		{"an unknown declared encoding is refused", `<?xml version="1.0" encoding="x-klingon"?><Document/>`, "", "x-klingon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := Parse(strings.NewReader(tt.in), "s.xml")
			if sts != nil {
				t.Errorf("got statements with the error")
			}
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *statement.ParseError", err)
			}
			if pe.File != "s.xml" || pe.Element != tt.element {
				t.Errorf("error at %s %q, want s.xml %q", pe.File, pe.Element, tt.element)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("message %q does not contain %q", err, tt.text)
			}
		})
	}
}

func TestParseEdgeCases(t *testing.T) {
	const head = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.03"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr>`
	const tail = `</BkToCstmrStmt></Document>`
	tests := []struct {
		name string
		in   string
		want []txn
		ccy  string
	}{
		{
			name: "a statement with no entries is still a statement",
			in:   head + `<Stmt><Acct><Id><IBAN>X</IBAN></Id><Ccy>usd</Ccy></Acct></Stmt>` + tail,
			want: []txn{}, ccy: "USD",
		},
		{
			name: "without Acct/Ccy the currency comes from the first entry",
			in:   head + `<Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy="GBP">1.5</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry></Stmt>` + tail,
			want: []txn{{"2024-01-01", "", 150, "GBP", "", "", "", "", false}}, ccy: "GBP",
		},
		{
			name: "an amount without Ccy takes the account's",
			in:   head + `<Stmt><Acct><Id><IBAN>X</IBAN></Id><Ccy>BHD</Ccy></Acct><Ntry><Amt>1.5</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry></Stmt>` + tail,
			want: []txn{{"2024-01-01", "", -1500, "BHD", "", "", "", "", false}}, ccy: "BHD",
		},
		{
			name: "comments and unknown elements are ignored",
			in:   head + `<!-- c --><Stmt><Acct><Id><IBAN>X</IBAN></Id><Ccy>EUR</Ccy></Acct><Xtra><Amt>junk</Amt></Xtra><Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt><SplmtryData><Envlp><X/></Envlp></SplmtryData></Ntry></Stmt>` + tail + "<!-- end -->\n",
			want: []txn{{"2024-01-01", "", 100, "EUR", "", "", "", "", false}}, ccy: "EUR",
		},
		{
			name: "a root BkToCstmrStmt without a Document is accepted",
			in:   `<BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id><Ccy>EUR</Ccy></Acct></Stmt></BkToCstmrStmt>`,
			want: []txn{}, ccy: "EUR",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := Parse(strings.NewReader(tt.in), "e.xml")
			if err != nil {
				t.Fatal(err)
			}
			if len(sts) != 1 {
				t.Fatalf("got %d statements", len(sts))
			}
			if sts[0].Account.Currency != tt.ccy {
				t.Errorf("currency %q, want %q", sts[0].Account.Currency, tt.ccy)
			}
			if got := txnsOf(sts[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("transactions\n got  %+v\n want %+v", got, tt.want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"a camt.053 Document is CAMT", `<?xml version="1.0"?>` + "\n" + `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>`, true},
		{"a prefixed version 8 Document is CAMT", `<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">`, true},
		{"a byte order mark may come first", "\xef\xbb\xbf<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\">", true},
		{"another namespace with BkToCstmrStmt is CAMT", `<Document xmlns="urn:example"><BkToCstmrStmt><GrpHdr>`, true},
		{"a head cut inside a tag still counts", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCst`, true},
		{"camt.052 is not a statement", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt>`, false},
		{"OFX 2 is not CAMT", `<?xml version="1.0"?><?OFX OFXHEADER="200"?><OFX><SIGNONMSGSRSV1>`, false},
		{"QIF is not CAMT", "!Type:Bank\n", false},
		{"empty input is not CAMT", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.head)); got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

func TestSniffSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	paths, _ := filepath.Glob(filepath.Join(dir, "camt053", "*", "*.xml"))
	if len(paths) == 0 {
		t.Skip("no shared CAMT files")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 512 {
			b = b[:512]
		}
		if !Sniff(b) {
			t.Errorf("Sniff does not recognize %s", p)
		}
	}
}

// FuzzParse feeds arbitrary bytes through Parse: it must not panic, every
// error must be a *statement.ParseError with no statements alongside, and every
// currency must be a real one.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sts, err := Parse(strings.NewReader(string(data)), "fuzz.xml")
		if err != nil {
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *statement.ParseError", err, err)
			}
			if sts != nil {
				t.Fatalf("statements returned with an error")
			}
			return
		}
		valid := func(code, what string) {
			if _, err := money.Lookup(code); err != nil {
				t.Fatalf("%s currency %q: %v", what, code, err)
			}
		}
		for _, st := range sts {
			valid(st.Account.Currency, "account")
			if st.Balance != nil {
				valid(st.Balance.Currency, "balance")
			}
			if st.Available != nil {
				valid(st.Available.Currency, "available")
			}
			for _, tx := range st.Transactions {
				valid(tx.Currency, "transaction")
				if tx.Posted.IsZero() {
					t.Fatalf("transaction without a date: %+v", tx)
				}
			}
		}
	})
}
