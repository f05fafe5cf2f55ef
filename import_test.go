package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"penny/demo"
	"penny/formats/detect"
	"penny/ingest"
	"penny/internal/jsonout"
	"penny/store"
	"penny/store/vault"
)

// oneAccount returns demo data with every transaction in the checking
// account and posted, as one bank's export of a long history.
func oneAccount(n int) (*demo.Data, string) {
	d := demo.Generate(demo.Options{Seed: 5, Transactions: n})
	key := d.Accounts[0].Key
	for _, a := range d.Accounts {
		if a.Type == "checking" && a.Currency == "USD" {
			key = a.Key
		}
	}
	var sum int64
	for i := range d.Transactions {
		t := &d.Transactions[i]
		t.AccountKey, t.Pending, t.Currency = key, false, "USD"
		sum += t.Amount
	}
	for i := range d.Accounts {
		if d.Accounts[i].Key == key {
			d.Accounts[i].BankBalance = d.Accounts[i].Opening + sum
		}
	}
	return d, key
}

func writeFile(t testing.TB, dir, name string, write func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func reopen(t *testing.T, env map[string]string) *store.Store {
	t.Helper()
	v, err := openSealed(context.Background(), vaultFile(env), vault.OpenOptions{ReadOnly: true,
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v.Store()
}

func TestImportOFXTwiceAndReopen(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "import test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d, key := oneAccount(3000)
	path := writeFile(t, env["HOME"], "checking.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })

	out, stderr, code := runBin(t, env, "import", path)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "3000 new") || !strings.Contains(out, "(new account)") {
		t.Fatalf("import output:\n%s", out)
	}
	// Checked on the vault re-read from disk, not in memory.
	st := reopen(t, env)
	accts, _ := st.Accounts(context.Background())
	if len(accts) != 1 || accts[0].TxCount != 3000 || accts[0].Balance.Minor != bankBalance(d, key) {
		t.Fatalf("after import: %+v", accts)
	}
	before, _ := os.ReadFile(vaultFile(env))
	out, _, code = runBin(t, env, "import", "--json", path)
	if code != 0 {
		t.Fatalf("re-import: exit %d", code)
	}
	// Nothing new: the vault is not even rewritten.
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(before, after) {
		t.Fatal("importing the same file again rewrote the vault")
	}
	var rep jsonout.Import
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	if len(rep.Accounts) != 1 || rep.Accounts[0].New != 0 || rep.Accounts[0].Duplicates != 3000 || rep.Accounts[0].BalanceCheck == nil || !rep.Accounts[0].BalanceCheck.OK {
		t.Fatalf("re-import report: %+v", rep.Accounts)
	}
	st2 := reopen(t, env)
	n, _ := st2.CountTransactions(context.Background(), store.TxQuery{})
	if n != 3000 {
		t.Fatalf("%d transactions after re-import", n)
	}
}

func bankBalance(d *demo.Data, key string) int64 {
	for _, a := range d.Accounts {
		if a.Key == key {
			return a.BankBalance
		}
	}
	return 0
}

func TestImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "import test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d, key := oneAccount(200)
	good := writeFile(t, env["HOME"], "good.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	bad := filepath.Join(env["HOME"], "bad.csv")
	os.WriteFile(bad, []byte("Date,Description,Amount\n2026-03-01,Coffee,-4.50\n2026-03-02,Tea,not-money\n"), 0o600)
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code := runBin(t, env, "import", good, bad)
	if code != exitError || !strings.Contains(stderr, "bad.csv") || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("a bad file among good ones: exit %d, %q", code, stderr)
	}
	after, _ := os.ReadFile(vaultFile(env))
	if !bytes.Equal(before, after) {
		t.Fatal("a refused import changed the vault")
	}

	out, _, code := runBin(t, env, "import", "--dry-run", good)
	if code != 0 || !strings.Contains(out, "200 new") || !strings.Contains(out, "Dry run") {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	after, _ = os.ReadFile(vaultFile(env))
	if !bytes.Equal(before, after) {
		t.Fatal("a dry run changed the vault")
	}

	unknown := filepath.Join(env["HOME"], "notes.bin")
	os.WriteFile(unknown, []byte{0, 1, 2, 3, 0xff, 0xfe}, 0o600)
	_, stderr, code = runBin(t, env, "import", unknown)
	if code != exitError || !strings.Contains(stderr, "notes.bin") {
		t.Fatalf("a binary file: exit %d, %q", code, stderr)
	}
}

func TestDeletedThenReimportedStaysDeleted(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "import test pass")
	runBin(t, env, "init", "--no-keyring")
	d, key := oneAccount(50)
	path := writeFile(t, env["HOME"], "c.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	if _, stderr, code := runBin(t, env, "import", path); code != 0 {
		t.Fatal(stderr)
	}
	v, err := openSealed(context.Background(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	txs, _ := v.Store().Transactions(context.Background(), store.TxQuery{Limit: 2})
	for _, x := range txs {
		if err := v.Store().DeleteTransaction(context.Background(), x.ID, "deleted"); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	out, _, code := runBin(t, env, "import", path)
	if code != 0 || !strings.Contains(out, "0 new") || !strings.Contains(out, "2 you deleted before") {
		t.Fatalf("re-import after delete:\n%s", out)
	}
	if n, _ := reopen(t, env).CountTransactions(context.Background(), store.TxQuery{}); n != 48 {
		t.Fatalf("%d transactions, want 48", n)
	}
}

// BenchmarkImportOFX100k: parse + de-dup + insert + save of one OFX file of
// 100k transactions into a new vault (target ≤ 1.0 s).
func BenchmarkImportOFX100k(b *testing.B) { benchImport(b, "ofx", false) }

// BenchmarkImportCSV100k: the same as a CSV file (target ≤ 0.8 s).
func BenchmarkImportCSV100k(b *testing.B) { benchImport(b, "csv", false) }

// BenchmarkReimportOFX100k: the same file again, all duplicates (≤ 0.5 s).
func BenchmarkReimportOFX100k(b *testing.B) { benchImport(b, "ofx", true) }

func benchImport(b *testing.B, format string, again bool) {
	d, key := oneAccount(100_000)
	dir := b.TempDir()
	path := writeFile(b, dir, "big."+format, func(buf *bytes.Buffer) error {
		if format == "csv" {
			return d.WriteCSV(buf, key)
		}
		return d.WriteOFX(buf, key)
	})
	ctx := context.Background()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		vpath := filepath.Join(dir, "v"+strings.Repeat("x", i%2), vault.FileName)
		os.RemoveAll(filepath.Dir(vpath))
		v, err := createSealed(ctx, vpath, vault.CreateOptions{Keyring: vault.NewSystemKeyring()})
		if err != nil {
			b.Fatal(err)
		}
		importOnce := func() {
			p, err := detect.Read(path, detect.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ingest.Apply(ctx, v.Store(), []ingest.Input{{Name: path, Format: p.Format, Source: "file", Raw: p.Raw, Statements: p.Statements}}, ingest.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		if again {
			importOnce()
		}
		b.StartTimer()
		importOnce()
		b.StopTimer()
		v.Close()
		b.StartTimer()
	}
}

func TestImportRefusesAStatementCarryingNothing(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "import test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d, key := oneAccount(20)
	good := writeFile(t, env["HOME"], "good.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	empty := filepath.Join(env["HOME"], "empty.ofx")
	os.WriteFile(empty, []byte("<OFX><STMTRS></STMTRS></OFX>"), 0o600)
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code := runBin(t, env, "import", good, empty)
	if code != exitError || !strings.Contains(stderr, "empty.ofx") || !strings.Contains(stderr, "carries nothing") ||
		!strings.Contains(stderr, "nothing was written") {
		t.Fatalf("an empty statement among good files: exit %d, %q", code, stderr)
	}
	after, _ := os.ReadFile(vaultFile(env))
	if !bytes.Equal(before, after) {
		t.Fatal("a refused import changed the vault")
	}
}

// The files are read while the vault opens: a vault that does not open is
// what the import says first, whatever the files hold; a file that cannot
// be parsed is said once the vault is open, and nothing is written.
func TestAnImportSaysTheVaultsErrorBeforeTheFilesOne(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 10)
	bad := filepath.Join(env["HOME"], "bad.csv")
	if err := os.WriteFile(bad, []byte("Date,Description,Amount\n2026-03-01,COFFEE,twelve\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "wrong"), "import", bad)
	if code != exitLocked || !strings.Contains(stderr, "wrong passphrase") || strings.Contains(stderr, "twelve") {
		t.Fatalf("a wrong passphrase and a bad file: exit %d, %q", code, stderr)
	}
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code = runBin(t, env, "import", bad)
	if code != exitError || !strings.Contains(stderr, "import refused, nothing was written") || !strings.Contains(stderr, "twelve") {
		t.Fatalf("a bad file: exit %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(after, before) {
		t.Fatal("a refused import changed the vault")
	}
}
