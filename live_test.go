package main

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"penny/daemon"
	"penny/sources/fakebank"
	"penny/sources/ofxdirect"
	"penny/store"
)

// liveBank is the fake bank's two servers and its CA, written to a file a
// separate process can trust through SSL_CERT_FILE.
type liveBank struct {
	sf     *fakebank.SimpleFIN
	ofx    *fakebank.OFX
	ca     *fakebank.CA
	caFile string
}

// simplefinVault makes a passphrase vault (pass) connected as "bridge" to a
// new live bank's SimpleFIN server, and returns the bank and the
// environment that reaches both.
func simplefinVault(t *testing.T, pass string) (*liveBank, map[string]string) {
	t.Helper()
	bank := newLiveBank(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", pass, "SSL_CERT_FILE", bank.caFile)
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	if out, stderr, code := runBinIn(t, env, bank.sf.NewToken()+"\n", "connect", "simplefin", "--name", "bridge"); code != 0 {
		t.Fatalf("connect: %s%s", out, stderr)
	}
	return bank, env
}

func newLiveBank(t *testing.T) *liveBank {
	t.Helper()
	ca, err := fakebank.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	b := &liveBank{ca: ca, caFile: filepath.Join(t.TempDir(), "ca.pem")}
	if err := os.WriteFile(b.caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC()
	b.sf = fakebank.NewSimpleFIN(ca, fakebank.Scenario(today))
	b.ofx = fakebank.NewOFX(ca, fakebank.Scenario(today))
	t.Cleanup(b.sf.Close)
	t.Cleanup(b.ofx.Close)
	return b
}

// runBinIn runs the built binary with stdin.
func runBinIn(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(pennyBin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// rawTerminalBytes reports escape sequences or bidi controls in output meant
// for a terminal.
func rawTerminalBytes(s string) bool {
	return strings.ContainsAny(s, "\x1b\x07\u202e\u202c\u202d\u2066\u2067\u2068\u2069")
}

func TestConnectAndSyncThroughTheBinary(t *testing.T) {
	bank := newLiveBank(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "live sync pass", "SSL_CERT_FILE", bank.caFile)
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	var all strings.Builder
	step := func(stdin string, want int, args ...string) string {
		t.Helper()
		out, errOut, code := runBinIn(t, env, stdin, args...)
		all.WriteString(out + errOut)
		if code != want {
			t.Fatalf("penny %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		if rawTerminalBytes(out + errOut) {
			t.Errorf("penny %s printed raw escape or bidi bytes:\n%q", strings.Join(args, " "), out+errOut)
		}
		return out + errOut
	}
	token := bank.sf.NewToken()
	step("", exitUsage, "connect", "simplefin", token) // never from argv
	out := step(token+"\n", 0, "connect", "simplefin", "--name", "bridge")
	if !strings.Contains(out, "Connected bridge") || !strings.Contains(out, "Everyday Checking") {
		t.Fatalf("connect output:\n%s", out)
	}
	out = step("", 0, "sync")
	for _, want := range []string{"bridge: synced", "Everyday Checking (new account)", "Girokonto (new account)", "custom currency", "matches the bank"} {
		if !strings.Contains(out, want) {
			t.Errorf("sync output lacks %q:\n%s", want, out)
		}
	}
	out = step(bank.ofx.Password+"\n", 0, "connect", "ofx", "--name", "cu", "--url", bank.ofx.Endpoint(), "--org", bank.ofx.ORG,
		"--fid", bank.ofx.FID, "--user", bank.ofx.User)
	if !strings.Contains(out, "Connected cu") {
		t.Fatalf("connect ofx:\n%s", out)
	}
	step("", 0, "sync", "--source", "cu")
	out = step("", 0, "sync", "--status")
	if !strings.Contains(out, "bridge") || !strings.Contains(out, "4 of 24 used") || !strings.Contains(out, "cu") {
		t.Errorf("status:\n%s", out)
	}
	step("", 0, "tx", "--account", "Everyday Checking", "--limit", "50")
	step("", 0, "alerts")
	out = step("", 0, "privacy")
	for _, want := range []string{"AES-256-GCM", "passphrase: Argon2id", bank.sf.Addr() + "/simplefin/claim/…", "/simplefin/accounts", bank.ofx.Addr() + "/ofx"} {
		if !strings.Contains(out, want) {
			t.Errorf("privacy lacks %q:\n%s", want, out)
		}
	}

	// The vault, re-opened from disk, holds both sources' data, hostile
	// descriptions exactly as the bank sent them.
	st := reopen(t, env)
	accts, _ := st.Accounts(context.Background())
	if len(accts) != 8 {
		t.Errorf("%d accounts, want 4 from each source", len(accts))
	}
	txs, _ := st.Transactions(context.Background(), store.TxQuery{})
	hostile := 0
	for _, tx := range txs {
		switch tx.Payee {
		case fakebank.HostileCSI, fakebank.HostileOSC8, fakebank.HostileOSC52, fakebank.HostileBidi:
			hostile++
		}
	}
	if hostile != 8 {
		t.Errorf("%d hostile descriptions stored as received, want 4 per source", hostile)
	}

	// No secret in any output or in any file outside the sealed vault.
	user, pass := bank.sf.Credentials()
	secrets := map[string]string{"setup token": token, "access user": user, "access password": pass, "OFX password": bank.ofx.Password}
	for what, s := range secrets {
		if strings.Contains(all.String(), s) {
			t.Errorf("the %s was printed", what)
		}
	}
	err := filepath.Walk(env["HOME"], func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for what, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("the %s is in %s", what, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOfflineMakesNoRequest(t *testing.T) {
	bank := newLiveBank(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "offline pass", "SSL_CERT_FILE", bank.caFile)
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runBinIn(t, env, bank.sf.NewToken(), "connect", "simplefin"); code != 0 {
		t.Fatal(stderr)
	}
	n := len(bank.sf.Requests())
	out, stderr, code := runBin(t, env, "sync", "--offline")
	if code == 0 || !strings.Contains(out+stderr, "offline") {
		t.Errorf("sync --offline: exit %d\n%s%s", code, out, stderr)
	}
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("offline = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := runBin(t, env, "sync"); code == 0 || !strings.Contains(out+stderr, "offline") {
		t.Errorf("sync with offline = true: exit %d\n%s%s", code, out, stderr)
	}
	if _, _, code := runBinIn(t, env, bank.sf.NewToken(), "connect", "simplefin", "--name", "two"); code == 0 {
		t.Error("connect worked offline")
	}
	if got := len(bank.sf.Requests()); got != n {
		t.Errorf("the server saw %d requests while offline", got-n)
	}
}

// dialRecorder records every connection the egress guard makes in process.
type dialRecorder struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialRecorder) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	d.addrs = append(d.addrs, addr)
	d.mu.Unlock()
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// runIn runs penny in this process, its egress guard dialing through hooks.
func runIn(t *testing.T, env map[string]string, hooks netHooks, stdin string, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	c := newCLI(strings.NewReader(stdin), &out, &out, func(k string) string { return env[k] })
	c.net = hooks
	code := c.run(t.Context(), args)
	return out.String(), code
}

// Import, sync, ask, balance, privacy, a daemon round and the chat's
// /sync connect only to the configured loopback host, and with --offline
// (or offline = true) to none; 200 syncs stay within the budget and say
// why they stop.
func TestRecordedDialsAndTheBudgetInProcess(t *testing.T) {
	bank := newLiveBank(t)
	rec := &dialRecorder{}
	hooks := netHooks{dial: rec.dial, rootCAs: bank.ca.Pool}
	env := testEnv(t) // the in-process keyring is go-keyring's mock
	dialed := func() int {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return len(rec.addrs)
	}
	// step runs penny in process; connects says whether it must reach the
	// bank (a round with nothing due, a read, or offline, must not).
	step := func(connects bool, want int, stdin string, args ...string) string {
		t.Helper()
		n := dialed()
		out, code := runIn(t, env, hooks, stdin, args...)
		if code != want {
			t.Fatalf("penny %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, out)
		}
		if got := dialed() > n; got != connects {
			t.Errorf("penny %s: connected %v, want %v", strings.Join(args, " "), got, connects)
		}
		return out
	}
	step(false, 0, "", "init")
	step(true, 0, bank.sf.NewToken(), "connect", "simplefin")
	d, key := oneAccount(50)
	file := writeFile(t, env["HOME"], "checking.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	step(false, 0, "", "import", file)
	step(true, 0, "", "daemon", "--once", "--notify", "none")  // the new source is due
	step(false, 0, "", "daemon", "--once", "--notify", "none") // and now it is not
	step(true, 0, "", "sync")
	for _, args := range [][]string{{"ask", "balance"}, {"balance"}, {"privacy"}, {"sync", "--status"}} {
		step(false, 0, "", args...)
	}
	// The chat's /sync ("sync now"), as the chat calls it.
	chatSync := func() (string, error) {
		var out bytes.Buffer
		c := newCLI(strings.NewReader(""), &out, &out, func(k string) string { return env[k] })
		c.net = hooks
		v, err := c.openVault(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		return c.chatSync(v, false)(t.Context())
	}
	n := dialed()
	if line, err := chatSync(); err != nil || !strings.HasPrefix(line, "Synced simplefin: ") || dialed() == n {
		t.Errorf("the chat's sync: %q, %v; %d connections", line, err, dialed()-n)
	}
	// Offline: none of them connects.
	step(false, 1, "", "sync", "--offline")
	step(false, 1, bank.sf.NewToken(), "connect", "simplefin", "--name", "two", "--offline")
	step(true, 0, bank.sf.NewToken(), "connect", "simplefin", "--name", "two")
	step(false, 0, "", "daemon", "--once", "--notify", "none", "--offline") // "two" is due
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("offline = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n = dialed()
	if _, err := chatSync(); err == nil || !strings.Contains(err.Error(), "offline") || dialed() != n {
		t.Errorf("the chat's sync with offline = true: %v; %d connections", err, dialed()-n)
	}
	step(false, 1, "", "sync")
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	step(true, 0, "", "daemon", "--once", "--notify", "none")
	rec.mu.Lock()
	for _, a := range rec.addrs {
		if a != bank.sf.Addr() {
			t.Errorf("connected to %s, which no source names", a)
		}
	}
	rec.mu.Unlock()

	var last string
	for range 200 {
		last, _ = runIn(t, env, hooks, "", "sync", "--source", "simplefin")
	}
	if !strings.Contains(last, "request(s) of its 24 a day are left") || !strings.Contains(last, "the token is not put at risk") {
		t.Errorf("the last sync does not say why it stopped:\n%s", last)
	}
	out, _ := runIn(t, env, hooks, "", "sync", "--status")
	if !strings.Contains(out, "24 of 24 used") || !strings.Contains(out, "budget spent until") {
		t.Errorf("status:\n%s", out)
	}
	// The bank counts both sources' /accounts requests (one login): two
	// made 3 (the look at connect, a first sync of two windows), and
	// simplefin at most its budget less its claim, 23.
	if got := bank.sf.AccountRequests(); got > 23+3 {
		t.Errorf("the server saw %d requests in a day, above the budget", got)
	}
}

// TestKilledSyncsStayWithinTheBudget: 200 runs of `penny sync`, each killed
// (SIGKILL) while its request waits at the bank, as a crash loop would.
// Every request was counted before it went out, so the runs stop making
// requests once the day's budget is spent, say why, and the token is never
// blocked; the network log read from disk holds at least every request the
// bank saw.
func TestKilledSyncsStayWithinTheBudget(t *testing.T) {
	t.Parallel()
	bank, env := simplefinVault(t, "kill pass")
	arrived := make(chan struct{}, 1)
	bank.sf.Observe(func(r fakebank.Request) {
		if strings.HasSuffix(r.Path, "/accounts") {
			arrived <- struct{}{}
		}
	})
	bank.sf.Fail(fakebank.FaultHang, 1000) // no answer ever comes: only the kill ends a request
	kills := 0
	var last string
	for i := range 200 {
		cmd := exec.Command(pennyBin, "sync")
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case <-arrived:
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-exited
			kills++
		case err := <-exited:
			if err == nil {
				t.Fatalf("run %d synced against a bank that never answers:\n%s", i, out.String())
			}
			last = out.String()
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			t.Fatalf("run %d neither reached the bank nor ended:\n%s", i, out.String())
		}
	}
	bank.sf.Observe(nil)
	seen := bank.sf.AccountRequests()
	if seen > 24 || kills == 0 || kills >= 24 {
		t.Errorf("the bank saw %d requests (%d runs killed mid-request); the budget is 24", seen, kills)
	}
	if !strings.Contains(last, "request(s) of its 24 a day are left") || !strings.Contains(last, "the token is not put at risk") {
		t.Errorf("the last run does not say why it made no request:\n%s", last)
	}
	st := reopen(t, env)
	logged, err := st.CountRequests(t.Context(), "bridge", time.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The claim is logged too; a killed run may have reserved a row for a
	// second window it never reached: the log errs toward more, never less.
	if logged < seen+1 || logged != 24 {
		t.Errorf("%d requests in the log, the bank saw %d /accounts (+1 claim)", logged, seen)
	}
	out, _, _ := runBin(t, env, "privacy")
	if !strings.Contains(out, "no outcome recorded (Penny stopped mid-request)") {
		t.Errorf("privacy does not show the requests cut short:\n%s", out)
	}
}

// TestOFXRefusalsInPlainWords: the sign-on refusals of OFX banks (15500: a
// CLIENTUID waiting for approval, 15510: a CLIENTUID the bank does not
// know, 3000: an MFA challenge) are told in plain words by penny connect
// ofx and penny sync, nothing is added, and the alert the failed sync
// raises says the same; no output carries a raw byte.
func TestOFXRefusalsInPlainWords(t *testing.T) {
	t.Parallel()
	bank := newLiveBank(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "ofx refusals", "SSL_CERT_FILE", bank.caFile)
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	check := func(out string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%s", w, out)
			}
		}
		if rawTerminalBytes(out) || strings.Contains(out, bank.ofx.Password) {
			t.Errorf("raw bytes or the password in:\n%q", out)
		}
	}
	connect := func() (string, int) {
		out, errOut, code := runBinIn(t, env, bank.ofx.Password+"\n", "connect", "ofx", "--name", "cu", "--url", bank.ofx.Endpoint(),
			"--org", bank.ofx.ORG, "--fid", bank.ofx.FID, "--user", bank.ofx.User)
		return out + errOut, code
	}
	bank.ofx.SetMode(fakebank.OFXApproveClientUID)
	out, code := connect()
	if code != 1 {
		t.Errorf("connect refused with 15500: exit %d", code)
	}
	check(out, "penny: connect ofx: nothing was added: sign-on refused: ", "approve this computer", "Secure Message Center", "(OFX code 15500)")
	bank.ofx.SetMode(fakebank.OFXUnknownClientUID)
	out, code = connect()
	if code != 1 {
		t.Errorf("connect refused with 15510: exit %d", code)
	}
	check(out, "sign-on refused: the bank has not approved this Penny (its CLIENTUID) yet: approve it on the bank's website", "(OFX code 15510)")
	if out, _, _ := runBin(t, env, "sync", "--status"); !strings.Contains(out, "No source is connected") {
		t.Errorf("a refused connect added a source:\n%s", out)
	}
	// The user approves the CLIENTUID at the bank; the same one is sent
	// again, so the approval holds.
	sos := bank.ofx.Signons()
	uid := sos[len(sos)-1].ClientUID
	if uid == "" || sos[0].ClientUID != uid {
		t.Fatalf("the CLIENTUID changed between sign-ons: %+v", sos)
	}
	bank.ofx.Approve(uid)
	if out, code := connect(); code != 0 {
		t.Fatalf("connect after approval: exit %d\n%s", code, out)
	}
	bank.ofx.SetMode(fakebank.OFXMFA)
	sout, serr, code := runBin(t, env, "sync")
	if code != 1 {
		t.Errorf("sync refused with 3000: exit %d", code)
	}
	check(sout+serr, "cu: not synced: source cu: sign-on refused: the bank asks for an extra security check (MFA) that Penny cannot answer; download statements from the bank's website and use `penny import` (OFX code 3000)")
	aout, aerr, _ := runBin(t, env, "alerts", "--json")
	check(aout+aerr, "cu could not sync", "extra security check (MFA)", "use `penny import`")
}

// The chat's /sync line names a failed source once, then says why in the
// source's plain words; the sources that synced follow.
func TestSyncLine(t *testing.T) {
	t.Parallel()
	mfa := fmt.Errorf("source cu: %w", &ofxdirect.SignonError{Code: 3000, Message: "\x1b]52;c;aGk=\x07MFA"})
	_, err := syncLine([]daemon.Synced{{Source: "cu", Err: mfa}, {Source: "bridge", New: 3}}, nil)
	want := "cu: sign-on refused: the bank asks for an extra security check (MFA) that Penny cannot answer; " +
		"download statements from the bank's website and use `penny import` (OFX code 3000); bridge: 3 new"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	line, err := syncLine([]daemon.Synced{{Source: "bridge", New: 3}}, nil)
	if err != nil || line != "Synced bridge: 3 new" {
		t.Errorf("got %q, %v", line, err)
	}
	if line, err := syncLine(nil, nil); err != nil || !strings.Contains(line, "No bank is connected") {
		t.Errorf("got %q, %v", line, err)
	}
}

// TestOnlyTheGuardReachesTheNetwork: the recording dialer sees what goes
// through the egress guard; this sees that nothing goes around it. In
// Penny's own code, only netguard builds an HTTP client or transport or
// dials, and only the packages that speak a protocol over the client it
// hands them (and the fake bank's servers) import net/http at all.
func TestOnlyTheGuardReachesTheNetwork(t *testing.T) {
	t.Parallel()
	mayImportHTTP := map[string]bool{"netguard": true, "sources/simplefin": true, "sources/ofxdirect": true, "sources/fakebank": true}
	// What makes a connection, or a client that would make one without
	// the guard.
	dialers := map[string]map[string]bool{
		"net":        {"Dial": true, "DialTimeout": true, "Dialer": true, "DialTCP": true, "DialUDP": true, "DialIP": true, "DialUnix": true},
		"net/http":   {"DefaultClient": true, "DefaultTransport": true, "Get": true, "Post": true, "PostForm": true, "Head": true},
		"crypto/tls": {"Dial": true, "DialWithDialer": true, "Dialer": true},
	}
	files := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != "." && (strings.HasPrefix(n, ".") || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		dir := filepath.ToSlash(filepath.Dir(path))
		names := map[string]string{} // local name -> import path
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if p == "net/http" && !mayImportHTTP[dir] {
				t.Errorf("%s imports net/http: only netguard and the protocol packages may", path)
			}
			if dialers[p] == nil {
				continue
			}
			name := p[strings.LastIndex(p, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			names[name] = p
		}
		if len(names) == 0 || dir == "netguard" {
			return nil
		}
		full, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		is := func(e ast.Expr, pkg string, what ...string) bool {
			sel, ok := e.(*ast.SelectorExpr)
			if !ok {
				return false
			}
			x, ok := sel.X.(*ast.Ident)
			return ok && names[x.Name] == pkg && slices.Contains(what, sel.Sel.Name)
		}
		ast.Inspect(full, func(n ast.Node) bool {
			var made ast.Expr // a client or transport made here, not just named
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && dialers[names[x.Name]][n.Sel.Name] {
					t.Errorf("%s uses %s.%s: connections go through netguard alone", path, names[x.Name], n.Sel.Name)
				}
			case *ast.CompositeLit:
				made = n.Type
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "new" && len(n.Args) == 1 {
					made = n.Args[0]
				}
			}
			if made != nil && is(made, "net/http", "Client", "Transport") {
				t.Errorf("%s makes an HTTP client or transport: only netguard may", path)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d files read: the walk missed the module", files)
	}
}
