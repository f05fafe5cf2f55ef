package assistant

import (
	"testing"

	"penny/demo"
)

// The names answers use for descriptors are package merchant's: every demo
// descriptor of a merchant reads as that merchant.
func TestMerchantNamesFindTheDemoMerchants(t *testing.T) {
	d := demo.Generate(demo.Options{Seed: 3, Transactions: 20_000})
	wrong := map[string]string{}
	for _, tx := range d.Transactions {
		if tx.Flow != demo.FlowSpend || tx.Merchant == "" || tx.Category == "To people" {
			continue
		}
		if got := MerchantName(tx.Payee); got != tx.Merchant {
			wrong[tx.Payee] = got + " (want " + tx.Merchant + ")"
		}
	}
	for p, w := range wrong {
		t.Errorf("MerchantName(%q) = %s", p, w)
	}
}
