//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileName is a downloaded file's name that, printed raw, would retitle
// the window twice (OSC 0 ended by BEL, OSC 2 ended by ST), clear the
// screen and home the cursor, make what follows blink in red, and reverse
// the line after it with a bidi override.
const hostileName = "\x1b]0;owned\x07\x1b]2;pwned\x1b\\\x1b[2J\x1b[H\x1b[5;31mZ\u202e"

// hostileVisible is how Penny shows its start: every control as its
// Control Picture.
const hostileVisible = "␛]0;owned␇␛]2;pwned␛\\␛[2J␛[H␛[5;31mZ"

// paneTitle is what the terminal's title is now: an OSC 0 or 2 that
// reached tmux would have set it.
func (s *tmuxSession) paneTitle() string {
	return strings.TrimSpace(s.run("display-message", "-p", "-t", s.name, "#{pane_title}"))
}

// inert checks a screen that showed hostile text: the title is as it was,
// no cell blinks (tmux's capture -e writes the attributes the cells have),
// no bidi override sits in a cell, and the text shows in its visible form.
func (s *tmuxSession) inert(what, title string) string {
	s.t.Helper()
	styled := s.run("capture-pane", "-e", "-p", "-t", s.name)
	plain := s.screen()
	if got := s.paneTitle(); got != title && strings.Contains(got, "owned") || strings.Contains(got, "pwned") {
		s.t.Errorf("%s: the title changed from %q to %q", what, title, got)
	}
	if strings.Contains(styled, "\x1b[5m") {
		s.t.Errorf("%s: the hostile name made text blink:\n%q", what, styled)
	}
	if strings.Contains(plain, "\u202e") {
		s.t.Errorf("%s: a bidi override reached the screen:\n%s", what, plain)
	}
	return plain
}

// TestTmuxShowsTheHarnessCatchesRawNames is the control: the same bytes
// printed raw do retitle the pane, clear it and blink, so the checks of
// TestHostileFileNamesInATerminal can fail.
func TestTmuxShowsTheHarnessCatchesRawNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, hostileName), nil, 0o600)
	s := newTmux(t, 100, 20, "cd '"+dir+"'; echo BEFORE-MARK; for f in *; do printf '%s\\n' \"$f\"; done; echo EXIT=0; sleep 30")
	scr := s.waitFor("EXIT=")
	if strings.Contains(scr, "BEFORE-MARK") {
		t.Errorf("a raw screen clear left the screen as it was:\n%s", scr)
	}
	if s.paneTitle() != "pwned" {
		t.Errorf("a raw OSC 2 did not retitle the pane: %q", s.paneTitle())
	}
	if !strings.Contains(s.run("capture-pane", "-e", "-p", "-t", s.name), "\x1b[5m") {
		t.Error("raw blinking text does not show in capture-pane -e")
	}
}

// TestHostileFileNamesInATerminal: files whose names carry terminal
// commands, imported by `penny import`, taken by `penny daemon` from a drop
// folder and by the chat from its drop folder while it runs, and the
// account named after one, and one renamed to a title change, in the
// chat's sidebar. In a real terminal (tmux), nothing of the names acts: the
// title stays, the screen is not cleared, nothing blinks, and the names
// show in their visible form.
func TestHostileFileNamesInATerminal(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "hostile names pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	home := env["HOME"]
	// Each file in a folder of its own, named to the shell by a glob: the
	// command line tmux runs holds no control bytes.
	folder := func(name string) string {
		dir := filepath.Join(home, name)
		os.MkdirAll(dir, 0o700)
		return dir
	}
	old := time.Now().Add(-time.Minute)
	d, key := oneAccount(20)
	manual := folder("manual")
	writeFile(t, manual, "stmt"+hostileName+".ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	os.WriteFile(filepath.Join(manual, "bad"+hostileName+".ofx"), []byte("OFXHEADER:100\n<OFX><STMTRS>\x1b[2J"), 0o600)

	// penny import, one good file and one it refuses.
	s := newTmux(t, 200, 40, "echo BEFORE-MARK; "+shellEnv(env)+" "+pennyBin+" import '"+manual+"'/stmt*; "+
		shellEnv(env)+" "+pennyBin+" import '"+manual+"'/bad*; echo EXIT=$?; sleep 30")
	title := s.paneTitle()
	s.waitFor("EXIT=")
	scr := s.inert("penny import", title)
	if !strings.Contains(scr, "BEFORE-MARK") || !strings.Contains(scr, "EXIT=1") {
		t.Errorf("penny import:\n%s", scr)
	}
	if strings.Count(scr, hostileVisible) < 2 {
		t.Errorf("penny import does not show the names in their visible form:\n%s", scr)
	}

	// penny daemon from a drop folder: a file it takes, one it refuses.
	drop := folder("Downloads")
	d2, key2 := oneAccount(30)
	taken := writeFile(t, drop, "new"+hostileName+".ofx", func(b *bytes.Buffer) error { return d2.WriteOFX(b, key2) })
	refused := filepath.Join(drop, "bad"+hostileName+".ofx")
	os.WriteFile(refused, []byte("OFXHEADER:100\n<OFX><STMTRS>\x1b[2J"), 0o600)
	for _, f := range []string{taken, refused} {
		os.Chtimes(f, old, old)
	}
	s = newTmux(t, 200, 40, "echo BEFORE-MARK; "+shellEnv(env)+" "+pennyBin+" daemon --once --notify terminal --watch '"+drop+"'; echo EXIT=$?; sleep 30")
	title = s.paneTitle()
	s.waitFor("EXIT=")
	scr = s.inert("penny daemon", title)
	if !strings.Contains(scr, "BEFORE-MARK") || !strings.Contains(scr, "EXIT=0") || !strings.Contains(scr, "imported") ||
		!strings.Contains(scr, "refused") || strings.Count(scr, hostileVisible) < 2 {
		t.Errorf("penny daemon:\n%s", scr)
	}

	// The chat, with the drop folder in its config and no daemon: a CSV
	// dropped while it runs is imported by the chat's own round, into an
	// account named after the file.
	chatDrop := folder("chat-drop")
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[daemon]\nwatch = [\""+chatDrop+"\"]\ninterval = \"1s\"\n"), 0o600)
	// And an account renamed to a title change and a bidi override.
	if _, stderr, code := runBin(t, env, "account", "rename", "First Example Bank Checking …king", "Chk\x1b]0;owned\x07\u202eX"); code != 0 {
		t.Fatalf("rename: %s", stderr)
	}
	s = newTmux(t, 200, 40, shellEnv(env)+" "+pennyBin+"; echo CHAT-EXIT=$?; sleep 30")
	title = s.paneTitle()
	s.waitFor("Ask Penny")
	s.waitFor("Chk␛]0;owned␇\uFFFDX")
	// Money in only: no alert takes the status line from the import's note.
	csv := filepath.Join(chatDrop, hostileName+".csv")
	os.WriteFile(csv, []byte("Date,Description,Amount\n2026-03-01,Salary,1000.00\n2026-03-02,Refund,12.00\n"), 0o600)
	os.Chtimes(csv, old, old)
	// The status line names the file. The account is named after the whole
	// file name (a backslash is part of a name on unix), all of its title
	// changes, screen clear and blink in it; the sidebar shows its start.
	const account = "Imported " + hostileVisible + "\uFFFD"
	s.waitFor("Imported " + hostileVisible + "\uFFFD.csv from the drop folder: 2 new")
	s.waitFor("Imported ␛]0;owned␇␛]2;p…")
	scr = s.inert("the chat", title)
	if !strings.Contains(scr, "Penny ·") || !strings.Contains(scr, "ACCOUNTS") {
		t.Errorf("the chat's screen was cleared:\n%s", scr)
	}
	// The account's conversation: its name in the title line.
	for i := 0; i < 6 && !strings.Contains(s.title(), account); i++ {
		before := s.title()
		s.run("send-keys", "-t", s.name, "C-j")
		deadline := time.Now().Add(20 * time.Second)
		for s.title() == before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if !strings.Contains(s.title(), account) {
		t.Errorf("could not open the account named after the file:\n%s", s.screen())
	}
	s.waitFor("Salary")
	s.inert("the account's conversation", title)
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
}
