package fakebank

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Fault is what the network does to the next request of a kind.
type Fault int

// The faults a test can inject.
const (
	// FaultClose drops the connection after half the response body.
	FaultClose Fault = iota + 1
	// Fault500 answers 500 Internal Server Error.
	Fault500
	// FaultTruncated answers 200 with the first half of the body, complete
	// as far as HTTP is concerned: the JSON or OFX itself is cut.
	FaultTruncated
	// FaultHang never answers: the client's timeout must end the request.
	FaultHang
)

// Request is one request a fake server received, for tests to inspect.
type Request struct {
	Method string
	Host   string
	Path   string
	Query  string
	Status int
}

// server is what both fake servers share: the TLS listener, the bank, the
// request log and the fault queue.
type server struct {
	mu       sync.Mutex
	bank     *Bank
	srv      *httptest.Server
	done     chan struct{}
	requests []Request
	faults   []Fault
	observe  func(Request)
	// Now is the clock that counts requests per day.
	now func() time.Time
}

func (s *server) start(ca *CA, h http.Handler) {
	s.done = make(chan struct{})
	if s.now == nil {
		s.now = time.Now
	}
	s.srv = httptest.NewUnstartedServer(h)
	s.srv.TLS = ca.ServerConfig()
	s.srv.Config.ErrorLog = nil
	s.srv.StartTLS()
}

// Close stops the server; requests left hanging are released.
func (s *server) Close() {
	close(s.done)
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// URL is the server's base URL, https://127.0.0.1:PORT.
func (s *server) URL() string { return s.srv.URL }

// Addr is the server's host:port.
func (s *server) Addr() string { return s.srv.Listener.Addr().String() }

// Requests returns every request received so far.
func (s *server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Fail queues faults for the next data requests (SimpleFIN /accounts, OFX
// statement posts), one fault per request.
func (s *server) Fail(f Fault, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.faults = append(s.faults, f)
	}
}

// Update runs fn on the bank under the server's lock, for scenario changes
// not covered by a method.
func (s *server) Update(fn func(b *Bank)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.bank)
}

// nextFault takes the next queued fault; call with the lock held.
func (s *server) nextFault() Fault {
	if len(s.faults) == 0 {
		return 0
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f
}

// Observe calls fn with each request as it arrives, before it is answered
// (a test kills the client then, to see what a request in flight leaves
// behind). fn runs under the server's lock and must not call the server.
func (s *server) Observe(fn func(Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observe = fn
}

func (s *server) log(r *http.Request, status int) {
	req := Request{Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.RawQuery, Status: status}
	s.requests = append(s.requests, req)
	if s.observe != nil {
		s.observe(req)
	}
}

// deliver writes body under fault f. It must be called without the lock.
func (s *server) deliver(w http.ResponseWriter, r *http.Request, f Fault, contentType string, body []byte) {
	switch f {
	case Fault500:
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return
	case FaultTruncated:
		body = body[:len(body)/2]
	case FaultClose:
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		// Closing the connection mid-body: the client sees an unexpected
		// EOF.
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(body)
}
