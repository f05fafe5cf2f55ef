// Package sessionkey keeps a small secret for a while in the Linux kernel's
// session keyring (keyctl), so that later processes of the same login
// session can read it without it ever touching the disk: `penny unlock`
// keeps a vault's passphrase key there, and `penny lock` forgets it.
//
// Every secret is kept with a timeout the kernel enforces; the kernel also
// drops it when the session's keyring goes away. A process that has no
// session keyring of its own (a service, a container) shares the kernel's
// user-session keyring with the user's other such processes. Elsewhere than
// on Linux every call reports ErrUnavailable.
package sessionkey

import (
	"errors"
	"time"
)

var (
	// ErrUnavailable: this system has no kernel keyring Penny can use
	// (not Linux, or keyctl refused, as a container's seccomp filter does).
	ErrUnavailable = errors.New("the kernel's session keyring is not available")
	// ErrNotFound: nothing is kept under the name, or it expired.
	ErrNotFound = errors.New("no key is kept")
)

// MaxTimeout is the longest a secret may be kept: an unlock is for a
// working session, not for days.
const MaxTimeout = 24 * time.Hour

// Keep stores secret under name for ttl (rounded up to whole seconds, at
// most MaxTimeout), replacing what was kept under that name.
func Keep(name string, secret []byte, ttl time.Duration) error {
	if ttl <= 0 || ttl > MaxTimeout {
		return errors.New("sessionkey: the timeout must be between 1s and 24h")
	}
	return keep(name, secret, ttl)
}

// Get returns the secret kept under name, or ErrNotFound.
func Get(name string) ([]byte, error) { return get(name) }

// Forget removes what is kept under name; it reports whether there was
// anything.
func Forget(name string) (bool, error) { return forget(name) }

// Available reports whether secrets can be kept here: nil, or why not
// (wrapping ErrUnavailable).
func Available() error { return available() }
