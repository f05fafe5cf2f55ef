package vault

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// The session bus's socket comes from the first unix address that names
// one, escapes undone; an address of another kind is passed over, and none
// at all means go-keyring decides.
func TestSessionBusSocket(t *testing.T) {
	for addr, want := range map[string]string{
		"unix:path=/run/user/1000/bus":                          "/run/user/1000/bus",
		"unix:path=/tmp/dbus-p8aQSy9YxJ,guid=0cae9a3fc86024891": "/tmp/dbus-p8aQSy9YxJ",
		"unix:abstract=/tmp/dbus-Xy,guid=1":                     "@/tmp/dbus-Xy",
		"tcp:host=localhost,port=1;unix:path=/a%20b%2cc":        "/a b,c",
		"unix:guid=1,path=/x":                                   "/x",
		"tcp:host=localhost,port=1":                             "",
		"unix:runtime=yes":                                      "",
		"unix:path=/bad%2":                                      "",
		"autolaunch:":                                           "",
	} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		got, ok := sessionBusSocket()
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q, %v; want %q", addr, got, ok, want)
		}
	}
}

// The calls a fast read sends are the messages godbus would send, serials
// included: a bus reading them back finds each method and its arguments.
func TestRawBusCallsDecode(t *testing.T) {
	var out bytes.Buffer
	b := &rawBus{}
	s1 := b.call(&out, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", 0)
	s2 := b.call(&out, "org.freedesktop.secrets", "/org/freedesktop/secrets/collection/login", "org.freedesktop.Secret.Collection",
		"SearchItems", 0, map[string]string{"service": "penny", "username": "v1"})
	s3 := b.call(&out, "org.freedesktop.secrets", "/s/1", "org.freedesktop.Secret.Session", "Close", dbus.FlagNoReplyExpected)
	if b.err != nil || s1 != 1 || s2 != 2 || s3 != 3 {
		t.Fatalf("serials %d %d %d, %v", s1, s2, s3, b.err)
	}
	rd := bufio.NewReader(&out)
	for i, want := range []struct {
		serial uint32
		member string
		flags  dbus.Flags
	}{{1, "Hello", 0}, {2, "SearchItems", 0}, {3, "Close", dbus.FlagNoReplyExpected}} {
		msg, err := dbus.DecodeMessage(rd)
		if err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
		if msg.Serial() != want.serial || msg.Headers[dbus.FieldMember].Value() != want.member || msg.Flags != want.flags {
			t.Fatalf("message %d: %v", i+1, msg)
		}
		if want.member == "SearchItems" {
			var attrs map[string]string
			if err := dbus.Store(msg.Body, &attrs); err != nil || attrs["username"] != "v1" || attrs["service"] != "penny" {
				t.Fatalf("search attributes %v, %v", attrs, err)
			}
		}
	}
}

// A bus that answers with an error, or hangs up, makes the fast read give
// way to go-keyring (ok false), whatever it was asked.
func TestFastReadGivesWayOnABadBus(t *testing.T) {
	for name, serve := range map[string]func(c net.Conn){
		"hangs up": func(c net.Conn) {},
		"rejects":  func(c net.Conn) { c.Write([]byte("REJECTED EXTERNAL\r\n")) },
		"errors": func(c net.Conn) {
			c.Write([]byte("OK 0123456789abcdef0123456789abcdef\r\n"))
			msg := &dbus.Message{Type: dbus.TypeError, Headers: map[dbus.HeaderField]dbus.Variant{
				dbus.FieldReplySerial: dbus.MakeVariant(uint32(1)),
				dbus.FieldErrorName:   dbus.MakeVariant("org.freedesktop.DBus.Error.AccessDenied"),
			}}
			var b bytes.Buffer
			if err := msg.EncodeTo(&b, binary.LittleEndian); err != nil {
				panic(err)
			}
			binary.LittleEndian.PutUint32(b.Bytes()[8:], 1)
			c.Write(b.Bytes())
		},
	} {
		t.Run(name, func(t *testing.T) {
			sock := filepath.Join(t.TempDir(), "bus")
			l, err := net.Listen("unix", sock)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			go func() {
				c, err := l.Accept()
				if err != nil {
					return
				}
				defer c.Close()
				// Read the client's first write, as a bus would.
				buf := make([]byte, 4096)
				_, _ = c.Read(buf)
				serve(c)
			}()
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
			dial := func(path string, timeout time.Duration) (net.Conn, error) {
				return net.DialTimeout("unix", path, timeout)
			}
			if s, ok := secretServiceGet(dial, "penny", "v"+strconv.Itoa(os.Getpid()), 2*time.Second); ok || s != "" {
				t.Fatalf("%q, %v from a bus that %s", s, ok, name)
			}
		})
	}
}

// fakeSecrets is a bus with a Secret Service behind it that answers the
// fast read's calls one at a time, failing the first search as
// gnome-keyring does when it dispatches a connection's first call before
// it registered the connection as a client. Before it answers each call it
// checks that nothing more was sent: the session must not be opened
// before the search's answer is back (gnome-keyring aborts on a session
// opened without a client).
func fakeSecrets(t *testing.T, c net.Conn, failures chan<- string) {
	defer c.Close()
	fail := func(format string, args ...any) {
		failures <- fmt.Sprintf(format, args...)
	}
	rd := bufio.NewReader(c)
	if line, err := rd.ReadString('\n'); err != nil || !strings.HasPrefix(line, "\x00AUTH EXTERNAL ") {
		fail("auth line %q, %v", line, err)
		return
	}
	if line, err := rd.ReadString('\n'); err != nil || line != "BEGIN\r\n" {
		fail("begin line %q, %v", line, err)
		return
	}
	c.Write([]byte("OK 0123456789abcdef0123456789abcdef\r\n"))
	serial := uint32(100)
	answer := func(to *dbus.Message, typ dbus.Type, errName string, body ...any) {
		serial++
		msg := &dbus.Message{Type: typ, Headers: map[dbus.HeaderField]dbus.Variant{
			dbus.FieldReplySerial: dbus.MakeVariant(to.Serial())}, Body: body}
		if errName != "" {
			msg.Headers[dbus.FieldErrorName] = dbus.MakeVariant(errName)
		}
		if len(body) > 0 {
			msg.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(body...))
		}
		var b bytes.Buffer
		if err := msg.EncodeTo(&b, binary.LittleEndian); err != nil {
			fail("encode: %v", err)
			return
		}
		binary.LittleEndian.PutUint32(b.Bytes()[8:], serial)
		c.Write(b.Bytes())
	}
	next := func(member string, alone bool) *dbus.Message {
		msg, err := dbus.DecodeMessage(rd)
		if err != nil {
			fail("reading %s: %v", member, err)
			return nil
		}
		if got := msg.Headers[dbus.FieldMember].Value(); got != member {
			fail("got %v, want %s", got, member)
			return nil
		}
		if alone {
			c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			if _, err := rd.Peek(1); err == nil {
				fail("more was sent with %s, before its answer", member)
				return nil
			}
			c.SetReadDeadline(time.Time{})
		}
		return msg
	}
	steps := []struct {
		member string
		answer func(m *dbus.Message)
	}{
		{"Hello", func(m *dbus.Message) { answer(m, dbus.TypeMethodReply, "", ":1.42") }},
		{"SearchItems", func(m *dbus.Message) {
			answer(m, dbus.TypeError, "org.freedesktop.DBus.Error.UnknownMethod", "no client yet")
		}},
		{"SearchItems", func(m *dbus.Message) {
			answer(m, dbus.TypeMethodReply, "", []dbus.ObjectPath{"/org/freedesktop/secrets/collection/login/7"})
		}},
		{"OpenSession", func(m *dbus.Message) {
			answer(m, dbus.TypeMethodReply, "", dbus.MakeVariant(""), dbus.ObjectPath("/org/freedesktop/secrets/session/3"))
		}},
		{"GetSecret", func(m *dbus.Message) {
			answer(m, dbus.TypeMethodReply, "", struct {
				Session     dbus.ObjectPath
				Parameters  []byte
				Value       []byte
				ContentType string
			}{"/org/freedesktop/secrets/session/3", []byte{}, []byte("the data key"), "text/plain"})
		}},
	}
	for i, s := range steps {
		// Hello and the first search come together, and the secret's
		// request with the session's close; every other call waits for
		// the answer before it.
		m := next(s.member, i > 0 && s.member != "GetSecret")
		if m == nil {
			return
		}
		s.answer(m)
	}
	if m := next("Close", false); m != nil && m.Flags&dbus.FlagNoReplyExpected == 0 {
		fail("the session's close asks for a reply")
	}
	failures <- ""
}

func TestFastReadOpensTheSessionOnlyOnceTheSearchIsAnswered(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	failures := make(chan string, 8)
	go func() {
		c, err := l.Accept()
		if err != nil {
			failures <- err.Error()
			return
		}
		fakeSecrets(t, c, failures)
	}()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	dial := func(path string, timeout time.Duration) (net.Conn, error) {
		return net.DialTimeout("unix", path, timeout)
	}
	s, ok := secretServiceGet(dial, "penny", "v1", 5*time.Second)
	if f := <-failures; f != "" {
		t.Fatal(f)
	}
	if !ok || s != "the data key" {
		t.Fatalf("read %q, %v", s, ok)
	}
}
