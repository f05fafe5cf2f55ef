package oracle

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"penny/demo"
)

// Questions generates the evaluation's questions from the history: the
// templates are fixed, the values (merchants, categories, periods) are
// drawn from what the history really holds, with a fixed seed, so the same
// history always gives the same questions.
func (f *Facts) Questions() []Question {
	g := &gen{f: f, r: rand.New(rand.NewPCG(20261120, 7))}
	g.setup()
	g.balances()
	g.spendingTotals()
	g.categories()
	g.merchantSpending()
	g.accountSpending()
	g.people()
	g.compare()
	g.top()
	g.counts()
	g.averages()
	g.last()
	g.income()
	g.subscriptions()
	g.refunds()
	g.transfers()
	g.fees()
	g.cashflow()
	g.search()
	g.casual()
	g.ambiguous()
	g.outOfScope()
	return g.qs
}

type gen struct {
	f  *Facts
	r  *rand.Rand
	qs []Question

	periods []Period
	// names are the merchants that can be named without ambiguity, with
	// how a person says them; ambiguities are the words that name several
	// merchants at once.
	names       map[string]string
	ambiguities []ambiguity
	tpl         map[string]int // next template of each family
}

type ambiguity struct {
	words    string
	readings []string
}

// spoken is how people say the merchants whose display name is long.
var spoken = map[string]string{
	"Whole Foods Market":      "Whole Foods",
	"Blue Bottle Coffee":      "Blue Bottle",
	"Peet's Coffee":           "Peet's",
	"Philz Coffee":            "Philz",
	"The Home Depot":          "Home Depot",
	"CVS Pharmacy":            "CVS",
	"In-N-Out Burger":         "In-N-Out",
	"The Cheesecake Factory":  "the Cheesecake Factory",
	"Zachary's Chicago Pizza": "Zachary's",
	"Sprouts Farmers Market":  "Sprouts",
	"Apple iCloud+":           "iCloud",
	"The New York Times":      "New York Times",
	"Banfield Pet Hospital":   "Banfield",
	"Enterprise Rent-A-Car":   "Enterprise",
	"The UPS Store":           "the UPS Store",
	"The Container Store":     "the Container Store",
	"The Trappist":            "the Trappist",
}

func (g *gen) setup() {
	f := g.f
	y := f.Today.Year()
	g.tpl = map[string]int{}
	g.periods = []Period{
		f.thisMonth(), f.lastMonth(), f.thisYear(), f.lastYear(),
		yearPeriod(fmt.Sprintf("in %d", y-2), y-2), yearPeriod(fmt.Sprintf("in %d", y-3), y-3),
		monthPeriod(fmt.Sprintf("in March %d", y-1), y-1, time.March),
		monthPeriod(fmt.Sprintf("in August %d", y-2), y-2, time.August),
		monthPeriod(fmt.Sprintf("in January %d", y), y, time.January),
		monthPeriod(fmt.Sprintf("in Dec %d", y-1), y-1, time.December),
		quarterPeriod(fmt.Sprintf("in Q3 %d", y-1), y-1, 3),
		quarterPeriod(fmt.Sprintf("in the first quarter of %d", y-2), y-2, 1),
		{fmt.Sprintf("between July 1 and July 14, %d", y-1), []Range{{day(y-1, 7, 1), day(y-1, 7, 14)}}},
		f.lastDays("in the last 30 days", 30),
		f.lastDays("over the past 90 days", 90),
		f.lastQuarter(),
		f.sinceMonth(time.June),
		f.lastNamedMonth(time.March),
		{"year to date", f.thisYear().Ranges},
		f.lastThreeMonths("in the past 3 months"),
		f.lastWeek(),
	}

	// A merchant can be named alone when no other merchant's name starts
	// with the words people use for it; a merchant whose whole name starts
	// others' ("Uber", "Uber Eats") is ambiguous when named.
	all := f.allMerchants()
	g.names = map[string]string{}
	for _, m := range all {
		say := m
		if s, ok := spoken[m]; ok {
			say = s
		}
		clash := false
		var others []string
		for _, o := range all {
			if o == m {
				continue
			}
			if wordPrefix(Fold(say), Fold(o)) || Fold(say) == Fold(o) || wordPrefix(Fold(say), Fold(spoken[o])) {
				clash = true
				if wordPrefix(Fold(m), Fold(o)) {
					others = append(others, o)
				}
			}
		}
		if !clash {
			g.names[m] = say
		}
		if len(others) > 0 {
			g.ambiguities = append(g.ambiguities, ambiguity{m, append([]string{m}, others...)})
		}
	}
	// A brand word that starts several merchants' names is ambiguous too
	// ("Apple": the Apple Store, Apple.com, iCloud+).
	byWord := map[string][]string{}
	for _, m := range all {
		w := strings.Fields(Fold(m))[0]
		byWord[w] = append(byWord[w], m)
	}
	for _, w := range []string{"apple"} {
		if len(byWord[w]) >= 2 && !slices.Contains(all, strings.ToUpper(w[:1])+w[1:]) {
			g.ambiguities = append(g.ambiguities, ambiguity{strings.ToUpper(w[:1]) + w[1:], byWord[w]})
		}
	}
}

// next returns the next of a family's templates, in turn.
func (g *gen) next(family string, templates ...string) string {
	i := g.tpl[family] % len(templates)
	g.tpl[family]++
	return templates[i]
}

func (g *gen) add(q Question) {
	if q.Outcome == "" {
		q.Outcome = Answered
	}
	g.qs = append(g.qs, q)
}

// say fills a template: {x} is the subject, {p} the period's words.
func say(tpl, subject string, p Period) string { return upperFirst(fill(tpl, subject, p)) }

// fill fills a template as typed, without a capital.
func fill(tpl, subject string, p Period) string {
	s := strings.ReplaceAll(tpl, "{x}", subject)
	return strings.ReplaceAll(s, "{p}", p.Words)
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// has reports whether the main reading of p holds at least n rows keep
// selects.
func (g *gen) has(p Period, keep pred, n int) bool {
	_, c := g.f.Sum(p.Ranges[0], keep)
	var total int64
	for _, v := range c {
		total += v
	}
	return total >= int64(n)
}

// periodsWith returns up to n periods, drawn at random from the pool,
// whose main reading has at least min rows keep selects.
func (g *gen) periodsWith(keep pred, min, n int) []Period {
	order := g.r.Perm(len(g.periods))
	var out []Period
	for _, i := range order {
		if len(out) == n {
			break
		}
		if g.has(g.periods[i], keep, min) {
			out = append(out, g.periods[i])
		}
	}
	return out
}

// totals is one Answer per reading of p: the sums of the rows keep selects.
func (g *gen) totals(p Period, keep pred) []Answer {
	var out []Answer
	for _, r := range p.Ranges {
		sum, n := g.f.Sum(r, keep)
		var c int64
		for _, v := range n {
			c += v
		}
		out = append(out, Answer{Amounts: sum, Count: c, Range: r})
	}
	return out
}

func (g *gen) total(kind, text string, p Period, keep pred, needs ...string) {
	g.add(Question{Text: text, Kind: kind, Check: CheckTotal, Answers: g.totals(p, keep), Needs: needs,
		Magnitude: kind == "transfers" || kind == "cash"})
}

func (g *gen) count(kind, text string, p Period, keep pred) {
	g.add(Question{Text: text, Kind: kind, Check: CheckCount, Answers: g.totals(p, keep)})
}

// Balances.

var accountWords = []struct {
	key   string
	texts []string
	asOf  string
}{
	{"demo-checking", []string{"What's my checking balance?", "How much is in my checking account?"}, "What was my checking balance on %s?"},
	{"demo-savings", []string{"How much do I have in savings?", "What's the balance of my savings account?"}, "What was my savings balance at the end of %s?"},
	{"demo-visa", []string{"What's my Visa balance?", "How much do I owe on my Visa?"}, "How much did I owe on my Visa on %s?"},
	{"demo-amex", []string{"What's the balance on my Amex?", "How much do I owe on my Amex card?"}, ""},
	{"demo-brokerage", []string{"How much cash is in my brokerage account?", "brokerage balance"}, ""},
	{"demo-eur", []string{"What's the balance of my euro account?", "How many euros do I have?"}, ""},
}

func (g *gen) balances() {
	f := g.f
	for _, a := range accountWords {
		acct := f.Account(a.key)
		for _, text := range a.texts {
			q := Question{Text: upperFirst(text), Kind: "balance/account", Check: CheckBalance, Needs: []string{"balances"},
				AskOK:   a.key == "demo-checking",
				Answers: []Answer{{Amounts: Money{acct.Currency: f.Balance(a.key, f.Today)}, Currency: acct.Currency}}}
			if a.key == "demo-eur" && strings.Contains(text, "euros") {
				// Every euro of the household: a total in one currency.
				q.Check = CheckBalances
			}
			g.add(q)
		}
		if a.asOf != "" {
			y := f.Today.Year() - 1
			var when time.Time
			var words string
			switch a.key {
			case "demo-checking":
				when, words = day(y, time.March, 31), fmt.Sprintf("March 31, %d", y)
			case "demo-savings":
				when, words = day(y, 12, 31), fmt.Sprint(y)
			default:
				when = day(f.Today.Year(), f.Today.Month(), 1).AddDate(0, 0, -1)
				words = when.Format("January 2, 2006")
			}
			g.add(Question{Text: fmt.Sprintf(a.asOf, words), Kind: "balance/as-of", Check: CheckBalance, Needs: []string{"balances"},
				AskOK:   a.key == "demo-checking",
				Answers: []Answer{{Amounts: Money{acct.Currency: f.Balance(a.key, when)}, Currency: acct.Currency}}})
		}
	}
	worth := func(asOf time.Time, keys ...string) Money {
		m := Money{}
		for _, a := range f.Data.Accounts {
			if len(keys) == 0 || slices.Contains(keys, a.Key) {
				m[a.Currency] += f.Balance(a.Key, asOf)
			}
		}
		return m
	}
	for _, text := range []string{"What's my net worth?", "How much money do I have in total?", "What's my total balance across all my accounts?"} {
		g.add(Question{Text: text, Kind: "balance/total", Check: CheckBalances, Needs: []string{"balances"},
			Answers: []Answer{{Amounts: worth(f.Today)}}})
	}
	end := day(f.Today.Year()-2, 12, 31)
	g.add(Question{Text: fmt.Sprintf("What was my net worth at the end of %d?", end.Year()), Kind: "balance/as-of", Check: CheckBalances,
		Needs: []string{"balances"}, Answers: []Answer{{Amounts: worth(end)}}})
	for _, text := range []string{"How much do I owe on my credit cards?", "What's my total credit card debt?", "What are my credit card balances?"} {
		g.add(Question{Text: text, Kind: "balance/credit", Check: CheckBalances, Needs: []string{"balances", "account types"},
			Answers: []Answer{{Amounts: worth(f.Today, "demo-visa", "demo-amex")}}})
	}
}

// Spending.

func (g *gen) spendingTotals() {
	for _, p := range g.periods {
		text := say(g.next("spend", "How much did I spend {p}?", "What did I spend {p}?", "What was my total spending {p}?",
			"Total spending {p}", "How much money did I spend {p}?"), "", p)
		g.total("spending/total", text, p, spending)
	}
}

var categoryTemplates = []string{"How much did I spend on {x} {p}?", "What did I spend on {x} {p}?", "How much went to {x} {p}?",
	"{x} spending {p}", "What was my {x} spending {p}?", "How much have I spent on {x} {p}?"}

func (g *gen) categories() {
	leaves := make([]string, 0, len(leafWords))
	for l := range leafWords {
		leaves = append(leaves, l)
	}
	sort.Strings(leaves)
	for _, l := range leaves {
		keep := and(spending, inCategories(l))
		for _, p := range g.periodsWith(keep, 2, 2) {
			g.total("spending/category", say(g.next("cat", categoryTemplates...), leafWords[l], p), p, keep)
		}
	}
	ps := make([]string, 0, len(parentWords))
	for p := range parentWords {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	for _, name := range ps {
		keep := and(spending, inCategories(Leaves(name)...))
		for _, p := range g.periodsWith(keep, 2, 3) {
			g.total("spending/parent", say(g.next("cat", categoryTemplates...), parentWords[name], p), p, keep)
		}
	}
	for _, w := range categoryWords {
		keep := and(spending, inCategories(w.leaves...))
		for _, p := range g.periodsWith(keep, 2, 2) {
			g.total("spending/words", say(g.next("cat", categoryTemplates...), w.say, p), p, keep)
		}
	}
}

// merchantPicks returns merchants that can be named alone, with at least
// min purchases in the whole history: the most visited first, then others
// at random, n in all.
func (g *gen) merchantPicks(n, min int, ok func(m string) bool) []string {
	all := g.f.merchants(Range{g.f.First, g.f.Today})
	var head, tail []string
	for _, m := range all {
		if _, named := g.names[m.name]; !named || m.purchases < min || ok != nil && !ok(m.name) {
			continue
		}
		if len(head) < n/2 {
			head = append(head, m.name)
		} else {
			tail = append(tail, m.name)
		}
	}
	g.r.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	return append(head, tail[:min2(len(tail), n-len(head))]...)
}

func min2(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func (g *gen) category(merchant string) string {
	for _, t := range g.f.Data.Transactions {
		if t.Merchant == merchant {
			return t.Category
		}
	}
	return ""
}

func (g *gen) merchantSpending() {
	for _, m := range g.merchantPicks(56, 3, func(m string) bool { return g.category(m) != "To people" }) {
		keep := and(spending, atMerchant(m))
		tpls := []string{"How much did I spend at {x} {p}?", "What did I spend at {x} {p}?", "How much have I spent at {x} {p}?",
			"{x} spending {p}", "Total spent at {x} {p}", "How much money went to {x} {p}?"}
		if c := g.category(m); c == "Subscriptions" || ParentOf(c) == "Bills & utilities" || c == "Fitness" || c == "Rent" {
			tpls = []string{"How much did I pay {x} {p}?", "How much did I spend on {x} {p}?", "What did {x} cost me {p}?"}
		}
		n := 1
		if g.r.IntN(3) == 0 {
			n = 2
		}
		for _, p := range g.periodsWith(keep, 1, n) {
			g.total("spending/merchant", say(g.next("merchant"+fmt.Sprint(len(tpls)), tpls...), g.names[m], p), p, keep)
		}
	}
}

func (g *gen) accountSpending() {
	for _, a := range []struct {
		keys  []string
		tpls  []string
		needs []string
	}{
		{[]string{"demo-visa"}, []string{"How much did I spend on my Visa {p}?", "What did I put on my Visa card {p}?"}, nil},
		{[]string{"demo-amex"}, []string{"What did I charge to my Amex {p}?", "How much did I spend with my Amex {p}?"}, nil},
		{[]string{"demo-checking"}, []string{"How much did I spend from my checking account {p}?", "Spending from checking {p}"}, nil},
		{[]string{"demo-eur"}, []string{"How much did I spend from my euro account {p}?", "What did I spend in euros {p}?"}, nil},
		{[]string{"demo-visa", "demo-amex"}, []string{"How much did I spend on my credit cards {p}?", "Credit card spending {p}"}, []string{"account types"}},
	} {
		keys := a.keys
		keep := and(spending, func(t *demo.Transaction) bool { return slices.Contains(keys, t.AccountKey) })
		for i, p := range g.periodsWith(keep, 3, 2) {
			q := Question{Text: say(a.tpls[i%len(a.tpls)], "", p), Kind: "spending/account", Check: CheckTotal,
				Answers: g.totals(p, keep), Needs: a.needs, AskOK: keys[0] == "demo-checking"}
			if keys[0] == "demo-eur" {
				for j := range q.Answers {
					q.Answers[j].Currency = "EUR"
				}
			}
			g.add(q)
		}
	}
}

func (g *gen) people() {
	var names []string
	for _, m := range g.f.allMerchants() {
		if g.category(m) == "To people" {
			names = append(names, m)
		}
	}
	for _, m := range names {
		keep := and(spending, atMerchant(m))
		for _, p := range g.periodsWith(keep, 2, 2) {
			g.total("spending/people", say(g.next("people", "How much did I send to {x} {p}?", "How much did I pay {x} {p}?",
				"What did I send {x} {p}?"), m, p), p, keep)
		}
	}
}

// compare adds "this vs that" questions: Amounts for the first period,
// Prev for the second.
func (g *gen) compare() {
	f := g.f
	y := f.Today.Year()
	tm, lm := f.thisMonth(), f.lastMonth()
	sameDaysLastMonth := Range{lm.Ranges[0].From, lm.Ranges[0].From.AddDate(0, 0, f.Today.Day()-1)}
	ty, ly := f.thisYear(), f.lastYear()
	sameDaysLastYear := Range{ly.Ranges[0].From, f.Today.AddDate(-1, 0, 0)}
	before := lm.Ranges[0].From.AddDate(0, -1, 0)
	monthBefore := monthRange(before.Year(), before.Month())
	for _, c := range []struct {
		text   string
		keep   pred
		a      Range
		b      []Range
		swapOK bool
	}{
		{"How does my spending this month compare to last month?", spending, tm.Ranges[0], []Range{lm.Ranges[0], sameDaysLastMonth}, false},
		{"Did I spend more this month than last month?", spending, tm.Ranges[0], []Range{lm.Ranges[0], sameDaysLastMonth}, false},
		{fmt.Sprintf("Did I spend more in %s than in %s?", lm.Ranges[0].From.Format("January 2006"), before.Format("January 2006")),
			spending, lm.Ranges[0], []Range{monthBefore}, false},
		{fmt.Sprintf("Compare my grocery spending in %d with %d", y-1, y-2), and(spending, inCategories("Groceries")),
			yearRange(y - 1), []Range{yearRange(y - 2)}, true},
		{"How does my coffee spending this year compare to last year?", and(spending, inCategories("Coffee")),
			ty.Ranges[0], []Range{ly.Ranges[0], sameDaysLastYear}, false},
		{"Did I spend more on restaurants last month than the month before?", and(spending, inCategories("Restaurants")),
			lm.Ranges[0], []Range{monthBefore}, false},
		{fmt.Sprintf("How much more did I spend on travel in %d than in %d?", y-1, y-2), and(spending, inCategories(Leaves("Travel")...)),
			yearRange(y - 1), []Range{yearRange(y - 2)}, false},
		{"Dining this month vs last month", and(spending, inCategories("Restaurants", "Coffee", "Fast food", "Bars")),
			tm.Ranges[0], []Range{lm.Ranges[0], sameDaysLastMonth}, false},
		{fmt.Sprintf("Compare my spending in Q2 %d and Q2 %d", y-2, y-1), spending, quarterRange(y-1, 2), []Range{quarterRange(y-2, 2)}, true},
		{fmt.Sprintf("Was my income higher in %d or %d?", y-2, y-1), income, yearRange(y - 1), []Range{yearRange(y - 2)}, true},
	} {
		cur, _ := f.Sum(c.a, c.keep)
		var answers []Answer
		for _, b := range c.b {
			prev, _ := f.Sum(b, c.keep)
			answers = append(answers, Answer{Amounts: cur, Prev: prev, Range: c.a})
			if c.swapOK {
				answers = append(answers, Answer{Amounts: prev, Prev: cur, Range: b})
			}
		}
		g.add(Question{Text: c.text, Kind: "compare", Check: CheckCompare, Answers: answers})
	}
}

// top adds rankings of merchants and of categories, in US dollars (Penny
// ranks each currency apart; the household's main one leads).
func (g *gen) top() {
	f := g.f
	y := f.Today.Year()
	merchant := func(t *demo.Transaction) string { return t.Merchant }
	leaf := func(t *demo.Transaction) string { return t.Category }
	parent := func(t *demo.Transaction) string { return ParentOf(t.Category) }
	answer := func(r Range, n int, key func(t *demo.Transaction) string, keep pred) Answer {
		a := Answer{Currency: "USD", Range: r}
		for _, x := range f.rank(r, "USD", func(t *demo.Transaction) string {
			if keep != nil && !keep(t) {
				return ""
			}
			return key(t)
		}) {
			if len(a.Names) == n {
				break
			}
			a.Names = append(a.Names, x.name)
			a.NameAmounts = append(a.NameAmounts, x.total)
		}
		return a
	}
	for _, c := range []struct {
		text string
		p    Period
		n    int
	}{
		{"What are my top 5 merchants this year?", f.thisYear(), 5},
		{"Where did I spend the most last year?", f.lastYear(), 1},
		{fmt.Sprintf("Top 3 merchants in %d", y-2), yearPeriod("", y-2), 3},
		{"Which merchants did I spend the most at last month?", f.lastMonth(), 3},
		{fmt.Sprintf("Who got most of my money in Q3 %d?", y-1), quarterPeriod("", y-1, 3), 1},
		{"top merchants last quarter", f.lastQuarter(), 3},
	} {
		var as []Answer
		for _, r := range c.p.Ranges {
			as = append(as, answer(r, c.n, merchant, nil))
		}
		g.add(Question{Text: c.text, Kind: "top/merchants", Check: CheckRanking, Answers: as})
	}
	for _, c := range []struct {
		text string
		p    Period
		n    int
	}{
		{"What are my top spending categories this year?", f.thisYear(), 3},
		{"What did I spend the most on last year?", f.lastYear(), 1},
		{fmt.Sprintf("Top 5 categories in %d", y-2), yearPeriod("", y-2), 5},
		{"Which category did I spend the most on last month?", f.lastMonth(), 1},
		{fmt.Sprintf("biggest spending categories in %d", y-3), yearPeriod("", y-3), 3},
	} {
		var as []Answer
		for _, r := range c.p.Ranges {
			as = append(as, answer(r, c.n, leaf, nil), answer(r, c.n, parent, nil))
		}
		g.add(Question{Text: c.text, Kind: "top/categories", Check: CheckRanking, Answers: as})
	}
	for _, c := range []struct {
		text  string
		p     Period
		leafs []string
	}{
		{fmt.Sprintf("Which grocery store did I spend the most at in %d?", y-1), yearPeriod("", y-1), []string{"Groceries"}},
		{"Where did I buy most of my coffee this year?", f.thisYear(), []string{"Coffee"}},
		{fmt.Sprintf("Which restaurant did I spend the most at in %d?", y-2), yearPeriod("", y-2), []string{"Restaurants"}},
	} {
		g.add(Question{Text: c.text, Kind: "top/merchants", Check: CheckRanking,
			Answers: []Answer{answer(c.p.Ranges[0], 1, merchant, inCategories(c.leafs...))}})
	}
}

// visitedParents are the parents of the leaves whose merchants one goes
// to (or orders from) now and then, where "how many times" and "per visit"
// make sense: not rent, bills, subscriptions or people.
var visitedParents = []string{"Food & drink", "Shopping", "Health", "Personal care", "Entertainment", "Pets"}

func (g *gen) visited(m string) bool {
	c := g.category(m)
	return c != "Fitness" && slices.Contains(visitedParents, ParentOf(c)) || c == "Fuel"
}

// noRefunds selects merchants with no refund in r, where a visit count
// and a row count agree.
func (g *gen) noRefunds(m string, r Range) bool {
	_, n := g.f.Sum(r, and(refund, atMerchant(m)))
	return len(n) == 0
}

func (g *gen) counts() {
	f := g.f
	picks := g.merchantPicks(14, 6, g.visited)
	for _, m := range picks {
		keep := and(purchase, atMerchant(m))
		for _, p := range g.periodsWith(keep, 2, 1) {
			if !g.noRefunds(m, p.Ranges[0]) {
				continue
			}
			g.count("count/merchant", say(g.next("count", "How many times did I go to {x} {p}?", "How many times did I shop at {x} {p}?",
				"How many {x} purchases did I make {p}?", "How often did I go to {x} {p}?", "How many transactions at {x} {p}?"), g.names[m], p), p, keep)
		}
	}
	y := f.Today.Year()
	for _, c := range []struct {
		text string
		p    Period
		keep pred
	}{
		{"How many times did I buy coffee last month?", f.lastMonth(), and(purchase, inCategories("Coffee"))},
		{fmt.Sprintf("How many times did I get gas in %d?", y-1), yearPeriod("", y-1), and(purchase, inCategories("Fuel"))},
		{"How many grocery trips did I make last month?", f.lastMonth(), and(purchase, inCategories("Groceries"))},
		{"How many purchases did I make last month?", f.lastMonth(), purchase},
		{fmt.Sprintf("How many times did I eat out in %s?", day(y-1, 3, 1).Format("March 2006")), monthPeriod("", y-1, 3), and(purchase, inCategories("Restaurants"))},
		{"How many rideshare trips did I take this year?", f.thisYear(), and(purchase, inCategories("Rideshare"))},
		{fmt.Sprintf("How many flights did I book in %d?", y-1), yearPeriod("", y-1), and(purchase, inCategories("Flights"))},
		{fmt.Sprintf("How many times was I paid in %d?", y-1), yearPeriod("", y-1), and(income, inCategories("Salary"))},
	} {
		if g.has(c.p, c.keep, 1) {
			g.count("count/category", c.text, c.p, c.keep)
		}
	}
}

// average is sum/n per currency, rounded half away from zero.
func average(sum Money, n func(cur string) int64) Money {
	out := Money{}
	for c, v := range sum {
		d := n(c)
		if d == 0 {
			continue
		}
		q := v / d
		if r := v % d; 2*abs(r) >= d {
			if v < 0 {
				q--
			} else {
				q++
			}
		}
		out[c] = q
	}
	return out
}

func (g *gen) averages() {
	f := g.f
	y := f.Today.Year()
	perMonth := func(text string, r Range, keep pred) {
		sum, _ := f.Sum(r, keep)
		months := int64(r.Months())
		g.add(Question{Text: text, Kind: "average/monthly", Check: CheckAverage,
			Answers: []Answer{{Amounts: average(sum, func(string) int64 { return months }), Range: r}}})
	}
	perRow := func(text string, r Range, keep pred) {
		sum, n := f.Sum(r, keep)
		if len(n) == 0 {
			return
		}
		g.add(Question{Text: text, Kind: "average/per-transaction", Check: CheckAverage,
			Answers: []Answer{{Amounts: average(sum, func(c string) int64 { return n[c] }), Range: r}}})
	}
	perMonth(fmt.Sprintf("What's my average monthly grocery spend in %d?", y-1), yearRange(y-1), and(spending, inCategories("Groceries")))
	perMonth(fmt.Sprintf("On average, how much did I spend on coffee per month in %d?", y-2), yearRange(y-2), and(spending, inCategories("Coffee")))
	perMonth("What was my average monthly spending last year?", yearRange(y-1), spending)
	perMonth(fmt.Sprintf("How much do I spend on gas per month on average in %d?", y-1), yearRange(y-1), and(spending, inCategories("Fuel")))
	perMonth(fmt.Sprintf("What's my average spend per month on restaurants in %d?", y-2), yearRange(y-2), and(spending, inCategories("Restaurants")))
	perMonth(fmt.Sprintf("Average monthly spending in Q3 %d", y-1), quarterRange(y-1, 3), spending)
	perMonth("What was my average monthly income last year?", yearRange(y-1), income)
	perMonth(fmt.Sprintf("average monthly spend on dining in %d", y-3), yearRange(y-3), and(spending, inCategories("Restaurants", "Coffee", "Fast food", "Bars")))
	for _, m := range g.merchantPicks(8, 10, g.visited) {
		r := yearRange(y - 1)
		if !g.noRefunds(m, r) || !g.has(Period{"", []Range{r}}, and(purchase, atMerchant(m)), 2) {
			continue
		}
		perRow(say(g.next("avg", "What's my average {x} purchase in {p}?", "What's the average amount I spend per visit at {x} in {p}?",
			"average transaction at {x} in {p}"), g.names[m], Period{fmt.Sprint(y - 1), nil}), r, and(purchase, atMerchant(m)))
	}
	perRow("How much is my average grocery trip last year?", yearRange(y-1), and(purchase, inCategories("Groceries")))
	perMonth(fmt.Sprintf("What was my average monthly salary in %d?", y-1), yearRange(y-1), and(income, inCategories("Salary")))
}

// last adds "when did I last ..." questions: the newest row's date, and
// its amount (any of that day's rows).
func (g *gen) last() {
	f := g.f
	add := func(text string, keep pred) {
		var newest time.Time
		for _, t := range f.rows(Range{f.First, f.Today}, keep) {
			if t.Posted.After(newest) {
				newest = t.Posted
			}
		}
		if newest.IsZero() {
			return
		}
		a := Answer{Date: newest}
		for _, t := range f.rows(Range{newest, newest}, keep) {
			a.DateAmounts = append(a.DateAmounts, t.Amount)
			a.Currency = t.Currency
		}
		g.add(Question{Text: text, Kind: "last", Check: CheckLast, Answers: []Answer{a}})
	}
	add("When did I last pay rent?", and(spending, inCategories("Rent")))
	add("When was my last paycheck?", and(income, inCategories("Salary")))
	add("When was the last time I bought gas?", and(purchase, inCategories("Fuel")))
	add("When did I last pay my phone bill?", and(purchase, inCategories("Phone")))
	add("When did I last get a dividend?", and(income, inCategories("Dividends")))
	add("When did I last withdraw cash?", flow(demo.FlowCash))
	add("When did I last pay the electric bill?", and(purchase, inCategories("Electricity")))
	add("When did I last pay Jordan Lee?", and(purchase, atMerchant("Jordan Lee")))
	for _, m := range g.merchantPicks(10, 4, g.visited) {
		add(say(g.next("last", "When did I last go to {x}?", "When was my last {x} purchase?", "Last time I paid {x}?",
			"When did I last spend money at {x}?"), g.names[m], Period{}), and(purchase, atMerchant(m)))
	}
}

// Income.

func (g *gen) income() {
	f := g.f
	y := f.Today.Year()
	for _, c := range []struct {
		text string
		p    Period
	}{
		{"How much did I earn last year?", f.lastYear()},
		{fmt.Sprintf("What was my income in %d?", y-2), yearPeriod("", y-2)},
		{"How much money came in this year?", f.thisYear()},
		{"What was my income last month?", f.lastMonth()},
		{fmt.Sprintf("How much did I make in Q2 %d?", y-1), quarterPeriod("", y-1, 2)},
		{fmt.Sprintf("Income in March %d", y-1), monthPeriod("", y-1, 3)},
		{"How much have I earned year to date?", f.thisYear()},
	} {
		g.total("income/total", c.text, c.p, income)
	}
	employer := ""
	for _, t := range f.Data.Transactions {
		if t.Category == "Salary" && t.Merchant != "" {
			employer = t.Merchant
			break
		}
	}
	salary := and(income, inCategories("Salary"))
	g.total("income/salary", fmt.Sprintf("How much salary did I get in %d?", y-1), yearPeriod("", y-1), salary)
	g.total("income/salary", "How much salary did I receive this year?", f.thisYear(), salary)
	if employer != "" {
		g.total("income/salary", fmt.Sprintf("How much did %s pay me last year?", employer), f.lastYear(), and(income, atMerchant(employer)))
		g.total("income/salary", fmt.Sprintf("What did I get from %s in %d?", employer, y-2), yearPeriod("", y-2), and(income, atMerchant(employer)))
	}
	div := and(income, inCategories("Dividends"))
	g.total("income/dividends", "How much did I get in dividends last year?", f.lastYear(), div)
	g.total("income/dividends", fmt.Sprintf("What were my dividends in %d?", y-2), yearPeriod("", y-2), div)
	g.total("income/dividends", "dividend income this year", f.thisYear(), div)
	interest := and(income, inCategories("Interest"))
	g.total("income/interest", fmt.Sprintf("How much interest did I earn in %d?", y-1), yearPeriod("", y-1), interest)
	g.total("income/interest", "How much interest did my savings account pay this year?", f.thisYear(), and(interest, inAccount("demo-savings")))
	g.total("income/interest", fmt.Sprintf("interest earned in %d", y-3), yearPeriod("", y-3), interest)
	other := map[string]bool{}
	for _, t := range f.Data.Transactions {
		if t.Category == "Other income" && t.Merchant != "" && !other[t.Merchant] {
			other[t.Merchant] = true
			g.total("income/other", fmt.Sprintf("How much did %s pay me in %d?", t.Merchant, y-1), yearPeriod("", y-1), and(income, atMerchant(t.Merchant)))
		}
	}
	euros := g.totals(f.lastYear(), and(income, func(t *demo.Transaction) bool { return t.Currency == "EUR" }))
	euros[0].Currency = "EUR"
	g.add(Question{Text: "How much income did I get in euros last year?", Kind: "income/total", Check: CheckTotal, Answers: euros})
}

// Subscriptions: the charges of the Subscriptions leaf and the gym.

func (g *gen) subscriptions() {
	f := g.f
	var subs []string
	seen := map[string]bool{}
	for _, t := range f.Data.Transactions {
		if (t.Category == "Subscriptions" || t.Merchant == "Planet Fitness") && !seen[t.Merchant] && t.Merchant != "" {
			seen[t.Merchant] = true
			subs = append(subs, t.Merchant)
		}
	}
	sort.Strings(subs)
	var active []string
	for _, m := range subs {
		if _, ok := g.names[m]; !ok {
			continue
		}
		// One series of charges per account: a service can be paid twice,
		// in dollars on a card and in euros on the euro account.
		byAccount := map[string][]*demo.Transaction{}
		var accounts []string
		for _, t := range f.rows(Range{f.First, f.Today}, and(purchase, atMerchant(m))) {
			if byAccount[t.AccountKey] == nil {
				accounts = append(accounts, t.AccountKey)
			}
			byAccount[t.AccountKey] = append(byAccount[t.AccountKey], t)
		}
		price := Answer{Amounts: Money{}, Names: []string{m}}
		var changes []Answer
		for _, acct := range accounts {
			rows := byAccount[acct]
			last := rows[len(rows)-1]
			if last.Posted.Before(f.Today.AddDate(0, 0, -45)) {
				continue
			}
			price.Amounts[last.Currency] = last.Amount
			price.Currency = last.Currency
			// The newest price change of the series, if it shows one.
			for i := len(rows) - 1; i > 0; i-- {
				if rows[i].Amount != rows[i-1].Amount {
					changes = append(changes, Answer{From: rows[i-1].Amount, To: rows[i].Amount, Currency: rows[i].Currency, Names: []string{m},
						Date: day(rows[i].Posted.Year(), rows[i].Posted.Month(), 1)})
					break
				}
			}
		}
		if len(price.Amounts) == 0 {
			continue
		}
		if g.category(m) == "Subscriptions" {
			active = append(active, m)
		}
		g.add(Question{Text: say(g.next("sub", "How much is my {x} subscription?", "How much do I pay for {x} each month?",
			"What does {x} cost me a month?"), g.names[m], Period{}), Kind: "subscriptions/price", Check: CheckPrice, Magnitude: true,
			Answers: []Answer{price}})
		if len(changes) > 0 {
			g.add(Question{Text: say(g.next("change", "Did {x} raise its price?", "When did my {x} price go up?"), g.names[m], Period{}),
				Kind: "subscriptions/change", Check: CheckChange, Magnitude: true, Answers: changes})
		}
	}
	for _, text := range []string{"What subscriptions do I have?", "List my subscriptions", "What am I subscribed to?"} {
		g.add(Question{Text: text, Kind: "subscriptions/list", Check: CheckList, Answers: []Answer{{Names: active}}})
	}
}

func (g *gen) refunds() {
	f := g.f
	y := f.Today.Year()
	g.total("refunds", "How much was refunded to me this year?", f.thisYear(), refund)
	g.total("refunds", "How much did I get back in refunds last year?", f.lastYear(), refund)
	g.total("refunds", fmt.Sprintf("How much money did I get back from returns in %d?", y-2), yearPeriod("", y-2), refund)
	g.count("refunds", fmt.Sprintf("How many refunds did I get in %d?", y-1), yearPeriod("", y-1), refund)
	n := 0
	for _, m := range f.merchants(yearRange(y - 1)) {
		if _, ok := g.names[m.name]; !ok || m.refunds == 0 || n == 3 {
			continue
		}
		n++
		g.total("refunds", fmt.Sprintf("How much did %s refund me in %d?", g.names[m.name], y-1), yearPeriod("", y-1), and(refund, atMerchant(m.name)))
	}
}

func (g *gen) transfers() {
	f := g.f
	y := f.Today.Year()
	into := func(key, fl string) pred {
		return func(t *demo.Transaction) bool {
			return posted(t) && t.Flow == fl && t.AccountKey == key && t.Amount > 0
		}
	}
	toSavings := into("demo-savings", demo.FlowTransfer)
	g.total("transfers", "How much did I move to savings this year?", f.thisYear(), toSavings)
	g.total("transfers", fmt.Sprintf("How much did I transfer to savings in %d?", y-1), yearPeriod("", y-1), toSavings)
	g.total("transfers", "How much did I put into savings last month?", f.lastMonth(), toSavings)
	g.total("transfers", "How much did I transfer to my brokerage account last year?", f.lastYear(), into("demo-brokerage", demo.FlowTransfer))
	cardPaid := func(t *demo.Transaction) bool {
		return posted(t) && t.Flow == demo.FlowCardPayment && t.AccountKey == "demo-checking"
	}
	g.total("transfers", "How much did I pay toward my credit cards last year?", f.lastYear(), cardPaid)
	g.total("transfers", fmt.Sprintf("How much did I pay off on my Amex in %d?", y-1), yearPeriod("", y-1), into("demo-amex", demo.FlowCardPayment))
	// "Invest" reads as the money moved into the brokerage account, or as
	// the shares bought with it, with or without the shares sold.
	r := yearRange(y - 1)
	dep, _ := f.Sum(r, into("demo-brokerage", demo.FlowTransfer))
	net, _ := f.Sum(r, flow(demo.FlowInvestment))
	bought, _ := f.Sum(r, func(t *demo.Transaction) bool { return flow(demo.FlowInvestment)(t) && t.Amount < 0 })
	g.add(Question{Text: fmt.Sprintf("How much did I invest in %d?", y-1), Kind: "transfers", Check: CheckTotal, Magnitude: true,
		Answers: []Answer{{Amounts: dep, Range: r}, {Amounts: bought, Range: r}, {Amounts: net, Range: r}}})
	cash := flow(demo.FlowCash)
	g.total("cash", "How much cash did I take out last year?", f.lastYear(), cash)
	g.total("cash", "How much did I withdraw from ATMs this year?", f.thisYear(), cash)
	g.count("cash", fmt.Sprintf("How many ATM withdrawals did I make in %d?", y-1), yearPeriod("", y-1), cash)
}

func (g *gen) fees() {
	f := g.f
	y := f.Today.Year()
	fees := and(spending, inCategories(Leaves("Fees")...))
	g.total("fees", "How much did I pay in fees last year?", f.lastYear(), fees)
	g.total("fees", "How much have I paid in fees this year?", f.thisYear(), fees)
	g.total("fees", fmt.Sprintf("What bank fees did I pay in %d?", y-2), yearPeriod("", y-2), and(spending, inCategories("Bank fees")))
	g.total("fees", fmt.Sprintf("How much did I pay in ATM fees in %d?", y-1), yearPeriod("", y-1), and(spending, inCategories("ATM fees")))
	g.total("fees", "Any fees on my euro account last month?", f.lastMonth(), and(fees, inAccount("demo-eur")))
}

func (g *gen) cashflow() {
	f := g.f
	y := f.Today.Year()
	flowAnswers := func(p Period) []Answer {
		var as []Answer
		for _, r := range p.Ranges {
			in, _ := f.Sum(r, income)
			out, _ := f.Sum(r, spending)
			net := Money{}
			for c, v := range in {
				net[c] += v
			}
			for c, v := range out {
				net[c] += v
			}
			as = append(as, Answer{In: in, Out: out, Amounts: net, Range: r})
		}
		return as
	}
	for _, c := range []struct {
		text string
		p    Period
	}{
		{"What's my cash flow this year?", f.thisYear()},
		{"Show my cash flow for last month", f.lastMonth()},
		{fmt.Sprintf("cash flow in %d", y-1), yearPeriod("", y-1)},
		{"Money in vs money out last year", f.lastYear()},
	} {
		g.add(Question{Text: c.text, Kind: "cashflow", Check: CheckCashflow, Answers: flowAnswers(c.p)})
	}
	for _, c := range []struct {
		text string
		p    Period
	}{
		{"How much did I save last year?", f.lastYear()},
		{"Did I save money last month?", f.lastMonth()},
		{fmt.Sprintf("How much did I save in %d?", y-2), yearPeriod("", y-2)},
	} {
		g.add(Question{Text: c.text, Kind: "cashflow/net", Check: CheckNet, Answers: flowAnswers(c.p)})
	}
	for _, c := range []struct {
		text string
		p    Period
	}{
		{"What's my savings rate this year?", f.thisYear()},
		{"What percentage of my income did I save last year?", f.lastYear()},
	} {
		var as []Answer
		for _, a := range flowAnswers(c.p) {
			if in := a.In["USD"]; in > 0 {
				as = append(as, Answer{Percent: a.Amounts["USD"] * 100 / in, Currency: "USD", Range: a.Range})
			}
		}
		g.add(Question{Text: c.text, Kind: "cashflow/savings-rate", Check: CheckRate, Answers: as})
	}
}

func (g *gen) search() {
	f := g.f
	for _, m := range g.merchantPicks(8, 5, g.visited) {
		keep := and(spending, atMerchant(m))
		for _, p := range g.periodsWith(keep, 2, 1) {
			if !g.noRefunds(m, p.Ranges[0]) {
				continue
			}
			g.add(Question{Text: say(g.next("search", "Show me my {x} transactions {p}", "Find all {x} charges {p}",
				"List my {x} purchases {p}", "transactions at {x} {p}"), g.names[m], p), Kind: "search", Check: CheckSearch, Answers: g.totals(p, keep)})
		}
	}
	y := f.Today.Year()
	// largest is the biggest purchase in dollars: one answer per row of
	// that amount (the rent is the same every month of a lease).
	largest := func(r Range, skip func(t *demo.Transaction) bool) []Answer {
		var best int64
		for _, t := range f.rows(r, purchase) {
			if t.Currency == "USD" && (skip == nil || !skip(t)) {
				best = min(best, t.Amount)
			}
		}
		var out []Answer
		for _, t := range f.rows(r, purchase) {
			if t.Currency == "USD" && t.Amount == best && (skip == nil || !skip(t)) {
				out = append(out, Answer{Amounts: Money{"USD": best}, Date: t.Posted, Currency: "USD", Range: r})
			}
		}
		return out
	}
	notRent := func(t *demo.Transaction) bool { return t.Category == "Rent" }
	for _, c := range []struct {
		text string
		p    Period
	}{
		{"What was my biggest expense last month?", f.lastMonth()},
		{fmt.Sprintf("What's the largest purchase I made in %d?", y-1), yearPeriod("", y-1)},
		{"Biggest single purchase this year?", f.thisYear()},
		{fmt.Sprintf("What was my most expensive purchase in %d?", y-2), yearPeriod("", y-2)},
	} {
		r := c.p.Ranges[0]
		g.add(Question{Text: c.text, Kind: "largest", Check: CheckLargest, Answers: append(largest(r, nil), largest(r, notRent)...)})
	}
}

// casual adds questions in the words people type into a chat: typos, no
// verbs, lower case, shorthand for periods. Each is checked like its
// clean form.
func (g *gen) casual() {
	f := g.f
	y := f.Today.Year()
	lm := f.lastMonth()
	ly := f.lastYear()
	ty := f.thisYear()
	tm := f.thisMonth()
	as := func(p Period, words string) Period { return Period{words, p.Ranges} }
	cat := func(text string, p Period, leaves ...string) {
		g.total("casual", text, p, and(spending, inCategories(leaves...)))
	}
	cat("wat did i spend on coffe last month", lm, "Coffee")
	cat("groceries last mnth", lm, "Groceries")
	cat("how much on gas this yr", ty, "Fuel")
	cat(fmt.Sprintf("how much i spend on resturants in %d", y-1), yearPeriod("", y-1), "Restaurants")
	cat("$ on groceries this month", tm, "Groceries")
	cat("electricty bill last year", ly, "Electricity")
	cat("entertainment spending this yr??", ty, "Entertainment")
	cat("how much did we spend eating out last month", lm, "Restaurants")
	cat(fmt.Sprintf("clothes %d", y-1), yearPeriod("", y-1), "Clothing")
	cat("pets this year", ty, "Pets")
	cat("coffee this month?", tm, "Coffee")
	cat(fmt.Sprintf("subscriptons in %d", y-2), yearPeriod("", y-2), "Subscriptions")
	cat("how much was rent last yr", ly, "Rent")
	cat("grocery spend lst month", lm, "Groceries")
	cat(fmt.Sprintf("uhh how much did i blow on dining in %d", y-1), yearPeriod("", y-1), "Restaurants", "Coffee", "Fast food", "Bars")

	typos := map[string]string{"Starbucks": "starbuks", "Chipotle": "chipolte", "Safeway": "safway", "Trader Joe's": "trader joes",
		"Whole Foods Market": "wholefoods", "Walgreens": "walgreen", "Target": "targt", "Blue Bottle Coffee": "blue botle",
		"Sweetgreen": "sweet green", "DoorDash": "door dash", "Peet's Coffee": "peets", "McDonald's": "mcdonalds", "Netflix": "netflx",
		"Chevron": "chevron", "Shell": "shell gas", "Walmart": "wal mart", "Lyft": "lyft", "Uber Eats": "ubereats", "Instacart": "instacart",
		"Costco Gas": "costco gas", "Amazon Fresh": "amazon fresh", "Best Buy": "bestbuy", "The Home Depot": "home depo"}
	keys := make([]string, 0, len(typos))
	for k := range typos {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	casualPeriods := []Period{as(ly, "last yr"), as(ty, "this yr"), as(lm, "last mnth"), yearPeriod(fmt.Sprint(y-1), y-1),
		yearPeriod(fmt.Sprintf("in %d", y-2), y-2), as(tm, "this month"), monthPeriod(fmt.Sprintf("oct %d", y), y, time.October)}
	for _, m := range keys {
		if _, ok := g.names[m]; !ok {
			continue
		}
		keep := and(spending, atMerchant(m))
		var ps []Period
		for _, i := range g.r.Perm(len(casualPeriods)) {
			if g.has(casualPeriods[i], keep, 1) {
				ps = append(ps, casualPeriods[i])
				break
			}
		}
		for _, p := range ps {
			g.total("casual", fill(g.next("typo", "{x} {p}?", "how much at {x} {p}", "{x} spending {p}", "$ spent at {x} {p}",
				"wat did i spend at {x} {p}", "how much did i spend at {x} {p}"), typos[m], p), p, keep)
		}
	}
	// The questions people ask first, word for word.
	if _, ok := g.names["Starbucks"]; ok {
		p := yearPeriod("", y-1)
		g.total("casual", fmt.Sprintf("starbucks %d?", y-1), p, and(spending, atMerchant("Starbucks")))
		if g.noRefunds("Starbucks", p.Ranges[0]) {
			g.count("count/merchant", fmt.Sprintf("how many times did I go to Starbucks in %d", y-1), p, and(purchase, atMerchant("Starbucks")))
		}
	}
	if _, ok := g.names["Target"]; ok {
		g.total("spending/merchant", "How much did I spend at Target last year?", ly, and(spending, atMerchant("Target")))
	}
	g.total("casual", "how much did i make last yr", ly, income)
	g.total("casual", fmt.Sprintf("total spent in oct %d", y), monthPeriod("", y, time.October), spending)
	g.total("casual", "spending this month pls", tm, spending)
	g.add(Question{Text: "whats my checking balance", Kind: "casual", Check: CheckBalance, Needs: []string{"balances"}, AskOK: true,
		Answers: []Answer{{Amounts: Money{"USD": f.Balance("demo-checking", f.Today)}, Currency: "USD"}}})
	g.add(Question{Text: "savings bal?", Kind: "casual", Check: CheckBalance, Needs: []string{"balances"},
		Answers: []Answer{{Amounts: Money{"USD": f.Balance("demo-savings", f.Today)}, Currency: "USD"}}})
}

// ambiguous adds questions whose words fit several merchants or accounts:
// Penny should ask which. Answering with the total of every reading, and
// saying so, is right too; answering one reading is a guess.
func (g *gen) ambiguous() {
	f := g.f
	for _, a := range g.ambiguities {
		keep := and(spending, atMerchant(a.readings...))
		ps := g.periodsWith(keep, 2, 2)
		for _, p := range ps {
			g.add(Question{Text: say(g.next("amb", "How much did I spend at {x} {p}?", "{x} {p}", "What did I spend at {x} {p}?"), a.words, p),
				Kind: "ambiguous", Outcome: Asked, Check: CheckTotal, Answers: g.totals(p, keep), Readings: a.readings})
		}
		g.add(Question{Text: strings.ToLower(a.words), Kind: "ambiguous", Outcome: Asked, Readings: a.readings})
	}
	credit := Money{"USD": f.Balance("demo-visa", f.Today) + f.Balance("demo-amex", f.Today)}
	g.add(Question{Text: "What's my card balance?", Kind: "ambiguous", Outcome: Asked, Check: CheckBalances,
		Needs: []string{"balances", "account types"}, Answers: []Answer{{Amounts: credit}}, Readings: []string{"Visa", "Amex"}})
}

// outOfScope are requests Penny may not or cannot answer: it reads, it
// does not move money, and it does not foretell.
var outOfScope = []string{
	"Pay my Visa bill",
	"Transfer 200 to savings",
	"Transfer $500 from checking to savings",
	"What's the weather tomorrow?",
	"Buy bitcoin",
	"Buy $1000 of Tesla stock",
	"What will I spend next year?",
	"How much will I spend next month?",
	"Predict my balance in December",
	"Cancel my Netflix subscription",
	"What's my credit score?",
	"Send $50 to Jordan Lee",
	"Open a new savings account",
	"What's Apple's stock price?",
	"Should I invest in index funds?",
	"File my taxes",
	"Book a flight to New York",
	"What's the euro to dollar exchange rate?",
	"Increase my credit limit",
	"Dispute the charge from Target",
	"Order a pizza",
	"Tell me a joke",
	"Who won the game last night?",
	"Lock my debit card",
	"Apply for a mortgage",
	"Write me a poem about money",
	"What's the capital of France?",
	"How much will my savings be worth in 10 years?",
	"Pay my Amex in full",
	"Move all my money to the brokerage account",
}

func (g *gen) outOfScope() {
	for _, text := range outOfScope {
		g.add(Question{Text: text, Kind: "out-of-scope", Outcome: Declined})
	}
}
