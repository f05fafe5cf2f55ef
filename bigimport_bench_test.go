//go:build unix

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkBigImports runs the built penny (cheap Argon2id: the figures are
// the import's, not the key derivation's) on the inputs of issue 14: a
// 5M-row CSV (about 188 MB) and a 400 MB OFX whose one memo is the whole
// file, both refused, and a 200k-row CSV that is imported, for the ratio of
// peak memory to the vault it makes. It reports each process's peak RSS
// (MiB) and, for the import that lands, the vault's size and the ratio.
//
//	go test -run '^$' -bench BigImports -benchtime 3x .
func BenchmarkBigImports(b *testing.B) {
	dir := b.TempDir()
	csv5m := writeCSV(b, filepath.Join(dir, "5m.csv"), 5_000_000)
	csv200k := writeCSV(b, filepath.Join(dir, "200k.csv"), 200_000)
	memo := filepath.Join(dir, "memo.ofx")
	{
		f, err := os.Create(memo)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(memoHead)
		line := strings.Repeat("A", 1<<20)
		for range 400 {
			w.WriteString(line)
		}
		w.WriteString(memoTail)
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	for _, c := range []struct {
		name, file string
		refused    bool
	}{{"csv-5M-rows", csv5m, true}, {"ofx-400MB-memo", memo, true}, {"csv-200k-rows", csv200k, false}} {
		b.Run(c.name, func(b *testing.B) {
			var peak, vaultSize int64
			var took time.Duration
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				home := filepath.Join(dir, fmt.Sprintf("%s-%d", c.name, i))
				env := map[string]string{"HOME": home, "XDG_DATA_HOME": filepath.Join(home, "data"),
					"XDG_CONFIG_HOME": filepath.Join(home, "config"), "PENNY_PASSPHRASE": "bench pass"}
				os.MkdirAll(home, 0o700)
				penny := func(args ...string) *exec.Cmd {
					cmd := exec.Command(pennyBin, args...)
					for k, v := range env {
						cmd.Env = append(cmd.Env, k+"="+v)
					}
					return cmd
				}
				if out, err := penny("init", "--no-keyring").CombinedOutput(); err != nil {
					b.Fatalf("init: %v\n%s", err, out)
				}
				cmd := penny("import", c.file)
				b.StartTimer()
				start := time.Now()
				out, err := cmd.CombinedOutput()
				took += time.Since(start)
				b.StopTimer()
				if refused := err != nil; refused != c.refused {
					b.Fatalf("import %s: %v\n%s", c.name, err, out)
				}
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss<<10)
				if st, err := os.Stat(vaultFile(env)); err == nil {
					vaultSize = st.Size()
				}
				os.RemoveAll(home)
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
			b.ReportMetric(took.Seconds()/float64(b.N), "s/import")
			if !c.refused {
				b.ReportMetric(float64(vaultSize)/(1<<20), "vault-MiB")
				b.ReportMetric(float64(peak)/float64(vaultSize), "peak/vault")
			}
		})
	}
}

// writeCSV writes a bank CSV of n rows, about 37 bytes each.
func writeCSV(b *testing.B, path string, n int) string {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("Date,Amount,Description\n")
	payees := []string{"COFFEE SHOP", "GROCERY MART", "GAS STATION 44", "ONLINE STORE", "RESTAURANT XY"}
	for i := range n {
		fmt.Fprintf(w, "%04d-%02d-%02d,-%d.%02d,%s %03d\n", 2000+i%20, 1+i%12, 1+i%28, 1+i*7919%999, i%100, payees[i%5], i%1000)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return path
}
