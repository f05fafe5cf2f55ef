package demo

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The schedule: everything that happens on a calendar rather than at random.
// Each event is a group of one row, or two rows for a transfer between the
// household's own accounts. Groups are counted before the random spending is
// spread, which is how the total comes out exact.

type evKind uint8

const (
	evSalary evKind = iota
	evBonus
	evRent
	evUtility
	evSubscription
	evCardPayment
	evSweep
	evInterest
	evDeposit
	evBuy
	evDividend
	evEURIncome
	evBankFee
	evAmexFee
	evSell
	evTopUp
	evLarge
)

// Statement closing days of the two cards.
const (
	closeVisa = 8
	closeAmex = 22
)

type group struct {
	kind   evKind
	n      int8 // rows: 1, or 2 for a transfer
	done   int8 // rows emitted so far
	param  int32
	month  int32 // index of the calendar month in the span, for price steps
	day    [2]int32
	acct   [2]int8
	amount int64 // fixed when the first row is emitted
	other  int64 // the second row's magnitude, when it differs (a currency top-up)
	idx    [2]int32
}

type leg struct {
	day   int32
	rank  int8 // of the account in emitOrder: legs sort the way rows are emitted
	acct  int8
	side  int8
	group int32
}

// schedule lays out the calendar events of every month the span touches, and
// of the month before it, whose card statements are paid inside the span.
func (g *gen) schedule() {
	r := g.r
	months := 0
	for t := time.Date(g.start.Year(), g.start.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(g.end); t = t.AddDate(0, 1, 0) {
		months++
	}
	g.subDay = make([]int, len(subscriptions))
	g.subRise = make([][]int, len(subscriptions))
	for i := range subscriptions {
		g.subDay[i] = 1 + r.IntN(28)
		steps := len(subscriptions[i].prices) - 1
		if months < 2 || steps == 0 {
			continue
		}
		if i == 0 {
			// Netflix bills on a day 2 to 16 days before the end and its
			// price rises with that bill, so that every history of a few
			// months has a fresh price increase to raise an alert about.
			bill := g.end.AddDate(0, 0, -(2 + r.IntN(12)))
			if bill.Day() > 28 {
				bill = bill.AddDate(0, 0, 28-bill.Day())
			}
			g.subDay[i] = bill.Day()
			rise := (bill.Year()-g.start.Year())*12 + int(bill.Month()) - int(g.start.Month())
			g.subRise[i] = []int{max(1, rise)}
			continue
		}
		for range steps {
			if r.IntN(3) > 0 {
				g.subRise[i] = append(g.subRise[i], 1+r.IntN(months-1))
			}
		}
		slices.Sort(g.subRise[i])
	}
	g.internetRise = 1 + r.IntN(max(1, months-1))

	mi := -1
	for t := time.Date(g.start.Year(), g.start.Month()-1, 1, 0, 0, 0, 0, time.UTC); !t.After(g.end); t = t.AddDate(0, 1, 0) {
		g.month(t.Year(), t.Month(), mi)
		mi++
	}
	// A large purchase in the last days: a new television, a laptop or a
	// flight, the kind of charge an alert is for.
	buys := largeBuys()
	big := buys[r.IntN(len(buys))]
	g.add(evLarge, big, mi-1, acctVisa, g.end.AddDate(0, 0, -(1+r.IntN(9))), -1, time.Time{})

	// Keep the groups in date order, and for tiny sizes only as many as
	// leave room for some spending, so the count stays exact.
	slices.SortStableFunc(g.groups, func(a, b group) int { return int(a.day[0]) - int(b.day[0]) })
	reserve := g.n / 3
	if g.n >= 2 {
		reserve = max(reserve, 2)
	}
	budget, used := g.n-reserve, 0
	kept := g.groups[:0]
	for _, gr := range g.groups {
		if used+int(gr.n) > budget {
			continue
		}
		used += int(gr.n)
		kept = append(kept, gr)
	}
	g.groups = kept
	for i := range g.groups {
		gr := &g.groups[i]
		for s := range int(gr.n) {
			g.legs = append(g.legs, leg{day: gr.day[s], rank: int8(rankOf[gr.acct[s]]), acct: gr.acct[s], side: int8(s), group: int32(i)})
		}
	}
	slices.SortFunc(g.legs, func(a, b leg) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		if a.rank != b.rank {
			return int(a.rank) - int(b.rank)
		}
		if a.group != b.group {
			return int(a.group - b.group)
		}
		return int(a.side) - int(b.side)
	})
}

// month adds the events of one calendar month.
func (g *gen) month(y int, m time.Month, mi int) {
	date := func(d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	last := date(1).AddDate(0, 1, -1).Day()

	g.add(evSalary, 0, mi, acctChecking, prevBusiness(date(15)), -1, time.Time{})
	g.add(evSalary, 0, mi, acctChecking, prevBusiness(date(last)), -1, time.Time{})
	if m == time.March {
		g.add(evBonus, 0, mi, acctChecking, prevBusiness(date(15)), -1, time.Time{})
	}
	g.add(evRent, 0, mi, acctChecking, nextBusiness(date(1)), -1, time.Time{})
	g.add(evUtility, mPGE, mi, acctChecking, nextBusiness(date(12)), -1, time.Time{})
	g.add(evUtility, mWater, mi, acctChecking, nextBusiness(date(20)), -1, time.Time{})
	g.add(evUtility, mInternet, mi, acctChecking, nextBusiness(date(9)), -1, time.Time{})
	g.add(evUtility, mPhone, mi, acctChecking, nextBusiness(date(24)), -1, time.Time{})
	g.add(evUtility, mInsurance, mi, acctChecking, nextBusiness(date(3)), -1, time.Time{})
	g.add(evUtility, mAWS, mi, acctVisa, date(2), -1, time.Time{})
	for i, s := range subscriptions {
		g.add(evSubscription, i, mi, s.acct, date(g.subDay[i]), -1, time.Time{})
	}
	for c, close := range [2]int{closeVisa, closeAmex} {
		pay := nextBusiness(date(close).AddDate(0, 0, 25))
		g.add(evCardPayment, c, mi, acctChecking, pay, acctVisa+c, pay.AddDate(0, 0, g.r.IntN(3)))
	}
	sweep := nextBusiness(date(16))
	g.add(evSweep, 0, mi, acctChecking, sweep, acctSavings, sweep)
	g.add(evInterest, 0, mi, acctSavings, date(last), -1, time.Time{})
	deposit := nextBusiness(date(5))
	arrives := deposit.AddDate(0, 0, 1) // next day, or the same day before a weekend
	if arrives.Weekday() == time.Saturday {
		arrives = deposit
	}
	g.add(evDeposit, 0, mi, acctChecking, deposit, acctBrokerage, arrives)
	// Most months buy the total market fund, some the S&P 500 one, a few
	// the international one; once a year some of the total market fund is
	// sold to rebalance, and the next buy reinvests the proceeds.
	fund := fundTotal
	switch x := g.r.IntN(10); {
	case x < 3:
		fund = fund500
	case x < 4:
		fund = fundIntl
	}
	g.add(evBuy, fund, mi, acctBrokerage, nextBusiness(arrives.AddDate(0, 0, 1)), -1, time.Time{})
	if m == g.sellMonth {
		g.add(evSell, fundTotal, mi, acctBrokerage, nextBusiness(date(19)), -1, time.Time{})
	}
	if m%3 == 0 {
		g.add(evDividend, fundIntl, mi, acctBrokerage, nextBusiness(date(23)), -1, time.Time{})
		g.add(evDividend, fundTotal, mi, acctBrokerage, nextBusiness(date(27)), -1, time.Time{})
		g.add(evDividend, fund500, mi, acctBrokerage, nextBusiness(date(27)), -1, time.Time{})
	}
	// The euro account is topped up from checking early in the month,
	// converted at the day's rate; a client in Germany pays into it too.
	topUp := nextBusiness(date(3))
	g.add(evTopUp, 0, mi, acctChecking, topUp, acctEUR, topUp)
	g.add(evEURIncome, 0, mi, acctEUR, nextBusiness(date(2)), -1, time.Time{})
	if g.r.IntN(5) == 0 { // the maintenance fee, when the balance dipped under the waiver
		g.add(evBankFee, 0, mi, acctChecking, prevBusiness(date(last)), -1, time.Time{})
	}
	if m == g.amexFeeMonth {
		g.add(evAmexFee, 0, mi, acctAmex, date(closeAmex), -1, time.Time{})
	}
}

// add records a group if its first row falls inside the span. A second row
// that would fall after the end is posted on the last day instead, so that
// no date is ever after End.
func (g *gen) add(kind evKind, param, mi, a0 int, t0 time.Time, a1 int, t1 time.Time) {
	d0, ok := g.dayIndex(t0)
	if !ok {
		return
	}
	gr := group{kind: kind, n: 1, param: int32(param), month: int32(mi)}
	gr.day[0], gr.acct[0] = int32(d0), int8(a0)
	if a1 >= 0 {
		d1, _ := g.dayIndex(t1)
		gr.n = 2
		gr.day[1], gr.acct[1] = int32(min(d1, g.days-1)), int8(a1)
	}
	g.groups = append(g.groups, gr)
}

func nextBusiness(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func prevBusiness(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// emitLeg emits one row of a scheduled group. The first row of a group
// fixes the amount from the balances of that moment; the second row of a
// transfer links both rows to each other.
func (g *gen) emitLeg(l leg, d int) {
	gr := &g.groups[l.group]
	a := int(l.acct)
	if gr.done == 0 {
		gr.amount = g.amount(gr, d)
	}
	di := &g.day[d]
	t := Transaction{}
	amt := gr.amount
	switch gr.kind {
	case evSalary:
		t.Amount, t.Payee, t.Category, t.Merchant = amt, g.payroll, catSalary, g.employer
	case evBonus:
		t.Amount, t.Payee, t.Category, t.Merchant, t.Memo = amt, g.bonus, catSalary, g.employer, "ANNUAL BONUS"
	case evRent:
		t.Amount, t.Category, t.Merchant = -amt, catRent, g.cat[mLandlord].name
		t.Payee = g.billPayee(mLandlord)
		g.used[mLandlord] = true
	case evUtility, evSubscription:
		mi := int(gr.param)
		if gr.kind == evSubscription {
			mi = subscriptions[gr.param].merchant
		}
		t.Amount, t.Payee, t.Category, t.Merchant = -amt, g.billPayee(mi), g.cat[mi].cat, g.cat[mi].name
		g.used[mi] = true
	case evCardPayment:
		t.Category = catCardPayment
		switch {
		case a == acctChecking && gr.param == 0:
			t.Amount, t.Payee = -amt, "ONLINE PAYMENT TO VISA SIGNATURE XXXX4417"
		case a == acctChecking:
			t.Amount, t.Payee = -amt, "AMEX EPAYMENT ACH PMT"
		case gr.param == 0:
			t.Amount, t.Payee = amt, "PAYMENT THANK YOU"
		default:
			t.Amount, t.Payee = amt, "AUTOPAY PAYMENT RECEIVED - THANK YOU"
		}
	case evSweep:
		t.Category, t.Memo = catBetween, "MONTHLY SAVINGS"
		if a == acctChecking {
			t.Amount, t.Payee = -amt, "ONLINE TRANSFER TO SAVINGS XXXXXX4821"
		} else {
			t.Amount, t.Payee = amt, "ONLINE TRANSFER FROM CHECKING XXXXXX1937"
		}
	case evInterest:
		t.Amount, t.Payee, t.Category = amt, "INTEREST PAYMENT", catInterest
		t.Memo = "APY " + percent(savingsRate(di.year))
	case evDeposit:
		t.Category = catBetween
		if a == acctChecking {
			t.Amount, t.Payee = -amt, "HARBOR INVESTMENTS ACH TRANSFER"
		} else {
			t.Amount, t.Payee = amt, "ELECTRONIC FUNDS TRANSFER RECEIVED"
		}
	case evBuy:
		f, h := &funds[gr.param], &g.funds[gr.param]
		shares := amt * 1000 / h.price
		h.milliShares += shares
		t.Amount, t.Payee, t.Category = -amt, f.buy, catInvestment
		t.Memo = decimal(shares, 3) + " SH @ " + decimal(h.price, 2)
	case evSell:
		f, h := &funds[gr.param], &g.funds[gr.param]
		shares := amt * 1000 / h.price
		h.milliShares -= shares
		t.Amount, t.Payee, t.Category = amt, f.sell, catInvestment
		t.Memo = decimal(shares, 3) + " SH @ " + decimal(h.price, 2)
	case evDividend:
		t.Amount, t.Category = amt, catDividends
		t.Payee = "DIVIDEND RECEIVED " + funds[gr.param].ticker
	case evTopUp:
		t.Category = catExchange
		if a == acctChecking {
			t.Amount, t.Payee = -amt, "WISE TOPUP EUR"
			t.Memo = "WISE US INC " + decimal(gr.other, 2) + " EUR"
		} else {
			t.Amount, t.Payee = gr.other, "Top-up from USD"
			t.Memo = decimal(amt, 2) + " USD"
		}
	case evEURIncome:
		t.Amount, t.Payee, t.Category, t.Merchant = amt, "SEPA-GUTSCHRIFT NORDWIND CONSULTING GMBH", catOtherIncome, "Nordwind Consulting"
		t.Memo = "RECHNUNG " + strconv.Itoa(di.year) + "-" + twoDigits(int(di.month))
	case evBankFee:
		t.Amount, t.Payee, t.Category = -amt, "MONTHLY MAINTENANCE FEE", catBankFees
	case evAmexFee:
		t.Amount, t.Payee, t.Category = -amt, "ANNUAL MEMBERSHIP FEE", catBankFees
	case evLarge:
		m := &g.cat[gr.param]
		g.used[gr.param] = true
		t.Amount, t.Payee, t.Category, t.Merchant = -amt, g.payee(int(gr.param)), m.cat, m.name
	}
	idx := g.push(a, d, &t)
	gr.idx[l.side] = int32(idx)
	gr.done++
	if gr.n == 2 && gr.done == 2 {
		x, y := &g.out[gr.idx[0]], &g.out[gr.idx[1]]
		x.TransferPeer, y.TransferPeer = y.ExternalID, x.ExternalID
	}
}

// amount fixes a group's magnitude (positive) on day d.
func (g *gen) amount(gr *group, d int) int64 {
	r := g.r
	di := &g.day[d]
	switch gr.kind {
	case evSalary:
		return deflate(g.paycheck, di.defl)
	case evBonus:
		return deflate(g.paycheck, di.defl) * g.bonusPct / 100
	case evRent:
		// The lease renews every year in leaseMonth with a 3.5% rise, so
		// the rent is flat between renewals.
		rent := g.rent
		here := di.year*12 + int(di.month) - 1
		for t := g.end.Year()*12 + int(g.end.Month()) - 1; t > here; t-- {
			if time.Month(t%12+1) == g.leaseMonth { // month t counts from 0 = January of year 0
				rent = rent * 10000 / 10350 / 500 * 500
			}
		}
		return rent
	case evUtility:
		switch gr.param {
		case mPGE: // heating in winter
			lo, hi := int64(6000), int64(12000)
			switch di.month {
			case time.November, time.December, time.January, time.February:
				lo, hi = 14000, 26000
			case time.March, time.April, time.October:
				lo, hi = 9000, 16000
			}
			return deflate(lo+r.Int64N(hi-lo), di.defl)
		case mWater:
			return deflate(5500+r.Int64N(6500), di.defl)
		case mInternet:
			if int(gr.month) >= g.internetRise {
				return 8499
			}
			return 7999
		case mInsurance:
			// A six-month auto policy, renewed 2.5% dearer each time: the
			// premium steps down going back from the end's half-year.
			p := int64(12600)
			for h := (g.end.Year()-di.year)*2 + (int(g.end.Month())-1)/6 - (int(di.month)-1)/6; h > 0; h-- {
				p = p * 10000 / 10250
			}
			return p
		case mAWS: // a small personal cloud bill that wanders
			return deflate(300+r.Int64N(2900), di.defl)
		default:
			return 14000
		}
	case evSubscription:
		s := &subscriptions[gr.param]
		k := 0
		for _, at := range g.subRise[gr.param] {
			if int(gr.month) >= at {
				k++
			}
		}
		return s.prices[min(k, len(s.prices)-1)]
	case evCardPayment:
		// Autopay settles the statement in full; a statement in credit (a
		// big refund) still sees the minimum sent, as autopay does.
		return max(2500, -g.stmt[gr.param])
	case evSweep:
		// Whatever checking holds above a month's spending goes to savings,
		// in whole hundreds; at least the standing $100.
		if over := g.bal[acctChecking] - g.buffer; over > 20000 {
			return over / 10000 * 10000
		}
		return 10000
	case evInterest:
		return max(1, g.bal[acctSavings]*savingsRate(di.year)/120000)
	case evDeposit:
		return deflate(g.contribution, di.defl) / 100 * 100
	case evBuy:
		// Invest the cash above $50 at this month's price.
		for i := range g.funds {
			h := &g.funds[i]
			h.price = h.price * (10000 + r.Int64N(funds[i].swing+1) - 450) / 10000
		}
		h := &g.funds[gr.param]
		cash := max(100, g.bal[acctBrokerage]-5000)
		shares := cash * 1000 / h.price
		return max(1, shares*h.price/1000)
	case evSell:
		h := &g.funds[gr.param]
		shares := h.milliShares * (8 + r.Int64N(13)) / 100
		return max(1, shares*h.price/1000)
	case evDividend:
		h := &g.funds[gr.param]
		return max(1, h.milliShares*h.price/1000*funds[gr.param].yield/10000)
	case evTopUp:
		// Enough euros to bring the account back to its target, in fifties,
		// at least a hundred; dollars at the day's rate plus the fee.
		eur := max(10000, (g.eurTarget-g.bal[acctEUR]+4999)/5000*5000)
		rate := usdPerEUR(di.year) * (10000 + r.Int64N(201) - 100) / 10000
		usd := (eur*rate + 5000) / 10000
		gr.other = eur
		return usd + 50 + usd*41/10000
	case evEURIncome:
		return deflate(g.eurIncome, di.defl) / 1000 * 1000
	case evBankFee:
		return 1200
	case evLarge:
		return (120000+r.Int64N(130000))/100*100 - 1
	case evAmexFee:
		if di.year >= 2024 {
			return 32500
		}
		return 25000
	}
	return 0
}

// usdPerEUR is a year's typical exchange rate in dollars per euro, with
// four decimals: 10850 is 1.0850.
func usdPerEUR(year int) int64 {
	rates := []int64{11069, 11297, 11810, 11195, 11422, 11827, 10530, 10813, 10824, 11300, 11600} // 2016..2026
	return rates[max(0, min(len(rates)-1, year-2016))]
}

// Funds the brokerage account buys, by index.
const (
	fundTotal = iota
	fund500
	fundIntl
	nFunds
)

var funds = [nFunds]struct {
	ticker, buy, sell string
	start             int64 // cents a share at the end year
	yearly            int64 // growth a year, basis points
	swing             int64 // monthly price move range, basis points (centred a little above 0)
	yield             int64 // dividend per quarter, basis points of the position
}{
	{"VTSAX", "BOUGHT VANGUARD TOTAL STOCK MKT", "SOLD VANGUARD TOTAL STOCK MKT", 15200, 900, 1050, 35},
	{"VFIAX", "BUY VANGUARD 500 INDEX", "SELL VANGUARD 500 INDEX", 61000, 1000, 1050, 32},
	{"VTIAX", "BOUGHT VANGUARD TOTAL INTL STOCK", "SOLD VANGUARD TOTAL INTL STOCK", 3900, 500, 1000, 75},
}

// decimal writes v with exp digits after the point: decimal(24512, 2) is
// "245.12".
func decimal(v int64, exp int) string {
	s := strconv.FormatInt(v, 10)
	if len(s) <= exp {
		s = strings.Repeat("0", exp+1-len(s)) + s
	}
	return s[:len(s)-exp] + "." + s[len(s)-exp:]
}

// percent writes basis points as a percentage: 425 is "4.25%".
func percent(bps int64) string { return decimal(bps, 2) + "%" }

func twoDigits(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}
