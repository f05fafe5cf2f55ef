// Package bubble draws the pieces of a conversation: message bubbles (yours
// on the right, Penny's and the bank's on the left), the tables, bar charts
// and sparklines inside Penny's answers, and day separators. Everything is a
// pure function of an Item, the Styles and a width, which is what lets the
// transcript cache each bubble's lines.
//
// Every string that came from the store or the assistant is passed through
// sanitize.Line here, at the last moment before it is measured and drawn,
// so no code path can forget it.
package bubble

import (
	"time"

	"penny/assistant"
	"penny/store"
)

// Role says who speaks in a bubble, which decides its side and its edge.
type Role int

// The roles of a conversation.
const (
	// User is you: right-aligned.
	User Role = iota
	// Penny is the assistant's answers and notes.
	Penny
	// Bank is a transaction shown as the bank's text message.
	Bank
	// Alert is one of Penny's alerts (large charge, duplicate, ...).
	Alert
)

// Item is one entry of a transcript.
type Item struct {
	// Key identifies the item within its conversation ("m:12", "t:873",
	// "a:4", "local:3"), so the transcript can replace or drop it.
	Key  string
	Role Role
	// Time is when it happened, in the zone it is shown in. For a bank
	// transaction it is the posting day at local midnight, which orders
	// and groups it by the day the bank booked it.
	Time time.Time
	// Text is the message, as stored: sanitized when drawn.
	Text string
	// Reply holds the table, chart and suggestions of Penny's answer.
	Reply *assistant.Reply
	// Tx is the transaction of a Bank item.
	Tx *store.Transaction
	// Alert is the alert of an Alert item.
	Alert *store.Alert
	// Failed marks an answer that is an error message.
	Failed bool
	// Thinking marks the placeholder shown while Penny works on an answer.
	Thinking bool
}
