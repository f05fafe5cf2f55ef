package netguard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// recording is a dialer that remembers every address it was asked for.
type recording struct {
	mu    sync.Mutex
	addrs []string
}

func (r *recording) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	r.mu.Lock()
	r.addrs = append(r.addrs, addr)
	r.mu.Unlock()
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

type events struct {
	mu sync.Mutex
	ev []Event
}

func (e *events) Record(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ev = append(e.ev, ev)
}

func tlsServer(t *testing.T) *httptest.Server {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write([]byte("hello " + string(b)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func guard(t *testing.T, srv *httptest.Server, opt Options) (*Guard, *recording, *events) {
	rec, ev := &recording{}, &events{}
	opt.Dial, opt.Recorder = rec.dial, ev
	if srv != nil {
		opt.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	}
	return New(opt), rec, ev
}

func get(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestAllowedHostIsRecordedWithoutQueryOrCredentials(t *testing.T) {
	srv := tlsServer(t)
	g, rec, ev := guard(t, srv, Options{})
	if err := g.Allow(srv.URL + "/root"); err != nil {
		t.Fatal(err)
	}
	c := g.Client("bank", nil)
	req, _ := http.NewRequest("POST", srv.URL+"/accounts?start-date=1&secret=x", strings.NewReader("abc"))
	req.SetBasicAuth("user", "hunter2")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello abc" {
		t.Fatalf("body %q", body)
	}
	if len(rec.addrs) != 1 || rec.addrs[0] != srv.Listener.Addr().String() {
		t.Errorf("dialed %v", rec.addrs)
	}
	if len(ev.ev) != 1 {
		t.Fatalf("events %+v", ev.ev)
	}
	e := ev.ev[0]
	if e.Source != "bank" || e.Method != "POST" || e.Path != "/accounts" || e.Status != 200 || e.Sent != 3 || e.Received != 9 || e.Host != srv.Listener.Addr().String() {
		t.Errorf("event %+v", e)
	}
	for _, s := range []string{e.Path, e.Host, e.Err} {
		if strings.Contains(s, "secret") || strings.Contains(s, "hunter2") {
			t.Errorf("the log holds a secret: %+v", e)
		}
	}
}

func TestRefusals(t *testing.T) {
	srv := tlsServer(t)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	tests := []struct {
		name  string
		opt   Options
		allow []string
		url   string
		want  error
	}{
		{"a host of no source", Options{}, nil, srv.URL + "/x", ErrHostNotAllowed},
		{"offline, even an allowed host", Options{Offline: true}, []string{srv.URL}, srv.URL + "/x", ErrOffline},
		{"credentials in the URL", Options{}, []string{srv.URL}, strings.Replace(srv.URL, "https://", "https://u:p@", 1) + "/x", ErrCredentialsInURL},
		{"another port of an allowed host", Options{}, []string{"https://127.0.0.1:1"}, srv.URL + "/x", ErrHostNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, rec, ev := guard(t, srv, tt.opt)
			for _, a := range tt.allow {
				if err := g.Allow(a); err != nil {
					t.Fatal(err)
				}
			}
			_, err := get(g.Client("s", nil), tt.url)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if len(rec.addrs) != 0 || len(ev.ev) != 0 {
				t.Errorf("refused, yet dialed %v and recorded %v", rec.addrs, ev.ev)
			}
		})
	}
	g, _, _ := guard(t, nil, Options{})
	if err := g.Allow("http://bank.example/simplefin"); !errors.Is(err, ErrPlainHTTP) {
		t.Errorf("plain http to a remote host: %v", err)
	}
	if err := g.Allow("ftp://bank.example/"); err == nil {
		t.Error("ftp allowed")
	}
	if err := g.Allow(plain.URL); err != nil {
		t.Errorf("plain http to loopback: %v", err)
	}
}

func TestTLSIsVerified(t *testing.T) {
	srv := tlsServer(t)
	g, _, ev := guard(t, nil, Options{}) // system roots: the test server's certificate is unknown
	if err := g.Allow(srv.URL); err != nil {
		t.Fatal(err)
	}
	_, err := get(g.Client("s", nil), srv.URL)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err %v, want a certificate error", err)
	}
	if len(ev.ev) != 1 || ev.ev[0].Err == "" || ev.ev[0].Status != 0 {
		t.Errorf("the failed attempt is logged: %+v", ev.ev)
	}
}

func TestProxyFromTheEnvironmentIsIgnored(t *testing.T) {
	srv := tlsServer(t)
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:9")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:9")
	g, rec, _ := guard(t, srv, Options{})
	_ = g.Allow(srv.URL)
	if _, err := get(g.Client("s", nil), srv.URL); err != nil {
		t.Fatal(err)
	}
	if len(rec.addrs) != 1 || rec.addrs[0] != srv.Listener.Addr().String() {
		t.Errorf("dialed %v, want the server itself", rec.addrs)
	}
}

func TestBudget(t *testing.T) {
	srv := tlsServer(t)
	g, rec, _ := guard(t, srv, Options{})
	_ = g.Allow(srv.URL)
	b := NewBudget(2, "2 a day")
	c := g.Client("s", b)
	for i := range 2 {
		if _, err := get(c, srv.URL); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	_, err := get(c, srv.URL)
	if !errors.Is(err, ErrBudget) || !strings.Contains(err.Error(), "2 a day") {
		t.Fatalf("third request: %v", err)
	}
	if b.Used() != 2 || b.Left() != 0 || len(rec.addrs) > 2 {
		t.Errorf("used %d, left %d, dials %v", b.Used(), b.Left(), rec.addrs)
	}
}

func TestLogPathOverride(t *testing.T) {
	srv := tlsServer(t)
	g, _, ev := guard(t, srv, Options{})
	_ = g.Allow(srv.URL)
	req, _ := http.NewRequestWithContext(WithLogPath(t.Context(), "/claim/…"), "POST", srv.URL+"/claim/SECRET-TOKEN", nil)
	resp, err := g.Client("s", nil).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(ev.ev) != 1 || ev.ev[0].Path != "/claim/…" {
		t.Errorf("events %+v", ev.ev)
	}
}

func TestLoopbackOnlyWhenAllowed(t *testing.T) {
	srv := tlsServer(t)
	g, rec, _ := guard(t, srv, Options{AllowLoopback: true})
	if _, err := get(g.Client("s", nil), srv.URL); err != nil {
		t.Fatalf("AllowLoopback: %v", err)
	}
	if len(rec.addrs) != 1 {
		t.Errorf("dials %v", rec.addrs)
	}
	if !IsLoopback("127.0.0.1") || !IsLoopback("::1") || !IsLoopback("localhost") || IsLoopback("10.0.0.1") || IsLoopback("bank.example") {
		t.Error("IsLoopback")
	}
}

// Reserve runs before a request leaves, and its ticket comes back on the
// request's event; a reservation that fails stops the request before any
// connection, and says why.
func TestReserveComesFirst(t *testing.T) {
	var hits int
	var mu sync.Mutex
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	var reserved []Event
	fail := false
	g, rec, ev := guard(t, srv, Options{Reserve: func(ctx context.Context, e Event) (int64, error) {
		mu.Lock()
		defer mu.Unlock()
		if hits != len(reserved) {
			t.Errorf("reserved after the request reached the server")
		}
		if fail {
			return 0, errors.New("disk full")
		}
		reserved = append(reserved, e)
		return int64(len(reserved) * 10), nil
	}})
	_ = g.Allow(srv.URL)
	c := g.Client("bank", nil)
	for range 2 {
		if _, err := get(c, srv.URL+"/accounts"); err != nil {
			t.Fatal(err)
		}
	}
	if len(ev.ev) != 2 || ev.ev[0].Ticket != 10 || ev.ev[1].Ticket != 20 || reserved[0].Path != "/accounts" || reserved[0].Source != "bank" {
		t.Fatalf("events %+v, reserved %+v", ev.ev, reserved)
	}
	fail = true
	dials := len(rec.addrs)
	_, err := get(c, srv.URL+"/accounts")
	if err == nil || !strings.Contains(err.Error(), "could not be recorded before it was made, so it was not made") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("a failed reservation: %v", err)
	}
	c.CloseIdleConnections()
	if hits != 2 || len(rec.addrs) != dials {
		t.Errorf("the server saw %d requests, dials %v", hits, rec.addrs)
	}
	fail = false
	g2, _, _ := guard(t, srv, Options{Reserve: func(ctx context.Context, e Event) (int64, error) {
		return 0, fmt.Errorf("%w: 24 of 24 used", ErrBudget)
	}})
	_ = g2.Allow(srv.URL)
	if _, err := get(g2.Client("bank", nil), srv.URL); !errors.Is(err, ErrBudget) || strings.Contains(err.Error(), "recorded") {
		t.Errorf("a reservation over budget: %v", err)
	}
}

// DialLocal reaches a unix socket, and an address that names a host and
// port is a file name to it, never a TCP connection.
func TestDialLocalIsUnixOnly(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "s")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c, err := DialLocal(sock, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if c.RemoteAddr().Network() != "unix" {
		t.Fatalf("dialed %s", c.RemoteAddr().Network())
	}
	c.Close()
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer tcp.Close()
	if c, err := DialLocal(tcp.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Fatalf("DialLocal(%q) connected", tcp.Addr())
	}
}
