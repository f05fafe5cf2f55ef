package fakebank

import "fmt"

// Advance moves the scenario bank on, as if some hours had passed since the
// client last asked, and says what happened in words (for the demo and for
// tests). The steps tell a short story, each dated the bank's today:
//
//  1. the pending coffee posts under a new id with a tip added; a ride is
//     swiped on the Visa (pending); a grocery run on checking;
//  2. the ride posts under a new id for more than it was pending; a food
//     delivery is charged twice on the Visa;
//  3. money moves from checking to savings (a transfer between the user's
//     own accounts, seen from both sides); a purchase on the EUR account;
//
// and every later step is one ordinary purchase from a short list, a new
// id each time. A bank built other than by Scenario gets the purchases
// alone, on its first account.
func (b *Bank) Advance() []string {
	b.steps++
	chk, sav, visa, eur := b.account("ACT-CHK-1"), b.account("ACT-SAV-1"), b.account("ACT-VISA-1"), b.account("ACT-EUR-1")
	var did []string
	post := func(a *Account, id string, amount int64, desc string) {
		if a == nil {
			return
		}
		a.add(id, b.Today, amount, desc)
		a.sort()
		did = append(did, fmt.Sprintf("%s: %s %s", a.Name, desc, amountString(amount)))
	}
	switch {
	case b.steps == 1 && chk != nil && visa != nil:
		b.settle()
		did = append(did, chk.Name+": the pending coffee posted with a tip")
		visa.Txns = append(visa.Txns, Txn{ID: "VISA-LYFT-PEND", Transacted: b.Today, Amount: -18_40,
			Description: "LYFT *RIDE", Pending: true})
		visa.sort()
		did = append(did, visa.Name+": LYFT *RIDE -18.40 (pending)")
		post(chk, "CHK-ADV-TJ", -47_12, "TRADER JOE'S #552")
	case b.steps == 2 && visa != nil:
		for i, t := range visa.Txns {
			if t.ID == "VISA-LYFT-PEND" {
				visa.Txns = append(visa.Txns[:i], visa.Txns[i+1:]...)
				break
			}
		}
		post(visa, "VISA-LYFT-POST", -21_15, "LYFT *RIDE 0412 SAN FRANCISCO CA")
		post(visa, "VISA-DD-A", -34_80, "DOORDASH*THAI BASIL")
		post(visa, "VISA-DD-B", -34_80, "DOORDASH*THAI BASIL")
	case b.steps == 3 && chk != nil && sav != nil:
		post(chk, "CHK-ADV-XFER", -250_00, "ONLINE TRANSFER TO SAVINGS XXXX4821")
		post(sav, "SAV-ADV-XFER", 250_00, "ONLINE TRANSFER FROM CHECKING XXXX1977")
		post(eur, "EUR-ADV-BAECK", -4_60, "BAECKEREI KAMPS 118")
	default:
		shops := []struct {
			desc   string
			amount int64
		}{
			{"SHELL OIL 5744", -52_31}, {"SQ *BLUE BOTTLE COFFEE", -5_75}, {"WHOLE FOODS MARKET #10234", -68_09},
			{"CITY OF OAKLAND PARKING", -3_50}, {"AMAZON MKTPLACE PMTS", -23_99}, {"UBER TRIP HELP.UBER.COM", -14_62},
		}
		s := shops[b.steps%len(shops)]
		a := visa
		if a == nil && len(b.Accounts) > 0 {
			a = b.Accounts[0]
		}
		post(a, fmt.Sprintf("ADV-%d", b.steps), s.amount-int64(b.steps%7), s.desc)
	}
	return did
}
