package assistant

import (
	"penny/category"

	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// The intent corpus: how people actually type questions into a chat box —
// lower case, typos, filler words, every way of naming a period — with the
// intent and slots each must yield. The lexicon is fixed here, so the
// corpus tests the parser alone.

// corpusNow is Friday, 20 November 2026, the end of the demo history.
var corpusNow = time.Date(2026, 11, 20, 16, 30, 0, 0, time.UTC)

func corpusLexicon() *Lexicon {
	accounts := []AccountName{
		{"Everyday Checking", "checking"}, {"High-Yield Savings", "savings"}, {"Visa Signature", "credit"},
		{"Amex Gold", "credit"}, {"Brokerage Cash", "brokerage"}, {"Euro Account", "checking"},
	}
	// Every name of the taxonomy, as the assistant's own lexicon has them.
	categories := append(append(category.Leaves(), category.Parents()...), category.Groups()...)
	merchants := []string{"Blue Bottle Coffee", "Blue Apron", "Philz Coffee", "Peet's Coffee", "Starbucks",
		"Trader Joe's", "Whole Foods", "Safeway", "Netflix", "Spotify", "Amazon", "Amazon Fresh", "Uber", "Uber Eats",
		"Lyft", "Target", "Costco", "The Home Depot", "Jack in the Box", "One Medical", "In N Out Burger", "7-Eleven",
		"Chipotle", "Shell Oil", "Apple", "Apple Store", "Zachary's Chicago Pizza", "Cheese Board Pizza",
		"Tony's Pizza Napoletana", "Northwind Traders", "PG&E", "Xfinity", "T-Mobile", "Venmo", "Walgreens", "CVS",
		"Planet Fitness", "YouTube Premium", "Disney Plus", "The New York Times", "Audible", "Oakwood Property Mgmt",
		"REI", "IKEA", "Airbnb", "United", "Delta Air", "Chase Center", "Doordash", "Sweetgreen", "Etsy", "Walmart",
		"Best Buy", "Hog Island Oyster", "Kaiser Permanente", "ATM Withdrawal"}
	return NewLexicon(accounts, categories, merchants)
}

// Period slots as the parser writes them, for corpusNow.
const (
	pToday     = "from=2026-11-20; to=2026-11-20"
	pYesterday = "from=2026-11-19; to=2026-11-19"
	pThisWeek  = "from=2026-11-16; to=2026-11-20"
	pLastWeek  = "from=2026-11-09; to=2026-11-15"
	pThisMonth = "from=2026-11-01; to=2026-11-20"
	pLastMonth = "from=2026-10-01; to=2026-10-31"
	pSep       = "from=2026-09-01; to=2026-09-30"
	pThisYear  = "from=2026-01-01; to=2026-11-20"
	pLastYear  = "from=2025-01-01; to=2025-12-31"
	pPast7     = "from=2026-11-14; to=2026-11-20"
	pPast30    = "from=2026-10-22; to=2026-11-20"
	pPast90    = "from=2026-08-23; to=2026-11-20"
	pPast3M    = "from=2026-08-21; to=2026-11-20"
	pPast6M    = "from=2026-05-21; to=2026-11-20"
	pPast12M   = "from=2025-11-21; to=2026-11-20"
	pPast2W    = "from=2026-11-07; to=2026-11-20"
	pMarch     = "from=2026-03-01; to=2026-03-31"
	pMarch25   = "from=2025-03-01; to=2025-03-31"
	pFeb       = "from=2026-02-01; to=2026-02-28"
	pDec25     = "from=2025-12-01; to=2025-12-31"
	pQ1        = "from=2026-01-01; to=2026-03-31"
	pQ1y25     = "from=2025-01-01; to=2025-03-31"
	pLastQ     = "from=2026-07-01; to=2026-09-30"
	pThisQ     = "from=2026-10-01; to=2026-11-20"
	pSinceJan5 = "from=2026-01-05; to=2026-11-20"
	pMar1Apr15 = "from=2026-03-01; to=2026-04-15"
	pY2025     = "from=2025-01-01; to=2025-12-31"
	pY2024     = "from=2024-01-01; to=2024-12-31"
	pAllTime   = "period_all_time=true"
	cLastMonth = "compare_from=2026-10-01; compare_to=2026-10-31"
	cSep       = "compare_from=2026-09-01; compare_to=2026-09-30"
	cLastYear  = "compare_from=2025-01-01; compare_to=2025-12-31"
)

func sp(parts ...string) string { return strings.Join(parts, "; ") }

type corpusCase struct {
	q, intent, slots string
}

var corpus = []corpusCase{
	// Balance.
	{"balance", "balance", "net_worth=true"},
	{"Balance?", "balance", "net_worth=true"},
	{"balances", "balance", "net_worth=true"},
	{"what's my balance", "balance", "net_worth=true"},
	{"whats my balance", "balance", "net_worth=true"},
	{"show me my balances please", "balance", "net_worth=true"},
	{"balanse", "balance", "net_worth=true"},
	{"my balnce", "balance", "net_worth=true"},
	{"net worth", "balance", "net_worth=true"},
	{"what is my net worth?", "balance", "net_worth=true"},
	{"networth", "balance", "net_worth=true"},
	{"how much money do i have", "balance", "net_worth=true"},
	{"how much do I have in total", "balance", "net_worth=true"},
	{"total balance of all accounts", "balance", "net_worth=true"},
	{"balance on visa", "balance", "account=Visa Signature"},
	{"what's my balance on visa", "balance", "account=Visa Signature"},
	{"visa balance", "balance", "account=Visa Signature"},
	{"visa card balance", "balance", "account=Visa Signature"},
	{"Visa Signature", "balance", "account=Visa Signature"},
	{"my amex", "balance", "account=Amex Gold"},
	{"amex gold balance", "balance", "account=Amex Gold"},
	{"how much is on my amex card", "balance", "account=Amex Gold"},
	{"how much is in checking", "balance", "account=Everyday Checking"},
	{"checking balance", "balance", "account=Everyday Checking"},
	{"what's in my savings", "balance", "account=High-Yield Savings"},
	{"savings account balance", "balance", "account=High-Yield Savings"},
	{"high yield savings", "balance", "account=High-Yield Savings"},
	{"euro account balance", "balance", "account=Euro Account"},
	{"brokerage", "balance", "account=Brokerage Cash"},
	{"how much cash in brokerage", "balance", "account=Brokerage Cash"},
	{"how much do I owe on my credit cards", "balance", "account_type=credit"},
	{"credit card balance", "balance", "account_type=credit"},
	{"what do i owe", "balance", "account_type=credit"},
	{"how much debt do i have", "balance", "account_type=credit"},
	{"spending this month including pending", "spending", sp(pThisMonth, "by=category; pending=true")},
	{"spending this month excluding pending", "spending", sp(pThisMonth, "by=category; pending=false")},
	{"balance of checking and savings", "balance", "accounts=Everyday Checking|High-Yield Savings"},
	{"checking balance at the end of last month", "balance", sp("account=Everyday Checking", pLastMonth)},
	{"net worth last year", "balance", sp("net_worth=true", pLastYear)},
	{"what was my balance yesterday", "balance", sp("net_worth=true", pYesterday)},
	{"pending balance on visa", "balance", "account=Visa Signature; pending=true"},
	{"balance in visa signture", "balance", "account=Visa Signature"},
	{"how much is left in checking", "balance", "account=Everyday Checking"},

	// Spending by category.
	{"how much did I spend on dining last month", "spending", sp("category=Dining", pLastMonth)},
	{"how much did i spend on dining last month?", "spending", sp("category=Dining", pLastMonth)},
	{"What did I spend on groceries this month", "spending", sp("category=Groceries", pThisMonth)},
	{"spnding on grocerys", "spending", "category=Groceries"},
	{"spending on groceries", "spending", "category=Groceries"},
	{"grocery spending this week", "spending", sp("category=Groceries", pThisWeek)},
	{"spent on dinning", "spending", "category=Dining"},
	{"restaurants last week", "spending", sp("category=Restaurants", pLastWeek)},
	{"how much have I spent eating out this month", "spending", sp("category=Restaurants", pThisMonth)},
	{"how much on gas this month", "spending", sp("category=Fuel", pThisMonth)},
	{"transport costs this year", "spending", sp("category=Transportation", pThisYear)},
	{"travel spending in 2025", "spending", sp("category=Travel", pY2025)},
	{"how much did we spend on travel last year", "spending", sp("category=Travel", pLastYear)},
	{"rent this year", "spending", sp("category=Rent", pThisYear)},
	{"what do i pay for rent", "spending", "category=Rent"},
	{"utilities last month", "spending", sp("category=Bills & utilities", pLastMonth)},
	{"how much did I spend on subscriptions last month", "spending", sp("category=Subscriptions", pLastMonth)},
	{"fees", "spending", "category=Fees"},
	{"bank fees this year", "spending", sp("category=Bank fees", pThisYear)},
	{"health expenses in march", "spending", sp("category=Health", pMarch)},
	{"how much did i spend on my pets", "spending", "category=Pets"},
	{"shopping past 30 days", "spending", sp("category=Shopping", pPast30)},
	{"entertainment spending q1", "spending", sp("category=Entertainment", pQ1)},
	{"personal care since jan 5", "spending", sp("category=Personal care", pSinceJan5)},
	{"gifts and donations in 2025", "spending", sp("category=Gifts & donations", pY2025)},
	{"food last month", "spending", sp("category=Food & drink", pLastMonth)},
	{"how much did i spend on food this year", "spending", sp("category=Food & drink", pThisYear)},
	{"dining and groceries this month", "spending", sp("categories=Dining|Groceries", pThisMonth)},
	{"spend on groceries at safeway last month", "spending", sp("category=Groceries", "merchant=Safeway", pLastMonth)},
	{"how much did i spend on dining with my visa last month", "spending", sp("category=Dining", "account=Visa Signature", pLastMonth)},
	{"how much have i spent on shopping on my credit cards this year", "spending", sp("category=Shopping", "account_type=credit", pThisYear)},
	{"education costs", "spending", "category=Education"},
	{"spending on home stuff in december", "spending", sp("category=Home & garden", pDec25)},
	{"cash withdrawals this month", "spending", sp("category=Cash withdrawal", pThisMonth)},
	{"how much went to transport in the last 3 months", "spending", sp("category=Transportation", pPast3M)},

	// Spending overall and by period.
	{"spending last month", "spending", sp(pLastMonth, "by=category")},
	{"how much did I spend last month", "spending", sp(pLastMonth, "by=category")},
	{"what did i spend yesterday", "spending", sp(pYesterday, "by=category")},
	{"spending today", "spending", sp(pToday, "by=category")},
	{"how much have i spent this yr", "spending", sp(pThisYear, "by=category")},
	{"how much did I spend in Feburary", "spending", sp(pFeb, "by=category")},
	{"spending in septmber 2025", "spending", "from=2025-09-01; to=2025-09-30; by=category"},
	{"spending last quartr", "spending", sp(pLastQ, "by=category")},
	{"expenses this quarter", "spending", sp(pThisQ, "by=category")},
	{"what did I spend in March", "spending", sp(pMarch, "by=category")},
	{"spending in march 2025", "spending", sp(pMarch25, "by=category")},
	{"spending March 2025", "spending", sp(pMarch25, "by=category")},
	{"how much did i spend in mar 2025", "spending", sp(pMarch25, "by=category")},
	{"spending since Jan 5", "spending", sp(pSinceJan5, "by=category")},
	{"spent since january 5th", "spending", sp(pSinceJan5, "by=category")},
	{"spending since 2026-01-05", "spending", sp(pSinceJan5, "by=category")},
	{"spending since 1/5", "spending", sp(pSinceJan5, "by=category")},
	{"how much did i spend in the past 30 days", "spending", sp(pPast30, "by=category")},
	{"spending last 30 days", "spending", sp(pPast30, "by=category")},
	{"spending over the last thirty days", "spending", sp(pPast30, "by=category")},
	{"spending past 7 days", "spending", sp(pPast7, "by=category")},
	{"spending past week", "spending", sp(pPast7, "by=category")},
	{"spending in the last two weeks", "spending", sp(pPast2W, "by=category")},
	{"spending last 3 months", "spending", sp(pPast3M, "by=category")},
	{"how much have I spent in the past 6 months", "spending", sp(pPast6M, "by=category")},
	{"spending over the past year", "spending", sp(pPast12M, "by=category")},
	{"spending in the last 12 months", "spending", sp(pPast12M, "by=category")},
	{"spending between 1 March and 15 April", "spending", sp(pMar1Apr15, "by=category")},
	{"spending between march 1 and april 15", "spending", sp(pMar1Apr15, "by=category")},
	{"spending from march 1 to april 15", "spending", sp(pMar1Apr15, "by=category")},
	{"spending from 2026-03-01 to 2026-04-15", "spending", sp(pMar1Apr15, "by=category")},
	{"spending 3/1 - 4/15", "spending", sp(pMar1Apr15, "by=category")},
	{"spending in 2025", "spending", sp(pY2025, "by=category")},
	{"2024 spending", "spending", sp(pY2024, "by=category")},
	{"spending during 2025", "spending", sp(pY2025, "by=category")},
	{"spending Q1", "spending", sp(pQ1, "by=category")},
	{"spending in q1 2025", "spending", sp(pQ1y25, "by=category")},
	{"spending first quarter of 2025", "spending", sp(pQ1y25, "by=category")},
	{"spending ytd", "spending", sp(pThisYear, "by=category")},
	{"spending year to date", "spending", sp(pThisYear, "by=category")},
	{"spending so far this month", "spending", sp(pThisMonth, "by=category")},
	{"spending this month", "spending", sp(pThisMonth, "by=category")},
	{"spending last year", "spending", sp(pLastYear, "by=category")},
	{"spending in december", "spending", sp(pDec25, "by=category")},
	{"how much did I spend on March 5", "spending", "from=2026-03-05; to=2026-03-05; by=category"},
	{"spending on 2026-03-05", "spending", "from=2026-03-05; to=2026-03-05; by=category"},
	{"spending 3 days ago", "spending", "from=2026-11-17; to=2026-11-17; by=category"},
	{"spending last monday", "spending", "from=2026-11-16; to=2026-11-16; by=category"},
	{"spending last weekend", "spending", "from=2026-11-14; to=2026-11-15; by=category"},
	{"spending since last month", "spending", "from=2026-10-01; to=2026-11-20; by=category"},
	{"spending ever", "spending", sp(pAllTime, "by=category")},
	{"total spending of all time", "spending", sp(pAllTime, "by=category")},
	{"last month", "spending", sp(pLastMonth, "by=category")},
	{"in 2025", "spending", sp(pY2025, "by=category")},
	{"past 30 days", "spending", sp(pPast30, "by=category")},
	{"Q1", "spending", sp(pQ1, "by=category")},
	{"expenses by category this year", "spending", sp(pThisYear, "by=category")},
	{"spending breakdown last month", "spending", sp(pLastMonth, "by=category")},
	{"spending by merchant in october", "spending", sp(pLastMonth, "by=merchant")},
	{"spending per month this year", "spending", sp(pThisYear, "by=month")},
	{"how much did i spend per month this year", "spending", sp(pThisYear, "by=month")},
	{"monthly spending on dining", "spending", "by=month; category=Dining"},
	{"dining spending trend", "spending", "by=month; category=Dining"},
	{"spending by account last month", "spending", sp(pLastMonth, "by=account")},
	{"spending in euros last month", "spending", sp(pLastMonth, "by=category; currency=EUR")},

	// Spending at merchants.
	{"netflix", "spending", "merchant=Netflix"},
	{"Netflix?", "spending", "merchant=Netflix"},
	{"how much did netflix cost in 2024", "spending", sp("merchant=Netflix", pY2024)},
	{"how much have i paid to spotify since january", "spending", "merchant=Spotify; from=2026-01-01; to=2026-11-20"},
	{"how much did I spend at starbucks in march 2025", "spending", sp("merchant=Starbucks", pMarch25)},
	{"spending at blue bottle this month", "spending", sp("merchant=Blue Bottle Coffee", pThisMonth)},
	{"blue bottle coffee last month", "spending", sp("merchant=Blue Bottle Coffee", pLastMonth)},
	{"how much at bluebottle", "spending", "merchant=Blue Bottle Coffee"},
	{"trader joes this year", "spending", sp("merchant=Trader Joe's", pThisYear)},
	{"trader joe's spending", "spending", "merchant=Trader Joe's"},
	{"whole foods since march", "spending", "merchant=Whole Foods; from=2026-03-01; to=2026-11-20"},
	{"amazon 2025", "spending", sp("merchant=Amazon", pY2025)},
	{"how much did i spend on amazon last year", "spending", sp("merchant=Amazon", pLastYear)},
	{"amzon this month", "spending", sp("merchant=Amazon", pThisMonth)},
	{"how much did i spend at costco", "spending", "merchant=Costco"},
	{"spending at the home depot", "spending", "merchant=The Home Depot"},
	{"home depot last year", "spending", sp("merchant=The Home Depot", pLastYear)},
	{"jack in the box", "spending", "merchant=Jack in the Box"},
	{"one medical this year", "spending", sp("merchant=One Medical", pThisYear)},
	{"in n out burger last month", "spending", sp("merchant=In N Out Burger", pLastMonth)},
	{"7-eleven", "spending", "merchant=7-Eleven"},
	{"how much on uber", "spending", "merchant=Uber"},
	{"uber eats last month", "spending", sp("merchant=Uber Eats", pLastMonth)},
	{"uber vs lyft", "spending", "merchants=Uber|Lyft; by=merchant"},
	{"uber vs lyft this year", "spending", sp("merchants=Uber|Lyft", "by=merchant", pThisYear)},
	{"blue bottle vs starbucks this month", "spending", sp("merchants=Blue Bottle Coffee|Starbucks", "by=merchant", pThisMonth)},
	{"philz", "spending", "merchant=Philz Coffee"},
	{"how much did i spend at philz coffee in q1", "spending", sp("merchant=Philz Coffee", pQ1)},
	{"spending at targt", "spending", "merchant=Target"},
	{"chipotle past 30 days", "spending", sp("merchant=Chipotle", pPast30)},
	{"netflx", "spending", "merchant=Netflix"},
	{"spotfy", "spending", "merchant=Spotify"},
	{"walgreens", "spending", "merchant=Walgreens"},
	{"how much on pg&e this year", "spending", sp("merchant=PG&E", pThisYear)},
	{"xfinity bill", "spending", "merchant=Xfinity"},
	{"coffee last month", "spending", sp("category=Coffee", pLastMonth)},
	{"how much on coffee this week", "spending", sp("category=Coffee", pThisWeek)},
	{"pizza this year", "spending", sp("text=pizza", pThisYear)},
	{"spending at apple", "spending", "merchant=Apple"},
	{"apple store purchases last year", "search", sp("merchant=Apple Store", pLastYear, "direction=out")},
	{"netflix on my visa", "spending", "merchant=Netflix; account=Visa Signature"},
	{"how much have I spent at Safeway with the amex", "spending", "merchant=Safeway; account=Amex Gold"},

	// Compare.
	{"dining this month vs last month", "spending", sp("category=Dining", pThisMonth, cLastMonth)},
	{"compare dining this month with last month", "spending", sp("category=Dining", pThisMonth, cLastMonth)},
	{"how does my grocery spending compare to last month", "spending", sp("category=Groceries", pThisMonth, cLastMonth)},
	{"spending last month compared to the month before", "spending", sp(pLastMonth, cSep)},
	{"spending in october vs september", "spending", sp(pLastMonth, cSep)},
	{"did i spend more on dining this month than last month", "spending", sp("category=Dining", pThisMonth, cLastMonth)},
	{"spending this year compared with last year", "spending", sp(pThisYear, cLastYear)},
	{"spending this month compared to the previous month", "spending", sp(pThisMonth, cLastMonth)},
	{"how does this month compare", "spending", sp(pThisMonth, cLastMonth)},
	{"groceries vs last month", "spending", sp("category=Groceries", pThisMonth, cLastMonth)},
	{"spending last month versus the same month last year", "spending", sp(pLastMonth, "compare_from=2025-10-01; compare_to=2025-10-31")},
	{"amazon in 2025 vs 2024", "spending", sp("merchant=Amazon", pY2025, "compare_from=2024-01-01; compare_to=2024-12-31")},

	// Income.
	{"income last month", "income", pLastMonth},
	{"what was my income this year", "income", pThisYear},
	{"incom this month", "income", pThisMonth},
	{"how much did i make last month", "income", pLastMonth},
	{"how much have i earned in 2025", "income", pY2025},
	{"earnings ytd", "income", pThisYear},
	{"did i get paid this week", "income", pThisWeek},
	{"when did i get paid", "search", "direction=in; last=true"},
	{"salary last year", "income", sp("category=Salary", pLastYear)},
	{"salary this year", "income", sp("category=Salary", pThisYear)},
	{"paychecks in march", "income", sp("category=Salary", pMarch)},
	{"interest earned this year", "income", sp("category=Interest", pThisYear)},
	{"how much interest did i earn in 2025", "income", sp("category=Interest", pY2025)},
	{"dividends in 2025", "income", sp("category=Dividends", pY2025)},
	{"deposits last month", "income", pLastMonth},
	{"money in this month", "income", pThisMonth},
	{"income from northwind traders", "income", "merchant=Northwind Traders"},
	{"income in euros this year", "income", sp(pThisYear, "currency=EUR")},
	{"refunds this year", "refunds", sp("refunds=true", pThisYear)},
	{"income by month this year", "income", sp(pThisYear, "by=month")},

	// Search.
	{"show transactions over $100 last week", "search", sp("min_minor=10000; currency=USD", pLastWeek)},
	{"transactions over 100", "search", "min_minor=10000"},
	{"transactions above $1,000", "search", "min_minor=100000; currency=USD"},
	{"over 1k", "search", "min_minor=100000"},
	{"purchases under 5 dollars this week", "search", sp("max_minor=500; currency=USD; direction=out", pThisWeek)},
	{"charges less than $10", "search", "max_minor=1000; currency=USD; direction=out"},
	{"transactions between $10 and $20", "search", "min_minor=1000; max_minor=2000; currency=USD"},
	{"transactions from $10 to $20", "search", "min_minor=1000; max_minor=2000; currency=USD"},
	{"transactions $10-$20 last month", "search", sp("min_minor=1000; max_minor=2000; currency=USD", pLastMonth)},
	{"charges of $17.99", "search", "min_minor=1799; max_minor=1799; currency=USD; direction=out"},
	{"17.99", "search", "min_minor=1799; max_minor=1799"},
	{"around $100", "search", "min_minor=9000; max_minor=11000; currency=USD"},
	{"$50+ at costco", "search", "min_minor=5000; currency=USD; merchant=Costco"},
	{"at least 50 eur", "search", "min_minor=5000; currency=EUR"},
	{"payments over 200 euros", "search", "min_minor=20000; currency=EUR"},
	{"find transactions at target over 50 dollars", "search", "min_minor=5000; currency=USD; merchant=Target"},
	{"what did i buy at amazon yesterday", "search", sp("merchant=Amazon", pYesterday)},
	{"when did i last go to philz", "search", "last=true; merchant=Philz Coffee"},
	{"show netflix charges", "search", "merchant=Netflix; direction=out"},
	{"list netflix transactions in 2025", "search", sp("merchant=Netflix", pY2025)},
	{"search xyzzy", "search", "text=xyzzy"},
	{"find \"BLUE BOTTLE\"", "search", "text=blue bottle"},
	{"search for refund", "search", "refunds=true"},
	{"list refunds", "search", "refunds=true"},
	{"show transfers last month", "search", sp("category=Transfers", pLastMonth)},
	{"payments to venmo", "search", "merchant=Venmo"},
	{"venmo payments this month", "search", sp("merchant=Venmo", pThisMonth)},
	{"pending charges", "search", "pending=true; direction=out"},
	{"pending", "search", "pending=true"},
	{"show me pending transactions on my visa", "search", "pending=true; account=Visa Signature"},
	{"what's pending on amex", "search", "pending=true; account=Amex Gold"},
	{"posted transactions today", "search", sp("pending=false", pToday)},
	{"show me my last 5 transactions", "search", "limit=5"},
	{"last 10 transactions on checking", "search", "limit=10; account=Everyday Checking"},
	{"recent transactions", "search", ""},
	{"latest transactions on visa", "search", "account=Visa Signature"},
	{"transactions yesterday", "search", pYesterday},
	{"list transactions in march", "search", pMarch},
	{"show purchases at uber eats this week", "search", sp("merchant=Uber Eats; direction=out", pThisWeek)},
	{"did i pay the rent this month", "search", sp("category=Rent", pThisMonth)},
	{"transactions in euros", "search", "currency=EUR"},
	{"deposits over $1000 this year", "income", sp("min_minor=100000; currency=USD", pThisYear)},
	{"show me all transactions at whole foods", "search", "merchant=Whole Foods"},
	{"search transactions for \"SQ *\"", "search", "text=sq *"},

	// Largest.
	{"largest purchase last month", "largest", sp("direction=out; limit=1", pLastMonth)},
	{"largest purchases last month", "largest", sp("direction=out", pLastMonth)},
	{"biggest expense in 2025", "largest", sp("direction=out; limit=1", pY2025)},
	{"biggest transactions this year", "largest", sp("direction=out", pThisYear)},
	{"top 5 purchases this month", "largest", sp("direction=out; limit=5", pThisMonth)},
	{"10 largest charges in q1", "largest", sp("direction=out; limit=10", pQ1)},
	{"most expensive purchase ever", "largest", sp("direction=out; limit=1", pAllTime)},
	{"largest deposits this year", "largest", sp("direction=in", pThisYear)},
	{"biggest deposits in 2025", "largest", sp("direction=in", pY2025)},
	{"largest transactions on visa", "largest", "direction=out; account=Visa Signature"},
	{"largest amazon purchases", "largest", "direction=out; merchant=Amazon"},
	{"biggest dining expenses last month", "largest", sp("direction=out; category=Dining", pLastMonth)},
	{"largst purchases past 30 days", "largest", sp("direction=out", pPast30)},
	{"highest charges this week", "largest", sp("direction=out", pThisWeek)},
	{"top 3 transactions yesterday", "largest", sp("direction=out; limit=3", pYesterday)},
	{"what was my biggest purchase", "largest", "direction=out; limit=1"},

	// Top merchants and categories.
	{"top merchants this year", "top", sp("by=merchant", pThisYear)},
	{"top merchants", "top", "by=merchant"},
	{"top 10 merchants in 2025", "top", sp("by=merchant; limit=10", pY2025)},
	{"top 3 categories last month", "top", sp("by=category; limit=3", pLastMonth)},
	{"top categories", "top", "by=category"},
	{"top categories in 2025", "top", sp("by=category", pY2025)},
	{"what did I spend the most on last month", "top", sp("by=category", pLastMonth)},
	{"what do i spend most on", "top", "by=category"},
	{"where do i spend the most", "top", "by=merchant"},
	{"where does my money go", "top", "by=merchant"},
	{"where did my money go last month", "top", sp("by=merchant", pLastMonth)},
	{"top stores this month", "top", sp("by=merchant", pThisMonth)},
	{"which merchants do i spend most at", "top", "by=merchant"},
	{"top spending categories this year", "top", sp("by=category", pThisYear)},
	{"top 5 places past 30 days", "top", sp("by=merchant; limit=5", pPast30)},
	{"top", "top", "by=merchant"},
	{"top merchants on my visa", "top", "by=merchant; account=Visa Signature"},
	{"top merchants for dining this year", "top", sp("by=merchant; category=Dining", pThisYear)},
	{"top catgories", "top", "by=category"},
	{"top merchnts this month", "top", sp("by=merchant", pThisMonth)},

	// Subscriptions and recurring.
	{"subscriptions", "subscriptions", ""},
	{"my subscriptions", "subscriptions", ""},
	{"what subscriptions do I have", "subscriptions", ""},
	{"list my subscriptions", "subscriptions", ""},
	{"subscriptons", "subscriptions", ""},
	{"recurring charges", "subscriptions", ""},
	{"recuring payments", "subscriptions", ""},
	{"what are my monthly charges", "subscriptions", ""},
	{"any price increases?", "subscriptions", ""},
	{"did any subscription go up in price", "subscriptions", ""},
	{"price changes", "subscriptions", ""},
	{"netflix price increase", "subscriptions", "merchant=Netflix"},
	{"has spotify raised the price", "subscriptions", "merchant=Spotify"},
	{"recurring charges on my amex", "subscriptions", "account=Amex Gold"},
	{"subscriptions this year", "subscriptions", pThisYear},
	{"monthly bills", "subscriptions", ""},
	{"what bills do i pay every month", "subscriptions", ""},

	// Cash flow.
	{"cash flow", "cashflow", ""},
	{"cashflow", "cashflow", ""},
	{"cash flow this year", "cashflow", pThisYear},
	{"cash flow last 6 months", "cashflow", pPast6M},
	{"income vs spending last 6 months", "cashflow", pPast6M},
	{"income vs expenses", "cashflow", ""},
	{"income and spending in 2025", "cashflow", pY2025},
	{"money in and out per month", "cashflow", "by=month"},
	{"in vs out this year", "cashflow", pThisYear},
	{"how much did i save last month", "cashflow", pLastMonth},
	{"did i save money this year", "cashflow", pThisYear},
	{"savings rate this year", "cashflow", pThisYear},
	{"net income last month", "cashflow", pLastMonth},
	{"cash flw", "cashflow", ""},
	{"spending vs income last quarter", "cashflow", pLastQ},

	// Categorize.
	{"categorize blue bottle as coffee", "categorize", "merchant=Blue Bottle Coffee; new_category=Coffee"},
	{"Categorize Blue Bottle as Coffee", "categorize", "merchant=Blue Bottle Coffee; new_category=Coffee"},
	{"categorise uber as taxi", "categorize", "merchant=Uber; new_category=Rideshare"},
	{"categorize netflix as subscription", "categorize", "merchant=Netflix; new_category=Subscriptions"},
	{"categorize netflix as entertainment", "categorize", "merchant=Netflix; new_category=Entertainment"},
	{"mark netflix as entertainment", "categorize", "merchant=Netflix; new_category=Entertainment"},
	{"netflix should be entertainment", "categorize", "merchant=Netflix; new_category=Entertainment"},
	{"put starbucks under coffee", "categorize", "merchant=Starbucks; new_category=Coffee"},
	{"change the category of amazon to shopping", "categorize", "merchant=Amazon; new_category=Shopping"},
	{"recategorize spotify to music", "categorize", "merchant=Spotify; new_category=Music"},
	{"classify all transactions from costco as groceries", "categorize", "merchant=Costco; new_category=Groceries"},
	{"categorize \"ACME WIDGETS\" as Hobbies", "categorize", "pattern=acme widgets; new_category=Hobbies"},
	{"categorize acme widgets as hobbies", "categorize", "pattern=acme widgets; new_category=Hobbies"},
	{"label ATM withdrawals as cash", "categorize", "merchant=ATM Withdrawal; new_category=Cash withdrawal"},
	{"tag whole foods as Groceries", "categorize", "merchant=Whole Foods; new_category=Groceries"},
	{"please categorize uber eats as dining", "categorize", "merchant=Uber Eats; new_category=Dining"},
	{"categorize trader joes as grocery", "categorize", "merchant=Trader Joe's; new_category=Groceries"},
	{"set category for venmo to Payments", "categorize", "merchant=Venmo; new_category=Payments"},
	{"categorize blue as coffee", "categorize", "ambiguous=Blue Apron|Blue Bottle Coffee; new_category=Coffee"},

	// Duplicates.
	{"any duplicate charges?", "duplicates", ""},
	{"duplicate charges", "duplicates", ""},
	{"was i charged twice", "duplicates", ""},
	{"double charges last month", "duplicates", pLastMonth},
	{"any duplicate charges ever?", "duplicates", pAllTime},
	{"duplicates on my visa", "duplicates", "account=Visa Signature"},

	// Alerts, sync, help.
	{"alerts", "alerts", ""},
	{"any new alerts", "alerts", ""},
	{"show unread notifications", "alerts", ""},
	{"anything new?", "alerts", ""},
	{"warnings", "alerts", ""},
	{"alrets", "alerts", ""},
	{"sync", "sync", ""},
	{"sync my bank", "sync", ""},
	{"refresh my accounts", "sync", ""},
	{"fetch new transactions", "sync", ""},
	{"update my accounts", "sync", ""},
	{"snyc", "sync", ""},
	{"connect my bank", "sync", ""},
	{"help", "help", ""},
	{"Help!", "help", ""},
	{"what can you do", "help", ""},
	{"what can I ask?", "help", ""},
	{"?", "help", ""},
	{"hi", "help", ""},
	{"hello penny", "help", ""},
	{"thanks!", "help", ""},
	{"examples", "help", ""},

	// When unsure.
	{"spending at blue", "spending", "ambiguous=Blue Apron|Blue Bottle Coffee"},
	{"spending at blue last month", "spending", sp("ambiguous=Blue Apron|Blue Bottle Coffee", pLastMonth)},
	{"how much at amazn", "spending", "merchant=Amazon"},
	{"spending on blorp last month", "spending", sp(pLastMonth, "by=category; unknown=blorp")},
	{"blorp", "unknown", "unknown=blorp"},
	{"what is the meaning of life", "unknown", "unknown=meaning life"},
	{"apple", "spending", "merchant=Apple"},
	{"uber", "spending", "merchant=Uber"},
	{"spending at chipotel and wendys", "spending", "merchant=Chipotle; unknown=wendys"},
	{"how much at philz coffee shop", "spending", "merchant=Philz Coffee"},
	{"amazon pizza", "spending", "merchant=Amazon; unknown=pizza"},

	// Alert settings: low balance thresholds, per account.
	{"alert me when checking is below 500", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=50000; on=true"},
	{"Alert me when Checking is below 500", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=50000; on=true"},
	{"tell me if my savings drops under $1,000", "alert_settings", "rule=low-balance; account=High-Yield Savings; threshold_minor=100000; currency=USD; on=true"},
	{"low balance alert for checking at 250", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=25000; on=true"},
	{"alert me if my checking account goes under $250", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=25000; currency=USD; on=true"},
	{"notify me when savings falls below 1000", "alert_settings", "rule=low-balance; account=High-Yield Savings; threshold_minor=100000; on=true"},
	{"warn me if checking drops below $1,000.50", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=100050; currency=USD; on=true"},
	{"let me know when my amex balance is under 200", "alert_settings", "rule=low-balance; account=Amex Gold; threshold_minor=20000; on=true"},
	{"ping me when brokerage dips below 2k", "alert_settings", "rule=low-balance; account=Brokerage Cash; threshold_minor=200000; on=true"},
	{"set low balance alert for savings to 750", "alert_settings", "rule=low-balance; account=High-Yield Savings; threshold_minor=75000; on=true"},
	{"low-balance threshold for euro account 300", "alert_settings", "rule=low-balance; account=Euro Account; threshold_minor=30000; on=true"},
	{"checking low balance alert at 300", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=30000; on=true"},
	{"set the low balance threshold for checking to 400", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=40000; on=true"},
	{"alert me when chcking is below 500", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=50000; on=true"},
	{"send me an alert when visa signature is below 50", "alert_settings", "rule=low-balance; account=Visa Signature; threshold_minor=5000; on=true"},
	{"alert me when the balance on checking is below 500", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=50000; on=true"},
	{"low balance alert for the euro account at 200 euros", "alert_settings", "rule=low-balance; account=Euro Account; threshold_minor=20000; currency=EUR; on=true"},
	{"set the default low balance threshold to 150", "alert_settings", "rule=low-balance; threshold_minor=15000; on=true"},
	{"reset low balance alert for checking", "alert_settings", "rule=low-balance; account=Everyday Checking"},
	{"turn off low balance alerts for visa", "alert_settings", "rule=low-balance; account=Visa Signature; on=false"},

	// Alert settings: rules on and off, by any name.
	{"stop new merchant alerts", "alert_settings", "rule=new-merchant; on=false"},
	{"turn off duplicate charge alerts", "alert_settings", "rule=duplicate-charge; on=false"},
	{"no more deposit alerts", "alert_settings", "rule=deposit; on=false"},
	{"enable price increase alerts", "alert_settings", "rule=price-increase; on=true"},
	{"turn on alerts for large charges", "alert_settings", "rule=large-transaction; on=true"},
	{"dont tell me about new stores", "alert_settings", "rule=new-merchant; on=false"},
	{"disable duplicate alerts", "alert_settings", "rule=duplicate-charge; on=false"},
	{"turn the refund alerts off", "alert_settings", "rule=refund; on=false"},
	{"switch off foreign transaction notifications", "alert_settings", "rule=foreign-transaction; on=false"},
	{"i dont need price hike alerts anymore", "alert_settings", "rule=price-increase; on=false"},
	{"mute the trial alerts", "alert_settings", "rule=trial-converted; on=false"},
	{"turn on paycheck alerts", "alert_settings", "rule=deposit; on=true"},
	{"enable alerts for unusual spending", "alert_settings", "rule=category-spike; on=true"},
	{"turn on overdraft warnings", "alert_settings", "rule=projected-negative; on=true"},
	{"stop the stale pending alerts", "alert_settings", "rule=pending-stale; on=false"},
	{"turn off sync error notifications", "alert_settings", "rule=source-error; on=false"},
	{"reenable the new merchant alerts", "alert_settings", "rule=new-merchant; on=true"},
	{"turn category spike alerts back on", "alert_settings", "rule=category-spike; on=true"},
	{"notify me about new merchants", "alert_settings", "rule=new-merchant; on=true"},
	{"no more free trial alerts please", "alert_settings", "rule=trial-converted; on=false"},
	{"turn off dupliate charge alerts", "alert_settings", "rule=duplicate-charge; on=false"},
	{"stop telling me about new merchants", "alert_settings", "rule=new-merchant; on=false"},
	{"dont alert me about refunds", "alert_settings", "rule=refund; on=false"},
	{"do not send refund alerts", "alert_settings", "rule=refund; on=false"},
	{"sync error alerts off", "alert_settings", "rule=source-error; on=false"},
	{"turn off projected negative balance alerts", "alert_settings", "rule=projected-negative; on=false"},
	{"turn off refund and deposit alerts", "alert_settings", "rules=refund|deposit; on=false"},
	{"turn off all alerts", "alert_settings", "rules=" + allRuleNames + "; on=false"},
	{"mute all notifications", "alert_settings", "rules=" + allRuleNames + "; on=false"},

	// Alert settings: the large charge threshold.
	{"alert me on charges over 2000", "alert_settings", "rule=large-transaction; threshold_minor=200000; on=true"},
	{"large charge threshold 750", "alert_settings", "rule=large-transaction; threshold_minor=75000; on=true"},
	{"alert me about purchases over $750", "alert_settings", "rule=large-transaction; threshold_minor=75000; currency=USD; on=true"},
	{"notify me of any transaction over 1000", "alert_settings", "rule=large-transaction; threshold_minor=100000; on=true"},
	{"large transaction alert at 1500", "alert_settings", "rule=large-transaction; threshold_minor=150000; on=true"},
	{"set the large charge threshold to $2,500", "alert_settings", "rule=large-transaction; threshold_minor=250000; currency=USD; on=true"},
	{"big purchase alerts above 400", "alert_settings", "rule=large-transaction; threshold_minor=40000; on=true"},
	{"large charge threshold off", "alert_settings", "rule=large-transaction"},

	// Alert settings: quiet hours and notification privacy.
	{"quiet hours 22:00-07:00", "alert_settings", "quiet_hours=22:00-07:00"},
	{"quiet hours from 10pm to 7am", "alert_settings", "quiet_hours=22:00-07:00"},
	{"no notifications between 23:00 and 6:30", "alert_settings", "quiet_hours=23:00-06:30"},
	{"turn off quiet hours", "alert_settings", "quiet_hours="},
	{"quiet hours 11pm-6am", "alert_settings", "quiet_hours=23:00-06:00"},
	{"set quiet hours to 22:30 - 06:45", "alert_settings", "quiet_hours=22:30-06:45"},
	{"do not disturb from 10 pm to 7 am", "alert_settings", "quiet_hours=22:00-07:00"},
	{"mute notifications from 9pm to 8am", "alert_settings", "quiet_hours=21:00-08:00"},
	{"don't notify me between 22:00 and 07:00", "alert_settings", "quiet_hours=22:00-07:00"},
	{"quite hours 23:00-06:00", "alert_settings", "quiet_hours=23:00-06:00"},
	{"quiet hours from midnight to 6", "alert_settings", "quiet_hours=00:00-06:00"},
	{"quiet hours 22-7", "alert_settings", "quiet_hours=22:00-07:00"},
	{"disable quiet hours", "alert_settings", "quiet_hours="},
	{"no quiet hours", "alert_settings", "quiet_hours="},
	{"show details in notifications", "alert_settings", "details=true"},
	{"show amounts in notifications", "alert_settings", "details=true"},
	{"private notifications", "alert_settings", "details=false"},
	{"hide amounts in notifications", "alert_settings", "details=false"},
	{"make notifications private again", "alert_settings", "details=false"},
	{"turn off private mode", "alert_settings", "details=true"},

	// Alert settings: what is set.
	{"what alerts are on?", "alert_settings", ""},
	{"alert settings", "alert_settings", ""},
	{"notification settings", "alert_settings", ""},
	{"show my alert settings", "alert_settings", ""},
	{"which alerts are turned off", "alert_settings", ""},
	{"what are my quiet hours", "alert_settings", ""},
	{"are my notifications private?", "alert_settings", ""},
	{"is the low balance alert on?", "alert_settings", "rule=low-balance"},
	{"what's my large charge threshold", "alert_settings", "rule=large-transaction"},
	{"how do i turn off alerts", "alert_settings", ""},
	{"low balance 300 for checking please", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=30000; on=true"},
	{"i want to be alerted when checking is below 100", "alert_settings", "rule=low-balance; account=Everyday Checking; threshold_minor=10000; on=true"},

	// Alert settings: unclear, so asked about; nothing is guessed.
	{"alert me when blorp is below 500", "alert_settings", "ask=account; rule=low-balance; threshold_minor=50000; on=true"},
	{"alert me when my balance is below 500", "alert_settings", "ask=account; rule=low-balance; threshold_minor=50000; on=true"},
	{"alert me when my credit card is below 100", "alert_settings", "ask=account; ambiguous=Visa Signature|Amex Gold; rule=low-balance; threshold_minor=10000; on=true"},
	{"alert me when checking is low", "alert_settings", "ask=amount; rule=low-balance; account=Everyday Checking"},
	{"alert me when checking is above 5000", "alert_settings", "ask=direction; rule=low-balance; account=Everyday Checking; threshold_minor=500000"},
	{"alert me on visa charges over 500", "alert_settings", "ask=per_account; rule=large-transaction; account=Visa Signature; threshold_minor=50000; on=true"},
	{"turn off new merchant alerts for visa", "alert_settings", "ask=per_account; rule=new-merchant; account=Visa Signature; on=false"},
	{"turn off alerts", "alert_settings", "ask=rule; on=false"},
	{"turn off pizza alerts", "alert_settings", "ask=rule; on=false"},
	{"deposit alerts over 500", "alert_settings", "ask=amount_rule; rule=deposit"},
	{"quiet hours from 10 to 7", "alert_settings", "ask=times"},
	{"quiet hours until 7am", "alert_settings", "ask=times"},
	{"alert me about netflix price increases", "alert_settings", "ask=per_account; rule=price-increase; on=true"},
	{"warn me before checking goes negative", "alert_settings", "ask=per_account; rule=projected-negative; account=Everyday Checking; on=true"},
	{"alert me when checking is below 500 and savings below 100", "alert_settings", "ask=one_at_a_time"},

	// Near the alert settings, but questions the other intents answer.
	{"alerts on my visa", "alerts", "account=Visa Signature"},
	{"show all alerts", "alerts", ""},
	{"low balance alerts", "alerts", "unknown=low"},
	{"new merchant alerts", "alerts", ""},
	{"large charge alerts this month", "alerts", pThisMonth},
	{"balance below 500", "balance", "net_worth=true; max_minor=50000"},
	{"checking balance below 500", "balance", "account=Everyday Checking; max_minor=50000"},
	{"large charges over 500", "largest", "direction=out; min_minor=50000"},
	{"pending charges over 100", "search", "pending=true; direction=out; min_minor=10000"},
	{"stop duplicate charges", "duplicates", "unknown=stop"},
}

// allRuleNames is every alert rule, as "turn off all alerts" lists them.
const allRuleNames = "low-balance|large-transaction|new-merchant|duplicate-charge|price-increase|trial-converted|refund|" +
	"deposit|category-spike|foreign-transaction|projected-negative|pending-stale|source-error"

// checkedSlots are the slots the corpus pins down; labels are free text.
var checkedSlots = []string{"account", "accounts", "account_type", "net_worth", "category", "categories", "merchant",
	"merchants", "text", "from", "to", "compare_from", "compare_to", "min_minor", "max_minor", "currency", "pending",
	"by", "limit", "direction", "new_category", "pattern", "period_all_time",
	"rule", "rules", "threshold_minor", "on", "quiet_hours", "details", "average", "count", "last", "refunds"}

func parsedSpec(p Parsed) map[string]string {
	m := map[string]string{}
	all := p.Slots.Map()
	for _, k := range checkedSlots {
		v, ok := all[k]
		if !ok {
			continue
		}
		switch v := v.(type) {
		case []string:
			m[k] = strings.Join(v, "|")
		default:
			m[k] = fmt.Sprint(v)
		}
	}
	if len(p.Ambiguous) > 0 {
		m["ambiguous"] = strings.Join(p.Ambiguous[0].Options, "|")
	}
	if len(p.Unknown) > 0 {
		m["unknown"] = strings.Join(p.Unknown, " ")
	}
	if a := p.Slots.Alert; a != nil && a.Action == setAsk {
		m["ask"] = a.Missing
	}
	return m
}

func parseSpec(t *testing.T, s string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			t.Fatalf("bad spec part %q", part)
		}
		m[k] = v
	}
	return m
}

func specString(m map[string]string) string {
	keys := slices.Sorted(maps.Keys(m))
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, "; ")
}

func TestCorpus(t *testing.T) {
	lex := corpusLexicon()
	seen := map[string]bool{}
	for _, c := range corpus {
		if seen[c.q] {
			t.Errorf("the corpus lists %q twice", c.q)
		}
		seen[c.q] = true
	}
	if len(seen) < 300 {
		t.Errorf("the corpus has %d phrasings; it should keep at least 300", len(seen))
	}
	for _, c := range corpus {
		t.Run(c.q, func(t *testing.T) {
			p := Parse(c.q, corpusNow, lex)
			want := parseSpec(t, c.slots)
			got := parsedSpec(p)
			if p.Intent != c.intent || !maps.Equal(got, want) {
				t.Errorf("Parse(%q)\n got: %s {%s}\nwant: %s {%s}", c.q, p.Intent, specString(got), c.intent, specString(want))
			}
		})
	}
}
