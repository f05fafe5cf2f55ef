package bankcsv

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"penny/money"
	"penny/statement"
)

// FuzzParse feeds arbitrary bytes to Parse, with and without a rules
// file, and checks the promises callers rely on: no panic, errors are
// *statement.ParseError with no statements, and every statement and
// transaction has a real currency.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	more, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.csv"))
	for _, p := range append(seeds, more...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, false)
		}
	}
	f.Add([]byte("Date,Description,Amount\n2024-01-01,A,1.00\n"), true)
	f.Add([]byte("10-Nov-9,-123.12,,,X,Y,0.00,\n"), false)
	rules, err := ParseRules(bytes.NewReader([]byte(
		"fields date, description, amount, balance\nif %description x\n  amount -%amount\n  account2 a:b\n")), "fuzz.rules", nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, useRules bool) {
		opt := Options{}
		if useRules {
			opt.Rules = rules
		}
		st, rep, err := Parse(bytes.NewReader(data), "fuzz.csv", opt)
		if err != nil {
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *statement.ParseError", err, err)
			}
			if st != nil {
				t.Fatalf("statements with an error")
			}
			return
		}
		n := 0
		for _, s := range st {
			if _, err := money.Lookup(s.Account.Currency); err != nil {
				t.Fatalf("statement currency %q", s.Account.Currency)
			}
			if s.Balance != nil && s.Balance.Currency != s.Account.Currency {
				t.Fatalf("balance currency %q in a %q statement", s.Balance.Currency, s.Account.Currency)
			}
			for _, tx := range s.Transactions {
				if tx.Currency != s.Account.Currency {
					t.Fatalf("transaction currency %q in a %q statement", tx.Currency, s.Account.Currency)
				}
				if tx.Amount == 0 || tx.Line < 1 || tx.Posted.IsZero() {
					t.Fatalf("transaction %+v", tx)
				}
				n++
			}
		}
		if n != rep.Imported || rep.Imported+len(rep.Skipped) != rep.Rows {
			t.Fatalf("%d transactions, report %+v", n, rep)
		}
	})
}

// FuzzParseRules checks that no rules text panics the rules reader and
// that its errors are *statement.ParseError.
func FuzzParseRules(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.rules"))
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseRules(bytes.NewReader(data), "fuzz.rules", nil)
		var pe *statement.ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %T %v is not a *statement.ParseError", err, err)
		}
	})
}

// FuzzParseWithRules fuzzes a rules file and a CSV file together, so that
// templates, matchers and formats meet data they were not written for.
func FuzzParseWithRules(f *testing.F) {
	pairs := [][2]string{{"bank.rules", "bank.csv"}, {"pipe_desc.rules", "pipe_desc.csv"}, {"base.rules", "months.csv"}}
	for _, p := range pairs {
		r, err1 := os.ReadFile(filepath.Join("testdata", "rules", p[0]))
		d, err2 := os.ReadFile(filepath.Join("testdata", "rules", p[1]))
		if err1 == nil && err2 == nil {
			f.Add(r, d)
		}
	}
	f.Fuzz(func(t *testing.T, rulesText, data []byte) {
		rs, err := ParseRules(bytes.NewReader(rulesText), "fuzz.rules", nil)
		if err != nil {
			return
		}
		st, _, err := Parse(bytes.NewReader(data), "fuzz.csv", Options{Rules: rs})
		if err != nil {
			var pe *statement.ParseError
			if !errors.As(err, &pe) || st != nil {
				t.Fatalf("error %T %v, statements %v", err, err, st)
			}
			return
		}
		for _, s := range st {
			for _, tx := range s.Transactions {
				if _, err := money.Lookup(tx.Currency); err != nil || tx.Currency != s.Account.Currency || tx.Amount == 0 {
					t.Fatalf("transaction %+v in %+v", tx, s.Account)
				}
			}
		}
	})
}
