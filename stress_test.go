package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"penny/store"
	"penny/store/vault"
)

// Many processes, one vault: the chat (the binary in tmux, asking
// questions, which writes its history), `penny daemon` on a drop folder,
// and three `penny import` loops, all at once. Every transaction of every
// file must be in the vault exactly once, no process may ever see a
// damaged vault, and no two saves may have written the same generation
// (which is what a lost write looks like).
//
// PENNY_STRESS sets how long the writers run (CI: 2m over 200 files); by
// default a short run over 48 files keeps `go test` quick.

// stressFile is one generated bank file: its account and transactions.
type stressFile struct {
	name   string
	acct   string
	fitids []string
	amount int64 // the sum of its amounts, in cents
	body   []byte
}

func stressFiles(n int, seed uint64) []stressFile {
	r := rand.New(rand.NewPCG(seed, 1))
	payees := []string{"SQ *BLUE BOTTLE COFFEE SAN FRANCISCO CA", "AMZN Mktp US*2K4LM9XQ1", "SHELL OIL 57444", "TRADER JOE'S #123 OAKLAND CA",
		"NETFLIX.COM", "UBER   *TRIP HELP.UBER.COM", "ACH DEBIT PG&E WEB ONLINE", "CHECKCARD 1104 WHOLEFDS MKT 10234"}
	day := time.Now().AddDate(0, 0, -40)
	files := make([]stressFile, n)
	for i := range files {
		f := &files[i]
		f.name = fmt.Sprintf("stress-%03d.ofx", i)
		f.acct = fmt.Sprintf("stress-acct-%d", i%3)
		var b strings.Builder
		fmt.Fprintf(&b, "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>%s<LANGUAGE>ENG<FI><ORG>Stress Bank<FID>4242</FI></SONRS></SIGNONMSGSRSV1>\n",
			day.Format("20060102"))
		fmt.Fprintf(&b, "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD\n<BANKACCTFROM><BANKID>121000248<ACCTID>%s<ACCTTYPE>CHECKING</BANKACCTFROM>\n<BANKTRANLIST><DTSTART>%s<DTEND>%s\n",
			f.acct, day.Format("20060102"), day.AddDate(0, 0, 30).Format("20060102"))
		for j := range 3 + r.IntN(6) {
			id := fmt.Sprintf("st-%03d-%d", i, j)
			cents := -int64(100 + r.IntN(20000))
			f.fitids = append(f.fitids, id)
			f.amount += cents
			fmt.Fprintf(&b, "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>%s<TRNAMT>%d.%02d<FITID>%s<NAME>%s</STMTTRN>\n",
				day.AddDate(0, 0, r.IntN(30)).Format("20060102"), cents/100, -cents%100, id, payees[r.IntN(len(payees))])
		}
		b.WriteString("</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n")
		f.body = []byte(b.String())
	}
	return files
}

// stressRun is the shared state of one run.
type stressRun struct {
	t       *testing.T
	env     map[string]string
	home    string
	drop    string
	damaged atomic.Int32 // exit 4 seen by anyone
	kills   atomic.Int32
	mu      sync.Mutex
	running map[*exec.Cmd]bool // imports that may be killed
}

// start runs penny with the run's environment, without waiting.
func (s *stressRun) start(args ...string) *exec.Cmd {
	cmd := exec.Command(pennyBin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range s.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// importUntilDone imports path until an import of it exits 0; a kill -9
// in the middle is tried again. It reports exit codes other than 0 and
// the kill's.
func (s *stressRun) importUntilDone(ctx context.Context, path string) {
	for ctx.Err() == nil {
		cmd := s.start("import", path)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			s.t.Error(err)
			return
		}
		s.mu.Lock()
		s.running[cmd] = true
		s.mu.Unlock()
		err := cmd.Wait()
		s.mu.Lock()
		delete(s.running, cmd)
		s.mu.Unlock()
		if err == nil {
			return
		}
		if ee, ok := err.(*exec.ExitError); ok {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				continue
			}
			if ee.ExitCode() == exitDamaged {
				s.damaged.Add(1)
			}
		}
		s.t.Errorf("import %s: %v\n%s", filepath.Base(path), err, out.String())
		return
	}
}

// killOne kills a running import at random.
func (s *stressRun) killOne(r *rand.Rand) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cmds []*exec.Cmd
	for c := range s.running {
		cmds = append(cmds, c)
	}
	if len(cmds) == 0 {
		return false
	}
	c := cmds[r.IntN(len(cmds))]
	if c.Process.Signal(syscall.SIGKILL) == nil {
		s.kills.Add(1)
		return true
	}
	return false
}

// checkOpens runs a reader: the vault must always open.
func (s *stressRun) checkOpens() {
	cmd := s.start("balance")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == exitDamaged {
		s.damaged.Add(1)
		s.t.Errorf("a reader found the vault damaged:\n%s", out)
	} else if err != nil {
		s.t.Errorf("balance during the run: %v\n%s", err, out)
	}
}

func stressDuration(t *testing.T) (time.Duration, int) {
	if v := os.Getenv("PENNY_STRESS"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("PENNY_STRESS=%q: %v", v, err)
		}
		return d, 200
	}
	return 12 * time.Second, 48
}

func TestManyWritersOneVault(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"steady", "kill -9"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			runStress(t, mode == "kill -9")
		})
	}
}

func runStress(t *testing.T, kill bool) {
	dur, nfiles := stressDuration(t)
	env := with(testEnv(t), "PENNY_PASSPHRASE", "stress pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	home := env["HOME"]
	log := filepath.Join(home, "writes.log")
	env["PENNY_WRITE_LOG"] = log
	s := &stressRun{t: t, env: env, home: home, drop: filepath.Join(home, "drop"), running: map[*exec.Cmd]bool{}}
	if err := os.MkdirAll(s.drop, 0o700); err != nil {
		t.Fatal(err)
	}
	start, err := vault.FileGeneration(vaultFile(env))
	if err != nil {
		t.Fatal(err)
	}
	files := stressFiles(nfiles, uint64(len(t.Name())))
	src := filepath.Join(home, "files")
	os.MkdirAll(src, 0o700)
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(src, f.name), f.body, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(t.Context(), dur+3*time.Minute)
	defer cancel()
	writersEnd := time.Now().Add(dur)
	var wg sync.WaitGroup

	// The chat, asking a question every second and a half: each answer
	// writes the question and the reply to its history.
	chat := newTmux(t, 110, 30, "exec "+shellEnv(env)+" "+pennyBin)
	chat.waitFor("Ask Penny")
	wg.Go(func() {
		for time.Now().Before(writersEnd) {
			chat.run("send-keys", "-t", chat.name, "-l", "balance")
			chat.run("send-keys", "-t", chat.name, "Enter")
			time.Sleep(1500 * time.Millisecond)
		}
	})

	// The daemon on the drop folder; a quarter of the files go there.
	daemon := s.start("daemon", "--watch", s.drop, "--interval", "1s", "--notify", "none")
	daemonOut := filepath.Join(home, "daemon.log")
	dl, _ := os.Create(daemonOut)
	defer dl.Close()
	daemon.Stdout, daemon.Stderr = dl, dl
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = daemon.Process.Signal(syscall.SIGTERM); _ = daemon.Wait() }()
	var dropped []stressFile
	var loops [3][]stressFile
	for i, f := range files {
		if i%4 == 0 {
			dropped = append(dropped, f)
		} else {
			loops[i%3] = append(loops[i%3], f)
		}
	}
	wg.Go(func() {
		for i, f := range dropped {
			// Written under a partial name and renamed in, as a browser
			// finishes a download.
			tmp := filepath.Join(s.drop, f.name+".part")
			os.WriteFile(tmp, f.body, 0o600)
			os.Rename(tmp, filepath.Join(s.drop, f.name))
			time.Sleep(dur / time.Duration(len(dropped)+1))
			_ = i
		}
	})

	// Three import loops: their own files, then again files already in
	// (all duplicates) until the time is up.
	for l := range loops {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(l), 7))
			for _, f := range loops[l] {
				s.importUntilDone(ctx, filepath.Join(src, f.name))
			}
			for time.Now().Before(writersEnd) && ctx.Err() == nil {
				f := files[r.IntN(len(files))]
				s.importUntilDone(ctx, filepath.Join(src, f.name))
			}
		})
	}

	// Readers all along, and the killer in the kill -9 run.
	wg.Go(func() {
		for time.Now().Before(writersEnd) {
			s.checkOpens()
			time.Sleep(300 * time.Millisecond)
		}
	})
	if kill {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(99, 3))
			for (time.Now().Before(writersEnd) || s.kills.Load() < 50) && ctx.Err() == nil {
				time.Sleep(time.Duration(20+r.IntN(150)) * time.Millisecond)
				s.killOne(r)
				if r.IntN(10) == 0 {
					// The chat too, started again at once.
					chat.run("respawn-pane", "-k", "-t", chat.name, "exec "+shellEnv(env)+" "+pennyBin)
					s.kills.Add(1)
				}
			}
		})
	}
	wg.Wait()

	// The daemon takes the last dropped files.
	want := map[string]bool{}
	for _, f := range files {
		for _, id := range f.fitids {
			want[id] = true
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	var st *store.Store
	var rows []store.Transaction
	for {
		st = reopen(t, env)
		rows, err = st.Transactions(t.Context(), store.TxQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	chat.run("send-keys", "-t", chat.name, "C-c")
	_ = daemon.Process.Signal(syscall.SIGTERM)
	_ = daemon.Wait()

	seen := map[string]int{}
	for _, r := range rows {
		if strings.HasPrefix(r.ExternalID, "st-") {
			seen[r.ExternalID]++
		}
	}
	missing, twice := 0, 0
	for id := range want {
		switch seen[id] {
		case 0:
			missing++
		case 1:
		default:
			twice++
		}
	}
	if missing > 0 || twice > 0 || len(seen) != len(want) {
		b, _ := os.ReadFile(daemonOut)
		t.Errorf("%d transactions of %d missing, %d present more than once, %d ids in all\ndaemon log:\n%s",
			missing, len(want), twice, len(seen), b)
	}
	if s.damaged.Load() > 0 {
		t.Errorf("%d processes found the vault damaged", s.damaged.Load())
	}
	if kill && s.kills.Load() < 50 {
		t.Errorf("only %d kills", s.kills.Load())
	}

	// Every save wrote a generation no other save wrote; without kills,
	// the saves logged are every generation from the start to the end.
	end, err := vault.FileGeneration(vaultFile(env))
	if err != nil {
		t.Fatal(err)
	}
	gens := map[uint64]int{}
	lf, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	sc := bufio.NewScanner(lf)
	for sc.Scan() {
		g, err := strconv.ParseUint(strings.Fields(sc.Text())[0], 10, 64)
		if err != nil {
			t.Fatalf("write log line %q", sc.Text())
		}
		gens[g]++
	}
	var dup []uint64
	for g, n := range gens {
		if n > 1 {
			dup = append(dup, g)
		}
	}
	slices.Sort(dup)
	if len(dup) > 0 {
		t.Errorf("generations saved by more than one writer (lost writes): %v", dup)
	}
	if !kill && (uint64(len(gens)) != end-start || gens[end] != 1 || gens[start+1] != 1) {
		t.Errorf("the vault is at generation %d from %d, and %d saves were logged", end, start, len(gens))
	}
	t.Logf("%s: %d files, %d transactions, %d saves (generation %d → %d), %d kills",
		map[bool]string{false: "steady", true: "kill -9"}[kill], len(files), len(want), len(gens), start, end, s.kills.Load())
}
