//go:build unix

package main

import "syscall"

// noCoreDumps sets RLIMIT_CORE to 0: a core of a running Penny would hold
// the decrypted vault and the passphrase.
func noCoreDumps() {
	_ = syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{Cur: 0, Max: 0})
}
