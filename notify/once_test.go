package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"penny/store/storetest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"penny/store"
	"penny/store/vault"
)

// counter counts notifications from every process of a test.
type counter struct {
	mu     sync.Mutex
	alerts map[string]int // by title+body: each alert's notification
	n      atomic.Int64
}

func (c *counter) Send(_ context.Context, n Notification) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.alerts[n.Title+"|"+n.Body]++
	c.n.Add(1)
	return nil
}

// TestTwoProcessesNeverSendTheSameAlert stands a chat and a daemon side by
// side (two handles on one vault file, each with its database in memory)
// delivering while alerts keep arriving: every alert is notified exactly
// once.
func TestTwoProcessesNeverSendTheSameAlert(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), vault.FileName)
	pass := func() ([]byte, error) { return []byte("correct horse battery staple"), nil }
	v, err := vault.Create(ctx, path, vault.CreateOptions{Passphrase: []byte("correct horse battery staple"), KDF: vault.MinKDF})
	if err != nil {
		t.Fatal(err)
	}
	writer := storeOn(t, v)
	defer v.Close()
	sent := &counter{alerts: map[string]int{}}
	var handles []*store.Store
	for range 2 {
		h, err := vault.Open(ctx, path, vault.OpenOptions{Passphrase: pass})
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		handles = append(handles, storeOn(t, h))
	}
	const batches, each = 12, 2
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, st := range handles {
		d := &Deliverer{Store: st, Senders: []Sender{sent}, Policy: Policy{Details: true, MaxSeparate: 100}}
		wg.Go(func() {
			for {
				if _, err := d.Deliver(ctx); err != nil {
					t.Error(err)
					return
				}
				select {
				case <-done:
					// One last round picks up the last batch.
					if _, err := d.Deliver(ctx); err != nil {
						t.Error(err)
					}
					return
				default:
				}
			}
		})
	}
	var all []string
	for b := range batches {
		for i := range each {
			a := store.Alert{Rule: "large-transaction", Severity: "warning", Title: "Large charge on Visa Signature",
				Body: fmt.Sprintf("%d,%03d.00 USD at APPLE STORE #R034 BERKELEY CA.", b+1, i), DedupKey: fmt.Sprintf("once:%d:%d", b, i)}
			if _, added, err := writer.AddAlert(ctx, a); err != nil || !added {
				t.Fatal(err)
			}
			all = append(all, a.Title+"|"+a.Body)
		}
	}
	close(done)
	wg.Wait()
	if got := sent.n.Load(); got != int64(len(all)) {
		t.Errorf("%d notifications for %d alerts", got, len(all))
	}
	for _, k := range all {
		if sent.alerts[k] != 1 {
			t.Errorf("alert %q notified %d times", k, sent.alerts[k])
		}
	}
}

func TestRecoverReportsADeliveryCutShort(t *testing.T) {
	ctx := t.Context()
	st := storetest.Memory(t)
	// A process that has exited: its pid is free.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	dead := cmd.Process.Pid
	claim := func(pid int) {
		b, _ := json.Marshal(Claim{From: 4, Upto: 7, Alerts: 3, PID: pid, At: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)})
		if err := st.SetSetting(ctx, ClaimKey, string(b)); err != nil {
			t.Fatal(err)
		}
	}
	claim(dead)
	c, ok, err := Recover(ctx, st)
	if err != nil || !ok || c.Alerts != 3 || c.Upto != 7 {
		t.Fatalf("recover: %+v %v %v", c, ok, err)
	}
	if v, _ := st.SettingOr(ctx, ClaimKey, ""); v != "" {
		t.Errorf("the claim stays after it was reported: %q", v)
	}
	if _, ok, _ := Recover(ctx, st); ok {
		t.Error("a claim was reported twice")
	}
	// A live process is still sending: its claim is not taken for a crash.
	claim(1)
	if _, ok, err := Recover(ctx, st); ok || err != nil {
		t.Errorf("a live process's claim was reported: %v %v", ok, err)
	}
}

func TestDeliverLeavesNoClaimBehind(t *testing.T) {
	ctx := t.Context()
	st := storetest.Memory(t)
	raise(t, st, 2, "warning")
	rec := &recorder{}
	if _, err := (&Deliverer{Store: st, Senders: []Sender{rec}}).Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := st.SettingOr(ctx, ClaimKey, ""); v != "" || len(rec.got) != 2 {
		t.Errorf("after a delivery: claim %q, %d sent", v, len(rec.got))
	}
	// A sender that fails: the claim is undone and the alerts go out later.
	raise(t, st, 1, "warning")
	bad := &recorder{err: context.DeadlineExceeded}
	if _, err := (&Deliverer{Store: st, Senders: []Sender{bad}}).Deliver(ctx); err == nil {
		t.Fatal("a failed send reported success")
	}
	if v, _ := st.SettingOr(ctx, ClaimKey, ""); v != "" {
		t.Errorf("a failed delivery left its claim: %q", v)
	}
	if _, err := (&Deliverer{Store: st, Senders: []Sender{rec}}).Deliver(ctx); err != nil || len(rec.got) != 3 {
		t.Errorf("the retry sent %d in all (%v), want 3", len(rec.got), err)
	}
}
