package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	s, err := Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMigrationsReachTheNewestVersionOnce(t *testing.T) {
	s := openTest(t)
	v, err := s.SchemaVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	names, _ := migrationFiles.ReadDir("migrations")
	if v != len(names) {
		t.Fatalf("schema version %d, want %d", v, len(names))
	}
	// Opening again must not re-run anything (it would fail on CREATE TABLE).
	if _, err := Open(t.Context(), s.DB()); err != nil {
		t.Fatalf("second open: %v", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s := openTest(t)
	if _, err := s.DB().Exec("PRAGMA user_version=99"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(t.Context(), s.DB()); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
}

func TestBalancesAreKeptByTriggers(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a, err := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "usd", Opening: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if a.Currency != "USD" || a.Balance.Minor != 10000 {
		t.Fatalf("new account = %+v", a)
	}
	ids, err := s.InsertTransactions(ctx, []NewTransaction{
		{AccountID: a.ID, Posted: day("2026-03-01"), Amount: -615, Currency: "USD", Payee: "Blue Bottle"},
		{AccountID: a.ID, Posted: day("2026-03-02"), Amount: 250000, Currency: "USD", Payee: "ACME PAYROLL"},
		{AccountID: a.ID, Posted: day("2026-03-03"), Amount: -1999, Currency: "USD", Payee: "Netflix", Pending: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, balance, pending, count int64) {
		t.Helper()
		got, err := s.Account(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Balance.Minor != balance || got.Pending.Minor != pending || got.TxCount != count {
			t.Fatalf("%s: balance %d pending %d count %d, want %d %d %d", what,
				got.Balance.Minor, got.Pending.Minor, got.TxCount, balance, pending, count)
		}
		// The kept balance must equal a full recomputation.
		var sum int64
		if err := s.DB().QueryRow(`SELECT COALESCE(SUM(amount_minor),0) FROM transactions WHERE account_id=? AND pending=0`, a.ID).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		if got.Opening.Minor+sum != got.Balance.Minor {
			t.Fatalf("%s: kept balance %d, recomputed %d", what, got.Balance.Minor, got.Opening.Minor+sum)
		}
	}
	check("after insert", 10000-615+250000, -1999, 3)
	if _, err := s.DB().Exec(`UPDATE transactions SET pending=0, amount_minor=-2199 WHERE id=?`, ids[2]); err != nil {
		t.Fatal(err)
	}
	check("after posting with a tip", 10000-615+250000-2199, 0, 3)
	if err := s.DeleteTransaction(ctx, ids[0], "deleted"); err != nil {
		t.Fatal(err)
	}
	check("after delete", 10000+250000-2199, 0, 2)
	if err := s.SetOpening(ctx, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	check("after opening change", 250000-2199, 0, 2)
}

func TestIdenticalRowsStayTwoWithOrdinals(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a, _ := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"})
	coffee := NewTransaction{AccountID: a.ID, Posted: day("2026-03-01"), Amount: -450, Currency: "USD", Payee: "Blue Bottle"}
	rows := []NewTransaction{coffee, coffee}
	AssignOrdinals(rows)
	if _, err := s.InsertTransactions(ctx, rows); err != nil {
		t.Fatal(err)
	}
	// The same row again with a taken ordinal is a conflict, not a third coffee.
	if _, err := s.InsertTransactions(ctx, rows[:1]); !errors.Is(err, ErrConflict) {
		t.Fatalf("re-insert of ordinal 0: err = %v, want ErrConflict", err)
	}
	txs, err := s.Transactions(ctx, TxQuery{Oldest: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(txs) != 2 || string(txs[0].ContentKey) != string(txs[1].ContentKey) || txs[0].Ordinal != 0 || txs[1].Ordinal != 1 {
		t.Fatalf("two identical coffees = %+v", txs)
	}
}

func TestDeletedTransactionLeavesTombstone(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a, _ := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"})
	ids, err := s.InsertTransactions(ctx, []NewTransaction{
		{AccountID: a.ID, ExternalID: "FIT1", Posted: day("2026-03-01"), Amount: -100, Currency: "USD", Payee: "X"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := s.Transaction(ctx, ids[0])
	if err := s.DeleteTransaction(ctx, ids[0], "merged"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transaction(ctx, ids[0]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted transaction still there: %v", err)
	}
	for _, c := range []struct {
		ext  string
		key  []byte
		ord  int
		want bool
	}{
		{"FIT1", nil, 0, true},
		{"FIT2", nil, 0, false},
		{"", tx.ContentKey, 0, true},
		{"", tx.ContentKey, 1, false},
	} {
		got, err := s.Tombstoned(ctx, a.ID, c.ext, c.key, c.ord)
		if err != nil || got != c.want {
			t.Errorf("Tombstoned(%q, %q, %d) = %v, %v; want %v", c.ext, c.key, c.ord, got, err, c.want)
		}
	}
	ts, err := s.Tombstones(ctx, a.ID)
	if err != nil || len(ts) != 1 || ts[0].Reason != "merged" {
		t.Fatalf("tombstones = %+v, %v", ts, err)
	}
}

func TestTransactionFilters(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	chk, _ := s.CreateAccount(ctx, AccountParams{Name: "Everyday Checking", Currency: "USD"})
	visa, _ := s.CreateAccount(ctx, AccountParams{Name: "Visa Signature", Type: "credit", Currency: "USD"})
	rows := []NewTransaction{
		{AccountID: chk.ID, Posted: day("2026-01-05"), Amount: -450, Currency: "USD", Payee: "SQ *BLUE BOTTLE COFFEE", Category: "Dining"},
		{AccountID: chk.ID, Posted: day("2026-02-10"), Amount: -12000, Currency: "USD", Payee: "WHOLE FOODS #123", Category: "Groceries"},
		{AccountID: visa.ID, Posted: day("2026-02-11"), Amount: -1549, Currency: "USD", Payee: "NETFLIX.COM", Category: "Subscriptions"},
		{AccountID: visa.ID, Posted: day("2026-03-01"), Amount: -520, Currency: "USD", Payee: "Blue Bottle Coffee", Category: "Dining", Pending: true},
	}
	if _, err := s.InsertTransactions(ctx, rows); err != nil {
		t.Fatal(err)
	}
	yes := true
	lo, hi := int64(-2000), int64(-500)
	tests := []struct {
		name string
		q    TxQuery
		want []string
	}{
		{"everything newest first", TxQuery{}, []string{"Blue Bottle Coffee", "NETFLIX.COM", "WHOLE FOODS #123", "SQ *BLUE BOTTLE COFFEE"}},
		{"one account", TxQuery{AccountIDs: []int64{visa.ID}}, []string{"Blue Bottle Coffee", "NETFLIX.COM"}},
		{"a date range is inclusive", TxQuery{Since: day("2026-02-10"), Until: day("2026-02-11")}, []string{"NETFLIX.COM", "WHOLE FOODS #123"}},
		{"category ignores case", TxQuery{Category: "dining"}, []string{"Blue Bottle Coffee", "SQ *BLUE BOTTLE COFFEE"}},
		{"payee substring over punctuation", TxQuery{Payee: "blue-bottle"}, []string{"Blue Bottle Coffee", "SQ *BLUE BOTTLE COFFEE"}},
		{"pending only", TxQuery{Pending: &yes}, []string{"Blue Bottle Coffee"}},
		{"amount range", TxQuery{MinMinor: &lo, MaxMinor: &hi}, []string{"Blue Bottle Coffee", "NETFLIX.COM"}},
		{"limit and offset", TxQuery{Limit: 1, Offset: 1}, []string{"NETFLIX.COM"}},
		{"oldest first", TxQuery{Oldest: true, Limit: 2}, []string{"SQ *BLUE BOTTLE COFFEE", "WHOLE FOODS #123"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txs, err := s.Transactions(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range txs {
				got = append(got, x.Payee)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %q, want %q", got, tt.want)
				}
			}
			n, err := s.CountTransactions(ctx, TxQuery{AccountIDs: tt.q.AccountIDs, Since: tt.q.Since, Until: tt.q.Until,
				Category: tt.q.Category, Payee: tt.q.Payee, Pending: tt.q.Pending, MinMinor: tt.q.MinMinor, MaxMinor: tt.q.MaxMinor})
			if err != nil {
				t.Fatal(err)
			}
			if tt.q.Limit == 0 && n != int64(len(tt.want)) {
				t.Fatalf("count %d, list %d", n, len(tt.want))
			}
		})
	}
}

func TestFindAccount(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	for _, n := range []string{"Everyday Checking", "Savings", "Visa Signature", "Visa Business"} {
		if _, err := s.CreateAccount(ctx, AccountParams{Name: n, Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateAccount(ctx, AccountParams{Name: "savings", Currency: "USD"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate name (other case): err = %v, want ErrConflict", err)
	}
	tests := []struct {
		in, want string
		err      error
	}{
		{"savings", "Savings", nil},
		{"every", "Everyday Checking", nil},
		{"checking", "Everyday Checking", nil},
		{"visa", "", ErrAmbiguous},
		{"visa sig", "Visa Signature", nil},
		{"brokerage", "", ErrNotFound},
		{"  ", "", ErrNotFound},
	}
	for _, tt := range tests {
		a, err := s.FindAccount(ctx, tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("FindAccount(%q) err = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || a.Name != tt.want {
			t.Errorf("FindAccount(%q) = %q, %v; want %q", tt.in, a.Name, err, tt.want)
		}
	}
}

func TestTotalsNeverMixCurrencies(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD", Opening: 100})
	s.CreateAccount(ctx, AccountParams{Name: "Savings", Currency: "USD", Opening: 200})
	s.CreateAccount(ctx, AccountParams{Name: "Euro", Currency: "EUR", Opening: 300})
	s.CreateAccount(ctx, AccountParams{Name: "Yen", Currency: "JPY", Opening: 5})
	totals, err := s.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, x := range totals {
		got[x.Currency] = x.Balance.Minor
	}
	if len(got) != 3 || got["USD"] != 300 || got["EUR"] != 300 || got["JPY"] != 5 {
		t.Fatalf("totals = %+v", totals)
	}
	if _, err := s.CreateAccount(ctx, AccountParams{Name: "Bogus", Currency: "ZZZ"}); err == nil {
		t.Fatal("an account in an unknown currency was created")
	}
}

func TestWithTxRollsBackAndRunsTheHookOnce(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	hooks := 0
	s.SetOnCommit(func(context.Context) error { hooks++; return nil })
	boom := errors.New("boom")
	err := s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if accts, _ := s.Accounts(ctx); len(accts) != 0 || hooks != 0 {
		t.Fatalf("rolled back tx left %d accounts, %d hook runs", len(accts), hooks)
	}
	err = s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"}); err != nil {
			return err
		}
		return tx.SetSetting(ctx, "k", "v")
	})
	if err != nil || hooks != 1 {
		t.Fatalf("err %v, hook ran %d times for one outer transaction", err, hooks)
	}
	// A transaction that changed no row is not a write: no save.
	err = s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.Accounts(ctx); err != nil {
			return err
		}
		_, _, err := tx.AddAlert(ctx, Alert{Rule: "r", Title: "t", DedupKey: "same"})
		return err
	})
	if err != nil || hooks != 2 {
		t.Fatalf("err %v, %d hook runs after a transaction that added an alert", err, hooks)
	}
	if _, added, err := s.AddAlert(ctx, Alert{Rule: "r", Title: "t", DedupKey: "same"}); err != nil || added || hooks != 2 {
		t.Fatalf("an alert deduplicated away (added %v, %v) ran the hook: %d runs", added, err, hooks)
	}
}

func TestAlertsDedupAndRead(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	a := Alert{Rule: "large", Title: "Large charge on Visa", DedupKey: "large:42", Transactions: []int64{42}}
	_, added, err := s.AddAlert(ctx, a)
	if err != nil || !added {
		t.Fatalf("first add: %v %v", added, err)
	}
	_, added, err = s.AddAlert(ctx, a)
	if err != nil || added {
		t.Fatalf("same event added twice: %v %v", added, err)
	}
	unread, _ := s.Alerts(ctx, AlertQuery{UnreadOnly: true})
	if len(unread) != 1 || unread[0].Transactions[0] != 42 {
		t.Fatalf("unread = %+v", unread)
	}
	if err := s.MarkAlertsRead(ctx, unread[0].ID); err != nil {
		t.Fatal(err)
	}
	if unread, _ = s.Alerts(ctx, AlertQuery{UnreadOnly: true}); len(unread) != 0 {
		t.Fatalf("still unread: %+v", unread)
	}
}

func TestSmallEntities(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	if v, err := s.SettingOr(ctx, "theme", "dark"); err != nil || v != "dark" {
		t.Fatalf("SettingOr default = %q %v", v, err)
	}
	s.SetSetting(ctx, "theme", "light")
	s.SetSetting(ctx, "theme", "high-contrast")
	if v, _ := s.Setting(ctx, "theme"); v != "high-contrast" {
		t.Fatalf("setting = %q", v)
	}
	src, err := s.CreateSource(ctx, "simplefin", "simplefin", `{"accounts":["a"]}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSource(ctx, "simplefin", "simplefin", ""); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate source: %v", err)
	}
	if err := s.RecordSync(ctx, src.ID, day("2026-03-01"), "401 Unauthorized"); err != nil {
		t.Fatal(err)
	}
	srcs, _ := s.Sources(ctx)
	if len(srcs) != 1 || srcs[0].LastError != "401 Unauthorized" || !srcs[0].LastSync.Equal(day("2026-03-01")) {
		t.Fatalf("sources = %+v", srcs)
	}
	rawID, err := s.AddRawPayload(ctx, RawPayload{Kind: "ofx", Name: "a.ofx", Data: []byte("<OFX>")})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := s.RawPayload(ctx, rawID); string(p.Data) != "<OFX>" {
		t.Fatalf("raw payload = %q", p.Data)
	}
	for i, body := range []string{"balance", "Checking: 1,000.00 USD", "thanks"} {
		if _, err := s.AddMessage(ctx, Message{Conversation: "penny", Role: []string{"user", "penny", "user"}[i], Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	msgs, _ := s.Messages(ctx, "penny", 0, 2)
	if len(msgs) != 2 || msgs[0].Body != "Checking: 1,000.00 USD" || msgs[1].Body != "thanks" {
		t.Fatalf("newest two messages, oldest first = %+v", msgs)
	}
	older, _ := s.Messages(ctx, "penny", msgs[0].ID, 10)
	if len(older) != 1 || older[0].Body != "balance" {
		t.Fatalf("older messages = %+v", older)
	}
	if err := s.LogRequest(ctx, NetEvent{Host: "bridge.example", Path: "/accounts", Status: 200}); err != nil {
		t.Fatal(err)
	}
	if log, _ := s.NetLog(ctx, 10); len(log) != 1 || log[0].Host != "bridge.example" || log[0].Method != "GET" {
		t.Fatalf("netlog = %+v", log)
	}
	rid, _ := s.AddRule(ctx, Rule{Pattern: "blue bottle", Value: "Coffee"})
	if rules, _ := s.Rules(ctx, "category"); len(rules) != 1 || rules[0].Value != "Coffee" {
		t.Fatalf("rules = %+v", rules)
	}
	if err := s.DeleteRule(ctx, rid); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRule(ctx, rid); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}
