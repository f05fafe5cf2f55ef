package alerts

import (
	"strings"

	"penny/merchant"
	"penny/sanitize"
	"penny/store"
)

// Merchants. A bank prints a descriptor, not a merchant: "SQ *BLUE BOTTLE
// COFFEE OAKLAND CA", "AMZN Mktp US*2K4LT0PF3", "POS DEBIT TARGET T-1234
// AUSTIN TX". The rules need to know that two descriptors are the same shop
// (a duplicate, a price change, a first visit); package merchant, the one
// home of merchant identity that the import engine and the chat use too,
// says which. The rules key a merchant by its display name, which is also
// what an alert shows.

// merchantKey is the merchant a descriptor names, as the rules key it: its
// display name, or the folded descriptor when it names nobody (an ATM, a
// transfer), so that such rows are told apart by what the bank printed.
func merchantKey(payee string) string {
	if m := merchant.Identify(payee); m.Name != "" {
		return m.Name
	}
	return store.NormalizePayee(payee)
}

// line makes bank text one inert line of terminal text.
func line(s string) string { return sanitize.Line(s) }

// merchantName is a merchant key for people, made safe to print.
func merchantName(key string) string {
	if strings.TrimSpace(key) == "" {
		return "an unnamed payee"
	}
	return line(key)
}

// payeeText is a descriptor as alerts quote it: sanitized, because it came
// from a bank and will be shown in a terminal and a notification.
func payeeText(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return "(no description)"
	}
	return line(p)
}

// containsAny reports whether s contains one of the hints, ignoring ASCII
// case.
func containsAny(s string, hints []string) string {
	u := strings.ToUpper(s)
	for _, h := range hints {
		if h != "" && strings.Contains(u, strings.ToUpper(h)) {
			return h
		}
	}
	return ""
}
