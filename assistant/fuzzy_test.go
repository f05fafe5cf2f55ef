package assistant

import "testing"

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"spending", "spending", 2, 0},
		{"spnding", "spending", 2, 1},   // a letter left out
		{"grocerys", "groceries", 2, 2}, // one changed, one added
		{"teh", "the", 2, 1},            // neighbours swapped count once
		{"categroies", "categories", 2, 1},
		{"café", "cafe", 2, 1},       // runes, not bytes
		{"netflix", "spotify", 2, 3}, // past the limit: limit+1
		{"", "abc", 5, 3},
	} {
		if got := editDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func TestSimilarKeepsShortWordsAndNumbersExact(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"gas", "gap", false},   // too short for a typo
		{"rent", "cent", false}, // the first letter stays
		{"balanse", "balance", true},
		{"1850", "1800", false}, // numbers are never typos
		{"netflx", "netflix", true},
	} {
		if _, got := similar(c.a, c.b); got != c.want {
			t.Errorf("similar(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestStemAndKey(t *testing.T) {
	for in, want := range map[string]string{"groceries": "grocery", "grocerys": "grocery", "subscriptions": "subscription",
		"bus": "bus", "glass": "glass", "taxes": "tax"} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
	if key("Wal-Mart") != key("WALMART") || key("Trader Joe's") != key("trader joes") || key("Barnes & Noble") != key("barnes and noble") {
		t.Errorf("keys differ: %q %q %q", key("Wal-Mart"), key("Trader Joe's"), key("Barnes & Noble"))
	}
}
