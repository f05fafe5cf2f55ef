package ui

import (
	"penny/assistant"
	"penny/store"
	"penny/ui/bubble"
)

// Messages that commands send back to Update. Every store query and every
// question to the assistant runs in a tea.Cmd and reports through one of
// these; Update never waits on I/O.

// accountsMsg carries the sidebar's data: the accounts (in the fingerprint
// the first refresh compares with), how many alerts are unread, and for
// each account how many of its newest transactions arrived since the user
// last looked.
type accountsMsg struct {
	fp           fingerprint
	unread       map[int64]int
	alertsUnread int
	// alertMax is the highest alert id read: alerts above it are new.
	alertMax int64
	err      error
}

// themeSettingMsg carries the theme saved by an earlier /theme.
type themeSettingMsg struct {
	name string
	err  error
}

// completionsMsg carries what tab can complete, from the assistant.
type completionsMsg struct {
	items []string
	err   error
}

// pageMsg is one page of older history from one source of a conversation.
type pageMsg struct {
	conv string
	src  int // index into the conversation's sources
	// items are oldest first.
	items []bubble.Item
	// ids are the message ids of items from the message source, so that a
	// message saved during this session is never shown twice.
	ids []int64
	// questions are the user's questions among items, for ↑ history.
	questions []string
	// next is the cursor for the page after this one: the oldest message
	// id, or the transaction offset.
	next int64
	done bool
	// newestTx is the highest transaction id in the page, to mark the
	// account read up to it.
	newestTx int64
	err      error
}

// replyMsg is Penny's answer to a question.
type replyMsg struct {
	conv     string
	question string
	// key is the "thinking" placeholder the answer replaces.
	key   string
	reply assistant.Reply
	err   error
}

// savedMsg reports that a message was stored under id.
type savedMsg struct {
	conv string
	key  string
	id   int64
	err  error
}

// storeDoneMsg reports the end of a background write (marking alerts read,
// saving a setting); only a failure matters.
type storeDoneMsg struct {
	what string
	err  error
}

// noteMsg is a line from Options.Notes; ok is false when they ended. A
// line starting "!" is an error.
type noteMsg struct {
	text    string
	err, ok bool
}

// syncDoneMsg is the end of a /sync.
type syncDoneMsg struct {
	line string
	err  error
}

// wakeMsg is Options.Wake reporting a save by another process; ok is false
// when the watch ended.
type wakeMsg struct{ ok bool }

// refreshTickMsg is the refresh timer going off.
type refreshTickMsg struct{}

// refreshMsg is what one refresh found. When changed is false only fp is
// set; nothing shown moved.
type refreshMsg struct {
	fp      fingerprint
	changed bool
	// alerts are the alerts with an id above what the chat knew, oldest
	// first; alertMax is the highest alert id read.
	alerts   []store.Alert
	alertMax int64
	// txs holds, for each loaded account transcript whose account moved,
	// its newest transactions, newest first: at most limits[id] of them,
	// so fewer means that is all the account has.
	txs    map[int64][]store.Transaction
	limits map[int64]int
	// baseTx is the highest transaction id at the fingerprint this refresh
	// compared with: rows above it were added since.
	baseTx int64
	err    error
	// unchanged: the hook said nothing moved; fp is the previous one.
	unchanged bool
}
