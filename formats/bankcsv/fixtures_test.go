package bankcsv

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"penny/money"
	"penny/statement"
)

func parseFile(t *testing.T, path string, opt Options) ([]statement.Statement, Report, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f, filepath.Base(path), opt)
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		rules string
		opt   Options
		want  []want // every imported transaction, in order
		check func(t *testing.T, st []statement.Statement, rep Report)
	}{
		{
			name: "a UTF-8 BOM is dropped before the header",
			file: "bom.csv",
			want: []want{{"2024-01-05", -350, "Coffee Shop"}, {"2024-01-06", 250000, "Salary"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.Encoding != "utf-8 (BOM)" || rep.HeaderLine != 1 {
					t.Errorf("encoding %q header %d", rep.Encoding, rep.HeaderLine)
				}
			},
		},
		{
			name: "UTF-16 little-endian with BOM and tabs",
			file: "utf16le.csv",
			want: []want{{"2024-02-01", -420, "Café Noir"}, {"2024-02-03", 1000, "Refund"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.Encoding != "utf-16le (BOM)" || rep.Delimiter != "TAB" {
					t.Errorf("encoding %q delimiter %q", rep.Encoding, rep.Delimiter)
				}
			},
		},
		{
			name: "UTF-16 big-endian with BOM, Dutch header and decimal commas",
			file: "utf16be.csv",
			want: []want{{"2024-02-01", -420, "Bakkerij Ünal"}, {"2024-02-03", 1000, "Terugbetaling"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.Encoding != "utf-16be (BOM)" || !rep.DecimalComma {
					t.Errorf("encoding %q decimal comma %v", rep.Encoding, rep.DecimalComma)
				}
			},
		},
		{
			name: "bytes that are not UTF-8 are read as Windows-1252, with thousands dots",
			file: "latin1.csv",
			want: []want{{"2023-03-15", -1250, "Bäckerei Müller"}, {"2023-03-16", 123456, "Gehalt März"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.Encoding != "windows-1252" || st[0].Account.Currency != "EUR" {
					t.Errorf("encoding %q currency %q", rep.Encoding, st[0].Account.Currency)
				}
			},
		},
		{
			name: "pipes delimit and a lower-case header is still a header",
			file: "pipe.csv",
			want: []want{{"2023-05-01", -2000, "Grocer"}, {"2023-05-02", 10000, "Pay"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.Delimiter != "|" || st[0].Balance == nil || st[0].Balance.Amount != 18000 {
					t.Errorf("delimiter %q balance %+v", rep.Delimiter, st[0].Balance)
				}
			},
		},
		{
			name: "Excel's sep= line chooses the delimiter and lines keep their numbers",
			file: "sepline.csv",
			want: []want{{"2023-05-01", -150, "A, B and C"}, {"2023-05-02", 200, "D"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.HeaderLine != 2 || st[0].Transactions[0].Line != 3 {
					t.Errorf("header line %d first row line %d", rep.HeaderLine, st[0].Transactions[0].Line)
				}
			},
		},
		{
			name: "a preamble before the header is skipped and its account number kept",
			file: "preamble.csv",
			want: []want{{"2024-01-02", -95000, "Rent"}, {"2024-01-15", 200000, "Salary"}, {"2024-01-31", 45, "Interest"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.HeaderLine != 5 || st[0].Account.ExternalID != "12345678" {
					t.Errorf("header %d account %q", rep.HeaderLine, st[0].Account.ExternalID)
				}
				if b := st[0].Balance; b == nil || b.Amount != 305045 || !b.Date.Equal(day("2024-01-31")) {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "dates that read both ways follow the American convention in a dot-decimal file and say so",
			file: "ambiguous.csv",
			want: []want{{"2024-01-02", -100, "A"}, {"2024-02-02", -200, "B"}, {"2024-03-02", -300, "C"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if !hasNote(rep, "read as month/day/year") {
					t.Errorf("notes %q", rep.Notes)
				}
			},
		},
		{
			name: "dotted dates that read both ways are European",
			file: "ambiguous_dots.csv",
			want: []want{{"2024-02-01", -100, "A"}, {"2024-02-03", -200, "B"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if !hasNote(rep, "read as day/month/year") {
					t.Errorf("notes %q", rep.Notes)
				}
			},
		},
		{
			name: "a day above 12 settles month/day/year without a note",
			file: "mdy.csv",
			want: []want{{"2024-01-31", -100, "A"}, {"2024-02-01", -200, "B"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if len(rep.Notes) != 0 || rep.DateFormat != "month/day/year" {
					t.Errorf("format %q notes %q", rep.DateFormat, rep.Notes)
				}
			},
		},
		{
			name: "two-digit years, Danish column names and thousands dots",
			file: "twodigit.csv",
			want: []want{{"2019-02-01", -4595, "Netto"}, {"2019-02-28", 2500000, "Løn"}},
		},
		{
			name: "month names in English, German and French",
			file: "monthnames.csv",
			want: []want{{"2024-03-05", -725, "Market"}, {"2024-03-12", -310, "Bäcker"}, {"2023-12-01", -200, "Café"}},
		},
		{
			name: "quoted amounts with thousands commas",
			file: "thousands.csv",
			want: []want{{"2024-01-01", -1234567, "Car"}, {"2024-01-02", 100000, "Bonus"}},
		},
		{
			name: "a D/C column signs unsigned amounts",
			file: "flag.csv",
			want: []want{{"2024-04-01", -1200, "Shop"}, {"2024-04-02", 500, "Refund"}},
		},
		{
			name: "balance lines, blank rows, a repeated header, zero and empty amounts, totals and notices are skipped and listed",
			file: "nonrows.csv",
			want: []want{{"2024-01-02", -1000, "Shop"}, {"2024-01-04", -2000, "Total Wine & More"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				wantSkipped := []SkippedRow{{2, "opening balance"}, {4, "empty row"}, {5, "repeated header"}, {6, "zero amount"},
					{8, "no amount"}, {9, "totals row"}, {10, "closing balance"}, {11, "notice row"}}
				if !slices.Equal(rep.Skipped, wantSkipped) {
					t.Errorf("skipped %v\nwant    %v", rep.Skipped, wantSkipped)
				}
				if rep.Rows != 10 || rep.Imported != 2 {
					t.Errorf("rows %d imported %d", rep.Rows, rep.Imported)
				}
				// The dated closing-balance line is later than the last row's running balance.
				if b := st[0].Balance; b == nil || b.Amount != 7000 || !b.Date.Equal(day("2024-01-31")) {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "a currency column gives one statement per currency, JPY without decimals",
			file: "multicurrency.csv",
			want: []want{{"2024-01-01", -10000, "Hotel"}, {"2024-01-03", -5000, "Dinner"}, {"2024-01-01", -2000, "Taxi"}, {"2024-01-02", -3000, "Sushi"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				var curs []string
				for _, s := range st {
					curs = append(curs, s.Account.Currency)
				}
				if !slices.Equal(curs, []string{"EUR", "USD", "JPY"}) || st[0].Origin != "multicurrency.csv (EUR)" {
					t.Errorf("currencies %v origin %q", curs, st[0].Origin)
				}
			},
		},
		{
			name: "an account column gives one statement per account, IBAN spaces removed",
			file: "multiaccount.csv",
			want: []want{{"2024-01-01", -500, "Alice"}, {"2024-01-02", -100, "Carol"}, {"2024-01-01", 700, "Bob"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if len(st) != 2 || st[0].Account.ExternalID != "NL91ABNA0417164300" || st[1].Account.ExternalID != "DE89370400440532013000" {
					t.Fatalf("statements %+v", st)
				}
				if st[0].Balance.Amount != 9400 || st[1].Balance.Amount != 10700 {
					t.Errorf("balances %+v %+v", st[0].Balance, st[1].Balance)
				}
			},
		},
		{
			name: "Revolut: the fee is charged on top, pending rows use the start date, reverted rows are skipped",
			file: "revolut_states.csv",
			want: []want{{"2024-03-02", -500, "Bakery"}, {"2024-03-02", -1050, "To Anna"}, {"2024-03-03", -300, "Coffee"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				tx := st[0].Transactions
				if tx[0].Pending || !tx[2].Pending {
					t.Errorf("pending flags %v %v", tx[0].Pending, tx[2].Pending)
				}
				if !slices.Equal(rep.Skipped, []SkippedRow{{5, "status REVERTED"}}) {
					t.Errorf("skipped %v", rep.Skipped)
				}
				if b := st[0].Balance; b == nil || b.Amount != 8450 {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "a quoted description spanning two lines keeps later rows on their physical lines",
			file: "multiline.csv",
			want: []want{{"2024-01-01", -100, "Line one line two"}, {"2024-01-02", -200, `He said "hi"`}, {"2024-01-03", -300, "Plain"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				var lines []int
				for _, tx := range st[0].Transactions {
					lines = append(lines, tx.Line)
				}
				if !slices.Equal(lines, []int{2, 4, 5}) {
					t.Errorf("lines %v", lines)
				}
			},
		},
		{
			name: "old Mac line endings (bare CR) and no final newline",
			file: "cr_only.csv",
			want: []want{{"2024-01-01", -100, "Old Mac"}, {"2024-01-02", -200, "Still old"}},
		},
		{
			name: "a euro sign in the amounts sets the currency",
			file: "symbols.csv",
			want: []want{{"2024-01-01", -12000, "Hotel"}, {"2024-01-02", 2000, "Refund"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if st[0].Account.Currency != "EUR" {
					t.Errorf("currency %q", st[0].Account.Currency)
				}
			},
		},
		{
			name: "the caller's default currency applies when the file names none",
			file: "card.csv", opt: Options{Currency: "nzd"},
			want: []want{{"2024-01-01", 2500, "Purchase"}, {"2024-01-05", -2500, "Payment received"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if st[0].Account.Currency != "NZD" {
					t.Errorf("currency %q", st[0].Account.Currency)
				}
			},
		},
		{
			name: "InvertSign reads a card export that writes purchases as positive",
			file: "card.csv", opt: Options{InvertSign: true},
			want: []want{{"2024-01-01", -2500, "Purchase"}, {"2024-01-05", 2500, "Payment received"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if st[0].Account.Type != "credit" {
					t.Errorf("type %q", st[0].Account.Type)
				}
			},
		},
		{
			name: "a reference column with repeated values is not used as transaction id",
			file: "id_repeats.csv",
			want: []want{{"2024-01-01", -100, "A"}, {"2024-01-02", -200, "B"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if st[0].Transactions[0].ExternalID != "" || !hasNote(rep, "Reference") {
					t.Errorf("id %q notes %q", st[0].Transactions[0].ExternalID, rep.Notes)
				}
			},
		},
		{
			name: "a unique transaction-id column becomes ExternalID",
			file: "ids.csv",
			want: []want{{"2024-01-01", -100, "A"}, {"2024-01-02", -200, "B"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if st[0].Transactions[1].ExternalID != "T-2" {
					t.Errorf("id %q", st[0].Transactions[1].ExternalID)
				}
			},
		},
		{
			name: "newest-first files take the balance of the first row of the latest date",
			file: "newest_first.csv",
			want: []want{{"2024-01-03", -100, "C"}, {"2024-01-03", -100, "B"}, {"2024-01-02", -100, "A"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if b := st[0].Balance; b == nil || b.Amount != 9700 {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "a Bank of America-like summary preamble and beginning-balance row",
			file: "bofa.csv",
			want: []want{{"2024-01-03", -12050, "GROCERY OUTLET 123 01/02 PURCHASE"}, {"2024-01-15", 250000, "ACME PAYROLL DES:DIR DEP"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if rep.HeaderLine != 7 || !slices.Equal(rep.Skipped, []SkippedRow{{8, "opening balance"}}) {
					t.Errorf("header %d skipped %v", rep.HeaderLine, rep.Skipped)
				}
				if b := st[0].Balance; b == nil || b.Amount != 337950 {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "an N26-like account-number column that changes every row is the other party's",
			file: "n26.csv",
			want: []want{{"2024-01-02", -320, "Bäckerei"}, {"2024-01-03", -80000, "Landlord GmbH"}, {"2024-01-04", 250000, "Employer AG"},
				{"2024-01-05", -410, "Café"}, {"2024-01-06", -1200, "Shop"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if len(st) != 1 || st[0].Account.ExternalID != "" || st[0].Account.Currency != "EUR" {
					t.Errorf("statements %d account %+v", len(st), st[0].Account)
				}
				if m := st[0].Transactions[1].Memo; m != "Rent January | DE02120300000000202051" {
					t.Errorf("memo %q", m)
				}
			},
		},
		{
			name: "a Starling-like file: a counter-party column of names is the payee, a text reference is memo",
			file: "starling.csv",
			want: []want{{"2024-02-02", -1230, "Tesco"}, {"2024-02-14", 150000, "Employer Ltd"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				tx := st[0].Transactions
				if tx[0].ExternalID != "" || tx[0].Memo != "TESCO STORES 1234" || tx[0].Category != "GROCERIES" {
					t.Errorf("row 1 %+v", tx[0])
				}
				if b := st[0].Balance; b == nil || *b != (statement.Balance{Amount: 158770, Currency: "GBP", Date: day("2024-02-14")}) {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "an ABN AMRO-like headerless tab file: balance before + amount = balance after picks the amount",
			file: "abnamro.tab",
			want: []want{{"2024-01-02", -1000, "/TRTP/SEPA OVERBOEKING/NAME/Bakker/REMI/brood"}, {"2024-01-03", 150000, "SALARIS WERKGEVER BV"},
				{"2024-01-05", -2450, "BEA NR:1234 ALBERT HEIJN 1234"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				a := st[0].Account
				if a.ExternalID != "123456789" || a.Currency != "EUR" || !hasNote(rep, "balance before, amount and balance after") {
					t.Errorf("account %+v notes %q", a, rep.Notes)
				}
				if b := st[0].Balance; b == nil || b.Amount != 246550 {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "rules: skip, separator, in/out fields, date-format, decimal mark, if blocks and tables, skip and end",
			file: "rules/bank.csv", rules: "rules/bank.rules",
			want: []want{{"2024-04-03", -1250, "GROCERY STORE 123"}, {"2024-04-04", 150000, "EMPLOYER PAYROLL"},
				{"2024-04-05", -200, "ATM FEE"}, {"2024-04-06", -10000, "SAVINGS TRANSFER"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				tx := st[0].Transactions
				cats := []string{tx[0].Category, tx[1].Category, tx[2].Category, tx[3].Category}
				if !slices.Equal(cats, []string{"expenses:food", "", "expenses:fees", "assets:savings"}) {
					t.Errorf("categories %q", cats)
				}
				memos := []string{tx[0].Memo, tx[1].Memo, tx[2].Memo, tx[3].Memo}
				if !slices.Equal(memos, []string{"weekly", "", "fee for ATM FEE", "moved to savings"}) {
					t.Errorf("memos %q", memos)
				}
				if st[0].Account.Currency != "EUR" || rep.Rows != 5 || !slices.Equal(rep.Skipped, []SkippedRow{{7, "skipped by the rules"}}) {
					t.Errorf("currency %q rows %d skipped %v", st[0].Account.Currency, rep.Rows, rep.Skipped)
				}
				if !hasNote(rep, "bank.rules:11: unknown-directive whatever") {
					t.Errorf("notes %q", rep.Notes)
				}
			},
		},
		{
			name: "rules: include, month-name date-format, a balance field and newest-first",
			file: "rules/months.csv", rules: "rules/main.rules",
			want: []want{{"2024-03-02", -100, "Later"}, {"2024-03-02", -100, "Earlier"}, {"2024-02-28", -100, "First"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				if b := st[0].Balance; b == nil || *b != (statement.Balance{Amount: 900, Currency: "GBP", Date: day("2024-03-02")}) {
					t.Errorf("balance %+v", b)
				}
			},
		},
		{
			name: "rules: a payee | note description, status ! as pending, a doubled minus",
			file: "rules/pipe_desc.csv", rules: "rules/pipe_desc.rules",
			want: []want{{"2024-06-01", -1000, "Shop"}, {"2024-06-02", 1000, "Shop"}},
			check: func(t *testing.T, st []statement.Statement, rep Report) {
				tx := st[0].Transactions
				if tx[1].Memo != "refund of purchase" || !tx[0].Pending {
					t.Errorf("memo %q pending %v", tx[1].Memo, tx[0].Pending)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			if tc.rules != "" {
				rs, err := LoadRulesFile(filepath.Join("testdata", tc.rules))
				if err != nil {
					t.Fatal(err)
				}
				opt.Rules = rs
			}
			st, rep, err := parseFile(t, filepath.Join("testdata", tc.file), opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			txs := allTx(st)
			if len(txs) != len(tc.want) {
				t.Fatalf("%d transactions, want %d: %+v", len(txs), len(tc.want), txs)
			}
			for i, w := range tc.want {
				checkTx(t, "row "+txs[i].Payee, txs[i], w)
			}
			if rep.Imported+len(rep.Skipped) != rep.Rows {
				t.Errorf("imported %d + skipped %d != rows %d", rep.Imported, len(rep.Skipped), rep.Rows)
			}
			if tc.check != nil {
				tc.check(t, st, rep)
			}
		})
	}
}

func TestBadFilesAreRefusedWhole(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		opt         Options
		line        int
		field, text string
	}{
		{"an impossible date names the column and the value", "bad_date.csv", Options{}, 3, "Date", `"2024-02-30" is not a date`},
		{"an unreadable amount names the column and the value", "bad_amount.csv", Options{}, 3, "Bedrag", `"12,3x" is not an amount`},
		{"an unknown currency code", "bad_currency.csv", Options{}, 3, "Currency", `"XYZ" is not a currency`},
		{"a row with an amount and no date", "no_date.csv", Options{}, 3, "Date", "no date"},
		{"a row filling both debit and credit", "both_inout.csv", Options{}, 2, "Credit", "both"},
		{"a debit/credit flag that is neither", "flag_unknown.csv", Options{}, 3, "D/C", `"X" says neither debit nor credit`},
		{"prose is not a delimited file", "prose.txt", Options{}, 0, "", "not a delimited file"},
		{"an empty file", "empty.csv", Options{}, 0, "", "empty"},
		{"a NUL byte", "nul.csv", Options{}, 2, "", "NUL"},
		{"an unknown default currency", "bom.csv", Options{Currency: "ABC"}, 0, "", "default currency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, err := parseFile(t, filepath.Join("testdata", tc.file), tc.opt)
			if err == nil {
				t.Fatalf("no error; statements %+v", st)
			}
			if st != nil {
				t.Errorf("statements returned with an error: %+v", st)
			}
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%T %v is not a *statement.ParseError", err, err)
			}
			if pe.File != tc.file || pe.Line != tc.line || pe.Field != tc.field || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %q (file %q line %d field %q), want line %d field %q containing %q", err, pe.File, pe.Line, pe.Field, tc.line, tc.field, tc.text)
			}
		})
	}
}

func TestAmountErrorsWrapMoneySyntax(t *testing.T) {
	_, _, err := parseFile(t, filepath.Join("testdata", "bad_amount.csv"), Options{})
	if !errors.Is(err, money.ErrSyntax) {
		t.Errorf("%v does not wrap money.ErrSyntax", err)
	}
}

func TestRulesErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, file string
		line       int
		text       string
	}{
		{"a template naming a field the fields list lacks", "missing_field.rules", 2, `no field named "nosuch"`},
		{"an unsupported date-format directive", "bad_date_format.rules", 2, "unsupported directive %Q"},
		{"rules that give no date", "no_date.rules", 0, "no date"},
		{"a pattern that is not a regular expression", "bad_regex.rules", 2, "bad pattern"},
		{"an include that cannot be opened", "bad_include.rules", 1, "cannot open"},
		{"an include cycle", "cycle.rules", 1, "nest too deeply"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadRulesFile(filepath.Join("testdata", "rules", tc.file))
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%T %v is not a *statement.ParseError", err, err)
			}
			if filepath.Base(pe.File) != tc.file || pe.Line != tc.line || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %q, want %s line %d containing %q", err, tc.file, tc.line, tc.text)
			}
		})
	}
}

func TestParseRulesFromMemory(t *testing.T) {
	tests := []struct {
		name, rules, err string
	}{
		{"a missing field in an if matcher", "fields date, amount\nif %nope x\n  comment y\n", `no field named "nope"`},
		{"a %name with no fields list", "date %1\namount %2\ndescription %what\n", "no fields list"},
		{"no amount at all", "fields date, description\n", "no amount"},
		{"a bad decimal mark", "fields date, amount\ndecimal-mark ;\n", "decimal mark"},
		{"an unknown encoding", "fields date, amount\nencoding klingon\n", "unknown encoding"},
		{"an unknown separator", "fields date, amount\nseparator X\n", "separator"},
		{"a skip that is not a number", "fields date, amount\nskip two\n", "not a number"},
		{"a date-format without a day", "fields date, amount\ndate-format %Y-%m\n", "no day"},
		{"an include with no way to open it", "include other.rules\n", "includes are not available"},
		{"an if table row with too few values", "fields date, amount\nif,comment,account2\nfoo,bar\n", "table"},
		{"an if table naming no field", "fields date, amount\nif,nonsense\nfoo,bar\n", "not a field name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRules(strings.NewReader(tc.rules), "mem.rules", nil)
			var pe *statement.ParseError
			if !errors.As(err, &pe) || pe.File != "mem.rules" || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("got %v, want a ParseError for mem.rules containing %q", err, tc.err)
			}
		})
	}
}

func TestRulesAmountPairAndHledgerDefaults(t *testing.T) {
	// Y/M/D dates without a date-format (hledger's default), amount-in
	// and amount-out with a zero in the unused one, comments everywhere.
	rules := "# comment\n; another\nfields date, description, amount-in, amount-out\n* star comment\n"
	data := "2024/1/2,Deposit,10.00,0\n2024/1/3,Withdrawal,0.00,4.50\n"
	rs, err := ParseRules(strings.NewReader(rules), "mem.rules", nil)
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := Parse(strings.NewReader(data), "mem.csv", Options{Rules: rs, Currency: "CAD"})
	if err != nil {
		t.Fatal(err)
	}
	got := allTx(st)
	if len(got) != 2 || got[0].Amount != 1000 || got[1].Amount != -450 || got[1].Currency != "CAD" || !got[1].Posted.Equal(time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", got)
	}
}

func TestRulesAreReusableAcrossFiles(t *testing.T) {
	rs, err := ParseRules(strings.NewReader("skip 1\nfields date, description, amount\ncurrency $\n"), "mem.rules", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		st, _, err := Parse(strings.NewReader("d,desc,a\n2024-01-01,x,1.00\n"), "a.csv", Options{Rules: rs, Currency: "AUD"})
		if err != nil || len(st) != 1 || st[0].Transactions[0].Currency != "AUD" {
			t.Fatalf("run %d: %v %+v", i, err, st)
		}
	}
}

func TestHeaderOnlyFileGivesOneEmptyStatement(t *testing.T) {
	st, rep, err := Parse(strings.NewReader("Datum;Omschrijving;Bedrag;Valuta\n"), "empty.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || len(st[0].Transactions) != 0 || rep.Rows != 0 || rep.HeaderLine != 1 {
		t.Errorf("statements %+v report %+v", st, rep)
	}
}

func TestSecondDateColumnFollowsTheFirstsOrder(t *testing.T) {
	// The value dates alone could be month/day; the booking dates say
	// day/month, and the value dates follow.
	data := "Buchungstag;Valuta;Umsatztag;Text;Betrag\n13.01.2024;13.01.2024;02.01.2024;A;-1,00\n14.01.2024;14.01.2024;03.01.2024;B;-2,00\n"
	st, _, err := Parse(strings.NewReader(data), "x.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := st[0].Transactions[0].Transacted; !got.Equal(day("2024-01-02")) {
		t.Errorf("transacted %s", got)
	}
}

func TestRulesAreSafeForConcurrentUse(t *testing.T) {
	rs, err := LoadRulesFile(filepath.Join("testdata", "rules", "bank.rules"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "rules", "bank.csv"))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for i := 0; i < 4; i++ {
		go func() {
			st, _, err := Parse(strings.NewReader(string(data)), "bank.csv", Options{Rules: rs})
			if err == nil && len(allTx(st)) != 4 {
				err = errors.New("wrong transactions")
			}
			done <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestCurrencyAssumedOnlyWhenNobodyNamesOne(t *testing.T) {
	t.Parallel()
	plain := "Date,Description,Amount\n2024-01-02,Coffee,-4.50\n"
	tests := []struct {
		name, data string
		opt        Options
		currency   string
		assumed    bool
	}{
		{"no currency anywhere", plain, Options{}, "USD", true},
		{"the caller names it", plain, Options{Currency: "DKK"}, "DKK", false},
		{"a header names it", "Date,Description,Amount EUR\n2024-01-02,Coffee,-4.50\n", Options{}, "EUR", false},
		{"a symbol names it", "Date,Description,Amount\n2024-01-02,Coffee,-£4.50\n", Options{}, "GBP", false},
		{"a currency column names it", "Date,Description,Amount,Currency\n2024-01-02,Coffee,-4.50,SEK\n", Options{}, "SEK", false},
		{"a header-only file", "Date,Description,Amount\n", Options{}, "USD", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, err := Parse(strings.NewReader(tc.data), "x.csv", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(st) != 1 {
				t.Fatalf("%d statements", len(st))
			}
			if a := st[0].Account; a.Currency != tc.currency || a.CurrencyAssumed != tc.assumed {
				t.Errorf("currency %s assumed %v, want %s %v", a.Currency, a.CurrencyAssumed, tc.currency, tc.assumed)
			}
		})
	}
}
