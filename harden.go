package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"penny/netguard"
	"penny/store/vault"
)

// hardenProcess keeps the process's memory (every payee, the data key, the
// passphrase) out of files: no core dump, and a crash prints the failing
// goroutine only.
func hardenProcess() {
	noCoreDumps()
	debug.SetTraceback("single")
}

// noBusKeyring stands for the OS keyring where no session bus is known:
// asking the Secret Service library then would make it launch a bus
// (dbus-launch), leaving daemons behind that inherit Penny's environment.
type noBusKeyring struct{}

var errNoSessionBus = fmt.Errorf("%w: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), and Penny starts none", vault.ErrKeyringUnavailable)

func (noBusKeyring) Get(service, user string) (string, error) { return "", errNoSessionBus }
func (noBusKeyring) Set(service, user, secret string) error   { return errNoSessionBus }
func (noBusKeyring) Delete(service, user string) error        { return errNoSessionBus }

// systemKeyring is the OS keyring, unless it can only be reached by
// starting a session bus: on systems whose keyring speaks D-Bus (all but
// macOS and Windows), a bus must be named by DBUS_SESSION_BUS_ADDRESS or
// listen at $XDG_RUNTIME_DIR/bus, or the keyring is not called at all.
func (c *cli) systemKeyring() vault.Keyring {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" || c.sessionBus() {
		return vault.NewFastKeyring(netguard.DialLocal)
	}
	return noBusKeyring{}
}

func (c *cli) sessionBus() bool {
	if c.getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	if d := c.getenv("XDG_RUNTIME_DIR"); d != "" {
		st, err := os.Stat(filepath.Join(d, "bus"))
		return err == nil && st.Mode().Type() == os.ModeSocket
	}
	return false
}
