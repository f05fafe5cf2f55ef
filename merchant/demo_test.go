package merchant_test

import (
	"slices"
	"testing"

	"penny/demo"
	"penny/merchant"
)

// merchantCategories are the demo's categories whose rows are purchases
// from a merchant (or refunds of one).
var merchantCategories = map[string]bool{
	"Groceries": true, "Dining": true, "Rent": true, "Subscriptions": true, "Utilities": true,
	"Shopping": true, "Transport": true, "Travel": true, "Health": true, "Refund": true,
	"Entertainment": true, "Home": true, "Personal Care": true, "Pets": true,
	"Gifts & Donations": true, "Education": true, "Services": true,
}

// nonMerchant says which taxonomy leaves the demo's other categories may
// come out as.
var nonMerchant = map[string][]string{
	"Salary":      {"Salary"},
	"Transfer":    {"Between accounts", "Card payment", "Investment"},
	"Interest":    {"Interest"},
	"Fees":        {"Bank fees"},
	"Cash":        {"Cash withdrawal"},
	"Dividends":   {"Dividends"},
	"Investments": {"Investment"},
}

func TestEveryDemoDescriptorIdentifiesToADemoMerchant(t *testing.T) {
	d := demo.Generate(demo.Options{Transactions: 20000})
	names := d.Merchants()
	bad := map[string]string{}
	for _, tx := range d.Transactions {
		m := merchant.Identify(tx.Payee)
		switch {
		case merchantCategories[tx.Category]:
			if !slices.Contains(names, m.Name) || !m.Known {
				bad[tx.Payee] = m.Name
			}
		case tx.Category == "Payments":
			if m.Category != "To people" && m.Name != "Check" {
				bad[tx.Payee] = m.Name + " / " + m.Category
			}
		case nonMerchant[tx.Category] != nil:
			if !slices.Contains(nonMerchant[tx.Category], m.Category) {
				bad[tx.Payee] = m.Name + " / " + m.Category
			}
		}
	}
	for p, n := range bad {
		t.Errorf("Identify(%q) gives %q", p, n)
	}
}
