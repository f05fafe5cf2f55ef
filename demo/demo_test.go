package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hashData digests every field of every account and transaction, so that two
// histories hash alike only if they are identical.
func hashData(d *Data) string {
	h := sha256.New()
	w := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		h.Write([]byte{'\n'})
	}
	i64 := func(v int64) string { return strconv.FormatInt(v, 10) }
	tm := func(t time.Time) string { return t.Format(time.RFC3339Nano) }
	for _, a := range d.Accounts {
		w(a.Key, a.Name, a.Type, a.Currency, a.Institution, i64(a.Opening), i64(a.BankBalance), tm(a.BankBalanceDate))
	}
	for _, t := range d.Transactions {
		w(t.AccountKey, t.ExternalID, tm(t.Posted), tm(t.Transacted), i64(t.Amount), t.Currency,
			t.Payee, t.Memo, t.Merchant, t.Category, t.Flow, strconv.FormatBool(t.Pending), t.TransferPeer)
	}
	w(d.Merchants()...)
	return hex.EncodeToString(h.Sum(nil))
}

// cases are the histories the property tests check. The cache keeps the
// suite fast: each is generated once.
var cases = []struct {
	name string
	opt  Options
}{
	{"default", Options{}},
	{"100", Options{Seed: 7, Transactions: 100}},
	{"2000-leap-end", Options{Seed: 3, Transactions: 2000, End: time.Date(2024, 2, 29, 15, 4, 5, 0, time.UTC)}},
	{"10k", Options{Seed: 42, Transactions: 10_000}},
	{"10k-other-seed", Options{Seed: -9, Transactions: 10_000, End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}},
	{"60k-dense", Options{Seed: 5, Transactions: 60_000}},
}

var cache = map[string]*Data{}

func cached(t testing.TB, opt Options) *Data {
	t.Helper()
	k := strconv.FormatInt(opt.Seed, 10) + "/" + strconv.Itoa(opt.Transactions) + "/" + opt.End.String()
	if d, ok := cache[k]; ok {
		return d
	}
	d := Generate(opt)
	cache[k] = d
	return d
}

// short reports whether opt asks for a history of about a month, too short
// for yearly or rare events.
func short(opt Options) bool { return opt.Transactions > 0 && opt.Transactions < 200 }

func endOf(opt Options) time.Time {
	if opt.End.IsZero() {
		return defaultEnd
	}
	y, m, d := opt.End.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestDeterminism(t *testing.T) {
	tests := []struct {
		name string
		a, b Options
		same bool
	}{
		{"same seed", Options{Seed: 1, Transactions: 5000}, Options{Seed: 1, Transactions: 5000}, true},
		{"same seed default size", Options{Seed: 99}, Options{Seed: 99, Transactions: defaultTransactions}, true},
		{"different seed", Options{Seed: 1, Transactions: 5000}, Options{Seed: 2, Transactions: 5000}, false},
		{"different end", Options{Seed: 1, Transactions: 5000}, Options{Seed: 1, Transactions: 5000, End: time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ha, hb := hashData(Generate(tc.a)), hashData(Generate(tc.b))
			if (ha == hb) != tc.same {
				t.Errorf("hashes %s and %s: same = %v, want %v", ha[:12], hb[:12], ha == hb, tc.same)
			}
		})
	}
}

func TestExactCount(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, 2000}, {-5, 2000}, {1, 1}, {2, 2}, {7, 7}, {45, 45}, {100, 100}, {2001, 2001}, {10_000, 10_000},
	} {
		t.Run(strconv.Itoa(tc.n), func(t *testing.T) {
			d := Generate(Options{Seed: 11, Transactions: tc.n})
			if got := len(d.Transactions); got != tc.want {
				t.Errorf("got %d transactions, want %d", got, tc.want)
			}
		})
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		n              int
		minDay, maxDay int // span in days, inclusive bounds
	}{
		{100, 25, 31},
		{2000, 300, 340},
		{10_000, 4 * 365, 5 * 365},
		{60_000, 9*365 + 300, 3652},
	} {
		t.Run(strconv.Itoa(tc.n), func(t *testing.T) {
			d := cached(t, Options{Seed: 5, Transactions: tc.n})
			first, last := d.Transactions[0].Posted, d.Transactions[len(d.Transactions)-1].Posted
			span := int(last.Sub(first).Hours()/24) + 1
			if span < tc.minDay || span > tc.maxDay {
				t.Errorf("span %d days (%s..%s), want %d..%d", span, first.Format(time.DateOnly), last.Format(time.DateOnly), tc.minDay, tc.maxDay)
			}
		})
	}
}

func TestAccounts(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			if len(d.Accounts) != 6 {
				t.Fatalf("%d accounts, want 6", len(d.Accounts))
			}
			count := map[string]int{}
			for _, tr := range d.Transactions {
				count[tr.AccountKey]++
			}
			var eur, credit int
			for _, a := range d.Accounts {
				if count[a.Key] == 0 {
					t.Errorf("account %s has no transactions", a.Key)
				}
				if a.Currency == "EUR" {
					eur++
				}
				if a.Type == "credit" {
					credit++
				}
				if !a.BankBalanceDate.Equal(endOf(tc.opt)) {
					t.Errorf("%s: balance date %v, want %v", a.Key, a.BankBalanceDate, endOf(tc.opt))
				}
			}
			if eur != 1 || credit != 2 {
				t.Errorf("%d EUR accounts and %d credit cards, want 1 and 2", eur, credit)
			}
			if len(count) != 6 {
				t.Errorf("transactions name %d accounts, want 6", len(count))
			}
			cur := map[string]string{}
			for _, a := range d.Accounts {
				cur[a.Key] = a.Currency
			}
			eurSpend := 0
			for _, tr := range d.Transactions {
				if tr.Currency != cur[tr.AccountKey] {
					t.Fatalf("%s in %s, account is in %s", tr.ExternalID, tr.Currency, cur[tr.AccountKey])
				}
				if tr.AccountKey == "demo-eur" && tr.Flow == FlowSpend {
					eurSpend++
				}
			}
			if len(d.Transactions) >= 1000 && eurSpend*50 < len(d.Transactions) { // small samples vary too much
				t.Errorf("%d card payments in the euro account of %d rows, want about a tenth", eurSpend, len(d.Transactions))
			}
		})
	}
}

func TestBankBalanceIdentity(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			sum := map[string]int64{}
			for _, tr := range d.Transactions {
				if !tr.Pending {
					sum[tr.AccountKey] += tr.Amount
				}
			}
			for _, a := range d.Accounts {
				if a.Opening+sum[a.Key] != a.BankBalance {
					t.Errorf("%s: opening %d + posted %d = %d, bank says %d", a.Key, a.Opening, sum[a.Key], a.Opening+sum[a.Key], a.BankBalance)
				}
			}
		})
	}
}

func TestPlausibleBalances(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			bal := map[string]int64{}
			for _, a := range d.Accounts {
				bal[a.Key] = a.Opening
			}
			for _, tr := range d.Transactions {
				bal[tr.AccountKey] += tr.Amount
				switch tr.AccountKey {
				case "demo-checking", "demo-savings", "demo-eur", "demo-brokerage":
					if bal[tr.AccountKey] < 0 {
						t.Fatalf("%s goes negative (%d) at %s on %s", tr.AccountKey, bal[tr.AccountKey], tr.ExternalID, tr.Posted.Format(time.DateOnly))
					}
				}
			}
		})
	}
}

func TestOrderAndDates(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			end := endOf(tc.opt)
			for i, tr := range d.Transactions {
				if tr.Posted.After(end) {
					t.Fatalf("%s posted %v, after end %v", tr.ExternalID, tr.Posted, end)
				}
				if tr.Posted.Location() != time.UTC || tr.Posted.Hour() != 0 || tr.Posted.Minute() != 0 {
					t.Fatalf("%s posted %v, not a UTC date", tr.ExternalID, tr.Posted)
				}
				if !tr.Transacted.IsZero() && tr.Transacted.After(tr.Posted.Add(24*time.Hour)) {
					t.Fatalf("%s swiped %v after posting %v", tr.ExternalID, tr.Transacted, tr.Posted)
				}
				if i > 0 {
					p := d.Transactions[i-1]
					if c := tr.Posted.Compare(p.Posted); c < 0 || c == 0 && (tr.AccountKey < p.AccountKey || tr.AccountKey == p.AccountKey && tr.ExternalID <= p.ExternalID) {
						t.Fatalf("row %d (%s %s %s) sorts before row %d (%s %s %s)", i, tr.Posted.Format(time.DateOnly), tr.AccountKey, tr.ExternalID, i-1, p.Posted.Format(time.DateOnly), p.AccountKey, p.ExternalID)
					}
				}
			}
		})
	}
}

// TestExternalIDsUnique checks uniqueness across all accounts, which is more
// than an OFX FITID promises: TransferPeer names the other side by its
// ExternalID alone, so it must not be ambiguous.
func TestExternalIDsUnique(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			seen := map[string]bool{}
			for _, tr := range d.Transactions {
				if seen[tr.ExternalID] {
					t.Fatalf("ExternalID %s repeats (%s)", tr.ExternalID, tr.AccountKey)
				}
				seen[tr.ExternalID] = true
				if tr.ExternalID == "" {
					t.Fatalf("empty ExternalID in %s", tr.AccountKey)
				}
			}
		})
	}
}

func TestExactlyOneDuplicateCharge(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			type k struct {
				acct, payee string
				amount      int64
				day         time.Time
			}
			groups := map[k][]string{}
			for _, tr := range d.Transactions {
				if tr.TransferPeer != "" || tr.Amount >= 0 {
					continue
				}
				kk := k{tr.AccountKey, tr.Payee, tr.Amount, tr.Posted}
				groups[kk] = append(groups[kk], tr.ExternalID)
			}
			var dups []k
			for kk, ids := range groups {
				if len(ids) > 1 {
					dups = append(dups, kk)
					if len(ids) != 2 || ids[0] == ids[1] {
						t.Errorf("duplicate group %v has ids %v, want two different", kk, ids)
					}
				}
			}
			if len(dups) != 1 {
				t.Fatalf("%d duplicate charges %v, want exactly 1", len(dups), dups)
			}
			if a := dups[0].acct; a != "demo-visa" && a != "demo-amex" {
				t.Errorf("duplicate on %s, want a credit card", a)
			}
		})
	}
}

func TestSubscriptionPrices(t *testing.T) {
	for _, tc := range cases {
		if short(tc.opt) {
			continue // a month is too short to see a price change
		}
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			last := map[[2]string]int64{}
			rises := 0
			for _, tr := range d.Transactions {
				if tr.Category != catSubscriptions {
					continue
				}
				k := [2]string{tr.AccountKey, tr.Merchant}
				if tr.Amount >= 0 {
					t.Fatalf("subscription %s charged %d, want negative", tr.Payee, tr.Amount)
				}
				if p, ok := last[k]; ok && tr.Amount != p {
					if tr.Amount > p { // less negative: cheaper
						t.Errorf("%s got cheaper: %d then %d", tr.Payee, p, tr.Amount)
					}
					rises++
				}
				last[k] = tr.Amount
			}
			if rises == 0 {
				t.Error("no subscription price increase")
			}
			if n := len(last); n != 9 {
				t.Errorf("%d subscriptions, want 9", n)
			}
		})
	}
}

func TestNetflixRise(t *testing.T) {
	d := cached(t, Options{Seed: 42, Transactions: 10_000})
	var prices []int64
	for _, tr := range d.Transactions {
		if tr.Merchant == "Netflix" && (len(prices) == 0 || prices[len(prices)-1] != tr.Amount) {
			prices = append(prices, tr.Amount)
		}
	}
	if len(prices) != 2 || prices[0] != -1549 || prices[1] != -1799 {
		t.Errorf("Netflix prices %v, want [-1549 -1799]", prices)
	}
}

func TestTransfersPaired(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			byID := map[string][]Transaction{}
			for _, tr := range d.Transactions {
				byID[tr.ExternalID] = append(byID[tr.ExternalID], tr)
			}
			pairs := 0
			for _, tr := range d.Transactions {
				if tr.TransferPeer == "" {
					if tr.Flow == FlowTransfer || tr.Flow == FlowCardPayment || tr.Flow == FlowExchange {
						t.Errorf("%s is a %s without a peer", tr.ExternalID, tr.Flow)
					}
					continue
				}
				peers := byID[tr.TransferPeer]
				if len(peers) != 1 {
					t.Fatalf("%s: peer %s found %d times", tr.ExternalID, tr.TransferPeer, len(peers))
				}
				p := peers[0]
				switch {
				case p.TransferPeer != tr.ExternalID:
					t.Errorf("%s points at %s, which points at %s", tr.ExternalID, p.ExternalID, p.TransferPeer)
				case tr.Amount == 0 || (p.Amount < 0) == (tr.Amount < 0):
					t.Errorf("%s %d and %s %d are not opposite", tr.ExternalID, tr.Amount, p.ExternalID, p.Amount)
				case tr.Flow != FlowExchange && p.Amount != -tr.Amount:
					t.Errorf("%s %d and %s %d are not opposite", tr.ExternalID, tr.Amount, p.ExternalID, p.Amount)
				case (p.Currency != tr.Currency) != (tr.Flow == FlowExchange):
					t.Errorf("%s %s and %s %s: currencies do not fit a %s", tr.ExternalID, tr.Currency, p.ExternalID, p.Currency, tr.Flow)
				case p.AccountKey == tr.AccountKey:
					t.Errorf("%s and %s are in the same account", tr.ExternalID, p.ExternalID)
				case tr.Category != p.Category || tr.Flow != p.Flow:
					t.Errorf("%s/%s categories %q/%q, flows %q/%q, want alike", tr.ExternalID, p.ExternalID, tr.Category, p.Category, tr.Flow, p.Flow)
				case tr.Flow != FlowTransfer && tr.Flow != FlowCardPayment && tr.Flow != FlowExchange:
					t.Errorf("%s/%s paired but flow %q", tr.ExternalID, p.ExternalID, tr.Flow)
				}
				if gap := p.Posted.Sub(tr.Posted).Abs(); gap > 2*24*time.Hour {
					t.Errorf("%s and %s are %v apart", tr.ExternalID, p.ExternalID, gap)
				}
				pairs++
			}
			if pairs == 0 {
				t.Error("no transfers")
			}
		})
	}
}

func TestPendingOnlyAtTheEnd(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			cutoff := endOf(tc.opt).AddDate(0, 0, -3) // the last four days
			pending := 0
			for _, tr := range d.Transactions {
				if !tr.Pending {
					continue
				}
				pending++
				if tr.Posted.Before(cutoff) {
					t.Errorf("%s pending on %s, before %s", tr.ExternalID, tr.Posted.Format(time.DateOnly), cutoff.Format(time.DateOnly))
				}
				if tr.TransferPeer != "" || tr.Amount >= 0 {
					t.Errorf("%s pending but not a purchase", tr.ExternalID)
				}
			}
			if pending == 0 {
				t.Error("no pending rows")
			}
		})
	}
}

func TestRefundsFollowPurchases(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			bought := map[[2]string]int64{} // account, payee → largest purchase so far
			merchantOf := map[[2]string]string{}
			lastBuy := map[[2]string]time.Time{}
			refunds := 0
			for _, tr := range d.Transactions {
				k := [2]string{tr.AccountKey, tr.Payee}
				if tr.Flow == FlowRefund {
					refunds++
					if gap := tr.Posted.Sub(lastBuy[k]); gap > 45*24*time.Hour {
						t.Errorf("%s refund at %q %v after the last purchase there", tr.ExternalID, tr.Payee, gap)
					}
					if m := merchantOf[k]; m != tr.Merchant {
						t.Errorf("%s refund from %q at %q, the purchase was at %q", tr.ExternalID, tr.Merchant, tr.Payee, m)
					}
					if tr.Amount <= 0 || tr.Amount > bought[k]+5 { // +5: a refund may be nudged a cent off a same-day twin
						t.Errorf("%s refund %d at %q, largest earlier purchase %d", tr.ExternalID, tr.Amount, tr.Payee, bought[k])
					}
					continue
				}
				if tr.Amount < 0 {
					bought[k] = max(bought[k], -tr.Amount)
					merchantOf[k] = tr.Merchant
					lastBuy[k] = tr.Posted
				}
			}
			if refunds == 0 && !short(tc.opt) {
				t.Error("no refunds")
			}
		})
	}
}

func TestMerchants(t *testing.T) {
	for _, tc := range []struct {
		opt      Options
		min, max int
	}{
		{Options{Seed: 42, Transactions: 10_000}, 250, 350},
		{Options{Seed: -9, Transactions: 10_000, End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, 250, 350},
		{Options{Seed: 5, Transactions: 60_000}, 250, 350},
	} {
		t.Run(strconv.FormatInt(tc.opt.Seed, 10), func(t *testing.T) {
			d := cached(t, tc.opt)
			ms := d.Merchants()
			if len(ms) < tc.min || len(ms) > tc.max {
				t.Errorf("%d merchants, want %d..%d", len(ms), tc.min, tc.max)
			}
			for i := 1; i < len(ms); i++ {
				if ms[i-1] >= ms[i] {
					t.Fatalf("merchants not sorted and distinct at %q, %q", ms[i-1], ms[i])
				}
			}
			ms[0] = "changed"
			if d.Merchants()[0] == "changed" {
				t.Error("Merchants returns the internal slice")
			}
		})
	}
}

// TestZipf checks the frequency shape: the most visited merchant is far
// ahead of the median one.
func TestZipf(t *testing.T) {
	d := cached(t, Options{Seed: 42, Transactions: 10_000})
	count := map[string]int{}
	for _, tr := range d.Transactions {
		count[tr.Payee]++
	}
	if c := count["SQ *BLUE BOTTLE COFFEE OAKLAND CA"] + count["SQ *BLUE BOTTLE COFFEE BERKELEY CA"] +
		count["SQ *BLUE BOTTLE COFFEE SAN FRANCISCO CA"]; c < 300 {
		// Rank 1 of ~250 at s=1 is ~16% of US spending; its home
		// location alone should pass 300 of ~7,500 rows easily.
		t.Errorf("top merchant seen %d times, want a Zipf head", c)
	}
}

// TestCatalog checks the table itself: descriptors are unique across
// merchants (otherwise the duplicate-charge test could count two merchants
// as one), and the scheduled entries are where the m* constants say.
func TestCatalog(t *testing.T) {
	cat := catalog()
	if cat[mNetflix].name != "Netflix" || cat[mLandlord].cat != catRent || cat[nScheduled].pool == poolNone {
		t.Fatal("scheduled merchants out of step with the m* constants")
	}
	owner := map[string]string{}
	for _, m := range cat {
		for _, alt := range strings.Split(m.tmpl, "|") {
			if o, ok := owner[alt]; ok && o != m.name {
				t.Errorf("descriptor %q used by %s and %s", alt, o, m.name)
			}
			owner[alt] = m.name
		}
		if m.amt.kind == aMenu || m.amt.kind == aFixed {
			if len(m.amt.list) == 0 {
				t.Errorf("%s has no prices", m.name)
			}
		} else if m.pool != poolNone && (m.amt.lo <= 0 || m.amt.hi < m.amt.lo) {
			t.Errorf("%s has range %d..%d", m.name, m.amt.lo, m.amt.hi)
		}
	}
}

// TestAmounts checks that amounts look like their category: signs, and
// ranges a person would find believable.
func TestAmounts(t *testing.T) {
	type bounds struct{ lo, hi int64 } // magnitude, minor units
	want := map[string]bounds{
		catSubscriptions: {299, 2500},
		catElectricity:   {3000, 40000},
		catGasWater:      {3000, 40000},
		catInternet:      {3000, 40000},
		catPhone:         {3000, 40000},
		catGroceries:     {100, 50000},
		catRestaurants:   {100, 80000},
		catCoffee:        {100, 8000},
		catFastFood:      {100, 8000},
		catRent:          {150000, 400000},
		catBankFees:      {490, 32500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			var rents []int64
			for _, tr := range d.Transactions {
				switch {
				case tr.Flow == FlowIncome || tr.Flow == FlowRefund:
					if tr.Amount <= 0 {
						t.Errorf("%s %s: %d, want money in", tr.ExternalID, tr.Category, tr.Amount)
					}
				case tr.Flow == FlowTransfer || tr.Flow == FlowCardPayment || tr.Flow == FlowExchange || tr.Flow == FlowInvestment:
				default:
					if tr.Amount >= 0 {
						t.Errorf("%s %s at %q: %d, want money out", tr.ExternalID, tr.Category, tr.Payee, tr.Amount)
					}
				}
				if b, ok := want[tr.Category]; ok && tr.Flow == FlowSpend && (-tr.Amount < b.lo || -tr.Amount > b.hi) {
					t.Errorf("%s %s at %q: %d, want -%d..-%d", tr.ExternalID, tr.Category, tr.Payee, tr.Amount, b.hi, b.lo)
				}
				if strings.HasPrefix(tr.Payee, "SQ *BLUE BOTTLE") && tr.Flow == FlowSpend && (tr.Amount > -250 || tr.Amount < -2500) {
					t.Errorf("%s coffee for %d", tr.ExternalID, tr.Amount)
				}
				if tr.Category == catRent && (len(rents) == 0 || rents[len(rents)-1] != tr.Amount) {
					rents = append(rents, tr.Amount)
				}
			}
			// Rent changes only at the yearly renewal, and only upwards.
			span := d.Transactions[len(d.Transactions)-1].Posted.Sub(d.Transactions[0].Posted)
			if years := int(span.Hours()/24/365) + 1; len(rents) > years+1 {
				t.Errorf("rent took %d values in %d years: %v", len(rents), years, rents)
			}
			for i := 1; i < len(rents); i++ {
				if rents[i] > rents[i-1] {
					t.Errorf("rent went down: %v", rents)
				}
			}
		})
	}
}

func BenchmarkGenerate100k(b *testing.B) { benchGenerate(b, 100_000) }

func BenchmarkGenerate1M(b *testing.B) { benchGenerate(b, 1_000_000) }

func benchGenerate(b *testing.B, n int) {
	b.ReportAllocs()
	for b.Loop() {
		d := Generate(Options{Seed: 1, Transactions: n})
		if len(d.Transactions) != n {
			b.Fatal(len(d.Transactions))
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
