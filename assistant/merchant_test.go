package assistant

import (
	"strings"
	"testing"

	"penny/demo"
)

func TestMerchantNameCleansDescriptors(t *testing.T) {
	for payee, want := range map[string]string{
		"SQ *BLUE BOTTLE COFFEE OAKLAND CA":                   "Blue Bottle Coffee",
		"SQ *BLUE BOTTLE COFFEE SAN FRANCISCO CA":             "Blue Bottle Coffee",
		"TST* PHILZ COFFEE - BERKELEY CA":                     "Philz Coffee",
		"PAYPAL *EBAY INC 402-935-7733 CA":                    "Ebay",
		"AMZN Mktp US*2K4LT0PF3":                              "Amazon",
		"AMAZON.COM*RT5Y67UI8 AMZN.COM/BILL WA":               "Amazon",
		"TRADER JOE S #495 ALBANY CA":                         "Trader Joe's",
		"WHOLEFDS OAK 05357 OAKLAND CA":                       "Whole Foods",
		"NETFLIX.COM 866-579-7172 CA":                         "Netflix",
		"SPOTIFY USA 877-778-1161 NY":                         "Spotify",
		"UBER *TRIP HELP.UBER.COM CA":                         "Uber",
		"UBER * EATS HELP.UBER.COM CA":                        "Uber Eats",
		"LYFT *BAY WHEELS SAN FRANCISCO CA":                   "Lyft Bay Wheels",
		"GOOGLE *YOUTUBEPREMIUM G.CO/HELPPAY# CA":             "YouTube Premium",
		"APPLE.COM/BILL 866-712-7753 CA":                      "Apple",
		"7-ELEVEN 29105 OAKLAND CA":                           "7-Eleven",
		"76 - 52668015 SAN FRANCISCO CA":                      "76",
		"99 RANCH MARKET #713 ALBANY CA":                      "99 Ranch Market",
		"1-800-FLOWERS.COM 800-468-1141 NY":                   "1-800-Flowers",
		"MCDONALDS F94623 SAN FRANCISCO CA":                   "McDonald's",
		"CHICK-FIL-A #81366 SAN FRANCISCO CA":                 "Chick-Fil-A",
		"IKEA EMERYVILLE EMERYVILLE CA":                       "IKEA",
		"PATAGONIA BERKELEY BERKELEY CA":                      "Patagonia",
		"ETSY, INC. BROOKLYN NY":                              "Etsy",
		"HERTZ RENT-A-CAR BOSTON MA":                          "Hertz Rent-A-Car",
		"CVS/PHARMACY #61181 SAN LEANDRO CA":                  "CVS Pharmacy",
		"NORTHWIND TRADERS DIRECT DEP PPD ID: 1057815582":     "Northwind Traders",
		"VENMO PAYMENT 1234567890 WEB ID: 3264681992":         "Venmo",
		"OAKWOOD PROPERTY MGMT WEB PMTS":                      "Oakwood Property Mgmt",
		"PGANDE WEB ONLINE":                                   "PG&E",
		"TMOBILE*AUTO PAY 800-937-8997 WA":                    "T-Mobile",
		"REWE MARKT GMBH BERLIN":                              "REWE Markt",
		"BVG BERLIN":                                          "BVG",
		"AIRBNB * HM3HNGLFUA AIRBNB.COM CA":                   "Airbnb",
		"AMERICAN AIR1234567890123 FORT WORTH TX":             "American Air",
		"OAKLAND MUSEUM OF CA OAKLAND CA":                     "Oakland Museum of CA",
		"MAMAS ON WASHINGTON SQ SAN FRANCISCO CA":             "Mamas on Washington SQ",
		"ATM WITHDRAWAL 055926 2150 SHATTUCK AVE BERKELEY CA": "ATM Withdrawal",
		"SUMUP *CAFE LIEBLING BERLIN":                         "Cafe Liebling",
		"LOWES #91819* OAKLAND CA":                            "Lowes",
	} {
		if got := MerchantName(payee); got != want {
			t.Errorf("MerchantName(%q) = %q, want %q", payee, got, want)
		}
	}
}

// The demo names its merchants; cleaning the descriptors it prints should
// find most of them again by name.
func TestMerchantNamesFindTheDemoMerchants(t *testing.T) {
	d := demo.Generate(demo.Options{Seed: 3, Transactions: 20_000})
	c := &cleaner{cities: builtinCities()}
	var payees []string
	for _, tx := range d.Transactions {
		payees = append(payees, tx.Payee)
	}
	c.learnCities(payees)
	cleaned := map[string]bool{}
	for _, p := range payees {
		cleaned[key(c.name(p))] = true
	}
	found := 0
	var missed []string
	for _, m := range d.Merchants() {
		k := key(m)
		ok := cleaned[k]
		for ck := range cleaned {
			if ok {
				break
			}
			// "Starbucks Store" for Starbucks, "Peets" for Peet's Coffee.
			ok = len(ck) >= 4 && (strings.HasPrefix(k, ck) || strings.HasPrefix(ck, k))
		}
		if ok {
			found++
		} else {
			missed = append(missed, m)
		}
	}
	if found*100 < len(d.Merchants())*90 {
		t.Errorf("found %d of %d demo merchants; missed %v", found, len(d.Merchants()), missed)
	}
	t.Logf("found %d of %d demo merchants by name; missed %v", found, len(d.Merchants()), missed)
}
