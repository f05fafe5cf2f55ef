package demo

import (
	"bytes"
	"strings"
	"testing"

	csv "penny/formats/bankcsv"
)

// TestWriteRules reads each account's CSV with the rules WriteRules writes
// for it, through Penny's own hledger rules reader, and checks that every
// row lands in the hledger account its ground truth calls for.
func TestWriteRules(t *testing.T) {
	for _, tc := range cases {
		if tc.opt.Transactions > 2000 {
			continue // a regular expression per merchant per row: slow at 10,000 rows
		}
		t.Run(tc.name, func(t *testing.T) {
			d := cached(t, tc.opt)
			byID := map[string]*Transaction{}
			for i := range d.Transactions {
				byID[d.Transactions[i].ExternalID] = &d.Transactions[i]
			}
			for _, a := range d.Accounts {
				var file, rules bytes.Buffer
				if err := d.WriteCSV(&file, a.Key); err != nil {
					t.Fatal(err)
				}
				if err := d.WriteRules(&rules, a.Key); err != nil {
					t.Fatal(err)
				}
				rs, err := csv.ParseRules(bytes.NewReader(rules.Bytes()), a.Key+".rules", nil)
				if err != nil {
					t.Fatalf("%s: %v\n%s", a.Key, err, rules.String())
				}
				if len(rs.Ignored) > 0 {
					t.Errorf("%s: rules ignored: %v", a.Key, rs.Ignored)
				}
				sts, _, err := csv.Parse(bytes.NewReader(file.Bytes()), a.Key+".csv", csv.Options{Rules: rs})
				if err != nil {
					t.Fatalf("%s: %v", a.Key, err)
				}
				var want []*Transaction
				for i := range d.Transactions {
					if x := &d.Transactions[i]; x.AccountKey == a.Key && !x.Pending {
						want = append(want, x)
					}
				}
				var got int
				for _, st := range sts {
					if st.Account.Currency != a.Currency {
						t.Errorf("%s: statement in %s", a.Key, st.Account.Currency)
					}
					for _, x := range st.Transactions {
						if got >= len(want) {
							t.Fatalf("%s: more rows read than written", a.Key)
						}
						w := want[got]
						got++
						if acct := ledgerAccount(w, byID); x.Category != acct || x.Amount != w.Amount || x.Payee != strings.Join(strings.Fields(w.Payee), " ") {
							t.Errorf("%s %q %s %d: read as %q %d, want %q", w.ExternalID, w.Payee, w.Category, w.Amount, x.Category, x.Amount, acct)
						}
					}
				}
				if got != len(want) {
					t.Errorf("%s: read %d rows of %d", a.Key, got, len(want))
				}
				for _, s := range []string{"skip 1", "fields date, description, amount", "date-format %Y-%m-%d", "currency " + a.Currency, "account1 " + ledgerOwn(a.Key)} {
					if !strings.Contains(rules.String(), "\n"+s+"\n") {
						t.Errorf("%s: rules lack %q", a.Key, s)
					}
				}
			}
		})
	}
}

// TestLedgerAccounts pins the names of the accounts the rules use.
func TestLedgerAccounts(t *testing.T) {
	d := cached(t, Options{Seed: 42, Transactions: 10_000})
	byID := map[string]*Transaction{}
	for i := range d.Transactions {
		byID[d.Transactions[i].ExternalID] = &d.Transactions[i]
	}
	want := map[string]string{
		"Safeway":                    "Expenses:Food:Groceries",
		"salary":                     "Income:Salary",
		"ONLINE TRANSFER TO SAVINGS": "Assets:Savings",
		"ONLINE PAYMENT TO VISA":     "Liabilities:CreditCard:Visa",
		"HARBOR INVESTMENTS":         "Assets:Brokerage",
		"WISE TOPUP EUR":             "Assets:Wise:EUR",
		"Top-up from USD":            "Assets:Checking",
		"Home Depot":                 "Expenses:Shopping:HomeGarden",
		"Pets":                       "Expenses:Pets",
	}
	got := map[string]string{}
	for i := range d.Transactions {
		x := &d.Transactions[i]
		k := ""
		switch {
		case x.Merchant == "Safeway", x.Merchant == "The Home Depot":
			k = strings.TrimPrefix(x.Merchant, "The ")
		case x.Category == "Salary":
			k = "salary"
		case x.Category == "Pets":
			k = "Pets"
		default:
			for p := range want {
				if strings.HasPrefix(x.Payee, p) {
					k = p
				}
			}
		}
		if k != "" {
			got[k] = ledgerAccount(x, byID)
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
}
