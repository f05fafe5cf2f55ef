package assistant

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fuzzy matching: people type "spnding on grocerys" into a chat box, and the
// answer should be about Groceries — but said so, in case it was a guess.

// editDistance is the Damerau-Levenshtein distance between a and b in the
// optimal string alignment form (a swap of two neighbours costs one, as in
// "teh"), on runes so that "café" is four letters. It gives up early and
// returns limit+1 once the distance must exceed limit, which keeps matching a
// word against hundreds of names cheap.
func editDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	n, m := len(ra), len(rb)
	// Three rows are enough for the transposition rule.
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// typoLimit is how many edits a word of n letters may carry and still be
// recognized: none for short words, where one edit turns "gas" into "gap",
// one from four letters, two from eight.
func typoLimit(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// similar reports whether a typed word w is a typo of the known word k, and
// how many edits apart they are. Both are already folded.
func similar(w, k string) (int, bool) {
	if w == k {
		return 0, true
	}
	lim := typoLimit(min(utf8.RuneCountInString(w), utf8.RuneCountInString(k)))
	if lim == 0 {
		return 0, false
	}
	// Typos rarely touch the first letter; requiring it keeps "rent" from
	// matching "cent" and makes the scan over long lists cheap. Numbers are
	// never typos: 1850 is not 1800.
	if w[0] != k[0] || strings.ContainsAny(w, "0123456789") || strings.ContainsAny(k, "0123456789") {
		return 0, false
	}
	d := editDistance(w, k, lim)
	return d, d <= lim
}

// fold lowers s, turns curly quotes into straight ones, drops apostrophes
// (so "Trader Joe's" and "trader joes" meet) and strips accents from Latin
// letters, so "cafe" finds "Café".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '\'', '’', '‘', '`', '´':
			continue
		}
		r = unicode.ToLower(r)
		if a, ok := accents[r]; ok {
			b.WriteString(a)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var accents = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i",
	'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o",
	'ö': "o", 'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y",
	'ÿ': "y", 'ß': "ss",
}

// words splits folded text into words of letters and digits; "&" becomes
// "and" so "Barnes & Noble" and "barnes and noble" agree.
func words(s string) []string {
	s = fold(s)
	var out []string
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		if r == '&' || r == '+' {
			out = append(out, "and")
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// stem folds plural and possessive endings so "groceries", "grocery" and
// "grocerys" meet, and "subscriptions" finds "Subscriptions" either way. It
// is deliberately crude: it only has to make two spellings of one word
// agree, never produce a real word.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// key is the identity of a name for grouping: folded letters and digits
// only, so "Wal-Mart", "WALMART" and "Walmart" are one merchant.
func key(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		if w == "and" {
			continue
		}
		b.WriteString(w)
	}
	return b.String()
}
