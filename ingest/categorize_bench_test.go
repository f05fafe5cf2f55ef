package ingest

import (
	"testing"

	"penny/demo"
	"penny/merchant"
	"penny/store"
)

// BenchmarkCategorize100k measures what the engine does per row to decide
// who was paid and in what category: package merchant's reading of the
// descriptor (with the user's renames) and the categorizer (user rules, the
// source's category, the merchant's), over 100k demo descriptors.
func BenchmarkCategorize100k(b *testing.B) {
	d := demo.Generate(demo.Options{Transactions: 100_000})
	rules := []store.Rule{{Pattern: "blue bottle", Value: "Coffee"}, {Pattern: store.MerchantRulePrefix + "target", Value: "Home & garden"}}
	c := NewCategorizer(rules)
	r := merchant.NewResolver([]merchant.Override{{Key: "whole-foods", Name: "Grocery Palace"}})
	b.ResetTimer()
	for range b.N {
		for i := range d.Transactions {
			t := &d.Transactions[i]
			m := r.Identify(describe(t.Payee, t.Memo))
			_ = otherIncome(c.Category(t.Payee, t.Memo, "", m), t.Amount)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/100k")
}
