package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"penny/demo"
	"penny/store"
	"penny/store/vault"
)

// pennyBin is the real binary, built once, for the tests that check what a
// person sees: exit codes, files on disk, messages. It is built with the tag
// pennytestkdf, whose Argon2id parameters are cheap: the tests create and
// open dozens of passphrase vaults, each of which would otherwise cost
// 64 MiB and three passes. prodBin (built on demand) is the normal build,
// for the tests about the parameters themselves.
var pennyBin, binDir string

func TestMain(m *testing.M) {
	// In-process runs use go-keyring's mock; the built binary talks to
	// whatever Secret Service its environment names.
	keyring.MockInit()
	var err error
	if binDir, err = os.MkdirTemp("", "penny-bin-"); err != nil {
		panic(err)
	}
	pennyBin = filepath.Join(binDir, "penny")
	if err := build(pennyBin, "-tags", "pennytestkdf"); err != nil {
		os.RemoveAll(binDir)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

func build(out string, flags ...string) error {
	args := append(append([]string{"build"}, flags...), "-o", out, ".")
	if b, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("build penny: %v\n%s", err, b)
	}
	return nil
}

var (
	prodOnce sync.Once
	prodPath string
	prodErr  error
)

// prodBin is penny as a user builds it: production Argon2id parameters.
func prodBin(t *testing.T) string {
	t.Helper()
	prodOnce.Do(func() {
		prodPath = filepath.Join(binDir, "penny-prod")
		prodErr = build(prodPath)
	})
	if prodErr != nil {
		t.Fatal(prodErr)
	}
	return prodPath
}

// run calls the CLI in process with only the given environment.
func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	code = c.run(t.Context(), args)
	return out.String(), errb.String(), code
}

// runBin runs the built binary with a clean environment plus env.
func runBin(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runProgram(t, pennyBin, env, args...)
}

// runProgram runs bin with a clean environment plus env.
func runProgram(t *testing.T, bin string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// testEnv is a private home: data, config and temp folders of its own, and
// no reachable keyring unless a test adds one.
func testEnv(t *testing.T) map[string]string {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{
		"HOME":                     home,
		"XDG_DATA_HOME":            filepath.Join(home, "data"),
		"XDG_CONFIG_HOME":          filepath.Join(home, "config"),
		"TMPDIR":                   filepath.Join(home, "tmp"),
		"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + filepath.Join(home, "no-bus"),
	}
	if err := os.MkdirAll(env["TMPDIR"], 0o700); err != nil {
		t.Fatal(err)
	}
	return env
}

func with(env map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func vaultFile(env map[string]string) string {
	return filepath.Join(env["XDG_DATA_HOME"], "penny", vault.FileName)
}

// demoVault creates a passphrase vault through the CLI and fills it with
// demo data through the vault, as an import would.
func demoVault(t *testing.T, size int) (map[string]string, *demo.Data) {
	t.Helper()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "correct horse battery")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	data := demo.Generate(demo.Options{Seed: 42, Transactions: size})
	v, err := openSealed(t.Context(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte("correct horse battery"), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(t.Context(), v.Store(), data); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return env, data
}

func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	for _, cmd := range commands() {
		for _, args := range [][]string{{cmd.name, "--help"}, {"help", cmd.name}} {
			out, _, code := run(t, nil, args...)
			if code != 0 || !strings.Contains(out, "Usage: penny "+cmd.name) || !strings.Contains(out, "--data-dir") {
				t.Errorf("penny %s: exit %d, output:\n%s", strings.Join(args, " "), code, out)
			}
		}
	}
	out, _, code := run(t, nil, "--help")
	if code != 0 || !strings.Contains(out, "Exit codes") {
		t.Errorf("penny --help: exit %d:\n%s", code, out)
	}
}

func TestUsageMistakesExit2(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	for _, args := range [][]string{
		{"frobnicate"},
		{"balance", "--bogus"},
		{"tx", "--since", "blorp"},
		{"tx", "--since", "2026-03-01", "--until", "2026-02-01"},
		{"tx", "--limit", "-1"},
		{"init", "extra"},
		// Contract commands not built yet say so and exit 2.
		{"import"},
		{"sync", "extra"},
		{"connect"},
		{"connect", "plaid"},
		{"export"},
		{"daemon", "extra"},
		{"daemon", "--notify", "pigeon"},
	} {
		_, stderr, code := run(t, env, args...)
		if code != exitUsage || stderr == "" {
			t.Errorf("penny %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, stderr)
		}
	}
	// export without a format is a usage mistake that names the formats.
	_, stderr, _ := run(t, env, "export")
	if !strings.Contains(stderr, "--format") {
		t.Errorf("export: %q", stderr)
	}
}

func TestNoVaultSaysWhatToDo(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	_, stderr, code := run(t, env, "balance")
	if code != exitError || !strings.Contains(stderr, "penny init") {
		t.Fatalf("balance without a vault: exit %d, %q", code, stderr)
	}
	out, _, code := run(t, env)
	if code != 0 || !strings.Contains(out, "penny init") || !strings.Contains(out, "penny demo") {
		t.Fatalf("bare penny on first run: exit %d:\n%s", code, out)
	}
}

func TestDataDirFlagEnvAndConfig(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "pw-pw-pw")
	home := env["HOME"]
	flagDir := filepath.Join(home, "by-flag")
	envDir := filepath.Join(home, "by-env")
	cfgDir := filepath.Join(home, "by-config")
	cfg := filepath.Join(home, "penny.toml")
	if err := os.WriteFile(cfg, []byte("data_dir = \""+cfgDir+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		env  map[string]string
		dir  string
	}{
		{[]string{"--data-dir", flagDir, "init", "--no-keyring"}, env, flagDir},
		{[]string{"init", "--no-keyring", "--data-dir", flagDir + "2"}, env, flagDir + "2"},
		{[]string{"init", "--no-keyring"}, with(env, "PENNY_DATA_DIR", envDir), envDir},
		{[]string{"init", "--no-keyring", "--config", cfg}, env, cfgDir},
	}
	for _, c := range cases {
		if _, stderr, code := run(t, c.env, c.args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(c.dir, vault.FileName)); err != nil {
			t.Errorf("%v: no vault in %s", c.args, c.dir)
		}
	}
	if _, stderr, code := run(t, env, "balance", "--config", filepath.Join(home, "missing.toml")); code != exitError || !strings.Contains(stderr, "missing.toml") {
		t.Errorf("a missing --config file: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, env, "init", "--no-keyring", "--data-dir", flagDir); code != exitError || !strings.Contains(stderr, "already exists") {
		t.Errorf("init over an existing vault: exit %d, %q", code, stderr)
	}
}

func TestBalanceAndTxJSON(t *testing.T) {
	t.Parallel()
	env, data := demoVault(t, 3000)
	out, stderr, code := runBin(t, env, "balance", "--json")
	if code != 0 {
		t.Fatalf("balance --json: exit %d: %s", code, stderr)
	}
	var bal struct {
		Accounts []map[string]any `json:"accounts"`
		Totals   []map[string]any `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &bal); err != nil {
		t.Fatalf("balance --json is not JSON: %v\n%s", err, out)
	}
	// Expected balances computed here, independently of the store.
	want := map[string]int64{}
	for _, a := range data.Accounts {
		want[a.Name] = a.Opening
	}
	for _, x := range data.Transactions {
		if !x.Pending {
			for _, a := range data.Accounts {
				if a.Key == x.AccountKey {
					want[a.Name] += x.Amount
				}
			}
		}
	}
	if len(bal.Accounts) != len(data.Accounts) {
		t.Fatalf("%d accounts, want %d", len(bal.Accounts), len(data.Accounts))
	}
	for _, a := range bal.Accounts {
		name := a["name"].(string)
		minor := int64(a["balance_minor"].(float64))
		if minor != want[name] {
			t.Errorf("%s: balance_minor %d, want %d", name, minor, want[name])
		}
		for _, k := range []string{"id", "name", "type", "currency", "balance", "balance_minor", "available", "as_of", "institution"} {
			if _, ok := a[k]; !ok {
				t.Errorf("%s: no %q field", name, k)
			}
		}
		if s, ok := a["balance"].(string); !ok || strings.Contains(s, ",") {
			t.Errorf("%s: balance %v is not a plain decimal string", name, a["balance"])
		}
	}
	if len(bal.Totals) != 2 {
		t.Errorf("totals = %v, want one per currency (USD, EUR)", bal.Totals)
	}

	out, stderr, code = runBin(t, env, "tx", "--json", "--account", "everyday", "--since", "2026-10-01", "--until", "2026-10-31", "--limit", "0")
	if code != 0 {
		t.Fatalf("tx --json: exit %d: %s", code, stderr)
	}
	var txs struct {
		Transactions []struct {
			Account     string `json:"account"`
			Posted      string `json:"posted"`
			Amount      string `json:"amount"`
			AmountMinor int64  `json:"amount_minor"`
			Currency    string `json:"currency"`
			Payee       string `json:"payee"`
			Pending     bool   `json:"pending"`
		} `json:"transactions"`
	}
	if err := json.Unmarshal([]byte(out), &txs); err != nil {
		t.Fatalf("tx --json: %v", err)
	}
	var checkingName string
	for _, a := range data.Accounts {
		if a.Type == "checking" && a.Currency == "USD" {
			checkingName = a.Name
		}
	}
	wantN := 0
	for _, x := range data.Transactions {
		d := x.Posted.Format(store.DateLayout)
		if x.AccountKey == accountKey(data, checkingName) && d >= "2026-10-01" && d <= "2026-10-31" {
			wantN++
		}
	}
	if wantN == 0 || len(txs.Transactions) != wantN {
		t.Fatalf("tx in October on checking: %d rows, want %d", len(txs.Transactions), wantN)
	}
	prev := "9999"
	for _, x := range txs.Transactions {
		if x.Account != checkingName || x.Posted < "2026-10-01" || x.Posted > "2026-10-31" || x.Posted > prev {
			t.Fatalf("row out of filter or order: %+v", x)
		}
		prev = x.Posted
	}

	out, _, code = runBin(t, env, "tx", "--limit", "3")
	if code != 0 || strings.Count(out, "\n") != 4 {
		t.Errorf("tx --limit 3: exit %d, want a header and 3 rows:\n%s", code, out)
	}
	out, _, code = runBin(t, env, "balance")
	if code != 0 || !strings.Contains(out, checkingName) || !strings.Contains(out, " USD") {
		t.Errorf("balance: exit %d:\n%s", code, out)
	}
}

func accountKey(d *demo.Data, name string) string {
	for _, a := range d.Accounts {
		if a.Name == name {
			return a.Key
		}
	}
	return ""
}

func TestWrongKeyExits3AndLeavesVaultAlone(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 100)
	path := vaultFile(env)
	before, _ := os.ReadFile(path)
	_, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "wrong"), "balance")
	if code != exitLocked || !strings.Contains(stderr, "wrong passphrase") {
		t.Fatalf("wrong passphrase: exit %d, %q", code, stderr)
	}
	_, stderr, code = runBin(t, with(env, "PENNY_PASSPHRASE", ""), "tx")
	if code != exitLocked || !strings.Contains(stderr, "PENNY_PASSPHRASE") {
		t.Fatalf("no passphrase at all: exit %d, %q", code, stderr)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a refused unlock changed the vault file")
	}
}

// Not parallel: the in-process runs here use go-keyring's mock, one unguarded
// map for the whole process.
func TestMissingKeyringEntryExits3(t *testing.T) {
	env := testEnv(t)
	if _, stderr, code := run(t, env, "init"); code != 0 {
		t.Fatalf("init with the (mock) keyring: exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, env, "balance"); code != 0 {
		t.Fatalf("balance through the keyring: exit %d: %s", code, stderr)
	}
	in, err := vault.Describe(vaultFile(env))
	if err != nil || !in.Keyring || in.Passphrase {
		t.Fatalf("describe: %+v %v", in, err)
	}
	if err := keyring.Delete(vault.KeyringService, in.ID); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code := run(t, env, "balance")
	if code != exitLocked || !strings.Contains(stderr, "keyring") {
		t.Fatalf("missing keyring entry: exit %d, %q", code, stderr)
	}
	after, _ := os.ReadFile(vaultFile(env))
	if !bytes.Equal(before, after) {
		t.Fatal("the vault changed")
	}
}

func TestDamageExits4(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 100)
	path := vaultFile(env)
	orig, _ := os.ReadFile(path)
	for _, off := range []int{3, 90, len(orig) / 2, len(orig) - 1} {
		b := bytes.Clone(orig)
		b[off] ^= 0x01
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runBin(t, env, "balance")
		if code != exitDamaged || !strings.Contains(stderr, "damaged") {
			t.Fatalf("bit flipped at %d: exit %d, %q", off, code, stderr)
		}
		// Even with the wrong passphrase, damage is reported as damage.
		_, _, code = runBin(t, with(env, "PENNY_PASSPHRASE", "wrong"), "balance")
		if code != exitDamaged {
			t.Fatalf("bit flipped at %d, wrong passphrase: exit %d, want 4", off, code)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(after, b) {
			t.Fatal("a refused vault was rewritten")
		}
	}
}

// A read-only command decrypts the chunks it reads as it reads them. A chunk
// forged with the file's plain checksums refit is told when a command reads
// it: exit 4, the vault called damaged, not SQLite's I/O error; a command
// that never reads it answers from what is authentic.
// flippedMiddleChunk makes a demo vault and returns its file with a bit
// flipped in the middle chunk of its body, which `penny balance` does not
// read, and the body's place in the file; the vault on disk is unchanged.
func flippedMiddleChunk(t *testing.T) (env map[string]string, orig, b []byte, hlen, bodyLen int) {
	t.Helper()
	env, _ = demoVault(t, 3000)
	orig, _ = os.ReadFile(vaultFile(env))
	hlen = int(binary.LittleEndian.Uint32(orig[10:14]))
	bodyLen = int(binary.LittleEndian.Uint64(orig[68:76]))
	chunk := int(binary.LittleEndian.Uint32(orig[16:20])) + 16
	if bodyLen < 6*chunk {
		t.Fatalf("a body of %d bytes is too small for the test", bodyLen)
	}
	b = bytes.Clone(orig)
	b[hlen+(bodyLen/chunk/2)*chunk+200] ^= 0x04
	return env, orig, b, hlen, bodyLen
}

func TestForgedChunkExits4WhenRead(t *testing.T) {
	t.Parallel()
	env, _, b, hlen, bodyLen := flippedMiddleChunk(t)
	path := vaultFile(env)
	// Refit what needs no key: the body's CRC-32C and the header's SHA-256.
	binary.LittleEndian.PutUint32(b[76:80], crc32.Checksum(b[hlen:hlen+bodyLen], crc32.MakeTable(crc32.Castagnoli)))
	sum := sha256.Sum256(b[:hlen-32])
	copy(b[hlen-32:hlen], sum[:])
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBin(t, env, "export", "--format", "csv")
	if code != exitDamaged || !strings.Contains(stderr, "damaged") || strings.Contains(stderr, "I/O") {
		t.Fatalf("export of a vault with a forged chunk: exit %d, %q", code, stderr)
	}
	if strings.Count(out, "\n") > 1 {
		t.Fatalf("export wrote %d lines before the forged chunk was found", strings.Count(out, "\n"))
	}
	if _, stderr, code := runBin(t, env, "balance"); code != 0 {
		t.Fatalf("balance, which reads no forged page: exit %d, %q", code, stderr)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, b) {
		t.Fatal("a forged vault was rewritten")
	}
}

// A flipped bit in a part of the vault a read-only command never reads is
// still damage: the body's checksum, which runs beside the command's
// queries, holds back its output (exit 4, nothing on stdout).
func TestFlippedBitInAnUnreadChunkExits4BeforeOutput(t *testing.T) {
	t.Parallel()
	// The chunk TestForgedChunkExits4WhenRead forges, which balance does
	// not read; this time the checksums are left as they were.
	env, orig, b, _, _ := flippedMiddleChunk(t)
	path := vaultFile(env)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// No arguments and no terminal: the home screen's balances.
	for _, args := range [][]string{{"balance"}, {"ask", "balance"}, {"balance", "--json"}, {}} {
		out, stderr, code := runBin(t, env, args...)
		if code != exitDamaged || !strings.Contains(stderr, "damaged") || out != "" {
			t.Fatalf("%v on a vault with a flipped bit: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	// The same vault whole again answers.
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := runBin(t, env, "balance"); code != 0 || !strings.Contains(out, "Total USD") {
		t.Fatalf("balance of the vault as it was: exit %d, %q", code, stderr)
	}
}

func TestSecondWriterExits5ReaderStillReads(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 100)
	v, err := openSealed(context.Background(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte("correct horse battery"), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	// v is in the middle of a write.
	if _, err := v.BeginWrite(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer v.EndWrite()
	env["PENNY_LOCK_WAIT"] = "200ms"
	newPass := filepath.Join(env["HOME"], "new-pass")
	os.WriteFile(newPass, []byte("another passphrase\n"), 0o600)
	_, stderr, code := runBin(t, env, "passwd", "--new-passphrase-file", newPass)
	if code != exitInUse || !strings.Contains(stderr, "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second writer: exit %d, %q", code, stderr)
	}
	out, stderr, code := runBin(t, env, "balance")
	if code != 0 || !strings.Contains(out, "Total USD") {
		t.Fatalf("reader while a writer holds the vault: exit %d, %q", code, stderr)
	}
}

func TestPasswdChangesThePassphrase(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 50)
	newPass := filepath.Join(env["HOME"], "new-pass")
	os.WriteFile(newPass, []byte("another passphrase\n"), 0o600)
	if out, stderr, code := runBin(t, env, "passwd", "--new-passphrase-file", newPass); code != 0 || !strings.Contains(out, "changed") {
		t.Fatalf("passwd: exit %d: %s %s", code, out, stderr)
	}
	if _, _, code := runBin(t, env, "balance"); code != exitLocked {
		t.Fatalf("old passphrase still opens: exit %d", code)
	}
	if _, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "another passphrase"), "balance"); code != 0 {
		t.Fatalf("new passphrase: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", ""), "balance", "--passphrase-file", newPass); code != 0 {
		t.Fatalf("--passphrase-file: exit %d: %s", code, stderr)
	}
}

func TestInitWithoutSecretService(t *testing.T) {
	t.Parallel()
	env := testEnv(t) // DBUS_SESSION_BUS_ADDRESS points at nothing
	// The normal build: the header must carry the production parameters.
	bin := prodBin(t)
	_, stderr, code := runProgram(t, bin, env, "init")
	if code != exitError || !strings.Contains(stderr, "keyring") || !strings.Contains(stderr, "PENNY_PASSPHRASE") {
		t.Fatalf("init with no Secret Service and no passphrase: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(vaultFile(env)); !os.IsNotExist(err) {
		t.Fatal("a failed init left a vault behind")
	}
	out, stderr, code := runProgram(t, bin, with(env, "PENNY_PASSPHRASE", "pw for the vault"), "init")
	if code != 0 || !strings.Contains(out, "passphrase") {
		t.Fatalf("init with a passphrase and no Secret Service: exit %d: %s %s", code, out, stderr)
	}
	in, err := vault.Describe(vaultFile(env))
	if err != nil || in.Keyring || !in.Passphrase || in.PassphraseKDF.MemoryKiB < 64<<10 || in.PassphraseKDF.Time < 3 {
		t.Fatalf("vault slots: %+v %v", in, err)
	}
}

func TestFilesAndFoldersArePrivate(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 10)
	dir := filepath.Dir(vaultFile(env))
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("data folder mode %v, %v", st.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", e.Name(), info.Mode().Perm())
		}
	}
}
