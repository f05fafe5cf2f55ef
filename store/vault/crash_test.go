package vault

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"penny/store"
)

const crashRowsPerGen = 50

// TestCrashHelper is the child of TestCrashDuringSave: it commits generation
// after generation, each saved before it reports it, until it is killed.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv("PENNY_CRASH_VAULT")
	if path == "" {
		t.Skip("only run as the child of TestCrashDuringSave")
	}
	ctx := context.Background()
	v, err := Open(ctx, path, OpenOptions{Passphrase: passphrase("correct horse")})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	st := v.Store()
	acct, err := st.FindAccount(ctx, "Everyday Checking")
	if err != nil {
		fmt.Println("account:", err)
		os.Exit(1)
	}
	for {
		g, err := generation(ctx, st)
		if err != nil {
			fmt.Println("gen:", err)
			os.Exit(1)
		}
		next := g + 1
		err = st.WithTx(ctx, func(tx *store.Store) error {
			if err := tx.SetSetting(ctx, "gen", strconv.Itoa(next)); err != nil {
				return err
			}
			rows := make([]store.NewTransaction, crashRowsPerGen)
			for i := range rows {
				rows[i] = store.NewTransaction{AccountID: acct.ID, ExternalID: fmt.Sprintf("g%d-%d", next, i),
					Posted: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Amount: -1, Currency: "USD", Payee: fmt.Sprintf("gen %d row %d", next, i)}
			}
			_, err := tx.InsertTransactions(ctx, rows)
			return err
		})
		if err != nil {
			fmt.Println("save:", err)
			os.Exit(1)
		}
		fmt.Printf("saved %d\n", next)
	}
}

func generation(ctx context.Context, st *store.Store) (int, error) {
	s, err := st.SettingOr(ctx, "gen", "0")
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(s)
}

// TestCrashDuringSave kills a process that saves in a loop at random moments,
// over 200 times; after each kill the vault must open and hold exactly the
// last reported generation or the one after it, whole.
func TestCrashDuringSave(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	path, v := newVault(t, 3000)
	base, err := v.Store().CountTransactions(t.Context(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	rng := rand.New(rand.NewPCG(7, 11))
	reported := 0
	kills, midSave := 0, 0
	// 50 kills land inside a save a dozen times or more; the long run
	// (PENNY_STRESS, as CI sets it) makes 200.
	want := 50
	if os.Getenv("PENNY_STRESS") != "" {
		want = 200
	}
	for kills < want {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "PENNY_CRASH_VAULT="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the child to be saving, then kill it a random while later.
		select {
		case l, ok := <-lines:
			if !ok || !strings.HasPrefix(l, "saved ") {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child did not start saving: %q", l)
			}
			reported, _ = strconv.Atoi(strings.TrimPrefix(l, "saved "))
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("child never saved")
		}
		time.Sleep(time.Duration(rng.IntN(20_000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Every line the child wrote is read before Wait, which closes
		// the pipe: a line still in it was lost, and the vault then held
		// a generation past the last one reported.
		for l := range lines {
			if n, err := strconv.Atoi(strings.TrimPrefix(l, "saved ")); err == nil {
				reported = n
			} else {
				t.Fatalf("child: %s", l)
			}
		}
		cmd.Wait()
		kills++
		if tmps, _ := filepath.Glob(path + ".tmp-*"); len(tmps) > 0 {
			midSave++
		}

		r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
		if err != nil {
			t.Fatalf("kill %d: the vault does not open: %v", kills, err)
		}
		g, err := generation(t.Context(), r.Store())
		if err != nil {
			t.Fatal(err)
		}
		n, err := r.Store().CountTransactions(t.Context(), store.TxQuery{})
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if g != reported && g != reported+1 {
			t.Fatalf("kill %d: vault holds generation %d, last reported %d", kills, g, reported)
		}
		if n != base+int64(g*crashRowsPerGen) {
			t.Fatalf("kill %d: generation %d holds %d transactions, want %d", kills, g, n, base+int64(g*crashRowsPerGen))
		}
		reported = g
	}
	// A temp file left behind means the kill landed inside a save.
	t.Logf("%d kills, %d of them inside a save; last generation %d", kills, midSave, reported)
}
