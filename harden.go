package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"penny/store/vault"
)

// secretEnv are the variables that may carry a passphrase. They are read
// once at start and removed from the process environment, so no child
// (tmux, a notification helper, a library's helper program) inherits them.
var secretEnv = []string{"PENNY_PASSPHRASE", "PENNY_NEW_PASSPHRASE", "PENNY_BACKUP_PASSPHRASE"}

// takeSecrets reads the variables in keys once, removes them with unset,
// and returns a getenv that answers them from what it read and everything
// else from getenv.
func takeSecrets(getenv func(string) string, unset func(string) error, keys ...string) func(string) string {
	kept := map[string]string{}
	for _, k := range keys {
		kept[k] = getenv(k)
		_ = unset(k)
	}
	return func(k string) string {
		if v, ok := kept[k]; ok {
			return v
		}
		return getenv(k)
	}
}

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
		return vault.NewSystemKeyring()
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
