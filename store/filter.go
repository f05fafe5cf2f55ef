package store

import (
	"strings"
	"time"
)

// filter collects the conditions of a transaction query (alias t) and their
// arguments, so TxQuery and ReportQuery build their WHERE clauses the same
// way.
type filter struct {
	conds []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	f.conds = append(f.conds, cond)
	f.args = append(f.args, args...)
}

// placeholders returns "?,?,?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// in adds "expr IN (?,...)" over ids.
func (f *filter) in(expr string, ids []int64) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	f.add(expr+" IN ("+placeholders(len(ids))+")", args...)
}

// scope limits rows to accounts and an inclusive posted-date range. Without
// accounts but with dates it still names every account, which lets SQLite
// answer a date range from the (account, date) index, one account at a time,
// instead of scanning every row.
func (f *filter) scope(accountIDs []int64, since, until time.Time) {
	switch {
	case len(accountIDs) > 0:
		f.in("t.account_id", accountIDs)
	case !since.IsZero() || !until.IsZero():
		f.add("t.account_id IN (SELECT id FROM accounts)")
	}
	f.dates(since, until)
}

// dates adds an inclusive posted-date range; zero ends are open.
func (f *filter) dates(since, until time.Time) {
	if !since.IsZero() {
		f.add("t.posted >= ?", DateInt(since))
	}
	if !until.IsZero() {
		f.add("t.posted <= ?", DateInt(until))
	}
}

// where renders " WHERE ..." (or "" when there is no condition).
func (f *filter) where() (string, []any) {
	if len(f.conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(f.conds, " AND "), f.args
}
