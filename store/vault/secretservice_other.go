//go:build !linux

package vault

// secretServiceGet has no fast path here: go-keyring answers.
func secretServiceGet(service, user string) (string, bool) { return "", false }
