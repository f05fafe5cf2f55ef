// Package category is Penny's category taxonomy and its one definition of
// what counts as spending and income.
//
// The taxonomy has two levels, modelled on what aggregators use: parents such
// as "Food & drink" or "Transfers" and their leaves ("Groceries", "Coffee",
// "Card payment"). A transaction stores a leaf name; a parent with no
// children ("Pets", "Taxes") is its own leaf. A question about a parent
// covers all of its leaves, and people's words ("gas", "eating out",
// "dining") map onto leaves through synonyms.
//
// Categories that come from outside (a bank's own category, a QIF category, an
// hledger account name in a rules file) are mapped onto the taxonomy by
// Normalize; an hledger Assets: or Liabilities: account marks a transfer,
// never a spending category.
//
// Spending and income follow from a row's category and the sign of its
// amount (Classify): money paid to merchants and other people is spending,
// money back from a merchant is a refund that nets against spending, salary,
// interest, dividends and other money from outside are income, and transfers
// between the user's own accounts, card payments, investment buys and sells,
// currency exchange and cash withdrawals are neither. Every answer, chart,
// alert and export uses this one function.
//
// The package is a leaf: it imports nothing of Penny's.
package category

import (
	"sort"
	"strings"
	"unicode"
)

// Parents, in the order they are listed to people.
const (
	FoodDrink      = "Food & drink"
	Transportation = "Transportation"
	Travel         = "Travel"
	Shopping       = "Shopping"
	Pets           = "Pets"
	Health         = "Health"
	Housing        = "Housing"
	Bills          = "Bills & utilities"
	Subscriptions  = "Subscriptions"
	Entertainment  = "Entertainment"
	PersonalCare   = "Personal care"
	Education      = "Education"
	Gifts          = "Gifts & donations"
	Services       = "Services"
	Fees           = "Fees"
	Taxes          = "Taxes"
	Income         = "Income"
	Transfers      = "Transfers"
)

// Leaves that code refers to by name.
const (
	Groceries        = "Groceries"
	Restaurants      = "Restaurants"
	Coffee           = "Coffee"
	FastFood         = "Fast food"
	Bars             = "Bars"
	Rent             = "Rent"
	Salary           = "Salary"
	Interest         = "Interest"
	Dividends        = "Dividends"
	OtherIncome      = "Other income"
	BetweenAccounts  = "Between accounts"
	CardPayment      = "Card payment"
	Investment       = "Investment"
	CurrencyExchange = "Currency exchange"
	CashWithdrawal   = "Cash withdrawal"
	ToPeople         = "To people"
	BankFees         = "Bank fees"
	ATMFees          = "ATM fees"
	InterestCharged  = "Interest charged"
)

// taxonomy lists each parent with its leaves; a parent without leaves is a
// leaf itself.
var taxonomy = []struct {
	parent string
	leaves []string
}{
	{FoodDrink, []string{Groceries, Restaurants, Coffee, FastFood, Bars}},
	{Transportation, []string{"Fuel", "Rideshare", "Parking", "Public transit", "Tolls", "Car maintenance"}},
	{Travel, []string{"Flights", "Lodging", "Car rental"}},
	{Shopping, []string{"Clothing", "Electronics", "Home & garden", "General merchandise", "Books"}},
	{Pets, nil},
	{Health, []string{"Pharmacy", "Medical", "Fitness"}},
	{Housing, []string{Rent, "Mortgage"}},
	{Bills, []string{"Electricity", "Gas & water", "Internet", "Phone", "Insurance"}},
	{Subscriptions, nil},
	{Entertainment, nil},
	{PersonalCare, nil},
	{Education, nil},
	{Gifts, nil},
	{Services, nil},
	{Fees, []string{BankFees, ATMFees, InterestCharged}},
	{Taxes, nil},
	{Income, []string{Salary, Interest, Dividends, OtherIncome}},
	{Transfers, []string{BetweenAccounts, CardPayment, Investment, CurrencyExchange, CashWithdrawal, ToPeople}},
}

// Class is what a row is for the totals.
type Class int8

const (
	// Spend is money paid to a merchant or a person.
	Spend Class = iota
	// Refund is money back from a merchant: it reduces spending.
	Refund
	// In is income: salary, interest, dividends, other money from outside.
	In
	// Excluded is money moved between the user's own pockets: transfers,
	// card payments, investment buys and sells, currency exchange, cash.
	Excluded
)

// String names the class for JSON and messages.
func (c Class) String() string {
	switch c {
	case Spend:
		return "spending"
	case Refund:
		return "refund"
	case In:
		return "income"
	default:
		return "excluded"
	}
}

// Dining is a group, not a stored category: what people mean by "dining"
// (eating and drinking out), which is Food & drink without the groceries.
const Dining = "Dining"

// groups are names people use for several leaves that are not a parent.
var groups = map[string][]string{
	Dining: {Restaurants, Coffee, FastFood, Bars},
}

var (
	leafParent  = map[string]string{} // leaf name -> parent name
	byFold      = map[string]string{} // lower-case leaf or parent -> canonical name
	byLetters   = map[string]string{} // its letters alone ("gaswater") -> canonical name
	parentLeafs = map[string][]string{}
	leafOrder   []string
)

func init() {
	for _, p := range taxonomy {
		byFold[strings.ToLower(p.parent)] = p.parent
		if len(p.leaves) == 0 {
			leafParent[p.parent] = p.parent
			parentLeafs[p.parent] = []string{p.parent}
			leafOrder = append(leafOrder, p.parent)
			continue
		}
		for _, l := range p.leaves {
			leafParent[l] = p.parent
			byFold[strings.ToLower(l)] = l
			leafOrder = append(leafOrder, l)
		}
		parentLeafs[p.parent] = p.leaves
	}
	for g := range groups {
		byFold[strings.ToLower(g)] = g
	}
	for k, v := range byFold {
		if groups[v] == nil {
			byLetters[letters(k)] = v
		}
	}
	for word, names := range synonyms {
		for _, n := range names {
			if _, ok := byFold[strings.ToLower(n)]; !ok {
				panic("category: synonym " + word + " names unknown category " + n)
			}
		}
	}
}

// Leaves returns every leaf name in taxonomy order.
func Leaves() []string { return append([]string(nil), leafOrder...) }

// Parents returns every parent name in taxonomy order.
func Parents() []string {
	out := make([]string, len(taxonomy))
	for i, p := range taxonomy {
		out[i] = p.parent
	}
	return out
}

// Groups returns the names of the groups ("Dining").
func Groups() []string {
	out := make([]string, 0, len(groups))
	for g := range groups {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// Parent returns the parent of a leaf (a parent is its own parent), or "" for
// a name outside the taxonomy.
func Parent(name string) string {
	if _, ok := parentLeafs[name]; ok {
		return name
	}
	return leafParent[name]
}

// IsLeaf reports whether name is a leaf of the taxonomy, spelled exactly.
func IsLeaf(name string) bool { _, ok := leafParent[name]; return ok }

// Canonical returns the taxonomy's spelling of a leaf or parent name given in
// any case, or "" when it is neither.
func Canonical(name string) string { return byFold[strings.ToLower(strings.TrimSpace(name))] }

// Expand returns the stored names a taxonomy name covers: a parent and its
// leaves, a group's leaves ("Dining"), a leaf itself, nil for a name
// outside the taxonomy.
func Expand(name string) []string {
	c := Canonical(name)
	if c == "" {
		return nil
	}
	if ls, ok := groups[c]; ok {
		return append([]string(nil), ls...)
	}
	if ls, ok := parentLeafs[c]; ok && !(len(ls) == 1 && ls[0] == c) {
		// Rows may carry the parent itself when nobody knew the leaf.
		return append([]string{c}, ls...)
	}
	return []string{c}
}

// Classify says whether a row of this category and amount (negative is money
// out) is spending, a refund, income, or excluded. A category outside the
// taxonomy (the user's own) is treated like a spending category; so is no
// category at all, except that uncategorized money in is income.
func Classify(category string, amount int64) Class {
	switch p := Parent(category); {
	case p == Transfers && category != ToPeople:
		return Excluded
	case p == Income:
		return In
	case category == ToPeople:
		if amount < 0 {
			return Spend
		}
		return In
	case category == "":
		if amount < 0 {
			return Spend
		}
		return In
	}
	if amount < 0 {
		return Spend
	}
	return Refund
}

// IsTransfer reports whether rows of this category move money between the
// user's own pockets (never spending or income).
func IsTransfer(category string) bool {
	return Parent(category) == Transfers && category != ToPeople
}

// synonyms maps people's words (lower case) onto taxonomy names. A word that
// is itself a leaf or parent name needs no entry.
var synonyms = map[string][]string{
	"grocery":              {Groceries},
	"supermarket":          {Groceries},
	"supermarkets":         {Groceries},
	"food shopping":        {Groceries},
	"food":                 {FoodDrink},
	"food and drink":       {FoodDrink},
	"dining out":           {Dining},
	"eat":                  {Dining},
	"eating out":           {Restaurants},
	"restaurant":           {Restaurants},
	"takeout":              {Restaurants, FastFood},
	"food delivery":        {Restaurants},
	"coffee shops":         {Coffee},
	"coffee shop":          {Coffee},
	"cafe":                 {Coffee},
	"cafes":                {Coffee},
	"fast-food":            {FastFood},
	"bar":                  {Bars},
	"drinks":               {Bars},
	"alcohol":              {Bars},
	"nightlife":            {Bars},
	"gas":                  {"Fuel"},
	"gasoline":             {"Fuel"},
	"petrol":               {"Fuel"},
	"gas station":          {"Fuel"},
	"gas stations":         {"Fuel"},
	"uber":                 {"Rideshare"},
	"ride share":           {"Rideshare"},
	"ridesharing":          {"Rideshare"},
	"rides":                {"Rideshare"},
	"taxi":                 {"Rideshare"},
	"taxis":                {"Rideshare"},
	"transit":              {"Public transit"},
	"public transport":     {"Public transit"},
	"train":                {"Public transit"},
	"subway":               {"Public transit"},
	"bus":                  {"Public transit"},
	"toll":                 {"Tolls"},
	"transport":            {Transportation},
	"car":                  {"Fuel", "Parking", "Tolls", "Car maintenance"},
	"car repairs":          {"Car maintenance"},
	"auto":                 {"Car maintenance"},
	"flight":               {"Flights"},
	"airfare":              {"Flights"},
	"airlines":             {"Flights"},
	"hotel":                {"Lodging"},
	"hotels":               {"Lodging"},
	"accommodation":        {"Lodging"},
	"airbnb":               {"Lodging"},
	"rental car":           {"Car rental"},
	"vacation":             {Travel},
	"holidays":             {Travel},
	"clothes":              {"Clothing"},
	"apparel":              {"Clothing"},
	"fashion":              {"Clothing"},
	"shoes":                {"Clothing"},
	"gadgets":              {"Electronics"},
	"tech":                 {"Electronics"},
	"household":            {"Home & garden"},
	"home improvement":     {"Home & garden"},
	"furniture":            {"Home & garden"},
	"garden":               {"Home & garden"},
	"home":                 {"Home & garden"},
	"general":              {"General merchandise"},
	"online shopping":      {"General merchandise"},
	"pet":                  {Pets},
	"vet":                  {Pets},
	"pet food":             {Pets},
	"healthcare":           {Health},
	"medical bills":        {"Medical"},
	"doctor":               {"Medical"},
	"doctors":              {"Medical"},
	"dentist":              {"Medical"},
	"pharmacies":           {"Pharmacy"},
	"drugstore":            {"Pharmacy"},
	"prescriptions":        {"Pharmacy"},
	"gym":                  {"Fitness"},
	"sports":               {"Fitness"},
	"mortgage payments":    {"Mortgage"},
	"rent payments":        {Rent},
	"utilities":            {Bills},
	"bills":                {Bills},
	"utility bills":        {Bills},
	"power":                {"Electricity"},
	"electric":             {"Electricity"},
	"water":                {"Gas & water"},
	"gas bill":             {"Gas & water"},
	"heating":              {"Gas & water"},
	"broadband":            {"Internet"},
	"wifi":                 {"Internet"},
	"cable":                {"Internet"},
	"mobile":               {"Phone"},
	"cell phone":           {"Phone"},
	"phone bill":           {"Phone"},
	"insurances":           {"Insurance"},
	"subscription":         {Subscriptions},
	"streaming":            {Subscriptions},
	"memberships":          {Subscriptions},
	"fun":                  {Entertainment},
	"movies":               {Entertainment},
	"concerts":             {Entertainment},
	"games":                {Entertainment},
	"beauty":               {PersonalCare},
	"haircut":              {PersonalCare},
	"hair":                 {PersonalCare},
	"personal":             {PersonalCare},
	"tuition":              {Education},
	"school":               {Education},
	"courses":              {Education},
	"gifts":                {Gifts},
	"gift":                 {Gifts},
	"donations":            {Gifts},
	"charity":              {Gifts},
	"service":              {Services},
	"fee":                  {Fees},
	"bank charges":         {BankFees},
	"overdraft":            {BankFees},
	"atm fee":              {ATMFees},
	"interest paid":        {InterestCharged},
	"finance charges":      {InterestCharged},
	"tax":                  {Taxes},
	"paycheck":             {Salary},
	"paychecks":            {Salary},
	"payroll":              {Salary},
	"wages":                {Salary},
	"salaries":             {Salary},
	"dividend":             {Dividends},
	"interest earned":      {Interest},
	"transfer":             {Transfers},
	"own transfers":        {BetweenAccounts},
	"card payments":        {CardPayment},
	"credit card payments": {CardPayment},
	"investments":          {Investment},
	"investing":            {Investment},
	"exchange":             {CurrencyExchange},
	"fx":                   {CurrencyExchange},
	"cash":                 {CashWithdrawal},
	"atm":                  {CashWithdrawal},
	"withdrawals":          {CashWithdrawal},
	"medical care":         {"Medical"},
	"health care":          {"Medical"},
	"pay off":              {CardPayment},
	"paid off":             {CardPayment},
	"p2p":                  {ToPeople},
	"lunch":                {Restaurants},
	"dinner":               {Restaurants},
	"breakfast":            {Restaurants},
	"brunch":               {Restaurants},
	"eat out":              {Restaurants},
	"grocery store":        {Groceries},
	"commute":              {"Public transit"},
	"commuting":            {"Public transit"},
	"tickets":              {Entertainment},
	"movie":                {Entertainment},
	"concert":              {Entertainment},
	"housing":              {Housing},
	"landlord":             {Rent},
	"salon":                {PersonalCare},
	"cosmetics":            {PersonalCare},
	"self care":            {PersonalCare},
	"dog":                  {Pets},
	"cat":                  {Pets},
	"medicine":             {"Pharmacy"},
	"dental":               {"Medical"},
	"electricity bill":     {"Electricity"},
	"power bill":           {"Electricity"},
	"water bill":           {"Gas & water"},
	"internet bill":        {"Internet"},
	"furnishings":          {"Home & garden"},
	"hardware":             {"Home & garden"},
	"retail":               {Shopping},
	"learning":             {Education},
	"classes":              {Education},
	"giving":               {Gifts},
	"donation":             {Gifts},
	"service charges":      {BankFees},
	"bank fees":            {BankFees},
	"wage":                 {Salary},
	"cash withdrawals":     {CashWithdrawal},
	"going out":            {Entertainment, Bars},
	"friends":              {ToPeople},
}

// Resolve maps a word or phrase people use onto the taxonomy names it means:
// a leaf or parent name in any case, or a synonym ("gas" -> Fuel, "dining" ->
// Restaurants, Coffee, Fast food, Bars). Plural "s" is tolerated. It returns
// nil for words it does not know.
func Resolve(word string) []string {
	w := strings.ToLower(strings.Join(strings.Fields(word), " "))
	if w == "" {
		return nil
	}
	for _, cand := range []string{w, strings.TrimSuffix(w, "s"), w + "s"} {
		if c := byFold[cand]; c != "" {
			return []string{c}
		}
		if s, ok := synonyms[cand]; ok {
			return append([]string(nil), s...)
		}
	}
	return nil
}

// Words returns every word Resolve knows (leaf and parent names in lower
// case, and the synonyms), sorted, for the assistant's vocabulary.
func Words() []string {
	seen := map[string]bool{}
	for k := range byFold {
		seen[k] = true
	}
	for k := range synonyms {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Normalize maps a category that came from outside Penny onto a leaf: a bank's
// or a file's category word ("Dining", "Auto:Fuel", "Lebensmittel"), or an
// hledger account name from a rules file ("Expenses:Food:Groceries",
// "Income:Salary", "Assets:Savings", "Liabilities:CreditCard:Amex"). An
// Assets:, Liabilities: or Equity: account is a transfer (a card payment when
// it names a card, an investment when it names a brokerage), never a spending
// category. A category it cannot place is kept as the source wrote it, so a
// user's own category survives; "" stays "".
func Normalize(source string) string {
	s := strings.TrimSpace(source)
	if s == "" {
		return ""
	}
	if c := Canonical(s); c != "" && groups[c] == nil {
		return parentDefault(c)
	}
	if v, ok := legacy[strings.ToLower(s)]; ok {
		return v
	}
	segs := splitPath(s)
	if len(segs) > 1 {
		switch root := strings.ToLower(segs[0]); root {
		case "assets", "asset", "liabilities", "liability", "equity":
			return ownAccount(segs)
		case "income", "revenue", "revenues":
			if leaf := placeSegments(segs[1:]); leaf != "" && leafParent[leaf] == Income {
				return leaf
			}
			return OtherIncome
		case "expenses", "expense":
			if leaf := placeSegments(segs[1:]); leaf != "" {
				return leaf
			}
			return strings.Join(segs[1:], ":")
		}
		if leaf := placeSegments(segs); leaf != "" {
			return leaf
		}
		return s
	}
	if leaf := placeSegments(segs); leaf != "" {
		return leaf
	}
	return s
}

// parentDefault is the category a bare taxonomy name from outside stands
// for: a source that says only "Income" or "Transfers" means the general kind
// of those; any other parent is kept (a row of "Food & drink" whose leaf
// nobody knows), and a leaf is itself.
func parentDefault(name string) string {
	switch name {
	case Income:
		return OtherIncome
	case Transfers:
		return BetweenAccounts
	}
	return name
}

// ownAccount maps an hledger balance-sheet account onto a transfer leaf.
func ownAccount(segs []string) string {
	rest := strings.ToLower(strings.Join(segs[1:], " "))
	switch {
	case strings.Contains(rest, "card") || strings.Contains(rest, "amex") || strings.Contains(rest, "visa") || strings.Contains(rest, "mastercard"):
		return CardPayment
	case strings.Contains(rest, "invest") || strings.Contains(rest, "broker") || strings.Contains(rest, "stock") || strings.Contains(rest, "401k") || strings.Contains(rest, "ira") || strings.Contains(rest, "retirement"):
		return Investment
	case strings.Contains(rest, "cash") && !strings.Contains(rest, "bank"):
		return CashWithdrawal
	}
	return BetweenAccounts
}

// placeSegments finds a leaf for the most specific segment of a path that
// names one ("Food:Groceries" -> Groceries, "Auto:Fuel" -> Fuel).
func placeSegments(segs []string) string {
	for i := len(segs) - 1; i >= 0; i-- {
		seg := strings.ToLower(segs[i])
		if c := Canonical(seg); c != "" && groups[c] == nil {
			return parentDefault(c)
		}
		if v, ok := legacy[seg]; ok {
			return v
		}
		// "FastFood", "GasWater", "HomeGarden": names written as one word.
		if c := byLetters[letters(seg)]; c != "" {
			return parentDefault(c)
		}
		if r := Resolve(seg); len(r) == 1 && groups[r[0]] == nil {
			return parentDefault(r[0])
		}
	}
	return ""
}

func splitPath(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == '/' || r == '>' || r == '›' })
	out := f[:0]
	for _, x := range f {
		if x = strings.TrimFunc(x, unicode.IsSpace); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// letters keeps the lower-case letters and digits of s.
func letters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// legacy maps category words found in bank exports, QIF files, and Penny's
// own earlier flat categories onto leaves.
var legacy = map[string]string{
	"dining":              Restaurants,
	"dining out":          Restaurants,
	"restaurants & bars":  Restaurants,
	"food & dining":       Restaurants,
	"eating out":          Restaurants,
	"coffee shops":        Coffee,
	"fast food":           FastFood,
	"alcohol & bars":      Bars,
	"groceries":           Groceries,
	"supermarket":         Groceries,
	"lebensmittel":        Groceries,
	"alimentation":        Groceries,
	"boodschappen":        Groceries,
	"transport":           "Public transit",
	"auto & transport":    "Fuel",
	"gas & fuel":          "Fuel",
	"gas":                 "Fuel",
	"fuel":                "Fuel",
	"utilities":           "Electricity",
	"telephone":           "Phone",
	"mobile phone":        "Phone",
	"internet":            "Internet",
	"home":                "Home & garden",
	"household":           "Home & garden",
	"shopping":            "General merchandise",
	"personal care":       PersonalCare,
	"health":              "Medical",
	"healthcare":          "Medical",
	"doctor":              "Medical",
	"gym":                 "Fitness",
	"salary":              Salary,
	"payroll":             Salary,
	"paycheck":            Salary,
	"wages":               Salary,
	"income":              OtherIncome,
	"interest":            Interest,
	"interest income":     Interest,
	"dividend":            Dividends,
	"dividends":           Dividends,
	"transfer":            BetweenAccounts,
	"transfers":           BetweenAccounts,
	"payments":            CardPayment,
	"credit card payment": CardPayment,
	"investments":         Investment,
	"investment":          Investment,
	"buy":                 Investment,
	"cash":                CashWithdrawal,
	"cash & atm":          CashWithdrawal,
	"atm":                 CashWithdrawal,
	"fees":                BankFees,
	"bank fee":            BankFees,
	"service charge":      BankFees,
	"refund":              "",
	"uncategorized":       "",
	"uncategorised":       "",
	"other":               "",
	"misc":                "",
	"gifts & donations":   Gifts,
	"charity":             Gifts,
	"taxes":               Taxes,
	"people":              ToPeople,
	"tax":                 Taxes,
}

// ExcludedNames lists the stored names whose rows are never spending or
// income (the Transfers parent and its leaves but "To people"), for callers
// that must say the same thing as Classify in SQL.
func ExcludedNames() []string {
	out := []string{Transfers}
	for _, l := range parentLeafs[Transfers] {
		if l != ToPeople {
			out = append(out, l)
		}
	}
	return out
}

// IncomeNames lists the stored names whose rows are income whatever their
// sign (the Income parent and its leaves).
func IncomeNames() []string {
	return append([]string{Income}, parentLeafs[Income]...)
}

// SignedNames lists the stored names whose rows are spending when money goes
// out and income when it comes in: "To people" and no category at all.
func SignedNames() []string { return []string{ToPeople, ""} }
