//go:build !unix

package main

import "testing"

// runAs needs a uid to switch to, which only unix has.
func runAs(t *testing.T, bin string, id uint32, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Skip("running as another user needs unix credentials")
	return "", "", 0
}
