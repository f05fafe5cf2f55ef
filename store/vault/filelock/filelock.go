// Package filelock is the one advisory lock Penny's processes share: the
// vault's write lock (vault.penny.lock) and the daemon's (daemon.lock). It
// is flock on unix and LockFileEx on Windows, so the kernel drops it when
// the process ends, however it ends, and a crash never leaves a stale lock.
// The holder writes its pid into the file: a hint for the messages of the
// processes that find it taken, never what decides who holds it.
package filelock

import (
	"errors"
	"os"
	"strconv"
	"strings"
)

// ErrLocked says another process holds the lock.
var ErrLocked = errors.New("locked by another process")

// Lock is a held lock.
type Lock struct {
	f *os.File
}

// TryLock opens path (creating it 0600) and takes its lock, exclusive or
// shared, without waiting. When another process holds it, the error wraps
// ErrLocked and pid is the holder's (0 when it could not be read). An
// exclusive holder writes its own pid in the file.
func TryLock(path string, exclusive bool) (l *Lock, pid int, err error) {
	// Not truncated on open: until the lock is held, the pid in the file
	// is the holder's.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, 0, err
	}
	if err := lockFile(f, exclusive); err != nil {
		pid := readPID(f)
		f.Close()
		return nil, pid, err
	}
	if exclusive {
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		}
	}
	return &Lock{f: f}, 0, nil
}

// Held reports whether a process holds the lock of path, and its pid (0
// when it could not be read). It tries a shared lock and lets it go at
// once, so the holder is not disturbed, and never creates the file.
func Held(path string) (pid int, held bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	if err := lockFile(f, false); err != nil {
		if errors.Is(err, ErrLocked) {
			return readPID(f), true
		}
		return 0, false
	}
	_ = unlockFile(f)
	return 0, false
}

// Release lets the lock go. The file stays (removing it could let two
// processes lock two different files), emptied of the pid.
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

func readPID(f *os.File) int {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
