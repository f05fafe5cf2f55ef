package alerts

import (
	"strings"
	"unicode"

	"penny/sanitize"
	"penny/store"
)

// Merchants. A bank prints a descriptor, not a merchant: "SQ *BLUE BOTTLE
// COFFEE OAKLAND CA", "AMZN Mktp US*2K4LT0PF3", "SAFEWAY #8751 PIEDMONT CA".
// The rules need to know that two descriptors are the same shop (a
// duplicate, a price change, a first visit), so each is folded into a key:
// the processor prefix goes ("SQ *", "TST*", "PAYPAL *"), so does an order
// reference after a brand's star ("AMZN Mktp US*2K4LT0PF3"), and so does
// everything from the first word with a digit in it (store numbers, phone
// numbers, and the city after them); at most two words are kept. Two words tell "DOORDASH*THAI HOUSE" from "DOORDASH*CHIPOTLE" yet
// keep "Blue Bottle" in Oakland and San Leandro together. A descriptor the
// heuristic does not fit gets a key of its own, which at worst costs a
// "new merchant" message, never a wrong amount.

// processors are card processors and app stores whose prefix names them,
// not the merchant: "SQ *PHILZ" is Philz, "GOOGLE *YOUTUBEPREMIUM" is
// YouTube Premium.
var processors = map[string]bool{
	"sq": true, "tst": true, "paypal": true, "pp": true, "sp": true, "eb": true, "tm": true,
	"sumup": true, "iz": true, "ztl": true, "py": true, "toast": true, "cko": true, "smk": true,
	"wpy": true, "glf": true, "fsp": true, "bt": true, "dnh": true, "pos": true, "google": true,
}

// platforms are brands whose star suffix names who was really paid
// ("DOORDASH*THAI HOUSE"). For any other brand the suffix is an order
// reference ("AMAZON.COM*NFHEDEKZM", "PRIME VIDEO *5AAFLGZ74") and goes.
var platforms = map[string]bool{
	"doordash": true, "uber": true, "grubhub": true, "postmates": true, "instacart": true, "lyft": true,
}

// noise words say nothing about who was paid.
var noise = map[string]bool{
	"com": true, "www": true, "inc": true, "llc": true, "ltd": true, "co": true, "corp": true,
	"the": true, "purchase": true, "debit": true, "card": true, "recurring": true, "pmt": true,
}

// merchantKey folds a descriptor into the key of its merchant.
func merchantKey(payee string) string {
	// The part before a '*' is a processor ("SQ *PHILZ") or the brand
	// itself ("AMZN Mktp US*2K4", "DOORDASH*THAI HOUSE"): drop it only in the
	// first case.
	if before, after, ok := strings.Cut(payee, "*"); ok {
		b := store.NormalizePayee(before)
		first, _, _ := strings.Cut(b, " ")
		switch {
		case processors[b]:
			payee = after
		case platforms[first]:
			payee = before + " " + after
		case b != "":
			payee = before
		}
	}
	// A web address after the name ("HELP.UBER.COM", "G.CO/HELPPAY#",
	// "AMZN.COM/BILL") ends it; as the first word it is the name
	// ("NETFLIX.COM").
	raw := strings.Fields(payee)
	for i := 1; i < len(raw); i++ {
		if strings.ContainsAny(raw[i], "./") && len(raw[i]) > 2 {
			payee = strings.Join(raw[:i], " ")
			break
		}
	}
	words := strings.Fields(store.NormalizePayee(payee))
	var kept []string
	for i, w := range words {
		if hasDigit(w) {
			// A leading number is part of the brand ("76", "7 ELEVEN",
			// "1-800-FLOWERS"); a later one starts the store number and
			// location.
			if len(kept) == 0 && i == 0 {
				kept = append(kept, w)
				continue
			}
			if len(kept) > 0 && hasDigit(kept[0]) && len(kept) < 2 {
				continue
			}
			break
		}
		if noise[w] {
			continue
		}
		if len(kept) == 0 && processors[w] && i+1 < len(words) {
			continue
		}
		kept = append(kept, w)
		if len(kept) == 2 {
			break
		}
	}
	if len(kept) == 0 {
		return strings.Join(words, " ")
	}
	return strings.Join(kept, " ")
}

func hasDigit(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// line makes bank text one inert line of terminal text. sanitize.Line has a
// fast path that returns its input when it looks clean, and that check stops
// looking for C0 controls after the first non-ASCII byte ("CAFÉ\x1b[2J"
// passes through unchanged). A leading NUL forces the full pass; its picture
// is removed after.
func line(s string) string {
	return strings.TrimPrefix(sanitize.Line("\x00"+s), "\u2400")
}

// merchantName is a merchant key for people: "blue bottle" is "Blue Bottle".
func merchantName(key string) string {
	words := strings.Fields(key)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	if len(words) == 0 {
		return "an unnamed payee"
	}
	return line(strings.Join(words, " "))
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
