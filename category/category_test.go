package category

import (
	"reflect"
	"testing"
)

func TestNormalizeMapsOutsideCategoriesOntoTheTaxonomy(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Expenses:Food:Groceries", Groceries},
		{"Expenses:Food:Dining", Restaurants},
		{"Expenses:Auto:Gas", "Fuel"},
		{"Expenses:Food", FoodDrink},
		{"Expenses:Hobby:Kites", "Hobby:Kites"},
		{"Income:Salary", Salary},
		{"Income:Interest", Interest},
		{"Income:Gifts", OtherIncome},
		{"Assets:Savings", BetweenAccounts},
		{"Assets:Checking", BetweenAccounts},
		{"Assets:Brokerage", Investment},
		{"Liabilities:CreditCard:Amex", CardPayment},
		{"Liabilities:Mortgage", BetweenAccounts},
		{"Equity:Opening Balances", BetweenAccounts},
		{"Dining", Restaurants},
		{"Transfer", BetweenAccounts},
		{"Transfers", BetweenAccounts},
		{"Income", OtherIncome},
		{"groceries", Groceries},
		{"Auto:Fuel", "Fuel"},
		{"Lebensmittel", Groceries},
		{"Knitting", "Knitting"},
		{"", ""},
		{"Uncategorized", ""},
		{"Pets", Pets},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAParentCoversItsLeavesAndItself(t *testing.T) {
	got := Expand("food & DRINK")
	want := []string{FoodDrink, Groceries, Restaurants, Coffee, FastFood, Bars}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	if got := Expand("dining"); !reflect.DeepEqual(got, []string{Restaurants, Coffee, FastFood, Bars}) {
		t.Errorf("Expand(dining) = %q", got)
	}
	if got := Expand("Pets"); !reflect.DeepEqual(got, []string{Pets}) {
		t.Errorf("Expand(Pets) = %q", got)
	}
	if got := Expand("Coffee"); !reflect.DeepEqual(got, []string{Coffee}) {
		t.Errorf("Expand(Coffee) = %q", got)
	}
	if Expand("Knitting") != nil {
		t.Error("a name outside the taxonomy expands to nothing")
	}
}

func TestSynonymsMapPeoplesWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"gas", []string{"Fuel"}},
		{"eating out", []string{Restaurants}},
		{"dining", []string{Dining}},
		{"Clothes", []string{"Clothing"}},
		{"pets", []string{Pets}},
		{"grocery", []string{Groceries}},
		{"coffee", []string{Coffee}},
		{"utilities", []string{Bills}},
		{"xyzzy", nil},
	} {
		if got := Resolve(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Resolve(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestClassifyIsTheOneDefinitionOfSpending(t *testing.T) {
	for _, c := range []struct {
		cat    string
		amount int64
		want   Class
	}{
		{Groceries, -100, Spend},
		{Groceries, 100, Refund},
		{"", -100, Spend},
		{"", 100, In},
		{"Knitting", -5, Spend},
		{Salary, 5000, In},
		{Interest, 3, In},
		{BetweenAccounts, -100, Excluded},
		{BetweenAccounts, 100, Excluded},
		{CardPayment, -100, Excluded},
		{Investment, -100, Excluded},
		{CurrencyExchange, 100, Excluded},
		{CashWithdrawal, -100, Excluded},
		{ToPeople, -100, Spend},
		{ToPeople, 100, In},
		{Transfers, -1, Excluded},
		{BankFees, -3, Spend},
	} {
		if got := Classify(c.cat, c.amount); got != c.want {
			t.Errorf("Classify(%q, %d) = %v, want %v", c.cat, c.amount, got, c.want)
		}
	}
}

func TestEveryLeafHasOneParent(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range Leaves() {
		if seen[l] {
			t.Errorf("leaf %q listed twice", l)
		}
		seen[l] = true
		if Parent(l) == "" {
			t.Errorf("leaf %q has no parent", l)
		}
		if Canonical(l) != l {
			t.Errorf("Canonical(%q) = %q", l, Canonical(l))
		}
	}
	if len(Leaves()) < 45 {
		t.Errorf("only %d leaves", len(Leaves()))
	}
}

func TestNormalizeReadsNamesWrittenAsOneWord(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Expenses:Food:FastFood", FastFood},
		{"Expenses:Bills:GasWater", "Gas & water"},
		{"Expenses:Shopping:HomeGarden", "Home & garden"},
		{"Expenses:PersonalCare", PersonalCare},
		{"Expenses:Fees:ATMFees", ATMFees},
		{"Expenses:People", ToPeople},
		{"Income:People", OtherIncome},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
