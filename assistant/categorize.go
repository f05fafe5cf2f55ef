package assistant

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"penny/category"
	"penny/internal/jsonout"
	"penny/store"
)

// "categorize X as Y": a rule for the future and a fix for the past. The
// phrasings with an unmistakable verb accept any X (it becomes text to look
// for in payees); looser ones ("Netflix should be Entertainment") only count
// when X is a merchant the vault knows, so ordinary questions are never
// mistaken for an instruction to rewrite categories.
var (
	strongCategorize = lazyRE(`(?i)^(?:please\s+)?(?:can you\s+|could you\s+)?(?:always\s+)?(?:re-?)?(?:categori[sz]e|classify|label|tag)\s+(.+?)\s+(?:as|to|under|into|in)\s+(.+)$`)
	changeCategory   = lazyRE(`(?i)^(?:please\s+)?(?:change|set|update|switch|make)\s+(?:the\s+)?categor(?:y|ies)\s+(?:of|for|on)\s+(.+?)\s+(?:to|as|into)\s+(.+)$`)
	weakCategorize   = lazyRE(`(?i)^(?:please\s+)?(?:always\s+)?(?:mark|treat|count|file|put|move|assign)\s+(.+?)\s+(?:as|under|into|in|to)\s+(.+)$`)
	shouldCategorize = lazyRE(`(?i)^(.+?)\s+(?:should\s+be(?:\s+in)?|should\s+go\s+(?:under|in|into)|is\s+always|are\s+always|goes\s+(?:under|in|into)|go\s+(?:under|in|into)|belongs?\s+(?:in|to|under))\s+(.+)$`)
	xPrefix          = lazyRE(`(?i)^(?:all\s+)?(?:of\s+)?(?:my\s+)?(?:the\s+)?(?:(?:transactions?|charges?|purchases?|payments?|payees?|rows?)\s+(?:from|at|to|with|for|by|called|named|like|containing|matching)\s+)?`)
	xSuffix          = lazyRE(`(?i)\s+(?:transactions?|charges?|purchases?|payments?)$`)
	yClean           = lazyRE(`(?i)^(?:the\s+)?(?:category\s+)?(.+?)(?:\s+category)?(?:\s+from now on|\s+going forward|\s+please)?$`)
)

// categorizeWords are the words one of which each categorize expression
// needs (its verb, or "categor", "should", "always", "go", "belong"):
// where none is, no expression is run, nor compiled.
var categorizeWords = []string{"categor", "classify", "label", "tag", "mark", "treat", "count", "file", "put", "move",
	"assign", "should", "always", "go", "belong"}

// mayHold reports whether q could hold one of words, in any case: false
// only when plainly not (q is ASCII, where lower-casing is what (?i)
// matches, and none is in it).
func mayHold(q string, words []string) bool {
	for i := 0; i < len(q); i++ {
		if q[i] >= 0x80 {
			return true
		}
	}
	low := strings.ToLower(q)
	for _, w := range words {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

func (p *parser) categorize() (Parsed, bool) {
	q := strings.TrimSpace(p.raw)
	q = strings.TrimRight(q, "?.! ")
	if !mayHold(q, categorizeWords) {
		return Parsed{}, false
	}
	var x, y string
	strong := false
	if m := strongCategorize.FindStringSubmatch(q); m != nil {
		x, y, strong = m[1], m[2], true
	} else if m := changeCategory.FindStringSubmatch(q); m != nil {
		x, y, strong = m[1], m[2], true
	} else if m := weakCategorize.FindStringSubmatch(q); m != nil {
		x, y = m[1], m[2]
	} else if m := shouldCategorize.FindStringSubmatch(q); m != nil {
		x, y = m[1], m[2]
	} else {
		return Parsed{}, false
	}
	x = xSuffix.ReplaceAllString(xPrefix.ReplaceAllString(strings.TrimSpace(x), ""), "")
	x = strings.Trim(x, ` "'“”`)
	if m := yClean.FindStringSubmatch(strings.TrimSpace(y)); m != nil {
		y = m[1]
	}
	y = strings.Trim(y, ` "'“”`)
	if x == "" || y == "" || len(words(y)) == 0 || len(words(y)) > 4 {
		return Parsed{}, false
	}
	out := Parsed{Intent: IntentCategorize}
	// What X is: a merchant, or text to look for.
	var ws []string
	for _, w := range words(x) {
		if stopwords[w] && w != "the" {
			continue
		}
		ws = append(ws, stem(w))
	}
	var merchants []hit
	if len(ws) > 0 {
		merchants = keep(p.lex.lookup(ws), func(h hit) bool { return p.lex.ents[h.ent].kind == kindMerchant })
	}
	// The same reading as for questions: a whole name wins, one partial
	// name is taken, several are asked about, typos are taken when one is
	// clearly best.
	sub := &parser{lex: p.lex}
	if len(merchants) > 0 && sub.resolve(x, merchants) {
		out.Slots.Merchants = sub.out.Slots.Merchants
		out.Ambiguous = sub.out.Ambiguous
		out.Corrected = sub.out.Corrected
		if sub.out.Slots.Text != "" && strong {
			out.Slots.Pattern = store.NormalizePayee(x)
		}
	}
	if len(out.Slots.Merchants) == 0 && len(out.Ambiguous) == 0 {
		if !strong {
			return Parsed{}, false
		}
		out.Slots.Pattern = store.NormalizePayee(x)
	}
	if out.Slots.Pattern == "" && len(out.Slots.Merchants) == 0 && len(out.Ambiguous) == 0 {
		return Parsed{}, false
	}
	cat, reason := p.categoryName(y)
	out.Slots.NewCategory = cat
	if reason != "" {
		out.Corrected = append(out.Corrected, Correction{Words: y, Kind: kindCategory, Name: cat, Reason: reason})
	}
	return out, true
}

// categoryName turns the Y of "categorize X as Y" into a category: an
// existing one when Y names it (any case, a typo or a synonym — reported),
// else Y itself as a new category, title-cased when typed all lower case.
// The reason says how a different word was read ("typo", "synonym").
func (p *parser) categoryName(y string) (string, string) {
	for _, c := range p.lex.categories {
		if strings.EqualFold(c, y) || key(c) == key(y) || !misspelt(y, c) && len(key(y)) >= len(key(c))-1 {
			return c, ""
		}
	}
	var ws []string
	for _, w := range words(y) {
		ws = append(ws, stem(w))
	}
	hits := keep(p.lex.lookup(ws), func(h hit) bool { return p.lex.ents[h.ent].kind == kindCategory && h.full })
	if len(hits) > 0 {
		best := keep(hits, func(h hit) bool { return sameScore(h, hits[0]) })
		if names := distinctNames(p.lex, best); len(names) == 1 {
			if p.lex.ents[best[0].ent].alias {
				return names[0], "synonym"
			}
			return names[0], "typo"
		}
	}
	if strings.ToLower(y) == y {
		fs := strings.Fields(y)
		for i, f := range fs {
			r := []rune(f)
			r[0] = unicode.ToUpper(r[0])
			fs[i] = string(r)
		}
		y = strings.Join(fs, " ")
	}
	return y, ""
}

// categorize answers "categorize X as Y": one rule per descriptor family of
// X (so future imports follow it) and the same change applied to every
// existing transaction the rules match, in one database transaction.
func (x *ans) categorize() error {
	s := &x.s
	cat := s.NewCategory
	if c := category.Canonical(cat); c != "" {
		cat = c
	}
	var patterns, keys []string
	var text string
	if len(s.Merchants) == 1 {
		m := x.ix.merchant(s.Merchants[0])
		if m == nil {
			x.r.Text = "I no longer find " + s.Merchants[0] + " in the vault."
			return nil
		}
		// A merchant's rule names its key, so every descriptor the bank
		// prints for it, now and later, follows the rule.
		patterns = []string{store.MerchantRulePrefix + m.key}
		keys = []string{m.key}
	} else if s.Pattern != "" {
		patterns = []string{s.Pattern}
		text = s.Pattern
	}
	if len(patterns) == 0 {
		x.r.Text = "Which payees should that rule match? Try “categorize Blue Bottle as Coffee”."
		return nil
	}
	isNew := x.ix.categories[strings.ToLower(cat)] == "" && category.Canonical(cat) == ""
	var ruleIDs []int64
	var before map[string]int64
	err := x.st().WithTx(x.ctx, func(tx *store.Store) error {
		for _, pat := range patterns {
			id, err := tx.AddRule(x.ctx, store.Rule{Kind: "category", Pattern: pat, Value: cat})
			if err != nil {
				return err
			}
			ruleIDs = append(ruleIDs, id)
		}
		var err error
		before, err = tx.RecategorizeMatching(x.ctx, keys, text, cat)
		return err
	})
	if err != nil {
		return err
	}
	// The next question rebuilds the index from the changed rows.
	x.a.ix = nil
	var moved int64
	var from []string
	for c, n := range before {
		moved += n
		name := c
		if name == "" {
			name = "uncategorized"
		}
		from = append(from, fmt.Sprintf("%s %d", name, n))
	}
	sort.Strings(from)
	var b strings.Builder
	if len(keys) > 0 {
		fmt.Fprintf(&b, "Done: %s now goes to %s", x.ix.nameOfKey(keys[0]), cat)
	} else {
		fmt.Fprintf(&b, "Done: payees containing “%s” now go to %s", text, cat)
	}
	if isNew {
		b.WriteString(" (a new category)")
	}
	fmt.Fprintf(&b, ", and %s moved there", plural(moved, "existing transaction", "existing transactions"))
	if len(from) > 0 {
		b.WriteString(" (from " + strings.Join(from, ", ") + ")")
	}
	b.WriteString(".")
	b.WriteString(x.notes())
	x.r.Text = b.String()
	s.Pattern = strings.Join(patterns, " | ")
	rules := []jsonout.CategoryRule{}
	for i, p := range patterns {
		rules = append(rules, jsonout.CategoryRule{Category: cat, ID: ruleIDs[i], Pattern: p})
	}
	x.r.Data = jsonout.CategorizeData{NewCategory: isNew, Previous: before, Rules: rules, Updated: moved}
	x.r.Suggestions = []string{"spending on " + cat + " this month"}
	if prev := previousCategory(before); prev != "" {
		x.r.Suggestions = append(x.r.Suggestions, "categorize "+x.ix.nameOfKey(firstOr(keys, text))+" as "+prev)
	}
	return nil
}

// previousCategory is the category most of the moved rows had, to offer
// the change back.
func previousCategory(before map[string]int64) string {
	best, n := "", int64(0)
	for c, k := range before {
		if c != "" && (k > n || k == n && c < best) {
			best, n = c, k
		}
	}
	return best
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}
