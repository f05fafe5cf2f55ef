package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"penny/money"
)

// needles are byte strings that must never appear in a file Penny wrote:
// each one as UTF-8 and as UTF-16 in both byte orders.
type needles [][]byte

func (n *needles) add(s string) {
	*n = append(*n, []byte(s))
	u := utf16.Encode([]rune(s))
	le, be := make([]byte, 0, 2*len(u)), make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
		be = append(be, byte(c>>8), byte(c))
	}
	*n = append(*n, le, be)
}

// scan returns "file: needle" for every needle found under the folders.
func (n needles) scan(t *testing.T, dirs ...string) []string {
	t.Helper()
	var found []string
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range n {
				if bytes.Contains(b, x) {
					found = append(found, path+": "+strings.ToValidUTF8(string(x), "?"))
				}
			}
			return nil
		})
	}
	return found
}

func TestNoPlaintextOnDisk(t *testing.T) {
	t.Parallel()
	// The commands run with the test's own TMPDIR (testEnv), which is
	// scanned with the data and config folders; the vault this process
	// fills writes only beside itself, in the data folder.
	env, data := demoVault(t, 10_000)
	for _, args := range [][]string{{"balance"}, {"tx", "--limit", "0"}, {"balance", "--json"}, {"demo", "--size", "500"}} {
		if _, stderr, code := runBin(t, env, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}

	var n needles
	for _, a := range data.Accounts {
		n.add(a.Name)
		n.add(money.New(a.BankBalance, a.Currency).String())
		n.add(money.New(a.BankBalance, a.Currency).Format())
	}
	seen := map[string]bool{}
	for _, x := range data.Transactions {
		if len(x.Payee) >= 8 && !seen[x.Payee] {
			seen[x.Payee] = true
			n.add(x.Payee)
		}
		// Amounts of 1,000.00 and more are long enough that a chance match
		// in ciphertext is out of the question.
		if x.Amount >= 100000 || x.Amount <= -100000 {
			n.add(money.New(x.Amount, x.Currency).String())
		}
	}
	if len(n) < 300 {
		t.Fatalf("only %d needles", len(n))
	}
	dirs := []string{env["XDG_DATA_HOME"], env["XDG_CONFIG_HOME"], env["TMPDIR"]}
	files := 0
	for _, d := range dirs {
		filepath.WalkDir(d, func(_ string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				files++
			}
			return nil
		})
	}
	if files < 2 {
		t.Fatalf("only %d files to scan: the vault should be there", files)
	}
	if found := n.scan(t, dirs...); len(found) > 0 {
		t.Fatalf("plaintext on disk:\n%s", strings.Join(found[:min(len(found), 20)], "\n"))
	}

	// The scan itself must be able to fail: a planted payee is found, in
	// UTF-8 and in UTF-16.
	plant := t.TempDir()
	payee := data.Transactions[0].Payee
	os.WriteFile(filepath.Join(plant, "a"), []byte("xx"+payee+"yy"), 0o600)
	os.WriteFile(filepath.Join(plant, "b"), n[1], 0o600)
	if found := n.scan(t, plant); len(found) < 2 {
		t.Fatalf("the scanner missed planted plaintext: %v", found)
	}
}
