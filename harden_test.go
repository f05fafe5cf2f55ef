//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestImportRefusesWhatIsNotARegularFile(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "import test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	dir := env["HOME"]
	fifo := filepath.Join(dir, "pipe.ofx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.ofx")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.ofx")
	os.Mkdir(folder, 0o700)
	d, key := oneAccount(20)
	good := writeFile(t, dir, "good.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	for _, path := range []string{fifo, zero, folder} {
		// Reading a FIFO or /dev/zero would never end: the refusal comes
		// before any read.
		_, stderr, code := runBin(t, env, "import", good, path)
		if code != exitError || !strings.Contains(stderr, filepath.Base(path)) || !strings.Contains(stderr, "regular file") {
			t.Errorf("%s: exit %d, %q", path, code, stderr)
		}
	}
	// A stat tells: the refusal needs no unlock (a wrong passphrase is not
	// even tried) and never takes the write lock.
	for _, path := range []string{fifo, zero, folder} {
		_, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "wrong"), "import", path)
		if code != exitError || !strings.Contains(stderr, "regular file") {
			t.Errorf("%s with a wrong passphrase: exit %d, %q", path, code, stderr)
		}
	}
	// The lock was let go: the next writer runs.
	if out, stderr, code := runBin(t, env, "import", good); code != 0 || !strings.Contains(out, "20 new") {
		t.Fatalf("import after the refusals: exit %d: %s %s", code, out, stderr)
	}
}

// hostile is a file name that retitles the window (OSC 0), clears the
// screen and rings the bell if printed raw.
const hostile = "stmt\x1b]0;owned\x07\x1b[2J\x1b[H\u202e.ofx"

func noEscape(t *testing.T, what, s string) {
	t.Helper()
	if strings.ContainsAny(s, "\x1b\x07\u202e") {
		t.Errorf("%s reached the terminal raw: %q", what, s)
	}
}

func TestHostileFileNamesAreShownInert(t *testing.T) {
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "import test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d, key := oneAccount(20)
	good := writeFile(t, env["HOME"], hostile, func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	out, stderr, code := runBin(t, env, "import", good)
	if code != 0 || !strings.Contains(out, "␛]0;owned␇") {
		t.Fatalf("import: exit %d: %q %q", code, out, stderr)
	}
	noEscape(t, "import stdout", out)
	noEscape(t, "import stderr", stderr)
	out, _, code = runBin(t, env, "import", "--json", good)
	if code != 0 || !strings.Contains(out, `\u001b]0;owned\u0007`) || !strings.Contains(out, `\u202e.ofx`) {
		t.Fatalf("import --json: exit %d: %s", code, out)
	}
	noEscape(t, "import --json", out)
	bad := filepath.Join(env["HOME"], "bad"+hostile)
	os.WriteFile(bad, []byte("OFXHEADER:100\n<OFX><STMTRS>\x1b[2J"), 0o600)
	_, stderr, code = runBin(t, env, "import", bad)
	if code != exitError {
		t.Fatalf("a bad file: exit %d, %q", code, stderr)
	}
	noEscape(t, "refusal", stderr)

	drop := filepath.Join(env["HOME"], "Downloads")
	os.MkdirAll(drop, 0o700)
	d2, key2 := oneAccount(30)
	dropped := writeFile(t, drop, "new"+hostile, func(b *bytes.Buffer) error { return d2.WriteOFX(b, key2) })
	old := time.Now().Add(-time.Minute)
	os.Chtimes(dropped, old, old)
	os.WriteFile(filepath.Join(drop, "bad"+hostile), []byte("OFXHEADER:100\n<OFX><STMTRS>\x1b[2J"), 0o600)
	os.Chtimes(filepath.Join(drop, "bad"+hostile), old, old)
	if err := syscall.Mkfifo(filepath.Join(drop, "pipe"+hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runBin(t, env, "daemon", "--once", "--notify", "none", "--watch", drop)
	if code != 0 || !strings.Contains(stderr, "imported") || !strings.Contains(stderr, "not a regular file") ||
		!strings.Contains(stderr, "refused") {
		t.Fatalf("daemon --once: exit %d: %q", code, stderr)
	}
	noEscape(t, "daemon log", stderr)
}

// fakeDBusLaunch puts a dbus-launch on PATH that only records that it was
// started, and with which environment.
func fakeDBusLaunch(t *testing.T, env map[string]string) (string, map[string]string) {
	t.Helper()
	bin := filepath.Join(env["HOME"], "bin")
	os.MkdirAll(bin, 0o700)
	marker := filepath.Join(env["HOME"], "dbus-launch-ran")
	script := "#!/bin/sh\nenv > '" + marker + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	env = with(env, "PATH", bin+":"+os.Getenv("PATH"))
	delete(env, "DBUS_SESSION_BUS_ADDRESS")
	return marker, env
}

func TestNoSessionBusIsEverLaunched(t *testing.T) {
	t.Parallel()
	marker, env := fakeDBusLaunch(t, testEnv(t))
	// runBin adds the test's PATH first; the env's PATH must win.
	run := func(env map[string]string, args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(pennyBin, args...)
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), errb.String(), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), 0
	}
	_, stderr, code := run(env, "init")
	if code != exitError || !strings.Contains(stderr, "no D-Bus session bus") || !strings.Contains(stderr, "PENNY_PASSPHRASE") {
		t.Fatalf("init with no session bus and no passphrase: exit %d, %q", code, stderr)
	}
	env = with(env, "PENNY_PASSPHRASE", "no bus pass")
	out, stderr, code := run(env, "init")
	if code != 0 || !strings.Contains(out, "your passphrase") || !strings.Contains(stderr, "no D-Bus session bus") {
		t.Fatalf("init with a passphrase and no session bus: exit %d: %q %q", code, out, stderr)
	}
	if _, stderr, code := run(env, "balance"); code != 0 {
		t.Fatalf("balance: exit %d: %q", code, stderr)
	}
	if b, err := os.ReadFile(marker); err == nil {
		t.Fatalf("dbus-launch was started, with this environment:\n%s", b)
	}
}

func TestInProcessInitWithoutBusDoesNotTouchTheKeyring(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	delete(env, "DBUS_SESSION_BUS_ADDRESS")
	// The in-process keyring is go-keyring's mock, which always works: only
	// the guard can make init refuse here.
	_, stderr, code := run(t, env, "init")
	if code != exitError || !strings.Contains(stderr, "no D-Bus session bus") {
		t.Fatalf("init with no session bus: exit %d, %q", code, stderr)
	}
}

func TestNoCoreDumps(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	t.Parallel()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "core test pass")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatal(stderr)
	}
	d := startDaemon(t, env, "--notify", "none", "--watch", env["HOME"])
	waitUntil(t, "the daemon to start", d.event, func() bool { return strings.Contains(d.log(), "started") })
	limits, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", d.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(limits), "\n") {
		if strings.HasPrefix(line, "Max core file size") {
			if f := strings.Fields(line); len(f) < 6 || f[4] != "0" || f[5] != "0" {
				t.Fatalf("core dumps are allowed: %q", line)
			}
			return
		}
	}
	t.Fatalf("no core limit in\n%s", limits)
}
