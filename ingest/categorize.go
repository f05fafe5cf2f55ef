package ingest

import (
	"strings"

	"penny/category"
	"penny/merchant"
	"penny/store"
)

// Categorizer gives a transaction a category of package category's
// taxonomy: the user's rules first (a payee substring, or a merchant by its
// key), then the category the source gave (mapped onto the taxonomy, so an
// hledger "Assets:Savings" target is a transfer, never spending), then the
// merchant's category from package merchant's brand table and kind rules.
// Substring rules are matched in one pass with an Aho-Corasick automaton, so
// a few hundred rules cost about as much as one: a loop over compiled
// regexps cost ~115 µs per row, which an import of 100k rows cannot afford.
type Categorizer struct {
	user       *matcher
	byMerchant map[string]string // merchant key -> category, from merchant rules
}

// NewCategorizer builds the automaton for the user's rules (newest or
// highest-priority first, as store.Rules lists them).
func NewCategorizer(rules []store.Rule) *Categorizer {
	var up []pattern
	byMerchant := map[string]string{}
	for i, r := range rules {
		if k, ok := strings.CutPrefix(r.Pattern, store.MerchantRulePrefix); ok {
			if _, seen := byMerchant[k]; !seen {
				byMerchant[k] = r.Value
			}
			continue
		}
		if p := store.NormalizePayee(r.Pattern); p != "" {
			// Earlier rules win ties: they have the higher priority.
			up = append(up, pattern{text: p, value: r.Value, rank: len(rules) - i})
		}
	}
	return &Categorizer{user: newMatcher(up), byMerchant: byMerchant}
}

// Category picks the category of a row: a user rule, else the source's
// category, else the merchant's, else "".
func (c *Categorizer) Category(payee, memo, source string, m merchant.Merchant) string {
	return c.categoryNormalized(store.NormalizePayee(payee), store.NormalizePayee(memo), source, m)
}

// categoryNormalized is Category for text already normalized.
func (c *Categorizer) categoryNormalized(payee, memo, source string, m merchant.Merchant) string {
	if v, ok := c.byMerchant[m.Key]; ok && m.Key != "" {
		return v
	}
	if v, ok := c.user.best(" " + payee + " "); ok {
		return v
	}
	if source != "" {
		if v := category.Normalize(source); v != "" {
			return v
		}
	}
	return m.Category
}

// otherIncome files money in that nothing categorized as income from
// outside, which is how category.Classify already counts it.
func otherIncome(cat string, amount int64) string {
	if cat == "" && amount > 0 {
		return category.OtherIncome
	}
	return cat
}

type pattern struct {
	text  string
	value string
	rank  int
}

// matcher is a byte-level Aho-Corasick automaton over patterns that must
// start at a word boundary (each is matched with a leading space against
// text padded with spaces). The longest match wins, then the highest rank:
// "amazon prime video" beats "amazon".
type matcher struct {
	next [][256]int32
	fail []int32
	out  []int32 // index into pats of the best pattern ending here, or -1
	pats []pattern
}

func newMatcher(pats []pattern) *matcher {
	m := &matcher{pats: pats}
	m.addState()
	for i, p := range pats {
		s := int32(0)
		for _, b := range []byte(" " + p.text) {
			if m.next[s][b] == 0 {
				m.next[s][b] = m.addState()
			}
			s = m.next[s][b]
		}
		if m.out[s] < 0 || better(pats[i], pats[m.out[s]]) {
			m.out[s] = int32(i)
		}
	}
	// Breadth-first: failure links, and the transition table completed so
	// matching never follows links.
	queue := []int32{}
	for b := 0; b < 256; b++ {
		if s := m.next[0][b]; s != 0 {
			m.fail[s] = 0
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if f := m.out[m.fail[s]]; f >= 0 && (m.out[s] < 0 || better(pats[f], pats[m.out[s]])) {
			m.out[s] = f
		}
		for b := 0; b < 256; b++ {
			t := m.next[s][b]
			if t == 0 {
				m.next[s][b] = m.next[m.fail[s]][b]
				continue
			}
			m.fail[t] = m.next[m.fail[s]][b]
			queue = append(queue, t)
		}
	}
	return m
}

func better(a, b pattern) bool {
	if len(a.text) != len(b.text) {
		return len(a.text) > len(b.text)
	}
	return a.rank > b.rank
}

func (m *matcher) addState() int32 {
	m.next = append(m.next, [256]int32{})
	m.fail = append(m.fail, 0)
	m.out = append(m.out, -1)
	return int32(len(m.next) - 1)
}

// best returns the value of the best pattern found in text.
func (m *matcher) best(text string) (string, bool) {
	if len(m.pats) == 0 {
		return "", false
	}
	s := int32(0)
	found := int32(-1)
	for i := 0; i < len(text); i++ {
		s = m.next[s][text[i]]
		if o := m.out[s]; o >= 0 && (found < 0 || better(m.pats[o], m.pats[found])) {
			found = o
		}
	}
	if found < 0 {
		return "", false
	}
	return m.pats[found].value, true
}
