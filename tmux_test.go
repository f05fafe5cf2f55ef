package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := s.screen()
		if strings.Contains(scr, want) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; it shows:\n%s", want, scr)
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

func TestPassphrasePromptInATerminal(t *testing.T) {
	env, data := demoVault(t, 200)
	env = with(env, "PENNY_PASSPHRASE", "")
	s := newTmux(t, 100, 30, shellEnv(env)+" "+pennyBin+" balance; echo EXIT=$?; sleep 30")
	s.waitFor("Vault passphrase:")
	s.run("send-keys", "-t", s.name, "-l", "correct horse battery")
	s.run("send-keys", "-t", s.name, "Enter")
	scr := s.waitFor("EXIT=")
	if !strings.Contains(scr, "EXIT=0") || !strings.Contains(scr, "Total USD") || !strings.Contains(scr, data.Accounts[0].Name) {
		t.Fatalf("after typing the passphrase:\n%s", scr)
	}
	if strings.Contains(scr, "correct horse") {
		t.Fatalf("the passphrase was echoed:\n%s", scr)
	}
}

func TestWrongPassphraseAtThePromptExits3(t *testing.T) {
	env, _ := demoVault(t, 50)
	env = with(env, "PENNY_PASSPHRASE", "")
	s := newTmux(t, 100, 30, shellEnv(env)+" "+pennyBin+" tx; echo EXIT=$?; sleep 30")
	s.waitFor("Vault passphrase:")
	s.run("send-keys", "-t", s.name, "-l", "not it")
	s.run("send-keys", "-t", s.name, "Enter")
	scr := s.waitFor("EXIT=")
	if !strings.Contains(scr, "EXIT=3") || !strings.Contains(scr, "wrong passphrase") {
		t.Fatalf("wrong passphrase at the prompt:\n%s", scr)
	}
}
