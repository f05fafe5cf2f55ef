// Package livesync runs Penny's live sources: it connects them (claims a
// SimpleFIN token, signs on to an OFX server), keeps their credentials in
// the vault, and syncs them: incrementally from the last successful sync
// with an overlap, within each source's request budget, through the egress
// guard (netguard), with retries on server and network errors, applying
// each source's statements all or nothing through ingest.Apply and keeping
// every request in the vault's network log. The commands (`penny connect`,
// `penny sync`, `penny privacy`) and the daemon call it; it prints nothing.
package livesync

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"time"

	"penny/alerts"
	"penny/netguard"
	"penny/sources/ofxdirect"
	"penny/sources/simplefin"
	"penny/store"
)

// Source kinds.
const (
	KindSimpleFIN = "simplefin"
	KindOFX       = "ofx"
)

// Defaults.
const (
	// DefaultBudget is how many requests a source may make in any 24 hours:
	// SimpleFIN suggests about 24 a day, warns at 48 and blocks at 96.
	DefaultBudget = 24
	// DefaultHistoryDays is how far back the first sync reaches.
	DefaultHistoryDays = 180
	// Overlap is how far before the last successful sync each sync starts
	// again: pending rows post days later, and banks add late rows.
	Overlap = 7 * 24 * time.Hour
	// attempts is how many times a request is tried on server and network
	// errors.
	attempts = 3
)

// Env is what a sync needs: the store, and how to reach the network.
type Env struct {
	Store *store.Store
	// Offline refuses every connection.
	Offline bool
	// RootCAs, AllowLoopback, Dial and Timeout configure the egress guard
	// (tests and the fake bank); zero values are the real thing.
	RootCAs       *x509.CertPool
	AllowLoopback bool
	Dial          func(ctx context.Context, network, addr string) (net.Conn, error)
	Timeout       time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Backoff is the wait before retry n (1, 2...); 1 s, 2 s, 4 s... when
	// nil.
	Backoff func(n int) time.Duration
	// Progress, when set, hears what is happening, for a terminal.
	Progress func(msg string)
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Env) progress(format string, a ...any) {
	if e.Progress != nil {
		e.Progress(fmt.Sprintf(format, a...))
	}
}

// netlog keeps the network log of one connect or sync. Each request's row
// is written before the request goes out (reserve), in a write of its own,
// so that a Penny killed at any moment has counted every request it may
// have made; what the request did is written over that row later (settle),
// with the sync's data or alone when the sync fails. Rows reserved for
// requests never made are deleted when the rest settles. A kill leaves
// rows that read store.RequestUnsettled: they count against the budget,
// which errs toward fewer requests, never more.
type netlog struct {
	st *store.Store
	// source and limit bound the reservations: a reservation that would
	// take the source's requests of the last 24 hours past limit is
	// refused, counted inside the write itself, so two Pennys syncing at
	// once cannot both spend the last request. limit 0 checks nothing.
	source string
	limit  int
	now    func() time.Time

	mu   sync.Mutex
	ev   []netguard.Event
	pool []int64 // reserved rows no request has taken yet
}

func (e *Env) newLog(source string, limit int) *netlog {
	return &netlog{st: e.Store, source: source, limit: limit, now: e.now}
}

func (n *netlog) Record(e netguard.Event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ev = append(n.ev, e)
}

func netEvent(ev netguard.Event) store.NetEvent {
	return store.NetEvent{At: ev.At, Source: ev.Source, Method: ev.Method, Host: ev.Host, Path: ev.Path,
		Status: ev.Status, Error: ev.Err, Sent: ev.Sent, Received: ev.Received}
}

// reserve writes k rows for requests like ev about to be made, in one
// durable write, and keeps them for the requests to take.
func (n *netlog) reserve(ctx context.Context, ev netguard.Event, k int) ([]int64, error) {
	if ev.At.IsZero() {
		ev.At = n.now()
	}
	var ids []int64
	err := n.st.WithTx(ctx, func(tx *store.Store) error {
		if n.limit > 0 {
			used, err := tx.CountRequests(ctx, n.source, n.now().Add(-24*time.Hour))
			if err != nil {
				return err
			}
			if used+k > n.limit {
				return fmt.Errorf("%w: %d of the %d requests a day of source %s are used", netguard.ErrBudget, used, n.limit, n.source)
			}
		}
		for range k {
			id, err := tx.ReserveRequest(ctx, netEvent(ev))
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}

// prereserve reserves k rows at once for the requests a sync plans, so
// that they cost one vault save, not one each.
func (n *netlog) prereserve(ctx context.Context, ev netguard.Event, k int) error {
	ids, err := n.reserve(ctx, ev, k)
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.pool = append(n.pool, ids...)
	n.mu.Unlock()
	return nil
}

// Reserve is the guard's hook: a request takes a row reserved beforehand,
// or reserves its own (a retry, a request no one planned).
func (n *netlog) Reserve(ctx context.Context, ev netguard.Event) (int64, error) {
	n.mu.Lock()
	if len(n.pool) > 0 {
		id := n.pool[0]
		n.pool = n.pool[1:]
		n.mu.Unlock()
		return id, nil
	}
	n.mu.Unlock()
	ids, err := n.reserve(ctx, ev, 1)
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// flush settles the requests recorded so far in tx, and deletes the rows
// reserved for requests not made. Call done after tx commits: a rolled
// back flush leaves everything to settle again.
func (n *netlog) flush(ctx context.Context, tx *store.Store) (done func(), err error) {
	n.mu.Lock()
	ev := append([]netguard.Event(nil), n.ev...)
	pool := append([]int64(nil), n.pool...)
	n.mu.Unlock()
	for _, e := range ev {
		if e.Ticket != 0 {
			err = tx.SettleRequest(ctx, e.Ticket, netEvent(e))
		} else {
			err = tx.LogRequest(ctx, netEvent(e))
		}
		if err != nil {
			return nil, err
		}
	}
	for _, id := range pool {
		if err := tx.ReleaseRequest(ctx, id); err != nil {
			return nil, err
		}
	}
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		n.ev = n.ev[len(ev):]
		n.pool = slices.DeleteFunc(n.pool, func(id int64) bool { return slices.Contains(pool, id) })
	}, nil
}

// write settles the log in a write of its own.
func (n *netlog) write(ctx context.Context) error {
	var done func()
	err := n.st.WithTx(ctx, func(tx *store.Store) error {
		var err error
		done, err = n.flush(ctx, tx)
		return err
	})
	if err == nil {
		done()
	}
	return err
}

func (e *Env) guard(log *netlog) *netguard.Guard {
	return netguard.New(netguard.Options{Offline: e.Offline, AllowLoopback: e.AllowLoopback, Timeout: e.Timeout,
		RootCAs: e.RootCAs, Dial: e.Dial, Recorder: log, Reserve: log.Reserve, Now: e.Now})
}

// settings are a source's non-secret configuration, the JSON of its row.
type settings struct {
	// SimpleFIN: the root URL, without credentials.
	Root string `json:"root,omitempty"`
	// OFX.
	URL       string              `json:"url,omitempty"`
	Org       string              `json:"org,omitempty"`
	FID       string              `json:"fid,omitempty"`
	AppID     string              `json:"app_id,omitempty"`
	AppVer    string              `json:"app_ver,omitempty"`
	Version   string              `json:"version,omitempty"`
	ClientUID string              `json:"client_uid,omitempty"`
	Accounts  []ofxdirect.Account `json:"accounts,omitempty"`
	// Both.
	Budget      int `json:"budget,omitempty"`
	HistoryDays int `json:"history_days,omitempty"`
}

func parseSettings(src store.Source) (settings, error) {
	var s settings
	if err := json.Unmarshal([]byte(src.Settings), &s); err != nil {
		return s, fmt.Errorf("source %s: settings: %w", src.Name, err)
	}
	if s.Budget <= 0 {
		s.Budget = DefaultBudget
	}
	if s.HistoryDays <= 0 {
		s.HistoryDays = DefaultHistoryDays
	}
	return s, nil
}

// Endpoint is where a source connects, without credentials.
func Endpoint(src store.Source) string {
	s, err := parseSettings(src)
	if err != nil {
		return ""
	}
	if s.Root != "" {
		return s.Root
	}
	return s.URL
}

// secret is what a source needs to sign in; it lives only in the vault
// (the settings table, sealed with everything else), never in the config
// file, never in the source's settings, never in output.
type secret struct {
	AccessURL string `json:"access_url,omitempty"`
	UserID    string `json:"user_id,omitempty"`
	Password  string `json:"password,omitempty"`
}

func secretKey(id int64) string { return "source." + strconv.FormatInt(id, 10) + ".secret" }
func stateKey(id int64) string  { return "source." + strconv.FormatInt(id, 10) + ".state" }

func loadSecret(ctx context.Context, st *store.Store, src store.Source) (secret, error) {
	var s secret
	raw, err := st.Setting(ctx, secretKey(src.ID))
	if err != nil {
		return s, fmt.Errorf("source %s: its credentials are missing from the vault; connect it again", src.Name)
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, fmt.Errorf("source %s: credentials unreadable; connect it again", src.Name)
	}
	return s, nil
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func saveJSON(ctx context.Context, st *store.Store, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return st.SetSetting(ctx, key, string(b))
}

// state is what a source remembers between syncs.
type state struct {
	// SyncedThrough is the exclusive end of the last window that synced
	// completely; the next sync starts Overlap before it.
	SyncedThrough time.Time `json:"synced_through,omitzero"`
	// ThrottledUntil halves the budget after the server warned about the
	// request rate.
	ThrottledUntil time.Time `json:"throttled_until,omitzero"`
	// Relinks maps an account id the server gave a re-linked account to
	// the id Penny knew it by.
	Relinks map[string]relink `json:"relinks,omitempty"`
}

type relink struct {
	Old string    `json:"old"`
	At  time.Time `json:"at"`
}

func loadState(ctx context.Context, st *store.Store, id int64) (state, error) {
	var s state
	raw, err := st.SettingOr(ctx, stateKey(id), "{}")
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return state{}, nil // a damaged state costs a longer sync, not the source
	}
	return s, nil
}

// Budget is a source's request budget over the last 24 hours.
type Budget struct {
	Limit     int
	Used      int
	Throttled bool // the server warned: the limit is halved for a day
	// Next is when a request is possible again, when none is left now.
	Next time.Time
}

// Left is how many requests remain.
func (b Budget) Left() int { return max(b.Limit-b.Used, 0) }

func (e *Env) budget(ctx context.Context, src store.Source, set settings, stt state) (Budget, error) {
	now := e.now()
	b := Budget{Limit: set.Budget}
	if now.Before(stt.ThrottledUntil) {
		b.Limit = max(set.Budget/2, 1)
		b.Throttled = true
	}
	used, err := e.Store.CountRequests(ctx, src.Name, now.Add(-24*time.Hour))
	if err != nil {
		return b, err
	}
	b.Used = used
	if b.Left() == 0 {
		log, err := e.Store.NetLog(ctx, 1000)
		if err != nil {
			return b, err
		}
		// The oldest request still inside the day frees its slot 24 h after
		// it was made.
		n := 0
		for _, ev := range log {
			if ev.Source != src.Name || ev.At.Before(now.Add(-24*time.Hour)) {
				continue
			}
			n++
			if n == b.Used-b.Limit+1 {
				b.Next = ev.At.Add(24 * time.Hour)
			}
		}
	}
	return b, nil
}

// retry runs fn up to attempts times while it fails with a server or
// network error, waiting between tries.
func (e *Env) retry(ctx context.Context, what string, fn func() error) error {
	for n := 1; ; n++ {
		err := fn()
		if err == nil || n == attempts || !retryable(err) || ctx.Err() != nil {
			return err
		}
		wait := time.Second << (n - 1)
		if e.Backoff != nil {
			wait = e.Backoff(n)
		}
		e.progress("%s failed (%v); trying again in %s", what, err, wait)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
	}
}

// retryable: 5xx, answers cut off, timeouts and dropped connections.
// Refusals (offline, budget, host, credentials) and the bank's own no (403,
// 402, a refused sign-on) are final.
func retryable(err error) bool {
	var temp interface{ Temporary() bool }
	var timeout interface{ Timeout() bool }
	var nerr net.Error
	switch {
	case errors.Is(err, netguard.ErrOffline), errors.Is(err, netguard.ErrBudget), errors.Is(err, netguard.ErrHostNotAllowed),
		errors.Is(err, netguard.ErrPlainHTTP), errors.Is(err, netguard.ErrCredentialsInURL),
		errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &temp):
		return temp.Temporary()
	case errors.Is(err, simplefin.ErrIncomplete), errors.Is(err, ofxdirect.ErrIncomplete),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &timeout) && timeout.Timeout():
		return true
	case errors.As(err, &nerr):
		return true
	}
	return false
}

// recordFailure keeps what a failed sync did: its requests in the network
// log and the error on the source (which raises a source-error alert).
func (e *Env) recordFailure(ctx context.Context, src store.Source, log *netlog, syncErr error) error {
	var done func()
	err := e.Store.WithTx(ctx, func(tx *store.Store) error {
		var err error
		if done, err = log.flush(ctx, tx); err != nil {
			return err
		}
		if err := tx.RecordSync(ctx, src.ID, e.now(), syncErr.Error()); err != nil {
			return err
		}
		_, err = alerts.Evaluate(ctx, tx, alerts.Event{Now: e.now()})
		return err
	})
	if err == nil {
		done()
	}
	return err
}

func tomorrow(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}
