package vault

import (
	"errors"
	"fmt"

	"penny/store/vault/filelock"
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

// fileLock is the write lock: filelock's lock on a file beside the vault.
type fileLock = filelock.Lock

func lockPath(vaultPath string) string { return vaultPath + ".lock" }

func acquireLock(vaultPath string) (*fileLock, error) {
	path := lockPath(vaultPath)
	l, pid, err := filelock.TryLock(path, true)
	if err != nil {
		if errors.Is(err, filelock.ErrLocked) {
			return nil, &InUseError{Path: vaultPath, PID: pid}
		}
		return nil, fmt.Errorf("vault: lock %s: %w", path, err)
	}
	return l, nil
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
	_ = l.Release()
	return 0
}
