package merchant

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestProductLinesOfOneCompanyStayApart(t *testing.T) {
	groups := [][]struct{ descriptor, key string }{
		{{"UBER *TRIP HELP.UBER.COM CA", "uber"}, {"UBER * EATS HELP.UBER.COM CA", "uber-eats"}, {"UBER ONE 8005928996 CA", "uber-one"}},
		{{"AMZN Mktp US*2K4LL1234", "amazon"}, {"Amazon Prime*2K4LL1234", "amazon-prime"}, {"AWS EMEA aws.amazon.com LU", "aws"},
			{"AMAZON FRESH*AB12CD34E SEATTLE WA", "amazon-fresh"}, {"Prime Video *AB1CD2EF3", "prime-video"},
			{"AUDIBLE*MEMBERSHIP AMZN.COM/BILL NJ", "audible"}, {"KINDLE SVCS*AB1CD2EF3 888-802-3080 WA", "kindle"},
			{"WHOLEFDS OAK 10123 OAKLAND CA", "whole-foods"}},
		{{"APPLE.COM/BILL 866-712-7753 CA", "app-store"}, {"APPLE.COM/BILL ICLOUD 866-712-7753 CA", "icloud"},
			{"APPLE STORE #R123 SAN FRANCISCO CA", "apple"}, {"APPLE.COM/BILL APPLE MUSIC 866-712-7753 CA", "apple-music"},
			{"APPLE CASH SENT MONEY", "apple-cash"}, {"APPLECARE 800-275-2273 CA", "applecare"}},
		{{"GOOGLE *GOOGLE PLAY G.CO/HELPPAY# CA", "google-play"}, {"GOOGLE *Google Storage g.co/helppay#CA", "google-one"},
			{"GOOGLE *YOUTUBEPREMIUM G.CO/HELPPAY# CA", "youtube-premium"}, {"GOOGLE *YouTube TV g.co/helppay#CA", "youtube-tv"},
			{"GOOGLE*CLOUD 1A2B3C G.CO/HELPPAY# CA", "google-cloud"}, {"GOOGLE *FI 1A2B3C G.CO/HELPPAY# CA", "google-fi"}},
		{{"DD *DOORDASH", "doordash"}, {"DOORDASH*DASHPASS SAN FRANCISCO CA", "dashpass"}},
		{{"LYFT *RIDE 855-865-9553 CA", "lyft"}, {"LYFT *BAY WHEELS SAN FRANCISCO CA", "bay-wheels"}},
		{{"COSTCO WHSE #0123 ISSAQUAH WA", "costco"}, {"COSTCO GAS #0123 SAN JOSE CA", "costco-gas"}},
		{{"SAFEWAY #1234 OAKLAND CA", "safeway"}, {"SAFEWAY FUEL 1234 PLEASANTON CA", "safeway-fuel"}},
		{{"MICROSOFT*XBOX 800-642-7676 WA", "xbox"}, {"MICROSOFT*STORE 800-642-7676 WA", "microsoft-store"}, {"MSFT * E0400ABCDE", "microsoft"}},
		{{"NORDSTROM #0123 SEATTLE WA", "nordstrom"}, {"NORDSTROM RACK #123 OAKLAND CA", "nordstrom-rack"}},
		{{"DISNEY PLUS 888-905-7888 CA", "disney-plus"}, {"WALT DISNEY WORLD ORLANDO FL", "disneyland"}},
	}
	for _, g := range groups {
		for _, c := range g {
			if m := Identify(c.descriptor); m.Key != c.key {
				t.Errorf("Identify(%q).Key = %q, want %q", c.descriptor, m.Key, c.key)
			}
		}
	}
}

func TestTheSameMerchantGetsOneKeyWhateverItsStoreCityDateOrReference(t *testing.T) {
	groups := [][]string{
		{"POS DEBIT JOES DINER 0042 AUSTIN TX", "POS DEBIT JOES DINER 0099 DALLAS TX", "JOES DINER #7 HOUSTON TX 12/03",
			"CHECKCARD 1203 JOES DINER 24431064045123 SAN ANTONIO TX", "SQ *JOES DINER Austin TX", "Joes Diner"},
		{"SQ *GOLDEN HOUR BAKERY LLC Portland OR", "TST* GOLDEN HOUR BAKERY - SEATTLE WA", "GOLDEN HOUR BAKERY 0012 BOISE ID",
			"PURCHASE AUTHORIZED ON 02/14 GOLDEN HOUR BAKERY DENVER CO S584045565541234 CARD 1234"},
		{"BLUE RIBBON SUSHI 4567 NEW YORK NY", "BLUE RIBBON SUSHI 1234 BROOKLYN NY", "BLUE RIBBON SUSHI #2 LAS VEGAS NV"},
		{"ACME WIDGETS*AB12CD34 800-555-0100 CA", "ACME WIDGETS*ZZ99YY88 800-555-0100 CA", "ACME WIDGETS.COM 8005550100 WA"},
		{"Kartenzahlung BAECKEREI SCHULZ 4711//Berlin/DE", "Kartenzahlung BAECKEREI SCHULZ 0815//Hamburg/DE", "BAECKEREI SCHULZ MUENCHEN"},
		{"PAIEMENT CB 1203 LE PETIT ZINC PARIS", "CB LE PETIT ZINC 12/03", "PAIEMENT CB 0101 LE PETIT ZINC LYON FR"},
		{"POS DEBIT TARGET T-1234 AUSTIN TX", "TARGET 00012345 SEATTLE WA", "Card Purchase 12/03 Target T-0042 Dallas TX Card 1234", "TARGET.COM * 800-591-3869 MN"},
	}
	for _, g := range groups {
		want := Identify(g[0]).Key
		if want == "" {
			t.Errorf("Identify(%q) has no key", g[0])
		}
		for _, d := range g[1:] {
			if got := Identify(d).Key; got != want {
				t.Errorf("Identify(%q).Key = %q, want %q as for %q", d, got, want, g[0])
			}
		}
	}
}

func TestUnknownMerchantsGetACleanNameAndTheKeyOfThatName(t *testing.T) {
	for _, c := range []struct{ descriptor, name string }{
		{"POS DEBIT JOES DINER 0042 AUSTIN TX", "Joes Diner"},
		{"SQ *GOLDEN HOUR BAKERY LLC Portland OR", "Golden Hour Bakery"},
		{"SEPA-GUTSCHRIFT NORDWIND CONSULTING GMBH", "Nordwind Consulting"},
		{"MOM & POP SHOP 0042 AUSTIN TX", "Mom & Pop Shop"},
		{"CAFÉ DE FLORE PARIS", "Cafe De Flore"},
	} {
		m := Identify(c.descriptor)
		if m.Name != c.name || m.Known || m.Key != KeyOf(c.name) {
			t.Errorf("Identify(%q) = %+v, want name %q, key %q, not known", c.descriptor, m, c.name, KeyOf(c.name))
		}
	}
}

func TestDescriptorsThatNameNobodyHaveNoKey(t *testing.T) {
	for _, d := range []string{
		"ATM WITHDRAWAL 123456 3400 TELEGRAPH AVE OAKLAND CA", "GELDAUTOMAT 12.03 BERLIN", "RETRAIT DAB 12/03 PARIS 15",
		"INTEREST PAYMENT", "INTEREST PAID", "Habenzinsen", "DIVIDEND RECEIVED VANGUARD TOTAL STK MKT ETF (VTI)",
		"QUALIFIED DIVIDEND", "PAYMENT THANK YOU", "ONLINE TRANSFER TO SAVINGS XXXX1234", "Umbuchung", "VIREMENT INTERNE",
		"WISE TOPUP", "CURRENCY EXCHANGE", "MONTHLY SERVICE FEE", "OVERDRAFT FEE", "ATM FEE", "INTEREST CHARGE ON PURCHASES",
		"CHECK 1234", "", "   ", "#### 1234 ****",
	} {
		if m := Identify(d); m.Key != "" {
			t.Errorf("Identify(%q).Key = %q, want none", d, m.Key)
		}
	}
	// A memo that only says how the money moved names nobody at all.
	for _, d := range []string{"POS DEBIT", "DEBIT CARD PURCHASE", "KARTENZAHLUNG", "CARD 12/03", "SEPA-Lastschrift", "PAIEMENT CB 1203", "RECURRING PAYMENT"} {
		if m := Identify(d); m != (Merchant{}) {
			t.Errorf("Identify(%q) = %+v, want nobody", d, m)
		}
	}
}

func TestEveryBrandsNameIdentifiesToItself(t *testing.T) {
	for _, b := range Brands() {
		if b.Category == "To people" {
			// A payment app's name alone names no person: the
			// person-to-person rule reads the person after it.
			continue
		}
		if m := Identify(b.Name); m.Key != b.Key || m.Name != b.Name {
			t.Errorf("Identify(%q) = %q %q, want the brand %q", b.Name, m.Name, m.Key, b.Key)
		}
		if k := KeyOf(b.Name); k != b.Key {
			t.Errorf("KeyOf(%q) = %q, want %q", b.Name, k, b.Key)
		}
	}
}

func TestBrandsAreValidAndCoverTheCommonChains(t *testing.T) {
	bs := Brands()
	if len(bs) < 1000 {
		t.Errorf("%d brands, want at least 1000", len(bs))
	}
	keys := map[string]bool{}
	for _, b := range bs {
		if keys[b.Key] {
			t.Errorf("key %q twice", b.Key)
		}
		keys[b.Key] = true
		if b.Category != "" && !isLeaf(b.Category) {
			t.Errorf("%s: category %q is not a taxonomy leaf", b.Name, b.Category)
		}
		if b.Key != strings.ToLower(b.Key) || strings.ContainsAny(b.Key, " _") {
			t.Errorf("%s: key %q is not lower case and dashed", b.Name, b.Key)
		}
	}
	for _, k := range []string{"target", "walmart", "amazon", "costco", "starbucks", "mcdonalds", "whole-foods", "trader-joes",
		"shell", "chevron", "uber", "uber-eats", "lyft", "netflix", "spotify", "rewe", "lidl", "aldi-sued", "monoprix", "tesco",
		"albert-heijn", "carrefour", "dm", "deutsche-bahn", "sncf", "ikea", "hm", "zara"} {
		if !keys[k] {
			t.Errorf("no brand with key %q", k)
		}
	}
	// Brands returns copies: changing them changes nothing.
	bs[0].Aliases = append(bs[0].Aliases[:0], "changed")
	bs[0].Name = "changed"
	if b := Brands()[0]; b.Name == "changed" || slices.Contains(b.Aliases, "changed") {
		t.Error("Brands shares its table with the caller")
	}
}

func TestKeyOfMeetsWhatPeopleTypeWithWhatIdentifyGives(t *testing.T) {
	for _, c := range []struct{ word, key string }{
		{"Uber Eats", "uber-eats"}, {"UBER EATS", "uber-eats"}, {"ubereats", "uber-eats"},
		{"Amazon", "amazon"}, {"AMZN MKTP", "amazon"}, {"amzn", "amazon"},
		{"Trader Joe's", "trader-joes"}, {"trader joes", "trader-joes"},
		{"Whole Foods", "whole-foods"}, {"wholefds", "whole-foods"},
		{"Joe's Diner", "joes-diner"}, {"  joes   DINER ", "joes-diner"},
		{"Mom & Pop Shop", "mom-and-pop-shop"}, {"Café de Flore", "cafe-de-flore"},
		{"", ""}, {"***", ""},
	} {
		if got := KeyOf(c.word); got != c.key {
			t.Errorf("KeyOf(%q) = %q, want %q", c.word, got, c.key)
		}
	}
}

func TestLookupOffersEveryBrandAWordMayMean(t *testing.T) {
	keys := func(bs []Brand) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Key)
		}
		return out
	}
	amazon := keys(Lookup("amazon"))
	if len(amazon) == 0 || amazon[0] != "amazon" {
		t.Errorf("Lookup(amazon) = %v, want Amazon first", amazon)
	}
	for _, k := range []string{"amazon-prime", "aws", "amazon-fresh", "amazon-music", "prime-video"} {
		if !slices.Contains(amazon, k) {
			t.Errorf("Lookup(amazon) = %v, want it to offer %s", amazon, k)
		}
	}
	if got := keys(Lookup("Uber")); !slices.Contains(got, "uber") || !slices.Contains(got, "uber-eats") || got[0] != "uber" {
		t.Errorf("Lookup(Uber) = %v, want Uber first, then Uber Eats among others", got)
	}
	if got := keys(Lookup("doordash")); !slices.Contains(got, "doordash") || !slices.Contains(got, "dashpass") {
		t.Errorf("Lookup(doordash) = %v, want DoorDash and DashPass", got)
	}
	if got := keys(Lookup("wholefds")); len(got) != 1 || got[0] != "whole-foods" {
		t.Errorf("Lookup(wholefds) = %v, want Whole Foods", got)
	}
	if got := Lookup("zzqx nothing"); len(got) != 0 {
		t.Errorf("Lookup of a word no brand has = %v, want none", keys(got))
	}
	if got := Lookup(""); got != nil {
		t.Errorf("Lookup(\"\") = %v, want nil", keys(got))
	}
}

func TestResolverRenamesAKey(t *testing.T) {
	r := NewResolver([]Override{{Key: "joes-diner", Name: "Joe's"}})
	m := r.Identify("POS DEBIT JOES DINER 0042 AUSTIN TX")
	if m.Name != "Joe's" || m.Key != "joes" {
		t.Errorf("renamed merchant = %+v, want Joe's with key joes", m)
	}
	if m := r.Identify("SQ *BLUE BOTTLE COFFEE OAKLAND CA"); m.Name != "Blue Bottle Coffee" {
		t.Errorf("a merchant with no override changed: %+v", m)
	}
	if m := Identify("POS DEBIT JOES DINER 0042 AUSTIN TX"); m.Name != "Joes Diner" {
		t.Errorf("a resolver changed the built-in table: %+v", m)
	}
}

func TestResolverMergesTwoKeysIntoOneMerchant(t *testing.T) {
	r := NewResolver([]Override{
		{Key: "blue-ribbon-sushi", Name: "Blue Ribbon"},
		{Key: "blue-ribbon-brasserie", Name: "Blue Ribbon"},
	})
	a := r.Identify("BLUE RIBBON SUSHI 4567 NEW YORK NY")
	b := r.Identify("BLUE RIBBON BRASSERIE 0042 NEW YORK NY")
	if a.Key != b.Key || a.Name != "Blue Ribbon" || b.Name != "Blue Ribbon" || a.Key != "blue-ribbon" {
		t.Errorf("merged merchants = %+v and %+v, want one Blue Ribbon", a, b)
	}
}

func TestResolverMergingIntoABrandTakesTheBrandsKeyAndCategory(t *testing.T) {
	r := NewResolver([]Override{{Key: "amzn-shopping", Name: "Amazon"}})
	m := r.Identify("AMZN SHOPPING 12345")
	if Identify("AMZN SHOPPING 12345").Key != "amazon" {
		// The alias already knows it; rename an unknown one instead.
		r = NewResolver([]Override{{Key: "bzzr-shop", Name: "Amazon"}})
		m = r.Identify("BZZR SHOP 12345")
	}
	if m.Key != "amazon" || m.Category != "General merchandise" {
		t.Errorf("merged into Amazon = %+v, want key amazon and its category", m)
	}
}

func TestResolverFollowsChainsAndStopsAtCycles(t *testing.T) {
	r := NewResolver([]Override{
		{Key: "joes-diner", Name: "Joes"},
		{Key: "joes", Name: "Joe's Place"},
		{Key: "a", Name: "B"},
		{Key: "b", Name: "A"},
		{Key: "", Name: "ignored"},
		{Key: "golden-hour-bakery", Name: "   "},
	})
	if m := r.Identify("JOES DINER 0042 AUSTIN TX"); m.Name != "Joe's Place" || m.Key != "joes-place" {
		t.Errorf("chained rename = %+v, want Joe's Place", m)
	}
	if m := r.Identify("A"); m.Key != "a" && m.Key != "b" {
		t.Errorf("a cycle gave %+v", m)
	}
	if m := r.Identify("GOLDEN HOUR BAKERY"); m.Name != "Golden Hour Bakery" {
		t.Errorf("an empty override name applied: %+v", m)
	}
}

func TestHostileInputDoesNotPanicAndGivesPrintableNames(t *testing.T) {
	long := strings.Repeat("WALMART ", 100000)
	inputs := []string{
		"\x1b[31mTARGET\x1b[0m 1234 AUSTIN TX",
		"\x1b]0;evil title\x07SHELL OIL 1234",
		"\xff\xfe\xfdJOES\xc3DINER\x80 0042",
		"TARGET\x00\x01\x02\x7f",
		"\u202eREVERSED\u202c SHOP",
		"ZALGO S\u0336\u0335H\u0337O\u0338P",
		"仕事 東京 1234",
		"Кафе Пушкин МОСКВА",
		long,
		strings.Repeat("A", 1<<20),
		strings.Repeat("* ", 5000),
		strings.Repeat("é", 5000),
		strings.Repeat("1A", 5000),
		"&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&",
		"'''''''' ```` ’’’’",
		"+++ DISNEY++++",
	}
	for _, in := range inputs {
		m := Identify(in)
		for _, s := range []string{m.Name, m.Key} {
			if !utf8.ValidString(s) {
				t.Errorf("Identify(%.40q) gave invalid UTF-8 %q", in, s)
			}
			for _, r := range s {
				if !unicode.IsPrint(r) {
					t.Errorf("Identify(%.40q) gave unprintable %q", in, s)
					break
				}
			}
			if len(s) > 200 {
				t.Errorf("Identify(%.40q) gave a %d-byte name", in, len(s))
			}
		}
	}
	if m := Identify(long); m.Key != "walmart" {
		t.Errorf("a long repeated descriptor gave %+v", m)
	}
	if m := Identify("\x1b[31mTARGET\x1b[0m 1234 AUSTIN TX"); m.Key != "target" {
		t.Errorf("colour codes around a brand gave %+v", m)
	}
}

func TestIdentifyIsSafeForConcurrentUse(t *testing.T) {
	done := make(chan bool)
	for g := range 4 {
		go func() {
			ok := true
			for i := range 2000 {
				d := descriptorCases[(i+g*97)%len(descriptorCases)]
				m := Identify(d.descriptor)
				ok = ok && m.Key == d.key && m.Name == d.name
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("concurrent Identify gave a different answer")
		}
	}
}

func TestIdentifyDoesNotAllocateForAKnownBrand(t *testing.T) {
	Identify("warm up")
	n := testing.AllocsPerRun(200, func() { Identify("PURCHASE AUTHORIZED ON 02/14 SHELL OIL 57442660300 HOUSTON TX") })
	if n > 0 {
		t.Errorf("%v allocations for a known brand, want 0", n)
	}
	n = testing.AllocsPerRun(200, func() { Identify("POS DEBIT JOES DINER 0042 AUSTIN TX") })
	if n > 1 {
		t.Errorf("%v allocations for an unknown merchant, want at most 1", n)
	}
}

// FuzzIdentify checks that no input panics or gives unprintable text, and
// that a name identifies back to its own key: what Identify calls a
// merchant, a person typing that name means the same one.
func FuzzIdentify(f *testing.F) {
	for _, c := range descriptorCases {
		f.Add(c.descriptor)
	}
	f.Add("\xff\x1b[0m*#//")
	f.Fuzz(func(t *testing.T, s string) {
		m := Identify(s)
		for _, x := range []string{m.Name, m.Key} {
			if !utf8.ValidString(x) {
				t.Fatalf("Identify(%q) gave invalid UTF-8 %q", s, x)
			}
			for _, r := range x {
				if !unicode.IsPrint(r) {
					t.Fatalf("Identify(%q) gave unprintable %q", s, x)
				}
			}
		}
		if m.Key == "" {
			return
		}
		// A counterparty read from the text (an employer, a landlord, a person
		// paid by Zelle) is named as written, and may spell a brand alias.
		if k := KeyOf(m.Name); k != m.Key && m.Category != "Salary" && m.Category != "Rent" && m.Category != "Mortgage" && m.Category != "To people" {
			t.Fatalf("Identify(%q) = %q %q, but KeyOf(its name) = %q", s, m.Name, m.Key, k)
		}
		if m.Known {
			return
		}
		if again := Identify(m.Name); again.Key != m.Key {
			t.Fatalf("Identify(%q) = %q %q, but Identify(%q) = %q %q", s, m.Name, m.Key, m.Name, again.Name, again.Key)
		}
	})
}

// benchDescriptors are 100,000 descriptors shaped like a household's:
// the table's shapes with their store numbers, dates and references
// varied, so that no two are alike.
func benchDescriptors() []string {
	out := make([]string, 0, 100000)
	for i := 0; len(out) < cap(out); i++ {
		c := descriptorCases[i%len(descriptorCases)]
		out = append(out, fmt.Sprintf("%s %04d", c.descriptor, i%9973))
	}
	return out
}

func BenchmarkIdentify(b *testing.B) {
	ds := benchDescriptors()
	Identify("warm up")
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuNanos()
	for b.Loop() {
		for _, d := range ds {
			Identify(d)
		}
	}
	n := float64(b.N) * float64(len(ds))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/descriptor")
	if cpu > 0 {
		b.ReportMetric(float64(cpuNanos()-cpu)/n, "cpu-ns/descriptor")
	}
}

// Brands named by a common word ("Max", "Calm", "Target", "Shell") are
// pinned to where a name starts, so the word elsewhere in a local name
// does not claim it.
func TestCommonWordsInsideALocalNameDoNotMakeItABrand(t *testing.T) {
	for _, c := range []struct{ descriptor, name string }{
		{"SQ *BIG MAX & SONS PIZZA AUSTIN TX", "Big Max & Sons Pizza"},
		{"TST* THE SLACK TIDE BAR 0042 PORTLAND OR", "The Slack Tide Bar"},
		{"POS DEBIT BLUE BOX CAFE 0042 AUSTIN TX", "Blue Box Cafe"},
		{"SQ *STAY CALM YOGA PORTLAND OR", "Stay Calm Yoga"},
		{"CORNER SHELL SEAFOOD 0042 BOSTON MA", "Corner Shell Seafood"},
		{"TST* ON TARGET RANGE 12 DALLAS TX", "On Target Range"},
		{"LUCKYS DINER 0042 AUSTIN TX", "Luckys Diner"},
	} {
		if m := Identify(c.descriptor); m.Name != c.name || m.Known {
			t.Errorf("Identify(%q) = %q (known %v), want the local %q", c.descriptor, m.Name, m.Known, c.name)
		}
	}
}
