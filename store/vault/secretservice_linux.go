package vault

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// secretServiceGet reads one secret from the Secret Service's login
// collection on a connection of its own, in three round trips: the bus's
// authentication, the Hello every connection starts with and the item
// search go out in one write; then the session's opening; then the secret
// is asked for, the session's close sent with it without waiting for an
// answer. go-keyring's Get makes seven calls, one after the other (the
// collection list, an unlock of the collection, the search, the session,
// an unlock of the item, the secret, the close), on a connection that
// itself took four exchanges to set up: on a busy machine the keyring was
// the largest part of `penny ask` after the answer itself. Anything but
// the plain case (a bus address other than a unix socket, no login
// collection, no such item, a locked item, an error) reports ok=false, and
// the caller asks go-keyring, which unlocks and prompts as it always did.
//
// The session is not opened in the first write. gnome-keyring registers
// a connection as its client from an idle callback scheduled as the
// connection's first call comes in, and that callback can run after the
// first calls are dispatched (its bug: 42.1 here, and reported against 50
// by other short-lived clients): a search dispatched first fails with an
// error, but a session opened without a client makes the daemon abort
// ("gkd_secret_service_get_pkcs11_session: assertion 'client' failed",
// then a fatal g_variant_new). With the session sent beside the search,
// that took the bench's keyring down in three of twelve runs. Once the
// search's answer is back the client exists; a search that failed so is
// asked again.
func secretServiceGet(dial LocalDialer, service, user string, timeout time.Duration) (secret string, ok bool) {
	path, ok := sessionBusSocket()
	if !ok {
		return "", false
	}
	conn, err := dial(path, timeout)
	if err != nil {
		return "", false
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	bus := &rawBus{conn: conn, rd: bufio.NewReader(conn)}

	const name = "org.freedesktop.secrets"
	search := func(out *bytes.Buffer) uint32 {
		return bus.call(out, name, "/org/freedesktop/secrets/collection/login", "org.freedesktop.Secret.Collection", "SearchItems", 0,
			map[string]string{"username": user, "service": service})
	}
	// The D-Bus specification lets a client send BEGIN without waiting for
	// OK, and the bus takes what follows BEGIN as messages (sd-bus sends
	// its Hello the same way).
	var out bytes.Buffer
	out.WriteString("\x00AUTH EXTERNAL " + fmt.Sprintf("%x", strconv.Itoa(os.Geteuid())) + "\r\nBEGIN\r\n")
	hello := bus.call(&out, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", 0)
	found := search(&out)
	if !bus.send(&out) {
		return "", false
	}
	line, err := bus.rd.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "OK ") {
		return "", false
	}
	replies := bus.replies(hello, found)
	if replies == nil || replies[hello].Type != dbus.TypeMethodReply {
		return "", false
	}
	if replies[found].Type != dbus.TypeMethodReply {
		found = search(&out)
		if replies = bus.exchange(&out, found); replies == nil || replies[found].Type != dbus.TypeMethodReply {
			return "", false
		}
	}
	var items []dbus.ObjectPath
	if dbus.Store(replies[found].Body, &items) != nil || len(items) == 0 {
		return "", false
	}
	open := bus.call(&out, name, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "OpenSession", 0,
		"plain", dbus.MakeVariant(""))
	if replies = bus.exchange(&out, open); replies == nil || replies[open].Type != dbus.TypeMethodReply {
		return "", false
	}
	var (
		output  dbus.Variant
		session dbus.ObjectPath
	)
	if dbus.Store(replies[open].Body, &output, &session) != nil || !session.IsValid() {
		return "", false
	}
	get := bus.call(&out, name, string(items[0]), "org.freedesktop.Secret.Item", "GetSecret", 0, session)
	bus.call(&out, name, string(session), "org.freedesktop.Secret.Session", "Close", dbus.FlagNoReplyExpected)
	if replies = bus.exchange(&out, get); replies == nil || replies[get].Type != dbus.TypeMethodReply {
		return "", false
	}
	var got struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}
	if dbus.Store(replies[get].Body, &got) != nil {
		return "", false
	}
	defer clear(got.Value)
	return string(got.Value), true
}

// sessionBusSocket is the session bus's unix socket: the first unix:path or
// unix:abstract address of DBUS_SESSION_BUS_ADDRESS, or without it the
// per-user socket in XDG_RUNTIME_DIR, as godbus finds it.
func sessionBusSocket() (string, bool) {
	addrs := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addrs == "" {
		if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
			p := d + "/bus"
			if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
				return p, true
			}
		}
		return "", false
	}
	for _, a := range strings.Split(addrs, ";") {
		kind, params, ok := strings.Cut(a, ":")
		if !ok || kind != "unix" {
			continue
		}
		for _, kv := range strings.Split(params, ",") {
			k, v, _ := strings.Cut(kv, "=")
			v, err := unescapeBusValue(v)
			if err != nil || v == "" {
				continue
			}
			switch k {
			case "path":
				return v, true
			case "abstract":
				return "@" + v, true
			}
		}
	}
	return "", false
}

// unescapeBusValue undoes a D-Bus address value's %xx escapes.
func unescapeBusValue(v string) (string, error) {
	if !strings.Contains(v, "%") {
		return v, nil
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '%' {
			b.WriteByte(v[i])
			continue
		}
		if i+2 >= len(v) {
			return "", errors.New("bad escape")
		}
		n, err := strconv.ParseUint(v[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}

// rawBus writes method calls and reads their replies on a bus connection
// that nothing else uses.
type rawBus struct {
	conn   net.Conn
	rd     *bufio.Reader
	serial uint32
	err    error
}

// call appends a method call to out and returns its serial.
func (b *rawBus) call(out *bytes.Buffer, dest, path, iface, member string, flags dbus.Flags, args ...any) uint32 {
	b.serial++
	msg := &dbus.Message{Type: dbus.TypeMethodCall, Flags: flags, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldDestination: dbus.MakeVariant(dest),
		dbus.FieldPath:        dbus.MakeVariant(dbus.ObjectPath(path)),
		dbus.FieldInterface:   dbus.MakeVariant(iface),
		dbus.FieldMember:      dbus.MakeVariant(member),
	}, Body: args}
	if len(args) > 0 {
		msg.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(args...))
	}
	at := out.Len()
	if err := msg.EncodeTo(out, binary.LittleEndian); err != nil {
		b.err = err
		return 0
	}
	// godbus keeps a message's serial to itself; it sits at bytes 8–11
	// of the fixed header, in the message's byte order.
	binary.LittleEndian.PutUint32(out.Bytes()[at+8:], b.serial)
	return b.serial
}

// send writes out's calls and empties it; false when the calls could not
// be made or written.
func (b *rawBus) send(out *bytes.Buffer) bool {
	if b.err != nil {
		return false
	}
	_, err := b.conn.Write(out.Bytes())
	out.Reset()
	return err == nil
}

// exchange sends out's calls and reads the replies to serials.
func (b *rawBus) exchange(out *bytes.Buffer, serials ...uint32) map[uint32]*dbus.Message {
	if !b.send(out) {
		return nil
	}
	return b.replies(serials...)
}

// replies reads messages until each serial has its reply (a method return
// or an error), by serial; nil when the connection fails. Signals (the
// bus's NameAcquired) and replies to other calls are skipped.
func (b *rawBus) replies(serials ...uint32) map[uint32]*dbus.Message {
	got := map[uint32]*dbus.Message{}
	for len(got) < len(serials) {
		msg, err := dbus.DecodeMessage(b.rd)
		if err != nil {
			return nil
		}
		rs, ok := msg.Headers[dbus.FieldReplySerial].Value().(uint32)
		if !ok || !slices.Contains(serials, rs) {
			continue
		}
		if msg.Type == dbus.TypeError || msg.Type == dbus.TypeMethodReply {
			got[rs] = msg
		}
	}
	return got
}
