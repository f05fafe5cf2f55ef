package demo

import (
	"slices"
	"strings"
	"testing"
)

// taxonomy is Penny's category taxonomy, leaf → parent, written out here
// rather than taken from the generator so that a misspelt constant fails.
var taxonomy = func() map[string]string {
	m := map[string]string{}
	for _, l := range []string{
		"Food & drink: Groceries, Restaurants, Coffee, Fast food, Bars",
		"Transportation: Fuel, Rideshare, Parking, Public transit, Tolls, Car maintenance",
		"Travel: Flights, Lodging, Car rental",
		"Shopping: Clothing, Electronics, Home & garden, General merchandise, Books",
		"Pets: Pets",
		"Health: Pharmacy, Medical, Fitness",
		"Housing: Rent, Mortgage",
		"Bills & utilities: Electricity, Gas & water, Internet, Phone, Insurance",
		"Subscriptions: Subscriptions",
		"Entertainment: Entertainment",
		"Personal care: Personal care",
		"Education: Education",
		"Gifts & donations: Gifts & donations",
		"Services: Services",
		"Fees: Bank fees, ATM fees, Interest charged",
		"Taxes: Taxes",
		"Income: Salary, Interest, Dividends, Other income",
		"Transfers: Between accounts, Card payment, Investment, Currency exchange, Cash withdrawal, To people",
	} {
		parent, leaves, _ := strings.Cut(l, ": ")
		for _, leaf := range strings.Split(leaves, ", ") {
			m[leaf] = parent
		}
	}
	return m
}()

// wantFlow is the taxonomy's definition of what counts as spending,
// restated independently of flowOf.
func wantFlow(cat string, amount int64) string {
	switch cat {
	case "Between accounts":
		return FlowTransfer
	case "Card payment":
		return FlowCardPayment
	case "Investment":
		return FlowInvestment
	case "Currency exchange":
		return FlowExchange
	case "Cash withdrawal":
		return FlowCash
	}
	switch {
	case taxonomy[cat] == "Income":
		return FlowIncome
	case cat == "To people" && amount > 0:
		return FlowIncome
	case amount > 0:
		return FlowRefund
	}
	return FlowSpend
}

// TestGroundTruth checks Merchant, Category and Flow on every row: the
// category is a taxonomy leaf, the flow follows from it and the sign, and a
// merchant is named exactly where there is one.
func TestGroundTruth(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			flows := map[string]int{}
			spent := map[string]bool{}
			for _, tr := range d.Transactions {
				if _, ok := taxonomy[tr.Category]; !ok {
					t.Fatalf("%s %q: category %q is not a taxonomy leaf", tr.ExternalID, tr.Payee, tr.Category)
				}
				if w := wantFlow(tr.Category, tr.Amount); tr.Flow != w {
					t.Fatalf("%s %q %s %d: flow %q, want %q", tr.ExternalID, tr.Payee, tr.Category, tr.Amount, tr.Flow, w)
				}
				flows[tr.Flow]++
				switch tr.Flow {
				case FlowTransfer, FlowCardPayment, FlowExchange, FlowInvestment, FlowCash:
					if tr.Merchant != "" {
						t.Errorf("%s %q: a %s names merchant %q", tr.ExternalID, tr.Payee, tr.Flow, tr.Merchant)
					}
				case FlowRefund:
					if tr.Merchant == "" {
						t.Errorf("%s %q: refund from no merchant", tr.ExternalID, tr.Payee)
					}
				case FlowSpend:
					// Only fees and cheques to an unnamed payee have none.
					if tr.Merchant == "" && taxonomy[tr.Category] != "Fees" && !strings.HasPrefix(tr.Payee, "CHECK ") {
						t.Errorf("%s %q %s: spending at no merchant", tr.ExternalID, tr.Payee, tr.Category)
					}
				case FlowIncome:
					if tr.Category == "Salary" && tr.Merchant == "" {
						t.Errorf("%s %q: salary from no employer", tr.ExternalID, tr.Payee)
					}
				}
				if tr.Flow == FlowCash && tr.Amount >= 0 || tr.Flow == FlowInvestment && tr.Amount == 0 {
					t.Errorf("%s %q: %s of %d", tr.ExternalID, tr.Payee, tr.Flow, tr.Amount)
				}
				if (tr.Flow == FlowSpend || tr.Flow == FlowRefund) && tr.Merchant != "" {
					spent[tr.Merchant] = true
				}
			}
			var want []string
			for m := range spent {
				want = append(want, m)
			}
			slices.Sort(want)
			if got := d.Merchants(); !slices.Equal(got, want) {
				t.Errorf("Merchants() has %d names, the spending rows %d", len(got), len(want))
			}
			if !short(tc.opt) {
				for _, f := range []string{FlowSpend, FlowRefund, FlowIncome, FlowTransfer, FlowCardPayment, FlowInvestment, FlowCash} {
					if flows[f] == 0 {
						t.Errorf("no %s rows", f)
					}
				}
			}
		})
	}
}

// shape names the channel a descriptor was printed by: a bank's debit
// prefix, a wallet, a processor, a European terminal, or none.
func shape(payee string) string {
	for _, p := range []string{
		"POS DEBIT ", "DEBIT CARD PURCHASE ", "CHECKCARD ", "PURCHASE AUTHORIZED ON ", "APLPAY ", "RECURRING PAYMENT ", "ACH DEBIT ",
		"SQ *", "TST* ", "PAYPAL *", "DD *", "GOOGLE *", "ZELLE ", "VENMO ", "CASH APP*",
		"Kartenzahlung ", "PAIEMENT CB ", "CARD ", "Betaalautomaat ", "SEPA-Lastschrift ",
	} {
		if strings.HasPrefix(payee, p) {
			return p
		}
	}
	return "plain"
}

// TestChannels checks that the merchants a household visits often show up
// under more than one channel, so that telling the merchant behind a
// descriptor is exercised, and that the channels of real banks are there.
func TestChannels(t *testing.T) {
	for _, tc := range cases {
		if tc.opt.Transactions < 10_000 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			rows := map[string]int{}
			shapes := map[string]map[string]bool{}
			all := map[string]int{}
			for _, tr := range d.Transactions {
				sh := shape(tr.Payee)
				all[sh]++
				if tr.Flow != FlowSpend || tr.Merchant == "" {
					continue
				}
				rows[tr.Merchant]++
				if shapes[tr.Merchant] == nil {
					shapes[tr.Merchant] = map[string]bool{}
				}
				shapes[tr.Merchant][sh] = true
			}
			frequent := 0
			for m, n := range rows {
				if n*100 < len(d.Transactions) {
					continue
				}
				frequent++
				if len(shapes[m]) < 2 {
					t.Errorf("%s: %d rows, all printed as %v", m, n, shapes[m])
				}
			}
			if frequent < 5 {
				t.Errorf("only %d frequent merchants", frequent)
			}
			for sh, n := range all {
				if sh != "plain" && n == 0 {
					t.Errorf("no %q rows", sh)
				}
			}
			for _, sh := range []string{"POS DEBIT ", "DEBIT CARD PURCHASE ", "CHECKCARD ", "PURCHASE AUTHORIZED ON ", "APLPAY ", "RECURRING PAYMENT ",
				"ACH DEBIT ", "SQ *", "TST* ", "PAYPAL *", "DD *", "GOOGLE *", "ZELLE ", "VENMO ", "Kartenzahlung ", "PAIEMENT CB ", "CARD ",
				"Betaalautomaat ", "SEPA-Lastschrift "} {
				if all[sh] == 0 {
					t.Errorf("no descriptor starts with %q", sh)
				}
			}
			// Product lines of one company are different merchants.
			for _, m := range []string{"Uber", "Uber Eats", "Amazon", "Amazon Prime", "Amazon Web Services", "Apple", "iCloud"} {
				if rows[m] == 0 {
					t.Errorf("no spending at %s", m)
				}
			}
		})
	}
}
