package daemon

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"penny/internal/osproc"
	"penny/store/vault/filelock"
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
type Lock = filelock.Lock

// How long Acquire waits out a Running check that holds the lock for a
// moment: a few tries, a few milliseconds apart.
const (
	probeTries = 20
	probeWait  = 5 * time.Millisecond
)

// Acquire takes the daemon lock of dataDir, or returns a *RunningError when
// a daemon holds it. An error that wraps fs.ErrNotExist means there is no
// such folder. Release the lock with its Release.
func Acquire(dataDir string) (*Lock, error) {
	path := filepath.Join(dataDir, LockFile)
	for try := 1; ; try++ {
		l, pid, err := filelock.TryLock(path, true)
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, filelock.ErrLocked) {
			return nil, fmt.Errorf("daemon: lock %s: %w", path, err)
		}
		// A live pid in the file is a daemon. Without one, the lock is
		// held by a Running check (or a daemon that has not written its
		// pid yet): either lets go at once.
		if osproc.Alive(pid) || try == probeTries {
			return nil, &RunningError{Dir: dataDir, PID: pid}
		}
		time.Sleep(probeWait)
	}
}

// Running reports whether a daemon holds the lock of dataDir, and its pid
// (0 when it could not be read). It never disturbs the holder or creates
// the file.
func Running(dataDir string) (pid int, ok bool) {
	return filelock.Held(filepath.Join(dataDir, LockFile))
}
