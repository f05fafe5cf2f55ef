package bankcsv

import (
	"bytes"
	"fmt"
	"testing"
)

// bigCSV is a 100 000-row export in the simplest layout, with the variety
// a real one has: signed amounts, descriptions of different lengths, one
// quoted field in ten.
func bigCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("Date,Description,Amount\n")
	payees := []string{"GROCERY STORE 1234", "Coffee", "\"ACME, Inc. payroll\"", "RENT PAYMENT OCTOBER", "Fuel station 88"}
	for i := 0; i < rows; i++ {
		d := i % 28
		m := (i / 28) % 12
		y := 2000 + (i/(28*12))%100
		amount := (i*7919)%100000 - 50000
		if amount == 0 {
			amount = 1
		}
		sign := ""
		if amount < 0 {
			sign, amount = "-", -amount
		}
		fmt.Fprintf(&b, "%04d-%02d-%02d,%s,%s%d.%02d\n", y, m+1, d+1, payees[i%len(payees)], sign, amount/100, amount%100)
	}
	return b.Bytes()
}

func BenchmarkParse100k(b *testing.B) {
	data := bigCSV(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		st, rep, err := Parse(bytes.NewReader(data), "big.csv", Options{})
		if err != nil || rep.Imported != 100_000 || len(st) != 1 {
			b.Fatalf("%v: imported %d", err, rep.Imported)
		}
	}
}
