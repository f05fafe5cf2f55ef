package demo

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// WriteRules writes an hledger CSV rules file for the CSV that WriteCSV
// writes for the account: skip the header, name the fields, read ISO dates,
// set the currency and the account (account1), and map descriptors to
// hledger accounts (account2) with one if block per account, each listing
// the descriptor patterns that lead there. Patterns are case-insensitive
// regular expressions on the description, unanchored, so that one pattern
// catches a merchant under every channel prefix ("POS DEBIT SAFEWAY #1234"
// and "SAFEWAY #1234" alike); a later block wins when two match, as in
// hledger, and the more specific blocks come later.
//
// account2 is what Penny's CSV import takes as the category, so the file
// also shows how rules an hledger user already keeps carry over.
func (d *Data) WriteRules(w io.Writer, accountKey string) error {
	acct, ok := d.account(accountKey)
	if !ok {
		return fmt.Errorf("demo: no account %q", accountKey)
	}
	byID := make(map[string]*Transaction)
	for i := range d.Transactions {
		if t := &d.Transactions[i]; t.TransferPeer != "" {
			byID[t.ExternalID] = t
		}
	}
	literals := catalogLiterals(acct.Type == "credit") // phone wallets pay by card

	// pattern → account, in the order first seen; a pattern that would lead
	// to two accounts is dropped, the rows it stood for keep their others.
	target := map[string]string{}
	clash := map[string]bool{}
	add := func(pattern, account string) {
		if pattern == "" || clash[pattern] {
			return
		}
		if a, ok := target[pattern]; ok && a != account {
			clash[pattern] = true
			delete(target, pattern)
			return
		}
		target[pattern] = account
	}
	for i := range d.Transactions {
		t := &d.Transactions[i]
		if t.AccountKey != accountKey || t.Pending {
			continue
		}
		account := ledgerAccount(t, byID)
		// Purchases and refunds match their merchant's descriptors; the
		// rest, friends paying back included, their own stable text.
		if (t.Flow == FlowSpend || t.Flow == FlowRefund) && literals[t.Merchant+"\x00"+t.Category] != nil {
			for _, p := range literals[t.Merchant+"\x00"+t.Category] {
				add(p, account)
			}
			continue
		}
		add(stablePattern(t.Payee), account)
	}

	blocks := map[string][]string{}
	for p, a := range target {
		blocks[a] = append(blocks[a], p)
	}
	accounts := make([]string, 0, len(blocks))
	for a := range blocks {
		accounts = append(accounts, a)
	}
	// Blocks with longer patterns come later, so that where a short pattern
	// also matches a more specific descriptor the specific one wins.
	longest := func(a string) int {
		n := 0
		for _, p := range blocks[a] {
			n = max(n, len(p))
		}
		return n
	}
	slices.SortFunc(accounts, func(a, b string) int {
		if la, lb := longest(a), longest(b); la != lb {
			return la - lb
		}
		return strings.Compare(a, b)
	})

	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# hledger CSV rules for %s (%s, %s), for the CSV penny's demo writes.\n", acct.Name, acct.Institution, acct.Currency)
	fmt.Fprintf(b, "skip 1\nfields date, description, amount\ndate-format %%Y-%%m-%%d\ncurrency %s\naccount1 %s\n", acct.Currency, ledgerOwn(accountKey))
	for _, a := range accounts {
		ps := blocks[a]
		slices.Sort(ps)
		b.WriteString("\nif\n")
		for _, p := range ps {
			b.WriteString("%description ")
			b.WriteString(p)
			b.WriteByte('\n')
		}
		b.WriteString("  account2 ")
		b.WriteString(a)
		b.WriteByte('\n')
	}
	return b.Flush()
}

// ledgerOwn is the hledger account of one of the household's accounts.
func ledgerOwn(key string) string {
	switch key {
	case "demo-checking":
		return "Assets:Checking"
	case "demo-savings":
		return "Assets:Savings"
	case "demo-visa":
		return "Liabilities:CreditCard:Visa"
	case "demo-amex":
		return "Liabilities:CreditCard:Amex"
	case "demo-brokerage":
		return "Assets:Brokerage"
	case "demo-eur":
		return "Assets:Wise:EUR"
	}
	return "Assets:" + key
}

// ledgerParents shortens the taxonomy's parents to hledger account names.
var ledgerParents = map[string]string{
	catGroceries: "Food", catRestaurants: "Food", catCoffee: "Food", catFastFood: "Food", catBars: "Food",
	catFuel: "Transport", catRideshare: "Transport", catParking: "Transport", catTransit: "Transport", catTolls: "Transport", catCarCare: "Transport",
	catFlights: "Travel", catLodging: "Travel", catCarRental: "Travel",
	catClothing: "Shopping", catElectronics: "Shopping", catHome: "Shopping", catGeneral: "Shopping", catBooks: "Shopping",
	catPharmacy: "Health", catMedical: "Health", catFitness: "Health",
	catRent:        "Housing",
	catElectricity: "Bills", catGasWater: "Bills", catInternet: "Bills", catPhone: "Bills", catInsurance: "Bills",
	catBankFees: "Fees", catATMFees: "Fees", catInterestCharged: "Fees",
}

// ledgerAccount is the hledger account the other side of t posts to: an
// expense account named after its category, an income account, or, for
// money moved between the household's own accounts, the other account.
func ledgerAccount(t *Transaction, byID map[string]*Transaction) string {
	switch t.Flow {
	case FlowTransfer, FlowCardPayment, FlowExchange:
		if p := byID[t.TransferPeer]; p != nil {
			return ledgerOwn(p.AccountKey)
		}
		return "Assets:Unknown"
	case FlowInvestment:
		return "Assets:Brokerage:Funds"
	case FlowCash:
		return "Assets:Cash"
	}
	switch t.Category {
	case catSalary:
		return "Income:Salary"
	case catInterest:
		return "Income:Interest"
	case catDividends:
		return "Income:Dividends"
	case catOtherIncome:
		return "Income:Other"
	case catToPeople:
		if t.Amount > 0 {
			return "Income:People"
		}
		return "Expenses:People"
	}
	leaf := ledgerName(t.Category)
	if parent, ok := ledgerParents[t.Category]; ok {
		return "Expenses:" + parent + ":" + leaf
	}
	return "Expenses:" + leaf
}

// ledgerName makes a category an hledger account name part: "Home &
// garden" is "HomeGarden", "Fast food" is "FastFood".
func ledgerName(cat string) string {
	var b strings.Builder
	for _, w := range strings.Fields(cat) {
		if w == "&" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// catalogLiterals returns, by merchant name and category, the regular
// expressions that match the merchant's descriptors: the fixed text of each
// template up to its first per-household or per-row part, and with wallet
// for shops the Apple Pay form.
func catalogLiterals(wallet bool) map[string][]string {
	out := map[string][]string{}
	for _, m := range catalog() {
		if m.bank {
			continue
		}
		k := m.name + "\x00" + m.cat
		for _, alt := range strings.Split(m.tmpl, "|") {
			lit, _, _ := strings.Cut(alt, "{")
			if lit = strings.TrimSpace(lit); lit != "" {
				out[k] = append(out[k], regexp.QuoteMeta(lit))
			}
		}
		if !m.online && wallet {
			out[k] = append(out[k], regexp.QuoteMeta("APLPAY "+shortName(m.name)))
		}
	}
	for k, ps := range out {
		slices.Sort(ps)
		out[k] = slices.Compact(ps)
	}
	return out
}

// stablePattern is a regular expression for the part of a descriptor that
// stays the same from one row to the next: its words up to the first one
// with a digit or a confirmation number. A cheque ("CHECK 1042") is matched
// whole, or it would match every CHECKCARD purchase.
func stablePattern(payee string) string {
	if rest, ok := strings.CutPrefix(payee, "CHECK "); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
		return `^CHECK [0-9]+$`
	}
	var kept []string
	for _, w := range strings.Fields(payee) {
		if strings.ContainsAny(w, "0123456789") || w == "CONF#" {
			break
		}
		kept = append(kept, w)
	}
	return regexp.QuoteMeta(strings.Join(kept, " "))
}
