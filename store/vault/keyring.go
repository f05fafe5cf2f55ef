package vault

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name of Penny's keyring entries; the user
// name is the vault id.
const KeyringService = "penny"

// Errors of the keyring slot.
var (
	// ErrKeyringUnavailable means no usable Secret Service answered: no
	// session bus, no provider, a locked collection, or a timeout.
	ErrKeyringUnavailable = errors.New("the OS keyring is not available")
	// ErrKeyringEntryMissing means the keyring works but holds no key for
	// this vault.
	ErrKeyringEntryMissing = errors.New("the OS keyring holds no key for this vault")
)

// Keyring stores small secrets in the OS keyring.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// SystemKeyring is the OS keyring through go-keyring, with a timeout on every
// call: the library has none, and a stale keyring daemon can make a call wait
// forever.
type SystemKeyring struct {
	Timeout time.Duration
}

// NewSystemKeyring returns the OS keyring with a 3 s timeout per call.
func NewSystemKeyring() SystemKeyring { return SystemKeyring{Timeout: 3 * time.Second} }

// timeout is the most a call may take.
func (k SystemKeyring) timeout() time.Duration {
	if k.Timeout <= 0 {
		return 3 * time.Second
	}
	return k.Timeout
}

func (k SystemKeyring) call(what string, fn func() (string, error)) (string, error) {
	timeout := k.timeout()
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := fn()
		ch <- result{s, err}
	}()
	select {
	case r := <-ch:
		switch {
		case r.err == nil:
			return r.s, nil
		case errors.Is(r.err, keyring.ErrNotFound):
			return "", ErrKeyringEntryMissing
		default:
			return "", fmt.Errorf("%w: %s: %v", ErrKeyringUnavailable, what, r.err)
		}
	case <-time.After(timeout):
		return "", fmt.Errorf("%w: %s: no answer within %s", ErrKeyringUnavailable, what, timeout)
	}
}

// Get returns the secret stored for (service, user).
func (k SystemKeyring) Get(service, user string) (string, error) {
	return k.call("get", func() (string, error) { return keyring.Get(service, user) })
}

// FastKeyring is the OS keyring for a command that runs once: on Linux its
// Get reads the secret from the Secret Service in two round trips on a
// connection of its own (secretServiceGet) and asks go-keyring only when
// that does not plainly succeed. Set and Delete are SystemKeyring's.
type FastKeyring struct {
	SystemKeyring
	// DialLocal connects to the session bus's unix socket; without it
	// go-keyring answers.
	DialLocal LocalDialer
}

// LocalDialer connects to a unix socket on this machine. The caller gives
// it (netguard.DialLocal): the vault makes no connection of its own.
type LocalDialer func(path string, timeout time.Duration) (net.Conn, error)

// NewFastKeyring returns the fast keyring with a 3 s timeout per call,
// connecting through dial.
func NewFastKeyring(dial LocalDialer) FastKeyring {
	return FastKeyring{SystemKeyring: NewSystemKeyring(), DialLocal: dial}
}

// Get returns the secret stored for (service, user).
func (k FastKeyring) Get(service, user string) (string, error) {
	return k.call("get", func() (string, error) {
		if k.DialLocal != nil {
			if s, ok := secretServiceGet(k.DialLocal, service, user, k.timeout()); ok {
				return s, nil
			}
		}
		return keyring.Get(service, user)
	})
}

// Set stores secret for (service, user).
func (k SystemKeyring) Set(service, user, secret string) error {
	_, err := k.call("set", func() (string, error) { return "", keyring.Set(service, user, secret) })
	return err
}

// Delete removes the secret of (service, user).
func (k SystemKeyring) Delete(service, user string) error {
	_, err := k.call("delete", func() (string, error) { return "", keyring.Delete(service, user) })
	return err
}
