package store

import (
	"context"
	"strings"

	"penny/internal/sqlitehandle"
)

// insertDirect inserts txs through SQLite's own handle, batch by batch, and
// returns how many rows it inserted (their ids appended to ids). Through database/sql every one of a batch's 2,176
// parameters was converted, boxed, looked up by name and, for text, copied
// into an allocation of its own: more time and memory than SQLite's insert
// itself. known is false when the connection is not the driver this code
// knows; err is the failure of the batch after the done rows (the caller
// retries it through database/sql, which names the row at fault) or ctx's.
func (s *Store) insertDirect(ctx context.Context, txs []NewTransaction, created int64, ids *[]int64) (done int, known bool, err error) {
	if s.conn == nil {
		return 0, false, nil
	}
	rerr := s.conn.Raw(func(dc any) error {
		h, ok := sqlitehandle.Of(dc)
		if !ok {
			return nil
		}
		known = true
		var stmts [2]*sqlitehandle.Stmt
		defer func() {
			for _, st := range stmts {
				if st != nil {
					st.Close()
				}
			}
		}()
		var cur [insertBatch]string
		var key [insertBatch][]byte
		for start := 0; start < len(txs); start += insertBatch {
			if err := ctx.Err(); err != nil {
				return err
			}
			end := min(start+insertBatch, len(txs))
			n := end - start
			// The full batch's statement is kept; a shorter last batch
			// gets one of its own size.
			slot := 0
			if n < insertBatch {
				slot = 1
			}
			if stmts[slot] == nil {
				st, err := h.Prepare(insertSQL(n))
				if err != nil {
					return err
				}
				stmts[slot] = st
			}
			st := stmts[slot]
			bytes := 0
			for i := start; i < end; i++ {
				t := &txs[i]
				c := strings.ToUpper(t.Currency)
				k := t.ContentKey
				if k == nil {
					k = ContentKey(t.Posted, t.Amount, c, t.Payee, t.Memo)
				}
				cur[i-start], key[i-start] = c, k
				bytes += len(t.ExternalID) + len(c) + len(t.Payee) + len(t.Memo) + len(t.MerchantKey) + len(t.Merchant) +
					len(t.Category) + len(t.ReplacesExternalID) + len(k)
			}
			if err := st.Round(bytes); err != nil {
				return err
			}
			for i := start; i < end; i++ {
				t := &txs[i]
				// The columns of insertSQL, in order.
				p := (i-start)*insertColumns + 1
				st.Int64(p, t.AccountID)
				st.Text(p+1, t.ExternalID)
				st.Int64(p+2, DateInt(t.Posted))
				if t.Transacted.IsZero() {
					st.Null(p + 3)
				} else {
					st.Int64(p+3, t.Transacted.Unix())
				}
				st.Int64(p+4, t.Amount)
				st.Text(p+5, cur[i-start])
				st.Text(p+6, t.Payee)
				st.Text(p+7, t.Memo)
				st.Text(p+8, t.MerchantKey)
				st.Text(p+9, t.Merchant)
				st.Text(p+10, t.Category)
				pending := int64(0)
				if t.Pending {
					pending = 1
				}
				st.Int64(p+11, pending)
				st.Text(p+12, t.ReplacesExternalID)
				st.Blob(p+13, key[i-start])
				st.Int64(p+14, int64(t.Ordinal))
				if t.RawID == 0 {
					st.Null(p + 15)
				} else {
					st.Int64(p+15, t.RawID)
				}
				st.Int64(p+16, created)
			}
			if err := st.Exec(); err != nil {
				return err
			}
			// One INSERT gives its rows consecutive rowids.
			last := h.LastInsertID()
			for i := start; i < end; i++ {
				id := last - int64(end-1-i)
				*ids = append(*ids, id)
			}
			done = end
		}
		return nil
	})
	return done, known, rerr
}
