package main

import (
	"bytes"
	"os"
	"path/filepath"
	"penny/internal/sharedtest"
	"strings"
	"testing"
	"time"

	"penny/store/vault"
)

// runLimited runs the CLI in process with the vault size limit lowered to
// limitMiB.
func runLimited(t *testing.T, env map[string]string, limitMiB int64, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	c.sizeLimitMiB = limitMiB
	code := c.run(t.Context(), args)
	return out.String(), errb.String(), code
}

func TestImportPastTheSizeLimitIsRefusedBeforeInserting(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 60)
	d, key := oneAccount(3000)
	file := writeFile(t, env["HOME"], "big.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code := runLimited(t, env, 2, "import", file)
	if code != exitError || !strings.Contains(stderr, "the vault would exceed 2 MiB") || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("import past the limit: exit %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(after, before) {
		t.Fatal("a refused import changed the vault")
	}
	// Under the normal limit the same file goes in.
	if _, stderr, code := run(t, env, "import", file); code != 0 {
		t.Fatalf("import under the limit: exit %d: %s", code, stderr)
	}
}

func TestImportReachingTheLimitWhileInsertingSaysSo(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 60)
	d, key := oneAccount(3000)
	file := writeFile(t, env["HOME"], "big.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	before, _ := os.ReadFile(vaultFile(env))
	v, err := openSealed(t.Context(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	_, rowsBefore, err := counts(t.Context(), v.Store())
	if err != nil {
		t.Fatal(err)
	}
	// The estimate passes (the limit is 1024 MiB), but the database is
	// allowed only a few more pages than it has: the insert reaches them.
	size, err := dbSize(t.Context(), v.DB())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetSizeLimit(t.Context(), size+64<<10); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	err = c.runImport(t.Context(), v, []string{file}, importOptions{})
	if err == nil || exitCode(err) != exitError || !strings.Contains(err.Error(), "the vault would exceed 1024 MiB") ||
		strings.Contains(err.Error(), "FOREIGN KEY") || strings.Contains(err.Error(), "rollback") {
		t.Fatalf("import reaching the limit: %v", err)
	}
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(after, before) {
		t.Fatal("an import that reached the limit changed the vault")
	}
	// Nothing of it is in the open database either.
	if _, rows, err := counts(t.Context(), v.Store()); err != nil || rows != rowsBefore {
		t.Fatalf("after the refused import the vault holds %d transactions (%v), before %d", rows, err, rowsBefore)
	}
}

// unchangedAndFree checks that a refused import left the vault as it was
// and let go of the write lock: the next writer, another process, imports.
func unchangedAndFree(t *testing.T, env map[string]string, before []byte) {
	t.Helper()
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(after, before) {
		t.Fatal("a refused import changed the vault")
	}
	d, key := oneAccount(10)
	good := writeFile(t, env["HOME"], "good.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	if out, stderr, code := runBin(t, env, "import", good); code != 0 || !strings.Contains(out, "10 new") {
		t.Fatalf("the import after the refusal: exit %d: %s %s", code, out, stderr)
	}
}

// A CSV with far more rows than the vault holds is refused as it is read,
// long before its end: here its end is a hole of zeros, which would be
// refused as one long field if the read got there.
func TestManyRowsAreRefusedBeforeTheFileIsReadWhole(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "size test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	var rows strings.Builder
	rows.WriteString("Date,Amount,Description\n")
	for rows.Len() < 2<<20 {
		rows.WriteString("2026-03-01,-12.34,COFFEE SHOP 123 000\n")
	}
	file := sharedtest.SparseFile(t, filepath.Join(env["HOME"], "big.csv"), 7<<20, rows.String(), "\n")
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code := runLimited(t, env, 8, "import", file)
	if code != exitError || !strings.Contains(stderr, "import refused, nothing was written: the vault would exceed 8 MiB") ||
		!strings.Contains(stderr, "these files add up to more than") || strings.Contains(stderr, "field") {
		t.Fatalf("a CSV of too many rows: exit %d: %s", code, stderr)
	}
	unchangedAndFree(t, env, before)
}

// A file larger than the room left in the vault, or than any bank file, is
// refused from its size, before a byte of it is read.
func TestHugeFilesAreRefusedFromTheirSize(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "size test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(vaultFile(env))
	big := sharedtest.SparseFile(t, filepath.Join(env["HOME"], "big.csv"), 300<<20, "Date,Amount,Description\n", "\n")
	_, stderr, code := runLimited(t, env, 100, "import", big)
	if code != exitError || !strings.Contains(stderr, "the vault would exceed 100 MiB") ||
		!strings.Contains(stderr, "these files add up to more than 300.0 MiB") {
		t.Fatalf("a 300 MiB file into a vault of at most 100 MiB: exit %d: %s", code, stderr)
	}
	huge := sharedtest.SparseFile(t, filepath.Join(env["HOME"], "huge.ofx"), 600<<20, "OFXHEADER:100\n", "\n")
	_, stderr, code = runBin(t, env, "import", huge)
	if code != exitError || !strings.Contains(stderr, "huge.ofx is 600 MiB; Penny reads bank files up to 512 MiB") {
		t.Fatalf("a 600 MiB file: exit %d: %s", code, stderr)
	}
	unchangedAndFree(t, env, before)
}

const memoHead = `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>1<ACCTID>12345<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.34<FITID>1<NAME>COFFEE<MEMO>`

const memoTail = "\n</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"

// A 400 MB memo is refused where it starts, by `penny import` and by the
// daemon, which says so once.
func TestAHugeMemoIsRefused(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "size test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(vaultFile(env))
	drop := filepath.Join(env["HOME"], "Downloads")
	os.MkdirAll(drop, 0o700)
	memo := sharedtest.SparseFile(t, filepath.Join(drop, "memo.ofx"), 400<<20, memoHead, memoTail)
	_, stderr, code := runBin(t, env, "import", memo)
	if code != exitError || !strings.Contains(stderr, "import refused, nothing was written: memo.ofx:8: a field longer than 64 KiB") {
		t.Fatalf("a 400 MB memo: exit %d: %s", code, stderr)
	}
	old := time.Now().Add(-time.Minute)
	os.Chtimes(memo, old, old)
	for round := range 2 {
		_, stderr, code = runBin(t, env, "daemon", "--once", "--notify", "none", "--watch", drop)
		if code != 0 || strings.Contains(stderr, "imported") {
			t.Fatalf("daemon --once: exit %d: %s", code, stderr)
		}
		if said := strings.Contains(stderr, "refused "+memo+": memo.ofx:8: a field longer than 64 KiB"); !said {
			t.Fatalf("daemon round %d: %s", round, stderr)
		}
	}
	unchangedAndFree(t, env, before)
}
