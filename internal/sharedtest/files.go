package sharedtest

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// SparseFile writes a file of size bytes at path that holds head at its
// start and tail at its end, with a hole between: a huge input that costs
// no disk and no time to make.
func SparseFile(t testing.TB, path string, size int64, head, tail string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(head); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size - int64(len(tail))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(tail), size-int64(len(tail))); err != nil {
		t.Fatal(err)
	}
	return path
}

// KeyTimeout is the timeout column of /proc/keys for the one live kernel
// key described name: what the kernel will enforce ("perm", "14m",
// "59s", ...). The test is skipped where there is no /proc/keys.
func KeyTimeout(t testing.TB, name string) string {
	t.Helper()
	f, err := os.Open("/proc/keys")
	if err != nil {
		t.Skipf("no /proc/keys: %v", err)
	}
	defer f.Close()
	var found []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// id flags usage timeout perm uid gid type description: summary
		fields := strings.Fields(sc.Text())
		// Invalidated (i), revoked (R) and dead (D) keys stay listed until
		// the kernel's garbage collector runs; they are not kept keys.
		if len(fields) >= 9 && strings.TrimSuffix(fields[8], ":") == name && !strings.ContainsAny(fields[1], "iRD") {
			found = append(found, fields[3])
		}
	}
	if len(found) != 1 {
		b, _ := os.ReadFile("/proc/keys")
		t.Fatalf("/proc/keys lists %d live keys named %s, want 1\n%s", len(found), name, b)
	}
	return found[0]
}
