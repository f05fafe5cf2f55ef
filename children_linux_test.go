package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// markedProcesses lists the pids whose environment holds the variable
// PENNY_TEST_MARK=mark: the processes a test started with that mark, and
// every process they started in turn, which inherit it, whether they still
// have a parent or not.
func markedProcesses(t *testing.T, mark string) map[int][]byte {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	want := []byte("PENNY_TEST_MARK=" + mark + "\x00")
	out := map[int][]byte{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(env, want) {
			continue // gone, or not ours to read
		}
		out[pid] = env
	}
	return out
}

// fakeHelpers puts on PATH every program Penny or its libraries might
// start: tmux (the chat's color detection runs `tmux info` inside tmux),
// the D-Bus and keyring daemons, notification helpers. Each writes its
// environment to a file in dir and exits; the fake dbus-launch also leaves
// a process behind, as the real one does, so that a launch is seen.
func fakeHelpers(t *testing.T, dir string) (bin string) {
	t.Helper()
	bin = filepath.Join(dir, "bin")
	if err := os.MkdirAll(filepath.Join(dir, "children"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(bin, 0o700)
	script := `#!/bin/sh
env > "` + filepath.Join(dir, "children") + `/$(basename "$0").$$"
if [ "$(basename "$0")" = dbus-launch ]; then sleep 300 >/dev/null 2>&1 & fi
exit 1
`
	for _, name := range []string{"tmux", "dbus-launch", "dbus-daemon", "gnome-keyring-daemon", "notify-send", "osascript", "xdg-open", "kwallet-query"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return bin
}

// TestNoChildOutlivesPennyOrCarriesThePassphrase runs Penny with no session
// bus (DBUS_SESSION_BUS_ADDRESS unset, no $XDG_RUNTIME_DIR/bus: what makes
// the D-Bus library run dbus-launch) and a passphrase in its environment,
// through every command that unlocks, writes or notifies, and the chat in a
// terminal. Every process Penny starts inherits a mark; after each command
// no marked process is left, and no child's environment holds a
// passphrase: not the helpers' (each wrote its own down), not any process
// found while the chat runs. (Penny's own /proc/PID/environ still shows the
// variables it was started with: the kernel keeps that copy, readable only
// by the same user; Penny removes them from the environment its children
// get.)
func TestNoChildOutlivesPennyOrCarriesThePassphrase(t *testing.T) {
	t.Parallel()
	r := make([]byte, 8)
	rand.Read(r)
	mark := hex.EncodeToString(r)
	secrets := []string{"first-secret-" + mark, "second-secret-" + mark, "backup-secret-" + mark}
	home := t.TempDir()
	bin := fakeHelpers(t, home)
	env := []string{
		"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"PATH=" + bin + ":" + os.Getenv("PATH"), "PENNY_TEST_MARK=" + mark,
	}
	drop := filepath.Join(home, "Downloads")
	os.MkdirAll(drop, 0o700)
	cfg := filepath.Join(home, "config", "penny", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[daemon]\nwatch = [\""+drop+"\"]\ninterval = \"1s\"\n"), 0o600)
	d, key := oneAccount(40)
	file := writeFile(t, home, "history.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	d2, key2 := oneAccount(30)
	dropped := writeFile(t, drop, "new.ofx", func(b *bytes.Buffer) error { return d2.WriteOFX(b, key2) })
	old := time.Now().Add(-time.Minute)
	os.Chtimes(dropped, old, old)

	leftovers := func(after string) {
		t.Helper()
		if left := markedProcesses(t, mark); len(left) > 0 {
			for pid := range left {
				cmdline, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
				t.Errorf("after %s, pid %d is still running: %q", after, pid, cmdline)
				if p, err := os.FindProcess(pid); err == nil {
					p.Kill() // started by this test: not left for 300 s
				}
			}
		}
	}
	pass := "PENNY_PASSPHRASE=" + secrets[0]
	for _, c := range []struct {
		args  []string
		extra []string
	}{
		{[]string{"init"}, nil},
		{[]string{"import", file}, nil},
		{[]string{"balance"}, nil},
		{[]string{"ask", "balance"}, nil},
		{[]string{"daemon", "--once"}, nil},
		{[]string{"passwd"}, []string{"PENNY_NEW_PASSPHRASE=" + secrets[1]}},
		{[]string{"backup", filepath.Join(home, "penny.backup")}, []string{"PENNY_BACKUP_PASSPHRASE=" + secrets[2]}},
		{[]string{"alerts", "--mark-read"}, nil},
	} {
		cmd := exec.Command(pennyBin, c.args...)
		cmd.Env = append(append(append([]string{}, env...), pass), c.extra...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("penny %s: %v\n%s", strings.Join(c.args, " "), err, out)
		}
		if c.args[0] == "init" && !strings.Contains(string(out), "no D-Bus session bus") {
			t.Fatalf("init with no session bus does not say so:\n%s", out)
		}
		if c.args[0] == "passwd" {
			pass = "PENNY_PASSPHRASE=" + secrets[1]
		}
		leftovers("penny " + c.args[0])
	}

	// The chat, in a terminal inside tmux (TMUX set, as tmux sets it), does
	// the daemon's rounds on the drop folder itself.
	os.Remove(dropped)
	d3, key3 := oneAccount(20)
	again := writeFile(t, drop, "later.ofx", func(b *bytes.Buffer) error { return d3.WriteOFX(b, key3) })
	os.Chtimes(again, old, old)
	shell := "env -i TERM=tmux-256color TMUX=/tmp/tmux-fake,1,0 " + pass
	for _, kv := range env {
		shell += " '" + kv + "'"
	}
	s := newTmux(t, 110, 32, shell+" "+pennyBin+"; echo CHAT-EXIT=$?; sleep 30")
	s.waitFor("Ask Penny")
	// The round's note names the file, until the alerts it raised take the
	// status line (nothing else raises one while the chat is open).
	s.waitForAny("later.ofx", "New alert")
	running := markedProcesses(t, mark)
	if len(running) == 0 {
		t.Fatal("the running chat carries no mark: the scan sees nothing")
	}
	for pid, penv := range running {
		cmdline, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
		if strings.HasPrefix(string(cmdline), pennyBin+"\x00") {
			continue // Penny itself: the kernel's copy of what it was started with
		}
		for _, secret := range secrets {
			if bytes.Contains(penv, []byte(secret)) {
				t.Errorf("pid %d (%q), started by the chat, carries a passphrase", pid, cmdline)
			}
		}
	}
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
	leftovers("the chat")

	// What the helpers saw.
	dumps, _ := filepath.Glob(filepath.Join(home, "children", "*"))
	tmuxRan := false
	for _, dump := range dumps {
		b, _ := os.ReadFile(dump)
		name := filepath.Base(dump)
		if strings.HasPrefix(name, "tmux.") {
			tmuxRan = true
		} else {
			t.Errorf("Penny started %s with no session bus", name)
		}
		for _, secret := range secrets {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s was started with a passphrase in its environment:\n%s", name, b)
			}
		}
		if !bytes.Contains(b, []byte("PENNY_TEST_MARK="+mark)) {
			t.Errorf("%s did not inherit the mark: the leftover check would not see it", name)
		}
	}
	if !tmuxRan {
		t.Error("the chat in tmux started no tmux: the children's environment was not seen")
	}
}

// TestTmuxIsNotAskedWhileInitializing runs commands in a terminal inside
// tmux with a tmux on PATH that writes down every call. lipgloss's package
// variables ask tmux for the color profile when standard output is a
// terminal: with TMUX out of the environment while Penny initializes
// (internal/initenv) no command asks, and the chat, which needs the
// profile, still does once TMUX is back.
func TestTmuxIsNotAskedWhileInitializing(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	bin := fakeHelpers(t, home)
	shell := "env -i TERM=tmux-256color TMUX=/tmp/tmux-fake,1,0 PENNY_PASSPHRASE=pass" +
		" 'HOME=" + home + "' 'XDG_DATA_HOME=" + filepath.Join(home, "data") + "' 'XDG_CONFIG_HOME=" + filepath.Join(home, "config") +
		"' 'PATH=" + bin + ":" + os.Getenv("PATH") + "' " + pennyBin
	asked := func() []string {
		dumps, _ := filepath.Glob(filepath.Join(home, "children", "tmux.*"))
		return dumps
	}
	s := newTmux(t, 100, 30, shell+" init --no-keyring; "+shell+" balance; "+shell+" ask balance; "+shell+" version; echo DONE-$?; sleep 30")
	s.waitFor("DONE-0")
	if got := asked(); len(got) > 0 {
		b, _ := os.ReadFile(got[0])
		t.Fatalf("commands in a terminal inside tmux ran tmux %d time(s); the first with:\n%s\n%s", len(got), b, s.screen())
	}
	c := newTmux(t, 100, 30, shell+"; echo CHAT-EXIT=$?; sleep 30")
	c.waitFor("Ask Penny")
	c.run("send-keys", "-t", c.name, "C-c")
	c.waitFor("CHAT-EXIT=0")
	if len(asked()) == 0 {
		t.Fatal("the chat inside tmux did not ask tmux for the color profile: TMUX was not put back")
	}
}
