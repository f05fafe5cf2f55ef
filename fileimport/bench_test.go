package fileimport

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"penny/demo"
	"penny/formats/detect"
	"penny/ingest"
	"penny/store"
)

// cardCSV is the newest n posted rows of the demo's Visa card as a bank
// CSV, with the demo's hledger rules file for it: the files scripts/bench
// imports.
func cardCSV(b *testing.B, n int) (csv, rules []byte) {
	b.Helper()
	const key = "demo-visa"
	d := demo.Generate(demo.Options{Seed: 3, Transactions: n * 3, End: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	var card []demo.Transaction
	for _, t := range d.Transactions {
		if t.AccountKey == key && !t.Pending {
			card = append(card, t)
		}
	}
	if len(card) < n {
		b.Fatalf("the card has %d rows, fewer than %d", len(card), n)
	}
	cd := *d
	cd.Transactions = card[len(card)-n:]
	var c, r bytes.Buffer
	if err := cd.WriteCSV(&c, key); err != nil {
		b.Fatal(err)
	}
	if err := d.WriteRules(&r, key); err != nil {
		b.Fatal(err)
	}
	return c.Bytes(), r.Bytes()
}

// benchImport imports the same file into a fresh in-memory store each
// time: the work of `penny import` between opening the vault and saving it.
func benchImport(b *testing.B, raw []byte, opt detect.Options) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st, closeDB, err := store.OpenMemory(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Run(ctx, st, []File{{Path: "card.csv", Raw: raw}}, Options{Detect: opt,
			Ingest: ingest.Options{AccountName: "Visa Signature", Now: now}})
		if err != nil {
			b.Fatal(err)
		}
		if res.NewTransactions() == 0 {
			b.Fatal("nothing imported")
		}
		b.StopTimer()
		closeDB()
		b.StartTimer()
	}
}

func BenchmarkImportCSV20k(b *testing.B) {
	raw, _ := cardCSV(b, 20_000)
	benchImport(b, raw, detect.Options{})
}

func BenchmarkImportCSV20kRules(b *testing.B) {
	raw, rules := cardCSV(b, 20_000)
	path := filepath.Join(b.TempDir(), "card.hledger-rules")
	if err := os.WriteFile(path, rules, 0o600); err != nil {
		b.Fatal(err)
	}
	benchImport(b, raw, detect.Options{RulesFile: path})
}
