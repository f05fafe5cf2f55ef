//go:build linux

package sessionkey

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// A child test process reads the key named by PENNY_SESSIONKEY_CHILD and
// prints it: TestMain runs it before any test.
func TestMain(m *testing.M) {
	if name := os.Getenv("PENNY_SESSIONKEY_CHILD"); name != "" {
		b, err := Get(name)
		if err != nil {
			fmt.Fprint(os.Stderr, err)
			os.Exit(1)
		}
		os.Stdout.Write(b)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runChild(exe, name string) (string, error) {
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "PENNY_SESSIONKEY_CHILD="+name)
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), fmt.Errorf("%v: %s", err, ee.Stderr)
	}
	return string(out), err
}
