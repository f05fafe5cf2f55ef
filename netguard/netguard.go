// Package netguard is the one way out of the machine. Every network request
// Penny makes goes through a Guard: it dials only the hosts of sources the
// user configured (and loopback when a test allows it), refuses plain
// http:// except to loopback, verifies TLS, never uses a proxy from the
// environment, applies timeouts and a per-source request budget, refuses
// everything when offline, and reports each request (time, source, method,
// host, path, status, bytes; never credentials or query strings) to a
// Recorder the caller provides, which keeps the network log in the vault.
//
// It imports nothing of Penny's, so any package can use it without pulling
// in the store.
package netguard

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Errors a Guard returns before any byte leaves the machine.
var (
	// ErrOffline: offline mode refuses every connection.
	ErrOffline = errors.New("offline: Penny makes no network connection (--offline or offline = true in the config)")
	// ErrHostNotAllowed: the host is not one of a configured source.
	ErrHostNotAllowed = errors.New("host not allowed: it belongs to no configured source")
	// ErrPlainHTTP: http:// to anything but loopback.
	ErrPlainHTTP = errors.New("plain http:// is refused: only https:// with a verified certificate (or loopback) is allowed")
	// ErrCredentialsInURL: user:password@ in a request URL; credentials go
	// in headers, never in the URL.
	ErrCredentialsInURL = errors.New("credentials inside a request URL are refused")
	// ErrBudget: the source's request budget is spent.
	ErrBudget = errors.New("request budget spent")
)

// Event is one request as the network log keeps it.
type Event struct {
	At       time.Time
	Source   string
	Method   string
	Host     string // host:port
	Path     string // the path alone: no query, no credentials
	Status   int    // 0 when no response came
	Sent     int64  // request body bytes
	Received int64  // response body bytes read
	Err      string
	// Ticket is what Options.Reserve returned for this request: the
	// record made before it went out. 0 when nothing was reserved.
	Ticket int64
}

// Recorder receives an Event for every request that went out (or was
// attempted). Record must be safe for concurrent use.
type Recorder interface {
	Record(Event)
}

// RecorderFunc adapts a function to a Recorder.
type RecorderFunc func(Event)

// Record calls f.
func (f RecorderFunc) Record(e Event) { f(e) }

// Options configure a Guard.
type Options struct {
	// Offline refuses every connection.
	Offline bool
	// AllowLoopback lets any loopback host be dialed, configured or not
	// (tests and the fake bank); configured loopback hosts are always
	// allowed.
	AllowLoopback bool
	// Timeout bounds each request, from dial to the end of the body; 30 s
	// when zero.
	Timeout time.Duration
	// RootCAs replaces the system's roots (tests trusting a fake bank's
	// CA); nil means the system's.
	RootCAs *x509.CertPool
	// Dial replaces the dialer (tests recording every connection).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Recorder receives every request; nil records nothing.
	Recorder Recorder
	// Reserve, when set, is called for each request that passed every
	// check, before any byte of it leaves: the caller makes the request's
	// record durable (the network log row that counts it against the
	// budget), so a process killed while the request is in flight, or
	// before its outcome is recorded, has counted it all the same. An
	// error refuses the request. The ticket comes back on the request's
	// Event.
	Reserve func(ctx context.Context, e Event) (ticket int64, err error)
	// Now is the clock for events; time.Now when nil.
	Now func() time.Time
}

// Guard checks and records every request. The zero value is not usable;
// call New.
type Guard struct {
	opt       Options
	mu        sync.Mutex
	hosts     map[string]bool // host:port allowed
	transport *http.Transport
}

// New returns a Guard that allows no host yet.
func New(opt Options) *Guard {
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	g := &Guard{opt: opt, hosts: map[string]bool{}}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	dial := dialer.DialContext
	if opt.Dial != nil {
		dial = opt.Dial
	}
	g.transport = &http.Transport{
		// Never a proxy from the environment: HTTPS_PROXY would send every
		// request's host (and, for http://, its content) to a third party.
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if err := g.check(addr); err != nil {
				return nil, err
			}
			return dial(ctx, network, addr)
		},
		TLSClientConfig:       &tls.Config{RootCAs: opt.RootCAs, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout,
		IdleConnTimeout:       30 * time.Second,
		MaxIdleConnsPerHost:   2,
	}
	return g
}

// Offline reports whether the guard refuses every connection.
func (g *Guard) Offline() bool { return g.opt.Offline }

// Allow lets the host of rawURL be contacted. It refuses URLs that are not
// https:// (http:// is allowed to loopback only).
func (g *Guard) Allow(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("netguard: %w", err)
	}
	if err := schemeOK(u); err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hosts[hostPort(u)] = true
	return nil
}

// Allowed lists the allowed hosts (host:port).
func (g *Guard) Allowed() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for h := range g.hosts {
		out = append(out, h)
	}
	return out
}

func schemeOK(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("netguard: %s: %w", u.Host, ErrPlainHTTP)
	}
	return fmt.Errorf("netguard: scheme %q: only https:// is allowed", u.Scheme)
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
		if strings.EqualFold(u.Scheme, "http") {
			port = "80"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// IsLoopback reports whether host (a name or an address) is this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// check decides whether addr (host:port) may be dialed.
func (g *Guard) check(addr string) error {
	if g.opt.Offline {
		return ErrOffline
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("netguard: %w", err)
	}
	if g.opt.AllowLoopback && IsLoopback(host) {
		return nil
	}
	g.mu.Lock()
	ok := g.hosts[net.JoinHostPort(strings.ToLower(host), port)]
	g.mu.Unlock()
	if !ok {
		return fmt.Errorf("netguard: %s: %w", addr, ErrHostNotAllowed)
	}
	return nil
}

// Budget is how many requests a source may still make in this run. A nil
// Budget is unlimited.
type Budget struct {
	mu   sync.Mutex
	left int
	used int
	why  string
}

// NewBudget allows left more requests; why says where the limit comes from,
// for the error when it is spent.
func NewBudget(left int, why string) *Budget { return &Budget{left: left, why: why} }

func (b *Budget) take() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.left <= 0 {
		return fmt.Errorf("%w: %s", ErrBudget, b.why)
	}
	b.left--
	b.used++
	return nil
}

// Left is how many requests remain.
func (b *Budget) Left() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.left
}

// Used is how many requests this budget let out.
func (b *Budget) Used() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

type logPathKey struct{}

// WithLogPath makes the request sent with ctx appear in the network log
// under path instead of its real path: a SimpleFIN claim URL carries the
// one-time token in its path, which must not be kept anywhere.
func WithLogPath(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, logPathKey{}, path)
}

// Client returns an HTTP client for source whose requests spend budget
// (nil for none). Redirects are followed only to allowed hosts.
func (g *Guard) Client(source string, budget *Budget) *http.Client {
	return &http.Client{
		Transport: &roundTripper{g: g, source: source, budget: budget},
		Timeout:   g.opt.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("netguard: too many redirects")
			}
			return nil
		},
	}
}

type roundTripper struct {
	g      *Guard
	source string
	budget *Budget
}

func (rt *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	g := rt.g
	ev := Event{At: g.opt.Now(), Source: rt.source, Method: req.Method, Host: hostPort(req.URL), Path: req.URL.Path}
	if p, ok := req.Context().Value(logPathKey{}).(string); ok {
		ev.Path = p
	}
	refuse := func(err error) (*http.Response, error) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	if g.opt.Offline {
		return refuse(ErrOffline)
	}
	if req.URL.User != nil {
		return refuse(fmt.Errorf("netguard: %s: %w", ev.Host, ErrCredentialsInURL))
	}
	if err := schemeOK(req.URL); err != nil {
		return refuse(err)
	}
	if err := g.check(ev.Host); err != nil {
		return refuse(err)
	}
	if err := rt.budget.take(); err != nil {
		return refuse(fmt.Errorf("netguard: %s: %w", rt.source, err))
	}
	if g.opt.Reserve != nil {
		t, err := g.opt.Reserve(req.Context(), ev)
		if err != nil {
			if !errors.Is(err, ErrBudget) {
				err = fmt.Errorf("the request could not be recorded before it was made, so it was not made: %w", err)
			}
			return refuse(err)
		}
		ev.Ticket = t
	}
	if req.ContentLength > 0 {
		ev.Sent = req.ContentLength
	}
	resp, err := g.transport.RoundTrip(req)
	if err != nil {
		ev.Err = err.Error()
		g.record(ev)
		return nil, err
	}
	ev.Status = resp.StatusCode
	resp.Body = &countingBody{rc: resp.Body, done: func(n int64, err error) {
		ev.Received = n
		if err != nil && !errors.Is(err, io.EOF) {
			ev.Err = err.Error()
		}
		g.record(ev)
	}}
	return resp, nil
}

func (g *Guard) record(e Event) {
	if g.opt.Recorder != nil {
		g.opt.Recorder.Record(e)
	}
}

// countingBody counts the bytes read and reports once, at EOF, on an error
// or on Close, whichever comes first.
type countingBody struct {
	rc   io.ReadCloser
	n    int64
	once sync.Once
	done func(n int64, err error)
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.n += int64(n)
	if err != nil {
		b.finish(err)
	}
	return n, err
}

func (b *countingBody) Close() error {
	err := b.rc.Close()
	b.finish(nil)
	return err
}

func (b *countingBody) finish(err error) {
	b.once.Do(func() { b.done(b.n, err) })
}

// CloseIdle closes idle connections, so that a finished sync leaves no
// socket open.
func (g *Guard) CloseIdle() { g.transport.CloseIdleConnections() }
