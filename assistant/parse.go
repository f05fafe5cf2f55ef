package assistant

import (
	"penny/category"
	"unicode"

	"sort"
	"strconv"
	"strings"
	"time"

	"penny/money"
)

// Intents the parser recognizes.
const (
	IntentBalance       = "balance"
	IntentSpending      = "spending"
	IntentIncome        = "income"
	IntentSearch        = "search"
	IntentLargest       = "largest"
	IntentTop           = "top"
	IntentSubscriptions = "subscriptions"
	IntentCashflow      = "cashflow"
	IntentCategorize    = "categorize"
	IntentAlerts        = "alerts"
	IntentDuplicates    = "duplicates"
	IntentSync          = "sync"
	IntentHelp          = "help"
	IntentUnknown       = "unknown"
	// IntentRefunds is money back from merchants: not income, and netted
	// against spending everywhere else.
	IntentRefunds = "refunds"
	// IntentFuture asks about what has not happened yet: Penny says it
	// only knows what did.
	IntentFuture = "future"
	// IntentAction is a request to do something with money (pay, transfer,
	// buy): Penny only reads, and says so.
	IntentAction = "action"
)

// Parsed is what the parser made of a question: the intent, its slots, and
// what it was unsure about.
type Parsed struct {
	Intent string
	Slots  Slots
	// Ambiguous lists words that fit several names equally well; the
	// assistant asks instead of picking one.
	Ambiguous []Ambiguity
	// Corrected lists words taken as a name they only resemble (a typo or a
	// synonym); the answer says so.
	Corrected []Correction
	// Unknown lists words that fit nothing the parser knows.
	Unknown []string
}

// Ambiguity is one word (or words) of the question that fits several names.
type Ambiguity struct {
	Words   string
	Kind    string // "account", "category" or "merchant"
	Options []string
}

// Correction says a word was read as a name it only resembles.
type Correction struct {
	Words string
	Kind  string
	Name  string
	// Reason is "typo" (a misspelling, "grocerys"), "synonym"
	// ("restaurants" for Dining) or "partial" (part of a longer name,
	// "blue" for Blue Bottle Coffee).
	Reason string
}

// Slots are the parts of a question. Amounts are magnitudes in minor units
// (exponent 2 unless Currency says otherwise).
type Slots struct {
	Accounts    []string
	AccountType string // "credit" for "my credit cards"
	NetWorth    bool
	Categories  []string
	Merchants   []string
	Text        string // free text to look for in payees and memos
	Period      *Period
	Compare     *Period
	Min, Max    *int64
	Currency    string
	Pending     *bool
	By          string // "category", "merchant", "month", "account"
	Limit       int
	Direction   string // "out" (charges) or "in" (deposits)
	// NewCategory and Pattern are what "categorize X as Y" asks for: X as
	// words to find in payees (Merchants holds X when it is a merchant).
	NewCategory string
	Pattern     string
	// Alert is what an alert settings request asks for (alertset.go).
	Alert *AlertRequest
	// Average asks for a total divided over a unit: "month", "week",
	// "day" or "transaction"; "?" when the question said "average" but no
	// unit (the assistant asks which).
	Average string
	// Count asks how many times ("how often did I go to Starbucks").
	Count bool
	// Last asks for the most recent occurrence ("when did I last pay
	// rent"): its date and amount.
	Last bool
	// Refunds selects money back from merchants ("refunds this year").
	Refunds bool
}

// Map returns the slots as plain JSON-able values: strings, numbers, bools,
// lists of strings, and dates as "2026-03-01".
func (s Slots) Map() map[string]any {
	m := map[string]any{}
	if len(s.Accounts) == 1 {
		m["account"] = s.Accounts[0]
	} else if len(s.Accounts) > 1 {
		m["accounts"] = append([]string(nil), s.Accounts...)
	}
	if s.AccountType != "" {
		m["account_type"] = s.AccountType
	}
	if s.NetWorth {
		m["net_worth"] = true
	}
	if len(s.Categories) == 1 {
		m["category"] = s.Categories[0]
	} else if len(s.Categories) > 1 {
		m["categories"] = append([]string(nil), s.Categories...)
	}
	if len(s.Merchants) == 1 {
		m["merchant"] = s.Merchants[0]
	} else if len(s.Merchants) > 1 {
		m["merchants"] = append([]string(nil), s.Merchants...)
	}
	if s.Text != "" {
		m["text"] = s.Text
	}
	putPeriod := func(prefix string, p *Period) {
		if p == nil {
			return
		}
		m[prefix] = p.Label
		if p.AllTime {
			m[prefix+"_all_time"] = true
			return
		}
		if !p.From.IsZero() {
			m[prefix+"_from"] = p.From.Format(time.DateOnly)
		}
		if !p.To.IsZero() {
			m[prefix+"_to"] = p.To.Format(time.DateOnly)
		}
	}
	putPeriod("period", s.Period)
	putPeriod("compare", s.Compare)
	// The main period's dates also go under the short names scripts expect.
	if s.Period != nil {
		if v, ok := m["period_from"]; ok {
			m["from"] = v
		}
		if v, ok := m["period_to"]; ok {
			m["to"] = v
		}
		delete(m, "period_from")
		delete(m, "period_to")
	}
	cur := s.Currency
	amt := func(v int64) string {
		if cur == "" {
			return money.FormatMinor(v, 2, false)
		}
		return money.Amount{Minor: v, Currency: cur}.String()
	}
	if s.Min != nil {
		m["min"] = amt(*s.Min)
		m["min_minor"] = *s.Min
	}
	if s.Max != nil {
		m["max"] = amt(*s.Max)
		m["max_minor"] = *s.Max
	}
	if s.Currency != "" {
		m["currency"] = s.Currency
	}
	if s.Pending != nil {
		m["pending"] = *s.Pending
	}
	if s.By != "" {
		m["by"] = s.By
	}
	if s.Limit > 0 {
		m["limit"] = s.Limit
	}
	if s.Direction != "" {
		m["direction"] = s.Direction
	}
	if s.NewCategory != "" {
		m["new_category"] = s.NewCategory
	}
	if s.Pattern != "" {
		m["pattern"] = s.Pattern
	}
	if s.Average != "" {
		m["average"] = s.Average
	}
	if s.Count {
		m["count"] = true
	}
	if s.Last {
		m["last"] = true
	}
	if s.Refunds {
		m["refunds"] = true
	}
	s.Alert.addTo(m)
	return m
}

// Parse turns a question into an intent and slots. now fixes "today" (its
// calendar date in its own location); lex says which names exist and may
// be nil. Parse never fails: what it cannot place ends up in Unknown,
// Ambiguous or the "unknown" intent.
func Parse(question string, now time.Time, lex *Lexicon) Parsed {
	if lex == nil {
		lex = NewLexicon(nil, nil, nil)
	}
	p := &parser{raw: question, today: civil(now), lex: lex}
	p.run()
	return p.out
}

type parser struct {
	raw   string
	ts    []qtok
	today time.Time
	lex   *Lexicon
	out   Parsed

	periods   []foundPeriod
	compareAt int // index of a compare word, -1 if none

	// what the flags pass saw
	pendingWord bool
	cardWord    bool
	singular    bool // "largest purchase": one row
	quoted      string
	greeting    bool
	intentAt    int // first token of the phrase that decided the intent
}

type foundPeriod struct {
	p          Period
	rel        string // "", "prev" (the period before) or "year" (a year earlier)
	start, end int
}

func (p *parser) run() {
	p.quoted = quotedText(p.raw)
	// "How much was refunded to me": a question about money, not about
	// the refund alert.
	if a, ok := p.alertSettings(); ok && !p.rawHas("how much", "how many", "refunded", "refund me") {
		p.out = a
		return
	}
	if c, ok := p.categorize(); ok {
		p.out = c
		return
	}
	rest := p.raw
	if p.quoted != "" {
		// The quoted part is text to find, not words to understand.
		rest = strings.Replace(rest, p.quoted, " ", 1)
	}
	p.ts = tokenize(rest)
	p.compareAt = -1
	if p.action() {
		p.out.Intent = IntentAction
		return
	}
	if p.rawHas("will i", "will my", "will we", "going to spend", "predict", "forecast", "will be worth", "be worth in") {
		// Penny reads what happened; it does not guess what will.
		p.out.Intent = IntentFuture
		return
	}
	p.findModes()
	p.findPeriods()
	p.findAmounts()
	p.findLimit()
	p.findFlags()
	p.findIntent()
	// "vs"/"compared" carry no name; intent phrases ("income vs spending")
	// have had their look at them.
	if p.compareAt >= 0 {
		if p.ts[p.compareAt].used {
			p.compareAt = -1 // part of the intent's phrase
		} else {
			p.use(p.compareAt, p.compareAt+1)
		}
	}
	p.findEntities()
	p.finish()
}

// quotedText returns the first "double-quoted" part of a question: an exact
// text to look for.
func quotedText(q string) string {
	for _, pair := range [][2]string{{`"`, `"`}, {"“", "”"}} {
		i := strings.Index(q, pair[0])
		if i < 0 {
			continue
		}
		rest := q[i+len(pair[0]):]
		j := strings.Index(rest, pair[1])
		if j > 0 {
			return strings.TrimSpace(rest[:j])
		}
	}
	return ""
}

// Token helpers.

func (p *parser) tok(i int) *qtok {
	if i < 0 || i >= len(p.ts) || p.ts[i].used {
		return nil
	}
	return &p.ts[i]
}

// word returns the unused word or number at i, or "".
func (p *parser) word(i int) string {
	t := p.tok(i)
	if t == nil || t.kind == tDate || t.kind == tAmount {
		return ""
	}
	return t.s
}

func (p *parser) isWord(i int, alts ...string) bool {
	w := p.word(i)
	if w == "" {
		return false
	}
	for _, a := range alts {
		if w == a {
			return true
		}
	}
	return false
}

func (p *parser) use(from, to int) {
	for k := from; k < to && k < len(p.ts); k++ {
		p.ts[k].used = true
	}
}

// has reports whether w is an unused word of the question.
func (p *parser) has(w string) bool {
	for i := range p.ts {
		if p.word(i) == w {
			return true
		}
	}
	return false
}

// rawHas reports whether the question as typed holds one of the words or
// phrases, whole: the tokens may have been rewritten by the name pass.
func (p *parser) rawHas(phrases ...string) bool { return hasWords(p.raw, phrases...) }

// hasWords reports whether q holds one of the words or phrases, whole, any
// case, punctuation aside.
func hasWords(q string, phrases ...string) bool {
	text := " " + strings.Join(strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ") + " "
	for _, ph := range phrases {
		if strings.Contains(text, " "+ph+" ") {
			return true
		}
	}
	return false
}

// hasPhrase reports whether the words appear in a row anywhere in the
// question, used or not.
func (p *parser) hasPhrase(ws ...string) bool {
	for i := 0; i+len(ws) <= len(p.ts); i++ {
		ok := true
		for k, w := range ws {
			if p.ts[i+k].s != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// phrase matches the words of ph at i (fuzzily for long unknown words) and
// returns the end.
func (p *parser) phrase(i int, ph []string) (int, bool) {
	for k, w := range ph {
		t := p.tok(i + k)
		if t == nil || t.kind == tAmount || t.kind == tDate {
			return 0, false
		}
		if t.s == w {
			continue
		}
		if t.kind == tSym {
			return 0, false
		}
		if !p.typoOf(t.s, w) && (len(ph) == 1 || k == 0 || !p.shortTypo(t.s, w)) {
			return 0, false
		}
	}
	return i + len(ph), true
}

// shortTypo lets the later word of a phrase whose first word was typed
// right lose a letter: "cash flw".
func (p *parser) shortTypo(typed, w string) bool {
	if len(typed) < 3 || len(w) < 4 || knownWords[typed] || typed[0] != w[0] {
		return false
	}
	return editDistance(typed, w, 1) <= 1
}

// typoOf reports whether the typed word is a typo of the keyword w. Words
// the parser knows as something else, and names in the lexicon, are never
// taken for typos of a keyword: "last" is not a typo of "list".
func (p *parser) typoOf(typed, w string) bool {
	if len(w) < 4 || knownWords[typed] {
		return false
	}
	if _, ok := p.lex.byTok[stem(typed)]; ok {
		return false
	}
	if _, ok := monthWord(typed); ok {
		return false
	}
	_, ok := similar(typed, w)
	return ok
}

// findPhrase returns the first match of any phrase, scanning the question
// left to right.
func (p *parser) findPhrase(phrases [][]string) (int, int, bool) {
	i, end, _, ok := p.matchPhrase(phrases)
	return i, end, ok
}

// matchPhrase is findPhrase that also says which phrase matched, in its
// own spelling (the question may have had a typo).
func (p *parser) matchPhrase(phrases [][]string) (int, int, []string, bool) {
	for i := range p.ts {
		for _, ph := range phrases {
			if end, ok := p.phrase(i, ph); ok {
				return i, end, ph, true
			}
		}
	}
	return 0, 0, nil, false
}

func phrases(ss ...string) [][]string {
	out := make([][]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Fields(s)
	}
	// Longer phrases first, so "credit cards" wins over "credit".
	sort.SliceStable(out, func(a, b int) bool { return len(out[a]) > len(out[b]) })
	return out
}

// Amounts: "over $50", "under 20", "between $10 and $20", "$50+", "exactly
// 17.99", "around 100".

var (
	minOps    = phrases("more than", "greater than", "bigger than", "larger than", "higher than", "at least", "no less than", "over", "above", "min", "minimum", "exceeding", "exceeds", ">", ">=")
	maxOps    = phrases("less than", "lower than", "smaller than", "cheaper than", "at most", "no more than", "not more than", "up to", "under", "below", "max", "maximum", "<", "<=")
	exactOps  = phrases("exactly", "=", "of", "for", "costing", "totaling", "totalling")
	aroundOps = phrases("around", "about", "approximately", "roughly", "circa", "~")
	orMore    = phrases("or more", "and up", "or above", "or over", "plus", "or higher", "+")
	orLess    = phrases("or less", "or under", "or below", "and under", "or lower")
)

// amountAt reads an amount at i. A bare number counts only when bare is
// set (after "over", "under"...), and never when a time unit follows it.
func (p *parser) amountAt(i int, bare bool) (int64, string, int, bool) {
	t := p.tok(i)
	if t == nil {
		return 0, "", 0, false
	}
	switch {
	case t.kind == tAmount:
	case t.kind == tNum && !t.ord && bare:
		if unitWord(p.word(i + 1)) {
			return 0, "", 0, false
		}
	default:
		return 0, "", 0, false
	}
	v, cur, end := t.minor, t.cur, i+1
	switch p.word(end) {
	case "dollars", "dollar", "usd", "bucks":
		cur, end = "USD", end+1
	case "eur", "euros", "euro":
		if p.word(end) != "euro" || !p.lexHas("euro") {
			cur, end = "EUR", end+1
		}
	case "gbp", "pounds", "pound":
		cur, end = "GBP", end+1
	case "k", "grand":
		v, end = v*1000, end+1
	}
	return v, cur, end, true
}

func (p *parser) lexHas(w string) bool {
	_, ok := p.lex.byTok[stem(w)]
	return ok
}

func unitWord(w string) bool {
	switch strings.TrimSuffix(w, "s") {
	case "day", "week", "wk", "month", "mo", "year", "yr", "quarter", "weekend", "hour", "minute":
		return true
	}
	return false
}

func (p *parser) setMin(v int64, cur string) {
	p.out.Slots.Min = &v
	p.setCur(cur)
}

func (p *parser) setMax(v int64, cur string) {
	p.out.Slots.Max = &v
	p.setCur(cur)
}

func (p *parser) setCur(cur string) {
	if cur != "" {
		p.out.Slots.Currency = cur
	}
}

func (p *parser) findAmounts() {
	for i := 0; i < len(p.ts); i++ {
		if p.tok(i) == nil {
			continue
		}
		if p.isWord(i, "between", "from") {
			if a, ca, j, ok := p.amountAt(i+1, true); ok && (p.isWord(j, "and", "to") || p.symAt(j, "-")) {
				if b, cb, k, ok := p.amountAt(j+1, true); ok && (p.ts[i+1].marked || p.ts[j+1].marked || p.ts[i].s == "between") {
					p.setMin(min(a, b), firstNonEmpty(ca, cb))
					p.setMax(max(a, b), firstNonEmpty(ca, cb))
					p.use(i, k)
					i = k - 1
					continue
				}
			}
		}
		if _, end, ok := p.opAt(i, minOps); ok {
			if v, cur, k, ok := p.amountAt(end, true); ok {
				p.setMin(v, cur)
				p.use(i, k)
				i = k - 1
				continue
			}
		}
		if _, end, ok := p.opAt(i, maxOps); ok {
			if v, cur, k, ok := p.amountAt(end, true); ok {
				p.setMax(v, cur)
				p.use(i, k)
				i = k - 1
				continue
			}
		}
		if _, end, ok := p.opAt(i, aroundOps); ok {
			if v, cur, k, ok := p.amountAt(end, p.ts[i].s != "about"); ok {
				// "around $50": within a tenth either way.
				p.setMin(v-v/10, cur)
				p.setMax(v+v/10, cur)
				p.use(i, k)
				i = k - 1
				continue
			}
		}
		if _, end, ok := p.opAt(i, exactOps); ok {
			if t := p.tok(end); t != nil && t.kind == tAmount && t.marked {
				v, cur, k, _ := p.amountAt(end, false)
				p.setMin(v, cur)
				p.setMax(v, cur)
				p.use(i, k)
				i = k - 1
				continue
			}
		}
		t := p.tok(i)
		if t.kind != tAmount || !t.marked {
			continue
		}
		v, cur, k, _ := p.amountAt(i, false)
		if _, end, ok := p.opAt(k, orMore); ok {
			p.setMin(v, cur)
			p.use(i, end)
			i = end - 1
			continue
		}
		if _, end, ok := p.opAt(k, orLess); ok {
			p.setMax(v, cur)
			p.use(i, end)
			i = end - 1
			continue
		}
		if p.isWord(k, "to") || p.symAt(k, "-") {
			if b, cb, e, ok := p.amountAt(k+1, true); ok {
				p.setMin(min(v, b), firstNonEmpty(cur, cb))
				p.setMax(max(v, b), firstNonEmpty(cur, cb))
				p.use(i, e)
				i = e - 1
				continue
			}
		}
		p.setMin(v, cur)
		p.setMax(v, cur)
		p.use(i, k)
		i = k - 1
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// opAt matches one of ops at i, symbols included.
func (p *parser) opAt(i int, ops [][]string) (int, int, bool) {
	for _, op := range ops {
		ok := true
		for k, w := range op {
			t := p.tok(i + k)
			if t == nil || t.s != w || t.kind == tAmount || t.kind == tDate {
				ok = false
				break
			}
		}
		if ok {
			return i, i + len(op), true
		}
	}
	return 0, 0, false
}

func (p *parser) symAt(i int, s string) bool {
	t := p.tok(i)
	return t != nil && t.kind == tSym && t.s == s
}

// Limits: "top 5", "10 largest", "last 3 transactions".

var limitBefore = map[string]bool{
	"top": true, "largest": true, "biggest": true, "first": true, "last": true, "latest": true,
	"recent": true, "highest": true, "show": true, "list": true, "give": true, "newest": true,
}

var limitAfter = map[string]bool{
	"largest": true, "biggest": true, "most": true, "latest": true, "recent": true, "highest": true,
	"transactions": true, "transaction": true, "purchases": true, "charges": true, "payments": true,
	"merchants": true, "categories": true, "stores": true, "items": true, "results": true,
	"expenses": true, "deposits": true, "places": true, "shops": true, "newest": true, "rows": true,
	"entries": true, "txns": true, "payees": true, "vendors": true,
}

func (p *parser) findLimit() {
	for i := range p.ts {
		t := p.tok(i)
		if t == nil {
			continue
		}
		n := 0
		switch {
		case t.kind == tNum && !t.ord && len(t.s) < 4:
			n = t.n
		case t.kind == tWord && numberWords[t.s] > 0:
			n = numberWords[t.s]
		default:
			continue
		}
		if n < 1 || n > 500 {
			continue
		}
		if limitBefore[p.word(i-1)] || limitAfter[p.word(i+1)] {
			p.out.Slots.Limit = n
			p.use(i, i+1)
			return
		}
	}
}

// Flags: pending, "by month", "credit cards", net worth, currencies.

var (
	pendingPhrases = phrases("pending", "not posted", "not yet posted", "unposted", "authorized", "authorizations", "on hold", "holds", "not cleared", "uncleared")
	postedPhrases  = phrases("posted", "cleared", "settled", "excluding pending", "without pending", "except pending", "not pending", "no pending")
	byCategory     = phrases("by category", "per category", "by categories", "each category", "category breakdown", "breakdown by category", "broken down by category", "split by category", "breakdown", "broken down")
	byMerchant     = phrases("by merchant", "per merchant", "by merchants", "by store", "per store", "by stores", "by payee", "by vendor", "by place", "by shop", "each merchant", "per payee")
	byMonth        = phrases("by month", "per month", "each month", "every month", "month by month", "by months", "monthly", "a month", "over time", "trend", "trends", "month over month")
	byAccount      = phrases("by account", "per account", "each account", "by accounts", "account by account")
	cardPhrases    = phrases("credit cards", "credit card", "credit", "cards", "card")
	netWorthPhr    = phrases("net worth", "networth", "all accounts", "all my accounts", "every account", "all of my accounts", "total balance", "overall balance", "combined balance", "everything i have", "everything i own", "total assets")
	currencyWords  = map[string]string{"usd": "USD", "dollars": "USD", "eur": "EUR", "euros": "EUR", "gbp": "GBP", "pounds": "GBP"}
	monthlyNouns   = map[string]bool{"charges": true, "charge": true, "bills": true, "bill": true, "payments": true, "payment": true, "subscriptions": true, "subscription": true, "fees": true, "fee": true}
)

func (p *parser) findFlags() {
	if i, end, ok := p.findPhrase(postedPhrases); ok {
		no := false
		p.out.Slots.Pending = &no
		p.use(i, end)
	} else if i, end, ok := p.findPhrase(pendingPhrases); ok {
		yes := true
		p.out.Slots.Pending = &yes
		p.pendingWord = true
		p.use(i, end)
	}
	for _, b := range []struct {
		by  string
		phs [][]string
	}{{"category", byCategory}, {"merchant", byMerchant}, {"month", byMonth}, {"account", byAccount}} {
		for i := range p.ts {
			for _, ph := range b.phs {
				end, ok := p.exact(i, ph)
				if !ok {
					continue
				}
				if ph[0] == "monthly" && monthlyNouns[p.word(end)] {
					continue // "monthly charges" are subscriptions
				}
				p.out.Slots.By = b.by
				p.use(i, end)
				goto next
			}
		}
	next:
		if p.out.Slots.By != "" {
			break
		}
	}
	if i, end, ok := p.findExact(netWorthPhr); ok {
		p.out.Slots.NetWorth = true
		p.use(i, end)
	}
	if i, end, ok := p.findExact(cardPhrases); ok {
		p.cardWord = true
		// "card" alone stays for "visa card", "amex card"; the entity pass
		// skips it as a filler.
		if end-i > 1 || p.ts[i].s == "credit" || p.ts[i].s == "cards" {
			p.use(i, end)
		}
	}
	for i := range p.ts {
		w := p.word(i)
		if c, ok := currencyWords[w]; ok && p.out.Slots.Currency == "" {
			p.out.Slots.Currency = c
			p.use(i, i+1)
		}
	}
	if i, end, ok := p.findExact(phrases("hi", "hello", "hey", "thanks", "thank you", "thx", "good morning", "yo")); ok {
		p.greeting = true
		p.use(i, end)
	}
}

// Modes: averages, counts and the last occurrence change what is computed
// from the rows a question selects, so they are read before anything else
// can claim their words ("last" in "when did I last pay rent" is not a
// period).
var (
	lastPhrases = phrases("when did i last", "when did we last", "when was the last time", "when was my last",
		"when was the last", "last time i", "last time we", "the last time", "most recent", "my last", "when did i")
	countPhrases = phrases("how many times", "how often", "how many", "number of times", "number of", "count of")
	avgWords     = phrases("on average", "average", "averages", "avg", "mean", "typical", "typically", "usually")
	avgUnits     = []struct {
		unit string
		phs  [][]string
	}{
		{"transaction", phrases("per transaction", "a transaction", "per purchase", "a purchase", "per visit", "a visit",
			"each time", "per order", "an order", "per trip", "a trip", "each visit", "per payment",
			"purchase", "purchases", "transaction", "transactions", "visit", "visits", "trip", "trips", "order", "orders", "payment")},
		{"week", phrases("per week", "a week", "weekly", "each week", "every week")},
		{"day", phrases("per day", "a day", "daily", "each day", "every day")},
		{"month", phrases("per month", "a month", "monthly", "each month", "every month")},
	}
)

var refundWords = phrases("refunds", "refund", "refunded", "returns", "returned", "money back", "got back", "get back",
	"reimbursed", "reimbursement", "reimbursements", "chargeback", "chargebacks")

func (p *parser) findModes() {
	s := &p.out.Slots
	// "How much did I pay off on my Amex": card payments, which "pay"
	// alone would make spending.
	if i, end, ok := p.findExact(phrases("pay off", "paid off", "pay down", "paid down", "pay back", "paid back")); ok {
		s.Categories = appendNew(s.Categories, category.CardPayment)
		p.use(i, end)
	}
	if i, end, ok := p.findExact(refundWords); ok {
		s.Refunds = true
		p.use(i, end)
	}
	if i, end, ok := p.findExact(avgWords); ok {
		p.use(i, end)
		s.Average = "?"
		for _, u := range avgUnits {
			if j, e, ok := p.findExact(u.phs); ok {
				s.Average = u.unit
				p.use(j, e)
				break
			}
		}
	}
	if i, end, ok := p.findExact(countPhrases); ok && s.Average == "" {
		s.Count = true
		p.use(i, end)
	}
	if i, end, ok := p.findExact(lastPhrases); ok && s.Average == "" && !s.Count {
		// "my last 3 transactions" and "last month" are not this: a number
		// or a time unit after the phrase makes it a limit or a period.
		if t := p.tok(end); t == nil || t.kind != tAmount && t.kind != tNum && !isUnit(p.word(end)) {
			s.Last = true
			p.use(i, end)
		}
	}
}

// isUnit reports whether w names a span of time ("month", "wks").
func isUnit(w string) bool {
	switch unitOf(w) {
	case "day", "week", "month", "quarter", "year", "weekend", "period":
		return true
	}
	return false
}

// actionVerbs start requests to do something with money.
var actionVerbs = map[string]bool{"apply": true, "file": true, "order": true, "book": true, "sign": true, "request": true, "pay": true, "transfer": true, "send": true, "move": true, "wire": true, "buy": true,
	"sell": true, "cancel": true, "schedule": true, "withdraw": true, "invest": true, "deposit": true,
	"dispute": true, "freeze": true}

// politeLead are words that may come before the verb of a request.
var politeLead = map[string]bool{"please": true, "pls": true, "penny": true, "can": true, "could": true, "would": true,
	"will": true, "you": true, "u": true, "i": true, "want": true, "to": true, "need": true, "help": true, "me": true, "id": true,
	"like": true, "hey": true, "ok": true, "okay": true, "now": true, "go": true, "ahead": true, "and": true}

// action reports whether the question asks Penny to do something with
// money ("pay my Visa bill", "transfer 200 to savings", "can you buy
// bitcoin"): a request verb first, after polite words, and no question
// word.
func (p *parser) action() bool {
	for i := range p.ts {
		w := p.word(i)
		switch {
		case politeLead[w]:
			continue
		case actionVerbs[w]:
			// "pay" followed by "for" or a past form is a question about
			// spending ("pay for rent last month?" reads as one).
			next := p.word(i + 1)
			if w == "pay" && (next == "for" || next == "did") {
				return false
			}
			return p.tok(i+1) != nil
		default:
			return false
		}
	}
	return false
}

// exact matches a phrase without typo tolerance.
func (p *parser) exact(i int, ph []string) (int, bool) {
	for k, w := range ph {
		t := p.tok(i + k)
		if t == nil || t.s != w || t.kind == tAmount || t.kind == tDate || (t.kind == tSym && w != t.s) {
			return 0, false
		}
	}
	return i + len(ph), true
}

func (p *parser) findExact(phs [][]string) (int, int, bool) {
	for i := range p.ts {
		for _, ph := range phs {
			if end, ok := p.exact(i, ph); ok {
				return i, end, true
			}
		}
	}
	return 0, 0, false
}

// Intents, strongest signal first. Each rule lists phrases; the first rule
// with a phrase in the question wins and its words are used up, so the
// rest of the question ("subscriptions" in "spending on subscriptions") is
// left for names.
type intentRule struct {
	intent string
	phs    [][]string
}

var spendVerbs = phrases("spend", "spent", "spending", "spendings", "expenses", "expense", "expenditure", "expenditures",
	"cost", "costs", "paid", "pay", "paying", "outflow", "outflows", "outgoings", "blew", "charged", "how much went to",
	"how much did i put", "went to", "money went", "put on", "charge to", "charged to", "splurge", "splurged", "shell out", "shelled out", "fork out", "burned", "drop", "dropped")

var intentRules = []intentRule{
	{IntentSync, phrases("sync", "resync", "synchronize", "synchronise", "refresh", "fetch", "download", "reload",
		"connect", "link my bank", "link bank", "link an account", "add my bank", "add a bank", "update my accounts",
		"update accounts", "update my transactions", "get new transactions", "check for new transactions",
		"pull new transactions", "import", "go online", "latest data")},
	{IntentAlerts, phrases("alert", "alerts", "notification", "notifications", "warning", "warnings", "unread",
		"whats new", "what is new", "anything new", "anything unusual", "anything i should know", "news", "flagged",
		"anything wrong", "suspicious")},
	{IntentDuplicates, phrases("duplicate", "duplicates", "duplicated", "dupe", "dupes", "double charged", "double charge",
		"double charges", "charged twice", "charged me twice", "billed twice", "double billed", "double billing",
		"same charge twice", "twice")},
	{IntentCashflow, phrases("cash flow", "cashflow", "in vs out", "in versus out", "in and out", "money in and out", "money in vs money out", "money in versus money out", "in vs out",
		"money in and money out", "inflow and outflow", "inflows and outflows", "income vs spending", "income versus spending",
		"income vs expenses", "income and expenses", "income and spending", "income vs spend", "income versus expenses",
		"earned vs spent", "earn vs spend", "earnings vs spending", "income minus spending", "net income", "savings rate",
		"surplus", "deficit", "net flow", "did i save", "how much did i save", "how much have i saved", "saved",
		"net per month", "monthly net", "in minus out", "spending vs income", "spending versus income", "spending and income",
		"expenses vs income", "coming in and going out")},
	{IntentSubscriptions, phrases("subscription", "subscriptions", "recurring", "recurring charges", "recurring payments",
		"monthly charges", "monthly bills", "monthly payments", "regular payments", "repeating charges", "repeat charges",
		"price increase", "price increases", "price hike", "price hikes", "price change", "price changes", "prices went up",
		"went up", "raised the price", "raised prices", "raised their price", "got more expensive", "more expensive",
		"memberships", "subscribed", "bills", "renewals", "autopays", "standing charges", "recurrent")},
	{IntentLargest, phrases("largest", "biggest", "most expensive", "priciest", "highest", "big purchases",
		"big transactions", "big charges", "big expenses", "large purchases", "large transactions", "large charges",
		"top transactions", "top purchases", "top charges", "top expenses", "top payments", "top deposits",
		"big ticket", "largest deposits", "biggest deposits")},
	{IntentTop, phrases("top merchants", "top merchant", "top stores", "top shops", "top places", "top payees",
		"top vendors", "top categories", "top category", "top spending", "top spend", "top brands", "top",
		"where do i spend the most", "who got most of my money", "who got the most of my money", "where did most of my money go", "where did i spend the most", "where does my money go", "where did my money go",
		"what do i spend the most on", "what did i spend the most on", "what do i spend most on", "what did i spend most on",
		"spend the most", "spent the most", "spend most", "spent most", "most money", "which merchants", "which stores",
		"which categories", "which shops", "favorite stores", "favorite merchants", "favourite stores", "most visited",
		"where do i shop most", "who gets most of my money", "ranking", "rank")},
	{IntentIncome, phrases("income", "incomes", "earned", "earn", "earning", "earnings", "got paid", "get paid", "been paid",
		"came in", "money came in", "paid me", "pay me", "pays me", "was i paid", "were we paid", "how much did i make", "how much do i make", "how much have i made", "did i make", "made",
		"deposits", "deposited", "inflow", "inflows", "money in", "money coming in", "revenue", "received", "receive",
		"paychecks", "paycheck", "salary", "wages")},
	{IntentBalance, phrases("balance", "balances", "bal", "balnce", "net worth", "worth", "how much do i have",
		"how much money do i have", "how much have i got", "how much is in", "how much is on", "how much do i owe",
		"owe", "owing", "debt", "debts", "available", "funds", "left in", "left on", "assets", "whats in", "what is in",
		"liabilities", "money do i have", "total money", "how much money", "do i have", "money left", "have left")},
	{IntentSpending, spendVerbs},
	{IntentSearch, phrases("show", "list", "find", "search", "lookup", "look up", "display", "transactions", "transaction",
		"txns", "txn", "charges", "charge", "purchases", "purchase", "payments", "payment", "bought", "buy", "history",
		"activity", "statement", "recent", "latest", "when did", "when was", "last time", "entries", "did i pay",
		"did i buy", "pending", "what did i buy", "where did i", "did i go", "visits", "orders", "order", "receipts")},
	{IntentHelp, phrases("help", "commands", "what can you do", "what can i ask", "what do you do", "how does this work",
		"how do i use", "examples", "example", "usage", "menu", "instructions", "who are you", "what are you", "options",
		"how to use")},
}

// categoryOnlyWords are words that name both an intent and a category:
// with a spending verb they are the category.
var categoryOnlyWords = map[string]bool{"subscription": true, "subscriptions": true, "bills": true, "salary": true,
	"paycheck": true, "paychecks": true, "wages": true, "deposits": true}

// strongSpend are words that make a question about an amount spent, even
// when it also names subscriptions or bills.
var strongSpend = phrases("how much", "spend", "spent", "spending", "spendings", "expenses", "cost", "costs", "expenditure")

func (p *parser) findIntent() {
	_, _, spend := p.findPhrase(strongSpend)
	if _, _, ok := p.findExact(phrases("did i pay", "have i paid", "did we pay", "did i buy", "have i bought")); ok && !p.hasPhrase("how", "much") {
		// "did I pay the rent?" asks for the rows, not a total.
		p.out.Intent = IntentSearch
		return
	}
	for _, r := range intentRules {
		i, end, ph, ok := p.matchPhrase(r.phs)
		if !ok {
			continue
		}
		w := strings.Join(ph, " ")
		switch {
		case r.intent == IntentSubscriptions && spend && categoryOnlyWords[w]:
			// "spent on subscriptions" is spending in that category.
			continue
		case r.intent == IntentIncome && categoryOnlyWords[w] && spend:
			continue
		case r.intent == IntentTop && w == "top" && p.topIsLargest(end):
			r.intent = IntentLargest
		case r.intent == IntentDuplicates && w == "twice" && !p.has("charged") && !p.has("billed"):
			continue
		case r.intent == IntentBalance && w == "do i have" && spend && !p.hasPhrase("how", "much", "money"):
			continue
		case r.intent == IntentBalance && spend && (w == "how much money" || w == "total money" || w == "money left"):
			// "how much money did I spend": the verb decides.
			continue
		case r.intent == IntentIncome && w == "made" && !p.has("much") && !p.has("did"):
			continue
		case r.intent == IntentSync && w == "import" && p.has("categorize"):
			continue
		}
		p.out.Intent = r.intent
		p.intentAt = i
		if r.intent == IntentIncome && categoryOnlyWords[w] {
			// "salary last month": income, and the word also names the
			// category; leave it for the names pass.
			return
		}
		p.use(i, end)
		p.afterIntent(r.intent, w)
		return
	}
}

func tokWords(ts []qtok) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.s
	}
	return out
}

// topIsLargest says whether "top" is about transactions ("top 5 purchases")
// rather than merchants or categories.
func (p *parser) topIsLargest(end int) bool {
	for k := end; k < min(end+3, len(p.ts)); k++ {
		switch p.ts[k].s {
		case "transactions", "transaction", "purchases", "purchase", "charges", "charge", "expenses", "expense", "payments", "deposits":
			return true
		case "merchants", "merchant", "categories", "category", "stores", "places", "payees", "shops":
			return false
		}
	}
	return false
}

// afterIntent reads what the intent phrase itself implies: "top
// categories" is by category, "largest purchase" is one row, "largest
// deposits" is money in.
func (p *parser) afterIntent(intent, w string) {
	s := &p.out.Slots
	switch intent {
	case IntentTop:
		switch {
		case strings.Contains(w, "categor") || strings.HasPrefix(w, "what ") || w == "top spending" || w == "top spend":
			if s.By == "" {
				s.By = "category"
			}
		default:
			if s.By == "" && (strings.Contains(w, "merchant") || strings.Contains(w, "store") || strings.Contains(w, "shop") ||
				strings.Contains(w, "place") || strings.Contains(w, "payee") || strings.Contains(w, "vendor") ||
				strings.Contains(w, "where") || strings.Contains(w, "who") || strings.Contains(w, "brand") || strings.Contains(w, "visited")) {
				s.By = "merchant"
			}
		}
		if p.has("categories") || p.has("category") {
			s.By = "category"
		} else if p.has("merchants") || p.has("stores") || p.has("payees") || p.has("shops") || p.has("places") {
			s.By = "merchant"
		}
	case IntentLargest:
		if strings.Contains(w, "deposit") || p.has("deposits") || p.has("deposit") || p.has("income") || p.has("credits") {
			s.Direction = "in"
		} else {
			s.Direction = "out"
		}
		for i := range p.ts {
			switch p.word(i) {
			case "purchase", "transaction", "charge", "expense", "payment", "deposit", "one", "thing", "bill":
				p.singular = true
			}
		}
	}
}

// Names: accounts, categories and merchants, matched span by span, longest
// first.

// stopwords never start or end a name on their own; they may sit inside one
// ("Jack in the Box").
var stopwords = setOf(`wat wut book booked raise raised single a an the i im ive id me my mine myself we us our ours you your yours it its is are was were be been being
	am do does did done doing have has had having can could would should will shall might must to of on at in into for from by
	with without about as than and or but so if then that this these those there here what whats which who whom whose when where
	why how much many any some all every each total totals sum overall altogether please pls plz tell show give get got getting
	let lets see know want need like just only really actually also too again now currently right ok okay um uh hey penny yo
	money dollars bucks amount amounts number numbers up out off over under since ago between during within across around far
	yet already still ever lot lots little bit more less most least versus vs compared compare comparison against relative
	same per via through thru entire full go went gone going goes come came use used using account accounts card cards
	category categories merchant merchants store stores shop shops place places things stuff thing everything anything
	something nothing time times day days week weeks month months year years period date dates ones been on it total spendings
	last past previous this current next today yesterday so whats hows wheres was am been s t m ll re ve d isnt dont didnt doesnt
	havent wasnt arent cant wont im id ive youre theyre there their them they he she his her him end beginning start
	bill including include includes included incl also plus excluding exclude except`)

// knownWords are words with a job in questions; they are never read as
// typos of something else.
var knownWords = func() map[string]bool {
	m := setOf(`week weeks month months year years day days quarter weekend today yesterday last past previous prior this current
		since until till before after between from to through ago ever all time ytd mtd q1 q2 q3 q4 top list most cost costs
		spent spend paid pay made make earn earned show find balance income owe owed worth fee fees rent save saved whole
		move moved moving transfer transferred take took`)
	for w := range stopwords {
		m[w] = true
	}
	for w := range monthNames {
		m[w] = true
	}
	for w := range weekdays {
		m[w] = true
	}
	for w := range numberWords {
		m[w] = true
	}
	for _, r := range intentRules {
		for _, ph := range r.phs {
			for _, w := range ph {
				m[w] = true
			}
		}
	}
	return m
}()

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// intentWord reports whether w is part of some intent phrase; such words,
// left over, are not "unknown" (they carry intent, not names).
var intentWord = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range intentRules {
		for _, ph := range r.phs {
			for _, w := range ph {
				m[w] = true
			}
		}
	}
	for _, phs := range [][][]string{minOps, maxOps, exactOps, aroundOps, orMore, orLess, pendingPhrases, postedPhrases,
		byCategory, byMerchant, byMonth, byAccount, cardPhrases, netWorthPhr} {
		for _, ph := range phs {
			for _, w := range ph {
				m[w] = true
			}
		}
	}
	for _, w := range strings.Fields(`deposit deposits credits debits incoming outgoing withdrawals newest oldest first
		breakdown split each recent latest biggest largest one all everything`) {
		m[w] = true
	}
	return m
}()

func (p *parser) findEntities() {
	n := len(p.ts)
	for L := min(5, n); L >= 1; L-- {
		for i := 0; i+L <= n; i++ {
			if !p.spanFree(i, i+L) {
				continue
			}
			edgeStop := stopwords[p.ts[i].s] || stopwords[p.ts[i+L-1].s]
			if L == 1 && (stopwords[p.ts[i].s] || p.ts[i].kind == tSym) {
				continue
			}
			ws := make([]string, L)
			for k := 0; k < L; k++ {
				t := p.ts[i+k]
				if t.kind == tSym {
					ws[k] = ""
					continue
				}
				if stopwords[t.s] && !edgeStop {
					ws[k] = ""
					continue
				}
				ws[k] = stem(t.s)
			}
			if allEmpty(ws) {
				continue
			}
			if L == 1 {
				if cats, ok := groupSynonyms[p.ts[i].s]; ok && p.group(cats) {
					p.use(i, i+1)
					continue
				}
			}
			hits := p.lex.lookup(ws)
			// A synonym counts only whole: "service charges" means Fees,
			// "charges" alone does not.
			hits = keep(hits, func(h hit) bool { return !p.lex.ents[h.ent].alias || h.full })
			if L == 1 && (intentWord[p.ts[i].s] || knownWords[p.ts[i].s]) {
				// Words with a job in questions name something only when
				// they are a whole name: "subscriptions", "rent".
				hits = keep(hits, func(h hit) bool {
					return h.typos == 0 && (h.full || p.lex.ents[h.ent].kind == kindAccount)
				})
			}
			if edgeStop {
				// A stopword at the edge only counts inside a full name:
				// "one medical", "the trappist".
				hits = keep(hits, func(h hit) bool {
					return h.typos == 0 && (h.full || p.lex.ents[h.ent].kind == kindAccount)
				})
			}
			if len(hits) == 0 {
				continue
			}
			if p.resolve(strings.Join(tokWords(p.ts[i:i+L]), " "), hits) {
				p.use(i, i+L)
			}
		}
	}
	// Words nobody claimed.
	for i := range p.ts {
		t := p.tok(i)
		if t == nil || t.kind != tWord || stopwords[t.s] || intentWord[t.s] || len(t.s) < 2 {
			continue
		}
		if _, ok := numberWords[t.s]; ok {
			continue
		}
		p.out.Unknown = append(p.out.Unknown, t.s)
	}
}

func allEmpty(ws []string) bool {
	for _, w := range ws {
		if w != "" {
			return false
		}
	}
	return true
}

func keep(hs []hit, f func(hit) bool) []hit {
	var out []hit
	for _, h := range hs {
		if f(h) {
			out = append(out, h)
		}
	}
	return out
}

func (p *parser) spanFree(i, j int) bool {
	for k := i; k < j; k++ {
		t := p.tok(k)
		if t == nil || t.kind == tAmount || t.kind == tDate {
			return false
		}
	}
	return true
}

// minCoverage is how much of a name a partial match must cover to be taken
// without asking when it is the only candidate: "philz" for Philz Coffee
// passes, "coffee" for it does not.
const minCoverage = 0.34

// resolve decides what the hits on span [i, j) mean: one name, a question
// back (several names fit), a group of merchants sharing a word, or nothing.
// It reports whether the span was claimed.
func (p *parser) resolve(text string, hits []hit) bool {
	oneWord := !strings.Contains(text, " ")
	best := hits[0]
	e := p.lex.ents[best.ent]
	// A whole name, typed exactly, wins outright.
	if best.full && best.typos == 0 {
		p.take(e, text, best)
		return true
	}
	exact := keep(hits, func(h hit) bool { return h.typos == 0 })
	if len(exact) > 0 {
		names := distinctNames(p.lex, exact)
		kinds := map[string]bool{}
		for _, h := range exact {
			kinds[p.lex.ents[h.ent].kind] = true
		}
		switch {
		case len(names) == 1:
			if exact[0].coverage < minCoverage && !exact[0].full && p.lex.ents[exact[0].ent].kind == kindMerchant && oneWord {
				// One merchant shares a common word ("coffee") with the
				// question: too thin to be sure, so it is text.
				p.out.Slots.Text = text
				return true
			}
			p.take(p.lex.ents[exact[0].ent], text, exact[0])
			return true
		case len(kinds) == 1 && kinds[kindMerchant] && len(names) >= 3 && oneWord:
			// A word many merchants share ("coffee", "pizza"): all of
			// them, as text.
			p.out.Slots.Text = text
			return true
		default:
			p.out.Ambiguous = append(p.out.Ambiguous, Ambiguity{Words: text, Kind: p.lex.ents[exact[0].ent].kind, Options: firstN(names, 5)})
			return true
		}
	}
	// Only typos fit. One clear best is taken and reported; a tie is asked.
	names := distinctNames(p.lex, hits)
	if len(names) == 1 || !sameScore(hits[0], hits[1]) {
		if hits[0].coverage < minCoverage && !hits[0].full {
			return false
		}
		p.take(p.lex.ents[hits[0].ent], text, hits[0])
		return true
	}
	var tied []hit
	for _, h := range hits {
		if sameScore(h, hits[0]) {
			tied = append(tied, h)
		}
	}
	p.out.Ambiguous = append(p.out.Ambiguous, Ambiguity{Words: text, Kind: p.lex.ents[hits[0].ent].kind, Options: firstN(distinctNames(p.lex, tied), 5)})
	return true
}

func sameScore(a, b hit) bool {
	return a.full == b.full && a.typos == b.typos && abs(a.coverage-b.coverage) < 0.05
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func firstN(xs []string, n int) []string {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func distinctNames(l *Lexicon, hs []hit) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range hs {
		k := l.ents[h.ent].kind + "\x00" + l.ents[h.ent].name
		if !seen[k] {
			seen[k] = true
			out = append(out, l.ents[h.ent].name)
		}
	}
	return out
}

// take records a recognized name in the slots.
func (p *parser) take(e entity, text string, h hit) {
	s := &p.out.Slots
	reason := ""
	switch {
	case e.alias:
		reason = "synonym"
	case h.typos > 0 || h.full && misspelt(text, e.name):
		reason = "typo"
	case !h.full:
		reason = "partial"
	}
	if reason != "" {
		p.out.Corrected = append(p.out.Corrected, Correction{Words: text, Kind: e.kind, Name: e.name, Reason: reason})
	}
	switch e.kind {
	case kindAccount:
		s.Accounts = appendNew(s.Accounts, e.name)
	case kindCategory:
		s.Categories = appendNew(s.Categories, e.name)
	case kindMerchant:
		s.Merchants = appendNew(s.Merchants, e.name)
	}
}

// misspelt reports whether typed text is a different spelling of name, not
// the name, part of it, or its plural.
func misspelt(text, name string) bool {
	t, n := key(text), key(name)
	return t != n && t != n+"s" && t+"s" != n && !strings.Contains(n, t)
}

func appendNew(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// incomeCategories are categories of money coming in: a bare "salary last
// month" asks about income, not spending.
var incomeCategories = func() map[string]bool {
	m := map[string]bool{"refund": true, "refunds": true}
	for _, c := range category.IncomeNames() {
		m[strings.ToLower(c)] = true
	}
	return m
}()

// finish fills what the question implies but does not say.
func (p *parser) finish() {
	s := &p.out.Slots
	if p.quoted != "" {
		s.Text = strings.ToLower(p.quoted)
	} else if s.Text != "" && len(s.Merchants) > 0 {
		// "farmers market": a merchant matched one word and the other is
		// a word many payees share. The merchant is the specific part; the
		// shared word is left out, and the answer says so.
		p.out.Unknown = append(p.out.Unknown, s.Text)
		s.Text = ""
	}
	p.resolvePeriods()
	p.clipPeriods()
	if p.cardWord && len(s.Accounts) == 0 {
		s.AccountType = "credit"
	}
	// "When did my Netflix price go up?": a price change, not a row.
	if len(s.Merchants) > 0 && p.rawHas("price", "prices", "go up", "went up", "price increase", "more expensive", "raise", "raised") &&
		(p.out.Intent == "" || p.out.Intent == IntentSearch || p.out.Intent == IntentSpending) {
		p.out.Intent, s.Last, s.Categories = IntentSubscriptions, false, nil
	}
	// "subscriptions in 2024": what they cost in that closed period (the
	// list of what runs now is for periods up to today).
	if p.out.Intent == IntentSubscriptions && s.Period != nil && !s.Period.AllTime && s.Period.To.Before(p.today) && len(s.Merchants) == 0 &&
		!p.rawHas("price", "prices", "increase", "increases", "went up", "go up", "changes", "hike", "hikes", "recurring", "still") {
		p.out.Intent, s.Categories = IntentSpending, []string{category.Subscriptions}
	}
	// "How much is my Netflix subscription?", "What does Spotify cost me a
	// month?": the price of a recurring charge, not a year of it.
	if len(s.Merchants) > 0 && s.Period == nil && s.Average == "" && !s.Count && !s.Last &&
		(p.out.Intent == "" || p.out.Intent == IntentSpending) &&
		p.rawHas("subscription", "membership", "do i pay", "cost", "costs") {
		p.out.Intent = IntentSubscriptions
		s.Categories, s.By = nil, ""
	}
	switch {
	case s.Refunds && (p.out.Intent == "" || p.out.Intent == IntentSpending || p.out.Intent == IntentIncome):
		p.out.Intent = IntentRefunds
	case s.Last && p.out.Intent == IntentIncome:
		p.out.Intent, s.Direction = IntentSearch, "in"
	case s.Last && (p.out.Intent == "" || p.out.Intent == IntentSpending || p.out.Intent == IntentLargest):
		p.out.Intent = IntentSearch
	case s.Average != "" && (p.out.Intent == "" || p.out.Intent == IntentSearch || p.out.Intent == IntentLargest):
		p.out.Intent = IntentSpending
	case s.Count && (p.out.Intent == "" || p.out.Intent == IntentLargest || p.out.Intent == IntentSpending):
		p.out.Intent = IntentSearch
	case s.Count && p.out.Intent == IntentIncome && p.rawHas("paid", "paycheck", "paychecks", "salary") && len(s.Categories) == 0:
		// "how many times was I paid": paychecks.
		s.Categories = []string{category.Salary}
	case s.Count && p.out.Intent == IntentIncome && p.rawHas("make", "made"):
		// "how many purchases did I make": visits, not earnings.
		p.out.Intent = IntentSearch
	}
	if p.out.Intent == "" {
		switch {
		case (s.Min != nil || s.Max != nil) && len(s.Categories) == 0:
			// "$50+ at costco": rows, not a total.
			p.out.Intent = IntentSearch
		case len(s.Merchants) > 0 || s.Text != "":
			p.out.Intent = IntentSpending
		case len(s.Categories) > 0 && allIncome(s.Categories):
			p.out.Intent = IntentIncome
		case len(s.Categories) > 0:
			p.out.Intent = IntentSpending
		case s.Min != nil || s.Max != nil || s.Pending != nil:
			p.out.Intent = IntentSearch
		case len(s.Accounts) > 0 || s.AccountType != "" || s.NetWorth:
			p.out.Intent = IntentBalance
		case s.Period != nil:
			p.out.Intent = IntentSpending
		case len(p.out.Ambiguous) > 0:
			p.out.Intent = IntentSpending
		case p.greeting:
			p.out.Intent = IntentHelp
		case len(p.ts) == 0 || strings.TrimSpace(p.raw) == "?":
			p.out.Intent = IntentHelp
		default:
			p.out.Intent = IntentUnknown
		}
	}
	switch p.out.Intent {
	case IntentSpending, IntentIncome, IntentTop, IntentCashflow:
	default:
		s.By = "" // "every month" says nothing more about the others
	}
	switch p.out.Intent {
	case IntentSpending:
		if s.By == "" && len(s.Merchants) == 0 && s.Text == "" && len(s.Categories) == 0 && s.Compare == nil && len(p.out.Ambiguous) == 0 {
			s.By = "category"
		}
	case IntentSearch:
		if len(s.Merchants) == 0 && len(s.Categories) == 0 && s.Text == "" && len(p.out.Ambiguous) == 0 && len(p.out.Unknown) > 0 {
			s.Text = strings.Join(p.out.Unknown, " ")
			p.out.Unknown = nil
		}
		switch {
		case p.hasPhrase("deposits") || p.hasPhrase("credits") || p.hasPhrase("incoming"):
			s.Direction = "in"
		case p.hasPhrase("charges") || p.hasPhrase("charge") || p.hasPhrase("purchases") || p.hasPhrase("purchase") ||
			p.hasPhrase("debits") || p.hasPhrase("expenses") || p.hasPhrase("bought"):
			s.Direction = "out"
		}
	case IntentLargest:
		if s.Limit == 0 && p.singular {
			s.Limit = 1
		}
	case IntentTop:
		if s.By == "" {
			s.By = "merchant"
		}
	case IntentBalance:
		if len(s.Accounts) == 0 && s.AccountType == "" && !s.NetWorth && (p.hasPhrase("owe") || p.hasPhrase("debt") || p.hasPhrase("debts")) {
			s.AccountType = "credit" // what is owed is on the cards
		}
		if len(s.Accounts) == 0 && s.AccountType == "" {
			s.NetWorth = true
		}
	}
	if s.Pending != nil && *s.Pending && (p.out.Intent == IntentSpending || p.out.Intent == IntentUnknown) && !p.hasSpendVerb() {
		p.out.Intent = IntentSearch
	}
}

func (p *parser) hasSpendVerb() bool {
	for i := range p.ts {
		switch p.ts[i].s {
		case "spend", "spent", "spending", "cost", "paid", "expenses":
			return true
		}
	}
	return false
}

// group takes a word that stands for several categories ("food"), when the
// vault has them; the answer says which.
func (p *parser) group(cats []string) bool {
	var names []string
	for _, c := range cats {
		if name := p.lexCategory(c); name != "" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		p.out.Slots.Categories = appendNew(p.out.Slots.Categories, n)
	}
	return true
}

func allIncome(cats []string) bool {
	for _, c := range cats {
		if !incomeCategories[strings.ToLower(c)] {
			return false
		}
	}
	return true
}

func (p *parser) lexCategory(c string) string {
	for _, x := range p.lex.categories {
		if strings.EqualFold(x, c) {
			return x
		}
	}
	return ""
}

// resolvePeriods picks the main period and the one to compare with.
func (p *parser) resolvePeriods() {
	s := &p.out.Slots
	var plain, rel []foundPeriod
	for _, f := range p.periods {
		if f.rel == "" {
			plain = append(plain, f)
		} else {
			rel = append(rel, f)
		}
	}
	compare := p.compareAt >= 0
	plainCount := 0
	for _, f := range p.periods {
		if f.rel == "" {
			plainCount++
		}
	}
	if compare && plainCount <= 1 && (len(s.Merchants) > 1 || len(s.Categories) > 1 || len(s.Accounts) > 1) {
		// "uber vs lyft" compares names, not periods.
		compare = false
		if s.By == "" && len(s.Merchants) > 1 {
			s.By = "merchant"
		} else if s.By == "" && len(s.Categories) > 1 {
			s.By = "category"
		}
	}
	switch {
	case len(plain) >= 2:
		a, b := plain[0].p, plain[1].p
		s.Period, s.Compare = &a, &b
	case len(plain) == 1 && len(rel) > 0:
		a := plain[0].p
		s.Period = &a
		c := relativeTo(a, rel[0].rel)
		s.Compare = &c
	case len(plain) == 1 && compare && p.compareAt < plain[0].start:
		// "dining compared to last month": this month against it.
		a := monthPeriod("this month", monthOf(p.today)).clip(p.today)
		b := plain[0].p
		s.Period, s.Compare = &a, &b
	case len(plain) == 1:
		a := plain[0].p
		s.Period = &a
		if compare {
			c := a.previous()
			s.Compare = &c
		}
	case len(rel) > 0:
		// "the previous month" alone is last month; with a compare word
		// it is this month against the one before.
		if compare {
			a := monthPeriod("this month", monthOf(p.today)).clip(p.today)
			c := relativeTo(a, rel[0].rel)
			s.Period, s.Compare = &a, &c
		} else {
			a := rel[0].p
			s.Period = &a
		}
	case compare && (p.out.Intent == IntentSpending || p.out.Intent == IntentIncome || p.out.Intent == ""):
		a := monthPeriod("this month", monthOf(p.today)).clip(p.today)
		c := a.previous()
		s.Period, s.Compare = &a, &c
	}
}

// clipPeriods ends every period at today: there are no transactions after
// it, and the answer's dates should say what was really counted.
func (p *parser) clipPeriods() {
	for _, per := range []*Period{p.out.Slots.Period, p.out.Slots.Compare} {
		if per == nil || per.AllTime {
			continue
		}
		switch {
		case per.From.After(p.today):
			// A period still to come ("in 2030", "after today") keeps
			// its dates: the answer will say nothing happened yet.
			if per.To.Before(per.From) {
				per.To = per.From
			}
		case per.To.After(p.today):
			per.To = p.today
		}
	}
}

func relativeTo(a Period, rel string) Period {
	if rel == "year" {
		return a.yearEarlier()
	}
	return a.previous()
}

// Periods.

func (p *parser) addPeriod(per Period, rel string, i, j int) {
	p.periods = append(p.periods, foundPeriod{p: per, rel: rel, start: i, end: j})
	p.use(i, j)
}

func (p *parser) findPeriods() {
	for i := range p.ts {
		if p.isWord(i, "compared", "compare", "comparison", "vs", "versus", "against", "than") {
			if p.compareAt < 0 {
				p.compareAt = i
			}
		}
	}
	for i := 0; i < len(p.ts); i++ {
		if p.tok(i) == nil {
			continue
		}
		if j, ok := p.periodAt(i); ok {
			i = j - 1
		}
	}
}

// dspan is a date expression: a day, month, quarter or year.
type dspan struct {
	from, to time.Time
	grain    string
	label    string
	inferred bool // the year was not written
}

var dateCtx = setOf(`in on since from between during for of until till through thru to and before after by last this early
	late mid - starting`)

// periodAt tries every period form at i and records the first that fits.
func (p *parser) periodAt(i int) (int, bool) {
	w := p.word(i)
	switch w {
	case "between", "from":
		if d1, j, ok := p.dateOrRel(i + 1); ok {
			if p.isWord(j, "and", "to", "till", "until", "through", "thru") || p.symAt(j, "-") {
				if d2, k, ok := p.dateOrRel(j + 1); ok {
					p.addRange(d1, d2, i, k)
					return k, true
				}
			}
			if w == "from" {
				p.addPeriod(Period{Label: "since " + d1.label, From: d1.from, To: p.today}, "", i, j)
				return j, true
			}
		}
	case "since", "after", "starting":
		k := i + 1
		if w == "starting" && p.isWord(k, "from", "on") {
			k++
		}
		if p.isWord(k, "the") && p.isWord(k+1, "beginning", "start") {
			p.addPeriod(Period{Label: "all time", AllTime: true}, "", i, k+2)
			return k + 2, true
		}
		if d, j, ok := p.dateOrRel(k); ok {
			from := d.from
			if w == "after" {
				from = d.to.AddDate(0, 0, 1)
			}
			p.addPeriod(Period{Label: w + " " + d.label, From: from, To: p.today}, "", i, j)
			return j, true
		}
	case "until", "till", "before", "through", "thru":
		if d, j, ok := p.dateOrRel(i + 1); ok {
			to := d.to
			if w == "before" {
				to = d.from.AddDate(0, 0, -1)
			}
			p.addPeriod(Period{Label: w + " " + d.label, To: to}, "", i, j)
			return j, true
		}
	}
	if per, rel, j, ok := p.relAt(i); ok {
		p.addPeriod(per, rel, i, j)
		return j, true
	}
	if d, j, ok := p.dateAt(i, false); ok {
		if p.isWord(j, "to", "through", "thru", "until", "till") || p.symAt(j, "-") {
			if d2, k, ok := p.dateAt(j+1, true); ok {
				p.addRange(d, d2, i, k)
				return k, true
			}
		}
		p.addPeriod(Period{Label: d.label, From: d.from, To: d.to, grain: d.grain}, "", i, j)
		return j, true
	}
	return 0, false
}

func (p *parser) addRange(a, b dspan, i, j int) {
	from, to := a.from, b.to
	if from.After(to) && a.inferred {
		// "between December 1 and January 15", asked in February.
		from = from.AddDate(-1, 0, 0)
	}
	if from.After(to) {
		from, to = b.from, a.to
	}
	p.addPeriod(Period{Label: spanText(from, to), From: from, To: to}, "", i, j)
}

// dateOrRel reads a date expression or a relative period ("last month") as
// an endpoint.
func (p *parser) dateOrRel(i int) (dspan, int, bool) {
	if d, j, ok := p.dateAt(i, true); ok {
		return d, j, true
	}
	if per, rel, j, ok := p.relAt(i); ok && rel == "" && !per.AllTime {
		return dspan{from: per.From, to: per.To, grain: per.grain, label: per.Label}, j, true
	}
	return dspan{}, 0, false
}

// dateAt reads a day, month, quarter or year at i. ctx says the caller saw
// a preposition that makes a bare "may" or "march" a month.
func (p *parser) dateAt(i int, ctx bool) (dspan, int, bool) {
	t := p.tok(i)
	if t == nil {
		return dspan{}, 0, false
	}
	if t.kind == tDate {
		d := t.date
		inferred := false
		if !t.yearKnown {
			d = inferYear(p.today, d.Month(), d.Day())
			inferred = true
		}
		return dspan{from: d, to: d, grain: "day", label: d.Format("Jan 2, 2006"), inferred: inferred}, i + 1, true
	}
	w := t.s
	switch w {
	case "today", "tonight":
		return dspan{from: p.today, to: p.today, grain: "day", label: "today"}, i + 1, true
	case "yesterday":
		y := p.today.AddDate(0, 0, -1)
		return dspan{from: y, to: y, grain: "day", label: "yesterday"}, i + 1, true
	}
	if t.kind == tWord {
		if m, ok := monthWord(w); ok && (ctx || p.bareMonthOK(i, w)) {
			return p.monthDate(i+1, m, 0)
		}
		if q, ok := quarterWord(w); ok {
			return p.quarterDate(i+1, q)
		}
		if q, ok := ordinalQuarter(w); ok && p.isWord(i+1, "quarter") {
			return p.quarterDate(i+2, q)
		}
		if wd, ok := weekdayWord(w); ok && (ctx || len(w) >= 6 || dateCtx[p.prevWord(i)]) {
			d := p.today
			for d.Weekday() != wd {
				d = d.AddDate(0, 0, -1)
			}
			return dspan{from: d, to: d, grain: "day", label: d.Format("Monday, Jan 2")}, i + 1, true
		}
	}
	if t.kind == tNum {
		// "5 march", "5th of march 2025".
		if t.n >= 1 && t.n <= 31 && len(t.s) <= 4 {
			k := i + 1
			if p.isWord(k, "of") {
				k++
			}
			if m, ok := monthWord(p.word(k)); ok && p.tok(k).kind == tWord {
				return p.monthDate(k+1, m, t.n)
			}
		}
		if y, ok := p.yearAt(i); ok {
			return dspan{from: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), grain: "year", label: strconv.Itoa(y)}, i + 1, true
		}
	}
	return dspan{}, 0, false
}

// yearAt reads a four-digit year that is not an amount ("over 2000 dollars").
func (p *parser) yearAt(i int) (int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != tNum || len(t.s) != 4 || t.n < 1900 || t.n > 2199 {
		return 0, false
	}
	switch p.word(i + 1) {
	case "dollars", "dollar", "usd", "eur", "euros", "bucks", "k":
		return 0, false
	}
	switch p.prevWord(i) {
	case "over", "under", "above", "below", "than", "least", "most", "exactly", "around", "about", "$":
		return 0, false
	}
	return t.n, true
}

func (p *parser) prevWord(i int) string {
	if i <= 0 {
		return ""
	}
	return p.ts[i-1].s
}

// bareMonthOK says whether a month word stands for a month without a
// preposition: "may" and "march" are also ordinary words, and so are short
// forms like "mar" or "jan".
func (p *parser) bareMonthOK(i int, w string) bool {
	if dateCtx[p.prevWord(i)] {
		return true
	}
	if t := p.tok(i + 1); t != nil && t.kind == tNum {
		return true
	}
	switch w {
	case "may", "march", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return false
	}
	return true
}

// monthDate reads an optional day and year after a month name at i.
func (p *parser) monthDate(i int, m time.Month, day int) (dspan, int, bool) {
	j := i
	if day == 0 {
		if t := p.tok(j); t != nil && t.kind == tNum && t.n >= 1 && t.n <= 31 && len(t.s) <= 4 {
			day = t.n
			j++
		}
	}
	year := 0
	if p.isWord(j, "of") {
		if y, ok := p.yearAt(j + 1); ok {
			year, j = y, j+2
		}
	} else if y, ok := p.yearAt(j); ok {
		year, j = y, j+1
	}
	inferred := year == 0
	if day > 0 {
		var d time.Time
		if year == 0 {
			d = inferYear(p.today, m, day)
		} else {
			d = time.Date(year, m, day, 0, 0, 0, 0, time.UTC)
		}
		if !validDay(d.Year(), m, day) {
			return dspan{}, 0, false
		}
		return dspan{from: d, to: d, grain: "day", label: d.Format("Jan 2, 2006"), inferred: inferred}, j, true
	}
	var f time.Time
	if year == 0 {
		f = inferYear(p.today, m, 1)
	} else {
		f = time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
	}
	return dspan{from: f, to: f.AddDate(0, 1, -1), grain: "month", label: f.Format("January 2006"), inferred: inferred}, j, true
}

func quarterWord(w string) (int, bool) {
	if len(w) == 2 && w[0] == 'q' && w[1] >= '1' && w[1] <= '4' {
		return int(w[1] - '0'), true
	}
	return 0, false
}

func ordinalQuarter(w string) (int, bool) {
	switch w {
	case "first", "1st":
		return 1, true
	case "second", "2nd":
		return 2, true
	case "third", "3rd":
		return 3, true
	case "fourth", "4th":
		return 4, true
	}
	return 0, false
}

func (p *parser) quarterDate(j, q int) (dspan, int, bool) {
	year := 0
	if p.isWord(j, "of") {
		if y, ok := p.yearAt(j + 1); ok {
			year, j = y, j+2
		}
	} else if y, ok := p.yearAt(j); ok {
		year, j = y, j+1
	}
	inferred := year == 0
	if year == 0 {
		year = p.today.Year()
		if time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC).After(p.today) {
			year--
		}
	}
	per := quarterPeriod("", year, q)
	return dspan{from: per.From, to: per.To, grain: "quarter", label: per.Label, inferred: inferred}, j, true
}

// relAt reads periods relative to today: "last month", "past 30 days",
// "this year", "ytd", "3 days ago", "all time", and the markers "the month
// before" and "a year earlier" (rel "prev" and "year").
func (p *parser) relAt(i int) (Period, string, int, bool) {
	w := p.word(i)
	if w == "" {
		return Period{}, "", 0, false
	}
	today := p.today
	switch w {
	case "ever", "alltime", "lifetime":
		return Period{Label: "all time", AllTime: true}, "", i + 1, true
	case "all":
		if p.isWord(i+1, "time") {
			return Period{Label: "all time", AllTime: true}, "", i + 2, true
		}
	case "today", "tonight":
		return dayPeriod("today", today), "", i + 1, true
	case "yesterday":
		return dayPeriod("yesterday", today.AddDate(0, 0, -1)), "", i + 1, true
	case "ytd":
		return yearPeriod("this year", today.Year()).clip(today), "", i + 1, true
	case "mtd":
		return monthPeriod("this month", monthOf(today)).clip(today), "", i + 1, true
	case "year", "month":
		if p.isWord(i+1, "to") && p.isWord(i+2, "date") {
			if w == "year" {
				return yearPeriod("this year", today.Year()).clip(today), "", i + 3, true
			}
			return monthPeriod("this month", monthOf(today)).clip(today), "", i + 3, true
		}
		if p.isWord(i+1, "before", "earlier", "prior") {
			return p.relMarker(w, i+2)
		}
	case "week", "day", "quarter", "period":
		if p.isWord(i+1, "before", "earlier", "prior") {
			return p.relMarker(w, i+2)
		}
	case "the", "a":
		if p.isWord(i+1, "month", "year", "week", "quarter", "period", "day") && p.isWord(i+2, "before", "earlier", "prior") {
			return p.relMarker(p.word(i+1), i+3)
		}
		if p.isWord(i+1, "previous", "prior", "preceding") && p.isWord(i+2, "month", "year", "week", "quarter", "period") {
			return p.relMarker(p.word(i+2), i+3)
		}
		if w == "a" && p.isWord(i+1, "year") && p.isWord(i+2, "ago", "earlier") {
			return p.relMarker("year", i+3)
		}
	case "same":
		if p.isWord(i+1, "month", "period", "time", "week", "quarter") && p.isWord(i+2, "last") && p.isWord(i+3, "year") {
			return Period{}, "year", i + 4, true
		}
	case "this", "current", "thi":
		switch u := unitOf(p.word(i + 1)); {
		case u == "week":
			return weekPeriod("this week", weekStart(today)).clip(today), "", i + 2, true
		case u == "month":
			return monthPeriod("this month", monthOf(today)).clip(today), "", i + 2, true
		case u == "year":
			return yearPeriod("this year", today.Year()).clip(today), "", i + 2, true
		case u == "quarter":
			q := (int(today.Month())-1)/3 + 1
			return quarterPeriod("this quarter", today.Year(), q).clip(today), "", i + 2, true
		case u == "weekend":
			return p.weekend("this weekend", 0), "", i + 2, true
		default:
			if m, ok := monthWord(p.word(i + 1)); ok && p.tok(i+1).kind == tWord {
				f := time.Date(today.Year(), m, 1, 0, 0, 0, 0, time.UTC)
				return monthPeriod("", f).clip(today), "", i + 2, true
			}
		}
	case "last", "past", "previous", "prior", "preceding", "recent", "trailing", "lst", "pst":
		return p.lastAt(i, w)
	}
	// "3 days ago", "two weeks ago".
	if n, ok := p.countAt(i); ok && p.isWord(i+2, "ago") {
		switch unitOf(p.word(i + 1)) {
		case "day":
			return dayPeriod(p.word(i)+" days ago", today.AddDate(0, 0, -n)), "", i + 3, true
		case "week":
			return weekPeriod(p.word(i)+" weeks ago", weekStart(today.AddDate(0, 0, -7*n))), "", i + 3, true
		case "month":
			return monthPeriod("", monthOf(today).AddDate(0, -n, 0)), "", i + 3, true
		case "year":
			return yearPeriod("", today.Year()-n), "", i + 3, true
		}
	}
	if w == "weekend" {
		return p.weekend("last weekend", 1), "", i + 1, true
	}
	return Period{}, "", 0, false
}

func (p *parser) relMarker(unit string, end int) (Period, string, int, bool) {
	if unit == "year" {
		// Alone, "the year before" reads as last year.
		return yearPeriod("last year", p.today.Year()-1), "year", end, true
	}
	return monthPeriod("last month", monthOf(p.today).AddDate(0, -1, 0)), "prev", end, true
}

// countAt reads a count at i: "3", "three", "a couple of", "few".
func (p *parser) countAt(i int) (int, bool) {
	t := p.tok(i)
	if t == nil {
		return 0, false
	}
	if t.kind == tNum && !t.ord && t.n > 0 && t.n < 10000 {
		return t.n, true
	}
	if n, ok := numberWords[t.s]; ok && t.kind == tWord {
		return n, true
	}
	return 0, false
}

// lastAt reads "last month", "past 30 days", "last 3 months", "previous
// year", "last march", "last friday", "last weekend".
func (p *parser) lastAt(i int, w string) (Period, string, int, bool) {
	today := p.today
	calendar := w == "last" || w == "previous" || w == "prior" || w == "preceding" || w == "lst"
	j := i + 1
	if p.isWord(j, "the") {
		j++
	}
	n, hasN := p.countAt(j)
	if hasN {
		j++
		if p.isWord(j, "of") {
			j++
		}
	} else if p.isWord(j, "couple") {
		n, hasN = 2, true
		j++
		if p.isWord(j, "of") {
			j++
		}
	}
	u := p.word(j)
	unit := unitOf(u)
	if hasN {
		label := "the past " + strconv.Itoa(n) + " " + unit + "s"
		if n == 1 {
			label = "the past " + unit
		}
		var from time.Time
		switch unit {
		case "day":
			from = today.AddDate(0, 0, -(n - 1))
		case "week":
			from = today.AddDate(0, 0, -7*n+1)
		case "month":
			from = today.AddDate(0, -n, 1)
		case "quarter":
			from = today.AddDate(0, -3*n, 1)
		case "year":
			from = today.AddDate(-n, 0, 1)
		default:
			return Period{}, "", 0, false
		}
		return Period{Label: label, From: from, To: today}, "", j + 1, true
	}
	switch unit {
	case "day":
		return dayPeriod("yesterday", today.AddDate(0, 0, -1)), "", j + 1, true
	case "week":
		if calendar {
			return weekPeriod("last week", weekStart(today).AddDate(0, 0, -7)), "", j + 1, true
		}
		return Period{Label: "the past week", From: today.AddDate(0, 0, -6), To: today}, "", j + 1, true
	case "month":
		if calendar {
			return monthPeriod("last month", monthOf(today).AddDate(0, -1, 0)), "", j + 1, true
		}
		return Period{Label: "the past month", From: today.AddDate(0, -1, 1), To: today}, "", j + 1, true
	case "quarter":
		if calendar {
			q := (int(today.Month())-1)/3 + 1
			y := today.Year()
			if q == 1 {
				q, y = 4, y-1
			} else {
				q--
			}
			return quarterPeriod("last quarter", y, q), "", j + 1, true
		}
		return Period{Label: "the past quarter", From: today.AddDate(0, -3, 1), To: today}, "", j + 1, true
	case "year":
		if calendar {
			return yearPeriod("last year", today.Year()-1), "", j + 1, true
		}
		return Period{Label: "the past year", From: today.AddDate(-1, 0, 1), To: today}, "", j + 1, true
	case "weekend":
		return p.weekend("last weekend", 1), "", j + 1, true
	case "period":
		return monthPeriod("last month", monthOf(today).AddDate(0, -1, 0)), "prev", j + 1, true
	}
	if m, ok := monthWord(u); ok && p.tok(j) != nil && p.tok(j).kind == tWord {
		y := today.Year()
		if m >= today.Month() {
			y--
		}
		return monthPeriod("", time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), "", j + 1, true
	}
	if wd, ok := weekdayWord(u); ok {
		d := today.AddDate(0, 0, -1)
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, -1)
		}
		return dayPeriod("last "+wd.String(), d), "", j + 1, true
	}
	return Period{}, "", 0, false
}

// unitOf names the time unit a word stands for ("wks", "mnths", "yr",
// "quartr"), or returns the word unchanged.
func unitOf(w string) string {
	switch w {
	case "d", "day", "days":
		return "day"
	case "w", "wk", "wks", "week", "weeks":
		return "week"
	case "mo", "mos", "mth", "mths", "mnth", "mnths", "month", "months":
		return "month"
	case "q", "qtr", "qtrs", "quarter", "quarters":
		return "quarter"
	case "y", "yr", "yrs", "year", "years":
		return "year"
	case "weekend", "weekends":
		return "weekend"
	case "period", "periods":
		return "period"
	}
	if len(w) >= 4 {
		for _, u := range []string{"days", "weeks", "months", "quarters", "years", "weekend"} {
			for _, form := range []string{u, strings.TrimSuffix(u, "s")} {
				if _, ok := similar(w, form); ok {
					return strings.TrimSuffix(u, "s")
				}
			}
		}
	}
	return w
}

// weekend returns this (back 0) or the last (back 1) Saturday and Sunday.
func (p *parser) weekend(label string, back int) Period {
	d := p.today
	if back == 0 && (d.Weekday() == time.Saturday || d.Weekday() == time.Sunday) {
		sat := d
		if d.Weekday() == time.Sunday {
			sat = d.AddDate(0, 0, -1)
		}
		return Period{Label: label, From: sat, To: sat.AddDate(0, 0, 1)}.clip(p.today)
	}
	d = d.AddDate(0, 0, -1)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return Period{Label: label, From: d.AddDate(0, 0, -1), To: d}
}
