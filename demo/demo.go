// Package demo generates a deterministic, realistic personal-finance history
// for one household: six accounts (checking, savings, two credit cards,
// brokerage cash and a Wise euro account) and as many transactions as asked
// for, with descriptors printed the way each channel prints them, salaries,
// rent, bills, subscriptions whose prices rise, card payments, savings and
// brokerage transfers and currency top-ups that pair up, fund buys, sells
// and dividends, refunds, one duplicate charge, and pending card swipes at
// the end. The last weeks always hold a subscription price rise, the
// duplicate charge and a large purchase, so that alerts have something to
// say about a history that ends today. Feed goes on from the history with
// the transactions that arrive while `penny demo` is open (live.go).
//
// Every row carries its ground truth beside the bank's text: the merchant
// or person really paid (Merchant), a leaf of Penny's category taxonomy
// (Category) and how it counts towards spending (Flow). Code that checks
// Penny's answers computes its expectations from those, never from the
// descriptors Penny has to interpret.
//
// It exists so that Penny can be shown, tested and benchmarked without
// anybody's real bank data. Everything is a pure function of Options: the
// same seed, size and end date give byte-identical output, so tests can pin
// expectations and benchmarks compare like with like. It uses no clock, no
// map iteration order and no floating point for money (amounts are int64
// minor units; floats only shape the Zipf weights of how often a merchant
// is visited).
//
// demo deliberately does not import the money package: amounts are plain
// int64 minor units plus an ISO 4217 code (USD and EUR, both exponent 2),
// so that this package can be used by any layer without pulling others in.
package demo

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options say which history to generate. The zero value is usable.
type Options struct {
	// Seed picks the household: same Seed, Transactions and End give
	// byte-identical output.
	Seed int64
	// Transactions is the exact number of transactions generated across all
	// accounts. Zero (or a negative number) means 2,000.
	//
	// The history spans about a year per 2,200 transactions (at least a
	// month), up to ten years; beyond 22,000 transactions the days get busier
	// rather than the history longer, and income and balances grow with the
	// spending so that the accounts still add up (a 1,000,000-row history
	// is a household spending like forty-five). Histories of a few dozen rows
	// or fewer drop some scheduled events to keep the count exact.
	Transactions int
	// End is the last posted date. Only its calendar date counts (taken in
	// End's own location); the zero time means 2026-11-20.
	End time.Time
}

// Account is one of the household's accounts as a bank would describe it.
type Account struct {
	Key         string // stable external id, e.g. "demo-checking"
	Name        string // "Everyday Checking"
	Type        string // "checking", "savings", "credit" or "brokerage"
	Currency    string // "USD" or "EUR"
	Institution string // "First Example Bank", ...
	// Opening is the balance in minor units before the first transaction.
	// For a credit card it is negative: what was owed.
	Opening int64
	// BankBalance is the balance the bank reports at BankBalanceDate: Opening
	// plus the sum of the posted (not pending) transactions, exactly. A
	// reconciliation test can rely on that identity.
	BankBalance     int64
	BankBalanceDate time.Time
}

// Transaction is one statement line.
type Transaction struct {
	AccountKey string
	// ExternalID is like an OFX FITID: an account prefix and a zero-padded
	// sequence number ("demo-chk-000123"; seven digits from a million rows
	// up). It is unique across all accounts, not only within one.
	ExternalID string
	Posted     time.Time // the posting date, UTC midnight
	Transacted time.Time // zero for most; the swipe time for card-present credit card purchases
	Amount     int64     // minor units; negative is money out
	Currency   string
	Payee      string // bank-style description, e.g. "SQ *BLUE BOTTLE COFFEE OAKLAND CA"
	Memo       string

	// Merchant, Category and Flow are the ground truth: what the row really
	// is, known to the generator and not derived from Payee. Code that
	// checks Penny's answers can compute expectations from them alone.
	//
	// Merchant is the display name of the merchant or person paid or
	// refunded ("Target", "Uber Eats", "Blue Bottle Coffee", "Jordan Lee"),
	// or of the employer or client paying in; "" for transfers between the
	// household's own accounts, card payments, investment trades, currency
	// top-ups, cash withdrawals, bank fees and interest, dividends, and
	// cheques to an unnamed payee.
	Merchant string
	// Category is a leaf of Penny's taxonomy, spelled as stored:
	// "Groceries", "Coffee", "Rideshare", "Rent", "Salary",
	// "Between accounts", "Card payment", "Investment", ...
	Category string
	// Flow says how the row counts: one of the Flow* constants. It agrees
	// with Category and the sign of Amount as the taxonomy defines.
	Flow string

	Pending bool
	// TransferPeer is, for a transfer between two of the household's own
	// accounts, the ExternalID of the other side; otherwise "". The two sides
	// always point at each other.
	TransferPeer string
}

// Flows: how a row counts towards spending and income.
const (
	// FlowSpend is money out to a merchant or person, and fees, taxes and
	// interest charged.
	FlowSpend = "spend"
	// FlowRefund is money back from a merchant: it reduces the spending at
	// that merchant and in that category.
	FlowRefund = "refund"
	// FlowIncome is money in from outside: salary, interest, dividends,
	// other income, money from people.
	FlowIncome = "income"
	// FlowTransfer is money moved between the household's own accounts.
	FlowTransfer = "transfer"
	// FlowCardPayment is a credit card bill paid from checking, on both
	// sides.
	FlowCardPayment = "card-payment"
	// FlowInvestment is a buy or sell of securities inside the brokerage
	// account.
	FlowInvestment = "investment"
	// FlowExchange is a currency top-up between two of the household's own
	// accounts in different currencies, on both sides.
	FlowExchange = "exchange"
	// FlowCash is a cash withdrawal at an ATM.
	FlowCash = "cash"
)

// flowOf derives the flow of a row from its category leaf and the sign of
// its amount, as the taxonomy defines spending.
func flowOf(cat string, amount int64) string {
	switch cat {
	case catSalary, catInterest, catDividends, catOtherIncome:
		return FlowIncome
	case catBetween:
		return FlowTransfer
	case catCardPayment:
		return FlowCardPayment
	case catInvestment:
		return FlowInvestment
	case catExchange:
		return FlowExchange
	case catCash:
		return FlowCash
	case catToPeople:
		if amount > 0 {
			return FlowIncome
		}
		return FlowSpend
	}
	if amount > 0 {
		return FlowRefund
	}
	return FlowSpend
}

// Data is a generated history.
type Data struct {
	Accounts []Account
	// Transactions are sorted by (Posted, AccountKey, ExternalID).
	Transactions []Transaction

	merchants []string
	// gen is the run that made the history, kept for Feed: the household's
	// catalogue, descriptors and account sequence numbers go on from it.
	gen *gen
}

// Merchants returns the distinct Merchant names of the rows that spend or
// refund ("Blue Bottle Coffee", "Netflix", "Jordan Lee", ...), sorted.
// Employers and clients, who only pay in, are not among them. The slice is
// a copy.
func (d *Data) Merchants() []string {
	return slices.Clone(d.merchants)
}

const (
	defaultTransactions = 2000
	// rowsPerYear is the density of a real household's statements. The span
	// follows from it until it reaches maxDays; beyond that the days get
	// busier instead, because a history of centuries would be useless for
	// trying the application.
	rowsPerYear = 2200
	minDays     = 31 // every monthly event happens at least once
	maxDays     = 3652
)

var defaultEnd = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// Account indexes. acctDefs is in this order.
const (
	acctChecking = iota
	acctSavings
	acctVisa
	acctAmex
	acctBrokerage
	acctEUR
	nAcct
)

type acctDef struct {
	key, name, typ, cur, inst, prefix string
}

var acctDefs = [nAcct]acctDef{
	{"demo-checking", "Everyday Checking", "checking", "USD", "First Example Bank", "demo-chk-"},
	{"demo-savings", "High-Yield Savings", "savings", "USD", "First Example Bank", "demo-sav-"},
	{"demo-visa", "Visa Signature", "credit", "USD", "First Example Bank", "demo-visa-"},
	{"demo-amex", "Amex Gold", "credit", "USD", "American Express", "demo-amex-"},
	{"demo-brokerage", "Brokerage Cash", "brokerage", "USD", "Harbor Investments", "demo-brk-"},
	{"demo-eur", "Wise EUR", "checking", "EUR", "Wise", "demo-eur-"},
}

// emitOrder lists the accounts by Key, and rankOf is its inverse. Each day's
// rows are produced account by account in this order, with per-account
// sequence numbers that only grow, so the output comes out sorted by
// (Posted, AccountKey, ExternalID) without a sort.
var emitOrder, rankOf = func() (order, rank [nAcct]int) {
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order[:], func(a, b int) int { return strings.Compare(acctDefs[a].key, acctDefs[b].key) })
	for r, a := range order {
		rank[a] = r
	}
	return order, rank
}()

// How the random spending is spread over the accounts, in parts of spendTotal.
const (
	spendChecking = 22
	spendVisa     = 36
	spendAmex     = 24
	spendEUR      = 9
	spendTotal    = spendChecking + spendVisa + spendAmex + spendEUR
	spendUSD      = spendChecking + spendVisa + spendAmex
)

// Generate returns the history Options describe. It allocates the
// transaction slice once, at its final size.
func Generate(opt Options) *Data {
	n := opt.Transactions
	if n <= 0 {
		n = defaultTransactions
	}
	end := defaultEnd
	if !opt.End.IsZero() {
		y, m, d := opt.End.Date()
		end = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	days := int(int64(n) * 365 / rowsPerYear)
	days = max(minDays, min(maxDays, days))

	g := &gen{
		r:     rand.New(rand.NewPCG(uint64(opt.Seed), 0x70656e6e79646d6f)), // "pennydmo"
		seed:  opt.Seed,
		n:     n,
		days:  days,
		end:   end,
		start: end.AddDate(0, 0, -(days - 1)),
	}
	g.idWidth = max(6, len(strconv.Itoa(n)))
	g.setupDays()
	g.setupCatalog()
	g.setupHousehold()
	g.schedule()
	g.spread()
	g.run()
	return g.data()
}

// gen holds the state of one generation run.
type gen struct {
	r       *rand.Rand
	seed    int64
	n       int
	days    int
	start   time.Time
	end     time.Time
	idWidth int

	day []dayInfo

	cat      []merchant
	vars     [][]variant
	used     []bool
	people   []int   // merchants who are people the household pays
	us       sampler // card and debit spending in the US
	chk      sampler // us plus cash, cheques and payments to people
	eu       sampler // the euro account
	cheque   int64
	payroll  string // the employer's direct deposit descriptor
	employer string // and its display name
	bonus    string

	// Household economics, in end-year prices (earlier years are deflated).
	paycheck     int64
	bonusPct     int64
	rent         int64
	leaseMonth   time.Month
	buffer       int64 // what checking keeps after the monthly sweep to savings
	floor        int64 // the least checking ever shows, by choice of Opening
	contribution int64 // monthly deposit into the brokerage account
	eurIncome    int64
	amexFeeMonth time.Month
	subDay       []int   // billing day of each subscription
	subRise      [][]int // month indexes at which each subscription's next price starts
	internetRise int
	funds        [nFunds]holding
	sellMonth    time.Month
	eurTarget    int64 // what a top-up brings the euro account back to

	groups []group
	legs   []leg

	cnt       []int32 // random rows per day
	maxCnt    int
	pendStart int // first day whose card swipes are still pending
	dupDay    int // -1 when the history is too small for a duplicate
	dupAcct   int
	dup       ringEntry
	dupRefund int // day from which the duplicate's refund is due; -1 once done

	out     []Transaction
	seq     [nAcct]int
	bal     [nAcct]int64
	low     [nAcct]int64
	posted  [nAcct]int64
	opening [nAcct]int64
	stmt    [2]int64 // last statement balance of visa and amex (negative: owed)
	ring    [nAcct][]ringEntry
	seen    keySet
	idBuf   []byte
	payBuf  []byte
	text    textArena
}

type dayInfo struct {
	date  time.Time
	defl  int64 // prices of this day's year, in basis points of end-year prices
	year  int
	month time.Month
	dom   int
}

// ringEntry remembers a refundable purchase so that a later refund can name
// a merchant, descriptor and amount the account has really seen.
type ringEntry struct {
	merchant int
	day      int32
	amount   int64 // positive
	payee    string
}

type holding struct {
	milliShares int64
	price       int64 // cents a share
}

const ringSize = 32

// setupDays fixes each day's date and price level. Prices are deflated by 3%
// a year back from the end year, so that a decade-long history does not buy
// 2016 coffee at 2026 prices.
func (g *gen) setupDays() {
	g.day = make([]dayInfo, g.days)
	endYear := g.end.Year()
	defl := []int64{10000}
	for d := range g.day {
		t := g.start.AddDate(0, 0, d)
		back := endYear - t.Year()
		for len(defl) <= back {
			defl = append(defl, defl[len(defl)-1]*10000/10300)
		}
		g.day[d] = dayInfo{date: t, defl: defl[back], year: t.Year(), month: t.Month(), dom: t.Day()}
	}
}

// dayIndex returns t's index in the span and whether it is inside it.
func (g *gen) dayIndex(t time.Time) (int, bool) {
	d := int(t.Sub(g.start).Hours()) / 24
	return d, t.Compare(g.start) >= 0 && d < g.days
}

// setupCatalog resolves the merchants' descriptors for this household and
// builds the Zipf samplers.
func (g *gen) setupCatalog() {
	g.cat = catalog()
	g.used = make([]bool, len(g.cat))
	g.vars = make([][]variant, len(g.cat))
	for i := range g.cat {
		m := &g.cat[i]
		g.vars[i] = g.resolve(m.tmpl)
		m.wallet = "APLPAY " + shortName(m.name)
		if m.pool == poolEUR {
			m.country = countryOf(m.tmpl)
		}
	}
	g.cheque = 1001 + g.r.Int64N(400)
	for i := range g.cat {
		if g.cat[i].cat == catToPeople && !g.cat[i].bank {
			g.people = append(g.people, i)
		}
	}

	// The household's staples hold fixed ranks; the rest of the catalogue
	// is shuffled into the free ranks, so each seed is a different
	// household with different favourite shops in the long tail.
	g.us = g.zipf(func(m *merchant) bool { return m.pool == poolUS }, 1.0, nil)
	g.chk = g.zipf(func(m *merchant) bool { return m.pool == poolChecking }, 1.0, &g.us)
	g.eu = g.zipf(func(m *merchant) bool { return m.pool == poolEUR }, 0.9, nil)
}

// sampler draws merchant indexes with fixed integer weights.
type sampler struct {
	cum []uint64
	idx []int32
}

func (s *sampler) pick(r *rand.Rand) int {
	x := r.Uint64N(s.cum[len(s.cum)-1])
	lo, hi := 0, len(s.cum)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return int(s.idx[lo])
}

// zipf builds a sampler over the merchants in, weighting rank k by 1/k^s
// times the merchant's weight percentage. With base, the new merchants keep
// their head ranks and are added to a copy of base.
func (g *gen) zipf(in func(*merchant) bool, s float64, base *sampler) sampler {
	var members []int
	for i := range g.cat {
		if in(&g.cat[i]) {
			members = append(members, i)
		}
	}
	rank := make([]int, len(members))
	if base == nil {
		taken := make([]bool, len(members)+1)
		var tail []int
		for j, i := range members {
			if h := g.cat[i].head; h > 0 && h <= len(members) && !taken[h] {
				rank[j] = h
				taken[h] = true
			} else {
				tail = append(tail, j)
			}
		}
		var free []int
		for k := 1; k <= len(members); k++ {
			if !taken[k] {
				free = append(free, k)
			}
		}
		g.r.Shuffle(len(free), func(a, b int) { free[a], free[b] = free[b], free[a] })
		for t, j := range tail {
			rank[j] = free[t]
		}
	} else {
		for j, i := range members {
			rank[j] = max(1, g.cat[i].head)
		}
	}
	var out sampler
	var total uint64
	if base != nil {
		out.idx = slices.Clone(base.idx)
		out.cum = slices.Clone(base.cum)
		total = out.cum[len(out.cum)-1]
	}
	for j, i := range members {
		w := uint64(1e12 / math.Pow(float64(rank[j]), s))
		if p := g.cat[i].weight; p > 0 {
			w = w * uint64(p) / 100
		}
		total += max(w, 1)
		out.cum = append(out.cum, total)
		out.idx = append(out.idx, int32(i))
	}
	return out
}

// setupHousehold sizes the household's income and balances to its spending,
// so that whatever the density the checking account pays its way and the
// savings sweep has something to sweep.
func (g *gen) setupHousehold() {
	r := g.r
	// Expected spend per random row at end-year prices, by sampling: simpler
	// and more honest than a formula per pricing rule.
	last := &g.day[len(g.day)-1]
	mean := func(s *sampler) int64 {
		var sum int64
		const draws = 2000
		for range draws {
			sum += g.price(&g.cat[s.pick(r)], last)
		}
		return sum / draws
	}
	meanUS, meanEU := mean(&g.us), mean(&g.eu)

	random := int64(g.n) * 96 / 100 // the scheduled rows are a few percent
	perMonth := func(part int64) int64 { return random * part * 3044 / (spendTotal * 100 * int64(g.days)) }
	usRows, visaRows, amexRows, eurRows := perMonth(spendUSD), perMonth(spendVisa), perMonth(spendAmex), perMonth(spendEUR)

	g.rent = (235000 + r.Int64N(90000)) / 500 * 500
	g.leaseMonth = time.Month(1 + r.IntN(12))
	g.contribution = (50000 + r.Int64N(100000)) / 5000 * 5000
	outflow := usRows*meanUS + g.rent + 45000 + 12000 + g.contribution + eurRows*meanEU*75/100*usdPerEUR(g.end.Year())/10000
	g.paycheck = outflow*112/200/100*100 + r.Int64N(100)
	g.bonusPct = 40 + r.Int64N(80)
	g.buffer = outflow
	g.floor = 25000 + r.Int64N(50000)
	eurMonth := eurRows * meanEU
	g.eurIncome = max(20000, eurMonth*40/100/1000*1000)
	g.eurTarget = eurMonth*130/100 + 20000
	g.amexFeeMonth = time.Month(1 + r.IntN(12))

	employers := []struct{ name, desc string }{
		{"Acme Robotics", "ACME ROBOTICS INC"}, {"Northwind Traders", "NORTHWIND TRADERS"}, {"Globex", "GLOBEX CORP"},
		{"Initech", "INITECH INC"}, {"Contoso", "CONTOSO LTD"}, {"Umbrella Health", "UMBRELLA HEALTH"},
	}
	e := employers[r.IntN(len(employers))]
	emp := e.desc
	g.employer = e.name
	ppd := strconv.FormatInt(1_000_000_000+r.Int64N(9_000_000_000), 10)
	g.payroll = emp + " DIRECT DEP PPD ID: " + ppd
	g.bonus = emp + " BONUS PPD ID: " + ppd

	g.opening[acctChecking] = g.buffer
	g.opening[acctSavings] = g.paycheck * (2 + r.Int64N(7))
	g.opening[acctVisa] = -(visaRows * meanUS * (20 + r.Int64N(40)) / 100)
	g.opening[acctAmex] = -(amexRows * meanUS * (20 + r.Int64N(40)) / 100)
	g.opening[acctBrokerage] = 80000 + r.Int64N(220000)
	g.opening[acctEUR] = g.eurTarget * (1 + r.Int64N(3)) / 2
	g.bal = g.opening
	g.low = g.opening
	g.stmt = [2]int64{g.opening[acctVisa], g.opening[acctAmex]}

	// Fund prices at the start, grown back from end-year prices; the
	// household holds about as much of each as $20,000 to $80,000 bought.
	years := g.end.Year() - g.start.Year()
	for i := range g.funds {
		f, h := &funds[i], &g.funds[i]
		h.price = f.start
		for range years {
			h.price = h.price * 10000 / (10000 + f.yearly)
		}
		h.milliShares = (2_000_000 + r.Int64N(6_000_000)) * 1000 / h.price
	}
	g.sellMonth = time.Month(1 + r.IntN(12))
}

// spread decides how many random rows fall on each day, where the pending
// window starts and which day carries the duplicate charge. It needs the
// number of scheduled rows, so it runs after schedule.
func (g *gen) spread() {
	r := g.r
	random := g.n
	for i := range g.groups {
		random -= int(g.groups[i].n)
	}
	weekday := [7]uint64{105, 90, 90, 95, 100, 125, 135} // Sunday first
	month := [13]uint64{0, 88, 95, 100, 100, 100, 104, 106, 102, 100, 100, 108, 125}
	w := make([]uint64, g.days)
	var total uint64
	for d := range w {
		di := &g.day[d]
		w[d] = weekday[di.date.Weekday()] * month[di.month] * uint64(70+r.IntN(61))
		total += w[d]
	}
	// Cumulative integer shares: the counts add up to exactly random, with
	// no float rounding to make a size come out one short.
	g.cnt = make([]int32, g.days)
	var cum, prev uint64
	for d := range w {
		cum += w[d]
		hi, lo := bits.Mul64(uint64(random), cum)
		q, _ := bits.Div64(hi, lo, total)
		g.cnt[d] = int32(q - prev)
		g.maxCnt = max(g.maxCnt, int(q-prev))
		prev = q
	}

	g.pendStart = g.days - (2 + r.IntN(3))
	g.dupDay, g.dupRefund = -1, -1
	pick := func(from int) int {
		var c int
		for d := from; d < g.pendStart; d++ {
			if g.cnt[d] >= 2 {
				c++
			}
		}
		if c == 0 {
			return -1
		}
		k := r.IntN(c)
		for d := from; d < g.pendStart; d++ {
			if g.cnt[d] >= 2 {
				if k == 0 {
					return d
				}
				k--
			}
		}
		return -1
	}
	// The duplicate falls in the last three weeks, where an alert about it
	// is news.
	if g.dupDay = pick(max(0, g.days-21)); g.dupDay < 0 {
		g.dupDay = pick(0)
	}
	g.dupAcct = acctVisa
	if r.IntN(2) == 0 {
		g.dupAcct = acctAmex
	}
	if g.dupDay >= 0 {
		g.dupRefund = g.dupDay + 3 + r.IntN(5)
	}
	g.seen = newKeySet(g.maxCnt + 16)
}

// run produces the rows day by day, account by account.
func (g *gen) run() {
	g.out = make([]Transaction, 0, g.n)
	r := g.r
	li := 0
	for d := range g.days {
		var c [nAcct]int
		k := int(g.cnt[d])
		if d == g.dupDay {
			c[g.dupAcct] += 2
			k -= 2
		}
		for range k {
			switch x := r.IntN(spendTotal); {
			case x < spendChecking:
				c[acctChecking]++
			case x < spendChecking+spendVisa:
				c[acctVisa]++
			case x < spendChecking+spendVisa+spendAmex:
				c[acctAmex]++
			default:
				c[acctEUR]++
			}
		}
		for _, a := range emitOrder {
			g.seen.reset()
			for li < len(g.legs) && int(g.legs[li].day) == d && int(g.legs[li].acct) == a {
				g.emitLeg(g.legs[li], d)
				li++
			}
			n := c[a]
			if d == g.dupDay && a == g.dupAcct {
				g.duplicate(a, d)
				n -= 2
			}
			for n > 0 {
				n -= g.spend(a, d, n)
			}
		}
		// Statements close at the end of the closing day; the autopay a few
		// weeks later pays what they said.
		switch g.day[d].dom {
		case closeVisa:
			g.stmt[0] = g.bal[acctVisa]
		case closeAmex:
			g.stmt[1] = g.bal[acctAmex]
		}
	}
	if len(g.out) != g.n || li != len(g.legs) {
		panic("demo: generated " + strconv.Itoa(len(g.out)) + " rows, want " + strconv.Itoa(g.n))
	}
}

// push appends t to account a on day d: it assigns the ExternalID and keeps
// the running balances.
func (g *gen) push(a, d int, t *Transaction) int {
	def := &acctDefs[a]
	t.AccountKey = def.key
	t.Currency = def.cur
	t.Posted = g.day[d].date
	t.ExternalID = g.nextID(a)
	t.Flow = flowOf(t.Category, t.Amount)
	g.bal[a] += t.Amount
	if !t.Pending {
		g.posted[a] += t.Amount
	}
	g.low[a] = min(g.low[a], g.bal[a])
	g.out = append(g.out, *t)
	return len(g.out) - 1
}

// nextID formats the account's next FITID with a fixed-width sequence
// number, so that string order within an account is numeric order.
func (g *gen) nextID(a int) string {
	g.seq[a]++
	b := append(g.idBuf[:0], acctDefs[a].prefix...)
	var digits [20]byte
	i := len(digits)
	for v := g.seq[a]; v > 0; v /= 10 {
		i--
		digits[i] = byte('0' + v%10)
	}
	for pad := g.idWidth - (len(digits) - i); pad > 0; pad-- {
		b = append(b, '0')
	}
	b = append(b, digits[i:]...)
	g.idBuf = b
	return g.text.add(b)
}

// textArena hands out strings cut from large shared blocks. A million
// ExternalIDs as a million small allocations cost more time (and garbage
// collector work) than the rest of a row; cut from 64 KiB blocks they are
// a few hundred allocations. A strings.Builder never changes bytes it has
// already handed out, so the substrings stay valid as the block fills.
type textArena struct {
	b strings.Builder
}

func (a *textArena) add(p []byte) string {
	if a.b.Cap()-a.b.Len() < len(p) {
		a.b = strings.Builder{}
		a.b.Grow(max(64<<10, len(p)))
	}
	start := a.b.Len()
	a.b.Write(p)
	return a.b.String()[start:]
}

// spend emits one random row on account a: a purchase, or now and then a
// refund of an earlier purchase.
//
// It returns how many rows it emitted: 1, or 2 for a withdrawal at an ATM
// outside the bank's network and its fee, when left allows.
func (g *gen) spend(a, d, left int) int {
	r := g.r
	pending := d >= g.pendStart
	if a == g.dupAcct && g.dupRefund >= 0 && d >= g.dupRefund && !pending {
		// The duplicate charge is put right a few days later, as banks do.
		g.dupRefund = -1
		g.refund(a, d, g.dup)
		return 1
	}
	if !pending && len(g.ring[a]) > 0 && r.IntN(1000) < 12 {
		// Goods go back within a few weeks of buying them.
		j := r.IntN(len(g.ring[a]))
		e := g.ring[a][j]
		if age := d - int(e.day); age >= 2 {
			g.ring[a][j] = g.ring[a][len(g.ring[a])-1]
			g.ring[a] = g.ring[a][:len(g.ring[a])-1]
			if age <= 40 {
				if r.IntN(100) >= 65 {
					e.amount = max(100, e.amount*(20+r.Int64N(71))/100)
				}
				g.refund(a, d, e)
				return 1
			}
		}
	}
	if a == acctChecking && !pending && r.IntN(1000) < 15 {
		g.repaid(d)
		return 1
	}
	s := &g.us
	switch a {
	case acctChecking:
		s = &g.chk
	case acctEUR:
		s = &g.eu
	}
	mi := s.pick(r)
	t := g.purchase(a, d, mi, pending)
	g.push(a, d, &t)
	if t.Category == catCash && left >= 2 && r.IntN(100) < 30 {
		// len(g.cat) stands for the fee in the day's set of amounts: a second
		// fee of the same amount that day would look like a duplicate.
		fee := Transaction{Amount: -(250 + 50*r.Int64N(2)), Payee: "NON-NETWORK ATM FEE", Category: catATMFees}
		if g.seen.add(key(len(g.cat), fee.Amount)) {
			g.push(a, d, &fee)
			return 2
		}
	}
	return 1
}

// repaid emits money in from a friend, who pays back through the same apps
// the household pays people with: "To people" money in, which is income.
func (g *gen) repaid(d int) {
	r := g.r
	mi := g.people[r.IntN(len(g.people))]
	m := &g.cat[mi]
	amount := (1000 + r.Int64N(15000)) / 100 * 100
	for !g.seen.add(key(mi, amount)) {
		amount += 100
	}
	b := g.payBuf[:0]
	if r.IntN(2) == 0 {
		b = append(b, "ZELLE FROM "...)
		b = append(b, m.wallet[len("APLPAY "):]...)
		b = append(b, " CONF# "...)
		for range 9 {
			b = append(b, alnum[r.IntN(len(alnum))])
		}
	} else {
		b = append(b, "VENMO CASHOUT FROM "...)
		b = append(b, m.wallet[len("APLPAY "):]...)
	}
	g.payBuf = b
	t := Transaction{Amount: amount, Payee: g.text.add(b), Category: catToPeople, Merchant: m.name}
	g.push(acctChecking, d, &t)
}

// purchase builds a purchase row at merchant mi whose amount no other row of
// the account has on that day: the one duplicate charge must be the only one.
func (g *gen) purchase(a, d, mi int, pending bool) Transaction {
	r := g.r
	m := &g.cat[mi]
	price := g.price(m, &g.day[d])
	for !g.seen.add(key(mi, -price)) {
		price++
	}
	g.used[mi] = true
	t := Transaction{Amount: -price, Category: m.cat, Merchant: m.display()}
	card := a == acctVisa || a == acctAmex
	present := !m.online && !m.bank
	t.Payee = g.channelPayee(a, d, mi, present)
	switch {
	case card && present:
		// Card issuers report the authorisation time; the posting date
		// trails it by a day or two, except while it is still pending.
		lag := int64(0)
		if !pending {
			switch x := r.IntN(100); {
			case x < 20:
			case x < 75:
				lag = 1
			case x < 93:
				lag = 2
			default:
				lag = 3
			}
		}
		t.Transacted = g.day[d].date.Add(time.Duration(g.clock(m.tod)-lag*86400) * time.Second)
		t.Pending = pending
	case card:
		t.Pending = pending
	case a == acctChecking && present:
		t.Pending = pending
	}
	if m.refund && !t.Pending {
		e := ringEntry{merchant: mi, amount: price, payee: t.Payee, day: int32(d)}
		if len(g.ring[a]) < ringSize {
			g.ring[a] = append(g.ring[a], e)
		} else {
			g.ring[a][r.IntN(ringSize)] = e
		}
	}
	return t
}

// refund emits a refund of e: positive, with the purchase's own descriptor.
func (g *gen) refund(a, d int, e ringEntry) {
	amount := e.amount
	for !g.seen.add(key(e.merchant, amount)) {
		amount++
	}
	m := &g.cat[e.merchant]
	t := Transaction{Amount: amount, Payee: e.payee, Category: m.cat, Merchant: m.display(), Memo: "RETURN"}
	g.push(a, d, &t)
}

// duplicate emits the history's one double charge: a card-present purchase
// posted twice with the same descriptor, amount and swipe time, as a
// terminal retry produces.
func (g *gen) duplicate(a, d int) {
	mi := g.us.pick(g.r)
	for g.cat[mi].online || g.cat[mi].refund {
		mi = g.us.pick(g.r)
	}
	t := g.purchase(a, d, mi, false)
	g.dup = ringEntry{merchant: mi, amount: -t.Amount, payee: t.Payee}
	second := t
	g.push(a, d, &t)
	g.push(a, d, &second)
}

// clock returns a plausible second of the day for a card-present purchase.
func (g *gen) clock(t tod) int64 {
	r := g.r
	switch t {
	case todMorning:
		return 6*3600 + 1800 + r.Int64N(5*3600)
	case todMeal:
		if r.IntN(5) < 2 {
			return 11*3600 + 1800 + r.Int64N(9000)
		}
		return 17*3600 + 1800 + r.Int64N(4*3600)
	case todEvening:
		return 17*3600 + r.Int64N(6*3600+1800)
	}
	return 9*3600 + r.Int64N(12*3600)
}

// price draws what a visit to m costs on day di, in positive minor units,
// with integer arithmetic only.
func (g *gen) price(m *merchant, di *dayInfo) int64 {
	r := g.r
	a := &m.amt
	var v int64
	switch a.kind {
	case aRange:
		v = deflate(a.lo+g.skewed(a.hi-a.lo+1, a.skew), di.defl)
	case aRetail:
		items := 1
		if x := r.IntN(100); x >= 92 {
			items = 3
		} else if x >= 70 {
			items = 2
		}
		for range items {
			p := deflate(a.lo+g.skewed(a.hi-a.lo+1, a.skew), di.defl) * 100
			switch x := r.IntN(20); {
			case x < 10:
				p -= 1 // x.99
			case x < 13:
				p -= 51 // x.49
			case x < 16:
				p -= 5 // x.95
			}
			v += p
		}
		v += taxOn(v, a.tax)
	case aDine:
		sub := deflate(a.lo+g.skewed(a.hi-a.lo+1, a.skew), di.defl)
		v = sub + taxOn(sub, a.tax)
		if a.tip {
			v += (sub*(15+r.Int64N(8)) + 50) / 100
		}
		if r.IntN(10) < 3 {
			v = (v + 99) / 100 * 100 // "make it an even number"
		}
	case aMenu:
		// Mostly one drink or one pastry; now and then a round for two.
		items := 1
		if x := r.IntN(100); x >= 93 {
			items = 3
		} else if x >= 72 {
			items = 2
		}
		for range items {
			v += a.list[r.IntN(len(a.list))]
		}
		v = deflate(v, di.defl)
		v += taxOn(v, a.tax)
		if a.tip {
			switch x := r.IntN(10); {
			case x < 4:
			case x < 7:
				v += 100
			default:
				v += (v*15 + 50) / 100
			}
		}
	case aFuel:
		perGallon := gasPrice(di.year) + a.adj + r.Int64N(161) - 80
		perGallon = perGallon/10*10 + 9 // pump prices end in 9/10 of a cent
		gallons := a.lo + r.Int64N(a.hi-a.lo+1)
		v = (perGallon*gallons + 5000) / 10000 // milli-dollars × milli-gallons → cents
	case aFixed:
		v = a.list[r.IntN(len(a.list))]
	}
	return max(v, 1)
}

// skewed draws from [0, n): uniformly for skew 0, otherwise the least of
// skew+1 draws, which gives the many-small-few-large shape of real baskets.
func (g *gen) skewed(n int64, skew uint8) int64 {
	u := g.r.Int64N(n)
	for range skew {
		u = min(u, g.r.Int64N(n))
	}
	return u
}

func deflate(v, defl int64) int64 { return max(1, v*defl/10000) }

func taxOn(v, bps int64) int64 { return (v*bps + 5000) / 10000 }

// gasPrice is a California regular-grade pump price for the year, in
// milli-dollars a gallon.
func gasPrice(year int) int64 {
	prices := []int64{2900, 3100, 3600, 3700, 3300, 4200, 5400, 4900, 4700, 4600, 4550} // 2016..2026
	return prices[max(0, min(len(prices)-1, year-2016))]
}

// savingsRate is the savings account's yearly rate in basis points.
func savingsRate(year int) int64 {
	rates := []int64{100, 120, 175, 200, 60, 50, 150, 430, 425, 380, 350} // 2016..2026
	return rates[max(0, min(len(rates)-1, year-2016))]
}

func key(merchant int, amount int64) uint64 {
	return uint64(merchant)<<44 ^ uint64(amount)&(1<<44-1)
}

// keySet is a small open-addressing set of uint64 that empties in O(1), for
// the per-account, per-day check that no amount repeats by accident.
type keySet struct {
	keys  []uint64
	stamp []uint32
	gen   uint32
	shift uint
}

func newKeySet(n int) keySet {
	size := 64
	for size < 2*n {
		size *= 2
	}
	return keySet{keys: make([]uint64, size), stamp: make([]uint32, size), gen: 1, shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

func (s *keySet) reset() { s.gen++ }

// add inserts k and reports whether it was new.
func (s *keySet) add(k uint64) bool {
	mask := uint64(len(s.keys) - 1)
	for i := (k * 0x9E3779B97F4A7C15) >> s.shift; ; i = (i + 1) & mask {
		if s.stamp[i] != s.gen {
			s.stamp[i], s.keys[i] = s.gen, k
			return true
		}
		if s.keys[i] == k {
			return false
		}
	}
}

// data assembles the result: Openings are raised where needed so that
// checking, the euro account and brokerage cash never dip below a floor,
// which is the plausible thing for a household that does not live in its
// overdraft.
func (g *gen) data() *Data {
	for _, f := range []struct {
		acct  int
		floor int64
	}{{acctChecking, g.floor}, {acctEUR, 20000}, {acctBrokerage, 5000}} {
		if g.low[f.acct] < f.floor {
			g.opening[f.acct] += f.floor - g.low[f.acct]
		}
	}
	d := &Data{Transactions: g.out, gen: g}
	for a := range nAcct {
		def := &acctDefs[a]
		d.Accounts = append(d.Accounts, Account{
			Key: def.key, Name: def.name, Type: def.typ, Currency: def.cur, Institution: def.inst,
			Opening: g.opening[a], BankBalance: g.opening[a] + g.posted[a], BankBalanceDate: g.end,
		})
	}
	for i, used := range g.used {
		if used && !g.cat[i].bank {
			d.merchants = append(d.merchants, g.cat[i].name)
		}
	}
	slices.Sort(d.merchants)
	d.merchants = slices.Compact(d.merchants)
	return d
}
