// Package suggest finds what a person most likely meant by a mistyped word
// (a command, a flag, a format): the "did you mean" of gh and git.
package suggest

import "strings"

// Closest returns the candidate nearest to word, and false when none is near
// enough to be worth suggesting. Near is a Damerau-Levenshtein distance (a
// swap of two neighbouring letters counts as one edit) of at most a third of
// the word's length, at least 1 and at most 3; a candidate that starts with
// the word (at least two letters of it) is near too. Case is ignored; ties go
// to the candidate listed first.
func Closest(word string, candidates []string) (string, bool) {
	w := strings.ToLower(word)
	if w == "" {
		return "", false
	}
	limit := min(max(len([]rune(w))/3, 1), 3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == w {
			return c, true
		}
		d := distance(w, lc)
		if len(w) >= 2 && strings.HasPrefix(lc, w) {
			d = min(d, limit)
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
