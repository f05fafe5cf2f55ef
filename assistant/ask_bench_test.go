package assistant

import (
	"context"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

// Benchmarks on demo stores of 100k and 1M rows. Each Ask is timed whole:
// parse, store queries and the reply. The index of names is built once per
// Assistant (BenchmarkIndex measures that) and reused while the data does
// not change, as in the chat.

var benchQuestions = []struct{ name, q string }{
	{"balance", "balance"},
	{"balance_account", "what's my balance on visa"},
	{"spending_category", "how much did I spend on dining last month"},
	{"spending_overall", "spending this month"},
	{"spending_merchant", "spending at blue bottle this year"},
	{"spending_compare", "groceries this month vs last month"},
	{"spending_typo", "spnding on grocerys past 30 days"},
	{"income", "income last month"},
	{"top_merchants", "top merchants this year"},
	{"top_categories", "top categories last month"},
	{"largest", "largest purchases last month"},
	{"search_amount", "transactions over $100 last week"},
	{"search_merchant", "show netflix charges"},
	{"subscriptions", "subscriptions"},
	{"cashflow", "cash flow"},
	{"unsure", "spending on blorp last month"},
}

var benchFixtures = map[int]*fixture{}

func benchFixture(b *testing.B, n int) *fixture {
	b.Helper()
	if f, ok := benchFixtures[n]; ok {
		return f
	}
	ctx := context.Background()
	st, _, err := store.OpenMemory(ctx)
	if err != nil {
		b.Fatal(err)
	}
	d := demo.Generate(demo.Options{Seed: demoSeed, Transactions: n})
	ids, err := demo.Load(ctx, st, d)
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{st: st, d: d, ids: ids, a: New(st, Options{Now: func() time.Time { return testNow }})}
	if _, err := f.a.Ask(ctx, "balance"); err != nil { // builds the index
		b.Fatal(err)
	}
	benchFixtures[n] = f
	return f
}

func benchAsk(b *testing.B, n int) {
	f := benchFixture(b, n)
	ctx := context.Background()
	for _, q := range benchQuestions {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := f.a.Ask(ctx, q.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}

// BenchmarkAsk100k: the target is 20 ms per question.
func BenchmarkAsk100k(b *testing.B) { benchAsk(b, 100_000) }

// BenchmarkAsk1M: the target is 50 ms per question. Generating and loading
// the million rows takes a while before the first figure appears.
func BenchmarkAsk1M(b *testing.B) { benchAsk(b, 1_000_000) }

// BenchmarkIndex100k is the one-time cost of a new Assistant's index: the
// store's kept month totals read into the cube, the merchants and the
// categories, and the lexicon built from them.
func BenchmarkIndex100k(b *testing.B) {
	f := benchFixture(b, 100_000)
	ctx := context.Background()
	for b.Loop() {
		a := New(f.st, Options{Now: func() time.Time { return testNow }})
		if _, err := a.Ask(ctx, "balance"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkParse is the parser alone, on the demo vocabulary.
func BenchmarkParse(b *testing.B) {
	lex := corpusLexicon()
	for b.Loop() {
		for _, q := range benchQuestions {
			Parse(q.q, testNow, lex)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchQuestions)), "ns/question")
}

// BenchmarkIndex1M is the same one-time cost at a million rows.
func BenchmarkIndex1M(b *testing.B) {
	f := benchFixture(b, 1_000_000)
	ctx := context.Background()
	for b.Loop() {
		a := New(f.st, Options{Now: func() time.Time { return testNow }})
		if _, err := a.Ask(ctx, "balance"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
