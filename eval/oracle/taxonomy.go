package oracle

// The taxonomy as a person reads it: each parent and the leaves it covers,
// and the words people use for them. It is written out here on purpose,
// not taken from Penny's category package: the judge must not share the
// code it judges.

// parents lists every parent with its leaves, in the taxonomy's order. A
// parent without children covers itself.
var parents = []struct {
	name   string
	leaves []string
}{
	{"Food & drink", []string{"Groceries", "Restaurants", "Coffee", "Fast food", "Bars"}},
	{"Transportation", []string{"Fuel", "Rideshare", "Parking", "Public transit", "Tolls", "Car maintenance"}},
	{"Travel", []string{"Flights", "Lodging", "Car rental"}},
	{"Shopping", []string{"Clothing", "Electronics", "Home & garden", "General merchandise", "Books"}},
	{"Pets", []string{"Pets"}},
	{"Health", []string{"Pharmacy", "Medical", "Fitness"}},
	{"Housing", []string{"Rent", "Mortgage"}},
	{"Bills & utilities", []string{"Electricity", "Gas & water", "Internet", "Phone", "Insurance"}},
	{"Subscriptions", []string{"Subscriptions"}},
	{"Entertainment", []string{"Entertainment"}},
	{"Personal care", []string{"Personal care"}},
	{"Education", []string{"Education"}},
	{"Gifts & donations", []string{"Gifts & donations"}},
	{"Services", []string{"Services"}},
	{"Fees", []string{"Bank fees", "ATM fees", "Interest charged"}},
	{"Taxes", []string{"Taxes"}},
	{"Income", []string{"Salary", "Interest", "Dividends", "Other income"}},
	{"Transfers", []string{"Between accounts", "Card payment", "Investment", "Currency exchange", "Cash withdrawal", "To people"}},
}

// ParentOf returns the parent of a leaf, or "" for a name that is no leaf.
func ParentOf(leaf string) string {
	for _, p := range parents {
		for _, l := range p.leaves {
			if l == leaf {
				return p.name
			}
		}
	}
	return ""
}

// Leaves returns the leaves a parent covers (a leaf covers itself).
func Leaves(name string) []string {
	for _, p := range parents {
		if p.name == name {
			return append([]string(nil), p.leaves...)
		}
	}
	if ParentOf(name) != "" {
		return []string{name}
	}
	return nil
}

// A categoryWord is what people say for a set of leaves: "gas" is Fuel,
// "dining" is every way of eating and drinking out.
type categoryWord struct {
	say    string
	leaves []string
	// level says what the word names: "leaf", "parent" or "words" (a set
	// of leaves named the way a person would, across the tree).
	level string
}

// categoryWords are the category phrasings questions use. Each leaf and
// parent with spending appears under its own name too (see leafWords and
// parentWords).
var categoryWords = []categoryWord{
	{"gas", []string{"Fuel"}, "words"},
	{"eating out", []string{"Restaurants"}, "words"},
	{"dining", []string{"Restaurants", "Coffee", "Fast food", "Bars"}, "words"},
	{"dining out", []string{"Restaurants", "Coffee", "Fast food", "Bars"}, "words"},
	{"clothes", []string{"Clothing"}, "words"},
	{"pet stuff", []string{"Pets"}, "words"},
	{"hotels", []string{"Lodging"}, "words"},
	{"airfare", []string{"Flights"}, "words"},
	{"the gym", []string{"Fitness"}, "words"},
	{"doctors", []string{"Medical"}, "words"},
	{"the electric bill", []string{"Electricity"}, "words"},
	{"my phone bill", []string{"Phone"}, "words"},
	{"charity", []string{"Gifts & donations"}, "words"},
	{"food and drink", Leaves("Food & drink"), "words"},
	{"bills and utilities", Leaves("Bills & utilities"), "words"},
	{"streaming and subscriptions", []string{"Subscriptions"}, "words"},
}

// leafWords say a leaf the way a question does.
var leafWords = map[string]string{
	"Groceries":           "groceries",
	"Restaurants":         "restaurants",
	"Coffee":              "coffee",
	"Fast food":           "fast food",
	"Bars":                "bars",
	"Fuel":                "fuel",
	"Rideshare":           "rideshare",
	"Parking":             "parking",
	"Public transit":      "public transit",
	"Tolls":               "tolls",
	"Car maintenance":     "car maintenance",
	"Flights":             "flights",
	"Lodging":             "lodging",
	"Car rental":          "car rentals",
	"Clothing":            "clothing",
	"Electronics":         "electronics",
	"Home & garden":       "home and garden",
	"General merchandise": "general merchandise",
	"Books":               "books",
	"Pets":                "pets",
	"Pharmacy":            "pharmacy",
	"Medical":             "medical care",
	"Fitness":             "fitness",
	"Rent":                "rent",
	"Electricity":         "electricity",
	"Gas & water":         "gas and water",
	"Internet":            "internet",
	"Phone":               "phone bills",
	"Subscriptions":       "subscriptions",
	"Entertainment":       "entertainment",
	"Personal care":       "personal care",
	"Education":           "education",
	"Gifts & donations":   "gifts and donations",
	"Services":            "services",
	"Bank fees":           "bank fees",
	"Taxes":               "taxes",
}

// parentWords say a parent (with more than one leaf) as a question does.
var parentWords = map[string]string{
	"Food & drink":      "food & drink",
	"Transportation":    "transportation",
	"Travel":            "travel",
	"Shopping":          "shopping",
	"Health":            "health",
	"Housing":           "housing",
	"Bills & utilities": "bills & utilities",
	"Fees":              "fees",
}
