//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
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
		start := time.Now()
		_, stderr, code := runBin(t, env, "import", good, path)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: refused after %s", path, took)
		}
		if code != exitError || !strings.Contains(stderr, filepath.Base(path)) || !strings.Contains(stderr, "regular file") {
			t.Errorf("%s: exit %d, %q", path, code, stderr)
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
	start := time.Now()
	_, stderr, code = runBin(t, env, "daemon", "--once", "--notify", "none", "--watch", drop)
	if code != 0 || !strings.Contains(stderr, "imported") || !strings.Contains(stderr, "not a regular file") ||
		!strings.Contains(stderr, "refused") {
		t.Fatalf("daemon --once: exit %d: %q", code, stderr)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("daemon round with a FIFO took %s", took)
	}
	noEscape(t, "daemon log", stderr)
}
