package vault

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

// answers asks a store every kind of question it can answer and collects the
// replies, so two stores can be compared whole.
func answers(t *testing.T, st *store.Store) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	must := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = v
	}
	accounts, err := st.Accounts(ctx)
	must("accounts", accounts, err)
	totals, err := st.Totals(ctx)
	must("totals", totals, err)
	yes, no := true, false
	lo, hi := int64(-5000), int64(-1000)
	queries := map[string]store.TxQuery{
		"all":            {Oldest: true},
		"newest 50":      {Limit: 50},
		"page 3":         {Limit: 100, Offset: 200},
		"october":        {Since: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)},
		"groceries":      {Category: "Groceries"},
		"coffee":         {Payee: "coffee"},
		"pending":        {Pending: &yes},
		"posted":         {Pending: &no, Limit: 500},
		"10 to 50 spent": {MinMinor: &lo, MaxMinor: &hi},
	}
	for _, a := range accounts {
		queries["account "+a.Name] = store.TxQuery{AccountIDs: []int64{a.ID}}
		one, err := st.Account(ctx, a.ID)
		must("account "+a.Name, one, err)
		found, err := st.FindAccount(ctx, a.Name)
		must("find "+a.Name, found.ID, err)
		tombs, err := st.Tombstones(ctx, a.ID)
		must("tombstones "+a.Name, tombs, err)
	}
	for name, q := range queries {
		txs, err := st.Transactions(ctx, q)
		must("tx "+name, txs, err)
		n, err := st.CountTransactions(ctx, q)
		must("count "+name, n, err)
		sums, err := st.SumByCurrency(ctx, q)
		must("sum "+name, sums, err)
	}
	all := out["tx all"].([]store.Transaction)
	one, err := st.Transaction(ctx, all[len(all)/2].ID)
	must("one transaction", one, err)
	byExt, err := st.TransactionByExternalID(ctx, one.AccountID, one.ExternalID)
	must("by external id", byExt, err)
	alerts, err := st.Alerts(ctx, store.AlertQuery{})
	must("alerts", alerts, err)
	rules, err := st.Rules(ctx, "category")
	must("rules", rules, err)
	setting, err := st.Setting(ctx, "theme")
	must("setting", setting, err)
	msgs, err := st.Messages(ctx, "penny", 0, 10)
	must("messages", msgs, err)
	sources, err := st.Sources(ctx)
	must("sources", sources, err)
	netlog, err := st.NetLog(ctx, 10)
	must("netlog", netlog, err)
	return out
}

func TestTenThousandRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), FileName)
	v, err := Create(ctx, path, CreateOptions{Passphrase: []byte("pw"), KDF: testKDF, minKDF: testKDF})
	if err != nil {
		t.Fatal(err)
	}
	st := v.Store()
	data := demo.Generate(demo.Options{Seed: 3, Transactions: 10_000})
	if _, err := demo.Load(ctx, st, data); err != nil {
		t.Fatal(err)
	}
	// Something in every other table too.
	all, _ := st.Transactions(ctx, store.TxQuery{Limit: 3})
	if err := st.DeleteTransaction(ctx, all[0].ID, "deleted"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddAlert(ctx, store.Alert{Rule: "large", Title: "Large charge", DedupKey: "k1", Transactions: []int64{all[1].ID}}); err != nil {
		t.Fatal(err)
	}
	st.AddRule(ctx, store.Rule{Pattern: "blue bottle", Value: "Coffee"})
	st.SetSetting(ctx, "theme", "dark")
	st.AddMessage(ctx, store.Message{Conversation: "penny", Role: "user", Body: "balance"})
	st.CreateSource(ctx, "bank", "simplefin", "")
	st.LogRequest(ctx, store.NetEvent{Host: "bank.example", Path: "/accounts", Status: 200})

	before := answers(t, st)
	if n := len(before["tx all"].([]store.Transaction)); n != 10_000-1 {
		t.Fatalf("%d transactions before saving", n)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v, err = Open(ctx, path, OpenOptions{ReadOnly: true, Passphrase: passphrase("pw")})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	after := answers(t, v.Store())
	if len(after) != len(before) {
		t.Fatalf("%d answers after, %d before", len(after), len(before))
	}
	for k, want := range before {
		if !reflect.DeepEqual(after[k], want) {
			t.Errorf("%s differs after reopening", k)
		}
	}
}
