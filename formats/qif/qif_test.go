package qif

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
	return sharedtest.Dir(t, "qif")
}

// txn is the part of a transaction the tests compare, with the date as
// text so that failures read well.
type txn struct {
	Date     string
	Amount   int64
	Payee    string
	Memo     string
	Category string
	Check    string
	Type     string
	Line     int
}

func txnsOf(st statement.Statement) []txn {
	out := make([]txn, 0, len(st.Transactions))
	for _, t := range st.Transactions {
		out = append(out, txn{t.Posted.Format("2006-01-02"), t.Amount, t.Payee, t.Memo, t.Category, t.CheckNumber, t.Type, t.Line})
	}
	return out
}

// account is the part of a statement's account the tests compare.
type acct struct {
	ExternalID, Name, Type, Currency string
}

type wantStmt struct {
	Account acct
	Txns    []txn
}

func parseFile(t *testing.T, path string, opt Options) ([]statement.Statement, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f, filepath.Base(path), opt)
}

func checkStatements(t *testing.T, sts []statement.Statement, want []wantStmt) {
	t.Helper()
	if len(sts) != len(want) {
		t.Fatalf("got %d statements, want %d", len(sts), len(want))
	}
	for i, st := range sts {
		if st.Format != "qif" {
			t.Errorf("statement %d: Format = %q", i, st.Format)
		}
		got := acct{st.Account.ExternalID, st.Account.Name, st.Account.Type, st.Account.Currency}
		if got != want[i].Account {
			t.Errorf("statement %d: account = %+v, want %+v", i, got, want[i].Account)
		}
		gotTxns := txnsOf(st)
		if !reflect.DeepEqual(gotTxns, want[i].Txns) {
			t.Errorf("statement %d transactions:\n got  %+v\n want %+v", i, gotTxns, want[i].Txns)
		}
		for j, tx := range st.Transactions {
			if tx.Currency != st.Account.Currency {
				t.Errorf("statement %d txn %d: currency %q, account %q", i, j, tx.Currency, st.Account.Currency)
			}
			if tx.Posted.Location() != time.UTC || tx.Posted.Hour() != 0 {
				t.Errorf("statement %d txn %d: Posted %v is not UTC midnight", i, j, tx.Posted)
			}
		}
	}
}

var unnamedBank = acct{Type: "checking", Currency: "USD"}

func TestParseSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	tests := []struct {
		name string
		path string
		want []wantStmt
	}{
		{
			name: "dd/mm/yy dates are detected from a day over 12",
			path: "qif/jemmyw-qif/3_records_ddmmyy.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2010-01-01", -1000, "Description", "Reference", "Debit", "", "", 2},
				{"2010-06-01", -2000, "Description", "Reference", "Debit", "", "", 8},
				{"2010-12-29", 3000, "Description", "Reference", "Credit", "", "", 14},
			}}},
		},
		{
			name: "thousands separators are read exactly",
			path: "qif/jemmyw-qif/3_records_separator.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2010-01-01", -101000, "Description", "Reference", "Debit", "", "", 2},
				{"2010-06-01", -3002000, "Description", "Reference", "Debit", "", "", 8},
				{"2010-12-29", 3000, "Description", "Reference", "Credit", "", "", 14},
			}}},
		},
		{
			name: "splits keep the transaction total and a transfer keeps its account",
			path: "qif/jemmyw-qif/splits.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"1994-06-01", -100000, "Bank Of Mortgage", "Memo [linda]", "Transfer", "1005", "", 2},
				{"1994-06-02", 7500, "Deposit", "", "", "", "", 15},
			}}},
		},
		{
			name: "m/d/yy dates are detected from a day over 12",
			path: "qif/oca-bank-statement-import/test_qif.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2013-08-12", -100000, "Delta PC", "", "", "", "", 2},
				{"2013-08-15", -7546, "Walts Drugs", "", "", "", "", 6},
				{"2013-03-03", -37900, "Epic Technologies", "", "", "", "", 10},
				{"2013-03-04", -2028, "YOUR LOCAL SUPERMARKET", "", "", "", "", 14},
				{"2013-03-03", -42135, "SPRINGFIELD WATER UTILITY", "", "", "", "", 18},
			}}},
		},
		{
			name: "an investment account with only share moves gives no statement",
			path: "qif/qifparse/file.qif",
			want: []wantStmt{{acct{"My Cash", "My Cash", "cash", "USD"}, []txn{
				{"2013-10-23", -650, "", "", "food:lunch", "", "", 13},
				{"2013-10-11", 3100, "", "[My Cc]", "Transfer", "", "", 17},
				{"2013-10-11", -4800, "", "", "", "", "", 21},
			}}},
		},
		{
			name: "apostrophe years, classes, comments and a missing final newline",
			path: "qif/quiffen/test.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2020-02-10", 0, "Opening Balance", "[TestExport]", "Transfer", "", "", 29},
				{"2020-02-14", 6750, "T-Mobile", "", "Bills:Cell Phone", "", "", 35},
				{"2020-02-14", 3200, "US Post Office", "money back for damaged parcel", "Miscellaneous", "", "", 46},
				{"2020-02-12", -1000, "Target", "two transactions, equal", "Food:Groceries", "", "", 52},
				{"2020-02-11", -2500, "Walmart", "non split transaction", "Food:Groceries", "123", "", 64},
				{"2020-02-10", -10000, "Amazon.com", "test order 1", "Food:Groceries", "", "", 72},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := parseFile(t, filepath.Join(dir, tt.path), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkStatements(t, sts, tt.want)
		})
	}
}

// The OCA origin test states the statement's end balance: the sum of its
// five amounts.
func TestSharedFileSumsToTheOriginBalance(t *testing.T) {
	sts, err := parseFile(t, filepath.Join(sharedDir(t), "qif/oca-bank-statement-import/test_qif.qif"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, tx := range sts[0].Transactions {
		sum += tx.Amount
	}
	if sum != -189609 {
		t.Errorf("sum = %d, want -189609", sum)
	}
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		name string
		file string
		opt  Options
		want []wantStmt
	}{
		{
			name: "date notations, CRLF, U amounts and a missing final caret and newline",
			file: "dates_crlf.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2001-01-01", -1234, "Corner Shop", "", "", "", "", 2},
				{"2020-02-10", 101000, "Salary", "", "", "", "", 6},
				{"2020-12-31", -500, "Fee", "", "", "", "", 10},
				{"2020-12-31", 700, "ISO date", "", "", "", "", 14},
				{"1998-01-01", -50, "Old", "no final caret, no final newline", "", "", "", 18},
			}}},
		},
		{
			name: "a file written with decimal commas and dotted dates",
			file: "decimal_comma.qif",
			opt:  Options{Currency: "eur"},
			want: []wantStmt{{acct{Type: "checking", Currency: "EUR"}, []txn{
				{"2020-12-31", -101050, "Bäckerei Müller", "", "", "", "", 2},
				{"2021-02-01", 1250, "Erstattung", "", "", "", "", 6},
				{"2021-03-15", -300, "Gebühr", "", "", "", "", 10},
			}}},
		},
		{
			name: "an !Option:YMD line sets the date order",
			file: "option_ymd.qif",
			want: []wantStmt{{acct{Type: "credit", Currency: "USD"}, []txn{
				{"2020-12-31", -999, "Stream", "", "", "", "", 3},
				{"2021-01-05", -999, "Stream", "", "", "", "", 7},
			}}},
		},
		{
			name: "the date order option overrides the file",
			file: "option_ymd.qif",
			opt:  Options{DateOrder: "dmy"},
			want: []wantStmt{{acct{Type: "credit", Currency: "USD"}, []txn{
				{"2031-12-20", -999, "Stream", "", "", "", "", 3},
				{"2005-01-21", -999, "Stream", "", "", "", "", 7},
			}}},
		},
		{
			name: "old Mac CR line ends",
			file: "cr_only.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2021-03-04", -100, "Mac line ends", "", "", "", "", 2},
				{"2021-03-05", 200, "", "", "", "", "", 6},
			}}},
		},
		{
			name: "a file that is not UTF-8 is read as Windows-1252",
			file: "windows1252.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2021-01-02", -450, "Café Crème", "naïve € sign", "", "", "", 2},
			}}},
		},
		{
			name: "account lists, named accounts, transfers and simple investment cash",
			file: "accounts.qif",
			want: []wantStmt{
				{acct{"Checking", "Checking", "checking", "USD"}, []txn{
					{"2021-03-01", -4510, "Grocer", "", "Groceries", "1001", "", 21},
					{"2021-03-02", -20000, "Card payment", "[Visa]", "Transfer", "", "", 30},
				}},
				{acct{"Visa", "Visa", "credit", "USD"}, []txn{
					{"2021-03-02", 20000, "Payment thank you", "[Checking]", "Transfer", "", "", 40},
					{"2021-03-05", -1200, "Bookshop", "", "", "", "", 45},
				}},
				{acct{"Broker", "Broker", "brokerage", "USD"}, []txn{
					{"2021-03-04", 100000, "", "[Checking]", "Transfer", "", "XIn", 66},
					{"2021-03-05", 320, "ACME", "", "", "", "Div", 71},
					{"2021-03-06", -150, "", "Account fee", "", "", "MiscExp", 76},
					{"2021-03-07", -2000, "Withdrawal", "", "", "", "Cash", 81},
				}},
			},
		},
		{
			name: "splits give the amount only when there is no total",
			file: "splits.qif",
			want: []wantStmt{{unnamedBank, []txn{
				{"2021-05-01", -1500, "", "no total, the splits make the amount", "", "", "", 2},
				{"2021-05-02", -12000, "Splits before the total that do not add up", "", "", "", "", 10},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := parseFile(t, filepath.Join("testdata", tt.file), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			checkStatements(t, sts, tt.want)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		opt   Options
		line  int
		field string
		text  []string // in the message
	}{
		{"an impossible date names its line and value", "bad_date.qif", Options{}, 5, "D (date)", []string{`"13/45/2021"`, "bad_date.qif:5"}},
		{"a broken amount names its line and value", "bad_amount.qif", Options{}, 6, "T (amount)", []string{`"12.3.4"`}},
		{"a record without a date is refused", "no_date.qif", Options{}, 5, "D (date)", []string{"no date"}},
		{"a record without an amount is refused", "no_amount.qif", Options{}, 2, "T (amount)", []string{"no amount"}},
		{"records before any header are not QIF", "no_header.qif", Options{}, 1, "", []string{"not a QIF file"}},
		{"dates that contradict the detected order are refused", "contradictory_dates.qif", Options{}, 5, "D (date)", []string{`"01/13/2021"`, "day/month/year"}},
		{"a decimal comma in a dot file is refused, not guessed", "mixed_separators.qif", Options{}, 6, "T (amount)", []string{`"2,50"`}},
		{"a date the forced order cannot read is refused", "dates_crlf.qif", Options{DateOrder: "ymd"}, 6, "D (date)", []string{`"2/10'2020"`, "year/month/day"}},
		{"an unknown currency is refused", "splits.qif", Options{Currency: "XYZ"}, 0, "currency", []string{"XYZ"}},
		{"an unknown date order is refused", "splits.qif", Options{DateOrder: "myd"}, 0, "date order", []string{"myd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := parseFile(t, filepath.Join("testdata", tt.file), tt.opt)
			if sts != nil {
				t.Errorf("got %d statements with the error, want none", len(sts))
			}
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *statement.ParseError", err)
			}
			if pe.File != tt.file || pe.Line != tt.line || pe.Field != tt.field {
				t.Errorf("error at %s:%d field %q, want %s:%d field %q", pe.File, pe.Line, pe.Field, tt.file, tt.line, tt.field)
			}
			for _, s := range tt.text {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestParseEmptyAndListOnlyFiles(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr bool
	}{
		{"an empty file is not QIF", "", true},
		{"a file with only a category list has no statements", "!Type:Cat\nNFood\n^\n", false},
		{"a header without records has no statements", "!Type:Bank\n", false},
		{"empty records are skipped", "!Type:Bank\n^\n^\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := Parse(strings.NewReader(tt.in), "x.qif", Options{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if len(sts) != 0 {
				t.Errorf("got %d statements, want none", len(sts))
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, order, want string
	}{
		{"1/ 1'01", "mdy", "2001-01-01"},
		{"2/10'2020", "mdy", "2020-02-10"},
		{"12/31/2020", "mdy", "2020-12-31"},
		{"31/12/2020", "dmy", "2020-12-31"},
		{"31.12.2020", "dmy", "2020-12-31"},
		{"2020-12-31", "mdy", "2020-12-31"},
		{"2020-12-31", "dmy", "2020-12-31"},
		{"20201231", "mdy", "2020-12-31"},
		{"98/12/31", "ymd", "1998-12-31"},
		{"1/1/98", "mdy", "1998-01-01"},
		{"1/1/69", "mdy", "2069-01-01"},
		{"1/1/70", "mdy", "1970-01-01"},
		{"1/1'98", "mdy", "2098-01-01"},
		{"12-31-99", "mdy", "1999-12-31"},
		{" 2/29'2024 ", "mdy", "2024-02-29"},
		{"2/29/2023", "mdy", ""},
		{"13/1/2020", "mdy", ""},
		{"0/1/2020", "mdy", ""},
		{"1/0/2020", "mdy", ""},
		{"1/1/202", "mdy", ""},
		{"1/1", "mdy", ""},
		{"1/1/2020/1", "mdy", ""},
		{"Jan 1 2020", "mdy", ""},
		{"/1/1/2020", "mdy", ""},
		{"", "mdy", ""},
		{"1/1/0999", "mdy", ""},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.order)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDate(%q, %s) = %v, want an error", tt.in, tt.order, got)
			}
			continue
		}
		if err != nil || got.Format("2006-01-02") != tt.want {
			t.Errorf("parseDate(%q, %s) = %v, %v; want %s", tt.in, tt.order, got, err, tt.want)
		}
	}
}

func TestSeparatorStyle(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"12.50", '.'}, {"12,50", ','}, {"1,010.00", '.'}, {"1.010,00", ','},
		{"1,000,000", '.'}, {"1.000.000", ','}, {"1,000", 0}, {"1.000", 0},
		{"100", 0}, {"=746.36", '.'}, {"12,5", ','}, {"-0,5", ','},
	}
	for _, tt := range tests {
		if got := separatorStyle(tt.in); got != tt.want {
			t.Errorf("separatorStyle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"a !Type header is QIF", "!Type:Bank\nD1/1/20\n", true},
		{"an !Account header is QIF", "!Account\nNChecking\n", true},
		{"an !Option line is QIF", "!Option:AutoSwitch\n!Account\n", true},
		{"case does not matter", "!type:bank\n", true},
		{"a byte order mark, blank lines and comments may come first", "\xef\xbb\xbf\r\n### export\r\n  !Type:CCard\r\n", true},
		{"other content first is not QIF", "Date,Amount\n!Type:Bank\n", false},
		{"OFX is not QIF", "OFXHEADER:100\nDATA:OFXSGML\n", false},
		{"an unknown bang line is not QIF", "!Hello\n", false},
		{"empty input is not QIF", "", false},
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
	paths, _ := filepath.Glob(filepath.Join(dir, "qif", "*", "*.qif"))
	if len(paths) == 0 {
		t.Skip("no shared QIF files")
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
// statement must carry a real currency.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.qif"))
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte("!Type:Bank\nD1/1'01\nT1,0\n^"), "dmy")
	f.Fuzz(func(t *testing.T, data []byte, order string) {
		switch order {
		case "", "mdy", "dmy", "ymd":
		default:
			order = ""
		}
		sts, err := Parse(strings.NewReader(string(data)), "fuzz.qif", Options{DateOrder: order})
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
		for _, st := range sts {
			if _, err := money.Lookup(st.Account.Currency); err != nil {
				t.Fatalf("account currency %q: %v", st.Account.Currency, err)
			}
			for _, tx := range st.Transactions {
				if _, err := money.Lookup(tx.Currency); err != nil {
					t.Fatalf("transaction currency %q: %v", tx.Currency, err)
				}
				if tx.Posted.IsZero() || tx.Line < 1 {
					t.Fatalf("transaction without a date or line: %+v", tx)
				}
			}
		}
	})
}

func TestCurrencyIsAssumedUnlessTheCallerNamesIt(t *testing.T) {
	t.Parallel()
	data := "!Type:Bank\nD01/02/2024\nT-4.50\nPCoffee\n^\n"
	for _, tc := range []struct {
		opt      Options
		currency string
		assumed  bool
	}{
		{Options{}, "USD", true},
		{Options{Currency: "dkk"}, "DKK", false},
		{Options{Currency: "USD"}, "USD", false},
	} {
		st, err := Parse(strings.NewReader(data), "x.qif", tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if a := st[0].Account; a.Currency != tc.currency || a.CurrencyAssumed != tc.assumed {
			t.Errorf("%+v: currency %s assumed %v, want %s %v", tc.opt, a.Currency, a.CurrencyAssumed, tc.currency, tc.assumed)
		}
	}
}
