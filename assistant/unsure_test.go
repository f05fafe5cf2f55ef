package assistant

import (
	"strings"
	"testing"

	"penny/demo"
	"penny/store"
)

// When unsure, Penny asks or says what it assumed; it never answers about
// something the question did not clearly name.

func TestAnAmbiguousAccountIsAskedAbout(t *testing.T) {
	f := loadDemo(t, 2_000)
	if _, err := f.st.CreateAccount(t.Context(), store.AccountParams{Name: "Chase Visa", Type: "credit", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"balance on visa", "what's my visa balance?", "visa"} {
		r := f.ask(t, q)
		if !strings.Contains(r.Text, "Did you mean") || !strings.Contains(r.Text, "Visa Signature") || !strings.Contains(r.Text, "Chase Visa") {
			t.Errorf("%q: %q", q, r.Text)
		}
		d := doc(t, r)
		if _, answered := d["accounts"]; answered {
			t.Errorf("%q: answered a balance while unsure: %v", q, d)
		}
		amb, ok := d["ambiguous"].(map[string]any)
		if !ok || len(amb["options"].([]any)) != 2 {
			t.Errorf("%q: data %v", q, d)
		}
		if len(r.Suggestions) != 2 {
			t.Fatalf("%q: suggestions %q", q, r.Suggestions)
		}
		// Each suggestion is a question that is no longer ambiguous.
		for _, s := range r.Suggestions {
			again := f.ask(t, s)
			accs, ok := doc(t, again)["accounts"].([]any)
			if !ok || len(accs) != 1 {
				t.Errorf("suggestion %q still unclear: %q", s, again.Text)
			}
		}
	}
	// The full name is not ambiguous.
	r := f.ask(t, "balance on visa signature")
	if accs := doc(t, r)["accounts"].([]any); len(accs) != 1 {
		t.Errorf("visa signature: %q", r.Text)
	}
}

func TestParseAsksWhichVisa(t *testing.T) {
	lex := NewLexicon([]AccountName{{"Visa Signature", "credit"}, {"Chase Visa", "credit"}, {"Everyday Checking", "checking"}}, nil, nil)
	p := Parse("how much is on my visa", corpusNow, lex)
	if len(p.Ambiguous) != 1 || p.Ambiguous[0].Kind != kindAccount || len(p.Ambiguous[0].Options) != 2 || len(p.Slots.Accounts) != 0 {
		t.Errorf("got %+v", p)
	}
	p = Parse("how much is on my chase visa", corpusNow, lex)
	if len(p.Ambiguous) != 0 || len(p.Slots.Accounts) != 1 || p.Slots.Accounts[0] != "Chase Visa" {
		t.Errorf("got %+v", p)
	}
}

func TestTwoMerchantsSharingAWordAreAskedAbout(t *testing.T) {
	f := loadDemo(t, 2_000)
	if _, err := f.st.InsertTransactions(t.Context(), []store.NewTransaction{{AccountID: f.ids["demo-visa"],
		ExternalID: "apron-1", Posted: day(2026, 10, 12), Amount: -6999, Currency: "USD", Payee: "BLUE APRON 888-999-0000 NY",
		Category: "Groceries"}}); err != nil {
		t.Fatal(err)
	}
	r := f.ask(t, "spending at blue last month")
	if r.Text != "“blue” could be more than one merchant. Did you mean Blue Apron or Blue Bottle Coffee?" {
		t.Errorf("text %q", r.Text)
	}
	if _, ok := doc(t, r)["totals"]; ok {
		t.Errorf("answered while unsure")
	}
	if len(r.Suggestions) != 2 || r.Suggestions[0] != "spending at Blue Apron last month" {
		t.Errorf("suggestions %q", r.Suggestions)
	}
	apron := f.ask(t, r.Suggestions[0])
	sameSums(t, "blue apron", totalsOf(t, doc(t, apron)["totals"]), sums{total: map[string]int64{"USD": -6999}, count: map[string]int64{"USD": 1}})
}

func TestTyposAreReadAndSaid(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "spnding on grocerys")
	if r.Intent != IntentSpending || r.Slots["category"] != "Groceries" {
		t.Fatalf("understood %s %v", r.Intent, r.Slots)
	}
	if !strings.Contains(r.Text, "I read “grocerys” as Groceries") {
		t.Errorf("the answer should say how it read the typo: %q", r.Text)
	}
	sameSums(t, "groceries this month", totalsOf(t, doc(t, r)["totals"]), demoSums(f.d, func(tx demo.Transaction) bool {
		return spend(tx) && tx.Category == "Groceries" && within(tx, day(2026, 11, 1), day(2026, 11, 20))
	}))

	for q, want := range map[string]string{
		"how much did I spend at trder joes last month": "Trader Joe's",
		"netflx this year":    "Netflix",
		"spending at safewya": "Safeway",
	} {
		r := f.ask(t, q)
		if r.Slots["merchant"] != want {
			t.Errorf("%q: merchant %v, want %s", q, r.Slots["merchant"], want)
		}
		if !strings.Contains(r.Text, "as "+want) {
			t.Errorf("%q: the answer does not say it read a typo: %q", q, r.Text)
		}
	}
	b := f.ask(t, "balanse on visa")
	if b.Intent != IntentBalance || b.Slots["account"] != "Visa Signature" {
		t.Errorf("balanse on visa: %s %v", b.Intent, b.Slots)
	}
}

func TestUnknownNamesAreNotGuessed(t *testing.T) {
	f := sharedDemo(t)
	r := f.ask(t, "how much did I spend on blorp last month")
	if !strings.Contains(r.Text, "I don't know") || !strings.Contains(r.Text, "“blorp”") {
		t.Errorf("text %q", r.Text)
	}
	if _, ok := doc(t, r)["totals"]; ok {
		t.Errorf("gave a total for something it does not know")
	}
	// A word it does not know could change the total: no total for the
	// rest, but what it did not understand.
	r = f.ask(t, "spending at chipotel and wendys")
	if r.Outcome != OutcomeDeclined || !strings.Contains(r.Text, "“wendys”") {
		t.Errorf("chipotel and wendys: %s %v %q", r.Outcome, r.Slots, r.Text)
	}
	if _, ok := doc(t, r)["totals"]; ok {
		t.Errorf("chipotel and wendys: a total without wendys")
	}
	u := f.ask(t, "tell me a joke")
	if u.Intent != IntentUnknown || len(u.Suggestions) == 0 {
		t.Errorf("joke: %s %q", u.Intent, u.Suggestions)
	}
}

func TestAWordManyMerchantsShareIsAGroup(t *testing.T) {
	f := sharedDemo(t)
	// "coffee" is a category of the taxonomy, not a word in payees: every
	// coffee shop, whether its name says coffee or not.
	r := f.ask(t, "coffee last month")
	if r.Slots["category"] != "Coffee" {
		t.Fatalf("%v %q", r.Slots, r.Text)
	}
	sameSums(t, "coffee", totalsOf(t, doc(t, r)["totals"]), demoSums(f.d, func(tx demo.Transaction) bool {
		return spend(tx) && tx.Category == "Coffee" && within(tx, day(2026, 10, 1), day(2026, 10, 31))
	}))
}

func TestCategorizeNeverGuessesTheMerchant(t *testing.T) {
	f := loadDemo(t, 2_000)
	if _, err := f.st.InsertTransactions(t.Context(), []store.NewTransaction{{AccountID: f.ids["demo-visa"],
		ExternalID: "apron-1", Posted: day(2026, 10, 12), Amount: -6999, Currency: "USD", Payee: "BLUE APRON 888-999-0000 NY"}}); err != nil {
		t.Fatal(err)
	}
	r := f.ask(t, "categorize blue as coffee")
	if !strings.Contains(r.Text, "Did you mean") {
		t.Errorf("text %q", r.Text)
	}
	rules, err := f.st.Rules(t.Context(), "category")
	if err != nil || len(rules) != 0 {
		t.Errorf("a rule was made while unsure: %v %v", rules, err)
	}
}
