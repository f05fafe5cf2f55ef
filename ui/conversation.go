package ui

import (
	"slices"
	"strconv"
	"time"

	"penny/store"
	"penny/ui/bubble"
	"penny/ui/transcript"
)

// Conversation ids, as store.Message.Conversation spells them.
const (
	convPenny  = "penny"
	convAlerts = "alerts"
)

func accountConv(id int64) string { return "account:" + strconv.FormatInt(id, 10) }

type convKind int

const (
	kindPenny convKind = iota
	kindAlerts
	kindAccount
)

// sourceKind is where a conversation's history comes from.
type sourceKind int

const (
	srcMessages     sourceKind = iota // store.Messages: the chat
	srcTransactions                   // store.Transactions: the bank's texts
	srcAlerts                         // store.Alerts
)

// pageSize is how much history one lazy load fetches per source.
const pageSize = 50

// conv is one conversation: its transcript and where its history comes
// from. An account's conversation merges two histories, its transactions
// and the questions asked there, each paged lazily from newest to oldest.
type conv struct {
	id      string
	kind    convKind
	title   string
	account store.Account
	unread  int

	t       transcript.Model
	sources []*source
	opened  bool // history was asked for
	cleared bool // /clear: no more history this session
	greeted bool // the empty-history note was shown

	// shown holds the ids of stored messages in the transcript, so a page
	// and this session's own saves never show one message twice.
	shown map[int64]bool
	// have holds the keys of the transactions and alerts loaded (shown or
	// waiting in a buffer), so a page and a refresh never show one twice.
	have map[string]bool
	// newestTx is the highest transaction id loaded here: opening the
	// conversation marks the account read up to it. markedTx and
	// markedAlerts are what was already saved as read, so that paging and
	// switching back and forth do not write the same mark again: every
	// write reseals the vault.
	newestTx     int64
	markedTx     int64
	markedAlerts map[int64]bool
}

// source is one paged history of a conversation. Fetched items wait in buf
// until it is certain no other source holds something newer, so the
// transcript only ever grows at its top, in order.
type source struct {
	kind    sourceKind
	buf     []bubble.Item // fetched, not yet shown, oldest first
	oldest  time.Time     // the oldest item fetched so far
	fetched bool
	cursor  int64 // the next page: the oldest message id, or a row offset
	done    bool
	loading bool
}

func newConv(id string, kind convKind, title string, t transcript.Model) *conv {
	c := &conv{
		id: id, kind: kind, title: title, t: t,
		shown: map[int64]bool{}, have: map[string]bool{}, markedAlerts: map[int64]bool{},
	}
	switch kind {
	case kindAlerts:
		c.sources = []*source{{kind: srcAlerts}, {kind: srcMessages}}
	case kindAccount:
		c.sources = []*source{{kind: srcTransactions}, {kind: srcMessages}}
	default:
		c.sources = []*source{{kind: srcMessages}}
	}
	return c
}

// wanted lists the sources to fetch a page from now: the live ones with
// nothing waiting, when the view is close to the top of what is loaded.
func (c *conv) wanted() []int {
	if c.cleared || !c.t.NearTop() {
		return nil
	}
	var out []int
	for i, s := range c.sources {
		if !s.done && !s.loading && len(s.buf) == 0 {
			out = append(out, i)
		}
	}
	return out
}

// loading reports whether any page is on its way.
func (c *conv) loading() bool {
	return slices.ContainsFunc(c.sources, func(s *source) bool { return s.loading })
}

// receive files a page into its source's buffer.
func (c *conv) receive(msg pageMsg) {
	s := c.sources[msg.src]
	s.loading = false
	if msg.err != nil {
		// Stop paging this source rather than retry in a loop; the error
		// is shown in the status line.
		s.done = true
		return
	}
	items := msg.items
	kept := items[:0:0]
	for i, it := range items {
		switch {
		case s.kind == srcMessages:
			if c.shown[msg.ids[i]] {
				continue
			}
			c.shown[msg.ids[i]] = true
		case c.have[it.Key]:
			// A refresh brought it already.
			continue
		default:
			c.have[it.Key] = true
		}
		kept = append(kept, it)
	}
	items = kept
	s.fetched = true
	if len(msg.items) > 0 {
		s.oldest = msg.items[0].Time
	}
	s.buf = append(items, s.buf...)
	s.cursor = msg.next
	s.done = msg.done
	c.newestTx = max(c.newestTx, msg.newestTx)
}

// release takes from the buffers every item that is certainly newer than
// anything still unfetched, oldest first: the items at or after the newest
// of the live sources' oldest fetched items.
func (c *conv) release() []bubble.Item {
	var cutoff time.Time
	live := false
	for _, s := range c.sources {
		if s.done {
			continue
		}
		if !s.fetched {
			return nil // cannot know yet what it holds
		}
		live = true
		if s.oldest.After(cutoff) {
			cutoff = s.oldest
		}
	}
	var out []bubble.Item
	for _, s := range c.sources {
		i := len(s.buf)
		for live && i > 0 && !s.buf[i-1].Time.Before(cutoff) {
			i--
		}
		if !live {
			i = 0
		}
		out = append(out, s.buf[i:]...)
		s.buf = s.buf[:i]
	}
	slices.SortStableFunc(out, func(a, b bubble.Item) int { return a.Time.Compare(b.Time) })
	return out
}
