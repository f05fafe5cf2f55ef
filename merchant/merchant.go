// Package merchant decides, in one place for the whole program, which
// merchant a bank descriptor names.
//
// Banks print the same shop in many ways: "POS DEBIT TARGET T-1234 AUSTIN
// TX", "TARGET.COM", "CHECKCARD 1203 TARGET 00012345". Identify strips the
// channel and processor wrapping (POS, SQ *, Kartenzahlung, PAIEMENT CB,
// ...), store numbers, reference codes, dates, phone numbers, card digits
// and the trailing city, then looks the rest up in a table of brands.
// Descriptors that are not purchases (cash withdrawals, salary, card
// payments, transfers, fees, ...) are recognized by kind rules and get a
// category with no merchant key, or the counterparty's key where there is
// one (the employer of a salary). A merchant the table does not know still
// gets a clean, stable name and key ("POS DEBIT JOES DINER 0042 AUSTIN TX"
// is "Joes Diner", key "joes-diner").
//
// The brands, rules, prefixes, words and cities are data: the embedded
// files brands.tsv, kinds.tsv, prefixes.txt, words.tsv and cities.txt, each
// described in its header. They are compiled once, on first use, into one
// token trie, so identifying a descriptor is a single pass over its words
// and does not allocate for a known merchant.
package merchant

import (
	"slices"
	"strings"
)

// Merchant is what a descriptor says about who was paid.
type Merchant struct {
	// Key is stable and lower case ("target", "uber-eats", "joes-diner"):
	// rows with the same key are the same merchant. It is "" when the text
	// names nobody ("ATM WITHDRAWAL", "MONTHLY SERVICE FEE").
	Key string
	// Name is for people: "Target", "Uber Eats", "Blue Bottle Coffee".
	Name string
	// Category is a leaf of the taxonomy ("Groceries", "Salary", ...), or
	// "" when unknown.
	Category string
	// Known is true when the brand table or a kind rule recognized the
	// text, false when the name was only cleaned out of it.
	Known bool
}

// Identify returns the merchant a descriptor names, using the built-in
// table. When a row's payee is empty, pass its memo. It is pure and safe
// for concurrent use.
func Identify(descriptor string) Merchant {
	return builtin().identify(descriptor)
}

// Brand is one entry of the built-in table.
type Brand struct {
	Key      string
	Name     string
	Category string
	// Aliases are the other spellings descriptors use ("AMZN MKTP",
	// "WHOLEFDS").
	Aliases []string
}

// Brands returns the built-in table, for vocabulary such as the
// assistant's. The slice and its aliases are copies.
func Brands() []Brand {
	t := builtin()
	out := make([]Brand, len(t.brands))
	for i, b := range t.brands {
		b.Aliases = slices.Clone(b.Aliases)
		out[i] = b
	}
	return out
}

// KeyOf returns the key for a display name or a user's word, so that what
// a person types meets what Identify returns: a brand's name or alias gives
// the brand's key ("Uber Eats" and "UBER EATS" give "uber-eats", "AMZN MKTP"
// gives "amazon"), anything else its words joined by '-' ("Joe's Diner" is
// "joes-diner"), which is the key Identify gives an unknown merchant of
// that name.
func KeyOf(name string) string {
	t := builtin()
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.tokenize(name, &t.words)
	if len(sc.toks) == 0 {
		return ""
	}
	if b := t.exact(sc.toks); b >= 0 {
		return t.brands[b].Key
	}
	var sb strings.Builder
	for i, tk := range sc.toks {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.Write(sc.buf[tk.start:tk.end])
	}
	return sb.String()
}

// exact returns the brand whose name or alias is exactly toks, or -1.
func (t *table) exact(toks []token) int32 {
	nd := int32(0)
	for _, tk := range toks {
		nd = t.child(nd, tk.id)
		if nd == 0 {
			return -1
		}
	}
	if b := t.nodes[nd].brand; b >= 0 {
		return b
	}
	return t.nodes[nd].brandStart
}

// Lookup returns the brands a user's word may mean: those whose name or an
// alias contains its words. "amazon" gives Amazon, Amazon Prime, Amazon
// Web Services and the other Amazon lines, so that the caller may ask
// which. A brand whose name or alias is exactly the word comes first; the
// rest follow in table order.
func Lookup(word string) []Brand {
	t := builtin()
	w := words(word)
	if len(w) == 0 {
		return nil
	}
	var exact, partial []Brand
	for _, b := range t.brands {
		best := 0 // 0 no match, 1 contains, 2 equal
		for _, s := range append([]string{b.Name}, b.Aliases...) {
			aw := words(s)
			if slices.Equal(aw, w) {
				best = 2
				break
			}
			if best == 0 && containsRun(aw, w) {
				best = 1
			}
		}
		b.Aliases = slices.Clone(b.Aliases)
		switch best {
		case 2:
			exact = append(exact, b)
		case 1:
			partial = append(partial, b)
		}
	}
	return append(exact, partial...)
}

// containsRun reports whether w occurs in s as consecutive words, or as
// the words of s run together ("doordash" in "door dash").
func containsRun(s, w []string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if slices.Equal(s[i:i+len(w)], w) {
			return true
		}
	}
	return len(w) == 1 && len(s) > 1 && strings.Join(s, "") == w[0]
}

// Override is a user's rename or merge: rows whose key is Key get Name,
// and the key of Name. Two overrides that give the same Name merge their
// keys into one merchant.
type Override struct{ Key, Name string }

// Resolver is the built-in table plus a user's overrides. It is safe for
// concurrent use; build a new one when the overrides change.
type Resolver struct {
	t   *table
	out map[string]resolved
}

type resolved struct {
	name, key, category string
}

// NewResolver returns a Resolver that applies overrides after the table.
// An override whose target key is itself overridden is followed ("amzn"
// renamed "Amazon", "amazon" renamed "Amazon Shopping": both become
// "Amazon Shopping"); a cycle stops where it would repeat. Overrides with
// an empty Key or Name are ignored; for the same Key the last one wins.
func NewResolver(overrides []Override) *Resolver {
	t := builtin()
	names := map[string]string{}
	for _, o := range overrides {
		k := strings.TrimSpace(o.Key)
		n := strings.Join(strings.Fields(o.Name), " ")
		if k == "" || n == "" {
			continue
		}
		names[k] = n
	}
	r := &Resolver{t: t, out: make(map[string]resolved, len(names))}
	for k, n := range names {
		seen := map[string]bool{k: true}
		key := KeyOf(n)
		for {
			next, ok := names[key]
			if !ok || seen[key] {
				break
			}
			seen[key] = true
			n, key = next, KeyOf(next)
		}
		res := resolved{name: n, key: key}
		if b, ok := t.byKey[key]; ok {
			res.category = t.brands[b].Category
		}
		r.out[k] = res
	}
	return r
}

// Identify is the package's Identify followed by the overrides. A renamed
// merchant keeps its category, or takes the category of the brand it was
// renamed to when it had none.
func (r *Resolver) Identify(descriptor string) Merchant {
	m := r.t.identify(descriptor)
	if m.Key == "" {
		return m
	}
	if o, ok := r.out[m.Key]; ok {
		m.Name, m.Key = o.name, o.key
		if m.Category == "" {
			m.Category = o.category
		}
	}
	return m
}
