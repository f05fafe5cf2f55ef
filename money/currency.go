package money

import (
	"fmt"
	"strings"
)

// exponents maps each ISO 4217 code to the digits of its minor unit, as ISO
// 4217 List One gives them. The exponent, not the code, is what decides where
// the decimal point goes, so a wrong number here silently moves money by a
// factor of ten: keep it to the standard, not to local custom (ISO gives HUF
// and IDR 2 even though their cents are no longer used, and banks follow it).
//
// Codes whose minor unit ISO lists as "N.A." are left out on purpose: gold,
// silver, platinum, palladium (XAU, XAG, XPT, XPD), the bond-market units
// (XBA, XBB, XBC, XBD), XDR, XSU, XUA, and the test and no-currency codes XTS
// and XXX. Without a defined minor unit there is no exact int64 amount to
// hold, and guessing one would be worse than refusing.
var exponents = map[string]int{
	// Exponent 0: no minor unit in use.
	"BIF": 0, // Burundi franc
	"CLP": 0, // Chilean peso
	"DJF": 0, // Djibouti franc
	"GNF": 0, // Guinean franc
	"ISK": 0, // Icelandic króna
	"JPY": 0, // Japanese yen
	"KMF": 0, // Comoro franc
	"KRW": 0, // South Korean won
	"PYG": 0, // Paraguayan guaraní
	"RWF": 0, // Rwanda franc
	"UGX": 0, // Uganda shilling
	"UYI": 0, // Uruguay peso en unidades indexadas
	"VND": 0, // Vietnamese đồng
	"VUV": 0, // Vanuatu vatu
	"XAF": 0, // CFA franc BEAC
	"XOF": 0, // CFA franc BCEAO
	"XPF": 0, // CFP franc

	// Exponent 3: the dinars and rials divided into a thousand.
	"BHD": 3, // Bahraini dinar
	"IQD": 3, // Iraqi dinar
	"JOD": 3, // Jordanian dinar
	"KWD": 3, // Kuwaiti dinar
	"LYD": 3, // Libyan dinar
	"OMR": 3, // Omani rial
	"TND": 3, // Tunisian dinar

	// Exponent 4: indexed units of account.
	"CLF": 4, // Unidad de Fomento (Chile)
	"UYW": 4, // Unidad previsional (Uruguay)

	// Exponent 2: everything else.
	"AED": 2, // UAE dirham
	"AFN": 2, // Afghani
	"ALL": 2, // Albanian lek
	"AMD": 2, // Armenian dram
	"ANG": 2, // Netherlands Antillean guilder
	"AOA": 2, // Angolan kwanza
	"ARS": 2, // Argentine peso
	"AUD": 2, // Australian dollar
	"AWG": 2, // Aruban florin
	"AZN": 2, // Azerbaijan manat
	"BAM": 2, // Convertible mark
	"BBD": 2, // Barbados dollar
	"BDT": 2, // Taka
	"BGN": 2, // Bulgarian lev
	"BMD": 2, // Bermudian dollar
	"BND": 2, // Brunei dollar
	"BOB": 2, // Boliviano
	"BOV": 2, // Mvdol
	"BRL": 2, // Brazilian real
	"BSD": 2, // Bahamian dollar
	"BTN": 2, // Ngultrum
	"BWP": 2, // Pula
	"BYN": 2, // Belarusian ruble
	"BZD": 2, // Belize dollar
	"CAD": 2, // Canadian dollar
	"CDF": 2, // Congolese franc
	"CHE": 2, // WIR euro
	"CHF": 2, // Swiss franc
	"CHW": 2, // WIR franc
	"CNY": 2, // Yuan renminbi
	"COP": 2, // Colombian peso
	"COU": 2, // Unidad de valor real
	"CRC": 2, // Costa Rican colón
	"CUP": 2, // Cuban peso
	"CVE": 2, // Cabo Verde escudo
	"CZK": 2, // Czech koruna
	"DKK": 2, // Danish krone
	"DOP": 2, // Dominican peso
	"DZD": 2, // Algerian dinar
	"EGP": 2, // Egyptian pound
	"ERN": 2, // Nakfa
	"ETB": 2, // Ethiopian birr
	"EUR": 2, // Euro
	"FJD": 2, // Fiji dollar
	"FKP": 2, // Falkland Islands pound
	"GBP": 2, // Pound sterling
	"GEL": 2, // Lari
	"GHS": 2, // Ghana cedi
	"GIP": 2, // Gibraltar pound
	"GMD": 2, // Dalasi
	"GTQ": 2, // Quetzal
	"GYD": 2, // Guyana dollar
	"HKD": 2, // Hong Kong dollar
	"HNL": 2, // Lempira
	"HTG": 2, // Gourde
	"HUF": 2, // Forint
	"IDR": 2, // Rupiah
	"ILS": 2, // New Israeli sheqel
	"INR": 2, // Indian rupee
	"IRR": 2, // Iranian rial
	"JMD": 2, // Jamaican dollar
	"KES": 2, // Kenyan shilling
	"KGS": 2, // Som
	"KHR": 2, // Riel
	"KPW": 2, // North Korean won
	"KYD": 2, // Cayman Islands dollar
	"KZT": 2, // Tenge
	"LAK": 2, // Lao kip
	"LBP": 2, // Lebanese pound
	"LKR": 2, // Sri Lanka rupee
	"LRD": 2, // Liberian dollar
	"LSL": 2, // Loti
	"MAD": 2, // Moroccan dirham
	"MDL": 2, // Moldovan leu
	"MGA": 2, // Malagasy ariary (ISO lists 2, not its 1/5 iraimbilanja)
	"MKD": 2, // Denar
	"MMK": 2, // Kyat
	"MNT": 2, // Tugrik
	"MOP": 2, // Pataca
	"MRU": 2, // Ouguiya (ISO lists 2, not its 1/5 khoums)
	"MUR": 2, // Mauritius rupee
	"MVR": 2, // Rufiyaa
	"MWK": 2, // Malawi kwacha
	"MXN": 2, // Mexican peso
	"MXV": 2, // Mexican Unidad de Inversion
	"MYR": 2, // Malaysian ringgit
	"MZN": 2, // Mozambique metical
	"NAD": 2, // Namibia dollar
	"NGN": 2, // Naira
	"NIO": 2, // Córdoba oro
	"NOK": 2, // Norwegian krone
	"NPR": 2, // Nepalese rupee
	"NZD": 2, // New Zealand dollar
	"PAB": 2, // Balboa
	"PEN": 2, // Sol
	"PGK": 2, // Kina
	"PHP": 2, // Philippine peso
	"PKR": 2, // Pakistan rupee
	"PLN": 2, // Zloty
	"QAR": 2, // Qatari rial
	"RON": 2, // Romanian leu
	"RSD": 2, // Serbian dinar
	"RUB": 2, // Russian ruble
	"SAR": 2, // Saudi riyal
	"SBD": 2, // Solomon Islands dollar
	"SCR": 2, // Seychelles rupee
	"SDG": 2, // Sudanese pound
	"SEK": 2, // Swedish krona
	"SGD": 2, // Singapore dollar
	"SHP": 2, // Saint Helena pound
	"SLE": 2, // Leone
	"SOS": 2, // Somali shilling
	"SRD": 2, // Surinam dollar
	"SSP": 2, // South Sudanese pound
	"STN": 2, // Dobra
	"SVC": 2, // El Salvador colón
	"SYP": 2, // Syrian pound
	"SZL": 2, // Lilangeni
	"THB": 2, // Baht
	"TJS": 2, // Somoni
	"TMT": 2, // Turkmenistan new manat
	"TOP": 2, // Paʻanga
	"TRY": 2, // Turkish lira
	"TTD": 2, // Trinidad and Tobago dollar
	"TWD": 2, // New Taiwan dollar
	"TZS": 2, // Tanzanian shilling
	"UAH": 2, // Hryvnia
	"USD": 2, // US dollar
	"USN": 2, // US dollar (next day)
	"UYU": 2, // Peso uruguayo
	"UZS": 2, // Uzbekistan sum
	"VED": 2, // Bolívar soberano (digital)
	"VES": 2, // Bolívar soberano
	"WST": 2, // Tala
	"XCD": 2, // East Caribbean dollar
	"XCG": 2, // Caribbean guilder
	"YER": 2, // Yemeni rial
	"ZAR": 2, // Rand
	"ZMW": 2, // Zambian kwacha
	"ZWG": 2, // Zimbabwe gold

	// Withdrawn in recent years but still found in the older statements a
	// user imports; refusing them would make that history unreadable.
	"CUC": 2, // Cuban convertible peso
	"HRK": 2, // Croatian kuna, replaced by EUR in 2023
	"MRO": 2, // Ouguiya before the 2018 redenomination
	"SLL": 2, // Leone before the 2022 redenomination
	"STD": 2, // Dobra before the 2018 redenomination
	"VEF": 2, // Bolívar fuerte
	"ZWL": 2, // Zimbabwe dollar, replaced by ZWG in 2024
}

// Lookup returns the ISO 4217 currency for code. Case and surrounding
// whitespace are ignored because codes arrive from CSV headers and user
// input ("usd ", "Eur"). A code that is not three ASCII letters, or is not in
// the table, gives an error wrapping ErrUnknownCurrency that names the code,
// so a caller never goes on with a guessed exponent.
func Lookup(code string) (Currency, error) {
	norm, ok := normCode(code)
	if ok {
		if exp, found := exponents[norm]; found {
			return Currency{Code: norm, Exponent: exp}, nil
		}
	}
	return Currency{}, fmt.Errorf("money: %w %q", ErrUnknownCurrency, code)
}

// MustLookup is Lookup for codes known when the program is written
// (package-level values, tests): it panics on an unknown code, because such
// a code is a bug in the program, not bad input.
func MustLookup(code string) Currency {
	c, err := Lookup(code)
	if err != nil {
		panic(err)
	}
	return c
}

// normCode trims code and upper-cases it if it is exactly three ASCII
// letters. It works byte by byte rather than with strings.ToUpper because
// Unicode case mapping turns some non-ASCII letters into ASCII ones ("ı" to
// "I", "ſ" to "S"), and "ıqd" must not be taken for IQD.
func normCode(code string) (string, bool) {
	code = strings.TrimSpace(code)
	if len(code) != 3 {
		return "", false
	}
	var b [3]byte
	for i := 0; i < 3; i++ {
		c := code[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b[i] = c
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		default:
			return "", false
		}
	}
	if string(b[:]) == code {
		return code, true // already canonical: no allocation
	}
	return string(b[:]), true
}

// exponentOf gives the exponent used to write an amount of code. An unknown
// code gets 2, the most common exponent, so that an Amount built from bad
// data still prints something a person can read instead of failing; parsing
// never guesses like this.
func exponentOf(code string) int {
	if exp, ok := exponents[code]; ok {
		return exp
	}
	if norm, ok := normCode(code); ok {
		if exp, ok := exponents[norm]; ok {
			return exp
		}
	}
	return 2
}
