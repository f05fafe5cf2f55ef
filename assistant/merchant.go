package assistant

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Merchant names. Banks print descriptors, not names: "SQ *BLUE BOTTLE COFFEE
// OAKLAND CA", "AMZN Mktp US*2K4LT0PF3", "TRADER JOE S #495 ALBANY CA". People
// ask about "Blue Bottle", "Amazon" and "Trader Joe's", so the assistant folds
// every descriptor into a brand: processor prefixes, store numbers, phone
// numbers, order references, cities and states, legal forms and ACH jargon
// go; what is left is title-cased. The rules are heuristics over how card
// processors format descriptors; a descriptor they do not fit keeps more
// words than it should, which costs a longer name, never a wrong total,
// because every query goes back to the exact descriptors a merchant stands
// for.

// MerchantName returns a clean display name for a bank descriptor:
// "SQ *BLUE BOTTLE COFFEE OAKLAND CA" is "Blue Bottle Coffee". Cities are
// recognized from a built-in list; an Assistant also learns them from the
// descriptors in the vault.
func MerchantName(payee string) string {
	return baseCleaner.name(payee)
}

// cleaner turns descriptors into merchant names. cities holds city names
// (folded words joined by spaces) that may end a descriptor.
type cleaner struct {
	cities map[string]bool
}

var baseCleaner = &cleaner{cities: builtinCities()}

// processors are payment processors and platforms whose prefix names the
// processor, not the merchant: "SQ *PHILZ" is Philz.
var processors = map[string]bool{
	"SQ": true, "TST": true, "PAYPAL": true, "PP": true, "SP": true, "EB": true, "TM": true,
	"GOOGLE": true, "SUMUP": true, "IZ": true, "ZTL": true, "PY": true, "TOAST": true,
	"CKO": true, "SMK": true, "WPY": true, "GLF": true, "FSP": true, "BT": true, "DNH": true,
}

// platforms are brands whose star suffix is a product line worth keeping
// ("UBER * EATS" is Uber Eats) unless it is a generic word ("UBER *TRIP").
var platforms = map[string]bool{"UBER": true, "LYFT": true}

var genericSuffix = map[string]bool{
	"TRIP": true, "RIDE": true, "RIDES": true, "MEMBERSHIP": true, "AUTO": true, "PAY": true,
	"AUTOPAY": true, "BILL": true, "HELP": true, "PAYMENT": true, "SUBSCRIPTION": true,
	"ORDER": true, "PURCHASE": true, "PENDING": true,
}

// jargon words start the tail of a descriptor that says how the money moved,
// not who got it: "PPD ID: 1057815582", "WEB PMTS", "ACH PMT".
var jargon = map[string]bool{
	"PPD": true, "CCD": true, "ACH": true, "WEB": true, "CONF": true, "REF": true,
	"PMT": true, "PMTS": true, "POS": true, "DEBIT": true, "PURCHASE": true, "TRN": true,
	"TRACE": true, "ID": true, "AUTH": true, "CARD": true,
}

// trailing words that say nothing about the merchant when they end a name.
var trailing = map[string]bool{
	"INC": true, "LLC": true, "LTD": true, "GMBH": true, "CO": true, "CORP": true,
	"AG": true, "BV": true, "PLC": true, "SARL": true, "SRL": true, "KG": true,
	"USA": true, "US": true, "PAYMENT": true, "ONLINE": true, "AUTOPAY": true, "-": true,
	"&": true, "/": true,
}

// usStates are the codes that end US card descriptors.
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO
		MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR`) {
		m[s] = true
	}
	return m
}()

// builtinCities are cities common at the end of descriptors; the rest are
// learned from the vault (see learnCities).
func builtinCities() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Split(`new york|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|
		san jose|austin|jacksonville|fort worth|columbus|charlotte|san francisco|indianapolis|seattle|denver|washington|boston|
		el paso|nashville|detroit|oklahoma city|portland|las vegas|memphis|louisville|baltimore|milwaukee|albuquerque|tucson|
		fresno|sacramento|kansas city|mesa|atlanta|omaha|colorado springs|raleigh|miami|long beach|virginia beach|oakland|
		minneapolis|tulsa|tampa|arlington|new orleans|honolulu|berkeley|brooklyn|queens|bronx|manhattan|cambridge|pasadena|
		palo alto|east palo alto|mountain view|sunnyvale|santa clara|redwood city|menlo park|cupertino|emeryville|alameda|
		piedmont|walnut creek|san leandro|albany|el cerrito|richmond|hayward|fremont|daly city|san mateo|burlingame|
		south san francisco|concord|santa monica|irvine|anaheim|st louis|saint louis|pittsburgh|cleveland|cincinnati|
		salt lake city|orlando|buffalo|newark|jersey city|hoboken|stamford|providence|hartford|madison|ann arbor|boulder|
		london|paris|berlin|muenchen|munchen|munich|hamburg|frankfurt|koeln|koln|cologne|stuttgart|duesseldorf|dusseldorf|
		amsterdam|rotterdam|utrecht|den haag|brussel|bruxelles|brussels|wien|vienna|zurich|zuerich|geneve|madrid|barcelona|
		milano|milan|roma|rome|lisboa|lisbon|dublin|kobenhavn|copenhagen|stockholm|oslo|helsinki|tallinn|warszawa|praha|
		prague|budapest|toronto|montreal|vancouver|sydney|melbourne|tokyo`, "|") {
		m[strings.Join(strings.Fields(c), " ")] = true
	}
	return m
}

// aliases are well-known abbreviations banks use, keyed by the first words of
// a cleaned descriptor.
var aliases = map[string]string{
	"AMZN MKTP US": "Amazon", "AMZN MKTP": "Amazon", "AMZN": "Amazon", "AMAZON MKTPLACE": "Amazon",
	"WHOLEFDS": "Whole Foods", "PGANDE": "PG&E", "TMOBILE": "T-Mobile", "SOUTHWES": "Southwest Airlines",
	"NYTIMES": "The New York Times", "YOUTUBEPREMIUM": "YouTube Premium", "WAL-MART": "Walmart",
	"WALMART": "Walmart", "WM SUPERCENTER": "Walmart", "MCDONALDS": "McDonald's", "DUNKIN": "Dunkin'",
	"STEAMGAMES": "Steam", "COMCAST CABLE COMM": "Xfinity", "COMCAST": "Xfinity",
}

// upperWords stay upper case in names: acronyms a title-caser would spoil.
var upperWords = map[string]bool{
	"AMC": true, "REI": true, "DMV": true, "KQED": true, "USPS": true, "UPS": true, "BART": true,
	"SFMTA": true, "EBMUD": true, "TSA": true, "IKEA": true, "HEMA": true, "SNCF": true, "RATP": true,
	"BVG": true, "MVG": true, "NS": true, "DB": true, "DM": true, "SF": true, "NY": true, "KP": true,
	"CVS": true, "TJ": true, "ATM": true, "ETF": true, "VTI": true, "VXUS": true, "USA": true,
	"BP": true, "ARCO": true, "SPAR": true, "EDEKA": true, "REWE": true, "FNAC": true, "TIER": true,
	"CA": true, "AA": true, "II": true, "III": true, "IV": true, "SEPA": true, "ACH": true, "NYC": true,
}

var lowerWords = map[string]bool{
	"AND": true, "OF": true, "THE": true, "ON": true, "IN": true, "AT": true, "TO": true, "FOR": true,
	"BY": true, "AM": true, "DE": true, "DU": true, "DA": true,
}

// name cleans one descriptor.
func (c *cleaner) name(payee string) string {
	toks := c.tokens(payee)
	if len(toks) == 0 {
		return strings.TrimSpace(payee)
	}
	if a := alias(toks); a != "" {
		return a
	}
	return titleCase(toks)
}

// tokens cleans a descriptor down to its upper-case brand words.
func (c *cleaner) tokens(payee string) []string {
	s := strings.TrimSpace(payee)
	if s == "" {
		return nil
	}
	s = strings.ToUpper(s)
	s = splitStar(s)
	raw := strings.Fields(descriptorPunct.Replace(s))
	var toks []string
	domain := false
	for i, t := range raw {
		if i == 0 || len(toks) == 0 {
			// The first word is the brand even when it looks like noise:
			// "76", "7-ELEVEN", "A16", "1-800-FLOWERS.COM".
			bare := stripDomain(t)
			domain = bare != t
			if bare == "" || bare == "/" {
				continue
			}
			toks = append(toks, bare)
			continue
		}
		if t == "/" && domain {
			break // "APPLE.COM/BILL": the path after a domain says nothing
		}
		if cut, keep := noise(t); cut {
			if keep != "" {
				toks = append(toks, keep)
			}
			break
		}
		if i+1 < len(raw) && t == "DIRECT" && strings.HasPrefix(raw[i+1], "DEP") {
			break
		}
		toks = append(toks, t)
	}
	// Drop a "/" separator that survived ("CVS / PHARMACY" keeps both words).
	toks = dropAll(toks, "/")
	toks = c.trimLocation(toks)
	for len(toks) > 1 && (trailing[toks[len(toks)-1]] || lowerWords[toks[len(toks)-1]] || isPunct(toks[len(toks)-1])) {
		toks = toks[:len(toks)-1]
	}
	// "TRADER JOE S" is how descriptors lose an apostrophe.
	for i := 1; i < len(toks); i++ {
		if toks[i] == "S" {
			toks[i-1] += "'S"
			toks = append(toks[:i], toks[i+1:]...)
			i--
		}
	}
	return toks
}

// descriptorPunct spaces out the punctuation that separates words in
// descriptors; built once, as building a Replacer costs more than using it.
var descriptorPunct = strings.NewReplacer("/", " / ", ",", " ", ";", " ", "(", " ", ")", " ")

// splitStar handles "PREFIX*REST" descriptors: a processor prefix yields the
// rest, a platform keeps a product line, anything else is a brand with an
// order reference after the star.
func splitStar(s string) string {
	i := strings.IndexByte(s, '*')
	if i < 0 {
		return s
	}
	prefix := strings.TrimSpace(s[:i])
	rest := strings.TrimSpace(s[i+1:])
	if prefix == "" {
		return rest
	}
	if rest == "" {
		return prefix
	}
	p := strings.Join(strings.Fields(prefixPunct.Replace(prefix)), " ")
	switch {
	case processors[p]:
		return rest
	case platforms[p]:
		first := strings.Fields(rest)[0]
		if genericSuffix[first] || strings.Contains(first, ".") {
			return prefix
		}
		return prefix + " " + rest
	}
	return prefix
}

var prefixPunct = strings.NewReplacer("-", " ", ".", " ")

// stripDomain turns "NETFLIX.COM" into "NETFLIX" and "APPLE.COM/BILL" into
// "APPLE"; other words are returned as they are.
func stripDomain(t string) string {
	if j := strings.IndexByte(t, '/'); j > 0 && strings.Contains(t[:j], ".") {
		t = t[:j]
	}
	if j := strings.LastIndexByte(t, '.'); j > 0 && isTLD(t[j+1:]) {
		return strings.TrimRight(t[:j], ".")
	}
	return t
}

func isTLD(s string) bool {
	switch s {
	case "COM", "NET", "ORG", "CO", "IO", "DE", "EU", "FR", "NL", "UK", "IT", "ES", "AT", "CH", "BE", "CA", "US":
		return true
	}
	return false
}

// noise reports whether t starts the tail of a descriptor (store number,
// phone, reference, domain, masked account, jargon). keep is a word to keep
// before cutting: "AIR" of "AIR1234567890123".
func noise(t string) (cut bool, keep string) {
	if strings.HasPrefix(t, "#") || strings.HasSuffix(t, "#") || strings.Contains(t, "#") {
		return true, ""
	}
	word := strings.Trim(t, ":.-")
	if jargon[word] {
		return true, ""
	}
	letters, digits := 0, 0
	firstDigit := -1
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
			if firstDigit < 0 {
				firstDigit = i
			}
		case unicode.IsLetter(r):
			letters++
		}
	}
	if strings.Contains(t, ".") && letters > 0 {
		// A domain in the middle: "HELP.UBER.COM", "AMZN.COM/BILL".
		if j := strings.LastIndexByte(strings.SplitN(t, "/", 2)[0], '.'); j > 0 {
			return true, ""
		}
	}
	if digits == 0 {
		// "XXXXXX" masks and the like still cut; words pass.
		return false, ""
	}
	if letters == 0 {
		return true, "" // store numbers, phones, dates, amounts
	}
	// Masked account numbers: "XXXX4417".
	if strings.HasPrefix(t, "XX") {
		return true, ""
	}
	if digits >= 3 {
		if firstDigit >= 3 && strings.IndexFunc(t[firstDigit:], unicode.IsLetter) < 0 {
			return true, t[:firstDigit]
		}
		return true, ""
	}
	return false, ""
}

func isPunct(t string) bool {
	return strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

func dropAll(toks []string, w string) []string {
	out := toks[:0]
	for _, t := range toks {
		if t != w {
			out = append(out, t)
		}
	}
	return out
}

// trimLocation removes a trailing state code and city, repeatedly: "MACYS SAN
// FRANCISCO UNION SAN FRANCISCO CA" loses "SAN FRANCISCO CA"; a city written
// twice ("PATAGONIA BERKELEY BERKELEY CA") goes both times.
func (c *cleaner) trimLocation(toks []string) []string {
	// The state code goes once: "OAKLAND MUSEUM OF CA OAKLAND CA" keeps its
	// inner "CA".
	if len(toks) > 1 && usStates[toks[len(toks)-1]] {
		toks = toks[:len(toks)-1]
	}
	for changed := true; changed && len(toks) > 1; {
		changed = false
		for n := min(3, len(toks)-1); n >= 1; n-- {
			tail := strings.ToLower(strings.Join(toks[len(toks)-n:], " "))
			if c.cities[tail] {
				toks = toks[:len(toks)-n]
				changed = true
				break
			}
			// The same words twice at the end is a store named after its
			// city: drop one copy here and the other as a city next round.
			if len(toks) >= 2*n+1 && strings.Join(toks[len(toks)-2*n:len(toks)-n], " ") == strings.ToUpper(tail) {
				toks = toks[:len(toks)-2*n]
				changed = true
				break
			}
		}
	}
	return toks
}

// learnCities adds to c the words that end many different descriptors just
// before a state code, as "OAKLAND CA" ends a hundred: a city.
func (c *cleaner) learnCities(payees []string) {
	heads := map[string]map[string]bool{}
	for _, p := range payees {
		f := strings.Fields(strings.ToUpper(p))
		if len(f) < 3 || !usStates[f[len(f)-1]] {
			continue
		}
		f = f[:len(f)-1]
		for n := 1; n <= 3 && n < len(f); n++ {
			tail := f[len(f)-n:]
			if !allLetters(tail) {
				break
			}
			k := strings.ToLower(strings.Join(tail, " "))
			if heads[k] == nil {
				heads[k] = map[string]bool{}
			}
			heads[k][f[0]] = true
		}
	}
	for k, h := range heads {
		if len(h) >= 3 {
			c.cities[k] = true
		}
	}
}

func allLetters(ws []string) bool {
	for _, w := range ws {
		for _, r := range w {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

func alias(toks []string) string {
	for n := min(3, len(toks)); n >= 1; n-- {
		if a, ok := aliases[strings.Join(toks[:n], " ")]; ok {
			return a
		}
	}
	return ""
}

// titleCase writes upper-case words the way a person would.
func titleCase(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case upperWords[t]:
			b.WriteString(t)
		case i > 0 && lowerWords[t]:
			b.WriteString(strings.ToLower(t))
		case len(t) <= 3 && !hasVowel(t) && utf8.RuneCountInString(t) > 1:
			b.WriteString(t) // "CVS", "BVG": an acronym without vowels
		default:
			b.WriteString(titleWord(t))
		}
	}
	return b.String()
}

func hasVowel(t string) bool { return strings.ContainsAny(t, "AEIOUY") }

// titleWord capitalizes each run of letters: "RENT-A-CAR" is "Rent-A-Car",
// "JOE'S" is "Joe's", "7-ELEVEN" is "7-Eleven".
func titleWord(t string) string {
	var b strings.Builder
	start := true
	prev := rune(0)
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			if start && prev != '\'' {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			start = false
		default:
			b.WriteRune(r)
			start = true
		}
		prev = r
	}
	return b.String()
}
