package vault

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrInUse is the sentinel of InUseError.
var ErrInUse = errors.New("vault in use")

// InUseError says another Penny process holds the vault for writing.
type InUseError struct {
	Path string
	PID  int
}

func (e *InUseError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("vault %s is in use by pid %d", e.Path, e.PID)
	}
	return fmt.Sprintf("vault %s is in use by another Penny", e.Path)
}

// Is makes errors.Is(err, ErrInUse) true.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// fileLock is an advisory lock on a file beside the vault (flock on unix,
// LockFileEx on Windows). The kernel drops it when the process dies, so a
// crash never leaves a stale lock.
type fileLock struct {
	f *os.File
}

func lockPath(vaultPath string) string { return vaultPath + ".lock" }

func acquireLock(vaultPath string) (*fileLock, error) {
	path := lockPath(vaultPath)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("vault: lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		buf := make([]byte, 32)
		n, _ := f.ReadAt(buf, 0)
		f.Close()
		pid, _ := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
		if errors.Is(err, errLocked) {
			return nil, &InUseError{Path: vaultPath, PID: pid}
		}
		return nil, fmt.Errorf("vault: lock %s: %w", path, err)
	}
	// The pid is only a hint for the error message of the next writer.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() error {
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

// LockHolder returns the pid of the process that holds the vault's write
// lock, or 0 when nobody does.
func LockHolder(vaultPath string) int {
	l, err := acquireLock(vaultPath)
	if err != nil {
		var iu *InUseError
		if errors.As(err, &iu) {
			return iu.PID
		}
		return 0
	}
	_ = l.release()
	return 0
}
