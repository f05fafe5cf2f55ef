package store

import (
	"database/sql"
	"testing"
	"time"
)

// A vault from before migration 0003 keeps its network log, and its rows
// count toward the budget with zero bytes.
func TestNetlogBytesMigrationKeepsOldRows(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	for _, name := range []string{"migrations/0001_init.sql", "migrations/0002_merchants.sql"} {
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(name, err)
		}
	}
	old := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if _, err := db.Exec(`PRAGMA user_version=2`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO netlog (at, source, method, host, path, status) VALUES (?, 'bridge', 'GET', 'bridge.example:443', '/accounts', 200)`, stamp(old)); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := s.LogRequest(ctx, NetEvent{At: old.Add(time.Hour), Source: "bridge", Host: "bridge.example:443", Path: "/accounts", Status: 200, Sent: 0, Received: 5123}); err != nil {
		t.Fatal(err)
	}
	if err := s.LogRequest(ctx, NetEvent{At: old.Add(2 * time.Hour), Source: "ofx", Method: "POST", Host: "ofx.example:443", Path: "/", Status: 200, Sent: 900}); err != nil {
		t.Fatal(err)
	}
	log, err := s.NetLog(ctx, 10)
	if err != nil || len(log) != 3 {
		t.Fatalf("netlog %+v, %v", log, err)
	}
	if log[0].Sent != 900 || log[1].Received != 5123 || log[2].Received != 0 || log[2].Path != "/accounts" {
		t.Errorf("netlog %+v", log)
	}
	for _, tt := range []struct {
		source string
		since  time.Time
		want   int
	}{
		{"bridge", old, 2},
		{"bridge", old.Add(30 * time.Minute), 1},
		{"bridge", old.Add(3 * time.Hour), 0},
		{"ofx", old, 1},
		{"nobody", old, 0},
	} {
		if n, err := s.CountRequests(ctx, tt.source, tt.since); err != nil || n != tt.want {
			t.Errorf("CountRequests(%s, %s) = %d, %v; want %d", tt.source, tt.since.Format(time.TimeOnly), n, err, tt.want)
		}
	}
}

// A reserved request counts from the moment it is reserved; settling it
// writes over the same row, and releasing it (a request never made)
// deletes it. Release leaves a settled row alone.
func TestReserveSettleRelease(t *testing.T) {
	s, closeDB, err := OpenMemory(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	ctx := t.Context()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ev := NetEvent{At: at, Source: "bridge", Host: "bridge.example:443", Path: "/accounts"}
	a, err := s.ReserveRequest(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.ReserveRequest(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountRequests(ctx, "bridge", at); n != 2 {
		t.Fatalf("%d requests counted after two reservations", n)
	}
	done := ev
	done.At, done.Status, done.Received = at.Add(time.Second), 200, 4096
	if err := s.SettleRequest(ctx, a, done); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseRequest(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseRequest(ctx, a); err != nil {
		t.Fatal(err)
	}
	log, err := s.NetLog(ctx, 10)
	if err != nil || len(log) != 1 {
		t.Fatalf("netlog %+v, %v", log, err)
	}
	if got := log[0]; got.ID != a || got.Status != 200 || got.Received != 4096 || got.Error != "" || !got.At.Equal(done.At) {
		t.Errorf("settled row %+v", got)
	}
	c, _ := s.ReserveRequest(ctx, ev)
	if log, _ := s.NetLog(ctx, 1); log[0].ID != c || log[0].Error != RequestUnsettled || log[0].Status != 0 {
		t.Errorf("an unsettled row reads %+v", log[0])
	}
}
