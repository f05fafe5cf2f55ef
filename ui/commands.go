package ui

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/assistant"
	"penny/store"
	"penny/ui/bubble"
)

// The commands below are the only places the UI touches the store or the
// assistant. Each captures what it needs by value and reports back with a
// message; none reads or changes the model.

// readKey is the setting that remembers the newest transaction of an
// account the user has seen, for its unread badge.
func readKey(accountID int64) string { return "ui.read.account:" + strconv.FormatInt(accountID, 10) }

func loadAccounts(ctx context.Context, st *store.Store) tea.Cmd {
	return func() tea.Msg {
		fp, err := takeFingerprint(ctx, st)
		if err != nil {
			return accountsMsg{err: err}
		}
		alerts, err := st.Alerts(ctx, store.AlertQuery{UnreadOnly: true})
		if err != nil {
			return accountsMsg{err: err}
		}
		alertMax := fp.alert
		for _, a := range alerts {
			alertMax = max(alertMax, a.ID)
		}
		unread := make(map[int64]int, len(fp.accounts))
		for _, a := range fp.accounts {
			mark, err := st.SettingOr(ctx, readKey(a.ID), "")
			if err != nil {
				return accountsMsg{err: err}
			}
			seen, _ := strconv.ParseInt(mark, 10, 64)
			txs, err := st.Transactions(ctx, store.TxQuery{AccountIDs: []int64{a.ID}, Limit: pageSize})
			if err != nil {
				return accountsMsg{err: err}
			}
			for _, t := range txs {
				// Before the account was ever opened there is no mark;
				// its pending swipes are then what is new.
				if (mark != "" && t.ID > seen) || (mark == "" && t.Pending) {
					unread[a.ID]++
				}
			}
		}
		return accountsMsg{fp: fp, unread: unread, alertsUnread: len(alerts), alertMax: alertMax}
	}
}

// takeFingerprint reads what a refresh compares: three small queries
// whose cost grows with the number of accounts, not of transactions.
func takeFingerprint(ctx context.Context, st *store.Store) (fingerprint, error) {
	var fp fingerprint
	var err error
	if fp.version, err = st.Version(ctx); err != nil {
		return fp, err
	}
	newest, err := st.Alerts(ctx, store.AlertQuery{Limit: 1})
	if err != nil {
		return fp, err
	}
	if len(newest) > 0 {
		fp.alert = newest[0].ID
	}
	if fp.accounts, err = st.Accounts(ctx); err != nil {
		return fp, err
	}
	return fp, nil
}

// refreshRequest is what one refresh needs, captured when its tick starts
// it.
type refreshRequest struct {
	hook func(context.Context) error
	prev fingerprint
	// alertMax is the highest alert id the chat knows: above it is new.
	alertMax int64
	// open are the accounts whose transcript holds transactions, each
	// with how many of its newest rows the transcript has loaded.
	open map[int64]int
	// live: prev is a fingerprint taken, not the zero value.
	live bool
}

// refreshStore runs Options.Refresh, then compares the store's fingerprint with
// the last one and, only when it moved, reads what the chat shows that may
// have changed: the alerts, and for each loaded account transcript whose
// account moved its newest rows, as many as the transcript loaded (at
// least a page), so that a row deleted or put back anywhere in what is
// shown is seen.
func refreshStore(ctx context.Context, st *store.Store, r refreshRequest) tea.Cmd {
	return func() tea.Msg {
		if r.hook != nil {
			err := r.hook(ctx)
			if errors.Is(err, ErrUnchanged) && r.live {
				// Nothing can have moved: the last fingerprint stands.
				return refreshMsg{fp: r.prev, baseTx: r.prev.version.MaxID, alertMax: r.alertMax, unchanged: true}
			}
			if err != nil && !errors.Is(err, ErrUnchanged) {
				return refreshMsg{err: err}
			}
		}
		fp, err := takeFingerprint(ctx, st)
		if err != nil {
			return refreshMsg{err: err}
		}
		out := refreshMsg{fp: fp, baseTx: r.prev.version.MaxID, alertMax: max(r.alertMax, fp.alert)}
		if fp.same(r.prev) {
			return out
		}
		out.changed = true
		// Ids only grow: the new alerts are those above the highest known,
		// whatever their time stamps say.
		alerts, err := st.Alerts(ctx, store.AlertQuery{Limit: alertsPage})
		if err != nil {
			return refreshMsg{err: err}
		}
		for _, a := range alerts {
			if a.ID > r.alertMax {
				out.alerts = append(out.alerts, a)
			}
			out.alertMax = max(out.alertMax, a.ID)
		}
		slices.SortFunc(out.alerts, func(a, b store.Alert) int { return cmp.Compare(a.ID, b.ID) })
		before := make(map[int64]store.Account, len(r.prev.accounts))
		for _, a := range r.prev.accounts {
			before[a.ID] = a
		}
		for _, a := range fp.accounts {
			loaded, ok := r.open[a.ID]
			if !ok {
				continue
			}
			if old, ok := before[a.ID]; ok && sameAccount(old, a) {
				continue
			}
			limit := max(pageSize, loaded)
			txs, err := st.Transactions(ctx, store.TxQuery{AccountIDs: []int64{a.ID}, Limit: limit})
			if err != nil {
				return refreshMsg{err: err}
			}
			if out.txs == nil {
				out.txs = map[int64][]store.Transaction{}
				out.limits = map[int64]int{}
			}
			out.txs[a.ID], out.limits[a.ID] = txs, limit
		}
		return out
	}
}

func loadThemeSetting(ctx context.Context, st *store.Store) tea.Cmd {
	return func() tea.Msg {
		v, err := st.SettingOr(ctx, "theme", "")
		return themeSettingMsg{name: v, err: err}
	}
}

func loadCompletions(ctx context.Context, a assistant.Asker) tea.Cmd {
	return func() tea.Msg {
		items, err := a.Completions(ctx)
		return completionsMsg{items: items, err: err}
	}
}

// pageRequest is what loadPage needs to fetch one page of one source.
type pageRequest struct {
	conv      string
	src       int
	kind      sourceKind
	accountID int64
	cursor    int64
	loc       *time.Location
}

func loadPage(ctx context.Context, st *store.Store, r pageRequest) tea.Cmd {
	return func() tea.Msg {
		out := pageMsg{conv: r.conv, src: r.src}
		switch r.kind {
		case srcMessages:
			msgs, err := st.Messages(ctx, r.conv, r.cursor, pageSize)
			if err != nil {
				out.err = err
				return out
			}
			for _, m := range msgs {
				out.items = append(out.items, messageItem(m, r.loc))
				out.ids = append(out.ids, m.ID)
				if m.Role == "user" {
					out.questions = append(out.questions, m.Body)
				}
			}
			out.done = len(msgs) < pageSize
			if len(msgs) > 0 {
				out.next = msgs[0].ID
			}
		case srcTransactions:
			txs, err := st.Transactions(ctx, store.TxQuery{
				AccountIDs: []int64{r.accountID}, Limit: pageSize, Offset: int(r.cursor),
			})
			if err != nil {
				out.err = err
				return out
			}
			for i := len(txs) - 1; i >= 0; i-- {
				out.items = append(out.items, txItem(txs[i], r.loc))
				out.newestTx = max(out.newestTx, txs[i].ID)
			}
			out.next = r.cursor + int64(len(txs))
			out.done = len(txs) < pageSize
		case srcAlerts:
			// Alerts have no paging in the store; one generous page.
			alerts, err := st.Alerts(ctx, store.AlertQuery{Limit: alertsPage})
			if err != nil {
				out.err = err
				return out
			}
			for i := len(alerts) - 1; i >= 0; i-- {
				out.items = append(out.items, alertItem(alerts[i], r.loc))
			}
			out.done = true
		}
		return out
	}
}

// replyData is what Message.Data holds for Penny's answers, so a reloaded
// history shows the same tables and charts.
type replyData struct {
	Intent      string           `json:"intent,omitempty"`
	Table       *assistant.Table `json:"table,omitempty"`
	Chart       *assistant.Chart `json:"chart,omitempty"`
	Suggestions []string         `json:"suggestions,omitempty"`
	Failed      bool             `json:"failed,omitempty"`
}

func messageItem(m store.Message, loc *time.Location) bubble.Item {
	it := bubble.Item{Key: "m:" + strconv.FormatInt(m.ID, 10), Time: m.Created.In(loc), Text: m.Body}
	switch m.Role {
	case "user":
		it.Role = bubble.User
	case "bank":
		it.Role = bubble.Bank
	default:
		it.Role = bubble.Penny
	}
	if m.Data != "" {
		var d replyData
		// Data another writer stored in another shape is ignored, not
		// fatal: the text still shows.
		if json.Unmarshal([]byte(m.Data), &d) == nil {
			it.Failed = d.Failed
			if d.Table != nil || d.Chart != nil || len(d.Suggestions) > 0 {
				it.Reply = &assistant.Reply{Intent: d.Intent, Text: m.Body, Table: d.Table, Chart: d.Chart, Suggestions: d.Suggestions}
			}
		}
	}
	return it
}

// txItem shows a transaction on its posting day. Posted is a calendar date
// stored at UTC midnight: it is moved to local midnight of the same date,
// not converted, or it would land on the previous day west of Greenwich.
func txItem(t store.Transaction, loc *time.Location) bubble.Item {
	y, mo, d := t.Posted.UTC().Date()
	return bubble.Item{
		Key:  "t:" + strconv.FormatInt(t.ID, 10),
		Role: bubble.Bank,
		Time: time.Date(y, mo, d, 0, 0, 0, 0, loc),
		Tx:   &t,
	}
}

func alertItem(a store.Alert, loc *time.Location) bubble.Item {
	return bubble.Item{
		Key:   "a:" + strconv.FormatInt(a.ID, 10),
		Role:  bubble.Alert,
		Time:  a.Created.In(loc),
		Alert: &a,
	}
}

// errNoAssistant answers when the program was started without one.
var errNoAssistant = errors.New("no assistant is connected")

func ask(ctx context.Context, a assistant.Asker, conv, question, key string) tea.Cmd {
	return func() tea.Msg {
		if a == nil {
			return replyMsg{conv: conv, question: question, key: key, err: errNoAssistant}
		}
		r, err := a.Ask(ctx, question)
		return replyMsg{conv: conv, question: question, key: key, reply: r, err: err}
	}
}

func saveMessage(ctx context.Context, st *store.Store, m store.Message, key string) tea.Cmd {
	return func() tea.Msg {
		id, err := st.AddMessage(ctx, m)
		return savedMsg{conv: m.Conversation, key: key, id: id, err: err}
	}
}

func saveSetting(ctx context.Context, st *store.Store, k, v string) tea.Cmd {
	return func() tea.Msg {
		return storeDoneMsg{what: "save " + k, err: st.SetSetting(ctx, k, v)}
	}
}

func markAlertsRead(ctx context.Context, st *store.Store, ids []int64) tea.Cmd {
	ids = slices.Clone(ids)
	return func() tea.Msg {
		if len(ids) == 0 {
			return storeDoneMsg{what: "mark alerts read"}
		}
		return storeDoneMsg{what: "mark alerts read", err: st.MarkAlertsRead(ctx, ids...)}
	}
}

// markAllAlertsRead is /read: the store marks every alert read when given
// no ids.
func markAllAlertsRead(ctx context.Context, st *store.Store) tea.Cmd {
	return func() tea.Msg {
		return storeDoneMsg{what: "mark alerts read", err: st.MarkAlertsRead(ctx)}
	}
}

// replyMessage is how an answer is stored.
func replyMessage(conv string, r assistant.Reply, failed bool, at time.Time) store.Message {
	m := store.Message{Conversation: conv, Role: "penny", Body: r.Text, Created: at}
	d := replyData{Intent: r.Intent, Table: r.Table, Chart: r.Chart, Suggestions: r.Suggestions, Failed: failed}
	if d.Table != nil || d.Chart != nil || len(d.Suggestions) > 0 || failed {
		if b, err := json.Marshal(d); err == nil {
			m.Data = string(b)
		}
	}
	return m
}

// failure is the answer shown when asking failed.
func failure(err error) assistant.Reply {
	return assistant.Reply{Intent: "error", Text: fmt.Sprintf("Sorry, I could not answer that: %v", err)}
}

// markAccountsRead saves each account's newest transaction as seen.
func markAccountsRead(ctx context.Context, st *store.Store, ids []int64) tea.Cmd {
	return func() tea.Msg {
		for _, id := range ids {
			txs, err := st.Transactions(ctx, store.TxQuery{AccountIDs: []int64{id}, Limit: pageSize})
			if err != nil {
				return storeDoneMsg{what: "mark accounts read", err: err}
			}
			var newest int64
			for _, t := range txs {
				newest = max(newest, t.ID)
			}
			if err := st.SetSetting(ctx, readKey(id), strconv.FormatInt(newest, 10)); err != nil {
				return storeDoneMsg{what: "mark accounts read", err: err}
			}
		}
		return storeDoneMsg{what: "mark accounts read"}
	}
}
