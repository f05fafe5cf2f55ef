package assistant

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The literal prefilters skip an expression only where it cannot match:
// over random phrases built from each expression's own words (in any case,
// with fillers and digits around), whenever mayHold says no, none of the
// expressions it guards matches; and a token with no digit matches none of
// the expressions appendField skips for it. Dropping a word from
// categorizeWords (say "go") makes this fail.
func TestPrefiltersSkipOnlyWhatCannotMatch(t *testing.T) {
	t.Parallel()
	vocab := []string{"please", "can you", "always", "re-categorize", "categorise", "categorize", "classify", "label", "tag",
		"change", "set", "the", "category", "categories", "of", "for", "to", "as", "under", "into", "in", "mark", "treat",
		"count", "file", "put", "move", "assign", "should be", "should go", "is always", "are always", "goes", "go",
		"belongs", "belong", "netflix", "amazon", "coffee", "groceries", "rename", "call", "recall", "me", "shopping",
		"12", "$5", "2026-01-02", "3/4", "1st", "30d", "balance", "spending", "last month"}
	rng := rand.New(rand.NewPCG(1, 2))
	guarded := []*lazyRegexp{strongCategorize, changeCategory, weakCategorize, shouldCategorize}
	renames := []*lazyRegexp{renameTo, renameCall}
	digits := []*lazyRegexp{isoDate, slashDate, dotDate, rangeRe, amountRe, ordRe, numUnitRe}
	skipped := 0
	for range 20000 {
		n := 2 + rng.IntN(6)
		ws := make([]string, n)
		for i := range ws {
			w := vocab[rng.IntN(len(vocab))]
			if rng.IntN(3) == 0 {
				w = strings.ToUpper(w)
			} else if rng.IntN(3) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			ws[i] = w
		}
		q := strings.Join(ws, " ")
		if !mayHold(q, categorizeWords) {
			skipped++
			for _, re := range guarded {
				if re.MatchString(q) {
					t.Fatalf("%q is skipped, yet %s matches it", q, re.expr)
				}
			}
		}
		if !mayHold(q, renameWords) {
			for _, re := range renames {
				if re.MatchString(q) {
					t.Fatalf("%q is skipped, yet %s matches it", q, re.expr)
				}
			}
		}
		for _, f := range ws {
			if strings.ContainsAny(f, "0123456789") {
				continue
			}
			for _, re := range digits {
				if re.MatchString(f) {
					t.Fatalf("token %q has no digit, yet %s matches it", f, re.expr)
				}
			}
		}
	}
	if skipped < 100 {
		t.Fatalf("only %d phrases were skipped: the test exercises little", skipped)
	}
}
