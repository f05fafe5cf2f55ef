//go:build linux

package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The real binary, cancelled while it imports a large file: its stderr is a
// pseudo-terminal, so it draws its progress line there as it would for a
// person, and the test signals it once that line shows it working.

// openPTY opens a pseudo-terminal: master is the test's end, slave the
// terminal a child gets as its stderr.
func openPTY(t testing.TB) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Fatalf("unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Fatalf("pseudo-terminal number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		m.Close()
		t.Fatalf("open the pseudo-terminal: %v", err)
	}
	return m, s
}

// importRun is `penny import` running with its stderr on a pseudo-terminal.
type importRun struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	mu     sync.Mutex
	screen bytes.Buffer // what it wrote to the terminal
	exited chan struct{}
	err    error // of Wait
}

// progressWords are how the progress line starts in each phase.
var progressWords = []string{"Reading", "Importing", "Writing", "Checking alerts", "Saving the vault"}

func startImport(t testing.TB, env map[string]string, args ...string) *importRun {
	t.Helper()
	master, slave := openPTY(t)
	r := &importRun{cmd: exec.Command(pennyBin, append([]string{"import"}, args...)...), exited: make(chan struct{})}
	r.cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		r.cmd.Env = append(r.cmd.Env, k+"="+v)
	}
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, slave
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	copied := make(chan struct{})
	go func() {
		// The read fails (EIO) once the child, the terminal's last user,
		// has exited.
		defer close(copied)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			r.mu.Lock()
			r.screen.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		r.err = r.cmd.Wait()
		<-copied
		master.Close()
		close(r.exited)
	}()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		<-r.exited
	})
	return r
}

func (r *importRun) terminal() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.screen.String()
}

// phase is the phase the progress line shows last, or "".
func (r *importRun) phase() string {
	scr := r.terminal()
	best, at := "", -1
	for _, w := range progressWords {
		if i := strings.LastIndex(scr, w); i > at {
			best, at = w, i
		}
	}
	return best
}

// waitForProgress waits until the progress line shows; false when the
// import ended first.
func (r *importRun) waitForProgress(t testing.TB) bool {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for r.phase() == "" {
		select {
		case <-r.exited:
			return r.phase() != ""
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no progress line in 30 s; the terminal shows %q", r.terminal())
		}
	}
	return true
}

func (r *importRun) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-r.exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("penny import did not exit within a minute of the signal; the terminal shows %q", r.terminal())
	}
	if ee, ok := r.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	} else if r.err != nil {
		t.Fatal(r.err)
	}
	return 0
}

func fileSHA(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// cancelVault makes a vault with the test build's cheap KDF and a CSV of n
// rows beside it.
func cancelVault(t testing.TB, n int) (env map[string]string, csvPath string) {
	t.Helper()
	home := t.TempDir()
	env = map[string]string{
		"HOME":                     home,
		"XDG_DATA_HOME":            filepath.Join(home, "data"),
		"XDG_CONFIG_HOME":          filepath.Join(home, "config"),
		"TMPDIR":                   filepath.Join(home, "tmp"),
		"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + filepath.Join(home, "no-bus"),
		"PENNY_PASSPHRASE":         "cancel test pass",
	}
	if err := os.MkdirAll(env["TMPDIR"], 0o700); err != nil {
		t.Fatal(err)
	}
	init := exec.Command(pennyBin, "init", "--no-keyring")
	for k, v := range env {
		init.Env = append(init.Env, k+"="+v)
	}
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("init: %v: %s", err, out)
	}
	csvPath = filepath.Join(home, "big.csv")
	writeBigCSV(t, csvPath, n)
	return env, csvPath
}

func TestImportInterruptedWritesNothing(t *testing.T) {
	t.Parallel()
	env, csvPath := cancelVault(t, 100_000)
	vpath := vaultFile(env)
	before, files := fileSHA(t, vpath), dirNames(t, filepath.Dir(vpath))

	r := startImport(t, env, csvPath)
	if !r.waitForProgress(t) {
		t.Skipf("the import ended before its progress line showed; nothing to interrupt:\n%s", r.terminal())
	}
	shown := r.phase()
	if err := r.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	code := r.wait(t)
	scr := r.terminal()
	if code == 0 && shown == "Saving the vault" {
		// The signal met a save about to rename: that save completes and
		// the import stands, as it should.
		t.Skipf("the signal came as the save finished; the import completed:\n%s", scr)
	}
	if code != 130 {
		t.Fatalf("interrupted while %q showed: exit %d, want 130; terminal:\n%s\nstdout:\n%s", shown, code, scr, r.stdout.String())
	}
	if !strings.Contains(scr, "penny: import cancelled; nothing was written.") {
		t.Fatalf("no cancelled line on the terminal:\n%q", scr)
	}
	if r.stdout.Len() != 0 {
		t.Fatalf("a cancelled import printed a summary: %q", r.stdout.String())
	}
	if fileSHA(t, vpath) != before {
		t.Fatal("an interrupted import changed the vault file")
	}
	if got := dirNames(t, filepath.Dir(vpath)); !slices.Equal(got, files) {
		t.Fatalf("an interrupted import left files in the data folder: %v, before %v", got, files)
	}
	// The cancelled line starts on a clean line: the progress line was
	// cleared first.
	if i := strings.Index(scr, "penny: import cancelled"); i > 0 && !strings.HasSuffix(scr[:i], "\r\x1b[K") {
		t.Fatalf("the cancelled line was written over the progress line: %q", scr[max(i-40, 0):i+10])
	}
	t.Logf("interrupted while the line showed %q", shown)
}

// TestImportCtrlCInTmux presses Ctrl-C in a terminal while `penny import`
// shows its progress, and reads the terminal: the cancelled line, exit 130,
// the vault as it was.
func TestImportCtrlCInTmux(t *testing.T) {
	t.Parallel()
	env, csvPath := cancelVault(t, 100_000)
	vpath := vaultFile(env)
	before := fileSHA(t, vpath)
	// The shell traps SIGINT (the terminal sends it to the whole foreground
	// group) so that it lives on to print penny's exit code.
	s := newTmux(t, 120, 20, "trap : INT; "+shellEnv(env)+" "+pennyBin+" import "+csvPath+"; echo EXIT=$?; sleep 30")
	scr := s.waitForAny(progressWords...)
	if strings.Contains(scr, "EXIT=") {
		t.Skipf("the import ended before Ctrl-C could be sent:\n%s", scr)
	}
	s.run("send-keys", "-t", s.name, "C-c")
	scr = s.waitFor("EXIT=")
	if !strings.Contains(scr, "penny: import cancelled; nothing was written.") || !strings.Contains(scr, "EXIT=130") {
		t.Fatalf("after Ctrl-C:\n%s", scr)
	}
	for _, w := range progressWords {
		if strings.Contains(scr, w) {
			t.Fatalf("the progress line (%q) was left on the screen:\n%s", w, scr)
		}
	}
	if fileSHA(t, vpath) != before {
		t.Fatal("an import cancelled with Ctrl-C changed the vault file")
	}
}

// TestCtrlCAtThePassphrasePrompt: Ctrl-C while Penny waits for the
// passphrase ends it at once, and the terminal echoes again afterwards.
func TestCtrlCAtThePassphrasePrompt(t *testing.T) {
	t.Parallel()
	env, csvPath := cancelVault(t, 10)
	env = with(env, "PENNY_PASSPHRASE", "")
	s := newTmux(t, 100, 20, "trap : INT; "+shellEnv(env)+" "+pennyBin+" import "+csvPath+"; echo EXIT=$?; sleep 30")
	s.waitFor("Vault passphrase:")
	s.run("send-keys", "-t", s.name, "C-c")
	scr := s.waitFor("EXIT=")
	if !strings.Contains(scr, "EXIT=130") || !strings.Contains(scr, "penny: cancelled.") {
		t.Fatalf("Ctrl-C at the passphrase prompt:\n%s", scr)
	}
	s.run("send-keys", "-t", s.name, "-l", "echoed-again")
	s.waitFor("echoed-again")
}

// BenchmarkImportCancelLatency measures, on the real binary, the time from
// SIGINT to the process's exit while it imports 100,000 CSV rows. The
// signals land at different points of the run (after the progress line
// first shows, plus 0, 0.25, 0.5 ... s), so every phase gets its share;
// the median and the worst are reported, and the phase each sample
// interrupted is logged with -v.
//
//	go test -run '^$' -bench ImportCancelLatency -benchtime 16x .
func BenchmarkImportCancelLatency(b *testing.B) {
	env, csvPath := cancelVault(b, 100_000)
	vpath := vaultFile(env)
	pristine, err := os.ReadFile(vpath)
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		if err := os.WriteFile(vpath, pristine, 0o600); err != nil {
			b.Fatal(err)
		}
		os.Remove(vpath + ".prev")
		r := startImport(b, env, csvPath)
		if !r.waitForProgress(b) {
			b.Fatal("the import ended before its progress line showed")
		}
		time.Sleep(time.Duration(i%8) * 250 * time.Millisecond)
		i++
		shown := r.phase()
		t0 := time.Now()
		if err := r.cmd.Process.Signal(os.Interrupt); err != nil {
			b.Fatal(err)
		}
		code := r.wait(b)
		d := time.Since(t0)
		b.StartTimer()
		if code == 0 {
			b.Logf("finished before the signal (line showed %q)", shown)
			continue
		}
		if code != 130 || !bytes.Equal(mustRead(b, vpath), pristine) {
			b.Fatalf("exit %d after the signal, or the vault changed; terminal:\n%s", code, r.terminal())
		}
		lat = append(lat, d)
		b.Logf("%-18q %6.1f ms", shown, float64(d.Microseconds())/1000)
	}
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "ms-max")
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
