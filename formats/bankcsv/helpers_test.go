package bankcsv

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"a comma header and rows", "Date,Description,Amount\n2024-01-01,A,1.00\n2024-01-02,B,2.00\n", true},
		{"semicolons with decimal commas", "Datum;Omschrijving;Bedrag\n01-01-2024;A;1,00\n", true},
		{"tabs", "a\tb\tc\n1\t2\t3\n", true},
		{"a head cut in the middle of a line", "Date,Description,Amount\n2024-01-01,A,1.00\n2024-01-02,B,2.0", true},
		{"a single delimited line", "a,b,c", true},
		{"Excel's sep= line", "sep=;\nx\n", true},
		{"a UTF-16 file with BOM", "\xff\xfea\x00,\x00b\x00\n\x00c\x00,\x00d\x00\n\x00", true},
		{"prose", "Dear customer,\nthank you for your letter\nregards\n", false},
		{"OFX SGML", "OFXHEADER:100\nDATA:OFXSGML\n<OFX>\n", false},
		{"XML", "<?xml version=\"1.0\"?>\n<Document>,</Document>\n", false},
		{"QIF", "!Type:Bank\nD01/01/2024\nT-1.00\n^\n", false},
		{"binary", "\x00\x01\x02,\x03\x04\n\x05,\x06", false},
		{"JSON", "{\n  \"accounts\": [1, 2],\n  \"x\": 3,\n  \"y\": 4\n}\n", false},
		{"MT940", ":20:REF\n:25:123\n:60F:C110522EUR3236,28\n:61:1105240524D9,N192NONREF\n", false},
		{"empty", "", false},
		{"white space", " \n\n\t", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff([]byte(tc.head)); got != tc.want {
				t.Errorf("Sniff = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name string
		text string
		want rune
	}{
		{"commas inside quotes do not count", "\"a,b\";c;d\n\"e,f\";g;h\n", ';'},
		{"decimal commas split less consistently than semicolons", "16-11-2012;x;16-11-2012;-48,00;26550,33\n12-10-2012;Visa 995,00 x;12-10-2012;-995,00;27939,54\n", ';'},
		{"a preamble with other counts", "Report\nKonto;123\n\nDate;Text;Amount;Balance\n1;2;3;4\n5;6;7;8\n", ';'},
		{"pipes", "a|b|c\n1|2|3\n", '|'},
		{"an escaped quote inside a quoted field", "\"say \"\"hi, there\"\"\",b\n\"x\",y\n", ','},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := detectDelimiter(tc.text)
			if !ok || got != tc.want {
				t.Errorf("got %q %v, want %q", got, ok, tc.want)
			}
		})
	}
}

func TestDateFormats(t *testing.T) {
	tests := []struct {
		name   string
		vals   []string
		format string
		first  string // the first value, read
		noted  bool
	}{
		{"ISO dates", []string{"2024-01-31", "2024-02-01"}, "year-month-day", "2024-01-31", false},
		{"ISO with a time and an unpadded hour", []string{"2021-09-06 6:11:59"}, "year-month-day", "2021-09-06", false},
		{"day above 12 first", []string{"31/01/2024", "01/02/2024"}, "day/month/year", "2024-01-31", false},
		{"day above 12 second", []string{"1/31/2024", "2/1/2024"}, "month/day/year", "2024-01-31", false},
		{"dotted German dates", []string{"28.12.2018", "09.12.2018"}, "day/month/year", "2018-12-28", false},
		{"compact", []string{"20200213", "20191213"}, "yyyymmdd", "2020-02-13", false},
		{"compact with time and zone", []string{"20091224120000[0:GMT]"}, "yyyymmdd", "2009-12-24", false},
		{"compact day first", []string{"31012024", "01022024"}, "ddmmyyyy", "2024-01-31", false},
		{"month names", []string{"07 Nov 2013", "10-Nov-9"}, "day/month/year", "2013-11-07", false},
		{"month name first", []string{"Nov 7, 2013"}, "month/day/year", "2013-11-07", false},
		{"two-digit years", []string{"31.12.99", "01.01.00"}, "day/month/year", "1999-12-31", false},
		{"ambiguous, settled by order", []string{"01/02/2024", "01/03/2024", "01/04/2024", "02/01/2024"}, "month/day/year", "2024-01-02", true},
		{"ambiguous, settled the other way by order", []string{"02/01/2024", "03/01/2024", "04/01/2024", "01/02/2024"}, "day/month/year", "2024-01-02", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, note, ok := detectDateFormat(tc.vals, dateHints{})
			if !ok || f.String() != tc.format || (note != "") != tc.noted {
				t.Fatalf("got %s %v note %q, want %s noted %v", f, ok, note, tc.format, tc.noted)
			}
			v, err := f.parse(tc.vals[0])
			if err != nil || v.date().Format("2006-01-02") != tc.first {
				t.Errorf("parse %q: %v %v, want %s", tc.vals[0], v.date(), err, tc.first)
			}
		})
	}
}

func TestStrftime(t *testing.T) {
	tests := []struct {
		format, value, want string
		ok                  bool
	}{
		{"%Y%m%d", "20200213", "2020-02-13", true},
		{"%d/%m/%Y", "3/4/2024", "2024-04-03", true},
		{"%-m/%-d/%y", "12/31/99", "1999-12-31", true},
		{"%Y-%b-%d", "2024-Mar-02", "2024-03-02", true},
		{"%d %B %Y", "1 décembre 2023", "2023-12-01", true},
		{"%Y-%m-%d %H:%M:%S", "2024-01-02 13:14:15", "2024-01-02", true},
		{"%m/%d/%Y %I:%M %p", "01/02/2024 12:30 AM", "2024-01-02", true},
		{"%F", "2024-01-02", "2024-01-02", true},
		{"%Y%m%d", "2020-02-13", "", false},
		{"%d/%m/%Y", "31/02/2024", "", false},
		{"%d/%m/%Y", "01/02/2024 trailing", "", false},
		{"%Y-%m-%d", "0001-01-01", "", false}, // a misread column, not a date a bank writes
	}
	for _, tc := range tests {
		ops, err := compileStrf(tc.format)
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		v, err := parseStrf(ops, tc.value)
		if (err == nil) != tc.ok || tc.ok && v.date().Format("2006-01-02") != tc.want {
			t.Errorf("%s %q: %v %v, want %s ok=%v", tc.format, tc.value, v.date(), err, tc.want, tc.ok)
		}
	}
}

func TestSplitAmount(t *testing.T) {
	tests := []struct {
		in, num, cur string
		signed       bool
	}{
		{"-8,78", "-8,78", "", true},
		{"£500.00", "500.00", "£", false},
		{"-$76.00", "-76.00", "$", true},
		{"+$88.55", "+88.55", "$", true},
		{"$1,750.06", "1,750.06", "$", false},
		{"12,00 EUR", "12,00", "EUR", false},
		{"EUR -12,00", "-12,00", "EUR", true},
		{"100.00 CR", "100.00", "", true},
		{"100.00 DR", "-100.00", "", true},
		{"US$ 5.00", "5.00", "US$", false},
		{"--5", "5", "", true},
		{"(12.00)", "(12.00)", "", true},
	}
	for _, tc := range tests {
		a := splitAmount(tc.in)
		if a.num != tc.num || a.cur != tc.cur || a.signed != tc.signed {
			t.Errorf("splitAmount(%q) = %+v, want num %q cur %q signed %v", tc.in, a, tc.num, tc.cur, tc.signed)
		}
	}
}

func TestDecimalEvidence(t *testing.T) {
	tests := map[string]int{
		"-8,78": 1, "1.234,56": 1, "155,5": 1, "1,234,567": -1, "1.234.567": 1,
		"1,234.56": -1, "-9.5": -1, "1,234": 0, "1.234": 0, "2500": 0,
	}
	for in, want := range tests {
		if got := decimalEvidence(in); got != want {
			t.Errorf("decimalEvidence(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestHeaderRecognisesLanguages(t *testing.T) {
	tests := []struct {
		name   string
		header string
		roles  map[role]string
	}{
		{"English", "Date,Description,Amount,Balance", map[role]string{rolePosted: "Date", roleDesc: "Description", roleAmount: "Amount", roleBalance: "Balance"}},
		{"German", "Buchungstag;Verwendungszweck;Betrag;Währung", map[role]string{rolePosted: "Buchungstag", roleDesc: "Verwendungszweck", roleAmount: "Betrag", roleCurrency: "Währung"}},
		{"Dutch", "Datum;Naam;Omschrijving;Af Bij;Bedrag", map[role]string{rolePosted: "Datum", rolePayee: "Naam", roleDesc: "Omschrijving", roleFlag: "Af Bij", roleAmount: "Bedrag"}},
		{"French", "Date opération;Libellé;Débit euros;Crédit euros", map[role]string{rolePosted: "Date opération", roleDesc: "Libellé", roleOut: "Débit euros", roleIn: "Crédit euros"}},
		{"Spanish", "Fecha;Concepto;Importe;Saldo", map[role]string{rolePosted: "Fecha", roleDesc: "Concepto", roleAmount: "Importe", roleBalance: "Saldo"}},
		{"Danish", "Dato;Tekst;Beløb;Saldo", map[role]string{rolePosted: "Dato", roleDesc: "Tekst", roleAmount: "Beløb", roleBalance: "Saldo"}},
		{"booking date wins over a plain date", "Transaction Date,Post Date,Description,Amount", map[role]string{rolePosted: "Post Date", roleTransacted: "Transaction Date"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sep := ","
			if strings.Contains(tc.header, ";") {
				sep = ";"
			}
			cells := strings.Split(tc.header, sep)
			if _, ok := headerScore(cells); !ok {
				t.Fatalf("%q not recognised as a header", tc.header)
			}
			l := mapHeader(cells, 1)
			for r, name := range tc.roles {
				if got := l.name(l.col[r]); l.col[r] < 0 || got != name {
					t.Errorf("%s: got %q, want %q", r, got, name)
				}
			}
		})
	}
}
