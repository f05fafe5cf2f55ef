package livesync

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/sources/fakebank"
	"penny/store"
	"penny/store/vault"
)

// benchSource adds a SimpleFIN source straight to the store, with a budget
// a benchmark cannot spend.
func benchSource(b *testing.B, st *store.Store, access string, days int) {
	b.Helper()
	err := st.WithTx(b.Context(), func(tx *store.Store) error {
		raw, err := jsonString(settings{Root: strings.SplitN(access, "@", 2)[1], Budget: 1 << 20, HistoryDays: days})
		if err != nil {
			return err
		}
		src, err := tx.CreateSource(b.Context(), "bench", KindSimpleFIN, raw)
		if err != nil {
			return err
		}
		return saveJSON(b.Context(), tx, secretKey(src.ID), secret{AccessURL: access})
	})
	if err != nil {
		b.Fatal(err)
	}
}

func benchVault(b *testing.B) (*vault.Vault, *store.Store) {
	b.Helper()
	v, err := vault.Create(b.Context(), filepath.Join(b.TempDir(), vault.FileName), vault.CreateOptions{Keyring: vault.NewSystemKeyring(),
		Init: func(ctx context.Context, db *sql.DB) error { _, err := store.Open(ctx, db); return err }})
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(b.Context(), v.DB(), store.OnCommit(v.Save))
	if err != nil {
		b.Fatal(err)
	}
	return v, st
}

// BenchmarkSync10Accounts90Days: one sync of 10 accounts with 90 days of
// history each (3 rows a day, 2,700 rows) from the fake bank on loopback
// TLS, from the first request to the vault sealed on disk.
func BenchmarkSync10Accounts90Days(b *testing.B) {
	ca, err := fakebank.NewCA()
	if err != nil {
		b.Fatal(err)
	}
	sf := fakebank.NewSimpleFIN(ca, fakebank.Generated(today, 10, 90, 3))
	defer sf.Close()
	sf.BlockAt, sf.WarnAt = 1<<30, 1<<30
	rows := 0
	for b.Loop() {
		b.StopTimer()
		v, st := benchVault(b)
		benchSource(b, st, sf.AccessURL(), 90)
		env := &Env{Store: st, RootCAs: ca.Pool, Now: func() time.Time { return today.Add(15 * time.Hour) }}
		b.StartTimer()
		reps, err := env.Sync(b.Context(), Options{})
		if err != nil || reps[0].Err != nil {
			b.Fatal(err, reps[0].Err)
		}
		b.StopTimer()
		rows = 0
		for _, a := range reps[0].Result.Accounts {
			rows += a.New
		}
		v.Close()
		b.StartTimer()
	}
	if rows != 2700 {
		b.Fatalf("%d rows synced, want 2700", rows)
	}
	b.ReportMetric(float64(rows), "rows/sync")
}

// BenchmarkHundredSyncsRSS: 100 consecutive syncs into one vault, each
// bringing ten new rows; reports the resident memory after the first, the
// 50th and the last (memory must stay flat).
func BenchmarkHundredSyncsRSS(b *testing.B) {
	ca, err := fakebank.NewCA()
	if err != nil {
		b.Fatal(err)
	}
	bank := fakebank.Generated(today, 10, 90, 3)
	sf := fakebank.NewSimpleFIN(ca, bank)
	defer sf.Close()
	sf.BlockAt, sf.WarnAt = 1<<30, 1<<30
	for b.Loop() {
		v, st := benchVault(b)
		benchSource(b, st, sf.AccessURL(), 90)
		env := &Env{Store: st, RootCAs: ca.Pool, Now: func() time.Time { return today.Add(15 * time.Hour) }}
		var first, mid, last, heapFirst, heapLast float64
		for i := range 100 {
			if i > 0 {
				sf.Update(func(bk *fakebank.Bank) {
					for _, a := range bk.Accounts {
						// A day's card purchases: each its own amount and
						// shop, as a bank sends them. (One payee and amount
						// repeated a hundred times a day is a duplicate
						// charge every time, and the alerts it raises
						// would be what grows.)
						a.Txns = append(a.Txns, fakebank.Txn{ID: "N-" + strconv.Itoa(i), Posted: today, Transacted: today,
							Amount: -int64(100 + 37*i), Description: "SQ *CORNER SHOP " + strconv.Itoa(i)})
					}
				})
			}
			reps, err := env.Sync(b.Context(), Options{})
			if err != nil || reps[0].Err != nil {
				b.Fatal(err, reps[0].Err)
			}
			switch i {
			case 0:
				first, heapFirst = rssMiB(), heapMiB()
			case 49:
				mid = rssMiB()
			case 99:
				last, heapLast = rssMiB(), heapMiB()
			}
		}
		var pages, size int64
		st.DB().QueryRow("PRAGMA page_count").Scan(&pages)
		st.DB().QueryRow("PRAGMA page_size").Scan(&size)
		v.Close()
		b.ReportMetric(float64(pages*size)/(1<<20), "db-MiB")
		b.ReportMetric(heapFirst, "heap-after-1-MiB")
		b.ReportMetric(heapLast, "heap-after-100-MiB")
		b.ReportMetric(first, "rss-after-1-MiB")
		b.ReportMetric(mid, "rss-after-50-MiB")
		b.ReportMetric(last, "rss-after-100-MiB")
	}
}

// heapMiB is the live Go heap after a collection: what the process keeps,
// as opposed to what the runtime has not handed back to the system yet.
func heapMiB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

func rssMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
