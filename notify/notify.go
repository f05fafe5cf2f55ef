// Package notify delivers Penny's alerts outside the chat: terminal
// notifications (OSC 9, OSC 777, OSC 99 or a bell), macOS notifications
// through osascript, and, through the Sender interface, desktop
// notifications over the freedesktop D-Bus interface (notify/desktop, which
// only package main links). Nothing here talks to a network: every sender hands the text to
// a process or terminal on the same machine.
//
// A Deliverer turns new alerts into notifications: private mode (the default)
// shows what kind of alert it is and on which account but no amount and no
// merchant; quiet hours hold notifications (the alerts themselves are raised
// and stored as always); a burst becomes one "5 new alerts" notification. It
// records the last alert delivered in the store's settings, so alerts raised
// just before a crash are delivered on the next start, once.
//
// Every title and body is sanitized with sanitize.Line before it leaves:
// alert text quotes bank descriptors, and neither a terminal nor a
// notification server should ever see an escape sequence that came from a
// bank.
package notify

import (
	"context"
	"strings"
	"time"

	"penny/alerts"
	"penny/sanitize"
	"penny/store"
)

// Urgency levels, as the freedesktop specification numbers them.
const (
	Low      = 0
	Normal   = 1
	Critical = 2
)

// DefaultTimeout bounds every exchange with a notification server or helper
// program: a hung one must not hang the daemon.
const DefaultTimeout = 5 * time.Second

// DefaultAppName names Penny to notification servers.
const DefaultAppName = "Penny"

// Notification is one message for the user.
type Notification struct {
	Title, Body string
	Urgency     int
	AppName     string
}

// Sender delivers a notification somewhere.
type Sender interface {
	Send(ctx context.Context, n Notification) error
}

// UrgencyOf maps an alert severity to an urgency: danger is critical (it may
// stay on screen), info is low (it may go straight to the notification list).
func UrgencyOf(severity string) int {
	switch severity {
	case alerts.Danger:
		return Critical
	case alerts.Info:
		return Low
	}
	return Normal
}

// FromAlert is the notification for one alert; private hides amounts and
// merchants (see alerts.Describe).
func FromAlert(a store.Alert, private bool) Notification {
	title, body := alerts.Describe(a, private)
	return Notification{Title: title, Body: body, Urgency: UrgencyOf(a.Severity), AppName: DefaultAppName}
}

// line is sanitize.Line made to take its full pass: its fast path stops
// looking for C0 controls after the first non-ASCII byte, so "CAFÉ\x1b[2J"
// would pass through unchanged. A leading NUL forces the full pass; its
// picture is removed after.
func line(s string) string {
	return strings.TrimPrefix(sanitize.Line("\x00"+s), "\u2400")
}

// Clean is what every sender does first: one line of inert text, the app
// name filled in, the urgency in range.
func Clean(n Notification) Notification {
	n.Title = line(n.Title)
	n.Body = line(n.Body)
	n.AppName = line(n.AppName)
	if n.AppName == "" {
		n.AppName = DefaultAppName
	}
	if n.Urgency < Low || n.Urgency > Critical {
		n.Urgency = Normal
	}
	return n
}
