package merchant

import (
	"penny/category"

	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// The knowledge lives in plain text files so that people can correct a
// brand or add a bank's prefix without touching code. Each is read once,
// on first use, into one token trie.
var (
	//go:embed brands.tsv
	brandsTSV string
	//go:embed kinds.tsv
	kindsTSV string
	//go:embed prefixes.txt
	prefixesTXT string
	//go:embed words.tsv
	wordsTSV string
	//go:embed cities.txt
	citiesTXT string
)

// isLeaf reports whether c is a category a Merchant may carry: a leaf of
// package category's taxonomy, the one list of them. The data files are
// checked against it.
func isLeaf(c string) bool { return category.IsLeaf(c) }

// Word roles, from words.tsv. A word can have several.
const (
	rRegion   uint16 = 1 << iota // a state, province or country code that ends a descriptor
	rLegal                       // a company form ("INC", "GMBH") dropped from the end of a name
	rTLD                         // a URL ending, dropped when glued by a dot ("AMAZON.COM")
	rField                       // an ACH or SEPA field label; a name never runs past it
	rFiller                      // a word that ends a name without naming anyone ("PMT", "PURCHASE")
	rCurrency                    // a currency code
	rLead                        // a word dropped before a name starts ("WWW", "THE" is not one)
	rTail                        // a word dropped from the end of a name ("ON 12 MAR")
)

var roleNames = map[string]uint16{
	"region": rRegion, "legal": rLegal, "tld": rTLD, "field": rField,
	"filler": rFiller, "currency": rCurrency, "lead": rLead, "tail": rTail,
}

// kind is a rule for a descriptor that is not a purchase from a merchant.
type kind struct {
	category string
	name     string // what to call the row when it names nobody
	strong   bool   // wins over a brand found in the same text
	rest     bool   // the rest of the text names the counterparty (the employer of a salary)
}

// node is a trie state: what the token sequence from the root to it is.
type node struct {
	brand      int32 // brand index for an alias matched anywhere, or -1
	brandStart int32 // brand index for an alias matched only where the name starts, or -1
	kind       int32 // lowest kind rule index, or -1
	kindStart  int32 // the same for rules matched only where the name starts
	prefix     uint8 // 1: a channel or processor prefix; 2: the same, only when a '*' follows
	city       bool
}

type table struct {
	brands []Brand
	byKey  map[string]int32
	kinds  []kind
	vocab  map[string]int32
	roles  []uint16         // by vocabulary id
	trans  map[uint64]int32 // while building
	nodes  []node
	words  wordTable // vocab, for the hot path
	edges  edgeTable // trans, for the hot path
	root   []int32   // the root's children by word id
	errs   []error   // problems in the data files; tests insist there are none
}

var (
	tableOnce sync.Once
	theTable  *table
)

// Prepare builds the built-in table now, for a caller that has a core to
// spare before its first lookup (an import, while it parses its files).
func Prepare() { builtin() }

func builtin() *table {
	tableOnce.Do(func() {
		theTable = build(brandsTSV, kindsTSV, prefixesTXT, wordsTSV, citiesTXT)
	})
	return theTable
}

// words splits a pattern the way descriptors are split, without the
// vocabulary (which the pattern is about to extend).
func words(s string) []string {
	var sc scratch
	sc.tokenize(s, nil)
	out := make([]string, len(sc.toks))
	for i, t := range sc.toks {
		out[i] = string(sc.buf[t.start:t.end])
	}
	return out
}

func (t *table) id(w string) int32 {
	if id, ok := t.vocab[w]; ok {
		return id
	}
	id := int32(len(t.roles))
	t.vocab[w] = id
	t.roles = append(t.roles, 0)
	return id
}

// insert adds a pattern and returns its final node, or -1 for an empty one.
func (t *table) insert(pattern string) int32 {
	ws := words(pattern)
	if len(ws) == 0 {
		return -1
	}
	n := int32(0)
	for _, w := range ws {
		k := uint64(n)<<32 | uint64(t.id(w))
		c, ok := t.trans[k]
		if !ok {
			c = int32(len(t.nodes))
			t.nodes = append(t.nodes, node{brand: -1, brandStart: -1, kind: -1, kindStart: -1})
			t.trans[k] = c
		}
		n = c
	}
	return n
}

// lines yields the non-empty, non-comment lines of a data file with their
// line numbers.
func lines(src string, f func(no int, line string)) {
	for i, l := range strings.Split(src, "\n") {
		l = strings.TrimRight(l, " \r")
		if l == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		f(i+1, l)
	}
}

func build(brands, kinds, prefixes, wordList, cities string) *table {
	t := &table{
		byKey: map[string]int32{},
		vocab: map[string]int32{"": 0},
		roles: []uint16{0},
		trans: map[uint64]int32{},
		nodes: []node{{brand: -1, brandStart: -1, kind: -1, kindStart: -1}},
	}
	errf := func(file string, no int, format string, a ...any) {
		t.errs = append(t.errs, fmt.Errorf("%s:%d: "+format, append([]any{file, no}, a...)...))
	}

	lines(brands, func(no int, l string) {
		f := strings.Split(l, "\t")
		if len(f) < 2 || len(f) > 4 {
			errf("brands.tsv", no, "want name, category, aliases and an optional key separated by tabs: %q", l)
			return
		}
		b := Brand{Name: strings.TrimSpace(f[0]), Category: strings.TrimSpace(f[1])}
		if b.Category == "-" {
			b.Category = ""
		} else if !isLeaf(b.Category) {
			errf("brands.tsv", no, "category %q is not a taxonomy leaf", b.Category)
			return
		}
		var aliases []string
		if len(f) > 2 {
			for _, a := range strings.Split(f[2], ";") {
				if a = strings.TrimSpace(a); a != "" {
					aliases = append(aliases, a)
				}
			}
		}
		b.Key = slug(words(b.Name))
		if len(f) > 3 && strings.TrimSpace(f[3]) != "" {
			b.Key = strings.TrimSpace(f[3])
		}
		if b.Key == "" || b.Name == "" {
			errf("brands.tsv", no, "empty name or key: %q", l)
			return
		}
		if _, dup := t.byKey[b.Key]; dup {
			errf("brands.tsv", no, "key %q used twice", b.Key)
			return
		}
		bi := int32(len(t.brands))
		t.byKey[b.Key] = bi
		// The name is an alias too, unless an alias pins it to the start.
		anchoredName := false
		for _, a := range aliases {
			if a[0] == '^' && strings.EqualFold(strings.Join(words(a[1:]), " "), strings.Join(words(b.Name), " ")) {
				anchoredName = true
			}
		}
		if !anchoredName {
			aliases = append([]string{b.Name}, aliases...)
		}
		for _, a := range aliases {
			start := a[0] == '^'
			n := t.insert(strings.TrimPrefix(a, "^"))
			if n < 0 {
				errf("brands.tsv", no, "alias %q has no words", a)
				continue
			}
			slot := &t.nodes[n].brand
			if start {
				slot = &t.nodes[n].brandStart
			}
			if *slot >= 0 && *slot != bi {
				errf("brands.tsv", no, "alias %q already names %s", a, t.brands[*slot].Name)
				continue
			}
			other := t.nodes[n].brand
			if !start {
				other = t.nodes[n].brandStart
			}
			if other >= 0 && other != bi {
				errf("brands.tsv", no, "alias %q is also %s's, with or without '^'", a, t.brands[other].Name)
				continue
			}
			*slot = bi
			if a != b.Name {
				b.Aliases = append(b.Aliases, strings.TrimPrefix(a, "^"))
			}
		}
		t.brands = append(t.brands, b)
	})

	lines(kinds, func(no int, l string) {
		f := strings.Split(l, "\t")
		if len(f) < 3 || len(f) > 4 {
			errf("kinds.tsv", no, "want patterns, category, name and optional flags separated by tabs: %q", l)
			return
		}
		k := kind{category: strings.TrimSpace(f[1]), name: strings.TrimSpace(f[2])}
		if k.category != "" && !isLeaf(k.category) {
			errf("kinds.tsv", no, "category %q is not a taxonomy leaf", k.category)
			return
		}
		if len(f) == 4 {
			for _, fl := range strings.Fields(f[3]) {
				switch fl {
				case "strong":
					k.strong = true
				case "rest":
					k.rest = true
				default:
					errf("kinds.tsv", no, "unknown flag %q", fl)
				}
			}
		}
		ki := int32(len(t.kinds))
		t.kinds = append(t.kinds, k)
		for _, p := range strings.Split(f[0], ";") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			start := p[0] == '^'
			n := t.insert(strings.TrimPrefix(p, "^"))
			if n < 0 {
				errf("kinds.tsv", no, "pattern %q has no words", p)
				continue
			}
			slot := &t.nodes[n].kind
			if start {
				slot = &t.nodes[n].kindStart
			}
			if *slot < 0 {
				*slot = ki
			}
		}
	})

	lines(prefixes, func(no int, l string) {
		l = strings.TrimSpace(l)
		star := strings.HasSuffix(l, "*")
		n := t.insert(strings.TrimSuffix(l, "*"))
		if n < 0 {
			errf("prefixes.txt", no, "prefix %q has no words", l)
			return
		}
		if star {
			if t.nodes[n].prefix == 0 {
				t.nodes[n].prefix = 2
			}
		} else {
			t.nodes[n].prefix = 1
		}
	})

	lines(wordList, func(no int, l string) {
		f := strings.SplitN(l, "\t", 2)
		role, ok := roleNames[strings.TrimSpace(f[0])]
		if len(f) != 2 || !ok {
			errf("words.tsv", no, "want a role (region, legal, tld, field, filler, tail, currency, lead), a tab and words: %q", l)
			return
		}
		for _, w := range strings.Fields(f[1]) {
			ws := words(w)
			if len(ws) != 1 {
				errf("words.tsv", no, "%q is not one word", w)
				continue
			}
			t.roles[t.id(ws[0])] |= role
		}
	})

	lines(cities, func(no int, l string) {
		n := t.insert(l)
		if n < 0 {
			errf("cities.txt", no, "city %q has no words", l)
			return
		}
		t.nodes[n].city = true
	})
	t.words = newWordTable(t.vocab)
	t.edges = newEdgeTable(t.trans)
	t.root = make([]int32, len(t.roles))
	for k, c := range t.trans {
		if k>>32 == 0 {
			t.root[uint32(k)] = c
		}
	}
	return t
}

// child follows one token from node n; 0 means there is no such edge (the
// root is never a child).
func (t *table) child(n int32, id int32) int32 {
	if id == 0 {
		return 0
	}
	if n == 0 {
		return t.root[id]
	}
	return t.edges.get(edgeKey(n, id))
}
