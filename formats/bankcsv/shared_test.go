package bankcsv

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"penny/internal/sharedtest"
	"penny/statement"
)

// sharedDir finds the team's shared test data: $PENNY_TESTDATA, else the
// checkout next to this repository. The files are others' work under
// their own licenses and are read where they are, never copied here.
func sharedDir(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t, "csv")
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// want is a transaction's expected values; zero fields are not checked.
type want struct {
	date   string
	amount int64
	payee  string
}

func checkTx(t *testing.T, what string, got statement.Transaction, w want) {
	t.Helper()
	if w.date != "" && !got.Posted.Equal(day(w.date)) {
		t.Errorf("%s: posted %s, want %s", what, got.Posted.Format(time.DateOnly), w.date)
	}
	if got.Amount != w.amount {
		t.Errorf("%s: amount %d, want %d", what, got.Amount, w.amount)
	}
	if w.payee != "" && got.Payee != w.payee {
		t.Errorf("%s: payee %q, want %q", what, got.Payee, w.payee)
	}
}

func allTx(st []statement.Statement) []statement.Transaction {
	var out []statement.Transaction
	for _, s := range st {
		out = append(out, s.Transactions...)
	}
	return out
}

func amounts(txs []statement.Transaction) []int64 {
	var out []int64
	for _, t := range txs {
		out = append(out, t.Amount)
	}
	return out
}

type sharedCase struct {
	name     string
	file     string // under csv/
	rules    string // under csv/, "" for detection
	opt      Options
	count    int
	currency string
	first    want
	last     want
	balance  *statement.Balance
	check    func(t *testing.T, st []statement.Statement, rep Report)
}

var sharedCases = []sharedCase{
	{
		name: "bunq's quoted decimal commas are read as cents while dot decimals in descriptions stay text",
		file: "bank2ynab/2019-03-02_11-50-46_bunq-statement.csv", count: 7, currency: "EUR",
		first: want{"2018-12-06", -878, "CLOUDFLARE"}, last: want{"2018-12-17", -799, "NETFLIX.COM"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			if rep.Preset != "bunq" || st[0].Account.ExternalID != "NL26BUNQ2025126409" {
				t.Errorf("preset %q account %q", rep.Preset, st[0].Account.ExternalID)
			}
			tx := st[0].Transactions
			if !strings.Contains(tx[0].Memo, "9.95 USD, 1 USD = 0.88241 EUR") {
				t.Errorf("memo %q lost the description", tx[0].Memo)
			}
			if !slices.Equal(amounts(tx), []int64{-878, -708, 878, -876, 708, -707, -799}) {
				t.Errorf("amounts %v", amounts(tx))
			}
		},
	},
	{
		name: "Commerzbank's semicolon export with Währung gives one EUR card payment",
		file: "bank2ynab/Umsaetze_KtoNr538917600_EUR_02-03-2018_1503.CSV", count: 1, currency: "EUR",
		first: want{date: "2018-03-02", amount: -1722},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions[0]
			if !strings.HasPrefix(tx.Payee, "Kartenzahlung REWE SAGT DANKE. 41400673//Hamburg") {
				t.Errorf("payee %q", tx.Payee)
			}
			if st[0].Account.ExternalID != "DE44200400000538917600" || tx.Type != "Lastschrift" {
				t.Errorf("account %q type %q", st[0].Account.ExternalID, tx.Type)
			}
		},
	},
	{
		name: "KBC's space-padded fields give one debit and the Saldo as balance",
		file: "bank2ynab/export_BE11123456789012_20180304_1422.csv", count: 1, currency: "EUR",
		first:   want{"2018-02-28", -340, "BIJDRAGE 01-02-2018 - 28-02-2018 28-02 KBC-PLUSREKENING"},
		balance: &statement.Balance{Amount: 21995, Currency: "EUR", Date: day("2018-02-28")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			if st[0].Account.ExternalID != "BE11123456789012" || st[0].Account.Institution != "KBC" {
				t.Errorf("account %+v", st[0].Account)
			}
		},
	},
	{
		name: "beangulp's Chase-like newest-first export takes the newest row's balance",
		file: "beangulp/statement.csv", count: 6, currency: "USD",
		first:   want{"2016-03-18", -268089, "Payment to Chafe card ending in 1234 03/18"},
		last:    want{"2016-03-04", -130000, "BOOGLE WALLET US000NEI9T WEB ID: C234567890"},
		balance: &statement.Balance{Amount: 340986, Currency: "USD", Date: day("2016-03-18")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			if st[0].Transactions[1].Type != "ACH_CREDIT" {
				t.Errorf("type %q", st[0].Transactions[1].Type)
			}
		},
	},
	{
		name: "ING Germany's Latin-1 export with a 14-line preamble and two Währung columns",
		file: "ofxstatement-de-ing/test_with_saldo_1.csv", count: 9, currency: "EUR",
		first:   want{"2018-12-28", -550, "PayDude (Europe) S.a.r.l. et Cie., S .C.A."},
		last:    want{"2018-12-09", -290, "INFOPAY FISCAL SERVICES GMBH"},
		balance: &statement.Balance{Amount: 15000, Currency: "EUR", Date: day("2018-12-28")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			var sum int64
			for _, tx := range st[0].Transactions {
				sum += tx.Amount
			}
			if sum != -17860 {
				t.Errorf("sum %d, want -17860", sum)
			}
			if rep.HeaderLine != 15 || rep.Encoding != "windows-1252" {
				t.Errorf("header line %d encoding %q", rep.HeaderLine, rep.Encoding)
			}
			a := st[0].Account
			if a.ExternalID != "DE12345678901234567890" || a.Name != "Girokonto" || a.Institution != "ING" {
				t.Errorf("account %+v", a)
			}
			tx := st[0].Transactions[4]
			if tx.Payee != "Peter Petersen" || tx.Type != "Überweisung" || tx.Memo != "Schulden" {
				t.Errorf("row 5: %+v", tx)
			}
		},
	},
	{
		name: "Knab's unsigned amounts take their sign from CreditDebet and sum to 7.01",
		file: "ofxstatement-dutch/Knab_transactieoverzicht_ok.csv", count: 28, currency: "EUR",
		first: want{"2019-06-21", -82775, "Gert Janssen (FR)"},
		last:  want{"2019-01-07", 702, "Knab"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			var sum int64
			lo, hi := st[0].Transactions[0].Posted, st[0].Transactions[0].Posted
			for _, tx := range st[0].Transactions {
				sum += tx.Amount
				if tx.Posted.Before(lo) {
					lo = tx.Posted
				}
				if tx.Posted.After(hi) {
					hi = tx.Posted
				}
			}
			if sum != 701 {
				t.Errorf("sum %d, want 701", sum)
			}
			// ofxstatement reports the end as 2019-06-22, the day after the
			// last booking; the rows themselves end on the 21st.
			if !lo.Equal(day("2019-01-07")) || !hi.Equal(day("2019-06-21")) {
				t.Errorf("dates %s..%s", lo, hi)
			}
			if st[0].Account.ExternalID != "NL99KNAB9999999999" || st[0].Balance != nil {
				t.Errorf("account %q balance %v", st[0].Account.ExternalID, st[0].Balance)
			}
			if id := st[0].Transactions[0].ExternalID; id != "B9F21PGYA068V2KD" {
				t.Errorf("reference %q", id)
			}
			// Booked on the 10th, done on the 9th.
			if tx := st[0].Transactions[6]; !tx.Posted.Equal(day("2019-06-10")) || !tx.Transacted.Equal(day("2019-06-09")) {
				t.Errorf("row 7 posted %s transacted %s", tx.Posted, tx.Transacted)
			}
		},
	},
	{
		name: "ING Netherlands detected: Af/Bij signs, the 0,00 row skipped, identical rows kept",
		file: "ofxstatement-dutch/ing_ok.csv", count: 5, currency: "EUR",
		first: want{"2020-02-13", -125, "Kosten OranjePakket met korting"},
		last:  want{"2019-12-13", -31, "Kosten OranjePakket"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			checkINGNL(t, st, rep)
			tx := st[0].Transactions[2]
			if tx.Payee != "PAULISSEN G J L M" || !strings.Contains(tx.Memo, "NL99ASNB9999999999") {
				t.Errorf("row 3 payee %q memo %q", tx.Payee, tx.Memo)
			}
		},
	},
	{
		name: "ING Netherlands through hledger's ING.rules: if blocks set sign and category",
		file: "ofxstatement-dutch/ing_ok.csv", rules: "hledger/ING.rules", count: 5, currency: "EUR",
		first: want{"2020-02-13", -125, "Kosten OranjePakket met korting"},
		last:  want{"2019-12-13", -31, "Kosten OranjePakket"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			checkINGNL(t, st, rep)
			tx := st[0].Transactions[2]
			// description is "%payee | %description_": hledger's payee | note.
			if tx.Payee != "PAULISSEN G J L M" || !strings.HasPrefix(tx.Memo, "Naam: PAULISSEN") {
				t.Errorf("row 3 payee %q memo %q", tx.Payee, tx.Memo)
			}
			if tx.Category != "income:unknown" || st[0].Transactions[0].Category != "expenses:unknown" {
				t.Errorf("categories %q %q", tx.Category, st[0].Transactions[0].Category)
			}
			if tx.CheckNumber != "NL99ASNB9999999999" { // code %bank_other
				t.Errorf("code %q", tx.CheckNumber)
			}
		},
	},
	{
		name: "ASN Bank's headerless export: balance column before the row, reference from date and journal",
		file: "ofxstatement-dutch/transactie-historie_NL00ASNB9999999999_20220717204133.csv", count: 11, currency: "EUR",
		first:   want{"2022-06-17", 22377, "XXXXXXXXX Z Z Z Z"},
		last:    want{"2022-07-11", -56000, "M XXXXXXXXX ET MME YYYYYYYYY"},
		balance: &statement.Balance{Amount: 8424, Currency: "EUR", Date: day("2022-07-11")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions
			if tx[0].ExternalID != "20220617.51392971" {
				t.Errorf("reference %q", tx[0].ExternalID)
			}
			// The third row has no counter account; its description
			// (quotes removed) is all there is, so it is the payee.
			if tx[2].Payee != "Kosten gebruik betaalrekening inclusief 1 betaalpas" || tx[2].Memo != "" {
				t.Errorf("row 3 payee %q memo %q", tx[2].Payee, tx[2].Memo)
			}
			// The journal number 00000000 is a placeholder, not an id.
			if tx[3].ExternalID != "" {
				t.Errorf("row 4 reference %q", tx[3].ExternalID)
			}
			if st[0].Account.ExternalID != "NL00ASNB9999999999" || rep.Preset != "ASN Bank" {
				t.Errorf("account %q preset %q", st[0].Account.ExternalID, rep.Preset)
			}
		},
	},
	{
		name: "Revolut books on the Completed date and keeps the Started time",
		file: "ofxstatement-revolut/2021-october.csv", count: 7, currency: "EUR",
		first:   want{"2021-09-05", -25000, "transfer"},
		last:    want{"2021-09-08", -1414, "food"},
		balance: &statement.Balance{Amount: 58083, Currency: "EUR", Date: day("2021-09-08")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions[1]
			if tx.Payee != "company äöå" || tx.Amount != -950 || !tx.Posted.Equal(day("2021-09-05")) || tx.Type != "CARD_PAYMENT" {
				t.Errorf("row 2 %+v", tx)
			}
			if want := time.Date(2021, 9, 3, 18, 13, 48, 0, time.UTC); !tx.Transacted.Equal(want) {
				t.Errorf("row 2 transacted %s", tx.Transacted)
			}
			if st[0].Transactions[0].Type != "TRANSFER" || st[0].Account.Name != "Current" {
				t.Errorf("type %q account %+v", st[0].Transactions[0].Type, st[0].Account)
			}
		},
	},
	{
		name: "the headerless Austrian export with signed decimal commas",
		file: "reckon/austrian_example.csv", count: 13, currency: "EUR",
		first: want{date: "2014-01-22", amount: -1800},
		last:  want{date: "2014-01-02", amount: -3900},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions
			if tx[10].Amount != 6190 || !tx[10].Posted.Equal(day("2014-01-02")) || tx[2].Amount != 12000 {
				t.Errorf("credits %+v %+v", tx[10], tx[2])
			}
			if !strings.HasPrefix(tx[0].Payee, "Abbuchung Onlinebanking 654321098765 BG/000002462") {
				t.Errorf("payee %q", tx[0].Payee)
			}
			if st[0].Account.ExternalID != "00075757575" { // the number every row starts with
				t.Errorf("account %q", st[0].Account.ExternalID)
			}
		},
	},
	{
		name: "reckon's Chase file with OFX-style dates keeps each amount's own sign over its type",
		file: "reckon/chase.csv", count: 9, currency: "USD",
		first: want{"2009-12-24", -8500, "HOST 037196321563 MO 12/22SLICEHOST"},
		last:  want{"2009-12-10", 210500, "Some Company vendorpymt PPD ID: 5KL3832735"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions[7]
			if tx.Amount != -11622 || tx.Type != "CREDIT" || !tx.Posted.Equal(day("2009-12-11")) {
				t.Errorf("PAYPAL row %+v", tx)
			}
		},
	},
	{
		name: "Nordea Denmark without a header, in the caller's DKK, with the running balance",
		file: "reckon/danish_kroner_nordea_example.csv", opt: Options{Currency: "DKK"}, count: 6, currency: "DKK",
		first:   want{"2012-11-16", -4800, "Dankort-nota DSB Kobenhavn 15149"},
		last:    want{"2012-08-27", -65500, "Dankort-nota MATAS - 20319 18230"},
		balance: &statement.Balance{Amount: 2655033, Currency: "DKK", Date: day("2012-11-16")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions
			if !slices.Equal(amounts(tx), []int64{-4800, -7900, 49790, -99500, -345290, -65500}) {
				t.Errorf("amounts %v", amounts(tx))
			}
			if !tx[2].Posted.Equal(day("2012-10-22")) { // the booking date, not the value date
				t.Errorf("row 3 posted %s", tx[2].Posted)
			}
		},
	},
	{
		name: "dd-Mon-y dates with one-digit years",
		file: "reckon/harder_date_example.csv", count: 5, currency: "USD",
		first: want{"2009-11-10", -12312, "TRANSFER DEBIT INTERNET TRANSFER"},
		last:  want{"2010-10-28", -12312, "TRANSFER DEBIT INTERNET TRANSFER"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions
			for i, w := range []want{{"2009-11-10", -12312, ""}, {"2010-11-09", 12312, ""}, {"2011-11-04", -123400, ""}, {"2009-11-04", 123400, ""}, {"2010-10-28", -12312, ""}} {
				checkTx(t, "row", tx[i], w)
			}
		},
	},
	{
		name: "Mint's unsigned amounts take their sign from the debit/credit column",
		file: "reckon/intuit_mint_example.csv", count: 7, currency: "USD",
		first: want{"2014-12-10", 1, "Dn Ing Inv"},
		last:  want{"2014-01-30", -55996, "Costco"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			got := amounts(st[0].Transactions)
			slices.Sort(got)
			if !slices.Equal(got, []int64{-55996, -50000, -33163, -14072, -10000, 1, 94334}) {
				t.Errorf("amounts %v", got)
			}
		},
	},
	{
		name: "a credit card whose DEBIT/CREDIT column contradicts every sign is inverted",
		file: "reckon/inversed_credit_card.csv", count: 16, currency: "USD",
		first: want{"2013-01-17", -3000, "VODAFONE PREPAY VISA M AUCKLAND NZL"},
		last:  want{"2013-02-17", 1800, "INTERNET PAYMENT RECEIVED"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			tx := st[0].Transactions
			if tx[3].Amount != 50000 || !tx[0].Transacted.Equal(day("2013-01-16")) {
				t.Errorf("payment %d, row 1 transacted %s", tx[3].Amount, tx[0].Transacted)
			}
			if st[0].Account.Type != "credit" || !hasNote(rep, "inverted the signs") {
				t.Errorf("type %q notes %q", st[0].Account.Type, rep.Notes)
			}
		},
	},
	{
		name: "a credit card read with InvertSign is not inverted twice",
		file: "reckon/inversed_credit_card.csv", opt: Options{InvertSign: true}, count: 16, currency: "USD",
		first: want{"2013-01-17", -3000, "VODAFONE PREPAY VISA M AUCKLAND NZL"},
		last:  want{"2013-02-17", 1800, "INTERNET PAYMENT RECEIVED"},
	},
	{
		name: "Nationwide's £ amounts in paid-out and paid-in columns are GBP",
		file: "reckon/nationwide.csv", count: 4, currency: "GBP",
		first:   want{"2013-11-07", 50000, "Bank credit"},
		last:    want{"2013-12-10", -10000, "ATM Withdrawal 2"},
		balance: &statement.Balance{Amount: 36023, Currency: "GBP", Date: day("2013-12-10")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			if !slices.Equal(amounts(st[0].Transactions), []int64{50000, -2000, -1977, -10000}) {
				t.Errorf("amounts %v", amounts(st[0].Transactions))
			}
		},
	},
	{
		name: "signed debit and credit columns with dollar signs and a thousands separator in the balance",
		file: "reckon/two_money_columns.csv", count: 5, currency: "USD",
		first:   want{"2008-04-01", -7600, "Check - 0000000122"},
		last:    want{"2008-03-26", 8855, "Check - 0000000251"},
		balance: &statement.Balance{Amount: 175006, Currency: "USD", Date: day("2008-04-01")},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			if !slices.Equal(amounts(st[0].Transactions), []int64{-7600, 32749, -80000, -8855, 8855}) {
				t.Errorf("amounts %v", amounts(st[0].Transactions))
			}
		},
	},
	{
		name: "hledger's CSB43 example through its rules: 28 fields, the description built from four",
		file: "hledger/csb43.csv", rules: "hledger/csb43.csv.rules", count: 2, currency: "EUR",
		// hledger writes "%item1 %item2 %reference1 %reference2" with
		// empty fields as double spaces; white space is collapsed here.
		first: want{"2019-11-02", 150000, "MY_INCOME_LINE 456789012345"},
		last:  want{"2019-11-10", -50000, "MY_EXPENSE_LINE 456789012345"},
	},
	{
		name: "hledger's CSB43 example detected without its rules",
		file: "hledger/csb43.csv", count: 2, currency: "EUR",
		first: want{"2019-11-02", 150000, "MY_INCOME_LINE"},
		last:  want{"2019-11-10", -50000, "MY_EXPENSE_LINE"},
	},
	{
		name: "hledger's Windows-1252 French sample through rules that include rules and declare the encoding",
		file: "hledger/sample.fr.cp1252.csv", rules: "hledger/sample.csv.cp1252.rules", count: 3, currency: "USD",
		first: want{"2012-03-22", 5000, "DÉPÔT"},
		last:  want{"2012-03-24", -2000, "CAFÉ — €20 REÇU"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			checkTx(t, "row 2", st[0].Transactions[1], want{"2012-03-23", -1000, "VIREMENT VERS ÉPARGNE"})
			if rep.Encoding != "cp1252" {
				t.Errorf("encoding %q", rep.Encoding)
			}
		},
	},
	{
		name: "hledger's Windows-1252 French sample detected without rules",
		file: "hledger/sample.fr.cp1252.csv", count: 3, currency: "USD",
		first: want{"2012-03-22", 5000, "DÉPÔT"},
		last:  want{"2012-03-24", -2000, "CAFÉ — €20 REÇU"},
		check: func(t *testing.T, st []statement.Statement, rep Report) {
			if rep.Encoding != "windows-1252" {
				t.Errorf("encoding %q", rep.Encoding)
			}
		},
	},
}

func checkINGNL(t *testing.T, st []statement.Statement, rep Report) {
	t.Helper()
	if !slices.Equal(amounts(st[0].Transactions), []int64{-125, 125, 2000, -31, -31}) {
		t.Errorf("amounts %v", amounts(st[0].Transactions))
	}
	if rep.Rows != 6 || len(rep.Skipped) != 1 || rep.Skipped[0] != (SkippedRow{Line: 4, Reason: "zero amount"}) {
		t.Errorf("rows %d skipped %v", rep.Rows, rep.Skipped)
	}
}

func hasNote(rep Report, part string) bool {
	for _, n := range rep.Notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

func TestSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	for _, tc := range sharedCases {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			if tc.rules != "" {
				rs, err := LoadRulesFile(filepath.Join(dir, "csv", tc.rules))
				if err != nil {
					t.Fatal(err)
				}
				opt.Rules = rs
			}
			f, err := os.Open(filepath.Join(dir, "csv", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, rep, err := Parse(f, filepath.Base(tc.file), opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			txs := allTx(st)
			if len(txs) != tc.count || rep.Imported != tc.count {
				t.Fatalf("%d transactions (report %d), want %d", len(txs), rep.Imported, tc.count)
			}
			if rep.Imported+len(rep.Skipped) != rep.Rows {
				t.Errorf("imported %d + skipped %d != rows %d", rep.Imported, len(rep.Skipped), rep.Rows)
			}
			if tc.last == (want{}) {
				tc.last = tc.first // a one-row file
			}
			checkTx(t, "first", txs[0], tc.first)
			checkTx(t, "last", txs[len(txs)-1], tc.last)
			for _, s := range st {
				if s.Account.Currency != tc.currency || s.Format != "csv" {
					t.Errorf("statement currency %q format %q, want %q", s.Account.Currency, s.Format, tc.currency)
				}
				for _, tx := range s.Transactions {
					if tx.Currency != tc.currency || tx.Line < 1 {
						t.Errorf("line %d: currency %q", tx.Line, tx.Currency)
					}
				}
			}
			if tc.balance != nil {
				got := st[0].Balance
				if got == nil || *got != *tc.balance {
					t.Errorf("balance %+v, want %+v", got, tc.balance)
				}
			}
			if tc.check != nil {
				tc.check(t, st, rep)
			}
		})
	}
}

// TestEverySharedCSVHasACase keeps the table above complete: a CSV file
// added to the shared data fails here until someone says what it must
// give.
func TestEverySharedCSVHasACase(t *testing.T) {
	dir := sharedDir(t)
	covered := map[string]bool{}
	for _, tc := range sharedCases {
		covered[tc.file] = true
	}
	err := filepath.WalkDir(filepath.Join(dir, "csv"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".csv") {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "csv"), path)
		if !covered[filepath.ToSlash(rel)] {
			t.Errorf("%s has no test case", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSharedRulesFilesParse reads every rules file in the shared data.
func TestSharedRulesFilesParse(t *testing.T) {
	dir := sharedDir(t)
	paths, _ := filepath.Glob(filepath.Join(dir, "csv", "hledger", "*.rules"))
	if len(paths) == 0 {
		t.Skip("no rules files in the shared data")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			rs, err := LoadRulesFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs.Ignored) != 0 {
				t.Errorf("ignored: %q", rs.Ignored)
			}
		})
	}
}

// TestSniffSharedFiles: every shared CSV sniffs as delimited text and no
// file of another format does, from its first 4 KiB as a caller would pass.
func TestSniffSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if ext == ".md" || ext == ".rules" || ext == ".txt" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		head := data[:min(len(data), 4096)]
		if got, want := Sniff(head), ext == ".csv"; got != want {
			rel, _ := filepath.Rel(dir, path)
			t.Errorf("Sniff(%s) = %v, want %v", rel, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
