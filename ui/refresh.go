package ui

import (
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"penny/store"
	"penny/ui/bubble"
)

// Refreshing shows what another process or goroutine wrote while the chat
// runs: `penny daemon` importing a bank file and raising alerts, or a sync
// in the background. A timer (tick) starts a refresh Cmd that calls
// Options.Refresh and compares a fingerprint of the store; only when the
// fingerprint moved does it read more, and onRefresh merges what it read:
// the sidebar's accounts and badges, new alerts, and the newest
// transactions of the loaded account transcripts.

// alertsPage is how many alerts one read fetches: the store has no paging
// for them.
const alertsPage = 500

// fingerprint tells cheaply whether anything the chat shows may have
// changed: the data version (row counts, the highest transaction id and a
// weighted sum of balances), the newest alert, and the accounts as the
// sidebar shows them.
type fingerprint struct {
	version  store.DataVersion
	alert    int64
	accounts []store.Account
}

// same reports whether two fingerprints are equal.
func (f fingerprint) same(g fingerprint) bool {
	return f.version == g.version && f.alert == g.alert && slices.EqualFunc(f.accounts, g.accounts, sameAccount)
}

// sameAccount compares what the chat shows of an account, and the counts
// that move when its transactions change.
func sameAccount(a, b store.Account) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Type == b.Type && a.Currency == b.Currency &&
		a.Balance == b.Balance && a.Pending == b.Pending && a.TxCount == b.TxCount &&
		a.Closed == b.Closed && a.LastPosted.Equal(b.LastPosted) &&
		samePtr(a.BankBalance, b.BankBalance) && samePtr(a.BankAvailable, b.BankAvailable) &&
		a.BankBalanceDate.Equal(b.BankBalanceDate)
}

func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// refreshState is the refresh timer's part of the model.
type refreshState struct {
	// live: a fingerprint was taken, so what differs from it is news.
	live bool
	fp   fingerprint
	// alertMax is the highest alert id known; alerts above it are new.
	alertMax int64
	// running: a refresh is under way, so a tick does not start another;
	// again: something asked for one meanwhile.
	running, again bool
	// lastErr is the error last shown, so a failure that repeats every
	// tick is shown once rather than over whatever the user reads.
	lastErr string
}

// adopt takes fp as what the chat shows.
func (r *refreshState) adopt(fp fingerprint, alertMax int64) {
	r.live = true
	r.fp = fp
	r.alertMax = max(r.alertMax, alertMax)
}

// tick arms the refresh timer; nil when refreshing is off.
func (m Model) tick() tea.Cmd {
	if m.opt.Store == nil || m.opt.RefreshEvery < 0 {
		return nil
	}
	return tea.Tick(m.opt.RefreshEvery, func(time.Time) tea.Msg { return refreshTickMsg{} })
}

// onRefreshTick re-arms the timer and starts a refresh.
func (m Model) onRefreshTick() (tea.Model, tea.Cmd) {
	if m.opt.Store == nil {
		return m, nil
	}
	next := m.tick()
	// A tick while a refresh runs is dropped: the next one comes soon.
	mm, cmd := m.startRefresh(false)
	return mm, tea.Batch(cmd, next)
}

// waitWake waits for Options.Wake; nil when there is none.
func (m Model) waitWake() tea.Cmd {
	if m.opt.Wake == nil || m.opt.Store == nil {
		return nil
	}
	wake := m.opt.Wake
	return func() tea.Msg {
		_, ok := <-wake
		return wakeMsg{ok: ok}
	}
}

// waitNote waits for a line of Options.Notes; nil when there are none.
func (m Model) waitNote() tea.Cmd {
	if m.opt.Notes == nil {
		return nil
	}
	notes := m.opt.Notes
	return func() tea.Msg {
		s, ok := <-notes
		if rest, isErr := strings.CutPrefix(s, "!"); isErr {
			return noteMsg{text: rest, err: true, ok: ok}
		}
		return noteMsg{text: s, ok: ok}
	}
}

// startRefresh starts a refresh. When one is running, queue asks for
// another when it ends: a save that lands while a refresh reads must not
// wait for the next tick.
func (m Model) startRefresh(queue bool) (Model, tea.Cmd) {
	if m.refresh.running {
		m.refresh.again = m.refresh.again || queue
		return m, nil
	}
	m.refresh.running = true
	m.refresh.again = false
	req := refreshRequest{hook: m.opt.Refresh, prev: m.refresh.fp, alertMax: m.refresh.alertMax, live: m.refresh.live}
	req.open = map[int64]int{}
	for _, c := range m.convs {
		if c.kind == kindAccount && c.opened && !c.cleared {
			// The rows fetched by paging and by refreshes are the newest
			// ones, cursor of them.
			req.open[c.account.ID] = int(c.sources[0].cursor)
		}
	}
	return m, refreshStore(m.ctx, m.opt.Store, req)
}

// onRefresh merges what a refresh found.
func (m Model) onRefresh(msg refreshMsg) (tea.Model, tea.Cmd) {
	m.refresh.running = false
	mm, cmd := m.mergeRefresh(msg)
	m = mm.(Model)
	if m.refresh.again {
		var again tea.Cmd
		m, again = m.startRefresh(true)
		cmd = tea.Batch(cmd, again)
	}
	return m, cmd
}

// mergeRefresh merges what a refresh found.
func (m Model) mergeRefresh(msg refreshMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		if e := msg.err.Error(); e != m.refresh.lastErr {
			m.refresh.lastErr = e
			if m.opt.RefreshEvery > 0 {
				m.setStatus(true, "Could not refresh (trying again every %s): %v", m.opt.RefreshEvery, msg.err)
			} else {
				m.setStatus(true, "Could not refresh: %v", msg.err)
			}
		}
		return m, nil
	}
	m.refresh.lastErr = ""
	if !m.refresh.live {
		// The accounts never loaded: this is the first look, and nothing
		// in it is news.
		m.setAccounts(msg.fp.accounts, func(*conv, store.Account, bool) {})
		m.refresh.adopt(msg.fp, msg.alertMax)
		return m, nil
	}
	if !msg.changed {
		return m, nil
	}
	cur := m.current()
	m.setAccounts(msg.fp.accounts, func(c *conv, old store.Account, isNew bool) {
		switch {
		case isNew:
			c.unread = int(min(c.account.TxCount, pageSize))
		case c != cur:
			c.unread += int(max(c.account.TxCount-old.TxCount, 0))
		}
	})
	cmds := m.newAlerts(msg.alerts)
	for id, txs := range msg.txs {
		if c := m.find(accountConv(id)); c != nil {
			cmds = append(cmds, m.newTransactions(c, txs, msg.limits[id], msg.baseTx)...)
		}
	}
	m.refresh.adopt(msg.fp, msg.alertMax)
	m.syncSidebar()
	return m, tea.Batch(cmds...)
}

// newAlerts says that alerts arrived, counts them on the Alerts badge and
// adds them to its transcript when that is loaded.
func (m *Model) newAlerts(alerts []store.Alert) []tea.Cmd {
	if len(alerts) == 0 {
		return nil
	}
	// Titles never hold amounts, so the status line may show one.
	head := headline(alerts)
	if n := len(alerts) - 1; n > 0 {
		m.setStatus(false, "New alert: %s (and %d more)", head.Title, n)
	} else {
		m.setStatus(false, "New alert: %s", head.Title)
	}
	c := m.find(convAlerts)
	if c == nil {
		return nil
	}
	if !c.opened || c.cleared {
		// Opening it loads them with the rest.
		if c != m.current() {
			c.unread += len(alerts)
		}
		return nil
	}
	var items []bubble.Item
	for _, a := range alerts {
		it := alertItem(a, m.loc)
		if !c.have[it.Key] {
			c.have[it.Key] = true
			items = append(items, it)
		}
	}
	return m.arrive(c, items)
}

// headline picks which of several new alerts (oldest first) the status
// line names: the most severe, and among equals the first raised. An
// import raises its alerts about single charges (a duplicate, a large
// charge) before those about totals (a category's spending this month),
// and the charge is what a person can act on.
func headline(alerts []store.Alert) store.Alert {
	head := alerts[0]
	for _, a := range alerts[1:] {
		if severityRank(a.Severity) > severityRank(head.Severity) {
			head = a
		}
	}
	return head
}

// severityRank orders the alerts package's severities.
func severityRank(s string) int {
	switch s {
	case "danger":
		return 2
	case "warning":
		return 1
	}
	return 0
}

// newTransactions merges into c's transcript its account's newest
// transactions (newest first), as many as it loaded, at most limit: rows added
// since the fingerprint of baseTx are appended at the bottom, rows shown
// whose details changed (a pending swipe that posted) are redrawn, shown
// rows gone from the store (replaced by their posted version, deleted) are
// removed, and rows back among the loaded ones (a delete undone) are put
// in their place. The transaction page's offset moves by as many rows, so
// paging up neither repeats nor skips one.
func (m *Model) newTransactions(c *conv, txs []store.Transaction, limit int, baseTx int64) []tea.Cmd {
	if !c.opened || c.cleared {
		return nil
	}
	src := c.sources[0]
	window := make(map[string]store.Transaction, len(txs))
	for _, t := range txs {
		window[txItem(t, m.loc).Key] = t
	}
	// Rows sorting above the oldest of a full window (limit rows) are in
	// it unless they were deleted; a short window is the whole account.
	var bottom *store.Transaction
	if len(txs) >= limit && len(txs) > 0 {
		bottom = &txs[len(txs)-1]
	}
	var changed []bubble.Item
	var gone []string
	// oldest is the oldest row loaded that stays: a row of the window
	// missing from the transcript that sorts above it was put back.
	var oldest *store.Transaction
	keep := func(t *store.Transaction) {
		if oldest == nil || newerTx(*oldest, *t) {
			oldest = t
		}
	}
	for i := range c.t.Len() {
		it := c.t.Item(i)
		if it.Tx == nil {
			continue
		}
		t, ok := window[it.Key]
		switch {
		case ok && !sameTx(*it.Tx, t):
			changed = append(changed, txItem(t, m.loc))
		case !ok && (bottom == nil || newerTx(*it.Tx, *bottom)):
			gone = append(gone, it.Key)
			continue
		}
		keep(it.Tx)
	}
	// Rows waiting in the buffer are loaded too.
	buf := src.buf[:0:0]
	for _, it := range src.buf {
		if _, ok := window[it.Key]; !ok && it.Tx != nil && (bottom == nil || newerTx(*it.Tx, *bottom)) {
			delete(c.have, it.Key)
			if src.cursor > 0 {
				src.cursor--
			}
			continue
		}
		if it.Tx != nil {
			keep(it.Tx)
		}
		buf = append(buf, it)
	}
	src.buf = buf
	for _, it := range changed {
		c.t.Replace(it.Key, it)
	}
	for _, k := range gone {
		c.t.Remove(k)
		delete(c.have, k)
		if src.fetched && src.cursor > 0 {
			src.cursor--
		}
	}
	var items []bubble.Item
	for i := len(txs) - 1; i >= 0; i-- {
		it := txItem(txs[i], m.loc)
		if c.have[it.Key] {
			continue
		}
		if txs[i].ID <= baseTx {
			// Old history: paging brings it, unless it sorts among the
			// rows loaded, where it was put back.
			if src.done || (oldest != nil && newerTx(txs[i], *oldest)) {
				c.have[it.Key] = true
				c.t.Insert(it, func(shown bubble.Item) bool { return sortsAfter(shown, it) })
				src.cursor++
			}
			continue
		}
		c.have[it.Key] = true
		c.newestTx = max(c.newestTx, txs[i].ID)
		items = append(items, it)
	}
	if src.fetched {
		src.cursor += int64(len(items))
	}
	return m.arrive(c, items)
}

// sortsAfter reports whether shown goes below it in a transcript: a later
// day, or on the same day a later transaction.
func sortsAfter(shown, it bubble.Item) bool {
	if !shown.Time.Equal(it.Time) {
		return shown.Time.After(it.Time)
	}
	return shown.Tx != nil && it.Tx != nil && shown.Tx.ID > it.Tx.ID
}

// arrive appends new items to c, in place of the note that it is empty,
// and marks them read when c is on screen.
func (m *Model) arrive(c *conv, items []bubble.Item) []tea.Cmd {
	if len(items) == 0 {
		return nil
	}
	if c.greeted {
		c.t.Remove("greeting")
	}
	c.t.Append(items...)
	if c != m.current() {
		if c.kind == kindAlerts {
			c.unread += len(items)
		}
		return nil
	}
	return m.markRead(c)
}

// sameTx compares what a bank text shows.
func sameTx(a, b store.Transaction) bool {
	return a.Amount == b.Amount && a.Pending == b.Pending && a.Payee == b.Payee && a.Memo == b.Memo &&
		a.Category == b.Category && a.Posted.Equal(b.Posted) && a.TransferID == b.TransferID
}

// newerTx reports whether a sorts before b in the store's newest-first
// order.
func newerTx(a, b store.Transaction) bool {
	if !a.Posted.Equal(b.Posted) {
		return a.Posted.After(b.Posted)
	}
	return a.ID > b.ID
}
