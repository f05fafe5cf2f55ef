//go:build !linux

package vault

import "time"

// secretServiceGet has no fast path here: go-keyring answers.
func secretServiceGet(dial LocalDialer, service, user string, timeout time.Duration) (string, bool) {
	return "", false
}
