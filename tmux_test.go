package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"penny/demo"
	"penny/money"
	"penny/store"
	"penny/store/vault"
)

// tmuxSession runs a shell command in a detached tmux session of its own
// (private socket) and gives back helpers to type and read the screen.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

func newTmux(t *testing.T, width, height int, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing in CI")
		}
		t.Skip("tmux is not installed; this test drives the real binary in a terminal")
	}
	s := &tmuxSession{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), name: "penny"}
	s.run("new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", s.name) }

// waitFor polls the screen until it shows want.
func (s *tmuxSession) waitFor(want string) string {
	s.t.Helper()
	return s.waitForAny(want)
}

// waitForAny polls the screen until it shows one of wants.
func (s *tmuxSession) waitForAny(wants ...string) string {
	s.t.Helper()
	return s.waitWithin(20*time.Second, wants...)
}

// waitWithin polls the screen until it shows one of wants, for at most
// limit: a bound on a hang, not a speed the program must reach.
func (s *tmuxSession) waitWithin(limit time.Duration, wants ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		scr := s.screen()
		for _, w := range wants {
			if strings.Contains(scr, w) {
				return scr
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; it shows:\n%s", wants, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func shellEnv(env map[string]string) string {
	var b strings.Builder
	b.WriteString("env -i PATH=" + os.Getenv("PATH"))
	for k, v := range env {
		if v != "" {
			fmt.Fprintf(&b, " %s='%s'", k, v)
		}
	}
	return b.String()
}

// atThePrompt runs penny with args in a terminal, with no passphrase in
// its environment, types pass at the prompt and returns the screen once
// penny has exited (its code is on it as EXIT=N).
func atThePrompt(t *testing.T, env map[string]string, pass string, args string) string {
	t.Helper()
	env = with(env, "PENNY_PASSPHRASE", "")
	s := newTmux(t, 120, 30, shellEnv(env)+" "+pennyBin+" "+args+"; echo EXIT=$?; sleep 30")
	s.waitFor("Vault passphrase:")
	s.run("send-keys", "-t", s.name, "-l", pass)
	s.run("send-keys", "-t", s.name, "Enter")
	return s.waitFor("EXIT=")
}

func TestPassphrasePromptInATerminal(t *testing.T) {
	t.Parallel()
	env, data := demoVault(t, 200)
	scr := atThePrompt(t, env, "correct horse battery", "balance")
	if !strings.Contains(scr, "EXIT=0") || !strings.Contains(scr, "Total USD") || !strings.Contains(scr, data.Accounts[0].Name) {
		t.Fatalf("after typing the passphrase:\n%s", scr)
	}
	if strings.Contains(scr, "correct horse") {
		t.Fatalf("the passphrase was echoed:\n%s", scr)
	}
}

func TestWrongPassphraseAtThePromptExits3(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 50)
	scr := atThePrompt(t, env, "not it", "tx")
	if !strings.Contains(scr, "EXIT=3") || !strings.Contains(scr, "wrong passphrase") {
		t.Fatalf("wrong passphrase at the prompt:\n%s", scr)
	}
}

// TestDemoChatInTmux runs `penny demo` as a person would: type "balance",
// read the accounts and amounts off the screen, then resize the terminal and
// check that no line overflows. The live feed is off, so the balances are
// the history's.
func TestDemoChatInTmux(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	s := newTmux(t, 110, 32, shellEnv(env)+" "+pennyBin+" demo --size 2000 --seed 7 --no-live; sleep 30")
	s.waitFor("Ask Penny")
	s.run("send-keys", "-t", s.name, "-l", "balance")
	s.run("send-keys", "-t", s.name, "Enter")
	scr := s.waitFor("Net worth")
	data := demo.Generate(demo.Options{Seed: 7, Transactions: 2000, End: time.Now()}) // penny demo ends today
	for _, a := range data.Accounts {
		bal := a.Opening
		for _, x := range data.Transactions {
			if x.AccountKey == a.Key && !x.Pending {
				bal += x.Amount
			}
		}
		if !strings.Contains(scr, a.Name) || !strings.Contains(scr, money.New(bal, a.Currency).Format()) {
			t.Errorf("the screen lacks %s with %s:\n%s", a.Name, money.New(bal, a.Currency).Format(), scr)
		}
	}
	// The demo ends today, so this month has spending to tell.
	s.run("send-keys", "-t", s.name, "-l", "spending this month")
	s.run("send-keys", "-t", s.name, "Enter")
	scr = s.waitFor("You spent")
	if strings.Contains(scr, "You spent nothing") {
		t.Errorf("spending this month is empty:\n%s", scr)
	}
	// The Alerts conversation, next after Penny, holds the alerts of the
	// history's last weeks. Which ones show at the bottom depends on the
	// day (early in a month, category spikes come last), so wait for an
	// alert card's footer, which every alert has.
	s.run("send-keys", "-t", s.name, "C-j")
	scr = s.waitFor("Alert · ")
	if strings.Contains(scr, "No alerts yet") {
		t.Errorf("the Alerts conversation is empty:\n%s", scr)
	}
	s.run("send-keys", "-t", s.name, "C-k")
	for _, size := range [][2]int{{60, 20}, {200, 60}, {80, 24}} {
		s.run("resize-window", "-t", s.name, "-x", fmt.Sprint(size[0]), "-y", fmt.Sprint(size[1]))
		time.Sleep(300 * time.Millisecond)
		scr = s.screen()
		lines := strings.Split(strings.TrimRight(scr, "\n"), "\n")
		if len(lines) > size[1] {
			t.Errorf("at %dx%d the screen has %d lines", size[0], size[1], len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("at %dx%d a line is %d wide: %q", size[0], size[1], w, l)
			}
		}
		if !strings.Contains(scr, "Penny") {
			t.Errorf("at %dx%d the chat is gone:\n%s", size[0], size[1], scr)
		}
	}
	s.run("send-keys", "-t", s.name, "C-c")
}

// TestLiveDemoInTmux runs `penny demo` and touches nothing: transactions
// arrive on their own, and the terminal's retry among them raises a
// duplicate-charge alert that the status line shows. The feed runs at one
// arrival a second rather than the default six, so the retry comes within
// about five seconds instead of thirty.
func TestLiveDemoInTmux(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	s := newTmux(t, 120, 32, shellEnv(env)+" "+pennyBin+" demo --size 2000 --seed 5 --live-every 1s; echo EXIT=$?; sleep 30")
	s.waitFor("Ask Penny")
	// "New alert:" is the status line of an alert raised while the chat
	// is open: the history's own duplicate charge is never news.
	s.waitWithin(70*time.Second, "New alert: Possible duplicate charge on ")
	// The Alerts conversation, next after Penny, holds it.
	s.run("send-keys", "-t", s.name, "C-j")
	s.waitFor("Possible duplicate charge on ")
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("EXIT=0")
}

// TestFirstRunSetupInTmux runs bare `penny` with no vault, on a machine
// without a keyring: it creates the vault with a passphrase, imports a file
// and opens the chat.
func TestFirstRunSetupInTmux(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	d, key := oneAccount(60)
	file := writeFile(t, env["HOME"], "first.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	s := newTmux(t, 100, 30, shellEnv(env)+" "+pennyBin+"; echo EXIT=$?; sleep 30")
	s.waitFor("Your choice")
	s.run("send-keys", "-t", s.name, "1", "Enter")
	s.waitFor("New passphrase:")
	s.run("send-keys", "-t", s.name, "-l", "first run pass")
	s.run("send-keys", "-t", s.name, "Enter")
	s.waitFor("Repeat it:")
	s.run("send-keys", "-t", s.name, "-l", "first run pass")
	s.run("send-keys", "-t", s.name, "Enter")
	s.waitFor("Import a bank file now")
	s.run("send-keys", "-t", s.name, "-l", file)
	s.run("send-keys", "-t", s.name, "Enter")
	s.waitFor("Another one?")
	s.run("send-keys", "-t", s.name, "Enter")
	s.waitFor("Ask Penny")
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("EXIT=0")
	in, err := vault.Describe(vaultFile(env))
	if err != nil || in.Keyring || !in.Passphrase {
		t.Fatalf("vault after setup: %+v %v", in, err)
	}
	st := reopen(t, with(env, "PENNY_PASSPHRASE", "first run pass"))
	if n, _ := st.CountTransactions(context.Background(), store.TxQuery{}); n != 60 {
		t.Fatalf("%d transactions after the first import, want 60", n)
	}
}

// A question that writes is first refused by the read-only open `penny ask`
// answers from, then asked again of a writable one: the passphrase typed at
// the prompt is asked for once, and the change is in the vault.
func TestAskThatWritesAsksForThePassphraseOnce(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 200)
	if out, _, _ := runBin(t, env, "tx", "--json"); strings.Contains(out, `"Treats"`) {
		t.Fatal("the demo has Treats already: the question would change nothing")
	}
	scr := atThePrompt(t, env, "correct horse battery", "ask 'categorize netflix as Treats'")
	if !strings.Contains(scr, "EXIT=0") || strings.Count(scr, "Vault passphrase:") != 1 {
		t.Fatalf("a question that writes, at the prompt:\n%s", scr)
	}
	out, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "correct horse battery"), "tx", "--json")
	if code != 0 || !strings.Contains(out, `"Treats"`) {
		t.Fatalf("after the categorization: exit %d %s\n%.400s", code, stderr, out)
	}
}
