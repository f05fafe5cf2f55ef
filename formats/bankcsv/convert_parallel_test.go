package bankcsv

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"penny/statement"
)

// bankRows writes a CSV of n records shaped as banks print them: two
// accounts in two currencies, a running balance, pending and void rows,
// blank rows, repeated headers, zero amounts and dated closing-balance
// rows among the transactions. bad, when not negative, is a record whose
// amount is not one.
func bankRows(r *rand.Rand, n int, bad ...int) string {
	var b strings.Builder
	header := "Date,Account,Description,Amount,Currency,Balance,Status\n"
	b.WriteString(header)
	bal := map[string]int{}
	for i := range n {
		day := fmt.Sprintf("2025-%02d-%02d", 1+i*12/n, 1+r.IntN(28))
		acct, cur := "DE001", "EUR"
		if r.IntN(3) == 0 {
			acct, cur = "US002", "USD"
		}
		amount := -int(r.IntN(20000)) + 50
		bal[acct] += amount
		status := []string{"booked", "booked", "booked", "pending", "void"}[r.IntN(5)]
		desc := []string{"SEPA LASTSCHRIFT REWE", "POS 1234 AMAZON", "UEBERWEISUNG MIETE", "Kartenzahlung ALDI"}[r.IntN(4)]
		amountText := fmt.Sprintf("%d.%02d", amount/100, abs(int64(amount%100)))
		if amount < 0 && amount > -100 {
			amountText = "-" + amountText
		}
		for _, k := range bad {
			if i == k {
				amountText = "twelve"
			}
		}
		switch r.IntN(60) {
		case 0:
			b.WriteString(",,,,,,\n")
			continue
		case 1:
			b.WriteString(header)
			continue
		case 2:
			fmt.Fprintf(&b, "%s,%s,Closing balance,,%s,%d.00,\n", day, acct, cur, bal[acct]/100)
			continue
		case 3:
			amountText = "0.00"
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%d.%02d,%s\n", day, acct, desc, amountText, cur, bal[acct]/100, abs(int64(bal[acct]%100)), status)
	}
	return b.String()
}

// Converting the records on several cores gives what converting them one
// at a time gives: the statements, the report (skipped rows in order,
// notes) and, for a file with bad records, the first error in the file.
func TestRecordsConvertedOnSeveralCoresAsOnOne(t *testing.T) {
	parse := func(text string, min int) ([]any, error) {
		old := convertMin
		convertMin = min
		defer func() { convertMin = old }()
		st, rep, err := Parse(strings.NewReader(text), "bank.csv", Options{})
		return []any{st, rep}, err
	}
	r := rand.New(rand.NewPCG(4, 9))
	for _, n := range []int{1, 50, 700, 3001} {
		text := bankRows(r, n)
		one, err1 := parse(text, 1<<30)
		many, err2 := parse(text, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%d records: %v / %v", n, err1, err2)
		}
		if !reflect.DeepEqual(one, many) {
			t.Fatalf("%d records: several cores read\n%+v\none core\n%+v", n, many, one)
		}
		if n == 3001 {
			st := one[0].([]statement.Statement)
			rep := one[1].(Report)
			if len(st) != 2 || len(rep.Skipped) < 100 || st[0].Balance == nil {
				t.Fatalf("the file does not hold what it should test: %d statements, %d skipped", len(st), len(rep.Skipped))
			}
		}
	}
	// Bad records in several parts of the file: the first is the error.
	text := bankRows(r, 3000, 2500, 400, 2900)
	_, err1 := parse(text, 1<<30)
	_, err2 := parse(text, 64)
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Fatalf("errors differ: one core %v, several %v", err1, err2)
	}
	if !strings.Contains(err1.Error(), "twelve") {
		t.Fatalf("not the bad record's error: %v", err1)
	}
}
