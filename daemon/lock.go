package daemon

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"penny/internal/osproc"
)

// LockFile is the file in the data folder that a running `penny daemon`
// holds locked (flock; LockFileEx on Windows) for its whole life. It holds the daemon's pid, a hint
// for messages; whether a daemon runs is told by the lock alone, which the
// kernel drops when the process ends, however it ends.
const LockFile = "daemon.lock"

// RunningError says a daemon already runs for the data folder.
type RunningError struct {
	Dir string
	PID int // 0 when the holder's pid could not be read
}

func (e *RunningError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("penny daemon is already running for %s (pid %d)", e.Dir, e.PID)
	}
	return fmt.Sprintf("penny daemon is already running for %s", e.Dir)
}

// Hint says what to do about it.
func (e *RunningError) Hint() string {
	return "One daemon runs per data folder: leave the work to that one, or stop it first."
}

// Lock is a held daemon lock.
type Lock struct {
	f *os.File
}

// How long Acquire waits out a Running check that holds the lock for a
// moment: a few tries, a few milliseconds apart.
const (
	probeTries = 20
	probeWait  = 5 * time.Millisecond
)

// Acquire takes the daemon lock of dataDir, or returns a *RunningError when
// a daemon holds it. An error that wraps fs.ErrNotExist means there is no
// such folder.
func Acquire(dataDir string) (*Lock, error) {
	path := filepath.Join(dataDir, LockFile)
	// Not truncated on open: until the lock is held, the pid in it is the
	// holder's.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("daemon: lock %s: %w", path, err)
	}
	for try := 1; ; try++ {
		err := lockFile(f, true)
		if err == nil {
			break
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("daemon: lock %s: %w", path, err)
		}
		// A live pid in the file is a daemon. Without one, the lock is
		// held by a Running check (or a daemon that has not written its
		// pid yet): either lets go at once.
		pid := readPID(f)
		if osproc.Alive(pid) || try == probeTries {
			f.Close()
			return nil, &RunningError{Dir: dataDir, PID: pid}
		}
		time.Sleep(probeWait)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Release lets the lock go. The file stays (removing it could let two
// daemons lock two different files), emptied of the pid.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// Running reports whether a daemon holds the lock of dataDir, and its pid
// (0 when it could not be read). It tries a shared lock and lets it go at
// once, so the holder is not disturbed; it never creates the file.
func Running(dataDir string) (pid int, ok bool) {
	f, err := os.Open(filepath.Join(dataDir, LockFile))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	if err := lockFile(f, false); err != nil {
		if errors.Is(err, errLocked) {
			return readPID(f), true
		}
		return 0, false
	}
	_ = unlockFile(f)
	return 0, false
}

func readPID(f *os.File) int {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
