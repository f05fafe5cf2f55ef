package store

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"

	"penny/internal/sqlitehandle"
	"penny/money"
)

// insertDirect inserts txs through SQLite's own handle, batch by batch, and
// returns how many rows it inserted (their ids appended to ids). Through
// database/sql every one of a batch's 2,176 parameters was converted,
// boxed, looked up by name and, for text, copied into an allocation of its
// own: more time and memory than SQLite's insert itself. Here a value is
// copied into a scratch buffer and bound, and a column whose value is the
// same in every row of a batch (the account, the time of the import, most
// often the currency, the pending flag, an empty external id in a CSV) is
// bound once for the batch. known is false when the connection is not the
// driver this code knows; err is the failure of the batch after the done
// rows (the caller retries it through database/sql, which names the row at
// fault) or ctx's.
func (s *Store) insertDirect(ctx context.Context, txs []NewTransaction, created int64, ids *[]int64) (done int, known bool, err error) {
	if s.conn == nil {
		return 0, false, nil
	}
	known, err = s.withHandle(ctx, func(h sqlitehandle.Conn) error {
		stmts := map[batchShape]*sqlitehandle.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		var vals [insertBatch][insertColumns]colValue
		for start := 0; start < len(txs); start += insertBatch {
			if err := ctx.Err(); err != nil {
				return err
			}
			end := min(start+insertBatch, len(txs))
			n := end - start
			for i := range n {
				rowValues(&vals[i], &txs[start+i], created)
			}
			shape := batchShape{rows: n}
			for c := range insertColumns {
				same := true
				for i := 1; i < n && same; i++ {
					same = vals[i][c].equal(&vals[0][c])
				}
				if same {
					shape.uniform |= 1 << c
				}
			}
			st := stmts[shape]
			if st == nil {
				st, err = h.Prepare(shape.sql())
				if err != nil {
					return err
				}
				stmts[shape] = st
			}
			size := 0
			for c := range insertColumns {
				if shape.uniform&(1<<c) != 0 {
					size += vals[0][c].size()
					continue
				}
				for i := range n {
					size += vals[i][c].size()
				}
			}
			if err := st.Round(size); err != nil {
				return err
			}
			// Uniform columns are parameters 1 to insertColumns; the
			// others follow, row by row.
			p := insertColumns + 1
			for c := range insertColumns {
				if shape.uniform&(1<<c) != 0 {
					vals[0][c].bind(st, c+1)
				}
			}
			for i := range n {
				for c := range insertColumns {
					if shape.uniform&(1<<c) == 0 {
						vals[i][c].bind(st, p)
						p++
					}
				}
			}
			if err := st.Exec(); err != nil {
				return err
			}
			// One INSERT gives its rows consecutive rowids.
			last := h.LastInsertID()
			for i := start; i < end; i++ {
				*ids = append(*ids, last-int64(end-1-i))
			}
			done = end
		}
		return nil
	})
	return done, known, err
}

// colValue is one value of a row to insert.
type colValue struct {
	kind byte // 'i' integer, 'n' NULL, 't' text, 'b' blob
	i    int64
	s    string
	b    []byte
}

func (v *colValue) equal(w *colValue) bool {
	return v.kind == w.kind && v.i == w.i && v.s == w.s && bytes.Equal(v.b, w.b)
}

func (v *colValue) size() int { return len(v.s) + len(v.b) }

// value is v as database/sql takes it.
func (v *colValue) value() any {
	switch v.kind {
	case 'i':
		return v.i
	case 't':
		return v.s
	case 'b':
		return v.b
	}
	return nil
}

func (v *colValue) bind(st *sqlitehandle.Stmt, p int) {
	switch v.kind {
	case 'i':
		st.Int64(p, v.i)
	case 'n':
		st.Null(p)
	case 't':
		st.Text(p, v.s)
	case 'b':
		st.Blob(p, v.b)
	}
}

// rowValues fills v with t's values in the columns of insertInto: what
// the direct path binds and appendInsertArgs gives to database/sql.
func rowValues(v *[insertColumns]colValue, t *NewTransaction, created int64) {
	integer := func(x int64) colValue { return colValue{kind: 'i', i: x} }
	text := func(s string) colValue { return colValue{kind: 't', s: s} }
	cur := strings.ToUpper(t.Currency)
	key := t.ContentKey
	if key == nil {
		key = ContentKey(t.Posted, t.Amount, cur, t.Payee, t.Memo)
	}
	transacted, raw := colValue{kind: 'n'}, colValue{kind: 'n'}
	if !t.Transacted.IsZero() {
		transacted = integer(t.Transacted.Unix())
	}
	if t.RawID != 0 {
		raw = integer(t.RawID)
	}
	pending := int64(0)
	if t.Pending {
		pending = 1
	}
	*v = [insertColumns]colValue{integer(t.AccountID), text(t.ExternalID), integer(DateInt(t.Posted)), transacted,
		integer(t.Amount), text(cur), text(t.Payee), text(t.Memo), text(t.MerchantKey), text(t.Merchant),
		text(t.Category), integer(pending), text(t.ReplacesExternalID), {kind: 'b', b: key},
		integer(int64(t.Ordinal)), raw, integer(created)}
}

// batchShape is what an insert statement depends on: its rows, and which
// columns are one parameter for all of them (a bit per column).
type batchShape struct {
	rows    int
	uniform uint32
}

func (b batchShape) sql() string {
	var q strings.Builder
	q.WriteString(insertInto)
	p := insertColumns + 1
	for i := range b.rows {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('(')
		for c := range insertColumns {
			if c > 0 {
				q.WriteByte(',')
			}
			q.WriteByte('?')
			if b.uniform&(1<<c) != 0 {
				q.WriteString(strconv.Itoa(c + 1))
			} else {
				q.WriteString(strconv.Itoa(p))
				p++
			}
		}
		q.WriteByte(')')
	}
	return q.String()
}

// withHandle runs fn on SQLite's handle of the store's connection: the
// write transaction's, or outside one the store's only connection, held
// for the call. ok is false when the handle cannot be reached (another
// driver, or a transaction WithTx did not open), for the caller to go
// through database/sql.
func (s *Store) withHandle(ctx context.Context, fn func(h sqlitehandle.Conn) error) (ok bool, err error) {
	conn := s.conn
	if conn == nil {
		if s.tx != nil || s.db == nil {
			return false, nil
		}
		c, err := s.db.Conn(ctx)
		if err != nil {
			return true, err
		}
		defer c.Close()
		conn = c
	}
	err = conn.Raw(func(dc any) error {
		h, known := sqlitehandle.Of(dc)
		if !known {
			return nil
		}
		ok = true
		return fn(h)
	})
	return ok, err
}

// transactionsDirect reads the rows of a query of txColumns through
// SQLite's handle: scanning twenty columns a row through database/sql
// (each value converted, boxed and converted again) was most of reading
// an alerts window of 18,000 rows at a million transactions.
func (s *Store) transactionsDirect(ctx context.Context, query string, args []any) (out []Transaction, ok bool, err error) {
	ok, err = s.withHandle(ctx, func(h sqlitehandle.Conn) error {
		st, err := h.Prepare(query)
		if err != nil {
			return err
		}
		defer st.Close()
		if err := st.Args(args...); err != nil {
			return err
		}
		for n := 0; ; n++ {
			if n%1024 == 1023 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			more, err := st.Next()
			if err != nil || !more {
				return err
			}
			// The columns of txColumns, in order.
			t := Transaction{ID: st.Int64Col(0), AccountID: st.Int64Col(1), AccountName: st.TextCol(2), ExternalID: st.TextCol(3),
				Posted: IntDate(st.Int64Col(4)), Payee: st.TextCol(8), Memo: st.TextCol(9), MerchantKey: st.TextCol(10),
				Merchant: st.TextCol(11), Category: st.TextCol(12), Pending: st.Int64Col(13) != 0, ReplacesExternalID: st.TextCol(14),
				TransferID: st.Int64Col(15), ContentKey: st.BlobCol(16), Ordinal: int(st.Int64Col(17)), RawID: st.Int64Col(18),
				Created: time.Unix(st.Int64Col(19), 0).UTC()}
			if !st.IsNull(5) {
				t.Transacted = time.Unix(st.Int64Col(5), 0).UTC()
			}
			t.Amount = money.Amount{Minor: st.Int64Col(6), Currency: st.TextCol(7)}
			out = append(out, t)
		}
	})
	return out, ok, err
}
