package demo

import (
	"bytes"
	"testing"

	csv "penny/formats/bankcsv"
	"penny/formats/ofx"
	"penny/statement"
)

// TestExportsEveryAccount reads back the OFX and CSV of every account,
// brokerage cash and the euro account included, through Penny's parsers:
// the posted rows, their amounts and the bank's balance all come back.
func TestExportsEveryAccount(t *testing.T) {
	d := cached(t, Options{Seed: 3, Transactions: 2000, End: endOf(cases[2].opt)})
	for _, a := range d.Accounts {
		var want []*Transaction
		for i := range d.Transactions {
			if x := &d.Transactions[i]; x.AccountKey == a.Key && !x.Pending {
				want = append(want, x)
			}
		}
		var o, c bytes.Buffer
		if err := d.WriteOFX(&o, a.Key); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteCSV(&c, a.Key); err != nil {
			t.Fatal(err)
		}
		ofxSt, err := ofx.Parse(&o, a.Key+".ofx")
		if err != nil {
			t.Fatalf("%s: %v", a.Key, err)
		}
		csvSt, _, err := csv.Parse(&c, a.Key+".csv", csv.Options{Currency: a.Currency})
		if err != nil {
			t.Fatalf("%s: %v", a.Key, err)
		}
		for _, sts := range [][]statement.Statement{ofxSt, csvSt} {
			n := 0
			for _, st := range sts {
				for _, x := range st.Transactions {
					if n < len(want) && (x.Amount != want[n].Amount || !x.Posted.Equal(want[n].Posted)) {
						t.Errorf("%s row %d: %d on %s, want %d on %s", a.Key, n, x.Amount, x.Posted, want[n].Amount, want[n].Posted)
					}
					n++
				}
			}
			if n != len(want) {
				t.Errorf("%s: %d rows read back, want %d", a.Key, n, len(want))
			}
		}
		if len(ofxSt) != 1 || ofxSt[0].Balance == nil || ofxSt[0].Balance.Amount != a.BankBalance || ofxSt[0].Account.Currency != a.Currency {
			t.Errorf("%s: OFX statement %+v, want balance %d %s", a.Key, ofxSt, a.BankBalance, a.Currency)
		}
	}
}
