//go:build unix

package osproc

import (
	"errors"
	"syscall"
)

// Alive reports whether a process with this pid exists. A pid of this user
// or another (EPERM: it exists, it is not ours to signal) counts.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
