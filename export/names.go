package export

import (
	"strconv"
	"strings"

	"penny/category"
	"penny/store"
)

// This file is the one place that says which account of a double-entry
// journal a Penny account or category becomes. Names are paths of segments,
// root first; each syntax spells the segments its own way.

// Roots and fixed accounts of the journal.
const (
	rootAssets      = "Assets"
	rootLiabilities = "Liabilities"
	rootExpenses    = "Expenses"
	rootIncome      = "Income"
	rootEquity      = "Equity"

	uncategorized = "Uncategorized"
	fromPeople    = "From people"
)

var (
	openingAccount = []string{rootEquity, "Opening balances"}
	// transfersAccount holds the other side of a transfer whose other
	// pocket is not in the export: a card Penny does not track, cash, or a
	// transfer whose other side falls outside the exported dates.
	transfersAccount = []string{rootEquity, "Transfers"}
)

// ownPath is where an own account lives: money owed (cards, loans) under
// Liabilities, everything else under Assets.
func ownPath(a store.Account) []string {
	switch strings.ToLower(a.Type) {
	case "credit", "creditcard", "credit card", "creditline", "line of credit", "loan", "mortgage", "liability":
		return []string{rootLiabilities, a.Name}
	}
	return []string{rootAssets, a.Name}
}

// categoryPath is the account on the other side of a row that is not a
// transfer between two exported own accounts, from its category and the
// sign of its amount (negative is money out). It follows category.Classify:
// spending categories are Expenses: (a refund is a negative expense), income
// categories Income:, and the transfer categories, which are neither, are
// Equity:Transfers:.
func categoryPath(cat string, amount int64) []string {
	parent := category.Parent(cat)
	switch {
	case category.IsTransfer(cat):
		if cat == category.Transfers {
			return append([]string(nil), transfersAccount...)
		}
		return append(append([]string(nil), transfersAccount...), cat)
	case cat == "" && amount < 0:
		return []string{rootExpenses, uncategorized}
	case cat == "":
		return []string{rootIncome, uncategorized}
	case cat == category.ToPeople && amount >= 0:
		return []string{rootIncome, fromPeople}
	case parent == category.Income && cat == category.Income:
		return []string{rootIncome}
	case parent == category.Income:
		return []string{rootIncome, cat}
	case cat == category.ToPeople:
		return []string{rootExpenses, cat}
	case parent == "" || parent == cat:
		// The user's own category, or a parent without leaves ("Pets").
		return []string{rootExpenses, cat}
	}
	return []string{rootExpenses, parent, cat}
}

// transferPath is the other side of a row linked as a transfer whose other
// side is not in the export.
func transferPath(cat string) []string {
	if category.IsTransfer(cat) {
		return categoryPath(cat, 0)
	}
	return append(append([]string(nil), transfersAccount...), category.BetweenAccounts)
}

// namer spells account paths in one syntax and keeps own accounts apart:
// two accounts whose names spell the same get the account id appended.
type namer struct {
	syn   syntax
	own   map[int64]string
	taken map[string]bool
	cache map[string]string
}

func newNamer(syn syntax, accounts []store.Account) *namer {
	n := &namer{syn: syn, own: map[int64]string{}, taken: map[string]bool{}, cache: map[string]string{}}
	for _, a := range accounts {
		name := n.spell(ownPath(a))
		if n.taken[name] {
			p := ownPath(a)
			p[len(p)-1] += " " + strconv.FormatInt(a.ID, 10)
			name = n.spell(p)
		}
		n.taken[name] = true
		n.own[a.ID] = name
	}
	return n
}

func (n *namer) spell(path []string) string {
	segs := make([]string, len(path))
	for i, s := range path {
		if i == 0 {
			segs[i] = s // roots are ours and valid everywhere
			continue
		}
		segs[i] = n.syn.segment(s)
	}
	return strings.Join(segs, ":")
}

// path spells a path that is not an own account.
func (n *namer) path(p []string) string {
	k := strings.Join(p, "\x00")
	if s, ok := n.cache[k]; ok {
		return s
	}
	s := n.spell(p)
	n.cache[k] = s
	return s
}
