package bankcsv

import (
	"fmt"
	"strings"
)

// record is one CSV record and the physical line it starts on.
type record struct {
	f    []string
	line int
}

func (r record) get(i int) string {
	if i < 0 || i >= len(r.f) {
		return ""
	}
	return r.f[i]
}

func (r record) blank() bool {
	for _, c := range r.f {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

const numRoles = int(roleIgnore) + 1

// layout says which column holds what, however it was found: a header
// row and the keyword tables, a preset, inference from values, or a rules
// file (whose evaluated fields become the columns of synthetic records).
type layout struct {
	preset      string
	institution string
	names       []string      // column names, for messages
	col         [numRoles]int // the column of each single-valued role, -1 if none
	memo        []int         // further text columns, in order

	header     []string // the header row normalized, to spot it repeated
	rawHeader0 string   // its first cell as written
	headerLine int
	european   bool   // column names in a continental language: a locale hint
	curHint    string // a currency the header names ("Bedrag (EUR)")

	// Preset behaviours.
	dateFallback  int  // a second date column used when the first is empty (Revolut's pending rows)
	balanceBefore bool // the balance column holds the balance before the row (ASN Bank)
	subtractFee   bool // the fee column is charged on top of the amount (Revolut)
	asnID         bool // build the reference from the date and the journal number (ASN Bank)
	journal       int  // ASN: the journal number column

	// Rules files.
	skipCol int  // a column that, non-empty, says the rules skip the record
	pipe    bool // descriptions are hledger's "payee | note"

	notes []string // what validation and inference want the Report to say
}

func newLayout(width int) *layout {
	l := &layout{dateFallback: -1, skipCol: -1, journal: -1}
	for i := range l.col {
		l.col[i] = -1
	}
	l.names = make([]string, width)
	for i := range l.names {
		l.names[i] = fmt.Sprintf("column %d", i+1)
	}
	return l
}

func (l *layout) name(i int) string {
	if i >= 0 && i < len(l.names) {
		return l.names[i]
	}
	return fmt.Sprintf("column %d", i+1)
}

// columns describes the mapping for the Report: "date=Buchungstag".
func (l *layout) columns() []string {
	var out []string
	for r := rolePosted; r < roleIgnore; r++ {
		if r == roleMemo {
			for _, c := range l.memo {
				out = append(out, "memo="+l.name(c))
			}
			continue
		}
		if c := l.col[r]; c >= 0 {
			out = append(out, r.String()+"="+l.name(c))
		}
	}
	return out
}

// preset is a bank's layout recognised by its header. The keyword tables
// read most headers on their own; a preset fixes the columns whose names
// mislead (KBC's "Naam" is the account holder, ING Germany's
// "Buchungstext" is the booking type, Revolut's "Completed Date" is empty
// for pending rows) and names the institution.
type preset struct {
	name, institution string
	currency          string          // the bank's only currency, when the file does not say
	needs             []string        // normalized column names that must all be present
	roles             map[string]role // role overrides by normalized column name
	apply             func(l *layout, find func(string) int)
}

var presets = []preset{
	{
		name: "ING Germany", institution: "ING",
		needs: []string{"buchung", "wertstellungsdatum", "auftraggeber empfanger", "buchungstext", "verwendungszweck", "betrag"},
		roles: map[string]role{"buchungstext": roleType, "verwendungszweck": roleDesc},
	},
	{
		name: "Revolut", institution: "Revolut",
		needs: []string{"type", "product", "started date", "completed date", "description", "amount", "fee", "currency", "state"},
		roles: map[string]role{"product": roleAccountName},
		apply: func(l *layout, find func(string) int) {
			l.dateFallback = find("started date")
			l.col[roleTransacted] = find("started date")
			l.subtractFee = true
		},
	},
	{
		name: "KBC", institution: "KBC",
		needs: []string{"rekeningnummer", "rubrieknaam", "naam", "munt", "afschriftnummer", "datum", "omschrijving", "bedrag", "saldo"},
		roles: map[string]role{
			"naam": roleIgnore, "rubrieknaam": roleIgnore, "afschriftnummer": roleIgnore, "valuta": roleValueDate,
			"credit": roleIgnore, "debet": roleIgnore, "bic tegenpartij": roleIgnore, "adres tegenpartij": roleIgnore,
		},
	},
	{
		name: "bunq", institution: "bunq", currency: "EUR",
		needs: []string{"date", "amount", "account", "counterparty", "name", "description"},
	},
	{
		name: "Commerzbank", institution: "Commerzbank",
		needs: []string{"buchungstag", "wertstellung", "umsatzart", "buchungstext", "betrag", "wahrung", "iban auftraggeberkonto"},
		roles: map[string]role{
			"auftraggeberkonto": roleIgnore, "bankleitzahl auftraggeberkonto": roleIgnore,
			"iban auftraggeberkonto": roleAccount, "buchungstext": roleDesc,
		},
	},
	{
		name: "ING Netherlands", institution: "ING",
		needs: []string{"datum", "naam omschrijving", "rekening", "tegenrekening", "af bij", "mededelingen"},
		roles: map[string]role{"code": roleIgnore, "mutatiesoort": roleType},
	},
	{
		name: "Knab", institution: "Knab",
		needs: []string{"rekeningnummer", "transactiedatum", "valutacode", "creditdebet", "bedrag", "tegenrekeninghouder", "boekdatum"},
		roles: map[string]role{"type betaling": roleIgnore, "machtigingsnummer": roleIgnore, "incassant id": roleIgnore, "adres": roleIgnore},
	},
	{
		name: "Chase", institution: "Chase",
		needs: []string{"details", "posting date", "description", "amount", "type", "balance"},
		roles: map[string]role{"details": roleFlag},
	},
	{
		name:  "Mint",
		needs: []string{"date", "description", "original description", "amount", "transaction type", "category", "account name"},
		roles: map[string]role{"transaction type": roleFlag, "labels": roleMemo},
	},
	{
		name: "Nationwide", institution: "Nationwide",
		needs: []string{"date", "transaction type", "description", "paid out", "paid in", "balance"},
	},
	{
		name: "Nordea", institution: "Nordea",
		needs: []string{"bogforingsdato", "belob", "navn", "beskrivelse", "saldo"},
		roles: map[string]role{"afsender": roleIgnore, "modtager": roleIgnore, "saldo": roleBalance},
	},
	{
		name: "Nordea", institution: "Nordea",
		needs: []string{"bokforingsdag", "belopp", "namn", "rubrik", "saldo"},
		roles: map[string]role{"avsandare": roleIgnore, "mottagare": roleIgnore, "saldo": roleBalance},
	},
	{
		name:  "CSB43 (csb2format)",
		needs: []string{"bank code", "account number", "transaction date", "amount", "item1"},
		roles: map[string]role{
			"item1": roleDesc, "item2": roleMemo, "reference1": roleMemo, "reference2": roleMemo,
			"initial date": roleIgnore, "final date": roleIgnore, "initial balance": roleIgnore, "final balance": roleIgnore,
			"value date": roleValueDate, "account number": roleAccount,
		},
	},
}

// mapHeader builds the layout of a file from its header row.
func mapHeader(hdr []string, line int) *layout {
	l := newLayout(len(hdr))
	l.headerLine = line
	norm := make([]string, len(hdr))
	roles := make([]role, len(hdr))
	for i, h := range hdr {
		l.names[i] = strings.TrimSpace(h)
		norm[i] = normName(h)
		if k, code, ok := lookupKeyword(norm[i]); ok {
			roles[i] = k.role
			if k.lang != "en" {
				l.european = true
			}
			switch k.role {
			case roleAmount, roleIn, roleOut, roleBalance:
				if code != "" && l.curHint == "" {
					l.curHint = code
				}
			}
		}
	}
	l.header = norm
	if len(hdr) > 0 {
		l.rawHeader0 = strings.TrimSpace(hdr[0])
	}
	find := func(n string) int {
		for i, c := range norm {
			if c == n {
				return i
			}
		}
		return -1
	}
	var chosen *preset
	for pi := range presets {
		p := &presets[pi]
		all := true
		for _, n := range p.needs {
			if find(n) < 0 && !hasCodeVariant(norm, n) {
				all = false
				break
			}
		}
		if all {
			chosen = p
			break
		}
	}
	if chosen != nil {
		l.preset, l.institution = chosen.name, chosen.institution
		if l.curHint == "" {
			l.curHint = chosen.currency
		}
		for i, n := range norm {
			if r, ok := chosen.roles[n]; ok {
				roles[i] = r
			}
		}
	}
	l.assign(roles, norm)
	if chosen != nil && chosen.apply != nil {
		chosen.apply(l, find)
	}
	return l
}

// hasCodeVariant reports whether a column is n followed by a currency
// code: "bedrag eur" for "bedrag".
func hasCodeVariant(norm []string, n string) bool {
	for _, c := range norm {
		if strings.HasPrefix(c, n+" ") && trailingCode(c) != "" && len(c) == len(n)+4 {
			return true
		}
	}
	return false
}

// assign turns per-column roles into the layout: the best date column
// becomes the booking date, the first of each other role wins, and
// further payee, description and memo columns become memo text.
func (l *layout) assign(roles []role, norm []string) {
	posted, bestRank := -1, -1
	for i, r := range roles {
		if r == rolePosted {
			rank := 1
			if dr, ok := dateRank[norm[i]]; ok {
				rank = dr
			}
			if rank > bestRank {
				posted, bestRank = i, rank
			}
		}
	}
	first := func(want role, skip int) int {
		for i, r := range roles {
			if r == want && i != skip {
				return i
			}
		}
		return -1
	}
	if posted < 0 {
		posted = first(roleTransacted, -1)
	}
	if posted < 0 {
		posted = first(roleValueDate, -1)
	}
	l.col[rolePosted] = posted
	l.col[roleTransacted] = first(roleTransacted, posted)
	for _, r := range []role{roleAmount, roleIn, roleOut, roleFlag, roleFee, roleBalance, roleAccount,
		roleAccountName, roleCounter, rolePayee, roleDesc, roleID, roleType, roleCheck, roleCategory, roleStatus} {
		l.col[r] = first(r, -1)
	}
	// Several currency columns (ING Germany has one for the balance and one
	// for the amount): the amount's is the one right after it.
	if a := l.col[roleAmount]; a >= 0 {
		for i := a + 1; i < len(roles); i++ {
			if roles[i] == roleCurrency {
				l.col[roleCurrency] = i
				break
			}
		}
	}
	if l.col[roleCurrency] < 0 {
		l.col[roleCurrency] = first(roleCurrency, -1)
	}
	// A signed amount column makes debit/credit columns redundant (KBC
	// repeats the amount in "debet").
	if l.col[roleAmount] >= 0 {
		l.col[roleIn], l.col[roleOut] = -1, -1
	}
	for i, r := range roles {
		switch {
		case r == roleMemo,
			r == rolePayee && i != l.col[rolePayee],
			r == roleDesc && i != l.col[roleDesc]:
			l.memo = append(l.memo, i)
		}
	}
}

// validate checks the columns against their values and corrects what the
// names got wrong: a "Valuta" column of dates is a value date, not a
// currency; a type column holding only debit/credit words is a direction
// flag; a reference column whose values repeat cannot identify
// transactions and is demoted to memo text, because the engine would
// otherwise drop real rows as duplicates.
func (l *layout) validate(recs []record) {
	if c := l.col[roleCurrency]; c >= 0 {
		codes, n := 0, 0
		for _, r := range recs {
			v := strings.TrimSpace(r.get(c))
			if v == "" {
				continue
			}
			n++
			if _, ok := currencyCode(v, ""); ok {
				codes++
			}
		}
		if n > 0 && codes*2 < n {
			l.col[roleCurrency] = -1
		}
	}
	if l.col[roleFlag] < 0 {
		for _, c := range []int{l.col[roleType]} {
			if c >= 0 && allDirections(recs, c) {
				l.col[roleFlag] = c
			}
		}
	}
	if c := l.col[roleAccount]; c >= 0 {
		distinct := map[string]bool{}
		for _, r := range recs {
			v := strings.TrimSpace(r.get(c))
			if v == "" {
				continue
			}
			if !accountLike(v) {
				if l.col[roleAccountName] < 0 {
					l.col[roleAccountName] = c
				}
				l.col[roleAccount] = -1
				break
			}
			distinct[normAccount(v)] = true
		}
		// An export covers one account, or a few; a column with a new
		// account on many rows is the other party's (N26 calls it
		// "Account number"), and taking it for the owner's would split
		// one statement into dozens.
		if n := len(distinct); l.col[roleAccount] >= 0 && n > 3 && n*4 > len(recs) {
			l.notes = append(l.notes, fmt.Sprintf("column %q holds %d different accounts: read as the other party's", l.name(c), n))
			if l.col[roleCounter] < 0 {
				l.col[roleCounter] = c
			} else {
				l.memo = append(l.memo, c)
			}
			l.col[roleAccount] = -1
		}
	}
	// A counterparty column of names rather than account numbers
	// (Starling's "Counter Party") is the payee.
	if c := l.col[roleCounter]; c >= 0 && l.col[rolePayee] < 0 {
		for _, r := range recs {
			if v := strings.TrimSpace(r.get(c)); v != "" && !accountLike(v) {
				l.col[rolePayee], l.col[roleCounter] = c, -1
				break
			}
		}
	}
	if c := l.col[roleID]; c >= 0 {
		seen := make(map[string]string, len(recs))
		for _, r := range recs {
			v := strings.TrimSpace(r.get(c))
			if v == "" {
				continue
			}
			// "Reference" is also what banks call the payment's text
			// ("SALARY", "TESCO STORES 1234"), which repeats next month
			// and would make the engine drop the new row as a duplicate.
			// An id is one token with a digit in it.
			if !idLike(v) {
				l.notes = append(l.notes, fmt.Sprintf("column %q holds text such as %q, so it is not used as a transaction reference", l.name(c), v))
				l.col[roleID] = -1
				l.memo = append(l.memo, c)
				break
			}
			whole := strings.Join(r.f, "\x00")
			if prev, dup := seen[v]; dup && prev != whole {
				l.notes = append(l.notes, fmt.Sprintf("column %q repeats its values, so it is not used as a transaction reference", l.name(c)))
				l.col[roleID] = -1
				l.memo = append(l.memo, c)
				break
			}
			seen[v] = whole
		}
	}
}

// idLike reports whether v looks like a bank's transaction id: one
// token, at least three characters, with a digit.
func idLike(v string) bool {
	if len(v) < 3 || strings.ContainsAny(v, " \t") {
		return false
	}
	return strings.ContainsAny(v, "0123456789")
}

func allDirections(recs []record, c int) bool {
	n := 0
	for _, r := range recs {
		v := strings.TrimSpace(r.get(c))
		if v == "" {
			continue
		}
		if direction(v) == 0 {
			return false
		}
		n++
	}
	return n > 0
}

// accountLike reports whether v looks like an account number or IBAN
// rather than an account's name: letters only in an IBAN's country and
// bank code, the rest digits, spaces and dashes.
func accountLike(v string) bool {
	if ibanLike(v) {
		return true
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isDigit(c):
			digits++
		case c == ' ' || c == '-' || c == '.' || c == '/':
		default:
			return false
		}
	}
	return digits >= 4
}

// ibanLike is a loose IBAN shape check: country letters, check digits,
// then 10 to 30 letters and digits, spaces allowed.
func ibanLike(v string) bool {
	s := strings.ReplaceAll(v, " ", "")
	if len(s) < 14 || len(s) > 34 {
		return false
	}
	up := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	if !up(s[0]) || !up(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	for i := 4; i < len(s); i++ {
		if !up(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// normAccount writes an account number without the spaces banks put in
// IBANs for reading, so that the same account always has the same id.
func normAccount(v string) string {
	if v == "" {
		return ""
	}
	v = strings.TrimSpace(v)
	if ibanLike(v) {
		return strings.ReplaceAll(v, " ", "")
	}
	return v
}

// findHeader looks for the header row among the first records: the first
// one that names a date and an amount column and holds no data. The
// records before it are a preamble.
func findHeader(recs []record) int {
	for i, r := range recs {
		if i >= 50 {
			break
		}
		if _, ok := headerScore(r.f); ok {
			return i
		}
	}
	return -1
}

// preambleInfo reads the "key;value" lines some banks write before the
// header (ING Germany: "IBAN;DE12 3456 ...", "Kontoname;Girokonto",
// "Bank;ING") for the account's number, name and bank.
func preambleInfo(recs []record) (account, name, bank string) {
	for _, r := range recs {
		if len(r.f) < 2 {
			continue
		}
		key := normName(r.f[0])
		val := ""
		for _, v := range r.f[1:] {
			if v = strings.TrimSpace(v); v != "" {
				val = v
				break
			}
		}
		if val == "" {
			continue
		}
		switch key {
		case "iban", "kontonummer", "account number", "account", "rekeningnummer", "numero de compte", "konto", "account no":
			if account == "" && accountLike(val) {
				account = normAccount(val)
			}
		case "kontoname", "account name", "kontobezeichnung":
			if name == "" {
				name = val
			}
		case "bank", "bankname", "institution":
			if bank == "" {
				bank = val
			}
		}
	}
	return
}
