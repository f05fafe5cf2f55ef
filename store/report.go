package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"penny/category"
	"penny/merchant"
)

// Reports: the aggregate queries behind the chat's answers ("what did I spend
// on dining last month", "top merchants", "cash flow", "subscriptions").
// Sums are always kept per currency, because there is no exchange rate in
// the vault and a total over USD and EUR would be a wrong number. Date ranges
// go through the (account_id, posted) index, one account at a time, like
// TxQuery does.

// Flow selects money going out, coming in, or both.
type Flow int

// Flows of a ReportQuery.
const (
	FlowAny Flow = iota
	FlowOut      // amount < 0: spending, charges
	FlowIn       // amount > 0: income, refunds, deposits
)

// ReportQuery selects the rows an aggregate or a search looks at. Zero fields
// do not filter.
type ReportQuery struct {
	AccountIDs []int64
	Since      time.Time // first posted date included
	Until      time.Time // last posted date included
	Category   string    // exact, any case
	// Categories, when not empty, keeps rows whose category is one of these
	// (exact, any case): "food" may stand for Dining and Groceries.
	Categories []string
	// Payees keeps rows with one of these exact descriptors.
	Payees []string
	// MerchantKeys keeps rows paid to (or refunded by) one of these
	// merchants, by their package merchant key.
	MerchantKeys []string
	// Classes keeps rows of these kinds of flow (category.Classify):
	// {Spend, Refund} is spending net of refunds, {In} is income.
	Classes []category.Class
	// Text keeps rows whose payee or memo contains it, any ASCII case.
	Text string
	// Currency keeps rows in that currency only.
	Currency string
	Flow     Flow
	// ExcludeTransfers drops both sides of transfers between the user's own
	// accounts: moving money from checking to savings is neither spending
	// nor income.
	ExcludeTransfers bool
	Pending          *bool
	// MinAbs and MaxAbs bound the amount's magnitude in minor units,
	// inclusive: "over $50" means charges and deposits alike.
	MinAbs *int64
	MaxAbs *int64
	// AtLeast and AtMost bound the signed amount, inclusive.
	AtLeast *int64
	AtMost  *int64
	// Ranges, when set, keep only rows inside one of these account and day
	// ranges. A caller that knows where the wanted rows are (the
	// assistant's month totals know the days a merchant was paid) reads
	// those days through the (account, date) index instead of whole months.
	Ranges []DayRange
}

// DayRange is an account and an inclusive span of posted days.
type DayRange struct {
	AccountID int64
	From, To  time.Time
}

func (q ReportQuery) where() (string, []any, error) {
	var f filter
	if len(q.Ranges) > 0 {
		// One index range per account and span; SQLite ORs them.
		parts := make([]string, len(q.Ranges))
		var args []any
		for i, r := range q.Ranges {
			parts[i] = "(t.account_id = ? AND t.posted BETWEEN ? AND ?)"
			args = append(args, r.AccountID, DateInt(r.From), DateInt(r.To))
		}
		f.add("("+strings.Join(parts, " OR ")+")", args...)
		if len(q.AccountIDs) > 0 {
			f.in("t.account_id + 0", q.AccountIDs) // +0: a filter, not an index choice
		}
		f.dates(q.Since, q.Until)
	} else {
		f.scope(q.AccountIDs, q.Since, q.Until)
	}
	if q.Category != "" {
		f.add("t.category = ? COLLATE NOCASE", q.Category)
	}
	if len(q.Categories) > 0 {
		args := make([]any, len(q.Categories))
		for i, c := range q.Categories {
			args[i] = c
		}
		f.add("t.category COLLATE NOCASE IN ("+placeholders(len(q.Categories))+")", args...)
	}
	if len(q.Payees) > 0 {
		cond, more, err := payeeIn("t.payee", q.Payees)
		if err != nil {
			return "", nil, err
		}
		f.add(cond, more...)
	}
	if len(q.MerchantKeys) > 0 {
		cond, more, err := payeeIn("t.merchant_key", q.MerchantKeys)
		if err != nil {
			return "", nil, err
		}
		f.add(cond, more...)
	}
	f.classes(q.Classes)
	if q.Text != "" {
		w := strings.ToLower(q.Text)
		f.add("(instr(lower(t.payee), ?) > 0 OR instr(lower(t.memo), ?) > 0)", w, w)
	}
	if q.Currency != "" {
		f.add("t.currency = ?", strings.ToUpper(q.Currency))
	}
	switch q.Flow {
	case FlowOut:
		f.add("t.amount_minor < 0")
	case FlowIn:
		f.add("t.amount_minor > 0")
	}
	if q.ExcludeTransfers {
		f.add("t.transfer_id IS NULL")
	}
	if q.Pending != nil {
		f.add("t.pending = ?", *q.Pending)
	}
	if q.MinAbs != nil {
		f.add("abs(t.amount_minor) >= ?", *q.MinAbs)
	}
	if q.MaxAbs != nil {
		f.add("abs(t.amount_minor) <= ?", *q.MaxAbs)
	}
	if q.AtLeast != nil {
		f.add("t.amount_minor >= ?", *q.AtLeast)
	}
	if q.AtMost != nil {
		f.add("t.amount_minor <= ?", *q.AtMost)
	}
	where, args := f.where()
	return where, args, nil
}

// payeeIn matches col against a list of exact payees. Valid UTF-8 payees go
// in one JSON parameter rather than one parameter each: a merchant can have
// thousands of descriptors, more than SQLite's parameter limit would like.
// JSON would replace invalid UTF-8 (which broken bank files do contain)
// with U+FFFD and so miss those rows; they are bound one by one instead,
// byte for byte.
func payeeIn(col string, payees []string) (string, []any, error) {
	var valid []string
	var odd []any
	for _, p := range payees {
		if utf8.ValidString(p) {
			valid = append(valid, p)
		} else {
			odd = append(odd, p)
		}
	}
	var alts []string
	var args []any
	if len(valid) > 0 {
		list, err := json.Marshal(valid)
		if err != nil {
			return "", nil, err
		}
		alts = append(alts, col+" IN (SELECT value FROM json_each(?))")
		args = append(args, string(list))
	}
	if len(odd) > 0 {
		alts = append(alts, col+" IN ("+placeholders(len(odd))+")")
		args = append(args, odd...)
	}
	return "(" + strings.Join(alts, " OR ") + ")", args, nil
}

// Grouping says what SumBy groups rows by, besides their currency.
type Grouping int

// Groupings of SumBy.
const (
	ByCurrency Grouping = iota // one row per currency; Key is ""
	ByCategory                 // Key is the category
	ByPayee                    // Key is the raw payee
	ByMerchant                 // Key is the merchant key, Name its display name
	ByMonth                    // Key is "2026-03"
	ByAccount                  // Key is the account id in decimal
)

// GroupSum is one group of an aggregate, in one currency.
type GroupSum struct {
	Key      string
	Name     string // ByMerchant: the merchant's display name
	Currency string
	Count    int64
	Sum      int64 // minor units, signed
}

// SumBy adds up the rows q selects per group and currency, largest
// magnitude first, so "top categories" is the head of the list.
func (s *Store) SumBy(ctx context.Context, q ReportQuery, by Grouping) ([]GroupSum, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, fmt.Errorf("store: sum by: %w", err)
	}
	var key, name = "", "''"
	switch by {
	case ByCurrency:
		key = "''"
	case ByCategory:
		key = "t.category"
	case ByPayee:
		key = "t.payee"
	case ByMerchant:
		// Rows without a merchant (fees, interest, transfers) share the
		// empty key and have no name.
		key, name = "t.merchant_key", "CASE WHEN t.merchant_key = '' THEN '' ELSE MAX(t.merchant) END"
	case ByMonth:
		// posted is yyyymmdd: the month is posted / 100, formatted here
		// so callers get "2026-03" rather than a number to decode.
		key = "printf('%04d-%02d', t.posted / 10000, (t.posted / 100) % 100)"
	case ByAccount:
		key = "CAST(t.account_id AS TEXT)"
	default:
		return nil, fmt.Errorf("store: sum by: unknown grouping %d", by)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+key+` AS k, `+name+`, t.currency, COUNT(*), SUM(t.amount_minor)
		FROM transactions t`+where+` GROUP BY k, t.currency ORDER BY abs(SUM(t.amount_minor)) DESC, k`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sum by: %w", err)
	}
	defer rows.Close()
	var out []GroupSum
	for rows.Next() {
		var g GroupSum
		if err := rows.Scan(&g.Key, &g.Name, &g.Currency, &g.Count, &g.Sum); err != nil {
			return nil, fmt.Errorf("store: sum by: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sum by: %w", err)
	}
	return out, nil
}

// MonthFlow is one month of cash flow in one currency: money in and money
// out kept apart, so a refund does not hide a month's spending.
type MonthFlow struct {
	Month    string // "2026-03"
	Currency string
	In       int64 // minor units, >= 0
	Out      int64 // minor units, <= 0
	InCount  int64
	OutCount int64
}

// CashFlow sums money in and money out per month and currency over the rows
// q selects (q.Flow is ignored), oldest month first.
func (s *Store) CashFlow(ctx context.Context, q ReportQuery) ([]MonthFlow, error) {
	q.Flow = FlowAny
	where, args, err := q.where()
	if err != nil {
		return nil, fmt.Errorf("store: cash flow: %w", err)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT t.posted / 100 AS ym, t.currency,
		COALESCE(SUM(CASE WHEN t.amount_minor > 0 THEN t.amount_minor END), 0),
		COALESCE(SUM(CASE WHEN t.amount_minor < 0 THEN t.amount_minor END), 0),
		COUNT(CASE WHEN t.amount_minor > 0 THEN 1 END),
		COUNT(CASE WHEN t.amount_minor < 0 THEN 1 END)
		FROM transactions t`+where+` GROUP BY ym, t.currency ORDER BY ym, t.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: cash flow: %w", err)
	}
	defer rows.Close()
	var out []MonthFlow
	for rows.Next() {
		var m MonthFlow
		var ym int64
		if err := rows.Scan(&ym, &m.Currency, &m.In, &m.Out, &m.InCount, &m.OutCount); err != nil {
			return nil, fmt.Errorf("store: cash flow: %w", err)
		}
		m.Month = fmt.Sprintf("%04d-%02d", ym/100, ym%100)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: cash flow: %w", err)
	}
	return out, nil
}

// SearchOrder is the order of SearchTransactions.
type SearchOrder int

// Orders of SearchTransactions.
const (
	NewestFirst SearchOrder = iota
	LargestOut              // most negative first: the biggest charges
	LargestIn               // most positive first: the biggest deposits
	LargestAbs              // largest magnitude first, either way
	OldestFirst
)

// SearchTransactions lists up to limit rows q selects, in the given order
// (limit <= 0 means every row).
func (s *Store) SearchTransactions(ctx context.Context, q ReportQuery, order SearchOrder, limit int) ([]Transaction, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	var by string
	switch order {
	case NewestFirst:
		by = "t.posted DESC, t.id DESC"
	case LargestOut:
		by = "t.amount_minor, t.posted DESC, t.id DESC"
	case LargestIn:
		by = "t.amount_minor DESC, t.posted DESC, t.id DESC"
	case LargestAbs:
		by = "abs(t.amount_minor) DESC, t.posted DESC, t.id DESC"
	case OldestFirst:
		by = "t.posted, t.id"
	default:
		return nil, fmt.Errorf("store: search: unknown order %d", order)
	}
	query := `SELECT ` + txColumns + ` FROM transactions t JOIN accounts a ON a.id = t.account_id` + where + ` ORDER BY ` + by
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	var out []Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return out, nil
}

// PayeeMonth is what one payee charged in one month and currency: the
// material for finding monthly recurring charges and their price changes.
type PayeeMonth struct {
	Payee    string
	Currency string
	Category string // the category of the month's last charge
	Month    string // "2026-03"
	Count    int64
	Sum      int64 // minor units
	Min, Max int64 // smallest and largest single amount (signed)
	Last     time.Time
}

// RecurringCandidates returns, per merchant (PayeeMonth.Payee holds the
// merchant key) with posted spending in [since, until] in at least minMonths distinct
// months, one row per month, ordered by payee, currency and month. Payees
// seen in fewer months cannot be monthly and are left in the database.
func (s *Store) RecurringCandidates(ctx context.Context, since, until time.Time, minMonths int) ([]PayeeMonth, error) {
	rows, err := s.q.QueryContext(ctx, `WITH m AS (
			SELECT t.merchant_key AS payee, t.currency, t.posted / 100 AS ym, COUNT(*) AS n, SUM(t.amount_minor) AS total,
				MIN(t.amount_minor) AS lo, MAX(t.amount_minor) AS hi, MAX(t.posted) AS last,
				MAX(t.id) AS last_id
			FROM transactions t
			WHERE t.account_id IN (SELECT id FROM accounts) AND t.posted >= ? AND t.posted <= ?
				AND t.amount_minor < 0 AND t.transfer_id IS NULL AND t.pending = 0 AND t.merchant_key <> ''
				AND `+classExpr+` = `+strconv.Itoa(int(category.Spend))+`
			GROUP BY t.merchant_key, t.currency, ym
		), k AS (
			SELECT payee, currency FROM m GROUP BY payee, currency HAVING COUNT(*) >= ?
		)
		SELECT m.payee, m.currency, (SELECT c.category FROM transactions c WHERE c.id = m.last_id),
			m.ym, m.n, m.total, m.lo, m.hi, m.last
		FROM m JOIN k ON k.payee = m.payee AND k.currency = m.currency
		ORDER BY m.payee, m.currency, m.ym`,
		DateInt(since), DateInt(until), minMonths)
	if err != nil {
		return nil, fmt.Errorf("store: recurring candidates: %w", err)
	}
	defer rows.Close()
	var out []PayeeMonth
	for rows.Next() {
		var p PayeeMonth
		var ym, last int64
		if err := rows.Scan(&p.Payee, &p.Currency, &p.Category, &ym, &p.Count, &p.Sum, &p.Min, &p.Max, &last); err != nil {
			return nil, fmt.Errorf("store: recurring candidates: %w", err)
		}
		p.Month = fmt.Sprintf("%04d-%02d", ym/100, ym%100)
		p.Last = IntDate(last)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: recurring candidates: %w", err)
	}
	return out, nil
}

// DuplicateGroup is a set of rows on one account with the same day, amount
// and payee: a terminal retry, or two real identical purchases.
type DuplicateGroup struct {
	AccountID int64
	Posted    time.Time
	Amount    int64
	Currency  string
	Payee     string
	IDs       []int64
}

// Duplicates finds posted charges that appear more than once on the same
// account, day, amount and payee within the rows q selects.
func (s *Store) Duplicates(ctx context.Context, q ReportQuery) ([]DuplicateGroup, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, fmt.Errorf("store: duplicates: %w", err)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT t.account_id, t.posted, t.amount_minor, t.currency, t.payee,
		json_group_array(t.id) FROM transactions t`+where+`
		GROUP BY t.account_id, t.posted, t.amount_minor, t.currency, t.payee HAVING COUNT(*) > 1
		ORDER BY t.posted DESC, t.account_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: duplicates: %w", err)
	}
	defer rows.Close()
	var out []DuplicateGroup
	for rows.Next() {
		var g DuplicateGroup
		var posted int64
		var ids string
		if err := rows.Scan(&g.AccountID, &posted, &g.Amount, &g.Currency, &g.Payee, &ids); err != nil {
			return nil, fmt.Errorf("store: duplicates: %w", err)
		}
		if err := json.Unmarshal([]byte(ids), &g.IDs); err != nil {
			return nil, fmt.Errorf("store: duplicates: %w", err)
		}
		g.Posted = IntDate(posted)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: duplicates: %w", err)
	}
	return out, nil
}

// MonthTotal sums the rows of one month that share an account, currency,
// merchant, category, sign, pending state and transfer flag. The assistant
// keeps these in memory: a year of spending is then a few thousand groups
// to add instead of a hundred thousand rows to read, and the groups are
// additive, so rows added later are folded in by reading only them.
type MonthTotal struct {
	Month       int // yyyymm
	AccountID   int64
	Currency    string
	MerchantKey string
	Merchant    string // the display name (the latest spelling seen)
	Category    string
	Sign        int // -1 money out, +1 money in, 0 for zero amounts
	Pending     bool
	Transfer    bool // a side of a transfer between own accounts
	Count       int64
	Sum         int64 // minor units
	// Min and Max are the smallest and largest single amounts (signed);
	// First and Last the earliest and latest posted days (yyyymmdd); MaxID
	// the newest row.
	Min, Max    int64
	First, Last int
	MaxID       int64
}

// MonthTotals returns the month totals of the rows with an id above afterID
// (0 for all) and the highest id it saw, so a caller can later read only
// the rows added since.
func (s *Store) MonthTotals(ctx context.Context, afterID int64) ([]MonthTotal, int64, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT t.posted / 100, t.account_id, t.currency, t.merchant_key, MAX(t.merchant), t.category,
		sign(t.amount_minor), t.pending, t.transfer_id IS NOT NULL,
		COUNT(*), SUM(t.amount_minor), MIN(t.amount_minor), MAX(t.amount_minor), MIN(t.posted), MAX(t.posted), MAX(t.id)
		FROM transactions t WHERE t.id > ?
		GROUP BY 1, 2, 3, 4, 6, 7, 8, 9`, afterID)
	if err != nil {
		return nil, 0, fmt.Errorf("store: month totals: %w", err)
	}
	defer rows.Close()
	var out []MonthTotal
	maxID := afterID
	for rows.Next() {
		var m MonthTotal
		if err := rows.Scan(&m.Month, &m.AccountID, &m.Currency, &m.MerchantKey, &m.Merchant, &m.Category, &m.Sign, &m.Pending, &m.Transfer,
			&m.Count, &m.Sum, &m.Min, &m.Max, &m.First, &m.Last, &m.MaxID); err != nil {
			return nil, 0, fmt.Errorf("store: month totals: %w", err)
		}
		maxID = max(maxID, m.MaxID)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: month totals: %w", err)
	}
	return out, maxID, nil
}

// DataVersion tells cheaply whether the transactions or the rules changed:
// caches of derived data (merchant names, month totals) compare it before
// trusting themselves. Generation moves with every row written to
// transactions or rules, a category changed in place or a transfer link
// too; added rows also move MaxID, deleted rows, a pending row that posted
// and an amount that changed the kept balances.
type DataVersion struct {
	Generation   int64 // the write generation (Generation)
	Transactions int64 // sum of the accounts' kept row counts
	MaxID        int64 // highest transaction id
	Balances     int64 // the accounts' kept posted movements weighted by id: a fingerprint, not money
	Pending      int64 // the kept pending sums, likewise
	Rules        int64
	MaxRuleID    int64
}

// Version returns the current DataVersion. It costs a few index lookups and
// a pass over the accounts, not a scan of the transactions.
func (s *Store) Version(ctx context.Context) (DataVersion, error) {
	var v DataVersion
	err := s.q.QueryRowContext(ctx, `SELECT
		(SELECT COALESCE(SUM(tx_count), 0) FROM accounts),
		(SELECT COALESCE(MAX(id), 0) FROM transactions),
		(SELECT COALESCE(SUM((balance_minor - opening_minor) * id), 0) FROM accounts),
		(SELECT COALESCE(SUM(pending_minor * id), 0) FROM accounts),
		(SELECT COUNT(*) FROM rules),
		(SELECT COALESCE(MAX(id), 0) FROM rules),
		(SELECT n FROM data_generation)`).Scan(&v.Transactions, &v.MaxID, &v.Balances, &v.Pending, &v.Rules, &v.MaxRuleID, &v.Generation)
	if err != nil {
		return v, fmt.Errorf("store: version: %w", err)
	}
	return v, nil
}

// countCategories counts, per category other than except, the rows cond
// selects; its rows are closed before the caller updates.
func (s *Store) countCategories(ctx context.Context, cond string, args []any, except string, into map[string]int64) error {
	rows, err := s.q.QueryContext(ctx, `SELECT category, COUNT(*) FROM transactions
		WHERE `+cond+` AND category <> ? GROUP BY category`, append(append([]any(nil), args...), except)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var n int64
		if err := rows.Scan(&c, &n); err != nil {
			return err
		}
		into[c] = n
	}
	return rows.Err()
}

// MerchantRulePrefix starts the pattern of a category rule that names a
// merchant by its key ("merchant:blue-bottle-coffee") rather than a payee
// substring: it follows the merchant whatever descriptor the bank prints.
const MerchantRulePrefix = "merchant:"

// MerchantRuleKind is the kind of rule that renames or merges merchants:
// its pattern is a merchant key, its value the display name rows of that
// key get (merging two merchants is naming both the same).
const MerchantRuleKind = "merchant"

// RecategorizeMatching sets the category of every row paid to one of the
// merchant keys or whose payee contains text (any ASCII case; "" matches
// nothing), in one database transaction, and returns how many rows each
// previous category lost.
func (s *Store) RecategorizeMatching(ctx context.Context, keys []string, text, category string) (map[string]int64, error) {
	before := map[string]int64{}
	var alts []string
	var args []any
	if len(keys) > 0 {
		cond, more, err := payeeIn("merchant_key", keys)
		if err != nil {
			return nil, fmt.Errorf("store: recategorize: %w", err)
		}
		alts = append(alts, cond)
		args = append(args, more...)
	}
	if text != "" {
		alts = append(alts, "instr(lower(payee), ?) > 0")
		args = append(args, strings.ToLower(text))
	}
	if len(alts) == 0 {
		return before, nil
	}
	cond := "(" + strings.Join(alts, " OR ") + ")"
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.countCategories(ctx, cond, args, category, before); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `UPDATE transactions SET category = ? WHERE `+cond+` AND category <> ?`,
			append(append([]any{category}, args...), category)...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: recategorize: %w", err)
	}
	return before, nil
}

// RenameMerchant gives the merchant key's rows the display name name, and
// the key of that name, so that naming two merchants alike merges them; it
// records the rename as a rule of kind MerchantRuleKind, so later imports
// do the same, all in one database transaction. It returns how many rows
// changed.
func (s *Store) RenameMerchant(ctx context.Context, key, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if key == "" || name == "" {
		return 0, fmt.Errorf("store: rename merchant: %w: no merchant or no name", ErrConflict)
	}
	var n int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.AddRule(ctx, Rule{Kind: MerchantRuleKind, Pattern: key, Value: name}); err != nil {
			return err
		}
		res, err := tx.q.ExecContext(ctx, `UPDATE transactions SET merchant = ?, merchant_key = ? WHERE merchant_key = ?`,
			name, merchant.KeyOf(name), key)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: rename merchant: %w", err)
	}
	return n, nil
}
