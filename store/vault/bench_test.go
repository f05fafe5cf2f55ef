package vault

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/demo"
	"penny/store"
)

// benchVaults caches one sealed demo vault per size for the whole run.
var benchVaults = map[int]string{}

func benchDir() string {
	d, err := os.MkdirTemp("", "penny-bench-")
	if err != nil {
		panic(err)
	}
	return d
}

var benchRoot = ""

// demoVaultFile returns the path of a closed vault holding n demo
// transactions, opened with testKey.
func demoVaultFile(b *testing.B, n int) string {
	b.Helper()
	if p, ok := benchVaults[n]; ok {
		return p
	}
	if benchRoot == "" {
		benchRoot = benchDir()
	}
	path := filepath.Join(benchRoot, strconv.Itoa(n), FileName)
	ctx := context.Background()
	v, err := Create(ctx, path, CreateOptions{Passphrase: []byte("bench"), KDF: testKDF, minKDF: testKDF})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(ctx, v.Store(), demo.Generate(demo.Options{Seed: 1, Transactions: n})); err != nil {
		b.Fatal(err)
	}
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	benchVaults[n] = path
	return path
}

var benchSizes = []int{10_000, 100_000, 1_000_000}

func sizeName(n int) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}

// BenchmarkOpen: read + check + unlock + decrypt + deserialize. The
// passphrase slot uses cheap Argon2id parameters here so the figure is the
// vault's own cost, not the KDF's (which is ~60 ms by design).
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			path := demoVaultFile(b, n)
			st, _ := os.Stat(path)
			b.SetBytes(st.Size())
			b.ResetTimer()
			for b.Loop() {
				v, err := Open(context.Background(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("bench")})
				if err != nil {
					b.Fatal(err)
				}
				v.Close()
			}
		})
	}
}

// BenchmarkSave: commit-to-durable, a one-row write transaction followed by
// the sealed save it triggers: "delta" as it happens (a record appended,
// the log folded into a full save when it reaches its bound), "full" with
// every save a whole new file.
func BenchmarkSave(b *testing.B) {
	for _, n := range benchSizes {
		for _, mode := range []string{"delta", "full"} {
			b.Run(sizeName(n)+"/"+mode, func(b *testing.B) {
				path := demoVaultFile(b, n)
				ctx := context.Background()
				v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("bench")})
				if err != nil {
					b.Fatal(err)
				}
				defer v.Close()
				i := 0
				for b.Loop() {
					i++
					if mode == "full" {
						// Without the block hashes a save cannot tell
						// what changed and writes it all.
						v.mu.Lock()
						v.sums = nil
						v.mu.Unlock()
					}
					if err := v.Store().SetSetting(ctx, "bench", strconv.Itoa(i)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSaveMemory reports the peak resident memory during one save as a
// multiple of the resident memory before it (target ≤ 1.2), and the
// resident memory after open as a multiple of the vault file (target ≤ 3).
func BenchmarkSaveMemory(b *testing.B) {
	for _, n := range benchSizes[1:] {
		b.Run(sizeName(n), func(b *testing.B) {
			path := demoVaultFile(b, n)
			ctx := context.Background()
			runtime.GC()
			debug.FreeOSMemory()
			baseline := rss("VmRSS")
			v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("bench")})
			if err != nil {
				b.Fatal(err)
			}
			defer v.Close()
			st, _ := os.Stat(path)
			afterOpen := rss("VmRSS")
			var worst float64
			for b.Loop() {
				before := rss("VmRSS")
				if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
					b.Skipf("cannot reset the peak RSS: %v", err)
				}
				if err := v.Store().SetSetting(ctx, "bench", time.Now().String()); err != nil {
					b.Fatal(err)
				}
				worst = max(worst, float64(rss("VmHWM"))/float64(before))
			}
			b.ReportMetric(worst, "peak/before")
			b.ReportMetric(float64(afterOpen)/float64(st.Size()), "rss/vault")
			b.ReportMetric(float64(afterOpen-baseline)/float64(st.Size()), "rss-growth/vault")
			b.ReportMetric(float64(st.Size())/(1<<20), "vault-MiB")
		})
	}
}

// rss reads a memory figure of this process, in bytes.
func rss(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkBulkInsert: rows per second inserting demo transactions into an
// in-memory store (target ≥ 150k rows/s).
func BenchmarkBulkInsert(b *testing.B) {
	data := demo.Generate(demo.Options{Seed: 1, Transactions: 100_000})
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st, closeDB, err := store.OpenMemory(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := demo.Load(ctx, st, data); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		closeDB()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(data.Transactions))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkBalances: the per-account balance question, which reads kept
// balances and costs O(accounts) at any size.
func BenchmarkBalances(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			v, err := Open(context.Background(), demoVaultFile(b, n), OpenOptions{ReadOnly: true, Passphrase: passphrase("bench")})
			if err != nil {
				b.Fatal(err)
			}
			defer v.Close()
			for b.Loop() {
				if _, err := v.Store().Accounts(context.Background()); err != nil {
					b.Fatal(err)
				}
				if _, err := v.Store().Totals(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReloadAfterAnotherSave is what a reader (the open chat) pays
// when another process saved: notice the new generation, decrypt the body,
// load it into the in-memory database. The other process's save is outside
// the timed part.
func BenchmarkReloadAfterAnotherSave(b *testing.B) {
	for _, n := range benchSizes[1:] {
		b.Run(sizeName(n), func(b *testing.B) {
			path := demoVaultFile(b, n)
			ctx := context.Background()
			w, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("bench")})
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			r, err := Open(ctx, path, OpenOptions{ReadOnly: true, Passphrase: passphrase("bench")})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				if err := w.Store().SetSetting(ctx, "bench.reload", strconv.Itoa(i)); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if ok, err := r.Refresh(ctx); err != nil || !ok {
					b.Fatalf("refresh: %v %v", ok, err)
				}
			}
		})
	}
}

// BenchmarkWriteAfterAnotherSave is a write from a process (the chat
// saving a message) when another process saved since it last looked:
// take the lock, reload, write, seal, let go.
func BenchmarkWriteAfterAnotherSave(b *testing.B) {
	for _, n := range benchSizes[1:] {
		b.Run(sizeName(n), func(b *testing.B) {
			path := demoVaultFile(b, n)
			ctx := context.Background()
			a, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("bench")})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			other, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("bench")})
			if err != nil {
				b.Fatal(err)
			}
			defer other.Close()
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				if err := other.Store().SetSetting(ctx, "bench.other", strconv.Itoa(i)); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := a.Store().SetSetting(ctx, "bench.mine", strconv.Itoa(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRefreshNothingNew is the open chat's idle check: a stat.
func BenchmarkRefreshNothingNew(b *testing.B) {
	path := demoVaultFile(b, 10_000)
	r, err := Open(context.Background(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("bench")})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	for b.Loop() {
		if ok, err := r.Refresh(context.Background()); err != nil || ok {
			b.Fatalf("refresh: %v %v", ok, err)
		}
	}
}
