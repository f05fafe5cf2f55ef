package livesync

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"penny/sources/fakebank"
	"penny/store"
	"penny/store/vault"
)

func TestMain(m *testing.M) {
	keyring.MockInit()
	os.Exit(m.Run())
}

// today is the fake bank's day and the sync's clock.
var today = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// harness is a vault on disk, the fake bank's two servers, and an Env
// whose dialer records every address it connects to.
type harness struct {
	t        *testing.T
	path     string
	v        *vault.Vault
	st       *store.Store
	ca       *fakebank.CA
	sf       *fakebank.SimpleFIN
	ofx      *fakebank.OFX
	env      *Env
	dials    *dialLog
	progress bytes.Buffer
	// killed stands for the process dying: from the moment it is set, no
	// write reaches the vault file, as after a kill -9. reopen starts the
	// next process from what is on disk.
	killed atomic.Bool
}

// errKilled is every save after the simulated kill.
var errKilled = errors.New("the process was killed")

type dialLog struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialLog) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	d.addrs = append(d.addrs, addr)
	d.mu.Unlock()
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

func (d *dialLog) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.addrs...)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ca, err := fakebank.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, path: filepath.Join(t.TempDir(), vault.FileName), ca: ca, dials: &dialLog{}}
	h.sf = fakebank.NewSimpleFIN(ca, fakebank.Scenario(today))
	h.ofx = fakebank.NewOFX(ca, fakebank.Scenario(today))
	t.Cleanup(h.sf.Close)
	t.Cleanup(h.ofx.Close)
	v, err := vault.Create(t.Context(), h.path, vault.CreateOptions{Keyring: vault.NewSystemKeyring(),
		Init: func(ctx context.Context, db *sql.DB) error { _, err := store.Open(ctx, db); return err }})
	if err != nil {
		t.Fatal(err)
	}
	h.attach(v)
	t.Cleanup(func() { h.v.Close() })
	return h
}

func (h *harness) attach(v *vault.Vault) {
	h.t.Helper()
	save := func(ctx context.Context) error {
		if h.killed.Load() {
			return errKilled
		}
		return v.Save(ctx)
	}
	st, err := store.Open(h.t.Context(), v.DB(), store.OnCommit(save))
	if err != nil {
		h.t.Fatal(err)
	}
	h.v, h.st = v, st
	h.env = &Env{Store: st, RootCAs: h.ca.Pool, Dial: h.dials.dial, Timeout: 2 * time.Second,
		Now:      func() time.Time { return today.Add(15 * time.Hour) },
		Backoff:  func(int) time.Duration { return time.Millisecond },
		Progress: func(s string) { h.progress.WriteString(s + "\n") }}
}

// reopen closes the vault and opens it again from disk.
func (h *harness) reopen() {
	h.t.Helper()
	if err := h.v.Close(); err != nil && !h.killed.Load() {
		h.t.Fatal(err)
	}
	h.killed.Store(false)
	v, err := vault.Open(h.t.Context(), h.path, vault.OpenOptions{Keyring: vault.NewSystemKeyring()})
	if err != nil {
		h.t.Fatal(err)
	}
	h.attach(v)
}

func (h *harness) connectSimpleFIN() {
	h.t.Helper()
	if _, err := h.env.ConnectSimpleFIN(h.t.Context(), "bank", h.sf.NewToken()); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) sync(opt Options) *Report {
	h.t.Helper()
	reps, err := h.env.Sync(h.t.Context(), opt)
	if err != nil {
		h.t.Fatal(err)
	}
	if len(reps) != 1 {
		h.t.Fatalf("%d reports", len(reps))
	}
	return reps[0]
}

func (h *harness) mustSync() *Report {
	h.t.Helper()
	rep := h.sync(Options{})
	if rep.Err != nil {
		h.t.Fatalf("sync: %v", rep.Err)
	}
	return rep
}

func (h *harness) account(name string) store.Account {
	h.t.Helper()
	accts, err := h.st.Accounts(h.t.Context())
	if err != nil {
		h.t.Fatal(err)
	}
	for _, a := range accts {
		if a.Name == name {
			return a
		}
	}
	h.t.Fatalf("no account %q", name)
	return store.Account{}
}

func (h *harness) rows(name string) []store.Transaction {
	h.t.Helper()
	txs, err := h.st.Transactions(h.t.Context(), store.TxQuery{AccountIDs: []int64{h.account(name).ID}, Oldest: true})
	if err != nil {
		h.t.Fatal(err)
	}
	return txs
}

// snapshot sums up everything a sync may change, to prove nothing changed.
func (h *harness) snapshot() string {
	h.t.Helper()
	ctx := h.t.Context()
	var b strings.Builder
	accts, _ := h.st.Accounts(ctx)
	for _, a := range accts {
		b.WriteString(a.Name + ":" + a.Balance.String() + ":" + a.Pending.String() + ";")
	}
	n, _ := h.st.CountTransactions(ctx, store.TxQuery{})
	b.WriteString(time.Duration(n).String())
	al, _ := h.st.Alerts(ctx, store.AlertQuery{Limit: 1000})
	for _, a := range al {
		if a.Rule != "source-error" {
			b.WriteString("|" + a.DedupKey)
		}
	}
	st, _ := loadState(ctx, h.st, h.source().ID)
	b.WriteString("|" + st.SyncedThrough.String())
	return b.String()
}

func (h *harness) source() store.Source {
	srcs, err := h.st.Sources(h.t.Context())
	if err != nil || len(srcs) == 0 {
		h.t.Fatalf("sources %v %v", srcs, err)
	}
	return srcs[0]
}

// rawData is a raw payload's bytes as received: ingest keeps them deflated.
func (h *harness) rawData(id int64) []byte {
	h.t.Helper()
	p, err := h.st.RawPayload(h.t.Context(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	if !strings.HasSuffix(p.Kind, "+deflate") {
		return p.Data
	}
	b, err := io.ReadAll(flate.NewReader(bytes.NewReader(p.Data)))
	if err != nil {
		h.t.Fatalf("raw payload %d: %v", id, err)
	}
	return b
}
