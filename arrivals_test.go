package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportArrivesInTheOpenChat is the messenger as a person sees it: the
// chat is open on the checking account; in another terminal `penny import`
// brings a large charge. The charge appears in the account's conversation
// and the alert in the status line and on the Alerts badge, with no key
// pressed. The chat holds no lock while it is open, so the import is not
// refused.
func TestImportArrivesInTheOpenChat(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "arrivals pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d, key := oneAccount(300)
	history := writeFile(t, env["HOME"], "history.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	if _, stderr, code := runBin(t, env, "import", history); code != 0 {
		t.Fatal(stderr)
	}
	s := newTmux(t, 120, 36, shellEnv(env)+" "+pennyBin+"; sleep 30")
	s.waitFor("Ask Penny")
	// Penny, Alerts, then the account the file made.
	for i := 0; i < 4 && !strings.Contains(s.header(), "Checking"); i++ {
		s.run("send-keys", "-t", s.name, "C-j")
		time.Sleep(150 * time.Millisecond)
	}
	if !strings.Contains(s.header(), "Checking") {
		t.Fatalf("could not open the checking account:\n%s", s.screen())
	}
	file := filepath.Join(env["HOME"], "charge.ofx")
	if err := os.WriteFile(file, largeCharge("arrival-1", time.Now()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBin(t, env, "import", file)
	if code != 0 {
		t.Fatalf("import beside the open chat: exit %d\n%s%s", code, out, stderr)
	}
	scr := s.waitFor("BEST BUY")
	if !strings.Contains(scr, "5,000.00") {
		t.Errorf("the charge arrived without its amount:\n%s", scr)
	}
	scr = s.waitFor("New alert")
	if !strings.Contains(scr, "Large charge") && !strings.Contains(scr, "large charge") {
		t.Errorf("the status line does not name the alert:\n%s", scr)
	}
	// The same file again is nothing new: no second bubble.
	if _, stderr, code := runBin(t, env, "import", file); code != 0 {
		t.Fatalf("second import: exit %d: %s", code, stderr)
	}
	s.run("send-keys", "-t", s.name, "C-c")
	if n := strings.Count(s.screen(), "BEST BUY"); n > 1 {
		t.Errorf("the charge shows %d times", n)
	}
}

// header is the screen's first lines, where the open conversation is named.
func (s *tmuxSession) header() string {
	lines := strings.SplitN(s.screen(), "\n", 4)
	return strings.Join(lines[:min(3, len(lines))], "\n")
}
