package store

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The rows InsertTransactions writes through SQLite's handle are the rows
// database/sql writes, column by column and type by type: empty and
// non-ASCII text, bytes that are not UTF-8, NULL and set times and raw ids,
// pending flags, lowercase currencies, a last batch shorter than the rest.
func TestDirectInsertWritesWhatDatabaseSQLWrites(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var stores [2]*Store
	var raws [2]int64
	for i := range stores {
		stores[i] = openTest(t)
		stores[i].now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
		newHistory(t, stores[i], 11) // the same accounts in both
		id, err := stores[i].AddRawPayload(ctx, RawPayload{Source: "file", Kind: "csv", Name: "a.csv", Data: []byte("x")})
		if err != nil {
			t.Fatal(err)
		}
		raws[i] = id
	}
	rows := newHistory(t, openTest(t), 11).rows(3*insertBatch+37, 0.2)
	for i := range rows {
		r := &rows[i]
		switch i % 7 {
		case 0:
			r.Transacted = r.Posted.Add(13 * time.Hour)
		case 1:
			r.RawID = raws[0]
		case 2:
			r.Currency = "usd"
		case 3:
			r.Payee, r.Memo = "", ""
		case 4:
			r.ReplacesExternalID = "PEND-" + fmt.Sprint(i)
		}
	}
	// Two batches first in which most columns hold one value (one
	// account, no external ids, one payload): bound once for the batch.
	same := newHistory(t, openTest(t), 12).rows(2*insertBatch, 0)
	for i := range same {
		r := &same[i]
		r.AccountID, r.Currency, r.ExternalID, r.RawID, r.Pending = rows[0].AccountID, "USD", "", raws[0], false
		r.Category, r.Memo = "Groceries", ""
	}
	AssignOrdinals(same)
	rows = append(same, rows...)
	// The first store takes the direct path, which must insert every row
	// itself (a batch it failed would be retried through database/sql and
	// hide the failure); the second takes database/sql's.
	const created = 1796115600
	var direct, viaSQL []int64
	if err := stores[0].WithTx(ctx, func(tx *Store) error {
		done, known, err := tx.insertDirect(ctx, rows, created, &direct)
		if !known {
			return errors.New("insertDirect does not recognize the SQLite driver's connection: bulk inserts go through database/sql again")
		}
		if err != nil || done != len(rows) {
			return fmt.Errorf("the direct path inserted %d rows of %d: %v", done, len(rows), err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := stores[1].WithTx(ctx, func(tx *Store) error {
		return tx.insertThroughSQL(ctx, rows, 0, created, &viaSQL)
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(direct, viaSQL) {
		t.Fatalf("ids differ: %v against %v", direct, viaSQL)
	}
	dump := func(s *Store) []string {
		rs, err := s.DB().QueryContext(ctx, `SELECT * FROM transactions ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		cols, _ := rs.ColumnTypes()
		var out []string
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%#v", vals))
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := dump(stores[0]), dump(stores[1])
	if len(a) != len(rows) || len(b) != len(rows) {
		t.Fatalf("%d and %d rows stored, %d inserted", len(a), len(b), len(rows))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs:\ndirect       %s\ndatabase/sql %s", i+1, a[i], b[i])
		}
	}
}

// A batch that fails on the direct path is tried again through
// database/sql, which names the row at fault; and the call is all or
// nothing: the batches before it are rolled back with it, and a caller
// that goes on in the same transaction finds the rows, the kept balances
// and the month totals as they were.
func TestDirectInsertFailureNamesTheRow(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := openTest(t)
	h := newHistory(t, s, 5)
	if _, err := s.InsertTransactions(ctx, h.rows(300, 0.1)); err != nil {
		t.Fatal(err)
	}
	rows := h.rows(2*insertBatch+10, 0.1)
	bad := insertBatch + 7
	rows[bad].ExternalID = ""
	rows[bad].AccountID = 999_999 // no such account
	var before, after int
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions`).Scan(&before); err != nil {
			return err
		}
		_, err := tx.InsertTransactions(ctx, rows)
		if err == nil {
			return errors.New("inserted a row of an account that does not exist")
		}
		if want := fmt.Sprintf("row %d ", bad+1); !strings.Contains(err.Error(), want) {
			return fmt.Errorf("the error does not name %q: %w", want, err)
		}
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions`).Scan(&after); err != nil {
			return err
		}
		// The caller goes on: one more row, and the commit.
		_, err = tx.InsertTransactions(ctx, h.rows(1, 0))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("%d rows before the failed call, %d after it", before, after)
	}
	if err := checkNow(ctx, s); err != nil {
		t.Fatal(err)
	}
}

// The index of pending rows comes with the first write, not with a
// migration a read-only open would repeat, and the read of an account's
// pending rows goes through it.
func TestPendingRowsAreIndexedByTheFirstWrite(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := openTest(t)
	h := newHistory(t, s, 3)
	if _, err := s.InsertTransactions(ctx, h.rows(50, 0.3)); err != nil {
		t.Fatal(err)
	}
	q := TxQuery{AccountIDs: []int64{h.accounts[0].ID}, Pending: new(bool), Oldest: true}
	*q.Pending = true
	where, args := q.where()
	rows, err := s.DB().QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT `+txColumns+` FROM transactions t JOIN accounts a ON a.id = t.account_id`+where, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if !strings.Contains(strings.Join(plan, "; "), "transactions_pending") {
		t.Fatalf("the pending rows are read without their index: %q", plan)
	}
}

// Rows read through SQLite's handle are the rows database/sql reads, field
// by field, for the queries the store makes: every row, an account's, a
// date range over all accounts, pending ones, by category and payee
// words, a page; on a history with transfer links, NULL and set times
// and payloads, text that is not UTF-8 and empty strings.
// readHistory stores n random rows of a history, some with a time of day
// and some with a raw payload, for the read tests.
func readHistory(t *testing.T, seed uint64, n int, pending float64) (*Store, *history) {
	t.Helper()
	s := openTest(t)
	h := newHistory(t, s, seed)
	raw, err := s.AddRawPayload(t.Context(), RawPayload{Source: "file", Kind: "csv", Name: "a.csv", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	rows := h.rows(n, pending)
	for i := range rows {
		switch i % 5 {
		case 0:
			rows[i].Transacted = rows[i].Posted.Add(9 * time.Hour)
		case 1:
			rows[i].RawID = raw
		}
	}
	if _, err := s.InsertTransactions(t.Context(), rows); err != nil {
		t.Fatal(err)
	}
	return s, h
}

func TestDirectReadsWhatDatabaseSQLReads(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, h := readHistory(t, 9, 700, 0.15)
	out := h.ids(t, s, 5, "amount_minor < 0 AND transfer_id IS NULL")
	in := h.ids(t, s, 5, "amount_minor > 0 AND transfer_id IS NULL")
	for i := range min(len(out), len(in)) {
		if err := s.LinkTransfer(ctx, out[i], in[i]); err != nil {
			t.Fatal(err)
		}
	}
	yes := true
	for _, q := range []TxQuery{
		{}, {Oldest: true}, {AccountIDs: []int64{h.accounts[1].ID}},
		{Since: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC), Oldest: true},
		{Pending: &yes}, {Category: "groceries"}, {Payee: "blue bottle"}, {Limit: 25, Offset: 40},
	} {
		where, args := q.where()
		query := `SELECT ` + txColumns + ` FROM transactions t JOIN accounts a ON a.id = t.account_id` + where + " ORDER BY t.posted, t.id"
		direct, ok, err := s.transactionsDirect(ctx, query, args)
		if err != nil || !ok {
			t.Fatalf("%+v: the direct read: ok %v, %v", q, ok, err)
		}
		viaSQL, err := s.transactionsSQL(ctx, query, args)
		if err != nil {
			t.Fatal(err)
		}
		if len(direct) != len(viaSQL) {
			t.Fatalf("%+v: %d rows read directly, %d through database/sql", q, len(direct), len(viaSQL))
		}
		for i := range direct {
			if !reflect.DeepEqual(direct[i], viaSQL[i]) {
				t.Fatalf("%+v: row %d differs:\ndirect       %+v\ndatabase/sql %+v", q, i, direct[i], viaSQL[i])
			}
		}
		if len(direct) == 0 {
			t.Fatalf("%+v: no rows: the query tests nothing", q)
		}
	}
}

// sqlIDs runs a query of ids straight through SQLite, the oracle of the
// tests below.
func sqlIDs(t *testing.T, s *Store, query string, args ...any) []int64 {
	t.Helper()
	rows, err := s.DB().QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// Without a limit Transactions puts the rows in order itself; the order is
// SQLite's ORDER BY t.posted, t.id, ties of a day across accounts and all.
func TestTransactionsComeInTheOrderSQLitePutsThem(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := openTest(t)
	h := newHistory(t, s, 21)
	if _, err := s.InsertTransactions(ctx, h.rows(1500, 0.1)); err != nil {
		t.Fatal(err)
	}
	since := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		q     TxQuery
		order string
	}{
		{TxQuery{}, "ORDER BY posted DESC, id DESC"},
		{TxQuery{Oldest: true}, "ORDER BY posted, id"},
		{TxQuery{Since: since, Oldest: true}, "ORDER BY posted, id"},
		{TxQuery{Since: since}, "ORDER BY posted DESC, id DESC"},
		{TxQuery{AccountIDs: []int64{h.accounts[0].ID, h.accounts[2].ID}}, "ORDER BY posted DESC, id DESC"},
	} {
		got, err := s.Transactions(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		where := "WHERE posted >= ?"
		args := []any{DateInt(since)}
		switch {
		case c.q.Since.IsZero() && c.q.AccountIDs == nil:
			where, args = "", nil
		case c.q.AccountIDs != nil:
			where, args = "WHERE account_id IN (?, ?)", []any{h.accounts[0].ID, h.accounts[2].ID}
		}
		want := sqlIDs(t, s, "SELECT id FROM transactions "+where+" "+c.order, args...)
		if len(got) != len(want) || len(want) < 100 {
			t.Fatalf("%+v: %d rows, want %d", c.q, len(got), len(want))
		}
		ties := 0
		for i := range got {
			if got[i].ID != want[i] {
				t.Fatalf("%+v: row %d is %d, want %d", c.q, i, got[i].ID, want[i])
			}
			if i > 0 && got[i].Posted.Equal(got[i-1].Posted) && got[i].AccountID != got[i-1].AccountID {
				ties++
			}
		}
		if ties == 0 {
			t.Fatalf("%+v: no day with rows of two accounts: the order of ties is not tested", c.q)
		}
	}
}

// Transfer candidates are the rows the dates and the flags pick whose
// amount is one asked for, and no other.
func TestTransferCandidatesHaveTheAmountsAskedFor(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := openTest(t)
	h := newHistory(t, s, 5)
	if _, err := s.InsertTransactions(ctx, h.rows(2000, 0.1)); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 4, 30, 0, 0, 0, 0, time.UTC)
	all := sqlIDs(t, s, `SELECT amount_minor FROM transactions WHERE posted BETWEEN ? AND ? AND pending = 0 AND transfer_id IS NULL ORDER BY id`,
		DateInt(from), DateInt(to))
	amounts := []int64{all[0], all[len(all)/2], all[len(all)-1], 123456789}
	want := sqlIDs(t, s, `SELECT id FROM transactions WHERE posted BETWEEN ? AND ? AND pending = 0 AND transfer_id IS NULL
		AND amount_minor IN (?, ?, ?, ?) ORDER BY id`, DateInt(from), DateInt(to), amounts[0], amounts[1], amounts[2], amounts[3])
	got, err := s.UnlinkedBetween(ctx, from, to, amounts)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(got))
	for i, c := range got {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	if !slices.Equal(ids, want) || len(want) == 0 {
		t.Fatalf("candidates %v, want %v", ids, want)
	}
}

// A lean read is the full read with what it leaves out zeroed, through
// either reader.
func TestLeanReadsLeaveOutOnlyWhatTheySay(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, h := readHistory(t, 13, 900, 0.1)
	for _, q := range []TxQuery{
		{Since: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC), Oldest: true},
		{AccountIDs: []int64{h.accounts[0].ID}}, {}, {Category: "groceries"}, {Limit: 30, Offset: 10},
	} {
		full, err := s.Transactions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.Lean = true
		lean, err := s.Transactions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(lean) != len(full) || len(full) == 0 {
			t.Fatalf("%+v: %d lean rows, %d full", q, len(lean), len(full))
		}
		dropped := 0
		for i := range full {
			want := full[i]
			if want.ContentKey != nil && want.AccountName != "" {
				dropped++
			}
			want.AccountName, want.MerchantKey, want.Merchant, want.ReplacesExternalID = "", "", "", ""
			want.ContentKey, want.Ordinal, want.RawID = nil, 0, 0
			if !reflect.DeepEqual(lean[i], want) {
				t.Fatalf("%+v: row %d:\nlean %+v\nwant %+v", q, i, lean[i], want)
			}
		}
		if dropped == 0 {
			t.Fatalf("%+v: the full rows had nothing to leave out", q)
		}
		where, args := q.where()
		query := `SELECT ` + txLeanColumns + ` FROM transactions t` + where + " ORDER BY t.posted, t.id"
		direct, ok, err := s.transactionsDirect(ctx, query, args)
		if err != nil || !ok {
			t.Fatalf("the direct lean read: %v %v", ok, err)
		}
		viaSQL, err := s.transactionsSQL(ctx, query, args)
		if err != nil || !reflect.DeepEqual(direct, viaSQL) {
			t.Fatalf("%+v: the lean read differs between the readers (%v)", q, err)
		}
	}
}
