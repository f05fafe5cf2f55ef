package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"penny/category"
	"penny/demo"
	"penny/internal/jsonout"
	"penny/store"
)

// demoStore is an in-memory store holding a generated household of n
// transactions.
func demoStore(t testing.TB, n int) *store.Store {
	t.Helper()
	st, closeDB, err := store.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	if _, err := demo.Load(context.Background(), st, demo.Generate(demo.Options{Seed: 42, Transactions: n})); err != nil {
		t.Fatal(err)
	}
	return st
}

func export(t testing.TB, st *store.Store, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(context.Background(), &b, st, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func day(s string) time.Time {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCategoryPaths(t *testing.T) {
	tests := []struct {
		name   string
		cat    string
		amount int64
		want   string
	}{
		{"a leaf sits under its parent", category.Groceries, -500, "Expenses:Food & drink:Groceries"},
		{"a refund is a negative expense of the same account", category.Groceries, 500, "Expenses:Food & drink:Groceries"},
		{"a parent without leaves is its own account", category.Pets, -500, "Expenses:Pets"},
		{"a parent given without its leaf stays the parent", category.FoodDrink, -500, "Expenses:Food & drink"},
		{"income leaves are Income", category.Salary, 100000, "Income:Salary"},
		{"money to people out is spending", category.ToPeople, -2000, "Expenses:To people"},
		{"money from people in is income", category.ToPeople, 2000, "Income:From people"},
		{"no category out is uncategorized spending", "", -100, "Expenses:Uncategorized"},
		{"no category in is uncategorized income", "", 100, "Income:Uncategorized"},
		{"an unlinked card payment is a transfer", category.CardPayment, -100, "Equity:Transfers:Card payment"},
		{"the user's own category is spending", "Kids", -100, "Expenses:Kids"},
		{"a hostile category cannot add a segment or a comment", "Evil:Sub; x\n2024-01-01 open", -100, "Expenses:Evil Sub x 2024-01-01 open"},
	}
	n := newNamer(ledgerSyntax{}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.path(categoryPath(tt.cat, tt.amount)); got != tt.want {
				t.Errorf("categoryPath(%q, %d) = %q, want %q", tt.cat, tt.amount, got, tt.want)
			}
		})
	}
}

func TestOwnAccountsWithTheSameSpellingStayApart(t *testing.T) {
	accounts := []store.Account{
		{ID: 1, Name: "Joint: checking", Type: "checking"},
		{ID: 2, Name: "Joint; checking", Type: "checking"},
		{ID: 3, Name: "Visa", Type: "credit"},
	}
	for _, syn := range []syntax{ledgerSyntax{}, beancountSyntax{}} {
		n := newNamer(syn, accounts)
		if n.own[1] == n.own[2] {
			t.Errorf("%T: accounts 1 and 2 both spelled %q", syn, n.own[1])
		}
		if !strings.HasPrefix(n.own[3], "Liabilities:") {
			t.Errorf("%T: a credit card is %q, want it under Liabilities", syn, n.own[3])
		}
	}
}

func TestEscaping(t *testing.T) {
	hostile := "x\x1b]52;c;ZXZpbA==\x07 ; note | [2020-01-01] tag:: ((( \"q\" \\ \n2024-01-01 open Assets:Evil"
	if got := journalText(hostile); strings.ContainsAny(got, "\n\r\x1b\x07;|[]") || strings.Contains(got, "::") {
		t.Errorf("journalText left something active: %q", got)
	}
	got := beancountString(hostile)
	inner := got[1 : len(got)-1]
	if strings.ContainsAny(got, "\n\r\x1b") {
		t.Errorf("beancountString left a control character: %q", got)
	}
	// Every quote inside must be escaped: drop escaped pairs and look.
	if rest := strings.ReplaceAll(strings.ReplaceAll(inner, `\\`, ""), `\"`, ""); strings.ContainsAny(rest, `"\`) {
		t.Errorf("beancountString left a bare quote or backslash: %q", got)
	}
	for _, s := range []string{"=1+1", "+1", "-1", "@SUM(A1)"} {
		if got := csvText(s); got[0] != '\'' {
			t.Errorf("csvText(%q) = %q, want it made literal", s, got)
		}
	}
	for _, s := range []string{"Food & drink", "épargne", "401k", "a b  c", ";;", "Ünïcode Bank"} {
		seg := beancountSegment(s)
		for i, r := range seg {
			ok := r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0x80
			if !ok || i == 0 && (r == '-' || r >= 'a' && r <= 'z') {
				t.Errorf("beancountSegment(%q) = %q: not a valid account component", s, seg)
				break
			}
		}
	}
}

func TestCSVHasEveryRowAndAddsUpToTheBalances(t *testing.T) {
	st := demoStore(t, 2000)
	ctx := context.Background()
	out := export(t, st, Options{Format: CSV})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.CountTransactions(ctx, store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got := int64(len(recs) - 1); got != n {
		t.Fatalf("CSV has %d rows, the store %d", got, n)
	}
	if strings.Join(recs[0], ",") != strings.Join(csvHeader, ",") {
		t.Errorf("header = %v", recs[0])
	}
	sums := map[string]int64{}
	accounts, _ := st.Accounts(ctx)
	for _, r := range recs[1:] {
		if r[9] == "true" {
			continue
		}
		var minor int64
		for _, c := range strings.ReplaceAll(r[3], ".", "") {
			if c >= '0' && c <= '9' {
				minor = minor*10 + int64(c-'0')
			}
		}
		if strings.HasPrefix(r[3], "-") {
			minor = -minor
		}
		sums[r[2]] += minor
	}
	for _, a := range accounts {
		if got := a.Opening.Minor + sums[a.Name]; got != a.Balance.Minor {
			t.Errorf("%s: opening + CSV rows = %d, balance %d", a.Name, got, a.Balance.Minor)
		}
	}
}

func TestJSONFiltersByAccountAndDates(t *testing.T) {
	st := demoStore(t, 2000)
	ctx := context.Background()
	accounts, _ := st.Accounts(ctx)
	acct := accounts[0]
	since, until := day("2026-03-01"), day("2026-03-31")
	out := export(t, st, Options{Format: JSON, AccountIDs: []int64{acct.ID}, Since: since, Until: until})
	var doc struct {
		Accounts     []jsonout.ExportAccount `json:"accounts"`
		Transactions []jsonout.ExportTx      `json:"transactions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%.500s", err, out)
	}
	if len(doc.Accounts) != 1 || doc.Accounts[0].ID != acct.ID {
		t.Fatalf("accounts = %+v, want only %s", doc.Accounts, acct.Name)
	}
	want, err := st.CountTransactions(ctx, store.TxQuery{AccountIDs: []int64{acct.ID}, Since: since, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	if want == 0 || int64(len(doc.Transactions)) != want {
		t.Fatalf("%d transactions exported, the store has %d in March for %s", len(doc.Transactions), want, acct.Name)
	}
	for _, tx := range doc.Transactions {
		if tx.AccountID != acct.ID || tx.Posted < "2026-03-01" || tx.Posted > "2026-03-31" {
			t.Errorf("row outside the filter: %+v", tx)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "JSON": JSON, "ledger": Ledger, "hledger": Ledger, "beancount": Beancount} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("mt940"); err == nil {
		t.Error("ParseFormat accepted mt940")
	}
	if f, ok := FormatForFile("out.journal"); !ok || f != Ledger {
		t.Errorf("FormatForFile(out.journal) = %q, %v", f, ok)
	}
}
