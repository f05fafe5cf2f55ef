//go:build linux

package sessionkey

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"penny/internal/sharedtest"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// testName is a name no other test process uses: the session keyring may
// be shared by every test binary running at once.
func testName(t *testing.T) string {
	t.Helper()
	if err := Available(); err != nil {
		t.Skipf("no kernel keyring here: %v", err)
	}
	name := fmt.Sprintf("penny-test:%s:%x", t.Name(), rand.Text())
	t.Cleanup(func() { _, _ = Forget(name) })
	return name
}

func TestKeepGetForget(t *testing.T) {
	t.Parallel()
	name := testName(t)
	if _, err := Get(name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before Keep: %v, want ErrNotFound", err)
	}
	secret := bytes.Repeat([]byte{0xa5}, 32)
	if err := Keep(name, secret, 15*time.Minute); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		got, err := Get(name)
		if err != nil || !bytes.Equal(got, secret) {
			t.Fatalf("Get: %x, %v; want %x", got, err, secret)
		}
	}
	// A second Keep replaces the first: one key, the new secret.
	other := bytes.Repeat([]byte{0x3c}, 32)
	if err := Keep(name, other, 15*time.Minute); err != nil {
		t.Fatal(err)
	}
	if got, err := Get(name); err != nil || !bytes.Equal(got, other) {
		t.Fatalf("after a second Keep: %x, %v", got, err)
	}
	sharedtest.KeyTimeout(t, name)
	if found, err := Forget(name); !found || err != nil {
		t.Fatalf("Forget: %v, %v", found, err)
	}
	if _, err := Get(name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Forget: %v, want ErrNotFound", err)
	}
	if found, err := Forget(name); found || err != nil {
		t.Fatalf("Forget again: %v, %v; want nothing to forget", found, err)
	}
}

// The kernel holds the timeout: /proc/keys shows what is left of it, read
// right after Keep (the kernel reports whole minutes below an hour).
func TestTimeoutIsTheKernels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ttl  time.Duration
		want []string
	}{
		{15 * time.Minute, []string{"15m", "14m"}},
		{90 * time.Second, []string{"1m"}},
		{2 * time.Hour, []string{"2h", "1h"}},
	} {
		name := testName(t)
		if err := Keep(name, []byte("k"), tc.ttl); err != nil {
			t.Fatal(err)
		}
		if got := sharedtest.KeyTimeout(t, name); !contains(tc.want, got) {
			t.Errorf("Keep for %s: /proc/keys says %q, want one of %q", tc.ttl, got, tc.want)
		}
	}
	for _, ttl := range []time.Duration{0, -time.Second, MaxTimeout + time.Second} {
		if err := Keep("penny-test:never", []byte("k"), ttl); err == nil {
			_, _ = Forget("penny-test:never")
			t.Errorf("Keep for %s: no error", ttl)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A key the kernel revoked or that expired reads as nothing kept; a
// payload longer than any key is returned whole, for the caller to refuse.
func TestRevokedAndLongKeys(t *testing.T) {
	t.Parallel()
	name := testName(t)
	if err := Keep(name, []byte("secret"), time.Minute); err != nil {
		t.Fatal(err)
	}
	ring, err := sessionKeyring()
	if err != nil {
		t.Fatal(err)
	}
	id, err := unix.KeyctlSearch(ring, keyType, name, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_REVOKE, id, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Get(name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a revoked key: %v, want ErrNotFound", err)
	}
	long := bytes.Repeat([]byte("x"), 1000)
	if err := Keep(name, long, time.Minute); err != nil {
		t.Fatal(err)
	}
	if got, err := Get(name); err != nil || !bytes.Equal(got, long) {
		t.Fatalf("a long payload: %d bytes, %v", len(got), err)
	}
}

// What one process keeps, another reads: the point of the package.
func TestAnotherProcessReadsIt(t *testing.T) {
	t.Parallel()
	if os.Getenv("PENNY_SESSIONKEY_CHILD") != "" {
		t.Skip("the child's own run")
	}
	name := testName(t)
	if err := Keep(name, []byte("from the parent"), time.Minute); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := runChild(exe, name)
	if err != nil || out != "from the parent" {
		t.Fatalf("the child read %q, %v", out, err)
	}
}
