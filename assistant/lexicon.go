package assistant

import (
	"penny/category"

	"math"
	"slices"
	"sort"
	"strings"
)

// Lexicon is what the parser knows by name: the accounts, the categories and
// the merchants of one vault. An Assistant builds it once and refreshes it
// when the data changes; tests build one from plain names.
type Lexicon struct {
	accounts   []AccountName
	categories []string
	merchants  []string

	ents []entity
	// byTok maps a stemmed word to the entities holding it; pairs maps two
	// neighbouring words written as one ("bluebottle") the same way.
	byTok map[string][]int
	pairs map[string][]int
	// vocab is every entity word, sorted, for prefix and typo lookups.
	vocab []string
	df    map[string]int
}

// AccountName is an account as the parser needs it: its name and its type
// ("checking", "savings", "credit", "brokerage"), so "my credit cards" can
// mean every credit account.
type AccountName struct {
	Name string
	Type string
}

// Kinds of names.
const (
	kindAccount  = "account"
	kindCategory = "category"
	kindMerchant = "merchant"
)

type entity struct {
	kind string
	name string   // the canonical name: an account, category or merchant
	toks []string // stemmed words
	w    []float64
	// alias marks a synonym ("restaurants" for Dining): a full match of an
	// alias is as good as the name itself.
	alias bool
}

// categorySynonyms (category name -> words) and groupSynonyms (word ->
// several categories) come from package category, the one home of the
// taxonomy and the words people use for it: "gas" is Fuel, "dining" is
// Restaurants, Coffee, Fast food and Bars.
var categorySynonyms, groupSynonyms = taxonomyWords()

func taxonomyWords() (map[string][]string, map[string][]string) {
	syn := map[string][]string{}
	group := map[string][]string{}
	for _, w := range category.Words() {
		names := category.Resolve(w)
		switch {
		case len(names) == 1 && !strings.EqualFold(names[0], w):
			syn[names[0]] = append(syn[names[0]], w)
		case len(names) > 1 && !strings.Contains(w, " "):
			group[w] = names
		case len(names) > 1:
			// A phrase for several categories: its first stands for it in
			// the lexicon, and the query expands nothing more.
			syn[names[0]] = append(syn[names[0]], w)
		}
	}
	return syn, group
}

// NewLexicon builds a lexicon from names. Merchants are display names
// (MerchantName of descriptors); duplicates are ignored.
func NewLexicon(accounts []AccountName, categories, merchants []string) *Lexicon {
	l := &Lexicon{
		accounts:   slices.Clone(accounts),
		categories: dedupe(categories),
		merchants:  dedupe(merchants),
		byTok:      map[string][]int{},
		pairs:      map[string][]int{},
		df:         map[string]int{},
	}
	for _, a := range l.accounts {
		l.add(kindAccount, a.Name, a.Name, false)
	}
	have := map[string]string{}
	for _, c := range l.categories {
		l.add(kindCategory, c, c, false)
		have[strings.ToLower(c)] = c
	}
	for c, syns := range categorySynonyms {
		name, ok := have[strings.ToLower(c)]
		if !ok {
			continue
		}
		for _, s := range syns {
			l.add(kindCategory, name, s, true)
		}
	}
	for _, m := range l.merchants {
		l.add(kindMerchant, m, m, false)
	}
	// Word weights: a word many names share ("coffee", "market") tells
	// less about which one is meant than a rare one ("philz").
	for _, e := range l.ents {
		seen := map[string]bool{}
		for _, t := range e.toks {
			if !seen[t] && !e.alias {
				l.df[t]++
				seen[t] = true
			}
		}
	}
	for i := range l.ents {
		e := &l.ents[i]
		e.w = make([]float64, len(e.toks))
		for j, t := range e.toks {
			switch {
			case nameFiller[t]:
				e.w[j] = 0.2
			default:
				e.w[j] = 1 / (1 + math.Log(float64(max(1, l.df[t]))))
			}
		}
	}
	vocab := map[string]bool{}
	for i, e := range l.ents {
		for j, t := range e.toks {
			if len(l.byTok[t]) == 0 || l.byTok[t][len(l.byTok[t])-1] != i {
				l.byTok[t] = append(l.byTok[t], i)
			}
			vocab[t] = true
			if j+1 < len(e.toks) {
				p := t + e.toks[j+1]
				l.pairs[p] = append(l.pairs[p], i)
			}
		}
	}
	for t := range vocab {
		l.vocab = append(l.vocab, t)
	}
	sort.Strings(l.vocab)
	return l
}

// nameFiller are words inside names that say little: "The Home Depot",
// "Boot and Shoe Service".
var nameFiller = map[string]bool{
	"the": true, "and": true, "of": true, "a": true, "co": true, "inc": true, "on": true, "in": true,
	"at": true, "de": true, "la": true, "le": true, "el": true, "account": true, "store": true,
}

func (l *Lexicon) add(kind, name, text string, alias bool) {
	ws := words(text)
	if len(ws) == 0 {
		return
	}
	toks := make([]string, len(ws))
	for i, w := range ws {
		toks[i] = stem(w)
	}
	l.ents = append(l.ents, entity{kind: kind, name: name, toks: toks, alias: alias})
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x == "" || seen[strings.ToLower(x)] {
			continue
		}
		seen[strings.ToLower(x)] = true
		out = append(out, x)
	}
	return out
}

// Accounts lists the accounts the lexicon knows.
func (l *Lexicon) Accounts() []AccountName { return slices.Clone(l.accounts) }

// Categories lists the category names the lexicon knows.
func (l *Lexicon) Categories() []string { return slices.Clone(l.categories) }

// Merchants lists the merchant display names the lexicon knows.
func (l *Lexicon) Merchants() []string { return slices.Clone(l.merchants) }

// hit is one entity matching a span of the question.
type hit struct {
	ent      int
	coverage float64 // weighted share of the entity's words the span matched
	typos    int     // span words matched only as typos
	prefix   int     // span words matched as a prefix of a longer word
	full     bool    // every word of the entity was matched
}

// wordMatch is how one typed word matches one entity word.
type wordMatch struct {
	quality float64
	typo    bool
	prefix  bool
	two     bool // the typed word was two entity words run together
}

// matchWord compares a typed word (stemmed) with entity word j (and j+1
// for run-together words).
func matchWord(w string, e *entity, j int) (wordMatch, bool) {
	t := e.toks[j]
	if w == t {
		return wordMatch{quality: 1}, true
	}
	if j+1 < len(e.toks) && w == t+e.toks[j+1] {
		return wordMatch{quality: 1, two: true}, true
	}
	if len(w) >= 3 && len(t) > len(w) && strings.HasPrefix(t, w) && 2*len(w) >= len(t) {
		return wordMatch{quality: 0.85, prefix: true}, true
	}
	if d, ok := similar(w, t); ok && d > 0 {
		return wordMatch{quality: 1 - 0.15*float64(d), typo: true}, true
	}
	if j+1 < len(e.toks) {
		if d, ok := similar(w, t+e.toks[j+1]); ok && d > 0 {
			return wordMatch{quality: 1 - 0.15*float64(d), typo: true, two: true}, true
		}
	}
	return wordMatch{}, false
}

// candidates returns the entities that could hold the typed word w.
func (l *Lexicon) candidates(w string, into map[int]bool) {
	for _, i := range l.byTok[w] {
		into[i] = true
	}
	for _, i := range l.pairs[w] {
		into[i] = true
	}
	if len(w) >= 3 {
		k := sort.SearchStrings(l.vocab, w)
		for ; k < len(l.vocab) && strings.HasPrefix(l.vocab[k], w); k++ {
			if 2*len(w) >= len(l.vocab[k]) {
				for _, i := range l.byTok[l.vocab[k]] {
					into[i] = true
				}
			}
		}
	}
	if typoLimit(len(w)) > 0 {
		for _, t := range l.vocab {
			if _, ok := similar(w, t); ok {
				for _, i := range l.byTok[t] {
					into[i] = true
				}
			}
		}
		for p, ids := range l.pairs {
			if _, ok := similar(w, p); ok {
				for _, i := range ids {
					into[i] = true
				}
			}
		}
	}
}

// lookup matches the typed words ws (folded and stemmed; "" for words to
// skip) against every entity and returns the entities that explain all of
// them, best first.
func (l *Lexicon) lookup(ws []string) []hit {
	var sets []map[int]bool
	for _, w := range ws {
		if w == "" {
			continue
		}
		s := map[int]bool{}
		l.candidates(w, s)
		if len(s) == 0 {
			return nil
		}
		sets = append(sets, s)
	}
	if len(sets) == 0 {
		return nil
	}
	var hits []hit
	for i := range sets[0] {
		inAll := true
		for _, s := range sets[1:] {
			if !s[i] {
				inAll = false
				break
			}
		}
		if !inAll {
			continue
		}
		if h, ok := l.align(i, ws); ok {
			hits = append(hits, h)
		}
	}
	sort.Slice(hits, func(a, b int) bool { return better(hits[a], hits[b], l) })
	return hits
}

// align matches the typed words to distinct words of entity i, in order,
// and scores the result.
func (l *Lexicon) align(i int, ws []string) (hit, bool) {
	e := &l.ents[i]
	used := make([]bool, len(e.toks))
	got := make([]float64, len(e.toks))
	h := hit{ent: i}
	next := 0
	for _, w := range ws {
		if w == "" {
			continue
		}
		best, bestJ := wordMatch{}, -1
		// Words are usually typed in the name's order; look ahead first,
		// then anywhere ("gold amex").
		for pass := 0; pass < 2 && bestJ < 0; pass++ {
			for j := range e.toks {
				if used[j] || (pass == 0 && j < next) {
					continue
				}
				if m, ok := matchWord(w, e, j); ok && m.quality > best.quality {
					if m.two && (j+1 >= len(e.toks) || used[j+1]) {
						continue
					}
					best, bestJ = m, j
				}
			}
		}
		if bestJ < 0 {
			return hit{}, false
		}
		used[bestJ] = true
		got[bestJ] = best.quality
		if best.two {
			used[bestJ+1] = true
			got[bestJ+1] = best.quality
		}
		next = bestJ + 1
		if best.typo {
			h.typos++
		}
		if best.prefix {
			h.prefix++
		}
	}
	var sum, all float64
	h.full = true
	for j := range e.toks {
		all += e.w[j]
		sum += e.w[j] * got[j]
		if !used[j] && !nameFiller[e.toks[j]] {
			h.full = false
		}
	}
	if all > 0 {
		h.coverage = sum / all
	}
	return h, true
}

// better orders hits: full names first, then coverage, then fewer typos;
// among equals, categories and accounts before merchants, since a category
// word ("travel") is more often meant than a shop that contains it.
func better(a, b hit, l *Lexicon) bool {
	if a.full != b.full {
		return a.full
	}
	if math.Abs(a.coverage-b.coverage) > 1e-9 {
		return a.coverage > b.coverage
	}
	if a.typos != b.typos {
		return a.typos < b.typos
	}
	if l.ents[a.ent].alias != l.ents[b.ent].alias {
		return !l.ents[a.ent].alias
	}
	ka, kb := kindRank(l.ents[a.ent].kind), kindRank(l.ents[b.ent].kind)
	if ka != kb {
		return ka < kb
	}
	return l.ents[a.ent].name < l.ents[b.ent].name
}

func kindRank(k string) int {
	switch k {
	case kindCategory:
		return 0
	case kindAccount:
		return 1
	}
	return 2
}

// nearest suggests up to n names close to a word nobody recognized, for
// "Did you mean...?" — looser than matching, since it only offers.
func (l *Lexicon) nearest(w string, n int) []string {
	type cand struct {
		name string
		d    int
	}
	lim := max(2, len(w)/3)
	best := map[string]int{}
	for _, e := range l.ents {
		for _, t := range e.toks {
			if len(t) < 3 {
				continue
			}
			d := editDistance(w, t, lim)
			if strings.HasPrefix(t, w) && len(w) >= 3 {
				d = 1
			}
			if d <= lim {
				if old, ok := best[e.name]; !ok || d < old {
					best[e.name] = d
				}
			}
		}
	}
	var cs []cand
	for name, d := range best {
		cs = append(cs, cand{name, d})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	var out []string
	for _, c := range cs {
		if len(out) == n {
			break
		}
		out = append(out, c.name)
	}
	return out
}
