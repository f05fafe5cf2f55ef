package alerts

import (
	"fmt"
	"testing"
	"time"

	"penny/category"
	"penny/store"
)

// Scenarios per rule, on fixed data, evaluated at now (2026-04-20): the
// lookback starts 2026-03-06, the window 2026-01-30. Each builds its own
// store; ids count from 1 in insertion order.

type scenario struct {
	name string
	run  func(f *fixture) // builds the data, evaluates and checks
}

func runScenarios(t *testing.T, rule string, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			f := newFixture(t)
			f.only(rule)
			sc.run(f)
		})
	}
}

func TestLargeTransaction(t *testing.T) {
	runScenarios(t, RuleLarge, []scenario{
		{"at the absolute threshold", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			ids := f.add(row{acct: "Visa Signature", date: "2026-04-18", amount: "-1000.00", payee: "APPLE STORE #R034 BERKELEY CA"})
			f.check(f.evaluate(ids), want{
				Rule: RuleLarge, Severity: Warning, Title: "Large charge on Visa Signature", Key: "large-transaction:1",
				Body:    "1,000.00 USD at APPLE STORE #R034 BERKELEY CA on 2026-04-18.",
				Why:     "Rule large-transaction: it is at least the absolute threshold of 1,000.00 USD. Transaction #1 2026-04-18 APPLE STORE #R034 BERKELEY CA -1,000.00 USD.",
				Txs:     []int64{1},
				Account: "Visa Signature",
			})
		}},
		{"a cent under the threshold", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			f.check(f.evaluate(f.add(row{acct: "Visa Signature", date: "2026-04-18", amount: "-999.99", payee: "APPLE STORE"})))
		}},
		{"relative to the account's charges", func(f *fixture) {
			f.account("Checking", "checking", "USD", "5000.00")
			var hist []row
			for i := range 20 { // 10.00 to 29.00 in the year before the lookback
				hist = append(hist, row{acct: "Checking", date: fmt.Sprintf("2026-02-%02d", i+1), amount: fmt.Sprintf("-%d.00", 10+i), payee: "CORNER SHOP"})
			}
			f.history(hist...)
			ids := f.add(
				row{acct: "Checking", date: "2026-04-18", amount: "-150.00", payee: "BIKE REPAIR"},
				row{acct: "Checking", date: "2026-04-18", amount: "-99.00", payee: "SHOE STORE"}, // above 3× but under the 100.00 floor
				row{acct: "Checking", date: "2026-04-18", amount: "-80.00", payee: "BOOKS"},      // under 3× the percentile
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleLarge, Title: "Large charge on Checking", Key: "large-transaction:21",
				Why: "Rule large-transaction: it is more than 3× the 95th percentile of this account's 20 charges in the year to 2026-03-05 (28.00 USD), that is more than 84.00 USD. Transaction #21 2026-04-18 BIKE REPAIR -150.00 USD.",
			})
		}},
		{"transfers are not spending", func(f *fixture) {
			f.account("Checking", "checking", "USD", "5000.00")
			f.account("Savings", "savings", "USD", "0")
			ids := f.add(
				row{acct: "Checking", date: "2026-04-18", amount: "-1500.00", payee: "ONLINE TRANSFER TO SAVINGS", transfer: 2},
				row{acct: "Savings", date: "2026-04-18", amount: "1500.00", payee: "ONLINE TRANSFER FROM CHECKING"},
				row{acct: "Checking", date: "2026-04-18", amount: "-2000.00", payee: "TRANSFER TO BROKERAGE", cat: category.BetweenAccounts},
			)
			f.check(f.evaluate(ids))
		}},
		{"a known monthly bill", func(f *fixture) {
			f.account("Checking", "checking", "USD", "9000.00")
			f.history(row{acct: "Checking", date: "2026-03-01", amount: "-2400.00", payee: "OAKWOOD PROPERTY MGMT WEB PMTS", cat: "Rent"})
			f.check(f.evaluate(f.add(row{acct: "Checking", date: "2026-04-01", amount: "-2450.00", payee: "OAKWOOD PROPERTY MGMT WEB PMTS", cat: "Rent"})))
		}},
		{"pending, old and refund rows", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			ids := f.add(
				row{acct: "Visa Signature", date: "2026-04-19", amount: "-1500.00", payee: "HOTEL HOLD", pending: true},
				row{acct: "Visa Signature", date: "2026-03-01", amount: "-1500.00", payee: "OLD TRIP"}, // before the lookback
				row{acct: "Visa Signature", date: "2026-04-19", amount: "1500.00", payee: "REFUND"},
			)
			f.check(f.evaluate(ids))
		}},
		{"other currency thresholds", func(f *fixture) {
			f.account("Yen", "checking", "JPY", "500000")
			f.check(f.evaluate(f.add(row{acct: "Yen", date: "2026-04-19", amount: "-1000", payee: "KONBINI"})), want{
				Rule: RuleLarge, Title: "Large charge on Yen", Key: "large-transaction:1",
				Body: "1,000 JPY at KONBINI on 2026-04-19.",
			})
		}},
	})
}

func TestNewMerchant(t *testing.T) {
	runScenarios(t, RuleNewMerchant, []scenario{
		{"first charge at a merchant", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			f.history(row{acct: "Visa Signature", date: "2026-02-10", amount: "-12.00", payee: "SAFEWAY #1111 PIEDMONT CA"})
			ids := f.add(
				row{acct: "Visa Signature", date: "2026-04-10", amount: "-45.00", payee: "SAFEWAY #2222 OAKLAND CA"}, // same merchant
				row{acct: "Visa Signature", date: "2026-04-11", amount: "-23.50", payee: "SQ *BLUE BOTTLE COFFEE OAKLAND CA"},
				row{acct: "Visa Signature", date: "2026-04-12", amount: "-6.00", payee: "SQ *BLUE BOTTLE COFFEE SAN LEANDRO CA"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleNewMerchant, Severity: Info, Title: "New merchant on Visa Signature", Key: "new-merchant:Blue Bottle Coffee",
				Body:    "First charge at Blue Bottle Coffee: 23.50 USD on 2026-04-11 (SQ *BLUE BOTTLE COFFEE OAKLAND CA).",
				Why:     `Rule new-merchant: no account has an earlier transaction at Blue Bottle Coffee, whatever descriptor the bank printed; Penny has seen it only since 2026-04-11. Transaction #3 2026-04-11 SQ *BLUE BOTTLE COFFEE OAKLAND CA -23.50 USD.`,
				Txs:     []int64{3},
				Account: "Visa Signature",
			})
		}},
		{"the first import of an account is history", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			ids := f.history(
				row{acct: "Visa Signature", date: "2026-04-10", amount: "-45.00", payee: "SAFEWAY #2222 OAKLAND CA"},
				row{acct: "Visa Signature", date: "2026-04-11", amount: "-23.50", payee: "SQ *BLUE BOTTLE COFFEE OAKLAND CA"},
			)
			f.check(f.evaluate(ids))
			f.check(f.evaluateAll())
		}},
		{"seen on another account", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			f.account("Checking", "checking", "USD", "100.00")
			f.history(row{acct: "Checking", date: "2026-03-20", amount: "-9.00", payee: "TST* NOPALITO SAN FRANCISCO CA"})
			f.check(f.evaluate(f.add(row{acct: "Visa Signature", date: "2026-04-10", amount: "-41.00", payee: "TST* NOPALITO SAN FRANCISCO CA"})))
		}},
		{"seen long before the window", func(f *fixture) {
			f.account("Visa Signature", "credit", "USD", "0")
			f.history(row{acct: "Visa Signature", date: "2025-06-01", amount: "-80.00", payee: "REI #42 BERKELEY CA"})
			f.check(f.evaluate(f.add(row{acct: "Visa Signature", date: "2026-04-10", amount: "-120.00", payee: "REI #42 BERKELEY CA"})))
		}},
		{"a deposit or a transfer is not a merchant", func(f *fixture) {
			f.account("Checking", "checking", "USD", "100.00")
			f.account("Savings", "savings", "USD", "100.00")
			f.history(row{acct: "Checking", date: "2026-03-20", amount: "-9.00", payee: "CORNER SHOP"})
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-10", amount: "500.00", payee: "ACME PAYROLL"},
				row{acct: "Checking", date: "2026-04-11", amount: "-50.00", payee: "TRANSFER TO SAVINGS", transfer: 3},
				row{acct: "Savings", date: "2026-04-11", amount: "50.00", payee: "TRANSFER FROM CHECKING"},
			)))
		}},
	})
}

func TestDuplicateCharge(t *testing.T) {
	runScenarios(t, RuleDuplicate, []scenario{
		{"same day, same amount", func(f *fixture) {
			f.account("Amex Gold", "credit", "USD", "0")
			ids := f.add(
				row{acct: "Amex Gold", date: "2026-04-15", amount: "-138.47", payee: "WHOLEFDS BER 85871 BERKELEY CA"},
				row{acct: "Amex Gold", date: "2026-04-15", amount: "-138.47", payee: "WHOLEFDS BER 85871 BERKELEY CA"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleDuplicate, Severity: Warning, Title: "Possible duplicate charge on Amex Gold", Key: "duplicate-charge:1:2",
				Body:    "138.47 USD at WHOLEFDS BER 85871 BERKELEY CA twice on 2026-04-15.",
				Why:     "Rule duplicate-charge: two charges on one account at the same merchant (Whole Foods Market) for the same amount, posted the same day; neither is a transfer. Transactions #1 2026-04-15 WHOLEFDS BER 85871 BERKELEY CA -138.47 USD and #2 2026-04-15 WHOLEFDS BER 85871 BERKELEY CA -138.47 USD.",
				Txs:     []int64{1, 2},
				Account: "Amex Gold",
			})
		}},
		{"the same charge five times: each to its closest twin", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			var rows []row
			for i := range 5 {
				rows = append(rows, row{acct: "Visa", date: "2026-04-15", amount: "-9.99", payee: "PARKMOBILE APP", memo: fmt.Sprint("ref ", i)})
			}
			first := f.evaluate(f.add(rows[:3]...))
			later := f.evaluate(f.add(rows[3:]...))
			// Three at once make two alerts; two more make two more: never
			// one for every pair (ten for five).
			f.check(first,
				want{Rule: RuleDuplicate, Title: "Possible duplicate charge on Visa", Key: "duplicate-charge:1:2"},
				want{Rule: RuleDuplicate, Title: "Possible duplicate charge on Visa", Key: "duplicate-charge:2:3"})
			f.check(later,
				want{Rule: RuleDuplicate, Title: "Possible duplicate charge on Visa", Key: "duplicate-charge:3:4"},
				want{Rule: RuleDuplicate, Title: "Possible duplicate charge on Visa", Key: "duplicate-charge:4:5"})
		}},
		{"swiped minutes apart across midnight", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			ids := f.add(
				row{acct: "Visa", date: "2026-04-15", amount: "-48.73", payee: "SHELL OIL 34087461703 SAN LEANDRO CA", at: "23:58"},
				row{acct: "Visa", date: "2026-04-16", amount: "-48.73", payee: "SHELL OIL 34087461703 SAN LEANDRO CA", at: "00:04"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleDuplicate, Title: "Possible duplicate charge on Visa", Key: "duplicate-charge:1:2",
				Body: "48.73 USD at SHELL OIL 34087461703 SAN LEANDRO CA twice on 2026-04-15 and 2026-04-16.",
				Why:  "Rule duplicate-charge: two charges on one account at the same merchant (Shell) for the same amount, swiped 6m0s apart (the rule allows 30 minutes); neither is a transfer. Transactions #1 2026-04-15 SHELL OIL 34087461703 SAN LEANDRO CA -48.73 USD and #2 2026-04-16 SHELL OIL 34087461703 SAN LEANDRO CA -48.73 USD.",
			})
		}},
		{"swiped hours apart: two purchases", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.check(f.evaluate(f.add(
				row{acct: "Visa", date: "2026-04-15", amount: "-6.50", payee: "SQ *BLUE BOTTLE COFFEE", at: "08:10"},
				row{acct: "Visa", date: "2026-04-15", amount: "-6.50", payee: "SQ *BLUE BOTTLE COFFEE", at: "15:30"},
			)))
		}},
		{"next day at a merchant seldom paid", func(f *fixture) {
			f.account("Checking", "checking", "USD", "900.00")
			ids := f.add(
				row{acct: "Checking", date: "2026-04-15", amount: "-89.00", payee: "CITY DENTAL"},
				row{acct: "Checking", date: "2026-04-16", amount: "-89.00", payee: "CITY DENTAL"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleDuplicate, Title: "Possible duplicate charge on Checking", Key: "duplicate-charge:1:2",
				Why: "Rule duplicate-charge: two charges on one account at the same merchant (City Dental) for the same amount, posted on consecutive days at a merchant this account seldom pays; neither is a transfer. Transactions #1 2026-04-15 CITY DENTAL -89.00 USD and #2 2026-04-16 CITY DENTAL -89.00 USD.",
			})
		}},
		{"next day at a merchant paid often", func(f *fixture) {
			f.account("Checking", "checking", "USD", "900.00")
			f.history(
				row{acct: "Checking", date: "2026-04-02", amount: "-9.60", payee: "BVG BERLIN"},
				row{acct: "Checking", date: "2026-04-08", amount: "-3.20", payee: "BVG BERLIN"},
			)
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-15", amount: "-9.60", payee: "BVG BERLIN"},
				row{acct: "Checking", date: "2026-04-16", amount: "-9.60", payee: "BVG BERLIN"},
			)))
		}},
		{"two days apart, other accounts, other amounts", func(f *fixture) {
			f.account("Checking", "checking", "USD", "900.00")
			f.account("Visa", "credit", "USD", "0")
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-13", amount: "-89.00", payee: "CITY DENTAL"},
				row{acct: "Checking", date: "2026-04-15", amount: "-89.00", payee: "CITY DENTAL"},
				row{acct: "Visa", date: "2026-04-15", amount: "-89.00", payee: "CITY DENTAL"},
				row{acct: "Checking", date: "2026-04-15", amount: "-89.01", payee: "CITY DENTAL"},
			)))
		}},
		{"a charge and its refund are not a pair", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.check(f.evaluate(f.add(
				row{acct: "Visa", date: "2026-04-15", amount: "-59.00", payee: "NIKE.COM 800-806-6453 OR"},
				row{acct: "Visa", date: "2026-04-15", amount: "59.00", payee: "NIKE.COM 800-806-6453 OR"},
			)))
		}},
		{"transfers and pending rows are not duplicates", func(f *fixture) {
			f.account("Checking", "checking", "USD", "900.00")
			f.account("Savings", "savings", "USD", "0")
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-15", amount: "-100.00", payee: "TRANSFER TO SAVINGS", transfer: 3},
				row{acct: "Checking", date: "2026-04-15", amount: "-100.00", payee: "TRANSFER TO SAVINGS", transfer: 4},
				row{acct: "Savings", date: "2026-04-15", amount: "100.00", payee: "TRANSFER FROM CHECKING"},
				row{acct: "Savings", date: "2026-04-15", amount: "100.00", payee: "TRANSFER FROM CHECKING"},
				row{acct: "Checking", date: "2026-04-19", amount: "-20.00", payee: "TAQUERIA", pending: true},
				row{acct: "Checking", date: "2026-04-19", amount: "-20.00", payee: "TAQUERIA"},
			)))
		}},
		{"already refunded", func(f *fixture) {
			f.account("Amex Gold", "credit", "USD", "0")
			ids := f.add(
				row{acct: "Amex Gold", date: "2026-04-10", amount: "-138.47", payee: "WHOLEFDS BER 85871 BERKELEY CA"},
				row{acct: "Amex Gold", date: "2026-04-10", amount: "-138.47", payee: "WHOLEFDS BER 85871 BERKELEY CA"},
				row{acct: "Amex Gold", date: "2026-04-14", amount: "138.47", payee: "WHOLEFDS BER 85871 BERKELEY CA", cat: "Refund"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleDuplicate, Severity: Info, Title: "Possible duplicate charge on Amex Gold", Key: "duplicate-charge:1:2",
				Body: "138.47 USD at WHOLEFDS BER 85871 BERKELEY CA twice on 2026-04-10. A refund of the same amount posted on 2026-04-14.",
				Txs:  []int64{1, 2, 3},
			})
		}},
	})
}

func TestPriceIncrease(t *testing.T) {
	netflix := func(date, amount string) row {
		return row{acct: "Visa", date: date, amount: amount, payee: "NETFLIX.COM 866-579-7172 CA", cat: "Subscriptions"}
	}
	runScenarios(t, RulePriceIncrease, []scenario{
		{"a monthly charge goes up", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.history(netflix("2026-02-15", "-15.49"), netflix("2026-03-16", "-15.49"))
			ids := f.add(netflix("2026-04-15", "-17.99"))
			f.check(f.evaluate(ids), want{
				Rule: RulePriceIncrease, Severity: Warning, Title: "Price increase on Visa", Key: "price-increase:3",
				Body:    "Netflix went up from 15.49 to 17.99 USD (charged 2026-04-15).",
				Why:     "Rule price-increase: Netflix charged 15.49 USD every month for 2 months (2026-02-15, 2026-03-16); the charge of 2026-04-15 is 17.99 USD, 16% more (the rule fires from 1%). Transaction #3 2026-04-15 NETFLIX.COM 866-579-7172 CA -17.99 USD.",
				Txs:     []int64{3, 2, 1},
				Account: "Visa",
			})
		}},
		{"older months read from before the window", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.history(netflix("2025-12-10", "-15.49"), netflix("2026-01-10", "-15.49"), netflix("2026-02-10", "-15.49"))
			f.settings(func() Settings {
				s := Defaults()
				s.PriceIncrease.MinMonths = 3
				return onlyIn(s, RulePriceIncrease)
			}())
			ids := f.add(netflix("2026-03-10", "-17.99"))
			f.check(f.evaluate(ids), want{
				Rule: RulePriceIncrease, Title: "Price increase on Visa", Key: "price-increase:4",
				Why: "Rule price-increase: Netflix charged 15.49 USD every month for 3 months (2025-12-10, 2026-01-10, 2026-02-10); the charge of 2026-03-10 is 17.99 USD, 16% more (the rule fires from 1%). Transaction #4 2026-03-10 NETFLIX.COM 866-579-7172 CA -17.99 USD.",
				Txs: []int64{4, 3, 2, 1},
			})
		}},
		{"one month is not recurring", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.history(netflix("2026-03-16", "-15.49"))
			f.check(f.evaluate(f.add(netflix("2026-04-15", "-17.99"))))
		}},
		{"a bill that varies, a price that falls, a gap", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.history(
				row{acct: "Visa", date: "2026-02-12", amount: "-80.10", payee: "PGANDE WEB ONLINE"},
				row{acct: "Visa", date: "2026-03-12", amount: "-95.40", payee: "PGANDE WEB ONLINE"},
				netflix("2026-02-15", "-17.99"), netflix("2026-03-16", "-17.99"),
				row{acct: "Visa", date: "2026-01-31", amount: "-9.99", payee: "SPOTIFY USA"},
				row{acct: "Visa", date: "2026-02-28", amount: "-9.99", payee: "SPOTIFY USA"},
			)
			f.check(f.evaluate(f.add(
				row{acct: "Visa", date: "2026-04-12", amount: "-99.00", payee: "PGANDE WEB ONLINE"},
				netflix("2026-04-15", "-15.49"),
				row{acct: "Visa", date: "2026-04-15", amount: "-11.99", payee: "SPOTIFY USA"}, // a month was skipped
			)))
		}},
	})
}

// onlyIn is only for a Settings value.
func onlyIn(s Settings, rule string) Settings {
	s.LowBalance.On = rule == RuleLowBalance
	s.Large.On = rule == RuleLarge
	s.NewMerchant.On = rule == RuleNewMerchant
	s.Duplicate.On = rule == RuleDuplicate
	s.PriceIncrease.On = rule == RulePriceIncrease
	s.Trial.On = rule == RuleTrial
	s.Refund.On = rule == RuleRefund
	s.Deposit.On = rule == RuleDeposit
	s.Category.On = rule == RuleCategory
	s.Foreign.On = rule == RuleForeign
	s.Projected.On = rule == RuleProjected
	s.Pending.On = rule == RulePending
	s.Source.On = rule == RuleSource
	return s
}

func TestTrialConverted(t *testing.T) {
	runScenarios(t, RuleTrial, []scenario{
		{"a trial turns into a charge", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.add(row{acct: "Visa", date: "2026-03-20", amount: "-1.00", payee: "DISNEY PLUS 888-905-7888 CA", cat: "Subscriptions"})
			ids := f.add(row{acct: "Visa", date: "2026-04-19", amount: "-13.99", payee: "DISNEY PLUS 888-905-7888 CA", cat: "Subscriptions"})
			f.check(f.evaluate(ids), want{
				Rule: RuleTrial, Severity: Warning, Title: "Free trial turned paid on Visa", Key: "trial-converted:2",
				Body:    "Disney+ charged 13.99 USD on 2026-04-19, 30 days after a 1.00 USD authorization.",
				Why:     "Rule trial-converted: the first row ever at Disney+ was an authorization of at most 1.00 USD (#1 2026-03-20 DISNEY PLUS 888-905-7888 CA -1.00 USD), and this is its first real charge, 30 days later (the rule looks 45 days back). Transaction #2 2026-04-19 DISNEY PLUS 888-905-7888 CA -13.99 USD.",
				Txs:     []int64{1, 2},
				Account: "Visa",
			})
		}},
		{"a zero authorization", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.add(row{acct: "Visa", date: "2026-04-01", amount: "0.00", payee: "PELOTON APP MEMBERSHIP"})
			ids := f.add(row{acct: "Visa", date: "2026-04-15", amount: "-12.99", payee: "PELOTON APP MEMBERSHIP"})
			f.check(f.evaluate(ids), want{Rule: RuleTrial, Title: "Free trial turned paid on Visa", Key: "trial-converted:2"})
		}},
		{"a fuel pump's authorization", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.add(row{acct: "Visa", date: "2026-04-14", amount: "-1.00", payee: "SHELL OIL 5555 OAKLAND CA", cat: "Transport"})
			f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-15", amount: "-52.00", payee: "SHELL OIL 5555 OAKLAND CA", cat: "Transport"})))
		}},
		{"not the first real charge", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.add(
				row{acct: "Visa", date: "2026-03-01", amount: "-1.00", payee: "DISNEY PLUS", cat: "Subscriptions"},
				row{acct: "Visa", date: "2026-03-20", amount: "-13.99", payee: "DISNEY PLUS", cat: "Subscriptions"},
			)
			f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-19", amount: "-13.99", payee: "DISNEY PLUS", cat: "Subscriptions"})))
		}},
		{"authorization too long ago", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.add(row{acct: "Visa", date: "2026-02-01", amount: "-1.00", payee: "DISNEY PLUS", cat: "Subscriptions"})
			f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-19", amount: "-13.99", payee: "DISNEY PLUS", cat: "Subscriptions"})))
		}},
	})
}

func TestRefund(t *testing.T) {
	runScenarios(t, RuleRefund, []scenario{
		{"a refund by category", func(f *fixture) {
			f.account("Checking", "checking", "USD", "500.00")
			f.history(row{acct: "Checking", date: "2026-03-30", amount: "-170.38", payee: "AMZN Mktp US*T0276MM27", cat: "Shopping"})
			ids := f.add(row{acct: "Checking", date: "2026-04-14", amount: "170.38", payee: "AMZN Mktp US*X81KQ2", memo: "RETURN", cat: "Refund"})
			f.check(f.evaluate(ids), want{
				Rule: RuleRefund, Severity: Info, Title: "Refund posted to Checking", Key: "refund:2",
				Body:    "170.38 USD from AMZN Mktp US*X81KQ2 on 2026-04-14. It gives back the charge of 2026-03-30.",
				Why:     "Rule refund: money in that is a refund because its category is Refund. Transaction #2 2026-04-14 AMZN Mktp US*X81KQ2 170.38 USD. The merchant's charge: #1 2026-03-30 AMZN Mktp US*T0276MM27 -170.38 USD.",
				Txs:     []int64{2, 1},
				Account: "Checking",
			})
		}},
		{"money back from a merchant charged before", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			f.history(row{acct: "Visa", date: "2026-04-01", amount: "-64.00", payee: "NORDSTROM RACK #920 ALAMEDA CA", cat: "Shopping"})
			ids := f.add(row{acct: "Visa", date: "2026-04-16", amount: "20.00", payee: "NORDSTROM RACK #920 ALAMEDA CA", cat: "Shopping"})
			f.check(f.evaluate(ids), want{
				Rule: RuleRefund, Title: "Refund posted to Visa", Key: "refund:2",
				Body: "20.00 USD from NORDSTROM RACK #920 ALAMEDA CA on 2026-04-16.",
				Why:  "Rule refund: money in that is a refund because it comes from Nordstrom Rack, charged on 2026-04-01. Transaction #2 2026-04-16 NORDSTROM RACK #920 ALAMEDA CA 20.00 USD. The merchant's charge: #1 2026-04-01 NORDSTROM RACK #920 ALAMEDA CA -64.00 USD.",
				Txs:  []int64{2, 1},
			})
		}},
		{"not refunds: pay, transfers, friends, first import", func(f *fixture) {
			f.account("Checking", "checking", "USD", "500.00")
			f.account("Savings", "savings", "USD", "500.00")
			f.history(
				row{acct: "Checking", date: "2026-04-01", amount: "-30.00", payee: "VENMO PAYMENT 1234"},
				row{acct: "Checking", date: "2026-04-02", amount: "45.00", payee: "SHOP RETURN", cat: "Refund"}, // first import
			)
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-15", amount: "2500.00", payee: "ACME PAYROLL", cat: "Salary"},
				row{acct: "Checking", date: "2026-04-15", amount: "30.00", payee: "VENMO CASHOUT 1234"},
				row{acct: "Savings", date: "2026-04-16", amount: "-40.00", payee: "TO CHECKING", transfer: 4},
				row{acct: "Checking", date: "2026-04-16", amount: "40.00", payee: "FROM SAVINGS"},
			)))
		}},
	})
}

func TestDeposit(t *testing.T) {
	runScenarios(t, RuleDeposit, []scenario{
		{"a paycheck and a deposit", func(f *fixture) {
			f.account("Checking", "checking", "USD", "500.00")
			ids := f.add(
				row{acct: "Checking", date: "2026-04-15", amount: "2500.00", payee: "CONTOSO LTD DIRECT DEP PPD ID: 8276439715"},
				row{acct: "Checking", date: "2026-04-16", amount: "100.00", payee: "MOBILE DEPOSIT"},
				row{acct: "Checking", date: "2026-04-16", amount: "99.99", payee: "MOBILE DEPOSIT"}, // under the minimum
				row{acct: "Checking", date: "2026-04-17", amount: "0.42", payee: "INTEREST PAYMENT", cat: "Interest"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleDeposit, Severity: Info, Title: "Paycheck posted to Checking", Key: "deposit:1",
				Body:    "2,500.00 USD from CONTOSO LTD DIRECT DEP PPD ID: 8276439715 on 2026-04-15.",
				Why:     "Rule deposit: a paycheck (payroll category or description) of at least 100.00 USD, not a transfer between your accounts nor a refund. Transaction #1 2026-04-15 CONTOSO LTD DIRECT DEP PPD ID: 8276439715 2,500.00 USD.",
				Txs:     []int64{1},
				Account: "Checking",
			}, want{
				Rule: RuleDeposit, Title: "Deposit posted to Checking", Key: "deposit:2",
				Why: "Rule deposit: a deposit of at least 100.00 USD, not a transfer between your accounts nor a refund. Transaction #2 2026-04-16 MOBILE DEPOSIT 100.00 USD.",
			})
		}},
		{"pending, transfers and the first import", func(f *fixture) {
			f.account("Checking", "checking", "USD", "500.00")
			f.account("Savings", "savings", "USD", "500.00")
			f.history(row{acct: "Checking", date: "2026-04-01", amount: "2500.00", payee: "ACME PAYROLL"})
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-19", amount: "2500.00", payee: "ACME PAYROLL", pending: true},
				row{acct: "Savings", date: "2026-04-16", amount: "-400.00", payee: "TO CHECKING", transfer: 3},
				row{acct: "Checking", date: "2026-04-16", amount: "400.00", payee: "FROM SAVINGS"},
			)))
		}},
	})
}

func TestForeignTransaction(t *testing.T) {
	runScenarios(t, RuleForeign, []scenario{
		{"another currency than the account's", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			ids := f.add(row{acct: "Visa", date: "2026-04-16", amount: "-37.21", cur: "EUR", payee: "MONOPRIX PARIS 5632"})
			f.check(f.evaluate(ids), want{
				Rule: RuleForeign, Severity: Info, Title: "Foreign transaction on Visa", Key: "foreign-transaction:1",
				Body:    "37.21 EUR at MONOPRIX PARIS 5632 on 2026-04-16.",
				Why:     "Rule foreign-transaction: it is in EUR while the account is in USD. Transaction #1 2026-04-16 MONOPRIX PARIS 5632 -37.21 EUR.",
				Txs:     []int64{1},
				Account: "Visa",
			})
		}},
		{"a hint in the description", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			ids := f.add(row{acct: "Visa", date: "2026-04-16", amount: "-1.12", payee: "FOREIGN TRANSACTION FEE"})
			f.check(f.evaluate(ids), want{
				Rule: RuleForeign, Title: "Foreign transaction on Visa", Key: "foreign-transaction:1",
				Why: `Rule foreign-transaction: its description contains "FOREIGN TRANSACTION". Transaction #1 2026-04-16 FOREIGN TRANSACTION FEE -1.12 USD.`,
			})
		}},
		{"home currency", func(f *fixture) {
			f.account("Euro Account", "checking", "EUR", "100.00")
			f.check(f.evaluate(f.add(row{acct: "Euro Account", date: "2026-04-16", amount: "-37.21", payee: "MONOPRIX PARIS 5632"})))
		}},
	})
}

func TestCategorySpike(t *testing.T) {
	base := func(f *fixture) {
		f.account("Checking", "checking", "USD", "5000.00")
		f.account("Visa", "credit", "USD", "0")
		// Dining: 100.00 by the 20th of January, February and March; what
		// is spent after the 20th is not "the same days".
		var hist []row
		for _, m := range []string{"01", "02", "03"} {
			hist = append(hist,
				row{acct: "Checking", date: "2026-" + m + "-05", amount: "-60.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
				row{acct: "Checking", date: "2026-" + m + "-20", amount: "-40.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
				row{acct: "Checking", date: "2026-" + m + "-25", amount: "-500.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
				row{acct: "Checking", date: "2026-" + m + "-06", amount: "-300.00", payee: "RENT", cat: "Rent"},
			)
		}
		f.history(hist...)
	}
	runScenarios(t, RuleCategory, []scenario{
		{"more than twice the usual", func(f *fixture) {
			base(f)
			ids := f.add(
				row{acct: "Visa", date: "2026-04-10", amount: "-150.01", payee: "ZUNI CAFE", cat: "Dining"},
				row{acct: "Checking", date: "2026-04-12", amount: "-50.00", payee: "CAVA 7173 BERKELEY CA", cat: "Dining"},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleCategory, Severity: Warning, Title: "Unusual spending on Dining", Key: "category-spike:USD:dining:2026-04",
				Body:    "200.01 USD so far this month on Dining, against a usual 100.00 USD by day 20.",
				Why:     "Rule category-spike: spending on Dining from 2026-04-01 to 2026-04-20 is 200.01 USD (2 transactions); the median of the same days of the previous months (2026-03 100.00 USD, 2026-02 100.00 USD, 2026-01 100.00 USD) is 100.00 USD, and the rule fires above 200% of it and at least 100.00 USD more.",
				Txs:     []int64{13, 14},
				Account: "Visa",
			})
			// Later rows in the same month do not repeat it.
			f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-19", amount: "-80.00", payee: "ZUNI CAFE", cat: "Dining"})))
		}},
		{"exactly twice the usual", func(f *fixture) {
			base(f)
			f.check(f.evaluate(f.add(row{acct: "Visa", date: "2026-04-10", amount: "-200.00", payee: "ZUNI CAFE", cat: "Dining"})))
		}},
		{"ignored categories and too little history", func(f *fixture) {
			base(f)
			f.check(f.evaluate(f.add(
				row{acct: "Checking", date: "2026-04-06", amount: "-3000.00", payee: "RENT", cat: "Rent"},
				row{acct: "Visa", date: "2026-04-10", amount: "-900.00", payee: "BEST BUY", cat: "Shopping"}, // no Shopping before
			)))
		}},
	})
}

func TestProjectedNegative(t *testing.T) {
	// The balance is 800.00 on 2026-04-20 after the history.
	setup := func(f *fixture, salaryDay string) {
		f.account("Checking", "checking", "USD", "0")
		hist := []row{
			{acct: "Checking", date: "2026-02-22", amount: "-1200.00", payee: "OAKWOOD PROPERTY MGMT WEB PMTS", cat: "Rent"},
			{acct: "Checking", date: "2026-03-22", amount: "-1200.00", payee: "OAKWOOD PROPERTY MGMT WEB PMTS", cat: "Rent"},
			{acct: "Checking", date: "2026-02-" + salaryDay, amount: "1500.00", payee: "ACME PAYROLL", cat: "Salary"},
			{acct: "Checking", date: "2026-03-" + salaryDay, amount: "1500.00", payee: "ACME PAYROLL", cat: "Salary"},
		}
		f.history(hist...)
		if err := f.st.SetOpening(f.ctx, f.accts["Checking"].ID, 20000); err != nil {
			f.t.Fatal(err)
		}
	}
	runScenarios(t, RuleProjected, []scenario{
		{"rent before payday", func(f *fixture) {
			setup(f, "28")
			f.check(f.evaluate(nil, f.accts["Checking"].ID), want{
				Rule: RuleProjected, Severity: Danger, Title: "Balance may go negative on Checking", Key: "projected-negative:1:2026-04-22",
				Body:    "Recurring bills due by 2026-04-27 would take the balance from 800.00 USD to -400.00 USD on 2026-04-22.",
				Why:     "Rule projected-negative: starting from the available balance of 800.00 USD and adding the recurring flows expected in the next 7 days — Oakwood Property Management − 1,200.00 USD on 2026-04-22 (monthly, last #2 2026-03-22 OAKWOOD PROPERTY MGMT WEB PMTS -1,200.00 USD) — the balance is -400.00 USD on 2026-04-22.",
				Txs:     []int64{2},
				Account: "Checking",
			})
		}},
		{"payday first", func(f *fixture) {
			setup(f, "19")
			f.check(f.evaluate(nil, f.accts["Checking"].ID))
		}},
	})
}

func TestPendingStale(t *testing.T) {
	runScenarios(t, RulePending, []scenario{
		{"pending for five days or more", func(f *fixture) {
			f.account("Visa", "credit", "USD", "0")
			ids := f.add(
				row{acct: "Visa", date: "2026-04-10", amount: "-52.15", payee: "CHASE CENTER SAN FRANCISCO CA", pending: true},
				row{acct: "Visa", date: "2026-04-15", amount: "-12.00", payee: "PARKING", pending: true},
				row{acct: "Visa", date: "2026-04-16", amount: "-8.00", payee: "KIOSK", pending: true},
				row{acct: "Visa", date: "2026-04-01", amount: "-8.00", payee: "POSTED", pending: false},
			)
			f.check(f.evaluate(ids), want{
				Rule: RulePending, Severity: Info, Title: "Still pending on Visa", Key: "pending-stale:1",
				Body:    "-52.15 USD at CHASE CENTER SAN FRANCISCO CA has been pending since 2026-04-10 (10 days).",
				Why:     "Rule pending-stale: pending for 10 days, more than the rule's 5; a hold that never posts may need a word with the bank. Transaction #1 2026-04-10 CHASE CENTER SAN FRANCISCO CA -52.15 USD (pending).",
				Txs:     []int64{1},
				Account: "Visa",
			}, want{Rule: RulePending, Title: "Still pending on Visa", Key: "pending-stale:2"})
		}},
	})
}

func TestLowBalance(t *testing.T) {
	runScenarios(t, RuleLowBalance, []scenario{
		{"a charge takes it under", func(f *fixture) {
			f.account("Checking", "checking", "USD", "300.00")
			f.history(row{acct: "Checking", date: "2026-04-01", amount: "-50.00", payee: "GROCERIES"})
			ids := f.add(
				row{acct: "Checking", date: "2026-04-18", amount: "-160.00", payee: "PGANDE WEB ONLINE"},
				row{acct: "Checking", date: "2026-04-19", amount: "-5.00", payee: "COFFEE", pending: true},
			)
			f.check(f.evaluate(ids), want{
				Rule: RuleLowBalance, Severity: Warning, Title: "Low balance on Checking", Key: "low-balance:1:2",
				Body:    "Available balance: 85.00 USD, under your threshold of 100.00 USD.",
				Why:     "Rule low-balance: the available balance (posted 90.00 USD plus pending -5.00 USD) is 85.00 USD, under the threshold for checking and savings accounts of 100.00 USD. It went under with transaction #2 2026-04-18 PGANDE WEB ONLINE -160.00 USD.",
				Txs:     []int64{2},
				Account: "Checking",
			})
			// Still under after another charge: the same episode.
			f.check(f.evaluate(f.add(row{acct: "Checking", date: "2026-04-20", amount: "-5.00", payee: "COFFEE"})))
		}},
		{"at the threshold, credit cards, a threshold turned off", func(f *fixture) {
			f.account("Checking", "checking", "USD", "100.00")
			f.account("Visa", "credit", "USD", "-2500.00")
			f.account("Savings", "savings", "USD", "10.00")
			s := onlyIn(Defaults(), RuleLowBalance)
			s.LowBalance.Accounts = map[int64]string{f.accts["Savings"].ID: "off"}
			f.settings(s)
			f.check(f.evaluate(nil, f.accts["Checking"].ID, f.accts["Visa"].ID, f.accts["Savings"].ID))
		}},
		{"below zero on an account's own threshold", func(f *fixture) {
			f.account("Visa", "credit", "USD", "-100.00")
			s := onlyIn(Defaults(), RuleLowBalance)
			s.LowBalance.Accounts = map[int64]string{f.accts["Visa"].ID: "-3000.00"}
			f.settings(s)
			ids := f.add(row{acct: "Visa", date: "2026-04-18", amount: "-2950.00", payee: "AIRLINE"})
			f.check(f.evaluate(ids), want{
				Rule: RuleLowBalance, Severity: Danger, Title: "Low balance on Visa", Key: "low-balance:1:1",
				Why: "Rule low-balance: the available balance (posted -3,050.00 USD plus pending 0.00 USD) is -3,050.00 USD, under this account's threshold of -3,000.00 USD. It went under with transaction #1 2026-04-18 AIRLINE -2,950.00 USD.",
			})
		}},
	})
}

func TestSourceError(t *testing.T) {
	runScenarios(t, RuleSource, []scenario{
		{"failed and needs a new login", func(f *fixture) {
			f.account("Checking", "checking", "USD", "500.00")
			a, err := f.st.CreateAccount(f.ctx, store.AccountParams{Source: "bank-sfin", ExternalID: "42", Name: "Linked", Type: "checking", Currency: "USD", Opening: 50000})
			if err != nil {
				f.t.Fatal(err)
			}
			f.accts["Linked"] = a
			src, err := f.st.CreateSource(f.ctx, "bank-sfin", "simplefin", "{}")
			if err != nil {
				f.t.Fatal(err)
			}
			ok, err := f.st.CreateSource(f.ctx, "ok-source", "ofx", "{}")
			if err != nil {
				f.t.Fatal(err)
			}
			at := time.Date(2026, 4, 20, 6, 0, 0, 0, time.UTC)
			if err := f.st.RecordSync(f.ctx, src.ID, at, "GET /accounts: 403 Forbidden: access revoked\x1b]0;pwned\x07"); err != nil {
				f.t.Fatal(err)
			}
			if err := f.st.RecordSync(f.ctx, ok.ID, at, ""); err != nil {
				f.t.Fatal(err)
			}
			f.check(f.evaluate(nil), want{
				Rule: RuleSource, Severity: Warning, Title: "bank-sfin needs you to sign in again", Key: "source-error:1:2026-04-20:0452aed2",
				Body:    "The sync of 2026-04-20 failed: GET /accounts: 403 Forbidden: access revoked␛]0;pwned␇",
				Why:     `Rule source-error: the last sync failed with an error that mentions "403", which means the bank wants new credentials (source bank-sfin, simplefin, 2026-04-20T06:00:00Z).`,
				Account: "Linked",
			})
			// The next hourly retry with the same error is the same alert.
			if err := f.st.RecordSync(f.ctx, src.ID, at.Add(time.Hour), "GET /accounts: 403 Forbidden: access revoked\x1b]0;pwned\x07"); err != nil {
				f.t.Fatal(err)
			}
			f.check(f.evaluate(nil))
			if err := f.st.RecordSync(f.ctx, src.ID, at.Add(2*time.Hour), "dial tcp: i/o timeout"); err != nil {
				f.t.Fatal(err)
			}
			f.check(f.evaluate(nil), want{Rule: RuleSource, Title: "bank-sfin could not sync", Key: "source-error:1:2026-04-20:dd7a83d4"})
		}},
	})
}
