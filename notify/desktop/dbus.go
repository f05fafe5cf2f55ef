// Package desktop sends Penny's notifications to the desktop's notification
// server over the D-Bus session bus (org.freedesktop.Notifications). It is
// a notify.Sender of its own package so that only the program's entry point
// links D-Bus: the chat (assistant, ui) never sends a desktop notification
// itself, and docs/design.md's import rules keep it so.
package desktop

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"

	"penny/notify"
)

// The freedesktop Desktop Notifications interface.
const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// Errors of the D-Bus sender.
var (
	// ErrNoSessionBus: no session bus could be reached (a headless machine,
	// or DBUS_SESSION_BUS_ADDRESS unset and no /run/user/UID/bus).
	ErrNoSessionBus = errors.New("notify: no D-Bus session bus")
	// ErrNoServer: the session bus works but no notification server owns,
	// or can be started for, org.freedesktop.Notifications.
	ErrNoServer = errors.New("notify: no notification server on the D-Bus session bus")
)

// DBus sends notifications to the desktop's notification server over the
// session bus (org.freedesktop.Notifications.Notify).
type DBus struct {
	conn *dbus.Conn
	// Timeout bounds each call; zero means notify.DefaultTimeout.
	Timeout time.Duration
	// markup: the server renders a subset of HTML in bodies, so bank text
	// must have its <, > and & escaped or it could become a link or an image.
	markup bool
	// Server is what the server says it is (name, vendor, version, spec).
	Server [4]string
}

// NewDBus connects to the session bus and checks that a notification server
// is there (running, or startable by D-Bus activation). It never launches a
// bus itself: dbus-launch would leave a daemon behind.
func NewDBus() (*DBus, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	// Auth and Hello block on the socket; closing the connection is the only
	// way to stop them, hence the goroutine.
	done := make(chan error, 1)
	go func() {
		if err := conn.Auth(nil); err != nil {
			done <- err
			return
		}
		done <- conn.Hello()
	}()
	select {
	case err = <-done:
	case <-time.After(notify.DefaultTimeout):
		err = errors.New("no answer from the bus")
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	d := &DBus{conn: conn}
	ctx, cancel := context.WithTimeout(context.Background(), notify.DefaultTimeout)
	defer cancel()
	if err := d.checkServer(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return d, nil
}

func (d *DBus) checkServer(ctx context.Context) error {
	bus := d.conn.BusObject()
	var owned bool
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, notifyName).Store(&owned); err != nil {
		return fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	if !owned {
		var names []string
		if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
			return fmt.Errorf("%w: %v", ErrNoSessionBus, err)
		}
		if !slices.Contains(names, notifyName) {
			return fmt.Errorf("%w (nothing owns %s)", ErrNoServer, notifyName)
		}
	}
	obj := d.conn.Object(notifyName, notifyPath)
	var caps []string
	if err := obj.CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		return d.callError(err)
	}
	d.markup = slices.Contains(caps, "body-markup")
	var s [4]string
	if err := obj.CallWithContext(ctx, notifyIface+".GetServerInformation", 0).Store(&s[0], &s[1], &s[2], &s[3]); err == nil {
		d.Server = s
	}
	return nil
}

// Close closes the connection to the bus.
func (d *DBus) Close() error { return d.conn.Close() }

// Notify shows n and returns the server's id for it.
func (d *DBus) Notify(ctx context.Context, n notify.Notification) (uint32, error) {
	n = notify.Clean(n)
	body := n.Body
	if d.markup {
		body = escapeMarkup(body)
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = notify.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(n.Urgency))}
	var id uint32
	// replaces_id 0: a new notification; no icon, no actions; expire -1:
	// the server's default.
	err := d.conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".Notify", 0,
		n.AppName, uint32(0), "", n.Title, body, []string{}, hints, int32(-1)).Store(&id)
	if err != nil {
		return 0, d.callError(err)
	}
	return id, nil
}

// Send is Notify for the Sender interface.
func (d *DBus) Send(ctx context.Context, n notify.Notification) error {
	_, err := d.Notify(ctx, n)
	return err
}

func (d *DBus) callError(err error) error {
	var de dbus.Error
	if errors.As(err, &de) && (de.Name == "org.freedesktop.DBus.Error.ServiceUnknown" || de.Name == "org.freedesktop.DBus.Error.NameHasNoOwner") {
		return fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("notify: the notification server did not answer in time: %w", err)
	}
	return fmt.Errorf("notify: %w", err)
}

// escapeMarkup escapes the characters the notification body markup gives a
// meaning to.
func escapeMarkup(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
