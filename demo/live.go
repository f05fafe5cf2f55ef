package demo

import (
	"math/rand/v2"
	"strings"
	"time"

	pstore "penny/store"
)

// The live feed: what the household's banks send after the history ends,
// so that `penny demo` shows transactions arriving while it is open. The
// arrivals are drawn like the history's own purchases (the same catalogue,
// descriptors, channels and prices, at the places the household already
// goes) and carry the same ground truth. The first arrival at or after
// 3½ times the pace (21 s at the default pace) charges the card swipe just
// before it again, as a terminal that retries does, so that within the
// first half minute there is an alert to see.
//
// A feed is a pure function of the history and FeedOptions: the same seed,
// start and pace give the same arrivals at the same times.

// DefaultEvery is the feed's pace when FeedOptions.Every is zero: a
// transaction every 4 to 8 seconds.
const DefaultEvery = 6 * time.Second

// liveCap bounds an arrival's amount (minor units): the feed shows
// everyday purchases, and the one alert it means to raise is the
// duplicate, not a large charge by chance.
const liveCap = 10000

// FeedOptions say when a feed starts and at what pace.
type FeedOptions struct {
	// Start is when the feed starts, normally now, on the history's last
	// day. Arrivals are dated from Start+At in Start's location (never
	// before the history's end), and card swipes carry that time of day,
	// written like the history's (as UTC).
	Start time.Time
	// Every is the mean time between arrivals; each gap is drawn between
	// 2/3 and 4/3 of it. Zero or less means DefaultEvery.
	Every time.Duration
}

// Arrival is one transaction of the feed.
type Arrival struct {
	// At is when it arrives, counted from FeedOptions.Start.
	At time.Duration
	// Transaction is the statement line with its ground truth. It is
	// posted, never pending, and its ExternalID goes on from the
	// account's last one in the history.
	Transaction
	// BankBalance is the account's balance as the bank reports it once
	// this arrival has posted: the history's BankBalance plus every
	// arrival on the account so far.
	BankBalance int64
	// Duplicate marks the second charge of a terminal retry: the card
	// swipe of the arrival just before it, charged again under a new id.
	// Importing it raises a duplicate-charge alert.
	Duplicate bool
}

// Feed hands out the arrivals one by one, in the order they arrive. It is
// not safe for concurrent use.
type Feed struct {
	g     *gen // a copy of the history's run, with a random stream of its own
	start time.Time
	every time.Duration
	last  int // index of the history's last day

	at, next time.Duration // when the last arrival came, and when the next comes
	dupAt    time.Duration // the retry is the first arrival at or after this
	dupDone  bool
	orig     *Transaction // the purchase the next arrival charges again
	origAcct int

	bank    [nAcct]int64
	taken   map[takenKey]bool
	pending [nAcct][]pendingLine
}

// takenKey is a charge already made on an account: an arrival at the same
// merchant for the same amount a day or less apart would look like a
// duplicate, so the feed never draws one by chance.
type takenKey struct {
	acct     int
	merchant string
	amount   int64
}

// pendingLine is what the import engine looks at when it decides whether a
// posted row settles a pending one: the first word of the descriptor and
// the amount.
type pendingLine struct {
	word   string
	amount int64 // positive
}

// Feed returns the live feed that follows d. d must come from Generate.
// Feeds of one history are independent: each starts from the end of the
// history and draws from its own random stream.
func (d *Data) Feed(opt FeedOptions) *Feed {
	src := d.gen
	if src == nil {
		panic("demo: Feed needs a history made by Generate")
	}
	g := *src
	g.r = rand.New(rand.NewPCG(uint64(src.seed), 0x70656e6e796c6976)) // "pennyliv"
	// The copy shares the catalogue, descriptors and samplers, which the
	// feed only reads; what it writes (the text it cuts, the sequence
	// numbers) is its own.
	g.text = textArena{}
	g.payBuf, g.idBuf, g.out = nil, nil, nil

	every := opt.Every
	if every <= 0 {
		every = DefaultEvery
	}
	f := &Feed{
		g: &g, start: opt.Start, every: every, last: g.days - 1,
		dupAt: every * 7 / 2,
		taken: map[takenKey]bool{},
	}
	for a := range nAcct {
		f.bank[a] = d.Accounts[a].BankBalance
	}
	index := map[string]int{}
	for a, def := range acctDefs {
		index[def.key] = a
	}
	// Pending swipes are in the last few days, and only charges of the
	// last two can pair with an arrival.
	since := g.end.AddDate(0, 0, -1)
	for i := len(d.Transactions) - 1; i >= 0 && !d.Transactions[i].Posted.Before(g.end.AddDate(0, 0, -7)); i-- {
		t := &d.Transactions[i]
		a := index[t.AccountKey]
		switch {
		case t.Pending && t.Amount < 0:
			f.pending[a] = append(f.pending[a], pendingLine{word: firstWord(t.Payee), amount: -t.Amount})
		case !t.Pending && t.Amount < 0 && t.Merchant != "" && !t.Posted.Before(since):
			f.taken[takenKey{a, t.Merchant, -t.Amount}] = true
		}
	}
	f.next = f.gap()
	return f
}

// Every is the feed's mean time between arrivals.
func (f *Feed) Every() time.Duration { return f.every }

// Next returns the next arrival.
func (f *Feed) Next() Arrival {
	g := f.g
	f.at = f.next
	f.next = f.at + f.gap()
	posted, swipe := f.when(f.start.Add(f.at))
	out := Arrival{At: f.at}
	var t Transaction
	a := 0
	switch {
	case f.orig != nil:
		// The terminal's retry: the same swipe, charged again.
		t, a = *f.orig, f.origAcct
		f.orig = nil
		out.Duplicate = true
	case !f.dupDone && f.next >= f.dupAt:
		// The next arrival charges this one again: a card swipe in a shop.
		a = acctVisa
		if g.r.IntN(2) == 0 {
			a = acctAmex
		}
		t = f.purchase(a, true, swipe)
		f.dupDone = true
		orig := t
		f.orig, f.origAcct = &orig, a
	default:
		switch x := g.r.IntN(spendTotal); {
		case x < spendChecking:
			a = acctChecking
		case x < spendChecking+spendVisa:
			a = acctVisa
		case x < spendChecking+spendVisa+spendAmex:
			a = acctAmex
		default:
			a = acctEUR
		}
		t = f.purchase(a, false, swipe)
	}
	def := &acctDefs[a]
	t.AccountKey, t.Currency, t.Posted = def.key, def.cur, posted
	t.ExternalID = g.nextID(a)
	t.Flow = flowOf(t.Category, t.Amount)
	f.bank[a] += t.Amount
	out.Transaction, out.BankBalance = t, f.bank[a]
	return out
}

// gap draws the time to the next arrival: 2/3 to 4/3 of every.
func (f *Feed) gap() time.Duration {
	return time.Duration(int64(f.every) * int64(667+f.g.r.IntN(667)) / 1000)
}

// when returns the posting date of an arrival at t (t's calendar date,
// never before the history's end) and the swipe time on that date, both
// written as UTC like the history's.
func (f *Feed) when(t time.Time) (posted, swipe time.Time) {
	y, m, d := t.Date()
	posted = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if posted.Before(f.g.end) {
		posted = f.g.end
	}
	return posted, posted.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second)
}

// purchase draws a purchase on account a at one of the household's usual
// places: under liveCap, at an amount the account has not paid there in
// the last day, and with a descriptor and amount that no pending swipe of
// the account could be taken to settle into. shop asks for a card swipe in
// a shop (for the retry). Card swipes in shops carry the swipe time.
func (f *Feed) purchase(a int, shop bool, swipe time.Time) Transaction {
	g := f.g
	s := &g.us
	switch a {
	case acctChecking:
		s = &g.chk
	case acctEUR:
		s = &g.eu
	}
	// The preferences give way after many draws, so that even a history
	// of a handful of rows, whose household has been almost nowhere,
	// has a feed.
	for try := 0; ; try++ {
		mi := s.pick(g.r)
		m := &g.cat[mi]
		if m.bank || m.cat == catToPeople || (shop && (m.online || m.refund)) {
			continue
		}
		if try < 500 && !g.used[mi] {
			continue
		}
		price := g.price(m, &g.day[f.last])
		if try < 1000 && price >= liveCap {
			continue
		}
		present := !m.online
		payee := g.channelPayee(a, f.last, mi, present)
		if try < 1000 && f.settles(a, payee, price) {
			continue
		}
		for f.taken[takenKey{a, m.name, price}] {
			price++
		}
		f.taken[takenKey{a, m.name, price}] = true
		t := Transaction{Amount: -price, Payee: payee, Category: m.cat, Merchant: m.display()}
		if present && (a == acctVisa || a == acctAmex) {
			t.Transacted = swipe
		}
		return t
	}
}

// settles reports whether a charge of price with this descriptor could be
// taken for the posted version of one of account a's pending swipes: a
// descriptor that starts with the same word and an amount within 30% (or
// $2), or any amount against a $1 hold. The import engine would then
// replace the pending row rather than add one.
func (f *Feed) settles(a int, payee string, price int64) bool {
	w := firstWord(payee)
	for _, p := range f.pending[a] {
		if p.word != w {
			continue
		}
		d := price - p.amount
		if d < 0 {
			d = -d
		}
		if p.amount <= 100 || d <= max(p.amount*30/100, 200) {
			return true
		}
	}
	return false
}

// firstWord is the first word of a descriptor as the import engine
// compares them.
func firstWord(payee string) string {
	w, _, _ := strings.Cut(pstore.NormalizePayee(payee), " ")
	return w
}
