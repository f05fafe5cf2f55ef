package bankcsv

import (
	"strings"
)

// role is what a column means to a transaction.
type role uint8

const (
	roleNone       role = iota
	rolePosted          // booking date
	roleTransacted      // when it happened (card swipe, "Started Date")
	roleValueDate       // interest date: recognised so that it is not taken for the booking date
	roleAmount          // signed (or flagged) amount
	roleIn              // money in (credit) column of a pair
	roleOut             // money out (debit) column of a pair
	roleFlag            // debit/credit direction: Af/Bij, D/C, debit/credit
	roleFee
	roleCurrency
	roleBalance // running balance after the row
	roleAccount // the account's own number or IBAN
	roleAccountName
	roleCounter // the other party's account
	rolePayee   // the other party's name
	roleDesc    // description / booking text
	roleMemo    // further text
	roleID      // bank reference, transaction id
	roleType
	roleCheck
	roleCategory
	roleStatus
	roleIgnore // known column, deliberately unused ("Rubrieknaam", holder name)
)

func (r role) String() string {
	return [...]string{"none", "date", "transaction date", "value date", "amount", "amount in", "amount out",
		"debit/credit", "fee", "currency", "balance", "account", "account name", "counter account",
		"payee", "description", "memo", "reference", "type", "check number", "category", "status", "ignored"}[r]
}

// keyword is a column name (normalized by normName) and what it means.
// Names are matched whole; the few prefixes that carry a currency
// ("Bedrag (EUR)", "Amount GBP") are handled by matching the name without
// a trailing currency code too.
type keyword struct {
	role role
	lang string // "en", "de", "nl", "fr", "es", "da"... for locale hints
}

// keywords lists the column names of bank exports in the languages the
// importer knows. Booking-date names and generic "date" names share
// rolePosted; a booking-date name wins when both appear (see
// headerMapping).
var keywords = func() map[string]keyword {
	m := map[string]keyword{}
	add := func(lang string, r role, names ...string) {
		for _, n := range names {
			m[n] = keyword{r, lang}
		}
	}
	add("en", rolePosted, "date", "posting date", "posted date", "post date", "booking date", "completed date",
		"transaction posted date", "settlement date", "date posted")
	add("en", roleTransacted, "transaction date", "trans date", "started date", "date of transaction", "trade date")
	add("en", roleValueDate, "value date", "effective date")
	add("en", roleAmount, "amount", "transaction amount", "value", "net amount", "sum", "total amount")
	add("en", roleIn, "credit", "credit amount", "paid in", "money in", "deposit", "deposits", "in", "credits", "amount in", "incoming")
	add("en", roleOut, "debit", "debit amount", "paid out", "money out", "withdrawal", "withdrawals", "out", "debits", "amount out", "outgoing")
	add("en", roleFlag, "debit credit", "credit debit", "dr cr", "cr dr", "d c", "c d", "direction", "credit debit indicator", "debit or credit")
	add("en", roleFee, "fee", "fees")
	add("en", roleCurrency, "currency", "currency code", "ccy", "iso currency")
	add("en", roleBalance, "balance", "running balance", "running bal", "balance after", "account balance")
	add("en", roleAccount, "account", "account number", "iban", "account no", "account id", "own account", "account iban")
	add("en", roleAccountName, "account name")
	add("en", roleCounter, "counterparty", "counterparty account", "counter account", "counterparty iban", "payee account", "other account")
	add("en", rolePayee, "payee", "name", "payee name", "counterparty name", "merchant", "merchant name", "beneficiary", "recipient", "payer", "counter party")
	add("en", roleDesc, "description", "transaction description", "details description", "narrative", "particulars", "transaction details", "reference text", "text")
	add("en", roleMemo, "memo", "notes", "note", "original description", "additional information", "comment", "comments", "remarks",
		"payment reference", "notes and tags")
	add("en", roleIgnore, "local amount", "local currency", "amount foreign currency", "type foreign currency", "exchange rate", "time")
	add("en", roleID, "transaction id", "reference", "reference number", "ref", "id", "fitid", "transaction reference", "bank reference", "transaction number")
	add("en", roleType, "type", "transaction type", "details", "kind", "type code")
	add("en", roleCheck, "check", "check number", "check or slip", "cheque number", "cheque", "check no", "checknum")
	add("en", roleCategory, "category", "categories", "spending category")
	add("en", roleStatus, "status", "state")

	add("de", rolePosted, "buchungstag", "buchungsdatum", "buchung", "datum", "buchungstag datum")
	add("de", roleTransacted, "umsatztag", "transaktionsdatum", "belegdatum")
	add("de", roleValueDate, "wertstellung", "wertstellungsdatum", "valutadatum", "valuta datum", "wert")
	add("de", roleAmount, "betrag", "umsatz", "betrag eur", "umsatz in eur", "betrag in eur")
	add("de", roleIn, "haben", "gutschrift", "eingang", "einnahmen")
	add("de", roleOut, "soll", "lastschrift", "ausgang", "ausgaben", "belastung")
	add("de", roleFlag, "soll haben", "s h", "soll oder haben")
	add("de", roleFee, "gebuhr", "gebuhren", "entgelt")
	add("de", roleCurrency, "wahrung", "wahrungscode")
	add("de", roleBalance, "saldo", "kontostand", "saldo nach buchung", "saldo eur")
	add("de", roleAccount, "kontonummer", "konto", "auftragskonto", "iban auftragskonto", "eigene iban", "eigenes konto")
	add("de", roleAccountName, "kontoname", "kontobezeichnung")
	add("de", roleCounter, "iban zahlungsbeteiligter", "kontonummer iban", "empfanger iban", "gegenkonto", "iban gegenkonto")
	add("de", rolePayee, "auftraggeber empfanger", "empfanger", "auftraggeber", "beguenstigter zahlungspflichtiger", "zahlungsempfanger",
		"name zahlungsbeteiligter", "zahlungspflichtiger", "begunstigter zahlungspflichtiger", "empfanger auftraggeber")
	add("de", roleDesc, "verwendungszweck", "buchungstext", "beschreibung", "vorgang", "buchungsdetails")
	add("de", roleMemo, "notiz", "bemerkung", "info")
	add("de", roleID, "referenz", "transaktions id", "buchungsreferenz")
	add("de", roleType, "umsatzart", "buchungsart", "art", "transaktionsart")
	add("de", roleCategory, "kategorie")
	add("de", roleStatus, "status")

	add("nl", rolePosted, "boekdatum", "boekingsdatum", "datum", "rentedatum boeking")
	add("nl", roleTransacted, "transactiedatum")
	add("nl", roleValueDate, "valutadatum", "rentedatum")
	add("nl", roleAmount, "bedrag", "bedrag eur", "transactiebedrag")
	add("nl", roleIn, "bij")
	add("nl", roleOut, "af", "debet")
	add("nl", roleFlag, "af bij", "afbij", "creditdebet", "credit debet", "debet credit", "bij af")
	add("nl", roleCurrency, "munt", "valutacode", "muntsoort")
	add("nl", roleBalance, "saldo na mutatie", "saldo na trn", "saldo na boeking", "eindsaldo")
	add("nl", roleAccount, "rekening", "rekeningnummer", "iban bban", "eigen rekening", "rekeningnummer iban")
	add("nl", roleCounter, "tegenrekening", "tegenrekeningnummer", "rekeningnummer tegenpartij", "tegenrekening iban bban", "iban tegenpartij")
	add("nl", rolePayee, "naam", "naam omschrijving", "tegenrekeninghouder", "naam tegenpartij", "naam tegenrekening")
	add("nl", roleDesc, "omschrijving", "omschrijving 1")
	add("nl", roleMemo, "mededelingen", "vrije mededeling", "gestructureerde mededeling", "omschrijving 2", "omschrijving 3", "mededeling")
	add("nl", roleID, "referentie", "transactiereferentie", "volgnr", "volgnummer")
	add("nl", roleType, "mutatiesoort", "betaalwijze", "code", "type betaling", "transactiecode", "rubrieknaam")

	add("fr", rolePosted, "date operation", "date comptable", "date de comptabilisation", "date de l operation", "date d operation")
	add("fr", roleValueDate, "date valeur", "date de valeur")
	add("fr", roleAmount, "montant", "montant eur", "montant en euros")
	add("fr", roleIn, "credit euros", "credits", "montant credit")
	add("fr", roleOut, "debit euros", "debits", "montant debit")
	add("fr", roleFlag, "sens")
	add("fr", roleCurrency, "devise", "monnaie")
	add("fr", roleBalance, "solde")
	add("fr", roleAccount, "compte", "numero de compte")
	add("fr", rolePayee, "beneficiaire", "tiers", "nom")
	add("fr", roleDesc, "libelle", "remarque", "libelle operation", "description operation", "intitule")
	add("fr", roleMemo, "informations complementaires", "detail")
	add("fr", roleType, "type operation", "type d operation")
	add("fr", roleCategory, "categorie")

	add("es", rolePosted, "fecha", "fecha contable", "fecha operacion", "fecha de operacion")
	add("es", roleValueDate, "fecha valor")
	add("es", roleAmount, "importe", "cantidad", "importe eur")
	add("es", roleIn, "ingreso", "ingresos", "haber")
	add("es", roleOut, "gasto", "gastos", "cargo", "debe")
	add("es", roleCurrency, "moneda", "divisa")
	add("es", roleBalance, "saldo disponible")
	add("es", roleAccount, "cuenta")
	add("es", roleDesc, "concepto", "descripcion", "movimiento")
	add("es", roleMemo, "observaciones", "mas datos")
	add("es", roleCategory, "categoria")

	add("da", rolePosted, "dato", "bogforingsdato", "bogfort", "bokforingsdag", "bokforingsdatum", "bokforingsdato", "kirjauspaiva")
	add("da", roleValueDate, "rentedato", "valordato", "valor dato", "valuteringsdato")
	add("da", roleAmount, "belob", "belopp", "summa", "belop", "maara")
	add("da", roleIn, "indsat", "indbetaling")
	add("da", roleOut, "haevet", "udbetaling")
	add("da", roleCurrency, "valuta")
	add("da", roleBalance, "saldo efter")
	add("da", roleAccount, "kontonr", "konto nr")
	add("da", rolePayee, "navn", "namn", "modtager", "mottagare", "afsender", "avsandare")
	add("da", roleDesc, "tekst", "beskrivelse", "rubrik", "meddelelse", "specifikation")
	add("da", roleCategory, "kategori")

	// A few names from Italian, Portuguese and Polish exports, which the
	// same banks' apps write.
	add("it", rolePosted, "data", "data contabile", "data operazione")
	add("it", roleValueDate, "data valuta")
	add("it", roleAmount, "importo")
	add("it", roleIn, "entrate", "accrediti")
	add("it", roleOut, "uscite", "addebiti")
	add("it", roleDesc, "descrizione", "causale", "descrizione operazione")
	add("it", roleCurrency, "divisa")
	add("pt", rolePosted, "data movimento", "data lancamento")
	add("pt", roleAmount, "montante", "valor")
	add("pt", roleDesc, "descricao")
	add("pl", rolePosted, "data operacji", "data ksiegowania")
	add("pl", roleAmount, "kwota")
	add("pl", roleDesc, "opis", "tytul")
	add("pl", roleCurrency, "waluta")
	return m
}()

// dateRank orders the date columns: a booking date is what "posted"
// means; a plain "Date" usually is one; a transaction date is when the
// card was used.
var dateRank = map[string]int{
	"buchungstag": 3, "buchungsdatum": 3, "buchung": 3, "boekdatum": 3, "boekingsdatum": 3,
	"posting date": 3, "posted date": 3, "post date": 3, "booking date": 3, "completed date": 3,
	"date comptable": 3, "date de comptabilisation": 3, "fecha contable": 3, "bogforingsdato": 3,
	"bokforingsdag": 3, "bokforingsdatum": 3, "bokforingsdato": 3, "transaction posted date": 3,
}

// lookupKeyword classifies a normalized column name, also trying it
// without a trailing currency code ("bedrag eur", "amount gbp") and
// returning that code as a hint.
func lookupKeyword(n string) (keyword, string, bool) {
	if k, ok := keywords[n]; ok {
		return k, trailingCode(n), true
	}
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		if code := trailingCode(n); code != "" {
			if k, ok := keywords[n[:i]]; ok {
				return k, code, true
			}
			if k, ok := keywords[strings.TrimSuffix(n[:i], " in")]; ok {
				return k, code, true
			}
		}
	}
	return keyword{}, "", false
}

// trailingCode returns the ISO code a column name ends with ("bedrag eur"),
// if it is one and not the whole name.
func trailingCode(n string) string {
	i := strings.LastIndexByte(n, ' ')
	if i < 0 {
		return ""
	}
	if c, ok := currencyCode(n[i+1:], ""); ok && len(n)-i-1 == 3 {
		return c
	}
	return ""
}

// headerScore says whether a record reads as a header row: how many of its
// cells are known column names, whether one names a date and one an
// amount, and that no cell holds data (a date or a number).
func headerScore(rec []string) (known int, ok bool) {
	hasDate, hasAmount := false, false
	for _, cell := range rec {
		c := strings.TrimSpace(cell)
		if c == "" {
			continue
		}
		if looksLikeDate(c) {
			return 0, false
		}
		if m, _ := moneyShape(c); m {
			return 0, false
		}
		k, _, found := lookupKeyword(normName(c))
		if !found {
			continue
		}
		known++
		switch k.role {
		case rolePosted, roleTransacted, roleValueDate:
			hasDate = true
		case roleAmount, roleIn, roleOut:
			hasAmount = true
		}
	}
	return known, known >= 2 && hasDate && hasAmount
}
