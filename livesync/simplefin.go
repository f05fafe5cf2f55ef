package livesync

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"penny/netguard"
	"penny/sources/simplefin"
	"penny/statement"
	"penny/store"
)

// fetchSimpleFIN asks for the report's window in windows of at most 90
// days, newest first, and merges them into one statement per account.
func (e *Env) fetchSimpleFIN(ctx context.Context, src store.Source, sec secret, g *netguard.Guard, log *netlog, bud Budget, rep *Report, opt Options) (*fetched, *netguard.Budget, error) {
	access, err := simplefin.ParseAccess(sec.AccessURL)
	if err != nil {
		return nil, nil, fmt.Errorf("source %s: the access URL in the vault is unreadable; connect it again", src.Name)
	}
	if err := g.Allow(access.Root.String()); err != nil {
		return nil, nil, err
	}
	windows := simplefin.Windows(rep.Start, rep.End)
	queries := make([]simplefin.Query, 0, len(windows))
	for _, w := range windows {
		queries = append(queries, simplefin.Query{Start: w[0], End: w[1], Pending: true})
	}
	if opt.BalancesOnly {
		queries = []simplefin.Query{{BalancesOnly: true}}
		rep.Start, rep.End = time.Time{}, time.Time{}
	}
	if len(queries) > bud.Left() {
		return nil, nil, budgetError(src, bud, len(queries))
	}
	planned := netguard.Event{Method: "GET", Host: hostPort(access.Root.Scheme, access.Root.Host), Path: access.Root.Path + "/accounts"}
	if err := prereserve(ctx, src, log, planned, len(queries), bud); err != nil {
		return nil, nil, err
	}
	budget := netguard.NewBudget(bud.Left(), fmt.Sprintf("%d requests a day for source %s", bud.Limit, src.Name))
	c := &simplefin.Client{HTTP: g.Client(src.Name, budget), Access: access}
	f := &fetched{name: "SimpleFIN " + access.Root.Host, format: simplefin.Format, complete: true, balancesOnly: opt.BalancesOnly}
	byID := map[string]int{} // account id -> index in f.stmts
	var raws []json.RawMessage
	seenNote := map[string]bool{}
	for i, q := range queries {
		what := "SimpleFIN"
		if len(queries) > 1 {
			what = fmt.Sprintf("SimpleFIN window %d of %d (%s to %s)", i+1, len(queries),
				q.Start.Format(store.DateLayout), q.End.Add(-time.Second).Format(store.DateLayout))
		}
		e.progress("%s: fetching %s", src.Name, what)
		var set *simplefin.AccountSet
		var raw []byte
		err := e.retry(ctx, what, func() error {
			var err error
			set, raw, err = c.Accounts(ctx, q)
			return err
		})
		if err != nil {
			return nil, budget, fmt.Errorf("source %s: %w; nothing was written", src.Name, err)
		}
		raws = append(raws, raw)
		for _, er := range set.Errors {
			switch er.Kind() {
			case simplefin.KindReauth, simplefin.KindMissingData, simplefin.KindAccount, simplefin.KindAuth:
				f.complete = false
			case simplefin.KindRateWarning:
				f.throttle = true
			}
			if msg := set.Explain(er); !seenNote[msg] {
				seenNote[msg] = true
				f.notes = append(f.notes, msg)
			}
		}
		stmts, notes, err := set.Statements()
		if err != nil {
			return nil, budget, fmt.Errorf("source %s: %w; nothing was written", src.Name, err)
		}
		for _, n := range notes {
			if !seenNote[n] {
				seenNote[n] = true
				f.notes = append(f.notes, n)
			}
		}
		for _, st := range stmts {
			j, ok := byID[st.Account.ExternalID]
			if !ok {
				byID[st.Account.ExternalID] = len(f.stmts)
				f.stmts = append(f.stmts, st)
				continue
			}
			// Windows do not overlap; the newest window's balance stands.
			f.stmts[j].Transactions = append(f.stmts[j].Transactions, st.Transactions...)
		}
	}
	if opt.BalancesOnly {
		for i := range f.stmts {
			f.stmts[i].Transactions = nil
		}
	}
	// The raw answers are kept in the vault as received, one JSON array of
	// the windows' bodies.
	raw, err := json.Marshal(raws)
	if err != nil {
		return nil, budget, err
	}
	f.raw = raw
	return f, budget, nil
}

// resolve files each statement into the account Penny already knows it
// by: the same key as before (SimpleFIN gives no account type, so the type
// Penny guessed first is kept), or, for an account the server re-linked
// under a new id, the old account, skipping the history it sends again
// with new ids and shifted dates.
func (e *Env) resolve(ctx context.Context, src store.Source, f *fetched, stt state) error {
	if src.Kind != KindSimpleFIN {
		return nil
	}
	accts, err := e.Store.Accounts(ctx)
	if err != nil {
		return err
	}
	type known struct {
		acct store.Account
		key  []string // InstitutionID, ExternalID, type
	}
	byExt := map[string]known{}
	var mine []known
	for _, a := range accts {
		if a.Source != src.Name {
			continue
		}
		parts := strings.SplitN(a.ExternalID, "|", 3)
		if len(parts) != 3 {
			continue
		}
		k := known{acct: a, key: parts}
		byExt[parts[1]] = k
		mine = append(mine, k)
	}
	present := map[string]bool{}
	for _, st := range f.stmts {
		present[st.Account.ExternalID] = true
	}
	now := e.now()
	var kept []statement.Statement
	for _, st := range f.stmts {
		id := st.Account.ExternalID
		var rl *relink
		if r, ok := stt.Relinks[id]; ok {
			rl = &r
			id = r.Old
		}
		k, ok := byExt[id]
		if !ok {
			// A new id: is it an account Penny knows whose old id is gone
			// from the answer? Same name and currency at the same source.
			for _, m := range mine {
				if present[m.key[1]] || !strings.EqualFold(m.acct.Name, st.Account.Name) || m.acct.Currency != st.Account.Currency {
					continue
				}
				if _, taken := f.relinks[m.key[1]]; taken {
					continue
				}
				k, ok = m, true
				r := relink{Old: m.key[1], At: now}
				rl = &r
				if f.relinks == nil {
					f.relinks = map[string]relink{}
				}
				f.relinks[st.Account.ExternalID] = r
				f.notes = append(f.notes, fmt.Sprintf("%s was re-linked at SimpleFIN under a new id; Penny keeps it as the same account", m.acct.Name))
				break
			}
		}
		if ok {
			st.Account.InstitutionID, st.Account.ExternalID, st.Account.Type = k.key[0], k.key[1], k.key[2]
		} else if f.balancesOnly {
			// A balance alone for an account Penny does not hold yet: the
			// first full sync creates it with its history, so its opening
			// balance comes out right.
			continue
		}
		if ok && rl != nil {
			skipped, err := e.dropReimported(ctx, k.acct.ID, &st, rl.At)
			if err != nil {
				return err
			}
			if skipped > 0 {
				f.notes = append(f.notes, fmt.Sprintf("%s: %d row(s) sent again under new ids after the re-link were already there, and skipped", k.acct.Name, skipped))
			}
		}
		kept = append(kept, st)
	}
	f.stmts = kept
	return nil
}

// dropReimported removes from st the rows of a re-linked account that are
// rows Penny holds under the old ids: same amount and payee, posted within
// three days, dated up to three days after the re-link. Each stored row
// absorbs one incoming row at most.
func (e *Env) dropReimported(ctx context.Context, accountID int64, st *statement.Statement, at time.Time) (int, error) {
	if len(st.Transactions) == 0 {
		return 0, nil
	}
	from, to := st.Transactions[0].Posted, st.Transactions[0].Posted
	for _, t := range st.Transactions {
		if t.Posted.Before(from) {
			from = t.Posted
		}
		if t.Posted.After(to) {
			to = t.Posted
		}
	}
	rows, err := e.Store.Transactions(ctx, store.TxQuery{AccountIDs: []int64{accountID}, Since: from.AddDate(0, 0, -3), Until: to.AddDate(0, 0, 3)})
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, r := range rows {
		known[r.ExternalID] = true
	}
	incoming := map[string]bool{}
	for _, t := range st.Transactions {
		incoming[t.ExternalID] = true
	}
	used := make([]bool, len(rows))
	limit := at.AddDate(0, 0, 3)
	kept := st.Transactions[:0]
	dropped := 0
	for _, t := range st.Transactions {
		if known[t.ExternalID] || t.Posted.After(limit) {
			kept = append(kept, t)
			continue
		}
		match := -1
		for i, r := range rows {
			if used[i] || incoming[r.ExternalID] || r.Amount.Minor != t.Amount || r.Pending != t.Pending {
				continue
			}
			if d := r.Posted.Sub(t.Posted); d < -72*time.Hour || d > 72*time.Hour {
				continue
			}
			if store.NormalizePayee(r.Payee) != store.NormalizePayee(t.Payee) {
				continue
			}
			match = i
			break
		}
		if match < 0 {
			kept = append(kept, t)
			continue
		}
		used[match] = true
		dropped++
	}
	st.Transactions = kept
	return dropped, nil
}
