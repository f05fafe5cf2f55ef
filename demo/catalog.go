package demo

import "sync"

// The merchant catalogue. Each entry is a counterparty as a household meets it
// on a statement: a display name for people, a category, bank-style
// descriptor templates and a rule for how much a visit costs. The templates
// are written the way card processors print them (upper case, store numbers,
// city and state, "SQ *", "TST* ", "PAYPAL *" prefixes) because the point of
// demo data is to exercise payee cleaning and matching code on realistic
// input.
//
// Template tokens, resolved per household when the catalogue is built:
//
//	{#N}    N fixed random digits (a store or terminal number)
//	{city}  a city near home
//	{tcity} a city the household travels to
//
// and per transaction:
//
//	{rN}    N random upper-case letters and digits (an order reference)
//	{dN}    N random digits (a ticket number)
//	{chk}   the next cheque number
//
// "|" separates alternative descriptors of the same merchant.

// Categories are leaves of Penny's two-level taxonomy, spelled exactly as
// the application stores them. They are plain strings so that demo stays
// independent of the application's category model: the generator's ground
// truth must not come from the code it is used to check.
const (
	catGroceries       = "Groceries"
	catRestaurants     = "Restaurants"
	catCoffee          = "Coffee"
	catFastFood        = "Fast food"
	catBars            = "Bars"
	catFuel            = "Fuel"
	catRideshare       = "Rideshare"
	catParking         = "Parking"
	catTransit         = "Public transit"
	catTolls           = "Tolls"
	catCarCare         = "Car maintenance"
	catFlights         = "Flights"
	catLodging         = "Lodging"
	catCarRental       = "Car rental"
	catClothing        = "Clothing"
	catElectronics     = "Electronics"
	catHome            = "Home & garden"
	catGeneral         = "General merchandise"
	catBooks           = "Books"
	catPets            = "Pets"
	catPharmacy        = "Pharmacy"
	catMedical         = "Medical"
	catFitness         = "Fitness"
	catRent            = "Rent"
	catElectricity     = "Electricity"
	catGasWater        = "Gas & water"
	catInternet        = "Internet"
	catPhone           = "Phone"
	catInsurance       = "Insurance"
	catSubscriptions   = "Subscriptions"
	catEntertainment   = "Entertainment"
	catPersonal        = "Personal care"
	catEducation       = "Education"
	catGifts           = "Gifts & donations"
	catServices        = "Services"
	catBankFees        = "Bank fees"
	catATMFees         = "ATM fees"
	catInterestCharged = "Interest charged"
	catTaxes           = "Taxes"
	catSalary          = "Salary"
	catInterest        = "Interest"
	catDividends       = "Dividends"
	catOtherIncome     = "Other income"
	catBetween         = "Between accounts"
	catCardPayment     = "Card payment"
	catInvestment      = "Investment"
	catExchange        = "Currency exchange"
	catCash            = "Cash withdrawal"
	catToPeople        = "To people"
)

// amtKind says how a visit's price is drawn. All of them work in integer
// minor units; see merchant.amount.
type amtKind uint8

const (
	aRange  amtKind = iota // lo..hi minor units, as a till total
	aRetail                // lo..hi whole units priced x.99/x.49/x.95/x.00, 1–3 items, plus sales tax
	aDine                  // subtotal lo..hi, plus tax, plus a 15–22% tip, sometimes rounded up
	aMenu                  // 1–3 items from list, plus tax, sometimes a tip
	aFuel                  // lo..hi milli-gallons at the year's pump price
	aFixed                 // one of list, never inflation-adjusted (ATM notes, fares)
)

type amt struct {
	kind   amtKind
	skew   uint8 // 0 uniform, 1 or 2: more small baskets than large ones
	tip    bool
	tax    int64 // basis points
	adj    int64 // aFuel: the station's premium over the average pump price, in milli-dollars a gallon
	lo, hi int64
	list   []int64
}

// tod is the part of the day a card-present purchase happens in.
type tod uint8

const (
	todDay tod = iota
	todMorning
	todMeal
	todEvening
)

// pool says where the random spending draws a merchant from.
type pool uint8

const (
	poolUS       pool = iota // every US spending account
	poolChecking             // only the checking account (ATM, cheques, P2P)
	poolEUR                  // the euro account
	poolNone                 // only scheduled (rent, utilities, subscriptions)
)

type merchant struct {
	name   string
	cat    string
	tmpl   string
	amt    amt
	pool   pool
	head   int  // fixed Zipf rank for the household staples; 0 = tail, shuffled per seed
	weight int  // percent of the Zipf weight; 0 means 100
	online bool // never card-present: no swipe time, no pending state on debit
	refund bool // returns happen here (goods, bookings)
	bank   bool // not a merchant: ATM cash, cheques
	tod    tod

	// Filled in by setupCatalog.
	wallet  string // the name as a phone wallet prints it: "APLPAY TRADER JOES"
	country byte   // euro merchants: 'D', 'F', 'N' for the card terminal's language, 0 otherwise
}

const (
	taxUS = 925 // a Bay Area sales tax rate, in basis points
)

// Constructors keep the table below to one line per merchant.

func cafe(name, tmpl string, head int) merchant {
	return merchant{name: name, cat: catCoffee, tmpl: tmpl, head: head, tod: todMorning,
		amt: amt{kind: aMenu, list: coffeeMenu, tip: true}}
}

func menuShop(name, cat, tmpl string, list []int64) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, tod: todDay, amt: amt{kind: aMenu, list: list, tax: taxUS, tip: true}}
}

func restaurant(name, tmpl string, lo, hi int64) merchant {
	return merchant{name: name, cat: catRestaurants, tmpl: tmpl, tod: todMeal,
		amt: amt{kind: aDine, lo: lo * 100, hi: hi * 100, skew: 1, tax: taxUS, tip: true}}
}

func bar(name, tmpl string) merchant {
	m := restaurant(name, tmpl, 12, 75)
	m.cat = catBars
	m.tod = todEvening
	return m
}

func quick(name, tmpl string, lo, hi int64) merchant {
	return merchant{name: name, cat: catFastFood, tmpl: tmpl, tod: todMeal,
		amt: amt{kind: aRange, lo: lo, hi: hi, skew: 1}}
}

func delivery(name, tmpl string) merchant {
	return merchant{name: name, cat: catRestaurants, tmpl: tmpl, online: true,
		amt: amt{kind: aRange, lo: 1850, hi: 7900, skew: 1}}
}

func grocer(name, tmpl string, lo, hi int64) merchant {
	return merchant{name: name, cat: catGroceries, tmpl: tmpl, tod: todDay,
		amt: amt{kind: aRange, lo: lo * 100, hi: hi * 100, skew: 1}}
}

func store(name, cat, tmpl string, lo, hi int64) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, tod: todDay, refund: true,
		amt: amt{kind: aRetail, lo: lo, hi: hi, skew: 2, tax: taxUS}}
}

func webstore(name, cat, tmpl string, lo, hi int64) merchant {
	m := store(name, cat, tmpl, lo, hi)
	m.online = true
	return m
}

func service(name, cat, tmpl string, lo, hi int64) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, tod: todDay,
		amt: amt{kind: aRange, lo: lo * 100, hi: hi * 100, skew: 1}}
}

func webservice(name, cat, tmpl string, lo, hi int64) merchant {
	m := service(name, cat, tmpl, lo, hi)
	m.online = true
	return m
}

func fixed(name, cat, tmpl string, list ...int64) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, tod: todDay, amt: amt{kind: aFixed, list: list}}
}

func gas(name, tmpl string, premium int64, head int) merchant {
	return merchant{name: name, cat: catFuel, tmpl: tmpl, tod: todDay, head: head,
		amt: amt{kind: aFuel, lo: 6000, hi: 15999, adj: premium}}
}

// travel is for bookings: rare, large, refundable.
func travel(name, tmpl string, lo, hi int64, weight int) merchant {
	return merchant{name: name, cat: catFlights, tmpl: tmpl, online: true, refund: true, weight: weight,
		amt: amt{kind: aRange, lo: lo * 100, hi: hi * 100, skew: 1}}
}

func euro(name, cat, tmpl string, lo, hi int64) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, pool: poolEUR,
		amt: amt{kind: aRange, lo: lo, hi: hi, skew: 1}}
}

func euroFixed(name, cat, tmpl string, list ...int64) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, pool: poolEUR, amt: amt{kind: aFixed, list: list}}
}

// euroCoffee prices from a café menu; European prices include VAT and
// nobody tips on a card for a coffee.
func euroCoffee(name, tmpl string) merchant {
	return merchant{name: name, cat: catCoffee, tmpl: tmpl, pool: poolEUR, amt: amt{kind: aMenu, list: euroCafe}}
}

func sched(name, cat, tmpl string) merchant {
	return merchant{name: name, cat: cat, tmpl: tmpl, pool: poolNone, online: true}
}

func (m merchant) w(pct int) merchant     { m.weight = pct; return m }
func (m merchant) rank(r int) merchant    { m.head = r; return m }
func (m merchant) web() merchant          { m.online = true; return m }
func (m merchant) returns() merchant      { m.refund = true; return m }
func (m merchant) at(t tod) merchant      { m.tod = t; return m }
func (m merchant) in(p pool) merchant     { m.pool = p; return m }
func (m merchant) notMerchant() merchant  { m.bank = true; return m }
func (m merchant) is(cat string) merchant { m.cat = cat; return m }

// display is the ground-truth Merchant of the merchant's rows: its name, or
// "" for what is no merchant (ATM cash, cheques to an unnamed payee).
func (m *merchant) display() string {
	if m.bank {
		return ""
	}
	return m.name
}

var (
	coffeeMenu = []int64{350, 395, 425, 450, 475, 525, 550, 575, 595, 625, 650}
	bobaMenu   = []int64{575, 625, 650, 695, 725}
	iceMenu    = []int64{550, 625, 695, 795, 850}
	bagelMenu  = []int64{225, 395, 650, 895, 1150, 1295}
	bakeMenu   = []int64{375, 425, 475, 550, 675, 950, 1200}
	euroCafe   = []int64{250, 280, 320, 350, 390, 420, 450, 480}
)

// Scheduled counterparties, referred to by the schedule through these
// indexes into the table. Keep the order in step with the table.
const (
	mNetflix = iota
	mSpotify
	mYouTube
	mICloud
	mDisney
	mNYT
	mAudible
	mGym
	mPrime
	mSpotifyEUR
	mPGE
	mWater
	mInternet
	mPhone
	mLandlord
	mInsurance
	mAWS
	nScheduled
)

// subscription is a monthly charge with a price that only goes up.
type subscription struct {
	merchant int
	acct     int
	prices   []int64 // successive prices; the schedule spreads the rises over the span
}

var subscriptions = []subscription{
	{mNetflix, acctChecking, []int64{1549, 1799}}, // the rise every span shows, in its last weeks (see schedule)
	{mSpotify, acctAmex, []int64{1099, 1199}},
	{mYouTube, acctVisa, []int64{1199, 1399}},
	{mICloud, acctAmex, []int64{299}},
	{mDisney, acctVisa, []int64{799, 1099, 1399}},
	{mNYT, acctAmex, []int64{425, 2500}}, // introductory rate ending
	{mAudible, acctAmex, []int64{1495}},
	{mGym, acctVisa, []int64{2499}},
	{mPrime, acctVisa, []int64{1299, 1499}},
	{mSpotifyEUR, acctEUR, []int64{999, 1099}},
}

// largeBuys are the merchants of the large purchase near the end, as
// indexes into the table. Worked out on first use: building the table at
// package initialization cost every command a millisecond.
var largeBuys = sync.OnceValue(func() []int {
	var out []int
	for i, m := range catalog() {
		switch m.name {
		case "Best Buy", "Apple", "United Airlines", "Delta Air Lines":
			out = append(out, i)
		}
	}
	return out
})

// catalog returns the merchant table. The first nScheduled entries are the
// scheduled counterparties in the order of the m* constants; the Zipf head
// ranks (head) put coffee, groceries and Amazon on top.
func catalog() []merchant {
	return []merchant{
		// Scheduled: subscriptions, utilities, rent.
		sched("Netflix", catSubscriptions, "RECURRING PAYMENT NETFLIX.COM"),
		sched("Spotify", catSubscriptions, "PAYPAL *SPOTIFY"),
		sched("YouTube Premium", catSubscriptions, "GOOGLE *YOUTUBE PREMIUM"),
		sched("iCloud", catSubscriptions, "APPLE.COM/BILL ICLOUD 866-712-7753 CA"),
		sched("Disney+", catSubscriptions, "DISNEY PLUS 888-905-7888 CA"),
		sched("The New York Times", catSubscriptions, "NYTIMES*NYTIMES.COM 800-698-4637 NY"),
		sched("Audible", catSubscriptions, "AUDIBLE*MEMBERSHIP AMZN.COM/BILL NJ"),
		sched("Planet Fitness", catFitness, "PLANET FITNESS CLUB FEES 844-880-7180 NH"),
		sched("Amazon Prime", catSubscriptions, "Amazon Prime*{r9} Amzn.com/bill WA"),
		sched("Spotify", catSubscriptions, "SEPA-Lastschrift SPOTIFY AB"),
		sched("PG&E", catElectricity, "PGANDE WEB ONLINE"),
		sched("EBMUD", catGasWater, "EBMUD WATER BILL WEB PMTS"),
		sched("Xfinity", catInternet, "ACH DEBIT COMCAST CABLE"),
		sched("T-Mobile", catPhone, "TMOBILE*AUTO PAY 800-937-8997 WA"),
		sched("Oakwood Property Management", catRent, "OAKWOOD PROPERTY MGMT WEB PMTS"),
		sched("GEICO", catInsurance, "GEICO *AUTO 800-841-3000 DC"),
		sched("Amazon Web Services", catServices, "AWS EMEA AWS.AMAZON.CO WA|AMAZON WEB SERVICES AWS.AMAZON.CO WA"),

		// Coffee and bakeries.
		cafe("Blue Bottle Coffee", "SQ *BLUE BOTTLE COFFEE {city}|BLUE BOTTLE COFFEE {city}", 1),
		cafe("Starbucks", "STARBUCKS STORE {#5} {city}|STARBUCKS {#5} {city}", 5),
		cafe("Peet's Coffee", "PEETS #{#4} {city}", 0),
		cafe("Philz Coffee", "TST* PHILZ COFFEE - {city}", 15),
		cafe("Ritual Coffee Roasters", "SQ *RITUAL COFFEE ROASTERS SAN FRANCISCO CA", 0),
		cafe("Highwire Coffee", "SQ *HIGHWIRE COFFEE ROAST OAKLAND CA", 0),
		cafe("Awaken Cafe", "TST* AWAKEN CAFE OAKLAND CA", 0),
		cafe("Dunkin'", "DUNKIN #{#6} {city}", 0),
		cafe("Equator Coffees", "SQ *EQUATOR COFFEES {city}", 0),
		cafe("Sightglass Coffee", "SIGHTGLASS COFFEE SAN FRANCISCO CA", 0),
		cafe("Andytown Coffee", "SQ *ANDYTOWN COFFEE ROAS SAN FRANCISCO CA", 0),
		cafe("Timeless Coffee", "SQ *TIMELESS COFFEE OAKLAND CA", 0),
		menuShop("Arizmendi Bakery", catCoffee, "ARIZMENDI BAKERY EMERYVILLE CA", bakeMenu).at(todMorning),
		menuShop("Tartine Bakery", catCoffee, "TST* TARTINE BAKERY SAN FRANCISCO CA", bakeMenu).at(todMorning),
		menuShop("Boichik Bagels", catCoffee, "SQ *BOICHIK BAGELS BERKELEY CA", bagelMenu).at(todMorning),
		menuShop("Noah's Bagels", catCoffee, "NOAHS NY BAGELS #{#4} {city}", bagelMenu).at(todMorning),

		// Groceries.
		grocer("Safeway", "SAFEWAY #{#4} {city}", 12, 185).rank(2),
		grocer("Trader Joe's", "TRADER JOE S #{#3} {city}", 18, 140).rank(4),
		grocer("Whole Foods Market", "WHOLEFDS OAK {#5} OAKLAND CA|WHOLEFDS BER {#5} BERKELEY CA", 9, 160).rank(7),
		grocer("Berkeley Bowl", "BERKELEY BOWL WEST BERKELEY CA|BERKELEY BOWL MARKETPLACE BERKELEY CA", 15, 150),
		grocer("Costco", "COSTCO WHSE #{#4} {city}", 60, 420).rank(13),
		grocer("Sprouts Farmers Market", "SPROUTS FARMERS MKT #{#3} {city}", 15, 120),
		grocer("Lucky", "LUCKY #{#3} {city}", 10, 130),
		grocer("Grocery Outlet", "GROCERY OUTLET {#4} {city}", 12, 90),
		grocer("Monterey Market", "MONTEREY MARKET BERKELEY CA", 8, 70),
		grocer("Rainbow Grocery", "RAINBOW GROCERY COOP SAN FRANCISCO CA", 15, 110),
		grocer("Farm Fresh Produce", "SQ *FARM FRESH PRODUCE {city}", 6, 45),
		grocer("99 Ranch Market", "99 RANCH MARKET #{#3} {city}", 20, 140),
		grocer("Mollie Stone's", "MOLLIE STONES MKT #{#2} SAN FRANCISCO CA", 12, 95),
		grocer("Andronico's", "ANDRONICOS #{#3} BERKELEY CA", 10, 110),
		grocer("Piedmont Grocery", "PIEDMONT GROCERY CO OAKLAND CA", 8, 120),
		grocer("Market Hall Foods", "MARKET HALL FOODS OAKLAND CA", 12, 90),
		grocer("Instacart", "INSTACART HTTPSINSTACAR CA", 45, 220).web(),
		grocer("Amazon Fresh", "AMAZON FRESH*{r9} SEATTLE WA", 35, 180).web(),
		grocer("Good Eggs", "GOOD EGGS INC SAN FRANCISCO CA", 40, 160).web(),
		grocer("Bi-Rite Market", "BI-RITE MARKET SAN FRANCISCO CA", 10, 85),
		grocer("Smart & Final", "SMART AND FINAL {#3} {city}", 20, 160),
		service("7-Eleven", catGroceries, "7-ELEVEN {#5} {city}", 2, 25),

		// Restaurants and bars.
		restaurant("Lucky Star Diner", "TST* LUCKY STAR DINER|LUCKY STAR DINER OAKLAND CA", 14, 45),
		restaurant("Chez Panisse", "CHEZ PANISSE BERKELEY CA", 120, 380).w(40),
		restaurant("Zachary's Chicago Pizza", "ZACHARYS CHICAGO PIZZA {city}", 28, 75),
		restaurant("Cheese Board Pizza", "CHEESE BOARD COLLECTIVE BERKELEY CA", 14, 45),
		restaurant("Burma Superstar", "TST* BURMA SUPERSTAR OAKLAND CA", 35, 110),
		restaurant("Homeroom", "TST* HOMEROOM OAKLAND CA", 22, 70),
		restaurant("Ramen Shop", "TST* RAMEN SHOP OAKLAND CA", 30, 95),
		restaurant("Nopalito", "TST* NOPALITO SAN FRANCISCO CA", 30, 90),
		restaurant("House of Prime Rib", "HOUSE OF PRIME RIB SAN FRANCISCO CA", 90, 240).w(50),
		restaurant("Shan Dong Restaurant", "SHAN DONG RESTAURANT OAKLAND CA", 25, 70),
		restaurant("Pizzaiolo", "TST* PIZZAIOLO OAKLAND CA", 35, 120),
		restaurant("Boot and Shoe Service", "TST* BOOT AND SHOE SERVI OAKLAND CA", 30, 95),
		restaurant("Kingston 11", "TST* KINGSTON 11 OAKLAND CA", 30, 90),
		restaurant("Comal", "TST* COMAL BERKELEY CA", 35, 120),
		restaurant("Great China", "GREAT CHINA RESTAURANT BERKELEY CA", 40, 130),
		restaurant("Ippuku", "IPPUKU BERKELEY CA", 45, 160),
		restaurant("Swan Oyster Depot", "SWAN OYSTER DEPOT SAN FRANCISCO CA", 40, 140),
		restaurant("Tadich Grill", "TADICH GRILL SAN FRANCISCO CA", 50, 160),
		restaurant("Zuni Cafe", "TST* ZUNI CAFE SAN FRANCISCO CA", 60, 190),
		restaurant("State Bird Provisions", "STATE BIRD PROVISIONS SAN FRANCISCO CA", 80, 260).w(50),
		restaurant("Mama's on Washington Square", "MAMAS ON WASHINGTON SQ SAN FRANCISCO CA", 25, 70),
		restaurant("Plow", "TST* PLOW SAN FRANCISCO CA", 25, 75),
		restaurant("Brenda's French Soul Food", "TST* BRENDAS FRENCH SOUL SAN FRANCISCO CA", 25, 80),
		restaurant("Hog Island Oyster Co", "HOG ISLAND OYSTER CO SAN FRANCISCO CA", 50, 170),
		restaurant("The Cheesecake Factory", "CHEESECAKE EMERYVILLE EMERYVILLE CA", 35, 110),
		restaurant("Rudy's Can't Fail Cafe", "RUDYS CANT FAIL CAFE EMERYVILLE CA", 18, 60),
		restaurant("Marufuku Ramen", "TST* MARUFUKU RAMEN OAKLAND CA", 20, 65),
		restaurant("Pho Vi Hoa", "SQ *PHO VI HOA OAKLAND CA", 14, 45),
		restaurant("Kirala", "TST* KIRALA BERKELEY CA", 30, 110),
		restaurant("Farmhouse Kitchen Thai", "SQ *FARMHOUSE KITCHEN THA OAKLAND CA", 30, 100),
		restaurant("Vik's Chaat", "TST* VIKS CHAAT BERKELEY CA", 14, 50),
		restaurant("Cafe Colucci", "CAFE COLUCCI OAKLAND CA", 25, 80),
		restaurant("Jong Ga House", "TST* JONG GA HOUSE OAKLAND CA", 35, 120),
		restaurant("Hong Kong Lounge II", "TST* HONG KONG LOUNGE II SAN FRANCISCO CA", 35, 110),
		restaurant("Saul's Restaurant & Deli", "TST* SAULS RESTAURANT BERKELEY CA", 20, 70),
		restaurant("Tony's Pizza Napoletana", "TONYS PIZZA NAPOLETANA SAN FRANCISCO CA", 35, 110),
		restaurant("Dona Tomas", "TST* DONA TOMAS OAKLAND CA", 30, 100),
		restaurant("A16 Rockridge", "TST* A16 ROCKRIDGE OAKLAND CA", 50, 160),
		restaurant("Tacos Sinaloa", "TACOS SINALOA OAKLAND CA", 9, 30),
		restaurant("La Taqueria", "LA TAQUERIA SAN FRANCISCO CA", 12, 38),
		restaurant("El Farolito", "EL FAROLITO SAN FRANCISCO CA", 11, 35),
		restaurant("Souvla", "SOUVLA HAYES SAN FRANCISCO CA", 18, 55),
		restaurant("Gregoire", "SQ *GREGOIRE BERKELEY CA", 18, 55),
		restaurant("Bakesale Betty", "SQ *BAKESALE BETTY OAKLAND CA", 12, 35),
		restaurant("Portal", "TST* PORTAL OAKLAND CA", 30, 90),
		restaurant("Commis", "COMMIS OAKLAND CA", 200, 480).w(15),
		bar("The Trappist", "THE TRAPPIST OAKLAND CA"),
		bar("Cafe Van Kleef", "CAFE VAN KLEEF OAKLAND CA"),
		bar("Heinold's First and Last Chance", "HEINOLDS FIRST AND LAST OAKLAND CA"),
		bar("Almanac Beer Co", "TST* ALMANAC BEER CO ALAMEDA CA"),
		bar("Trick Dog", "TST* TRICK DOG SAN FRANCISCO CA"),

		// Quick service and delivery.
		quick("Chipotle", "CHIPOTLE {#4} {city}", 1150, 3200).rank(8),
		quick("Sweetgreen", "SWEETGREEN {city}", 1395, 3400).rank(14),
		quick("In-N-Out Burger", "IN N OUT BURGER #{#3} {city}", 850, 2800),
		quick("McDonald's", "MCDONALDS F{#5} {city}", 520, 2100),
		quick("Shake Shack", "SHAKE SHACK #{#4} {city}", 1200, 3800),
		quick("Subway", "SUBWAY {#8} {city}", 850, 2200),
		quick("Panda Express", "PANDA EXPRESS #{#4} {city}", 1050, 2600),
		quick("Taco Bell", "TACO BELL #{#6} {city}", 650, 2200),
		quick("Starbird Chicken", "STARBIRD CHICKEN {city}", 1250, 3100),
		quick("Jamba", "JAMBA JUICE {#4} {city}", 650, 1400),
		menuShop("Boba Guys", catCoffee, "SQ *BOBA GUYS {city}", bobaMenu),
		menuShop("Asha Tea House", catCoffee, "SQ *ASHA TEA HOUSE BERKELEY CA", bobaMenu),
		menuShop("Tpumps", catCoffee, "TPUMPS {city}", bobaMenu),
		quick("Cava", "CAVA {#4} {city}", 1350, 3300),
		quick("Mendocino Farms", "MENDOCINO FARMS {#3} {city}", 1450, 3500),
		quick("Jack in the Box", "JACK IN THE BOX {#4} {city}", 600, 2000),
		quick("Chick-fil-A", "CHICK-FIL-A #{#5} {city}", 850, 2700),
		quick("Domino's", "DOMINOS {#4} {city}", 1600, 4200).web(),
		quick("Ike's Love & Sandwiches", "IKES LOVE & SANDWICHES {city}", 1300, 2900),
		menuShop("Smitten Ice Cream", catFastFood, "SQ *SMITTEN ICE CREAM {city}", iceMenu).at(todEvening),
		menuShop("Fentons Creamery", catFastFood, "FENTONS CREAMERY OAKLAND CA", iceMenu).at(todEvening),
		delivery("DoorDash", "DD *DOORDASH|DOORDASH*CHIPOTLE SAN FRANCISCO CA|DD *DOORDASH SWEETGREEN|DOORDASH*BURMA SUPERST SAN FRANCISCO CA|DOORDASH*THAI HOUSE SAN FRANCISCO CA").rank(9),
		delivery("Uber Eats", "UBER *EATS|UBER * EATS HELP.UBER.COM CA|UBER *EATS PENDING HELP.UBER.COM CA"),
		delivery("Grubhub", "GRUBHUB*HOLDINGS INC 877-585-7878 IL"),

		// Shopping.
		webstore("Amazon", catGeneral, "AMZN Mktp US*{r9}|AMAZON.COM*{r9} AMZN.COM/BILL WA|Amazon.com*{r9}", 7, 160).rank(3),
		store("Target", catGeneral, "TARGET {#8} {city}|TARGET T-{#4} {city}", 6, 120).rank(10),
		store("Walmart", catGeneral, "WAL-MART #{#4} {city}|WALMART.COM AA 800-925-6278 AR", 5, 110),
		store("Best Buy", catElectronics, "BEST BUY {#8} {city}", 15, 900).w(50),
		store("Apple", catElectronics, "APPLE STORE #R{#3} {city}", 29, 1500).w(40),
		store("REI", catClothing, "REI #{#3} {city}", 15, 350),
		store("Nordstrom", catClothing, "NORDSTROM #{#4} SAN FRANCISCO CA", 30, 400),
		store("Nordstrom Rack", catClothing, "NORDSTROM RACK #{#3} {city}", 15, 160),
		store("Macy's", catClothing, "MACYS SAN FRANCISCO UNION SAN FRANCISCO CA", 15, 220),
		store("Uniqlo", catClothing, "UNIQLO USA {#4} {city}", 15, 120),
		store("Gap", catClothing, "GAP US {#4} {city}", 15, 110),
		store("Old Navy", catClothing, "OLD NAVY US {#4} {city}", 8, 80),
		store("TJ Maxx", catClothing, "TJ MAXX #{#4} {city}", 8, 120),
		store("Marshalls", catClothing, "MARSHALLS #{#3} {city}", 8, 110),
		store("Ross", catClothing, "ROSS STORES #{#4} {city}", 6, 90),
		webstore("Etsy", catGeneral, "ETSY, INC. BROOKLYN NY", 9, 90),
		webstore("eBay", catGeneral, "PAYPAL *EBAY INC 402-935-7733 CA", 6, 250),
		webstore("Nike", catClothing, "NIKE.COM 800-806-6453 OR", 25, 180),
		store("Lululemon", catClothing, "LULULEMON ATHLETICA {city}", 38, 160),
		store("Patagonia", catClothing, "PATAGONIA BERKELEY BERKELEY CA", 39, 350),
		store("Zara", catClothing, "ZARA USA {#5} SAN FRANCISCO CA", 19, 150),
		store("H&M", catClothing, "H & M {#4} {city}", 9, 90),
		store("Michaels", catGeneral, "MICHAELS STORES {#4} {city}", 5, 70),
		store("Office Depot", catGeneral, "OFFICE DEPOT #{#4} {city}", 5, 140),
		store("Staples", catGeneral, "STAPLES {#8} {city}", 5, 120),
		store("Barnes & Noble", catBooks, "BARNES & NOBLE #{#4} {city}", 8, 70),
		store("Books Inc", catBooks, "BOOKS INC ALAMEDA CA", 12, 60),
		store("Moe's Books", catBooks, "MOES BOOKS BERKELEY CA", 6, 45),
		store("Pegasus Books", catBooks, "SQ *PEGASUS BOOKS BERKELEY CA", 8, 50),
		store("Dick's Sporting Goods", catGeneral, "DICKS SPORTING GOODS {#4} {city}", 15, 250),
		store("Sports Basement", catGeneral, "SPORTS BASEMENT {city}", 15, 240),
		store("Daiso", catGeneral, "DAISO {city}", 2, 35),
		store("Muji", catHome, "MUJI {city}", 6, 90),
		store("Anthropologie", catClothing, "ANTHROPOLOGIE {#5} {city}", 28, 220),
		store("Urban Outfitters", catClothing, "URBAN OUTFITTERS #{#3} SAN FRANCISCO CA", 15, 120),
		webstore("Shein", catClothing, "PAYPAL *SHEIN 402-935-7733 CA", 9, 80),
		webstore("Temu", catGeneral, "TEMU.COM 888-355-7131 MA", 5, 60),
		webstore("Apple", catElectronics, "APPLE.COM/US 800-676-2775 CA", 19, 1300).w(30),
		webstore("Newegg", catElectronics, "NEWEGG INC 800-390-1119 CA", 15, 400).w(50),
		webstore("B&H Photo", catElectronics, "B&H PHOTO 800-606-6969 NY", 20, 900).w(40),
		webstore("Allbirds", catClothing, "SP * ALLBIRDS 888-963-8944 CA", 45, 160),
		webstore("Brooklinen", catHome, "SP * BROOKLINEN 888-312-9099 NY", 35, 280),
		webstore("Ridge Wallet", catClothing, "SP * RIDGE WALLET 818-937-4343 CA", 55, 140),
		webstore("Costco", catGroceries, "COSTCO.COM 800-955-2292 WA", 25, 400).w(50),
		store("Bath & Body Works", catPersonal, "BATH & BODY WORKS {#4} {city}", 8, 70),
		store("Sephora", catPersonal, "SEPHORA {#4} {city}", 12, 160),
		store("Ulta Beauty", catPersonal, "ULTA #{#3} {city}", 9, 120),

		// Home.
		store("IKEA", catHome, "IKEA EAST PALO ALTO EAST PALO ALTO CA|IKEA EMERYVILLE EMERYVILLE CA", 9, 600),
		store("The Home Depot", catHome, "THE HOME DEPOT #{#4} {city}", 5, 450),
		store("Lowe's", catHome, "LOWES #{#5}* {city}", 5, 400),
		store("Ace Hardware", catHome, "ACE HARDWARE {#5} {city}", 3, 90),
		store("Cole Hardware", catHome, "COLE HARDWARE SAN FRANCISCO CA", 3, 80),
		store("Crate & Barrel", catHome, "CRATE&BARREL {#3} {city}", 15, 600).w(60),
		store("Williams-Sonoma", catHome, "WILLIAMS-SONOMA {#4} SAN FRANCISCO CA", 15, 400).w(60),
		store("The Container Store", catHome, "THE CONTAINER STORE {#3} {city}", 8, 160),
		webstore("Wayfair", catHome, "WAYFAIR*{r7} 844-784-9344 MA", 25, 900).w(50),
		webservice("TaskRabbit", catServices, "TASKRABBIT* 855-955-6666 CA", 60, 260),
		store("Urban Ore", catHome, "URBAN ORE BERKELEY CA", 5, 150),
		store("East Bay Nursery", catHome, "EAST BAY NURSERY BERKELEY CA", 6, 140),
		store("Flowerland", catHome, "SQ *FLOWERLAND ALBANY CA", 6, 90),

		// Transport.
		gas("Shell", "SHELL OIL {#11} {city}|SHELL OIL #{#4} {city}", 120, 18),
		gas("Chevron", "CHEVRON {#7} {city}", 150, 0),
		gas("ARCO", "ARCO #{#5} AMPM {city}", -250, 0),
		gas("76", "76 - {#8} {city}", 100, 0),
		gas("Valero", "VALERO {#4} {city}", -100, 0),
		gas("Costco Gas", "COSTCO GAS #{#4} {city}", -400, 0),
		service("Uber", catRideshare, "UBER *TRIP HELP.UBER.COM CA|UBER *TRIP|UBER   *TRIP {r4}", 9, 65).web().rank(6),
		service("Lyft", catRideshare, "LYFT *RIDE{r9}|LYFT *RIDE 855-865-9553 CA|LYFT   *RIDE SUN 4PM", 9, 60).web().rank(16),
		fixed("Clipper", catTransit, "CLIPPER SERVICE CONCORD CA", 2000, 4000, 5000, 2000, 4000).web().rank(17),
		fixed("BART Parking", catParking, "BART-PARKING OAKLAND CA", 300, 300, 600),
		service("Bay Wheels", catTransit, "LYFT *BAY WHEELS SAN FRANCISCO CA", 3, 12).web(),
		fixed("SFMTA Parking Meter", catParking, "SFMTA METER PAYMENTS SAN FRANCISCO CA", 175, 350, 525, 700, 1050),
		fixed("City of Oakland Parking", catParking, "OAKLAND PARKING METER OAKLAND CA", 200, 400, 600),
		fixed("FasTrak", catTolls, "FASTRAK CSC 877-229-8655 CA", 2500, 4000).web(),
		service("ParkMobile", catParking, "PARKMOBILE 877-727-5718 GA", 3, 28).web(),
		service("SpotHero", catParking, "SPOTHERO 844-356-8054 IL", 12, 45).web(),
		service("Jiffy Lube", catCarCare, "JIFFY LUBE #{#4} {city}", 65, 160).w(50),
		fixed("Golden Gate Ferry", catTransit, "GOLDEN GATE FERRY SAN FRANCISCO CA", 1400, 1575),
		fixed("SF Bay Ferry", catTransit, "SF BAY FERRY ALAMEDA CA", 460, 920),
		service("CA DMV", catTaxes, "CA DMV FEE 800-777-0133 CA", 60, 340).web().w(20),
		fixed("Rockridge Car Wash", catCarCare, "SQ *ROCKRIDGE CAR WASH OAKLAND CA", 1899, 2499, 3499),
		service("Midas", catCarCare, "MIDAS #{#4} {city}", 120, 900).w(20),
		service("Waymo", catRideshare, "WAYMO LLC MOUNTAIN VIEW CA", 9, 45).web(),

		// Travel.
		travel("United Airlines", "UNITED {d13} 800-932-2732 TX", 180, 950, 30),
		travel("Delta Air Lines", "DELTA AIR {d13} DELTA.COM GA", 180, 900, 25),
		travel("Alaska Airlines", "ALASKA AIR {d13} SEATTLE WA", 120, 700, 30),
		travel("Southwest Airlines", "SOUTHWES {d13} 800-435-9792 TX", 90, 600, 30),
		travel("JetBlue", "JETBLUE {d13} 800-538-2583 NY", 120, 750, 20),
		travel("American Airlines", "AMERICAN AIR{d13} FORT WORTH TX", 160, 950, 20),
		travel("Marriott", "COURTYARD BY MARRIOTT {tcity}|MARRIOTT {tcity}", 160, 950, 30).is(catLodging),
		travel("Hilton", "HAMPTON INN {tcity}|HILTON HOTELS {tcity}", 150, 800, 30).is(catLodging),
		travel("Hyatt", "HYATT REGENCY {tcity}", 180, 900, 25).is(catLodging),
		travel("Airbnb", "AIRBNB * HM{r8} AIRBNB.COM CA", 120, 1400, 35).is(catLodging),
		travel("Expedia", "EXPEDIA {d13} EXPEDIA.COM WA", 120, 900, 20),
		travel("Booking.com", "BOOKING.COM HOTEL 888-850-3958 NY", 110, 850, 20).is(catLodging),
		travel("Hertz", "HERTZ RENT-A-CAR {tcity}", 90, 650, 25).is(catCarRental),
		travel("Enterprise Rent-A-Car", "ENTERPRISE RENT-A-CAR {tcity}", 80, 600, 25).is(catCarRental),
		travel("Avis", "AVIS RENT A CAR {tcity}", 90, 600, 20).is(catCarRental),
		travel("Amtrak", "AMTRAK .COM {d13} WASHINGTON DC", 35, 260, 30).is(catTransit),
		service("Hudson News", catGeneral, "HUDSONNEWS ST{#4} {tcity}", 4, 30),
		service("Oakland Airport Parking", catParking, "OAKLAND INTL AIRPORT PAR OAKLAND CA", 25, 180).w(40),
		fixed("TSA PreCheck", catServices, "TSA PRECHECK IDEMIA 855-347-8371 CA", 7800).web().w(10),

		// Health.
		fixed("Kaiser Permanente", catMedical, "KP OAKLAND MEDICAL CTR OAKLAND CA", 2000, 3000, 4000, 6500),
		service("One Medical", catMedical, "ONE MEDICAL 888-663-6331 CA", 25, 200).web(),
		service("Sutter Health", catMedical, "SUTTER HEALTH PAYMENT SACRAMENTO CA", 25, 400).web(),
		service("Piedmont Dental Group", catMedical, "SQ *PIEDMONT DENTAL GROUP OAKLAND CA", 95, 450).w(40),
		store("LensCrafters", catMedical, "LENSCRAFTERS #{#4} {city}", 80, 450).w(30),
		store("Warby Parker", catMedical, "WARBY PARKER {city}", 95, 295).w(40),
		store("CVS Pharmacy", catPharmacy, "CVS/PHARMACY #{#5} {city}", 4, 80),
		store("Walgreens", catPharmacy, "WALGREENS #{#5} {city}", 3, 70).rank(11),
		store("Rite Aid", catPharmacy, "RITE AID {#5} {city}", 3, 60),
		fixed("Fusion Yoga Studio", catFitness, "SQ *FUSION YOGA STUDIO OAKLAND CA", 2500, 2500, 14000),
		webservice("ClassPass", catFitness, "CLASSPASS* 888-493-5953 NY", 15, 79),
		service("Bay Area Physio", catMedical, "SQ *BAY AREA PHYSIO OAKLAND CA", 40, 180).w(40),

		// Entertainment.
		service("AMC Theatres", catEntertainment, "AMC BAY STREET 16 EMERYVILLE CA", 14, 60).at(todEvening),
		service("Alamo Drafthouse", catEntertainment, "ALAMO DRAFTHOUSE NEW MISSION SAN FRANCISCO CA", 18, 80).at(todEvening),
		service("Grand Lake Theatre", catEntertainment, "GRAND LAKE THEATRE OAKLAND CA", 12, 45).at(todEvening),
		webservice("Ticketmaster", catEntertainment, "TM *TICKETMASTER 800-653-8000 CA", 45, 420).returns(),
		webservice("StubHub", catEntertainment, "STUBHUB INC 866-788-2482 CA", 40, 500).returns().w(50),
		service("Fox Theater", catEntertainment, "FOX OAKLAND THEATRE OAKLAND CA", 35, 160).at(todEvening),
		webservice("Eventbrite", catEntertainment, "EB *COMEDY NIGHT 801-413-7200 CA|EB *WINE TASTING 801-413-7200 CA|EB *MAKERS FAIR 801-413-7200 CA", 15, 120),
		webservice("Steam", catEntertainment, "STEAMGAMES.COM 425-952-2985 WA", 5, 70),
		webservice("PlayStation Network", catEntertainment, "PLAYSTATION NETWORK 800-345-7669 CA", 5, 70),
		webservice("Nintendo eShop", catEntertainment, "NINTENDO *ESHOP 800-255-3700 WA", 5, 60),
		webservice("App Store", catEntertainment, "APPLE.COM/BILL ITUNES.COM CA", 1, 15),
		webservice("Google Play", catEntertainment, "GOOGLE *GOOGLE PLAY G.CO/HELPPAY# CA", 1, 15),
		webservice("Kindle", catBooks, "KINDLE SVCS*{r9} 888-802-3080 WA", 3, 15),
		webservice("Prime Video", catEntertainment, "PRIME VIDEO *{r9} 888-802-3080 WA", 4, 20),
		fixed("SFMOMA", catEntertainment, "SFMOMA SAN FRANCISCO CA", 3000, 6000),
		fixed("Exploratorium", catEntertainment, "EXPLORATORIUM SAN FRANCISCO CA", 3995, 7990),
		fixed("California Academy of Sciences", catEntertainment, "CALIFORNIA ACADEMY OF SC SAN FRANCISCO CA", 4295, 8590),
		fixed("Oakland Museum of California", catEntertainment, "OAKLAND MUSEUM OF CA OAKLAND CA", 1995, 3990),
		fixed("Oakland Zoo", catEntertainment, "OAKLAND ZOO OAKLAND CA", 2495, 4990, 1500),
		service("Chase Center", catEntertainment, "CHASE CENTER SAN FRANCISCO CA", 12, 90).at(todEvening),
		service("Oracle Park", catEntertainment, "ORACLE PARK CONCESSIONS SAN FRANCISCO CA", 10, 75),
		webservice("Cal Performances", catEntertainment, "CAL PERFORMANCES BERKELEY CA", 40, 220),
		webservice("SFJAZZ", catEntertainment, "SFJAZZ CENTER SAN FRANCISCO CA", 35, 180),
		fixed("Patreon", catEntertainment, "PATREON* MEMBERSHIP INTERNET CA", 300, 500, 1000).web(),

		// Personal care.
		service("Great Clips", catPersonal, "GREAT CLIPS #{#4} {city}", 20, 40),
		service("Supercuts", catPersonal, "SUPERCUTS {#4} {city}", 22, 45),
		service("Fade Masters Barbershop", catPersonal, "SQ *FADE MASTERS BARBERSHOP OAKLAND CA", 35, 65),
		service("Lotus Nail Spa", catPersonal, "SQ *LOTUS NAIL SPA {city}", 25, 85),
		service("Massage Envy", catPersonal, "MASSAGE ENVY {#4} {city}", 70, 150),
		service("Suds Laundromat", catServices, "SQ *SUDS LAUNDROMAT OAKLAND CA", 4, 22),
		service("Rockridge Cleaners", catServices, "SQ *ROCKRIDGE CLEANERS OAKLAND CA", 12, 70),

		// Pets.
		webstore("Chewy", catPets, "CHEWY.COM 800-672-4399 FL", 25, 160),
		store("Petco", catPets, "PETCO {#4} {city}", 8, 120),
		store("PetSmart", catPets, "PETSMART # {#4} {city}", 8, 120),
		store("Pet Food Express", catPets, "PET FOOD EXPRESS #{#2} {city}", 12, 110),
		service("Banfield Pet Hospital", catPets, "BANFIELD PET HOSP #{#4} {city}", 60, 420).w(40),
		webservice("Rover", catPets, "ROVER.COM 888-453-7889 WA", 30, 180),

		// Gifts and donations.
		fixed("Wikimedia Foundation", catGifts, "WIKIMEDIA 877-600-9454 CA", 500, 1000, 2500, 300).web(),
		fixed("KQED", catGifts, "KQED INC 415-553-2150 CA", 1000, 1500, 2000).web(),
		fixed("American Red Cross", catGifts, "AMERICAN RED CROSS 800-733-2767 DC", 2500, 5000, 10000).web(),
		webservice("GoFundMe", catGifts, "GOFUNDME 866-829-3500 CA", 20, 150),
		webstore("1-800-Flowers", catGifts, "1-800-FLOWERS.COM 800-468-1141 NY", 45, 120),
		fixed("Doctors Without Borders", catGifts, "DOCTORS WITHOUT BORDERS 212-679-6800 NY", 5000, 10000).web(),

		// Education.
		webservice("Coursera", catEducation, "COURSERA 650-963-9884 CA", 39, 79),
		webservice("Udemy", catEducation, "UDEMY 415-813-1710 CA", 12, 90),
		webservice("O'Reilly Media", catEducation, "OREILLY MEDIA 707-827-7000 CA", 40, 499).w(30),
		webservice("Duolingo", catEducation, "DUOLINGO PITTSBURGH PA", 7, 84),

		// Services.
		service("USPS", catServices, "USPS PO {#10} {city}", 1, 35),
		service("The UPS Store", catServices, "THE UPS STORE {#4} {city}", 8, 60),
		service("FedEx Office", catServices, "FEDEX OFFIC{#5} {city}", 3, 45),
		webservice("Namecheap", catServices, "NAMECHEAP.COM 323-375-2822 AZ", 9, 45),
		webservice("Dropbox", catServices, "DROPBOX*{r12} DROPBOX.COM CA", 12, 120).w(50),

		// Debit-only: cash, people, cheques.
		fixed("ATM", catCash, "ATM WITHDRAWAL {#6} 3400 TELEGRAPH AVE OAKLAND CA|ATM WITHDRAWAL {#6} 5655 COLLEGE AVE OAKLAND CA|ATM WITHDRAWAL {#6} 2150 SHATTUCK AVE BERKELEY CA",
			4000, 6000, 8000, 10000, 20000).in(poolChecking).notMerchant().rank(4),
		// People paid through Zelle, Venmo and Cash App: the person is the
		// counterparty, whichever app carried the money.
		service("Jordan Lee", catToPeople, "ZELLE PAYMENT TO JORDAN LEE CONF# {r9}|VENMO *JORDAN LEE", 8, 220).web().in(poolChecking).rank(6),
		service("Sam Patel", catToPeople, "ZELLE TO SAM PATEL CONF# {r9}|VENMO PAYMENT SAM PATEL", 20, 400).web().in(poolChecking).rank(12),
		service("Maria Garcia", catToPeople, "ZELLE PAYMENT TO MARIA GARCIA CONF# {r9}|VENMO *MARIA GARCIA", 20, 300).web().in(poolChecking).rank(20),
		service("Alex Kim", catToPeople, "CASH APP*ALEX KIM 877-417-4551 CA|VENMO *ALEX KIM", 10, 120).web().in(poolChecking).rank(14),
		service("Check", catToPeople, "CHECK {chk}", 80, 650).web().in(poolChecking).notMerchant().rank(30),

		// Euro account.
		euro("REWE", catGroceries, "REWE MARKT GMBH BERLIN|REWE SAGT DANKE {#8} BERLIN", 450, 9500).rank(2),
		euro("EDEKA", catGroceries, "EDEKA CENTER BERLIN", 350, 8500),
		euro("Lidl", catGroceries, "LIDL DIENSTL {#4} BERLIN", 300, 6500).rank(4),
		euro("Aldi Süd", catGroceries, "ALDI SUED {#4} MUENCHEN", 300, 6000),
		euro("dm-drogerie markt", catPersonal, "DM-DROGERIE MARKT {#4} BERLIN", 195, 4500).rank(6),
		euro("Rossmann", catPersonal, "ROSSMANN {#4} BERLIN", 150, 3500),
		euro("Deutsche Bahn", catTransit, "DB VERTRIEB GMBH FRANKFURT", 1790, 13990).rank(8),
		euroFixed("BVG", catTransit, "BVG BERLIN", 320, 320, 350, 960, 2900).rank(3),
		euroFixed("MVG", catTransit, "MVG MUENCHEN", 370, 390, 940),
		euro("Carrefour City", catGroceries, "CARREFOUR CITY PARIS", 250, 4500),
		euro("Monoprix", catGroceries, "MONOPRIX PARIS {#4}", 350, 6500),
		euro("Franprix", catGroceries, "FRANPRIX {#4} PARIS", 250, 3500),
		euro("SNCF", catTransit, "SNCF INTERNET PARIS", 1900, 12900),
		euroFixed("RATP", catTransit, "RATP PARIS", 215, 215, 1690),
		euro("Albert Heijn", catGroceries, "ALBERT HEIJN {#4} AMSTERDAM", 300, 5500),
		euro("HEMA", catGeneral, "HEMA AMSTERDAM", 200, 3500),
		euroFixed("NS", catTransit, "NS GROEP IZ NS REIZIGERS UTRECHT", 540, 1150, 2480),
		euro("Zara", catClothing, "ZARA DEUTSCHLAND {#4} BERLIN", 1595, 12995),
		euro("IKEA", catHome, "IKEA DEUTSCHLAND BERLIN TEMPELHOF", 299, 25000),
		euro("MediaMarkt", catElectronics, "MEDIAMARKT {#3} BERLIN", 999, 49900),
		euro("Saturn", catElectronics, "SATURN {#3} MUENCHEN", 999, 39900),
		euro("Lieferando", catRestaurants, "LIEFERANDO.DE BERLIN", 1450, 4800),
		euro("Wolt", catRestaurants, "WOLT BERLIN", 1390, 4500),
		euro("Bolt", catRideshare, "BOLT.EU/O/{r10} TALLINN", 650, 2800),
		euro("Uber", catRideshare, "UBER *TRIP HELP.UBER.COM NL|UBER* TRIP AMSTERDAM", 800, 3500),
		euroFixed("TIER", catTransit, "TIER MOBILITY BERLIN", 180, 260, 390),
		euro("Dallmayr", catGroceries, "DALLMAYR DELIKATESSENHAUS MUENCHEN", 800, 6500),
		euroCoffee("Einstein Kaffee", "EINSTEIN KAFFEE BERLIN").rank(1),
		euroCoffee("Balzac Coffee", "BALZAC COFFEE {#4} HAMBURG"),
		euroCoffee("Coffee Fellows", "COFFEE FELLOWS MUENCHEN"),
		euro("Kamps Backstube", catCoffee, "KAMPS BACKSTUBE BERLIN", 180, 950).rank(5),
		euro("Vapiano", catRestaurants, "VAPIANO BERLIN MITTE", 1290, 4500),
		euro("Apotheke am Markt", catPharmacy, "APOTHEKE AM MARKT BERLIN", 450, 4500),
		euro("SPAR", catGroceries, "SPAR {#4} WIEN", 250, 4500),
		euro("Esselunga", catGroceries, "ESSELUNGA SPA MILANO", 600, 9000),
		euro("Mercadona", catGroceries, "MERCADONA {#4} MADRID", 500, 8500),
		euro("El Corte Inglés", catGeneral, "EL CORTE INGLES MADRID", 1500, 19900),
		euro("Fnac", catElectronics, "FNAC PARIS", 999, 29900),
		euro("Decathlon", catGeneral, "DECATHLON {#4} BERLIN", 499, 14999),
		euro("SumUp Café", catCoffee, "SUMUP *CAFE LIEBLING BERLIN", 350, 1850),
	}
}
