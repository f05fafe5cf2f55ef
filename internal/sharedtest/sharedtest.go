// Package sharedtest holds what tests of several packages share: the shared
// bank-file collection (Dir), huge sparse inputs, kernel keys. The bank files
// belong to other projects under their own licenses, so they are read
// in place and never copied into this repository.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared testdata folder: $PENNY_TESTDATA, else
// shared/testdata beside the module's checkout. sub names a folder that must
// be in it (a format such as "ofx"). Where the collection is absent the test
// is skipped with a message, except in CI (CI set), which always has it: a
// skip there would hide the tests.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	dir := os.Getenv("PENNY_TESTDATA")
	if dir == "" {
		dir = filepath.Join(moduleRoot(), "..", "shared", "testdata")
	}
	if _, err := os.Stat(filepath.Join(dir, sub)); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared test data not found at %s in CI: %v", dir, err)
		}
		t.Skipf("shared test data not found at %s (set PENNY_TESTDATA to the shared testdata folder): %v", dir, err)
	}
	return dir
}

// moduleRoot walks up from the test's working directory (its package
// folder) to the folder holding go.mod.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}
