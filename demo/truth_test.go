package demo

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
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
				for _, f := range []string{FlowSpend, FlowRefund, FlowIncome, FlowTransfer, FlowCardPayment, FlowInvestment, FlowExchange, FlowCash} {
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

// TestFlowsThatFoolTotals checks the rows a naive spending total gets
// wrong: brokerage trades, currency top-ups, card payments, savings
// transfers, cash, fees, and money from friends.
func TestFlowsThatFoolTotals(t *testing.T) {
	for _, tc := range cases {
		if short(tc.opt) {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			byID := map[string]Transaction{}
			for _, tr := range d.Transactions {
				byID[tr.ExternalID] = tr
			}
			count := map[string]int{}
			for _, tr := range d.Transactions {
				p := byID[tr.TransferPeer]
				switch {
				case strings.HasPrefix(tr.Payee, "BOUGHT VANGUARD") || strings.HasPrefix(tr.Payee, "BUY VANGUARD"):
					count["buy"]++
					if tr.AccountKey != "demo-brokerage" || tr.Flow != FlowInvestment || tr.Amount >= 0 {
						t.Errorf("%s %q: %s %s %d", tr.ExternalID, tr.Payee, tr.AccountKey, tr.Flow, tr.Amount)
					}
				case strings.HasPrefix(tr.Payee, "SOLD VANGUARD") || strings.HasPrefix(tr.Payee, "SELL VANGUARD"):
					count["sell"]++
					if tr.AccountKey != "demo-brokerage" || tr.Flow != FlowInvestment || tr.Amount <= 0 {
						t.Errorf("%s %q: %s %s %d", tr.ExternalID, tr.Payee, tr.AccountKey, tr.Flow, tr.Amount)
					}
				case strings.HasPrefix(tr.Payee, "DIVIDEND RECEIVED "):
					count["dividend"]++
					if tr.AccountKey != "demo-brokerage" || tr.Category != "Dividends" || tr.Amount <= 0 {
						t.Errorf("%s %q: %s %s %d", tr.ExternalID, tr.Payee, tr.AccountKey, tr.Category, tr.Amount)
					}
				case tr.AccountKey == "demo-brokerage" && tr.Amount > 0 && tr.Flow == FlowTransfer:
					count["funded"]++
					if p.AccountKey != "demo-checking" {
						t.Errorf("%s: brokerage funded from %q", tr.ExternalID, p.AccountKey)
					}
				case tr.Payee == "WISE TOPUP EUR":
					count["topup"]++
					// The euro side: fewer euros than dollars, at a rate a
					// bank could have quoted.
					if tr.AccountKey != "demo-checking" || tr.Flow != FlowExchange || p.Payee != "Top-up from USD" || p.Currency != "EUR" || p.Flow != FlowExchange {
						t.Errorf("%s %q %s: peer %q %s %s", tr.ExternalID, tr.Payee, tr.Flow, p.Payee, p.Currency, p.Flow)
					} else if rate := -tr.Amount * 10000 / p.Amount; rate < 10300 || rate > 12500 {
						t.Errorf("%s: %d USD cents for %d EUR cents, %d dollars per 10,000 euros", tr.ExternalID, -tr.Amount, p.Amount, rate)
					}
				case tr.Payee == "PAYMENT THANK YOU":
					count["card"]++
					if tr.AccountKey != "demo-visa" || tr.Flow != FlowCardPayment || p.AccountKey != "demo-checking" || p.Amount != -tr.Amount {
						t.Errorf("%s %q: %s %s, peer %s %d", tr.ExternalID, tr.Payee, tr.AccountKey, tr.Flow, p.AccountKey, p.Amount)
					}
				case tr.AccountKey == "demo-savings" && tr.Flow == FlowTransfer:
					count["savings"]++
				case tr.Flow == FlowCash:
					count["cash"]++
				case tr.Category == "ATM fees" || tr.Category == "Bank fees":
					count["fee"]++
					if tr.Flow != FlowSpend || tr.Amount >= 0 {
						t.Errorf("%s %q: fee %s %d", tr.ExternalID, tr.Payee, tr.Flow, tr.Amount)
					}
				case tr.Category == "To people":
					if tr.Amount > 0 {
						count["from people"]++
					} else {
						count["to people"]++
					}
				}
			}
			for _, k := range []string{"buy", "dividend", "funded", "topup", "card", "savings", "cash", "fee", "to people", "from people"} {
				if count[k] == 0 {
					t.Errorf("no %s rows", k)
				}
			}
			if span := d.Transactions[len(d.Transactions)-1].Posted.Sub(d.Transactions[0].Posted); span > 400*24*time.Hour && count["sell"] == 0 {
				t.Error("no sells in more than a year")
			}
			for _, a := range d.Accounts {
				if a.Key == "demo-eur" && (a.Institution != "Wise" || a.Currency != "EUR") {
					t.Errorf("euro account %+v", a)
				}
			}
		})
	}
}

// TestRecentAlerts checks that the last weeks before End hold what Penny's
// alerts are for, so that a demo that ends today has alerts to show: a
// subscription billed at a new price after months at the old one, the
// duplicate charge, and a large purchase. The history ends on End itself.
func TestRecentAlerts(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			end := endOf(tc.opt)
			if last := d.Transactions[len(d.Transactions)-1].Posted; !last.Equal(end) {
				t.Errorf("last row posted %s, want End %s", last.Format(time.DateOnly), end.Format(time.DateOnly))
			}
			recent := end.AddDate(0, 0, -21)
			type charge struct {
				amount int64
				day    time.Time
			}
			history := map[[2]string][]charge{}
			var rise, large bool
			dups := map[[4]string]int{}
			for _, tr := range d.Transactions {
				if tr.Flow != FlowSpend || tr.Pending {
					continue
				}
				if tr.Category == "Subscriptions" {
					k := [2]string{tr.AccountKey, tr.Merchant}
					h := history[k]
					// A rise after at least two monthly charges at the old price.
					if n := len(h); n >= 2 && !tr.Posted.Before(recent) && tr.Amount < h[n-1].amount &&
						h[n-2].amount == h[n-1].amount && tr.Posted.Sub(h[n-1].day) <= 35*24*time.Hour {
						rise = true
					}
					history[k] = append(h, charge{tr.Amount, tr.Posted})
				}
				if tr.Amount <= -100000 && !tr.Posted.Before(recent) {
					large = true
				}
				if !tr.Posted.Before(recent) {
					dups[[4]string{tr.AccountKey, tr.Payee, tr.Posted.String(), strconv.FormatInt(tr.Amount, 10)}]++
				}
			}
			dup := false
			for _, n := range dups {
				dup = dup || n == 2
			}
			if !short(tc.opt) && !rise {
				t.Error("no subscription price rise in the last three weeks")
			}
			if !large {
				t.Error("no charge of 1,000.00 or more in the last three weeks")
			}
			if !dup {
				t.Error("no duplicate charge in the last three weeks")
			}
		})
	}
}
