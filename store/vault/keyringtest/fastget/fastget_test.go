package fastget

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"penny/netguard"
	"penny/store/vault"
)

// FastKeyring reads a secret go-keyring stored in the login collection
// without go-keyring: with go-keyring made to fail, the secret still comes
// back. What the fast path does not plainly find (no such entry) goes to
// go-keyring, whose answer (here its failure) is the answer.
func TestFastKeyringReadsWhatGoKeyringStored(t *testing.T) {
	real := vault.SystemKeyring{Timeout: 5 * time.Second}
	user := "fastget-" + time.Now().Format("150405.000000000")
	if err := real.Set(vault.KeyringService, user, "the secret"); err != nil {
		if os.Getenv("PENNY_REQUIRE_KEYRING") != "" {
			t.Fatalf("no Secret Service reachable, but PENNY_REQUIRE_KEYRING is set: %v", err)
		}
		t.Skipf("no Secret Service reachable (run through scripts/test for a real one): %v", err)
	}
	fast := vault.FastKeyring{SystemKeyring: real, DialLocal: netguard.DialLocal}
	if got, err := fast.Get(vault.KeyringService, user); err != nil || got != "the secret" {
		t.Fatalf("fast get with go-keyring working: %q, %v", got, err)
	}
	// From here go-keyring fails every call, for the rest of the process:
	// only the fast path can answer. The entry stays behind in the
	// test's own keyring, which scripts/test throws away.
	keyring.MockInitWithError(errors.New("go-keyring was asked"))
	if got, err := fast.Get(vault.KeyringService, user); err != nil || got != "the secret" {
		t.Fatalf("fast get: %q, %v; want the secret without go-keyring", got, err)
	}
	_, err := fast.Get(vault.KeyringService, user+"-missing")
	if !errors.Is(err, vault.ErrKeyringUnavailable) {
		t.Fatalf("a missing entry: %v, want go-keyring's failure", err)
	}
	if _, err := real.Get(vault.KeyringService, user); err == nil {
		t.Fatal("go-keyring still answers: the test proves nothing")
	}
}
