package alerts

import (
	"encoding/json"
	"errors"
	"fmt"

	"penny/store"
)

// cacheKey is the store setting holding what the rules learned from the whole
// history, so that an evaluation reads only what changed since the last one.
// It lives in the vault like every setting, and it is written in the caller's
// transaction: a rolled-back import rolls it back too.
const cacheKey = "alerts.cache"

// cacheVersion changes when the merchant key or the cache's meaning does; an
// older cache is then rebuilt instead of trusted.
const cacheVersion = 2

// statsMaxAge is how many days the per-account percentiles are trusted. A
// year of charges barely moves in a week, and recomputing them costs a sort
// of each account's year.
const statsMaxAge = 7

type cacheData struct {
	Version int `json:"v"`
	// Upto is the highest transaction id when Merchants was last brought
	// up to date.
	Upto int64 `json:"upto"`
	// Merchants maps every merchant key seen on a non-transfer row to the
	// posted date (yyyymmdd) of its first row, or 0 when that row was
	// already outside the evaluation window when it was folded in. A date
	// means every row of the merchant is in the window, which is what "first
	// ever" needs without reading the whole history again.
	Merchants map[string]int64 `json:"merchants"`
	// Stats are the per-account charge percentiles of the large-transaction
	// rule, computed on StatsDay (yyyymmdd).
	StatsDay int64              `json:"stats_day"`
	Stats    map[int64]acctStat `json:"stats"`
	// Cat are the category-spike baselines computed on CatDay.
	CatDay int64      `json:"cat_day"`
	Cat    []catMonth `json:"cat"`
}

// acctStat is the Percentile-th percentile (P, a magnitude in minor units of
// Currency) of N posted charges over the year before the lookback.
type acctStat struct {
	Currency   string `json:"currency"`
	N          int64  `json:"n"`
	P          int64  `json:"p"`
	Percentile int    `json:"percentile"`
}

// loadCache returns the stored cache, or nil when there is none or it is
// from another version.
func (e *engine) loadCache() (*cacheData, error) {
	raw, err := e.st.Setting(e.ctx, cacheKey)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("alerts: cache: %w", err)
	}
	var c cacheData
	if err := json.Unmarshal([]byte(raw), &c); err != nil || c.Version != cacheVersion || c.Merchants == nil {
		// A damaged cache is only a cost: rebuild it.
		return nil, nil
	}
	if c.Stats == nil {
		c.Stats = map[int64]acctStat{}
	}
	return &c, nil
}

func (e *engine) saveCache() error {
	raw, err := json.Marshal(e.cache)
	if err != nil {
		return fmt.Errorf("alerts: cache: %w", err)
	}
	if err := e.st.SetSetting(e.ctx, cacheKey, string(raw)); err != nil {
		return fmt.Errorf("alerts: cache: %w", err)
	}
	return nil
}

// foldMerchants brings the merchant index up to date. Normally the rows added
// since the last evaluation are exactly the event's rows, all in the window,
// so the window's merchants the index does not know yet are added, first
// seen on their earliest date in the window. The index is rebuilt from the
// whole history (one grouped query) when asked (EvaluateAll), when there is
// none, and when rows came in that no evaluation saw (ids above the mark
// that are not the event's). Event rows older than the window (the import
// of an old statement) mark their merchants as seen before the window.
func (e *engine) foldMerchants(rebuild bool, event map[int64]bool) error {
	v, err := e.st.Version(e.ctx)
	if err != nil {
		return fmt.Errorf("alerts: merchants: %w", err)
	}
	if !rebuild && e.cache != nil {
		var above int
		for id := range event {
			if id > e.cache.Upto {
				above++
			}
		}
		inWindow := make(map[int64]bool, len(event))
		for i := range e.rows {
			if event[e.rows[i].ID] {
				inWindow[e.rows[i].ID] = true
			}
		}
		rebuild = v.MaxID-e.cache.Upto > int64(above)
		if !rebuild && len(inWindow) < len(event) {
			// Event rows older than the window (an old statement): their
			// merchants were first seen before the window, which is what a
			// rebuild would record for them (0), without reading the
			// whole history.
			var old []int64
			for id := range event {
				if !inWindow[id] {
					old = append(old, id)
				}
			}
			payees, err := e.st.NonTransferPayees(e.ctx, old)
			if err != nil {
				return fmt.Errorf("alerts: merchants: %w", err)
			}
			for _, p := range payees {
				e.cache.Merchants[e.keyOf(p)] = 0
				e.dirty = true
			}
		}
	}
	if rebuild || e.cache == nil {
		return e.rebuildMerchants(v.MaxID, v.Transactions)
	}
	if err := e.foldWindow(); err != nil {
		return err
	}
	if v.MaxID != e.cache.Upto {
		e.cache.Upto = v.MaxID
		e.dirty = true
	}
	return nil
}

// rebuildMerchants makes the index from every non-transfer row. The
// window holds every account's rows from its first day on (openCache runs
// after loadWindow(nil)), so a merchant is first seen in the window exactly
// when no row of it lies before that day: the payees of those older rows
// (one DISTINCT query; a grouped count of every payee sorted the whole
// history, the most of a first import's alerts) are marked seen before the
// window, and the window's rows give every other merchant its first date.
func (e *engine) rebuildMerchants(upto, rows int64) error {
	e.cache = &cacheData{Version: cacheVersion, Merchants: map[string]int64{}, Stats: map[int64]acctStat{}, Upto: upto}
	e.dirty = true
	if !e.windowd {
		return errors.New("alerts: merchants: the window does not cover every account")
	}
	old, err := e.payeesBeforeWindow(rows)
	if err != nil {
		return fmt.Errorf("alerts: merchants: %w", err)
	}
	for i, p := range old {
		if err := e.every(i); err != nil {
			return err
		}
		e.cache.Merchants[e.keyOf(p)] = 0
	}
	return e.foldWindow()
}

// payeesBeforeWindow returns the payees of the non-transfer rows posted
// before the window, of a store holding rows rows. When the event's
// inserted rows are all of them (a first import: each inserted row once, as
// many as the store counts), they give the payees and only the transfer
// sides are read, through their own index; otherwise one DISTINCT query
// over every row, which at 100k rows was half of a first import's alerts.
func (e *engine) payeesBeforeWindow(rows int64) ([]string, error) {
	if int64(len(e.inserted)) != rows || rows == 0 {
		return e.st.NonTransferPayeesBefore(e.ctx, e.winStart)
	}
	linked, err := e.st.TransferSides(e.ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, r := range e.inserted {
		if err := e.every(i); err != nil {
			return nil, err
		}
		if r.Posted < e.winStart && !linked[r.ID] {
			out = append(out, r.Payee)
		}
	}
	return out, nil
}

// foldWindow gives each merchant of the window's non-transfer rows its
// earliest day there, unless it was seen before the window (0) or earlier.
func (e *engine) foldWindow() error {
	for i := range e.rows {
		if err := e.every(i); err != nil {
			return err
		}
		if e.rows[i].TransferID != 0 {
			continue
		}
		if first, ok := e.cache.Merchants[e.key[i]]; !ok || (first != 0 && e.date[i] < first) {
			e.cache.Merchants[e.key[i]] = e.date[i]
			e.dirty = true
		}
	}
	return nil
}

// ensureStats makes sure the charge percentile of each account in ids is
// fresh: all of them are recomputed when the last computation is older than
// statsMaxAge days or used another percentile, otherwise only accounts never
// computed (a new account's first import).
func (e *engine) ensureStats(ids []int64) error {
	pct := e.s.Large.Percentile
	stale := e.cache.StatsDay == 0 || e.daysBetween(e.cache.StatsDay, e.today) > statsMaxAge
	var need []int64
	for _, id := range ids {
		st, ok := e.cache.Stats[id]
		if stale || !ok || st.Percentile != pct {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	if stale {
		// Recompute every account at once: the counts come from one grouped
		// query either way.
		need = need[:0]
		for id := range e.accts {
			need = append(need, id)
		}
		e.cache.Stats = map[int64]acctStat{}
		e.cache.StatsDay = e.today
	}
	no := false
	// The year before the lookback: the rows being judged never make their
	// own baseline, and Evaluate and EvaluateAll see the same one.
	q := store.ReportQuery{AccountIDs: need, Since: e.addDays(e.lookStart, -365), Until: e.addDays(e.lookStart, -1),
		Flow: store.FlowOut, ExcludeTransfers: true, Classes: spendOnly, Pending: &no}
	counts, err := e.st.SumBy(e.ctx, q, store.ByAccount)
	if err != nil {
		return fmt.Errorf("alerts: account statistics: %w", err)
	}
	n := map[int64]int64{}
	for _, g := range counts {
		var id int64
		if _, err := fmt.Sscan(g.Key, &id); err != nil {
			continue
		}
		if a, ok := e.accts[id]; ok && a.Currency == g.Currency {
			n[id] = g.Count
		}
	}
	for _, id := range need {
		a := e.accts[id]
		st := acctStat{Currency: a.Currency, N: n[id], Percentile: pct}
		if st.N > 0 {
			// Nearest rank: the value at rank ceil(pct% of N) from the
			// smallest is the k-th largest.
			rank := (int64(pct)*st.N + 99) / 100
			k := st.N - rank + 1
			q.AccountIDs = []int64{id}
			top, err := e.st.SearchTransactions(e.ctx, q, store.LargestOut, int(k))
			if err != nil {
				return fmt.Errorf("alerts: account statistics: %w", err)
			}
			if len(top) > 0 {
				st.P = -top[len(top)-1].Amount.Minor
			}
		}
		e.cache.Stats[id] = st
	}
	e.dirty = true
	return nil
}
