//go:build !linux

package vault

import (
	"net"
	"time"
)

// secretServiceGet has no fast path here: go-keyring answers.
func secretServiceGet(dial func(string, time.Duration) (net.Conn, error), service, user string, timeout time.Duration) (string, bool) {
	return "", false
}
