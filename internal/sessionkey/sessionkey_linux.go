//go:build linux

package sessionkey

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// keyType is the kernel's key type for a payload the user process reads
// back as it gave it.
const keyType = "user"

// sessionKeyring is the id of this process's session keyring. It is asked
// for without "create": a process with no session keyring then gets the
// user-session keyring, shared by the user's processes without one, while
// asking to create would give it a new, anonymous keyring that ends with
// the process, and nothing would outlive the unlock command.
func sessionKeyring() (int, error) {
	id, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	if err != nil {
		return 0, unavailable(err)
	}
	return id, nil
}

func unavailable(err error) error {
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

func available() error {
	_, err := sessionKeyring()
	return err
}

func keep(name string, secret []byte, ttl time.Duration) error {
	ring, err := sessionKeyring()
	if err != nil {
		return err
	}
	// The key is made in this process's own keyring and given its timeout
	// there before it is linked into the session's: a process killed in
	// between leaves nothing behind that would never expire. The kernel
	// keeps the process keyring in each thread's credentials, so a key
	// made in it is possessed (and may be given a timeout, linked and
	// unlinked) only from the thread that made it: every step below runs
	// on one OS thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	id, err := unix.AddKey(keyType, name, secret, unix.KEY_SPEC_PROCESS_KEYRING)
	if err != nil {
		return unavailable(err)
	}
	secs := int((ttl + time.Second - 1) / time.Second)
	if _, err := unix.KeyctlInt(unix.KEYCTL_SET_TIMEOUT, id, secs, 0, 0); err != nil {
		_, _ = unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
		return fmt.Errorf("sessionkey: set the timeout: %w", err)
	}
	// A second unlock replaces the first. Linking does not displace a key
	// of the same name in the user-session keyring (seen on Linux 6.18),
	// so the old one goes first.
	if _, err := forget(name); err != nil {
		_, _ = unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
		return err
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_LINK, id, ring, 0, 0); err != nil {
		_, _ = unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0)
		return fmt.Errorf("sessionkey: link into the session keyring: %w", err)
	}
	_, _ = unix.KeyctlInt(unix.KEYCTL_UNLINK, id, unix.KEY_SPEC_PROCESS_KEYRING, 0, 0)
	return nil
}

// find is the id of the key kept under name, or ErrNotFound.
func find(name string) (int, error) {
	ring, err := sessionKeyring()
	if err != nil {
		return 0, err
	}
	id, err := unix.KeyctlSearch(ring, keyType, name, 0)
	switch {
	case err == nil:
		return id, nil
	case errors.Is(err, unix.ENOKEY), errors.Is(err, unix.EKEYEXPIRED), errors.Is(err, unix.EKEYREVOKED):
		return 0, ErrNotFound
	}
	return 0, unavailable(err)
}

func get(name string) ([]byte, error) {
	id, err := find(name)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 64)
	for {
		n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, id, buf, 0)
		switch {
		case errors.Is(err, unix.ENOKEY), errors.Is(err, unix.EKEYEXPIRED), errors.Is(err, unix.EKEYREVOKED):
			clear(buf)
			return nil, ErrNotFound
		case err != nil:
			clear(buf)
			return nil, unavailable(err)
		case n <= len(buf):
			return buf[:n], nil
		}
		// A payload longer than the buffer (not one Penny kept): read it
		// whole, so the caller sees it is not a key and can forget it.
		clear(buf)
		buf = make([]byte, n)
	}
}

func forget(name string) (bool, error) {
	found := false
	// More than one keyring the search reaches (the session's and the
	// user keyring linked into it) may hold a key of that name.
	for range 8 {
		id, err := find(name)
		if errors.Is(err, ErrNotFound) {
			return found, nil
		}
		if err != nil {
			return found, err
		}
		found = true
		// Invalidating removes the key from every keyring at once.
		if _, err := unix.KeyctlInt(unix.KEYCTL_INVALIDATE, id, 0, 0, 0); err != nil {
			ring, rerr := sessionKeyring()
			if rerr != nil {
				return found, rerr
			}
			if _, uerr := unix.KeyctlInt(unix.KEYCTL_UNLINK, id, ring, 0, 0); uerr != nil {
				return found, fmt.Errorf("sessionkey: forget %s: %w", name, errors.Join(err, uerr))
			}
		}
	}
	return found, fmt.Errorf("sessionkey: forget %s: it is still there", name)
}
